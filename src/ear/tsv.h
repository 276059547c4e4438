/*
 * tsv.h - the reader of the EAR tables (tsv.c), internal to src/ear.
 */
#ifndef CLR_EAR_TSV_H
#define CLR_EAR_TSV_H

#include <stdarg.h>
#include <stdint.h>

#include "../util/util.h"

#define CLR_EAR_MAX_WANT 32 /* columns one table reads */

typedef struct clr_ear_meta {
	int32_t from;       /* yyyymmdd of "# in force from:" */
	const char *source; /* the first "# source:" line's value, in buf */
	size_t source_len;
} clr_ear_meta;

/* One row: v[i], n[i] are the fields of want[i], trimmed; < 0 stops. */
typedef int (*clr_ear_row_fn)(void *payload, size_t line, const char *const *v,
                              const size_t *n);

int clr__ear_tsv_each(const char *buf, size_t len, const char *file, const char *const *want,
                      size_t nwant, clr_ear_row_fn row, void *payload, clr_ear_meta *meta,
                      clr_buf *err);

/* "file:line: field 'f': msg" into err; CLR_EINPUT. */
int clr__ear_fail(clr_buf *err, const char *file, size_t line, const char *field,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
