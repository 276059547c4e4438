#!/usr/bin/env bash
# store_pg.sh - the commands on a PostgreSQL store (--store postgresql://...
# and CLEARANCE_STORE), on the throwaway server of tests/pg/pg-env.sh: keys,
# customers import (the same output and token index as on SQLite), list
# import, diff and screening as of a date (the same output as on SQLite),
# update from a loopback server, audit check (a blob edited with psql
# named), the screening log (the same records, searches, exports and prune
# as on SQLite), the audit trail (verify, export, verify
# naming the record edited or deleted with psql), the schema version checked
# at open, bad URIs;
# then four processes creating and revoking keys at once, the audit chain
# intact afterwards.  Skips (77) without Debian's postgresql.
# usage: bash store_pg.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/pg.sh" || exit 1

scratch
export CLEARANCE_USER=pg-test

# keys: create, list, revoke; list prints what it prints on SQLite
for S in "$P" "$T/s.db"; do
	"$BIN" keys create --role analyst --name alice --store "$S" >/dev/null 2>&1 || fail "keys create on $S" 0 "$?"
	"$BIN" keys create --role admin --store "$S" >"$T/key" 2>/dev/null || fail "keys create admin on $S" 0 "$?"
	grep -q '^clr_[0-9a-f]\{48\}$' "$T/key" || fail "a key printed" "clr_..." "$(cat "$T/key")"
	"$BIN" keys revoke --store "$S" alice 2>/dev/null || fail "keys revoke on $S" 0 "$?"
	"$BIN" keys revoke --store "$S" alice 2>"$T/err" && fail "revoke twice on $S" 2 0
	grep -q "no active key 'alice'" "$T/err" || fail "revoke twice: message" "no active key" "$(cat "$T/err")"
	"$BIN" keys list --store "$S" |
		sed 's/"sha256_prefix":"[0-9a-f]\{12\}"/H/; s/"[0-9-]*T[0-9:]*Z"/D/g' >"$T/list.$(basename "$S" | tr -c 'a-z0-9\n' _)"
done
pglist=$(cat "$T"/list.postgres)
[ "$pglist" = "$(cat "$T/list.s_db")" ] || fail "keys list: PostgreSQL as SQLite" "$(cat "$T/list.s_db")" "$pglist"
[ "$(printf '%s\n' "$pglist" | wc -l)" = 2 ] || fail "keys listed" 2 "$pglist"

# customers import: the same messages, rows and token index as on SQLite
FX=$FIXTURES/store
for S in "$P" "$T/s.db"; do
	k=$(basename "$S" | tr -c 'a-z0-9\n' _)
	{
		"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" &&
		"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" &&
		"$BIN" customers import --store "$S" "$FX/customers-v1.csv" &&
		"$BIN" customers import --store "$S" --replace "$FX/customers-v3.csv"
	} 2>"$T/cust.$k" || fail "customers import on $S" 0 "$(cat "$T/cust.$k")"
done
cmp -s "$T/cust.postgres" "$T/cust.s_db" || fail "customers import messages" "$(cat "$T/cust.s_db")" "$(cat "$T/cust.postgres")"
grep -q "3 read, 1 new or changed, 2 with changed attributes only, 21 deleted" "$T/cust.postgres" ||
	fail "replace import" "3 read, 1 new or changed, 2 with changed attributes only, 21 deleted" "$(cat "$T/cust.postgres")"
q="SELECT (SELECT count(*) FROM customers) || ' ' || (SELECT count(*) FROM customer_tokens) || ' '"
q="$q || (SELECT count(*) FROM customer_words) || ' ' || (SELECT max(seq) FROM customers)"
q="$q || ' ' || (SELECT count(*) FROM customer_tokens WHERE crow NOT IN (SELECT rowid FROM customers))"
lite=$(sqlite3 "$T/s.db" "$q") || fail "sqlite3 counts"
[ "$(sql "$q")" = "$lite" ] || fail "customers and token index: PostgreSQL as SQLite" "$lite" "$(sql "$q")"
h="SELECT id || ' ' || name || ' ' || hash || ' ' || coalesce(attributes, '') FROM customers ORDER BY id"
[ "$(sql "$h")" = "$(sqlite3 "$T/s.db" "$h")" ] || fail "customer rows: PostgreSQL as SQLite" "$(sqlite3 "$T/s.db" "$h")" "$(sql "$h")"

# list snapshots: import, diff, screen --as-of; the same output as on SQLite
for S in "$P" "$T/s.db"; do
	k=$(basename "$S" | tr -c 'a-z0-9\n' _)
	{
		"$BIN" import --store "$S" --as-of 2024-06-01 "$FX/list-v1.csv" &&
		"$BIN" import --store "$S" --as-of 2025-05-01 "$FX/list-v2.csv" &&
		"$BIN" import --store "$S" --as-of 2025-06-01 "$REPO/data/sample/lists" &&
		"$BIN" diff --store "$S" 1 2 && "$BIN" diff --store "$S" --summary &&
		"$BIN" screen --store "$S" --as-of 2024-12-31 "Quarkhollow Photonics" "Zenturbine Aerospace"
		echo "screen: $?"
		"$BIN" screen --store "$S" --as-of 2025-07-01 --json "Maple Leaf Dairy Cooperative"
		echo "screen: $?"
	} >"$T/lists.$k" 2>&1 || fail "import and diff on $S" 0 "$(cat "$T/lists.$k")"
done
cmp -s "$T/lists.postgres" "$T/lists.s_db" ||
	fail "import, diff, screen --as-of: PostgreSQL as SQLite" "$(cat "$T/lists.s_db")" "$(cat "$T/lists.postgres")"
grep -q '^{"change":"added","entry_id":"t-el-4"' "$T/lists.postgres" || fail "diff 1 2" "t-el-4 added" "$(cat "$T/lists.postgres")"
grep -q "ALERT .*t-el-1" "$T/lists.postgres" || fail "screen --as-of" "t-el-1 alerts" "$(cat "$T/lists.postgres")"
"$BIN" audit check --store "$P" 2>"$T/err" || fail "audit check" 0 "$(cat "$T/err")"
sql "UPDATE blobs SET data = data || '\x00'::bytea WHERE hash = (SELECT min(hash) FROM blobs)" || fail "psql blob"
"$BIN" audit check --store "$P" 2>"$T/err"
[ $? = 2 ] || fail "audit check after a blob edit: exit" 2 "$(cat "$T/err")"
grep -q "store: blob $(sql "SELECT min(hash) FROM blobs") does not match its content" "$T/err" ||
	fail "the edited blob named" "blob ... does not match" "$(cat "$T/err")"
sql "UPDATE blobs SET data = substring(data from 1 for length(data) - 1) WHERE hash = (SELECT min(hash) FROM blobs)"
"$BIN" audit check --store "$P" 2>"$T/err" || fail "audit check restored" 0 "$(cat "$T/err")"

# update from the loopback fixture server: the same snapshot and sources
mkdir "$T/www"
cp "$FIXTURES/csl/layout-2025.csv" "$T/www/csl.csv"
cp "$FIXTURES/un/consolidated.xml" "$T/www/un.xml"
fixture_server "$BIN" "$T/www"
printf 'csl %s/ok/csl.csv\nun %s/ok/un.xml\n' "$U" "$U" >"$T/sources.conf"
src="SELECT snapshot_id || ' ' || path || ' ' || blob_hash FROM snapshot_sources WHERE snapshot_id=4 ORDER BY path"
for S in "$P" "$T/s.db"; do
	"$BIN" update --store "$S" --config "$T/sources.conf" --as-of 2025-07-01 >"$T/upd" 2>"$T/err" ||
		fail "update on $S" 0 "$(cat "$T/err")"
	[ "$(cat "$T/upd")" = 4 ] || fail "update on $S: the snapshot" 4 "$(cat "$T/upd")"
done
[ "$(sql "$src")" = "$(sqlite3 "$T/s.db" "$src")" ] || fail "update's sources: PostgreSQL as SQLite" "$(sqlite3 "$T/s.db" "$src")" "$(sql "$src")"
[ "$(sql "SELECT count(*) FROM snapshot_sources WHERE snapshot_id=4")" = 2 ] || fail "update's files" 2 "$(sql "$src")"

# the audit trail: verify, export (the same fields as on SQLite)
"$BIN" audit verify --store "$P" 2>"$T/err" || fail "verify" 0 "$(cat "$T/err")"
grep -q "13 records, chain intact" "$T/err" || fail "verify message" "13 records" "$(cat "$T/err")"
"$BIN" audit export --store "$P" >"$T/export" || fail "export" 0 "$?"
[ "$(wc -l <"$T/export")" = 13 ] || fail "export lines" 13 "$(wc -l <"$T/export")"
head -1 "$T/export" | grep -q '^{"seq":1,"at":"[0-9T:Z-]*","who":"pg-test","action":"key-create","input_hash":"[0-9a-f]\{64\}","snapshot":0,"result":"key 1 '"'alice'"': role analyst","prev_hash":"0\{64\}","hash":"[0-9a-f]\{64\}"}$' ||
	fail "export line" "seq 1 key-create" "$(head -1 "$T/export")"
[ "$("$BIN" audit export --store "$P" --since 2999-01-01 | wc -l)" = 0 ] || fail "export since the future" 0 "?"

# CLEARANCE_STORE stands for --store
CLEARANCE_STORE=$P "$BIN" audit verify 2>"$T/err" || fail "CLEARANCE_STORE" 0 "$(cat "$T/err")"
grep -q "13 records" "$T/err" || fail "CLEARANCE_STORE verified" "13 records" "$(cat "$T/err")"

# tampering with psql: verify exits 2 naming the record
sql "UPDATE audit SET who='mallory' WHERE seq=2" || fail "psql update"
"$BIN" audit verify --store "$P" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "verify after an edit: exit" 2 "$rc"
grep -q "audit: record 2: content was edited" "$T/err" || fail "edit named" "record 2" "$(cat "$T/err")"
sql "UPDATE audit SET who='pg-test' WHERE seq=2; DELETE FROM audit WHERE seq=13" || fail "psql delete"
"$BIN" audit verify --store "$P" 2>"$T/err" && fail "verify after a deletion" 2 0
grep -q "audit: record 13: missing" "$T/err" || fail "deletion named" "record 13 missing" "$(cat "$T/err")"

# the schema version is checked at open
sql "UPDATE schema_version SET version=99" || fail "psql schema_version"
"$BIN" keys list --store "$P" >/dev/null 2>"$T/err" && fail "a newer schema" 2 0
grep -q "PostgreSQL schema version 99 is newer than 3" "$T/err" || fail "newer schema message" "version 99" "$(cat "$T/err")"
sql "DROP SCHEMA public CASCADE; CREATE SCHEMA public" || fail "psql reset"

# bad URIs: exit 2, the cause named, a password never shown
"$BIN" keys list --store "postgresql://u:s3cret@127.0.0.1:1/x" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "unreachable server: exit" 2 "$rc"
grep -q 'postgresql://u:\*\*\*@127.0.0.1:1/x.*127.0.0.1.*1' "$T/err" || fail "unreachable: message" "the URI, redacted" "$(cat "$T/err")"
grep -q s3cret "$T/err" && fail "the password in a message" "***" "$(cat "$T/err")"
"$BIN" keys list --store "postgresql://[bad" >/dev/null 2>"$T/err"
[ $? = 2 ] && [ -s "$T/err" ] || fail "a malformed URI" "exit 2 and a message" "$(cat "$T/err")"

# concurrent writers: four processes creating and revoking keys at once;
# every command succeeds and the audit trail stays one chain
writer() {
	local w=$1 i
	for i in $(seq 1 15); do
		"$BIN" keys create --role screen --name "w$w-$i" --store "$P" >/dev/null 2>>"$T/werr.$w" || return 1
		if [ $((i % 3)) = 0 ]; then
			"$BIN" keys revoke --store "$P" "w$w-$i" 2>>"$T/werr.$w" || return 1
		fi
	done
}
pids=()
for w in 1 2 3 4; do
	writer $w &
	pids+=($!)
done
for w in 1 2 3 4; do
	wait "${pids[$((w - 1))]}" || fail "writer $w" 0 "$(grep -v 'key .* added\|revoked$' "$T/werr.$w" | head -3)"
done
"$BIN" audit verify --store "$P" 2>"$T/err" || fail "verify after concurrent writers" 0 "$(cat "$T/err")"
grep -q "80 records, chain intact" "$T/err" || fail "records after concurrent writers" "80 (60 creations, 20 revocations)" "$(cat "$T/err")"
[ "$(sql "SELECT count(*) FROM keys WHERE revoked IS NULL")" = 40 ] || fail "active keys" 40 "$(sql "SELECT count(*) FROM keys WHERE revoked IS NULL")"
[ "$(sql "SELECT count(DISTINCT who) || ' ' || min(seq) || ' ' || max(seq) FROM audit")" = "1 1 80" ] ||
	fail "audit seq" "1 1 80" "$(sql "SELECT count(DISTINCT who) || ' ' || min(seq) || ' ' || max(seq) FROM audit")"
# alerts: rescreen is not on PostgreSQL yet, so the alerts and events that a
# rescreen and a review wrote on SQLite are copied over (scores with every
# digit), the lists and customers imported on both; `alerts` prints the same
# bytes on both
for S in "$P" "$T/a.db"; do
	{
		"$BIN" import --store "$S" --as-of 2025-01-01 "$FX/list-v1.csv" &&
		"$BIN" import --store "$S" --as-of 2025-06-01 "$FX/list-v2.csv" &&
		"$BIN" customers import --store "$S" "$FX/customers-v1.csv"
	} >/dev/null 2>"$T/err" || fail "alerts: lists and customers on $S" 0 "$(cat "$T/err")"
done
"$BIN" rescreen --store "$T/a.db" >/dev/null 2>"$T/err" || [ $? = 1 ] || fail "rescreen on SQLite" "0 or 1" "$(cat "$T/err")"
aid=$(sqlite3 "$T/a.db" "SELECT id FROM alerts ORDER BY customer_id, entry_id LIMIT 1")
[ -n "$aid" ] || fail "alerts on SQLite" "some" "none"
"$BIN" review --store "$T/a.db" "$aid" --decision false_positive --by alice --note 'a "quoted"
note, on two lines' 2>/dev/null || fail "review on SQLite" 0 "$?"
copy_alerts "$T/a.db"
for st in all open reviewed closed; do
	"$BIN" alerts --store "$T/a.db" --status $st >"$T/alerts.lite" || fail "alerts --status $st on SQLite" 0 "$?"
	"$BIN" alerts --store "$P" --status $st >"$T/alerts.pg" 2>"$T/err" || fail "alerts --status $st" 0 "$(cat "$T/err")"
	cmp -s "$T/alerts.pg" "$T/alerts.lite" || fail "alerts --status $st: PostgreSQL as SQLite" "$(cat "$T/alerts.lite")" "$(cat "$T/alerts.pg")"
done
"$BIN" alerts --store "$P" --status all | grep -q '"note":"a \\"quoted\\"\\nnote, on two lines"' ||
	fail "the review's note" 'a \"quoted\"\nnote' "$("$BIN" alerts --store "$P" --status reviewed)"
[ "$("$BIN" alerts --store "$P" --status all | wc -l)" -ge 3 ] || fail "alerts on PostgreSQL" "3 or more" "$("$BIN" alerts --store "$P" --status all | wc -l)"

# the screening log: the same records, chain, party search (words folded
# by SQLite's own tokenizer), date ranges, exports and prune as on SQLite
for S in "$P" "$T/a.db"; do
	k=$(basename "$S" | tr -c 'a-z0-9\n' _)
	{
		"$BIN" screenings generate --store "$S" 3000 &&
		"$BIN" screen --store "$S" --as-of 2025-07-01 --log "Zürich Präzisionsmechanik AG"
		"$BIN" screenings --store "$S" --party riul --limit 10000 &&
		"$BIN" screenings --store "$S" --party "$(printf 'G\xc3\xb4CHI fami')" --format csv &&
		"$BIN" screenings --store "$S" --party "zurich-prazisionsmechanik" --format jsonl &&
		"$BIN" screenings --store "$S" --since 2025-01-01T05:00:00Z --until 2025-01-01T06:00 --format csv &&
		"$BIN" screenings --store "$S" --key carol --limit 7 --json &&
		"$BIN" audit verify --store "$S" &&
		"$BIN" screenings prune --store "$S" --before 2025-01-01T03:00:00Z &&
		"$BIN" audit verify --store "$S" &&
		"$BIN" screenings --store "$S" --format jsonl --limit 100000
	} 2>&1 | sed 's/"at":"2026[^"]*"/"at":"now"/; s/"request_id":"cli-[0-9-]*"/"request_id":"R"/
		s/"hash":"[0-9a-f]*"}$/"hash":"H"}/; s/^audit: [0-9]* records/audit: N records/' >"$T/scr.$k"
done
grep -v '^[0-9]*,\|^seq\|^{' "$T/scr.postgres" >"$T/scr.msgs"
cmp -s "$T/scr.postgres" "$T/scr.a_db" ||
	fail "the screening log: PostgreSQL as SQLite" "$(diff "$T/scr.a_db" "$T/scr.postgres" | head -20)" "(diff above)"
[ "$(grep -c '^{"seq":3001,.*"party":"Zürich Präzisionsmechanik AG"' "$T/scr.postgres")" = 2 ] ||
	fail "a party with accents found without them" "its record, then in the export" "$(grep Zürich "$T/scr.postgres")"
grep -q "screenings prune: 361 records before" "$T/scr.postgres" || fail "prune" "361 records" "$(cat "$T/scr.msgs")"
[ "$(grep -c "audit: N records, chain intact" "$T/scr.postgres")" = 2 ] || fail "audit verify with the log" 2 "$(cat "$T/scr.msgs")"

echo "store_pg: keys, customers, import, diff, screen --as-of, update, audit, schema version, 4 concurrent writers, alerts, screening log: ok"
