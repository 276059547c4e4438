/*
 * tables.h - the rows of the knowledge tables as src/names/gen.c writes them
 * (generated/names_data.c, from the TSV files of data/names), every name already cut
 * into raw words by the normaliser's first stage so that nothing is
 * normalised at run time.  Internal to src/names.
 */
#ifndef CLR_NAMES_TABLES_H
#define CLR_NAMES_TABLES_H

#include <stddef.h>
#include <stdint.h>

enum {
	CLR_KN_ROW_EDGE = 1 << 0, /* ambiguous legal form: only first or last in a name */
	CLR_KN_ROW_ABBR = 1 << 1, /* an abbreviation, not a full name */
};

typedef struct clr_kn_legal_row {
	const char *words; /* raw words, space-separated */
	uint8_t cls;       /* clr_kn_class */
	uint8_t flags;     /* CLR_KN_ROW_* */
} clr_kn_legal_row;

typedef struct clr_kn_pair_row {
	const char *from, *to;
} clr_kn_pair_row;

typedef struct clr_kn_num_row {
	const char *word;
	int value;
} clr_kn_num_row;

typedef struct clr_kn_given_row {
	const char *name;
	uint32_t group;
} clr_kn_given_row;

typedef struct clr_kn_freq_row {
	const char *token;
	uint32_t df;
} clr_kn_freq_row;

extern const clr_kn_legal_row clr__kn_legal_rows[];
extern const size_t clr__kn_nlegal_rows;
extern const clr_kn_pair_row clr__kn_term_rows[];   /* organisation terms -> English */
extern const size_t clr__kn_nterm_rows;
extern const clr_kn_num_row clr__kn_number_rows[];
extern const size_t clr__kn_nnumber_rows;
extern const clr_kn_pair_row clr__kn_place_rows[];  /* place words -> place id */
extern const size_t clr__kn_nplace_rows;
extern const clr_kn_given_row clr__kn_given_rows[];
extern const size_t clr__kn_ngiven_rows;
extern const clr_kn_pair_row clr__kn_han_rows[];    /* Chinese terms (NFKC) -> English */
extern const size_t clr__kn_nhan_rows;
extern const clr_kn_pair_row clr__kn_syllable_rows[]; /* a spelling -> another (both ways) */
extern const size_t clr__kn_nsyllable_rows;
extern const clr_kn_freq_row clr__kn_freq_rows[];
extern const size_t clr__kn_nfreq_rows;
extern const uint32_t clr__kn_freq_names; /* names of the reference lists */
extern const char *const clr__kn_versions;  /* what the tables were built from */

#endif
