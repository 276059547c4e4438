/*
 * eu.c - what each record of an EU Financial Sanctions File entity becomes
 * (eu.h): its names and the choice of the primary, regulations (programmes,
 * citations, the date listed), addresses, the evidence of birthdate,
 * citizenship and identification records, the remarks.  The same for the
 * XML and the CSV layouts; never reads a file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "eu.h"

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

/* A field of the record, with its length; "" when absent. */
#define FIELD(attr, var) size_t var##_n; const char *var = f->get(f->src, attr, &var##_n)
#define NAME(attr) f->name(f->src, attr)

/* A country code the file gives: "00" is unknown. */
static int known_cc(const char *s, size_t n)
{
	return n == 2 && !(s[0] == '0' && s[1] == '0');
}

/* Keeps the earlier of the entity's date listed and s (an ISO date). */
static int listed_at(clr_eu_entity *eu, const char *s, size_t n, const char *field)
{
	char d[11];
	if (!n)
		return 0;
	if (clr__parse_date(s, n, d))
		return clr__loader_fail(eu->ld, eu->line, field, CLR_EINPUT, "'%.*s' is not a date",
		                        (int)(n < 40 ? n : 40), s);
	if (!eu->listed[0] || strcmp(d, eu->listed) < 0)
		memcpy(eu->listed, d, sizeof(d));
	return 0;
}

int clr_eu__begin(clr_eu_entity *eu, size_t line, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	int rc;
	eu->line = line;
	eu->named = 0;
	eu->names.n = 0;
	clr__buf_clear(&eu->pool);
	clr__buf_clear(&eu->remarks);
	eu->ref = eu->un_id = (clr_span){0, 0};
	eu->listed[0] = '\0';
	if ((rc = clr__draft_begin(ld, line)) < 0)
		return rc;
	ld->d.e.source = "EU";
	ld->d.e.source_name = "EU Consolidated Financial Sanctions List";
	FIELD("logicalId", lid);
	if (!lid_n)
		return clr__loader_fail(ld, line, NAME("logicalId"), CLR_EINPUT, "entity has no logicalId");
	clr__buf_clear(&eu->text);
	if (clr__buf_puts(&eu->text, "eu:") || clr__buf_put(&eu->text, lid, lid_n))
		return clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.id, eu->text.p, eu->text.len, NAME("logicalId"))) < 0 ||
	    ld->failed_row)
		return rc;
	FIELD("euReferenceNumber", ref);
	if ((rc = clr__span_put(ld, line, &eu->pool, ref, ref_n, &eu->ref)) < 0)
		return rc;
	FIELD("unitedNationId", un);
	if ((rc = clr__span_put(ld, line, &eu->pool, un, un_n, &eu->un_id)) < 0)
		return rc;
	FIELD("designationDate", dd);
	return listed_at(eu, dd, dd_n, NAME("designationDate"));
}

void clr_eu__type(clr_eu_entity *eu, const char *code, size_t n)
{
	eu->ld->d.e.type = clr__eq_ci(code, n, "person")       ? CLR_TYPE_PERSON
	                   : clr__eq_ci(code, n, "enterprise") ? CLR_TYPE_ENTITY
	                                                       : CLR_TYPE_UNKNOWN;
}

int clr_eu__remark(clr_eu_entity *eu, const char *s, size_t n)
{
	clr__trim(&s, &n);
	if (n && ((eu->remarks.len && clr__buf_puts(&eu->remarks, " ")) ||
	          clr__buf_put(&eu->remarks, s, n)))
		return clr__loader_fatal(eu->ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

int clr_eu__name(clr_eu_entity *eu, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	clr_eu_name nm = {{0, 0}, 0, 0, eu->line};
	int rc;
	FIELD("wholeName", whole);
	if (whole_n) {
		if ((rc = clr__span_put(ld, eu->line, &eu->pool, whole, whole_n, &nm.name)) < 0)
			return rc;
	} else { /* the parts, when the whole name is not given */
		static const char *const part[] = {"firstName", "middleName", "lastName"};
		clr_span sp[3];
		for (int i = 0; i < 3; i++) {
			FIELD(part[i], p);
			if ((rc = clr__span_put(ld, eu->line, &eu->pool, p, p_n, &sp[i])) < 0)
				return rc;
		}
		if ((rc = clr__span_join(ld, eu->line, &eu->text, &eu->pool, sp, 3, " ")) < 0 ||
		    (rc = clr__span_put(ld, eu->line, &eu->pool, eu->text.p, eu->text.len, &nm.name)) < 0)
			return rc;
	}
	FIELD("strong", strong);
	nm.weak = clr__eq_ci(strong, strong_n, "false");
	FIELD("nameLanguage", lang);
	size_t first_n, last_n;
	(void)f->get(f->src, "firstName", &first_n);
	(void)f->get(f->src, "lastName", &last_n);
	nm.rank = non_latin(clr__span_at(&eu->pool, nm.name), nm.name.len) * 4 +
	          !(lang_n == 0 || clr__eq_ci(lang, lang_n, "en")) * 2 + !(first_n || last_n);
	eu->named = nm.name.len > 0;
	if (eu->named && eu->names.n >= CLR_MAX_NAMES_PER_ENTRY)
		return clr__loader_fail(ld, eu->line, NAME("wholeName"), CLR_ELIMIT,
		                        "more than %u names in one entry", CLR_MAX_NAMES_PER_ENTRY);
	if (eu->named && clr__vec_push(eu->names, nm))
		return clr__loader_fatal(ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	FIELD("gender", g);
	return clr__draft_evidence(ld, CLR_EV_GENDER, g, g_n, NULL, 0, NULL, 0, NAME("gender"));
}

void clr_eu__name_remark(clr_eu_entity *eu, const char *s, size_t n)
{
	if (!eu->named)
		return;
	for (size_t i = 0; i + 11 <= n; i++)
		if (clr__eq_ci(s + i, 11, "low quality")) {
			eu->names.v[eu->names.n - 1].weak = 1;
			break;
		}
}

int clr_eu__regulation(clr_eu_entity *eu, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	int rc;
	FIELD("programme", prog);
	if ((rc = clr__draft_program(ld, prog, prog_n, NAME("programme"))) < 0 || ld->failed_row)
		return rc;
	FIELD("numberTitle", title);
	if ((rc = clr__draft_citation(ld, title, title_n, NAME("numberTitle"))) < 0 || ld->failed_row)
		return rc;
	FIELD("publicationDate", pub);
	if ((rc = listed_at(eu, pub, pub_n, NAME("publicationDate"))) < 0 || ld->failed_row)
		return rc;
	FIELD("entryIntoForceDate", force);
	return listed_at(eu, force, force_n, NAME("entryIntoForceDate"));
}

int clr_eu__citizenship(clr_eu_entity *eu, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	int rc;
	FIELD("countryIso2Code", cc);
	if (!known_cc(cc, cc_n))
		return 0;
	if ((rc = clr__draft_evidence(ld, CLR_EV_CITIZENSHIP, cc, cc_n, NULL, 0, NULL, 0,
	                              NAME("countryIso2Code"))) < 0 || ld->failed_row)
		return rc;
	return clr__draft_country(ld, cc, cc_n, NAME("countryIso2Code"));
}

/* A date of birth as clr__draft_evidence reads one: "1965-04-14", "1965-04",
 * "1965", "circa 1953 to 1958".  The birthdate field is Gregorian even when
 * calendarType is not; year and month of another calendar are not. */
int clr_eu__birth(clr_eu_entity *eu, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	clr_buf *t = &eu->text;
	int rc = 0;
	clr__buf_clear(t);
	FIELD("circa", circa);
	if (clr__eq_ci(circa, circa_n, "true"))
		rc |= clr__buf_puts(t, "circa ");
	size_t start = t->len;
	FIELD("calendarType", cal);
	int gregorian = !cal_n || clr__eq_ci(cal, cal_n, "gregorian");
	FIELD("birthdate", date);
	FIELD("year", year);
	FIELD("monthOfYear", month);
	FIELD("yearRangeFrom", from);
	FIELD("yearRangeTo", to);
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
		return clr__loader_fatal(ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	if (t->len > start &&
	    ((rc = clr__draft_evidence(ld, CLR_EV_DOB, t->p, t->len, NULL, 0, NULL, 0, NAME("birthdate"))) < 0 ||
	     ld->failed_row))
		return rc;
	/* the place: city ("-" is none), place, region, country */
	static const char *const part[] = {"city", "place", "region"};
	clr__buf_clear(t);
	for (int i = 0; i < 3; i++) {
		FIELD(part[i], p);
		if (!p_n || (p_n == 1 && p[0] == '-'))
			continue;
		if ((t->len && clr__buf_puts(t, ", ")) || clr__buf_put(t, p, p_n))
			return clr__loader_fatal(ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	}
	FIELD("countryIso2Code", cc);
	FIELD("countryDescription", cd);
	if (known_cc(cc, cc_n) && cd_n &&
	    ((t->len && clr__buf_puts(t, ", ")) || clr__buf_put(t, cd, cd_n)))
		return clr__loader_fatal(ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	return clr__draft_evidence(ld, CLR_EV_POB, t->p, t->len, NULL, 0, NULL, 0, NAME("city"));
}

int clr_eu__identification(clr_eu_entity *eu, const clr_eu_fields *f)
{
	clr_loader *ld = eu->ld;
	int rc;
	FIELD("identificationTypeDescription", desc);
	FIELD("identificationTypeCode", code);
	const char *type = desc_n ? desc : code;
	size_t tn = desc_n ? desc_n : code_n;
	int kind = clr__ev_id_kind(type, tn);
	if (kind == CLR_EV_NONE)
		return 0;
	FIELD("countryIso2Code", cc);
	if (!known_cc(cc, cc_n))
		cc_n = 0;
	int id = kind == CLR_EV_ID && tn;
	static const char *const num[] = {"number", "latinNumber"};
	for (int i = 0; i < 2; i++) {
		FIELD(num[i], s);
		if ((rc = clr__draft_evidence(ld, (clr_evidence_kind)kind, s, s_n, id ? type : NULL,
		                              id ? tn : 0, cc_n ? cc : NULL, cc_n, NAME(num[i]))) < 0 ||
		    ld->failed_row)
			return rc;
	}
	return 0;
}

int clr_eu__address(clr_eu_entity *eu, const clr_eu_fields *f)
{
	static const char *const part[] = {"street", "poBox", "city", "zipCode", "region", "place"};
	clr_buf *t = &eu->text;
	clr__buf_clear(t);
	for (int i = 0; i < 6; i++) {
		FIELD(part[i], p);
		while (p_n && (p[p_n - 1] == ',' || p[p_n - 1] == ' '))
			p_n--; /* "Nobonyad Square," */
		if (!p_n)
			continue;
		if ((t->len && clr__buf_puts(t, ", ")) || (i == 1 && clr__buf_puts(t, "P.O. Box ")) ||
		    clr__buf_put(t, p, p_n))
			return clr__loader_fatal(eu->ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	}
	FIELD("countryIso2Code", cc);
	return clr__draft_address(eu->ld, t->p, t->len, cc, known_cc(cc, cc_n) ? cc_n : 0,
	                          NAME("street"));
}

/* The best name as primary (Latin script, English or no language, given in
 * parts, earliest), then the others in the file's order. */
static int commit_names(clr_eu_entity *eu, const char *none_field, const char *field)
{
	clr_loader *ld = eu->ld;
	size_t best = (size_t)-1;
	int rc;
	for (size_t i = 0; i < eu->names.n; i++)
		if (!eu->names.v[i].weak && (best == (size_t)-1 || eu->names.v[i].rank < eu->names.v[best].rank))
			best = i;
	if (best == (size_t)-1)
		return clr__loader_fail(ld, eu->line, none_field, CLR_EINPUT,
		                        eu->names.n ? "entity has only weak names" : "entity has no name");
	const clr_eu_name *b = &eu->names.v[best];
	ld->d.e.line = b->line;
	if ((rc = clr__draft_name(ld, clr__span_at(&eu->pool, b->name), b->name.len, CLR_NAME_PRIMARY,
	                          field)) < 0 || ld->failed_row)
		return rc;
	for (size_t i = 0; i < eu->names.n; i++) {
		const clr_eu_name *nm = &eu->names.v[i];
		ld->d.e.line = nm->line;
		if ((rc = clr__draft_name(ld, clr__span_at(&eu->pool, nm->name), nm->name.len,
		                          nm->weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS, field)) < 0 ||
		    ld->failed_row)
			return rc;
	}
	ld->d.e.line = eu->line;
	return 0;
}

int clr_eu__commit(clr_eu_entity *eu, const char *none_field, const char *name_field)
{
	clr_loader *ld = eu->ld;
	int rc;
	if (ld->failed_row)
		return 0;
	if ((rc = commit_names(eu, none_field, name_field)) < 0 || ld->failed_row)
		return rc;
	if (eu->listed[0] && (rc = clr__draft_str(ld, &ld->d.e.start_date, eu->listed, 10,
	                                          "designationDate")) < 0)
		return rc;
	/* remarks: the EU and UN references, then the entity's remark */
	clr_buf *t = &eu->text;
	clr__buf_clear(t);
	int mem = 0;
	if (eu->ref.len)
		mem |= clr__buf_printf(t, "EU reference number %.*s.", (int)eu->ref.len,
		                       clr__span_at(&eu->pool, eu->ref));
	if (eu->un_id.len)
		mem |= clr__buf_printf(t, "%sUN reference number %.*s.", t->len ? " " : "",
		                       (int)eu->un_id.len, clr__span_at(&eu->pool, eu->un_id));
	if (eu->remarks.len)
		mem |= (t->len && clr__buf_puts(t, " ")) | clr__buf_put(t, eu->remarks.p, eu->remarks.len);
	if (mem)
		return clr__loader_fatal(ld, eu->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, t->p, t->len, "remark")) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

void clr_eu__free(clr_eu_entity *eu)
{
	clr__buf_free(&eu->pool);
	clr__buf_free(&eu->remarks);
	clr__buf_free(&eu->text);
	clr__vec_free(eu->names);
}
