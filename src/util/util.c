/*
 * util.c - checked allocation, vectors, buffers, arena, UTF-8 validation.
 * Never prints and never aborts: allocation failure is reported to callers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "util.h"
#include "../limits.h"

void *clr__malloc(size_t n)
{
	return malloc(n ? n : 1);
}

void *clr__calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *clr__realloc_array(void *p, size_t n, size_t size)
{
	size_t bytes;
	if (!clr__mul_ok(n, size, &bytes))
		return NULL;
	return realloc(p, bytes ? bytes : 1);
}

char *clr__strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *clr__strdup(const char *s)
{
	return s ? clr__strndup(s, strlen(s)) : NULL;
}

int clr__vec_grow_(void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap <= n) {
		if (!clr__mul_ok(ncap, 2, &ncap))
			return -1;
	}
	void *p = clr__realloc_array(*v, ncap, elem);
	if (!p)
		return -1;
	*v = p;
	*cap = ncap;
	return 0;
}

int clr__buf_grow(clr_buf *b, size_t extra)
{
	size_t need;
	if (!clr__add_ok(b->len, extra, &need) || !clr__add_ok(need, 1, &need))
		return b->failed = -1;
	if (need <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		if (!clr__mul_ok(ncap, 2, &ncap))
			return b->failed = -1;
	char *p = realloc(b->p, ncap);
	if (!p)
		return b->failed = -1;
	b->p = p;
	b->cap = ncap;
	return 0;
}

int clr__buf_printf(clr_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || clr__buf_grow(b, (size_t)n))
		return b->failed = -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void clr__buf_clear(clr_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void clr__buf_free(clr_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

char *clr__buf_detach(clr_buf *b)
{
	char *p = b->p ? b->p : clr__strdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/* ---- arena ---- */

#define ARENA_BLOCK (256u * 1024u)

typedef struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
} arena_block;

struct clr_arena {
	arena_block *head;
	size_t bytes;
	size_t nblocks; /* blocks grow from 4 KiB: most arenas hold one result */
#ifdef CLR_DEBUG_POOL
	CLR_VEC(void *) blocks;
#endif
};

clr_arena *clr__arena_new(void)
{
	return calloc(1, sizeof(clr_arena));
}

void clr__arena_free(clr_arena *a)
{
	if (!a)
		return;
#ifdef CLR_DEBUG_POOL
	for (size_t i = 0; i < a->blocks.n; i++)
		free(a->blocks.v[i]);
	clr__vec_free(a->blocks);
#endif
	arena_block *b = a->head;
	while (b) {
		arena_block *n = b->next;
		free(b);
		b = n;
	}
	free(a);
}

void *clr__arena_alloc(clr_arena *a, size_t n)
{
	n = (n + 15u) & ~(size_t)15u;
	a->bytes += n;
#ifdef CLR_DEBUG_POOL
	void *p = malloc(n ? n : 1);
	if (!p || clr__vec_push(a->blocks, p)) {
		free(p);
		return NULL;
	}
	return p;
#else
	arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = a->nblocks < 7 ? (size_t)4096 << a->nblocks : ARENA_BLOCK;
		if (size < n)
			size = n;
		a->nblocks++;
		b = malloc(sizeof(arena_block) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
#endif
}

char *clr__arena_strndup(clr_arena *a, const char *s, size_t n)
{
	char *d = clr__arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

size_t clr__arena_bytes(const clr_arena *a)
{
	return a->bytes;
}

size_t clr__utf8_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return (size_t)-1;
}

size_t clr__utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void clr__trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)(*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

void clr__trim_nbsp(const char **sp, size_t *np)
{
	const char *s = *sp;
	size_t n = *np;
	for (;;) {
		if (n && isspace((unsigned char)*s))
			s++, n--;
		else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2, n -= 2;
		else if (n && isspace((unsigned char)s[n - 1]))
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	*sp = s;
	*np = n;
}

int clr__eq_ci(const char *s, size_t n, const char *z)
{
	size_t zn = strlen(z);
	if (zn != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)z[i]))
			return 0;
	return 1;
}

int clr__read_file(const char *path, char **out, size_t *out_len, clr_buf *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	*out = NULL;
	*out_len = 0;
	if (!f || fstat(fileno(f), &st) != 0) {
		clr__buf_clear(err);
		(void)clr__buf_printf(err, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return CLR_EIO;
	}
	/* a regular file's size sizes the buffer; a pipe is read until its end */
	size_t n = 0, cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	char *buf = NULL;
	int rc = 0;
	for (;;) {
		if (n > CLR_MAX_FILE_BYTES) {
			clr__buf_clear(err);
			(void)clr__buf_printf(err, "%s: file of more than %zu bytes exceeds the limit",
			                      path, (size_t)CLR_MAX_FILE_BYTES);
			rc = CLR_ELIMIT;
			break;
		}
		if (!buf || n + 1 >= cap) {
			if (buf && !clr__mul_ok(cap, 2, &cap)) {
				rc = CLR_ENOMEM;
				break;
			}
			char *nb = realloc(buf, cap);
			if (!nb) {
				rc = CLR_ENOMEM;
				break;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				clr__buf_clear(err);
				(void)clr__buf_printf(err, "%s: read error", path);
				rc = CLR_EIO;
			}
			break;
		}
	}
	fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return 0;
}

int clr__iso_date(const char *z)
{
	int y, m, d;
	char tail;
	return z && strlen(z) == 10 && sscanf(z, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       z[4] == '-' && z[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}
