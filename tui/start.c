/*
 * start.c: the start screen: the forum's title and dates, its tracks with
 * proposal counts, the chosen track's sessions; Enter goes to capture.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/listing.h"
#include "../model/records.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"

struct start {
	struct track *tracks;
	size_t ntracks;
	struct listing_tally *tallies; /* proposals per track and session */
	size_t ntallies;
	struct session *sessions;
	size_t nsessions;
	struct list tl, sl;
	bool focus_sessions;
	bool stale;  /* the file changed while another screen was on top */
	char *dates;
	struct app *app;
};

static void
start_load_sessions(struct start *s)
{
	session_free(s->sessions, s->nsessions);
	s->sessions = NULL;
	s->nsessions = 0;
	if (s->ntracks == 0)
		return;
	if (session_list(s->app->f, s->tracks[s->tl.sel].rec.id, &s->sessions,
	    &s->nsessions) != ST_OK)
		return;
	list_clamp(&s->sl, s->nsessions);
}

/*
 * Reads what the screen shows: the tracks, one aggregate of the proposals
 * per track and session (listing_tallies()), the forum's dates and the
 * chosen track's sessions.  Never the proposals themselves.
 */
static void
start_load(struct app *a, struct start *s)
{
	struct forum_info fi;

	s->stale = false;
	track_free(s->tracks, s->ntracks);
	free(s->tallies);
	s->tracks = NULL;
	s->ntracks = 0;
	s->tallies = NULL;
	s->ntallies = 0;
	if (track_list(a->f, &s->tracks, &s->ntracks) != ST_OK)
		app_status(a, ST_DB, _("Reading the tracks"));
	if (listing_tallies(a->f, &s->tallies, &s->ntallies) != ST_OK)
		app_status(a, ST_DB, _("Counting the proposals"));
	list_clamp(&s->tl, s->ntracks);
	free(s->dates);
	s->dates = NULL;
	if (forum_info_get(a->f, &fi) == ST_OK) {
		free(a->forum_title);
		a->forum_title = xstrdup(fi.title);
		if (*fi.start_date != '\0')
			s->dates = xasprintf("%s%s%s", fi.start_date,
			    *fi.end_date != '\0' ? " – " : "", fi.end_date);
		forum_info_free(&fi);
	}
	start_load_sessions(s);
}

/* The file changed: read it again now if the screen shows, else when it
 * shows next (a capture on top saves often; the counts can wait). */
static void
start_reload(struct app *a, void *st)
{
	struct start *s = st;

	if (app_shows(a, s))
		start_load(a, s);
	else
		s->stale = true;
}

static size_t
track_count(void *ctx)
{
	return ((struct start *)ctx)->ntracks;
}

static void
track_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct start *s = ctx;
	struct buf b = {0}, c = {0};
	enum draw_role r = selected ? (s->focus_sessions ? R_MARK :
	    R_SELECTED) : R_NORMAL;

	(void)h;
	buf_printf(&b, " %zu. %s — %s", i + 1, s->tracks[i].label,
	    s->tracks[i].title);
	buf_printf(&c, "%lld", (long long)listing_tally_sum(s->tallies,
	    s->ntallies, s->tracks[i].rec.id, -1));
	draw_pad(y, x, w - 6, buf_str(&b), r);
	draw_right(y, x + w - 6, 6, buf_str(&c), r);
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source track_source = {
	.count = track_count, .draw_row = track_row,
};

static size_t
session_count(void *ctx)
{
	return ((struct start *)ctx)->nsessions;
}

static void
session_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct start *s = ctx;
	struct session *se = &s->sessions[i];
	struct buf b = {0}, c = {0};
	enum draw_role r = selected && s->focus_sessions ? R_SELECTED :
	    R_NORMAL;

	(void)h;
	buf_printf(&b, " %s%s%s", se->title, *se->room != '\0' ? ", " : "",
	    se->room);
	buf_printf(&c, "%lld", (long long)listing_tally_sum(s->tallies,
	    s->ntallies, se->track_id, se->rec.id));
	draw_pad(y, x, w - 6, buf_str(&b), r);
	draw_right(y, x + w - 6, 6, buf_str(&c), r);
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source session_source = {
	.count = session_count, .draw_row = session_row,
};

static void
start_draw(struct app *a, void *st)
{
	struct start *s = st;
	int h = LINES - 3, tw = COLS / 2;

	if (s->stale)
		start_load(a, s);
	draw_pad(0, 0, COLS, a->forum_title, R_TITLE);
	if (s->dates != NULL)
		draw_right(0, COLS - 26, 25, s->dates, R_TITLE);
	draw_box(1, 0, h, tw, _("Tracks"), !s->focus_sessions);
	list_draw(&s->tl, &track_source, s, 2, 1, h - 2, tw - 2,
	    _("No tracks yet: Insert adds one"));
	draw_box(1, tw, h, COLS - tw, _("Sessions"), s->focus_sessions);
	list_draw(&s->sl, &session_source, s, 2, tw + 1, h - 2, COLS - tw - 2,
	    s->ntracks > 0 ? _("No sessions: Insert adds one") : NULL);
}

/* Goes to capture with the chosen track and session. */
static void
start_capture(struct app *a, struct start *s)
{
	if (s->ntracks == 0)
		return;
	a->track_id = s->tracks[s->tl.sel].rec.id;
	a->session_id = s->nsessions > 0 ? s->sessions[s->sl.sel].rec.id : 0;
	capture_open(a);
}

static bool
start_new_track(struct app *a, void *ctx, char **v)
{
	struct start *s = ctx;
	struct track t;
	enum status st;

	if (*v[0] == '\0' || *v[1] == '\0') {
		app_err(a, _("A track needs a title and a short label"));
		return false;
	}
	memset(&t, 0, sizeof t);
	t.title = v[0];
	t.label = v[1];
	t.moderator = (char *)"";
	if ((st = track_insert(a->f, &t)) != ST_OK) {
		app_status(a, st, _("New track"));
		return false;
	}
	app_msg(a, _("Track added"));
	app_reload(a);
	list_select(&s->tl, s->ntracks, s->ntracks - 1);
	start_load_sessions(s);
	return true;
}

static bool
start_new_session(struct app *a, void *ctx, char **v)
{
	struct start *s = ctx;
	struct session se;
	enum status st;

	if (*v[0] == '\0') {
		app_err(a, _("A session needs a title"));
		return false;
	}
	memset(&se, 0, sizeof se);
	se.track_id = s->tracks[s->tl.sel].rec.id;
	se.title = v[0];
	se.room = v[1];
	se.date = (char *)"";
	se.time = (char *)"";
	if ((st = session_insert(a->f, &se)) != ST_OK) {
		app_status(a, st, _("New session"));
		return false;
	}
	app_msg(a, _("Session added"));
	app_reload(a);
	list_select(&s->sl, s->nsessions, s->nsessions - 1);
	return true;
}

static bool
start_rename(struct app *a, void *ctx, char **v)
{
	struct start *s = ctx;
	enum status st;

	if (*v[0] == '\0') {
		app_err(a, _("The title cannot be empty"));
		return false;
	}
	if (s->focus_sessions) {
		struct session se = s->sessions[s->sl.sel];

		se.title = v[0];
		se.room = v[1];
		st = session_update(a->f, &se);
	} else {
		struct track t = s->tracks[s->tl.sel];

		t.title = v[0];
		t.label = v[1];
		st = track_update(a->f, &t);
	}
	if (st != ST_OK) {
		app_status(a, st, _("Rename"));
		return false;
	}
	app_reload(a);
	return true;
}

static bool
start_action(struct app *a, void *st, enum action act)
{
	struct start *s = st;
	const char *const tlabels[] = {_("Title (the key theme)"),
	    _("Short label")};
	const char *const slabels[] = {_("Title"), _("Room")};

	if (s->focus_sessions ? list_action(&s->sl, s->nsessions, act) :
	    list_action(&s->tl, s->ntracks, act)) {
		if (!s->focus_sessions) {
			list_init(&s->sl, 1);
			start_load_sessions(s);
		}
		return true;
	}
	switch (act) {
	case ACT_FOCUS:
		s->focus_sessions = !s->focus_sessions && s->ntracks > 0;
		return true;
	case ACT_OPEN:
		if (!s->focus_sessions && s->nsessions > 0)
			s->focus_sessions = true;
		else
			start_capture(a, s);
		return true;
	case ACT_BACK:
		s->focus_sessions = false;
		return true;
	case ACT_NEW:
		if (s->focus_sessions && s->ntracks > 0)
			form_open(a, _("New session"), 2, slabels, NULL,
			    start_new_session, s);
		else
			form_open(a, _("New track"), 2, tlabels, NULL,
			    start_new_track, s);
		return true;
	case ACT_EDIT:
		if (s->focus_sessions && s->nsessions > 0) {
			const char *v[2] = {s->sessions[s->sl.sel].title,
			    s->sessions[s->sl.sel].room};

			form_open(a, _("Rename the session"), 2, slabels, v,
			    start_rename, s);
		} else if (!s->focus_sessions && s->ntracks > 0) {
			const char *v[2] = {s->tracks[s->tl.sel].title,
			    s->tracks[s->tl.sel].label};

			form_open(a, _("Rename the track"), 2, tlabels, v,
			    start_rename, s);
		}
		return true;
	default:
		return false;
	}
}

static void
start_close(struct app *a, void *st)
{
	struct start *s = st;

	(void)a;
	track_free(s->tracks, s->ntracks);
	session_free(s->sessions, s->nsessions);
	free(s->tallies);
	free(s->dates);
	free(s);
}

static const enum action start_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_FOCUS, ACT_NEW, ACT_EDIT, ACT_BACK, ACT_NONE,
};

static const struct screen_ops start_ops = {
	.name = N_("start"),
	.actions = start_actions,
	.draw = start_draw,
	.action = start_action,
	.reload = start_reload,
	.close = start_close,
};

void
start_open(struct app *a)
{
	struct start *s = xcalloc(1, sizeof *s);

	s->app = a;
	list_init(&s->tl, 1);
	list_init(&s->sl, 1);
	start_load(a, s);
	app_push(a, &start_ops, s);
}
