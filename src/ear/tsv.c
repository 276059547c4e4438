/*
 * tsv.c - the reader of the EAR tables: tab-separated, no quoting (a quote
 * is a character like any other, which is why this is not libcsv), '#'
 * comment lines before the header carrying the table's metadata ("# in
 * force from: YYYY-MM-DD", "# source: ..."), then a header row naming the
 * columns, then rows of exactly as many fields.  Columns are found by name,
 * so a table may gain columns.  Every fault names file, line and field.
 */
#include <stdio.h>
#include <string.h>

#include "tsv.h"
#include "../limits.h"
#include "../owner/owner.h"

int clr__ear_fail(clr_buf *err, const char *file, size_t line, const char *field,
                  const char *fmt, ...)
{
	va_list ap;
	clr__buf_clear(err);
	if (field)
		clr__buf_printf(err, "%s:%zu: field '%s': ", file, line, field);
	else if (line)
		clr__buf_printf(err, "%s:%zu: ", file, line);
	else
		clr__buf_printf(err, "%s: ", file);
	char msg[512];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clr__buf_puts(err, msg);
	return CLR_EINPUT;
}

/* "# key: value" -> value of key (case-insensitive), or NULL. */
static const char *meta_value(const char *line, size_t n, const char *key, size_t *vn)
{
	size_t kl = strlen(key), i = 1;
	while (i < n && line[i] == ' ')
		i++;
	if (n - i < kl + 1 || !clr__eq_ci(line + i, kl, key) || line[i + kl] != ':')
		return NULL;
	const char *v = line + i + kl + 1;
	*vn = n - (size_t)(v - line);
	clr__trim(&v, vn);
	return v;
}

static int split(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t nf = 0, start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == '\t') {
			if (nf == max)
				return -1;
			f[nf] = s + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	return (int)nf;
}

int clr__ear_tsv_each(const char *buf, size_t len, const char *file, const char *const *want,
                      size_t nwant, clr_ear_row_fn row, void *payload, clr_ear_meta *meta,
                      clr_buf *err)
{
	const char *hf[CLR_MAX_FIELDS];
	size_t hl[CLR_MAX_FIELDS];
	int col[CLR_EAR_MAX_WANT];
	int nh = -1;
	size_t line = 0, rows = 0;
	memset(meta, 0, sizeof(*meta));
	if (nwant > CLR_EAR_MAX_WANT)
		return clr__ear_fail(err, file, 0, NULL, "too many columns asked for");
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		buf += 3;
		len -= 3;
	}
	size_t bad = clr__utf8_invalid_at(buf, len);
	if (bad != (size_t)-1) {
		for (size_t i = 0; i < bad; i++)
			line += buf[i] == '\n';
		return clr__ear_fail(err, file, line + 1, NULL, "not valid UTF-8 (byte %zu)", bad);
	}
	for (size_t at = 0; at < len;) {
		const char *s = buf + at;
		const char *nl = memchr(s, '\n', len - at);
		size_t n = nl ? (size_t)(nl - s) : len - at;
		at += n + (nl != NULL);
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n))
			return clr__ear_fail(err, file, line, NULL, "holds a NUL byte");
		if (n > CLR_MAX_FIELD_BYTES)
			return clr__ear_fail(err, file, line, NULL, "line longer than %u bytes",
			                     CLR_MAX_FIELD_BYTES);
		if (!n)
			continue;
		if (s[0] == '#') {
			size_t vn;
			const char *v;
			if (nh >= 0)
				continue; /* a comment among the rows */
			if ((v = meta_value(s, n, "in force from", &vn))) {
				if (clr__owner_date(v, vn, &meta->from) < 0)
					return clr__ear_fail(err, file, line, "in force from",
					                     "not an ISO date (YYYY-MM-DD)");
			} else if ((v = meta_value(s, n, "source", &vn)) && !meta->source_len) {
				meta->source = v;
				meta->source_len = vn;
			}
			continue;
		}
		if (nh < 0) {
			if ((nh = split(s, n, hf, hl, CLR_MAX_FIELDS)) < 0)
				return clr__ear_fail(err, file, line, NULL, "more than %u columns",
				                     CLR_MAX_FIELDS);
			for (size_t w = 0; w < nwant; w++) {
				col[w] = -1;
				for (int k = 0; k < nh; k++)
					if (hl[k] == strlen(want[w]) && !memcmp(hf[k], want[w], hl[k]))
						col[w] = k;
				if (col[w] < 0)
					return clr__ear_fail(err, file, line, want[w], "no such column in the "
					                     "header");
			}
			if (!meta->from)
				return clr__ear_fail(err, file, line, "in force from", "the header comments "
				                     "must say from when the table is in force");
			continue;
		}
		const char *f[CLR_MAX_FIELDS], *v[CLR_EAR_MAX_WANT];
		size_t fl[CLR_MAX_FIELDS], vl[CLR_EAR_MAX_WANT];
		int nf = split(s, n, f, fl, CLR_MAX_FIELDS);
		if (nf != nh)
			return clr__ear_fail(err, file, line, NULL, "%d fields, the header has %d",
			                     nf < 0 ? (int)CLR_MAX_FIELDS + 1 : nf, nh);
		if (++rows > CLR_MAX_EAR_ROWS)
			return clr__ear_fail(err, file, line, NULL, "more than %u rows",
			                     CLR_MAX_EAR_ROWS);
		for (size_t w = 0; w < nwant; w++) {
			v[w] = f[col[w]];
			vl[w] = fl[col[w]];
			clr__trim(&v[w], &vl[w]);
		}
		int rc = row(payload, line, v, vl);
		if (rc < 0)
			return rc;
	}
	if (nh < 0)
		return clr__ear_fail(err, file, 0, NULL, "no header row");
	return 0;
}
