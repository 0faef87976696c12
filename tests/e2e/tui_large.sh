#!/bin/sh
# The interface on a large forum, in a real terminal (tmux): 20,000
# proposals from the benchmark generator (bench-gen).  The lists are
# virtual, so every screen must come up within the usual timeouts: the
# start screen's counts agree with the file; the capture screen of a
# session of some 2,500 proposals opens at its end, goes to its start and
# back; proposals like the one typed show with their place in the draft;
# a proposal saved and accepted is announced at the place the export
# gives it; a delete is undone.  And AGORA_EXIT_AFTER_DRAW, the hook
# `make bench` times the first screen with, draws it and exits 0.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

gen=$BUILD/bench-gen
[ -x "$gen" ] || gen=$TOP/build/bench-gen
[ -x "$gen" ] || { echo "no bench-gen: make build/bench-gen"; exit 77; }
DB=$T/big.db
rm -f "$DB" "$DB-wal" "$DB-shm"
"$gen" "$DB" 20000 4 20 3 || { fail "bench-gen failed"; finish; }

q() {
	sqlite3 "$DB" "$1"
}

# The hook: the first screen drawn in a terminal, then exit 0.
if command -v script >/dev/null 2>&1; then
	TERM=xterm-256color AGORA_EXIT_AFTER_DRAW=1 script -qec \
		"stty rows 24 cols 80; \"$AGORA\" \"$DB\"; echo EXIT=\$?" \
		/dev/null >"$T/hook.out" 2>&1 </dev/null
	grep -q "Tracks" "$T/hook.out" || fail "AGORA_EXIT_AFTER_DRAW: no screen drawn"
	grep -q "EXIT=0" "$T/hook.out" || fail "AGORA_EXIT_AFTER_DRAW: $(tail -c 300 "$T/hook.out")"
fi

tmux_start a "$AGORA" "$DB"
wait_for a "Tracks" || finish
# The counts of each track, as the file has them.
for t in 1 2 3 4; do
	n=$(q "SELECT count(*) FROM proposal WHERE deleted = 0 AND track_id = $t")
	screen a | grep "│ $t\. " | grep -q " $n│" ||
		fail "track $t: the start screen does not show $n: $(screen a | grep "│ $t\. ")"
done

# The first session of track 1: it opens at its end.
sid=$(q "SELECT min(id) FROM session WHERE track_id = 1")
n=$(q "SELECT count(*) FROM proposal WHERE deleted = 0 AND session_id = $sid")
keys a Enter Enter
wait_for a "Proposals of the session: $n" || finish
wait_for a "│$(printf '%4d' "$n") "
keys a Tab Home
wait_for a "│  1 "
expect_no_screen a "│$(printf '%4d' "$n") "
keys a PgDn PgDn
wait_gone a "│  1 "
keys a End
wait_for a "│$(printf '%4d' "$n") "

# Typing an accepted proposal's words again shows it among the similar,
# with its place in the draft.
words=$(q "SELECT text FROM proposal p WHERE status = 1 AND deleted = 0 AND
	EXISTS (SELECT 1 FROM proposal_addressee l WHERE l.proposal_id = p.id
	AND l.deleted = 0) ORDER BY id LIMIT 1" | cut -d' ' -f1-10)
keys a Tab
text a "$words"
n_sim=0
while [ $n_sim -lt 100 ]; do
	screen a | grep -Eq '[0-9]+% [0-9]+\.[0-9]+\. ' && break
	sleep 0.1
	n_sim=$((n_sim + 1))
done
screen a | grep -Eq '[0-9]+% [0-9]+\.[0-9]+\. ' ||
	fail "no similar proposal with its number: $(screen a)"

# Saved, tagged with the first addressee offered, accepted: the place
# announced is the export's.
keys a C-Home C-k
wait_for a "Type what is proposed"
text a "Провести проверочный семинар по большой резолюции"
keys a Enter
wait_for a "Addressees of the new proposal" || finish
keys a 1
wait_for a "once accepted" || finish
place=$(screen a | sed -n 's/.*in the draft: \([0-9][0-9]*\.[0-9][0-9]*\.\) once accepted.*/\1/p' | head -n 1)
keys a F5
wait_for a "✓ accepted"
keys a 2
wait_for a "Proposal $((n + 1)): accepted"
got=$("$AGORA" export "$DB" --width 0 | grep -F "проверочный семинар по большой резолюции" |
	sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\.\) .*/\1/p' | head -n 1)
[ -n "$place" ] && [ "$got" = "$place" ] ||
	fail "announced '$place', exported as '$got'"

# Delete it and undo.
keys a Tab End F8
wait_for a "deleted (Ctrl-Z brings it back)"
wait_for a "Proposals of the session: $n"
keys a C-z
wait_for a "Proposals of the session: $((n + 1))"
keys a F10
wait_for a "Tracks"
keys a F10
wait_exit a
expect_screen a "EXITED 0"
finish
