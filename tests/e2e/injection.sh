#!/bin/sh
# injection: hostile text through every door of the command line.
#
# 1. SQL: metacharacters ('); DROP TABLE proposal; --, quotes, comments,
#    printf conversions, backslashes) and every control and odd character
#    that is valid UTF-8, in every field `agora add` and `agora new` take,
#    are stored byte for byte, and come back byte for byte through an
#    export and an import (JSON, the whole forum; CSV, the proposals); the
#    tables are all there afterwards.  Invalid UTF-8 is refused, naming
#    the option, and writes nothing.
# 2. Terminal escapes: names of files, tracks, addressees and sessions,
#    and proposal texts, hold ESC sequences (a title change, a clear
#    screen, colours), BEL, C1 controls (U+009B, a raw 0x9B byte in a file
#    name) and a bidi override.  Every command, succeeding or failing,
#    prints none of them raw on standard output or standard error.
# 3. Markup: the fields the export tests do not cover (track labels,
#    addressee labels, session titles and rooms, author, organisation,
#    note) hold <b>&</b>, quotes and ]]>: every XML part of DOCX, ODT and
#    XLSX parses, the HTML has no markup of the user's, and the table
#    formats (CSV, JSON, XLSX) give the values back as they were.
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed"; exit 77; }
[ -x "$BUILD/mksample" ] || { echo "skip: $BUILD/mksample is not built"; exit 77; }

mk() {
	"$BUILD/mksample" "$FIX/cli_forum.txt" "$1" >mksample.log 2>&1 ||
		{ cat mksample.log; fail "cannot build $1"; finish; }
}

# hex FILE|-: the bytes as lower-case hex, one line.
hexof() {
	printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'
}

# --- 1. SQL metacharacters --------------------------------------------------------

mk sql.db
S1="Robert'); DROP TABLE proposal; --"
S2="\"quoted\" 'single' \`back\` ; -- /* comment */ %s %d %n %x %% \\ \\0 \\x00 ?1 :a @b \$c"
S3=$(printf "ctl \001\002\003\010\013\014\016\037 del \177 c1 \302\200\302\233\302\237 bom \357\273\277 nonchar \357\277\276 bidi \342\200\256 nl\nend")
# Every byte 1..127 and a sample of multi-byte characters, NUL-free.
S4=$(python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(1, 128)) + "ё́𝄞中\u2028\u2066".encode())' | tr -d '\n')
i=0
for v in "$S1" "$S2" "$S3" "$S4"; do
	i=$((i + 1))
	expect_status 0 "$AGORA" add sql.db --track Образование --text "$v" \
	    --author "$v" --organisation "$v" --addressee Минздрав
	u=$(cat stdout)
	for col in text author organisation; do
		got=$(sqlite3 sql.db "SELECT lower(hex(CAST($col AS BLOB))) FROM proposal WHERE uuid = '$u'")
		[ "$got" = "$(hexof "$v")" ] || fail "value $i, $col: stored otherwise: $got"
	done
done
expect_status 0 "$AGORA" new sqlnew.db --title "$S1" --resolution-title "$S2" --city "$S3"
for pair in "title:$S1" "resolution_title:$S2" "city:$S3"; do
	col=${pair%%:*}
	v=${pair#*:}
	got=$(sqlite3 sqlnew.db "SELECT lower(hex(CAST($col AS BLOB))) FROM forum")
	[ "$got" = "$(hexof "$v")" ] || fail "new --$col: stored otherwise: $got"
done

# Invalid UTF-8 is refused, naming the option, and nothing is written.
n=$(sqlite3 sql.db "SELECT count(*) FROM proposal")
for opt in --text --author --organisation; do
	if [ $opt = --text ]; then
		expect_status 2 "$AGORA" add sql.db --track Образование --text "$(printf 'a\377\376b')"
	else
		expect_status 2 "$AGORA" add sql.db --track Образование --text ok $opt "$(printf 'a\377\376b')"
	fi
	expect_err "$opt: not valid UTF-8 text"
done
[ "$(sqlite3 sql.db "SELECT count(*) FROM proposal")" = "$n" ] ||
	fail "invalid UTF-8 was written"

# Out through an export, in through an import: byte for byte.
expect_status 0 "$AGORA" export sql.db --format json -o sql.json
expect_status 0 "$AGORA" import sqlj.db sql.json
expect_status 0 "$AGORA" export sql.db --format csv -o sql.csv
mk sqlc.db
expect_status 0 "$AGORA" import sqlc.db sql.csv
q3="SELECT lower(hex(CAST(text AS BLOB))) || ' ' || lower(hex(CAST(author AS BLOB))) || ' ' || lower(hex(CAST(organisation AS BLOB))) FROM proposal WHERE deleted = 0 ORDER BY 1"
sqlite3 sql.db "$q3" >rows.orig
sqlite3 sqlj.db "$q3" >rows.json
sqlite3 sqlc.db "$q3" >rows.csv
cmp -s rows.orig rows.json || fail "the JSON round trip changed: $(diff rows.orig rows.json | head -c 600)"
# CSV cleans control characters out of its cells (exports/csv.c, for the
# spreadsheets): the values without them come back whole.
for v in "$S1" "$S2"; do
	h=$(hexof "$v")
	grep -qx "$h $h $h" rows.csv || fail "the CSV round trip changed $v"
done
[ "$(wc -l <rows.csv)" = "$(wc -l <rows.orig)" ] || fail "the CSV round trip lost rows"
for db in sql.db sqlj.db sqlc.db sqlnew.db; do
	[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] || fail "$db: integrity_check"
	tables=$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN
	    ('proposal', 'track', 'addressee', 'forum', 'revision', 'undo_action')")
	[ "$tables" = 6 ] || fail "$db: tables missing ($tables of 6)"
done

# --- 2. terminal escapes in every message -------------------------------------------

# E: an OSC title change ended by BEL, a colour, a C1 CSI, a bidi override.
E=$(printf '\033]0;pwned\007\033[31m\302\233[2J\342\200\256')
# A file name may also hold bytes that are not UTF-8 at all.
F="f$(printf '\033[2J\007\233')$E.db"
mk "$F"
TL="Об$E"
AL="Мин$E"
sqlite3 "$F" "UPDATE track SET label = 'Об' || char(27) || ']0;pwned' || char(7) ||
 char(27) || '[31m' || char(155) || '[2J' || char(8238), title = 'Тема' || char(27) || '[2J' WHERE id = 1;
UPDATE addressee SET label = 'Мин' || char(27) || ']0;pwned' || char(7) ||
 char(27) || '[31m' || char(155) || '[2J' || char(8238), heading = 'Кому' || char(7) || char(27) || '[1m' WHERE id = 1;
UPDATE forum SET title = 'Форум' || char(27) || ']0;pwned' || char(7), city = 'Г.' || char(155) || '1m';
INSERT INTO session (uuid, created, updated, copy, track_id, pos, title, room) VALUES
 ('00000000-0000-4000-8000-00000000e5c0', 1517270400000, 1517270400000,
 (SELECT value FROM meta WHERE key = 'copy_id'), 1, 1, 'Сессия' || char(27) || '[5m', 'Зал' || char(7));" ||
	fail "sqlite3 could not write the hostile names"
[ "$(sqlite3 "$F" "SELECT label FROM track WHERE id = 1")" = "$TL" ] || fail "the track label is not \$TL"

mkdir -p msgs
k=0
# run STATUS... -- CMD...: runs CMD, keeps its output for the check below;
# its exit status must be one of the STATUSes (no crash).
run() {
	want=
	while [ "$1" != -- ]; do
		want="$want $1"
		shift
	done
	shift
	k=$((k + 1))
	printf '%s\n' "$*" >"msgs/$k.cmd"
	"$@" >"msgs/$k.out" 2>"msgs/$k.err"
	rc=$?
	case " $want " in
	*" $rc "*) ;;
	*) fail "command $k exited $rc, want$want: $(cat "msgs/$k.cmd" | od -c | head -n 3); $(head -c 300 "msgs/$k.err")" ;;
	esac
}

printf 'not sqlite, just text%s\n' "$E" >"text$E.db"
mkdir -p "dir$E"
{
	echo "text,addressee,track,status,author"
	echo "Предложение$E из таблицы,Новый адресат$E,$TL,new,Автор$E"
	echo "Плохой статус,$AL,$TL,maybe$E,Автор"
} >"src$E.csv"
mkdir -p nolp

run 0 -- "$AGORA" info "$F"
run 0 -- "$AGORA" add "$F" --track "$TL" --addressee "$AL" --text "Текст$E" --author "$E" \
    --status accepted
run 0 -- "$AGORA" add "$F" --track "$TL" --text "Текст$E почти такой же" --status accepted
run 1 -- "$AGORA" add "$F" --track "нет$E" --text x
run 1 -- "$AGORA" add "$F" --track "$TL" --addressee "нет$E" --text x
run 1 -- "$AGORA" add "$F" --track "$TL" --addressee "Ми" --text x
run 2 -- "$AGORA" add "$F" --track "$TL" --status "bad$E" --text x
run 2 -- "$AGORA" add "$F" --track "$TL" "--bad$E" --text x
run 1 -- "$AGORA" add "missing$E.db" --track x --text x
run 0 -- "$AGORA" info "$F"
run 0 -- "$AGORA" export "$F"
run 0 -- "$AGORA" export "$F" -o "out$E.html"
run 1 -- "$AGORA" export "$F" -o "nodir$E/out.html"
run 2 -- "$AGORA" export "$F" --format "x$E"
run 0 -- "$AGORA" undo "$F"
run 0 -- "$AGORA" redo "$F"
run 1 -- "$AGORA" undo "missing$E.db"
run 0 -- "$AGORA" backup "$F"
run 0 -- "$AGORA" restore "$F"
run 0 -- "$AGORA" restore "$F" 1
run 1 2 -- "$AGORA" restore "$F" "99$E"
run 0 -- "$AGORA" copy "$F" "copy$E.db" --track "$TL"
run 1 -- "$AGORA" copy "$F" "copy$E.db"
run 0 -- "$AGORA" add "copy$E.db" --track "$TL" --addressee "$AL" --text "Из копии$E"
run 0 -- "$AGORA" merge "$F" "copy$E.db" --dry-run
run 0 -- "$AGORA" merge "$F" "copy$E.db"
run 1 -- "$AGORA" merge "$F" "text$E.db"
run 1 -- "$AGORA" merge "$F" "dir$E"
run 1 -- "$AGORA" merge "$F" "missing$E.db"
run 0 -- "$AGORA" duplicates "$F" --threshold 30
run 0 -- "$AGORA" duplicates "$F" --threshold 30 --json
run 0 1 -- "$AGORA" import "$F" "src$E.csv" --skip-bad
run 1 -- "$AGORA" import "$F" "src$E.csv" --strict
run 1 -- "$AGORA" import "$F" "missing$E.csv"
run 0 -- env PATH="$T/nolp" XDG_RUNTIME_DIR="$T/run$E" "$AGORA" print "$F"
run 0 -- "$AGORA" new "new$E.db" --title "Форум$E" --city "$E"
run 1 -- "$AGORA" new "new$E.db" --title x
run 0 -- "$AGORA" info "new$E.db"
run 1 -- "$AGORA" info "dir$E"
run 1 -- "$AGORA" info "text$E.db"
run 1 -- "$AGORA" info "missing$E.db"
run 2 -- "$AGORA" "bogus$E" extra
run 2 -- "$AGORA" "--bogus$E"
run 1 -- "$AGORA" "missing$E.db"
run 1 -- "$AGORA" "text$E.db"

# Nothing raw: every byte sequence is valid UTF-8 and no character is a
# C0 control but newline and tab, DEL, a C1 control or a bidi override.
python3 - msgs "$k" <<'EOF' || fail "raw controls in command-line messages (above)"
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
bad = 0
for i in range(1, n + 1):
    cmd = open(os.path.join(d, "%d.cmd" % i), "rb").read().decode("utf-8", "replace").strip()
    for ext in ("out", "err"):
        b = open(os.path.join(d, "%d.%s" % (i, ext)), "rb").read()
        try:
            s = b.decode("utf-8")
        except UnicodeDecodeError as e:
            print("%d.%s: invalid UTF-8 at %d: %r (%s)" % (i, ext, e.start, b[max(0, e.start - 20):e.start + 5], ascii(cmd)[:120]))
            bad += 1
            continue
        for j, c in enumerate(s):
            o = ord(c)
            if (o < 32 and c not in "\n\t") or 0x7f <= o <= 0x9f or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
                print("%d.%s: raw U+%04X at %d: %r (%s)" % (i, ext, o, j, s[max(0, j - 20):j + 5], ascii(cmd)[:120]))
                bad += 1
                break
print("%d commands, %d outputs with raw controls" % (n, bad))
sys.exit(1 if bad else 0)
EOF
# The messages did name what they were about (the escapes made visible).
grep -q "␛]0;pwned" msgs/*.err || fail "no message shows the name with ␛"
echo "escapes: $k commands checked"

# --- 3. markup in the fields the export tests leave out ----------------------------------

mk x.db
M='<b>&amp;</b> "q" '"'"'a'"'"' ]]> <![CDATA[ <script>alert(1)</script>'
expect_status 0 "$AGORA" add x.db --track Образование --addressee Минобразования \
    --status accepted --text "Предложение $M" --author "Автор $M" --organisation "Орг $M"
u=$(cat stdout)
sqlite3 x.db "UPDATE track SET label = 'Метка $(echo "$M" | sed "s/'/''/g")', moderator = 'Мод $(echo "$M" | sed "s/'/''/g")' WHERE id = 1;
UPDATE addressee SET label = 'Адр $(echo "$M" | sed "s/'/''/g")' WHERE id = 1;
UPDATE proposal SET note = 'Заметка $(echo "$M" | sed "s/'/''/g")' WHERE uuid = '$u';
INSERT INTO session (uuid, created, updated, copy, track_id, pos, title, room) VALUES
 ('00000000-0000-4000-8000-0000000005e5', 1517270400000, 1517270400000,
 (SELECT value FROM meta WHERE key = 'copy_id'), 1, 1, 'Сессия $(echo "$M" | sed "s/'/''/g")', 'Зал $(echo "$M" | sed "s/'/''/g")');
UPDATE proposal SET session_id = (SELECT id FROM session WHERE uuid = '00000000-0000-4000-8000-0000000005e5') WHERE uuid = '$u';" ||
	fail "sqlite3 could not write the markup"
for fmt in html docx odt xlsx csv json md txt; do
	expect_status 0 "$AGORA" export x.db -o "x.$fmt"
done
python3 - "$T" "$M" "$u" <<'EOF' || fail "markup in exports (above)"
import csv, io, json, sys, zipfile
import xml.dom.minidom as minidom
t, m, u = sys.argv[1:]
bad = 0
def err(*a):
    global bad
    bad += 1
    print(*a)
want = ["Предложение " + m, "Автор " + m, "Орг " + m, "Метка " + m,
        "Адр " + m, "Заметка " + m, "Сессия " + m]
# Every XML part parses, and the values read back whole as text.
for fmt in ("docx", "odt", "xlsx"):
    z = zipfile.ZipFile("%s/x.%s" % (t, fmt))
    texts = []
    for name in z.namelist():
        if not (name.endswith(".xml") or name.endswith(".rels")):
            continue
        try:
            dom = minidom.parseString(z.read(name))
        except Exception as e:
            err("x.%s: %s does not parse: %s" % (fmt, name, e))
            continue
        def walk(n):
            if n.nodeType == n.TEXT_NODE:
                texts.append(n.data)
            for c in n.childNodes:
                walk(c)
        walk(dom)
    alltext = "".join(texts)
    for s in (want[0],) if fmt != "xlsx" else want[:5] + want[6:7]:
        if s not in alltext:
            err("x.%s lacks %r" % (fmt, s[:40]))
h = open(t + "/x.html", encoding="utf-8").read()
for tag in ("<b>", "<script", "<![CDATA["):
    if tag in h:
        err("x.html holds %r raw" % tag)
rows = list(csv.reader(open(t + "/x.csv", encoding="utf-8", newline="")))
cells = [c for r in rows for c in r]
for s in want[:5] + want[6:7]:
    if s not in cells:
        err("x.csv lacks the cell %r" % s[:40])
d = json.load(open(t + "/x.json", encoding="utf-8"))
flat = json.dumps(d, ensure_ascii=False)
for s in want:
    if json.dumps(s, ensure_ascii=False) not in flat:
        err("x.json lacks %r" % s[:40])
print("markup:", bad, "problems")
sys.exit(1 if bad else 0)
EOF

finish
