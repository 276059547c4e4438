/*
 * xlsx.h - the XLSX (Office Open XML workbook) reader under the spreadsheet
 * list parsers (UK OFSI, Australia DFAT, Japan METI): the archive opened by
 * libzip from the file image, the sheet found through workbook.xml and its
 * relationships, shared strings read (furigana runs left out), and the
 * sheet's rows handed over one at a time with each cell in its column.
 * Every part is read through the XML reader (xml.c) with its defences, and
 * every size hostile input can inflate is capped (limits.h: zip bombs
 * included).  Never interprets a cell: that is the parsers' business.
 */
#ifndef CLR_LISTS_XLSX_H
#define CLR_LISTS_XLSX_H

#include "loader.h"

typedef enum clr_xlsx_type {
	CLR_XLSX_EMPTY = 0,
	CLR_XLSX_TEXT,   /* a shared, inline or formula string */
	CLR_XLSX_NUMBER, /* a number as written ("41988", "2.5"): dates are numbers */
	CLR_XLSX_BOOL,   /* "0" or "1" */
	CLR_XLSX_ERROR,  /* "#N/A" ... */
} clr_xlsx_type;

/* One row of the sheet: cell i is in column i + 1 (A = 0); missing cells
 * are empty ("", 0).  Texts are NUL-terminated, valid UTF-8, at most
 * CLR_MAX_XLSX_CELL_BYTES, and valid until the callback returns. */
typedef struct clr_xlsx_row {
	size_t row;   /* the row's number in the sheet, 1-based */
	size_t nf;    /* columns up to the last non-empty cell */
	int date1904; /* the workbook counts dates from 1904 (clr__xlsx_date) */
	const char *v[CLR_MAX_FIELDS];
	size_t n[CLR_MAX_FIELDS];
	unsigned char type[CLR_MAX_FIELDS]; /* clr_xlsx_type */
} clr_xlsx_row;

/* Returned by a row callback to stop reading early; clr__xlsx_read then
 * returns 0. */
#define CLR_XLSX_STOP (-1000)

/* Reads the sheet named sheet (NULL: the first) of the workbook in buf,
 * calling row for each row with a non-empty cell, in order.  Returns 0, or
 * the negative error set on ld (naming the file, the part or sheet, and the
 * row or line), or what row returned.  While row runs, messages of
 * clr__loader_fail name the place "file:Sheet!ROW:". */
int clr__xlsx_read(clr_loader *ld, const char *buf, size_t len, const char *sheet,
                   int (*row)(void *payload, const clr_xlsx_row *r), void *payload);

/* An Excel serial day number (1900 system, with its phantom 29 February
 * 1900, or the 1904 system) as an ISO date into out[11]; a fraction (the
 * time of day) is dropped.  0, or -1 when s is no serial day. */
int clr__xlsx_date(const char *s, size_t n, int date1904, char out[11]);

/* "A1"-style column letters of column i (0-based) into out[4]. */
void clr__xlsx_col_name(size_t i, char out[4]);

#endif
