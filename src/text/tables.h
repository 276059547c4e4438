/* tables.h - the vocabulary tables of tables.c.  Internal. */
#ifndef CLR_TABLES_H
#define CLR_TABLES_H

#include <stddef.h>

typedef struct clr_word_map {
	const char *from, *to;
} clr_word_map;

typedef struct clr_phrase {
	const char *from, *to;
} clr_phrase;

extern const clr_word_map clr__word_map[];
extern const size_t clr__nword_map;
extern const clr_phrase clr__phrases[];
extern const size_t clr__nphrases;
extern const char *const clr__legal_forms[];
extern const size_t clr__nlegal_forms;
extern const char *const clr__stop_words[];
extern const size_t clr__nstop_words;

int clr__in_sorted_set(const char *const *set, size_t n, const char *tok);
const char *clr__word_canonical(const char *tok);

/* The vocabulary in one hash lookup: returns the word map's canonical
 * form of tok (NULL when none) and sets *flags (may be NULL) to tok's
 * CLR_VOCAB_* classes. */
enum { CLR_VOCAB_LEGAL = 1, CLR_VOCAB_STOP = 2 };
const char *clr__vocab(const char *tok, size_t len, unsigned *flags);

#endif
