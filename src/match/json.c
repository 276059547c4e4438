/*
 * json.c - JSON renderings of entries, alerts and explanations, shared by
 * the CLI and the server so both speak the same shapes.  Uses jansson;
 * never prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "clearance.h"
#include "../util/util.h"

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


static int dump(json_t *j, char **out)
{
	*out = NULL;
	if (!j)
		return CLR_ENOMEM;
	*out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(j);
	return *out ? 0 : CLR_ENOMEM;
}

static void iso_day(int32_t d, char out[16])
{
	unsigned u = d > 0 ? (unsigned)d : 0;
	snprintf(out, 16, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

static json_t *evidence_json(const clr_evidence *ev, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		const clr_evidence *x = &ev[i];
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(clr_evidence_kind_name(x->kind)));
		json_object_set_new(o, "value", json_string(x->value ? x->value : ""));
		if (x->norm)
			json_object_set_new(o, "norm", json_string(x->norm));
		if (x->id_type)
			json_object_set_new(o, "id_type", json_string(x->id_type));
		if (x->country)
			json_object_set_new(o, "country", json_string(x->country));
		if (x->kind == CLR_EV_DOB && x->precision) {
			static const char *const prec[] = {"", "year", "month", "day"};
			char f[16], t[16];
			iso_day(x->from, f);
			iso_day(x->to, t);
			json_object_set_new(o, "from", json_string(f));
			json_object_set_new(o, "to", json_string(t));
			json_object_set_new(o, "precision", json_string(prec[x->precision & 3]));
			if (x->circa)
				json_object_set_new(o, "circa", json_true());
		}
		json_array_append_new(a, o);
	}
	return a;
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
	if (e->nevidence)
		json_object_set_new(o, "evidence", evidence_json(e->evidence, e->nevidence));
	json_object_set_new(o, "file", str_or_null(e->file));
	json_object_set_new(o, "line", json_integer((json_int_t)e->line));
	return o;
}

int clr_entry_json(const clr_entry *e, char **out)
{
	return dump(entry_obj(e), out);
}

/* ---- alerts: written directly, they are the hot output of batch runs ---- */

/* Bytes a JSON string cannot hold as they are: controls, quote, backslash. */
static const uint8_t needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1,
};

static void w_str(clr_buf *b, const char *z)
{
	static const char hex[] = "0123456789abcdef";
	if (!z) {
		clr__buf_put(b, "null", 4);
		return;
	}
	clr__buf_putc(b, '"');
	const char *run = z, *p = z;
	for (;; p++) {
		unsigned char c = (unsigned char)*p;
		if (!needs_escape[c])
			continue;
		clr__buf_put(b, run, (size_t)(p - run));
		if (!c)
			break;
		run = p + 1;
		switch (c) {
		case '"': clr__buf_put(b, "\\\"", 2); break;
		case '\\': clr__buf_put(b, "\\\\", 2); break;
		case '\n': clr__buf_put(b, "\\n", 2); break;
		case '\t': clr__buf_put(b, "\\t", 2); break;
		case '\r': clr__buf_put(b, "\\r", 2); break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			clr__buf_put(b, u, sizeof(u));
		}
		}
	}
	clr__buf_putc(b, '"');
}

/* ,"k": (without the comma for an object's first key); k a string literal */
#define w_key(b, k, first) \
	clr__buf_put((b), &",\"" k "\":"[(first) ? 1 : 0], sizeof(",\"" k "\":") - ((first) ? 2 : 1))

/* Four decimals, trailing zeros dropped ("0.8125", "1.0"), written by hand:
 * it is the hottest formatting of a batch run. */
static void w_num(clr_buf *b, double x)
{
	char t[40];
	if (!(x > -1e12 && x < 1e12)) { /* not a score or a weight: plain printf */
		snprintf(t, sizeof(t), "%.4f", x);
		clr__buf_puts(b, t);
		return;
	}
	long long v = llround(x * 10000.0);
	char *p = t + sizeof(t);
	int neg = v < 0;
	unsigned long long u = neg ? (unsigned long long)-v : (unsigned long long)v;
	unsigned frac = (unsigned)(u % 10000);
	u /= 10000;
	int nd = 4;
	while (nd > 1 && frac % 10 == 0) {
		frac /= 10;
		nd--;
	}
	for (int i = 0; i < nd; i++) {
		*--p = (char)('0' + frac % 10);
		frac /= 10;
	}
	*--p = '.';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		*--p = '-';
	clr__buf_put(b, p, (size_t)(t + sizeof(t) - p));
}

static void w_strs(clr_buf *b, const char *const *v, size_t n)
{
	clr__buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			clr__buf_putc(b, ',');
		w_str(b, v[i]);
	}
	clr__buf_putc(b, ']');
}

static void explain_into(clr_buf *b, const clr_alert *a)
{
	clr__buf_putc(b, '{');
	w_key(b, "query", 1);
	w_str(b, a->query_norm);
	w_key(b, "listed", 0);
	w_str(b, a->listed_norm);
	if (a->entry) {
		w_key(b, "matched_name_kind", 0);
		w_str(b, clr_name_kind_name(a->entry->names[a->name_index].kind));
	}
	w_key(b, "tokens", 0);
	clr__buf_putc(b, '[');
	for (size_t i = 0; i < a->nmatches; i++) {
		const clr_token_match *m = &a->matches[i];
		if (i)
			clr__buf_putc(b, ',');
		clr__buf_putc(b, '{');
		w_key(b, "query", 1);
		w_str(b, m->query_token);
		w_key(b, "listed", 0);
		w_str(b, m->listed_token);
		w_key(b, "how", 0);
		w_str(b, m->how);
		if (m->query_rule) {
			w_key(b, "rule", 0);
			w_str(b, m->query_rule);
		}
		if (m->query_written) {
			w_key(b, "written", 0);
			w_str(b, m->query_written);
		}
		w_key(b, "similarity", 0);
		w_num(b, m->similarity);
		w_key(b, "weight", 0);
		w_num(b, m->weight);
		clr__buf_putc(b, '}');
	}
	clr__buf_putc(b, ']');
	w_key(b, "matched_weight", 0);
	w_num(b, a->matched_weight);
	w_key(b, "total_weight", 0);
	w_num(b, a->total_weight);
	w_key(b, "type_factor", 0);
	w_num(b, a->type_factor);
	w_key(b, "country_factor", 0);
	w_num(b, a->country_factor);
	if (a->qualifiers) {
		w_key(b, "qualifier_factor", 0);
		w_num(b, a->qualifier_factor);
		w_key(b, "qualifiers", 0);
		w_str(b, a->qualifiers);
	}
	clr__buf_putc(b, '}');
}

/* Hands the buffer over as a string, unless an append failed on the way. */
static int finish(clr_buf *b, char **out)
{
	if (b->failed) {
		clr__buf_free(b);
		return CLR_ENOMEM;
	}
	*out = clr__buf_detach(b);
	return 0;
}

int clr_alert_explain_json(const clr_alert *a, char **out)
{
	clr_buf b = {0};
	*out = NULL;
	explain_into(&b, a);
	return finish(&b, out);
}

/* What each piece of evidence did: {"field", "query", "listed", "effect",
 * "delta"}. */
static void evidence_into(clr_buf *b, const clr_alert *a)
{
	clr__buf_putc(b, '[');
	for (size_t i = 0; i < a->nevidence; i++) {
		const clr_evidence_match *m = &a->evidence[i];
		if (i)
			clr__buf_putc(b, ',');
		clr__buf_putc(b, '{');
		w_key(b, "field", 1);
		w_str(b, clr_evidence_kind_name(m->kind));
		w_key(b, "query", 0);
		w_str(b, m->query);
		w_key(b, "listed", 0);
		w_str(b, m->listed);
		w_key(b, "effect", 0);
		w_str(b, m->effect);
		w_key(b, "delta", 0);
		w_num(b, m->delta);
		clr__buf_putc(b, '}');
	}
	clr__buf_putc(b, ']');
}

/* An alert's or listing's object opened with its entry's id, list,
 * jurisdiction and primary name. */
static void entry_head(clr_buf *b, const clr_entry *e)
{
	clr__buf_putc(b, '{');
	w_key(b, "entry_id", 1);
	w_str(b, e->id);
	w_key(b, "source", 0);
	w_str(b, e->source);
	w_key(b, "jurisdiction", 0);
	w_str(b, clr_source_jurisdiction(e->source));
	w_key(b, "name", 0);
	w_str(b, e->names[0].name);
}

/* An alert's other listings (clr_result_listings): each entry's list,
 * id, names, programmes, addresses, date listed, and why it is linked. */
static void listings_into(clr_buf *b, const clr_listing *l, size_t n)
{
	clr__buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const clr_entry *e = l[i].entry;
		if (i)
			clr__buf_putc(b, ',');
		entry_head(b, e);
		w_key(b, "programs", 0);
		w_strs(b, e->programs, e->nprograms);
		w_key(b, "addresses", 0);
		clr__buf_putc(b, '[');
		for (size_t k = 0; k < e->naddresses; k++) {
			if (k)
				clr__buf_putc(b, ',');
			clr__buf_putc(b, '{');
			w_key(b, "address", 1);
			w_str(b, e->addresses[k].address);
			w_key(b, "country", 0);
			w_str(b, e->addresses[k].country);
			clr__buf_putc(b, '}');
		}
		clr__buf_putc(b, ']');
		w_key(b, "countries", 0);
		w_strs(b, e->countries, e->ncountries);
		w_key(b, "start_date", 0);
		w_str(b, e->start_date);
		w_key(b, "linked_by", 0);
		w_str(b, l[i].linked_by);
		clr__buf_putc(b, '}');
	}
	clr__buf_putc(b, ']');
}

static void alert_into(clr_buf *b, const clr_alert *a, const clr_listing *l, size_t nl)
{
	const clr_entry *e = a->entry;
	entry_head(b, e);
	w_key(b, "matched_name", 0);
	w_str(b, e->names[a->name_index].name);
	w_key(b, "score", 0);
	w_num(b, a->score);
	w_key(b, "type", 0);
	w_str(b, clr_type_name(e->type));
	w_key(b, "countries", 0);
	w_strs(b, e->countries, e->ncountries);
	w_key(b, "federal_register", 0);
	w_strs(b, e->citations, e->ncitations);
	w_key(b, "start_date", 0);
	w_str(b, e->start_date);
	if (a->nevidence) {
		w_key(b, "name_score", 0);
		w_num(b, a->name_score);
		w_key(b, "evidence", 0);
		evidence_into(b, a);
	}
	if (nl) {
		w_key(b, "listings", 0);
		listings_into(b, l, nl);
	}
	w_key(b, "explain", 0);
	explain_into(b, a);
	clr__buf_putc(b, '}');
}

/* The alerts of r (cleared: the names the evidence cleared, which have no
 * listings). */
static void alerts_into(clr_buf *b, const clr_result *r, int cleared)
{
	const clr_alert *v = !r ? NULL : cleared ? r->cleared : r->alerts;
	size_t n = !r ? 0 : cleared ? r->ncleared : r->nalerts;
	clr__buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const clr_listing *l = NULL;
		size_t nl = cleared ? 0 : clr_result_listings(r, i, &l);
		if (i)
			clr__buf_putc(b, ',');
		alert_into(b, &v[i], l, nl);
	}
	clr__buf_putc(b, ']');
}

int clr_result_alerts_json(const clr_result *r, char **out)
{
	clr_buf b = {0};
	*out = NULL;
	alerts_into(&b, r, 0);
	return finish(&b, out);
}

int clr_screen_many_json(clr_screener *s, const clr_screen_opts *const *opts,
                         const char *const *names, size_t n, char **out, size_t *failed)
{
	clr_buf b = {0};
	*out = NULL;
	if (failed)
		*failed = 0;
	(void)clr__buf_grow(&b, 64 + n * 256);
	clr__buf_putc(&b, '[');
	for (size_t k = 0; k < n; k++) {
		clr_result *r;
		int rc = clr_screen(s, opts ? opts[k] : NULL, names ? names[k] : NULL, &r);
		if (rc < 0) {
			if (failed)
				*failed = k;
			clr__buf_free(&b);
			return rc;
		}
		if (k)
			clr__buf_putc(&b, ',');
		alerts_into(&b, r, 0);
		clr_result_free(r);
	}
	clr__buf_putc(&b, ']');
	return finish(&b, out);
}

int clr_result_cleared_json(const clr_result *r, char **out)
{
	clr_buf b = {0};
	*out = NULL;
	alerts_into(&b, r, 1);
	return finish(&b, out);
}

int clr_batch_line_json(const clr_record *rec, const clr_result *r, char **out)
{
	clr_buf b = {0};
	*out = NULL;
	(void)clr__buf_grow(&b, r && r->nalerts ? 4096 : 256); /* grows less often */
	clr__buf_putc(&b, '{');
	w_key(&b, "id", 1);
	w_str(&b, rec->id);
	w_key(&b, "name", 0);
	w_str(&b, rec->name);
	w_key(&b, "alerts", 0);
	alerts_into(&b, r, 0);
	if (r && r->ncleared) {
		w_key(&b, "cleared", 0);
		alerts_into(&b, r, 1);
	}
	clr__buf_putc(&b, '}');
	return finish(&b, out);
}

/* ---- the screening log's record of a query (clr_store_screenings_log) ---- */

/* A string field of a query, left out when absent. */
static void w_opt(clr_buf *b, const char *key, const char *z, int *first)
{
	if (!z)
		return;
	if (!*first)
		clr__buf_putc(b, ',');
	w_str(b, key);
	clr__buf_putc(b, ':');
	w_str(b, z);
	*first = 0;
}

int clr_screen_query_json(const char *name, const clr_screen_opts *o, char **out)
{
	clr_buf b = {0};
	int first = 1;
	*out = NULL;
	clr__buf_putc(&b, '{');
	/* keys in byte order: the same query always gives the same text */
	w_opt(&b, "address", o->address, &first);
	w_opt(&b, "city", o->city, &first);
	w_opt(&b, "country", o->country, &first);
	w_opt(&b, "dob", o->dob, &first);
	if (o->nids) {
		if (!first)
			clr__buf_putc(&b, ',');
		w_key(&b, "ids", 1);
		first = 0;
		clr__buf_putc(&b, '[');
		for (size_t i = 0; i < o->nids; i++) {
			const clr_query_id *q = &o->ids[i];
			int f = 1;
			clr__buf_puts(&b, i ? ",{" : "{");
			w_opt(&b, "country", q->country, &f);
			w_opt(&b, "number", q->number, &f);
			w_opt(&b, "type", q->type, &f);
			clr__buf_putc(&b, '}');
		}
		clr__buf_putc(&b, ']');
	}
	w_opt(&b, "imo", o->imo, &first);
	w_opt(&b, "name", name, &first);
	w_opt(&b, "nationality", o->nationality, &first);
	if (!first)
		clr__buf_putc(&b, ',');
	w_key(&b, "threshold", 1);
	w_num(&b, o->threshold > 0 ? o->threshold : CLR_DEFAULT_THRESHOLD);
	if (o->type != CLR_TYPE_UNKNOWN) {
		w_key(&b, "type", 0);
		w_str(&b, clr_type_name(o->type));
	}
	clr__buf_putc(&b, '}');
	return finish(&b, out);
}

int clr_result_log_json(const clr_result *r, char **out)
{
	clr_buf b = {0};
	*out = NULL;
	clr__buf_putc(&b, '[');
	for (size_t i = 0; r && i < r->nalerts; i++) {
		const clr_alert *a = &r->alerts[i];
		clr__buf_puts(&b, i ? ",{" : "{");
		w_key(&b, "entry_id", 1);
		w_str(&b, a->entry->id);
		w_key(&b, "score", 0);
		w_num(&b, a->score);
		w_key(&b, "source", 0);
		w_str(&b, a->entry->source);
		clr__buf_putc(&b, '}');
	}
	clr__buf_putc(&b, ']');
	return finish(&b, out);
}
