/*
 * eu_xml.c - the EU Financial Sanctions File (XML 1.1, namespace
 * http://eu.europa.ec/fpi/fsd/export) into entries: one per sanctionEntity.
 * Owns the walk of the elements: nearly everything is in attributes, handed
 * to eu.c (what each record becomes, shared with the CSV layout) as each
 * element starts; the XML defences are the reader's (xml.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "eu.h"

typedef struct eu_parse {
	clr_loader *ld;
	int in_entry, depth;
	char child[48];              /* element at depth + 1 being read */
	clr_eu_entity eu;
} eu_parse;

static int is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

static const char *xml_get(void *src, const char *attr, size_t *n)
{
	return clr__xml_attr(src, attr, n);
}

static const char *xml_name(void *src, const char *attr)
{
	(void)src;
	return attr;
}

static int on_start(void *payload, clr_xml *x, int depth, const char *name)
{
	eu_parse *ep = payload;
	clr_loader *ld = ep->ld;
	const clr_eu_fields f = {xml_get, xml_name, x};
	if (!ep->in_entry) {
		if (!is(name, "sanctionEntity"))
			return 0;
		ep->in_entry = 1;
		ep->depth = depth;
		ld->report.rows++;
		return clr_eu__begin(&ep->eu, clr__xml_line(x), &f);
	}
	if (depth == ep->depth + 1)
		snprintf(ep->child, sizeof(ep->child), "%s", name);
	if (ld->failed_row)
		return 0;
	if (depth == ep->depth + 1) {
		clr__xml_want_text(x, is(name, "remark"));
		if (is(name, "nameAlias"))
			return clr_eu__name(&ep->eu, &f);
		if (is(name, "regulation"))
			return clr_eu__regulation(&ep->eu, &f);
		if (is(name, "subjectType")) {
			size_t n;
			const char *code = clr__xml_attr(x, "code", &n);
			clr_eu__type(&ep->eu, code, n);
			return 0;
		}
		if (is(name, "birthdate"))
			return clr_eu__birth(&ep->eu, &f);
		if (is(name, "citizenship"))
			return clr_eu__citizenship(&ep->eu, &f);
		if (is(name, "identification"))
			return clr_eu__identification(&ep->eu, &f);
		if (is(name, "address"))
			return clr_eu__address(&ep->eu, &f);
		return 0;
	}
	/* the remark of a name: "low quality alias" makes it weak */
	clr__xml_want_text(x, depth == ep->depth + 2 && is(name, "remark") &&
	                      is(ep->child, "nameAlias"));
	return 0;
}

static int on_end(void *payload, clr_xml *x, int depth, const char *name, const char *text,
                  size_t n)
{
	eu_parse *ep = payload;
	if (!ep->in_entry || depth < ep->depth || ep->ld->failed_row) {
		if (ep->in_entry && depth == ep->depth)
			ep->in_entry = 0;
		return 0;
	}
	if (depth == ep->depth) {
		ep->in_entry = 0;
		clr__xml_want_text(x, 0);
		return clr_eu__commit(&ep->eu, "nameAlias", "wholeName");
	}
	if (!is(name, "remark") || !n)
		return 0;
	if (depth == ep->depth + 1)
		return clr_eu__remark(&ep->eu, text, n);
	if (depth == ep->depth + 2 && is(ep->child, "nameAlias"))
		clr_eu__name_remark(&ep->eu, text, n);
	return 0;
}

int clr__parse_eu_xml(clr_loader *ld, const char *buf, size_t len)
{
	static const clr_xml_handler h = {on_start, on_end};
	eu_parse ep = {.ld = ld, .eu = {.ld = ld}};
	int rc = clr__xml_read(ld, buf, len, &h, &ep);
	if (rc == 0 && ep.in_entry)
		rc = clr__loader_fatal(ld, ep.eu.line, "sanctionEntity", CLR_EINPUT, "entity is not closed");
	clr_eu__free(&ep.eu);
	clr__draft_discard(ld);
	return rc;
}
