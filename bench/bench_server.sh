#!/usr/bin/env bash
# bench_server.sh - single-name screens/s and latency percentiles of
# `clearance serve` with wrk on loopback for DURATION seconds (default 10),
# against the CSL lists of ../shared/data; then a second run of the same
# length during which the lists are reloaded RELOADS times (default 3,
# POST /v1/admin/reload, evenly spaced), reporting requests, non-2xx answers
# and socket errors (all must be 0: a reload drops no request); then the
# screening log's cost: servers with a store, with the log and without
# (--no-screening-log), LOGRUNS times each (default 2) alternately, and the
# ratio of their requests/s and the CPU a request costs, from the server's
# threads' CPU time (/proc/PID/task/TID/stat) over each run: the workers
# (clr-worker), the log's importer (clr-screenlog) and the rest (the HTTP
# daemon's threads), steadier than requests/s on a shared machine
# (docs/screening-log.md).  LOGONLY=1: only the screening log's runs.
# Loopback only; not part of ctest.
# usage: bench/bench_server.sh BUILD_DIR SHARED_DATA_DIR [DURATION]
set -eu
BIN=$1/clearance
L=$2/lists/csl
DUR=${3:-10}
RELOADS=${RELOADS:-3}
command -v wrk >/dev/null || { echo "bench_server: wrk absent (scripts/install-deps.sh)" >&2; exit 1; }
T=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib_serve.sh"
# one client at full speed from one address: measured, not rate limited
serve_csl --rate address=off
cat >"$T/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local names = {"Beijing Academy of AI", "Huawei Technologies", "Jane Unlisted Baker",
  "Inspur Group Co Ltd", "Acme Widgets GmbH", "Rosoboronexport", "Sergei Romanov"}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, '{"name":"' .. names[i % #names + 1] .. '"}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("summary: %d requests, %d non-2xx, socket errors: connect %d, " ..
    "read %d, write %d, timeout %d; p99 %.2f ms\n", summary.requests, e.status, e.connect,
    e.read, e.write, e.timeout, latency:percentile(99) / 1000))
end
LUA
# cpu_ticks PID: "workers importer other" CPU clock ticks of its threads so far
cpu_ticks() {
	for t in /proc/"$1"/task/*; do
		# comm may hold spaces: the fields after its closing parenthesis
		printf '%s %s\n' "$(cat "$t/comm")" "$(sed 's/^.*) //' "$t/stat" | cut -d' ' -f12,13)"
	done 2>/dev/null | awk '{ c = $NF + $(NF - 1) }
		/^clr-worker /    { w += c; next }
		/^clr-screenlog / { i += c; next }
		{ o += c } END { printf "%d %d %d\n", w, i, o }'
}
URL=http://127.0.0.1:$PORT/v1/screen
if [ "${LOGONLY:-0}" = 0 ]; then
echo "wrk: ${DUR}s, 1 thread, ${CONNS:-8} connections, POST /v1/screen on 127.0.0.1:$PORT"
wrk -t1 -c${CONNS:-8} -d"${DUR}s" --latency -s "$T/post.lua" "$URL"
if [ "$RELOADS" -gt 0 ]; then
echo
echo "wrk again, ${DUR}s, with $RELOADS list reloads (POST /v1/admin/reload) during the run"
wrk -t1 -c${CONNS:-8} -d"${DUR}s" --latency -s "$T/post.lua" "$URL" >"$T/wrk" &
WRK=$!
gap=$(awk -v d="$DUR" -v n="$RELOADS" 'BEGIN { printf "%.2f", d / (n + 1) }')
for i in $(seq 1 "$RELOADS"); do
	sleep "$gap"
	t0=$(date +%s.%N)
	code=$(curl -s -o "$T/reload" -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/v1/admin/reload")
	t1=$(date +%s.%N)
	echo "reload $i: HTTP $code in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s: $(cat "$T/reload")"
done
wait "$WRK"
cat "$T/wrk"
grep -q '^summary: .* 0 non-2xx, socket errors: connect 0, read 0, write 0, timeout 0;' "$T/wrk" ||
	{ echo "bench_server: requests failed during the reloads" >&2; exit 1; }
fi
fi

# The screening log's cost: every screening committed to the store before
# its answer (group commit) against the same server with --no-screening-log.
[ "${LOGRUNS:-2}" -gt 0 ] || exit 0
kill "$PID" 2>/dev/null
wait "$PID" 2>/dev/null
PID=
echo
echo "the screening log: ${DUR}s runs with a store, without the log and with it, ${LOGRUNS:-2} of each, alternately"
for i in $(seq 1 "${LOGRUNS:-2}"); do
	for mode in off on; do
		rm -f "$T"/log.db*
		: >"$T/out" # serve_csl reads the new server's port there
		if [ $mode = off ]; then
			serve_csl --rate address=off --store "$T/log.db" --no-screening-log
		else
			serve_csl --rate address=off --store "$T/log.db"
		fi
		c0=$(cpu_ticks "$PID")
		wrk -t1 -c${CONNS:-8} -d"${DUR}s" --latency -s "$T/post.lua" "http://127.0.0.1:$PORT/v1/screen" \
			>"$T/wrk.$mode.$i"
		# the importer's tail: what was answered is imported before the count
		sleep 0.3
		c1=$(cpu_ticks "$PID")
		kill "$PID"
		wait "$PID" 2>/dev/null
		PID=
		rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$T/wrk.$mode.$i")
		p99=$(sed -n 's/^summary: .*p99 \([0-9.]*\) ms.*/\1/p' "$T/wrk.$mode.$i")
		logged=$(sqlite3 "$T/log.db" 'SELECT count(*) FROM screenings' 2>/dev/null || echo "?")
		reqs=$(sed -n 's/^summary: \([0-9]*\) requests.*/\1/p' "$T/wrk.$mode.$i")
		cpu=$(awk -v a="$c0" -v b="$c1" -v n="$reqs" -v hz="$(getconf CLK_TCK)" 'BEGIN {
			split(a, x, " "); split(b, y, " "); t = 0
			for (k = 1; k <= 3; k++) { d[k] = (y[k] - x[k]) / hz * 1e6 / n; t += d[k] }
			printf "%.1f %.1f %.1f %.1f", t, d[1], d[2], d[3] }')
		echo "  run $i, log $mode: $rps requests/s, p99 $p99 ms, $logged screenings logged;" \
			"CPU us/request $(echo "$cpu" | awk '{ printf "%s (workers %s, importer %s, other %s)", $1, $2, $3, $4 }')"
		echo "$cpu" >>"$T/cpu.$mode"
		grep -q '^summary: .* 0 non-2xx, socket errors: connect 0, read 0, write 0, timeout 0;' \
			"$T/wrk.$mode.$i" || { cat "$T/wrk.$mode.$i"; echo "bench_server: requests failed" >&2; exit 1; }
		echo "$rps" >>"$T/rps.$mode"
	done
done
awk -v off="$(awk '{ s += $1 } END { print s }' "$T/rps.off")" \
    -v on="$(awk '{ s += $1 } END { print s }' "$T/rps.on")" 'BEGIN {
	printf "with the log: %.1f%% of the requests/s without it (cost per request +%.1f%%)\n",
		100 * on / off, 100 * (off / on - 1) }'
awk 'FNR == 1 { f++ } { t[f] += $1; n[f]++ } END {
	printf "CPU a request: %.1f us without the log, %.1f us with it (+%.1f%%)\n",
		t[1] / n[1], t[2] / n[2], 100 * (t[2] / n[2] / (t[1] / n[1]) - 1) }' "$T/cpu.off" "$T/cpu.on"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
