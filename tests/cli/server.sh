#!/usr/bin/env bash
# server.sh - the HTTP API against the real server (`clearance serve`) on
# 127.0.0.1, port chosen by the kernel (--listen 127.0.0.1:0): every route
# with curl, keys and roles, bad input (malformed JSON, wrong types, unknown
# fields, oversize bodies and batches), 404/405, the OpenAPI document
# against the routes the server answers, metrics, access log, and list
# reload (POST and SIGHUP) under concurrent requests without a failure.
# Uses the small sample lists so that it stays quick under ASan.
# usage: bash server.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
SERVE_ARGS=(--list "$REPO/data/sample/lists" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

# ---- keys -----------------------------------------------------------------
KEYS=$T/keys
SK=$("$BIN" keys create --role screen --keys "$KEYS" 2>/dev/null) || fail "keys create" 0 $?
AK=$("$BIN" keys create --role analyst --keys "$KEYS" 2>/dev/null)
DK=$("$BIN" keys create --role admin --keys "$KEYS" 2>/dev/null)
[ "$(wc -l <"$KEYS")" = 3 ] || fail "keys file: one line per key" 3 "$(wc -l <"$KEYS")"
grep -q -- "$SK" "$KEYS" && fail "keys file holds hashes only" "no key" "the key"
"$BIN" keys create --role root --keys "$KEYS" 2>/dev/null && fail "keys create: bad role" 2 0
printf 'admin nothex\n' >"$T/badkeys"
"$BIN" serve --list "$REPO/data/sample/lists" --listen 127.0.0.1:0 --keys "$T/badkeys" \
	>/dev/null 2>"$T/err.badkeys" && fail "serve: bad keys file" "exit 2" "exit 0"
grep -q "badkeys:1" "$T/err.badkeys" || fail "bad keys file: names file and line" "badkeys:1" "$(cat "$T/err.badkeys")"

start main --keys "$KEYS"
B=http://127.0.0.1:$PORT

# ---- auth -------------------------------------------------------------------
req GET /v1/health ""; expect "health: open" 200 status ok
req POST /v1/screen "" -d '{"name":"x"}'; expect "screen without key" 401 error.status 401
req POST /v1/screen "clr_wrong" -d '{"name":"x"}'; expect "screen with a wrong key" 401
req GET /v1/metrics "$SK"; expect "metrics with a screen key" 403
req POST /v1/admin/reload "$AK"; expect "reload with an analyst key" 403
req GET /v1/lists "$SK"; expect "lists" 200 entries 15
req GET /v1/lists "$SK"; expect "lists: sources" 200 sources.SDN 4

# ---- screen -----------------------------------------------------------------
req POST /v1/screen "$SK" -d '{"name":"Beijing Academy of AI"}'
expect "screen one" 200 alerts.0.entry_id sample-el-0001
expect "screen one: explain tokens" 200 alerts.0.explain.tokens.0.how exact
req POST /v1/screen "$SK" -d '{"name":"Jane Unlisted Baker","id":"c9"}'; expect "screen clear" 200 alerts "[]"
expect "screen: id kept" 200 id c9
req POST /v1/screen "$SK" -d '{"records":[{"name":"VTB Bank","type":"entity"},{"id":"z","name":"Nobody Here"}]}'
expect "screen batch" 200 results.1.id z
expect "screen batch: first alerts" 200 results.0.alerts.0.source SDN
req POST /v1/screen "$SK" -d '{"name":"Beijing Academy of AI","threshold":0.99,"country":"CN"}'; expect "screen with threshold" 200
# bad input: 400 naming the field
req POST /v1/screen "$SK" -d '{"name":"x",'; expect "malformed JSON" 400 error.field body
req POST /v1/screen "$SK" -d '{"name":3}'; expect "wrong type" 400 error.field name
req POST /v1/screen "$SK" -d '{"name":""}'; expect "empty name" 400 error.field name
req POST /v1/screen "$SK" -d '{}'; expect "missing name" 400 error.message "name: required"
req POST /v1/screen "$SK" -d '{"nmae":"x"}'; expect "unknown field" 400 error.field nmae
req POST /v1/screen "$SK" -d '{"name":"x","type":"robot"}'; expect "bad type" 400 error.field type
req POST /v1/screen "$SK" -d '{"name":"x","threshold":"high"}'; expect "threshold type" 400 error.field threshold
req POST /v1/screen "$SK" -d '{"name":"x","threshold":7}'; expect "threshold range" 400 error.field threshold
req POST /v1/screen "$SK" -d '{"records":[{"name":"a"},{"name":[]}]}'; expect "batch record type" 400 error.field "records[1].name"
req POST /v1/screen "$SK" -d '{"records":{}}'; expect "records type" 400 error.field records
req POST /v1/screen "$SK" -d '["x"]'; expect "body not an object" 400 error.field body
req POST /v1/screen "$SK" -d "$(python3 -c 'print("["*100+"]"*100)')"; expect "deep nesting" 400 error.field body
req POST /v1/screen "$SK" -d "{\"name\":\"$(head -c 2000 /dev/zero | tr '\0' a)\"}"; expect "name too long" 400 error.field name
python3 -c 'import json; print(json.dumps({"records":[{"name":"n%d"%i} for i in range(1001)]}))' >"$T/big-batch"
req POST /v1/screen "$SK" --data-binary @"$T/big-batch"; expect "batch over 1000" 413 error.field records
head -c 3000000 /dev/zero | tr '\0' ' ' >"$T/huge"
req POST /v1/screen "$SK" --data-binary @"$T/huge"; expect "oversize body" 413 error.field body
req POST /v1/screen "$SK" -H 'Transfer-Encoding: chunked' --data-binary @"$T/huge"; expect "oversize chunked body" 413

# ---- compare, check ---------------------------------------------------------
req POST /v1/compare "$SK" -d '{"a":"SMITH, John","b":"John Smith","type":"person"}'; expect "compare" 200 match true
req POST /v1/compare "$SK" -d '{"a":"x"}'; expect "compare without b" 400 error.field b
TX='{"id":"t1","date":"2024-06-01","destination":"CN","items":[{"eccn":"EAR99"}],"parties":[{"role":"end_user","name":"Inspur Group"}]}'
req POST /v1/check "$SK" -d "$TX"; expect "check" 200 decision license_required
req POST /v1/check "$SK" -d "{\"transactions\":[$TX,$TX]}"; expect "check batch" 200 results.1.id t1
req POST /v1/check "$SK" -d '{"id":"t2","date":"June","destination":"CN","items":[],"parties":[]}'; expect "check: bad date" 400
grep -q date "$T/body" || fail "check: error names the field" date "$(cat "$T/body")"
req POST /v1/check "$SK" -d '{"transactions":[1]}'; expect "check: transaction type" 400 error.field "transactions[0]"

# ---- routes, methods, page, OpenAPI -----------------------------------------
req GET /v1/nothing "$DK"; expect "unknown route" 404
req GET /v1/screen "$SK"; expect "wrong method" 405
req DELETE /v1/health ""; expect "wrong method on health" 405
req GET / ""; expect "web page" 200
grep -q '<form' "$T/body" && grep -q 'v1/screen' "$T/body" || fail "web page: a screening form" "<form" "$(head -c 200 "$T/body")"
for a in app.js:text/javascript style.css:text/css; do
	f=${a%%:*} ty="${a#*:}; charset=utf-8"
	req GET "/$f" ""; expect "web asset $f" 200
	ct=$(curl -s -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT/$f")
	[ "$ct" = "$ty" ] || fail "web asset $f: Content-Type" "$ty" "$ct"
done
req GET /v1/openapi.json ""; expect "openapi" 200 openapi 3.0.3
cp "$T/body" "$T/openapi.json"
# every documented route answers with its method (not 405, nor a 404 for
# want of a route: a 404 for a resource, "/entities/{id}" taken literally, is
# an answer), and every route this test exercised with 2xx is documented
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for p,ops in sorted(d["paths"].items()):
    for m in ops: print(m.upper(), p)' "$T/openapi.json" >"$T/documented"
while read -r m p; do
	req "$m" "$p" "$DK" -d '{}'
	case $CODE in 405) fail "documented route answers: $m $p" "not 405" "$CODE";; esac
	[ "$CODE" = 404 ] && grep -q 'no such route' "$T/body" &&
		fail "documented route answers: $m $p" "a route" "$CODE $(cat "$T/body")"
done <"$T/documented"
sed -n 's/^[^ ]* [^ ]* \(GET\|POST\) \([^ ]*\) 2[0-9][0-9] .*/\1 \2/p' "$T/err.main" | sort -u >"$T/answered"
missing=$(comm -23 "$T/answered" <(sort -u "$T/documented"))
[ -z "$missing" ] || fail "OpenAPI documents every route the server answers" "" "$missing"
[ "$(wc -l <"$T/answered")" -ge 9 ] || fail "test exercised every route" ">= 9" "$(cat "$T/answered")"

# ---- reload under load: no request dropped ----------------------------------
req GET /v1/health ""
SNAP=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["snapshot"])' "$T/body")
(for i in $(seq 1 150); do
	curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $SK" \
		-d '{"name":"Beijing Academy of AI"}' "$B/v1/screen"
done) >"$T/during" &
LOAD=$!
req POST /v1/admin/reload "$DK"; expect "reload (POST)" 200 snapshot $((SNAP + 1))
kill -HUP "$SPID"
req POST /v1/admin/reload "$DK"; expect "reload again" 200
wait "$LOAD"
[ "$(grep -c '^200$' "$T/during")" = 150 ] || fail "screens during reloads all 200" 150 "$(sort "$T/during" | uniq -c)"
req GET /v1/health ""; expect "snapshot after 3 reloads" 200 snapshot $((SNAP + 3))

# ---- metrics, access log ----------------------------------------------------
req GET /v1/metrics "$AK"; expect "metrics" 200
for m in 'clearance_requests_total{route="/v1/screen",status="200"}' \
	'clearance_requests_total{route="/v1/screen",status="400"}' \
	'clearance_request_duration_seconds_bucket{le="+Inf"}' clearance_alerts_total \
	clearance_list_age_seconds 'clearance_reloads_total{result="ok"} '"$((SNAP + 2))"; do
	grep -qF "$m" "$T/body" || fail "metrics: $m" present "$(head -c 400 "$T/body")"
done
grep -qE '^[0-9TZ:-]+ 127\.0\.0\.1 POST /v1/screen 200 [0-9]+ [0-9.]+ms$' "$T/err.main" ||
	fail "access log line with latency" "... POST /v1/screen 200 N T ms" "$(tail -3 "$T/err.main")"
grep -q "$SK" "$T/err.main" && fail "keys never logged" "absent" "logged"

# ---- open mode: says so -----------------------------------------------------
start open
grep -q "every route is open" "$T/err.open" || fail "open mode warns" "every route is open" "$(cat "$T/err.open")"
req POST /v1/screen "" -d '{"name":"Beijing Academy of AI"}'; expect "open: screen without key" 200

kill "$SPID"
wait "$SPID" 2>/dev/null
echo "server: all cases passed"
