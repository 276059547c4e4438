/*
 * fuzz_normalize.c - libFuzzer target for the name normaliser: any bytes
 * give 0, CLR_EINPUT or CLR_ELIMIT; tokens are non-empty, NUL-terminated,
 * within the limits; and normalising the joined output again gives the same
 * tokens (listed names and queries must meet in one form).  Aborts on any
 * violation.  Its seed corpus is fuzz/corpus/normalize/.
 * CLR_FUZZ_NORM_REPORT=1 in the environment prints idempotence failures
 * (input and first differing token) and goes on, to survey them in one run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/norm.h"

#define JOIN_CAP (CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1) + 1)

static void fail(const char *what, const char *in, size_t n)
{
	fprintf(stderr, "fuzz_normalize: %s; input (%zu bytes):", what, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "\\x%02x", (unsigned char)in[i]);
	fprintf(stderr, "\n");
	abort();
}

static int report_only = -1;

/* An idempotence failure: abort, or print it in report mode. */
static void not_idempotent(const clr_tokens *a, const clr_tokens *b, const char *in, size_t n)
{
	if (!report_only)
		fail("not idempotent", in, n);
	size_t k = 0;
	while (k < a->n && k < b->n && !strcmp(a->tok[k], b->tok[k]))
		k++;
	fprintf(stderr, "IDEMPOTENCE '%s' -> '%s' (%zu -> %zu tokens); input:",
	        k < a->n ? a->tok[k] : "", k < b->n ? b->tok[k] : "", a->n, b->n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "\\x%02x", (unsigned char)in[i]);
	fprintf(stderr, "\n");
}

static void check_tokens(const clr_tokens *t, const char *in, size_t n)
{
	if (t->n > CLR_MAX_TOKENS)
		fail("more than CLR_MAX_TOKENS tokens", in, n);
	for (size_t k = 0; k < t->n; k++) {
		if (!t->tok[k] || !t->len[k])
			fail("empty token", in, n);
		if (t->len[k] > CLR_MAX_TOKEN_BYTES)
			fail("token over CLR_MAX_TOKEN_BYTES", in, n);
		/* t->tok[k] points into t->buf: find its NUL within the buffer */
		uintptr_t p = (uintptr_t)t->tok[k], b = (uintptr_t)t->buf;
		if (p < b || p >= b + sizeof(t->buf))
			fail("token outside the token buffer", in, n);
		if (strnlen(t->tok[k], b + sizeof(t->buf) - p) != t->len[k])
			fail("token length differs from t.len", in, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static clr_norm *nm;
	static clr_tokens t1, t2;
	static char joined[JOIN_CAP];
	const char *in = (const char *)data;

	if (!nm && clr__norm_new(&nm) != 0)
		abort();
	if (report_only < 0) {
		const char *e = getenv("CLR_FUZZ_NORM_REPORT");
		report_only = e && *e == '1';
	}
	int rc = clr__norm_tokens(nm, in, size, &t1);
	if (rc == CLR_EINPUT || rc == CLR_ELIMIT)
		return 0;
	if (rc != 0)
		fail("unexpected return code", in, size);
	check_tokens(&t1, in, size);

	size_t jn = clr__norm_join(&t1, joined, sizeof(joined));
	if (jn >= sizeof(joined) || joined[jn] != '\0')
		fail("join overran its buffer", in, size);
	rc = clr__norm_tokens(nm, joined, jn, &t2);
	if (jn > CLR_MAX_NAME_BYTES) {
		/* "&" -> "and", pinyin, abbreviations: output may outgrow the
		 * name limit, and then the second pass must say so */
		if (rc != CLR_ELIMIT)
			fail("joined output over the name limit not refused", in, size);
		return 0;
	}
	if (rc != 0 && report_only) {
		fprintf(stderr, "RENORM rc=%d; joined '%s'\n", rc, joined);
		return 0;
	}
	if (rc != 0)
		fail("normalised output does not normalise again", in, size);
	check_tokens(&t2, joined, jn);
	int same = t2.n == t1.n;
	for (size_t k = 0; same && k < t1.n; k++)
		same = t1.len[k] == t2.len[k] && !memcmp(t1.tok[k], t2.tok[k], t1.len[k]) &&
		       t1.flags[k] == t2.flags[k];
	if (!same)
		not_idempotent(&t1, &t2, in, size);
	return 0;
}
