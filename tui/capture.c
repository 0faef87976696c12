/*
 * capture.c: the capture screen, the heart of the program (SCREENS.md).
 * Top: where we are.  Left: this session's proposals, newest at the
 * bottom.  Right: existing proposals like the one being typed.  Bottom:
 * the editor.  Enter saves at once and opens the addressee picker; one
 * digit there tags and confirms: text, Enter, digit.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/draft.h"
#include "../model/i18n.h"
#include "../model/listing.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/search.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "list.h"
#include "picker.h"
#include "queue.h"

#define SIMILAR_DELAY_MS 300
/* How often the editor's text is kept as a draft while typing (draft.h):
 * what a crash can lose. */
#define DRAFT_EVERY_MS 1000
#define SIMILAR_MAX 20
/* From this many lines on, the speaker line shows under the editor. */
#define CAPTURE_SPEAKER_LINES 16

struct capture {
	struct editor ed;
	bool focus_list;
	int64_t editing_id; /* F4: the proposal whose text is in the editor */
	bool quit_warned;
	char *where;        /* "track › session" */
	struct listing_filter filter;
	size_t count;
	struct list list;
	struct listing_row *page; /* rows page_first.. of the list */
	size_t page_first, npage;
	bool page_valid;
	struct search_hit *sim;
	size_t nsim;
	char **sim_num;     /* each hit's numbers in the draft, or NULL */
	bool *sim_done;     /* whether sim_num[i] was looked up */
	size_t sim_rows;    /* hits the last draw had room for */
	int64_t sim_due;    /* when to search again; 0: not pending */
	int64_t announce;   /* a just-captured proposal to report */
	bool draft_dirty;   /* the editor changed since the draft was kept */
	int64_t draft_kept; /* app_clock_ms() of that; 0: never */
	bool draft_failed;  /* the last try failed (reported once) */
	struct app *app;    /* for the list's callbacks */
};

static const struct screen_ops capture_ops;

/* The proposal under the list's selection: its id, 0 if none. */
static int64_t
capture_selected(struct capture *c)
{
	if (c->count == 0 || !c->page_valid || c->list.sel < c->page_first ||
	    c->list.sel >= c->page_first + c->npage)
		return 0;
	return c->page[c->list.sel - c->page_first].id;
}

static void
capture_fetch(void *ctx, size_t first, size_t n);

/* Makes sure the selected row is in the page. */
static int64_t
capture_sel_id(struct app *a, struct capture *c)
{
	(void)a;
	if (capture_selected(c) == 0 && c->count > 0)
		capture_fetch(c, c->list.sel, 1);
	return capture_selected(c);
}

static void
capture_sim_clear(struct capture *c)
{
	size_t i;

	for (i = 0; i < c->nsim; i++)
		free(c->sim_num[i]);
	free(c->sim_num);
	free(c->sim_done);
	search_hits_free(c->sim, c->nsim);
	c->sim = NULL;
	c->sim_num = NULL;
	c->sim_done = NULL;
	c->nsim = 0;
}

/*
 * The proposals like the editor's text, and the draft numbers of the
 * accepted ones among those there is room to show: each number is a few
 * COUNT queries (resolution_numbers_for()), never an assembly.  keep: the
 * file has not changed since the last search, so the numbers of hits
 * found again are still right (more words typed mostly find the same
 * proposals).
 */
static void
capture_similar(struct app *a, struct capture *c, bool keep)
{
	struct search_hit *old = c->sim;
	char **old_num = c->sim_num;
	bool *old_done = c->sim_done, in_draft;
	size_t nold = c->nsim, i, j;

	c->sim = NULL;
	c->sim_num = NULL;
	c->sim_done = NULL;
	c->nsim = 0;
	c->sim_due = 0;
	if (!eb_blank(&c->ed.eb) && search_similar(a->f, eb_text(&c->ed.eb),
	    c->editing_id, SIMILAR_MAX, &c->sim, &c->nsim) != ST_OK) {
		c->sim = NULL;
		c->nsim = 0;
	}
	c->sim_num = xcalloc(c->nsim + 1, sizeof *c->sim_num);
	c->sim_done = xcalloc(c->nsim + 1, sizeof *c->sim_done);
	for (i = 0; i < c->nsim; i++) {
		for (j = 0; keep && j < nold; j++)
			if (old_done[j] && old[j].id == c->sim[i].id) {
				c->sim_num[i] = old_num[j];
				old_num[j] = NULL;
				c->sim_done[i] = true;
				break;
			}
		if (c->sim_done[i] || i >= c->sim_rows)
			continue;
		c->sim_done[i] = true;
		if (c->sim[i].status != PROPOSAL_ACCEPTED)
			continue;
		if (resolution_numbers_for(a->f, c->sim[i].id, &c->sim_num[i],
		    &in_draft) != ST_OK || !in_draft) {
			free(c->sim_num[i]);
			c->sim_num[i] = NULL;
		}
	}
	for (j = 0; j < nold; j++)
		free(old_num[j]);
	free(old_num);
	free(old_done);
	search_hits_free(old, nold);
}

/* "3.6." if proposal pid is in the draft, "3.6. once accepted" if that is
 * where it would go.  Caller frees; NULL if nowhere (no addressee). */
static char *
capture_place(struct app *a, int64_t pid)
{
	char *nums = NULL, *s;
	bool in_draft;

	if (resolution_numbers_for(a->f, pid, &nums, &in_draft) != ST_OK ||
	    nums == NULL)
		return NULL;
	if (in_draft)
		return nums;
	s = xasprintf(_("%s once accepted"), nums);
	free(nums);
	return s;
}

/*
 * Recounts the list and keeps the selection on the same proposal (or at
 * the end, following new ones, if it was there): another moderator's
 * capture must not move the row under this one's cursor.
 */
static void
capture_reload(struct app *a, void *st)
{
	struct capture *c = st;
	bool at_end = c->count == 0 || c->list.sel + 1 >= c->count;
	int64_t sel_id = at_end ? 0 : capture_selected(c);
	size_t index;

	listing_rows_free(c->page, c->npage);
	c->page = NULL;
	c->npage = 0;
	c->page_valid = false;
	if (listing_count(a->f, &c->filter, &c->count) != ST_OK)
		c->count = 0;
	if (at_end && c->count > 0)
		c->list.sel = c->count - 1;
	else if (sel_id != 0 &&
	    listing_index(a->f, &c->filter, sel_id, &index) == ST_OK)
		c->list.sel = index;
	list_clamp(&c->list, c->count);
	if (c->announce != 0 && app_top(a, &capture_ops) == c) {
		char *place = capture_place(a, c->announce);

		if (place != NULL) {
			app_msg(a, _("%s · in the draft: %s"),
			    buf_str(&a->status), place);
			free(place);
		}
		c->announce = 0;
	}
	capture_similar(a, c, false);
}

static size_t
capture_count(void *ctx)
{
	return ((struct capture *)ctx)->count;
}

/*
 * Makes rows first..first+n-1 available, reading a screenful on either
 * side as well, so that moving a row or a page at a time rarely reads.
 */
static void
capture_fetch(void *ctx, size_t first, size_t n)
{
	struct capture *c = ctx;
	size_t from, want;

	if (c->page_valid && first >= c->page_first &&
	    first + n <= c->page_first + c->npage)
		return;
	listing_rows_free(c->page, c->npage);
	c->page = NULL;
	c->npage = 0;
	from = first > n ? first - n : 0;
	want = first - from + 2 * n;
	c->page_first = from;
	c->page_valid = listing_page(c->app->f, &c->filter, from, want,
	    &c->page, &c->npage) == ST_OK;
}

static const char *
status_glyph(int status)
{
	switch (status) {
	case PROPOSAL_ACCEPTED: return "✓";
	case PROPOSAL_REJECTED: return "✗";
	case PROPOSAL_MERGED: return "⇢";
	default: return "·";
	}
}

static void
capture_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct capture *c = ctx;
	struct listing_row *p;
	struct buf b = {0}, v = {0};
	enum draw_role r = selected ? (c->focus_list ? R_SELECTED : R_MARK) :
	    R_NORMAL;
	int vw;

	if (!c->page_valid || i < c->page_first ||
	    i >= c->page_first + c->npage)
		return;
	p = &c->page[i - c->page_first];
	buf_printf(&b, "%3zu %s %s", i + 1, status_glyph(p->status), p->text);
	draw_pad(y, x, w, buf_str(&b), r);
	if (h < 2) {
		buf_free(&b);
		return;
	}
	buf_reset(&b);
	buf_printf(&b, "      → %s", *p->labels != '\0' ? p->labels : "?");
	if (p->votes_for + p->votes_against + p->votes_abstain > 0)
		buf_printf(&v, _(" for %lld against %lld abst %lld "),
		    (long long)p->votes_for, (long long)p->votes_against,
		    (long long)p->votes_abstain);
	/* The votes whole where they fit, the labels keep "→ X…" at least. */
	vw = draw_width(buf_str(&v));
	if (vw > w - 12)
		vw = w - 12 > 0 ? w - 12 : 0;
	draw_pad(y + 1, x, w - vw, buf_str(&b), selected ? r : R_DIM);
	draw_right(y + 1, x + w - vw, vw, buf_str(&v), selected ? r : R_DIM);
	buf_free(&b);
	buf_free(&v);
}

static const struct list_source capture_source = {
	.count = capture_count, .fetch = capture_fetch,
	.draw_row = capture_row,
};

static void
capture_draw_similar(struct capture *c, int y, int x, int h, int w)
{
	struct buf b = {0};
	size_t i;

	draw_clear(y, x, h, w);
	c->sim_rows = h > 0 ? (size_t)h : 0;
	if (c->nsim == 0) {
		draw_str(y, x + 1, w - 1, eb_blank(&c->ed.eb) ? "" :
		    _("nothing alike"), R_DIM);
		return;
	}
	for (i = 0; i < c->nsim && (int)i < h; i++) {
		buf_reset(&b);
		buf_printf(&b, "%d%% ", c->sim[i].score);
		if (c->sim_num[i] != NULL)
			buf_printf(&b, "%s ", c->sim_num[i]);
		buf_adds(&b, c->sim[i].text);
		draw_str(y + (int)i, x, w, buf_str(&b), R_NORMAL);
	}
	buf_free(&b);
}

static void
capture_draw(struct app *a, void *st)
{
	struct capture *c = st;
	struct eb_line *lines;
	size_t nl;
	int edh, lh, lw = COLS * 5 / 8, top = 1, cw;
	/* The speaker and the queue, under the editor, where there is room. */
	int spk = LINES >= CAPTURE_SPEAKER_LINES ? 1 : 0;
	struct buf t = {0};

	/* The top line: where we are, then the session's and the speaker's
	 * clocks at its right end (queue.h). */
	draw_fill(0, 0, COLS, R_TITLE);
	cw = meeting_draw_clocks(a, 0, 0, COLS);
	buf_printf(&t, "%s › %s", a->forum_title, c->where);
	draw_pad(0, 0, COLS - cw, buf_str(&t), R_TITLE);
	buf_free(&t);
	nl = eb_layout(&c->ed.eb, (size_t)(COLS - 2), &lines);
	free(lines);
	edh = (int)nl < 2 ? 2 : (int)nl > 6 ? 6 : (int)nl;
	lh = LINES - 2 - top - (edh + 2) - spk;
	if (spk > 0)
		meeting_draw_speakers(a, LINES - 3, 0, COLS);
	buf_printf(&t, _("Proposals of the session: %zu"), c->count);
	draw_box(top, 0, lh, lw, buf_str(&t), c->focus_list);
	buf_free(&t);
	list_draw(&c->list, &capture_source, c, top + 1, 1, lh - 2, lw - 2,
	    _("None yet: type a proposal below, Enter saves it"));
	draw_box(top, lw, lh, COLS - lw, _("Similar"), false);
	capture_draw_similar(c, top + 1, lw + 1, lh - 2, COLS - lw - 2);
	if (c->editing_id != 0)
		buf_printf(&t, _("Editing proposal %lld: Enter saves, Esc "
		    "cancels"), (long long)c->editing_id);
	else
		buf_adds(&t, _("New proposal"));
	draw_box(top + lh, 0, edh + 2, COLS, buf_str(&t), !c->focus_list);
	buf_free(&t);
	editor_draw(&c->ed, top + lh + 1, 1, edh, COLS - 2, !c->focus_list,
	    _("Type what is proposed; Enter saves"));
}

/*
 * Keeps the editor's text as this user's draft now (draft.h), or removes
 * the draft when the editor is blank.  A failure is reported once, not
 * at every keystroke; typing goes on either way.
 */
static void
capture_draft_keep(struct app *a, struct capture *c)
{
	struct draft d;
	enum status st;

	c->draft_dirty = false;
	c->draft_kept = app_clock_ms();
	if (forum_readonly(a->f))
		return;
	if (eb_blank(&c->ed.eb))
		st = draft_clear(a->f);
	else {
		d.time = clock_now_ms();
		d.track_id = a->track_id;
		d.session_id = a->session_id;
		d.editing_id = c->editing_id;
		d.text = (char *)eb_text(&c->ed.eb);
		st = draft_save(a->f, &d);
	}
	if (st != ST_OK && !c->draft_failed)
		app_err(a, _("The text typed is not kept as a draft: %s"),
		    forum_error(a->f));
	c->draft_failed = st != ST_OK;
}

/* The editor's text changed: kept at once after a pause or a paste,
 * else at most every DRAFT_EVERY_MS (capture_tick() catches up). */
static void
capture_draft_touch(struct app *a, struct capture *c, bool now)
{
	c->draft_dirty = true;
	if (now || app_clock_ms() - c->draft_kept >= DRAFT_EVERY_MS)
		capture_draft_keep(a, c);
}

/* The text was saved or given up: no draft of it stays. */
static void
capture_draft_drop(struct app *a, struct capture *c)
{
	c->draft_dirty = false;
	if (!forum_readonly(a->f))
		(void)draft_clear(a->f);
}

/*
 * Puts this user's unsaved draft back into the editor if it was typed
 * here (this track and session): after a crash, when the start screen's
 * offer was accepted, or after leaving with unsaved text.  A draft that
 * another running agora of this user keeps is left to it.
 */
static void
capture_draft_restore(struct app *a, struct capture *c)
{
	struct draft d;
	struct proposal p;
	char when[32];

	if (forum_readonly(a->f) || draft_load(a->f, &d) != ST_OK)
		return;
	if (d.track_id == a->track_id && d.session_id == a->session_id) {
		eb_set(&c->ed.eb, d.text);
		if (d.editing_id != 0 &&
		    proposal_get(a->f, d.editing_id, &p) == ST_OK) {
			if (!p.rec.deleted)
				c->editing_id = d.editing_id;
			proposal_clear(&p);
		}
		c->focus_list = false;
		c->sim_due = app_clock_ms();
		c->draft_kept = app_clock_ms();
		draft_clock(d.time, when);
		app_msg(a, _("The unsaved text from %s is back in the editor"),
		    when);
	}
	draft_free(&d);
}

/* Saves the editor's text: a new proposal, or the one being edited. */
static void
capture_save(struct app *a, struct capture *c)
{
	struct proposal p;
	enum status st;

	if (eb_blank(&c->ed.eb)) {
		app_msg(a, _("Type a proposal first"));
		return;
	}
	if (c->editing_id != 0) {
		if ((st = proposal_get(a->f, c->editing_id, &p)) == ST_OK) {
			free(p.text);
			p.text = xstrdup(eb_text(&c->ed.eb));
			if ((st = forum_begin(a->f, N_("edit a proposal"))) ==
			    ST_OK) {
				st = proposal_update(a->f, &p);
				st = st == ST_OK ? forum_commit(a->f) : st;
				if (st != ST_OK && forum_in_action(a->f))
					forum_rollback(a->f);
			}
			proposal_clear(&p);
		}
		if (st != ST_OK && strlen(eb_text(&c->ed.eb)) > LIMIT_TEXT)
			app_err(a, _("Too large to save: %zu bytes; the limit is "
			    "%d (64 KiB)"), strlen(eb_text(&c->ed.eb)),
			    LIMIT_TEXT);
		else if (st != ST_OK)
			app_status(a, st, _("Saving the text"));
		if (st != ST_OK)
			return;
		app_msg(a, _("Proposal %lld saved"), (long long)c->editing_id);
		c->editing_id = 0;
		eb_clear(&c->ed.eb);
		capture_draft_drop(a, c);
		app_reload(a);
		return;
	}
	memset(&p, 0, sizeof p);
	p.track_id = a->track_id;
	p.session_id = a->session_id;
	p.text = (char *)eb_text(&c->ed.eb);
	p.author = p.organisation = p.note = (char *)"";
	/* The speaker who has the floor proposed it (Ctrl-O changes it). */
	(void)meeting_speaker(a, (const char **)&p.author,
	    (const char **)&p.organisation);
	p.status = PROPOSAL_NEW;
	if ((st = forum_begin(a->f, N_("capture a proposal"))) == ST_OK) {
		st = proposal_insert(a->f, &p);
		st = st == ST_OK ? forum_commit(a->f) : st;
		if (st != ST_OK && forum_in_action(a->f))
			forum_rollback(a->f);
	}
	if (st != ST_OK && strlen(p.text) > LIMIT_TEXT)
		/* Said in full: the status line is too short for the
		 * model's message. */
		app_err(a, _("Too large to save: %zu bytes; the limit is %d "
		    "(64 KiB)"), strlen(p.text), LIMIT_TEXT);
	else if (st != ST_OK)
		app_status(a, st, _("Saving the proposal"));
	if (st != ST_OK)
		return; /* the text stays in the editor: nothing is lost */
	eb_clear(&c->ed.eb);
	capture_draft_drop(a, c);
	c->quit_warned = false;
	capture_sim_clear(c);
	app_msg(a, _("Saved"));
	app_reload(a);
	list_select(&c->list, c->count, c->count > 0 ? c->count - 1 : 0);
	c->announce = p.rec.id;
	picker_open(a, p.rec.id, true);
}

/* One labelled action around a change of the selected proposal. */
struct capture_change {
	const char *label;
	int status;
	int64_t votes[3];
	const char *author, *organisation;
};

static enum status
capture_apply(struct app *a, int64_t id, const struct capture_change *ch)
{
	struct proposal p;
	enum status st;

	if ((st = proposal_get(a->f, id, &p)) != ST_OK)
		return st;
	if (ch->status >= 0)
		p.status = ch->status;
	if (ch->votes[0] >= 0) {
		p.votes_for = ch->votes[0];
		p.votes_against = ch->votes[1];
		p.votes_abstain = ch->votes[2];
	}
	if (ch->author != NULL) {
		free(p.author);
		free(p.organisation);
		p.author = xstrdup(ch->author);
		p.organisation = xstrdup(ch->organisation);
	}
	if ((st = forum_begin(a->f, ch->label)) == ST_OK) {
		st = proposal_update(a->f, &p);
		st = st == ST_OK ? forum_commit(a->f) : st;
		if (st != ST_OK && forum_in_action(a->f))
			forum_rollback(a->f);
	}
	proposal_clear(&p);
	if (st == ST_OK)
		app_reload(a);
	return st;
}

static void
capture_status_done(struct app *a, void *ctx, size_t choice)
{
	struct capture *c = ctx;
	struct capture_change ch = {N_("set the status"), (int)choice, {-1, 0, 0},
	    NULL, NULL};
	int64_t id = capture_sel_id(a, c);
	enum status st;

	if (id == 0)
		return;
	if ((st = capture_apply(a, id, &ch)) != ST_OK)
		app_status(a, st, _("Status"));
	else
		app_msg(a, _("Proposal %zu: %s"), c->list.sel + 1,
		    _(proposal_status_name((int)choice)));
}

/* Parses a vote count: digits only; -1 if not. */
static int64_t
parse_count(const char *s)
{
	int64_t v = 0;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	while (*s == ' ')
		s++;
	return *s == '\0' ? v : -1;
}

static bool
capture_votes_done(struct app *a, void *ctx, char **v)
{
	struct capture *c = ctx;
	struct capture_change ch = {N_("record votes"), -1, {0, 0, 0}, NULL,
	    NULL};
	int64_t id = capture_sel_id(a, c);
	enum status st;
	int i;

	for (i = 0; i < 3; i++)
		if ((ch.votes[i] = parse_count(v[i])) < 0) {
			app_err(a, _("Votes are whole numbers"));
			return false;
		}
	if (id != 0 && (st = capture_apply(a, id, &ch)) != ST_OK) {
		app_status(a, st, _("Votes"));
		return false;
	}
	return true;
}

static bool
capture_author_done(struct app *a, void *ctx, char **v)
{
	struct capture *c = ctx;
	struct capture_change ch = {N_("set the author"), -1, {-1, 0, 0}, v[0],
	    v[1]};
	int64_t id = capture_sel_id(a, c);
	enum status st;

	if (id != 0 && (st = capture_apply(a, id, &ch)) != ST_OK) {
		app_status(a, st, _("Author"));
		return false;
	}
	return true;
}

static bool
capture_key(struct app *a, void *st, int key)
{
	struct capture *c = st;
	enum editor_result r;

	c->announce = 0; /* reported after the picker, or never */
	if (key == K_FN(KX_PASTE)) {
		c->focus_list = false;
		editor_paste(&c->ed, buf_str(&a->paste));
		c->sim_due = app_clock_ms() + SIMILAR_DELAY_MS;
		capture_draft_touch(a, c, true);
		return true;
	}
	if (c->focus_list) {
		/* Typing in the list goes to the editor: no key is lost. */
		if (key > ' ' && key != '?' && key != '/' && !K_IS_FN(key) &&
		    !K_IS_ALT(key) && key != K_DEL) {
			c->focus_list = false;
			editor_key(&c->ed, key);
			c->sim_due = app_clock_ms() + SIMILAR_DELAY_MS;
			capture_draft_touch(a, c, false);
			return true;
		}
		return false;
	}
	r = editor_key(&c->ed, key);
	if (r == ED_CHANGED) {
		c->quit_warned = false;
		c->sim_due = app_clock_ms() + SIMILAR_DELAY_MS;
		capture_draft_touch(a, c, false);
	}
	return r != ED_IGNORED;
}

static bool
capture_action(struct app *a, void *st, enum action act)
{
	struct capture *c = st;
	int64_t id;
	enum status s;

	if (list_action(&c->list, c->count, act))
		return true;
	switch (act) {
	case ACT_SAVE:
		if (c->focus_list && eb_blank(&c->ed.eb))
			c->focus_list = false;
		else
			capture_save(a, c);
		return true;
	case ACT_FOCUS:
		c->focus_list = !c->focus_list;
		return true;
	case ACT_BACK:
		if (c->editing_id != 0) {
			c->editing_id = 0;
			eb_clear(&c->ed.eb);
			capture_draft_drop(a, c);
			app_msg(a, _("Editing cancelled; nothing changed"));
		} else if (c->focus_list)
			c->focus_list = false;
		return true;
	case ACT_QUIT:
		if (!eb_blank(&c->ed.eb) && !c->quit_warned) {
			c->quit_warned = true;
			app_err(a, _("Unsaved text: Enter saves it; F10 again "
			    "leaves it as a draft"));
			return true;
		}
		app_pop(a);
		return true;
	default:
		break;
	}
	/* The clocks, the speakers, the summary (queue.c). */
	if (meeting_action(a, act))
		return true;
	if ((id = capture_sel_id(a, c)) == 0) {
		app_msg(a, _("No proposal selected"));
		return true;
	}
	switch (act) {
	case ACT_RETAG:
		picker_open(a, id, false);
		return true;
	case ACT_EDIT: {
		struct proposal p;

		if ((s = proposal_get(a->f, id, &p)) != ST_OK) {
			app_status(a, s, _("Edit"));
			return true;
		}
		eb_set(&c->ed.eb, p.text);
		proposal_clear(&p);
		c->editing_id = id;
		c->focus_list = false;
		c->sim_due = app_clock_ms();
		return true;
	}
	case ACT_STATUS: {
		const char *const items[] = {_("· new"), _("✓ accepted"),
		    _("✗ rejected")};
		int cur = c->page[c->list.sel - c->page_first].status;

		menu_open(a, _("Status"), items, 3, cur >= 0 && cur < 3 ?
		    (size_t)cur : 0, capture_status_done, c);
		return true;
	}
	case ACT_VOTES: {
		const char *const labels[] = {_("For"), _("Against"),
		    _("Abstain")};
		struct listing_row *p = &c->page[c->list.sel - c->page_first];
		char *v[3];

		v[0] = xasprintf("%lld", (long long)p->votes_for);
		v[1] = xasprintf("%lld", (long long)p->votes_against);
		v[2] = xasprintf("%lld", (long long)p->votes_abstain);
		form_open(a, _("Votes"), 3, labels, (const char *const *)v,
		    capture_votes_done, c);
		free(v[0]);
		free(v[1]);
		free(v[2]);
		return true;
	}
	case ACT_AUTHOR: {
		const char *const labels[] = {_("Author"),
		    _("Organisation")};
		struct listing_row *p = &c->page[c->list.sel - c->page_first];
		const char *v[2] = {p->author, p->organisation};

		form_open(a, _("Who proposed it"), 2, labels, v,
		    capture_author_done, c);
		return true;
	}
	case ACT_DELETE:
		if ((s = proposal_delete(a->f, id)) != ST_OK) {
			app_status(a, s, _("Delete"));
			return true;
		}
		app_msg(a, _("Proposal %zu deleted (Ctrl-Z brings it back)"),
		    c->list.sel + 1);
		app_reload(a);
		return true;
	case ACT_PREVIEW:
		preview_open(a, id);
		return true;
	default:
		return false;
	}
}

static void
capture_tick(struct app *a, void *st)
{
	struct capture *c = st;

	if (c->sim_due != 0 && app_clock_ms() >= c->sim_due) {
		capture_similar(a, c, true);
		a->dirty = true;
	}
	if (c->draft_dirty && app_clock_ms() - c->draft_kept >= DRAFT_EVERY_MS)
		capture_draft_keep(a, c);
}

static void
capture_close(struct app *a, void *st)
{
	struct capture *c = st;

	/* Leaving with text typed since it was last kept: keep it now. */
	if (c->draft_dirty)
		capture_draft_keep(a, c);
	editor_free(&c->ed);
	listing_rows_free(c->page, c->npage);
	capture_sim_clear(c);
	free(c->where);
	free(c);
}

static const enum action capture_actions[] = {
	ACT_SAVE, ACT_RETAG, ACT_EDIT, ACT_STATUS, ACT_VOTES, ACT_DELETE,
	ACT_FOCUS, ACT_PREVIEW, ACT_AUTHOR, ACT_BACK, ACT_QUIT, ACT_UP,
	ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_CLOCK,
	ACT_SPEAKER_CLOCK, ACT_EXTEND, ACT_CLOCKS, ACT_NEXT_SPEAKER, ACT_QUEUE,
	ACT_SUMMARY, ACT_NONE,
};

static const struct screen_ops capture_ops = {
	.name = N_("capture"),
	.actions = capture_actions,
	.draw = capture_draw,
	.key = capture_key,
	.action = capture_action,
	.reload = capture_reload,
	.tick = capture_tick,
	.close = capture_close,
};

void
capture_open(struct app *a)
{
	struct capture *c = xcalloc(1, sizeof *c);
	struct track t;
	struct session *ss = NULL;
	size_t ns = 0, i;
	struct buf w = {0};

	c->app = a;
	editor_init(&c->ed, false);
	list_init(&c->list, 2);
	c->filter.track_id = a->track_id;
	c->filter.session_id = a->session_id;
	c->sim_rows = SIMILAR_MAX;
	if (track_get(a->f, a->track_id, &t) == ST_OK) {
		buf_adds(&w, t.label);
		track_clear(&t);
	}
	if (a->session_id != 0 &&
	    session_list(a->f, a->track_id, &ss, &ns) == ST_OK) {
		for (i = 0; i < ns; i++)
			if (ss[i].rec.id == a->session_id) {
				buf_printf(&w, " › %s", ss[i].title);
				if (*ss[i].room != '\0')
					buf_printf(&w, ", %s", ss[i].room);
			}
		session_free(ss, ns);
	}
	c->where = buf_steal(&w);
	if (c->where == NULL)
		c->where = xstrdup("");
	capture_reload(a, c);
	capture_draft_restore(a, c);
	app_push(a, &capture_ops, c);
}
