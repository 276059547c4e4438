#!/usr/bin/env bash
# update_lists.sh - the sources of data/sources.conf for the lists beyond the
# US and UN ones (eu, ca, uk, au, and jp commented out until an edition's
# address is set) name official https addresses, and `clearance update`
# fetches them in their formats from the loopback fixture server
# (tests/tools/fixture_http.c): the same lines with the host swapped for the
# server's, each file served from the fixtures.  One update imports every
# list as one snapshot; a workbook that is no list fails the update (exit 3)
# and leaves the store as it was, all or nothing.
# usage: bash update_lists.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
CONF=$(cd "$(dirname "$0")/../.." && pwd)/data/sources.conf
command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: sqlite3 shell absent"; exit 77; }
scratch
export CLEARANCE_USER=update-test

# each source, its official address and the fixture served in its place
while read -r name host file fixture; do
	line=$(grep -E "^$name[[:space:]]" "$CONF") || fail "sources.conf: source $name" present absent
	case "$line" in *" https://$host/"*"$file"*) ;; *) fail "sources.conf: $name address" "https://$host/...$file" "$line" ;; esac
	mkdir -p "$T/www"
	cp "$FIXTURES/$fixture" "$T/www/$name.$(printf '%s' "${fixture##*.}")"
done <<SOURCES
eu webgate.ec.europa.eu xmlFullSanctionsList_1_1/content eu/fsf.xml
ca www.international.gc.ca sema-lmes.xml ca/sema.xml
uk ofsistorage.blob.core.windows.net ConList.xlsx xlsx/uk.xlsx
au www.dfat.gov.au regulation8_consolidated.xlsx xlsx/au.xlsx
SOURCES
grep -qE "^# jp https://www\.meti\.go\.jp/" "$CONF" || fail "sources.conf: jp" "a commented jp line" "$(grep -n jp "$CONF")"
cp "$FIXTURES/xlsx/jp.xlsx" "$T/www/jp.xlsx"
python3 "$FIXTURES/xlsx/make.py" break wrongsheet "$FIXTURES/xlsx/au.xlsx" "$T/www/other.xlsx" 2>/dev/null ||
	cp "$FIXTURES/xlsx/jp.xlsx" "$T/www/other.xlsx" # without python3 the failure case is skipped below

fixture_server "$BIN" "$T/www"
S=$T/store.db
cat >"$T/ok.conf" <<CONF
eu $U/ok/eu.xml
ca $U/ok/ca.xml
uk $U/ok/uk.xlsx
au $U/ok/au.xlsx
jp $U/ok/jp.xlsx
CONF
"$BIN" update --store "$S" --config "$T/ok.conf" --as-of 2026-12-01 >"$T/out" 2>"$T/err" ||
	fail "update of the world's lists" 0 "$? $(cat "$T/err")"
[ "$(cat "$T/out")" = 1 ] || fail "one snapshot" 1 "$(cat "$T/out")"
got=$(sqlite3 "$S" "SELECT path FROM snapshot_sources ORDER BY path" | tr '\n' ' ')
want="update:au/au.xlsx update:ca/ca.xml update:eu/eu.xml update:jp/jp.xlsx update:uk/uk.xlsx "
[ "$got" = "$want" ] || fail "files stored" "$want" "$got"
"$BIN" audit export --store "$S" | grep '"action":"update"' >"$T/audit" || fail "update audit record" present absent
for src in eu ca uk au jp; do
	grep -q " $src=[0-9a-f]\{64\}" "$T/audit" || fail "audit names the $src hash" "$src=<sha256>" "$(cat "$T/audit")"
done
for q in "Ivan Ivanovich Petrov|uk:90001" "Mohammad Akhund|au:7" "Korea Ryonbong General Corporation|jp-eul:2"; do
	"$BIN" screen --store "$S" --as-of 2026-12-02 "${q%|*}" >"$T/out" 2>"$T/err"
	grep -qE "ALERT .* ${q#*|} " "$T/out" || fail "screen the update: ${q%|*}" "${q#*|}" "$(cat "$T/out" "$T/err")"
done

# a workbook of no list fails the update and leaves the store as it was
if command -v python3 >/dev/null 2>&1; then
	printf 'au %s/ok/other.xlsx\nuk %s/ok/uk.xlsx\n' "$U" "$U" >"$T/bad.conf"
	"$BIN" update --store "$S" --config "$T/bad.conf" >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" = 3 ] || fail "update with a workbook of no list: exit code" 3 "$rc ($(cat "$T/err"))"
	grep -q "other.xlsx" "$T/err" || fail "the failed file is named" "*other.xlsx*" "$(cat "$T/err")"
	[ "$(sqlite3 "$S" "SELECT count(*) FROM snapshots")" = 1 ] || fail "no snapshot added" 1 "?"
fi
echo "update_lists.sh: eu, ca, uk, au, jp fetched and imported as one snapshot; a bad workbook refused"
exit 0
