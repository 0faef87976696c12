#!/bin/sh
# The capture screen end to end, in a real terminal (tmux): the fast path
# (text, Enter, one digit) for three Cyrillic proposals, the picker's
# filter, status and export, undo of a delete, a resize, two instances on
# one file, hostile text in a proposal, and the 80×24 layout against a
# golden screen (UPDATE_GOLDEN=1 rewrites it).
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm" "$T/raw"
cp "$TOP/sample_forum.db" "$T/f.db"
DB=$T/f.db
GOLDEN=$TOP/tests/e2e/golden/capture-80x24.txt
# The session «НКО и СМИ: как рассказать о своей работе» of track 2 (СМИ).
SESSION="НКО и СМИ"

# Hostile text, written behind the interface's back: an OSC 52 clipboard
# write and a clear-screen, with a title change.
evil=$(printf 'Злой\033]52;c;SGVsbG8=\007текст\033[2J\033]0;pwned\007конец')
sqlite3 "$DB" "INSERT INTO proposal (uuid, created, updated, copy, track_id,
	session_id, text) VALUES ('00000000-0000-4000-8000-00000000e71f',
	1, 1, 'test', 2, 4, '$evil');" || fail "cannot insert the hostile row"

open_capture() {
	tmux_start "$1" "$AGORA" "$DB"
	wait_for "$1" "Tracks" || return 1
	keys "$1" Down Enter Enter
	wait_for "$1" "Proposals of the session"
}

# capture NAME TEXT FILTER: the fast path: text, Enter, filter, digit 1.
capture() {
	text "$1" "$2"
	keys "$1" Enter
	wait_for "$1" "Addressees of the new proposal" || return 1
	[ -n "$3" ] && text "$1" "$3"
	wait_for "$1" "Filter: $3" || return 1
	keys "$1" 1
	wait_gone "$1" "Addressees of the new proposal"
}

open_capture a || finish
tm pipe-pane -o -t a 'cat >>'"$T"'/raw'

# The layout, before anything is typed.
wait_for a "$SESSION"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	screen a >"$GOLDEN"
	echo "golden screen rewritten: $GOLDEN"
fi
screen a >"$T/layout.txt"
diff -u "$GOLDEN" "$T/layout.txt" || fail "the 80x24 capture screen differs from $GOLDEN"

# Hostile text is drawn with the controls visible.
wait_for a "Злой␛]52;c;SGVsbG8="

# The picker's filter: «омс» leaves only ОМСУ.
text a "Создать медиашколу для руководителей НКО"
keys a Enter
wait_for a "Addressees of the new proposal"
text a "омс"
wait_for a "Filter: омс"
expect_screen a "1   ОМСУ"
expect_no_screen a "Агентство"
expect_no_screen a "2   "
keys a 1
wait_gone a "Addressees of the new proposal"
wait_for a "→ ОМСУ"
# Two more by the fast path.
capture a "Ввести в газетах рубрику о гражданских инициативах" "сми"
capture a "Провести конкурс «Лучший ёлочный проект» для школьников" "агент"
wait_for a "→ Агентство"

# Accept the last one (F5, 2): it joins the exported draft.
keys a F5
wait_for a "✓ accepted"
keys a 2
wait_for a "Proposal 10: accepted"

# Undo of a delete.
keys a Tab Up
keys a F8
wait_for a "deleted (Ctrl-Z brings it back)"
keys a C-z
wait_for a "Undone: delete a proposal"
wait_for a "Ввести в газетах рубрику"

# A resize redraws at the new size.
tm resize-window -t a -x 100 -y 30
n=0
while [ $n -lt 50 ]; do
	screen a | sed -n 30p | grep -q "10Quit" && break
	sleep 0.1
	n=$((n + 1))
done
screen a | sed -n 30p | grep -q "10Quit" || fail "no redraw at 100x30"
tm resize-window -t a -x 80 -y 24

# A second instance on the same file sees the first one's changes.
open_capture b || finish
wait_for b "Провести конкурс «Лучший"
keys a Tab
capture a "Издавать ежеквартальный вестник НКО края" "нко"
wait_for b "Издавать ежеквартальный вестник" 3
capture b "Открыть на радио передачу о волонтёрах" "сми"
wait_for a "Открыть на радио передачу" 3

keys a F10
wait_for a "Tracks"
keys a F10
wait_exit a
keys b F10 F10
wait_exit b
screen a | grep -q "EXITED 0" || fail "agora did not exit cleanly: $(screen a | tail -3)"

# Nothing of the hostile text reached the terminal raw (pipe-pane saw
# every byte agora wrote; it shows ␛ where the text had ESC).
grep -q "␛]52;c;SGVsbG8=" "$T/raw" || fail "pipe-pane did not record the screen"
if grep -q "$(printf '\033]52')" "$T/raw"; then
	fail "OSC 52 from a proposal reached the terminal"
fi
if grep -q "$(printf '\033]0;pwned')" "$T/raw"; then
	fail "a title change from a proposal reached the terminal"
fi
if tm show-buffer 2>/dev/null | grep -q Hello; then
	fail "the clipboard was written"
fi

# The file has them, tagged.
got=$(sqlite3 "$DB" "SELECT p.text || ' → ' || a.label FROM proposal p
	JOIN proposal_addressee l ON l.proposal_id = p.id AND l.deleted = 0
	JOIN addressee a ON a.id = l.addressee_id
	WHERE p.deleted = 0 AND p.session_id = 4 ORDER BY p.id")
for want in "Создать медиашколу для руководителей НКО → ОМСУ" \
	"Ввести в газетах рубрику о гражданских инициативах → СМИ" \
	"Провести конкурс «Лучший ёлочный проект» для школьников → Агентство" \
	"Издавать ежеквартальный вестник НКО края → НКО" \
	"Открыть на радио передачу о волонтёрах → СМИ"; do
	echo "$got" | grep -qF "$want" || fail "not in the file: $want; got: $got"
done
"$AGORA" export "$DB" >"$T/export.txt" 2>&1 || fail "export failed: $(cat "$T/export.txt")"
grep -qF "Провести конкурс «Лучший ёлочный проект» для школьников" "$T/export.txt" ||
	fail "the accepted proposal is not in the export"
grep -qF "Создать медиашколу для руководителей НКО" "$T/export.txt" &&
	fail "a new (not accepted) proposal is in the export"
finish
