#!/bin/sh
# hostile_copies: a copy is untrusted input.  Copies made from a real one
# with the sqlite3 command (a view in place of a table, a trigger that
# would wipe the master, a missing or an extra column, a table defined
# otherwise, a wrong application_id, a truncated file, a corrupted page, a
# newer schema, bad values, a reference to nothing, unsaved changes beside
# it) are each refused with the reason, exit 1, and afterwards the master
# and the copy are byte for byte as they were, with nothing created beside
# the copy.  The real copy itself still merges.
. "$TOP/tests/e2e/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "skip: sqlite3 is missing (make deps)"
	exit 77
fi
if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

sum() {
	md5sum <"$1" | cut -d' ' -f1
}

# The sample forum, made by this build (a file made by another build may
# have another schema at the same version, and would rightly be refused).
"$BUILD/mksample" "$TOP/sample/forum.txt" master.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build the sample forum"; finish; }
expect_status 0 "$AGORA" copy master.db good.db --track СМИ
expect_status 0 "$AGORA" add good.db --track СМИ --status accepted \
    --text "Проводить ежегодный конкурс региональных СМИ." --addressee НКО
# Opening a file once lets agora finish whatever it does on opening, so
# that the sums below compare merges only.
expect_status 0 "$AGORA" info master.db

# mk NAME SQL: NAME is good.db changed by sqlite3 running SQL.
mk() {
	cp good.db "$1"
	sqlite3 "$1" "$2" >/dev/null 2>"$T/sqlite3.err" ||
		fail "sqlite3 $1: $(cat "$T/sqlite3.err")"
}

# refused COPY PATTERN: merging COPY fails saying why; master.db and COPY
# are untouched and nothing was created beside COPY.
refused() {
	m=$(sum master.db)
	c=$(sum "$1")
	expect_status 1 "$AGORA" merge master.db "$1"
	expect_err "$1: refused: "
	expect_err "$2"
	expect_err "master.db: nothing was merged"
	[ -s "$T/stdout" ] && fail "$1: a refused merge printed a report"
	[ "$(sum master.db)" = "$m" ] || fail "$1: master.db was changed"
	[ "$(sum "$1")" = "$c" ] || fail "$1 was changed"
	for s in -wal -shm -journal; do
		[ -e "$1$s" ] && fail "$1$s was created"
	done
	return 0
}

# --- the schema ---------------------------------------------------------------

mk view.db "DROP TABLE proposal_addressee;
CREATE VIEW proposal_addressee AS SELECT id, uuid, created, updated, copy,
 deleted, id AS proposal_id, 1 AS addressee_id, 1 AS pos FROM proposal;"
refused view.db "proposal_addressee is a view, not a table"

mk trigger.db "CREATE TRIGGER wipe AFTER UPDATE ON meta BEGIN
 DELETE FROM proposal; DELETE FROM addressee; END;"
refused trigger.db "an unexpected trigger wipe on meta"

mk index.db "CREATE INDEX sneaky ON proposal(author)"
refused index.db "an unexpected index sneaky on proposal"

mk table.db "CREATE TABLE extra (x)"
refused table.db "an unexpected table extra"

mk missing.db "ALTER TABLE proposal DROP COLUMN note"
refused missing.db "the table proposal has no column note"

mk extra.db "ALTER TABLE track ADD COLUMN evil TEXT"
refused extra.db "the table track has an extra column evil"

mk otherwise.db "PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (recommend IN (0, 1))', '')
 WHERE name = 'addressee';"
refused otherwise.db \
    "the table addressee is defined otherwise than schema version"

mk noindex.db "DROP INDEX proposal_track"
refused noindex.db "the index proposal_track is missing"

# --- the file -----------------------------------------------------------------

mk appid.db "PRAGMA application_id = 1234"
refused appid.db "wrong application_id"

mk newer.db "PRAGMA user_version = 99"
refused newer.db \
    "the file has schema version 99; this agora knows versions up to"

pagesize=$(sqlite3 good.db "PRAGMA page_size")
pages=$(($(wc -c <good.db) / pagesize))
[ "$pages" -gt 8 ] || fail "good.db has only $pages pages"

head -c $((pages / 2 * pagesize)) good.db >truncated.db
refused truncated.db "the file is truncated ("
head -c $((pages / 2 * pagesize + 1000)) good.db >ragged.db
refused ragged.db "the file is truncated or damaged"

# Garbage over a whole page in the middle, and over the middle of another.
cp good.db corrupt.db
yes 'garbage, not a b-tree page' | head -c "$pagesize" |
	dd of=corrupt.db bs="$pagesize" seek=$((pages / 2)) conv=notrunc \
	    2>/dev/null
refused corrupt.db "the file is damaged"
root=$(sqlite3 good.db \
    "SELECT rootpage FROM sqlite_schema WHERE name = 'proposal'")
cp good.db corrupt2.db
head -c 64 /dev/zero | tr '\0' '\377' |
	dd of=corrupt2.db bs=1 seek=$(((root - 1) * pagesize + 2)) \
	    conv=notrunc 2>/dev/null
refused corrupt2.db "the file is damaged"

printf '%s %s\n' 'just some text, long enough for a header of a hundred' \
    'bytes or so, but not SQLite at all' >text.db
refused text.db "not an agora forum file (not an SQLite database)"
mkdir dir.db
refused dir.db "not a regular file"
# A FIFO would block whoever opens it: never opened.
if mkfifo fifo.db 2>/dev/null; then
	expect_status 1 timeout 10 "$AGORA" merge master.db fifo.db
	expect_err "fifo.db: refused: not a regular file"
fi

cp good.db unsaved.db
printf 'frames' >unsaved.db-wal
m=$(sum master.db)
expect_status 1 "$AGORA" merge master.db unsaved.db
expect_err "unsaved.db: refused: it has unsaved changes"
[ "$(sum master.db)" = "$m" ] || fail "unsaved.db: master.db was changed"
[ -e unsaved.db-shm ] && fail "unsaved.db-shm was created"

# --- the values ---------------------------------------------------------------

mk dangling.db "UPDATE proposal SET session_id = 9999 WHERE id = 1"
refused dangling.db "refers to session id 9999, which the copy does not have"

mk utf8.db "UPDATE proposal SET text = CAST(X'C328' AS TEXT) WHERE id = 2"
refused utf8.db "text is not valid UTF-8"

mk long.db \
    "UPDATE proposal SET text = printf('%.*c', 1100000, 'x') WHERE id = 3"
refused long.db "text is 1100000 bytes long; the limit is 1048576"

mk type.db "UPDATE proposal SET votes_for = 'много' WHERE id = 4"
refused type.db "votes_for is not a whole number"

mk uuid.db \
    "UPDATE track SET uuid = 'Robert''); DROP TABLE proposal;--' WHERE id = 1"
refused uuid.db "track id 1 has no valid UUID"

mk noforum.db "DELETE FROM forum"
refused noforum.db "the file has no forum record"

# --- and the real copy still merges -------------------------------------------

expect_status 0 "$AGORA" merge master.db good.db
expect_out "^Merged good.db"
expect_status 0 "$AGORA" export master.db
expect_out "конкурс региональных СМИ"

finish
