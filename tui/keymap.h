/*
 * keymap.h: the binding table made from actions.h, and what is generated
 * from it: key lookup, the function-key bar and the key names for help.
 */
#ifndef AGORA_TUI_KEYMAP_H
#define AGORA_TUI_KEYMAP_H

#include <stdbool.h>

#include "actions.h"
#include "app.h"

/* Actions the generic driver handles on every screen. */
bool keymap_global(enum action act);
/*
 * The action key means on screen ops: the first action bound to key that
 * the screen handles, else the first global one; ACT_NONE if none.
 */
enum action keymap_lookup(const struct screen_ops *ops, int key);
/* The keys of act as text, "F1, ?".  Appends to b. */
void keymap_keys(struct buf *b, enum action act);
/* Draws the function-key bar for ops on row y. */
void keymap_bar(const struct screen_ops *ops, int y);

#endif
