# pg.sh - helpers of the tests on a PostgreSQL store (store_pg.sh,
# server_store_pg.sh), run under tests/pg/pg-env.sh: psql on its database,
# and the alerts a SQLite rescreen wrote copied there, until rescreen runs
# on PostgreSQL.  Needs P (the URI), common.sh's fail, psql and sqlite3.

# sql TEXT: runs TEXT on P, quiet, rows unaligned
sql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 "$P" -c "$1"; }

# copy_alerts DB: DB's alerts and alert events into P (scores with every digit)
copy_alerts() {
	sqlite3 -csv "$1" "SELECT id, customer_id, entry_id, customer_hash, entry_hash,
		printf('%.17g', score), status, decision, reason, first_run, last_run,
		CASE WHEN name_score IS NOT NULL THEN printf('%.17g', name_score) END, evidence
		FROM alerts" | sql "\\copy alerts FROM STDIN WITH (FORMAT csv)" ||
		fail "alerts copied to PostgreSQL"
	sqlite3 -csv "$1" "SELECT id, alert_id, at, kind, who, note FROM alert_events" |
		sql "\\copy alert_events FROM STDIN WITH (FORMAT csv)" || fail "alert events copied to PostgreSQL"
}
