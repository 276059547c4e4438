#!/usr/bin/env bash
# run.sh - browser tests of the analysts' pages: builds a store from the
# sample data (lists v1 -> customers -> rescreen -> lists v2 -> delta
# rescreen), starts the real `clearance serve` on 127.0.0.1:0 with an
# analyst key, then runs tests/web/*.test.mjs (node --test, playwright-core
# driving Debian's chromium headless).  tests/fixtures/web/ adds list entries
# with a date of birth, a passport and an IMO number, and customers carrying
# that evidence, so alerts come with evidence.  Screenshots of every page go to
# $CLR_WEB_ARTIFACTS (default: tests/artifacts/screenshots in the source tree).
# Skips (exit 77) when chromium, node or node_modules/playwright-core is absent.
# usage: bash run.sh CLEARANCE_BINARY
set -u

BIN=$1
REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHOTS=${CLR_WEB_ARTIFACTS:-$REPO/tests/artifacts/screenshots}
[ -x "$CHROMIUM" ] || { echo "SKIP: $CHROMIUM absent (scripts/install-deps.sh installs Debian's chromium)"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "SKIP: node absent"; exit 77; }
[ -d "$REPO/node_modules/playwright-core" ] ||
	{ echo "SKIP: $REPO/node_modules/playwright-core absent (scripts/install-deps.sh runs npm ci)"; exit 77; }

T=$(mktemp -d) || exit 1
SPID=
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $1" >&2
	[ -f "$T/err" ] && tail -20 "$T/err" >&2
	exit 1
}

# ---- the store: SDN without one alias, then both sample lists ---------------
# (the evidence entries are in both snapshots: the diff stays the samples')
S=$T/store.db
EV=$REPO/tests/fixtures/web
export CLEARANCE_USER=web-test
mkdir "$T/v1" && sed 's/; BNC//' "$REPO/data/sample/lists/sample-sdn.csv" >"$T/v1/sample-sdn.csv"
cp "$EV/lists-evidence.csv" "$T/v1/" || fail "copy $EV/lists-evidence.csv"
"$BIN" import --store "$S" --as-of 2025-01-02 "$T/v1" 2>"$T/err" >/dev/null || fail "import v1"
"$BIN" customers import --store "$S" "$REPO/data/sample/customers.csv" 2>"$T/err" || fail "customers import"
"$BIN" customers import --store "$S" "$EV/customers-evidence.csv" 2>"$T/err" || fail "customers import (evidence)"
"$BIN" rescreen --store "$S" >/dev/null 2>"$T/err"
[ $? -le 1 ] || fail "rescreen"
"$BIN" import --store "$S" --as-of 2025-03-28 "$REPO/data/sample/lists" "$EV/lists-evidence.csv" 2>"$T/err" >/dev/null ||
	fail "import v2"
"$BIN" rescreen --store "$S" --delta >/dev/null 2>"$T/err"
[ $? -le 1 ] || fail "rescreen --delta"

KEY=$("$BIN" keys create --role analyst --keys "$T/keys" 2>"$T/err") || fail "keys create"
ADMIN_KEY=$("$BIN" keys create --role admin --keys "$T/keys" 2>"$T/err") || fail "keys create admin"

# ---- the server ----------------------------------------------------------------
"$BIN" serve --list "$REPO/data/sample/lists" --list "$EV/lists-evidence.csv" --rules "$REPO/data/rules" --store "$S" \
	--ownership "$REPO/data/sample/ownership.csv" --keys "$T/keys" \
	--listen 127.0.0.1:0 --threads 2 >"$T/out" 2>"$T/err" &
SPID=$!
PORT=
for _ in $(seq 1 300); do
	PORT=$(sed -n 's|^clearance: serving on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out")
	[ -n "$PORT" ] && break
	kill -0 "$SPID" 2>/dev/null || { SPID=; fail "serve exits at start"; }
	sleep 0.1
done
[ -n "$PORT" ] || fail "server: no port within 30 s"

mkdir -p "$SHOTS" || fail "mkdir $SHOTS"
echo "server on http://127.0.0.1:$PORT/, screenshots in $SHOTS"
cd "$REPO" &&
	CLR_BASE_URL="http://127.0.0.1:$PORT/" CLR_KEY="$KEY" CLR_ADMIN_KEY="$ADMIN_KEY" CLR_SHOTS="$SHOTS" CLR_CHROMIUM="$CHROMIUM" \
		CLR_CUSTOMERS="$REPO/data/sample/customers.csv" CLR_EVIDENCE_CUSTOMERS="$EV/customers-evidence.csv" \
		node --test --test-concurrency=1 tests/web/pages.test.mjs
rc=$?
[ $rc = 0 ] || { echo "--- server stderr (tail)" >&2; tail -20 "$T/err" >&2; }
exit $rc
