#!/usr/bin/env bash
# bench_abuse.sh - `clearance serve` under hostile load on loopback (issue
# 19), with bench/abuse.c's clients; each phase is bounded in time:
#   1. slowloris: 3,000 half-open connections from 127.0.0.2 while an honest
#      client on 127.0.0.1 screens 50 names/s and checks health 5 times/s;
#   2. rate limits: a key flooding 2,000 tiny requests/s (429s) while the
#      honest key screens;
#   3. overload: batches of 1,000 names at twice the measured capacity: 200
#      within the bound or 503 at once, none unanswered;
#   4. soak (SOAK seconds, default 600): all of it at once - slowloris, tiny
#      floods, maximal requests (2 MB bodies), malformed requests at rate,
#      overload batches, a list reload every 30 s - with the server's RSS
#      every 10 s.
# Attackers and honest clients run as separate processes (clr-abuse each),
# the attack started 3 s before the honest clients measure and stopped
# after, so that what the honest ones report is the server's doing, not
# their own loop's.  Reports what the honest clients saw.  Exits 1 when an honest request
# failed or timed out in phases 1-2, a request went unanswered in phase 3,
# or the memory grew by more than a quarter over the soak.
# usage: bench/bench_abuse.sh BUILD_DIR SHARED_DATA_DIR [PHASE_SECONDS]
set -eu
BUILD=$1
BIN=$BUILD/clearance
ABUSE=$BUILD/clr-abuse
L=$2/lists/csl
DUR=${3:-20}
SOAK=${SOAK:-600}
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT

HK=$("$BIN" keys create --role screen --keys "$T/keys" 2>/dev/null)
FK=$("$BIN" keys create --role screen --keys "$T/keys" 2>/dev/null)
AK=$("$BIN" keys create --role admin --keys "$T/keys" 2>/dev/null)
# batches come from 16 addresses (127.0.0.16-31), as load from many clients
# 1,000 generated names a batch; the maximal request: 1,000 names of 60 words (~1.1 MB)
"$BUILD/clr-benchgen" "$2/eval/dev-queries.jsonl" 1000 7 | python3 -c '
import json, sys
print(json.dumps({"records": [{"id": str(i), "name": json.loads(l)["name"]} for i, l in enumerate(sys.stdin)]}))' >"$T/batch.json"
python3 -c '
import json
w = ["Alpha", "Beijing", "Trading", "Volga", "Shipping", "Limited", "Novo", "Kharkiv", "Tech", "Group"]
print(json.dumps({"records": [{"id": str(i), "name": " ".join(w[(i + j) % 10] + str(j) for j in range(60))[:1000]} for i in range(1000)]}))' >"$T/big.json"

. "$(dirname "$0")/lib_serve.sh"
serve_csl --keys "$T/keys"
A=("$ABUSE" --port "$PORT" --key "$HK" --flood-key "$FK" --admin-key "$AK")
# under SECONDS ATTACK... -- HONEST...: the attack from 3 s before the honest
# clients' SECONDS to after them; both reports, attack last
under() {
	local secs=$1 attack=() ; shift
	while [ "$1" != -- ]; do attack+=("$1"); shift; done
	shift
	"${A[@]}" --seconds "$((secs + 5))" "${attack[@]}" >"$T/attack" &
	local ap=$!
	sleep 3
	"${A[@]}" --seconds "$secs" "$@"
	wait "$ap"
	cat "$T/attack"
}
status=0
# honest_ok FILE: the honest lines (honest, fresh, health) show only 200s,
# no error, no timeout
honest_ok() {
	awk '/^(honest|fresh|health) / { n++; if ($0 ~ / x [45][0-9][0-9],/ || $0 !~ /errors 0, timeouts 0/) bad++ }
	     END { exit !(n > 0 && !bad) }' "$1"
}

echo "1. slowloris: 3,000 half-open connections from 127.0.0.2, ${DUR}s"
under "$DUR" slowloris=3000 -- honest=50 fresh=10 health=5 | tee "$T/p1"
honest_ok "$T/p1" || { echo "bench_abuse: honest requests failed under slowloris" >&2; status=1; }

echo
echo "2. rate limits: one key floods 2,000 tiny requests/s, ${DUR}s"
under "$DUR" tiny=2000 -- honest=50 | tee "$T/p2"
honest_ok "$T/p2" || { echo "bench_abuse: the honest key was refused" >&2; status=1; }

echo
echo "3. overload: batches of 1,000 names at twice the capacity, ${DUR}s"
"${A[@]}" --seconds 5 --calibrate "$T/batch.json" | tee "$T/cap"
cap=$(sed -n 's/^capacity: \([0-9.]*\) .*/\1/p' "$T/cap")
rate=$(awk -v c="$cap" 'BEGIN { printf "%.2f", 2 * c }')
echo "offered: $rate batches/s, and health 5/s"
"${A[@]}" --seconds "$DUR" --timeout 10 --batch "$T/batch.json" batch="$rate" health=5 | tee "$T/p3"
grep -E '^batch ' "$T/p3" | grep -qE 'errors 0, timeouts 0' ||
	{ echo "bench_abuse: batches went unanswered under overload" >&2; status=1; }

echo
echo "4. soak, ${SOAK}s: slowloris 3,000, tiny 1,000/s, maximal 2/s, malformed 200/s,"
echo "   batches at the capacity, a reload every 30 s; honest 20/s, health 2/s"
under "$SOAK" --timeout 10 --big "$T/big.json" --batch "$T/batch.json" slowloris=3000 tiny=1000 \
	big=2 bad=200 batch="$cap" reload=0.0333 -- --pid "$PID" honest=20 health=2 | tee "$T/p4"
# flat: the last sample within a quarter of the one a quarter into the soak
# (the first minutes fill the allocator's arenas and the screener pools)
awk '/^rss \(KB\)/ { n = NF - 5; q = $(6 + int(n / 4)); l = $NF; if (l > q * 1.25) exit 1 }' "$T/p4" ||
	{ echo "bench_abuse: the server's memory grew by more than a quarter" >&2; status=1; }
kill -0 "$PID" 2>/dev/null || { echo "bench_abuse: the server died" >&2; status=1; }
echo
echo "server metrics, refusals:"
curl -s -H "Authorization: Bearer $AK" "http://127.0.0.1:$PORT/v1/metrics" >"$T/metrics" || true
grep -E '^clearance_(refused_total|connections|reloads_total)' "$T/metrics" || true
exit $status
