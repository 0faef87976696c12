#!/bin/sh
# The PDF, HTML and Markdown exports, each checked by a real reader:
# poppler (pdfinfo, pdffonts, pdftotext) for the page size, the metadata,
# the embedded fonts, the page numbers and the text; xmllint for the HTML;
# pandoc reading the HTML and the Markdown back, every number and text
# matching the text export.  Then hostile input (markup, quotes, controls,
# invalid UTF-8, a 100 KB paragraph, a word wider than the page), the
# reproducible bytes, and `agora print` with and without CUPS.
. "$TOP/tests/e2e/lib.sh"

for tool in pdfinfo pdffonts pdftotext xmllint pandoc sqlite3; do
	command -v $tool >/dev/null 2>&1 || {
		echo "SKIP: $tool is not installed (make deps)"
		exit 77
	}
done

nbsp=$(printf '\302\240')

# Text without any white space (no-break spaces included).
flat() {
	tr -d ' \t\r\n\f' | sed "s/$nbsp//g"
}

# Whitespace runs to one space, none at the ends.
norm() {
	sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//'
}

# The numbered lines ("1." "1.1."): items, headings, participant groups.
numbered() {
	grep -E '^[0-9]+\.([0-9]+\.)? ' || true
}

# pdf_text PDF: the text of every page without whitespace, the page
# numbers (first non-empty line of pages 2 on) taken out.
pdf_text() {
	n=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
	i=1
	while [ "$i" -le "$n" ]; do
		pdftotext -layout -f $i -l $i "$1" - |
			awk -v p=$i 'skip == 0 && NF > 0 && p > 1 { skip = 1; if ($0 ~ "^ *" p " *$") next } { print }'
		i=$((i + 1))
	done | flat
}

# check_readers BASE: BASE.txt (text export, --width 0), BASE.pdf,
# BASE.html and BASE.md were written; checks what every reader says.
check_readers() {
	b=$1
	pdfinfo "$b.pdf" >"$b.pdfinfo" 2>"$b.pdfinfo.err" ||
		fail "$b.pdf: pdfinfo failed: $(cat "$b.pdfinfo.err")"
	grep -q '^Page size: *595.28 x 841.89 pts (A4)' "$b.pdfinfo" ||
		fail "$b.pdf: not A4: $(grep 'Page size' "$b.pdfinfo")"
	pdftotext "$b.pdf" "$b.pdf.txt" 2>"$b.pdftotext.err" ||
		fail "$b.pdf: pdftotext failed: $(cat "$b.pdftotext.err")"
	pdffonts "$b.pdf" >"$b.fonts" || fail "$b.pdf: pdffonts failed"
	# Every font embedded: the "emb" column, fourth from the right.
	awk 'NR > 2 && $(NF - 4) != "yes" { print; bad = 1 } END { exit bad }' \
		"$b.fonts" || fail "$b.pdf: a font is not embedded: $(cat "$b.fonts")"

	xmllint --html --noout "$b.html" 2>"$b.xmllint" ||
		fail "$b.html: xmllint --html: $(head -c 2000 "$b.xmllint")"
	[ -s "$b.xmllint" ] && fail "$b.html: xmllint warns: $(head -c 2000 "$b.xmllint")"
	xmllint --noout "$b.html" 2>"$b.xmllint" ||
		fail "$b.html: not well-formed XML: $(head -c 2000 "$b.xmllint")"

	# pandoc reads both back; every numbered line is the text export's.
	norm <"$b.txt" | numbered >"$b.want"
	[ -s "$b.want" ] || fail "$b.txt: no numbered lines"
	# Markdown as pandoc reads it, and as CommonMark and GitHub do.
	for r in html:html md:markdown md:commonmark md:gfm; do
		ext=${r%%:*} from=${r#*:}
		out=$b.$ext.$from
		if ! pandoc -f $from -t plain --wrap=none "$b.$ext" \
			>"$out.plain" 2>"$out.err"; then
			fail "$b.$ext: pandoc -f $from cannot read it: $(cat "$out.err")"
			continue
		fi
		norm <"$out.plain" | numbered >"$out.got"
		cmp -s "$b.want" "$out.got" ||
			fail "$b.$ext read as $from: the numbered lines differ from the text export: $(diff "$b.want" "$out.got" | head -c 3000)"
	done
}

export_all() {
	db=$1 b=$2
	expect_status 0 "$AGORA" export "$db" --width 0 -o "$b.txt"
	expect_status 0 "$AGORA" export "$db" -o "$b.pdf"
	expect_status 0 "$AGORA" export "$db" -o "$b.html"
	expect_status 0 "$AGORA" export "$db" -o "$b.md"
}

# --- The sample forum ----------------------------------------------------

cp "$TOP/sample_forum.db" sample.db
export_all sample.db s
check_readers s

title=$(sqlite3 sample.db "SELECT resolution_title FROM forum" 2>/dev/null)
[ -n "$title" ] || title=$(sed -n '1{s/^ *//;s/ *$//;p}' s.txt)
grep -q "^Title: *$title\$" s.pdfinfo ||
	fail "PDF title is not \"$title\": $(grep Title s.pdfinfo)"
pages=$(sed -n 's/^Pages: *//p' s.pdfinfo)
[ "${pages:-0}" -ge 2 ] || fail "the sample is $pages page(s), want at least 2"
grep -q 'Liberation Serif\|LiberationSerif' s.fonts ||
	fail "Liberation Serif is not in the PDF: $(cat s.fonts)"

# Page numbers: none on page 1, "2" alone and centred atop page 2.
first1=$(pdftotext -layout -f 1 -l 1 s.pdf - | awk 'NF { print; exit }')
case $first1 in
*[!\ 0-9]*) ;;
*) fail "page 1 starts with a number: \"$first1\"" ;;
esac
first2=$(pdftotext -layout -f 2 -l 2 s.pdf - | awk 'NF { print; exit }')
[ "$(echo "$first2" | norm)" = 2 ] ||
	fail "page 2 does not start with its number: \"$first2\""
# Centred: far from the left margin, where the body text starts.
lead=$(echo "$first2" | sed 's/[^ ].*//' | wc -c)
[ "$lead" -gt 20 ] || fail "the page number is not centred: \"$first2\""

# The same text, word for word: no word cut, no hyphen added.
pdf_text s.pdf >s.pdf.flat
flat <s.txt >s.txt.flat
cmp -s s.txt.flat s.pdf.flat ||
	fail "the PDF's text differs from the text export: $(cmp s.txt.flat s.pdf.flat)"

# The draft mark, the title and the date in the HTML and the Markdown.
grep -q '<title>Резолюция IX Гражданского форума.</title>' s.html ||
	fail "HTML <title> missing"
grep -q '<meta name="date" content="2018-01-30"' s.html ||
	fail "HTML <meta name=date> missing"
grep -q '@page' s.html && grep -q 'size: A4' s.html &&
	grep -q 'margin: 20mm 10mm 20mm 30mm' s.html ||
	fail "HTML print stylesheet missing"
grep -q '^# Резолюция IX Гражданского форума\.$' s.md ||
	fail "Markdown title missing: $(head -n 3 s.md)"

# --- Hostile input ---------------------------------------------------------

cat >hostile.txt <<'EOF'
forum.title: Hostile <b>forum</b> & "friends"
forum.resolution_title: Резолюция <script>alert("t")</script> & 'co'.
forum.city: <i>Г.</i> Город & Co
forum.start_date: 2018-01-01
forum.end_date: 2018-01-02
forum.doc_date: 2018-01-30
forum.final: no
forum.participants_intro: В работе Форума приняли участие:
forum.themes_intro: Ключевыми темами для обсуждения на Форуме стали:
forum.lead_in: По итогам работы сформулированы следующие <b>предложения</b>:
opening: Абзац с <script>alert(1)</script> и &amp; и "кавычками" и 'апострофами' — *звёздочки* _подчёркивания_ `код` [ссылка](http://example.com) ![img](x.png) $x$ @cite -- ... ~~зачёркнутое~~ ^sup^ | a | b | {#id} ]]> <!-- -->
group: <img src=x onerror=alert(1)> группа
track t1: Т1 | Модератор | Тема <u>один</u> & два
addressee a1: A1 | no | Адресату <em>один</em> & "два"
addressee a2: A2 | yes | Органам * местного * самоуправления
proposal p1: t1 | - | accepted | a1 | Автор | Орг | 1/0/0 | -
text: Текст <script>alert(2)</script> & "quotes" 'single' *bold* _it_ `code` [link](http://x) <http://y> &lt; &#65; \ backslash
proposal p2: t1 | - | accepted | a1 | Автор | Орг | 1/0/0 | -
text: replaced below
proposal p3: t1 | - | accepted | a1 | Автор | Орг | 1/0/0 | -
text: replaced below
proposal p4: t1 | - | accepted | a2 | Автор | Орг | 1/0/0 | -
text: Провести 1. не список # не заголовок > не цитата - не пункт + плюс --- ... $$ ~ ^ @ %
proposal p5: t1 | - | accepted | a2 | Автор | Орг | 1/0/0 | -
text: replaced below
EOF
expect_status 0 env AGORA_NOW=2018-01-30T12:00:00 "$BUILD/mksample" hostile.txt hostile.db
# A C0 control, an escape sequence, invalid UTF-8 and lines that would be
# Markdown blocks; a 100 KB paragraph; a word wider than the page.
sqlite3 hostile.db "
UPDATE proposal SET text = 'Управляющий ' || char(1) || ' символ, ESC' ||
  char(27) || '[31m, неверный ' || CAST(X'FFFE80' AS TEXT) || ' UTF-8' ||
  char(10) || '# не заголовок' || char(10) || '1. не список' || char(10) ||
  '    не код' || char(10) || char(10) || '- после пустой'
  WHERE text = 'replaced below' AND id = (SELECT min(id) FROM proposal
  WHERE text = 'replaced below');
UPDATE proposal SET text = replace(hex(zeroblob(10000)), '00', 'слово ')
  WHERE text = 'replaced below' AND id = (SELECT min(id) FROM proposal
  WHERE text = 'replaced below');
UPDATE proposal SET text = 'Слово: ' || replace(hex(zeroblob(3000)), '00',
  'ж') || ' конец.' WHERE text = 'replaced below';" ||
	fail "sqlite3 could not write the hostile texts"
export_all hostile.db h
check_readers h
grep -qi '<script' h.html && fail "a raw <script> in the HTML: $(grep -i '<script' h.html | head -c 500)"
grep -qi '<img\|<em>\|<u>\|<i>\|<b>' h.html && fail "user markup became HTML"
grep -q 'alert(2)' h.pdf.txt || fail "the PDF lacks the hostile text"
grep -q 'ПРОЕКТ' h.pdf.txt || fail "the draft PDF lacks «ПРОЕКТ»"
grep -q 'ПРОЕКТ' h.html || fail "the draft HTML lacks «ПРОЕКТ»"
grep -q 'ПРОЕКТ' h.md || fail "the draft Markdown lacks «ПРОЕКТ»"
# Rendered, the Markdown has no markup of the user's: no script, no link,
# no image, no code, no emphasis but the bold numbers, no heading but the
# title, no list.
markup='<script\|<a \|<img\|<code\|<em>\|<h2\|<ol\|<ul\|<li\|<blockquote\|<del\|<sup\|<sub\|<span class="math\|<span class="citation\|<hr\|<table\|<dl\|<pre\|<div\|<b>\|<u>\|<i>'
for from in markdown commonmark gfm; do
	# GitHub links a bare URL, showing the URL itself: not a hidden link.
	pandoc -f $from -t html h.md 2>/dev/null |
		sed 's|<a href="\([^"]*\)">\1</a>|\1|g' >"h.md.$from.html" ||
		fail "pandoc -f $from -t html h.md failed"
	grep -qi "$markup" "h.md.$from.html" &&
		fail "user text became markup when read as $from: $(grep -i "$markup" "h.md.$from.html" | head -c 1500)"
	[ "$(grep -c '<h1' "h.md.$from.html")" -eq 1 ] ||
		fail "read as $from, more than the title is a heading"
done
# The whole text, not only the numbered lines, survives the round trip:
# the hostile paragraph reads back as typed.
grep -F -q 'Абзац с <script>alert(1)</script> и &amp; и "кавычками" и '"'"'апострофами'"'"' — *звёздочки* _подчёркивания_ `код` [ссылка](http://example.com) ![img](x.png) $x$ @cite -- ... ~~зачёркнутое~~ ^sup^ | a | b | {#id} ]]> <!-- -->' h.md.markdown.plain ||
	fail "the Markdown does not read back as the text: $(grep 'Абзац' h.md.markdown.plain | head -c 1000)"
grep -F -q 'Абзац с <script>alert(1)</script> и &amp; и "кавычками"' h.html.html.plain ||
	fail "the HTML does not read back as the text: $(grep 'Абзац' h.html.html.plain | head -c 1000)"
# No word cut in the PDF either: only the one word wider than the page
# breaks, and without a hyphen.
pdf_text h.pdf >h.pdf.flat
flat <h.txt >h.txt.flat
# The control pictures (U+2401, U+241B) are in no font installed here and
# are drawn as hex boxes, which read back as hex digits: compare without
# the item that has them.
sed 's/Управляющий.*некод//' h.txt.flat >h.txt.cmp
sed 's/Управляющий.*некод//' h.pdf.flat >h.pdf.cmp
cmp -s h.txt.cmp h.pdf.cmp ||
	fail "the hostile PDF's text differs from the text export: $(cmp h.txt.cmp h.pdf.cmp)"
[ "$(wc -c <h.pdf.cmp)" -gt 100000 ] || fail "the PDF lost text: $(wc -c <h.pdf.cmp) bytes"
grep -q 'жжж-' h.pdf.txt && fail "a hyphen was added inside the long word"

# A full disk is an error, not a truncated file passed off as written.
for f in pdf html md; do
	expect_status 1 sh -c '"$1" export "$2" --format "$3" >/dev/full' sh \
		"$AGORA" sample.db $f
done

# --- Reproducible bytes ----------------------------------------------------

for f in html md pdf; do
	expect_status 0 env SOURCE_DATE_EPOCH=1517270400 "$AGORA" export sample.db -o "r1.$f"
	expect_status 0 env SOURCE_DATE_EPOCH=1517270400 "$AGORA" export sample.db -o "r2.$f"
	cmp -s "r1.$f" "r2.$f" || fail "$f: two exports differ"
done
pdfinfo r1.pdf | grep -q '^CreationDate: *Tue Jan 30 00:00:00 2018' ||
	fail "PDF CreationDate is not SOURCE_DATE_EPOCH's: $(pdfinfo r1.pdf | grep Date)"
pdfinfo r1.pdf | grep -q '^ModDate: *Tue Jan 30 00:00:00 2018' ||
	fail "PDF ModDate is not SOURCE_DATE_EPOCH's: $(pdfinfo r1.pdf | grep Date)"

# --- agora print -------------------------------------------------------------

mkdir -p run nolp fake
chmod 700 run
# No lp at all.
expect_status 0 env PATH="$T/nolp" XDG_RUNTIME_DIR="$T/run" "$AGORA" print sample.db
expect_out "no printer (CUPS) here; the PDF is at $T/run/agora/sample.pdf"
[ -s run/agora/sample.pdf ] && pdfinfo run/agora/sample.pdf >/dev/null 2>&1 ||
	fail "print: no PDF at $T/run/agora/sample.pdf"
# lp there but the scheduler not running.
cat >fake/lpstat <<EOF
#!/bin/sh
[ -f "$T/fake/running" ] && { echo "scheduler is running"; exit 0; }
echo "scheduler is not running"; exit 1
EOF
cat >fake/lp <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/fake/lp.args"
echo "request id is PDF-1 (1 file(s))"
EOF
chmod +x fake/lp fake/lpstat
expect_status 0 env PATH="$T/fake:/usr/bin:/bin" XDG_RUNTIME_DIR="$T/run" "$AGORA" print sample.db
expect_out "no printer (CUPS) here"
[ -e fake/lp.args ] && fail "print called lp without a running scheduler"
# CUPS running: lp gets the printer, a title and the PDF.
touch fake/running
expect_status 0 env PATH="$T/fake:/usr/bin:/bin" XDG_RUNTIME_DIR="$T/run" "$AGORA" print sample.db --printer Office_1
expect_out "sent to Office_1"
[ "$(cat fake/lp.args 2>/dev/null | tr '\n' ' ')" = "-d Office_1 -t sample $T/run/agora/sample.pdf " ] ||
	fail "lp arguments: $(cat fake/lp.args 2>/dev/null | tr '\n' ' ')"
# Without XDG_RUNTIME_DIR: a private directory in /tmp.
expect_status 0 env -u XDG_RUNTIME_DIR PATH="$T/nolp" "$AGORA" print sample.db
expect_out "the PDF is at /tmp/agora-$(id -u)/sample.pdf"
[ "$(stat -c %a "/tmp/agora-$(id -u)")" = 700 ] || fail "/tmp/agora-$(id -u) is not private"
expect_status 2 "$AGORA" print
expect_status 2 "$AGORA" print sample.db --printer
expect_status 1 env PATH="$T/nolp" "$AGORA" print "$T/missing.db"

finish
