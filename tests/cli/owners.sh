#!/usr/bin/env bash
# owners.sh - golden tests of `clearance owners`: the fixed point on a graph
# with a cycle, self-ownership and over-100% holdings (sample lists, no
# shared data needed); every malformed ownership file is exit 2 with file,
# line and field; then the Inspur gap on real Entity List entries
# (fixtures/owner/inspur.csv: illustrative percentages, not the real
# shareholdings): before 2025-03-28 the Inspur subsidiaries are covered only
# through Inspur Group (88 FR 13675), after it they are listed (90 FR 14048).
# usage: bash owners.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
SHARED=${3:-}
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 absent"; exit 77; }
SAMPLE=(--list "$REPO/data/sample/lists" --rules "$REPO/data/rules")
O=$FIXTURES/owner

scratch

# query FILE EXPR: evaluates a Python expression over the JSON report `d`
query() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
cov = lambda r: sorted(p["id"] for p in d["rules"][r]["covered"])
gap = sorted(p["id"] for p in d["gap"])
print(eval(sys.argv[2]))' "$1" "$2"
}

# ---- cycle, self-ownership, over 100% (sample lists) ----------------------
timeout 60 "$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/cycle.csv" --date 2025-06-01 --json \
	>"$T/r.json" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "cycle: exit code (and no hang)" 0 "$rc $(cat "$T/err")"
# c1 is 50% held by the SDN: blocked; c2 is 60% held by c1: blocked; c1's 30%
# from c2 adds to 80%.  c3 <-> c4 own each other 70% but nobody is listed.
[ "$(query "$T/r.json" 'cov(0)')" = "['c1', 'c2']" ] || fail "cycle: covered" "['c1', 'c2']" "$(query "$T/r.json" 'cov(0)')"
[ "$(query "$T/r.json" '[p["owned_share"] for p in d["rules"][0]["covered"] if p["id"]=="c1"][0]')" = 80.0 ] ||
	fail "cycle: c1 share" 80.0 "$(query "$T/r.json" '[p["owned_share"] for p in d["rules"][0]["covered"] if p["id"]=="c1"]')"
[ "$(query "$T/r.json" 'gap')" = "['c1', 'c2']" ] || fail "cycle: gap" "['c1', 'c2']" "$(query "$T/r.json" 'gap')"
for w in "ownership cycle among 2 parties ('c1', 'c2')" "ownership cycle among 2 parties ('c3', 'c4')" \
	"'self' owns itself" "'over': ownership in force on 2025-06-01 sums to 130%"; do
	query "$T/r.json" '"\n".join(d["warnings"])' | grep -F "$w" >/dev/null || fail "warning" "$w" "$(query "$T/r.json" 'd["warnings"]')"
done
# on 2024-12-31 the 60% edge is not in force yet: no over-100 warning
"$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/cycle.csv" --date 2024-12-31 --json >"$T/r.json"
query "$T/r.json" '"\n".join(d["warnings"])' | grep "sums to" >/dev/null && fail "dated edges" "no over-100 warning" "one"
# the text report names the paths with percentages
"$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/cycle.csv" --date 2025-06-01 >"$T/r.txt"
grep -qF "path: BANCO NACIONAL DE CUBA [list:sample-sdn-306] -50%-> Caribe Loop Holdings S.A. [c1] -60%-> Caribe Loop Trading S.A. [c2]" "$T/r.txt" ||
	fail "text path" "BANCO ... -50%-> ... -60%-> ..." "$(cat "$T/r.txt")"

# ---- malformed files: exit 2, file:line: field -----------------------------
while IFS='|' read -r file want; do
	"$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/$file" --date 2025-06-01 >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "$file: exit code" 2 "$rc"
	grep -qF "$want" "$T/err" || fail "$file: message" "$want" "$(cat "$T/err")"
done <<'EOF2'
bad-percent.csv|bad-percent.csv:3: field 'percent': 'fifty' is not a number
bad-date.csv|bad-date.csv:2: field 'start_date': '2025-02-30' is not an ISO date
end-before-start.csv|end-before-start.csv:2: field 'end_date': 2024-01-01 is before start_date
over-100.csv|over-100.csv:2: field 'percent': '100.5' is outside (0, 100]
missing-column.csv|missing-column.csv:1: field 'percent': missing from the header
bad-quote.csv|bad-quote.csv:2: malformed quoting
unknown-list-id.csv|party id 'list:no-such-entry': no entry with id 'no-such-entry'
EOF2
"$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/empty-rows.csv" --date 2025-06-01 >"$T/out" 2>&1 ||
	fail "header only: exit code" 0 "$? $(cat "$T/out")"
"$BIN" owners -q "${SAMPLE[@]}" --ownership "$O/cycle.csv" --date 2025-6-1 >/dev/null 2>"$T/err" &&
	fail "bad --date" "exit 2" "exit 0"
grep -q "not an ISO date" "$T/err" || fail "bad --date: message" "not an ISO date" "$(cat "$T/err")"

# ---- the Inspur gap on the real Entity List --------------------------------
need_shared -n "the sample-list part passed" lists
EL=(--list "$SHARED/lists/csl/entity-list-2026-07.csv" --rules "$REPO/data/rules")
"$BIN" owners -q "${EL[@]}" --ownership "$O/inspur.csv" --date 2024-06-01 --json >"$T/r.json" ||
	fail "inspur 2024: exit code" 0 "$?"
want="['list:el-ecfr-2026-07-00678', 'list:el-ecfr-2026-07-00679', 'list:el-ecfr-2026-07-00682', 'qilu']"
[ "$(query "$T/r.json" 'gap')" = "$want" ] || fail "inspur 2024: gap" "$want" "$(query "$T/r.json" 'gap')"
[ "$(query "$T/r.json" 'd["rules"][1]["status"]')" = not_in_force ] || fail "inspur 2024: rule status" not_in_force "$(query "$T/r.json" 'd["rules"][1]["status"]')"
# the 30% minority holding is not covered
query "$T/r.json" 'cov(1)' | grep minority >/dev/null && fail "inspur: 30% minority" "not covered" "covered"
"$BIN" owners -q "${EL[@]}" --ownership "$O/inspur.csv" --date 2025-10-01 --json >"$T/r.json"
[ "$(query "$T/r.json" 'gap')" = "['qilu']" ] || fail "inspur 2025-10: gap" "['qilu']" "$(query "$T/r.json" 'gap')"
[ "$(query "$T/r.json" 'd["rules"][1]["status"]')" = in_force ] || fail "inspur 2025-10: status" in_force "$(query "$T/r.json" 'd["rules"][1]["status"]')"
"$BIN" owners -q "${EL[@]}" --ownership "$O/inspur.csv" --date 2026-03-01 --json >"$T/r.json"
[ "$(query "$T/r.json" 'd["rules"][1]["status"]')" = suspended ] || fail "inspur 2026-03: status" suspended "$(query "$T/r.json" 'd["rules"][1]["status"]')"
echo "owners: all golden reports hold"
