#!/bin/sh
# export_table: the proposals table (CSV, XLSX) and the whole forum (JSON),
# each read back by a real reader.
#   - CSV: Python's csv module reads every row back with every field equal
#     to the file's (Cyrillic, embedded newlines, quotes, semicolons); the
#     row count is the live links plus the untagged proposals; CRLF ends;
#   - --excel: a byte order mark, ';', and "'" before formula-like text;
#   - XLSX: LibreOffice (headless) converts it to CSV and every cell equals
#     the CSV export's; the header is bold and frozen, with an autofilter;
#     the title is the forum's;
#   - JSON: Python and jq parse it; the records of each kind, tombstones
#     included, are as many as sqlite3 counts; every reference resolves;
#   - hostile text (quotes, commas, newlines, =cmd(), control characters,
#     invalid UTF-8 written with sqlite3, 100 KB) gives valid files;
#   - --date gives the same bytes twice whatever the clock says, for these
#     formats and the documents (DOCX, ODT, PDF, HTML, Markdown), and
#     agrees with SOURCE_DATE_EPOCH;
#   - a failed export leaves nothing behind.
. "$TOP/tests/e2e/lib.sh"

for tool in python3 sqlite3 soffice jq; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skip: $tool is not installed (make deps)"
		exit 77
	fi
done
if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

# The XLSX export's temporary workbooks go here, to be looked for.
TMPDIR=$T/tmp
export TMPDIR
mkdir -p "$TMPDIR"
F=$T/forum.agora
AGORA_NOW=2018-01-30T12:00:00 "$BUILD/mksample" "$TOP/sample/forum.txt" "$F" \
	>"$T/mksample.log" 2>&1 || { cat "$T/mksample.log"; exit 1; }

# ---- the data: the sample, and what makes CSV hard ----

multi=$(printf 'Первая строка; вторая часть,\nвторая строка «ёлки» "в кавычках"\n\nконец')
expect_status 0 "$AGORA" add "$F" --track НКО --text "$multi" \
	--addressee ОМСУ --addressee СМИ --author 'Петров; П. "П."' --status accepted
U_MULTI=$(cat "$T/stdout")
expect_status 0 "$AGORA" add "$F" --track СМИ --text '=cmd()|" /C calc"!A0' \
	--author '+7 (391) 000-00-00' --status new
U_FORMULA=$(cat "$T/stdout")
expect_status 0 "$AGORA" add "$F" --track Дети --text '@SUM(1;2) и -минус' \
	--addressee ОМСУ --status accepted
# An undone capture: its revision stays in the file, out of the JSON.
expect_status 0 "$AGORA" add "$F" --track Дети --text 'Отменённое' --status new
expect_status 0 "$AGORA" undo "$F"
# Tombstones: a deleted proposal and a deleted addressee (and its links).
sqlite3 "$F" "UPDATE proposal SET deleted = 1 WHERE id = (SELECT min(id) FROM proposal WHERE status = 2);
UPDATE addressee SET deleted = 1 WHERE label = 'Совет по грантам';" ||
	fail "sqlite3 could not make tombstones"

# The rows the table must have: every live link of a live proposal to a
# live addressee, and every live proposal without one.
ROWS=$(sqlite3 "$F" "SELECT
 (SELECT count(*) FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id
  AND p.deleted = 0 JOIN addressee a ON a.id = l.addressee_id AND a.deleted = 0
  WHERE l.deleted = 0) +
 (SELECT count(*) FROM proposal p WHERE p.deleted = 0 AND NOT EXISTS
  (SELECT 1 FROM proposal_addressee l JOIN addressee a ON a.id = l.addressee_id
   AND a.deleted = 0 WHERE l.proposal_id = p.id AND l.deleted = 0))")
echo "rows expected: $ROWS"

# ---- CSV ----

expect_status 0 "$AGORA" export "$F" -o "$T/t.csv"
expect_status 0 "$AGORA" export "$F" --format csv --excel -o "$T/x.csv"

# check_csv CSV SEP ENCODING EXCEL: Python reads the file back and compares
# every field of every row with the file's records.
check_csv() {
	python3 - "$F" "$1" "$2" "$3" "$4" "$ROWS" "$U_MULTI" "$multi" <<'EOF' || fail "$1: the rows differ from the file (above)"
import csv, io, sqlite3, sys
db, path, sep, enc, excel, rows, u_multi, multi = sys.argv[1:]
excel = excel == "1"
HEAD = ["uuid", "track", "track_title", "session", "author", "organisation",
        "addressee", "addressee_heading", "status", "votes_for",
        "votes_against", "votes_abstain", "created", "updated",
        "merged_into", "number", "text"]
STATUS = ["new", "accepted", "rejected", "merged"]
bad = 0
def err(*a):
    global bad
    bad += 1
    if bad <= 20:
        print(*a)
raw = open(path, "rb").read()
if excel != raw.startswith(b"\xef\xbb\xbf"):
    err("byte order mark:", raw[:3])
body = raw[3:] if excel else raw
# Every record ends in CRLF: no LF outside quotes goes without CR.
inq = False
for i, b in enumerate(body):
    if b == 0x22:
        inq = not inq
    elif b == 0x0a and not inq and (i == 0 or body[i - 1] != 0x0d):
        err("a bare LF ends a record at byte", i)
        break
if not body.endswith(b"\r\n"):
    err("the last record does not end in CRLF")
text = body.decode("utf-8")  # strict: the file is valid UTF-8
got = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
if got[0] != HEAD:
    err("header:", got[0])
got = got[1:]
if len(got) != int(rows):
    err("rows:", len(got), "want", rows)
con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
q = """SELECT p.uuid, t.label, t.title, coalesce(s.title, ''), p.author,
 p.organisation, p.status, p.votes_for, p.votes_against, p.votes_abstain,
 p.created, p.updated, coalesce(m.uuid, ''), p.text
 FROM proposal p JOIN track t ON t.id = p.track_id
 LEFT JOIN session s ON s.id = p.session_id
 LEFT JOIN proposal m ON m.id = p.merged_into WHERE p.deleted = 0"""
props = {r[0]: r for r in con.execute(q)}
links = {}
for u, label, heading in con.execute("""SELECT p.uuid, a.label, a.heading
 FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id
 AND p.deleted = 0 JOIN addressee a ON a.id = l.addressee_id
 AND a.deleted = 0 WHERE l.deleted = 0"""):
    links.setdefault(u, set()).add((label, heading))
import datetime
def iso(ms):
    d = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ms % 1000)
def cell(s):
    if excel and s[:1] in ("=", "+", "-", "@", "\t", "\r") and s:
        return "'" + s
    return s
seen = {}
for r in got:
    if len(r) != len(HEAD):
        err("a row of", len(r), "fields:", r[:2])
        continue
    p = props.get(r[0])
    if p is None:
        err("a row of no live proposal:", r[0])
        continue
    want = [p[0], cell(p[1]), cell(p[2]), cell(p[3]), cell(p[4]), cell(p[5])]
    if r[:6] != want:
        err("fields differ:", r[:6], want)
    if r[8] != STATUS[p[6]] or r[9:12] != [str(p[7]), str(p[8]), str(p[9])]:
        err("status or votes differ:", r[8:12], p[6:10])
    if r[12] != iso(p[10]) or r[13] != iso(p[11]) or r[14] != p[12]:
        err("times or merged_into differ:", r[12:15], p[10:13])
    if r[16] != cell(p[13]):
        err("text differs:", repr(r[16][:80]), repr(p[13][:80]))
    if (r[6] == "") != (r[7] == ""):
        err("addressee half empty:", r[6:8])
    if r[6]:
        if (r[6], r[7]) not in links.get(r[0], set()):
            err("no such link:", r[0], r[6])
    elif r[0] in links:
        err("an empty addressee for a tagged proposal:", r[0])
    if r[15] and (p[6] != 1 or not r[6]):
        err("a number for an item not in the draft:", r[0], r[15])
    seen.setdefault(r[0], []).append(r[6])
for u in props:
    if u not in seen:
        err("a live proposal without a row:", u)
    elif sorted(seen[u]) != sorted(l for l, h in links.get(u, {("", "")})):
        err("rows of", u, "are", seen[u])
m = [r for r in got if r[0] == u_multi]
if len(m) != 2 or any(r[16] != multi for r in m) or m[0][4] != 'Петров; П. "П."':
    err("the multi-line row did not survive:", m)
print(path, ":", len(got), "rows read back,", bad, "problems")
sys.exit(1 if bad else 0)
EOF
}

check_csv "$T/t.csv" , utf-8 0
check_csv "$T/x.csv" ';' utf-8-sig 1
grep -q "'=cmd()" "$T/x.csv" || fail "x.csv: no ' before =cmd()"
grep -q "^$U_FORMULA,.*,\"=cmd()" "$T/t.csv" ||
	fail "t.csv: the formula text is not as captured without --excel"

# ---- XLSX ----

# to_csv FILE.xlsx: LibreOffice's CSV of it (cells as shown, UTF-8, ',').
to_csv() {
	rm -rf "$T/lo-out"
	start=$(date +%s%N)
	HOME=$T soffice -env:UserInstallation="file://$T/lo-profile" --headless \
	    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false' \
	    --outdir "$T/lo-out" "$1" >"$T/soffice.log" 2>&1 ||
		fail "soffice failed on $1: $(cat "$T/soffice.log")"
	end=$(date +%s%N)
	echo "LibreOffice: $(basename "$1") -> CSV in $(( (end - start) / 1000000 )) ms"
	[ -s "$T/lo-out/$(basename "$1" .xlsx).csv" ] ||
		fail "no CSV from $1: $(cat "$T/soffice.log")"
}

expect_status 0 "$AGORA" export "$F" -o "$T/t.xlsx"
to_csv "$T/t.xlsx"
python3 - "$T/t.csv" "$T/lo-out/t.csv" "$T/t.xlsx" <<'EOF' || fail "t.xlsx: LibreOffice reads other cells than the CSV's (above)"
import csv, sys, zipfile, xml.etree.ElementTree as ET
ours = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
lo = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
bad = 0
if len(ours) != len(lo):
    print("rows:", len(lo), "from LibreOffice,", len(ours), "in the CSV")
    bad += 1
for i, (a, b) in enumerate(zip(ours, lo)):
    if a != b:
        bad += 1
        if bad < 10:
            for j, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    print("row", i, "column", j, repr(x[:60]), "!=", repr(y[:60]))
z = zipfile.ZipFile(sys.argv[3])
for n in z.namelist():
    if n.endswith(".xml") or n.endswith(".rels"):
        ET.fromstring(z.read(n))  # every part well-formed
sheet = z.read("xl/worksheets/sheet1.xml").decode()
for want in ('state="frozen"', 'ySplit="1"', "<autoFilter ref=\"A1:Q%d\"/>" % len(ours), "<cols>"):
    if want not in sheet:
        print("sheet1.xml lacks", want)
        bad += 1
if "<b/>" not in z.read("xl/styles.xml").decode():
    print("styles.xml: no bold font")
    bad += 1
core = z.read("docProps/core.xml").decode()
if "<dc:title>IX Гражданский форум</dc:title>" not in core:
    print("core.xml: no title:", core)
    bad += 1
print("t.xlsx:", len(lo), "rows through LibreOffice,", bad, "problems")
sys.exit(1 if bad else 0)
EOF

# ---- JSON ----

expect_status 0 "$AGORA" export "$F" -o "$T/t.json"
jq -e '.format == "agora-forum" and .version == 1' "$T/t.json" >/dev/null ||
	fail "t.json: jq does not read format and version"
for kind in paragraph:paragraphs participant_group:groups track:tracks \
	session:sessions addressee:addressees proposal:proposals \
	proposal_addressee:links; do
	table=${kind%%:*} key=${kind#*:}
	want=$(sqlite3 "$F" "SELECT count(*) FROM $table")
	got=$(jq ".$key | length" "$T/t.json")
	[ "$got" = "$want" ] || fail "t.json: $got $key, sqlite3 counts $want"
	want=$(sqlite3 "$F" "SELECT count(*) FROM $table WHERE deleted = 1")
	got=$(jq "[.$key[] | select(.deleted)] | length" "$T/t.json")
	[ "$got" = "$want" ] || fail "t.json: $got deleted $key, sqlite3 counts $want"
done
want=$(sqlite3 "$F" "SELECT count(*) FROM revision r JOIN proposal p ON p.id = r.proposal_id")
got=$(jq '.revisions | length' "$T/t.json")
[ "$got" = "$want" ] || fail "t.json: $got revisions, sqlite3 counts $want"
[ "$(sqlite3 "$F" "SELECT count(*) FROM revision")" -gt "$want" ] ||
	fail "the undone capture left no revision to leave out"
[ "$(jq '[.proposals[] | select(.deleted)] | length' "$T/t.json")" -ge 1 ] ||
	fail "t.json: no tombstone among the proposals"
python3 - "$T/t.json" "$U_MULTI" "$multi" <<'EOF' || fail "t.json: references or fields (above)"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = 0
kinds = ["paragraphs", "groups", "tracks", "sessions", "addressees",
         "proposals", "links", "revisions"]
uuids = {}
for k in kinds:
    for r in d[k]:
        uuids.setdefault(r["uuid"], k)
uuids.setdefault(d["forum"]["uuid"], "forum")
refs = {"sessions": {"track": "tracks"},
        "proposals": {"track": "tracks", "session": "sessions", "merged_into": "proposals"},
        "links": {"proposal": "proposals", "addressee": "addressees"},
        "revisions": {"proposal": "proposals"}}
n = 0
for k, fields in refs.items():
    for r in d[k]:
        for f, target in fields.items():
            v = r[f]
            if v is None:
                continue
            n += 1
            if uuids.get(v) != target:
                print(k, r["uuid"], f, v, "resolves to", uuids.get(v))
                bad += 1
for k in kinds + ["forum"]:
    for r in (d[k] if k != "forum" else [d[k]]):
        for key, v in r.items():
            if key.endswith("_iso"):
                base = r[key[:-4]]
                import datetime
                t = datetime.datetime.fromtimestamp(base // 1000, datetime.timezone.utc)
                if v != t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (base % 1000):
                    print(k, key, v, base)
                    bad += 1
p = [r for r in d["proposals"] if r["uuid"] == sys.argv[2]]
if len(p) != 1 or p[0]["text"] != sys.argv[3] or p[0]["status"] != "accepted":
    print("the multi-line proposal:", p)
    bad += 1
print("t.json:", n, "references resolved,", bad, "problems")
sys.exit(1 if bad else 0)
EOF

# ---- hostile text ----

H=$T/hostile.agora
sqlite3 "$F" ".backup '$H'" || fail "sqlite3 could not copy the forum"
expect_status 0 "$AGORA" add "$H" --track НКО --text x --addressee ОМСУ --status accepted
U_H1=$(cat "$T/stdout")
expect_status 0 "$AGORA" add "$H" --track СМИ --text y --status new
U_H2=$(cat "$T/stdout")
# Quotes, a comma, a semicolon, CR LF, =cmd(), C0 controls, DEL, U+FFFE,
# a NUL, invalid UTF-8 (a lone byte, a cut sequence, a surrogate), and
# Excel's own escape "_x0041_"; then a 100 KB text.
sqlite3 "$H" "UPDATE proposal SET
 text = CAST(X'3D636D6428292C2022713B220D0A093C3E26015D5D3E1B7FEFBFBE00FFC328E282EDA0805F78303034315F' AS TEXT),
 author = CAST(X'22FF2C3B0D0A' AS TEXT),
 organisation = '=HYPERLINK(\"http://x\")'
 WHERE uuid = '$U_H1';
UPDATE proposal SET text = (SELECT group_concat(t, '') FROM (WITH RECURSIVE n(i) AS
 (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2200)
 SELECT 'Абвгд, \"ежз\"; ' || char(10) || 'ийклмнопрст ' || i AS t FROM n))
 WHERE uuid = '$U_H2';" || fail "sqlite3 could not write the hostile text"
BIG=$(sqlite3 "$H" "SELECT length(CAST(text AS BLOB)) FROM proposal WHERE uuid = '$U_H2'")
[ "$BIG" -gt 100000 ] || fail "the long text has $BIG bytes, not > 100 KB"

expect_status 0 "$AGORA" export "$H" -o "$T/h.csv"
expect_status 0 "$AGORA" export "$H" --excel -o "$T/hx.csv"
expect_status 0 "$AGORA" export "$H" -o "$T/h.xlsx"
expect_status 0 "$AGORA" export "$H" -o "$T/h.json"
jq -e . "$T/h.json" >/dev/null 2>"$T/jq.err" || fail "h.json: jq: $(cat "$T/jq.err")"
to_csv "$T/h.xlsx"
python3 - "$T" "$U_H1" "$U_H2" <<'EOF' || fail "hostile text: (above)"
import csv, io, json, sys
t, u1, u2 = sys.argv[1:]
bad = 0
def err(*a):
    global bad
    bad += 1
    print(*a)
R = "\ufffd"
want_text = '=cmd(), "q;"\r\n\t<>&' + R + "]]>" + R + "\x7f" + R + R + R + R + "(" + R + R + R + R + R + "_x0041_"
rows = {}
for name, sep, enc in (("h.csv", ",", "utf-8"), ("hx.csv", ";", "utf-8-sig")):
    text = open(t + "/" + name, "rb").read().decode(enc)
    rs = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    if any(len(r) != 17 for r in rs):
        err(name, "rows of other than 17 fields")
    rows[name] = {r[0]: r for r in rs[1:]}
a = rows["h.csv"][u1]
if a[16] != want_text:
    err("h.csv: text", repr(a[16]))
if a[4] != '"' + R + ",;\r\n":
    err("h.csv: author", repr(a[4]))
if rows["hx.csv"][u1][16] != "'" + want_text or rows["hx.csv"][u1][5] != "'" + a[5]:
    err("hx.csv: no ' before the formulas:", repr(rows["hx.csv"][u1][16][:20]))
big = rows["h.csv"][u2][16]
if len(big) < 50000 or not big.endswith("ийклмнопрст 2200"):
    err("h.csv: the long text is cut:", len(big))
d = json.load(open(t + "/h.json", encoding="utf-8"))
p = {r["uuid"]: r for r in d["proposals"]}
jt = p[u1]["text"]
if not jt.startswith('=cmd(), "q;"\r\n\t<>&\x01]]>\x1b\x7f\ufffe\x00' + R) or not jt.endswith("_x0041_"):
    err("h.json: text", repr(jt))
if p[u2]["text"] != big:
    err("h.json: the long text differs")
lo = list(csv.reader(open(t + "/lo-out/h.csv", newline="", encoding="utf-8")))
lo = {r[0]: r for r in lo[1:]}
if len(lo) != len(rows["h.csv"]):
    err("h.xlsx: LibreOffice reads", len(lo), "rows, not", len(rows["h.csv"]))
# LibreOffice keeps no CR in a cell: compare without.
if lo[u1][16] != want_text.replace("\r", ""):
    err("h.xlsx: text", repr(lo[u1][16]))
lb = lo[u2][16]
if len(lb.encode("utf-16-le")) // 2 != 32767 or not lb.endswith("…[truncated]") or not big.startswith(lb[:-len("…[truncated]")]):
    err("h.xlsx: the long text is not cut at 32767 with the marker:", len(lb), repr(lb[-20:]))
print("hostile:", bad, "problems")
sys.exit(1 if bad else 0)
EOF

# ---- reproducible bytes ----

for fmt in csv xlsx json docx odt pdf html md; do
	AGORA_NOW=2020-01-01T00:00:00 "$AGORA" export "$F" --date 2018-01-30 \
		-o "$T/r1.$fmt" 2>"$T/stderr" || fail "$fmt: export: $(cat "$T/stderr")"
	AGORA_NOW=2024-06-01T10:00:00 "$AGORA" export "$F" --date 2018-01-30 \
		-o "$T/r2.$fmt" 2>"$T/stderr" || fail "$fmt: export: $(cat "$T/stderr")"
	cmp -s "$T/r1.$fmt" "$T/r2.$fmt" || fail "$fmt: two exports with --date differ"
	SOURCE_DATE_EPOCH=1517270400 "$AGORA" export "$F" -o "$T/r3.$fmt" \
		2>"$T/stderr" || fail "$fmt: export: $(cat "$T/stderr")"
	cmp -s "$T/r1.$fmt" "$T/r3.$fmt" ||
		fail "$fmt: --date 2018-01-30 and SOURCE_DATE_EPOCH=1517270400 differ"
	"$AGORA" export "$F" --date 1517270400 -o "$T/r4.$fmt" 2>"$T/stderr" ||
		fail "$fmt: export: $(cat "$T/stderr")"
	cmp -s "$T/r1.$fmt" "$T/r4.$fmt" ||
		fail "$fmt: --date 2018-01-30 and --date 1517270400 differ"
done
jq -e '.exported == 1517270400000 and .exported_iso == "2018-01-30T00:00:00.000Z"' \
	"$T/r1.json" >/dev/null || fail "r1.json: exported is not --date's"
unzip -p "$T/r1.xlsx" docProps/core.xml 2>/dev/null |
	grep -q '<dcterms:created xsi:type="dcterms:W3CDTF">2018-01-30T00:00:00Z' ||
	fail "r1.xlsx: the creation time is not --date's"

expect_status 2 "$AGORA" export "$F" --format csv --date 2018-02-30
expect_err "--date"
expect_status 2 "$AGORA" export "$F" --format csv --date yesterday
expect_status 2 "$AGORA" export "$F" --format json --excel
expect_err "csv"
expect_status 2 "$AGORA" export "$F" --format nosuch
expect_err "csv, xlsx, json"

# ---- failures leave nothing ----

mkdir -p "$T/fail"
expect_status 1 env TMPDIR="$T/no/such/dir" "$AGORA" export "$F" -o "$T/fail/f.xlsx"
expect_err "f.xlsx"
[ -z "$(ls -A "$T/fail")" ] || fail "a failed XLSX export left: $(ls -A "$T/fail")"
ls "$TMPDIR"/agora-xlsx-* >/dev/null 2>&1 && fail "temporary workbooks left in $TMPDIR"
expect_status 0 "$AGORA" export "$F" --format json -o -
head -c 40 "$T/stdout" | grep -q '"format": "agora-forum"' || fail "json to stdout"
expect_status 0 "$AGORA" export "$F" --format xlsx -o -
head -c 2 "$T/stdout" | grep -q PK || fail "xlsx to stdout is not a zip"

finish
