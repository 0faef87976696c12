/*
 * files.h: the forum's files from the interface (files.c): export the
 * resolution or the proposals table, a copy for a moderator, merging the
 * copies back, the merge reports kept in the file, and import.
 */
#ifndef AGORA_TUI_FILES_H
#define AGORA_TUI_FILES_H

#include "app.h"

/* The Files menu: each of the above, then its dialog. */
void files_open(struct app *a);

#endif
