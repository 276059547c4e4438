/*
 * csl_csv.c - the trade.gov Consolidated Screening List CSV (2022 and 2025
 * layouts) and the CSL field mappings shared with csl_json.c.  Tokenising is
 * libcsv's (strict mode), fed one physical line at a time so that every
 * message names the line where the record starts.  Must never guess a
 * column by position, nor keep a row whose shape is wrong.
 */
#include <csv.h>
#include <stdlib.h>

#include "csl.h"

/* Full re-reads of the tail after an unterminated quote, in lenient mode:
 * each costs one pass over the rest of the file. */
#define MAX_EOF_RESTARTS 16
#define NO_COL ((size_t)-1)

/* ---- field mappings shared with csl_json.c ---------------------------- */

#define TRY(expr) do { int rc_ = (expr); if (rc_ < 0 || ld->failed_row) return rc_; } while (0)

static int at_ci(const char *s, size_t n, size_t i, const char *z)
{
	size_t k = strlen(z);
	return k <= n && i <= n - k && clr__eq_ci(s + i, k, z);
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A value short and plain enough to quote in a message. */
static int quotable(const char *s, size_t n)
{
	if (n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* "Entity List (EL) - Bureau of Industry and Security" -> source "EL" and
 * source_name the whole text; "(NS-MBS List)" -> "MBS". */
int clr_csl__source(clr_loader *ld, const char *s, size_t n, const char *field)
{
	clr__trim(&s, &n);
	TRY(clr__draft_str(ld, &ld->d.e.source_name, s, n, field));
	const char *code = s, *o = n ? memchr(s, '(', n) : NULL;
	size_t nc = n;
	if (o) {
		const char *c = memchr(o, ')', n - (size_t)(o - s));
		if (c && c > o + 1) {
			code = o + 1;
			nc = (size_t)(c - code);
		}
	}
	clr__trim(&code, &nc);
	if (code != s && nc > 5 && clr__eq_ci(code + nc - 5, 5, " list"))
		nc -= 5;
	if (code != s && nc > 3 && clr__eq_ci(code, 3, "ns-"))
		code += 3, nc -= 3;
	return clr__draft_str(ld, &ld->d.e.source, code, nc, field);
}

/* The mapping of clr_type_parse(), on a length-carrying view (that one lives
 * in the match module and wants a C string). */
void clr_csl__type(clr_loader *ld, const char *s, size_t n)
{
	clr__trim(&s, &n);
	if (clr__eq_ci(s, n, "individual") || clr__eq_ci(s, n, "person"))
		ld->d.e.type = CLR_TYPE_PERSON;
	else if (clr__eq_ci(s, n, "entity") || clr__eq_ci(s, n, "organization") ||
	         clr__eq_ci(s, n, "company"))
		ld->d.e.type = CLR_TYPE_ENTITY;
	else if (clr__eq_ci(s, n, "vessel"))
		ld->d.e.type = CLR_TYPE_VESSEL;
	else if (clr__eq_ci(s, n, "aircraft"))
		ld->d.e.type = CLR_TYPE_AIRCRAFT;
	else
		ld->d.e.type = CLR_TYPE_UNKNOWN;
}

/* Empty stays NULL; a non-empty value that is no date fails the row.
 * pfx goes in front of the message ("result 12: " for JSON). */
int clr_csl__date(clr_loader *ld, const char **dst, const char *s, size_t n, const char *field,
                  const char *pfx)
{
	char iso[11];
	*dst = NULL;
	if (ld->failed_row || !s)
		return 0;
	clr__trim(&s, &n);
	if (!n)
		return 0;
	if (clr__parse_date(s, n, iso) != 0) {
		int q = quotable(s, n);
		return clr__loader_fail(ld, ld->d.e.line, field, CLR_EINPUT,
		                        "%sunrecognised date%s%.*s%s", pfx, q ? " '" : "",
		                        q ? (int)n : 0, s, q ? "'" : "");
	}
	return clr__draft_str(ld, dst, iso, 10, field);
}

static int date_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '/')
			return 0;
	return n > 0;
}

static int add_citation(clr_loader *ld, const char *s, size_t n, const char *field)
{
	clr__trim(&s, &n);
	while (n && (s[n - 1] == '.' || s[n - 1] == ',' || is_ws((unsigned char)s[n - 1])))
		n--;
	return n ? clr__draft_citation(ld, s, n, field) : 0;
}

/* Citations are separated by ';' or line breaks ("75 FR 1701, 1/13/10.\n77 FR
 * 24590, 4/25/12"); a line holding only a date ("77 FR 23116\n4/18/12")
 * belongs to the citation before it. */
int clr_csl__citations(clr_loader *ld, const char *s, size_t n, const char *field)
{
	const char *prev = NULL;
	size_t nprev = 0, start = 0;
	clr_buf b = {0};
	int rc = 0;
	if (ld->failed_row || !s)
		return 0;
	for (size_t i = 0; i <= n && rc >= 0 && !ld->failed_row; i++) {
		if (i < n && s[i] != ';' && s[i] != '\n')
			continue;
		const char *p = s + start;
		size_t m = i - start, k = m;
		int after_nl = start > 0 && s[start - 1] == '\n';
		start = i + 1;
		clr__trim(&p, &m);
		while (k && (p[k - 1] == '.' || is_ws((unsigned char)p[k - 1])))
			k--;
		if (k > m)
			k = m;
		if (!m)
			continue;
		if (prev && after_nl && date_only(p, k)) {
			clr__buf_clear(&b);
			if (clr__buf_put(&b, prev, nprev) || clr__buf_put(&b, ", ", 2) ||
			    clr__buf_put(&b, p, k)) {
				rc = clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM, "out of memory");
				break;
			}
			rc = add_citation(ld, b.p, b.len, field);
			prev = NULL;
			continue;
		}
		if (prev)
			rc = add_citation(ld, prev, nprev, field);
		prev = p, nprev = m;
	}
	if (rc >= 0 && !ld->failed_row && prev)
		rc = add_citation(ld, prev, nprev, field);
	clr__buf_free(&b);
	return rc;
}

/* Remarks are kept; "country: China" in them (entity-list re-lays) is a country. */
int clr_csl__remarks(clr_loader *ld, const char *s, size_t n, const char *field)
{
	if (ld->failed_row || !s)
		return 0;
	TRY(clr__draft_str(ld, &ld->d.e.remarks, s, n, field));
	for (size_t i = 0; i < n; i++) {
		if (i && !is_ws((unsigned char)s[i - 1]) && s[i - 1] != ';' && s[i - 1] != '(')
			continue;
		if (!at_ci(s, n, i, "country:"))
			continue;
		size_t b = i + 8, e = b;
		while (e < n && s[e] != ';' && s[e] != '\n' && s[e] != ')')
			e++;
		const char *v = s + b;
		size_t m = e - b;
		clr__trim(&v, &m);
		while (m && v[m - 1] == '.')
			m--;
		if (m)
			TRY(clr__draft_country(ld, v, m, field));
		i = e;
	}
	return 0;
}

/* One address ("..., Kabul, Afghanistan" or a bare "SY"): its country is the
 * last comma-separated part, after any trailing "(See ...)" note. */
int clr_csl__address(clr_loader *ld, const char *s, size_t n, const char *field)
{
	clr__trim(&s, &n);
	if (at_ci(s, n, 0, "and "))
		s += 4, n -= 4;
	clr__trim(&s, &n);
	const char *t = s;
	size_t m = n;
	while (m && (t[m - 1] == '.' || is_ws((unsigned char)t[m - 1])))
		m--;
	if (m && t[m - 1] == ')') {
		const char *o = NULL;
		for (size_t i = 0; i < m; i++)
			if (t[i] == '(')
				o = t + i;
		if (o)
			m = (size_t)(o - t);
	}
	while (m && (t[m - 1] == '.' || t[m - 1] == ',' || is_ws((unsigned char)t[m - 1])))
		m--;
	for (size_t i = m; i > 0; i--)
		if (t[i - 1] == ',') {
			t += i;
			m -= i;
			break;
		}
	clr__trim(&t, &m);
	const char *cc = m ? clr__country_code(t, m) : NULL;
	return clr__draft_address(ld, s, n, cc, cc ? strlen(cc) : 0, field);
}

int clr_csl__dob(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return clr__draft_evidence(ld, CLR_EV_DOB, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__pob(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return clr__draft_evidence(ld, CLR_EV_POB, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__nationality(clr_loader *ld, const char *s, size_t n, const char *field)
{
	int rc = clr__draft_country(ld, s, n, field);
	if (rc < 0 || ld->failed_row)
		return rc;
	return clr__draft_evidence(ld, CLR_EV_NATIONALITY, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__citizenship(clr_loader *ld, const char *s, size_t n, const char *field)
{
	int rc = clr__draft_country(ld, s, n, field);
	if (rc < 0 || ld->failed_row)
		return rc;
	return clr__draft_evidence(ld, CLR_EV_CITIZENSHIP, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__call_sign(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return clr__draft_evidence(ld, CLR_EV_CALL_SIGN, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__flag(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return clr__draft_evidence(ld, CLR_EV_FLAG, s, n, NULL, 0, NULL, 0, field);
}

int clr_csl__alias(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return clr__draft_listed_names(ld, s, n, CLR_NAME_ALIAS, field);
}

/* ---- CSV --------------------------------------------------------------- */

enum {
	C_ID, C_SOURCE, C_TYPE, C_PROGRAMS, C_NAME, C_ADDRESSES, C_FRN, C_START, C_END,
	C_LREQ, C_LPOL, C_REMARKS, C_ALT, C_CITIZEN, C_NATION, C_DOB, C_POB, C_IDS, C_CALL,
	C_VFLAG, NCOLS
};

static const char *const col_names[NCOLS] = {
	"_id", "source", "type", "programs", "name", "addresses", "federal_register_notice",
	"start_date", "end_date", "license_requirement", "license_policy", "remarks",
	"alt_names", "citizenships", "nationalities", "dates_of_birth", "places_of_birth", "ids",
	"call_sign", "vessel_flag",
};

typedef struct span {
	size_t off, len;
} span;

typedef struct csv_state {
	clr_loader *ld;
	int rc;               /* first error that stops the parse */
	size_t line;          /* physical line being fed (1-based) */
	size_t row_line;      /* line where the current record starts */
	size_t row_off;       /* its byte offset */
	int have_header;
	size_t ncols;         /* header fields */
	clr_buf hdr;          /* header texts */
	span hf[CLR_MAX_FIELDS];
	size_t col[NCOLS];    /* header index of each mapped column, NO_COL when absent */
	clr_buf row;          /* current record's fields */
	span f[CLR_MAX_FIELDS];
	size_t nf;            /* fields seen in the current record (may exceed CLR_MAX_FIELDS) */
	size_t long_col;      /* first field over CLR_MAX_FIELD_BYTES, NO_COL when none */
	size_t long_len;
} csv_state;

static const char *hdr_name(const csv_state *st, size_t i)
{
	return st->have_header && i < st->ncols ? st->hdr.p + st->hf[i].off : NULL;
}

static void row_reset(csv_state *st)
{
	st->nf = 0;
	st->long_col = NO_COL;
	clr__buf_clear(&st->row);
}

static void cb_field(void *p, size_t len, void *data)
{
	csv_state *st = data;
	const char *s = p ? p : "";
	if (st->rc < 0)
		return;
	if (st->nf < CLR_MAX_FIELDS) {
		if (len > CLR_MAX_FIELD_BYTES) {
			if (st->long_col == NO_COL)
				st->long_col = st->nf, st->long_len = len;
			len = 0;
		}
		clr__trim(&s, &len);
		st->f[st->nf].off = st->row.len;
		st->f[st->nf].len = len;
		/* NUL-terminate each field: header names are used as C strings */
		if (clr__buf_put(&st->row, s, len) || clr__buf_putc(&st->row, '\0'))
			st->rc = clr__loader_fatal(st->ld, st->row_line, NULL, CLR_ENOMEM, "out of memory");
	}
	st->nf++;
}

static const char *fld(const csv_state *st, size_t i, size_t *n)
{
	*n = 0;
	if (i == NO_COL || i >= st->nf || i >= CLR_MAX_FIELDS)
		return NULL;
	*n = st->f[i].len;
	return st->row.p + st->f[i].off;
}

static int row_blank(const csv_state *st)
{
	if (st->long_col != NO_COL)
		return 0;
	for (size_t i = 0; i < st->nf && i < CLR_MAX_FIELDS; i++)
		if (st->f[i].len)
			return 0;
	return st->nf <= CLR_MAX_FIELDS;
}

static int read_header(csv_state *st)
{
	clr_loader *ld = st->ld;
	if (st->nf > CLR_MAX_FIELDS)
		return clr__loader_fatal(ld, st->row_line, NULL, CLR_ELIMIT,
		                         "header of %zu columns exceeds the limit of %u", st->nf,
		                         CLR_MAX_FIELDS);
	if (st->long_col != NO_COL)
		return clr__loader_fatal(ld, st->row_line, NULL, CLR_ELIMIT,
		                         "header field %zu exceeds %u bytes", st->long_col + 1,
		                         CLR_MAX_FIELD_BYTES);
	clr__buf_clear(&st->hdr);
	if (st->row.len && clr__buf_put(&st->hdr, st->row.p, st->row.len))
		return clr__loader_fatal(ld, st->row_line, NULL, CLR_ENOMEM, "out of memory");
	memcpy(st->hf, st->f, sizeof(st->f));
	st->ncols = st->nf;
	st->have_header = 1;
	for (size_t c = 0; c < NCOLS; c++) {
		st->col[c] = NO_COL;
		for (size_t i = 0; i < st->ncols && st->col[c] == NO_COL; i++)
			if (clr__eq_ci(st->hdr.p + st->hf[i].off, st->hf[i].len, col_names[c]))
				st->col[c] = i;
	}
	static const int required[] = {C_ID, C_SOURCE, C_NAME};
	for (size_t k = 0; k < sizeof(required) / sizeof(*required); k++)
		if (st->col[required[k]] == NO_COL)
			return clr__loader_fatal(ld, st->row_line, col_names[required[k]], CLR_EINPUT,
			                         "required column '%s' missing from the header",
			                         col_names[required[k]]);
	return 0;
}

static int is_header_repeat(const csv_state *st)
{
	if (st->nf != st->ncols)
		return 0;
	for (size_t i = 0; i < st->nf; i++)
		if (st->f[i].len != st->hf[i].len ||
		    memcmp(st->row.p + st->f[i].off, st->hdr.p + st->hf[i].off, st->f[i].len))
			return 0;
	return 1;
}

static int stage_row(csv_state *st)
{
	clr_loader *ld = st->ld;
	const char *v;
	size_t n;
	clr__draft_begin(ld, st->row_line);
	if (st->nf != st->ncols)
		return clr__loader_fail(ld, st->row_line, st->nf < st->ncols ? hdr_name(st, st->nf) : NULL,
		                        CLR_EINPUT, "expected %zu fields, found %zu", st->ncols, st->nf);
	if (st->long_col != NO_COL)
		return clr__loader_fail(ld, st->row_line, hdr_name(st, st->long_col), CLR_ELIMIT,
		                        "value of %zu bytes exceeds the limit of %u", st->long_len,
		                        CLR_MAX_FIELD_BYTES);
	v = fld(st, st->col[C_ID], &n);
	TRY(clr__draft_str(ld, &ld->d.e.id, v, n, "_id"));
	v = fld(st, st->col[C_SOURCE], &n);
	TRY(clr_csl__source(ld, v, n, "source"));
	if ((v = fld(st, st->col[C_TYPE], &n)))
		clr_csl__type(ld, v, n);
	v = fld(st, st->col[C_NAME], &n);
	TRY(clr__draft_listed_names(ld, v, n, CLR_NAME_PRIMARY, "name"));
	if (!ld->d.names.n)
		return clr__loader_fail(ld, st->row_line, "name", CLR_EINPUT, "empty name");
	v = fld(st, st->col[C_ALT], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__alias, "alt_names"));
	v = fld(st, st->col[C_ADDRESSES], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__address, "addresses"));
	v = fld(st, st->col[C_PROGRAMS], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr__draft_program, "programs"));
	v = fld(st, st->col[C_FRN], &n);
	TRY(clr_csl__citations(ld, v, n, "federal_register_notice"));
	v = fld(st, st->col[C_START], &n);
	TRY(clr_csl__date(ld, &ld->d.e.start_date, v, n, "start_date", ""));
	v = fld(st, st->col[C_END], &n);
	TRY(clr_csl__date(ld, &ld->d.e.end_date, v, n, "end_date", ""));
	v = fld(st, st->col[C_LREQ], &n);
	TRY(clr__draft_str(ld, &ld->d.e.license_requirement, v, n, "license_requirement"));
	v = fld(st, st->col[C_LPOL], &n);
	TRY(clr__draft_str(ld, &ld->d.e.license_policy, v, n, "license_policy"));
	v = fld(st, st->col[C_REMARKS], &n);
	TRY(clr_csl__remarks(ld, v, n, "remarks"));
	v = fld(st, st->col[C_NATION], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__nationality, "nationalities"));
	v = fld(st, st->col[C_CITIZEN], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__citizenship, "citizenships"));
	v = fld(st, st->col[C_DOB], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__dob, "dates_of_birth"));
	v = fld(st, st->col[C_POB], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr_csl__pob, "places_of_birth"));
	v = fld(st, st->col[C_IDS], &n);
	TRY(clr__draft_split(ld, v, n, ';', clr__draft_id_text, "ids"));
	v = fld(st, st->col[C_CALL], &n);
	TRY(clr_csl__call_sign(ld, v, n, "call_sign"));
	v = fld(st, st->col[C_VFLAG], &n);
	TRY(clr_csl__flag(ld, v, n, "vessel_flag"));
	return clr__draft_commit(ld);
}

static int end_row(csv_state *st)
{
	if (row_blank(st))
		return 0;
	if (!st->have_header)
		return read_header(st);
	if (is_header_repeat(st)) {
		st->ld->report.header_repeats++;
		return 0;
	}
	st->ld->report.rows++;
	return stage_row(st);
}

static void cb_row(int c, void *data)
{
	csv_state *st = data;
	(void)c;
	if (st->rc >= 0)
		st->rc = end_row(st);
	row_reset(st);
}

/* A quoting error: the record is bad; in lenient mode parsing goes on. */
static int structural(csv_state *st, const char *what)
{
	clr_loader *ld = st->ld;
	const char *field = hdr_name(st, st->nf);
	if (!st->have_header)
		return clr__loader_fatal(ld, st->row_line, NULL, CLR_EINPUT, "header row: %s", what);
	ld->report.rows++;
	clr__draft_begin(ld, st->row_line);
	if (st->line != st->row_line)
		return clr__loader_fail(ld, st->row_line, field, CLR_EINPUT, "%s (on line %zu)", what,
		                        st->line);
	return clr__loader_fail(ld, st->row_line, field, CLR_EINPUT, "%s", what);
}

static int parser_open(struct csv_parser *p)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_blk_size(p, 4096);
	return 0;
}

/* libcsv's parser state: 0 (ROW_NOT_BEGUN) between records. */
static int record_open(const struct csv_parser *p)
{
	return p->pstate != 0;
}

int clr__parse_csl_csv(clr_loader *ld, const char *buf, size_t len)
{
	csv_state st;
	struct csv_parser p;
	size_t pos = 0, line = 0;
	int rc = 0, restarts = 0;
	memset(&st, 0, sizeof(st));
	st.ld = ld;
	st.long_col = NO_COL;
	if (parser_open(&p) != 0)
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		pos = 3;
	while (rc == 0) {
		if (pos >= len) {
			st.line = line;
			if (csv_fini(&p, cb_field, cb_row, &st) == 0) {
				rc = st.rc;
				break;
			}
			rc = structural(&st, "unterminated quoted field at end of file");
			if (rc < 0 || restarts++ >= MAX_EOF_RESTARTS)
				break;
			/* lenient: re-read the lines the open quote swallowed */
			const char *nl = memchr(buf + st.row_off, '\n', len - st.row_off);
			pos = nl ? (size_t)(nl - buf) + 1 : len;
			line = st.row_line;
		} else {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - buf) + 1 : len;
			line++;
			if (!record_open(&p)) {
				st.row_line = line;
				st.row_off = pos;
			}
			st.line = line;
			size_t want = end - pos;
			size_t got = csv_parse(&p, buf + pos, want, cb_field, cb_row, &st);
			if ((rc = st.rc) < 0)
				break;
			pos = end;
			if (got == want)
				continue;
			if (csv_error(&p) != CSV_EPARSE) {
				rc = clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
				break;
			}
			rc = structural(&st, "malformed quoting (a quote inside an unquoted field, "
			                     "or text after a closing quote)");
			if (rc < 0)
				break;
		}
		/* resynchronise at the next physical line */
		csv_free(&p);
		if (parser_open(&p) != 0) {
			rc = clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
			break;
		}
		row_reset(&st);
	}
	if (rc == 0 && !st.have_header)
		rc = clr__loader_fatal(ld, 0, NULL, CLR_EINPUT, "no header row");
	csv_free(&p);
	clr__buf_free(&st.hdr);
	clr__buf_free(&st.row);
	return rc;
}
