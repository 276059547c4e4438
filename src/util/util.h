/*
 * util.h - small shared helpers: checked allocation, growable vectors,
 * string buffers, an arena for long-lived strings, hashing.  Owns no
 * policy; never prints.
 */
#ifndef CLR_UTIL_H
#define CLR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clearance.h"

/* Checked size arithmetic (libgit2 integer.h). */
static inline int clr__mul_ok(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}
static inline int clr__add_ok(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

void *clr__malloc(size_t n);
void *clr__calloc(size_t n, size_t size);
void *clr__realloc_array(void *p, size_t n, size_t size);
char *clr__strndup(const char *s, size_t n);
char *clr__strdup(const char *s);

/* Growable array: `CLR_VEC(T) v = {0}`; clr__vec_grow makes room for one more. */
#define CLR_VEC(T) struct { T *v; size_t n, cap; }
int clr__vec_grow_(void **v, size_t *cap, size_t n, size_t elem);
#define clr__vec_reserve(vec, extra) \
	clr__vec_grow_((void **)&(vec).v, &(vec).cap, (vec).n + (extra) - 1, sizeof(*(vec).v))
/* room checked inline: a push into a vector that has it makes no call */
#define clr__vec_push(vec, val) \
	(((vec).n < (vec).cap || \
	  !clr__vec_grow_((void **)&(vec).v, &(vec).cap, (vec).n, sizeof(*(vec).v))) ? \
	 ((vec).v[(vec).n++] = (val), 0) : -1)
#define clr__vec_free(vec) do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* Growable byte buffer, always NUL-terminated when non-empty. */
typedef struct clr_buf {
	char *p;
	size_t len, cap;
	int failed; /* an append failed: the content is incomplete */
} clr_buf;
/* Makes room for extra more bytes and the NUL; -1 (and b->failed) when it
 * cannot.  The appends below are inline: JSON output is made of them. */
int clr__buf_grow(clr_buf *b, size_t extra);
static inline int clr__buf_put(clr_buf *b, const char *s, size_t n)
{
	if (n >= b->cap - b->len && clr__buf_grow(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}
static inline int clr__buf_putc(clr_buf *b, char c)
{
	if (b->cap - b->len < 2 && clr__buf_grow(b, 1))
		return -1;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
	return 0;
}
static inline int clr__buf_puts(clr_buf *b, const char *s)
{
	return clr__buf_put(b, s, strlen(s));
}
int clr__buf_printf(clr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void clr__buf_clear(clr_buf *b);
void clr__buf_free(clr_buf *b);
char *clr__buf_detach(clr_buf *b);

/* Arena: bump allocator for strings and arrays that live as long as their db.
 * Compile with -DCLR_DEBUG_POOL to map every allocation to malloc so that
 * sanitizers see overflows (libgit2 GIT_DEBUG_POOL). */
typedef struct clr_arena clr_arena;
clr_arena *clr__arena_new(void);
void clr__arena_free(clr_arena *a);
void *clr__arena_alloc(clr_arena *a, size_t n);
char *clr__arena_strndup(clr_arena *a, const char *s, size_t n);
size_t clr__arena_bytes(const clr_arena *a);

/* FNV-1a 64-bit, continued from h over n more bytes. */
static inline uint64_t clr__hash_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* FNV-1a 64-bit. */
static inline uint64_t clr__hash(const void *p, size_t n)
{
	return clr__hash_more(1469598103934665603ull, p, n);
}

/* h continued over a string and its terminator (NULL as ""): strings
 * hashed in a row stay apart ("ab" "c" is not "a" "bc"). */
static inline uint64_t clr__hash_str(uint64_t h, const char *s)
{
	return s ? clr__hash_more(h, s, strlen(s) + 1) : clr__hash_more(h, "", 1);
}

/* Validates UTF-8 (no overlongs, no surrogates); returns offset of the first
 * bad byte or (size_t)-1 when valid. */
size_t clr__utf8_invalid_at(const char *s, size_t n);

/* Length of s cut to at most max bytes at a UTF-8 character boundary. */
size_t clr__utf8_cut(const char *s, size_t n, size_t max);

/* Reads a file (a pipe too) into memory, NUL-terminated; CLR_EIO, CLR_ELIMIT
 * (CLR_MAX_FILE_BYTES) or CLR_ENOMEM with the message in err. */
int clr__read_file(const char *path, char **out, size_t *out_len, clr_buf *err);

/* Trims ASCII white space. */
void clr__trim(const char **s, size_t *n);
/* The same, no-break spaces (U+00A0, frequent in the Canadian and
 * Australian lists) trimmed like spaces. */
void clr__trim_nbsp(const char **s, size_t *n);

/* Case-insensitive ASCII compare of a length-carrying string with z. */
int clr__eq_ci(const char *s, size_t n, const char *z);
/* 1 when z is a date written YYYY-MM-DD (month 1-12, day 1-31), nothing more. */
int clr__iso_date(const char *z);

#endif
