/*
 * compat_yente.c - the OpenSanctions matching API (yente) answered from
 * clearance's lists: POST /match/{dataset}, GET /search/{dataset},
 * GET /entities/{id} and GET /catalog, with FollowTheMoney-style entities,
 * so that scripts written against yente run unchanged (docs/compat.md).
 * Builds answers from a prepared list database and a screener only: no
 * socket, no libmicrohttpd (server.c routes here), no private header.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "../limits.h"

#define YENTE_QUERIES_MAX 100  /* queries in one match request, as yente caps them */
#define YENTE_VALUES_MAX 16    /* values of one property read from a query */
#define YENTE_LIMIT_MAX 500
#define YENTE_CUTOFF 0.5       /* candidates returned below the match threshold */

static int fail(srv_err *err, int status, const char *field, const char *msg)
{
	snprintf(err->field, sizeof(err->field), "%s", field);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", field, msg);
	return status;
}

/* ---- datasets --------------------------------------------------------- */

/* Whether an entry belongs to dataset: "default" (every list), "us" (every
 * list but the UN's), "un", or a list code (case ignored). */
static int in_dataset(const clr_entry *e, const char *ds)
{
	if (!strcmp(ds, "default"))
		return 1;
	const char *src = e->source ? e->source : "";
	if (!strcasecmp(ds, "us"))
		return strcasecmp(src, "UN") != 0;
	return !strcasecmp(ds, src);
}

/* 0 when the dataset names something loaded, else 404 with err. */
static int dataset_known(const clr_db *db, const char *ds, srv_err *err)
{
	if (!strcmp(ds, "default") || !strcasecmp(ds, "us"))
		return 0;
	size_t n = clr_db_entry_count(db);
	for (size_t i = 0; i < n; i++) {
		const clr_entry *e = clr_db_entry(db, i);
		if (e && in_dataset(e, ds))
			return 0;
	}
	return fail(err, 404, "dataset", "no such dataset (see /catalog)");
}

/* ---- entities ---------------------------------------------------------- */

static const char *schema_of(clr_type t)
{
	switch (t) {
	case CLR_TYPE_PERSON: return "Person";
	case CLR_TYPE_ENTITY: return "Organization";
	case CLR_TYPE_VESSEL: return "Vessel";
	case CLR_TYPE_AIRCRAFT: return "Airplane";
	default: return "LegalEntity";
	}
}

static void lower(char *z)
{
	for (; *z; z++)
		*z = (char)tolower((unsigned char)*z);
}

/* Appends z to props[key] (an array), lower-cased when asked. */
static void prop(json_t *props, const char *key, const char *z, int low)
{
	if (!z || !*z)
		return;
	json_t *a = json_object_get(props, key);
	if (!a) {
		a = json_array();
		json_object_set_new(props, key, a);
	}
	if (!low) {
		json_array_append_new(a, json_string(z));
		return;
	}
	char *c = strdup(z);
	if (c) {
		lower(c);
		json_array_append_new(a, json_string(c));
		free(c);
	}
}

static json_t *datasets_of(const clr_entry *e)
{
	char ds[32];
	snprintf(ds, sizeof(ds), "%s", e->source ? e->source : "unknown");
	lower(ds);
	return json_pack("[s]", ds);
}

/* An entry as a FollowTheMoney entity. */
static json_t *entity_json(const clr_entry *e)
{
	json_t *p = json_object();
	for (size_t i = 0; i < e->nnames; i++)
		prop(p, i ? "alias" : "name", e->names[i].name, 0);
	for (size_t i = 0; i < e->nevidence; i++) {
		const clr_evidence *x = &e->evidence[i];
		switch (x->kind) {
		case CLR_EV_DOB: prop(p, "birthDate", x->value, 0); break;
		case CLR_EV_POB: prop(p, "birthPlace", x->value, 0); break;
		case CLR_EV_NATIONALITY: prop(p, "nationality", x->norm ? x->norm : x->value, 1); break;
		case CLR_EV_CITIZENSHIP: prop(p, "citizenship", x->norm ? x->norm : x->value, 1); break;
		case CLR_EV_ID: prop(p, "idNumber", x->value, 0); break;
		case CLR_EV_IMO: prop(p, "imoNumber", x->norm ? x->norm : x->value, 0); break;
		case CLR_EV_MMSI: prop(p, "mmsi", x->norm ? x->norm : x->value, 0); break;
		case CLR_EV_CALL_SIGN: prop(p, "callSign", x->value, 0); break;
		case CLR_EV_FLAG: prop(p, "flag", x->value, 0); break;
		case CLR_EV_GENDER: prop(p, "gender", x->value, 1); break;
		default: break;
		}
	}
	for (size_t i = 0; i < e->naddresses; i++)
		prop(p, "address", e->addresses[i].address, 0);
	for (size_t i = 0; i < e->ncountries; i++)
		prop(p, "country", e->countries[i], 1);
	for (size_t i = 0; i < e->nprograms; i++)
		prop(p, "program", e->programs[i], 0);
	prop(p, "notes", e->remarks, 0);
	prop(p, "topics", "sanction", 0);
	return json_pack("{s:s,s:s,s:s,s:o,s:o,s:[],s:b,s:o,s:n,s:n}", "id", e->id, "caption",
	                 e->nnames ? e->names[0].name : e->id, "schema", schema_of(e->type),
	                 "properties", p, "datasets", datasets_of(e), "referents", "target", 1,
	                 "first_seen", e->start_date ? json_string(e->start_date) : json_null(),
	                 "last_seen", "last_change");
}

/* ---- matching ---------------------------------------------------------- */

/* The features behind a score: the name's, then each piece of evidence. */
static json_t *explain(const clr_alert *a)
{
	static const struct {
		clr_evidence_kind kind;
		const char *feature;
	} names[] = {
		{CLR_EV_DOB, "birthDate"},     {CLR_EV_NATIONALITY, "nationality"},
		{CLR_EV_CITIZENSHIP, "citizenship"}, {CLR_EV_ID, "identifier"},
		{CLR_EV_IMO, "imoNumber"},     {CLR_EV_MMSI, "mmsi"},
		{CLR_EV_POB, "birthPlace"},
	};
	char detail[400];
	snprintf(detail, sizeof(detail), "'%s' against '%s'", a->query_norm ? a->query_norm : "",
	         a->listed_norm ? a->listed_norm : "");
	double ns = a->nevidence ? a->name_score : a->score;
	json_t *o = json_pack("{s:{s:f,s:s}}", "name", "score", ns, "detail", detail);
	for (size_t i = 0; o && i < a->nevidence; i++) {
		const clr_evidence_match *m = &a->evidence[i];
		const char *f = "evidence";
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (names[k].kind == m->kind)
				f = names[k].feature;
		snprintf(detail, sizeof(detail), "%s: '%s' against '%s'", m->effect ? m->effect : "",
		         m->query ? m->query : "", m->listed ? m->listed : "(none listed)");
		json_object_set_new(o, f, json_pack("{s:f,s:s}", "score", m->delta, "detail", detail));
	}
	return o;
}

typedef struct cand {
	const clr_entry *e;
	double score;
	int cleared;
	json_t *expl;
} cand;

typedef struct cands {
	size_t n, cap;
	cand *v;
} cands;

/* Keeps an entry's best alert over the query's names. */
static int offer(cands *c, const clr_alert *a, int cleared)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].e != a->entry)
			continue;
		if (a->score <= c->v[i].score)
			return 0;
		json_decref(c->v[i].expl);
		c->v[i] = (cand){a->entry, a->score, cleared, explain(a)};
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		cand *v = realloc(c->v, cap * sizeof(cand));
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (cand){a->entry, a->score, cleared, explain(a)};
	return 0;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->cleared != y->cleared) /* names the evidence cleared after the others */
		return x->cleared - y->cleared;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->e->id, y->e->id);
}

static void cands_free(cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		json_decref(c->v[i].expl);
	free(c->v);
}

/* A property's values: an array of strings or one string; NULL when absent. */
static int values(json_t *props, const char *key, const char *path, const char **out, size_t *n,
                  srv_err *err)
{
	char field[96];
	json_t *v = json_object_get(props, key), *x;
	size_t i;
	*n = 0;
	snprintf(field, sizeof(field), "%s.%s", path, key);
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		out[(*n)++] = json_string_value(v);
		return 0;
	}
	if (!json_is_array(v))
		return fail(err, 400, field, "expected an array of strings");
	json_array_foreach(v, i, x) {
		if (!json_is_string(x))
			return fail(err, 400, field, "expected an array of strings");
		if (*n < YENTE_VALUES_MAX && json_string_length(x))
			out[(*n)++] = json_string_value(x);
	}
	return 0;
}

static const char *const id_props[] = {"idNumber", "passportNumber", "registrationNumber",
                                       "taxNumber", "innCode", "ogrnCode", NULL};

/* One query of a match request: {"schema", "properties"}; its response. */
static int match_one(clr_screener *sc, const char *ds, const char *key, json_t *q, size_t limit,
                     double threshold, json_t **out, srv_err *err)
{
	char path[96];
	snprintf(path, sizeof(path), "queries.%.40s", key);
	if (!json_is_object(q))
		return fail(err, 400, path, "expected an object");
	const char *schema = json_string_value(json_object_get(q, "schema"));
	clr_type type = CLR_TYPE_UNKNOWN;
	if (!schema)
		return fail(err, 400, path, "no schema");
	if (!strcmp(schema, "Person"))
		type = CLR_TYPE_PERSON;
	else if (!strcmp(schema, "Company") || !strcmp(schema, "Organization"))
		type = CLR_TYPE_ENTITY;
	else if (!strcmp(schema, "Vessel"))
		type = CLR_TYPE_VESSEL;
	else if (!strcmp(schema, "Airplane"))
		type = CLR_TYPE_AIRCRAFT;
	else if (strcmp(schema, "LegalEntity"))
		return fail(err, 400, path,
		            "schema: expected Person, Company, Organization, LegalEntity, Vessel or Airplane");
	json_t *props = json_object_get(q, "properties");
	snprintf(path, sizeof(path), "queries.%.40s.properties", key);
	if (!json_is_object(props))
		return fail(err, 400, path, "expected an object");
	const char *names[YENTE_VALUES_MAX], *dob[YENTE_VALUES_MAX], *nat[YENTE_VALUES_MAX],
		*cty[YENTE_VALUES_MAX], *imo[YENTE_VALUES_MAX], *idv[YENTE_VALUES_MAX];
	size_t nn, nd, nna, nc, ni, nid = 0;
	clr_query_id ids[CLR_MAX_QUERY_IDS];
	int st;
	if ((st = values(props, "name", path, names, &nn, err)) ||
	    (st = values(props, "birthDate", path, dob, &nd, err)) ||
	    (st = values(props, "nationality", path, nat, &nna, err)) ||
	    (st = values(props, "country", path, cty, &nc, err)) ||
	    (st = values(props, "imoNumber", path, imo, &ni, err)))
		return st;
	for (size_t k = 0; id_props[k]; k++) {
		size_t n;
		if ((st = values(props, id_props[k], path, idv, &n, err)))
			return st;
		for (size_t i = 0; i < n && nid < CLR_MAX_QUERY_IDS; i++)
			ids[nid++] = (clr_query_id){!strcmp(id_props[k], "passportNumber") ? "passport" : NULL,
			                            idv[i], NULL};
	}
	if (!nn && !nid && !ni) {
		char f[sizeof(err->field)];
		snprintf(f, sizeof(f), "%.60s.name", path);
		return fail(err, 400, f, "a query needs a name, an identifier or an IMO number");
	}
	cands c = {0};
	/* a query without a name screens its identifier or IMO number as the
	 * name: the name scores nothing, the number finds its entry */
	if (!nn)
		names[nn++] = nid ? ids[0].number : imo[0];
	for (size_t i = 0; i < nn; i++) {
		clr_screen_opts o;
		clr_result *r;
		clr_screen_opts_init(&o);
		o.threshold = threshold < YENTE_CUTOFF ? threshold : YENTE_CUTOFF;
		o.type = type;
		o.country = nc ? cty[0] : NULL;
		o.dob = nd ? dob[0] : NULL;
		o.nationality = nna ? nat[0] : NULL;
		o.imo = ni ? imo[0] : NULL;
		o.ids = nid ? ids : NULL;
		o.nids = nid;
		if (clr_screen(sc, &o, names[i], &r) < 0) {
			const char *m = clr_screener_errmsg(sc);
			size_t fl = strcspn(m, ": ");
			char f[sizeof(err->field)];
			snprintf(f, sizeof(f), "%.60s.%.20s", path,
			         m[fl] == ':' && !strncmp(m, "dob", fl)           ? "birthDate"
			         : m[fl] == ':' && !strncmp(m, "nationality", fl) ? "nationality"
			         : m[fl] == ':' && !strncmp(m, "ids", 3)          ? "idNumber"
			         : m[fl] == ':' && !strncmp(m, "imo", fl)         ? "imoNumber"
			                                                          : "name");
			snprintf(err->field, sizeof(err->field), "%s", f);
			snprintf(err->msg, sizeof(err->msg), "%s: %s", f, m);
			cands_free(&c);
			return 400;
		}
		int oom = 0;
		for (size_t k = 0; k < r->nalerts && !oom; k++)
			if (in_dataset(r->alerts[k].entry, ds))
				oom = offer(&c, &r->alerts[k], 0) < 0;
		for (size_t k = 0; k < r->ncleared && !oom; k++)
			if (in_dataset(r->cleared[k].entry, ds))
				oom = offer(&c, &r->cleared[k], 1) < 0;
		clr_result_free(r);
		if (oom) {
			cands_free(&c);
			return fail(err, 500, "body", "out of memory");
		}
	}
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(cand), cmp_cand);
	json_t *res = json_array();
	for (size_t i = 0; res && i < c.n && i < limit; i++) {
		json_t *ent = entity_json(c.v[i].e);
		if (!ent)
			continue;
		double s = (double)(long)(c.v[i].score * 10000 + 0.5) / 10000;
		json_object_set_new(ent, "score", json_real(s));
		json_object_set_new(ent, "match", json_boolean(!c.v[i].cleared && c.v[i].score + 1e-9 >= threshold));
		json_object_set_new(ent, "explanations", c.v[i].expl);
		c.v[i].expl = NULL;
		json_array_append_new(res, ent);
	}
	*out = json_pack("{s:i,s:o,s:{s:I,s:s},s:O}", "status", 200, "results", res, "total", "value",
	                 (json_int_t)c.n, "relation", "eq", "query", q);
	cands_free(&c);
	return *out ? 0 : fail(err, 500, "body", "out of memory");
}

/* limit and threshold: query parameters; yente's defaults 5 and 0.7. */
static int read_limits(const char *zlimit, const char *zthr, size_t *limit, double *thr,
                       srv_err *err)
{
	int st = srv_parse_size(zlimit, "limit", 1, YENTE_LIMIT_MAX, 5, limit, err);
	if (st)
		return st;
	*thr = 0.7;
	if (zthr) {
		char *end;
		double v = strtod(zthr, &end);
		if (!*zthr || *end || !(v > 0 && v <= 1))
			return fail(err, 400, "threshold", "expected a number in (0, 1]");
		*thr = v;
	}
	return 0;
}

int srv_yente_match(clr_screener *sc, const clr_db *db, const char *ds, const char *body,
                    size_t len, const char *zlimit, const char *zthr, char **out, srv_err *err)
{
	size_t limit;
	double thr;
	int st;
	*out = NULL;
	if ((st = read_limits(zlimit, zthr, &limit, &thr, err)) || (st = dataset_known(db, ds, err)))
		return st;
	if (len > CLR_MAX_REQUEST_BYTES)
		return fail(err, 413, "body", "too large");
	json_error_t je;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return fail(err, 400, "body", "not valid JSON");
	json_t *queries = json_object_get(root, "queries");
	if (!json_is_object(queries) || !json_object_size(queries)) {
		json_decref(root);
		return fail(err, 400, "queries", "expected an object of queries");
	}
	if (json_object_size(queries) > YENTE_QUERIES_MAX) {
		json_decref(root);
		return fail(err, 413, "queries", "more than 100 queries");
	}
	json_t *resp = json_object();
	const char *key;
	json_t *q;
	json_object_foreach(queries, key, q) {
		json_t *one = NULL;
		if ((st = match_one(sc, ds, key, q, limit, thr, &one, err)))
			break;
		json_object_set_new(resp, key, one);
	}
	json_t *o = st ? NULL
	               : json_pack("{s:o,s:{s:s,s:f},s:I}", "responses", resp, "matcher", "name",
	                           "clearance", "threshold", thr, "limit", (json_int_t)limit);
	if (st)
		json_decref(resp);
	*out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	json_decref(root);
	if (!st && !*out)
		return fail(err, 500, "body", "out of memory");
	return st;
}

int srv_yente_search(clr_screener *sc, const clr_db *db, const char *ds, const char *q,
                     const char *zlimit, char **out, srv_err *err)
{
	size_t limit;
	double thr;
	int st;
	*out = NULL;
	if ((st = read_limits(zlimit, NULL, &limit, &thr, err)) || (st = dataset_known(db, ds, err)))
		return st;
	if (!q || !*q)
		return fail(err, 400, "q", "a search needs q");
	json_t *query = json_pack("{s:s,s:{s:[s]}}", "schema", "LegalEntity", "properties", "name", q);
	json_t *one = NULL;
	st = query ? match_one(sc, ds, "q", query, limit, thr, &one, err) : 500;
	json_decref(query);
	if (st)
		return st;
	json_t *o = json_pack("{s:O,s:O,s:I,s:i}", "results", json_object_get(one, "results"),
	                      "total", json_object_get(one, "total"), "limit", (json_int_t)limit,
	                      "offset", 0);
	json_decref(one);
	*out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	return *out ? 0 : fail(err, 500, "body", "out of memory");
}

int srv_yente_entity(const clr_db *db, const char *id, char **out, srv_err *err)
{
	const clr_entry *e = clr_db_find(db, id);
	*out = NULL;
	if (!e)
		return fail(err, 404, "id", "no such entity");
	json_t *o = entity_json(e);
	*out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	return *out ? 0 : fail(err, 500, "body", "out of memory");
}

char *srv_yente_catalog(const clr_db *db)
{
	json_t *counts = json_object(), *ds = json_array();
	size_t n = clr_db_entry_count(db), total = 0;
	for (size_t i = 0; counts && i < n; i++) {
		const clr_entry *e = clr_db_entry(db, i);
		if (!e)
			continue;
		json_t *name = datasets_of(e);
		const char *k = json_string_value(json_array_get(name, 0));
		json_t *c = json_object_get(counts, k);
		json_object_set_new(counts, k, json_integer(c ? json_integer_value(c) + 1 : 1));
		json_decref(name);
		total++;
	}
	json_array_append_new(ds, json_pack("{s:s,s:s,s:I,s:b}", "name", "default", "title",
	                                    "every list loaded", "entity_count", (json_int_t)total,
	                                    "load", 1));
	const char *k;
	json_t *v;
	json_object_foreach(counts, k, v)
		json_array_append_new(ds, json_pack("{s:s,s:s,s:O,s:b}", "name", k, "title", k,
		                                    "entity_count", v, "load", 1));
	json_t *o = json_pack("{s:o}", "datasets", ds);
	char *z = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	json_decref(counts);
	return z;
}
