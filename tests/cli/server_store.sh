#!/usr/bin/env bash
# server_store.sh - `clearance serve --store` against the real server on
# 127.0.0.1: a store of two snapshots (the sample lists with the store
# fixtures' list v1, then v2), the sample customers, keys kept in the store;
# every store route (alerts, one alert, review, diff, snapshots, audit,
# customers, party paths) with good and bad input (malformed JSON, wrong
# types, unknown ids, bad query parameters, missing/wrong/revoked keys, low
# roles); a review lands in the alerts, the CLI and the verified audit
# chain; reload reads the store's new snapshot, and --follow the one another
# process imports; the OpenAPI document
# matches the store routes; 409 without a store or an ownership graph.
# usage: bash server_store.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
SERVE_ARGS=(--rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

S=$T/s.db
LISTS=$REPO/data/sample/lists
export CLEARANCE_USER=store-test
"$BIN" import --store "$S" --as-of 2025-01-01 "$LISTS" "$FIXTURES/store/list-v1.csv" >/dev/null 2>&1 ||
	fail "import v1" 0 $?
"$BIN" import --store "$S" --as-of 2025-06-01 "$LISTS" "$FIXTURES/store/list-v2.csv" >/dev/null 2>&1 ||
	fail "import v2" 0 $?
"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" 2>/dev/null || fail customers 0 $?
"$BIN" customers import --store "$S" "$FIXTURES/store/customers-v1.csv" 2>/dev/null || fail customers 0 $?
"$BIN" rescreen --store "$S" >/dev/null 2>&1
NOPEN=$("$BIN" alerts --store "$S" | wc -l)
[ "$NOPEN" -ge 10 ] || fail "open alerts after the rescreen" ">= 10" "$NOPEN"

# ---- keys in the store --------------------------------------------------------
SK=$("$BIN" keys create --role screen --name screener --store "$S" 2>/dev/null) || fail "keys create" 0 $?
AK=$("$BIN" keys create --role analyst --name alice --store "$S" 2>/dev/null)
BK=$("$BIN" keys create --role analyst --store "$S" 2>/dev/null)
DK=$("$BIN" keys create --role admin --name root --store "$S" 2>/dev/null)
case $SK in clr_????????????????????????????????????????????????) ;; *) fail "key format" "clr_ + 48 hex" "$SK";; esac
"$BIN" keys list --store "$S" >"$T/keys" 2>/dev/null || fail "keys list" 0 $?
[ "$(wc -l <"$T/keys")" = 4 ] || fail "keys list: one line per key" 4 "$(cat "$T/keys")"
grep -q '"name":"analyst-3","role":"analyst"' "$T/keys" || fail "unnamed key named role-id" analyst-3 "$(cat "$T/keys")"
cat "$S"* | grep -aq -- "$SK" && fail "the store holds key hashes only" "no key" "the key"
"$BIN" keys create --role root --store "$S" 2>/dev/null && fail "keys create: bad role" 2 0
"$BIN" keys create --role admin 2>/dev/null && fail "keys create without --store/--keys" 2 0
"$BIN" keys revoke --store "$S" nobody 2>"$T/err" && fail "keys revoke: unknown key" 2 0
[ "$(cat "$T/err")" = "clearance: keys revoke: no active key 'nobody'" ] ||
	fail "keys revoke: the message, its command said once" "clearance: keys revoke: no active key 'nobody'" "$(cat "$T/err")"
[ "$("$BIN" audit export --store "$S" | grep -c '"action":"key-create"')" = 4 ] ||
	fail "key creation audited" 4 "$("$BIN" audit export --store "$S" | grep -c key-create)"

start main --store "$S" --ownership "$REPO/data/sample/ownership.csv"
B=http://127.0.0.1:$PORT
LOADS=()
grep -q "every route is open" "$T/err.main" && fail "store keys close the server" "no open warning" "open"

# ---- lists from the store's latest snapshot ------------------------------------
req GET /v1/lists "$SK"; expect "lists from the store" 200 store_snapshot 2
expect "lists: as of" 200 as_of 2025-06-01
expect "lists: entries of v2 and the sample" 200 entries 18

# ---- auth ---------------------------------------------------------------------
req GET /v1/alerts ""; expect "alerts without key" 401 error.status 401
req GET /v1/alerts "clr_000000000000000000000000000000000000000000000000"; expect "alerts, wrong key" 401
req GET /v1/alerts "$SK"; expect "alerts with a screen key" 403
req GET /v1/audit "$AK"; expect "audit with an analyst key" 403
req POST /v1/screen "$SK" -d '{"name":"Beijing Academy of AI"}'; expect "screen on store lists" 200 alerts.0.entry_id sample-el-0001

# ---- alerts ---------------------------------------------------------------------
req GET /v1/alerts "$AK"; expect "alerts" 200 total "$NOPEN"
for f in id customer_id customer_name entry_id source listed_name score status decision history; do
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["alerts"][0]; sys.exit(sys.argv[2] not in a)' \
		"$T/body" "$f" || fail "ALERT has $f" "$f" "$(head -c 400 "$T/body")"
done
expect "alerts: open by default" 200 alerts.0.status open
expect "alerts: no decision yet" 200 alerts.0.decision null
ID=$(jget alerts.0.id)
ID2=$(jget alerts.1.id)
req GET "/v1/alerts?limit=1&offset=1" "$AK"; expect "alerts page" 200 alerts.0.id "$ID2"
expect "alerts page: total" 200 total "$NOPEN"
[ "$(jget alerts | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] ||
	fail "alerts: limit 1" 1 "$(jget alerts)"
req GET "/v1/alerts?status=all&limit=1000" "$AK"; expect "alerts: all" 200 total "$NOPEN"
req GET "/v1/alerts?status=closed" "$AK"; expect "alerts: closed" 200 total 0
req GET "/v1/alerts?status=bogus" "$AK"; expect "alerts: bad status" 400 error.field status
req GET "/v1/alerts?limit=0" "$AK"; expect "alerts: limit 0" 400 error.field limit
req GET "/v1/alerts?limit=5000" "$AK"; expect "alerts: limit over the cap" 400 error.field limit
req GET "/v1/alerts?limit=ten" "$AK"; expect "alerts: limit not a number" 400 error.field limit
req GET "/v1/alerts?offset=-1" "$AK"; expect "alerts: negative offset" 400 error.field offset
req GET "/v1/alerts/$ID" "$AK"; expect "one alert" 200 id "$ID"
expect "one alert: history" 200 history.0.event raised
req GET /v1/alerts/0123456789abcdef "$AK"; expect "unknown alert" 404 error.status 404

# ---- review ---------------------------------------------------------------------
R=/v1/alerts/$ID/review
req POST "$R" "$AK" -d '{"decision":"false_positive",'; expect "review: malformed JSON" 400 error.field body
req POST "$R" "$AK" -d '{"decision":1}'; expect "review: decision type" 400 error.field decision
req POST "$R" "$AK" -d '{"decision":"maybe"}'; expect "review: bad decision" 400 error.field decision
req POST "$R" "$AK" -d '{"note":"x"}'; expect "review: no decision" 400 error.message "decision: required"
req POST "$R" "$AK" -d '{"decision":"escalated","note":7}'; expect "review: note type" 400 error.field note
req POST "$R" "$AK" -d '{"decision":"escalated","by":"mallory"}'; expect "review: unknown field" 400 error.field by
req POST "$R" "$AK" -d '["escalated"]'; expect "review: not an object" 400 error.field body
req POST "$R" "$AK" -d "{\"decision\":\"escalated\",\"note\":\"$(head -c 5000 /dev/zero | tr '\0' n)\"}"
expect "review: note too long" 400 error.field note
req POST /v1/alerts/0123456789abcdef/review "$AK" -d '{"decision":"escalated"}'; expect "review: unknown alert" 404
req POST "$R" "$SK" -d '{"decision":"escalated"}'; expect "review with a screen key" 403
req POST "$R" "" -d '{"decision":"escalated"}'; expect "review without key" 401
req GET "$R" "$AK"; expect "review: GET" 405
req POST "$R" "$AK" -d '{"decision":"false_positive","note":"other \"Beijing\" academy"}'
expect "review" 200 alert.decision false_positive
expect "review: status" 200 alert.status reviewed
expect "review: reviewer is the key name" 200 reviewer alice
expect "review: in the history" 200 alert.history.1.by alice
expect "review: the note" 200 alert.history.1.note 'other "Beijing" academy'
req GET "/v1/alerts?status=reviewed" "$AK"; expect "reviewed alerts" 200 alerts.0.id "$ID"
expect "reviewed alerts: decision" 200 alerts.0.decision false_positive
req GET /v1/alerts "$AK"; expect "open alerts after the review" 200 total $((NOPEN - 1))
"$BIN" alerts --store "$S" --status reviewed | grep -q "\"id\":\"$ID\".*\"decision\":\"false_positive\".*\"by\":\"alice\"" ||
	fail "CLI alerts shows the API review" "$ID false_positive alice" "$("$BIN" alerts --store "$S" --status reviewed)"
"$BIN" audit verify --store "$S" 2>"$T/verify" || fail "audit verify after the review" 0 "$(cat "$T/verify")"
req POST "/v1/alerts/$ID2/review" "$BK" -d '{"decision":"escalated"}'; expect "review by an unnamed key" 200 reviewer analyst-3

# ---- diff -------------------------------------------------------------------------
req GET /v1/diff "$AK"; expect "diff: the last two" 200 from.id 1
expect "diff: to" 200 to.id 2
expect "diff: to as of" 200 to.as_of 2025-06-01
expect "diff: total" 200 total_changes 3
python3 - "$T/body" <<'PY' || fail "diff: summary, changes and hits" "see above" "$(head -c 600 "$T/body")"
import json, sys
d = json.load(open(sys.argv[1]))
el = [s for s in d["summary"] if s["source"] == "EL"][0]
assert (el["added"], el["removed"], el["changed"]) == (1, 1, 1), el
kinds = {c["entry_id"]: c["change"] for c in d["changes"]}
assert kinds == {"t-el-4": "added", "t-el-3": "removed", "t-el-2": "changed"}, kinds
add = [c for c in d["changes"] if c["entry_id"] == "t-el-4"][0]
assert add["citations"] == ["90 FR 4000, 4/5/25"], add
hit = {(h["customer_id"], h["entry_id"]) for h in d["hits"]}
assert ("k3", "t-el-4") in hit and ("k2", "t-el-2") in hit, hit
assert all(h["entry_id"] != "t-el-3" for h in d["hits"]), hit
assert all(k in d["hits"][0] for k in ("alert_id", "customer_name", "score", "status")), d["hits"][0]
PY
req GET "/v1/diff?limit=1&offset=2" "$AK"; expect "diff page" 200 total_changes 3
[ "$(jget changes | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] || fail "diff: limit 1" 1 "$(jget changes)"
req GET "/v1/diff?from=2&to=2" "$AK"; expect "diff: same snapshot" 200 total_changes 0
req GET "/v1/diff?to=1" "$AK"; expect "diff: first snapshot" 200 from null
req GET "/v1/diff?from=99" "$AK"; expect "diff: unknown snapshot" 404
req GET "/v1/diff?from=x" "$AK"; expect "diff: bad from" 400 error.field from
req GET "/v1/diff?to=0" "$AK"; expect "diff: to 0" 400 error.field to

# ---- snapshots, customers -------------------------------------------------------------
req GET /v1/snapshots "$AK"; expect "snapshots" 200 snapshots.1.id 2
expect "snapshots: sources" 200 snapshots.0.sources '["EL", "SDN"]'
expect "snapshots: entries" 200 snapshots.0.entries 18
req GET /v1/customers/c015 "$AK"; expect "customer" 200 name "Banco Nacional de Cuba"
expect "customer: alerts" 200 alerts.0.entry_id sample-sdn-306
req GET /v1/customers/nobody "$AK"; expect "unknown customer" 404

# ---- party paths --------------------------------------------------------------------------
req GET /v1/parties/c010/paths "$SK"; expect "party covered through a chain" 200 covered true
expect "party: rule" 200 paths.0.rule "OFAC 50%"
expect "party: path" 200 paths.0.path '["vtb", "c013", "c010"]'
expect "party: share" 200 paths.0.share 100.0
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
n={x["id"]:x for x in d["nodes"]}
assert n["vtb"]["listed"][0]["source"]=="SDN" and not n["c013"]["listed"], n
assert {(e["owner"],e["owned"]) for e in d["edges"]}=={("vtb","c013"),("bnc","c013"),("c013","c010")}, d["edges"]' "$T/body" ||
	fail "party: nodes and edges" "vtb listed, 3 edges" "$(cat "$T/body")"
req GET /v1/parties/c009/paths "$SK"; expect "party with a minority owner" 200 covered false
expect "party: the minority edge" 200 edges.0.percent 30.0
req GET "/v1/parties/c013/paths?date=2022-01-01" "$SK"; expect "party before the second owner" 200 covered false
req GET "/v1/parties/c013/paths?date=June" "$SK"; expect "party: bad date" 400 error.field date
req GET /v1/parties/nobody/paths "$SK"; expect "unknown party" 404

# ---- audit ----------------------------------------------------------------------------------
req GET /v1/audit "$DK"; expect "audit" 200 verified true
python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); r=d["records"]
assert [x["seq"] for x in r]==sorted(x["seq"] for x in r) and r[-1]["action"]=="review" and r[-1]["who"]=="analyst-3", r[-1]
assert any(x["action"]=="review" and x["who"]=="alice" for x in r)' "$T/body" ||
	fail "audit: the reviews, by key name" "review by alice" "$(head -c 600 "$T/body")"
req GET "/v1/audit?limit=2" "$DK"; expect "audit: limit" 200 records.1.action review
req GET "/v1/audit?since=2999-01-01" "$DK"; expect "audit: since" 200 records "[]"
req GET "/v1/audit?since=yesterday" "$DK"; expect "audit: bad since" 400 error.field since

# ---- OpenAPI: every store route documented and answering --------------------------------
req GET /v1/openapi.json ""; cp "$T/body" "$T/openapi.json"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for p,ops in sorted(d["paths"].items()):
    for m in ops: print(m.upper(), p)' "$T/openapi.json" >"$T/documented"
grep -E ' /v1/(alerts|diff|snapshots|audit|parties|customers)' "$T/documented" >"$T/store-routes"
[ "$(wc -l <"$T/store-routes")" = 8 ] || fail "store routes documented" 8 "$(cat "$T/store-routes")"
while read -r m p; do
	p=${p//\{id\}/$ID}
	case $p in /v1/parties/*) p=/v1/parties/c010/paths;; /v1/customers/*) p=/v1/customers/c015;; esac
	req "$m" "$p" "$DK" -d '{"decision":"escalated"}'
	case $CODE in 2??) ;; *) fail "documented route answers 2xx: $m $p" 2xx "$CODE $(head -c 200 "$T/body")";; esac
done <"$T/store-routes"
python3 - "$T/openapi.json" "$T/err.main" <<'PY' || fail "OpenAPI documents every route answered" "" "see above"
import json, re, sys
doc = json.load(open(sys.argv[1]))["paths"]
pats = [(m.upper(), re.compile("^" + re.sub(r"\\\{id\\\}", "[^/]+", re.escape(p)) + "$"))
        for p, ops in doc.items() for m in ops]
seen = set()
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) >= 5 and f[2] in ("GET", "POST") and f[4].startswith("2"):
        path = f[3].split("?")[0]
        assert any(m == f[2] and r.match(path) for m, r in pats), line
        seen.add((f[2], path))
assert len(seen) >= 15, seen
PY

# ---- concurrent store requests with a reload: every answer 200 --------------------------------
for w in alerts review diff party; do
	(for i in $(seq 1 15); do
		case $w in
		alerts) curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $AK" "$B/v1/alerts?status=all";;
		review) curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $AK" \
			-d "{\"decision\":\"escalated\",\"note\":\"pass $i\"}" "$B/v1/alerts/$ID2/review";;
		diff) curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $AK" "$B/v1/diff";;
		party) curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $SK" "$B/v1/parties/c010/paths";;
		esac
	done) >"$T/conc.$w" &
	LOADS+=($!)
done
req POST /v1/admin/reload "$DK"; expect "reload during concurrent requests" 200
wait "${LOADS[@]}"
[ "$(cat "$T"/conc.* | grep -c '^200$')" = 60 ] || fail "concurrent store requests all 200" 60 "$(cat "$T"/conc.* | sort | uniq -c)"
"$BIN" audit verify --store "$S" 2>"$T/verify" || fail "audit verify after concurrent reviews" 0 "$(cat "$T/verify")"

# ---- revoking a key counts at once; reload reads the store's new snapshot -------------------
"$BIN" keys revoke --store "$S" alice 2>/dev/null || fail "keys revoke" 0 $?
req GET /v1/alerts "$AK"; expect "revoked key" 401
"$BIN" import --store "$S" --as-of 2025-09-01 "$LISTS" "$FIXTURES/store/list-v1.csv" >/dev/null 2>&1 || fail "import v3" 0 $?
req GET /v1/lists "$SK"; expect "before the reload" 200 store_snapshot 2
req POST /v1/admin/reload "$DK"; expect "reload" 200
req GET /v1/lists "$SK"; expect "after the reload" 200 store_snapshot 3
kill -HUP "$SPID"
for _ in $(seq 1 50); do grep -q "snapshot 4," "$T/err.main" && break; sleep 0.1; done
req GET /v1/health ""; expect "after SIGHUP" 200 snapshot 4
"$BIN" audit verify --store "$S" 2>"$T/verify" || fail "audit verify at the end" 0 "$(cat "$T/verify")"

# ---- an open store server without ownership; a --list server without a store --------------
S2=$T/open.db
"$BIN" import --store "$S2" "$LISTS" >/dev/null 2>&1 && "$BIN" customers import --store "$S2" \
	"$REPO/data/sample/customers.csv" 2>/dev/null && "$BIN" rescreen --store "$S2" >/dev/null 2>&1
start open --store "$S2"
grep -q "every route is open" "$T/err.open" || fail "open store server warns" "every route is open" "$(cat "$T/err.open")"
req GET /v1/alerts ""; expect "open: alerts" 200
OID=$(jget alerts.0.id)
req POST "/v1/alerts/$OID/review" "" -d '{"decision":"true_match"}'; expect "open: reviewer" 200 reviewer anonymous
req GET /v1/parties/c010/paths ""; expect "no ownership graph" 409
# ---- --follow: a replica moves to the snapshot another process imports ------------------------
start follow --store "$S2" --follow 0.2
req GET /v1/lists ""; expect "follow: the first snapshot" 200 store_snapshot 1
"$BIN" import --store "$S2" --as-of 2025-09-01 "$LISTS" "$FIXTURES/store/list-v1.csv" >/dev/null 2>&1 ||
	fail "follow: import" 0 $?
wait_snapshot "" 2
expect "follow: the imported snapshot served within 5 s" 200 store_snapshot 2
grep -q "snapshot 2 in the store: reloading lists" "$T/err.follow" ||
	fail "follow: says why it reloads" "snapshot 2 in the store" "$(cat "$T/err.follow")"
sleep 0.5 # more looks at an unchanged store reload nothing
[ "$(grep -c "reloading lists" "$T/err.follow")" = 1 ] ||
	fail "follow: one reload a new snapshot" 1 "$(grep -c "reloading lists" "$T/err.follow")"
"$BIN" serve --list "$LISTS" --store "$S2" --follow 1 --listen 127.0.0.1:0 >/dev/null 2>"$T/err.fl" &&
	fail "--follow with --list" "exit 2" "exit 0"
grep -q "the lists must come from the store" "$T/err.fl" || fail "--follow with --list: says why" \
	"the lists must come from the store" "$(cat "$T/err.fl")"
"$BIN" serve --store "$S2" --follow 0 --listen 127.0.0.1:0 >/dev/null 2>"$T/err.fl" &&
	fail "--follow 0" "exit 2" "exit 0"

start nostore --list "$LISTS"
req GET /v1/alerts ""; expect "no store" 409 error.status 409
req GET /v1/parties/c010/paths ""; expect "no store, no ownership" 409
"$BIN" serve --store "$T/empty.db" --listen 127.0.0.1:0 >/dev/null 2>"$T/err.empty" &&
	fail "serve on a store without a snapshot" "exit 2" "exit 0"
grep -q "no snapshot" "$T/err.empty" || fail "empty store: says why" "no snapshot" "$(cat "$T/err.empty")"

echo "server_store: all cases passed"
