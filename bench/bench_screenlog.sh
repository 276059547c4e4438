#!/usr/bin/env bash
# bench_screenlog.sh - the screening log at scale (docs/screening-log.md):
# N synthetic records (default 1,000,000; `clearance screenings generate`,
# real chain links committed in batches of 10,000 and indexed as the
# server's writer does), then the wall time of the auditor's questions:
# `screenings --party` (a word of many parties, a whole name, with a date
# range), a day by date, a key, and `audit verify` and `screenings prune`
# over the whole chain.  Each query is the best of 3 runs.  Not part of
# ctest; `make bench` runs it.
# usage: bench/bench_screenlog.sh BUILD_DIR [N]
set -eu
BIN=$1/clearance
N=${2:-1000000}
command -v sqlite3 >/dev/null || { echo "bench_screenlog: sqlite3 absent" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S=$T/log.db
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

t0=$(now)
"$BIN" screenings generate --store "$S" "$N" 2>/dev/null
t1=$(now)
echo "generate: $N records in $(secs "$t0" "$t1") s, store $(du -m "$S" | cut -f1) MB"

# best of 3: LABEL ARGS... (the records written to a file and counted)
best() {
	local label=$1 b= n t0 t1 d
	shift
	for _ in 1 2 3; do
		t0=$(now)
		"$BIN" screenings --store "$S" "$@" --format jsonl >"$T/out"
		t1=$(now)
		d=$(secs "$t0" "$t1")
		[ -z "$b" ] || awk -v d="$d" -v b="$b" 'BEGIN { exit !(d < b) }' && b=$d
	done
	n=$(wc -l <"$T/out")
	printf '%-52s %8s records in %s s%s\n' "$label" "$n" "$b" \
		"$(awk -v d="$b" 'BEGIN { if (d >= 1) printf "  (over a second)" }')"
}
mid=$((N / 2))
party=$(sqlite3 "$S" "SELECT party FROM screenings WHERE seq=$mid")
word=${party%% *}
day=$(sqlite3 "$S" "SELECT substr(at, 1, 10) FROM screenings WHERE seq=$mid")
best "--party '$word' (newest 100)" --party "$word" --limit 100
best "--party '$word' (all)" --party "$word" --limit 0
best "--party Ltd (a word of a sixth; newest 100)" --party Ltd --limit 100
best "--party '$party' (all)" --party "$party" --limit 0
best "--party '$word' --since $day --until $day" --party "$word" --since "$day" --until "$day" --limit 0
best "--since $day --until $day (a day, all)" --since "$day" --until "$day" --limit 0
best "--key alice (newest 100)" --key alice --limit 100
t0=$(now)
"$BIN" audit verify --store "$S" 2>/dev/null
t1=$(now)
echo "audit verify: the whole chain in $(secs "$t0" "$t1") s"
t0=$(now)
"$BIN" screenings prune --store "$S" --before "$day" 2>"$T/prune"
t1=$(now)
echo "prune --before $day: $(sed 's/^screenings prune: //' "$T/prune") in $(secs "$t0" "$t1") s (verifies first)"
"$BIN" audit verify --store "$S" 2>/dev/null || { echo "bench_screenlog: verify failed after prune" >&2; exit 1; }
echo "audit verify after prune: intact"
