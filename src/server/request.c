/*
 * request.c - validation of the JSON bodies of /v1/screen, /v1/compare and
 * /v1/check.  Owns turning untrusted bytes into typed requests, or into a
 * 400/413 naming the offending field; it never screens and never touches a
 * socket (fuzz/fuzz_request.c drives it directly).
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "server.h"
#include "../util/json_kind.h"

static int fail(srv_err *err, int status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(srv_err *err, int status, const char *field, const char *fmt, ...)
{
	va_list ap;
	char m[256];
	snprintf(err->field, sizeof(err->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(err->msg, sizeof(err->msg), "%s: %s", field, m);
	return status;
}

/* jansson has no depth limit of ours: refuse deep nesting before parsing
 * so that hostile input cannot recurse deeply.  Strings are skipped. */
static int too_deep(const char *s, size_t n)
{
	unsigned depth = 0;
	int in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > CLR_MAX_JSON_DEPTH)
				return 1;
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	return 0;
}

static json_t *parse_body(const char *body, size_t len, srv_err *err, int *status)
{
	json_error_t je;
	*status = 0;
	if (len > CLR_MAX_REQUEST_BYTES) {
		*status = fail(err, 413, "body", "larger than %zu bytes", (size_t)CLR_MAX_REQUEST_BYTES);
		return NULL;
	}
	if (too_deep(body, len)) {
		*status = fail(err, 400, "body", "JSON nested deeper than %u levels", CLR_MAX_JSON_DEPTH);
		return NULL;
	}
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		*status = fail(err, 400, "body", "malformed JSON at line %d column %d: %s", je.line,
		               je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		*status = fail(err, 400, "body", "expected a JSON object");
		return NULL;
	}
	return root;
}

/* Optional string member of obj; *out stays NULL when absent. */
static int get_str(json_t *obj, const char *key, const char *path, size_t max, int required,
                   const char **out, srv_err *err)
{
	char field[96];
	json_t *v = json_object_get(obj, key);
	snprintf(field, sizeof(field), "%s%s%s", path, *path ? "." : "", key);
	*out = NULL;
	if (!v) {
		if (required)
			return fail(err, 400, field, "required");
		return 0;
	}
	if (!json_is_string(v))
		return fail(err, 400, field, "expected a string, got %s", clr__json_kind(v));
	size_t n = json_string_length(v);
	const char *z = json_string_value(v);
	if (memchr(z, '\0', n))
		return fail(err, 400, field, "contains a NUL character");
	if (n > max)
		return fail(err, 400, field, "longer than %zu bytes", max);
	if (required && !n)
		return fail(err, 400, field, "empty");
	*out = z;
	return 0;
}

static int get_type(json_t *obj, const char *path, clr_type *out, srv_err *err)
{
	const char *z;
	int rc = get_str(obj, "type", path, 32, 0, &z, err);
	*out = CLR_TYPE_UNKNOWN;
	if (rc || !z)
		return rc;
	*out = clr_type_parse(z);
	if (*out == CLR_TYPE_UNKNOWN && strcmp(z, "unknown")) {
		char field[96];
		snprintf(field, sizeof(field), "%s%stype", path, *path ? "." : "");
		return fail(err, 400, field, "expected person, entity, vessel, aircraft or unknown");
	}
	return 0;
}

static int get_threshold(json_t *obj, double *out, srv_err *err)
{
	json_t *v = json_object_get(obj, "threshold");
	*out = 0;
	if (!v)
		return 0;
	if (!json_is_number(v))
		return fail(err, 400, "threshold", "expected a number, got %s", clr__json_kind(v));
	double t = json_number_value(v);
	if (!(t > 0 && t <= 1))
		return fail(err, 400, "threshold", "expected a number in (0, 1]");
	*out = t;
	return 0;
}

/* Unknown members are refused: a misspelt "contry" must not screen silently
 * without its country. */
static int only_keys(json_t *obj, const char *path, const char *const *allowed, srv_err *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int ok = 0;
		for (size_t i = 0; allowed[i]; i++)
			ok |= !strcmp(key, allowed[i]);
		if (!ok) {
			char field[96];
			/* an empty member name is shown as "" so the field is never blank */
			snprintf(field, sizeof(field), "%s%s%.40s", path, *path ? "." : "",
			         *key ? key : "\"\"");
			return fail(err, 400, field, "unknown field");
		}
	}
	return 0;
}

/* A body that must be an object with only the given members. */
static json_t *parse_object(const char *body, size_t len, const char *const *keys, srv_err *err,
                            int *status)
{
	json_t *root = parse_body(body, len, err, status);
	if (root && (*status = only_keys(root, "", keys, err))) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* The identifiers of a query: "ids": [{"type", "number", "country"}] into
 * idv (at most CLR_MAX_QUERY_IDS), and "imo" as a string or a number. */
static int get_ids(json_t *obj, const char *path, srv_query *q, clr_query_id *idv, srv_err *err)
{
	char field[96];
	json_t *imo = json_object_get(obj, "imo");
	snprintf(field, sizeof(field), "%s%simo", path, *path ? "." : "");
	if (json_is_integer(imo)) {
		snprintf(q->imobuf, sizeof(q->imobuf), "%lld", (long long)json_integer_value(imo));
		q->imo = q->imobuf;
	} else if (imo) {
		int rc = get_str(obj, "imo", path, 32, 0, &q->imo, err);
		if (rc)
			return rc;
	}
	json_t *ids = json_object_get(obj, "ids");
	snprintf(field, sizeof(field), "%s%sids", path, *path ? "." : "");
	q->ids = idv;
	q->nids = 0;
	if (!ids)
		return 0;
	if (!json_is_array(ids))
		return fail(err, 400, field, "expected an array, got %s", clr__json_kind(ids));
	if (json_array_size(ids) > CLR_MAX_QUERY_IDS)
		return fail(err, 400, field, "at most %u identifiers", CLR_MAX_QUERY_IDS);
	static const char *const id_keys[] = {"type", "number", "country", NULL};
	for (size_t i = 0; i < json_array_size(ids); i++) {
		char p[128];
		json_t *x = json_array_get(ids, i);
		snprintf(p, sizeof(p), "%s[%zu]", field, i);
		if (!json_is_object(x))
			return fail(err, 400, p, "expected an object, got %s", clr__json_kind(x));
		int rc;
		clr_query_id *d = &idv[q->nids++];
		if ((rc = only_keys(x, p, id_keys, err)) ||
		    (rc = get_str(x, "type", p, 64, 0, &d->type, err)) ||
		    (rc = get_str(x, "number", p, 64, 1, &d->number, err)) ||
		    (rc = get_str(x, "country", p, 64, 0, &d->country, err)))
			return rc;
	}
	return 0;
}

/* "jurisdiction": "US,UK" or ["US", "UK"] (the lists that apply), checked
 * by the library; NULL when absent. */
static int get_jurisdiction(json_t *obj, const char **out, srv_err *err)
{
	json_t *v = json_object_get(obj, "jurisdiction");
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_array(v)) { /* joined into the tree as a string the request owns */
		char buf[64] = "";
		size_t i, len = 0;
		json_t *x;
		json_array_foreach(v, i, x) {
			if (!json_is_string(x) || json_string_length(x) > 8 || len + 10 > sizeof(buf))
				return fail(err, 400, "jurisdiction",
				            "expected codes such as \"US\" (at most 6 of them)");
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? "," : "",
			                        json_string_value(x));
		}
		json_object_set_new(obj, "jurisdiction", json_string(buf));
		v = json_object_get(obj, "jurisdiction");
	}
	if (!json_is_string(v))
		return fail(err, 400, "jurisdiction", "expected a string or an array, got %s",
		            clr__json_kind(v));
	clr_screen_opts o;
	char msg[160];
	clr_screen_opts_init(&o);
	o.jurisdictions = json_string_value(v);
	if (clr_screen_opts_check(&o, msg, sizeof(msg)) < 0)
		return fail(err, 400, "jurisdiction", "%s",
		            strncmp(msg, "jurisdiction: ", 14) ? msg : msg + 14);
	*out = o.jurisdictions;
	return 0;
}

static int get_query(json_t *obj, const char *path, srv_query *q, clr_query_id *idv,
                     srv_err *err)
{
	static const char *const rec_keys[] = {"id", "name", "type", "country", "dob",
	                                       "nationality", "address", "city", "imo", "ids",
	                                       NULL};
	int rc;
	if ((*path && (rc = only_keys(obj, path, rec_keys, err))) ||
	    (rc = get_str(obj, "name", path, CLR_MAX_NAME_BYTES, 1, &q->name, err)) ||
	    (rc = get_str(obj, "id", path, CLR_MAX_REQUEST_ID_BYTES, 0, &q->id, err)) ||
	    (rc = get_str(obj, "country", path, CLR_MAX_REQUEST_ID_BYTES, 0, &q->country, err)) ||
	    (rc = get_str(obj, "dob", path, 64, 0, &q->dob, err)) ||
	    (rc = get_str(obj, "nationality", path, 64, 0, &q->nationality, err)) ||
	    (rc = get_str(obj, "address", path, CLR_MAX_NAME_BYTES, 0, &q->address, err)) ||
	    (rc = get_str(obj, "city", path, 128, 0, &q->city, err)) ||
	    (rc = get_ids(obj, path, q, idv, err)) ||
	    (rc = get_type(obj, path, &q->type, err)))
		return rc;
	return 0;
}

void srv_screen_req_free(srv_screen_req *r)
{
	json_decref(r->root);
	free(r->queries);
	free(r->ids);
	free(r->idv);
	memset(r, 0, sizeof(*r));
}

int srv_parse_screen(srv_screen_req *out, const char *body, size_t len, srv_err *err)
{
	static const char *const top_one[] = {"id", "name", "type", "country", "threshold",
	                                      "dob", "nationality", "address", "city", "imo",
	                                      "ids", "jurisdiction", NULL};
	static const char *const top_batch[] = {"records", "threshold", "jurisdiction", NULL};
	int rc;
	memset(out, 0, sizeof(*out));
	json_t *root = parse_body(body, len, err, &rc);
	if (!root)
		return rc;
	out->root = root;
	json_t *recs = json_object_get(root, "records");
	out->batch = recs != NULL;
	if ((rc = only_keys(root, "", out->batch ? top_batch : top_one, err)) ||
	    (rc = get_threshold(root, &out->threshold, err)) ||
	    (rc = get_jurisdiction(root, &out->jurisdiction, err)))
		goto fail;
	size_t n = 1;
	if (out->batch) {
		if (!json_is_array(recs)) {
			rc = fail(err, 400, "records", "expected an array, got %s", clr__json_kind(recs));
			goto fail;
		}
		n = json_array_size(recs);
		if (n > CLR_MAX_BATCH_RECORDS) {
			rc = fail(err, 413, "records", "%zu records, at most %u per request", n,
			          CLR_MAX_BATCH_RECORDS);
			goto fail;
		}
	}
	out->queries = calloc(n ? n : 1, sizeof(*out->queries));
	out->ids = calloc(n ? n : 1, sizeof(*out->ids));
	size_t nid = 0; /* identifiers over all records: one allocation */
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_object_get(out->batch ? json_array_get(recs, i) : root, "ids");
		size_t k = json_is_array(x) ? json_array_size(x) : 0;
		nid += k < CLR_MAX_QUERY_IDS ? k : CLR_MAX_QUERY_IDS;
	}
	out->idv = calloc(nid ? nid : 1, sizeof(*out->idv));
	if (!out->queries || !out->ids || !out->idv) {
		rc = fail(err, 500, "body", "out of memory");
		goto fail;
	}
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		char path[32] = "";
		json_t *obj = root;
		if (out->batch) {
			snprintf(path, sizeof(path), "records[%zu]", i);
			obj = json_array_get(recs, i);
			if (!json_is_object(obj)) {
				rc = fail(err, 400, path, "expected an object, got %s", clr__json_kind(obj));
				goto fail;
			}
		}
		if ((rc = get_query(obj, path, &out->queries[i], out->idv + used, err)))
			goto fail;
		used += out->queries[i].nids;
		if (!out->queries[i].id) {
			snprintf(out->ids[i], sizeof(out->ids[i]), "%zu", i + 1);
			out->queries[i].id = out->ids[i];
		}
	}
	out->nqueries = n;
	return 0;
fail:
	srv_screen_req_free(out);
	return rc;
}

void srv_compare_req_free(srv_compare_req *r)
{
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}

int srv_parse_compare(srv_compare_req *out, const char *body, size_t len, srv_err *err)
{
	static const char *const keys[] = {"a", "b", "type", "threshold", NULL};
	int rc;
	memset(out, 0, sizeof(*out));
	json_t *root = parse_object(body, len, keys, err, &rc);
	if (!(out->root = root))
		return rc;
	if ((rc = get_str(root, "a", "", CLR_MAX_NAME_BYTES, 1, &out->a, err)) ||
	    (rc = get_str(root, "b", "", CLR_MAX_NAME_BYTES, 1, &out->b, err)) ||
	    (rc = get_type(root, "", &out->type, err)) ||
	    (rc = get_threshold(root, &out->threshold, err))) {
		srv_compare_req_free(out);
		return rc;
	}
	return 0;
}

void srv_check_req_free(srv_check_req *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->tx[i]);
	free(r->tx);
	memset(r, 0, sizeof(*r));
}

/* The transaction's own fields are validated by clr_check_json, whose
 * errors name them; here only the envelope. */
int srv_parse_check(srv_check_req *out, const char *body, size_t len, srv_err *err)
{
	int rc = 0;
	memset(out, 0, sizeof(*out));
	json_t *root = parse_body(body, len, err, &rc);
	if (!root)
		return rc;
	json_t *txs = json_object_get(root, "transactions");
	size_t n = 1;
	if (txs) {
		static const char *const keys[] = {"transactions", NULL};
		out->batch = 1;
		if ((rc = only_keys(root, "", keys, err)))
			goto done;
		if (!json_is_array(txs)) {
			rc = fail(err, 400, "transactions", "expected an array, got %s", clr__json_kind(txs));
			goto done;
		}
		n = json_array_size(txs);
		if (n > CLR_MAX_BATCH_RECORDS) {
			rc = fail(err, 413, "transactions", "%zu transactions, at most %u per request", n,
			          CLR_MAX_BATCH_RECORDS);
			goto done;
		}
	}
	if (!(out->tx = calloc(n ? n : 1, sizeof(*out->tx)))) {
		rc = fail(err, 500, "body", "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *t = txs ? json_array_get(txs, i) : root;
		if (!json_is_object(t)) {
			char path[40];
			snprintf(path, sizeof(path), "transactions[%zu]", i);
			rc = fail(err, 400, path, "expected an object, got %s", clr__json_kind(t));
			goto done;
		}
		if (!(out->tx[i] = json_dumps(t, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
			rc = fail(err, 500, "body", "out of memory");
			goto done;
		}
		out->n = i + 1;
	}
done:
	json_decref(root);
	if (rc)
		srv_check_req_free(out);
	return rc;
}

void srv_review_req_free(srv_review_req *r)
{
	json_decref(r->root);
	memset(r, 0, sizeof(*r));
}

int srv_parse_review(srv_review_req *out, const char *body, size_t len, srv_err *err)
{
	static const char *const keys[] = {"decision", "note", NULL};
	static const char *const decisions[] = {"false_positive", "true_match", "escalated", NULL};
	int rc;
	memset(out, 0, sizeof(*out));
	json_t *root = parse_object(body, len, keys, err, &rc);
	if (!(out->root = root))
		return rc;
	if ((rc = get_str(root, "decision", "", 32, 1, &out->decision, err)) ||
	    (rc = srv_parse_choice(out->decision, "decision", decisions, NULL, &out->decision,
	                           err)) ||
	    (rc = get_str(root, "note", "", CLR_MAX_NOTE_BYTES, 0, &out->note, err))) {
		srv_review_req_free(out);
		return rc;
	}
	return 0;
}

int srv_parse_size(const char *z, const char *field, size_t lo, size_t hi, size_t dflt,
                   size_t *out, srv_err *err)
{
	size_t v = 0;
	*out = dflt;
	if (!z)
		return 0;
	if (!*z || strlen(z) > 12)
		return fail(err, 400, field, "expected an integer in [%zu, %zu]", lo, hi);
	for (const char *p = z; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail(err, 400, field, "expected an integer in [%zu, %zu]", lo, hi);
		v = v * 10 + (size_t)(*p - '0');
	}
	if (v < lo || v > hi)
		return fail(err, 400, field, "expected an integer in [%zu, %zu], got %zu", lo, hi, v);
	*out = v;
	return 0;
}

int srv_parse_choice(const char *z, const char *field, const char *const *choices,
                     const char *dflt, const char **out, srv_err *err)
{
	char m[160] = "";
	*out = dflt;
	if (!z)
		return 0;
	for (size_t i = 0; choices[i]; i++) {
		if (!strcmp(z, choices[i])) {
			*out = choices[i];
			return 0;
		}
		snprintf(m + strlen(m), sizeof(m) - strlen(m), "%s%s", i ? ", " : "", choices[i]);
	}
	return fail(err, 400, field, "expected one of %s", m);
}
