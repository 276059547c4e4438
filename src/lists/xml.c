/*
 * xml.c - the streaming XML reader under the XML list parsers (xml.h).
 * Owns the defence against hostile XML: a document type declaration is
 * refused before libxml2 sees it, so no entity is ever expanded and nothing
 * is loaded from anywhere; invalid UTF-8 is refused where the byte is known.
 * Never interprets an element: that is the parsers' business.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "xml.h"

struct clr_xml {
	clr_loader *ld;
	xmlTextReaderPtr r;
	const clr_xml_handler *h;
	void *payload;
	char names[CLR_MAX_XML_DEPTH][48]; /* element names, for messages and end callbacks */
	int want_text;
	clr_buf text;  /* character data since the last start or end */
	CLR_VEC(xmlChar *) held; /* attribute values handed out during a start callback */
	char err[256]; /* first libxml2 error */
	int err_line;
};

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *payload, const xmlError *err)
#else
static void on_xml_error(void *payload, xmlErrorPtr err)
#endif
{
	clr_xml *x = payload;
	if (!err || err->level < XML_ERR_ERROR || x->err[0])
		return;
	snprintf(x->err, sizeof(x->err), "%s", err->message ? err->message : "malformed XML");
	size_t n = strlen(x->err);
	while (n && (x->err[n - 1] == '\n' || x->err[n - 1] == ' '))
		x->err[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (x->err[i] == '\n' || x->err[i] == '\r')
			x->err[i] = ' ';
	x->err_line = err->line;
}

static size_t line_of(size_t off, const char *buf)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* Offset of the start of line (1-based) in buf. */
static size_t offset_of(size_t line, const char *buf, size_t len)
{
	size_t i = 0;
	while (line > 1 && i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			return len;
		i = (size_t)(nl - buf) + 1;
		line--;
	}
	return i;
}

/* Name of the last start tag before off: the element an error is in, or
 * next to when libxml2 failed before handing us any node. */
static void element_before(const char *buf, size_t off, char *out, size_t cap)
{
	out[0] = '\0';
	for (size_t i = off; i-- > 0;) {
		if (buf[i] != '<' || i + 1 >= off || buf[i + 1] == '/' || buf[i + 1] == '!' ||
		    buf[i + 1] == '?')
			continue;
		size_t j = i + 1;
		while (j < off && j - i < cap &&
		       ((buf[j] >= 'A' && buf[j] <= 'Z') || (buf[j] >= 'a' && buf[j] <= 'z') ||
		        (buf[j] >= '0' && buf[j] <= '9') || buf[j] == '_' || buf[j] == '-' ||
		        buf[j] == '.' || buf[j] == ':'))
			j++;
		if (j == i + 1)
			continue;
		memcpy(out, buf + i + 1, j - i - 1);
		out[j - i - 1] = '\0';
		return;
	}
}

/* Walks the prolog (XML declaration, comments, processing instructions)
 * and refuses a document type declaration: entity declarations are how
 * XML bombs and external-entity reads start.  Returns the offending offset,
 * or (size_t)-1. */
static size_t find_doctype(const char *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	for (;;) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
			i++;
		if (i + 1 >= len || buf[i] != '<')
			return (size_t)-1;
		const char *end = NULL;
		size_t skip = 0;
		if (buf[i + 1] == '?')
			end = memmem(buf + i + 2, len - i - 2, "?>", skip = 2);
		else if (len - i >= 4 && !memcmp(buf + i, "<!--", 4))
			end = memmem(buf + i + 4, len - i - 4, "-->", skip = 3);
		else if (buf[i + 1] == '!')
			return i;
		else
			return (size_t)-1; /* the root element: the prolog is over */
		if (!end)
			return (size_t)-1; /* unterminated: libxml2 reports it */
		i = (size_t)(end - buf) + skip;
	}
}

void clr__xml_want_text(clr_xml *x, int on)
{
	x->want_text = on;
}

/* Line of the current node's start tag: the parser itself may have read
 * ahead by a chunk. */
size_t clr__xml_line(clr_xml *x)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
	long line = node ? xmlGetLineNo(node) : -1;
	return line > 0 ? (size_t)line : (size_t)xmlTextReaderGetParserLineNumber(x->r);
}

const char *clr__xml_attr(clr_xml *x, const char *name, size_t *n)
{
	*n = 0;
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
	if (!v)
		return "";
	if (clr__vec_push(x->held, v)) {
		xmlFree(v);
		return ""; /* out of memory reads as absent */
	}
	const char *s = (const char *)v;
	size_t len = strlen(s);
	clr__trim(&s, &len);
	*n = len;
	return s;
}

static void release(clr_xml *x)
{
	for (size_t i = 0; i < x->held.n; i++)
		xmlFree(x->held.v[i]);
	x->held.n = 0;
}

static int xml_fatal(clr_xml *x, size_t line, int depth, int code, const char *msg)
{
	const char *field = NULL;
	if (depth >= 0 && depth < (int)CLR_MAX_XML_DEPTH && x->names[depth][0])
		field = x->names[depth];
	return clr__loader_fatal(x->ld, line, field, code, "%s", msg);
}

static int end_of(clr_xml *x, int depth)
{
	const char *t = x->text.p ? x->text.p : "";
	int rc = x->h->end(x->payload, x, depth, x->names[depth], t, x->text.len);
	clr__buf_clear(&x->text);
	return rc;
}

static int read_all(clr_xml *x, const char *buf, size_t len)
{
	int ret, open = 0, rc = 0; /* open: elements started and not yet ended */
	while ((ret = xmlTextReaderRead(x->r)) == 1) {
		int type = xmlTextReaderNodeType(x->r);
		size_t line = clr__xml_line(x);
		int depth = xmlTextReaderDepth(x->r);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return clr__loader_fatal(x->ld, line, "DOCTYPE", CLR_EINPUT,
			                         "document type declarations are not accepted");
		if (type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY)
			return xml_fatal(x, line, depth - 1, CLR_EINPUT, "entity references are not accepted");
		if (depth < 0)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			if (depth >= (int)CLR_MAX_XML_DEPTH)
				return xml_fatal(x, line, CLR_MAX_XML_DEPTH - 1, CLR_ELIMIT,
				                 "elements nested deeper than the limit of 32");
			const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
			snprintf(x->names[depth], sizeof(x->names[depth]), "%s", name ? name : "");
			clr__buf_clear(&x->text);
			open = depth + 1;
			rc = x->h->start(x->payload, x, depth, x->names[depth]);
			release(x);
			if (rc < 0)
				return rc;
			if (xmlTextReaderIsEmptyElement(x->r)) {
				open = depth;
				if ((rc = end_of(x, depth)) < 0)
					return rc;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			open = depth;
			if (depth < (int)CLR_MAX_XML_DEPTH && (rc = end_of(x, depth)) < 0)
				return rc;
		} else if (x->want_text &&
		           (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(x->r);
			if (v && clr__buf_puts(&x->text, v))
				return clr__loader_fatal(x->ld, line, NULL, CLR_ENOMEM, "out of memory");
		}
	}
	if (ret < 0) {
		size_t line = x->err_line > 0 ? (size_t)x->err_line
		                              : (size_t)xmlTextReaderGetParserLineNumber(x->r);
		if (open > 0)
			return xml_fatal(x, line, open - 1, CLR_EINPUT, x->err[0] ? x->err : "malformed XML");
		char name[48];
		size_t off = offset_of(line, buf, len);
		const char *nl = memchr(buf + off, '\n', len - off);
		element_before(buf, nl ? (size_t)(nl - buf) : len, name, sizeof(name));
		return clr__loader_fatal(x->ld, line, name[0] ? name : NULL, CLR_EINPUT, "%s",
		                         x->err[0] ? x->err : "malformed XML");
	}
	return 0;
}

int clr__xml_read(clr_loader *ld, const char *buf, size_t len, const clr_xml_handler *h,
                  void *payload)
{
	clr_xml x = {.ld = ld, .h = h, .payload = payload};
	int rc;
	size_t bad = find_doctype(buf, len);
	if (bad != (size_t)-1)
		return clr__loader_fatal(ld, line_of(bad, buf), "DOCTYPE", CLR_EINPUT,
		                         "document type declarations are not accepted");
	/* checked here, where the byte is known, rather than by libxml2 */
	if ((bad = clr__utf8_invalid_at(buf, len)) != (size_t)-1) {
		char name[48];
		element_before(buf, bad, name, sizeof(name));
		return clr__loader_fatal(ld, line_of(bad, buf), name[0] ? name : NULL, CLR_EINPUT,
		                         "invalid UTF-8 at byte %zu of the file", bad);
	}
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i == len)
		return clr__loader_fatal(ld, 0, NULL, CLR_EINPUT, "no XML document");
	if (len > CLR_MAX_FILE_BYTES) /* also keeps it within xmlReaderForMemory's int */
		return clr__loader_fatal(ld, 0, NULL, CLR_ELIMIT, "file of %zu bytes exceeds the limit",
		                         len);
	xmlInitParser();
	/* no NOENT, DTDLOAD, DTDATTR or HUGE: entities stay unexpanded, nothing
	 * external is read, libxml2 keeps its own size and depth limits */
	x.r = xmlReaderForMemory(buf, (int)len, NULL, "UTF-8",
	                         XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
	                         XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (!x.r)
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "cannot create the XML reader");
	xmlTextReaderSetStructuredErrorHandler(x.r, on_xml_error, &x);
	rc = read_all(&x, buf, len);
	xmlFreeTextReader(x.r);
	clr__buf_free(&x.text);
	release(&x);
	clr__vec_free(x.held);
	return rc;
}

int clr__span_put(clr_loader *ld, size_t line, clr_buf *pool, const char *s, size_t n,
                  clr_span *out)
{
	clr__trim(&s, &n);
	out->off = pool->len;
	out->len = n;
	if (n && clr__buf_put(pool, s, n))
		return clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

int clr__span_join(clr_loader *ld, size_t line, clr_buf *out, const clr_buf *pool,
                   const clr_span *parts, size_t n, const char *sep)
{
	clr__buf_clear(out);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i].len)
			continue;
		if ((out->len && clr__buf_puts(out, sep)) ||
		    clr__buf_put(out, clr__span_at(pool, parts[i]), parts[i].len))
			return clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
	}
	return 0;
}
