#!/bin/sh
# sample_reference: the sample forum (sample_forum.db, made by `make sample`
# from sample/forum.txt) assembles into the published resolution,
# tests/fixtures/reference.txt, word for word: the texts compare with all
# whitespace removed, since the layout (wrapping, indents, tabs) differs.
# Exporting and counting never modify the sample file, and `agora info`
# counts what sample/forum.txt defines.
. "$TOP/tests/e2e/lib.sh"

db=$TOP/sample_forum.db
src=$TOP/sample/forum.txt
[ -f "$db" ] || { fail "$db is missing (make sample)"; finish; }
before=$(md5sum <"$db")

# fold80 FILE: FILE's text without whitespace, 80 characters a line, for a
# readable diff (sed counts characters, not bytes, in a UTF-8 locale).
fold80() {
	tr -d '[:space:]' <"$1" | sed 's/.\{80\}/&\n/g'
	echo
}

tr -d '[:space:]' <"$FIX/reference.txt" >want.txt

# same_words FILE WHAT: FILE has the reference's text; else a diff (the
# first time only: the other widths would repeat it).
diffed=
same_words() {
	tr -d '[:space:]' <"$1" >got.txt
	cmp -s got.txt want.txt && return 0
	if [ -n "$diffed" ]; then
		fail "$2 differs from tests/fixtures/reference.txt too"
	else
		diffed=1
		fail "$2 differs from tests/fixtures/reference.txt (whitespace ignored);" \
		    "diff of the two, 80 characters a line (- reference, + export):"
		fold80 "$FIX/reference.txt" >want.fold
		fold80 "$1" >got.fold
		diff -u want.fold got.fold | sed 1,2d | head -n 200
	fi
}

expect_status 0 "$AGORA" export "$db"
[ -s "$T/stderr" ] && fail "export wrote to stderr: $(cat "$T/stderr")"
cp "$T/stdout" export.txt
same_words export.txt "agora export sample_forum.db"

# The other widths and a file output carry the same words.
for w in 0 40 120; do
	expect_status 0 "$AGORA" export "$db" --width $w
	cp "$T/stdout" export$w.txt
	same_words export$w.txt "agora export --width $w"
done
expect_status 0 "$AGORA" export "$db" -o "$T/out.txt"
cmp -s out.txt export.txt || fail "export -o differs from standard output"

# Counts as sample/forum.txt defines them.  A proposal line is
# "proposal KEY: track | session | status | addressees | ...".
count() {
	awk -F' [|] ' -v s="$1" '/^proposal / && (s == "" || $3 == s)' "$src" |
	    wc -l | tr -d ' '
}
total=$(count "")
accepted=$(count accepted)
# Items: an accepted proposal stands once under each of its addressees.
items=$(awk -F' [|] ' '/^proposal / && $3 == "accepted" {
	n += split($4, a, ",") } END { print n + 0 }' "$src")
[ "$accepted" -gt 0 ] || fail "no accepted proposal found in $src"

expect_status 0 "$AGORA" info "$db"
grep -q "^Proposals: $total$" "$T/stdout" ||
	fail "info: want Proposals: $total: $(cat "$T/stdout")"
for s in new accepted rejected merged; do
	n=$(count $s)
	grep -Eq "^ +$s +$n$" "$T/stdout" ||
		fail "info: want $s $n: $(grep "$s" "$T/stdout")"
done
got=$(grep -Ec '^[0-9]+\.[0-9]+\. ' export0.txt)
[ "$got" -eq "$items" ] ||
	fail "the export has $got numbered items, sample/forum.txt makes $items"
ref=$(grep -Ec '^[0-9]+\.[0-9]+\.' "$FIX/reference.txt")
[ "$got" -eq "$ref" ] ||
	fail "the export has $got numbered items, the reference $ref"

# Reading the sample changes nothing and leaves nothing beside it.
[ "$(md5sum <"$db")" = "$before" ] || fail "$db was modified by export or info"
for f in "$db-wal" "$db-shm" "$db-journal"; do
	[ -e "$f" ] && fail "$f was left behind"
done

finish
