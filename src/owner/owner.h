/*
 * owner.h - the ownership graph shared by the files of src/owner/ and by the
 * decision code of src/rules/: parties, effective-dated edges, their links
 * to list entries, and the fixed point of the 50% rules on one date.  The
 * module knows nothing of what a rule means; src/rules/ decides which
 * parties count as listed under which rule.  Never prints.
 */
#ifndef CLR_OWNER_H
#define CLR_OWNER_H

#include <stdint.h>

#include "clearance.h"
#include "../limits.h"
#include "../util/util.h"

/* Limits of the ownership input (limits.h style: each with its reason). */
/* Edges per graph: a whole corporate registry extract is ~10 million. */
#define CLR_OWNER_MAX_EDGES (64u * 1024u * 1024u)
/* One party id in bytes: user ids are short; entry ids are 40-byte hashes. */
#define CLR_OWNER_MAX_ID_BYTES 256u
/* Warnings kept per graph (their count stays exact). */
#define CLR_OWNER_MAX_WARNINGS 1000u
/* Ownership paths reported per party: real groups have a handful; a dense
 * cross-holding graph could have exponentially many. */
#define CLR_OWNER_MAX_PATHS 32u
/* Edges on one reported path: real chains are < 10 deep. */
#define CLR_OWNER_MAX_DEPTH 64u
/* Search steps spent enumerating the paths of one party. */
#define CLR_OWNER_MAX_STEPS 200000u

/* Percentages are fixed point, millionths of a percent: exact sums, so that
 * 30 + 20 is 50 and not 49.999... */
#define CLR_PCT_ONE 1000000u
#define CLR_PCT_50 (50u * CLR_PCT_ONE)
#define CLR_PCT_100 (100u * CLR_PCT_ONE)

/* Dates are yyyymmdd integers; open ends are these. */
#define CLR_DATE_MIN 0
#define CLR_DATE_MAX 99991231

/* Rules computed by the fixed point (index into the result arrays). */
enum { CLR_RULE_OFAC50 = 0, CLR_RULE_AFFILIATES = 1, CLR_NRULES = 2 };

/* Node state bits of a result. */
enum {
	CLR_OWN_LISTED = 1,  /* listed under the rule on the date */
	CLR_OWN_COVERED = 2, /* >= 50% held by listed or covered owners */
};

typedef struct clr_owner_link {
	const clr_entry *entry; /* borrowed from the db */
	double score;
	size_t name_index;      /* which of entry->names matched */
	int strong;             /* score >= the strong-match threshold */
	int by_id;              /* named by list:<entry_id> */
} clr_owner_link;

typedef CLR_VEC(clr_owner_link) clr_owner_links;

typedef struct clr_owner_node {
	const char *id, *name, *country; /* arena; name/country may be NULL */
	size_t line;                      /* first line naming the party */
	uint32_t link0, nlinks;           /* into g->links */
} clr_owner_node;

typedef struct clr_owner_edge {
	uint32_t owner, owned;
	uint32_t pct;       /* millionths of a percent, 1..100e6 */
	int32_t from, to;   /* yyyymmdd, inclusive */
	uint32_t line;
	uint32_t file;      /* index into g->files */
} clr_owner_edge;

struct clr_owner_graph {
	clr_arena *arena;
	CLR_VEC(clr_owner_node) nodes;
	CLR_VEC(clr_owner_edge) edges;
	CLR_VEC(const char *) files;
	uint32_t *ht;        /* open addressing: node index + 1, 0 empty */
	size_t htcap;
	CLR_VEC(const char *) warnings; /* arena */
	size_t nwarnings;    /* exact count, also past CLR_OWNER_MAX_WARNINGS */
	clr_buf err;
	/* adjacency (CSR of edge indices), rebuilt after a load */
	int csr_ok;
	uint32_t *out_off, *out_e, *in_off, *in_e;
	/* links, filled by the checker */
	clr_owner_links links;
	int linked;
};

/* One date's fixed point.  Scratch arrays belong to the result so that
 * several checkers can share one graph. */
typedef struct clr_owner_res {
	int32_t date;
	size_t nnodes;
	uint8_t *state[CLR_NRULES];
	uint64_t *share[CLR_NRULES]; /* held by listed/covered owners */
	uint64_t *total;             /* all edges in force into the node */
	size_t edges_in_force;
	uint32_t *stamp, gen;        /* visited marks for searches */
	uint32_t *queue;
} clr_owner_res;

/* Parses an ISO date (YYYY-MM-DD, a real calendar day) into yyyymmdd. */
int clr__owner_date(const char *s, size_t n, int32_t *out);
/* Formats yyyymmdd as ISO into out[11]. */
void clr__owner_date_fmt(int32_t d, char out[11]);
/* Parses a percentage ("51", "33.333333", "50%") into millionths;
 * returns 0, -1 when malformed, -2 when out of (0, 100]. */
int clr__owner_pct(const char *s, size_t n, uint32_t *out);

/* Node index of an id, or -1. */
long clr__owner_find(const clr_owner_graph *g, const char *id, size_t n);
/* Builds the adjacency arrays if a load changed the graph. */
int clr__owner_csr(clr_owner_graph *g);
void clr__owner_warn(clr_owner_graph *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline int clr__owner_edge_on(const clr_owner_edge *e, int32_t date)
{
	return e->from <= date && date <= e->to;
}

/* Computes the fixed point of every rule on date: listed[r][n] says whether
 * node n is listed under rule r.  Worklist, each in-force edge relaxed at
 * most once per rule: O(nodes + edges). */
int clr__owner_resolve(clr_owner_graph *g, int32_t date, uint8_t *const listed[CLR_NRULES],
                       clr_owner_res *res);
void clr__owner_res_free(clr_owner_res *res);

/* Listed nodes from which node v is covered under rule r: the listed
 * ancestors reached through covered owners by edges in force.  Appends
 * node indices to *out (caller frees). */
int clr__owner_roots(clr_owner_graph *g, clr_owner_res *res, int rule, uint32_t v,
                     uint32_t **out, size_t *nout);

/* Ownership paths of v under rule r, each a sequence of edge indices from a
 * listed node to v; at most CLR_OWNER_MAX_PATHS.  *paths is a flat array,
 * path i spanning [off[i], off[i+1]).  *truncated is set when the caps cut
 * the enumeration short. */
typedef struct clr_owner_paths {
	CLR_VEC(uint32_t) edges;
	CLR_VEC(size_t) off;
	int truncated;
} clr_owner_paths;
int clr__owner_paths(clr_owner_graph *g, clr_owner_res *res, int rule, uint32_t v,
                     clr_owner_paths *out);
void clr__owner_paths_free(clr_owner_paths *p);

/* The CSV driver of lists/csv.h for the ownership file and the rule tables:
 * row() is called for every record of buf (the header too) but blank ones
 * and, when comments is set, lines and records that open with '#'.  A bad
 * record is CLR_EINPUT or CLR_ELIMIT with "file:line: ..." in *err; row()
 * returning < 0 stops the reading and is returned. */
struct clr_csv_rec;
int clr__table_each(const char *buf, size_t len, const char *file, int comments,
                    int (*row)(void *payload, const struct clr_csv_rec *r), void *payload,
                    clr_buf *err);


#endif
