#!/usr/bin/env bash
# scale.sh BUILD_DIR [SIZES...] - how screening cost grows with list size.
# For each size N: a synthetic list (clr-genlist N 7; a size ending in c,
# as 1000000c, uses --closed, the closed vocabulary) and known-answer
# queries (20,000 at every size); the compiled index
# (`index build`: time, peak memory, file size), open-to-first-result with
# --index (best of 3, file in the page cache), one-core batch throughput
# (the median of SCALE_ROUNDS runs, 3) with p50/p99 per-name latency and
# resident memory while screening, recall
# and false alerts, and the exhaustive scorer on a few queries.
# Writes two markdown tables to stdout.  Generated data only, in a temp folder.
set -euo pipefail
build=$1; shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(50000 200000 1000000 1000000c)
bin=$build/clearance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)
ms() { date +%s%N | sed -E 's/(.*)(......)$/\1/'; } # milliseconds
rows=() exrows=()
for spec in "${sizes[@]}"; do
  n=${spec%c} flag=() label=$spec
  [ "$n" != "$spec" ] && flag=(--closed) label="$n (closed)"
  nq=20000
  nex=200; [ "$n" -ge 200000 ] && nex=40; [ "$n" -ge 1000000 ] && nex=10
  "$build/clr-genlist" "${flag[@]}" "$n" 7 "$tmp/l.csv" "$tmp/q.jsonl" "$nq"
  build_tm=$(/usr/bin/time -f "%e %M" "$bin" index build --quiet --list "$tmp/l.csv" -o "$tmp/l.clx" 2>&1 | tail -1)
  size=$(stat -c %s "$tmp/l.clx")
  first=$(head -1 "$tmp/q.jsonl" | sed -E 's/.*"name":"([^"]*)".*/\1/')
  best=999999
  for _ in 1 2 3; do
    t0=$(ms); "$bin" screen --index "$tmp/l.clx" "$first" >/dev/null || true; t1=$(ms)
    [ $((t1 - t0)) -lt "$best" ] && best=$((t1 - t0))
  done
  # the median of SCALE_ROUNDS runs (3): this machine's speed moves between runs
  runs=()
  for _ in $(seq "${SCALE_ROUNDS:-3}"); do
    res=$( { /usr/bin/time -f "rss %M" "${pin[@]}" "$bin" batch --index "$tmp/l.clx" --threads 1 \
            --input "$tmp/q.jsonl" --output "$tmp/o.jsonl" --stats; } 2>&1 )
    stats=$(grep '^batch:' <<<"$res")
    runs+=("$(sed -E 's/.*\(([0-9]+) records\/s.*/\1/' <<<"$stats")|$(sed -nE 's/^rss ([0-9]+)$/\1/p' <<<"$res")|$stats")
  done
  mid=$(printf '%s\n' "${runs[@]}" | sort -t'|' -k1,1n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p")
  rate=${mid%%|*} rest=${mid#*|}
  rss=${rest%%|*} stats=${rest#*|}
  cand=$(sed -E 's/.*, ([0-9.]+) candidate names and ([0-9.]+) aligned.*/\1 \/ \2/' <<<"$stats")
  p50=$(sed -E 's/.*p50 ([0-9]+) us.*/\1/' <<<"$stats")
  p99=$(sed -E 's/.*p99 ([0-9]+) us.*/\1/' <<<"$stats")
  acc=$("$bin" eval --index "$tmp/l.clx" --queries "$tmp/q.jsonl" | grep '^| all')
  recall=$(awk -F'|' '{gsub(/ /,"",$5); print $5}' <<<"$acc")
  fa=$(awk -F'|' '{gsub(/^ +| +$/,"",$6); print $6}' <<<"$acc")
  head -n "$nex" "$tmp/q.jsonl" > "$tmp/qx.jsonl"
  ex=$("${pin[@]}" "$bin" batch --index "$tmp/l.clx" --threads 1 --exhaustive --input "$tmp/qx.jsonl" \
       --output "$tmp/ex.jsonl" --stats 2>&1 | grep '^batch:')
  "${pin[@]}" "$bin" batch --index "$tmp/l.clx" --threads 1 --input "$tmp/qx.jsonl" --output "$tmp/ix.jsonl"
  same=no; cmp -s "$tmp/ix.jsonl" "$tmp/ex.jsonl" && same=yes
  ex_rate=$(sed -E 's/.*\(([0-9.]+) records\/s.*/\1/' <<<"$ex")
  ex_p50=$(sed -E 's/.*p50 ([0-9]+) us.*/\1/' <<<"$ex")
  rows+=("$(printf '| %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s | %.0f | %s | %s |' "$label" "${build_tm% *}" \
    "$(echo "${build_tm#* } / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "$best" "$rate" "$p50" "$p99" \
    "$cand" "$(echo "$rss / 1024" | bc -l)" "$recall" "$fa")")
  exrows+=("$(printf '| %s | %s | %s | %s | %s | %s |' "$label" "$nex" "$ex_rate" "$ex_p50" "$rate" "$same")")
done
echo "| listed entries | index build (s) | build peak memory (MiB) | index file (MiB) | open to first result (ms) | names/s, 1 core | p50 (us) | p99 (us) | candidates / aligned per query | resident while screening (MiB) | recall | false alerts |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "| listed entries | exhaustive queries | exhaustive names/s | exhaustive p50 (us) | index names/s | same alerts as exhaustive |"
echo "|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${exrows[@]}"
