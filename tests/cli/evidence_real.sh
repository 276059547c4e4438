#!/usr/bin/env bash
# evidence_real.sh - the evidence beyond the name read from each real list file:
# `clearance lists --json` counts per file, by kind, the items kept and the entries
# with at least one (dates of birth, identifiers, IMO numbers ...), the dates of
# birth in no form read and the OFAC remark fields left in the remarks; each must
# equal the measured value (checked with python3 against the files).
# usage: bash evidence_real.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists/csl/consolidated-2022-04.csv lists/csl/entity-list-2026-07.csv \
	lists/ofac/sdn.csv lists/ofac/cons_prim.csv lists/un/consolidated.xml
L=$SHARED/lists

scratch

# One file per run, so the files[] record is the only one:
#   {"evidence_policy":V,"files":[{"path":P,...,"orphans":N,"evidence":{"dob":{"items":N,"entries":N},
#     "pob":{...},...},"dob_unread":N,"remarks_left":N}],"sources":{...},"entries":N}
ev() { # KIND: "ITEMS ENTRIES" of the evidence of that kind
	printf '%s\n' "$out" |
		sed -n "s/.*\"evidence\":{[^]]*\"$1\":{\"items\":\([0-9]*\),\"entries\":\([0-9]*\)}.*/\1 \2/p"
}
num() { # KEY: a number of the file record that only it has (dob_unread, remarks_left)
	printf '%s\n' "$out" | sed -n "s/.*\"$1\":\([0-9]*\)[,}].*/\1/p"
}

# file  dob(items entries)  id(items entries)  imo(items entries)  dob_unread  remarks_left
while read -r rel dob_i dob_e id_i id_e imo_i imo_e unread left; do
	lists_json --list "$L/$rel"
	[ "$rc" = 0 ] || fail "lists $rel: exit code" 0 "$rc ($(head -3 "$T/err"))"
	for kv in dob="$dob_i $dob_e" id="$id_i $id_e" imo="$imo_i $imo_e"; do
		k=${kv%%=*}
		want=${kv#*=}
		got=$(ev "$k")
		[ "$got" = "$want" ] || fail "lists $rel: evidence $k (items entries)" "$want" "$got (output: $out)"
	done
	for kv in dob_unread=$unread remarks_left=$left; do
		k=${kv%=*}
		want=${kv#*=}
		got=$(num "$k")
		[ "$got" = "$want" ] || fail "lists $rel: $k" "$want" "$got (output: $out)"
	done
done <<'EOF'
csl/consolidated-2022-04.csv 5858 5149 8474 5124 439 439 0 0
csl/entity-list-2026-07.csv 0 0 0 0 0 0 0 0
ofac/sdn.csv 7533 6736 14481 8491 854 854 0 2109
ofac/cons_prim.csv 74 74 912 342 0 0 0 51
un/consolidated.xml 870 679 454 272 0 0 3 0
EOF

# ---- every kind of the SDN file: the remarks, Call_Sign and Vessel_flag ---------
lists_json --list "$L/ofac/sdn.csv"
for kv in dob="7533 6736" pob="4347 4131" nationality="4886 4701" citizenship="1128 1057" \
	id="14481 8491" imo="854 854" mmsi="154 154" call_sign="253 251" \
	aircraft_serial="411 360" gender="4264 4264" flag="815 815"; do
	k=${kv%%=*}
	want=${kv#*=}
	got=$(ev "$k")
	[ "$got" = "$want" ] || fail "lists ofac/sdn.csv: evidence $k (items entries)" "$want" "$got"
done

# ---- and of the UN file: dates and places of birth, nationalities, documents -----
lists_json --list "$L/un/consolidated.xml"
for kv in dob="870 679" pob="633 534" nationality="650 624" id="454 272" citizenship="0 0" \
	gender="0 0"; do
	k=${kv%%=*}
	want=${kv#*=}
	got=$(ev "$k")
	[ "$got" = "$want" ] || fail "lists un/consolidated.xml: evidence $k (items entries)" "$want" "$got"
done

echo "evidence_real.sh: all checks passed"
exit 0
