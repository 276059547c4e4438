#!/usr/bin/env bash
# pg-env.sh - runs a command beside a throwaway PostgreSQL: initdb in a
# temporary folder, the server on a free loopback port (and its socket in
# that folder), CLEARANCE_TEST_PG set to its URI for the command, then the
# server stopped and the folder removed, whatever the command did.  As root
# (CI) initdb and the server run as the unprivileged user nobody, since
# PostgreSQL refuses root.  Exits with the command's status, or 77 (ctest's
# SKIP_RETURN_CODE) with a SKIP line when the PostgreSQL server binaries
# (Debian's postgresql) are absent.
# usage: bash pg-env.sh COMMAND [ARG...]
set -u
[ $# -gt 0 ] || { echo "usage: pg-env.sh COMMAND [ARG...]" >&2; exit 2; }

# Debian keeps the server's binaries off PATH, under /usr/lib/postgresql/N/bin
PGBIN=
for d in "$(dirname "$(command -v initdb 2>/dev/null || echo /none/x)")" \
         $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
	if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then PGBIN=$d; break; fi
done
if [ -z "$PGBIN" ]; then
	echo "SKIP: PostgreSQL server binaries (initdb, pg_ctl) absent (Debian package postgresql)"
	exit 77
fi

PGT=$(mktemp -d /tmp/clearance-pg.XXXXXX) || exit 1
chmod 755 "$PGT"
AS=()
if [ "$(id -u)" = 0 ]; then
	chown nobody "$PGT" || { rm -rf "$PGT"; exit 1; }
	AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	getent group nogroup >/dev/null || AS=(setpriv --reuid=nobody --regid=nobody --clear-groups --)
fi
stop() {
	[ -f "$PGT/data/postmaster.pid" ] &&
		"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGT/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$PGT"
}
trap stop EXIT
trap 'exit 143' TERM INT

if ! (cd "$PGT" && "${AS[@]}" "$PGBIN/initdb" -D "$PGT/data" -U clearance -A trust \
	--no-sync -E UTF8 --locale=C >"$PGT/initdb.log" 2>&1); then
	echo "FAIL: initdb:" >&2
	cat "$PGT/initdb.log" >&2
	exit 1
fi
# a free loopback port: a few random tries, the server itself says whether
# the one picked is free
for _ in 1 2 3 4 5 6 7 8; do
	port=$((20000 + RANDOM % 40000))
	if (cd "$PGT" && "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/server.log" -w -t 30 \
		-o "-h 127.0.0.1 -p $port -k $PGT -F -c fsync=off -c full_page_writes=off" \
		start >/dev/null 2>&1); then
		export CLEARANCE_TEST_PG="postgresql://clearance@127.0.0.1:$port/postgres"
		break
	fi
done
if [ -z "${CLEARANCE_TEST_PG:-}" ]; then
	echo "FAIL: the PostgreSQL server did not start:" >&2
	tail -20 "$PGT/server.log" >&2
	exit 1
fi
"$@"
