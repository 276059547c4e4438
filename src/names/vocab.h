/* vocab.h - the hand-kept tables of vocab.c.  Internal to src/names. */
#ifndef CLR_NAMES_VOCAB_H
#define CLR_NAMES_VOCAB_H

#include <stddef.h>

typedef struct clr_kn_map {
	const char *from, *to;
} clr_kn_map;

extern const clr_kn_map clr__kn_word_map[];
extern const size_t clr__kn_nword_map;
extern const char *const clr__kn_stop_words[];
extern const size_t clr__kn_nstop_words;
extern const char *const clr__kn_titles[];
extern const size_t clr__kn_ntitles;
extern const clr_kn_map clr__kn_phrases[];
extern const size_t clr__kn_nphrases;
extern const clr_kn_map clr__kn_abbrevs[];
extern const size_t clr__kn_nabbrevs;
extern const char *const clr__kn_legal_words[];
extern const size_t clr__kn_nlegal_words;
extern const char *const clr__kn_legal_long[];
extern const size_t clr__kn_nlegal_long;
extern const clr_kn_map clr__kn_legal_equiv[];
extern const size_t clr__kn_nlegal_equiv;

#endif
