#!/bin/sh
# writers: four processes write to one forum at once, as moderators on one
# host over SSH.  Three tools/writer programs (actors alice, bob and carol)
# add proposals, edit their own and tag anyone's through the model, and a
# shell loop runs `agora add --addressee` (the command line); a fifth
# process, tools/reader, watches the file's data_version and counts the
# proposals.  Afterwards: every acknowledged operation is in the file (each
# add, the last edit of each proposal, each tag), nobody was told "database
# is locked", each writer tagged proposals of the others (it saw their
# changes while it ran), the reader saw the count change many times and
# never go down, and the file passes integrity_check.  Prints ops/s.
#
# WRITERS_OPS: operations per model writer (default 1200).
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

OPS=${WRITERS_OPS:-1200}
CLI_OPS=$((OPS / 6))
"$W" init f.db || { fail "writer init failed"; finish; }

"$R" f.db stop >reader.out 2>reader.err &
reader=$!
t0=$(date +%s.%N)
seed=1
for actor in alice bob carol; do
	"$W" mix f.db "$actor" "$OPS" "$seed" >"ops.$actor" 2>"err.$actor" &
	eval "pid_$actor=\$!"
	seed=$((seed + 1))
done
(
	i=0
	while [ "$i" -lt "$CLI_OPS" ]; do
		i=$((i + 1))
		"$AGORA" add f.db --track main --addressee A2 \
		    --text "Предложение $i из командной строки" ||
			echo "agora add exited $?" >&2
	done
) >ops.cli 2>err.cli &
pid_cli=$!

for actor in alice bob carol; do
	eval "pid=\$pid_$actor"
	wait "$pid" || fail "writer $actor exited $?: $(cat "err.$actor")"
done
wait "$pid_cli"
t1=$(date +%s.%N)
touch stop
wait "$reader" || fail "reader exited $?: $(cat reader.err)"

# --- nobody was told the file was busy ---------------------------------------

for f in err.* reader.err; do
	[ -s "$f" ] && fail "$f: $(head -n 5 "$f")"
done
grep -il "locked\|busy" ops.* err.* reader.* >/dev/null 2>&1 &&
	fail "\"locked\" or \"busy\" in: $(grep -il "locked\|busy" ops.* err.* reader.*)"

# --- no write was lost ----------------------------------------------------------

q() {
	sqlite3 -cmd ".timeout 10000" f.db "$@"
}
ic=$(q "PRAGMA integrity_check" 2>&1)
[ "$ic" = ok ] || fail "integrity_check: $ic"

q "SELECT uuid FROM proposal WHERE deleted = 0" | sort >present
{ awk -F '\t' '$1 == "add" { print $2 }' ops.alice ops.bob ops.carol
  grep -E '^[0-9a-f-]{36}$' ops.cli; } | sort >added
missing=$(comm -23 added present | head -n 5)
[ -n "$missing" ] && fail "acknowledged adds missing: $missing"

# The last edit each writer acknowledged is the text in the file: only the
# proposal's author edits it, so its own order is the commit order.
q -separator '	' "SELECT uuid, text FROM proposal" >texts
for actor in alice bob carol; do
	awk -F '\t' '
		FNR == NR { text[$1] = $2; next }
		$1 == "edit" { last[$2] = $3 }
		END {
			for (u in last)
				if (text[u] != last[u])
					printf "%s: \"%s\", want \"%s\"\n", u, text[u], last[u]
		}' texts "ops.$actor" >"lost.$actor"
	[ -s "lost.$actor" ] && fail "$actor's edits lost: $(head -n 3 "lost.$actor")"
done

q -separator '	' "SELECT p.uuid, a.label FROM proposal_addressee pa
    JOIN proposal p ON p.id = pa.proposal_id
    JOIN addressee a ON a.id = pa.addressee_id WHERE pa.deleted = 0" |
	sort -u >tags
{ awk -F '\t' '$1 == "tag" { print $2 "\t" $3 }' ops.alice ops.bob ops.carol
  grep -E '^[0-9a-f-]{36}$' ops.cli | sed 's/$/	A2/'; } | sort -u >tagged
missing=$(comm -23 tagged tags | head -n 5)
[ -n "$missing" ] && fail "acknowledged tags missing: $missing"

# --- each saw the others ------------------------------------------------------------

for actor in alice bob carol; do
	n=$(awk -F '\t' '$1 == "others" { print $2 }' "ops.$actor")
	[ "${n:-0}" -gt 0 ] || fail "$actor never tagged another writer's proposal"
done
changes=$(awk '$1 == "changes" { print $2 }' reader.out)
last=$(awk '$1 == "last" { print $2 }' reader.out)
[ "${changes:-0}" -ge 20 ] || fail "the reader saw ${changes:-0} changes"
[ "$last" = "$(wc -l <present)" ] ||
	fail "the reader's last count $last, the file holds $(wc -l <present)"

# --- the figures -------------------------------------------------------------------

ops=$(( $(grep -c . ops.alice) + $(grep -c . ops.bob) + $(grep -c . ops.carol) - 3 +
    $(grep -c . ops.cli) ))
echo "$ops operations acknowledged ($(wc -l <added) adds, $(grep -c '^edit' ops.alice ops.bob ops.carol | awk -F: '{ s += $2 } END { print s }') edits, $(wc -l <tagged) tags) by 4 writers; the reader saw $changes changes" |
	tee figures
awk -v t0="$t0" -v t1="$t1" -v n="$ops" 'BEGIN {
	printf "%.1f s, %.0f ops/s\n", t1 - t0, n / (t1 - t0) }' | tee -a figures
finish
