#!/usr/bin/env bash
# eval.sh CLEARANCE SHARED OUT.md - accuracy on the evaluation sets of
# SHARED/eval against the two CSL files, written as a markdown report.
set -euo pipefail
bin=$1 shared=$2 out=$3
lists=(--list "$shared/lists/csl/consolidated-2022-04.csv" --list "$shared/lists/csl/entity-list-2026-07.csv")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" eval "${lists[@]}" --queries "$shared/eval/dev-queries.jsonl" --markdown "$tmp/dev.md"
"$bin" eval "${lists[@]}" --queries "$shared/eval/entity-list-2025-queries.jsonl" --markdown "$tmp/el.md"
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
} > "$out"
echo "eval: wrote $out"
