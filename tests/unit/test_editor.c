/*
 * test_editor.c: the text editor's core (tui/editbuf.c): insertion and
 * deletion by character (never splitting UTF-8), movement by word and
 * line, deleting words, the soft-wrapped layout by display width.
 *
 * The Makefile links unit tests against build/libagora.a only, which
 * holds model/ and exports/; editbuf.c is curses-free and is compiled
 * into this test directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../tui/editbuf.c"

static void
type(struct editbuf *eb, const char *s)
{
	eb_insert(eb, s, strlen(s));
}

static void
test_insert_delete_utf8(void **state)
{
	struct editbuf eb;

	(void)state;
	eb_init(&eb);
	type(&eb, "Привет");
	assert_string_equal(eb_text(&eb), "Привет");
	assert_int_equal(eb.cur, strlen("Привет"));
	assert_true(eb_backspace(&eb));
	assert_string_equal(eb_text(&eb), "Приве");
	eb_left(&eb);
	eb_left(&eb);
	eb_insert_cp(&eb, 0x451); /* ё */
	assert_string_equal(eb_text(&eb), "Приёве");
	assert_true(eb_delete(&eb));
	assert_string_equal(eb_text(&eb), "Приёе");
	eb_text_start(&eb);
	assert_false(eb_backspace(&eb));
	eb_text_end(&eb);
	assert_false(eb_delete(&eb));
	eb_free(&eb);
}

static void
test_filter(void **state)
{
	struct editbuf eb;

	(void)state;
	eb_init(&eb);
	type(&eb, "a\033[2Jb\tc\xff" "d\xe2\x80\xae" "e\nf");
	/* ESC dropped, tab a space, invalid byte U+FFFD, bidi dropped. */
	assert_string_equal(eb_text(&eb), "a[2Jb c\xef\xbf\xbd" "de\nf");
	eb_free(&eb);
}

static void
test_growth(void **state)
{
	struct editbuf eb;
	size_t i;

	(void)state;
	eb_init(&eb);
	for (i = 0; i < 20000; i++)
		type(&eb, "щ");
	assert_int_equal(eb.len, 40000);
	assert_int_equal(strlen(eb_text(&eb)), 40000);
	eb_free(&eb);
}

static void
test_words(void **state)
{
	struct editbuf eb;

	(void)state;
	eb_init(&eb);
	type(&eb, "Создать центр «НКО-Медиа», быстро");
	eb_word_left(&eb);
	assert_string_equal(eb_text(&eb) + eb.cur, "быстро");
	eb_word_left(&eb);
	assert_string_equal(eb_text(&eb) + eb.cur, "Медиа», быстро");
	eb_word_left(&eb);
	assert_string_equal(eb_text(&eb) + eb.cur, "НКО-Медиа», быстро");
	eb_text_start(&eb);
	eb_word_right(&eb);
	assert_string_equal(eb_text(&eb) + eb.cur, " центр «НКО-Медиа», быстро");
	eb_text_end(&eb);
	eb_delete_word_back(&eb);
	assert_string_equal(eb_text(&eb), "Создать центр «НКО-Медиа», ");
	eb_delete_word_back(&eb);
	assert_string_equal(eb_text(&eb), "Создать центр «НКО-");
	eb_text_start(&eb);
	eb_delete_word_fwd(&eb);
	assert_string_equal(eb_text(&eb), " центр «НКО-");
	eb_free(&eb);
}

static void
test_kill(void **state)
{
	struct editbuf eb;

	(void)state;
	eb_init(&eb);
	type(&eb, "один два\nтри");
	eb_text_start(&eb);
	eb_right(&eb);
	eb_kill_end(&eb);
	assert_string_equal(eb_text(&eb), "о\nтри");
	eb_kill_end(&eb); /* at the line's end: joins */
	assert_string_equal(eb_text(&eb), "отри");
	eb_free(&eb);
}

static void
test_layout(void **state)
{
	struct editbuf eb;
	struct eb_line *l;
	size_t n, row, col;

	(void)state;
	eb_init(&eb);
	/* Width 11: lines of at most 10 columns. */
	type(&eb, "один два три четыре");
	n = eb_layout(&eb, 11, &l);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].start, 0);
	/* "один два " then "три четыре" */
	assert_int_equal(l[1].start, strlen("один два "));
	free(l);
	eb_cursor_at(&eb, 11, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 10);
	/* A word longer than a line breaks between characters. */
	eb_set(&eb, "абвгдеёжзийклмн");
	n = eb_layout(&eb, 6, &l);
	assert_int_equal(n, 3);
	assert_int_equal(l[1].start, strlen("абвгд"));
	free(l);
	/* Double-width characters never cross the edge. */
	eb_set(&eb, "漢字漢字漢");
	n = eb_layout(&eb, 6, &l);
	assert_int_equal(n, 3);
	assert_int_equal(l[1].start, strlen("漢字"));
	free(l);
	/* A hard line break, and an empty last line after it. */
	eb_set(&eb, "а\n");
	n = eb_layout(&eb, 10, &l);
	assert_int_equal(n, 2);
	free(l);
	eb_cursor_at(&eb, 10, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	eb_free(&eb);
}

static void
test_vertical(void **state)
{
	struct editbuf eb;
	size_t row, col;

	(void)state;
	eb_init(&eb);
	type(&eb, "один два три четыре");
	/* Width 11: "один два " / "три четыре"; cursor at the end. */
	eb_up(&eb, 11);
	eb_cursor_at(&eb, 11, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 8); /* the end of line 0, before the space */
	eb_down(&eb, 11);
	eb_cursor_at(&eb, 11, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 10); /* the kept goal column */
	eb_line_start(&eb, 11);
	assert_string_equal(eb_text(&eb) + eb.cur, "три четыре");
	eb_up(&eb, 11);
	eb_line_end(&eb, 11);
	assert_string_equal(eb_text(&eb) + eb.cur, " три четыре");
	eb_up(&eb, 11);
	assert_int_equal(eb.cur, 0);
	eb_free(&eb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_delete_utf8),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_vertical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
