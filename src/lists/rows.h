/*
 * rows.h - rows of a table kept until their group is complete: the UK list
 * gives one row per name variant with the variants of a party scattered
 * over the file, Australia's list an alias row ("2940j") that may come long
 * after its primary.  Rows are kept by their key in one pool, sorted by key
 * (then by row) and handed back a group at a time.  Also the splitting of
 * the enumerations these lists write in one cell ("a) X b) Y", "(1) X (2) Y").
 */
#ifndef CLR_LISTS_ROWS_H
#define CLR_LISTS_ROWS_H

#include "xml.h"

typedef struct clr_row {
	size_t line;   /* the row's number (sheet) or line (CSV) */
	clr_span key;
	size_t first;  /* index of its first field in clr_rows.fields */
	size_t nf;
} clr_row;

typedef struct clr_rows {
	clr_buf pool;
	CLR_VEC(clr_row) rows;
	CLR_VEC(clr_span) fields;
} clr_rows;

/* Keeps a row of nf fields (trimmed) under key. */
int clr__rows_add(clr_loader *ld, clr_rows *t, size_t line, const char *key, size_t kn,
                  size_t nf, const char *const *v, const size_t *n);
/* Sorts the rows by key, then by line. */
void clr__rows_sort(clr_rows *t);
/* Field f of row r, "" (0) when the row has no such field. */
const char *clr__rows_field(const clr_rows *t, const clr_row *r, size_t f, size_t *n);
/* The rows of the group starting at i: their count. */
size_t clr__rows_group(const clr_rows *t, size_t i);
void clr__rows_free(clr_rows *t);

/* Calls commit for each group of the rows, sorted first, until it returns
 * < 0; that, or 0. */
int clr__rows_groups(clr_rows *t, int (*commit)(void *payload, size_t first, size_t count),
                     void *payload);
/* The same, the groups in the order of their first rows in the file (a
 * list whose entries should come out in its own order).  CLR_ENOMEM is
 * reported on ld. */
int clr__rows_groups_in_order(clr_loader *ld, clr_rows *t,
                              int (*commit)(void *payload, size_t first, size_t count),
                              void *payload);

/* The columns of a list in its header row: at[c] the row's column whose
 * text is names[c] (without regard to case; on the cell's last line when
 * last_line: "別名\nAlso Known As"), -1 when none.  The number found. */
int clr__rows_header(int *at, const char *const *names, int nc, int last_line, size_t nf,
                     const char *const *v, const size_t *n);
/* A row's fields in the list's order of columns (at of clr__rows_header)
 * into fv, fn; "" for a column the row lacks.  A number in a column of
 * dates (is_date[c]) is an Excel serial day, read as ISO into days[c];
 * types NULL (a CSV row) reads every field as text. */
void clr__rows_pick(const char **fv, size_t *fn, char (*days)[11], const int *at, int nc,
                    const unsigned char *is_date, size_t nf, const char *const *v,
                    const size_t *n, const unsigned char *types, int date1904);

/* Calls add for each item of an enumeration in s: "a) X b) Y", "(1) X (2)
 * Y" (markers a) to z) or (1) to (99), the first at the start), or s
 * whole when it has none; items trimmed of white space and ';' ','. */
int clr__split_enum(clr_loader *ld, const char *s, size_t n, void *payload,
                    int (*add)(clr_loader *ld, void *payload, const char *s, size_t n));

#endif
