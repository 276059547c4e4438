#!/usr/bin/env bash
# bench_server.sh - single-name screens/s and latency percentiles of
# `clearance serve` with wrk on loopback for DURATION seconds (default 10),
# against the CSL lists of ../shared/data.  Loopback only; not part of ctest.
# usage: bench/bench_server.sh BUILD_DIR SHARED_DATA_DIR [DURATION]
set -eu
BIN=$1/clearance
L=$2/lists/csl
DUR=${3:-10}
command -v wrk >/dev/null || { echo "bench_server: wrk absent (scripts/install-deps.sh)" >&2; exit 1; }
T=$(mktemp -d)
"$BIN" serve -q --list "$L/consolidated-2022-04.csv" --list "$L/entity-list-2026-07.csv" \
	--listen 127.0.0.1:0 --no-access-log >"$T/out" 2>"$T/err" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 600); do
	PORT=$(sed -n 's|^clearance: serving on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
[ -n "$PORT" ] || { cat "$T/err" >&2; exit 1; }
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
LUA
echo "wrk: ${DUR}s, 1 thread, ${CONNS:-8} connections, POST /v1/screen on 127.0.0.1:$PORT"
wrk -t1 -c${CONNS:-8} -d"${DUR}s" --latency -s "$T/post.lua" "http://127.0.0.1:$PORT/v1/screen"
