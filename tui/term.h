/*
 * term.h: the terminal: curses setup and teardown, restoring the terminal
 * on every way out (normal exit, atexit, fatal signals), bracketed paste,
 * and reading keys as keys.h values.
 */
#ifndef AGORA_TUI_TERM_H
#define AGORA_TUI_TERM_H

#include <stdbool.h>

struct buf;

/* Starts curses; returns whether colours are in use. */
bool term_start(void);
/* Restores the terminal; safe to call more than once. */
void term_stop(void);
/*
 * Waits up to timeout_ms (negative: forever, 0: not at all) for a key.
 * K_NONE on timeout.  A bracketed paste is read whole into paste (reset
 * first) and reported as K_FN(KX_PASTE).
 */
int term_key(int timeout_ms, struct buf *paste);

#endif
