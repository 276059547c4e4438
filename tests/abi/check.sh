#!/usr/bin/env bash
# check.sh - the shared library's ABI against what is committed for its
# soname (docs/abi.md): the exported symbols exactly those of
# dist/abi/libclearance.so.N.symbols (one added or removed without updating
# the list fails), then abidiff (Debian's abigail-tools) of the library
# against the ABI dump dist/abi/libclearance.so.N.abi, types included.
# `make abi` rewrites both after a deliberate change.
# usage: bash check.sh LIBRARY (the built libclearance.so.X.Y.Z)
set -u
LIB=$1
REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
soname=$(readelf -d "$LIB" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -n "$soname" ] || { echo "FAIL: $LIB has no soname"; exit 1; }
want=$REPO/dist/abi/$soname.symbols
[ -f "$want" ] || { echo "FAIL: $want absent: a new soname needs its symbol list and dump (make abi)"; exit 1; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
nm -D --defined-only "$LIB" | awk '{print $3}' | sort >"$T/symbols"
if ! diff -u "$want" "$T/symbols" >"$T/diff"; then
	echo "FAIL: the exported symbols differ from $want (+ exported, - listed):"
	cat "$T/diff"
	echo "(a deliberate change: make abi, and docs/abi.md says when the soname's major moves)"
	exit 1
fi
bad=$(grep -v '^clr_' "$T/symbols")
[ -z "$bad" ] || { echo "FAIL: exported outside clr_: $bad"; exit 1; }
echo "symbols: $(wc -l <"$T/symbols") exported, as listed for $soname"
if ! command -v abidiff >/dev/null; then
	echo "SKIP: abidiff absent (abigail-tools): the symbol list alone was checked"
	exit 77
fi
abidiff --no-show-locs "$REPO/dist/abi/$soname.abi" "$LIB" >"$T/abidiff"
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL: abidiff $soname.abi $LIB: exit $rc"
	cat "$T/abidiff"
	exit 1
fi
echo "abidiff: no ABI change against dist/abi/$soname.abi"
