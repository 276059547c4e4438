#!/usr/bin/env bash
# build-deb.sh - `make deb`: builds the Debian packages clearance and
# libclearance-dev (debian/, debhelper) from the working tree's files (tracked
# and new, not ignored ones) in OUT/src, then runs lintian on them: OUT holds
# the two .deb files and lintian.txt; an error from lintian fails.
# usage: scripts/build-deb.sh OUT
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
for t in dpkg-buildpackage dh lintian; do
	command -v $t >/dev/null || { echo "build-deb: $t absent (scripts/install-deps.sh)" >&2; exit 1; }
done
version=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version)
src=$OUT/src/clearance-${version%-*}
rm -rf "$OUT/src" "$OUT"/*.deb "$OUT"/*.changes "$OUT"/*.buildinfo
mkdir -p "$src"
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv "^node_modules$" |
		xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' |
		tar --null -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$ROOT" --exclude='./build*' --exclude=./node_modules --exclude=./.git -cf - . |
		tar -C "$src" -xf -
fi
jobs=$(nproc 2>/dev/null || echo 2)
(cd "$src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=$jobs" \
	dpkg-buildpackage -b -us -uc --no-pre-clean >"$OUT/build.log" 2>&1) ||
	{ tail -40 "$OUT/build.log" >&2; echo "build-deb: dpkg-buildpackage failed ($OUT/build.log)" >&2; exit 1; }
mv "$OUT"/src/*.deb "$OUT"/src/*.changes "$OUT"/src/*.buildinfo "$OUT"/
rm -rf "$OUT/src"
lintian --fail-on error "$OUT"/*.changes >"$OUT/lintian.txt" 2>&1 || {
	cat "$OUT/lintian.txt" >&2
	echo "build-deb: lintian reports errors" >&2
	exit 1
}
echo "build-deb: $(cd "$OUT" && ls *.deb | tr '\n' ' ')"
echo "build-deb: lintian: $(grep -c '^E:' "$OUT/lintian.txt") errors, $(grep -c '^W:' "$OUT/lintian.txt") warnings ($OUT/lintian.txt)"
