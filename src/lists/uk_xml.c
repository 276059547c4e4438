/*
 * uk_xml.c - the FCDO's UK Sanctions List (XML: Designations/Designation)
 * into entries: one per Designation, id uk:<UniqueID>, its names (kinds
 * from NameType and AliasStrength), non-Latin names, regime, addresses and
 * the evidence of its individual, entity and ship details.  Elements are
 * known by their names, which the schema does not reuse; the XML defences
 * are the reader's (xml.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "xml.h"

/* the leaves read, by name */
enum {
	L_UNIQUE, L_GROUP, L_UNREF, L_DESIGNATED, L_REGIME, L_TYPE, L_OTHER,
	L_N1, L_N2, L_N3, L_N4, L_N5, L_N6, L_NAMETYPE, L_STRENGTH, L_NONLATIN, L_TITLE,
	L_A1, L_A2, L_A3, L_A4, L_A5, L_A6, L_POST, L_ACOUNTRY,
	L_DOB, L_NATIONALITY, L_GENDER, L_POSITION, L_PASSPORT, L_NATID, L_TOWN, L_COB,
	L_BUSINESS, L_IMO, L_FLAG, NL
};
static const char *const leaves[NL] = {
	"UniqueID", "OFSIGroupID", "UNReferenceNumber", "DateDesignated", "RegimeName",
	"IndividualEntityShip", "OtherInformation", "Name1", "Name2", "Name3", "Name4", "Name5",
	"Name6", "NameType", "AliasStrength", "NameNonLatinScript", "Title", "AddressLine1",
	"AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5", "AddressLine6",
	"AddressPostalCode", "AddressCountry", "DOB", "Nationality", "Gender", "Position",
	"PassportNumber", "NationalIdentifierNumber", "TownOfBirth", "CountryOfBirth",
	"BusinessRegistrationNumber", "IMONumber", "CurrentBelievedFlagOfShip"};

typedef struct uk_name {
	clr_span name;
	int primary, weak;
} uk_name;

typedef struct ukx_parse {
	clr_loader *ld;
	int in_entry, depth;
	size_t line;
	clr_buf pool;            /* the designation's texts */
	clr_span one[L_OTHER + 1]; /* its single leaves */
	clr_span part[L_ACOUNTRY + 1]; /* the name or address being read */
	CLR_VEC(uk_name) names;
	CLR_VEC(clr_span) titles, positions;
	clr_buf text;
} ukx_parse;

static int leaf_of(const char *name)
{
	for (int l = 0; l < NL; l++)
		if (!strcmp(name, leaves[l]))
			return l;
	return -1;
}

static int is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

static int nomem(ukx_parse *up)
{
	return clr__loader_fatal(up->ld, up->line, NULL, CLR_ENOMEM, "out of memory");
}

/* The parts as one text, joined by sep; into up->text. */
static int join(ukx_parse *up, int from, int to, const char *sep)
{
	return clr__span_join(up->ld, up->line, &up->text, &up->pool, up->part + from,
	                      (size_t)(to - from + 1), sep);
}

static int on_start(void *payload, clr_xml *x, int depth, const char *name)
{
	ukx_parse *up = payload;
	if (!up->in_entry) {
		if (!is(name, "Designation"))
			return 0;
		up->in_entry = 1;
		up->depth = depth;
		up->line = clr__xml_line(x);
		clr__buf_clear(&up->pool);
		memset(up->one, 0, sizeof(up->one));
		up->names.n = up->titles.n = up->positions.n = 0;
		up->ld->report.rows++;
		return clr__draft_begin(up->ld, up->line);
	}
	if (is(name, "Name") || is(name, "Address") || is(name, "Location"))
		memset(up->part, 0, sizeof(up->part));
	clr__xml_want_text(x, leaf_of(name) >= 0);
	return 0;
}

static int end_name(ukx_parse *up)
{
	clr_loader *ld = up->ld;
	uk_name nm = {{0, 0}, 0, 0};
	int rc;
	if ((rc = join(up, L_N1, L_N6, " ")) < 0 ||
	    (rc = clr__span_put(ld, up->line, &up->pool, up->text.p, up->text.len, &nm.name)) < 0)
		return rc;
	if (!nm.name.len)
		return 0;
	const char *t = clr__span_at(&up->pool, up->part[L_NAMETYPE]);
	const char *s = clr__span_at(&up->pool, up->part[L_STRENGTH]);
	nm.primary = clr__eq_ci(t, up->part[L_NAMETYPE].len, "Primary Name");
	nm.weak = up->part[L_STRENGTH].len >= 11 && clr__eq_ci(s, 11, "Low quality");
	if (up->names.n >= CLR_MAX_NAMES_PER_ENTRY)
		return clr__loader_fail(ld, up->line, "Name", CLR_ELIMIT, "more than %u names in one entry",
		                        CLR_MAX_NAMES_PER_ENTRY);
	return clr__vec_push(up->names, nm) ? nomem(up) : 0;
}

static int end_address(ukx_parse *up)
{
	int rc;
	if ((rc = join(up, L_A1, L_POST, ", ")) < 0)
		return rc;
	clr_span c = up->part[L_ACOUNTRY];
	return clr__draft_address(up->ld, up->text.p, up->text.len, clr__span_at(&up->pool, c), c.len,
	                          "Address");
}

/* "12/05/1958", "dd/mm/1945", "1946": with the unknown parts as 00. */
static int add_dob(ukx_parse *up, const char *s, size_t n)
{
	char d[11], date[11];
	clr__trim(&s, &n);
	if (n == 10 && s[2] == '/' && s[5] == '/') {
		memcpy(d, s, 10);
		d[10] = '\0';
		if (d[0] == 'd')
			d[0] = d[1] = '0';
		if (d[3] == 'm')
			d[3] = d[4] = '0';
		size_t dn = clr__uk_date(d, 10, date);
		if (dn) {
			s = date;
			n = dn;
		}
	}
	return clr__draft_evidence(up->ld, CLR_EV_DOB, s, n, NULL, 0, NULL, 0, "DOB");
}

/* A repeated leaf as evidence or as an item of the entry. */
static int end_leaf(ukx_parse *up, int l, const char *s, size_t n)
{
	clr_loader *ld = up->ld;
	clr_span sp;
	int rc;
	clr__trim(&s, &n);
	switch (l) {
	case L_NONLATIN: return clr__draft_name(ld, s, n, CLR_NAME_ALIAS, leaves[l]);
	case L_DOB: return add_dob(up, s, n);
	case L_NATIONALITY:
		return clr__draft_evidence(ld, CLR_EV_NATIONALITY, s, n, NULL, 0, NULL, 0, leaves[l]);
	case L_GENDER: return clr__draft_evidence(ld, CLR_EV_GENDER, s, n, NULL, 0, NULL, 0, leaves[l]);
	case L_PASSPORT:
		return clr__draft_evidence(ld, CLR_EV_ID, s, n, "Passport", 8, NULL, 0, leaves[l]);
	case L_NATID:
		return clr__draft_evidence(ld, CLR_EV_ID, s, n, "National Identification Number", 30, NULL,
		                           0, leaves[l]);
	case L_BUSINESS:
		return clr__draft_evidence(ld, CLR_EV_ID, s, n, "Business Registration Number", 28, NULL,
		                           0, leaves[l]);
	case L_IMO: return clr__draft_evidence(ld, CLR_EV_IMO, s, n, NULL, 0, NULL, 0, leaves[l]);
	case L_FLAG: return clr__draft_evidence(ld, CLR_EV_FLAG, s, n, NULL, 0, NULL, 0, leaves[l]);
	case L_TITLE:
	case L_POSITION:
		if ((rc = clr__span_put(ld, up->line, &up->pool, s, n, &sp)) < 0)
			return rc;
		if (n && (l == L_TITLE ? clr__vec_push(up->titles, sp) : clr__vec_push(up->positions, sp)))
			return nomem(up);
		return 0;
	default: return 0;
	}
}

static int commit(ukx_parse *up)
{
	clr_loader *ld = up->ld;
	clr_buf *t = &up->text;
	int rc;
	if (ld->failed_row)
		return 0;
#define ONE(l) clr__span_at(&up->pool, up->one[l]), up->one[l].len
	if (!up->one[L_UNIQUE].len)
		return clr__loader_fail(ld, up->line, "UniqueID", CLR_EINPUT, "designation has no UniqueID");
	ld->d.e.source = "UK";
	ld->d.e.source_name = "UK Sanctions List (FCDO)";
	clr__buf_clear(t);
	if (clr__buf_puts(t, "uk:") || clr__buf_put(t, ONE(L_UNIQUE)))
		return nomem(up);
	if ((rc = clr__draft_str(ld, &ld->d.e.id, t->p, t->len, "UniqueID")) < 0 || ld->failed_row)
		return rc;
	const char *type = clr__span_at(&up->pool, up->one[L_TYPE]);
	size_t tn = up->one[L_TYPE].len;
	ld->d.e.type = clr__eq_ci(type, tn, "Individual") ? CLR_TYPE_PERSON
	               : clr__eq_ci(type, tn, "Entity")   ? CLR_TYPE_ENTITY
	               : clr__eq_ci(type, tn, "Ship")     ? CLR_TYPE_VESSEL
	                                                  : CLR_TYPE_UNKNOWN;
	/* the first primary name, then the others in order */
	size_t p = 0;
	while (p < up->names.n && !up->names.v[p].primary)
		p++;
	if (p == up->names.n)
		p = 0;
	for (size_t k = 0; k <= up->names.n; k++) {
		size_t i = k == 0 ? p : k - 1;
		if (k && i == p)
			continue;
		if (i >= up->names.n)
			break;
		const uk_name *nm = &up->names.v[i];
		clr_name_kind kind = !k ? CLR_NAME_PRIMARY : nm->weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS;
		if ((rc = clr__draft_name(ld, clr__span_at(&up->pool, nm->name), nm->name.len, kind,
		                          "Name")) < 0 || ld->failed_row)
			return rc;
	}
	if (!up->names.n)
		return clr__loader_fail(ld, up->line, "Names", CLR_EINPUT, "designation has no name");
	/* the non-Latin names came as aliases before the names: put the primary first */
	for (size_t i = 0; i < ld->d.names.n; i++)
		if (ld->d.names.v[i].kind == CLR_NAME_PRIMARY && i) {
			clr_name nm = ld->d.names.v[i];
			memmove(ld->d.names.v + 1, ld->d.names.v, i * sizeof(clr_name));
			ld->d.names.v[0] = nm;
		}
	if ((rc = clr__draft_program(ld, ONE(L_REGIME), "RegimeName")) < 0 || ld->failed_row)
		return rc;
	if (up->one[L_DESIGNATED].len) {
		char d[11];
		if (clr__uk_date(ONE(L_DESIGNATED), d) != 10)
			return clr__loader_fail(ld, up->line, "DateDesignated", CLR_EINPUT, "'%.*s' is not a date",
			                        (int)(up->one[L_DESIGNATED].len < 40 ? up->one[L_DESIGNATED].len : 40),
			                        clr__span_at(&up->pool, up->one[L_DESIGNATED]));
		if ((rc = clr__draft_str(ld, &ld->d.e.start_date, d, 10, "DateDesignated")) < 0)
			return rc;
	}
	/* remarks: the references, titles, positions, the other information */
	clr__buf_clear(t);
	int mem = clr__buf_printf(t, "UK sanctions list ref %.*s.", (int)up->one[L_UNIQUE].len,
	                          clr__span_at(&up->pool, up->one[L_UNIQUE]));
	if (up->one[L_GROUP].len)
		mem |= clr__buf_printf(t, " OFSI group ID %.*s.", (int)up->one[L_GROUP].len,
		                       clr__span_at(&up->pool, up->one[L_GROUP]));
	if (up->one[L_UNREF].len)
		mem |= clr__buf_printf(t, " UN reference number %.*s.", (int)up->one[L_UNREF].len,
		                       clr__span_at(&up->pool, up->one[L_UNREF]));
	for (size_t i = 0; i < up->titles.n; i++)
		mem |= clr__buf_printf(t, "%s%.*s", i ? ", " : " Title: ", (int)up->titles.v[i].len,
		                       clr__span_at(&up->pool, up->titles.v[i])) |
		       (i + 1 == up->titles.n && clr__buf_puts(t, "."));
	for (size_t i = 0; i < up->positions.n; i++)
		mem |= clr__buf_printf(t, "%s%.*s", i ? "; " : " Position: ", (int)up->positions.v[i].len,
		                       clr__span_at(&up->pool, up->positions.v[i])) |
		       (i + 1 == up->positions.n && clr__buf_puts(t, "."));
	if (up->one[L_OTHER].len)
		mem |= clr__buf_puts(t, " ") | clr__buf_put(t, ONE(L_OTHER));
#undef ONE
	if (mem)
		return nomem(up);
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, t->p, t->len, "OtherInformation")) < 0 ||
	    ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

static int on_end(void *payload, clr_xml *x, int depth, const char *name, const char *text,
                  size_t n)
{
	ukx_parse *up = payload;
	clr_loader *ld = up->ld;
	clr__xml_want_text(x, 0);
	if (!up->in_entry)
		return 0;
	if (depth == up->depth) {
		up->in_entry = 0;
		return commit(up);
	}
	if (ld->failed_row)
		return 0;
	if (is(name, "Name"))
		return end_name(up);
	if (is(name, "Address"))
		return end_address(up);
	if (is(name, "Location")) {
		int rc = join(up, L_A1, L_A2, ", ");
		return rc < 0 ? rc : clr__draft_evidence(ld, CLR_EV_POB, up->text.p, up->text.len, NULL, 0,
		                                         NULL, 0, "BirthDetails");
	}
	int l = leaf_of(name);
	if (l < 0)
		return 0;
	if (l == L_TOWN || l == L_COB) /* the place of birth, town then country, at Location's end */
		return clr__span_put(ld, up->line, &up->pool, text, n, &up->part[l == L_TOWN ? L_A1 : L_A2]);
	if (l <= L_OTHER)
		return clr__span_put(ld, up->line, &up->pool, text, n, &up->one[l]);
	if (l <= L_ACOUNTRY && l != L_NONLATIN && l != L_TITLE)
		return clr__span_put(ld, up->line, &up->pool, text, n, &up->part[l]);
	return end_leaf(up, l, text, n);
}

int clr__parse_uk_xml(clr_loader *ld, const char *buf, size_t len)
{
	static const clr_xml_handler h = {on_start, on_end};
	ukx_parse up = {.ld = ld};
	int rc = clr__xml_read(ld, buf, len, &h, &up);
	if (rc == 0 && up.in_entry)
		rc = clr__loader_fatal(ld, up.line, "Designation", CLR_EINPUT, "designation is not closed");
	clr__buf_free(&up.pool);
	clr__buf_free(&up.text);
	clr__vec_free(up.names);
	clr__vec_free(up.titles);
	clr__vec_free(up.positions);
	clr__draft_discard(ld);
	return rc;
}
