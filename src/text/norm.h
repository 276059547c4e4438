/*
 * norm.h - name normalisation: Unicode folding (NFKC, case, marks), any
 * script to Latin through ICU, tokenisation, legal-form and abbreviation
 * canonicalisation.  The same function serves listed names and queries, so
 * both sides always meet in one form.  Never allocates per call.
 */
#ifndef CLR_NORM_H
#define CLR_NORM_H

#include <stdint.h>

#include "clearance.h"
#include "../limits.h"

enum {
	CLR_TOK_LEGAL = 1 << 0,   /* legal form: Ltd, LLC, GmbH, OOO ... */
	CLR_TOK_STOP = 1 << 1,    /* function word: of, and, de ... */
	CLR_TOK_DIGIT = 1 << 2,   /* contains a digit: compared exactly */
};

typedef struct clr_tokens {
	size_t n;
	const char *tok[CLR_MAX_TOKENS]; /* NUL-terminated, inside buf */
	uint8_t len[CLR_MAX_TOKENS];
	uint8_t flags[CLR_MAX_TOKENS];
	char buf[CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1)];
} clr_tokens;

typedef struct clr_norm clr_norm;

int clr__norm_new(clr_norm **out);
void clr__norm_free(clr_norm *nm);

/* Tokenises a UTF-8 name.  Returns 0, CLR_EINPUT for invalid UTF-8 or
 * CLR_ELIMIT for a name over CLR_MAX_NAME_BYTES (listed names are cut at
 * CLR_MAX_TOKENS tokens; the caller decides).  Tokens longer than
 * CLR_MAX_TOKEN_BYTES are cut. */
int clr__norm_tokens(clr_norm *nm, const char *s, size_t n, clr_tokens *out);

/* Flags of a canonical token (legal form, stop word, digit). */
unsigned clr__norm_token_flags(const char *tok, size_t len);

/* Joins tokens with single spaces into out (size cap). */
size_t clr__norm_join(const clr_tokens *t, char *out, size_t cap);

#endif
