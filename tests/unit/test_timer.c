/*
 * test_timer.c: the session and speaker clocks (tui/timer.c) with an
 * injected clock: counting down, pausing, resetting, extending, the
 * warnings given once each (and again after an extension), the overrun,
 * how the time reads, and the scaled clock of AGORA_CLOCK_SCALE.
 *
 * The Makefile links unit tests against build/libagora.a only, which
 * holds model/ and exports/; timer.c is curses-free and is compiled into
 * this test directly (as test_editor does with editbuf.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../tui/timer.c"

#define SEC 1000
#define MIN (60 * SEC)

/* The injected clock: a number the test moves. */
static int64_t
fake_base(void *ctx)
{
	return *(int64_t *)ctx;
}

static void
expect_reads(int64_t left, const char *want)
{
	struct buf b = {0};

	timer_format(&b, left);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_countdown(void **state)
{
	struct timer t;
	int64_t now = 5000;

	(void)state;
	timer_init(&t, 3 * MIN, 15 * SEC);
	/* A timer not started counts nothing and reports nothing. */
	now += 10 * MIN;
	assert_int_equal(timer_left(&t, now), 3 * MIN);
	assert_int_equal(timer_poll(&t, now), 0);
	assert_false(timer_warning(&t, now));
	timer_start(&t, now);
	assert_true(t.running);
	now += 40 * SEC;
	assert_int_equal(timer_elapsed(&t, now), 40 * SEC);
	assert_int_equal(timer_left(&t, now), 2 * MIN + 20 * SEC);
	/* Starting again changes nothing. */
	timer_start(&t, now);
	assert_int_equal(timer_left(&t, now), 2 * MIN + 20 * SEC);
	assert_int_equal(timer_poll(&t, now), 0);
}

static void
test_pause_resume(void **state)
{
	struct timer t;
	int64_t now = 0;

	(void)state;
	timer_init(&t, 10 * MIN, MIN);
	assert_true(timer_toggle(&t, now));
	now += 2 * MIN;
	assert_false(timer_toggle(&t, now));
	/* Paused: time passes, the timer does not. */
	now += 30 * MIN;
	assert_int_equal(timer_left(&t, now), 8 * MIN);
	assert_int_equal(timer_poll(&t, now), 0);
	timer_pause(&t, now); /* pausing twice is harmless */
	assert_int_equal(timer_left(&t, now), 8 * MIN);
	assert_true(timer_toggle(&t, now));
	now += 3 * MIN;
	assert_int_equal(timer_left(&t, now), 5 * MIN);
	assert_int_equal(timer_elapsed(&t, now), 5 * MIN);
}

static void
test_warnings_once(void **state)
{
	struct timer t;
	int64_t now = 100;

	(void)state;
	timer_init(&t, 3 * MIN, 15 * SEC);
	timer_start(&t, now);
	now += 2 * MIN + 44 * SEC;
	assert_int_equal(timer_poll(&t, now), 0);
	assert_false(timer_warning(&t, now));
	now += SEC; /* 15 s left: the warning */
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN);
	assert_true(timer_warning(&t, now));
	now += 5 * SEC;
	assert_int_equal(timer_poll(&t, now), 0);
	assert_int_equal(timer_poll(&t, now), 0);
	now += 10 * SEC; /* zero */
	assert_int_equal(timer_poll(&t, now), TIMER_EV_UP);
	now += 10 * SEC;
	assert_int_equal(timer_poll(&t, now), 0);
	assert_true(timer_warning(&t, now));
}

static void
test_late_poll_reports_both(void **state)
{
	struct timer t;
	int64_t now = 0;

	(void)state;
	timer_init(&t, MIN, 15 * SEC);
	timer_start(&t, now);
	/* Nobody polled until well past the end. */
	now += 5 * MIN;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN | TIMER_EV_UP);
	assert_int_equal(timer_poll(&t, now), 0);
}

static void
test_overrun(void **state)
{
	struct timer t;
	int64_t now = 0;

	(void)state;
	timer_init(&t, MIN, 0);
	timer_start(&t, now);
	now += MIN + 7 * SEC;
	assert_int_equal(timer_left(&t, now), -7 * SEC);
	/* No warning mark: only the end is reported. */
	assert_int_equal(timer_poll(&t, now), TIMER_EV_UP);
	assert_true(timer_warning(&t, now));
	expect_reads(timer_left(&t, now), "-00:07");
	/* The overrun keeps counting, paused or not. */
	timer_pause(&t, now);
	now += MIN;
	assert_int_equal(timer_left(&t, now), -7 * SEC);
	timer_start(&t, now);
	now += MIN;
	expect_reads(timer_left(&t, now), "-01:07");
}

static void
test_extend_rearms(void **state)
{
	struct timer t;
	int64_t now = 0;

	(void)state;
	timer_init(&t, 3 * MIN, 15 * SEC);
	timer_start(&t, now);
	now += 3 * MIN + 20 * SEC;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN | TIMER_EV_UP);
	/* One more minute: 40 s left, both warnings armed again. */
	timer_extend(&t, MIN, now);
	assert_int_equal(timer_left(&t, now), 40 * SEC);
	assert_false(timer_warning(&t, now));
	assert_int_equal(timer_poll(&t, now), 0);
	now += 25 * SEC;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN);
	/* Five more while in the warning: armed again, not fired. */
	timer_extend(&t, 5 * MIN, now);
	assert_int_equal(timer_left(&t, now), 5 * MIN + 15 * SEC);
	assert_int_equal(timer_poll(&t, now), 0);
	now += 5 * MIN;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN);
	/* An extension that leaves it under the mark re-arms only the end. */
	now += 15 * SEC;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_UP);
	timer_extend(&t, 5 * SEC, now);
	assert_int_equal(timer_poll(&t, now), 0);
	now += 5 * SEC;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_UP);
	/* Taking time away never goes below what has run. */
	timer_extend(&t, -10 * MIN, now);
	assert_int_equal(timer_left(&t, now), 0);
}

static void
test_reset_and_length(void **state)
{
	struct timer t;
	int64_t now = 0;

	(void)state;
	timer_init(&t, 2 * MIN, 15 * SEC);
	timer_start(&t, now);
	now += 3 * MIN;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN | TIMER_EV_UP);
	timer_reset(&t, 0);
	assert_false(t.running);
	assert_false(t.started);
	assert_int_equal(timer_left(&t, now), 2 * MIN);
	assert_false(timer_warning(&t, now));
	timer_start(&t, now);
	now += 2 * MIN;
	assert_int_equal(timer_poll(&t, now), TIMER_EV_WARN | TIMER_EV_UP);
	/* A reset with a new length. */
	timer_reset(&t, 90 * MIN);
	assert_int_equal(timer_left(&t, now), 90 * MIN);
	/* A new length keeps what has run. */
	timer_start(&t, now);
	now += 10 * MIN;
	timer_set_length(&t, 45 * MIN, now);
	assert_int_equal(timer_left(&t, now), 35 * MIN);
}

static void
test_format(void **state)
{
	(void)state;
	expect_reads(38 * MIN + 12 * SEC, "38:12");
	expect_reads(3 * MIN, "03:00");
	/* Rounded up while time is left: 00:00 means the time is up. */
	expect_reads(2 * MIN + 59 * SEC + 1, "03:00");
	expect_reads(1, "00:01");
	expect_reads(0, "00:00");
	expect_reads(-1, "-00:01");
	expect_reads(90 * MIN, "1:30:00");
	expect_reads(60 * MIN - 1, "1:00:00");
	expect_reads(60 * MIN - SEC, "59:59");
	expect_reads(-(61 * MIN + 5 * SEC), "-1:01:05");
}

static void
test_scaled_clock(void **state)
{
	struct timer_clock c;
	struct timer t;
	int64_t base = 1000000;

	(void)state;
	assert_int_equal(timer_scale_parse(NULL), 1);
	assert_int_equal(timer_scale_parse(""), 1);
	assert_int_equal(timer_scale_parse("0"), 1);
	assert_int_equal(timer_scale_parse("-5"), 1);
	assert_int_equal(timer_scale_parse("12x"), 1);
	assert_int_equal(timer_scale_parse("999999999999999999999"), 1);
	assert_int_equal(timer_scale_parse("60"), 60);
	assert_int_equal(timer_scale_parse("100000"), TIMER_SCALE_MAX);
	timer_clock_init(&c, fake_base, &base, 60);
	assert_int_equal(timer_clock_now(&c), 1000000);
	timer_init(&t, 3 * MIN, 15 * SEC);
	timer_start(&t, timer_clock_now(&c));
	/* A real second is a minute. */
	base += SEC;
	assert_int_equal(timer_left(&t, timer_clock_now(&c)), 2 * MIN);
	base += 2 * SEC + 750;
	assert_int_equal(timer_poll(&t, timer_clock_now(&c)), TIMER_EV_WARN |
	    TIMER_EV_UP);
	/* Scale 1 is the base clock itself. */
	timer_clock_init(&c, fake_base, &base, 1);
	base += 1234;
	assert_int_equal(timer_clock_now(&c), base);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_warnings_once),
		cmocka_unit_test(test_late_poll_reports_both),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_extend_rearms),
		cmocka_unit_test(test_reset_and_length),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_scaled_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
