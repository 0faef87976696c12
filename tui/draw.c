/*
 * draw.c: every character the interface shows goes through here, made
 * safe by model/text.c: sanitised (controls visible, invalid bytes as
 * U+FFFD, tabs expanded) and cut by display width, never mid-character.
 */
#include <string.h>

#include <curses.h>

#include "../model/text.h"
#include "../model/util.h"
#include "draw.h"

/*
 * The attribute of each role, with and without colour.  Colour pairs are
 * numbered by role.  These are constants after draw_init(); curses itself
 * keeps the screen state, so this is no more global than stdscr.
 */
static const struct {
	short fg, bg;
	attr_t colour_attr; /* added to the pair when colours are on */
	attr_t mono;        /* used alone when colours are off */
} roles[R__COUNT] = {
	[R_NORMAL] = {-1, -1, 0, A_NORMAL},
	[R_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	[R_SELECTED] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	[R_DIM] = {COLOR_CYAN, -1, 0, A_DIM},
	[R_STATUS] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[R_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
	[R_FKEY_NUM] = {-1, -1, 0, A_NORMAL},
	[R_FKEY] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	[R_BORDER] = {COLOR_BLUE, -1, 0, A_NORMAL},
	[R_MARK] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
};

static attr_t
role_attr(enum draw_role r)
{
	if (r >= R__COUNT)
		r = R_NORMAL;
	/* draw_init() marks "colours on" with the background's pair. */
	if ((getbkgd(stdscr) & A_COLOR) != 0)
		return (attr_t)COLOR_PAIR(r + 1) | roles[r].colour_attr;
	return roles[r].mono;
}

void
draw_init(bool colour)
{
	int r;

	if (!colour)
		return;
	start_color();
	use_default_colors();
	for (r = 0; r < R__COUNT; r++)
		init_pair((short)(r + 1), roles[r].fg, roles[r].bg);
	/* The background pair marks "colours on" for role_attr(). */
	init_pair(R__COUNT + 1, -1, -1);
	bkgdset((chtype)COLOR_PAIR(R__COUNT + 1) | ' ');
}

/* Sanitises and cuts s to max columns into out; returns the width. */
static size_t
prepare(struct buf *out, const char *s, int max)
{
	struct buf clean = {0};
	size_t used = 0;

	if (s == NULL)
		s = "";
	text_sanitise(&clean, s, strlen(s), 0);
	text_cut(out, buf_str(&clean), clean.len, (size_t)max, "…", &used);
	buf_free(&clean);
	return used;
}

int
draw_str(int y, int x, int max, const char *s, enum draw_role r)
{
	struct buf cut = {0};
	size_t used;

	if (max <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + max > COLS)
		max = COLS - x;
	used = prepare(&cut, s, max);
	attrset(role_attr(r));
	if (cut.len > 0)
		mvaddnstr(y, x, cut.data, (int)cut.len);
	attrset(role_attr(R_NORMAL));
	buf_free(&cut);
	return (int)used;
}

void
draw_fill(int y, int x, int w, enum draw_role r)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(role_attr(r));
	mvhline(y, x, ' ', w);
	attrset(role_attr(R_NORMAL));
}

void
draw_pad(int y, int x, int w, const char *s, enum draw_role r)
{
	int used;

	draw_fill(y, x, w, r);
	used = draw_str(y, x, w, s, r);
	(void)used;
}

void
draw_right(int y, int x, int w, const char *s, enum draw_role r)
{
	int sw = draw_width(s);

	draw_fill(y, x, w, r);
	if (sw > w)
		sw = w;
	draw_str(y, x + w - sw, sw, s, r);
}

int
draw_width(const char *s)
{
	struct buf clean = {0};
	size_t w;

	if (s == NULL)
		return 0;
	text_sanitise(&clean, s, strlen(s), 0);
	w = text_width(buf_str(&clean), clean.len);
	buf_free(&clean);
	return (int)w;
}

void
draw_clear(int y, int x, int h, int w)
{
	int i;

	for (i = 0; i < h; i++)
		draw_fill(y + i, x, w, R_NORMAL);
}

/* Repeats the string piece (one character) n times at (y, x). */
static void
draw_repeat(int y, int x, int n, const char *piece, enum draw_role r)
{
	struct buf b = {0};
	int i;

	for (i = 0; i < n; i++)
		buf_adds(&b, piece);
	if (n > 0)
		draw_str(y, x, n, buf_str(&b), r);
	buf_free(&b);
}

void
draw_box(int y, int x, int h, int w, const char *title, bool focus)
{
	enum draw_role r = focus ? R_STATUS : R_BORDER;
	int i;

	if (h < 2 || w < 2)
		return;
	draw_str(y, x, 1, "┌", r);
	draw_repeat(y, x + 1, w - 2, "─", r);
	draw_str(y, x + w - 1, 1, "┐", r);
	for (i = 1; i < h - 1; i++) {
		draw_str(y + i, x, 1, "│", r);
		draw_str(y + i, x + w - 1, 1, "│", r);
	}
	draw_str(y + h - 1, x, 1, "└", r);
	draw_repeat(y + h - 1, x + 1, w - 2, "─", r);
	draw_str(y + h - 1, x + w - 1, 1, "┘", r);
	if (title != NULL && *title != '\0' && w > 6) {
		struct buf t = {0};

		buf_printf(&t, " %s ", title);
		draw_str(y, x + 1, w - 3, buf_str(&t), r);
		buf_free(&t);
	}
}

void
draw_cursor(int y, int x)
{
	if (y < 0) {
		curs_set(0);
		return;
	}
	move(y, x);
	curs_set(1);
}
