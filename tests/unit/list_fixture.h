/* list_fixture.h - parsing a list file or image with one parser, finding an
 * entry by id and checking an error's file:line and field, for the parsers'
 * unit tests (test_un.c, test_eu.c, test_ca.c, test_dpl.c). */
#ifndef CLR_TEST_LIST_FIXTURE_H
#define CLR_TEST_LIST_FIXTURE_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lists/loader.h"

typedef int (*list_parser)(clr_loader *, const char *, size_t);

static inline int parse_path(list_parser parse, clr_loader *ld, const char *path, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	clr_buf err = {0};
	cr_assert_eq(clr__read_file(path, &buf, &len, &err), 0, "reading %s", path);
	clr__buf_free(&err);
	cr_assert_eq(clr__loader_init(ld, path, flags), 0);
	int rc = parse(ld, buf, len);
	free(buf);
	return rc;
}

static inline int parse_image(list_parser parse, clr_loader *ld, const char *name,
                              const char *buf, size_t len, unsigned flags)
{
	cr_assert_eq(clr__loader_init(ld, name, flags), 0);
	return parse(ld, buf, len);
}

static inline const clr_entry *entry_of(const clr_loader *ld, const char *id)
{
	for (size_t i = 0; i < ld->entries.n; i++)
		if (!strcmp(ld->entries.v[i]->id, id))
			return ld->entries.v[i];
	return NULL;
}

/* rc is code and the message names where ("file:line:") and field. */
static inline void expect_failure(const clr_loader *ld, int rc, int code, const char *where,
                                  const char *field)
{
	cr_assert_eq(rc, code, "rc %d, want %d (%s)", rc, code, ld->err.p ? ld->err.p : "");
	cr_assert_not_null(ld->err.p);
	cr_expect(strstr(ld->err.p, where) != NULL, "'%s' does not name '%s'", ld->err.p, where);
	if (field)
		cr_expect(strstr(ld->err.p, field) != NULL, "'%s' does not name '%s'", ld->err.p,
		          field);
}

/* The names of e joined with '|', kinds as 'p' 'a' 'w' before each. */
static inline const char *names_of(const clr_entry *e, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < e->nnames && k + 1 < cap; i++) {
		int w = snprintf(out + k, cap - k, "%s%c:%s", i ? "|" : "",
		                 "pawxu"[e->names[i].kind], e->names[i].name);
		if (w < 0)
			break;
		k += (size_t)w;
	}
	return out;
}

#endif
