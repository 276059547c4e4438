/*
 * check.c - per-transaction license decisions: links parties to list
 * entries (list:<id> or screening at the strong-match threshold), applies
 * the entries in force on the transaction date, the OFAC 50% rule and the
 * BIS Affiliates Rule per the calendar, and writes the decision with every
 * reason.  It never decides from a rule it cannot read: a text or an item it
 * cannot place makes the decision "review", not "no license required".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

#define MAX_PARTIES 64u   /* parties per transaction: real ones have 2-6 */
#define MAX_ITEMS 1024u   /* items per transaction */

static const char scope_note[] =
	"Outside this check: foreign-direct-product rules (15 CFR 734.9), deemed exports and "
	"reexports, end uses and end users the transaction does not state (General Prohibitions "
	"5 and 6 beyond 744.2-744.4 and 744.21), OFAC programmes other than the lists and Iran's "
	"ITSR, and the ITAR; license exceptions are candidates to verify, never applied";

enum { SEV_NONE = 0, SEV_REVIEW = 1, SEV_LICENSE = 2, SEV_PROHIBITED = 3 };
static const char *const sev_names[] = {"no_license_required", "review", "license_required",
                                        "prohibited"};

int clr__check_fail(clr_check *c, int code, const char *fmt, ...)
{
	va_list ap;
	clr__buf_clear(&c->err);
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)clr__buf_puts(&c->err, msg);
	return code;
}

void clr_check_opts_init(clr_check_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->threshold = CLR_DEFAULT_THRESHOLD;
	opts->strong = CLR_STRONG_MATCH;
}

int clr_check_new(clr_check **out, clr_db *db, const clr_check_opts *opts)
{
	clr_check *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (!c)
		return CLR_ENOMEM;
	c->db = db;
	if (opts)
		c->opts = *opts;
	else
		clr_check_opts_init(&c->opts);
	if (c->opts.threshold <= 0)
		c->opts.threshold = CLR_DEFAULT_THRESHOLD;
	if (c->opts.strong <= 0)
		c->opts.strong = CLR_STRONG_MATCH;
	int rc = clr_screener_new(&c->s, db);
	if (rc < 0) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void clr_check_free(clr_check *c)
{
	if (!c)
		return;
	clr_screener_free(c->s);
	clr__calendar_free(&c->cal);
	clr__supp2_free(&c->supp2);
	clr__ear_free(c->ear);
	for (int r = 0; r < CLR_NRULES; r++)
		free(c->listed[r]);
	for (int i = 0; i < CLR_CHECK_CACHE; i++)
		clr__owner_res_free(&c->res[i]);
	if (c->g)
		c->g->linked = 0;
	clr__buf_free(&c->err);
	free(c);
}

const char *clr_check_errmsg(const clr_check *c)
{
	return c && c->err.p ? c->err.p : "";
}

int clr_check_load_rules(clr_check *c, const char *dir)
{
	char path[4096];
	char *buf;
	size_t len;
	int rc;
	snprintf(path, sizeof(path), "%s/calendar.csv", dir);
	if ((rc = clr__read_file(path, &buf, &len, &c->err)) < 0)
		return rc;
	rc = clr__calendar_parse(&c->cal, buf, len, path, &c->err);
	free(buf);
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/supp2-744.csv", dir);
	if ((rc = clr__read_file(path, &buf, &len, &c->err)) < 0)
		return rc;
	rc = clr__supp2_parse(&c->supp2, buf, len, path, &c->err);
	free(buf);
	if (rc < 0)
		return rc;
	clr_ear *ear;
	snprintf(path, sizeof(path), "%s/ear", dir);
	if ((rc = clr__ear_load(&ear, path, &c->err)) < 0)
		return rc;
	clr__ear_free(c->ear);
	c->ear = ear;
	c->rules_loaded = 1;
	return 0;
}

int clr_check_rule_status(clr_check *c, const char *rule, const char *date,
                          const char **out_status, const char **citation)
{
	int32_t d;
	if (!date || clr__owner_date(date, strlen(date), &d) < 0)
		return clr__check_fail(c, CLR_EUSAGE, "'%s' is not an ISO date (YYYY-MM-DD)",
		                       date ? date : "");
	if (!c->rules_loaded)
		return clr__check_fail(c, CLR_EUSAGE, "no rule data loaded (clr_check_load_rules)");
	*out_status = clr__rule_status_name(clr__calendar_status(&c->cal, rule, d, citation));
	return 0;
}

/* ---- entries and rules ------------------------------------------------- */

static int32_t entry_date(const char *z, int32_t dflt)
{
	int32_t d;
	if (!z || clr__owner_date(z, strlen(z), &d) < 0)
		return dflt;
	return d;
}

int clr__entry_in_force(const clr_entry *e, int32_t date)
{
	return entry_date(e->start_date, CLR_DATE_MIN) <= date &&
	       date <= entry_date(e->end_date, CLR_DATE_MAX);
}

int clr__entry_744_8(const clr_entry *e)
{
	if (strcmp(e->source, "SDN"))
		return 0;
	for (size_t i = 0; i < e->nprograms; i++)
		if (strstr(e->programs[i], "NPWMD") || strstr(e->programs[i], "IFSR"))
			return 1;
	return 0;
}

int clr__entry_counts(const clr_entry *e, int rule)
{
	if (rule == CLR_RULE_OFAC50)
		return !strcmp(e->source, "SDN");
	return !strcmp(e->source, "EL") || !strcmp(e->source, "MEU") || clr__entry_744_8(e);
}

double clr__pct_double(uint64_t pct)
{
	return (double)pct / CLR_PCT_ONE;
}

/* ---- linking ----------------------------------------------------------- */

static int push_alerts(clr_check *c, const clr_result *r, clr_owner_links *links)
{
	for (size_t i = 0; i < r->nalerts; i++) {
		const clr_alert *a = &r->alerts[i];
		if (a->score + 1e-9 < c->opts.threshold && a->score + 1e-9 < c->opts.strong)
			continue;
		clr_owner_link l = {a->entry, a->score, a->name_index,
		                    a->score + 1e-9 >= c->opts.strong, 0};
		if (clr__vec_push(*links, l))
			return CLR_ENOMEM;
	}
	return 0;
}

static int screen_name(clr_check *c, const char *name, const char *country, clr_result **out)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.ungrouped = 1; /* every listing of a party has its own consequences */
	o.threshold = c->opts.threshold < c->opts.strong ? c->opts.threshold : c->opts.strong;
	o.country = country;
	int rc = clr_screen(c->s, &o, name, out);
	if (rc < 0)
		return clr__check_fail(c, rc, "'%s': %s", name, clr_screener_errmsg(c->s));
	return 0;
}

int clr_check_set_ownership(clr_check *c, clr_owner_graph *g)
{
	int rc;
	if (g->linked)
		return clr__check_fail(c, CLR_EUSAGE, "the ownership graph is in use by a checker");
	if ((rc = clr__owner_csr(g)) < 0)
		return clr__check_fail(c, rc, "out of memory");
	g->links.n = 0;
	for (size_t i = 0; i < g->nodes.n; i++) {
		clr_owner_node *nd = &g->nodes.v[i];
		nd->link0 = (uint32_t)g->links.n;
		if (!strncmp(nd->id, "list:", 5)) {
			const clr_entry *e = clr_db_find(c->db, nd->id + 5);
			if (!e)
				return clr__check_fail(c, CLR_EINPUT,
				                       "%s:%zu: party id '%s': no entry with id '%s' in the "
				                       "lists loaded", g->files.n ? g->files.v[0] : "",
				                       nd->line, nd->id, nd->id + 5);
			clr_owner_link l = {e, 1.0, 0, 1, 1};
			if (clr__vec_push(g->links, l))
				return clr__check_fail(c, CLR_ENOMEM, "out of memory");
		} else if (nd->name && !c->opts.ids_only) {
			clr_result *r;
			if ((rc = screen_name(c, nd->name, nd->country, &r)) < 0)
				return rc;
			rc = push_alerts(c, r, &g->links);
			clr_result_free(r);
			if (rc < 0)
				return clr__check_fail(c, rc, "out of memory");
		}
		nd->nlinks = (uint32_t)(g->links.n - nd->link0);
	}
	for (int r = 0; r < CLR_NRULES; r++) {
		free(c->listed[r]);
		if (!(c->listed[r] = malloc(g->nodes.n ? g->nodes.n : 1)))
			return clr__check_fail(c, CLR_ENOMEM, "out of memory");
	}
	for (int i = 0; i < CLR_CHECK_CACHE; i++)
		c->res_ok[i] = 0;
	g->linked = 1;
	c->g = g;
	return 0;
}

clr_owner_res *clr__check_resolve(clr_check *c, int32_t date)
{
	clr_owner_graph *g = c->g;
	if (!g)
		return NULL;
	for (int i = 0; i < CLR_CHECK_CACHE; i++)
		if (c->res_ok[i] && c->res[i].date == date)
			return &c->res[i];
	for (size_t i = 0; i < g->nodes.n; i++) {
		const clr_owner_node *nd = &g->nodes.v[i];
		for (int r = 0; r < CLR_NRULES; r++)
			c->listed[r][i] = 0;
		for (uint32_t k = 0; k < nd->nlinks; k++) {
			const clr_owner_link *l = &g->links.v[nd->link0 + k];
			if (!l->strong || !clr__entry_in_force(l->entry, date))
				continue;
			for (int r = 0; r < CLR_NRULES; r++)
				if (clr__entry_counts(l->entry, r))
					c->listed[r][i] = 1;
		}
	}
	unsigned slot = c->res_next++ % CLR_CHECK_CACHE;
	c->res_ok[slot] = 0;
	if (clr__owner_resolve(g, date, c->listed, &c->res[slot]) < 0) {
		clr__check_fail(c, CLR_ENOMEM, "out of memory");
		return NULL;
	}
	c->res_ok[slot] = 1;
	return &c->res[slot];
}

json_t *clr__path_json(const clr_owner_graph *g, const uint32_t *edges, size_t n)
{
	json_t *a = json_array();
	if (!a || !n)
		return a;
	const clr_owner_node *root = &g->nodes.v[g->edges.v[edges[0]].owner];
	json_array_append_new(a, json_pack("{s:s,s:s?}", "id", root->id, "name", root->name));
	for (size_t i = 0; i < n; i++) {
		const clr_owner_edge *e = &g->edges.v[edges[i]];
		const clr_owner_node *nd = &g->nodes.v[e->owned];
		json_array_append_new(a, json_pack("{s:s,s:s?,s:f}", "id", nd->id, "name", nd->name,
		                                   "percent", clr__pct_double(e->pct)));
	}
	return a;
}

/* ---- decisions --------------------------------------------------------- */

typedef struct decision {
	int sev;
	int policy;        /* most restrictive over license_required reasons */
	int mixed;
	int bars;          /* reasons that rule out license exceptions */
	int gov;           /* of those, how many the GOV exception overcomes */
	json_t *reasons, *notes;
} decision;

typedef struct party_in {
	const char *role, *name, *id, *country;
	size_t index;
} party_in;

static json_t *cites_json(const clr_entry *e)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < e->ncitations; i++)
		json_array_append_new(a, json_string(e->citations[i]));
	return a;
}

/* The regulation behind a list-based rule. */
static const char *rule_citation(const char *rule)
{
	static const struct {
		const char *rule, *cite;
	} c[] = {
		{"ofac_sdn", "31 CFR chapter V, appendix A (the SDN list) and the blocking rules of "
		             "the entry's programmes"},
		{"ofac_50_percent", "OFAC guidance on entities owned by blocked persons (13 August "
		                    "2014, the 50 Percent Rule)"},
		{"bis_denied_persons", "15 CFR 764.3(a)(2) and the denial order (Denied Persons List)"},
		{"bis_entity_list", "15 CFR 744.11; supplement no. 4 to part 744 (Entity List)"},
		{"bis_meu", "15 CFR 744.21; supplement no. 7 to part 744 (Military End-User List)"},
		{"bis_uvl", "15 CFR 744.15; supplement no. 6 to part 744 (Unverified List)"},
		{"bis_affiliates", "15 CFR 744.11 as amended by the Affiliates Rule (FR Doc 2025-19001)"},
		{"bis_affiliates_suspended", "FR Doc 2025-19001 and its suspension"},
		{"bis_affiliates_not_in_force", "FR Doc 2025-19001 (not yet in force on the date)"},
		{"bis_744_8", "15 CFR 744.8"},
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++)
		if (!strcmp(c[i].rule, rule))
			return c[i].cite;
	return NULL;
}

static json_t *reason_new(const party_in *p, const char *rule, int sev, const clr_entry *e,
                          double score, size_t name_index)
{
	json_t *r = json_object();
	if (!r)
		return NULL;
	json_object_set_new(r, "party", json_string(p->name ? p->name : p->id));
	json_object_set_new(r, "role", json_string(p->role));
	if (p->id)
		json_object_set_new(r, "party_id", json_string(p->id));
	json_object_set_new(r, "rule", json_string(rule));
	json_object_set_new(r, "effect", json_string(sev_names[sev]));
	const char *cite = rule_citation(rule);
	if (cite)
		json_object_set_new(r, "citation", json_string(cite));
	if (e) {
		json_object_set_new(r, "entry_id", json_string(e->id));
		json_object_set_new(r, "source", json_string(e->source));
		json_object_set_new(r, "matched_name",
		                    json_string(e->names[name_index < e->nnames ? name_index : 0].name));
		json_object_set_new(r, "score", json_real(score));
		json_object_set_new(r, "federal_register", cites_json(e));
		json_object_set_new(r, "license_requirement",
		                    e->license_requirement ? json_string(e->license_requirement)
		                                           : json_null());
		if (e->license_policy)
			json_object_set_new(r, "license_policy", json_string(e->license_policy));
		if (e->start_date)
			json_object_set_new(r, "start_date", json_string(e->start_date));
		if (e->end_date)
			json_object_set_new(r, "end_date", json_string(e->end_date));
	}
	json_object_set_new(r, "path", json_null());
	return r;
}

static void add_reason(decision *d, json_t *r, int sev)
{
	if (!r)
		return;
	if (sev > d->sev)
		d->sev = sev;
	json_array_append_new(d->reasons, r);
}

static void note(decision *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(decision *d, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(d->notes, json_string(msg));
}

/* The requirement an EL or MEU entry (or a §744.8 SDN) puts on the items:
 * license_required if an item is in scope, review if one is undecided. */
static void requirement(clr_check *c, decision *d, json_t *r, const clr_entry *e,
                        json_t *items, int *sev_out)
{
	clr_scope sc;
	clr_policy pol;
	int any_in = 0, any_und = 0;
	json_t *in = json_array(), *und = json_array(), *out = json_array();
	if (clr__entry_744_8(e)) {
		clr__scope_parse("For all items subject to the EAR (15 CFR 744.8)", &sc);
		clr__policy_parse("Policy of denial (15 CFR 744.8(c))", &pol);
	} else {
		clr__scope_parse(e->license_requirement ? e->license_requirement : "", &sc);
		if (!strcmp(e->source, "MEU") && sc.kind == CLR_SCOPE_UNKNOWN)
			clr__scope_parse("supplement no. 2 to part 744", &sc);
		clr__policy_parse(e->license_policy, &pol);
	}
	size_t nitems = json_array_size(items);
	for (size_t i = 0; i < (nitems ? nitems : 1); i++) {
		json_t *it = nitems ? json_array_get(items, i) : NULL;
		const char *eccn = it ? json_string_value(json_object_get(it, "eccn")) : NULL;
		const char *why;
		int o = clr__scope_item(&sc, &c->supp2, eccn, &why);
		json_t *x = json_pack("{s:s?,s:s}", "eccn", eccn, "why", why);
		if (o == CLR_ITEM_IN) {
			any_in = 1;
			json_array_append_new(in, x);
		} else if (o == CLR_ITEM_UNDECIDED) {
			any_und = 1;
			json_array_append_new(und, x);
		} else {
			json_array_append_new(out, x);
		}
	}
	json_object_set_new(r, "items_in_scope", in);
	if (json_array_size(und))
		json_object_set_new(r, "items_undecided", und);
	else
		json_decref(und);
	if (json_array_size(out))
		json_object_set_new(r, "items_out_of_scope", out);
	else
		json_decref(out);
	if (sc.footnotes) {
		json_t *f = json_array();
		for (int k = 1; k <= 9; k++)
			if (sc.footnotes & (1u << k)) {
				const char *fr = clr__footnote_rule(k);
				char buf[64];
				if (!fr) {
					snprintf(buf, sizeof(buf), "footnote %d (not interpreted)", k);
					fr = buf;
				}
				json_array_append_new(f, json_string(fr));
			}
		json_object_set_new(r, "foreign_direct_product", f);
	}
	if (sc.except & CLR_EX_EAR99_STANDARDS)
		json_object_set_new(r, "exception_not_applied",
		                    json_string("EAR99 or anti-terrorism-only technology released to "
		                                "members of a standards organization: the transaction "
		                                "does not say so"));
	if (sc.except & CLR_EX_OFAC_GL)
		json_object_set_new(r, "exception_not_applied",
		                    json_string("transactions authorised by an OFAC general license: "
		                                "the transaction does not say so"));
	json_object_set_new(r, "review_policy", json_string(clr__policy_name(pol.most)));
	if (pol.mixed)
		json_object_set_new(r, "review_policy_mixed", json_true());
	if (pol.via)
		json_object_set_new(r, "review_policy_via", json_string(pol.via));
	*sev_out = any_in ? SEV_LICENSE : any_und ? SEV_REVIEW : SEV_NONE;
	if (*sev_out == SEV_LICENSE) {
		if (pol.most > d->policy)
			d->policy = pol.most;
		d->mixed |= pol.mixed;
	}
	if (*sev_out != SEV_NONE) {
		d->bars++;
		d->gov += sc.gov;
	}
}

static int has_link(const clr_owner_links *links, const clr_entry *e)
{
	for (size_t i = 0; i < links->n; i++)
		if (links->v[i].entry == e)
			return 1;
	return 0;
}

static void direct_link(clr_check *c, decision *d, const party_in *p, const clr_owner_link *l,
                        int32_t date, json_t *items)
{
	const clr_entry *e = l->entry;
	const char *src = e->source;
	json_t *r;
	int sev;
	if (!clr__entry_in_force(e, date)) {
		int32_t start = entry_date(e->start_date, CLR_DATE_MIN);
		if (date < start)
			note(d, "%s: matches %s %s (%s), listed from %s, after the transaction date",
			     p->name ? p->name : p->id, src, e->id, e->names[0].name, e->start_date);
		else
			note(d, "%s: matches %s %s (%s), whose listing ended on %s, before the "
			     "transaction date", p->name ? p->name : p->id, src, e->id,
			     e->names[0].name, e->end_date);
		return;
	}
	if (!l->strong) {
		r = reason_new(p, "possible_match", SEV_REVIEW, e, l->score, l->name_index);
		json_object_set_new(r, "detail",
		                    json_sprintf("alert score %.4f is below the strong-match "
		                                 "threshold %.2f: an analyst decides whether this is "
		                                 "the listed party", l->score, c->opts.strong));
		add_reason(d, r, SEV_REVIEW);
		return;
	}
	if (!strcmp(src, "SDN")) {
		r = reason_new(p, "ofac_sdn", SEV_PROHIBITED, e, l->score, l->name_index);
		json_object_set_new(r, "detail", json_string("blocked by OFAC: all dealings are "
		                                             "prohibited"));
		add_reason(d, r, SEV_PROHIBITED);
		d->bars++;
		if (clr__entry_744_8(e)) {
			r = reason_new(p, "bis_744_8", SEV_LICENSE, e, l->score, l->name_index);
			requirement(c, d, r, e, items, &sev);
			add_reason(d, r, sev);
		}
	} else if (!strcmp(src, "DPL")) {
		r = reason_new(p, "bis_denied_persons", SEV_PROHIBITED, e, l->score, l->name_index);
		json_object_set_new(r, "detail", json_string("a denial order in force on the date: "
		                                             "no participation in any export "
		                                             "transaction"));
		add_reason(d, r, SEV_PROHIBITED);
		d->bars++;
	} else if (!strcmp(src, "EL") || !strcmp(src, "MEU")) {
		r = reason_new(p, !strcmp(src, "EL") ? "bis_entity_list" : "bis_meu", SEV_LICENSE, e,
		               l->score, l->name_index);
		requirement(c, d, r, e, items, &sev);
		if (sev == SEV_NONE) {
			note(d, "%s: %s entry %s requires a license only for items the transaction "
			     "does not include", p->name ? p->name : p->id, src, e->id);
			json_decref(r);
			return;
		}
		json_object_set_new(r, "effect", json_string(sev_names[sev]));
		add_reason(d, r, sev);
	} else if (!strcmp(src, "UVL")) {
		r = reason_new(p, "bis_uvl", SEV_REVIEW, e, l->score, l->name_index);
		json_object_set_new(r, "detail",
		                    json_string("Unverified List: no license exceptions; a UVL "
		                                "statement from the party is required before export"));
		add_reason(d, r, SEV_REVIEW);
		d->bars++;
	} else if (strcmp(clr_source_jurisdiction(src), "US")) {
		/* license decisions are the United States' law only */
		note(d, "%s: matches %s %s (%s), a list outside US jurisdiction (%s): license "
		     "decisions here are US law only; screen with --jurisdiction %s to review it",
		     p->name ? p->name : p->id, src, e->id, e->names[0].name,
		     clr_source_jurisdiction(src), clr_source_jurisdiction(src));
	} else {
		r = reason_new(p, "other_list", SEV_REVIEW, e, l->score, l->name_index);
		json_object_set_new(r, "detail",
		                    json_sprintf("listed on %s: a program-specific restriction outside "
		                                 "the EAR license rules checked here", src));
		add_reason(d, r, SEV_REVIEW);
	}
}

/* Ownership reasons of a graph party under one rule. */
static void ownership(clr_check *c, decision *d, const party_in *p, uint32_t v, int rule,
                      clr_owner_res *res, json_t *items)
{
	clr_owner_graph *g = c->g;
	uint32_t *roots = NULL;
	size_t nroots = 0;
	clr_owner_paths paths;
	const char *cite = NULL;
	clr_rule_status st = CLR_RULE_IN_FORCE;
	if (rule == CLR_RULE_AFFILIATES)
		st = clr__calendar_status(&c->cal, CLR_CAL_AFFILIATES, res->date, &cite);
	else
		(void)clr__calendar_status(&c->cal, CLR_CAL_OFAC50, res->date, &cite);
	if (clr__owner_roots(g, res, rule, v, &roots, &nroots) < 0 ||
	    clr__owner_paths(g, res, rule, v, &paths) < 0) {
		free(roots);
		note(d, "out of memory while explaining ownership");
		return;
	}
	double share = clr__pct_double(res->share[rule][v]);
	for (size_t i = 0; i < nroots; i++) {
		const clr_owner_node *rn = &g->nodes.v[roots[i]];
		json_t *path = NULL;
		for (size_t k = 0; k + 1 < paths.off.n && !path; k++) {
			size_t a = paths.off.v[k], b = paths.off.v[k + 1];
			if (g->edges.v[paths.edges.v[a]].owner == roots[i])
				path = clr__path_json(g, paths.edges.v + a, b - a);
		}
		for (uint32_t k = 0; k < rn->nlinks; k++) {
			const clr_owner_link *l = &g->links.v[rn->link0 + k];
			if (!l->strong || !clr__entry_in_force(l->entry, res->date) ||
			    !clr__entry_counts(l->entry, rule))
				continue;
			json_t *r;
			int sev;
			if (rule == CLR_RULE_OFAC50) {
				r = reason_new(p, "ofac_50_percent", SEV_PROHIBITED, l->entry, l->score,
				               l->name_index);
				sev = SEV_PROHIBITED;
				d->bars++;
			} else if (st == CLR_RULE_IN_FORCE) {
				r = reason_new(p, "bis_affiliates", SEV_LICENSE, l->entry, l->score,
				               l->name_index);
				requirement(c, d, r, l->entry, items, &sev);
				if (sev == SEV_NONE) {
					json_decref(r);
					continue;
				}
				json_object_set_new(r, "effect", json_string(sev_names[sev]));
			} else {
				r = reason_new(p, st == CLR_RULE_SUSPENDED ? "bis_affiliates_suspended"
				                                           : "bis_affiliates_not_in_force",
				               SEV_REVIEW, l->entry, l->score, l->name_index);
				json_object_set_new(
					r, "detail",
					json_string(st == CLR_RULE_SUSPENDED
					                ? "the Affiliates Rule is suspended on this date: "
					                  "ownership by a listed party is a red flag to review"
					                : "the Affiliates Rule is not in force on this date: "
					                  "ownership by a listed party is a red flag to review"));
				sev = SEV_REVIEW;
			}
			json_object_set_new(r, "owner", json_pack("{s:s,s:s?}", "id", rn->id, "name",
			                                          rn->name));
			json_object_set_new(r, "owned_share", json_real(share));
			if (cite)
				json_object_set_new(r, "rule_citation", json_string(cite));
			if (path)
				json_object_set(r, "path", path);
			add_reason(d, r, sev);
		}
		json_decref(path);
	}
	if (paths.truncated)
		note(d, "%s: more ownership paths than reported (limits of src/owner/owner.h)",
		     p->name ? p->name : p->id);
	free(roots);
	clr__owner_paths_free(&paths);
}

static int party_fail(clr_check *c, size_t i, const char *field, const char *msg)
{
	return clr__check_fail(c, CLR_EINPUT, "field 'parties[%zu].%s': %s", i, field, msg);
}

static int read_party(clr_check *c, json_t *jp, size_t i, party_in *p)
{
	static const char *const roles[] = {"purchaser", "intermediate_consignee",
	                                    "ultimate_consignee", "end_user"};
	memset(p, 0, sizeof(*p));
	p->index = i;
	if (!json_is_object(jp))
		return party_fail(c, i, "", "expected an object");
	json_t *role = json_object_get(jp, "role"), *name = json_object_get(jp, "name");
	json_t *id = json_object_get(jp, "id"), *cc = json_object_get(jp, "country");
	if (!json_is_string(role))
		return party_fail(c, i, "role", "missing (purchaser, intermediate_consignee, "
		                  "ultimate_consignee or end_user)");
	p->role = json_string_value(role);
	int ok = 0;
	for (size_t k = 0; k < 4; k++)
		ok |= !strcmp(p->role, roles[k]);
	if (!ok)
		return party_fail(c, i, "role", "expected purchaser, intermediate_consignee, "
		                  "ultimate_consignee or end_user");
	if (id && !json_is_null(id)) {
		if (!json_is_string(id) || !json_string_length(id))
			return party_fail(c, i, "id", "expected a non-empty string");
		p->id = json_string_value(id);
	}
	if (name && !json_is_null(name)) {
		if (!json_is_string(name))
			return party_fail(c, i, "name", "expected a string");
		p->name = json_string_value(name);
		if (json_string_length(name) > CLR_MAX_NAME_BYTES || strlen(p->name) !=
		    json_string_length(name))
			return party_fail(c, i, "name", "longer than the limit or holds a NUL");
		if (!*p->name)
			p->name = NULL;
	}
	if (!p->name && !(p->id && !strncmp(p->id, "list:", 5)))
		return party_fail(c, i, "name", "missing (required unless id is list:<entry_id>)");
	if (cc && !json_is_null(cc)) {
		if (!json_is_string(cc))
			return party_fail(c, i, "country", "expected a string");
		p->country = json_string_value(cc);
	}
	return 0;
}

static int check_party(clr_check *c, decision *d, const party_in *p, int32_t date,
                       json_t *items)
{
	clr_owner_links links = {0};
	long node = -1;
	int rc = 0;
	if (c->g && p->id)
		node = clr__owner_find(c->g, p->id, strlen(p->id));
	if (p->id && !strncmp(p->id, "list:", 5)) {
		const clr_entry *e = clr_db_find(c->db, p->id + 5);
		if (!e) {
			rc = clr__check_fail(c, CLR_EINPUT, "field 'parties[%zu].id': no entry with id "
			                     "'%s' in the lists loaded", p->index, p->id + 5);
			goto out;
		}
		clr_owner_link l = {e, 1.0, 0, 1, 1};
		if (clr__vec_push(links, l))
			goto nomem;
	} else {
		clr_result *r;
		if ((rc = screen_name(c, p->name, p->country, &r)) < 0)
			goto out;
		rc = push_alerts(c, r, &links);
		clr_result_free(r);
		if (rc < 0)
			goto nomem;
	}
	if (node >= 0) {
		const clr_owner_node *nd = &c->g->nodes.v[node];
		for (uint32_t k = 0; k < nd->nlinks; k++) {
			const clr_owner_link *l = &c->g->links.v[nd->link0 + k];
			if (!has_link(&links, l->entry) && clr__vec_push(links, *l))
				goto nomem;
		}
	}
	for (size_t i = 0; i < links.n; i++)
		direct_link(c, d, p, &links.v[i], date, items);
	if (node >= 0) {
		clr_owner_res *res = clr__check_resolve(c, date);
		if (!res) {
			rc = CLR_ENOMEM;
			goto out;
		}
		for (int rule = 0; rule < CLR_NRULES; rule++) {
			uint64_t sh = res->share[rule][node];
			if (res->state[rule][node] & CLR_OWN_COVERED)
				ownership(c, d, p, (uint32_t)node, rule, res, items);
			else if (sh > 0)
				note(d, "%s: %.6g%% held by parties %s under the %s: below 50%%, not "
				     "covered; control without 50%% ownership is a red flag to check",
				     p->name ? p->name : p->id, clr__pct_double(sh),
				     rule == CLR_RULE_OFAC50 ? "blocked" : "listed or covered",
				     rule == CLR_RULE_OFAC50 ? "OFAC 50% rule" : "BIS Affiliates Rule");
		}
		if (res->total[node] > CLR_PCT_100)
			note(d, "%s: ownership in force sums to %.6g%%, over 100%%: check the "
			     "ownership file", p->name ? p->name : p->id,
			     clr__pct_double(res->total[node]));
	}
out:
	clr__vec_free(links);
	return rc;
nomem:
	clr__vec_free(links);
	return clr__check_fail(c, CLR_ENOMEM, "out of memory");
}

int clr_check_json(clr_check *c, const char *request, size_t len, char **out)
{
	json_error_t jerr;
	decision d = {0};
	json_t *tx = NULL, *res = NULL;
	int32_t date;
	int rc = 0;
	*out = NULL;
	if (!c->rules_loaded)
		return clr__check_fail(c, CLR_EUSAGE, "no rule data loaded (clr_check_load_rules)");
	tx = json_loadb(request, len, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &jerr);
	if (!tx)
		return clr__check_fail(c, CLR_EINPUT, "column %d: %s", jerr.column, jerr.text);
	if (!json_is_object(tx)) {
		rc = clr__check_fail(c, CLR_EINPUT, "expected a JSON object");
		goto done;
	}
	json_t *id = json_object_get(tx, "id"), *jdate = json_object_get(tx, "date");
	json_t *items = json_object_get(tx, "items"), *parties = json_object_get(tx, "parties");
	json_t *dest = json_object_get(tx, "destination");
	if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id)) {
		rc = clr__check_fail(c, CLR_EINPUT, "field 'id': expected a string or a number");
		goto done;
	}
	if (!json_is_string(jdate) ||
	    clr__owner_date(json_string_value(jdate), json_string_length(jdate), &date) < 0) {
		rc = clr__check_fail(c, CLR_EINPUT, "field 'date': %s",
		                     jdate ? "not an ISO date (YYYY-MM-DD)" : "missing");
		goto done;
	}
	if (dest && !json_is_string(dest) && !json_is_null(dest)) {
		rc = clr__check_fail(c, CLR_EINPUT, "field 'destination': expected a string");
		goto done;
	}
	if (items && !json_is_null(items)) {
		if (!json_is_array(items) || json_array_size(items) > MAX_ITEMS) {
			rc = clr__check_fail(c, CLR_EINPUT, "field 'items': expected an array of at most "
			                     "%u objects", MAX_ITEMS);
			goto done;
		}
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i), *e = json_object_get(it, "eccn");
			if (!json_is_object(it) || (e && !json_is_string(e) && !json_is_null(e))) {
				rc = clr__check_fail(c, CLR_EINPUT, "field 'items[%zu].eccn': expected an "
				                     "object with a string eccn", i);
				goto done;
			}
			char norm[32];
			if (json_is_string(e) && !clr__eccn_norm(json_string_value(e), norm)) {
				rc = clr__check_fail(c, CLR_EINPUT, "field 'items[%zu].eccn': '%s' is not "
				                     "an ECCN (e.g. 5A002, 3A001.a.1) or EAR99", i,
				                     json_string_value(e));
				goto done;
			}
			static const char *const strs[] = {"paragraph", "hts", "description"};
			for (size_t k = 0; k < 3; k++) {
				json_t *f = json_object_get(it, strs[k]);
				if (f && !json_is_null(f) &&
				    (!json_is_string(f) || json_string_length(f) > CLR_MAX_REQUEST_ID_BYTES)) {
					rc = clr__check_fail(c, CLR_EINPUT, "field 'items[%zu].%s': expected a "
					                     "string of at most %u bytes", i, strs[k],
					                     CLR_MAX_REQUEST_ID_BYTES);
					goto done;
				}
			}
			json_t *fm = json_object_get(it, "food_medicine");
			if (fm && !json_is_null(fm) && !json_is_boolean(fm)) {
				rc = clr__check_fail(c, CLR_EINPUT, "field 'items[%zu].food_medicine': "
				                     "expected true or false", i);
				goto done;
			}
		}
	} else {
		items = NULL;
	}
	int end_use = EAR_USE_UNKNOWN, end_user = EAR_USER_UNKNOWN;
	json_t *flags = json_object_get(tx, "red_flags");
	if (flags && !json_is_null(flags)) {
		if (!json_is_array(flags) || json_array_size(flags) > 64) {
			rc = clr__check_fail(c, CLR_EINPUT, "field 'red_flags': expected an array of red "
			                     "flag numbers (supplement no. 3 to part 732)");
			goto done;
		}
		for (size_t i = 0; i < json_array_size(flags); i++) {
			const char *t;
			json_t *f = json_array_get(flags, i);
			if (!json_is_integer(f) ||
			    clr__ear_red_flag(c->ear, date, (int)json_integer_value(f), &t) < 0) {
				rc = clr__check_fail(c, CLR_EINPUT, "field 'red_flags[%zu]': not the number of "
				                     "a red flag of supplement no. 3 to part 732", i);
				goto done;
			}
		}
	} else {
		flags = NULL;
	}
	{
		json_t *eu = json_object_get(tx, "end_use"), *et = json_object_get(tx, "end_user_type");
		if (eu && !json_is_null(eu) &&
		    (!json_is_string(eu) || (end_use = clr__ear_end_use(json_string_value(eu))) < 0)) {
			rc = clr__check_fail(c, CLR_EINPUT, "field 'end_use': expected civil, military, "
			                     "nuclear, missile or chemical_biological");
			goto done;
		}
		if (et && !json_is_null(et) &&
		    (!json_is_string(et) || (end_user = clr__ear_end_user(json_string_value(et))) < 0)) {
			rc = clr__check_fail(c, CLR_EINPUT, "field 'end_user_type': expected commercial, "
			                     "government, military or individual");
			goto done;
		}
	}
	if (!json_is_array(parties) || !json_array_size(parties) ||
	    json_array_size(parties) > MAX_PARTIES) {
		rc = clr__check_fail(c, CLR_EINPUT, "field 'parties': expected an array of 1 to %u "
		                     "parties", MAX_PARTIES);
		goto done;
	}
	d.reasons = json_array();
	d.notes = json_array();
	if (!d.reasons || !d.notes)
		goto nomem;
	for (size_t i = 0; i < json_array_size(parties); i++) {
		party_in p;
		if ((rc = read_party(c, json_array_get(parties, i), i, &p)) < 0)
			goto done;
		if ((rc = check_party(c, &d, &p, date, items)) < 0)
			goto done;
	}
	/* by item and destination (src/ear) */
	clr_ear_out eo = {json_array(), json_array(), json_array(), d.notes, 0, 0};
	{
		size_t ni = json_array_size(items);
		clr_ear_item *ei = calloc(ni ? ni : 1, sizeof(*ei));
		if (!ei || !eo.reasons || !eo.questions || !eo.exceptions) {
			free(ei);
			json_decref(eo.reasons);
			json_decref(eo.questions);
			json_decref(eo.exceptions);
			goto nomem;
		}
		for (size_t i = 0; i < ni; i++) {
			json_t *it = json_array_get(items, i), *fm = json_object_get(it, "food_medicine");
			ei[i].index = i;
			ei[i].eccn = json_string_value(json_object_get(it, "eccn"));
			ei[i].paragraph = json_string_value(json_object_get(it, "paragraph"));
			ei[i].hts = json_string_value(json_object_get(it, "hts"));
			ei[i].food_medicine = json_is_boolean(fm) ? json_is_true(fm) : -1;
		}
		if (!ni) /* no items: the one question is what is shipped */
			json_array_append_new(eo.questions,
			                      json_pack("{s:s,s:s,s:s}", "field", "items", "question",
			                                "What items does the transaction ship (ECCN or "
			                                "EAR99 each)?", "why", "15 CFR 738.4(a)"));
		const char *dv = json_string_value(dest);
		rc = clr__ear_decide(c->ear, date, dv && *dv ? dv : NULL, ei, ni, end_use, end_user,
		                     &eo);
		free(ei);
		if (!ni)
			eo.sev = eo.sev > EAR_SEV_REVIEW ? eo.sev : EAR_SEV_REVIEW;
		if (rc < 0) {
			json_decref(eo.reasons);
			json_decref(eo.questions);
			json_decref(eo.exceptions);
			rc = clr__check_fail(c, rc, "out of memory");
			goto done;
		}
		/* a red flag the transaction states: BIS's know-your-customer guidance
		 * asks the exporter to resolve it before shipping */
		for (size_t i = 0; i < json_array_size(flags); i++) {
			const char *t = NULL;
			int n = (int)json_integer_value(json_array_get(flags, i));
			(void)clr__ear_red_flag(c->ear, date, n, &t);
			json_t *r = json_pack("{s:s,s:s,s:s,s:i,s:s?}", "rule", "red_flag", "effect",
			                      "review", "citation", "supplement no. 3 to part 732 (BIS's "
			                      "know-your-customer guidance and red flags)", "red_flag",
			                      n, "why", t);
			if (r)
				json_array_append_new(eo.reasons, r);
			if (eo.sev < EAR_SEV_REVIEW)
				eo.sev = EAR_SEV_REVIEW;
		}
		for (size_t i = 0; i < json_array_size(eo.reasons); i++)
			json_array_append(d.reasons, json_array_get(eo.reasons, i));
		json_decref(eo.reasons);
		int es = eo.sev == EAR_SEV_LICENSE ? SEV_LICENSE : eo.sev == EAR_SEV_REVIEW ? SEV_REVIEW
		                                                                           : SEV_NONE;
		if (es > d.sev)
			d.sev = es;
		if (eo.policy > d.policy)
			d.policy = eo.policy;
	}
	const char *exc;
	if (d.sev == SEV_PROHIBITED || (d.bars && d.gov < d.bars))
		exc = "none";
	else if (d.bars)
		exc = "GOV only (15 CFR 740.11(b)(2) and (e))";
	else
		exc = "not_restricted_by_lists";
	res = json_object();
	if (!res) {
		json_decref(eo.questions);
		json_decref(eo.exceptions);
		goto nomem;
	}
	json_object_set(res, "id", id ? id : json_null());
	json_object_set_new(res, "date", json_string(json_string_value(jdate)));
	json_object_set_new(res, "decision", json_string(sev_names[d.sev]));
	json_object_set_new(res, "review_policy", d.policy ? json_string(clr__policy_name(d.policy))
	                                                   : json_null());
	if (d.mixed)
		json_object_set_new(res, "review_policy_mixed", json_true());
	json_object_set_new(res, "license_exceptions", json_string(exc));
	json_object_set_new(res, "license_exception_candidates", eo.exceptions);
	json_object_set(res, "reasons", d.reasons);
	json_object_set_new(res, "questions", eo.questions);
	json_object_set(res, "notes", d.notes);
	json_object_set_new(res, "tables", clr__ear_versions(c->ear, date));
	json_object_set_new(res, "outside_this_check", json_string(scope_note));
	*out = json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (!*out)
		goto nomem;
done:
	json_decref(res);
	json_decref(d.reasons);
	json_decref(d.notes);
	json_decref(tx);
	return rc;
nomem:
	rc = clr__check_fail(c, CLR_ENOMEM, "out of memory");
	goto done;
}
