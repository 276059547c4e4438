/*
 * knowledge.c - the look-ups of names.h over the generated tables
 * (tables.h) and the hand-kept vocabulary (vocab.h).  Everything is hashed
 * once, on first use, into read-only maps shared by every thread: one probe
 * tells the normaliser all it needs to know of a word.  Must never depend
 * on the lists: a normalised name is the same whatever is loaded.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "names.h"
#include "tables.h"
#include "vocab.h"
#include "../util/util.h"

/* ---- string maps: open addressing, key -> 32-bit value ---- */

typedef struct smap_slot {
	const char *k; /* NULL: empty */
	uint32_t len;
	uint32_t v;
} smap_slot;

typedef struct smap {
	smap_slot *s;
	uint32_t cap; /* power of two */
	uint32_t count;
	uint64_t *bloom;     /* bit (hash >> 40) & bloom_mask set per key, or NULL: */
	uint32_t bloom_mask; /* most look-ups of absent words end in cache */
} smap;

/* XXH3 inlined: a handful of instructions for the short words looked up
 * here (most of a query's look-ups), where FNV-1a costs a multiply a byte */
static uint64_t hash_str(const char *s, size_t n)
{
	return XXH3_64bits(s, n);
}

static int smap_init(smap *m, size_t n)
{
	uint32_t cap = 64;
	while (cap < 2 * n + 2)
		cap *= 2;
	m->s = calloc(cap, sizeof(smap_slot));
	m->cap = m->s ? cap : 0;
	return m->s ? 0 : -1;
}

static smap_slot *smap_find(const smap *m, const char *k, size_t n)
{
	if (!m->cap)
		return NULL;
	uint64_t h = hash_str(k, n);
	if (m->bloom) {
		uint32_t b = (uint32_t)(h >> 40) & m->bloom_mask;
		if (!(m->bloom[b >> 6] >> (b & 63) & 1))
			return NULL;
	}
	uint32_t i = (uint32_t)h & (m->cap - 1);
	while (m->s[i].k) {
		if (m->s[i].len == n && !memcmp(m->s[i].k, k, n))
			return &m->s[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

static void smap_place(smap *m, const smap_slot *x)
{
	uint64_t h = hash_str(x->k, x->len);
	uint32_t i = (uint32_t)h & (m->cap - 1);
	while (m->s[i].k)
		i = (i + 1) & (m->cap - 1);
	m->s[i] = *x;
	if (m->bloom) {
		uint32_t b = (uint32_t)(h >> 40) & m->bloom_mask;
		m->bloom[b >> 6] |= 1ull << (b & 63);
	}
}

/* The slot of key k (kept by pointer: static or table storage), added
 * with value UINT32_MAX when new; the map doubles past 3/4 full. */
static smap_slot *smap_put(smap *m, const char *k, size_t n)
{
	smap_slot *s = smap_find(m, k, n);
	if (s || !m->cap)
		return s;
	if (4 * ((size_t)m->count + 1) > 3 * (size_t)m->cap) {
		smap old = *m;
		if (!(m->s = calloc(2 * (size_t)old.cap, sizeof(smap_slot)))) {
			*m = old;
			return NULL;
		}
		m->cap = 2 * old.cap;
		for (uint32_t i = 0; i < old.cap; i++)
			if (old.s[i].k)
				smap_place(m, &old.s[i]);
		free(old.s);
	}
	smap_slot x = {k, (uint32_t)n, UINT32_MAX};
	smap_place(m, &x);
	m->count++;
	return smap_find(m, k, n);
}

/* Puts a filter of bits (a power of two, 64 or more) in front of a map
 * whose keys are all in: look-ups only, from here on. */
static int smap_filter(smap *m, uint32_t bits)
{
	if (!(m->bloom = calloc(bits / 64, sizeof(uint64_t))))
		return -1;
	m->bloom_mask = bits - 1;
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->s[i].k) {
			uint32_t b = (uint32_t)(hash_str(m->s[i].k, m->s[i].len) >> 40) & m->bloom_mask;
			m->bloom[b >> 6] |= 1ull << (b & 63);
		}
	return 0;
}

/* Lists of 32-bit values behind a map value (offset into one array). */
typedef struct u32vec {
	uint32_t *v;
	size_t n, cap;
} u32vec;

static int u32_push(u32vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		uint32_t *p = realloc(a->v, cap * sizeof(uint32_t));
		if (!p)
			return -1;
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

/* Words found with up to one or two typos, the first letter kept: the
 * words in buckets by first letter and length, so that a look-up compares
 * a word with the few of its letter within the typo budget in length. */
#define DS_LEN 48
typedef struct delset {
	const char **w;
	uint8_t *val;      /* per word: a value (a legal form's class) */
	uint32_t *order;   /* word indices by bucket: first letter and length */
	uint32_t *order2;  /* the same by second letter and length */
	uint32_t *order3;  /* by length alone: two edits try every letter */
	uint32_t *mask;    /* per word: the set of its letters (a-z, and one for others) */
	uint32_t start[27 * DS_LEN + 1]; /* bucket (letter, length) -> first in order */
	uint32_t start2[27 * DS_LEN + 1];
	uint32_t start3[27 * DS_LEN + 1]; /* length -> first in order3 (the rest 0) */
	size_t n, cap;
	smap seen;         /* the words added, while adding */
	unsigned (*edits)(size_t len); /* the typo budget of a word of len letters */
	size_t min_len;    /* shorter words are not kept */
} delset;

/* ---- the tables ---- */

typedef struct winfo {
	unsigned flags;
	const char *canonical;
	const char *term;      /* organisation term: its English word */
	const char *legal_eq;  /* the word a legal form may write for it (co: company) */
	int value;
	const char *place;
	uint32_t given_off, ngiven; /* into kn.given_ids */
} winfo;

typedef struct lform {
	const char *w[8];
	uint8_t len[8];
	const char *cw[8]; /* each word as a form may write it either way ("co": "company") */
	uint8_t clen[8];
	uint32_t m[8], cm[8]; /* the letters of w and cw (letter_mask) */
	uint8_t n;
	uint8_t cls, flags;
} lform;

typedef struct phrase {
	const char *w[12];
	uint8_t len[12];
	uint8_t n;
	const char *to;
} phrase;

static struct {
	int ok;
	smap words;        /* raw word -> index into info */
	winfo *info;
	size_t ninfo, capinfo;
	u32vec given_ids;  /* per word: its groups */
	u32vec group_off;  /* per group: start of its members in group_members */
	u32vec group_members; /* given row indices */
	lform *forms;
	size_t nforms;
	smap by_first, by_second; /* word -> list (into lists) of forms, longest first */
	u32vec lists;
	phrase *phrases;
	size_t nphrases;
	smap phrase_first; /* first word -> list of phrases, longest first */
	smap han;          /* Chinese term -> row */
	size_t han_max;    /* longest term, bytes */
	smap syl;          /* spelling -> list of other spellings (syllable rows) */
	smap freq;         /* token -> df */
	delset typo;   /* the vocabulary words typos are fixed in */
	delset legal1; /* legal forms of one word, for a typo in the last word */
	delset numtypo; /* number words of six letters or more ("foruth": fourth) */
	uint32_t org2[26]; /* the first two letters of organisation words: bit b of [a] */
} kn;

static pthread_once_t kn_once = PTHREAD_ONCE_INIT;

#define SPLIT_MIN 4 /* the shortest part of a split word */

/* The flags of an organisation's word written out: a word of legal forms
 * or the English word of terms, and no name's, place's or number's (no
 * abbreviation: "sab", "ent" and "tech" end too many names' words). */
static int org_flags(unsigned f)
{
	return (f & (CLR_KN_LEGALWORD | CLR_KN_TERMWORD)) &&
	       !(f & (CLR_KN_GIVEN | CLR_KN_PLACE | CLR_KN_NUMBER));
}

/* kn.org2 from the vocabulary's organisation words of three letters or
 * more (clr__kn_word_split's parts). */
static void init_org2(void)
{
	for (uint32_t i = 0; i < kn.words.cap; i++) {
		const smap_slot *s = &kn.words.s[i];
		if (!s->k || s->len < SPLIT_MIN || !org_flags(kn.info[s->v].flags))
			continue;
		unsigned a = (unsigned char)s->k[0] - 'a', b = (unsigned char)s->k[1] - 'a';
		if (a < 26 && b < 26)
			kn.org2[a] |= 1u << b;
	}
}

static winfo *info_of(const char *w, size_t n)
{
	smap_slot *s = smap_put(&kn.words, w, n);
	if (!s)
		return NULL;
	if (s->v == UINT32_MAX) {
		if (kn.ninfo == kn.capinfo) {
			size_t cap = kn.capinfo ? 2 * kn.capinfo : 4096;
			winfo *p = realloc(kn.info, cap * sizeof(winfo));
			if (!p)
				return NULL;
			kn.info = p;
			kn.capinfo = cap;
		}
		memset(&kn.info[kn.ninfo], 0, sizeof(winfo));
		s->v = (uint32_t)kn.ninfo++;
	}
	return &kn.info[s->v];
}

/* Splits space-separated words into w/len (at most max); returns the count. */
static size_t split_words(const char *z, const char **w, uint8_t *len, size_t max)
{
	size_t n = 0;
	while (*z && n < max) {
		const char *e = strchr(z, ' ');
		size_t l = e ? (size_t)(e - z) : strlen(z);
		if (l) {
			w[n] = z;
			len[n++] = (uint8_t)(l > 255 ? 255 : l);
		}
		z += l + (e ? 1 : 0);
	}
	return n;
}

/* Appends idx to the list that key's map value heads, kept in groups of
 * one list per key: lists are built in two passes (count, fill). */
typedef struct listbuild {
	smap *m;
	uint32_t *count; /* per slot */
} listbuild;

static int lists_build(smap *m, size_t nitems, const char *(*key)(size_t, size_t *),
                       int (*better)(size_t, size_t))
{
	(void)better;
	/* count */
	for (size_t i = 0; i < nitems; i++) {
		size_t kl;
		const char *k = key(i, &kl);
		if (!k)
			continue;
		smap_slot *s = smap_put(m, k, kl);
		if (!s)
			return -1;
		if (s->v == UINT32_MAX)
			s->v = 0;
		s->v++;
	}
	/* offsets: v becomes the start of a run [count, ids...] in kn.lists */
	for (uint32_t i = 0; i < m->cap; i++) {
		if (!m->s[i].k)
			continue;
		uint32_t c = m->s[i].v;
		m->s[i].v = (uint32_t)kn.lists.n;
		if (u32_push(&kn.lists, 0))
			return -1;
		for (uint32_t k = 0; k < c; k++)
			if (u32_push(&kn.lists, UINT32_MAX))
				return -1;
	}
	for (size_t i = 0; i < nitems; i++) {
		size_t kl;
		const char *k = key(i, &kl);
		if (!k)
			continue;
		smap_slot *s = smap_find(m, k, kl);
		uint32_t *run = kn.lists.v + s->v;
		run[1 + run[0]++] = (uint32_t)i;
	}
	return 0;
}

static const char *legal_canon(const char *w, size_t n, size_t *len);

/* Forms are found by their first (or second) word as a legal form may
 * write it either way ("co" / "company"). */
static const char *form_first(size_t i, size_t *n)
{
	*n = kn.forms[i].clen[0];
	return kn.forms[i].cw[0];
}

static const char *form_second(size_t i, size_t *n)
{
	if (kn.forms[i].n < 2)
		return NULL;
	*n = kn.forms[i].clen[1];
	return kn.forms[i].cw[1];
}

static const char *phrase_first(size_t i, size_t *n)
{
	*n = kn.phrases[i].len[0];
	return kn.phrases[i].w[0];
}

/* A list of map m under key, or NULL. */
static const uint32_t *list_of(const smap *m, const char *k, size_t n, uint32_t *count)
{
	const smap_slot *s = smap_find(m, k, n);
	if (!s) {
		*count = 0;
		return NULL;
	}
	const uint32_t *run = kn.lists.v + s->v;
	*count = run[0];
	return run + 1;
}

static int cmp_forms_longest(const void *a, const void *b)
{
	const lform *x = a, *y = b;
	return (int)y->n - (int)x->n;
}

static int cmp_phrases_longest(const void *a, const void *b)
{
	const phrase *x = a, *y = b;
	return (int)y->n - (int)x->n;
}

/* ---- typos: symmetric deletion over a set of words ---- */

/* One edit in words of seven letters or more, two from ten ("Tehcnologeis"):
 * the matcher's typo budget for the vocabulary's own words. */
static unsigned typo_edits(size_t n)
{
	return n >= 10 ? 2 : n >= 7 ? 1 : 0;
}

/* A legal form's word at the end of a name: the matcher's typo budget,
 * and the form of two letters stored as itself ("kk" for "K.iK."). */
static unsigned legal_edits(size_t n)
{
	return n >= 7 ? 2 : n >= 3 ? 1 : 0;
}

/* A number word: one edit from six letters (not "forth" for "fourth"). */
static unsigned num_edits(size_t n)
{
	return n >= 6 ? 1 : 0;
}

static unsigned letter_slot(char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned)(c - 'a') : 26u;
}

/* Adds w (kept by pointer: static or table storage) once. */
static int delset_add(delset *ds, const char *w, size_t n, uint8_t val)
{
	if (n < ds->min_len || n >= DS_LEN)
		return 0;
	if (!ds->seen.cap && smap_init(&ds->seen, 1024))
		return -1;
	smap_slot *s = smap_put(&ds->seen, w, n); /* vocabularies overlap: once each */
	if (!s)
		return -1;
	if (s->v != UINT32_MAX)
		return 0;
	s->v = (uint32_t)ds->n;
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? 2 * ds->cap : 256;
		const char **p = realloc(ds->w, cap * sizeof(char *));
		if (!p)
			return -1;
		ds->w = p;
		uint8_t *v = realloc(ds->val, cap);
		if (!v)
			return -1;
		ds->val = v;
		ds->cap = cap;
	}
	ds->val[ds->n] = val;
	ds->w[ds->n++] = w;
	return 0;
}

/* The letters of w as a set: n edits add or drop at most n letters, so
 * two words whose sets differ in more letters either way are further apart. */
static uint32_t letter_mask(const char *w, size_t n)
{
	uint32_t m = 0;
	for (size_t i = 0; i < n; i++)
		m |= 1u << letter_slot(w[i]);
	return m;
}

/* 0 when words of letter sets a and b are more than k edits apart. */
static int sets_near(uint32_t a, uint32_t b, unsigned k)

{
	uint32_t x = a & ~b, y = b & ~a;
	for (unsigned i = 0; i < k; i++) {
		x &= x - 1;
		y &= y - 1;
	}
	return !x && !y;
}

/* The bucket of word w of n letters by its letter at position at (0 or 1;
 * a word of one letter goes by its first), or by its length alone
 * (BY_LENGTH). */
#define BY_LENGTH 2
static size_t bucket(const char *w, size_t n, size_t at)
{
	return at == BY_LENGTH ? n : letter_slot(w[n > at ? at : 0]) * DS_LEN + n;
}

/* Sorts the words into their buckets: a counting sort. */
static int sort_buckets(delset *ds, size_t at, uint32_t *start, uint32_t **order)
{
	memset(start, 0, (27 * DS_LEN + 1) * sizeof(uint32_t));
	uint32_t fill[27 * DS_LEN] = {0};
	for (size_t i = 0; i < ds->n; i++)
		start[bucket(ds->w[i], strlen(ds->w[i]), at) + 1]++;
	for (size_t b = 0; b < 27 * DS_LEN; b++)
		start[b + 1] += start[b];
	if (!(*order = malloc((ds->n ? ds->n : 1) * sizeof(uint32_t))))
		return -1;
	for (size_t i = 0; i < ds->n; i++) {
		size_t b = bucket(ds->w[i], strlen(ds->w[i]), at);
		(*order)[start[b] + fill[b]++] = (uint32_t)i;
	}
	return 0;
}

static int delset_seal(delset *ds)
{
	free(ds->seen.s);
	ds->seen = (smap){0};
	if (sort_buckets(ds, 0, ds->start, &ds->order) ||
	    sort_buckets(ds, 1, ds->start2, &ds->order2) ||
	    sort_buckets(ds, BY_LENGTH, ds->start3, &ds->order3) ||
	    !(ds->mask = malloc((ds->n ? ds->n : 1) * sizeof(uint32_t))))
		return -1;
	for (size_t i = 0; i < ds->n; i++)
		ds->mask[i] = letter_mask(ds->w[i], strlen(ds->w[i]));
	return 0;
}

static int add_typo_word(const char *w, size_t n)
{
	return delset_add(&kn.typo, w, n, 0);
}

/* Optimal string alignment distance, capped at k + 1. */
static unsigned osa(const char *a, size_t la, const char *b, size_t lb, unsigned k)
{
	unsigned d[3][66];
	if (la > 64 || lb > 64)
		return k + 1;
	if ((la > lb ? la - lb : lb - la) > k)
		return k + 1;
	unsigned *pp = d[0], *p = d[1], *c = d[2];
	for (size_t j = 0; j <= lb; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		c[0] = (unsigned)i;
		unsigned best = c[0];
		for (size_t j = 1; j <= lb; j++) {
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

/* ---- initialisation ---- */

static int add_form(const char *words, clr_kn_class cls, unsigned flags)
{
	lform f = {.cls = (uint8_t)cls, .flags = (uint8_t)flags};
	f.n = (uint8_t)split_words(words, f.w, f.len, 8);
	if (!f.n)
		return 0;
	lform *p = realloc(kn.forms, (kn.nforms + 1) * sizeof(lform));
	if (!p)
		return -1;
	kn.forms = p;
	kn.forms[kn.nforms++] = f;
	return 0;
}

static int add_phrase(const char *from, const char *to)
{
	phrase ph = {.to = to};
	ph.n = (uint8_t)split_words(from, ph.w, ph.len, 12);
	if (!ph.n)
		return 0;
	phrase *p = realloc(kn.phrases, (kn.nphrases + 1) * sizeof(phrase));
	if (!p)
		return -1;
	kn.phrases = p;
	kn.phrases[kn.nphrases++] = ph;
	return 0;
}

static int init_words(void)
{
	winfo *in;
	for (size_t i = 0; i < clr__kn_nword_map; i++) {
		const clr_kn_map *m = &clr__kn_word_map[i];
		if (!(in = info_of(m->from, strlen(m->from))))
			return -1;
		in->canonical = m->to;
		if (strlen(m->to) > strlen(m->from) + 1)
			in->flags |= CLR_KN_EXPAND;
	}
	for (size_t i = 0; i < clr__kn_nterm_rows; i++) {
		const clr_kn_pair_row *r = &clr__kn_term_rows[i];
		if (!(in = info_of(r->from, strlen(r->from))))
			return -1;
		if (!in->term)
			in->term = r->to;
		if (!(in = info_of(r->to, strlen(r->to))))
			return -1;
		in->flags |= CLR_KN_TERMWORD; /* the English word terms stand for */
	}
	for (size_t i = 0; i < clr__kn_nlegal_words; i++) {
		const char *w = clr__kn_legal_words[i];
		if (!(in = info_of(w, strlen(w))))
			return -1;
		in->flags |= CLR_KN_LEGALWORD;
	}
	for (size_t i = 0; i < clr__kn_nlegal_equiv; i++) {
		const clr_kn_map *m = &clr__kn_legal_equiv[i];
		if (!(in = info_of(m->from, strlen(m->from))))
			return -1;
		in->legal_eq = m->to;
	}
	for (size_t i = 0; i < clr__kn_nstop_words; i++) {
		const char *w = clr__kn_stop_words[i];
		if (!(in = info_of(w, strlen(w))))
			return -1;
		in->flags |= CLR_KN_STOP;
	}
	for (size_t i = 0; i < clr__kn_ntitles; i++) {
		const char *w = clr__kn_titles[i];
		if (!(in = info_of(w, strlen(w))))
			return -1;
		in->flags |= CLR_KN_STOP | CLR_KN_TITLE;
	}
	for (size_t i = 0; i < clr__kn_nnumber_rows; i++) {
		const clr_kn_num_row *r = &clr__kn_number_rows[i];
		if (!(in = info_of(r->word, strlen(r->word))))
			return -1;
		/* a title or suffix ("II", "III") reads as a number too */
		in->flags |= CLR_KN_NUMBER;
		in->value = r->value;
	}
	for (size_t i = 0; i < clr__kn_nplace_rows; i++) {
		const clr_kn_pair_row *r = &clr__kn_place_rows[i];
		if (strchr(r->from, ' '))
			continue; /* several words: a phrase (below) */
		if (!(in = info_of(r->from, strlen(r->from))))
			return -1;
		in->flags |= CLR_KN_PLACE;
		if (!in->place)
			in->place = r->to;
	}
	/* given names: rows sorted by name, one per group */
	uint32_t ngroups = 0;
	for (size_t i = 0; i < clr__kn_ngiven_rows; i++)
		if (clr__kn_given_rows[i].group + 1 > ngroups)
			ngroups = clr__kn_given_rows[i].group + 1;
	for (size_t i = 0; i < clr__kn_ngiven_rows; i++) {
		const clr_kn_given_row *r = &clr__kn_given_rows[i];
		if (!(in = info_of(r->name, strlen(r->name))))
			return -1;
		if (!in->ngiven)
			in->given_off = (uint32_t)kn.given_ids.n;
		if (in->given_off + in->ngiven != kn.given_ids.n)
			continue; /* not adjacent: cannot happen with sorted rows */
		if (u32_push(&kn.given_ids, r->group))
			return -1;
		in->ngiven++;
		in->flags |= CLR_KN_GIVEN;
	}
	/* members per group: counting sort of the rows by group */
	for (uint32_t g = 0; g <= ngroups; g++)
		if (u32_push(&kn.group_off, 0))
			return -1;
	for (size_t i = 0; i < clr__kn_ngiven_rows; i++)
		kn.group_off.v[clr__kn_given_rows[i].group + 1]++;
	for (uint32_t g = 0; g < ngroups; g++)
		kn.group_off.v[g + 1] += kn.group_off.v[g];
	for (size_t i = 0; i < clr__kn_ngiven_rows; i++)
		if (u32_push(&kn.group_members, 0))
			return -1;
	{
		uint32_t *fill = calloc(ngroups + 1, sizeof(uint32_t));
		if (!fill)
			return -1;
		for (size_t i = 0; i < clr__kn_ngiven_rows; i++) {
			uint32_t g = clr__kn_given_rows[i].group;
			kn.group_members.v[kn.group_off.v[g] + fill[g]++] = (uint32_t)i;
		}
		free(fill);
	}
	return 0;
}

/* Forms by the length of their first word, then in table order. */
static int cmp_first_len(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int d = (int)kn.forms[x].len[0] - (int)kn.forms[y].len[0];
	return d ? d : (x > y) - (x < y);
}

static int init_forms(void)
{
	for (size_t i = 0; i < clr__kn_nlegal_rows; i++) {
		const clr_kn_legal_row *r = &clr__kn_legal_rows[i];
		if (add_form(r->words, (clr_kn_class)r->cls, r->flags))
			return -1;
	}
	for (int c = 1; c < CLR_KN_NCLASS; c++) { /* a class's token is a form of it anywhere */
		const char *t = clr__kn_class_token((clr_kn_class)c);
		winfo *in = info_of(t, strlen(t));
		if (!in || add_form(t, (clr_kn_class)c, 0))
			return -1;
		in->flags |= CLR_KN_CLASS;
	}
	qsort(kn.forms, kn.nforms, sizeof(lform), cmp_forms_longest);
	for (size_t i = 0; i < kn.nforms; i++)
		for (size_t k = 0; k < kn.forms[i].n; k++) {
			size_t cl;
			kn.forms[i].cw[k] = legal_canon(kn.forms[i].w[k], kn.forms[i].len[k], &cl);
			kn.forms[i].clen[k] = (uint8_t)cl;
			kn.forms[i].m[k] = letter_mask(kn.forms[i].w[k], kn.forms[i].len[k]);
			kn.forms[i].cm[k] = letter_mask(kn.forms[i].cw[k], cl);
		}
	if (smap_init(&kn.by_first, kn.nforms) || smap_init(&kn.by_second, kn.nforms) ||
	    lists_build(&kn.by_first, kn.nforms, form_first, NULL) ||
	    lists_build(&kn.by_second, kn.nforms, form_second, NULL))
		return -1;
	/* a typo in a form's first word keeps its length within two: the
	 * forms of a second word by the length of their first, the window
	 * found by bisection (clr__kn_legal_at) */
	for (uint32_t i = 0; i < kn.by_second.cap; i++)
		if (kn.by_second.s[i].k) {
			uint32_t *run = kn.lists.v + kn.by_second.s[i].v;
			qsort(run + 1, run[0], sizeof(*run), cmp_first_len);
		}
	for (size_t i = 0; i < kn.nforms; i++) {
		winfo *in = info_of(kn.forms[i].w[0], kn.forms[i].len[0]);
		if (!in)
			return -1;
		in->flags |= CLR_KN_LEGAL;
		if (kn.forms[i].n >= 2) {
			if (!(in = info_of(kn.forms[i].w[1], kn.forms[i].len[1])))
				return -1;
			in->flags |= CLR_KN_LEGAL2;
		}
	}
	/* a word a form may be written with either way starts (or follows) a
	 * form as its other spelling does ("co" / "company") */
	for (size_t i = 0; i < clr__kn_nlegal_equiv; i++) {
		const clr_kn_map *m = &clr__kn_legal_equiv[i];
		winfo *a = info_of(m->from, strlen(m->from)), *b;
		if (!a)
			return -1;
		unsigned fa = a->flags;
		if (!(b = info_of(m->to, strlen(m->to))))
			return -1;
		unsigned both = (fa | b->flags) & (CLR_KN_LEGAL | CLR_KN_LEGAL2);
		b->flags |= both;
		kn.info[smap_find(&kn.words, m->from, strlen(m->from))->v].flags |= both;
	}
	return 0;
}

static int init_phrases(void)
{
	for (size_t i = 0; i < clr__kn_nphrases; i++)
		if (add_phrase(clr__kn_phrases[i].from, clr__kn_phrases[i].to))
			return -1;
	qsort(kn.phrases, kn.nphrases, sizeof(phrase), cmp_phrases_longest);
	return smap_init(&kn.phrase_first, kn.nphrases) ||
	       lists_build(&kn.phrase_first, kn.nphrases, phrase_first, NULL);
}

static const char *syl_key(size_t i, size_t *n)
{
	*n = strlen(clr__kn_syllable_rows[i].from);
	return clr__kn_syllable_rows[i].from;
}

static int init_other(void)
{
	if (smap_init(&kn.han, clr__kn_nhan_rows))
		return -1;
	for (size_t i = 0; i < clr__kn_nhan_rows; i++) {
		const char *k = clr__kn_han_rows[i].from;
		size_t l = strlen(k);
		smap_slot *s = smap_put(&kn.han, k, l);
		if (!s)
			return -1;
		s->v = (uint32_t)i;
		if (l > kn.han_max)
			kn.han_max = l;
	}
	if (smap_init(&kn.syl, clr__kn_nsyllable_rows) ||
	    lists_build(&kn.syl, clr__kn_nsyllable_rows, syl_key, NULL) ||
	    smap_filter(&kn.syl, 1u << 16))
		return -1;
	if (smap_init(&kn.freq, clr__kn_nfreq_rows))
		return -1;
	for (size_t i = 0; i < clr__kn_nfreq_rows; i++) {
		const clr_kn_freq_row *r = &clr__kn_freq_rows[i];
		smap_slot *s = smap_put(&kn.freq, r->token, strlen(r->token));
		if (!s)
			return -1;
		s->v = r->df;
	}
	if (smap_filter(&kn.freq, 1u << 18))
		return -1;
	/* the words typos are fixed in: abbreviations' words, organisation
	 * terms, the long words of legal forms */
	kn.typo.edits = typo_edits;
	kn.typo.min_len = 7;
	kn.legal1.edits = legal_edits;
	kn.legal1.min_len = 2;
	for (size_t i = 0; i < kn.nforms; i++)
		if (kn.forms[i].n == 1 && delset_add(&kn.legal1, kn.forms[i].w[0], kn.forms[i].len[0],
		                                     kn.forms[i].cls))
			return -1;
	for (size_t i = 0; i < clr__kn_nword_map; i++)
		if (add_typo_word(clr__kn_word_map[i].from, strlen(clr__kn_word_map[i].from)) ||
		    add_typo_word(clr__kn_word_map[i].to, strlen(clr__kn_word_map[i].to)))
			return -1;
	for (size_t i = 0; i < clr__kn_nlegal_words; i++)
		if (add_typo_word(clr__kn_legal_words[i], strlen(clr__kn_legal_words[i])))
			return -1;
	/* long legal forms of one word ("Aktiengesellschaft"); a typo in a word
	 * of a longer form is the form matcher's (word_meets) */
	for (size_t i = 0; i < clr__kn_nlegal_long; i++)
		if (add_typo_word(clr__kn_legal_long[i], strlen(clr__kn_legal_long[i])))
			return -1;
	kn.numtypo.edits = num_edits;
	kn.numtypo.min_len = 6;
	for (size_t i = 0; i < clr__kn_nnumber_rows; i++) {
		const char *w = clr__kn_number_rows[i].word;
		if (!strchr(w, ' ') && delset_add(&kn.numtypo, w, strlen(w),
		                                  (uint8_t)(clr__kn_number_rows[i].value % 251)))
			return -1;
	}
	return delset_seal(&kn.typo) || delset_seal(&kn.legal1) || delset_seal(&kn.numtypo) ? -1 : 0;
}

static void kn_init(void)
{
	/* about one word a row; the map grows if the rows hold more */
	if (smap_init(&kn.words, clr__kn_nword_map + clr__kn_nterm_rows + clr__kn_nnumber_rows +
	                             clr__kn_nplace_rows + clr__kn_ngiven_rows + clr__kn_nlegal_rows))
		return;
	if (init_words() || init_forms() || init_phrases() || init_other() ||
	    smap_filter(&kn.words, 1u << 19))
		return;
	init_org2();
	kn.ok = 1;
}

static int ready(void)
{
	pthread_once(&kn_once, kn_init);
	return kn.ok;
}

/* ---- words ---- */

/* An ordinal written with digits: "2nd", "21st", "3rd", "4th" -> value. */
static int digit_ordinal(const char *w, size_t n)
{
	size_t d = 0;
	int v = 0;
	while (d < n && d < 6 && w[d] >= '0' && w[d] <= '9')
		v = v * 10 + (w[d++] - '0');
	if (!d || n - d != 2)
		return -1;
	const char *s = w + d;
	if (!memcmp(s, "st", 2) || !memcmp(s, "nd", 2) || !memcmp(s, "rd", 2) ||
	    !memcmp(s, "th", 2))
		return v;
	return -1;
}

int clr__kn_word(const char *w, size_t n, clr_kn_word *out)
{
	memset(out, 0, sizeof(*out));
	if (!ready())
		return -1;
	const smap_slot *s = smap_find(&kn.words, w, n);
	if (s) {
		const winfo *in = &kn.info[s->v];
		out->flags = in->flags;
		out->canonical = in->canonical;
		out->value = in->value;
		out->place = in->place;
		out->legal_eq = in->legal_eq;
		out->legal_eq_len = in->legal_eq ? (uint8_t)strlen(in->legal_eq) : 0;
		out->known = 1;
		return 0;
	}
	int v = digit_ordinal(w, n);
	if (v >= 0) {
		out->flags = CLR_KN_NUMBER;
		out->value = v;
		out->known = 1;
		return 0;
	}
	return -1;
}

unsigned clr__kn_relations(const char *w, size_t n)
{
	if (!ready())
		return 0;
	unsigned r = 0;
	const smap_slot *s = smap_find(&kn.words, w, n);
	if (s && (kn.info[s->v].flags & CLR_KN_GIVEN))
		r |= CLR_KN_REL_GIVEN;
	if (s && (kn.info[s->v].flags & CLR_KN_TERMWORD))
		r |= CLR_KN_REL_TERM;
	if (smap_find(&kn.syl, w, n))
		r |= CLR_KN_REL_SYLLABLE;
	return r;
}

const char *clr__kn_term(const char *w, size_t n)
{
	if (!ready())
		return NULL;
	const smap_slot *s = smap_find(&kn.words, w, n);
	return s ? kn.info[s->v].term : NULL;
}

/* The nearest so far of a delset_find. */
typedef struct near {
	long best;
	unsigned bestd;
	int ambiguous; /* another word at the best distance holds another value */
} near;

/* Tries the words of one bucket (first or second letter slot sl, length l). */
static void try_bucket(const delset *ds, const uint32_t *start, const uint32_t *order, unsigned sl,
                       size_t l, const char *w, size_t n, uint32_t qm, near *r)
{
	size_t b = sl * DS_LEN + l;
	size_t shorter = l < n ? l : n;
	unsigned k = ds->edits(shorter >= ds->min_len && shorter >= 3 ? shorter : n);
	size_t diff = l > n ? l - n : n - l;
	if (!k || diff > k)
		return;
	for (uint32_t x = start[b]; x < start[b + 1]; x++) {
		uint32_t wi = order[x];
		if (!sets_near(qm, ds->mask[wi], k))
			continue;
		const char *cand = ds->w[wi];
		unsigned d = osa(w, n, cand, l, k);
		if (d > k)
			continue;
		size_t bl = r->best >= 0 ? strlen(ds->w[r->best]) : 0;
		if (d == r->bestd && r->best >= 0 && ds->val[wi] != ds->val[r->best])
			r->ambiguous = 1;
		if (d < r->bestd ||
		    (d == r->bestd && (l > bl || (l == bl && strcmp(cand, ds->w[r->best]) < 0)))) {
			if (d < r->bestd)
				r->ambiguous = 0;
			r->best = wi;
			r->bestd = d;
		}
	}
}

/* Index in ds of the word nearest w with at least one edit and within the
 * budget (of the shorter word), or -1, also when words of different values
 * are as near.  First letter kept when first_kept.  On a tie the longer
 * word: a letter left out is the commonest typo.
 *
 * A word one edit from w shares its first letter, or has w's second
 * letter first (w's first inserted, or the two swapped) or second (the
 * first replaced), or w's first letter second (a first letter left out):
 * four buckets.  Two edits (long words, few) try every letter. */
static long delset_find(const delset *ds, const char *w, size_t n, int first_kept)
{
	if (!ds->edits(n) || n >= DS_LEN || n < 2 || !ds->order)
		return -1;
	near r = {-1, 3, 0};
	uint32_t qm = letter_mask(w, n);
	unsigned s0 = letter_slot(w[0]), s1 = letter_slot(w[1]);
	for (size_t l = n > 2 ? n - 2 : 1; l <= n + 2 && l < DS_LEN; l++) {
		size_t shorter = l < n ? l : n;
		unsigned k = ds->edits(shorter >= ds->min_len && shorter >= 3 ? shorter : n);
		if (first_kept) {
			try_bucket(ds, ds->start, ds->order, s0, l, w, n, qm, &r);
		} else if (k <= 1) {
			try_bucket(ds, ds->start, ds->order, s0, l, w, n, qm, &r);
			if (s1 != s0)
				try_bucket(ds, ds->start, ds->order, s1, l, w, n, qm, &r);
			try_bucket(ds, ds->start2, ds->order2, s1, l, w, n, qm, &r);
			if (s1 != s0)
				try_bucket(ds, ds->start2, ds->order2, s0, l, w, n, qm, &r);
		} else { /* every letter: the words of length l, whatever their first */
			try_bucket(ds, ds->start3, ds->order3, 0, l, w, n, qm, &r);
		}
	}
	/* distance 0: the word itself, no typo; two readings: neither */
	return r.best >= 0 && r.bestd && !r.ambiguous ? r.best : -1;
}

static int unknown_word(const char *w, size_t n);

const char *clr__kn_word_typo(const char *w, size_t n)
{
	if (n < 6 || !ready())
		return NULL;
	/* a typo in the first letter is not the vocabulary's word */
	long i = n >= 7 ? delset_find(&kn.typo, w, n, 1) : -1;
	if (i >= 0)
		return kn.typo.w[i];
	/* a number word, only for a word no name uses */
	i = delset_find(&kn.numtypo, w, n, 1);
	return i >= 0 && unknown_word(w, n) ? kn.numtypo.w[i] : NULL;
}

/* ---- legal forms ---- */

/* The word a legal form may write for w ("co" for "company"), or w. */
static const char *legal_canon(const char *w, size_t n, size_t *len)
{
	const smap_slot *s = smap_find(&kn.words, w, n);
	if (s && kn.info[s->v].legal_eq) {
		*len = strlen(kn.info[s->v].legal_eq);
		return kn.info[s->v].legal_eq;
	}
	*len = n;
	return w;
}

/* A word of the name as the form matcher reads it: as written, as a
 * legal form may write it, and what the tables know of it (NULL: nothing). */
typedef struct qword {
	const char *w, *cw;
	uint8_t len, clen;
	uint32_t m; /* the letters of w (letter_mask), NO_MASK until asked (qmask) */
	const clr_kn_word *in; /* NULL: the tables do not know the word */
} qword;

#define NO_MASK UINT32_MAX

/* The letters of q's word, read at the first need: most words meet no
 * form closely enough to need them. */
static uint32_t qmask(qword *q)
{
	if (q->m == NO_MASK)
		q->m = letter_mask(q->w, q->len);
	return q->m;
}

#define FORM_WORDS 9 /* the longest form, and one word it may leave out */

/* 1 when query word q and word k of form f are equal (or the same legal
 * word written two ways), or (allow) one edit apart (two in long words). */
static int word_meets(qword *q, const lform *f, size_t k, int allow, int *typo)
{
	if (q->len == f->len[k] && !memcmp(q->w, f->w[k], q->len))
		return 1;
	if (q->clen == f->clen[k] && !memcmp(q->cw, f->cw[k], q->clen))
		return 1;
	if (!allow)
		return 0;
	unsigned e = q->len >= 7 && f->len[k] >= 7 ? 2 : 1;
	if ((unsigned)(q->len > f->len[k] ? q->len - f->len[k] : f->len[k] - q->len) > e ||
	    !sets_near(qmask(q), f->m[k], e) || osa(q->w, q->len, f->w[k], f->len[k], e) > e)
		return 0;
	*typo = 1;
	return 1;
}

/* 1 when form f is written by w[i..]: every word equal but at most one,
 * which is one edit away (in a form of two words or more), skip: the index
 * of a word already known to be equal, or its typo. */
static size_t form_at(const lform *f, qword *q, size_t nq, size_t n, size_t i,
                      int first_typo, int *typo)
{
	if ((size_t)f->n <= nq && (!(f->flags & CLR_KN_ROW_EDGE) || i == 0 || i + f->n == n)) {
		int t = first_typo, ok = 1;
		for (size_t k = 0; k < f->n && ok; k++) {
			int tk = 0;
			if (k == 0 && first_typo)
				continue;
			ok = word_meets(&q[k], f, k, f->n >= 2 && !t, &tk);
			t |= tk;
		}
		if (ok) {
			*typo = t;
			return f->n;
		}
	}
	/* a form of four words or more with one left out, neither its first
	 * nor its last ("Federal Unitary Enterprise" for "Federal State Unitary
	 * Enterprise"; "Scientific and Production" is no form without its noun,
	 * nor "International Corporation" "International Business Corporation") */
	if (first_typo || f->n < 4 || (size_t)f->n - 1 > nq || (f->flags & CLR_KN_ROW_EDGE))
		return 0;
	for (size_t skip = 1; skip + 1 < f->n; skip++) {
		size_t k = 0, m = 0;
		int t = 0;
		for (; k < f->n; k++) {
			if (k == skip)
				continue;
			if (!word_meets(&q[m], f, k, 0, &t))
				break;
			m++;
		}
		if (k == f->n) {
			*typo = 1;
			return f->n - 1;
		}
	}
	return 0;
}

/* A word neither the vocabulary nor the lists' names know (a name part
 * the lists use is no typo of a legal form: "Sal", "Zao"). */
static int unknown_word(const char *w, size_t n)
{
	uint32_t total;
	return !smap_find(&kn.words, w, n) && !clr__kn_prior_df(w, n, &total);
}

/* Whether the first two letters of w (lower case) start an organisation
 * word of three letters or more (kn.org2, built with the vocabulary). */
static int org_start(const char *w)
{
	return kn.org2[w[0] - 'a'] >> (w[1] - 'a') & 1;
}

/* A word the vocabulary knows as an organisation's word (org_flags), no
 * name's; the caller has checked org_start. */
static int org_word(const char *w, size_t n)
{
	const smap_slot *s = smap_find(&kn.words, w, n);
	return s && org_flags(kn.info[s->v].flags);
}

size_t clr__kn_word_split(const char *w, size_t n)
{
	if (n < 2 * SPLIT_MIN || n > 24 || !ready())
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return 0;
	if (!org_start(w))
		return 0; /* most words: no organisation word starts them */
	size_t cut = 0;
	for (size_t c = SPLIT_MIN; c + SPLIT_MIN <= n; c++)
		if (org_start(w + c) && org_word(w, c) && org_word(w + c, n - c)) {
			if (cut)
				return 0; /* two readings: neither */
			cut = c;
		}
	return cut && unknown_word(w, n) ? cut : 0;
}

size_t clr__kn_legal_at(const char *const *w, const uint8_t *len, const clr_kn_word *kw,
                        size_t n, size_t i, clr_kn_class *cls, int *typo)
{
	*cls = CLR_KN_NOCLASS;
	*typo = 0;
	if (i >= n || !ready())
		return 0;
	unsigned f0 = kw[i].flags, f1 = i + 1 < n ? kw[i + 1].flags : 0;
	int last = i + 1 == n, two_short = i + 2 == n && len[i] <= 2 && len[i + 1] <= 2;
	if (!(f0 & CLR_KN_LEGAL) && !(f1 & CLR_KN_LEGAL2) && !last && !two_short)
		return 0; /* most words start no form and precede no form's second word */
	qword q[FORM_WORDS];
	size_t nq = n - i < FORM_WORDS ? n - i : FORM_WORDS;
	for (size_t k = 0; k < nq; k++) {
		q[k].w = w[i + k];
		q[k].len = len[i + k];
		q[k].in = kw[i + k].known ? &kw[i + k] : NULL;
		q[k].cw = kw[i + k].legal_eq ? kw[i + k].legal_eq : q[k].w;
		q[k].clen = kw[i + k].legal_eq ? kw[i + k].legal_eq_len : q[k].len;
		q[k].m = NO_MASK;
	}
	size_t best = 0;
	uint32_t c = 0;
	const uint32_t *l = f0 & CLR_KN_LEGAL ? list_of(&kn.by_first, q[0].cw, q[0].clen, &c) : NULL;
	for (uint32_t k = 0; k < c; k++) { /* longest first: the first exact one wins */
		const lform *f = &kn.forms[l[k]];
		int t = 0;
		if (f->n < best || (f->n == best && !*typo))
			break; /* the rest are no longer: none can do better */
		if (f->n > nq + 1)
			continue;
		size_t got = form_at(f, q, nq, n, i, 0, &t);
		if (got && (got > best || (got == best && !t && *typo))) {
			best = got;
			*cls = (clr_kn_class)f->cls;
			*typo = t;
		}
	}
	/* a typo in the first word of a form of two words or more */
	if (nq > 1 && (f1 & CLR_KN_LEGAL2)) {
		/* the forms whose first word is within two letters of q[0]'s
		 * length (the run is by that length); the first in table order
		 * (longest first) of the longest that meet wins */
		l = list_of(&kn.by_second, q[1].cw, q[1].clen, &c);
		unsigned lo = q[0].len > 2 ? q[0].len - 2u : 0, hi = q[0].len + 2u;
		uint32_t a = 0, b = c;
		while (a < b) {
			uint32_t mid = a + (b - a) / 2;
			if (kn.forms[l[mid]].len[0] < lo)
				a = mid + 1;
			else
				b = mid;
		}
		size_t best2 = best;
		uint32_t at = UINT32_MAX; /* the form best2 is of, UINT32_MAX: none yet */
		for (uint32_t k = a; k < c && kn.forms[l[k]].len[0] <= hi; k++) {
			const lform *f = &kn.forms[l[k]];
			int t = 0;
			if (f->n < best2 || (f->n == best2 && (at == UINT32_MAX || l[k] > at)) ||
			    f->n > nq || f->len[0] < 2 || q[0].len < 2)
				continue;
			/* the form's word as written, or as it may be written ("cia":
			 * "compania") */
			unsigned e = q[0].len >= 7 && f->clen[0] >= 7 ? 2 : 1,
			         e0 = q[0].len >= 7 && f->len[0] >= 7 ? 2 : 1;
			if ((!sets_near(qmask(&q[0]), f->m[0], e0) ||
			     osa(q[0].w, q[0].len, f->w[0], f->len[0], e0) > e0) &&
			    (!sets_near(qmask(&q[0]), f->cm[0], e) ||
			     osa(q[0].w, q[0].len, f->cw[0], f->clen[0], e) > e))
				continue;
			if (form_at(f, q, nq, n, i, 1, &t)) {
				best2 = f->n;
				at = l[k];
			}
		}
		if (at != UINT32_MAX) {
			best = best2;
			*cls = (clr_kn_class)kn.forms[at].cls;
			*typo = 1;
		}
	}
	/* a typo in a legal form of one word ending the name ("Serpico Offshore
	 * Sar", "New Era Enterprises FEZ"), or in one written as two short
	 * words ("K.iK."): the matcher's typo budget, a known word excepted */
	if (!best && i + 1 == n && n >= 3 && len[i] >= 3 && !q[0].in && unknown_word(w[i], len[i])) {
		long f = delset_find(&kn.legal1, w[i], len[i], 0);
		if (f >= 0) {
			*cls = (clr_kn_class)kn.legal1.val[f];
			*typo = 1;
			return 1;
		}
	}
	/* ... but not a number and a form ("Fund IV LP"), nor a word before a
	 * form of its own ("Alpha Fund Vi LP") */
	if (!best && i + 2 == n && n >= 4 && len[i] <= 2 && len[i + 1] <= 2 &&
	    !((kw[i].flags | kw[i + 1].flags) & CLR_KN_NUMBER) && !(f1 & CLR_KN_LEGAL)) {
		char j[4];
		memcpy(j, w[i], len[i]);
		memcpy(j + len[i], w[i + 1], len[i + 1]);
		size_t jl = (size_t)len[i] + len[i + 1];
		long f = jl >= 3 ? delset_find(&kn.legal1, j, jl, 0) : -1;
		if (f >= 0) {
			*cls = (clr_kn_class)kn.legal1.val[f];
			*typo = 1;
			return 2;
		}
	}
	return best;
}

/* ---- phrases ---- */

size_t clr__kn_phrase_at(const char *const *t, const uint8_t *len, size_t n, size_t i,
                         const char **to)
{
	*to = NULL;
	if (i >= n || !ready())
		return 0;
	uint32_t c;
	const uint32_t *l = list_of(&kn.phrase_first, t[i], len[i], &c);
	for (uint32_t k = 0; k < c; k++) {
		const phrase *p = &kn.phrases[l[k]];
		if (i + p->n > n)
			continue;
		size_t m = 1;
		while (m < p->n && len[i + m] == p->len[m] && !memcmp(t[i + m], p->w[m], p->len[m]))
			m++;
		if (m == p->n) {
			*to = p->to;
			return p->n;
		}
	}
	return 0;
}

/* Writes into out the tokens with every occurrence of phrase from (words)
 * replaced by to; returns 1 when something was replaced. */
static int replace_all(const char *const *t, const uint8_t *len, size_t n, const char *from,
                       const char *to, char *out, size_t cap)
{
	const char *fw[12];
	uint8_t fl[12];
	size_t fn = split_words(from, fw, fl, 12);
	size_t o = 0;
	int hit = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n;) {
		size_t m = 0;
		while (m < fn && i + m < n && len[i + m] == fl[m] && !memcmp(t[i + m], fw[m], fl[m]))
			m++;
		const char *w = t[i];
		size_t wl = len[i];
		if (fn && m == fn) {
			w = to;
			wl = strlen(to);
			i += fn;
			hit = 1;
		} else {
			i++;
		}
		if (!wl)
			continue;
		if (o + wl + 2 > cap)
			return 0;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, wl);
		o += wl;
		out[o] = '\0';
	}
	return hit;
}

size_t clr__kn_variants(const char *const *t, const uint8_t *len, size_t n, char out[][256],
                        size_t max)
{
	size_t nv = 0;
	for (size_t a = 0; a < clr__kn_nabbrevs && nv < max; a++) {
		const clr_kn_map *m = &clr__kn_abbrevs[a];
		for (int dir = 0; dir < 2 && nv < max; dir++)
			if (replace_all(t, len, n, dir ? m->to : m->from, dir ? m->from : m->to, out[nv],
			                sizeof(out[nv])))
				nv++;
	}
	return nv;
}

/* ---- Chinese ---- */

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

size_t clr__kn_han_term(const char *s, size_t n, const char **en)
{
	*en = NULL;
	if (!ready() || !kn.han.cap || n < 3 || (unsigned char)s[0] < 0xe3)
		return 0;
	size_t ends[16], ne = 0, o = 0;
	while (o < n && o < kn.han_max && ne < 16) {
		o += utf8_len((unsigned char)s[o]);
		if (o > n)
			break;
		ends[ne++] = o;
	}
	for (size_t k = ne; k-- > 1;) { /* two characters at least, longest first */
		const smap_slot *sl = smap_find(&kn.han, s, ends[k]);
		if (sl) {
			*en = clr__kn_han_rows[sl->v].to;
			return ends[k];
		}
	}
	return 0;
}

/* ---- given names ---- */

size_t clr__kn_given(const char *w, size_t n, uint32_t *out, size_t max)
{
	if (!ready())
		return 0;
	const smap_slot *s = smap_find(&kn.words, w, n);
	if (!s)
		return 0;
	const winfo *in = &kn.info[s->v];
	size_t k = 0;
	for (; k < in->ngiven && k < max; k++)
		out[k] = kn.given_ids.v[in->given_off + k];
	return k;
}

int clr__kn_given_related(const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t ga[16], gb[16];
	size_t na = clr__kn_given(a, an, ga, 16), nb = clr__kn_given(b, bn, gb, 16);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (ga[i] == gb[j])
				return !(an == bn && !memcmp(a, b, an));
	return 0;
}

void clr__kn_given_members(const char *w, size_t n, void (*fn)(void *, const char *, size_t),
                           void *payload)
{
	uint32_t g[16];
	size_t ng = clr__kn_given(w, n, g, 16);
	for (size_t k = 0; k < ng; k++)
		for (uint32_t m = kn.group_off.v[g[k]]; m < kn.group_off.v[g[k] + 1]; m++) {
			const char *z = clr__kn_given_rows[kn.group_members.v[m]].name;
			size_t zl = strlen(z);
			if (zl != n || memcmp(z, w, n))
				fn(payload, z, zl);
		}
}

/* ---- syllables ---- */

void clr__kn_syllable_alts(const char *w, size_t n, void (*fn)(void *, const char *, size_t),
                           void *payload)
{
	if (!ready())
		return;
	uint32_t c;
	const uint32_t *l = list_of(&kn.syl, w, n, &c);
	for (uint32_t k = 0; k < c; k++) {
		const char *z = clr__kn_syllable_rows[l[k]].to;
		fn(payload, z, strlen(z));
	}
}

int clr__kn_syllable_related(const char *a, size_t an, const char *b, size_t bn)
{
	if (!ready())
		return 0;
	uint32_t c;
	const uint32_t *l = list_of(&kn.syl, a, an, &c);
	for (uint32_t k = 0; k < c; k++) {
		const char *z = clr__kn_syllable_rows[l[k]].to;
		if (strlen(z) == bn && !memcmp(z, b, bn))
			return 1;
	}
	return 0;
}

/* ---- frequencies ---- */

uint32_t clr__kn_prior_df(const char *w, size_t n, uint32_t *total)
{
	*total = clr__kn_freq_names;
	if (!ready())
		return 0;
	const smap_slot *s = smap_find(&kn.freq, w, n);
	return s ? s->v : 0;
}

/* ---- fingerprint ---- */



static uint64_t mix_maps(uint64_t h, const clr_kn_map *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = clr__hash_str(clr__hash_str(h, m[i].from), m[i].to);
	return h;
}

static uint64_t mix_pairs(uint64_t h, const clr_kn_pair_row *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = clr__hash_str(clr__hash_str(h, m[i].from), m[i].to);
	return h;
}

static uint64_t mix_words(uint64_t h, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = clr__hash_str(h, w[i]);
	return h;
}

uint64_t clr__kn_fingerprint(void)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < clr__kn_nlegal_rows; i++) {
		const clr_kn_legal_row *r = &clr__kn_legal_rows[i];
		h = clr__hash_more(clr__hash_more(clr__hash_str(h, r->words), &r->cls, 1), &r->flags, 1);
	}
	h = mix_pairs(h, clr__kn_term_rows, clr__kn_nterm_rows);
	h = mix_pairs(h, clr__kn_place_rows, clr__kn_nplace_rows);
	h = mix_pairs(h, clr__kn_han_rows, clr__kn_nhan_rows);
	h = mix_pairs(h, clr__kn_syllable_rows, clr__kn_nsyllable_rows);
	for (size_t i = 0; i < clr__kn_nnumber_rows; i++) {
		int32_t v = clr__kn_number_rows[i].value;
		h = clr__hash_more(clr__hash_str(h, clr__kn_number_rows[i].word), &v, sizeof(v));
	}
	for (size_t i = 0; i < clr__kn_ngiven_rows; i++)
		h = clr__hash_more(clr__hash_str(h, clr__kn_given_rows[i].name), &clr__kn_given_rows[i].group,
		        sizeof(uint32_t));
	for (size_t i = 0; i < clr__kn_nfreq_rows; i++)
		h = clr__hash_more(clr__hash_str(h, clr__kn_freq_rows[i].token), &clr__kn_freq_rows[i].df,
		        sizeof(uint32_t));
	h = clr__hash_more(h, &clr__kn_freq_names, sizeof(clr__kn_freq_names));
	h = mix_maps(h, clr__kn_word_map, clr__kn_nword_map);
	h = mix_maps(h, clr__kn_phrases, clr__kn_nphrases);
	h = mix_maps(h, clr__kn_abbrevs, clr__kn_nabbrevs);
	h = mix_maps(h, clr__kn_legal_equiv, clr__kn_nlegal_equiv);
	h = mix_words(h, clr__kn_stop_words, clr__kn_nstop_words);
	h = mix_words(h, clr__kn_titles, clr__kn_ntitles);
	h = mix_words(h, clr__kn_legal_words, clr__kn_nlegal_words);
	h = mix_words(h, clr__kn_legal_long, clr__kn_nlegal_long);
	return h;
}
