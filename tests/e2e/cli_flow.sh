#!/bin/sh
# cli_flow: a forum's life from the command line.  new makes a file; add
# captures proposals (addressees, statuses, authors); export assembles them
# numbered «N.M.» under «N. heading:», accepted ones only; info counts them;
# undo and redo step back and forth; --width wraps by display columns, 0
# keeps a paragraph on one line; -o writes the same bytes as standard
# output; control characters captured in a proposal never reach the text.
. "$TOP/tests/e2e/lib.sh"

if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

# run CMD...: the command must succeed; its output is in $T/stdout.
run() {
	expect_status 0 "$@"
	[ -s "$T/stderr" ] && fail "$* wrote to stderr: $(cat "$T/stderr")"
	return 0
}

# has FILE LINE: FILE holds LINE as a whole line.
has() {
	grep -Fxq -- "$2" "$1" || fail "$1 lacks the line '$2'"
}

# lacks FILE TEXT: TEXT occurs nowhere in FILE.
lacks() {
	grep -Fq -- "$2" "$1" && fail "$1 holds '$2'"
	return 0
}

# wider FILE N: the lines of FILE wider than N display columns (wc -L
# measures display width in a UTF-8 locale: 2 for wide characters).
wider() {
	while IFS= read -r l; do
		[ "$(printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L)" -gt "$2" ] &&
			printf '%s\n' "$l"
	done <"$1"
	return 0
}

# uuid: the last command printed one lower-case UUID and nothing else.
uuid() {
	grep -Exq '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' \
	    "$T/stdout" || fail "add printed no UUID: $(cat "$T/stdout")"
	cat "$T/stdout" >>uuids
}

# --- new ---------------------------------------------------------------------

run "$AGORA" new fresh.db --title "Весенний форум" --city "г. Тест" \
    --date 2018-03-05
[ -s "$T/stdout" ] && fail "new printed: $(cat "$T/stdout")"
[ -f fresh.db ] || fail "new made no file"
run "$AGORA" info fresh.db
has stdout "Весенний форум"
has stdout "draft"
has stdout "Proposals: 0"
run "$AGORA" export fresh.db
grep -q "^ *Резолюция Весенний форум\.$" stdout ||
	fail "no title line: $(cat stdout)"
grep -q "^г\. Тест  *5 марта 2018 г\.$" stdout ||
	fail "no place and date line: $(cat stdout)"
grep -q "^ *ПРОЕКТ$" stdout || fail "a draft lacks ПРОЕКТ: $(cat stdout)"

# --- add ---------------------------------------------------------------------

# The fixture: tracks Образование and Здоровье; addressees Минобразования,
# Минздрав and ОМСУ (which takes recommendations).
"$BUILD/mksample" "$FIX/cli_forum.txt" forum.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build the fixture"; finish; }

p1="Открыть летние школы для учителей сельских школ края."
p2="Расширить сеть фельдшерско-акушерских пунктов в сёлах, где живёт больше трёхсот человек, и обеспечить их транспортом для выездов к больным."
p3="Построить в каждом селе больницу."
p4="Обсудить школьное расписание с родителями."
p5="Проводить ежегодный краевой конкурс учителей-наставников и публиковать его итоги."

run "$AGORA" add forum.db --track Образование --text "$p1" \
    --addressee Минобразования --status accepted --author "Иванова О. П." \
    --organisation "Школа № 1"
uuid
# A unique prefix, in any case, names a track or an addressee.
run "$AGORA" add forum.db --track здор --text "$p2" --addressee Минздрав \
    --addressee омсу --status accepted --author "Петров П. П."
uuid
run "$AGORA" add forum.db --track Здоровье --text "$p3" --addressee Минздрав \
    --status rejected
uuid
run "$AGORA" add forum.db --track Образование --text "$p4" \
    --addressee Минобр
uuid
run "$AGORA" add forum.db --track "Образование и" --text "$p5" \
    --addressee Минобр --status accepted --organisation "Гимназия № 2"
uuid
[ "$(sort -u uuids | wc -l)" -eq 5 ] || fail "the UUIDs are not distinct"

# --- export: numbered under the addressees -----------------------------------

# At width 0 each paragraph is one line, so the section compares whole.
run "$AGORA" export forum.db --width 0
cp stdout full0.txt
sed -n '/^По итогам работы Форума/,$p' full0.txt | tail -n +3 >items.txt
cat >want.txt <<EOF
1. Министерству образования края:
1.1. $p1
1.2. $p5

2. Министерству здравоохранения края:
2.1. $p2

3. Органам местного самоуправления:
3.1. Рекомендовать расширить сеть фельдшерско-акушерских пунктов в сёлах, где живёт больше трёхсот человек, и обеспечить их транспортом для выездов к больным.
EOF
cmp -s items.txt want.txt ||
	fail "the proposals are not as expected: $(diff want.txt items.txt)"
lacks full0.txt "$p3"
lacks full0.txt "$p4"
grep -q '^ ' full0.txt && fail "--width 0 wrapped a line: $(grep '^ ' full0.txt)"

run "$AGORA" export forum.db
cp stdout full.txt
has full.txt "1. Министерству образования края:"
has full.txt "1.1. Открыть летние школы для учителей сельских школ края."
has full.txt "2. Министерству здравоохранения края:"
has full.txt "3. Органам местного самоуправления:"
grep -q "^2\.1\. Расширить сеть" full.txt || fail "no item 2.1: $(cat full.txt)"
grep -q "^3\.1\. Рекомендовать расширить" full.txt || fail "no item 3.1"
grep -q "^     " full.txt || fail "no hanging indent at width 80"
bad=$(wider full.txt 80)
[ -n "$bad" ] && fail "lines wider than 80 columns: $bad"

# --- info ----------------------------------------------------------------------

run "$AGORA" info forum.db
cp stdout info.txt
has info.txt "Тестовый форум"
has info.txt "draft"
has info.txt "Proposals: 5"
grep -Eq '^ +new +1$' info.txt || fail "info: new is not 1: $(cat info.txt)"
grep -Eq '^ +accepted +3$' info.txt || fail "info: accepted is not 3"
grep -Eq '^ +rejected +1$' info.txt || fail "info: rejected is not 1"
grep -Eq '^ +merged +0$' info.txt || fail "info: merged is not 0"
grep -Eq '^ +3  Образование$' info.txt || fail "info: Образование is not 3"
grep -Eq '^ +2  Здоровье$' info.txt || fail "info: Здоровье is not 2"
grep -Eq '^ +3  Минобразования$' info.txt || fail "info: Минобразования is not 3"
grep -Eq '^ +2  Минздрав$' info.txt || fail "info: Минздрав is not 2"
grep -Eq '^ +1  ОМСУ$' info.txt || fail "info: ОМСУ is not 1"

# --- undo and redo ---------------------------------------------------------------

run "$AGORA" undo forum.db
has stdout "undone: add a proposal"
run "$AGORA" export forum.db --width 0
lacks stdout "$p5"
has stdout "1.1. $p1"
grep -q '^1\.2\.' stdout && fail "1.2 is still there after undo"
run "$AGORA" info forum.db
has stdout "Proposals: 4"
run "$AGORA" redo forum.db
has stdout "redone: add a proposal"
run "$AGORA" export forum.db --width 0
cmp -s stdout full0.txt || fail "redo did not restore the export: $(diff full0.txt stdout)"

# Back to the first proposal: the proposal to two addressees goes from both,
# and headings left without items go with their numbers.
for i in 1 2 3 4; do
	run "$AGORA" undo forum.db
done
run "$AGORA" export forum.db --width 0
has stdout "1.1. $p1"
lacks stdout "$p2"
lacks stdout "Министерству здравоохранения"
lacks stdout "Органам местного самоуправления"
sed -n '/^По итогам работы Форума/,$p' stdout | grep -q '^2\. ' &&
	fail "heading 2 stays without items: $(cat stdout)"
run "$AGORA" info forum.db
has stdout "Proposals: 1"
for i in 1 2 3 4; do
	run "$AGORA" redo forum.db
done
expect_status 1 "$AGORA" redo forum.db
expect_err "nothing to redo"
run "$AGORA" export forum.db --width 0
cmp -s stdout full0.txt || fail "redo x4 did not restore the export: $(diff full0.txt stdout)"
run "$AGORA" export forum.db
cmp -s stdout full.txt || fail "the export at width 80 changed after undo and redo"

# A new change after an undo ends the redo chain.
run "$AGORA" undo forum.db
run "$AGORA" add forum.db --track Образование --text "$p5" \
    --addressee Минобр --status accepted
expect_status 1 "$AGORA" redo forum.db
expect_err "forum.db: nothing to redo"
run "$AGORA" export forum.db --width 0
cmp -s stdout full0.txt || fail "re-adding did not give the same export: $(diff full0.txt stdout)"

# --- width -------------------------------------------------------------------------

# Text that needs care: wide characters (2 columns each) and a word longer
# than any line.
wide="Перевести памятку на китайский язык: 关于向偏远村庄派遣医疗队的建议书全文及其附件目录 и разместить на странице https://example.org/a/very/long/path/that/does/not/fit/on/any/line.html для гостей."
run "$AGORA" add forum.db --track Здоровье --text "$wide" \
    --addressee Минздрав --status accepted
run "$AGORA" export forum.db --width 40
cp stdout w40.txt
bad=$(wider w40.txt 40)
[ -n "$bad" ] && fail "--width 40: lines wider than 40 columns: $bad"
[ "$(LC_ALL=C.UTF-8 wc -L <w40.txt)" -le 40 ] || fail "wc -L: wider than 40"
[ "$(wc -l <w40.txt)" -gt "$(wc -l <full.txt)" ] || fail "--width 40 wrapped nothing"
grep -q '^2\.2\. Перевести памятку' w40.txt || fail "no item 2.2 at width 40"
# Continuation lines hang under the text, after the number.
grep -q '^     [^ ]' w40.txt || fail "--width 40: no hanging indent"
# Nothing is lost in wrapping: the words are the same as at width 0.
run "$AGORA" export forum.db --width 0
cp stdout wide0.txt
[ "$(tr -d '[:space:]' <w40.txt)" = "$(tr -d '[:space:]' <wide0.txt)" ] ||
	fail "wrapping at 40 lost or added text"
grep -Fxq "2.2. $wide" wide0.txt || fail "--width 0 split the long item"
grep -q '^ ' wide0.txt && fail "--width 0 wrapped a line: $(grep '^ ' wide0.txt)"
run "$AGORA" export forum.db --width 60
bad=$(wider stdout 60)
[ -n "$bad" ] && fail "--width 60: lines wider than 60 columns: $bad"
run "$AGORA" export forum.db --width 20
[ "$(tr -d '[:space:]' <stdout)" = "$(tr -d '[:space:]' <wide0.txt)" ] ||
	fail "wrapping at 20 lost or added text"

# --- -o ----------------------------------------------------------------------------

run "$AGORA" export forum.db --width 40 -o out.txt
[ -s "$T/stdout" ] && fail "export -o also wrote to stdout"
cmp -s out.txt w40.txt || fail "-o out.txt differs from standard output"
run "$AGORA" export forum.db
cp stdout def.txt
echo "an older export" >old.txt
run "$AGORA" export forum.db --output old.txt
[ -s "$T/stdout" ] && fail "export --output also wrote to stdout"
cmp -s old.txt def.txt || fail "-o over an existing file differs from stdout"
run "$AGORA" export forum.db --format txt -o out.text
cmp -s out.text def.txt || fail "-o out.text differs from stdout"
run "$AGORA" export forum.db -o -
cmp -s stdout def.txt || fail "-o - differs from the default"
left=$(find "$T" -name '*.tmp-*')
[ -n "$left" ] && fail "temporary files left: $left"

# --- control characters in a proposal -------------------------------------------

ESC=$(printf '\033')
evil=$(printf 'Цвет \033[31mкрасный\033[0m, заголовок \033]0;pwned\007, C1 \302\233 и \302\205 конец.')
run "$AGORA" add forum.db --track Образование --text "$evil" \
    --addressee Минобр --addressee ОМСУ --status accepted \
    --author "$(printf 'Злой \033[5mавтор')"
for w in 80 40 0; do
	run "$AGORA" export forum.db --width $w -o evil$w.txt
	f=evil$w.txt
	LC_ALL=C grep -q "[$ESC$(printf '\007')]" $f &&
		fail "$f holds ESC or BEL: $(od -c $f | grep -m 3 -E '033|007')"
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" $f &&
		fail "$f holds a C1 control"
done
bad=$(wider evil40.txt 40)
[ -n "$bad" ] && fail "--width 40 with escapes: lines wider than 40: $bad"
grep -q "красный" evil80.txt || fail "the proposal with escapes is missing"
grep -q "Рекомендовать цвет" evil0.txt || fail "the escapes broke the recommendation"
run "$AGORA" info forum.db
LC_ALL=C grep -q "$ESC" stdout && fail "info printed ESC"
has stdout "Proposals: 7"

finish
