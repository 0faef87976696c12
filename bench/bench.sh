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

# Issue 4: every other format against the text export of the same file,
# in the same run: FORMAT_100K names the format that export_format_100k
# writes (to stdout, as above).
export_format_100k() { "$AGORA" export "$F100K" --format "$FORMAT_100K"; }

# bench_export_formats_100k: for each format, "export_FMT_100k_vs_txt" (the
# ratio of the medians) and "export_FMT_100k_time"; the table formats
# (csv, xlsx, json) also their peak memory, which must not grow with the
# forum.
bench_export_formats_100k() {
	forum_100k
	for FORMAT_100K in csv xlsx json docx odt pdf html md; do
		compare export_format_100k export_txt_100k
		measure "export_${FORMAT_100K}_100k_vs_txt" \
			"$(ratio "$MEDIAN_A" "$MEDIAN_B")" x ""
		measure "export_${FORMAT_100K}_100k_time" "$MEDIAN_A" ms ""
		case $FORMAT_100K in csv | xlsx | json)
			rss=$(rss_mib "$AGORA" export "$F100K" --format "$FORMAT_100K") ||
				exit 1
			measure "export_${FORMAT_100K}_100k_peak_rss" "$rss" MiB "" ;;
		esac
	done
}

# ---- merging copies ----

# merge_copies: bench/work/merge/, made afresh on every run: master0.db,
# 1,000 proposals over 8 tracks and 40 addressees (seed 2), and c1.db ..
# c10.db, copies of it made with `agora copy`, each given 10,000 proposals
# of its own track by sqlite3 (a master proposal's text and a suffix, so as
# long as the generator's; a revision each; a link to an addressee for
# three in four), as a moderator's sessions would add them.  attach.sql is
# the reference: sqlite3 attaching each copy and copying the same rows with
# plain INSERT ... SELECT, references translated through the UUIDs.
MERGE_UUID="lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) \
|| '-4' || substr(lower(hex(randomblob(2))), 2) || '-a' || \
substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"

# merge_add_sql K: the SQL that gives copy K its 10,000 proposals.
merge_add_sql() {
	cat <<EOF
BEGIN;
CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL
 SELECT i + 1 FROM c WHERE i < 10000) SELECT i FROM c;
CREATE TEMP TABLE b AS SELECT (SELECT max(id) FROM proposal) AS maxid,
 (SELECT min(id) FROM proposal) AS minid, (SELECT count(*) FROM proposal) AS np,
 (SELECT value FROM meta WHERE key = 'copy_id') AS cid,
 (SELECT min(id) FROM addressee) AS a0, (SELECT count(*) FROM addressee) AS na,
 (SELECT id FROM track ORDER BY id LIMIT 1 OFFSET ($1 - 1) % 8) AS tid;
INSERT INTO proposal (uuid, created, updated, copy, track_id, session_id,
 text, author, organisation, status, votes_for, votes_against,
 votes_abstain, note)
 SELECT $MERGE_UUID, 1600000000000 + $1 * 100000 + i,
 1600000000000 + $1 * 100000 + i, b.cid, b.tid,
 (SELECT min(id) FROM session WHERE track_id = b.tid),
 (SELECT text FROM proposal WHERE id = b.minid + (i * 7919 + $1) % b.np)
 || ' (копия $1, ' || i || ')', 'Участник ' || i, '', 1, i % 50, i % 7,
 i % 5, '' FROM temp.n, temp.b;
INSERT INTO revision (uuid, proposal_id, time, copy, text)
 SELECT $MERGE_UUID, p.id, p.created, p.copy, p.text FROM proposal p, temp.b
 WHERE p.id > b.maxid;
INSERT INTO proposal_addressee (uuid, created, updated, copy, proposal_id,
 addressee_id, pos)
 SELECT $MERGE_UUID, p.created, p.updated, p.copy, p.id, b.a0 + p.id % b.na,
 100000 + p.id FROM proposal p, temp.b WHERE p.id > b.maxid AND p.id % 4 <> 0;
COMMIT;
EOF
}

# merge_attach_sql COPY: the reference's SQL for one copy.
merge_attach_sql() {
	cat <<EOF
ATTACH '$1' AS c;
BEGIN;
INSERT INTO main.track (uuid, created, updated, copy, deleted, pos, title,
 label, moderator) SELECT uuid, created, updated, copy, deleted, pos, title,
 label, moderator FROM c.track WHERE uuid NOT IN (SELECT uuid FROM main.track);
INSERT INTO main.session (uuid, created, updated, copy, deleted, track_id, pos,
 title, date, time, room, state) SELECT s.uuid, s.created, s.updated, s.copy,
 s.deleted, mt.id, s.pos, s.title, s.date, s.time, s.room, s.state
 FROM c.session s JOIN c.track t ON t.id = s.track_id
 JOIN main.track mt ON mt.uuid = t.uuid
 WHERE s.uuid NOT IN (SELECT uuid FROM main.session);
INSERT INTO main.addressee (uuid, created, updated, copy, deleted, pos, heading,
 label, recommend) SELECT uuid, created, updated, copy, deleted, pos, heading,
 label, recommend FROM c.addressee
 WHERE uuid NOT IN (SELECT uuid FROM main.addressee);
INSERT INTO main.proposal (uuid, created, updated, copy, deleted, track_id,
 session_id, text, author, organisation, status, merged_into, votes_for,
 votes_against, votes_abstain, note)
 SELECT p.uuid, p.created, p.updated, p.copy, p.deleted, mt.id, ms.id, p.text,
 p.author, p.organisation, p.status, mm.id, p.votes_for, p.votes_against,
 p.votes_abstain, p.note FROM c.proposal p
 JOIN c.track t ON t.id = p.track_id JOIN main.track mt ON mt.uuid = t.uuid
 LEFT JOIN c.session s ON s.id = p.session_id
 LEFT JOIN main.session ms ON ms.uuid = s.uuid
 LEFT JOIN c.proposal cm ON cm.id = p.merged_into
 LEFT JOIN main.proposal mm ON mm.uuid = cm.uuid
 WHERE p.uuid NOT IN (SELECT uuid FROM main.proposal);
INSERT INTO main.proposal_addressee (uuid, created, updated, copy, deleted,
 proposal_id, addressee_id, pos) SELECT l.uuid, l.created, l.updated, l.copy,
 l.deleted, mp.id, ma.id, l.pos FROM c.proposal_addressee l
 JOIN c.proposal p ON p.id = l.proposal_id
 JOIN main.proposal mp ON mp.uuid = p.uuid
 JOIN c.addressee a ON a.id = l.addressee_id
 JOIN main.addressee ma ON ma.uuid = a.uuid
 WHERE l.uuid NOT IN (SELECT uuid FROM main.proposal_addressee);
INSERT INTO main.revision (uuid, proposal_id, time, copy, text)
 SELECT r.uuid, mp.id, r.time, r.copy, r.text FROM c.revision r
 JOIN c.proposal p ON p.id = r.proposal_id
 JOIN main.proposal mp ON mp.uuid = p.uuid
 WHERE r.uuid NOT IN (SELECT uuid FROM main.revision);
COMMIT;
DETACH c;
EOF
}

merge_copies() {
	MW=$WORK/merge
	[ -n "${MERGE_MADE:-}" ] && return
	rm -rf "$MW"
	mkdir -p "$MW" || die "cannot create $MW"
	run "$GEN" "$MW/master0.db" 1000 8 40 2
	MERGE_COPIES=
	: >"$MW/attach.sql"
	k=1
	while [ "$k" -le 10 ]; do
		run "$AGORA" copy "$MW/master0.db" "$MW/c$k.db"
		merge_add_sql "$k" >"$MW/add.sql"
		sqlite3 -bail "$MW/c$k.db" <"$MW/add.sql" >/dev/null ||
			die "cannot add proposals to $MW/c$k.db"
		merge_attach_sql "$MW/c$k.db" >>"$MW/attach.sql"
		MERGE_COPIES="$MERGE_COPIES $MW/c$k.db"
		k=$((k + 1))
	done
	MERGE_MADE=1
}

# Each run starts from the same master (the cp is timed on both sides).
# MERGE_COPIES is a list of our own paths, split on purpose.
merge_agora_10x10k() {
	cp "$MW/master0.db" "$MW/a.db" && "$AGORA" merge "$MW/a.db" $MERGE_COPIES
}
merge_sqlite3_10x10k() {
	cp "$MW/master0.db" "$MW/b.db" && sqlite3 -bail "$MW/b.db" <"$MW/attach.sql"
}
# The search index of the merged file rebuilt alone, for reference: more
# than agora merge spends on the index, which it brings up to date for the
# proposals written in one batch (the rest beyond copying rows: the checks,
# the undo log).  agora info rebuilds an index whose version is not its own.
merge_reindex_101k() {
	cp "$MW/a.db" "$MW/r.db" &&
	sqlite3 "$MW/r.db" "UPDATE meta SET value = '0' WHERE key = 'search_version'" &&
	"$AGORA" info "$MW/r.db"
}

# Issue 5: 10 copies of 10,000 new proposals each merged into the master
# (one command, one transaction) against sqlite3 copying the same rows.
bench_merge_10x10k() {
	merge_copies
	compare merge_agora_10x10k merge_sqlite3_10x10k
	[ "$(sqlite3 "$MW/a.db" "SELECT count(*) FROM proposal")" = 101000 ] ||
		die "agora merge did not bring in every proposal"
	[ "$(sqlite3 "$MW/b.db" "SELECT count(*) FROM proposal")" = 101000 ] ||
		die "the reference did not copy every proposal"
	measure merge_10x10k_vs_sqlite3 "$(ratio "$MEDIAN_A" "$MEDIAN_B")" x "<= 2"
	measure merge_10x10k_time "$MEDIAN_A" ms ""
	measure merge_10x10k_sqlite3_time "$MEDIAN_B" ms reference
	t=$(median_ms merge_reindex_101k) || exit 1
	measure merge_10x10k_reindex_time "$t" ms reference
	cp "$MW/master0.db" "$MW/a.db" || exit 1
	rss=$(rss_mib "$AGORA" merge "$MW/a.db" $MERGE_COPIES) || exit 1
	measure merge_10x10k_peak_rss "$rss" MiB ""
}

# ---- the interface ----

# tui_draw FILE: agora FILE in a real terminal (a pseudo-terminal from
# script(1), 80x24, TERM=xterm-256color) with AGORA_EXIT_AFTER_DRAW=1,
# which makes it leave right after its first complete draw: the start
# screen, the tracks with their counts and the first track's sessions.
# Appends "ms KiB" to $WORK/tui.runs: the wall time from the shell's
# nanosecond clock (GNU time's %e has 10 ms steps, too coarse here) and the
# peak resident set from /usr/bin/time -f '%e %M'.  Dies unless the screen
# was drawn and agora exited 0.
tui_draw() {
	cat >"$WORK/tui-draw.sh" <<EOF
stty rows 24 cols 80
t0=\$(date +%s%N)
TERM=xterm-256color AGORA_EXIT_AFTER_DRAW=1 $TIME -f '%e %M' -o "$WORK/tui.time" "$AGORA" "\$1" || exit 1
t1=\$(date +%s%N)
echo "\$t0 \$t1" >"$WORK/tui.clock"
EOF
	rm -f "$WORK/tui.clock"
	script -qec "sh '$WORK/tui-draw.sh' '$1'" /dev/null >"$WORK/tui.screen" 2>&1 </dev/null
	[ -s "$WORK/tui.clock" ] && grep -q "Tracks" "$WORK/tui.screen" || {
		cat "$WORK/tui.screen" >&2
		die "agora $1 did not draw its first screen"
	}
	awk -v kib="$(awk '{ print $2 }' "$WORK/tui.time")" \
		'{ printf "%.2f %d\n", ($2 - $1) / 1e6, kib }' \
		"$WORK/tui.clock" >>"$WORK/tui.runs"
}

# Issue 3: the interface's first screen with 100,000 proposals against
# 100 (the same generator, 8 tracks, 40 addressees): medians of RUNS runs
# each, alternating, after one untimed run of each.  Targets: time within
# 2x, peak memory within 1.5x.  Nothing at start may read every proposal:
# the counts are one aggregate over the index proposal_track.
bench_tui_first_draw() {
	forum_100k
	F100=$WORK/forum-100.db
	rm -f "$F100" "$F100-wal" "$F100-shm"
	run "$GEN" "$F100" 100 8 40 1
	command -v script >/dev/null 2>&1 || die "script is missing (package bsdutils)"
	: >"$WORK/tui.runs"
	tui_draw "$F100"
	tui_draw "$F100K"
	: >"$WORK/tui.100"
	: >"$WORK/tui.100k"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		: >"$WORK/tui.runs"
		tui_draw "$F100"
		cat "$WORK/tui.runs" >>"$WORK/tui.100"
		: >"$WORK/tui.runs"
		tui_draw "$F100K"
		cat "$WORK/tui.runs" >>"$WORK/tui.100k"
		i=$((i + 1))
	done
	t100=$(awk '{ print $1 }' "$WORK/tui.100" | median)
	t100k=$(awk '{ print $1 }' "$WORK/tui.100k" | median)
	m100=$(awk '{ printf "%.1f\n", $2 / 1024 }' "$WORK/tui.100" | median)
	m100k=$(awk '{ printf "%.1f\n", $2 / 1024 }' "$WORK/tui.100k" | median)
	measure tui_first_draw_100k_vs_100 "$(ratio "$t100k" "$t100")" x "<= 2"
	measure tui_first_draw_100k_peak_rss_vs_100 "$(ratio "$m100k" "$m100")" x "<= 1.5"
	measure tui_first_draw_100k_time "$t100k" ms ""
	measure tui_first_draw_100_time "$t100" ms reference
	measure tui_first_draw_100k_peak_rss "$m100k" MiB ""
	measure tui_first_draw_100_peak_rss "$m100" MiB reference
}

# ---- duplicates ----

# dupes_forum N: bench/work/dupes-N.db, made afresh: N proposals over 8
# tracks and 40 addressees (seed 3), 10% of them planted near-duplicates of
# earlier ones (bench-gen --dupes: the words shuffled, a third of them in
# another form, a few left out or added), so that there are duplicates to
# find in text that is otherwise random.
dupes_forum() {
	rm -f "$WORK/dupes-$1.db" "$WORK/dupes-$1.db-wal" "$WORK/dupes-$1.db-shm"
	run "$GEN" "$WORK/dupes-$1.db" "$1" 8 40 3 --dupes 10
}
dupes_20k() { "$AGORA" duplicates "$WORK/dupes-20000.db" --json; }
dupes_80k() { "$AGORA" duplicates "$WORK/dupes-80000.db" --json; }

# dupes_recall LSH EXACT: of the pairs at or above the threshold in the
# --json report EXACT, the share that LSH holds too (4 decimals), then the
# number of those pairs.
dupes_recall() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
def pairs(path):
    d = json.load(open(path))
    return {(p["a"], p["b"]) for c in d["clusters"] for p in c["pairs"]
            if p["score"] >= d["threshold"]}
lsh, exact = pairs(sys.argv[1]), pairs(sys.argv[2])
print("%.4f %d" % (len(lsh & exact) / len(exact) if exact else 1, len(exact)))
EOF
}

# Issue 5: duplicate detection over 20,000 and 80,000 proposals (the time
# may grow at most 5x for 4x the proposals), and on 5,000 its recall
# against comparing every pair (agora duplicates --exact): at least 95% of
# the pairs at or above the threshold.
bench_dupes() {
	command -v python3 >/dev/null 2>&1 || die "python3 is missing: make deps"
	dupes_forum 20000
	dupes_forum 80000
	dupes_forum 5000
	compare dupes_80k dupes_20k
	measure dupes_80k_vs_20k "$(ratio "$MEDIAN_A" "$MEDIAN_B")" x "<= 5"
	measure dupes_80k_time "$MEDIAN_A" ms ""
	measure dupes_20k_time "$MEDIAN_B" ms ""
	rss=$(rss_mib "$AGORA" duplicates "$WORK/dupes-80000.db" --json) || exit 1
	measure dupes_80k_peak_rss "$rss" MiB ""
	"$AGORA" duplicates "$WORK/dupes-5000.db" --json >"$WORK/dupes-lsh.json" ||
		die "failed: agora duplicates"
	t=$(time_ms "$AGORA" duplicates "$WORK/dupes-5000.db" --json --exact) ||
		exit 1
	"$AGORA" duplicates "$WORK/dupes-5000.db" --json --exact \
		>"$WORK/dupes-exact.json" || die "failed: agora duplicates --exact"
	set -- $(dupes_recall "$WORK/dupes-lsh.json" "$WORK/dupes-exact.json")
	[ $# -eq 2 ] || die "cannot compare the duplicates found"
	measure dupes_5k_recall_vs_exact "$1" ratio ">= 0.95"
	measure dupes_5k_exact_pairs "$2" pairs reference
	measure dupes_5k_exact_time "$t" ms reference
}

MEASURES="bench_export_txt_100k bench_export_formats_100k bench_merge_10x10k bench_tui_first_draw bench_dupes"

START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
results_write
for m in $MEASURES; do
	case $m in *"${BENCH_ONLY:-}"*) ;; *) continue ;; esac
	$m
done
