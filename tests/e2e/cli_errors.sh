#!/bin/sh
# cli_errors: every command-line mistake gets a clear message on standard
# error that names the file or the option, exit status 2 (usage) or 1
# (failure), nothing on standard output, and changes nothing: no file
# created, no file modified, no temporary file left.  Control characters in
# names (a file name or a track name carrying an escape sequence) reach the
# terminal neutralised.
. "$TOP/tests/e2e/lib.sh"

if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

ESC=$(printf '\033')
BEL=$(printf '\007')

# The md5 of a file, or "missing".
sum() {
	if [ -f "$1" ]; then md5sum <"$1" | cut -d' ' -f1; else echo missing; fi
}

# same FILE SUM: FILE still has the checksum SUM.
same() {
	[ "$(sum "$1")" = "$2" ] || fail "$1 was changed"
}

# absent PATH...: none of the paths exists (nor SQLite's side files).
absent() {
	for p in "$@"; do
		for q in "$p" "$p-wal" "$p-shm" "$p-journal"; do
			[ -e "$q" ] && fail "$q was created"
		done
	done
	return 0
}

# The last command printed nothing on standard output, and its message
# carries no raw escape or bell byte.
quiet() {
	[ -s "$T/stdout" ] && fail "stdout not empty: $(head -c 500 "$T/stdout")"
	clean "$T/stderr"
}

# clean FILE: FILE holds no ESC or BEL byte.
clean() {
	if LC_ALL=C grep -q "[$ESC$BEL]" "$1"; then
		fail "$1 holds raw control bytes: $(od -c "$1" | head -n 5)"
	fi
	return 0
}

# usage_err PATTERN CMD...: exit 2, a message matching PATTERN, the usage.
usage_err() {
	pat=$1
	shift
	expect_status 2 "$@"
	expect_err "$pat"
	expect_err "usage: agora"
	quiet
}

# fail_err PATTERN CMD...: exit 1 and a message matching PATTERN.
fail_err() {
	pat=$1
	shift
	expect_status 1 "$@"
	expect_err "^agora: "
	expect_err "$pat"
	quiet
}

# The forum the tests aim at: two tracks, three addressees, no proposals.
"$BUILD/mksample" "$FIX/cli_forum.txt" forum.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build the fixture"; finish; }
forum=$(sum forum.db)

# Things that are not forums.
echo "just some notes" >notes.txt
notes=$(sum notes.txt)
: >empty.db
mkdir dir
sqlite3 other.db "CREATE TABLE x (a); INSERT INTO x VALUES (1);" ||
	fail "sqlite3 cannot make a database"
other=$(sum other.db)
head -c 4096 forum.db >damaged.db
damaged=$(sum damaged.db)

# --- agora itself ----------------------------------------------------------

expect_status 2 "$AGORA"
expect_err "usage: agora"
quiet
usage_err 'unknown command "bogus"' "$AGORA" bogus forum.db
usage_err "unknown option --bogus" "$AGORA" --bogus
# One word that is no command is a file for the interface: it must exist.
fail_err "nosuch.db: No such file" "$AGORA" nosuch.db
absent nosuch.db

for h in --help -h; do
	expect_status 0 "$AGORA" $h
	expect_out "^usage: agora FILE"
	for c in new info add export undo redo; do
		expect_out "agora $c "
	done
	[ -s "$T/stderr" ] && fail "agora $h wrote to stderr"
done
for v in --version -V; do
	expect_status 0 "$AGORA" $v
	expect_out "^agora [0-9]"
	[ -s "$T/stderr" ] && fail "agora $v wrote to stderr"
done

# --- each command: --help, unknown options, missing FILE --------------------

for c in new info add export undo redo; do
	for h in --help -h; do
		expect_status 0 "$AGORA" $c $h
		expect_out "^usage: agora $c FILE"
		[ -s "$T/stderr" ] && fail "agora $c $h wrote to stderr"
	done
	usage_err "^agora $c: no FILE given" "$AGORA" $c
	usage_err "^agora $c: unknown option --bogus" "$AGORA" $c forum.db --bogus
	usage_err "^agora $c: unknown option --bogus" "$AGORA" $c --bogus forum.db
	usage_err "^agora $c: unknown option -Q" "$AGORA" $c forum.db -Q
	# A bundle names the unknown letter, not a neighbouring argument.
	usage_err "^agora $c: unknown option -Q$" "$AGORA" $c forum.db -Qz
done
usage_err "one FILE only" "$AGORA" info forum.db notes.txt
usage_err "one FILE only" "$AGORA" undo forum.db notes.txt
usage_err "no FILE given" "$AGORA" new --title T
usage_err "no FILE given" "$AGORA" add --track Здоровье --text X
usage_err "no FILE given" "$AGORA" export --width 40
usage_err "--title needs a value" "$AGORA" new n.db --title
usage_err "--track needs a value" "$AGORA" add forum.db --text X --track
usage_err "--width needs a value" "$AGORA" export forum.db --width

# --- new ---------------------------------------------------------------------

usage_err "--title is required" "$AGORA" new n.db
usage_err "--title is required" "$AGORA" new n.db --title ""
for d in 2018-13-01 2018-02-30 2017-02-29 18-01-30 2018-1-30 2018-01-30x \
    x; do
	usage_err "--date: \"$d\" is not a date" \
	    "$AGORA" new n.db --title T --date "$d"
done
usage_err '--start: "2018-00-10"' "$AGORA" new n.db --title T \
    --start 2018-00-10
usage_err '--end: "31.12.2017"' "$AGORA" new n.db --title T --end 31.12.2017
absent n.db
# An existing file is never overwritten, whatever it holds.
fail_err "forum.db: the file exists already" "$AGORA" new forum.db --title T
same forum.db "$forum"
fail_err "notes.txt: the file exists already" "$AGORA" new notes.txt --title T
same notes.txt "$notes"
fail_err "other.db: the file exists already" "$AGORA" new other.db --title T
same other.db "$other"
fail_err "dir: the file exists already" "$AGORA" new dir --title T
fail_err "nodir/n.db: No such file" "$AGORA" new nodir/n.db --title T
absent nodir

# --- FILE is missing or no forum -------------------------------------------

# open_fails FILE PATTERN: every command that opens FILE refuses it.
open_fails() {
	fail_err "$1: $2" "$AGORA" info "$1"
	fail_err "$1: $2" "$AGORA" export "$1"
	fail_err "$1: $2" "$AGORA" export "$1" -o out.txt
	absent out.txt
	fail_err "$1: $2" "$AGORA" add "$1" --track Здоровье --text X
	fail_err "$1: $2" "$AGORA" undo "$1"
	fail_err "$1: $2" "$AGORA" redo "$1"
}
open_fails missing.db "No such file or directory"
absent missing.db
open_fails notes.txt "not an agora forum file (not an SQLite database)"
same notes.txt "$notes"
open_fails empty.db "empty file, not an agora forum"
[ -s empty.db ] && fail "empty.db was written"
open_fails dir "is a directory"
[ -n "$(ls -A dir)" ] && fail "something was written into dir: $(ls -A dir)"
open_fails other.db "not an agora forum file (an SQLite database of another program)"
same other.db "$other"
absent other.db-wal
[ "$(sqlite3 other.db .tables)" = x ] ||
	fail "other.db has new tables: $(sqlite3 other.db .tables)"
open_fails damaged.db "cannot read the file"
same damaged.db "$damaged"

# --- add ---------------------------------------------------------------------

fail_err 'forum.db: --track: no track "Культура"' \
    "$AGORA" add forum.db --track Культура --text X
expect_err "Образование (Образование и наука)"
expect_err "Здоровье (Здравоохранение)"
fail_err 'forum.db: --addressee: addressee "Мин" is ambiguous' \
    "$AGORA" add forum.db --track Здоровье --text X --addressee Мин
expect_err "Минобразования (Министерству образования края)"
expect_err "Минздрав (Министерству здравоохранения края)"
fail_err 'no addressee "Спорт"' \
    "$AGORA" add forum.db --track Здоровье --text X --addressee ОМСУ \
    --addressee Спорт
expect_err "ОМСУ (Органам местного самоуправления)"
usage_err "--text: empty" "$AGORA" add forum.db --track Здоровье --text ""
usage_err "--text: empty" "$AGORA" add forum.db --track Здоровье \
    --text "$(printf ' \n\t\r ')"
usage_err "--text: not valid UTF-8" \
    "$AGORA" add forum.db --track Здоровье --text "$(printf 'Открыть\377')"
usage_err "--text: not valid UTF-8" \
    "$AGORA" add forum.db --track Здоровье --text "$(printf '\300\257')"
usage_err '--status: "merged" is not one of new, accepted, rejected' \
    "$AGORA" add forum.db --track Здоровье --text X --status merged
usage_err '--status: "done"' \
    "$AGORA" add forum.db --track Здоровье --text X --status done
usage_err "--track and --text are required" \
    "$AGORA" add forum.db --text X
usage_err "--track and --text are required" \
    "$AGORA" add forum.db --track Здоровье
same forum.db "$forum"
expect_status 0 "$AGORA" info forum.db
expect_out "^Proposals: 0$"

# --- export --------------------------------------------------------------------

usage_err 'unknown format "nosuchformat"; the formats are: .*txt' \
    "$AGORA" export forum.db --format nosuchformat
usage_err 'cannot tell the format from "out.xyz"' \
    "$AGORA" export forum.db -o out.xyz
absent out.xyz
for w in abc 12x "" -1 5 19 10001 99999999999999999999; do
	usage_err "--width: \"$w\" is not 0 (no wrapping) or a number" \
	    "$AGORA" export forum.db --width "$w"
done
# Targets that cannot be written: nothing appears under the target's name
# and no temporary file is left beside it.
fail_err "nodir/out.txt: cannot write" \
    "$AGORA" export forum.db -o nodir/out.txt
absent nodir
fail_err "/proc/version: cannot write" \
    "$AGORA" export forum.db --format txt -o /proc/version
fail_err "/proc/nosuch/out.txt: cannot write" \
    "$AGORA" export forum.db -o /proc/nosuch/out.txt
fail_err "dir: cannot write: Is a directory" \
    "$AGORA" export forum.db --format txt -o dir
[ -n "$(ls -A dir)" ] && fail "something was written into dir: $(ls -A dir)"
# The export never replaces the forum it reads, by any name.
mkdir links
ln forum.db links/hard.db
for o in forum.db ./dir/../forum.db "$T/forum.db" links/hard.db; do
	usage_err "-o $o is the forum file itself; nothing was written" \
	    "$AGORA" export forum.db --format txt -o "$o"
done
same forum.db "$forum"
rm -r links

# --- undo and redo --------------------------------------------------------------

fail_err "forum.db: nothing to undo" "$AGORA" undo forum.db
fail_err "forum.db: nothing to redo" "$AGORA" redo forum.db
expect_status 0 "$AGORA" new fresh.db --title "Новый форум"
fresh=$(sum fresh.db)
fail_err "fresh.db: nothing to undo" "$AGORA" undo fresh.db
fail_err "fresh.db: nothing to redo" "$AGORA" redo fresh.db
# A new forum has no track yet: adding says so.
fail_err 'fresh.db: --track: no track "Здоровье"; the tracks are:' \
    "$AGORA" add fresh.db --track Здоровье --text X
expect_err "(none)"
same fresh.db "$fresh"
same forum.db "$forum"

# --- a read-only forum --------------------------------------------------------

cp forum.db ro.db
chmod 444 ro.db
expect_status 0 "$AGORA" info ro.db
expect_out "^Тестовый форум$"
expect_status 0 "$AGORA" export ro.db
expect_out "Резолюция Тестового форума."
if [ "$(id -u)" != 0 ]; then
	fail_err "ro.db: the file is read-only; nothing was changed" \
	    "$AGORA" add ro.db --track Здоровье --text X
	fail_err "ro.db: the file is read-only" "$AGORA" undo ro.db
	same ro.db "$forum"
elif setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	# As root every file is writable: the read-only cases run as nobody.
	nobody() {
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	}
	mkdir rw ro
	cp forum.db rw/ro.db
	cp forum.db ro/ro.db
	chmod 444 rw/ro.db ro/ro.db
	chown 65534 rw
	echo "old text" >ro/keep.txt
	chown 65534 ro/keep.txt
	# A read-only file in a directory nobody may write in.
	expect_status 0 nobody "$AGORA" info rw/ro.db
	expect_out "^draft (read-only)$"
	fail_err "rw/ro.db: the file is read-only; nothing was changed" \
	    nobody "$AGORA" add rw/ro.db --track Здоровье --text X
	fail_err "rw/ro.db: the file is read-only" nobody "$AGORA" undo rw/ro.db
	same rw/ro.db "$forum"
	# A read-only file on a read-only medium (a locked USB stick): the
	# directory cannot be written either.
	expect_status 0 nobody "$AGORA" info ro/ro.db
	expect_out "^draft (read-only)$"
	expect_status 0 nobody "$AGORA" export ro/ro.db
	expect_out "Резолюция Тестового форума."
	same ro/ro.db "$forum"
	# An export into a directory that cannot be written keeps the old file.
	fail_err "ro/keep.txt: cannot write: Permission denied" \
	    nobody "$AGORA" export rw/ro.db -o ro/keep.txt
	[ "$(cat ro/keep.txt)" = "old text" ] || fail "ro/keep.txt was changed"
	fail_err "ro/new.txt: cannot write: Permission denied" \
	    nobody "$AGORA" export rw/ro.db -o ro/new.txt
	absent ro/new.txt
	rm -rf rw ro
else
	echo "note: running as root without setpriv; the read-only writes are not tested"
fi
rm -f ro.db

# --- control characters in names ---------------------------------------------

bad=$(printf 'bad\033]0;pwned\007.db')
fail_err "bad.*\.db: No such file" "$AGORA" info "$bad"
absent "$bad"
expect_status 0 "$AGORA" new "$bad" --title T
fail_err "bad.*\.db: the file exists already" "$AGORA" new "$bad" --title T
fail_err "cannot write" "$AGORA" export "$bad" \
    -o "$(printf 'nodir/\033[2J\233.txt')"
rm -f "$bad"
usage_err "unknown command" "$AGORA" "$(printf 'x\033[31m\007')" forum.db
usage_err "unknown option" "$AGORA" export forum.db "--$(printf '\033[31m')"
usage_err "unknown option" "$AGORA" export forum.db "-$(printf '\033')"
usage_err "unknown format" "$AGORA" export forum.db \
    --format "$(printf 'x\033[2J')"
usage_err "--width" "$AGORA" export forum.db --width "$(printf '\033[2J')"
usage_err "--status" "$AGORA" add forum.db --track Здоровье --text X \
    --status "$(printf '\033]0;x\007')"
fail_err 'no track' "$AGORA" add forum.db --track "$(printf 'x\033[31m\007')" \
    --text X

# A track and an addressee whose names carry escape sequences.
{
	cat "$FIX/cli_forum.txt"
	printf 'track evil: \033]0;pwned\007Зло | - | \033[31mКрасный трек\n'
	printf 'addressee evil: \033[2JЗлой | no | \033[5mМигающему\n'
} >evil.txt
"$BUILD/mksample" evil.txt evil.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build evil.db"; }
fail_err 'no track "Культура"' \
    "$AGORA" add evil.db --track Культура --text X
expect_err "Зло"
expect_err "Красный трек"
fail_err 'no addressee "Спорт"' \
    "$AGORA" add evil.db --track Здоровье --text X --addressee Спорт
expect_err "Злой"
expect_err "Мигающему"
expect_status 0 "$AGORA" info evil.db
expect_out "Зло"
clean "$T/stdout"
expect_status 0 "$AGORA" export evil.db
expect_out "Красный трек"
clean "$T/stdout"

# --- nothing left behind --------------------------------------------------------

same forum.db "$forum"
same notes.txt "$notes"
same other.db "$other"
left=$(find "$T" -name '*.tmp-*' -o -name '*-journal' -o -name '*-wal' \
    -o -name '*-shm')
[ -n "$left" ] && fail "files left behind: $left"

finish
