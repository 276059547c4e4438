/*
 * score.c - greedy one-to-one alignment of query and listed tokens and the
 * weighted score.  Pure function of its inputs: the indexed, exhaustive and
 * compare paths all end here, so they cannot score differently.
 */
#include <stdlib.h>

#include "score.h"

static int cmp_pair(const void *a, const void *b)
{
	const clr_pair *x = a, *y = b;
	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	if (x->qi != y->qi)
		return x->qi < y->qi ? -1 : 1;
	if (x->nj != y->nj)
		return x->nj < y->nj ? -1 : 1;
	return (int)x->qn + (int)x->nn - (int)y->qn - (int)y->nn;
}

void clr__align(const clr_side *q, const clr_side *n, const clr_simgrid *g, clr_pair *pairs,
                clr_alignment *al)
{
	size_t np = 0;
	float wq_total = 0, wn_total = 0;
	for (size_t i = 0; i < q->n; i++)
		wq_total += q->w[i];
	for (size_t j = 0; j < n->n; j++)
		wn_total += n->w[j];
	for (size_t i = 0; i < q->n; i++) {
		for (size_t j = 0; j < n->n; j++) {
			if (g->s1[i][j] > 0)
				pairs[np++] = (clr_pair){(uint8_t)i, 1, (uint8_t)j, 1, g->h1[i][j],
				                         g->s1[i][j], g->s1[i][j] * (q->w[i] + n->w[j])};
			if (i + 1 < q->n && g->sq[i][j] > 0)
				pairs[np++] = (clr_pair){(uint8_t)i, 2, (uint8_t)j, 1, HOW_JOINED, g->sq[i][j],
				                         g->sq[i][j] * (q->w[i] + q->w[i + 1] + n->w[j])};
			if (j + 1 < n->n && g->sn[i][j] > 0)
				pairs[np++] = (clr_pair){(uint8_t)i, 1, (uint8_t)j, 2, HOW_JOINED, g->sn[i][j],
				                         g->sn[i][j] * (q->w[i] + n->w[j] + n->w[j + 1])};
		}
	}
	qsort(pairs, np, sizeof(clr_pair), cmp_pair);
	uint64_t qused = 0, nused = 0;
	al->npairs = 0;
	al->matched = 0;
	al->anchored = 0;
	for (size_t p = 0; p < np; p++) {
		const clr_pair *c = &pairs[p];
		uint64_t qb = (c->qn == 2 ? 3ull : 1ull) << c->qi;
		uint64_t nb = (c->nn == 2 ? 3ull : 1ull) << c->nj;
		if ((qused & qb) || (nused & nb))
			continue;
		qused |= qb;
		nused |= nb;
		al->pairs[al->npairs++] = *c;
		al->matched += c->value;
		if (c->how != HOW_INITIAL && (n->anchor & nb))
			al->anchored = 1;
	}
	al->total = wq_total + wn_total;
	al->score = al->anchored && al->total > 0 ? al->matched / al->total : 0.0f;
	if (al->score > 1.0f)
		al->score = 1.0f;
}
