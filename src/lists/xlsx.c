/*
 * xlsx.c - the XLSX reader (xlsx.h): libzip over the file image, the parts
 * read through the XML reader (xml.c).  Owns the defences particular to a
 * zip of XML: the uncompressed size of every part is capped before a byte is
 * inflated and checked while inflating (a zip bomb stops at the cap), the
 * shared strings are counted, a cell is capped in bytes and a row in
 * columns, and a cell reference must move forward.  Never hand-rolls zip
 * and never interprets a cell.
 */
#include <stdio.h>
#include <stdlib.h>

#include <zip.h>

#include "xlsx.h"
#include "xml.h"

typedef struct xlsx {
	clr_loader *ld;
	zip_t *za;
	clr_buf part;              /* the part being read */
	char part_name[256];       /* its name, for messages ("xl/sharedStrings.xml:") */
	/* workbook.xml and its relationships */
	const char *want;          /* sheet asked for, NULL: the first */
	char sheet[128];           /* the sheet's name, then "Name!" for messages */
	char sheet_rid[64];
	int date1904;
	char sheet_target[256], sst_target[256], target[256];
	/* shared strings */
	clr_buf sst;               /* the strings, each NUL-terminated */
	CLR_VEC(clr_span) strings;
	int in_si, in_rph, in_t;
	clr_span si;
	/* the sheet */
	int (*row_cb)(void *payload, const clr_xlsx_row *r);
	void *payload;
	size_t row, col;           /* current row; next column when a cell has no reference */
	size_t ncol;               /* columns filled in this row */
	int in_row, in_c, in_is, in_v;
	char cell_ref[16];
	char cell_t[16];
	clr_buf val;               /* the cell's value as read */
	clr_buf cells;             /* the row's cell texts, NUL-terminated */
	clr_span span[CLR_MAX_FIELDS];
	unsigned char type[CLR_MAX_FIELDS];
	clr_xlsx_row r;
} xlsx;

static int is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

static int nomem(xlsx *x)
{
	return clr__loader_fatal(x->ld, 0, NULL, CLR_ENOMEM, "out of memory");
}

/* Reads the part name into x->part; 1 when the archive has no such part. */
static int read_part(xlsx *x, const char *name)
{
	clr_loader *ld = x->ld;
	zip_int64_t idx = zip_name_locate(x->za, name, 0);
	if (idx < 0)
		idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return 1;
	snprintf(x->part_name, sizeof(x->part_name), "%s:", name);
	ld->place = x->part_name;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE))
		return clr__loader_fatal(ld, 0, NULL, CLR_EINPUT, "damaged archive: %s",
		                         zip_strerror(x->za));
	/* the size the archive declares is checked before anything is inflated,
	 * and the inflated bytes against it: a zip bomb stops at the cap */
	if (st.size > CLR_MAX_XLSX_PART_BYTES)
		return clr__loader_fatal(ld, 0, NULL, CLR_ELIMIT,
		                         "part of %llu bytes uncompressed exceeds the limit of %zu",
		                         (unsigned long long)st.size, (size_t)CLR_MAX_XLSX_PART_BYTES);
	clr__buf_clear(&x->part);
	if (clr__buf_grow(&x->part, (size_t)st.size + 1))
		return nomem(x);
	zip_file_t *f = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!f)
		return clr__loader_fatal(ld, 0, NULL, CLR_EINPUT, "cannot read the part: %s",
		                         zip_strerror(x->za));
	size_t got = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, x->part.p + got, (zip_uint64_t)(st.size + 1 - got));
		if (n < 0) {
			int rc = clr__loader_fatal(ld, 0, NULL, CLR_EINPUT, "damaged part: %s",
			                           zip_file_strerror(f));
			zip_fclose(f);
			return rc;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > st.size) {
			zip_fclose(f);
			return clr__loader_fatal(ld, 0, NULL, CLR_EINPUT,
			                         "part inflates beyond its declared %llu bytes",
			                         (unsigned long long)st.size);
		}
	}
	zip_fclose(f);
	if (got != st.size)
		return clr__loader_fatal(ld, 0, NULL, CLR_EINPUT,
		                         "part is %zu bytes, not the %llu declared", got,
		                         (unsigned long long)st.size);
	x->part.len = got;
	x->part.p[got] = '\0';
	return 0;
}

static int parse_part(xlsx *x, const clr_xml_handler *h)
{
	const char *p = x->part.p ? x->part.p : "";
	return clr__xml_read(x->ld, p, x->part.len, h, x);
}

/* ---- workbook.xml and xl/_rels/workbook.xml.rels -------------------------- */

static void copy_attr(clr_xml *xml, const char *name, char *out, size_t cap)
{
	size_t n;
	const char *v = clr__xml_attr(xml, name, &n);
	snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), v);
}

static int wb_start(void *payload, clr_xml *xml, int depth, const char *name)
{
	xlsx *x = payload;
	size_t n;
	if (is(name, "workbookPr")) {
		const char *v = clr__xml_attr(xml, "date1904", &n);
		x->date1904 = clr__eq_ci(v, n, "1") || clr__eq_ci(v, n, "true");
	} else if (is(name, "sheet") && !x->sheet_rid[0]) {
		const char *v = clr__xml_attr(xml, "name", &n);
		if (x->want && !(strlen(x->want) == n && !memcmp(v, x->want, n)))
			return 0;
		snprintf(x->sheet, sizeof(x->sheet), "%.*s", (int)(n < 100 ? n : 100), v);
		copy_attr(xml, "r:id", x->sheet_rid, sizeof(x->sheet_rid));
		if (!x->sheet_rid[0])
			return clr__loader_fatal(x->ld, clr__xml_line(xml), "sheet", CLR_EINPUT,
			                         "sheet '%s' has no relationship id", x->sheet);
	}
	return 0;
}

static int wb_end(void *payload, clr_xml *xml, int depth, const char *name, const char *text,
                  size_t n)
{
	return 0;
}

/* A relationship's target, relative to xl/ unless absolute. */
static void resolve(char *out, size_t cap, const char *target)
{
	if (target[0] == '/')
		snprintf(out, cap, "%.200s", target + 1);
	else
		snprintf(out, cap, "xl/%.200s", target);
}

static int rels_start(void *payload, clr_xml *xml, int depth, const char *name)
{
	xlsx *x = payload;
	if (!is(name, "Relationship"))
		return 0;
	size_t tn;
	char id[64];
	copy_attr(xml, "Id", id, sizeof(id));
	copy_attr(xml, "Target", x->target, sizeof(x->target));
	const char *type = clr__xml_attr(xml, "Type", &tn);
	if (id[0] && is(id, x->sheet_rid))
		resolve(x->sheet_target, sizeof(x->sheet_target), x->target);
	else if (tn >= 14 && !memcmp(type + tn - 14, "/sharedStrings", 14))
		resolve(x->sst_target, sizeof(x->sst_target), x->target);
	return 0;
}

/* ---- sharedStrings.xml ----------------------------------------------------- */

/* A string item (si) is its t elements, directly or in rich-text runs (r);
 * the phonetic runs (rPh: the furigana over Japanese names) are not part
 * of the text. */
static int sst_start(void *payload, clr_xml *xml, int depth, const char *name)
{
	xlsx *x = payload;
	if (is(name, "si")) {
		x->in_si = 1;
		x->in_rph = 0;
		x->si.off = x->sst.len;
		x->si.len = 0;
	} else if (is(name, "rPh"))
		x->in_rph = 1;
	clr__xml_want_text(xml, x->in_si && !x->in_rph && is(name, "t"));
	return 0;
}

static int sst_end(void *payload, clr_xml *xml, int depth, const char *name, const char *text,
                   size_t n)
{
	xlsx *x = payload;
	clr__xml_want_text(xml, 0);
	if (is(name, "rPh"))
		x->in_rph = 0;
	else if (is(name, "t") && x->in_si && !x->in_rph) {
		if (x->si.len + n > CLR_MAX_XLSX_CELL_BYTES)
			return clr__loader_fatal(x->ld, clr__xml_line(xml), "si", CLR_ELIMIT,
			                         "string %zu of more than %u bytes exceeds the limit",
			                         x->strings.n, CLR_MAX_XLSX_CELL_BYTES);
		if (clr__buf_put(&x->sst, text, n))
			return nomem(x);
		x->si.len += n;
	} else if (is(name, "si") && x->in_si) {
		x->in_si = 0;
		if (x->strings.n >= CLR_MAX_XLSX_STRINGS)
			return clr__loader_fatal(x->ld, clr__xml_line(xml), "si", CLR_ELIMIT,
			                         "more than %u shared strings", CLR_MAX_XLSX_STRINGS);
		if (clr__buf_putc(&x->sst, '\0') || clr__vec_push(x->strings, x->si))
			return nomem(x);
	}
	return 0;
}

/* ---- the sheet --------------------------------------------------------------- */

void clr__xlsx_col_name(size_t i, char out[4])
{
	char tmp[4];
	size_t k = 0;
	i++;
	while (i && k < 3) {
		tmp[k++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (size_t j = 0; j < k; j++)
		out[j] = tmp[k - 1 - j];
	out[k] = '\0';
}

/* Column (0-based) and row of a reference "AB12"; -1 when it is none.
 * Excel's own bounds: columns to XFD (16,384), rows to 1,048,576. */
static int parse_ref(const char *s, size_t *col, size_t *row)
{
	size_t c = 0, r = 0, i = 0;
	while (s[i] >= 'A' && s[i] <= 'Z' && i < 3)
		c = c * 26 + (size_t)(s[i++] - 'A' + 1);
	if (!i || c > 16384 || s[i] < '1' || s[i] > '9')
		return -1;
	size_t j = i;
	while (s[i] >= '0' && s[i] <= '9' && i - j < 7)
		r = r * 10 + (size_t)(s[i++] - '0');
	if (s[i] || r > 1048576)
		return -1;
	*col = c - 1;
	*row = r;
	return 0;
}

static int parse_uint(const char *s, size_t n, size_t max, size_t *out)
{
	size_t v = 0;
	if (!n || n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Errors in a row name the sheet, the row and the cell: "f.xlsx:Data!12:
 * field 'K12': ..." */
#define CELL_ERROR(x, code, ...)                                                             \
	((x)->ld->place = (x)->sheet,                                                        \
	 clr__loader_fatal((x)->ld, (x)->row, (x)->cell_ref, (code), __VA_ARGS__))

static int row_start(xlsx *x, clr_xml *xml)
{
	size_t n, r;
	const char *v = clr__xml_attr(xml, "r", &n);
	if (!n)
		r = x->row + 1;
	else if (parse_uint(v, n, 1048576, &r) || r == 0) {
		x->cell_ref[0] = '\0';
		return clr__loader_fatal(x->ld, clr__xml_line(xml), "row", CLR_EINPUT,
		                         "row number '%.*s' is not one", (int)(n < 20 ? n : 20), v);
	}
	if (r <= x->row)
		return clr__loader_fatal(x->ld, clr__xml_line(xml), "row", CLR_EINPUT,
		                         "row %zu after row %zu", r, x->row);
	x->row = r;
	x->col = 0;
	x->ncol = 0;
	x->in_row = 1;
	clr__buf_clear(&x->cells);
	return 0;
}

static int cell_start(xlsx *x, clr_xml *xml)
{
	size_t n, col, row;
	const char *v = clr__xml_attr(xml, "r", &n);
	x->in_c = 1;
	clr__buf_clear(&x->val);
	copy_attr(xml, "t", x->cell_t, sizeof(x->cell_t));
	char c[4];
	col = x->col;
	row = x->row;
	clr__xlsx_col_name(col, c);
	snprintf(x->cell_ref, sizeof(x->cell_ref), "%s%zu", c, row); /* for messages */
	if (n) {
		char ref[16];
		snprintf(ref, sizeof(ref), "%.*s", (int)(n < 15 ? n : 15), v);
		if (n >= sizeof(ref) || parse_ref(ref, &col, &row))
			return CELL_ERROR(x, CLR_EINPUT, "'%s' is no cell reference", ref);
		if (row != x->row)
			return CELL_ERROR(x, CLR_EINPUT, "cell %s is not in its row", ref);
		if (col < x->col)
			return CELL_ERROR(x, CLR_EINPUT, "cell %s is out of order", ref);
	}
	clr__xlsx_col_name(col, c);
	snprintf(x->cell_ref, sizeof(x->cell_ref), "%s%zu", c, row);
	x->col = col + 1;
	return 0;
}

/* The cell ends: its value by type, kept in its column when not empty. */
static int cell_end(xlsx *x)
{
	size_t col = x->col - 1, idx;
	const char *s = x->val.p ? x->val.p : "";
	size_t n = x->val.len;
	clr_xlsx_type type = CLR_XLSX_NUMBER;
	x->in_c = 0;
	if (is(x->cell_t, "s")) {
		clr__trim(&s, &n);
		if (!n)
			return 0;
		if (parse_uint(s, n, (size_t)-1, &idx) || idx >= x->strings.n)
			return CELL_ERROR(x, CLR_EINPUT, "shared string '%.*s' does not exist",
			                  (int)(n < 12 ? n : 12), s);
		s = x->sst.p + x->strings.v[idx].off;
		n = x->strings.v[idx].len;
		type = CLR_XLSX_TEXT;
	} else if (is(x->cell_t, "inlineStr") || is(x->cell_t, "str"))
		type = CLR_XLSX_TEXT;
	else if (is(x->cell_t, "b"))
		type = CLR_XLSX_BOOL;
	else if (is(x->cell_t, "e"))
		type = CLR_XLSX_ERROR;
	else if (x->cell_t[0] && !is(x->cell_t, "n"))
		return CELL_ERROR(x, CLR_EINPUT, "cell type '%s' is not one of XLSX", x->cell_t);
	if (n > CLR_MAX_XLSX_CELL_BYTES)
		return CELL_ERROR(x, CLR_ELIMIT, "cell of %zu bytes exceeds the limit of %u", n,
		                  CLR_MAX_XLSX_CELL_BYTES);
	const char *t = s;
	size_t tn = n;
	clr__trim(&t, &tn);
	if (!tn)
		return 0;
	if (col >= CLR_MAX_FIELDS)
		return CELL_ERROR(x, CLR_ELIMIT, "a value beyond the limit of %u columns",
		                  CLR_MAX_FIELDS);
	for (size_t i = x->ncol; i < col; i++)
		x->span[i] = (clr_span){0, 0}, x->type[i] = CLR_XLSX_EMPTY;
	x->span[col].off = x->cells.len;
	x->span[col].len = n;
	x->type[col] = (unsigned char)type;
	if (clr__buf_put(&x->cells, s, n) || clr__buf_putc(&x->cells, '\0'))
		return nomem(x);
	x->ncol = col + 1;
	return 0;
}

static int row_end(xlsx *x)
{
	x->in_row = 0;
	if (!x->ncol)
		return 0; /* styled cells only: no row of data */
	clr_xlsx_row *r = &x->r;
	r->row = x->row;
	r->nf = x->ncol;
	r->date1904 = x->date1904;
	for (size_t i = 0; i < x->ncol; i++) {
		r->v[i] = x->span[i].len ? x->cells.p + x->span[i].off : "";
		r->n[i] = x->span[i].len;
		r->type[i] = x->type[i];
	}
	const char *part = x->ld->place;
	x->ld->place = x->sheet;
	int rc = x->row_cb(x->payload, r);
	x->ld->place = part;
	return rc;
}

static int sheet_start(void *payload, clr_xml *xml, int depth, const char *name)
{
	xlsx *x = payload;
	clr__xml_want_text(xml, 0);
	if (is(name, "row"))
		return row_start(x, xml);
	if (!x->in_row)
		return 0;
	if (is(name, "c"))
		return cell_start(x, xml);
	if (!x->in_c)
		return 0;
	if (is(name, "is"))
		x->in_is = 1, x->in_rph = 0;
	else if (is(name, "rPh"))
		x->in_rph = 1;
	else if (is(name, "v"))
		x->in_v = 1;
	clr__xml_want_text(xml, x->in_v || (x->in_is && !x->in_rph && is(name, "t")));
	return 0;
}

static int sheet_end(void *payload, clr_xml *xml, int depth, const char *name, const char *text,
                     size_t n)
{
	xlsx *x = payload;
	clr__xml_want_text(xml, 0);
	if (is(name, "row") && x->in_row)
		return row_end(x);
	if (!x->in_c)
		return 0;
	if (is(name, "c"))
		return cell_end(x);
	if (is(name, "is"))
		x->in_is = 0;
	else if (is(name, "rPh"))
		x->in_rph = 0;
	else if ((is(name, "v") && x->in_v) || (is(name, "t") && x->in_is && !x->in_rph)) {
		x->in_v = 0;
		if (x->val.len + n > CLR_MAX_XLSX_CELL_BYTES)
			return CELL_ERROR(x, CLR_ELIMIT, "cell of more than %u bytes exceeds the limit",
			                  CLR_MAX_XLSX_CELL_BYTES);
		if (clr__buf_put(&x->val, text, n))
			return nomem(x);
	}
	return 0;
}

/* ---- the workbook ------------------------------------------------------------ */

static int open_zip(xlsx *x, const char *buf, size_t len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &err);
	if (!src) {
		zip_error_fini(&err);
		return nomem(x);
	}
	x->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!x->za) {
		zip_source_free(src);
		int rc = clr__loader_fatal(x->ld, 0, NULL, CLR_EINPUT, "not a readable XLSX archive: %s",
		                           zip_error_strerror(&err));
		zip_error_fini(&err);
		return rc;
	}
	zip_error_fini(&err);
	return 0;
}

static int read_workbook(xlsx *x, const char *buf, size_t len)
{
	static const clr_xml_handler wb = {wb_start, wb_end}, rels = {rels_start, wb_end},
	                             sst = {sst_start, sst_end};
	clr_loader *ld = x->ld;
	int rc;
	if ((rc = open_zip(x, buf, len)) < 0)
		return rc;
	if ((rc = read_part(x, "xl/workbook.xml")) != 0)
		return rc < 0 ? rc : clr__loader_fatal(ld, 0, NULL, CLR_EINPUT,
		                                       "no xl/workbook.xml: not an XLSX workbook");
	if ((rc = parse_part(x, &wb)) < 0)
		return rc;
	ld->place = NULL;
	if (!x->sheet_rid[0])
		return x->want ? clr__loader_fatal(ld, 0, "sheet", CLR_EINPUT,
		                                   "the workbook has no sheet '%s'", x->want)
		               : clr__loader_fatal(ld, 0, "sheet", CLR_EINPUT, "the workbook has no sheet");
	if ((rc = read_part(x, "xl/_rels/workbook.xml.rels")) < 0 ||
	    (rc == 0 && (rc = parse_part(x, &rels)) < 0))
		return rc;
	ld->place = NULL;
	if (!x->sheet_target[0])
		return clr__loader_fatal(ld, 0, "sheet", CLR_EINPUT,
		                         "sheet '%s' has no part in xl/_rels/workbook.xml.rels", x->sheet);
	if (!x->sst_target[0])
		snprintf(x->sst_target, sizeof(x->sst_target), "xl/sharedStrings.xml");
	if ((rc = read_part(x, x->sst_target)) < 0 || (rc == 0 && (rc = parse_part(x, &sst)) < 0))
		return rc;
	ld->place = NULL;
	clr__buf_free(&x->part); /* the sheet is read into a buffer of its own size */
	if ((rc = read_part(x, x->sheet_target)) != 0)
		return rc < 0 ? rc : clr__loader_fatal(ld, 0, "sheet", CLR_EINPUT,
		                                       "sheet '%s' (%s) is missing from the archive",
		                                       x->sheet, x->sheet_target);
	return 0;
}

int clr__xlsx_read(clr_loader *ld, const char *buf, size_t len, const char *sheet,
                   int (*row)(void *payload, const clr_xlsx_row *r), void *payload)
{
	static const clr_xml_handler sh = {sheet_start, sheet_end};
	xlsx *x = calloc(1, sizeof(*x));
	if (!x)
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	x->ld = ld;
	x->want = sheet;
	x->row_cb = row;
	x->payload = payload;
	int rc = read_workbook(x, buf, len);
	if (rc == 0) {
		size_t sn = strlen(x->sheet);
		snprintf(x->sheet + sn, sizeof(x->sheet) - sn, "!");
		rc = parse_part(x, &sh);
	}
	if (rc == CLR_XLSX_STOP)
		rc = 0;
	ld->place = NULL;
	if (x->za)
		zip_discard(x->za);
	clr__buf_free(&x->part);
	clr__buf_free(&x->sst);
	clr__buf_free(&x->val);
	clr__buf_free(&x->cells);
	clr__vec_free(x->strings);
	free(x);
	return rc;
}

/* ---- dates --------------------------------------------------------------------- */

/* The civil date of a day count from 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int clr__xlsx_date(const char *s, size_t n, int date1904, char out[11])
{
	size_t i = 0;
	long serial = 0;
	clr__trim(&s, &n);
	while (i < n && s[i] >= '0' && s[i] <= '9' && i < 8)
		serial = serial * 10 + (s[i++] - '0');
	if (!i || (i < n && s[i] != '.'))
		return -1;
	for (size_t j = i + (i < n); j < n; j++)
		if (s[j] < '0' || s[j] > '9')
			return -1;
	/* 9999-12-31 is the last day either system counts */
	if (serial > 2958465 || (!date1904 && serial < 1) || (!date1904 && serial == 60))
		return -1; /* 1900 counts a 29 February 1900 that never was (serial 60) */
	long days; /* since 1970-01-01 */
	if (date1904)
		days = serial - 24107;       /* 1904-01-01 is serial 0 */
	else
		days = serial - (serial < 60 ? 25568 : 25569); /* 1899-12-31 + serial, less the phantom day */
	int y, m, d;
	civil(days, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}
