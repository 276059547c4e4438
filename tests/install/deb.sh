#!/usr/bin/env bash
# deb.sh - `make deb` as an operator gets it: builds the packages from the
# working tree (scripts/build-deb.sh: debhelper, then lintian, which must
# report no error), then checks there are exactly two .deb files and that
# they hold the service unit and its user, the man pages, the library with
# its soname link, the header, the static library and the .pc file.
# Skips (77) where dpkg-buildpackage or lintian is absent.
# usage: bash deb.sh
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
for t in dpkg-buildpackage dh lintian; do
	command -v $t >/dev/null || { echo "SKIP: $t absent (scripts/install-deps.sh installs it)"; exit 77; }
done
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$REPO/scripts/build-deb.sh" "$T/out" || { echo "FAIL: make deb"; exit 1; }
debs=$(cd "$T/out" && ls *.deb)
[ "$(echo "$debs" | wc -l)" -eq 2 ] || fail "expected two .deb files: $debs"
bin=$(ls "$T"/out/clearance_*.deb) dev=$(ls "$T"/out/libclearance-dev_*.deb) || exit 1
dpkg-deb -c "$bin" | awk '{$1=$2=$3=$4=$5=""; sub(/^ +/, ""); print}' >"$T/bin"
dpkg-deb -c "$dev" | awk '{$1=$2=$3=$4=$5=""; sub(/^ +/, ""); print}' >"$T/dev"
has() { grep -qE "$2" "$T/$1" || fail "$1 package lacks $2"; }
has bin '^\./usr/bin/clearance$'
has bin '^\./lib/systemd/system/clearance\.service$'
has bin '^\./usr/lib/sysusers\.d/clearance\.conf$'
has bin '^\./usr/share/man/man1/clearance\.1\.gz$'
has bin '^\./usr/share/man/man1/clearance-serve\.1\.gz$'
has bin '^\./usr/lib/[^ ]*/libclearance\.so\.[0-9]+\.[0-9]+\.[0-9]+$'
has bin '^\./usr/lib/[^ ]*/libclearance\.so\.[0-9]+ -> libclearance\.so\.[0-9.]+$'
has bin '^\./usr/share/clearance/rules/calendar\.csv$'
has bin '^\./usr/lib/python3/dist-packages/clearance/__init__\.py$'
has dev '^\./usr/include/clearance\.h$'
has dev '^\./usr/lib/[^ ]*/libclearance\.a$'
has dev '^\./usr/lib/[^ ]*/libclearance\.so -> libclearance\.so\.[0-9]+$'
has dev '^\./usr/lib/[^ ]*/pkgconfig/clearance\.pc$'
# the unit: its own user, a state directory for the store, hardening
dpkg-deb --fsys-tarfile "$bin" | tar -xOf - ./lib/systemd/system/clearance.service >"$T/unit"
for k in '^User=clearance$' '^StateDirectory=clearance$' '^ProtectSystem=strict$' \
	'^NoNewPrivileges=yes$' '^ExecStart=/usr/bin/clearance serve --store /var/lib/clearance/'; do
	grep -qE "$k" "$T/unit" || fail "clearance.service lacks $k"
done
if command -v systemd-analyze >/dev/null; then
	systemd-analyze verify "$T/unit" 2>&1 | grep -v 'clearance.service:.*Failed to\|is not executable' >"$T/verify"
	[ -s "$T/verify" ] && echo "note: systemd-analyze: $(cat "$T/verify")"
fi
[ $fails -eq 0 ] || { cat "$T/out/lintian.txt"; exit 1; }
echo "deb: $(echo $debs); lintian: $(grep -c '^E:' "$T/out/lintian.txt") errors, $(grep -c '^W:' "$T/out/lintian.txt") warnings"
