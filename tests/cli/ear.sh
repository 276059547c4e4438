#!/usr/bin/env bash
# ear.sh - license decisions by item and destination: the 60 transactions
# of fixtures/ear/transactions.jsonl, each written and justified from the
# regulation text (its "expect": decision, the requirements with their
# citations, whether a question must be asked, and why; fixtures/ear/README.md)
# must be decided so by `clearance check` over data/rules (the EAR tables).
# A requirement counts as found when a reason of the decision (or, for a
# question, what the question cites) cites one of its Country Chart columns
# or its section.  The parties are made up and on no
# list: the sample list keeps list screening out of it.
# usage: bash ear.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 absent"; exit 77; }
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1

scratch

"$BIN" check -q --list "$REPO/data/sample/lists" --rules "$REPO/data/rules" \
	--input "$FIXTURES/ear/transactions.jsonl" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || fail "check: exit code (1: some decision is not no_license_required)" 1 \
	"$rc $(cat "$T/err")"

# ---- a red flag stated (review, with its text), a chart footnote naming the
# item (India's footnote 7: RS 2 for 9A515.e), a red flag number that is none ----
printf '%s\n' \
 '{"id":"flag","date":"2026-10-01","destination":"DE","red_flags":[2],"items":[{"eccn":"EAR99"}],"parties":[{"role":"ultimate_consignee","name":"Bergmann Maschinen GmbH"}]}' \
 '{"id":"note","date":"2026-10-01","destination":"IN","end_use":"civil","items":[{"eccn":"9A515","paragraph":"9A515.e"}],"parties":[{"role":"ultimate_consignee","name":"Pune Orbital Works"}]}' |
	"$BIN" check -q --list "$REPO/data/sample/lists" --rules "$REPO/data/rules" >"$T/extra" 2>"$T/err"
python3 - "$T/extra" <<'PY' || fail "red flags and footnotes" "see above" "$(cat "$T/extra")"
import json, sys
d = {}
for l in open(sys.argv[1]):
    o = json.loads(l); d[o["id"]] = o
f = d["flag"]
assert f["decision"] == "review", f["decision"]
assert any(r["rule"] == "red_flag" and "bakery" in r["why"] for r in f["reasons"]), f["reasons"]
n = d["note"]
assert any(r["rule"] == "chart_footnote" and "footnote 7" in r["citation"] for r in n["reasons"]), n["reasons"]
PY
echo '{"date":"2026-10-01","destination":"DE","red_flags":[99],"items":[{"eccn":"EAR99"}],"parties":[{"role":"end_user","name":"X"}]}' |
	"$BIN" check -q --list "$REPO/data/sample/lists" --rules "$REPO/data/rules" >"$T/o" 2>"$T/e"
rc=$?
[ "$rc" = 2 ] || fail "red flag 99: a bad input (exit 2)" 2 "$rc $(cat "$T/o")"
grep -q "red_flags\[0\]" "$T/e" "$T/o" || fail "names the field" "red_flags[0]" "$(cat "$T/e" "$T/o")"

python3 - "$FIXTURES/ear/transactions.jsonl" "$T/out" <<'PY' || exit 1
import json, re, sys

want = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
got = {}
for l in open(sys.argv[2]):
    d = json.loads(l)
    got[d["id"]] = d

def keys(citation):
    """What a reason must cite, any of: the Country Chart columns the
    citation names, its first section (746.7(a)(1)(i), 744.21(a) ...)."""
    cols = re.findall(r"\b(?:CB|NP|NS|MT|RS|FC|CC|AT) Column \d", citation)
    secs = re.findall(r"\b7\d\d\.\d+(?:\([a-z0-9]+\))*", citation)
    alts = cols + secs[:1]
    return [alts] if alts else []

bad = 0
for t in want:
    e, d = t["expect"], got.get(t["id"])
    if d is None:
        print("FAIL %s: no decision" % t["id"]); bad += 1; continue
    cites = " | ".join([r.get("citation", "") for r in d["reasons"]] +
                       [q.get("why", "") for q in d["questions"]])
    probs = []
    if d["decision"] != e["decision"]:
        probs.append("decision %s, expected %s" % (d["decision"], e["decision"]))
    if bool(d["questions"]) != bool(e["questions"]):
        probs.append("questions %s, expected %s" % ([q["field"] for q in d["questions"]],
                                                     "some" if e["questions"] else "none"))
    for req in e.get("requirements", []):
        for alts in keys(req["citation"]):
            if not any(k in cites for k in alts):
                probs.append("no reason cites %s (%s)" % (alts, req["citation"]))
    if probs:
        bad += 1
        print("FAIL %s: %s\n     why: %s\n     reasons: %s\n     questions: %s" % (
            t["id"], "; ".join(probs), e["why"][:300], cites[:400],
            [q["question"][:160] for q in d["questions"]]))
print("ear: %d of %d transactions decided as the regulation says" % (len(want) - bad, len(want)))
sys.exit(1 if bad else 0)
PY
