/*
 * tables.c - the canonical vocabulary of names: abbreviations, legal forms
 * in many languages, multi-word phrases, function words.  Data only; the
 * normaliser (norm.c) applies it to listed names and queries alike.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"

/* Word -> canonical word.  Sorted by `from` (checked by a unit test). */
const clr_word_map clr__word_map[] = {
	{"acad", "academy"},
	{"assn", "association"},
	{"assoc", "association"},
	{"bros", "brothers"},
	{"centre", "center"},
	{"chem", "chemical"},
	{"chemicals", "chemical"},
	{"co", "company"},
	{"comm", "communication"},
	{"comms", "communication"},
	{"communications", "communication"},
	{"corp", "corporation"},
	{"ctr", "center"},
	{"dept", "department"},
	{"dev", "development"},
	{"devt", "development"},
	{"elec", "electronic"},
	{"electronics", "electronic"},
	{"eng", "engineering"},
	{"engg", "engineering"},
	{"enterprises", "enterprise"},
	{"equip", "equipment"},
	{"grp", "group"},
	{"hk", "hongkong"},
	{"hldg", "holding"},
	{"hldgs", "holding"},
	{"holdings", "holding"},
	{"inc", "incorporated"},
	{"ind", "industry"},
	{"inds", "industry"},
	{"industries", "industry"},
	{"inst", "institute"},
	{"intl", "international"},
	{"invest", "investment"},
	{"investments", "investment"},
	{"lab", "laboratory"},
	{"laboratories", "laboratory"},
	{"labs", "laboratory"},
	{"limitada", "limited"},
	{"ltd", "limited"},
	{"ltda", "limited"},
	{"mach", "machinery"},
	{"mfg", "manufacturing"},
	{"mgmt", "management"},
	{"mgt", "management"},
	{"mktg", "marketing"},
	{"natl", "national"},
	{"pharma", "pharmaceutical"},
	{"pharmaceuticals", "pharmaceutical"},
	{"pte", "private"},
	{"pvt", "private"},
	{"res", "research"},
	{"sci", "science"},
	{"sciences", "science"},
	{"service", "services"},
	{"shpg", "shipping"},
	{"solutions", "solution"},
	{"svc", "services"},
	{"svcs", "services"},
	{"sys", "systems"},
	{"system", "systems"},
	{"tech", "technology"},
	{"technologies", "technology"},
	{"trdg", "trading"},
	{"univ", "university"},
};
const size_t clr__nword_map = sizeof(clr__word_map) / sizeof(clr__word_map[0]);

/* Phrases over canonical words -> replacement (space separated, may be
 * empty).  Longest match wins; listed longest first within a first word. */
const clr_phrase clr__phrases[] = {
	{"aktsionernoe obshchestvo", "joint stock company"},
	{"and any successor sub unit or subsidiary thereof", ""},
	{"and its sub units and successors", ""},
	{"artificial intelligence", "ai"},
	{"cjsc", "closed joint stock company"},
	{"gong si", "company"},
	{"gu fen you xian gong si", "joint stock company"},
	{"hong kong", "hongkong"},
	{"ji tuan", "group"},
	{"jsc", "joint stock company"},
	{"llc", "limited liability company"},
	{"llp", "limited liability partnership"},
	{"obshchestvo s ogranichennoi otvetstvennostiu", "limited liability company"},
	{"obshchestvo s ogranichennoy otvetstvennostyu", "limited liability company"},
	{"oao", "open joint stock company"},
	{"ojsc", "open joint stock company"},
	{"ooo", "limited liability company"},
	{"otkrytoe aktsionernoe obshchestvo", "open joint stock company"},
	{"pao", "public joint stock company"},
	{"pjsc", "public joint stock company"},
	{"publichnoe aktsionernoe obshchestvo", "public joint stock company"},
	{"sociedad anonima", "sa"},
	{"societe anonyme", "sa"},
	{"uae", "united arab emirates"},
	{"uk", "united kingdom"},
	{"you xian gong si", "limited company"},
	/* common words of Chinese names written in pinyin (Han-script queries
	 * arrive this way from ICU), mapped to the English the lists use */
	{"chan ye", "industry"},
	{"dian qi", "electric"},
	{"dian zi", "electronic"},
	{"fa zhan", "development"},
	{"gong cheng", "engineering"},
	{"guo ji", "international"},
	{"hang kong", "aviation"},
	{"hang tian", "aerospace"},
	{"hua gong", "chemical"},
	{"ji shu", "technology"},
	{"ji xie", "machinery"},
	{"ke ji", "technology"},
	{"ke xue", "science"},
	{"mao yi", "trading"},
	{"neng yuan", "energy"},
	{"ren gong zhi neng", "ai"},
	{"shi you", "petroleum"},
	{"tong xin", "communication"},
	{"tou zi", "investment"},
	{"wu liu", "logistics"},
	{"xin xi", "information"},
	{"yan jiu suo", "research institute"},
	{"yan jiu yuan", "research institute"},
	{"zhi zao", "manufacturing"},
	{"zhong guo", "china"},
	{"zhong xin", "center"},
	{"you xian ze ren gong si", "limited company"},
	{"zakrytoe aktsionernoe obshchestvo", "closed joint stock company"},
	{"zao", "closed joint stock company"},
};
const size_t clr__nphrases = sizeof(clr__phrases) / sizeof(clr__phrases[0]);

/* Legal forms after canonicalisation.  Sorted. */
const char *const clr__legal_forms[] = {
	"ab", "ag", "aps", "as", "asa", "bhd", "bv", "closed", "company", "corporation", "cv",
	"dd", "doo", "ead", "eood", "est", "establishment", "fz", "fzc", "fzco", "fze", "fzllc",
	"gmbh", "incorporated", "joint", "kft", "kg", "kk", "liability", "limited", "nv", "ood",
	"open", "oy", "partnership", "plc", "private", "proprietary", "pty", "public", "sa",
	"sac", "sarl", "sas", "sdn", "se", "sl", "spa", "srl", "sro", "stock", "tov",
};
const size_t clr__nlegal_forms = sizeof(clr__legal_forms) / sizeof(clr__legal_forms[0]);

/* Function words, honorifics, name suffixes, and the branch/office words
 * that customer records add to a company name.  Sorted. */
const char *const clr__stop_words[] = {
	"and", "branch", "capt", "col", "da", "das", "de", "del", "der", "des", "do", "dos",
	"dr", "du", "e", "et", "for", "hon", "ii", "iii", "in", "jr", "la", "le", "les", "lt",
	"maj", "mme", "mr", "mrs", "ms", "of", "office", "on", "prof", "sheikh", "sir", "sr",
	"the", "und", "van", "von", "y",
};
const size_t clr__nstop_words = sizeof(clr__stop_words) / sizeof(clr__stop_words[0]);

static int cmp_key(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

int clr__in_sorted_set(const char *const *set, size_t n, const char *tok)
{
	return bsearch(tok, set, n, sizeof(*set), cmp_key) != NULL;
}

const char *clr__word_canonical(const char *tok)
{
	const clr_word_map *m =
		bsearch(tok, clr__word_map, clr__nword_map, sizeof(*clr__word_map), cmp_key);
	return m ? m->to : NULL;
}

/* ---- one hash lookup per token for the whole vocabulary ---- */

#define VOCAB_SLOTS 512u /* power of two, over twice the vocabulary */

typedef struct vocab_slot {
	const char *word;      /* NULL: empty */
	size_t len;
	const char *canonical; /* word map target, or NULL */
	unsigned flags;        /* CLR_VOCAB_* */
} vocab_slot;

static vocab_slot vocab[VOCAB_SLOTS];
static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;

static uint32_t vocab_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static vocab_slot *vocab_slot_of(const char *s, size_t n, int insert)
{
	uint32_t i = vocab_hash(s, n) & (VOCAB_SLOTS - 1);
	while (vocab[i].word) {
		if (vocab[i].len == n && !memcmp(vocab[i].word, s, n))
			return &vocab[i];
		i = (i + 1) & (VOCAB_SLOTS - 1);
	}
	if (!insert)
		return NULL;
	vocab[i].word = s;
	vocab[i].len = n;
	return &vocab[i];
}

static void vocab_init(void)
{
	for (size_t i = 0; i < clr__nword_map; i++)
		vocab_slot_of(clr__word_map[i].from, strlen(clr__word_map[i].from), 1)->canonical =
			clr__word_map[i].to;
	for (size_t i = 0; i < clr__nlegal_forms; i++)
		vocab_slot_of(clr__legal_forms[i], strlen(clr__legal_forms[i]), 1)->flags |=
			CLR_VOCAB_LEGAL;
	for (size_t i = 0; i < clr__nstop_words; i++)
		vocab_slot_of(clr__stop_words[i], strlen(clr__stop_words[i]), 1)->flags |=
			CLR_VOCAB_STOP;
}

const char *clr__vocab(const char *tok, size_t len, unsigned *flags)
{
	pthread_once(&vocab_once, vocab_init);
	const vocab_slot *v = vocab_slot_of(tok, len, 0);
	if (flags)
		*flags = v ? v->flags : 0;
	return v ? v->canonical : NULL;
}
