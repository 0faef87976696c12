/*
 * timer.h: countdown clocks for a session and its speakers, as pure logic.
 * Nothing here reads a clock or touches the terminal: every function takes
 * the time "now" in milliseconds of an injected clock (struct timer_clock),
 * so the unit test drives time by hand and AGORA_CLOCK_SCALE can make it
 * run faster for the end-to-end tests.
 */
#ifndef AGORA_TUI_TIMER_H
#define AGORA_TUI_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

/*
 * The clock the timers read: base() is a monotonic clock in ms (the
 * interface's app_clock_ms(), or a test's); scale makes time run that many
 * times faster from the moment of timer_clock_init().
 */
struct timer_clock {
	int64_t (*base)(void *ctx);
	void *ctx;
	int64_t scale;  /* 1 or more */
	int64_t origin; /* base() at init */
};

/* The largest AGORA_CLOCK_SCALE taken. */
#define TIMER_SCALE_MAX 100000

void timer_clock_init(struct timer_clock *c, int64_t (*base)(void *ctx),
    void *ctx, int64_t scale);
/* Now, in ms of the (scaled) clock. */
int64_t timer_clock_now(const struct timer_clock *c);
/* The value of AGORA_CLOCK_SCALE: a whole number from 1 to
 * TIMER_SCALE_MAX; anything else (NULL, "", "x", "0") is 1. */
int64_t timer_scale_parse(const char *s);

/* What timer_poll() reports, once each until re-armed. */
enum {
	TIMER_EV_WARN = 1u, /* the time left came down to the warning mark */
	TIMER_EV_UP = 2u,   /* the time left came down to zero */
};

struct timer {
	int64_t length;  /* ms allotted, extensions included */
	int64_t warn;    /* warn when this many ms are left; 0: never */
	int64_t used;    /* ms run before the last start */
	int64_t since;   /* the clock at the last start, while running */
	bool running;
	bool started;    /* has run since the last reset */
	unsigned fired;  /* TIMER_EV_* already reported */
};

/* A stopped timer of length ms that warns at warn ms left. */
void timer_init(struct timer *t, int64_t length, int64_t warn);
void timer_start(struct timer *t, int64_t now);
void timer_pause(struct timer *t, int64_t now);
/* Starts a stopped timer or pauses a running one; true if now running. */
bool timer_toggle(struct timer *t, int64_t now);
/* Back to the full length (a new length if length > 0), stopped, its
 * warnings armed again. */
void timer_reset(struct timer *t, int64_t length);
/*
 * Adds ms to the length (negative takes away, never below what has run).
 * A warning already given is armed again if the time left is above its
 * mark once more, so that an extended speaker is warned again.
 */
void timer_extend(struct timer *t, int64_t ms, int64_t now);
/* Sets the length (ms), keeping what has run; re-arms as timer_extend(). */
void timer_set_length(struct timer *t, int64_t length, int64_t now);

int64_t timer_elapsed(const struct timer *t, int64_t now);
/* ms left; negative once the time is over (the overrun). */
int64_t timer_left(const struct timer *t, int64_t now);
/* The events that became due by now and were not reported yet (a mask of
 * TIMER_EV_*); each is reported once until re-armed. */
unsigned timer_poll(struct timer *t, int64_t now);
/* True when the time left is at or under the warning mark (or over): the
 * clock is drawn as a warning. */
bool timer_warning(const struct timer *t, int64_t now);

/*
 * Appends the time left as a clock reads: "38:12", "1:30:00" from an hour
 * on, "-00:07" for an overrun.  Whole seconds, rounded up while time is
 * left (the clock reads 00:00 only when the time is up).
 */
void timer_format(struct buf *b, int64_t left);

#endif
