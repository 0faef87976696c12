/*
 * list.h: the one list widget (tmux's mode-tree, htop's Panel).  It is
 * virtual: it asks its source for the number of rows and, before drawing,
 * for just the rows it is about to show, so a list of 100,000 proposals
 * costs what a list of a screenful does.
 */
#ifndef AGORA_TUI_LIST_H
#define AGORA_TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"

struct list_source {
	size_t (*count)(void *ctx);
	/* Optional: rows first..first+n-1 are about to be drawn. */
	void (*fetch)(void *ctx, size_t first, size_t n);
	/* Draws row i in the rectangle (y, x, h lines, w columns). */
	void (*draw_row)(void *ctx, size_t i, int y, int x, int w, int h,
	    bool selected);
};

struct list {
	size_t sel, top;
	int row_h;  /* lines per row, 1 or more */
	int page;   /* rows that fit, from the last draw */
	bool stick_bottom; /* follow the end when rows are added */
};

void list_init(struct list *l, int row_h);
/* Keeps sel and top inside count rows. */
void list_clamp(struct list *l, size_t count);
/* Draws the visible rows in the rectangle; empty: the text shown if none. */
void list_draw(struct list *l, const struct list_source *src, void *ctx,
    int y, int x, int h, int w, const char *empty);
/* Moves by a navigation action; true if act was one. */
bool list_action(struct list *l, size_t count, enum action act);
/* Selects row i (clamped). */
void list_select(struct list *l, size_t count, size_t i);

#endif
