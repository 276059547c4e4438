#!/usr/bin/env bash
# lists_eu_csv.sh - the EU Financial Sanctions File's semicolon CSV layout
# (tests/fixtures/eu/fsf.csv and its trimmed copy, written by make_csv.py):
# detected from its header with or without a byte order mark, counted by
# `clearance lists --json`, the same entries as the same entities in the XML
# (`clearance show --all`, where each was read from aside), accepted by
# `screen`, `index build` and `import` like any list file and in a folder;
# a missing column, a bad date and a row without its id refused with exit 2
# naming the file, line and column, skipped and counted with --lenient.
# usage: bash lists_eu_csv.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIX=$2/eu
scratch

field() { printf '%s\n' "$out" | sed 's/,"evidence":.*//' | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
ev() { printf '%s\n' "$out" | sed -n "s/.*\"evidence\":{[^]]*\"$1\":{\"items\":\([0-9]*\),\"entries\":\([0-9]*\)}.*/\1:\2/p"; }

# file format rows entries names addresses dob pob citizenship id gender (items:entries)
while read -r f format rows entries names addrs dob pob cit id gender; do
	lists_json --list "$f"
	[ "$rc" = 0 ] || fail "lists $f: exit code" 0 "$rc ($(head -3 "$T/err"))"
	[ -s "$T/err" ] && fail "lists $f: stderr" "(empty)" "$(head -3 "$T/err")"
	for kv in format=$format rows=$rows entries=$entries names=$names addresses=$addrs \
		skipped=0 header_repeats=0; do
		[ "$(field "${kv%%=*}")" = "${kv#*=}" ] || fail "lists $f: ${kv%%=*}" "${kv#*=}" "$(field "${kv%%=*}")"
	done
	got=$(printf '%s\n' "$out" | sed -n 's/.*"non_latin_names":\([0-9]*\).*/\1/p')
	[ "$got" = 2 ] || fail "lists $f: non_latin_names" 2 "$got"
	for kv in dob=$dob pob=$pob citizenship=$cit id=$id gender=$gender; do
		[ "$(ev "${kv%%=*}")" = "${kv#*=}" ] || fail "lists $f: evidence ${kv%%=*}" "${kv#*=}" "$(ev "${kv%%=*}")"
	done
done <<LISTS
$FIX/fsf.csv eu-csv 26 4 10 4 3:2 2:2 2:2 3:3 2:2
$FIX/fsf-trimmed.csv eu-csv 26 4 10 4 3:2 2:2 2:2 3:3 2:2
$FIX/fsf-twin.xml eu-xml 4 4 10 4 3:2 2:2 2:2 3:3 2:2
LISTS

# ---- the same entries as the XML: every field but where it was read from -----------
entries() { "$BIN" show --all --list "$1" | sed 's/,"file":"[^"]*","line":[0-9]*}$/}/'; }
entries "$FIX/fsf-twin.xml" >"$T/xml.jsonl" || fail "show --all fsf-twin.xml" 0 "$?"
[ "$(wc -l <"$T/xml.jsonl")" = 4 ] || fail "show --all fsf-twin.xml: entries" 4 "$(wc -l <"$T/xml.jsonl")"
for f in fsf.csv fsf-trimmed.csv; do
	entries "$FIX/$f" >"$T/csv.jsonl" || fail "show --all $f" 0 "$?"
	cmp -s "$T/xml.jsonl" "$T/csv.jsonl" ||
		fail "$f and fsf-twin.xml: the same entries" "$(diff "$T/xml.jsonl" "$T/csv.jsonl" | head -6)"
done

# ---- screening, a folder, an index, a store -----------------------------------------
while IFS='|' read -r name id; do
	"$BIN" screen --list "$FIX/fsf.csv" "$name" >"$T/out" 2>"$T/err"
	[ $? = 1 ] || fail "screen '$name': exit code (1: alerts)" 1 "$(head -3 "$T/err")"
	grep -qE "ALERT .* $id " "$T/out" || fail "screen '$name': alert on $id" "$id" "$(cat "$T/out")"
done <<QUERIES
Ivan Sidorov|eu:101
Иван Петрович Сидоров|eu:101
Volga Shipyard JSC|eu:202
Ali Rezaei|eu:303
Al-Noor Trading General Contracting|eu:404
QUERIES
mkdir "$T/lists"
cp "$FIX/fsf-trimmed.csv" "$T/lists/eu-export.csv"
printf 'a;b\n1;2\n' >"$T/lists/other.csv"
lists_json --list "$T/lists"
[ "$rc" = 0 ] || fail "lists folder: exit code" 0 "$rc ($(head -3 "$T/err"))"
got=$(printf '%s\n' "$out" | sed -n 's/.*"sources":{\([^}]*\)}.*/\1/p')
[ "$got" = '"EU":4' ] || fail "lists folder: sources" '"EU":4' "$got"
"$BIN" index build --list "$FIX/fsf.csv" -o "$T/eu.clx" >/dev/null 2>"$T/err" ||
	fail "index build fsf.csv" "exit 0" "$(cat "$T/err")"
"$BIN" screen --index "$T/eu.clx" "Ivan Sidorov" >"$T/out" 2>"$T/err"
grep -qE "ALERT .* eu:101 " "$T/out" || fail "screen --index: alert on eu:101" eu:101 "$(cat "$T/out" "$T/err")"
"$BIN" import --store "$T/s.db" --as-of 2026-08-05 "$FIX/fsf.csv" >"$T/out" 2>"$T/err" ||
	fail "import fsf.csv" "exit 0" "$(cat "$T/err")"

# ---- broken copies: exit 2 naming the file, line and column; --lenient skips --------
broken() { # NAME EXPECTED-MESSAGE (ERE) SKIPPED-WITH-LENIENT (or "fatal"); the copy in $T/NAME
	"$BIN" lists --list "$T/$1" >/dev/null 2>"$T/err"
	[ $? = 2 ] || fail "$1: exit code" 2 "$(cat "$T/err")"
	grep -qE "$2" "$T/err" || fail "$1: message" "$2" "$(cat "$T/err")"
	lists_json --lenient --list "$T/$1"
	if [ "$3" = fatal ]; then
		[ "$rc" = 2 ] || fail "$1 --lenient: exit code" 2 "$rc"
	else
		[ "$rc" = 0 ] && [ "$(field skipped)" = "$3" ] ||
			fail "$1 --lenient: skipped" "$3" "rc $rc, $(field skipped) ($(cat "$T/err"))"
	fi
}
sed '1s/;Entity_LogicalId;/;Entity_Id;/' "$FIX/fsf.csv" >"$T/nocolumn.csv"
broken nocolumn.csv "nocolumn\.csv:1: field 'Entity_LogicalId': the header has no column" fatal
sed '1s/NameAlias_\(LastName\|FirstName\|MiddleName\|WholeName\);/NameAlias_X\1;/g' "$FIX/fsf.csv" >"$T/noname.csv"
broken noname.csv "noname\.csv:1: field 'NameAlias_WholeName': the header has no column" fatal
sed 's/;2023-06-23;2023-06-23;/;2023-06-31;2023-06-23;/' "$FIX/fsf.csv" >"$T/baddate.csv"
broken baddate.csv "baddate\.csv:18: field 'Entity_Regulation_PublicationDate': '2023-06-31' is not a date" 1
sed '$s/^05\/08\/2026;303;/05\/08\/2026;;/' "$FIX/fsf.csv" >"$T/noid.csv"
broken noid.csv "noid\.csv:33: field 'Entity_LogicalId': row has no Entity_LogicalId" 1
{ head -n 1 "$FIX/fsf.csv"; sed -n 2p "$FIX/fsf.csv" | cut -d'"' -f1-2; } >"$T/cut.csv" # in a quoted field
broken cut.csv "cut\.csv:2: field 'Entity_Remark': unterminated quoted field" 1

echo "lists_eu_csv.sh: all checks passed"
exit 0
