#!/usr/bin/python3
"""gen-evidence-set.py - the evidence query set data/eval/evidence.jsonl.

Developer tool, not run by `make test`: reads ../shared/data (the two CSL files
and the development queries) and writes committed data, deterministically (seed
20261207, one generator per category; a rerun writes the same bytes).  Python 3,
standard library only.  The measuring side is built without looking at the
matcher: nothing here reads src/.

Queries in the dev-queries format with evidence beside the name: `dob` (a
string), `ids` (`[{"type", "number", "country"}]`, type and country optional)
and `imo` (a string); only the fields that are set.

  dob-variant     a listed person's name varied by one rule (word order, typo,
                  a middle word dropped, marks and case, an a.k.a. reordered),
                  with the listed date of birth in one of three formats
  dob-far         a listed person's exact name with a date of birth 10 to 30
                  years from the listed one (expect null, listed_id)
  id-weak-name    one name part only (surname, or an entity's first distinctive
                  word) with a listed identifier, reformatted by rule
  imo-only        a generic vessel name with a listed vessel's IMO number
  neg-random-dob  every negative of dev-queries.jsonl with a random date of birth

usage: scripts/gen-evidence-set.py [--shared ../shared/data] [--out data/eval]
"""
import argparse
import collections
import csv
import datetime
import json
import math
import os
import random
import re
import sys
import unicodedata

from textdist import osa

SEED = 20261207
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST_FILES = (("consolidated-2022-04.csv", "csl"), ("entity-list-2026-07.csv", "el"))

N_DOB_VARIANT = 600
N_DOB_FAR = 400
N_ID_WEAK = 500
N_IMO = 300

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# id-weak-name: identifier Types kept (whole words of the Type, lower case, dots
# removed, so "C.U.R.P." is curp and "NIT #" nit, but "Branch Unit Number" is not)
ID_TYPE_KEYS = ["passport", "national id", "identification number", "cedula", "registration",
                "tax", "curp", "rfc", "nit", "ruc"]

# id-weak-name: words an entity's one-word query may not be (legal forms and
# generic words; any word in 40 or more listed names is generic too)
ENTITY_STOP = set("""
a an and the of for de del la le el al das der des du di da do e et y und
company companies co corp corporation group grp limited ltd llc inc incorporated plc
gmbh ag sa sas sarl srl spa sl bv nv oy ab as aps jsc ojsc cjsc pjsc ooo zao oao pao
fzc fze fzco fzllc llp lp pte pty bhd sdn tbk kg kft zrt doo ad jv
trading trade traders international intl industries industry industrial bank banking
holding holdings general enterprise enterprises services service technology
technologies tech science sciences scientific engineering research institute
institution university academy center centre national state joint stock open closed
public private shipping ship shipmanagement maritime marine investment investments
development management petroleum energy systems system solutions global world
logistics commercial commerce chemical chemicals manufacturing factory plant office
ministry department bureau organization organisation society foundation association
agency authority import export imports exports products equipment electronics
electronic materials machinery construction electric electrical partnership partners
firm branch representative network networks resources capital finance financial
exchange insurance security securities consulting consultancy production
ltda cia sac sas eirl saic cv rl sab sapi spr scs ao tov pt cc
grupo corporacion sociedad compania empresa empresas industrias inversiones
importaciones exportaciones importadora exportadora comercializadora distribuidora
servicios transportes transportadora constructora inmobiliaria agroindustrias
hermanos hoteles tours comercial comercio negocios asociados representaciones
drustvo ogranicenom odgovornoscu sanayi ticaret anonim sirketi sirket
obshchestvo ogranichennoi ogranichennoy otvetstvennostyu aktsionernoe zakrytoe
otkrytoe publichnoe kompaniya firma sociedad anonima societe compagnie empresa
compania gongsi youxian jituan sherkat sherkate
""".split())

# imo-only: generic vessel names (hand: common ship-name patterns); any that
# occurs as a word sequence in a listed name is dropped
VESSEL_NAMES = ["Ocean Star", "Blue Horizon", "Sea Pearl", "Golden Wave", "Silver Tide",
                "Northern Light", "Morning Breeze", "Coral Queen", "Bright Dawn",
                "Green Harbour", "Sea Falcon", "Pacific Spirit", "Atlantic Grace",
                "Eastern Promise", "Royal Mariner", "Crystal Bay", "Lucky Fortune",
                "Star of the Sea", "Silver Dolphin", "Winter Rose", "Calm Waters",
                "Island Trader"]

# dob-variant (c): particles not worth dropping as "a middle word"
PARTICLES = set("al el ul bin ibn bint abu abd ben bou ould de del der da di do dos das du "
                "van von la le y e".split())

# dob-far: generated dates stay in this window (a customer's plausible date of birth)
DOB_MIN = datetime.date(1900, 1, 1)
DOB_MAX = datetime.date(2008, 12, 31)
NEG_DOB_MIN = datetime.date(1940, 1, 1)
NEG_DOB_MAX = datetime.date(2005, 12, 31)

# ---------------------------------------------------------------------------
# small helpers


def rng(*parts):
    """A generator per purpose: adding a category never shifts another one."""
    return random.Random("%d-%s" % (SEED, "-".join(str(p) for p in parts)))


def fold(s):
    """Lower case, marks stripped, letters and digits only, single spaces."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[\W_]+", " ", s.lower())
    return " ".join(s.split())


def words(s):
    return fold(s).split()


def name_key(s):
    """Case-, punctuation- and word-order-insensitive key of a name."""
    return " ".join(sorted(words(s)))


def near(a, b):
    """Two words the same, or one edit apart when both have 3 letters or more."""
    return a == b or (len(a) >= 3 and len(b) >= 3 and abs(len(a) - len(b)) <= 1
                      and osa(a, b) <= 1)


def pair_words(qw, nw):
    """One-to-one pairs (i, j) of query and listed words that are near: equal
    pairs first, then one-edit pairs, each in order."""
    pairs, used_q, used_n = [], set(), set()
    for exact in (True, False):
        for i, a in enumerate(qw):
            if i in used_q:
                continue
            for j, b in enumerate(nw):
                if j not in used_n and (a == b if exact else near(a, b)):
                    pairs.append((i, j))
                    used_q.add(i)
                    used_n.add(j)
                    break
    return pairs


def split_multi(v):
    return [x.strip() for x in v.split(";") if x.strip()]


def list_type(t):
    return {"Individual": "person", "Entity": "entity", "Vessel": "vessel",
            "Aircraft": "aircraft"}.get(t, "unknown")


def line(rec):
    return json.dumps(rec, ensure_ascii=False)


def replace_year(d, y):
    if d.month == 2 and d.day == 29:
        return datetime.date(y, 2, 28)
    return d.replace(year=y)


def fmt_dob(d, k):
    """Round-robin: ISO, '6 Aug 1962', 'August 6, 1962' (no slash dates)."""
    if k == 0:
        return d.isoformat()
    if k == 1:
        return "%d %s %d" % (d.day, MONTHS[d.month - 1][:3], d.year)
    return "%s %d, %d" % (MONTHS[d.month - 1], d.day, d.year)


DOB_FORMATS = ["YYYY-MM-DD", "D Mon YYYY", "Month D, YYYY"]


def dob_range(v):
    """A listed date of birth as (first, last) possible day, or None."""
    v = v.strip()
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v)
    if m:
        d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d, d
    m = re.fullmatch(r"(\d{4})", v)
    if m:
        y = int(m.group(1))
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    m = re.fullmatch(r"circa (\d{4})", v, re.I)
    if m:  # circa: a year either side
        y = int(m.group(1))
        return datetime.date(y - 1, 1, 1), datetime.date(y + 1, 12, 31)
    m = re.fullmatch(r"(\d{4}) to (\d{4})", v, re.I)
    if m:
        return datetime.date(int(m.group(1)), 1, 1), datetime.date(int(m.group(2)), 12, 31)
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]* (\d{4})", v)
    if m and m.group(1).lower() in [x[:3].lower() for x in MONTHS]:
        mo = [x[:3].lower() for x in MONTHS].index(m.group(1).lower()) + 1
        y = int(m.group(2))
        last = (datetime.date(y + (mo == 12), mo % 12 + 1, 1) - datetime.timedelta(days=1))
        return datetime.date(y, mo, 1), last
    return None


def within_years(d, lo, hi, years):
    """d lies within `years` years of the span [lo, hi]."""
    return replace_year(lo, lo.year - years) <= d <= replace_year(hi, hi.year + years)


# ---------------------------------------------------------------------------
# the lists


class Entry:
    __slots__ = ("id", "file", "type", "name", "aliases", "dobs", "raw_dobs", "ids")

    def names(self):
        return [self.name] + self.aliases


def parse_id_item(item):
    """'CC, [dates,] NUMBER, Type' -> (country or '', number, Type); None if the
    item does not hold exactly one number."""
    ps = [p.strip() for p in item.split(",")]
    if len(ps) < 2:
        return None
    typ, mid = ps[-1], ps[:-1]
    country = ""
    if len(mid) > 1 and re.fullmatch(r"[A-Z]{2}", mid[0]):
        country, mid = mid[0], mid[1:]
    mid = [p for p in mid if not re.fullmatch(r"\d{4}-\d\d-\d\d", p)]
    if len(mid) != 1 or not mid[0]:
        return None
    return country, mid[0], typ


def norm_number(n):
    """Upper case, letters and digits only, leading zeros stripped if all digits."""
    s = re.sub(r"[^0-9A-Z]", "", n.upper())
    if s.isdigit():
        s = s.lstrip("0") or "0"
    return s


class Lists:
    def __init__(self, shared):
        self.entries = []
        seen_ids = set()
        self.dup_rows = 0
        for fname, tag in LIST_FILES:
            with open(os.path.join(shared, "lists", "csl", fname), encoding="utf-8",
                      newline="") as f:
                for r in csv.DictReader(f):
                    if r["_id"] == "_id" or not r["name"].strip():
                        continue  # stray header rows
                    if r["_id"] in seen_ids:
                        # one entry on several lists (SDN and CAP, ...): same _id, same data
                        self.dup_rows += 1
                        continue
                    seen_ids.add(r["_id"])
                    e = Entry()
                    e.id = r["_id"]
                    e.file = tag
                    e.type = list_type(r["type"])
                    e.name = " ".join(r["name"].split())
                    seen = {e.name}
                    e.aliases = []
                    for a in split_multi(r["alt_names"]):
                        a = " ".join(a.split())
                        if a not in seen:
                            seen.add(a)
                            e.aliases.append(a)
                    e.raw_dobs = split_multi(r["dates_of_birth"])
                    e.dobs = [x for x in (dob_range(v) for v in e.raw_dobs) if x]
                    e.ids = split_multi(r["ids"])
                    self.entries.append(e)
        self.by_id = {e.id: e for e in self.entries}
        # every listed name by its order-free key
        self.by_key = collections.defaultdict(list)
        for e in self.entries:
            for k in sorted({name_key(n) for n in e.names()}):
                self.by_key[k].append(e)
        # document frequency of folded words over every listed name
        self.df = collections.Counter()
        self.nnames = 0
        for e in self.entries:
            for n in e.names():
                self.nnames += 1
                self.df.update(set(words(n)))
        # every identifier number (any Type) -> the entries listing it
        self.by_number = collections.defaultdict(set)
        self.by_imo = collections.defaultdict(set)
        for e in self.entries:
            for item in e.ids:
                p = parse_id_item(item)
                if p:
                    self.by_number[norm_number(p[1])].add(e.id)
                for m in re.finditer(r"\bIMO\s*(\d+)\b", item):
                    self.by_imo[m.group(1)].add(e.id)
        # folded listed names, padded, for phrase look-ups
        self.folded = [" %s " % fold(n) for e in self.entries for n in e.names()]

    def weight(self, w):
        """Rarity (inverse document frequency over listed names); legal forms,
        generic words of the stoplist and single letters (initials, the letters
        of S.A. de C.V.) weigh 0.4."""
        if w in ENTITY_STOP or len(w) == 1:
            return 0.4
        return math.log((self.nnames + 1) / (self.df.get(w, 0) + 0.5))

    def generic(self, w):
        return w in ENTITY_STOP or self.df.get(w, 0) >= 40


def single_day_persons(L):
    """Listed persons whose dates_of_birth hold one value, a full day."""
    out = []
    for e in L.entries:
        if e.type == "person" and len(e.raw_dobs) == 1 and \
                re.fullmatch(r"\d{4}-\d\d-\d\d", e.raw_dobs[0]):
            out.append((e, e.dobs[0][0]))
    return out


# ---------------------------------------------------------------------------
# 1. dob-variant


def reorder(name):
    """'SURNAME, Given' -> 'Given SURNAME'; no comma: words reversed; None else."""
    if name.count(",") == 1:
        sur, giv = [x.strip() for x in name.split(",")]
        if sur and giv:
            return "%s %s" % (giv, sur)
        return None
    if name.count(",") == 0:
        ws = name.split()
        if len(ws) >= 2:
            return " ".join(reversed(ws))
    return None


def v_order(e, r, st):
    v = reorder(e.name)
    return (v, "word order") if v else None


def v_typo(e, r, st):
    best = None
    for m in re.finditer(r"[^\W\d_]+", e.name):
        if len(m.group()) >= 6 and (best is None or len(m.group()) > len(best.group())):
            best = m
    if not best:
        return None
    w = best.group()
    ops = ["substitute", "transpose", "delete"]
    r.shuffle(ops)
    for op in ops:
        if op == "substitute":
            i = r.randrange(1, len(w))
            letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != w[i].lower()]
            c = r.choice(letters)
            nw = w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1:]
        elif op == "transpose":
            cand = [i for i in range(1, len(w) - 1) if w[i].lower() != w[i + 1].lower()]
            if not cand:
                continue
            i = r.choice(cand)
            nw = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        else:
            i = r.randrange(1, len(w))
            nw = w[:i] + w[i + 1:]
        return (e.name[:best.start()] + nw + e.name[best.end():],
                "typo: %s in '%s' -> '%s'" % (op, w, nw))
    return None


def v_drop(e, r, st):
    toks = e.name.split()
    if len(words(e.name)) < 4 or len(toks) < 4:
        return None
    cand = []
    for i in range(1, len(toks) - 1):
        t = toks[i].rstrip(",")
        f = fold(t)
        if len(re.sub(r"[^a-z]", "", f)) >= 3 and f not in PARTICLES:
            cand.append(i)
    if not cand:
        return None
    i = r.choice(cand)
    dropped = toks[i]
    out = toks[:i] + toks[i + 1:]
    if dropped.endswith(","):
        out[i - 1] = out[i - 1].rstrip(",") + ","
    return " ".join(out), "middle word '%s' dropped" % dropped.rstrip(",")


CASES = ["lower", "title", "upper"]


def strip_marks(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['\u2019\u2018`\u02bc\u02bb]", "", s)
    s = re.sub(r"[-\u2010\u2011\u2013]", " ", s)
    return " ".join(s.split())


def v_marks(e, r, st):
    if strip_marks(e.name) == e.name:
        return None  # nothing to strip: a case change alone says little
    base = strip_marks(e.name)
    for j in range(3):
        case = CASES[(st["marks"] + j) % 3]
        if case == "lower":
            v = base.lower()
        elif case == "upper":
            v = base.upper()
        else:
            v = " ".join(w[:1].upper() + w[1:].lower() for w in base.split())
        if v != e.name and v != base:
            st["marks"] += 1
            return v, "diacritics, apostrophes and hyphens stripped, %s case" % case
    return None


def v_alias(e, r, st):
    pk = fold(e.name)
    cand = []
    for a in e.aliases:
        v = reorder(a)
        if v and fold(v) != pk and fold(v) != fold(a):
            cand.append((a, v))
    if not cand:
        return None
    a, v = r.choice(cand)
    return v, "a.k.a. '%s', word order" % a


VARIANTS = [("a", v_order), ("b", v_typo), ("c", v_drop), ("d", v_marks), ("e", v_alias)]


def dob_variant(L, n=N_DOB_VARIANT):
    r = rng("dob-variant")
    pool = single_day_persons(L)
    r.shuffle(pool)
    used = [False] * len(pool)
    out, stats = [], collections.Counter()
    st = {"marks": 0}
    k = 0
    while len(out) < min(n, len(pool)):
        tag, fn = VARIANTS[k % len(VARIANTS)]
        for i, (e, d) in enumerate(pool):
            if used[i]:
                continue
            v = fn(e, r, st)
            if v:
                used[i] = True
                break
        else:
            stats["no person left for rule (%s)" % tag] += 1
            k += 1
            if all(used) or sum(stats.values()) > 1000:
                break
            continue
        name, how = v
        fk = len(out) % 3
        names = [e.name]
        if tag == "e":
            names.append(re.search(r"'(.*)'", how).group(1))
        out.append({"name": name, "category": "dob-variant", "type": "person",
                    "expect": {"ids": [e.id], "names": names},
                    "source": "rule: %s:%s '%s', variant (%s) %s; listed dob %s as %s; seed %d"
                              % (e.file, e.id, e.name, tag, how, d.isoformat(),
                                 DOB_FORMATS[fk], SEED),
                    "dob": fmt_dob(d, fk)})
        stats["(%s)" % tag] += 1
        k += 1
    return out, stats


# ---------------------------------------------------------------------------
# 2. dob-far


def deletions(w):
    return {w} | {w[:i] + w[i + 1:] for i in range(len(w))}


class NearNames:
    """Listed names by the words they hold, each word also under its one-letter
    deletions, so words one edit apart meet on a key."""

    def __init__(self, L):
        self.L = L
        self.index = collections.defaultdict(set)
        for k, e in enumerate(L.entries):
            for n in e.names():
                for w in set(words(n)):
                    if len(w) >= 3:
                        for x in deletions(w):
                            self.index[x].add(k)

    def similar(self, name):
        """Entries with a name sharing at least max(2, words - 1) of the name's
        words (of two letters or more), equal or one edit apart, order-free."""
        qw = [w for w in words(name) if len(w) >= 2]
        need = max(2, len(qw) - 1)
        hits = collections.Counter()
        for w in set(qw):
            ks = set()
            if len(w) >= 3:
                for x in deletions(w):
                    ks |= self.index.get(x, set())
            hits.update(ks)
        out = []
        for k in sorted(hits):
            if hits[k] < need - (len(qw) - len({w for w in qw if len(w) >= 3})):
                continue
            e = self.L.entries[k]
            if any(len(pair_words(qw, words(n))) >= need for n in e.names()):
                out.append(e)
        return out


def dob_far(L, n=N_DOB_FAR):
    r = rng("dob-far")
    pool = single_day_persons(L)
    r.shuffle(pool)
    near_names = NearNames(L)
    out, stats = [], collections.Counter()
    for e, d in pool:
        if len(out) >= n:
            break
        years = r.randint(10, 30)
        sign = r.choice([-1, 1])
        g = replace_year(d, d.year + sign * years)
        if not DOB_MIN <= g <= DOB_MAX:
            sign = -sign
            g = replace_year(d, d.year + sign * years)
            stats["direction flipped to stay in %d-%d" % (DOB_MIN.year, DOB_MAX.year)] += 1
            if not DOB_MIN <= g <= DOB_MAX:
                stats["skipped: no date in range"] += 1
                continue
        same = {o.id for o in L.by_key.get(name_key(e.name), [])}
        why = None
        for o in near_names.similar(e.name):
            if o.id == e.id:
                continue
            kind = "namesake" if o.id in same else "similar name"
            if not o.dobs:
                why = "a %s without a date of birth" % kind
                break
            if any(within_years(g, lo, hi, 12) for lo, hi in o.dobs):
                why = "a %s born within 12 years" % kind
                break
        if why:
            stats["skipped: " + why] += 1
            continue
        out.append({"name": e.name, "category": "dob-far", "type": "person", "expect": None,
                    "listed_id": e.id,
                    "source": "rule: %s:%s exact primary name; listed dob %s, query %+d years; "
                              "no other entry of a same or similar name (max(2, n-1) of its n "
                              "words, equal or one edit apart, any order) without a dob or born "
                              "within 12 years; seed %d"
                              % (e.file, e.id, d.isoformat(), sign * years, SEED),
                    "dob": g.isoformat()})
        stats["drawn"] += 1
    return out, stats


# ---------------------------------------------------------------------------
# 3. id-weak-name


def id_type_kept(t):
    t = t.lower().replace(".", "")
    if "vessel" in t:
        return False  # IMO numbers: imo-only
    return any(re.search(r"\b%s\b" % re.escape(k), t) for k in ID_TYPE_KEYS)


def number_ok(num):
    """A number as written on a document: capitals, digits, spaces, dots, dashes
    (a leading #); at least 5 letters/digits and a digit; no 'IMO' prefix."""
    if not re.fullmatch(r"#?[A-Z0-9][A-Z0-9 .\-]*", num):
        return False
    core = re.sub(r"[^A-Z0-9]", "", num)
    return len(core) >= 5 and any(c.isdigit() for c in core) and not num.startswith("IMO")


def weak_name(L, e):
    """One name part: a person's surname, an entity's first distinctive word of
    4 letters or more; None when there is none."""
    if e.type == "person":
        if "," in e.name:
            q = e.name.split(",")[0].strip()
        else:
            q = e.name.split()[-1]
        return q or None
    for w in re.findall(r"[^\W_]+(?:['\-][^\W_]+)*", e.name):
        f = fold(w)
        if " " in f or not f.isalpha() or len(f) < 4:
            continue
        if L.generic(f):
            continue
        return w
    return None


def weak_enough(L, e, q):
    """The query's words (each paired with at most one listed word, equal or one
    edit apart) carry at most 40% of the rarity weight of every listed name of
    the entry: the name alone should not alert."""
    qw = words(q)
    for n in e.names():
        nw = words(n)
        tot = sum(L.weight(w) for w in nw)
        got = sum(L.weight(nw[j]) for _, j in pair_words(qw, nw))
        if got and (tot <= 0 or got / tot > 0.4):
            return False
    return True


def fmt_number(num, k):
    core = re.sub(r"[^A-Za-z0-9]", "", num)
    if k == 0:
        return num, "as listed"
    if k == 1:
        return (num.lower(), "lower case") if re.search(r"[A-Z]", num) else None
    if k == 2:
        return " ".join(core[i:i + 3] for i in range(0, len(core), 3)), "spaces every 3 characters"
    if k == 3:
        return core[:2] + "-" + core[2:], "a dash after the first 2 characters"
    if core.isdigit():
        return "0" + num, "a leading zero"
    return None


def id_weak_name(L, n=N_ID_WEAK):
    r = rng("id-weak-name")
    stats = collections.Counter()
    pool = []
    for e in L.entries:
        if e.type not in ("person", "entity"):
            continue
        items = []
        for item in e.ids:
            p = parse_id_item(item)
            if not p or not id_type_kept(p[2]):
                continue
            if not number_ok(p[1]):
                stats["items skipped: not a plain number"] += 1
                continue
            if len(L.by_number[norm_number(p[1])]) > 1:
                stats["items skipped: number listed on another entry too"] += 1
                continue
            items.append(p)
        if not items:
            continue
        q = weak_name(L, e)
        if not q:
            stats["entries skipped: no distinctive name part"] += 1
            continue
        if not weak_enough(L, e, q):
            stats["entries skipped: the name part carries over 40% of a name's weight"] += 1
            continue
        pool.append((e, q, items))
    stats["pool"] = len(pool)
    r.shuffle(pool)
    used = [False] * len(pool)
    out = []
    k = 0
    while len(out) < min(n, len(pool)):
        fk = k % 5
        pick = None
        for i, (e, q, items) in enumerate(pool):
            if used[i]:
                continue
            ok = [p for p in items if fmt_number(p[1], fk)]
            if ok:
                used[i] = True
                pick = (e, q, r.choice(ok))
                break
        k += 1
        if not pick:
            stats["no entry left for number format %d" % fk] += 1
            if all(used) or k > 10 * n:
                break
            continue
        e, q, (country, num, typ) = pick
        qnum, how = fmt_number(num, fk)
        idq = {"type": typ.lower(), "number": qnum}
        give_country = len(out) % 2 == 0 and country
        if give_country:
            idq["country"] = country
        out.append({"name": q, "category": "id-weak-name", "type": e.type,
                    "expect": {"ids": [e.id], "names": [e.name]},
                    "source": "rule: %s:%s '%s', name part '%s'; %s '%s'%s, number %s, country %s; "
                              "seed %d" % (e.file, e.id, e.name, q, typ, num,
                                           " (%s)" % country if country else "", how,
                                           "given" if give_country else "omitted", SEED),
                    "ids": [idq]})
        stats[how] += 1
    return out, stats


# ---------------------------------------------------------------------------
# 4. imo-only


def imo_only(L, n=N_IMO):
    r = rng("imo-only")
    stats = collections.Counter()
    names = []
    for v in VESSEL_NAMES:
        if any(" %s " % fold(v) in f for f in L.folded):
            stats["vessel names dropped: in a listed name"] += 1
        else:
            names.append(v)
    pool = []
    for e in L.entries:
        if e.type != "vessel":
            continue
        imos = sorted({m.group(1) for item in e.ids
                       for m in re.finditer(r"\bIMO\s*(\d{7})\b", item)})
        if not imos:
            continue
        imos = [x for x in imos if len(L.by_imo[x]) == 1]
        if not imos:
            stats["vessels skipped: IMO listed on another entry too"] += 1
            continue
        pool.append((e, imos))
    stats["vessels with an IMO number"] = len(pool)
    r.shuffle(pool)
    out = []
    for k, (e, imos) in enumerate(pool[:n]):
        imo = r.choice(imos)
        name = names[k % len(names)]
        out.append({"name": name, "category": "imo-only", "type": "vessel",
                    "expect": {"ids": [e.id], "names": [e.name]},
                    "source": "rule: %s:%s '%s', IMO %s; generic vessel name (hand list, not in "
                              "any listed name) round-robin; seed %d"
                              % (e.file, e.id, e.name, imo, SEED),
                    "imo": imo if k % 2 == 0 else "IMO " + imo})
    stats["drawn"] = len(out)
    return out, names, stats


# ---------------------------------------------------------------------------
# 5. neg-random-dob


def neg_random_dob(shared):
    r = rng("neg-random-dob")
    span = (NEG_DOB_MAX - NEG_DOB_MIN).days
    out = []
    with open(os.path.join(shared, "eval", "dev-queries.jsonl"), encoding="utf-8") as f:
        for ln in f:
            if not ln.strip():
                continue
            q = json.loads(ln)
            if q.get("expect") is not None:
                continue
            d = NEG_DOB_MIN + datetime.timedelta(days=r.randint(0, span))
            rec = {"id": "ev-" + q["id"], "name": q["name"], "category": "neg-random-dob"}
            if q.get("type"):
                rec["type"] = q["type"]
            rec.update({"expect": None, "base_category": q["category"],
                        "source": "rule: dev-queries.jsonl %s (%s) with a dob uniform in "
                                  "%s..%s; seed %d" % (q["id"], q["category"],
                                                       NEG_DOB_MIN.isoformat(),
                                                       NEG_DOB_MAX.isoformat(), SEED),
                        "dob": d.isoformat()})
            out.append(rec)
    return out


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "eval"))
    args = ap.parse_args()
    L = Lists(args.shared)
    os.makedirs(args.out, exist_ok=True)

    recs = []
    dv, st1 = dob_variant(L)
    df, st2 = dob_far(L)
    iw, st3 = id_weak_name(L)
    im, vnames, st4 = imo_only(L)
    for rec in dv + df + iw + im:
        recs.append(dict([("id", "ev-%05d" % (len(recs) + 1))] + list(rec.items())))
    ng = neg_random_dob(args.shared)
    recs += ng

    with open(os.path.join(args.out, "evidence.jsonl"), "w", encoding="utf-8",
              newline="\n") as f:
        for rec in recs:
            f.write(line(rec) + "\n")

    counts = collections.Counter(x["category"] for x in recs)
    print("evidence.jsonl: %d queries: %s" % (len(recs), ", ".join(
        "%s %d" % (c, counts[c]) for c in
        ("dob-variant", "dob-far", "id-weak-name", "imo-only", "neg-random-dob"))),
        file=sys.stderr)
    print("  persons with one full-day dob: %d" % len(single_day_persons(L)), file=sys.stderr)
    print("  dob-variant: %s" % dict(sorted(st1.items())), file=sys.stderr)
    print("  dob-far: %s" % dict(sorted(st2.items())), file=sys.stderr)
    print("  id-weak-name: %s" % dict(sorted(st3.items())), file=sys.stderr)
    print("  imo-only: %s; %d vessel names" % (dict(sorted(st4.items())), len(vnames)),
          file=sys.stderr)
    print("  neg-random-dob: %s" % dict(sorted(collections.Counter(
        x["base_category"] for x in ng).items())), file=sys.stderr)


if __name__ == "__main__":
    main()
