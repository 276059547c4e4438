/*
 * fold.h - the first stage of normalisation (fold.c): UTF-8 in, raw
 * lowercase ASCII words out, with what the tokeniser read in them.  No
 * vocabulary: norm.c applies that.  Internal.
 */
#ifndef CLR_FOLD_H
#define CLR_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "clearance.h"
#include "../limits.h"

enum {
	CLR_WORD_CAMEL = 1 << 0, /* cut from a camel-case word ("FridrichBuchenberg") */
	CLR_WORD_LEET = 1 << 1,  /* digits read as letters ("Sech1n") */
	CLR_WORD_HYPHEN = 1 << 2, /* a hyphen joins it to the next word ("Sci-Tech") */
};

typedef struct clr_words {
	size_t n;
	char w[CLR_MAX_TOKENS][CLR_MAX_TOKEN_BYTES + 1];
	uint8_t len[CLR_MAX_TOKENS];
	uint8_t dotted[CLR_MAX_TOKENS];    /* dotted letters joined into it ("S.A."), else 0 */
	uint8_t dot_after[CLR_MAX_TOKENS]; /* followed by '.' in the text */
	uint8_t flags[CLR_MAX_TOKENS];     /* CLR_WORD_* */
} clr_words;

/* A Chinese term at the start of s (n bytes of UTF-8): its length in bytes
 * and its English words in *en, or 0. */
typedef size_t (*clr_fold_term_fn)(const char *s, size_t n, const char **en);

typedef struct clr_fold clr_fold;

/* term may be NULL (no Chinese glossary). */
int clr__fold_new(clr_fold **out, clr_fold_term_fn term);
void clr__fold_free(clr_fold *f);

/* Cuts a UTF-8 name into raw words.  Returns 0, CLR_EINPUT for invalid
 * UTF-8 or CLR_ELIMIT for a name over CLR_MAX_NAME_BYTES; words past
 * CLR_MAX_TOKENS are dropped and longer than CLR_MAX_TOKEN_BYTES cut. */
int clr__fold_words(clr_fold *f, const char *s, size_t n, clr_words *out);

#endif
