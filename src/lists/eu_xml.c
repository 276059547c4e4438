/*
 * eu_xml.c - the EU Financial Sanctions File (XML 1.1, namespace
 * http://eu.europa.ec/fpi/fsd/export) into entries: one per sanctionEntity,
 * its nameAlias names, regulations (programmes, citations, the date
 * listed), addresses and the evidence of birthdate, citizenship and
 * identification elements.  Nearly everything is in attributes, read as each
 * element starts; the XML defences are the reader's (xml.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "xml.h"

/* One nameAlias: the file has no primary flag, so the primary is chosen
 * when the entity ends (see pick_primary). */
typedef struct eu_name {
	clr_span name;
	int weak;  /* strong="false", or a remark "low quality alias" */
	int rank;  /* lower is a better primary name */
} eu_name;

typedef struct eu_parse {
	clr_loader *ld;
	int in_entry, depth;
	int named;                   /* the nameAlias being read gave a name */
	size_t line;
	char child[48];              /* element at depth + 1 being read */
	clr_buf pool;                /* the entity's names and references */
	CLR_VEC(eu_name) names;
	clr_span ref, un_id;
	clr_buf remarks;             /* the entity's remark elements, joined */
	char listed[11];             /* earliest date of designation or regulation */
	clr_buf text;                /* scratch */
} eu_parse;

static int is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/* Whether a name is written in a script other than Latin: a code point from
 * U+0370 on, save Latin Extended Additional (U+1E00-U+1EFF) and general
 * punctuation (U+2000-U+206F, the quotes of "al-’Asiri"). */
static int non_latin(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (u[i] < 0xCD || (u[i] & 0xC0) == 0x80)
			continue;
		if (u[i] == 0xCD && i + 1 < n && u[i + 1] < 0xB0)
			continue; /* U+0340-U+036F: combining accents */
		if (u[i] == 0xE1 && i + 1 < n && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB)
			continue;
		if (u[i] == 0xE2 && i + 1 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81))
			continue;
		return 1;
	}
	return 0;
}

/* An attribute, with its length; "" when absent. */
#define ATTR(name, var) size_t var##_n; const char *var = clr__xml_attr(x, name, &var##_n)

/* A country code the file gives: "00" is unknown. */
static int known_cc(const char *s, size_t n)
{
	return n == 2 && !(s[0] == '0' && s[1] == '0');
}

/* Keeps the earlier of the entity's date listed and s (an ISO date). */
static int listed_at(eu_parse *ep, const char *s, size_t n, const char *field)
{
	char d[11];
	if (!n)
		return 0;
	if (clr__parse_date(s, n, d))
		return clr__loader_fail(ep->ld, ep->line, field, CLR_EINPUT, "'%.*s' is not a date",
		                        (int)(n < 40 ? n : 40), s);
	if (!ep->listed[0] || strcmp(d, ep->listed) < 0)
		memcpy(ep->listed, d, sizeof(d));
	return 0;
}

static int entity_start(eu_parse *ep, clr_xml *x, int depth)
{
	clr_loader *ld = ep->ld;
	int rc;
	ep->in_entry = 1;
	ep->depth = depth;
	ep->line = clr__xml_line(x);
	ep->names.n = 0;
	clr__buf_clear(&ep->pool);
	clr__buf_clear(&ep->remarks);
	ep->ref = ep->un_id = (clr_span){0, 0};
	ep->listed[0] = '\0';
	ld->report.rows++;
	if ((rc = clr__draft_begin(ld, ep->line)) < 0)
		return rc;
	ld->d.e.source = "EU";
	ld->d.e.source_name = "EU Consolidated Financial Sanctions List";
	ATTR("logicalId", lid);
	if (!lid_n)
		return clr__loader_fail(ld, ep->line, "logicalId", CLR_EINPUT, "entity has no logicalId");
	clr__buf_clear(&ep->text);
	if (clr__buf_puts(&ep->text, "eu:") || clr__buf_put(&ep->text, lid, lid_n))
		return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.id, ep->text.p, ep->text.len, "logicalId")) < 0 ||
	    ld->failed_row)
		return rc;
	ATTR("euReferenceNumber", ref);
	if ((rc = clr__span_put(ld, ep->line, &ep->pool, ref, ref_n, &ep->ref)) < 0)
		return rc;
	ATTR("unitedNationId", un);
	if ((rc = clr__span_put(ld, ep->line, &ep->pool, un, un_n, &ep->un_id)) < 0)
		return rc;
	ATTR("designationDate", dd);
	return listed_at(ep, dd, dd_n, "designationDate");
}

static int name_start(eu_parse *ep, clr_xml *x)
{
	clr_loader *ld = ep->ld;
	eu_name nm = {{0, 0}, 0, 0};
	int rc;
	ATTR("wholeName", whole);
	if (whole_n) {
		if ((rc = clr__span_put(ld, ep->line, &ep->pool, whole, whole_n, &nm.name)) < 0)
			return rc;
	} else { /* the parts, when the whole name is not given */
		static const char *const part[] = {"firstName", "middleName", "lastName"};
		clr_span sp[3];
		for (int i = 0; i < 3; i++) {
			ATTR(part[i], p);
			if ((rc = clr__span_put(ld, ep->line, &ep->pool, p, p_n, &sp[i])) < 0)
				return rc;
		}
		if ((rc = clr__span_join(ld, ep->line, &ep->text, &ep->pool, sp, 3, " ")) < 0 ||
		    (rc = clr__span_put(ld, ep->line, &ep->pool, ep->text.p, ep->text.len, &nm.name)) < 0)
			return rc;
	}
	ATTR("strong", strong);
	nm.weak = clr__eq_ci(strong, strong_n, "false");
	ATTR("nameLanguage", lang);
	size_t first_n, last_n;
	(void)clr__xml_attr(x, "firstName", &first_n);
	(void)clr__xml_attr(x, "lastName", &last_n);
	nm.rank = non_latin(clr__span_at(&ep->pool, nm.name), nm.name.len) * 4 +
	          !(lang_n == 0 || clr__eq_ci(lang, lang_n, "en")) * 2 + !(first_n || last_n);
	ep->named = nm.name.len > 0;
	if (ep->named && ep->names.n >= CLR_MAX_NAMES_PER_ENTRY)
		return clr__loader_fail(ld, ep->line, "nameAlias", CLR_ELIMIT,
		                        "more than %u names in one entry", CLR_MAX_NAMES_PER_ENTRY);
	if (ep->named && clr__vec_push(ep->names, nm))
		return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	ATTR("gender", g);
	return clr__draft_evidence(ld, CLR_EV_GENDER, g, g_n, NULL, 0, NULL, 0, "gender");
}

static int regulation_start(eu_parse *ep, clr_xml *x)
{
	clr_loader *ld = ep->ld;
	int rc;
	ATTR("programme", prog);
	if ((rc = clr__draft_program(ld, prog, prog_n, "programme")) < 0 || ld->failed_row)
		return rc;
	ATTR("numberTitle", title);
	if ((rc = clr__draft_citation(ld, title, title_n, "numberTitle")) < 0 || ld->failed_row)
		return rc;
	ATTR("publicationDate", pub);
	if ((rc = listed_at(ep, pub, pub_n, "publicationDate")) < 0 || ld->failed_row)
		return rc;
	ATTR("entryIntoForceDate", force);
	return listed_at(ep, force, force_n, "entryIntoForceDate");
}

/* A date of birth as clr__draft_evidence reads one: "1965-04-14", "1965-04",
 * "1965", "circa 1953 to 1958".  The birthdate attribute is Gregorian even
 * when calendarType is not; year and month of another calendar are not. */
static int birth_start(eu_parse *ep, clr_xml *x)
{
	clr_loader *ld = ep->ld;
	clr_buf *t = &ep->text;
	int rc = 0;
	clr__buf_clear(t);
	ATTR("circa", circa);
	if (clr__eq_ci(circa, circa_n, "true"))
		rc |= clr__buf_puts(t, "circa ");
	size_t start = t->len;
	ATTR("calendarType", cal);
	int gregorian = !cal_n || clr__eq_ci(cal, cal_n, "gregorian");
	ATTR("birthdate", date);
	ATTR("year", year);
	ATTR("monthOfYear", month);
	ATTR("yearRangeFrom", from);
	ATTR("yearRangeTo", to);
	if (date_n)
		rc |= clr__buf_put(t, date, date_n > 10 && date[4] == '-' ? 10 : date_n);
	else if (gregorian && year_n) {
		rc |= clr__buf_put(t, year, year_n);
		if (month_n && month_n <= 2)
			rc |= clr__buf_printf(t, "-%s%.*s", month_n == 1 ? "0" : "", (int)month_n, month);
	} else if (gregorian && from_n && to_n)
		rc |= clr__buf_put(t, from, from_n) | clr__buf_puts(t, " to ") | clr__buf_put(t, to, to_n);
	else if (gregorian && (from_n || to_n))
		rc |= clr__buf_put(t, from_n ? from : to, from_n ? from_n : to_n);
	if (rc)
		return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	if (t->len > start &&
	    ((rc = clr__draft_evidence(ld, CLR_EV_DOB, t->p, t->len, NULL, 0, NULL, 0, "birthdate")) < 0 ||
	     ld->failed_row))
		return rc;
	/* the place: city ("-" is none), place, region, country */
	static const char *const part[] = {"city", "place", "region"};
	clr__buf_clear(t);
	for (int i = 0; i < 3; i++) {
		ATTR(part[i], p);
		if (!p_n || (p_n == 1 && p[0] == '-'))
			continue;
		if ((t->len && clr__buf_puts(t, ", ")) || clr__buf_put(t, p, p_n))
			return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	}
	ATTR("countryIso2Code", cc);
	ATTR("countryDescription", cd);
	if (known_cc(cc, cc_n) && cd_n &&
	    ((t->len && clr__buf_puts(t, ", ")) || clr__buf_put(t, cd, cd_n)))
		return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	return clr__draft_evidence(ld, CLR_EV_POB, t->p, t->len, NULL, 0, NULL, 0, "birthdate");
}

static int id_start(eu_parse *ep, clr_xml *x)
{
	clr_loader *ld = ep->ld;
	int rc;
	ATTR("identificationTypeDescription", desc);
	ATTR("identificationTypeCode", code);
	const char *type = desc_n ? desc : code;
	size_t tn = desc_n ? desc_n : code_n;
	int kind = clr__ev_id_kind(type, tn);
	if (kind == CLR_EV_NONE)
		return 0;
	ATTR("countryIso2Code", cc);
	if (!known_cc(cc, cc_n))
		cc_n = 0;
	int id = kind == CLR_EV_ID && tn;
	static const char *const num[] = {"number", "latinNumber"};
	for (int i = 0; i < 2; i++) {
		ATTR(num[i], s);
		if ((rc = clr__draft_evidence(ld, (clr_evidence_kind)kind, s, s_n, id ? type : NULL,
		                              id ? tn : 0, cc_n ? cc : NULL, cc_n, num[i])) < 0 ||
		    ld->failed_row)
			return rc;
	}
	return 0;
}

static int address_start(eu_parse *ep, clr_xml *x)
{
	clr_loader *ld = ep->ld;
	static const char *const part[] = {"street", "poBox", "city", "zipCode", "region", "place"};
	clr_buf *t = &ep->text;
	clr__buf_clear(t);
	for (int i = 0; i < 6; i++) {
		ATTR(part[i], p);
		while (p_n && (p[p_n - 1] == ',' || p[p_n - 1] == ' '))
			p_n--; /* "Nobonyad Square," */
		if (!p_n)
			continue;
		if ((t->len && clr__buf_puts(t, ", ")) || (i == 1 && clr__buf_puts(t, "P.O. Box ")) ||
		    clr__buf_put(t, p, p_n))
			return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	}
	ATTR("countryIso2Code", cc);
	return clr__draft_address(ld, t->p, t->len, cc, known_cc(cc, cc_n) ? cc_n : 0, "address");
}

static int on_start(void *payload, clr_xml *x, int depth, const char *name)
{
	eu_parse *ep = payload;
	clr_loader *ld = ep->ld;
	if (!ep->in_entry)
		return is(name, "sanctionEntity") ? entity_start(ep, x, depth) : 0;
	if (depth == ep->depth + 1)
		snprintf(ep->child, sizeof(ep->child), "%s", name);
	if (ld->failed_row)
		return 0;
	if (depth == ep->depth + 1) {
		clr__xml_want_text(x, is(name, "remark"));
		if (is(name, "nameAlias"))
			return name_start(ep, x);
		if (is(name, "regulation"))
			return regulation_start(ep, x);
		if (is(name, "subjectType")) {
			ATTR("code", code);
			ld->d.e.type = clr__eq_ci(code, code_n, "person")       ? CLR_TYPE_PERSON
			               : clr__eq_ci(code, code_n, "enterprise") ? CLR_TYPE_ENTITY
			                                                        : CLR_TYPE_UNKNOWN;
			return 0;
		}
		if (is(name, "birthdate"))
			return birth_start(ep, x);
		if (is(name, "citizenship")) {
			ATTR("countryIso2Code", cc);
			int rc;
			if (!known_cc(cc, cc_n))
				return 0;
			if ((rc = clr__draft_evidence(ld, CLR_EV_CITIZENSHIP, cc, cc_n, NULL, 0, NULL, 0,
			                              "citizenship")) < 0 || ld->failed_row)
				return rc;
			return clr__draft_country(ld, cc, cc_n, "citizenship");
		}
		if (is(name, "identification"))
			return id_start(ep, x);
		if (is(name, "address"))
			return address_start(ep, x);
		return 0;
	}
	/* the remark of a name: "low quality alias" makes it weak */
	clr__xml_want_text(x, depth == ep->depth + 2 && is(name, "remark") &&
	                      is(ep->child, "nameAlias"));
	return 0;
}

/* The best name as primary (Latin script, English or no language, given in
 * parts, earliest), then the others in the file's order. */
static int commit_names(eu_parse *ep)
{
	clr_loader *ld = ep->ld;
	size_t best = (size_t)-1;
	int rc;
	for (size_t i = 0; i < ep->names.n; i++)
		if (!ep->names.v[i].weak && (best == (size_t)-1 || ep->names.v[i].rank < ep->names.v[best].rank))
			best = i;
	if (best == (size_t)-1)
		return clr__loader_fail(ld, ep->line, "nameAlias", CLR_EINPUT,
		                        ep->names.n ? "entity has only weak names" : "entity has no name");
	const eu_name *b = &ep->names.v[best];
	if ((rc = clr__draft_name(ld, clr__span_at(&ep->pool, b->name), b->name.len, CLR_NAME_PRIMARY,
	                          "wholeName")) < 0 || ld->failed_row)
		return rc;
	for (size_t i = 0; i < ep->names.n; i++) {
		const eu_name *nm = &ep->names.v[i];
		if ((rc = clr__draft_name(ld, clr__span_at(&ep->pool, nm->name), nm->name.len,
		                          nm->weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS, "wholeName")) < 0 ||
		    ld->failed_row)
			return rc;
	}
	return 0;
}

static int commit_entity(eu_parse *ep)
{
	clr_loader *ld = ep->ld;
	int rc;
	if (ld->failed_row)
		return 0;
	if ((rc = commit_names(ep)) < 0 || ld->failed_row)
		return rc;
	if (ep->listed[0] && (rc = clr__draft_str(ld, &ld->d.e.start_date, ep->listed, 10,
	                                          "designationDate")) < 0)
		return rc;
	/* remarks: the EU and UN references, then the entity's remark */
	clr_buf *t = &ep->text;
	clr__buf_clear(t);
	int mem = 0;
	if (ep->ref.len)
		mem |= clr__buf_printf(t, "EU reference number %.*s.", (int)ep->ref.len,
		                       clr__span_at(&ep->pool, ep->ref));
	if (ep->un_id.len)
		mem |= clr__buf_printf(t, "%sUN reference number %.*s.", t->len ? " " : "",
		                       (int)ep->un_id.len, clr__span_at(&ep->pool, ep->un_id));
	if (ep->remarks.len)
		mem |= (t->len && clr__buf_puts(t, " ")) | clr__buf_put(t, ep->remarks.p, ep->remarks.len);
	if (mem)
		return clr__loader_fatal(ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, t->p, t->len, "remark")) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

static int on_end(void *payload, clr_xml *x, int depth, const char *name, const char *text,
                  size_t n)
{
	eu_parse *ep = payload;
	if (!ep->in_entry || depth < ep->depth || ep->ld->failed_row) {
		if (ep->in_entry && depth == ep->depth)
			ep->in_entry = 0;
		return 0;
	}
	if (depth == ep->depth) {
		ep->in_entry = 0;
		clr__xml_want_text(x, 0);
		return commit_entity(ep);
	}
	if (!is(name, "remark") || !n)
		return 0;
	if (depth == ep->depth + 1) {
		clr__trim(&text, &n);
		if (n && ((ep->remarks.len && clr__buf_puts(&ep->remarks, " ")) ||
		          clr__buf_put(&ep->remarks, text, n)))
			return clr__loader_fatal(ep->ld, ep->line, NULL, CLR_ENOMEM, "out of memory");
		return 0;
	}
	if (depth == ep->depth + 2 && is(ep->child, "nameAlias") && ep->named) {
		for (size_t i = 0; i + 11 <= n; i++)
			if (clr__eq_ci(text + i, 11, "low quality")) {
				ep->names.v[ep->names.n - 1].weak = 1;
				break;
			}
	}
	return 0;
}

int clr__parse_eu_xml(clr_loader *ld, const char *buf, size_t len)
{
	static const clr_xml_handler h = {on_start, on_end};
	eu_parse ep = {.ld = ld};
	int rc = clr__xml_read(ld, buf, len, &h, &ep);
	if (rc == 0 && ep.in_entry)
		rc = clr__loader_fatal(ld, ep.line, "sanctionEntity", CLR_EINPUT, "entity is not closed");
	clr__buf_free(&ep.pool);
	clr__buf_free(&ep.remarks);
	clr__buf_free(&ep.text);
	clr__vec_free(ep.names);
	clr__draft_discard(ld);
	return rc;
}
