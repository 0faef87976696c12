/*
 * editor.c: the editor's keys (Emacs and PC style both) and its drawing.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/util.h"
#include "draw.h"
#include "editor.h"
#include "keys.h"

void
editor_init(struct editor *ed, bool single)
{
	eb_init(&ed->eb);
	ed->top = 0;
	ed->width = 80;
	ed->single = single;
}

void
editor_free(struct editor *ed)
{
	eb_free(&ed->eb);
}

void
editor_paste(struct editor *ed, const char *text)
{
	if (ed->single) {
		char *t = xstrdup(text), *p;

		for (p = t; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		eb_insert(&ed->eb, t, strlen(t));
		free(t);
		return;
	}
	eb_insert(&ed->eb, text, strlen(text));
}

enum editor_result
editor_key(struct editor *ed, int key)
{
	struct editbuf *eb = &ed->eb;
	size_t w = ed->width > 1 ? (size_t)ed->width : 2;

	switch (key) {
	case K_FN(KEY_BACKSPACE):
	case K_DEL:
	case K_CTRL('h'):
		return eb_backspace(eb) ? ED_CHANGED : ED_MOVED;
	case K_FN(KEY_DC):
	case K_CTRL('d'):
		return eb_delete(eb) ? ED_CHANGED : ED_MOVED;
	case K_FN(KEY_LEFT):
	case K_CTRL('b'):
		eb_left(eb);
		return ED_MOVED;
	case K_FN(KEY_RIGHT):
	case K_CTRL('f'):
		eb_right(eb);
		return ED_MOVED;
	case K_FN(KX_CLEFT):
	case K_ALT('b'):
	case K_ALT(K_FN(KEY_LEFT)):
		eb_word_left(eb);
		return ED_MOVED;
	case K_FN(KX_CRIGHT):
	case K_ALT('f'):
	case K_ALT(K_FN(KEY_RIGHT)):
		eb_word_right(eb);
		return ED_MOVED;
	case K_FN(KEY_HOME):
	case K_CTRL('a'):
		eb_line_start(eb, w);
		return ED_MOVED;
	case K_FN(KEY_END):
	case K_CTRL('e'):
		eb_line_end(eb, w);
		return ED_MOVED;
	case K_FN(KX_CHOME):
		eb_text_start(eb);
		return ED_MOVED;
	case K_FN(KX_CEND):
		eb_text_end(eb);
		return ED_MOVED;
	case K_FN(KEY_UP):
		if (ed->single)
			return ED_IGNORED;
		eb_up(eb, w);
		return ED_MOVED;
	case K_FN(KEY_DOWN):
		if (ed->single)
			return ED_IGNORED;
		eb_down(eb, w);
		return ED_MOVED;
	case K_CTRL('w'):
	case K_ALT(K_DEL):
	case K_ALT(K_CTRL('h')):
	case K_ALT(K_FN(KEY_BACKSPACE)):
		eb_delete_word_back(eb);
		return ED_CHANGED;
	case K_ALT('d'):
	case K_FN(KX_CDEL):
		eb_delete_word_fwd(eb);
		return ED_CHANGED;
	case K_CTRL('k'):
		eb_kill_end(eb);
		return ED_CHANGED;
	case K_LINEFEED:
	case K_ALT(K_ENTER):
		if (ed->single)
			return ED_IGNORED;
		eb_insert_cp(eb, '\n');
		return ED_CHANGED;
	default:
		break;
	}
	if (key >= 0x20 && key != K_DEL && !K_IS_FN(key) && !K_IS_ALT(key) &&
	    key <= 0x10ffff) {
		eb_insert_cp(eb, (uint32_t)key);
		return ED_CHANGED;
	}
	return ED_IGNORED;
}

void
editor_draw(struct editor *ed, int y, int x, int h, int w, bool focus,
    const char *placeholder)
{
	struct eb_line *lines;
	size_t n, i, row, col;
	char *s;

	if (h <= 0 || w <= 1)
		return;
	ed->width = w;
	draw_clear(y, x, h, w);
	n = eb_layout(&ed->eb, (size_t)w, &lines);
	eb_cursor_at(&ed->eb, (size_t)w, &row, &col);
	if (row < ed->top)
		ed->top = row;
	if (row >= ed->top + (size_t)h)
		ed->top = row - (size_t)h + 1;
	if (ed->eb.len == 0 && placeholder != NULL)
		draw_str(y, x + 1, w - 1, placeholder, R_DIM);
	for (i = ed->top; i < n && i < ed->top + (size_t)h; i++) {
		s = xstrndup(ed->eb.s + lines[i].start,
		    lines[i].end - lines[i].start);
		draw_str(y + (int)(i - ed->top), x, w, s, R_NORMAL);
		free(s);
	}
	free(lines);
	if (focus)
		draw_cursor(y + (int)(row - ed->top), x + (int)col);
}
