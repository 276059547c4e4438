#!/usr/bin/env bash
# accuracy_real.sh - accuracy floor of the matcher on the real lists:
# `clearance eval` on the development query set must keep overall recall
# >= 0.98, overall false-alert rate <= 0.01 and the neg-generic-shared
# false-alert rate <= 0.03; every March 2025 Entity List query must hit, and
# every Cyrillic rendering of a Latin list name (tests/fixtures).
# eval takes ~1 s in a release build and ~4 s under ASan+UBSan, so it runs
# in every build.
# usage: bash accuracy_real.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIX=$2
SHARED=${3:-}
need_shared lists eval
LISTS="--list $SHARED/lists/csl/consolidated-2022-04.csv --list $SHARED/lists/csl/entity-list-2026-07.csv"

scratch

run_eval() { # queries file
	# shellcheck disable=SC2086
	"$BIN" eval $LISTS --queries "$1" >"$T/out" 2>"$T/err"
	local rc=$?
	[ "$rc" = 0 ] || fail "eval $1: exit code" 0 "$rc ($(head -c 500 "$T/err"))"
}
# row CATEGORY: "queries positives recall false_rate" of the category table
# ("-" where the table has none); fails when the row is absent or repeated
row() {
	local r
	r=$(awk -F'|' -v c="$1" '
		/^\| threshold \|/ { exit }   # the sweep table follows the category table
		{ for (i = 2; i <= 6; i++) { gsub(/^ +| +$/, "", $i) } }
		$2 == c { split($6, f, " "); print $3, $4, $5, f[1] }' "$T/out")
	[ -n "$r" ] && [ "$(printf '%s\n' "$r" | wc -l)" = 1 ] ||
		fail "eval table row '$1'" "one row" "$(cat "$T/out")"
	printf '%s\n' "$r"
}
# at_least / at_most WHAT VALUE BOUND
at_least() { awk -v v="$2" -v b="$3" 'BEGIN { exit !(v != "-" && v + 0 >= b + 0) }' || fail "$1" ">= $3" "$2"; }
at_most() { awk -v v="$2" -v b="$3" 'BEGIN { exit !(v != "-" && v + 0 <= b + 0) }' || fail "$1" "<= $3" "$2"; }

# ---- development set -----------------------------------------------------------
DEV=$SHARED/eval/dev-queries.jsonl
run_eval "$DEV"
r=$(row all) || exit 1
read -r n pos recall false_rate <<<"$r"
want_n=$(grep -c . "$DEV")
[ "$n" = "$want_n" ] || fail "eval dev-queries: queries counted" "$want_n" "$n"
want_pos=$(grep -vc '"expect": *null' "$DEV")
[ "$pos" = "$want_pos" ] || fail "eval dev-queries: positives counted" "$want_pos" "$pos"
at_least "dev-queries overall recall" "$recall" 0.98
at_most "dev-queries overall false-alert rate" "$false_rate" 0.01
r=$(row neg-generic-shared) || exit 1
read -r n pos recall false_rate <<<"$r"
[ "$pos" = 0 ] || fail "neg-generic-shared: positives" 0 "$pos"
[ "$n" -gt 0 ] || fail "neg-generic-shared: queries" "> 0" "$n"
at_most "dev-queries neg-generic-shared false-alert rate" "$false_rate" 0.03

# ---- March 2025 Entity List additions: 24 of 24 ---------------------------------
run_eval "$SHARED/eval/entity-list-2025-queries.jsonl"
r=$(row positive) || exit 1
read -r n pos recall false_rate <<<"$r"
[ "$n $pos $recall" = "24 24 1.0000" ] ||
	fail "entity-list-2025 positive row (queries positives recall)" "24 24 1.0000" "$n $pos $recall"

# ---- Cyrillic renderings of Latin list names (tests/fixtures): 10 of 10 ------------
run_eval "$FIX/cyrillic-queries.jsonl"
r=$(row cyrillic) || exit 1
read -r n pos recall false_rate <<<"$r"
[ "$n $pos $recall" = "10 10 1.0000" ] ||
	fail "cyrillic positive row (queries positives recall)" "10 10 1.0000" "$n $pos $recall"

echo "accuracy_real.sh: all checks passed"
exit 0
