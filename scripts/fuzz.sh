#!/usr/bin/env bash
# fuzz.sh FUZZ_BUILD SECONDS - runs every libFuzzer target of a CLR_FUZZ
# build for SECONDS each, starting from a scratch copy of its seed corpus
# (new inputs stay out of the repository; crashes are left in the scratch
# folder and make the script fail).
set -euo pipefail
build=$(cd "$1" && pwd) secs=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin"); corpus=${name#fuzz_}
  mkdir -p "$work/$corpus"
  cp -r "$root/fuzz/corpus/$corpus/." "$work/$corpus/"
  echo "fuzz: $name for ${secs}s" >&2
  if ! (cd "$work" && "$bin" -max_total_time="$secs" -print_final_stats=1 "$work/$corpus" 2>&1 | tail -5); then
    echo "fuzz: $name failed; inputs in $work" >&2
    status=1
  fi
done
[ $status -eq 0 ] && rm -rf "$work"
exit $status
