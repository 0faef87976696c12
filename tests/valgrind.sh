#!/bin/sh
# valgrind.sh: memory safety under valgrind (`make valgrind`): no invalid
# read or write, no use of uninitialised memory, no leak that valgrind
# calls definite, in
#
#   - every unit test but test_search (its timing test times searches
#     among 100,000 proposals; VALGRIND_ALL=1 runs it too, for many
#     minutes; the search code runs in the other tests and below);
#   - the command line: every command, each output format, the failures
#     (unknown names, refused files, a field over its limit), copies and
#     merges, imports, backups and restores, on a small forum;
#   - tools/writer, the model's writer of the crash tests;
#   - the interface (tmux, if installed): the start screen, a proposal
#     typed (its draft kept), saved and tagged, the draft offered back
#     after a kill, quit.
#
#   tests/valgrind.sh BUILD     (BUILD: the normal build, e.g. build)
#
# valgrind runs with --error-exitcode=99, so that its findings are told
# from agora's own exit statuses, which are checked too.  Prints one line
# per step and the time taken; exit 0 if all is clean.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $build in /*) ;; *) build=$top/$build ;; esac
out=${TEST_OUT:-$top/tests/out}/valgrind
rm -rf "$out"
mkdir -p "$out/home" "$out/logs"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed (make deps)"; exit 1; }

# Two known false findings, suppressed narrowly: a child forked by a test
# (test_forum's read-only check as another user) leaves with _exit(), and
# the parent's buffers it inherited are not its to free; fontconfig (under
# cairo and Pango, for the PDF) keeps its caches through encoded offsets
# that valgrind cannot follow, so it calls what fontconfig allocated
# itself "definitely lost" (LeakSanitizer, in `make asan`, does not).
cat >"$out/supp" <<'EOF'
{
   fork-child-keeps-the-parents-buffer
   Memcheck:Leak
   match-leak-kinds: definite
   ...
   fun:slurp
   fun:test_readonly
}
{
   fontconfig-caches-behind-encoded-offsets
   Memcheck:Leak
   match-leak-kinds: definite
   fun:*alloc
   obj:*/libfontconfig.so*
}
EOF
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --child-silent-after-fork=yes --suppressions=$out/supp"
start=$(date +%s)
pass=0 fail=0 failed=

# Runs in a clean environment, as tests/run.sh does.
clean_env() {
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$out/home" \
	    TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
	    TOP="$top" T="$out/scratch" BUILD="$build" USER=valgrind \
	    CMOCKA_MESSAGE_OUTPUT=stdout AGORA_BACKUP_KEEP=3 "$@"
}

# step NAME WANT... -- CMD...: runs CMD under valgrind; its exit status
# must be one of the WANTs.
n=0
step() {
	name=$1
	shift
	want=
	while [ "$1" != -- ]; do
		want="$want $1"
		shift
	done
	shift
	n=$((n + 1))
	log="$out/logs/$n-$name.log"
	t0=$(date +%s)
	clean_env $VG "$@" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	case " $want " in
	*" $rc "*)
		pass=$((pass + 1))
		echo "PASS  $name (${secs}s)" ;;
	*)
		fail=$((fail + 1))
		failed="$failed $name"
		if [ $rc -eq 99 ]; then
			echo "FAIL  $name: valgrind found errors; $log:"
		else
			echo "FAIL  $name: exit $rc, want$want; $log:"
		fi
		grep -E '^==[0-9]+==' "$log" | head -n 30 | sed 's/^/    /'
		[ $rc -ne 99 ] && tail -n 10 "$log" | sed 's/^/    /' ;;
	esac
}

# --- the unit tests ---------------------------------------------------------------

mkdir -p "$out/scratch"
for t in "$build"/tests/test_*; do
	case $t in *.d | *.o) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if [ "$name" = test_search ] && [ "${VALGRIND_ALL:-}" != 1 ]; then
		echo "SKIP  test_search (VALGRIND_ALL=1 runs it)"
		continue
	fi
	rm -rf "$out/scratch"
	mkdir -p "$out/scratch"
	step "$name" 0 -- "$t"
done

# --- the command line ---------------------------------------------------------------

w="$out/cli"
mkdir -p "$w/nolp"
A=$build/agora
F=$w/f.agora
step mksample 0 -- "$build/mksample" "$top/tests/fixtures/cli_forum.txt" "$F"
step new 0 -- "$A" new "$w/new.agora" --title "Форум" --city "г. Тест" --date 2018-01-30
step new-exists 1 -- "$A" new "$w/new.agora" --title "Форум"
step add 0 -- "$A" add "$F" --track Образование --addressee Минобразования \
    --status accepted --text "Открыть ресурсный центр для НКО в каждом районе." \
    --author "Иванова" --organisation "Центр"
step add-two 0 -- "$A" add "$F" --track Здоровье --addressee ОМСУ \
    --addressee Минздрав --status accepted --text "Расширить сеть школ здоровья."
step add-like 0 -- "$A" add "$F" --track Образование --addressee ОМСУ \
    --text "Открыть ресурсный центр НКО в каждом районе края."
step add-unknown-track 1 -- "$A" add "$F" --track "нет такого" --text x
step add-ambiguous 1 -- "$A" add "$F" --track Образование --addressee Мин --text x
step add-too-long 1 -- "$A" add "$F" --track Образование \
    --text "$(head -c 70000 /dev/zero | tr '\0' x)"
step info 0 -- "$A" info "$F"
for fmt in txt md html pdf docx odt csv xlsx json; do
	step "export-$fmt" 0 -- "$A" export "$F" -o "$w/out.$fmt"
done
step export-stdout 0 -- "$A" export "$F"
step export-badformat 2 -- "$A" export "$F" --format nope
step undo 0 -- "$A" undo "$F"
step redo 0 -- "$A" redo "$F"
step backup 0 -- "$A" backup "$F"
step restore-list 0 -- "$A" restore "$F"
step restore 0 -- "$A" restore "$F" 1
step copy 0 -- "$A" copy "$F" "$w/c.agora" --track Здоровье
step add-copy 0 -- "$A" add "$w/c.agora" --track Здоровье --addressee Минздрав \
    --text "Из копии: выездные бригады."
step merge-dry 0 -- "$A" merge "$F" "$w/c.agora" --dry-run
step merge 0 -- "$A" merge "$F" "$w/c.agora"
step merge-again 0 -- "$A" merge "$F" "$w/c.agora"
printf 'not a forum at all, only text long enough to look at\n' >"$w/text.agora"
step merge-refused 1 -- "$A" merge "$F" "$w/text.agora"
step merge-import 0 -- "$A" merge "$F" "$w/new.agora" --import
step duplicates 0 -- "$A" duplicates "$F" --threshold 40
step duplicates-json 0 -- "$A" duplicates "$F" --threshold 40 --json
{
	echo "text,addressee,track,status,author"
	echo "Из таблицы: открыть клинику.,Минздрав,Здоровье,accepted,Автор"
	echo "Из таблицы: новый адресат.,Новый адресат,Здоровье,new,Автор"
} >"$w/in.csv"
step import-csv 0 -- "$A" import "$F" "$w/in.csv"
step import-json 0 -- "$A" import "$w/from-json.agora" "$w/out.json"
step import-text 0 1 -- "$A" import "$w/from-text.agora" "$w/out.txt"
step import-docx 0 1 -- "$A" import "$w/from-docx.agora" "$w/out.docx"
step print 0 -- env PATH="$w/nolp" XDG_RUNTIME_DIR="$w/run" "$A" print "$F"
step info-missing 1 -- "$A" info "$w/missing.agora"
step info-notforum 1 -- "$A" info "$w/text.agora"
if [ -x "$build/tools/writer" ]; then
	step writer-init 0 -- "$build/tools/writer" init "$w/wr.agora"
	step writer-add 0 -- "$build/tools/writer" add "$w/wr.agora" 20
	step writer-mix 0 -- "$build/tools/writer" mix "$w/wr.agora" alice 30 1
fi

# --- the interface ---------------------------------------------------------------------

if command -v tmux >/dev/null 2>&1; then
	T=$out/tui
	mkdir -p "$T/home"
	cp "$top/sample_forum.db" "$T/f.db"
	sock=agora-vg-$$
	tmx() { tmux -L "$sock" -f /dev/null "$@"; }
	trap 'tmx kill-server >/dev/null 2>&1' EXIT
	# ui NAME: agora under valgrind in a pane; its pid in $T/pid.NAME.
	ui() {
		tmx new-session -d -s "$1" -x 100 -y 30 "env -i PATH=/usr/bin:/bin HOME=$T/home LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=tmux-256color USER=valgrind sh -c 'echo \$\$ >$T/pid.$1; exec $VG --log-file=$T/vg.$1.log $A $T/f.db'; echo EXITED \$?; sleep 600"
	}
	# until NAME TEXT: polls the pane (valgrind is slow: up to 60 s).
	until_shows() {
		i=0
		while [ $i -lt 600 ]; do
			tmx capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		echo "    the interface never showed '$2':"
		tmx capture-pane -p -t "$1" | sed 's/^/    | /'
		return 1
	}
	t0=$(date +%s)
	ok=1
	ui a
	until_shows a "Tracks" || ok=0
	tmx send-keys -t a Down Enter Enter
	until_shows a "Proposals of the session" || ok=0
	tmx send-keys -t a -l "Проверка под valgrind: черновик и сохранение"
	i=0
	while ! grep -q "valgrind: черновик" "$T/f.db.draft-valgrind" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "valgrind: черновик" "$T/f.db.draft-valgrind" 2>/dev/null || { echo "    no draft"; ok=0; }
	tmx send-keys -t a Enter
	until_shows a "Addressees of the new proposal" || ok=0
	tmx send-keys -t a 1
	tmx send-keys -t a -l "Оставлено в черновике"
	i=0
	while ! grep -q "Оставлено" "$T/f.db.draft-valgrind" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# Killed: no leak check then, but every error until the kill counts.
	kill -KILL "$(cat "$T/pid.a")"
	until_shows a "EXITED 137" || ok=0
	grep -q "ERROR SUMMARY: [1-9]\|Invalid\|uninitialised" "$T/vg.a.log" && { ok=0; sed 's/^/    /' "$T/vg.a.log" | head -n 30; }
	ui b
	until_shows b "An unsaved draft from" || ok=0
	tmx send-keys -t b y
	until_shows b "Оставлено в черновике" || ok=0
	tmx send-keys -t b Enter
	until_shows b "Addressees of the new proposal" || ok=0
	tmx send-keys -t b Escape F10 F10
	until_shows b "EXITED" || ok=0
	if ! tmx capture-pane -p -t b | grep -q "EXITED 0"; then
		ok=0
		tmx capture-pane -p -t b | grep EXITED | sed 's/^/    /'
		sed 's/^/    /' "$T/vg.b.log" | head -n 40
	fi
	secs=$(( $(date +%s) - t0 ))
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "PASS  interface (${secs}s)"
	else
		fail=$((fail + 1))
		failed="$failed interface"
		echo "FAIL  interface (${secs}s); logs in $T"
	fi
	tmx kill-server >/dev/null 2>&1
else
	echo "SKIP  interface (tmux is not installed)"
fi

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "valgrind: $pass passed, $fail failed in $(( $(date +%s) - start ))s"
[ $fail -eq 0 ]
