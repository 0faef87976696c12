/*
 * editbuf.c: the editor's core; no curses here (see editbuf.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../model/text.h"
#include "../model/util.h"
#include "editbuf.h"

void
eb_init(struct editbuf *eb)
{
	eb->cap = 64;
	eb->s = xmalloc(eb->cap);
	eb->s[0] = '\0';
	eb->len = eb->cur = 0;
	eb->goal = -1;
}

void
eb_free(struct editbuf *eb)
{
	free(eb->s);
	eb->s = NULL;
	eb->len = eb->cap = eb->cur = 0;
}

const char *
eb_text(const struct editbuf *eb)
{
	return eb->s != NULL ? eb->s : "";
}

bool
eb_blank(const struct editbuf *eb)
{
	size_t i;

	for (i = 0; i < eb->len; i++)
		if (eb->s[i] != ' ' && eb->s[i] != '\n')
			return false;
	return true;
}

void
eb_clear(struct editbuf *eb)
{
	eb->len = eb->cur = 0;
	eb->s[0] = '\0';
	eb->goal = -1;
}

void
eb_set(struct editbuf *eb, const char *text)
{
	eb_clear(eb);
	eb_insert(eb, text, strlen(text));
}

/* Makes room for n more bytes and the NUL. */
static void
eb_reserve(struct editbuf *eb, size_t n)
{
	size_t need = eb->len + n + 1;

	if (need < eb->len)
		abort();
	if (need <= eb->cap)
		return;
	while (eb->cap < need)
		eb->cap = eb->cap > SIZE_MAX / 2 ? need : eb->cap * 2;
	eb->s = xreallocarray(eb->s, eb->cap, 1);
}

/* What insertion keeps: no controls, no bidi overrides (see editbuf.h). */
static uint32_t
eb_filter(uint32_t cp)
{
	if (cp == '\n')
		return cp;
	if (cp == '\t')
		return ' ';
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff)
		return 0;
	return cp;
}

void
eb_insert(struct editbuf *eb, const char *s, size_t n)
{
	struct buf clean = {0};
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = text_decode(s + i, n - i, &cp);
		i += k;
		if ((cp = eb_filter(cp)) != 0)
			text_encode(&clean, cp);
	}
	if (clean.len > 0) {
		eb_reserve(eb, clean.len);
		memmove(eb->s + eb->cur + clean.len, eb->s + eb->cur,
		    eb->len - eb->cur + 1);
		memcpy(eb->s + eb->cur, clean.data, clean.len);
		eb->len += clean.len;
		eb->cur += clean.len;
	}
	buf_free(&clean);
	eb->goal = -1;
}

void
eb_insert_cp(struct editbuf *eb, uint32_t cp)
{
	struct buf b = {0};

	text_encode(&b, cp);
	eb_insert(eb, b.data, b.len);
	buf_free(&b);
}

/* The offset of the character before (after) pos. */
static size_t
eb_prev(const struct editbuf *eb, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)eb->s[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

static size_t
eb_next(const struct editbuf *eb, size_t pos)
{
	uint32_t cp;

	if (pos >= eb->len)
		return eb->len;
	return pos + text_decode(eb->s + pos, eb->len - pos, &cp);
}

static uint32_t
eb_cp(const struct editbuf *eb, size_t pos)
{
	uint32_t cp = 0;

	if (pos < eb->len)
		text_decode(eb->s + pos, eb->len - pos, &cp);
	return cp;
}

/* Removes bytes [a, b). */
static void
eb_cut(struct editbuf *eb, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(eb->s + a, eb->s + b, eb->len - b + 1);
	eb->len -= b - a;
	eb->cur = a;
	eb->goal = -1;
}

bool
eb_backspace(struct editbuf *eb)
{
	if (eb->cur == 0)
		return false;
	eb_cut(eb, eb_prev(eb, eb->cur), eb->cur);
	return true;
}

bool
eb_delete(struct editbuf *eb)
{
	if (eb->cur >= eb->len)
		return false;
	eb_cut(eb, eb->cur, eb_next(eb, eb->cur));
	return true;
}

/* A word character: anything but spaces, newlines and ASCII punctuation. */
static bool
eb_wordch(uint32_t cp)
{
	if (cp == ' ' || cp == '\n' || cp == 0xa0)
		return false;
	if (cp < 0x80 && !((cp >= '0' && cp <= '9') ||
	    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || cp == '_'))
		return false;
	if (cp == 0xab || cp == 0xbb || (cp >= 0x2010 && cp <= 0x2027))
		return false; /* «», dashes, quotes, ellipsis */
	return true;
}

static size_t
eb_word_start(const struct editbuf *eb, size_t pos)
{
	while (pos > 0 && !eb_wordch(eb_cp(eb, eb_prev(eb, pos))))
		pos = eb_prev(eb, pos);
	while (pos > 0 && eb_wordch(eb_cp(eb, eb_prev(eb, pos))))
		pos = eb_prev(eb, pos);
	return pos;
}

static size_t
eb_word_end(const struct editbuf *eb, size_t pos)
{
	while (pos < eb->len && !eb_wordch(eb_cp(eb, pos)))
		pos = eb_next(eb, pos);
	while (pos < eb->len && eb_wordch(eb_cp(eb, pos)))
		pos = eb_next(eb, pos);
	return pos;
}

void
eb_delete_word_back(struct editbuf *eb)
{
	eb_cut(eb, eb_word_start(eb, eb->cur), eb->cur);
}

void
eb_delete_word_fwd(struct editbuf *eb)
{
	size_t cur = eb->cur;

	eb_cut(eb, cur, eb_word_end(eb, cur));
	eb->cur = cur;
}

void
eb_kill_end(struct editbuf *eb)
{
	size_t end = eb->cur, cur = eb->cur;

	while (end < eb->len && eb->s[end] != '\n')
		end++;
	if (end == cur && end < eb->len)
		end++; /* at the end of a line: join the next */
	eb_cut(eb, cur, end);
	eb->cur = cur;
}

void
eb_left(struct editbuf *eb)
{
	eb->cur = eb_prev(eb, eb->cur);
	eb->goal = -1;
}

void
eb_right(struct editbuf *eb)
{
	eb->cur = eb_next(eb, eb->cur);
	eb->goal = -1;
}

void
eb_word_left(struct editbuf *eb)
{
	eb->cur = eb_word_start(eb, eb->cur);
	eb->goal = -1;
}

void
eb_word_right(struct editbuf *eb)
{
	eb->cur = eb_word_end(eb, eb->cur);
	eb->goal = -1;
}

void
eb_text_start(struct editbuf *eb)
{
	eb->cur = 0;
	eb->goal = -1;
}

void
eb_text_end(struct editbuf *eb)
{
	eb->cur = eb->len;
	eb->goal = -1;
}

static void
eb_push_line(struct eb_line **lines, size_t *n, size_t start, size_t end)
{
	*lines = xreallocarray(*lines, *n + 1, sizeof **lines);
	(*lines)[*n].start = start;
	(*lines)[*n].end = end;
	(*n)++;
}

size_t
eb_layout(const struct editbuf *eb, size_t width, struct eb_line **lines)
{
	size_t n = 0, pos = 0, start = 0, brk = 0, w = 0, wbrk = 0, max, k;
	uint32_t cp;
	int cw;

	*lines = NULL;
	max = width > 1 ? width - 1 : 1;
	while (pos < eb->len) {
		k = text_decode(eb->s + pos, eb->len - pos, &cp);
		if (cp == '\n') {
			eb_push_line(lines, &n, start, pos);
			pos += k;
			start = pos;
			brk = 0;
			w = 0;
			continue;
		}
		cw = text_cp_width(cp);
		if (w + (size_t)cw > max && pos > start) {
			if (cp == ' ' && w + 1 <= max + 1) {
				/* The space hangs in the cursor's column. */
				pos += k;
				eb_push_line(lines, &n, start, pos);
				start = pos;
				brk = 0;
				w = 0;
				continue;
			}
			if (brk > start) {
				/* Back to after the last space. */
				eb_push_line(lines, &n, start, brk);
				start = brk;
				w -= wbrk;
			} else {
				eb_push_line(lines, &n, start, pos);
				start = pos;
				w = 0;
			}
			brk = 0;
			continue; /* measure cp again on the new line */
		}
		w += (size_t)cw;
		pos += k;
		if (cp == ' ') {
			brk = pos;
			wbrk = w;
		}
	}
	eb_push_line(lines, &n, start, eb->len);
	return n;
}

/* Columns of bytes [a, b). */
static size_t
eb_cols(const struct editbuf *eb, size_t a, size_t b)
{
	size_t w = 0, k;
	uint32_t cp;

	while (a < b) {
		k = text_decode(eb->s + a, b - a, &cp);
		w += (size_t)text_cp_width(cp);
		a += k;
	}
	return w;
}

/* The line the cursor is on: the last one starting at or before it. */
static size_t
eb_cursor_line(const struct eb_line *lines, size_t n, size_t cur)
{
	size_t i = n - 1;

	while (i > 0 && lines[i].start > cur)
		i--;
	return i;
}

void
eb_cursor_at(const struct editbuf *eb, size_t width, size_t *row,
    size_t *col)
{
	struct eb_line *lines;
	size_t n = eb_layout(eb, width, &lines), i;

	i = eb_cursor_line(lines, n, eb->cur);
	*row = i;
	*col = eb_cols(eb, lines[i].start, eb->cur);
	free(lines);
}

/* The offset in line l nearest to column col, not past its end. */
static size_t
eb_at_col(const struct editbuf *eb, const struct eb_line *l, size_t col,
    bool last)
{
	size_t pos = l->start, w = 0, k, end = l->end;
	uint32_t cp;
	int cw;

	/* A soft-wrapped line's end is the next line's start. */
	if (!last && end > l->start)
		end = eb_prev(eb, end);
	while (pos < end) {
		k = text_decode(eb->s + pos, eb->len - pos, &cp);
		cw = text_cp_width(cp);
		if (w + (size_t)cw > col)
			break;
		w += (size_t)cw;
		pos += k;
	}
	return pos;
}

static void
eb_vertical(struct editbuf *eb, size_t width, int dir)
{
	struct eb_line *lines;
	size_t n = eb_layout(eb, width, &lines), i, col;
	bool last;

	i = eb_cursor_line(lines, n, eb->cur);
	col = eb_cols(eb, lines[i].start, eb->cur);
	if (eb->goal >= 0)
		col = (size_t)eb->goal;
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n)) {
		eb->cur = dir < 0 ? 0 : eb->len;
		free(lines);
		eb->goal = -1;
		return;
	}
	i = dir < 0 ? i - 1 : i + 1;
	last = i + 1 >= n || lines[i + 1].start > lines[i].end;
	eb->cur = eb_at_col(eb, &lines[i], col, last);
	eb->goal = (long)col;
	free(lines);
}

void
eb_up(struct editbuf *eb, size_t width)
{
	eb_vertical(eb, width, -1);
}

void
eb_down(struct editbuf *eb, size_t width)
{
	eb_vertical(eb, width, 1);
}

void
eb_line_start(struct editbuf *eb, size_t width)
{
	struct eb_line *lines;
	size_t n = eb_layout(eb, width, &lines);

	eb->cur = lines[eb_cursor_line(lines, n, eb->cur)].start;
	eb->goal = -1;
	free(lines);
}

void
eb_line_end(struct editbuf *eb, size_t width)
{
	struct eb_line *lines;
	size_t n = eb_layout(eb, width, &lines), i;
	bool last;

	i = eb_cursor_line(lines, n, eb->cur);
	last = i + 1 >= n || lines[i + 1].start > lines[i].end;
	eb->cur = eb_at_col(eb, &lines[i], (size_t)-1, last);
	eb->goal = -1;
	free(lines);
}
