/*
 * picker.c: the addressee picker (see picker.h).
 *
 * Nothing is held open while the moderator chooses: the proposal was
 * saved before the picker opened, and the tags are written in a short
 * action when it closes, amending the capture (forum.h: never hold an
 * action open while waiting for the user).
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/listing.h"
#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "keymap.h"
#include "list.h"
#include "picker.h"

static const struct screen_ops picker_ops;

struct picker {
	struct app *app;
	int64_t pid;
	bool fresh;
	struct addressee *all;
	size_t nall;
	char **folded;   /* heading and label of each, folded */
	bool *marked;
	size_t *shown;   /* indices into all that pass the filter */
	size_t nshown;
	struct editor filter;
	struct list list;
};

/* True if every word of the (folded) query starts some word of s. */
static bool
words_match(const char *s, const char *query)
{
	const char *q = query, *qe, *p;
	size_t qn;

	for (;;) {
		while (*q == ' ')
			q++;
		if (*q == '\0')
			return true;
		for (qe = q; *qe != '\0' && *qe != ' '; qe++)
			;
		qn = (size_t)(qe - q);
		for (p = s; *p != '\0';) {
			/* ASCII non-alphanumerics separate words. */
			while (*p != '\0' && (unsigned char)*p < 0x80 &&
			    !((*p >= '0' && *p <= '9') ||
			    (*p >= 'a' && *p <= 'z')))
				p++;
			if (*p == '\0')
				break;
			if (strncmp(p, q, qn) == 0)
				break;
			while (*p != '\0' && !((unsigned char)*p < 0x80 &&
			    !((*p >= '0' && *p <= '9') ||
			    (*p >= 'a' && *p <= 'z'))))
				p++;
		}
		if (*p == '\0')
			return false;
		q = qe;
	}
}

static void
picker_filter(struct picker *pk)
{
	struct buf q = {0};
	const char *text = eb_text(&pk->filter.eb);
	size_t i;

	text_fold(&q, text, strlen(text), true);
	pk->nshown = 0;
	for (i = 0; i < pk->nall; i++)
		if (words_match(pk->folded[i], buf_str(&q)))
			pk->shown[pk->nshown++] = i;
	buf_free(&q);
	list_clamp(&pk->list, pk->nshown);
}

/*
 * Puts the addressees this moderator tagged with, most recent first, ahead
 * of the rest, which keep the file's order (the latest tags of anyone on
 * the file first): another moderator's tags must not reorder the digits
 * under this one's fingers.
 */
static void
picker_order(struct app *a, struct addressee *v, size_t n)
{
	struct addressee t;
	size_t m, i, next = 0;

	for (m = 0; m < a->nmru && next < n; m++)
		for (i = next; i < n; i++)
			if (v[i].rec.id == a->mru[m]) {
				t = v[i];
				memmove(v + next + 1, v + next,
				    (i - next) * sizeof *v);
				v[next++] = t;
				break;
			}
}

static void
picker_load(struct picker *pk)
{
	struct app *a = pk->app;
	int64_t *ids = NULL;
	size_t i, j, n = 0;
	bool *old = pk->marked;
	int64_t *oldids = NULL;
	size_t nold = pk->nall;
	struct buf b = {0}, f = {0};

	if (old != NULL) {
		oldids = xcalloc(nold + 1, sizeof *oldids);
		for (i = 0; i < nold; i++)
			oldids[i] = old[i] ? pk->all[i].rec.id : 0;
	}
	for (i = 0; i < pk->nall; i++)
		free(pk->folded[i]);
	free(pk->folded);
	free(pk->shown);
	addressee_free(pk->all, pk->nall);
	pk->all = NULL;
	pk->nall = 0;
	if (listing_addressees_recent(a->f, &pk->all, &pk->nall) != ST_OK)
		app_err(a, _("Cannot read the addressees"));
	picker_order(a, pk->all, pk->nall);
	pk->folded = xcalloc(pk->nall + 1, sizeof *pk->folded);
	pk->marked = xcalloc(pk->nall + 1, sizeof *pk->marked);
	pk->shown = xcalloc(pk->nall + 1, sizeof *pk->shown);
	for (i = 0; i < pk->nall; i++) {
		buf_reset(&b);
		buf_reset(&f);
		buf_printf(&b, "%s %s", pk->all[i].label, pk->all[i].heading);
		text_fold(&f, b.data, b.len, true);
		pk->folded[i] = xstrdup(buf_str(&f));
		for (j = 0; oldids != NULL && j < nold; j++)
			if (oldids[j] == pk->all[i].rec.id)
				pk->marked[i] = true;
	}
	if (old == NULL && !pk->fresh &&
	    proposal_addressees(a->f, pk->pid, &ids, &n) == ST_OK) {
		for (i = 0; i < pk->nall; i++)
			for (j = 0; j < n; j++)
				if (ids[j] == pk->all[i].rec.id)
					pk->marked[i] = true;
		free(ids);
	}
	free(old);
	free(oldids);
	buf_free(&b);
	buf_free(&f);
	picker_filter(pk);
}

static size_t
picker_count(void *ctx)
{
	return ((struct picker *)ctx)->nshown;
}

static void
picker_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct picker *pk = ctx;
	struct addressee *ad = &pk->all[pk->shown[i]];
	struct buf b = {0};
	int lw;

	(void)h;
	if (i < 9)
		buf_printf(&b, "%zu", i + 1);
	else
		buf_adds(&b, " ");
	buf_adds(&b, pk->marked[pk->shown[i]] ? " ✓ " : "   ");
	buf_adds(&b, ad->label);
	draw_fill(y, x, w, selected ? R_SELECTED : R_NORMAL);
	lw = draw_str(y, x, w, buf_str(&b), selected ? R_SELECTED :
	    pk->marked[pk->shown[i]] ? R_MARK : R_NORMAL);
	if (lw + 3 < w)
		draw_str(y, x + lw + 2, w - lw - 2, ad->heading,
		    selected ? R_SELECTED : R_DIM);
	buf_free(&b);
}

static const struct list_source picker_source = {
	.count = picker_count, .draw_row = picker_row,
};

static void
picker_draw(struct app *a, void *st)
{
	struct picker *pk = st;
	int w = COLS - 4, h = LINES - 6, y = 1, x = 2;

	(void)a;
	if (w > 76)
		w = 76;
	if (h > (int)pk->nall + 5)
		h = (int)pk->nall + 5;
	if (h < 8)
		h = 8;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, pk->fresh ? _("Addressees of the new proposal") :
	    _("Addressees of the proposal"), true);
	draw_str(y + h - 2, x + 2, w - 4, _("1-9 pick · Space marks · Enter "
	    "confirms · Ins new · Esc none"), R_DIM);
	list_draw(&pk->list, &picker_source, pk, y + 2, x + 1, h - 4, w - 2,
	    _("No addressee matches; Insert creates one"));
	draw_str(y + 1, x + 2, 8, _("Filter:"), R_DIM);
	editor_draw(&pk->filter, y + 1, x + 10, 1, w - 12, true, NULL);
}

/* Writes the chosen tags and closes the picker. */
static void
picker_confirm(struct app *a, struct picker *pk, size_t extra)
{
	struct buf labels = {0};
	enum status st;
	size_t i, nchosen = 0;
	int64_t pid = pk->pid;
	bool any = false;

	if (extra < pk->nall)
		pk->marked[extra] = true;
	for (i = 0; i < pk->nall; i++)
		any = any || pk->marked[i];
	if (!any && pk->fresh) {
		app_msg(a, _("Saved without an addressee (F3 adds one)"));
		app_pop(a);
		return;
	}
	st = pk->fresh ? forum_begin_amend(a->f, N_("capture a proposal")) :
	    forum_begin(a->f, N_("retag a proposal"));
	for (i = 0; st == ST_OK && i < pk->nall; i++) {
		if (pk->marked[i]) {
			st = proposal_tag(a->f, pid, pk->all[i].rec.id);
			if (nchosen++ > 0)
				buf_adds(&labels, ", ");
			buf_adds(&labels, pk->all[i].label);
		} else if (!pk->fresh)
			st = proposal_untag(a->f, pid, pk->all[i].rec.id);
	}
	if (st == ST_OK)
		st = forum_commit(a->f);
	else if (forum_in_action(a->f))
		forum_rollback(a->f);
	if (st != ST_OK) {
		app_status(a, st, _("Tagging"));
		buf_free(&labels);
		return;
	}
	for (i = pk->nall; i-- > 0;)
		if (pk->marked[i])
			app_mru_use(a, pk->all[i].rec.id);
	app_msg(a, "→ %s", buf_str(&labels));
	buf_free(&labels);
	app_pop(a);
	app_reload(a);
}

static bool
picker_new_done(struct app *a, void *ctx, char **v)
{
	struct picker *pk = ctx;
	struct addressee ad;
	enum status st;
	size_t i;

	if (*v[0] == '\0' || *v[1] == '\0') {
		app_err(a, _("An addressee needs a heading and a short label"));
		return false;
	}
	memset(&ad, 0, sizeof ad);
	ad.heading = v[0];
	ad.label = v[1];
	if ((st = addressee_insert(a->f, &ad)) != ST_OK) {
		app_status(a, st, _("New addressee"));
		return false;
	}
	eb_clear(&pk->filter.eb);
	picker_load(pk);
	for (i = 0; i < pk->nall; i++)
		if (pk->all[i].rec.id == ad.rec.id)
			pk->marked[i] = true;
	picker_filter(pk);
	app_msg(a, _("Addressee added and marked; Enter confirms"));
	return true;
}

static bool
picker_key(struct app *a, void *st, int key)
{
	struct picker *pk = st;

	if (key >= '1' && key <= '9') {
		size_t i = (size_t)(key - '1');

		if (i < pk->nshown)
			picker_confirm(a, pk, pk->shown[i]);
		return true;
	}
	if (key == K_FN(KX_PASTE)) {
		editor_paste(&pk->filter, buf_str(&a->paste));
		picker_filter(pk);
		return true;
	}
	/* Space marks (ACT_MARK) rather than typing into the filter; the
	 * list's keys move the list. */
	switch (keymap_lookup(&picker_ops, key)) {
	case ACT_MARK:
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
		return false;
	default:
		break;
	}
	if (editor_key(&pk->filter, key) == ED_CHANGED) {
		pk->list.sel = 0;
		picker_filter(pk);
		return true;
	}
	return false;
}

static bool
picker_action(struct app *a, void *st, enum action act)
{
	struct picker *pk = st;

	if (list_action(&pk->list, pk->nshown, act))
		return true;
	switch (act) {
	case ACT_MARK:
		if (pk->nshown > 0) {
			size_t i = pk->shown[pk->list.sel];

			pk->marked[i] = !pk->marked[i];
		}
		return true;
	case ACT_NEW: {
		const char *const labels[] = {
		    _("Heading, in the dative case (Органам местного ...)"),
		    _("Short label (ОМСУ)")};
		const char *v[2] = {"", eb_text(&pk->filter.eb)};

		form_open(a, _("New addressee"), 2, labels, v, picker_new_done, pk);
		return true;
	}
	case ACT_SAVE:
	case ACT_OPEN: {
		bool any = false;
		size_t i;

		for (i = 0; i < pk->nall; i++)
			any = any || pk->marked[i];
		picker_confirm(a, pk, !any && pk->nshown > 0 ?
		    pk->shown[pk->list.sel] : (size_t)-1);
		return true;
	}
	case ACT_BACK:
	case ACT_QUIT:
		if (pk->fresh)
			app_msg(a, _("Saved without an addressee (F3 adds one)"));
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
picker_reload(struct app *a, void *st)
{
	(void)a;
	picker_load(st);
}

static void
picker_close(struct app *a, void *st)
{
	struct picker *pk = st;
	size_t i;

	(void)a;
	for (i = 0; i < pk->nall; i++)
		free(pk->folded[i]);
	free(pk->folded);
	free(pk->marked);
	free(pk->shown);
	addressee_free(pk->all, pk->nall);
	editor_free(&pk->filter);
	free(pk);
}

static const enum action picker_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_SAVE,
	ACT_OPEN, ACT_BACK, ACT_QUIT, ACT_NEW, ACT_MARK, ACT_NONE,
};

static const struct screen_ops picker_ops = {
	.name = N_("addressee picker"),
	.actions = picker_actions,
	.modal = true,
	.draw = picker_draw,
	.key = picker_key,
	.action = picker_action,
	.reload = picker_reload,
	.close = picker_close,
};

void
picker_open(struct app *a, int64_t pid, bool fresh)
{
	struct picker *pk = xcalloc(1, sizeof *pk);

	pk->app = a;
	pk->pid = pid;
	pk->fresh = fresh;
	editor_init(&pk->filter, true);
	list_init(&pk->list, 1);
	picker_load(pk);
	app_push(a, &picker_ops, pk);
}
