# Shared by the interface's end-to-end scripts (tests/e2e/tui_*.sh):
# sourced after lib.sh, never run.  Each test gets a tmux server of its own
# (-L agora-PID, no configuration file), a fixed size (80×24 unless
# TUI_SIZE says otherwise, as 100x30) and a clean environment; waits poll
# the screen every 0.1 s up to a timeout (never a bare sleep); the server
# is killed when the script exits.
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }
TMUX_SOCK=agora-$$
TMUX_TIMEOUT=${TMUX_TIMEOUT:-10}
unset TMUX

tm() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}

tmux_cleanup() {
	tm kill-server >/dev/null 2>&1
}
trap tmux_cleanup EXIT INT TERM

# tmux_start NAME CMD...: a new session NAME (80×24, or TUI_SIZE) running
# CMD in a clean environment; TERM inside is tmux-256color (or TUI_TERM),
# TUI_ENV adds variables.  When CMD ends, the pane shows "EXITED status".
tmux_start() {
	name=$1
	shift
	_size=${TUI_SIZE:-80x24}
	_w=${_size%x*}
	_h=${_size#*x}
	tm new-session -d -s "$name" -x "$_w" -y "$_h" \
		"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=$T/home LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=${TUI_TERM:-tmux-256color} ${TUI_ENV:-} $*; echo EXITED \$?; sleep 600" \
		|| { echo "cannot start tmux"; exit 77; }
	tm set-option -t "$name" -g status off >/dev/null
	tm set-option -t "$name" -g remain-on-exit on >/dev/null 2>&1
	tm resize-window -t "$name" -x "$_w" -y "$_h" >/dev/null 2>&1
}

# pane_format NAME FORMAT: a tmux format of the pane (#{alternate_on}...).
pane_format() {
	tm display-message -p -t "$1" "$2"
}

# expect_golden NAME FILE: the screen is FILE (tests/e2e/golden/);
# UPDATE_GOLDEN=1 writes FILE from the screen instead.
expect_golden() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		screen "$1" >"$2"
		echo "golden screen rewritten: $2"
	fi
	screen "$1" >"$T/golden.got"
	diff -u "$2" "$T/golden.got" || fail "the screen differs from $2"
}

# keys NAME KEY...: tmux send-keys (key names: Enter, F5, C-z, ...).
keys() {
	name=$1
	shift
	tm send-keys -t "$name" "$@"
}

# text NAME STRING: types STRING literally.
text() {
	tm send-keys -t "$1" -l "$2"
}

# screen NAME: the visible screen as text.
screen() {
	tm capture-pane -p -t "$1"
}

# wait_for NAME TEXT [SECONDS]: polls until TEXT (fixed string) shows.
wait_for() {
	_n=0
	_max=$(( ${3:-$TMUX_TIMEOUT} * 10 ))
	while [ $_n -lt $_max ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	fail "timed out waiting for '$2' on $1; the screen:"
	screen "$1" | sed 's/^/    | /'
	return 1
}

# wait_gone NAME TEXT [SECONDS]: polls until TEXT no longer shows.
wait_gone() {
	_n=0
	_max=$(( ${3:-$TMUX_TIMEOUT} * 10 ))
	while [ $_n -lt $_max ]; do
		screen "$1" | grep -qF -- "$2" || return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	fail "timed out waiting for '$2' to go on $1"
	screen "$1" | sed 's/^/    | /'
	return 1
}

# expect_screen NAME TEXT: TEXT shows now.
expect_screen() {
	screen "$1" | grep -qF -- "$2" || {
		fail "screen of $1 lacks '$2':"
		screen "$1" | sed 's/^/    | /'
	}
}

expect_no_screen() {
	screen "$1" | grep -qF -- "$2" && {
		fail "screen of $1 shows '$2':"
		screen "$1" | sed 's/^/    | /'
	}
	return 0
}

# wait_exit NAME: waits until the program has ended (the shell prints EXITED).
wait_exit() {
	wait_for "$1" "EXITED" "${2:-$TMUX_TIMEOUT}"
}
