#!/usr/bin/env bash
# store_world.sh - the store with the lists of other jurisdictions: the
# shared Australian workbook as a first snapshot, the UK and Japanese ones
# added in a second; diff names the added entries, as-of screening sees
# each snapshot's lists, and a delta rescreen raises the new parties'
# alerts once, with the party listed on several lists shown as one alert.
# usage: bash store_world.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists/au lists/uk lists/jp
L=$SHARED/lists
scratch
S=$T/s.db

"$BIN" import --store "$S" --as-of 2024-12-01 "$L/au" >/dev/null 2>"$T/err" ||
	fail "import AU" "$(cat "$T/err")"
"$BIN" import --store "$S" --as-of 2025-10-01 "$L/au" "$L/uk/ofsi-conlist-2025-04-14.xlsx" \
	"$L/jp" >/dev/null 2>"$T/err" || fail "import AU, UK, JP" "$(cat "$T/err")"
"$BIN" diff --store "$S" >"$T/diff" 2>"$T/err" || fail "diff" "$(cat "$T/err")"
python3 - "$T/diff" <<'PY' || fail "diff: the UK and Japanese entries added" "$(head -c 400 "$T/diff")"
import collections, json, sys
c = collections.Counter((d["change"], d["source"]) for d in map(json.loads, open(sys.argv[1])))
assert c[("added", "UK")] == 4688 and c[("added", "JP-EUL")] == 835, c
assert not any(k[1] == "AU" for k in c), c
PY
# as of each snapshot
"$BIN" screen -q --store "$S" --as-of 2025-01-01 --json "Iran Aircraft Industries" >"$T/a1" 2>"$T/err"
"$BIN" screen -q --store "$S" --as-of 2025-11-01 --json "Iran Aircraft Industries" >"$T/a2" 2>"$T/err"
python3 - "$T/a1" "$T/a2" <<'PY' || fail "as-of screening" "$(cat "$T/a1" "$T/a2")"
import json, sys
one, two = (json.loads(open(p).read())["alerts"] for p in sys.argv[1:3])
assert not any(a["source"] in ("UK", "JP-EUL") for a in one), one
srcs = {a["source"] for a in two} | {l["source"] for a in two for l in a.get("listings", [])}
assert {"UK", "JP-EUL"} <= srcs, srcs
PY
# a customer, screened against each snapshot in turn
echo '{"id":"c1","name":"Kaveh Cutting Tools Company"}' >"$T/c.jsonl"
"$BIN" customers import --store "$S" "$T/c.jsonl" >/dev/null 2>"$T/err" || fail "customers" "$(cat "$T/err")"
"$BIN" rescreen --store "$S" >"$T/r1" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || fail "rescreen: an alert (exit 1)" 1 "$rc $(cat "$T/err")"
python3 - "$T/r1" <<'PY' || fail "rescreen: one alert for the party" "$(cat "$T/r1")"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
kaveh = [a for a in r if "KAVEH" in a["entry_name"].upper()]
# listed in AU (no country: a party of its own), JP and the UK (Iran both: one party,
# one alert for the two listings)
assert sorted(a["source"] for a in kaveh) in (["AU", "JP-EUL"], ["AU", "UK"]), r
PY
"$BIN" rescreen --store "$S" --delta >"$T/r2" 2>"$T/err"
[ ! -s "$T/r2" ] || fail "delta rescreen: nothing new" "(nothing)" "$(cat "$T/r2")"
# a customer's own jurisdictions: its column, over the run's
printf 'id,name,jurisdiction\nc2,Kaveh Cutting Tools Company,UK\nc3,Kaveh Cutting Tools Company,"AU, JP"\n' >"$T/j.csv"
"$BIN" customers import --store "$S" "$T/j.csv" >/dev/null 2>"$T/err" || fail "customers with jurisdictions" "$(cat "$T/err")"
"$BIN" rescreen --store "$S" --delta >"$T/r3" 2>"$T/err"
got=$(python3 -c '
import json, sys
print(" ".join(sorted("%s:%s" % (a["customer_id"], a["source"]) for a in map(json.loads, open(sys.argv[1])))))
' "$T/r3")
[ "$got" = "c2:UK c3:AU c3:JP-EUL" ] || fail "rescreen: each customer's own lists" "c2:UK c3:AU c3:JP-EUL" "$got"
printf 'id,name,jurisdiction\nc4,Nobody,US;XX\n' >"$T/bad.csv"
"$BIN" customers import --store "$S" "$T/bad.csv" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q "bad.csv:2: field 'jurisdiction'" "$T/err" ||
	fail "customers: a bad jurisdiction names file, line and field" 2 "$rc $(cat "$T/err")"
"$BIN" audit verify --store "$S" >/dev/null 2>"$T/err" || fail "audit verify" "$(cat "$T/err")"
echo "PASS: store_world"
