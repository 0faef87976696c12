#!/bin/sh
# Running a session from the capture screen, in a real terminal (tmux),
# with the clocks made fast (AGORA_CLOCK_SCALE=60: a minute a second):
# the clocks on the top line; the speaker queue (a speaker picked from the
# file's authors, one typed with an organisation, reordered, removed),
# whose current speaker becomes the author of what is captured next (read
# back with sqlite3); the speaker's and the session's clocks running out,
# each with its message, its warning colour and the bell; the session's
# start and end recorded in the file; the session summary against the
# file's own figures.  Every wait polls the screen.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm" "$T/raw"
cp "$TOP/sample_forum.db" "$T/f.db"
DB=$T/f.db
q() {
	sqlite3 "$DB" "$1"
}
# The session «НКО и СМИ: как рассказать о своей работе» (track 2, id 4).
SID=4

# top NAME: the top line with its colours (tmux's escape sequences).
top_line() {
	tm capture-pane -e -p -t "$1" | head -n 1
}
# bells: the BEL characters the program wrote so far.
bells() {
	echo $(( $(tr -cd '\007' <"$T/raw" | wc -c) ))
}

TUI_ENV="AGORA_CLOCK_SCALE=60" tmux_start a "$AGORA" "$DB"
tm pipe-pane -o -t a 'cat >>'"$T"'/raw'
wait_for a "Tracks" || finish
keys a Down Enter Enter
wait_for a "Proposals of the session: 6" || finish

# The session clock shows from the start, stopped; nobody speaks.
expect_screen a "⏱ 1:30:00 ‖"
expect_screen a "Speaker: nobody"
[ "$(q "SELECT started FROM session WHERE id = $SID")" = 0 ] ||
	fail "the session has a start time before its clock ran"

# --- the queue ---------------------------------------------------------------
# Alt-q, Insert: a speaker from the file's authors, found by a few letters.
keys a M-q
wait_for a "┌ Speakers" || finish
keys a IC
wait_for a "Add a speaker to the queue" || finish
text a "ива"
wait_for a "Иванова О. П. (Центр «Содействие»)"
expect_screen a "+ ива"
keys a Down Enter
wait_gone a "Add a speaker to the queue"
wait_for a "1 Иванова О. П. (Центр «Содействие»)"
# One typed, with an organisation.
keys a IC
wait_for a "Add a speaker to the queue"
text a "Петров П. П."
keys a Enter
wait_for a "A new speaker" || finish
keys a Tab
text a "НКО «Берег»"
keys a Enter
wait_for a "2 Петров П. П. (НКО «Берег»)"
# Two more; the last moves up one place; one is removed.
for who in "Сидорова А. А." "Кузнецов К. К."; do
	keys a IC
	wait_for a "Add a speaker to the queue"
	text a "$who"
	keys a Enter
	wait_for a "A new speaker"
	keys a Enter
	wait_gone a "A new speaker"
done
wait_for a "4 Кузнецов К. К."
keys a End S-Up
wait_for a "3 Кузнецов К. К."
expect_screen a "4 Сидорова А. А."
keys a End F8
wait_for a "Сидорова А. А. is out of the queue"
expect_no_screen a "4 Сидорова"
expect_screen a "3 Кузнецов К. К."
keys a Escape
wait_gone a "┌ Speakers"
wait_for a "Queue: Иванова О. П., Петров П. П., Кузне"

# --- the speaker is the author ---------------------------------------------------
keys a C-n
wait_for a "Speaker: Иванова О. П. (Центр «Содействие»)" || finish
wait_for a "Queue: Петров П. П., Кузнецов"
wait_for a "▶ "
text a "Провести медиашколу для руководителей НКО"
keys a Enter
wait_for a "Addressees of the new proposal"
keys a Escape
wait_for a "Proposals of the session: 7"
got=$(q "SELECT author || '|' || organisation FROM proposal
	WHERE text = 'Провести медиашколу для руководителей НКО'")
[ "$got" = "Иванова О. П.|Центр «Содействие»" ] ||
	fail "the first proposal's author is '$got'"
keys a C-n
wait_for a "Speaker: Петров П. П. (НКО «Берег»)"
text a "Создать на сайтах администраций раздел для СО НКО"
keys a Enter
wait_for a "Addressees of the new proposal"
keys a 1
wait_for a "Proposals of the session: 8"
got=$(q "SELECT author || '|' || organisation FROM proposal
	WHERE text = 'Создать на сайтах администраций раздел для СО НКО'")
[ "$got" = "Петров П. П.|НКО «Берег»" ] ||
	fail "the second proposal's author is '$got'"
# Ctrl-O still changes it afterwards.
keys a Tab End C-o
wait_for a "Who proposed it"
keys a C-a C-k
text a "Петров Пётр Петрович"
keys a Enter
wait_gone a "Who proposed it"
got=$(q "SELECT author FROM proposal
	WHERE text = 'Создать на сайтах администраций раздел для СО НКО'")
[ "$got" = "Петров Пётр Петрович" ] || fail "Ctrl-O set the author to '$got'"
keys a Tab

# --- the speaker's clock runs out ------------------------------------------------
# Petrov's clock from the start (Alt-t, 8), then no key until it is over:
# three minutes are three seconds.  The time is up, in the warning colour,
# with the bell, and the clock goes on into the overrun.
keys a M-t
wait_for a "┌ Clocks" || finish
before=$(bells)
keys a 8
wait_for a "Петров П. П. (НКО «Берег»): the time is up" 20 || finish
wait_for a "▶ -"
top_line a | grep -q '41m▶ -' ||
	fail "the speaker's clock is not in the warning colour: $(top_line a)"
[ "$(bells)" -gt "$before" ] || fail "no bell when the speaker's time ran out"
# Paused, then one more minute (Alt-=) and five (Alt-t, 7): out of the
# warning, and it stays where it is.
keys a M-p
wait_for a "The speaker's clock is paused"
keys a M-=
wait_for a "The speaker: 1 more minute"
keys a M-t
wait_for a "┌ Clocks"
keys a 7
wait_for a "The speaker: 5 more minutes"
screen a | head -n 1 | grep -Eq '‖ 0[2-5]:[0-5][0-9]$' ||
	fail "the extended, paused speaker's clock reads: $(screen a | head -n 1)"
top_line a | grep -q '41m‖' &&
	fail "the extended speaker's clock is still a warning: $(top_line a)"

# --- the session's clock --------------------------------------------------------
# Two minutes for the session (Alt-t, the lengths), then Ctrl-T runs it and
# the file records the start.
keys a M-t
wait_for a "┌ Clocks" || finish
keys a 9
wait_for a "The session's length" || finish
keys a C-a C-k
text a "2"
keys a Enter
wait_for a "The session: 2; each speaker: 3"
wait_for a "⏱ 02:00 ‖"
before=$(bells)
keys a C-t
wait_for a "The session's time is up" 20 || finish
wait_for a "⏱ -"
top_line a | grep -q '41m⏱ -' ||
	fail "the session clock is not in the warning colour: $(top_line a)"
[ "$(bells)" -gt "$before" ] || fail "no bell when the session ran out"
[ "$(q "SELECT state FROM session WHERE id = $SID")" = 1 ] ||
	fail "a running session is not open in the file"
[ "$(q "SELECT started > 0 AND ended = 0 FROM session WHERE id = $SID")" = 1 ] ||
	fail "the session's start is not recorded"
started=$(q "SELECT started FROM session WHERE id = $SID")

# --- closing the session and its summary -----------------------------------------
keys a M-t
wait_for a "┌ Clocks"
keys a End Enter
wait_for a "The session is closed and its end recorded"
[ "$(q "SELECT state FROM session WHERE id = $SID")" = 2 ] ||
	fail "the closed session's state is $(q "SELECT state FROM session WHERE id = $SID")"
[ "$(q "SELECT ended >= started AND started = $started FROM session
	WHERE id = $SID")" = 1 ] || fail "the session's end is not recorded"
keys a M-s
wait_for a "Summary: СМИ › НКО и СМИ" || finish
want_total=$(q "SELECT COUNT(*) FROM proposal WHERE session_id = $SID AND deleted = 0")
want_acc=$(q "SELECT COUNT(*) FROM proposal WHERE session_id = $SID AND deleted = 0 AND status = 1")
want_for=$(q "SELECT SUM(votes_for) FROM proposal WHERE session_id = $SID AND deleted = 0")
want_voted=$(q "SELECT COUNT(*) FROM proposal WHERE session_id = $SID AND deleted = 0
	AND votes_for + votes_against + votes_abstain > 0")
screen a | grep -Eq "Proposals +$want_total " || fail "the summary lacks $want_total proposals"
screen a | grep -Eq "✓ accepted +$want_acc " || fail "the summary lacks $want_acc accepted"
expect_screen a "Votes taken on $want_voted proposals:"
expect_screen a "for $want_for ·"
expect_screen a "State: closed"
expect_screen a "Ended"
keys a Escape
wait_gone a "Summary: СМИ"
# Ctrl-Z takes back the closing.
keys a C-z
wait_for a "Undone: close the session"
[ "$(q "SELECT state || ended FROM session WHERE id = $SID")" = 10 ] ||
	fail "undoing the close left $(q "SELECT state, ended FROM session WHERE id = $SID")"

keys a F10 F10
wait_exit a
expect_screen a "EXITED 0"
finish
