#!/usr/bin/env bash
# run.sh - `make install` as a user gets it: installs the build into a
# temporary DESTDIR with PREFIX=/usr, checks the layout (binary, shared
# library and its soname link, static library, header, .pc, man pages,
# data, Python module), builds screen_one.c through pkg-config with the
# sysroot set to the stage (shared and static), screens a name against a
# shared list with it (the sample list when ../shared is absent), checks
# that `clearance --version` and the library agree, that the installed
# binary finds its installed data, and that the installed Python module
# loads the installed library.
# usage: bash run.sh BUILD_DIR [SHARED_DATA_DIR]
set -u
BUILD=$1
SHARED=${2:-}
REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

command -v pkg-config >/dev/null || { echo "SKIP: pkg-config absent"; exit 77; }
S=$T/stage
DESTDIR=$S cmake --install "$BUILD" --prefix /usr >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; echo "FAIL: cmake --install"; exit 1; }

# the layout; the library directory is lib, or Debian's multiarch one
LIB=$(cd "$S/usr" && dirname "$(find lib -name 'libclearance.so.*.*.*' | head -1)")
[ "$LIB" != . ] || { echo "FAIL: no libclearance.so.X.Y.Z installed"; exit 1; }
for f in bin/clearance "$LIB/libclearance.a" "$LIB/libclearance.so" include/clearance.h \
	"$LIB/pkgconfig/clearance.pc" share/man/man1/clearance.1 share/man/man1/clearance-screen.1 \
	share/man/man1/clearance-serve.1 share/clearance/rules/calendar.csv share/clearance/sources.conf \
	share/clearance/sample/customers.csv; do
	[ -e "$S/usr/$f" ] || fail "$f not installed"
done
for c in $("$BUILD/clearance" help --commands); do
	[ -e "$S/usr/share/man/man1/clearance-$c.1" ] || fail "no man page for $c"
done
soname=$(readelf -d "$S/usr/$LIB"/libclearance.so.*.*.* | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in libclearance.so.[0-9]*) ;; *) fail "soname '$soname'" ;; esac
[ "$(readlink "$S/usr/$LIB/$soname")" = "$(basename "$S/usr/$LIB"/libclearance.so.*.*.*)" ] ||
	fail "$soname does not link to the library"
[ -n "$(find "$S/usr/lib" -path '*-packages/clearance/__init__.py')" ] || fail "no Python module"

# a program of the user's, through pkg-config with the stage as sysroot
if [ -f "$SHARED/lists/csl/entity-list-2026-07.csv" ]; then
	LIST=$SHARED/lists/csl/entity-list-2026-07.csv WANT=el-ecfr-2026-07-00234
else
	echo "note: $SHARED/lists absent: screening the sample list"
	LIST=$REPO/data/sample/lists/sample-entity-list.csv WANT=sample-el-0001
fi
# the stage first, then the system's own .pc files (the private requirements)
export PKG_CONFIG_LIBDIR=$S/usr/$LIB/pkgconfig:$(pkg-config --variable pc_path pkg-config)
export PKG_CONFIG_SYSROOT_DIR=$S
flags=$(pkg-config --cflags --libs clearance) || fail "pkg-config --cflags --libs clearance"
case $flags in *"-I$S/usr/include"*"-L$S/usr/$LIB"*) ;; *) fail "pkg-config flags: $flags" ;; esac
cc -std=c11 -Wall -Wextra -Werror "$(dirname "$0")/screen_one.c" $flags -o "$T/screen_one" ||
	fail "screen_one does not build"
LD_LIBRARY_PATH=$S/usr/$LIB "$T/screen_one" "$LIST" "Beijing Academy of AI" >"$T/out" 2>&1 ||
	fail "screen_one: $(cat "$T/out")"
grep -q "^alert $WANT " "$T/out" || fail "screen_one finds no $WANT: $(cat "$T/out")"
[ "$(sed -n 's/^version //p' "$T/out")" = "$("$S/usr/bin/clearance" --version | cut -d' ' -f2)" ] ||
	fail "clearance --version and the library disagree: $(head -1 "$T/out")"
readelf -d "$T/screen_one" | grep -q "NEEDED.*\[$soname\]" || fail "screen_one does not need $soname"
# statically: the archive, the private requirements' shared libraries (their
# own static archives are not all packaged) and Libs.private
private=$(pkg-config --print-requires-private clearance | cut -d' ' -f1)
cc -std=c11 "$(dirname "$0")/screen_one.c" $(pkg-config --cflags clearance) \
	$(pkg-config --libs-only-L clearance) -Wl,-Bstatic -lclearance -Wl,-Bdynamic \
	$(pkg-config --libs $private) \
	$(sed -n 's/^Libs.private: //p' "$S/usr/$LIB/pkgconfig/clearance.pc") \
	-o "$T/screen_one_static" || fail "screen_one does not link statically"
"$T/screen_one_static" "$LIST" "Beijing Academy of AI" | grep -q "^alert $WANT " ||
	fail "static screen_one finds no $WANT"
readelf -d "$T/screen_one_static" | grep -q 'NEEDED.*libclearance' &&
	fail "static screen_one needs libclearance.so"

# the installed binary reads the installed data (not a data/ folder here)
cd "$T" || exit 1
out=$(echo '{"date":"2026-10-01","destination":"CU","items":[{"eccn":"EAR99"}],"parties":[{"role":"ultimate_consignee","name":"Havana Bakery"}]}' |
	env -u CLEARANCE_RULES -u CLEARANCE_DATA "$S/usr/bin/clearance" check -q \
		--list "$S/usr/share/clearance/sample/lists" 2>&1)
case $out in *license_required*) ;; *) fail "installed check without --rules: $out" ;; esac

# the installed Python module finds the installed library beside it
PY=$(command -v /usr/bin/python3 || command -v python3)
pydir=$(dirname "$(find "$S/usr/lib" -path '*-packages/clearance/__init__.py' | head -1)")
v=$(env -u CLEARANCE_LIB PYTHONPATH="$(dirname "$pydir")" "$PY" -c \
	'import clearance; print(clearance.version(), clearance.__file__)' 2>&1)
case $v in "$("$S/usr/bin/clearance" --version | cut -d' ' -f2) $S"*) ;; *) fail "python: $v" ;; esac

[ $fails -eq 0 ] || exit 1
echo "install: layout, pkg-config program ($WANT), version, data and Python module OK"
