#!/bin/sh
# The interface under each terminal type the issue names, in a real
# terminal (tmux): TERM=xterm-256color, screen, tmux-256color and linux
# each draw the start and capture screens, open the help with F1 (tmux
# sends xterm's F1 whatever TERM says; agora knows the other spellings
# too), capture a proposal by the fast path and quit with status 0.  With
# NO_COLOR, not one colour escape sequence reaches the terminal (checked
# on the raw output from the very first byte); without it, some do.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed"; exit 77; }

# go.sh: waits until the test has started recording the pane ($T/go),
# then runs agora: the raw output then holds every byte agora wrote.
cat >"$T/go.sh" <<EOF
while [ ! -e "$T/go" ]; do sleep 0.05; done
exec "$AGORA" "\$1"
EOF

# start_recorded NAME DB: the session NAME running agora on DB, every
# byte of its output in $T/raw.NAME.
start_recorded() {
	rm -f "$T/go" "$T/raw.$1"
	tmux_start "$1" sh "$T/go.sh" "$2"
	tm pipe-pane -o -t "$1" "cat >>$T/raw.$1"
	: >"$T/go"
}

# colour_escapes FILE: the SGR sequences in FILE that set a colour.
colour_escapes() {
	python3 - "$1" <<'EOF'
import re, sys

data = open(sys.argv[1], "rb").read()
for params in re.findall(rb"\x1b\[([0-9;:]*)m", data):
    nums = [int(p) for p in re.split(rb"[;:]", params) if p.isdigit()]
    if any(30 <= n <= 49 or 90 <= n <= 107 for n in nums):
        print(params.decode())
EOF
}

n=0
for term in xterm-256color screen tmux-256color linux; do
	n=$((n + 1))
	if ! infocmp "$term" >/dev/null 2>&1; then
		echo "no terminfo for $term: skipped"
		continue
	fi
	db=$T/f$n.db
	cp "$TOP/sample_forum.db" "$db"
	TUI_TERM=$term start_recorded "t$n" "$db"
	wait_for "t$n" "Tracks" || continue
	expect_screen "t$n" "┌ Sessions"
	expect_screen "t$n" "10Quit"
	keys "t$n" F1
	wait_for "t$n" "On this screen (start):" || continue
	keys "t$n" Escape
	wait_gone "t$n" "On this screen (start):"
	keys "t$n" Down Enter Enter
	wait_for "t$n" "Proposals of the session: 6" || continue
	text "t$n" "Провести медиашколу ($term)"
	keys "t$n" Enter
	wait_for "t$n" "Addressees of the new proposal" || continue
	text "t$n" "сми"
	wait_for "t$n" "Filter: сми"
	keys "t$n" 1
	wait_for "t$n" "→ СМИ"
	keys "t$n" F10
	wait_for "t$n" "Tracks"
	keys "t$n" F10
	wait_exit "t$n"
	expect_screen "t$n" "EXITED 0"
	got=$(sqlite3 "$db" "SELECT a.label FROM proposal p JOIN
		proposal_addressee l ON l.proposal_id = p.id JOIN addressee a
		ON a.id = l.addressee_id WHERE p.text = 'Провести медиашколу ($term)'")
	[ "$got" = "СМИ" ] || fail "$term: the proposal was not saved and tagged ($got)"
	[ -s "$T/raw.t$n" ] || fail "$term: nothing recorded"
done

# NO_COLOR: not one colour escape; without it (the runs above, where the
# terminal has colours), some.
cp "$TOP/sample_forum.db" "$T/nc.db"
TUI_TERM=xterm-256color TUI_ENV=NO_COLOR=1 start_recorded nc "$T/nc.db"
wait_for nc "Tracks" || finish
keys nc Down Enter Enter
wait_for nc "Proposals of the session"
keys nc F1
wait_for nc "On this screen (capture):"
keys nc Escape
wait_gone nc "On this screen (capture):"
keys nc F10 F10
wait_exit nc
expect_screen nc "EXITED 0"
colour_escapes "$T/raw.nc" >"$T/nc.colours"
[ -s "$T/nc.colours" ] && fail "NO_COLOR: colour escapes reached the terminal: $(head -5 "$T/nc.colours" | tr '\n' ' ')"
grep -q "Proposals of the session" "$T/raw.nc" || fail "NO_COLOR: the recording lacks the capture screen"
if [ -s "$T/raw.t1" ]; then
	colour_escapes "$T/raw.t1" >"$T/c.colours"
	[ -s "$T/c.colours" ] || fail "with colours, no colour escape was recorded: the check above proves nothing"
fi
finish
