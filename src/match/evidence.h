/*
 * evidence.h - evidence beyond the name in screening (evidence.c): the
 * query's dates of birth, nationality, identifiers and IMO number read once,
 * the policy of what each does to a score (data/rules/evidence-policy.conf),
 * the index of listed identifiers (hash of kind and number -> entries), and
 * the effect of an entry's evidence on its name score, explained item by
 * item.  Internal to src/match.
 */
#ifndef CLR_MATCH_EVIDENCE_H
#define CLR_MATCH_EVIDENCE_H

#include <stdint.h>

#include "clearance.h"
#include "../limits.h"
#include "../util/util.h"

/* What evidence does to a score (docs/evidence.md). */
typedef struct clr_ev_policy {
	char version[64];
	double dob_tolerance_years;   /* a DOB this close to a listed one does not contradict it */
	double dob_circa_years;       /* more when the listed date is "circa" */
	int dob_clears;               /* a contradiction clears (1) or lowers (0) */
	double dob_lower_factor;      /* the factor when it lowers */
	double dob_agree_bonus;       /* a DOB within the listed one's range */
	double dob_exact_bonus;       /* the same day, both precise to the day */
	double nationality_agree_bonus;
	double nationality_factor;    /* a nationality the entry does not have */
	double place_agree_bonus;     /* the query's city in a listed address or place of birth */
	double id_match_score;        /* an identifier match alerts at least this */
	double imo_match_score;       /* an IMO number match alerts at least this */
} clr_ev_policy;

void clr__ev_policy_default(clr_ev_policy *p);
/* The policy in force on db (clr_db_load_evidence_policy), or the built-in. */
const clr_ev_policy *clr__ev_policy_of(const clr_db *db);
/* Reads a policy file ("key = value" lines, '#' comments); unknown keys and
 * bad values are errors naming file, line and key. */
int clr__ev_policy_parse(clr_ev_policy *p, const char *buf, size_t len, const char *file,
                         clr_buf *err);
/* The most the positive effects can raise a score: how far below the
 * threshold a name score must still be aligned. */
double clr__ev_policy_reach(const clr_ev_policy *p);

/* The query's evidence. */
typedef struct clr_qid {
	char norm[64];
	int klass;        /* the identifier's class (ev_class), 0 when not said */
	char country[3];  /* "" when not said */
	const char *as_given;
	int kind;         /* CLR_EV_ID, CLR_EV_IMO */
} clr_qid;

typedef struct clr_qev {
	int has_dob;
	int32_t dob_from, dob_to;
	uint8_t dob_prec, dob_circa;
	const char *dob_given;
	char nat[3];
	const char *nat_given;
	clr_qid ids[CLR_MAX_QUERY_IDS + 1];
	size_t nids;
	const char *city, *address; /* as given; compared as places */
} clr_qev;

/* Reads opts' evidence; CLR_EUSAGE with a message naming the field when a
 * value does not read ("dob: '31 Feb 1962' is not a date"). */
int clr__qev_read(const clr_screen_opts *o, clr_qev *q, char *msg, size_t cap);
static inline int clr__qev_any(const clr_qev *q)
{
	return q->has_dob || q->nat[0] || q->nids || q->city || q->address;
}

/* An identifier's key in the index: its class and number. */
uint64_t clr__ev_key(int kind, int klass, const char *norm);
/* The class of an identifier kind the lists name ("Passport" -> passport,
 * "National ID No." -> national id ...), 0 for one no class holds. */
int clr__ev_class(const char *type);

/* The evidence effects on one entry's name score.  score: the name score
 * (0 when only an identifier brought the entry in).  Returns the new score;
 * *cleared when a date of birth clears it; the explanation items into out. */
typedef struct clr_ev_outcome {
	double score;
	int cleared;
	int id_match;     /* an identifier or IMO number of the query is the entry's */
	size_t n;
	clr_evidence_match items[16];
} clr_ev_outcome;

void clr__ev_apply(const clr_ev_policy *p, const clr_qev *q, const clr_entry *e, double score,
                   double threshold, clr_ev_outcome *out);

#endif
