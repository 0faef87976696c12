#!/bin/sh
# Preparing the document in the interface, in a real terminal (tmux), read
# back through `agora export`: the forum screen (Alt-1) edits a preamble
# paragraph, adds one and moves it, deletes it and brings it back, adds a
# participant group, extends the lead-in, retitles the resolution and
# marks it a draft, and the preview (Ctrl-P) shows the result; the
# addressees screen (Alt-3) adds and deletes an addressee, turns
# «Рекомендовать» on, reorders, and merges one addressee into another,
# which one Ctrl-Z takes back to the very bytes of the export before; the
# tracks and sessions screen (Alt-2) adds a track and moves it among the
# key themes, sets its moderators, adds a session (a bad date refused),
# closes it with its end recorded, shows its summary, and deletes what
# holds nothing.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
cp "$TOP/sample_forum.db" "$T/f.db"
DB=$T/f.db
q() {
	sqlite3 "$DB" "$1"
}
# export FILE: the resolution as text, one paragraph a line.
export_to() {
	"$AGORA" export "$DB" --width 0 --date 2018-01-30 >"$T/$1" ||
		fail "agora export failed"
}
# line_of FILE TEXT: the number of the first line holding TEXT (0: none).
line_of() {
	n=$(grep -nF -- "$2" "$T/$1" | head -n 1 | cut -d: -f1)
	echo "${n:-0}"
}
# before FILE A B: A stands on an earlier line than B.
before() {
	a=$(line_of "$1" "$2")
	b=$(line_of "$1" "$3")
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$a" -lt "$b" ] ||
		fail "in $1, '$2' (line $a) is not before '$3' (line $b)"
}

PARTICIPANTS="В работе Форума приняли участие:"
FIRST="С 15 по 16 декабря 2017 года состоялся IX Гражданский форум"

export_to e0.txt
grep -q "ПРОЕКТ" "$T/e0.txt" && fail "the sample is a draft already"

tmux_start a "$AGORA" "$DB"
wait_for a "Tracks" || finish
keys a M-1
wait_for a "The forum: F4 edit" || finish
expect_screen a "Opening paragraphs"
expect_screen a "Participant groups"

# --- a paragraph edited ------------------------------------------------------------
# Rows: forum, title, place, dates, document date, state, the opening
# paragraphs' heading, the first paragraph.
keys a Down Down Down Down Down Down Down F4
wait_for a "Edit the paragraph" || finish
text a " Партнёром Форума выступил Краевой центр."
keys a Enter
wait_gone a "Edit the paragraph"
wait_for a "Saved"
export_to e1.txt
grep -qF "Концепция и программа Форума утверждены Организационным комитетом Форума. Партнёром Форума выступил Краевой центр." "$T/e1.txt" ||
	fail "the edited paragraph is not in the export"
before e1.txt "Партнёром Форума выступил" "$PARTICIPANTS"

# --- a paragraph added after it, moved up, deleted, brought back ------------
keys a IC
wait_for a "New paragraph" || finish
text a "Форум прошёл при поддержке Губернатора края."
keys a Enter
wait_gone a "New paragraph"
wait_for a "2. Форум прошёл при поддержке"
export_to e2.txt
before e2.txt "$FIRST" "Форум прошёл при поддержке Губернатора края."
before e2.txt "Форум прошёл при поддержке Губернатора края." "$PARTICIPANTS"
keys a S-Up
wait_for a "1. Форум прошёл при поддержке"
export_to e3.txt
before e3.txt "Форум прошёл при поддержке Губернатора края." "$FIRST"
keys a F8
wait_for a "Deleted (Ctrl-Z brings it back)"
export_to e4.txt
grep -qF "Форум прошёл при поддержке" "$T/e4.txt" &&
	fail "the deleted paragraph is still exported"
keys a C-z
wait_for a "Undone: delete a paragraph"
wait_for a "1. Форум прошёл при поддержке"
export_to e5.txt
cmp -s "$T/e3.txt" "$T/e5.txt" || fail "undoing the delete did not restore the export"

# --- a participant group, the lead-in ----------------------------------------------
keys a End
wait_for a "Lead-in"
# Up from the lead-in: closing paragraph, its heading, the themes' note,
# the themes' introduction, the last group.
keys a Up Up Up Up Up IC
wait_for a "New participant group" || finish
text a "Представители молодёжных общественных объединений."
keys a Enter
wait_gone a "New participant group"
wait_for a "4. Представители молодёжных"
keys a End F4
wait_for a "The lead-in, before the proposals" || finish
text a " (с учётом муниципальных форумов)"
keys a Enter
wait_gone a "The lead-in, before the proposals"
export_to e6.txt
grep -qx "4. Представители молодёжных общественных объединений." "$T/e6.txt" ||
	fail "the new group is not numbered 4 in the export"
before e6.txt "$PARTICIPANTS" "4. Представители молодёжных"
before e6.txt "4. Представители молодёжных" "Ключевыми темами"
grep -q "предложения: (с учётом муниципальных форумов)$" "$T/e6.txt" ||
	fail "the lead-in's addition is not in the export"

# --- the title, draft or final, and the preview --------------------------------------
keys a Home Down F4
wait_for a "The document's title" || finish
keys a C-a C-k
text a "Проект резолюции IX Гражданского форума."
keys a Enter
wait_gone a "The document's title"
keys a Down Down Down Down Enter
wait_for a "printed with «ПРОЕКТ»"
export_to e7.txt
[ "$(head -n 1 "$T/e7.txt")" = "ПРОЕКТ" ] || grep -q "^ *ПРОЕКТ *$" "$T/e7.txt" ||
	fail "the draft's mark is not in the export"
grep -qx "Проект резолюции IX Гражданского форума." "$T/e7.txt" ||
	fail "the new title is not in the export"
[ "$(q "SELECT final FROM forum")" = 0 ] || fail "the forum is still final"
keys a C-p
wait_for a "Preview of the resolution" || finish
wait_for a "Проект резолюции IX Гражданского форума."
keys a Escape
wait_for a "The forum: F4 edit"
keys a Escape
wait_for a "Tracks"

# --- addressees ----------------------------------------------------------------------
keys a M-3
wait_for a "Addressees, in the order of the resolution: 10" || finish
# A new one, then deleted (it holds nothing).
keys a IC
wait_for a "New addressee" || finish
text a "Жителям Красноярского края:"
keys a Tab
text a "Жители"
keys a Enter
wait_for a "Addressee Жители added"
wait_for a "Addressees, in the order of the resolution: 11"
[ "$(q "SELECT heading FROM addressee WHERE label = 'Жители'")" = \
	"Жителям Красноярского края" ] || fail "the heading kept its colon"
keys a F8
wait_for a "Жители deleted"
wait_for a "Addressees, in the order of the resolution: 10"

# «Рекомендовать» on for the first (Министерства), then it moves down one.
keys a Home F5
wait_for a "Министерства: its items read «Рекомендовать …»"
export_to e8.txt
grep -q "^1\.1\. Рекомендовать создать на официальных сайтах" "$T/e8.txt" ||
	fail "the recommendation is not applied: $(grep '^1\.1\.' "$T/e8.txt")"
keys a S-Down
wait_for a "2. Министерства"
export_to e9.txt
grep -q "^1\. Агентству молодежной политики" "$T/e9.txt" ||
	fail "the addressees' order did not change in the export"
grep -q "^2\.1\. Рекомендовать создать на официальных сайтах" "$T/e9.txt" ||
	fail "Министерства is not section 2"

# The merge: СМИ (row 7) into Краевой центр; one undo takes it all back.
export_to m0.txt
smi=$(q "SELECT id FROM addressee WHERE label = 'СМИ'")
centre=$(q "SELECT id FROM addressee WHERE label = 'Краевой центр'")
links_smi=$(q "SELECT COUNT(*) FROM proposal_addressee WHERE addressee_id = $smi AND deleted = 0")
links_centre=$(q "SELECT COUNT(*) FROM proposal_addressee WHERE addressee_id = $centre AND deleted = 0")
both=$(q "SELECT COUNT(*) FROM proposal_addressee a JOIN proposal_addressee b
	ON a.proposal_id = b.proposal_id WHERE a.addressee_id = $smi
	AND b.addressee_id = $centre AND a.deleted = 0 AND b.deleted = 0")
keys a Home Down Down Down Down Down Down
wait_for a "7. СМИ"
keys a F6
wait_for a "Merge СМИ into" || finish
# The menu lists the others in order: Краевой центр is the seventh.
keys a 7
wait_for a "СМИ merged into Краевой центр: $((links_smi - both)) proposal"
wait_for a "Addressees, in the order of the resolution: 9"
[ "$(q "SELECT deleted FROM addressee WHERE id = $smi")" = 1 ] ||
	fail "the merged addressee is not deleted"
[ "$(q "SELECT COUNT(*) FROM proposal_addressee WHERE addressee_id = $smi AND deleted = 0")" = 0 ] ||
	fail "links to the merged addressee are left"
[ "$(q "SELECT COUNT(*) FROM proposal_addressee WHERE addressee_id = $centre AND deleted = 0")" = \
	$((links_centre + links_smi - both)) ] || fail "the links did not all go to Краевой центр"
export_to m1.txt
grep -qF "Средствам массовой информации Красноярского края:" "$T/m1.txt" &&
	fail "the merged addressee's heading is still exported"
grep -q "^[0-9]*\.[0-9]*\. Краевой государственной газете «Наш Красноярский край»" "$T/m1.txt" ||
	fail "the merged addressee's item is not under Краевой центр"
before m1.txt "Краевому центру поддержки общественных инициатив:" \
	"Краевой государственной газете «Наш Красноярский край»"
keys a C-z
wait_for a "Undone: merge addressees"
wait_for a "Addressees, in the order of the resolution: 10"
export_to m2.txt
cmp -s "$T/m0.txt" "$T/m2.txt" || {
	fail "one undo did not take the merge back:"
	diff "$T/m0.txt" "$T/m2.txt" | head -n 20
}
[ "$(q "SELECT COUNT(*) FROM proposal_addressee WHERE addressee_id = $smi AND deleted = 0")" = \
	"$links_smi" ] || fail "the links to СМИ did not come back"
# Redo merges again, undo once more.
keys a C-y
wait_for a "Redone: merge addressees"
export_to m3.txt
cmp -s "$T/m1.txt" "$T/m3.txt" || fail "redo did not merge again"
keys a C-z
wait_for a "Undone: merge addressees"

keys a Escape
wait_for a "Tracks"

# --- tracks and sessions ------------------------------------------------------------
keys a M-2
wait_for a "Tracks and sessions ·" || finish
keys a IC
wait_for a "New track" || finish
text a "Развитие добровольчества в Красноярском крае"
keys a Tab
text a "Добро"
keys a Tab
text a "Орлова Е. В."
keys a Enter
wait_for a "Track added"
wait_for a "5. Добро — Развитие"
export_to t1.txt
grep -qx "5. Развитие добровольчества в Красноярском крае" "$T/t1.txt" ||
	fail "the new track is not the fifth key theme"
keys a S-Up
wait_for a "4. Добро — Развитие"
export_to t2.txt
grep -qx "4. Развитие добровольчества в Красноярском крае" "$T/t2.txt" ||
	fail "the moved track is not the fourth key theme"
keys a F4
wait_for a "Edit the track" || finish
keys a Tab Tab C-a C-k
text a "Орлова Е. В., Ким Д. С."
keys a Enter
wait_for a "moderator: Орлова Е. В., Ким"
[ "$(q "SELECT moderator FROM track WHERE label = 'Добро'")" = 	"Орлова Е. В., Ким Д. С." ] || fail "the moderator is not saved"
# A session, with a date that is not one first.
keys a Tab IC
wait_for a "New session" || finish
text a "Сессия 1"
keys a Tab
text a "06.12.2018"
keys a Tab
text a "10:00"
keys a Tab
text a "ауд. 204"
keys a Enter
wait_for a "The date is YYYY-MM-DD"
keys a Up Up C-a C-k
text a "2018-12-06"
keys a Enter
wait_for a "Session added"
wait_for a "Сессия 1, ауд. 204"
sid=$(q "SELECT s.id FROM session s JOIN track t ON t.id = s.track_id
	WHERE t.label = 'Добро'")
[ "$(q "SELECT date || ' ' || time || ' ' || state FROM session WHERE id = $sid")" = 	"2018-12-06 10:00 0" ] || fail "the session is saved as $(q "SELECT * FROM session WHERE id = $sid")"
# Closed: the state and the end time; its summary; Ctrl-Z reopens.
keys a F5
wait_for a "The session's state" || finish
keys a 3
wait_for a "The session is closed; its end is recorded"
[ "$(q "SELECT state = 2 AND started > 0 AND ended >= started FROM session WHERE id = $sid")" = 1 ] ||
	fail "closing recorded $(q "SELECT state, started, ended FROM session WHERE id = $sid")"
keys a M-s
wait_for a "Summary: Добро › Сессия 1" || finish
screen a | grep -Eq "Proposals +0 " || fail "the empty session's summary"
expect_screen a "No votes taken"
expect_screen a "State: closed"
expect_screen a "Ended"
keys a Escape
wait_gone a "Summary: Добро"
keys a C-z
wait_for a "Undone: close the session"
[ "$(q "SELECT state || ended FROM session WHERE id = $sid")" = 00 ] ||
	fail "undoing the close left $(q "SELECT state, ended FROM session WHERE id = $sid")"
# What holds nothing can go; a track with proposals cannot.
keys a F8
wait_for a "Deleted (Ctrl-Z brings it back)"
wait_for a "No sessions"
keys a Tab F8
wait_for a "Deleted (Ctrl-Z brings it back)"
wait_gone a "Добро —"
keys a Home F8
wait_for a "The track holds proposals: it stays"

keys a F10 F10
wait_exit a
expect_screen a "EXITED 0"
finish
