/*
 * alt.c - the index's alternates: dictionary tokens tied to a query word by
 * knowledge rather than by spelling.  Another romanisation of the same word
 * (the transliteration key of src/names, the consonant skeleton Arabic
 * script gives, a syllable's Wade-Giles or Korean spelling), a given name's
 * nickname or counterpart, and equivalents the lists themselves give: an
 * entry listing "Inspur Software" and "Wave Software", or the same address
 * as "No. 1036, Inspur Road" and "No. 1036 Langchao Road", teaches that
 * those words name one thing.  Built once with the index; clr__tok_alt is
 * the one definition both the table and the exhaustive scan obey.
 */
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "../lists/db.h"
#include "../names/names.h"

/* What a query word looks a token up by: ALT_SKELETON, the skeleton of a
 * token written with vowels; ALT_SKELETON_BARE, of one written without. */
enum {
	ALT_TRANSLIT = 1, ALT_SKELETON, ALT_SKELETON_BARE, ALT_GIVEN, ALT_SYLLABLE, ALT_EQUIV,
	ALT_EQPAIR, ALT_TERM
};

static uint64_t alt_hash(unsigned kind, const char *s, size_t n)
{
	uint64_t h = clr__hash(s, n) + kind * 0x9e3779b97f4a7c15ull;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h | 1;
}

/* The ids stored under hash h: in *one (returning 1) or a group in del_ids
 * style; returns the count and points *ids at them. */
static uint32_t alt_probe(const clr_index *ix, uint64_t h, const uint32_t **ids, uint32_t *one)
{
	if (!ix->alt_cap)
		return 0;
	uint32_t i = clr__del_home(h, ix->alt_cap), key = clr__del_key(h);
	while (ix->alt[i].key && ix->alt[i].key != key)
		if (++i == ix->alt_cap)
			i = 0;
	const clr_delslot *d = &ix->alt[i];
	if (!d->key)
		return 0;
	if (!(d->val & CLR_DEL_MANY)) {
		*one = d->val;
		*ids = one;
		return 1;
	}
	const uint32_t *g = ix->alt_ids + (d->val & ~CLR_DEL_MANY);
	*ids = g + 1;
	return g[0];
}

/* Tokens that take part in knowledge relations: words of some name, not
 * legal forms, function words or words with digits. */
static int alt_token(const clr_tokinfo *t)
{
	return !t->joined_only && t->len >= 2 &&
	       !(t->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP | CLR_TOK_DIGIT));
}

static int alt_word(const char *q, size_t n)
{
	return n >= 2 && !(clr__norm_token_flags(q, n) & (CLR_TOK_LEGAL | CLR_TOK_STOP | CLR_TOK_DIGIT));
}

/* The key of a pair of words, whichever comes first. */
static uint64_t pair_hash(const char *a, size_t an, const char *b, size_t bn)
{
	char buf[2 * 256 + 1];
	if (an > 256 || bn > 256)
		return 0;
	int swap = an != bn ? an > bn : memcmp(a, b, an) > 0;
	const char *x = swap ? b : a, *y = swap ? a : b;
	size_t xn = swap ? bn : an, yn = swap ? an : bn;
	memcpy(buf, x, xn);
	buf[xn] = '\0';
	memcpy(buf + xn + 1, y, yn);
	return alt_hash(ALT_EQPAIR, buf, xn + 1 + yn);
}

int clr__index_equivalent(const clr_index *ix, const char *a, size_t an, const char *b, size_t bn)
{
	const uint32_t *ids;
	uint32_t one;
	uint64_t h;
	if (!ix || !ix->neq_pairs || !(h = pair_hash(a, an, b, bn)))
		return 0;
	return alt_probe(ix, h, &ids, &one) > 0;
}

/* What clr__tok_alt needs of the query word, computed once for all the
 * tokens a query word is tested against. */
typedef struct alt_side {
	const char *w;
	size_t n;
	int ok;              /* a word that takes part in relations (alt_word) */
	char k[256], k2[256], sk[256];
	size_t kl, kl2, skl; /* translit keys (0: none) and skeleton */
	int vowelless;
	const char *term;    /* its organisation term's English, or NULL */
	size_t terml;
} alt_side;

static void alt_side_init(alt_side *a, const char *w, size_t n, int ok)
{
	a->w = w;
	a->n = n;
	a->ok = ok;
	a->kl = a->kl2 = a->skl = 0;
	a->term = NULL;
	a->terml = 0;
	a->vowelless = 0;
	if (!ok)
		return;
	a->kl = clr__kn_translit_key(w, n, a->k, sizeof(a->k));
	a->kl2 = a->kl ? clr__kn_translit_key2(w, n, a->k2, sizeof(a->k2)) : 0;
	a->vowelless = clr__kn_vowelless(w, n);
	a->skl = clr__kn_skeleton(w, n, a->sk, sizeof(a->sk));
	a->term = clr__kn_term(w, n);
	a->terml = a->term ? strlen(a->term) : 0;
}

static int same(const char *a, size_t an, const char *b, size_t bn)
{
	return an && an == bn && !memcmp(a, b, an);
}

/* Similarities, distinct so that a token related in two ways keeps the
 * same relation whichever way it is found first.  t is a word of relations
 * (the caller checked alt_word or alt_token). */
static int side_alt(const clr_index *ix, const alt_side *q, const char *t, size_t tn, float *sim)
{
	int how = HOW_NONE;
	*sim = 0;
	if (!q->ok || same(q->w, q->n, t, tn))
		return HOW_NONE;
#define BETTER(s, h) do { if ((s) > *sim) { *sim = (s); how = (h); } } while (0)
	/* a key of each in common (a word with an x has two) */
	if (q->kl) {
		char b[256], b2[256];
		size_t kb = clr__kn_translit_key(t, tn, b, sizeof(b));
		size_t kb2 = kb ? clr__kn_translit_key2(t, tn, b2, sizeof(b2)) : 0;
		if (same(q->k, q->kl, b, kb) || same(q->k2, q->kl2, b, kb) || same(q->k, q->kl, b2, kb2) ||
		    same(q->k2, q->kl2, b2, kb2))
			BETTER(CLR_TRANSLIT_SIM, HOW_TRANSLIT);
	}
	if (clr__kn_syllable_related(t, tn, q->w, q->n))
		BETTER(CLR_TRANSLIT_SIM, HOW_TRANSLIT);
	/* one written without vowels (the script's way), the other with them:
	 * their skeletons meet */
	if (q->skl && q->vowelless != clr__kn_vowelless(t, tn)) {
		char b[256];
		size_t sb = clr__kn_skeleton(t, tn, b, sizeof(b));
		if (same(q->sk, q->skl, b, sb))
			BETTER(CLR_SKELETON_SIM, HOW_TRANSLIT);
	}
	/* organisation terms of two languages, or a term and its English */
	const char *ct = clr__kn_term(t, tn);
	if (q->term || ct) {
		const char *xq = q->term ? q->term : q->w, *xt = ct ? ct : t;
		size_t lq = q->term ? q->terml : q->n, lt = ct ? strlen(ct) : tn;
		if (same(xq, lq, xt, lt))
			BETTER(CLR_TERM_SIM, HOW_TERM);
	}
	if (clr__index_equivalent(ix, q->w, q->n, t, tn))
		BETTER(CLR_EQUIV_SIM, HOW_EQUIV);
	if (clr__kn_given_related(q->w, q->n, t, tn))
		BETTER(CLR_NICKNAME_SIM, HOW_NICKNAME);
#undef BETTER
	return how;
}

int clr__tok_alt(const clr_index *ix, const char *q, size_t qn, const char *t, size_t tn,
                 float *sim)
{
	*sim = 0;
	if ((qn == tn && !memcmp(q, t, qn)) || !alt_word(t, tn))
		return HOW_NONE;
	alt_side a;
	alt_side_init(&a, q, qn, alt_word(q, qn));
	return side_alt(ix, &a, t, tn, sim);
}

typedef struct alt_query {
	const clr_index *ix;
	const alt_side *q;
	uint32_t self;
	unsigned mode;
	clr_neighbour_fn fn;
	void *payload;
} alt_query;

/* The relations a query word of mode may have: a word read from Han
 * characters only its equivalents and translations (CLR_NB_HAN). */
static int alt_allowed(unsigned mode, int how)
{
	return !(mode & CLR_NB_HAN) || how == HOW_EQUIV || how == HOW_TERM;
}

/* Offers token id if a relation holds: every token a probe finds is
 * verified with clr__tok_alt, so that a hash collision cannot make the
 * table differ from the exhaustive scan. */
static void offer(alt_query *aq, uint32_t id)
{
	if (id == aq->self || id == CLR_NO_TOKEN || !alt_token(&aq->ix->tok[id]))
		return;
	const clr_tokinfo *t = &aq->ix->tok[id];
	float sim;
	int how = side_alt(aq->ix, aq->q, aq->ix->pool + t->off, t->len, &sim);
	if (how != HOW_NONE && alt_allowed(aq->mode, how))
		aq->fn(aq->payload, id, sim, how);
}

static void offer_probe(alt_query *aq, unsigned kind, const char *s, size_t n)
{
	const uint32_t *ids;
	uint32_t one, c = alt_probe(aq->ix, alt_hash(kind, s, n), &ids, &one);
	for (uint32_t k = 0; k < c; k++)
		offer(aq, ids[k]);
}

void clr__index_alternates(const clr_index *ix, const char *q, size_t qn, unsigned mode,
                           clr_neighbour_fn fn, void *payload)
{
	if (!alt_word(q, qn))
		return;
	static _Thread_local alt_side qa; /* keys of 256 bytes: off the stack */
	alt_side_init(&qa, q, qn, 1);
	if (mode & CLR_NB_EXHAUSTIVE) {
		for (uint32_t t = 0; t < ix->ntok; t++) {
			const clr_tokinfo *ti = &ix->tok[t];
			float sim;
			if (!alt_token(ti))
				continue;
			int how = side_alt(ix, &qa, ix->pool + ti->off, ti->len, &sim);
			if (how != HOW_NONE && alt_allowed(mode, how))
				fn(payload, t, sim, how);
		}
		return;
	}
	alt_query aq = {ix, &qa, clr__index_lookup(ix, q, qn), mode, fn, payload};
	for (int second = 0; second < 2; second++) {
		const char *k = second ? qa.k2 : qa.k;
		size_t kl = second ? qa.kl2 : qa.kl;
		if (!kl)
			continue;
		offer_probe(&aq, ALT_TRANSLIT, k, kl);
		/* a token that is its own key is stored under none */
		offer(&aq, clr__index_lookup(ix, k, kl));
	}
	if (qa.skl)
		offer_probe(&aq, qa.vowelless ? ALT_SKELETON : ALT_SKELETON_BARE, qa.sk, qa.skl);
	/* the knowledge says which other look-ups can find anything */
	unsigned kf = clr__kn_relations(q, qn);
	if (qa.term) {
		offer_probe(&aq, ALT_TERM, qa.term, qa.terml);
		offer(&aq, clr__index_lookup(ix, qa.term, qa.terml));
	} else if (kf & CLR_KN_REL_TERM) {
		offer_probe(&aq, ALT_TERM, q, qn);
	}
	if (kf & CLR_KN_REL_SYLLABLE)
		offer_probe(&aq, ALT_SYLLABLE, q, qn);
	if (ix->neq_pairs)
		offer_probe(&aq, ALT_EQUIV, q, qn);
	if (kf & CLR_KN_REL_GIVEN)
		offer_probe(&aq, ALT_GIVEN, q, qn);
}

/* ---- build ---- */

typedef struct kv {
	uint64_t h;
	uint32_t id;
} kv;

typedef struct alt_build {
	CLR_VEC(kv) kv;
	uint32_t id;
	unsigned kind;
	int oom;
} alt_build;

static void add_kv(alt_build *b, unsigned kind, const char *s, size_t n, uint32_t id)
{
	if (clr__vec_push(b->kv, ((kv){alt_hash(kind, s, n), id})))
		b->oom = 1;
}

static void add_member(void *payload, const char *s, size_t n)
{
	alt_build *b = payload;
	add_kv(b, b->kind, s, n, b->id);
}

static int cmp_kv(const void *x, const void *y)
{
	const kv *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* ---- mining equivalents from the lists ---- */

/* Words as strings, and the pairs of them mined. */
typedef struct wordset {
	CLR_VEC(char *) w;
	CLR_VEC(uint64_t) pairs; /* candidates: lower word id << 32 | higher */
	uint32_t *ht;
	uint32_t cap;
	int oom;
} wordset;

static uint32_t word_id(wordset *ws, const char *s, size_t n)
{
	if ((ws->w.n + 1) * 2 > ws->cap) {
		uint32_t cap = ws->cap ? ws->cap * 2 : 1024;
		uint32_t *ht = calloc(cap, sizeof(uint32_t));
		if (!ht) {
			ws->oom = 1;
			return UINT32_MAX;
		}
		for (size_t i = 0; i < ws->w.n; i++) {
			uint32_t h = (uint32_t)clr__hash(ws->w.v[i], strlen(ws->w.v[i])) & (cap - 1);
			while (ht[h])
				h = (h + 1) & (cap - 1);
			ht[h] = (uint32_t)i + 1;
		}
		free(ws->ht);
		ws->ht = ht;
		ws->cap = cap;
	}
	uint32_t h = (uint32_t)clr__hash(s, n) & (ws->cap - 1);
	for (; ws->ht[h]; h = (h + 1) & (ws->cap - 1)) {
		const char *z = ws->w.v[ws->ht[h] - 1];
		if (strlen(z) == n && !memcmp(z, s, n))
			return ws->ht[h] - 1;
	}
	char *z = clr__strndup(s, n);
	if (!z || clr__vec_push(ws->w, z)) {
		ws->oom = 1;
		return UINT32_MAX;
	}
	ws->ht[h] = (uint32_t)ws->w.n;
	return (uint32_t)ws->w.n - 1;
}

/* A pair of words one entry writes for one another; taught only if no
 * other name contradicts it (confirm). */
static void candidate(wordset *ws, const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t x = word_id(ws, a, an), y = word_id(ws, b, bn);
	if (x == UINT32_MAX || y == UINT32_MAX || x == y)
		return;
	if (clr__vec_push(ws->pairs, ((uint64_t)(x < y ? x : y) << 32 | (x < y ? y : x))))
		ws->oom = 1;
}

/* Whether two words may be taught equivalent: content words of three
 * letters or more, rare in the lists' names (or absent from them), not
 * already related by a typo or a transliteration. */
static int minable(const clr_index *ix, const char *a, size_t an, const char *b, size_t bn)
{
	if (an < 3 || bn < 3)
		return 0;
	unsigned fa = clr__norm_token_flags(a, an), fb = clr__norm_token_flags(b, bn);
	if ((fa | fb) & (CLR_TOK_LEGAL | CLR_TOK_STOP | CLR_TOK_DIGIT | CLR_TOK_PLACE))
		return 0;
	uint32_t ia = clr__index_lookup(ix, a, an), ib = clr__index_lookup(ix, b, bn);
	if ((ia != CLR_NO_TOKEN && ix->tok[ia].df > ix->rare_df) ||
	    (ib != CLR_NO_TOKEN && ix->tok[ib].df > ix->rare_df))
		return 0;
	int how;
	float sim;
	if (clr__tok_sim(a, an, b, bn, &how) > 0 || clr__tok_alt(NULL, a, an, b, bn, &sim))
		return 0;
	return 1;
}

#define EQ_MAX_SEQS 64 /* names and addresses of one entry compared */
#define EQ_BRAND_DF 3  /* a word of more listed names than this is no brand */

typedef struct seq {
	size_t n;
	char w[CLR_MAX_TOKENS][32];
	uint8_t len[CLR_MAX_TOKENS];
} seq;

static int tokenise_seq(clr_norm *nm, const char *z, seq *s)
{
	static _Thread_local clr_tokens t;
	s->n = 0;
	if (!z || clr__norm_tokens(nm, z, clr__utf8_cut(z, strlen(z), CLR_MAX_NAME_BYTES), &t) < 0)
		return 0;
	for (size_t k = 0; k < t.n; k++) {
		if (t.len[k] >= sizeof(s->w[0]))
			return 0;
		memcpy(s->w[s->n], t.tok[k], t.len[k] + 1);
		s->len[s->n++] = t.len[k];
	}
	return s->n > 0;
}

static int seq_eq(const seq *a, size_t i, const seq *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->w[i], b->w[j], a->len[i]);
}

/* 1 when word w is a word of one of the names */
static int in_names(const seq *names, size_t nn, const char *w, size_t wl)
{
	for (size_t i = 0; i < nn; i++)
		for (size_t k = 0; k < names[i].n; k++)
			if (names[i].len[k] == wl && !memcmp(names[i].w[k], w, wl))
				return 1;
	return 0;
}

/* A name's own word, one no other name or table gives a meaning: in at
 * most a few listed names, no given name, no place ("Sensetime" /
 * "Shangtang", not "David" / "Samson" nor "Dongying" / "Taizhou"). */
static int brand(const clr_index *ix, const char *w, size_t n)
{
	uint32_t g, id = clr__index_lookup(ix, w, n);
	return (id == CLR_NO_TOKEN || ix->tok[id].df <= EQ_BRAND_DF) && !clr__kn_given(w, n, &g, 1);
}

/* Word p of address a stands between a house number and a word for a
 * street. */
static int street_context(const seq *a, size_t p)
{
	static const char *const street[] = {"road", "rd", "street", "st", "avenue", "ave", "lu",
	                                     "jie", "dajie", "lane", "boulevard", "highway", "way",
	                                     "ulitsa", "prospekt", "strasse"};
	const char *num = a->w[p - 1], *next = a->w[p + 1];
	for (size_t i = 0; i < a->len[p - 1]; i++)
		if (num[i] < '0' || num[i] > '9')
			return 0;
	for (size_t k = 0; k < sizeof(street) / sizeof(*street); k++)
		if (strlen(street[k]) == a->len[p + 1] && !memcmp(street[k], next, a->len[p + 1]))
			return 1;
	return 0;
}

static void mine_entry(const clr_index *ix, clr_norm *nm, const clr_entry *e, seq *names,
                       seq *addrs, wordset *ws)
{
	size_t nn = 0, na = 0;
	for (size_t i = 0; i < e->nnames && nn < EQ_MAX_SEQS; i++)
		nn += (size_t)tokenise_seq(nm, e->names[i].name, &names[nn]);
	for (size_t i = 0; i < e->naddresses && na < EQ_MAX_SEQS; i++)
		na += (size_t)tokenise_seq(nm, e->addresses[i].address, &addrs[na]);
	/* two names of one length that differ in one word, the rest equal
	 * ("Inspur Software" / "Wave Software") */
	for (size_t i = 0; i < nn; i++)
		for (size_t j = i + 1; j < nn; j++) {
			if (names[i].n != names[j].n || names[i].n < 2)
				continue;
			size_t diff = 0, at = 0, content = 0;
			for (size_t k = 0; k < names[i].n && diff < 2; k++) {
				if (!seq_eq(&names[i], k, &names[j], k)) {
					diff++;
					at = k;
				} else if (!(clr__norm_token_flags(names[i].w[k], names[i].len[k]) &
				             (CLR_TOK_LEGAL | CLR_TOK_STOP))) {
					content++;
				}
			}
			if (diff == 1 && content &&
			    minable(ix, names[i].w[at], names[i].len[at], names[j].w[at], names[j].len[at]) &&
			    brand(ix, names[i].w[at], names[i].len[at]) &&
			    brand(ix, names[j].w[at], names[j].len[at]))
				candidate(ws, names[i].w[at], names[i].len[at], names[j].w[at], names[j].len[at]);
		}
	/* one address written with two words in one place, a street between a
	 * house number and the word for street ("No. 1036, Inspur Road" / "No.
	 * 1036 Langchao Road"), one of them a word of the entry's names */
	for (size_t i = 0; i < na; i++)
		for (size_t j = i + 1; j < na; j++)
			for (size_t p = 1; p + 1 < addrs[i].n; p++)
				for (size_t q = 1; q + 1 < addrs[j].n; q++) {
					const seq *a = &addrs[i], *b = &addrs[j];
					if (seq_eq(a, p, b, q) || !seq_eq(a, p - 1, b, q - 1) ||
					    !seq_eq(a, p + 1, b, q + 1) || !street_context(a, p))
						continue;
					if (!in_names(names, nn, a->w[p], a->len[p]) &&
					    !in_names(names, nn, b->w[q], b->len[q]))
						continue;
					if (minable(ix, a->w[p], a->len[p], b->w[q], b->len[q]))
						candidate(ws, a->w[p], a->len[p], b->w[q], b->len[q]);
				}
}

/* Teaches the candidate pairs that no other entry's names contradict: the
 * rarer word of a pair must never stand in the names of an entry that does
 * not hold the other word too ("wave" is Inspur's English name in one
 * entry, but also "Wave Tech Group", another party: Inspur is not every
 * Wave).  Counted over the index's name records, per entry. */
static int confirm(const clr_index *ix, wordset *ws)
{
	size_t nw = ws->w.n, np = ws->pairs.n;
	if (!np)
		return 0;
	qsort(ws->pairs.v, np, sizeof(uint64_t), cmp_u64);
	size_t u = 0;
	for (size_t k = 0; k < np; k++)
		if (!u || ws->pairs.v[k] != ws->pairs.v[u - 1])
			ws->pairs.v[u++] = ws->pairs.v[k];
	np = ws->pairs.n = u;
	uint32_t *tokw = malloc((ix->ntok ? ix->ntok : 1) * sizeof(uint32_t));
	uint32_t *occ = calloc(nw ? nw : 1, sizeof(uint32_t));
	uint32_t *co = calloc(np, sizeof(uint32_t));
	uint32_t *inent = malloc((nw ? nw : 1) * sizeof(uint32_t)); /* last entry seen, + 1 */
	CLR_VEC(uint32_t) here = {0};
	int rc = CLR_ENOMEM;
	if (!tokw || !occ || !co || !inent)
		goto done;
	for (uint32_t t = 0; t < ix->ntok; t++)
		tokw[t] = UINT32_MAX;
	for (size_t i = 0; i < nw; i++) {
		uint32_t id = clr__index_lookup(ix, ws->w.v[i], strlen(ws->w.v[i]));
		if (id != CLR_NO_TOKEN)
			tokw[id] = (uint32_t)i;
		inent[i] = 0;
	}
	for (uint32_t i = 0; i <= ix->nnames; i++) {
		uint32_t e = i < ix->nnames ? ix->names[i].entry : UINT32_MAX;
		if (i && (i == ix->nnames || e != ix->names[i - 1].entry)) {
			/* the words of the previous entry's names */
			for (size_t a = 0; a < here.n; a++)
				for (size_t b = 0; b < here.n; b++) {
					uint64_t key = (uint64_t)here.v[a] << 32 | here.v[b];
					if (here.v[a] >= here.v[b])
						continue;
					const uint64_t *f = bsearch(&key, ws->pairs.v, np, sizeof(uint64_t), cmp_u64);
					if (f)
						co[f - ws->pairs.v]++;
				}
			here.n = 0;
		}
		if (i == ix->nnames)
			break;
		const clr_iname *in = &ix->names[i];
		for (size_t j = 0; j < in->ntok; j++) {
			uint32_t w = tokw[ix->name_toks[in->toks + j]];
			if (w == UINT32_MAX || inent[w] == e + 1)
				continue;
			inent[w] = e + 1;
			occ[w]++;
			if (clr__vec_push(here, w))
				goto done;
		}
	}
	for (size_t k = 0; k < np; k++) {
		uint32_t a = (uint32_t)(ws->pairs.v[k] >> 32), b = (uint32_t)ws->pairs.v[k];
		uint32_t rarer = occ[a] < occ[b] ? occ[a] : occ[b];
		if (co[k] < rarer)
			ws->pairs.v[k] = UINT64_MAX; /* contradicted: not taught */
	}
	rc = 0;
done:
	free(tokw);
	free(occ);
	free(co);
	free(inent);
	clr__vec_free(here);
	return rc;
}

static int mine(const clr_index *ix, struct clr_db *db, wordset *ws)
{
	clr_norm *nm = NULL;
	seq *names = malloc(EQ_MAX_SEQS * sizeof(seq)), *addrs = malloc(EQ_MAX_SEQS * sizeof(seq));
	int rc = CLR_ENOMEM;
	if (!names || !addrs || clr__norm_new(&nm))
		goto done;
	for (size_t e = 0; e < db->entries.n && !ws->oom; e++) {
		const clr_entry *en = db->entries.v[e];
		if (en->type == CLR_TYPE_PERSON || (en->nnames < 2 && en->naddresses < 2))
			continue; /* a person's aliases are other people's names too */
		mine_entry(ix, nm, en, names, addrs, ws);
	}
	rc = ws->oom ? CLR_ENOMEM : confirm(ix, ws);
done:
	clr__norm_free(nm);
	free(names);
	free(addrs);
	return rc;
}

int clr__alt_build(clr_index *ix, struct clr_db *db)
{
	alt_build b = {0};
	wordset ws = {0};
	int rc = db ? mine(ix, db, &ws) : 0;
	if (rc < 0)
		goto done;
	/* each pair is kept under its key, and each word under the other, when
	 * the other is a token */
	ix->neq_pairs = 0;
	for (size_t k = 0; k < ws.pairs.n; k++) {
		if (ws.pairs.v[k] == UINT64_MAX)
			continue;
		const char *x = ws.w.v[ws.pairs.v[k] >> 32], *y = ws.w.v[(uint32_t)ws.pairs.v[k]];
		size_t xn = strlen(x), yn = strlen(y);
		uint32_t ix_ = clr__index_lookup(ix, x, xn), iy = clr__index_lookup(ix, y, yn);
		uint64_t h = pair_hash(x, xn, y, yn);
		if (!h)
			continue;
		if (clr__vec_push(b.kv, ((kv){h, 0})))
			b.oom = 1;
		ix->neq_pairs++;
		if (iy != CLR_NO_TOKEN && alt_token(&ix->tok[iy]))
			add_kv(&b, ALT_EQUIV, x, xn, iy);
		if (ix_ != CLR_NO_TOKEN && alt_token(&ix->tok[ix_]))
			add_kv(&b, ALT_EQUIV, y, yn, ix_);
	}

	for (uint32_t id = 0; id < ix->ntok && !b.oom; id++) {
		const clr_tokinfo *t = &ix->tok[id];
		const char *s = ix->pool + t->off;
		char k[256];
		if (!alt_token(t))
			continue;
		size_t kl = clr__kn_translit_key(s, t->len, k, sizeof(k));
		if (kl && (kl != t->len || memcmp(k, s, kl)))
			add_kv(&b, ALT_TRANSLIT, k, kl, id);
		kl = clr__kn_translit_key2(s, t->len, k, sizeof(k));
		if (kl && (kl != t->len || memcmp(k, s, kl)))
			add_kv(&b, ALT_TRANSLIT, k, kl, id);
		size_t sl = clr__kn_skeleton(s, t->len, k, sizeof(k));
		if (sl)
			add_kv(&b, clr__kn_vowelless(s, t->len) ? ALT_SKELETON_BARE : ALT_SKELETON, k, sl,
			       id);
		const char *term = clr__kn_term(s, t->len);
		if (term)
			add_kv(&b, ALT_TERM, term, strlen(term), id);
		b.id = id;
		b.kind = ALT_GIVEN;
		clr__kn_given_members(s, t->len, add_member, &b);
		b.kind = ALT_SYLLABLE;
		clr__kn_syllable_alts(s, t->len, add_member, &b);
	}
	if (b.oom)
		goto done;

	/* sorted by hash, without repeats: each run of one hash becomes a slot */
	if (b.kv.n)
		qsort(b.kv.v, b.kv.n, sizeof(kv), cmp_kv);
	size_t m = 0;
	for (size_t i = 0; i < b.kv.n; i++)
		if (!m || b.kv.v[i].h != b.kv.v[m - 1].h || b.kv.v[i].id != b.kv.v[m - 1].id)
			b.kv.v[m++] = b.kv.v[i];
	b.kv.n = m;
	size_t distinct = 0, nids = 0;
	for (size_t i = 0; i < b.kv.n;) {
		size_t j = i + 1;
		while (j < b.kv.n && b.kv.v[j].h == b.kv.v[i].h)
			j++;
		distinct++;
		if (j - i > 1)
			nids += 1 + (j - i);
		i = j;
	}
	if (distinct > UINT32_MAX / 2 || nids >= CLR_DEL_MANY) {
		rc = CLR_ELIMIT;
		goto done;
	}
	ix->alt_cap = (uint32_t)(distinct + distinct / 4 + 64);
	ix->alt = calloc(ix->alt_cap, sizeof(clr_delslot));
	ix->alt_ids = calloc(nids ? nids : 1, sizeof(uint32_t));
	if (!ix->alt || !ix->alt_ids)
		goto done;
	uint32_t off = 0;
	for (size_t i = 0; i < b.kv.n;) {
		size_t j = i + 1;
		while (j < b.kv.n && b.kv.v[j].h == b.kv.v[i].h)
			j++;
		uint64_t h = b.kv.v[i].h;
		uint32_t s = clr__del_home(h, ix->alt_cap);
		while (ix->alt[s].key)
			if (++s == ix->alt_cap)
				s = 0;
		ix->alt[s].key = clr__del_key(h);
		if (j - i == 1) {
			ix->alt[s].val = b.kv.v[i].id;
		} else {
			ix->alt[s].val = CLR_DEL_MANY | off;
			ix->alt_ids[off++] = (uint32_t)(j - i);
			for (size_t k = i; k < j; k++)
				ix->alt_ids[off++] = b.kv.v[k].id;
		}
		i = j;
	}
	ix->nalt_ids = off;
	rc = 0;
done:
	clr__vec_free(b.kv);
	for (size_t i = 0; i < ws.w.n; i++)
		free(ws.w.v[i]);
	clr__vec_free(ws.w);
	clr__vec_free(ws.pairs);
	free(ws.ht);
	return rc;
}
