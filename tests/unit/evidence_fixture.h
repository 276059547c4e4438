/* evidence_fixture.h - looking up a parsed entry's evidence by kind, for the
 * parsers' unit tests (test_ofac.c, test_un.c). */
#ifndef CLR_TEST_EVIDENCE_FIXTURE_H
#define CLR_TEST_EVIDENCE_FIXTURE_H

#include <stddef.h>

#include "lists/loader.h"

/* The n-th item of kind of e (0 the first), or NULL. */
static inline const clr_evidence *ev_nth(const clr_entry *e, clr_evidence_kind kind, size_t n)
{
	for (size_t i = 0; i < e->nevidence; i++)
		if (e->evidence[i].kind == kind && !n--)
			return &e->evidence[i];
	return NULL;
}

/* How many items of kind e has. */
static inline size_t ev_count(const clr_entry *e, clr_evidence_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nevidence; i++)
		n += e->evidence[i].kind == kind;
	return n;
}

#endif
