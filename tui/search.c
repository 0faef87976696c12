/*
 * search.c: the search screen: full-text over every proposal (stemmed,
 * through model/search.h), narrowed by track, addressee and status.  The
 * list is virtual: it fetches the page it shows.  Enter shows the
 * proposal's place in the preview.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/search.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "keymap.h"
#include "list.h"

static const struct screen_ops search_ops;

struct search {
	struct app *app;
	struct editor query;
	struct search_filter filter;
	char *filter_text;
	size_t total;
	struct list list;
	struct search_hit *page;
	size_t page_first, npage;
	bool page_valid;
	struct track *tracks;
	size_t ntracks;
	struct addressee *addr;
	size_t naddr;
};

static void
search_drop_page(struct search *s)
{
	search_hits_free(s->page, s->npage);
	s->page = NULL;
	s->npage = 0;
	s->page_valid = false;
}

static void
search_run(struct search *s)
{
	struct search_hit *h = NULL;
	size_t n = 0;

	search_drop_page(s);
	if (search_fulltext(s->app->f, eb_text(&s->query.eb), &s->filter, 0,
	    1, &h, &n, &s->total) != ST_OK)
		s->total = 0;
	search_hits_free(h, n);
	list_clamp(&s->list, s->total);
}

static size_t
search_count(void *ctx)
{
	return ((struct search *)ctx)->total;
}

static void
search_fetch(void *ctx, size_t first, size_t n)
{
	struct search *s = ctx;
	size_t total;

	if (s->page_valid && first >= s->page_first &&
	    first + n <= s->page_first + s->npage)
		return;
	search_drop_page(s);
	s->page_first = first;
	s->page_valid = search_fulltext(s->app->f, eb_text(&s->query.eb),
	    &s->filter, first, n, &s->page, &s->npage, &total) == ST_OK;
}

static const char *
track_label(struct search *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ntracks; i++)
		if (s->tracks[i].rec.id == id)
			return s->tracks[i].label;
	return "?";
}

static void
search_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct search *s = ctx;
	struct search_hit *hit;
	enum draw_role r = selected ? R_SELECTED : R_NORMAL;
	/* sw: the widest status («объединено», 10 columns) and a space. */
	int tw = 11, sw = 11;

	(void)h;
	if (!s->page_valid || i < s->page_first ||
	    i >= s->page_first + s->npage)
		return;
	hit = &s->page[i - s->page_first];
	/* Columns by display width: a label is cut with "…", never by
	 * bytes. */
	if (w < tw + sw + 10)
		tw = sw = 0;
	draw_pad(y, x, tw, track_label(s, hit->track_id), r);
	draw_pad(y, x + tw, sw, tw > 0 ?
	    _(proposal_status_name(hit->status)) : "", r);
	draw_pad(y, x + tw + sw, w - tw - sw, hit->text, r);
}

static const struct list_source search_source = {
	.count = search_count, .fetch = search_fetch, .draw_row = search_row,
};

static void
search_draw(struct app *a, void *st)
{
	struct search *s = st;
	struct buf t = {0};

	(void)a;
	buf_printf(&t, _("Search: %zu found%s%s"), s->total,
	    *s->filter_text != '\0' ? " · " : "", s->filter_text);
	draw_pad(0, 0, COLS, buf_str(&t), R_TITLE);
	buf_free(&t);
	draw_box(1, 0, LINES - 3, COLS, _("Ctrl-F filters · Enter shows it in "
	    "the preview · Esc back"), false);
	/* Inside the box: rows 4 to LINES - 4 (its border is LINES - 3). */
	list_draw(&s->list, &search_source, s, 4, 1, LINES - 7, COLS - 2,
	    _("Nothing found"));
	draw_str(2, 2, 7, _("Words:"), R_DIM);
	editor_draw(&s->query, 2, 9, 1, COLS - 11, true, NULL);
}

static void
search_filter_text(struct search *s)
{
	struct buf b = {0};
	size_t i;

	if (s->filter.track_id != 0)
		buf_printf(&b, _("track %s "), track_label(s,
		    s->filter.track_id));
	for (i = 0; i < s->naddr; i++)
		if (s->addr[i].rec.id == s->filter.addressee_id)
			buf_printf(&b, "→ %s ", s->addr[i].label);
	if (s->filter.status >= 0)
		buf_printf(&b, "%s", _(proposal_status_name(s->filter.status)));
	free(s->filter_text);
	s->filter_text = b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* Filter menus: the kind first, then the value. */
static void
search_pick_track(struct app *a, void *ctx, size_t choice)
{
	struct search *s = ctx;

	(void)a;
	s->filter.track_id = choice == 0 ? 0 : s->tracks[choice - 1].rec.id;
	search_filter_text(s);
	search_run(s);
}

static void
search_pick_addr(struct app *a, void *ctx, size_t choice)
{
	struct search *s = ctx;

	(void)a;
	s->filter.addressee_id = choice == 0 ? 0 : s->addr[choice - 1].rec.id;
	search_filter_text(s);
	search_run(s);
}

static void
search_pick_status(struct app *a, void *ctx, size_t choice)
{
	struct search *s = ctx;

	(void)a;
	s->filter.status = (int)choice - 1;
	search_filter_text(s);
	search_run(s);
}

static void
search_pick_kind(struct app *a, void *ctx, size_t choice)
{
	struct search *s = ctx;
	const char **items;
	size_t i, n;

	if (choice == 3) {
		s->filter.track_id = s->filter.addressee_id = 0;
		s->filter.status = -1;
		search_filter_text(s);
		search_run(s);
		return;
	}
	n = choice == 0 ? s->ntracks : choice == 1 ? s->naddr : 4;
	items = xcalloc(n + 1, sizeof *items);
	items[0] = _("any");
	for (i = 0; i < n && choice != 2; i++)
		items[i + 1] = choice == 0 ? s->tracks[i].label :
		    s->addr[i].label;
	if (choice == 2) {
		items[1] = _("new");
		items[2] = _("accepted");
		items[3] = _("rejected");
		items[4] = _("merged");
		n = 4;
	}
	menu_open(a, choice == 0 ? _("Track") : choice == 1 ? _("Addressee") :
	    _("Status"), items, n + 1, 0, choice == 0 ? search_pick_track :
	    choice == 1 ? search_pick_addr : search_pick_status, s);
	free(items);
}

static bool
search_key(struct app *a, void *st, int key)
{
	struct search *s = st;
	enum editor_result r;

	/* Ctrl-F is the filters here, not the editor's character right. */
	if (keymap_lookup(&search_ops, key) == ACT_FILTER)
		return false;
	if (key == K_FN(KX_PASTE)) {
		editor_paste(&s->query, buf_str(&a->paste));
		search_run(s);
		return true;
	}
	r = editor_key(&s->query, key);
	if (r == ED_CHANGED) {
		s->list.sel = s->list.top = 0;
		search_run(s);
	}
	return r != ED_IGNORED;
}

static bool
search_action(struct app *a, void *st, enum action act)
{
	struct search *s = st;
	const char *const kinds[] = {_("Track"), _("Addressee"), _("Status"),
	    _("No filter")};

	if (list_action(&s->list, s->total, act))
		return true;
	switch (act) {
	case ACT_FILTER:
		menu_open(a, _("Filter by"), kinds, 4, 0, search_pick_kind, s);
		return true;
	case ACT_OPEN:
		search_fetch(s, s->list.sel, 1);
		if (s->page_valid && s->list.sel >= s->page_first &&
		    s->list.sel < s->page_first + s->npage)
			preview_open(a, s->page[s->list.sel - s->page_first].id);
		return true;
	case ACT_BACK:
	case ACT_QUIT:
	case ACT_SEARCH:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
search_reload(struct app *a, void *st)
{
	struct search *s = st;

	(void)a;
	search_run(s);
}

static void
search_close(struct app *a, void *st)
{
	struct search *s = st;

	(void)a;
	search_drop_page(s);
	editor_free(&s->query);
	track_free(s->tracks, s->ntracks);
	addressee_free(s->addr, s->naddr);
	free(s->filter_text);
	free(s);
}

static const enum action search_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_FILTER, ACT_BACK, ACT_QUIT, ACT_SEARCH, ACT_NONE,
};

static const struct screen_ops search_ops = {
	.name = N_("search"),
	.actions = search_actions,
	.draw = search_draw,
	.key = search_key,
	.action = search_action,
	.reload = search_reload,
	.close = search_close,
};

void
search_open(struct app *a)
{
	struct search *s = xcalloc(1, sizeof *s);

	s->app = a;
	editor_init(&s->query, true);
	list_init(&s->list, 1);
	s->filter.status = -1;
	if (track_list(a->f, &s->tracks, &s->ntracks) != ST_OK)
		s->ntracks = 0;
	if (addressee_list(a->f, &s->addr, &s->naddr) != ST_OK)
		s->naddr = 0;
	search_filter_text(s);
	search_run(s);
	app_push(a, &search_ops, s);
}
