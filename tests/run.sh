#!/bin/sh
# Runs the tests and prints one summary line at the end.
#   tests/run.sh unit BUILD BIN...   the given unit test binaries
#   tests/run.sh all BUILD           every unit test in BUILD/tests and every
#                                    end-to-end script in tests/e2e
# Environment: AGORA_BIN (the binary under test, default ./agora),
# TESTS (a pattern: run only tests whose name contains it).
# Each test runs in a clean environment (fixed locale, TZ, HOME) with its
# own scratch directory; exit 0 passes, 77 skips, anything else fails.
set -u
mode=$1
build=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
AGORA_BIN=${AGORA_BIN:-./agora}
case $AGORA_BIN in /*) ;; *) AGORA_BIN=$top/$AGORA_BIN ;; esac
out=${TEST_OUT:-$top/tests/out}
mkdir -p "$out"

if [ "$mode" = unit ]; then
	list="$*"
else
	list=
	for t in "$build"/tests/test_*; do
		case $t in *.d | *.o) continue ;; esac
		[ -x "$t" ] && list="$list $t"
	done
	list="$list $(ls tests/e2e/*.sh 2>/dev/null | grep -v '/lib\.sh$' | grep -v '/tmux\.sh$')"
fi

pass=0 fail=0 skip=0 failed=
for t in $list; do
	name=$(basename "$t" .sh)
	case $name in *"${TESTS:-}"*) ;; *) continue ;; esac
	dir=$out/$name
	rm -rf "$dir"
	mkdir -p "$dir/home"
	start=$(date +%s)
	case $t in
	*.sh) cmd="sh $t" ;;
	*) cmd=$t ;;
	esac
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$dir/home" \
		TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		AGORA="$AGORA_BIN" TOP="$top" T="$dir" BUILD="$top/$build" \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
		CMOCKA_MESSAGE_OUTPUT=stdout UPDATE_GOLDEN="${UPDATE_GOLDEN:-}" \
		CRASH_KILLS="${CRASH_KILLS:-}" CRASH_SECONDS="${CRASH_SECONDS:-}" \
		CRASH_SEED="${CRASH_SEED:-}" WRITERS_OPS="${WRITERS_OPS:-}" \
		FUZZ_SECONDS="${FUZZ_SECONDS:-}" CI="${CI:-}" \
		timeout 600 $cmd >"$dir/log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "PASS  $name (${secs}s)"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		echo "SKIP  $name: $(tail -n 1 "$dir/log")"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name (exit $rc, ${secs}s); the end of $dir/log:"
		tail -n 25 "$dir/log" | sed 's/^/    /'
	fi
done
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
