/*
 * reader.c - streams batch query records from JSON lines or CSV, one record
 * at a time so memory stays flat whatever the input size.  Owns the input
 * format rules; never drops a record silently: a bad one is an error naming
 * file, line and field.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>
#include <jansson.h>

#include "reader.h"
#include "../limits.h"
#include "../util/util.h"

/* The columns a record reads: the first NCORE are the query, the others its
 * evidence beyond the name, which stay attributes as well (kept with a
 * customer).  A CSV row gives one identifier: id_type, id_number,
 * id_country; a JSON line any number, as "ids". */
enum {
	COL_ID, COL_NAME, COL_TYPE, COL_COUNTRY, NCORE,
	COL_DOB = NCORE, COL_NAT, COL_ADDRESS, COL_CITY, COL_IMO, COL_IDTYPE, COL_IDNUM, COL_IDCC,
	NCOLS
};
static const char *const col_names[NCOLS] = {
	"id", "name", "type", "country", "dob", "nationality", "address", "city", "imo",
	"id_type", "id_number", "id_country"};

typedef struct row {
	size_t line;
	size_t nf;
	char *f[NCOLS]; /* mapped fields, malloc'd */
	json_t *attrs;  /* the other non-empty fields by header name, NULL when none */
	char *attrs_json;
	int bad_attr;   /* header position + 1 of an extra field that is not UTF-8 */
} row;

struct clr_reader {
	FILE *f;
	const char *path;
	int json;
	int started;
	size_t line;      /* physical lines read */
	clr_buf err;
	char *lbuf;
	size_t lcap;
	/* JSON */
	json_t *cur;
	char idbuf[32];
	char imobuf[32];
	clr_query_id ids[CLR_MAX_QUERY_IDS];
	char *attrs_json; /* the record's attributes handed out last */
	/* CSV */
	struct csv_parser p;
	int have_header;
	int col[NCOLS];   /* header position of each column, -1 absent */
	CLR_VEC(char *) header; /* every header field, for the attributes' keys */
	size_t ncols;     /* header width */
	size_t field;     /* current field index */
	size_t row_line;  /* line where the current row started */
	int row_open;
	size_t start_line; /* first non-blank line fed since the last row ended */
	size_t header_line;
	int has_nul;      /* a field of the current row holds a NUL byte */
	row cur_row;
	CLR_VEC(row) ready;
	size_t ready_pos;
	int bad_width;    /* a row had the wrong number of fields */
	int bad_nul;      /* a row had a NUL byte in a field */
	size_t bad_nul_line;
	size_t bad_line, bad_nf;
	int eof;
	row out;          /* row handed out last */
};

static int r_error(clr_reader *r, size_t line, const char *field, int code, const char *msg)
{
	clr__buf_clear(&r->err);
	(void)clr__buf_printf(&r->err, "%s:%zu: ", r->path, line);
	if (field)
		(void)clr__buf_printf(&r->err, "field '%s': ", field);
	(void)clr__buf_puts(&r->err, msg);
	return code;
}

const char *clr_reader_errmsg(const clr_reader *r)
{
	return r->err.p ? r->err.p : "";
}

static void row_free(row *w)
{
	for (size_t i = 0; i < NCOLS; i++) {
		free(w->f[i]);
		w->f[i] = NULL;
	}
	json_decref(w->attrs);
	w->attrs = NULL;
	free(w->attrs_json);
	w->attrs_json = NULL;
	w->bad_attr = 0;
}

void clr_reader_free(clr_reader *r)
{
	if (!r)
		return;
	if (!r->json)
		csv_free(&r->p);
	json_decref(r->cur);
	row_free(&r->cur_row);
	row_free(&r->out);
	for (size_t i = r->ready_pos; i < r->ready.n; i++)
		row_free(&r->ready.v[i]);
	clr__vec_free(r->ready);
	for (size_t i = 0; i < r->header.n; i++)
		free(r->header.v[i]);
	clr__vec_free(r->header);
	free(r->attrs_json);
	clr__buf_free(&r->err);
	free(r->lbuf);
	free(r);
}

/* Reads one physical line (with its newline) into r->lbuf; 0 at EOF. */
static int read_line(clr_reader *r, size_t *len)
{
	ssize_t n = getline(&r->lbuf, &r->lcap, r->f);
	if (n < 0)
		return 0;
	r->line++;
	*len = (size_t)n;
	return 1;
}

/* An extra CSV field becomes a string attribute under its header name. */
static void add_attr(row *w, const char *key, const char *s, size_t len, size_t pos)
{
	if (clr__utf8_invalid_at(s, len) != (size_t)-1 || memchr(s, '\0', len)) {
		if (!w->bad_attr)
			w->bad_attr = (int)pos + 1;
		return;
	}
	if (!w->attrs)
		w->attrs = json_object();
	if (w->attrs)
		json_object_set_new(w->attrs, key, json_stringn(s, len));
}

static void cb_field(void *s, size_t len, void *data)
{
	clr_reader *r = data;
	if (!r->row_open) {
		r->row_open = 1;
		r->row_line = r->start_line ? r->start_line : r->line;
		r->has_nul = 0;
		r->field = 0;
	}
	size_t i = r->field++;
	if (s && memchr(s, '\0', len))
		r->has_nul = 1;
	if (!r->have_header) {
		for (int c = 0; c < NCOLS; c++)
			if (clr__eq_ci(s, len, col_names[c]) && r->col[c] < 0)
				r->col[c] = (int)i;
		char *h = clr__strndup(s ? s : "", s ? len : 0);
		if (h && clr__vec_push(r->header, h))
			free(h);
		return;
	}
	int mapped = 0;
	for (int c = 0; c < NCOLS; c++)
		if (r->col[c] == (int)i) {
			mapped |= c < NCORE;
			if (!r->cur_row.f[c])
				r->cur_row.f[c] = clr__strndup(s ? s : "", s ? len : 0);
		}
	if (!mapped && s && len && i < r->header.n && *r->header.v[i])
		add_attr(&r->cur_row, r->header.v[i], s, len, i);
}

static void cb_row(int c, void *data)
{
	clr_reader *r = data;
	(void)c;
	if (!r->row_open)
		return;
	r->row_open = 0;
	r->start_line = 0;
	if (!r->have_header) {
		r->have_header = 1;
		r->header_line = r->row_line;
		r->ncols = r->field;
		return;
	}
	if (r->field != r->ncols && !r->bad_width) {
		r->bad_width = 1;
		r->bad_line = r->row_line;
		r->bad_nf = r->field;
	}
	r->cur_row.line = r->row_line;
	if (r->has_nul && !r->bad_nul) {
		r->bad_nul = 1;
		r->bad_nul_line = r->row_line;
	}
	r->cur_row.nf = r->field;
	if (clr__vec_push(r->ready, r->cur_row))
		row_free(&r->cur_row);
	memset(&r->cur_row, 0, sizeof(r->cur_row));
}

int clr_reader_open(clr_reader **out, FILE *f, const char *path)
{
	clr_reader *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r)
		return CLR_ENOMEM;
	r->f = f;
	r->path = path ? path : "<stdin>";
	for (int c = 0; c < NCOLS; c++)
		r->col[c] = -1;
	int ch;
	while ((ch = getc(f)) != EOF && isspace(ch))
		if (ch == '\n')
			r->line++;
	if (ch != EOF)
		ungetc(ch, f);
	r->json = ch == '{';
	if (!r->json && csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		free(r);
		return CLR_ENOMEM;
	}
	*out = r;
	return 0;
}

static const char *json_field(clr_reader *r, json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v) && !strcmp(key, "id")) {
		snprintf(r->idbuf, sizeof(r->idbuf), "%lld", (long long)json_integer_value(v));
		return r->idbuf;
	}
	*bad = 1;
	return NULL;
}

/* The fields other than id, name, type and country, as given. */
static int json_attributes(clr_reader *r, clr_record *rec)
{
	json_t *a = NULL, *v;
	const char *k;
	free(r->attrs_json);
	r->attrs_json = NULL;
	json_object_foreach(r->cur, k, v)
	{
		int known = 0;
		for (int c = 0; c < NCORE; c++)
			known |= !strcmp(k, col_names[c]);
		if (known)
			continue;
		if (!a && !(a = json_object()))
			return CLR_ENOMEM;
		if (json_object_set(a, k, v)) {
			json_decref(a);
			return CLR_ENOMEM;
		}
	}
	if (a) {
		r->attrs_json = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(a);
		if (!r->attrs_json)
			return CLR_ENOMEM;
	}
	rec->attributes = r->attrs_json;
	return 1;
}

/* A string member of o, NULL when absent or null; *bad when another type. */
static const char *str_member(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	*bad = 1;
	return NULL;
}

_Static_assert(CLR_MAX_QUERY_IDS == 16, "the message below names the limit");

#define EV_FAIL(f, m)                                                                             \
	do {                                                                                      \
		snprintf(field, fcap, "%s", f);                                                   \
		*msg = m;                                                                         \
		return CLR_EINPUT;                                                                \
	} while (0)

int clr__record_evidence_json(json_t *o, clr_record *rec, clr_query_id *ids, char *imobuf,
                              size_t imocap, char *field, size_t fcap, const char **msg)
{
	static const char ids_shape[] = "expected an array of {\"type\", \"number\", \"country\"}";
	const char **to[] = {&rec->dob, &rec->nationality, &rec->address, &rec->city};
	int bad = 0;
	for (int c = COL_DOB; c <= COL_CITY; c++) {
		*to[c - COL_DOB] = str_member(o, col_names[c], &bad);
		if (bad)
			EV_FAIL(col_names[c], "expected a string");
	}
	json_t *imo = json_object_get(o, "imo");
	if (json_is_integer(imo)) {
		snprintf(imobuf, imocap, "%lld", (long long)json_integer_value(imo));
		rec->imo = imobuf;
	} else if (imo && !json_is_null(imo)) {
		if (!json_is_string(imo))
			EV_FAIL("imo", "expected a string or a number");
		rec->imo = json_string_value(imo);
	}
	json_t *v = json_object_get(o, "ids");
	size_t n = 0;
	if (v && !json_is_null(v)) {
		if (!json_is_array(v))
			EV_FAIL("ids", ids_shape);
		if (json_array_size(v) > CLR_MAX_QUERY_IDS)
			EV_FAIL("ids", "more identifiers than a query may give (16)");
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			static const char *const keys[] = {"type", "number", "country"};
			const char *f[3];
			if (!json_is_object(x))
				EV_FAIL("ids", ids_shape);
			for (int k = 0; k < 3; k++) {
				f[k] = str_member(x, keys[k], &bad);
				if (bad || (k == 1 && (!f[1] || !*f[1]))) {
					snprintf(field, fcap, "ids[%zu].%s", i, keys[k]);
					*msg = bad ? "expected a string" : "missing";
					return CLR_EINPUT;
				}
			}
			ids[n++] = (clr_query_id){f[0], f[1], f[2]};
		}
	}
	const char *one[3];
	for (int c = COL_IDTYPE; c <= COL_IDCC; c++) {
		one[c - COL_IDTYPE] = str_member(o, col_names[c], &bad);
		if (bad)
			EV_FAIL(col_names[c], "expected a string");
	}
	if (one[1] && *one[1]) {
		if (n == CLR_MAX_QUERY_IDS)
			EV_FAIL("id_number", "too many identifiers");
		ids[n++] = (clr_query_id){one[0], one[1], one[2]};
	} else if ((one[0] && *one[0]) || (one[2] && *one[2])) {
		EV_FAIL("id_number", "missing (id_type is given)");
	}
	rec->ids = n ? ids : NULL;
	rec->nids = n;
	return 0;
}
#undef EV_FAIL

/* A JSON line's evidence beyond the name: dob, nationality, address, city,
 * imo (a string or a number), ids ([{"type", "number", "country"}] or
 * id_type / id_number / id_country). */
static int json_evidence(clr_reader *r, clr_record *rec)
{
	char field[48];
	const char *msg;
	if (clr__record_evidence_json(r->cur, rec, r->ids, r->imobuf, sizeof(r->imobuf), field,
	                              sizeof(field), &msg) < 0)
		return r_error(r, r->line, field, CLR_EINPUT, msg);
	return 0;
}

static int next_json(clr_reader *r, clr_record *rec)
{
	size_t len;
	json_decref(r->cur);
	r->cur = NULL;
	for (;;) {
		if (!read_line(r, &len))
			return 0;
		const char *p = r->lbuf;
		size_t n = len;
		clr__trim(&p, &n);
		if (!n)
			continue;
		if (len > CLR_MAX_LINE_BYTES)
			return r_error(r, r->line, NULL, CLR_ELIMIT, "line exceeds the length limit");
		json_error_t je;
		r->cur = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
		if (!r->cur)
			return r_error(r, r->line, NULL, CLR_EINPUT, je.text);
		if (!json_is_object(r->cur))
			return r_error(r, r->line, NULL, CLR_EINPUT, "expected a JSON object");
		int bad = 0;
		static const char *const keys[] = {"id", "name", "type", "country"};
		const char *v[4];
		for (int k = 0; k < 4; k++) {
			v[k] = json_field(r, r->cur, keys[k], &bad);
			if (bad)
				return r_error(r, r->line, keys[k], CLR_EINPUT, "expected a string");
		}
		if (!v[1])
			return r_error(r, r->line, "name", CLR_EINPUT, "missing");
		if (!*v[1])
			return r_error(r, r->line, "name", CLR_EINPUT, "empty");
		if (!v[0]) {
			snprintf(r->idbuf, sizeof(r->idbuf), "%zu", r->line);
			v[0] = r->idbuf;
		}
		rec->id = v[0];
		rec->name = v[1];
		rec->type = v[2];
		rec->country = v[3];
		rec->line = r->line;
		int rc = json_evidence(r, rec);
		return rc < 0 ? rc : json_attributes(r, rec);
	}
}

static int next_csv(clr_reader *r, clr_record *rec)
{
	row_free(&r->out);
	while (r->ready_pos >= r->ready.n) {
		r->ready.n = r->ready_pos = 0;
		if (r->eof)
			return 0;
		size_t len;
		if (!read_line(r, &len)) {
			r->eof = 1;
			if (csv_fini(&r->p, cb_field, cb_row, r) != 0)
				return r_error(r, r->start_line ? r->start_line : r->line, NULL, CLR_EINPUT,
				               "unterminated quoted field (its quote opens on this line)");
		} else {
			const char *p = r->lbuf;
			size_t pn = len;
			clr__trim(&p, &pn);
			if (!r->start_line && pn)
				r->start_line = r->line;
			if (len > CLR_MAX_LINE_BYTES)
				return r_error(r, r->line, NULL, CLR_ELIMIT, "line exceeds the length limit");
			if (csv_parse(&r->p, r->lbuf, len, cb_field, cb_row, r) != len)
				return r_error(r, r->line, NULL, CLR_EINPUT,
				               csv_strerror(csv_error(&r->p)));
		}
		if (r->have_header && r->col[COL_NAME] < 0)
			return r_error(r, r->header_line, "name", CLR_EINPUT,
			               "the CSV header has no name column");
		if (r->bad_nul)
			return r_error(r, r->bad_nul_line, NULL, CLR_EINPUT, "NUL byte in a field");
		if (r->bad_width) {
			char msg[96];
			snprintf(msg, sizeof(msg), "expected %zu fields, found %zu", r->ncols, r->bad_nf);
			return r_error(r, r->bad_line, NULL, CLR_EINPUT, msg);
		}
	}
	r->out = r->ready.v[r->ready_pos++];
	if (!r->out.f[COL_NAME] || !*r->out.f[COL_NAME])
		return r_error(r, r->out.line, "name", CLR_EINPUT, "empty");
	if (r->out.bad_attr) {
		size_t i = (size_t)r->out.bad_attr - 1;
		return r_error(r, r->out.line, i < r->header.n ? r->header.v[i] : NULL, CLR_EINPUT,
		               "invalid UTF-8");
	}
	if (r->out.attrs &&
	    !(r->out.attrs_json = json_dumps(r->out.attrs, JSON_COMPACT | JSON_PRESERVE_ORDER)))
		return CLR_ENOMEM;
	rec->attributes = r->out.attrs_json;
	rec->line = r->out.line;
	rec->name = r->out.f[COL_NAME];
	rec->type = r->out.f[COL_TYPE];
	rec->country = r->out.f[COL_COUNTRY];
	const char **to[] = {&rec->dob, &rec->nationality, &rec->address, &rec->city, &rec->imo};
	for (int c = COL_DOB; c <= COL_IMO; c++)
		*to[c - COL_DOB] = r->out.f[c] && *r->out.f[c] ? r->out.f[c] : NULL;
	if (r->out.f[COL_IDNUM] && *r->out.f[COL_IDNUM]) {
		r->ids[0] = (clr_query_id){r->out.f[COL_IDTYPE], r->out.f[COL_IDNUM],
		                           r->out.f[COL_IDCC]};
		rec->ids = r->ids;
		rec->nids = 1;
	} else if ((r->out.f[COL_IDTYPE] && *r->out.f[COL_IDTYPE]) ||
	           (r->out.f[COL_IDCC] && *r->out.f[COL_IDCC])) {
		return r_error(r, r->out.line, "id_number", CLR_EINPUT, "empty (id_type is given)");
	}
	if (r->out.f[COL_ID] && *r->out.f[COL_ID]) {
		rec->id = r->out.f[COL_ID];
	} else {
		snprintf(r->idbuf, sizeof(r->idbuf), "%zu", r->out.line);
		rec->id = r->idbuf;
	}
	return 1;
}

int clr_reader_next(clr_reader *r, clr_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	int rc = r->json ? next_json(r, rec) : next_csv(r, rec);
	const char *fields[] = {rec->id, rec->name, rec->type, rec->country, rec->dob,
	                        rec->nationality, rec->address, rec->city, rec->imo};
	for (size_t k = 0; rc == 1 && k < sizeof(fields) / sizeof(*fields); k++)
		if (fields[k] && clr__utf8_invalid_at(fields[k], strlen(fields[k])) != (size_t)-1)
			return r_error(r, rec->line, col_names[k], CLR_EINPUT, "invalid UTF-8");
	for (size_t k = 0; rc == 1 && k < rec->nids; k++) {
		const char *v[] = {rec->ids[k].type, rec->ids[k].number, rec->ids[k].country};
		for (int f = 0; f < 3; f++)
			if (v[f] && clr__utf8_invalid_at(v[f], strlen(v[f])) != (size_t)-1)
				return r_error(r, rec->line, col_names[COL_IDTYPE + f], CLR_EINPUT,
				               "invalid UTF-8");
	}
	return rc;
}

void clr_record_screen_opts(const clr_record *rec, clr_screen_opts *o)
{
	if (rec->type) {
		clr_type t = clr_type_parse(rec->type);
		if (t != CLR_TYPE_UNKNOWN)
			o->type = t;
	}
	if (rec->country)
		o->country = rec->country;
	o->dob = rec->dob;
	o->nationality = rec->nationality;
	o->address = rec->address;
	o->city = rec->city;
	o->imo = rec->imo;
	o->ids = rec->ids;
	o->nids = rec->nids;
}

/* One allocation: the record, its identifiers, then its strings. */
int clr_record_copy(const clr_record *rec, clr_record **out)
{
	const char *const *f[] = {&rec->id, &rec->name, &rec->type, &rec->country,
	                          &rec->attributes, &rec->dob, &rec->nationality, &rec->address,
	                          &rec->city, &rec->imo};
	size_t nf = sizeof(f) / sizeof(*f);
	size_t bytes = sizeof(clr_record) + rec->nids * sizeof(clr_query_id);
	for (size_t i = 0; i < nf; i++)
		bytes += *f[i] ? strlen(*f[i]) + 1 : 0;
	for (size_t k = 0; k < rec->nids; k++) {
		const char *v[] = {rec->ids[k].type, rec->ids[k].number, rec->ids[k].country};
		for (int j = 0; j < 3; j++)
			bytes += v[j] ? strlen(v[j]) + 1 : 0;
	}
	clr_record *c = malloc(bytes);
	*out = NULL;
	if (!c)
		return CLR_ENOMEM;
	*c = *rec;
	clr_query_id *ids = (clr_query_id *)(void *)(c + 1);
	char *p = (char *)(ids + rec->nids);
#define COPY(dst, src)                                                                            \
	do {                                                                                      \
		if (src) {                                                                        \
			size_t n_ = strlen(src) + 1;                                              \
			memcpy(p, src, n_);                                                       \
			(dst) = p;                                                                \
			p += n_;                                                                  \
		}                                                                                 \
	} while (0)
	const char **g[] = {&c->id, &c->name, &c->type, &c->country, &c->attributes,
	                    &c->dob, &c->nationality, &c->address, &c->city, &c->imo};
	for (size_t i = 0; i < nf; i++)
		COPY(*g[i], *f[i]);
	for (size_t k = 0; k < rec->nids; k++) {
		ids[k] = (clr_query_id){NULL, NULL, NULL};
		COPY(ids[k].type, rec->ids[k].type);
		COPY(ids[k].number, rec->ids[k].number);
		COPY(ids[k].country, rec->ids[k].country);
	}
#undef COPY
	c->ids = rec->nids ? ids : NULL;
	*out = c;
	return 0;
}
