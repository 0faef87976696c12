#!/bin/sh
# tui_writers: two interfaces (tmux; users alice and bob) and two command
# line writers (`agora add` in shell loops) on one forum at once, as
# moderators on one host over SSH.  Each interface captures proposals by
# the fast path (text, Enter, digit) while the command line adds its own.
# Afterwards: every save either screen acknowledged (the picker opened;
# its tag went through) and every UUID the command line printed is in the
# file, each interface proposal is tagged, neither screen ever showed
# "locked", "busy" or "another moderator is writing", the command line
# said nothing on standard error, each interface shows the others' last
# proposals without a restart, and the file passes integrity_check.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }
W=$BUILD/tools/writer
[ -x "$W" ] || { echo "skip: $W is not built (make $W)"; exit 77; }

N=15 # proposals per interface; the command line adds until they are done
DB=$T/f.db
"$W" init "$DB" || { fail "writer init failed"; finish; }

q() {
	sqlite3 -cmd ".timeout 10000" "$DB" "$@"
}

# The screens must never say the file was busy.
bad='locked\|busy\|another moderator is writing\|try again'
check_screen() {
	if screen "$1" | grep -qi "$bad"; then
		fail "$1 showed: $(screen "$1" | grep -i "$bad")"
	fi
	return 0
}

# The track "main" has no sessions: Enter goes straight to capture.
for who in alice bob; do
	TUI_ENV="USER=$who AGORA_BACKUP_INTERVAL=0" tmux_start "$who" "$AGORA" "$DB"
	wait_for "$who" "Tracks" || finish
	keys "$who" Enter
	wait_for "$who" "Proposals of the session" || finish
done

# The command line writers, in the background for the whole run, with a
# pause between saves as people make (tools/writer.c says why).
cli_add() {
	AGORA_BACKUP_INTERVAL=0 "$AGORA" add "$DB" --track main --addressee A2 \
	    --text "$1" || echo "agora add exited $?" >&2
}
for w in 1 2; do
	(
		i=0
		while [ ! -e stop ]; do
			i=$((i + 1))
			cli_add "Командная строка $w, предложение $i"
			sleep 0.1
		done
	) >"cli.$w.out" 2>"cli.$w.err" &
	eval "cli_$w=\$!"
done

# capture WHO TEXT: the fast path; acknowledged once the picker is gone
# (the proposal saved, then tagged).
: >acked
capture() {
	text "$1" "$2"
	keys "$1" Enter
	wait_for "$1" "Addressees of the new proposal" 20 || return 1
	check_screen "$1"
	keys "$1" 1
	wait_gone "$1" "Addressees of the new proposal" 20 || return 1
	check_screen "$1"
	echo "$2" >>acked
}

i=0
while [ "$i" -lt "$N" ] && [ "$failures" -eq 0 ]; do
	i=$((i + 1))
	capture alice "Алиса, предложение $i" || break
	capture bob "Боб, предложение $i" || break
done
touch stop
wait "$cli_1" "$cli_2"
cli_ops=$(cat cli.1.out cli.2.out | grep -cE '^[0-9a-f-]{36}$')
[ "$cli_ops" -ge 10 ] || fail "the command line saved only $cli_ops times meanwhile"

# --- each sees the others -------------------------------------------------------

# The list follows new proposals at its end: with the command line
# stopped, each interface shows what the other saves next, and both show
# what the command line saves after that.
capture alice "Алиса, последнее"
wait_for bob "Алиса, последнее" 5
capture bob "Боб, последнее"
wait_for alice "Боб, последнее" 5
cli_add "Командная строка, последнее" >>cli.1.out 2>>cli.1.err
for who in alice bob; do
	wait_for "$who" "Командная строка, последнее" 5
	check_screen "$who"
done
total=$(q "SELECT count(*) FROM proposal WHERE deleted = 0")
for who in alice bob; do
	wait_for "$who" "Proposals of the session: $total" 5
done

# --- nothing lost ------------------------------------------------------------------

for w in 1 2; do
	[ -s "cli.$w.err" ] && fail "command line writer $w: $(head -n 5 "cli.$w.err")"
	grep -vqE '^[0-9a-f-]{36}$' "cli.$w.out" &&
		fail "command line writer $w printed: $(grep -vE '^[0-9a-f-]{36}$' "cli.$w.out" | head -n 3)"
done
ic=$(q "PRAGMA integrity_check" 2>&1)
[ "$ic" = ok ] || fail "integrity_check: $ic"
q "SELECT uuid FROM proposal WHERE deleted = 0" | sort >present
grep -hE '^[0-9a-f-]{36}$' cli.1.out cli.2.out | sort | comm -23 - present >missing
[ -s missing ] && fail "command line saves missing: $(head -n 3 missing)"
q "SELECT p.text FROM proposal p WHERE p.deleted = 0 AND EXISTS (SELECT 1
    FROM proposal_addressee l WHERE l.proposal_id = p.id AND l.deleted = 0)" |
	sort >tagged
sort acked | comm -23 - tagged >missing
[ -s missing ] && fail "interface saves missing or untagged: $(head -n 3 missing)"
[ "$(wc -l <acked)" -eq $((2 * N + 2)) ] ||
	fail "$(wc -l <acked) interface saves, want $((2 * N + 2))"
[ "$total" -eq $((2 * N + 2 + cli_ops + 1)) ] ||
	fail "$total proposals in the file, want $((2 * N + 2 + cli_ops + 1))"
# Each interface wrote its own undo history.
for who in alice bob; do
	n=$(q "SELECT count(*) FROM undo_action WHERE actor = '$who'")
	[ "$n" -ge "$N" ] || fail "$who has $n actions in the undo log, want $N"
done

for who in alice bob; do
	keys "$who" F10 F10
	wait_exit "$who"
	expect_screen "$who" "EXITED 0"
done
echo "$((2 * N + 2)) interface saves (each a save and a tag) and $((cli_ops + 1)) command line saves on one file at once, all present; no screen said busy"
finish
