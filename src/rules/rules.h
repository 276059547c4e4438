/*
 * rules.h - what the export rules say, as data and as text readers: the rule
 * calendar (data/rules/calendar.csv), Supplement No. 2 to part 744
 * (data/rules/supp2-744.csv), the scope of an Entity List license
 * requirement, the normalised license review policy.  Pure functions over
 * strings; the decisions themselves live in check.c.  Never prints.
 */
#ifndef CLR_RULES_H
#define CLR_RULES_H

#include <stdint.h>

#include "clearance.h"
#include "../util/util.h"

/* ---- calendar ---------------------------------------------------------- */

typedef enum clr_rule_status {
	CLR_RULE_NOT_IN_FORCE = 0, /* no calendar row covers the date */
	CLR_RULE_IN_FORCE,
	CLR_RULE_SUSPENDED,
} clr_rule_status;

const char *clr__rule_status_name(clr_rule_status s);

typedef struct clr_period {
	const char *rule;     /* "ofac-50", "bis-affiliates" */
	int32_t from, to;     /* yyyymmdd, inclusive */
	clr_rule_status status;
	const char *citation;
	size_t line;
} clr_period;

typedef struct clr_calendar {
	CLR_VEC(clr_period) periods;
	clr_arena *arena;
} clr_calendar;

/* Parses calendar.csv (header rule,from,to,status,citation; '#' comments).
 * Overlapping periods of one rule are an error naming both lines. */
int clr__calendar_parse(clr_calendar *cal, const char *buf, size_t len, const char *file,
                        clr_buf *err);
void clr__calendar_free(clr_calendar *cal);
/* Status of rule on date; *citation borrowed (NULL when not in force). */
clr_rule_status clr__calendar_status(const clr_calendar *cal, const char *rule, int32_t date,
                                     const char **citation);

/* ---- Supplement No. 2 to part 744 -------------------------------------- */

typedef struct clr_supp2 {
	CLR_VEC(const char *) eccns; /* upper case, sorted */
	const char *source;          /* the citation of the file's comment row */
	clr_arena *arena;
} clr_supp2;

int clr__supp2_parse(clr_supp2 *s, const char *buf, size_t len, const char *file, clr_buf *err);
void clr__supp2_free(clr_supp2 *s);

/* ---- items ------------------------------------------------------------- */

/* Normalises an ECCN ("5a002.a.1" -> "5A002.A.1", "ear 99" -> "EAR99") into
 * out[32]; returns 1 for an ECCN, 2 for EAR99, 0 when not recognised. */
int clr__eccn_norm(const char *s, char out[32]);
/* 1 when the item is on Supplement No. 2, 0 when not, -1 when the entry
 * there is a sub-paragraph the item's ECCN does not decide. */
int clr__supp2_has(const clr_supp2 *s, const char *eccn_norm);

/* ---- license requirement scope ----------------------------------------- */

enum {
	CLR_SCOPE_UNKNOWN = 0,  /* text not understood: every item is undecided */
	CLR_SCOPE_ALL,          /* all items subject to the EAR (EAR99 included) */
	CLR_SCOPE_SUPP2,        /* MEU: items listed in Supplement No. 2 to part 744 */
	CLR_SCOPE_END_USE,      /* all items, but only for named projects or end uses */
	CLR_SCOPE_CCL_SUPP7,    /* items on the CCL and listed in supp. 7 to part 746 */
	CLR_SCOPE_NONE,         /* no requirement of its own (UVL) */
};

/* Exceptions carved out of a scope. */
enum {
	CLR_EX_EAR99_STANDARDS = 1 << 0, /* EAR99 / AT-only technology to standards bodies */
	CLR_EX_FOOD_MEDICINE = 1 << 1,   /* food or medicine designated EAR99 */
	CLR_EX_ECCNS = 1 << 2,           /* named ECCNs (e.g. 5A992.c, 5D992.c) */
	CLR_EX_OFAC_GL = 1 << 3,         /* transactions authorised by an OFAC general license */
	CLR_EX_OTHER = 1 << 4,           /* an exception not understood */
};

typedef struct clr_scope {
	int kind;
	unsigned except;
	char ex_eccns[4][16];  /* CLR_EX_ECCNS, upper case */
	int nex_eccns;
	unsigned footnotes;    /* bit d set for footnote digit d (1..9) */
	int gov;               /* "may be overcome by License Exception GOV" */
} clr_scope;

void clr__scope_parse(const char *text, clr_scope *out);

/* Item outcome against a scope. */
enum { CLR_ITEM_OUT = 0, CLR_ITEM_IN = 1, CLR_ITEM_UNDECIDED = 2 };
/* Decides one item (eccn may be NULL: not given); *why is a static phrase. */
int clr__scope_item(const clr_scope *sc, const clr_supp2 *supp2, const char *eccn,
                    const char **why);
/* The foreign-direct-product rule a footnote digit marks, or NULL. */
const char *clr__footnote_rule(int digit);

/* ---- review policy ----------------------------------------------------- */

/* Normalised policies, least to most restrictive.  UNSPECIFIED means the
 * text names no policy (empty, or only a cross-reference not understood). */
enum {
	CLR_POL_NONE = 0,
	CLR_POL_UNSPECIFIED,
	CLR_POL_APPROVAL,     /* presumption / policy of approval */
	CLR_POL_CASE_BY_CASE,
	CLR_POL_PRESUMPTION_DENIAL,
	CLR_POL_POLICY_DENIAL,
	CLR_NPOL
};

typedef struct clr_policy {
	int most;          /* most restrictive component */
	unsigned parts;    /* bit p for each component found */
	int mixed;         /* more than one component */
	const char *via;   /* regulation a cross-reference was read through, or NULL */
} clr_policy;

void clr__policy_parse(const char *text, clr_policy *out);
const char *clr__policy_name(int p);

#endif
