#!/usr/bin/env bash
# batch.sh - golden tests of `clearance batch` against the sample lists:
# JSON-lines and CSV input (quoted commas, quotes, embedded newline, CRLF),
# exactly one valid JSON line per record in input order, identical output
# whatever the thread count, stdin/stdout, and exit code 2 with a message
# naming file and line for every malformed input.
# usage: bash batch.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$REPO/data/sample/lists
JSONL=$FIXTURES/cli/customers.jsonl
CSV=$FIXTURES/cli/customers.csv
for f in "$LISTS" "$JSONL" "$CSV"; do
	[ -e "$f" ] || fail "$f absent"
done

scratch
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

batch() { # args...: sets rc; output in $T/out, messages in $T/err
	"$BIN" batch --list "$LISTS" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# "ID FIRST_ALERT_ID" per output line ("-" when no alert); checks each line
# is a JSON object with exactly id, name, alerts (python3 when present).
summary() {
	if [ $HAVE_PY = 1 ]; then
		python3 -c 'import json,sys
for n, line in enumerate(sys.stdin, 1):
    try:
        d = json.loads(line)
    except ValueError as e:
        sys.exit("line %d is not JSON: %s" % (n, e))
    if not isinstance(d, dict) or list(d) != ["id", "name", "alerts"]:
        sys.exit("line %d: keys %r, expected id, name, alerts" % (n, list(d)))
    if not isinstance(d["alerts"], list) or not all("entry_id" in a for a in d["alerts"]):
        sys.exit("line %d: bad alerts array" % n)
    print(d["id"], d["alerts"][0]["entry_id"] if d["alerts"] else "-")' <"$1"
	else
		local bad
		bad=$(grep -cv '^{"id":"[^"]*","name":".*","alerts":\[.*\]}$' "$1")
		[ "$bad" = 0 ] || { echo "$bad lines without id, name, alerts" >&2; return 1; }
		sed -e 's/^{"id":"\([^"]*\)".*"alerts":\[{"entry_id":"\([^"]*\)".*/\1 \2/' \
			-e 's/^{"id":"\([^"]*\)".*"alerts":\[\]}$/\1 -/' "$1"
	fi
}

check_summary() { # what, file, expected summary
	local got
	got=$(summary "$2") || fail "$1: output shape" "id, name, alerts per line" "$(cat "$2")"
	[ "$got" = "$3" ] || fail "$1: records in order with their first alert" "$3" "$got"
}

# ---- JSON lines --------------------------------------------------------------
want_jsonl='j01 sample-el-0001
j02 -
j03 sample-sdn-15032
4 sample-sdn-6365
6 sample-el-0003
j07 -
j08 sample-el-0005
j09 -'
batch --input "$JSONL"
[ "$rc" = 0 ] || fail "batch jsonl: exit code" 0 "$rc ($(cat "$T/err"))"
check_summary "batch jsonl" "$T/out" "$want_jsonl"
if [ $HAVE_PY = 1 ]; then # names come back exactly as given
	python3 -c 'import json,sys
want = [json.loads(l)["name"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
got = [json.loads(l)["name"] for l in open(sys.argv[2], encoding="utf-8")]
sys.exit(0 if want == got else "names %r != %r" % (got, want))' "$JSONL" "$T/out" ||
		fail "batch jsonl: names echoed" "the input names" "$(cat "$T/out")"
fi
grep -qF '"name":"Café \"Zürich\" \\ Ltd"' "$T/out" ||
	fail "batch jsonl: escaped name" '"name":"Café \"Zürich\" \\ Ltd"' "$(grep j09 "$T/out")"

# ---- CSV (CRLF, quoted comma, doubled quotes, embedded newline, no id) -------
want_csv='c01 sample-el-0001
c02 sample-el-0003
c03 -
6 sample-el-0005
c06 -
c07 sample-sdn-6365'
batch --input "$CSV"
[ "$rc" = 0 ] || fail "batch csv: exit code" 0 "$rc ($(cat "$T/err"))"
check_summary "batch csv" "$T/out" "$want_csv"
[ "$(wc -l <"$T/out")" = 6 ] || fail "batch csv: one line per record" 6 "$(wc -l <"$T/out")"
grep -qF '"name":"Maple Leaf\nDairy Cooperative"' "$T/out" ||
	fail "batch csv: embedded newline" '"name":"Maple Leaf\nDairy Cooperative"' "$(cat "$T/out")"
grep -qF '"name":"The \"Nordic\" Fjord Logistics AS"' "$T/out" ||
	fail "batch csv: doubled quotes" '"name":"The \"Nordic\" Fjord Logistics AS"' "$(cat "$T/out")"
grep -qF '"name":"Suma Technology Co., Ltd."' "$T/out" ||
	fail "batch csv: quoted comma" '"name":"Suma Technology Co., Ltd."' "$(cat "$T/out")"

# ---- stdin/stdout and --output give the same bytes -----------------------------
"$BIN" batch --list "$LISTS" <"$CSV" >"$T/stdin.out" 2>"$T/err"
rc=$?
[ "$rc" = 0 ] || fail "batch csv on stdin: exit code" 0 "$rc ($(cat "$T/err"))"
cp "$T/out" "$T/csv.out"
cmp -s "$T/stdin.out" "$T/csv.out" || fail "batch stdin vs --input" "$(cat "$T/csv.out")" "$(cat "$T/stdin.out")"
batch --input "$JSONL" --output "$T/file.out"
[ "$rc" = 0 ] || fail "batch --output: exit code" 0 "$rc ($(cat "$T/err"))"
[ ! -s "$T/out" ] || fail "batch --output: stdout" "(empty)" "$(cat "$T/out")"
check_summary "batch --output" "$T/file.out" "$want_jsonl"

# ---- thread count does not change a byte ---------------------------------------
# 800 records (several per worker) with distinct ids, from the fixture lines
awk '/^$/ { next }
	{ sub(/"id":("[^"]*"|[0-9]+),/, ""); sub(/^[{]/, ""); rec[++n] = $0 }
	END { for (k = 1; k <= 100; k++) for (i = 1; i <= n; i++)
		printf "{\"id\":\"r%d-%d\",%s\n", k, i, rec[i] }' "$JSONL" >"$T/many.jsonl"
[ "$(wc -l <"$T/many.jsonl")" = 800 ] || fail "building many.jsonl" 800 "$(wc -l <"$T/many.jsonl")"
for th in 1 2 3; do
	batch --threads $th --input "$T/many.jsonl" --output "$T/many.$th"
	[ "$rc" = 0 ] || fail "batch --threads $th: exit code" 0 "$rc ($(cat "$T/err"))"
done
[ "$(wc -l <"$T/many.1")" = 800 ] || fail "batch 800 records: lines" 800 "$(wc -l <"$T/many.1")"
cmp -s "$T/many.1" "$T/many.2" || fail "--threads 1 vs 2" "identical output" "$(diff "$T/many.1" "$T/many.2" | head -5)"
cmp -s "$T/many.1" "$T/many.3" || fail "--threads 1 vs 3" "identical output" "$(diff "$T/many.1" "$T/many.3" | head -5)"
got=$(summary "$T/many.1" | sed -n '1p;8p;793p;800p' | tr '\n' ' ')
want="r1-1 sample-el-0001 r1-8 - r100-1 sample-el-0001 r100-8 - "
[ "$got" = "$want" ] || fail "batch 800 records: order" "$want" "$got"

# ---- malformed input: exit 2, message names file and line ----------------------
expect_error() { # what, input file, message substring
	batch --input "$2"
	[ "$rc" = 2 ] || fail "$1: exit code" 2 "$rc (stdout: $(head -c 300 "$T/out"))"
	grep -qF -- "$3" "$T/err" || fail "$1: message" "*$3*" "$(cat "$T/err")"
}
printf '{"id":"a","name":"BAAI"}\n{"id":"b","name":"Maple Leaf"}\n{"id":"c","name":"Suma" \n' >"$T/bad.jsonl"
expect_error "malformed JSON line" "$T/bad.jsonl" "$T/bad.jsonl:3:"
printf '{"id":"a","name":"BAAI"}\n\n{"id":"b","nom":"Maple Leaf"}\n' >"$T/noname.jsonl"
expect_error "JSON record without a name" "$T/noname.jsonl" "$T/noname.jsonl:3: field 'name'"
printf '{"id":"a","name":"BAAI"}\n{"id":"b","name":42}\n' >"$T/numname.jsonl"
expect_error "JSON name not a string" "$T/numname.jsonl" "$T/numname.jsonl:2: field 'name'"
printf '{"id":"a","name":"BAAI"}\n["b","Maple Leaf"]\n' >"$T/array.jsonl"
expect_error "JSON line not an object" "$T/array.jsonl" "$T/array.jsonl:2:"
printf '{"id":"a","name":"BAAI"}\n{"id":"b","name":"Bad \377 name"}\n' >"$T/utf8.jsonl"
expect_error "JSON name with invalid UTF-8" "$T/utf8.jsonl" "$T/utf8.jsonl:2:"
printf 'id,company,country\n1,BAAI,CN\n' >"$T/nonamecol.csv"
expect_error "CSV without a name column" "$T/nonamecol.csv" "$T/nonamecol.csv:1: field 'name'"
printf 'id,name\n1,BAAI\n2,"Suma, Ltd."\n3,Maple,Leaf\n4,Osama bin Laden\n' >"$T/width.csv"
expect_error "CSV row with a wrong field count" "$T/width.csv" "$T/width.csv:4: expected 2 fields, found 3"
printf 'id,name\n1,BAAI\n2\n' >"$T/short.csv"
expect_error "CSV row with too few fields" "$T/short.csv" "$T/short.csv:3: expected 2 fields, found 1"
printf 'id,name\n1,BAAI\n2,\n' >"$T/empty.csv"
expect_error "CSV row with an empty name" "$T/empty.csv" "$T/empty.csv:3: field 'name'"
printf 'id,name\n1,BAAI\n2,Bad "quote" here\n' >"$T/quote.csv"
expect_error "CSV stray quote" "$T/quote.csv" "$T/quote.csv:3:"
printf 'id,name\n1,BAAI\n2,"Maple Leaf\nDairy\n' >"$T/unterminated.csv"
expect_error "CSV unterminated quoted field at end of file" "$T/unterminated.csv" "$T/unterminated.csv:"
"$BIN" batch --list "$LISTS" <"$T/width.csv" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "bad CSV on stdin: exit code" 2 "$rc"
grep -qF "<stdin>:4:" "$T/err" || fail "bad CSV on stdin: message" "*<stdin>:4:*" "$(cat "$T/err")"

# ---- usage errors ---------------------------------------------------------------
batch --input "$T/absent.jsonl"
[ "$rc" = 2 ] || fail "batch missing input: exit code" 2 "$rc"
grep -qF "$T/absent.jsonl" "$T/err" || fail "batch missing input: message" "*$T/absent.jsonl*" "$(cat "$T/err")"
for th in 0 -1 x 257; do
	batch --threads "$th" --input "$JSONL"
	[ "$rc" = 2 ] || fail "batch --threads $th: exit code" 2 "$rc"
	grep -qF -- "--threads" "$T/err" || fail "batch --threads $th: message" "*--threads*" "$(cat "$T/err")"
done
batch --input "$JSONL" --frobnicate
[ "$rc" = 2 ] || fail "batch unknown argument: exit code" 2 "$rc"

echo "batch.sh: all checks passed"
exit 0
