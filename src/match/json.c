/*
 * json.c - JSON renderings of entries, alerts and explanations, shared by
 * the CLI and the server so both speak the same shapes.  Uses jansson;
 * never prints.
 */
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "clearance.h"

static json_t *str_or_null(const char *z)
{
	return z ? json_string(z) : json_null();
}

static json_t *str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static double round4(double x)
{
	return round(x * 10000.0) / 10000.0;
}

static int dump(json_t *j, char **out)
{
	*out = NULL;
	if (!j)
		return CLR_ENOMEM;
	*out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(j);
	return *out ? 0 : CLR_ENOMEM;
}

static json_t *entry_obj(const clr_entry *e)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(e->id));
	json_object_set_new(o, "source", json_string(e->source));
	json_object_set_new(o, "source_name", str_or_null(e->source_name));
	json_object_set_new(o, "type", json_string(clr_type_name(e->type)));
	json_object_set_new(o, "name", json_string(e->names[0].name));
	json_t *names = json_array();
	for (size_t i = 0; i < e->nnames; i++) {
		json_t *n = json_object();
		json_object_set_new(n, "name", json_string(e->names[i].name));
		json_object_set_new(n, "kind", json_string(clr_name_kind_name(e->names[i].kind)));
		json_array_append_new(names, n);
	}
	json_object_set_new(o, "names", names);
	json_t *addrs = json_array();
	for (size_t i = 0; i < e->naddresses; i++) {
		json_t *a = json_object();
		json_object_set_new(a, "address", str_or_null(e->addresses[i].address));
		json_object_set_new(a, "country", str_or_null(e->addresses[i].country));
		json_array_append_new(addrs, a);
	}
	json_object_set_new(o, "addresses", addrs);
	json_object_set_new(o, "countries", str_array(e->countries, e->ncountries));
	json_object_set_new(o, "programs", str_array(e->programs, e->nprograms));
	json_object_set_new(o, "federal_register", str_array(e->citations, e->ncitations));
	json_object_set_new(o, "start_date", str_or_null(e->start_date));
	json_object_set_new(o, "end_date", str_or_null(e->end_date));
	json_object_set_new(o, "license_requirement", str_or_null(e->license_requirement));
	json_object_set_new(o, "license_policy", str_or_null(e->license_policy));
	json_object_set_new(o, "remarks", str_or_null(e->remarks));
	json_object_set_new(o, "file", str_or_null(e->file));
	json_object_set_new(o, "line", json_integer((json_int_t)e->line));
	return o;
}

int clr_entry_json(const clr_entry *e, char **out)
{
	return dump(entry_obj(e), out);
}

static json_t *explain_obj(const clr_alert *a)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "query", str_or_null(a->query_norm));
	json_object_set_new(o, "listed", str_or_null(a->listed_norm));
	if (a->entry)
		json_object_set_new(o, "matched_name_kind",
		                    json_string(clr_name_kind_name(a->entry->names[a->name_index].kind)));
	json_t *toks = json_array();
	for (size_t i = 0; i < a->nmatches; i++) {
		const clr_token_match *m = &a->matches[i];
		json_t *t = json_object();
		json_object_set_new(t, "query", str_or_null(m->query_token));
		json_object_set_new(t, "listed", str_or_null(m->listed_token));
		json_object_set_new(t, "how", json_string(m->how));
		json_object_set_new(t, "similarity", json_real(round4(m->similarity)));
		json_object_set_new(t, "weight", json_real(round4(m->weight)));
		json_array_append_new(toks, t);
	}
	json_object_set_new(o, "tokens", toks);
	json_object_set_new(o, "matched_weight", json_real(round4(a->matched_weight)));
	json_object_set_new(o, "total_weight", json_real(round4(a->total_weight)));
	json_object_set_new(o, "type_factor", json_real(round4(a->type_factor)));
	json_object_set_new(o, "country_factor", json_real(round4(a->country_factor)));
	return o;
}

int clr_alert_explain_json(const clr_alert *a, char **out)
{
	return dump(explain_obj(a), out);
}

static json_t *alert_obj(const clr_alert *a)
{
	const clr_entry *e = a->entry;
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "entry_id", json_string(e->id));
	json_object_set_new(o, "source", json_string(e->source));
	json_object_set_new(o, "name", json_string(e->names[0].name));
	json_object_set_new(o, "matched_name", json_string(e->names[a->name_index].name));
	json_object_set_new(o, "score", json_real(round4(a->score)));
	json_object_set_new(o, "type", json_string(clr_type_name(e->type)));
	json_object_set_new(o, "countries", str_array(e->countries, e->ncountries));
	json_object_set_new(o, "federal_register", str_array(e->citations, e->ncitations));
	json_object_set_new(o, "start_date", str_or_null(e->start_date));
	json_object_set_new(o, "explain", explain_obj(a));
	return o;
}

int clr_result_alerts_json(const clr_result *r, char **out)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->nalerts; i++)
		json_array_append_new(a, alert_obj(&r->alerts[i]));
	return dump(a, out);
}

int clr_batch_line_json(const clr_record *rec, const clr_result *r, char **out)
{
	json_t *o = json_object();
	if (!o)
		return CLR_ENOMEM;
	json_object_set_new(o, "id", json_string(rec->id));
	json_object_set_new(o, "name", json_string(rec->name));
	json_t *a = json_array();
	for (size_t i = 0; r && a && i < r->nalerts; i++)
		json_array_append_new(a, alert_obj(&r->alerts[i]));
	json_object_set_new(o, "alerts", a);
	return dump(o, out);
}
