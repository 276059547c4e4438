/*
 * csl_json.c - the trade.gov Consolidated Screening List JSON: {"results":
 * [...]} or a bare array of objects with the CSV's field names.  Parsing is
 * jansson's; this file checks every value's type and maps each result like
 * a CSV row.  Must never trust a type, nor accept nesting deeper than
 * CLR_MAX_JSON_DEPTH.  "Line" in its messages is the 1-based result index.
 */
#include <jansson.h>
#include <stdio.h>

#include "csl.h"
#include "../util/json_kind.h"

typedef int (*add_fn)(clr_loader *, const char *, size_t, const char *);

typedef struct json_ctx {
	clr_loader *ld;
	size_t idx;    /* 1-based result index */
	char pfx[40];  /* "result 12: " */
	clr_buf join;  /* address parts joined */
} json_ctx;

#define TRY(expr) do { int rc_ = (expr); if (rc_ < 0 || c->ld->failed_row) return rc_; } while (0)

/* Containers nested deeper than the limit (the top level is depth 1). */
static int too_deep(json_t *v, size_t depth)
{
	const char *key;
	json_t *x;
	size_t i;
	if (depth > CLR_MAX_JSON_DEPTH)
		return 1;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if ((json_is_object(x) || json_is_array(x)) && too_deep(x, depth + 1))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if ((json_is_object(x) || json_is_array(x)) && too_deep(x, depth + 1))
				return 1;
	}
	return 0;
}

static int wrong_type(json_ctx *c, const char *key, const char *want, const json_t *v)
{
	return clr__loader_fail(c->ld, c->idx, key, CLR_EINPUT, "%sexpected %s, found %s", c->pfx,
	                        want, clr__json_kind(v));
}

/* A string or null member; *s is NULL when absent or null. */
static int get_str(json_ctx *c, json_t *o, const char *key, const char **s, size_t *n)
{
	json_t *v = json_object_get(o, key);
	*s = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return wrong_type(c, key, "a string", v);
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 0;
}

/* A multi-valued member: a string split on ';' (when split), or an array of
 * strings taken as they are. */
static int get_list(json_ctx *c, json_t *o, const char *key, int split, add_fn add)
{
	clr_loader *ld = c->ld;
	json_t *v = json_object_get(o, key), *x;
	size_t i;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if (split)
			return clr__draft_split(ld, json_string_value(v), json_string_length(v), ';', add,
			                        key);
		return add(ld, json_string_value(v), json_string_length(v), key);
	}
	if (!json_is_array(v))
		return wrong_type(c, key, "a string or an array of strings", v);
	json_array_foreach(v, i, x) {
		if (json_is_null(x))
			continue;
		if (!json_is_string(x))
			return wrong_type(c, key, "an array of strings", x);
		TRY(add(ld, json_string_value(x), json_string_length(x), key));
	}
	return 0;
}

/* {address, city, state, postal_code, country}: the non-empty parts joined
 * with ", " are the address; "country" is its country. */
static int address_object(json_ctx *c, json_t *a)
{
	static const char *const parts[] = {"address", "city", "state", "postal_code", "country"};
	const char *s = NULL, *country = NULL;
	size_t n = 0, ncountry = 0;
	clr__buf_clear(&c->join);
	for (size_t k = 0; k < sizeof(parts) / sizeof(*parts); k++) {
		TRY(get_str(c, a, parts[k], &s, &n));
		clr__trim(&s, &n);
		if (!n)
			continue;
		if (k == 4)
			country = s, ncountry = n;
		if ((c->join.len && clr__buf_put(&c->join, ", ", 2)) || clr__buf_put(&c->join, s, n))
			return clr__loader_fatal(c->ld, c->idx, "addresses", CLR_ENOMEM, "out of memory");
	}
	return clr__draft_address(c->ld, c->join.p, c->join.len, country, ncountry, "addresses");
}

static int get_addresses(json_ctx *c, json_t *o)
{
	clr_loader *ld = c->ld;
	json_t *v = json_object_get(o, "addresses"), *x;
	size_t i;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return clr__draft_split(ld, json_string_value(v), json_string_length(v), ';',
		                        clr_csl__address, "addresses");
	if (!json_is_array(v))
		return wrong_type(c, "addresses", "an array", v);
	json_array_foreach(v, i, x) {
		if (json_is_null(x))
			continue;
		if (json_is_string(x))
			TRY(clr_csl__address(ld, json_string_value(x), json_string_length(x), "addresses"));
		else if (json_is_object(x))
			TRY(address_object(c, x));
		else
			return wrong_type(c, "addresses", "an array of objects", x);
	}
	return 0;
}

/* "ids": the API's [{type, number, country, issue_date, expiration_date}], or
 * strings as the CSV writes them. */
static int get_ids(json_ctx *c, json_t *o)
{
	clr_loader *ld = c->ld;
	json_t *v = json_object_get(o, "ids"), *x;
	size_t i;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return clr__draft_split(ld, json_string_value(v), json_string_length(v), ';',
		                        clr__draft_id_text, "ids");
	if (!json_is_array(v))
		return wrong_type(c, "ids", "an array", v);
	json_array_foreach(v, i, x) {
		if (json_is_null(x))
			continue;
		if (json_is_string(x)) {
			TRY(clr__draft_id_text(ld, json_string_value(x), json_string_length(x), "ids"));
			continue;
		}
		if (!json_is_object(x))
			return wrong_type(c, "ids", "an array of objects", x);
		const char *type, *num, *cc;
		size_t tn, nn, cn;
		TRY(get_str(c, x, "type", &type, &tn));
		TRY(get_str(c, x, "number", &num, &nn));
		TRY(get_str(c, x, "country", &cc, &cn));
		if (!type || !num)
			continue;
		int kind = clr__ev_id_kind(type, tn);
		if (kind == CLR_EV_NONE)
			continue;
		TRY(clr__draft_evidence(ld, (clr_evidence_kind)kind, num, nn,
		                        kind == CLR_EV_ID ? type : NULL, kind == CLR_EV_ID ? tn : 0, cc,
		                        cc ? cn : 0, "ids"));
	}
	return 0;
}

static int stage_result(json_ctx *c, json_t *o)
{
	clr_loader *ld = c->ld;
	const char *s;
	size_t n;
	char num[32];
	clr__draft_begin(ld, c->idx);
	if (!json_is_object(o))
		return wrong_type(c, NULL, "an object", o);
	/* the download's "_id"; the search API's answers (saved to a file) say "id" */
	const char *idkey = json_object_get(o, "_id") || !json_object_get(o, "id") ? "_id" : "id";
	json_t *id = json_object_get(o, idkey);
	if (json_is_integer(id)) { /* some exports write numeric OFAC ids as numbers */
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
		TRY(clr__draft_str(ld, &ld->d.e.id, num, strlen(num), idkey));
	} else {
		TRY(get_str(c, o, idkey, &s, &n));
		TRY(clr__draft_str(ld, &ld->d.e.id, s, n, idkey));
	}
	TRY(get_str(c, o, "source", &s, &n));
	if (s)
		TRY(clr_csl__source(ld, s, n, "source"));
	TRY(get_str(c, o, "type", &s, &n));
	if (s)
		clr_csl__type(ld, s, n);
	TRY(get_str(c, o, "name", &s, &n));
	TRY(clr__draft_listed_names(ld, s, n, CLR_NAME_PRIMARY, "name"));
	if (!ld->d.names.n)
		return clr__loader_fail(ld, c->idx, "name", CLR_EINPUT, "%sempty name", c->pfx);
	TRY(get_list(c, o, "alt_names", 1, clr_csl__alias));
	TRY(get_addresses(c, o));
	TRY(get_list(c, o, "programs", 1, clr__draft_program));
	TRY(get_list(c, o, "federal_register_notice", 0, clr_csl__citations));
	TRY(get_str(c, o, "start_date", &s, &n));
	TRY(clr_csl__date(ld, &ld->d.e.start_date, s, n, "start_date", c->pfx));
	TRY(get_str(c, o, "end_date", &s, &n));
	TRY(clr_csl__date(ld, &ld->d.e.end_date, s, n, "end_date", c->pfx));
	TRY(get_str(c, o, "license_requirement", &s, &n));
	TRY(clr__draft_str(ld, &ld->d.e.license_requirement, s, n, "license_requirement"));
	TRY(get_str(c, o, "license_policy", &s, &n));
	TRY(clr__draft_str(ld, &ld->d.e.license_policy, s, n, "license_policy"));
	TRY(get_str(c, o, "remarks", &s, &n));
	TRY(clr_csl__remarks(ld, s, n, "remarks"));
	TRY(get_list(c, o, "nationalities", 1, clr_csl__nationality));
	TRY(get_list(c, o, "citizenships", 1, clr_csl__citizenship));
	TRY(get_list(c, o, "dates_of_birth", 1, clr_csl__dob));
	TRY(get_list(c, o, "places_of_birth", 1, clr_csl__pob));
	TRY(get_ids(c, o));
	TRY(get_list(c, o, "call_sign", 0, clr_csl__call_sign));
	TRY(get_list(c, o, "vessel_flag", 0, clr_csl__flag));
	return clr__draft_commit(ld);
}

int clr__parse_csl_json(clr_loader *ld, const char *buf, size_t len)
{
	json_ctx c = {.ld = ld};
	json_error_t jerr;
	json_t *root, *results, *o;
	size_t i;
	int rc = 0;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		buf += 3, len -= 3;
	root = json_loadb(buf, len, 0, &jerr);
	if (!root)
		return clr__loader_fatal(ld, jerr.line > 0 ? (size_t)jerr.line : 0, NULL,
		                         json_error_code(&jerr) == json_error_stack_overflow
		                                 ? CLR_ELIMIT : CLR_EINPUT,
		                         "invalid JSON (column %d): %s", jerr.column, jerr.text);
	results = json_is_object(root) ? json_object_get(root, "results") : root;
	if (!json_is_array(results)) {
		rc = clr__loader_fatal(ld, 0, "results", CLR_EINPUT,
		                       "expected {\"results\": [...]} or an array of results");
		goto out;
	}
	if (too_deep(root, 1)) {
		rc = clr__loader_fatal(ld, 0, NULL, CLR_ELIMIT, "JSON nested deeper than %u levels",
		                       CLR_MAX_JSON_DEPTH);
		goto out;
	}
	json_array_foreach(results, i, o) {
		c.idx = i + 1;
		snprintf(c.pfx, sizeof(c.pfx), "result %zu: ", c.idx);
		ld->report.rows++;
		if ((rc = stage_result(&c, o)) < 0)
			break;
	}
out:
	clr__buf_free(&c.join);
	json_decref(root);
	return rc;
}
