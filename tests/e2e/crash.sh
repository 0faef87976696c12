#!/bin/sh
# crash: writers killed with SIGKILL at random moments, again and again, as
# a laptop whose battery dies.  After every kill the file passes SQLite's
# integrity_check and holds every proposal whose save was acknowledged
# (its UUID printed after the commit returned).  Two writers take turns:
# tools/writer, adding proposals as fast as it can through the model (a
# snapshot every second, so some kills land in one), and `agora add` in a
# shell loop (a snapshot around every commit), killed at any point of its
# life: opening, recovering the -wal a victim left, committing, taking a
# snapshot, checkpointing on close.  At the end every snapshot is whole.
#
# Bounded for CI: CRASH_KILLS kills (default 200) or CRASH_SECONDS seconds
# (default 90), whichever comes first; CRASH_SEED repeats a run's delays.
# Prints the kills survived.
. "$TOP/tests/e2e/lib.sh"

W=$BUILD/tools/writer
if [ ! -x "$W" ]; then
	echo "skip: $W is not built (make $W)"
	exit 77
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "skip: sqlite3 is missing (make deps)"
	exit 77
fi

KILLS=${CRASH_KILLS:-200}
SECS=${CRASH_SECONDS:-90}
SEED=${CRASH_SEED:-$(date +%s)}
echo "crash: up to $KILLS kills in ${SECS}s, seed $SEED"
start=$(date +%s)

# Kill delays in seconds, uniform in 0..0.12, one a line.
awk -v n="$KILLS" -v seed="$SEED" 'BEGIN { srand(seed);
	for (i = 0; i < n; i++) printf "%.3f\n", rand() * 0.12 }' >delays

"$W" init f.db || { fail "writer init failed"; finish; }
AGORA_BACKUP_KEEP=5
export AGORA_BACKUP_KEEP

q() {
	sqlite3 -cmd ".timeout 10000" "$@"
}

# check WHAT: the file is whole and holds every acknowledged UUID.  The
# acknowledgements are read first: a writer still running may save more
# between the two readings, never fewer.
check() {
	cat acked.* 2>/dev/null |
		grep -E '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' |
		sort -u >acked
	ic=$(q f.db "PRAGMA integrity_check" 2>&1)
	if [ "$ic" != ok ]; then
		fail "$1: integrity_check: $ic"
		return
	fi
	q f.db "SELECT uuid FROM proposal" | sort >present
	missing=$(comm -23 acked present | head -n 5)
	[ -n "$missing" ] && fail "$1: acknowledged but missing: $missing"
	return 0
}

timeout_reached() {
	[ $(( $(date +%s) - start )) -ge "$SECS" ]
}

# --- the model's writer, killed and started again -----------------------------

half=$((KILLS / 2))
killed_tool=0
: >acked.tool
while [ "$killed_tool" -lt "$half" ] && [ "$failures" -eq 0 ]; do
	timeout_reached && break
	d=$(sed -n "$((killed_tool + 1))p" delays)
	AGORA_BACKUP_INTERVAL=1 "$W" add f.db >>acked.tool 2>>writer.err &
	pid=$!
	sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	# 137: killed.  Anything else: the writer failed by itself.
	if [ "$rc" -ne 137 ]; then
		fail "writer exited $rc before the kill: $(cat writer.err)"
		break
	fi
	killed_tool=$((killed_tool + 1))
	check "kill $killed_tool (writer)"
done
echo "writer: $killed_tool kills, $(wc -l <acked.tool) saves acknowledged"

# --- agora add in a loop, its current process killed ------------------------------

# The loop records each agora's pid before waiting for it, and its exit
# status after: 137 is a kill, 0 a save, anything else a failure.
cli_loop() {
	n=0
	while [ ! -e stop ]; do
		n=$((n + 1))
		AGORA_BACKUP_INTERVAL=0 "$AGORA" add f.db --track main \
		    --text "Предложение $n из командной строки" >>acked.cli 2>>cli.err &
		echo $! >cur.pid
		wait $!
		echo $? >>status.cli
	done
}
: >acked.cli
: >status.cli
: >cli.err
cli_loop &
loop=$!
tries=0
while [ "$failures" -eq 0 ]; do
	killed_cli=$(grep -c '^137$' status.cli)
	[ "$killed_cli" -ge $((KILLS - half)) ] && break
	[ "$tries" -ge $((KILLS * 3)) ] && break
	timeout_reached && break
	tries=$((tries + 1))
	d=$(sed -n "$((half + (tries - 1) % (KILLS - half + 1) + 1))p" delays)
	sleep "${d:-0.05}"
	[ -s cur.pid ] && kill -KILL "$(cat cur.pid)" 2>/dev/null
	check "kill $tries (agora add)"
done
touch stop
wait "$loop"
killed_cli=$(grep -c '^137$' status.cli)
others=$(grep -cv '^\(0\|137\)$' status.cli)
[ "$others" -gt 0 ] && fail "agora add failed $others times: $(sort -u cli.err | head -n 5)"
grep -q "locked" cli.err writer.err && fail "\"database is locked\": $(grep locked cli.err writer.err | head -n 3)"
check "the end"
echo "agora add: $killed_cli kills, $(wc -l <acked.cli) saves acknowledged"

# --- the snapshots ----------------------------------------------------------------

# A snapshot whenever due: afterwards no temporary file of a killed one is
# left, and each kept snapshot is whole.
AGORA_BACKUP_INTERVAL=0 "$AGORA" backup f.db >backup.out 2>&1 ||
	fail "agora backup: $(cat backup.out)"
left=$(ls -A f.db.backups | grep -v '^[0-9].*Z\(-[0-9]*\)\?\.db$')
[ -n "$left" ] && fail "left in f.db.backups: $left"
nsnap=0
for s in f.db.backups/*.db; do
	[ -e "$s" ] || continue
	nsnap=$((nsnap + 1))
	ic=$(q "file:$s?immutable=1" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || fail "snapshot $s: $ic"
	[ "$(q "file:$s?immutable=1" "PRAGMA application_id")" = 1095192402 ] ||
		fail "snapshot $s is not an agora forum"
done
[ "$nsnap" -ge 1 ] && [ "$nsnap" -le 5 ] || fail "$nsnap snapshots kept, want 1 to 5"

total=$((killed_tool + killed_cli))
min=$((KILLS / 4))
[ "$total" -lt "$min" ] && fail "only $total kills in ${SECS}s (want at least $min)"
echo "kills survived: $total ($killed_tool writer, $killed_cli agora add), $(wc -l <acked) saves acknowledged and present, $nsnap snapshots whole, $(( $(date +%s) - start ))s"
finish
