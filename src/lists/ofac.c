/*
 * ofac.c - OFAC legacy CSV (sdn.csv / cons_prim.csv with their alt, add and
 * comments siblings) into entries.  Owns the join of sibling rows to their entry
 * and the reading of the remarks into evidence; must never drop a sibling row
 * silently: each is joined, rejected or reported as an orphan.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"

/* ---- OFAC -------------------------------------------------------------- */

static const char *const primary_fields[] = {
	"ent_num", "name", "type", "program", "title", "call_sign", "vessel_type", "tonnage",
	"GRT", "vessel_flag", "vessel_owner", "remarks"};
enum { P_ENT, P_NAME, P_TYPE, P_PROGRAM, P_TITLE, P_CALL_SIGN, P_VESSEL_TYPE, P_TONNAGE,
       P_GRT, P_FLAG, P_OWNER, P_REMARKS, P_NFIELDS };

static const char *const alt_fields[] = {"ent_num", "alt_num", "alt_type", "alt_name",
                                         "alt_remarks"};
static const char *const add_fields[] = {"ent_num", "add_num", "address",
                                         "city/state/postal", "country", "add_remarks"};
static const char *const com_fields[] = {"ent_num", "remarks"};

typedef enum { SIB_ALT, SIB_ADD, SIB_COM, SIB_N } sib_kind;

/* One sibling row, validated; strings live in the parse's scratch arena. */
typedef struct sib_row {
	uint64_t ent;
	size_t line;
	const char *f[3]; /* alt: type, name, remarks; add: address, city, country; com: text */
	size_t n[3];
	int used;
} sib_row;

typedef struct sib_set {
	sib_kind kind;
	const char *path;
	CLR_VEC(sib_row) rows;  /* file order */
	sib_row **sorted;       /* by ent_num, then line */
} sib_set;

typedef struct ofac_parse {
	clr_loader *ld;
	const clr_ofac_files *sib;
	clr_arena *scratch;
	sib_set sets[SIB_N];
	sib_set *cur;           /* set being read */
	clr_csv_opts opts;
	struct {                /* ent_nums seen in the primary file */
		uint64_t *v;
		size_t cap, n;
	} seen;
	clr_buf text;           /* scratch for joined values */
} ofac_parse;

/* "-0-" is the legacy files' empty value.  Remarks and their continuation
 * in the comments file keep their spaces: a remark is cut anywhere. */
static void unzero(const char **s, size_t *n, int keep_spaces)
{
	const char *t = *s;
	size_t m = *n;
	clr__trim(&t, &m);
	if (m == 3 && !memcmp(t, "-0-", 3))
		m = 0;
	if (!keep_spaces || !m) {
		*s = t;
		*n = m;
	}
}

static int parse_ent(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	clr__trim(&s, &n);
	if (!n || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int contains_ci(const char *s, size_t n, const char *z)
{
	size_t m = strlen(z);
	for (size_t i = 0; i + m <= n; i++)
		if (clr__eq_ci(s + i, m, z))
			return 1;
	return 0;
}

/* Sibling values are checked here, where the sibling file and line are
 * known, not later in the draft where only the entry's line is. */
static int sib_value(ofac_parse *op, const clr_csv_rec *rec, size_t i, const char **out,
                     size_t *outn)
{
	const char *s = rec->v[i];
	size_t n = rec->n[i], bad;
	unzero(&s, &n, op->cur->kind == SIB_COM);
	*out = NULL;
	*outn = 0;
	if (!n)
		return 0;
	if ((bad = clr__utf8_invalid_at(s, n)) != (size_t)-1)
		return clr__csv_fail(op->ld, &op->opts, rec->line, i, CLR_EINPUT,
		                     "invalid UTF-8 at byte %zu of the value", bad);
	if (memchr(s, '\0', n))
		return clr__csv_fail(op->ld, &op->opts, rec->line, i, CLR_EINPUT,
		                     "NUL byte in the value");
	if (!(*out = clr__arena_strndup(op->scratch, s, n)))
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	*outn = n;
	return 0;
}

static int on_sibling(void *payload, const clr_csv_rec *rec)
{
	ofac_parse *op = payload;
	sib_set *set = op->cur;
	sib_row row = {.line = rec->line};
	static const size_t cols[SIB_N][3] = {{2, 3, 4}, {2, 3, 4}, {1, 0, 0}};
	size_t ncols = set->kind == SIB_COM ? 1 : 3;
	int rc;

	if (parse_ent(rec->v[0], rec->n[0], &row.ent))
		return clr__csv_fail(op->ld, &op->opts, rec->line, 0, CLR_EINPUT,
		                     "ent_num is not a number");
	for (size_t k = 0; k < ncols; k++) {
		if ((rc = sib_value(op, rec, cols[set->kind][k], &row.f[k], &row.n[k])) < 0)
			return rc;
		if (op->ld->failed_row)
			return 0;
	}
	if (set->kind == SIB_ALT && !row.n[1])
		return clr__csv_fail(op->ld, &op->opts, rec->line, 3, CLR_EINPUT, "alt_name is empty");
	if (clr__vec_push(set->rows, row))
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

static int cmp_sib(const void *a, const void *b)
{
	const sib_row *x = *(sib_row *const *)a, *y = *(sib_row *const *)b;
	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int read_sibling(ofac_parse *op, sib_kind kind, const char *buf, size_t len,
                        const char *path)
{
	static const char *const *const names[SIB_N] = {alt_fields, add_fields, com_fields};
	static const size_t counts[SIB_N] = {5, 6, 2};
	sib_set *set = &op->sets[kind];
	int rc;
	set->kind = kind;
	set->path = path ? path : "(sibling)";
	if (!buf)
		return 0;
	op->cur = set;
	op->opts = (clr_csv_opts){.file = set->path, .delim = ',', .names = names[kind],
	                          .nnames = counts[kind], .expect = counts[kind],
	                          .row = on_sibling, .payload = op};
	if ((rc = clr__csv_each(op->ld, buf, len, &op->opts)) < 0)
		return rc;
	if (!set->rows.n)
		return 0;
	set->sorted = clr__realloc_array(NULL, set->rows.n, sizeof(*set->sorted));
	if (!set->sorted)
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->rows.n; i++)
		set->sorted[i] = &set->rows.v[i];
	qsort(set->sorted, set->rows.n, sizeof(*set->sorted), cmp_sib);
	return 0;
}

/* First sorted row of ent in set, or NULL; the rows of ent follow it. */
static sib_row **sib_find(const sib_set *set, uint64_t ent, size_t *count)
{
	size_t lo = 0, hi = set->rows.n;
	*count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->sorted[mid]->ent < ent)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < set->rows.n && set->sorted[end]->ent == ent)
		end++;
	*count = end - lo;
	return *count ? set->sorted + lo : NULL;
}

/* Records ent as seen; returns 1 when it was already. */
static int seen_add(ofac_parse *op, uint64_t ent, int *dup)
{
	*dup = 0;
	if ((op->seen.n + 1) * 2 > op->seen.cap) {
		size_t cap = op->seen.cap ? op->seen.cap * 2 : 1024;
		uint64_t *v = clr__calloc(cap, sizeof(*v));
		if (!v)
			return -1;
		for (size_t i = 0; i < op->seen.cap; i++) {
			if (!op->seen.v[i])
				continue;
			size_t h = (size_t)((op->seen.v[i] * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
			while (v[h])
				h = (h + 1) & (cap - 1);
			v[h] = op->seen.v[i];
		}
		free(op->seen.v);
		op->seen.v = v;
		op->seen.cap = cap;
	}
	uint64_t key = ent + 1; /* 0 marks a free slot */
	size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (op->seen.cap - 1);
	while (op->seen.v[h]) {
		if (op->seen.v[h] == key) {
			*dup = 1;
			return 0;
		}
		h = (h + 1) & (op->seen.cap - 1);
	}
	op->seen.v[h] = key;
	op->seen.n++;
	return 0;
}

static int add_program(clr_loader *ld, const char *s, size_t n, const char *field)
{
	while (n && (*s == '[' || *s == ' '))
		s++, n--;
	while (n && (s[n - 1] == '[' || s[n - 1] == ' '))
		n--;
	return n ? clr__draft_program(ld, s, n, field) : 0;
}

/* cons_prim.csv holds several OFAC lists; the program tells which. */
static const char *cons_source(const clr_loader *ld)
{
	static const struct {
		const char *prefix;
		int exact;
		const char *source;
	} rules[] = {
		{"NS-PLC", 1, "PLC"},     {"CMIC-EO13959", 1, "CMIC"}, {"NS-CMIC", 1, "CMIC"},
		{"UKRAINE-EO13662", 1, "SSI"}, {"FSE-", 0, "FSE"},   {"CAATSA", 0, "CAP"},
		{"CAPTA", 0, "CAP"},      {"NS-MBS", 1, "MBS"},
	};
	for (size_t r = 0; r < sizeof(rules) / sizeof(*rules); r++)
		for (size_t i = 0; i < ld->d.progs.n; i++) {
			const char *p = ld->d.progs.v[i];
			size_t m = strlen(rules[r].prefix);
			if (rules[r].exact ? !strcmp(p, rules[r].prefix) : !strncmp(p, rules[r].prefix, m))
				return rules[r].source;
		}
	return "NONSDN";
}

static clr_type ofac_type(const char *s, size_t n, int *known)
{
	*known = 1;
	if (!n)
		return CLR_TYPE_ENTITY;
	if (clr__eq_ci(s, n, "individual"))
		return CLR_TYPE_PERSON;
	if (clr__eq_ci(s, n, "vessel"))
		return CLR_TYPE_VESSEL;
	if (clr__eq_ci(s, n, "aircraft"))
		return CLR_TYPE_AIRCRAFT;
	*known = 0;
	return CLR_TYPE_UNKNOWN;
}

/* ---- remarks ----------------------------------------------------------------
 *
 * The remarks (sdn.csv "remarks", continued by sdn_comments.csv) are fields
 * separated by ';', each "[alt. ]<label> <value>".  The label table says what
 * each label becomes; the longest label that starts a field wins, letters in
 * any case, and a label ends at the field's end, a space, a ':' or a ','.
 *
 *   DOB                          date of birth: "12 Mar 1962", "1962", "circa 1951",
 *                                "1960 to 1965" (clr__draft_evidence reads it)
 *   POB                          place of birth, as written
 *   nationality                  nationality, and a country of the entry
 *   citizen                      citizenship
 *   Gender                       "Male", "Female"
 *   identifiers                  "<type> <number> (<country>) issued <date> expires
 *     (Passport, Tax ID No.,     <date>": the kind from the type (clr__ev_id_kind:
 *     Vessel Registration        IMO, MMSI, call sign, aircraft serial, identifier,
 *     Identification, MMSI ...)  or nothing for "D-U-N-S Number", "Equity Ticker");
 *                                the number runs to the first " (" or the tails, the
 *                                country is the last parenthesis before the tails
 *                                that names one ("(Stuttgart) (Germany)").
 *                                "Digital Currency Address - XBT": the currency is
 *                                part of the type.  A "Vessel Registration
 *                                Identification" neither "IMO <n>" nor 7 digits
 *                                ("RS 150443") is an identifier.
 *   informational                a.k.a., f.k.a., Linked To:, Website, Email Address,
 *                                Phone Number, Additional Sanctions Information,
 *                                Secondary sanctions risk, Executive Order, Listing
 *                                and Effective Date, Organization Established Date,
 *                                Organization Type, Target Type, Aircraft Model,
 *                                Former Vessel Flag, all offices worldwide ...:
 *                                recognised, nothing to keep
 *
 * Every other field (titles, "ICTY indictee", "arrested 23 Apr 2002", free
 * text) stays in the remarks only and is counted in the report's remarks_left.
 * The remarks text is kept as it is either way. */

typedef enum remark_use {
	R_DOB, R_POB, R_NAT, R_CIT, R_GENDER,
	R_ID,      /* an identifier: its kind from the label */
	R_ID_CUR,  /* an identifier whose type takes the next word ("... - XBT") */
	R_INFO,    /* recognised, nothing to keep */
} remark_use;

static const struct {
	const char *label;
	remark_use use;
} remark_labels[] = {
	{"DOB", R_DOB},
	{"POB", R_POB},
	{"nationality", R_NAT},
	{"citizen", R_CIT},
	{"Gender", R_GENDER},
	/* identifiers: the types of OFAC's own data (the CSL's "ids") */
	{"Afghan Money Service Provider License Number", R_ID},
	{"Aircraft Construction Number (also called L/N or S/N or F/N)", R_ID},
	{"Aircraft Manufacturer's Serial Number (MSN)", R_ID},
	{"Aircraft Serial Identification", R_ID},
	{"Aircraft Tail Number", R_ID},
	{"BIK (RU)", R_ID},
	{"Birth Certificate Number", R_ID},
	{"Bosnian Personal ID No.", R_ID},
	{"Branch Unit Number", R_ID},
	{"British National Overseas Passport", R_ID},
	{"Business Number", R_ID},
	{"Business Registration Document #", R_ID},
	{"Business Registration Number", R_ID},
	{"C.I.F.", R_ID},
	{"C.R. No.", R_ID},
	{"C.U.I.", R_ID},
	{"C.U.I.P.", R_ID},
	{"C.U.I.T.", R_ID},
	{"C.U.R.P.", R_ID},
	{"Cartilla de Servicio Militar Nacional", R_ID},
	{"Cedula No.", R_ID},
	{"Central Registration System Number", R_ID},
	{"Certificate of Incorporation Number", R_ID},
	{"Chamber of Commerce Number", R_ID},
	{"Chinese Commercial Code", R_ID},
	{"Citizen's Card Number", R_ID},
	{"CNP (Personal Numerical Code)", R_ID},
	{"Commercial Registry Number", R_ID},
	{"Company Number", R_ID},
	{"Credencial electoral", R_ID},
	{"D-U-N-S Number", R_ID},
	{"D.N.I.", R_ID},
	{"Digital Currency Address -", R_ID_CUR},
	{"Diplomatic Passport", R_ID},
	{"Driver's License No.", R_ID},
	{"Dubai Chamber of Commerce Membership No.", R_ID},
	{"Economic Register Number (CBLS)", R_ID},
	{"Electoral Registry No.", R_ID},
	{"Enterprise Number", R_ID},
	{"Equity Ticker", R_ID},
	{"File Number", R_ID},
	{"Fiscal Code", R_ID},
	{"Folio Mercantil No.", R_ID},
	{"Government Gazette Number", R_ID},
	{"I.F.E.", R_ID},
	{"Identification Number", R_ID},
	{"Immigration No.", R_ID},
	{"IMO", R_ID},
	{"ISIN", R_ID},
	{"Issuer Name", R_ID},
	{"Istanbul Chamber of Comm. No.", R_ID},
	{"Italian Fiscal Code", R_ID},
	{"Kenyan ID No.", R_ID},
	{"LE Number", R_ID},
	{"Legal Entity Number", R_ID},
	{"License", R_ID},
	{"Matricula Mercantil No", R_ID},
	{"MICEX Code", R_ID},
	{"Military Registration Number", R_ID},
	{"MMSI", R_ID},
	{"Moroccan Personal ID No.", R_ID},
	{"MSB Registration Number", R_ID},
	{"N.I.E.", R_ID},
	{"National Foreign ID Number", R_ID},
	{"National ID No.", R_ID},
	{"NIT #", R_ID},
	{"Numero de Identidad", R_ID},
	{"Numero Unico de Identificacao Tributaria (NUIT)", R_ID},
	{"Other Vessel Call Sign", R_ID},
	{"Paraguayan tax identification number", R_ID},
	{"Passport", R_ID},
	{"Passport Booklet", R_ID},
	{"Permit Number", R_ID},
	{"Personal ID Card", R_ID},
	{"Pilot License Number", R_ID},
	{"Previous Aircraft Tail Number", R_ID},
	{"Public Registration Number", R_ID},
	{"Public Security and Immigration No.", R_ID},
	{"R.F.C.", R_ID},
	{"Refugee ID Card", R_ID},
	{"Registered Charity No.", R_ID},
	{"Registration ID", R_ID},
	{"Registration Number", R_ID},
	{"Residency Number", R_ID},
	{"RFC", R_ID},
	{"RIF #", R_ID},
	{"Romanian C.R.", R_ID},
	{"Romanian Permanent Resident", R_ID},
	{"Romanian Tax Registration", R_ID},
	{"RSIN", R_ID},
	{"RTN", R_ID},
	{"RUC #", R_ID},
	{"Seafarer's Identification Document", R_ID},
	{"Serial No.", R_ID},
	{"SRE Permit No.", R_ID},
	{"SSN", R_ID},
	{"Stateless Person ID Card", R_ID},
	{"Stateless Person Passport", R_ID},
	{"SWIFT/BIC", R_ID},
	{"Tax ID No.", R_ID},
	{"Tazkira National ID Card", R_ID},
	{"Tourism License No.", R_ID},
	{"Trade License No.", R_ID},
	{"Travel Document Number", R_ID},
	{"Turkish Identification Number", R_ID},
	{"UAE Identification", R_ID},
	{"UK Company Number", R_ID},
	{"UN/LOCODE", R_ID},
	{"Unified Social Credit Code (USCC)", R_ID},
	{"United Social Credit Code Certificate (USCCC)", R_ID},
	{"US FEIN", R_ID},
	{"V.A.T. Number", R_ID},
	{"Vessel Registration Identification", R_ID},
	{"VisaNumberID", R_ID},
	/* informational */
	{"a.k.a.", R_INFO},
	{"f.k.a.", R_INFO},
	{"n.k.a.", R_INFO},
	{"d.b.a.", R_INFO},
	{"Additional Sanctions Information -", R_INFO},
	{"All Branches Worldwide", R_INFO},
	{"All Offices Worldwide", R_INFO},
	{"Aircraft Manufacture Date", R_INFO},
	{"Aircraft Mode S Transponder Code", R_INFO},
	{"Aircraft Model", R_INFO},
	{"Aircraft Operator", R_INFO},
	{"CAATSA Section", R_INFO},
	{"Effective Date", R_INFO},
	{"Email", R_INFO},
	{"Email Address", R_INFO},
	{"Executive Order", R_INFO},
	{"Fax", R_INFO},
	{"For more information", R_INFO},
	{"Former Vessel Flag", R_INFO},
	{"IFCA Determination -", R_INFO},
	{"Linked To:", R_INFO},
	{"Listing Date", R_INFO},
	{"Nationality of Registration", R_INFO},
	{"Organization Established Date", R_INFO},
	{"Organization Type:", R_INFO},
	{"Other Vessel Flag", R_INFO},
	{"Other Vessel Type", R_INFO},
	{"PEESA Information:", R_INFO},
	{"Phone", R_INFO},
	{"Phone Number", R_INFO},
	{"Purchase/Sales For Divestment Date", R_INFO},
	{"Secondary sanctions risk:", R_INFO},
	{"Target Type", R_INFO},
	{"Telephone", R_INFO},
	{"Telephone No.", R_INFO},
	{"Telephone Number", R_INFO},
	{"Telex", R_INFO},
	{"Transactions Prohibited For Persons", R_INFO},
	{"Vessel Year of Build", R_INFO},
	{"Website", R_INFO},
};

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The longest label starting s, or -1; its length in *len. */
static int remark_label(const char *s, size_t n, size_t *len)
{
	int best = -1;
	size_t bl = 0;
	for (size_t i = 0; i < sizeof(remark_labels) / sizeof(*remark_labels); i++) {
		const char *z = remark_labels[i].label;
		size_t m = strlen(z);
		if (m > n || m <= bl || !clr__eq_ci(s, m, z))
			continue;
		if (m < n && s[m] != ' ' && s[m] != ':' && s[m] != ',' && is_alnum(z[m - 1]))
			continue; /* "citizen" is not "Citizen's Card Number" */
		best = (int)i;
		bl = m;
	}
	*len = bl;
	return best;
}

static int all_digits(const char *s, size_t n, size_t want)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n == want;
}

/* Where the tails " issued ..." and " expires ..." of an identifier start. */
static size_t id_tail(const char *s, size_t n)
{
	static const char *const tails[] = {" issued", " expires", " expired"};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 3; k++) {
			size_t m = strlen(tails[k]);
			if (i + m <= n && clr__eq_ci(s + i, m, tails[k]) && (i + m == n || s[i + m] == ' '))
				return i;
		}
	return n;
}

/* "<type> <number> (<country>) issued ... expires ...", type already read. */
static int remark_id(clr_loader *ld, const char *type, size_t tn, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '#' || *s == ':'))
		s++, n--;
	size_t end = id_tail(s, n), num = end;
	for (size_t i = 0; i + 1 < end; i++)
		if (s[i] == ' ' && s[i + 1] == '(') {
			num = i;
			break;
		}
	const char *cc = NULL;
	for (size_t i = num; i < end; i++) /* the last parenthesis naming a country */
		if (s[i] == '(') {
			const char *close = memchr(s + i, ')', end - i);
			if (!close)
				break;
			const char *code = clr__country_code(s + i + 1, (size_t)(close - s) - i - 1);
			if (code)
				cc = code; /* not "(Bogota)", "(Region: Gaza)" */
			i = (size_t)(close - s);
		}
	int kind = clr__ev_id_kind(type, tn);
	if (kind == CLR_EV_IMO && !(num >= 3 && clr__eq_ci(s, 3, "imo")) && !all_digits(s, num, 7))
		kind = CLR_EV_ID; /* a registry's own number: "RS 150443 (Russia)" */
	if (kind == CLR_EV_NONE)
		return 0;
	return clr__draft_evidence(ld, (clr_evidence_kind)kind, s, num,
	                           kind == CLR_EV_ID ? type : NULL, kind == CLR_EV_ID ? tn : 0, cc,
	                           cc ? 2 : 0, "remarks");
}

/* One remark field; counts it in remarks_left when nothing reads it. */
static int remark_field(clr_loader *ld, const char *s, size_t n)
{
	size_t ln;
	clr__trim(&s, &n);
	if (!n)
		return 0;
	if (n > 5 && clr__eq_ci(s, 5, "alt. "))
		s += 5, n -= 5;
	int i = remark_label(s, n, &ln);
	if (i < 0) {
		ld->report.remarks_left++;
		return 0;
	}
	const char *v = s + ln;
	size_t vn = n - ln;
	clr__trim(&v, &vn);
	switch (remark_labels[i].use) {
	case R_DOB:
		return clr__draft_evidence(ld, CLR_EV_DOB, v, vn, NULL, 0, NULL, 0, "remarks");
	case R_POB:
		return clr__draft_evidence(ld, CLR_EV_POB, v, vn, NULL, 0, NULL, 0, "remarks");
	case R_CIT:
		return clr__draft_evidence(ld, CLR_EV_CITIZENSHIP, v, vn, NULL, 0, NULL, 0, "remarks");
	case R_GENDER:
		return clr__draft_evidence(ld, CLR_EV_GENDER, v, vn, NULL, 0, NULL, 0, "remarks");
	case R_NAT: {
		const char *code = clr__country_code(v, vn);
		int rc;
		if (code && ((rc = clr__draft_country(ld, code, 2, "remarks")) < 0 || ld->failed_row))
			return rc;
		return clr__draft_evidence(ld, CLR_EV_NATIONALITY, v, vn, NULL, 0, NULL, 0, "remarks");
	}
	case R_ID:
		return remark_id(ld, s, ln, v, vn);
	case R_ID_CUR: {
		size_t k = 0; /* "Digital Currency Address - XBT 12Qt...": XBT is of the type */
		while (k < vn && v[k] != ' ')
			k++;
		return remark_id(ld, s, (size_t)(v + k - s), v + k, vn - k);
	}
	case R_INFO:
		return 0;
	}
	return 0;
}

/* Reads every field of the remarks into evidence (the table above). */
static int add_remarks(clr_loader *ld, const char *s, size_t n)
{
	clr__trim(&s, &n);
	if (n && s[n - 1] == '.')
		n--; /* the remarks end with a full stop, not their last field */
	for (size_t i = 0, start = 0; i <= n; i++)
		if (i == n || s[i] == ';') {
			int rc = remark_field(ld, s + start, i - start);
			if (rc < 0 || ld->failed_row)
				return rc;
			start = i + 1;
		}
	return 0;
}

static int join_address(ofac_parse *op, const sib_row *r)
{
	clr_buf *t = &op->text;
	clr__buf_clear(t);
	for (size_t k = 0; k < 2; k++) {
		if (!r->n[k])
			continue;
		if ((t->len && clr__buf_put(t, ", ", 2)) || clr__buf_put(t, r->f[k], r->n[k]))
			return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	}
	return clr__draft_address(op->ld, t->p, t->len, r->f[2], r->n[2], "address");
}

/* Adds the entry's sibling rows to the draft and marks them joined. */
static int add_siblings(ofac_parse *op, uint64_t ent, const char *remarks, size_t rn)
{
	clr_loader *ld = op->ld;
	size_t cnt;
	sib_row **rows;
	int rc;

	if ((rows = sib_find(&op->sets[SIB_ALT], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			const sib_row *r = rows[i];
			int weak = contains_ci(r->f[0], r->n[0], "weak") ||
			           contains_ci(r->f[2], r->n[2], "weak");
			rows[i]->used = 1;
			rc = clr__draft_name(ld, r->f[1], r->n[1],
			                     weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS, "alt_name");
			if (rc < 0 || ld->failed_row)
				return rc;
		}
	if ((rows = sib_find(&op->sets[SIB_ADD], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			rows[i]->used = 1;
			if ((rc = join_address(op, rows[i])) < 0 || ld->failed_row)
				return rc;
		}
	/* sdn_comments.csv continues remarks cut at 1,000 characters */
	clr__buf_clear(&op->text);
	if (rn && clr__buf_put(&op->text, remarks, rn))
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	if ((rows = sib_find(&op->sets[SIB_COM], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			rows[i]->used = 1;
			if (rows[i]->n[0] && clr__buf_put(&op->text, rows[i]->f[0], rows[i]->n[0]))
				return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
		}
	if (!op->text.len)
		return 0;
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, op->text.p, op->text.len, "remarks")) < 0 ||
	    ld->failed_row)
		return rc;
	return add_remarks(ld, op->text.p, op->text.len);
}

static int on_primary(void *payload, const clr_csv_rec *rec)
{
	ofac_parse *op = payload;
	clr_loader *ld = op->ld;
	const char *v[P_NFIELDS];
	size_t n[P_NFIELDS];
	uint64_t ent;
	int rc, dup, known;
	char id[32];

	for (size_t i = 0; i < P_NFIELDS; i++) {
		v[i] = rec->v[i];
		n[i] = rec->n[i];
		unzero(&v[i], &n[i], i == P_REMARKS);
	}
	if ((rc = clr__draft_begin(ld, rec->line)) < 0)
		return rc;
	if (parse_ent(v[P_ENT], n[P_ENT], &ent))
		return clr__loader_fail(ld, rec->line, "ent_num", CLR_EINPUT, "ent_num is not a number");
	if (seen_add(op, ent, &dup))
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	if (dup)
		return clr__loader_fail(ld, rec->line, "ent_num", CLR_EINPUT,
		                        "ent_num %llu appears twice", (unsigned long long)ent);
	snprintf(id, sizeof(id), "ofac:%llu", (unsigned long long)ent);
	ld->d.e.type = ofac_type(v[P_TYPE], n[P_TYPE], &known);
	if (!known)
		clr__loader_warn(ld, rec->line, "field 'type': unknown type '%.*s'",
		                 (int)(n[P_TYPE] < 40 ? n[P_TYPE] : 40), v[P_TYPE]);
	if ((rc = clr__draft_str(ld, &ld->d.e.id, id, strlen(id), "ent_num")) < 0 ||
	    (rc = clr__draft_name(ld, v[P_NAME], n[P_NAME], CLR_NAME_PRIMARY, "name")) < 0 ||
	    (rc = clr__draft_split(ld, v[P_PROGRAM], n[P_PROGRAM], ']', add_program, "program")) < 0)
		return rc;
	if (ld->failed_row)
		return 0;
	if (op->sib->consolidated) {
		ld->d.e.source = cons_source(ld);
		ld->d.e.source_name = "OFAC Consolidated (non-SDN) List";
	} else {
		ld->d.e.source = "SDN";
		ld->d.e.source_name = "Specially Designated Nationals (SDN) - Treasury Department";
	}
	const char *flag = clr__country_code(v[P_FLAG], n[P_FLAG]);
	if ((flag && (rc = clr__draft_country(ld, flag, strlen(flag), "vessel_flag")) < 0) ||
	    (rc = clr__draft_evidence(ld, CLR_EV_FLAG, v[P_FLAG], n[P_FLAG], NULL, 0, NULL, 0,
	                              "vessel_flag")) < 0 ||
	    (rc = clr__draft_evidence(ld, CLR_EV_CALL_SIGN, v[P_CALL_SIGN], n[P_CALL_SIGN], NULL, 0,
	                              NULL, 0, "call_sign")) < 0)
		return rc;
	if (ld->failed_row)
		return 0;
	if ((rc = add_siblings(op, ent, v[P_REMARKS], n[P_REMARKS])) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

static void report_orphans(ofac_parse *op)
{
	static const char *const label[SIB_N] = {"alt", "add", "comments"};
	clr_loader *ld = op->ld;
	for (size_t k = 0; k < SIB_N; k++) {
		const sib_set *set = &op->sets[k];
		for (size_t i = 0; i < set->rows.n; i++) {
			if (set->rows.v[i].used)
				continue;
			ld->report.orphans++;
			clr__loader_warn(ld, 0, "%s:%zu: orphan %s row: ent_num %llu is not in this file",
			                 set->path, set->rows.v[i].line, label[k],
			                 (unsigned long long)set->rows.v[i].ent);
		}
	}
}

int clr__parse_ofac(clr_loader *ld, const char *buf, size_t len, const clr_ofac_files *sib)
{
	static const clr_ofac_files none = {0};
	ofac_parse op = {.ld = ld, .sib = sib ? sib : &none};
	int rc;

	sib = op.sib;
	if (!(op.scratch = clr__arena_new()))
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = read_sibling(&op, SIB_ALT, sib->alt, sib->alt_len, sib->alt_path)) < 0 ||
	    (rc = read_sibling(&op, SIB_ADD, sib->add, sib->add_len, sib->add_path)) < 0 ||
	    (rc = read_sibling(&op, SIB_COM, sib->comments, sib->comments_len, sib->comments_path)) < 0)
		goto out;
	op.opts = (clr_csv_opts){.delim = ',', .names = primary_fields, .nnames = P_NFIELDS,
	                         .expect = P_NFIELDS, .row = on_primary, .payload = &op};
	rc = clr__csv_each(ld, buf, len, &op.opts);
	ld->report.rows = op.opts.records;
	if (rc < 0)
		goto out;
	report_orphans(&op);
out:
	for (size_t k = 0; k < SIB_N; k++) {
		clr__vec_free(op.sets[k].rows);
		free(op.sets[k].sorted);
	}
	free(op.seen.v);
	clr__buf_free(&op.text);
	clr__arena_free(op.scratch);
	clr__draft_discard(ld);
	return rc;
}
