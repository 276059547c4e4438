/*
 * eu_csv.c - the EU Financial Sanctions File in its semicolon CSV layout
 * into entries: a header of named columns (found by their names, in any
 * order; others ignored), then one row per combination of an entity's name
 * alias, address, birth date, identification and citizenship, every row
 * under its Entity_LogicalId.  Owns the columns and the grouping: rows are
 * kept until the file is read (an entity's rows need not be consecutive),
 * then each record of an entity is handed once to eu.c, as the XML reader
 * hands its elements, so both layouts give the same entry.  The reading of
 * the cells is csv.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "eu.h"
#include "rows.h"

enum {
	C_LID, C_REF, C_UN, C_DESIG, C_REMARK, C_STYPE, C_SCODE, C_RPUB, C_RFORCE, C_RTITLE,
	C_RPROG,
	C_NLAST, C_NFIRST, C_NMID, C_NWHOLE, C_NLANG, C_NGENDER, C_NREMARK, C_NLID,
	C_ACITY, C_ASTREET, C_APOBOX, C_AZIP, C_AREGION, C_APLACE, C_ACC, C_ALID,
	C_BDATE, C_BMONTH, C_BYEAR, C_BFROM, C_BTO, C_BCIRCA, C_BCAL, C_BREGION, C_BPLACE,
	C_BCITY, C_BCC, C_BCD, C_BLID,
	C_INUM, C_ILATIN, C_ICODE, C_IDESC, C_ICC, C_ILID,
	C_CCC, C_CLID, NC
};
static const char *const cols[NC] = {
	"Entity_LogicalId", "Entity_EU_ReferenceNumber", "Entity_UnitedNationId",
	"Entity_DesignationDate", "Entity_Remark", "Entity_SubjectType",
	"Entity_SubjectType_ClassificationCode", "Entity_Regulation_PublicationDate",
	"Entity_Regulation_EntryIntoForceDate", "Entity_Regulation_NumberTitle",
	"Entity_Regulation_Programme",
	"NameAlias_LastName", "NameAlias_FirstName", "NameAlias_MiddleName", "NameAlias_WholeName",
	"NameAlias_NameLanguage", "NameAlias_Gender", "NameAlias_Remark", "NameAlias_LogicalId",
	"Address_City", "Address_Street", "Address_PoBox", "Address_ZipCode", "Address_Region",
	"Address_Place", "Address_CountryIso2Code", "Address_LogicalId",
	"BirthDate_BirthDate", "BirthDate_Month", "BirthDate_Year", "BirthDate_YearRangeFrom",
	"BirthDate_YearRangeTo", "BirthDate_Circa", "BirthDate_CalendarType", "BirthDate_Region",
	"BirthDate_Place", "BirthDate_City", "BirthDate_CountryIso2Code",
	"BirthDate_CountryDescription", "BirthDate_LogicalId",
	"Identification_Number", "Identification_LatinNumber", "Identification_TypeCode",
	"Identification_TypeDescription", "Identification_CountryIso2Code",
	"Identification_LogicalId",
	"Citizenship_CountryIso2Code", "Citizenship_LogicalId"};
/* the dates of the listing: the file writes its own date DD/MM/YYYY, so a
 * date with slashes is read day first */
static const unsigned char dmy[NC] = {[C_DESIG] = 1, [C_RPUB] = 1, [C_RFORCE] = 1};
static const unsigned char no_dates[NC];

/* A kind of record: its fields by their XML names, its LogicalId column
 * (-1: none; two rows of one id are one record) and what reads it. */
typedef struct eu_kind {
	struct {
		const char *attr;
		int col;
	} f[14];                 /* up to a NULL attr */
	int lid;
	int (*read)(clr_eu_entity *eu, const clr_eu_fields *f);
} eu_kind;

static int read_remark(clr_eu_entity *eu, const clr_eu_fields *f)
{
	size_t n;
	const char *s = f->get(f->src, "remark", &n);
	return clr_eu__remark(eu, s, n);
}

static int read_name(clr_eu_entity *eu, const clr_eu_fields *f)
{
	int rc = clr_eu__name(eu, f);
	size_t n;
	const char *s = f->get(f->src, "remark", &n);
	if (rc == 0 && !eu->ld->failed_row)
		clr_eu__name_remark(eu, s, n);
	return rc;
}

static const eu_kind entity = {
	{{"logicalId", C_LID}, {"euReferenceNumber", C_REF}, {"unitedNationId", C_UN},
	 {"designationDate", C_DESIG}},
	-1, NULL};
/* The records, in the order the XML gives them (the entry's evidence and
 * countries come out in the same order). */
static const eu_kind kinds[] = {
	{{{"remark", C_REMARK}}, -1, read_remark},
	{{{"programme", C_RPROG}, {"numberTitle", C_RTITLE}, {"publicationDate", C_RPUB},
	  {"entryIntoForceDate", C_RFORCE}},
	 -1, clr_eu__regulation},
	{{{"wholeName", C_NWHOLE}, {"firstName", C_NFIRST}, {"middleName", C_NMID},
	  {"lastName", C_NLAST}, {"nameLanguage", C_NLANG}, {"gender", C_NGENDER},
	  {"remark", C_NREMARK}},
	 C_NLID, read_name},
	{{{"countryIso2Code", C_CCC}}, C_CLID, clr_eu__citizenship},
	{{{"birthdate", C_BDATE}, {"monthOfYear", C_BMONTH}, {"year", C_BYEAR},
	  {"yearRangeFrom", C_BFROM}, {"yearRangeTo", C_BTO}, {"circa", C_BCIRCA},
	  {"calendarType", C_BCAL}, {"city", C_BCITY}, {"place", C_BPLACE}, {"region", C_BREGION},
	  {"countryIso2Code", C_BCC}, {"countryDescription", C_BCD}},
	 C_BLID, clr_eu__birth},
	{{{"street", C_ASTREET}, {"poBox", C_APOBOX}, {"city", C_ACITY}, {"zipCode", C_AZIP},
	  {"region", C_AREGION}, {"place", C_APLACE}, {"countryIso2Code", C_ACC}},
	 C_ALID, clr_eu__address},
	{{{"number", C_INUM}, {"latinNumber", C_ILATIN}, {"identificationTypeCode", C_ICODE},
	  {"identificationTypeDescription", C_IDESC}, {"countryIso2Code", C_ICC}},
	 C_ILID, clr_eu__identification},
};
#define NKINDS (sizeof(kinds) / sizeof(*kinds))

/* A record of one row: its key (the kind's LogicalId, or its fields when
 * the export has none) in eu_csv.keys. */
typedef struct rec_key {
	clr_span key;
	size_t row;
} rec_key;

typedef struct eu_csv {
	clr_loader *ld;
	clr_csv_opts *o;
	int header;                   /* the header row was read */
	int at[NC];                   /* column of each field, -1 when the file has none */
	clr_rows rows;
	clr_buf hpool;                /* the header's names, for messages */
	const char *hname[CLR_MAX_FIELDS];
	clr_eu_entity eu;
	clr_buf keys;                 /* the records of one kind of the entity */
	CLR_VEC(rec_key) recs;
	CLR_VEC(unsigned char) fresh; /* a row of the entity holds a record first */
} eu_csv;

/* The fields of a record: the first of rows that has one (the entity's
 * fields are on each of its rows; a record's rows are one). */
typedef struct csv_src {
	const clr_rows *t;
	const clr_row *rows;
	size_t count;
	const eu_kind *k;
	char day[11];
} csv_src;

static int col_of(const eu_kind *k, const char *attr)
{
	for (size_t i = 0; i < sizeof(k->f) / sizeof(*k->f) && k->f[i].attr; i++)
		if (!strcmp(k->f[i].attr, attr))
			return k->f[i].col;
	return -1;
}

static const char *first_of(const csv_src *s, int c, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < s->count && c >= 0; i++) {
		const char *v = clr__rows_field(s->t, &s->rows[i], (size_t)c, n);
		if (*n)
			return v;
	}
	return "";
}

static const char *csv_get(void *src, const char *attr, size_t *n)
{
	csv_src *s = src;
	int c = col_of(s->k, attr);
	const char *v = first_of(s, c, n);
	char iso[11];
	if (c >= 0 && dmy[c] && *n == 10 && v[2] == '/' && v[5] == '/' &&
	    clr__uk_date(v, *n, s->day) == 10 && clr__parse_date(s->day, 10, iso) == 0)
		return s->day; /* "24/03/2011" */
	return v;
}

static const char *csv_name(void *src, const char *attr)
{
	const csv_src *s = src;
	int c = col_of(s->k, attr);
	return c >= 0 ? cols[c] : attr;
}

static int header_row(eu_csv *ec, const clr_csv_rec *rec)
{
	clr_loader *ld = ec->ld;
	int seen = clr__rows_header(ec->at, cols, NC, 0, rec->nf, rec->v, rec->n);
	if (ec->at[C_LID] < 0)
		return clr__loader_fatal(ld, rec->line, cols[C_LID], CLR_EINPUT,
		                         "the header has no column '%s'", cols[C_LID]);
	if (ec->at[C_NWHOLE] < 0 && ec->at[C_NLAST] < 0 && ec->at[C_NFIRST] < 0 &&
	    ec->at[C_NMID] < 0)
		return clr__loader_fatal(ld, rec->line, cols[C_NWHOLE], CLR_EINPUT,
		                         "the header has no column '%s' (nor the name's parts)",
		                         cols[C_NWHOLE]);
	/* the header's names, so that a row's bad cell is named by its column */
	size_t off[CLR_MAX_FIELDS];
	for (size_t i = 0; i < rec->nf; i++) {
		off[i] = ec->hpool.len;
		if (clr__buf_put(&ec->hpool, rec->v[i], rec->n[i]) || clr__buf_putc(&ec->hpool, '\0'))
			return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < rec->nf; i++)
		ec->hname[i] = ec->hpool.p + off[i];
	ec->o->names = ec->hname;
	ec->o->nnames = rec->nf;
	ec->header = seen;
	return 0;
}

static int csv_row(void *payload, const clr_csv_rec *rec)
{
	eu_csv *ec = payload;
	clr_loader *ld = ec->ld;
	if (!ec->header)
		return header_row(ec, rec);
	const char *fv[NC];
	size_t fn[NC];
	char days[NC][11];
	clr__rows_pick(fv, fn, days, ec->at, NC, no_dates, rec->nf, rec->v, rec->n, NULL, 0);
	const char *lid = fv[C_LID];
	size_t ln = fn[C_LID];
	clr__trim(&lid, &ln);
	if (clr__eq_ci(lid, ln, cols[C_LID])) {
		ld->report.header_repeats++;
		return 0;
	}
	ld->report.rows++;
	if (!ln) {
		int rc;
		if ((rc = clr__draft_begin(ld, rec->line)) < 0)
			return rc;
		return clr__loader_fail(ld, rec->line, cols[C_LID], CLR_EINPUT,
		                        "row has no Entity_LogicalId");
	}
	return clr__rows_add(ld, &ec->rows, rec->line, lid, ln, NC, fv, fn);
}

static int cmp_key(const void *a, const void *b, void *payload)
{
	const clr_buf *keys = payload;
	const rec_key *x = a, *y = b;
	size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
	int c = memcmp(keys->p + x->key.off, keys->p + y->key.off, n);
	if (!c)
		c = x->key.len < y->key.len ? -1 : x->key.len > y->key.len;
	if (!c)
		c = x->row < y->row ? -1 : x->row > y->row;
	return c;
}

/* Marks fresh[i] for each of the entity's rows that holds a record of kind
 * k no earlier row holds: sorted by key, so that an entity of many rows
 * costs n log n, not n times its records. */
static int mark_records(eu_csv *ec, const eu_kind *k, const clr_row *rows, size_t count)
{
	const clr_rows *t = &ec->rows;
	clr_buf *b = &ec->keys;
	clr__buf_clear(b);
	ec->recs.n = 0;
	for (size_t r = 0; r < count; r++) {
		size_t n = 0, start = b->len;
		const char *s = k->lid >= 0 ? clr__rows_field(t, &rows[r], (size_t)k->lid, &n) : "";
		int any = n > 0, mem = 0;
		if (n)
			mem |= clr__buf_putc(b, 'L') | clr__buf_put(b, s, n);
		else {
			mem |= clr__buf_putc(b, 'V');
			for (size_t i = 0; i < sizeof(k->f) / sizeof(*k->f) && k->f[i].attr; i++) {
				s = clr__rows_field(t, &rows[r], (size_t)k->f[i].col, &n);
				any |= n > 0;
				mem |= clr__buf_put(b, s, n) | clr__buf_putc(b, '\x1f');
			}
		}
		rec_key rk = {{start, b->len - start}, r};
		if (mem || (any && clr__vec_push(ec->recs, rk)))
			return clr__loader_fatal(ec->ld, rows[r].line, NULL, CLR_ENOMEM, "out of memory");
		if (!any)
			b->len = start; /* no record of this kind on the row */
	}
	if (ec->recs.n > 1)
		qsort_r(ec->recs.v, ec->recs.n, sizeof(rec_key), cmp_key, b);
	memset(ec->fresh.v, 0, count);
	for (size_t i = 0; i < ec->recs.n; i++) {
		const rec_key *x = &ec->recs.v[i], *p = i ? &ec->recs.v[i - 1] : NULL;
		if (!p || p->key.len != x->key.len ||
		    memcmp(b->p + p->key.off, b->p + x->key.off, x->key.len))
			ec->fresh.v[x->row] = 1;
	}
	return 0;
}

/* subjectType: "person"/"enterprise", or "P"/"E", in whichever column */
static void read_type(eu_csv *ec, const csv_src *s)
{
	static const int c[] = {C_SCODE, C_STYPE};
	for (size_t i = 0; i < 2; i++) {
		size_t n;
		const char *v = first_of(s, c[i], &n);
		if (clr__eq_ci(v, n, "person") || clr__eq_ci(v, n, "P"))
			return clr_eu__type(&ec->eu, "person", 6);
		if (clr__eq_ci(v, n, "enterprise") || clr__eq_ci(v, n, "E"))
			return clr_eu__type(&ec->eu, "enterprise", 10);
	}
}

static int commit_group(void *payload, size_t first, size_t count)
{
	eu_csv *ec = payload;
	clr_loader *ld = ec->ld;
	const clr_row *rows = &ec->rows.rows.v[first];
	csv_src s = {&ec->rows, rows, count, &entity, ""};
	clr_eu_fields f = {csv_get, csv_name, &s};
	int rc;
	if ((rc = clr_eu__begin(&ec->eu, rows[0].line, &f)) < 0 || ld->failed_row)
		return rc;
	read_type(ec, &s);
	ec->fresh.n = 0;
	if (clr__vec_reserve(ec->fresh, count))
		return clr__loader_fatal(ld, rows[0].line, NULL, CLR_ENOMEM, "out of memory");
	for (size_t k = 0; k < NKINDS; k++) {
		if ((rc = mark_records(ec, &kinds[k], rows, count)) < 0)
			return rc;
		for (size_t i = 0; i < count; i++) {
			if (!ec->fresh.v[i])
				continue;
			s = (csv_src){&ec->rows, &rows[i], 1, &kinds[k], ""};
			ec->eu.line = ld->d.e.line = rows[i].line; /* messages name the row at fault */
			if ((rc = kinds[k].read(&ec->eu, &f)) < 0 || ld->failed_row)
				return rc;
		}
	}
	ec->eu.line = ld->d.e.line = rows[0].line;
	return clr_eu__commit(&ec->eu, cols[C_NWHOLE], cols[C_NWHOLE]);
}

int clr__parse_eu_csv(clr_loader *ld, const char *buf, size_t len)
{
	clr_csv_opts o = {.delim = ';', .row = csv_row};
	eu_csv ec = {.ld = ld, .o = &o, .eu = {.ld = ld}};
	o.payload = &ec;
	int rc = clr__csv_each(ld, buf, len, &o);
	if (rc == 0 && !ec.header)
		rc = clr__loader_fatal(ld, 0, cols[C_LID], CLR_EINPUT,
		                       "no header row naming 'Entity_LogicalId'");
	if (rc == 0)
		rc = clr__rows_groups_in_order(ld, &ec.rows, commit_group, &ec);
	clr__rows_free(&ec.rows);
	clr__buf_free(&ec.hpool);
	clr__buf_free(&ec.keys);
	clr__vec_free(ec.recs);
	clr__vec_free(ec.fresh);
	clr_eu__free(&ec.eu);
	clr__draft_discard(ld);
	return rc;
}
