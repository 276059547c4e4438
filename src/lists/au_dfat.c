/*
 * au_dfat.c - Australia's DFAT Consolidated List (XLSX: one row per name,
 * the primary's Reference a number, its aliases' the number and letters,
 * "2a", "34c1") into entries: one per Reference number, its alias rows
 * attached wherever they are in the sheet.  Owns the reading of the list's
 * free text (dates of birth "a) 1955 b) Approximately 1961", Excel serial
 * dates, enumerated places and addresses); the cells are xlsx.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rows.h"
#include "xlsx.h"

enum { C_REF, C_NAME, C_TYPE, C_NTYPE, C_DOB, C_POB, C_CIT, C_ADDR, C_INFO, C_LISTING, C_COMM,
       C_CONTROL, NC };
static const char *const cols[NC] = {
	"Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth",
	"Place of Birth", "Citizenship", "Address", "Additional Information",
	"Listing Information", "Committees", "Control Date"};

typedef struct au_parse {
	clr_loader *ld;
	int header;
	int at[NC];
	int date1904;
	clr_rows rows;
	clr_buf text;
	char place[136];
} au_parse;

/* The number a Reference starts with, and whether it is only that. */
static size_t ref_number(const char *s, size_t n, int *primary)
{
	size_t k = 0;
	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	*primary = k == n;
	return k;
}

static int au_row(void *payload, const clr_xlsx_row *r)
{
	au_parse *ap = payload;
	clr_loader *ld = ap->ld;
	int rc;
	ap->date1904 = r->date1904;
	snprintf(ap->place, sizeof(ap->place), "%s", ld->place ? ld->place : "");
	if (!ap->header) {
		(void)clr__rows_header(ap->at, cols, NC, 0, r->nf, r->v, r->n);
		if (ap->at[C_REF] < 0 || ap->at[C_NAME] < 0)
			return clr__loader_fatal(ld, r->row, ap->at[C_REF] < 0 ? cols[C_REF] : cols[C_NAME],
			                         CLR_EINPUT, "the header has no column '%s'",
			                         ap->at[C_REF] < 0 ? cols[C_REF] : cols[C_NAME]);
		ap->header = 1;
		return 0;
	}
	ld->report.rows++;
	static const unsigned char is_date[NC] = {[C_DOB] = 1, [C_CONTROL] = 1};
	const char *fv[NC];
	size_t fn[NC];
	char days[NC][11];
	clr__rows_pick(fv, fn, days, ap->at, NC, is_date, r->nf, r->v, r->n, r->type, r->date1904);
	const char *ref = fv[C_REF];
	size_t rn = fn[C_REF];
	clr__trim(&ref, &rn);
	int primary;
	size_t num = ref_number(ref, rn, &primary);
	if (!num || num > 9) {
		if ((rc = clr__draft_begin(ld, r->row)) < 0)
			return rc;
		return clr__loader_fail(ld, r->row, "Reference", CLR_EINPUT,
		                        "'%.*s' is no reference (a number, or a number and letters)",
		                        (int)(rn < 20 ? rn : 20), ref);
	}
	return clr__rows_add(ld, &ap->rows, r->row, ref, num, NC, fv, fn);
}

static int is_none(const char *s, size_t n)
{
	return clr__eq_ci(s, n, "na") || clr__eq_ci(s, n, "n/a") || clr__eq_ci(s, n, "-");
}

/* The next of several dates in one item: "1960; alt DOB: 1962", "1965 or
 * 1966", "14 Mar 1974 >> 13 Apr 1974"; its length, *skip the separator's. */
static size_t next_date(const char *s, size_t n, size_t *skip)
{
	static const char *const seps[] = {";", " or ", ">>"};
	size_t best = n;
	*skip = 0;
	for (size_t k = 0; k < sizeof(seps) / sizeof(*seps); k++) {
		const char *p = memmem(s, n, seps[k], strlen(seps[k]));
		if (p && (size_t)(p - s) < best)
			best = (size_t)(p - s), *skip = strlen(seps[k]);
	}
	return best;
}

/* Items of an enumerated date of birth ("a) 01/01/1960 b) 1962" is
 * already split) may hold several dates; each is trimmed of no-break
 * spaces and stray ',' '.', and "1955- 1958" closed up to "1955-1958". */
static int add_dob(clr_loader *ld, void *payload, const char *s, size_t n)
{
	char d[128];
	while (n) {
		size_t skip, m = next_date(s, n, &skip);
		const char *p = s;
		size_t pn = m;
		for (;;) {
			clr__trim_nbsp(&p, &pn);
			if (pn && (p[pn - 1] == ',' || p[pn - 1] == '.'))
				pn--;
			else
				break;
		}
		if (pn > 8 && clr__eq_ci(p, 8, "alt DOB:"))
			p += 8, pn -= 8;
		clr__trim_nbsp(&p, &pn);
		size_t dn = 0;
		for (size_t i = 0; i < pn && pn < sizeof(d); i++)
			if (!(p[i] == ' ' && ((i && p[i - 1] == '-') || (i + 1 < pn && p[i + 1] == '-'))))
				d[dn++] = p[i];
		if (pn < sizeof(d))
			p = d, pn = dn;
		if (pn && !is_none(p, pn)) {
			int rc = clr__draft_evidence(ld, CLR_EV_DOB, p, pn, NULL, 0, NULL, 0, "Date of Birth");
			if (rc < 0 || ld->failed_row)
				return rc;
		}
		if (m == n)
			break;
		n -= m + skip;
		s += m + skip;
	}
	return 0;
}

static int add_pob(clr_loader *ld, void *payload, const char *s, size_t n)
{
	return is_none(s, n) ? 0 : clr__draft_evidence(ld, CLR_EV_POB, s, n, NULL, 0, NULL, 0, "Place of Birth");
}

static int add_address(clr_loader *ld, void *payload, const char *s, size_t n)
{
	return is_none(s, n) ? 0 : clr__draft_address(ld, s, n, NULL, 0, "Address");
}

/* "Russian and Ukrainian", "a) Afghan b) Pakistani": each a citizenship,
 * and a country of the entry when the country table knows it. */
static int add_citizenship(clr_loader *ld, void *payload, const char *s, size_t n)
{
	while (n) {
		const char *and = memmem(s, n, " and ", 5);
		size_t m = and ? (size_t)(and - s) : n;
		const char *p = s;
		size_t pn = m;
		clr__trim(&p, &pn);
		int rc = 0;
		if (pn && !is_none(p, pn) &&
		    ((rc = clr__draft_evidence(ld, CLR_EV_CITIZENSHIP, p, pn, NULL, 0, NULL, 0, "Citizenship")) < 0 ||
		     ld->failed_row))
			return rc;
		if (pn && clr__country_code(p, pn) && (rc = clr__draft_country(ld, p, pn, "Citizenship")) < 0)
			return rc;
		if (!and)
			break;
		n -= m + 5;
		s = and + 5;
	}
	return 0;
}

static int commit_group(void *payload, size_t first, size_t count)
{
	au_parse *ap = payload;
	clr_loader *ld = ap->ld;
	const clr_rows *t = &ap->rows;
	const clr_row *rows = &t->rows.v[first];
	size_t n, p = count;
	const char *s;
	int rc, primary;
	if ((rc = clr__draft_begin(ld, rows[0].line)) < 0)
		return rc;
	for (size_t i = 0; i < count; i++) {
		s = clr__rows_field(t, &rows[i], C_REF, &n);
		clr__trim(&s, &n);
		(void)ref_number(s, n, &primary);
		if (primary && p < count)
			return clr__loader_fail(ld, rows[i].line, "Reference", CLR_EINPUT,
			                        "reference %.*s again (first in row %zu)", (int)n, s,
			                        rows[p].line);
		if (primary)
			p = i;
	}
	if (p == count) {
		s = clr__rows_field(t, &rows[0], C_REF, &n);
		return clr__loader_fail(ld, rows[0].line, "Reference", CLR_EINPUT,
		                        "alias row '%.*s' has no primary row", (int)(n < 20 ? n : 20), s);
	}
	const clr_row *pr = &rows[p];
	ld->d.e.line = pr->line;
	ld->d.e.source = "AU";
	ld->d.e.source_name = "Australian DFAT Consolidated List";
	s = clr__rows_field(t, pr, C_REF, &n);
	clr__trim(&s, &n);
	clr__buf_clear(&ap->text);
	if (clr__buf_puts(&ap->text, "au:") || clr__buf_put(&ap->text, s, n))
		return clr__loader_fatal(ld, pr->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.id, ap->text.p, ap->text.len, "Reference")) < 0 ||
	    ld->failed_row)
		return rc;
	s = clr__rows_field(t, pr, C_TYPE, &n);
	clr__trim(&s, &n);
	ld->d.e.type = clr__eq_ci(s, n, "Individual") ? CLR_TYPE_PERSON
	               : clr__eq_ci(s, n, "Entity")   ? CLR_TYPE_ENTITY
	                                              : CLR_TYPE_UNKNOWN;
	/* the primary row's name, then the aliases ("aka", "Original Script",
	 * "Formerly known as") in the order of their references */
	s = clr__rows_field(t, pr, C_NAME, &n);
	if (!n)
		return clr__loader_fail(ld, pr->line, cols[C_NAME], CLR_EINPUT, "row has no name");
	if ((rc = clr__draft_name(ld, s, n, CLR_NAME_PRIMARY, cols[C_NAME])) < 0 || ld->failed_row)
		return rc;
	for (size_t i = 0; i < count; i++) {
		if (i == p)
			continue;
		ld->d.e.line = rows[i].line;
		s = clr__rows_field(t, &rows[i], C_NAME, &n);
		if (!n)
			return clr__loader_fail(ld, rows[i].line, cols[C_NAME], CLR_EINPUT, "row has no name");
		if ((rc = clr__draft_name(ld, s, n, CLR_NAME_ALIAS, cols[C_NAME])) < 0 || ld->failed_row)
			return rc;
	}
	ld->d.e.line = pr->line;
	/* the party's details, from its primary row (the alias rows repeat them) */
	static const struct {
		int col;
		int (*add)(clr_loader *, void *, const char *, size_t);
	} split[] = {{C_DOB, add_dob}, {C_POB, add_pob}, {C_CIT, add_citizenship}, {C_ADDR, add_address}};
	for (size_t k = 0; k < sizeof(split) / sizeof(*split); k++) {
		s = clr__rows_field(t, pr, (size_t)split[k].col, &n);
		if ((rc = clr__split_enum(ld, s, n, NULL, split[k].add)) < 0 || ld->failed_row)
			return rc;
	}
	s = clr__rows_field(t, pr, C_COMM, &n);
	if ((rc = clr__draft_program(ld, s, n, cols[C_COMM])) < 0 || ld->failed_row)
		return rc;
	s = clr__rows_field(t, pr, C_CONTROL, &n);
	char d[11];
	if (n && clr__parse_date(s, n, d) == 0 &&
	    ((rc = clr__draft_str(ld, &ld->d.e.start_date, d, 10, cols[C_CONTROL])) < 0 || ld->failed_row))
		return rc;
	/* remarks: the additional and the listing information */
	size_t ln;
	const char *info = clr__rows_field(t, pr, C_INFO, &n);
	const char *listing = clr__rows_field(t, pr, C_LISTING, &ln);
	clr__buf_clear(&ap->text);
	if (clr__buf_put(&ap->text, info, n) || (n && ln && clr__buf_puts(&ap->text, " ")) ||
	    (ln && (clr__buf_puts(&ap->text, "Listing: ") || clr__buf_put(&ap->text, listing, ln))))
		return clr__loader_fatal(ld, pr->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, ap->text.p, ap->text.len, cols[C_INFO])) < 0 ||
	    ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

int clr__parse_au_xlsx(clr_loader *ld, const char *buf, size_t len)
{
	au_parse ap = {.ld = ld};
	int rc = clr__xlsx_read(ld, buf, len, NULL, au_row, &ap);
	if (rc == 0 && !ap.header)
		rc = clr__loader_fatal(ld, 0, "Reference", CLR_EINPUT, "no header row naming 'Reference'");
	if (rc == 0) {
		ld->place = ap.place; /* entries are made after the sheet is read */
		rc = clr__rows_groups(&ap.rows, commit_group, &ap);
	}
	ld->place = NULL;
	clr__rows_free(&ap.rows);
	clr__buf_free(&ap.text);
	clr__draft_discard(ld);
	return rc;
}
