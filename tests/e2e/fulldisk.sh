#!/bin/sh
# fulldisk: a full file system (a 2 MB tmpfs mounted by the test) and a file
# size limit (RLIMIT_FSIZE).  A save on a full disk fails with "disk is
# full", exit 1, and the forum stays whole with every earlier proposal; a
# save that fits while its snapshot does not succeeds, with a note; exports,
# copies and merges onto the full disk fail and leave no file, partial or
# temporary; under `ulimit -f` agora is not killed by SIGXFSZ but reports
# the failed write, and nothing is lost either.
#
# Needs root (or CAP_SYS_ADMIN) for mount: skipped otherwise.
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
mkdir -p full tmp
if ! mount -t tmpfs -o size=2m tmpfs full 2>mount.err; then
	echo "skip: cannot mount a tmpfs (the test needs root): $(cat mount.err)"
	exit 77
fi
holder=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
	cd "$T" && umount full 2>/dev/null || umount -l full 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

known=0
q() {
	sqlite3 -cmd ".timeout 10000" "$@"
}

# intact FILE ACKED WHAT: FILE passes integrity_check and holds every UUID
# listed in ACKED.
intact() {
	ic=$(q "$1" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] || { fail "$3: $1: integrity_check: $ic"; return 0; }
	q "$1" "SELECT uuid FROM proposal" | sort >present
	missing=$(sort "$2" | comm -23 - present)
	[ -n "$missing" ] && fail "$3: $1 lost $missing"
	return 0
}

# fill: writes zeros into full/ until no byte more fits.
n=0
fill() {
	n=$((n + 1))
	dd if=/dev/zero of="full/filler.$n" bs=4k 2>/dev/null
	[ "$(df -P full | awk 'NR == 2 { print $4 }')" -eq 0 ] ||
		fail "full/ is not full: $(df -P full | tail -n 1)"
}

unfill() {
	rm -f full/filler.*
}

# hold FILE: a session open on FILE (tools/reader), as an interface left
# open: its -wal and -shm stay.  Waits until it has them.
hold() {
	rm -f hold.stop
	"$R" "$1" hold.stop >/dev/null 2>hold.err &
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

# expect_err_i PATTERN: the last command's stderr says PATTERN (any case).
expect_err_i() {
	grep -qi -- "$1" "$T/stderr" || fail "stderr lacks '$1': $(cat "$T/stderr")"
}

# The formats, from the list export gives with an unknown one.
formats=$("$AGORA" export /dev/null --format none 2>&1 |
	sed -n 's/.*the formats are: //p' | tr -d ,)
[ -n "$formats" ] || fail "no list of formats from export"

# --- saving on a full disk ---------------------------------------------------------

"$W" init full/f.db || fail "writer init"
: >acked
for i in 1 2 3; do
	expect_status 0 "$AGORA" add full/f.db --track main --addressee A1 \
	    --status accepted --text "Предложение $i до заполнения диска"
	cat stdout >>acked
done
hold full/f.db

# Room for a save, not for a snapshot: the save succeeds, with a note.
dd if=/dev/zero of=full/reserve bs=4k count=32 2>/dev/null
fill
rm full/reserve
expect_status 0 env AGORA_BACKUP_INTERVAL=0 "$AGORA" add full/f.db --track main \
    --text "Сохранено, хотя снимок не поместился"
cat stdout >>acked
expect_err "note: .*no snapshot was taken: .*disk is full"
left=$(ls -A full/f.db.backups | grep '^\.tmp-')
[ -n "$left" ] && fail "a failed snapshot left $left"

# No room at all: the save fails and says why; nothing is lost.
fill
expect_status 1 "$AGORA" add full/f.db --track main --text "Не поместится"
expect_err "disk is full"
[ -s stdout ] && fail "a failed save printed a UUID: $(cat stdout)"
intact full/f.db acked "full disk, session open"
expect_status 0 "$AGORA" export full/f.db
expect_out "до заполнения диска"
release

# Opening with no session on the file: SQLite must make the -shm first.
unfill
rm -f full/f.db-shm full/f.db-wal
fill
expect_status 1 "$AGORA" add full/f.db --track main --text "Не поместится"
expect_err_i "disk is full"
unfill
intact full/f.db acked "full disk, no session open"
expect_status 0 "$AGORA" add full/f.db --track main --text "Место снова есть"
cat stdout >>acked
intact full/f.db acked "after the disk had room again"

# --- exports, copies and merges onto a full disk ----------------------------------

"$W" init e.db || fail "writer init"
for i in 1 2 3; do
	expect_status 0 "$AGORA" add e.db --track main --addressee A1 \
	    --status accepted --text "Экспортируемое предложение $i"
done
expect_status 0 "$AGORA" copy e.db c.db
expect_status 0 "$AGORA" add c.db --track main --text "Из копии"
hold full/f.db
fill
before=$(ls -A full)
for fmt in $formats; do
	expect_status 1 env TMPDIR="$T/full" "$AGORA" export e.db --format "$fmt" \
	    -o "full/out.$fmt"
	expect_err "cannot write\|disk is full\|No space"
done
expect_status 1 "$AGORA" copy e.db full/c2.db
echo "copy onto a full disk: $(cat stderr)"
[ "$(ls -A full)" = "$before" ] ||
	fail "left on the full disk: $(ls -A full | grep -vxF "$before")"

count() {
	q "$1" "SELECT count(*) FROM proposal"
}
if "$AGORA" merge --help >/dev/null 2>&1; then
	was=$(count full/f.db)
	for tmpdir in "$T/full" "$T/tmp"; do
		expect_status 1 env TMPDIR="$tmpdir" "$AGORA" merge full/f.db c.db --import
		expect_err "disk is full\|No space\|cannot"
		echo "merge with TMPDIR=$tmpdir on a full disk: $(cat stderr)"
		[ "$(count full/f.db)" = "$was" ] ||
			fail "a failed merge changed the master: $(count full/f.db) proposals, was $was"
		[ "$(ls -A full)" = "$before" ] ||
			fail "the merge left on the full disk: $(ls -A full | grep -vxF "$before")"
		[ -n "$(ls -A tmp)" ] && fail "the merge left in TMPDIR: $(ls -A tmp)"
	done
	intact full/f.db acked "after failed merges"
	merged=yes
else
	echo "skip: no agora merge to test"
	merged=no
fi
release
unfill

# --- RLIMIT_FSIZE -----------------------------------------------------------------------

"$W" init r.db || fail "writer init"
: >acked.r
for i in 1 2; do
	expect_status 0 "$AGORA" add r.db --track main --addressee A1 \
	    --status accepted --text "Предложение $i до предела"
	cat stdout >>acked.r
done
hold r.db
# 100 blocks of 512 bytes: the -shm fits, a 90 KB save does not.
big=$(awk 'BEGIN { for (i = 0; i < 1200; i++) printf "Очень длинное предложение. " }')
(ulimit -f 100; exec "$AGORA" add r.db --track main --text "$big") \
    >stdout 2>stderr
rc=$?
[ "$rc" -eq 153 ] && fail "agora was killed by SIGXFSZ"
[ "$rc" -eq 1 ] || fail "add over the file size limit exited $rc, want 1: $(cat stderr)"
grep -q "^agora: " stderr || fail "no message: $(cat stderr)"
expect_err_i "too large\|disk is full"
intact r.db acked.r "file size limit"
for fmt in pdf docx; do
	(ulimit -f 2; exec "$AGORA" export r.db -o "out.$fmt") >stdout 2>stderr
	rc=$?
	[ "$rc" -eq 1 ] || fail "export $fmt over the limit exited $rc, want 1: $(cat stderr)"
	grep -q "File too large" stderr || fail "export $fmt: no reason given: $(cat stderr)"
	left=$(ls -A | grep "^out\.$fmt")
	[ -n "$left" ] && fail "export $fmt over the limit left $left"
done
release
intact r.db acked.r "file size limit, no session open"

echo "full disk: saves refused and nothing lost; exports ($formats), copy${merged:+ and merge ($merged)} left nothing; RLIMIT_FSIZE reported; $known known problem(s) of messages"
finish
