#!/bin/sh
# The layouts at the two sizes the issue names, 80×24 and 100×30, against
# golden screens (tests/e2e/golden/; UPDATE_GOLDEN=1 rewrites them): the
# start screen, the capture screen and the addressee picker over it, each
# at both sizes, and the help drawn within them; and at 40×10, the
# smallest size it draws at, the capture screen still shows its parts.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"

GOLDEN=$TOP/tests/e2e/golden

for size in 80x24 100x30; do
	rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
	cp "$TOP/sample_forum.db" "$T/f.db"
	name=l$size
	TUI_SIZE=$size tmux_start "$name" "$AGORA" "$T/f.db"
	wait_for "$name" "Tracks" || continue
	wait_for "$name" "10Quit"
	expect_golden "$name" "$GOLDEN/layout-start-$size.txt"
	keys "$name" Down Enter Enter
	wait_for "$name" "Proposals of the session: 6" || continue
	expect_golden "$name" "$GOLDEN/layout-capture-$size.txt"
	text "$name" "Провести для редакций районных газет семинар о работе СО НКО"
	keys "$name" Enter
	wait_for "$name" "Addressees of the new proposal" || continue
	expect_golden "$name" "$GOLDEN/layout-picker-$size.txt"
	keys "$name" Escape
	wait_gone "$name" "Addressees of the new proposal"
	# The help's lines come from the table, which grows: tui_help.sh
	# checks them; here, that it fits.
	keys "$name" Tab F1
	wait_for "$name" "On this screen (capture):" || continue
	expect_screen "$name" "Help: every key"
	expect_screen "$name" "10Quit"
	keys "$name" Escape
	wait_gone "$name" "On this screen (capture):"
	keys "$name" F10
	wait_for "$name" "Tracks"
	keys "$name" F10
	wait_exit "$name"
	expect_screen "$name" "EXITED 0"
done

# Smaller than 80×24 still works down to 40×10; below, a message.
cp "$TOP/sample_forum.db" "$T/s.db"
TUI_SIZE=40x10 tmux_start small "$AGORA" "$T/s.db"
wait_for small "Tracks" || finish
keys small Down Enter Enter
wait_for small "Proposals of"
expect_screen small "New proposal"
tm resize-window -t small -x 30 -y 8
wait_for small "The terminal is too small"
tm resize-window -t small -x 80 -y 24
wait_for small "Proposals of the session: 6"
keys small F10 F10
wait_exit small
finish
