/*
 * timer.c: the countdown logic (timer.h).  Curses-free and clock-free, so
 * that tests/unit/test_timer.c compiles it in and drives the time itself.
 *
 * A timer keeps what it has run (used) plus, while running, when it last
 * started (since): pausing folds the run into used.  Nothing is counted by
 * ticks, so a late poll (a busy interface, a suspended laptop) never loses
 * or gains time; it only reports both events at once.
 */
#include <stdlib.h>

#include "../model/util.h"
#include "timer.h"

void
timer_clock_init(struct timer_clock *c, int64_t (*base)(void *ctx),
    void *ctx, int64_t scale)
{
	c->base = base;
	c->ctx = ctx;
	c->scale = scale >= 1 && scale <= TIMER_SCALE_MAX ? scale : 1;
	c->origin = base(ctx);
}

int64_t
timer_clock_now(const struct timer_clock *c)
{
	int64_t d = c->base(c->ctx) - c->origin;

	return c->origin + d * c->scale;
}

int64_t
timer_scale_parse(const char *s)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0')
		return 1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > TIMER_SCALE_MAX)
			return 1;
	}
	return *s == '\0' && v >= 1 ? v : 1;
}

void
timer_init(struct timer *t, int64_t length, int64_t warn)
{
	t->length = length > 0 ? length : 0;
	t->warn = warn > 0 ? warn : 0;
	t->used = 0;
	t->since = 0;
	t->running = false;
	t->started = false;
	t->fired = 0;
}

void
timer_start(struct timer *t, int64_t now)
{
	if (t->running)
		return;
	t->since = now;
	t->running = true;
	t->started = true;
}

void
timer_pause(struct timer *t, int64_t now)
{
	if (!t->running)
		return;
	t->used = timer_elapsed(t, now);
	t->running = false;
}

bool
timer_toggle(struct timer *t, int64_t now)
{
	if (t->running)
		timer_pause(t, now);
	else
		timer_start(t, now);
	return t->running;
}

void
timer_reset(struct timer *t, int64_t length)
{
	timer_init(t, length > 0 ? length : t->length, t->warn);
}

int64_t
timer_elapsed(const struct timer *t, int64_t now)
{
	/* A clock that went back (it should not) runs nothing backwards. */
	if (!t->running || now < t->since)
		return t->used;
	return t->used + (now - t->since);
}

int64_t
timer_left(const struct timer *t, int64_t now)
{
	return t->length - timer_elapsed(t, now);
}

/* Arms again the warnings whose mark is ahead once more. */
static void
timer_rearm(struct timer *t, int64_t now)
{
	int64_t left = timer_left(t, now);

	if (left > 0)
		t->fired &= ~(unsigned)TIMER_EV_UP;
	if (t->warn > 0 && left > t->warn)
		t->fired &= ~(unsigned)TIMER_EV_WARN;
}

void
timer_set_length(struct timer *t, int64_t length, int64_t now)
{
	int64_t run = timer_elapsed(t, now);

	t->length = length > run ? length : run;
	timer_rearm(t, now);
}

void
timer_extend(struct timer *t, int64_t ms, int64_t now)
{
	timer_set_length(t, t->length + ms, now);
}

unsigned
timer_poll(struct timer *t, int64_t now)
{
	int64_t left;
	unsigned due = 0;

	if (!t->started)
		return 0;
	left = timer_left(t, now);
	if (t->warn > 0 && left <= t->warn)
		due |= TIMER_EV_WARN;
	if (left <= 0)
		due |= TIMER_EV_UP;
	due &= ~t->fired;
	t->fired |= due;
	return due;
}

bool
timer_warning(const struct timer *t, int64_t now)
{
	int64_t left = timer_left(t, now);

	return t->started && (left <= 0 || (t->warn > 0 && left <= t->warn));
}

void
timer_format(struct buf *b, int64_t left)
{
	int64_t s;
	bool over = left < 0;

	/* Rounded up either way: 0.2 s left reads 00:01, 0.2 s over -00:01. */
	s = over ? (-left + 999) / 1000 : (left + 999) / 1000;
	if (s >= 3600)
		buf_printf(b, "%s%lld:%02lld:%02lld", over ? "-" : "",
		    (long long)(s / 3600), (long long)(s / 60 % 60),
		    (long long)(s % 60));
	else
		buf_printf(b, "%s%02lld:%02lld", over ? "-" : "",
		    (long long)(s / 60), (long long)(s % 60));
}
