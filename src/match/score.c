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
	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
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
			float s1 = g->s1[i][j];
			/* a weak typo counts for less in a name that is not a person's
			 * (CLR_WEAK_TYPO_SIM_ENTITY): lower only, so bounds hold */
			if ((g->h1[i][j] & ~HOW_NO_ANCHOR) == HOW_WEAKTYPO && !n->person &&
			    s1 > CLR_WEAK_TYPO_SIM_ENTITY)
				s1 = CLR_WEAK_TYPO_SIM_ENTITY;
			if (s1 > 0)
				pairs[np++] = (clr_pair){(uint8_t)i, 1, (uint8_t)j, 1, g->h1[i][j], s1,
				                         s1 * (q->w[i] + n->w[j])};
			for (size_t w = 2; w <= CLR_MAX_JOIN; w++) {
				if (i + w <= q->n && g->sq[w][i][j] > 0) {
					float wt = n->w[j];
					for (size_t k = i; k < i + w; k++)
						wt += q->w[k];
					pairs[np++] = (clr_pair){(uint8_t)i, (uint8_t)w, (uint8_t)j, 1, HOW_JOINED,
					                         g->sq[w][i][j], g->sq[w][i][j] * wt};
				}
				if (j + w <= n->n && g->sn[w][i][j] > 0) {
					float wt = q->w[i];
					for (size_t k = j; k < j + w; k++)
						wt += n->w[k];
					pairs[np++] = (clr_pair){(uint8_t)i, 1, (uint8_t)j, (uint8_t)w, HOW_JOINED,
					                         g->sn[w][i][j], g->sn[w][i][j] * wt};
				}
			}
		}
	}
	qsort(pairs, np, sizeof(clr_pair), cmp_pair);
	uint64_t qused = 0, nused = 0;
	al->npairs = 0;
	al->matched = 0;
	al->anchored = 0;
	for (size_t p = 0; p < np; p++) {
		const clr_pair *c = &pairs[p];
		uint64_t qb = ((1ull << c->qn) - 1) << c->qi;
		uint64_t nb = ((1ull << c->nn) - 1) << c->nj;
		if ((qused & qb) || (nused & nb))
			continue;
		qused |= qb;
		nused |= nb;
		al->pairs[al->npairs++] = *c;
		al->matched += c->value;
		if ((clr__how_indexed(c->how) || c->how == HOW_JOINED) && (n->anchor & nb))
			al->anchored = 1; /* a HOW_NO_ANCHOR pair fails both tests */
	}
	/* an initial meets a given name when the rest is strong ("V. Putin"):
	 * with no more than a common surname beside it ("M. Khan") it says
	 * what an initial said before, CLR_INITIAL_WEAK_SIM (lower only) */
	float strong = 0;
	int initials = 0;
	for (size_t p = 0; p < al->npairs; p++) {
		const clr_pair *c = &al->pairs[p];
		int how = c->how & ~HOW_NO_ANCHOR;
		if (how == HOW_INITIAL)
			initials = 1;
		else if (how != HOW_ABBREV && how != HOW_WEAKTYPO && how != HOW_NICKNAME)
			for (size_t i = c->qi; i < (size_t)c->qi + c->qn; i++)
				strong += q->w[i];
	}
	if (initials && strong < CLR_INITIAL_SUPPORT)
		for (size_t p = 0; p < al->npairs; p++) {
			clr_pair *c = &al->pairs[p];
			if ((c->how & ~HOW_NO_ANCHOR) != HOW_INITIAL || c->sim <= CLR_INITIAL_WEAK_SIM)
				continue;
			float v = c->value * CLR_INITIAL_WEAK_SIM / c->sim;
			al->matched -= c->value - v;
			c->value = v;
			c->sim = CLR_INITIAL_WEAK_SIM;
		}
	/* a listed token the query lacks costs less than a query token the
	 * listed name lacks (queries often drop words of a long listed name),
	 * but only once a rare listed token matched: common given names alone
	 * ("Muhammad Ahmed") must not reach a longer listed name cheaply; */
	float wn_unmatched = 0;
	for (size_t j = 0; j < n->n; j++)
		if (!(nused & (1ull << j)))
			wn_unmatched += n->w[j];
	/* a person's name is not found by one of its words: one matched token
	 * ("Amin" for "AL-HAQ, Amin") pays for the words it lacks in full;
	 * initials count ("V. V. Putin") */
	size_t matched = al->npairs;
	float share =
		(nused & n->rare) && (!n->person || matched >= 2) ? CLR_UNMATCHED_LISTED : 1.0f;
	/* likewise a common word the query adds ("Shenzhen Branch") */
	float wq_unmatched_common = 0;
	for (size_t i = 0; i < q->n; i++)
		if (!(qused & (1ull << i)) && (q->common >> i & 1))
			wq_unmatched_common += q->w[i];
	al->total = wq_total + wn_total - (1.0f - share) * (wn_unmatched + wq_unmatched_common);
	al->score = al->anchored && al->total > 0 ? al->matched / al->total : 0.0f;
	if (al->score > 1.0f)
		al->score = 1.0f;
	/* a number or a place on each side that the alignment left unpaired
	 * differs: it counts against the match, only ever lowering the score
	 * (so every bound of it stays a bound) */
	al->qualifiers = 0;
	al->factor = 1.0f;
	if ((q->num & ~qused) && (n->num & ~nused)) {
		al->qualifiers |= CLR_QUAL_NUMBER;
		al->factor *= CLR_QUALIFIER_FACTOR;
	}
	if ((q->place & ~qused) && (n->place & ~nused)) {
		al->qualifiers |= CLR_QUAL_PLACE;
		al->factor *= CLR_QUALIFIER_FACTOR;
	}
	/* "J. Ahed Al-Zoubi" is not "AHED AL-ZOUBI, Omran": a person's initial
	 * that pairs with nothing while the listed name keeps a name unpaired
	 * says another given name (a name: three letters or more, not the
	 * "al" or "el" a query cut short as "L-Hayyeh") */
	if (n->person) {
		uint64_t qi = 0, nw = 0;
		for (size_t i = 0; i < q->n; i++)
			if (q->len[i] == 1 && !(qused >> i & 1) && q->w[i] > CLR_STOP_WEIGHT)
				qi = 1;
		for (size_t j = 0; j < n->n; j++)
			if (n->len[j] >= 3 && !(nused >> j & 1) && n->w[j] > CLR_LEGAL_WEIGHT)
				nw = 1;
		if (qi && nw) {
			al->qualifiers |= CLR_QUAL_INITIAL;
			al->factor *= CLR_QUALIFIER_FACTOR;
		}
	}
	/* a short name in Han characters is its syllables: one more or less
	 * (张蕾婧 / "ZHANG, Lei"; 马涵 / "Mahan Airways") is another name */
	if (q->syllables) {
		int more = 0;
		for (size_t i = 0; i < q->n; i++)
			more |= !(qused >> i & 1) && q->w[i] > CLR_LEGAL_WEIGHT;
		for (size_t j = 0; j < n->n; j++)
			more |= !(nused >> j & 1) && n->w[j] > CLR_LEGAL_WEIGHT;
		if (more) {
			al->qualifiers |= CLR_QUAL_SYLLABLE;
			al->factor *= CLR_QUALIFIER_FACTOR;
		}
	}
	al->score *= al->factor;
}
