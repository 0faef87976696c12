/*
 * dupes.c: the duplicates screen (secretariat).  Left: the clusters of
 * near-duplicate proposals (model/dupes.h), the closest first.  Right:
 * the chosen cluster's proposals one under another, each with its number
 * in the draft, track, status, votes, its similarity to the surviving
 * wording (★) and its text.  Enter makes the selected proposal's wording
 * the surviving one, F4 edits that wording, Space leaves a proposal out
 * of the merge (or takes it back), F2 merges: one undoable action, after
 * which the survivor is shown with its sources, the proposals merged into
 * it, which stay in the file with status merged.
 *
 * The clusters are found afresh whenever the file changes (ours or
 * another user's writes), when the screen is next drawn; on a large forum
 * that takes a moment, so the title line says so first.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/dupes.h"
#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/text.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"

/* Lines of a member's row: its header and up to three of text. */
#define MEMBER_ROW 4

struct dscreen {
	struct app *app;
	int threshold;
	struct dupes d;
	bool stale;
	struct track *tracks;
	size_t ntracks;
	struct list cl, ml;
	bool focus_members;

	/* The choices for the selected cluster, kept while it stays. */
	int64_t key_first; /* its first member's id and size: which it is */
	size_t key_n;
	size_t survivor;
	bool *out;         /* members left out of the merge */
	char *wording;     /* the edited wording, or NULL */
	char **num;        /* each member's numbers in the draft, or NULL */
	size_t *nsources;  /* proposals merged into each member before */

	/* After a merge: the survivor and its sources, until the user moves. */
	int64_t merged;
	char **mlines;
	size_t nmlines;
	struct list vl;
};

static const char *
track_label(const struct dscreen *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ntracks; i++)
		if (s->tracks[i].rec.id == id)
			return s->tracks[i].label;
	return "?";
}

static void
choices_clear(struct dscreen *s)
{
	size_t i;

	for (i = 0; s->num != NULL && i < s->key_n; i++)
		free(s->num[i]);
	free(s->num);
	free(s->out);
	free(s->nsources);
	free(s->wording);
	s->num = NULL;
	s->out = NULL;
	s->nsources = NULL;
	s->wording = NULL;
	s->key_first = 0;
	s->key_n = 0;
	s->survivor = 0;
}

static void
merged_clear(struct dscreen *s)
{
	size_t i;

	for (i = 0; i < s->nmlines; i++)
		free(s->mlines[i]);
	free(s->mlines);
	s->mlines = NULL;
	s->nmlines = 0;
	s->merged = 0;
}

static struct dupe_cluster *
dupes_cur(struct dscreen *s)
{
	return s->d.n > 0 ? &s->d.v[s->cl.sel] : NULL;
}

/*
 * Makes the choices fit the selected cluster: kept if it is the one they
 * were made for, else fresh (the survivor the earliest accepted proposal,
 * or the earliest one).
 */
static void
choices_fit(struct dscreen *s)
{
	struct dupe_cluster *c = dupes_cur(s);
	struct proposal *src;
	bool in_draft;
	size_t i;

	if (c == NULL) {
		choices_clear(s);
		return;
	}
	if (s->key_first == c->members[0].id && s->key_n == c->n)
		return;
	choices_clear(s);
	s->key_first = c->members[0].id;
	s->key_n = c->n;
	s->out = xcalloc(c->n, sizeof *s->out);
	s->num = xcalloc(c->n, sizeof *s->num);
	s->nsources = xcalloc(c->n, sizeof *s->nsources);
	for (i = c->n; i-- > 0;)
		if (c->members[i].status == PROPOSAL_ACCEPTED)
			s->survivor = i;
	for (i = 0; i < c->n; i++) {
		if (resolution_numbers_for(s->app->f, c->members[i].id,
		    &s->num[i], &in_draft) == ST_OK && !in_draft) {
			free(s->num[i]);
			s->num[i] = NULL;
		}
		if (dupes_sources(s->app->f, c->members[i].id, &src,
		    &s->nsources[i]) == ST_OK)
			proposal_free(src, s->nsources[i]);
	}
	list_init(&s->ml, MEMBER_ROW);
}

/* Finds the clusters again (see the top). */
static void
dupes_find_now(struct app *a, struct dscreen *s)
{
	enum status st;

	s->stale = false;
	dupes_free(&s->d);
	track_free(s->tracks, s->ntracks);
	s->tracks = NULL;
	s->ntracks = 0;
	if (track_list(a->f, &s->tracks, &s->ntracks) != ST_OK)
		app_status(a, ST_DB, _("Reading the tracks"));
	st = dupes_find(a->f, s->threshold, NULL, NULL, &s->d);
	if (st != ST_OK)
		app_status(a, st, _("Finding duplicates"));
	list_clamp(&s->cl, s->d.n);
	choices_fit(s);
}

/* ---- the cluster list ---- */

static size_t
cluster_count(void *ctx)
{
	return ((struct dscreen *)ctx)->d.n;
}

static void
cluster_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct dscreen *s = ctx;
	const struct dupe_cluster *c = &s->d.v[i];
	struct buf b = { 0 };
	enum draw_role r = selected ? (s->focus_members || s->merged ?
	    R_MARK : R_SELECTED) : R_NORMAL;

	(void)h;
	buf_printf(&b, "%3d%% %zu× %s", c->best, c->n, c->members[0].text);
	draw_pad(y, x, w, buf_str(&b), r);
	buf_free(&b);
}

static const struct list_source cluster_source = {
	.count = cluster_count, .draw_row = cluster_row,
};

/* ---- the members ---- */

static size_t
member_count(void *ctx)
{
	struct dupe_cluster *c = dupes_cur(ctx);

	return c != NULL ? c->n : 0;
}

struct wrap_lines {
	char **v;
	size_t n;
};

static void
wrap_line(void *ctx, const char *line, size_t len)
{
	struct wrap_lines *wl = ctx;

	wl->v = xreallocarray(wl->v, wl->n + 1, sizeof *wl->v);
	wl->v[wl->n++] = xstrndup(line, len);
}

/* Draws text wrapped in h lines of w columns from (y, x); a text longer
 * than that ends in "…". */
static void
draw_wrapped(int y, int x, int w, int h, const char *text, enum draw_role r)
{
	struct buf clean = { 0 };
	struct wrap_lines wl = { NULL, 0 };
	size_t i;

	if (w < 2 || h < 1)
		return;
	text_sanitise(&clean, text, strlen(text), 0);
	text_wrap(buf_str(&clean), clean.len, 0, (size_t)w - 1, wrap_line,
	    &wl);
	for (i = 0; i < wl.n; i++) {
		if (i < (size_t)h) {
			if (i + 1 == (size_t)h && wl.n > (size_t)h) {
				char *t = xasprintf("%s…", wl.v[i]);

				draw_str(y + (int)i, x, w, t, r);
				free(t);
			} else
				draw_str(y + (int)i, x, w, wl.v[i], r);
		}
		free(wl.v[i]);
	}
	free(wl.v);
	buf_free(&clean);
}

static const char *
status_name(int status)
{
	switch (status) {
	case PROPOSAL_ACCEPTED: return _("✓ accepted");
	case PROPOSAL_REJECTED: return _("✗ rejected");
	case PROPOSAL_MERGED: return _("⇢ merged");
	default: return _("· new");
	}
}

static void
member_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct dscreen *s = ctx;
	const struct dupe_cluster *c = dupes_cur(s);
	const struct dupe_member *m = &c->members[i];
	bool surv = i == s->survivor;
	enum draw_role r = selected && s->focus_members ? R_SELECTED :
	    surv ? R_MARK : R_NORMAL;
	struct buf b = { 0 };
	int score;

	draw_clear(y, x, h, w);
	buf_printf(&b, "%s #%lld %s %s %s", surv ? "★" : s->out[i] ? "–" : " ",
	    (long long)m->id, s->num[i] != NULL ? s->num[i] : "",
	    track_label(s, m->track_id), status_name(m->status));
	if (m->votes_for + m->votes_against + m->votes_abstain > 0)
		buf_printf(&b, " · %lld/%lld/%lld", (long long)m->votes_for,
		    (long long)m->votes_against, (long long)m->votes_abstain);
	if (s->nsources[i] > 0)
		buf_printf(&b, _(" · +%zu merged"), s->nsources[i]);
	if (surv)
		buf_adds(&b, s->wording != NULL ? _(" · survives, edited") :
		    _(" · survives"));
	else if (s->out[i])
		buf_adds(&b, _(" · left out"));
	else if ((score = dupe_cluster_score(c, i, s->survivor)) >= 0)
		buf_printf(&b, _(" · %d%% to ★"), score);
	draw_pad(y, x, w, buf_str(&b), r);
	buf_free(&b);
	draw_wrapped(y + 1, x + 2, w - 2, h - 1, surv && s->wording != NULL ?
	    s->wording : m->text, s->out[i] ? R_DIM : R_NORMAL);
}

static const struct list_source member_source = {
	.count = member_count, .draw_row = member_row,
};

/* ---- after a merge ---- */

static void
mline(struct dscreen *s, char *line)
{
	s->mlines = xreallocarray(s->mlines, s->nmlines + 1,
	    sizeof *s->mlines);
	s->mlines[s->nmlines++] = line;
}

/* The merged view's lines: the survivor, then its sources. */
static void
merged_show(struct app *a, struct dscreen *s, int64_t id)
{
	struct proposal p, *src = NULL;
	size_t n = 0, i;

	merged_clear(s);
	s->merged = id;
	list_init(&s->vl, 1);
	if (proposal_get(a->f, id, &p) != ST_OK)
		return;
	mline(s, xasprintf("★ #%lld %s %s · %lld/%lld/%lld", (long long)id,
	    track_label(s, p.track_id), status_name(p.status),
	    (long long)p.votes_for, (long long)p.votes_against,
	    (long long)p.votes_abstain));
	{
		/* The wording whole, wrapped to the pane. */
		struct buf clean = { 0 };
		struct wrap_lines wl = { NULL, 0 };
		int w = COLS - COLS * 2 / 5 - 5;

		text_sanitise(&clean, p.text, strlen(p.text), 0);
		text_wrap(buf_str(&clean), clean.len, 0, w > 10 ? (size_t)w :
		    10, wrap_line, &wl);
		for (i = 0; i < wl.n; i++) {
			mline(s, xasprintf("  %s", wl.v[i]));
			free(wl.v[i]);
		}
		free(wl.v);
		buf_free(&clean);
	}
	proposal_clear(&p);
	/* Nothing merged into it (any more: an undo): no view. */
	if (dupes_sources(a->f, id, &src, &n) != ST_OK || n == 0) {
		proposal_free(src, n);
		merged_clear(s);
		return;
	}
	mline(s, xstrdup(""));
	mline(s, xasprintf(_("Its sources (%zu, kept with status merged):"),
	    n));
	for (i = 0; i < n; i++)
		mline(s, xasprintf("  ⇢ #%lld %s · %lld/%lld/%lld: %s",
		    (long long)src[i].rec.id, track_label(s, src[i].track_id),
		    (long long)src[i].votes_for,
		    (long long)src[i].votes_against,
		    (long long)src[i].votes_abstain, src[i].text));
	proposal_free(src, n);
}

static size_t
mline_count(void *ctx)
{
	return ((struct dscreen *)ctx)->nmlines;
}

static void
mline_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct dscreen *s = ctx;

	(void)h;
	(void)selected;
	draw_pad(y, x, w, s->mlines[i], i == 0 ? R_MARK : R_NORMAL);
}

static const struct list_source mline_source = {
	.count = mline_count, .draw_row = mline_row,
};

/* ---- the screen ---- */

static void
dupes_draw(struct app *a, void *st)
{
	struct dscreen *s = st;
	struct buf b = { 0 };
	int h = LINES - 3, cw = COLS * 2 / 5;

	if (s->stale) {
		draw_pad(0, 0, COLS, _("Finding duplicates…"), R_TITLE);
		refresh();
		dupes_find_now(a, s);
	}
	buf_printf(&b, P_("Duplicates at %d%% or more: %zu cluster",
	    "Duplicates at %d%% or more: %zu clusters", s->d.n), s->threshold,
	    s->d.n);
	buf_printf(&b, P_(" of %lld proposal", " of %lld proposals",
	    s->d.proposals), (long long)s->d.proposals);
	draw_pad(0, 0, COLS, buf_str(&b), R_TITLE);
	draw_box(1, 0, h, cw, _("Clusters"), !s->focus_members && !s->merged);
	list_draw(&s->cl, &cluster_source, s, 2, 1, h - 2, cw - 2,
	    _("No duplicates at this threshold (t changes it)"));
	buf_reset(&b);
	if (s->merged) {
		buf_printf(&b, _("Merged into #%lld"), (long long)s->merged);
		draw_box(1, cw, h, COLS - cw, buf_str(&b), true);
		list_draw(&s->vl, &mline_source, s, 2, cw + 1, h - 2,
		    COLS - cw - 2, NULL);
	} else {
		draw_box(1, cw, h, COLS - cw, _("★ survives: Enter · in/out: "
		    "Space"), s->focus_members);
		list_draw(&s->ml, &member_source, s, 2, cw + 1, h - 2,
		    COLS - cw - 2, NULL);
	}
	buf_free(&b);
}

static bool
dupes_edit_done(struct app *a, void *ctx, char **v)
{
	struct dscreen *s = ctx;
	const struct dupe_cluster *c = dupes_cur(s);

	(void)a;
	if (c == NULL)
		return true;
	free(s->wording);
	s->wording = NULL;
	if (strcmp(v[0], c->members[s->survivor].text) != 0)
		s->wording = xstrdup(v[0]);
	return true;
}

static bool
dupes_threshold_done(struct app *a, void *ctx, char **v)
{
	struct dscreen *s = ctx;
	int t = dupes_threshold_parse(v[0]);

	if (t < 0) {
		app_err(a, _("The threshold is a percentage from 1 to 100"));
		return false;
	}
	s->threshold = t;
	s->stale = true;
	list_init(&s->cl, 1);
	choices_clear(s);
	merged_clear(s);
	return true;
}

static void
dupes_merge_now(struct app *a, struct dscreen *s)
{
	const struct dupe_cluster *c = dupes_cur(s);
	int64_t *others, survivor;
	size_t i, n = 0;
	enum status st;

	if (c == NULL)
		return;
	others = xcalloc(c->n, sizeof *others);
	for (i = 0; i < c->n; i++)
		if (i != s->survivor && !s->out[i])
			others[n++] = c->members[i].id;
	if (n == 0) {
		free(others);
		app_err(a, _("Nothing to merge: the others are all left out"));
		return;
	}
	survivor = c->members[s->survivor].id;
	st = dupes_merge(a->f, survivor, others, n, s->wording);
	free(others);
	if (st != ST_OK) {
		app_status(a, st, _("Merge"));
		return;
	}
	app_msg(a, P_("Merged %zu proposal into #%lld (Ctrl-Z undoes it)",
	    "Merged %zu proposals into #%lld (Ctrl-Z undoes it)", n), n,
	    (long long)survivor);
	choices_clear(s);
	s->focus_members = false;
	app_reload(a);
	merged_show(a, s, survivor);
}

static bool
dupes_action(struct app *a, void *st, enum action act)
{
	struct dscreen *s = st;
	struct dupe_cluster *c;
	const char *const tlabel[] = {
	    _("Threshold (a percentage, or a fraction below 1)") };
	char *cur;

	/* Keys typed ahead of a redraw act on what the redraw would show. */
	if (s->stale)
		dupes_find_now(a, s);
	c = dupes_cur(s);

	if (s->merged != 0 && act != ACT_UNDO) {
		if (act == ACT_UP || act == ACT_DOWN || act == ACT_PGUP ||
		    act == ACT_PGDN) {
			if (list_action(&s->vl, s->nmlines, act))
				return true;
		}
		merged_clear(s);
		if (act == ACT_BACK)
			return true;
	}
	if (s->focus_members && c != NULL ? list_action(&s->ml, c->n, act) :
	    list_action(&s->cl, s->d.n, act)) {
		if (!s->focus_members)
			choices_fit(s);
		return true;
	}
	switch (act) {
	case ACT_FOCUS:
		s->focus_members = !s->focus_members && c != NULL;
		return true;
	case ACT_OPEN:
		if (c == NULL)
			return true;
		if (!s->focus_members) {
			s->focus_members = true;
			return true;
		}
		if (s->survivor != s->ml.sel) {
			s->survivor = s->ml.sel;
			s->out[s->survivor] = false;
			free(s->wording);
			s->wording = NULL;
		}
		return true;
	case ACT_INCLUDE:
		if (c == NULL || !s->focus_members)
			return true;
		if (s->ml.sel == s->survivor)
			app_msg(a, _("The surviving wording cannot be left out"));
		else
			s->out[s->ml.sel] = !s->out[s->ml.sel];
		return true;
	case ACT_EDIT:
		if (c != NULL)
			form_open_text(a, _("The surviving wording"), _("Text"),
			    s->wording != NULL ? s->wording :
			    c->members[s->survivor].text, dupes_edit_done, s);
		return true;
	case ACT_MERGE:
		dupes_merge_now(a, s);
		return true;
	case ACT_THRESHOLD:
		cur = xasprintf("%d", s->threshold);
		{
			const char *v[1] = { cur };

			form_open(a, _("Similarity threshold"), 1, tlabel, v,
			    dupes_threshold_done, s);
		}
		free(cur);
		return true;
	case ACT_PREVIEW:
		preview_open(a, c != NULL ? c->members[s->focus_members ?
		    s->ml.sel : s->survivor].id : 0);
		return true;
	case ACT_BACK:
		if (s->focus_members) {
			s->focus_members = false;
			return true;
		}
		app_pop(a);
		return true;
	case ACT_DUPES:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
dupes_reload(struct app *a, void *st)
{
	struct dscreen *s = st;

	(void)a;
	s->stale = true;
	if (s->merged != 0)
		merged_show(a, s, s->merged);
}

static void
dupes_close(struct app *a, void *st)
{
	struct dscreen *s = st;

	(void)a;
	choices_clear(s);
	merged_clear(s);
	dupes_free(&s->d);
	track_free(s->tracks, s->ntracks);
	free(s);
}

static const enum action dupes_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_FOCUS,
	ACT_OPEN, ACT_INCLUDE, ACT_EDIT, ACT_MERGE, ACT_THRESHOLD,
	ACT_PREVIEW, ACT_DUPES, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops dupes_ops = {
	.name = N_("duplicates"),
	.actions = dupes_actions,
	.draw = dupes_draw,
	.action = dupes_action,
	.reload = dupes_reload,
	.close = dupes_close,
};

void
dupes_open(struct app *a)
{
	struct dscreen *s;

	if (app_top(a, &dupes_ops) != NULL)
		return;
	s = xcalloc(1, sizeof *s);
	s->app = a;
	s->threshold = DUPES_THRESHOLD;
	s->stale = true;
	list_init(&s->cl, 1);
	list_init(&s->ml, MEMBER_ROW);
	list_init(&s->vl, 1);
	app_push(a, &dupes_ops, s);
}
