/*
 * rows.c - rows kept by key until their group is complete, and the
 * enumerations of one cell (rows.h).  Owns nothing but copies of the rows;
 * never interprets a field.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rows.h"
#include "xlsx.h"

int clr__rows_add(clr_loader *ld, clr_rows *t, size_t line, const char *key, size_t kn,
                  size_t nf, const char *const *v, const size_t *n)
{
	clr_row r = {.line = line, .first = t->fields.n, .nf = nf};
	int rc;
	if ((rc = clr__span_put(ld, line, &t->pool, key, kn, &r.key)) < 0)
		return rc;
	for (size_t i = 0; i < nf; i++) {
		clr_span s;
		if ((rc = clr__span_put(ld, line, &t->pool, v[i], n[i], &s)) < 0)
			return rc;
		if (clr__vec_push(t->fields, s))
			return clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
	}
	if (clr__vec_push(t->rows, r))
		return clr__loader_fatal(ld, line, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

static int cmp_row(const void *a, const void *b, void *payload)
{
	const clr_rows *sorting = payload;
	const clr_row *x = a, *y = b;
	const char *px = clr__span_at(&sorting->pool, x->key), *py = clr__span_at(&sorting->pool, y->key);
	size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
	int c = memcmp(px, py, n);
	if (!c)
		c = x->key.len < y->key.len ? -1 : x->key.len > y->key.len;
	if (!c)
		c = x->line < y->line ? -1 : x->line > y->line;
	return c;
}

void clr__rows_sort(clr_rows *t)
{
	if (t->rows.n < 2)
		return;
	qsort_r(t->rows.v, t->rows.n, sizeof(clr_row), cmp_row, t);
}

const char *clr__rows_field(const clr_rows *t, const clr_row *r, size_t f, size_t *n)
{
	if (f >= r->nf) {
		*n = 0;
		return "";
	}
	clr_span s = t->fields.v[r->first + f];
	*n = s.len;
	return clr__span_at(&t->pool, s);
}

size_t clr__rows_group(const clr_rows *t, size_t i)
{
	const clr_row *a = &t->rows.v[i];
	size_t j = i + 1;
	while (j < t->rows.n && t->rows.v[j].key.len == a->key.len &&
	       !memcmp(clr__span_at(&t->pool, t->rows.v[j].key), clr__span_at(&t->pool, a->key),
	               a->key.len))
		j++;
	return j - i;
}

int clr__rows_groups(clr_rows *t, int (*commit)(void *payload, size_t first, size_t count),
                     void *payload)
{
	int rc = 0;
	clr__rows_sort(t);
	for (size_t i = 0; i < t->rows.n && rc >= 0;) {
		size_t k = clr__rows_group(t, i);
		rc = commit(payload, i, k);
		i += k;
	}
	return rc < 0 ? rc : 0;
}

typedef struct row_group {
	size_t first, count, line;
} row_group;

static int cmp_group(const void *a, const void *b)
{
	const row_group *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

int clr__rows_groups_in_order(clr_loader *ld, clr_rows *t,
                              int (*commit)(void *payload, size_t first, size_t count),
                              void *payload)
{
	CLR_VEC(row_group) g = {0};
	int rc = 0;
	clr__rows_sort(t);
	for (size_t i = 0; i < t->rows.n;) {
		/* sorted by line within a key: the group's first row is its first line */
		row_group r = {i, clr__rows_group(t, i), t->rows.v[i].line};
		if (clr__vec_push(g, r)) {
			clr__vec_free(g);
			return clr__loader_fatal(ld, r.line, NULL, CLR_ENOMEM, "out of memory");
		}
		i += r.count;
	}
	if (g.n > 1)
		qsort(g.v, g.n, sizeof(*g.v), cmp_group);
	for (size_t i = 0; i < g.n && rc >= 0; i++)
		rc = commit(payload, g.v[i].first, g.v[i].count);
	clr__vec_free(g);
	return rc < 0 ? rc : 0;
}

int clr__rows_header(int *at, const char *const *names, int nc, int last_line, size_t nf,
                     const char *const *v, const size_t *n)
{
	int found = 0;
	for (int c = 0; c < nc; c++) {
		at[c] = -1;
		for (size_t i = 0; i < nf && at[c] < 0; i++) {
			const char *s = v[i];
			size_t m = n[i];
			const char *nl = last_line ? memrchr(s, '\n', m) : NULL;
			if (nl) {
				m -= (size_t)(nl + 1 - s);
				s = nl + 1;
			}
			clr__trim(&s, &m);
			if (clr__eq_ci(s, m, names[c]))
				at[c] = (int)i, found++;
		}
	}
	return found;
}

void clr__rows_pick(const char **fv, size_t *fn, char (*days)[11], const int *at, int nc,
                    const unsigned char *is_date, size_t nf, const char *const *v,
                    const size_t *n, const unsigned char *types, int date1904)
{
	for (int c = 0; c < nc; c++) {
		int i = at[c];
		int ok = i >= 0 && (size_t)i < nf;
		fv[c] = ok ? v[i] : "";
		fn[c] = ok ? n[i] : 0;
		if (ok && is_date[c] && types && types[i] == CLR_XLSX_NUMBER &&
		    clr__xlsx_date(fv[c], fn[c], date1904, days[c]) == 0)
			fv[c] = days[c], fn[c] = 10;
	}
}

void clr__rows_free(clr_rows *t)
{
	clr__buf_free(&t->pool);
	clr__vec_free(t->rows);
	clr__vec_free(t->fields);
}

/* A marker at s[i]: "a) " (at the start or after white space, ';' or ','),
 * "(12) "; its length, 0 when none.  want: the letter or number expected. */
static size_t marker_at(const char *s, size_t n, size_t i, int want, int paren)
{
	if (i && !(s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == ';' || s[i - 1] == ',' ||
	           s[i - 1] == '\t'))
		return 0;
	if (paren) {
		char m[8];
		int l = snprintf(m, sizeof(m), "(%d)", want);
		return i + (size_t)l <= n && !memcmp(s + i, m, (size_t)l) ? (size_t)l : 0;
	}
	return i + 2 <= n && s[i] == want && s[i + 1] == ')' ? 2 : 0;
}

int clr__split_enum(clr_loader *ld, const char *s, size_t n, void *payload,
                    int (*add)(clr_loader *ld, void *payload, const char *s, size_t n))
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	int paren = i < n && s[i] == '(';
	int want = paren ? 1 : 'a';
	size_t ml = marker_at(s, n, i, want, paren);
	if (!ml)
		return add(ld, payload, s, n);
	size_t start = i + ml;
	want++;
	for (size_t k = start; k <= n; k++) {
		size_t next = k < n ? marker_at(s, n, k, want, paren) : 0;
		if (k < n && !next)
			continue;
		const char *p = s + start;
		size_t m = k - start;
		clr__trim(&p, &m);
		while (m && (p[m - 1] == ';' || p[m - 1] == ','))
			m--;
		clr__trim(&p, &m);
		if (m) {
			int rc = add(ld, payload, p, m);
			if (rc < 0 || ld->failed_row)
				return rc;
		}
		if (k == n)
			break;
		start = k + next;
		k = start - 1;
		want++;
	}
	return 0;
}
