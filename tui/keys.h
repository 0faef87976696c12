/*
 * keys.h: how a key press is represented inside the interface.  A key is an
 * int: a Unicode code point for text, or a curses key code (KEY_F(1),
 * KEY_LEFT, ...) marked with K_FN_BIT, optionally with K_ALT_BIT for an
 * Escape-prefixed key.  Curses key codes overlap Cyrillic code points
 * (U+0400..U+04FF), hence the mark.
 */
#ifndef AGORA_TUI_KEYS_H
#define AGORA_TUI_KEYS_H

#define K_NONE (-1)
#define K_FN_BIT 0x01000000
#define K_ALT_BIT 0x02000000
#define K_FN(k) ((k) | K_FN_BIT)
#define K_ALT(c) ((c) | K_ALT_BIT)
#define K_CTRL(c) ((c) & 0x1f)
#define K_IS_FN(k) (((k) & K_FN_BIT) != 0)
#define K_IS_ALT(k) (((k) & K_ALT_BIT) != 0)
#define K_ESC 27
#define K_TAB 9
#define K_ENTER 13    /* with nonl(): Return */
#define K_LINEFEED 10 /* Ctrl-J */
#define K_DEL 127

/* Key codes this program defines with define_key(); above curses' own. */
enum {
	KX_BASE = 0x6f00,
	KX_PASTE_BEGIN = KX_BASE, /* ESC [ 200 ~ */
	KX_PASTE_END,             /* ESC [ 201 ~ */
	KX_CLEFT,                 /* Ctrl-Left */
	KX_CRIGHT,                /* Ctrl-Right */
	KX_CUP,
	KX_CDOWN,
	KX_CHOME,
	KX_CEND,
	KX_CDEL,
	KX_PASTE /* not a terminal key: a whole pasted text, in app->paste */
};

/* A readable name of key ("F5", "Ctrl-Z", "Alt-b", "Enter").  Appends to b. */
struct buf;
void keys_name(struct buf *b, int key);

#endif
