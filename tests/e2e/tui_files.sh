#!/bin/sh
# The Files menu (Alt-4) end to end, in a real terminal (tmux):
#   - export from the dialog: DOCX beside the forum file (a ZIP package
#     appears), TXT equal to `agora export` of the same file, again at
#     width 0 over the first after the "exists" question, equal to
#     `agora export --width 0`; an unwritable path keeps the dialog open
#     with the reason;
#   - a copy for a moderator from the dialog, a proposal added to the copy
#     with `agora add`, the copy merged from the interface: the dry run
#     changes nothing, the merge brings the proposal in (found by search
#     and shown in the preview), the report is shown and kept in the file
#     (Merge reports), and one Ctrl-Z undoes the whole merge;
#   - import of a CSV fixture from the dialog: --strict refuses it with
#     the bad row listed and nothing imported, then it goes in, the report
#     is shown, and Ctrl-Z takes it back.
. "$TOP/tests/e2e/lib.sh"
. "$TOP/tests/e2e/tmux.sh"

if [ ! -x "$BUILD/mksample" ]; then
	echo "skip: $BUILD/mksample is not built (make $BUILD/mksample)"
	exit 77
fi

rm -f f.db f.db-wal f.db-shm f.docx f.txt f-copy.db
cp "$TOP/sample_forum.db" f.db
DB=$T/f.db

# proposals FILE: the number `agora info` counts.
proposals() {
	"$AGORA" info "$1" | sed -n 's/^Proposals: //p'
}

# files NAME ITEM WAIT: the Files menu, its ITEM-th entry, then WAIT.
files() {
	keys "$1" M-4
	wait_for "$1" "Merge moderators' copies" || finish
	keys "$1" "$2"
	wait_for "$1" "$3" || finish
}

# close NAME TEXT: Esc closes the window that shows TEXT (waited for, so
# that the Esc is not read as Alt with the next key).
close() {
	keys "$1" Escape
	wait_gone "$1" "$2"
}

tmux_start s "$AGORA" "$DB"
wait_for s "Tracks" || finish

# --- export -------------------------------------------------------------------

# DOCX is the first choice; the file goes beside the forum.
files s 1 "Word document (WordprocessingML)"
expect_screen s "◂ docx ▸"
expect_screen s "f.docx"
keys s Enter
wait_for s "The resolution, as docx, was written to:" || finish
expect_screen s "f.docx"
[ -s f.docx ] || fail "no f.docx"
[ "$(head -c 2 f.docx)" = PK ] || fail "f.docx is not a ZIP package"
if command -v unzip >/dev/null 2>&1; then
	unzip -l f.docx | grep -q "word/document.xml" ||
		fail "f.docx has no word/document.xml"
fi
close s "was written to:"

# TXT: the first format, one to the left; the path follows the format.
files s 1 "Word document (WordprocessingML)"
keys s Left
wait_for s "plain text, wrapped by display width"
expect_screen s "f.txt"
expect_screen s "Text width"
keys s Enter
wait_for s "The resolution, as txt, was written to:" || finish
"$AGORA" export "$DB" >cli.txt || fail "agora export failed"
cmp -s cli.txt f.txt || fail "the dialog's TXT differs from agora export"
close s "was written to:"

# Again, at width 0: the file exists, and the dialog asks first.
files s 1 "Word document (WordprocessingML)"
keys s Left Tab Tab
wait_for s "0: do not wrap"
keys s BSpace BSpace
text s "0"
keys s Enter
wait_for s "Replace it" || finish
keys s 1
wait_for s "The resolution, as txt, was written to:" || finish
"$AGORA" export "$DB" --width 0 >cli0.txt || fail "agora export failed"
cmp -s cli0.txt f.txt || fail "the dialog's TXT at width 0 differs"
close s "was written to:"

# A directory that does not exist: the reason, and the dialog stays.
files s 1 "Word document (WordprocessingML)"
keys s Tab C-a C-k
text s "$T/no/such/dir/x.docx"
keys s Enter
wait_for s "cannot write" || finish
expect_screen s "Export"
close s "cannot write"
[ -e "$T/no" ] && fail "something was written under $T/no"

# --- a copy, merged back --------------------------------------------------------

before=$(proposals "$DB")
files s 2 "Copy for a moderator"
expect_screen s "f-copy.db"
keys s Enter
wait_for s "A copy for a moderator was written to:" || finish
[ -s f-copy.db ] || fail "no f-copy.db"
close s "A copy for a moderator"
"$AGORA" add f-copy.db --track НКО --status accepted --addressee ОМСУ \
    --text "Открыть в каждом районе центр слияния копий" >/dev/null ||
	fail "agora add to the copy failed"

files s 3 "Copies to merge: none yet"
text s "$T/f-copy.db"
keys s Enter
wait_for s "Copies to merge, in this order:" || finish
expect_screen s "1. $T/f-copy.db"
keys s Enter
wait_for s "A dry run:" || finish
expect_screen s "$(printf '  %-20s %9d' proposals 1)"
[ "$(proposals "$DB")" = "$before" ] || fail "the dry run changed the file"
keys s F2
wait_for s "One undo (Ctrl-Z) takes the whole merge back" || finish
expect_screen s "$(printf '  %-20s %9d' proposals 1)"
[ "$(proposals "$DB")" = $((before + 1)) ] ||
	fail "the merge did not bring the proposal: $(proposals "$DB")"
close s "One undo (Ctrl-Z)"

# The proposal is in: search finds it, and the preview shows it.
keys s /
wait_for s "Words:" || finish
text s "слияния"
wait_for s "Search: 1 found" || finish
keys s Enter
wait_for s "Preview of the resolution" || finish
wait_for s "Рекомендовать открыть в каждом районе центр слияния копий"
close s "Preview of the resolution"
wait_for s "Search: 1 found"
close s "Words:"
wait_for s "Tracks"

# The report is kept in the file.
files s 4 "Merge reports: 1, the newest first"
expect_screen s "f-copy.db (copy"
close s "Merge reports"

# One undo takes the whole merge back.
keys s C-z
wait_for s "Undone: merge " || finish
[ "$(proposals "$DB")" = "$before" ] ||
	fail "undo left $(proposals "$DB") proposals, want $before"

keys s F10
wait_exit s

# --- import ---------------------------------------------------------------------

rm -f i.db i.db-wal i.db-shm
AGORA_NOW=2018-01-30T12:00:00 "$BUILD/mksample" "$FIX/cli_forum.txt" i.db \
    >/dev/null 2>&1 || fail "mksample i.db failed"
tmux_start i "$AGORA" "$T/i.db"
wait_for i "Tracks" || finish
files i 5 "Skip bad rows"
text i "$FIX/import/forms.csv"
# --strict: the unknown addressee is a bad row, and nothing goes in.
keys i Tab Tab Tab Space Enter
wait_for i "Not imported" || finish
expect_screen i "unknown addressee"
expect_screen i "nothing was imported"
[ "$(proposals i.db)" = 0 ] || fail "--strict imported something"
close i "Not imported"
keys i Space Enter
wait_for i "4 proposals, 1 addressee, 5 addressee links" || finish
expect_screen i 'columns not imported: "Отметка времени", "Email"'
expect_screen i "One undo (Ctrl-Z) takes the whole import back."
[ "$(proposals i.db)" = 4 ] || fail "the import: $(proposals i.db) proposals"
"$AGORA" export i.db --width 0 >forms.txt
grep -Fxq "4.1. Создать выездные бригады ранней помощи детям." forms.txt ||
	fail "the imported proposal is not in the export"
close i "4 proposals"
wait_for i "Образование"
keys i C-z
wait_for i "Undone: import " || finish
[ "$(proposals i.db)" = 0 ] || fail "undo left $(proposals i.db) proposals"
keys i F10
wait_exit i

finish
