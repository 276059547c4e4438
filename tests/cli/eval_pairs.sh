#!/usr/bin/env bash
# eval_pairs.sh - `clearance eval --pairs` on the labelled pairs of
# fixtures/eval (no shared data needed): the per-category and overall counts,
# the decisions on pairs any matcher must get right (a name against itself,
# names with no word in common), the markdown report, -v, and exit code 2
# with a message naming file, line and field for every malformed file.
# usage: bash eval_pairs.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIX=$2/eval
REPO=$(cd "$2/../.." && pwd) || exit 1
[ -x "$BIN" ] || { echo "SKIP: no binary $BIN"; exit 77; }
[ -f "$FIX/pairs.csv" ] || fail "$FIX/pairs.csv absent"

scratch

# run ARGS...: eval --pairs; sets rc (stdout in $T/out, stderr in $T/err)
run() {
	"$BIN" eval "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# row CATEGORY: "pairs matches nonmatches TP FP FN" of the category table
row() {
	local r
	r=$(awk -F'|' -v c="$1" '
		/^\| threshold \|/ { exit }
		{ for (i = 2; i <= 8; i++) gsub(/^ +| +$/, "", $i) }
		$2 == c { print $3, $4, $5, $6, $7, $8 }' "$T/out")
	[ -n "$r" ] && [ "$(printf '%s\n' "$r" | wc -l)" = 1 ] ||
		fail "eval --pairs table row '$1'" "one row" "$(cat "$T/out")"
	printf '%s\n' "$r"
}

# ---- counts and the decisions no matcher may get wrong (built-in weights) --
run --pairs "$FIX/pairs.csv"
[ "$rc" = 0 ] || fail "eval --pairs: exit code" 0 "$rc ($(cat "$T/err"))"
# exact: three names against themselves (one with escaped quotes) all match
[ "$(row exact)" = "3 3 0 3 0 0" ] || fail "exact row (pairs matches nonmatches TP FP FN)" "3 3 0 3 0 0" "$(row exact)"
# different: names without a word in common never match
[ "$(row different)" = "3 0 3 0 0 0" ] || fail "different row" "3 0 3 0 0 0" "$(row different)"
[ "$(row mixed)" = "2 1 1 1 0 0" ] || fail "mixed row" "2 1 1 1 0 0" "$(row mixed)"
[ "$(row all)" = "8 4 4 4 0 0" ] || fail "all row" "8 4 4 4 0 0" "$(row all)"
grep -q '^| all | 8 | 4 | 4 | 4 | 0 | 0 | 1.0000 | 1.0000 | 1.0000 | 0.0000 |$' "$T/out" ||
	fail "all row: precision, recall, F1, false-match rate" "1.0000 1.0000 1.0000 0.0000" "$(grep '^| all' "$T/out")"
# the sweep: 11 thresholds from 0.70 to 0.90
[ "$(grep -c '^| 0\.[789][0-9] |' "$T/out")" = 11 ] || fail "threshold sweep rows" 11 "$(cat "$T/out")"

# ---- the same with the lists' weights (the sample lists) -------------------
run --list "$REPO/data/sample/lists" --pairs "$FIX/pairs.csv"
[ "$rc" = 0 ] || fail "eval --list --pairs: exit code" 0 "$rc ($(cat "$T/err"))"
[ "$(row all)" = "8 4 4 4 0 0" ] || fail "all row with list weights" "8 4 4 4 0 0" "$(row all)"

# ---- --markdown, -v --------------------------------------------------------------
run --pairs "$FIX/pairs.csv" --markdown "$T/pairs.md"
[ "$rc" = 0 ] || fail "eval --markdown: exit code" 0 "$rc ($(cat "$T/err"))"
grep -q 'built-in token weights' "$T/pairs.md" || fail "markdown names the weights" "built-in token weights" "$(head -3 "$T/pairs.md")"
grep -q '^| all | 8 | 4 | 4 |' "$T/pairs.md" || fail "markdown all row" "| all | 8 | 4 | 4 |" "$(cat "$T/pairs.md")"
# -v lists the wrong decisions, each with its score, and nothing else
run -v --pairs "$FIX/pairs.csv"
[ "$rc" = 0 ] && [ ! -s "$T/err" ] || fail "eval -v with no wrong decision: exit code, stderr" "0, empty" "$rc, $(cat "$T/err")"
printf 'id,category,type,a,b,expected\nw1,x,entity,Alpha Shipping Company,Zhongxing Microelectronics,match\n' >"$T/wrong.csv"
run -v --pairs "$T/wrong.csv"
grep -q '^FN w1 \[x\] 0\.[0-9]*  Alpha Shipping Company  <>  Zhongxing Microelectronics$' "$T/err" ||
	fail "eval -v: a missed match with its score" "FN w1 [x] 0.xxxx  Alpha ...  <>  Zhongxing ..." "$(cat "$T/err")"

# ---- malformed files: exit 2, file, line and field named ----------------------
bad() { # file expected-message-fragment
	run --pairs "$FIX/$1"
	[ "$rc" = 2 ] || fail "eval --pairs $1: exit code" 2 "$rc"
	grep -qF "$2" "$T/err" || fail "eval --pairs $1: message" "$2" "$(cat "$T/err")"
}
bad bad-expected.csv "bad-expected.csv:3: field 'expected': expected match or nonmatch, got maybe"
bad bad-type.csv "bad-type.csv:2: field 'type': expected person, entity or unknown, got vessel"
bad bad-header.csv "bad-header.csv:1: the header has no column a"
bad bad-width.csv "bad-width.csv:3: expected 7 fields, found 6"
bad bad-quote.csv "bad-quote.csv:3: unterminated quoted field"
run --pairs "$T/absent.csv"
[ "$rc" = 2 ] && grep -q 'absent.csv: cannot open' "$T/err" || fail "eval --pairs on a missing file" "exit 2, cannot open" "$rc $(cat "$T/err")"
: >"$T/empty.csv"
run --pairs "$T/empty.csv"
[ "$rc" = 2 ] && grep -q 'empty.csv: no header line' "$T/err" || fail "eval --pairs on an empty file" "exit 2, no header line" "$rc $(cat "$T/err")"
run --pairs "$FIX/pairs.csv" --queries "$FIX/pairs.csv"
[ "$rc" = 2 ] || fail "eval --pairs with --queries: exit code" 2 "$rc"

echo "eval_pairs.sh: all checks passed"
exit 0
