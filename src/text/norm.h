/*
 * norm.h - name normalisation: the raw words of fold.c read with the name
 * knowledge of src/names (legal forms to their generic class, vocabulary
 * and organisation terms of other languages, typos in vocabulary words,
 * number words and Roman numerals to digits, pinyin terms), giving the
 * canonical tokens both listed names and queries are matched in, and what
 * rule made each.  The same function serves both sides, so they always
 * meet in one form.  Never allocates per call.
 */
#ifndef CLR_NORM_H
#define CLR_NORM_H

#include <stdint.h>

#include "clearance.h"
#include "../limits.h"

/* Token flags: a pure function of the token (clr__norm_token_flags), so
 * that the index and the query agree on them.  Bits 6 and 7 are the
 * index's. */
enum {
	CLR_TOK_LEGAL = 1 << 0,  /* a legal form's class token: llc, jsc ... */
	CLR_TOK_STOP = 1 << 1,   /* function word, title, suffix */
	CLR_TOK_DIGIT = 1 << 2,  /* contains a digit: compared exactly */
	CLR_TOK_NUMBER = 1 << 3, /* a number (digits only): two that differ count against */
	CLR_TOK_PLACE = 1 << 4,  /* a country, region or city: two that differ count against */
	CLR_TOK_TITLE = 1 << 5,  /* a personal title or suffix: the name is a person's */
};

/* What made a token differ from the word as written (explanations). */
typedef enum clr_rule {
	CLR_RULE_NONE = 0,
	CLR_RULE_VOCAB,      /* an abbreviation's word, a plural's singular */
	CLR_RULE_TERM,       /* an organisation term of another language */
	CLR_RULE_LEGAL,      /* a legal form, as its generic class */
	CLR_RULE_LEGAL_TYPO, /* a legal form with a typo in one word */
	CLR_RULE_TYPO,       /* a typo in a vocabulary word, fixed */
	CLR_RULE_NUMBER,     /* a number word, ordinal or Roman numeral, as digits */
	CLR_RULE_PHRASE,     /* a multi-word term (pinyin, a place written in words) */
	CLR_RULE_CAMEL,      /* cut from a camel-case word */
	CLR_RULE_LEET,       /* digits written for letters */
	CLR_RULE_INITIALS,   /* two dotted letters read as initials */
	CLR_RULE_SPLIT,      /* a run-together word read as its two words */
	CLR_RULE_NRULES
} clr_rule;

const char *clr__rule_name(clr_rule r);

typedef struct clr_tokens {
	size_t n;
	const char *tok[CLR_MAX_TOKENS]; /* NUL-terminated, inside buf */
	uint8_t len[CLR_MAX_TOKENS];
	uint8_t flags[CLR_MAX_TOKENS];
	uint8_t rule[CLR_MAX_TOKENS];    /* clr_rule */
	const char *from[CLR_MAX_TOKENS]; /* the words as read, when a rule applied; else NULL */
	char buf[CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1)];
	char fbuf[CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1)];
} clr_tokens;

typedef struct clr_norm clr_norm;

int clr__norm_new(clr_norm **out);

/* What the normaliser reads names as: a hash of the name knowledge's
 * tables and of the tokens, flags and rules it gives for a set of probe
 * names that exercise every rule.  A compiled index or a store's token
 * index made under another fingerprint must be rebuilt.  0 on failure. */
uint64_t clr__norm_fingerprint(void);
void clr__norm_free(clr_norm *nm);

/* Tokenises a UTF-8 name.  Returns 0, CLR_EINPUT for invalid UTF-8 or
 * CLR_ELIMIT for a name over CLR_MAX_NAME_BYTES (listed names are cut at
 * CLR_MAX_TOKENS tokens; the caller decides).  Tokens longer than
 * CLR_MAX_TOKEN_BYTES are cut. */
int clr__norm_tokens(clr_norm *nm, const char *s, size_t n, clr_tokens *out);

/* Flags of a canonical token (CLR_TOK_*). */
unsigned clr__norm_token_flags(const char *tok, size_t len);

/* Joins tokens with single spaces into out (size cap). */
size_t clr__norm_join(const clr_tokens *t, char *out, size_t cap);

#endif
