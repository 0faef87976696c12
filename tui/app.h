/*
 * app.h: the application context, screens as descriptors, and the event
 * loop.  There are no mutable globals: every screen and widget receives
 * the struct app.  (The one exception is the flag the signal handler reads
 * to restore the terminal, in term.c: a handler cannot be given a context.)
 */
#ifndef AGORA_TUI_APP_H
#define AGORA_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/forum.h"
#include "../model/util.h"
#include "actions.h"

struct app;
struct meetings;

/*
 * A screen: one file, one const descriptor (tig's view_ops, tmux's
 * cmd_entry).  The event loop knows only this.  key() sees every key first
 * (for text input) and returns true if it consumed it; otherwise the key is
 * looked up in the binding table and action() gets the action if the
 * screen lists it in actions[]; what it does not handle goes to the generic
 * driver (app.c).
 */
struct screen_ops {
	const char *name;
	const enum action *actions; /* handled; ends with ACT_NONE */
	bool modal;                 /* drawn over the screen below it */
	void (*draw)(struct app *a, void *st);
	bool (*key)(struct app *a, void *st, int key);
	bool (*action)(struct app *a, void *st, enum action act);
	void (*reload)(struct app *a, void *st); /* the file changed */
	void (*tick)(struct app *a, void *st);   /* idle, every ~250 ms */
	void (*close)(struct app *a, void *st);  /* frees st */
};

struct screen {
	const struct screen_ops *ops;
	void *st;
};

#define APP_MAX_SCREENS 16

struct app {
	struct forum *f;
	char *forum_title;
	int64_t track_id, session_id; /* the current place; 0: none */
	struct screen stack[APP_MAX_SCREENS];
	int depth;
	struct buf status;   /* the status line's message */
	bool status_error;
	bool colour;         /* colours in use (has_colors, no NO_COLOR) */
	bool quit;
	bool dirty;          /* redraw before the next wait */
	int64_t data_version;
	struct buf paste;    /* the text of the last KX_PASTE */
	int64_t *mru;        /* addressee ids, last used first */
	size_t nmru;
	struct meetings *meetings; /* the sessions run: clocks, speakers
	                            * (queue.h); NULL until first used */
};

/* Pushes a screen (st owned by the stack from now on). */
void app_push(struct app *a, const struct screen_ops *ops, void *st);
/* Pops and closes the top screen. */
void app_pop(struct app *a);
/* The top screen's state if its ops are ops, else NULL. */
void *app_top(struct app *a, const struct screen_ops *ops);
/* True if the screen with state st is drawn: on top, or under modal
 * windows only.  A hidden screen may defer costly reloads until then. */
bool app_shows(struct app *a, const void *st);
/* Sets the status message (printf-style). */
void app_msg(struct app *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void app_err(struct app *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports a model failure in the status line (ST_OK: nothing). */
void app_status(struct app *a, enum status st, const char *what);
/* Tells every screen the data changed (after our own writes too). */
void app_reload(struct app *a);
/* Records that addressee id was just used (picker order). */
void app_mru_use(struct app *a, int64_t id);
/* Undo or redo with the message in the status line. */
void app_undo(struct app *a, bool redo);

/* Milliseconds of a monotonic clock (for debouncing and polling). */
int64_t app_clock_ms(void);

/* True if the screen ops handles act. */
bool screen_handles(const struct screen_ops *ops, enum action act);

/* Screen constructors (each in its own file). */
void start_open(struct app *a);
void capture_open(struct app *a);
void preview_open(struct app *a, int64_t proposal_id);
void search_open(struct app *a);
void help_open(struct app *a, const struct screen_ops *of);
void dupes_open(struct app *a);
void stats_open(struct app *a);
void order_open(struct app *a);
void forum_screen_open(struct app *a);
void tracks_open(struct app *a);
void addressees_open(struct app *a);
/* The summary of a session's proposals and votes (session_id 0: of the
 * whole track), in a window over the screen (tracks.c). */
void summary_open(struct app *a, int64_t track_id, int64_t session_id);

#endif
