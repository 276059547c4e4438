#!/usr/bin/env bash
# screen.sh - golden tests of `clearance screen` and `clearance compare`
# against the sample lists the repository ships (no shared data needed):
# the expected entry on top for known variants, no alert for clean names,
# exit code 2 and a message for every usage or input error.
# usage: bash screen.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$REPO/data/sample/lists
[ -d "$LISTS" ] || fail "$LISTS absent"

scratch

# entry_id of the first alert of a `screen --json` line, "" when no alert
first_alert() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import json,sys
d = json.loads(sys.stdin.readline())
print(d["alerts"][0]["entry_id"] if d["alerts"] else "")'
	else
		sed -n 's/.*"alerts":\[{"entry_id":"\([^"]*\)".*/\1/p'
	fi
}

# run NAME...: screen against the sample lists; sets rc, out, err
run() {
	"$BIN" screen --list "$LISTS" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# ---- known variants alert, with the right entry first --------------------
while IFS='|' read -r name want; do
	run --json "$name"
	[ "$rc" = 1 ] || fail "screen '$name': exit code" 1 "$rc ($err)"
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "screen '$name': one JSON line" 1 "$out"
	got=$(printf '%s\n' "$out" | first_alert)
	[ "$got" = "$want" ] || fail "screen '$name': first alert" "$want" "$got"
done <<'EOF'
Beijing Academy of AI|sample-el-0001
BAAI|sample-el-0001
Suma Technology Co., Ltd.|sample-el-0003
Henan Ding Xin Information Industry Co., Ltd.|sample-el-0005
ВТБ Банк|sample-sdn-15032
Osama bin Laden|sample-sdn-6365
Banco Nacional de Cuba|sample-sdn-306
EOF

# ---- clean names: exit 0 and an empty alerts array ------------------------
for name in "Maple Leaf Dairy Cooperative" "Beijing Academy of Artisan Baking" \
	"Nettrix Networks LLC"; do
	run --json "$name"
	[ "$rc" = 0 ] || fail "screen '$name': exit code" 0 "$rc ($err)"
	want="{\"id\":\"$name\",\"name\":\"$name\",\"alerts\":[]}"
	[ "$out" = "$want" ] || fail "screen '$name': output" "$want" "$out"
done

# several names: one line each, exit 1 when any alerts
run --json "Maple Leaf Dairy Cooperative" "BAAI"
[ "$rc" = 1 ] || fail "screen clean + hit: exit code" 1 "$rc ($err)"
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || fail "screen two names: lines" 2 "$out"
got=$(printf '%s\n' "$out" | sed -n 2p | first_alert)
[ "$got" = sample-el-0001 ] || fail "screen two names: second line's first alert" \
	sample-el-0001 "$got"

# text output names the entry too
run "BAAI"
[ "$rc" = 1 ] || fail "screen BAAI (text): exit code" 1 "$rc"
case $out in
"BAAI: 1 alert"*"ALERT"*"sample-el-0001"*) ;;
*) fail "screen BAAI (text): output" "BAAI: 1 alert ... ALERT ... sample-el-0001" "$out" ;;
esac

# ---- usage and input errors: exit 2 with a message ------------------------
expect_error() { # what, message substring, args...
	local what=$1 msg=$2
	shift 2
	"$BIN" screen "$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] || fail "$what: exit code" 2 "$rc (stdout: $(cat "$T/out"))"
	grep -qF -- "$msg" "$T/err" || fail "$what: message" "*$msg*" "$(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$what: stdout" "(empty)" "$(cat "$T/out")"
}
expect_error "no name" "no name given" --list "$LISTS"
expect_error "no name, --json" "no name given" --list "$LISTS" --json
expect_error "unknown option" "unknown option '--spaceship'" --list "$LISTS" --spaceship BAAI
expect_error "--threshold 2" "--threshold" --list "$LISTS" --threshold 2 BAAI
expect_error "--threshold 0" "--threshold" --list "$LISTS" --threshold 0 BAAI
expect_error "--threshold abc" "--threshold" --list "$LISTS" --threshold abc BAAI
expect_error "--threshold without value" "--threshold needs a value" --list "$LISTS" --threshold
expect_error "--type spaceship" "--type" --list "$LISTS" --type spaceship BAAI
expect_error "missing --list file" "$T/no-such-list.csv" --list "$T/no-such-list.csv" BAAI
expect_error "no --list at all" "no lists given" BAAI

# invalid UTF-8 in a name: exit 2 and a message (never an alert, never a crash)
expect_error "invalid UTF-8 name" "not valid UTF-8" --list "$LISTS" --json "$(printf 'Bad \377\376 Name')"
expect_error "truncated UTF-8 name" "not valid UTF-8" --list "$LISTS" "$(printf 'Caf\303')"
expect_error "overlong UTF-8 name" "not valid UTF-8" --list "$LISTS" "$(printf 'A\300\257B')"

# ---- compare ----------------------------------------------------------------
"$BIN" compare "SMITH, John" "John Smith" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "compare: exit code" 0 "$rc ($(cat "$T/err"))"
out=$(cat "$T/out")
case $out in
'{"score":1.0000,"match":true,"explain":{'*'}}') ;;
*) fail "compare 'SMITH, John' 'John Smith'" '{"score":1.0000,"match":true,"explain":{...}}' "$out" ;;
esac
if command -v python3 >/dev/null 2>&1; then
	got=$(python3 -c 'import json,sys
d = json.load(sys.stdin)
print(sorted(d), d["score"], d["match"], type(d["explain"]).__name__)' <"$T/out") ||
		fail "compare: valid JSON" "a JSON object" "$out"
	want="['explain', 'match', 'score'] 1.0 True dict"
	[ "$got" = "$want" ] || fail "compare: JSON shape" "$want" "$got"
fi
"$BIN" compare "Maple Leaf Dairy" "Osama bin Laden" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "compare unrelated: exit code" 0 "$rc"
grep -q '"match":false' "$T/out" || fail "compare unrelated names" '"match":false' "$(cat "$T/out")"
"$BIN" compare "only one name" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "compare one name: exit code" 2 "$rc"
grep -q "exactly two names" "$T/err" || fail "compare one name: message" "exactly two names" "$(cat "$T/err")"

echo "screen.sh: all checks passed"
exit 0
