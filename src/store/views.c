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

/*
 * A view's rows as JSON text.  On SQLite the query builds them with
 * json_object; PostgreSQL's JSON differs in its spacing and its numbers, so
 * on PostgreSQL the query selects the plain columns and the same json_object
 * expression, run on an in-memory SQLite over them, builds the same bytes
 * (round() and the real numbers' form included).  Each view's expression is
 * written once, as a macro of its columns.
 */
typedef struct view_sql {
	const char *lite;  /* SQLite: one column, the JSON */
	const char *pg;    /* PostgreSQL: the columns of fmt */
	const char *fmt;   /* the JSON of ?1, ?2 ... on the in-memory SQLite */
	const char *types; /* each PostgreSQL column: t text, i integer, d real */
} view_sql;

typedef struct view_q {
	clr_store *st;
	const view_sql *v;
	const char *what;
	clr_sql_stmt *q;
	sqlite3 *mem;
	sqlite3_stmt *fmt;
} view_q;

#define VIEW_SQL(lite_cols, pg_cols, fmt_cols, types, tail)                                 \
	{ "SELECT " lite_cols tail, "SELECT " pg_cols tail, "SELECT " fmt_cols, types }

static void view_finalize(view_q *w)
{
	clr_sql_finalize(w->q);
	sqlite3_finalize(w->fmt);
	sqlite3_close(w->mem);
	memset(w, 0, sizeof(*w));
}

static int view_prepare(clr_store *st, view_q *w, const view_sql *v, const char *what)
{
	*w = (view_q){.st = st, .v = v, .what = what};
	int pg = clr_sql_backend(st->sql) == CLR_SQL_PG;
	int rc = clr_store__prepare(st, pg ? v->pg : v->lite, &w->q, what);
	if (rc || !pg)
		return rc;
	if (sqlite3_open(":memory:", &w->mem) ||
	    sqlite3_prepare_v2(w->mem, v->fmt, -1, &w->fmt, NULL)) {
		rc = clr_store__fail(st, w->mem ? CLR_EINTERNAL : CLR_ENOMEM, "store: %s: %s", what,
		                     w->mem ? sqlite3_errmsg(w->mem) : "out of memory");
		view_finalize(w);
	}
	return rc;
}

/* CLR_SQL_ROW, CLR_SQL_DONE, or an error (< 0) with its message. */
static int view_step(view_q *w)
{
	int rc = clr_sql_step(w->q);
	if (rc < 0)
		return clr_store__sqlfail(w->st, w->what);
	if (rc != CLR_SQL_ROW || !w->fmt)
		return rc;
	sqlite3_reset(w->fmt);
	for (int i = 0; w->v->types[i]; i++) {
		if (clr_sql_column_null(w->q, i))
			sqlite3_bind_null(w->fmt, i + 1);
		else if (w->v->types[i] == 'i')
			sqlite3_bind_int64(w->fmt, i + 1, clr_sql_column_int64(w->q, i));
		else if (w->v->types[i] == 'd')
			sqlite3_bind_double(w->fmt, i + 1, clr_sql_column_double(w->q, i));
		else
			sqlite3_bind_text(w->fmt, i + 1, clr_sql_column_text(w->q, i), -1,
			                  SQLITE_STATIC);
	}
	if (sqlite3_step(w->fmt) != SQLITE_ROW)
		return clr_store__fail(w->st, sqlite3_errcode(w->mem) == SQLITE_NOMEM ? CLR_ENOMEM
		                       : CLR_EINPUT, "store: %s: %s", w->what, sqlite3_errmsg(w->mem));
	return CLR_SQL_ROW;
}

/* The current row's JSON. */
static const char *view_text(view_q *w)
{
	const char *z = w->fmt ? (const char *)sqlite3_column_text(w->fmt, 0)
	                       : clr_sql_column_text(w->q, 0);
	return z ? z : "null";
}

/* One alert as `clearance alerts` prints it and the API serves it. */
#define ALERT_JSON(id, status, decision, cid, cname, eid, source, lname, score, reason, nscore, \
                   evidence, attrs, history)                                                   \
	"json_object('alert_id', " id ", 'id', " id ", 'status', " status ", 'decision', "    \
	decision ", 'customer_id', " cid ", 'customer_name', " cname ", 'entry_id', " eid     \
	", 'source', " source ", 'listed_name', " lname ", 'entry_name', " lname ", 'score',"  \
	" round(" score ", 4), 'reason', " reason ", 'name_score', round(" nscore ", 4),"      \
	" 'evidence', json(" evidence "), 'attributes', json(coalesce(" attrs ", '{}')),"      \
	" 'history', " history ")"
#define ALERT_FROM                                                                          \
	" FROM alerts a LEFT JOIN customers c ON c.id=a.customer_id"                           \
	" LEFT JOIN entry_versions v ON v.entry_id=a.entry_id AND v.hash=a.entry_hash "
#define ALERT_VIEW(tail)                                                                    \
	VIEW_SQL(ALERT_JSON("a.id", "a.status", "a.decision", "a.customer_id", "c.name",        \
	                    "a.entry_id", "v.source", "v.name", "a.score", "a.reason",         \
	                    "a.name_score", "a.evidence", "c.attributes",                      \
	                    "(SELECT json_group_array(json_object('at', e.at, 'event', e.kind,"  \
	                    " 'by', e.who, 'note', e.note)) FROM (SELECT * FROM alert_events e" \
	                    " WHERE e.alert_id=a.id ORDER BY e.id) e)"),                        \
	         "a.id, a.status, a.decision, a.customer_id, c.name, a.entry_id, v.source,"     \
	         " v.name, a.score, a.reason, a.name_score, a.evidence, c.attributes,"          \
	         " coalesce((SELECT json_agg(json_build_object('at', e.at, 'event', e.kind,"    \
	         " 'by', e.who, 'note', e.note) ORDER BY e.id) FROM alert_events e"             \
	         " WHERE e.alert_id=a.id)::text, '[]')",                                        \
	         ALERT_JSON("?1", "?2", "?3", "?4", "?5", "?6", "?7", "?8", "?9", "?10", "?11",  \
	                    "?12", "?13", "json(?14)"),                                         \
	         "ttttttttdtdttt", ALERT_FROM tail)
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

/* Appends the JSON of every row of w to b, comma-separated. */
static int rows_into(view_q *w, clr_buf *b, const char *sep)
{
	int rc, n = 0;
	while ((rc = view_step(w)) == CLR_SQL_ROW) {
		if (n++)
			clr__buf_puts(b, sep);
		clr__buf_puts(b, view_text(w));
	}
	if (rc < 0)
		return rc;
	return b->failed ? CLR_ENOMEM : 0;
}

/* Ends a view: the buffer becomes *out when all went well. */
static int view_done(clr_store *st, view_q *w, clr_buf *b, int rc, char **out)
{
	view_finalize(w);
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
	clr_sql_stmt *q;
	int64_t n = -1;
	if (clr_sql_prepare(st->sql, sql, &q))
		return -1;
	clr_sql_bind_text(q, 1, arg);
	if (clr_sql_step(q) == CLR_SQL_ROW)
		n = clr_sql_column_int64(q, 0);
	clr_sql_finalize(q);
	return n;
}

static const view_sql alerts_all = ALERT_VIEW(STATUS_WHERE ALERT_ORDER);
/* the page's ids first: the JSON is built for the page only */
static const view_sql alerts_page = ALERT_VIEW(" WHERE a.id IN (SELECT a.id FROM alerts a"
                                               STATUS_WHERE ALERT_ORDER " LIMIT ?2 OFFSET ?3)"
                                               ALERT_ORDER);
static const view_sql alert_one = ALERT_VIEW(" WHERE a.id=?1");
static const view_sql alerts_of = ALERT_VIEW(" WHERE a.customer_id=?1" ALERT_ORDER);

#define CUSTOMER_JSON(id, name, type, country, attrs)                                       \
	"json_object('id', " id ", 'name', " name ", 'type', " type ", 'country', " country     \
	", 'attributes', json(coalesce(" attrs ", '{}')))"
static const view_sql customer_one = VIEW_SQL(
	CUSTOMER_JSON("id", "name", "type", "country", "attributes"),
	"id, name, type, country, attributes", CUSTOMER_JSON("?1", "?2", "?3", "?4", "?5"),
	"ttttt", " FROM customers WHERE id=?");

int clr_store_alerts(clr_store *st, const char *status, FILE *out)
{
	view_q w;
	int rc;
	if ((rc = valid_status(st, &status)) || (rc = view_prepare(st, &w, &alerts_all, "alerts")))
		return rc;
	clr_sql_bind_text(w.q, 1, status);
	while ((rc = view_step(&w)) == CLR_SQL_ROW)
		fprintf(out, "%s\n", view_text(&w));
	view_finalize(&w);
	return rc < 0 ? rc : 0;
}

int clr_store_alerts_json(clr_store *st, const char *status, size_t limit, size_t offset,
                          char **out)
{
	view_q w = {0};
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
	if ((rc = view_prepare(st, &w, &alerts_page, "alerts")))
		goto out;
	clr_sql_bind_text(w.q, 1, status);
	clr_sql_bind_int64(w.q, 2, (int64_t)limit);
	clr_sql_bind_int64(w.q, 3, (int64_t)offset);
	clr__buf_printf(&b, "{\"total\":%lld,\"status\":\"%s\",\"limit\":%zu,\"offset\":%zu,"
	                "\"alerts\":[", (long long)total, status, limit, offset);
	if (!(rc = rows_into(&w, &b, ",")))
		clr__buf_puts(&b, "]}");
out:
	return view_done(st, &w, &b, rc, out);
}

int clr_store_alert_json(clr_store *st, const char *id, char **out)
{
	view_q w;
	*out = NULL;
	int rc = view_prepare(st, &w, &alert_one, "alert");
	if (rc)
		return rc;
	clr_sql_bind_text(w.q, 1, id);
	rc = view_step(&w);
	if (rc == CLR_SQL_ROW)
		rc = (*out = clr__strdup(view_text(&w))) ? 0 : CLR_ENOMEM;
	else if (rc == CLR_SQL_DONE)
		rc = clr_store__fail(st, CLR_EINPUT, "no alert with id '%.80s'", id);
	view_finalize(&w);
	return rc;
}

int clr_store_customer_json(clr_store *st, const char *id, char **out)
{
	view_q w = {0};
	clr_buf b = {0};
	int rc;
	*out = NULL;
	if ((rc = read_begin(st)))
		return rc;
	if ((rc = view_prepare(st, &w, &customer_one, "customer")))
		goto out;
	clr_sql_bind_text(w.q, 1, id);
	rc = view_step(&w);
	if (rc != CLR_SQL_ROW) {
		if (rc == CLR_SQL_DONE)
			rc = clr_store__fail(st, CLR_EINPUT, "no customer with id '%.80s'", id);
		goto out;
	}
	const char *obj = view_text(&w);
	clr__buf_put(&b, obj, strlen(obj) - 1); /* without its closing brace */
	clr__buf_puts(&b, ",\"alerts\":[");
	view_finalize(&w);
	if ((rc = view_prepare(st, &w, &alerts_of, "customer")))
		goto out;
	clr_sql_bind_text(w.q, 1, id);
	if (!(rc = rows_into(&w, &b, ",")))
		clr__buf_puts(&b, "]}");
out:
	return view_done(st, &w, &b, rc, out);
}

/* ---- snapshots ----------------------------------------------------------- */

#define SNAPSHOT_JSON(id, as_of, imported, by, entries, sources, files)                     \
	"json_object('id', " id ", 'as_of', " as_of ", 'imported', " imported ", 'by', " by     \
	", 'entries', " entries ", 'sources', " sources ", 'files', " files ")"
/* a snapshot's sources: SQLite sorts NULL first, PostgreSQL last unless told */
#define SNAPSHOT_SOURCES(agg, order)                                                        \
	"(SELECT " agg " FROM (SELECT DISTINCT v.source AS src FROM snapshot_entries se"       \
	" JOIN entry_versions v ON v.vid=se.vid WHERE se.snapshot_id=s.id" order ") x)"
#define SNAPSHOT_VIEW(tail)                                                                 \
	VIEW_SQL(SNAPSHOT_JSON("s.id", "s.as_of", "s.imported_at", "s.who", "s.nentries",      \
	                       SNAPSHOT_SOURCES("json_group_array(src)", " ORDER BY 1"),        \
	                       "(SELECT json_group_array(name) FROM (SELECT name FROM"         \
	                       " snapshot_sources WHERE snapshot_id=s.id ORDER BY grp, name))"), \
	         "s.id, s.as_of, s.imported_at, s.who, s.nentries, coalesce("                   \
	         SNAPSHOT_SOURCES("json_agg(src ORDER BY src NULLS FIRST)", "") "::text, '[]'),"  \
	         " coalesce((SELECT json_agg(name ORDER BY grp, name) FROM snapshot_sources"    \
	         " WHERE snapshot_id=s.id)::text, '[]')",                                       \
	         SNAPSHOT_JSON("?1", "?2", "?3", "?4", "?5", "json(?6)", "json(?7)"), "itttitt", \
	         " FROM snapshots s " tail)
static const view_sql snapshots_all = SNAPSHOT_VIEW("ORDER BY s.id");
static const view_sql snapshot_one = SNAPSHOT_VIEW("WHERE s.id=?");

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
	view_q w;
	clr_buf b = {0};
	*out = NULL;
	int rc = view_prepare(st, &w, &snapshots_all, "snapshots");
	if (rc)
		return rc;
	clr__buf_puts(&b, "{\"snapshots\":[");
	rc = rows_into(&w, &b, ",");
	view_finalize(&w);
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
	view_q w;
	*rc = 0;
	if (id < 0)
		return json_null();
	if ((*rc = view_prepare(st, &w, &snapshot_one, "snapshot")))
		return NULL;
	clr_sql_bind_int64(w.q, 1, id);
	json_t *o = NULL;
	int step = view_step(&w);
	if (step == CLR_SQL_ROW)
		o = json_loads(view_text(&w), 0, NULL);
	else if (step == CLR_SQL_DONE)
		*rc = clr_store__fail(st, CLR_EINPUT, "no snapshot with id %lld", (long long)id);
	else
		*rc = step;
	view_finalize(&w);
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

#define HIT_JSON(id, cid, cname, eid, score, status, decision)                             \
	"json_object('alert_id', " id ", 'customer_id', " cid ", 'customer_name', " cname      \
	", 'entry_id', " eid ", 'score', round(" score ", 4), 'status', " status ", 'decision', " \
	decision ")"
#define HIT_FROM " FROM alerts a LEFT JOIN customers c ON c.id=a.customer_id WHERE a.entry_id IN"
/* the entries as a JSON array of ids: json_each on SQLite; PostgreSQL's
 * function, whose text is compared bytewise as the column is */
static const view_sql diff_hits_sql[2] = {
	VIEW_SQL(HIT_JSON("a.id", "a.customer_id", "c.name", "a.entry_id", "a.score", "a.status",
	                  "a.decision"), "", "", "",
	         HIT_FROM " (SELECT value FROM json_each(?1))" ALERT_ORDER),
	VIEW_SQL("", "a.id, a.customer_id, c.name, a.entry_id, a.score, a.status, a.decision",
	         HIT_JSON("?1", "?2", "?3", "?4", "?5", "?6", "?7"), "ttttdtt",
	         HIT_FROM " (SELECT json_array_elements_text(?1::json) COLLATE \"C\")" ALERT_ORDER),
};

static int diff_hits(clr_store *st, diff_view *d, json_t **out)
{
	view_q w;
	char *ids = json_dumps(d->hit_ids, JSON_COMPACT);
	clr_buf b = {0};
	*out = NULL;
	if (!ids)
		return CLR_ENOMEM;
	int rc = view_prepare(st, &w, &diff_hits_sql[clr_sql_backend(st->sql) == CLR_SQL_PG],
	                      "diff hits");
	if (rc) {
		free(ids);
		return rc;
	}
	clr_sql_bind_text(w.q, 1, ids);
	clr__buf_putc(&b, '[');
	rc = rows_into(&w, &b, ",");
	clr__buf_putc(&b, ']');
	view_finalize(&w);
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
	clr_sql_stmt *q;
	int rc = clr_store__prepare(st, "SELECT max(id) FROM snapshots WHERE id < ?", &q, "diff");
	if (rc)
		return rc;
	clr_sql_bind_int64(q, 1, *to);
	*from = clr_sql_step(q) == CLR_SQL_ROW && !clr_sql_column_null(q, 0)
	                ? clr_sql_column_int64(q, 0)
	                : -1;
	clr_sql_finalize(q);
	return 0;
}

int clr_store_diff_json(clr_store *st, int64_t from, int64_t to, size_t limit, size_t offset,
                        char **out)
{
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
