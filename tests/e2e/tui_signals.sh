#!/bin/sh
# The terminal is restored on every way out, in a real terminal (tmux):
# killed with SIGTERM, SIGHUP or SIGINT, or crashing (SIGSEGV), agora
# leaves the alternate screen, turns bracketed paste off and puts the
# terminal back in cooked mode (the shell after it sees icanon and echo in
# `stty -a`), then dies of that signal; the file keeps what was saved
# before.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"

# run.sh DB: waits for the test to record the pane ($T/go), runs agora
# (its pid in $T/pid.NAME), then prints how it ended and the terminal's
# modes as the shell finds them.
cat >"$T/run.sh" <<EOF
while [ ! -e "$T/go" ]; do sleep 0.05; done
sh -c 'echo \$\$ >"\$0"; exec "$AGORA" "\$1"' "$T/pid" "\$1"
echo "STATUS \$?"
stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)\$' | tr '\n' ' '
echo "MODES"
EOF

n=0
for sig in TERM HUP INT SEGV; do
	n=$((n + 1))
	name=s$n
	db=$T/f$n.db
	cp "$TOP/sample_forum.db" "$db"
	rm -f "$T/go" "$T/pid" "$T/raw.$name"
	tmux_start "$name" sh "$T/run.sh" "$db"
	tm pipe-pane -o -t "$name" "cat >>$T/raw.$name"
	: >"$T/go"
	wait_for "$name" "Tracks" || continue
	keys "$name" Down Enter Enter
	wait_for "$name" "Proposals of the session" || continue
	text "$name" "Сохранено до сигнала $sig"
	keys "$name" Enter
	wait_for "$name" "Addressees of the new proposal" || continue
	[ "$(pane_format "$name" '#{alternate_on}')" = 1 ] ||
		fail "SIG$sig: agora is not on the alternate screen"
	pid=$(cat "$T/pid")
	kill -s "$sig" "$pid" || { fail "SIG$sig: cannot signal $pid"; continue; }
	wait_for "$name" "MODES" || continue
	case $sig in
	TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; SEGV) want=139 ;;
	esac
	expect_screen "$name" "STATUS $want"
	modes=$(screen "$name" | grep "MODES")
	for m in icanon echo isig icrnl opost; do
		echo " $modes " | grep -q " $m " ||
			fail "SIG$sig: the terminal is left without $m: $modes"
	done
	[ "$(pane_format "$name" '#{alternate_on}')" = 0 ] ||
		fail "SIG$sig: the alternate screen is still on"
	grep -q "$(printf '\033\\[?2004l')" "$T/raw.$name" ||
		fail "SIG$sig: bracketed paste was not turned off"
	got=$(sqlite3 "$db" "SELECT count(*) FROM proposal WHERE text =
		'Сохранено до сигнала $sig' AND deleted = 0")
	[ "$got" = 1 ] || fail "SIG$sig: the saved proposal is not in the file"
done
finish
