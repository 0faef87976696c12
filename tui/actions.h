/*
 * actions.h: every action of the interface, listed once.  The X-macro
 * makes the enum (ACT_*), the default bindings, the help screen and the
 * function-key bar (keymap.c), so the help can never disagree with what
 * the keys do (tig's request.h, htop's keys[]).
 *
 *   ACTION(name, key, alt_key, fkey_label, help_text)
 *
 * key and alt_key are keys.h values (0: none); fkey_label is the word in
 * the function-key bar ("" for actions without an F-key slot).  A screen
 * lists the actions it handles; the bar and the help show, for the
 * current screen, its own actions and the global ones.
 */
#ifndef AGORA_TUI_ACTIONS_H
#define AGORA_TUI_ACTIONS_H

#include <curses.h>

#include "keys.h"

#define ACTIONS(_)                                                          \
	_(HELP, K_FN(KEY_F(1)), '?', "Help", "Show the keys of this screen")  \
	_(SAVE, K_FN(KEY_F(2)), K_ENTER, "Save",                              \
	    "Save the text as a proposal (Enter), then pick addressees")       \
	_(RETAG, K_FN(KEY_F(3)), 0, "Addr", "Choose the proposal's addressees") \
	_(EDIT, K_FN(KEY_F(4)), 0, "Edit", "Edit the selected item")          \
	_(STATUS, K_FN(KEY_F(5)), 0, "Status",                                \
	    "Set status: new, accepted, rejected")                             \
	_(VOTES, K_FN(KEY_F(6)), 0, "Votes",                                  \
	    "Record votes: for, against, abstain")                            \
	_(SEARCH, K_FN(KEY_F(7)), '/', "Search",                              \
	    "Search every proposal; filter by track, addressee, status")       \
	_(NEW, K_FN(KEY_IC), 0, "",                                           \
	    "Create a new item here (Insert)")                                 \
	_(DELETE, K_FN(KEY_F(8)), 0, "Delete", "Delete the selected item")    \
	_(MENU, K_FN(KEY_F(9)), 0, "Menu", "A menu of this screen's actions")  \
	_(QUIT, K_FN(KEY_F(10)), K_CTRL('q'), "Quit",                          \
	    "Leave this screen (on the start screen: quit)")                   \
	_(UNDO, K_CTRL('z'), 0, "", "Undo the last change")                   \
	_(REDO, K_CTRL('y'), 0, "", "Redo the last undone change")            \
	_(FOCUS, K_TAB, 0, "", "Switch between the editor and the list")      \
	_(PREVIEW, K_CTRL('p'), 0, "",                                        \
	    "Preview the resolution at the selected proposal")                 \
	_(AUTHOR, K_CTRL('o'), 0, "", "Author and organisation of a proposal") \
	_(FILTER, K_CTRL('f'), 0, "", "Change the search filters")            \
	_(MARK, ' ', 0, "", "Mark or unmark (several addressees)")             \
	_(BACK, K_ESC, 0, "", "Close this window without choosing")           \
	_(UP, K_FN(KEY_UP), 0, "", "Move up")                                 \
	_(DOWN, K_FN(KEY_DOWN), 0, "", "Move down")                           \
	_(PGUP, K_FN(KEY_PPAGE), 0, "", "Page up")                            \
	_(PGDN, K_FN(KEY_NPAGE), 0, "", "Page down")                          \
	_(FIRST, K_FN(KEY_HOME), 0, "", "First item")                         \
	_(LAST, K_FN(KEY_END), 0, "", "Last item")                            \
	_(OPEN, K_ENTER, 0, "", "Open or choose the selected item")           \
	_(REDRAW, K_CTRL('l'), 0, "", "Redraw the screen")                    \
	_(DUPES, K_CTRL('u'), 0, "",                                          \
	    "Duplicates: find and merge similar proposals (secretariat)")      \
	_(STATS, K_CTRL('g'), 0, "",                                          \
	    "Statistics: proposals by track, addressee and status")            \
	_(ORDER, K_CTRL('r'), 0, "",                                          \
	    "Order the addressees and the proposals under each")               \
	_(MERGE, K_FN(KEY_F(2)), 0, "Merge",                                  \
	    "Merge the cluster into the chosen wording (one undo)")            \
	_(INCLUDE, ' ', 0, "",                                                \
	    "Take the proposal into the merge or leave it out")                \
	_(THRESHOLD, '%', 't', "", "Change the similarity threshold")          \
	_(MOVE_UP, K_FN(KEY_SR), K_FN(KX_CUP), "",                            \
	    "Move the selected item up")                                       \
	_(MOVE_DOWN, K_FN(KEY_SF), K_FN(KX_CDOWN), "",                        \
	    "Move the selected item down")                                     \
	_(COPY_TO, K_FN(KEY_F(5)), 'c', "Copy",                               \
	    "Copy the proposal to another addressee as well")                  \
	_(MOVE_TO, K_FN(KEY_F(6)), 'm', "Move",                               \
	    "Move the proposal to another addressee")

enum action {
	ACT_NONE,
#define ACTION_ENUM(name, key, alt, fkey, help) ACT_##name,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACT__COUNT
};

struct action_info {
	const char *name; /* "SAVE" */
	int key, alt_key;
	const char *fkey; /* bar label, "" if none */
	const char *help;
};

/* The table, indexed by enum action. */
extern const struct action_info action_table[ACT__COUNT];

#endif
