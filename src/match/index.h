/*
 * index.h - the screening index: token dictionary with rarity weights,
 * symmetric-deletion neighbourhoods for typo-tolerant token lookup, and
 * posting lists from anchor tokens to listed names.  Built once per db,
 * read-only afterwards, shared by every screener thread.  Internal.
 */
#ifndef CLR_INDEX_H
#define CLR_INDEX_H

#include <math.h>

#include "clearance.h"
#include "../text/norm.h"
#include "../util/util.h"

struct clr_db;

/* How two tokens relate; also the explanation's "how".  The knowledge
 * relations (src/names): another romanisation of the word (transliteration
 * scheme, Arabic written without vowels, a syllable's Wade-Giles or Korean
 * spelling), an equivalent the lists themselves give (mined from an
 * entry's names and addresses), a given name's nickname or counterpart in
 * another language, an organisation term of another language ("banco" /
 * "bank"). */
enum {
	HOW_NONE = 0, HOW_EXACT, HOW_TYPO, HOW_JOINED, HOW_INITIAL, HOW_ABBREV,
	HOW_TRANSLIT, HOW_EQUIV, HOW_NICKNAME, HOW_TERM, HOW_WEAKTYPO, HOW_NHOW
};

/* A relation that adds to a score but cannot anchor it: a typo'd listed
 * spelling of a query word that is itself a listed word ("technology" /
 * "techology").  Or'ed into a how value. */
#define HOW_NO_ANCHOR 0x80

/* Relations found through the deletion index; the others (initials,
 * abbreviations) only add to a name that something else brought in. */
static inline int clr__how_indexed(int how)
{
	return how == HOW_EXACT || how == HOW_TYPO || how == HOW_TRANSLIT || how == HOW_EQUIV ||
	       how == HOW_NICKNAME || how == HOW_TERM || how == HOW_WEAKTYPO;
}

/* A typo that supports a match but cannot carry it: two edits of which one
 * changes the first letter of a word shorter than nine letters ("gxthman"
 * for "Othman" beside an exact surname; but "Brintal" alone is no
 * "Oriental").  Found like a typo, marked HOW_NO_ANCHOR by the screener. */
static inline int clr__how_unanchored(int how)
{
	return how == HOW_NICKNAME || how == HOW_WEAKTYPO;
}

#define CLR_TRANSLIT_SIM 0.95f /* another scheme's spelling of the same word */
#define CLR_SKELETON_SIM 0.9f  /* the word as written without its vowels */
#define CLR_EQUIV_SIM 0.92f    /* an equivalent the lists give */
#define CLR_TERM_SIM 0.93f     /* an organisation term of another language */
#define CLR_NICKNAME_SIM 0.8f  /* a nickname or another language's given name */

typedef struct clr_tokinfo {
	uint32_t off;    /* into pool */
	uint16_t len;
	uint8_t flags;   /* CLR_TOK_* */
	uint8_t joined_only; /* seen only as two listed tokens joined: matched exactly */
	uint32_t df;     /* listed names containing it */
	float w;         /* weight in the score */
	uint32_t post;   /* first posting */
	uint32_t npost;
} clr_tokinfo;

/* A deletion variant's slot: 8 bytes, since the table is the index's largest
 * part at a million names.  key is the high half of the variant's hash
 * (| 1; 0 marks an empty slot), its position comes from the low half
 * (clr__del_home).  val is the one token behind the variant, or with
 * CLR_DEL_MANY an offset into del_ids where a count and that many token
 * ids follow.  Two variants whose hashes agree on the key and meet in one
 * probe run share a slot: the lookup verifies every token it finds. */
typedef struct clr_delslot {
	uint32_t key;
	uint32_t val;
} clr_delslot;
#define CLR_DEL_MANY 0x80000000u
static inline uint32_t clr__del_key(uint64_t h)
{
	return (uint32_t)(h >> 32) | 1u;
}
/* The first slot to probe for hash h in a table of cap slots (any cap). */
static inline uint32_t clr__del_home(uint64_t h, uint32_t cap)
{
	return (uint32_t)(((uint64_t)(uint32_t)h * cap) >> 32);
}

/* A posting: a listed name and where its record starts in name_toks. */
typedef struct clr_posting {
	uint32_t name, rec;
} clr_posting;

/* Beside each posting (same position in post_meta): what bounds a name
 * without reading its record - its weight sum and the first letters of its
 * words (bit c - 'a', bit 26 for others; no legal forms or function words);
 * bit 31 set when the name is of common words only (clr_iname.common_only),
 * bit 30 when every word of it that is not common is posted (it has at most
 * CLR_MAX_ANCHORS of them), so that a query word related to none of them
 * and to no common word shows by bringing the name in or not.
 *
 * For such names (bit 30 or 31) the rest bounds the score from the postings
 * alone (docs/index.md, "A bound without the record"): signatures of the
 * name's slots that are not posted (usig: slots holding a word that is not a
 * legal form or function word, clr__pm_sigbit; lsig: the other slots, the
 * bit's low four bits), the weight of the words each kind covers (wu_c,
 * wu_l) and the listed weight of this posting's slot (wslot), in units of
 * 1/CLR_PM_WSCALE rounded up (CLR_PM_WUNKNOWN: too heavy, use wsum), and
 * first letter with a length class (clr__pm_word) and weak code
 * (clr__weak_code) of the words that may meet a query word as an initial or
 * abbreviation (wfirst 0: unused; bit 29 of letters when the name has more
 * than CLR_PM_WORDS of them), and their letters folded into 16 bits
 * (clr__fold_letters), which a weak typo needs all but two of. */
#define CLR_PM_WORDS 4
typedef struct clr_postmeta {
	float wsum;
	uint32_t letters;
	uint64_t usig;
	uint16_t lsig;
	uint16_t wu_c, wu_l, wslot;
	uint8_t wfirst[CLR_PM_WORDS], wcode[CLR_PM_WORDS];
	uint16_t wlet[CLR_PM_WORDS];
} clr_postmeta;
#define CLR_PM_COMMON_ONLY (1u << 31)
#define CLR_PM_COMPLETE (1u << 30)
#define CLR_PM_MANY (1u << 29)
#define CLR_PM_WSCALE 256.0f
#define CLR_PM_WUNKNOWN 0xffffu

static inline unsigned clr__pm_sigbit(uint32_t id)
{
	return (unsigned)((id * 0x9E3779B97F4A7C15ull) >> 58);
}

/* A weight as stored in clr_postmeta: never less than w. */
static inline uint16_t clr__pm_weight(float w)
{
	float x = ceilf(w * CLR_PM_WSCALE);
	return x >= 0 && x < (float)CLR_PM_WUNKNOWN ? (uint16_t)x : (uint16_t)CLR_PM_WUNKNOWN;
}

static inline float clr__pm_unweight(uint16_t v, float wsum)
{
	return v == CLR_PM_WUNKNOWN ? wsum : (float)v / CLR_PM_WSCALE;
}

/* Token flag beside the CLR_TOK_* of norm.h: the token is a joined span of
 * common words in some listed name (never posted unless it covers an
 * anchor), so a query word may meet a name through it unseen. */
#define CLR_TOK_CJOIN 0x80u
/* And: the token fills a joined slot (two or more listed words written
 * together) of some listed name, so a query word may meet a name there. */
#define CLR_TOK_JOINED 0x40u

typedef struct clr_iname {
	uint32_t entry;   /* index into db entries */
	uint16_t name;    /* index into entry->names */
	uint8_t ntok;
	uint8_t common_only : 1; /* no word rarer than the common words: anchored by fallback */
	uint8_t complete : 1;    /* every word that is not common is an anchor (posted) */
	uint32_t toks;    /* into name_toks: see clr__slot() */
	uint64_t anchor;  /* bit j: token j may anchor a match */
	uint64_t rare;    /* bit j: token j is rare (df <= rare_df, not a legal form) */
	float wsum;       /* sum of the name's token weights */
} clr_iname;

typedef struct clr_evkey {
	uint64_t key;
	uint32_t entry;
	uint32_t name; /* the entry's first name (clr_index.name_rec) */
} clr_evkey;

/* A stored neighbour of a listed word (clr_index.nbw): HOW_EXACT when it is
 * the word itself, HOW_TYPO otherwise, HOW_WEAKTYPO with CLR_NB_WEAK set in
 * id. */
typedef struct clr_nbentry {
	uint32_t id;
	float sim;
} clr_nbentry;
#define CLR_NB_WEAK 0x80000000u

typedef struct clr_index {
	char *pool;
	size_t npool;
	clr_tokinfo *tok;
	uint32_t ntok;
	uint32_t *tok_ht;   /* open addressing, id + 1, 0 empty */
	uint32_t tok_htcap; /* power of two */
	/* The neighbourhood of each listed word that is looked up with typos,
	 * computed when the index is built (what clr__index_neighbours finds
	 * for the word itself, in its order), so that a query word the lists
	 * know costs one look-up: token id has one when bit id of nbw_bits is
	 * set; it is nbw[nbw_off[r] .. nbw_off[r + 1]) for its rank r among
	 * those (nbw_rank: set bits before each 64-token block). */
	uint64_t *nbw_bits;
	uint32_t *nbw_rank;
	uint32_t *nbw_off;
	clr_nbentry *nbw;
	uint32_t nnbw_words, nnbw;
	clr_delslot *del;   /* deletion neighbourhood: variant -> its tokens (clr_delslot) */
	uint32_t del_cap;   /* slots, at most 4/5 full */
	uint32_t *del_ids;  /* groups of CLR_DEL_MANY slots: a count, then the ids */
	uint32_t ndel_ids;
	/* Alternates: words related to a token by knowledge rather than by
	 * spelling (src/names, and equivalents mined from the lists), keyed by
	 * what a query word looks them up by (clr__alt_hash): a transliteration
	 * key, a consonant skeleton, a given name, another spelling, a mined
	 * equivalent.  Same slot layout as the deletion table. */
	clr_delslot *alt;
	uint32_t alt_cap;
	uint32_t *alt_ids;
	uint32_t nalt_ids;
	uint32_t neq_pairs; /* pairs of equivalents mined from the lists */
	/* Listed identifiers (passport, registration, IMO numbers ...) by key
	 * (clr__ev_key of kind and number), sorted: an identifier a query gives
	 * finds its entries, and the entry's first name, to explain the name
	 * beside it. */
	clr_evkey *evkeys;
	uint32_t nevkeys;
	/* One party, several listings (link.c): per entry the next entry of
	 * its party, round a cycle (itself when listed once), and why it was
	 * linked (CLR_LINK_*, 0 when alone). */
	uint32_t *link_next;
	uint8_t *link_why;
	clr_iname *names;   /* while building (NULL in a compiled index file) */
	uint32_t *name_rec; /* per name: where its record starts in name_toks */
	uint32_t nnames;
	uint32_t *name_toks;
	clr_posting *postings;
	clr_postmeta *post_meta; /* parallel to postings */
	uint32_t *ecc_off;  /* per entry e: its countries are ecc[ecc_off[e] .. ecc_off[e + 1]) */
	uint16_t *ecc;      /* country codes, clr__cc16(); CLR_CC_OTHER for any other text */
	float w_unknown;    /* weight of a query token the lists never use */
	uint32_t stop_df;   /* tokens in more names than this never anchor */
	uint32_t rare_df;   /* tokens in at most this many names are rare */
	size_t nentries;
	uint64_t serial; /* unique per build: screeners size their scratch by it */
	int mapped;      /* the arrays live in a compiled index file (src/clx): not freed */
} clr_index;

/* Why entries are linked as one party (clr_index.link_why), the strongest
 * evidence that joined an entry to its party. */
enum {
	CLR_LINK_NONE = 0,
	CLR_LINK_IDENTIFIER, /* the same identifier: passport, national id, registration, IMO */
	CLR_LINK_UN_REF,     /* the same UN reference number (a UN entry, or named in remarks) */
	CLR_LINK_NAME_DOB,   /* a person: the same full name and date of birth */
	CLR_LINK_SAME_LIST,  /* not a person: the same full name, type and list */
	CLR_LINK_NAME_COUNTRY, /* not a person: the same full name and type, a shared country */
	CLR_LINK_NKINDS
};
const char *clr__link_name(unsigned why);
/* Links the entries of db that are one party (clr_index.link_next, link_why). */
int clr__link_build(clr_index *ix, struct clr_db *db);

/* The identifier keys of ix equal to key: their count, *first the first. */
size_t clr__index_evkeys(const clr_index *ix, uint64_t key, const clr_evkey **first);

/* 64-token blocks of the stored-neighbourhood bitmap (nbw_bits, nbw_rank). */
static inline uint64_t clr__nbw_blocks(uint64_t ntok)
{
	return (ntok + 63) / 64;
}

/* 1 when token id's neighbourhood is stored (clr_index.nbw_bits). */
static inline int clr__nbw_has(const clr_index *ix, uint32_t id)
{
	return ix->nbw_bits[id / 64] >> (id % 64) & 1;
}

#define CLR_NO_TOKEN UINT32_MAX
#define CLR_CC_OTHER 0xffffu

/* A two-letter country code as one number (anything else: CLR_CC_OTHER). */
static inline uint16_t clr__cc16(const char *cc)
{
	if (!cc || !cc[0] || !cc[1] || cc[2])
		return CLR_CC_OTHER;
	return (uint16_t)((unsigned char)cc[0] | (unsigned char)cc[1] << 8);
}

/* 1 when entry e has no country or has the country cc (clr__cc16). */
static inline int clr__entry_in_country(const struct clr_index *ix, uint32_t e, uint16_t cc)
{
	uint32_t a = ix->ecc_off[e], b = ix->ecc_off[e + 1];
	if (a == b)
		return 1;
	for (uint32_t i = a; i < b; i++)
		if (ix->ecc[i] == cc)
			return 1;
	return 0;
}
#define CLR_MAX_JOIN 3 /* tokens that may be written joined: "Mai Li Te" / "Mailite" */

/* A listed name's token slots: its n tokens, then the n-1 joined pairs,
 * then the n-2 joined triples (CLR_NO_TOKEN where a join is too long). */
static inline size_t clr__slots(size_t n)
{
	return n + (n > 1 ? n - 1 : 0) + (n > 2 ? n - 2 : 0);
}
static inline size_t clr__slot(size_t n, size_t width, size_t j)
{
	return width == 1 ? j : width == 2 ? n + j : n + (n - 1) + j;
}

/* A listed name's record in name_toks, packed so that scoring a candidate
 * reads one contiguous block and nothing else.  clr_iname.toks points at
 * its slot ids; the CLR_REC_HEAD words before them repeat the clr_iname
 * (entry, name index and entry type, token count, weight sum, anchor and
 * rare masks), and after the ids come the n token weights, the n letter
 * sets (clr__letters), n first letters and n lengths. */
#define CLR_REC_HEAD 8u
static inline uint32_t clr__rec_entry(const uint32_t *rec)
{
	return rec[-8];
}
static inline uint16_t clr__rec_name(const uint32_t *rec)
{
	return (uint16_t)rec[-7];
}
static inline clr_type clr__rec_type(const uint32_t *rec)
{
	return (clr_type)(rec[-7] >> 16 & 0xff);
}
/* The listed name's kind (clr_name_kind) and script (clr_kn_script). */
static inline unsigned clr__rec_kind(const uint32_t *rec)
{
	return rec[-7] >> 24 & 0xf;
}
static inline unsigned clr__rec_script(const uint32_t *rec)
{
	return rec[-7] >> 28 & 0xf;
}
static inline size_t clr__name_words(size_t n)
{
	return CLR_REC_HEAD + clr__slots(n) + 2 * n + (2 * n + 3) / 4;
}
static inline size_t clr__rec_ntok(const uint32_t *rec)
{
	return rec[-6];
}
static inline float clr__rec_wsum(const uint32_t *rec)
{
	float f;
	memcpy(&f, rec - 5, sizeof(f));
	return f;
}
static inline uint64_t clr__rec_mask(const uint32_t *rec, int rare)
{
	const uint32_t *p = rec - (rare ? 2 : 4);
	return (uint64_t)p[0] | (uint64_t)p[1] << 32;
}
static inline float *clr__name_w(uint32_t *rec, size_t n)
{
	return (float *)(void *)(rec + clr__slots(n));
}
static inline uint32_t *clr__name_letters(uint32_t *rec, size_t n)
{
	return rec + clr__slots(n) + n;
}
/* Beside a word's letters in its record: the word is a number, a place
 * (CLR_TOK_NUMBER, CLR_TOK_PLACE); CLR_LETTER_BITS are the letters. */
#define CLR_REC_NUMBER (1u << 30)
#define CLR_REC_PLACE (1u << 31)
#define CLR_LETTER_BITS 0x07ffffffu
static inline uint8_t *clr__name_first(uint32_t *rec, size_t n)
{
	return (uint8_t *)(rec + clr__slots(n) + 2 * n);
}
static inline uint8_t *clr__name_len(uint32_t *rec, size_t n)
{
	return clr__name_first(rec, n) + n;
}
#define CLR_LEGAL_WEIGHT 0.4f
#define CLR_STOP_WEIGHT 0.3f
#define CLR_TYPO_COST 0.7f      /* similarity lost per edit, relative to length */
/* A weak typo (HOW_WEAKTYPO) is evidence for part of a word: more in a
 * person's name, where it sits beside an exact surname ("DERAMCHI,
 * Gxthman"), than in a company's, where the other words are often generic
 * ("Friyskiy Machine-Building Plant").  Neighbourhoods carry the higher;
 * the scorer lowers it for a name that is not a person's. */
#define CLR_WEAK_TYPO_SIM 0.7f
#define CLR_WEAK_TYPO_SIM_ENTITY 0.5f /* "Brintal" / "Oriental Logistics Group": 0.79 */
#define CLR_ABBREV_SIM 0.8f
#define CLR_INITIAL_SIM 0.8f /* "V. Putin": the initial says all an initial can */
/* ... when the words beside it that match weigh this much (a surname in
 * about 1 of 3,000 names); else an initial is CLR_INITIAL_WEAK_SIM */
#define CLR_INITIAL_SUPPORT 8.0f
#define CLR_INITIAL_WEAK_SIM 0.5f
/* An initial (a one-letter token) stands for any word of its letter: its
 * weight is what the letter says (about log 26), not the rarity of the
 * letter as a token.  A lone digit keeps its weight ("Plant 5"). */
#define CLR_INITIAL_WEIGHT 3.0f
static inline float clr__cap_initial(float w, const char *tok, size_t len)
{
	return len == 1 && tok[0] >= 'a' && tok[0] <= 'z' && w > CLR_INITIAL_WEIGHT
	               ? CLR_INITIAL_WEIGHT
	               : w;
}
#ifndef CLR_STOP_DIV
#define CLR_STOP_DIV 300.0 /* a token in more than 1/300 of the names never anchors */
#endif
#ifndef CLR_KNOWN_DF
#define CLR_KNOWN_DF 5 /* a word in this many listed names is known: its typo'd neighbours do not anchor */
#endif
#define CLR_FALLBACK_ANCHORS 2 /* rarest words anchoring a name of common words */
#ifndef CLR_MAX_ANCHORS
#define CLR_MAX_ANCHORS 3 /* a name is anchored (and posted) by at most its 3 rarest words */
#endif
#define CLR_UNMATCHED_LISTED 0.5f /* weight share of a listed token the query lacks */

int clr__index_build(clr_index **out, struct clr_db *db, clr_buf *err);
/* Builds the alternates table of a built index (alt.c): equivalents mined
 * from db's entries, then every dictionary token under the keys a query
 * word may look it up by. */
int clr__alt_build(clr_index *ix, struct clr_db *db);
void clr__index_free(clr_index *ix);

uint32_t clr__index_lookup(const clr_index *ix, const char *s, size_t n);
/* A token that may stand in a listed name without anchoring it. */
static inline int clr__tok_common(const clr_index *ix, const clr_tokinfo *t)
{
	return t->df > ix->stop_df || (t->flags & (CLR_TOK_LEGAL | CLR_TOK_STOP));
}

static inline const char *clr__index_tok(const clr_index *ix, uint32_t id)
{
	return ix->pool + ix->tok[id].off;
}

/* Similarity of two canonical tokens in [0,1] and how they relate.  The one
 * definition both the index and the exhaustive scan obey. */
float clr__tok_sim(const char *a, size_t la, const char *b, size_t lb, int *how);
/* The weak relations, never found through the index: an initial ("j" /
 * "john") or an abbreviation ("enrg" / "energy"); they only add to a match
 * that an indexed relation anchors, and never involve a legal form or a
 * function word (the scorer checks that). */
float clr__tok_weak(const char *a, size_t la, const char *b, size_t lb, int *how);
/* Two edits in a word of four to six letters ("Auaona" / "Arana",
 * "gxthman" / "Othman"): beyond the typo budget, so never found through the
 * index; a query word the lists do not know meets a word of a name the
 * index brought in this way, HOW_WEAKTYPO, which supports a match and
 * cannot anchor it.  The similarity, or 0. */
float clr__tok_weak_typo(const char *a, size_t la, const char *b, size_t lb);
/* The set of letters of a token, one bit per letter (other bytes share
 * bit 26): an abbreviation's letters are a subset of the word's. */
static inline uint32_t clr__letters(const char *t, size_t n)
{
	uint32_t m = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		m |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26;
	}
	return m;
}

/* A letter set (clr__letters) folded into 16 bits: the thirteen letters
 * most frequent in listed names keep a bit each, the rest share three
 * (and the other characters one).  Folding loses no letter the other word
 * lacks, only tells some apart less: a word holding all but two of
 * another's letters still does folded, so the fold's test never rejects
 * a pair the full sets accept. */
static inline uint16_t clr__fold_letters(uint32_t m)
{
	/* a b c d e f g h i j k l m n o p q r s t u v w x y z other */
	static const uint8_t bit[27] = {0,  14, 15, 12, 1,  14, 15, 9,  2,  15, 11, 8,  10, 4,
	                                3,  14, 15, 5,  6,  7,  13, 13, 13, 15, 13, 15, 15};
	uint16_t f = 0;
	for (; m; m &= m - 1)
		f |= (uint16_t)(1u << bit[__builtin_ctz(m)]);
	return f;
}

/* What a word must share with another to be its initial or abbreviation
 * (clr__tok_weak): CLR_WEAK_ANY when it is one letter long or has no vowel
 * after its first letter (it may abbreviate by a subsequence), else hashes
 * of its first three (bits 0-1), four (2-3) and five letters (4-6), which
 * a word it is a prefix of, or that is its prefix, shares up to the
 * shorter one's length (clr__weak_codes_meet). */
#define CLR_WEAK_ANY 0x80u
static inline uint8_t clr__weak_code(const char *t, size_t len)
{
	int vowel = 0;
	for (size_t i = 1; i < len && !vowel; i++)
		vowel = t[i] == 'a' || t[i] == 'e' || t[i] == 'i' || t[i] == 'o' || t[i] == 'u' ||
		        t[i] == 'y';
	if (len <= 1 || !vowel)
		return CLR_WEAK_ANY;
	uint32_t h = 0, code = 0;
	for (size_t i = 0; i < len && i < 5; i++) {
		h = h * 31 + (unsigned char)t[i];
		uint32_t x = (h * 2654435761u) >> 16;
		if (i == 2)
			code |= x & 3;
		else if (i == 3)
			code |= (x & 3) << 2;
		else if (i == 4)
			code |= (x & 7) << 4;
	}
	return (uint8_t)code;
}

/* 1 when two words of the same first letter, of weak codes a and b
 * (clr__weak_code), the shorter of at least m letters, may be one the
 * other's initial or abbreviation. */
static inline int clr__weak_codes_meet(uint8_t a, uint8_t b, size_t m)
{
	uint8_t mask = m >= 5 ? 0x7f : m == 4 ? 0x0f : m == 3 ? 0x03 : 0;
	return ((a | b) & CLR_WEAK_ANY) || !((a ^ b) & mask);
}

/* A word's length class: 1 to 6 letters each their own (0 to 5), 7 or 8
 * letters (6), longer (7). */
static inline unsigned clr__len_class(size_t len)
{
	return len <= 6 ? (unsigned)(len ? len - 1 : 0) : len <= 8 ? 6u : 7u;
}

/* A word's first letter (a-z: 0 to 25, others 26), plus one, with its
 * length class in the top three bits: clr_postmeta.wfirst. */
static inline uint8_t clr__pm_word(char first, size_t len)
{
	unsigned li = first >= 'a' && first <= 'z' ? (unsigned)(first - 'a') : 26u;
	return (uint8_t)((li + 1) | clr__len_class(len) << 5);
}

static inline int clr__weak_possible(size_t la, size_t lb)
{
	return la == 1 || lb == 1 || la + 2 <= lb || lb + 2 <= la;
}

/* Lengths a weak typo (clr__tok_weak_typo) may join: words of four letters
 * or more, two apart at most, the shorter within the one-edit budget. */
static inline int clr__weak_typo_possible(size_t la, size_t lb)
{
	size_t m = la < lb ? la : lb, d = la > lb ? la - lb : lb - la;
	return m >= 4 && m < 7 && d <= 2;
}

/* 1 when x has at most k bits set (k small: no popcount instruction in
 * the baseline x86-64 that Debian builds for).  Without a branch: clearing
 * the lowest bit of 0 leaves 0. */
static inline int clr__bits_at_most(uint64_t x, unsigned k)
{
	for (unsigned i = 0; i < k; i++)
		x &= x - 1;
	return x == 0;
}

/* 1 unless two tokens of lengths la and lb and letter sets a and b
 * (clr__letters) both have letters the other lacks: an initial or
 * abbreviation needs one's letters among the other's. */
static inline int clr__letters_nest(size_t la, uint32_t a, size_t lb, uint32_t b)
{
	return la <= 1 || lb <= 1 || !(a & ~b) || !(b & ~a);
}

/* Maximum edits a token pair of shortest length m may differ by. */
static inline unsigned clr__max_edits(size_t m)
{
	return m < 3 ? 0 : m < 7 ? 1 : 2;
}

/* Calls fn for every dictionary token t related to q by an indexed relation
 * (clr__how_indexed; exact only when t is joined_only, q is a legal form or
 * a function word, or mode has CLR_NB_EXACT): through the deletion index,
 * or by scanning the whole dictionary with CLR_NB_EXHAUSTIVE.  Both ways
 * find the same tokens. */
/* CLR_NB_HAN: a word read from Han characters, whose pinyin is exact: no
 * typo, no other romanisation, no nickname (equivalents and translations
 * still hold). */
enum { CLR_NB_EXHAUSTIVE = 1, CLR_NB_EXACT = 2, CLR_NB_HAN = 4 };
typedef void (*clr_neighbour_fn)(void *payload, uint32_t id, float sim, int how);
void clr__index_neighbours(const clr_index *ix, const char *q, size_t qn, unsigned mode,
                           clr_neighbour_fn fn, void *payload);

/* Calls fn for every dictionary token (other than q itself) that a
 * knowledge relation ties to the query word q (HOW_TRANSLIT, HOW_EQUIV,
 * HOW_NICKNAME): through the alternates table, or with CLR_NB_EXHAUSTIVE by
 * testing every token with clr__tok_alt.  Both find the same tokens.  Not
 * for legal forms, function words or words with digits. */
void clr__index_alternates(const clr_index *ix, const char *q, size_t qn, unsigned mode,
                           clr_neighbour_fn fn, void *payload);

/* The knowledge relation between a query word and a token (HOW_NONE when
 * none), its similarity in *sim; ix may be NULL (no mined equivalents). */
int clr__tok_alt(const clr_index *ix, const char *q, size_t qn, const char *t, size_t tn,
                 float *sim);

/* 1 when the lists teach words a and b as equivalents (alt.c). */
int clr__index_equivalent(const clr_index *ix, const char *a, size_t an, const char *b, size_t bn);

#endif
