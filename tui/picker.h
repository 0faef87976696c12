/*
 * picker.h: the addressee picker, over the capture list.  Last-used
 * addressees first; typing filters by any word of heading or label
 * (case-insensitive, ё = е); digits 1–9 pick the Nth and confirm at once;
 * Space marks several, Enter confirms; Insert or F7 creates an addressee
 * on the spot; Esc leaves the proposal as it is.
 */
#ifndef AGORA_TUI_PICKER_H
#define AGORA_TUI_PICKER_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"

/*
 * Opens the picker for proposal pid.  fresh: the proposal was just
 * captured, and the tags join its capture in one undoable action
 * (forum_begin_amend); otherwise the current tags are preselected and the
 * confirmed set replaces them ("retag a proposal").
 */
void picker_open(struct app *a, int64_t pid, bool fresh);

#endif
