#!/bin/sh
# The secretariat's screens end to end, in a real terminal (tmux): the
# duplicates screen finds three paraphrases captured in three tracks,
# another wording is chosen and edited, F2 merges them (checked in the
# file with sqlite3: statuses, the survivor, votes added up, addressees
# joined, the edited wording and the old one in the revisions), the
# sources are listed under the survivor, Ctrl-Z takes the whole merge
# back at once; the ordering screen moves an addressee up (its section
# number, the preview and the export follow), moves a proposal under its
# addressee and copies one to another addressee; the statistics screen
# shows its bars.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

rm -f f.db f.db-wal f.db-shm
cp "$TOP/sample_forum.db" f.db
DB=$T/f.db

q() {
	sqlite3 "$DB" "$1"
}

# Three paraphrases in three tracks, with votes and an addressee each.
for args in "НКО|accepted|ОМСУ|Открыть в каждом районе ресурсный центр поддержки добровольчества." \
    "СМИ|new|СМИ|В каждом районе открыть ресурсный центр поддержки добровольчества" \
    "Дети|rejected|НКО|Открытие ресурсного центра поддержки добровольчества в каждом районе!"; do
	IFS='|' read -r tr stt ad tx <<EOF
$args
EOF
	"$AGORA" add "$DB" --track "$tr" --status "$stt" --addressee "$ad" \
	    --text "$tx" >/dev/null || fail "cannot add «$tx»"
done
set -- $(q "SELECT id FROM proposal WHERE text LIKE '%добровольчества%' ORDER BY id")
[ $# -eq 3 ] || { fail "three proposals expected"; finish; }
A=$1 B=$2 C=$3
q "UPDATE proposal SET votes_for = 10, votes_against = 1, votes_abstain = 2 WHERE id = $A;
   UPDATE proposal SET votes_for = 5, votes_against = 0, votes_abstain = 1 WHERE id = $B;
   UPDATE proposal SET votes_for = 3, votes_against = 4, votes_abstain = 0 WHERE id = $C;"
before=$(q "SELECT id, status, merged_into, votes_for, votes_against, votes_abstain, text FROM proposal ORDER BY id;
    SELECT proposal_id, addressee_id, deleted FROM proposal_addressee ORDER BY id")

tmux_start s "$AGORA" "$DB"
wait_for s "Tracks" || finish

# --- duplicates ---------------------------------------------------------------

keys s C-u
wait_for s "Duplicates at 50% or more" || finish
wait_for s "100% 3× Открыть в каждом"
expect_screen s "#$A"
expect_screen s "★ #$A"
# The keys of this screen come from the one table: F2 is Merge here.
expect_screen s "2Merge"
keys s F1
wait_for s "Merge the cluster into the chosen wording"
expect_screen s "Take the proposal into the merge or leave it out"
keys s Escape
wait_gone s "Help: every key"

# The threshold: at 100% only the two identical stem sets pair.
keys s t
wait_for s "Similarity threshold"
keys s Home C-k
text s "100"
keys s Enter
wait_for s "Duplicates at 100% or more: 1 cluster"
wait_for s "100% 2× Открыть в каждом"
keys s %
wait_for s "Similarity threshold"
keys s Home C-k
text s "0.5"
keys s Enter
wait_for s "Duplicates at 50% or more"
wait_for s "100% 3× Открыть в каждом"

# The second proposal's wording survives, edited; the third is left out
# and taken back.
keys s Tab Down Enter
wait_for s "★ #$B"
keys s Down Space
wait_for s "left out"
keys s Space
wait_gone s "left out"
keys s F4
wait_for s "The surviving wording"
keys s End
text s " и в каждом городе"
keys s Enter
wait_gone s "The surviving wording"
wait_for s "survives, edited"
keys s F2
wait_for s "Merged into #$B" || finish
wait_for s "Merged 2 proposals into #$B"
expect_screen s "Its sources (2, kept with status merged):"
expect_screen s "⇢ #$A НКО"
expect_screen s "⇢ #$C Дети"

[ "$(q "SELECT status, merged_into FROM proposal WHERE id IN ($A, $C) ORDER BY id" | tr '\n' ' ')" = "3|$B 3|$B " ] ||
	fail "the others are not merged into #$B: $(q "SELECT id, status, merged_into FROM proposal WHERE id IN ($A, $B, $C)")"
[ "$(q "SELECT status, votes_for, votes_against, votes_abstain FROM proposal WHERE id = $B")" = "1|18|5|3" ] ||
	fail "the survivor: $(q "SELECT status, votes_for, votes_against, votes_abstain FROM proposal WHERE id = $B")"
[ "$(q "SELECT text FROM proposal WHERE id = $B")" = "В каждом районе открыть ресурсный центр поддержки добровольчества и в каждом городе" ] ||
	fail "the wording: $(q "SELECT text FROM proposal WHERE id = $B")"
[ "$(q "SELECT count(*) FROM revision WHERE proposal_id = $B AND text = 'В каждом районе открыть ресурсный центр поддержки добровольчества'")" = 1 ] ||
	fail "the old wording is not in the revisions"
[ "$(q "SELECT group_concat(a.label, ',') FROM (SELECT a.label FROM proposal_addressee l JOIN addressee a ON a.id = l.addressee_id WHERE l.proposal_id = $B AND l.deleted = 0 ORDER BY a.pos) a")" = "ОМСУ,СМИ,НКО" ] ||
	fail "the survivor's addressees: $(q "SELECT addressee_id FROM proposal_addressee WHERE proposal_id = $B AND deleted = 0")"

# One undo takes it all back.
keys s C-z
wait_for s "Undone: merge duplicates"
after=$(q "SELECT id, status, merged_into, votes_for, votes_against, votes_abstain, text FROM proposal ORDER BY id;
    SELECT proposal_id, addressee_id, deleted FROM proposal_addressee ORDER BY id")
[ "$before" = "$after" ] || fail "undo did not restore the file"
wait_for s "100% 3× Открыть в каждом"
keys s Escape
wait_for s "Tracks"

# --- ordering -------------------------------------------------------------------

"$AGORA" export "$DB" >export1.txt
grep -q "^1\. Отраслевым министерствам" export1.txt || fail "the export does not start with Министерства"
keys s C-r
wait_for s "Order of the resolution" || finish
wait_for s "1.   Министерства"
expect_screen s "2.   Агентство"
expect_screen s "5Copy"
expect_screen s "6Move"
keys s Down S-Up
wait_for s "1.   Агентство"
expect_screen s "2.   Министерства"
expect_screen s "Under Агентство"
[ "$(q "SELECT label FROM addressee WHERE deleted = 0 ORDER BY pos, id LIMIT 2" | tr '\n' ' ')" = "Агентство Министерства " ] ||
	fail "the addressees' order in the file: $(q "SELECT label, pos FROM addressee ORDER BY pos")"
"$AGORA" export "$DB" >export2.txt
grep -q "^1\. Агентству молодежной политики" export2.txt || fail "the export does not follow the new order"
grep -q "^2\. Отраслевым министерствам" export2.txt || fail "Министерства is not 2 in the export"
# The preview follows at once.
keys s C-p
wait_for s "Preview of the resolution"
keys s PgDn PgDn
wait_for s "1. Агентству молодежной политики"
keys s Escape
wait_for s "Order of the resolution"

# The second proposal under Агентство moves up: it becomes 1.1.
first=$(q "SELECT p.text FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id WHERE l.addressee_id = 2 AND l.deleted = 0 ORDER BY l.pos, l.id LIMIT 1 OFFSET 1")
prefix=$(q "SELECT substr(p.text, 1, 25) FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id WHERE l.addressee_id = 2 AND l.deleted = 0 ORDER BY l.pos, l.id LIMIT 1 OFFSET 1")
keys s Tab Down S-Up
wait_for s "1.1.    ✓ $prefix"
"$AGORA" export "$DB" --width 0 >export3.txt
grep -qF "1.1. $first" export3.txt || fail "the moved proposal is not 1.1: $(grep '^1\.1\.' export3.txt)"

# F5 copies the selected proposal to another addressee as well.
pid=$(q "SELECT p.id FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id WHERE l.addressee_id = 2 AND l.deleted = 0 ORDER BY l.pos, l.id LIMIT 1")
keys s F5
wait_for s "Copy the proposal to"
keys s 1
wait_for s "Copied to Министерства"
[ "$(q "SELECT count(*) FROM proposal_addressee WHERE proposal_id = $pid AND deleted = 0 AND addressee_id IN (1, 2)")" = 2 ] ||
	fail "the copy is not in the file"
keys s C-z
wait_for s "Undone: copy to another addressee"
[ "$(q "SELECT count(*) FROM proposal_addressee WHERE proposal_id = $pid AND deleted = 0 AND addressee_id = 1")" = 0 ] ||
	fail "the copy was not undone"
# F6 moves it instead: off Агентство, onto ОМСУ (second in the menu,
# which lists the other addressees in their order).
keys s F6
wait_for s "Move the proposal to"
keys s 2
wait_for s "Moved to ОМСУ"
[ "$(q "SELECT group_concat(addressee_id) FROM proposal_addressee WHERE proposal_id = $pid AND deleted = 0")" = 3 ] ||
	fail "the move: $(q "SELECT addressee_id, deleted FROM proposal_addressee WHERE proposal_id = $pid")"
keys s C-z
wait_for s "Undone: move to another addressee"
[ "$(q "SELECT group_concat(addressee_id) FROM proposal_addressee WHERE proposal_id = $pid AND deleted = 0")" = 2 ] ||
	fail "the move was not undone"
keys s Escape Escape
wait_for s "Tracks"

# --- statistics -------------------------------------------------------------------

keys s C-g
wait_for s "Statistics: 63 proposals" || finish
expect_screen s "By status"
expect_screen s "By track"
screen s | grep -q "accepted  *38 ████████" || fail "no bar for accepted"
screen s | grep -q "НКО  *34 ████████" || fail "no bar for НКО"
keys s Escape
wait_for s "Tracks"
keys s F10
wait_exit s

finish
