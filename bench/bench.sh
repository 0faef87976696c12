#!/bin/sh
# The speed and memory measures: `make bench`, or by hand
#
#	make agora build/bench-gen && sh bench/bench.sh build
#
# BUILD is the build directory that holds bench-gen; the program measured is
# ./agora (or $AGORA).  Prints one line per measure,
#
#	name: value unit (target ...)
#
# and writes the same figures to bench/results.json (see bench/README.md).
# Timings are reported, never judged: the script exits non-zero only when a
# command it runs fails.  Scratch files go to bench/work/.
#
# Environment: AGORA (the program measured, default ./agora), BENCH_RUNS
# (timed runs per command, default 5), BENCH_ONLY (run only the measures
# whose function name contains it).
#
# To add a measure: write a function bench_NAME that runs its commands with
# `run` or `time_ms`, reports each figure with `measure`, and list it in
# MEASURES at the end.
set -u

build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
# $AGORA is relative to where the script is run from; the rest to the top.
AGORA=${AGORA:-$top/agora}
case $AGORA in /*) ;; *) AGORA=$(pwd)/$AGORA ;; esac
cd "$top" || exit 1
case $build in /*) ;; *) build=$top/$build ;; esac

GEN=$build/bench-gen
WORK=$top/bench/work
RESULTS=$top/bench/results.json
RUNS=${BENCH_RUNS:-5}
TIME=/usr/bin/time
# The same locale and zone for every run, as the tests use.
LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
export LC_ALL LANG TZ

die() {
	echo "bench: $*" >&2
	exit 1
}

for f in "$AGORA" "$GEN"; do
	[ -x "$f" ] || die "$f is missing: make agora $build/bench-gen"
done
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 is missing: make deps"
[ -x "$TIME" ] || die "$TIME is missing (package time): make deps"

mkdir -p "$WORK" || die "cannot create $WORK"
MEASURED=$WORK/measures.json
: >"$MEASURED" || die "cannot write $WORK"

# ---- results ----

# A JSON string of $1 (the names, units and targets are our own plain text;
# quotes and backslashes are escaped all the same).
json_str() {
	printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

# Rewrites results.json from the measures so far, so that a run that stops
# half way still leaves what it measured.
results_write() {
	commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git status --porcelain 2>/dev/null)" ]; then dirty=true; else dirty=false; fi
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
	{
		echo "{"
		printf '  "environment": {"date": %s, "nproc": %s, "commit": %s, "dirty": %s, "cpu": %s, "sqlite3": %s, "runs": %s}' \
			"$(json_str "$START")" "$(nproc)" "$(json_str "$commit")" "$dirty" \
			"$(json_str "$cpu")" "$(json_str "$(sqlite3 --version | cut -d' ' -f1)")" "$RUNS"
		# A comma between members, none after the last.
		awk '{ printf ",\n%s", $0 } END { printf "\n" }' "$MEASURED"
		echo "}"
	} >"$RESULTS.tmp" || die "cannot write $RESULTS.tmp"
	mv "$RESULTS.tmp" "$RESULTS" || die "cannot write $RESULTS"
}

# measure NAME VALUE UNIT TARGET: prints "NAME: VALUE UNIT (target TARGET)"
# and records it in results.json.  TARGET "reference" marks a figure given
# for comparison ("(reference)"; target null, "reference": true); an empty
# TARGET, a figure with no target yet ("(no target)"; target null).  VALUE
# must be a number.
measure() {
	ref=false
	case $4 in
	"") echo "$1: $2 $3 (no target)"; target=null ;;
	reference) echo "$1: $2 $3 (reference)"; target=null; ref=true ;;
	*) echo "$1: $2 $3 (target $4)"; target=$(json_str "$4") ;;
	esac
	printf '  %s: {"value": %s, "unit": %s, "target": %s, "reference": %s}\n' \
		"$(json_str "$1")" "$2" "$(json_str "$3")" "$target" "$ref" >>"$MEASURED"
	results_write
}

# ---- running and timing ----

# run CMD...: runs a command with its output discarded; dies if it fails.
run() {
	"$@" >/dev/null 2>"$WORK/stderr" || {
		cat "$WORK/stderr" >&2
		die "failed: $*"
	}
}

# A clock in nanoseconds (GNU date).
now_ns() {
	date +%s%N
}

# time_ms CMD...: runs a command (stdout to /dev/null) and prints the wall
# time it took in milliseconds, with two decimals; dies if it fails.
time_ms() {
	t0=$(now_ns)
	run "$@"
	t1=$(now_ns)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) / 1e6 }'
}

# rss_mib CMD...: the command's peak resident set in MiB (GNU time's %M,
# KiB), one decimal; dies if it fails.
rss_mib() {
	"$TIME" -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/stderr" || {
		cat "$WORK/stderr" >&2
		die "failed: $*"
	}
	awk '{ v = $1 } END { printf "%.1f\n", v / 1024 }' "$WORK/rss"
}

# median: the median of the numbers on standard input, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]
		else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'
}

# compare A B: runs the commands A and B (functions or programs, no
# arguments) RUNS times each, alternating, after one untimed run of each to
# warm the page cache; leaves their median times in ms in $MEDIAN_A and
# $MEDIAN_B.
compare() {
	run "$1"
	run "$2"
	: >"$WORK/a.times"
	: >"$WORK/b.times"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		time_ms "$1" >>"$WORK/a.times"
		time_ms "$2" >>"$WORK/b.times"
		i=$((i + 1))
	done
	MEDIAN_A=$(median <"$WORK/a.times")
	MEDIAN_B=$(median <"$WORK/b.times")
}

# median_ms CMD: runs the command (a function or program, no arguments)
# once untimed, then RUNS times, and prints the median time in ms.
median_ms() {
	run "$1"
	: >"$WORK/c.times"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		time_ms "$1" >>"$WORK/c.times"
		i=$((i + 1))
	done
	median <"$WORK/c.times"
}

# ---- the forums measured ----

# forum_100k: bench/work/forum-100k.db, 100,000 proposals over 8 tracks and
# 40 addressees (seed 1), made afresh on every run.
forum_100k() {
	F100K=$WORK/forum-100k.db
	[ -n "${F100K_MADE:-}" ] && return
	rm -f "$F100K" "$F100K-wal" "$F100K-shm"
	run "$GEN" "$F100K" 100000 8 40 1
	F100K_MADE=1
}

# ---- the measures ----

# The accepted proposals under their addressees, in document order: what the
# text export reads, and all that sqlite3 does for the reference.
SQL_SECTIONS="SELECT a.heading, p.text FROM addressee a JOIN proposal_addressee l \
ON l.addressee_id=a.id AND l.deleted=0 JOIN proposal p ON p.id=l.proposal_id \
AND p.deleted=0 AND p.status=1 WHERE a.deleted=0 ORDER BY a.pos, a.id, l.pos, l.id;"

# The same rows as the assembler reads them (model/resolution.c,
# add_sections): one pass over the proposals in stored order, the order put
# right afterwards.  For a second reference: the floor under the first.
SQL_SECTIONS_SCAN="SELECT l.addressee_id, l.pos, l.id, p.id, p.uuid, p.text \
FROM proposal p CROSS JOIN proposal_addressee l ON l.proposal_id = p.id \
AND l.deleted = 0 WHERE p.deleted = 0 AND p.status = 1;"

# Issue 2: the text export of 100,000 proposals against sqlite3 selecting
# the same rows.  (export -o writes a temporary file beside the target and
# renames it, which /dev/null cannot take: the export goes to stdout.)
export_txt_100k() { "$AGORA" export "$F100K"; }
sqlite3_sections_100k() { sqlite3 "$F100K" "$SQL_SECTIONS"; }
sqlite3_sections_scan_100k() { sqlite3 "$F100K" "$SQL_SECTIONS_SCAN"; }

bench_export_txt_100k() {
	forum_100k
	compare export_txt_100k sqlite3_sections_100k
	measure export_txt_100k_vs_sqlite3 "$(ratio "$MEDIAN_A" "$MEDIAN_B")" x "<= 1.5"
	measure export_txt_100k_time "$MEDIAN_A" ms ""
	measure export_txt_100k_sqlite3_time "$MEDIAN_B" ms reference
	t=$(median_ms sqlite3_sections_scan_100k) || exit 1
	measure export_txt_100k_sqlite3_scan_time "$t" ms reference
	rss=$(rss_mib "$AGORA" export "$F100K") || exit 1
	measure export_txt_100k_peak_rss "$rss" MiB ""
	rss=$(rss_mib sqlite3 "$F100K" "$SQL_SECTIONS") || exit 1
	measure export_txt_100k_sqlite3_peak_rss "$rss" MiB reference
}

MEASURES="bench_export_txt_100k"

START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
results_write
for m in $MEASURES; do
	case $m in *"${BENCH_ONLY:-}"*) ;; *) continue ;; esac
	$m
done
