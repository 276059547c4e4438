#!/usr/bin/env bash
# compat_csl.sh - the trade.gov Consolidated Screening List API v1 on
# `clearance serve` (src/server/compat_csl.c), driven with curl as a client
# written for that API drives it: the requests use the parameters of the
# published API (name, fuzzy_name, sources, types, countries, address, city,
# size, offset, the subscription-key header or query parameter), and the
# answers are checked for the published field names and JSON types, not only
# for their status; the results read back through clearance's own CSL JSON
# reader.  On the fixture list tests/fixtures/evidence/lists.csv, and on the
# shared 2022 CSL file when ../shared is present.
# usage: bash compat_csl.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
SHARED=${3:-}
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
LISTS=$FIXTURES/evidence/lists.csv
SERVE_ARGS=(--list "$LISTS" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

API=/consolidated_screening_list/v1

# shape: the published fields of an answer and of each result, with their
# JSON types (null allowed where the API gives null for an absent value)
shape() {
	python3 - "$T/body" "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
fuzzy = sys.argv[2] == "fuzzy"
S, A, N, F = str, list, type(None), (int, float)
def check(v, types, where):
    if not isinstance(v, types):
        sys.exit("%s: %r is not %s" % (where, v, types))
check(d.get("total"), int, "total")
check(d.get("sources"), A, "sources")
for s in d["sources"]:
    check(s.get("value"), S, "sources[].value"); check(s.get("count"), int, "sources[].count")
check(d.get("results"), A, "results")
fields = {"id": S, "name": S, "alt_names": A, "type": (S, N), "source": S,
          "entity_number": (S, N), "programs": A, "addresses": A, "ids": A,
          "dates_of_birth": (S, N), "places_of_birth": (S, N), "nationalities": (A, N),
          "citizenships": (A, N), "federal_register_notice": (S, N), "start_date": (S, N),
          "end_date": (S, N), "standard_order": (S, N), "license_requirement": (S, N),
          "license_policy": (S, N), "title": (S, N), "call_sign": (S, N),
          "vessel_type": (S, N), "gross_tonnage": (S, F, N), "gross_registered_tonnage": (S, F, N),
          "vessel_flag": (S, N), "vessel_owner": (S, N), "remarks": (S, N),
          "source_list_url": (S, N), "source_information_url": (S, N)}
for i, r in enumerate(d["results"]):
    for k, t in fields.items():
        if k not in r:
            sys.exit("results[%d]: no field %s" % (i, k))
        check(r[k], t, "results[%d].%s" % (i, k))
    for a in r["addresses"]:
        for k in ("address", "city", "state", "postal_code", "country"):
            if k not in a: sys.exit("results[%d].addresses: no %s" % (i, k))
            check(a[k], (S, N), "results[%d].addresses[].%s" % (i, k))
    for x in r["ids"]:
        for k in ("type", "number", "country", "issue_date", "expiration_date"):
            if k not in x: sys.exit("results[%d].ids: no %s" % (i, k))
            check(x[k], (S, N), "results[%d].ids[].%s" % (i, k))
    if fuzzy:
        check(r.get("score"), F, "results[%d].score" % i)
        if not 0 <= r["score"] <= 100: sys.exit("score %r not on 0-100" % r["score"])
    elif "score" in r:
        sys.exit("results[%d]: a score without fuzzy_name" % i)
EOF
}
ids() { python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))["results"]))' "$T/body"; }
csl() { # csl CASE QUERY [curl args]: GET search?QUERY, expects 200 and the published shape
	local what=$1 q=$2
	shift 2
	req GET "$API/search?$q" "" "$@"
	expect "$what" 200
	local kind=plain
	case "${q,,}" in *fuzzy_name=true*) kind=fuzzy ;; esac
	local e
	e=$(shape "$kind" 2>&1) || fail "$what: the published shape" "fields and types" "$e"
}

start open

# ---- name without fuzzy_name: every word of the query in one name -----------
csl "plain name" "name=Rustam%20Karimov"
[ "$(ids)" = "ev1 ev2" ] || fail "plain name: both Karimovs" "ev1 ev2" "$(ids)"
[ "$(jget total)" = 2 ] || fail "plain name: total" 2 "$(jget total)"
csl "plain name, words in any order and case" "name=alievich%20KARIMOV"
[ "$(ids)" = "ev1" ] || fail "plain name: every word" "ev1" "$(ids)"
csl "plain name, a typo finds nothing" "name=Rustam%20Karimof"
[ "$(jget total)" = 0 ] || fail "plain name: a typo" 0 "$(jget total)"

# ---- fuzzy_name: clearance's matcher, score 0-100 ---------------------------
csl "fuzzy name" "name=Rustam%20Karimof&fuzzy_name=true"
[ "$(ids | tr ' ' '\n' | sort | xargs)" = "ev1 ev2" ] || fail "fuzzy name: the Karimovs" "ev1 ev2" "$(ids)"
s=$(jget results.0.score)
python3 -c "import sys; s=float(sys.argv[1]); sys.exit(not 80 <= s < 100)" "$s" ||
	fail "fuzzy name: score on 0-100, under 100 for a typo" "80..100" "$s"
csl "fuzzy exact" "name=Nova%20Trading%20LLC&fuzzy_name=TRUE"
[ "$(jget results.0.score)" = 100.0 ] || fail "fuzzy exact: 100" 100.0 "$(jget results.0.score)"

# ---- filters and paging -----------------------------------------------------
csl "sources filter" "sources=EL"
[ "$(ids)" = "ev7" ] || fail "sources=EL" "ev7" "$(ids)"
[ "$(jget sources.0.count)" = 1 ] || fail "sources: count per list" 1 "$(jget sources.0.count)"
csl "sources, two codes" "sources=el,%20SDN&name=petrov"
[ "$(ids)" = "ev7 ev8" ] || fail "sources=el, SDN" "ev7 ev8" "$(ids)"
csl "types" "types=Vessel"
[ "$(ids)" = "ev5" ] || fail "types=Vessel" "ev5" "$(ids)"
[ "$(jget results.0.ids.0.number)" = "IMO 9123456" ] || [ "$(jget results.0.ids.0.number)" = 9123456 ] ||
	fail "a vessel's IMO number among its ids" "IMO 9123456" "$(jget results.0.ids)"
[ "$(jget results.0.call_sign)" = EPBZ7 ] || fail "call_sign" EPBZ7 "$(jget results.0.call_sign)"
csl "countries" "countries=AE"
[ "$(ids)" = "ev6" ] || fail "countries=AE" "ev6" "$(ids)"
csl "city" "city=dubai"
[ "$(ids)" = "ev6" ] || fail "city=dubai" "ev6" "$(ids)"
csl "individuals, evidence fields" "types=Individual&name=karimov%20rustam%20alievich"
[ "$(jget results.0.dates_of_birth)" = 1962-03-12 ] || fail "dates_of_birth" 1962-03-12 "$(jget results.0.dates_of_birth)"
[ "$(jget results.0.nationalities)" = '["UZ"]' ] || fail "nationalities" '["UZ"]' "$(jget results.0.nationalities)"
[ "$(jget results.0.ids.0.type)" = Passport ] || fail "ids: type" Passport "$(jget results.0.ids.0.type)"
csl "all, page 1" "size=3"
[ "$(jget total)" = 8 ] || fail "no name: every entry" 8 "$(jget total)"
first=$(ids)
csl "all, page 2" "size=3&offset=3"
second=$(ids)
[ "$(echo $first $second | wc -w)" = 6 ] && [ "$first" != "$second" ] ||
	fail "paging: size and offset" "two pages of 3" "$first | $second"
csl "offset past the end" "offset=100"
[ "$(jget results)" = "[]" ] && [ "$(jget total)" = 8 ] || fail "offset past the end" "[] of 8" "$(cat "$T/body")"

# ---- bad parameters: 400 naming the parameter --------------------------------
req GET "$API/search?size=0" ""
expect "size=0" 400 error.field size
req GET "$API/search?types=Robot" ""
expect "types=Robot" 400 error.field types
req GET "$API/search?countries=Iran" ""
expect "countries=Iran" 400 error.field countries
req GET "$API/search?fuzzy_name=maybe&name=x" ""
expect "fuzzy_name=maybe" 400 error.field fuzzy_name

# ---- sources ---------------------------------------------------------------
req GET "$API/sources" ""
expect "sources" 200 total 2
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for r in d["results"]:
    for k in ("id","source","source_last_updated","last_imported","import_rate"):
        assert isinstance(r[k], str), k' "$T/body" || fail "sources: fields" "id source ... strings" "$(cat "$T/body")"

# ---- the results read back as a CSL JSON file --------------------------------
csl "everything, for the reader" "size=100"
"$BIN" lists --json --list "$T/body" >"$T/lists.out" 2>"$T/lists.err" ||
	fail "the answer loads as CSL JSON" 0 "$? $(cat "$T/lists.err")"
grep -q '"format":"csl-json"' "$T/lists.out" && grep -q '},"entries":8}$' "$T/lists.out" ||
	fail "the answer loads as CSL JSON: 8 entries" "csl-json, 8" "$(cat "$T/lists.out")"

# ---- subscription-key: header or query parameter ------------------------------
KEYS=$T/keys
SK=$("$BIN" keys create --role screen --keys "$KEYS" 2>/dev/null) || fail "keys create" 0 $?
start keyed --keys "$KEYS"
req GET "$API/search?name=nova" ""
expect "no key" 401
req GET "$API/search?name=nova" "" -H "subscription-key: $SK"
expect "subscription-key header" 200 total 1
req GET "$API/search?name=nova&subscription-key=$SK" ""
expect "subscription-key parameter" 200 total 1
req GET "$API/search?name=nova" "$SK"
expect "Bearer key" 200 total 1
req GET "$API/search?name=nova" "" -H "subscription-key: wrong"
expect "a wrong subscription-key" 401
req GET "/v1/lists?subscription-key=$SK" ""
expect "subscription-key is for the CSL routes only" 401

# ---- the shared CSL file ----------------------------------------------------
if have_shared lists/csl/consolidated-2022-04.csv; then
	SERVE_ARGS=(--list "$SHARED/lists/csl/consolidated-2022-04.csv" --rules "$REPO/data/rules")
	start real
	csl "real: Huawei on the Entity List" "name=huawei%20technologies&sources=EL&size=50"
	n=$(jget total)
	[ "$n" -ge 20 ] || fail "real: Huawei entries on the EL" ">= 20" "$n"
	csl "real: fuzzy with a typo" "name=Huawei%20Technolgies%20Co%20Ltd&fuzzy_name=true&sources=EL"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert d["total"] >= 1 and "Huawei Technologies Co., Ltd." in d["results"][0]["name"], d["results"][:1]
assert all(r["source"].startswith("Entity List") for r in d["results"])' "$T/body" ||
		fail "real: fuzzy finds Huawei Technologies Co., Ltd. on the EL" "first result" "$(head -c 400 "$T/body")"
	csl "real: countries and sources" "countries=IR&sources=SDN&size=50"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert d["total"] >= 500 and len(d["results"]) == 50, d["total"]
for r in d["results"]:
    assert r["source"].startswith("Specially Designated Nationals"), r["source"]
    cc = [a["country"] for a in r["addresses"]] + (r["nationalities"] or []) + (r["citizenships"] or [])
    assert "IR" in cc, (r["name"], cc)' "$T/body" ||
		fail "real: Iranian SDN entries" ">= 500, each with IR" "$(head -c 400 "$T/body")"
else
	echo "compat_csl.sh: $SHARED_MISSING absent, real-data cases skipped"
fi
exit 0
