/*
 * names.h - name knowledge: what the matcher knows about the words of
 * names, as data (data/names/, compiled at build time by src/names/gen.c)
 * behind one narrow interface for the normaliser (src/text/norm.c) and the
 * scorer (src/match/).  Legal forms of ISO 20275 in every language and
 * script with their generic class, organisation terms of other languages,
 * abbreviations, number words and Roman numerals, place names, Chinese
 * terms, given-name equivalents, romanisation keys and syllable spellings,
 * name-part frequencies.  Every function is pure and thread-safe; tables
 * are hashed once, on first use.  Never allocates per call.
 */
#ifndef CLR_NAMES_H
#define CLR_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* ---- words ---- */

enum {
	CLR_KN_STOP = 1 << 0,    /* function word, title, suffix, branch word */
	CLR_KN_TITLE = 1 << 1,   /* personal title or suffix: makes a name a person */
	CLR_KN_NUMBER = 1 << 2,  /* number word, ordinal or Roman numeral: see value */
	CLR_KN_PLACE = 1 << 3,   /* country, region or city: see place */
	CLR_KN_GIVEN = 1 << 4,   /* a given name with equivalents (clr__kn_given) */
	CLR_KN_EXPAND = 1 << 5,  /* canonical is a longer word the word abbreviates */
	CLR_KN_LEGAL = 1 << 6,   /* starts a legal form (clr__kn_legal_at) */
	CLR_KN_LEGAL2 = 1 << 7,  /* is the second word of a legal form */
	CLR_KN_LEGALWORD = 1 << 8, /* a word of legal forms: low weight when it stands alone */
	CLR_KN_TERMWORD = 1 << 9,  /* the English word organisation terms stand for */
	CLR_KN_CLASS = 1 << 10,    /* the token of a legal form's class (clr__kn_class_token) */
};

/* What the tables say of one raw word (lowercase ASCII as fold.c writes
 * it).  canonical: the word it stands for (an abbreviation's word, a
 * plural's singular), or NULL; value: a number's value; place: a place's
 * id ("de", "city:shenzhen"), or NULL. */
typedef struct clr_kn_word {
	unsigned flags;
	const char *canonical;
	int value;
	const char *place;
	const char *legal_eq; /* the word a legal form may write for it ("co": "company"), or NULL */
	uint8_t legal_eq_len;
	uint8_t known;        /* the tables know the word (else all is zero) */
} clr_kn_word;

/* 0 and *out filled when the word is known; -1 when it is not (out zeroed). */
int clr__kn_word(const char *w, size_t n, clr_kn_word *out);

/* Where a word that neither the tables nor the lists know splits into two
 * organisation words written out, of four letters or more, each a word of
 * legal forms or the English word of terms ("jointstock": joint | stock,
 * "importclub": import | club): the first part's length; 0 when it does
 * not, or splits two ways.  No abbreviation is a part ("sab", "tech"): they
 * end too many names' words. */
size_t clr__kn_word_split(const char *w, size_t n);

/* A vocabulary word (abbreviation or its word, a long word of a legal
 * form) one edit from w, for words of seven letters or more that the tables
 * do not know: "industires" -> "industries"; or a number word one edit from
 * a word of six letters or more that no name uses ("foruth" -> "fourth").
 * The first letter is kept.  Returns the word or NULL. */
const char *clr__kn_word_typo(const char *w, size_t n);

/* The English word an organisation term of another language stands for
 * ("banco", "bankasi" -> "bank"), or NULL: a relation between words
 * (clr__tok_alt), not a rewrite, so that a typo in the term still meets the
 * term. */
const char *clr__kn_term(const char *w, size_t n);

/* ---- legal forms ---- */

/* The generic classes of legal forms, and the token each becomes. */
typedef enum clr_kn_class {
	CLR_KN_NOCLASS = 0,
	CLR_KN_LLC, CLR_KN_JSC, CLR_KN_LP, CLR_KN_GP, CLR_KN_LLP, CLR_KN_COOP, CLR_KN_SOE,
	CLR_KN_NGO, CLR_KN_FIN, CLR_KN_SP, CLR_KN_JV, CLR_KN_REL, CLR_KN_MIL, CLR_KN_BRANCH,
	CLR_KN_OTHER, CLR_KN_NCLASS
} clr_kn_class;

const char *clr__kn_class_token(clr_kn_class c); /* "llc", "jsc" ... */
const char *clr__kn_class_name(clr_kn_class c);  /* "LLC", "JSC" ... */
/* The class whose token t is, or CLR_KN_NOCLASS. */
clr_kn_class clr__kn_token_class(const char *t, size_t n);

/* The longest legal form written by words w[i..] of the n words of a name
 * (kw: what clr__kn_word says of each):
 * its number of words (0: none), class and whether a word of it was a typo
 * (one edit in one word of a form of two or more words, or in a long
 * single word).  A form flagged ambiguous ("AS", "PT", "SA") counts only as
 * the first or last words of the name. */
size_t clr__kn_legal_at(const char *const *w, const uint8_t *len, const clr_kn_word *kw,
                        size_t n, size_t i, clr_kn_class *cls, int *typo);

/* ---- phrases and their abbreviations ---- */

/* Phrases that stand for one another ("artificial intelligence" / "ai").
 * For the canonical tokens t[0..n), the alternative spellings of the name:
 * each variant's tokens are written to out (space-separated, NUL-terminated,
 * at most cap bytes each); returns how many (at most max).  A listed name
 * is indexed under each, so that a query in either form meets it word by
 * word. */
size_t clr__kn_variants(const char *const *t, const uint8_t *len, size_t n, char out[][256],
                        size_t max);

/* Multi-word rewrites of canonical words that stay rewrites (pinyin terms of
 * Chinese names, "hong kong"): longest at t[i..], its words in *to. */
size_t clr__kn_phrase_at(const char *const *t, const uint8_t *len, size_t n, size_t i,
                         const char **to);

/* ---- Chinese ---- */

/* A Chinese term at the start of s (UTF-8 after NFKC): its length in bytes
 * and English in *en; 0 when none (fold.c's hook). */
size_t clr__kn_han_term(const char *s, size_t n, const char **en);

/* ---- given names ---- */

/* The equivalence groups of a given name (nicknames, other languages):
 * up to max group ids in out; returns how many. */
size_t clr__kn_given(const char *w, size_t n, uint32_t *out, size_t max);
/* 1 when two words share a given-name group. */
int clr__kn_given_related(const char *a, size_t an, const char *b, size_t bn);
/* Calls fn for every member of the groups of w other than w itself. */
void clr__kn_given_members(const char *w, size_t n, void (*fn)(void *, const char *, size_t),
                           void *payload);

/* ---- romanisation ---- */

/* A key under which the spellings of one name in the romanisation schemes
 * of Russian (ICAO 9303, BGN/PCGN, GOST 7.79, GOST 52535, MVD, ALA-LC,
 * German and French practice) and of Japanese long vowels coincide:
 * "aleksei", "alexey", "aleksej" -> one key.  Writes at most cap bytes;
 * returns the length, 0 when w is too short or not a word (digits).
 * key(key(w)) == key(w) for keys of three letters or more (a shorter one
 * is not a word to key again). */
size_t clr__kn_translit_key(const char *w, size_t n, char *out, size_t cap);

/* A second key, the other reading of a word's letters: x as х (GOST 7.79's
 * "Mixail" for Mikhail), ch as х (German "Michail"), ou as у (French
 * "Iouri"); 0 when w has none of them or reads the same.  A word's keys are
 * its key and this one. */
size_t clr__kn_translit_key2(const char *w, size_t n, char *out, size_t cap);

/* The consonant skeleton of a word of Arabic origin written with its
 * vowels ("mohammed" -> "mhmd"): what the script writes when vowels are
 * not written (ICU's Arabic-Latin gives "mhmd").  0 when too short. */
size_t clr__kn_skeleton(const char *w, size_t n, char *out, size_t cap);
/* 1 when w has no vowel after its first letter (a skeleton itself). */
int clr__kn_vowelless(const char *w, size_t n);

/* Other spellings of one syllable or name in another scheme (Wade-Giles /
 * pinyin, Korean Revised / McCune-Reischauer / the usual spelling of
 * surnames): calls fn for each. */
void clr__kn_syllable_alts(const char *w, size_t n, void (*fn)(void *, const char *, size_t),
                           void *payload);
/* 1 when b is such another spelling of a. */
int clr__kn_syllable_related(const char *a, size_t an, const char *b, size_t bn);

/* Which knowledge relations a word may have (a cheap test before any
 * look-up): CLR_KN_REL_GIVEN, a given name of a group; _SYLLABLE, a
 * syllable with other spellings; _TERM, the English word of organisation
 * terms of other languages. */
enum { CLR_KN_REL_GIVEN = 1, CLR_KN_REL_SYLLABLE = 2, CLR_KN_REL_TERM = 4 };
unsigned clr__kn_relations(const char *w, size_t n);

/* ---- frequencies ---- */

/* How many names of the reference lists hold the canonical token w (0 when
 * none) and, in *total, how many names they hold: compare's weights when
 * no lists are loaded. */
uint32_t clr__kn_prior_df(const char *w, size_t n, uint32_t *total);

/* A hash of every table the knowledge holds: what an index or a store
 * built with it must be rebuilt on (clr__norm_fingerprint). */
uint64_t clr__kn_fingerprint(void);

/* ---- scripts ---- */

typedef enum clr_kn_script {
	CLR_KN_LATIN = 0, CLR_KN_HAN, CLR_KN_HANGUL, CLR_KN_KANA, CLR_KN_CYRILLIC, CLR_KN_ARABIC,
	CLR_KN_OTHER_SCRIPT
} clr_kn_script;

/* The script most letters of a UTF-8 name are written in. */
clr_kn_script clr__kn_script(const char *s, size_t n);

/* For two names written in the same Han, Hangul or kana script: the share
 * of the characters of the longer that stand in words the other holds
 * whole, one to one and order-free, in [0,1]; -1 when the two are not both
 * in one such script.  A Han character and a Hangul syllable are words of
 * their own, a run of kana one word: no typo inside a syllable (张伟 / 张玮
 * gives 0.5), none inside a kana name (ハレアキ / バレアキ differ). */
double clr__kn_same_script(const char *a, size_t an, const char *b, size_t bn);

#endif
