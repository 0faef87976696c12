#!/bin/sh
# backup: snapshots and restore.  A new file gets no snapshot until it holds
# proposals; then the first change of a session after a pause is preceded by
# one, and no more come until the interval passed; reading never takes one;
# an unchanged forum is never copied twice; the newest K are kept.  A
# snapshot holds what is still in the -wal, is whole, in rollback mode, with
# the forum's permissions.  A snapshot that cannot be made leaves the save
# alone and says so.  restore lists them (time, proposals, size), puts one
# back by number or name, keeps the state before as a snapshot of its own
# (restoring that undoes it), and a session open on the file sees the
# change; a missing, damaged, foreign or non-forum snapshot is refused with
# nothing changed; a restore killed half way leaves the forum as it was or
# as restored, never between.
. "$TOP/tests/e2e/lib.sh"

W=$BUILD/tools/writer
R=$BUILD/tools/reader
for p in "$W" "$R"; do
	if [ ! -x "$p" ]; then
		echo "skip: $p is not built (make $p)"
		exit 77
	fi
done
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "skip: sqlite3 is missing (make deps)"
	exit 77
fi

q() {
	sqlite3 -cmd ".timeout 10000" "$@"
}
count() {
	q "$1" "SELECT count(*) FROM proposal WHERE deleted = 0"
}
snaps() {
	ls "$1.backups" 2>/dev/null | grep -c '^[0-9].*Z\(-[0-9]*\)\?\.db$'
}
# newest FILE: the name of FILE's newest snapshot, from restore's list.
newest() {
	"$AGORA" restore "$1" | sed -n 's/^  1  .*  \([^ ]*\.db\)$/\1/p'
}
add() {
	expect_status 0 "$AGORA" add "$@"
	[ -s "$T/stderr" ] && fail "add wrote to stderr: $(cat "$T/stderr")"
	return 0
}
holder=
hold() {
	rm -f hold.stop
	"$R" "$1" hold.stop down >hold.out 2>hold.err &
	holder=$!
	i=0
	while [ "$(stat -c %s "$1-shm" 2>/dev/null || echo 0)" -lt 32768 ]; do
		i=$((i + 1))
		[ "$i" -gt 500 ] && { fail "no session on $1: $(cat hold.err)"; break; }
		sleep 0.01
	done
}
release() {
	touch hold.stop
	wait "$holder" || fail "the session on the file failed: $(cat hold.err)"
	holder=
}

# --- when snapshots are taken --------------------------------------------------------

expect_status 0 "$AGORA" new f.db --title "Форум"
"$W" init w.db || fail "writer init"
add w.db --track main --text "Первое"
[ -e w.db.backups ] && fail "a new file got a snapshot folder at once"
add w.db --track main --text "Второе"
[ "$(snaps w.db)" -eq 1 ] || fail "no snapshot before the second session's change: $(ls -A w.db.backups)"
first=$(newest w.db)
[ "$(count "w.db.backups/$first")" -eq 1 ] ||
	fail "the snapshot holds $(count "w.db.backups/$first") proposals, want 1 (the state before the change)"
add w.db --track main --text "Третье"
[ "$(snaps w.db)" -eq 1 ] || fail "a snapshot within the interval"
expect_status 0 "$AGORA" info w.db
expect_status 0 "$AGORA" export w.db -o w.txt
[ "$(snaps w.db)" -eq 1 ] || fail "reading took a snapshot"

# The interval: a snapshot once it passed, before the change.
add w.db --track main --text "Четвёртое"
sleep 1.1
expect_status 0 env AGORA_BACKUP_INTERVAL=1 "$AGORA" add w.db --track main \
    --text "Пятое"
[ "$(snaps w.db)" -eq 2 ] || fail "no snapshot after the interval: $(ls w.db.backups)"
[ "$(count "w.db.backups/$(newest w.db)")" -eq 4 ] ||
	fail "the newest snapshot holds $(count "w.db.backups/$(newest w.db)"), want 4"

# agora backup: now, but never the same state twice.
expect_status 0 "$AGORA" backup w.db
expect_out "^w.db.backups/[0-9-]*T[0-9-]*Z\(-[0-9]*\)\?\.db$"
expect_status 0 "$AGORA" backup w.db
expect_out "unchanged since snapshot"
[ "$(snaps w.db)" -eq 3 ] || fail "$(snaps w.db) snapshots, want 3"

# Rotation: the newest K.
for i in 1 2 3 4 5; do
	expect_status 0 env AGORA_BACKUP_INTERVAL=0 AGORA_BACKUP_KEEP=4 \
	    "$AGORA" add w.db --track main --text "Ещё $i"
done
[ "$(snaps w.db)" -eq 4 ] || fail "$(snaps w.db) snapshots kept, want 4"
[ "$(count "w.db.backups/$(newest w.db)")" -eq 10 ] ||
	fail "the newest snapshot holds $(count "w.db.backups/$(newest w.db)"), want 10"

# What is in the -wal is in the snapshot; the snapshot is in rollback mode,
# whole, with the forum's permissions.
chmod 600 w.db
hold w.db
add w.db --track main --text "Только в журнале"
uuid=$(cat stdout)
[ -s w.db-wal ] || fail "the test wants the change still in the -wal"
expect_status 0 "$AGORA" backup w.db
s=$(cat stdout)
release
[ "$(q "file:$s?immutable=1" "SELECT count(*) FROM proposal WHERE uuid = '$uuid'")" = 1 ] ||
	fail "the snapshot lacks the change still in the -wal"
[ "$(od -An -tu1 -j18 -N2 "$s" | tr -s ' ')" = " 1 1" ] ||
	fail "the snapshot is not in rollback mode: $(od -An -tu1 -j18 -N2 "$s")"
[ -e "$s-wal" ] || [ -e "$s-shm" ] && fail "files beside the snapshot"
[ "$(q "file:$s?immutable=1" "PRAGMA integrity_check")" = ok ] || fail "$s is damaged"
[ "$(stat -c %a "$s")" = 600 ] || fail "the snapshot's mode is $(stat -c %a "$s"), want 600"
chmod 644 w.db

# A snapshot that cannot be made: the save stands, with a note.
"$W" init n.db || fail "writer init"
add n.db --track main --text "Раз"
echo "not a folder" >n.db.backups
expect_status 0 env AGORA_BACKUP_INTERVAL=0 "$AGORA" add n.db --track main \
    --text "Два"
expect_err "note: n.db: no snapshot was taken: n.db.backups: exists and is not a folder"
[ "$(count n.db)" -eq 2 ] || fail "the save was lost with its snapshot"

# --- restore --------------------------------------------------------------------------

expect_status 0 "$AGORA" restore f.db
expect_out "no snapshots yet"
expect_status 0 "$AGORA" restore w.db
expect_out "^  1  [0-9-]* [0-9:]* UTC  *11 proposals  *[0-9.]* KB  [0-9-]*T[0-9-]*Z"
expect_out "^  4  "
cp stdout list
now=$(count w.db)
oldest=$(sed -n 's/^  4  .*  \([0-9T-]*Z\(-[0-9]*\)\?\.db\)$/\1/p' list)
old=$(count "w.db.backups/$oldest")

hold w.db
expect_status 0 "$AGORA" restore w.db 4
expect_out "restored snapshot $oldest"
before=$(sed -n 's/^The forum as it was before is snapshot \([^:]*\):.*/\1/p' stdout)
[ -n "$before" ] || fail "restore named no snapshot of the state before: $(cat stdout)"
[ "$(count w.db)" -eq "$old" ] || fail "restored $(count w.db) proposals, want $old"
[ "$(q w.db "PRAGMA integrity_check")" = ok ] || fail "w.db is damaged after restore"
release
changes=$(awk '$1 == "changes" { print $2 }' hold.out)
last=$(awk '$1 == "last" { print $2 }' hold.out)
[ "${changes:-0}" -ge 1 ] && [ "$last" -le "$old" ] ||
	fail "the open session did not see the restore: $(cat hold.out)"
expect_status 0 "$AGORA" restore w.db "${before%.db}"
[ "$(count w.db)" -eq "$now" ] || fail "undoing the restore gave $(count w.db) proposals, want $now"
add w.db --track main --text "После восстановления"

# Refusals: nothing changed, no snapshot taken.
was=$(count w.db)
nsnap=$(snaps w.db)
expect_status 1 "$AGORA" restore w.db 99
expect_err "no snapshot \"99\""
expect_status 1 "$AGORA" restore w.db 2000-01-01T00-00-00Z
expect_err "no snapshot"
cp "w.db.backups/$oldest" w.db.backups/2000-01-01T00-00-01Z.db
# Page 2 (a table's root) overwritten.
head -c 4096 /dev/urandom |
	dd of=w.db.backups/2000-01-01T00-00-01Z.db bs=4096 seek=1 conv=notrunc 2>/dev/null
expect_status 1 "$AGORA" restore w.db 2000-01-01T00-00-01Z.db
expect_err "damaged"
expect_err "nothing was changed"
"$W" init other.db && "$AGORA" add other.db --track main --text "Чужое" >/dev/null &&
	expect_status 0 "$AGORA" backup other.db
cp "$(cat stdout)" w.db.backups/2000-01-01T00-00-02Z.db
expect_status 1 "$AGORA" restore w.db 2000-01-01T00-00-02Z
expect_err "another copy"
q w.db.backups/2000-01-01T00-00-03Z.db "CREATE TABLE t (x); PRAGMA user_version = 1"
expect_status 1 "$AGORA" restore w.db 2000-01-01T00-00-03Z
expect_err "not an agora forum"
rm w.db.backups/2000-01-01T00-00-0*
[ "$(count w.db)" -eq "$was" ] || fail "a refused restore changed the forum"
[ "$(snaps w.db)" -eq "$nsnap" ] || fail "a refused restore took a snapshot"
expect_status 2 "$AGORA" restore w.db 1 2
expect_status 2 "$AGORA" restore
expect_status 1 "$AGORA" restore notes.txt 1
expect_err "notes.txt: No such file"

# A forum deleted by mistake comes back from its snapshots.
expect_status 0 "$AGORA" backup w.db
rm -f w.db w.db-wal w.db-shm
expect_status 0 "$AGORA" restore w.db
expect_out "w.db does not exist"
expect_status 0 "$AGORA" restore w.db 1
expect_out "restored snapshot"
[ "$(count w.db)" -eq "$was" ] || fail "the forum restored from nothing holds $(count w.db), want $was"
add w.db --track main --text "Снова на месте"

# --- a restore killed half way --------------------------------------------------------

"$W" init k.db || fail "writer init"
"$W" add k.db 300 >/dev/null || fail "writer add"
expect_status 0 "$AGORA" backup k.db
a=$(basename "$(cat stdout)")
"$W" add k.db 2000 >/dev/null || fail "writer add"
expect_status 0 "$AGORA" backup k.db
b=$(basename "$(cat stdout)")
ca=$(count "k.db.backups/$a")
cb=$(count "k.db.backups/$b")
kills=0
for d in $(awk 'BEGIN { for (i = 1; i <= 16; i++) printf "%.3f\n", i * 0.0025 }'); do
	if [ "$(count k.db)" -eq "$ca" ]; then to=$b; else to=$a; fi
	AGORA_BACKUP_KEEP=100 "$AGORA" restore k.db "$to" >/dev/null 2>restore.err &
	pid=$!
	sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 137 ] && kills=$((kills + 1))
	ic=$(q k.db "PRAGMA integrity_check")
	[ "$ic" = ok ] || fail "a killed restore damaged the forum: $ic"
	c=$(count k.db)
	[ "$c" -eq "$ca" ] || [ "$c" -eq "$cb" ] ||
		fail "a killed restore left $c proposals, want $ca or $cb"
done
echo "restores killed half way: $kills of 16"
[ "$kills" -ge 1 ] || fail "no restore was killed half way"

[ -n "$holder" ] && kill "$holder"
finish
