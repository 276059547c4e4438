#!/usr/bin/env bash
# scale.sh BUILD_DIR [SIZES...] - how screening cost grows with list size:
# for each size N, a synthetic list (clr-genlist N 7) and 20,000 known-answer
# queries (5,000 from 1,000,000 names up); loading+indexing time and memory,
# one-core throughput, candidates per query, recall and false alerts.
# Writes a markdown table to stdout.  Generated data only, in a temp folder.
set -euo pipefail
build=$1; shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(50000 200000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
echo "| listed entries | load + index (s) | resident memory (MB) | names/s, 1 core | candidates / aligned per query | recall | false alerts |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  nq=20000; [ "$n" -ge 1000000 ] && nq=5000
  "$build/clr-genlist" "$n" 7 "$tmp/l.csv" "$tmp/q.jsonl" "$nq"
  load=$(/usr/bin/time -f "%e %M" "$build/clearance" lists --list "$tmp/l.csv" 2>&1 >/dev/null | tail -1)
  stats=$("${pin[@]}" "$build/clearance" batch --list "$tmp/l.csv" --threads 1 --input "$tmp/q.jsonl" \
          --output /dev/null --stats 2>&1 | grep '^batch:')
  rate=$(sed -E 's/.*\(([0-9]+) records\/s.*/\1/' <<<"$stats")
  cand=$(sed -E 's/.*, ([0-9.]+) candidate names and ([0-9.]+) aligned.*/\1 \/ \2/' <<<"$stats")
  acc=$("$build/clearance" eval --list "$tmp/l.csv" --queries "$tmp/q.jsonl" | grep '^| all')
  recall=$(awk -F'|' '{gsub(/ /,"",$5); print $5}' <<<"$acc")
  fa=$(awk -F'|' '{gsub(/^ +| +$/,"",$6); print $6}' <<<"$acc")
  printf '| %s | %s | %.0f | %s | %s | %s | %s |\n' "$n" "${load% *}" "$(echo "${load#* } / 1024" | bc -l)" \
    "$rate" "$cand" "$recall" "$fa"
done
