/*
 * ecfr.c - reads the Commerce Country Chart out of the eCFR's XML of 15 CFR
 * part 738 (as https://www.ecfr.gov/api/versioner/v1/full/DATE/title-15.xml
 * ?part=738 serves it) and writes it as a country-chart table version: the
 * table of DIV9 "Supplement No. 1 to Part 738", one TR per country with 17
 * TD cells (name, then CB1 ... AT2, "X" where a license is required), the
 * footnote numbers as <sup> in the name cell, one cell spanning 16 columns
 * for the destinations Part 746 decides; the supplement's last amendment
 * (its CITA, "[90 FR 47189, Sept. 30, 2025]") is when the version is in
 * force from.  libxml2's streaming reader, no network, no DTD, no entity
 * expansion; every fault names the line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>

#include "ear_int.h"
#include "tsv.h"
#include "../lists/loader.h"
#include "../owner/owner.h"

typedef struct xrow {
	char name[128];
	char iso2[3];
	uint16_t x;
	uint32_t notes;
	char pointer[512];
	size_t line;
} xrow;

typedef struct xparse {
	xmlTextReaderPtr r;
	const char *file;
	clr_buf *err;
	CLR_VEC(xrow) rows;
	int in_supp, in_body, in_row, in_cell, in_sup, in_cita;
	int cell, span;
	clr_buf text, sup, cita;
	xrow cur;
	int32_t amended;
} xparse;

static int fail(xparse *p, const char *fmt, const char *a)
{
	size_t line = (size_t)xmlTextReaderGetParserLineNumber(p->r);
	return clr__ear_fail(p->err, p->file, line, NULL, fmt, a ? a : "");
}

static void squash(char *s)
{
	size_t o = 0;
	int space = 1;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			if (!space)
				s[o++] = ' ';
			space = 1;
		} else {
			s[o++] = (char)c;
			space = 0;
		}
	}
	while (o && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* "[90 FR 47189, Sept. 30, 2025]" -> 20250930; the last date in the text. */
static int32_t cita_date(const char *s)
{
	int32_t got = 0;
	for (const char *p = s; *p; p++) {
		for (int m = 0; m < 12; m++) {
			if (strncasecmp(p, months[m], 3) || (p > s && isalpha((unsigned char)p[-1])))
				continue;
			const char *q = p + 3;
			while (isalpha((unsigned char)*q) || *q == '.')
				q++;
			while (*q == ' ')
				q++;
			int day = 0, year = 0;
			while (isdigit((unsigned char)*q) && day < 100)
				day = day * 10 + (*q++ - '0');
			if (*q != ',' || day < 1 || day > 31)
				continue;
			q++;
			while (*q == ' ')
				q++;
			while (isdigit((unsigned char)*q) && year < 10000)
				year = year * 10 + (*q++ - '0');
			if (year >= 1900 && year < 10000)
				got = year * 10000 + (m + 1) * 100 + day;
		}
	}
	return got;
}

static int end_cell(xparse *p)
{
	char *t = p->text.p ? p->text.p : (char *)"";
	squash(t);
	if (p->cell == 0) {
		snprintf(p->cur.name, sizeof(p->cur.name), "%s", t);
	} else if (p->span >= 16) {
		snprintf(p->cur.pointer, sizeof(p->cur.pointer), "%s", t);
		p->cell += 15;
	} else if (p->cell >= 1 && p->cell <= EAR_NCOLS) {
		if (!strcmp(t, "X") || !strcmp(t, "x"))
			p->cur.x |= (uint16_t)(1u << (p->cell - 1));
		else if (*t)
			return fail(p, "a chart cell holds '%s', not X or nothing", t);
	} else {
		return fail(p, "a row has more than 17 cells%s", NULL);
	}
	p->cell++;
	clr__buf_clear(&p->text);
	return 0;
}

static int on_element(xparse *p, const char *name)
{
	if (!strcmp(name, "DIV9")) {
		xmlChar *n = xmlTextReaderGetAttribute(p->r, (const xmlChar *)"N");
		p->in_supp = n && !strncasecmp((const char *)n, "Supplement No. 1 to Part 738", 28);
		xmlFree(n);
	} else if (p->in_supp && !strcmp(name, "TBODY")) {
		p->in_body = 1;
	} else if (p->in_body && !strcmp(name, "TR")) {
		memset(&p->cur, 0, sizeof(p->cur));
		p->cur.line = (size_t)xmlTextReaderGetParserLineNumber(p->r);
		p->in_row = 1;
		p->cell = 0;
	} else if (p->in_row && !strcmp(name, "TD")) {
		xmlChar *cs = xmlTextReaderGetAttribute(p->r, (const xmlChar *)"colspan");
		p->span = cs ? atoi((const char *)cs) : 1;
		xmlFree(cs);
		p->in_cell = 1;
		clr__buf_clear(&p->text);
		if (xmlTextReaderIsEmptyElement(p->r)) {
			p->in_cell = 0;
			return end_cell(p);
		}
	} else if (p->in_cell && !strcmp(name, "sup")) {
		p->in_sup = 1;
		clr__buf_clear(&p->sup);
	} else if (p->in_supp && !strcmp(name, "CITA")) {
		p->in_cita = 1;
		clr__buf_clear(&p->cita);
	}
	return 0;
}

static int on_end(xparse *p, const char *name)
{
	if (!strcmp(name, "DIV9")) {
		p->in_supp = 0;
	} else if (p->in_body && !strcmp(name, "TBODY")) {
		p->in_body = 0;
	} else if (p->in_cell && !strcmp(name, "sup")) {
		p->in_sup = 0;
		int d = p->sup.p ? atoi(p->sup.p) : 0;
		if (d < 1 || d > 31)
			return fail(p, "a footnote mark '%s' is not a number from 1 to 31",
			            p->sup.p ? p->sup.p : "");
		if (p->cell == 0)
			p->cur.notes |= 1u << d;
	} else if (p->in_cell && !strcmp(name, "TD")) {
		p->in_cell = 0;
		return end_cell(p);
	} else if (p->in_row && !strcmp(name, "TR")) {
		p->in_row = 0;
		if (p->cell != EAR_NCOLS + 1)
			return fail(p, "a country row has %s cells, not 17 (or a name and one cell "
			            "pointing to part 746)", p->cell > EAR_NCOLS + 1 ? "more" : "fewer");
		if (!p->cur.name[0])
			return fail(p, "a country row without a name%s", NULL);
		if (clr__vec_push(p->rows, p->cur))
			return CLR_ENOMEM;
	} else if (p->in_cita && !strcmp(name, "CITA")) {
		p->in_cita = 0;
		int32_t d = p->cita.p ? cita_date(p->cita.p) : 0;
		if (d)
			p->amended = d; /* the last one in the supplement */
	}
	return 0;
}

static int read_xml(xparse *p)
{
	int ret;
	while ((ret = xmlTextReaderRead(p->r)) == 1) {
		int type = xmlTextReaderNodeType(p->r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return fail(p, "document type declarations are not accepted%s", NULL);
		if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
			return fail(p, "entity references are not accepted%s", NULL);
		if (xmlTextReaderDepth(p->r) >= (int)CLR_MAX_XML_DEPTH)
			return fail(p, "elements nested deeper than the limit%s", NULL);
		const char *name = (const char *)xmlTextReaderConstLocalName(p->r);
		int rc = 0;
		if (type == XML_READER_TYPE_ELEMENT) {
			rc = on_element(p, name ? name : "");
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			rc = on_end(p, name ? name : "");
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		           type == XML_READER_TYPE_WHITESPACE) {
			const char *v = (const char *)xmlTextReaderConstValue(p->r);
			clr_buf *b = p->in_sup ? &p->sup : p->in_cell ? &p->text : p->in_cita ? &p->cita : NULL;
			if (b && v && (b->len + strlen(v) > 64 * 1024 || clr__buf_puts(b, v)))
				return fail(p, "a cell longer than 64 KiB%s", NULL);
		}
		if (rc)
			return rc;
	}
	if (ret < 0)
		return fail(p, "malformed XML%s", NULL);
	return 0;
}

static int cmp_xrow(const void *a, const void *b)
{
	return strcmp(((const xrow *)a)->iso2, ((const xrow *)b)->iso2);
}

/* The ISO code of a chart name: the name a version of the chart already
 * held, else the country table's. */
static const char *code_of(const clr_ear *prev, const char *name)
{
	for (size_t v = 0; prev && v < prev->chart.n; v++)
		for (size_t i = 0; i < prev->chart.v[v].rows.n; i++)
			if (!strcmp(prev->chart.v[v].rows.v[i].name, name))
				return prev->chart.v[v].rows.v[i].iso2;
	return clr__country_code(name, strlen(name));
}

int clr__ear_chart_from_ecfr(const char *xml, size_t len, const char *file, const clr_ear *prev,
                             const char *source, const char *as_of, clr_buf *out, clr_buf *err)
{
	if (len > CLR_MAX_FILE_BYTES || len > 0x7fffffff)
		return clr__ear_fail(err, file, 0, NULL, "larger than the limit");
	if (memmem(xml, len, "<!DOCTYPE", 9))
		return clr__ear_fail(err, file, 0, NULL, "document type declarations are not "
		                     "accepted");
	xparse p = {.file = file, .err = err};
	xmlInitParser();
	p.r = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8",
	                         XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
	                         XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (!p.r)
		return CLR_ENOMEM;
	int rc = read_xml(&p);
	xmlFreeTextReader(p.r);
	p.r = NULL;
	if (!rc && p.rows.n < 100)
		rc = clr__ear_fail(err, file, 0, NULL, "no Commerce Country Chart (Supplement No. 1 to "
		                   "Part 738) with its country rows (%zu rows read)", p.rows.n);
	int32_t from = p.amended;
	if (!rc && !from && clr__owner_date(as_of, strlen(as_of), &from) < 0)
		rc = clr__ear_fail(err, file, 0, NULL, "no amendment date and no date of the version");
	for (size_t i = 0; !rc && i < p.rows.n; i++) {
		xrow *x = &p.rows.v[i];
		const char *code = code_of(prev, x->name);
		if (!code)
			rc = clr__ear_fail(err, file, x->line, "country", "'%s' is no country the tables "
			                   "or the country table know: add it to the chart version the "
			                   "update starts from", x->name);
		else
			memcpy(x->iso2, code, 3);
	}
	if (!rc) {
		qsort(p.rows.v, p.rows.n, sizeof(xrow), cmp_xrow);
		for (size_t i = 1; !rc && i < p.rows.n; i++)
			if (!strcmp(p.rows.v[i].iso2, p.rows.v[i - 1].iso2))
				rc = clr__ear_fail(err, file, p.rows.v[i].line, "country", "'%s' and '%s' are "
				                   "both %s", p.rows.v[i - 1].name, p.rows.v[i].name,
				                   p.rows.v[i].iso2);
	}
	if (!rc) {
		clr__buf_printf(out, "# country-chart-%s.tsv - Commerce Country Chart (Supplement No. 1 "
		                "to 15 CFR part 738), read from the eCFR by clearance update\n", as_of);
		clr__buf_printf(out, "# source: %s (eCFR XML of part 738, %s)\n", source, as_of);
		clr__buf_printf(out, "# licence: public domain (US Government work)\n# as of: %s\n",
		                as_of);
		clr__buf_printf(out, "# in force from: %04d-%02d-%02d\n", from / 10000, from / 100 % 100,
		                from % 100);
		clr__buf_puts(out, "iso2\tcountry");
		for (int c = 0; c < EAR_NCOLS; c++)
			clr__buf_printf(out, "\t%s", clr__ear_col_names[c]);
		clr__buf_puts(out, "\tfootnotes\tpart746\n");
		for (size_t i = 0; i < p.rows.n; i++) {
			const xrow *x = &p.rows.v[i];
			clr__buf_printf(out, "%s\t%s", x->iso2, x->name);
			for (int c = 0; c < EAR_NCOLS; c++)
				clr__buf_puts(out, x->x >> c & 1 ? "\tX" : "\t-");
			clr__buf_putc(out, '\t');
			int any = 0;
			for (int d = 1; d < 32; d++)
				if (x->notes >> d & 1) {
					clr__buf_printf(out, "%s%d", any ? "," : "", d);
					any = 1;
				}
			clr__buf_printf(out, "%s\t%s\n", any ? "" : "-", x->pointer[0] ? x->pointer : "-");
		}
		if (out->failed)
			rc = CLR_ENOMEM;
	}
	clr__vec_free(p.rows);
	clr__buf_free(&p.text);
	clr__buf_free(&p.sup);
	clr__buf_free(&p.cita);
	return rc;
}
