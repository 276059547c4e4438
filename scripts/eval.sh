#!/usr/bin/env bash
# eval.sh CLEARANCE SHARED OUT.md - accuracy on the evaluation sets of
# SHARED/eval and of data/eval (the labelled name pairs, with compare's
# built-in weights and with the CSL files' weights, and the generated query
# sets) against the two CSL files, written as a markdown report.
set -euo pipefail
bin=$1 shared=$2 out=$3
repo=$(cd "$(dirname "$0")/.." && pwd)
ev=$repo/data/eval
[ "$(pwd -P)" = "$(cd "$repo" && pwd -P)" ] && ev=data/eval # shorter paths in the report
lists=(--list "$shared/lists/csl/consolidated-2022-04.csv" --list "$shared/lists/csl/entity-list-2026-07.csv")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" eval "${lists[@]}" --queries "$shared/eval/dev-queries.jsonl" --markdown "$tmp/dev.md"
"$bin" eval "${lists[@]}" --queries "$shared/eval/entity-list-2025-queries.jsonl" --markdown "$tmp/el.md"
"$bin" eval --pairs "$ev/name-pairs.csv" --markdown "$tmp/pairs-builtin.md" >/dev/null
"$bin" eval "${lists[@]}" --pairs "$ev/name-pairs.csv" --markdown "$tmp/pairs-csl.md" >/dev/null
for set in cyrillic-schemes han-persons han-companies; do
  "$bin" eval "${lists[@]}" --queries "$ev/$set.jsonl" --markdown "$tmp/$set.md" >/dev/null
done
# the lists of other jurisdictions: data/eval/world-queries.jsonl (drawn by
# scripts/gen-world-queries.py) with the development set's negatives
world=no
wl=()
for d in un eu ca uk au jp; do [ -e "$shared/lists/$d" ] && wl+=(--list "$shared/lists/$d"); done
if [ -e "$ev/world-queries.jsonl" ] && [ ${#wl[@]} -ge 12 ]; then
  { cat "$ev/world-queries.jsonl"; grep '"category": "neg-' "$shared/eval/dev-queries.jsonl"; } \
    >"$tmp/world.jsonl"
  "$bin" eval -q "${wl[@]}" --queries "$tmp/world.jsonl" --markdown "$tmp/world.md" >/dev/null &&
    world=yes
fi
# evidence beyond the name: the set with its dates of birth, identifiers and
# IMO numbers, and the same queries by name alone
evidence=no
probe=$("$bin" eval --names-only --queries /dev/null 2>&1 || true)
if [ -e "$ev/evidence.jsonl" ] && [[ $probe != *"unknown option '--names-only'"* ]]; then
  evidence=yes
  "$bin" eval "${lists[@]}" --queries "$ev/evidence.jsonl" --markdown "$tmp/evidence.md" >/dev/null
  "$bin" eval "${lists[@]}" --names-only --queries "$ev/evidence.jsonl" \
    --markdown "$tmp/evidence-names.md" >/dev/null
fi
# The user's alias file (--aliases, a common option) for the han-alias
# queries: passed only when this build knows the option.
aliases=no
probe=$("$bin" eval --aliases /dev/null --queries /dev/null 2>&1 || true)
if [[ $probe != *"unknown option '--aliases'"* ]]; then
  aliases=yes
  "$bin" eval "${lists[@]}" --aliases "$ev/han-aliases.csv" --queries "$ev/han-companies.jsonl" \
    --markdown "$tmp/han-companies-aliases.md" >/dev/null
fi
demote() { sed 's/^## /### /' "$1"; }
{
  echo "# Accuracy"
  echo
  echo "Produced by \`make eval\` (scripts/eval.sh) on $(date -u +%Y-%m-%d) with clearance $("$bin" --version | cut -d' ' -f2)."
  echo "Recall: share of positive queries with an alert on an expected entry (by id or listed name)."
  echo "False-alert rate: share of negative queries with any alert. \"Wrong entry on top\": positives"
  echo "whose best alert is an entry other than the expected one."
  echo
  cat "$tmp/dev.md"
  cat "$tmp/el.md"
  echo "## Name pairs, built-in weights"
  echo
  echo "\`clearance eval --pairs data/eval/name-pairs.csv\`: every labelled pair (data/eval/name-pairs.md)"
  echo "scored with \`clr_compare()\` and compare's built-in token weights; a pair is called a match"
  echo "when its score reaches the threshold. TP: matches called matches; FP: non-matches called"
  echo "matches; FN: matches missed. False-match rate: FP over non-matches."
  echo
  cat "$tmp/pairs-builtin.md"
  echo "## Name pairs, CSL weights"
  echo
  echo "The same pairs scored with the token weights of the two CSL files."
  echo
  cat "$tmp/pairs-csl.md"
  echo "## Generated query sets (data/eval)"
  echo
  echo "Cyrillic-origin listed persons in Cyrillic and in four romanisations other than the list's"
  echo "(category \`cyr-<scheme>\`), 1,000 unlisted Han-script personal names (every alert is false),"
  echo "and Han names of listed Chinese companies by the method that should find them"
  echo "(data/eval/README.md)."
  echo
  for set in cyrillic-schemes han-persons han-companies; do demote "$tmp/$set.md"; done
  if [ "$aliases" = yes ]; then
    echo "### han-companies.jsonl with the alias file data/eval/han-aliases.csv"
    echo
    sed '/^## /,/^$/d' "$tmp/han-companies-aliases.md"
  else
    echo "### han-companies.jsonl with the alias file: not run (this build has no --aliases option)"
    echo
  fi
  if [ "$world" = yes ]; then
    echo "## The lists of other jurisdictions (data/eval/world-queries.jsonl)"
    echo
    echo 'Entries of the UN, EU, UK, Canadian, Australian and Japanese lists drawn at random (up to 60'
    echo 'a list), each varied by rule (scripts/gen-world-queries.py: exact, word order, one typo, a'
    echo 'word left out, noise, an alias, the non-Latin name), screened against those lists, with the'
    echo 'development set'"'"'s 400 negatives.'
    echo
    sed '/^## /,/^$/d' "$tmp/world.md"
  fi
  if [ "$evidence" = yes ]; then
    echo "## Evidence beyond the name (data/eval/evidence.jsonl)"
    echo
    echo 'Queries drawn by rule from the CSL files (data/eval/README.md, docs/evidence.md): listed'
    echo 'persons'"'"' name variants with their listed date of birth (`dob-variant`), exact listed names'
    echo 'with a date of birth 10 to 30 years off (`dob-far`: every alert is false), one name part'
    echo 'with a listed passport, national-id, registration or tax number (`id-weak-name`), a vessel'"'"'s'
    echo 'IMO number under another name (`imo-only`), and the development set'"'"'s negatives with a'
    echo 'random date of birth (`neg-random-dob`). First with the evidence (the built-in policy),'
    echo 'then the same queries by name alone (`clearance eval --names-only`).'
    echo
    echo "### With the evidence"
    echo
    sed '/^## /,/^$/d' "$tmp/evidence.md"
    echo "### By name alone"
    echo
    sed '/^## /,/^$/d' "$tmp/evidence-names.md"
  fi
} > "$out"
echo "eval: wrote $out"
