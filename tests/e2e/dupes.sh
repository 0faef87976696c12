#!/bin/sh
# dupes: `agora duplicates` and the charts of `agora info`.  Three
# paraphrases of one proposal captured in three tracks (other word forms,
# word order, ё/е, punctuation) make one cluster beside the sample's own
# proposals, with each proposal's number in the draft, track and status
# and every pair's similarity; --json says the same for machines (read
# back by python3); the exact comparison of every pair agrees; the
# threshold takes a percentage or a fraction and refuses nonsense; a
# read-only file is enough; control characters never reach the terminal;
# info prints its figures as before and then the same as bar charts.
. "$TOP/tests/e2e/lib.sh"

cp "$TOP/sample_forum.db" f.db
rm -f f.db-wal f.db-shm

# run CMD...: the command must succeed; its output is in $T/stdout.
run() {
	expect_status 0 "$@"
	[ -s "$T/stderr" ] && fail "$* wrote to stderr: $(cat "$T/stderr")"
	return 0
}

add() {
	run "$AGORA" add f.db "$@"
}

add --track НКО --status accepted --addressee ОМСУ \
    --text "Открыть в каждом районе ресурсный центр поддержки добровольчества."
add --track СМИ --status new \
    --text "В каждом районе открыть ресурсный центр поддержки добровольчества"
add --track Дети --status rejected \
    --text "Открытие ресурсного центра поддержки добровольчества в каждом районе края!"
ids=$(sqlite3 f.db "SELECT id FROM proposal WHERE text LIKE '%добровольчества%' ORDER BY id" | tr '\n' ' ')
set -- $ids
[ $# -eq 3 ] || fail "three proposals expected, got: $ids"
a=$1 b=$2 c=$3

# --- text -------------------------------------------------------------------

run "$AGORA" duplicates f.db
expect_out "^Duplicates at 50% or more: [0-9]* clusters*, [0-9]* proposals (of [0-9]* compared)$"
# The cluster: three members, each with its track and status, and its
# number in the draft for the accepted one.
grep -Eq "^   #$a +[0-9]+\.[0-9]+\. +НКО +accepted +Открыть в каждом районе" stdout ||
	fail "no line for #$a with its number: $(cat stdout)"
grep -Eq "^   #$b +— +СМИ +new +В каждом районе открыть" stdout ||
	fail "no line for #$b: $(cat stdout)"
grep -Eq "^   #$c +— +Дети +rejected +Открытие ресурсного" stdout ||
	fail "no line for #$c: $(cat stdout)"
grep -Eq "^ +100%  #$a ~ #$b$" stdout || fail "#$a ~ #$b is not 100%: $(cat stdout)"
grep -Eq "^ +[5-9][0-9]%  #$a ~ #$c$" stdout || fail "no pair #$a ~ #$c: $(cat stdout)"
grep -Eq "^ +[5-9][0-9]%  #$b ~ #$c$" stdout || fail "no pair #$b ~ #$c: $(cat stdout)"
# Lines are cut to one line of at most 100 columns (off a terminal).
while IFS= read -r l; do
	[ "$(printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L)" -le 100 ] ||
		fail "a line wider than 100 columns: $l"
done <stdout

# --- json -------------------------------------------------------------------

run "$AGORA" duplicates f.db --json
cp stdout d.json
if command -v python3 >/dev/null 2>&1; then
	python3 - "$a" "$b" "$c" <<'EOF' || fail "the JSON is not as expected: $(cat d.json)"
import json, sys
a, b, c = (int(x) for x in sys.argv[1:4])
d = json.load(open("d.json"))
assert d["threshold"] == 50 and d["method"] == "minhash-lsh", d
assert d["proposals"] > 50 and d["compared"] >= 3
cl = [k for k in d["clusters"] if {m["id"] for m in k["members"]} >= {a, b, c}]
assert len(cl) == 1, d["clusters"]
k = cl[0]
m = {x["id"]: x for x in k["members"]}
assert m[a]["status"] == "accepted" and m[a]["number"].endswith(".")
assert m[b]["number"] is None and m[b]["track"] == "СМИ"
assert m[c]["status"] == "rejected" and m[c]["text"].endswith("края!")
assert m[a]["votes"] == {"for": 0, "against": 0, "abstain": 0}
pairs = {(p["a"], p["b"]): p["score"] for p in k["pairs"]}
assert pairs[(a, b)] == 100 and len(pairs) == 3, pairs
assert k["best"] == 100
EOF
fi

# --- exact ------------------------------------------------------------------

run "$AGORA" duplicates f.db --exact --json
sed 's/"method": "exact", "proposals": \([0-9]*\), "compared": [0-9]*/X \1/' stdout >exact.json
sed 's/"method": "minhash-lsh", "proposals": \([0-9]*\), "compared": [0-9]*/X \1/' d.json >lsh.json
cmp -s exact.json lsh.json || fail "--exact found other clusters: $(diff lsh.json exact.json)"

# --- thresholds ---------------------------------------------------------------

run "$AGORA" duplicates f.db --threshold 0.9
cp stdout t09
run "$AGORA" duplicates f.db --threshold 90
cmp -s t09 stdout || fail "--threshold 0.9 and 90 differ"
expect_out "^Duplicates at 90% or more: 1 cluster, 2 proposals"
run "$AGORA" duplicates f.db --threshold 100
expect_out "#$a ~ #$b"
for bad in 0 101 abc -5 ""; do
	expect_status 2 "$AGORA" duplicates f.db --threshold "$bad"
	expect_err "threshold"
done
expect_status 2 "$AGORA" duplicates f.db --bogus
expect_err "unknown option"
expect_status 2 "$AGORA" duplicates
expect_err "no FILE given"
expect_status 1 "$AGORA" duplicates nothere.db
expect_err "nothere.db"
run "$AGORA" duplicates --help
expect_out "--threshold"

# --- read-only, hostile text ----------------------------------------------------

cp f.db ro.db
chmod 444 ro.db
run "$AGORA" duplicates ro.db --json
cmp -s stdout d.json || fail "read-only: other output"
chmod 644 ro.db

evil=$(printf 'Открыть\033]0;pwned\007 в каждом районе ресурсный центр \033[2Jподдержки добровольчества')
add --track СМИ --text "$evil"
run "$AGORA" duplicates f.db
grep -q "$(printf '\033')" stdout && fail "an escape reached the output"
expect_out "␛]0;pwned"
run "$AGORA" duplicates f.db --json
grep -q "$(printf '\033')" stdout && fail "an escape reached the JSON"
expect_out '\\u001b\]0;pwned'

# --- merged proposals take no part --------------------------------------------

sqlite3 f.db "UPDATE proposal SET status = 3, merged_into = $a WHERE id IN ($b, $c)" ||
	fail "cannot mark merged"
run "$AGORA" duplicates f.db --json
grep -q "\"id\": $b," stdout && fail "a merged proposal still takes part"

# --- info's charts ----------------------------------------------------------------

run "$AGORA" info f.db
expect_out "^Proposals: 64$"
grep -Eq '^ +accepted +38$' stdout || fail "info: accepted is not 38"
expect_out "^Charts$"
expect_out "^Proposals by status:$"
expect_out "^Proposals by track:$"
expect_out "^Proposals by addressee:$"
# The largest count of a chart has the full bar, 40 blocks.
grep -Eq '^  accepted +38 █{40}$' stdout || fail "no full bar for accepted: $(cat stdout)"
grep -Eq '^  НКО +34 █{40}$' stdout || fail "no full bar for НКО"
grep -Eq '^  merged +8 █{8}' stdout || fail "no bar for merged"

finish
