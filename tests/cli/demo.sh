#!/usr/bin/env bash
# demo.sh - `clearance demo` (what `make run` shows) on the sample lists and
# customers: exit 0, a summary line that agrees with the report, the March
# 2025 Entity List hits explained, the clean customers left clear.
# usage: bash demo.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$REPO/data/sample/lists
CUSTOMERS=$REPO/data/sample/customers.csv
[ -d "$LISTS" ] && [ -f "$CUSTOMERS" ] || fail "$LISTS or $CUSTOMERS absent"

scratch

"$BIN" demo --list "$LISTS" --input "$CUSTOMERS" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "demo: exit code" 0 "$rc ($(cat "$T/err"))"

ncust=$(($(grep -c . "$CUSTOMERS") - 1))
nalert=$(grep -c '^  ALERT ' "$T/out")
nclear=$(grep -c '^  clear ' "$T/out")
[ "$nalert" -ge 8 ] || fail "demo: ALERT lines" ">= 8" "$nalert"
[ $((nalert + nclear)) = "$ncust" ] || fail "demo: one ALERT or clear line per customer" "$ncust" "$((nalert + nclear))"
want="$ncust customers screened, $nalert with alerts."
grep -qxF "$want" "$T/out" || fail "demo: summary line" "$want" "$(grep 'customers screened' "$T/out")"
grep -qF '"Beijing Academy of Artificial Intelligence"' "$T/out" ||
	fail "demo: BAAI explained" '*"Beijing Academy of Artificial Intelligence"*' "$(cat "$T/out")"
grep -qF 'total 15 entries' "$T/out" || fail "demo: lists loaded" "total 15 entries" "$(grep total "$T/out")"

# customer -> ALERT/clear and the entry on top, for the unambiguous customers
while read -r id verdict entry; do
	line=$(grep -E "^  (ALERT|clear)   $id " "$T/out")
	case $line in
	"  $verdict   $id "*) ;;
	*) fail "demo: customer $id" "$verdict" "$line" ;;
	esac
	if [ "$entry" != - ]; then
		next=$(grep -A1 -E "^  ALERT   $id " "$T/out" | sed -n 2p)
		case $next in
		*"-> "*" $entry "*) ;;
		*) fail "demo: customer $id entry" "$entry" "$next" ;;
		esac
	fi
done <<'EOF'
c001 ALERT sample-el-0001
c003 ALERT sample-el-0003
c004 ALERT sample-el-0005
c014 ALERT sample-sdn-6365
c015 ALERT sample-sdn-306
c016 ALERT sample-sdn-15032
c009 clear -
c011 clear -
c013 clear -
c020 clear -
EOF

# a missing customer file is an input error
"$BIN" demo --list "$LISTS" --input "$T/absent.csv" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "demo missing input: exit code" 2 "$rc"
grep -qF "$T/absent.csv" "$T/err" || fail "demo missing input: message" "*$T/absent.csv*" "$(cat "$T/err")"

echo "demo.sh: all checks passed"
exit 0
