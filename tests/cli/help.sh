#!/usr/bin/env bash
# help.sh - the documentation has one source (src/cli/help.c): every command
# answers --help as `clearance help CMD` does, has a man page, the build's
# man pages are what the binary writes now (no stale page), and every option
# and synopsis line --help shows is in the page.  Also: the man pages read
# without warnings from man, and an unknown command is an error.
# usage: bash help.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
BIN=$1
MAN=$(dirname "$BIN")/man
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$BIN" help --man-dir "$T" || { echo "FAIL: help --man-dir"; exit 1; }
cmds=$("$BIN" help --commands)
[ "$(echo "$cmds" | wc -l)" -ge 20 ] || fail "help --commands: $cmds"
"$BIN" --help >"$T/usage" || fail "--help exits non-zero"
for c in $cmds; do
	"$BIN" "$c" --help >"$T/h" 2>&1 || fail "$c --help exits non-zero"
	"$BIN" help "$c" >"$T/h2" || fail "help $c"
	cmp -s "$T/h" "$T/h2" || fail "$c --help differs from help $c"
	grep -q "^  $c " "$T/usage" || fail "clearance --help does not list $c"
	page=clearance-$c.1
	[ -f "$T/$page" ] || { fail "no $page"; continue; }
	if [ -d "$MAN" ]; then
		cmp -s "$T/$page" "$MAN/$page" || fail "$MAN/$page is stale"
	fi
	# the page's text, roff escapes undone: every flag and synopsis line of --help
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/^\.[A-Z]* *//' "$T/$page" >"$T/text"
	for flag in $(grep -oE '(^| |\[)--?[a-z][a-z-]*' "$T/h" | tr -d ' [' | sort -u); do
		grep -q -e "$flag" "$T/text" || fail "$c: $flag is in --help, not in $page"
	done
	sed -n 's/^\(usage:\|      \) clearance //p' "$T/h" | while IFS= read -r line; do
		grep -qF -- "$line" "$T/text" || echo "$line" >>"$T/missing-$c"
	done
	[ -s "$T/missing-$c" ] && fail "$c: synopsis not in $page: $(cat "$T/missing-$c")"
	if command -v man >/dev/null; then
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$T/$page" >/dev/null 2>"$T/warn"
		[ -s "$T/warn" ] && fail "$page: man warns: $(cat "$T/warn")"
	fi
done
[ -f "$T/clearance.1" ] || fail "no clearance.1"
"$BIN" no-such-command >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown command does not exit 2"
"$BIN" help no-such-command >/dev/null 2>&1
[ $? -eq 2 ] || fail "help of an unknown command does not exit 2"
[ $fails -eq 0 ] || exit 1
echo "help: $(echo "$cmds" | wc -w) commands, --help and man pages agree"
