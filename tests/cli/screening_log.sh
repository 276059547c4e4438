#!/usr/bin/env bash
# screening_log.sh - the screening log (docs/screening-log.md): screenings
# through the API (POST /v1/screen, one name and a batch, the CSL search,
# /match and /search) and `screen --store --log` land in the store with who,
# when, route, request id, query and evidence, snapshot, checksum and every
# alert; `screenings` lists them as text, JSON, CSV and JSON lines, filtered
# by party, key and date, and GET /v1/screenings answers the admin only; an
# edited row, a deleted middle row and a deleted newest row each fail `audit
# verify` naming the record; prune keeps the chain verifiable and refuses a
# broken one; an answered screening still in the server's journal when it
# is killed is logged at the next start, once, and not by another server
# running beside it; --no-screening-log logs nothing; a version-3 store
# migrates.
# usage: bash screening_log.sh CLEARANCE_BINARY FIXTURES_DIR
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
SERVE_ARGS=(--rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 absent"; exit 77; }

S=$T/s.db
export CLEARANCE_USER=log-test
"$BIN" import --store "$S" --as-of 2025-01-01 "$REPO/data/sample/lists" >/dev/null 2>&1 ||
	fail "import" 0 $?
SK=$("$BIN" keys create --role screen --name screener --store "$S" 2>/dev/null) || fail "keys create" 0 $?
DK=$("$BIN" keys create --role admin --name root --store "$S" 2>/dev/null)

# ---- screenings through the API ---------------------------------------------
start main --store "$S"
req POST /v1/screen "$SK" -H 'X-Request-Id: audit-rid-1' -D "$T/headers" \
	-d '{"name":"Beijing Academy of AI","dob":"1970","nationality":"CN","ids":[{"type":"passport","number":"K123","country":"CN"}]}'
expect "screen one name" 200 alerts.0.entry_id sample-el-0001
grep -qi '^X-Request-Id: audit-rid-1' "$T/headers" || fail "the client's request id echoed" audit-rid-1 "$(cat "$T/headers")"
req POST /v1/screen "$SK" -D "$T/headers" -d '{"records":[{"name":"Huawei"},{"name":"Jane Unlisted Baker"}]}'
expect "screen a batch" 200
RID=$(sed -n 's/^[Xx]-[Rr]equest-[Ii]d: *\([^[:space:]]*\).*/\1/p' "$T/headers")
[ -n "$RID" ] || fail "a request id of the server's" "X-Request-Id" "$(cat "$T/headers")"
req GET "/consolidated_screening_list/v1/search?name=beijing&fuzzy_name=true" "" -H "subscription-key: $SK"
expect "CSL search" 200
req POST /match/default "$SK" -d '{"queries":{"q1":{"schema":"Person","properties":{"name":["Jane Doe"],"birthDate":["1970"]}}}}'
expect "match" 200
req GET "/search/default?q=beijing+academy" "$SK"
expect "search" 200
req POST /v1/screen "$SK" -d '{"name":""}'
expect "a refused screening" 400
req GET /v1/screenings "$SK"
expect "screenings: the admin's" 403
req GET "/v1/screenings?limit=3" "$DK"
expect "screenings: newest first" 200 screenings.0.route "GET /search/{id}"
expect "screenings: limit" 200 count 3
req GET "/v1/screenings?party=beijing" "$DK"
expect "screenings by party" 200 count 3
req GET "/v1/screenings?party=BEIJING%20academy&key=screener&since=2020-01-01" "$DK"
expect "screenings by party, key and date" 200 count 2
req GET "/v1/screenings?since=yesterday" "$DK"
expect "screenings: a bad date" 400 error.field since
req GET "/v1/screenings?party=%2C%2C" "$DK"
expect "screenings: a party without a word" 400 error.field party
req GET /v1/metrics "$DK"
grep -q '^clearance_screenings_logged_total 6$' "$T/body" ||
	fail "metrics: screenings logged" 6 "$(grep screenings_logged "$T/body")"
stop_servers
PIDS=()

# ---- screen --log through the CLI --------------------------------------------
"$BIN" screen --store "$S" --log --dob 1975 "Beijing Academy of AI" >"$T/cli.out" 2>&1
[ $? = 1 ] || fail "screen --log: exit 1 on an alert" 1 "$(cat "$T/cli.out")"
grep -q "^Beijing Academy of AI: 1 alert as of" "$T/cli.out" || fail "screen --log answers" "1 alert" "$(cat "$T/cli.out")"
"$BIN" screen --store "$S" --log "Nobody Listed Here" >/dev/null 2>&1 || fail "screen --log: no alert" 0 $?

# ---- listing: text, JSON, CSV, JSON lines ------------------------------------
"$BIN" screenings --store "$S" >"$T/text" 2>"$T/text.err" || fail "screenings" 0 $?
grep -q "screenings: 8 records" "$T/text.err" || fail "screenings: count" "8 records" "$(cat "$T/text.err")"
head -1 "$T/text" | grep -q "^8  .*  log-test  cli screen  Nobody Listed Here: 0 alerts" ||
	fail "screenings: text, newest first" "8 ... log-test  cli screen  Nobody Listed Here" "$(head -1 "$T/text")"
"$BIN" screenings --store "$S" --json >"$T/json" || fail "screenings --json" 0 $?
python3 - "$T/json" "$RID" <<'PY' || fail "screenings --json: fields" "" "see above"
import json, re, sys
d = json.load(open(sys.argv[1]))
s = {r["seq"]: r for r in d["screenings"]}
assert d["count"] == 8 and sorted(s) == list(range(1, 9)), d["count"]
one = s[1]
assert one["who"] == "screener" and one["route"] == "POST /v1/screen", one
assert one["request_id"] == "audit-rid-1" and one["party"] == "Beijing Academy of AI", one
assert one["query"] == {"dob": "1970", "ids": [{"country": "CN", "number": "K123", "type": "passport"}],
                        "name": "Beijing Academy of AI", "nationality": "CN", "threshold": 0.8}, one["query"]
assert one["snapshot"] == 1 and re.fullmatch("[0-9a-f]{16}", one["checksum"]), one
assert one["nalerts"] == 1 and one["alerts"][0]["entry_id"] == "sample-el-0001", one
assert 0.8 <= one["alerts"][0]["score"] <= 1 and re.fullmatch("[0-9a-f]{64}", one["hash"]), one
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", one["at"]), one["at"]
assert [s[2]["party"], s[3]["party"]] == ["Huawei", "Jane Unlisted Baker"], s[2]
assert s[2]["request_id"] == s[3]["request_id"] == sys.argv[2], s[2]
assert s[2]["alerts"] and s[3]["alerts"] == [] and s[3]["nalerts"] == 0, s[3]
assert s[4]["route"] == "GET /consolidated_screening_list/v1/search", s[4]
assert s[4]["query"] == {"fuzzy_name": "true", "name": "beijing"}, s[4]["query"]
assert s[5]["route"] == "POST /match/{id}" and s[5]["party"] == "Jane Doe", s[5]
assert s[5]["query"]["dataset"] == "default" and s[5]["query"]["query"]["properties"]["birthDate"] == ["1970"], s[5]
assert s[6]["party"] == "beijing academy" and s[6]["alerts"][0]["match"] is True, s[6]
assert s[7]["who"] == "log-test" and s[7]["route"] == "cli screen" and s[7]["query"]["dob"] == "1975", s[7]
assert s[7]["request_id"].startswith("cli-"), s[7]
for r in s.values():
    assert r["at"] >= s[max(1, r["seq"] - 1)]["at"], "time order is seq order"
PY
"$BIN" screenings --store "$S" --format csv >"$T/csv" || fail "screenings --format csv" 0 $?
python3 - "$T/csv" <<'PY' || fail "screenings --format csv: fields" "" "see above"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 8, len(rows)
assert list(rows[0]) == ["seq", "at", "who", "route", "request_id", "party", "query", "snapshot",
                         "checksum", "nalerts", "alerts", "hash"], list(rows[0])
one = [r for r in rows if r["seq"] == "1"][0]
assert json.loads(one["alerts"])[0]["entry_id"] == "sample-el-0001", one
assert json.loads(one["query"])["ids"][0]["number"] == "K123" and one["nalerts"] == "1", one
PY
"$BIN" screenings --store "$S" --format jsonl --limit 0 >"$T/jsonl" || fail "screenings --format jsonl" 0 $?
[ "$(wc -l <"$T/jsonl")" = 8 ] || fail "jsonl: a line per record" 8 "$(wc -l <"$T/jsonl")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/jsonl" ||
	fail "jsonl: each line JSON" "" "$(head -2 "$T/jsonl")"
n=$("$BIN" screenings --store "$S" --party "beijing ACADEMY" --format jsonl | wc -l)
[ "$n" = 3 ] || fail "--party: every word, any case" 3 "$n"
n=$("$BIN" screenings --store "$S" --key log-test --format jsonl | wc -l)
[ "$n" = 2 ] || fail "--key" 2 "$n"
n=$("$BIN" screenings --store "$S" --until 2025-01-01 --format jsonl | wc -l)
[ "$n" = 0 ] || fail "--until before the first" 0 "$n"
n=$("$BIN" screenings --store "$S" --since 2025-01-01 --until "$(date -u +%F)" --format jsonl | wc -l)
[ "$n" = 8 ] || fail "--since/--until a day" 8 "$n"
n=$("$BIN" screenings --store "$S" --limit 2 --format jsonl | wc -l)
[ "$n" = 2 ] || fail "--limit" 2 "$n"
"$BIN" screenings --store "$S" --format xml >/dev/null 2>&1 && fail "--format xml refused" 2 0
"$BIN" screenings --store "$S" --since soon >/dev/null 2>&1 && fail "--since: a bad date refused" 2 0

# ---- tamper evidence -------------------------------------------------------------
"$BIN" audit verify --store "$S" 2>"$T/v" || fail "audit verify: intact" 0 "$(cat "$T/v")"
tampered() { # tampered NAME SQL EXPECTED-MESSAGE
	cp "$S" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || fail "$1: sqlite3" 0 $?
	"$BIN" audit verify --store "$T/$1.db" 2>"$T/$1.err" && fail "$1: audit verify fails" 2 0
	grep -q "$3" "$T/$1.err" || fail "$1: audit verify names it" "$3" "$(cat "$T/$1.err")"
}
tampered edit "UPDATE screenings SET alerts='[]', nalerts=0 WHERE seq=1" \
	"screenings: record 1: content was edited"
tampered party "UPDATE screenings SET party='Someone Else' WHERE seq=5" \
	"screenings: record 5: content was edited"
tampered middle "DELETE FROM screenings WHERE seq=4" "screenings: record 5: expected record 4"
tampered newest "DELETE FROM screenings WHERE seq=8" "screenings: record 8: missing"
tampered relinked "DELETE FROM screenings WHERE seq=4; UPDATE screenings SET seq=4 WHERE seq=5" \
	"screenings: record 4: does not link to record 3"

# ---- retention --------------------------------------------------------------------
cp "$S" "$T/p.db"
FIFTH=$(sqlite3 "$T/p.db" "SELECT at FROM screenings WHERE seq=5")
"$BIN" screenings prune --store "$T/p.db" --before "$FIFTH" 2>"$T/prune" || fail "prune" 0 "$(cat "$T/prune")"
grep -q "4 records before" "$T/prune" || fail "prune: count" "4 records" "$(cat "$T/prune")"
"$BIN" audit verify --store "$T/p.db" 2>"$T/v" || fail "audit verify after prune" 0 "$(cat "$T/v")"
n=$("$BIN" screenings --store "$T/p.db" --format jsonl | wc -l)
[ "$n" = 4 ] || fail "prune kept the rest" 4 "$n"
"$BIN" audit export --store "$T/p.db" | grep -q '"action":"screenings prune","input_hash":null,"snapshot":0,"result":"chain starts at record 5 after ' ||
	fail "prune's anchor in the audit trail" "chain starts at record 5" "$("$BIN" audit export --store "$T/p.db" | tail -1)"
"$BIN" screen --store "$T/p.db" --log "Huawei" >/dev/null 2>&1
"$BIN" audit verify --store "$T/p.db" 2>"$T/v" || fail "audit verify: a record after prune" 0 "$(cat "$T/v")"
cp "$T/p.db" "$T/p2.db"
sqlite3 "$T/p2.db" "DELETE FROM screenings WHERE seq=5"
"$BIN" audit verify --store "$T/p2.db" 2>"$T/v" && fail "the first kept record deleted after prune" 2 0
grep -q "screenings: record 6: expected record 5" "$T/v" || fail "prune anchor checked" "record 6: expected record 5" "$(cat "$T/v")"
"$BIN" screenings prune --store "$T/middle.db" --before 2100-01-01 2>"$T/v" && fail "prune of a broken chain refused" 2 0
grep -q "expected record 4" "$T/v" || fail "prune names the break" "expected record 4" "$(cat "$T/v")"
"$BIN" screenings prune --store "$T/p.db" 2>/dev/null && fail "prune without --before" 2 0
"$BIN" screenings prune --store "$T/p.db" --before 2100-01-01 2>/dev/null || fail "prune everything" 0 $?
"$BIN" audit verify --store "$T/p.db" 2>"$T/v" || fail "audit verify: all pruned" 0 "$(cat "$T/v")"
"$BIN" screen --store "$T/p.db" --log "Huawei" >/dev/null 2>&1
"$BIN" audit verify --store "$T/p.db" 2>"$T/v" || fail "audit verify: logged after all pruned" 0 "$(cat "$T/v")"

# ---- a crash: the journal is logged at the next start, once ---------------------
cp "$S" "$T/c.db"
CLEARANCE_SCREENLOG_HOLD=1 start crash --store "$T/c.db"
CRASH=$SPID
req POST /v1/screen "$SK" -d '{"name":"Huawei"}'
expect "screen before the crash" 200
start second --store "$T/c.db" # a live server's journal is left to it
grep -q "records of" "$T/err.second" && fail "another server's journal left alone" "nothing logged" \
	"$(cat "$T/err.second")"
kill "$SPID"
wait "$SPID" 2>/dev/null
kill -9 "$CRASH"
wait "$CRASH" 2>/dev/null
PIDS=()
J=$(ls "$T"/c.db-screenlog.* 2>/dev/null | head -1)
[ -n "$J" ] && [ -s "$J" ] || fail "the answered screening is in the journal" "a journal" "$(ls "$T")"
[ "$(sqlite3 "$T/c.db" 'SELECT count(*) FROM screenings')" = 8 ] || fail "not imported before the crash" 8 \
	"$(sqlite3 "$T/c.db" 'SELECT count(*) FROM screenings')"
cp "$J" "$T/journal.bak"
start after --store "$T/c.db"
grep -q "1 records of .* logged" "$T/err.after" || fail "the journal logged at start" "1 records ... logged" "$(cat "$T/err.after")"
[ ! -e "$J" ] || fail "the journal removed once logged" "gone" "$J"
req GET "/v1/screenings?limit=1" "$DK"
expect "the crashed screening in the log" 200 screenings.0.party Huawei
stop_servers
PIDS=()
cp "$T/journal.bak" "$J" # as if the crash came between the import and the removal
start again --store "$T/c.db"
grep -q "1 records of .* were already logged" "$T/err.again" || fail "a journal logged once" "already logged" "$(cat "$T/err.again")"
stop_servers
PIDS=()
[ "$(sqlite3 "$T/c.db" 'SELECT count(*) FROM screenings')" = 9 ] || fail "the journal logged once" 9 \
	"$(sqlite3 "$T/c.db" 'SELECT count(*) FROM screenings')"
"$BIN" audit verify --store "$T/c.db" 2>"$T/v" || fail "audit verify after the crash" 0 "$(cat "$T/v")"

# ---- no log, migration ----------------------------------------------------------
start nolog --store "$S" --no-screening-log
req POST /v1/screen "$SK" -d '{"name":"Huawei"}'
expect "screen without the log" 200
stop_servers
PIDS=()
[ "$(sqlite3 "$S" 'SELECT count(*) FROM screenings')" = 8 ] ||
	fail "--no-screening-log logs nothing" 8 "$(sqlite3 "$S" 'SELECT count(*) FROM screenings')"
cp "$S" "$T/v3.db"
sqlite3 "$T/v3.db" "DROP TABLE screenings_party; DROP TABLE screenings; DELETE FROM meta WHERE key LIKE 'screenings%'; UPDATE schema_version SET version=3"
"$BIN" screen --store "$T/v3.db" --log "Huawei" >/dev/null 2>&1
[ "$(sqlite3 "$T/v3.db" 'SELECT version FROM schema_version')" = 5 ] || fail "schema 3 migrates to 5" 5 "$(sqlite3 "$T/v3.db" 'SELECT version FROM schema_version')"
"$BIN" audit verify --store "$T/v3.db" 2>"$T/v" || fail "audit verify after the migration" 0 "$(cat "$T/v")"
# schema 4 kept the log's hashes as hex text; 5 keeps their bytes, the same chain
v4() { # v4 NAME [SQL]: a copy of the store as schema 4 wrote it, SQL run on it
	cp "$S" "$T/$1.db"
	sqlite3 "$T/$1.db" "CREATE TABLE s4(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
		route TEXT NOT NULL, request_id TEXT, party TEXT NOT NULL, query TEXT NOT NULL,
		snapshot_id INTEGER NOT NULL, checksum TEXT, alerts TEXT NOT NULL, nalerts INTEGER NOT NULL,
		prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
		INSERT INTO s4 SELECT seq, at, who, route, request_id, party, query, snapshot_id, checksum,
		alerts, nalerts, lower(hex(prev_hash)), lower(hex(hash)) FROM screenings;
		DROP TABLE screenings_party; DROP TABLE screenings; ALTER TABLE s4 RENAME TO screenings;
		CREATE VIRTUAL TABLE screenings_party USING fts5(party, content='screenings',
		content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
		INSERT INTO screenings_party(screenings_party) VALUES('rebuild');
		UPDATE schema_version SET version=4;
		${2:-}" || fail "$1: a version-4 store" 0 $?
	[ "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM screenings WHERE typeof(hash) = 'text'")" = 8 ] ||
		fail "$1: hashes as text in version 4" 8 "$(sqlite3 "$T/$1.db" "SELECT typeof(hash) FROM screenings")"
	[ "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM screenings_party_docsize")" = 8 ] ||
		fail "$1: version 4's party index" 8 "$(sqlite3 "$T/$1.db" "SELECT count(*) FROM screenings_party_docsize")"
}
v4 v4
"$BIN" audit verify --store "$T/v4.db" 2>"$T/v" || fail "audit verify after the migration from 4" 0 "$(cat "$T/v")"
[ "$(sqlite3 "$T/v4.db" 'SELECT version FROM schema_version')" = 5 ] || fail "schema 4 migrates to 5" 5 "$(sqlite3 "$T/v4.db" 'SELECT version FROM schema_version')"
[ "$(sqlite3 "$T/v4.db" "SELECT count(*) FROM screenings WHERE typeof(hash) = 'blob' AND length(hash) = 32
	AND typeof(prev_hash) = 'blob' AND length(prev_hash) = 32")" = 8 ] ||
	fail "schema 5: the hashes' 32 bytes" 8 "$(sqlite3 "$T/v4.db" "SELECT typeof(hash), length(hash) FROM screenings")"
"$BIN" screenings --store "$S" --format jsonl >"$T/log5" && "$BIN" screenings --store "$T/v4.db" --format jsonl >"$T/log4" &&
	cmp -s "$T/log4" "$T/log5" || fail "the migrated log reads as before" "$(head -1 "$T/log5")" "$(head -1 "$T/log4")"
[ "$(sqlite3 "$T/v4.db" "SELECT count(*) FROM sqlite_master WHERE name = 'screenings_party_docsize'")" = 0 ] ||
	fail "schema 5: the party index without column sizes" 0 "a screenings_party_docsize table"
n=$("$BIN" screenings --store "$T/v4.db" --party "beijing academy" --format jsonl | wc -l)
[ "$n" = 3 ] || fail "the migrated log: its party index" 3 "$n"
v4 v4edit "UPDATE screenings SET party='Someone Else' WHERE seq=5"
"$BIN" audit verify --store "$T/v4edit.db" 2>"$T/v" && fail "an edit before the migration caught after it" 2 0
grep -q "screenings: record 5: content was edited" "$T/v" || fail "an edit before the migration named" "record 5" "$(cat "$T/v")"
v4 v4hash "UPDATE screenings SET hash='not a hash' WHERE seq=3"
"$BIN" audit verify --store "$T/v4hash.db" 2>"$T/v" && fail "a damaged hash caught after the migration" 2 0
grep -q "screenings: record 3: content was edited" "$T/v" || fail "a damaged hash named" "record 3" "$(cat "$T/v")"
echo "ok: screening log"
