/*
 * app.c: the interface's entry and event loop, the screen stack and the
 * generic driver for the actions a screen leaves alone (tig's
 * view_driver).
 *
 * The loop reads every key that is already waiting before it draws, so a
 * fast typist or a paste is never slowed by redraws, and it wakes every
 * 250 ms to notice other writers (PRAGMA data_version through
 * forum_data_version()) and reload what is on screen.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "../model/draft.h"
#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/text.h"
#include "dialog.h"
#include "draw.h"
#include "files.h"
#include "keymap.h"
#include "queue.h"
#include "term.h"
#include "tui.h"

#define POLL_MS 250

bool
screen_handles(const struct screen_ops *ops, enum action act)
{
	size_t i;

	if (ops == NULL || ops->actions == NULL)
		return false;
	for (i = 0; ops->actions[i] != ACT_NONE; i++)
		if (ops->actions[i] == act)
			return true;
	return false;
}

void
app_push(struct app *a, const struct screen_ops *ops, void *st)
{
	if (a->depth >= APP_MAX_SCREENS) {
		ops->close(a, st);
		app_err(a, _("Too many windows open"));
		return;
	}
	a->stack[a->depth].ops = ops;
	a->stack[a->depth].st = st;
	a->depth++;
	a->dirty = true;
}

void
app_pop(struct app *a)
{
	struct screen s;

	if (a->depth == 0)
		return;
	s = a->stack[--a->depth];
	s.ops->close(a, s.st);
	a->dirty = true;
}

void *
app_top(struct app *a, const struct screen_ops *ops)
{
	if (a->depth == 0 || a->stack[a->depth - 1].ops != ops)
		return NULL;
	return a->stack[a->depth - 1].st;
}

bool
app_shows(struct app *a, const void *st)
{
	int i;

	for (i = a->depth - 1; i >= 0; i--) {
		if (a->stack[i].st == st)
			return true;
		if (!a->stack[i].ops->modal)
			return false;
	}
	return false;
}

static void
app_vmsg(struct app *a, bool error, const char *fmt, va_list ap)
{
	char *m = xvasprintf(fmt, ap);

	buf_reset(&a->status);
	buf_adds(&a->status, m);
	free(m);
	a->status_error = error;
	a->dirty = true;
}

void
app_msg(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vmsg(a, false, fmt, ap);
	va_end(ap);
}

void
app_err(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_vmsg(a, true, fmt, ap);
	va_end(ap);
}

void
app_status(struct app *a, enum status st, const char *what)
{
	if (st == ST_OK)
		return;
	if (st == ST_BUSY)
		app_err(a, _("%s: another moderator is writing; try again"),
		    what);
	else
		app_err(a, _("%s: %s (%s)"), what, status_text(st),
		    forum_error(a->f));
}

void
app_reload(struct app *a)
{
	int i;

	for (i = 0; i < a->depth; i++)
		if (a->stack[i].ops->reload != NULL)
			a->stack[i].ops->reload(a, a->stack[i].st);
	a->data_version = forum_data_version(a->f);
	a->dirty = true;
}

void
app_mru_use(struct app *a, int64_t id)
{
	size_t i;

	for (i = 0; i < a->nmru && a->mru[i] != id; i++)
		;
	if (i == a->nmru)
		a->mru = xreallocarray(a->mru, ++a->nmru, sizeof *a->mru);
	memmove(a->mru + 1, a->mru, i * sizeof *a->mru);
	a->mru[0] = id;
}

void
app_undo(struct app *a, bool redo)
{
	char *label = NULL;
	enum status st;

	st = redo ? forum_redo(a->f, &label) : forum_undo(a->f, &label);
	if (st == ST_BUSY) /* once more, after the busy timeout */
		st = redo ? forum_redo(a->f, &label) : forum_undo(a->f, &label);
	switch (st) {
	case ST_OK:
		app_msg(a, "%s: %s", redo ? _("Redone") : _("Undone"),
		    label != NULL ? i18n_text(label) : "");
		app_reload(a);
		break;
	case ST_NOTHING:
		app_msg(a, "%s", redo ? _("Nothing to redo") :
		    _("Nothing to undo"));
		break;
	case ST_CONFLICT:
		app_err(a, redo ? _("Cannot redo \"%s\": another moderator "
		    "changed the same records since") : _("Cannot undo \"%s\": "
		    "another moderator changed the same records since"),
		    label != NULL ? i18n_text(label) : _("the last change"));
		break;
	default:
		app_status(a, st, redo ? _("Redo") : _("Undo"));
		break;
	}
	free(label);
}

/* Milliseconds of a monotonic clock (the model's clock may be fixed). */
int64_t
app_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The status line (row LINES - 2): the message, or the save state. */
static void
app_draw_status(struct app *a)
{
	const char *path = forum_path(a->f), *base = strrchr(path, '/');
	int y = LINES - 2, rw;

	base = base != NULL ? base + 1 : path;
	rw = draw_width(base) + 2;
	if (rw > COLS / 3)
		rw = COLS / 3;
	draw_fill(y, 0, COLS, R_NORMAL);
	if (a->status.len > 0)
		draw_str(y, 1, COLS - rw - 2, buf_str(&a->status),
		    a->status_error ? R_ERROR : R_STATUS);
	else
		draw_str(y, 1, COLS - rw - 2, forum_readonly(a->f) ?
		    _("Read-only: nothing can be changed") :
		    _("Every change is saved at once"), R_DIM);
	draw_right(y, COLS - rw, rw - 1, base, R_DIM);
}

static void
app_draw(struct app *a)
{
	int base = a->depth - 1, i;

	erase();
	curs_set(0);
	if (LINES < 10 || COLS < 40) {
		draw_str(0, 0, COLS, _("The terminal is too small: 80×24 at "
		    "least, please"), R_ERROR);
		refresh();
		return;
	}
	while (base > 0 && a->stack[base].ops->modal)
		base--;
	app_draw_status(a);
	keymap_bar(a->stack[a->depth - 1].ops, LINES - 1);
	for (i = base; i < a->depth; i++) {
		if (i > base)
			curs_set(0);
		a->stack[i].ops->draw(a, a->stack[i].st);
	}
	refresh();
}

/* What no screen handled. */
static void
app_driver(struct app *a, const struct screen_ops *ops, enum action act)
{
	switch (act) {
	case ACT_HELP:
		help_open(a, ops);
		break;
	case ACT_MENU:
		menu_actions_open(a, ops);
		break;
	case ACT_QUIT:
		if (a->depth <= 1)
			a->quit = true;
		else
			app_pop(a);
		break;
	case ACT_BACK:
		if (a->depth > 1)
			app_pop(a);
		break;
	case ACT_UNDO:
	case ACT_REDO:
		app_undo(a, act == ACT_REDO);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_SEARCH:
		search_open(a);
		break;
	case ACT_PREVIEW:
		preview_open(a, 0);
		break;
	case ACT_DUPES:
		dupes_open(a);
		break;
	case ACT_STATS:
		stats_open(a);
		break;
	case ACT_ORDER:
		order_open(a);
		break;
	case ACT_FORUM:
		forum_screen_open(a);
		break;
	case ACT_TRACKS:
		tracks_open(a);
		break;
	case ACT_ADDRESSEES:
		addressees_open(a);
		break;
	case ACT_FILES:
		files_open(a);
		break;
	default:
		break;
	}
}

static void
app_key(struct app *a, int key)
{
	struct screen *s = &a->stack[a->depth - 1];
	const struct screen_ops *ops = s->ops;
	enum action act;

	if (ops->key != NULL && ops->key(a, s->st, key))
		return;
	act = keymap_lookup(ops, key);
	if (act == ACT_NONE)
		return;
	if (screen_handles(ops, act) && ops->action != NULL &&
	    ops->action(a, s->st, act))
		return;
	app_driver(a, ops, act);
}

/* Reloads the screens when another connection has written. */
static void
app_poll(struct app *a)
{
	int64_t v = forum_data_version(a->f);
	int i;

	if (v >= 0 && v != a->data_version)
		app_reload(a);
	for (i = 0; i < a->depth; i++)
		if (a->stack[i].ops->tick != NULL)
			a->stack[i].ops->tick(a, a->stack[i].st);
	/* The clocks warn whatever screen is on top. */
	meetings_tick(a);
}

/* ---- the unsaved draft, offered on start ---- */

/* The offer: where the draft goes back, and what the question shows. */
struct draft_offer {
	int64_t track_id, session_id;
	char when[32];
	char *first; /* the draft's first line, to recognise it */
};

static void
offer_draw(struct app *a, void *st)
{
	struct draft_offer *o = st;
	struct buf q = {0};
	int w = COLS - 8 < 72 ? COLS - 8 : 72, h = 6;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;

	(void)a;
	buf_printf(&q, _("An unsaved draft from %s: restore? y/n"), o->when);
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, _("Unsaved draft"), true);
	draw_str(y + 1, x + 2, w - 4, buf_str(&q), R_NORMAL);
	draw_str(y + 3, x + 2, w - 4, o->first, R_DIM);
	draw_str(y + 4, x + 2, w - 4, _("y: into the editor  n: discard it  "
	    "Esc: later"), R_DIM);
	buf_free(&q);
}

static bool
offer_key(struct app *a, void *st, int key)
{
	struct draft_offer *o = st;
	int64_t track = o->track_id, session = o->session_id;

	switch (key) {
	case 'y':
	case 'Y':
	case K_ENTER:
		/* The capture screen finds the draft of its place and puts it
		 * into the editor (capture.c). */
		app_pop(a);
		a->track_id = track;
		a->session_id = session;
		capture_open(a);
		return true;
	case 'n':
	case 'N':
		app_pop(a);
		if (draft_clear(a->f) != ST_OK)
			app_status(a, ST_IO, _("Discarding the draft"));
		else
			app_msg(a, _("The draft was discarded"));
		return true;
	case K_ESC:
		app_pop(a);
		app_msg(a, _("The draft is kept; it comes back in its session"));
		return true;
	default:
		/* Text waits for the answer; the keys of the bar work. */
		return !K_IS_FN(key) && key >= ' ';
	}
}

static void
offer_close(struct app *a, void *st)
{
	struct draft_offer *o = st;

	(void)a;
	free(o->first);
	free(o);
}

static const enum action offer_actions[] = { ACT_NONE };

static const struct screen_ops offer_ops = {
	.name = N_("unsaved draft"),
	.actions = offer_actions,
	.modal = true,
	.draw = offer_draw,
	.key = offer_key,
	.close = offer_close,
};

/*
 * On start: if this user left an unsaved draft of this file (a crash, a
 * dead battery, F10 with text in the editor), asks whether to put it back.
 * Its track and session are checked first: if they were deleted since,
 * the draft goes to the first track (and the draft file says so).
 */
static void
app_offer_draft(struct app *a)
{
	struct draft_offer *o;
	struct draft d;
	const char *first;
	struct track t, *tracks = NULL;
	struct session *ss = NULL;
	size_t n = 0, i;
	bool moved = false, found = false;

	if (forum_readonly(a->f) || draft_load(a->f, &d) != ST_OK)
		return;
	if (track_get(a->f, d.track_id, &t) == ST_OK) {
		found = !t.rec.deleted;
		track_clear(&t);
	}
	if (!found) {
		if (track_list(a->f, &tracks, &n) != ST_OK || n == 0) {
			track_free(tracks, n);
			draft_free(&d);
			app_err(a, _("An unsaved draft is kept, but the forum has no "
			    "track to put it in"));
			return;
		}
		d.track_id = tracks[0].rec.id;
		d.session_id = 0;
		d.editing_id = 0;
		track_free(tracks, n);
		moved = true;
	}
	if (d.session_id != 0) {
		found = false;
		if (session_list(a->f, d.track_id, &ss, &n) == ST_OK)
			for (i = 0; i < n; i++)
				found = found || ss[i].rec.id == d.session_id;
		session_free(ss, n);
		if (!found) {
			d.session_id = 0;
			moved = true;
		}
	}
	if (moved && draft_save(a->f, &d) != ST_OK) {
		app_status(a, ST_IO, _("Keeping the draft"));
		draft_free(&d);
		return;
	}
	o = xcalloc(1, sizeof *o);
	o->track_id = d.track_id;
	o->session_id = d.session_id;
	draft_clock(d.time, o->when);
	first = d.text + strspn(d.text, " \n");
	o->first = xstrndup(first, strcspn(first, "\n"));
	draft_free(&d);
	app_push(a, &offer_ops, o);
}

int
tui_main(const char *path)
{
	struct app a;
	struct forum_info fi;
	char *err = NULL;
	int64_t last_poll;
	int key;
	/* A hook for tests and `make bench`: leave after the first complete
	 * draw, to time the way to the first screen. */
	const char *after_draw = getenv("AGORA_EXIT_AFTER_DRAW");
	bool exit_after_draw = after_draw != NULL && *after_draw != '\0' &&
	    strcmp(after_draw, "0") != 0;

	memset(&a, 0, sizeof a);
	if (forum_open(path, 0, &a.f, &err) != ST_OK) {
		struct buf b = {0};

		text_sanitise(&b, err, strlen(err), 0);
		fprintf(stderr, "agora: %s\n", buf_str(&b));
		buf_free(&b);
		free(err);
		return 1;
	}
	if (forum_info_get(a.f, &fi) == ST_OK) {
		a.forum_title = xstrdup(fi.title);
		forum_info_free(&fi);
	} else
		a.forum_title = xstrdup("");
	a.colour = term_start();
	draw_init(a.colour);
	a.data_version = forum_data_version(a.f);
	a.dirty = true;
	start_open(&a);
	app_offer_draft(&a);
	last_poll = app_clock_ms();
	while (!a.quit && a.depth > 0) {
		/* Keys already waiting are handled before any redraw. */
		key = term_key(0, &a.paste);
		if (key == K_NONE) {
			if (a.dirty) {
				app_draw(&a);
				a.dirty = false;
				if (exit_after_draw)
					break;
			}
			key = term_key(POLL_MS, &a.paste);
		}
		if (app_clock_ms() - last_poll >= POLL_MS) {
			app_poll(&a);
			last_poll = app_clock_ms();
		}
		if (key == K_NONE)
			continue;
		a.dirty = true;
		if (key == K_FN(KEY_RESIZE))
			continue;
		buf_reset(&a.status);
		app_key(&a, key);
	}
	while (a.depth > 0)
		app_pop(&a);
	term_stop();
	forum_close(a.f);
	free(a.forum_title);
	free(a.mru);
	meetings_free(&a);
	buf_free(&a.status);
	buf_free(&a.paste);
	return 0;
}
