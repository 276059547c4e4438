/*
 * ear_int.h - the loaded EAR tables, shared by tables.c (loading), ccl.c
 * (reading the CCL's requirement texts) and decide.c.  Internal to src/ear.
 */
#ifndef CLR_EAR_INT_H
#define CLR_EAR_INT_H

#include "ear.h"
#include "../limits.h"

/* What every version of a table keeps. */
typedef struct ear_vmeta {
	int32_t from;        /* in force from, yyyymmdd */
	const char *file;    /* TABLE-YYYY-MM-DD.tsv */
	const char *source;  /* the header's source line */
} ear_vmeta;

/* ---- Country Chart ---- */
typedef struct chart_row {
	char iso2[3];
	const char *name;
	uint16_t x;          /* bit per column: an X */
	uint32_t notes;      /* bit n per footnote n (1..31) */
	const char *part746; /* the embargoed row's pointer, or NULL */
} chart_row;
typedef struct chart_v {
	ear_vmeta m;
	CLR_VEC(chart_row) rows;
} chart_v;

/* ---- the chart's footnotes ---- */
typedef struct note_row {
	int number;
	const char *text;
} note_row;
typedef struct notes_v {
	ear_vmeta m;
	CLR_VEC(note_row) rows;
} notes_v;

/* ---- territories following another row (738.3(b)) ---- */
typedef struct territory {
	char iso2[3], row[3];
	const char *name, *basis;
} territory;
typedef struct terr_v {
	ear_vmeta m;
	CLR_VEC(territory) t;
} terr_v;

/* ---- CCL ---- */
enum { SCOPE_ALL, SCOPE_PARAS, SCOPE_EXCEPT, SCOPE_TEXT };
enum { RULE_NONE, RULE_COLUMNS, RULE_WORLDWIDE, RULE_PLACES, RULE_UN, RULE_UNKNOWN };
typedef struct control {
	char reason[8];      /* "NS", "RS", "AT", "UN", "EI", "SS" ... */
	int scope;           /* SCOPE_* */
	char paras[CLR_MAX_EAR_REFS][24]; /* paragraphs relative to the ECCN, lower case: "a", "b.2" */
	int npara;
	int rule;            /* RULE_* */
	uint16_t cols;       /* RULE_COLUMNS */
	uint16_t in_groups, out_groups; /* RULE_PLACES: groups named, groups excluded */
	char places[CLR_MAX_EAR_REFS][3]; /* RULE_PLACES: countries named; RULE_WORLDWIDE: excepted */
	int nplaces;
	const char *control_text, *chart_text;
} control;
typedef struct eccn_entry {
	char eccn[8];        /* "3A090" */
	const char *reasons, *heading, *lvs, *gbs, *sta, *paras;
	uint32_t c0, nc;     /* its controls in ccl_v.c */
} eccn_entry;
typedef struct ccl_v {
	ear_vmeta m;
	CLR_VEC(eccn_entry) e; /* sorted by eccn */
	CLR_VEC(control) c;
} ccl_v;
typedef struct cclx_v {  /* ccl-entries: flags and headings, merged into a ccl_v */
	ear_vmeta m;
} cclx_v;

/* ---- Country Groups ---- */
typedef struct group_row {
	char iso2[3];
	uint16_t g;          /* bit per EAR_G* */
} group_row;
typedef struct groups_v {
	ear_vmeta m;
	CLR_VEC(group_row) rows;
} groups_v;

/* ---- Part 746 and 744 derived tables ---- */
typedef struct hts_row {
	char supp[8];        /* "supp4" */
	char code[12];       /* HTS-6 digits */
	const char *citation;
} hts_row;
typedef struct code_row {
	char code[12];       /* ISO2 or ECCN */
	const char *value, *citation;
} code_row;
typedef CLR_VEC(code_row) code_vec;
typedef struct p746_v {
	ear_vmeta m;
	CLR_VEC(hts_row) hts;
	code_vec partners, meu_eccn, meu_dest, un_arms, red_flags;
	const char *meu_citation, *un_citation;
} p746_v;

/* ---- Part 746 embargoes (hand-written rows, data/rules/ear/embargoes) ---- */
enum { APPLY_ALL, APPLY_CCL, APPLY_EAR99, APPLY_HTS };
enum {
	EXC_FOOD_MEDICINE = 1 << 0, /* food and medicine designated EAR99 */
	EXC_PERSONAL_COMMS = 1 << 1 /* software for personal communications over the internet */
};
typedef struct embargo {
	char dest[12];
	int32_t from, to;
	int applies;         /* APPLY_* */
	char supp[8];        /* APPLY_HTS */
	unsigned except;     /* EXC_* */
	int policy;          /* CLR_POL_* */
	const char *policy_text, *exceptions, *citation, *why;
	size_t line;
} embargo;
typedef struct emb_v {
	ear_vmeta m;
	CLR_VEC(embargo) rows;
} emb_v;

/* ---- Part 740 license exceptions ---- */
typedef struct lex_row {
	char symbol[8];
	const char *section, *title;
} lex_row;
typedef struct lex_v {
	ear_vmeta m;
	CLR_VEC(lex_row) rows;
} lex_v;

struct clr_ear {
	clr_arena *arena;
	CLR_VEC(chart_v) chart;
	CLR_VEC(notes_v) notes;  /* optional */
	CLR_VEC(terr_v) terr;
	CLR_VEC(ccl_v) ccl;
	CLR_VEC(groups_v) groups;
	CLR_VEC(p746_v) p746;
	CLR_VEC(emb_v) emb;
	CLR_VEC(lex_v) lex;
};

/* The version of a table in force on date: the latest from <= date, else
 * the earliest (the caller notes it); NULL when the table has none. */
#define EAR_VERSION(vec, date) \
	((vec).n ? &(vec).v[clr__ear_pick(&(vec).v[0].m, sizeof(*(vec).v), (vec).n, (date))] : NULL)
size_t clr__ear_pick(const ear_vmeta *first, size_t stride, size_t n, int32_t date);

/* ccl.c: reads one requirement of an ECCN ("RS applies to 3A090.a" and
 * "To or within any destination worldwide, see ...") into c. */
void clr__ear_read_control(const char *eccn, const char *ctl, const char *chart, control *c);

const eccn_entry *clr__ear_eccn(const ccl_v *v, const char *eccn5);
uint16_t clr__ear_groups_of(const groups_v *v, const char *iso2);
const chart_row *clr__ear_chart_row(const chart_v *v, const char *iso2);

#endif
