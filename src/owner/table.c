/*
 * table.c - the line-tracking CSV reader of the ownership file and of the
 * rule tables (calendar, Supplement No. 2): libcsv fed one physical line at
 * a time so that each record knows its start line; fields and field counts
 * capped by limits.h.  Never reads past its buffer, never prints.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "owner.h"
#include "../lists/csv.h"

typedef struct table_run {
	const char *file;
	int comments;
	int (*row)(void *, const clr_table_row *);
	void *payload;
	clr_buf *err;
	clr_table_row rec;
	clr_buf data;
	size_t off[CLR_MAX_FIELDS];
	int bad;     /* 1: too many fields, 2: field too long, 3: no memory */
	int ended;   /* a record ended in the current line */
	int rc;
} table_run;

static void on_field(void *s, size_t n, void *payload)
{
	table_run *r = payload;
	if (r->rc || r->bad)
		return;
	if (r->rec.nf >= CLR_MAX_FIELDS) {
		r->bad = 1;
		return;
	}
	if (n > CLR_MAX_FIELD_BYTES) {
		r->bad = 2;
		return;
	}
	r->off[r->rec.nf] = r->data.len;
	r->rec.n[r->rec.nf] = n;
	if (clr__buf_put(&r->data, s ? s : "", n) || clr__buf_putc(&r->data, '\0')) {
		r->bad = 3;
		return;
	}
	r->rec.nf++;
}

static void on_row(int c, void *payload)
{
	table_run *r = payload;
	(void)c;
	r->ended = 1;
	if (r->rc)
		goto done;
	if (r->bad) {
		clr__buf_clear(r->err);
		if (r->bad == 3)
			r->rc = CLR_ENOMEM;
		else if (r->bad == 1)
			r->rc = CLR_ELIMIT;
		else
			r->rc = CLR_ELIMIT;
		clr__buf_printf(r->err, "%s:%zu: %s", r->file, r->rec.line,
		                r->bad == 3   ? "out of memory"
		                : r->bad == 1 ? "more fields than the limit of limits.h"
		                              : "a value exceeds the limit of limits.h");
		goto done;
	}
	for (size_t i = 0; i < r->rec.nf; i++)
		r->rec.v[i] = r->data.p + r->off[i];
	if (r->comments && r->rec.nf && r->rec.n[0] && r->rec.v[0][0] == '#')
		goto done;
	if (r->rec.nf == 1 && r->rec.n[0] == 0)
		goto done; /* blank */
	{
		int rc = r->row(r->payload, &r->rec);
		if (rc < 0)
			r->rc = rc;
	}
done:
	clr__buf_clear(&r->data);
	r->rec.nf = 0;
	r->bad = 0;
}

int clr__table_each(const char *buf, size_t len, const char *file, int comments,
                    int (*row)(void *payload, const clr_table_row *r), void *payload,
                    clr_buf *err)
{
	struct csv_parser p;
	table_run r = {.file = file, .comments = comments, .row = row, .payload = payload,
	               .err = err};
	size_t pos = 0, line = 0;
	int open = 0;

	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		pos = 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		clr__buf_clear(err);
		clr__buf_printf(err, "%s: out of memory", file);
		return CLR_ENOMEM;
	}
	csv_set_blk_size(&p, 4096);
	while (pos < len && !r.rc) {
		size_t end = clr__csv_line_end(buf, pos, len);
		line++;
		if (!open)
			r.rec.line = line;
		r.ended = 0;
		if (!open && comments && buf[pos] == '#') {
			pos = end; /* a comment line, quotes and all */
			continue;
		}
		if (memchr(buf + pos, '\0', end - pos)) {
			clr__buf_clear(err);
			clr__buf_printf(err, "%s:%zu: NUL byte in the text", file, line);
			r.rc = CLR_EINPUT;
			break;
		}
		if (csv_parse(&p, buf + pos, end - pos, on_field, on_row, &r) != end - pos) {
			if (!r.rc) {
				clr__buf_clear(err);
				clr__buf_printf(err, "%s:%zu: malformed quoting: a stray '\"' or text "
				                "after a closing quote", file, r.rec.line);
				r.rc = CLR_EINPUT;
			}
			break;
		}
		if (csv_get_buffer_size(&p) > CLR_MAX_FIELD_BYTES + 65536u && !r.rc) {
			clr__buf_clear(err);
			clr__buf_printf(err, "%s:%zu: a value exceeds the limit of %u bytes", file,
			                r.rec.line, CLR_MAX_FIELD_BYTES);
			r.rc = CLR_ELIMIT;
			break;
		}
		open = !r.ended && (open || !clr__csv_blank(buf + pos, end - pos));
		pos = end;
	}
	if (!r.rc && csv_fini(&p, on_field, on_row, &r) != 0 && !r.rc) {
		clr__buf_clear(err);
		clr__buf_printf(err, "%s:%zu: unterminated quoted field at the end of the file", file,
		                r.rec.line);
		r.rc = CLR_EINPUT;
	}
	csv_free(&p);
	clr__buf_free(&r.data);
	return r.rc;
}
