#!/usr/bin/env bash
# bench_rescreen.sh - full versus delta re-screening over a clearance store:
# snapshot A = the Entity List before 2025-03-25, B = the whole list (142
# entries added), N synthetic customers (default 20,000).  Prints seconds for
# the customer import, a full rescreen, the delta after the list change, a
# delta after 1% of the customers changed, and a full rescreen of B.
# NAMES=generated (default) uses clr-benchgen's realistic queries (variants of
# listed names and synthetic names, many alerting); NAMES=synthetic uses
# invented names on no list (cheap to screen, few alerts).  STORE=URI runs it
# on that PostgreSQL database (empty; docs/deploy.md) instead of a SQLite file.
# usage: [NAMES=generated|synthetic] [STORE=URI] bench/bench_rescreen.sh BUILD_DIR SHARED_DATA_DIR [N]
set -eu

BUILD=${1:-build}
SHARED=${2:-../shared/data}
N=${3:-20000}
BIN=$BUILD/clearance
EL=$SHARED/lists/csl/entity-list-2026-07.csv
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$BIN" ] && [ -f "$EL" ] || { echo "usage: $0 BUILD_DIR SHARED_DATA_DIR [N]" >&2; exit 2; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S=${STORE:-$T/bench.db}
${CC:-cc} -O2 -o "$T/csv_before" "$HERE/../tests/fixtures/store/csv_before.c"
mkdir "$T/a" "$T/b"
"$T/csv_before" 2025-03-25 <"$EL" >"$T/a/el.csv" 2>"$T/counts"
cp "$EL" "$T/b/el.csv"

# N distinct synthetic customers: invented stems x trades x a numbered branch
gen() {
	local pct=$1
	echo "id,name,type,country"
	local pre=(Vel Mor Tas Quin Bry Dal Fen Gor Hal Jun Kel Lor Nim Pell Rov Sav Tor Ulv Wen Yar)
	local suf=(brook stead mere wick haven field dova crest holm thorpe)
	local biz=("Dairy Cooperative" "Garden Supplies" "Marine Engineering" "Bakery" "Textile Mills"
	           "Furniture Works" "Veterinary Clinic" "Bicycle Repair" "Orchard Farms" "Pottery Studio")
	local i=0 c
	while [ $i -lt "$N" ]; do
		c=US
		[ "$pct" -gt 0 ] && [ $((i % 100)) -lt "$pct" ] && c=CA
		printf 'b%07d,%s%s %s Branch %d,entity,%s\n' $i "${pre[$((i % 20))]}" \
			"${suf[$((i / 20 % 10))]}" "${biz[$((i / 200 % 10))]}" $((i / 2000)) $c
		i=$((i + 1))
	done
}
if [ "${NAMES:-generated}" = generated ] && [ -x "$BUILD/clr-benchgen" ]; then
	"$BUILD/clr-benchgen" "$SHARED/eval/dev-queries.jsonl" "$N" 42 >"$T/c0.csv"
	# 1% of the customers change: their name gains a suffix
	sed 's/^\({"id":"b[0-9]*[0-9][0-9]\)\(00","name":"[^"]*\)"/\1\2 Holdings"/' "$T/c0.csv" >"$T/c1.csv"
	NAMES=generated
else
	gen 0 >"$T/c0.csv"
	gen 1 >"$T/c1.csv"
	NAMES=synthetic
fi

t() { # label command...: prints label and wall seconds, keeps the summary line
	local s e
	s=$(date +%s.%N)
	"${@:2}" >/dev/null 2>"$T/err" || [ $? = 1 ]
	e=$(date +%s.%N)
	printf '%-36s %8.2f s   %s\n' "$1" "$(echo "$e - $s" | bc)" "$(tail -1 "$T/err" | cut -c1-150)"
}
echo "customers: $N ($NAMES names); entries added by B: $(cut -d' ' -f2 "$T/counts")"
t "import A" "$BIN" import --store "$S" --as-of 2025-03-24 "$T/a/el.csv"
t "customers import" "$BIN" customers import --store "$S" "$T/c0.csv"
t "full rescreen (A)" "$BIN" rescreen --store "$S"
t "import B" "$BIN" import --store "$S" --as-of 2025-03-28 "$T/b/el.csv"
t "delta rescreen after list change" "$BIN" rescreen --store "$S" --delta
t "customers import (1% changed)" "$BIN" customers import --store "$S" "$T/c1.csv"
t "delta rescreen after 1% customers" "$BIN" rescreen --store "$S" --delta
t "full rescreen (B)" "$BIN" rescreen --store "$S"
