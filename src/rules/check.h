/*
 * check.h - the checker shared by check.c (links, fixed-point cache,
 * transaction decisions) and report.c (the ownership report): which list
 * entries each rule counts, on which dates, and how a covered party is
 * explained.  Internal to src/rules/.
 */
#ifndef CLR_CHECK_H
#define CLR_CHECK_H

#include <jansson.h>

#include "rules.h"
#include "../ear/ear.h"
#include "../owner/owner.h"

#define CLR_CHECK_CACHE 4 /* dates whose fixed point is kept */

/* Rule names of the calendar file. */
#define CLR_CAL_OFAC50 "ofac-50"
#define CLR_CAL_AFFILIATES "bis-affiliates"

struct clr_check {
	clr_db *db;
	clr_screener *s;
	clr_check_opts opts;
	clr_calendar cal;
	clr_supp2 supp2;
	clr_ear *ear;        /* the EAR tables of rules/ear */
	int rules_loaded;
	clr_owner_graph *g;
	uint8_t *listed[CLR_NRULES];
	clr_owner_res res[CLR_CHECK_CACHE];
	int res_ok[CLR_CHECK_CACHE];
	unsigned res_next;
	clr_buf err;
};

int clr__check_fail(clr_check *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Entry dates: an entry counts from its start date to its end date. */
int clr__entry_in_force(const clr_entry *e, int32_t date);
/* SDN designated under programs §744.8 names (NPWMD, IFSR). */
int clr__entry_744_8(const clr_entry *e);
/* Whether a strong link's entry makes its party listed under rule r. */
int clr__entry_counts(const clr_entry *e, int rule);

/* The fixed point on date (cached); NULL with the error set on failure or
 * when no graph is set. */
clr_owner_res *clr__check_resolve(clr_check *c, int32_t date);

/* [{"id","name"},{"id","name","percent"},...] from a listed owner to the
 * party; NULL on allocation failure. */
json_t *clr__path_json(const clr_owner_graph *g, const uint32_t *edges, size_t n);
double clr__pct_double(uint64_t pct);

#endif
