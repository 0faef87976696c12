/*
 * tui.h: the terminal interface.
 */
#ifndef AGORA_TUI_H
#define AGORA_TUI_H

/* Opens the forum at path in the interface; returns the exit status. */
int tui_main(const char *path);

#endif
