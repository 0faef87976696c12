/*
 * tracks.c: the tracks and sessions screen (organisers, secretariat): the
 * tracks (the resolution's key themes) with their moderators, and the
 * chosen track's sessions with their state and the times they ran.  Add
 * (Insert), edit (F4: titles, label, moderator; date, time, room),
 * reorder (Shift-Up/Down), delete what holds no proposal (F8), set a
 * session's state (F5; closing records its end), and the summary of a
 * session (Alt-s).  Every change is one undoable action.
 *
 * Also here: the summary window of a session's proposals and votes,
 * which the capture screen opens on the same key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/listing.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/session_log.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"

struct tracks {
	struct app *app;
	struct track *tracks;
	size_t ntracks;
	struct session *sessions; /* of the selected track */
	size_t nsessions;
	struct listing_tally *tallies;
	size_t ntallies;
	struct list tl, sl;
	bool focus_sessions;
	int64_t edit_id;          /* the record a form edits; 0: a new one */
};

static const struct screen_ops tracks_ops;

/* "2018-01-30 10:02" in local time.  Appends to b. */
static void
when_text(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char s[32];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm) == 0)
		buf_printf(b, "%lld", (long long)ms);
	else
		buf_adds(b, s);
}

/* "10:02" in local time.  Appends to b. */
static void
clock_text(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char s[16];

	if (localtime_r(&t, &tm) != NULL &&
	    strftime(s, sizeof s, "%H:%M", &tm) != 0)
		buf_adds(b, s);
}

static void
tracks_load_sessions(struct app *a, struct tracks *t)
{
	session_free(t->sessions, t->nsessions);
	t->sessions = NULL;
	t->nsessions = 0;
	if (t->ntracks > 0 && session_list(a->f, t->tracks[t->tl.sel].rec.id,
	    &t->sessions, &t->nsessions) != ST_OK)
		app_status(a, ST_DB, _("Reading the sessions"));
	list_clamp(&t->sl, t->nsessions);
}

/* Reads everything again, keeping the selection on the same records. */
static void
tracks_load(struct app *a, void *st)
{
	struct tracks *t = st;
	int64_t tid = t->ntracks > 0 ? t->tracks[t->tl.sel].rec.id : 0;
	int64_t sid = t->nsessions > 0 ? t->sessions[t->sl.sel].rec.id : 0;
	size_t i;

	track_free(t->tracks, t->ntracks);
	free(t->tallies);
	t->tracks = NULL;
	t->ntracks = 0;
	t->tallies = NULL;
	t->ntallies = 0;
	if (track_list(a->f, &t->tracks, &t->ntracks) != ST_OK)
		app_status(a, ST_DB, _("Reading the tracks"));
	if (listing_tallies(a->f, &t->tallies, &t->ntallies) != ST_OK)
		app_status(a, ST_DB, _("Counting the proposals"));
	for (i = 0; i < t->ntracks; i++)
		if (t->tracks[i].rec.id == tid)
			t->tl.sel = i;
	list_clamp(&t->tl, t->ntracks);
	tracks_load_sessions(a, t);
	for (i = 0; i < t->nsessions; i++)
		if (t->sessions[i].rec.id == sid)
			t->sl.sel = i;
	list_clamp(&t->sl, t->nsessions);
}

static size_t
track_count(void *ctx)
{
	return ((struct tracks *)ctx)->ntracks;
}

static void
track_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct tracks *t = ctx;
	const struct track *tr = &t->tracks[i];
	struct buf b = {0}, c = {0};
	enum draw_role r = selected ? (t->focus_sessions ? R_MARK :
	    R_SELECTED) : R_NORMAL;

	buf_printf(&b, " %zu. %s — %s", i + 1, tr->label, tr->title);
	buf_printf(&c, "%lld ", (long long)listing_tally_sum(t->tallies,
	    t->ntallies, tr->rec.id, -1));
	draw_pad(y, x, w - 7, buf_str(&b), r);
	draw_right(y, x + w - 7, 7, buf_str(&c), r);
	if (h > 1) {
		buf_reset(&b);
		buf_printf(&b, "     %s%s", *tr->moderator != '\0' ?
		    _("moderator: ") : _("no moderator yet (F4)"), tr->moderator);
		draw_pad(y + 1, x, w, buf_str(&b), selected ? r : R_DIM);
	}
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source track_source = {
	.count = track_count, .draw_row = track_row,
};

static size_t
session_count(void *ctx)
{
	return ((struct tracks *)ctx)->nsessions;
}

static void
session_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct tracks *t = ctx;
	const struct session *s = &t->sessions[i];
	struct buf b = {0}, c = {0};
	enum draw_role r = selected && t->focus_sessions ? R_SELECTED :
	    R_NORMAL;

	buf_printf(&b, " %s%s%s", s->title, *s->room != '\0' ? ", " : "",
	    s->room);
	buf_printf(&c, "%lld ", (long long)listing_tally_sum(t->tallies,
	    t->ntallies, s->track_id, s->rec.id));
	draw_pad(y, x, w - 7, buf_str(&b), r);
	draw_right(y, x + w - 7, 7, buf_str(&c), r);
	if (h > 1) {
		buf_reset(&b);
		buf_printf(&b, "   %s", _(session_state_name(s->state)));
		if (*s->date != '\0' || *s->time != '\0')
			buf_printf(&b, _(" · planned %s%s%s"), s->date,
			    *s->date != '\0' && *s->time != '\0' ? " " : "",
			    s->time);
		if (s->started != 0) {
			buf_adds(&b, _(" · ran "));
			clock_text(&b, s->started);
			buf_adds(&b, "–");
			if (s->ended != 0)
				clock_text(&b, s->ended);
		}
		draw_pad(y + 1, x, w, buf_str(&b), selected &&
		    t->focus_sessions ? r : R_DIM);
	}
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source session_source = {
	.count = session_count, .draw_row = session_row,
};

static void
tracks_draw(struct app *a, void *st)
{
	struct tracks *t = st;
	int h = LINES - 3, tw = COLS / 2;
	struct buf b = {0};

	(void)a;
	draw_pad(0, 0, COLS, _("Tracks and sessions · Ins add · F4 edit · "
	    "F5 state · Alt-s summary"), R_TITLE);
	draw_box(1, 0, h, tw, _("Tracks (the key themes)"), !t->focus_sessions);
	list_draw(&t->tl, &track_source, t, 2, 1, h - 2, tw - 2,
	    _("No tracks yet: Insert adds one"));
	if (t->ntracks > 0)
		buf_printf(&b, _("Sessions of %s"), t->tracks[t->tl.sel].label);
	else
		buf_adds(&b, _("Sessions"));
	draw_box(1, tw, h, COLS - tw, buf_str(&b), t->focus_sessions);
	list_draw(&t->sl, &session_source, t, 2, tw + 1, h - 2, COLS - tw - 2,
	    t->ntracks > 0 ? _("No sessions: Tab, then Insert adds one") : NULL);
	buf_free(&b);
}

/* Ends the action the caller began: commits if st is ST_OK, else rolls
 * back and reports; reloads the screens after a commit.  True if saved. */
static bool
tracks_commit(struct app *a, enum status st, const char *what)
{
	if (st == ST_OK)
		st = forum_commit(a->f);
	else if (forum_in_action(a->f))
		forum_rollback(a->f);
	if (st != ST_OK) {
		app_status(a, st, what);
		return false;
	}
	app_reload(a);
	return true;
}

static bool
track_form_done(struct app *a, void *ctx, char **v)
{
	struct tracks *t = ctx;
	struct track tr;
	enum status st;

	if (*v[0] == '\0' || *v[1] == '\0') {
		app_err(a, _("A track needs a title and a short label"));
		return false;
	}
	if (t->edit_id == 0) {
		memset(&tr, 0, sizeof tr);
		tr.title = v[0];
		tr.label = v[1];
		tr.moderator = v[2];
		st = forum_begin(a->f, N_("add a track"));
		if (st == ST_OK)
			st = track_insert(a->f, &tr);
		if (!tracks_commit(a, st, _("New track")))
			return false;
		list_select(&t->tl, t->ntracks, t->ntracks - 1);
		tracks_load_sessions(a, t);
		app_msg(a, _("Track added"));
		return true;
	}
	if ((st = track_get(a->f, t->edit_id, &tr)) != ST_OK) {
		app_status(a, st, _("Edit the track"));
		return true;
	}
	free(tr.title);
	free(tr.label);
	free(tr.moderator);
	tr.title = xstrdup(v[0]);
	tr.label = xstrdup(v[1]);
	tr.moderator = xstrdup(v[2]);
	st = forum_begin(a->f, N_("edit a track"));
	if (st == ST_OK)
		st = track_update(a->f, &tr);
	track_clear(&tr);
	if (!tracks_commit(a, st, _("Edit the track")))
		return false;
	app_msg(a, _("Track saved"));
	return true;
}

static bool
session_form_done(struct app *a, void *ctx, char **v)
{
	struct tracks *t = ctx;
	struct session s;
	enum status st;

	if (*v[0] == '\0') {
		app_err(a, _("A session needs a title"));
		return false;
	}
	if (*v[1] != '\0' && !date_valid(v[1])) {
		app_err(a, _("The date is YYYY-MM-DD (2017-12-07), or empty"));
		return false;
	}
	if (t->edit_id == 0) {
		if (t->ntracks == 0)
			return true;
		memset(&s, 0, sizeof s);
		s.track_id = t->tracks[t->tl.sel].rec.id;
		s.title = v[0];
		s.date = v[1];
		s.time = v[2];
		s.room = v[3];
		st = forum_begin(a->f, N_("add a session"));
		if (st == ST_OK)
			st = session_insert(a->f, &s);
		if (!tracks_commit(a, st, _("New session")))
			return false;
		list_select(&t->sl, t->nsessions, t->nsessions - 1);
		t->focus_sessions = true;
		app_msg(a, _("Session added"));
		return true;
	}
	if ((st = session_get(a->f, t->edit_id, &s)) != ST_OK) {
		app_status(a, st, _("Edit the session"));
		return true;
	}
	session_clear(&s);
	s.title = v[0];
	s.date = v[1];
	s.time = v[2];
	s.room = v[3];
	st = forum_begin(a->f, N_("edit a session"));
	if (st == ST_OK)
		st = session_update(a->f, &s);
	if (!tracks_commit(a, st, _("Edit the session")))
		return false;
	app_msg(a, _("Session saved"));
	return true;
}

static void
tracks_form(struct app *a, struct tracks *t, bool add)
{
	const char *const tlabels[] = {
	    _("Title: the key theme, as the resolution prints it"),
	    _("Short label (for lists and the command line)"),
	    _("Moderator(s)")};
	const char *const slabels[] = {_("Title (Сессия 1)"),
	    _("Date (YYYY-MM-DD)"), _("Time (HH:MM)"), _("Room")};

	if (t->focus_sessions && t->ntracks > 0) {
		const struct session *s = add || t->nsessions == 0 ? NULL :
		    &t->sessions[t->sl.sel];
		const char *v[4] = {"", "", "", ""};

		if (!add && s == NULL)
			return;
		if (s != NULL) {
			v[0] = s->title;
			v[1] = s->date;
			v[2] = s->time;
			v[3] = s->room;
		}
		t->edit_id = s != NULL ? s->rec.id : 0;
		form_open(a, add ? _("New session") : _("Edit the session"), 4,
		    slabels, v, session_form_done, t);
		return;
	}
	if (!add && t->ntracks == 0)
		return;
	{
		const struct track *tr = add ? NULL : &t->tracks[t->tl.sel];
		const char *v[3] = {"", "", ""};

		if (tr != NULL) {
			v[0] = tr->title;
			v[1] = tr->label;
			v[2] = tr->moderator;
		}
		t->edit_id = tr != NULL ? tr->rec.id : 0;
		form_open(a, add ? _("New track") : _("Edit the track"), 3, tlabels,
		    v, track_form_done, t);
	}
}

static void
tracks_move(struct app *a, struct tracks *t, int delta)
{
	struct list *l = t->focus_sessions ? &t->sl : &t->tl;
	size_t n = t->focus_sessions ? t->nsessions : t->ntracks;
	enum status st;

	if (n == 0 || (delta < 0 && l->sel == 0) ||
	    (delta > 0 && l->sel + 1 >= n))
		return;
	st = forum_begin(a->f, t->focus_sessions ? N_("reorder the sessions") :
	    N_("reorder the tracks"));
	if (st == ST_OK)
		st = record_move(a->f, t->focus_sessions ? "session" : "track",
		    t->focus_sessions ? t->sessions[l->sel].rec.id :
		    t->tracks[l->sel].rec.id, (int64_t)l->sel + 1 + delta);
	tracks_commit(a, st, _("Move"));
}

static void
tracks_delete(struct app *a, struct tracks *t)
{
	enum status st;
	int64_t n;

	if (t->focus_sessions && t->nsessions > 0) {
		struct session s;

		n = listing_tally_sum(t->tallies, t->ntallies,
		    t->sessions[t->sl.sel].track_id,
		    t->sessions[t->sl.sel].rec.id);
		if (n > 0) {
			app_err(a, P_("The session holds %lld proposal: it stays",
			    "The session holds %lld proposals: it stays", n),
			    (long long)n);
			return;
		}
		if ((st = session_get(a->f, t->sessions[t->sl.sel].rec.id,
		    &s)) != ST_OK) {
			app_status(a, st, _("Delete"));
			return;
		}
		s.rec.deleted = true;
		st = forum_begin(a->f, N_("delete a session"));
		if (st == ST_OK)
			st = session_update(a->f, &s);
		session_clear(&s);
	} else if (!t->focus_sessions && t->ntracks > 0) {
		struct track tr;

		n = listing_tally_sum(t->tallies, t->ntallies,
		    t->tracks[t->tl.sel].rec.id, -1);
		if (n > 0 || t->nsessions > 0) {
			app_err(a, "%s", n > 0 ?
			    _("The track holds proposals: it stays") :
			    _("The track holds sessions: it stays"));
			return;
		}
		if ((st = track_get(a->f, t->tracks[t->tl.sel].rec.id, &tr)) !=
		    ST_OK) {
			app_status(a, st, _("Delete"));
			return;
		}
		tr.rec.deleted = true;
		st = forum_begin(a->f, N_("delete a track"));
		if (st == ST_OK)
			st = track_update(a->f, &tr);
		track_clear(&tr);
	} else
		return;
	if (tracks_commit(a, st, _("Delete")))
		app_msg(a, _("Deleted (Ctrl-Z brings it back)"));
}

static void
session_state_done(struct app *a, void *ctx, size_t choice)
{
	struct tracks *t = ctx;
	struct session s;
	enum status st;
	int64_t now = clock_now_ms();

	if (app_top(a, &tracks_ops) != t || t->nsessions == 0 ||
	    choice > SESSION_CLOSED)
		return;
	if ((st = session_get(a->f, t->sessions[t->sl.sel].rec.id, &s)) !=
	    ST_OK) {
		app_status(a, st, _("State"));
		return;
	}
	s.state = (int)choice;
	/* Opened: it runs from now if it never ran, and has not ended.
	 * Closed: it ended now (and began then, if it never ran). */
	if (choice == SESSION_OPEN) {
		if (s.started == 0)
			s.started = now;
		s.ended = 0;
	} else if (choice == SESSION_CLOSED) {
		if (s.started == 0)
			s.started = now;
		if (s.ended == 0)
			s.ended = now;
	}
	st = forum_begin(a->f, choice == SESSION_CLOSED ? N_("close the session") :
	    N_("set a session's state"));
	if (st == ST_OK)
		st = session_update(a->f, &s);
	session_clear(&s);
	if (tracks_commit(a, st, _("State")))
		app_msg(a, choice == SESSION_CLOSED ? _("The session is %s; its "
		    "end is recorded") : _("The session is %s"),
		    _(session_state_name((int)choice)));
}

static bool
tracks_action(struct app *a, void *st, enum action act)
{
	struct tracks *t = st;

	if (t->focus_sessions ? list_action(&t->sl, t->nsessions, act) :
	    list_action(&t->tl, t->ntracks, act)) {
		if (!t->focus_sessions) {
			list_init(&t->sl, 2);
			tracks_load_sessions(a, t);
		}
		return true;
	}
	switch (act) {
	case ACT_FOCUS:
		t->focus_sessions = !t->focus_sessions && t->ntracks > 0;
		return true;
	case ACT_OPEN:
		if (!t->focus_sessions && t->ntracks > 0)
			t->focus_sessions = true;
		else if (t->focus_sessions && t->nsessions > 0) {
			a->track_id = t->tracks[t->tl.sel].rec.id;
			a->session_id = t->sessions[t->sl.sel].rec.id;
			capture_open(a);
		}
		return true;
	case ACT_NEW:
		/* A session when the sessions have the focus (there is a
		 * track then), else a track. */
		tracks_form(a, t, true);
		return true;
	case ACT_EDIT:
		tracks_form(a, t, false);
		return true;
	case ACT_DELETE:
		tracks_delete(a, t);
		return true;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		tracks_move(a, t, act == ACT_MOVE_UP ? -1 : 1);
		return true;
	case ACT_SESSION_STATE: {
		const char *const items[] = {_("planned"), _("open"),
		    _("closed: record its end")};

		if (!t->focus_sessions || t->nsessions == 0) {
			app_msg(a, _("Choose a session first (Tab)"));
			return true;
		}
		menu_open(a, _("The session's state"), items, 3,
		    (size_t)t->sessions[t->sl.sel].state, session_state_done,
		    t);
		return true;
	}
	case ACT_SUMMARY:
		if (t->ntracks == 0)
			return true;
		summary_open(a, t->tracks[t->tl.sel].rec.id, t->focus_sessions &&
		    t->nsessions > 0 ? t->sessions[t->sl.sel].rec.id : 0);
		return true;
	case ACT_BACK:
		if (t->focus_sessions) {
			t->focus_sessions = false;
			return true;
		}
		app_pop(a);
		return true;
	case ACT_TRACKS:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
tracks_close(struct app *a, void *st)
{
	struct tracks *t = st;

	(void)a;
	track_free(t->tracks, t->ntracks);
	session_free(t->sessions, t->nsessions);
	free(t->tallies);
	free(t);
}

static const enum action tracks_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_FOCUS, ACT_NEW, ACT_EDIT, ACT_DELETE, ACT_MOVE_UP, ACT_MOVE_DOWN,
	ACT_SESSION_STATE, ACT_SUMMARY, ACT_TRACKS, ACT_BACK, ACT_QUIT,
	ACT_NONE,
};

static const struct screen_ops tracks_ops = {
	.name = N_("tracks and sessions"),
	.actions = tracks_actions,
	.draw = tracks_draw,
	.action = tracks_action,
	.reload = tracks_load,
	.close = tracks_close,
};

void
tracks_open(struct app *a)
{
	struct tracks *t;

	if (app_top(a, &tracks_ops) != NULL)
		return;
	t = xcalloc(1, sizeof *t);
	t->app = a;
	list_init(&t->tl, 2);
	list_init(&t->sl, 2);
	tracks_load(a, t);
	app_push(a, &tracks_ops, t);
}

/* ---- the summary window ---- */

/* The column the figures end at. */
#define SUMMARY_COLUMN 22

struct summary {
	int64_t track_id, session_id;
	char **lines;
	size_t n;
	char *title;
};

static void
summary_add(struct summary *s, char *line)
{
	s->lines = xreallocarray(s->lines, s->n + 1, sizeof *s->lines);
	s->lines[s->n++] = line;
}

/* "  ✓ accepted      7": the name, the figure right-aligned in a column
 * (the names hold glyphs wider in bytes than in columns).  Caller frees. */
static char *
summary_figure(const char *name, int64_t n)
{
	struct buf b = {0};
	char num[24];
	int pad;

	snprintf(num, sizeof num, "%lld", (long long)n);
	buf_adds(&b, name);
	pad = SUMMARY_COLUMN - draw_width(name) - (int)strlen(num);
	buf_addn(&b, ' ', pad > 1 ? (size_t)pad : 1);
	buf_adds(&b, num);
	return buf_steal(&b);
}

static void
summary_clear(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s->title);
	s->lines = NULL;
	s->title = NULL;
	s->n = 0;
}

static void
summary_load(struct app *a, void *st)
{
	const char *const names[4] = {_("  · new"), _("  ✓ accepted"),
	    _("  ✗ rejected"), _("  ⇢ merged")};
	struct summary *s = st;
	struct session_summary sum;
	struct session se;
	struct track tr;
	struct buf b = {0};
	enum status rc;
	int k;

	summary_clear(s);
	if (track_get(a->f, s->track_id, &tr) == ST_OK) {
		buf_adds(&b, tr.label);
		track_clear(&tr);
	}
	memset(&se, 0, sizeof se);
	if (s->session_id != 0 &&
	    session_get(a->f, s->session_id, &se) == ST_OK)
		buf_printf(&b, " › %s", se.title);
	s->title = xasprintf(_("Summary: %s"), buf_str(&b));
	buf_reset(&b);
	if ((rc = session_summary_get(a->f, s->track_id, s->session_id,
	    &sum)) != ST_OK) {
		app_status(a, rc, _("Summary"));
		memset(&sum, 0, sizeof sum);
	}
	summary_add(s, summary_figure(_("Proposals"), sum.total));
	for (k = 0; k < 4; k++)
		summary_add(s, summary_figure(names[k], sum.by_status[k]));
	summary_add(s, xstrdup(""));
	if (sum.voted == 0)
		summary_add(s, xstrdup(_("No votes taken (F6 on a proposal)")));
	else {
		summary_add(s, xasprintf(P_("Votes taken on %lld proposal:",
		    "Votes taken on %lld proposals:", sum.voted),
		    (long long)sum.voted));
		summary_add(s, xasprintf(_("  for %lld · against %lld · "
		    "abstain %lld"), (long long)sum.votes_for,
		    (long long)sum.votes_against,
		    (long long)sum.votes_abstain));
	}
	if (s->session_id != 0) {
		summary_add(s, xstrdup(""));
		buf_printf(&b, _("State: %s"), _(session_state_name(se.state)));
		summary_add(s, buf_steal(&b));
		if (se.started != 0) {
			/* TRANSLATORS: "Started " and "Ended   " make a
			 * column: pad them to one width. */
			buf_adds(&b, _("Started "));
			when_text(&b, se.started);
			summary_add(s, buf_steal(&b));
		}
		if (se.ended != 0) {
			buf_adds(&b, _("Ended   "));
			when_text(&b, se.ended);
			if (se.started != 0 && se.ended >= se.started)
				buf_printf(&b, _(" (%lld min)"), (long long)
				    ((se.ended - se.started) / 60000));
			summary_add(s, buf_steal(&b));
		}
	}
	session_clear(&se);
	buf_free(&b);
}

static void
summary_draw(struct app *a, void *st)
{
	struct summary *s = st;
	int w = 52, h = (int)s->n + 4, y, x, i;

	(void)a;
	for (i = 0; i < (int)s->n; i++)
		if (draw_width(s->lines[i]) + 4 > w)
			w = draw_width(s->lines[i]) + 4;
	if (w > COLS - 4)
		w = COLS - 4;
	if (h > LINES - 2)
		h = LINES - 2;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, s->title, true);
	for (i = 0; i < (int)s->n && i < h - 3; i++)
		draw_str(y + 1 + i, x + 2, w - 4, s->lines[i], R_NORMAL);
	draw_str(y + h - 2, x + 2, w - 4, _("Esc closes"), R_DIM);
}

static bool
summary_action(struct app *a, void *st, enum action act)
{
	(void)st;
	switch (act) {
	case ACT_SUMMARY:
	case ACT_BACK:
	case ACT_QUIT:
	case ACT_OPEN:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
summary_close(struct app *a, void *st)
{
	(void)a;
	summary_clear(st);
	free(st);
}

static const enum action summary_actions[] = {
	ACT_SUMMARY, ACT_OPEN, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops summary_ops = {
	.name = N_("session summary"),
	.actions = summary_actions,
	.modal = true,
	.draw = summary_draw,
	.action = summary_action,
	.reload = summary_load,
	.close = summary_close,
};

void
summary_open(struct app *a, int64_t track_id, int64_t session_id)
{
	struct summary *s;

	if (track_id == 0) {
		app_msg(a, _("Choose a track first"));
		return;
	}
	s = xcalloc(1, sizeof *s);
	s->track_id = track_id;
	s->session_id = session_id;
	summary_load(a, s);
	app_push(a, &summary_ops, s);
}
