/*
 * actions.h: every action of the interface, listed once.  The X-macro
 * makes the enum (ACT_*), the default bindings, the help screen and the
 * function-key bar (keymap.c), so the help can never disagree with what
 * the keys do (tig's request.h, htop's keys[]).
 *
 *   ACTION(name, key, alt_key, fkey_label, help_text)
 *
 * key and alt_key are keys.h values (0: none); fkey_label is the word in
 * the function-key bar ("" for actions without an F-key slot).  Both texts
 * are marked N_() for the catalog and translated with _() where they are
 * drawn (keymap.c, help.c, dialog.c).  A screen
 * lists the actions it handles; the bar and the help show, for the
 * current screen, its own actions and the global ones.
 */
#ifndef AGORA_TUI_ACTIONS_H
#define AGORA_TUI_ACTIONS_H

#include <curses.h>

#include "../model/i18n.h"
#include "keys.h"

#define ACTIONS(_)                                                          \
	_(HELP, K_FN(KEY_F(1)), '?', N_("Help"), N_("Show the keys of this screen")) \
	_(SAVE, K_FN(KEY_F(2)), K_ENTER, N_("Save"),                          \
	    N_("Save the text as a proposal (Enter), then pick addressees"))  \
	_(RETAG, K_FN(KEY_F(3)), 0, N_("Addr"), N_("Choose the proposal's addressees")) \
	_(EDIT, K_FN(KEY_F(4)), 0, N_("Edit"), N_("Edit the selected item"))  \
	_(STATUS, K_FN(KEY_F(5)), 0, N_("Status"),                            \
	    N_("Set status: new, accepted, rejected"))                        \
	_(VOTES, K_FN(KEY_F(6)), 0, N_("Votes"),                              \
	    N_("Record votes: for, against, abstain"))                        \
	_(SEARCH, K_FN(KEY_F(7)), '/', N_("Search"),                          \
	    N_("Search every proposal; filter by track, addressee, status"))  \
	_(NEW, K_FN(KEY_IC), 0, "",                                           \
	    N_("Create a new item here (Insert)"))                            \
	_(DELETE, K_FN(KEY_F(8)), 0, N_("Delete"), N_("Delete the selected item")) \
	_(MENU, K_FN(KEY_F(9)), 0, N_("Menu"), N_("A menu of this screen's actions")) \
	_(QUIT, K_FN(KEY_F(10)), K_CTRL('q'), N_("Quit"),                     \
	    N_("Leave this screen (on the start screen: quit)"))              \
	_(UNDO, K_CTRL('z'), 0, "", N_("Undo the last change"))               \
	_(REDO, K_CTRL('y'), 0, "", N_("Redo the last undone change"))        \
	_(FOCUS, K_TAB, 0, "", N_("Switch between the editor and the list"))  \
	_(PREVIEW, K_CTRL('p'), 0, "",                                        \
	    N_("Preview the resolution at the selected proposal"))            \
	_(AUTHOR, K_CTRL('o'), 0, "", N_("Author and organisation of a proposal")) \
	_(FILTER, K_CTRL('f'), 0, "", N_("Change the search filters"))        \
	_(MARK, ' ', 0, "", N_("Mark or unmark (several addressees)"))        \
	_(BACK, K_ESC, 0, "", N_("Close this window without choosing"))       \
	_(UP, K_FN(KEY_UP), 0, "", N_("Move up"))                             \
	_(DOWN, K_FN(KEY_DOWN), 0, "", N_("Move down"))                       \
	_(PGUP, K_FN(KEY_PPAGE), 0, "", N_("Page up"))                        \
	_(PGDN, K_FN(KEY_NPAGE), 0, "", N_("Page down"))                      \
	_(FIRST, K_FN(KEY_HOME), 0, "", N_("First item"))                     \
	_(LAST, K_FN(KEY_END), 0, "", N_("Last item"))                        \
	_(OPEN, K_ENTER, 0, "", N_("Open or choose the selected item"))       \
	_(REDRAW, K_CTRL('l'), 0, "", N_("Redraw the screen"))                \
	_(DUPES, K_CTRL('u'), 0, "",                                          \
	    N_("Duplicates: find and merge similar proposals (secretariat)")) \
	_(STATS, K_CTRL('g'), 0, "",                                          \
	    N_("Statistics: proposals by track, addressee and status"))       \
	_(ORDER, K_CTRL('r'), 0, "",                                          \
	    N_("Order the addressees and the proposals under each"))          \
	_(MERGE, K_FN(KEY_F(2)), 0, N_("Merge"),                              \
	    N_("Merge the cluster into the chosen wording (one undo)"))       \
	_(INCLUDE, ' ', 0, "",                                                \
	    N_("Take the proposal into the merge or leave it out"))           \
	_(THRESHOLD, '%', 't', "", N_("Change the similarity threshold"))     \
	_(MOVE_UP, K_FN(KEY_SR), K_FN(KX_CUP), "",                            \
	    N_("Move the selected item up"))                                  \
	_(MOVE_DOWN, K_FN(KEY_SF), K_FN(KX_CDOWN), "",                        \
	    N_("Move the selected item down"))                                \
	_(COPY_TO, K_FN(KEY_F(5)), 'c', N_("Copy"),                           \
	    N_("Copy the proposal to another addressee as well"))             \
	_(MOVE_TO, K_FN(KEY_F(6)), 'm', N_("Move"),                           \
	    N_("Move the proposal to another addressee"))                     \
	_(CLOCK, K_CTRL('t'), 0, "", N_("Start or pause the session clock"))  \
	_(SPEAKER_CLOCK, K_ALT('p'), 0, "",                                   \
	    N_("Start or pause the speaker's clock"))                         \
	_(EXTEND, K_ALT('='), K_ALT('+'), "",                                 \
	    N_("One more minute on the speaker's clock"))                     \
	_(CLOCKS, K_ALT('t'), 0, "",                                          \
	    N_("Clocks: extend, reset, set the lengths; close the session"))  \
	_(NEXT_SPEAKER, K_CTRL('n'), 0, "",                                   \
	    N_("Next speaker: the first in the queue speaks, their clock runs")) \
	_(QUEUE, K_ALT('q'), 0, "",                                           \
	    N_("Speakers: add to the queue, remove, reorder"))                \
	_(SUMMARY, K_ALT('s'), 0, "",                                         \
	    N_("Session summary: proposals by status, votes"))                \
	_(FORUM, K_ALT('1'), 0, "",                                           \
	    N_("Forum: titles, dates, preamble, participant groups, lead-in")) \
	_(TRACKS, K_ALT('2'), 0, "",                                          \
	    N_("Tracks and sessions: add, rename, reorder, moderators, close")) \
	_(ADDRESSEES, K_ALT('3'), 0, "",                                      \
	    N_("Addressees: add, edit, reorder, recommend, merge"))           \
	_(FILES, K_ALT('4'), 0, "",                                           \
	    N_("Files: export, copy for a moderator, merge copies, import"))  \
	_(RECOMMEND, K_FN(KEY_F(5)), 'r', N_("Recomm"),                       \
	    N_("Recommend: its items read «Рекомендовать …» (on or off)"))    \
	_(ADDR_MERGE, K_FN(KEY_F(6)), 'm', N_("Merge"),                       \
	    N_("Merge into another addressee: its proposals go there (one undo)")) \
	_(SESSION_STATE, K_FN(KEY_F(5)), 0, N_("State"),                      \
	    N_("Session state: planned, open, closed (closing records the end)"))

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
