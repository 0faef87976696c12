/*
 * stats.c: the statistics screen: proposals by status, by track and by
 * addressee, as bar charts to one scale per chart, the figures beside
 * them (the same figures as `agora info`).  Reloaded when the data
 * changes; scrolls when the addressees do not fit.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/util.h"
#include "app.h"
#include "draw.h"
#include "list.h"

/* Columns of the names. */
#define STATS_NAME 20

struct sline {
	char *name;    /* NULL: an empty line */
	int64_t count; /* -1: name is a chart's title */
	int64_t max;   /* the chart's largest count */
};

struct stats {
	struct sline *lines;
	size_t n;
	int64_t total;
	struct list list;
};

static void
stats_clear(struct stats *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->lines[i].name);
	free(s->lines);
	s->lines = NULL;
	s->n = 0;
}

static void
stats_push(struct stats *s, const char *name, int64_t count, int64_t max)
{
	s->lines = xreallocarray(s->lines, s->n + 1, sizeof *s->lines);
	s->lines[s->n].name = name != NULL ? xstrdup(name) : NULL;
	s->lines[s->n].count = count;
	s->lines[s->n].max = max;
	s->n++;
}

/* One chart: its title, then a line per row. */
static void
stats_chart(struct stats *s, const char *title, const struct count_row *rows,
    size_t n)
{
	int64_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].count > max)
			max = rows[i].count;
	if (s->n > 0)
		stats_push(s, NULL, 0, 0);
	stats_push(s, title, -1, 0);
	for (i = 0; i < n; i++)
		stats_push(s, rows[i].name, rows[i].count, max);
	if (n == 0)
		stats_push(s, _("(none)"), 0, 0);
}

static void
stats_load(struct app *a, void *st)
{
	struct stats *s = st;
	struct forum_counts c;
	struct count_row status[PROPOSAL_MERGED + 1];
	size_t i;

	stats_clear(s);
	if (forum_counts_get(a->f, &c) != ST_OK) {
		app_err(a, _("Cannot count the proposals: %s"), forum_error(a->f));
		return;
	}
	for (i = 0; i <= PROPOSAL_MERGED; i++) {
		status[i].name = (char *)_(proposal_status_name((int)i));
		status[i].count = c.by_status[i];
	}
	s->total = c.total;
	stats_chart(s, _("By status"), status, PROPOSAL_MERGED + 1);
	stats_chart(s, _("By track"), c.by_track, c.ntrack);
	stats_chart(s, _("By addressee"), c.by_addressee, c.naddressee);
	forum_counts_free(&c);
	list_clamp(&s->list, s->n);
}

static size_t
stats_count(void *ctx)
{
	return ((struct stats *)ctx)->n;
}

/* The bar of value / max in w columns, in eighths of a column. */
static void
stats_bar(struct buf *b, int64_t value, int64_t max, int w)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊",
	    "▉" };
	int64_t eighths;
	int i;

	if (value <= 0 || max <= 0 || w <= 0)
		return;
	eighths = (int64_t)((double)value / (double)max * w * 8 + 0.5);
	if (eighths < 1)
		eighths = 1;
	for (i = 0; i < eighths / 8; i++)
		buf_adds(b, "█");
	buf_adds(b, part[eighths % 8]);
}

static void
stats_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct stats *s = ctx;
	const struct sline *l = &s->lines[i];
	struct buf b = { 0 };
	int nw = STATS_NAME < w / 3 ? STATS_NAME : w / 3;

	(void)h;
	(void)selected;
	draw_clear(y, x, 1, w);
	if (l->name == NULL)
		return;
	if (l->count < 0) {
		draw_str(y, x, w, l->name, R_STATUS);
		return;
	}
	draw_pad(y, x + 1, nw, l->name, R_NORMAL);
	buf_printf(&b, "%lld", (long long)l->count);
	draw_right(y, x + 1 + nw, 7, buf_str(&b), R_NORMAL);
	buf_reset(&b);
	stats_bar(&b, l->count, l->max, w - nw - 10);
	draw_str(y, x + nw + 9, w - nw - 9, buf_str(&b), R_MARK);
	buf_free(&b);
}

static const struct list_source stats_source = {
	.count = stats_count, .draw_row = stats_row,
};

static void
stats_draw(struct app *a, void *st)
{
	struct stats *s = st;
	struct buf b = { 0 };

	buf_printf(&b, P_("Statistics: %lld proposal", "Statistics: %lld "
	    "proposals", s->total), (long long)s->total);
	draw_pad(0, 0, COLS, buf_str(&b), R_TITLE);
	buf_free(&b);
	(void)a;
	draw_box(1, 0, LINES - 3, COLS, _("Proposals by status, track and "
	    "addressee"), true);
	list_draw(&s->list, &stats_source, s, 2, 1, LINES - 5, COLS - 2,
	    _("Nothing to count"));
}

static bool
stats_action(struct app *a, void *st, enum action act)
{
	struct stats *s = st;

	/* Scroll by the page, not by a selection nobody sees. */
	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_FIRST:
	case ACT_LAST:
		if (act == ACT_UP || act == ACT_PGUP || act == ACT_FIRST)
			s->list.sel = s->list.top;
		else
			s->list.sel = s->list.top + (size_t)s->list.page - 1;
		list_action(&s->list, s->n, act);
		return true;
	case ACT_STATS:
	case ACT_BACK:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
stats_close(struct app *a, void *st)
{
	struct stats *s = st;

	(void)a;
	stats_clear(s);
	free(s);
}

static const enum action stats_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_STATS,
	ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops stats_ops = {
	.name = N_("statistics"),
	.actions = stats_actions,
	.draw = stats_draw,
	.action = stats_action,
	.reload = stats_load,
	.close = stats_close,
};

void
stats_open(struct app *a)
{
	struct stats *s;

	if (app_top(a, &stats_ops) != NULL)
		return;
	s = xcalloc(1, sizeof *s);
	list_init(&s->list, 1);
	stats_load(a, s);
	app_push(a, &stats_ops, s);
}
