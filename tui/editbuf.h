/*
 * editbuf.h: the text editor's core, free of curses so that the unit test
 * can run it (tests/unit/test_editor.c includes editbuf.c directly, since
 * the test link has only build/libagora.a).  A growable UTF-8 buffer with
 * a cursor that is always on a character boundary, movement by character,
 * word and line, deletion, and the soft-wrapped layout by display width.
 *
 * The buffer never holds control characters but '\n': insertion drops
 * them (a tab becomes a space), and invalid bytes become U+FFFD, so what
 * is measured here is exactly what draw.c shows.
 */
#ifndef AGORA_TUI_EDITBUF_H
#define AGORA_TUI_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct editbuf {
	char *s;     /* NUL-terminated; len bytes */
	size_t len, cap;
	size_t cur;  /* byte offset of the cursor */
	long goal;   /* column kept by up/down; -1 if none */
};

/* One display line of the layout: bytes [start, end) of the text. */
struct eb_line {
	size_t start, end;
};

void eb_init(struct editbuf *eb);
void eb_free(struct editbuf *eb);
/* Replaces the text (filtered); the cursor goes to the end. */
void eb_set(struct editbuf *eb, const char *text);
void eb_clear(struct editbuf *eb);
/* The text; never NULL.  Owned by eb. */
const char *eb_text(const struct editbuf *eb);
/* True if the text has only spaces and newlines. */
bool eb_blank(const struct editbuf *eb);

/* Inserts n bytes at the cursor, filtered as above; the cursor follows. */
void eb_insert(struct editbuf *eb, const char *s, size_t n);
void eb_insert_cp(struct editbuf *eb, uint32_t cp);
/* Deletes the character before (after) the cursor; false if none. */
bool eb_backspace(struct editbuf *eb);
bool eb_delete(struct editbuf *eb);
/* Deletes from the start of the word before the cursor (Ctrl-W). */
void eb_delete_word_back(struct editbuf *eb);
/* Deletes to the end of the word after the cursor (Alt-d). */
void eb_delete_word_fwd(struct editbuf *eb);
/* Deletes to the end of the line, or the newline there (Ctrl-K). */
void eb_kill_end(struct editbuf *eb);

void eb_left(struct editbuf *eb);
void eb_right(struct editbuf *eb);
void eb_word_left(struct editbuf *eb);
void eb_word_right(struct editbuf *eb);
void eb_text_start(struct editbuf *eb);
void eb_text_end(struct editbuf *eb);

/*
 * The layout in lines of at most width - 1 columns (one column is kept for
 * the cursor at a line's end); words wrap at spaces, a word too long for a
 * line breaks between characters, '\n' ends a line.  Always at least one
 * line.  *lines is allocated; caller frees.
 */
size_t eb_layout(const struct editbuf *eb, size_t width,
    struct eb_line **lines);
/* The cursor's line and column in the layout for width. */
void eb_cursor_at(const struct editbuf *eb, size_t width, size_t *row,
    size_t *col);
/* Moves to the previous (next) display line, keeping the column. */
void eb_up(struct editbuf *eb, size_t width);
void eb_down(struct editbuf *eb, size_t width);
/* To the start (end) of the cursor's display line. */
void eb_line_start(struct editbuf *eb, size_t width);
void eb_line_end(struct editbuf *eb, size_t width);

#endif
