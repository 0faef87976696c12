#!/bin/sh
# Search and filters end to end, in a real terminal (tmux): F7 from the
# capture screen searches every track, stemmed («газет» finds «газетам»
# and «газете»); Ctrl-F filters by status, track and addressee, together
# and undone; the count follows; Enter shows a hit in the preview and Esc
# comes back to the search, then to the capture screen.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
cp "$TOP/sample_forum.db" "$T/f.db"
DB=$T/f.db
live=$(sqlite3 "$DB" "SELECT count(*) FROM proposal WHERE deleted = 0") ||
	{ echo "sqlite3 is not installed"; exit 77; }

tmux_start a "$AGORA" "$DB"
wait_for a "Tracks" || finish
keys a Down Enter Enter
wait_for a "Proposals of the session" || finish

# F7: every proposal until words are typed.
keys a F7
wait_for a "Search: $live found" || finish
text a "газет"
wait_for a "Search: 2 found"
expect_screen a "Муниципальным газетам завести"
expect_screen a "Краевой государственной газете"
expect_screen a "НКО        merged"
expect_screen a "СМИ        accepted"

# Status: accepted (Ctrl-F, 3 Status, 3 accepted).
keys a C-f
wait_for a "Filter by"
keys a 3
wait_for a "5 merged"
keys a 3
wait_for a "Search: 1 found · accepted"
expect_no_screen a "Муниципальным газетам"
expect_screen a "Краевой государственной газете"

# And track НКО: nothing is both.
keys a C-f
wait_for a "Filter by"
keys a 1
wait_for a "Инклюзия"
keys a 2
wait_for a "Search: 0 found · track НКО accepted"
wait_for a "Nothing found"

# No filter: both again; then the addressee СМИ (the seventh): both too.
keys a C-f
wait_for a "Filter by"
keys a 4
wait_for a "Search: 2 found"
keys a C-f
wait_for a "Filter by"
keys a 2
wait_for a "Краевой центр"
keys a 8
wait_for a "Search: 2 found · → СМИ"

# More words narrow it, in any form of the word.
text a " телеканалы"
wait_for a "Search: 1 found · → СМИ"
expect_no_screen a "Муниципальным газетам"
text a " лошадей"
wait_for a "Search: 0 found"

# Enter on a hit: the preview at its item; Esc back, twice.
keys a C-w
wait_for a "Search: 1 found"
keys a Enter
wait_for a "Preview of the resolution"
wait_for a "Рекомендовать краевой государственной газете"
keys a Escape
wait_for a "Search: 1 found"
keys a Escape
wait_for a "Proposals of the session"
keys a F10
wait_for a "Tracks"
keys a F10
wait_exit a
expect_screen a "EXITED 0"
finish
