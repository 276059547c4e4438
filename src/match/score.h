/*
 * score.h - the name scorer: aligns query tokens with a listed name's
 * tokens (one-to-one, order-free, joined pairs allowed) and turns the
 * alignment into a weighted score.  See docs/scorer.md.  Internal.
 */
#ifndef CLR_SCORE_H
#define CLR_SCORE_H

#include "index.h"

/* One side of a comparison as the scorer sees it. */
typedef struct clr_side {
	size_t n;
	const char *tok[CLR_MAX_TOKENS]; /* listed side: NULL until clr__side_strings() */
	uint8_t len[CLR_MAX_TOKENS];
	float w[CLR_MAX_TOKENS];
	uint64_t anchor; /* listed side only: tokens that may anchor a match */
	uint64_t rare;   /* listed side only: tokens rare in the lists */
	int person;      /* listed side only: the entry is a person */
	uint64_t common; /* query side only: tokens the lists know as common words */
	uint64_t num;    /* tokens that are numbers (CLR_TOK_NUMBER) */
	uint64_t place;  /* tokens that are places (CLR_TOK_PLACE) */
	int syllables;   /* query side: a short name read from Han characters */
} clr_side;

/* Similarities, filled by the caller for i < query tokens, j < listed
 * tokens: single x single; sq[w][i][j], query tokens i..i+w-1 written
 * joined x listed token j; sn[w][i][j], query token i x listed tokens
 * j..j+w-1 joined (w = 2..CLR_MAX_JOIN; 0 where the span runs past the end). */
typedef struct clr_simgrid {
	float s1[CLR_MAX_TOKENS][CLR_MAX_TOKENS];
	uint8_t h1[CLR_MAX_TOKENS][CLR_MAX_TOKENS];
	float sq[CLR_MAX_JOIN + 1][CLR_MAX_TOKENS][CLR_MAX_TOKENS];
	float sn[CLR_MAX_JOIN + 1][CLR_MAX_TOKENS][CLR_MAX_TOKENS];
} clr_simgrid;

typedef struct clr_pair {
	uint8_t qi, qn;   /* query span */
	uint8_t nj, nn;   /* listed span */
	uint8_t how;
	float sim, value;
} clr_pair;

/* What a differing qualifier on both sides does to a score: "Alpha Fund
 * III" is not "Alpha Fund IV", "Huawei Technologies Japan" not "Huawei
 * Technologies Germany". */
#define CLR_QUALIFIER_FACTOR 0.8f
enum {
	CLR_QUAL_NUMBER = 1, CLR_QUAL_PLACE = 2,
	CLR_QUAL_SCRIPT = 4, /* capped by the same-script comparison (clr__kn_same_script) */
	CLR_QUAL_INITIAL = 8, /* a person's initial that meets none of the given names left */
	CLR_QUAL_SYLLABLE = 16, /* a short Han name and a name with a syllable more or less */
};

typedef struct clr_alignment {
	size_t npairs;
	clr_pair pairs[CLR_MAX_TOKENS];
	float matched, total;
	int anchored;
	unsigned qualifiers; /* CLR_QUAL_*: differing on both sides */
	float factor;        /* CLR_QUALIFIER_FACTOR per kind that differs, or 1 */
	float score;
} clr_alignment;

/* Aligns and scores; al may not be NULL.  scratch holds at least
 * CLR_SCRATCH_PAIRS pairs. */
#define CLR_SCRATCH_PAIRS ((2 * CLR_MAX_JOIN - 1) * CLR_MAX_TOKENS * CLR_MAX_TOKENS)
void clr__align(const clr_side *q, const clr_side *n, const clr_simgrid *g, clr_pair *scratch,
                clr_alignment *al);

#endif
