#!/usr/bin/env bash
# store_crash.sh - crash safety: kill `import`, `customers import` and
# `rescreen` with SIGKILL at random points (the CLEARANCE_FAULT_AT hook
# raises SIGKILL mid-transaction; with shared data, also kills from outside
# after a random delay) a few hundred times, and check after every kill that
# the store is consistent: `audit check` passes (SQLite integrity, every
# snapshot complete, blobs match their hashes, audit chain intact), the
# snapshot count moved by at most one and no committed decision was lost.
# usage: bash store_crash.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
SHARED=${3:-}
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$REPO/data/sample/lists
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }
ITER=${CLR_CRASH_ITER:-300}
# the sanitizer build is ~10x slower per process: fewer iterations there
grep -q __asan_init "$BIN" 2>/dev/null && ITER=${CLR_CRASH_ITER:-200}

scratch
S=$T/s.db
q() { sqlite3 "$S" "$1"; }

"$BIN" import --store "$S" "$LISTS" >/dev/null 2>&1 || fail import 0 "$?"
"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" 2>/dev/null || fail customers 0 "$?"
"$BIN" rescreen --store "$S" >"$T/alerts" 2>/dev/null
head -2 "$T/alerts" | sed 's/.*"alert_id":"\([0-9a-f]*\)".*/\1/' | while read -r id; do
	"$BIN" review --store "$S" "$id" --decision false_positive --by crash-test || exit 1
done || fail review 0 1
decisions=$(q "SELECT group_concat(id || decision) FROM (SELECT * FROM alerts WHERE decision IS NOT NULL ORDER BY id)")
[ -n "$decisions" ] || fail "decisions recorded" "two" "none"
nent=$(q "SELECT nentries FROM snapshots WHERE id=1")
ncust=$(q "SELECT count(*) FROM customers")

big=
have_shared lists/csl/entity-list-2026-07.csv && big=$SHARED/lists/csl/entity-list-2026-07.csv

killed=0 completed=0
for i in $(seq 1 "$ITER"); do
	read -r snaps runs <<<"$(q "SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM rescreens)" | tr '|' ' ')"
	kind=$((RANDOM % 4))
	if [ "$kind" = 3 ] && [ -n "$big" ] && [ $((i % 4)) = 0 ]; then
		# an outside SIGKILL at a random moment of a real-size import
		"$BIN" import --store "$S" "$big" >/dev/null 2>&1 &
		pid=$!
		sleep "0.$(printf '%03d' $((RANDOM % 400)))"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		rc=$?
	else
		{ case $kind in
		0 | 3) CLEARANCE_FAULT_AT=$((1 + RANDOM % (nent + 6))) "$BIN" import --store "$S" "$LISTS" >/dev/null 2>&1 ;;
		1) CLEARANCE_FAULT_AT=$((1 + RANDOM % (ncust + 4))) "$BIN" rescreen --store "$S" --delta >/dev/null 2>&1 ;;
		2) sed "s/,CN\$/,C$((RANDOM % 3))/" "$REPO/data/sample/customers.csv" >"$T/c.csv"
		   CLEARANCE_FAULT_AT=$((1 + RANDOM % (ncust + 2))) "$BIN" customers import --store "$S" "$T/c.csv" >/dev/null 2>&1 ;;
		esac; } 2>/dev/null
		rc=$?
	fi
	[ "$rc" = 137 ] && killed=$((killed + 1)) || completed=$((completed + 1))
	"$BIN" audit check --store "$S" 2>"$T/err" || fail "iteration $i (kind $kind, exit $rc): store consistent" ok "$(cat "$T/err")"
	IFS='|' read -r now r d reopened <<<"$(q "SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM rescreens),
		(SELECT group_concat(id || decision) FROM (SELECT * FROM alerts WHERE decision IS NOT NULL ORDER BY id)),
		(SELECT count(*) FROM alert_events WHERE kind='reopened')")"
	[ "$now" = "$snaps" ] || [ "$now" = $((snaps + 1)) ] || fail "iteration $i: snapshots" "$snaps or +1" "$now"
	[ "$rc" = 137 ] && [ "$kind" != 3 ] && [ "$now" != "$snaps" ] && fail "iteration $i: killed import left a snapshot" "$snaps" "$now"
	[ "$r" = "$runs" ] || [ "$r" = $((runs + 1)) ] || fail "iteration $i: rescreens" "$runs or +1" "$r"
	# a committed false positive is kept unless a committed rescreen reopened it after a change
	if [ "$d" != "$decisions" ]; then
		[ "$reopened" -gt 0 ] || fail "iteration $i: decisions intact" "$decisions" "$d"
		decisions=$d
	fi
done
[ "$killed" -gt $((ITER / 3)) ] || fail "processes killed mid-transaction" ">$((ITER / 3))" "$killed"
[ "$completed" -gt 0 ] || fail "some runs complete" ">0" "$completed"
echo "ok: $ITER runs, $killed killed, $completed completed, store consistent after each"
exit 0
