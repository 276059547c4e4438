#!/usr/bin/env bash
# compat_yente.sh - the OpenSanctions matching API (yente) on `clearance
# serve` (src/server/compat_yente.c), driven as a script written for yente
# drives it: POST /match/{dataset} with FollowTheMoney queries (the shape of
# the examples in yente's documentation, among them its Rotenberg query),
# GET /search/{dataset}, /entities/{id}, /catalog.  Checks field names and
# JSON types, and that score, match and explanations follow the evidence
# (a date of birth that agrees or clears, a nationality, an identifier or
# IMO number under another name).  Fixture list tests/fixtures/evidence/
# lists.csv; the shared SDN file when ../shared is present.
# usage: bash compat_yente.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
SHARED=${3:-}
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$FIXTURES/evidence/lists.csv
SERVE_ARGS=(--list "$LISTS" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

# py EXPR: evaluates EXPR over the last body (d); prints it
py() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$T/body" "$1" 2>&1
}
# shape: the published fields and JSON types of a match answer
shape() {
	python3 - "$T/body" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
def need(c, what):
    if not c: sys.exit(what)
need(isinstance(d.get("responses"), dict), "responses: an object")
need(isinstance(d.get("limit"), int), "limit: an integer")
def entity(r, where):
    for k, t in (("id", str), ("caption", str), ("schema", str), ("properties", dict),
                 ("datasets", list), ("referents", list), ("target", bool)):
        need(isinstance(r.get(k), t), "%s.%s: %s" % (where, k, t.__name__))
    for k, v in r["properties"].items():
        need(isinstance(v, list) and all(isinstance(x, str) for x in v), "%s.properties.%s" % (where, k))
for key, resp in d["responses"].items():
    w = "responses." + key
    need(resp.get("status") == 200, w + ".status: 200")
    need(isinstance(resp.get("total"), dict) and isinstance(resp["total"].get("value"), int)
         and resp["total"].get("relation") == "eq", w + ".total: {value, relation}")
    need(isinstance(resp.get("query"), dict), w + ".query: the query")
    need(isinstance(resp.get("results"), list), w + ".results: an array")
    for i, r in enumerate(resp["results"]):
        wr = "%s.results[%d]" % (w, i)
        entity(r, wr)
        need(isinstance(r.get("score"), (int, float)) and 0 <= r["score"] <= 1, wr + ".score: 0-1")
        need(isinstance(r.get("match"), bool), wr + ".match: a boolean")
        need(isinstance(r.get("explanations"), dict) and "name" in r["explanations"], wr + ".explanations")
        for f, x in r["explanations"].items():
            need(isinstance(x.get("score"), (int, float)) and isinstance(x.get("detail"), str),
                 "%s.explanations.%s: {score, detail}" % (wr, f))
EOF
}
match() { # match CASE DATASET-AND-PARAMS BODY: expects 200 and the published shape
	req POST "/match/$2" "" -d "$3"
	expect "$1" 200
	local e
	e=$(shape 2>&1) || fail "$1: the published shape" "fields and types" "$e $(head -c 300 "$T/body")"
}

start open

# ---- a person with name, birth date and nationality ---------------------------
match "agreeing evidence" default '{"queries": {"q1": {"schema": "Person", "properties": {
	"name": ["Rustam Karimov"], "birthDate": ["1962-03-12"], "nationality": ["uz"]}}}}'
[ "$(py 'd["responses"]["q1"]["results"][0]["id"], d["responses"]["q1"]["results"][0]["match"]')" = "('ev1', True)" ] ||
	fail "agreeing evidence: ev1 first, a match" "('ev1', True)" "$(head -c 600 "$T/body")"
[ "$(py 'sorted(d["responses"]["q1"]["results"][0]["explanations"])')" = "['birthDate', 'name', 'nationality']" ] ||
	fail "agreeing evidence: explained by name, birthDate, nationality" "three features" "$(head -c 900 "$T/body")"
[ "$(py 'd["responses"]["q1"]["results"][0]["explanations"]["birthDate"]["detail"].split(":")[0]')" = agrees ] ||
	fail "agreeing evidence: the date agrees" agrees "$(head -c 900 "$T/body")"
[ "$(py '(r:=d["responses"]["q1"]["results"][0]) and r["score"] > r["explanations"]["name"]["score"]')" = True ] ||
	fail "agreeing evidence: the score above the name's" True "$(head -c 900 "$T/body")"
# ev2 is Rustam Karimov too, born 1985: cleared, not a match, after ev1
[ "$(py '[(r["id"], r["match"], r["explanations"]["birthDate"]["detail"].split(":")[0]) for r in d["responses"]["q1"]["results"][1:]]')" = "[('ev2', False, 'cleared')]" ] ||
	fail "the other Karimov: cleared by its date of birth" "ev2 False cleared" "$(head -c 1500 "$T/body")"

match "name only" default '{"queries": {"a": {"schema": "Person", "properties": {"name": ["Rustam Karimov"]}}}}'
[ "$(py 'sorted((r["id"], r["match"]) for r in d["responses"]["a"]["results"])')" = "[('ev1', True), ('ev2', True)]" ] ||
	fail "name only: both Karimovs match" "ev1 ev2 True" "$(head -c 600 "$T/body")"

match "a date of birth decades off" default '{"queries": {"a": {"schema": "Person", "properties": {"name": ["Rustam Karimov"], "birthDate": ["1931"]}}}}'
[ "$(py '[r["match"] for r in d["responses"]["a"]["results"]]')" = "[False, False]" ] ||
	fail "1931: no match, each result explained" "[False, False]" "$(head -c 600 "$T/body")"

match "threshold" "default?threshold=0.99" '{"queries": {"a": {"schema": "Person", "properties": {"name": ["Rustam Karimof"]}}}}'
[ "$(py '[r["match"] for r in d["responses"]["a"]["results"]]')" = "[False, False]" ] ||
	fail "threshold=0.99: candidates, no match" "[False, False]" "$(head -c 600 "$T/body")"
match "limit" "default?limit=1" '{"queries": {"a": {"schema": "Person", "properties": {"name": ["Rustam Karimov"]}}}}'
[ "$(py 'len(d["responses"]["a"]["results"]), d["responses"]["a"]["total"]["value"], d["limit"]')" = "(1, 2, 1)" ] ||
	fail "limit=1: one result of two" "(1, 2, 1)" "$(head -c 600 "$T/body")"

# ---- identifiers and vessels ------------------------------------------------
match "a vessel by its IMO number under another name" default '{"queries": {"v": {"schema": "Vessel", "properties": {"name": ["Sea Star"], "imoNumber": ["9123456"]}}}}'
[ "$(py '(r:=d["responses"]["v"]["results"][0]) and (r["id"], r["match"], r["explanations"]["imoNumber"]["detail"].split(":")[0])')" = "('ev5', True, 'match')" ] ||
	fail "IMO: the vessel, a match" "ev5 True match" "$(head -c 900 "$T/body")"
match "a passport alone" default '{"queries": {"p": {"schema": "Person", "properties": {"passportNumber": ["AA 1234567"]}}}}'
[ "$(py '(r:=d["responses"]["p"]["results"][0]) and (r["id"], r["match"])')" = "('ev1', True)" ] ||
	fail "passport: ev1, a match" "ev1 True" "$(head -c 600 "$T/body")"

# ---- several queries, datasets --------------------------------------------------
match "two queries, one dataset" el '{"queries": {"x": {"schema": "Company", "properties": {"name": ["Petrov Industries"]}}, "y": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}'
[ "$(py '[(k, [r["id"] for r in v["results"]]) for k, v in d["responses"].items()]')" = "[('x', ['ev7']), ('y', [])]" ] ||
	fail "dataset el: the EL entry only" "x ev7, y none" "$(head -c 600 "$T/body")"

# ---- bad requests ------------------------------------------------------------
req POST /match/default "" -d '{"queries": {"a": {"schema": "Thing", "properties": {"name": ["x"]}}}}'
expect "unknown schema" 400 error.field queries.a
req POST /match/default "" -d '{"queries": {"a": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["31 Feb 1990"]}}}}'
expect "bad birth date" 400 error.field queries.a.properties.birthDate
req POST /match/default "" -d '{"queries": {"a": {"schema": "Person", "properties": {"name": [1]}}}}'
expect "a name not a string" 400 error.field queries.a.properties.name
req POST /match/default "" -d '{"queries": 3}'
expect "queries not an object" 400 error.field queries
req POST /match/default "" -d 'not json'
expect "not JSON" 400 error.field body
req POST /match/nosuch "" -d '{"queries": {"a": {"schema": "Person", "properties": {"name": ["x"]}}}}'
expect "unknown dataset" 404
req POST "/match/default?threshold=2" "" -d '{"queries": {"a": {"schema": "Person", "properties": {"name": ["x"]}}}}'
expect "threshold out of range" 400 error.field threshold

# ---- search, entities, catalog ----------------------------------------------
req GET "/search/sdn?q=nova%20trading" ""
expect "search" 200 results.0.id ev6
[ "$(py 'd["total"]["value"], isinstance(d["results"][0]["score"], float)')" = "(1, True)" ] ||
	fail "search: total and score" "(1, True)" "$(head -c 400 "$T/body")"
req GET "/entities/ev5" ""
expect "entity" 200 schema Vessel
[ "$(py 'd["properties"]["imoNumber"], d["properties"]["callSign"], d["datasets"]')" = "(['9123456'], ['EPBZ7'], ['sdn'])" ] ||
	fail "entity: FtM properties" "imoNumber, callSign, datasets" "$(cat "$T/body")"
req GET "/entities/nosuch" ""
expect "unknown entity" 404
req GET /catalog ""
expect "catalog" 200 datasets.0.name default
[ "$(py 'sorted((x["name"], x["entity_count"]) for x in d["datasets"])')" = "[('default', 8), ('el', 1), ('sdn', 7)]" ] ||
	fail "catalog: datasets and counts" "default 8, el 1, sdn 7" "$(cat "$T/body")"

# ---- yente's documented example on the real SDN list ----------------------------
if have_shared lists/ofac/sdn.csv; then
	SERVE_ARGS=(--list "$SHARED/lists/ofac/sdn.csv" --rules "$REPO/data/rules")
	start real
	match "real: Rotenberg, yente's example" default '{"queries": {"q1": {"schema": "Person", "properties": {
		"name": ["Arkadiii Romanovich Rotenberg"], "birthDate": ["1951"], "nationality": ["ru"]}}}}'
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["responses"]["q1"]["results"]
top=d[0]
assert "ROTENBERG" in top["caption"] and top["match"], top["caption"]
assert top["explanations"]["birthDate"]["detail"].startswith("agrees"), top["explanations"]
assert top["score"] > top["explanations"]["name"]["score"], top' "$T/body" ||
		fail "real: Rotenberg matched, the 1951 birth date agreeing" "ROTENBERG, match" "$(head -c 800 "$T/body")"
else
	echo "compat_yente.sh: $SHARED_MISSING absent, the real-data case skipped"
fi
exit 0
