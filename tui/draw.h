/*
 * draw.h: the only way text reaches the screen.  Every string passes
 * text_sanitise() and text_cut() (model/text.h) and is written with
 * addnstr() as UTF-8; add*chstr() is never used, since it passes control
 * bytes through raw.
 */
#ifndef AGORA_TUI_DRAW_H
#define AGORA_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

/* Colour pairs / roles. */
enum draw_role {
	R_NORMAL,
	R_TITLE,     /* the top line */
	R_SELECTED,  /* the list's selection */
	R_DIM,       /* secondary text */
	R_STATUS,    /* the status line */
	R_ERROR,     /* an error message */
	R_FKEY_NUM,  /* the bar's digits */
	R_FKEY,      /* the bar's labels */
	R_BORDER,
	R_MARK,      /* marked items, highlighted preview item */
	R__COUNT
};

/* Sets up the colour pairs; colour false: attributes only. */
void draw_init(bool colour);

/*
 * Draws s at (y, x), at most max columns, sanitised, cut with "…".
 * Returns the columns used.
 */
int draw_str(int y, int x, int max, const char *s, enum draw_role r);
/* As draw_str, then pads with spaces to exactly w columns. */
void draw_pad(int y, int x, int w, const char *s, enum draw_role r);
/* As draw_pad but right-aligned. */
void draw_right(int y, int x, int w, const char *s, enum draw_role r);
/* Fills w columns with spaces. */
void draw_fill(int y, int x, int w, enum draw_role r);
/* A box with a title in its top border. */
void draw_box(int y, int x, int h, int w, const char *title, bool focus);
/* Clears a rectangle. */
void draw_clear(int y, int x, int h, int w);
/* Display width of s as draw_str would draw it. */
int draw_width(const char *s);
/* Places the terminal cursor (visible) or hides it (y < 0). */
void draw_cursor(int y, int x);

#endif
