/*
 * query.h - how the screener cuts a query before tokenising it, for code
 * that must see a name exactly as clr_screen() does (the store's customer
 * token index).  Internal.
 */
#ifndef CLR_QUERY_H
#define CLR_QUERY_H

#include <stddef.h>

/* The parts clr_screen() screens separately: part 0 is the whole name, then
 * the pieces between "a.k.a.", "(", ";" and similar markers.  Writes at
 * most max (<= CLR_MAX_QUERY_PARTS) byte ranges of name; returns how many. */
size_t clr__query_parts(const char *name, size_t *off, size_t *len, size_t max);

#endif
