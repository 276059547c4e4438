/*
 * loader.c - staging of parsed entries (the draft API of loader.h) and the
 * error/warning discipline shared by every parser.  Owns validation of each
 * stored string (UTF-8, length); must never keep a half-built entry.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "loader.h"

int clr__loader_init(clr_loader *ld, const char *path, unsigned flags)
{
	memset(ld, 0, sizeof(*ld));
	ld->path = path;
	ld->flags = flags;
	ld->arena = clr__arena_new();
	if (!ld->arena)
		return CLR_ENOMEM;
	ld->report.path = clr__arena_strndup(ld->arena, path, strlen(path));
	return ld->report.path ? 0 : CLR_ENOMEM;
}

static void draft_free(clr_loader *ld)
{
	clr__vec_free(ld->d.names);
	clr__vec_free(ld->d.addrs);
	clr__vec_free(ld->d.progs);
	clr__vec_free(ld->d.cites);
	clr__vec_free(ld->d.countries);
	clr__vec_free(ld->d.ev);
}

void clr__loader_dispose(clr_loader *ld)
{
	draft_free(ld);
	clr__vec_free(ld->entries);
	clr__vec_free(ld->messages);
	clr__arena_free(ld->arena);
	clr__buf_free(&ld->err);
	ld->arena = NULL;
}

static void add_message(clr_loader *ld, const char *msg)
{
	if (ld->messages.n >= CLR_MAX_MESSAGES)
		return;
	char *m = clr__arena_strndup(ld->arena, msg, strlen(msg));
	if (m)
		(void)clr__vec_push(ld->messages, m);
}

static void vformat(clr_buf *b, const clr_loader *ld, size_t line, const char *field,
                    const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	clr__buf_clear(b);
	const char *place = ld->place ? ld->place : "";
	if (line)
		(void)clr__buf_printf(b, "%s:%s%zu: ", ld->path, place, line);
	else if (*place)
		(void)clr__buf_printf(b, "%s:%.*s: ", ld->path,
		                      (int)strlen(place) - (place[strlen(place) - 1] == ':'), place);
	else
		(void)clr__buf_printf(b, "%s: ", ld->path);
	if (field)
		(void)clr__buf_printf(b, "field '%s': ", field);
	(void)clr__buf_puts(b, msg);
}

int clr__loader_fatal(clr_loader *ld, size_t line, const char *field, int code,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vformat(&ld->err, ld, line, field, fmt, ap);
	va_end(ap);
	return code;
}

int clr__loader_fail(clr_loader *ld, size_t line, const char *field, int code,
                     const char *fmt, ...)
{
	va_list ap;
	if (!(ld->flags & CLR_LOAD_LENIENT) || code == CLR_ENOMEM) {
		va_start(ap, fmt);
		vformat(&ld->err, ld, line, field, fmt, ap);
		va_end(ap);
		return code;
	}
	clr_buf b = {0};
	va_start(ap, fmt);
	vformat(&b, ld, line, field, fmt, ap);
	va_end(ap);
	if (b.p) {
		char *m = NULL;
		size_t n = b.len + 16;
		m = malloc(n);
		if (m) {
			snprintf(m, n, "skipped: %s", b.p);
			add_message(ld, m);
			free(m);
		}
	}
	clr__buf_free(&b);
	ld->report.skipped++;
	ld->failed_row = 1;
	clr__draft_discard(ld);
	return 0;
}

void clr__loader_warn(clr_loader *ld, size_t line, const char *fmt, ...)
{
	clr_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	vformat(&b, ld, line, NULL, fmt, ap);
	va_end(ap);
	if (b.p)
		add_message(ld, b.p);
	clr__buf_free(&b);
}

int clr__draft_begin(clr_loader *ld, size_t line)
{
	clr__draft_discard(ld);
	ld->failed_row = 0;
	ld->d.active = 1;
	ld->d.e.line = line;
	ld->d.e.file = ld->report.path;
	return 0;
}

void clr__draft_discard(clr_loader *ld)
{
	ld->d.active = 0;
	memset(&ld->d.e, 0, sizeof(ld->d.e));
	ld->d.names.n = ld->d.addrs.n = ld->d.progs.n = ld->d.cites.n = ld->d.countries.n = 0;
	ld->d.ev.n = 0;
}

/* Copies a validated, trimmed string into the arena; *out NULL when empty. */
static int keep(clr_loader *ld, const char **out, const char *s, size_t n, const char *field)
{
	*out = NULL;
	if (!s)
		return 0;
	clr__trim(&s, &n);
	if (!n)
		return 0;
	if (n > CLR_MAX_FIELD_BYTES)
		return clr__loader_fail(ld, ld->d.e.line, field, CLR_ELIMIT,
		                        "value of %zu bytes exceeds the limit of %u", n,
		                        CLR_MAX_FIELD_BYTES);
	size_t bad = clr__utf8_invalid_at(s, n);
	if (bad != (size_t)-1)
		return clr__loader_fail(ld, ld->d.e.line, field, CLR_EINPUT,
		                        "invalid UTF-8 at byte %zu of the value", bad);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0')
			return clr__loader_fail(ld, ld->d.e.line, field, CLR_EINPUT,
			                        "NUL byte at byte %zu of the value", i);
	char *d = clr__arena_strndup(ld->arena, s, n);
	if (!d)
		return clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM, "out of memory");
	*out = d;
	return 0;
}

int clr__draft_str(clr_loader *ld, const char **dst, const char *s, size_t n, const char *field)
{
	if (ld->failed_row)
		return 0;
	return keep(ld, dst, s, n, field);
}

int clr__draft_name(clr_loader *ld, const char *s, size_t n, clr_name_kind kind, const char *field)
{
	const char *z;
	int rc;
	if (ld->failed_row)
		return 0;
	if ((rc = keep(ld, &z, s, n, field)) < 0 || !z)
		return rc;
	for (size_t i = 0; i < ld->d.names.n; i++)
		if (!strcmp(ld->d.names.v[i].name, z))
			return 0; /* the same name twice adds nothing */
	if (ld->d.names.n >= CLR_MAX_NAMES_PER_ENTRY)
		return clr__loader_fail(ld, ld->d.e.line, field, CLR_ELIMIT,
		                        "more than %u names in one entry", CLR_MAX_NAMES_PER_ENTRY);
	clr_name nm = {z, kind};
	if (clr__vec_push(ld->d.names, nm))
		return clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM, "out of memory");
	return 0;
}

#define PUSH_ITEM(vec, val)                                                                  \
	do {                                                                                 \
		if ((vec).n >= CLR_MAX_ITEMS_PER_ENTRY)                                      \
			return clr__loader_fail(ld, ld->d.e.line, field, CLR_ELIMIT,         \
			                        "more than %u values in one entry",          \
			                        CLR_MAX_ITEMS_PER_ENTRY);                    \
		if (clr__vec_push((vec), (val)))                                             \
			return clr__loader_fatal(ld, ld->d.e.line, field, CLR_ENOMEM,       \
			                         "out of memory");                           \
	} while (0)

int clr__draft_country(clr_loader *ld, const char *s, size_t n, const char *field)
{
	const char *z;
	int rc;
	if (ld->failed_row)
		return 0;
	clr__trim(&s, &n);
	const char *code = clr__country_code(s, n);
	if (code)
		z = code;
	else if ((rc = keep(ld, &z, s, n, field)) < 0 || !z)
		return rc;
	for (size_t i = 0; i < ld->d.countries.n; i++)
		if (!strcmp(ld->d.countries.v[i], z))
			return 0;
	PUSH_ITEM(ld->d.countries, z);
	return 0;
}

int clr__draft_address(clr_loader *ld, const char *addr, size_t an, const char *country,
                       size_t cn, const char *field)
{
	clr_address a;
	int rc;
	if (ld->failed_row)
		return 0;
	if ((rc = keep(ld, &a.address, addr, an, field)) < 0 || ld->failed_row)
		return rc;
	if ((rc = keep(ld, &a.country, country, cn, field)) < 0 || ld->failed_row)
		return rc;
	if (!a.address && !a.country)
		return 0;
	PUSH_ITEM(ld->d.addrs, a);
	if (a.country)
		return clr__draft_country(ld, a.country, strlen(a.country), field);
	return 0;
}

static int push_str(clr_loader *ld, void *vecp, const char *s, size_t n, const char *field)
{
	CLR_VEC(const char *) *vec = vecp;
	const char *z;
	int rc;
	if (ld->failed_row)
		return 0;
	if ((rc = keep(ld, &z, s, n, field)) < 0 || !z)
		return rc;
	for (size_t i = 0; i < vec->n; i++)
		if (!strcmp(vec->v[i], z))
			return 0;
	PUSH_ITEM(*vec, z);
	return 0;
}

int clr__draft_program(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return push_str(ld, &ld->d.progs, s, n, field);
}

int clr__draft_citation(clr_loader *ld, const char *s, size_t n, const char *field)
{
	return push_str(ld, &ld->d.cites, s, n, field);
}

int clr__draft_split(clr_loader *ld, const char *s, size_t n, char sep,
                     int (*add)(clr_loader *, const char *, size_t, const char *),
                     const char *field)
{
	size_t start = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == sep) {
			const char *p = s + start;
			size_t m = i - start;
			clr__trim(&p, &m);
			if (m) {
				int rc = add(ld, p, m, field);
				if (rc < 0 || ld->failed_row)
					return rc;
			}
			start = i + 1;
		}
	}
	return 0;
}

static void *arena_copy(clr_arena *a, const void *src, size_t n, size_t elem)
{
	size_t bytes;
	if (!n)
		return NULL;
	if (!clr__mul_ok(n, elem, &bytes))
		return NULL;
	void *d = clr__arena_alloc(a, bytes);
	if (d)
		memcpy(d, src, bytes);
	return d;
}

int clr__draft_commit(clr_loader *ld)
{
	clr_entry *e;
	if (ld->failed_row || !ld->d.active)
		return 0;
	if (!ld->d.e.id)
		return clr__loader_fail(ld, ld->d.e.line, "id", CLR_EINPUT, "entry has no id");
	if (!ld->d.e.source)
		return clr__loader_fail(ld, ld->d.e.line, "source", CLR_EINPUT, "entry has no source list");
	if (!ld->d.names.n)
		return clr__loader_fail(ld, ld->d.e.line, "name", CLR_EINPUT, "entry has no name");
	if (ld->entries.n >= CLR_MAX_ENTRIES)
		return clr__loader_fatal(ld, ld->d.e.line, NULL, CLR_ELIMIT,
		                         "more than %u entries", CLR_MAX_ENTRIES);
	e = clr__arena_alloc(ld->arena, sizeof(*e));
	if (!e)
		goto nomem;
	*e = ld->d.e;
	e->nnames = ld->d.names.n;
	e->names = arena_copy(ld->arena, ld->d.names.v, ld->d.names.n, sizeof(clr_name));
	e->naddresses = ld->d.addrs.n;
	e->addresses = arena_copy(ld->arena, ld->d.addrs.v, ld->d.addrs.n, sizeof(clr_address));
	e->nprograms = ld->d.progs.n;
	e->programs = arena_copy(ld->arena, ld->d.progs.v, ld->d.progs.n, sizeof(char *));
	e->ncitations = ld->d.cites.n;
	e->citations = arena_copy(ld->arena, ld->d.cites.v, ld->d.cites.n, sizeof(char *));
	e->ncountries = ld->d.countries.n;
	e->countries = arena_copy(ld->arena, ld->d.countries.v, ld->d.countries.n, sizeof(char *));
	e->nevidence = ld->d.ev.n;
	e->evidence = arena_copy(ld->arena, ld->d.ev.v, ld->d.ev.n, sizeof(clr_evidence));
	if (e->nevidence && !e->evidence)
		goto nomem;
	if (!e->names || (e->naddresses && !e->addresses) || (e->nprograms && !e->programs) ||
	    (e->ncitations && !e->citations) || (e->ncountries && !e->countries))
		goto nomem;
	if (clr__vec_push(ld->entries, e))
		goto nomem;
	ld->report.entries++;
	ld->report.names += e->nnames;
	ld->report.addresses += e->naddresses;
	unsigned seen = 0;
	for (size_t i = 0; i < e->nevidence; i++) {
		ld->report.evidence[e->evidence[i].kind]++;
		seen |= 1u << e->evidence[i].kind;
	}
	for (int k = 0; k < CLR_EV_NKINDS; k++)
		ld->report.with_evidence[k] += seen >> k & 1;
	clr__draft_discard(ld);
	return 0;
nomem:
	return clr__loader_fatal(ld, ld->d.e.line, NULL, CLR_ENOMEM, "out of memory");
}
