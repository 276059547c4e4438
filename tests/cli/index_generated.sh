#!/usr/bin/env bash
# index_generated.sh - the candidate index and its pruning lose no alert on
# generated lists (bench/gen_list.c: 20,000 entries built from syllables,
# where names of common words only, typo neighbours and multi-word queries
# abound), with the open vocabulary and with --closed, where every word has
# many neighbours: batch with --index gives byte-identical output to
# --exhaustive on known-answer queries at thresholds 0.8 and 0.5, and the
# queries' recall stays above a floor.  Needs only the build (clr-genlist
# beside the CLI).
# A sanitizer build (CLR_SANITIZED=1 or __asan_init in the binary) uses 40
# queries instead of 120: exhaustive scoring is slow under ASan.
# usage: bash index_generated.sh CLEARANCE_BINARY [FIXTURES_DIR] [SHARED]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1
BIN=$1
GEN=$(dirname "$BIN")/clr-genlist
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
scratch
n=120
if [ "${CLR_SANITIZED:-}" = 1 ] || grep -q __asan_init "$BIN" 2>/dev/null; then n=40; fi
for mode in open closed; do
	flag=(); [ $mode = closed ] && flag=(--closed)
	"$GEN" "${flag[@]}" 20000 11 "$T/l.csv" "$T/q.jsonl" 2000 || fail "clr-genlist $mode"
	"$BIN" index build --quiet --list "$T/l.csv" -o "$T/l.clx" || fail "index build ($mode)"
	head -n "$n" "$T/q.jsonl" >"$T/qn.jsonl"
	for t in 0.8 0.5; do
		"$BIN" batch --index "$T/l.clx" --threshold $t --input "$T/qn.jsonl" >"$T/ix" 2>/dev/null ||
			fail "batch --index at $t ($mode)"
		"$BIN" batch --index "$T/l.clx" --threshold $t --exhaustive --input "$T/qn.jsonl" \
			>"$T/ex" 2>/dev/null || fail "batch --exhaustive at $t ($mode)"
		a=$(grep -o '"entry_id"' "$T/ex" | wc -l)
		[ "$a" -gt 0 ] || fail "no alert at $t ($mode): the comparison would be empty"
		cmp -s "$T/ix" "$T/ex" || fail "index and exhaustive differ at threshold $t ($mode, $a alerts)" \
			"$(diff "$T/ix" "$T/ex" | head -4)"
		echo "$mode vocabulary, threshold $t: $a alerts, index == exhaustive on $n queries"
	done
	recall=$("$BIN" eval --index "$T/l.clx" --queries "$T/q.jsonl" | grep '^| all' |
		awk -F'|' '{gsub(/ /,"",$5); print $5}')
	awk -v r="$recall" 'BEGIN { exit !(r >= 0.97) }' ||
		fail "recall $recall on 2,000 generated queries ($mode), floor 0.97"
	echo "ok: recall $recall on 2,000 generated queries ($mode vocabulary)"
done
