#!/usr/bin/env python3
"""vocab_stats.py LIST.csv... - how distinctive a CSL-layout list's names are.

For each file: names (primary and aliases), distinct words, and for each
name the number of names holding its rarest word (median, 75th and 90th
percentile, mean), the figure that sets how many candidates a query meets;
then the Heaps exponent of the vocabulary (growth of distinct words with
names) between a random eighth of the entries and all of them.  Used to
calibrate bench/gen_list.c against the real lists (docs/benchmarks.md).
Words: runs of letters and digits, lower-cased, two characters or more.
"""
import collections
import csv
import math
import random
import re
import sys

WORD = re.compile(r"\w+")


def entries(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            alts = [a.strip() for a in (row.get("alt_names") or "").split(";")]
            yield [row["name"]] + [a for a in alts if a]


def stats(names):
    words = [{w for w in WORD.findall(n.lower()) if len(w) > 1} for n in names]
    df = collections.Counter(w for ws in words for w in ws)
    rare = sorted(min(df[w] for w in ws) for ws in words if ws)
    return len(names), len(df), rare


def main():
    random.seed(1)
    for path in sys.argv[1:]:
        es = list(entries(path))
        random.shuffle(es)
        n, v, rare = stats([n for e in es for n in e])
        n8, v8, _ = stats([n for e in es[: max(1, len(es) // 8)] for n in e])
        q = lambda p: rare[min(len(rare) - 1, int(len(rare) * p))]
        beta = math.log(v / v8) / math.log(n / n8) if n > n8 and v8 else float("nan")
        print(f"{path}: {n} names, {v} words ({v / n:.2f} a name); names holding a name's "
              f"rarest word: median {q(0.5)}, p75 {q(0.75)}, p90 {q(0.9)}, "
              f"mean {sum(rare) / len(rare):.1f}; Heaps exponent {beta:.2f}")


if __name__ == "__main__":
    main()
