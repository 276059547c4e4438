/*
 * report.c - the ownership report of `clearance owners`: on one date, every
 * party a rule covers through ownership with its listed owners and every
 * ownership path, then the gap report (parties covered only through
 * ownership).  Text for people, one JSON document for scripts.
 */
#include <stdlib.h>

#include "check.h"

static const char *const rule_titles[CLR_NRULES] = {"OFAC 50% rule", "BIS Affiliates Rule"};
static const char *const rule_codes[CLR_NRULES] = {"ofac_50_percent", "bis_affiliates"};
static const char *const cal_names[CLR_NRULES] = {CLR_CAL_OFAC50, CLR_CAL_AFFILIATES};

static json_t *entries_json(const clr_owner_graph *g, uint32_t v, int rule, int32_t date)
{
	const clr_owner_node *nd = &g->nodes.v[v];
	json_t *a = json_array();
	for (uint32_t k = 0; a && k < nd->nlinks; k++) {
		const clr_owner_link *l = &g->links.v[nd->link0 + k];
		if (!l->strong || !clr__entry_in_force(l->entry, date) ||
		    !clr__entry_counts(l->entry, rule))
			continue;
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:f,s:s}", "entry_id", l->entry->id,
		                                   "source", l->entry->source, "matched_name",
		                                   l->entry->names[l->name_index].name, "score",
		                                   l->score, "link", l->by_id ? "id" : "name"));
	}
	return a;
}

static json_t *covered_json(clr_check *c, clr_owner_res *res, int rule, uint32_t v)
{
	clr_owner_graph *g = c->g;
	const clr_owner_node *nd = &g->nodes.v[v];
	uint32_t *roots = NULL;
	size_t nroots = 0;
	clr_owner_paths paths;
	if (clr__owner_roots(g, res, rule, v, &roots, &nroots) < 0)
		return NULL;
	if (clr__owner_paths(g, res, rule, v, &paths) < 0) {
		free(roots);
		return NULL;
	}
	json_t *o = json_pack("{s:s,s:s?,s:b,s:f}", "id", nd->id, "name", nd->name, "listed",
	                      (res->state[rule][v] & CLR_OWN_LISTED) != 0, "owned_share",
	                      clr__pct_double(res->share[rule][v]));
	json_t *owners = json_array(), *pj = json_array();
	for (size_t i = 0; i < nroots; i++) {
		const clr_owner_node *rn = &g->nodes.v[roots[i]];
		json_array_append_new(owners, json_pack("{s:s,s:s?,s:o}", "id", rn->id, "name",
		                                        rn->name, "entries",
		                                        entries_json(g, roots[i], rule, res->date)));
	}
	for (size_t k = 0; k + 1 < paths.off.n; k++)
		json_array_append_new(pj, clr__path_json(g, paths.edges.v + paths.off.v[k],
		                                         paths.off.v[k + 1] - paths.off.v[k]));
	json_object_set_new(o, "listed_owners", owners);
	json_object_set_new(o, "paths", pj);
	if (paths.truncated)
		json_object_set_new(o, "paths_truncated", json_true());
	free(roots);
	clr__owner_paths_free(&paths);
	return o;
}

static void print_path(FILE *f, json_t *path)
{
	size_t i;
	json_t *step;
	fputs("      path: ", f);
	json_array_foreach(path, i, step) {
		const char *name = json_string_value(json_object_get(step, "name"));
		const char *id = json_string_value(json_object_get(step, "id"));
		if (i)
			fprintf(f, " -%g%%-> ", json_real_value(json_object_get(step, "percent")));
		fprintf(f, "%s [%s]", name ? name : id, id);
	}
	fputc('\n', f);
}

static void print_text(FILE *f, json_t *doc)
{
	size_t i, j;
	json_t *r, *p, *x;
	fprintf(f, "ownership report for %s: %" JSON_INTEGER_FORMAT " parties, %"
	        JSON_INTEGER_FORMAT " edges, %" JSON_INTEGER_FORMAT " in force on the date\n",
	        json_string_value(json_object_get(doc, "date")),
	        json_integer_value(json_object_get(doc, "parties")),
	        json_integer_value(json_object_get(doc, "edges")),
	        json_integer_value(json_object_get(doc, "edges_in_force")));
	json_array_foreach(json_object_get(doc, "warnings"), i, x)
		fprintf(f, "warning: %s\n", json_string_value(x));
	json_array_foreach(json_object_get(doc, "rules"), i, r) {
		const char *cite = json_string_value(json_object_get(r, "citation"));
		fprintf(f, "\n%s: %s%s%s%s\n", json_string_value(json_object_get(r, "title")),
		        json_string_value(json_object_get(r, "status")), cite ? " (" : "",
		        cite ? cite : "", cite ? ")" : "");
		const char *eff = json_string_value(json_object_get(r, "effect"));
		if (eff)
			fprintf(f, "  %s\n", eff);
		json_array_foreach(json_object_get(r, "covered"), j, p) {
			const char *name = json_string_value(json_object_get(p, "name"));
			fprintf(f, "  %s [%s]: %g%% held by %s owners%s\n",
			        name ? name : "(no name)", json_string_value(json_object_get(p, "id")),
			        json_real_value(json_object_get(p, "owned_share")),
			        json_integer_value(json_object_get(r, "index")) ? "listed or covered"
			                                                        : "blocked",
			        json_is_true(json_object_get(p, "listed")) ? " (itself listed too)" : "");
			size_t k;
			json_t *o;
			json_array_foreach(json_object_get(p, "listed_owners"), k, o) {
				size_t m;
				json_t *e;
				const char *on = json_string_value(json_object_get(o, "name"));
				fprintf(f, "    listed owner: %s [%s]",
				        on ? on : "", json_string_value(json_object_get(o, "id")));
				json_array_foreach(json_object_get(o, "entries"), m, e)
					fprintf(f, "%s %s %s \"%s\" score %.2f", m ? ";" : " =",
					        json_string_value(json_object_get(e, "source")),
					        json_string_value(json_object_get(e, "entry_id")),
					        json_string_value(json_object_get(e, "matched_name")),
					        json_real_value(json_object_get(e, "score")));
				fputc('\n', f);
			}
			json_array_foreach(json_object_get(p, "paths"), k, o)
				print_path(f, o);
			if (json_is_true(json_object_get(p, "paths_truncated")))
				fprintf(f, "      ... more paths (limit of src/owner/owner.h)\n");
		}
		if (!json_array_size(json_object_get(r, "covered")))
			fprintf(f, "  no party covered through ownership\n");
	}
	json_t *gap = json_object_get(doc, "gap");
	fprintf(f, "\ngap report: %zu part%s covered only through ownership, not themselves "
	        "listed\n", json_array_size(gap), json_array_size(gap) == 1 ? "y" : "ies");
	json_array_foreach(gap, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		fprintf(f, "  %s [%s]:", name ? name : "(no name)",
		        json_string_value(json_object_get(p, "id")));
		json_array_foreach(json_object_get(p, "rules"), j, x)
			fprintf(f, "%s %s", j ? ";" : "", json_string_value(x));
		fputc('\n', f);
	}
	json_t *weak = json_object_get(doc, "possible_matches");
	if (json_array_size(weak)) {
		fprintf(f, "\npossible matches below the strong-match threshold (not used by the "
		        "rules; review):\n");
		json_array_foreach(weak, i, p)
			fprintf(f, "  %s [%s] ~ %s %s \"%s\" score %.4f\n",
			        json_string_value(json_object_get(p, "name")),
			        json_string_value(json_object_get(p, "id")),
			        json_string_value(json_object_get(p, "source")),
			        json_string_value(json_object_get(p, "entry_id")),
			        json_string_value(json_object_get(p, "matched_name")),
			        json_real_value(json_object_get(p, "score")));
	}
}

int clr_check_owners_report(clr_check *c, const char *date, int json, FILE *f)
{
	int32_t d;
	if (!date || clr__owner_date(date, strlen(date), &d) < 0)
		return clr__check_fail(c, CLR_EUSAGE, "'%s' is not an ISO date (YYYY-MM-DD)",
		                       date ? date : "");
	if (!c->g)
		return clr__check_fail(c, CLR_EUSAGE, "no ownership graph set");
	if (!c->rules_loaded)
		return clr__check_fail(c, CLR_EUSAGE, "no rule data loaded");
	clr_owner_graph *g = c->g;
	clr_owner_res *res = clr__check_resolve(c, d);
	if (!res)
		return CLR_ENOMEM;
	json_t *doc = json_object();
	if (!doc)
		return clr__check_fail(c, CLR_ENOMEM, "out of memory");
	json_object_set_new(doc, "date", json_string(date));
	json_object_set_new(doc, "parties", json_integer((json_int_t)g->nodes.n));
	json_object_set_new(doc, "edges", json_integer((json_int_t)g->edges.n));
	json_object_set_new(doc, "edges_in_force", json_integer((json_int_t)res->edges_in_force));
	/* the arrays belong to doc from here on; they are filled in place */
	json_t *warn = json_array(), *rules = json_array(), *gap = json_array();
	json_t *weak = json_array();
	json_object_set_new(doc, "warnings", warn);
	json_object_set_new(doc, "rules", rules);
	json_object_set_new(doc, "gap", gap);
	json_object_set_new(doc, "possible_matches", weak);
	if (!warn || !rules || !gap || !weak)
		goto nomem;
	for (size_t i = 0; i < g->warnings.n; i++)
		json_array_append_new(warn, json_string(g->warnings.v[i]));
	if (g->nwarnings > g->warnings.n)
		json_array_append_new(warn, json_sprintf("... %zu more warnings",
		                                         g->nwarnings - g->warnings.n));
	for (size_t v = 0; v < g->nodes.n; v++)
		if (res->total[v] > CLR_PCT_100)
			json_array_append_new(warn, json_sprintf("party '%s': ownership in force on %s "
			                                         "sums to %g%%, over 100%%",
			                                         g->nodes.v[v].id, date,
			                                         clr__pct_double(res->total[v])));
	for (int r = 0; r < CLR_NRULES; r++) {
		const char *cite;
		clr_rule_status st = clr__calendar_status(&c->cal, cal_names[r], d, &cite);
		json_t *jr = json_pack("{s:s,s:s,s:i,s:s,s:s?}", "rule", rule_codes[r], "title",
		                       rule_titles[r], "index", r, "status",
		                       clr__rule_status_name(st), "citation", cite);
		json_t *cov = json_array();
		json_object_set_new(jr, "covered", cov);
		json_array_append_new(rules, jr);
		if (!jr || !cov)
			goto nomem;
		if (r == CLR_RULE_AFFILIATES && st != CLR_RULE_IN_FORCE)
			json_object_set_new(jr, "effect",
			                    json_string("not in force on this date: covered parties "
			                                "are red flags to review, not license "
			                                "requirements"));
		for (uint32_t v = 0; v < g->nodes.n; v++) {
			if (!(res->state[r][v] & CLR_OWN_COVERED))
				continue;
			json_t *o = covered_json(c, res, r, v);
			if (!o)
				goto nomem;
			json_array_append_new(cov, o);
		}
	}
	for (uint32_t v = 0; v < g->nodes.n; v++) {
		json_t *rl = NULL;
		for (int r = 0; r < CLR_NRULES; r++) {
			if (res->state[r][v] != CLR_OWN_COVERED)
				continue; /* covered and not listed under this rule */
			int listed_elsewhere = 0;
			for (int q = 0; q < CLR_NRULES; q++)
				listed_elsewhere |= res->state[q][v] & CLR_OWN_LISTED;
			if (listed_elsewhere)
				continue;
			const char *cite;
			clr_rule_status st = clr__calendar_status(&c->cal, cal_names[r], d, &cite);
			if (!rl)
				rl = json_array();
			json_array_append_new(rl, json_sprintf("%s (%s)", rule_titles[r],
			                                       clr__rule_status_name(st)));
		}
		if (rl)
			json_array_append_new(gap, json_pack("{s:s,s:s?,s:o}", "id", g->nodes.v[v].id,
			                                     "name", g->nodes.v[v].name, "rules", rl));
		const clr_owner_node *nd = &g->nodes.v[v];
		for (uint32_t k = 0; k < nd->nlinks; k++) {
			const clr_owner_link *l = &g->links.v[nd->link0 + k];
			if (!l->strong)
				json_array_append_new(
					weak, json_pack("{s:s,s:s?,s:s,s:s,s:s,s:f}", "id", nd->id, "name",
					                nd->name, "entry_id", l->entry->id, "source",
					                l->entry->source, "matched_name",
					                l->entry->names[l->name_index].name, "score", l->score));
		}
	}
	if (json) {
		char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		if (!s) {
			json_decref(doc);
			return clr__check_fail(c, CLR_ENOMEM, "out of memory");
		}
		fputs(s, f);
		fputc('\n', f);
		free(s);
	} else {
		print_text(f, doc);
	}
	json_decref(doc);
	return 0;
nomem:
	json_decref(doc);
	return clr__check_fail(c, CLR_ENOMEM, "out of memory");
}
