#!/usr/bin/env bash
# store_update.sh - `clearance update` against a loopback fixture server
# (tests/tools/fixture_http.c, 127.0.0.1 only): a good update is one snapshot
# with an "update" audit record naming each source's hash; identical content
# again adds no entry version; a 404, a truncated body, a body no loader
# accepts and a too slow server each fail with exit 3 naming the source, and
# leave the store as it was (snapshot count, audit chain).  Bad sources files
# and unknown --source names are usage errors (exit 2).
# usage: bash store_update.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }

scratch
export CLEARANCE_USER=update-test
mkdir "$T/www"
cp "$FIXTURES/csl/layout-2025.csv" "$T/www/csl.csv"
for f in sdn.csv add.csv alt.csv sdn_comments.csv; do cp "$FIXTURES/ofac/$f" "$T/www/$f"; done
cp "$FIXTURES/un/consolidated.xml" "$T/www/un.xml"

fixture_server "$BIN" "$T/www"
S=$T/store.db

conf() { # mode of the csl source; the others are always fine
	cat <<CONF
# test sources
csl  $U/$1/csl.csv
ofac $U/ok/sdn.csv $U/ok/add.csv $U/ok/alt.csv $U/ok/sdn_comments.csv   # OFAC together
un   $U/ok/un.xml
CONF
}
snapshots() { sqlite3 "$S" "SELECT count(*) FROM snapshots"; }

# ---- a good update ----------------------------------------------------------
conf ok >"$T/ok.conf"
"$BIN" update --store "$S" --config "$T/ok.conf" --as-of 2025-04-01 >"$T/out" 2>"$T/err" ||
	fail "good update" 0 "$? $(cat "$T/err")"
[ "$(cat "$T/out")" = 1 ] || fail "good update prints the snapshot" 1 "$(cat "$T/out")"
[ "$(snapshots)" = 1 ] || fail "one snapshot" 1 "$(snapshots)"
[ "$(sqlite3 "$S" "SELECT count(*) FROM snapshot_sources WHERE snapshot_id=1")" = 6 ] ||
	fail "six files stored" 6 "$(sqlite3 "$S" "SELECT count(*) FROM snapshot_sources")"
sqlite3 "$S" "SELECT path FROM snapshot_sources" | grep -qx "update:ofac/sdn_comments.csv" ||
	fail "OFAC files kept together" "update:ofac/sdn_comments.csv" "$(sqlite3 "$S" "SELECT path FROM snapshot_sources")"
"$BIN" audit export --store "$S" | grep '"action":"update"' >"$T/audit" || fail "update audit record" present absent
for src in csl ofac un; do
	grep -q " $src=[0-9a-f]\{64\}" "$T/audit" || fail "audit names the $src hash" "$src=<sha256>" "$(cat "$T/audit")"
done
grep -q '"snapshot":1' "$T/audit" || fail "audit names the snapshot" 1 "$(cat "$T/audit")"
nv=$(sqlite3 "$S" "SELECT count(*) FROM entry_versions")
[ "$nv" -gt 5 ] || fail "entries imported" ">5" "$nv"
"$BIN" screen --store "$S" --as-of 2025-04-02 "Banco Nacional de Cuba" >/dev/null 2>&1
[ $? -le 1 ] || fail "screen the updated snapshot" "0 or 1" "$?"

# identical content again: a snapshot, no new entry version
"$BIN" update --store "$S" --config "$T/ok.conf" >/dev/null 2>"$T/err" || fail "second update" 0 "$(cat "$T/err")"
grep -q "snapshot 2, 0 new entry versions" "$T/err" || fail "identical update" "0 new entry versions" "$(cat "$T/err")"
[ "$(sqlite3 "$S" "SELECT count(*) FROM entry_versions")" = "$nv" ] || fail "no new versions" "$nv" "?"

# --source: only the named source
"$BIN" update --store "$S" --config "$T/ok.conf" --source un >/dev/null 2>"$T/err" || fail "--source un" 0 "$(cat "$T/err")"
[ "$(sqlite3 "$S" "SELECT count(*) FROM snapshot_sources WHERE snapshot_id=3")" = 1 ] || fail "--source un: one file" 1 "?"

# ---- faults: exit 3, the source named, nothing changed ---------------------
before=$(snapshots)
naudit=$(sqlite3 "$S" "SELECT count(*) FROM audit")
for mode in 404 truncate garbage slow; do
	conf $mode >"$T/$mode.conf"
	"$BIN" update --store "$S" --config "$T/$mode.conf" --timeout 3 >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 3 ] || fail "$mode: exit code" 3 "$rc ($(cat "$T/err"))"
	grep -q "source csl" "$T/err" || fail "$mode: names the source" "source csl" "$(cat "$T/err")"
	echo "$mode: $(tail -1 "$T/err")"
	[ "$(snapshots)" = "$before" ] || fail "$mode: snapshots unchanged" "$before" "$(snapshots)"
	[ "$(sqlite3 "$S" "SELECT count(*) FROM audit")" = "$naudit" ] || fail "$mode: no audit record" "$naudit" "?"
	"$BIN" audit verify --store "$S" 2>"$T/err" || fail "$mode: audit verify" 0 "$(cat "$T/err")"
	ls "$T" | grep -q 'store.db.update-' && fail "$mode: download folder removed" none "$(ls "$T")"
done
grep -q "HTTP status 404" <("$BIN" update --store "$S" --config "$T/404.conf" 2>&1) || fail "404 reason" "HTTP status 404" "?"

# ---- usage errors: exit 2 ---------------------------------------------------
printf 'csl ftp://example.org/x.csv\n' >"$T/bad.conf"
for args in "--config $T/bad.conf" "--config $T/nonexistent.conf" "--config $T/ok.conf --source nope" \
            "--config $T/ok.conf --timeout 0" "--config $T/ok.conf extra"; do
	# shellcheck disable=SC2086
	"$BIN" update --store "$S" $args >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "update $args: exit code" 2 "$rc ($(cat "$T/err"))"
done
[ "$(snapshots)" = "$before" ] || fail "usage errors change nothing" "$before" "$(snapshots)"
"$BIN" audit check --store "$S" 2>"$T/err" || fail "audit check" 0 "$(cat "$T/err")"
echo "ok: update, identical update, --source, 4 faults refused"
exit 0
