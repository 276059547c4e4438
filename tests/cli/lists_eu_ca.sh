#!/usr/bin/env bash
# lists_eu_ca.sh - the EU Financial Sanctions File sample and Canada's SEMA
# list: detected from their content, every record an entry with the measured
# names and evidence (`clearance lists --json`), both files of a folder
# loaded beside an unknown XML file, a truncated copy refused naming the file
# and line, and a listed EU and a listed Canadian name alerting
# (`clearance screen --list FILE NAME`).
# usage: bash lists_eu_ca.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists/eu/eu-fsf-sample-2026-08-05.xml lists/ca/sema-lmes-2020-04.xml
EU=$SHARED/lists/eu/eu-fsf-sample-2026-08-05.xml
CA=$SHARED/lists/ca/sema-lmes-2020-04.xml

scratch

# The JSON of one file (lists.c; see lists_real.sh and evidence_real.sh):
#   {...,"files":[{"path":P,"format":F,"rows":N,"entries":N,"names":N,"addresses":N,...,
#     "evidence":{"dob":{"items":N,"entries":N},...},"dob_unread":N,...}],"sources":{...},...}
ev() { # KIND: "ITEMS ENTRIES"
	printf '%s\n' "$out" |
		sed -n "s/.*\"evidence\":{[^]]*\"$1\":{\"items\":\([0-9]*\),\"entries\":\([0-9]*\)}.*/\1 \2/p"
}

# file  format rows entries names addresses  dob pob citizenship id gender (items:entries)
while read -r f format rows entries names addrs dob pob cit id gender; do
	lists_json --list "$f"
	[ "$rc" = 0 ] || fail "lists $f: exit code" 0 "$rc ($(head -3 "$T/err"))"
	[ -s "$T/err" ] && fail "lists $f: stderr" "(empty)" "$(head -3 "$T/err")"
	rec=$(printf '%s\n' "$out" | sed 's/,"evidence":.*//')
	for kv in format=$format rows=$rows entries=$entries names=$names addresses=$addrs skipped=0; do
		k=${kv%=*}
		want=${kv#*=}
		got=$(printf '%s\n' "$rec" | sed -n "s/.*\"$k\":\"\{0,1\}\([^\",}]*\).*/\1/p")
		[ "$got" = "$want" ] || fail "lists $f: $k" "$want" "$got (output: $out)"
	done
	for kv in dob=$dob pob=$pob citizenship=$cit id=$id gender=$gender; do
		k=${kv%%=*}
		want=${kv#*=}
		want=${want/:/ }
		got=$(ev "$k")
		[ "$got" = "$want" ] || fail "lists $f: evidence $k (items entries)" "$want" "$got (output: $out)"
	done
done <<LISTS
$EU eu-xml 5 5 45 8 6:4 5:4 2:2 5:4 1:1
$CA ca-xml 1369 1369 1571 0 213:212 0:0 0:0 0:0 0:0
LISTS

# ---- a folder: both formats detected, an XML file of no list format passed over --
mkdir "$T/lists"
cp "$EU" "$CA" "$T/lists/"
printf '<?xml version="1.0"?>\n<data-set><row><a>1</a></row></data-set>\n' >"$T/lists/other.xml"
lists_json --list "$T/lists"
[ "$rc" = 0 ] || fail "lists folder: exit code" 0 "$rc ($(head -3 "$T/err"))"
got=$(printf '%s\n' "$out" | sed -n 's/.*"sources":{\([^}]*\)}.*/\1/p')
[ "$got" = '"EU":5,"CA":1369' ] || fail "lists folder: sources" '"EU":5,"CA":1369' "$got"
"$BIN" lists --list "$T/lists/other.xml" >/dev/null 2>"$T/err" && fail "an unknown XML file alone loads"
grep -qF "other.xml: unrecognised list format" "$T/err" ||
	fail "unknown XML: message" "*other.xml: unrecognised list format*" "$(cat "$T/err")"

# ---- a truncated copy names the file, line and element, lenient or not -------------
head -n 40 "$EU" >"$T/cut.xml"
"$BIN" lists --lenient --list "$T/cut.xml" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "truncated EU file: exit code" 2 "$rc"
grep -qE "cut.xml:4[01]: field '[A-Za-z]+'" "$T/err" ||
	fail "truncated EU file: message" "*cut.xml:40 or 41: field '...'*" "$(cat "$T/err")"

# ---- screening: a listed name of each list alerts with its entry ------------------
while IFS='|' read -r f name id; do
	"$BIN" screen --list "$f" "$name" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 1 ] || fail "screen '$name': exit code (1: alerts)" 1 "$rc ($(head -3 "$T/err"))"
	grep -qE "ALERT .* $id " "$T/out" || fail "screen '$name': alert on $id" "$id" "$(cat "$T/out")"
done <<QUERIES
$EU|Khalid Sheikh Mohammed|eu:191
$EU|Parchin Chemical Industries|eu:3822
$CA|Andrei Akimov|ca:russia:1:94
$CA|Air Bagan Limited|ca:burma:1:1
$CA|Iranian Army|ca:iran:1:31
QUERIES

echo "lists_eu_ca.sh: all checks passed"
exit 0
