#!/bin/sh
# import: `agora import` end to end, on the real binary.
#   - CSV from an online form (BOM, ';', CRLF, Russian headings, a quoted
#     text over two lines, unknown columns, an unknown addressee made or,
#     with --strict, refused); a second import adds nothing; one undo
#     takes an import back;
#   - bad rows stop an import with SOURCE:LINE:COLUMN and nothing
#     imported; --skip-bad takes the good ones and lists the bad;
#   - bad input of every kind is refused with a message (exit 1, never a
#     crash) and leaves the forum as it was, and a file the import was
#     to make is not left behind;
#   - round trips: JSON (export, import into a new file, export again:
#     the same document but its copy id), CSV (the sample's table into a
#     forum with its tracks and addressees: the same resolution), the
#     published resolution as text (the same text, whitespace aside),
#     wrapped text, the sample's DOCX export, a Word document numbered by
#     Word itself (tests/fixtures/import/autonum, zipped here).
. "$TOP/tests/e2e/lib.sh"

if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi
command -v python3 >/dev/null || { echo "skip: python3 is missing"; exit 77; }
IMP=$FIX/import

# mkforum FILE [SOURCE]: a forum from a mksample source (default: the small
# forum of the command-line tests: two tracks, three addressees).
mkforum() {
	rm -f "$1" "$1-wal" "$1-shm"
	AGORA_NOW=2018-01-30T12:00:00 "$BUILD/mksample" "${2:-$FIX/cli_forum.txt}" \
	    "$1" >/dev/null 2>&1 || fail "mksample $1 failed"
}

# has FILE LINE: FILE holds LINE as a whole line.
has() {
	grep -Fxq -- "$2" "$1" || fail "$1 lacks the line '$2'"
}

# proposals FILE: the number `agora info` counts.
proposals() {
	"$AGORA" info "$1" | sed -n 's/^Proposals: //p'
}

# same_words A B WHAT: A and B hold the same text, whitespace aside.
same_words() {
	tr -d '[:space:]' <"$1" >a.nows
	tr -d '[:space:]' <"$2" >b.nows
	cmp -s a.nows b.nows && return 0
	fail "$3: the texts differ (whitespace aside):"
	sed 's/.\{80\}/&\n/g' a.nows >a.fold
	sed 's/.\{80\}/&\n/g' b.nows >b.fold
	diff a.fold b.fold | head -n 20
}

# zipdir DIR OUT: the files under DIR as a ZIP archive OUT.
zipdir() {
	(cd "$1" && python3 -c '
import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
for root, dirs, files in sorted(os.walk(".")):
    for f in sorted(files):
        p = os.path.join(root, f)[2:]
        z.write(p, p)
z.close()' "$2") || fail "cannot zip $1"
}

# ---- CSV from a form ----

mkforum f.db
expect_status 1 "$AGORA" import f.db "$IMP/forms.csv" --strict
expect_err "forms.csv:5:95: unknown addressee \"Краевой фонд ОМС\" (--strict"
expect_err "forms.csv: 1 bad row: nothing was imported"
[ "$(proposals f.db)" = 0 ] || fail "--strict imported something"

expect_status 0 "$AGORA" import f.db "$IMP/forms.csv"
expect_out "imported from $IMP/forms.csv (csv, separated by ';'): 4 proposals, 1 addressee, 5 addressee links."
expect_out 'columns not imported: "Отметка времени", "Email"'
expect_status 0 "$AGORA" export f.db --width 0
cp "$T/stdout" forms.txt
has forms.txt "1.1. Открыть в каждом районе ресурсный центр для СО НКО."
has forms.txt "3.1. Рекомендовать открыть в каждом районе ресурсный центр для СО НКО."
has forms.txt "4. Краевой фонд ОМС:"
has forms.txt "4.1. Создать выездные бригады ранней помощи детям."
expect_status 0 "$AGORA" info f.db
expect_out "^  *new  *1$"
expect_out "^  *rejected  *1$"

# Twice: nothing new, and the report says what was there.
expect_status 0 "$AGORA" import f.db "$IMP/forms.csv"
expect_out "nothing new"
expect_out "skipped, already there: 4"
expect_out "forms.csv:3:1: already in the forum: \"Провести конкурс"
[ "$(proposals f.db)" = 4 ] || fail "the second import added proposals"

# One undo takes the import back whole.
expect_status 0 "$AGORA" undo f.db
expect_out "undone: import $IMP/forms.csv"
[ "$(proposals f.db)" = 0 ] || fail "undo left proposals: $(proposals f.db)"
expect_status 0 "$AGORA" redo f.db
[ "$(proposals f.db)" = 4 ] || fail "redo: $(proposals f.db) proposals"

# ---- bad rows ----

mkforum b.db
expect_status 1 "$AGORA" import b.db "$IMP/forms-bad.csv"
expect_err "forms-bad.csv:3:44: status \"maybe\" is not one of"
expect_err "forms-bad.csv:5:38: «for»: \"many\" is not a count"
expect_err "forms-bad.csv:6:1: the text is empty"
expect_err "forms-bad.csv: 3 bad rows: nothing was imported (--skip-bad"
[ "$(proposals b.db)" = 0 ] || fail "a bad row let rows in"
expect_status 0 "$AGORA" import b.db "$IMP/forms-bad.csv" --skip-bad
expect_out "3 proposals"
expect_out "bad, left out (--skip-bad): 3"
expect_err "forms-bad.csv:5:38:"
[ "$(proposals b.db)" = 3 ] || fail "--skip-bad: $(proposals b.db) proposals"

# ---- bad input ----

mkforum x.db
"$AGORA" export x.db --format json --date 2018-01-30 >before.json
printf 'text,track\n\377abc,Образование\n' >utf8.csv
printf 'text,track\nab\000c,Образование\n' >nul.csv
printf 'text,track\n"abc,Образование\nmore\n' >quote.csv
: >empty.csv
{ printf 'text,track\n'; head -c 10485760 /dev/zero | tr '\0' a;
  printf ',Образование\n'; } >long.csv
printf '\377\376t\000e\000' >utf16.csv
printf 'not a zip\n' >notzip.docx
python3 -c 'import zipfile; zipfile.ZipFile("nodoc.docx", "w").writestr("x.txt", "x")'
"$AGORA" export "$TOP/sample_forum.db" -o sample.json --date 2018-01-30
sed 's/"version": 1,/"version": 2,/' sample.json >v2.json
sed 's/"agora-forum"/"some-other-format"/' sample.json >other.json
head -c 5000 sample.json >cut.json
for case in "utf8.csv:2:1: invalid UTF-8" "nul.csv:2:3: a NUL byte" \
    "quote.csv:2:1: the quoted field that starts here never ends" \
    "empty.csv: empty file" "long.csv:2:1: the field is longer than 1 MiB" \
    "utf16.csv:1:1: the file is UTF-16" \
    "notzip.docx: not a Word document (DOCX): not a ZIP archive" \
    "nodoc.docx: not a Word document: the package has no word/document.xml" \
    "v2.json:3:14: the file is agora-forum version 2; this agora reads up to 1" \
    "other.json:2:13: not an agora forum export" \
    "cut.json:" "sample.json: " ; do
	src=${case%%:*}
	expect_status 1 "$AGORA" import x.db "$src"
	expect_err "$case"
done
expect_status 1 "$AGORA" import x.db long.csv --format txt
expect_err "long.csv:2:1: the line is longer than 1024 KiB"
expect_status 1 "$AGORA" import x.db empty.csv --format txt
expect_err "empty.csv: empty file"
"$AGORA" export x.db --format json --date 2018-01-30 >after.json
cmp -s before.json after.json || fail "a refused import changed the forum"
# A file the import would have made is not left behind.
expect_status 1 "$AGORA" import new.db v2.json
[ -e new.db ] && fail "a failed import left new.db behind"
printf 'Просто текст.\n\nБез номеров.\n' >plain.txt
expect_status 1 "$AGORA" import new.db plain.txt
expect_err "plain.txt: no numbered proposals"
[ -e new.db ] && fail "a failed import left new.db behind"
expect_status 1 "$AGORA" import new.db "$IMP/forms.csv"
expect_err "new.db: no such file: make the forum with agora new first"
printf 'what is this\n' >mystery.bin
expect_status 2 "$AGORA" import x.db mystery.bin
expect_err "mystery.bin: cannot tell its format: give --format"
expect_status 2 "$AGORA" import x.db "$IMP/forms.csv" --format xls
expect_err "is not one of csv, json, txt, docx"

# ---- JSON round trip ----

expect_status 0 "$AGORA" import j.db sample.json
expect_out "60 proposals"
"$AGORA" export j.db -o j.json --date 2018-01-30
grep -v '^  "copy": ' sample.json >a.json
grep -v '^  "copy": ' j.json >b.json
cmp -s a.json b.json || { fail "JSON round trip differs:"; diff a.json b.json | head -n 10; }
grep -q '^  "copy": ' j.json || fail "j.json has no copy line"
"$AGORA" new k.db --title "Другое название"
expect_status 0 "$AGORA" import k.db sample.json
"$AGORA" export k.db -o k.json --date 2018-01-30
grep -v '^  "copy": ' k.json >c.json
cmp -s a.json c.json || fail "JSON into agora new's file differs"
expect_status 0 "$AGORA" import k.db sample.json
expect_out "nothing new"
expect_status 1 "$AGORA" import f.db sample.json
expect_err "holds another forum"

# ---- CSV round trip: the sample's table into its tracks and addressees ----

grep -v '^proposal \|^text:\|^order ' "$TOP/sample/forum.txt" >empty-sample.txt
mkforum c.db empty-sample.txt
"$AGORA" export "$TOP/sample_forum.db" --format csv >sample.csv
expect_status 0 "$AGORA" import c.db sample.csv
expect_out "60 proposals"
"$AGORA" export "$TOP/sample_forum.db" --width 0 >want.txt
"$AGORA" export c.db --width 0 >got.txt
cmp -s want.txt got.txt || { fail "CSV round trip: another resolution"; diff want.txt got.txt | head; }
"$AGORA" info "$TOP/sample_forum.db" >want.info
"$AGORA" info c.db >got.info
cmp -s want.info got.info || { fail "CSV round trip: other counts"; diff want.info got.info; }

# ---- the published resolution, as text ----

expect_status 0 "$AGORA" import r.db "$FIX/reference.txt"
expect_out "37 proposals, 10 addressees, 4 tracks, 38 addressee links"
"$AGORA" export r.db --width 0 >r.txt
same_words r.txt "$FIX/reference.txt" "the reference imported and exported"
grep -c '^[0-9]*\.[0-9]*\. ' r.txt >n.got
grep -c '^[0-9]*\.[0-9]*\.' "$FIX/reference.txt" >n.want
cmp -s n.got n.want || fail "$(cat n.got) items, the reference has $(cat n.want)"
expect_status 0 "$AGORA" import r.db "$FIX/reference.txt"
expect_out "nothing new"
expect_out "skipped, already there: 38"
# Wrapped at 60 columns, it reads as the same resolution.
"$AGORA" export r.db --width 60 >r60.txt
expect_status 0 "$AGORA" import r60.db r60.txt
"$AGORA" export r60.db --width 0 >r60back.txt
same_words r60back.txt r.txt "wrapped text imported and exported"
[ "$(grep -c '^[0-9]*\.[0-9]*\. ' r60back.txt)" = "$(cat n.want)" ] ||
	fail "wrapped text: another number of items"
# Typed by hand: irregular spacing, CRLF, "2018г.".
expect_status 0 "$AGORA" import i.db "$IMP/irregular.txt"
"$AGORA" export i.db --width 0 >i.txt
has i.txt "г. Тест                                                        30 января 2018 г."
has i.txt "2.1. Рекомендовать открыть в каждом районе ресурсный центр."
has i.txt "1. Образование и наука"

# ---- Word ----

"$AGORA" export "$TOP/sample_forum.db" -o sample.docx
expect_status 0 "$AGORA" import d.db sample.docx
expect_out "37 proposals"
"$AGORA" export d.db --width 0 >d.txt
same_words d.txt want.txt "the sample's DOCX imported and exported"
zipdir "$IMP/autonum" "$T/autonum.docx"
expect_status 0 "$AGORA" import a.db autonum.docx
"$AGORA" export a.db --width 0 >a.txt
cmp -s a.txt "$IMP/autonum.txt" || { fail "Word's numbering: another resolution"; diff "$IMP/autonum.txt" a.txt; }

# ---- standard input ----

mkforum s.db
expect_status 0 sh -c "\"$AGORA\" import s.db - --format csv <\"$IMP/forms.csv\""
expect_out "imported from (standard input) (csv"

finish
