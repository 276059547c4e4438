/*
 * csv.c - the line-tracking CSV driver (csv.h): feeds libcsv one physical
 * line at a time so that every record knows its start line, caps fields,
 * and resynchronises at the next line after a bad record when the caller
 * goes on.  Never reads past its buffer.  The core words no message: its
 * front ends do, clr__csv_each below and clr__table_each in owner/table.c.
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

typedef struct csv_run {
	const clr_csv_reader *rd;
	clr_csv_rec rec;
	clr_buf data;            /* bytes of the current record's fields */
	size_t off[CLR_MAX_FIELDS];
	clr_csv_bad bad;         /* the current record already failed */
	int row_done;            /* a record ended in the line being fed */
	int rc;
} csv_run;

static void csv_reset_rec(csv_run *r)
{
	clr__buf_clear(&r->data);
	r->rec.nf = 0;
	r->bad = 0;
}

/* Tells the caller about the current record and forgets it. */
static int csv_bad(csv_run *r, clr_csv_bad what, size_t line)
{
	int rc = r->rd->bad(r->rd->payload, &r->rec, what, line);
	csv_reset_rec(r);
	return rc < 0 ? rc : 0;
}

static void csv_on_field(void *s, size_t n, void *payload)
{
	csv_run *r = payload;
	if (r->rc || r->bad)
		return;
	if (r->rec.nf >= CLR_MAX_FIELDS) {
		r->bad = CLR_CSV_TOO_MANY;
		return;
	}
	if (n > CLR_MAX_FIELD_BYTES) {
		r->bad = CLR_CSV_TOO_LONG;
		return;
	}
	r->off[r->rec.nf] = r->data.len;
	r->rec.n[r->rec.nf] = n;
	if (clr__buf_put(&r->data, s ? s : "", n) || clr__buf_putc(&r->data, '\0')) {
		r->rc = csv_bad(r, CLR_CSV_NOMEM, r->rec.line);
		return;
	}
	r->rec.nf++;
}

static void csv_on_row(int c, void *payload)
{
	csv_run *r = payload;
	int rc = 0;
	(void)c;
	if (r->rc)
		return;
	r->row_done = 1;
	if (r->bad) {
		r->rc = csv_bad(r, r->bad, r->rec.line);
		return;
	}
	for (size_t i = 0; i < r->rec.nf; i++)
		r->rec.v[i] = r->data.p + r->off[i];
	if (!(r->rd->flags & CLR_CSV_COMMENTS) || !r->rec.nf || !r->rec.n[0] ||
	    r->rec.v[0][0] != '#')
		rc = r->rd->row(r->rd->payload, &r->rec);
	r->rc = rc < 0 ? rc : 0;
	csv_reset_rec(r);
}

static int csv_start(struct csv_parser *p, const clr_csv_reader *rd)
{
	/* whole lines also keep libcsv's room for a NUL after each field, as
	 * the tables' reader always did: its buffer grows a byte sooner */
	if (csv_init(p, CSV_OPTS | (rd->flags & CLR_CSV_WHOLE_LINES ? CSV_APPEND_NULL : 0)))
		return -1;
	csv_set_delim(p, rd->delim);
	csv_set_blk_size(p, CSV_BLOCK);
	return 0;
}

static int csv_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* End of the physical line at pos: after "\n", "\r\n" or a lone "\r", the
 * three ways libcsv ends a record, so a record can only end at a line end. */
static size_t csv_line_end(const char *buf, size_t pos, size_t len)
{
	for (size_t i = pos; i < len; i++) {
		if (buf[i] == '\n')
			return i + 1;
		if (buf[i] == '\r')
			return i + 1 < len && buf[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return len;
}

/* Feeds one line, checking libcsv's field buffer after each chunk: a field
 * within the limit never fills it past the margin.  CLR_CSV_WHOLE_LINES
 * feeds the line at once against a margin of one chunk, as the tables'
 * reader always did, so that a long value gets the error it always got.
 * Returns 0 or what is wrong with the line. */
static clr_csv_bad csv_feed(csv_run *r, struct csv_parser *p, const char *s, size_t n)
{
	int whole = r->rd->flags & CLR_CSV_WHOLE_LINES;
	size_t chunk = whole ? n : CSV_CHUNK;
	size_t cap = CLR_MAX_FIELD_BYTES + (whole ? CSV_CHUNK : 2 * CSV_CHUNK);
	for (size_t at = 0; at < n && !r->rc; at += chunk) {
		size_t k = n - at < chunk ? n - at : chunk;
		if (csv_parse(p, s + at, k, csv_on_field, csv_on_row, r) != k)
			return CLR_CSV_QUOTING;
		if (csv_get_buffer_size(p) > cap)
			return CLR_CSV_RUNAWAY;
	}
	return 0;
}

int clr__csv_read(const char *buf, size_t len, const clr_csv_reader *rd)
{
	struct csv_parser p;
	csv_run r = {.rd = rd};
	size_t pos = 0, line = 0;
	int open = 0, started = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		pos = 3;
	if (csv_start(&p, rd))
		return csv_bad(&r, CLR_CSV_NOMEM, 0);
	started = 1;
	while (pos < len && !r.rc) {
		size_t end = csv_line_end(buf, pos, len);
		clr_csv_bad err;
		line++;
		if (!open)
			r.rec.line = line;
		r.row_done = 0;
		if (!open && (rd->flags & CLR_CSV_COMMENTS) && buf[pos] == '#') {
			pos = end; /* a comment line, quotes and all */
			continue;
		}
		if ((rd->flags & CLR_CSV_NO_NUL) && memchr(buf + pos, '\0', end - pos))
			err = CLR_CSV_NUL;
		else
			err = csv_feed(&r, &p, buf + pos, end - pos);
		if (r.rc)
			break;
		if (err) {
			/* libcsv cannot resume after an error: restart it at the next line */
			if ((r.rc = csv_bad(&r, err, line)) < 0)
				break;
			csv_free(&p);
			started = 0;
			if (csv_start(&p, rd)) {
				r.rc = csv_bad(&r, CLR_CSV_NOMEM, line);
				break;
			}
			started = 1;
			open = 0;
		} else {
			open = !r.row_done && (open || !csv_blank(buf + pos, end - pos));
		}
		pos = end;
	}
	if (!r.rc && started && csv_fini(&p, csv_on_field, csv_on_row, &r) != 0 && !r.rc)
		r.rc = csv_bad(&r, CLR_CSV_UNTERMINATED, line);
	if (started)
		csv_free(&p);
	clr__buf_free(&r.data);
	return r.rc;
}

/* ---- the loader's front end ------------------------------------------- */

typedef struct csv_each_run {
	clr_loader *ld;
	clr_csv_opts *o;
} csv_each_run;

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

static int each_row(void *payload, const clr_csv_rec *rec)
{
	csv_each_run *e = payload;
	size_t want = e->o->expect, nf = rec->nf;
	e->o->records++;
	e->ld->failed_row = 0;
	if (want && nf != want)
		return clr__csv_fail(e->ld, e->o, rec->line, nf < want ? nf : want, CLR_EINPUT,
		                     "record has %zu fields, expected %zu", nf, want);
	return e->o->row(e->o->payload, rec);
}

/* Counts the bad record and reports it; a structural fault found on a later
 * line than the record's first is named "(at line N)". */
static int each_bad(void *payload, const clr_csv_rec *rec, clr_csv_bad what, size_t line)
{
	csv_each_run *e = payload;
	char where[48] = "";
	if (what == CLR_CSV_NOMEM)
		return clr__loader_fatal(e->ld, line, NULL, CLR_ENOMEM, "out of memory");
	e->o->records++;
	if (line != rec->line)
		snprintf(where, sizeof(where), " (at line %zu)", line);
	switch (what) {
	case CLR_CSV_TOO_MANY:
		return clr__csv_fail(e->ld, e->o, rec->line, rec->nf, CLR_ELIMIT,
		                     "more than %u fields in one record", CLR_MAX_FIELDS);
	case CLR_CSV_TOO_LONG:
	case CLR_CSV_RUNAWAY:
		return clr__csv_fail(e->ld, e->o, rec->line, rec->nf, CLR_ELIMIT,
		                     "value exceeds the limit of %u bytes%s", CLR_MAX_FIELD_BYTES,
		                     where);
	case CLR_CSV_QUOTING:
		return clr__csv_fail(e->ld, e->o, rec->line, rec->nf, CLR_EINPUT,
		                     "malformed quoting: a stray '\"' or text after a closing "
		                     "quote%s", where);
	default: /* CLR_CSV_UNTERMINATED; no CLR_CSV_NUL without CLR_CSV_NO_NUL */
		return clr__csv_fail(e->ld, e->o, rec->line, rec->nf, CLR_EINPUT,
		                     "unterminated quoted field at the end of the file");
	}
}

int clr__csv_each(clr_loader *ld, const char *buf, size_t len, clr_csv_opts *o)
{
	csv_each_run e = {.ld = ld, .o = o};
	clr_csv_reader rd = {.delim = o->delim, .row = each_row, .bad = each_bad, .payload = &e};
	int rc;
	/* trailing blank lines and a DOS end-of-file mark end no record */
	while (len && (buf[len - 1] == 0x1A || buf[len - 1] == ' ' || buf[len - 1] == '\t' ||
	               buf[len - 1] == '\r' || buf[len - 1] == '\n'))
		len--;
	rc = clr__csv_read(buf, len, &rd);
	ld->failed_row = 0;
	return rc;
}
