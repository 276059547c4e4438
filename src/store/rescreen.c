/*
 * rescreen.c - customers, delta re-screening, analyst decisions.  An alert
 * is identified by its customer and entry ids; it remembers the content
 * hashes both had when it was raised or reviewed, so that a false positive
 * stays quiet until one of them changes.  One transaction per command.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "../batch/reader.h"
#include "../limits.h"
#include "../util/util.h"

static void alert_id(const char *cust, const char *entry, char out[17])
{
	char h[65];
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	clr__sha256_update(&s, cust, strlen(cust) + 1);
	clr__sha256_update(&s, entry, strlen(entry));
	clr__sha256_hex(&s, h);
	memcpy(out, h, 16);
	out[16] = 0;
}

/* An entry version of a snapshot: its id and content hash. */
typedef struct entry_hash {
	char *id;
	char hash[65];
} entry_hash;
typedef CLR_VEC(entry_hash) entry_hashes;

/* What an alert was before this run. */
typedef struct alert_state {
	char id[17], status[16], chash[65], ehash[65];
	int fp; /* its decision: false_positive */
} alert_state;
typedef CLR_VEC(alert_state) alert_states;

typedef struct rescreen_ctx {
	clr_store *st;
	clr_sql_stmt *qalert, *qins, *qupd, *qseen, *qevent, *qcleared;
	entry_hashes now, before; /* of the snapshot, of the previous rescreen's */
	alert_states states;      /* PostgreSQL: the screened customers' alerts, read at once */
	int have_states;
	int64_t snap, prev_snap, run, prev_seq;
	int delta;
	clr_buf out;
	clr_rescreen_stats *stats;
} rescreen_ctx;

static int event(rescreen_ctx *c, const char *id, const char *kind, const char *who,
                 const char *note)
{
	char at[32];
	clr_store__now(at);
	clr_sql_bind_text(c->qevent, 1, id);
	clr_sql_bind_text(c->qevent, 2, at);
	clr_sql_bind_text(c->qevent, 3, kind);
	clr_sql_bind_text(c->qevent, 4, who);
	clr_sql_bind_text(c->qevent, 5, note);
	return clr_store__run(c->st, c->qevent, "alert event");
}

/* What the evidence did to an alert, as the alert JSON writes it
 * (src/match/json.c): [{"field", "query", "listed", "effect", "delta"}];
 * NULL when it did nothing. */
static json_t *evidence_json(const clr_alert *a)
{
	if (!a->nevidence)
		return NULL;
	json_t *v = json_array();
	for (size_t i = 0; v && i < a->nevidence; i++) {
		const clr_evidence_match *m = &a->evidence[i];
		json_array_append_new(v, json_pack("{s:s, s:s?, s:s?, s:s, s:f}", "field",
		                                   clr_evidence_kind_name(m->kind), "query", m->query,
		                                   "listed", m->listed, "effect", m->effect, "delta",
		                                   m->delta));
	}
	return v;
}

/* Binds what the evidence did with the alert to parameters i (its name
 * score) and i + 1 (text, its JSON): NULL both when it did nothing. */
static void bind_evidence(clr_sql_stmt *q, int i, const clr_alert *a, const char *text)
{
	if (text)
		clr_sql_bind_double(q, i, a->name_score);
	else
		clr_sql_bind_null(q, i);
	clr_sql_bind_text(q, i + 1, text);
}

static int cmp_entry_hash(const void *x, const void *y)
{
	const entry_hash *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : strcmp(a->hash, b->hash);
}

/* The first of the sorted versions of entry id at or after hash ("": any). */
static const entry_hash *find_entry(const entry_hashes *v, const char *id, const char *hash)
{
	entry_hash key = {(char *)id, ""};
	size_t lo = 0, hi = v->n;
	snprintf(key.hash, sizeof(key.hash), "%s", hash);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_entry_hash(&v->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && !strcmp(v->v[lo].id, id) ? &v->v[lo] : NULL;
}

static void free_entry_hashes(entry_hashes *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].id);
	clr__vec_free(*v);
}

/* The entry versions of snapshot snap, read at once: a query per alert
 * costs more, and on PostgreSQL a round trip each. */
static int load_entry_hashes(clr_store *st, int64_t snap, entry_hashes *out)
{
	clr_sql_stmt *q;
	int rc = clr_store__prepare(st, "SELECT v.entry_id, v.hash FROM snapshot_entries se JOIN"
	                                " entry_versions v ON v.vid=se.vid WHERE se.snapshot_id=?",
	                            &q, "rescreen");
	if (rc)
		return rc;
	clr_sql_bind_int64(q, 1, snap);
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *id = clr_sql_column_text(q, 0), *h = clr_sql_column_text(q, 1);
		entry_hash e = {clr__strdup(id ? id : ""), ""};
		snprintf(e.hash, sizeof(e.hash), "%s", h ? h : "");
		if (!e.id || clr__vec_push(*out, e)) {
			free(e.id);
			rc = CLR_ENOMEM;
			break;
		}
	}
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE)
		return rc == CLR_ENOMEM ? rc : clr_store__sqlfail(st, "rescreen");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(entry_hash), cmp_entry_hash);
	return 0;
}

/* The state of an alert from row q (id, status, decision, customer_hash,
 * entry_hash). */
static void read_state(clr_sql_stmt *q, alert_state *out)
{
	const char *dec = clr_sql_column_text(q, 2);
	snprintf(out->id, sizeof(out->id), "%s", clr_sql_column_text(q, 0));
	snprintf(out->status, sizeof(out->status), "%s", clr_sql_column_text(q, 1));
	snprintf(out->chash, sizeof(out->chash), "%s", clr_sql_column_text(q, 3));
	snprintf(out->ehash, sizeof(out->ehash), "%s", clr_sql_column_text(q, 4));
	out->fp = dec && !strcmp(dec, "false_positive");
}

static int cmp_state(const void *x, const void *y)
{
	return strcmp(((const alert_state *)x)->id, ((const alert_state *)y)->id);
}

/* On PostgreSQL, the alerts of the customers the run screens (all, or
 * those of delta_rows) read at once: a query an alert is a round trip
 * each.  SQLite looks each up (qalert), which costs less than reading the
 * alerts of customers a delta does not screen. */
static int load_states(rescreen_ctx *c, int all)
{
	clr_sql_stmt *q;
	int rc;
	if (clr_sql_backend(c->st->sql) != CLR_SQL_PG)
		return 0;
	if ((rc = clr_store__prepare(c->st, all ? "SELECT id, status, decision, customer_hash,"
	                                          " entry_hash FROM alerts"
	                                        : "SELECT a.id, a.status, a.decision,"
	                                          " a.customer_hash, a.entry_hash FROM delta_rows d"
	                                          " JOIN customers c ON c.rowid=d.crow"
	                                          " JOIN alerts a ON a.customer_id=c.id",
	                             &q, "rescreen")))
		return rc;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		alert_state s;
		read_state(q, &s);
		if (clr__vec_push(c->states, s)) {
			rc = CLR_ENOMEM;
			break;
		}
	}
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE)
		return rc == CLR_ENOMEM ? rc : clr_store__sqlfail(c->st, "rescreen");
	if (c->states.n > 1)
		qsort(c->states.v, c->states.n, sizeof(alert_state), cmp_state);
	c->have_states = 1;
	return 0;
}

/* The alert id was before this run: 1 with *out, 0 when new, < 0 error. */
static int get_state(rescreen_ctx *c, const char *id, alert_state *out)
{
	if (c->have_states) {
		alert_state key;
		snprintf(key.id, sizeof(key.id), "%s", id);
		const alert_state *s = c->states.n ? bsearch(&key, c->states.v, c->states.n,
		                                             sizeof(alert_state), cmp_state)
		                                   : NULL;
		if (s)
			*out = *s;
		return s != NULL;
	}
	clr_sql_bind_text(c->qalert, 1, id);
	int rc = clr_sql_step(c->qalert);
	if (rc == CLR_SQL_ROW)
		read_state(c->qalert, out);
	clr_sql_reset(c->qalert);
	return rc < 0 ? clr_store__sqlfail(c->st, "alert") : rc == CLR_SQL_ROW;
}

/* Notes a name the evidence cleared for this customer: should its alert be
 * open, it closes saying so. */
static int note_cleared(rescreen_ctx *c, const char *cid, const clr_alert *a)
{
	char id[17], why[256] = "cleared by evidence";
	alert_id(cid, a->entry->id, id);
	for (size_t i = 0; i < a->nevidence; i++) {
		const clr_evidence_match *m = &a->evidence[i];
		if (!strcmp(m->effect, "cleared") || !strcmp(m->effect, "lowered")) {
			snprintf(why, sizeof(why), "%s by %s: %.60s, listed %.60s", m->effect,
			         clr_evidence_kind_name(m->kind), m->query ? m->query : "",
			         m->listed ? m->listed : "-");
			break;
		}
	}
	c->stats->cleared++;
	clr_sql_bind_text(c->qcleared, 1, id);
	clr_sql_bind_text(c->qcleared, 2, why);
	return clr_store__run(c->st, c->qcleared, "cleared alert");
}

/* Writes an emitted alert's JSON line to the output; takes ev (the
 * evidence's JSON, NULL when none). */
static int emit_alert(rescreen_ctx *c, const char *id, const char *cid, const char *cname,
                      const char *attrs, const clr_alert *a, const char *reason, json_t *ev)
{
	const clr_entry *e = a->entry;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:s?, s:s}", "alert_id", id,
	                      "customer_id", cid, "customer_name", cname, "entry_id", e->id,
	                      "source", e->source, "entry_name", e->names[0].name, "score",
	                      a->score, "start_date", e->start_date, "reason", reason);
	if (o && ev) {
		json_object_set_new(o, "name_score", json_real(a->name_score));
		json_object_set_new(o, "evidence", ev);
	} else {
		json_decref(ev);
	}
	json_t *fr = json_array();
	for (size_t i = 0; fr && i < e->ncitations; i++)
		json_array_append_new(fr, json_string(e->citations[i]));
	if (o && fr)
		json_object_set_new(o, "federal_register", fr);
	json_t *at = attrs ? json_loads(attrs, 0, NULL) : NULL;
	if (o && at)
		json_object_set_new(o, "attributes", at);
	else
		json_decref(at);
	char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))
	               : NULL;
	json_decref(o);
	if (!line)
		return CLR_ENOMEM;
	clr__buf_puts(&c->out, line);
	clr__buf_putc(&c->out, '\n');
	free(line);
	return c->out.failed ? CLR_ENOMEM : 0;
}

/* Records one alert of a customer; decides whether it is emitted. */
static int record_alert(rescreen_ctx *c, const char *cid, const char *cname, const char *chash,
                        int64_t cseq, const char *attrs, const clr_alert *a)
{
	const clr_entry *e = a->entry;
	char id[17], ehash[65] = "";
	alert_id(cid, e->id, id);
	const entry_hash *now = find_entry(&c->now, e->id, "");
	if (now)
		memcpy(ehash, now->hash, sizeof(ehash));
	/* was this entry version already in the previous rescreen's snapshot? */
	const entry_hash *before = c->prev_snap ? find_entry(&c->before, e->id, ehash) : NULL;
	int entry_new = !before || strcmp(before->hash, ehash);
	int customer_new = cseq > c->prev_seq;
	const char *reason = NULL;
	int emit = 0, rc;
	c->stats->alerts++;
	json_t *ev = evidence_json(a);
	char *evtext = ev ? json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(4)) : NULL;
	if (ev && !evtext) {
		json_decref(ev);
		return CLR_ENOMEM;
	}
	alert_state old;
	if ((rc = get_state(c, id, &old)) < 0)
		goto out;
	if (!rc) {
		reason = !c->prev_snap  ? "first rescreen"
		         : customer_new ? "new or changed customer"
		         : entry_new    ? "new or changed list entry"
		                        : "new match";
		clr_sql_bind_text(c->qins, 1, id);
		clr_sql_bind_text(c->qins, 2, cid);
		clr_sql_bind_text(c->qins, 3, e->id);
		clr_sql_bind_text(c->qins, 4, chash);
		clr_sql_bind_text(c->qins, 5, ehash);
		clr_sql_bind_double(c->qins, 6, a->score);
		clr_sql_bind_text(c->qins, 7, reason);
		clr_sql_bind_int64(c->qins, 8, c->run);
		bind_evidence(c->qins, 9, a, evtext);
		if ((rc = clr_store__run(c->st, c->qins, "alert")) || (rc = event(c, id, "raised", NULL, reason)))
			goto out;
		emit = 1;
	} else {
		const char *ostatus = old.status;
		int cust_changed = strcmp(old.chash, chash) != 0;
		int entry_changed = strcmp(old.ehash, ehash) != 0;
		int fp = old.fp && !strcmp(ostatus, "reviewed");
		int closed = !strcmp(ostatus, "closed");
		rc = 0;
		if (closed || cust_changed || entry_changed) {
			reason = cust_changed && entry_changed ? "customer record and list entry changed"
			         : cust_changed               ? "customer record changed"
			                                      : "list entry changed";
			if (fp) {
				c->stats->reopened++;
				reason = cust_changed && entry_changed
				                 ? "customer record and list entry changed since the "
				                   "false-positive review"
				         : cust_changed ? "customer record changed since the false-positive review"
				                        : "list entry changed since the false-positive review";
			}
			clr_sql_bind_text(c->qupd, 1, chash);
			clr_sql_bind_text(c->qupd, 2, ehash);
			clr_sql_bind_double(c->qupd, 3, a->score);
			if (closed)
				reason = "matches again after it was closed";
			fp |= closed; /* either way it is open again, without a decision */
			clr_sql_bind_text(c->qupd, 4, fp ? "open" : ostatus);
			clr_sql_bind_int64(c->qupd, 5, fp);
			clr_sql_bind_text(c->qupd, 6, reason);
			clr_sql_bind_int64(c->qupd, 7, c->run);
			bind_evidence(c->qupd, 8, a, evtext);
			clr_sql_bind_text(c->qupd, 10, id);
			if ((rc = clr_store__run(c->st, c->qupd, "alert")) ||
			    (rc = event(c, id, fp ? "reopened" : "changed", NULL, reason)))
				goto out;
			emit = 1;
		} else {
			clr_sql_bind_int64(c->qseen, 1, c->run);
			bind_evidence(c->qseen, 2, a, evtext);
			clr_sql_bind_text(c->qseen, 4, id);
			if ((rc = clr_store__run(c->st, c->qseen, "alert")))
				goto out;
			if (fp)
				c->stats->suppressed++;
			emit = !fp && !c->delta;
			reason = "unchanged";
		}
	}
	if (emit) {
		c->stats->emitted++;
		rc = emit_alert(c, id, cid, cname, attrs, a, reason, ev);
		ev = NULL;
	}
out:
	json_decref(ev);
	free(evtext);
	return rc;
}

/* Why an alert that was not produced again closes: the evidence cleared
 * it (why), or its customer (now_c: its hash now) or entry (now_e) is gone
 * or changed since the alert's hashes (chash, ehash). */
static const char *close_reason(const char *why, const char *chash, const char *ehash,
                                const char *now_c, const char *now_e)
{
	if (why)
		return why;
	if (!now_c)
		return "customer deleted";
	if (!now_e)
		return "list entry removed";
	if (strcmp(now_c, chash))
		return "customer record changed; no longer matches";
	if (strcmp(now_e, ehash))
		return "list entry changed; no longer matches";
	return "no longer matches (threshold or list weights changed)";
}

/* Closes the alerts this run did not produce: any, after a full rescreen;
 * after a delta those of the screened customers and those whose customer
 * or entry is gone (the others were not looked at).  The entry's hash now
 * comes from c->now rather than a subquery an alert, which PostgreSQL
 * plans as a scan of the snapshot each.  In id order, so that the events
 * are numbered alike on both backends. */
static int close_alerts(rescreen_ctx *c)
{
	clr_sql_stmt *q = NULL, *qu = NULL;
	int rc;
	static const char sql[] =
		"SELECT a.id, a.customer_hash, a.entry_hash, c.hash, a.entry_id,"
		" (SELECT r.why FROM rescreen_cleared r WHERE r.id=a.id),"
		" CASE WHEN ?2 = 0 OR c.rowid IS NULL OR c.rowid IN (SELECT crow FROM delta_rows)"
		"  THEN 1 ELSE 0 END"
		" FROM alerts a LEFT JOIN customers c ON c.id=a.customer_id"
		" WHERE a.status != 'closed' AND a.last_run < ?1 ORDER BY a.id";
	if ((rc = clr_store__prepare(c->st, sql, &q, "close alerts")) ||
	    (rc = clr_store__prepare(c->st, "UPDATE alerts SET status='closed', reason=?,"
	                                    " last_run=? WHERE id=?", &qu, "close alerts")))
		goto out;
	clr_sql_bind_int64(q, 1, c->run);
	clr_sql_bind_int64(q, 2, c->delta && c->prev_snap);
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *id = clr_sql_column_text(q, 0);
		const entry_hash *now = find_entry(&c->now, clr_sql_column_text(q, 4), "");
		if (now && !clr_sql_column_int64(q, 6))
			continue; /* a delta did not look at it */
		const char *why = close_reason(clr_sql_column_text(q, 5), clr_sql_column_text(q, 1),
		                               clr_sql_column_text(q, 2), clr_sql_column_text(q, 3),
		                               now ? now->hash : NULL);
		clr_sql_bind_text(qu, 1, why);
		clr_sql_bind_int64(qu, 2, c->run);
		clr_sql_bind_text(qu, 3, id);
		if ((rc = clr_store__run(c->st, qu, "close alert")) ||
		    (rc = event(c, id, "closed", NULL, why)))
			goto out;
		c->stats->closed++;
	}
	rc = rc == CLR_SQL_DONE ? 0 : clr_store__sqlfail(c->st, "close alerts");
out:
	clr_sql_finalize(q);
	clr_sql_finalize(qu);
	return rc;
}

static int prepare_alert_stmts(rescreen_ctx *c)
{
	clr_store *st = c->st;
	int rc;
	if ((rc = clr_store__prepare(st, "SELECT id, status, decision, customer_hash, entry_hash"
	                                 " FROM alerts WHERE id=?", &c->qalert, "rescreen")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO alerts(id, customer_id, entry_id,"
	                                 " customer_hash, entry_hash, score, status, decision,"
	                                 " reason, first_run, last_run, name_score, evidence)"
	                                 " VALUES(?,?,?,?,?,?,'open',NULL,?,?8,?8,?9,?10)", &c->qins,
	                             "rescreen")) ||
	    (rc = clr_store__temp(st, "CREATE TEMP TABLE IF NOT EXISTS rescreen_cleared(id TEXT"
	                              " PRIMARY KEY, why TEXT) WITHOUT ROWID;"
	                              " DELETE FROM rescreen_cleared",
	                          "CREATE TEMP TABLE IF NOT EXISTS rescreen_cleared(id" PG_TEXT
	                          " PRIMARY KEY, why" PG_TEXT "); DELETE FROM rescreen_cleared")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO rescreen_cleared VALUES(?,?) ON CONFLICT DO"
	                                 " NOTHING", &c->qcleared, "rescreen")) ||
	    (rc = clr_store__prepare(st, "UPDATE alerts SET customer_hash=?, entry_hash=?, score=?,"
	                                 " status=?, decision=CASE WHEN ? = 1 THEN NULL ELSE"
	                                 " decision END, reason=?, last_run=?, name_score=?,"
	                                 " evidence=? WHERE id=?", &c->qupd, "rescreen")) ||
	    (rc = clr_store__prepare(st, "UPDATE alerts SET last_run=?, name_score=?, evidence=?"
	                                 " WHERE id=?", &c->qseen, "rescreen")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO alert_events(alert_id, at, kind, who, note)"
	                                 " VALUES(?,?,?,?,?)", &c->qevent, "rescreen")))
		return rc;
	return 0;
}

static void finalize_alert_stmts(rescreen_ctx *c)
{
	clr_sql_finalize(c->qalert);
	clr_sql_finalize(c->qins);
	clr_sql_finalize(c->qupd);
	clr_sql_finalize(c->qseen);
	clr_sql_finalize(c->qevent);
	clr_sql_finalize(c->qcleared);
}

/* A count that sql computes from ?1 = a and ?2 = b. */
static int count(clr_store *st, const char *sql, int64_t a, int64_t b, size_t *out)
{
	clr_sql_stmt *q;
	int rc = clr_store__prepare(st, sql, &q, "rescreen");
	if (rc)
		return rc;
	clr_sql_bind_int64(q, 1, a);
	clr_sql_bind_int64(q, 2, b);
	rc = clr_sql_step(q);
	*out = rc == CLR_SQL_ROW ? (size_t)clr_sql_column_int64(q, 0) : 0;
	rc = rc < 0 ? clr_store__sqlfail(st, "rescreen") : 0;
	clr_sql_finalize(q);
	return rc;
}

/* The previous rescreen, the change counts, and with delta which customers
 * to screen (delta_rows; every customer otherwise). */
static int plan(rescreen_ctx *c, clr_db *db)
{
	clr_store *st = c->st;
	clr_rescreen_stats *stats = c->stats;
	clr_sql_stmt *q;
	int rc;
	if ((rc = clr_store__prepare(st, "SELECT snapshot_id, customer_seq FROM rescreens"
	                                 " ORDER BY id DESC LIMIT 1", &q, "rescreen")))
		return rc;
	if ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		c->prev_snap = clr_sql_column_int64(q, 0);
		c->prev_seq = clr_sql_column_int64(q, 1);
	}
	clr_sql_finalize(q);
	if (rc < 0)
		return clr_store__sqlfail(st, "rescreen");
	if ((rc = count(st, "SELECT count(*) FROM customers", 0, 0, &stats->customers)) ||
	    (rc = count(st, "SELECT count(*) FROM customers WHERE seq > ?1", c->prev_seq, 0,
	                &stats->changed_customers)) ||
	    (rc = count(st, "SELECT count(*) FROM snapshot_entries WHERE snapshot_id=?1 AND vid"
	                    " NOT IN (SELECT vid FROM snapshot_entries WHERE snapshot_id=?2)",
	                c->snap, c->prev_snap, &stats->changed_entries)) ||
	    (c->prev_snap &&
	     (rc = count(st, "SELECT count(DISTINCT v.entry_id) FROM snapshot_entries se JOIN"
	                     " entry_versions v ON v.vid=se.vid WHERE se.snapshot_id=?2 AND"
	                     " v.entry_id NOT IN (SELECT w.entry_id FROM snapshot_entries s2 JOIN"
	                     " entry_versions w ON w.vid=s2.vid WHERE s2.snapshot_id=?1)",
	                 c->snap, c->prev_snap, &stats->removed_entries))) ||
	    (rc = clr_store__temp(st, DELTA_ROWS_LITE, DELTA_ROWS_PG)))
		return rc;
	if (!c->delta || !c->prev_snap)
		return 0;
	/* A new or changed entry can only alert for customers whose tokens
	 * relate to the tokens it is posted under (delta.c); without one, only
	 * changed customers can raise anything new. */
	clr_delta_info di;
	if ((rc = clr_store__delta_select(st, db, c->snap, c->prev_snap, c->prev_seq, &di)))
		return rc;
	stats->token_delta = di.entries > 0;
	return 0;
}

int clr_store_set_evidence_policy(clr_store *st, const char *path)
{
	if (!path || !*path) {
		st->evpolicy[0] = '\0';
		return 0;
	}
	if (strlen(path) >= sizeof(st->evpolicy))
		return clr_store__fail(st, CLR_EUSAGE, "%.80s...: path too long", path);
	clr_db *db;
	if (clr_db_new(&db))
		return clr_store__fail(st, CLR_ENOMEM, "out of memory");
	int rc = clr_db_load_evidence_policy(db, path);
	if (rc < 0)
		clr_store__fail(st, rc, "%s", clr_db_errmsg(db));
	else
		snprintf(st->evpolicy, sizeof(st->evpolicy), "%s", path);
	clr_db_free(db);
	return rc;
}

int clr_store_rescreen(clr_store *st, int delta, const clr_screen_opts *opts, FILE *out,
                       clr_rescreen_stats *stats)
{
	rescreen_ctx c = {.st = st, .delta = delta, .stats = stats};
	clr_db *db = NULL;
	clr_screener *sc = NULL;
	clr_sql_stmt *qcust = NULL, *q;
	int rc;
	memset(stats, 0, sizeof(*stats));
	if (!(c.snap = clr_store__latest(st)))
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	stats->snapshot = c.snap;
	if ((rc = clr_db_new(&db)) || (rc = clr_store_load(st, c.snap, db, 0)))
		goto out;
	if (st->evpolicy[0] && clr_db_load_evidence_policy(db, st->evpolicy) < 0) {
		rc = clr_store__fail(st, CLR_EINPUT, "%s", clr_db_errmsg(db));
		goto out;
	}
	if (clr_db_prepare(db) < 0 || clr_screener_new(&sc, db)) {
		rc = clr_store__fail(st, CLR_EINTERNAL, "%s", clr_db_errmsg(db));
		goto out;
	}
	if ((rc = clr_store__begin(st)))
		goto out;
	/* one writer of alerts at a time on PostgreSQL (SQLite's BEGIN
	 * IMMEDIATE is one already): two runs would raise the same alerts */
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_AUDIT)) {
		rc = clr_store__sqlfail(st, "rescreen");
		goto out;
	}
	if ((rc = plan(&c, db)) || (rc = prepare_alert_stmts(&c)) ||
	    (rc = load_entry_hashes(st, c.snap, &c.now)) ||
	    (c.prev_snap && (rc = load_entry_hashes(st, c.prev_snap, &c.before))))
		goto out;
	int64_t seq = clr_store__scalar(st, "SELECT max(seq) FROM customers", 0);
	int all = !delta || !c.prev_snap;
	if ((rc = load_states(&c, all)))
		goto out;
	/* a delta reads its rows by rowid: walking every customer by id and
	 * testing each costs a row fetch per customer */
	if ((rc = clr_store__prepare(st, all ? "SELECT id, name, type, country, hash, seq,"
	                                       " attributes FROM customers ORDER BY id"
	                                     : "SELECT c.id, c.name, c.type, c.country, c.hash,"
	                                       " c.seq, c.attributes FROM delta_rows d JOIN"
	                                       " customers c ON c.rowid=d.crow ORDER BY c.id",
	                             &qcust, "rescreen")))
		goto out;
	char at[32];
	clr_store__now(at);
	if ((rc = clr_store__prepare(st, "INSERT INTO rescreens(at, snapshot_id, customer_seq,"
	                                 " delta, screened, alerts, emitted) VALUES(?,?,?,?,0,0,0)"
	                                 " RETURNING id", &q, "rescreen")))
		goto out;
	clr_sql_bind_text(q, 1, at);
	clr_sql_bind_int64(q, 2, c.snap);
	clr_sql_bind_int64(q, 3, seq);
	clr_sql_bind_int64(q, 4, delta);
	if ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		c.run = clr_sql_column_int64(q, 0);
		rc = clr_sql_step(q);
	}
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE || !c.run) {
		rc = clr_store__sqlfail(st, "rescreen");
		goto out;
	}
	clr_sha256_ctx input;
	clr__sha256_init(&input);
	while ((rc = clr_sql_step(qcust)) == CLR_SQL_ROW) {
		const char *cid = clr_sql_column_text(qcust, 0);
		const char *name = clr_sql_column_text(qcust, 1);
		const char *type = clr_sql_column_text(qcust, 2);
		const char *country = clr_sql_column_text(qcust, 3);
		const char *chash = clr_sql_column_text(qcust, 4);
		int64_t cseq = clr_sql_column_int64(qcust, 5);
		const char *attrs = clr_sql_column_text(qcust, 6);
		clr_screen_opts o = *opts;
		if (type && *type)
			o.type = clr_type_parse(type);
		if (country && *country)
			o.country = country;
		/* the evidence beyond the name is kept among the attributes */
		json_t *aj = attrs ? json_loads(attrs, 0, NULL) : NULL;
		clr_record ev = {0};
		clr_query_id ids[CLR_MAX_QUERY_IDS];
		char imobuf[32], field[48];
		const char *emsg;
		if (aj && clr__record_evidence_json(aj, &ev, ids, imobuf, sizeof(imobuf), field,
		                                    sizeof(field), &emsg) < 0) {
			json_decref(aj);
			rc = clr_store__fail(st, CLR_EINPUT, "customer %s: field '%s': %s", cid, field,
			                     emsg);
			goto out;
		}
		clr_record_screen_opts(&ev, &o);
		char juris[64]; /* the customer's own jurisdictions, over the run's */
		if (clr_store__jurisdiction(attrs, juris, sizeof(juris)) == 0 && juris[0])
			o.jurisdictions = juris;
		clr__sha256_update(&input, chash, 64);
		clr_result *r;
		if (clr_screen(sc, &o, name, &r) < 0) {
			json_decref(aj);
			rc = clr_store__fail(st, CLR_EINPUT, "customer %s: %s", cid,
			                     clr_screener_errmsg(sc));
			goto out;
		}
		json_decref(aj);
		stats->screened++;
		int arc = 0;
		for (size_t i = 0; i < r->nalerts && !arc; i++)
			arc = record_alert(&c, cid, name, chash, cseq, attrs, &r->alerts[i]);
		for (size_t i = 0; i < r->ncleared && !arc; i++)
			arc = note_cleared(&c, cid, &r->cleared[i]);
		clr_result_free(r);
		if ((rc = arc))
			goto out;
		clr_store__fault_point();
	}
	if (rc != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "customers");
		goto out;
	}
	if ((rc = close_alerts(&c)))
		goto out;
	char sql[200], hin[65], result[400];
	snprintf(sql, sizeof(sql), "UPDATE rescreens SET screened=%zu, alerts=%zu, emitted=%zu"
	         " WHERE id=%lld", stats->screened, stats->alerts, stats->emitted, (long long)c.run);
	clr__sha256_hex(&input, hin);
	snprintf(result, sizeof(result),
	         "%s: screened %zu of %zu customers, %zu alerts, %zu emitted, %zu suppressed, "
	         "%zu reopened, %zu closed, %zu cleared by evidence; evidence policy %s",
	         delta ? "delta" : "full", stats->screened, stats->customers, stats->alerts,
	         stats->emitted, stats->suppressed, stats->reopened, stats->closed, stats->cleared,
	         clr_db_evidence_policy(db));
	if ((rc = clr_store__exec(st, sql)) ||
	    (rc = clr_store__audit(st, "rescreen", hin, c.snap, result)) ||
	    (rc = clr_store__commit(st)))
		goto out;
	if (c.out.len)
		fwrite(c.out.p, 1, c.out.len, out);
out:
	if (rc)
		clr_store__rollback(st);
	clr_sql_finalize(qcust);
	finalize_alert_stmts(&c);
	free_entry_hashes(&c.now);
	free_entry_hashes(&c.before);
	clr__vec_free(c.states);
	clr__buf_free(&c.out);
	clr_screener_free(sc);
	clr_db_free(db);
	return rc;
}

int clr_store_review(clr_store *st, const char *alert_id, const char *decision, const char *by,
                     const char *note)
{
	clr_sql_stmt *q = NULL;
	int rc;
	if (!decision || (strcmp(decision, "false_positive") && strcmp(decision, "true_match") &&
	                  strcmp(decision, "escalated")))
		return clr_store__fail(st, CLR_EUSAGE, "--decision: expected false_positive, "
		                       "true_match or escalated, got '%s'", decision ? decision : "");
	if (!by || !*by)
		return clr_store__fail(st, CLR_EUSAGE, "review: --by NAME is required");
	if ((rc = clr_store__begin(st)))
		return rc;
	clr_store_set_user(st, by);
	if ((rc = clr_store__prepare(st, "UPDATE alerts SET status='reviewed', decision=? WHERE"
	                                 " id=? RETURNING id", &q, "review")))
		goto out;
	clr_sql_bind_text(q, 1, decision);
	clr_sql_bind_text(q, 2, alert_id);
	int found = (rc = clr_sql_step(q)) == CLR_SQL_ROW;
	if (found)
		rc = clr_sql_step(q);
	if (rc != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "review");
		goto out;
	}
	if (!found) {
		rc = clr_store__fail(st, CLR_EINPUT, "review: no alert with id '%s'", alert_id);
		goto out;
	}
	clr_sql_finalize(q);
	q = NULL;
	char at[32], kind[64], input[65], result[600];
	clr_store__now(at);
	snprintf(kind, sizeof(kind), "review:%s", decision);
	if ((rc = clr_store__prepare(st, "INSERT INTO alert_events(alert_id, at, kind, who, note)"
	                                 " VALUES(?,?,?,?,?)", &q, "review")))
		goto out;
	clr_sql_bind_text(q, 1, alert_id);
	clr_sql_bind_text(q, 2, at);
	clr_sql_bind_text(q, 3, kind);
	clr_sql_bind_text(q, 4, by);
	clr_sql_bind_text(q, 5, note);
	if ((rc = clr_store__run(st, q, "review")))
		goto out;
	clr__sha256_str(alert_id, strlen(alert_id), input);
	snprintf(result, sizeof(result), "alert %.20s: %s%s%.500s", alert_id, decision,
	         note ? ": " : "", note ? note : "");
	if ((rc = clr_store__audit(st, "review", input, clr_store__latest(st), result)))
		goto out;
	rc = clr_store__commit(st);
out:
	if (rc)
		clr_store__rollback(st);
	clr_sql_finalize(q);
	return rc;
}
