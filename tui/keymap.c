/*
 * keymap.c: the table of actions.h as data, the lookup of a key, and the
 * function-key bar in the Midnight Commander style ("1Help 2Save ...",
 * translated as it is drawn).  Key names (Enter, Ctrl-Z) stay as the
 * keyboard prints them.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "draw.h"
#include "keymap.h"

const struct action_info action_table[ACT__COUNT] = {
	[ACT_NONE] = {"NONE", 0, 0, "", ""},
#define ACTION_ROW(name, key, alt, fkey, help) \
	[ACT_##name] = {#name, key, alt, fkey, help},
	ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

static const enum action global_actions[] = {
	ACT_HELP, ACT_MENU, ACT_QUIT, ACT_UNDO, ACT_REDO, ACT_REDRAW,
	ACT_SEARCH, ACT_BACK, ACT_PREVIEW, ACT_DUPES, ACT_STATS, ACT_ORDER,
	ACT_FORUM, ACT_TRACKS, ACT_ADDRESSEES, ACT_FILES, ACT_NONE,
};

bool
keymap_global(enum action act)
{
	size_t i;

	for (i = 0; global_actions[i] != ACT_NONE; i++)
		if (global_actions[i] == act)
			return true;
	return false;
}

enum action
keymap_lookup(const struct screen_ops *ops, int key)
{
	enum action first = ACT_NONE;
	int i;

	if (key == K_NONE || key == 0)
		return ACT_NONE;
	for (i = 1; i < ACT__COUNT; i++) {
		if (action_table[i].key != key &&
		    action_table[i].alt_key != key)
			continue;
		if (screen_handles(ops, (enum action)i))
			return (enum action)i;
		if (first == ACT_NONE && keymap_global((enum action)i))
			first = (enum action)i;
	}
	return first;
}

void
keys_name(struct buf *b, int key)
{
	int k = key & ~(K_FN_BIT | K_ALT_BIT);

	if (K_IS_ALT(key))
		buf_adds(b, "Alt-");
	if (K_IS_FN(key)) {
		if (k >= KEY_F(1) && k <= KEY_F(24)) {
			buf_printf(b, "F%d", k - KEY_F(0));
			return;
		}
		switch (k) {
		case KEY_UP: buf_adds(b, "Up"); return;
		case KEY_DOWN: buf_adds(b, "Down"); return;
		case KEY_LEFT: buf_adds(b, "Left"); return;
		case KEY_RIGHT: buf_adds(b, "Right"); return;
		case KEY_PPAGE: buf_adds(b, "PgUp"); return;
		case KEY_NPAGE: buf_adds(b, "PgDn"); return;
		case KEY_HOME: buf_adds(b, "Home"); return;
		case KEY_END: buf_adds(b, "End"); return;
		case KEY_IC: buf_adds(b, "Insert"); return;
		case KEY_SR: buf_adds(b, "Shift-Up"); return;
		case KEY_SF: buf_adds(b, "Shift-Down"); return;
		case KX_CUP: buf_adds(b, "Ctrl-Up"); return;
		case KX_CDOWN: buf_adds(b, "Ctrl-Down"); return;
		case KEY_DC: buf_adds(b, "Delete"); return;
		default: buf_printf(b, "key %d", k); return;
		}
	}
	switch (k) {
	case K_ENTER: buf_adds(b, "Enter"); return;
	case K_TAB: buf_adds(b, "Tab"); return;
	case K_ESC: buf_adds(b, "Esc"); return;
	case ' ': buf_adds(b, "Space"); return;
	case K_DEL: buf_adds(b, "Backspace"); return;
	default: break;
	}
	if (k < 32)
		buf_printf(b, "Ctrl-%c", k + '@');
	else
		text_encode(b, (uint32_t)k);
}

void
keymap_keys(struct buf *b, enum action act)
{
	keys_name(b, action_table[act].key);
	if (action_table[act].alt_key != 0) {
		buf_adds(b, ", ");
		keys_name(b, action_table[act].alt_key);
	}
}

void
keymap_bar(const struct screen_ops *ops, int y)
{
	int n, i, x0, x1, w = COLS;
	char num[12];

	draw_fill(y, 0, w, R_FKEY);
	for (n = 1; n <= 10; n++) {
		const char *label = "";

		/* As keymap_lookup(): the screen's own action for the key,
		 * else a global one. */
		for (i = 1; i < ACT__COUNT; i++) {
			if (action_table[i].key != K_FN(KEY_F(n)) ||
			    *action_table[i].fkey == '\0')
				continue;
			if (screen_handles(ops, (enum action)i)) {
				label = action_table[i].fkey;
				break;
			}
			if (*label == '\0' && keymap_global((enum action)i))
				label = action_table[i].fkey;
		}
		x0 = (n - 1) * w / 10;
		x1 = n * w / 10;
		snprintf(num, sizeof num, "%d", n);
		x0 += draw_str(y, x0, x1 - x0, num, R_FKEY_NUM);
		draw_pad(y, x0, x1 - x0, *label != '\0' ? _(label) : "",
		    R_FKEY);
	}
}
