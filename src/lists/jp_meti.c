/*
 * jp_meti.c - Japan's METI End User List (XLSX: one row per entity, the
 * header and the country in Japanese and English on two lines of a cell,
 * the aliases one a line behind "・") into entries.  Owns the reading of
 * those bilingual cells; the furigana over Japanese text are left out by
 * xlsx.c, which reads the cells.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rows.h"
#include "xlsx.h"

enum { C_NO, C_COUNTRY, C_NAME, C_AKA, C_WMD, C_CW, NC };
/* the English line of each header cell */
static const char *const cols[NC] = {"No.", "Country or Region", "Company or Organization",
                                     "Also Known As", "Type of WMD", "Conventional Weapons"};

typedef struct jp_parse {
	clr_loader *ld;
	int header;
	int at[NC];
	clr_buf text;
} jp_parse;

/* The last line of a cell: the English of "ロシア\nRussian Federation". */
static void english(const char **s, size_t *n)
{
	clr__trim(s, n);
	const char *nl = NULL;
	for (size_t i = 0; i < *n; i++)
		if ((*s)[i] == '\n')
			nl = *s + i;
	if (nl) {
		*n -= (size_t)(nl + 1 - *s);
		*s = nl + 1;
	}
	clr__trim(s, n);
}

static int header_row(jp_parse *jp, const clr_xlsx_row *r)
{
	(void)clr__rows_header(jp->at, cols, NC, 1, r->nf, r->v, r->n);
	for (int c = C_NO; c <= C_NAME; c++)
		if (jp->at[c] < 0)
			return clr__loader_fatal(jp->ld, r->row, cols[c], CLR_EINPUT,
			                         "the header has no column '%s'", cols[c]);
	jp->header = 1;
	return 0;
}

static const char *cell(const jp_parse *jp, const clr_xlsx_row *r, int c, size_t *n)
{
	int i = jp->at[c];
	if (i < 0 || (size_t)i >= r->nf) {
		*n = 0;
		return "";
	}
	*n = r->n[i];
	return r->v[i];
}

/* A name as listed, its full-width forms (U+FF01-U+FF5E: "（DEC）",
 * "ＩＲＧＣ"; U+3000, the ideographic space) read as ASCII; a part in
 * parentheses at its end is an alias ("Delta Engineering Concern FZE
 * (DEC)", "Academy of National Defence Science (国防科学院)"). */
static int add_name(clr_loader *ld, clr_buf *b, const char *s, size_t n, clr_name_kind kind,
                    const char *field)
{
	clr__buf_clear(b);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		unsigned cp = i + 2 < n && (u[0] & 0xF0) == 0xE0
		                  ? (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F)
		                  : 0;
		int rc;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			rc = clr__buf_putc(b, (char)(cp - 0xFEE0)), i += 2;
		else if (cp == 0x3000)
			rc = clr__buf_putc(b, ' '), i += 2;
		else
			rc = clr__buf_putc(b, s[i]);
		if (rc)
			return clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM, "out of memory");
	}
	const char *s2 = b->p ? b->p : "";
	size_t n2 = b->len, open = n2;
	clr__trim(&s2, &n2);
	if (n2 && s2[n2 - 1] == ')')
		for (size_t i = n2 - 1, depth = 0; i-- > 0;) {
			depth += s2[i] == ')';
			if (s2[i] == '(' && depth-- == 0) {
				open = i;
				break;
			}
		}
	if (open >= n2) /* no part in parentheses */
		return clr__draft_name(ld, s2, n2, kind, field);
	int rc;
	size_t before = open;
	while (before && s2[before - 1] == ' ')
		before--;
	if (before && ((rc = clr__draft_name(ld, s2, before, kind, field)) < 0 || ld->failed_row))
		return rc;
	return clr__draft_name(ld, s2 + open + 1, n2 - open - 2, before ? CLR_NAME_ALIAS : kind, field);
}

/* One name a line, each behind a "・" (U+30FB) or a "･" (U+FF65) in the
 * aliases' column; the first of kind, the others aliases (the name column
 * gives "Korea Ryonbong General Corporation (KRGC)\n(朝鮮連峰総会社)"). */
static int add_lines(clr_loader *ld, clr_buf *b, const char *s, size_t n, clr_name_kind kind,
                     const char *field)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t m = nl ? (size_t)(nl - s) : n;
		const char *p = s;
		size_t pn = m;
		clr__trim(&p, &pn);
		if (pn >= 3 && (!memcmp(p, "\xE3\x83\xBB", 3) || !memcmp(p, "\xEF\xBD\xA5", 3)))
			p += 3, pn -= 3;
		int rc = add_name(ld, b, p, pn, kind, field);
		if (rc < 0 || ld->failed_row)
			return rc;
		if (pn)
			kind = CLR_NAME_ALIAS;
		if (!nl)
			break;
		n -= m + 1;
		s = nl + 1;
	}
	return 0;
}

static int jp_row(void *payload, const clr_xlsx_row *r)
{
	jp_parse *jp = payload;
	clr_loader *ld = jp->ld;
	size_t n;
	const char *s;
	int rc;
	if (!jp->header)
		return header_row(jp, r);
	ld->report.rows++;
	if ((rc = clr__draft_begin(ld, r->row)) < 0)
		return rc;
	ld->d.e.source = "JP-EUL";
	ld->d.e.source_name = "METI End User List (Japan)";
	ld->d.e.type = CLR_TYPE_ENTITY; /* companies and organisations */
	s = cell(jp, r, C_NO, &n);
	clr__trim(&s, &n);
	size_t k = 0;
	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	if (!n || k != n || n > 9)
		return clr__loader_fail(ld, r->row, cols[C_NO], CLR_EINPUT, "'%.*s' is no entry number",
		                        (int)(n < 20 ? n : 20), s);
	clr__buf_clear(&jp->text);
	if (clr__buf_puts(&jp->text, "jp-eul:") || clr__buf_put(&jp->text, s, n))
		return clr__loader_fatal(ld, r->row, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.id, jp->text.p, jp->text.len, cols[C_NO])) < 0 ||
	    ld->failed_row)
		return rc;
	s = cell(jp, r, C_NAME, &n);
	if ((rc = add_lines(ld, &jp->text, s, n, CLR_NAME_PRIMARY, cols[C_NAME])) < 0 || ld->failed_row)
		return rc;
	s = cell(jp, r, C_AKA, &n);
	if ((rc = add_lines(ld, &jp->text, s, n, CLR_NAME_ALIAS, cols[C_AKA])) < 0 || ld->failed_row)
		return rc;
	/* the country, in English: a country of the entry */
	s = cell(jp, r, C_COUNTRY, &n);
	english(&s, &n);
	if ((rc = clr__draft_country(ld, s, n, cols[C_COUNTRY])) < 0 || ld->failed_row)
		return rc;
	/* the concerns as programmes: "WMD: B,C,M,N", "Conventional weapons"; the
	 * English letters kept where a cell has no second line ("ミサイルM") */
	s = cell(jp, r, C_WMD, &n);
	english(&s, &n);
	clr__buf_clear(&jp->text);
	for (size_t i = 0; i < n; i++) {
		if (!jp->text.len && clr__buf_puts(&jp->text, "WMD: "))
			return clr__loader_fatal(ld, r->row, NULL, CLR_ENOMEM, "out of memory");
		/* "M、N" (an ideographic comma) is "M,N" */
		if (i + 3 <= n && !memcmp(s + i, "\xE3\x80\x81", 3)) {
			i += 2;
			if (clr__buf_putc(&jp->text, ','))
				return clr__loader_fatal(ld, r->row, NULL, CLR_ENOMEM, "out of memory");
		} else if ((unsigned char)s[i] < 0x80 && clr__buf_putc(&jp->text, s[i]))
			return clr__loader_fatal(ld, r->row, NULL, CLR_ENOMEM, "out of memory");
	}
	if ((rc = clr__draft_program(ld, jp->text.p, jp->text.len, cols[C_WMD])) < 0 || ld->failed_row)
		return rc;
	s = cell(jp, r, C_CW, &n);
	if (n && (rc = clr__draft_program(ld, "Conventional weapons", 20, cols[C_CW])) < 0)
		return rc;
	return clr__draft_commit(ld);
}

int clr__parse_jp_xlsx(clr_loader *ld, const char *buf, size_t len)
{
	jp_parse jp = {.ld = ld};
	int rc = clr__xlsx_read(ld, buf, len, NULL, jp_row, &jp);
	if (rc == 0 && !jp.header)
		rc = clr__loader_fatal(ld, 0, cols[C_NAME], CLR_EINPUT,
		                       "no header row naming 'Company or Organization'");
	clr__buf_free(&jp.text);
	clr__draft_discard(ld);
	return rc;
}
