/*
 * csv.c - the line-tracking CSV driver (csv.h): feeds libcsv one physical
 * line at a time so that every record knows its start line, caps fields,
 * and resynchronises at the next line after a bad record in lenient mode.
 * Never reads past its buffer.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"

/* libcsv is fed one physical line at a time, in chunks, so that the start
 * line of every record is known and a runaway field is caught early. */
#define CSV_CHUNK (64u * 1024u)
#define CSV_BLOCK 4096u /* libcsv grows its field buffer by this much */
#define CSV_OPTS (CSV_STRICT | CSV_STRICT_FINI)

enum { REC_OK, REC_TOO_MANY, REC_TOO_LONG };

typedef struct csv_run {
	clr_loader *ld;
	clr_csv_opts *o;
	clr_csv_rec rec;
	clr_buf data;            /* bytes of the current record's fields */
	size_t off[CLR_MAX_FIELDS];
	int bad;                 /* REC_*: the current record already failed */
	size_t bad_field;
	int row_done;            /* a record ended in the line being fed */
	int rc;
} csv_run;

int clr__csv_fail(clr_loader *ld, const clr_csv_opts *o, size_t line, size_t field, int code,
                  const char *fmt, ...)
{
	char msg[512], col[32];
	const char *name = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (field < o->nnames && o->names[field])
		name = o->names[field];
	else if (field != (size_t)-1) {
		snprintf(col, sizeof(col), "column %zu", field + 1);
		name = col;
	}
	if (o->file)
		return clr__loader_fail(ld, 0, name, code, "%s:%zu: %s", o->file, line, msg);
	return clr__loader_fail(ld, line, name, code, "%s", msg);
}

static void csv_reset_rec(csv_run *r)
{
	clr__buf_clear(&r->data);
	r->rec.nf = 0;
	r->bad = REC_OK;
}

static void csv_on_field(void *s, size_t n, void *payload)
{
	csv_run *r = payload;
	if (r->rc || r->bad)
		return;
	if (r->rec.nf >= CLR_MAX_FIELDS) {
		r->bad = REC_TOO_MANY;
		return;
	}
	if (n > CLR_MAX_FIELD_BYTES) {
		r->bad = REC_TOO_LONG;
		r->bad_field = r->rec.nf;
		return;
	}
	r->off[r->rec.nf] = r->data.len;
	r->rec.n[r->rec.nf] = n;
	if (clr__buf_put(&r->data, s ? s : "", n) || clr__buf_putc(&r->data, '\0')) {
		r->rc = clr__loader_fatal(r->ld, r->rec.line, NULL, CLR_ENOMEM, "out of memory");
		return;
	}
	r->rec.nf++;
}

static int csv_check_count(csv_run *r)
{
	size_t want = r->o->expect, nf = r->rec.nf;
	if (!want || nf == want)
		return 0;
	return clr__csv_fail(r->ld, r->o, r->rec.line, nf < want ? nf : want, CLR_EINPUT,
	                     "record has %zu fields, expected %zu", nf, want);
}

static void csv_on_row(int c, void *payload)
{
	csv_run *r = payload;
	int rc = 0;
	(void)c;
	if (r->rc)
		return;
	r->row_done = 1;
	r->o->records++;
	r->ld->failed_row = 0;
	if (r->bad == REC_TOO_MANY)
		rc = clr__csv_fail(r->ld, r->o, r->rec.line, CLR_MAX_FIELDS, CLR_ELIMIT,
		                   "more than %u fields in one record", CLR_MAX_FIELDS);
	else if (r->bad == REC_TOO_LONG)
		rc = clr__csv_fail(r->ld, r->o, r->rec.line, r->bad_field, CLR_ELIMIT,
		                   "value exceeds the limit of %u bytes", CLR_MAX_FIELD_BYTES);
	else if ((rc = csv_check_count(r)) == 0 && !r->ld->failed_row) {
		for (size_t i = 0; i < r->rec.nf; i++)
			r->rec.v[i] = r->data.p + r->off[i];
		rc = r->o->row(r->o->payload, &r->rec);
	}
	r->rc = rc < 0 ? rc : 0;
	csv_reset_rec(r);
}

static int csv_start(struct csv_parser *p, unsigned char delim)
{
	if (csv_init(p, CSV_OPTS))
		return -1;
	csv_set_delim(p, delim);
	csv_set_blk_size(p, CSV_BLOCK);
	return 0;
}

int clr__csv_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* End of the physical line at pos: after "\n", "\r\n" or a lone "\r", the
 * three ways libcsv ends a record, so a record can only end at a line end. */
size_t clr__csv_line_end(const char *buf, size_t pos, size_t len)
{
	for (size_t i = pos; i < len; i++) {
		if (buf[i] == '\n')
			return i + 1;
		if (buf[i] == '\r')
			return i + 1 < len && buf[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return len;
}

/* Reports a structural error of the record being read (bad quoting, a
 * runaway field); in lenient mode the caller restarts at the next line. */
static int csv_structural(csv_run *r, size_t at_line, int too_long)
{
	char where[48] = "";
	if (at_line != r->rec.line)
		snprintf(where, sizeof(where), " (at line %zu)", at_line);
	r->o->records++;
	int rc = too_long
		? clr__csv_fail(r->ld, r->o, r->rec.line, r->rec.nf, CLR_ELIMIT,
		                "value exceeds the limit of %u bytes%s", CLR_MAX_FIELD_BYTES, where)
		: clr__csv_fail(r->ld, r->o, r->rec.line, r->rec.nf, CLR_EINPUT,
		                "malformed quoting: a stray '\"' or text after a closing quote%s",
		                where);
	csv_reset_rec(r);
	return rc;
}

int clr__csv_each(clr_loader *ld, const char *buf, size_t len, clr_csv_opts *o)
{
	struct csv_parser p;
	csv_run r = {.ld = ld, .o = o};
	size_t pos = 0, line = 0;
	int open = 0, started = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (len > pos && (buf[len - 1] == 0x1A || buf[len - 1] == ' ' || buf[len - 1] == '\t' ||
	                     buf[len - 1] == '\r' || buf[len - 1] == '\n'))
		len--;
	if (csv_start(&p, o->delim))
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	started = 1;
	while (pos < len && !r.rc) {
		size_t end = clr__csv_line_end(buf, pos, len), at = pos;
		int err = 0;
		line++;
		if (!open)
			r.rec.line = line;
		r.row_done = 0;
		while (at < end && !r.rc && !err) {
			size_t n = end - at < CSV_CHUNK ? end - at : CSV_CHUNK;
			if (csv_parse(&p, buf + at, n, csv_on_field, csv_on_row, &r) != n)
				err = 1;
			else if (csv_get_buffer_size(&p) > CLR_MAX_FIELD_BYTES + 2 * CSV_CHUNK)
				err = 2;
			at += n;
		}
		if (r.rc)
			break;
		if (err) {
			/* libcsv cannot resume after an error: restart it at the next line */
			if ((r.rc = csv_structural(&r, line, err == 2)) < 0)
				break;
			csv_free(&p);
			started = 0;
			if (csv_start(&p, o->delim)) {
				r.rc = clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
				break;
			}
			started = 1;
			open = 0;
		} else {
			open = !r.row_done && (open || !clr__csv_blank(buf + pos, end - pos));
		}
		pos = end;
	}
	if (!r.rc && started && csv_fini(&p, csv_on_field, csv_on_row, &r) != 0 && !r.rc) {
		o->records++;
		r.rc = clr__csv_fail(ld, o, r.rec.line, r.rec.nf, CLR_EINPUT,
		                     "unterminated quoted field at the end of the file");
		csv_reset_rec(&r);
	}
	if (started)
		csv_free(&p);
	clr__buf_free(&r.data);
	ld->failed_row = 0;
	return r.rc;
}
