# Shared by the end-to-end scripts: sourced, never run.
# Environment from tests/run.sh: AGORA (binary), TOP (repository), T (this
# test's scratch directory), BUILD (build directory).
set -u
cd "$T" || exit 1
FIX=$TOP/tests/fixtures
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect_status WANT CMD...: runs CMD, checks its exit status.
expect_status() {
	want=$1
	shift
	"$@" >"$T/stdout" 2>"$T/stderr"
	got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, want $want; stderr: $(cat "$T/stderr")"
}

# expect_err PATTERN: the last command's stderr matches the grep pattern.
expect_err() {
	grep -q -- "$1" "$T/stderr" || fail "stderr lacks '$1': $(cat "$T/stderr")"
}

expect_out() {
	grep -q -- "$1" "$T/stdout" || fail "stdout lacks '$1': $(head -c 2000 "$T/stdout")"
}

# Ends the script: exit status from the failures counted.
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "ok"
	exit 0
}
