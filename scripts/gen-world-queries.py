#!/usr/bin/python3
"""gen-world-queries.py - a query set over the lists of other jurisdictions
(UN, UK, EU, Canada, Australia, Japan): listed names varied by rule, as the
development set varies the CSL's, and the development set's negatives.

Developer tool, not run by `make test`: reads the entries through
`clearance show --all` (the parsers under test, not a second reading of the
files) and writes data/eval/world-queries.jsonl deterministically (a fixed
seed; a rerun writes the same bytes for the same lists and binary).

Per list (source code), up to --per entries drawn at random, each with a
name of two words or more, and per entry one query of each rule that
applies:

  exact       the primary name as listed
  order       a person's words in reverse order; an entity's first word last
  typo-1      two neighbouring letters swapped inside the longest word (five
              letters or more; not its first letter)
  drop-token  the last word left out, for names of three words or more
  noise       upper case, punctuation dropped
  alias       a listed alias (the first that is not the primary name), as listed
  non-latin   the entry's name in a non-Latin script, as listed

Positives only: `make eval` (scripts/eval.sh) screens them with the
development set's negative queries (neg-*, which name no listed party) read
from ../shared, not copied here.

usage: scripts/gen-world-queries.py CLEARANCE LIST... [--per 60] [--seed 11]
         [--out data/eval/world-queries.jsonl]
"""
import argparse
import json
import random
import re
import subprocess
import sys

SOURCES = ("UN", "UK", "EU", "CA", "AU", "JP-EUL")
LATIN = re.compile(r"^[\x00-\u024f\s\W\d]*$")


def words(name):
    return [w for w in re.split(r"[\s,]+", name) if w]


def entries(binary, lists):
    args = [binary, "show", "-q", "--all"]
    for l in lists:
        args += ["--list", l]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def typo(name, rng):
    ws = words(name)
    longest = max(ws, key=len)
    if len(longest) < 5:
        return None
    i = rng.randrange(1, len(longest) - 1)
    swapped = longest[:i] + longest[i + 1] + longest[i] + longest[i + 2:]
    return None if swapped == longest else name.replace(longest, swapped, 1)


def variants(e, rng):
    name = e["name"]
    ws = words(name)
    person = e["type"] == "person"
    out = [("exact", name)]
    out.append(("order", " ".join(reversed(ws)) if person else " ".join(ws[1:] + ws[:1])))
    t = typo(name, rng)
    if t:
        out.append(("typo-1", t))
    if len(ws) >= 3:
        out.append(("drop-token", " ".join(ws[:-1])))
    out.append(("noise", re.sub(r"[^\w\s]", "", name).upper()))
    names = [n["name"] for n in e["names"]]
    alias = next((n["name"] for n in e["names"][1:]
                  if n["name"] != name and LATIN.match(n["name"]) and len(words(n["name"])) >= 2),
                 None)
    if alias:
        out.append(("alias", alias))
    nonlatin = next((n for n in names if not LATIN.match(n)), None)
    if nonlatin:
        out.append(("non-latin", nonlatin))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clearance")
    ap.add_argument("lists", nargs="+")
    ap.add_argument("--per", type=int, default=60)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", default="data/eval/world-queries.jsonl")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    by_source = {}
    for e in entries(a.clearance, a.lists):
        if e["source"] in SOURCES and len(words(e["name"])) >= 2 and LATIN.match(e["name"]):
            by_source.setdefault(e["source"], []).append(e)
    lines = []
    for src in SOURCES:
        pool = sorted(by_source.get(src, []), key=lambda e: e["id"])
        for e in rng.sample(pool, min(a.per, len(pool))):
            expect = {"names": [n["name"] for n in e["names"]], "ids": [e["id"]]}
            for rule, q in variants(e, rng):
                lines.append({"id": "w-%s-%s" % (e["id"], rule), "name": q, "category": rule,
                              "type": e["type"] if e["type"] in ("person", "entity") else None,
                              "expect": expect, "source": "%s %s" % (src, e["id"])})
    with open(a.out, "w", encoding="utf-8") as f:
        for q in lines:
            if q.get("type") is None:
                q.pop("type", None)
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    print("%s: %d queries over %s" % (a.out, len(lines),
          ", ".join("%s %d" % (s, min(a.per, len(by_source.get(s, [])))) for s in SOURCES)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
