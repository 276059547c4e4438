#!/usr/bin/python3
"""gen-eval-sets.py - the generated screening query sets of data/eval.

Developer tool, not run by `make test`: reads ../shared/data and writes
committed data, deterministically (fixed seeds; a rerun writes the same
bytes).  The rules (Cyrillic read-back, iuliia schemes, Han by rule) are
those of scripts/gen-name-pairs.py, imported from it.

  cyrillic-schemes.jsonl  Cyrillic-origin listed persons in Cyrillic and in
                          four romanisations other than the list's
  han-persons.jsonl       1,000 Han-script Chinese personal names, none listed
  han-companies.jsonl     Han names of listed Chinese companies
  han-aliases.csv         the alias file the han-alias queries need

usage: scripts/gen-eval-sets.py [--shared ../shared/data] [--out data/eval]
"""
import argparse
import collections
import csv
import importlib.util
import io
import itertools
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_name_pairs",
                                               os.path.join(HERE, "gen-name-pairs.py"))
G = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(G)

# each slot's schemes in order: the first whose rendering is not a listed
# spelling of the entry is the query's
CYR_SLOTS = [("icao_doc_9303", "ungegn_1987"), ("gost779b", "gost_779"),
             ("gost_52535", "mvd_310", "mvd_782"), ("ala_lc", "scientific")]
CYR_NAME = {"icao_doc_9303": "icao", "ungegn_1987": "ungegn", "gost779b": "gost779b",
            "gost_779": "gost779a", "gost_52535": "gost52535", "mvd_310": "mvd310",
            "mvd_782": "mvd782", "ala_lc": "alalc", "scientific": "scientific"}


def expect(e):
    return {"names": e.names(), "ids": [e.id]}


def line(rec):
    return json.dumps(rec, ensure_ascii=False)


def cyrillic_sets(C):
    out = []
    stats = collections.Counter()
    for k, (e, s, gw, cs, cg) in enumerate(G.cyrillic_query_persons(C), 1):
        listed = {tuple(sorted(G.words(x))) for x in e.names()}
        cyr = " ".join([cs] + cg)
        base = "csl:%s Cyrillic by rule '%s'" % (e.id, cyr)
        out.append({"id": "cyr-%03d-cyrillic" % k, "name": cyr, "category": "cyr-cyrillic",
                    "type": "person", "expect": expect(e), "source": base})
        stats["cyr-cyrillic"] += 1
        for slot in CYR_SLOTS:
            for sch in slot:
                r = C.ru.roman(sch, " ".join(cg + [cs]))
                if tuple(sorted(G.words(r))) not in listed:
                    break
            else:
                stats["skipped: every scheme of %s gives a listed spelling" % "/".join(slot)] += 1
                continue
            cat = "cyr-" + CYR_NAME[sch]
            out.append({"id": "cyr-%03d-%s" % (k, CYR_NAME[sch]), "name": r, "category": cat,
                        "type": "person", "expect": expect(e), "source": base + ", then " + sch})
            stats[cat] += 1
    return out, stats


def listed_keys(C):
    """Every listed name of up to three words, joined in every word order,
    letters only: a Han name reading as one of them could be that person."""
    keys = set()
    for e in C.L.entries:
        for n in e.names():
            ws = G.words(n)
            if 1 <= len(ws) <= 3:
                for perm in itertools.permutations(ws):
                    keys.add("".join(perm))
    return keys


def han_persons(C, n=1000):
    r = G.rng("han-persons")
    zh = C.zh
    sur = [c for c in dict.fromkeys(G.HAN_SURNAMES) if c in zh.readings]
    giv = [c for c in dict.fromkeys(G.HAN_GIVEN) if c in zh.readings]
    keys = listed_keys(C)
    out, seen = [], set()
    excluded = 0
    while len(out) < n:
        s = r.choice(sur)
        g = "".join(r.choice(giv) for _ in range(r.choice([1, 2, 2])))
        name = s + g
        if name in seen:
            continue
        seen.add(name)
        s_read = {zh.surnames[s]} if s in zh.surnames else zh.readings[s]
        reads = {a + b for a in s_read for b in zh.pinyin_of(g)}
        reads |= {b + a for a in s_read for b in zh.pinyin_of(g)}
        if reads & keys:
            excluded += 1  # reads as a listed name: an alert would not be false
            continue
        out.append({"id": "hp-%04d" % (len(out) + 1), "name": name, "category": "neg-han-person",
                    "type": "person", "expect": None,
                    "source": "hand: common surnames and given-name characters (author's knowledge); "
                              "rule: surname + 1-2 given characters, seed %d" % G.SEED})
    return out, excluded


def han_companies(C):
    H = C.han()
    out, aliases = [], []
    stats = collections.Counter()
    for k, x in enumerate(G.han_query_records(C), 1):
        e = x["entry"]
        notes = []
        for w in sorted({w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", e.name)}):
            if w in G.HAN_BRANDS:
                notes.append("brand '%s' = %s from HAN_BRANDS (hand: the company's own Chinese "
                             "name; needs han-aliases.csv)" % (w, G.HAN_BRANDS[w]))
            elif w in H.mined:
                notes.append("brand '%s' = pinyin '%s' mined from %s" % (w, H.mined[w][0],
                                                                         H.mined[w][1]))
        src = ("csl:%s Han by rule: legal form by HAN_LEGAL, English words by CC-CEDICT glosses, "
               "pinyin by CC-CEDICT readings" % e.id)
        if notes:
            src += "; " + "; ".join(notes)
        out.append({"id": "hc-%03d" % k, "name": x["han"], "category": x["category"],
                    "type": "entity", "expect": expect(e), "source": src})
        stats[x["category"]] += 1
        if x["category"] == "han-alias":
            aliases.append((e.id, x["han"]))
    return out, aliases, stats


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for rec in recs:
            f.write(line(rec) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(G.ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(G.ROOT, "data", "eval"))
    args = ap.parse_args()
    C = G.Ctx(args.shared)
    os.makedirs(args.out, exist_ok=True)

    cyr, st = cyrillic_sets(C)
    write_jsonl(os.path.join(args.out, "cyrillic-schemes.jsonl"), cyr)
    print("cyrillic-schemes.jsonl: %d queries, %d persons: %s" % (
        len(cyr), st["cyr-cyrillic"], dict(sorted(st.items()))), file=sys.stderr)

    hp, excluded = han_persons(C)
    write_jsonl(os.path.join(args.out, "han-persons.jsonl"), hp)
    print("han-persons.jsonl: %d names (%d drawn names left out: they read as a listed name)"
          % (len(hp), excluded), file=sys.stderr)

    hc, aliases, st = han_companies(C)
    write_jsonl(os.path.join(args.out, "han-companies.jsonl"), hc)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["entry_id", "name"])
    w.writerows(aliases)
    with open(os.path.join(args.out, "han-aliases.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    print("han-companies.jsonl: %d queries %s; han-aliases.csv: %d rows" % (
        len(hc), dict(sorted(st.items())), len(aliases)), file=sys.stderr)


if __name__ == "__main__":
    main()
