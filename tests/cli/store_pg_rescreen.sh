#!/usr/bin/env bash
# store_pg_rescreen.sh - re-screening on a PostgreSQL store against the same
# on SQLite, on the throwaway server of tests/pg/pg-env.sh: customers and a
# list imported, a full rescreen, a false-positive review, a second list
# snapshot and `rescreen --delta`, a replaced customer base and another
# delta, an entry removed and a full rescreen; then the customers' evidence
# (a date of birth that agrees, one that clears and closes the alert).  Every
# command prints the same bytes and exits alike on both, the alerts, their
# events, the runs and the audit records are equal row for row, and the
# PostgreSQL store's audit trail verifies, also after two rescreens and a
# review run at once.  Skips (77) without Debian's
# postgresql.
# usage: bash store_pg_rescreen.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/pg.sh" || exit 1
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }

scratch
export CLEARANCE_USER=pg-test
FX=$FIXTURES/store

# run LOG COMMAND...: the command's stdout, stderr and exit status into LOG,
# the store ($S) written STORE
run() {
	local log=$1 rc
	shift
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	{
		echo "\$ ${*:2}"
		cat "$T/out"
		echo "stderr:"
		cat "$T/err"
		echo "exit $rc"
	} | sed "s|$S|STORE|g" >>"$log"
}

# the rows a rescreen writes, as text both shells print alike (scores
# scaled to integers: the shells print doubles differently)
ROWS="SELECT 'alert ' || id || ' ' || customer_id || ' ' || entry_id || ' ' || customer_hash"
ROWS="$ROWS || ' ' || entry_hash || ' ' || CAST(round(score * 10000) AS INTEGER) || ' ' || status"
ROWS="$ROWS || ' ' || coalesce(decision, '-') || ' ' || coalesce(reason, '-') || ' ' || first_run"
ROWS="$ROWS || ' ' || last_run || ' ' || coalesce(CAST(round(name_score * 10000) AS INTEGER), -1)"
ROWS="$ROWS || ' ' || coalesce(evidence, '-') FROM alerts"
ROWS="$ROWS UNION ALL SELECT 'event ' || id || ' ' || alert_id || ' ' || kind || ' '"
ROWS="$ROWS || coalesce(who, '-') || ' ' || coalesce(note, '-') FROM alert_events"
ROWS="$ROWS UNION ALL SELECT 'run ' || id || ' ' || snapshot_id || ' ' || customer_seq || ' ' || delta"
ROWS="$ROWS || ' ' || screened || ' ' || alerts || ' ' || emitted FROM rescreens"
ROWS="$ROWS UNION ALL SELECT 'audit ' || seq || ' ' || who || ' ' || action || ' '"
ROWS="$ROWS || coalesce(input_hash, '-') || ' ' || snapshot_id || ' ' || coalesce(result, '-') FROM audit"
ROWS="$ROWS ORDER BY 1"

# compare WHAT: the logs and the rows of both stores
compare() {
	cmp -s "$T/log.pg" "$T/log.lite" ||
		fail "$1: output on PostgreSQL as on SQLite" "$(cat "$T/log.lite")" "$(diff "$T/log.lite" "$T/log.pg")"
	sqlite3 "$T/s.db" "$ROWS" >"$T/rows.lite" || fail "$1: sqlite3 rows"
	sql "$ROWS" >"$T/rows.pg" || fail "$1: psql rows"
	cmp -s "$T/rows.pg" "$T/rows.lite" ||
		fail "$1: rows on PostgreSQL as on SQLite" "$(wc -l <"$T/rows.lite") rows" "$(diff "$T/rows.lite" "$T/rows.pg" | head -20)"
	"$BIN" audit verify --store "$P" 2>"$T/err" || fail "$1: audit verify on PostgreSQL" 0 "$(cat "$T/err")"
}

# ---- customers, lists, full and delta rescreens, a review ------------------
for S in "$P" "$T/s.db"; do
	case $S in postgres*) L=$T/log.pg ;; *) L=$T/log.lite ;; esac
	run "$L" "$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv"
	run "$L" "$BIN" customers import --store "$S" "$FX/customers-v1.csv"
	run "$L" "$BIN" import --store "$S" --as-of 2024-06-01 "$FX/list-v1.csv" "$REPO/data/sample/lists"
	run "$L" "$BIN" rescreen --store "$S"
	run "$L" "$BIN" rescreen --store "$S"
	# the Zenturbine customer's alert on t-el-2 (which list-v2 changes): a
	# false positive
	id=$("$BIN" rescreen --store "$S" 2>/dev/null | sed -n 's/.*"alert_id":"\([0-9a-f]*\)","customer_id":"k2".*"entry_id":"t-el-2".*/\1/p')
	[ -n "$id" ] || fail "rescreen on $S: k2 alerts on t-el-2" "an alert id" "none"
	run "$L" "$BIN" review --store "$S" "$id" --decision false_positive --by alice --note "another company"
	run "$L" "$BIN" review --store "$S" 0123456789abcdef --decision escalated --by alice
	run "$L" "$BIN" rescreen --store "$S"
	run "$L" "$BIN" import --store "$S" --as-of 2025-05-01 "$FX/list-v2.csv" "$REPO/data/sample/lists"
	run "$L" "$BIN" rescreen --store "$S" --delta
	run "$L" "$BIN" rescreen --store "$S" --delta
	run "$L" "$BIN" customers import --store "$S" --replace "$FX/customers-v3.csv"
	run "$L" "$BIN" rescreen --store "$S" --delta
	run "$L" "$BIN" import --store "$S" --as-of 2025-06-01 "$FX/list-v3.csv" "$REPO/data/sample/lists"
	run "$L" "$BIN" rescreen --store "$S"
done
compare "rescreens"
grep -q '^rescreen: delta against snapshot 2: .*; customers sharing a token' "$T/log.pg" ||
	fail "a delta after a list change" "customers sharing a token" "$(cat "$T/log.pg")"
grep -q '"customer_id":"k2".*"reason":"list entry changed since the false-positive review"' "$T/log.pg" ||
	fail "the false positive reopened by the list change" "k2 reopened" "$(cat "$T/log.pg")"
grep -q '^review: no alert with id' "$T/log.pg" || grep -q "no alert with id '0123456789abcdef'" "$T/log.pg" ||
	fail "review of an unknown alert" "no alert with id" "$(cat "$T/log.pg")"
[ "$(sql "SELECT count(*) FROM alerts WHERE status='closed'")" -gt 0 ] ||
	fail "alerts closed on PostgreSQL" ">0" "$(sql "SELECT count(*) FROM alerts WHERE status='closed'")"
grep -q '^rescreen: full .* 1 suppressed by review' "$T/log.pg" ||
	fail "the false positive suppressed" "1 suppressed by review" "$(grep '^rescreen' "$T/log.pg")"
[ "$(sql "SELECT who || ' ' || result FROM audit WHERE action='review'")" = "alice alert $id: false_positive: another company" ] ||
	fail "the review audited on PostgreSQL" "alice alert $id" "$(sql "SELECT who || ' ' || result FROM audit WHERE action='review'")"

# ---- two rescreens and a review at once: one after the other, one chain ----
runs=$(sql "SELECT count(*) FROM rescreens")
"$BIN" rescreen --store "$P" >/dev/null 2>"$T/err.1" &
p1=$!
"$BIN" rescreen --store "$P" --delta >/dev/null 2>"$T/err.2" &
p2=$!
"$BIN" review --store "$P" "$id" --decision escalated --by bob 2>"$T/err.3" || fail "a review during rescreens" 0 "$(cat "$T/err.3")"
wait $p1
[ $? -le 1 ] || fail "concurrent rescreen 1" "0 or 1" "$(cat "$T/err.1")"
wait $p2
[ $? -le 1 ] || fail "concurrent rescreen 2" "0 or 1" "$(cat "$T/err.2")"
[ "$(sql "SELECT count(*) FROM rescreens")" = $((runs + 2)) ] || fail "runs after two at once" $((runs + 2)) "$(sql "SELECT count(*) FROM rescreens")"
"$BIN" audit verify --store "$P" 2>"$T/err" || fail "audit verify after concurrent rescreens" 0 "$(cat "$T/err")"

# ---- the customers' evidence: agrees, matches, then clears -----------------
sql "DROP SCHEMA public CASCADE; CREATE SCHEMA public" || fail "psql reset"
rm -f "$T/s.db" "$T/s.db-wal" "$T/s.db-shm" "$T/log.pg" "$T/log.lite"
printf 'id,name,dob,nationality,id_type,id_number,note\nk1,Rustam Karimov,1962-03-12,UZ,,,vip\nk2,Rustam,,,passport,AA1234567,\n' >"$T/cust.csv"
printf 'id,name,dob\nk1,Rustam Karimov,1931\n' >"$T/cust2.csv"
for S in "$P" "$T/s.db"; do
	case $S in postgres*) L=$T/log.pg ;; *) L=$T/log.lite ;; esac
	run "$L" "$BIN" import --store "$S" --as-of 2025-01-01 "$FIXTURES/evidence/lists.csv"
	run "$L" "$BIN" customers import --store "$S" "$T/cust.csv"
	run "$L" "$BIN" rescreen --store "$S"
	run "$L" "$BIN" customers import --store "$S" "$T/cust2.csv"
	run "$L" "$BIN" rescreen --store "$S" --delta
done
compare "evidence"
grep -q '"evidence":\[{"field":"dob"' "$T/log.pg" || fail "evidence in the alerts" "dob evidence" "$(cat "$T/log.pg")"
[ "$(sql "SELECT reason FROM alerts WHERE customer_id='k1' AND status='closed'")" = "cleared by dob: 1931, listed 1962-03-12" ] ||
	fail "the alert closes, cleared by the date of birth" "cleared by dob" "$(sql "SELECT reason FROM alerts")"
echo "store_pg_rescreen: rescreen, --delta, review, evidence on PostgreSQL as on SQLite: ok"
