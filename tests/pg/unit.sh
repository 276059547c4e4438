#!/usr/bin/env bash
# unit.sh - the store's unit tests of the modules on the statement layer
# (src/store/sql.h) on the PostgreSQL of pg-env.sh: fails when they fail,
# and when the filter selects none (a renamed test must not pass unseen).
# usage: bash pg-env.sh bash unit.sh UNIT_TESTS_BINARY
set -u
[ -n "${CLEARANCE_TEST_PG:-}" ] || { echo "FAIL: run under tests/pg/pg-env.sh"; exit 1; }
out=$("$1" --jobs 1 --filter '@(store_sql/*|store_api/keys_*|store_api/empty_store|store/import_*|store_queue/*)' 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc = 0 ] || exit 1
n=$(printf '%s\n' "$out" | sed -n 's/.*Tested: \([0-9]*\) .*/\1/p')
[ "${n:-0}" -ge 8 ] || { echo "FAIL: $n tests selected, expected at least 8"; exit 1; }
