/*
 * compat_csl.c - the trade.gov Consolidated Screening List API v1 answered
 * from clearance's lists: GET /consolidated_screening_list/v1/search and
 * /sources, their published parameters and answer shape, so that a client
 * written for that API works unchanged (docs/compat.md lists what differs).
 * Builds answers from a prepared list database and a screener only: no
 * socket, no libmicrohttpd (server.c routes here), no private header.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "../limits.h"

#define CSL_SIZE_DEFAULT 10
#define CSL_SIZE_MAX 100     /* results per page, as the API caps it */
#define CSL_LIST_MAX 32      /* codes in one sources/types/countries parameter */
#define CSL_WORDS_MAX 16     /* words of a name searched without fuzzy_name */

static int bad(srv_err *err, const char *field, const char *msg, const char *value)
{
	snprintf(err->field, sizeof(err->field), "%s", field);
	snprintf(err->msg, sizeof(err->msg), "%s: %s%s%.64s%s", field, msg, value ? " ('" : "",
	         value ? value : "", value ? "')" : "");
	return 400;
}

/* A comma-separated parameter's items, trimmed, in upper case. */
typedef struct codes {
	size_t n;
	char v[CSL_LIST_MAX][24];
} codes;

static int split_codes(const char *z, const char *field, codes *out, srv_err *err)
{
	out->n = 0;
	if (!z)
		return 0;
	for (const char *p = z;;) {
		size_t n = strcspn(p, ",");
		const char *s = p;
		size_t l = n;
		while (l && isspace((unsigned char)*s))
			s++, l--;
		while (l && isspace((unsigned char)s[l - 1]))
			l--;
		if (l) {
			if (out->n == CSL_LIST_MAX || l >= sizeof(out->v[0]))
				return bad(err, field, "too many or too long items", NULL);
			for (size_t i = 0; i < l; i++)
				out->v[out->n][i] = (char)toupper((unsigned char)s[i]);
			out->v[out->n++][l] = '\0';
		}
		if (!p[n])
			break;
		p += n + 1;
	}
	return 0;
}

static int has_code(const codes *c, const char *z)
{
	for (size_t i = 0; i < c->n; i++)
		if (z && !strcasecmp(c->v[i], z))
			return 1;
	return 0;
}

/* The API's type names. */
static const char *csl_type(clr_type t)
{
	switch (t) {
	case CLR_TYPE_PERSON: return "Individual";
	case CLR_TYPE_ENTITY: return "Entity";
	case CLR_TYPE_VESSEL: return "Vessel";
	case CLR_TYPE_AIRCRAFT: return "Aircraft";
	default: return NULL;
	}
}

/* Whether needle occurs in hay, ASCII case ignored. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay)
		return 0;
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, n))
			return 1;
	return !n;
}

/* Every address filter given must occur in one of the entry's addresses
 * (clearance keeps an address as one line: city, state and postal code are
 * looked for in it). */
static int addresses_match(const clr_entry *e, const char *const *want, size_t nwant)
{
	for (size_t k = 0; k < nwant; k++) {
		if (!want[k])
			continue;
		int found = 0;
		for (size_t a = 0; a < e->naddresses && !found; a++)
			found = contains_ci(e->addresses[a].address, want[k]);
		if (!found)
			return 0;
	}
	return 1;
}

/* The words of a name for the plain search: letters and digits (and any
 * byte of a non-ASCII character), ASCII folded to lower case. */
typedef struct words {
	size_t n;
	char v[CSL_WORDS_MAX][64];
} words;

static void split_words(const char *z, words *out)
{
	out->n = 0;
	while (*z && out->n < CSL_WORDS_MAX) {
		while (*z && !(isalnum((unsigned char)*z) || (unsigned char)*z >= 0x80))
			z++;
		size_t l = 0;
		while (*z && (isalnum((unsigned char)*z) || (unsigned char)*z >= 0x80)) {
			if (l + 1 < sizeof(out->v[0]))
				out->v[out->n][l++] = (char)tolower((unsigned char)*z);
			z++;
		}
		if (l) {
			out->v[out->n][l] = '\0';
			out->n++;
		}
	}
}

/* Without fuzzy_name the API finds a name only when every word of the query
 * is a word of the entry's name or of one of its other names. */
static int name_has_words(const clr_entry *e, const words *q)
{
	for (size_t i = 0; i < e->nnames; i++) {
		words w;
		split_words(e->names[i].name, &w);
		size_t hit = 0;
		for (size_t k = 0; k < q->n; k++)
			for (size_t j = 0; j < w.n; j++)
				if (!strcmp(q->v[k], w.v[j])) {
					hit++;
					break;
				}
		if (hit == q->n)
			return 1;
	}
	return 0;
}

static json_t *str_or_null(const char *z)
{
	return z && *z ? json_string(z) : json_null();
}

/* The evidence of one kind joined with "; ", as the CSL files write it. */
static json_t *joined(const clr_entry *e, clr_evidence_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nevidence; i++)
		if (e->evidence[i].kind == kind && e->evidence[i].value)
			n += strlen(e->evidence[i].value) + 2;
	if (!n)
		return json_null();
	char *z = malloc(n + 1), *p = z;
	if (!z)
		return NULL;
	for (size_t i = 0; i < e->nevidence; i++)
		if (e->evidence[i].kind == kind && e->evidence[i].value)
			p += sprintf(p, "%s%s", p == z ? "" : "; ", e->evidence[i].value);
	json_t *v = json_string(z);
	free(z);
	return v;
}

/* The compared forms (ISO codes) of one kind, as an array; null when none. */
static json_t *codes_of(const clr_entry *e, clr_evidence_kind kind)
{
	json_t *a = NULL;
	for (size_t i = 0; i < e->nevidence; i++) {
		const clr_evidence *x = &e->evidence[i];
		if (x->kind != kind)
			continue;
		if (!a && !(a = json_array()))
			return NULL;
		json_array_append_new(a, json_string(x->norm ? x->norm : x->value));
	}
	return a ? a : json_null();
}

/* "ids": identifiers, and a vessel's or aircraft's numbers under the type
 * names the CSL files give them. */
static json_t *ids_of(const clr_entry *e)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < e->nevidence; i++) {
		const clr_evidence *x = &e->evidence[i];
		const char *type = x->kind == CLR_EV_ID                ? x->id_type
		                   : x->kind == CLR_EV_IMO             ? "Vessel Registration Identification"
		                   : x->kind == CLR_EV_MMSI            ? "MMSI"
		                   : x->kind == CLR_EV_AIRCRAFT_SERIAL ? "Aircraft Manufacturer's Serial Number (MSN)"
		                                                       : NULL;
		if (!type && x->kind != CLR_EV_ID)
			continue;
		json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:n,s:n}", "type", str_or_null(type),
		                                   "number", str_or_null(x->value), "country",
		                                   str_or_null(x->country), "issue_date",
		                                   "expiration_date"));
	}
	return a;
}

static json_t *first_value(const clr_entry *e, clr_evidence_kind kind)
{
	for (size_t i = 0; i < e->nevidence; i++)
		if (e->evidence[i].kind == kind)
			return str_or_null(e->evidence[i].value);
	return json_null();
}

/* One result in the API's shape, its fields in the API's order; score
 * (0-100, one decimal) only with fuzzy_name.  Fields clearance does not
 * keep are null (docs/compat.md). */
static json_t *result_json(const clr_entry *e, double score, int fuzzy)
{
	json_t *o = json_object(), *alt = json_array(), *addr = json_array(), *prog = json_array();
	if (!o || !alt || !addr || !prog) {
		json_decref(o);
		json_decref(alt);
		json_decref(addr);
		json_decref(prog);
		return NULL;
	}
	for (size_t i = 1; i < e->nnames; i++)
		json_array_append_new(alt, json_string(e->names[i].name));
	for (size_t i = 0; i < e->naddresses; i++)
		json_array_append_new(addr, json_pack("{s:o,s:n,s:n,s:n,s:o}", "address",
		                                      str_or_null(e->addresses[i].address), "city",
		                                      "state", "postal_code", "country",
		                                      str_or_null(e->addresses[i].country)));
	for (size_t i = 0; i < e->nprograms; i++)
		json_array_append_new(prog, json_string(e->programs[i]));
	size_t frl = 0;
	for (size_t i = 0; i < e->ncitations; i++)
		frl += strlen(e->citations[i]) + 2;
	char *fr = frl ? malloc(frl + 1) : NULL;
	for (size_t i = 0, at = 0; fr && i < e->ncitations; i++)
		at += (size_t)sprintf(fr + at, "%s%s", i ? "; " : "", e->citations[i]);
	const struct {
		const char *key;
		json_t *v;
	} f[] = {
		{"id", json_string(e->id)},
		{"name", json_string(e->nnames ? e->names[0].name : "")},
		{"alt_names", alt},
		{"type", str_or_null(csl_type(e->type))},
		{"source", json_string(e->source_name ? e->source_name : e->source)},
		{"entity_number", json_null()},
		{"programs", prog},
		{"addresses", addr},
		{"ids", ids_of(e)},
		{"dates_of_birth", joined(e, CLR_EV_DOB)},
		{"places_of_birth", joined(e, CLR_EV_POB)},
		{"nationalities", codes_of(e, CLR_EV_NATIONALITY)},
		{"citizenships", codes_of(e, CLR_EV_CITIZENSHIP)},
		{"federal_register_notice", str_or_null(fr)},
		{"start_date", str_or_null(e->start_date)},
		{"end_date", str_or_null(e->end_date)},
		{"standard_order", json_null()},
		{"license_requirement", str_or_null(e->license_requirement)},
		{"license_policy", str_or_null(e->license_policy)},
		{"title", json_null()},
		{"call_sign", first_value(e, CLR_EV_CALL_SIGN)},
		{"vessel_type", json_null()},
		{"gross_tonnage", json_null()},
		{"gross_registered_tonnage", json_null()},
		{"vessel_flag", first_value(e, CLR_EV_FLAG)},
		{"vessel_owner", json_null()},
		{"remarks", str_or_null(e->remarks)},
		{"source_list_url", json_null()},
		{"source_information_url", json_null()},
	};
	free(fr);
	int ok = 1;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		ok &= f[i].v && json_object_set_new(o, f[i].key, f[i].v) == 0;
	if (ok && fuzzy)
		ok = json_object_set_new(o, "score", json_real((double)(long)(score * 1000 + 0.5) / 10)) == 0;
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

typedef struct hit {
	const clr_entry *e;
	double score;
} hit;

typedef struct hits {
	size_t n, cap;
	hit *v;
} hits;

static int push(hits *h, const clr_entry *e, double score)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		hit *v = realloc(h->v, cap * sizeof(hit));
		if (!v)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = (hit){e, score};
	return 0;
}

typedef struct filters {
	codes sources, types, countries;
	const char *addr[5];
} filters;

static int passes(const clr_entry *e, const filters *f)
{
	if (f->sources.n && !has_code(&f->sources, e->source))
		return 0;
	if (f->types.n && !has_code(&f->types, csl_type(e->type)))
		return 0;
	if (f->countries.n) {
		int any = 0;
		for (size_t i = 0; i < e->ncountries && !any; i++)
			any = has_code(&f->countries, e->countries[i]);
		for (size_t i = 0; i < e->naddresses && !any; i++)
			any = has_code(&f->countries, e->addresses[i].country);
		if (!any)
			return 0;
	}
	return addresses_match(e, f->addr, 5);
}

static int read_filters(const srv_csl_params *p, filters *f, srv_err *err)
{
	int st;
	if ((st = split_codes(p->sources, "sources", &f->sources, err)) ||
	    (st = split_codes(p->types ? p->types : p->type, p->types ? "types" : "type", &f->types,
	                      err)) ||
	    (st = split_codes(p->countries, "countries", &f->countries, err)))
		return st;
	for (size_t i = 0; i < f->types.n; i++) {
		clr_type t = clr_type_parse(f->types.v[i]);
		if (t == CLR_TYPE_UNKNOWN || t == CLR_TYPE_PERSON) {
			if (strcmp(f->types.v[i], "INDIVIDUAL"))
				return bad(err, "types", "expected Entity, Individual, Vessel or Aircraft",
				           f->types.v[i]);
		}
	}
	for (size_t i = 0; i < f->countries.n; i++)
		if (strlen(f->countries.v[i]) != 2 || !isalpha((unsigned char)f->countries.v[i][0]) ||
		    !isalpha((unsigned char)f->countries.v[i][1]))
			return bad(err, "countries", "expected ISO 3166 alpha-2 codes", f->countries.v[i]);
	const char *addr[5] = {p->address, p->city, p->state, p->postal_code, p->full_address};
	memcpy(f->addr, addr, sizeof(addr));
	return 0;
}

int srv_csl_search(clr_screener *sc, const clr_db *db, double threshold,
                   const srv_csl_params *p, char **out, srv_err *err)
{
	filters f;
	size_t size, offset;
	int st, fuzzy = 0;
	*out = NULL;
	if ((st = read_filters(p, &f, err)) ||
	    (st = srv_parse_size(p->size, "size", 1, CSL_SIZE_MAX, CSL_SIZE_DEFAULT, &size, err)) ||
	    (st = srv_parse_size(p->offset, "offset", 0, 1000000, 0, &offset, err)))
		return st;
	if (p->fuzzy_name) {
		if (!strcasecmp(p->fuzzy_name, "true"))
			fuzzy = 1;
		else if (strcasecmp(p->fuzzy_name, "false"))
			return bad(err, "fuzzy_name", "expected true or false", p->fuzzy_name);
	}
	const char *name = p->name && *p->name ? p->name : NULL;
	if (fuzzy && !name)
		return bad(err, "fuzzy_name", "needs a name", NULL);
	if (name && strlen(name) > CLR_MAX_NAME_BYTES)
		return bad(err, "name", "longer than the limit", NULL);
	hits h = {0};
	int oom = 0;
	if (fuzzy) {
		clr_screen_opts o;
		clr_result *r;
		clr_screen_opts_init(&o);
		o.ungrouped = 1; /* the CSL API lists every entry */
		o.threshold = threshold;
		if (clr_screen(sc, &o, name, &r) < 0)
			return bad(err, "name", clr_screener_errmsg(sc), NULL);
		for (size_t i = 0; i < r->nalerts && !oom; i++)
			if (passes(r->alerts[i].entry, &f))
				oom = push(&h, r->alerts[i].entry, r->alerts[i].score) < 0;
		clr_result_free(r);
	} else {
		words q;
		if (name)
			split_words(name, &q);
		size_t n = clr_db_entry_count(db);
		for (size_t i = 0; i < n && !oom; i++) {
			const clr_entry *e = clr_db_entry(db, i);
			if (e && (!name || name_has_words(e, &q)) && passes(e, &f))
				oom = push(&h, e, 1) < 0;
		}
	}
	/* "sources": the matches per list before paging, most first */
	json_t *counts = json_array(), *res = json_array();
	const char **names = calloc(h.n ? h.n : 1, sizeof(char *));
	size_t *cnt = calloc(h.n ? h.n : 1, sizeof(size_t)), ns = 0;
	oom |= !counts || !res || !names || !cnt;
	for (size_t i = 0; !oom && i < h.n; i++) {
		const clr_entry *e = h.v[i].e;
		const char *s = e->source_name ? e->source_name : e->source ? e->source : "?";
		size_t j = 0;
		while (j < ns && strcmp(names[j], s))
			j++;
		if (j == ns)
			names[ns++] = s;
		cnt[j]++;
	}
	for (size_t done = 0; !oom && done < ns; done++) {
		size_t best = 0;
		for (size_t j = 1; j < ns; j++)
			if (cnt[j] > cnt[best] || (cnt[j] == cnt[best] && strcmp(names[j], names[best]) < 0))
				best = j;
		json_array_append_new(counts, json_pack("{s:s,s:I}", "value", names[best], "count",
		                                        (json_int_t)cnt[best]));
		cnt[best] = 0;
		names[best] = "\xff"; /* taken: sorts after every name, never taken again */
	}
	free(names);
	free(cnt);
	for (size_t i = offset; !oom && i < h.n && i < offset + size; i++) {
		json_t *r = result_json(h.v[i].e, h.v[i].score, fuzzy);
		oom |= !r || json_array_append_new(res, r) < 0;
	}
	json_t *o = json_pack("{s:I,s:o,s:o}", "total", (json_int_t)h.n, "sources", counts,
	                      "results", res);
	free(h.v);
	*out = o && !oom ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	if (!*out) {
		snprintf(err->field, sizeof(err->field), "body");
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return 500;
	}
	return 0;
}

char *srv_csl_sources(const clr_db *db, const char *loaded_at)
{
	json_t *seen = json_object(), *res = json_array();
	size_t n = clr_db_entry_count(db);
	for (size_t i = 0; seen && res && i < n; i++) {
		const clr_entry *e = clr_db_entry(db, i);
		const char *code = e && e->source ? e->source : NULL;
		if (!code || json_object_get(seen, code))
			continue;
		json_object_set_new(seen, code, json_true());
		json_array_append_new(
			res, json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", code, "source",
		                       e->source_name ? e->source_name : code, "source_last_updated",
		                       loaded_at, "last_imported", loaded_at, "import_rate", "on load"));
	}
	json_t *o = json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(res), "results", res);
	char *z = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(o);
	json_decref(seen);
	return z;
}
