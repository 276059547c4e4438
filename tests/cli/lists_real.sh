#!/usr/bin/env bash
# lists_real.sh - every row of every real list file is accounted for:
# `clearance lists --json` counts per file (rows, entries, orphans, skipped)
# and per source of the 2022 CSL must equal the measured values; the
# truncated 2023 CSL subset fails strictly and loads with --lenient.
# usage: bash lists_real.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists
L=$SHARED/lists

scratch

# The JSON shape is fixed and flat (lists.c), so single values are read with
# sed rather than a JSON parser:
#   {"evidence_policy":V,"files":[{"path":P,"format":F,"rows":N,"entries":N,"names":N,"addresses":N,
#     "header_repeats":N,"skipped":N,"orphans":N,"evidence":{"dob":{"items":N,"entries":N},...},
#     "dob_unread":N,"remarks_left":N},...],"sources":{"SDN":N,...},"entries":N}
# (file_field leaves the evidence object out: its keys repeat "entries"; evidence_real.sh
# reads it)
# file_field PATH KEY: a number of the files[] record of PATH
file_field() {
	printf '%s\n' "$out" | sed -e 's/},{/}\n{/g' -e 's/}\],"sources"/}\n],"sources"/' | grep -F "\"path\":\"$1\"" |
		sed -e 's/"evidence":{[^]]*},"dob_unread"/"dob_unread"/' | sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
source_count() { # SOURCE
	printf '%s\n' "$out" | sed -n "s/.*\"sources\":{[^}]*\"$1\":\([0-9]*\)[,}].*/\1/p"
}

# ---- one file at a time: rows, entries, orphans, skipped -------------------------
while read -r rel format rows entries orphans; do
	lists_json --list "$L/$rel"
	[ "$rc" = 0 ] || fail "lists $rel: exit code" 0 "$rc ($(head -3 "$T/err"))"
	got=$(printf '%s\n' "$out" | grep -o "\"format\":\"[^\"]*\"" | head -1)
	[ "$got" = "\"format\":\"$format\"" ] || fail "lists $rel: format" "$format" "$got"
	for kv in rows=$rows entries=$entries orphans=$orphans skipped=0; do
		k=${kv%=*}
		want=${kv#*=}
		got=$(file_field "$L/$rel" "$k")
		[ "$got" = "$want" ] || fail "lists $rel: $k" "$want" "$got (output: $out)"
	done
	got=$(printf '%s\n' "$out" | sed -n 's/.*},"entries":\([0-9]*\)}$/\1/p')
	[ "$got" = "$entries" ] || fail "lists $rel: total entries" "$entries" "$got"
done <<'EOF'
csl/consolidated-2022-04.csv csl-csv 14160 14160 0
csl/entity-list-2026-07.csv csl-csv 3409 3409 0
ofac/sdn.csv ofac-csv 14965 14965 7359
ofac/cons_prim.csv ofac-csv 442 442 0
bis/dpl.txt dpl 665 665 0
un/consolidated.xml un-xml 1003 1003 0
EOF

# orphan sibling rows are reported on stderr, not dropped silently
lists_json --list "$L/ofac/sdn.csv"
grep -qF "7359 sibling rows without an entry" "$T/err" ||
	fail "lists ofac/sdn.csv: orphan report" "*7359 sibling rows without an entry*" "$(head -3 "$T/err")"

# ---- per-source counts of the 2022 CSL ---------------------------------------------
lists_json --list "$L/csl/consolidated-2022-04.csv"
nsources=0
for kv in SDN=10026 EL=2001 DTC=727 DPL=462 SSI=290 UVL=201 ISN=163 PLC=78 MEU=71 CMIC=68 \
	CAP=53 MBS=17 FSE=3; do
	k=${kv%=*}
	want=${kv#*=}
	got=$(source_count "$k")
	[ "$got" = "$want" ] || fail "lists consolidated-2022-04.csv: source $k" "$want" "$got (output: $out)"
	nsources=$((nsources + 1))
done
got=$(printf '%s\n' "$out" | sed -n 's/.*"sources":{\([^}]*\)}.*/\1/p' | tr ',' '\n' | wc -l)
[ "$got" = "$nsources" ] || fail "lists consolidated-2022-04.csv: number of sources" "$nsources" "$got"

# ---- the CSL folder: strict fails on the truncated subset, lenient loads it ---------
subset=$L/csl/consolidated-2023-11-subset.csv
lists_json --list "$L/csl"
[ "$rc" = 2 ] || fail "lists csl folder (strict): exit code" 2 "$rc"
[ -z "$out" ] || fail "lists csl folder (strict): stdout" "(empty)" "$out"
err=$(cat "$T/err")
want="$subset:4233: field 'addresses':"
case $err in
*"$want"*) ;;
*) fail "lists csl folder (strict): message" "*$want*" "$err" ;;
esac

lists_json --lenient --list "$L/csl"
[ "$rc" = 0 ] || fail "lists --lenient csl folder: exit code" 0 "$rc ($(cat "$T/err"))"
while read -r rel rows entries skipped hdr; do
	for kv in rows=$rows entries=$entries skipped=$skipped header_repeats=$hdr; do
		k=${kv%=*}
		want=${kv#*=}
		got=$(file_field "$L/csl/$rel" "$k")
		[ "$got" = "$want" ] || fail "lists --lenient csl folder: $rel $k" "$want" "$got (output: $out)"
	done
done <<'EOF'
consolidated-2022-04.csv 14160 14160 0 0
consolidated-2023-11-subset.csv 4227 4226 1 1
consolidated-2025-format-sample.csv 13 13 0 0
entity-list-2026-07.csv 3409 3409 0 0
EOF
got=$(printf '%s\n' "$out" | sed -n 's/.*},"entries":\([0-9]*\)}$/\1/p')
[ "$got" = 21808 ] || fail "lists --lenient csl folder: total entries" 21808 "$got"
grep -qF "skipped: $subset:4233: field 'addresses'" "$T/err" ||
	fail "lists --lenient csl folder: skipped row reported" "*skipped: $subset:4233: field 'addresses'*" "$(cat "$T/err")"

echo "lists_real.sh: all checks passed"
exit 0
