#!/usr/bin/env bash
# server_parties.sh - the API's side of docs/parties.md: POST /v1/screen
# takes "jurisdiction" (a string or an array; an unknown code is a 400
# naming the field), and an alert on a party listed several times carries
# its other listings.  Fixture lists only.
# usage: bash server_parties.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
BIN=$1
F=$2
REPO=$(cd "$F/../.." && pwd) || exit 1
SERVE_ARGS=(-q --list "$F/links/parties.csv" --list "$F/un/consolidated.xml"
            --list "$F/eu/fsf.xml" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

start main
req POST /v1/screen "" -d '{"name":"Ibrahim al-Asiri"}'
expect "every list" 200 alerts.0.jurisdiction EU
req POST /v1/screen "" -d '{"name":"Ibrahim al-Asiri","jurisdiction":"US,UN"}'
expect "jurisdiction US,UN" 200 alerts "[]"
req POST /v1/screen "" -d '{"name":"Ibrahim al-Asiri","jurisdiction":["eu"]}'
expect "jurisdiction [eu]" 200 alerts.0.entry_id eu:6177
req POST /v1/screen "" -d '{"records":[{"name":"Ibrahim al-Asiri"},{"name":"Korea Mining Development Trading Corporation"}],"jurisdiction":"UN"}'
expect "batch, jurisdiction UN" 200 results.0.alerts "[]"
expect "batch, jurisdiction UN: the UN entry" 200 results.1.alerts.0.jurisdiction UN
req POST /v1/screen "" -d '{"name":"x","jurisdiction":"US,XX"}'
expect "unknown code" 400 error.field jurisdiction
grep -q "'XX' is none of" "$T/body" || fail "the 400 names the code" "$(cat "$T/body")"
req POST /v1/screen "" -d '{"name":"x","jurisdiction":7}'
expect "not a string" 400 error.field jurisdiction

# one alert per party, its other listings under it
req POST /v1/screen "" -d '{"name":"Orion Microsystems Co Ltd"}'
expect "a party listed three times" 200
python3 - "$T/body" <<'PY' || fail "the listings of the party" "$(cat "$T/body")"
import json, sys
d = json.load(open(sys.argv[1]))
mine = [a for a in d["alerts"] if a["entry_id"] in ("el-1", "el-2", "meu-1")]
assert len(mine) == 1, d["alerts"]
assert sorted(x["entry_id"] for x in mine[0]["listings"]) + [mine[0]["entry_id"]] != [], mine
assert {x["entry_id"] for x in mine[0]["listings"]} | {mine[0]["entry_id"]} == {"el-1", "el-2", "meu-1"}
PY
echo "PASS: server_parties"
