/*
 * csv.h - the line-tracking CSV driver over libcsv shared by the OFAC and
 * DPL parsers: records with the physical line where each starts, field
 * limits, and strict/lenient error reporting through the loader.
 */
#ifndef CLR_CSV_H
#define CLR_CSV_H

#include "loader.h"

typedef struct clr_csv_rec {
	size_t line; /* physical line where the record starts */
	size_t nf;
	const char *v[CLR_MAX_FIELDS]; /* NUL-terminated copies; may hold NULs of their own */
	size_t n[CLR_MAX_FIELDS];
} clr_csv_rec;

typedef struct clr_csv_opts {
	const char *file;         /* file named in messages; NULL: the loader's own path */
	unsigned char delim;
	const char *const *names; /* field names for messages (may change between rows) */
	size_t nnames;
	size_t expect;            /* fields per record, 0: any; checked before row() */
	int (*row)(void *payload, const clr_csv_rec *rec);
	void *payload;
	size_t records;           /* out: records read, good or bad */
} clr_csv_opts;

int clr__csv_each(clr_loader *ld, const char *buf, size_t len, clr_csv_opts *o);
int clr__csv_fail(clr_loader *ld, const clr_csv_opts *o, size_t line, size_t field, int code,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Whether s holds only spaces, tabs and line ends. */
int clr__csv_blank(const char *s, size_t n);
/* End of the physical line at pos: after "\n", "\r\n" or a lone "\r", the
 * three ways libcsv ends a record. */
size_t clr__csv_line_end(const char *buf, size_t pos, size_t len);

#endif
