#!/usr/bin/python3
"""gen-name-pairs.py - the labelled name-pair set data/eval/name-pairs.csv.

Developer tool, not run by `make test`: it reads ../shared/data (the lists and
the name tables) and writes committed data.  Every variant is drawn by rule
from the real lists with a fixed seed, so a rerun writes the same bytes; the
few hand-written pairs say `hand:` and why in their source.  The measuring
side is built without looking at the matcher's tables: nothing here reads
src/.  Also the shared helpers of scripts/gen-eval-sets.py (list loading,
Cyrillic, pinyin and Hangul rules).

usage: scripts/gen-name-pairs.py [--shared ../shared/data] [--out data/eval]
"""
import argparse
import collections
import csv
import gzip
import io
import json
import os
import random
import re
import sys
import unicodedata

from textdist import osa

import yaml

SEED = 20260701
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------------------
# small text helpers


def fold(s):
    """Lower case, marks stripped, letters and digits only, single spaces."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^0-9a-zA-Z\u0400-\u04ff\u4e00-\u9fff\uac00-\ud7af\u3040-\u30ff]+", " ", s.lower())
    return " ".join(s.split())


def words(s):
    return fold(s).split()


def rng(*parts):
    """A generator per purpose: adding a category never shifts another one."""
    return random.Random("%d-%s" % (SEED, "-".join(str(p) for p in parts)))


def title(w):
    """Capitalised, each part of a hyphenated word too (Velasquez-Velez)."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) if w else w


VOWELS = set("aeiouy")

# ---------------------------------------------------------------------------
# the lists


class Entry:
    __slots__ = ("id", "file", "source", "type", "name", "aliases", "countries", "addresses",
                 "programs", "births")

    def names(self):
        return [self.name] + self.aliases


def list_type(t):
    return {"Individual": "person", "Entity": "entity", "Vessel": "vessel",
            "Aircraft": "aircraft"}.get(t, "unknown")


def split_multi(v):
    return [x.strip() for x in v.split(";") if x.strip()]


class Lists:
    """The two CSL files (the lists the query sets are judged against), OFAC's
    alt.csv and the derived token statistics."""

    def __init__(self, shared):
        self.shared = shared
        self.entries = []
        self.by_id = {}
        for fname, tag in (("consolidated-2022-04.csv", "csl"), ("entity-list-2026-07.csv", "el")):
            path = os.path.join(shared, "lists/csl", fname)
            with open(path, encoding="utf-8", newline="") as f:
                for r in csv.DictReader(f):
                    if r["_id"] == "_id" or not r["name"].strip():
                        continue  # stray header rows
                    e = Entry()
                    e.id = r["_id"]
                    e.file = tag
                    e.source = r["source"]
                    e.type = list_type(r["type"])
                    e.name = " ".join(r["name"].split())
                    seen = {e.name}
                    e.aliases = []
                    for a in split_multi(r["alt_names"]):
                        a = " ".join(a.split())
                        if a not in seen:
                            seen.add(a)
                            e.aliases.append(a)
                    cs = set(split_multi(r["nationalities"]) + split_multi(r["citizenships"]))
                    m = re.match(r"country: (.*)", r["remarks"])
                    if m:
                        cs.add(m.group(1).strip())
                    e.countries = cs
                    e.addresses = r["addresses"]
                    e.programs = r["programs"]
                    e.births = r["places_of_birth"]
                    self.entries.append(e)
                    self.by_id.setdefault(e.id, e)
        # OFAC aliases (newer than the CSL of 2022: keyed by ent_num = the SDN _id)
        self.ofac_alt = collections.defaultdict(list)
        with open(os.path.join(shared, "lists/ofac/alt.csv"), encoding="utf-8", errors="replace",
                  newline="") as f:
            for row in csv.reader(f):
                if len(row) >= 4 and row[0].strip().isdigit():
                    self.ofac_alt[row[0].strip()].append((row[2].strip().strip('"'),
                                                          " ".join(row[3].split())))
        # document frequency of folded tokens over every listed name
        self.df = collections.Counter()
        self.nnames = 0
        for e in self.entries:
            for n in e.names():
                self.nnames += 1
                self.df.update(set(words(n)))

    def common(self, tok):
        """Generic: in 40 or more listed names (about 0.1 % of them)."""
        return self.df.get(tok, 0) >= 40

    def rare(self, tok):
        return self.df.get(tok, 0) <= 3

    def where(self, e):
        return "%s:%s" % (e.file, e.id)


def person_parts(name):
    """'SURNAME, Given Names' -> (surname words, given words); None otherwise."""
    if name.count(",") != 1:
        return None
    sur, giv = [x.strip() for x in name.split(",")]
    sw, gw = sur.split(), giv.split()
    if not sw or not gw:
        return None
    return sw, gw


# ---------------------------------------------------------------------------
# Russian: Latin list spellings back to Cyrillic, Cyrillic to the iuliia schemes

RU = os.path.join("names", "romanization", "russian")


def load_scheme(shared, name):
    with open(os.path.join(shared, RU, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def iuliia(schema, text):
    """The iuliia algorithm (nalgeon/iuliia): per word, an ending mapping for
    the last two letters, then per letter the mapping after the previous letter,
    the one before the next letter, or the plain mapping."""
    mp = schema["mapping"]
    prev_m = schema.get("prev_mapping") or {}
    next_m = schema.get("next_mapping") or {}
    end_m = schema.get("ending_mapping") or {}

    def case(src, out):
        if src.isupper() and out:
            return out[0].upper() + out[1:]
        return out

    def letters(w):
        res = []
        for i, c in enumerate(w):
            lc = c.lower()
            prev = w[i - 1].lower() if i else ""
            nxt = w[i + 1].lower() if i + 1 < len(w) else ""
            out = prev_m.get(prev + lc)
            if out is None:
                out = next_m.get(lc + nxt) if nxt else None
            if out is None:
                out = mp.get(lc, c)
            res.append(case(c, out))
        return "".join(res)

    def word(w):
        if len(w) > 2 and w[-2:].lower() in end_m:
            return letters(w[:-2]) + end_m[w[-2:].lower()]
        return letters(w)

    return "".join(word(p) if re.match(r"\w", p) else p for p in re.split(r"(\w+)", text) if p)


# GOST 7.79-2000 system B (the Latin-only table of the standard; not among the
# iuliia files): 'cz' before e, i, y, j, else 'c'.
GOST779B = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
            "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
            "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "c",
            "ч": "ch", "ш": "sh", "щ": "shh", "ъ": "``", "ы": "y'", "ь": "`", "э": "e'",
            "ю": "yu", "я": "ya"}


def gost779b(text):
    out = []
    for i, c in enumerate(text):
        lc = c.lower()
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        if lc == "ц":
            r = "cz" if nxt in ("е", "и", "ы", "й", "э", "ё", "ю", "я") else "c"
        else:
            r = GOST779B.get(lc, c)
        out.append(r[0].upper() + r[1:] if c.isupper() and r else r)
    return "".join(out)


# Latin (BGN/PCGN-like list spelling) -> Russian Cyrillic, longest match first.
LAT2CYR = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
           ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ph", "ф"), ("ck", "к"), ("x", "кс"),
           ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
           ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
           ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
           ("c", "к"), ("q", "к"), ("j", "дж")]
CYR_VOWELS = set("аеёиоуыэюя")


def lat2cyr_word(w):
    """One folded Latin word in Cyrillic: BGN's rules read backwards.  'ye'
    is е after a vowel or at the start, ье after a consonant; a word-initial
    'e' is э; 'y' is й after a vowel (not before one), else ы; 'iy'/'yy'/'ii'
    at the end are ий/ый/ий, a final 'y' after a consonant ий and a final
    'ia' ия; 'i' after a vowel and before a consonant is й (ICAO writes й
    as i: Mikhailovich) except in a final -il (Mikhail)."""
    out = []
    i = 0
    n = len(w)
    while i < n:
        rest = w[i:]
        prev = out[-1][-1] if out else ""
        if rest in ("iy", "ii") and i:
            out.append("ий")
            break
        if rest == "yy" and i:
            out.append("ый")
            break
        if rest == "y" and prev and prev not in CYR_VOWELS:
            out.append("ий")  # Wikipedia's ending rule backwards: Anatoly
            break
        if rest == "ia" and prev:
            out.append("ия")  # ICAO's я after и: Yulia, Maria
            break
        if rest.startswith("ye"):
            out.append("е" if (not prev or prev in CYR_VOWELS) else "ье")
            i += 2
            continue
        if rest[0] == "y" and not rest.startswith(("yu", "ya", "yo")):
            nxt = rest[1:2]
            if prev and prev in CYR_VOWELS and nxt not in VOWELS:
                out.append("й")
            elif not prev:
                out.append("й")
            else:
                out.append("ы")
            i += 1
            continue
        if rest[0] == "i" and prev in ("а", "е", "о", "у") and rest[1:2] and \
                rest[1:2] not in VOWELS and rest != "il":
            out.append("й")  # ICAO's i for й: Mikhailovich, but Mikhail
            i += 1
            continue
        if rest[0] == "e" and not prev:
            out.append("э")
            i += 1
            continue
        for lat, cyr in LAT2CYR:
            if rest.startswith(lat):
                out.append(cyr)
                i += len(lat)
                break
        else:
            return None
    return "".join(out)


def cyr_fold(s):
    """Compare romanisations: letters only, ё read as e (lists drop diaeresis)."""
    return re.sub(r"[^a-z]", "", fold(s.replace("ё", "e").replace("Ё", "E")))


class Russian:
    SCHEMES = ("icao_doc_9303", "gost_779", "gost_52535", "mvd_310", "mvd_782", "ala_lc",
               "scientific", "ungegn_1987", "wikipedia", "bgn_pcgn")

    def __init__(self, shared):
        self.s = {k: load_scheme(shared, k) for k in self.SCHEMES}

    def roman(self, scheme, cyr):
        if scheme == "gost779b":
            return gost779b(cyr)
        return iuliia(self.s[scheme], cyr)

    def to_cyrillic(self, latin_word):
        """The Cyrillic of one list word, or None unless it reads back to the
        same spelling under BGN/PCGN, Wikipedia or MVD 782 (the spellings the
        lists use): the check that rejects words the rules get wrong."""
        w = fold(latin_word)
        if not re.fullmatch(r"[a-z]+", w):
            return None
        c = lat2cyr_word(w)
        if not c:
            return None
        for sch in ("bgn_pcgn", "wikipedia", "mvd_782"):
            if cyr_fold(iuliia(self.s[sch], c)) == w:
                return c[0].upper() + c[1:]
        return None


PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|yevich|yevna|ogly)$", re.I)


def russian_persons(L, ru):
    """Listed persons with a Russian, Ukrainian or Belarusian name: nationality
    or citizenship RU/UA/BY or a patronymic, 'SURNAME, Given [Patronymic]',
    every word back in Cyrillic by rule.  -> [(entry, surname, given words,
    Cyrillic surname, Cyrillic given words)]"""
    out = []
    for e in L.entries:
        if e.type != "person":
            continue
        pp = person_parts(e.name)
        if not pp:
            continue
        sw, gw = pp
        if len(sw) != 1 or not 1 <= len(gw) <= 2:
            continue
        if not (e.countries & {"RU", "UA", "BY"} or any(PATRONYMIC.search(g) for g in gw)):
            continue
        cs = ru.to_cyrillic(sw[0])
        cg = [ru.to_cyrillic(g) for g in gw]
        if not cs or None in cg:
            continue
        out.append((e, sw[0], gw, cs, cg))
    return out


# ---------------------------------------------------------------------------
# Chinese: pinyin syllables, CC-CEDICT readings, Wade-Giles


class Chinese:
    def __init__(self, shared):
        base = os.path.join(shared, "names")
        self.wg = {}
        with open(os.path.join(base, "romanization/wade-giles/wade-giles-pinyin.csv"),
                  encoding="utf-8") as f:
            for r in csv.DictReader(f):
                self.wg[r["pinyin"]] = r["wade_giles"]
        self.syll = set(self.wg)
        self.syll.update(("lv", "nv", "lve", "nve"))
        # CC-CEDICT: readings per character, words by toneless pinyin, glosses
        self.readings = collections.defaultdict(set)   # char -> toneless syllables
        self.nentries = collections.Counter()          # char -> entries it occurs in
        self.by_reading = collections.defaultdict(set)  # syllable -> chars
        self.words = collections.defaultdict(list)     # 'shenzhen' -> [(simp, proper, glosses)]
        self.words_sy = collections.defaultdict(list)  # ('xi', 'an') -> same
        self.productive = collections.Counter()        # Han string -> entries containing it
        self.surnames = {}                             # char -> syllable
        self.gloss_index = collections.defaultdict(list)  # english -> [(tier, gi, si, simp, proper)]
        line_re = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
        with gzip.open(os.path.join(base, "chinese/cedict_ts.u8.gz"), "rt",
                       encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                m = line_re.match(line)
                if not m:
                    continue
                trad, simp, py, gloss = m.groups()
                sy = [re.sub(r"[1-5]$", "", s).lower().replace("u:", "v") for s in py.split()]
                if len(sy) != len(simp) or not all(re.fullmatch(r"[a-z]+", s) for s in sy):
                    continue
                for ch in set(simp):
                    self.nentries[ch] += 1
                for n in (2, 3, 4):
                    for i in range(len(simp) - n + 1):
                        self.productive[simp[i:i + n]] += 1
                proper = py[:1].isupper()
                if len(simp) == 1:
                    self.readings[simp].add(sy[0])
                    self.by_reading[sy[0]].add(simp)
                    if gloss.startswith("surname ") and proper:
                        self.surnames.setdefault(simp, sy[0])
                glosses = [g for g in gloss.split("/") if g and not g.startswith("CL:")]
                self.words["".join(sy)].append((simp, proper, glosses))
                self.words_sy[tuple(sy)].append((simp, proper, glosses))
                # English terms: each ';' part of a gloss, up to its first ','
                # ('Hong Kong, special administrative region ...' -> 'hong kong')
                for gi, g in enumerate(glosses):
                    for si, sub in enumerate(re.sub(r"\([^)]*\)", "", g).split(";")):
                        sub = " ".join(sub.split(",")[0].lower().split())
                        tier = 0
                        if sub.startswith("to "):
                            sub, tier = sub[3:], 1
                        if sub:
                            self.gloss_index[sub].append((tier, gi, si, simp, proper))

    def gloss(self, phrase):
        """The Han term CC-CEDICT gives for an English term ('technology' ->
        技术): only entries whose first gloss it is, exact glosses before verbs
        ('to export'), then the term in most CC-CEDICT entries (香港 before
        港珠澳 for Hong Kong), then about two characters a word; None
        otherwise."""
        nw = len(phrase.split())
        cands = [c for c in self.gloss_index.get(phrase.lower(), ()) if c[1] == 0]
        if not cands:
            return None
        cands = sorted(set(cands), key=lambda c: (c[0], c[2], -self.productive[c[3]],
                                                  abs(len(c[3]) - 2 * nw), c[3]))
        return cands[0][3]

    def segment(self, tok):
        """A token as pinyin syllables (fewest syllables; an apostrophe divides
        them, Xi'an), or None."""
        tok = tok.lower()
        if "'" in tok:
            out = []
            for part in tok.split("'"):
                s = self.segment(part)
                if not s:
                    return None
                out += s
            return out
        best = {0: []}
        for i in range(1, len(tok) + 1):
            for j in range(max(0, i - 6), i):
                if j in best and tok[j:i] in self.syll:
                    cand = best[j] + [tok[j:i]]
                    if i not in best or len(cand) < len(best[i]):
                        best[i] = cand
        return best.get(len(tok))

    def pinyin_word(self, w):
        """The syllables of a word that is pinyin rather than English: it splits
        into pinyin syllables, none a lone vowel ('Moore' is not mo-o-re), and
        it is no English gloss of CC-CEDICT ('China' splits as chi-na but is
        English) unless CC-CEDICT reads a word so ('Huawei' is 华为)."""
        if not w or not re.fullmatch(r"[A-Za-z]+('[A-Za-z]+)?", w):
            return None
        lw = w.lower()
        known = bool(self.words_sy.get(tuple(self.segment(lw) or ())))
        if lw in self.gloss_index and len(w) > 2 and not known:
            return None
        sy = self.segment(lw)
        if sy and len(sy) > 1 and not known and any(s in ("a", "e", "o", "ei", "ai", "ou", "er")
                                                  for s in sy):
            return None
        return sy

    def wade(self, syl):
        return self.wg.get(syl)

    def char_for(self, syl, avoid=()):
        """The character a writer most likely means by a syllable: one whose only
        reading it is, then the one in most CC-CEDICT entries."""
        cands = [c for c in self.by_reading.get(syl, ()) if c not in avoid]
        if not cands:
            return None
        cands.sort(key=lambda c: (len(self.readings[c]) != 1, -self.nentries[c], c))
        return cands[0]

    def han_of_pinyin(self, tok):
        """A pinyin word in Han: a CC-CEDICT word read exactly so (glossed with
        this spelling, then proper nouns, then the word in most CC-CEDICT
        entries: 广州 before 光州), else syllable by syllable."""
        sy = self.segment(tok)
        if not sy:
            return None
        cands = self.words_sy.get(tuple(sy), [])
        if cands:
            # the word CC-CEDICT glosses with this very spelling first (华为,
            # 'Huawei (brand)'), then proper nouns, then the most productive
            lt = tok.lower().replace("'", "")
            cands = sorted(cands, key=lambda c: (
                not any(re.sub(r"[^a-z]", "", g.lower()).startswith(lt) for g in c[2][:1]),
                not c[1], -self.productive[c[0]],
                                                 -sum(self.nentries[ch] for ch in c[0]), c[0]))
            return cands[0][0]
        out = ""
        for s in sy:
            c = self.char_for(s)
            if not c:
                return None
            out += c
        return out

    def pinyin_of(self, han):
        """Every toneless reading of a Han string (joined, no spaces)."""
        res = {""}
        for ch in han:
            rs = self.readings.get(ch)
            if not rs:
                return set()
            res = {p + r for p in res for r in rs}
            if len(res) > 64:
                break
        return res


# ---------------------------------------------------------------------------
# Korean: Hangul syllables, McCune-Reischauer read back, Revised Romanisation

KO_INIT = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
           "t", "p", "h"]
KO_VOW = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
          "wo", "we", "wi", "yu", "eu", "ui", "i"]
KO_FIN = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
          "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
# McCune-Reischauer without diacritics as the DPRK entries of the lists spell
# it: initials, vowels (o = ŏ and o, u = ŭ and u), finals.
MR_INIT = {"k": 0, "g": 0, "kk": 1, "n": 2, "t": 3, "d": 3, "tt": 4, "r": 5, "l": 5, "m": 6,
           "p": 7, "b": 7, "pp": 8, "s": 9, "sh": 9, "ss": 10, "": 11, "ch": 12, "j": 12,
           "tch": 13, "jj": 13, "ch'": 14, "k'": 15, "t'": 16, "p'": 17, "h": 18}
MR_VOW = {"a": 0, "ae": 1, "ya": 2, "yae": 3, "o": 4, "e": 5, "yo": 6, "ye": 7, "wa": 9,
          "wae": 10, "oe": 11, "u": 18, "wo": 14, "we": 15, "wi": 16, "yu": 17, "ui": 19,
          "i": 20, "eo": 4, "eu": 18, "yeo": 6}
MR_FIN = {"": 0, "k": 1, "n": 4, "l": 8, "m": 16, "p": 17, "t": 7, "ng": 21}


def hangul(i, v, f=0):
    return chr(0xAC00 + (i * 21 + v) * 28 + f)


def hangul_parts(ch):
    k = ord(ch) - 0xAC00
    return k // 588, (k % 588) // 28, k % 28


def mr_syllable_to_hangul(s):
    """One romanised Korean syllable (DPRK / McCune-Reischauer, no breves) as
    Hangul.  The list spelling drops the breve, so 'o' and 'yo' before a
    final consonant are read as ŏ, yŏ (Jong 정, Hyon 현) and in an open
    syllable as o, yo (Jo 조); 'u' is u (Jun 준, Ju 주) except in a syllable
    without an initial and with a final, ŭ (Un 은, Ul 을); None when it does
    not parse."""
    s = s.lower().replace("\u2019", "'")
    for ilen in (3, 2, 1, 0):
        ini = s[:ilen]
        if ini not in MR_INIT:
            continue
        rest = s[ilen:]
        for flen in (2, 1, 0):
            fin = rest[len(rest) - flen:] if flen else ""
            vow = rest[:len(rest) - flen] if flen else rest
            if fin in MR_FIN and vow in MR_VOW:
                if ini in ("k", "t", "p", "ch") and ilen < len(s) and s[ilen:ilen + 1] == "'":
                    continue
                v = MR_VOW[vow]
                if vow in ("o", "yo") and not fin:
                    v = {"o": 8, "yo": 12}[vow]
                if vow == "u" and (fin == "" or ini != ""):
                    v = 13
                return hangul(MR_INIT[ini], v, MR_FIN[fin])
    return None


def rr(ch, initial=True):
    """Revised Romanisation of one Hangul syllable (word-initial ㄹ as r)."""
    i, v, f = hangul_parts(ch)
    ini = KO_INIT[i]
    return ini + KO_VOW[v] + KO_FIN[f]


def rr_name(syls):
    return "".join(rr(c) for c in syls)


def mr_diacritics(ch):
    """McCune-Reischauer with breves and aspiration marks (ch'ŏ, kŭ)."""
    i, v, f = hangul_parts(ch)
    ini = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'",
           "t'", "p'", "h"][i]
    vow = ["a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ",
           "we", "wi", "yu", "ŭ", "ŭi", "i"][v]
    return ini + vow + KO_FIN[f]


# ---------------------------------------------------------------------------
# Japanese: Hepburn list spellings as kana and back in Kunrei-shiki

KANA = {}   # hepburn syllable -> hiragana
_KANA_ROWS = """a あ i い u う e え o お ka か ki き ku く ke け ko こ sa さ shi し su す se せ so そ
ta た chi ち tsu つ te て to と na な ni に nu ぬ ne ね no の ha は hi ひ fu ふ he へ ho ほ
ma ま mi み mu む me め mo も ya や yu ゆ yo よ ra ら ri り ru る re れ ro ろ wa わ n ん
ga が gi ぎ gu ぐ ge げ go ご za ざ ji じ zu ず ze ぜ zo ぞ da だ de で do ど
ba ば bi び bu ぶ be べ bo ぼ pa ぱ pi ぴ pu ぷ pe ぺ po ぽ
kya きゃ kyu きゅ kyo きょ sha しゃ shu しゅ sho しょ cha ちゃ chu ちゅ cho ちょ nya にゃ nyu にゅ nyo にょ
hya ひゃ hyu ひゅ hyo ひょ mya みゃ myu みゅ myo みょ rya りゃ ryu りゅ ryo りょ gya ぎゃ gyu ぎゅ gyo ぎょ
ja じゃ ju じゅ jo じょ bya びゃ byu びゅ byo びょ"""
_t = _KANA_ROWS.split()
for _k in range(0, len(_t), 2):
    KANA[_t[_k]] = _t[_k + 1]
KUNREI = {"shi": "si", "chi": "ti", "tsu": "tu", "fu": "hu", "ji": "zi", "sha": "sya", "shu": "syu",
          "sho": "syo", "cha": "tya", "chu": "tyu", "cho": "tyo", "ja": "zya", "ju": "zyu",
          "jo": "zyo"}


def hepburn_syllables(w):
    """A folded Hepburn word as syllables (a doubled consonant is っ), or None."""
    w = w.lower()
    out = []
    i = 0
    while i < len(w):
        if i + 1 < len(w) and w[i] == w[i + 1] and w[i] not in "aeioun":
            out.append("xtsu")
            i += 1
            continue
        for ln in (3, 2, 1):
            s = w[i:i + ln]
            if s in KANA and not (s == "n" and i + 1 < len(w) and w[i + 1] in "aeiouy"):
                out.append(s)
                i += ln
                break
        else:
            return None
    return out


def to_hiragana(sy):
    return "".join("っ" if s == "xtsu" else KANA[s] for s in sy)


def to_katakana(hira):
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in hira)


def kunrei(sy):
    out = ""
    for k, s in enumerate(sy):
        if s == "xtsu":
            nxt = sy[k + 1] if k + 1 < len(sy) else ""
            out += KUNREI.get(nxt, nxt)[:1]
        else:
            out += KUNREI.get(s, s)
    return out


# ---------------------------------------------------------------------------
# legal forms: ISO 20275 (ELF) groups, org_types for Cyrillic and Han forms


def lf_key(s):
    """A legal form as compared: dots dropped, folded words ('S.A.' -> 'sa')."""
    return " ".join(words(s.replace(".", "").replace("’", "").replace("'", "")))


def script_of(s):
    if re.search(r"[\u4e00-\u9fff]", s):
        return "han"
    if re.search(r"[\u0400-\u04ff]", s):
        return "cyrillic"
    if re.search(r"[\u0370-\u03ff]", s):
        return "greek"
    if re.search(r"[\u0600-\u06ff]", s):
        return "arabic"
    if re.search(r"[\uac00-\ud7af\u3040-\u30ff]", s):
        return "other"
    return "latin"


class LegalForms:
    """Each group is one legal form in every way it is written: an ELF code's
    local and transliterated names and abbreviations in every language, or one
    org_types type.  forms: [(surface, kind, language)]."""

    def __init__(self, shared, translit=None):
        self.groups = []
        by_code = collections.OrderedDict()
        with open(os.path.join(shared, "names/legal-forms/elf-code-list-v1.6.csv"),
                  encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                if r["ELF Status ACTV/INAC"] != "ACTV" or not r["Country Code (ISO 3166-1)"]:
                    continue
                g = by_code.setdefault(r["ELF Code"], {
                    "id": "elf:" + r["ELF Code"], "country": r["Country Code (ISO 3166-1)"],
                    "cname": r["Country of formation"], "forms": [], "generic": None})
                lang = r["Language Code (ISO 639-1)"]
                local = r["Entity Legal Form name Local name"].strip()
                trans = r["Entity Legal Form name Transliterated name (per ISO 01-140-10)"].strip()
                if local and len(local.split()) <= 6 and "(" not in local:
                    g["forms"].append((local, "name", lang))
                if trans and trans != local and len(trans.split()) <= 6 and "(" not in trans:
                    g["forms"].append((trans, "transliterated name", lang))
                for col, kind in (("Abbreviations Local language", "abbreviation"),
                                  ("Abbreviations transliterated", "transliterated abbreviation")):
                    for a in r[col].split(";"):
                        a = a.strip()
                        if a and len(a) <= 14 and "&" not in a and "(" not in a:
                            g["forms"].append((a, kind, lang))
        self.groups.extend(g for g in by_code.values() if len(g["forms"]) >= 2)
        self.elf_vocab = set()
        self.word_groups = collections.Counter()  # in how many ELF codes a word occurs
        for g in self.groups:
            ws = set()
            for s, kind, lang in g["forms"]:
                ws.update(words(s))
            self.elf_vocab.update(ws)
            self.word_groups.update(ws)
        with open(os.path.join(shared, "names/legal-forms/org_types.yml"), encoding="utf-8") as f:
            types = yaml.safe_load(f)["types"]
        for k, t in enumerate(types):
            forms = []
            for a in t.get("aliases") or []:
                a = str(a).strip()
                sc = script_of(a)
                # org_types carries misspelt and homoglyph aliases: a non-Latin
                # alias is kept only in one script with every word in the ELF
                # vocabulary; Latin ones serve to recognise listed forms only
                if sc == "latin":
                    forms.append((a, "org_types alias", "-"))
                elif sc in ("cyrillic", "han") and not re.search(r"[A-Za-z]", a) and (
                        sc == "han" or all(w in self.elf_vocab for w in words(a))):
                    forms.append((a, "org_types alias", sc))
            if len(forms) >= 2:
                self.groups.append({"id": "org_types:%s" % (t.get("display") or t.get("compare")
                                                             or k),
                                    "country": None, "cname": None, "forms": forms,
                                    "generic": t.get("generic")})
        self.index = collections.defaultdict(list)
        for gi, g in enumerate(self.groups):
            for s, kind, lang in g["forms"]:
                keys = [lf_key(s)]
                if translit and script_of(s) == "cyrillic":
                    keys.append(lf_key(translit(s)))  # ООО is also written OOO
                for k in keys:
                    if k and gi not in self.index[k]:
                        self.index[k].append(gi)
        self.keys_by_len = sorted(self.index, key=lambda k: -len(k.split()))

    def split(self, name):
        """(base, form, position) for a name that starts or ends with a legal
        form ('Siemens AG' -> ('Siemens', 'AG', 'suffix')), longest first."""
        toks = name.replace(",", " , ").split()
        best = None
        for n in range(min(6, len(toks) - 1), 0, -1):
            for pos in ("suffix", "prefix"):
                part = toks[-n:] if pos == "suffix" else toks[:n]
                rest = toks[:-n] if pos == "suffix" else toks[n:]
                k = lf_key(" ".join(part))
                if k in self.index and rest and not lf_key(" ".join(rest)) in self.index:
                    base = " ".join(rest).replace(" , ", ", ").strip(" ,")
                    form = " ".join(part).replace(" , ", ", ").strip(" ,")
                    if base and words(base):
                        best = (base, form, pos)
                        return best
        return best

    def groups_of(self, form):
        return self.index.get(lf_key(form), [])


def join_form(base, form, pos):
    return "%s %s" % (form, base) if pos == "prefix" else "%s %s" % (base, form)


# ---------------------------------------------------------------------------
# given names


class GivenNames:
    def __init__(self, shared):
        base = os.path.join(shared, "names/given-names")
        self.nick = collections.defaultdict(set)   # name -> nicknames
        self.rel = collections.defaultdict(set)    # both directions
        with open(os.path.join(base, "nicknames.csv"), encoding="utf-8", newline="") as f:
            for r in csv.reader(f):
                if len(r) == 3 and r[1] == "has_nickname":
                    a, b = r[0].strip().lower(), r[2].strip().lower()
                    self.nick[a].add(b)
                    self.rel[a].add(b)
                    self.rel[b].add(a)
        self.english = set(self.nick)
        self.cross = collections.defaultdict(set)
        with open(os.path.join(base, "cross-language-pairs.txt"), encoding="utf-8") as f:
            for line in f:
                p = [x.strip().lower() for x in line.split(",")]
                if len(p) == 2 and all(re.fullmatch(r"[a-z]+", x) for x in p) and p[0] != p[1]:
                    self.cross[p[0]].add(p[1])
                    self.cross[p[1]].add(p[0])

    def related(self, a, b):
        a, b = a.lower(), b.lower()
        return (a == b or b in self.rel[a] or b in self.cross[a]
                or bool(self.rel[a] & self.rel[b]))


# ---------------------------------------------------------------------------
# numbers


class Numbers:
    def __init__(self, shared):
        with open(os.path.join(shared, "names/numbers/ordinals.yml"), encoding="utf-8") as f:
            o = yaml.safe_load(f)["ordinals"]
        self.forms = {int(k): [str(x).strip() for x in v] for k, v in o.items()}
        self.value = {}
        for n, fs in self.forms.items():
            for s in fs:
                self.value.setdefault(s.lower(), n)

    def roman(self, n):
        for s in self.forms.get(n, []):
            if re.fullmatch(r"[IVXLC]+", s):
                return s
        return None

    def english(self, n, ordinal):
        """The English word ('Second', 'Thirty-Eighth'): the first plain ASCII
        alphabetic forms of the table, ordinal or cardinal as asked."""
        cands = [s for s in self.forms.get(n, []) if re.fullmatch(r"[A-Za-z]+(-[A-Za-z]+)?", s)]
        for s in cands:
            is_ord = bool(re.search(r"(st|nd|rd|th)$", s.lower()))
            if is_ord == ordinal:
                return "-".join(title(p) for p in s.split("-"))
        return None


# ---------------------------------------------------------------------------
# the context every category draws from


class Ctx:
    def __init__(self, shared):
        self.shared = shared
        self.L = Lists(shared)
        self.ru = Russian(shared)
        self.zh = Chinese(shared)
        self.lf = LegalForms(shared, lambda s: iuliia(self.ru.s["bgn_pcgn"], s))
        self.gn = GivenNames(shared)
        self.num = Numbers(shared)
        with open(os.path.join(shared, "names/chinese/symbols.yml"), encoding="utf-8") as f:
            self.symbols = yaml.safe_load(f)
        self.listed_folded = set()
        for e in self.L.entries:
            for n in e.names():
                self.listed_folded.add(fold(n))
        self._han = None

    def is_listed(self, name):
        return fold(name) in self.listed_folded

    def etype(self, e, name=None):
        """The pair's type: the list's own (vessels and aircraft are 'unknown'),
        and for Entity List rows, which have none, 'entity' when the name carries
        a legal form."""
        if e.type in ("person", "entity"):
            return e.type
        if e.type == "unknown" and e.file == "el" and self.lf.split(name or e.name):
            return "entity"
        return "unknown"

    def entities(self):
        """(entry, primary name) of entities and of Entity List rows that are not
        written like persons."""
        out = []
        for e in self.L.entries:
            if e.type == "entity" or (e.type == "unknown" and e.file == "el"
                                      and "," not in e.name.split("(")[0][:30]):
                out.append(e)
        return out

    def persons(self):
        return [e for e in self.L.entries if e.type == "person" and person_parts(e.name)]

    def han(self):
        if self._han is None:
            self._han = HanCompanies(self)
        return self._han


def P(cat, typ, a, b, expected, source):
    return {"category": cat, "type": typ, "a": a, "b": b, "expected": expected, "source": source}


def src(e, what):
    return "csl:%s %s" % (e.id, what)


def src2(e1, e2, what):
    return "csl:%s+%s %s" % (e1.id, e2.id, what)


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edit(word, r, pos=None, kinds=("sub", "del", "ins", "swap")):
    """One edit of word at pos (default: any but the first letter), keeping case."""
    if len(word) < 2:
        return word
    k = r.choice(kinds)
    if pos is None:
        pos = r.randrange(1, len(word) - (1 if k == "swap" else 0)) if len(word) > 2 else 1
    up = word.isupper()
    c = r.choice([x for x in LETTERS if x != word[pos].lower()])
    c = c.upper() if up or (pos == 0 and word[0].isupper()) else c
    if k == "sub":
        return word[:pos] + c + word[pos + 1:]
    if k == "del":
        return word[:pos] + word[pos + 1:]
    if k == "ins":
        return word[:pos] + c + word[pos:]
    if pos + 1 >= len(word) or word[pos] == word[pos + 1]:
        return word[:pos] + c + word[pos + 1:]
    return word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]


def replace_word(name, old, new):
    return re.sub(r"(?<![\w'])%s(?![\w'])" % re.escape(old), lambda m: new, name, count=1)


def take(r, items, n):
    items = list(items)
    r.shuffle(items)
    return items[:n]


def person_display(e, order="given-first", upper_surname=False):
    sw, gw = person_parts(e.name)
    sur = " ".join(sw) if upper_surname else " ".join(title(w) for w in sw)
    giv = " ".join(gw)
    return "%s %s" % (giv, sur) if order == "given-first" else "%s %s" % (sur, giv)


# ---------------------------------------------------------------------------
# the categories of the development set, as pairs


def cat_exact(C):
    r = rng("exact")
    out = []
    for e in take(r, [e for e in C.L.entries if len(words(e.name)) >= 2], 36):
        out.append(P("exact", C.etype(e), e.name, e.name, "match", src(e, "primary name")))
    return out


def spelled_alike(a, b):
    """Two thirds of the words of a have a counterpart in b within two edits
    (or a third of the word): an alias that is another spelling, not a
    nickname or a former name ('EL NICE' for 'BARRERA MEDRANO, Nicandro',
    'BANCO NACIONAL' for 'BANCO CORPORATIVO SA') no name comparison could
    relate."""
    wa, wb = words(a), words(b)
    hit = sum(1 for x in wa if any(osa(x, y) <= max(2, len(x) // 3) for y in wb))
    return hit * 3 >= len(wa) * 2


def cat_alias(C):
    r = rng("alias")
    cands = []
    for e in C.L.entries:
        for a in e.aliases:
            if len(words(a)) >= 2 and fold(a) != fold(e.name) and len(a) >= 6 and \
                    spelled_alike(a, e.name):
                cands.append((e, a))
    out = []
    seen = set()
    for e, a in take(r, cands, 200):
        if e.id in seen:
            continue
        seen.add(e.id)
        out.append(P("alias", C.etype(e), a, e.name, "match", src(e, "alias")))
        if len(out) == 40:
            break
    return out


# English legal-form words and their other spellings (a word-level rule)
EN_LF = {"co": ["Company"], "company": ["Co."], "ltd": ["Limited"], "limited": ["Ltd."],
         "corp": ["Corporation"], "corporation": ["Corp."], "inc": ["Incorporated"],
         "incorporated": ["Inc."], "llc": ["Limited Liability Company", "L.L.C."],
         "jsc": ["Joint Stock Company", "J.S.C."], "plc": ["Public Limited Company"],
         "pvt": ["Private"], "private": ["Pvt."]}


# whole English legal-form phrases and their abbreviations, both ways
EN_LF_PHRASE = {"limited liability company": "LLC", "joint stock company": "JSC",
                "public joint stock company": "PJSC", "open joint stock company": "OJSC",
                "closed joint stock company": "CJSC", "public limited company": "PLC",
                "company limited": "Co., Ltd.", "private limited": "Pvt. Ltd."}
EN_LF_PHRASE.update({lf_key(v): k.title() for k, v in list(EN_LF_PHRASE.items())})


def english_form(form, r):
    """Another English spelling of a legal form: a whole phrase as its
    abbreviation or back, else word by word (Co. -> Company, Ltd -> Limited)."""
    k = lf_key(form)
    if k in EN_LF_PHRASE:
        new = EN_LF_PHRASE[k]
    else:
        ws = re.findall(r"[A-Za-z]+", form)
        if not ws or not any(w.lower() in EN_LF for w in ws):
            return None
        new = form
        for w in ws:
            if w.lower() in EN_LF:
                new = replace_word(new, w + "." if w + "." in new else w, r.choice(EN_LF[w.lower()]))
        new = re.sub(r"\s*,\s*", " ", new) if r.random() < 0.5 else new
    return new.upper() if form.isupper() else new


def cat_legal_form(C):
    r = rng("legal-form")
    out = []
    for e in take(r, C.entities(), 4000):
        sp = C.lf.split(e.name)
        if not sp:
            continue
        base, form, pos = sp
        new = english_form(form, r)
        if not new:
            continue
        a = join_form(base, new, pos)
        if fold(a) == fold(e.name):
            continue
        out.append(P("legal-form", C.etype(e), a, e.name, "match",
                     src(e, "rule legal-form-english '%s'->'%s'" % (form, new))))
        if len(out) == 36:
            break
    return out


def abbreviation_table(C):
    """(long, short) word pairs of symbols.yml: within one group, a short member
    (<= 5 letters) that is a subsequence of a long one with the same first
    letter ('intl' / 'international', 'grp' / 'group')."""
    pairs = {}
    for section in ("org_symbols", "org_domains"):
        for key, members in (C.symbols.get(section) or {}).items():
            ms = [str(m).lower() for m in (members or []) + [key] if re.fullmatch(r"[a-z]+", str(m).lower())]
            for s in ms:
                if len(s) > 5 or len(s) < 2:
                    continue
                for l in ms:
                    if len(l) >= 6 and l[0] == s[0] and is_subseq(s, l):
                        pairs.setdefault(l, s)
    return pairs


def is_subseq(s, l):
    it = iter(l)
    return all(c in it for c in s)


def cat_abbreviation(C):
    r = rng("abbreviation")
    table = abbreviation_table(C)
    out = []
    for e in take(r, C.entities(), 5000):
        ws = [w for w in re.findall(r"[A-Za-z]+", e.name) if w.lower() in table]
        if not ws:
            continue
        w = r.choice(ws)
        s = table[w.lower()]
        s = s.upper() if w.isupper() else title(s)
        a = replace_word(e.name, w, s)
        if a == e.name:
            continue
        out.append(P("abbreviation", C.etype(e), a, e.name, "match",
                     src(e, "rule abbreviation '%s'->'%s' (symbols.yml)" % (w, s))))
        if len(out) == 36:
            break
    return out


def rarest_word(C, name, minlen=4):
    ws = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= minlen]
    if not ws:
        return None
    return min(ws, key=lambda w: (C.L.df.get(w.lower(), 0), ws.index(w)))


def cat_typo(C, n_edits):
    cat = "typo-%d" % n_edits
    r = rng(cat)
    out = []
    for e in take(r, C.L.entries, 3000):
        w = rarest_word(C, e.name, 5 if n_edits == 1 else 7)
        if not w:
            continue
        t = w
        while t == w or osa(t.lower(), w.lower()) != n_edits:
            t = w
            for _ in range(n_edits):
                t = edit(t, r)
        a = replace_word(e.name, w, t)
        out.append(P(cat, C.etype(e), a, e.name, "match",
                     src(e, "rule %s '%s'->'%s'" % (cat, w, t))))
        if len(out) == 36:
            break
    return out


def cat_person_order(C):
    r = rng("person-order")
    out = []
    for e in take(r, C.persons(), 36):
        a = person_display(e, upper_surname=r.random() < 0.5)
        out.append(P("person-order", "person", a, e.name, "match",
                     src(e, "rule 'SURNAME, Given' -> 'Given Surname'")))
    return out


def content_tokens(C, name):
    sp = C.lf.split(name)
    base = sp[0] if sp else name
    return base, sp


def cat_token_order(C):
    r = rng("token-order")
    out = []
    for e in take(r, C.entities(), 3000):
        base, sp = content_tokens(C, e.name)
        toks = base.split()
        if not 2 <= len(toks) <= 5 or "(" in base or "," in base:
            continue
        i = r.randrange(len(toks) - 1)
        toks[i], toks[i + 1] = toks[i + 1], toks[i]
        nb = " ".join(toks)
        a = join_form(nb, sp[1], sp[2]) if sp else nb
        if fold(a) == fold(e.name):
            continue
        out.append(P("token-order", C.etype(e), a, e.name, "match",
                     src(e, "rule swap words %d,%d" % (i + 1, i + 2))))
        if len(out) == 36:
            break
    return out


def cat_drop_token(C):
    r = rng("drop-token")
    out = []
    for e in take(r, C.L.entries, 3000):
        if e.type == "person":
            continue
        base, sp = content_tokens(C, e.name)
        toks = base.split()
        if len(toks) < 3 or "(" in base:
            continue
        keep = min(range(len(toks)), key=lambda k: C.L.df.get(fold(toks[k]), 0))
        cand = [k for k in range(len(toks)) if k != keep and fold(toks[k]) not in
                ("of", "and", "the", "de")]
        if not cand:
            continue
        k = r.choice(cand)
        nb = " ".join(toks[:k] + toks[k + 1:])
        a = join_form(nb, sp[1], sp[2]) if sp else nb
        out.append(P("drop-token", C.etype(e), a, e.name, "match",
                     src(e, "rule drop word '%s' (not the rarest)" % toks[k])))
        if len(out) == 36:
            break
    return out


def chinese_entries(C):
    out = []
    for e in C.L.entries:
        cs = " ".join(e.countries)
        if "China" in cs or "Hong Kong" in cs or "CN" in e.countries or re.search(
                r"\bChina\b", e.addresses[-40:]):
            out.append(e)
    return out


def cat_pinyin_spacing(C):
    r = rng("pinyin-spacing")
    out = []
    for e in take(r, chinese_entries(C), 3000):
        toks = e.name.split()
        opts = []
        for k, t in enumerate(toks):
            w = re.sub(r"[^A-Za-z]", "", t)
            if w == t.strip(",") and len(w) >= 4:
                sy = C.zh.pinyin_word(w)
                if sy and len(sy) >= 2:
                    opts.append(("split", k, sy))
        for k in range(len(toks) - 1):
            a_, b_ = toks[k], toks[k + 1]
            if all(re.fullmatch(r"[A-Za-z]+", x) and C.zh.segment(x) == [x.lower()] for x in (a_, b_)):
                opts.append(("join", k, None))
        if not opts:
            continue
        how, k, sy = r.choice(opts)
        toks = list(toks)
        if how == "split":
            w = toks[k]
            parts, i = [], 0
            for s in sy:
                parts.append(w[i:i + len(s)])
                i += len(s)
            parts = [parts[0]] + [p if w.isupper() else title(p) for p in parts[1:]]
            toks[k] = " ".join(parts)
            what = "split '%s'" % w
        else:
            toks[k:k + 2] = [toks[k] + (toks[k + 1].lower() if not toks[k].isupper() else toks[k + 1])]
            what = "join '%s'" % toks[k]
        a = " ".join(toks)
        out.append(P("pinyin-spacing", C.etype(e), a, e.name, "match",
                     src(e, "rule pinyin %s" % what)))
        if len(out) == 36:
            break
    return out


ACCENT = {"a": "áàâäã", "e": "éèêë", "i": "íìîï", "o": "óòôöõ", "u": "úùûü", "c": "ç", "n": "ñ"}
HOMOGLYPH = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і",
             "A": "А", "E": "Е", "O": "О", "P": "Р", "C": "С", "X": "Х", "K": "К", "M": "М",
             "T": "Т", "H": "Н", "B": "В"}


def noise(name, r):
    how = r.choice(["accents", "fullwidth", "homoglyphs", "case-space"])
    if how == "accents":
        out = "".join(r.choice(ACCENT[c.lower()]) if c.lower() in ACCENT and r.random() < 0.35
                      else c for c in name)
        return (out.lower() if r.random() < 0.5 else out), how
    if how == "fullwidth":
        ws = name.split()
        k = r.randrange(len(ws))
        ws[k] = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in ws[k])
        return " ".join(ws), how
    if how == "homoglyphs":
        out = "".join(HOMOGLYPH[c] if c in HOMOGLYPH and r.random() < 0.4 else c for c in name)
        return out, "Cyrillic homoglyphs"
    out = "  ".join(name.split()).swapcase()
    return out.replace(" ", "\u00a0", 1), "case, no-break and double spaces"


def cat_unicode_noise(C):
    r = rng("unicode-noise")
    out = []
    for e in take(r, [e for e in C.L.entries if re.fullmatch(r"[ -~]+", e.name)], 36):
        a, how = noise(e.name, r)
        if a == e.name:
            a = e.name.lower()
        out.append(P("unicode-noise", C.etype(e), a, e.name, "match", src(e, "rule " + how)))
    return out


def single_distinctive(C, name):
    """The distinctive word of a company name made of exactly one distinctive
    word (in at most 3 listed names, alphabetic, 5+ letters) and 1-4 common
    words or a legal form; None for other names."""
    base, sp = content_tokens(C, name)
    toks = re.findall(r"[A-Za-z]+", base)
    if not 2 <= len(toks) + (1 if sp else 0) <= 5:
        return None
    dist = [t for t in toks if not C.L.common(t.lower())]
    if len(dist) != 1 or len(dist[0]) < 5 or not C.L.rare(dist[0].lower()):
        return None
    if not any(C.L.common(t.lower()) for t in toks) and not sp:
        return None
    return dist[0]


def companies(C):
    """Entities that are companies for certain: typed entities and Entity List
    rows whose name carries a legal form."""
    return [e for e in C.entities() if C.etype(e) == "entity"]


def cat_neg_generic_shared(C):
    r = rng("neg-generic-shared")
    pool = sorted({w for e in C.entities() for w in re.findall(r"[A-Za-z]{5,12}", e.name)
                   if C.L.rare(w.lower()) and not C.L.common(w.lower())})
    out = []
    for e in take(r, companies(C), 6000):
        d = single_distinctive(C, e.name)
        if not d:
            continue
        for _ in range(20):
            w = r.choice(pool)
            if abs(len(w) - len(d)) <= 2 and osa(w.lower(), d.lower()) >= 3:
                break
        else:
            continue
        w = w.upper() if d.isupper() else title(w)
        a = replace_word(e.name, d, w)
        if C.is_listed(a):
            continue
        out.append(P("neg-generic-shared", C.etype(e), a, e.name, "nonmatch",
                     src(e, "rule distinctive word '%s'->'%s' (a word of another listed name), generic words kept" % (d, w))))
        if len(out) == 240:
            break
    return out


def synth_word(r, n=None):
    cons, vows = "bdfgklmnprstvxz", "aeiou"
    n = n or r.choice([2, 3])
    w = "".join(r.choice(cons) + r.choice(vows) for _ in range(n))
    if r.random() < 0.5:
        w += r.choice("nrxs")
    return w


def cat_neg_synthetic(C):
    r = rng("neg-synthetic-company")
    out = []
    for e in take(r, companies(C), 6000):
        d = single_distinctive(C, e.name)
        if not d:
            continue
        w = synth_word(r)
        while C.L.df.get(w, 0) or osa(w, d.lower()) < 3:
            w = synth_word(r)
        w = w.upper() if d.isupper() else title(w)
        a = replace_word(e.name, d, w)
        out.append(P("neg-synthetic-company", C.etype(e), a, e.name, "nonmatch",
                     src(e, "rule distinctive word '%s' -> synthetic '%s'" % (d, w))))
        if len(out) == 240:
            break
    return out


# ---------------------------------------------------------------------------
# legal forms, typos in common words and phrases


def country_hints(e):
    h = {fold(c) for c in e.countries}
    if e.addresses:
        for part in re.split(r";|\band\b", e.addresses):
            tail = part.strip().rstrip(".").split(",")[-1].strip()
            if tail:
                h.add(fold(tail))
    return {x for x in h if x}


def group_fits(g, e):
    if not g["country"]:
        return False
    if g["country"] in e.countries:
        return True
    cn = fold(g["cname"] or "")
    return any(cn.startswith(x.split()[0]) for x in country_hints(e) if x)


def best_group(C, e, form):
    gis = C.lf.groups_of(form)
    if not gis:
        return None
    gs = [C.lf.groups[i] for i in gis]
    for g in gs:
        if group_fits(g, e):
            return g
    return gs[0]


def foreign_forms(C, g, form):
    """Forms of group g that write `form` in another language or script: not
    English, not the same when compared, and every word of a long form in two
    or more ELF codes (a word in one only is likely a misspelling of the
    code list: 'Responsalided')."""
    out = []
    for s, kind, lang in g["forms"]:
        if lf_key(s) == lf_key(form) or lang == "en" or len(s.split()) > 6:
            continue
        if len(s) > 6 and any(C.lf.word_groups[w] < 2 for w in words(s) if len(w) > 3):
            continue
        if script_of(s) == "latin" and lang == "-":
            continue  # org_types' Latin aliases include misspellings
        out.append((s, kind, lang))
    return out


PREFIX_LANGS = ("ru", "be", "uk", "bg", "cyrillic")


def cat_legal_form_foreign(C):
    r = rng("legal-form-foreign")
    cands = []
    for e in companies(C):
        sp = C.lf.split(e.name)
        if not sp:
            continue
        g = best_group(C, e, sp[1])
        if g and foreign_forms(C, g, sp[1]):
            cands.append((e, sp, g))
    by_group = collections.defaultdict(list)
    for e, sp, g in cands:
        by_group[g["id"]].append((e, sp))
    out = []
    # at most 3 pairs per legal form, so that GmbH and OOO do not fill the category
    used = collections.Counter()
    for e, sp, g in take(r, cands, len(cands)):
        if used[g["id"]] >= 3:
            continue
        base, form, pos = sp
        s, kind, lang = r.choice(foreign_forms(C, g, form))
        npos = "prefix" if lang in PREFIX_LANGS and script_of(s) == "cyrillic" else pos
        if script_of(s) == "han":
            # 有限公司 is 'limited company': a 'Co.' before 'Limited' goes with it
            base = re.sub(r"(?i),?\s*\b(co\.?|company),?$", "", base).strip()
        a = join_form(base, s, npos)
        used[g["id"]] += 1
        out.append(P("legal-form-foreign", "entity", a, e.name, "match",
                     src(e, "rule legal form %s '%s'->'%s' (%s, %s)" % (g["id"], form, s, kind, lang))))
        # the hard negative: another listed name of the same legal form
        others = [(e2, sp2) for e2, sp2 in by_group[g["id"]] if fold(sp2[0]) != fold(base)
                  and words(sp2[0])[0] != words(base)[0] and not set(words(sp2[0])) & set(words(base))]
        # the three closest in spelling: hard, not merely different
        others.sort(key=lambda x: (osa(fold(x[1][0]), fold(base)), x[0].id))
        if others:
            e2, sp2 = r.choice(others[:3])
            a2 = join_form(sp2[0], s, npos)
            out.append(P("legal-form-foreign", "entity", a2, e.name, "nonmatch",
                         src2(e, e2, "rule another listed name '%s' with the same legal form %s '%s'"
                              % (sp2[0], g["id"], s))))
        if len(out) >= 60:
            break
    return out


def cat_legal_form_class(C):
    r = rng("legal-form-class")
    listed_forms = collections.Counter()
    splits = {}
    for e in companies(C):
        sp = C.lf.split(e.name)
        if sp:
            splits[e.id] = sp
            listed_forms[lf_key(sp[1])] += 1
    # per country, the ELF forms the lists use (3 or more names), by abbreviation
    by_country = collections.defaultdict(dict)
    for g in C.lf.groups:
        if not g["country"]:
            continue
        for s, kind, lang in g["forms"]:
            if "abbreviation" in kind and script_of(s) == "latin" and listed_forms[lf_key(s)] >= 3:
                by_country[g["country"]].setdefault(g["id"], s)
    out = []
    nneg = 0
    pool = None
    for e in take(r, companies(C), 5000):
        sp = splits.get(e.id)
        if not sp:
            continue
        g = best_group(C, e, sp[1])
        if not g or not g["country"] or not group_fits(g, e):
            continue
        alts = [(gid, s) for gid, s in sorted(by_country[g["country"]].items())
                if gid != g["id"] and lf_key(s) != lf_key(sp[1])]
        if not alts:
            continue
        gid, s = r.choice(alts)
        base, form, pos = sp
        out.append(P("legal-form-class", "entity", join_form(base, s, pos), e.name, "match",
                     src(e, "rule legal form %s '%s' -> %s '%s' (same country %s)"
                         % (g["id"], form, gid, s, g["country"]))))
        d = single_distinctive(C, e.name)
        if d and nneg < 20:
            if pool is None:
                pool = sorted({w for w in (single_distinctive(C, x.name) for x in companies(C)) if w})
            w = r.choice(pool)
            while osa(w.lower(), d.lower()) < 3:
                w = r.choice(pool)
            if True:
                w = w.upper() if d.isupper() else title(w)
                a2 = join_form(replace_word(base, d, w), s, pos)
                nneg += 1
                out.append(P("legal-form-class", "entity", a2, e.name, "nonmatch",
                             src(e, "rule distinctive word '%s'->'%s' (of another listed name) and legal form '%s'->'%s'"
                                 % (d, w, form, s))))
        if len(out) >= 60:
            break
    return out


def cat_typo_common_word(C):
    r = rng("typo-common-word")
    out = []
    for e in take(r, companies(C), 6000):
        sp = C.lf.split(e.name)
        lfw = set(words(sp[1])) if sp else set()
        toks = re.findall(r"[A-Za-z]+", e.name)
        common = [t for t in toks if C.L.common(t.lower()) and len(t) >= 5 and t.lower() not in lfw]
        legal = [t for t in toks if t.lower() in lfw and len(t) >= 3]
        want_legal = len(out) % 3 == 2
        pool = legal if want_legal and legal else common
        if not pool:
            continue
        w = r.choice(pool)
        t = edit(w, r)
        if t.lower() == w.lower():
            continue
        a = replace_word(e.name, w, t)
        out.append(P("typo-common-word", C.etype(e), a, e.name, "match",
                     src(e, "rule one edit in the %s word '%s'->'%s'"
                         % ("legal-form" if w in legal and pool is legal else "common", w, t))))
        if len(out) == 42:
            break
    return out


def acronym(ws):
    return "".join(w[0] for w in ws if w not in ("of", "and", "the", "for", "de", "in"))


def cat_phrase_typo(C):
    """A typo inside a multi-word phrase that has an abbreviation: a legal form
    of several words whose group has an abbreviation, or a listed name whose
    entry also lists its acronym."""
    r = rng("phrase-typo")
    phrases = {}
    for g in C.lf.groups:
        abbrs = [s for s, kind, lang in g["forms"] if "abbreviation" in kind or len(s) <= 6]
        if not abbrs:
            continue
        for s, kind, lang in g["forms"]:
            k = lf_key(s)
            if len(k.split()) >= 2 and script_of(s) == "latin" and all(
                    w in C.L.df for w in k.split()) and k not in phrases:
                phrases[k] = "legal form %s, abbreviated '%s'" % (g["id"], abbrs[0])
    cands = []
    for e in C.L.entries:
        if e.type == "person":
            continue
        fw = " %s " % " ".join(words(e.name))
        for k, why in phrases.items():
            if " %s " % k in fw:
                cands.append((e, k, why))
        ws = words(e.name)
        acr = acronym(ws)
        if len(acr) >= 3 and any(fold(a).replace(" ", "") == acr for a in e.aliases):
            cands.append((e, " ".join(ws), "the entry lists its acronym '%s'" % acr.upper()))
    out = []
    seen = set()
    per_phrase = collections.Counter()
    for e, k, why in take(r, cands, len(cands)):
        if e.id in seen or per_phrase[k] >= 4:
            continue
        pw = [w for w in k.split() if len(w) >= 5]
        if not pw:
            continue
        target = r.choice(pw)
        m = re.search(r"(?i)(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(target), e.name)
        if not m:
            continue
        w = m.group(0)
        t = edit(w, r)
        if t.lower() == w.lower():
            continue
        seen.add(e.id)
        per_phrase[k] += 1
        out.append(P("phrase-typo", C.etype(e), e.name[:m.start()] + t + e.name[m.end():], e.name,
                     "match", src(e, "rule one edit '%s'->'%s' in the phrase '%s' (%s)" % (w, t, k, why))))
        if len(out) == 40:
            break
    return out


# ---------------------------------------------------------------------------
# transliteration: Cyrillic, Korean, Wade-Giles, Japanese, Arabic

OTHER_SCHEMES = ("icao_doc_9303", "gost779b", "gost_52535", "mvd_310", "ala_lc", "scientific",
                 "ungegn_1987", "gost_779")


def ru_given_first(ru, scheme, cs, cg):
    return ru.roman(scheme, " ".join(cg + [cs]))


def cat_translit_cyrillic(C, skip_ids=()):
    r = rng("translit-cyrillic")
    persons = [p for p in russian_persons(C.L, C.ru) if p[0].id not in skip_ids]
    out = []
    for e, s, gw, cs, cg in take(r, persons, 36):
        scheme = r.choice(("cyrillic",) + OTHER_SCHEMES)
        if scheme == "cyrillic":
            a = " ".join([cs] + cg)
        else:
            a = ru_given_first(C.ru, scheme, cs, cg)
        out.append(P("translit-cyrillic", "person", a, e.name, "match",
                     src(e, "rule Cyrillic by rule '%s', then %s" % (" ".join([cs] + cg), scheme))))
    # hard negatives: another listed person sharing the surname, or the given
    # name and patronymic
    by_sur = collections.defaultdict(list)
    by_giv = collections.defaultdict(list)
    for p in persons:
        by_sur[fold(p[1])].append(p)
        if len(p[2]) == 2:
            by_giv[fold(" ".join(p[2]))].append(p)
    groups = [g for g in list(by_sur.values()) + list(by_giv.values()) if len(g) >= 2]
    n = 0
    for g in take(r, groups, len(groups)):
        x, y = r.sample(g, 2)
        if fold(x[0].name) == fold(y[0].name) or {fold(v) for v in x[0].names()} & {
                fold(v) for v in y[0].names()}:
            continue
        scheme = r.choice(("cyrillic",) + OTHER_SCHEMES)
        a = " ".join([x[3]] + x[4]) if scheme == "cyrillic" else ru_given_first(C.ru, scheme, x[3], x[4])
        out.append(P("translit-cyrillic", "person", a, y[0].name, "nonmatch",
                     src2(x[0], y[0], "rule %s of '%s' against another listed person sharing %s"
                          % (scheme, x[0].name, "the surname" if fold(x[1]) == fold(y[1])
                             else "given name and patronymic"))))
        n += 1
        if n == 36:
            break
    return out


def korean_persons(C):
    """Listed persons with a Korean name ('KIM, Jong Un'; nationality KP/KR or a
    DPRK program): every syllable back in Hangul by rule."""
    out = []
    for e in C.persons():
        if not (e.countries & {"KP", "KR"} or "DPRK" in e.programs or "NKSPEA" in e.programs):
            continue
        sw, gw = person_parts(e.name)
        if len(sw) != 1:
            continue
        syls = [x for g in gw for x in g.split("-")]
        if not 1 <= len(syls) <= 3:
            continue
        hs = mr_syllable_to_hangul(sw[0].replace("\u2019", "'"))
        hg = [mr_syllable_to_hangul(x) for x in syls]
        if not hs or None in hg:
            continue
        out.append((e, hs, "".join(hg), syls))
    return out


def korean_variants(hs, hg, r):
    kind = r.choice(["rr", "rr-hyphen", "mr", "hangul"])
    if kind == "hangul":
        return hs + hg, "as is"
    if kind == "mr":
        g = "-".join(mr_diacritics(c) for c in hg)
        return "%s %s" % (title(mr_diacritics(hs)), g[:1].upper() + g[1:]), \
            "McCune-Reischauer with breves"
    sep = "-" if kind == "rr-hyphen" else ""
    g = sep.join(rr(c) for c in hg)
    return "%s %s" % (title(rr(hs)), g[:1].upper() + g[1:]), "Revised Romanisation"


def cat_korean(C):
    r = rng("korean-romanisation")
    persons = korean_persons(C)
    out = []
    for e, hs, hg, syls in take(r, persons, 36):
        a, how = korean_variants(hs, hg, r)
        out.append(P("korean-romanisation", "person", a, e.name, "match",
                     src(e, "rule Hangul by rule '%s', %s" % (hs + hg, how))))
    # hard negatives: another listed Korean with the same surname and a given
    # name sharing a syllable
    n = 0
    pairs = [(x, y) for i, x in enumerate(persons) for y in persons[i + 1:]
             if x[1] == y[1] and x[2] != y[2] and set(x[2]) & set(y[2])
             and x[0].id != y[0].id]
    for x, y in take(r, pairs, 36):
        if {fold(v) for v in x[0].names()} & {fold(v) for v in y[0].names()}:
            continue
        a, how = korean_variants(x[1], x[2], r)
        out.append(P("korean-romanisation", "person", a, y[0].name, "nonmatch",
                     src2(x[0], y[0], "rule %s of '%s' against another listed person, same surname, one given syllable shared" % (how, x[0].name))))
        n += 1
        if n == 34:
            break
    return out


def pinyin_persons(C):
    out = []
    for e in chinese_entries(C):
        if e.type != "person":
            continue
        sw, gw = person_parts(e.name)
        if len(sw) != 1:
            continue
        ss = C.zh.segment(sw[0])
        gs = [C.zh.segment(g) for g in gw]
        if not ss or len(ss) != 1 or None in gs:
            continue
        gsy = [s for g in gs for s in g]
        if not 1 <= len(gsy) <= 2:
            continue
        out.append((e, ss[0], gsy))
    return out


def wade_name(C, sur, gsy):
    g = "-".join(C.zh.wade(s) for s in gsy)
    return "%s %s" % (title(C.zh.wade(sur)), g[:1].upper() + g[1:])


ASPIRATION = {"zhang": "chang", "chang": "zhang", "zhou": "chou", "chou": "zhou", "dong": "tong",
              "tong": "dong", "bai": "pai", "pai": "bai", "gao": "kao", "kao": "gao", "du": "tu",
              "tu": "du", "ding": "ting", "ting": "ding", "guo": "kuo", "kuo": "guo", "deng": "teng",
              "teng": "deng", "zhu": "chu", "chu": "zhu", "zhao": "chao", "chao": "zhao",
              "ji": "qi", "qi": "ji", "jiang": "qiang", "gu": "ku", "ku": "gu", "bao": "pao",
              "ge": "ke", "ke": "ge", "bi": "pi", "pi": "bi", "dai": "tai", "tai": "dai"}


def cat_wade_giles(C):
    r = rng("wade-giles")
    persons = pinyin_persons(C)
    out = []
    for e, sur, gsy in take(r, persons, 30):
        if not all(C.zh.wade(s) for s in [sur] + gsy):
            continue
        out.append(P("wade-giles", "person", wade_name(C, sur, gsy), e.name, "match",
                     src(e, "rule pinyin '%s %s' -> Wade-Giles" % (sur, " ".join(gsy)))))
    # companies: every pinyin word of the name in Wade-Giles
    nent = 0
    for e in take(r, [e for e in companies(C) if {"China", "Hong Kong"} & e.countries], 4000):
        toks = e.name.split()
        changed = False
        for k, t in enumerate(toks):
            w = re.sub(r"[^A-Za-z]", "", t)
            sy = C.zh.pinyin_word(w)
            if sy and len(sy) >= 2 and all(C.zh.wade(s) for s in sy):
                wg = "-".join(C.zh.wade(s) for s in sy)
                toks[k] = t.replace(w, wg[:1].upper() + wg[1:])
                changed = True
        if not changed:
            continue
        out.append(P("wade-giles", C.etype(e), " ".join(toks), e.name, "match",
                     src(e, "rule pinyin words -> Wade-Giles")))
        nent += 1
        if nent == 10:
            break
    # hard negatives: another listed person of the same surname, or the same
    # given name under a surname that differs only in aspiration (Zhang / Chang)
    n = 0
    by_sur = collections.defaultdict(list)
    for p in persons:
        by_sur[p[1]].append(p)
    for x in take(r, persons, len(persons)):
        others = [y for y in by_sur[x[1]] if y[2] != x[2] and y[0].id != x[0].id]
        if n % 3 == 2 and x[1] in ASPIRATION:
            sur2 = ASPIRATION[x[1]]
            if not all(C.zh.wade(s) for s in [sur2] + x[2]):
                continue
            out.append(P("wade-giles", "person", wade_name(C, sur2, x[2]), x[0].name, "nonmatch",
                         src(x[0], "rule surname '%s'->'%s' (another surname; Wade-Giles differs by the aspiration mark), then Wade-Giles" % (x[1], sur2))))
        elif others:
            y = r.choice(others)
            if not all(C.zh.wade(s) for s in [x[1]] + x[2]):
                continue
            out.append(P("wade-giles", "person", wade_name(C, x[1], x[2]), y[0].name, "nonmatch",
                         src2(x[0], y[0], "rule Wade-Giles of '%s' against another listed person of the same surname" % x[0].name)))
        else:
            continue
        n += 1
        if n == 36:
            break
    return out


def japanese_persons(C):
    """Listed persons with a Japanese name: Japan (or JP) in their addresses,
    places of birth or nationalities, every word in Hepburn syllables."""
    out = []
    for e in C.persons():
        if not (re.search(r"\b(Japan|JP)\b", e.addresses + ";" + e.births) or "JP" in e.countries):
            continue
        sw, gw = person_parts(e.name)
        if len(sw) != 1 or len(gw) != 1:
            continue
        sy_s, sy_g = hepburn_syllables(sw[0]), hepburn_syllables(gw[0])
        if sy_s and sy_g:
            out.append((e, sy_s, sy_g))
    return out


def cat_japanese(C):
    r = rng("japanese-kana")
    persons = japanese_persons(C)
    out = []
    for e, ss, sg in persons:
        hs, hg = to_hiragana(ss), to_hiragana(sg)
        for kind in ("katakana", "hiragana", "kunrei"):
            if kind == "katakana":
                a = "%s %s" % (to_katakana(hs), to_katakana(hg))
            elif kind == "hiragana":
                a = "%s%s" % (hs, hg)
            else:
                a = "%s %s" % (title(kunrei(sg)), title(kunrei(ss)))
                if fold(a) == fold(person_display(e)):
                    continue
            out.append(P("japanese-kana", "person", a, e.name, "match",
                         src(e, "rule Hepburn -> %s" % kind)))
    # hard negatives: the kana of the given name under another listed
    # Japanese surname, and of the surname with another listed given name
    for e, ss, sg in persons:
        others = [x for x in persons if x[1] != ss and x[0].id != e.id]
        if not others:
            continue
        x = r.choice(others)
        a = "%s %s" % (to_katakana(to_hiragana(x[1])), to_katakana(to_hiragana(sg)))
        out.append(P("japanese-kana", "person", a, e.name, "nonmatch",
                     src2(e, x[0], "rule katakana of the given name under another listed Japanese surname '%s'" % person_parts(x[0].name)[0][0])))
        others = [x for x in persons if x[2] != sg and x[0].id != e.id]
        x = r.choice(others)
        a = "%s %s" % (to_katakana(to_hiragana(ss)), to_katakana(to_hiragana(x[2])))
        out.append(P("japanese-kana", "person", a, e.name, "nonmatch",
                     src2(e, x[0], "rule katakana of the surname with another listed Japanese given name '%s'" % person_parts(x[0].name)[1][0])))
    return out


# Arabic names: spelling families of common given names (a table of the usual
# romanisations), the article and 'Abd' compounds
ARABIC_FAMILIES = [
    ["Muhammad", "Mohammed", "Mohammad", "Mohamed", "Mohamad", "Muhammed", "Mohammod"],
    ["Ahmad", "Ahmed"], ["Hussein", "Husayn", "Hussain", "Husain", "Hossein"],
    ["Hassan", "Hasan"], ["Abdullah", "Abdallah", "Abdulla"],
    ["Yusuf", "Youssef", "Yousef", "Yousif", "Yusef"], ["Omar", "Umar"],
    ["Othman", "Uthman", "Osman"], ["Mahmoud", "Mahmud"], ["Mustafa", "Mustapha", "Moustafa"],
    ["Ibrahim", "Ebrahim"], ["Khalid", "Khaled"], ["Said", "Saeed", "Saied"],
    ["Hamid", "Hamed"], ["Rashid", "Rasheed", "Rachid"], ["Saleh", "Salih"],
    ["Faisal", "Faysal", "Feisal"], ["Qasim", "Qassim", "Kassem", "Qasem"],
    ["Abdulrahman", "Abdurrahman", "Abdelrahman"], ["Abdulaziz", "Abdelaziz"],
    ["Suleiman", "Sulayman", "Soliman", "Sulaiman"], ["Yahya", "Yehia", "Yahia"],
    ["Ismail", "Ismael", "Esmail"], ["Jamal", "Gamal"], ["Nasser", "Nasir", "Naser"],
]
FAMILY = {fold(n): k for k, f in enumerate(ARABIC_FAMILIES) for n in f}
VOWELLESS = ["Mhd", "Mohd", "Md"]  # written abbreviations of Muhammad
SUN = set("tdrzsnl") | {"th", "dh", "sh"}
ARAB_CC = {"SY", "IQ", "LB", "SA", "YE", "EG", "LY", "TN", "DZ", "MA", "KW", "AE", "QA", "BH",
           "OM", "JO", "PS", "SD", "SO", "MR"}


def arab_persons(C):
    out = []
    for e in C.persons():
        toks = words(e.name)
        if e.countries & ARAB_CC or any(t in FAMILY for t in toks) or "al" in toks:
            out.append(e)
    return out


def arabic_rule_variant(name, r):
    """One rule applied to a listed name: (variant, rule) or None."""
    toks = name.split()
    opts = []
    for k, t in enumerate(toks):
        core = t.strip(",")
        f = FAMILY.get(fold(core))
        if f is not None:
            alts = [x for x in ARABIC_FAMILIES[f] if fold(x) != fold(core)]
            opts.append(("family", k, alts))
            if f == 0:
                opts.append(("vowel-less", k, VOWELLESS))
        m = re.fullmatch(r"(?i)(al|el)-([a-z']+)(,?)", t)
        if m:
            rest = m.group(2)
            sun = rest[:2].lower() if rest[:2].lower() in SUN else rest[:1].lower()
            alts = ["el-" + rest, "Al " + rest, "Al" + rest.lower(), rest]
            if sun in SUN:
                alts.append(sun + "-" + rest)
            alts = [a + m.group(3) for a in alts if fold(a) != fold(t)]
            opts.append(("article", k, alts))
    m = re.search(r"(?i)\bAbd(ul|el|al)?[ -]?(al[ -])?([A-Z][a-z]+|[A-Z]+)\b", name)
    if m and (m.group(1) or m.group(2)):
        w = m.group(3)
        forms = ["Abdul " + title(w), "Abdel " + title(w), "Abd al-" + title(w),
                 "Abdul" + w.lower()]
        forms = [f for f in forms if fold(f) != fold(m.group(0))]
        opts.append(("abd", m, forms))
    if not opts:
        return None
    kind, k, alts = r.choice(opts)
    new = r.choice(alts)
    if kind == "abd":
        v = name[:k.start()] + new + name[k.end():]
        return v, "rule 'Abd' compound '%s'->'%s'" % (k.group(0), new)
    old = toks[k]
    if old.isupper():
        new = new.upper()
    if kind != "article" and old.endswith(","):
        new += ","
    toks[k] = new
    return " ".join(toks), "rule %s '%s'->'%s'" % (
        {"family": "spelling family", "vowel-less": "vowel-less abbreviation",
         "article": "article"}[kind], old.strip(","), new.strip(","))


def arab_skeleton(t):
    t = t.replace("ou", "u").replace("ee", "i")
    t = re.sub(r"(ei|ai|ay|ey)", "y", t)
    t = re.sub(r"[aeiou]", "", t)
    return re.sub(r"(.)\1", r"\1", t)


def cat_arabic(C):
    r = rng("arabic-variants")
    persons = arab_persons(C)
    out = []
    # real aliases that write the same name another way
    real = []
    for e in persons:
        for a in e.aliases + [n for t, n in C.L.ofac_alt.get(e.id, []) if t == "aka"]:
            wa, wn = words(a), words(e.name)
            if len(wa) != len(wn) or sorted(wa) == sorted(wn):
                continue
            diff = [(x, y) for x, y in zip(wa, wn) if x != y]
            if 1 <= len(diff) <= 2 and all(arab_skeleton(x) == arab_skeleton(y) or
                                           FAMILY.get(x, -1) == FAMILY.get(y, -2)
                                           for x, y in diff):
                real.append((e, a))
    seen = set()
    for e, a in take(r, real, len(real)):
        if e.id in seen:
            continue
        seen.add(e.id)
        out.append(P("arabic-variants", "person", a, e.name, "match", src(e, "alias (list)")))
        if len(out) == 16:
            break
    n = 0
    for e in take(r, persons, len(persons)):
        if e.id in seen:
            continue
        v = arabic_rule_variant(e.name, r)
        if not v or fold(v[0]) == fold(e.name):
            continue
        seen.add(e.id)
        out.append(P("arabic-variants", "person", v[0], e.name, "match", src(e, v[1])))
        n += 1
        if n == 22:
            break
    # hard negatives: two listed persons whose names differ in one word only,
    # and that word is another name (Hassan / Hussein), not another spelling
    sig = collections.defaultdict(list)
    for e in persons:
        ws = words(e.name)
        if len(ws) < 2:
            continue
        for k in range(len(ws)):
            sig[tuple(ws[:k] + ["*"] + ws[k + 1:])].append((e, ws[k]))
    cands = []
    for key, grp in sig.items():
        for i, (x, wx) in enumerate(grp):
            for y, wy in grp[i + 1:]:
                if x.id != y.id and wx != wy and osa(wx, wy) <= 3 and \
                        arab_skeleton(wx) != arab_skeleton(wy) and \
                        FAMILY.get(wx, -1) != FAMILY.get(wy, -2) and \
                        not ({fold(v) for v in x.names()} & {fold(v) for v in y.names()}):
                    cands.append((x, y, wx, wy))
    cands.sort(key=lambda c: (c[0].id, c[1].id))
    n = 0
    for x, y, wx, wy in take(r, cands, len(cands)):
        out.append(P("arabic-variants", "person", x.name, y.name, "nonmatch",
                     src2(x, y, "two listed persons whose names differ in one word, '%s' / '%s'" % (wx, wy))))
        n += 1
        if n == 36:
            break
    return out


# ---------------------------------------------------------------------------
# given names, initials, obfuscation


def cat_nickname(C):
    r = rng("nickname")
    persons = C.persons()
    listed_given = collections.Counter(fold(person_parts(e.name)[1][0]) for e in persons)
    out = []
    nm = 0
    for e in take(r, persons, len(persons)):
        sw, gw = person_parts(e.name)
        g = fold(gw[0])
        nicks = sorted(x for x in C.gn.nick.get(g, ()) if len(x) >= 3 and
                       (len(x) <= len(g) or x in C.gn.english))
        cross = sorted(x for x in C.gn.cross.get(g, ()) if len(x) >= 3 and x != g and
                       (x in C.gn.english or listed_given[x] >= 2))
        if nm < 20 and nicks:
            new, how = r.choice(nicks), "nickname (nicknames.csv)"
        elif nm >= 20 and cross:
            new, how = r.choice(cross), "cross-language equivalent (cross-language-pairs.txt, kept when both are given names)"
        else:
            continue
        new = new.upper() if gw[0].isupper() else title(new)
        a = "%s %s" % (" ".join([new] + gw[1:]), " ".join(title(w) for w in sw))
        out.append(P("nickname", "person", a, e.name, "match",
                     src(e, "rule given name '%s'->'%s', %s" % (gw[0], new, how))))
        nm += 1
        if nm == 38:
            break
    english = sorted(C.gn.english)
    n = 0
    for e in take(r, persons, len(persons)):
        sw, gw = person_parts(e.name)
        g = fold(gw[0])
        if g not in C.gn.english:
            continue
        alts = [x for x in english if x[0] == g[0] and not C.gn.related(x, g) and len(x) >= 4]
        alts = [x for x in alts if x[:2] == g[:2]] or alts  # Walter for William, Alfred for Alexander
        if not alts:
            continue
        new = title(r.choice(alts))
        a = "%s %s" % (" ".join([new] + gw[1:]), " ".join(title(w) for w in sw))
        out.append(P("nickname", "person", a, e.name, "nonmatch",
                     src(e, "rule given name '%s'->'%s' (another name of the same first letter, not its nickname)" % (gw[0], new))))
        n += 1
        if n == 36:
            break
    return out


def cat_initials(C):
    r = rng("initials")
    persons = [e for e in C.persons() if all(re.fullmatch(r"[A-Za-z-]{3,}", w)
                                             for w in person_parts(e.name)[1])]
    out = []
    for e in take(r, persons, 38):
        sw, gw = person_parts(e.name)
        sur = " ".join(title(w) for w in sw)
        parts = [p for g in gw for p in g.split("-")]
        style = r.choice(["first", "all-dotted", "all-joined", "surname-first"])
        if "-" in gw[0]:
            hy = gw[0].split("-")
            a = r.choice(["%s %s" % ("-".join(p[0].upper() + "." for p in hy), sur),
                          "%s %s" % ("".join(p[0].upper() for p in hy), sur)])
            style = "hyphenated"
        elif style == "first":
            a = "%s. %s" % (gw[0][0].upper(), sur)
        elif style == "all-dotted":
            a = "%s %s" % (" ".join(p[0].upper() + "." for p in parts), sur)
        elif style == "all-joined":
            a = "%s %s" % ("".join(p[0].upper() + "." for p in parts), sur)
        else:
            a = "%s %s" % (sur, "".join(p[0].upper() + "." for p in parts))
        out.append(P("initials", "person", a, e.name, "match",
                     src(e, "rule given names as initials (%s)" % style)))
    n = 0
    by_sur = collections.defaultdict(list)
    for e in persons:
        by_sur[fold(" ".join(person_parts(e.name)[0]))].append(e)
    for e in take(r, persons, len(persons)):
        sw, gw = person_parts(e.name)
        sur = " ".join(title(w) for w in sw)
        g0 = gw[0][0].upper()
        if n % 2 == 0:
            mine = {p[0].upper() for g in gw for p in g.split("-")}
            other = r.choice([c for c in "ABDEGHIJKLMNOPRSTVY" if c not in mine])
            a = "%s. %s" % (other, sur)
            why = "rule initial '%s.' that disagrees with the given name '%s'" % (other, gw[0])
            b = e
            out.append(P("initials", "person", a, e.name, "nonmatch", src(e, why)))
        else:
            same = [x for x in by_sur[fold(" ".join(sw))] if x.id != e.id and
                    person_parts(x.name)[1][0][0].upper() != g0]
            if len(by_sur[fold(" ".join(sw))]) < 3 or not same:
                continue
            x = r.choice(same)
            out.append(P("initials", "person", "%s. %s" % (g0, sur), x.name, "nonmatch",
                         src2(e, x, "rule initial of '%s' with the common surname, against another listed person" % e.name)))
        n += 1
        if n == 36:
            break
    return out


LEET = {"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "l": "1", "t": "7"}


def cat_joined(C):
    r = rng("joined-obfuscated")
    out = []
    for k, e in enumerate(take(r, [e for e in C.L.entries if re.fullmatch(r"[A-Za-z ,.'-]+", e.name)
                                   and 2 <= len(words(e.name)) <= 4], 42)):
        how = ("camel-case joined", "digits for letters", "dotted letters", "spaced letters")[k % 4]
        if e.type == "person":
            sw, gw = person_parts(e.name)
            ws = [title(w) for w in gw + sw]
        else:
            ws = e.name.replace(",", "").split()
        if how == "camel-case joined":
            a = "".join(title(w) for w in ws)
        elif how == "digits for letters":
            ws2 = []
            for w in ws:
                idx = [i for i, c in enumerate(w) if c.lower() in LEET and i > 0]
                for i in r.sample(idx, min(len(idx), 1 if len(w) < 6 else 2)):
                    w = w[:i] + LEET[w[i].lower()] + w[i + 1:]
                ws2.append(w)
            a = " ".join(ws2)
        else:
            k2 = max(range(len(ws)), key=lambda i: (not C.L.common(ws[i].lower()), -abs(len(ws[i]) - 6)))
            w = ws[k2]
            sep = "." if how == "dotted letters" else " "
            ws[k2] = sep.join(w.upper()) + ("." if sep == "." else "")
            a = " ".join(ws)
        out.append(P("joined-obfuscated", C.etype(e), a, e.name, "match", src(e, "rule " + how)))
    return out


# ---------------------------------------------------------------------------
# numbers, place qualifiers, first-letter typos

ROMAN_RE = r"[IVXL]{2,7}"


def number_tokens(C, name):
    """[(match object, value, form)] of the numbers of a name: digits (with an
    ordinal suffix or 'No.'), Roman numerals of two or more letters, English
    number words of ordinals.yml."""
    out = []
    for m in re.finditer(r"(?i)\b(No\.? ?)?(\d{1,4})(st|nd|rd|th)?\b", name):
        form = "ordinal" if m.group(3) else ("no" if m.group(1) else "digits")
        out.append((m, int(m.group(2)), form))
    for m in re.finditer(r"\b(%s)\b" % ROMAN_RE, name):
        v = C.num.value.get(m.group(1).lower())
        if v and C.num.roman(v) and C.num.roman(v).upper() == m.group(1).upper():
            out.append((m, v, "roman"))
    for m in re.finditer(r"\b([A-Za-z]+(?:-[A-Za-z]+)?)\b", name):
        w = m.group(1)
        v = C.num.value.get(w.lower())
        if v and 1 <= v <= 100 and (C.num.english(v, True) or "").lower() == w.lower():
            out.append((m, v, "word-ordinal"))
        elif v and 1 <= v <= 100 and (C.num.english(v, False) or "").lower() == w.lower():
            out.append((m, v, "word"))
    return out


def number_form(C, v, form, upper):
    if form == "roman":
        s = C.num.roman(v)
    elif form == "ordinal":
        s = "%d%s" % (v, "th" if 10 <= v % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th"))
    elif form == "word-ordinal":
        s = C.num.english(v, True)
    elif form == "word":
        s = C.num.english(v, False)
    elif form == "no":
        s = "No. %d" % v
    else:
        s = str(v)
    if s and upper:
        s = s.upper()
    return s


def cat_numbers(C):
    r = rng("numbers")
    cands = []
    for e in C.L.entries:
        if e.type == "person":
            continue
        for m, v, form in number_tokens(C, e.name):
            cands.append((e, m, v, form))
    out = []
    nm = 0
    # the same number written another way
    equiv = {"ordinal": ["word-ordinal"], "word-ordinal": ["ordinal"], "digits": ["word", "roman"],
             "no": ["word", "digits"], "roman": ["digits", "word"], "word": ["digits", "roman"]}
    for e, m, v, form in take(r, cands, len(cands)):
        if not 1 <= v <= 100:
            continue
        nf = r.choice(equiv[form])
        s = number_form(C, v, nf, e.name.isupper())
        if not s:
            continue
        a = e.name[:m.start()] + s + e.name[m.end():]
        if fold(a) == fold(e.name):
            continue
        out.append(P("numbers", C.etype(e), a, e.name, "match",
                     src(e, "rule number %d as %s '%s'->'%s' (ordinals.yml)" % (v, nf, m.group(0), s))))
        nm += 1
        if nm == 38:
            break
    # different numbers: listed names that differ only in their number...
    sig = collections.defaultdict(list)
    for e, m, v, form in cands:
        sig[fold(e.name[:m.start()] + "#" + e.name[m.end():])].append((e, v))
    real = []
    for k, grp in sorted(sig.items()):
        vs = {}
        for e, v in grp:
            vs.setdefault(v, e)
        if len(vs) >= 2:
            a, b = sorted(vs.items())[:2]
            real.append((a[1], b[1]))
    nn = 0
    for x, y in take(r, real, 14):
        out.append(P("numbers", C.etype(x), x.name, y.name, "nonmatch",
                     src2(x, y, "two listed names that differ only in their number")))
        nn += 1
    # ...and a number changed by one, in the same form
    for e, m, v, form in take(r, cands, len(cands)):
        s = number_form(C, v + 1, form, e.name.isupper())
        if not s or (form in ("word", "word-ordinal", "roman") and v + 1 > 100):
            continue
        a = e.name[:m.start()] + s + e.name[m.end():]
        if C.is_listed(a) or fold(a) == fold(e.name):
            continue
        out.append(P("numbers", C.etype(e), a, e.name, "nonmatch",
                     src(e, "rule number %d -> %d '%s'->'%s'" % (v, v + 1, m.group(0), s))))
        nn += 1
        if nn == 38:
            break
    return out


def places(C):
    """Country names of the Entity List and the Chinese cities and provinces
    its names start with (a pinyin word that the entry's own addresses name
    between commas, first word of two or more names)."""
    countries = set()
    for e in C.L.entries:
        if e.file == "el":
            for c in e.countries:
                if re.fullmatch(r"[A-Za-z ]+", c) and len(c.split()) <= 2:
                    countries.add(c)
    cities = collections.Counter()
    for e in C.L.entries:
        if e.file == "el" and {"China", "Hong Kong"} & e.countries:
            w = e.name.split()[0].strip(",")
            # a city where an address names it between commas ('..., Wuhan, China'),
            # not a brand that addresses also carry ('Huawei Base')
            if C.zh.pinyin_word(w) and len(C.zh.pinyin_word(w)) >= 2 and re.search(
                    r"(^|[,;])\s*%s( City| Province)?\s*([,.;]|$)" % re.escape(w), e.addresses):
                cities[w] += 1
    return sorted(countries), sorted(c for c, n in cities.items() if n >= 2)


def cat_qualifiers(C):
    r = rng("qualifiers")
    countries, cities = places(C)
    kinds = {fold(c): ("country", c) for c in countries}
    kinds.update({fold(c): ("city", c) for c in cities})
    cands = []
    for e in C.L.entries:
        if e.type == "person":
            continue
        m = re.search(r"\(([A-Za-z ]+)\)", e.name)
        if m and fold(m.group(1)) in kinds:
            cands.append((e, m, "paren"))
            continue
        m = re.match(r"([A-Za-z]+) ", e.name)
        if m and fold(m.group(1)) in kinds and kinds[fold(m.group(1))][0] == "city" and \
                len(e.name.split()) >= 3:
            cands.append((e, m, "lead"))
    out = []
    nn = nm = 0
    for e, m, how in take(r, cands, len(cands)):
        place = m.group(1)
        kind, _ = kinds[fold(place)]
        pool = countries if kind == "country" else cities
        if nn <= nm:
            other = r.choice([p for p in pool if fold(p) != fold(place)])
            other = other.upper() if place.isupper() else other
            a = e.name[:m.start(1)] + other + e.name[m.end(1):]
            if C.is_listed(a):
                continue
            out.append(P("qualifiers", C.etype(e), a, e.name, "nonmatch",
                         src(e, "rule %s qualifier '%s'->'%s'" % (kind, place, other))))
            nn += 1
        else:
            a = " ".join((e.name[:m.start()] + " " + e.name[m.end():]).split()) if how == "paren" \
                else e.name[m.end():]
            a = a.replace(" ,", ",")
            if C.is_listed(a) or len(words(a)) < 2:
                continue
            out.append(P("qualifiers", C.etype(e), a, e.name, "match",
                         src(e, "rule %s qualifier '%s' on one side only" % (kind, place))))
            nm += 1
        if nn + nm == 76:
            break
    return out


def cat_typo_first_letter(C):
    r = rng("typo-first-letter")
    out = []
    n = 0
    for e in take(r, companies(C), 6000):
        d = single_distinctive(C, e.name)
        if not d:
            continue
        t = edit(edit(d, r, pos=0, kinds=("sub",)), r, kinds=("sub", "del", "ins"))
        if osa(t.lower(), d.lower()) != 2 or C.L.df.get(t.lower()):
            continue
        a = replace_word(e.name, d, t)
        out.append(P("typo-first-letter", C.etype(e), a, e.name, "nonmatch",
                     src(e, "rule the only distinctive word '%s'->'%s' (two edits, one on the first letter)" % (d, t))))
        n += 1
        if n == 38:
            break
    n = 0
    for e in take(r, C.persons(), 3000):
        sw, gw = person_parts(e.name)
        g = gw[0]
        if len(g) < 5 or not g.isalpha():
            continue
        t = edit(edit(g, r, pos=0, kinds=("sub",)), r, kinds=("sub", "del", "ins"))
        if osa(t.lower(), g.lower()) != 2:
            continue
        a = "%s, %s" % (" ".join(sw), " ".join([t] + gw[1:]))
        out.append(P("typo-first-letter", "person", a, e.name, "match",
                     src(e, "rule surname exact, given name '%s'->'%s' (two edits, one on the first letter)" % (g, t))))
        n += 1
        if n == 38:
            break
    return out


# ---------------------------------------------------------------------------
# same-script names: Han, Hangul, kana

# hand: common Chinese surnames and given-name characters, from the author's
# knowledge of name frequency (no table of the shared folder ranks them);
# every character is checked against CC-CEDICT and homophones come from its
# readings.
HAN_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
                "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
                "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤章柳黎傅")
HAN_GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国红志林海云波斌宇浩凯鹏"
             "飞婷雪琳晶欣怡萍燕梅莉丹晨阳亮峰鑫佳俊帅健旭宁龙毅博瑞翔宏琴慧倩颖璐爽玲琪雯蕾洁薇"
             "娇春梦悦思嘉子涵轩泽睿航昊然一诗雨可馨晓小东新成德永生荣福清庆民利光玮纳维靖婧立"
             "桦韬亭仪惠美纯斯家萱杭筱冬诚胜蓉富青凝隆艺祥洪勤茜莹路露姣萌月紫时君彦鹃朝夏钢贵"
             "岚智芸彬楷菲辰锋")


def han_homophones(C, ch, pool):
    rs = C.zh.readings.get(ch, set())
    return sorted(c for c in pool if c != ch and C.zh.readings.get(c, set()) & rs)


VOICE = dict(zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだぢづでどばびぶべぼ"))
VOICE.update({v: k for k, v in list(VOICE.items())})
VOICE.update({k2: v2 for k, v in list(VOICE.items()) for k2, v2 in
              [(to_katakana(k), to_katakana(v))]})


def cat_same_script(C):
    r = rng("same-script")
    out = []
    sur = [c for c in dict.fromkeys(HAN_SURNAMES) if c in C.zh.readings]
    giv = [c for c in dict.fromkeys(HAN_GIVEN) if c in C.zh.readings]
    src_han = "hand: common surnames and given-name characters (author's knowledge); rule "
    for k in range(30):
        s = r.choice(sur)
        g = "".join(r.sample(giv, r.choice([1, 2])))
        name = s + g
        if k % 2 == 0:
            a = r.choice([s + " " + g, s + "\u3000" + g, name])
            out.append(P("same-script", "person", a, name, "match", src_han + "same Han name, spacing"))
        else:
            pos = r.randrange(len(name))
            pool = HAN_SURNAMES if pos == 0 else giv
            alts = han_homophones(C, name[pos], pool)
            if not alts:
                continue
            c2 = r.choice(alts)
            a = name[:pos] + c2 + name[pos + 1:]
            out.append(P("same-script", "person", a, name, "nonmatch",
                         src_han + "one character '%s'->'%s', a homophone by CC-CEDICT readings (%s)"
                         % (name[pos], c2, "/".join(sorted(C.zh.readings[c2] & C.zh.readings[name[pos]])))))
    # Hangul: the listed Korean names in Hangul by rule
    ko = korean_persons(C)
    for k, (e, hs, hg, syls) in enumerate(take(r, ko, 24)):
        name = hs + hg
        if k % 2 == 0:
            out.append(P("same-script", "person", hs + " " + hg, name, "match",
                         src(e, "rule Hangul by rule, space after the surname")))
        else:
            pos = r.randrange(len(hg))
            i, v, f = hangul_parts(hg[pos])
            if f in (4, 21):
                c2 = hangul(i, v, 21 if f == 4 else 4)
                why = "final ㄴ/ㅇ"
            elif v in (4, 8, 13, 18):
                c2 = hangul(i, {4: 8, 8: 4, 13: 18, 18: 13}[v], f)
                why = "vowel ㅓ/ㅗ or ㅡ/ㅜ"
            else:
                c2 = hangul(i, v, 4 if f == 0 else 0)
                why = "final added or dropped"
            a = hs + hg[:pos] + c2 + hg[pos + 1:]
            out.append(P("same-script", "person", a, name, "nonmatch",
                         src(e, "rule Hangul by rule, one syllable changed (%s): %s/%s" % (why, rr(hg[pos]), rr(c2)))))
    # kana: the listed Japanese names in kana by rule
    for k, (e, ss, sg) in enumerate(japanese_persons(C)):
        ks, kg = to_katakana(to_hiragana(ss)), to_katakana(to_hiragana(sg))
        name = ks + " " + kg
        out.append(P("same-script", "person", ks + "・" + kg if k % 2 else ks + kg, name, "match",
                     src(e, "rule katakana by rule, separator changed")))
        pos = [i for i, c in enumerate(kg) if c in VOICE]
        if pos:
            p = r.choice(pos)
            a = ks + " " + kg[:p] + VOICE[kg[p]] + kg[p + 1:]
            out.append(P("same-script", "person", a, name, "nonmatch",
                         src(e, "rule katakana by rule, dakuten on one kana of the given name flipped")))
    return out


# ---------------------------------------------------------------------------
# Chinese company names in Han, by rule

# The legal-form words of Chinese company names and the CC-CEDICT terms for
# them (有限公司 /limited company/, 公司 /company/, 集团 /group/, 股份有限公司
# /joint-stock limited company; corporation/), longest first.
HAN_LEGAL = [("group co ltd", "集团有限公司"), ("group company limited", "集团有限公司"),
             ("group corporation", "集团公司"), ("group co", "集团公司"),
             ("corporation limited", "股份有限公司"), ("company ltd", "有限公司"),
             ("co ltd", "有限公司"), ("company limited", "有限公司"), ("co limited", "有限公司"),
             ("limited", "有限公司"), ("ltd", "有限公司"), ("corporation", "公司"),
             ("corp", "公司"), ("company", "公司"), ("co", "公司"), ("inc", "公司"),
             ("group", "集团")]

# inside a name: the same CC-CEDICT terms; 'HK' and 'Hongkong' are Hong Kong
HAN_WORDS = {"group": "集团", "company": "公司", "corporation": "公司", "hk": "香港",
             "hongkong": "香港"}

# hand: brands whose Han name neither pinyin nor the lists give; the Han brand
# from public knowledge of the companies (their own Chinese names).
HAN_BRANDS = {"nettrix": "宁畅", "sugon": "曙光", "hikvision": "海康威视", "iflytek": "讯飞",
              "megvii": "旷视", "sensetime": "商汤", "cloudwalk": "云从", "phytium": "飞腾",
              "cambricon": "寒武纪", "dji": "大疆", "hygon": "海光", "sophgo": "算能"}


class HanCompanies:
    """Han names of listed Chinese companies (Entity List, China or Hong
    Kong): legal-form words by HAN_LEGAL, English words through CC-CEDICT's
    glosses, pinyin words through CC-CEDICT's readings; a brand that is none
    of these through a pinyin equivalent the lists themselves give (mined) or
    the hand table HAN_BRANDS.  records: [{entry, han, category, how}]."""

    def __init__(self, C):
        self.C = C
        self.zh = C.zh
        # symbols.yml terms, kept when CC-CEDICT glosses the Han term with one
        # of the group's English words (its 'holding' group offers 集体,
        # 'collective', which is dropped)
        self.sym = {}
        for section in ("org_symbols", "org_domains"):
            for key, members in (C.symbols.get(section) or {}).items():
                eng = {m.lower() for m in members or [] if isinstance(m, str) and m.isascii()}
                han = [m for m in members or [] if isinstance(m, str) and script_of(m) == "han"
                       and any(m == c[3] for en in eng for c in self.zh.gloss_index.get(en, ()))]
                if han:
                    for en in sorted(eng):
                        self.sym.setdefault(en, han[0])
        self.places = set(fold(p) for p in places(C)[1])
        self.entries = [e for e in C.L.entries if e.file == "el" and
                        e.countries & {"China", "Hong Kong"} and "," not in e.name[:1]]
        self.mined = self._mine()
        self.records = []
        for e in self.entries:
            rec = self.build(e)
            if rec:
                self.records.append(rec)

    def _clean(self, name):
        name = re.sub(r"\([^)]*\)", " ", name)
        toks = [t for t in re.findall(r"[A-Za-z][A-Za-z'-]*", name)]
        k = lf_key(" ".join(toks))
        for lf, han in HAN_LEGAL:
            if k.endswith(" " + lf):
                toks = toks[:len(toks) - len(lf.split())]
                break
        return toks

    def _mine(self):
        """brand -> pinyin word, from (1) a name and an alias of one entry that
        differ in one word only, the brand against a pinyin word ('Inspur
        (Beijing) ...' / 'Langchao (Beijing) ...'), a leading place word
        ignored; (2) addresses of one entry naming the same house number on
        '<brand> Road' and '<pinyin> Road' ('No. 1036, Inspur Road' / 'No. 1036
        Langchao Road')."""
        mined = {}
        zh = self.zh

        def pinyin(w):
            sy = zh.pinyin_word(w)
            return sy and len(sy) >= 2

        def brand(w):
            # a brand is no English term and no place, the pinyin no place
            return len(w) >= 3 and not pinyin(w) and not self.term(w.lower())

        def place(w):
            return fold(w) in self.places or any(
                p and re.search(r"\b(city|province|county|district|prefecture|town)\b",
                                " ".join(g).lower())
                for simp, p, g in zh.words_sy.get(tuple(zh.segment(w) or ()), []))

        for e in self.entries:
            names = [self._clean(n) for n in e.names()]
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    for x, y in ((a, b), (b, a)):
                        if len(y) == len(x) + 1 and pinyin(y[0]):
                            y = y[1:]
                        if len(x) != len(y) or not x:
                            continue
                        diff = [(p, q) for p, q in zip(x, y) if p.lower() != q.lower()]
                        if len(diff) == 1 and brand(diff[0][0]) and pinyin(diff[0][1]) and \
                                not place(diff[0][1]):
                            mined.setdefault(diff[0][0].lower(), (diff[0][1], "csl:%s name/alias" % e.id))
            roads = collections.defaultdict(set)
            for m in re.finditer(r"No\.?\s*(\d+),?\s+([A-Z][a-z]+)\s+Road", e.addresses):
                roads[m.group(1)].add(m.group(2))
            for num, ws in roads.items():
                brands = [w for w in ws if brand(w)]
                pys = [w for w in ws if pinyin(w) and not place(w)]
                if len(brands) >= 1 and len(pys) == 1:
                    for b in brands:
                        mined.setdefault(b.lower(), (pys[0], "csl:%s addresses No. %s" % (e.id, num)))
        return mined

    def term(self, phrase):
        """An English term in Han: the words of company structure (HAN_WORDS),
        symbols.yml (as checked against CC-CEDICT), then CC-CEDICT for the
        singular (materials, technologies) and the word as written."""
        zh = self.zh
        if phrase in HAN_WORDS:
            return HAN_WORDS[phrase]
        return self.sym.get(phrase) or (
            zh.gloss(phrase[:-3] + "y") if phrase.endswith("ies") else None) or (
            zh.gloss(phrase[:-1]) if phrase.endswith("s") else None) or zh.gloss(phrase)

    def build(self, e):
        name = e.name
        if re.search(r"\b(of|the|for|at|in)\b|&|;|:", name, re.I) or len(name) > 90:
            return None
        # tokens and parenthesised parts in order
        parts = re.findall(r"\(([^)]*)\)|([A-Za-z][A-Za-z'-]*)", name)
        toks = []
        for paren, w in parts:
            if paren:
                toks.append(("(", paren))
            else:
                toks.append(("w", w))
        words_ = [w for kind, w in toks if kind == "w"]
        k = lf_key(" ".join(words_))
        legal = ""
        for lf, han in HAN_LEGAL:
            if k == lf:
                return None
            if k.endswith(" " + lf):
                n = len(lf.split())
                # drop the last n words from toks
                cnt = 0
                while cnt < n:
                    kind, w = toks.pop()
                    if kind == "w" and w.strip(".").lower() not in ("",):
                        cnt += 1
                legal = han
                break
        out = ""
        used = set()
        i = 0
        seq = toks
        while i < len(seq):
            kind, w = seq[i]
            if kind == "(":
                inner = self.phrase_han([x for x in re.findall(r"[A-Za-z][A-Za-z'-]*", w)], used)
                if inner is None:
                    return None
                out += "（%s）" % inner
                i += 1
                continue
            j = i
            run = []
            while j < len(seq) and seq[j][0] == "w":
                run.append(seq[j][1])
                j += 1
            h = self.phrase_han(run, used)
            if h is None:
                return None
            out += h
            i = j
        han = out + legal
        if not re.search(r"[\u4e00-\u9fff]", han) or re.search(r"[A-Za-z]", han):
            return None
        if not legal and "glossary" not in used and "alias" not in used:
            return None  # a person or a bare brand, not a company name
        if "alias" in used:
            cat = "han-alias"
        elif "mined" in used:
            cat = "han-mined"
        elif "pinyin" in used:
            cat = "han-glossary"
        else:
            return None
        return {"entry": e, "han": han, "category": cat, "how": sorted(used)}

    def phrase_han(self, ws, used):
        out = ""
        i = 0
        while i < len(ws):
            done = False
            # glossary phrases of 4..2 words, then single words
            for n in (4, 3, 2):
                if i + n <= len(ws):
                    ph = " ".join(w.lower() for w in ws[i:i + n])
                    for cand in (ph, ph.replace(" and ", "-")):
                        t = self.term(cand)
                        if t:
                            out += t
                            used.add("glossary")
                            i += n
                            done = True
                            break
                if done:
                    break
            if done:
                continue
            w = ws[i]
            lw = w.lower()
            sy = self.zh.pinyin_word(w)
            if lw == "and":
                pass  # Chinese names join the parts: 研究设计院 'Research and Design Institute'
            elif lw in HAN_BRANDS:
                out += HAN_BRANDS[lw]
                used.add("alias")
            elif lw in self.mined:
                h = self.zh.han_of_pinyin(self.mined[lw][0])
                if not h:
                    return None
                out += h
                used.add("mined")
            elif sy and (self.zh.words_sy.get(tuple(sy)) or not self.term(lw)):
                h = self.zh.han_of_pinyin(w)
                if not h:
                    return None
                out += h
                used.add("pinyin")
            else:
                t = self.term(lw)
                if not t:
                    return None
                out += t
                used.add("glossary")
            i += 1
        return out


def cat_han_company(C, skip_ids=()):
    r = rng("han-company")
    H = C.han()
    recs = [x for x in H.records if x["entry"].id not in skip_ids]
    out = []
    for x in take(r, recs, 36):
        e = x["entry"]
        out.append(P("han-company", "entity", x["han"], e.name, "match",
                     src(e, "rule Han by %s (CC-CEDICT)" % "+".join(x["how"]))))
    # hard negatives: the Han name of another listed company of the same city
    # (first word) sharing an industry word
    n = 0
    for x in take(r, H.records, len(H.records)):
        e = x["entry"]
        city = words(e.name)[0]
        if city not in H.places:
            continue
        ind = set(words(e.name)[1:]) - {"co", "ltd", "limited", "company", "corporation"}
        others = [y for y in H.records if y["entry"].id != e.id and words(y["entry"].name)[0] == city
                  and set(words(y["entry"].name)[1:]) & ind and y["han"] != x["han"]
                  and y["entry"].name not in e.names()]
        if not others:
            continue
        y = r.choice(sorted(others, key=lambda z: z["entry"].id))
        out.append(P("han-company", "entity", y["han"], e.name, "nonmatch",
                     src2(y["entry"], e, "rule Han name of another listed company of %s sharing an industry word" % title(city))))
        n += 1
        if n == 36:
            break
    return out


# ---------------------------------------------------------------------------
# the selections the query sets use (gen-eval-sets.py), kept out of the pairs


def cyrillic_query_persons(C, n=160):
    """The Russian-named persons of data/eval/cyrillic-schemes.jsonl: those
    whose renderings by at least three of ICAO, GOST 7.79 B, GOST 52535 and
    ALA-LC differ from every listed spelling of the entry; n of them."""
    out = []
    for p in russian_persons(C.L, C.ru):
        e, s, gw, cs, cg = p
        listed = {tuple(sorted(words(x))) for x in e.names()}
        cyr = " ".join(cg + [cs])
        ndiff = sum(1 for sch in ("icao_doc_9303", "gost779b", "gost_52535", "ala_lc")
                    if tuple(sorted(words(C.ru.roman(sch, cyr)))) not in listed)
        if ndiff >= 3:
            out.append(p)
    return take(rng("cyrillic-schemes"), out, n)


def han_query_records(C, n_glossary=70):
    """The companies of data/eval/han-companies.jsonl: every han-alias and
    han-mined record, and n_glossary han-glossary ones."""
    H = C.han()
    pick = [x for x in H.records if x["category"] != "han-glossary"]
    pick += take(rng("han-companies"), [x for x in H.records if x["category"] == "han-glossary"],
                 n_glossary)
    return sorted(pick, key=lambda x: x["entry"].id)


# ---------------------------------------------------------------------------
# the file

CATEGORIES = [
    # name, generator, what it tests, the rule
    ("exact", cat_exact, "the same name on both sides (sanity)",
     "a listed primary name against itself"),
    ("alias", cat_alias, "another listed spelling of the same entry",
     "a listed alias (two thirds of its words within two edits, or a third of the word, of the primary's words) against the primary name"),
    ("legal-form", cat_legal_form, "an English legal form written another way",
     "the name's legal form abbreviated or spelt out (Co./Company, Ltd./Limited, LLC/Limited Liability Company)"),
    ("legal-form-foreign", cat_legal_form_foreign,
     "a legal form in another language or script, and different names with the same legal form",
     "the listed form's ISO 20275 group (ELF code, or org_types for Cyrillic/Han forms) gives another name, abbreviation or transliteration of it; non-match: another listed name (of the three closest spellings) with the same form"),
    ("legal-form-class", cat_legal_form_class, "another legal form of the same country on the same name",
     "the listed form replaced by another ELF abbreviation of the same country that the lists use 3+ times (GmbH/AG, OOO/AO); non-match: also the distinctive word replaced"),
    ("typo-common-word", cat_typo_common_word, "a typo in a common or legal-form word",
     "one edit (not the first letter) in a word of 40+ listed names or in the legal form"),
    ("phrase-typo", cat_phrase_typo, "a typo inside a multi-word phrase that has an abbreviation",
     "one edit in a 5+ letter word of a multi-word legal form with an abbreviation (Joint Stock Company) or of a name whose entry lists its acronym"),
    ("translit-cyrillic", cat_translit_cyrillic, "a Russian name romanised by another scheme, or in Cyrillic",
     "the list spelling back in Cyrillic by rule (checked to read back), then one of ICAO 9303, GOST 7.79 A/B, GOST 52535, MVD 310, ALA-LC, scientific, UNGEGN; non-match: another listed person sharing the surname or given name and patronymic"),
    ("same-script", cat_same_script, "names compared in Han, Hangul or kana",
     "match: the same name with spacing or separator changed; non-match: one character or syllable changed to a near-homophone (Han: CC-CEDICT reading; Hangul: final ㄴ/ㅇ or vowel ㅓ/ㅗ, ㅡ/ㅜ; kana: dakuten)"),
    ("han-company", cat_han_company, "a Chinese company in Han against its listed Latin name",
     "the Han name by rule (HAN_LEGAL, CC-CEDICT glosses, CC-CEDICT readings of pinyin, mined pinyin equivalents); non-match: the Han name of another listed company of the same city sharing an industry word"),
    ("korean-romanisation", cat_korean, "a Korean name in Revised Romanisation, McCune-Reischauer or Hangul",
     "the list spelling (DPRK McCune-Reischauer without breves) back in Hangul by rule, then RR, MR with breves, or Hangul; non-match: another listed Korean of the same surname sharing a given syllable"),
    ("wade-giles", cat_wade_giles, "Chinese names in Wade-Giles",
     "pinyin syllables to Wade-Giles (wade-giles-pinyin.csv); non-match: another listed person of the same surname, or a surname that differs only by aspiration (Zhang/Chang -> Chang/Ch'ang)"),
    ("japanese-kana", cat_japanese, "Japanese names in kana or Kunrei-shiki",
     "Hepburn list spelling to katakana, hiragana or Kunrei-shiki; non-match: the given name under another listed Japanese surname, or the surname with another listed given name"),
    ("arabic-variants", cat_arabic, "Arabic names spelt another way",
     "listed aliases that differ by Arabic spelling, and rules: spelling families (Mohammed/Muhammad), Mhd/Mohd, article al-/el-/ash-, Abd al-/Abdul; non-match: two listed persons whose names differ in one word that is another name (Hassan/Hussein)"),
    ("nickname", cat_nickname, "nicknames and cross-language given names",
     "first given name -> a nickname of nicknames.csv or a cross-language equivalent (both given names); non-match: another English given name with the same first letters"),
    ("initials", cat_initials, "given names as initials",
     "V. Putin, V.V. Putin, Putin V.V., J.-C./JC; non-match: an initial that is none of the given names', or an initial with a common surname against another listed person"),
    ("joined-obfuscated", cat_joined, "joined, leet and spaced spellings",
     "camel-case joined words, digits for letters, dotted or spaced letters of one word"),
    ("numbers", cat_numbers, "numbers written another way, and different numbers",
     "a number as digits, ordinal, word or Roman numeral (ordinals.yml); non-match: listed names that differ only in their number, or the number plus one"),
    ("qualifiers", cat_qualifiers, "place qualifiers",
     "non-match: the country or Chinese city/province of the name replaced by another; match: the qualifier dropped on one side"),
    ("typo-first-letter", cat_typo_first_letter, "two edits including the first letter",
     "non-match: the only distinctive word of a company name with two edits, one on its first letter; match: a person's first given name so changed, surname exact"),
    ("typo-1", lambda C: cat_typo(C, 1), "one edit", "one edit (not the first letter) in the rarest 5+ letter word"),
    ("typo-2", lambda C: cat_typo(C, 2), "two edits", "two edits (not the first letter) in the rarest 7+ letter word"),
    ("person-order", cat_person_order, "'SURNAME, Given' as 'Given Surname'", "reordered, surname in capitals or not"),
    ("token-order", cat_token_order, "two words swapped", "two adjacent words of a company name swapped"),
    ("drop-token", cat_drop_token, "a word left out", "one word of 3+ left out, never the rarest"),
    ("pinyin-spacing", cat_pinyin_spacing, "pinyin written joined or split",
     "a pinyin word split into syllables, or two one-syllable words joined"),
    ("unicode-noise", cat_unicode_noise, "accents, full-width letters, homoglyphs, case",
     "accents on some letters, one word in full-width forms, Cyrillic homoglyphs, swapped case with no-break and double spaces"),
    ("neg-generic-shared", cat_neg_generic_shared, "different distinctive word, same generic words",
     "the only distinctive word of a company name replaced by a distinctive word of another listed name (3+ edits away)"),
    ("neg-synthetic-company", cat_neg_synthetic, "a made-up company with the same generic words",
     "the only distinctive word replaced by a synthetic pronounceable word unknown to the lists"),
]


MATCH_ONLY_CAP = 30   # pairs of a category that has matches only
MIXED_CAP = 32        # matches of a category with both
NONMATCH_CAP = 36     # non-matches of a category with both
NEG = ("neg-generic-shared", "neg-synthetic-company")


def generate(C):
    """Every category's pairs, capped so that the file holds as many matches
    as non-matches: the two neg- categories fill the difference."""
    skip_cyr = {p[0].id for p in cyrillic_query_persons(C)}
    skip_han = {x["entry"].id for x in han_query_records(C)}
    got = {}
    seen = set()
    for name, fn, what, rule in CATEGORIES:
        if name == "translit-cyrillic":
            ps = cat_translit_cyrillic(C, skip_cyr)
        elif name == "han-company":
            ps = cat_han_company(C, skip_han)
        else:
            ps = fn(C)
        keep = []
        for p in ps:
            key = (p["a"], p["b"])
            if key in seen or not p["a"].strip() or not p["b"].strip():
                continue
            if p["category"] != "exact" and p["a"] == p["b"]:
                continue
            seen.add(key)
            keep.append(p)
        got[name] = keep
    nm = nn = 0
    for name, ps in got.items():
        if name in NEG:
            continue
        m = [p for p in ps if p["expected"] == "match"]
        n = [p for p in ps if p["expected"] == "nonmatch"]
        m = m[:MIXED_CAP if n else MATCH_ONLY_CAP]
        n = n[:NONMATCH_CAP]
        got[name] = [p for p in ps if p in m or p in n]
        nm += len(m)
        nn += len(n)
    need = nm - nn
    for k, name in enumerate(NEG):
        share = need // 2 + (need % 2 if k == 0 else 0)
        if len(got[name]) < share:
            sys.exit("gen-name-pairs: %s has %d pairs, %d needed" % (name, len(got[name]), share))
        got[name] = got[name][:share]
    pairs = [p for name, *_ in CATEGORIES for p in got[name]]
    for k, p in enumerate(pairs, 1):
        p["id"] = "p%04d" % k
    return pairs


def write_csv(path, pairs):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "category", "type", "a", "b", "expected", "source"])
    for p in pairs:
        w.writerow([p["id"], p["category"], p["type"], p["a"], p["b"], p["expected"], p["source"]])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_md(path, pairs):
    cnt = collections.OrderedDict()
    for name, fn, what, rule in CATEGORIES:
        cnt[name] = [0, 0, 0, what, rule]
    for p in pairs:
        c = cnt[p["category"]]
        c[0 if p["expected"] == "match" else 1] += 1
        if p["source"].startswith("hand:"):
            c[2] += 1
    nm = sum(c[0] for c in cnt.values())
    nn = sum(c[1] for c in cnt.values())
    nh = sum(c[2] for c in cnt.values())
    types = collections.Counter(p["type"] for p in pairs)
    lines = [
        "# Labelled name pairs",
        "",
        "`name-pairs.csv` (written by `scripts/gen-name-pairs.py`; do not edit by hand) holds",
        "%d pairs of names, %d that name the same party (`match`) and %d that do not" % (len(pairs), nm, nn),
        "(`nonmatch`), in %d categories. `clearance eval --pairs data/eval/name-pairs.csv` scores" % len(cnt),
        "every pair with `clr_compare()` and reports precision, recall and F1 per category.",
        "",
        "Columns: `id`, `category`, `type` (person %d, entity %d, unknown %d: the list's own type; an" % (
            types["person"], types["entity"], types["unknown"]),
        "Entity List row, which has none, is an entity when its name carries a legal form), `a` (the",
        "variant, as a customer record would hold it), `b` (the listed name, or for same-script",
        "pairs the reference name), `expected`, `source`.",
        "",
        "## Provenance",
        "",
        "Every pair is drawn by rule from the real lists - `consolidated-2022-04.csv` and",
        "`entity-list-2026-07.csv` of ../shared/data/lists/csl, OFAC's `alt.csv` - and the tables of",
        "../shared/data/names, with a fixed seed (%d; one generator per category, so a change to one" % SEED,
        "category never shifts another). `source` names the entry (`csl:<_id>`, both files use CSL",
        "`_id`s; `csl:<id1>+<id2>` for pairs of two entries) and the rule with its before and after.",
        "A non-match built from two listed entries is two different listed parties; a non-match built",
        "by a rule (another number, another place, another distinctive word) is checked not to be a",
        "listed name itself.",
        "",
        "Hand-made material is marked `hand:` and stays a minority (%d pairs, %.1f%%): the common" % (nh, 100.0 * nh / len(pairs)),
        "Chinese surnames and given-name characters of the Han pairs of `same-script` (no table of the",
        "shared folder ranks names by frequency; the homophones among them come from CC-CEDICT's",
        "readings). Tables written from knowledge of the writing systems, applied by rule and named",
        "in the script: the Latin-to-Cyrillic reverse of BGN/PCGN (each word is kept only if it",
        "reads back to the list spelling under BGN/PCGN, Wikipedia or MVD 782), GOST 7.79 system B",
        "(not among the iuliia files), McCune-Reischauer read back to Hangul (the list's o read as ŏ",
        "before a final consonant), Revised Romanisation, Hepburn/Kunrei kana, the Arabic spelling",
        "families, the English legal-form spellings, and the Han brands of HAN_BRANDS (han-company).",
        "",
        "Known limits of the rules: the Cyrillic and Hangul read-backs are plausible, not certified",
        "spellings (a lost soft sign; Kenichi read as ケニチ, not ケンイチ); the Han company names use CC-CEDICT's",
        "first glosses and may not be the name the company uses (a matcher is still right to match",
        "them: they romanise to the listed pinyin); `typo-first-letter` persons and",
        "`legal-form-class` assume that a typo or another legal form does not make another party.",
        "",
        "The Han names (same-script, han-company) are derived from CC-CEDICT and therefore carry its",
        "licence, CC BY-SA 4.0 (MDBG, CC-CEDICT contributors); see README.md.",
        "",
        "## Categories",
        "",
        "| category | matches | non-matches | tests | rule |",
        "|---|---:|---:|---|---|",
    ]
    for name, (m, n, h, what, rule) in cnt.items():
        lines.append("| %s | %d | %d | %s | %s |" % (name, m, n, what, rule.replace("|", "/")))
    lines.append("| **all** | **%d** | **%d** | | |" % (nm, nn))
    lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "eval"))
    args = ap.parse_args()
    C = Ctx(args.shared)
    pairs = generate(C)
    os.makedirs(args.out, exist_ok=True)
    write_csv(os.path.join(args.out, "name-pairs.csv"), pairs)
    write_md(os.path.join(args.out, "name-pairs.md"), pairs)
    cnt = collections.Counter((p["category"], p["expected"]) for p in pairs)
    for name, *_ in CATEGORIES:
        print("%-22s %4d match %4d nonmatch" % (name, cnt[(name, "match")], cnt[(name, "nonmatch")]),
              file=sys.stderr)
    nm = sum(v for (c, e), v in cnt.items() if e == "match")
    print("%d pairs: %d match, %d nonmatch" % (len(pairs), nm, len(pairs) - nm), file=sys.stderr)


if __name__ == "__main__":
    main()
