"""bench_python.py LIBRARY SHARED [QUERIES.jsonl]... - Lists.screen_many of
the Python module (python/clearance) on one thread and on two, against the
two CSL files, for each query set (default: the development queries), each
repeated to 5,000 queries or more (at most 20,000 taken), in alternating
rounds (five unless BENCH_ROUNDS says otherwise), the median of each.  The
ratio is what the GIL leaves of the library's parallelism (issue 17 asks
1.7x or more on two threads): turning each result's JSON into dicts holds
the GIL, so the more queries alert, the lower it is.  A speed figure for
`make bench`, never a test."""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
os.environ.setdefault("CLEARANCE_LIB", sys.argv[1])
import clearance  # noqa: E402

shared = sys.argv[2]
paths = sys.argv[3:] or [os.path.join(shared, "eval", "dev-queries.jsonl")]
lists = clearance.Lists([os.path.join(shared, "lists", "csl", "consolidated-2022-04.csv"),
                         os.path.join(shared, "lists", "csl", "entity-list-2026-07.csv")])
rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
for path in paths:
    base = [json.loads(line) for line in open(path, encoding="utf-8")][:20000]
    queries = base * max(1, -(-5000 // len(base)))
    times = {1: [], 2: []}
    lists.screen_many(queries[:500], threads=2)  # warm up
    for _ in range(rounds):
        for n in (1, 2):
            t = time.perf_counter()
            lists.screen_many(queries, threads=n)
            times[n].append(time.perf_counter() - t)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    alerting = sum(1 for r in lists.screen_many(base) if r)
    print("%s: %d queries (%.0f%% alert), median of %d rounds"
          % (os.path.basename(path), len(queries), 100.0 * alerting / len(base), rounds))
    print("  1 thread:  %8.0f names/s" % (len(queries) / one))
    print("  2 threads: %8.0f names/s  (%.2fx)" % (len(queries) / two, one / two))
