#!/bin/sh
# The preview end to end, in a real terminal (tmux): from a proposal of
# the capture list to its item in the preview (Ctrl-P) and back (Esc) to
# the same row; the preview numbers items as the text export does; F4 on
# an item edits that proposal and the preview follows; a proposal not in
# the draft says so; and a new proposal's place announced after the picker
# ("in the draft: N.M. once accepted") is where the export puts it once
# it is accepted.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"

rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
cp "$TOP/sample_forum.db" "$T/f.db"
DB=$T/f.db

# The number the text export gives the item whose text contains $1.
export_number() {
	"$AGORA" export "$DB" --width 0 | grep -F -- "$1" |
		sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\.\) .*/\1/p' | head -n 1
}

tmux_start a "$AGORA" "$DB"
wait_for a "Tracks" || finish
# Track 2 (СМИ), its first session: six proposals, the third accepted.
keys a Down Enter Enter
wait_for a "Proposals of the session: 6" || finish
keys a Tab Up Up Up
num=$(export_number "краевой государственной газете «Наш")
[ -n "$num" ] || fail "the export has no item for the accepted proposal"

# Ctrl-P: the preview, at that item.
keys a C-p
wait_for a "Preview of the resolution"
wait_for a "$num Рекомендовать краевой государственной газете"
# The selection is on that item: F4 edits it.
keys a F4
wait_for a "Edit the proposal"
expect_screen a "Краевой государственной газете"
keys a Escape
wait_gone a "Edit the proposal"
expect_screen a "Preview of the resolution"

# Esc: back to the list, on the same row (F5 reports which).
keys a Escape
wait_for a "Proposals of the session: 6"
expect_no_screen a "Preview of the resolution"
keys a F5
wait_for a "✓ accepted"
keys a 2
wait_for a "Proposal 3: accepted"

# F4 in the preview edits the text; the preview shows the new wording.
keys a C-p
wait_for a "$num Рекомендовать краевой государственной газете"
keys a F4
wait_for a "Edit the proposal"
keys a C-Home
text a "Срочно: "
keys a Enter
wait_gone a "Edit the proposal"
wait_for a "$num Рекомендовать срочно: Краевой государственной"
keys a Escape
wait_for a "Proposals of the session: 6"
"$AGORA" export "$DB" --width 0 | grep -qF "$num Рекомендовать срочно: Краевой государственной газете" ||
	fail "the edit from the preview is not in the export"

# A proposal not in the draft (the last one is new).
keys a Down Down Down
keys a C-p
wait_for a "This proposal is not in the draft"
keys a Escape
wait_for a "Proposals of the session: 6"

# A new proposal: its place once accepted is announced, and kept.
keys a Tab
text a "Открыть рубрику о волонтёрах в районных газетах"
keys a Enter
wait_for a "Addressees of the new proposal" || finish
text a "сми"
wait_for a "Filter: сми"
keys a 1
wait_gone a "Addressees of the new proposal"
wait_for a "once accepted"
place=$(screen a | sed -n 's/.*in the draft: \([0-9][0-9]*\.[0-9][0-9]*\.\) once accepted.*/\1/p' | head -n 1)
[ -n "$place" ] || fail "no place announced: $(screen a | tail -n 3)"
keys a F5
wait_for a "✓ accepted"
keys a 2
wait_for a "Proposal 7: accepted"
got=$(export_number "рубрику о волонтёрах в районных газетах")
[ "$got" = "$place" ] || fail "announced $place, exported as $got"

# The preview of the accepted new one shows it at that place.
keys a Tab End C-p
wait_for a "$place Рекомендовать открыть рубрику о волонтёрах"
keys a Escape F10
wait_for a "Tracks"
keys a F10
wait_exit a
expect_screen a "EXITED 0"
finish
