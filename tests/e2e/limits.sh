#!/bin/sh
# limits: oversized fields are refused with a message that names the field
# and the limit (records.h, docs/TRUST.md "Limits"): a proposal's text and
# note 64 KiB, names and labels 1 KiB, titles and headings 4 KiB,
# paragraphs 64 KiB.  A value of exactly the limit is taken, one byte more
# is refused, and a refusal changes nothing: through `agora add`, `agora
# new`, an import, and the interface (a 70 KB paste: the status line says
# why, the text stays in the editor and in the draft).
. "$TOP/tests/e2e/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 is not installed"; exit 77; }
[ -x "$BUILD/mksample" ] || { echo "skip: $BUILD/mksample is not built"; exit 77; }

"$BUILD/mksample" "$FIX/cli_forum.txt" f.db >mksample.log 2>&1 ||
	{ cat mksample.log; fail "cannot build the forum"; finish; }

# bytes N CHAR: N bytes of CHAR (one byte, or "д" for two).
bytes() {
	awk -v n="$1" -v c="$2" 'BEGIN {
		w = length(c) == 1 ? 1 : 2; s = ""
		for (i = 0; i < n / w; i++) s = s c
		printf "%s", s }'
}
count() {
	sqlite3 f.db "SELECT count(*) FROM proposal"
}
sum() {
	md5sum <f.db | cut -d' ' -f1
}

# --- agora add -------------------------------------------------------------------

[ "$(bytes 65536 д | wc -c)" -eq 65536 ] || fail "bytes() is wrong"
expect_status 0 "$AGORA" add f.db --track Образование --text "$(bytes 65536 д)"
n=$(count)
s=$(sum)
expect_status 1 "$AGORA" add f.db --track Образование --text "$(bytes 65538 д)"
expect_err "agora: --text: too large: 65538 bytes; the limit is 65536 bytes (64 KiB)"
expect_status 1 "$AGORA" add f.db --track Образование --text "$(bytes 100000 x)"
expect_err "--text: too large: 100000 bytes; the limit is 65536 bytes (64 KiB)"
[ -s stdout ] && fail "a refused add printed: $(head -c 100 stdout)"
expect_status 0 "$AGORA" add f.db --track Образование --text "Автор на пределе" \
    --author "$(bytes 1024 a)" --organisation "$(bytes 1024 о)"
n=$((n + 1))
s=$(sum)
expect_status 1 "$AGORA" add f.db --track Образование --text "Слишком длинный автор" \
    --author "$(bytes 1025 a)"
expect_err "--author: too large: 1025 bytes; the limit is 1024 bytes (1 KiB)"
expect_status 1 "$AGORA" add f.db --track Образование --text "Слишком длинная организация" \
    --organisation "$(bytes 1026 о)"
expect_err "--organisation: too large: 1026 bytes; the limit is 1024 bytes (1 KiB)"
[ "$(count)" = "$n" ] || fail "refused adds changed the count: $(count), want $n"
[ "$(sum)" = "$s" ] || fail "refused adds changed the file"

# --- agora new -------------------------------------------------------------------------

expect_status 0 "$AGORA" new t1.db --title "$(bytes 4096 t)" --city "$(bytes 1024 c)" \
    --resolution-title "$(bytes 4096 р)"
expect_status 1 "$AGORA" new t2.db --title "$(bytes 4097 t)"
expect_err "the forum's title is too long: 4097 bytes; the limit is 4096 bytes (4 KiB)"
expect_status 1 "$AGORA" new t3.db --title T --resolution-title "$(bytes 5000 р)"
expect_err "the resolution's title is too long: 5000 bytes; the limit is 4096 bytes (4 KiB)"
expect_status 1 "$AGORA" new t4.db --title T --city "$(bytes 1025 c)"
expect_err "the city is too long: 1025 bytes; the limit is 1024 bytes (1 KiB)"
for f in t2.db t3.db t4.db; do
	[ -e "$f" ] && fail "a refused new left $f"
done

# --- an import ---------------------------------------------------------------------------

{
	echo "text,addressee,track,status,author"
	echo "Обычное предложение из таблицы.,Минобразования,Образование,new,Автор"
	printf '%s,Минобразования,Образование,new,Автор\n' "$(bytes 70000 ы)"
} >big.csv
s=$(sum)
expect_status 1 "$AGORA" import f.db big.csv
expect_err "the proposal's text is too long: 70000 bytes; the limit is 65536 bytes (64 KiB)"
[ "$(sum)" = "$s" ] || fail "a refused import changed the file"
{
	echo "text,addressee,track,status,author"
	printf 'Длинный адресат.,%s,Образование,new,Автор\n' "$(bytes 5000 а)"
} >bigaddr.csv
expect_status 1 "$AGORA" import f.db bigaddr.csv
expect_err "is too long: 5000 bytes; the limit is"
[ "$(sum)" = "$s" ] || fail "a refused import changed the file"

# --- the interface -------------------------------------------------------------------------

if command -v tmux >/dev/null 2>&1; then
	. "$TOP/tests/e2e/tmux.sh"
	# A text over the limit that came from elsewhere (a merged copy may
	# bring up to 1 MiB) does not block other changes to its proposal.
	sqlite3 f.db "UPDATE proposal SET text = text || 'ее'
	    WHERE length(CAST(text AS BLOB)) = 65536" || fail "sqlite3 failed"
	n=$(count)
	TUI_ENV="USER=moderator" tmux_start a "$AGORA" "$T/f.db"
	wait_for a "Tracks"
	keys a Enter
	wait_for a "Proposals of the session"
	keys a Tab Home F5
	wait_for a "accepted"
	keys a 2
	wait_for a "Proposal 1: accepted"
	keys a Tab
	# A 70 KB paste is refused when saved, and stays.
	bytes 70000 я >paste.txt
	tm load-buffer -b big paste.txt
	tm paste-buffer -p -b big -t a
	wait_for a "яяяяяяяяяя"
	keys a Enter
	wait_for a "Too large to save: 70000 bytes; the limit is 65536 (64 KiB)"
	expect_no_screen a "Addressees of the new proposal"
	expect_screen a "яяяяяяяяяя"
	[ "$(count)" = "$n" ] || fail "the interface saved a text over the limit"
	grep -q "^length 70000$" "$T/f.db.draft-moderator" ||
		fail "the refused text is not in the draft"
	# Replaced by one at the limit, it saves.
	keys a C-w
	wait_gone a "яяяяяяяяяя"
	bytes 65536 я >paste.txt
	tm load-buffer -b big paste.txt
	tm paste-buffer -p -b big -t a
	wait_for a "яяяяяяяяяя"
	keys a Enter
	wait_for a "Addressees of the new proposal"
	keys a Escape
	wait_gone a "Addressees of the new proposal"
	keys a F10 F10
	wait_exit a
	expect_screen a "EXITED 0"
	[ "$(count)" = "$((n + 1))" ] || fail "the text at the limit was not saved"
	[ -e "$T/f.db.draft-moderator" ] && fail "the saved text left a draft"
	[ "$(sqlite3 f.db "SELECT status FROM proposal WHERE length(CAST(text AS BLOB)) = 65540")" = 1 ] ||
		fail "the status of the proposal with the long text did not change"
else
	echo "no tmux: the interface is not tested"
fi

finish
