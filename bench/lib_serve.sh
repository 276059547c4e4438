# lib_serve.sh - sourced by the bench scripts that drive `clearance serve`
# (bench_server.sh, bench_abuse.sh).  serve_csl ARGS... starts it on the
# two CSL files of $L on a free loopback port, output in $T/out and $T/err,
# and sets PID and PORT; exits with its stderr when it does not start.
serve_csl() {
	: >"$T/out" # read below before the server's redirection may have created it
	"$BIN" serve -q --list "$L/consolidated-2022-04.csv" --list "$L/entity-list-2026-07.csv" \
		--listen 127.0.0.1:0 --no-access-log "$@" >"$T/out" 2>"$T/err" &
	PID=$!
	PORT=
	for _ in $(seq 1 600); do
		PORT=$(sed -n 's|^clearance: serving on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out")
		[ -n "$PORT" ] && return 0
		sleep 0.1
	done
	cat "$T/err" >&2
	exit 1
}
