/*
 * ear.h - license requirements by item and destination under the Export
 * Administration Regulations, read from dated tables (data/rules/ear): the
 * Commerce Country Chart (15 CFR 738 Supp. 1), the Commerce Control List's
 * License Requirements (15 CFR 774 Supp. 1), the Country Groups (15 CFR 740
 * Supp. 1), the embargoes and special controls of Part 746, the military
 * end-use rule (15 CFR 744.21) and the license exceptions (Part 740).
 *
 * Every table is a file named TABLE-YYYY-MM-DD.tsv whose header says from
 * when it is in force ("# in force from: YYYY-MM-DD"); a transaction uses,
 * per table, the latest version in force on its date.  The text of a CCL
 * requirement ("RS applies to 3A090.a", "To or within ... Country Groups
 * D:1, D:4, and D:5 ... excluding ... A:5 or A:6") is read here; what is not
 * understood decides nothing: the item is undecided and the decision asks.
 * Internal to the rules module (check.c); never prints.
 */
#ifndef CLR_EAR_H
#define CLR_EAR_H

#include <stdint.h>

#include <jansson.h>

#include "../util/util.h"

/* Country Chart columns, in the chart's order. */
enum {
	EAR_CB1, EAR_CB2, EAR_CB3, EAR_NP1, EAR_NP2, EAR_NS1, EAR_NS2, EAR_MT1, EAR_RS1, EAR_RS2,
	EAR_FC1, EAR_CC1, EAR_CC2, EAR_CC3, EAR_AT1, EAR_AT2, EAR_NCOLS
};
extern const char *const clr__ear_col_names[EAR_NCOLS]; /* "CB1" ... "AT2" */
extern const char *const clr__ear_col_labels[EAR_NCOLS]; /* "CB Column 1" ... */

/* Country Groups (15 CFR 740 Supp. 1) as bits. */
enum {
	EAR_GA1, EAR_GA2, EAR_GA3, EAR_GA4, EAR_GA5, EAR_GA6, EAR_GB, EAR_GC, EAR_GD1, EAR_GD2,
	EAR_GD3, EAR_GD4, EAR_GD5, EAR_GE1, EAR_GE2, EAR_NGROUPS
};
/* The bit of a group name ("D:5", "d5", "A:6"); -1 when not one. */
int clr__ear_group(const char *s, size_t n);
const char *clr__ear_group_name(int g);

/* A place: an ISO 3166-1 alpha-2 code, or one of the covered regions of
 * Ukraine of § 746.6 (the chart's row is Ukraine's). */
#define EAR_CRIMEA "UA-CRIMEA"
#define EAR_DNR "UA-DNR"
#define EAR_LNR "UA-LNR"
typedef struct clr_ear_place {
	char code[12];     /* ISO2 or one of the region codes above */
	char row[3];       /* the chart row it is decided by (HK: CN, LI: CH) */
	const char *via;   /* why another row ("15 CFR 738.3(b) ..."), or NULL */
} clr_ear_place;

/* ---- the tables -------------------------------------------------------- */

typedef struct clr_ear clr_ear;

/* Loads every table of dir.  A bad row is CLR_EINPUT with "file:line:
 * field 'x': ..." in err; a missing table is CLR_EINPUT naming it. */
int clr__ear_load(clr_ear **out, const char *dir, clr_buf *err);
/* The same from tables given as (file name, text) pairs (tests, fuzzing). */
int clr__ear_load_mem(clr_ear **out, const char *const *names, const char *const *texts,
                      const size_t *lens, size_t n, clr_buf *err);
void clr__ear_free(clr_ear *e);

/* Resolves a destination as a transaction writes it ("CU", "Cuba", "Hong
 * Kong", "Crimea", "UA-43") on date: 0, -1 when not a place the chart or
 * Part 746 knows (the decision asks). */
int clr__ear_place(const clr_ear *e, const char *s, int32_t date, clr_ear_place *out);

/* Reads the Commerce Country Chart out of the eCFR's XML of 15 CFR part 738
 * (file names it in messages) and writes it to out as the text of a
 * country-chart table version of date as_of (YYYY-MM-DD), in force from the
 * supplement's last amendment; source is the header's source line.  The
 * chart's names become ISO codes by the names prev's chart versions hold,
 * else the country table: a name neither knows is an error. */
int clr__ear_chart_from_ecfr(const char *xml, size_t len, const char *file, const clr_ear *prev,
                             const char *source, const char *as_of, clr_buf *out, clr_buf *err);
/* 1 when the country-chart table text differs from e's latest chart version
 * (any mark, footnote or Part 746 pointer, or a row more or less), 0 when
 * not, < 0 with err when the text does not read. */
int clr__ear_chart_differs(const clr_ear *e, const char *name, const char *text, size_t len,
                           clr_buf *err);

/* The version of each table a decision on date uses: {"country_chart":
 * "country-chart-2026-09-01.tsv", ...}. */
json_t *clr__ear_versions(const clr_ear *e, int32_t date);

/* ---- decisions --------------------------------------------------------- */

/* One item of a transaction as the checker read it. */
typedef struct clr_ear_item {
	size_t index;          /* its position in items[] */
	const char *eccn;      /* as given (NULL: not given) */
	const char *paragraph; /* as given, or NULL */
	const char *hts;       /* as given, or NULL */
	int food_medicine;     /* 1 yes, 0 no, -1 not stated */
} clr_ear_item;

/* The end use and end user a transaction states. */
enum {
	EAR_USE_UNKNOWN = 0, EAR_USE_CIVIL, EAR_USE_MILITARY, EAR_USE_NUCLEAR, EAR_USE_MISSILE,
	EAR_USE_CHEM_BIO
};
enum {
	EAR_USER_UNKNOWN = 0, EAR_USER_COMMERCIAL, EAR_USER_GOVERNMENT, EAR_USER_MILITARY,
	EAR_USER_INDIVIDUAL
};
int clr__ear_end_use(const char *s);  /* -1 when not a known value */
int clr__ear_end_user(const char *s); /* -1 when not a known value */

/* Severities, as check.c counts them. */
enum { EAR_SEV_NONE = 0, EAR_SEV_REVIEW = 1, EAR_SEV_LICENSE = 2 };

/* The decision by item and destination: each requirement that applies is
 * appended to reasons ({"rule", "effect", "item", "citation", "review_policy",
 * "why", ...}), each input that would decide and is missing to questions
 * ({"field", "question", "why"}), the license exceptions that might overcome
 * a requirement to exceptions ({"symbol", "section", "for", "verify"}) and
 * notes to notes.  *sev is the most severe effect (questions are review);
 * *policy the most restrictive review policy name of a license requirement
 * (NULL when none). */
typedef struct clr_ear_out {
	json_t *reasons, *questions, *exceptions, *notes;
	int sev;
	int policy; /* the rules module's CLR_POL_* of the most restrictive */
} clr_ear_out;

/* The text of BIS's red flag number n (supplement no. 3 to part 732, as the
 * part-746 table lists them); -1 when there is none. */
int clr__ear_red_flag(const clr_ear *e, int32_t date, int n, const char **text);

int clr__ear_decide(const clr_ear *e, int32_t date, const char *destination,
                    const clr_ear_item *items, size_t nitems, int end_use, int end_user,
                    clr_ear_out *out);

#endif
