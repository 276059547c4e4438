#!/usr/bin/env bash
# ear_update.sh - `clearance update` of the Commerce Country Chart from the
# eCFR against a loopback fixture server (tests/tools/fixture_http.c): an eCFR
# part 738 document built from the shipped chart with one change (Germany
# gains NS Column 2) and a later amendment date becomes a new table version
# in the rule data, in force from that date, and check decides by it from
# then on only; the same document again writes nothing; a document that is
# no chart fails the update (exit 3) and writes nothing.
# usage: bash ear_update.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
FIXTURES=$2
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 absent"; exit 77; }
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1

scratch
mkdir -p "$T/www"
cp -r "$REPO/data/rules" "$T/rules"
CHART=$(ls "$REPO"/data/rules/ear/country-chart-[0-9]*.tsv | tail -1)

# the eCFR's shape: DIV9 "Supplement No. 1 to Part 738", a TBODY of TR with 17
# TD (footnotes as <sup>, Part 746 rows as one cell spanning 16), then a CITA
python3 - "$CHART" "$T/www/chart.xml" <<'PY' || exit 1
import sys, html
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")
        if l.strip() and not l.startswith("#")]
head, rows = rows[0], rows[1:]
out = ['<?xml version="1.0"?>', '<DIV5 N="738" TYPE="PART"><HEAD>PART 738</HEAD>',
       '<DIV9 N="Supplement No. 1 to Part 738" TYPE="APPENDIX">',
       '<HEAD>Supplement No. 1 to Part 738&#x2014;Commerce Country Chart</HEAD>',
       '<TABLE><THEAD><TR><TH>Countries</TH>' +
       "".join("<TH>%s %s</TH>" % (c[:2], c[2:]) for c in head[2:18]) + "</TR></THEAD><TBODY>"]
for r in rows:
    marks = r[2:18]
    if r[0] == "DE":
        marks[head.index("NS2") - 2] = "X"
    name = html.escape(r[1]) + "".join(" <sup>%s</sup>" % n for n in r[18].split(",") if r[18] != "-")
    if r[19] != "-":
        out.append('<TR><TD class="left">%s</TD><TD colspan="16">%s</TD></TR>' % (name, html.escape(r[19])))
    else:
        out.append('<TR><TD class="left">%s</TD>%s</TR>' % (name, "".join(
            "<TD>X</TD>" if m == "X" else "<TD/>" for m in marks)))
out += ["</TBODY></TABLE>", "<CITA>[91 FR 10001, Mar. 2, 2027]</CITA>", "</DIV9></DIV5>"]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
printf '<?xml version="1.0"?>\n<DIV5 N="738"><HEAD>not the chart</HEAD></DIV5>\n' >"$T/www/nochart.xml"

fixture_server "$BIN" "$T/www"
printf 'ear-country-chart %s/ok/chart.xml?date={date}\n' "$U" >"$T/ok.conf"
printf 'ear-country-chart %s/ok/nochart.xml\n' "$U" >"$T/bad.conf"

tx() { # date destination eccn
	printf '{"id":"t","date":"%s","destination":"%s","end_use":"civil","items":[{"eccn":"%s"}],"parties":[{"role":"ultimate_consignee","name":"Bergmann Maschinen GmbH"}]}\n' "$1" "$2" "$3"
}
decision() { # date: 3C001 (NS 2 only) to Germany
	tx "$1" DE 3C001 | "$BIN" check -q --list "$REPO/data/sample/lists" --rules "$T/rules" |
		python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["decision"])'
}
[ "$(decision 2027-04-01)" = no_license_required ] || fail "before the update" no_license_required "$(decision 2027-04-01)"

# ---- a new chart: written, in force from its amendment ---------------------------
"$BIN" update --store "$T/s.db" --config "$T/ok.conf" --rules "$T/rules" --as-of 2027-03-05 \
	>"$T/out" 2>"$T/err" || fail "update" 0 "$? $(cat "$T/err")"
new=$T/rules/ear/country-chart-2027-03-05.tsv
[ -f "$new" ] || fail "new chart version" "$new" "$(ls "$T/rules/ear"; cat "$T/err")"
grep -qx '# in force from: 2027-03-02' "$new" || fail "in force from the CITA" 2027-03-02 "$(head -6 "$new")"
grep -q "^DE	Germany	" "$new" || fail "Germany's row" "DE row" "$(grep Germany "$new")"
[ "$(grep -vc '^#' "$new")" = "$(grep -vc '^#' "$CHART")" ] || fail "every row" "$(grep -vc '^#' "$CHART")" "$(grep -vc '^#' "$new")"
[ "$(decision 2027-04-01)" = license_required ] || fail "after the amendment: NS 2 for Germany" license_required "$(decision 2027-04-01)"
[ "$(decision 2027-03-01)" = no_license_required ] || fail "before the amendment date" no_license_required "$(decision 2027-03-01)"
tx 2027-04-01 DE 3C001 | "$BIN" check -q --list "$REPO/data/sample/lists" --rules "$T/rules" |
	grep -q '"country_chart":"country-chart-2027-03-05.tsv"' || fail "the decision names the version" country-chart-2027-03-05.tsv "$(tx 2027-04-01 DE 3C001 | "$BIN" check -q --list "$REPO/data/sample/lists" --rules "$T/rules")"

# ---- the same chart again: nothing written ---------------------------------------
"$BIN" update --store "$T/s.db" --config "$T/ok.conf" --rules "$T/rules" --as-of 2027-03-09 \
	>"$T/out" 2>"$T/err" || fail "second update" 0 "$? $(cat "$T/err")"
[ ! -e "$T/rules/ear/country-chart-2027-03-09.tsv" ] || fail "an unchanged chart writes nothing" absent present
grep -q "already holds" "$T/err" || fail "says it is unchanged" "already holds" "$(cat "$T/err")"

# ---- not a chart: exit 3, nothing written ---------------------------------------
before=$(ls "$T/rules/ear" | wc -l)
"$BIN" update --store "$T/s.db" --config "$T/bad.conf" --rules "$T/rules" --as-of 2027-05-01 \
	>"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 3 ] || fail "a document that is no chart: exit code" 3 "$rc $(cat "$T/err")"
grep -q "ear-country-chart does not read" "$T/err" || fail "names the source" "ear-country-chart does not read" "$(cat "$T/err")"
[ "$(ls "$T/rules/ear" | wc -l)" = "$before" ] || fail "nothing written" "$before files" "$(ls "$T/rules/ear")"

echo "ear_update.sh: all checks passed"
