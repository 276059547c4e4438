#!/usr/bin/env bash
# broken.sh - damaged copies of real list files (first ~50 lines of each):
# every one fails with exit code 2 (never a crash) and a message naming the
# file, the line the damage was put at and the field; with --lenient the
# good rows load and the bad row is reported.
# usage: bash broken.sh CLEARANCE_BINARY FIXTURES_DIR SHARED_DATA_DIR
set -u
. "$(dirname "$0")/lib/common.sh" || exit 1

BIN=$1
SHARED=${3:-}
need_shared lists
L=$SHARED/lists

scratch
mkdir "$T/csl" "$T/ofac" "$T/dpl" "$T/un" || exit 1

# one-file lists --json output: the value of a numeric key of files[0] (its
# "evidence" object, whose counts have keys of the same names, left out)
field() {
	printf '%s\n' "$out" | sed -e 's/"evidence":{[^]]*},"dob_unread"/"dob_unread"/' |
		sed -n "s/^{\"evidence_policy\":\"[^\"]*\",\"files\":\[{[^}]*\"$1\":\([0-9]*\)[,}].*/\1/p"
}

# strict load must fail: exit 2, no output, message with every substring given
expect_fail() { # what, file, substrings...
	local what=$1 file=$2
	shift 2
	lists_json --list "$file"
	[ "$rc" -lt 128 ] || fail "$what: no crash" "exit code 2" "exit code $rc (signal): $(cat "$T/err")"
	[ "$rc" = 2 ] || fail "$what: exit code" 2 "$rc ($(head -c 300 "$T/err"))"
	[ -z "$out" ] || fail "$what: stdout" "(empty)" "$out"
	for s in "$@"; do
		grep -qF -- "$s" "$T/err" || fail "$what: message" "*$s*" "$(head -c 500 "$T/err")"
	done
}
# lenient load: exit 0, the good rows as entries, the bad rows skipped and reported
expect_lenient() { # what, file, entries, skipped, reported substrings...
	local what=$1 file=$2 entries=$3 skipped=$4
	shift 4
	lists_json --lenient --verbose --list "$file"
	[ "$rc" -lt 128 ] || fail "$what --lenient: no crash" "exit code 0" "exit code $rc (signal)"
	[ "$rc" = 0 ] || fail "$what --lenient: exit code" 0 "$rc ($(head -c 300 "$T/err"))"
	[ "$(field entries)" = "$entries" ] || fail "$what --lenient: entries" "$entries" "$(field entries) ($out)"
	[ "$(field skipped)" = "$skipped" ] || fail "$what --lenient: skipped" "$skipped" "$(field skipped) ($out)"
	for s in "$@"; do
		grep -qF -- "skipped: $s" "$T/err" || fail "$what --lenient: report" "*skipped: $s*" "$(head -c 500 "$T/err")"
	done
}
expect_good() { # what, file, entries
	lists_json --list "$2"
	[ "$rc" = 0 ] || fail "$1: exit code" 0 "$rc ($(head -c 300 "$T/err"))"
	[ "$(field entries)" = "$3" ] || fail "$1: entries" "$3" "$(field entries) ($out)"
	[ "$(field skipped)" = 0 ] || fail "$1: skipped" 0 "$(field skipped)"
}
# damage(): replace line N of SRC by the output of a filter; checks it changed
damage() { # src, dst, line, sed expression
	LC_ALL=C sed "$3{$4}" "$1" >"$2"
	! cmp -s "$1" "$2" || fail "building $2" "line $3 changed" "no change (source data differs?)"
}

# ---- CSL CSV: header + 40 rows, one physical line each -----------------------------
C=$T/csl
head -n 41 "$L/csl/consolidated-2022-04.csv" >"$C/good.csv"
expect_good "CSL good copy" "$C/good.csv" 40

# truncated last row: line 41 cut inside its quoted 'addresses' field
{ head -n 40 "$C/good.csv"; sed -n 41p "$C/good.csv" | sed 's/\(,"1425 Brickell\).*/\1/' | tr -d '\n'; } >"$C/truncated.csv"
[ "$(tail -c 15 "$C/truncated.csv")" = ',"1425 Brickell' ] || fail "building truncated.csv" ',"1425 Brickell at the end' "$(tail -c 40 "$C/truncated.csv")"
expect_fail "CSL truncated last row" "$C/truncated.csv" "$C/truncated.csv:41: field 'addresses'"
expect_lenient "CSL truncated last row" "$C/truncated.csv" 39 1 "$C/truncated.csv:41: field 'addresses'"

# bad quote: a quote inside the unquoted 'source' field of line 20
damage "$C/good.csv" "$C/bad-quote.csv" 20 's/,Specially/,Spec"ially/'
expect_fail "CSL bad quote" "$C/bad-quote.csv" "$C/bad-quote.csv:20: field 'source'"
expect_lenient "CSL bad quote" "$C/bad-quote.csv" 39 1 "$C/bad-quote.csv:20: field 'source'"

# wrong column count: line 25 has a 30th field
damage "$C/good.csv" "$C/columns.csv" 25 's/$/,extra/'
expect_fail "CSL wrong column count" "$C/columns.csv" "$C/columns.csv:25:" "expected 29 fields, found 30"
expect_lenient "CSL wrong column count" "$C/columns.csv" 39 1 "$C/columns.csv:25:"

# invalid UTF-8 bytes in the name of line 30 ('AQQAD, Ziyad)
damage "$C/good.csv" "$C/bad-utf8.csv" 30 "s/AQQAD/AQ$(printf '\377\376')QAD/"
expect_fail "CSL invalid UTF-8 name" "$C/bad-utf8.csv" "$C/bad-utf8.csv:30: field 'name'" "UTF-8"
expect_lenient "CSL invalid UTF-8 name" "$C/bad-utf8.csv" 39 1 "$C/bad-utf8.csv:30: field 'name'"

# a 1 MB name on line 35 ('NDRANGHETA ORGANIZATION, an unquoted field)
l35=$(sed -n 35p "$C/good.csv")
case $l35 in *"'NDRANGHETA ORGANIZATION,"*) ;; *) fail "building huge-field.csv" "line 35 of 'NDRANGHETA" "$l35" ;; esac
{
	head -n 34 "$C/good.csv"
	printf '%s' "${l35%%NDRANGHETA ORGANIZATION*}NDRANGHETA "
	head -c 1048576 /dev/zero | tr '\0' A
	printf '%s\n' "${l35#*NDRANGHETA ORGANIZATION}"
	tail -n +36 "$C/good.csv"
} >"$C/huge-field.csv"
expect_fail "CSL 1 MB field" "$C/huge-field.csv" "$C/huge-field.csv:35: field 'name'"
expect_lenient "CSL 1 MB field" "$C/huge-field.csv" 39 1 "$C/huge-field.csv:35: field 'name'"

# all of the row damage in one file: the 35 good rows load, each bad row is reported
{
	head -n 19 "$C/good.csv"
	sed -n 20p "$C/bad-quote.csv"
	sed -n 21,24p "$C/good.csv"
	sed -n 25p "$C/columns.csv"
	sed -n 26,29p "$C/good.csv"
	sed -n 30p "$C/bad-utf8.csv"
	sed -n 31,34p "$C/good.csv"
	sed -n 35p "$C/huge-field.csv"
	sed -n 36,41p "$C/truncated.csv"
} >"$C/all.csv"
expect_fail "CSL several bad rows (first one reported)" "$C/all.csv" "$C/all.csv:20: field 'source'"
expect_lenient "CSL several bad rows" "$C/all.csv" 35 5 "$C/all.csv:20:" "$C/all.csv:25:" \
	"$C/all.csv:30:" "$C/all.csv:35:" "$C/all.csv:41:"

# ---- OFAC legacy sdn.csv (CRLF, no header): 50 rows, line 17 has 13 fields ----------
head -n 50 "$L/ofac/sdn.csv" >"$T/ofac/good.csv"
expect_good "OFAC good copy" "$T/ofac/good.csv" 50
damage "$T/ofac/good.csv" "$T/ofac/sdn.csv" 17 's/\r$/,-0- \r/'
expect_fail "OFAC wrong column count" "$T/ofac/sdn.csv" "$T/ofac/sdn.csv:17:" "13 fields, expected 12"
expect_lenient "OFAC wrong column count" "$T/ofac/sdn.csv" 49 1 "$T/ofac/sdn.csv:17:"

# ---- BIS DPL: header + 50 rows, line 12 has a bad Effective_Date ---------------------
head -n 51 "$L/bis/dpl.txt" >"$T/dpl/good.txt"
expect_good "DPL good copy" "$T/dpl/good.txt" 50
damage "$T/dpl/good.txt" "$T/dpl/dpl.txt" 12 's#"05/08/2023"#"13/45/2023"#'
expect_fail "DPL bad date" "$T/dpl/dpl.txt" "$T/dpl/dpl.txt:12: field 'Effective_Date'" "13/45/2023"
expect_lenient "DPL bad date" "$T/dpl/dpl.txt" 49 1 "$T/dpl/dpl.txt:12: field 'Effective_Date'"

# ---- UN XML: the first 3 individuals (lines 1-157) --------------------------------
U=$T/un
{ head -n 157 "$L/un/consolidated.xml"; printf '  </INDIVIDUALS>\n  <ENTITIES/>\n</CONSOLIDATED_LIST>\n'; } >"$U/good.xml"
expect_good "UN good copy" "$U/good.xml" 3

# truncated after line 120, inside <INDIVIDUAL_ALIAS> of the third individual.
# A document that is not well-formed fails as a whole, --lenient or not.
head -n 120 "$L/un/consolidated.xml" >"$U/truncated.xml"
expect_fail "UN XML truncated" "$U/truncated.xml" "$U/truncated.xml:120: field 'INDIVIDUAL_ALIAS'"
lists_json --lenient --list "$U/truncated.xml"
[ "$rc" = 2 ] || fail "UN XML truncated --lenient: exit code" 2 "$rc ($out)"
grep -qF "$U/truncated.xml:120:" "$T/err" || fail "UN XML truncated --lenient: message" "*$U/truncated.xml:120:*" "$(cat "$T/err")"

# a DOCTYPE declaring an external entity (line 2), used in a name (line 10):
# refused before any entity is read, --lenient or not
{
	head -n 1 "$L/un/consolidated.xml"
	printf '<!DOCTYPE CONSOLIDATED_LIST [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
	sed -n 2,6p "$L/un/consolidated.xml"
	printf '      <FIRST_NAME>&xxe;</FIRST_NAME>\n'
	sed -n 8,157p "$L/un/consolidated.xml"
	printf '  </INDIVIDUALS>\n  <ENTITIES/>\n</CONSOLIDATED_LIST>\n'
} >"$U/xxe.xml"
expect_fail "UN XML external entity" "$U/xxe.xml" "$U/xxe.xml:2: field 'DOCTYPE'"
lists_json --lenient --list "$U/xxe.xml"
[ "$rc" = 2 ] || fail "UN XML external entity --lenient: exit code" 2 "$rc ($out)"
grep -qF "$U/xxe.xml:2: field 'DOCTYPE'" "$T/err" || fail "UN XML external entity --lenient: message" "*$U/xxe.xml:2: field 'DOCTYPE'*" "$(cat "$T/err")"
if grep -q 'root:' "$T/out" "$T/err"; then
	fail "UN XML external entity: nothing read" "no /etc/passwd content" "$(grep 'root:' "$T/out" "$T/err")"
fi

# ---- a broken file among good ones: nothing loads strictly ---------------------------
lists_json --list "$C/good.csv" --list "$T/dpl/dpl.txt"
[ "$rc" = 2 ] || fail "good CSL + broken DPL: exit code" 2 "$rc ($out)"
grep -qF "$T/dpl/dpl.txt:12:" "$T/err" || fail "good CSL + broken DPL: message" "*$T/dpl/dpl.txt:12:*" "$(cat "$T/err")"

echo "broken.sh: all checks passed"
exit 0
