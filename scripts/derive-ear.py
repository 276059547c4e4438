#!/usr/bin/python3
"""derive-ear.py - the dated EAR tables of data/rules/ear/ and docs/ear-tables.md.

Developer tool, not run by the build: it reads SHARED/ear (the eCFR XML of
15 CFR part 738 with the Commerce Country Chart, and the JSON extracts of the
CCL, the Country Groups, Part 746 and the license exceptions that public
projects keep) and writes derived tab-separated tables that src/ear/ reads.
It never copies a source file whole.  Every table names its source, version,
licence, as-of date and "in force from" date in its header; every country
name goes through one hand-checked ISO 3166-1 table (NAME_ISO), and a name it
lacks stops the run.  The docs page lists every count, cross-check and
disagreement, so a rerun on the same inputs writes the same bytes.  Needs
Python 3 only (standard library).

usage: scripts/derive-ear.py [SHARED_DATA]      (default ../shared/data)
"""
import collections
import hashlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "rules", "ear")
DOC = os.path.join(ROOT, "docs", "ear-tables.md")
REGEN = "python3 scripts/derive-ear.py /work/shared/data"
# The standard Apache-2.0 text, byte-identical to apache.org's, kept beside
# the name tables; read rather than pasted here.
APACHE_TEXT = os.path.join(ROOT, "data", "names", "LICENSE.nicknames.Apache-2.0")

# Figures for docs/ear-tables.md, filled in by the table functions.
STATS = collections.defaultdict(dict)

# ---------------------------------------------------------------------------
# sources, as ../shared/data/ear/README.md records them

MCP = "seelpeed-debug/export-controls-agent-mcp"
EWY = "OSUGIYAMA/EyeWarnYou"
MIT_MCP = "MIT, (c) 2026 seelpeed-debug, see LICENSE.export-controls-agent-mcp.MIT"
APACHE_EWY = "Apache-2.0, (c) 2025-2026 Tatsuya Sugiyama, see LICENSE.EyeWarnYou.Apache-2.0"
PUBLIC = "public domain (US government work, 17 U.S.C. 105)"

SOURCES = {
    "chart_xml": dict(
        path="ear/country-chart/part-738-2026-09-01.xml",
        what="eCFR XML of 15 CFR part 738 with the Commerce Country Chart (Supplement No. 1)",
        repo="draygada/Caddy", commit="898f6167",
        repo_path="data/ecfr/title-15-part-738-2026-09-01.xml",
        as_of="2026-09-01", licence=PUBLIC),
    "chart_json": dict(
        path="ear/country-chart/country-chart-2026-07-23.json",
        what="the Commerce Country Chart as JSON (cross-check; territory inheritance)",
        repo=MCP, commit="5847b092", repo_path="src/data/country-chart.json",
        as_of="2026-07-23", licence=MIT_MCP),
    "ccl": dict(
        path="ear/ccl/ccl-2026-07-23.json",
        what="the Commerce Control List (Supplement No. 1 to part 774) as JSON",
        repo=MCP, commit="5847b092", repo_path="src/data/ccl.json",
        as_of="2026-07-23", licence=MIT_MCP),
    "groups": dict(
        path="ear/country-groups/country-groups-2026-07-23.json",
        what="Country Groups (Supplement No. 1 to part 740) by group",
        repo=MCP, commit="5847b092", repo_path="src/data/country-groups.json",
        as_of="2026-07-23", licence=MIT_MCP),
    "groups_by_country": dict(
        path="ear/country-groups/country-groups-by-country-2026-09-24.json",
        what="Country Groups by country (cross-check only)",
        repo=EWY, commit="0980eccb", repo_path="data/snapshots/ear-country-groups.json",
        as_of="2026-09-24", licence=APACHE_EWY),
    "part746": dict(
        path="ear/part-746/part-746-derived-2026-09-24.json",
        what="tables derived from parts 746, 744 and 732 (UN arms embargoes, 746.8 partner"
             " countries, HTS supplements, military end users, red flags)",
        repo=EWY, commit="0980eccb", repo_path="data/snapshots/ear-derived.json",
        as_of="2026-09-24", licence=APACHE_EWY),
    "exceptions": dict(
        path="ear/license-exceptions/license-exception-catalog-2026-07-23.json",
        what="Part 740 license exception catalog",
        repo=MCP, commit="5847b092", repo_path="src/data/license-exception-catalog.json",
        as_of="2026-07-23", licence=MIT_MCP),
}

# The chart's own "in force from": the supplement's amendment citation
# (<CITA>) must read this date; the eCFR of 2026-09-01 shows it unchanged.
CHART_AMENDMENT = "90 FR 47189"
CHART_IN_FORCE = "2025-09-30"

CHART_COLUMNS = ["CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2",
                 "FC1", "CC1", "CC2", "CC3", "AT1", "AT2"]
GROUP_ORDER = ["A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B", "C",
               "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2"]

# ---------------------------------------------------------------------------
# every country name the sources write -> ISO 3166-1 alpha-2.  Names are
# matched exactly, then case-insensitively; a name not here stops the run.
# Odd ones: Kosovo has no ISO code and takes XK, the user-assigned code the
# EU, IMF and CLDR use; the chart's misspelling "Seycheles" and the group
# table's "Cote d'lvoire" (a lower-case L) are the source's text, mapped as
# written; Sint Maarten is SX (the Dutch part; the French part, MF, has no
# row); Western Sahara is EH; Macau MO and Taiwan TW have rows of their own;
# Hong Kong (HK) has none (territories table).

NAME_ISO = {
    "Afghanistan": "AF", "Albania": "AL", "Algeria": "DZ", "Andorra": "AD", "Angola": "AO",
    "Antigua and Barbuda": "AG", "Argentina": "AR", "Armenia": "AM", "Aruba": "AW",
    "Australia": "AU", "Austria": "AT", "Azerbaijan": "AZ",
    "Bahamas, The": "BS", "The Bahamas": "BS",
    "Bahrain": "BH", "Bangladesh": "BD", "Barbados": "BB", "Belarus": "BY", "Belgium": "BE",
    "Belize": "BZ", "Benin": "BJ", "Bhutan": "BT", "Bolivia": "BO",
    "Bosnia and Herzegovina": "BA", "Bosnia & Herzegovina": "BA",
    "Botswana": "BW", "Brazil": "BR", "Brunei": "BN", "Bulgaria": "BG", "Burkina Faso": "BF",
    "Burma": "MM", "Burundi": "BI", "Cambodia": "KH", "Cameroon": "CM", "Canada": "CA",
    "Cape Verde": "CV", "Central African Republic": "CF", "Chad": "TD", "Chile": "CL",
    "China": "CN", "China (PRC)": "CN",
    "Colombia": "CO", "Comoros": "KM",
    "Congo (Democratic Republic of the)": "CD", "Congo (Democratic Republic of)": "CD",
    "Congo (Republic of the)": "CG",
    "Costa Rica": "CR", "Cote d'Ivoire": "CI", "Cote d'lvoire": "CI",
    "Croatia": "HR", "Cuba": "CU", "Curaçao": "CW", "Cyprus": "CY", "Czech Republic": "CZ",
    "Denmark": "DK", "Djibouti": "DJ", "Dominica": "DM", "Dominican Republic": "DO",
    "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV", "Equatorial Guinea": "GQ",
    "Eritrea": "ER", "Estonia": "EE", "Eswatini": "SZ", "Ethiopia": "ET", "Fiji": "FJ",
    "Finland": "FI", "France": "FR", "Gabon": "GA", "Gambia, The": "GM", "Georgia": "GE",
    "Germany": "DE", "Ghana": "GH", "Greece": "GR", "Grenada": "GD", "Guatemala": "GT",
    "Guinea": "GN", "Guinea-Bissau": "GW", "Guyana": "GY", "Haiti": "HT", "Honduras": "HN",
    "Hungary": "HU", "Iceland": "IS", "India": "IN", "Indonesia": "ID", "Iran": "IR",
    "Iraq": "IQ", "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Jamaica": "JM",
    "Japan": "JP", "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE", "Kiribati": "KI",
    "Korea, North": "KP", "Korea, South": "KR", "Kosovo": "XK", "Kuwait": "KW",
    "Kyrgyzstan": "KG", "Laos": "LA", "Latvia": "LV", "Lebanon": "LB", "Lesotho": "LS",
    "Liberia": "LR", "Libya": "LY", "Liechtenstein": "LI", "Lithuania": "LT",
    "Luxembourg": "LU", "Macau": "MO", "Madagascar": "MG", "Malawi": "MW", "Malaysia": "MY",
    "Maldives": "MV", "Mali": "ML", "Malta": "MT", "Marshall Islands": "MH",
    "Mauritania": "MR", "Mauritius": "MU", "Mexico": "MX",
    "Micronesia (Federated State of)": "FM", "Micronesia, Federated States of": "FM",
    "Moldova": "MD", "Monaco": "MC", "Mongolia": "MN", "Montenegro": "ME", "Morocco": "MA",
    "Mozambique": "MZ", "Namibia": "NA", "Nauru": "NR", "Nepal": "NP", "Netherlands": "NL",
    "New Zealand": "NZ", "Nicaragua": "NI", "Niger": "NE", "Nigeria": "NG",
    "North Macedonia": "MK", "Norway": "NO", "Oman": "OM", "Pakistan": "PK", "Palau": "PW",
    "Panama": "PA", "Papua New Guinea": "PG", "Paraguay": "PY", "Peru": "PE",
    "Philippines": "PH", "Poland": "PL", "Portugal": "PT", "Qatar": "QA", "Romania": "RO",
    "Russia": "RU", "Rwanda": "RW",
    "St. Kitts and Nevis": "KN", "Saint Kitts & Nevis": "KN",
    "St. Lucia": "LC", "Saint Lucia": "LC",
    "St. Vincent and the Grenadines": "VC", "Saint Vincent and the Grenadines": "VC",
    "Samoa": "WS", "San Marino": "SM",
    "Sao Tome and Principe": "ST", "Sao Tome & Principe": "ST",
    "Saudi Arabia": "SA", "Senegal": "SN", "Serbia": "RS",
    "Seycheles": "SC", "Seychelles": "SC",
    "Sierra Leone": "SL", "Singapore": "SG",
    "Sint Maarten (the Dutch two-fifths of the island of Saint Martin)": "SX",
    "Slovakia": "SK", "Slovenia": "SI", "Solomon Islands": "SB", "Somalia": "SO",
    "South Africa": "ZA", "South Sudan, Republic of": "SS", "Spain": "ES", "Sri Lanka": "LK",
    "Sudan": "SD", "Suriname": "SR", "Sweden": "SE", "Switzerland": "CH", "Syria": "SY",
    "Taiwan": "TW", "Tajikistan": "TJ", "Tanzania": "TZ", "Thailand": "TH",
    "Timor-Leste": "TL", "Togo": "TG", "Tonga": "TO",
    "Trinidad and Tobago": "TT", "Trinidad & Tobago": "TT",
    "Tunisia": "TN", "Türkiye": "TR", "Turkmenistan": "TM", "Tuvalu": "TV", "Uganda": "UG",
    "Ukraine": "UA", "United Arab Emirates": "AE", "United Kingdom": "GB",
    "United States": "US", "Uruguay": "UY", "Uzbekistan": "UZ", "Vanuatu": "VU",
    "Vatican City": "VA", "Venezuela": "VE", "Vietnam": "VN", "Western Sahara": "EH",
    "Yemen": "YE", "Zambia": "ZM", "Zimbabwe": "ZW",
    # territories without a row of their own (territoryInheritance)
    "Hong Kong": "HK", "Cayman Islands": "KY",
}

# Names whose mapping is a decision rather than a look-up; the docs list them.
ODD_NAMES = [
    ("Burma", "MM", "the EAR's name for Myanmar"),
    ("Korea, North / Korea, South", "KP / KR", "inverted names"),
    ("Congo (Democratic Republic of the)", "CD",
     "also written \"Congo (Democratic Republic of)\" in D:5 of the group table"),
    ("Congo (Republic of the)", "CG", ""),
    ("Cote d'Ivoire / Cote d'lvoire", "CI",
     "the group table's B list writes a lower-case L for the I; mapped as written"),
    ("Türkiye", "TR", "no row \"Turkey\"; the chart and the group table write Türkiye"),
    ("Kosovo", "XK", "not in ISO 3166-1; XK is the user-assigned code in common use"
                     " (EU, IMF, CLDR)"),
    ("Macau", "MO", "a row of its own, and in D:1, D:3 and D:4 of the 2026-07-23 group"
                    " table (see the cross-check)"),
    ("Taiwan", "TW", "a row of its own"),
    ("Seycheles / Seychelles", "SC", "the chart misspells it; mapped as written"),
    ("Sint Maarten (the Dutch two-fifths of the island of Saint Martin)", "SX",
     "the Dutch part; Saint-Martin (MF) has no row"),
    ("Curaçao", "CW", ""),
    ("Western Sahara", "EH", "a row of its own"),
    ("Micronesia (Federated State of)", "FM", "the chart's singular \"State\""),
    ("Vatican City", "VA", ""),
    ("Eswatini", "SZ", ""),
    ("Cape Verde", "CV", ""),
    ("China / China (PRC)", "CN", "the group table writes China (PRC)"),
    ("Bahamas, The / The Bahamas; Gambia, The", "BS; GM", ""),
    ("United States", "US", "not a chart row; in A:1-A:4 and B of the group tables"),
    ("Hong Kong", "HK", "no chart row (removed 2020); territories table, row CN"),
    ("Cayman Islands", "KY", "no chart row; territories table, row GB"),
]


def _iso_folded():
    folded = {}
    for name, code in NAME_ISO.items():
        if not re.fullmatch(r"[A-Z]{2}", code):
            sys.exit("derive-ear: NAME_ISO[%r] = %r is not an alpha-2 code" % (name, code))
        k = name.casefold()
        if folded.get(k, code) != code:
            sys.exit("derive-ear: NAME_ISO: %r maps two ways" % name)
        folded[k] = code
    return folded


ISO_FOLDED = _iso_folded()
ISO_CODES = set(NAME_ISO.values())


def iso(name, where):
    code = NAME_ISO.get(name) or ISO_FOLDED.get(name.casefold())
    if code is None:
        sys.exit("derive-ear: %s: country name %r has no ISO code in NAME_ISO" % (where, name))
    return code


def check_iso(code, where):
    if code not in ISO_CODES:
        sys.exit("derive-ear: %s: %r is not a code of NAME_ISO" % (where, code))
    return code


# ---------------------------------------------------------------------------
# helpers


def src_path(shared, key):
    return os.path.join(shared, SOURCES[key]["path"])


def sha12(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def load_json(shared, key):
    with open(src_path(shared, key), encoding="utf-8") as f:
        return json.load(f)


def source_line(shared, key):
    s = SOURCES[key]
    return "%s@%s:%s (%s, %s), sha256 %s..." % (s["repo"], s["commit"], s["repo_path"], s["what"],
                                               s["as_of"], sha12(src_path(shared, key)))


def clean(s):
    """Whitespace runs (tabs and newlines too) -> one space, trimmed; None -> ''."""
    return " ".join((s or "").split())


def dash(s):
    s = clean(s)
    return s if s else "-"


def check_field(name, col, v):
    if not isinstance(v, str) or v == "" or "\t" in v or "\n" in v or "\r" in v or v != v.strip():
        sys.exit("derive-ear: %s: column %s: bad field %r" % (name, col, v))


def write_table(name, title, columns, sources, licence, as_of, in_force, notes, rows, sort_key):
    """data/rules/ear/<name>: '#' header lines, the column names, sorted rows."""
    rows = [tuple(r) for r in rows]
    if len(set(rows)) != len(rows):
        sys.exit("derive-ear: %s: duplicate rows" % name)
    rows.sort(key=sort_key)
    for d in (as_of, in_force):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            sys.exit("derive-ear: %s: bad date %r" % (name, d))
    head = ["%s - %s" % (name, title)]
    head += ["source: " + s for s in sources]
    head += ["licence: " + licence, "as of: " + as_of, "in force from: " + in_force]
    head += notes
    head += ["regenerate: " + REGEN, "rows: %d" % len(rows)]
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for h in head:
            if "\n" in h or "\t" in h:
                sys.exit("derive-ear: %s: bad header line %r" % (name, h))
            f.write("# " + h + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            if len(r) != len(columns):
                sys.exit("derive-ear: %s: row of %d fields: %r" % (name, len(r), r[:2]))
            for c, v in zip(columns, r):
                check_field(name, c, v)
            f.write("\t".join(r) + "\n")
    STATS["files"][name] = dict(rows=len(rows), title=title, as_of=as_of, in_force=in_force,
                                licence=licence, columns=columns)
    return rows


def natural(v):
    return (0, int(v), "") if v.isdigit() else (1, 0, v)


# ---------------------------------------------------------------------------
# 1. the Country Chart, from the eCFR XML

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}


def cita_date(text):
    """'[90 FR 47189, Sept. 30, 2025]' -> ('90 FR 47189', '2025-09-30')."""
    m = re.search(r"(\d+ FR \d+),\s*([A-Za-z]+)\.?\s+(\d{1,2}),\s*(\d{4})", text)
    if not m or m.group(2)[:3].lower() not in MONTHS:
        sys.exit("derive-ear: chart: cannot read the amendment citation %r" % text)
    return m.group(1), "%s-%02d-%02d" % (m.group(4), MONTHS[m.group(2)[:3].lower()],
                                         int(m.group(3)))


def chart_supplement(shared):
    tree = ET.parse(src_path(shared, "chart_xml"))
    divs = [d for d in tree.iter("DIV9") if d.get("N") == "Supplement No. 1 to Part 738"]
    if len(divs) != 1:
        sys.exit("derive-ear: chart: %d 'Supplement No. 1 to Part 738' divisions" % len(divs))
    div = divs[0]
    tables = div.findall(".//TABLE")
    if len(tables) != 1:
        sys.exit("derive-ear: chart: %d tables in the supplement" % len(tables))
    return div, tables[0]


def chart_rows(shared):
    div, table = chart_supplement(shared)
    heads = table.findall("./THEAD/TR")
    cols = ["".join(clean("".join(th.itertext())).split()) for th in heads[-1].findall("TH")]
    if cols != CHART_COLUMNS:
        sys.exit("derive-ear: chart: column heads %r" % cols)
    cita = div.find("CITA")
    amendment, in_force = cita_date("".join(cita.itertext()) if cita is not None else "")
    if (amendment, in_force) != (CHART_AMENDMENT, CHART_IN_FORCE):
        sys.exit("derive-ear: chart: amended by %s on %s, not %s on %s as recorded"
                 % (amendment, in_force, CHART_AMENDMENT, CHART_IN_FORCE))
    rows, seen = [], {}
    for n, tr in enumerate(table.findall("./TBODY/TR"), 1):
        tds = tr.findall("TD")
        cell = tds[0]
        for child in cell:
            if child.tag != "sup":
                sys.exit("derive-ear: chart row %d: <%s> in the name cell" % (n, child.tag))
        notes = [clean(s.text) for s in cell.findall("sup")]
        for fn in notes:
            if not fn.isdigit():
                sys.exit("derive-ear: chart row %d: footnote mark %r" % (n, fn))
        name = clean((cell.text or "") + "".join(s.tail or "" for s in cell))
        where = "chart row %d (%s)" % (n, name)
        if len(tds) == 17:
            marks = []
            for c, td in zip(CHART_COLUMNS, tds[1:]):
                v = clean("".join(td.itertext()))
                if v not in ("X", ""):
                    sys.exit("derive-ear: %s: column %s holds %r" % (where, c, v))
                marks.append("X" if v == "X" else "-")
            pointer = "-"
        elif len(tds) == 2 and tds[1].get("colspan") == "16":
            marks = ["-"] * 16
            pointer = clean("".join(tds[1].itertext()))
            if "746" not in pointer:
                sys.exit("derive-ear: %s: merged cell does not point to part 746" % where)
        else:
            sys.exit("derive-ear: %s: %d cells" % (where, len(tds)))
        code = iso(name, where)
        if code in seen:
            sys.exit("derive-ear: %s: %s is also the row of %s" % (where, code, seen[code]))
        seen[code] = name
        rows.append([code, name] + marks + [",".join(notes) or "-", pointer])
    STATS["chart"].update(rows=len(rows), embargoed=[r[1] for r in rows if r[-1] != "-"],
                          amendment=amendment, in_force=in_force,
                          with_notes=sum(1 for r in rows if r[-2] != "-"))
    return rows


def chart_footnotes(shared):
    _, table = chart_supplement(shared)
    foot = table.find("TFOOT")
    if foot is None:
        sys.exit("derive-ear: chart: no <TFOOT>")
    rows = []
    for tr in foot.findall("TR"):
        td = tr.find("TD")
        sup = td.find("sup")
        if sup is None or not clean(sup.text).isdigit():
            sys.exit("derive-ear: chart footnote without a number: %r" % "".join(td.itertext()))
        text = clean((sup.tail or "") + "".join(
            "".join(c.itertext()) + (c.tail or "") for c in td if c is not sup))
        rows.append([clean(sup.text), text])
    nums = [int(r[0]) for r in rows]
    if nums != list(range(1, len(rows) + 1)):
        sys.exit("derive-ear: chart footnotes numbered %r" % nums)
    return rows


def chart_crosscheck(shared, rows, notes):
    """The XML's marks, footnote marks, pointers and footnote texts against the
    older JSON's; every difference goes to the docs page."""
    j = load_json(shared, "chart_json")
    if j.get("ecfrIssueDate") != SOURCES["chart_json"]["as_of"]:
        sys.exit("derive-ear: country-chart JSON is of %r" % j.get("ecfrIssueDate"))
    diffs, both = [], 0
    jrows = {}
    for name, v in j["countries"].items():
        jrows[name] = ("marks", sorted("".join(m.split()) for m in v["marks"]),
                       [str(x) for x in v["footnotes"]])
    for name, v in j["embargoed"].items():
        jrows[name] = ("pointer", clean(v["pointer"]), [str(x) for x in v["footnotes"]])
    xnames = set()
    for r in rows:
        name = r[1]
        xnames.add(name)
        if name not in jrows:
            diffs.append("%s (%s): in the XML only" % (name, r[0]))
            continue
        both += 1
        kind, val, fns = jrows[name]
        xfns = [] if r[-2] == "-" else r[-2].split(",")
        if kind == "marks":
            xm = sorted(c for c, m in zip(CHART_COLUMNS, r[2:18]) if m == "X")
            if r[-1] != "-":
                diffs.append("%s: merged Part 746 cell in the XML, marks in the JSON" % name)
            elif xm != val:
                diffs.append("%s: X in the XML only: %s; in the JSON only: %s" % (
                    name, ", ".join(sorted(set(xm) - set(val))) or "-",
                    ", ".join(sorted(set(val) - set(xm))) or "-"))
        elif r[-1] != val:
            diffs.append("%s: Part 746 pointer differs: XML %r, JSON %r" % (name, r[-1], val))
        if xfns != fns:
            diffs.append("%s: footnotes XML %s, JSON %s" % (name, ",".join(xfns) or "-",
                                                           ",".join(fns) or "-"))
    for name in sorted(set(jrows) - xnames):
        diffs.append("%s: in the JSON only" % name)
    jnotes = {k: clean(v) for k, v in j.get("footnotes", {}).items()}
    for num, text in notes:
        if jnotes.get(num) != text:
            diffs.append("footnote %s: text differs (JSON %r)" % (num, (jnotes.get(num) or "")[:60]))
    for num in sorted(set(jnotes) - {n for n, _ in notes}, key=int):
        diffs.append("footnote %s: in the JSON only" % num)
    STATS["chart"].update(json_rows=len(jrows), both=both, diffs=diffs,
                          json_marked=len(j["countries"]))
    return j


# ---------------------------------------------------------------------------
# 2. territories without a row


def territories(chart_json):
    rows = []
    for name, v in chart_json["territoryInheritance"].items():
        where = "territoryInheritance %r" % name
        rows.append([clean(name), iso(name, where), iso(v["row"], where), dash(v["basis"])])
    STATS["territories"]["note"] = clean(chart_json.get("territoryInheritanceNote", ""))
    return rows


# ---------------------------------------------------------------------------
# 3-4. the CCL


def ccl_load(shared):
    j = load_json(shared, "ccl")
    if j.get("ecfrIssueDate") != SOURCES["ccl"]["as_of"]:
        sys.exit("derive-ear: CCL JSON is of %r" % j.get("ecfrIssueDate"))
    entries = j["entries"]
    if len(entries) != j.get("entryCount"):
        sys.exit("derive-ear: CCL: %d entries, entryCount %r" % (len(entries), j.get("entryCount")))
    seen = set()
    for e in entries:
        if not re.fullmatch(r"[0-9][A-E][0-9]{3}", e["eccn"]) or e["eccn"] in seen:
            sys.exit("derive-ear: CCL: bad or repeated ECCN %r" % e["eccn"])
        seen.add(e["eccn"])
    return entries


def ccl_requirements(entries):
    rows, empty, merged = [], [], []
    for e in entries:
        reqs = e["countryChart"]
        if not reqs:
            empty.append(e["eccn"])
            rows.append([e["eccn"], "0", "-", "-"])
        for n, r in enumerate(reqs, 1):
            extra = sorted(k for k in r if k not in ("control", "countryChart"))
            if extra:
                merged.append((e["eccn"], n, ", ".join(extra)))
            rows.append([e["eccn"], str(n), dash(r["control"]), dash(r["countryChart"])])
    reason = {e["eccn"]: clean(e["reasonForControl"]) for e in entries}
    STATS["ccl"].update(entries=len(entries), empty=empty, merged=merged,
                        empty_with_reason=[(c, reason[c]) for c in empty if reason[c]],
                        requirements=sum(len(e["countryChart"]) for e in entries))
    return rows


FLAG_MIN = 20  # a licence-exception flag with a column of its own: in this many entries


def ccl_entries(entries):
    counts = collections.Counter(k for e in entries for k in e["licenceExceptionFlags"])
    keys = ["LVS", "GBS"] + sorted((k for k, n in counts.items()
                                    if n >= FLAG_MIN and k not in ("LVS", "GBS")),
                                   key=lambda k: (-counts[k], k))
    rest = sorted(k for k in counts if k not in keys)
    rows, cut, letters = [], [], collections.Counter()
    no_reason, sta_differs, not_from_a, repeated_d1 = [], [], [], []
    for e in entries:
        flags = e["licenceExceptionFlags"]
        for k, v in flags.items():
            if not isinstance(v, str) or "|" in v:
                sys.exit("derive-ear: CCL %s: flag %s = %r" % (e["eccn"], k, v))
        other = " | ".join("%s: %s" % (k, clean(flags[k])) for k in rest if k in flags)
        reasons = dash(e["reasonForControl"])
        if reasons == "-":
            no_reason.append(e["eccn"])
        sta = clean(e["staSpecialConditions"])
        if sta and clean(flags.get("STA")) and sta != "STA: " + clean(flags["STA"]):
            sta_differs.append(e["eccn"])
        tops = e.get("topLevelParagraphs")
        paras = sorted(tops) if tops else []
        for p in paras:
            if not re.fullmatch(r"[a-z]", p):
                sys.exit("derive-ear: CCL %s: paragraph %r" % (e["eccn"], p))
        if paras and paras[0] != "a":
            not_from_a.append(e["eccn"])
        d1 = [i["paragraph"] for i in e.get("items", []) if i["kind"] == "item" and i["depth"] == 1]
        if len(d1) != len(set(d1)):
            repeated_d1.append(e["eccn"])
        letters[len(paras)] += 1
        heading = clean(e["heading"])
        if len(heading) > 300:
            cut.append(e["eccn"])
            heading = heading[:299].rstrip() + "…"
        rows.append([e["eccn"], reasons] + [dash(flags.get(k)) for k in keys]
                    + [other or "-", dash(sta), ",".join(paras) or "-", dash(heading)])
    STATS["entries"].update(flag_counts=counts, keys=keys, rest=rest, cut=cut,
                            no_reason=no_reason, sta_differs=sta_differs,
                            with_paras=sum(1 for e in entries if e.get("topLevelParagraphs")),
                            with_items=sum(1 for e in entries if "items" in e),
                            not_from_a=not_from_a, repeated_d1=repeated_d1)
    columns = (["eccn", "reasons"] + [k.lower() for k in keys]
               + ["other_flags", "sta_conditions", "paragraphs", "heading"])
    return columns, rows


# ---------------------------------------------------------------------------
# 5. Country Groups


def country_groups(shared, chart_codes):
    j = load_json(shared, "groups")
    if j.get("ecfrIssueDate") != SOURCES["groups"]["as_of"]:
        sys.exit("derive-ear: country groups JSON is of %r" % j.get("ecfrIssueDate"))
    member = collections.defaultdict(set)
    sizes = {}
    for g, names in j["groups"].items():
        if g not in GROUP_ORDER:
            sys.exit("derive-ear: country groups: unknown group %r" % g)
        codes = [iso(n, "country group %s" % g) for n in names]
        if len(set(codes)) != len(codes):
            sys.exit("derive-ear: country group %s names a country twice" % g)
        sizes[g] = len(codes)
        for c in codes:
            member[c].add(g)
    rows = [[c, ",".join(g for g in GROUP_ORDER if g in gs)] for c, gs in member.items()]

    # cross-check with the by-country table of 2026-09-24
    b = load_json(shared, "groups_by_country")
    if b["stamp"].get("asOf") != SOURCES["groups_by_country"]["as_of"]:
        sys.exit("derive-ear: by-country groups are of %r" % b["stamp"].get("asOf"))
    other = {check_iso(c, "by-country groups"): set(gs) for c, gs in b["membership"].items()}
    diffs = []
    for c in sorted(set(member) | set(other)):
        a, o = member.get(c, set()), other.get(c, set())
        if a != o:
            diffs.append("%s: 2026-07-23 only: %s; 2026-09-24 only: %s" % (
                c, ",".join(g for g in GROUP_ORDER if g in a - o) or "-",
                ",".join(g for g in GROUP_ORDER if g in o - a) or "-"))
    osizes = collections.Counter(g for gs in other.values() for g in gs)
    STATS["groups"].update(sizes=sizes, other_sizes=dict(osizes), diffs=diffs,
                           countries=len(member), other_countries=len(other),
                           no_group=sorted(set(chart_codes) - set(member)),
                           not_chart=sorted(set(member) - set(chart_codes)),
                           absent=[g for g in GROUP_ORDER if g not in sizes],
                           notes=j.get("notes", {}))
    return rows


# ---------------------------------------------------------------------------
# 6. Part 746 and the lists kept with it

KINDS = ["hts", "partner", "meu_eccn", "meu_dest", "un_arms", "red_flag"]
CITE = {
    "hts": "supplement no. %s to part 746",
    "meu": "15 CFR 744.21, supplement no. 2 to part 744",
    "un_arms": "15 CFR 746.1(b)",
    "partner": "supplement no. 3 to part 746",
    "red_flag": "supplement no. 3 to part 732",
}


def part746(shared):
    j = load_json(shared, "part746")
    known = {"unArmsEmbargo", "partnerCountries", "russiaHts", "meuEccns",
             "meuSupp2Destinations", "redFlags"}
    if set(j) != known:
        sys.exit("derive-ear: part 746 JSON keys %r" % sorted(set(j) ^ known))
    rows, dups = [], collections.Counter()

    def add(kind, key, value, cite):
        r = [kind, key, value, cite]
        if r in rows:
            dups[kind] += 1
        else:
            rows.append(r)

    for supp, codes in j["russiaHts"].items():
        m = re.fullmatch(r"supp(\d+)", supp)
        if not m:
            sys.exit("derive-ear: part 746: HTS list %r" % supp)
        for h in codes:
            if not isinstance(h, str) or not re.fullmatch(r"\d{6}", h):
                sys.exit("derive-ear: part 746 %s: HTS code %r" % (supp, h))
            add("hts", supp, h, CITE["hts"] % m.group(1))
    for p in j["partnerCountries"]:
        cite = clean(p.get("cite")).rstrip(".")
        add("partner", check_iso(p["iso2"], "partner countries"), dash(p["scope"]),
            "%s (%s)" % (CITE["partner"], cite) if cite else CITE["partner"])
    for e in j["meuEccns"]:
        if not re.fullmatch(r"[0-9][A-E][0-9]{3}", e):
            sys.exit("derive-ear: part 746: MEU ECCN %r" % e)
        add("meu_eccn", e, "-", CITE["meu"])
    for c in j["meuSupp2Destinations"]:
        add("meu_dest", check_iso(c, "MEU destinations"), "-", CITE["meu"])
    for c in j["unArmsEmbargo"]:
        add("un_arms", check_iso(c, "UN arms embargo"), "-", CITE["un_arms"])
    for f in j["redFlags"]:
        add("red_flag", str(int(f["n"])), dash(f["text"]), CITE["red_flag"])
    STATS["part746"].update(
        counts=collections.Counter(r[0] for r in rows), dups=dups,
        meu_dest=list(j["meuSupp2Destinations"]),
        hts={k: len(v) for k, v in j["russiaHts"].items()},
        partner_cites=collections.Counter(clean(p.get("cite")) for p in j["partnerCountries"]),
        scopes=collections.Counter(clean(p["scope"]) for p in j["partnerCountries"]))
    return rows


# ---------------------------------------------------------------------------
# 7. license exceptions


def license_exceptions(shared, flag_keys):
    j = load_json(shared, "exceptions")
    if j.get("ecfrIssueDate") != SOURCES["exceptions"]["as_of"]:
        sys.exit("derive-ear: license exception catalog is of %r" % j.get("ecfrIssueDate"))
    fields = collections.Counter(k for x in j["exceptions"] for k in x)
    rows, seen = [], set()
    for x in j["exceptions"]:
        num = clean(x["sectionNumber"])
        if not re.fullmatch(r"740\.\d+", num) or not clean(x["section"]).endswith(num):
            sys.exit("derive-ear: license exception section %r / %r" % (x["section"], num))
        for s in x["symbols"]:
            if s in seen or not re.fullmatch(r"[A-Z]{3}", s):
                sys.exit("derive-ear: license exception symbol %r" % s)
            seen.add(s)
            rows.append([s, num, dash(x["title"])])
    if len(j["exceptions"]) != j.get("count"):
        sys.exit("derive-ear: license exceptions: %d, count %r" % (len(j["exceptions"]), j.get("count")))
    STATS["exceptions"].update(fields=fields, sections=len(j["exceptions"]),
                               unknown_flags=sorted(set(flag_keys) - seen))
    return rows


# ---------------------------------------------------------------------------
# licences

MIT_MCP_TEXT = """\
The JSON extracts of seelpeed-debug/export-controls-agent-mcp (src/data/ccl.json,
country-chart.json, country-groups.json and license-exception-catalog.json, at
commit 5847b092) are used under the licence below, the repository's LICENSE file
(as stored at commit bf3c05d1).  The tables of this folder derived from them are
ccl-*.tsv, territories-*.tsv, country-groups-*.tsv and license-exceptions-*.tsv;
they are changed (selected, flattened, whitespace collapsed, country names mapped
to ISO codes) by scripts/derive-ear.py.  The regulatory text itself is a US
Government work, in the public domain.

MIT License

Copyright (c) 2026 seelpeed-debug

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

# The attribution lines of the repository's NOTICE file (as stored at commit
# ccedcaec), which Apache-2.0 section 4(d) asks a derived work to carry.
APACHE_EWY_HEAD = """\
part-746-*.tsv in this folder is derived from data/snapshots/ear-derived.json of
OSUGIYAMA/EyeWarnYou (commit 0980eccb), used under the Apache License 2.0 below;
data/snapshots/ear-country-groups.json of the same repository is read only to
cross-check the Country Groups (docs/ear-tables.md).  Changes: the lists are
flattened into one kind/key/value/citation table, citations are added where the
source has none, and rows are sorted (scripts/derive-ear.py).

From the repository's NOTICE file (as stored at commit ccedcaec):

    EyeWarnYou
    Copyright 2025-2026 Tatsuya Sugiyama

    Licensed under the Apache License, Version 2.0 (see LICENSE).

    1. United States - Export Administration Regulations (15 CFR Parts 730-774)
       Source: Electronic Code of Federal Regulations (eCFR), Office of the Federal
       Register (National Archives and Records Administration) and U.S. Government
       Publishing Office, https://www.ecfr.gov/ (eCFR Versioner API).
       Files: data/snapshots/ear-*.json.
       Works of the U.S. Government are not subject to copyright protection in the
       United States (17 U.S.C. 105). The eCFR is not an official legal edition of
       the CFR; the Code of Federal Regulations and the Federal Register control.

"""


def write_licenses():
    with open(os.path.join(OUT, "LICENSE.export-controls-agent-mcp.MIT"), "w",
              encoding="utf-8", newline="\n") as f:
        f.write(MIT_MCP_TEXT)
    with open(APACHE_TEXT, encoding="utf-8") as f:
        apache = f.read()
    if "Apache License" not in apache[:200] or "Version 2.0, January 2004" not in apache[:300]:
        sys.exit("derive-ear: %s is not the Apache-2.0 text" % APACHE_TEXT)
    with open(os.path.join(OUT, "LICENSE.EyeWarnYou.Apache-2.0"), "w",
              encoding="utf-8", newline="\n") as f:
        f.write(APACHE_EWY_HEAD + apache)


# ---------------------------------------------------------------------------
# data/rules/ear/README.md and docs/ear-tables.md

README_LINES = [
    ("country-chart-2026-09-01.tsv", "the Commerce Country Chart: an X per reason for control"
     " and destination, footnote numbers, the Part 746 pointer of embargoed rows",
     "eCFR XML of part 738 (draygada/Caddy @898f6167)", "public domain"),
    ("country-chart-footnotes-2026-09-01.tsv", "the chart's footnotes",
     "the same XML", "public domain"),
    ("territories-2026-07-23.tsv", "destinations without a chart row and the row they follow",
     "country-chart.json (export-controls-agent-mcp @5847b092)", "MIT"),
    ("ccl-2026-07-23.tsv", "the CCL's License Requirements: one row per control of an ECCN",
     "ccl.json (export-controls-agent-mcp @5847b092)", "MIT"),
    ("ccl-entries-2026-07-23.tsv", "one row per ECCN: reasons, license-exception flags,"
     " STA conditions, paragraph letters, heading",
     "ccl.json (export-controls-agent-mcp @5847b092)", "MIT"),
    ("country-groups-2026-07-23.tsv", "the Country Groups of each country",
     "country-groups.json (export-controls-agent-mcp @5847b092)", "MIT"),
    ("part-746-2026-09-24.tsv", "HTS codes of supplements 2, 4, 5, 7 to part 746, 746.8 partner"
     " countries, MEU ECCNs and destinations, UN arms embargoes, red flags",
     "ear-derived.json (EyeWarnYou @0980eccb)", "Apache-2.0"),
    ("license-exceptions-2026-07-23.tsv", "license exception symbols with section and title",
     "license-exception-catalog.json (export-controls-agent-mcp @5847b092)", "MIT"),
]


def write_readme():
    lines = ["# data/rules/ear", "",
             "Dated tables of the Export Administration Regulations, derived from the eCFR XML and",
             "public JSON extracts in `../shared/data/ear` by `scripts/derive-ear.py` (regenerate:",
             "`%s`); src/ear reads them.  Each file is named TABLE-YYYY-MM-DD.tsv" % REGEN,
             "(the date of its source) and its header says from when it is in force; a new",
             "version is a new file beside the old one.  How each is made, its counts and the",
             "cross-checks: docs/ear-tables.md.  Licences: LICENSE.export-controls-agent-mcp.MIT",
             "and LICENSE.EyeWarnYou.Apache-2.0.", "",
             "| file | what | source | licence | as of | in force from | rows |",
             "|---|---|---|---|---|---|---|"]
    for f, what, src, lic in README_LINES:
        s = STATS["files"][f]
        lines.append("| %s | %s | %s | %s | %s | %s | %d |" % (
            f, what, src, lic, s["as_of"], s["in_force"], s["rows"]))
    lines.append("")
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


def bullet_list(a, items, empty="none"):
    if not items:
        a("- " + empty)
    for x in items:
        a("- " + x)


def doc_intro(a, shared):
    a("# EAR tables")
    a("")
    a("The dated Export Administration Regulations tables in `data/rules/ear/` and how they are")
    a("made. `scripts/derive-ear.py` reads `../shared/data/ear` (its README names each file's")
    a("repository, commit, path, licence and eCFR date) and writes derived tables; no source file")
    a("is copied whole. Each table is UTF-8, tab-separated, LF, with `#` header lines first:")
    a("")
    a("    # <file> - <what it is>")
    a("    # source: <repository>@<commit>:<path> (<what>, <date of the file>), sha256 <prefix>...")
    a("    # licence: <licence of the source>")
    a("    # as of: <eCFR date of the source>")
    a("    # in force from: YYYY-MM-DD")
    a("    # <notes on columns and values>")
    a("    # regenerate: %s" % REGEN)
    a("    # rows: <n>")
    a("")
    a("then a header row of column names and the data rows, sorted. `in force from` is the date")
    a("the version applies from: the source's as-of date, except the Country Chart, whose")
    a("supplement was last amended by %s on %s (the script reads the `<CITA>` of the" % (
        CHART_AMENDMENT, CHART_IN_FORCE))
    a("supplement and stops if it says otherwise). src/ear picks, per table, the latest version")
    a("in force on a transaction's date. Empty values are `-`; whitespace runs (tabs, newlines)")
    a("are one space. A rerun on the same inputs writes the same bytes; this page is written by")
    a("the same run.")
    a("")
    a("Regenerate (from the repository root; the argument defaults to `../shared/data`):")
    a("")
    a("    " + REGEN)
    a("")
    a("| file | rows | as of | in force from | licence |")
    a("|---|---|---|---|---|")
    short = {f: lic for f, _, _, lic in README_LINES}
    for f, s in sorted(STATS["files"].items()):
        a("| %s | %d | %s | %s | %s |" % (f, s["rows"], s["as_of"], s["in_force"], short[f]))
    a("")
    a("Sources read (sha256 prefix of the file read):")
    a("")
    for k in SOURCES:
        a("- `%s`: %s" % (SOURCES[k]["path"], source_line(shared, k)))
    a("")


def doc_iso(a):
    a("## Country names and ISO codes")
    a("")
    a("Every country name of the chart, the territory notes and both group tables goes through")
    a("one table in the script (`NAME_ISO`, %d names for %d codes), exact match first, then" % (
        len(NAME_ISO), len(ISO_CODES)))
    a("case-insensitive; a name it lacks stops the run, so a renamed row cannot slip through.")
    a("The by-country group table and the Part 746 lists already carry ISO codes; each must be")
    a("one of the table's codes. The mappings that are decisions rather than look-ups:")
    a("")
    a("| name as the source writes it | ISO | note |")
    a("|---|---|---|")
    for n, c, why in ODD_NAMES:
        a("| %s | %s | %s |" % (n, c, why or "-"))
    a("")
    a("The chart has no row for the Palestinian territories, the West Bank or Gaza, nor for Hong")
    a("Kong; none is mapped.")
    a("")


def doc_chart(a):
    C = STATS["chart"]
    F = STATS["files"]
    a("## country-chart-2026-09-01.tsv and country-chart-footnotes-2026-09-01.tsv")
    a("")
    a("Supplement No. 1 to part 738 from the eCFR XML of 2026-09-01: one `<TR>` per country in")
    a("`<TBODY>`, 17 `<TD>` (the name and the 16 columns; the column heads are checked to read")
    a("%s). A cell is `X` or empty (`-`); anything else stops the run." % " ".join(CHART_COLUMNS))
    a("Footnote marks are the `<sup>` of the name cell, removed from `country` and listed in")
    a("`footnotes`. %d rows (%d with footnote marks); %d embargoed rows (%s) have one" % (
        C["rows"], C["with_notes"], len(C["embargoed"]), "; ".join(C["embargoed"])))
    a("cell spanning the 16 columns that points to Part 746 (North Korea: to 742.19 and 746.4):")
    a("their 16 columns are `-` and `part746` holds the pointer, so a reader must test `part746`")
    a("before the marks - a `-` there does not mean no license is required. No row is dropped.")
    a("")
    a("Footnotes: the `<TFOOT>`, %d footnotes numbered 1-%d, text without the mark. Footnotes" % (
        F["country-chart-footnotes-2026-09-01.tsv"]["rows"],
        F["country-chart-footnotes-2026-09-01.tsv"]["rows"]))
    a("8 and 9 have the same text (the covered regions of Ukraine, 746.6); the source puts 8 on")
    a("Pakistan and 9 on Ukraine, and the table keeps that as written.")
    a("")
    a("In force from %s: the supplement's citation reads `[%s, ...]`, the last amendment;" % (
        C["in_force"], C["amendment"]))
    a("the eCFR of 2026-09-01 (the as-of date) shows that version.")
    a("")
    a("Cross-check against `country-chart/country-chart-2026-07-23.json` (the JSON of the")
    a("2026-07-23 eCFR, %d marked rows and %d embargoed): %d rows are in both; for each, the" % (
        C["json_marked"], C["json_rows"] - C["json_marked"], C["both"]))
    a("set of X columns, the footnote marks and the Part 746 pointer are compared, and so are the")
    a("footnote texts. Differences: %d." % len(C["diffs"]))
    a("")
    bullet_list(a, C["diffs"], "none: the XML of 2026-09-01 and the JSON of 2026-07-23 agree on"
                " every mark, footnote mark, pointer and footnote text")
    a("")


def doc_territories(a):
    T = STATS["territories"]
    a("## territories-2026-07-23.tsv")
    a("")
    a("The JSON chart's `territoryInheritance`: destinations without a row of their own and the")
    a("row that decides them, with the source's basis text. `name` is the source's lower-case")
    a("key; `iso2` and `row_iso2` go through `NAME_ISO`. %d rows. The source's own caveat:" % (
        STATS["files"]["territories-2026-07-23.tsv"]["rows"]))
    a("")
    a("> " + T["note"])
    a("")


def doc_ccl(a):
    C, E = STATS["ccl"], STATS["entries"]
    F = STATS["files"]
    a("## ccl-2026-07-23.tsv")
    a("")
    a("One row per entry of each ECCN's License Requirements table (`countryChart` of")
    a("`ccl/ccl-2026-07-23.json`, %d ECCNs): `eccn`, `n` (its position in the table, from 1)," % (
        C["entries"]))
    a("`control` (\"NS applies to entire entry\") and `chart` (\"NS Column 1.\" or the free text")
    a("that stands in its place), whitespace collapsed. %d requirement rows; %d ECCNs have an" % (
        C["requirements"], len(C["empty"])))
    a("empty table and get one row with `n` 0, `control` and `chart` `-`: %d rows in all. No" % (
        F["ccl-2026-07-23.tsv"]["rows"]))
    a("row is dropped. Of the empty tables, %d belong to ECCNs without a reason for control" % (
        len(C["empty"]) - len(C["empty_with_reason"])))
    a("(mostly \"subject to the ITAR\" entries and the 0x521 and x018 entries). The other %d have" % (
        len(C["empty_with_reason"])))
    a("a reason for control but state their License Requirements in a form the source did not")
    a("capture as a table (\"A license is required for ALL destinations...\", the short supply")
    a("SS entries, CC torture and execution devices, the AT-only x999 entries); an `n` 0 row")
    a("does not mean no license is required, and src/ear must leave such an item undecided:")
    a("")
    a(", ".join("%s (%s)" % x for x in C["empty_with_reason"]))
    a("")
    a("Rows the source marks as one merged cell (`singleCellRow`) or as having an empty")
    a("requirement cell (`requirementCellEmptyInSource`); their `chart` repeats `control`:")
    a("")
    bullet_list(a, ["%s row %d: %s" % m for m in C["merged"]])
    a("")
    a("## ccl-entries-2026-07-23.tsv")
    a("")
    a("One row per ECCN (%d). `reasons` is `reasonForControl` (`-` for %d ECCNs without one," % (
        F["ccl-entries-2026-07-23.tsv"]["rows"], len(E["no_reason"])))
    a("null or empty in the source). License-exception flags (`licenceExceptionFlags`) by key:")
    a("")
    a("| key | ECCNs | column |")
    a("|---|---|---|")
    for k, n in sorted(E["flag_counts"].items(), key=lambda kv: (-kv[1], kv[0])):
        a("| %s | %d | %s |" % (k, n, k.lower() if k in E["keys"] else "other_flags"))
    a("")
    a("A key in %d or more entries has a column of its own (%s); the others (%s) go into" % (
        FLAG_MIN, ", ".join(k.lower() for k in E["keys"]), ", ".join(E["rest"])))
    a("`other_flags` as `KEY: value` joined by ` | ` (no value contains `|`), so no flag is")
    a("dropped. `sta_conditions` is `staSpecialConditions` (`-` when null). It repeats the STA")
    a("flag with an `STA: ` prefix in every entry but %d: %s, where the two texts differ" % (
        len(E["sta_differs"]), ", ".join(E["sta_differs"]) or "none"))
    a("(the source's; both are kept as given).")
    a("")
    a("`paragraphs` is the keys of the source's `topLevelParagraphs`, sorted, for the %d ECCNs" % (
        E["with_paras"]))
    a("whose item text the source captured (categories 1, 3, 4 and 5; `-` for the others). The")
    a("source built that list from the depth-1 lettered items, and its item extraction is")
    a("partial, so the list is a hint, not the entry's paragraphs: in %d entries it does not" % (
        len(E["not_from_a"])))
    a("start at `a` (leading paragraphs not captured), and in %d entries a depth-1 letter" % (
        len(E["repeated_d1"])))
    a("occurs more than once among the items, the sign that lettered lists inside notes were")
    a("read as paragraphs (1A002 lists a-d where the CCL has a and b). src/ear must not treat")
    a("a paragraph missing from this column as absent from the CCL.")
    a("")
    a("`heading` is collapsed and cut to 300 characters (the last one `…`) in %d entries." % (
        len(E["cut"])))
    a("")


def doc_groups(a):
    G = STATS["groups"]
    a("## country-groups-2026-07-23.tsv")
    a("")
    a("`country-groups/country-groups-2026-07-23.json` by group, names mapped to ISO codes and")
    a("regrouped by country: `iso2` and `groups` in the order %s. %d countries." % (
        ",".join(GROUP_ORDER), G["countries"]))
    a("Group sizes:")
    a("")
    a("| group | 2026-07-23 (by group) | 2026-09-24 (by country) |")
    a("|---|---|---|")
    for g in GROUP_ORDER:
        a("| %s | %s | %s |" % (g, G["sizes"].get(g, "-"), G["other_sizes"].get(g, "-")))
    a("")
    a("Groups in neither table: %s (Country Group C is reserved in the EAR). Countries in a" % (
        ", ".join(G["absent"]) or "none"))
    a("group but without a chart row: %s. Chart rows in no group: %s (Liechtenstein follows" % (
        ", ".join(G["not_chart"]) or "none", ", ".join(G["no_group"]) or "none"))
    a("Switzerland; see territories).")
    a("")
    a("Cross-check against `country-groups/country-groups-by-country-2026-09-24.json`")
    a("(EyeWarnYou, ISO codes, %d countries), country by country: %d differences." % (
        G["other_countries"], len(G["diffs"])))
    a("")
    bullet_list(a, G["diffs"], "none: both tables give every country the same groups")
    a("")
    a("The source's notes, which the table does not carry and src/ear must: ")
    a("")
    for k, v in sorted(G["notes"].items()):
        a("- %s: %s" % (k, clean(v)))
    a("")


def doc_part746(a):
    P = STATS["part746"]
    a("## part-746-2026-09-24.tsv")
    a("")
    a("`part-746/part-746-derived-2026-09-24.json` flattened: `kind`, `key`, `value`,")
    a("`citation`. The source carries a citation only for the 746.8 partner countries; the other")
    a("kinds get the provision they come from.")
    a("")
    a("| kind | rows | key | value | citation |")
    a("|---|---|---|---|---|")
    a("| hts | %d | supp2, supp4, supp5, supp7 (%s) | HTS-6 code | supplement no. N to part 746 |" % (
        P["counts"]["hts"], ", ".join("%s %d" % kv for kv in sorted(P["hts"].items()))))
    a("| partner | %d | ISO code | scope (%s) | %s (the source's Federal Register citation) |" % (
        P["counts"]["partner"], ", ".join("%s %d" % kv for kv in sorted(P["scopes"].items())),
        CITE["partner"]))
    a("| meu_eccn | %d | ECCN | - | %s |" % (P["counts"]["meu_eccn"], CITE["meu"]))
    a("| meu_dest | %d | ISO code | - | %s |" % (P["counts"]["meu_dest"], CITE["meu"]))
    a("| un_arms | %d | ISO code | - | %s |" % (P["counts"]["un_arms"], CITE["un_arms"]))
    a("| red_flag | %d | number | text | %s |" % (P["counts"]["red_flag"], CITE["red_flag"]))
    a("")
    a("Duplicate rows dropped: %s. Partner citations as the source gives them: %s." % (
        ", ".join("%s %d" % kv for kv in sorted(P["dups"].items())) or "none",
        "; ".join("%s (%d)" % kv for kv in sorted(P["partner_cites"].items()))))
    a("The Taiwan row's \"87 FR 12183, 2/27/2023\" pairs a 2022 volume with a 2023 date; it is")
    a("kept as written. `meu_dest` holds the destinations the source lists for the military")
    a("end-use rule over the items of supplement no. 2 to part 744 (%s); Russia and" % (
        ", ".join(P["meu_dest"])))
    a("Belarus are not among them in the source, and the table adds nothing.")
    a("")


def doc_exceptions(a):
    X = STATS["exceptions"]
    a("## license-exceptions-2026-07-23.tsv")
    a("")
    a("`license-exceptions/license-exception-catalog-2026-07-23.json`: one row per symbol")
    a("(`symbol`, `section` as 740.N, `title`), %d rows from %d sections (740.8 has NAC and" % (
        STATS["files"]["license-exceptions-2026-07-23.tsv"]["rows"], X["sections"]))
    a("ACA). The catalog's fields are %s: it has no condition or country-group" % (
        ", ".join("%s (%d)" % kv for kv in sorted(X["fields"].items()))))
    a("fields, whatever its README says, so the table has none; the conditions per ECCN are the")
    a("flags of ccl-entries. Flag keys of the CCL without a catalog symbol: %s." % (
        ", ".join(X["unknown_flags"]) or "none"))
    a("")


def write_docs(shared):
    d = []
    doc_intro(d.append, shared)
    doc_iso(d.append)
    for section in (doc_chart, doc_territories, doc_ccl, doc_groups, doc_part746, doc_exceptions):
        section(d.append)
    d.append("## Licences")
    d.append("")
    d.append("The eCFR text and the chart are US Government works, in the public domain. The JSON")
    d.append("extracts of seelpeed-debug/export-controls-agent-mcp are MIT (Copyright (c) 2026")
    d.append("seelpeed-debug): `data/rules/ear/LICENSE.export-controls-agent-mcp.MIT`. The tables of")
    d.append("OSUGIYAMA/EyeWarnYou are Apache-2.0 (Copyright 2025-2026 Tatsuya Sugiyama; the NOTICE's")
    d.append("attribution is carried): `data/rules/ear/LICENSE.EyeWarnYou.Apache-2.0`.")
    d.append("")
    with open(DOC, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(d))


# ---------------------------------------------------------------------------


def main():
    shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data"))
    if not os.path.isdir(os.path.join(shared, "ear")):
        sys.exit("usage: scripts/derive-ear.py [SHARED_DATA]  (no ear/ in %s)" % shared)
    os.makedirs(OUT, exist_ok=True)
    src = lambda *keys: [source_line(shared, k) for k in keys]
    S = SOURCES

    chart = chart_rows(shared)
    notes = chart_footnotes(shared)
    chart_json = chart_crosscheck(shared, chart, notes)
    by_code = lambda r: r[0]
    write_table("country-chart-2026-09-01.tsv",
                "Commerce Country Chart (Supplement No. 1 to 15 CFR part 738): license required"
                " (X) by reason for control and destination",
                ["iso2", "country"] + CHART_COLUMNS + ["footnotes", "part746"],
                src("chart_xml"), PUBLIC, S["chart_xml"]["as_of"], CHART_IN_FORCE,
                ["amended: the supplement was last amended by %s on %s, from which this"
                 " version is in force" % (
                    CHART_AMENDMENT, CHART_IN_FORCE),
                 "country: as the chart writes it, footnote marks removed; iso2: ISO 3166-1"
                 " alpha-2 (Kosovo XK)",
                 "CB1..AT2: X = license required, - = no X; footnotes: the row's footnote numbers"
                 " (country-chart-footnotes) or -",
                 "part746: the merged cell of Cuba, Iran, North Korea and Syria (all marks -):"
                 " the chart does not decide these, Part 746 does; - for other rows",
                 "cross-checked against %s@%s:%s (%s): docs/ear-tables.md" % (
                     S["chart_json"]["repo"], S["chart_json"]["commit"],
                     S["chart_json"]["repo_path"], S["chart_json"]["as_of"])],
                chart, by_code)
    write_table("country-chart-footnotes-2026-09-01.tsv",
                "footnotes of the Commerce Country Chart (Supplement No. 1 to 15 CFR part 738)",
                ["number", "text"], src("chart_xml"), PUBLIC, S["chart_xml"]["as_of"],
                CHART_IN_FORCE,
                ["amended: the supplement was last amended by %s on %s, from which this"
                 " version is in force" % (
                    CHART_AMENDMENT, CHART_IN_FORCE),
                 "number: as marked in country-chart's footnotes column; text: the <TFOOT> text,"
                 " whitespace collapsed"],
                notes, lambda r: int(r[0]))
    write_table("territories-2026-07-23.tsv",
                "destinations without a Country Chart row and the row whose requirements apply",
                ["name", "iso2", "row_iso2", "basis"], src("chart_json"), MIT_MCP,
                S["chart_json"]["as_of"], S["chart_json"]["as_of"],
                ["name: the source's lower-case key; row_iso2: the chart row (iso2 of"
                 " country-chart) that decides it; basis: the source's text",
                 "only the instances the EAR itself names (15 CFR 738.3(b)); not an exhaustive"
                 " list of territories"],
                territories(chart_json), lambda r: r[0])

    entries = ccl_load(shared)
    reqs = ccl_requirements(entries)
    write_table("ccl-2026-07-23.tsv",
                "Commerce Control List (Supplement No. 1 to 15 CFR part 774): the License"
                " Requirements of each ECCN",
                ["eccn", "n", "control", "chart"], src("ccl"), MIT_MCP, S["ccl"]["as_of"],
                S["ccl"]["as_of"],
                ["n: position in the ECCN's License Requirements table, from 1; an ECCN with an"
                 " empty table has one row with n 0 and control and chart -",
                 "n 0 does not mean no license is required: %d of those ECCNs have a reason"
                 " for control whose requirement the source did not capture (docs/ear-tables.md)"
                 % len(STATS["ccl"]["empty_with_reason"]),
                 "control: the 'Control(s)' cell; chart: the 'Country chart' cell (\"NS Column"
                 " 1.\" or free text); whitespace collapsed"],
                reqs, lambda r: (r[0], int(r[1])))
    columns, erows = ccl_entries(entries)
    write_table("ccl-entries-2026-07-23.tsv",
                "Commerce Control List (Supplement No. 1 to 15 CFR part 774): one row per ECCN",
                columns, src("ccl"), MIT_MCP, S["ccl"]["as_of"], S["ccl"]["as_of"],
                ["reasons: Reason for Control as written (- when none); %s: the License"
                 " Exceptions entry of that symbol (- when none)" % ", ".join(columns[2:-4]),
                 "other_flags: the rarer license-exception entries as 'KEY: value' joined by"
                 " ' | ', or -; sta_conditions: the STA special conditions, or -",
                 "paragraphs: the source's top-level paragraph letters, sorted (- when not"
                 " captured): a hint only, see docs/ear-tables.md",
                 "heading: whitespace collapsed, cut to 300 characters (ending in …)"],
                erows, lambda r: r[0])
    write_table("country-groups-2026-07-23.tsv",
                "Country Groups (Supplement No. 1 to 15 CFR part 740) of each country",
                ["iso2", "groups"], src("groups"), MIT_MCP, S["groups"]["as_of"],
                S["groups"]["as_of"],
                ["groups: comma-separated, in the order %s; countries in no group have no row"
                 % ",".join(GROUP_ORDER),
                 "Macau is not in D:5 though the EAR often names it beside D:5; Hong Kong has no"
                 " row (see territories)",
                 "cross-checked against %s@%s:%s (%s): docs/ear-tables.md" % (
                     S["groups_by_country"]["repo"], S["groups_by_country"]["commit"],
                     S["groups_by_country"]["repo_path"], S["groups_by_country"]["as_of"])],
                country_groups(shared, [r[0] for r in chart]), by_code)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    write_table("part-746-2026-09-24.tsv",
                "lists of parts 746, 744 and 732: Russia/Belarus HTS codes, 746.8 partner"
                " countries, military end use, UN arms embargoes, red flags",
                ["kind", "key", "value", "citation"], src("part746"), APACHE_EWY,
                S["part746"]["as_of"], S["part746"]["as_of"],
                ["kind hts: key supp2/supp4/supp5/supp7, value the HTS-6 code; partner: key iso2,"
                 " value the scope; meu_eccn: key the ECCN; meu_dest, un_arms: key iso2;"
                 " red_flag: key n, value the text",
                 "value - where the kind has none; citation: the provision the list comes from,"
                 " with the source's Federal Register citation for partners",
                 "changed: flattened and sorted from the source's lists by"
                 " scripts/derive-ear.py"],
                part746(shared), lambda r: (kind_order[r[0]], natural(r[1]), r[2]))
    write_table("license-exceptions-2026-07-23.tsv",
                "license exceptions of 15 CFR part 740: symbol, section and title",
                ["symbol", "section", "title"], src("exceptions"), MIT_MCP,
                S["exceptions"]["as_of"], S["exceptions"]["as_of"],
                ["one row per symbol (740.8 has two); section: 740.N; the source has no"
                 " condition or country-group fields"],
                license_exceptions(shared, STATS["entries"]["flag_counts"]),
                lambda r: (tuple(int(x) for x in r[1].split(".")), r[0]))
    write_licenses()
    write_readme()
    write_docs(shared)
    for f, s in sorted(STATS["files"].items()):
        print("%-40s %6d rows" % (f, s["rows"]))


if __name__ == "__main__":
    main()
