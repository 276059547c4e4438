#!/usr/bin/env bash
# store_e2e.sh - acceptance test of issue 4 on real data: snapshot A = the
# Entity List without the entries listed from 2025-03-25 on, snapshot B = the
# whole list; 20,000 customers (synthetic names plus the March 2025 parties
# under realistic spellings); a full rescreen, false-positive reviews, then
# `rescreen --delta` after B must report exactly the March 2025 parties and
# none of the suppressed alerts; a changed customer alerts again; diff shows
# the additions with their FR citations; screening as of a date.
# usage: bash store_e2e.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
SHARED=${3:-}
need_shared lists/csl/entity-list-2026-07.csv eval/entity-list-2025-queries.jsonl
EL=$SHARED/lists/csl/entity-list-2026-07.csv
QUERIES=$SHARED/eval/entity-list-2025-queries.jsonl
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no C compiler for the CSV filter helper"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }

scratch
S=$T/store.db
export CLEARANCE_USER=e2e-test

# ---- snapshot A: entries listed before 2025-03-25 -------------------------
"$CC" -O2 -o "$T/csv_before" "$FIXTURES/store/csv_before.c" || fail "build csv_before" ok "error"
"$T/csv_before" 2025-03-25 <"$EL" >"$T/el-before.csv" 2>"$T/counts" || fail "csv_before" 0 "$?"
read -r kept dropped <"$T/counts"
[ "$dropped" -gt 20 ] || fail "entries listed from 2025-03-25 on" ">20" "$dropped"
mkdir "$T/a" && cp "$T/el-before.csv" "$T/a/entity-list.csv"
"$BIN" import --store "$S" --as-of 2025-03-24 "$T/a/entity-list.csv" >/dev/null 2>"$T/err" ||
	fail "import A" 0 "$(cat "$T/err")"

# ---- customers: synthetic names, older listed parties, March 2025 parties --
{
	echo "id,name,type,country"
	pre=(Vel Mor Tas Quin Bry Dal Fen Gor Hal Jun)
	mid=(Ashby Corwen Delby Elsworth Farnby Garrow Hadley Ingram Jessop Kilby)
	suf=(brook stead mere wick haven field dova crest holm thorpe)
	biz=("Dairy Cooperative" "Garden Supplies" "Marine Engineering" "Bakery" "Textile Mills"
	     "Furniture Works" "Veterinary Clinic" "Bicycle Repair" "Orchard Farms" "Pottery Studio"
	     "Bookbinders" "Coffee Roasters" "Ski Rentals" "Glassworks" "Cheese Makers"
	     "Lumber Yard" "Piano Tuners" "Candle Makers" "Sailmakers" "Beekeepers")
	n=0
	for m in "${mid[@]}"; do
		for b in "${biz[@]}"; do
			for p in "${pre[@]}"; do
				for s in "${suf[@]}"; do
					n=$((n + 1))
					[ $n -le 19972 ] && printf 's%05d,%s%s %s %s,entity,US\n' $n "$p" "$s" "$m" "$b"
				done
			done
		done
	done
	echo "old-1,Inspur Group Co Ltd,entity,CN"
	echo "old-2,Abdul Satar Ghoura,,AF"
	echo "old-3,Afghan-German Construction Company,entity,AF"
	echo "old-4,Afghan German Construction Co,entity,AF"
	echo "old-5,Abdul Sattar Ghoura,person,AF"
	# the March 2025 parties under the spellings of the eval set (90 FR 14048)
	grep '90 FR 14048' "$QUERIES" | sed 's/.*"id": "\([^"]*\)", "query": "\([^"]*\)".*/\1,"\2",entity,/'
} >"$T/customers.csv"
ncust=$(($(wc -l <"$T/customers.csv") - 1))
nmarch=$(grep -c '^el2025-' "$T/customers.csv")
[ "$nmarch" -ge 20 ] || fail "March 2025 parties in the customer file" ">=20" "$nmarch"
[ "$ncust" = 20000 ] || fail "customers" 20000 "$ncust"
"$BIN" customers import --store "$S" "$T/customers.csv" 2>"$T/err" ||
	fail "customers import" 0 "$(cat "$T/err")"
grep -q "20000 read, 20000 new or changed" "$T/err" || fail "customers import report" "20000 read, 20000 new" "$(cat "$T/err")"

# ---- full rescreen against A -----------------------------------------------
"$BIN" rescreen --store "$S" >"$T/full.jsonl" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || fail "rescreen: exit 1 when alerts" 1 "$rc ($(cat "$T/err"))"
grep -q "screened 20000 of 20000 customers" "$T/err" || fail "full rescreen count" "screened 20000 of 20000" "$(cat "$T/err")"
grep -q '"customer_id":"s[0-9]' "$T/full.jsonl" &&
	fail "synthetic customers do not alert" "none" "$(grep '"customer_id":"s[0-9]' "$T/full.jsonl" | head -2)"
for c in old-1 old-2 old-3; do
	grep -q "\"customer_id\":\"$c\"" "$T/full.jsonl" || fail "rescreen A: $c alerts" "an alert" "none"
done
grep -q '"entry_name":"Beijing Academy of Artificial Intelligence"' "$T/full.jsonl" &&
	fail "BAAI is not in snapshot A" "no alert" "an alert"

# ---- review the older parties' alerts as false positives --------------------
grep '"customer_id":"old-' "$T/full.jsonl" | sed 's/.*"alert_id":"\([0-9a-f]*\)".*/\1/' >"$T/fp-ids"
nfp=$(wc -l <"$T/fp-ids")
[ "$nfp" -ge 3 ] || fail "alerts of the older parties" ">=3" "$nfp"
while read -r id; do
	"$BIN" review --store "$S" "$id" --decision false_positive --by analyst1 \
		--note "different company, checked registry" 2>"$T/err" || fail "review $id" 0 "$(cat "$T/err")"
done <"$T/fp-ids"
"$BIN" review --store "$S" 0123456789abcdef --decision false_positive --by x 2>"$T/err"
[ $? = 2 ] || fail "review of an unknown alert" 2 "$?"
"$BIN" review --store "$S" "$(head -1 "$T/fp-ids")" --decision maybe --by x 2>/dev/null
[ $? = 2 ] || fail "review with a bad decision" 2 "$?"
nrev=$("$BIN" alerts --store "$S" --status reviewed | grep -c '"decision":"false_positive"')
[ "$nrev" = "$nfp" ] || fail "alerts --status reviewed" "$nfp" "$nrev"

# ---- snapshot B: the whole list; diff -------------------------------------
mkdir "$T/b" && cp "$EL" "$T/b/entity-list.csv"
"$BIN" import --store "$S" --as-of 2025-03-28 "$T/b/entity-list.csv" >/dev/null 2>"$T/err" ||
	fail "import B" 0 "$(cat "$T/err")"
"$BIN" diff --store "$S" --summary >"$T/diff.jsonl" || fail "diff" 0 "$?"
grep -qx "EL: +$dropped -0 ~0" "$T/diff.jsonl" || fail "diff summary" "EL: +$dropped -0 ~0" "$(grep '^EL' "$T/diff.jsonl")"
grep '"name":"Beijing Academy of Artificial Intelligence"' "$T/diff.jsonl" | grep -q '"change":"added".*"federal_register":\["90 FR 14048, 3/28/25"\]' ||
	fail "diff: BAAI added with its FR citation" "90 FR 14048, 3/28/25" "$(grep 'Beijing Academy' "$T/diff.jsonl")"
nadd=$(grep -c '"change":"added"' "$T/diff.jsonl")
[ "$nadd" = "$dropped" ] || fail "diff: added entries" "$dropped" "$nadd"

# ---- delta rescreen: exactly the March 2025 parties ------------------------
# a copy of the store takes a full rescreen instead, for comparison below
sqlite3 "$S" ".backup '$T/copy.db'" || fail "copy the store" 0 "$?"
"$BIN" rescreen --store "$S" --delta >"$T/delta.jsonl" 2>"$T/err"
echo "delta: $(cat "$T/err")"
ndelta=$(sed -n 's/.*screened \([0-9]*\) of 20000 customers.*/\1/p' "$T/err")
[ -n "$ndelta" ] && [ "$ndelta" -lt 20000 ] ||
	fail "delta after a list change screens only customers related to the new entries" "<20000" "$(cat "$T/err")"
# exactness: the delta reports the same new and changed alerts as a full
# rescreen (whose other alerts are "unchanged"), and closes the same ones
"$BIN" rescreen --store "$T/copy.db" >"$T/full-b.jsonl" 2>"$T/err-full"
grep -v '"reason":"unchanged"' "$T/full-b.jsonl" | grep -o '"alert_id":"[0-9a-f]*"' | sort >"$T/full-new"
grep -o '"alert_id":"[0-9a-f]*"' "$T/delta.jsonl" | sort >"$T/delta-new"
[ -s "$T/delta-new" ] && cmp -s "$T/full-new" "$T/delta-new" ||
	fail "delta = full rescreen's new alerts" "$(wc -l <"$T/full-new") alerts" "$(wc -l <"$T/delta-new") alerts: $(diff "$T/full-new" "$T/delta-new" | head -5)"
closed_full=$(sed -n 's/.* \([0-9]*\) closed$/\1/p' "$T/err-full")
closed_delta=$(sed -n 's/.* \([0-9]*\) closed$/\1/p' "$T/err")
[ "$closed_full" = "$closed_delta" ] || fail "delta closes what a full rescreen closes" "$closed_full" "$closed_delta"
got=$(sed 's/.*"customer_id":"\([^"]*\)".*/\1/' "$T/delta.jsonl" | sort -u | tr '\n' ' ')
want=$(grep -o '^el2025-[0-9]*' "$T/customers.csv" | sort -u | tr '\n' ' ')
[ "$got" = "$want" ] || fail "rescreen --delta: customers with new alerts" "$want" "$got"
while read -r id; do
	grep -q "\"alert_id\":\"$id\"" "$T/delta.jsonl" && fail "suppressed alert $id in delta" "absent" "present"
done <"$T/fp-ids"
nrev=$("$BIN" alerts --store "$S" --status reviewed | grep -c '"decision":"false_positive"')
[ "$nrev" = "$nfp" ] || fail "delta: false positives stay reviewed" "$nfp" "$nrev"
grep -q "90 FR 14048, 3/28/25" "$T/delta.jsonl" || fail "delta alerts carry the FR citation" "90 FR 14048" "none"

# ---- nothing changed: nothing screened, nothing emitted ---------------------
"$BIN" rescreen --store "$S" --delta >"$T/d2.jsonl" 2>"$T/err"
[ $? = 0 ] && [ ! -s "$T/d2.jsonl" ] || fail "second delta: no alert" "empty" "$(head -2 "$T/d2.jsonl")"
grep -q "screened 0 of 20000" "$T/err" || fail "second delta screens nothing" "screened 0 of 20000" "$(cat "$T/err")"

# ---- a changed customer alerts again, saying why ---------------------------
sed 's/^old-2,Abdul Satar Ghoura,,AF$/old-2,Abdul Satar Ghoura,person,AF/' "$T/customers.csv" >"$T/c2.csv"
"$BIN" customers import --store "$S" "$T/c2.csv" 2>"$T/err" || fail "customers re-import" 0 "$?"
grep -q "20000 read, 1 new or changed" "$T/err" || fail "re-import: one changed" "1 new or changed" "$(cat "$T/err")"
"$BIN" rescreen --store "$S" --delta >"$T/d3.jsonl" 2>"$T/err"
grep -q "screened 1 of 20000" "$T/err" || fail "delta after a customer change screens one" "screened 1 of 20000" "$(cat "$T/err")"
grep -q '"customer_id":"old-2".*"reason":"customer record changed since the false-positive review"' "$T/d3.jsonl" ||
	fail "reopened false positive" "old-2 with a reason" "$(cat "$T/d3.jsonl")"
grep -v '"customer_id":"old-2"' "$T/d3.jsonl" | grep -q . && fail "only old-2 in delta" "old-2" "$(cat "$T/d3.jsonl")"

# ---- screening as of a date -----------------------------------------------
"$BIN" screen --store "$S" --as-of 2025-03-01 --json "Beijing Academy of Artificial Intelligence" >"$T/o" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "as of 2025-03-01: no alert" 0 "$rc $(cat "$T/o")"
grep -q '"alerts":\[\]' "$T/o" || fail "as of 2025-03-01: empty alerts" '[]' "$(cat "$T/o")"
"$BIN" screen --store "$S" --as-of 2025-04-01 --json "Beijing Academy of Artificial Intelligence" >"$T/o" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || fail "as of 2025-04-01: alert" 1 "$rc $(cat "$T/err")"
grep -q '"entry_id":"el-ecfr-2026-07-00234"' "$T/o" || fail "as of 2025-04-01: BAAI" el-ecfr-2026-07-00234 "$(cat "$T/o")"
# start dates count even in a snapshot that holds the entry: B alone, before 3/28
S2=$T/only-b.db
"$BIN" import --store "$S2" --as-of 2025-03-28 "$T/b/entity-list.csv" >/dev/null 2>&1
"$BIN" screen --store "$S2" --as-of 2025-03-27 "Beijing Academy of Artificial Intelligence" >"$T/o" 2>&1
[ $? = 0 ] || fail "B only, as of 2025-03-27: BAAI not yet listed" 0 "$(cat "$T/o")"
"$BIN" screen --store "$S2" --as-of 2025-03-28 "Beijing Academy of Artificial Intelligence" >"$T/o" 2>&1
[ $? = 1 ] || fail "B only, as of 2025-03-28: listed that day" 1 "$(cat "$T/o")"

# ---- audit ------------------------------------------------------------------
"$BIN" audit verify --store "$S" 2>"$T/err" || fail "audit verify" 0 "$(cat "$T/err")"
"$BIN" audit check --store "$S" 2>"$T/err" || fail "audit check" 0 "$(cat "$T/err")"
for action in import customers-import rescreen review screen; do
	"$BIN" audit export --store "$S" | grep -q "\"action\":\"$action\"" || fail "audit record for $action" present absent
done
"$BIN" audit export --store "$S" | grep '"action":"review"' | grep -q '"who":"analyst1"' ||
	fail "review audit names the analyst" analyst1 "$("$BIN" audit export --store "$S" | grep review | head -1)"
echo "ok: A $kept entries, B +$dropped; delta alerted exactly $(echo "$want" | wc -w) March 2025 parties"
exit 0
