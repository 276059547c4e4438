#!/usr/bin/env bash
# server_store_pg.sh - `clearance serve --store postgresql://...` on the
# throwaway server of tests/pg/pg-env.sh, beside the same store on SQLite:
# the store routes (alerts, one alert, customer, snapshots, diff) answer the
# same bytes on both; a review posted through the API is read back, and
# through a replica on the same store, which follows a new snapshot; parties
# screened through the API are in the screening log
# (`clearance screenings --party`, GET /v1/screenings), the journals in
# $CLEARANCE_JOURNAL_DIR (one a SIGKILL left logged at the next start, once),
# and `audit verify` checks the log's chain.
# The alerts a SQLite rescreen wrote are copied with psql, so that both
# servers answer on one set of rows.  Skips (77) without Debian's postgresql.
# usage: bash server_store_pg.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/pg.sh" || exit 1
SERVE_ARGS=(--rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 absent"; exit 77; }

export CLEARANCE_USER=serve-pg-test
export CLEARANCE_JOURNAL_DIR=$T/journal
mkdir "$CLEARANCE_JOURNAL_DIR"
LISTS=$REPO/data/sample/lists
S=$T/s.db
for st in "$P" "$S"; do
	{
		"$BIN" import --store "$st" --as-of 2025-01-01 "$LISTS" "$FIXTURES/store/list-v1.csv" &&
		"$BIN" import --store "$st" --as-of 2025-06-01 "$LISTS" "$FIXTURES/store/list-v2.csv" &&
		"$BIN" customers import --store "$st" "$REPO/data/sample/customers.csv" &&
		"$BIN" customers import --store "$st" "$FIXTURES/store/customers-v1.csv"
	} >/dev/null 2>"$T/err" || fail "lists and customers on $st" 0 "$(cat "$T/err")"
done
"$BIN" rescreen --store "$S" >/dev/null 2>&1
copy_alerts "$S"
NOPEN=$("$BIN" alerts --store "$S" | wc -l)
[ "$NOPEN" -ge 10 ] || fail "open alerts after the rescreen" ">= 10" "$NOPEN"
LK=$("$BIN" keys create --role admin --name root --store "$S" 2>/dev/null) || fail "keys create on SQLite" 0 $?
PK=$("$BIN" keys create --role admin --name root --store "$P" 2>/dev/null) || fail "keys create on PostgreSQL" 0 $?

start lite --store "$S"
LPORT=$PORT
start pg --store "$P"
PPORT=$PORT PSPID=$SPID
ls "$CLEARANCE_JOURNAL_DIR" | grep -q '^clearance-pg-[0-9a-f]\{16\}-screenlog\.' ||
	fail "the journal in CLEARANCE_JOURNAL_DIR" "clearance-pg-HASH-screenlog.*" "$(ls "$CLEARANCE_JOURNAL_DIR")"

# ---- the store routes: the same bytes on both (but the import times) ------------
ID=$("$BIN" alerts --store "$S" | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
CID=$("$BIN" alerts --store "$S" | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["customer_id"])')
for path in "/v1/alerts" "/v1/alerts?status=all&limit=5&offset=3" "/v1/alerts/$ID" \
	"/v1/customers/$CID" /v1/snapshots /v1/diff "/v1/diff?from=1&to=2&limit=2&offset=1" \
	/v1/alerts/0123456789abcdef "/v1/alerts?status=frozen"; do
	PORT=$LPORT req GET "$path" "$LK"
	lcode=$CODE
	sed 's/"imported":"[^"]*"/"imported":"T"/g' "$T/body" >"$T/body.lite"
	PORT=$PPORT req GET "$path" "$PK"
	sed 's/"imported":"[^"]*"/"imported":"T"/g' "$T/body" >"$T/body.pg"
	[ "$CODE" = "$lcode" ] || fail "GET $path: status on PostgreSQL" "$lcode" "$CODE $(head -c 300 "$T/body")"
	cmp -s "$T/body.pg" "$T/body.lite" ||
		fail "GET $path: PostgreSQL as SQLite" "$(head -c 600 "$T/body.lite")" "$(head -c 600 "$T/body.pg")"
done
PORT=$PPORT
req GET "/v1/alerts?status=all" "$PK"; expect "alerts on PostgreSQL" 200 total "$NOPEN"
req GET /v1/diff "$PK"; expect "diff: from" 200 from.id 1
expect "diff: hits" 200 hits.0.status open

# ---- a review through the API, read back ------------------------------------------
req POST "/v1/alerts/$ID/review" "$PK" -d '{"decision":"true_match","note":"same party"}'
expect "review" 200 alert.decision true_match
expect "review: the reviewer" 200 reviewer root
req GET "/v1/alerts/$ID" "$PK"; expect "review read back" 200 history.1.note "same party"
expect "review read back: status" 200 status reviewed

# ---- a replica on the same store (its own journal folder, as on another machine):
# the review posted through the first is read through it at once; a snapshot
# another process imports is served within 5 s (--follow)
mkdir "$T/journal2"
CLEARANCE_JOURNAL_DIR=$T/journal2 start replica --store "$P" --follow 0.2
req GET "/v1/alerts/$ID" "$PK"; expect "the replica reads the review at once" 200 status reviewed
req GET /v1/lists "$PK"; expect "the replica: snapshot 2" 200 store_snapshot 2
"$BIN" import --store "$P" --as-of 2025-09-01 "$LISTS" "$FIXTURES/store/list-v1.csv" >/dev/null 2>"$T/err" ||
	fail "a third snapshot imported" 0 "$(cat "$T/err")"
wait_snapshot "$PK" 3
expect "the replica serves the imported snapshot within 5 s" 200 store_snapshot 3
kill "$SPID"
wait "$SPID" 2>/dev/null
PORT=$PPORT SPID=$PSPID

# ---- screenings: logged through the journal into PostgreSQL ----------------------
for name in "Beijing Academy of AI" "Zürich Präzisionsmechanik AG" "Ocean Star Shipping"; do
	req POST /v1/screen "$PK" -d "{\"name\":\"$name\"}"; expect "screen '$name'" 200
done
req POST /v1/screen "$PK" -d '{"records":[{"name":"Kestrel Holdings"},{"name":"Ocean Breeze Ltd"}]}'
expect "screen two records" 200
req GET "/v1/screenings?party=ocean" "$PK"; expect "GET /v1/screenings?party=ocean" 200 count 2
expect "the newest first" 200 screenings.0.party "Ocean Breeze Ltd"
req GET "/v1/screenings?party=zurich%20AG" "$PK"; expect "a party's accents folded" 200 count 1
"$BIN" screenings --store "$P" --party "beijing academy" --json >"$T/scr" 2>"$T/err" ||
	fail "screenings --party on PostgreSQL" 0 "$(cat "$T/err")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["count"] == 1 and d["screenings"][0]["party"] == "Beijing Academy of AI" and d["screenings"][0]["route"] == "POST /v1/screen"))' "$T/scr" ||
	fail "screenings --party finds the screened party" "Beijing Academy of AI, POST /v1/screen" "$(cat "$T/scr")"
[ "$("$BIN" screenings --store "$P" --format jsonl | wc -l)" = 5 ] ||
	fail "five records in the log" 5 "$("$BIN" screenings --store "$P" --format jsonl)"

# stopped: the journal imported and gone; the chain verified with the audit trail
kill "$SPID"
wait "$SPID" 2>/dev/null
ls "$CLEARANCE_JOURNAL_DIR" | grep -q screenlog && fail "the journals after a stop" "none" "$(ls "$CLEARANCE_JOURNAL_DIR")"
"$BIN" audit verify --store "$P" 2>"$T/err" || fail "audit verify on PostgreSQL" 0 "$(cat "$T/err")"
nrec=7 # 3 imports, 2 customer imports, a key, the review
grep -q "$nrec records, chain intact" "$T/err" || fail "audit verify: records" "$nrec records" "$(cat "$T/err")"

# a crash: the journal (in CLEARANCE_JOURNAL_DIR) is logged at the next
# start, once, and the chain still verifies
CLEARANCE_SCREENLOG_HOLD=1 start crash --store "$P"
req POST /v1/screen "$PK" -d '{"name":"Huawei"}'; expect "screen before the crash" 200
kill -9 "$SPID"
wait "$SPID" 2>/dev/null
J=$(ls "$CLEARANCE_JOURNAL_DIR"/*screenlog* 2>/dev/null | head -1)
[ -n "$J" ] && [ -s "$J" ] || fail "the answered screening in the journal" "a journal" "$(ls "$CLEARANCE_JOURNAL_DIR")"
cp "$J" "$T/journal.bak"
start after --store "$P"
grep -q "1 records of .* logged" "$T/err.after" || fail "the journal logged at start" "1 records ... logged" "$(cat "$T/err.after")"
kill "$SPID"
wait "$SPID" 2>/dev/null
cp "$T/journal.bak" "$J" # as if the crash came between the import and the removal
start again --store "$P"
grep -q "1 records of .* were already logged" "$T/err.again" || fail "a journal logged once" "already logged" "$(cat "$T/err.again")"
kill "$SPID"
wait "$SPID" 2>/dev/null
[ "$(sql "SELECT count(*) || ' ' || max(party) FROM screenings WHERE seq = 6")" = "1 Huawei" ] ||
	fail "the crashed screening logged once, sixth" "1 Huawei" "$(sql "SELECT seq, party FROM screenings")"
[ "$(sql "SELECT count(*) FROM screenings")" = 6 ] || fail "records after the crash" 6 "$(sql "SELECT count(*) FROM screenings")"
"$BIN" audit verify --store "$P" 2>"$T/err" || fail "audit verify after the crash" 0 "$(cat "$T/err")"

sql "UPDATE screenings SET party='Ocean Star Trading' WHERE party='Ocean Star Shipping'" || fail "psql update"
"$BIN" audit verify --store "$P" 2>"$T/err" && fail "verify after a logged party was edited" 2 0
grep -q "screenings: record 3: content was edited" "$T/err" || fail "the edited record named" "record 3" "$(cat "$T/err")"
echo "server_store_pg: store routes as on SQLite, review, screenings logged and found, a crash, audit verify: ok"
