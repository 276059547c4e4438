/*
 * csv.h - the one line-tracking CSV driver over libcsv: records with the
 * physical line where each starts, field limits, and every bad record told
 * to the caller.  Two front ends: clr__csv_each for the OFAC and DPL
 * parsers (strict/lenient reporting through the loader) and
 * clr__table_each (owner.h) for the ownership file and the rule tables.
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

/* What is wrong with a bad record; its field rec->nf is the one at fault.
 * The first three are limits (CLR_ELIMIT), the rest bad input. */
typedef enum clr_csv_bad {
	CLR_CSV_TOO_MANY = 1, /* more than CLR_MAX_FIELDS fields */
	CLR_CSV_TOO_LONG,     /* a field longer than CLR_MAX_FIELD_BYTES */
	CLR_CSV_RUNAWAY,      /* a field far past that before it even ended */
	CLR_CSV_QUOTING,      /* a stray '"' or text after a closing quote */
	CLR_CSV_UNTERMINATED, /* a quoted field still open at the end */
	CLR_CSV_NUL,          /* a NUL byte, with CLR_CSV_NO_NUL */
	CLR_CSV_NOMEM,
} clr_csv_bad;

#define CLR_CSV_COMMENTS 1u    /* lines and records that open with '#' are skipped */
#define CLR_CSV_NO_NUL 2u      /* a line holding a NUL byte is bad */
#define CLR_CSV_WHOLE_LINES 4u /* the tables' feeding: their limits trip where they did */

typedef struct clr_csv_reader {
	unsigned char delim;
	unsigned flags; /* CLR_CSV_* */
	/* Every good record; < 0 stops the reading and is returned. */
	int (*row)(void *payload, const clr_csv_rec *rec);
	/* Every bad record: rec->line and rec->nf as read so far, line where the
	 * fault was found (0: before the first).  < 0 stops the reading and is
	 * returned (always so for CLR_CSV_NOMEM); 0 goes on at the next line. */
	int (*bad)(void *payload, const clr_csv_rec *rec, clr_csv_bad what, size_t line);
	void *payload;
} clr_csv_reader;

/* Reads buf (a UTF-8 byte order mark skipped); 0 or what a callback returned. */
int clr__csv_read(const char *buf, size_t len, const clr_csv_reader *rd);

/* The loader's front end: bad records reported through clr__loader_fail,
 * so that lenient mode skips them and strict mode stops. */
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

#endif
