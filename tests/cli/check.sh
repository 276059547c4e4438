#!/usr/bin/env bash
# check.sh - golden license decisions (`clearance check`) on real entries of
# ../shared/data/lists with made-up unlisted subsidiaries
# (fixtures/check/ownership.csv; the percentages are illustrative, not real
# shareholdings).  Each case states the decision, the rules that must appear
# among the reasons and why, from the rule text (docs/rules.md).  Also: input
# errors name line and field, exit codes.
# usage: bash check.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
SHARED=${3:-}
need_shared lists
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 absent"; exit 77; }
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
L=$SHARED/lists
LISTS=(--list "$L/csl/entity-list-2026-07.csv" --list "$L/csl/consolidated-2022-04.csv"
       --list "$L/bis/dpl.txt")
RULES=(--rules "$REPO/data/rules")
SMALL=(--list "$REPO/data/sample/lists") # for the error cases: quick to load

scratch

"$BIN" check -q "${LISTS[@]}" "${RULES[@]}" --ownership "$FIXTURES/check/ownership.csv" \
	--input "$FIXTURES/check/transactions.jsonl" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || fail "check: exit code (1: some decision is not no_license_required)" 1 "$rc $(cat "$T/err")"
[ "$(wc -l <"$T/out")" = "$(wc -l <"$FIXTURES/check/transactions.jsonl")" ] ||
	fail "check: one line per transaction" "$(wc -l <"$FIXTURES/check/transactions.jsonl")" "$(wc -l <"$T/out")"

# id | decision | review_policy (- for null) | rules required among the reasons | why
# Entity List parties: 88 FR 13675 (Inspur Group, 2023), 90 FR 14048 (Inspur Taiwan, 2025);
# SDNs 35897, 34738 (RUSSIA-EO14024), 30722 (NPWMD: 15 CFR 744.8), 306 (CUBA); DPL order of
# AARON ABRAHAM VILLA 2022-08-24..2026-01-14; MEU AECC Aviation Power; UVL ARI International.
python3 - "$T/out" <<'PY' || exit 1
import json, sys
cases = """
direct-el-2024|license_required|unspecified|bis_entity_list|Inspur Group listed 2023-03-06 'for all items subject to the EAR' (EAR99 included); the 2026 list data has no review policy
taiwan-before-listing|no_license_required|-||Inspur Taiwan counts only from its start date 2025-03-28 (90 FR 14048)
taiwan-after-listing|license_required|unspecified|bis_entity_list|after 2025-03-28 Inspur Taiwan is on the Entity List
sdn-direct|prohibited|unspecified|ofac_sdn|an SDN is blocked: all dealings prohibited
sdn-other-country|prohibited|-|ofac_sdn|SDN 306's exact primary name, party in RU (the entry's countries CH, ES, JP, PA): a country mismatch never takes an exact name below the strong-match threshold
ofac-51|prohibited|-|ofac_50_percent|51% held by an SDN >= 50: blocked (OFAC guidance 2014)
ofac-50|prohibited|-|ofac_50_percent|exactly 50% counts: '50 percent or more'
ofac-49|review|-||49% < 50: not blocked (a note reports the minority stake); review only for the questions EAR99 goods to Russia raise (746.8(a)(4), (a)(6), (a)(8))
ofac-30-25|prohibited|-|ofac_50_percent|two SDNs 30% + 25% = 55% in the aggregate
ofac-chain|prohibited|-|ofac_50_percent|SDN 60% -> holding (blocked) 50% -> components: indirect through a blocked entity
ofac-no-chain|review|-||SDN 40% -> holding (not blocked) 100% -> works: indirect ownership counts only through blocked entities; review only for the questions of EAR99 goods to Russia
ofac-stake-sold|review|-||the 80% edge ended 2023-12-31: not in force on 2025-06-01; review only for the questions of EAR99 goods to Russia
ofac-stake-held|prohibited|-|ofac_50_percent|the same edge in force on 2023-06-01
aff-before-rule|review|-|bis_affiliates_not_in_force|100% owned by Inspur Group before 2025-09-29: no Affiliates Rule yet, red flag
aff-in-force|license_required|unspecified|bis_affiliates|2025-10-15 within 2025-09-29..2025-11-09 (FR Doc 2025-19001): the owner's requirement passes
aff-suspended|review|-|bis_affiliates_suspended|2026-02-01 within the suspension 2025-11-10..2026-11-09: a red flag
aff-after-suspension|license_required|unspecified|bis_affiliates|2026-12-01: the rule applies again from 2026-11-10
aff-chain|license_required|unspecified|bis_affiliates|Inspur Group 100% -> Qilu (covered) 60% -> Qilu Cloud: chain through a covered subsidiary
aff-two-policies|license_required|policy_of_denial|bis_affiliates|Huawei 40% (presumption of denial) + AO Center of Shipbuilding 20% (policy of denial): most restrictive wins
aff-mixed-policy|license_required|case_by_case|bis_affiliates|ANZ Importers 50%: 'case-by-case for CCL items, presumption of approval for EAR99' -> most restrictive part
aff-744-8|prohibited|policy_of_denial|ofac_50_percent,bis_affiliates|60% held by an NPWMD SDN: OFAC blocked, and under 744.8 an affiliate for the BIS rule
dpl-before-order|no_license_required|-||the denial order starts 2022-08-24, after 2022-01-01
dpl-in-force|prohibited|-|bis_denied_persons|denial order in force 2022-08-24..2026-01-14
dpl-expired|no_license_required|-||the order expired 2026-01-14
meu-supp2|license_required|presumption_of_denial|bis_meu|9A991 is in Supplement No. 2 to part 744; review per 744.21(e)
meu-ear99|no_license_required|-||EAR99 is not in Supplement No. 2: no MEU requirement
uvl|review|-|bis_uvl|UVL: no license exceptions, UVL statement required
el-food-medicine|review|-|bis_entity_list|'all items except food or medicine designated as EAR99': an EAR99 item cannot be placed
el-standards-exception|license_required|presumption_of_denial|bis_entity_list|the EXCEPT clause covers only technology released to standards bodies, not this export
weak-match|review|-|possible_match|a typo plus an added word: alert 0.86 below the strong-match threshold 0.90
clean|no_license_required|-||no list-based requirement (CCL and country chart outside the check)
"""
got = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    got[d["id"]] = d
bad = 0
for row in cases.strip().splitlines():
    cid, dec, pol, rules, why = row.split("|", 4)
    d = got.get(cid)
    if d is None:
        print(f"FAIL {cid}: no output line"); bad += 1; continue
    have = [r["rule"] for r in d["reasons"]]
    errs = []
    if d["decision"] != dec:
        errs.append(f"decision {d['decision']} != {dec}")
    if (d["review_policy"] or "-") != pol:
        errs.append(f"review_policy {d['review_policy']} != {pol}")
    for r in filter(None, rules.split(",")):
        if r not in have:
            errs.append(f"rule {r} not in {have}")
    if dec == "no_license_required" and d["reasons"]:
        errs.append(f"reasons {have} for a clear decision")
    if "outside_this_check" not in d:
        errs.append("no outside_this_check note")
    if errs:
        print(f"FAIL {cid} ({why}): " + "; ".join(errs)); bad += 1
# explanations: paths and percentages
p = [r for r in got["ofac-chain"]["reasons"] if r["rule"] == "ofac_50_percent"][0]["path"]
if [s["id"] for s in p] != ["list:35897", "chain1", "chain2"] or p[1]["percent"] != 60 or p[2]["percent"] != 50:
    print("FAIL ofac-chain path", p); bad += 1
r = got["sdn-other-country"]["reasons"][0]
if r["entry_id"] != "306" or r["score"] < 0.90:
    print("FAIL sdn-other-country: SDN 306 at or above 0.90", r); bad += 1
r = got["ofac-30-25"]["reasons"][0]
if r["owned_share"] != 55 or r["score"] != 1.0 or r["source"] != "SDN":
    print("FAIL ofac-30-25 share/score", r); bad += 1
r = got["aff-in-force"]["reasons"][0]
if r["federal_register"] != ["88 FR 13675, 3/6/23"] or "2025-19001" not in r["rule_citation"]:
    print("FAIL aff-in-force citations", r); bad += 1
if not any("734.9(e)(2)" in f for f in r.get("foreign_direct_product", [])):
    print("FAIL aff-in-force footnote 4", r); bad += 1
if got["uvl"]["license_exceptions"] != "none" or got["clean"]["license_exceptions"] != "not_restricted_by_lists":
    print("FAIL license_exceptions"); bad += 1
if not any("expired" in n or "ended" in n for n in got["dpl-expired"]["notes"]):
    print("FAIL dpl-expired note", got["dpl-expired"]["notes"]); bad += 1
sys.exit(1 if bad else 0)
PY

# ---- input errors: line and field, exit 2 -----------------------------------
while IFS='|' read -r input want; do
	printf '%s\n%s\n' '{"id":"ok","date":"2025-06-01","parties":[{"role":"purchaser","name":"Maple Leaf Dairy"}]}' \
		"$input" >"$T/bad.jsonl"
	"$BIN" check -q "${SMALL[@]}" "${RULES[@]}" --input "$T/bad.jsonl" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "bad input '$input': exit code" 2 "$rc"
	grep -q "bad.jsonl:2: .*$want" "$T/err" || fail "bad input '$input': message" "$want" "$(cat "$T/err")"
done <<'EOF2'
{"id":"x","date":"2025-13-01","parties":[{"role":"purchaser","name":"A"}]}|field 'date'
{"id":"x","parties":[{"role":"purchaser","name":"A"}]}|field 'date': missing
{"id":"x","date":"2025-06-01","parties":[]}|field 'parties'
{"id":"x","date":"2025-06-01","parties":[{"role":"buyer","name":"A"}]}|field 'parties\[0\].role'
{"id":"x","date":"2025-06-01","parties":[{"role":"purchaser"}]}|field 'parties\[0\].name'
{"id":"x","date":"2025-06-01","items":[{"eccn":"5X002"}],"parties":[{"role":"purchaser","name":"A"}]}|field 'items\[0\].eccn'
{"id":"x","date":"2025-06-01","parties":[{"role":"purchaser","id":"list:nope"}]}|no entry with id 'nope'
{"id":"x", "date":|column
EOF2

# ---- a bad ownership file: file, line, field ------------------------------
printf 'owner_id,owner_name,owned_id,owned_name,percent,start_date,end_date\na,A,b,B,-5,,\n' >"$T/own.csv"
"$BIN" check -q "${SMALL[@]}" "${RULES[@]}" --ownership "$T/own.csv" --input /dev/null 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "bad ownership: exit code" 2 "$rc"
grep -q "own.csv:2: field 'percent'" "$T/err" || fail "bad ownership: message" "own.csv:2: field 'percent'" "$(cat "$T/err")"
echo "check: all golden decisions hold"
