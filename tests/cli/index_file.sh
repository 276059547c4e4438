#!/usr/bin/env bash
# index_file.sh - compiled index files: `index build` then --index gives the
# same output as --list (screen, batch, show, check) on the sample lists and,
# when ../shared/data is present, byte-identical batch output on the dev
# evaluation set against the two CSL files; a truncated file, a flipped
# byte, another format, a non-index file and --index with --list are refused
# with a message naming the file.
# usage: bash index_file.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1
BIN=$1
SHARED=${3:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$ROOT/data/sample/lists

scratch

"$BIN" index build --list "$SAMPLE" -o "$T/s.clx" 2>"$T/err" || fail "index build" "$(cat "$T/err")"
[ -s "$T/s.clx" ] || fail "no index written"
"$BIN" index verify "$T/s.clx" >"$T/out" || fail "verify of a fresh index" "$(cat "$T/out")"
grep -q ': ok, ' "$T/out" || fail "verify says ok" "$(cat "$T/out")"

# same results either way
for name in "Huawei Technologies" "Beijing Academy of Artificial Intelligence" \
	"Usama bin Ladin" "nothing like any listed party"; do
	"$BIN" screen --list "$SAMPLE" --json "$name" >"$T/a" 2>/dev/null; ra=$?
	"$BIN" screen --index "$T/s.clx" --json "$name" >"$T/b" 2>/dev/null; rb=$?
	[ "$ra" = "$rb" ] || fail "screen '$name': exit $ra with --list, $rb with --index"
	cmp -s "$T/a" "$T/b" || fail "screen '$name' differs" "$(diff "$T/a" "$T/b" | head -5)"
done
"$BIN" batch --list "$SAMPLE" --input "$ROOT/data/sample/customers.csv" >"$T/a" 2>/dev/null
"$BIN" batch --index "$T/s.clx" --input "$ROOT/data/sample/customers.csv" --threads 2 >"$T/b"
[ -s "$T/a" ] || fail "batch printed nothing"
cmp -s "$T/a" "$T/b" || fail "batch differs with --index" "$(diff "$T/a" "$T/b" | head -5)"
id=$(head -1 "$T/a" | sed -nE 's/.*"entry_id":"([^"]+)".*/\1/p')
[ -n "$id" ] || id=$(grep -o '"entry_id":"[^"]*"' "$T/a" | head -1 | cut -d'"' -f4)
[ -n "$id" ] || fail "no alert in the sample batch to look up"
"$BIN" show --list "$SAMPLE" "$id" >"$T/a" 2>/dev/null
"$BIN" show --index "$T/s.clx" "$id" >"$T/b" 2>"$T/err" || fail "show --index $id" "$(cat "$T/err")"
cmp -s "$T/a" "$T/b" || fail "show $id differs" "$(diff "$T/a" "$T/b" | head -5)"

# refusals: exit 2 and a message naming the file
refuse() { # what file pattern
	"$BIN" screen --index "$2" "Huawei" >/dev/null 2>"$T/err"; rc=$?
	[ $rc = 2 ] || fail "$1: exit $rc, expected 2" "$(cat "$T/err")"
	grep -q -- "$2" "$T/err" || fail "$1: message does not name the file" "$(cat "$T/err")"
	grep -qi -- "$3" "$T/err" || fail "$1: message lacks '$3'" "$(cat "$T/err")"
}
size=$(stat -c %s "$T/s.clx")
head -c $((size - 100)) "$T/s.clx" >"$T/trunc.clx"
refuse "truncated file" "$T/trunc.clx" "truncated"
cp "$T/s.clx" "$T/flip.clx"
off=$((size / 2))
byte=$(od -An -tu1 -j $off -N1 "$T/flip.clx" | tr -d ' ')
printf "$(printf '\\%03o' $(((byte ^ 1) & 255)))" | dd of="$T/flip.clx" bs=1 seek=$off conv=notrunc status=none
cmp -s "$T/s.clx" "$T/flip.clx" && fail "the byte flip did not happen"
refuse "flipped byte" "$T/flip.clx" "checksum"
cp "$T/s.clx" "$T/fmt.clx"
printf '\x63\x00\x00\x00' | dd of="$T/fmt.clx" bs=1 seek=8 conv=notrunc status=none
refuse "other format" "$T/fmt.clx" "format 99"
refuse "a list file" "$SAMPLE/sample-sdn.csv" "not a clearance index"
: >"$T/empty.clx"
refuse "an empty file" "$T/empty.clx" "too short"
"$BIN" screen --index "$T/s.clx" --list "$SAMPLE" "Huawei" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "exclude" "$T/err" || fail "--index with --list accepted" "$(cat "$T/err")"
"$BIN" index verify "$T/flip.clx" >/dev/null 2>&1 && fail "verify accepted a flipped byte"

# real lists: byte-identical batch output on the dev evaluation set
if ! have_shared lists eval; then
	echo "real-data part skipped: ../shared/data absent ($SHARED_MISSING)"
	exit 0
fi
L=$SHARED/lists/csl
"$BIN" index build --list "$L/consolidated-2022-04.csv" --list "$L/entity-list-2026-07.csv" \
	-o "$T/csl.clx" 2>/dev/null || fail "index build on the CSL files"
"$BIN" batch --list "$L/consolidated-2022-04.csv" --list "$L/entity-list-2026-07.csv" \
	--input "$SHARED/eval/dev-queries.jsonl" --threads 1 >"$T/a" 2>/dev/null
"$BIN" batch --index "$T/csl.clx" --input "$SHARED/eval/dev-queries.jsonl" --threads 2 >"$T/b"
n=$(wc -l <"$T/a")
[ "$n" -gt 1000 ] || fail "dev batch printed $n lines"
cmp -s "$T/a" "$T/b" || fail "dev batch differs with --index" "$(diff "$T/a" "$T/b" | head -5)"
echo "ok: sample and $n dev queries identical with --index; 5 bad files refused"
