#!/bin/sh
# export_docx_odt: the DOCX and ODT exports, checked by real readers.
#   - the packages: every XML part well-formed (xmllint); the ODT's
#     "mimetype" first and stored, with no extra field;
#   - LibreOffice (headless) converts both to PDF: A4, two pages or more,
#     a page number "2" at the top of page 2 and none on page 1;
#   - pandoc reads both back and every item "N.M." matches the text export;
#   - hostile text (markup characters, "]]>", controls, U+FFFE, invalid
#     UTF-8, a 100 KB paragraph) still gives files that the readers accept;
#   - SOURCE_DATE_EPOCH gives the same bytes twice, whatever TZ says;
#   - a failed export says why and leaves nothing behind.
# Each file is converted once; the PDF serves every check after.
. "$TOP/tests/e2e/lib.sh"

for tool in unzip xmllint soffice pdfinfo pdftotext pandoc sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skip: $tool is not installed (make deps)"
		exit 77
	fi
done
if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

SAMPLE=$TOP/sample_forum.db

# xml_ok FILE: every .xml and .rels part of the package is well-formed.
xml_ok() {
	parts=$(unzip -Z1 "$1" 2>/dev/null) || { fail "$1: not a zip"; return; }
	[ -n "$parts" ] || fail "$1: no parts"
	for p in $parts; do
		case $p in *.xml | *.rels) ;; *) continue ;; esac
		# unzip reads its name arguments as patterns: quote [ ] * ?.
		q=$(printf '%s' "$p" | sed 's/[][*?]/\\&/g')
		unzip -p "$1" "$q" >"$T/part.xml" 2>"$T/unzip.err" ||
			fail "$1: cannot extract $p: $(cat "$T/unzip.err")"
		[ -s "$T/part.xml" ] || fail "$1: $p is empty"
		xmllint --noout "$T/part.xml" 2>"$T/xmllint.err" ||
			fail "$1: $p: $(head -c 600 "$T/xmllint.err")"
	done
}

# part FILE NAME: one part's contents on standard output.
part() {
	unzip -p "$1" "$(printf '%s' "$2" | sed 's/[][*?]/\\&/g')"
}

# odt_ok FILE: "mimetype" is the first entry, stored, with no extra field:
# then the file's bytes 30..76 are the name and the media type.
odt_ok() {
	[ "$(unzip -Z1 "$1" | head -n 1)" = mimetype ] ||
		fail "$1: the first entry is not mimetype"
	unzip -Z "$1" mimetype | grep -q ' stor ' ||
		fail "$1: mimetype is compressed: $(unzip -Z "$1" mimetype)"
	got=$(head -c 77 "$1" | tail -c 47 | tr -c 'a-z./' '?')
	[ "$got" = "mimetypeapplication/vnd.oasis.opendocument.text" ] ||
		fail "$1: the local header of mimetype is not plain: '$got'"
}

# to_pdf FILE: LibreOffice converts FILE to FILE's name with .pdf in
# $T/pdf-EXT (a private profile, so that nothing else interferes); the time
# it took goes to the log.
to_pdf() {
	ext=${1##*.}
	mkdir -p "$T/pdf-$ext"
	start=$(date +%s%N)
	HOME=$T soffice -env:UserInstallation="file://$T/lo-profile" \
	    --headless --convert-to pdf --outdir "$T/pdf-$ext" "$1" \
	    >"$T/soffice.log" 2>&1 || fail "soffice failed on $1: $(cat "$T/soffice.log")"
	end=$(date +%s%N)
	pdf=$T/pdf-$ext/$(basename "$1" ".$ext").pdf
	echo "LibreOffice: $(basename "$1") -> PDF in $(( (end - start) / 1000000 )) ms"
	[ -s "$pdf" ] || fail "no PDF from $1: $(cat "$T/soffice.log")"
}

# pdf_layout PDF: A4 and at least two pages; "2" alone on one of the first
# lines of page 2, and no page number at the top of page 1.
pdf_layout() {
	pdfinfo "$1" >"$T/pdfinfo" 2>&1 || { fail "pdfinfo $1: $(cat "$T/pdfinfo")"; return; }
	grep -Eq '^Page size: +595(\.[0-9]+)? x 841\.89|^Page size: +595(\.[0-9]+)? x 842' "$T/pdfinfo" ||
		fail "$1 is not A4: $(grep 'Page size' "$T/pdfinfo")"
	pages=$(sed -n 's/^Pages: *//p' "$T/pdfinfo")
	[ "${pages:-0}" -ge 2 ] || fail "$1 has ${pages:-no} pages, want 2 or more"
	pdftotext -f 2 -l 2 "$1" - | sed '/^[[:space:]]*$/d' | head -n 3 |
	    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -qx 2 ||
		fail "$1: no page number 2 at the top of page 2: $(pdftotext -f 2 -l 2 "$1" - | head -n 3)"
	pdftotext -f 1 -l 1 "$1" - | sed '/^[[:space:]]*$/d' | head -n 3 |
	    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -qx '[0-9]*' &&
		fail "$1: a page number at the top of page 1"
}

# items: the lines that start with "N.M." on standard input, white space
# runs made one space.
items() {
	sed 's/[[:space:]]\{1,\}/ /g; s/^ //; s/ $//' | grep -E '^[0-9]+\.[0-9]+\.'
}

# same_items FILE FORMAT: pandoc reads FILE, and its items are the text
# export's.
same_items() {
	pandoc -f "$2" -t plain --wrap=none "$1" >"$T/pandoc.txt" 2>"$T/pandoc.err" ||
		{ fail "pandoc cannot read $1: $(cat "$T/pandoc.err")"; return; }
	items <"$T/pandoc.txt" >"$T/items.$2"
	if ! cmp -s "$T/items.txt" "$T/items.$2"; then
		fail "$1: the items differ from the text export:"
		diff "$T/items.txt" "$T/items.$2" | head -n 20
	fi
}

# --- the sample forum -----------------------------------------------------

expect_status 0 "$AGORA" export "$SAMPLE" --width 0
items <"$T/stdout" >"$T/items.txt"
n=$(wc -l <"$T/items.txt")
[ "$n" -ge 20 ] || fail "the text export has $n items, want 20 or more"

# The format follows from -o's extension.
expect_status 0 "$AGORA" export "$SAMPLE" -o sample.docx
expect_status 0 "$AGORA" export "$SAMPLE" -o sample.odt
[ -s "$T/stdout" ] && fail "export -o wrote to standard output"
unzip -Z1 sample.docx | grep -qx word/document.xml ||
	fail "-o sample.docx did not write a DOCX"
unzip -Z1 sample.odt | grep -qx content.xml ||
	fail "-o sample.odt did not write an ODT"
expect_status 0 "$AGORA" export "$SAMPLE" --format docx -o sample-docx.bin
unzip -Z1 sample-docx.bin | grep -qx word/document.xml ||
	fail "--format docx did not write a DOCX"

xml_ok sample.docx
xml_ok sample.odt
odt_ok sample.odt
for p in '[Content_Types].xml' _rels/.rels word/document.xml \
    word/_rels/document.xml.rels word/styles.xml word/settings.xml \
    docProps/core.xml docProps/app.xml; do
	unzip -Z1 sample.docx | grep -qxF "$p" || fail "sample.docx lacks $p"
done
for p in content.xml styles.xml meta.xml META-INF/manifest.xml; do
	unzip -Z1 sample.odt | grep -qxF "$p" || fail "sample.odt lacks $p"
done

# The print layout as written (what LibreOffice makes of it is below).
doc=$(part sample.docx word/document.xml)
for want in 'w:pgSz w:w="11906" w:h="16838"' 'w:top="1134"' 'w:right="567"' \
    'w:bottom="1134"' 'w:left="1701"' '<w:titlePg/>' \
    'w:headerReference w:type="first"' 'w:pStyle w:val="AgoraItem"'; do
	case $doc in *"$want"*) ;; *) fail "document.xml lacks $want" ;; esac
done
styles=$(part sample.docx word/styles.xml)
for want in 'w:ascii="Times New Roman"' '<w:sz w:val="28"/>' \
    'w:firstLine="709"' '<w:jc w:val="both"/>' 'w:styleId="AgoraTitle"' \
    'w:styleId="AgoraBody"' 'w:styleId="AgoraHeading"'; do
	case $styles in *"$want"*) ;; *) fail "styles.xml lacks $want" ;; esac
done
part sample.docx word/header1.xml | grep -q 'PAGE' ||
	fail "the DOCX header has no PAGE field"
part sample.docx docProps/core.xml | grep -q '<dc:title>Резолюция IX' ||
	fail "the DOCX has no title"
part sample.odt meta.xml | grep -q '<dc:title>Резолюция IX' ||
	fail "the ODT has no title"
part sample.odt styles.xml | grep -q '<text:page-number' ||
	fail "the ODT has no page number"

to_pdf sample.docx
pdf_layout "$T/pdf-docx/sample.pdf"
to_pdf sample.odt
pdf_layout "$T/pdf-odt/sample.pdf"
pdftotext "$T/pdf-docx/sample.pdf" - | grep -q 'Резолюция IX Гражданского форума' ||
	fail "the DOCX's PDF lacks the title"

same_items sample.docx docx
same_items sample.odt odt

# --- hostile text ---------------------------------------------------------

# A draft with markup characters, quotes and "]]>" everywhere, built from a
# tiny source; then SQL puts in what the command line refuses: controls,
# U+FFFE, invalid UTF-8 and a 100 KB paragraph.
cat >evil.txt <<'EOF'
forum.title: Форум <b>&amp; "кавычки" 'апостроф' ]]>
forum.resolution_title: Резолюция <script>&</script> "форума" ]]>.
forum.city: Г. <Город> & "Ко"
forum.start_date: 2018-01-29
forum.end_date: 2018-01-29
forum.doc_date: 2018-01-30
forum.final: no
forum.participants_intro: Участники <&>:
forum.themes_intro: Темы ]]> & <темы>:
forum.lead_in: Предложения <![CDATA[ x ]]> & "ещё":
opening: Абзац с <тегами> & "кавычками" ]]> и 'апострофами' &amp; &#0;.
group: Группа <1> & ]]>
track t1: Т<1> | Модератор & Ко | Тема <x> & "y" ]]>
addressee a1: А1 | no | Адресату <&> "кавычки" ]]>
addressee a2: А2 | yes | Рекомендации <&>
proposal p1: t1 | - | accepted | a1 | - | - | - | -
text: PLACEHOLDER-1
proposal p2: t1 | - | accepted | a1,a2 | - | - | - | -
text: PLACEHOLDER-2
proposal p3: t1 | - | accepted | a1 | - | - | - | -
text: PLACEHOLDER-3
proposal p4: t1 | - | accepted | a2 | - | - | - | -
text: PLACEHOLDER-4
proposal p5: t1 | - | accepted | a2 | - | - | - | -
text: Расширить <x> & "y" 'z' ]]> обычное предложение.
EOF
"$BUILD/mksample" evil.txt evil.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build evil.db"; finish; }
sqlite3 evil.db "
UPDATE proposal SET text = 'Управляющие ' || char(1) || char(8) || char(27) ||
    '[31m и U+FFFE ' || char(65534) || char(65535) || ' <&> ]]>' WHERE text = 'PLACEHOLDER-1';
UPDATE proposal SET text = CAST(X'D09DD0B5D0B2D0B5D180D0BDD18BD0B920FF80C0AFEDA0803C263E20E282' AS TEXT)
    WHERE text = 'PLACEHOLDER-2';
UPDATE proposal SET text = 'Строки:' || char(10) || 'вторая' || char(13, 10) ||
    'третья' || char(9) || 'табуляция,  два пробела,   три, ' ||
    replace(hex(zeroblob(7000)), '00', 'Слово <&> ') WHERE text = 'PLACEHOLDER-3';
UPDATE proposal SET text = '  Пробелы в начале и ' || char(13) || ' CR' WHERE text = 'PLACEHOLDER-4';
UPDATE forum SET resolution_title = resolution_title || char(2) || char(65534);
" || fail "cannot write the hostile texts"
size=$(sqlite3 evil.db "SELECT max(length(CAST(text AS BLOB))) FROM proposal")
[ "${size:-0}" -ge 100000 ] || fail "the long paragraph has $size bytes"

expect_status 0 "$AGORA" export evil.db -o evil.docx
expect_status 0 "$AGORA" export evil.db -o evil.odt
xml_ok evil.docx
xml_ok evil.odt
odt_ok evil.odt
for f in evil.docx evil.odt; do
	for p in $(unzip -Z1 "$f"); do part "$f" "$p"; done >"$T/all.bin"
	# What XML forbids never reaches a part; U+FFFD stands in its place.
	if LC_ALL=C grep -aq "$(printf '[\001\002\010\033]')" "$T/all.bin"; then
		fail "$f holds a C0 control"
	fi
	if LC_ALL=C grep -aq "$(printf '\357\277[\276\277]')" "$T/all.bin"; then
		fail "$f holds U+FFFE or U+FFFF"
	fi
	LC_ALL=C grep -aq "$(printf '\357\277\275')" "$T/all.bin" ||
		fail "$f has no U+FFFD"
	iconv -f UTF-8 -t UTF-8 "$T/all.bin" >/dev/null 2>&1 ||
		fail "$f holds invalid UTF-8"
	grep -aq ']]&gt;' "$T/all.bin" || fail "$f: ']]>' not escaped"
done
part evil.docx word/document.xml | grep -q '<w:br/>' ||
	fail "evil.docx: a newline is not <w:br/>"
part evil.odt content.xml | grep -q '<text:line-break/>' ||
	fail "evil.odt: a newline is not <text:line-break/>"
part evil.odt content.xml | grep -q '<text:s text:c="2"/>' ||
	fail "evil.odt: a run of spaces is not kept"
part evil.docx word/document.xml | grep -q 'ПРОЕКТ' ||
	fail "evil.docx: a draft without «ПРОЕКТ»"

to_pdf evil.docx
to_pdf evil.odt
for pdf in "$T/pdf-docx/evil.pdf" "$T/pdf-odt/evil.pdf"; do
	[ -s "$pdf" ] || continue
	pdfinfo "$pdf" >"$T/pdfinfo" 2>&1 || fail "pdfinfo $pdf: $(cat "$T/pdfinfo")"
	pages=$(sed -n 's/^Pages: *//p' "$T/pdfinfo")
	[ "${pages:-0}" -ge 10 ] || fail "$pdf: ${pages:-no} pages for 100 KB"
	pdftotext "$pdf" - >"$T/evil.pdf.txt"
	grep -q 'Абзац с <тегами> & "кавычками" ]]>' "$T/evil.pdf.txt" ||
		fail "$pdf lacks the hostile paragraph"
	grep -q 'ПРОЕКТ' "$T/evil.pdf.txt" || fail "$pdf lacks «ПРОЕКТ»"
done
for f in evil.docx evil.odt; do
	pandoc -f "${f#evil.}" -t plain --wrap=none "$f" >"$T/evil.txt" 2>&1 ||
		fail "pandoc cannot read $f: $(head -c 600 "$T/evil.txt")"
	grep -q 'асширить <x> & "y" '"'z'"' ]]>' "$T/evil.txt" ||
		fail "pandoc: $f lacks the plain hostile item"
done

# --- reproducible bytes ---------------------------------------------------

for ext in docx odt; do
	SOURCE_DATE_EPOCH=1517300000 "$AGORA" export "$SAMPLE" -o "r1.$ext" ||
		fail "export with SOURCE_DATE_EPOCH failed"
	SOURCE_DATE_EPOCH=1517300000 TZ=Asia/Krasnoyarsk "$AGORA" export \
	    "$SAMPLE" -o "r2.$ext" || fail "export with SOURCE_DATE_EPOCH failed"
	cmp -s "r1.$ext" "r2.$ext" ||
		fail "two $ext exports at SOURCE_DATE_EPOCH differ"
	unzip -Z "r1.$ext" | grep -q '18-Jan-30 08:13' ||
		fail "r1.$ext: the entries do not carry the time: $(unzip -Z "r1.$ext" | head -n 3)"
done
part r1.docx docProps/core.xml | grep -q '<dcterms:created xsi:type="dcterms:W3CDTF">2018-01-30T08:13:20Z<' ||
	fail "core.xml does not carry SOURCE_DATE_EPOCH"
part r1.odt meta.xml | grep -q '<meta:creation-date>2018-01-30T08:13:20Z<' ||
	fail "meta.xml does not carry SOURCE_DATE_EPOCH"

# --- failures leave nothing -----------------------------------------------

expect_status 1 "$AGORA" export "$SAMPLE" -o "$T/nodir/out.docx"
expect_err "nodir/out.docx"
[ -e "$T/nodir" ] && fail "a failed export created $T/nodir"
expect_status 1 "$AGORA" export "$SAMPLE" -o "$T/nodir/out.odt"
expect_err "nodir/out.odt"
leftover=$(find "$T" -name '*.tmp-*' | head -n 3)
[ -z "$leftover" ] || fail "temporary files left: $leftover"

finish
