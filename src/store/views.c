/*
 * views.c - read-only JSON views of the store for the CLI and the HTTP API:
 * alerts (one, a page, a customer's), snapshots, a diff with the customers
 * it hit, and the audit trail with its verification.  Every view reads in
 * one deferred transaction (a consistent snapshot under WAL); nothing here
 * writes, screens or prints except into the buffer it returns.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "../util/util.h"

/* One alert as `clearance alerts` prints it and the API serves it. */
#define ALERT_SELECT                                                                        \
	"SELECT json_object('alert_id', a.id, 'id', a.id, 'status', a.status, 'decision',"   \
	" a.decision, 'customer_id', a.customer_id, 'customer_name', c.name, 'entry_id',"     \
	" a.entry_id, 'source', v.source, 'listed_name', v.name, 'entry_name', v.name,"        \
	" 'score', round(a.score, 4), 'reason', a.reason,"                                    \
	" 'name_score', round(a.name_score, 4), 'evidence', json(a.evidence),"               \
	" 'attributes', json(coalesce(c.attributes, '{}')),"                                   \
	" 'history', (SELECT json_group_array(json_object('at', e.at, 'event', e.kind,"       \
	"  'by', e.who, 'note', e.note)) FROM (SELECT * FROM alert_events e"                  \
	"  WHERE e.alert_id=a.id ORDER BY e.id) e))"                                           \
	" FROM alerts a LEFT JOIN customers c ON c.id=a.customer_id"                           \
	" LEFT JOIN entry_versions v ON v.entry_id=a.entry_id AND v.hash=a.entry_hash "
#define ALERT_ORDER " ORDER BY a.customer_id, a.entry_id"
#define STATUS_WHERE " WHERE (?1='all' OR a.status=?1)"

static int read_begin(clr_store *st)
{
	return clr_sql_begin_read(st->sql) ? clr_store__sqlfail(st, "exec") : 0;
}
static void read_end(clr_store *st) { clr_store__rollback(st); }

static int valid_status(clr_store *st, const char **status)
{
	if (!*status)
		*status = "open";
	if (strcmp(*status, "open") && strcmp(*status, "reviewed") && strcmp(*status, "closed") &&
	    strcmp(*status, "all"))
		return clr_store__fail(st, CLR_EUSAGE, "status: expected open, reviewed, closed or "
		                       "all, got '%.40s'", *status);
	return 0;
}

/* Appends the first column of every row of q to b, comma-separated. */
static int rows_into(clr_store *st, sqlite3_stmt *q, clr_buf *b, const char *sep)
{
	int rc, n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n++)
			clr__buf_puts(b, sep);
		clr__buf_puts(b, (const char *)sqlite3_column_text(q, 0));
	}
	if (rc != SQLITE_DONE)
		return clr_store__sqlfail(st, "read");
	return b->failed ? CLR_ENOMEM : 0;
}

/* Ends a view: the buffer becomes *out when all went well. */
static int view_done(clr_store *st, sqlite3_stmt *q, clr_buf *b, int rc, char **out)
{
	sqlite3_finalize(q);
	read_end(st);
	if (!rc && b->failed)
		rc = CLR_ENOMEM;
	if (!rc && !(*out = clr__buf_detach(b)))
		rc = CLR_ENOMEM;
	clr__buf_free(b);
	return rc;
}

static int64_t count_of(clr_store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *q;
	int64_t n = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL))
		return -1;
	sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

int clr_store_alerts(clr_store *st, const char *status, FILE *out)
{
	CLR_STORE_SQLITE_ONLY(st, "alerts");
	sqlite3_stmt *q;
	int rc;
	if ((rc = valid_status(st, &status)))
		return rc;
	if (sqlite3_prepare_v2(st->db, ALERT_SELECT STATUS_WHERE ALERT_ORDER, -1, &q, NULL))
		return clr_store__sqlfail(st, "alerts");
	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fprintf(out, "%s\n", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : clr_store__sqlfail(st, "alerts");
}

int clr_store_alerts_json(clr_store *st, const char *status, size_t limit, size_t offset,
                          char **out)
{
	CLR_STORE_SQLITE_ONLY(st, "alerts");
	sqlite3_stmt *q = NULL;
	clr_buf b = {0};
	int rc;
	*out = NULL;
	if ((rc = valid_status(st, &status)) || (rc = read_begin(st)))
		return rc;
	int64_t total = count_of(st, "SELECT count(*) FROM alerts a" STATUS_WHERE, status);
	if (total < 0) {
		rc = clr_store__sqlfail(st, "alerts");
		goto out;
	}
	/* the page's ids first: the JSON is built for the page only */
	if (sqlite3_prepare_v2(st->db, ALERT_SELECT " WHERE a.id IN (SELECT a.id FROM alerts a"
	                       STATUS_WHERE ALERT_ORDER " LIMIT ?2 OFFSET ?3)" ALERT_ORDER,
	                       -1, &q, NULL)) {
		rc = clr_store__sqlfail(st, "alerts");
		goto out;
	}
	sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (int64_t)limit);
	sqlite3_bind_int64(q, 3, (int64_t)offset);
	clr__buf_printf(&b, "{\"total\":%lld,\"status\":\"%s\",\"limit\":%zu,\"offset\":%zu,"
	                "\"alerts\":[", (long long)total, status, limit, offset);
	if (!(rc = rows_into(st, q, &b, ",")))
		clr__buf_puts(&b, "]}");
out:
	return view_done(st, q, &b, rc, out);
}

int clr_store_alert_json(clr_store *st, const char *id, char **out)
{
	CLR_STORE_SQLITE_ONLY(st, "alerts");
	sqlite3_stmt *q;
	*out = NULL;
	if (sqlite3_prepare_v2(st->db, ALERT_SELECT " WHERE a.id=?1", -1, &q, NULL))
		return clr_store__sqlfail(st, "alert");
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		rc = (*out = clr__strdup((const char *)sqlite3_column_text(q, 0))) ? 0 : CLR_ENOMEM;
	else if (rc == SQLITE_DONE)
		rc = clr_store__fail(st, CLR_EINPUT, "no alert with id '%.80s'", id);
	else
		rc = clr_store__sqlfail(st, "alert");
	sqlite3_finalize(q);
	return rc;
}

int clr_store_customer_json(clr_store *st, const char *id, char **out)
{
	CLR_STORE_SQLITE_ONLY(st, "customers");
	sqlite3_stmt *q = NULL;
	clr_buf b = {0};
	int rc;
	*out = NULL;
	if ((rc = read_begin(st)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT json_object('id', id, 'name', name, 'type', type,"
	                               " 'country', country, 'attributes',"
	                               " json(coalesce(attributes, '{}'))) FROM customers WHERE id=?", -1, &q,
	                       NULL)) {
		rc = clr_store__sqlfail(st, "customer");
		goto out;
	}
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? clr_store__fail(st, CLR_EINPUT, "no customer with id '%.80s'",
		                                         id)
		                       : clr_store__sqlfail(st, "customer");
		goto out;
	}
	const char *obj = (const char *)sqlite3_column_text(q, 0);
	clr__buf_put(&b, obj, strlen(obj) - 1); /* without its closing brace */
	clr__buf_puts(&b, ",\"alerts\":[");
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(st->db, ALERT_SELECT " WHERE a.customer_id=?1" ALERT_ORDER, -1, &q,
	                       NULL)) {
		q = NULL;
		rc = clr_store__sqlfail(st, "customer");
		goto out;
	}
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (!(rc = rows_into(st, q, &b, ",")))
		clr__buf_puts(&b, "]}");
out:
	return view_done(st, q, &b, rc, out);
}

/* ---- snapshots ----------------------------------------------------------- */

#define SNAPSHOT_SELECT                                                                     \
	"SELECT json_object('id', s.id, 'as_of', s.as_of, 'imported', s.imported_at, 'by',"  \
	" s.who, 'entries', s.nentries, 'sources', (SELECT json_group_array(src) FROM"        \
	" (SELECT DISTINCT v.source AS src FROM snapshot_entries se JOIN entry_versions v"    \
	" ON v.vid=se.vid WHERE se.snapshot_id=s.id ORDER BY 1)), 'files',"                   \
	" (SELECT json_group_array(name) FROM (SELECT name FROM snapshot_sources"             \
	" WHERE snapshot_id=s.id ORDER BY grp, name))) FROM snapshots s "

int clr_store_latest(clr_store *st, int64_t *out_id, char out_as_of[16])
{
	clr_sql_stmt *q;
	*out_id = 0;
	out_as_of[0] = 0;
	int rc = clr_store__prepare(st, "SELECT id, as_of FROM snapshots ORDER BY id DESC LIMIT 1",
	                            &q, "snapshot");
	if (rc)
		return rc;
	if (clr_sql_step(q) == CLR_SQL_ROW) {
		const char *z = clr_sql_column_text(q, 1);
		*out_id = clr_sql_column_int64(q, 0);
		snprintf(out_as_of, 16, "%s", z ? z : "");
	}
	clr_sql_finalize(q);
	if (!*out_id)
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	return 0;
}

int clr_store_snapshots_json(clr_store *st, char **out)
{
	CLR_STORE_SQLITE_ONLY(st, "snapshots");
	sqlite3_stmt *q;
	clr_buf b = {0};
	*out = NULL;
	if (sqlite3_prepare_v2(st->db, SNAPSHOT_SELECT "ORDER BY s.id", -1, &q, NULL))
		return clr_store__sqlfail(st, "snapshots");
	clr__buf_puts(&b, "{\"snapshots\":[");
	int rc = rows_into(st, q, &b, ",");
	sqlite3_finalize(q);
	clr__buf_puts(&b, "]}");
	if (!rc && b.failed)
		rc = CLR_ENOMEM;
	if (!rc)
		*out = clr__buf_detach(&b);
	clr__buf_free(&b);
	return rc;
}

/* The snapshot object of id, NULL (JSON null) for -1: "nothing before". */
static json_t *snapshot_obj(clr_store *st, int64_t id, int *rc)
{
	sqlite3_stmt *q;
	*rc = 0;
	if (id < 0)
		return json_null();
	if (sqlite3_prepare_v2(st->db, SNAPSHOT_SELECT "WHERE s.id=?", -1, &q, NULL)) {
		*rc = clr_store__sqlfail(st, "snapshot");
		return NULL;
	}
	sqlite3_bind_int64(q, 1, id);
	json_t *o = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		o = json_loads((const char *)sqlite3_column_text(q, 0), 0, NULL);
	else
		*rc = clr_store__fail(st, CLR_EINPUT, "no snapshot with id %lld", (long long)id);
	sqlite3_finalize(q);
	if (!o && !*rc)
		*rc = CLR_ENOMEM;
	return o;
}

/* ---- diff ---------------------------------------------------------------- */

typedef struct diff_view {
	json_t *changes, *summary, *hit_ids;
	size_t total, limit, offset;
} diff_view;

static int diff_count(diff_view *d, const char *source, const char *change)
{
	size_t i;
	json_t *s = NULL;
	json_array_foreach(d->summary, i, s)
		if (!strcmp(json_string_value(json_object_get(s, "source")), source))
			break;
	if (i == json_array_size(d->summary)) {
		s = json_pack("{s:s,s:i,s:i,s:i}", "source", source, "added", 0, "removed", 0,
		              "changed", 0);
		if (!s || json_array_append_new(d->summary, s))
			return CLR_ENOMEM;
	}
	json_t *n = json_object_get(s, change);
	return n ? json_integer_set(n, json_integer_value(n) + 1) : 0;
}

/* One line of clr_store_diff: counted, kept when on the page, and its
 * entry remembered when added or changed (for the hits). */
static int diff_line(diff_view *d, const char *line, size_t len)
{
	json_t *o = json_loadb(line, len, 0, NULL);
	if (!o)
		return CLR_EINTERNAL;
	const char *change = json_string_value(json_object_get(o, "change"));
	const char *source = json_string_value(json_object_get(o, "source"));
	json_t *id = json_object_get(o, "entry_id");
	int rc = diff_count(d, source ? source : "?", change ? change : "changed");
	if (!rc && change && strcmp(change, "removed") && id)
		rc = json_array_append(d->hit_ids, id) ? CLR_ENOMEM : 0;
	if (!rc && d->total >= d->offset && d->total - d->offset < d->limit) {
		json_object_set(o, "citations", json_object_get(o, "federal_register"));
		rc = json_array_append(d->changes, o) ? CLR_ENOMEM : 0;
	}
	d->total++;
	json_decref(o);
	return rc;
}

static int diff_hits(clr_store *st, diff_view *d, json_t **out)
{
	sqlite3_stmt *q;
	char *ids = json_dumps(d->hit_ids, JSON_COMPACT);
	clr_buf b = {0};
	*out = NULL;
	if (!ids)
		return CLR_ENOMEM;
	if (sqlite3_prepare_v2(st->db, "SELECT json_object('alert_id', a.id, 'customer_id',"
	                               " a.customer_id, 'customer_name', c.name, 'entry_id',"
	                               " a.entry_id, 'score', round(a.score, 4), 'status', a.status,"
	                               " 'decision', a.decision) FROM alerts a LEFT JOIN customers c"
	                               " ON c.id=a.customer_id WHERE a.entry_id IN"
	                               " (SELECT value FROM json_each(?1))" ALERT_ORDER,
	                       -1, &q, NULL)) {
		free(ids);
		return clr_store__sqlfail(st, "diff hits");
	}
	sqlite3_bind_text(q, 1, ids, -1, SQLITE_STATIC);
	clr__buf_putc(&b, '[');
	int rc = rows_into(st, q, &b, ",");
	clr__buf_putc(&b, ']');
	sqlite3_finalize(q);
	free(ids);
	if (!rc && !(*out = json_loadb(b.p, b.len, 0, NULL)))
		rc = CLR_ENOMEM;
	clr__buf_free(&b);
	return rc;
}

/* Resolves 0 ids as clr_store_diff does: to the latest, from the one before
 * (or -1: nothing, every entry added). */
static int diff_ends(clr_store *st, int64_t *from, int64_t *to)
{
	if (!*to && !(*to = clr_store__latest(st)))
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	if (*from)
		return 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT max(id) FROM snapshots WHERE id < ?", -1, &q, NULL))
		return clr_store__sqlfail(st, "diff");
	sqlite3_bind_int64(q, 1, *to);
	*from = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL
	                ? sqlite3_column_int64(q, 0)
	                : -1;
	sqlite3_finalize(q);
	return 0;
}

int clr_store_diff_json(clr_store *st, int64_t from, int64_t to, size_t limit, size_t offset,
                        char **out)
{
	CLR_STORE_SQLITE_ONLY(st, "diff");
	diff_view d = {.changes = json_array(), .summary = json_array(), .hit_ids = json_array(),
	               .limit = limit, .offset = offset};
	json_t *doc = NULL, *jfrom = NULL, *jto = NULL, *hits = NULL;
	char *lines = NULL;
	size_t nlines = 0;
	int rc;
	*out = NULL;
	if (!d.changes || !d.summary || !d.hit_ids) {
		rc = CLR_ENOMEM;
		goto done;
	}
	if ((rc = read_begin(st)))
		goto done;
	if ((rc = diff_ends(st, &from, &to)) || !(jfrom = snapshot_obj(st, from, &rc)) ||
	    !(jto = snapshot_obj(st, to, &rc)))
		goto done;
	FILE *f = open_memstream(&lines, &nlines);
	if (!f) {
		rc = CLR_ENOMEM;
		goto done;
	}
	rc = clr_store_diff(st, from, to, f, NULL);
	if (fclose(f) && !rc)
		rc = CLR_ENOMEM;
	for (char *p = lines, *nl; !rc && p && p < lines + nlines; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(lines + nlines - p))))
			break;
		rc = diff_line(&d, p, (size_t)(nl - p));
	}
	if (rc || (rc = diff_hits(st, &d, &hits)))
		goto done;
	doc = json_pack("{s:O,s:O,s:O,s:I,s:I,s:I,s:O,s:O}", "from", jfrom, "to", jto, "summary",
	                d.summary, "total_changes", (json_int_t)d.total, "limit", (json_int_t)limit,
	                "offset", (json_int_t)offset, "changes", d.changes, "hits", hits);
	if (!doc || !(*out = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                                         JSON_REAL_PRECISION(6))))
		rc = CLR_ENOMEM;
done:
	read_end(st);
	free(lines);
	json_decref(doc);
	json_decref(jfrom);
	json_decref(jto);
	json_decref(hits);
	json_decref(d.changes);
	json_decref(d.summary);
	json_decref(d.hit_ids);
	return rc;
}

/* ---- audit ----------------------------------------------------------------- */

int clr_store_audit_json(clr_store *st, const char *since, size_t limit, char **out)
{
	char *lines = NULL;
	size_t nlines = 0, nrec = 0, total = 0;
	clr_buf b = {0};
	int rc;
	*out = NULL;
	if ((rc = read_begin(st)))
		return rc;
	int verify = clr_store_audit_verify(st, &nrec);
	char verr[sizeof(st->errmsg)];
	snprintf(verr, sizeof(verr), "%s", verify ? st->errmsg : "");
	FILE *f = open_memstream(&lines, &nlines);
	if (!f) {
		read_end(st);
		return CLR_ENOMEM;
	}
	rc = clr_store_audit_export(st, since, f);
	if (fclose(f) && !rc)
		rc = CLR_ENOMEM;
	read_end(st);
	if (rc) {
		free(lines);
		return rc;
	}
	/* the last `limit` records at or after since, oldest first */
	const char *start = lines ? lines : "";
	for (size_t i = 0; i < nlines; i++)
		total += lines[i] == '\n';
	for (size_t skip = total > limit ? total - limit : 0; skip; skip--)
		start = strchr(start, '\n') + 1;
	clr__buf_printf(&b, "{\"verified\":%s,\"records_checked\":%zu,", verify ? "false" : "true",
	                nrec);
	if (verify) {
		json_t *m = json_string(verr);
		char *z = m ? json_dumps(m, JSON_ENCODE_ANY) : NULL;
		clr__buf_printf(&b, "\"verify_error\":%s,", z ? z : "null");
		free(z);
		json_decref(m);
	}
	clr__buf_printf(&b, "\"total\":%zu,\"records\":[", total);
	for (const char *p = start, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		if (p != start)
			clr__buf_putc(&b, ',');
		clr__buf_put(&b, p, (size_t)(nl - p));
	}
	clr__buf_puts(&b, "]}");
	free(lines);
	if (b.failed) {
		clr__buf_free(&b);
		return CLR_ENOMEM;
	}
	*out = clr__buf_detach(&b);
	return 0;
}
