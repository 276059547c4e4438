#!/usr/bin/env bash
# evidence.sh - evidence beyond the name through every door, on the small
# fixture list tests/fixtures/evidence/lists.csv: screen's --dob,
# --nationality, --id, --imo, --city (exit codes, text and JSON, cleared
# names explained), batch JSON lines and CSV columns, the policy file
# (--evidence-policy, a bad one named by file and line), customers import
# and rescreen (evidence kept, a changed date of birth closes the alert as
# cleared, the audit record names the policy), and POST /v1/screen.
# usage: bash evidence.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$FIXTURES/evidence/lists.csv
SERVE_ARGS=(--list "$LISTS" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1
[ -e "$LISTS" ] || fail "$LISTS absent"

scr() { # args...: sets rc; stdout in $T/out, stderr in $T/err
	"$BIN" screen -q --list "$LISTS" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# pyq EXPR: evaluates EXPR over the JSON lines of $T/out (a list L)
pyq() {
	python3 -c 'import json,sys
L=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(eval(sys.argv[2]))' "$T/out" "$1"
}

# ---- screen -----------------------------------------------------------------
scr --json "Rustam Karimov"
[ "$rc" = 1 ] || fail "name alone: exit 1 (alert)" 1 "$rc"
[ "$(pyq 'sorted(a["entry_id"] for a in L[0]["alerts"])')" = "['ev1', 'ev2']" ] ||
	fail "name alone: both Karimovs" "['ev1', 'ev2']" "$(cat "$T/out")"
[ "$(pyq '"cleared" in L[0]')" = False ] || fail "no evidence: no cleared member" False "$(cat "$T/out")"

scr --json --dob "12 Mar 1962" "Rustam Karimov"
[ "$rc" = 1 ] || fail "agreeing dob: exit 1" 1 "$rc"
[ "$(pyq '[a["entry_id"] for a in L[0]["alerts"]]')" = "['ev1']" ] ||
	fail "agreeing dob: only the one born then alerts" "['ev1']" "$(cat "$T/out")"
[ "$(pyq 'L[0]["alerts"][0]["evidence"][0]["effect"]')" = agrees ] ||
	fail "agreeing dob: explained" agrees "$(cat "$T/out")"
[ "$(pyq 'L[0]["alerts"][0]["score"] > L[0]["alerts"][0]["name_score"]')" = True ] ||
	fail "agreeing dob: raises the score" True "$(cat "$T/out")"
[ "$(pyq '[(a["entry_id"], a["evidence"][0]["field"], a["evidence"][0]["effect"], a["evidence"][0]["listed"]) for a in L[0]["cleared"]]')" = "[('ev2', 'dob', 'cleared', '1985')]" ] ||
	fail "the other Karimov: cleared, with why" "[('ev2', 'dob', 'cleared', '1985')]" "$(cat "$T/out")"

scr --dob 1930 "Rustam Karimov"
[ "$rc" = 0 ] || fail "a dob decades off: exit 0 (no alert)" 0 "$rc"
grep -q "cleared by evidence (2)" "$T/out" || fail "text: cleared names listed" "cleared by evidence (2)" "$(cat "$T/out")"
grep -q "CLEARED" "$T/out" || fail "text: CLEARED lines" CLEARED "$(cat "$T/out")"

scr --json --id passport:aa-1234567:UZ "Rustam"
[ "$rc" = 1 ] || fail "passport with a weak name: alerts" 1 "$rc"
[ "$(pyq '[(a["entry_id"], a["evidence"][0]["effect"]) for a in L[0]["alerts"]]')" = "[('ev1', 'match')]" ] ||
	fail "passport match explained" "[('ev1', 'match')]" "$(cat "$T/out")"
scr --id passport:AA1234567:KZ "Rustam"
[ "$rc" = 0 ] || fail "another country's passport: no alert" 0 "$rc"
scr --id :0012345 --id tax:100234567890003 "Nova"
[ "$rc" = 1 ] || fail "ids of any kind, repeated --id" 1 "$rc"
scr --json --imo "IMO 9123456" "Sea Breeze"
[ "$(pyq 'L[0]["alerts"][0]["entry_id"]')" = ev5 ] || fail "imo alone finds the vessel" ev5 "$(cat "$T/out")"
scr --json --city Tashkent --nationality Uzbekistan "Rustam Alievich Karimov"
[ "$(pyq 'sorted(e["field"] + ":" + e["effect"] for e in L[0]["alerts"][0]["evidence"])')" = "['address:agrees', 'nationality:agrees']" ] ||
	fail "city and nationality agree" "['address:agrees', 'nationality:agrees']" "$(cat "$T/out")"

for bad in "--dob|31 Feb 1962|dob: '31 Feb 1962' is not a date" \
	"--nationality|Atlantis|nationality: 'Atlantis'" "--imo|12345|imo: '12345' is not 7 digits" \
	"--id|passport:A1|ids[0].number: 'A1' has fewer than 3"; do
	IFS='|' read -r opt val want <<<"$bad"
	scr "$opt" "$val" "Rustam Karimov"
	[ "$rc" = 2 ] || fail "$opt $val: exit 2" 2 "$rc"
	grep -qF "$want" "$T/err" || fail "$opt $val: message" "$want" "$(cat "$T/err")"
done
scr --dob
[ "$rc" = 2 ] || fail "--dob without a value" 2 "$rc"

# ---- the policy -------------------------------------------------------------
printf 'version = lower-test\ndob_contradiction = lower\ndob_lower_factor = 0.9\n' >"$T/lower.conf"
scr --json --evidence-policy "$T/lower.conf" --dob 1930 "Rustam Karimov"
[ "$(pyq '[(a["entry_id"], e["effect"]) for a in L[0]["alerts"] + L[0]["cleared"] for e in a["evidence"]]')" = "[('ev2', 'lowered'), ('ev1', 'lowered')]" ] ||
	fail "policy: lower instead of clearing (ev1 lowered below the threshold)" \
		"[('ev2', 'lowered'), ('ev1', 'lowered')]" "$(cat "$T/out")"
printf 'version = x\n\ndob_tolerance_years = soon\n' >"$T/bad.conf"
scr --evidence-policy "$T/bad.conf" "Rustam Karimov"
[ "$rc" = 2 ] || fail "bad policy: exit 2" 2 "$rc"
grep -qF "bad.conf:3: field 'dob_tolerance_years'" "$T/err" ||
	fail "bad policy: file, line and key" "bad.conf:3: field 'dob_tolerance_years'" "$(cat "$T/err")"

# ---- batch ------------------------------------------------------------------
cat >"$T/q.jsonl" <<'EOF'
{"id":"a","name":"Rustam Karimov","dob":"1962-03-12"}
{"id":"b","name":"Rustam","ids":[{"type":"passport","number":"AA 123 4567","country":"UZ"}]}
{"id":"c","name":"Sea Breeze","imo":9123456}
{"id":"d","name":"Rustam Karimov","dob":"1930"}
EOF
"$BIN" batch -q --list "$LISTS" --input "$T/q.jsonl" >"$T/out" 2>"$T/err" || fail "batch jsonl" 0 "$? $(cat "$T/err")"
[ "$(pyq '[(l["id"], [a["entry_id"] for a in l["alerts"]], sorted(a["entry_id"] for a in l.get("cleared", []))) for l in L]')" = "[('a', ['ev1'], ['ev2']), ('b', ['ev1'], []), ('c', ['ev5'], []), ('d', [], ['ev1', 'ev2'])]" ] ||
	fail "batch jsonl: evidence per record" "a ev1/ev2 cleared, b ev1, c ev5, d both cleared" "$(cat "$T/out")"
printf 'id,name,dob,id_type,id_number,id_country\n1,Rustam Karimov,1985-06-01,,,\n2,Nova,,registration,12345,AE\n' >"$T/q.csv"
"$BIN" batch -q --list "$LISTS" --input "$T/q.csv" >"$T/out" 2>"$T/err" || fail "batch csv" 0 "$? $(cat "$T/err")"
[ "$(pyq '[(l["id"], [a["entry_id"] for a in l["alerts"]]) for l in L]')" = "[('1', ['ev2']), ('2', ['ev6'])]" ] ||
	fail "batch csv: dob and id columns" "[('1', ['ev2']), ('2', ['ev6'])]" "$(cat "$T/out")"
printf '{"name":"x","ids":"AA1"}\n' >"$T/bad.jsonl"
"$BIN" batch -q --list "$LISTS" --input "$T/bad.jsonl" >/dev/null 2>"$T/err" && fail "batch: ids not an array" 2 0
grep -qF "bad.jsonl:1: field 'ids'" "$T/err" || fail "batch: bad ids named" "bad.jsonl:1: field 'ids'" "$(cat "$T/err")"
printf 'id,name,id_type\n1,x,passport\n' >"$T/bad.csv"
"$BIN" batch -q --list "$LISTS" --input "$T/bad.csv" >/dev/null 2>"$T/err" && fail "batch: id_type without a number" 2 0
grep -qF "bad.csv:2: field 'id_number'" "$T/err" || fail "batch: missing number named" "bad.csv:2: field 'id_number'" "$(cat "$T/err")"
printf '{"name":"x","dob":"someday"}\n' >"$T/bad2.jsonl"
"$BIN" batch -q --list "$LISTS" --input "$T/bad2.jsonl" >/dev/null 2>"$T/err" && fail "batch: bad dob" 2 0
grep -qF "dob: 'someday' is not a date" "$T/err" || fail "batch: bad dob named" "dob: 'someday'" "$(cat "$T/err")"

# ---- customers and rescreen --------------------------------------------------
S=$T/store.db
"$BIN" import --store "$S" "$LISTS" >/dev/null 2>&1 || fail "import" 0 $?
printf 'id,name,dob,nationality,id_type,id_number,note\nk1,Rustam Karimov,1962-03-12,UZ,,,vip\nk2,Rustam,,,passport,AA1234567,\n' >"$T/cust.csv"
"$BIN" customers import --store "$S" "$T/cust.csv" 2>"$T/err" || fail "customers import" 0 "$? $(cat "$T/err")"
"$BIN" rescreen --store "$S" >"$T/out" 2>"$T/err"
[ $? = 1 ] || fail "rescreen: exit 1 (alerts)" 1 "$(cat "$T/err")"
[ "$(pyq 'sorted((l["customer_id"], l["entry_id"], l["evidence"][0]["effect"]) for l in L)')" = "[('k1', 'ev1', 'agrees'), ('k2', 'ev1', 'match')]" ] ||
	fail "rescreen: the customers' evidence screens" "k1 ev1 agrees, k2 ev1 match (ev2 cleared)" "$(cat "$T/out")"
"$BIN" alerts --store "$S" >"$T/out" 2>"$T/err"
[ "$(pyq 'sorted((l["customer_id"], l["evidence"][0]["effect"], l["attributes"].get("dob")) for l in L)')" = "[('k1', 'agrees', '1962-03-12'), ('k2', 'match', None)]" ] ||
	fail "alerts: evidence kept with the alert" "k1 agrees 1962-03-12, k2 match" "$(cat "$T/out")"
printf 'id,name,dob\nk1,Rustam Karimov,1931\n' >"$T/cust2.csv"
"$BIN" customers import --store "$S" "$T/cust2.csv" 2>"$T/err" || fail "customers import 2" 0 $?
grep -q "1 new or changed" "$T/err" || fail "a changed dob is a changed customer" "1 new or changed" "$(cat "$T/err")"
"$BIN" rescreen --store "$S" --delta >/dev/null 2>&1
[ $? = 0 ] || fail "delta rescreen: exit 0 (no alert emitted)" 0 $?
"$BIN" alerts --store "$S" --status closed >"$T/out"
[ "$(pyq '[(l["customer_id"], l["reason"]) for l in L]')" = "[('k1', 'cleared by dob: 1931, listed 1962-03-12')]" ] ||
	fail "the alert closes, cleared by the date of birth" "k1 cleared by dob" "$(cat "$T/out")"
"$BIN" audit export --store "$S" >"$T/out"
[ "$(pyq 'L[-1]["action"] + " " + L[-1]["result"].split("; ")[-1]')" = "rescreen evidence policy builtin-1" ] ||
	fail "audit: the policy of the rescreen" "rescreen evidence policy builtin-1" "$(tail -1 "$T/out")"
"$BIN" rescreen --store "$S" --evidence-policy "$T/lower.conf" >/dev/null 2>&1
[ $? -le 1 ] || fail "rescreen with a policy" "exit 0 or 1" $?
"$BIN" audit export --store "$S" >"$T/out"
[ "$(pyq 'L[-1]["result"].split("; ")[-1]')" = "evidence policy lower-test" ] ||
	fail "audit: the policy given" "evidence policy lower-test" "$(tail -1 "$T/out")"
"$BIN" audit verify --store "$S" >/dev/null 2>&1 || fail "audit verify" 0 $?
# a new listing that gives a customer's passport: a delta rescreen screens the
# customer (its name shares nothing with the listing) and it alerts on the id
printf 'id,name,id_type,id_number,id_country\nk4,Bob Smith,passport,ZZ 765-4321,\n' >"$T/cust4.csv"
"$BIN" customers import --store "$S" "$T/cust4.csv" 2>"$T/err" || fail "customers import 4" 0 "$? $(cat "$T/err")"
"$BIN" rescreen --store "$S" >/dev/null 2>&1
[ $? -le 1 ] || fail "rescreen before the new listing" "exit 0 or 1" $?
cp "$LISTS" "$T/lists2.csv"
printf 'ev9,SDN,,Individual,SDGT,"JALILI, Ahmad",,,,,,,,,,,,,,,,,,,,,,,"IR, ZZ7654321, Passport"\n' >>"$T/lists2.csv"
"$BIN" import --store "$S" "$T/lists2.csv" >/dev/null 2>&1 || fail "import of the new listing" 0 $?
"$BIN" rescreen --store "$S" --delta >"$T/out" 2>"$T/err"
[ $? = 1 ] || fail "delta rescreen after the new listing: exit 1 (alert)" 1 "$(cat "$T/err")"
[ "$(pyq '[(l["customer_id"], l["entry_id"], l["evidence"][0]["effect"]) for l in L]')" = "[('k4', 'ev9', 'match')]" ] ||
	fail "delta: the customer with the listed passport" "[('k4', 'ev9', 'match')]" "$(cat "$T/out") $(cat "$T/err")"
grep -q "screened 1 of" "$T/err" || fail "delta screens only that customer" "screened 1 of" "$(cat "$T/err")"
printf 'id,name,dob\nk3,X Y,31 Feb 1990\n' >"$T/cust3.csv"
"$BIN" customers import --store "$S" "$T/cust3.csv" 2>"$T/err" && fail "customers: bad dob" 2 0
grep -qF "cust3.csv:2: field 'dob':" "$T/err" || fail "customers: bad dob named" "cust3.csv:2: field 'dob':" "$(cat "$T/err")"

# a version-2 store (before evidence) gains the alerts' evidence columns when opened
if command -v sqlite3 >/dev/null 2>&1; then
	S2=$T/v2.db
	cp "$S" "$S2"
	sqlite3 "$S2" "ALTER TABLE alerts DROP COLUMN evidence; ALTER TABLE alerts DROP COLUMN name_score;
		UPDATE schema_version SET version=2" || fail "make a version-2 store" 0 $?
	"$BIN" rescreen --store "$S2" >/dev/null 2>&1
	[ $? -le 1 ] || fail "rescreen of a version-2 store" "exit 0 or 1" $?
	[ "$(sqlite3 "$S2" "SELECT version FROM schema_version")" = 5 ] ||
		fail "upgraded schema version (the current, 5)" 5 "$(sqlite3 "$S2" "SELECT version FROM schema_version")"
	[ "$(sqlite3 "$S2" "SELECT count(*) FROM alerts WHERE evidence IS NOT NULL")" -ge 1 ] ||
		fail "upgraded store: evidence kept" ">= 1" "$(sqlite3 "$S2" "SELECT count(*) FROM alerts WHERE evidence IS NOT NULL")"
fi

# ---- the API ----------------------------------------------------------------
start ev
req POST /v1/screen "" -d '{"name":"Rustam Karimov","dob":"1962-03-12"}'
expect "api: dob agrees" 200 alerts.0.evidence.0.effect agrees
expect "api: the other cleared" 200 cleared.0.entry_id ev2
req POST /v1/screen "" -d '{"name":"Rustam","ids":[{"type":"passport","number":"AA1234567"}]}'
expect "api: id match" 200 alerts.0.entry_id ev1
req POST /v1/screen "" -d '{"records":[{"name":"Sea Breeze","imo":"9123456"},{"name":"Rustam Karimov","dob":"1930"}]}'
expect "api: batch imo" 200 results.0.alerts.0.entry_id ev5
expect "api: batch cleared" 200 results.1.alerts "[]"
req POST /v1/screen "" -d '{"name":"Rustam Karimov","dob":"someday"}'
expect "api: bad dob" 400 error.field dob
req POST /v1/screen "" -d '{"records":[{"name":"a"},{"name":"b","nationality":"Atlantis"}]}'
expect "api: bad nationality in a batch" 400 error.field records[1].nationality
req POST /v1/screen "" -d '{"name":"a","ids":[{"number":3}]}'
expect "api: id number type" 400 error.field "ids[0].number"
req POST /v1/screen "" -d '{"name":"a","ids":[{"number":"AA1","kind":"x"}]}'
expect "api: unknown id field" 400 error.field "ids[0].kind"
req GET /v1/lists ""
expect "api: policy in force" 200 evidence_policy builtin-1
echo "ok: evidence"
