#!/usr/bin/env bash
# jurisdiction.sh - `--jurisdiction` picks the lists a screening applies
# (US, UN, EU, UK, CA, AU, JP), alerts name their list's jurisdiction, and
# `check` decides under US law only, saying so for a party other
# jurisdictions list.  Fixture lists only: the sample US lists, the UN and
# EU fixtures.
# usage: bash jurisdiction.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
F=$2
REPO=$(cd "$F/../.." && pwd) || exit 1
LISTS=(-q --list "$REPO/data/sample/lists" --list "$F/un/consolidated.xml" --list "$F/eu/fsf.xml")
scratch

# ids and jurisdictions of the alerts of one name, "id:J id:J"
alerts() {
	"$BIN" screen "${LISTS[@]}" --json "$@" >"$T/out" 2>"$T/err"
	rc=$?
	got=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    print(" ".join("%s:%s" % (a["entry_id"], a["jurisdiction"]) for a in json.loads(line)["alerts"]))
' "$T/out")
}

alerts "Ibrahim al-Asiri"
[ "$rc" = 1 ] && [ "$got" = "eu:6177:EU" ] || fail "every list: the EU entry, jurisdiction EU" "eu:6177:EU (rc 1)" "$got (rc $rc)"
alerts --jurisdiction US "Ibrahim al-Asiri"
[ "$rc" = 0 ] && [ -z "$got" ] || fail "--jurisdiction US: no EU alert, exit 0" "(none, rc 0)" "$got (rc $rc)"
alerts --jurisdiction us,eu "Ibrahim al-Asiri"
[ "$got" = "eu:6177:EU" ] || fail "--jurisdiction us,eu (any case) keeps the EU entry" "eu:6177:EU" "$got"
alerts --jurisdiction UN "Haji Abdul Baqi"
case $got in un:*:UN) ;; *) fail "--jurisdiction UN: the UN entry" "un:...:UN" "$got" ;; esac
alerts --jurisdiction EU "Haji Abdul Baqi"
[ -z "$got" ] || fail "--jurisdiction EU: no UN alert" "(none)" "$got"
alerts --jurisdiction US "Banco Nacional de Cuba"
[ "$got" = "sample-sdn-306:US" ] || fail "an SDN is a US list" "sample-sdn-306:US" "$got"
alerts --jurisdiction GB "Banco Nacional de Cuba"
[ "$rc" = 0 ] && [ -z "$got" ] || fail "GB is the UK, which lists none of these" "(none, rc 0)" "$got (rc $rc)"

# an unknown code: exit 2 naming it
"$BIN" screen "${LISTS[@]}" --jurisdiction US,XX "Nobody" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q "'XX' is none of US, UN, EU, UK, CA, AU, JP" "$T/err" ||
	fail "--jurisdiction US,XX: exit 2 naming XX" "2" "$rc $(cat "$T/err")"

# batch takes it for every record
printf '%s\n' '{"id":"a","name":"Ibrahim al-Asiri"}' '{"id":"b","name":"Haji Abdul Baqi"}' \
	'{"id":"c","name":"Banco Nacional de Cuba"}' >"$T/in.jsonl"
"$BIN" batch "${LISTS[@]}" --jurisdiction UN,EU --input "$T/in.jsonl" --output "$T/b.jsonl" 2>"$T/err" ||
	fail "batch --jurisdiction UN,EU" "$(cat "$T/err")"
got=$(python3 -c '
import json, sys
print(" ".join("%s=%s" % (r["id"], ",".join(sorted({a["jurisdiction"] for a in r["alerts"]})) or "-")
               for r in map(json.loads, open(sys.argv[1]))))' "$T/b.jsonl")
[ "$got" = "a=EU b=UN c=-" ] || fail "batch: EU and UN alerts only" "a=EU b=UN c=-" "$got"

# check: the EU listing is no US license matter, and the decision says so
echo '{"id":"t1","date":"2026-01-10","destination":"DE","items":[{"eccn":"EAR99"}],"parties":[{"role":"end_user","name":"Ibrahim al-Asiri"}]}' >"$T/tx.jsonl"
"$BIN" check "${LISTS[@]}" --rules "$REPO/data/rules" --input "$T/tx.jsonl" >"$T/c.json" 2>"$T/err"
rc=$?
python3 - "$T/c.json" <<'PY' || fail "check: EU-listed party" "$(cat "$T/c.json" "$T/err")"
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["decision"] == "no_license_required", d["decision"]
assert not d["reasons"], d["reasons"]
assert any("eu:6177" in n and "US law only" in n and "--jurisdiction EU" in n for n in d["notes"]), d["notes"]
PY
[ "$rc" = 0 ] || fail "check: exit 0 for no_license_required" "0" "$rc"
echo "PASS: jurisdiction"
