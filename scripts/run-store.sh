#!/usr/bin/env bash
# run-store.sh - `make run`'s embedded store: creates or refreshes STORE from
# the list files under LISTS and the customers file, then rescreens.  A
# second run with the same files changes nothing and costs a checksum: the
# lists are imported only when their content changed (stamp STORE.lists),
# and the rescreen runs only after an import or a customer change.  Files
# that do not load strictly (a store snapshot must reload without errors)
# are left out with a note; `make run`'s report still screens them leniently.
# usage: scripts/run-store.sh CLEARANCE STORE LISTS CUSTOMERS
set -eu
BIN=$1 STORE=$2 LISTS=$3 CUSTOMERS=$4
stamp=$(find "$LISTS" -type f ! -name '.*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)

if [ ! -s "$STORE" ] || [ "$(cat "$STORE.lists" 2>/dev/null)" != "$stamp" ]; then
	# one import group per folder (OFAC's sibling files stay together); a
	# folder that does not load as a whole contributes its files that do
	groups=()
	while read -r dir; do
		if "$BIN" lists -q --list "$dir" >/dev/null 2>&1; then
			groups+=("$dir")
			continue
		fi
		for f in "$dir"/*; do
			[ -f "$f" ] || continue
			if "$BIN" lists -q --list "$f" >/dev/null 2>&1; then
				groups+=("$f")
			else
				echo "run: $f does not load strictly; left out of the store" >&2
			fi
		done
	done < <(find "$LISTS" -type f ! -name '.*' -printf '%h\n' | sort -u)
	[ ${#groups[@]} -gt 0 ] || { echo "run: no list file under $LISTS loads" >&2; exit 2; }
	"$BIN" import --store "$STORE" "${groups[@]}" >/dev/null
	echo "$stamp" >"$STORE.lists"
	changed=1
fi
out=$("$BIN" customers import --store "$STORE" "$CUSTOMERS" 2>&1)
echo "$out" >&2
case $out in *", 0 new or changed"*) ;; *) changed=1;; esac
if [ -n "${changed:-}" ]; then
	"$BIN" rescreen --delta --store "$STORE" >/dev/null || [ $? = 1 ]
fi
echo "run: store $STORE: $("$BIN" alerts --store "$STORE" --status all | wc -l) alerts"
