/*
 * uk_ofsi.c - the UK's OFSI Consolidated List of financial sanctions
 * targets, as XLSX or as its CSV twin (row 1 "Last Updated", row 2 the
 * header, then one row per name variant) into entries: one per Group ID,
 * whose rows may be anywhere in the file.  Owns the reading of the list's
 * columns (found by their header, not their place) and of its dates
 * ("00/00/1954": 00 is an unknown part).  The reading of the cells is
 * xlsx.c's or csv.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "rows.h"
#include "xlsx.h"

enum {
	C_N6, C_N1, C_N2, C_N3, C_N4, C_N5, C_TITLE, C_NONLATIN, C_DOB, C_TOWN, C_COB, C_NAT,
	C_PP, C_PPD, C_NID, C_NIDD, C_POSITION, C_A1, C_A2, C_A3, C_A4, C_A5, C_A6, C_POST,
	C_COUNTRY, C_OTHER, C_GTYPE, C_ATYPE, C_AQUAL, C_REGIME, C_LISTED, C_GID, NC
};
static const char *const cols[NC] = {
	"Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title",
	"Name Non-Latin Script", "DOB", "Town of Birth", "Country of Birth", "Nationality",
	"Passport Number", "Passport Details", "National Identification Number",
	"National Identification Details", "Position", "Address 1", "Address 2", "Address 3",
	"Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country", "Other Information",
	"Group Type", "Alias Type", "Alias Quality", "Regime", "Listed On", "Group ID"};
/* the columns without which no entry can be made */
static const int required[] = {C_N6, C_GID, C_GTYPE, C_ATYPE};

typedef struct uk_parse {
	clr_loader *ld;
	int header;             /* the header row was read */
	int at[NC];             /* column of each field, -1 when the file has none */
	int date1904;
	clr_rows rows;
	clr_buf text;           /* scratch */
	char listed[11];
	char place[136];        /* "Sheet!" for messages once the sheet is read */
} uk_parse;

static int header_row(uk_parse *up, size_t line, size_t nf, const char *const *v, const size_t *n)
{
	int seen = clr__rows_header(up->at, cols, NC, 0, nf, v, n);
	for (size_t k = 0; k < sizeof(required) / sizeof(*required); k++)
		if (up->at[required[k]] < 0)
			return clr__loader_fatal(up->ld, line, cols[required[k]], CLR_EINPUT,
			                         "the header has no column '%s'", cols[required[k]]);
	up->header = seen;
	return 0;
}

/* One row of the sheet or the CSV file; types NULL for CSV. */
static int uk_row(uk_parse *up, size_t line, size_t nf, const char *const *v, const size_t *n,
                  const unsigned char *types)
{
	clr_loader *ld = up->ld;
	if (!up->header) {
		if (nf && clr__eq_ci(v[0], n[0], "Last Updated"))
			return 0; /* the list's date, above the header */
		return header_row(up, line, nf, v, n);
	}
	size_t hits = 0;
	for (int c = 0; c < NC; c++)
		hits += up->at[c] >= 0 && (size_t)up->at[c] < nf &&
		        clr__eq_ci(v[up->at[c]], n[up->at[c]], cols[c]);
	if (hits == (size_t)up->header) {
		ld->report.header_repeats++;
		return 0;
	}
	ld->report.rows++;
	static const unsigned char is_date[NC] = {[C_DOB] = 1, [C_LISTED] = 1};
	const char *fv[NC];
	size_t fn[NC];
	char days[NC][11];
	clr__rows_pick(fv, fn, days, up->at, NC, is_date, nf, v, n, types, up->date1904);
	const char *gid = fv[C_GID];
	size_t gn = fn[C_GID];
	clr__trim(&gid, &gn);
	if (!gn) {
		int rc;
		if ((rc = clr__draft_begin(ld, line)) < 0)
			return rc;
		return clr__loader_fail(ld, line, "Group ID", CLR_EINPUT, "row has no Group ID");
	}
	return clr__rows_add(ld, &up->rows, line, gid, gn, NC, fv, fn);
}

static int xlsx_row(void *payload, const clr_xlsx_row *r)
{
	uk_parse *up = payload;
	up->date1904 = r->date1904;
	snprintf(up->place, sizeof(up->place), "%s", up->ld->place ? up->ld->place : "");
	return uk_row(up, r->row, r->nf, r->v, r->n, r->type);
}

static int csv_row(void *payload, const clr_csv_rec *rec)
{
	return uk_row(payload, rec->line, rec->nf, rec->v, rec->n, NULL);
}

size_t clr__uk_date(const char *s, size_t n, char out[11])
{
	clr__trim(&s, &n);
	if (n == 7 && s[2] == '/' && s[0] >= '0' && s[0] <= '1' && s[1] >= '0' && s[1] <= '9' &&
	    s[3] >= '1' && s[3] <= '2') /* "05/1973" */
		return s[0] == '0' && s[1] == '0' ? (size_t)snprintf(out, 11, "%.4s", s + 3)
		                                  : (size_t)snprintf(out, 11, "%.4s-%.2s", s + 3, s);
	if (n != 10 || s[2] != '/' || s[5] != '/')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int dd = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[3] - '0') * 10 + (s[4] - '0');
	if (!mm && dd)
		return 0;
	if (!mm)
		return (size_t)snprintf(out, 11, "%.4s", s + 6);
	if (!dd)
		return (size_t)snprintf(out, 11, "%.4s-%.2s", s + 6, s + 3);
	return (size_t)snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
}

/* One identifier of an enumeration ("(1) 223611 (2) C00146605"); payload
 * is its kind as the list names it. */
static int add_id(clr_loader *ld, void *payload, const char *s, size_t n)
{
	const char *type = payload;
	return clr__draft_evidence(ld, CLR_EV_ID, s, n, type, strlen(type), NULL, 0, type);
}

static int add_nationality(clr_loader *ld, void *payload, const char *s, size_t n)
{
	return clr__draft_evidence(ld, CLR_EV_NATIONALITY, s, n, NULL, 0, NULL, 0, "Nationality");
}

/* The name of a row: Name 1-5 then Name 6 (the surname, or the entity's
 * name), joined by spaces. */
static int row_name(uk_parse *up, const clr_row *r, clr_buf *out)
{
	const clr_rows *t = &up->rows;
	static const int order[] = {C_N1, C_N2, C_N3, C_N4, C_N5, C_N6};
	clr__buf_clear(out);
	for (size_t k = 0; k < 6; k++) {
		size_t n;
		const char *s = clr__rows_field(t, r, (size_t)order[k], &n);
		if (n && ((out->len && clr__buf_putc(out, ' ')) || clr__buf_put(out, s, n)))
			return clr__loader_fatal(up->ld, r->line, NULL, CLR_ENOMEM, "out of memory");
	}
	return 0;
}

static int row_evidence(uk_parse *up, const clr_row *r)
{
	clr_loader *ld = up->ld;
	const clr_rows *t = &up->rows;
	size_t n, n2;
	const char *s;
	int rc;
	char d[11];
	/* date of birth */
	s = clr__rows_field(t, r, C_DOB, &n);
	size_t dn = clr__uk_date(s, n, d);
	if ((rc = clr__draft_evidence(ld, CLR_EV_DOB, dn ? d : s, dn ? dn : n, NULL, 0, NULL, 0, "DOB")) < 0 ||
	    ld->failed_row)
		return rc;
	/* place of birth: town, country */
	s = clr__rows_field(t, r, C_TOWN, &n);
	const char *cob = clr__rows_field(t, r, C_COB, &n2);
	clr_buf *b = &up->text;
	clr__buf_clear(b);
	if (clr__buf_put(b, s, n) || (n && n2 && clr__buf_puts(b, ", ")) || clr__buf_put(b, cob, n2))
		return clr__loader_fatal(ld, r->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_evidence(ld, CLR_EV_POB, b->p, b->len, NULL, 0, NULL, 0, "Town of Birth")) < 0 ||
	    ld->failed_row)
		return rc;
	s = clr__rows_field(t, r, C_NAT, &n);
	if ((rc = clr__split_enum(ld, s, n, NULL, add_nationality)) < 0 || ld->failed_row)
		return rc;
	s = clr__rows_field(t, r, C_PP, &n);
	if ((rc = clr__split_enum(ld, s, n, (void *)"Passport", add_id)) < 0 || ld->failed_row)
		return rc;
	s = clr__rows_field(t, r, C_NID, &n);
	if ((rc = clr__split_enum(ld, s, n, (void *)"National Identification Number", add_id)) < 0 ||
	    ld->failed_row)
		return rc;
	/* the address: lines 1-6 and the post code, in its country */
	clr__buf_clear(b);
	for (int c = C_A1; c <= C_POST; c++) {
		s = clr__rows_field(t, r, (size_t)c, &n);
		if (n && ((b->len && clr__buf_puts(b, ", ")) || clr__buf_put(b, s, n)))
			return clr__loader_fatal(ld, r->line, NULL, CLR_ENOMEM, "out of memory");
	}
	s = clr__rows_field(t, r, C_COUNTRY, &n);
	if (b->len || n) {
		/* the same address on every row of a party is one address */
		for (size_t i = 0; i < ld->d.addrs.n; i++) {
			const clr_address *a = &ld->d.addrs.v[i];
			if ((a->address ? strlen(a->address) == b->len && !memcmp(a->address, b->p, b->len) : !b->len) &&
			    (a->country ? strlen(a->country) == n && !memcmp(a->country, s, n) : !n))
				goto listed;
		}
		if ((rc = clr__draft_address(ld, b->p, b->len, s, n, "Address 1")) < 0 || ld->failed_row)
			return rc;
	}
listed:
	s = clr__rows_field(t, r, C_REGIME, &n);
	if ((rc = clr__draft_program(ld, s, n, "Regime")) < 0 || ld->failed_row)
		return rc;
	s = clr__rows_field(t, r, C_LISTED, &n);
	if (n == 10 && s[4] == '-' && clr__parse_date(s, n, d) == 0)
		dn = 10; /* a serial date of the sheet, read as ISO */
	else if (n)
		dn = clr__uk_date(s, n, d);
	if (n) {
		if (dn != 10)
			return clr__loader_fail(ld, r->line, "Listed On", CLR_EINPUT, "'%.*s' is not a date",
			                        (int)(n < 40 ? n : 40), s);
		if (!up->listed[0] || strcmp(d, up->listed) < 0)
			memcpy(up->listed, d, sizeof(d));
	}
	return 0;
}

/* The kind of a row's name: "Primary name" (the first is the entry's),
 * "Primary name variation", "AKA", "FKA"; an alias of "Low quality" is weak. */
static clr_name_kind name_kind(const clr_rows *t, const clr_row *r, int *primary)
{
	size_t n, qn;
	const char *s = clr__rows_field(t, r, C_ATYPE, &n);
	const char *q = clr__rows_field(t, r, C_AQUAL, &qn);
	*primary = clr__eq_ci(s, n, "Primary name");
	return clr__eq_ci(q, qn, "Low quality") ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS;
}

static int commit_group(void *payload, size_t first, size_t count)
{
	uk_parse *up = payload;
	clr_loader *ld = up->ld;
	const clr_rows *t = &up->rows;
	const clr_row *rows = &t->rows.v[first];
	clr_buf name = {0};
	size_t n;
	int rc, primary;
	const char *s;
	if ((rc = clr__draft_begin(ld, rows[0].line)) < 0)
		return rc;
	up->listed[0] = '\0';
	ld->d.e.source = "UK";
	ld->d.e.source_name = "UK OFSI Consolidated List of Financial Sanctions Targets";
	clr__buf_clear(&up->text);
	s = clr__rows_field(t, &rows[0], C_GID, &n);
	if (clr__buf_puts(&up->text, "uk:") || clr__buf_put(&up->text, s, n))
		goto nomem;
	if ((rc = clr__draft_str(ld, &ld->d.e.id, up->text.p, up->text.len, "Group ID")) < 0 ||
	    ld->failed_row)
		goto out;
	s = clr__rows_field(t, &rows[0], C_GTYPE, &n);
	ld->d.e.type = clr__eq_ci(s, n, "Individual") ? CLR_TYPE_PERSON
	               : clr__eq_ci(s, n, "Entity")   ? CLR_TYPE_ENTITY
	               : clr__eq_ci(s, n, "Ship")     ? CLR_TYPE_VESSEL
	                                              : CLR_TYPE_UNKNOWN;
	/* the primary name first: the first "Primary name" row, else the first row */
	size_t p = 0;
	for (size_t i = 0; i < count; i++) {
		(void)name_kind(t, &rows[i], &primary);
		if (primary) {
			p = i;
			break;
		}
	}
	if ((rc = row_name(up, &rows[p], &name)) < 0)
		goto out;
	if (!name.len) {
		rc = clr__loader_fail(ld, rows[p].line, "Name 6", CLR_EINPUT, "row has no name");
		goto out;
	}
	if ((rc = clr__draft_name(ld, name.p, name.len, CLR_NAME_PRIMARY, "Name 6")) < 0 || ld->failed_row)
		goto out;
	for (size_t i = 0; i < count; i++) {
		const clr_row *r = &rows[i];
		ld->d.e.line = r->line; /* messages name the row at fault */
		clr_name_kind kind = name_kind(t, r, &primary);
		if ((rc = row_name(up, r, &name)) < 0)
			goto out;
		if (!name.len) {
			rc = clr__loader_fail(ld, r->line, "Name 6", CLR_EINPUT, "row has no name");
			goto out;
		}
		if ((rc = clr__draft_name(ld, name.p, name.len, kind, "Name 6")) < 0 || ld->failed_row)
			goto out;
		s = clr__rows_field(t, r, C_NONLATIN, &n);
		if ((rc = clr__draft_name(ld, s, n, CLR_NAME_ALIAS, "Name Non-Latin Script")) < 0 ||
		    ld->failed_row || (rc = row_evidence(up, r)) < 0 || ld->failed_row)
			goto out;
	}
	ld->d.e.line = rows[0].line;
	if (up->listed[0] && (rc = clr__draft_str(ld, &ld->d.e.start_date, up->listed, 10, "Listed On")) < 0)
		goto out;
	/* remarks: title, position, the list's other information */
	clr__buf_clear(&up->text);
	static const int rem[] = {C_TITLE, C_POSITION, C_OTHER};
	static const char *const label[] = {"Title: ", "Position: ", ""};
	for (size_t k = 0; k < 3; k++) {
		s = clr__rows_field(t, &rows[p], (size_t)rem[k], &n);
		if (n && ((up->text.len && clr__buf_puts(&up->text, " ")) ||
		          clr__buf_puts(&up->text, label[k]) || clr__buf_put(&up->text, s, n) ||
		          (k < 2 && clr__buf_puts(&up->text, "."))))
			goto nomem;
	}
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, up->text.p, up->text.len, "Other Information")) < 0 ||
	    ld->failed_row)
		goto out;
	rc = clr__draft_commit(ld);
out:
	clr__buf_free(&name);
	return rc;
nomem:
	clr__buf_free(&name);
	return clr__loader_fatal(ld, rows[0].line, NULL, CLR_ENOMEM, "out of memory");
}

static int finish(uk_parse *up, int rc)
{
	clr_loader *ld = up->ld;
	if (rc == 0 && !up->header)
		rc = clr__loader_fatal(ld, 0, "Group ID", CLR_EINPUT, "no header row naming 'Group ID'");
	if (rc == 0)
		rc = clr__rows_groups(&up->rows, commit_group, up);
	clr__rows_free(&up->rows);
	clr__buf_free(&up->text);
	clr__draft_discard(ld);
	return rc;
}

int clr__parse_uk_xlsx(clr_loader *ld, const char *buf, size_t len)
{
	uk_parse up = {.ld = ld};
	int rc = clr__xlsx_read(ld, buf, len, NULL, xlsx_row, &up);
	if (rc == 0 && up.place[0])
		ld->place = up.place; /* groups are made after the sheet is read */
	rc = finish(&up, rc);
	ld->place = NULL;
	return rc;
}

int clr__parse_uk_csv(clr_loader *ld, const char *buf, size_t len)
{
	uk_parse up = {.ld = ld};
	clr_csv_opts o = {.delim = ',', .row = csv_row, .payload = &up};
	return finish(&up, clr__csv_each(ld, buf, len, &o));
}
