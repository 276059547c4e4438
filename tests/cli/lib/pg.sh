# shellcheck shell=bash
# pg.sh - the start of a CLI test on PostgreSQL (tests/cli/store_pg*.sh):
# the test runs again beside the throwaway server of tests/pg/pg-env.sh when
# none is set; then common.sh, BIN, FIXTURES and REPO from the test's
# arguments, P the server's URI and `sql` (psql on it).  Skips (77) without
# psql.  Source it after `set -u` with
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
