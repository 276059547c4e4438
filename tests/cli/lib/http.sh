# http.sh - helpers shared by the tests that drive a real `clearance serve`
# on 127.0.0.1 (sourced by server.sh and server_store.sh): start a server on
# a kernel-chosen port, send a request, check its status and a JSON field.
# The sourcing script sets BIN and SERVE_ARGS (the arguments every server
# gets); this file sources common.sh (fail, which here also shows the tail
# of the servers' stderr) and makes the scratch folder T, removed on exit
# with the servers.

. "$(dirname "${BASH_SOURCE[0]}")/common.sh" || exit 1
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl absent"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 absent"; exit 77; }
scratch
PIDS=()
stop_servers() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
}
cleanup_add stop_servers

on_fail() {
	echo "--- server stderr (tail)" >&2
	tail -20 "$T"/err.* >&2 2>/dev/null
}

# start NAME ARGS...: starts a server, sets PORT and SPID once /v1/health answers
start() {
	local name=$1
	shift
	"$BIN" serve "${SERVE_ARGS[@]}" --listen 127.0.0.1:0 --threads 2 "$@" \
		>"$T/out.$name" 2>"$T/err.$name" &
	PIDS+=($!)
	SPID=$!
	PORT=
	for _ in $(seq 1 300); do
		PORT=$(sed -n 's|^clearance: serving on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out.$name")
		[ -n "$PORT" ] && curl -sf "http://127.0.0.1:$PORT/v1/health" >/dev/null && return 0
		kill -0 "$SPID" 2>/dev/null || fail "$name: server exits at start" "running" "$(cat "$T/err.$name")"
		sleep 0.1
	done
	fail "$name: /v1/health within 30 s" "200" "no answer"
}

# req METHOD PATH KEY [curl args...]: body in $T/body, status in $CODE
req() {
	local m=$1 p=$2 k=$3
	shift 3
	local auth=()
	[ -n "$k" ] && auth=(-H "Authorization: Bearer $k")
	CODE=$(curl -s -g -o "$T/body" -w '%{http_code}' -X "$m" "${auth[@]}" \
		-H 'Content-Type: application/json' "$@" "http://127.0.0.1:$PORT$p")
}

# jget PATH: a field of the last body ("alerts.0.id"), JSON unless a string
jget() {
	python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    if k: v=v[int(k)] if isinstance(v,list) else v[k]
print(json.dumps(v) if not isinstance(v,str) else v)' "$T/body" "$1" 2>&1
}

# wait_snapshot KEY N: asks GET /v1/lists (with KEY) up to 50 times, 0.1 s
# apart, until the server serves the store's snapshot N; the last answer is
# left for expect
wait_snapshot() {
	for _ in $(seq 1 50); do
		req GET /v1/lists "$1"
		[ "$(jget store_snapshot)" = "$2" ] && return 0
		sleep 0.1
	done
}

expect() { # expect CASE STATUS [JSON-FIELD-PATH VALUE]
	[ "$CODE" = "$2" ] || fail "$1: status" "$2" "$CODE $(head -c 300 "$T/body")"
	if [ $# -ge 4 ]; then
		local got
		got=$(jget "$3")
		[ "$got" = "$4" ] || fail "$1: $3" "$4" "$got"
	fi
}
