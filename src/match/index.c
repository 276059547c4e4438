/*
 * index.c - builds the screening index from a db's entries and answers
 * token-neighbourhood queries.  Owns the one token similarity definition
 * (clr__tok_sim) so that the indexed and exhaustive paths cannot drift
 * apart; never changes after it is built.  See docs/index.md.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "index.h"
#include "evidence.h"
#include "../lists/db.h"
#include "../names/names.h"

/* ---- token similarity ---- */

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* Optimal string alignment distance of a pattern of 1 to 64 bytes,
 * bit-parallel (Hyyro 2003, with transpositions): one pass over b, a dozen
 * word operations a byte, or k + 1 as soon as the last row, which moves by
 * at most one a column, cannot come back to k.  pm[c] holds bit i where
 * a[i] == c.  The distance is symmetric: either string may be the pattern. */
static unsigned osa_run(const uint64_t *pm, size_t la, const char *b, size_t lb, unsigned k)
{
	uint64_t vp = ~0ull, vn = 0, d0 = 0, pm_old = 0, top = 1ull << (la - 1);
	unsigned dist = (unsigned)la;
	for (size_t j = 0; j < lb; j++) {
		uint64_t x = pm[(unsigned char)b[j]];
		uint64_t tr = ((~d0 & x) << 1) & pm_old; /* a transposition ends here */
		d0 = (((x & vp) + vp) ^ vp) | x | vn | tr;
		uint64_t hp = vn | ~(d0 | vp), hn = d0 & vp;
		dist += (hp & top) != 0;
		dist -= (hn & top) != 0;
		hp = hp << 1 | 1;
		hn <<= 1;
		vp = hn | ~(d0 | hp);
		vn = hp & d0;
		pm_old = x;
		if (dist > k + (lb - 1 - j))
			return k + 1;
	}
	return dist <= k ? dist : k + 1;
}

static _Thread_local uint64_t osa_pm[256]; /* all zero between uses */

/* Sets (or, set, clears) the pattern a of osa_run in osa_pm. */
static void osa_pattern(const char *a, size_t la, int set)
{
	for (size_t i = 0; i < la; i++)
		osa_pm[(unsigned char)a[i]] = set ? osa_pm[(unsigned char)a[i]] | 1ull << i : 0;
}

static unsigned osa_bits(const char *a, size_t la, const char *b, size_t lb, unsigned k)
{
	if (!la)
		return lb <= k ? (unsigned)lb : k + 1;
	osa_pattern(a, la, 1);
	unsigned d = osa_run(osa_pm, la, b, lb, k);
	osa_pattern(a, la, 0);
	return d;
}

/* Optimal string alignment distance, or k + 1 once it must exceed k.  Up to
 * 64 bytes bit-parallel; longer, by rows of which only the cells within k
 * of the diagonal can hold a distance <= k, so each row computes 2k + 1
 * cells (k <= 2 here). */
static unsigned osa_bounded(const char *a, size_t la, const char *b, size_t lb, unsigned k)
{
	if ((la > lb ? la - lb : lb - la) > k)
		return k + 1;
	if (la <= 64 || lb <= 64)
		return la <= lb ? osa_bits(a, la, b, lb, k) : osa_bits(b, lb, a, la, k);
	enum { BIG = 1u << 20 };
	unsigned rows[3][CLR_MAX_TOKEN_BYTES + 2];
	unsigned *pp = rows[0], *p = rows[1], *c = rows[2];
	size_t K = k;
	for (size_t j = 0; j <= lb; j++)
		p[j] = j <= K ? (unsigned)j : BIG;
	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > K ? i - K : 1, hi = i + K < lb ? i + K : lb;
		c[lo - 1] = lo == 1 ? (unsigned)i : BIG;
		unsigned best = c[lo - 1];
		if (hi + 1 <= lb)
			c[hi + 1] = BIG;
		for (size_t j = lo; j <= hi; j++) {
			unsigned v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > k)
			return k + 1;
		unsigned *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] <= k ? p[lb] : k + 1;
}

static int abbreviates(const char *q, size_t lq, const char *t, size_t lt);

float clr__tok_weak(const char *a, size_t la, const char *b, size_t lb, int *how)
{
	*how = HOW_NONE;
	if (a[0] != b[0] || has_digit(a, la) || has_digit(b, lb))
		return 0.0f;
	if ((la == 1) != (lb == 1)) {
		*how = HOW_INITIAL;
		return CLR_INITIAL_SIM;
	}
	if (abbreviates(a, la, b, lb) || abbreviates(b, lb, a, la)) {
		*how = HOW_ABBREV;
		return CLR_ABBREV_SIM;
	}
	return 0.0f;
}

/* The edits a typo between tokens of lengths la and lb may make (0: it
 * cannot be one), with in *m the shorter length, which typo_sim divides by.
 * clr__tok_sim and the neighbourhood look-up share it: they must agree. */
static unsigned typo_budget(size_t la, size_t lb, size_t *m)
{
	size_t shorter = la < lb ? la : lb, longer = la < lb ? lb : la;
	unsigned k = clr__max_edits(shorter);
	*m = shorter;
	return k && longer - shorter <= k ? k : 0;
}

/* A typo that changes the first letter stays one edit: two edits of which
 * one is on the first letter make a weak typo ("Brintal" / "Oriental")
 * unless the words are long (nine letters or more); swapping the first two
 * letters is one typo like any other ("Alzcaro" / "Lazcano"). */
static int typo_keeps(const char *a, const char *b, unsigned d, size_t m)
{
	(void)m;
	return d < 2 || a[0] == b[0] || (a[0] == b[1] && a[1] == b[0]);
}

/* A weak typo's similarity: evidence for half a word, whatever the length. */
static float weak_typo_sim(void)
{
	return CLR_WEAK_TYPO_SIM;
}

/* A typo's similarity: an edit costs more in a short token. */
static float typo_sim(unsigned d, size_t m)
{
	return 1.0f - CLR_TYPO_COST * (float)d / (float)m;
}

float clr__tok_sim(const char *a, size_t la, const char *b, size_t lb, int *how)
{
	*how = HOW_NONE;
	if (la == lb && !memcmp(a, b, la)) {
		*how = HOW_EXACT;
		return 1.0f;
	}
	if (la == 1 || lb == 1)
		return clr__tok_weak(a, la, b, lb, how);
	if (has_digit(a, la) || has_digit(b, lb))
		return 0.0f;
	size_t m;
	unsigned k = typo_budget(la, lb, &m);
	unsigned d = k ? osa_bounded(a, la, b, lb, k) : 1;
	if (!k || d > k)
		return clr__tok_weak(a, la, b, lb, how);
	if (!typo_keeps(a, b, d, m)) {
		*how = HOW_WEAKTYPO;
		return weak_typo_sim();
	}
	*how = HOW_TYPO;
	return typo_sim(d, m);
}

float clr__tok_weak_typo(const char *a, size_t la, const char *b, size_t lb)
{
	if (!clr__weak_typo_possible(la, lb) || has_digit(a, la) || has_digit(b, lb))
		return 0.0f;
	size_t m = la < lb ? la : lb;
	(void)m;
	return osa_bounded(a, la, b, lb, 2) == 2 ? weak_typo_sim() : 0.0f;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* q abbreviates t: a prefix ("tech", "univ") or, keeping t's first letter,
 * a vowel-less subsequence ("enrg", "avn", "mgmt"). */
static int abbreviates(const char *q, size_t lq, const char *t, size_t lt)
{
	if (lq < 3 || lt < lq + 2 || q[0] != t[0])
		return 0;
	if (!memcmp(q, t, lq))
		return 1;
	size_t k = 1;
	for (size_t i = 1; i < lq; i++)
		if (is_vowel(q[i]))
			return 0;
	for (size_t i = 1; i < lt && k < lq; i++)
		if (t[i] == q[k])
			k++;
	return k == lq;
}

/* ---- build ---- */

typedef struct builder {
	clr_index *ix;
	clr_buf pool;
	CLR_VEC(clr_tokinfo) tok;
	CLR_VEC(clr_iname) names;
	CLR_VEC(uint32_t) name_toks;
} builder;

static int ht_grow(builder *b)
{
	clr_index *ix = b->ix;
	uint32_t cap = ix->tok_htcap ? ix->tok_htcap * 2 : 1024;
	uint32_t *ht = calloc(cap, sizeof(uint32_t));
	if (!ht)
		return CLR_ENOMEM;
	for (uint32_t id = 0; id < b->tok.n; id++) {
		const clr_tokinfo *t = &b->tok.v[id];
		uint32_t h = (uint32_t)clr__hash(b->pool.p + t->off, t->len) & (cap - 1);
		while (ht[h])
			h = (h + 1) & (cap - 1);
		ht[h] = id + 1;
	}
	free(ix->tok_ht);
	ix->tok_ht = ht;
	ix->tok_htcap = cap;
	return 0;
}

static uint32_t lookup_in(const uint32_t *ht, uint32_t cap, const char *pool,
                          const clr_tokinfo *tok, const char *s, size_t n)
{
	if (!cap)
		return CLR_NO_TOKEN;
	uint32_t h = (uint32_t)clr__hash(s, n) & (cap - 1);
	while (ht[h]) {
		const clr_tokinfo *t = &tok[ht[h] - 1];
		if (t->len == n && !memcmp(pool + t->off, s, n))
			return ht[h] - 1;
		h = (h + 1) & (cap - 1);
	}
	return CLR_NO_TOKEN;
}

uint32_t clr__index_lookup(const clr_index *ix, const char *s, size_t n)
{
	return lookup_in(ix->tok_ht, ix->tok_htcap, ix->pool, ix->tok, s, n);
}

static int intern(builder *b, const char *s, size_t n, int joined, uint32_t *out)
{
	clr_index *ix = b->ix;
	uint32_t id = lookup_in(ix->tok_ht, ix->tok_htcap, b->pool.p, b->tok.v, s, n);
	if (id != CLR_NO_TOKEN) {
		if (!joined)
			b->tok.v[id].joined_only = 0;
		else
			b->tok.v[id].flags |= CLR_TOK_JOINED;
		*out = id;
		return 0;
	}
	if ((b->tok.n + 1) * 2 > ix->tok_htcap && ht_grow(b))
		return CLR_ENOMEM;
	clr_tokinfo t = {0};
	t.off = (uint32_t)b->pool.len;
	t.len = (uint16_t)n;
	t.flags = (uint8_t)(clr__norm_token_flags(s, n) | (joined ? CLR_TOK_JOINED : 0));
	t.joined_only = (uint8_t)joined;
	if (clr__buf_put(&b->pool, s, n) || clr__buf_putc(&b->pool, '\0') ||
	    clr__vec_push(b->tok, t))
		return CLR_ENOMEM;
	id = (uint32_t)b->tok.n - 1;
	uint32_t h = (uint32_t)clr__hash(s, n) & (ix->tok_htcap - 1);
	while (ix->tok_ht[h])
		h = (h + 1) & (ix->tok_htcap - 1);
	ix->tok_ht[h] = id + 1;
	*out = id;
	return 0;
}

static int add_tokens(builder *b, uint32_t entry, uint16_t name_idx, const clr_tokens *t)
{
	clr_iname in = {0};
	in.entry = entry;
	in.name = name_idx;
	in.ntok = (uint8_t)t->n;
	if (clr__vec_reserve(b->name_toks, clr__name_words(t->n)))
		return CLR_ENOMEM;
	memset(b->name_toks.v + b->name_toks.n, 0, CLR_REC_HEAD * sizeof(uint32_t));
	b->name_toks.n += CLR_REC_HEAD; /* filled once weights are known */
	in.toks = (uint32_t)b->name_toks.n;
	for (size_t j = 0; j < t->n; j++) {
		uint32_t id;
		if (intern(b, t->tok[j], t->len[j], 0, &id))
			return CLR_ENOMEM;
		b->name_toks.v[b->name_toks.n++] = id;
	}
	for (size_t w = 2; w <= CLR_MAX_JOIN; w++) {
		for (size_t j = 0; j + w <= t->n; j++) {
			uint32_t id = CLR_NO_TOKEN;
			char cat[CLR_MAX_JOIN * CLR_MAX_TOKEN_BYTES + 1];
			size_t cl = 0;
			unsigned fl = 0;
			for (size_t k = j; k < j + w; k++) {
				memcpy(cat + cl, t->tok[k], t->len[k]);
				cl += t->len[k];
				fl |= t->flags[k];
			}
			if (cl <= CLR_MAX_TOKEN_BYTES && !(fl & CLR_TOK_DIGIT) &&
			    intern(b, cat, cl, 1, &id))
				return CLR_ENOMEM;
			b->name_toks.v[b->name_toks.n++] = id;
		}
	}
	/* weights, first letters and lengths are filled once weights are known */
	size_t extra = clr__name_words(t->n) - CLR_REC_HEAD - clr__slots(t->n);
	memset(b->name_toks.v + b->name_toks.n, 0, extra * sizeof(uint32_t));
	b->name_toks.n += extra;
	return clr__vec_push(b->names, in) ? CLR_ENOMEM : 0;
}

#define MAX_VARIANTS 4 /* spellings of one listed name with its phrases swapped */

/* Indexes a listed name, and the same name with each phrase it holds
 * written as its abbreviation or the other way round ("Beijing Academy of
 * Artificial Intelligence" also as "... of AI"): the variants are names of
 * the same entry and name index, so a query in either form meets the name
 * word by word, each word with its own typo budget. */
static int add_name(builder *b, clr_norm *nm, uint32_t entry, uint16_t name_idx, const char *z)
{
	static _Thread_local clr_tokens t, v;
	size_t n = clr__utf8_cut(z, strlen(z), CLR_MAX_NAME_BYTES);
	if (clr__norm_tokens(nm, z, n, &t) < 0 || t.n == 0)
		return 0; /* nothing screenable in this name; the entry keeps its others */
	int rc = add_tokens(b, entry, name_idx, &t);
	char alt[MAX_VARIANTS][256];
	size_t nv = clr__kn_variants(t.tok, t.len, t.n, alt, MAX_VARIANTS);
	for (size_t k = 0; k < nv && rc == 0; k++)
		if (clr__norm_tokens(nm, alt[k], strlen(alt[k]), &v) == 0 && v.n)
			rc = add_tokens(b, entry, name_idx, &v);
	return rc;
}

/* Distinct ids of a name's slots (CLR_NO_TOKEN skipped); with anchors_only
 * just the slots that cover an anchor token. */
static size_t name_ids(const clr_index *ix, const clr_iname *in, uint32_t *ids, int anchors_only)
{
	size_t n = 0, nt = in->ntok;
	const uint32_t *t = ix->name_toks + in->toks;
	for (size_t w = 1; w <= CLR_MAX_JOIN; w++) {
		for (size_t j = 0; j + w <= nt; j++) {
			uint32_t id = t[clr__slot(nt, w, j)];
			uint64_t bits = ((1ull << w) - 1) << j;
			if (id == CLR_NO_TOKEN || (anchors_only && !(in->anchor & bits)))
				continue;
			size_t k = 0;
			while (k < n && ids[k] != id)
				k++;
			if (k == n)
				ids[n++] = id;
		}
	}
	return n;
}

typedef void (*variant_fn)(void *payload, uint64_t h);

/* Deletion variants are hashed with a polynomial hash over prefix sums,
 * so that each variant costs O(1) instead of a pass over the token:
 * h(x) = sum x[k] B^k, and deleting position i shifts the tail by B^-1. */
#define DEL_B 0x100000001b3ull /* odd, so invertible modulo 2^64 */

static uint64_t del_pow_inv[3];

static void del_init(void)
{
	uint64_t inv = DEL_B; /* Newton: inv = inv (2 - B inv) doubles the correct bits */
	for (int i = 0; i < 6; i++)
		inv *= 2 - DEL_B * inv;
	del_pow_inv[0] = 1;
	del_pow_inv[1] = inv;
	del_pow_inv[2] = inv * inv;
}

static uint64_t del_finish(uint64_t h, size_t len)
{
	h += (uint64_t)len * 0x9e3779b97f4a7c15ull; /* splitmix64 finaliser */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h | 1; /* 0 marks an empty slot */
}

/* Every string reachable from s by up to clr__max_edits(n) deletions,
 * including s itself (duplicates possible). */
static void deletion_variants(const char *s, size_t n, variant_fn fn, void *payload)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	uint64_t S[CLR_MAX_TOKEN_BYTES + 2], p = 1;
	unsigned k = clr__max_edits(n);
	pthread_once(&once, del_init);
	if (n > CLR_MAX_TOKEN_BYTES)
		n = CLR_MAX_TOKEN_BYTES;
	S[0] = 0;
	for (size_t i = 0; i < n; i++) {
		S[i + 1] = S[i] + ((uint64_t)(unsigned char)s[i] + 1) * p;
		p *= DEL_B;
	}
	fn(payload, del_finish(S[n], n));
	if (k >= 1)
		for (size_t i = 0; i < n; i++)
			fn(payload, del_finish(S[i] + (S[n] - S[i + 1]) * del_pow_inv[1], n - 1));
	if (k >= 2)
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				fn(payload, del_finish(S[i] + (S[j] - S[i + 1]) * del_pow_inv[1] +
				                               (S[n] - S[j + 1]) * del_pow_inv[2],
				                       n - 2));
}

static size_t nvariants(size_t n)
{
	unsigned k = clr__max_edits(n);
	return 1 + (k >= 1 ? n : 0) + (k >= 2 ? n * (n - 1) / 2 : 0);
}

/* Two passes over every token's deletion variants: the first counts the
 * distinct tokens behind each variant (in val), the second fills them in,
 * so the neighbourhood table is built without sorting. */
typedef struct del_build {
	clr_index *ix;
	uint32_t *last; /* per slot: last token id recorded, to drop repeats */
	uint32_t id;
	int fill;
} del_build;

static uint32_t del_slot(const clr_index *ix, uint64_t hash)
{
	uint32_t h = clr__del_home(hash, ix->del_cap), key = clr__del_key(hash);
	while (ix->del[h].key && ix->del[h].key != key)
		if (++h == ix->del_cap)
			h = 0;
	return h;
}

static void del_visit(void *payload, uint64_t hash)
{
	del_build *b = payload;
	clr_delslot *d = &b->ix->del[del_slot(b->ix, hash)];
	uint32_t *last = &b->last[d - b->ix->del];
	if (!d->key) {
		d->key = clr__del_key(hash);
		*last = CLR_NO_TOKEN;
	}
	if (*last == b->id)
		return;
	*last = b->id;
	if (!b->fill)
		d->val++;
	else if (d->val & CLR_DEL_MANY) {
		uint32_t *g = b->ix->del_ids + (d->val & ~CLR_DEL_MANY);
		g[1 + g[0]++] = b->id;
	} else
		d->val = b->id;
}

static int build_deletions(clr_index *ix)
{
	size_t total = 0;
	for (uint32_t id = 0; id < ix->ntok; id++) {
		const clr_tokinfo *t = &ix->tok[id];
		if (clr__max_edits(t->len) && !(t->flags & CLR_TOK_DIGIT) && !t->joined_only)
			total += nvariants(t->len);
	}
	/* total counts repeats too: the table ends at most 4/5 full */
	if (total > (size_t)CLR_DEL_MANY)
		return CLR_ENOMEM;
	uint32_t cap = (uint32_t)(total + total / 4 + 1024);
	ix->del_cap = cap;
	ix->del = calloc(cap, sizeof(clr_delslot));
	del_build b = {.ix = ix, .last = malloc((size_t)cap * sizeof(uint32_t))};
	if (!ix->del || !b.last) {
		free(b.last);
		return CLR_ENOMEM;
	}
	for (int pass = 0; pass < 2; pass++) {
		b.fill = pass;
		if (pass) {
			/* counts -> groups of del_ids for the variants of several tokens */
			size_t off = 0;
			for (uint32_t h = 0; h < cap; h++) {
				if (ix->del[h].val > 1) {
					uint32_t n = ix->del[h].val;
					ix->del[h].val = CLR_DEL_MANY | (uint32_t)off;
					off += 1 + (size_t)n;
				}
				b.last[h] = CLR_NO_TOKEN;
			}
			if (off >= CLR_DEL_MANY) {
				free(b.last);
				return CLR_ENOMEM;
			}
			ix->ndel_ids = (uint32_t)off;
			ix->del_ids = calloc(off ? off : 1, sizeof(uint32_t));
			if (!ix->del_ids) {
				free(b.last);
				return CLR_ENOMEM;
			}
		}
		for (uint32_t id = 0; id < ix->ntok; id++) {
			const clr_tokinfo *t = &ix->tok[id];
			if (!clr__max_edits(t->len) || (t->flags & CLR_TOK_DIGIT) || t->joined_only)
				continue;
			b.id = id;
			deletion_variants(ix->pool + t->off, t->len, del_visit, &b);
		}
	}
	free(b.last);
	return 0;
}

static void finish_weights(clr_index *ix)
{
	double N = ix->nnames;
	ix->w_unknown = (float)log((N + 1.0) / 0.5);
	ix->stop_df = (uint32_t)(N / CLR_STOP_DIV);
	if (ix->stop_df < 64)
		ix->stop_df = 64;
	ix->rare_df = (uint32_t)(N / 300.0);
	if (ix->rare_df < 16)
		ix->rare_df = 16;
	for (uint32_t id = 0; id < ix->ntok; id++) {
		clr_tokinfo *t = &ix->tok[id];
		if (t->flags & CLR_TOK_LEGAL)
			t->w = CLR_LEGAL_WEIGHT;
		else if (t->flags & CLR_TOK_STOP)
			t->w = CLR_STOP_WEIGHT;
		else
			t->w = clr__cap_initial((float)log((N + 1.0) / ((double)t->df + 0.5)),
			                        ix->pool + t->off, t->len);
		if (t->w < 0.1f)
			t->w = 0.1f;
	}
}

/* Lays the name records out grouped by each name's rarest anchor token:
 * the names a posting list brings in then sit together in memory, and
 * bounding a query's candidates reads runs of neighbouring records instead
 * of one scattered record (and page) each. */
typedef struct rec_order {
	uint32_t key, name;
} rec_order;

static int cmp_rec_order(const void *a, const void *b)
{
	const rec_order *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->name > y->name) - (x->name < y->name);
}

static int cluster_records(clr_index *ix, size_t nwords)
{
	rec_order *ord = malloc((ix->nnames ? ix->nnames : 1) * sizeof(rec_order));
	uint32_t *out = malloc((nwords ? nwords : 1) * sizeof(uint32_t));
	if (!ord || !out) {
		free(ord);
		free(out);
		return CLR_ENOMEM;
	}
	for (uint32_t i = 0; i < ix->nnames; i++) {
		const clr_iname *in = &ix->names[i];
		const uint32_t *t = ix->name_toks + in->toks;
		uint32_t key = UINT32_MAX;
		for (size_t j = 0; j < in->ntok; j++)
			if ((in->anchor >> j & 1) &&
			    (key == UINT32_MAX || ix->tok[t[j]].df < ix->tok[key].df))
				key = t[j];
		ord[i] = (rec_order){key, i};
	}
	qsort(ord, ix->nnames, sizeof(rec_order), cmp_rec_order);
	size_t at = 0;
	for (uint32_t k = 0; k < ix->nnames; k++) {
		clr_iname *in = &ix->names[ord[k].name];
		size_t words = clr__name_words(in->ntok);
		memcpy(out + at, ix->name_toks + in->toks - CLR_REC_HEAD, words * sizeof(uint32_t));
		in->toks = (uint32_t)(at + CLR_REC_HEAD);
		at += words;
	}
	free(ord);
	free(ix->name_toks);
	ix->name_toks = out;
	return 0;
}

/* A name's side data for its postings, all but wslot (clr_postmeta). */
static clr_postmeta name_meta(const clr_index *ix, const clr_iname *in, const uint32_t *rec)
{
	size_t nt = in->ntok;
	const uint8_t *first = clr__name_first((uint32_t *)rec, nt);
	const uint8_t *len = clr__name_len((uint32_t *)rec, nt);
	const float *nw = clr__name_w((uint32_t *)rec, nt);
	const uint32_t *letters = clr__name_letters((uint32_t *)rec, nt);
	clr_postmeta pm = {.wsum = in->wsum,
	                   .letters = in->common_only ? CLR_PM_COMMON_ONLY
	                              : in->complete   ? CLR_PM_COMPLETE : 0};
	size_t nweak = 0;
	for (size_t j = 0; j < nt; j++) {
		uint8_t c = first[j];
		if (!c)
			continue;
		pm.letters |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
		if (nweak < CLR_PM_WORDS) {
			pm.wfirst[nweak] = clr__pm_word((char)c, len[j]);
			pm.wcode[nweak] = clr__weak_code(ix->pool + ix->tok[rec[j]].off, len[j]);
			pm.wlet[nweak++] = clr__fold_letters(letters[j] & CLR_LETTER_BITS);
		} else {
			pm.letters |= CLR_PM_MANY;
		}
	}
	uint64_t cov_c = 0, cov_l = 0; /* words under slots that are not posted */
	const uint32_t *id = rec;      /* the slots in order: clr__slot(nt, w, j) */
	for (size_t w = 1; w <= CLR_MAX_JOIN; w++)
		for (size_t j = 0; j + w <= nt; j++, id++) {
			uint64_t bits = ((1ull << w) - 1) << j;
			if (*id == CLR_NO_TOKEN || (in->anchor & bits))
				continue;
			int content = 0;
			for (size_t k = j; k < j + w; k++)
				content |= first[k] != 0;
			if (content) {
				cov_c |= bits;
				pm.usig |= 1ull << clr__pm_sigbit(*id);
			} else {
				cov_l |= bits;
				pm.lsig |= (uint16_t)(1u << (clr__pm_sigbit(*id) & 15));
			}
		}
	float wc = 0, wl = 0;
	for (size_t j = 0; j < nt; j++) {
		if (cov_c >> j & 1)
			wc += nw[j];
		if (cov_l >> j & 1)
			wl += nw[j];
	}
	pm.wu_c = clr__pm_weight(wc);
	pm.wu_l = clr__pm_weight(wl);
	return pm;
}

/* The listed weight of token id's slots in a name (the heaviest if several). */
static float slot_weight(const clr_iname *in, const uint32_t *rec, uint32_t tok)
{
	size_t nt = in->ntok;
	const float *nw = clr__name_w((uint32_t *)rec, nt);
	const uint32_t *id = rec;
	float best = 0;
	for (size_t w = 1; w <= CLR_MAX_JOIN; w++)
		for (size_t j = 0; j + w <= nt; j++, id++) {
			if (*id != tok)
				continue;
			float v = 0;
			for (size_t k = j; k < j + w; k++)
				v += nw[k];
			if (v > best)
				best = v;
		}
	return best;
}

static int build_postings(clr_index *ix)
{
	uint32_t ids[CLR_MAX_JOIN * CLR_MAX_TOKENS];
	size_t total = 0;
	for (uint32_t i = 0; i < ix->nnames; i++) {
		size_t n = name_ids(ix, &ix->names[i], ids, 1);
		for (size_t k = 0; k < n; k++)
			ix->tok[ids[k]].npost++;
		total += n;
	}
	ix->postings = malloc((total ? total : 1) * sizeof(clr_posting));
	ix->post_meta = calloc(total ? total : 1, sizeof(clr_postmeta)); /* no stray padding bytes */
	if (!ix->postings || !ix->post_meta)
		return CLR_ENOMEM;
	uint32_t off = 0;
	for (uint32_t id = 0; id < ix->ntok; id++) {
		ix->tok[id].post = off;
		off += ix->tok[id].npost;
		ix->tok[id].npost = 0;
	}
	for (uint32_t i = 0; i < ix->nnames; i++) {
		const clr_iname *in = &ix->names[i];
		size_t n = name_ids(ix, in, ids, 1);
		const uint32_t *rec = ix->name_toks + in->toks;
		clr_postmeta pm = name_meta(ix, in, rec);
		for (size_t k = 0; k < n; k++) {
			clr_tokinfo *t = &ix->tok[ids[k]];
			pm.wslot = clr__pm_weight(slot_weight(in, rec, ids[k]));
			ix->post_meta[t->post + t->npost] = pm;
			ix->postings[t->post + t->npost++] = (clr_posting){i, in->toks};
		}
	}
	return 0;
}

/* Entries' countries as codes, so that the country check reads no entry. */
static int build_countries(clr_index *ix, struct clr_db *db)
{
	size_t total = 0;
	for (size_t e = 0; e < db->entries.n; e++)
		total += db->entries.v[e]->ncountries;
	if (total > UINT32_MAX)
		return CLR_ELIMIT;
	ix->ecc_off = malloc((db->entries.n + 1) * sizeof(uint32_t));
	ix->ecc = malloc((total ? total : 1) * sizeof(uint16_t));
	if (!ix->ecc_off || !ix->ecc)
		return CLR_ENOMEM;
	uint32_t k = 0;
	for (size_t e = 0; e < db->entries.n; e++) {
		const clr_entry *en = db->entries.v[e];
		ix->ecc_off[e] = k;
		for (size_t i = 0; i < en->ncountries; i++)
			ix->ecc[k++] = clr__cc16(en->countries[i]);
	}
	ix->ecc_off[db->entries.n] = k;
	return 0;
}

/* Keeps the max rarest tokens of mask (fewest listed names; the first on
 * ties): a match must involve one of them, and only they are posted. */
static void keep_rarest(const clr_index *ix, const uint32_t *t, size_t n, uint64_t *mask, int max)
{
	if (__builtin_popcountll(*mask) <= max)
		return;
	uint64_t kept = 0;
	for (int pick = 0; pick < max; pick++) {
		size_t best = SIZE_MAX;
		for (size_t j = 0; j < n; j++)
			if ((*mask >> j & 1) && !(kept >> j & 1) &&
			    (best == SIZE_MAX || ix->tok[t[j]].df < ix->tok[t[best]].df))
				best = j;
		kept |= 1ull << best;
	}
	*mask = kept;
}

/* Where each name's record starts, the one field of clr_iname that the
 * record itself does not hold: all a compiled index keeps per name. */
static int build_name_rec(clr_index *ix)
{
	ix->name_rec = malloc((ix->nnames ? ix->nnames : 1) * sizeof(uint32_t));
	if (!ix->name_rec)
		return CLR_ENOMEM;
	for (uint32_t i = 0; i < ix->nnames; i++)
		ix->name_rec[i] = ix->names[i].toks;
	return 0;
}

/* ---- stored neighbourhoods of the listed words ---- */

/* 1 when a query word equal to token t is looked up with typos (the
 * deletion index), so that its neighbourhood can be stored: not a legal
 * form, function word or word with a digit (looked up exactly), long
 * enough to allow an edit, and a word of some name rather than a joined
 * span only (few queries hold one; there are many). */
static int stores_neighbours(const clr_tokinfo *t)
{
	return !t->joined_only && !(t->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP | CLR_TOK_DIGIT)) &&
	       clr__max_edits(t->len) > 0;
}

#define NBW_BLOCK 256u /* words a worker takes at a time */
#define NBW_MAX_THREADS 16

typedef struct nbw_block {
	clr_nbentry *v;
	uint32_t n;
	uint32_t counts[NBW_BLOCK];
} nbw_block;

typedef struct nbw_job {
	const clr_index *ix;
	const uint32_t *words; /* token ids, in rank order */
	uint32_t nwords, nblocks;
	nbw_block *blocks;
	_Atomic uint32_t next;
	_Atomic int oom;
} nbw_job;

typedef struct nbw_collect {
	CLR_VEC(clr_nbentry) out;
	int oom;
} nbw_collect;

static void nbw_add(void *payload, uint32_t id, float sim, int how)
{
	nbw_collect *c = payload;
	if (how == HOW_WEAKTYPO)
		id |= CLR_NB_WEAK;
	if (clr__vec_push(c->out, ((clr_nbentry){id, sim})))
		c->oom = 1;
}

static void *nbw_worker(void *arg)
{
	nbw_job *j = arg;
	for (;;) {
		uint32_t b = j->next++;
		if (b >= j->nblocks || j->oom)
			return NULL;
		nbw_block *bl = &j->blocks[b];
		nbw_collect c = {0};
		for (uint32_t k = 0; k < NBW_BLOCK && b * NBW_BLOCK + k < j->nwords; k++) {
			const clr_tokinfo *t = &j->ix->tok[j->words[b * NBW_BLOCK + k]];
			size_t before = c.out.n;
			clr__index_neighbours(j->ix, j->ix->pool + t->off, t->len, 0, nbw_add, &c);
			bl->counts[k] = (uint32_t)(c.out.n - before);
		}
		bl->v = c.out.v;
		bl->n = (uint32_t)c.out.n;
		if (c.oom)
			j->oom = 1;
	}
}

/* Computes and stores the neighbourhood of every listed word that a query
 * looks up with typos, on every core. */
static int build_word_neighbours(clr_index *ix)
{
	size_t nblk = clr__nbw_blocks(ix->ntok);
	uint32_t *words = NULL;
	ix->nbw_bits = calloc(nblk ? nblk : 1, sizeof(uint64_t));
	ix->nbw_rank = calloc(nblk ? nblk : 1, sizeof(uint32_t));
	if (!ix->nbw_bits || !ix->nbw_rank)
		return CLR_ENOMEM;
	uint32_t nw = 0;
	for (uint32_t id = 0; id < ix->ntok; id++) {
		if (id % 64 == 0)
			ix->nbw_rank[id / 64] = nw;
		if (ix->del_cap && stores_neighbours(&ix->tok[id])) {
			ix->nbw_bits[id / 64] |= 1ull << (id % 64);
			nw++;
		}
	}
	ix->nnbw_words = nw;
	ix->nbw_off = calloc((size_t)nw + 1, sizeof(uint32_t));
	words = malloc(((size_t)nw + 1) * sizeof(uint32_t));
	nbw_job j = {.ix = ix, .words = words, .nwords = nw, .nblocks = (nw + NBW_BLOCK - 1) / NBW_BLOCK};
	j.blocks = calloc(j.nblocks ? j.nblocks : 1, sizeof(nbw_block));
	int rc = CLR_ENOMEM;
	if (!ix->nbw_off || !words || !j.blocks)
		goto done;
	for (uint32_t id = 0, r = 0; id < ix->ntok; id++)
		if (clr__nbw_has(ix, id))
			words[r++] = id;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > NBW_MAX_THREADS ? NBW_MAX_THREADS : (size_t)cpus;
	pthread_t th[NBW_MAX_THREADS];
	size_t started = 0;
	for (size_t t = 1; t < nt && t < j.nblocks; t++, started++)
		if (pthread_create(&th[started], NULL, nbw_worker, &j))
			break; /* fewer helpers: this thread does the rest */
	nbw_worker(&j);
	for (size_t t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	if (j.oom)
		goto done;
	size_t total = 0;
	for (uint32_t b = 0; b < j.nblocks; b++)
		total += j.blocks[b].n;
	if (total > UINT32_MAX) {
		rc = CLR_ELIMIT;
		goto done;
	}
	ix->nbw = malloc((total ? total : 1) * sizeof(clr_nbentry));
	if (!ix->nbw)
		goto done;
	uint32_t off = 0;
	for (uint32_t b = 0; b < j.nblocks; b++) {
		const nbw_block *bl = &j.blocks[b];
		if (bl->n)
			memcpy(ix->nbw + off, bl->v, bl->n * sizeof(clr_nbentry));
		for (uint32_t k = 0; k < NBW_BLOCK && b * NBW_BLOCK + k < nw; k++) {
			ix->nbw_off[b * NBW_BLOCK + k] = off;
			off += bl->counts[k];
		}
	}
	ix->nbw_off[nw] = off;
	ix->nnbw = off;
	rc = 0;
done:
	for (uint32_t b = 0; j.blocks && b < j.nblocks; b++)
		free(j.blocks[b].v);
	free(j.blocks);
	free(words);
	return rc;
}

static int cmp_evkey(const void *a, const void *b)
{
	const clr_evkey *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The identifier keys of every entry's evidence, with the entry's first
 * name. */
static int build_evkeys(clr_index *ix, struct clr_db *db)
{
	size_t ne = db->entries.n;
	uint32_t *erec = malloc((ne ? ne : 1) * sizeof(uint32_t));
	uint16_t *ename = malloc((ne ? ne : 1) * sizeof(uint16_t));
	if (!erec || !ename) {
		free(erec);
		free(ename);
		return CLR_ENOMEM;
	}
	for (size_t e = 0; e < ne; e++)
		erec[e] = UINT32_MAX;
	for (uint32_t n = 0; n < ix->nnames; n++) {
		const clr_iname *in = &ix->names[n];
		if (erec[in->entry] == UINT32_MAX || in->name < ename[in->entry]) {
			erec[in->entry] = n;
			ename[in->entry] = in->name;
		}
	}
	CLR_VEC(clr_evkey) v = {0};
	int rc = 0;
	for (size_t e = 0; e < ne && !rc; e++) {
		const clr_entry *en = db->entries.v[e];
		if (erec[e] == UINT32_MAX)
			continue;
		for (size_t k = 0; k < en->nevidence && !rc; k++) {
			const clr_evidence *x = &en->evidence[k];
			int group = x->kind == CLR_EV_IMO || x->kind == CLR_EV_MMSI ? (int)x->kind
			            : x->kind == CLR_EV_ID || x->kind == CLR_EV_CALL_SIGN ||
			                      x->kind == CLR_EV_AIRCRAFT_SERIAL
			                    ? CLR_EV_ID
			                    : 0;
			if (!group || !x->norm)
				continue;
			clr_evkey ek = {clr__ev_key(group, 0, x->norm), (uint32_t)e, erec[e]};
			if (clr__vec_push(v, ek))
				rc = CLR_ENOMEM;
		}
	}
	free(erec);
	free(ename);
	if (rc) {
		clr__vec_free(v);
		return rc;
	}
	if (v.n > 1)
		qsort(v.v, v.n, sizeof(clr_evkey), cmp_evkey);
	ix->evkeys = v.v;
	ix->nevkeys = (uint32_t)v.n;
	return 0;
}

size_t clr__index_evkeys(const clr_index *ix, uint64_t key, const clr_evkey **first)
{
	size_t lo = 0, hi = ix->nevkeys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ix->evkeys[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < ix->nevkeys && ix->evkeys[lo + n].key == key)
		n++;
	*first = ix->evkeys + lo;
	return n;
}

int clr__index_build(clr_index **out, struct clr_db *db, clr_buf *err)
{
	builder b = {0};
	clr_norm *nm = NULL;
	int rc = CLR_ENOMEM;
	*out = NULL;
	b.ix = calloc(1, sizeof(clr_index));
	if (!b.ix || clr__norm_new(&nm))
		goto fail;
	clr_index *ix = b.ix;
	static _Atomic uint64_t serials;
	ix->serial = ++serials;
	ix->nentries = db->entries.n;
	for (size_t e = 0; e < db->entries.n; e++) {
		const clr_entry *en = db->entries.v[e];
		for (size_t k = 0; k < en->nnames && k <= UINT16_MAX; k++)
			if ((rc = add_name(&b, nm, (uint32_t)e, (uint16_t)k, en->names[k].name)) < 0)
				goto fail;
	}
	ix->pool = b.pool.p ? b.pool.p : clr__strdup("");
	ix->npool = b.pool.len;
	b.pool.p = NULL;
	ix->tok = b.tok.v;
	ix->ntok = (uint32_t)b.tok.n;
	ix->names = b.names.v;
	ix->nnames = (uint32_t)b.names.n;
	ix->name_toks = b.name_toks.v;
	b.tok.v = NULL;
	b.names.v = NULL;
	b.name_toks.v = NULL;

	/* document frequency over names */
	uint32_t ids[CLR_MAX_JOIN * CLR_MAX_TOKENS];
	for (uint32_t i = 0; i < ix->nnames; i++) {
		size_t n = name_ids(ix, &ix->names[i], ids, 0);
		for (size_t k = 0; k < n; k++)
			ix->tok[ids[k]].df++;
	}
	finish_weights(ix);
	for (uint32_t i = 0; i < ix->nnames; i++) {
		clr_iname *in = &ix->names[i];
		uint32_t *t = ix->name_toks + in->toks;
		in->wsum = 0;
		in->anchor = 0;
		in->common_only = 0;
		for (size_t j = 0; j < in->ntok; j++) {
			const clr_tokinfo *ti = &ix->tok[t[j]];
			in->wsum += ti->w;
			clr__name_w(t, in->ntok)[j] = ti->w;
			/* 0: a legal form or function word, never weakly related */
			uint8_t first =
				ti->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP) ? 0 : (uint8_t)ix->pool[ti->off];
			clr__name_first(t, in->ntok)[j] = first;
			clr__name_letters(t, in->ntok)[j] =
				clr__letters(ix->pool + ti->off, ti->len) |
				(ti->flags & CLR_TOK_NUMBER ? CLR_REC_NUMBER : 0) |
				(ti->flags & CLR_TOK_PLACE ? CLR_REC_PLACE : 0);
			clr__name_len(t, in->ntok)[j] = (uint8_t)ti->len;
			if (!(ti->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP)) && ti->df <= ix->stop_df)
				in->anchor |= 1ull << j;
		}
		in->rare = 0;
		for (size_t j = 0; j < in->ntok; j++)
			if ((in->anchor >> j & 1) && ix->tok[t[j]].df <= ix->rare_df)
				in->rare |= 1ull << j;
		in->complete = __builtin_popcountll(in->anchor) <= CLR_MAX_ANCHORS;
		keep_rarest(ix, t, in->ntok, &in->anchor, CLR_MAX_ANCHORS);
		if (!in->anchor) {
			/* a name of common words only is anchored by its rarest
			 * content words, or by all of its words if it has none */
			for (int pick = 0; pick < CLR_FALLBACK_ANCHORS; pick++) {
				size_t bestj = SIZE_MAX;
				for (size_t j = 0; j < in->ntok; j++) {
					const clr_tokinfo *ti = &ix->tok[t[j]];
					if ((in->anchor >> j & 1) || (ti->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP)))
						continue;
					if (bestj == SIZE_MAX || ti->df < ix->tok[t[bestj]].df)
						bestj = j;
				}
				if (bestj != SIZE_MAX)
					in->anchor |= 1ull << bestj;
			}
			if (!in->anchor)
				in->anchor = in->ntok >= 64 ? ~0ull : (1ull << in->ntok) - 1;
			in->common_only = 1;
		}
		for (size_t j = 0; j + 1 < in->ntok; j++) /* joined spans of common words */
			for (size_t w = 2; w <= CLR_MAX_JOIN && j + w <= in->ntok; w++) {
				uint32_t id = t[clr__slot(in->ntok, w, j)];
				int common = id != CLR_NO_TOKEN;
				for (size_t k = j; common && k < j + w; k++)
					common = clr__tok_common(ix, &ix->tok[t[k]]);
				if (common)
					ix->tok[id].flags |= CLR_TOK_CJOIN;
			}
		t[-8] = in->entry;
		const clr_entry *en = db->entries.v[in->entry];
		const char *nz = en->names[in->name].name;
		t[-7] = in->name | (uint32_t)(en->type & 0xff) << 16 |
		        (uint32_t)(en->names[in->name].kind & 0xf) << 24 |
		        (uint32_t)(clr__kn_script(nz, strlen(nz)) & 0xf) << 28;
		t[-6] = in->ntok;
		memcpy(t - 5, &in->wsum, sizeof(float));
		t[-4] = (uint32_t)in->anchor;
		t[-3] = (uint32_t)(in->anchor >> 32);
		t[-2] = (uint32_t)in->rare;
		t[-1] = (uint32_t)(in->rare >> 32);
	}
	if ((rc = cluster_records(ix, b.name_toks.n)) < 0 || (rc = build_name_rec(ix)) < 0 ||
	    (rc = build_postings(ix)) < 0 ||
	    (rc = build_deletions(ix)) < 0 || (rc = build_word_neighbours(ix)) < 0 ||
	    (rc = build_countries(ix, db)) < 0 || (rc = clr__alt_build(ix, db)) < 0 ||
	    (rc = build_evkeys(ix, db)) < 0 || (rc = clr__link_build(ix, db)) < 0)
		goto fail;
	clr__norm_free(nm);
	*out = ix;
	return 0;
fail:
	clr__buf_free(&b.pool);
	clr__vec_free(b.tok);
	clr__vec_free(b.names);
	clr__vec_free(b.name_toks);
	clr__index_free(b.ix);
	clr__norm_free(nm);
	if (err) {
		clr__buf_clear(err);
		(void)clr__buf_puts(err, "building the screening index: out of memory");
	}
	return rc < 0 ? rc : CLR_ENOMEM;
}

void clr__index_free(clr_index *ix)
{
	if (!ix)
		return;
	if (ix->mapped) {
		free(ix);
		return;
	}
	free(ix->pool);
	free(ix->tok);
	free(ix->tok_ht);
	free(ix->del);
	free(ix->del_ids);
	free(ix->alt);
	free(ix->alt_ids);
	free(ix->nbw_bits);
	free(ix->nbw_rank);
	free(ix->nbw_off);
	free(ix->nbw);
	free(ix->names);
	free(ix->name_rec);
	free(ix->name_toks);
	free(ix->postings);
	free(ix->post_meta);
	free(ix->ecc_off);
	free(ix->ecc);
	free(ix->evkeys);
	free(ix->link_next);
	free(ix->link_why);
	free(ix);
}

/* ---- neighbourhood queries ---- */

typedef struct nb_query {
	const clr_index *ix;
	const char *q;
	size_t qn;
	uint32_t self;  /* the query's own token, CLR_NO_TOKEN if unlisted */
	int pattern;    /* q is set in osa_pm (at most 64 bytes) */
	clr_neighbour_fn fn;
	void *payload;
	uint32_t seen[512]; /* ids + 1 already verified, open addressing */
	size_t nseen;
} nb_query;

/* 1 the first time id is offered (or once the seen set is full: verifying
 * twice is then cheaper than probing), 0 after that. */
static int first_visit(nb_query *st, uint32_t id)
{
	if (st->nseen >= 384)
		return 1;
	uint32_t h = (id * 2654435761u) >> 23;
	while (st->seen[h] && st->seen[h] != id + 1)
		h = (h + 1) & 511;
	if (st->seen[h])
		return 0;
	st->seen[h] = id + 1;
	st->nseen++;
	return 1;
}

/* Offers token id to the query's callback if it relates to the query by an
 * indexed relation.  What clr__tok_sim would find, without what cannot
 * happen here: an exact match is the query's own token (tokens are
 * unique), neither has a digit (those are looked up exactly), and an
 * initial or abbreviation is no indexed relation. */
static void verify_id(nb_query *st, uint32_t id)
{
	const clr_tokinfo *t = &st->ix->tok[id];
	if (id == st->self) {
		st->fn(st->payload, id, 1.0f, HOW_EXACT);
		return;
	}
	if (t->joined_only)
		return; /* matched exactly only */
	size_t la = st->qn, lb = t->len, m;
	unsigned k = typo_budget(la, lb, &m);
	if (!k)
		return;
	const char *b = st->ix->pool + t->off;
	unsigned d = st->pattern ? osa_run(osa_pm, la, b, lb, k) : osa_bounded(st->q, la, b, lb, k);
	if (d > k)
		return;
	if (typo_keeps(st->q, b, d, m))
		st->fn(st->payload, id, typo_sim(d, m), HOW_TYPO);
	else
		st->fn(st->payload, id, weak_typo_sim(), HOW_WEAKTYPO);
}

static void visit_id(nb_query *st, uint32_t id)
{
	if (first_visit(st, id))
		verify_id(st, id);
}

static void visit_slot(nb_query *st, const clr_delslot *d)
{
	if (!d->key)
		return;
	if (!(d->val & CLR_DEL_MANY)) {
		visit_id(st, d->val);
		return;
	}
	const uint32_t *g = st->ix->del_ids + (d->val & ~CLR_DEL_MANY);
	for (uint32_t i = 0; i < g[0]; i++)
		visit_id(st, g[1 + i]);
}

static void visit_variant(void *payload, uint64_t hash)
{
	nb_query *st = payload;
	visit_slot(st, &st->ix->del[del_slot(st->ix, hash)]);
}

#define VARIANT_BATCH 1024

typedef struct variant_batch {
	size_t n;
	uint64_t h[VARIANT_BATCH];
} variant_batch;

static void collect_hash(void *payload, uint64_t h)
{
	variant_batch *vb = payload;
	if (vb->n < VARIANT_BATCH)
		vb->h[vb->n] = h;
	vb->n++;
}

/* The tokens behind the deletion variants of the query, verified. */
static void lookup_variants(const clr_index *ix, nb_query *st)
{
	const char *q = st->q;
	size_t qn = st->qn;
	/* The table is far larger than the caches: hash every variant first and
	 * prefetch their slots so the misses overlap instead of queueing. */
	variant_batch vb; /* not zeroed: only n and the hashes it counts are read */
	vb.n = 0;
	deletion_variants(q, qn, collect_hash, &vb);
	if (vb.n > VARIANT_BATCH) {
		deletion_variants(q, qn, visit_variant, st);
		return;
	}
	for (size_t i = 0; i < vb.n; i++)
		__builtin_prefetch(&ix->del[clr__del_home(vb.h[i], ix->del_cap)]);
	/* Then the same for the tokens behind them, stage by stage: their ids
	 * (in the slot for most variants), their dictionary records, their
	 * strings; each stage's misses overlap. */
	uint32_t ids[VARIANT_BATCH], slot[VARIANT_BATCH];
	for (size_t k = 0; k < vb.n; k++) {
		slot[k] = del_slot(ix, vb.h[k]);
		const clr_delslot *d = &ix->del[slot[k]];
		if (d->key && (d->val & CLR_DEL_MANY))
			__builtin_prefetch(&ix->del_ids[d->val & ~CLR_DEL_MANY]);
	}
	size_t nids = 0, i = 0;
	for (; i < vb.n; i++) {
		const clr_delslot *d = &ix->del[slot[i]];
		if (!d->key)
			continue;
		const uint32_t *g = &d->val;
		uint32_t n = 1;
		if (d->val & CLR_DEL_MANY) {
			g = ix->del_ids + (d->val & ~CLR_DEL_MANY);
			n = *g++;
		}
		if (nids + n > VARIANT_BATCH)
			break; /* the rest one by one, after these */
		for (uint32_t k = 0; k < n; k++)
			if (first_visit(st, g[k])) {
				ids[nids++] = g[k];
				__builtin_prefetch(&ix->tok[g[k]]);
			}
	}
	for (size_t k = 0; k < nids; k++)
		__builtin_prefetch(ix->pool + ix->tok[ids[k]].off);
	for (size_t k = 0; k < nids; k++)
		verify_id(st, ids[k]);
	for (; i < vb.n; i++)
		visit_slot(st, &ix->del[slot[i]]);
}

void clr__index_neighbours(const clr_index *ix, const char *q, size_t qn, unsigned mode,
                           clr_neighbour_fn fn, void *payload)
{
	uint32_t id = clr__index_lookup(ix, q, qn);
	/* legal forms and function words match exactly (what the flags say
	 * matters only when the caller did not ask for exact already) */
	unsigned flags = id != CLR_NO_TOKEN        ? ix->tok[id].flags
	                 : (mode & CLR_NB_EXACT) ? 0
	                                         : clr__norm_token_flags(q, qn);
	if (flags & (CLR_TOK_LEGAL | CLR_TOK_STOP))
		mode |= CLR_NB_EXACT;
	if (mode & CLR_NB_EXHAUSTIVE) {
		for (uint32_t t = 0; t < ix->ntok; t++) {
			const clr_tokinfo *ti = &ix->tok[t];
			int how;
			float s = clr__tok_sim(q, qn, ix->pool + ti->off, ti->len, &how);
			if (s > 0 && clr__how_indexed(how) && (how == HOW_EXACT || !ti->joined_only) &&
			    (how == HOW_EXACT || !(mode & CLR_NB_EXACT)))
				fn(payload, t, s, how);
		}
		return;
	}
	if ((mode & CLR_NB_EXACT) || !clr__max_edits(qn) || (flags & CLR_TOK_DIGIT)) {
		if (id != CLR_NO_TOKEN)
			fn(payload, id, 1.0f, HOW_EXACT);
		return;
	}
	if (id != CLR_NO_TOKEN && ix->nbw && clr__nbw_has(ix, id)) {
		uint64_t below = ix->nbw_bits[id / 64] & ((1ull << (id % 64)) - 1);
		uint32_t r = ix->nbw_rank[id / 64] + (uint32_t)__builtin_popcountll(below);
		for (uint32_t k = ix->nbw_off[r]; k < ix->nbw_off[r + 1]; k++)
			fn(payload, ix->nbw[k].id & ~CLR_NB_WEAK, ix->nbw[k].sim,
			   ix->nbw[k].id == id                 ? HOW_EXACT
			   : (ix->nbw[k].id & CLR_NB_WEAK) ? HOW_WEAKTYPO
			                                      : HOW_TYPO);
		return;
	}
	nb_query st = {.ix = ix, .q = q, .qn = qn, .self = id, .fn = fn, .payload = payload};
	if (id != CLR_NO_TOKEN)
		visit_id(&st, id);
	if (!ix->del_cap)
		return;
	st.pattern = qn <= 64;
	if (st.pattern)
		osa_pattern(q, qn, 1);
	lookup_variants(ix, &st);
	if (st.pattern)
		osa_pattern(q, qn, 0);
}
