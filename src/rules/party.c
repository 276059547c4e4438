/*
 * party.c - one party's ownership as a small graph for the analysts' page
 * (GET /v1/parties/{id}/paths): its paths to listed owners under each rule
 * on a date, plus its direct owners, as nodes, edges and paths.  Reads the
 * checker's fixed point; never decides a transaction and never prints.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static const char *const rule_labels[CLR_NRULES] = {"OFAC 50%", "BIS affiliates"};

typedef struct party_graph {
	clr_owner_graph *g;
	clr_owner_res *res;
	json_t *nodes, *edges, *paths;
	uint8_t *seen_node, *seen_edge;
} party_graph;

/* The entries a node is linked to strongly and in force on the date, under
 * any rule (rule < 0) or one. */
static json_t *listed_json(const party_graph *pg, uint32_t v, int rule)
{
	const clr_owner_node *nd = &pg->g->nodes.v[v];
	json_t *a = json_array();
	for (uint32_t k = 0; a && k < nd->nlinks; k++) {
		const clr_owner_link *l = &pg->g->links.v[nd->link0 + k];
		int counts = rule < 0 ? clr__entry_counts(l->entry, CLR_RULE_OFAC50) ||
		                                clr__entry_counts(l->entry, CLR_RULE_AFFILIATES)
		                      : clr__entry_counts(l->entry, rule);
		if (l->strong && clr__entry_in_force(l->entry, pg->res->date) && counts)
			json_array_append_new(a, json_pack("{s:s,s:s}", "entry_id", l->entry->id,
			                                   "source", l->entry->source));
	}
	return a;
}

static int add_node(party_graph *pg, uint32_t v)
{
	if (pg->seen_node[v])
		return 0;
	pg->seen_node[v] = 1;
	const clr_owner_node *nd = &pg->g->nodes.v[v];
	json_t *o = json_pack("{s:s,s:s?,s:o}", "id", nd->id, "name", nd->name, "listed",
	                      listed_json(pg, v, -1));
	return o && !json_array_append_new(pg->nodes, o) ? 0 : CLR_ENOMEM;
}

static int add_edge(party_graph *pg, uint32_t ei)
{
	const clr_owner_edge *e = &pg->g->edges.v[ei];
	int rc;
	if (pg->seen_edge[ei])
		return 0;
	pg->seen_edge[ei] = 1;
	if ((rc = add_node(pg, e->owner)) || (rc = add_node(pg, e->owned)))
		return rc;
	json_t *o = json_pack("{s:s,s:s,s:f}", "owner", pg->g->nodes.v[e->owner].id, "owned",
	                      pg->g->nodes.v[e->owned].id, "percent", clr__pct_double(e->pct));
	return o && !json_array_append_new(pg->edges, o) ? 0 : CLR_ENOMEM;
}

/* Each path of v under rule, once per listed entry of its owner. */
static int add_paths(party_graph *pg, int rule, uint32_t v)
{
	clr_owner_paths paths;
	int rc = clr__owner_paths(pg->g, pg->res, rule, v, &paths);
	for (size_t k = 0; !rc && k + 1 < paths.off.n; k++) {
		const uint32_t *ev = paths.edges.v + paths.off.v[k];
		size_t n = paths.off.v[k + 1] - paths.off.v[k];
		uint32_t owner = pg->g->edges.v[ev[0]].owner;
		json_t *ids = json_array(), *entries = listed_json(pg, owner, rule);
		double frac = 1;
		json_array_append_new(ids, json_string(pg->g->nodes.v[owner].id));
		for (size_t i = 0; i < n && !rc; i++) {
			const clr_owner_edge *e = &pg->g->edges.v[ev[i]];
			frac *= clr__pct_double(e->pct) / 100;
			json_array_append_new(ids, json_string(pg->g->nodes.v[e->owned].id));
			rc = add_edge(pg, ev[i]);
		}
		size_t j;
		json_t *en;
		json_array_foreach(entries, j, en) {
			json_t *p = json_pack("{s:s,s:O,s:O,s:f,s:f,s:O,s:s}", "owner",
			                      pg->g->nodes.v[owner].id, "entry_id",
			                      json_object_get(en, "entry_id"), "source",
			                      json_object_get(en, "source"), "share",
			                      clr__pct_double(pg->res->share[rule][v]), "path_share",
			                      frac * 100, "path", ids, "rule", rule_labels[rule]);
			if (!p || json_array_append_new(pg->paths, p))
				rc = CLR_ENOMEM;
		}
		json_decref(ids);
		json_decref(entries);
	}
	if (!rc && paths.truncated)
		rc = json_array_append_new(pg->paths, json_pack("{s:b}", "truncated", 1)) ? CLR_ENOMEM
		                                                                          : 0;
	clr__owner_paths_free(&paths);
	return rc;
}

static void today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int clr_check_party_json(clr_check *c, const char *party, const char *date, char **out)
{
	char day[11];
	int32_t d;
	*out = NULL;
	if (!c->g)
		return clr__check_fail(c, CLR_EUSAGE, "no ownership graph (serve --ownership FILE)");
	if (!c->rules_loaded)
		return clr__check_fail(c, CLR_EUSAGE, "no rule data loaded");
	if (!date)
		today(day), date = day;
	if (clr__owner_date(date, strlen(date), &d) < 0)
		return clr__check_fail(c, CLR_EUSAGE, "date: '%.40s' is not an ISO date (YYYY-MM-DD)",
		                       date);
	clr_owner_graph *g = c->g;
	long v = party ? clr__owner_find(g, party, strlen(party)) : -1;
	if (v < 0)
		return clr__check_fail(c, CLR_EINPUT, "no party with id '%.80s' in the ownership graph",
		                       party ? party : "");
	clr_owner_res *res = clr__check_resolve(c, d);
	if (!res)
		return CLR_ENOMEM;
	party_graph pg = {g, res, json_array(), json_array(), json_array(),
	                  calloc(g->nodes.n + 1, 1), calloc(g->edges.n + 1, 1)};
	int rc = pg.nodes && pg.edges && pg.paths && pg.seen_node && pg.seen_edge ? 0 : CLR_ENOMEM;
	int covered = 0, listed = 0;
	if (!rc)
		rc = add_node(&pg, (uint32_t)v);
	for (int r = 0; r < CLR_NRULES && !rc; r++) {
		covered |= (res->state[r][v] & CLR_OWN_COVERED) != 0;
		listed |= (res->state[r][v] & CLR_OWN_LISTED) != 0;
		rc = add_paths(&pg, r, (uint32_t)v);
	}
	/* direct owners in force, listed or not: the page shows minority holders too */
	for (uint32_t k = g->in_off[v]; !rc && k < g->in_off[v + 1]; k++)
		if (clr__owner_edge_on(&g->edges.v[g->in_e[k]], d))
			rc = add_edge(&pg, g->in_e[k]);
	json_t *doc = NULL;
	if (!rc) {
		const clr_owner_node *nd = &g->nodes.v[v];
		doc = json_pack("{s:s,s:s?,s:s,s:b,s:b,s:O,s:O,s:O}", "party", nd->id, "name", nd->name,
		                "date", date, "listed", listed, "covered", covered, "nodes", pg.nodes,
		                "edges", pg.edges, "paths", pg.paths);
		if (!doc || !(*out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER |
		                                         JSON_REAL_PRECISION(6))))
			rc = CLR_ENOMEM;
	}
	json_decref(doc);
	json_decref(pg.nodes);
	json_decref(pg.edges);
	json_decref(pg.paths);
	free(pg.seen_node);
	free(pg.seen_edge);
	return rc == CLR_ENOMEM ? clr__check_fail(c, rc, "out of memory") : rc;
}
