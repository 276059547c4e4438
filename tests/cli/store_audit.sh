#!/usr/bin/env bash
# store_audit.sh - the audit hash chain: `audit verify` passes on an
# untouched store and fails, naming the first bad record, after an edit, a
# deletion (middle and end) or a reordering done with the sqlite3 shell;
# `audit export --since`; usage errors.  Uses the sample lists only.
# usage: bash store_audit.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$REPO/data/sample/lists
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }

scratch
S=$T/s.db
export CLEARANCE_USER=auditor-test

"$BIN" import --store "$S" --as-of 2025-01-01 "$LISTS" >/dev/null 2>&1 || fail import 0 "$?"
"$BIN" import --store "$S" "$LISTS" >/dev/null 2>&1 || fail "import again" 0 "$?"
"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" 2>/dev/null || fail customers 0 "$?"
"$BIN" rescreen --store "$S" >"$T/alerts" 2>/dev/null
id=$(head -1 "$T/alerts" | sed 's/.*"alert_id":"\([0-9a-f]*\)".*/\1/')
[ -n "$id" ] || fail "an alert to review" id none
"$BIN" review --store "$S" "$id" --decision escalated --by alice --note "ask legal" || fail review 0 "$?"
"$BIN" screen --store "$S" --as-of 2026-01-01 "Maple Leaf Dairy Cooperative" >/dev/null || fail "screen as of" 0 "$?"
n=$(sqlite3 "$S" "SELECT count(*) FROM audit")
[ "$n" = 6 ] || fail "audit records (2 imports, customers, rescreen, review, screen)" 6 "$n"
"$BIN" audit verify --store "$S" 2>"$T/err" || fail "verify untouched" 0 "$(cat "$T/err")"
grep -q "6 records, chain intact" "$T/err" || fail "verify message" "6 records" "$(cat "$T/err")"

# importing identical content creates no new entry version
nv=$(sqlite3 "$S" "SELECT count(*) FROM entry_versions")
ne=$(sqlite3 "$S" "SELECT count(*) FROM snapshot_entries WHERE snapshot_id=1")
[ "$nv" = "$ne" ] || fail "identical re-import: entry versions" "$ne" "$nv"
[ "$(sqlite3 "$S" "SELECT count(*) FROM blobs")" = 2 ] || fail "blobs stored once" 2 "$(sqlite3 "$S" "SELECT count(*) FROM blobs")"
[ "$(sqlite3 "$S" "PRAGMA journal_mode")" = wal ] || fail "WAL mode" wal "$(sqlite3 "$S" "PRAGMA journal_mode")"
[ "$(sqlite3 "$S" "SELECT version FROM schema_version")" = 5 ] || fail "schema version" 5 "$(sqlite3 "$S" "SELECT version FROM schema_version")"

# tamper: run SQL on a copy, expect verify to fail naming record $2
tamper() {
	cp "$S" "$T/t.db"
	sqlite3 "$T/t.db" "$1" || fail "sqlite3 $1" 0 "$?"
	"$BIN" audit verify --store "$T/t.db" 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "verify after: $1" 2 "$rc ($(cat "$T/err"))"
	grep -q "record $2:" "$T/err" || fail "verify names record $2 after: $1" "record $2" "$(cat "$T/err")"
}
tamper "UPDATE audit SET result='snapshot 1: nothing' WHERE seq=1" 1
tamper "UPDATE audit SET who='mallory' WHERE seq=5" 5
tamper "UPDATE audit SET at='2020-01-01T00:00:00Z' WHERE seq=3" 3
tamper "DELETE FROM audit WHERE seq=3" 4
tamper "DELETE FROM audit WHERE seq=6" 6
tamper "UPDATE audit SET seq=-2 WHERE seq=2; UPDATE audit SET seq=2 WHERE seq=3; UPDATE audit SET seq=3 WHERE seq=-2" 2
# re-hashing an edited record still breaks the link to the next one
cp "$S" "$T/t.db"
sqlite3 "$T/t.db" "UPDATE audit SET hash='$(printf '%064d' 7)' WHERE seq=4"
"$BIN" audit verify --store "$T/t.db" 2>"$T/err" && fail "verify after a hash edit" 2 0
grep -q "record [45]:" "$T/err" || fail "hash edit named" "record 4 or 5" "$(cat "$T/err")"

# export: JSON lines, --since filters by time
[ "$("$BIN" audit export --store "$S" | wc -l)" = 6 ] || fail "export all" 6 "?"
[ "$("$BIN" audit export --store "$S" --since 2999-01-01 | wc -l)" = 0 ] || fail "export since future" 0 "?"
"$BIN" audit export --store "$S" | head -1 | grep -q '^{"seq":1,"at":"[0-9T:Z-]*","who":"auditor-test","action":"import"' ||
	fail "export line" 'seq 1 import' "$("$BIN" audit export --store "$S" | head -1)"
"$BIN" audit export --store "$S" | grep '"action":"review"' | grep -q '"who":"alice"' || fail "review by alice" alice "?"
# the alert history shows the decision
"$BIN" alerts --store "$S" --status reviewed | grep -q "\"alert_id\":\"$id\".*\"decision\":\"escalated\".*\"event\":\"review:escalated\",\"by\":\"alice\",\"note\":\"ask legal\"" ||
	fail "alert history" "review:escalated by alice" "$("$BIN" alerts --store "$S" --status reviewed)"

# usage and input errors: exit 2 with a message
for args in "audit" "audit frobnicate" "alerts --status frozen" "diff 0" "diff x y" \
            "import" "import --as-of 2025-13-45 $LISTS" "rescreen extra" "review" \
            "customers import" "screen --store $S NAME" "import /nonexistent/list.csv"; do
	# shellcheck disable=SC2086
	"$BIN" $args --store "$T/e.db" >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "'$args': exit code" 2 "$rc"
	[ -s "$T/err" ] || fail "'$args': message" "a message" "nothing"
done
# a bad list file changes nothing
printf 'not,a,list\n1,2,3\n' >"$T/bad.csv"
"$BIN" import --store "$S" "$T/bad.csv" >/dev/null 2>&1 && fail "import of a bad file" 2 0
[ "$(sqlite3 "$S" "SELECT count(*) FROM snapshots")" = 2 ] || fail "bad import changes nothing" 2 "?"
echo ok
exit 0
