/*
 * addressees.c: the addressees screen (secretariat, organisers): the
 * bodies the proposals are for, in the order of the resolution's
 * sections, each with its heading (the dative case, as printed: «Органам
 * местного самоуправления»), its short label, the «Рекомендовать» setting
 * and its number of proposals.  Add (Insert), edit (F4 or Enter), reorder
 * (Shift-Up/Down), recommend or not (F5), merge into another (F6: its
 * proposals go there, one undo), delete one that holds no proposal (F8).
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"

struct addressees {
	struct addressee *v;
	size_t n;
	int64_t *count;    /* each one's live proposals */
	struct list list;
	int64_t edit_id;   /* the addressee a form edits; 0: a new one */
	int64_t merge_id;  /* the addressee the merge menu is for */
};

static const struct screen_ops addressees_ops;

/* Reads the addressees again, keeping the selection on the same one (or
 * on select_id, if not 0). */
static void
addressees_load_at(struct app *a, struct addressees *s, int64_t select_id)
{
	int64_t id = select_id != 0 ? select_id : s->n > 0 ?
	    s->v[s->list.sel].rec.id : 0;
	size_t i;

	addressee_free(s->v, s->n);
	free(s->count);
	s->v = NULL;
	s->n = 0;
	if (addressee_list(a->f, &s->v, &s->n) != ST_OK)
		app_status(a, ST_DB, _("Reading the addressees"));
	s->count = xcalloc(s->n + 1, sizeof *s->count);
	for (i = 0; i < s->n; i++) {
		if (addressee_link_count(a->f, s->v[i].rec.id, &s->count[i]) !=
		    ST_OK)
			s->count[i] = 0;
		if (s->v[i].rec.id == id)
			s->list.sel = i;
	}
	list_clamp(&s->list, s->n);
}

static void
addressees_load(struct app *a, void *st)
{
	addressees_load_at(a, st, 0);
}

static size_t
addressees_count(void *ctx)
{
	return ((struct addressees *)ctx)->n;
}

static void
addressees_row(void *ctx, size_t i, int y, int x, int w, int h,
    bool selected)
{
	struct addressees *s = ctx;
	const struct addressee *ad = &s->v[i];
	struct buf b = {0}, c = {0};
	enum draw_role r = selected ? R_SELECTED : R_NORMAL;
	int cw;

	buf_printf(&b, "%3zu. %s", i + 1, ad->label);
	if (ad->recommend)
		buf_adds(&c, "«Рекомендовать» · ");
	buf_printf(&c, P_("%lld proposal ", "%lld proposals ", s->count[i]),
	    (long long)s->count[i]);
	cw = draw_width(buf_str(&c));
	if (cw > w / 2)
		cw = w / 2;
	draw_pad(y, x, w - cw, buf_str(&b), r);
	draw_right(y, x + w - cw, cw, buf_str(&c), selected ? r : R_DIM);
	if (h > 1) {
		buf_reset(&b);
		buf_printf(&b, "      %s:", ad->heading);
		draw_pad(y + 1, x, w, buf_str(&b), selected ? r : R_DIM);
	}
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source addressees_source = {
	.count = addressees_count, .draw_row = addressees_row,
};

static void
addressees_draw(struct app *a, void *st)
{
	struct addressees *s = st;
	struct buf t = {0};

	(void)a;
	draw_pad(0, 0, COLS, _("Addressees: Ins add · F4 edit · Shift-Up/Down "
	    "move · F5 recommend · F6 merge"), R_TITLE);
	buf_printf(&t, _("Addressees, in the order of the resolution: %zu"),
	    s->n);
	draw_box(1, 0, LINES - 3, COLS, buf_str(&t), true);
	buf_free(&t);
	list_draw(&s->list, &addressees_source, s, 2, 1, LINES - 5, COLS - 2,
	    _("No addressees yet: Insert adds one"));
}

/* Ends the action the caller began: commits if st is ST_OK, else rolls
 * back and reports.  True if committed. */
static bool
addressees_commit(struct app *a, enum status st, const char *what)
{
	if (st == ST_OK)
		st = forum_commit(a->f);
	else if (forum_in_action(a->f))
		forum_rollback(a->f);
	if (st != ST_OK) {
		app_status(a, st, what);
		return false;
	}
	return true;
}

static bool
addressees_form_done(struct app *a, void *ctx, char **v)
{
	struct addressees *s = ctx;
	struct addressee ad;
	enum status st;

	/* A heading is printed followed by a colon: one typed is dropped. */
	if (*v[0] != '\0' && v[0][strlen(v[0]) - 1] == ':')
		v[0][strlen(v[0]) - 1] = '\0';
	if (v[0][strspn(v[0], " ")] == '\0' ||
	    v[1][strspn(v[1], " ")] == '\0') {
		app_err(a, _("An addressee needs a heading and a short label"));
		return false;
	}
	if (s->edit_id == 0) {
		memset(&ad, 0, sizeof ad);
		ad.heading = v[0];
		ad.label = v[1];
		st = forum_begin(a->f, N_("add an addressee"));
		if (st == ST_OK)
			st = addressee_insert(a->f, &ad);
		if (!addressees_commit(a, st, _("New addressee")))
			return false;
		app_msg(a, _("Addressee %s added"), v[1]);
		addressees_load_at(a, s, ad.rec.id);
		app_reload(a);
		return true;
	}
	if ((st = addressee_get(a->f, s->edit_id, &ad)) != ST_OK) {
		app_status(a, st, _("Edit"));
		return true;
	}
	free(ad.heading);
	free(ad.label);
	ad.heading = xstrdup(v[0]);
	ad.label = xstrdup(v[1]);
	st = forum_begin(a->f, N_("edit an addressee"));
	if (st == ST_OK)
		st = addressee_update(a->f, &ad);
	addressee_clear(&ad);
	if (!addressees_commit(a, st, _("Edit")))
		return false;
	app_msg(a, _("Addressee saved"));
	app_reload(a);
	return true;
}

static void
addressees_form(struct app *a, struct addressees *s, bool add)
{
	const char *const labels[] = {
	    _("Heading, in the dative case (Органам местного самоуправления)"),
	    _("Short label (ОМСУ)")};
	const char *v[2] = {"", ""};

	if (!add && s->n == 0)
		return;
	if (!add) {
		v[0] = s->v[s->list.sel].heading;
		v[1] = s->v[s->list.sel].label;
	}
	s->edit_id = add ? 0 : s->v[s->list.sel].rec.id;
	form_open(a, add ? _("New addressee") : _("Edit the addressee"), 2, labels,
	    v, addressees_form_done, s);
}

static void
addressees_recommend(struct app *a, struct addressees *s)
{
	struct addressee ad;
	enum status st;

	if (s->n == 0)
		return;
	if ((st = addressee_get(a->f, s->v[s->list.sel].rec.id, &ad)) !=
	    ST_OK) {
		app_status(a, st, _("Recommend"));
		return;
	}
	ad.recommend = !ad.recommend;
	st = forum_begin(a->f, ad.recommend ? N_("recommend to an addressee") :
	    N_("stop recommending to an addressee"));
	if (st == ST_OK)
		st = addressee_update(a->f, &ad);
	if (addressees_commit(a, st, _("Recommend"))) {
		app_msg(a, ad.recommend ? _("%s: its items read «Рекомендовать "
		    "…»") : _("%s: its items read as captured"), ad.label);
		app_reload(a);
	}
	addressee_clear(&ad);
}

static void
addressees_move(struct app *a, struct addressees *s, int delta)
{
	enum status st;
	size_t from = s->list.sel;

	if (s->n == 0 || (delta < 0 && from == 0) ||
	    (delta > 0 && from + 1 >= s->n))
		return;
	st = forum_begin(a->f, N_("reorder the addressees"));
	if (st == ST_OK)
		st = record_move(a->f, "addressee", s->v[from].rec.id,
		    (int64_t)from + 1 + delta);
	if (addressees_commit(a, st, _("Move")))
		app_reload(a); /* the selection follows the record */
}

static void
addressees_delete(struct app *a, struct addressees *s)
{
	struct addressee ad;
	enum status st;

	if (s->n == 0)
		return;
	if (s->count[s->list.sel] > 0) {
		app_err(a, _("%s holds proposals: F6 merges it into another"),
		    s->v[s->list.sel].label);
		return;
	}
	if ((st = addressee_get(a->f, s->v[s->list.sel].rec.id, &ad)) !=
	    ST_OK) {
		app_status(a, st, _("Delete"));
		return;
	}
	ad.rec.deleted = true;
	st = forum_begin(a->f, N_("delete an addressee"));
	if (st == ST_OK)
		st = addressee_update(a->f, &ad);
	if (addressees_commit(a, st, _("Delete"))) {
		app_msg(a, _("%s deleted (Ctrl-Z brings it back)"), ad.label);
		app_reload(a);
	}
	addressee_clear(&ad);
}

/* The menu of the others has closed: merge merge_id into the choice. */
static void
addressees_merge_done(struct app *a, void *ctx, size_t choice)
{
	struct addressees *s = ctx;
	char *gone = NULL, *keep = NULL;
	int64_t keep_id = 0;
	size_t i, k, moved = 0;
	enum status st;

	if (app_top(a, &addressees_ops) != s)
		return;
	/* The menu listed every addressee but the one merged. */
	for (i = 0, k = 0; i < s->n; i++) {
		if (s->v[i].rec.id == s->merge_id) {
			gone = s->v[i].label;
			continue;
		}
		if (k++ == choice) {
			keep_id = s->v[i].rec.id;
			keep = s->v[i].label;
		}
	}
	if (keep_id == 0 || gone == NULL)
		return;
	gone = xstrdup(gone);
	keep = xstrdup(keep);
	st = forum_begin(a->f, N_("merge addressees"));
	if (st == ST_OK)
		st = addressee_merge(a->f, keep_id, s->merge_id, &moved);
	if (addressees_commit(a, st, _("Merge"))) {
		app_msg(a, P_("%s merged into %s: %zu proposal moved (Ctrl-Z "
		    "undoes it all)", "%s merged into %s: %zu proposals moved "
		    "(Ctrl-Z undoes it all)", moved), gone, keep, moved);
		addressees_load_at(a, s, keep_id);
		app_reload(a);
	}
	free(gone);
	free(keep);
}

static void
addressees_merge(struct app *a, struct addressees *s)
{
	const char **items;
	struct buf t = {0};
	size_t i, n = 0;

	if (s->n < 2) {
		app_msg(a, _("There is no other addressee to merge into"));
		return;
	}
	s->merge_id = s->v[s->list.sel].rec.id;
	items = xcalloc(s->n, sizeof *items);
	for (i = 0; i < s->n; i++)
		if (s->v[i].rec.id != s->merge_id)
			items[n++] = s->v[i].label;
	buf_printf(&t, _("Merge %s into"), s->v[s->list.sel].label);
	menu_open(a, buf_str(&t), items, n, 0, addressees_merge_done, s);
	buf_free(&t);
	free(items);
}

static bool
addressees_action(struct app *a, void *st, enum action act)
{
	struct addressees *s = st;

	if (list_action(&s->list, s->n, act))
		return true;
	switch (act) {
	case ACT_NEW:
		addressees_form(a, s, true);
		return true;
	case ACT_EDIT:
	case ACT_OPEN:
		addressees_form(a, s, false);
		return true;
	case ACT_RECOMMEND:
		addressees_recommend(a, s);
		return true;
	case ACT_ADDR_MERGE:
		addressees_merge(a, s);
		return true;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		addressees_move(a, s, act == ACT_MOVE_UP ? -1 : 1);
		return true;
	case ACT_DELETE:
		addressees_delete(a, s);
		return true;
	case ACT_ADDRESSEES:
	case ACT_BACK:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
addressees_close(struct app *a, void *st)
{
	struct addressees *s = st;

	(void)a;
	addressee_free(s->v, s->n);
	free(s->count);
	free(s);
}

static const enum action addressees_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_NEW, ACT_EDIT, ACT_DELETE, ACT_RECOMMEND, ACT_ADDR_MERGE,
	ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_ADDRESSEES, ACT_BACK, ACT_QUIT,
	ACT_NONE,
};

static const struct screen_ops addressees_ops = {
	.name = N_("addressees"),
	.actions = addressees_actions,
	.draw = addressees_draw,
	.action = addressees_action,
	.reload = addressees_load,
	.close = addressees_close,
};

void
addressees_open(struct app *a)
{
	struct addressees *s;

	if (app_top(a, &addressees_ops) != NULL)
		return;
	s = xcalloc(1, sizeof *s);
	list_init(&s->list, 2);
	addressees_load(a, s);
	app_push(a, &addressees_ops, s);
}
