#!/usr/bin/env bash
# index_exhaustive.sh - the candidate index loses no alert: `batch` over real
# queries against the Entity List gives byte-identical output with and
# without --exhaustive (which scores every listed name), at a low threshold
# so that many weak alerts are compared too.
# Exhaustive scoring is slow (~50 ms a query in release, ~250 ms under
# ASan+UBSan), so a sanitizer build uses 60 queries instead of 200.  It is
# detected from the binary (__asan_init) or from CLR_SANITIZED=1 in the
# environment.
# usage: bash index_exhaustive.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists eval
LIST=$SHARED/lists/csl/entity-list-2026-07.csv

scratch

# every 5th dev query, 200 of them; every 15th, 60 of them, when sanitized
step=5 count=200
if [ "${CLR_SANITIZED:-0}" = 1 ] || LC_ALL=C grep -q -a __asan_init "$BIN"; then
	step=15 count=60
fi
awk -v s=$step 'NR % s == 0' "$SHARED/eval/dev-queries.jsonl" | head -n $count >"$T/queries.jsonl"
[ "$(wc -l <"$T/queries.jsonl")" = $count ] || fail "query sample" "$count lines" "$(wc -l <"$T/queries.jsonl")"

for mode in index exhaustive; do
	opt=
	[ $mode = exhaustive ] && opt=--exhaustive
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$BIN" batch --list "$LIST" --threshold 0.5 $opt --input "$T/queries.jsonl" \
		--output "$T/$mode.jsonl" 2>"$T/err"
	rc=$?
	[ "$rc" = 0 ] || fail "batch ($mode): exit code" 0 "$rc ($(head -c 500 "$T/err"))"
	echo "batch ($mode), $count queries: $(($(date +%s) - start)) s"
	[ "$(wc -l <"$T/$mode.jsonl")" = $count ] || fail "batch ($mode): lines" $count "$(wc -l <"$T/$mode.jsonl")"
done

if ! cmp -s "$T/index.jsonl" "$T/exhaustive.jsonl"; then
	fail "index vs --exhaustive output" "byte-identical" \
		"$(diff "$T/exhaustive.jsonl" "$T/index.jsonl" | cut -c1-300 | head -6)"
fi
# the comparison is only worth something when there are alerts to lose
alerted=$(grep -c '"alerts":\[{' "$T/index.jsonl")
[ "$alerted" -ge $((count / 4)) ] || fail "queries with an alert at 0.5" ">= $((count / 4))" "$alerted"

echo "index_exhaustive.sh: all checks passed ($alerted of $count queries with alerts)"
exit 0
