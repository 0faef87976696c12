/*
 * editor.h: the multi-line text editor widget: editbuf.h's core, its keys
 * and its drawing.
 */
#ifndef AGORA_TUI_EDITOR_H
#define AGORA_TUI_EDITOR_H

#include <stdbool.h>

#include "editbuf.h"

struct editor {
	struct editbuf eb;
	size_t top;  /* first display line shown */
	int width;   /* of the last draw: the layout's width */
	bool single; /* one line: Ctrl-J and Alt-Enter insert nothing */
};

enum editor_result { ED_IGNORED, ED_MOVED, ED_CHANGED };

void editor_init(struct editor *ed, bool single);
void editor_free(struct editor *ed);
/* Handles an editing key; ED_IGNORED leaves it to the caller. */
enum editor_result editor_key(struct editor *ed, int key);
/* Inserts pasted text (newlines kept unless single: then spaces). */
void editor_paste(struct editor *ed, const char *text);
/*
 * Draws the text in the rectangle, scrolled to keep the cursor in view;
 * with focus, places the terminal cursor.  placeholder shows when empty.
 */
void editor_draw(struct editor *ed, int y, int x, int h, int w, bool focus,
    const char *placeholder);

#endif
