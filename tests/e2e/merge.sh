#!/bin/sh
# merge: copies and merging from the command line.  copy writes a snapshot
# with a copy id of its own and never overwrites a file; proposals added in
# two copies come back with merge (the report printed, the export showing
# them); a second merge changes not a byte; --dry-run changes nothing; an
# edit made in both files is reported with both texts; one undo takes the
# whole merge back; a copy of another forum is refused unless --import;
# usage mistakes exit 2.
. "$TOP/tests/e2e/lib.sh"

if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "skip: sqlite3 is missing (make deps)"
	exit 77
fi

sum() {
	md5sum <"$1" | cut -d' ' -f1
}

# run CMD...: the command must succeed and say nothing on stderr.
run() {
	expect_status 0 "$@"
	[ -s "$T/stderr" ] && fail "$* wrote to stderr: $(cat "$T/stderr")"
	return 0
}

# The fixture: tracks edu and health; addressees mined, minhealth, omsu.
"$BUILD/mksample" "$FIX/cli_forum.txt" forum.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build the fixture"; finish; }

# --- copy ---------------------------------------------------------------------

run "$AGORA" copy forum.db edu.db --track Образование
[ -s "$T/stdout" ] && fail "copy printed: $(cat "$T/stdout")"
run "$AGORA" copy forum.db health.db
for f in edu.db health.db; do
	for s in -wal -shm -journal; do
		[ -e "$f$s" ] && fail "copy left $f$s"
	done
done
ls -a | grep -q '^\.edu\.db\.' && fail "copy left its temporary file"
[ "$(sqlite3 edu.db "SELECT value FROM meta WHERE key = 'copy_id'")" != \
  "$(sqlite3 forum.db "SELECT value FROM meta WHERE key = 'copy_id'")" ] ||
	fail "the copy has the master's copy id"
track=$(sqlite3 forum.db "SELECT uuid FROM track WHERE label = 'Образование'")
[ "$(sqlite3 edu.db "SELECT value FROM meta WHERE key = 'track'")" = \
  "$track" ] ||
	fail "the copy's track is not noted"
[ "$(sqlite3 edu.db "SELECT count(*) FROM undo_action")" = 0 ] ||
	fail "the copy has an undo log"

before=$(sum edu.db)
expect_status 1 "$AGORA" copy forum.db edu.db
expect_err "exists already"
[ "$(sum edu.db)" = "$before" ] || fail "copy overwrote edu.db"
expect_status 1 "$AGORA" copy forum.db edu2.db --track nosuch
expect_err 'no track "nosuch"'
[ -e edu2.db ] && fail "a failed copy left edu2.db"
expect_status 2 "$AGORA" copy forum.db
expect_err "usage: agora copy"
expect_status 2 "$AGORA" copy forum.db a.db b.db
expect_status 2 "$AGORA" copy --frobnicate forum.db a.db
expect_err "unknown option"

# --- merge --------------------------------------------------------------------

pe="Открыть летние школы для учителей сельских школ края."
ph="Расширить сеть фельдшерско-акушерских пунктов в сёлах."
run "$AGORA" add edu.db --track Образование --text "$pe" \
    --addressee Минобразования --status accepted
run "$AGORA" add health.db --track Здоровье --text "$ph" \
    --addressee Минздрав --status accepted

run "$AGORA" merge forum.db edu.db health.db
expect_out "^Merged edu.db (copy "
expect_out "^Merged health.db (copy "
grep -Eq '^  proposals +1 +0 +0$' stdout ||
	fail "the report does not count one proposal in: $(cat stdout)"
grep -Eq '^  addressee links +1 +0 +0$' stdout ||
	fail "the report does not count one link in: $(cat stdout)"
run "$AGORA" export forum.db
expect_out "^1.1. $pe"
expect_out "^2.1. $ph"
[ "$(sqlite3 forum.db "SELECT count(*) FROM merge_report")" = 2 ] ||
	fail "the reports are not kept in the file"
[ "$(sqlite3 forum.db "SELECT label FROM undo_action")" = \
  "merge edu.db, health.db" ] || fail "not one undoable action: \
$(sqlite3 forum.db "SELECT label FROM undo_action")"

# Twice: nothing new, not a byte changed.
before=$(sum forum.db)
run "$AGORA" merge forum.db edu.db health.db
expect_out "Nothing new"
[ "$(sum forum.db)" = "$before" ] || fail "a second merge changed forum.db"

# --- a conflict ---------------------------------------------------------------

# The same proposal edited in both files (with sqlite3: the command line
# has no edit), the copy's edit the later one.
uuid=$(sqlite3 forum.db "SELECT uuid FROM proposal WHERE text = '$pe'")
edit() { # FILE TEXT TIME COPY
	sqlite3 "$1" "UPDATE proposal SET text = '$2', updated = $3, \
copy = '$4' WHERE uuid = '$uuid'; INSERT INTO revision (uuid, proposal_id, \
time, copy, text) SELECT lower(hex(randomblob(4))) || '-' || \
lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || \
'-a' || substr(lower(hex(randomblob(2))), 2) || '-' || \
lower(hex(randomblob(6))), id, $3, '$4', '$2' FROM proposal WHERE \
uuid = '$uuid';" || fail "cannot edit $1"
}
mid=$(sqlite3 forum.db "SELECT value FROM meta WHERE key = 'copy_id'")
cid=$(sqlite3 edu.db "SELECT value FROM meta WHERE key = 'copy_id'")
edit forum.db "Открыть летние школы (секретариат)." 4000000000000 "$mid"
edit edu.db "Открыть летние школы (модератор)." 4000000001000 "$cid"

before=$(sum forum.db)
run "$AGORA" merge forum.db edu.db --dry-run
expect_out "^Dry run: forum.db was not changed."
expect_out "Conflicts: 1"
[ "$(sum forum.db)" = "$before" ] || fail "--dry-run changed forum.db"

run "$AGORA" merge forum.db edu.db
expect_out "Conflicts: 1"
expect_out "proposal $uuid: edited in both"
expect_out "^    stands (the copy, "
expect_out "^      «Открыть летние школы (модератор).»"
expect_out "^    kept in its history (the master, "
expect_out "^      «Открыть летние школы (секретариат).»"
run "$AGORA" export forum.db
expect_out "^1.1. Открыть летние школы (модератор)."
[ "$(sqlite3 forum.db "SELECT count(*) FROM revision WHERE text = \
'Открыть летние школы (секретариат).'")" = 1 ] ||
	fail "the losing text is not in the history"

# --- undo ---------------------------------------------------------------------

run "$AGORA" undo forum.db
expect_out "undone: merge edu.db"
run "$AGORA" export forum.db
expect_out "^1.1. Открыть летние школы (секретариат)."
run "$AGORA" redo forum.db
run "$AGORA" export forum.db
expect_out "^1.1. Открыть летние школы (модератор)."

# --- another forum ------------------------------------------------------------

"$BUILD/mksample" "$FIX/cli_forum.txt" other.db >mksample.log 2>&1 ||
	fail "cannot build the other forum"
sqlite3 other.db "UPDATE forum SET title = 'Другой форум'; \
PRAGMA journal_mode = DELETE;" >/dev/null
run "$AGORA" add other.db --track Здоровье --text "Из другого форума." \
    --addressee ОМСУ --status accepted
before=$(sum forum.db)
expect_status 1 "$AGORA" merge forum.db other.db
expect_err "other.db is a copy of another forum («Другой форум»)"
expect_err "forum.db: nothing was merged"
[ "$(sum forum.db)" = "$before" ] || fail "a refused merge changed forum.db"
# A bad copy among good ones: none is merged.
expect_status 1 "$AGORA" merge forum.db health.db other.db
[ "$(sum forum.db)" = "$before" ] ||
	fail "a half-refused merge changed forum.db"
run "$AGORA" merge forum.db other.db --import
expect_out "^Imported other.db"
run "$AGORA" export forum.db
expect_out "Рекомендовать из другого форума."
[ "$(sqlite3 forum.db "SELECT title FROM forum")" = "Тестовый форум" ] ||
	fail "--import changed the forum record"
[ "$(sqlite3 forum.db "SELECT count(*) FROM addressee")" = 3 ] ||
	fail "--import did not unify the addressees by heading"
before=$(sum forum.db)
run "$AGORA" merge forum.db other.db --import
expect_out "Nothing new"
[ "$(sum forum.db)" = "$before" ] || fail "importing twice changed forum.db"

# --- usage --------------------------------------------------------------------

expect_status 2 "$AGORA" merge forum.db
expect_err "no COPY given"
expect_status 2 "$AGORA" merge
expect_status 2 "$AGORA" merge --bogus forum.db edu.db
expect_err "unknown option"
expect_status 1 "$AGORA" merge forum.db missing.db
expect_err "missing.db: No such file"
expect_status 1 "$AGORA" merge forum.db forum.db
expect_err "the master file itself"
expect_status 0 "$AGORA" merge --help
expect_out "usage: agora merge MASTER COPY"

finish
