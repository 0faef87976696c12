#!/bin/sh
# agora new --template: a new forum from last year's file.  It takes the
# template's addressees (with «Рекомендовать», in order, the deleted ones
# left behind), its tracks with their moderators but no sessions, its
# preamble paragraphs, introductions, lead-in and participant groups, and
# its place unless --city is given; the new title and dates are the
# command's.  Every record is new (new UUIDs, this file's copy id), no
# proposal comes along, the new file is another forum (a merge of the two
# is refused), nothing can be undone in it, and the template's records
# are left as they were.  Errors: a missing or foreign template, or no
# value, leave no file behind.
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }

OLD=$T/old.db
NEW=$T/new.db
rm -f "$OLD"* "$NEW"* "$T"/n2.db* "$T"/n3.db* "$T"/n4.db*
cp "$TOP/sample_forum.db" "$OLD"
# A deleted addressee stays behind.
sqlite3 "$OLD" "UPDATE addressee SET deleted = 1 WHERE label = 'Совет по грантам'" ||
	fail "cannot prepare the template"

# rows DB SQL: the rows as text.
rows() {
	sqlite3 "$1" "$2"
}
# same SQL WHAT: the query gives the same rows in the template and the new file.
same() {
	rows "$OLD" "$1" >"$T/old.rows"
	rows "$NEW" "$1" >"$T/new.rows"
	[ -s "$T/old.rows" ] || fail "$2: the template has none"
	cmp -s "$T/old.rows" "$T/new.rows" || {
		fail "$2 differ from the template's:"
		diff "$T/old.rows" "$T/new.rows" | head -n 10
	}
}

DATA="SELECT 'a', pos, heading, label, recommend, deleted FROM addressee
	UNION ALL SELECT 't', pos, title, label, moderator, deleted FROM track
	UNION ALL SELECT 's', pos, title, room, state, deleted FROM session
	UNION ALL SELECT 'p', pos, part, text, '', deleted FROM paragraph
	UNION ALL SELECT 'g', pos, text, '', '', deleted FROM participant_group
	UNION ALL SELECT 'f', title, city, lead_in, final, deleted FROM forum
	ORDER BY 1, 2, 3"
rows "$OLD" "$DATA" >"$T/template.before"

expect_status 0 "$AGORA" new "$NEW" --template "$OLD" \
	--title "X Гражданский форум" --start 2018-12-06 --end 2018-12-07 \
	--date 2019-01-30
[ -s "$T/stderr" ] && fail "agora new wrote to stderr: $(cat "$T/stderr")"

# --- what comes along -----------------------------------------------------------
same "SELECT heading, label, recommend FROM addressee WHERE deleted = 0
	ORDER BY pos, id" "the addressees"
[ "$(rows "$NEW" "SELECT COUNT(*) FROM addressee")" = 9 ] ||
	fail "the new file has $(rows "$NEW" "SELECT COUNT(*) FROM addressee") addressees, want the 9 live ones"
rows "$NEW" "SELECT label FROM addressee" | grep -qx "Совет по грантам" &&
	fail "the deleted addressee came along"
same "SELECT title, label, moderator FROM track WHERE deleted = 0
	ORDER BY pos, id" "the tracks"
same "SELECT part, text FROM paragraph WHERE deleted = 0
	ORDER BY part, pos, id" "the paragraphs"
same "SELECT text FROM participant_group WHERE deleted = 0
	ORDER BY pos, id" "the participant groups"
same "SELECT city, participants_intro, themes_intro, lead_in FROM forum" \
	"the place and the introductions"

# --- what does not ----------------------------------------------------------------
for table in session proposal proposal_addressee revision; do
	n=$(rows "$NEW" "SELECT COUNT(*) FROM $table")
	[ "$n" = 0 ] || fail "the new file has $n rows in $table"
done
got=$(rows "$NEW" "SELECT title || '|' || resolution_title || '|' ||
	start_date || '|' || end_date || '|' || doc_date || '|' || final FROM forum")
[ "$got" = "X Гражданский форум|Резолюция X Гражданский форум.|2018-12-06|2018-12-07|2019-01-30|0" ] ||
	fail "the new forum's own fields are '$got'"

# Every record is new: no UUID of the template, this file's copy id.
for table in forum addressee track paragraph participant_group; do
	rows "$OLD" "SELECT uuid FROM $table" >>"$T/old.uuids"
	rows "$NEW" "SELECT uuid FROM $table" >>"$T/new.uuids"
done
[ "$(sort "$T/old.uuids" "$T/new.uuids" | uniq -d | wc -l)" -eq 0 ] ||
	fail "the new file shares UUIDs with the template"
copy=$(rows "$NEW" "SELECT value FROM meta WHERE key = 'copy_id'")
[ -n "$copy" ] || fail "the new file has no copy id"
for table in forum addressee track paragraph participant_group; do
	n=$(rows "$NEW" "SELECT COUNT(*) FROM $table WHERE copy <> '$copy'")
	[ "$n" = 0 ] || fail "$n records of $table carry another copy's id"
done

# Another forum: a merge of the template into it is refused.
expect_status 1 "$AGORA" merge "$NEW" "$OLD"
expect_err "copy of another forum"
# Making it was no action of anyone's.
expect_status 1 "$AGORA" undo "$NEW"
expect_err "nothing to undo"

# The template is as it was.
rows "$OLD" "$DATA" >"$T/template.after"
cmp -s "$T/template.before" "$T/template.after" ||
	fail "the template's records changed"

# The export: the preamble, the themes, no proposals, a draft.
expect_status 0 "$AGORA" export "$NEW" --width 0
expect_out "^ПРОЕКТ$"
expect_out "^С 15 по 16 декабря 2017 года состоялся IX Гражданский форум"
expect_out "^3\. Представители органов и учреждений системы профилактики"
expect_out "^2\. Обеспечение эффективного взаимодействия СМИ и СО НКО$"
expect_out "^Г\. Красноярск .*30 января 2019 г\.$"
grep -q "^1\.1\. " "$T/stdout" && fail "the new forum's export holds proposals"

# --city wins over the template's place.
expect_status 0 "$AGORA" new "$T/n2.db" --template "$OLD" --title "Форум" \
	--city "г. Ачинск"
[ "$(rows "$T/n2.db" "SELECT city FROM forum")" = "г. Ачинск" ] ||
	fail "--city did not win over the template"

# --- errors ----------------------------------------------------------------------
expect_status 1 "$AGORA" new "$T/n3.db" --template "$T/missing.db" --title "Форум"
expect_err "missing.db"
[ -e "$T/n3.db" ] && fail "a file was left after a missing template"
printf 'not a forum\n' >"$T/text.db"
expect_status 1 "$AGORA" new "$T/n3.db" --template "$T/text.db" --title "Форум"
[ -e "$T/n3.db" ] && fail "a file was left after a foreign template"
expect_status 2 "$AGORA" new "$T/n4.db" --title "Форум" --template
expect_err "needs a value"
[ -e "$T/n4.db" ] && fail "a file was left after a usage error"
# The template must not be the new file itself (which must not exist).
expect_status 1 "$AGORA" new "$OLD" --template "$OLD" --title "Форум"
rows "$OLD" "$DATA" >"$T/template.after"
cmp -s "$T/template.before" "$T/template.after" ||
	fail "the template changed when named as the new file"
finish
