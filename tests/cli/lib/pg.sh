# shellcheck shell=bash
# pg.sh - the start of a CLI test on PostgreSQL (tests/cli/store_pg*.sh):
# the test runs again beside the throwaway server of tests/pg/pg-env.sh when
# none is set; then common.sh, BIN, FIXTURES and REPO from the test's
# arguments, P the server's URI, `sql` (psql on it) and `copy_alerts` (a
# SQLite store's alerts copied in, so that views compare on one set of rows).
# Skips (77) without psql.  Source it after `set -u` with
#   . "$(dirname "$0")/lib/pg.sh" || exit 1
[ -n "${CLEARANCE_TEST_PG:-}" ] ||
	exec bash "$(dirname "$0")/../pg/pg-env.sh" bash "$0" "$@"
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
P=$CLEARANCE_TEST_PG
command -v psql >/dev/null 2>&1 || { echo "SKIP: psql absent (Debian postgresql-client)"; exit 77; }
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
	# rows copied with their ids leave the identity behind: the next event
	# (a review) takes the id after them, as on SQLite
	sql "SELECT setval(pg_get_serial_sequence('alert_events', 'id'), max(id)) FROM alert_events" \
		>/dev/null || fail "alert events' identity moved past the copied rows"
}
