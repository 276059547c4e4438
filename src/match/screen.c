/*
 * screen.c - the public screening API: a per-thread screener turns a query
 * into tokens and token neighbourhoods, gathers candidate names from the
 * index's postings (or every name when exhaustive), scores them with the
 * one scorer and explains the alerts.  Never writes to the shared index.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#include "evidence.h"
#include "query.h"
#include "score.h"
#include "../lists/db.h"
#include "../lists/loader.h"
#include "../names/names.h"

typedef struct nb {
	uint32_t id;
	float sim;
	uint8_t how;
} nb;

typedef struct nblist {
	size_t off, n; /* into screener nbs */
} nblist;

/* Neighbourhoods already computed by this screener, by token and mode:
 * batch input repeats words ("trading", "limited", city names) far more
 * than it repeats names.  Cleared when full or when the index changes. */
#define WMEMO_SLOTS 512 /* weak_sim answers kept per query part */
#define NBCACHE_SLOTS 16384u /* power of two */
#define NBCACHE_MAX_TOKEN 31u
typedef struct nbcache_slot {
	uint64_t hash;   /* 0: empty */
	uint32_t off, n; /* into nbcache.pool */
	uint8_t len, mode;
	char tok[NBCACHE_MAX_TOKEN + 1];
} nbcache_slot;

/* One query span related to a dictionary token. */
typedef struct qhit {
	uint32_t id;
	uint32_t next; /* next hit of the same id, UINT32_MAX at the end */
	float sim;
	float wq;       /* weight of the query tokens below */
	uint8_t qi, qw; /* query tokens qi..qi+qw-1 */
	uint8_t how;
} qhit;

/* A candidate name of the current query part: its posting, the posting's
 * side data (pm, into post_meta; UINT32_MAX when exhaustive), the query
 * words whose neighbourhoods brought it in, and what the relations met
 * through its posted slots can add to a score: sum of sim x query span
 * weight (xq) and of the slots' listed weights (na), over every relation. */
typedef struct qcand {
	uint32_t name, rec;
	uint64_t hit;
	uint32_t pm;
	float xq, na;
} qcand;

/* An entry's best name for the current query: one record per entry so
 * that updating it costs one cache miss. */
typedef struct escore {
	uint32_t stamp; /* query generation (qgen) it belongs to */
	float best;     /* best score */
	uint32_t name;  /* name of the best score */
	uint32_t rec;   /* that name's record in name_toks */
	uint32_t part;  /* query part of the best score */
	uint32_t aln;   /* its alignment, in the screener's alns */
	uint32_t party; /* query generation whose alerts show its party already */
} escore;

/* An alignment kept for writing its alert: the pairs are in a shared
 * vector (saved_pairs), from pair_off. */
typedef struct saved_aln {
	uint32_t pair_off, npairs;
	float matched, total, score, factor;
	int anchored;
	unsigned qualifiers;
} saved_aln;

/* What the query's evidence did to one entry (clr__ev_apply): its name
 * score, the new one, and its explanation items in the screener's evitems. */
typedef struct evres {
	uint32_t ent;
	float name_best, score;
	uint8_t cleared;
	uint32_t off, n;
} evres;

struct clr_screener {
	clr_db *db;
	clr_norm *nm;
	clr_buf err;
	CLR_VEC(nb) nbs;
	nbcache_slot *cache;
	size_t ncached;
	CLR_VEC(nb) cache_pool;
	/* this part's candidates as a set small enough for the caches (a
	 * per-name stamp array misses them at a million names): gen << 32 |
	 * name, slots of other generations are empty; ccap a power of two */
	uint64_t *cset;
	uint32_t *cpos; /* per cset slot: the candidate's index in cands */
	uint32_t ccap;
	uint32_t gen;
	CLR_VEC(qcand) cands;
	escore *es;      /* per entry: its best name this query */
	uint32_t qgen;   /* generation of the current query, for es[].stamp */
	size_t ncandidates, naligned;
	CLR_VEC(uint32_t) hits;
	clr_pair *pairs;
	uint64_t ix_serial; /* index the scratch is sized for (clr_index.serial) */
	clr_simgrid *grid;
	/* current query */
	const char *qraw; /* the part as written, its length and script */
	size_t qrawn;
	clr_kn_script qscript;
	clr_tokens qt;
	clr_side qs;
	nblist qnb[CLR_MAX_TOKENS];
	nblist cnb[CLR_MAX_JOIN + 1][CLR_MAX_TOKENS]; /* joined query spans */
	float wq_total, wq_common; /* all query token weights; those of common words */
	uint8_t qweak[CLR_MAX_TOKENS]; /* first letter, 0 for legal forms and function words */
	uint64_t weakmask[256];        /* per first letter: query tokens that may relate weakly */
	uint64_t qwtypo;               /* query words the lists lack: may meet by a weak typo */
	int qjoin;                     /* a single query word's key fills a joined slot
	                                * somewhere (CLR_TOK_JOINED): bound_name reads
	                                * the names' joined slots only then */
	uint64_t qsyl;                 /* query words a syllable table spells otherwise */
	uint8_t qcode[CLR_MAX_TOKENS];  /* weak codes (clr__weak_code) */
	uint8_t qlenok[CLR_MAX_TOKENS]; /* length classes (clr__len_class) of listed words
	                                 * each query token may meet weakly */
	uint8_t qlentypo[CLR_MAX_TOKENS]; /* those it may meet by a weak typo, whatever
	                                   * their letter (qwtypo) */
	uint64_t pmletter[32];          /* weakmask by clr__pm_word's letter number (its low
	                                 * five bits: any byte indexes it) */
	uint64_t qbloom[32];           /* ids in the hit map, 2048-bit Bloom filter */
	uint32_t qletters[CLR_MAX_TOKENS];
	uint16_t qfold[CLR_MAX_TOKENS]; /* qletters folded (clr__fold_letters) */
	uint64_t qlenabbr[CLR_MAX_TOKENS]; /* lengths (bit l, 63: longer) of listed words it may
	                                     * meet as an initial or abbreviation */
	uint64_t qlentypo64[CLR_MAX_TOKENS]; /* or by a weak typo: weak_may's tests */
	/* weak_sim's answers for this query part: a listed word comes back in
	 * many candidate names, and its text is a cache miss */
	struct wmemo {
		uint32_t gen, tok;
		float sim;
		uint8_t i, how;
	} wmemo[WMEMO_SLOTS];
	uint32_t wgen;
	/* query words whose neighbours are neither common words nor joined spans
	 * of common words (mark_rare_words); qfirst their first letters' bits */
	uint64_t qrare;
	uint32_t qfirst[CLR_MAX_TOKENS];
	/* per query word: signatures (clr__pm_sigbit) of the tokens its spans
	 * relate to that a name may hold unposted, by kind (clr_postmeta) */
	uint64_t qsig_c[CLR_MAX_TOKENS];
	uint16_t qsig_l[CLR_MAX_TOKENS];
	int pm_off; /* a relation was not walked: no bound from the postings alone */
	float floor; /* the current screen's threshold, less the rounding margin */

	/* the query's neighbourhoods by token id: qkey[h] = id + 1 (0 empty),
	 * qhead[h] = first hit; filled per query part */
	uint32_t *qkey, *qhead;
	uint32_t qcap;
	CLR_VEC(qhit) qhits;
	CLR_VEC(uint32_t) qused;
	/* the alignments of the entries' best names this query: alerts are
	 * explained from them, not aligned again */
	CLR_VEC(saved_aln) alns;
	CLR_VEC(clr_pair) saved_pairs;
	/* the query's evidence beyond the name, and what it did (sorted by ent) */
	clr_qev qev;
	float reach; /* how far below the threshold evidence may lift a name */
	CLR_VEC(uint32_t) idhits;
	CLR_VEC(evres) evr;
	CLR_VEC(clr_evidence_match) evitems;
};

typedef struct result_impl {
	clr_result pub;
	clr_arena *arena;
	const clr_listing **listings; /* per alert: the other listings of its party */
	size_t *nlistings;            /* NULL when none has any */
} result_impl;

size_t clr_result_listings(const clr_result *r, size_t k, const clr_listing **out)
{
	const result_impl *ri = (const result_impl *)r;
	if (out)
		*out = NULL;
	if (!r || k >= r->nalerts || !ri->nlistings)
		return 0;
	if (out)
		*out = ri->listings[k];
	return ri->nlistings[k];
}

static const char *const how_names[HOW_NHOW] = {
	"unmatched", "exact", "typo", "joined", "initial", "abbreviation", "transliteration",
	"equivalent", "nickname", "translation", "typo"};

const char *clr_type_name(clr_type t)
{
	switch (t) {
	case CLR_TYPE_PERSON: return "person";
	case CLR_TYPE_ENTITY: return "entity";
	case CLR_TYPE_VESSEL: return "vessel";
	case CLR_TYPE_AIRCRAFT: return "aircraft";
	default: return "unknown";
	}
}

clr_type clr_type_parse(const char *z)
{
	if (!z)
		return CLR_TYPE_UNKNOWN;
	size_t n = strlen(z);
	if (clr__eq_ci(z, n, "person") || clr__eq_ci(z, n, "individual"))
		return CLR_TYPE_PERSON;
	if (clr__eq_ci(z, n, "entity") || clr__eq_ci(z, n, "organization") ||
	    clr__eq_ci(z, n, "company"))
		return CLR_TYPE_ENTITY;
	if (clr__eq_ci(z, n, "vessel"))
		return CLR_TYPE_VESSEL;
	if (clr__eq_ci(z, n, "aircraft"))
		return CLR_TYPE_AIRCRAFT;
	return CLR_TYPE_UNKNOWN;
}

const char *clr_name_kind_name(clr_name_kind k)
{
	switch (k) {
	case CLR_NAME_PRIMARY: return "primary";
	case CLR_NAME_ALIAS: return "alias";
	case CLR_NAME_WEAK_ALIAS: return "weak_alias";
	case CLR_NAME_AFFILIATE: return "affiliate";
	case CLR_NAME_USER_ALIAS: return "user_alias";
	default: return "unknown";
	}
}

void clr_screen_opts_init(clr_screen_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->threshold = CLR_DEFAULT_THRESHOLD;
}

static int s_error(clr_screener *s, int code, const char *msg)
{
	clr__buf_clear(&s->err);
	(void)clr__buf_puts(&s->err, msg);
	return code;
}

const char *clr_screener_errmsg(const clr_screener *s)
{
	return s->err.p ? s->err.p : "";
}

int clr_screener_new(clr_screener **out, clr_db *db)
{
	clr_screener *s = calloc(1, sizeof(*s));
	*out = NULL;
	if (!s)
		return CLR_ENOMEM;
	s->db = db;
	s->pairs = malloc(CLR_SCRATCH_PAIRS * sizeof(clr_pair));
	s->grid = malloc(sizeof(clr_simgrid));
	/* vectors start allocated: their base pointers are offset even when empty */
	if (!s->pairs || !s->grid || clr__norm_new(&s->nm) || clr__vec_reserve(s->nbs, 64) ||
	    clr__vec_reserve(s->qhits, 64) || clr__vec_reserve(s->qused, 64) ||
	    clr__vec_reserve(s->cands, 64) || clr__vec_reserve(s->hits, 64) ||
	    clr__vec_reserve(s->cache_pool, 64)) {
		clr_screener_free(s);
		return CLR_ENOMEM;
	}
	*out = s;
	return 0;
}

void clr_screener_free(clr_screener *s)
{
	if (!s)
		return;
	clr__norm_free(s->nm);
	clr__buf_free(&s->err);
	clr__vec_free(s->nbs);
	free(s->cache);
	clr__vec_free(s->cache_pool);
	clr__vec_free(s->cands);
	clr__vec_free(s->hits);
	free(s->cset);
	free(s->cpos);
	free(s->es);
	free(s->qkey);
	free(s->qhead);
	clr__vec_free(s->qhits);
	clr__vec_free(s->qused);
	clr__vec_free(s->alns);
	clr__vec_free(s->saved_pairs);
	clr__vec_free(s->idhits);
	clr__vec_free(s->evr);
	clr__vec_free(s->evitems);
	free(s->pairs);
	free(s->grid);
	free(s);
}

static void cache_clear(clr_screener *s);

/* Sizes the per-name and per-entry scratch for the db's current index. */
static int ensure_scratch(clr_screener *s, const clr_index *ix)
{
	static const size_t one = 1;
	size_t ne = ix->nentries ? ix->nentries : one;
	free(s->cset);
	free(s->cpos);
	free(s->es);
	s->ccap = 4096;
	s->cset = calloc(s->ccap, sizeof(uint64_t));
	s->cpos = malloc(s->ccap * sizeof(uint32_t));
	s->es = calloc(ne, sizeof(escore));
	s->gen = 0;
	s->qgen = 0;
	cache_clear(s);
	return s->cset && s->cpos && s->es ? 0 : CLR_ENOMEM;
}

typedef struct nb_collect {
	clr_screener *s;
	size_t off;
	int oom;
} nb_collect;

static void add_nb(void *payload, uint32_t id, float sim, int how)
{
	nb_collect *c = payload;
	clr_screener *s = c->s;
	for (size_t i = c->off; i < s->nbs.n; i++)
		if (s->nbs.v[i].id == id) {
			if (sim > s->nbs.v[i].sim)
				s->nbs.v[i].sim = sim, s->nbs.v[i].how = (uint8_t)how;
			return;
		}
	nb v = {id, sim, (uint8_t)how};
	if (clr__vec_push(s->nbs, v))
		c->oom = 1;
}

/* The cache slot of (q, mode): the slot holding it (hash set), or the empty
 * slot where it belongs (hash 0; *h is the hash to store); NULL when q is
 * too long to cache or the cache cannot be had. */
static nbcache_slot *cache_slot(clr_screener *s, const char *q, size_t qn, unsigned mode,
                                uint64_t *h)
{
	if (qn > NBCACHE_MAX_TOKEN)
		return NULL;
	if (!s->cache && !(s->cache = calloc(NBCACHE_SLOTS, sizeof(nbcache_slot))))
		return NULL;
	*h = (clr__hash(q, qn) ^ mode) | 1;
	uint32_t i = (uint32_t)*h & (NBCACHE_SLOTS - 1);
	while (s->cache[i].hash) {
		nbcache_slot *c = &s->cache[i];
		if (c->hash == *h && c->len == qn && c->mode == mode && !memcmp(c->tok, q, qn))
			return c;
		i = (i + 1) & (NBCACHE_SLOTS - 1);
	}
	return &s->cache[i];
}

static void cache_clear(clr_screener *s)
{
	if (s->cache)
		memset(s->cache, 0, NBCACHE_SLOTS * sizeof(nbcache_slot));
	s->ncached = 0;
	s->cache_pool.n = 0;
}

static int neighbours(clr_screener *s, const clr_index *ix, const char *q, size_t qn,
                      unsigned mode, nblist *out)
{
	nb_collect c = {s, s->nbs.n, 0};
	uint64_t h = 0;
	/* an exact look-up is one probe of the dictionary: caching it would
	 * cost as much, and the joined spans of every query (mostly seen once)
	 * would crowd the words out of the cache */
	int cacheable = !(mode & CLR_NB_EXACT) || (mode & CLR_NB_EXHAUSTIVE);
	nbcache_slot *cs = cacheable ? cache_slot(s, q, qn, mode, &h) : NULL;
	if (cs && cs->hash) {
		if (clr__vec_reserve(s->nbs, cs->n + 1))
			return CLR_ENOMEM;
		if (cs->n)
			memcpy(s->nbs.v + s->nbs.n, s->cache_pool.v + cs->off, cs->n * sizeof(nb));
		s->nbs.n += cs->n;
	} else {
		unsigned imode = mode & ~CLR_NB_HAN;
		clr__index_neighbours(ix, q, qn, mode & CLR_NB_HAN ? imode | CLR_NB_EXACT : imode,
		                      add_nb, &c);
		if (!(mode & CLR_NB_EXACT))
			clr__index_alternates(ix, q, qn, mode & (CLR_NB_EXHAUSTIVE | CLR_NB_HAN), add_nb,
			                      &c);
		if (c.oom)
			return CLR_ENOMEM;
		size_t n = s->nbs.n - c.off;
		if (cs && s->ncached >= NBCACHE_SLOTS / 2) {
			cache_clear(s); /* full: start over */
		} else if (cs && s->cache_pool.n + n < UINT32_MAX &&
		           !clr__vec_reserve(s->cache_pool, n + 1)) {
			if (n) /* nbs.v is still NULL when no query word had neighbours */
				memcpy(s->cache_pool.v + s->cache_pool.n, s->nbs.v + c.off, n * sizeof(nb));
			*cs = (nbcache_slot){h, (uint32_t)s->cache_pool.n, (uint32_t)n, (uint8_t)qn,
			                     (uint8_t)mode, {0}};
			memcpy(cs->tok, q, qn);
			s->cache_pool.n += n;
			s->ncached++;
		}
	}
	out->off = c.off;
	out->n = s->nbs.n - c.off;
	/* a query word that is a known listed word (in CLR_KNOWN_DF names or
	 * more) anchors only exactly: its typo'd neighbours, other spellings
	 * and translations still score, but bring no name in on their own
	 * (the names of "Yan" or "Bank" would bring in those of "Jan" and
	 * "Banco"); only the equivalents the lists teach, rare words, do.  A
	 * nickname or weak typo never anchors: "Bill" alone brings in no
	 * William. */
	nb *v = s->nbs.v + out->off;
	int listed = 0;
	for (size_t k = 0; k < out->n; k++)
		if (v[k].how == HOW_EXACT && !ix->tok[v[k].id].joined_only &&
		    ix->tok[v[k].id].df >= CLR_KNOWN_DF)
			listed = 1;
	for (size_t k = 0; k < out->n; k++)
		if (clr__how_unanchored(v[k].how) ||
		    (listed && v[k].how != HOW_EXACT && v[k].how != HOW_EQUIV))
			v[k].how |= HOW_NO_ANCHOR;
	return c.oom ? CLR_ENOMEM : 0;
}

static uint32_t qslot(const clr_screener *s, uint32_t id)
{
	uint32_t h = (id * 2654435761u) & (s->qcap - 1);
	while (s->qkey[h] && s->qkey[h] != id + 1)
		h = (h + 1) & (s->qcap - 1);
	return h;
}

static uint32_t bloom_bit(uint32_t id)
{
	return (id * 2246822519u) >> 21;
}

/* Whether id may be in the hit map (a cheap test before probing it). */
static int qmap_maybe(const clr_screener *s, uint32_t id)
{
	uint32_t b = bloom_bit(id);
	return (s->qbloom[b >> 6] >> (b & 63)) & 1;
}

/* The weight of the query tokens of bits, summed from the first. */
static float span_weight(const clr_screener *s, uint64_t bits)
{
	float w = 0;
	for (uint64_t m = bits; m; m &= m - 1)
		w += s->qs.w[__builtin_ctzll(m)];
	return w;
}

static int qmap_add(clr_screener *s, const nblist *l, uint8_t qi, uint8_t qw)
{
	const nb *v = s->nbs.v + l->off;
	float wq = span_weight(s, ((1ull << qw) - 1) << qi);
	for (size_t k = 0; k < l->n; k++) {
		uint32_t h = qslot(s, v[k].id);
		qhit hit = {v[k].id, UINT32_MAX, v[k].sim, wq, qi, qw, v[k].how};
		if (s->qkey[h]) {
			hit.next = s->qhead[h];
		} else {
			s->qkey[h] = v[k].id + 1;
			if (clr__vec_push(s->qused, h))
				return CLR_ENOMEM;
		}
		s->qhead[h] = (uint32_t)s->qhits.n;
		if (clr__vec_push(s->qhits, hit))
			return CLR_ENOMEM;
	}
	return 0;
}

/* Indexes the query's neighbourhoods by dictionary token id. */
static int build_qmap(clr_screener *s)
{
	for (size_t k = 0; k < s->qused.n; k++)
		s->qkey[s->qused.v[k]] = 0;
	s->qused.n = 0;
	s->qhits.n = 0;
	size_t need = 64;
	while (need < 2 * s->nbs.n + 2)
		need *= 2;
	if (need > s->qcap) {
		free(s->qkey);
		free(s->qhead);
		s->qkey = calloc(need, sizeof(uint32_t));
		s->qhead = malloc(need * sizeof(uint32_t));
		s->qcap = s->qkey && s->qhead ? (uint32_t)need : 0;
		if (!s->qcap)
			return CLR_ENOMEM;
	}
	int rc = 0;
	for (size_t i = 0; i < s->qs.n && rc == 0; i++) {
		rc = qmap_add(s, &s->qnb[i], (uint8_t)i, 1);
		for (size_t w = 2; w <= CLR_MAX_JOIN && rc == 0; w++)
			rc = qmap_add(s, &s->cnb[w][i], (uint8_t)i, (uint8_t)w);
	}
	memset(s->qbloom, 0, sizeof(s->qbloom));
	for (size_t k = 0; k < s->qhits.n; k++) {
		uint32_t b = bloom_bit(s->qhits.v[k].id);
		s->qbloom[b >> 6] |= 1ull << (b & 63);
	}
	return rc;
}

/* Fills qsig_c and qsig_l: a name's slot that is not posted holds a common
 * word or a joined span of common words (clr_postmeta), so only such tokens
 * of the hit map can meet one. */
static void build_qsigs(clr_screener *s, const clr_index *ix)
{
	memset(s->qsig_c, 0, s->qs.n * sizeof(uint64_t));
	memset(s->qsig_l, 0, s->qs.n * sizeof(uint16_t));
	s->qjoin = 0;
	for (size_t k = 0; k < s->qhits.n; k++) {
		const qhit *hit = &s->qhits.v[k];
		const clr_tokinfo *t = &ix->tok[hit->id];
		if (hit->qw == 1 && (t->flags & CLR_TOK_JOINED))
			s->qjoin = 1;
		int joins = (t->flags & CLR_TOK_CJOIN) != 0;
		int legal = (t->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP)) != 0;
		unsigned b = clr__pm_sigbit(hit->id);
		for (size_t i = hit->qi; i < (size_t)hit->qi + hit->qw; i++) {
			if (joins || (!legal && clr__tok_common(ix, t)))
				s->qsig_c[i] |= 1ull << b;
			if (joins || legal)
				s->qsig_l[i] |= (uint16_t)(1u << (b & 15));
		}
	}
}

/* 1 when a neighbour in l is a common word or, with single, a joined span
 * of common words (never posted by a complete name). */
static int meets_unseen(const clr_screener *s, const clr_index *ix, const nblist *l, int single)
{
	const nb *v = s->nbs.v + l->off;
	for (size_t k = 0; k < l->n; k++) {
		const clr_tokinfo *t = &ix->tok[v[k].id];
		if (clr__tok_common(ix, t) || (single && (t->flags & CLR_TOK_CJOIN)))
			return 1;
	}
	return 0;
}

/* Fills s->qrare: the query words that relate (alone, or joined with their
 * neighbours) only to words that are posted wherever they stand in a
 * complete name (clr_postmeta): such a word relates to a complete name
 * only if its neighbourhood brought the name in. */
static void mark_rare_words(clr_screener *s, const clr_index *ix)
{
	size_t n = s->qs.n;
	uint64_t meets = 0;
	for (size_t i = 0; i < n; i++) {
		if (meets_unseen(s, ix, &s->qnb[i], 1))
			meets |= 1ull << i;
		for (size_t w = 2; w <= CLR_MAX_JOIN && i + w <= n; w++)
			if (meets_unseen(s, ix, &s->cnb[w][i], 0))
				meets |= ((1ull << w) - 1) << i;
	}
	s->qrare = (n >= 64 ? ~0ull : (1ull << n) - 1) & ~meets;
}

/* Other spellings of a syllable, for span_spellings. */
typedef struct spellings {
	size_t n;
	char s[8][16];
	uint8_t len[8];
} spellings;

static void add_spelling(void *payload, const char *z, size_t n)
{
	spellings *sp = payload;
	if (sp->n < 8 && n < sizeof(sp->s[0])) {
		memcpy(sp->s[sp->n], z, n);
		sp->len[sp->n++] = (uint8_t)n;
	}
}

/* A name written in syllables meets its listed spelling written joined in
 * another scheme: "Chin-hua" (Wade-Giles) is "Jinhua", "Min Jun" (Revised)
 * "Minjun".  Adds to l, the neighbourhood of query tokens i..i+w-1 written
 * joined, the listed tokens that spell them joined with each syllable in
 * any of its spellings (clr__kn_syllable_alts), as HOW_TRANSLIT; exact
 * look-ups, so the index and the exhaustive scan find the same. */
#define SPAN_SPELLINGS_MAX 27
static int span_spellings(clr_screener *s, const clr_index *ix, size_t i, size_t w,
                          unsigned mode, nblist *l)
{
	if (!(s->qsyl >> i & (((uint64_t)1 << w) - 1)))
		return 0; /* no word of the span has another spelling */
	spellings sp[CLR_MAX_JOIN];
	size_t combos = 1, any = 0;
	for (size_t k = 0; k < w; k++) {
		sp[k].n = 0;
		add_spelling(&sp[k], s->qt.tok[i + k], s->qt.len[i + k]);
		clr__kn_syllable_alts(s->qt.tok[i + k], s->qt.len[i + k], add_spelling, &sp[k]);
		any |= sp[k].n > 1;
		combos *= sp[k].n;
	}
	if (!any || combos > SPAN_SPELLINGS_MAX)
		return 0;
	for (size_t c = 1; c < combos; c++) { /* combination 0 is the span as written */
		char cat[CLR_MAX_JOIN * 16 + 1];
		size_t cl = 0, x = c;
		for (size_t k = 0; k < w; k++) {
			size_t pick = x % sp[k].n;
			x /= sp[k].n;
			memcpy(cat + cl, sp[k].s[pick], sp[k].len[pick]);
			cl += sp[k].len[pick];
		}
		nblist add;
		int rc = neighbours(s, ix, cat, cl, mode | CLR_NB_EXACT, &add);
		if (rc < 0)
			return rc;
		/* appended right after l: keep the new tokens, as spellings */
		nb *v = s->nbs.v;
		size_t keep = add.off;
		for (size_t k = add.off; k < add.off + add.n; k++) {
			int dup = 0;
			for (size_t m = l->off; m < keep && !dup; m++)
				dup = v[m].id == v[k].id;
			if (dup)
				continue;
			v[keep] = v[k];
			v[keep].how = HOW_TRANSLIT;
			v[keep].sim = CLR_TRANSLIT_SIM;
			keep++;
		}
		s->nbs.n = keep;
		l->n = keep - l->off;
	}
	return 0;
}

/* Per query word length: the listed lengths (bit l, 63 for longer) it may
 * meet as an initial or abbreviation (clr__weak_possible), by a weak typo
 * (clr__weak_typo_possible), and the latter's length classes. */
typedef struct weak_lengths {
	uint64_t abbr, typo;
	uint8_t typo_classes;
} weak_lengths;

static weak_lengths weak_len_tab[CLR_MAX_TOKEN_BYTES + 1];
static pthread_once_t weak_len_once = PTHREAD_ONCE_INIT;

static void weak_len_init(void)
{
	for (size_t la = 0; la <= CLR_MAX_TOKEN_BYTES; la++) {
		weak_lengths *w = &weak_len_tab[la];
		for (size_t l = 1; l < 64; l++) {
			if (clr__weak_possible(la, l))
				w->abbr |= 1ull << l;
			if (clr__weak_typo_possible(la, l))
				w->typo |= 1ull << l;
		}
		for (size_t l = 1; l <= 8; l++)
			if (clr__weak_typo_possible(la, l))
				w->typo_classes |= (uint8_t)(1u << clr__len_class(l));
	}
}

static const weak_lengths *weak_lengths_of(void)
{
	pthread_once(&weak_len_once, weak_len_init);
	return weak_len_tab;
}

/* Prepares the query side: tokens, neighbourhoods, weights. */
static int prepare_query(clr_screener *s, const clr_index *ix, const char *name, size_t len,
                         int exhaustive)
{
	int rc = clr__norm_tokens(s->nm, name, len, &s->qt);
	s->qraw = name;
	s->qrawn = len;
	s->qscript = rc == 0 ? clr__kn_script(name, len) : CLR_KN_LATIN;
	if (rc == CLR_EINPUT)
		return s_error(s, rc, "name is not valid UTF-8");
	if (rc == CLR_ELIMIT)
		return s_error(s, rc, "name exceeds the length limit");
	if (rc < 0)
		return rc;
	s->nbs.n = 0;
	clr_side *q = &s->qs;
	for (unsigned c = 'a'; c <= 'z'; c++) /* the previous part's letters */
		s->weakmask[c] = 0;
	for (size_t i = 0; i < q->n; i++)
		s->weakmask[s->qweak[i]] = 0;
	memset(s->pmletter, 0, sizeof(s->pmletter));
	q->n = s->qt.n;
	q->anchor = q->rare = q->common = q->num = q->place = 0;
	q->person = 0;
	s->qwtypo = 0;
	if (++s->wgen == 0) { /* wrapped: no answer of an old part may pass */
		memset(s->wmemo, 0, sizeof(s->wmemo));
		s->wgen = 1;
	}
	/* a name in Han characters: its pinyin is exact, syllable by syllable;
	 * four words or fewer, a personal name's shape */
	int han = s->qscript == CLR_KN_HAN;
	q->syllables = han && s->qt.n <= 4;
	s->wq_total = s->wq_common = 0;
	s->qsyl = 0;
	for (size_t i = 0; i < s->qt.n && !han; i++) {
		spellings sp = {0};
		clr__kn_syllable_alts(s->qt.tok[i], s->qt.len[i], add_spelling, &sp);
		if (sp.n)
			s->qsyl |= 1ull << i;
	}
	for (size_t i = 0; i < s->qt.n; i++) {
		q->tok[i] = s->qt.tok[i];
		q->len[i] = s->qt.len[i];
		if (s->qt.flags[i] & CLR_TOK_NUMBER)
			q->num |= 1ull << i;
		if (s->qt.flags[i] & CLR_TOK_PLACE)
			q->place |= 1ull << i;
		unsigned mode = exhaustive ? CLR_NB_EXHAUSTIVE : 0;
		if ((rc = neighbours(s, ix, q->tok[i], q->len[i], han ? mode | CLR_NB_HAN : mode,
		                     &s->qnb[i])) < 0)
			return rc;
		for (size_t w = 2; w <= CLR_MAX_JOIN; w++) {
			nblist *l = &s->cnb[w][i];
			char cat[CLR_MAX_JOIN * CLR_MAX_TOKEN_BYTES + 1];
			size_t cl = 0;
			unsigned fl = 0;
			l->n = 0;
			if (i + w > s->qt.n)
				continue;
			for (size_t k = i; k < i + w; k++) {
				memcpy(cat + cl, s->qt.tok[k], s->qt.len[k]);
				cl += s->qt.len[k];
				fl |= s->qt.flags[k];
			}
			if (cl <= CLR_MAX_TOKEN_BYTES && !(fl & CLR_TOK_DIGIT) &&
			    (rc = neighbours(s, ix, cat, cl, mode | CLR_NB_EXACT, l)) < 0)
				return rc;
			if (cl <= CLR_MAX_TOKEN_BYTES && !(fl & (CLR_TOK_DIGIT | CLR_TOK_LEGAL)) && !han &&
			    (rc = span_spellings(s, ix, i, w, mode, l)) < 0)
				return rc;
		}
		/* weight: the token's own rarity, or its closest listed spelling's */
		unsigned f = s->qt.flags[i];
		float w = ix->w_unknown, best = 0;
		if (f & CLR_TOK_LEGAL)
			w = CLR_LEGAL_WEIGHT;
		else if (f & CLR_TOK_STOP)
			w = CLR_STOP_WEIGHT;
		else {
			const nb *v = s->nbs.v + s->qnb[i].off;
			for (size_t k = 0; k < s->qnb[i].n; k++) {
				float tw = ix->tok[v[k].id].w;
				if (v[k].sim > best || (v[k].sim == best && tw > w)) {
					best = v[k].sim;
					w = tw;
				}
			}
		}
		w = clr__cap_initial(w, q->tok[i], q->len[i]);
		q->w[i] = w;
		s->wq_total += w;
		/* the token itself is in its neighbourhood when the lists know it */
		const nb *self = s->nbs.v + s->qnb[i].off;
		for (size_t k = 0; k < s->qnb[i].n; k++)
			if (self[k].how == HOW_EXACT && clr__tok_common(ix, &ix->tok[self[k].id])) {
				q->common |= 1ull << i;
				s->wq_common += w;
				break;
			}
		s->qweak[i] = (f & (CLR_TOK_LEGAL | CLR_TOK_STOP)) || han ? 0 : (uint8_t)q->tok[i][0];
		if (s->qweak[i]) {
			s->weakmask[s->qweak[i]] |= 1ull << i;
			s->pmletter[clr__pm_word((char)s->qweak[i], 1) & 31] |= 1ull << i;
		}
		s->qletters[i] = clr__letters(q->tok[i], q->len[i]);
		s->qfold[i] = clr__fold_letters(s->qletters[i]);
		s->qcode[i] = clr__weak_code(q->tok[i], q->len[i]);
		/* a word the lists lack (none of its neighbours is itself) may be
		 * a weak typo of a listed word (clr__tok_weak_typo) */
		int known = 0;
		for (size_t k = 0; k < s->qnb[i].n; k++)
			known |= self[k].how == HOW_EXACT;
		int wtypo = !known && s->qweak[i] && !(f & CLR_TOK_DIGIT) && q->len[i] >= 4 &&
		            q->len[i] <= 8;
		if (wtypo) {
			/* a weak typo may change the first letter: the word may meet a
			 * listed word of any letter, and shares no prefix with it */
			s->qwtypo |= 1ull << i;
			for (unsigned c = 'a'; c <= 'z'; c++)
				s->weakmask[c] |= 1ull << i;
		}
		const weak_lengths *wl =
		        &weak_lengths_of()[q->len[i] < CLR_MAX_TOKEN_BYTES ? q->len[i] : CLR_MAX_TOKEN_BYTES];
		s->qlenabbr[i] = wl->abbr;
		s->qlentypo64[i] = wtypo ? wl->typo : 0;
		s->qlentypo[i] = wtypo ? wl->typo_classes : 0;
		s->qlenok[i] = 0; /* the classes holding a length it may meet weakly */
		for (size_t l = 1; l <= 8; l++)
			if (clr__weak_possible(q->len[i], l) ||
			    (wtypo && clr__weak_typo_possible(q->len[i], l)))
				s->qlenok[i] |= (uint8_t)(1u << clr__len_class(l));
		if (q->len[i] == 1 || q->len[i] >= 11 || (size_t)q->len[i] + 2 <= CLR_MAX_TOKEN_BYTES)
			s->qlenok[i] |= 1u << 7; /* a word of 9 letters or more two apart */
		uint8_t c = s->qweak[i];
		s->qfirst[i] = !c ? 0 : c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
	}
	mark_rare_words(s, ix);
	if ((rc = build_qmap(s)) < 0)
		return rc;
	build_qsigs(s, ix);
	return 0;
}

/* The weak relations the lengths and letters leave possible between query
 * token i and a listed word of first letter first, length tl and letter
 * set letters (from the record): bit 0 an initial or abbreviation, bit 1
 * a weak typo; weak_sim's tests before any text is read, inlined in the
 * loops. */
static inline unsigned weak_may(const clr_screener *s, size_t i, unsigned first, size_t tl,
                                uint32_t letters)
{
	uint32_t tlet = letters & CLR_LETTER_BITS, qlet = s->qletters[i];
	unsigned l = tl < 63 ? (unsigned)tl : 63;
	unsigned abbr = s->qweak[i] == first && (s->qlenabbr[i] >> l & 1) &&
	                clr__letters_nest(s->qs.len[i], qlet, tl, tlet);
	/* two edits leave at most two letters of either word out of the other */
	unsigned typo = (s->qlentypo64[i] >> l & 1) && clr__bits_at_most(qlet & ~tlet, 2) &&
	                clr__bits_at_most(tlet & ~qlet, 2);
	return abbr | typo << 1;
}

/* The weak relation of query token i and listed token tok of length tl,
 * which weak_may says may be one (may): an initial, an abbreviation, or
 * for a word the lists lack, a weak typo; 0 when none.  *how (may be
 * NULL) says which, HOW_NO_ANCHOR set for a weak typo. */
static float weak_sim(clr_screener *s, size_t i, unsigned may, const clr_index *ix,
                      uint32_t tok, size_t tl, int *how)
{
	const clr_side *q = &s->qs;
	/* the listed word's text is read once a query part */
	struct wmemo *m = &s->wmemo[(tok * 0x9e3779b1u + (uint32_t)i) >> 23 & (WMEMO_SLOTS - 1)];
	if (m->gen == s->wgen && m->tok == tok && m->i == i) {
		if (how && m->sim > 0)
			*how = m->how;
		return m->sim;
	}
	float sim = 0;
	int h = HOW_NONE;
	const char *t = clr__index_tok(ix, tok);
	if (may & 1)
		sim = clr__tok_weak(q->tok[i], q->len[i], t, tl, &h);
	if (sim == 0 && (may & 2) && (sim = clr__tok_weak_typo(q->tok[i], q->len[i], t, tl)) > 0)
		h = HOW_WEAKTYPO | HOW_NO_ANCHOR;
	*m = (struct wmemo){s->wgen, tok, sim, (uint8_t)i, (uint8_t)h};
	if (how && sim > 0)
		*how = h;
	return sim;
}

/* bound_name's bound from the best share of each query token (best), the
 * listed tokens related to the query (related) and the rare ones. */
static float bound_of(const clr_screener *s, const uint32_t *rec, const float *best,
                      uint64_t related, uint64_t rare, const float *nw)
{
	const clr_side *q = &s->qs;
	float num = 0, qrel = 0, nrel = 0;
	for (size_t i = 0; i < q->n; i++) {
		num += best[i];
		if (best[i] > 0)
			qrel += q->w[i];
	}
	for (uint64_t m = related; m; m &= m - 1)
		nrel += nw[__builtin_ctzll(m)];
	float share = (related & rare) ? CLR_UNMATCHED_LISTED : 1.0f;
	/* The score is M / T.  M <= num, and M <= qu + nu, the weights of the
	 * query and listed tokens the alignment uses (qu <= qrel, nu <= nrel);
	 * T >= den + (1 - share) nu, den being the least T when nothing listed
	 * is used (every listed and every common query word unmatched at the
	 * discounted share).  min(num, qrel + nu) / (den + (1 - share) nu) is
	 * largest at nu = num - qrel (clamped to [0, nrel]). */
	float den = s->wq_total - (1.0f - share) * s->wq_common + share * clr__rec_wsum(rec);
	float nu = num - qrel;
	if (nu < 0)
		nu = 0;
	if (nu > nrel)
		nu = nrel;
	float top = num < qrel + nu ? num : qrel + nu;
	den += (1.0f - share) * nu;
	return den > 0 ? top / den : 0;
}

/* An upper bound of a listed name's score, read from its packed record and
 * the query's hit map only (0 when nothing can anchor a match): each query
 * token's best possible pair, over the least the denominator can be.  The
 * alignment can only do worse, so a name whose bound is below the
 * threshold is skipped without aligning it (docs/index.md). */
static float bound_name(clr_screener *s, const clr_index *ix, const uint32_t *rec)
{
	const clr_side *q = &s->qs;
	size_t nt = clr__rec_ntok(rec);
	uint64_t anchor = clr__rec_mask(rec, 0), rare = clr__rec_mask(rec, 1);
	const float *nw = clr__name_w((uint32_t *)rec, nt);
	float best[CLR_MAX_TOKENS];
	memset(best, 0, q->n * sizeof(float));
	uint64_t related = 0;
	int anchored = 0;
	const uint32_t *id = rec; /* the slots in order: clr__slot(nt, w, j) */
	/* a joined slot meets single query words only (one side joined at a
	 * time), and only those whose key is a joined slot's token */
	size_t maxw = s->qjoin ? CLR_MAX_JOIN : 1;
	for (size_t w = 1; w <= maxw; w++) {
		for (size_t j = 0; j + w <= nt; j++, id++) {
			if (*id == CLR_NO_TOKEN || !qmap_maybe(s, *id))
				continue;
			uint32_t h = qslot(s, *id);
			if (!s->qkey[h])
				continue;
			uint64_t nbits = ((1ull << w) - 1) << j;
			float wn = nw[j];
			for (size_t k = j + 1; k < j + w; k++)
				wn += nw[k];
			for (uint32_t x = s->qhead[h]; x != UINT32_MAX; x = s->qhits.v[x].next) {
				const qhit *hit = &s->qhits.v[x];
				if (hit->qw > 1 && w > 1)
					continue; /* one side joined at a time */
				float v = hit->sim * (hit->wq + wn);
				for (size_t k = hit->qi; k < (size_t)hit->qi + hit->qw; k++)
					if (v > best[k])
						best[k] = v;
				related |= nbits;
				if ((anchor & nbits) && !(hit->how & HOW_NO_ANCHOR))
					anchored = 1;
			}
		}
	}
	if (!anchored)
		return 0;
	/* initials, abbreviations and weak typos are not in the hit map: check
	 * the pairs whose first letters agree */
	const uint8_t *first = clr__name_first((uint32_t *)rec, nt);
	const uint8_t *nlen = clr__name_len((uint32_t *)rec, nt);
	const uint32_t *letters = clr__name_letters((uint32_t *)rec, nt);
	for (size_t j = 0; j < nt; j++) {
		if (!first[j])
			continue;
		for (uint64_t m = s->weakmask[first[j]]; m; m &= m - 1) {
			size_t i = (size_t)__builtin_ctzll(m);
			unsigned may = weak_may(s, i, first[j], nlen[j], letters[j]);
			if (!may)
				continue;
			float sim = weak_sim(s, i, may, ix, rec[j], nlen[j], NULL);
			if (sim == 0)
				continue;
			float v = sim * (q->w[i] + nw[j]);
			if (v > best[i])
				best[i] = v;
			related |= 1ull << j;
		}
	}
	return bound_of(s, rec, best, related, rare, nw);
}

/* The listed side of record t; with ix, its token strings too (for an
 * alert). */
static void load_side(const clr_index *ix, const uint32_t *t, clr_side *n)
{
	size_t nt = clr__rec_ntok(t);
	const float *nw = clr__name_w((uint32_t *)t, nt);
	const uint8_t *nlen = clr__name_len((uint32_t *)t, nt);
	n->n = nt;
	n->anchor = clr__rec_mask(t, 0);
	n->rare = clr__rec_mask(t, 1);
	n->person = clr__rec_type(t) == CLR_TYPE_PERSON;
	n->num = n->place = 0;
	n->syllables = 0;
	const uint32_t *letters = clr__name_letters((uint32_t *)t, nt);
	for (size_t j = 0; j < nt; j++) {
		n->tok[j] = ix ? clr__index_tok(ix, t[j]) : NULL;
		n->len[j] = nlen[j];
		n->w[j] = nw[j];
		if (letters[j] & CLR_REC_NUMBER)
			n->num |= 1ull << j;
		if (letters[j] & CLR_REC_PLACE)
			n->place |= 1ull << j;
	}
}

/* Fills the listed side and the similarity grid for one indexed name from
 * its record alone: token strings stay NULL (the alerts' are filled when
 * they are written) so that no other table is touched. */
static void load_name(clr_screener *s, const clr_index *ix, const uint32_t *t, clr_side *n)
{
	const clr_side *q = &s->qs;
	size_t nt = clr__rec_ntok(t);
	load_side(NULL, t, n);
	clr_simgrid *g = s->grid;
	for (size_t i = 0; i < q->n; i++) {
		memset(g->s1[i], 0, nt * sizeof(float));
		memset(g->h1[i], 0, nt);
		for (size_t w = 2; w <= CLR_MAX_JOIN; w++) {
			memset(g->sq[w][i], 0, nt * sizeof(float));
			memset(g->sn[w][i], 0, nt * sizeof(float));
		}
	}
	for (size_t w = 1; w <= CLR_MAX_JOIN; w++) {
		for (size_t j = 0; j + w <= nt; j++) {
			uint32_t id = t[clr__slot(nt, w, j)];
			if (id == CLR_NO_TOKEN || !qmap_maybe(s, id))
				continue;
			uint32_t h = qslot(s, id);
			if (!s->qkey[h])
				continue;
			for (uint32_t x = s->qhead[h]; x != UINT32_MAX; x = s->qhits.v[x].next) {
				const qhit *hit = &s->qhits.v[x];
				if (w == 1 && hit->qw == 1) {
					g->s1[hit->qi][j] = hit->sim;
					g->h1[hit->qi][j] = hit->how;
				} else if (w == 1) {
					g->sq[hit->qw][hit->qi][j] = hit->sim;
				} else if (hit->qw == 1) {
					g->sn[w][hit->qi][j] = hit->sim;
				}
			}
		}
	}
	const uint8_t *first = clr__name_first((uint32_t *)t, nt);
	const uint32_t *letters = clr__name_letters((uint32_t *)t, nt);
	for (size_t j = 0; j < nt; j++) {
		if (!first[j])
			continue;
		for (uint64_t m = s->weakmask[first[j]]; m; m &= m - 1) {
			size_t i = (size_t)__builtin_ctzll(m);
			unsigned may = g->s1[i][j] != 0 ? 0 : weak_may(s, i, first[j], n->len[j], letters[j]);
			if (!may)
				continue;
			int h; /* initials, abbreviations, weak typos: never from the index */
			float sim = weak_sim(s, i, may, ix, t[j], n->len[j], &h);
			if (sim == 0)
				continue;
			g->s1[i][j] = sim;
			g->h1[i][j] = (uint8_t)h;
		}
	}
}

/* The country is weak evidence: a listed party's country field holds
 * where it was listed or has addresses, not every place it trades from.  A
 * name that differs in country scores CLR_COUNTRY_FACTOR less, except
 * that an exact match of a primary name or a strong alias stays at the
 * strong-match threshold at least (an SDN bank's branch abroad is the
 * bank).  sc is the score before the country. */
#define CLR_COUNTRY_FACTOR 0.9f
static float country_scaled(float sc, const clr_alignment *aln, const uint32_t *rec)
{
	unsigned kind = clr__rec_kind(rec);
	float scaled = sc * CLR_COUNTRY_FACTOR;
	if (aln->score >= 1.0f &&
	    (kind == CLR_NAME_PRIMARY || kind == CLR_NAME_ALIAS || kind == CLR_NAME_USER_ALIAS) &&
	    scaled < (float)CLR_STRONG_MATCH)
		scaled = sc < (float)CLR_STRONG_MATCH ? sc : (float)CLR_STRONG_MATCH;
	return scaled;
}

/* A score as reported and compared by callers: six decimals, so that a
 * float's 0.8999999 is the 0.9 it stands for. */
static double round_score(float x)
{
	return floor((double)x * 1e6 + 0.5) / 1e6;
}

static float type_factor(clr_type q, clr_type e)
{
	if (q == CLR_TYPE_UNKNOWN || e == CLR_TYPE_UNKNOWN)
		return 1.0f;
	if ((q == CLR_TYPE_PERSON) != (e == CLR_TYPE_PERSON))
		return 0.85f;
	return 1.0f;
}

/* The slot of this part's candidate set that holds name, or the free slot
 * where it would go. */
static uint32_t cset_probe(const clr_screener *s, uint32_t name)
{
	uint32_t mask = s->ccap - 1, h = (name * 2654435761u) & mask;
	while ((uint32_t)(s->cset[h] >> 32) == s->gen && (uint32_t)s->cset[h] != name)
		h = (h + 1) & mask;
	return h;
}

/* The slot of name in this part's candidate set, claimed for it when it is
 * not there yet (*isnew); -1 when out of memory. */
static int64_t cset_slot(clr_screener *s, uint32_t name, int *isnew)
{
	if (s->cands.n + 1 > s->ccap / 2) { /* grow and re-add this part's candidates */
		uint64_t *g = calloc((size_t)s->ccap * 2, sizeof(uint64_t));
		uint32_t *pos = malloc((size_t)s->ccap * 2 * sizeof(uint32_t));
		if (!g || !pos) {
			free(g);
			free(pos);
			return -1;
		}
		free(s->cset);
		free(s->cpos);
		s->cset = g;
		s->cpos = pos;
		s->ccap *= 2;
		for (size_t k = 0; k < s->cands.n; k++) {
			uint32_t h = (s->cands.v[k].name * 2654435761u) & (s->ccap - 1);
			while (s->cset[h])
				h = (h + 1) & (s->ccap - 1);
			s->cset[h] = (uint64_t)s->gen << 32 | s->cands.v[k].name;
			s->cpos[h] = (uint32_t)k;
		}
	}
	uint32_t h = cset_probe(s, name);
	*isnew = (uint32_t)(s->cset[h] >> 32) != s->gen;
	s->cset[h] = (uint64_t)s->gen << 32 | name;
	return h;
}

/* The weight of the query words (of the set words) that can meet a name
 * whose words start with letters (clr_postmeta) neither by an indexed
 * relation nor, lacking a shared first letter, by an initial or
 * abbreviation: they stay unmatched. */
static float lost_weight(const clr_screener *s, uint64_t words, uint32_t letters)
{
	float lost = 0;
	for (uint64_t m = words; m; m &= m - 1) {
		size_t i = (size_t)__builtin_ctzll(m);
		if (!(s->qfirst[i] & letters))
			lost += s->qs.w[i];
	}
	return lost;
}

/* The query's words that may meet a word of the name of posting side data
 * pm by a weak typo (weak_sim): a length and, folded, all but two letters
 * of either word in the other; all of them when pm cannot tell. */
static inline uint64_t weak_typos_meeting(const clr_screener *s, const clr_postmeta *pm)
{
	if (!s->qwtypo || (pm->letters & CLR_PM_MANY))
		return s->qwtypo;
	uint64_t out = 0;
	for (uint64_t m = s->qwtypo; m; m &= m - 1) {
		size_t i = (size_t)__builtin_ctzll(m);
		uint16_t ql = s->qfold[i];
		for (size_t k = 0; k < CLR_PM_WORDS && pm->wfirst[k]; k++)
			if ((s->qlentypo[i] >> (pm->wfirst[k] >> 5) & 1) &&
			    clr__bits_at_most((uint64_t)(ql & ~pm->wlet[k]), 2) &&
			    clr__bits_at_most((uint64_t)(pm->wlet[k] & ~ql), 2)) {
				out |= 1ull << i;
				break;
			}
	}
	return out;
}

/* The most a name of common words only can score against this query part,
 * from its posting's side data alone.  Its listed words are never rare,
 * so nothing it lacks is discounted: T = Wq + Wn, and M <= Wq + Wn less
 * the query words that cannot meet it (s->qrare, unless a word of the name
 * starts with their letter: an initial or abbreviation might). */
static float bound_common_only(const clr_screener *s, const clr_postmeta *pm)
{
	float lost = lost_weight(s, s->qrare & ~weak_typos_meeting(s, pm), pm->letters);
	float all = s->wq_total + pm->wsum;
	return all > 0 ? (all - lost) / all : 0;
}

/* Gathers the names posted under the tokens of l, the neighbourhood of the
 * query words qbits, and notes qbits on each.  Names of common words only
 * whose posting already shows they cannot reach the threshold are left out
 * (they may still come in through another posting and are then bounded
 * from their record). */
static int add_candidates(clr_screener *s, const clr_index *ix, const nblist *l, uint64_t qbits)
{
	const nb *v = s->nbs.v + l->off;
	float wq = span_weight(s, qbits);
	for (size_t k = 0; k < l->n; k++) {
		if (v[k].how & HOW_NO_ANCHOR)
			continue; /* could not anchor the names it would bring */
		const clr_tokinfo *t = &ix->tok[v[k].id];
		const clr_posting *post = ix->postings + t->post;
		const clr_postmeta *pm = ix->post_meta + t->post;
		int prune = s->qrare && clr__tok_common(ix, t);
		float xq = v[k].sim * wq;
		for (uint32_t p = 0; p < t->npost; p++) {
			if (prune && (pm[p].letters & CLR_PM_COMMON_ONLY) &&
			    bound_common_only(s, &pm[p]) < s->floor)
				continue;
			int isnew;
			int64_t h = cset_slot(s, post[p].name, &isnew);
			if (h < 0)
				return CLR_ENOMEM;
			float na = clr__pm_unweight(pm[p].wslot, pm[p].wsum);
			if (!isnew) {
				qcand *cd = &s->cands.v[s->cpos[h]];
				cd->hit |= qbits;
				cd->xq += xq;
				cd->na += na;
				continue;
			}
			s->cpos[h] = (uint32_t)s->cands.n;
			if (clr__vec_push(s->cands,
			                  ((qcand){post[p].name, post[p].rec, qbits, t->post + p, xq, na})))
				return CLR_ENOMEM;
		}
	}
	return 0;
}

static int cmp_hits(const void *a, const void *b, void *ctx)
{
	const clr_screener *s = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (s->es[x].best != s->es[y].best)
		return s->es[x].best > s->es[y].best ? -1 : 1;
	const clr_entry *ex = clr_db_entry(s->db, x), *ey = clr_db_entry(s->db, y);
	return ex && ey ? strcmp(ex->id, ey->id) : (x > y) - (x < y);
}

static char *arena_str(clr_arena *a, const char *s, size_t n)
{
	return clr__arena_strndup(a, s, n);
}

/* Joins n tokens of a side from k as "a b". */
static char *span_str(clr_arena *a, const clr_side *sd, size_t k, size_t n)
{
	char buf[CLR_MAX_JOIN * (CLR_MAX_TOKEN_BYTES + 1)];
	size_t o = 0;
	for (size_t i = k; i < k + n && i < sd->n; i++) {
		if (i > k)
			buf[o++] = ' ';
		memcpy(buf + o, sd->tok[i], sd->len[i]);
		o += sd->len[i];
	}
	return arena_str(a, buf, o);
}

static char *side_str(clr_arena *a, const clr_side *sd)
{
	size_t len = 0;
	for (size_t i = 0; i < sd->n; i++)
		len += sd->len[i] + (i > 0);
	char *z = clr__arena_alloc(a, len + 1), *p = z;
	if (!z)
		return NULL;
	for (size_t i = 0; i < sd->n; i++) {
		if (i)
			*p++ = ' ';
		memcpy(p, sd->tok[i], sd->len[i]);
		p += sd->len[i];
	}
	*p = 0;
	return z;
}

/* The rule and written words behind query tokens i..i+n-1 (qt may be
 * NULL): the first rule among them, and the written words of a single
 * token. */
static void query_rule(clr_arena *a, const clr_tokens *qt, size_t i, size_t n,
                       clr_token_match *m)
{
	m->query_rule = NULL;
	m->query_written = NULL;
	if (!qt)
		return;
	for (size_t x = i; x < i + n && x < qt->n; x++)
		if (qt->rule[x] != CLR_RULE_NONE) {
			m->query_rule = clr__rule_name((clr_rule)qt->rule[x]);
			break;
		}
	if (n == 1 && i < qt->n && qt->from[i])
		m->query_written = arena_str(a, qt->from[i], strlen(qt->from[i]));
}

/* Fills the explanation of an alert from an alignment; qt, the query's
 * tokens with their rules (or NULL). */
static int explain(clr_arena *a, clr_alert *al, const clr_side *q, const clr_tokens *qt,
                   const char *qnorm, const clr_side *n, const clr_alignment *aln)
{
	size_t cap = q->n + n->n + 1;
	clr_token_match *m = clr__arena_alloc(a, cap * sizeof(*m));
	if (!m)
		return CLR_ENOMEM;
	size_t k = 0;
	uint64_t qcov = 0, ncov = 0;
	for (size_t i = 0; i < q->n; i++) {
		if (qcov & (1ull << i))
			continue;
		const clr_pair *p = NULL;
		for (size_t x = 0; x < aln->npairs; x++)
			if (aln->pairs[x].qi == i)
				p = &aln->pairs[x];
		if (p) {
			qcov |= ((1ull << p->qn) - 1) << i;
			ncov |= ((1ull << p->nn) - 1) << p->nj;
			float w = 0;
			for (size_t x = i; x < i + p->qn; x++)
				w += q->w[x];
			for (size_t x = p->nj; x < (size_t)p->nj + p->nn; x++)
				w += n->w[x];
			m[k] = (clr_token_match){span_str(a, q, i, p->qn), span_str(a, n, p->nj, p->nn),
			                         p->sim, w, how_names[p->how & ~HOW_NO_ANCHOR], NULL, NULL};
			query_rule(a, qt, i, p->qn, &m[k++]);
		} else {
			m[k] = (clr_token_match){span_str(a, q, i, 1), NULL, 0, q->w[i], how_names[0],
			                         NULL, NULL};
			query_rule(a, qt, i, 1, &m[k++]);
		}
	}
	for (size_t j = 0; j < n->n; j++)
		if (!(ncov & (1ull << j)))
			m[k++] = (clr_token_match){NULL, span_str(a, n, j, 1), 0, n->w[j], how_names[0],
			                           NULL, NULL};
	al->matches = m;
	al->nmatches = k;
	al->nquery_tokens = q->n;
	al->nlisted_tokens = n->n;
	al->matched_weight = aln->matched;
	al->total_weight = aln->total;
	al->qualifier_factor = aln->factor;
	al->qualifiers = NULL;
	if (aln->qualifiers) {
		static const char *const qn[] = {"number", "place", "same_script", "initial",
		                                 "syllables"};
		char buf[64];
		size_t o = 0;
		for (unsigned b = 0; b < 5; b++)
			if (aln->qualifiers >> b & 1)
				o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? "," : "", qn[b]);
		if (!(al->qualifiers = arena_str(a, buf, o)))
			return CLR_ENOMEM;
	}
	al->query_norm = qnorm ? qnorm : side_str(a, q);
	al->listed_norm = side_str(a, n);
	return al->query_norm && al->listed_norm ? 0 : CLR_ENOMEM;
}

/* A query may hold several names, as listed names do: "X (a.k.a. Y)",
 * "X. Affiliated Entity: Y", "X; Y", "X (Y)".  Each part is screened as
 * well as the whole; markers are matched case-insensitively. */
typedef struct qpart {
	size_t off, len;
} qpart;

static size_t split_query(const char *z, qpart *parts, size_t max)
{
	static const char *const markers[] = {
		"affiliated entity:", "formerly known as", "also known as", "a.k.a.,", "a.k.a.",
		"f.k.a.,", "f.k.a.", "n.k.a.", "(", ")", ";",
	};
	size_t n = strlen(z), np = 0, start = 0;
	parts[np++] = (qpart){0, n};
	for (size_t i = 0; i <= n && np < max;) {
		size_t mlen = 0;
		unsigned char b = i < n ? (unsigned char)z[i] : 0;
		char c = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b); /* markers are ASCII */
		/* a marker of words starts a word: most letters are inside one */
		int maybe = c == '(' || c == ')' || c == ';' ||
		            ((c == 'a' || c == 'f' || c == 'n') &&
		             (i == 0 || !isalnum((unsigned char)z[i - 1])));
		for (size_t m = 0; maybe && m < sizeof(markers) / sizeof(*markers); m++) {
			if (markers[m][0] != c)
				continue;
			size_t l = strlen(markers[m]);
			if (l <= n - i && !strncasecmp(z + i, markers[m], l) &&
			    (isalpha((unsigned char)markers[m][0]) == 0 || i == 0 ||
			     !isalnum((unsigned char)z[i - 1]))) {
				mlen = l;
				break;
			}
		}
		if (i == n || mlen) {
			const char *p = z + start;
			size_t l = i - start;
			while (l && (isspace((unsigned char)*p) || *p == ',' || *p == '.')) {
				p++;
				l--;
			}
			while (l && (isspace((unsigned char)p[l - 1]) || p[l - 1] == ',' || p[l - 1] == '.'))
				l--;
			if (l && l < n)
				parts[np++] = (qpart){(size_t)(p - z), l};
			i += mlen ? mlen : 1;
			start = i;
			continue;
		}
		i++;
	}
	return np;
}

/* Whether a name holds a personal title or suffix, which makes it a person. */
static int has_honorific(const clr_tokens *t)
{
	for (size_t k = 0; k < t->n; k++)
		if (t->flags[k] & CLR_TOK_TITLE)
			return 1;
	return 0;
}

/* Notes on the candidates the relations that cannot anchor (typo'd
 * spellings of a listed word: their postings bring no candidate in) meet:
 * in hit for the query words of s->qrare, in xq and na for all.  A long
 * posting list of a word outside s->qrare is not walked; the part then
 * gets no bound from the postings alone (s->pm_off). */
#define UNANCHORED_WALK_MAX 4096u
static void note_unanchored(clr_screener *s, const clr_index *ix)
{
	s->pm_off = 0;
	for (size_t i = 0; i < s->qs.n; i++) {
		uint64_t bit = 1ull << i;
		const nb *v = s->nbs.v + s->qnb[i].off;
		for (size_t k = 0; k < s->qnb[i].n; k++) {
			if (!(v[k].how & HOW_NO_ANCHOR))
				continue;
			const clr_tokinfo *t = &ix->tok[v[k].id];
			if (!(s->qrare & bit) && t->npost > UNANCHORED_WALK_MAX) {
				s->pm_off = 1;
				continue;
			}
			const clr_posting *post = ix->postings + t->post;
			const clr_postmeta *pm = ix->post_meta + t->post;
			float xq = v[k].sim * s->qs.w[i];
			for (uint32_t p = 0; p < t->npost; p++) {
				uint32_t h = cset_probe(s, post[p].name);
				if ((uint32_t)(s->cset[h] >> 32) != s->gen)
					continue; /* not a candidate */
				qcand *cd = &s->cands.v[s->cpos[h]];
				if (s->qrare & bit)
					cd->hit |= bit;
				cd->xq += xq;
				cd->na += clr__pm_unweight(pm[p].wslot, pm[p].wsum);
			}
		}
	}
}

/* The most a complete name (or one of common words only) can score from
 * its postings alone (clr_postmeta; docs/index.md, "A bound without the
 * record").  Its pairs meet either a posted slot (every such relation was
 * walked: xq and na), or a slot that is not posted (only if a query word's
 * signature meets the name's: that word counts in full, the words under
 * such slots too), or a word of the same first letter as an initial or
 * abbreviation (that query word in full, the whole name).  With M <= Qm +
 * Nm (sim <= 1) and T >= Wq - (1 - s) Wq_common + s Wn + (1 - s) Nm (as in
 * bound_name, s >= CLR_UNMATCHED_LISTED), the score is at most
 * (Qm + Nm) / (den + (1 - s) Nm), largest at the largest Nm. */
static float bound_postings(const clr_screener *s, const clr_postmeta *pm, const qcand *cd,
                            uint64_t wtypo)
{
	const clr_side *q = &s->qs;
	float wsum = pm->wsum;
	uint64_t rel = 0; /* query words that may meet the name other than through a posted slot */
	int meets_c = 0, meets_l = 0, weak = 0;
	for (size_t i = 0; i < q->n; i++) {
		if (s->qsig_c[i] & pm->usig) {
			meets_c = 1;
			rel |= 1ull << i;
		}
		if (s->qsig_l[i] & pm->lsig) {
			meets_l = 1;
			rel |= 1ull << i;
		}
	}
	if (pm->letters & CLR_PM_MANY) {
		for (size_t i = 0; i < q->n; i++)
			if (s->qweak[i]) {
				rel |= 1ull << i;
				weak = 1;
			}
	} else {
		for (size_t k = 0; k < CLR_PM_WORDS && pm->wfirst[k]; k++) {
			for (uint64_t m = s->pmletter[pm->wfirst[k] & 31]; m; m &= m - 1) {
				size_t i = (size_t)__builtin_ctzll(m);
				unsigned cl = pm->wfirst[k] >> 5; /* lengths 1-6 exact, else 7 or more */
				size_t lt = cl <= 5 ? cl + 1 : 7, shorter = q->len[i] < lt ? q->len[i] : lt;
				if ((s->qlenok[i] >> cl & 1) &&
				    clr__weak_codes_meet(s->qcode[i], pm->wcode[k], shorter)) {
					rel |= 1ull << i;
					weak = 1;
				}
			}
		}
		/* a weak typo may change any letter (weak_typos_meeting) */
		if (wtypo) {
			rel |= wtypo;
			weak = 1;
		}
	}
	float qm = cd->xq;
	for (uint64_t m = rel; m; m &= m - 1)
		qm += q->w[__builtin_ctzll(m)];
	if (qm > s->wq_total)
		qm = s->wq_total;
	float nm = weak ? wsum : cd->na;
	if (meets_c)
		nm += clr__pm_unweight(pm->wu_c, wsum);
	if (meets_l)
		nm += clr__pm_unweight(pm->wu_l, wsum);
	if (nm > wsum)
		nm = wsum;
	const float u = 1.0f - CLR_UNMATCHED_LISTED;
	float den = s->wq_total - u * s->wq_common + CLR_UNMATCHED_LISTED * wsum + u * nm;
	return den > 0 ? (qm + nm) / den : 0;
}

/* Drops the complete candidates that the query words of s->qrare which did
 * not bring them in keep under the threshold, from their side data alone:
 * those words stay unmatched (short of an initial or abbreviation, which
 * needs a word of the name with their first letter) and count in full, and
 * at best everything else matches: M <= Wq - lost + Wn, T >= Wq + Wn -
 * (1 - s) Wq_common (see bound_name for s).  And those that bound_postings
 * keeps under it. */
static void drop_unreachable(clr_screener *s, const clr_index *ix)
{
	size_t kept = 0;
	for (size_t c = 0; c < s->cands.n; c++) {
		const qcand *cd = &s->cands.v[c];
		const clr_postmeta *pm = &ix->post_meta[cd->pm];
		if (pm->letters & (CLR_PM_COMPLETE | CLR_PM_COMMON_ONLY)) {
			/* a weak typo is never lost for want of a first letter */
			uint64_t wtypo = weak_typos_meeting(s, pm);
			float lost = lost_weight(s, s->qrare & ~cd->hit & ~wtypo, pm->letters);
			float all = s->wq_total + pm->wsum;
			float den = all - (1.0f - CLR_UNMATCHED_LISTED) * s->wq_common;
			if (lost > 0 && den > 0 && (all - lost) / den < s->floor)
				continue;
			if (!s->pm_off && bound_postings(s, pm, cd, wtypo) < s->floor)
				continue;
		}
		s->cands.v[kept++] = *cd;
	}
	s->cands.n = kept;
}

/* Keeps aln for the alert it may become (*at: where). */
static int save_alignment(clr_screener *s, const clr_alignment *aln, uint32_t *at)
{
	saved_aln sa = {(uint32_t)s->saved_pairs.n, (uint32_t)aln->npairs, aln->matched,
	                aln->total, aln->score, aln->factor, aln->anchored, aln->qualifiers};
	if (clr__vec_reserve(s->saved_pairs, aln->npairs + 1) ||
	    clr__vec_push(s->alns, sa))
		return CLR_ENOMEM;
	memcpy(s->saved_pairs.v + s->saved_pairs.n, aln->pairs, aln->npairs * sizeof(clr_pair));
	s->saved_pairs.n += aln->npairs;
	*at = (uint32_t)(s->alns.n - 1);
	return 0;
}

/* A query part and a listed name written in one Han, Hangul or kana script
 * are compared in it too, syllable by syllable (clr__kn_same_script): their
 * romanisations meet where the names differ (张伟 / 张玮 both read "zhang
 * wei").  Only ever lowers a score, so every bound of it stays one. */
static int same_script(clr_screener *s, const uint32_t *rec, uint32_t ent, clr_alignment *aln)
{
	if ((s->qscript != CLR_KN_HAN && s->qscript != CLR_KN_HANGUL &&
	     s->qscript != CLR_KN_KANA) || clr__rec_script(rec) != (unsigned)s->qscript)
		return 0;
	const clr_entry *e = clr_db_entry(s->db, ent);
	size_t k = clr__rec_name(rec);
	if (!e || k >= e->nnames)
		return s_error(s, CLR_ENOMEM, clr_db_errmsg(s->db));
	const char *z = e->names[k].name;
	double same = clr__kn_same_script(s->qraw, s->qrawn, z, strlen(z));
	if (same >= 0 && same < aln->score) {
		aln->score = (float)same;
		aln->qualifiers |= CLR_QUAL_SCRIPT;
	}
	return 0;
}

/* Aligns the prepared query part with one listed name (record rec, name
 * cname) and keeps it as its entry's best when it is; keep: keep the entry
 * as a hit even when nothing anchors the name (an identifier brought it). */
static int take(clr_screener *s, const clr_index *ix, const clr_screen_opts *opts, uint16_t cc,
                uint8_t part, uint32_t cname, uint32_t recoff, int keep)
{
	const uint32_t *rec = ix->name_toks + recoff;
	clr_side n;
	clr_alignment aln;
	int rc;
	load_name(s, ix, rec, &n);
	clr__align(&s->qs, &n, s->grid, s->pairs, &aln);
	if (aln.score <= 0 && !keep)
		return 0;
	if (aln.score < 0)
		aln.score = 0;
	uint32_t ent = clr__rec_entry(rec);
	if ((rc = same_script(s, rec, ent, &aln)) < 0)
		return rc;
	float sc = aln.score * type_factor(opts->type, clr__rec_type(rec));
	if (cc != 0 && !clr__entry_in_country(ix, ent, cc))
		sc = country_scaled(sc, &aln, rec);
	escore *es = &s->es[ent];
	if (es->stamp != s->qgen) {
		es->stamp = s->qgen;
		es->best = -1;
		if (clr__vec_push(s->hits, ent))
			return CLR_ENOMEM;
	}
	/* ties go to the entry's earlier name (and query part), whatever
	 * order the candidates came in: index and exhaustive agree */
	if (sc > es->best || (sc == es->best && es->part == part && cname < es->name)) {
		es->best = sc;
		es->name = cname;
		es->rec = recoff;
		es->part = part;
		if (save_alignment(s, &aln, &es->aln) < 0)
			return CLR_ENOMEM;
	}
	return 0;
}

/* Scores the candidates of the prepared query part into the per-entry best. */
static int score_part(clr_screener *s, const clr_index *ix, const clr_screen_opts *opts,
                      uint16_t cc, uint8_t part)
{
	int rc;
	s->floor = (float)(opts->threshold > 0 ? opts->threshold : CLR_DEFAULT_THRESHOLD) -
	           s->reach - 1e-4f;
	if (s->gen == UINT32_MAX) {
		memset(s->cset, 0, (size_t)s->ccap * sizeof(uint64_t));
		s->gen = 0;
	}
	s->gen++;
	s->cands.n = 0;
	if (opts->exhaustive) {
		for (uint32_t i = 0; i < ix->nnames; i++)
			if (clr__vec_push(s->cands, ((qcand){i, ix->name_rec[i], 0, UINT32_MAX, 0, 0})))
				return CLR_ENOMEM;
	} else {
		for (size_t i = 0; i < s->qs.n; i++) {
			if (add_candidates(s, ix, &s->qnb[i], 1ull << i) < 0)
				return CLR_ENOMEM;
			for (size_t w = 2; w <= CLR_MAX_JOIN && i + w <= s->qs.n; w++)
				if (add_candidates(s, ix, &s->cnb[w][i], ((1ull << w) - 1) << i) < 0)
					return CLR_ENOMEM;
		}
	}
	s->ncandidates += s->cands.n;
	if (!opts->exhaustive) {
		note_unanchored(s, ix);
		drop_unreachable(s, ix);
	}
	float floor = s->floor;
	for (size_t c = 0; c < s->cands.n; c++) {
		if (c + 8 < s->cands.n) { /* records are scattered: fetch ahead */
			const uint32_t *ahead = ix->name_toks + s->cands.v[c + 8].rec - CLR_REC_HEAD;
			__builtin_prefetch(ahead);
			__builtin_prefetch(ahead + 16);
			__builtin_prefetch(ahead + 32);
		}
		const uint32_t *rec = ix->name_toks + s->cands.v[c].rec;
		float bound = bound_name(s, ix, rec);
		if (bound <= 0 || (!opts->exhaustive && bound < floor))
			continue; /* nothing anchors it, or it cannot reach the threshold */
		s->naligned++;
		if ((rc = take(s, ix, opts, cc, part, s->cands.v[c].name, s->cands.v[c].rec, 0)) < 0)
			return rc;
	}
	return 0;
}

/* Writing alerts: what they share. */
typedef struct alert_ctx {
	const clr_index *ix;
	const clr_screen_opts *opts;
	uint16_t cc;
	const char *name;
	const qpart *parts;
	size_t prepared; /* the query part prepared now */
	const char *qnorm; /* its normalised form, once an alert needs it */
	clr_arena *arena;
} alert_ctx;

static int cmp_evres(const void *a, const void *b)
{
	uint32_t x = ((const evres *)a)->ent, y = ((const evres *)b)->ent;
	return (x > y) - (x < y);
}

static const evres *find_evres(const clr_screener *s, uint32_t ent)
{
	size_t lo = 0, hi = s->evr.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->evr.v[mid].ent < ent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->evr.n && s->evr.v[lo].ent == ent ? &s->evr.v[lo] : NULL;
}

/* Explains entry ent's best name into a. */
static int write_alert(clr_screener *s, alert_ctx *ac, uint32_t ent, clr_alert *a)
{
	const clr_index *ix = ac->ix;
	const uint32_t *rec = ix->name_toks + s->es[ent].rec;
	const clr_entry *e = clr_db_entry(s->db, ent);
	size_t p = s->es[ent].part;
	int rc;
	if (!e)
		return s_error(s, CLR_ENOMEM, clr_db_errmsg(s->db));
	clr_side n;
	clr_alignment aln;
	memset(a, 0, sizeof(*a));
	if (p != ac->prepared) {
		if ((rc = prepare_query(s, ix, ac->name + ac->parts[p].off, ac->parts[p].len,
		                        ac->opts->exhaustive)) < 0)
			return rc;
		ac->prepared = p;
		ac->qnorm = NULL;
	}
	load_side(ix, rec, &n);
	const saved_aln *sa = &s->alns.v[s->es[ent].aln];
	aln.npairs = sa->npairs;
	memcpy(aln.pairs, s->saved_pairs.v + sa->pair_off, sa->npairs * sizeof(clr_pair));
	aln.matched = sa->matched;
	aln.total = sa->total;
	aln.anchored = sa->anchored;
	aln.score = sa->score;
	aln.factor = sa->factor;
	aln.qualifiers = sa->qualifiers;
	a->entry = e;
	a->name_index = clr__rec_name(rec);
	const evres *ev = s->evr.n ? find_evres(s, ent) : NULL;
	a->score = round_score(ev ? ev->score : s->es[ent].best);
	a->name_score = round_score(ev ? ev->name_best : s->es[ent].best);
	if (a->name_score < 0)
		a->name_score = 0;
	a->type_factor = type_factor(ac->opts->type, clr__rec_type(rec));
	float before = aln.score * (float)a->type_factor;
	a->country_factor = ac->cc && !clr__entry_in_country(ix, ent, ac->cc) && before > 0
	                            ? round_score(country_scaled(before, &aln, rec) / before)
	                            : 1.0;
	if (!ac->qnorm && !(ac->qnorm = side_str(ac->arena, &s->qs))) /* the part's */
		return CLR_ENOMEM;
	if ((rc = explain(ac->arena, a, &s->qs, &s->qt, ac->qnorm, &n, &aln)) < 0)
		return rc;
	if (ev && ev->n) {
		clr_evidence_match *m = clr__arena_alloc(ac->arena, ev->n * sizeof(*m));
		if (!m)
			return CLR_ENOMEM;
		for (size_t k = 0; k < ev->n; k++) {
			m[k] = s->evitems.v[ev->off + k];
			if (m[k].query && !(m[k].query = arena_str(ac->arena, m[k].query,
			                                           strlen(m[k].query))))
				return CLR_ENOMEM;
			m[k].delta = round_score((float)m[k].delta);
		}
		a->evidence = m;
		a->nevidence = ev->n;
	}
	return 0;
}

/* The entries that hold an identifier or IMO number the query gives: each
 * is a hit, its first name aligned with the whole query (part 0), whatever
 * the name scores. */
static int find_ids(clr_screener *s, const clr_index *ix, const clr_screen_opts *opts,
                    uint16_t cc, const char *name, const qpart *parts, size_t *prepared)
{
	int rc;
	for (size_t i = 0; i < s->qev.nids; i++) {
		const clr_qid *x = &s->qev.ids[i];
		int group = x->kind == CLR_EV_IMO || x->kind == CLR_EV_MMSI ? x->kind : CLR_EV_ID;
		const clr_evkey *k;
		size_t n = clr__index_evkeys(ix, clr__ev_key(group, 0, x->norm), &k);
		for (size_t j = 0; j < n; j++) {
			if (*prepared != 0) {
				if ((rc = prepare_query(s, ix, name + parts[0].off, parts[0].len,
				                        opts->exhaustive)) < 0)
					return rc;
				*prepared = 0;
			}
			if ((rc = take(s, ix, opts, cc, 0, k[j].name, ix->name_rec[k[j].name], 1)) < 0)
				return rc;
			if (clr__vec_push(s->idhits, k[j].entry))
				return CLR_ENOMEM;
		}
	}
	return 0;
}

static int has_u32(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* Applies the query's evidence to every hit that may reach the threshold
 * with it (its name within the policy's reach, or an identifier found it):
 * its score becomes the evidence's, and one the evidence takes below the
 * threshold is kept as cleared. */
static int apply_evidence(clr_screener *s, const clr_ev_policy *pol, double threshold)
{
	for (size_t h = 0; h < s->hits.n; h++) {
		uint32_t ent = s->hits.v[h];
		escore *es = &s->es[ent];
		if (es->best < s->floor && !has_u32(s->idhits.v, s->idhits.n, ent))
			continue;
		const clr_entry *e = clr_db_entry(s->db, ent);
		if (!e)
			return s_error(s, CLR_ENOMEM, clr_db_errmsg(s->db));
		double name_best = es->best < 0 ? 0 : round_score(es->best);
		clr_ev_outcome o;
		clr__ev_apply(pol, &s->qev, e, name_best, threshold, &o);
		if (!o.n)
			continue;
		if (o.id_match && o.score < threshold)
			o.score = threshold; /* an identifier match alerts, whatever the threshold */
		evres r = {ent, (float)name_best, (float)o.score, 0, (uint32_t)s->evitems.n,
		           (uint32_t)o.n};
		r.cleared = name_best + 1e-6 >= threshold && (o.cleared || o.score + 1e-6 < threshold);
		if (clr__vec_reserve(s->evitems, o.n) || clr__vec_push(s->evr, r))
			return CLR_ENOMEM;
		memcpy(s->evitems.v + s->evitems.n, o.items, o.n * sizeof(*o.items));
		s->evitems.n += o.n;
		es->best = r.cleared ? -1 : (float)o.score;
	}
	if (s->evr.n > 1)
		qsort(s->evr.v, s->evr.n, sizeof(evres), cmp_evres);
	return 0;
}

/* 1 when entry ent applies: its list is of one of the jurisdictions of
 * mask (0: any) and it was listed by the date listed_by (NULL: any); 0
 * when not, CLR_ENOMEM when the entry cannot be read. */
static int in_jurisdictions(clr_screener *s, uint32_t ent, unsigned mask, const char *listed_by)
{
	if (!mask && !listed_by)
		return 1;
	const clr_entry *e = clr_db_entry(s->db, ent);
	if (!e)
		return s_error(s, CLR_ENOMEM, clr_db_errmsg(s->db));
	if (listed_by && e->start_date && strncmp(e->start_date, listed_by, 10) > 0)
		return 0;
	return !mask || (clr__jurisdiction_bit(e->source) & mask) != 0;
}

/* Keeps the first alert of each party among hits[0..n) (best first) and
 * returns how many are kept: a party listed several times is one alert. */
static size_t one_per_party(clr_screener *s, const clr_index *ix, uint32_t *hits, size_t n)
{
	size_t kept = 0;
	for (size_t h = 0; h < n; h++) {
		uint32_t ent = hits[h];
		if (s->es[ent].party == s->qgen)
			continue;
		uint32_t m = ent;
		do { /* round the party's cycle */
			s->es[m].party = s->qgen;
			m = ix->link_next[m];
		} while (m != ent);
		hits[kept++] = ent;
	}
	return kept;
}

/* The other listings of each alert's party that apply (in_jurisdictions),
 * into r; CLR_ENOMEM. */
static int party_listings(clr_screener *s, const clr_index *ix, result_impl *r,
                          const uint32_t *hits, unsigned juris, const char *listed_by)
{
	size_t nal = r->pub.nalerts, any = 0;
	for (size_t k = 0; k < nal; k++) {
		any |= ix->link_next[hits[k]] != hits[k];
	}
	if (!any)
		return 0;
	r->listings = clr__arena_alloc(r->arena, nal * sizeof(*r->listings));
	r->nlistings = clr__arena_alloc(r->arena, nal * sizeof(*r->nlistings));
	if (!r->listings || !r->nlistings)
		return CLR_ENOMEM;
	for (size_t k = 0; k < nal; k++) {
		uint32_t ent = hits[k];
		size_t n = 0;
		for (uint32_t m = ix->link_next[ent]; m != ent; m = ix->link_next[m])
			n++;
		clr_listing *v = n ? clr__arena_alloc(r->arena, n * sizeof(*v)) : NULL;
		if (n && !v)
			return CLR_ENOMEM;
		n = 0;
		for (uint32_t m = ix->link_next[ent]; m != ent; m = ix->link_next[m]) {
			int in = in_jurisdictions(s, m, juris, listed_by);
			if (in < 0)
				return in;
			if (in)
				v[n++] = (clr_listing){clr_db_entry(s->db, m), clr__link_name(ix->link_why[m])};
		}
		r->listings[k] = v;
		r->nlistings[k] = n;
	}
	return 0;
}

int clr_screen(clr_screener *s, const clr_screen_opts *opts, const char *name, clr_result **out)
{
	clr_screen_opts def;
	int rc;
	*out = NULL;
	if (!opts) {
		clr_screen_opts_init(&def);
		opts = &def;
	}
	if (!name)
		return s_error(s, CLR_EUSAGE, "no name given");
	if (!s->db)
		return s_error(s, CLR_EUSAGE, "no lists loaded");
	if (!s->db->index) {
		if ((rc = clr_db_prepare(s->db)) < 0)
			return s_error(s, rc, clr_db_errmsg(s->db));
	}
	const clr_index *ix = s->db->index;
	if (s->ix_serial != ix->serial || s->qgen == UINT32_MAX) {
		if ((rc = ensure_scratch(s, ix)) < 0)
			return rc;
		s->ix_serial = ix->serial;
		if (clr__vec_reserve(s->cands, 64))
			return CLR_ENOMEM;
	}
	double threshold = opts->threshold > 0 ? opts->threshold : CLR_DEFAULT_THRESHOLD;
	uint16_t cc = 0; /* 0: no (known) country given */
	const char *code = opts->country && *opts->country
	                           ? clr__country_code(opts->country, strlen(opts->country)) : NULL;
	if (code)
		cc = clr__cc16(code);
	if (strlen(name) > CLR_MAX_NAME_BYTES)
		return s_error(s, CLR_ELIMIT, "name exceeds the length limit");

	clr_screen_opts typed;
	qpart parts[CLR_MAX_QUERY_PARTS];
	size_t nparts = split_query(name, parts, CLR_MAX_QUERY_PARTS);
	char msg[256];
	unsigned juris = 0; /* 0: every list */
	if (clr__qev_read(opts, &s->qev, msg, sizeof(msg)) < 0 ||
	    clr__jurisdictions_parse(opts->jurisdictions, &juris, msg, sizeof(msg)) < 0)
		return s_error(s, CLR_EUSAGE, msg);
	if (opts->listed_by && !clr__iso_date(opts->listed_by))
		return s_error(s, CLR_EUSAGE, "listed_by: not a date (2024-06-01)");
	const clr_ev_policy *pol = clr__ev_policy_of(s->db);
	int useev = clr__qev_any(&s->qev);
	/* a date of birth, nationality or place that agrees lifts a name score:
	 * names that far below the threshold are aligned too */
	s->reach = s->qev.has_dob || s->qev.nat[0] || s->qev.city || s->qev.address
	                   ? (float)clr__ev_policy_reach(pol)
	                   : 0;

	s->qgen++;
	s->hits.n = 0;
	s->alns.n = s->saved_pairs.n = 0;
	s->ncandidates = s->naligned = 0;
	s->idhits.n = s->evr.n = s->evitems.n = 0;
	for (size_t p = 0; p < nparts; p++) {
		if ((rc = prepare_query(s, ix, name + parts[p].off, parts[p].len, opts->exhaustive)) < 0)
			return rc;
		if (p == 0 && s->qs.n == 0) /* part 0 is the whole name */
			return s_error(s, CLR_EINPUT, "name has nothing to screen (no letters or digits)");
		if (p == 0 && opts->type == CLR_TYPE_UNKNOWN && has_honorific(&s->qt)) {
			typed = *opts; /* "Dr Amin", "Mr. X": a person, whatever the caller said */
			typed.type = CLR_TYPE_PERSON;
			opts = &typed;
		}
		if ((rc = score_part(s, ix, opts, cc, (uint8_t)p)) < 0)
			return rc;
	}
	size_t prepared = nparts - 1; /* the last part scored is still prepared */
	if (useev) {
		if ((rc = find_ids(s, ix, opts, cc, name, parts, &prepared)) < 0 ||
		    (rc = apply_evidence(s, pol, threshold)) < 0)
			return rc;
	}

	/* alerts: entries at or above the threshold, best first; then the
	 * names the evidence cleared */
	size_t nal = 0;
	for (size_t h = 0; h < s->hits.n; h++)
		if (s->es[s->hits.v[h]].best + 1e-6 >= threshold &&
		    (rc = in_jurisdictions(s, s->hits.v[h], juris, opts->listed_by)) != 0) {
			if (rc < 0)
				return rc;
			s->hits.v[nal++] = s->hits.v[h];
		}
	if (nal > 1)
		qsort_r(s->hits.v, nal, sizeof(uint32_t), cmp_hits, s);
	if (!opts->ungrouped && ix->link_next)
		nal = one_per_party(s, ix, s->hits.v, nal);
	if (opts->max_alerts && nal > opts->max_alerts)
		nal = opts->max_alerts;

	result_impl *r = calloc(1, sizeof(*r));
	if (!r || !(r->arena = clr__arena_new())) {
		free(r);
		return CLR_ENOMEM;
	}
	r->pub.ncandidates = s->ncandidates;
	r->pub.naligned = s->naligned;
	clr_alert *alerts = nal ? clr__arena_alloc(r->arena, nal * sizeof(clr_alert)) : NULL;
	if (nal && !alerts) {
		clr_result_free(&r->pub);
		return CLR_ENOMEM;
	}
	alert_ctx ac = {ix, opts, cc, name, parts, prepared, NULL, r->arena};
	for (size_t k = 0; k < nal; k++)
		if ((rc = write_alert(s, &ac, s->hits.v[k], &alerts[k])) < 0) {
			clr_result_free(&r->pub);
			return rc;
		}
	r->pub.alerts = alerts;
	r->pub.nalerts = nal;
	if (!opts->ungrouped && ix->link_next &&
	    (rc = party_listings(s, ix, r, s->hits.v, juris, opts->listed_by)) < 0) {
		clr_result_free(&r->pub);
		return rc;
	}
	size_t ncl = 0;
	for (size_t k = 0; k < s->evr.n; k++)
		if (s->evr.v[k].cleared &&
		    in_jurisdictions(s, s->evr.v[k].ent, juris, opts->listed_by) > 0) {
			s->es[s->evr.v[k].ent].best = s->evr.v[k].name_best; /* ordered by name */
			s->hits.v[ncl++] = s->evr.v[k].ent;
		}
	if (ncl > 1)
		qsort_r(s->hits.v, ncl, sizeof(uint32_t), cmp_hits, s);
	if (opts->max_alerts && ncl > opts->max_alerts)
		ncl = opts->max_alerts;
	clr_alert *cleared = ncl ? clr__arena_alloc(r->arena, ncl * sizeof(clr_alert)) : NULL;
	if (ncl && !cleared) {
		clr_result_free(&r->pub);
		return CLR_ENOMEM;
	}
	for (size_t k = 0; k < ncl; k++)
		if ((rc = write_alert(s, &ac, s->hits.v[k], &cleared[k])) < 0) {
			clr_result_free(&r->pub);
			return rc;
		}
	r->pub.cleared = cleared;
	r->pub.ncleared = ncl;
	*out = &r->pub;
	return 0;
}

int clr_screen_opts_check(const clr_screen_opts *opts, char *msg, size_t cap)
{
	clr_qev q;
	unsigned juris;
	int rc = clr__qev_read(opts, &q, msg, cap);
	if (rc >= 0)
		rc = clr__jurisdictions_parse(opts->jurisdictions, &juris, msg, cap);
	if (rc >= 0 && opts->listed_by && !clr__iso_date(opts->listed_by)) {
		snprintf(msg, cap, "listed_by: '%.32s' is not a date (2024-06-01)", opts->listed_by);
		rc = CLR_EUSAGE;
	}
	return rc;
}

void clr_result_free(clr_result *r)
{
	if (!r)
		return;
	result_impl *ri = (result_impl *)r;
	clr__arena_free(ri->arena);
	free(ri);
}

int clr_normalize(clr_screener *s, const char *name, char **out)
{
	clr_tokens t;
	*out = NULL;
	int rc = clr__norm_tokens(s->nm, name, strlen(name), &t);
	if (rc < 0)
		return s_error(s, rc, rc == CLR_EINPUT ? "name is not valid UTF-8"
		                                       : "name exceeds the length limit");
	char *buf = malloc(CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1) + 1);
	if (!buf)
		return CLR_ENOMEM;
	clr__norm_join(&t, buf, CLR_MAX_TOKENS * (CLR_MAX_TOKEN_BYTES + 1) + 1);
	*out = buf;
	return 0;
}

/* 1 when tokens k..k+w-1 of sd written joined are token t, as the index
 * finds joined spans (exactly); 0 otherwise. */
static float joined_sim(const clr_side *sd, size_t k, size_t w, const char *t, size_t tl)
{
	char cat[CLR_MAX_JOIN * CLR_MAX_TOKEN_BYTES + 1];
	size_t cl = 0;
	if (k + w > sd->n)
		return 0;
	for (size_t i = k; i < k + w; i++) {
		memcpy(cat + cl, sd->tok[i], sd->len[i]);
		cl += sd->len[i];
	}
	if (cl > CLR_MAX_TOKEN_BYTES)
		return 0;
	return cl == tl && !memcmp(cat, t, tl) ? 1.0f : 0.0f;
}

/* What compare knows of the frequency of name words: the loaded lists'
 * (through their index), or the name-part frequencies of the reference
 * lists built in (src/names, data/names/name-freq.tsv); neither: every word
 * weighs the same. */
typedef struct word_stats {
	const clr_index *ix;
	double n;      /* names counted */
	uint32_t stop; /* a word in more names than this is common */
	uint32_t rare; /* in at most this many, rare */
} word_stats;

static void stats_init(word_stats *ws, const clr_index *ix)
{
	uint32_t total = 0;
	ws->ix = ix;
	if (ix) {
		ws->n = ix->nnames;
		ws->stop = ix->stop_df;
		ws->rare = ix->rare_df;
		return;
	}
	(void)clr__kn_prior_df("", 0, &total);
	ws->n = total;
	ws->stop = total / 300 > 64 ? total / 300 : 64;
	ws->rare = total / 300 > 16 ? total / 300 : 16;
}

/* The number of names holding token t; -1 when unknown (no statistics). */
static long stats_df(const word_stats *ws, const char *t, size_t n)
{
	if (ws->ix) {
		uint32_t id = clr__index_lookup(ws->ix, t, n);
		return id == CLR_NO_TOKEN ? 0 : (long)ws->ix->tok[id].df;
	}
	if (!ws->n)
		return -1;
	uint32_t total;
	return (long)clr__kn_prior_df(t, n, &total);
}

/* 1 when tokens k..k+w-1 of sd, each in one of its spellings in another
 * scheme (clr__kn_syllable_alts), written joined are token t ("chin hua" /
 * "jinhua"), as span_spellings finds them for a screen. */
static float joined_spelling_sim(const clr_side *sd, size_t k, size_t w, const char *t, size_t tl)
{
	spellings sp[CLR_MAX_JOIN];
	size_t combos = 1;
	if (k + w > sd->n)
		return 0;
	for (size_t x = 0; x < w; x++) {
		sp[x].n = 0;
		add_spelling(&sp[x], sd->tok[k + x], sd->len[k + x]);
		clr__kn_syllable_alts(sd->tok[k + x], sd->len[k + x], add_spelling, &sp[x]);
		combos *= sp[x].n;
	}
	if (combos < 2 || combos > SPAN_SPELLINGS_MAX)
		return 0;
	for (size_t c = 1; c < combos; c++) {
		char cat[CLR_MAX_JOIN * 16 + 1];
		size_t cl = 0, x = c;
		for (size_t y = 0; y < w; y++) {
			size_t pick = x % sp[y].n;
			x /= sp[y].n;
			memcpy(cat + cl, sp[y].s[pick], sp[y].len[pick]);
			cl += sp[y].len[pick];
		}
		if (cl == tl && !memcmp(cat, t, tl))
			return CLR_TRANSLIT_SIM;
	}
	return 0;
}

/* Weight of a token of a compared name: its rarity, as the index weighs. */
static float stats_weight(const word_stats *ws, const char *t, size_t n, unsigned flags, long df)
{
	if (flags & CLR_TOK_LEGAL)
		return CLR_LEGAL_WEIGHT;
	if (flags & CLR_TOK_STOP)
		return CLR_STOP_WEIGHT;
	if (df < 0)
		return 1.0f;
	float w = (float)log((ws->n + 1.0) / ((double)df + 0.5));
	if (w < 0.1f)
		w = 0.1f;
	return clr__cap_initial(w, t, n);
}

/* Fills one side of a comparison from its tokens. */
static void compare_side(const word_stats *ws, const clr_tokens *t, int person, clr_side *sd,
                         long *df)
{
	sd->n = t->n;
	sd->anchor = sd->rare = sd->common = sd->num = sd->place = 0;
	sd->person = person;
	sd->syllables = 0;
	for (size_t i = 0; i < t->n; i++) {
		sd->tok[i] = t->tok[i];
		sd->len[i] = t->len[i];
		df[i] = stats_df(ws, t->tok[i], t->len[i]);
		sd->w[i] = stats_weight(ws, t->tok[i], t->len[i], t->flags[i], df[i]);
		if (t->flags[i] & CLR_TOK_NUMBER)
			sd->num |= 1ull << i;
		if (t->flags[i] & CLR_TOK_PLACE)
			sd->place |= 1ull << i;
		int common = df[i] > (long)ws->stop;
		if (common || (t->flags[i] & (CLR_TOK_LEGAL | CLR_TOK_STOP)))
			sd->common |= 1ull << i;
		if (!(t->flags[i] & (CLR_TOK_LEGAL | CLR_TOK_STOP)) && !common) {
			sd->anchor |= 1ull << i;
			if (df[i] <= (long)ws->rare)
				sd->rare |= 1ull << i;
		}
	}
	if (!sd->anchor)
		sd->anchor = t->n >= 64 ? ~0ull : (1ull << t->n) - 1;
}

int clr_compare(clr_screener *s, clr_type type, const char *a, const char *b, clr_result **out)
{
	static _Thread_local clr_tokens ta, tb;
	int rc;
	*out = NULL;
	if (!a || !b)
		return s_error(s, CLR_EUSAGE, "two names are needed");
	const clr_index *ix = NULL;
	if (s->db && s->db->entries.n) {
		if (!s->db->index && (rc = clr_db_prepare(s->db)) < 0)
			return s_error(s, rc, clr_db_errmsg(s->db));
		ix = s->db->index;
	}
	if ((rc = clr__norm_tokens(s->nm, a, strlen(a), &ta)) < 0 ||
	    (rc = clr__norm_tokens(s->nm, b, strlen(b), &tb)) < 0)
		return s_error(s, rc, rc == CLR_EINPUT ? "name is not valid UTF-8"
		                                       : "name exceeds the length limit");
	word_stats ws;
	stats_init(&ws, ix);
	int person = type == CLR_TYPE_PERSON || has_honorific(&ta) || has_honorific(&tb);
	clr_side q, n;
	long dfq[CLR_MAX_TOKENS], dfn[CLR_MAX_TOKENS];
	compare_side(&ws, &ta, person, &q, dfq);
	compare_side(&ws, &tb, person, &n, dfn);
	clr_simgrid *g = s->grid;
	for (size_t i = 0; i < q.n; i++)
		for (size_t j = 0; j < n.n; j++) {
			int h;
			float sim = clr__tok_sim(q.tok[i], q.len[i], n.tok[j], n.len[j], &h);
			float alt;
			int ha = clr__tok_alt(ix, q.tok[i], q.len[i], n.tok[j], n.len[j], &alt);
			if (ha != HOW_NONE && alt > sim) {
				sim = alt;
				h = ha;
			}
			/* a weak typo for a query word the statistics do not know, as
			 * the screener allows it */
			if (sim == 0 && dfq[i] <= 0 &&
			    (sim = clr__tok_weak_typo(q.tok[i], q.len[i], n.tok[j], n.len[j])) > 0)
				h = HOW_WEAKTYPO;
			if (clr__how_unanchored(h))
				h |= HOW_NO_ANCHOR;
			g->s1[i][j] = sim;
			g->h1[i][j] = (uint8_t)h;
			for (size_t w = 2; w <= CLR_MAX_JOIN; w++) {
				g->sq[w][i][j] = joined_sim(&q, i, w, n.tok[j], n.len[j]);
				if (g->sq[w][i][j] == 0)
					g->sq[w][i][j] = joined_spelling_sim(&q, i, w, n.tok[j], n.len[j]);
				g->sn[w][i][j] = joined_sim(&n, j, w, q.tok[i], q.len[i]);
			}
		}
	/* a word unknown to the statistics takes the weight of the word it
	 * stands for on the other side (a typo, another spelling): "Lxd" is not
	 * the rarest word there is */
	for (size_t i = 0; i < q.n; i++)
		for (size_t j = 0; j < n.n; j++) {
			if (g->s1[i][j] <= 0 || g->h1[i][j] == HOW_INITIAL || g->h1[i][j] == HOW_ABBREV)
				continue;
			if (dfq[i] == 0 && dfn[j] > 0)
				q.w[i] = n.w[j];
			else if (dfn[j] == 0 && dfq[i] > 0)
				n.w[j] = q.w[i];
		}
	clr_alignment aln;
	clr__align(&q, &n, g, s->pairs, &aln);
	/* names written in one Han, Hangul or kana script are compared in it,
	 * syllable by syllable: their romanisation loses what tells 张伟 from
	 * 张玮 */
	double same = clr__kn_same_script(a, strlen(a), b, strlen(b));
	int capped = same >= 0 && same < aln.score;
	result_impl *r = calloc(1, sizeof(*r));
	if (!r || !(r->arena = clr__arena_new())) {
		free(r);
		return CLR_ENOMEM;
	}
	clr_alert *al = clr__arena_alloc(r->arena, sizeof(clr_alert));
	if (!al) {
		clr_result_free(&r->pub);
		return CLR_ENOMEM;
	}
	memset(al, 0, sizeof(*al));
	al->score = round_score(capped ? (float)same : aln.score);
	al->type_factor = 1.0;
	al->country_factor = 1.0;
	if ((rc = explain(r->arena, al, &q, &ta, NULL, &n, &aln)) < 0) {
		clr_result_free(&r->pub);
		return rc;
	}
	if (capped) {
		al->qualifiers = "same_script";
		al->qualifier_factor = aln.score > 0 ? round_score((float)(same / aln.score)) : 0;
	}
	r->pub.alerts = al;
	r->pub.nalerts = 1;
	*out = &r->pub;
	return 0;
}

int clr_db_token_stats(clr_db *db, const char *token, size_t *out_df, double *out_weight,
                       int *out_common)
{
	int rc;
	if (!db->index && (rc = clr_db_prepare(db)) < 0)
		return rc;
	const clr_index *ix = db->index;
	uint32_t id = clr__index_lookup(ix, token, strlen(token));
	if (id == CLR_NO_TOKEN)
		return CLR_EINPUT;
	*out_df = ix->tok[id].df;
	*out_weight = ix->tok[id].w;
	*out_common = ix->tok[id].df > ix->stop_df ||
	              (ix->tok[id].flags & (CLR_TOK_LEGAL | CLR_TOK_STOP));
	return 0;
}

size_t clr__query_parts(const char *name, size_t *off, size_t *len, size_t max)
{
	qpart parts[CLR_MAX_QUERY_PARTS];
	size_t n = split_query(name, parts, max < CLR_MAX_QUERY_PARTS ? max : CLR_MAX_QUERY_PARTS);
	for (size_t i = 0; i < n; i++) {
		off[i] = parts[i].off;
		len[i] = parts[i].len;
	}
	return n;
}
