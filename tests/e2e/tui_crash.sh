#!/bin/sh
# tui_crash: the interface killed with SIGKILL, in a real terminal (tmux).
#
# 1. The unsaved draft: text typed in the capture editor is kept beside
#    the forum (FILE.draft-USER) within about a second; agora is killed;
#    the next start offers it back ("An unsaved draft from HH:MM:
#    restore? y/n"), y puts it into the editor of its session, Enter saves
#    it and the draft is gone.  n discards it.  A second interface of the
#    same user never offers the first one's live draft.
# 2. The interface adding proposals in a loop, killed at random moments
#    (while typing, during a save, in the picker), a handful of times:
#    after each kill the file passes integrity_check and holds every
#    proposal whose save the screen acknowledged (the picker had opened,
#    which it does only after the commit), and nothing but those and the
#    ones whose Enter went out just before the kill.
#
# CRASH_SEED repeats a run's moments.  Prints the kills survived.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

KILLS=12
SEED=${CRASH_SEED:-$(date +%s)}
echo "tui_crash: $KILLS kills in the loop, seed $SEED"
DB=$T/f.db
DRAFT=$DB.draft-moderator
cp "$TOP/sample_forum.db" "$DB"
TUI_ENV="USER=moderator AGORA_BACKUP_INTERVAL=0"

q() {
	sqlite3 -cmd ".timeout 10000" "$DB" "$@"
}

# The pane runs this: it records agora's pid in $T/pid.NAME, then runs
# it; the shell prints EXITED and the status when it ends.
cat >"$T/run.sh" <<EOF
sh -c 'echo \$\$ >"\$0"; exec "$AGORA" "\$1"' "$T/pid.\$1" "$DB"
EOF

# start NAME: an interface on the file, its pid in $T/pid.NAME.
start() {
	rm -f "$T/pid.$1"
	tmux_start "$1" sh "$T/run.sh" "$1"
	_n=0
	while [ ! -s "$T/pid.$1" ] && [ $_n -lt 100 ]; do
		sleep 0.05
		_n=$((_n + 1))
	done
	wait_for "$1" "Tracks"
}

# crash NAME: SIGKILL, and the shell sees status 137.
crash() {
	kill -KILL "$(cat "$T/pid.$1")" || fail "cannot kill agora on $1"
	wait_for "$1" "EXITED 137"
	tm kill-session -t "$1" 2>/dev/null
}

# to_capture NAME: the session «НКО и СМИ» of track 2 (СМИ).
to_capture() {
	keys "$1" Down Enter Enter
	wait_for "$1" "Proposals of the session"
}

# wait_draft TEXT: polls until the draft file holds TEXT.
wait_draft() {
	_n=0
	while [ $_n -lt 50 ]; do
		grep -qF -- "$1" "$DRAFT" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	fail "the draft never held '$1': $(cat "$DRAFT" 2>&1)"
	return 1
}

intact() {
	ic=$(q "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || fail "$1: integrity_check: $ic"
}

# --- 1. the draft, restored and discarded -------------------------------------------

start a
to_capture a
TEXT="Открыть в каждом районе ресурсный центр для НКО"
text a "$TEXT"
wait_draft "$TEXT"
[ "$(stat -c %a "$DRAFT")" = 600 ] || fail "the draft is not private: $(stat -c %a "$DRAFT")"
# A second interface of the same user does not take the live draft.
start b
expect_no_screen b "An unsaved draft"
to_capture b
expect_no_screen b "$TEXT"
keys b F10 F10
wait_for b "EXITED 0"
tm kill-session -t b
crash a
[ -e "$DRAFT" ] || fail "the draft went with the crash"

start a
wait_for a "An unsaved draft from "
expect_screen a "restore? y/n"
expect_screen a "$TEXT"
keys a y
wait_for a "The unsaved text from"
wait_for a "Proposals of the session"
expect_screen a "$TEXT"
keys a Enter
wait_for a "Addressees of the new proposal"
[ -e "$DRAFT" ] && fail "the draft stays after its text was saved"
[ "$(q "SELECT count(*) FROM proposal WHERE text = '$TEXT' AND session_id = 4")" = 1 ] ||
	fail "the restored draft was not saved in its session"
keys a Escape
wait_gone a "Addressees of the new proposal"

# Typed, kept, killed; discarded with n.
text a "Черновик, от которого откажутся"
wait_draft "от которого откажутся"
crash a
start a
wait_for a "An unsaved draft from "
keys a n
wait_for a "The draft was discarded"
[ -e "$DRAFT" ] && fail "n left the draft"
to_capture a
expect_no_screen a "от которого откажутся"

# F10 twice with text in the editor leaves it as a draft; Esc on the offer
# keeps it, and opening its session brings it back.
text a "Оставлено при выходе"
keys a F10
wait_for a "F10 again leaves it as a draft"
keys a F10
wait_for a "Tracks"
keys a F10
wait_for a "EXITED 0"
tm kill-session -t a
grep -qF "Оставлено при выходе" "$DRAFT" || fail "F10 F10 did not keep the draft"
start a
wait_for a "An unsaved draft from "
keys a Escape
wait_for a "The draft is kept"
to_capture a
wait_for a "The unsaved text from"
expect_screen a "Оставлено при выходе"
keys a C-w C-w C-w
wait_gone a "Оставлено"
# A blank editor leaves no draft (within a second or so).
_n=0
while [ -e "$DRAFT" ] && [ $_n -lt 30 ]; do
	sleep 0.1
	_n=$((_n + 1))
done
[ -e "$DRAFT" ] && fail "an emptied editor left its draft: $(cat "$DRAFT")"
keys a F10 F10
wait_for a "EXITED 0"
tm kill-session -t a
intact "after the draft tests"

# --- 2. adding proposals in a loop, killed at random moments ------------------------

# Per kill: how many proposals go through first (0..3), and where the
# kill lands: 0 while typing, 1 right after Enter (0..150 ms), 2 in the
# picker; and the delay.
awk -v n="$KILLS" -v seed="$SEED" 'BEGIN { srand(seed);
	for (i = 0; i < n; i++)
		printf "%d %d %.3f\n", int(rand() * 4), int(rand() * 3),
		    rand() * 0.15 }' >plan
: >acked
: >sent
kills=0
i=0
while read -r before where delay; do
	i=$((i + 1))
	[ "$failures" -eq 0 ] || break
	start k$i
	# A draft left by the last kill is offered; the loop discards it.
	if screen k$i | grep -qF "An unsaved draft"; then
		keys k$i n
		wait_for k$i "The draft was discarded"
	fi
	to_capture k$i || break
	j=0
	while [ $j -le "$before" ]; do
		j=$((j + 1))
		t="Предложение $i.$j из цикла с падениями"
		text k$i "$t"
		if [ $j -gt "$before" ] && [ "$where" -eq 0 ]; then
			sleep "$delay"
			break
		fi
		echo "$t" >>sent
		keys k$i Enter
		if [ $j -gt "$before" ] && [ "$where" -eq 1 ]; then
			sleep "$delay"
			# Acknowledged if the picker was on the screen before
			# the kill.
			screen k$i | grep -qF "Addressees of the new proposal" &&
				echo "$t" >>acked
			break
		fi
		wait_for k$i "Addressees of the new proposal" || break
		echo "$t" >>acked
		[ $j -gt "$before" ] && break # killed in the picker
		keys k$i Escape
		wait_gone k$i "Addressees of the new proposal" || break
	done
	crash k$i
	kills=$((kills + 1))
	intact "kill $i"
	q "SELECT text FROM proposal WHERE deleted = 0" | sort >present
	missing=$(sort -u acked | comm -23 - present)
	[ -n "$missing" ] && fail "kill $i: acknowledged but missing: $missing"
	sort -u sent >sent.s
	extra=$(grep -F "из цикла с падениями" present | sort -u | comm -23 - sent.s)
	[ -n "$extra" ] && fail "kill $i: in the file but never sent: $extra"
done <plan

# A last start removes what a kill left half-written (a temporary draft),
# and ends cleanly.
start last
if screen last | grep -qF "An unsaved draft"; then
	keys last n
	wait_for last "The draft was discarded"
fi
keys last F10
wait_for last "EXITED 0"
left=$(ls -A "$T" | grep '\.draft-moderator\.tmp-')
[ -n "$left" ] && fail "left by killed drafts: $left"
intact "at the end"

echo "kills survived: $kills in the loop and 2 in the draft tests; $(sort -u acked | wc -l) saves acknowledged and present, $(grep -cF "из цикла с падениями" present) of $(wc -l <sent) sent in the file"
finish
