/*
 * xml.h - the streaming XML reader every XML list parser (UN, EU, Canada)
 * is built on: libxml2's xmlTextReader over a file image, with the defences
 * against hostile XML in one place (no document type declaration, no entity,
 * nothing loaded from anywhere, invalid UTF-8 and depth refused) and errors
 * naming the file, line and element.  Parsers see start and end callbacks.
 */
#ifndef CLR_LISTS_XML_H
#define CLR_LISTS_XML_H

#include "loader.h"

typedef struct clr_xml clr_xml;

typedef struct clr_xml_handler {
	/* An element starts at depth (the root is 0); name is its local name.
	 * Attributes are read here with clr__xml_attr.  Returns 0 or < 0 to stop. */
	int (*start)(void *payload, clr_xml *x, int depth, const char *name);
	/* The element that started at depth ends; text is the character data
	 * read since the last start or end (an element's own text when it has
	 * no children), untrimmed, NUL-terminated. */
	int (*end)(void *payload, clr_xml *x, int depth, const char *name, const char *text,
	           size_t n);
} clr_xml_handler;

/* Reads buf as XML, calling h with payload; 0, or the negative error set on
 * ld (by the reader, or returned by a callback).  Text is gathered only
 * while clr__xml_want_text is on (off at the start). */
int clr__xml_read(clr_loader *ld, const char *buf, size_t len, const clr_xml_handler *h,
                  void *payload);
/* Whether character data is gathered for the end callbacks. */
void clr__xml_want_text(clr_xml *x, int on);
/* Line of the current element's start tag. */
size_t clr__xml_line(clr_xml *x);
/* The attribute name of the element being started, trimmed: its text and
 * length (0 when absent).  Valid until the start callback returns. */
const char *clr__xml_attr(clr_xml *x, const char *name, size_t *n);

/* A piece of text kept in a parser's pool (a clr_buf that grows, so
 * pieces are offsets, not pointers). */
typedef struct clr_span {
	size_t off, len;
} clr_span;

/* Appends s, trimmed, to pool; its span.  CLR_ENOMEM reported on ld at line. */
int clr__span_put(clr_loader *ld, size_t line, clr_buf *pool, const char *s, size_t n,
                  clr_span *out);
static inline const char *clr__span_at(const clr_buf *pool, clr_span s)
{
	return s.len ? pool->p + s.off : "";
}
/* The non-empty spans of parts joined with sep, into out (cleared first). */
int clr__span_join(clr_loader *ld, size_t line, clr_buf *out, const clr_buf *pool,
                   const clr_span *parts, size_t n, const char *sep);

#endif
