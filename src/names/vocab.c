/*
 * vocab.c - the hand-kept vocabulary of names: English abbreviations of
 * the words of company names, function words and titles, multi-word
 * rewrites (pinyin terms of Chinese names), and the phrases that have an
 * abbreviation people write instead ("artificial intelligence" / "ai").
 * Data only; the published tables of data/names are generated (gen.c) and
 * looked up beside these by knowledge.c.
 */
#include <stddef.h>

#include "vocab.h"

/* Word -> canonical word.  Expansions ("tech" -> "technology") are told
 * from inflections ("technologies" -> "technology") by their lengths. */
const clr_kn_map clr__kn_word_map[] = {
	{"acad", "academy"},
	{"assn", "association"},
	{"assoc", "association"},
	{"bros", "brothers"},
	{"centre", "center"},
	{"chem", "chemical"},
	{"chemicals", "chemical"},
	{"comm", "communication"},
	{"comms", "communication"},
	{"communications", "communication"},
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
	{"mach", "machinery"},
	{"mfg", "manufacturing"},
	{"mgmt", "management"},
	{"mgt", "management"},
	{"mktg", "marketing"},
	{"natl", "national"},
	{"pharma", "pharmaceutical"},
	{"pharmaceuticals", "pharmaceutical"},
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
const size_t clr__kn_nword_map = sizeof(clr__kn_word_map) / sizeof(clr__kn_word_map[0]);

/* Function words, and the branch and office words that customer records
 * add to a company name. */
const char *const clr__kn_stop_words[] = {
	"and", "branch", "da",  "das", "de", "del", "der", "des", "do",  "dos", "du", "e",
	"et",  "for",    "in",  "la",  "le", "les", "of",  "office", "on", "the", "und", "van",
	"von", "y",
};
const size_t clr__kn_nstop_words = sizeof(clr__kn_stop_words) / sizeof(clr__kn_stop_words[0]);

/* Personal titles and name suffixes: function words that also make a name
 * a person's. */
const char *const clr__kn_titles[] = {
	"capt", "col", "dr", "hon", "jr", "lt", "maj", "mme", "mr", "mrs", "ms",
	"prof", "sheikh", "sir", "sr",
};
const size_t clr__kn_ntitles = sizeof(clr__kn_titles) / sizeof(clr__kn_titles[0]);

/* Multi-word rewrites over canonical words (longest first within a first
 * word): a place written in two words, and the common words of Chinese
 * names written in pinyin, mapped to the English the lists use (a Han-
 * script query's terms go through the glossary before pinyin; a name
 * written in pinyin comes here). */
const clr_kn_map clr__kn_phrases[] = {
	{"and any successor sub unit or subsidiary thereof", ""},
	{"and its sub units and successors", ""},
	{"chan ye", "industry"},
	{"dian qi", "electric"},
	{"dian zi", "electronic"},
	{"fa zhan", "development"},
	{"gong cheng", "engineering"},
	{"guo ji", "international"},
	{"hang kong", "aviation"},
	{"hang tian", "aerospace"},
	{"hong kong", "hongkong"},
	{"hua gong", "chemical"},
	{"ji shu", "technology"},
	{"ji tuan", "group"},
	{"ji xie", "machinery"},
	{"ke ji", "technology"},
	{"ke xue", "science"},
	{"mao yi", "trading"},
	{"neng yuan", "energy"},
	{"ren gong zhi neng", "artificial intelligence"},
	{"shi you", "petroleum"},
	{"tong xin", "communication"},
	{"tou zi", "investment"},
	{"uae", "united arab emirates"},
	{"uk", "united kingdom"},
	{"wu liu", "logistics"},
	{"xin xi", "information"},
	{"yan jiu suo", "research institute"},
	{"yan jiu yuan", "research institute"},
	{"zhi zao", "manufacturing"},
	{"zhong guo", "china"},
	{"zhong xin", "center"},
};
const size_t clr__kn_nphrases = sizeof(clr__kn_phrases) / sizeof(clr__kn_phrases[0]);

/* Phrases and the abbreviation written for them: alternatives, not
 * rewrites.  A listed name holding either is indexed under both, so that
 * "Beijing Academy of AI" and "Beijing Academy of Artifical Intelligence"
 * (a typo inside the phrase) both meet "Beijing Academy of Artificial
 * Intelligence" word by word. */
const clr_kn_map clr__kn_abbrevs[] = {
	{"artificial intelligence", "ai"},
	{"information technology", "it"},
	{"research and development", "r and d"},
	{"research and development", "rd"},
	{"united states of america", "usa"},
	{"united states", "us"},
	{"peoples republic of china", "prc"},
	{"people s republic of china", "prc"},
	{"democratic peoples republic of korea", "dprk"},
	{"islamic revolutionary guard corps", "irgc"},
	{"import and export", "imp and exp"},
	{"import export", "imp exp"},
	{"science and technology", "s and t"},
};
const size_t clr__kn_nabbrevs = sizeof(clr__kn_abbrevs) / sizeof(clr__kn_abbrevs[0]);

/* Words of legal forms that weigh as legal forms when they stand alone,
 * outside a form the tables know ("Stock Joint Company X", a form broken
 * by a customer file's word order). */
const char *const clr__kn_legal_words[] = {
	"aktsionernoe", "aktsionernoye", "anonim", "anonima", "anonyme", "bhd", "beschrankter",
	"closed", "co", "company", "corp", "corporation", "federalnoe", "federalnoye",
	"gesellschaft", "gosudarstvennoe", "gosudarstvennoye", "haftung", "inc", "incorporated",
	"joint", "liability", "limitada", "limitata", "limited", "limitee", "ltd", "obshchestvo",
	"ogranichennoi", "ogranichennoy", "open", "otkrytoe", "otkrytoye", "otvetstvennostiu",
	"otvetstvennostyu", "partnership", "predpriyatie", "predpriyatiye", "private", "pte", "pty",
	"public", "publichnoe", "publichnoye", "pvt", "responsabilidad", "responsabilite", "sdn",
	"sociedad", "societe", "stock", "unitarnoe", "unitarnoye", "unitary", "vennootschap",
	"zakrytoe", "zakrytoye",
};
const size_t clr__kn_nlegal_words = sizeof(clr__kn_legal_words) / sizeof(clr__kn_legal_words[0]);

/* Words a legal form may be written with either way ("Closed Joint Stock
 * Co" is "Closed Joint Stock Company"). */
const clr_kn_map clr__kn_legal_equiv[] = {
	{"co", "company"}, {"corp", "corporation"}, {"inc", "incorporated"}, {"ltd", "limited"},
	{"jt", "joint"},   {"stk", "stock"},        {"pvt", "private"},      {"pte", "private"},
	{"cie", "compagnie"}, {"cia", "compania"},  {"soc", "sociedad"},
};
const size_t clr__kn_nlegal_equiv = sizeof(clr__kn_legal_equiv) / sizeof(clr__kn_legal_equiv[0]);

/* Long words of legal forms a typo is fixed in when they stand alone
 * ("Aktiengeselschaft"), beside the legal words above. */
const char *const clr__kn_legal_long[] = {
	"aksjeselskap", "aktiebolag", "aktiengesellschaft", "aktieselskab", "anpartsselskab",
	"berhad", "commanditaire", "cooperative", "corporation", "establishment", "genossenschaft",
	"gesellschaft", "incorporated", "kommanditgesellschaft", "limitada", "sendirian",
	"vennootschap",
};
const size_t clr__kn_nlegal_long = sizeof(clr__kn_legal_long) / sizeof(clr__kn_legal_long[0]);
