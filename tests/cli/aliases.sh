#!/usr/bin/env bash
# aliases.sh - golden tests of `--aliases FILE` on the fixtures of
# tests/fixtures/aliases (no shared data needed): the user's Han-script name
# of a listed entry alerts as "user_alias" with its file and line in screen,
# batch, show, lists and demo; every bad alias file fails with exit code 2
# and a message naming file, line and field, or with --lenient loads its
# good rows and reports the bad one; repeats are reported and added once;
# --index refuses the option while `index build --aliases` compiles the
# aliases in; the server screens them and re-reads the file on a reload
# (when curl and python3 are present).
# usage: bash aliases.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
A=$FIXTURES/aliases
LIST=$A/list.csv
[ -f "$LIST" ] || { echo "FAIL: $LIST absent" >&2; exit 1; }
if command -v curl >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
	SERVE_ARGS=(--list "$LIST" --rules "$REPO/data/rules")
	. "$(dirname "$0")/lib/http.sh" || exit 1 # common.sh and the scratch folder T
	HTTP=1
else
	. "$(dirname "$0")/lib/common.sh" || exit 1
	scratch
	HTTP=0
fi

HAN='宁畅信息产业(北京)有限公司'

# run CMD ARGS...: sets rc, out, err
run() {
	"$BIN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
has() { # what, text, substrings...
	local what=$1 text=$2 s
	shift 2
	for s in "$@"; do
		case $text in *"$s"*) ;; *) fail "$what" "*$s*" "$(printf '%s' "$text" | head -c 600)" ;; esac
	done
}

# ---- the alias screens as a user alias -------------------------------------
run screen --list "$LIST" --json "$HAN"
[ "$rc" = 0 ] || fail "screen without --aliases: exit code" 0 "$rc ($err)"
has "screen without --aliases: no alert" "$out" '"alerts":[]'

run screen --list "$LIST" --aliases "$A/good.csv" --json "$HAN"
[ "$rc" = 1 ] || fail "screen --aliases: exit code" 1 "$rc ($err)"
has "screen --aliases: the alert" "$out" '"alerts":[{"entry_id":"al-el-nettrix"' \
	"\"matched_name\":\"$HAN\"" '"matched_name_kind":"user_alias"' '"score":1.0'
[ -z "$err" ] || fail "screen --aliases: stderr" "(empty)" "$err"

run screen --list "$LIST" --aliases "$A/good.csv" "$HAN"
has "screen --aliases: text names the file and line" "$out" \
	"matched user_alias: $HAN ($A/good.csv:2)"

run screen --list "$LIST" --aliases "$A/good.csv" "Nettrix Information Industry Co Ltd"
[ "$rc" = 1 ] || fail "listed name with --aliases: exit code" 1 "$rc ($err)"

printf 'id,name,country\nc1,%s,CN\nc2,Maple Leaf Dairy Cooperative,CA\nc3,北京智源人工智能研究院,CN\n' "$HAN" >"$T/customers.csv"
run batch --list "$LIST" --aliases "$A/good.csv" --input "$T/customers.csv" --threads 2
[ "$rc" = 0 ] || fail "batch --aliases: exit code" 0 "$rc ($err)"
[ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "batch --aliases: lines" 3 "$out"
has "batch --aliases: c1" "$(sed -n 1p "$T/out")" '"id":"c1"' '"entry_id":"al-el-nettrix"' \
	'"matched_name_kind":"user_alias"'
has "batch --aliases: c2 clear" "$(sed -n 2p "$T/out")" '"id":"c2"' '"alerts":[]'
has "batch --aliases: c3" "$(sed -n 3p "$T/out")" '"entry_id":"al-el-baai"' \
	'"matched_name_kind":"user_alias"'

run show --list "$LIST" --aliases "$A/good.csv" al-el-nettrix
[ "$rc" = 0 ] || fail "show --aliases: exit code" 0 "$rc ($err)"
has "show --aliases: the names" "$out" '{"name":"Netrix","kind":"alias"}' \
	"{\"name\":\"$HAN\",\"kind\":\"user_alias\"}" '{"name":"宁畅","kind":"user_alias"}' \
	"\"file\":\"$LIST\",\"line\":2"

run lists --list "$LIST" --aliases "$A/good.csv" --aliases "$A/bom-crlf.csv" --json
[ "$rc" = 0 ] || fail "lists, two alias files: exit code" 0 "$rc ($err)"
has "lists, two alias files" "$out" \
	"{\"path\":\"$A/good.csv\",\"format\":\"aliases\",\"rows\":5,\"entries\":0,\"names\":5," \
	"{\"path\":\"$A/bom-crlf.csv\",\"format\":\"aliases\",\"rows\":2,\"entries\":0,\"names\":2," \
	'"entries":4}'

run demo --list "$LIST" --aliases "$A/good.csv" --input "$T/customers.csv"
[ "$rc" = 0 ] || fail "demo --aliases: exit code" 0 "$rc ($err)"
has "demo --aliases" "$out" "$A/good.csv" "5 aliases" "via user_alias \"$HAN\"" \
	"3 customers screened, 2 with alerts."

# ---- bad files: strict exit 2 naming file, line and field; lenient reports --
bad() { # file, entries applied with --lenient, substrings of the message...
	local f=$A/$1 good=$2
	shift 2
	run lists --json --list "$LIST" --aliases "$f"
	[ "$rc" -lt 128 ] || fail "$f: no crash" "exit code 2" "exit code $rc: $err"
	[ "$rc" = 2 ] || fail "$f: exit code" 2 "$rc ($err)"
	[ -z "$out" ] || fail "$f: stdout" "(empty)" "$out"
	has "$f: message" "$err" "$@"
	run lists --json --lenient --verbose --list "$LIST" --aliases "$f"
	[ "$rc" = 0 ] || fail "$f --lenient: exit code" 0 "$rc ($err)"
	has "$f --lenient: the good rows" "$out" "\"format\":\"aliases\",\"rows\":$((good + 1)),\"entries\":0,\"names\":$good,"
	has "$f --lenient: the skipped row" "$out" '"skipped":1,'
	has "$f --lenient: report" "$err" "skipped: $*"
}
bad bad-unknown-id.csv 2 "$A/bad-unknown-id.csv:3: field 'entry_id': no loaded entry has the id 'al-el-nowhere'"
bad bad-empty-name.csv 1 "$A/bad-empty-name.csv:2: field 'name': name is empty"
bad bad-empty-id.csv 1 "$A/bad-empty-id.csv:2: field 'entry_id': entry id is empty"
bad bad-utf8.csv 2 "$A/bad-utf8.csv:4: field 'name': invalid UTF-8"
bad bad-long-name.csv 2 "$A/bad-long-name.csv:3: field 'name': name of 1100 bytes exceeds the limit of 1024"
bad bad-quote.csv 2 "$A/bad-quote.csv:3: field 'name': malformed quoting"
bad bad-columns.csv 2 "$A/bad-columns.csv:3: field 'column 4': record has 4 fields, expected 3"

for mode in "" --lenient; do
	run lists $mode --list "$LIST" --aliases "$A/bad-missing-column.csv"
	[ "$rc" = 2 ] || fail "missing column $mode: exit code" 2 "$rc ($err)"
	has "missing column $mode: message" "$err" \
		"$A/bad-missing-column.csv:1: field 'name': required column 'name' missing from the header"
done
run screen --list "$LIST" --aliases "$A/absent.csv" x
[ "$rc" = 2 ] || fail "absent alias file: exit code" 2 "$rc ($err)"
has "absent alias file: message" "$err" "$A/absent.csv"

# a bad alias file stops the screening: nothing of it is half applied
run screen --list "$LIST" --aliases "$A/good.csv" --aliases "$A/bad-utf8.csv" --json "$HAN"
[ "$rc" = 2 ] && [ -z "$out" ] || fail "screen with a bad second alias file" "exit 2, no output" "$rc: $out"

# ---- repeats are added once, each reported ----------------------------------
run lists --json --list "$LIST" --aliases "$A/duplicates.csv" --aliases "$A/good.csv"
[ "$rc" = 0 ] || fail "repeats: exit code" 0 "$rc ($err)"
has "repeats: counts" "$out" \
	"{\"path\":\"$A/duplicates.csv\",\"format\":\"aliases\",\"rows\":5,\"entries\":0,\"names\":2,\"addresses\":0,\"header_repeats\":1," \
	"{\"path\":\"$A/good.csv\",\"format\":\"aliases\",\"rows\":5,\"entries\":0,\"names\":4,"
has "repeats: reported" "$err" \
	"$A/duplicates.csv:3: '宁畅' is already a name of entry 'al-el-nettrix': added once" \
	"$A/duplicates.csv:4: 'BAAI' is already a name of entry 'al-el-baai': added once" \
	"$A/duplicates.csv:7: " "$A/good.csv:3: '宁畅' is already a name"

# ---- options -----------------------------------------------------------------
run screen --list "$LIST" --aliases
[ "$rc" = 2 ] || fail "--aliases without a value: exit code" 2 "$rc"
has "--aliases without a value" "$err" "--aliases needs a value"
args=()
for _ in $(seq 1 17); do args+=(--aliases "$A/good.csv"); done
run screen --list "$LIST" "${args[@]}" x
[ "$rc" = 2 ] || fail "17 --aliases: exit code" 2 "$rc"
has "17 --aliases" "$err" "too many --aliases options (limit 16)"
run compare --aliases "$A/good.csv" a b
[ "$rc" = 2 ] || fail "--aliases without lists: exit code" 2 "$rc ($err)"
has "--aliases without lists" "$err" "no lists given"
run rescreen --store "$T/store.db" --aliases "$A/good.csv"
[ "$rc" = 2 ] || fail "rescreen --aliases: exit code" 2 "$rc ($err)"
run screen --store "$T/store.db" --as-of 2025-01-01 --aliases "$A/good.csv" x
[ "$rc" = 2 ] || fail "screen --store --aliases: exit code" 2 "$rc ($err)"
has "screen --store --aliases" "$err" "--aliases and --store exclude each other"

# ---- compiled index: built with the aliases, refuses more --------------------
run index build --list "$LIST" --aliases "$A/good.csv" -o "$T/a.clx"
[ "$rc" = 0 ] || fail "index build --aliases: exit code" 0 "$rc ($err)"
run index verify "$T/a.clx"
[ "$rc" = 0 ] || fail "index verify: exit code" 0 "$rc ($out $err)"
run screen --index "$T/a.clx" --json "$HAN"
[ "$rc" = 1 ] || fail "screen --index built with aliases: exit code" 1 "$rc ($err)"
has "screen --index built with aliases" "$out" '"alerts":[{"entry_id":"al-el-nettrix"' \
	"\"matched_name\":\"$HAN\"" '"matched_name_kind":"user_alias"' '"score":1.0'
run lists --index "$T/a.clx" --json
has "lists --index: the alias file's report" "$out" "\"path\":\"$A/good.csv\",\"format\":\"aliases\""
run screen --index "$T/a.clx" --aliases "$A/good.csv" "$HAN"
[ "$rc" = 2 ] || fail "--index with --aliases: exit code" 2 "$rc ($err)"
has "--index with --aliases" "$err" "--index and --aliases exclude each other"
run serve --index "$T/a.clx" --aliases "$A/good.csv" --listen 127.0.0.1:0
[ "$rc" = 2 ] || fail "serve --index --aliases: exit code" 2 "$rc ($err)"

# ---- the server: aliases screened, re-read on a reload ---------------------
if [ "$HTTP" = 0 ]; then
	echo "ok (server part skipped: curl or python3 absent)"
	exit 0
fi
cp "$A/good.csv" "$T/aliases.csv"
start aliases --aliases "$T/aliases.csv"
req POST /v1/screen "" -d "{\"name\":\"$HAN\"}"
expect "server: the alias" 200 alerts.0.explain.matched_name_kind user_alias
req GET /v1/lists ""
expect "server: lists" 200 files.1.format aliases
req POST /v1/screen "" -d '{"name":"浪潮集团"}'
expect "server: before the reload" 200 alerts '[]'
printf 'al-el-inspur,浪潮集团,added\n' >>"$T/aliases.csv"
req POST /v1/admin/reload ""
expect "server: reload" 200
req POST /v1/screen "" -d '{"name":"浪潮集团"}'
expect "server: a new alias after the reload" 200 alerts.0.entry_id al-el-inspur
printf 'al-el-nowhere,x,\n' >>"$T/aliases.csv"
req POST /v1/admin/reload ""
[ "$CODE" = 500 ] || fail "server: reload with a bad alias file" 500 "$CODE $(cat "$T/body")"
grep -qF "$T/aliases.csv:8: field 'entry_id'" "$T/err.aliases" ||
	fail "server: the bad row named" "*aliases.csv:8: field 'entry_id'*" "$(tail -3 "$T/err.aliases")"
req POST /v1/screen "" -d '{"name":"浪潮集团"}'
expect "server: the previous lists stay" 200 alerts.0.entry_id al-el-inspur
echo "ok"
