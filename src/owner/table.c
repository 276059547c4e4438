/*
 * table.c - the CSV reader of the ownership file and of the rule tables
 * (calendar, Supplement No. 2): the driver of lists/csv.h with blank
 * records skipped and its errors worded "file:line: ..." into a clr_buf.
 * Never reads past its buffer, never prints.
 */
#include <stdio.h>

#include "owner.h"
#include "../lists/csv.h"

typedef struct table_run {
	const char *file;
	int (*row)(void *, const clr_csv_rec *);
	void *payload;
	clr_buf *err;
} table_run;

static int table_row(void *payload, const clr_csv_rec *rec)
{
	table_run *t = payload;
	if (rec->nf == 1 && rec->n[0] == 0)
		return 0; /* blank */
	return t->row(t->payload, rec);
}

/* Words a bad record as the tables always have: at its first line, or for a
 * NUL byte or no memory at the line where it was met (0: before any). */
static int table_bad(void *payload, const clr_csv_rec *rec, clr_csv_bad what, size_t line)
{
	static const char *const text[] = {
		[CLR_CSV_TOO_MANY] = "more fields than the limit of limits.h",
		[CLR_CSV_TOO_LONG] = "a value exceeds the limit of limits.h",
		[CLR_CSV_QUOTING] = "malformed quoting: a stray '\"' or text after a closing quote",
		[CLR_CSV_UNTERMINATED] = "unterminated quoted field at the end of the file",
		[CLR_CSV_NUL] = "NUL byte in the text",
		[CLR_CSV_NOMEM] = "out of memory",
	};
	table_run *t = payload;
	size_t at = what == CLR_CSV_NUL || what == CLR_CSV_NOMEM ? line : rec->line;
	clr__buf_clear(t->err);
	if (what == CLR_CSV_RUNAWAY)
		clr__buf_printf(t->err, "%s:%zu: a value exceeds the limit of %u bytes", t->file, at,
		                CLR_MAX_FIELD_BYTES);
	else if (at)
		clr__buf_printf(t->err, "%s:%zu: %s", t->file, at, text[what]);
	else
		clr__buf_printf(t->err, "%s: %s", t->file, text[what]);
	if (what == CLR_CSV_NOMEM)
		return CLR_ENOMEM;
	return what <= CLR_CSV_RUNAWAY ? CLR_ELIMIT : CLR_EINPUT;
}

int clr__table_each(const char *buf, size_t len, const char *file, int comments,
                    int (*row)(void *payload, const clr_csv_rec *r), void *payload,
                    clr_buf *err)
{
	table_run t = {.file = file, .row = row, .payload = payload, .err = err};
	clr_csv_reader rd = {.delim = ',', .flags = CLR_CSV_NO_NUL | CLR_CSV_WHOLE_LINES,
	                     .row = table_row, .bad = table_bad, .payload = &t};
	if (comments)
		rd.flags |= CLR_CSV_COMMENTS;
	return clr__csv_read(buf, len, &rd);
}
