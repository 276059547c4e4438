# shellcheck shell=bash
# common.sh - what every CLI test needs (sourced by tests/cli/*.sh, and by
# lib/http.sh for the server tests): `fail`, the scratch folder T and the
# skip when ../shared/data is absent.  Source it with
#   . "$(dirname "$0")/lib/common.sh" || exit 1
# (without `|| exit 1` a missing file would leave `fail` undefined and every
# assertion would pass).

# fail WHAT EXPECTED GOT | fail WHAT [DETAIL...]: the message on stderr, then
# on_fail, then exit 1.  Three arguments print "expected:" and "got:" lines;
# otherwise each DETAIL gets a line of its own.
fail() {
	printf 'FAIL: %s\n' "$1" >&2
	if [ $# = 3 ]; then
		printf '  expected: %s\n  got:      %s\n' "$2" "$3" >&2
	elif [ $# -gt 1 ]; then
		printf '  %s\n' "${@:2}" >&2
	fi
	on_fail
	exit 1
}
# on_fail: more to show when a test fails (lib/http.sh: the servers' stderr)
on_fail() { :; }

# scratch: makes the scratch folder T, removed on exit after the commands
# given to cleanup_add have run (stopping a server that writes into T).
CLEANUP=()
cleanup_add() { CLEANUP+=("$1"); }
run_cleanup() {
	local c
	for c in ${CLEANUP[@]+"${CLEANUP[@]}"}; do eval "$c"; done
	rm -rf "$T"
}
scratch() {
	T=$(mktemp -d) || exit 1
	trap run_cleanup EXIT
}
# lists_json ARGS...: runs `$BIN lists --json ARGS`; sets rc and out (stdout),
# messages in $T/err (after scratch)
lists_json() {
	"$BIN" lists --json "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
}


# have_shared PATH...: whether SHARED (the test's SHARED_DATA_DIR argument,
# ../shared/data) is given and holds every PATH; names the first missing one
# in SHARED_MISSING.
have_shared() {
	local p
	SHARED_MISSING="no SHARED_DATA_DIR argument"
	[ -n "${SHARED:-}" ] || return 1
	for p; do
		SHARED_MISSING="no $SHARED/$p"
		[ -e "$SHARED/$p" ] || return 1
	done
	SHARED_MISSING=
}
# need_shared [-n NOTE] PATH...: skips the test (exit 77, ctest's
# SKIP_RETURN_CODE) with a SKIP line naming what is missing, unless
# have_shared PATH...; NOTE ends the line.
need_shared() {
	local note=
	if [ "${1:-}" = -n ]; then
		note="; $2"
		shift 2
	fi
	have_shared "$@" && return 0
	echo "SKIP: ../shared/data absent ($SHARED_MISSING)$note"
	exit 77
}

# fixture_server BIN DIR: starts the loopback fixture server
# (tests/tools/fixture_http, built next to the unit tests, DIR/../tests) on
# DIR, stopped on exit, and sets U to its base URL (http://127.0.0.1:PORT;
# /ok/FILE serves DIR/FILE, the other first segments its faults).  Skips the
# test (77) when the server is not built.  Needs scratch first.
fixture_server() {
	local server port
	server=$(dirname "$1")/tests/fixture_http
	[ -x "$server" ] || { echo "SKIP: $server not built"; exit 77; }
	"$server" "$2" >"$T/port" 2>"$T/server.err" &
	cleanup_add "kill $! 2>/dev/null"
	for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
	port=$(head -1 "$T/port")
	[ -n "$port" ] && [ "$port" != 0 ] || fail "fixture server port" "a port" "$(cat "$T/server.err")"
	U=http://127.0.0.1:$port
}
