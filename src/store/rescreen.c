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

typedef struct rescreen_ctx {
	clr_store *st;
	sqlite3_stmt *qentry, *qold, *qalert, *qins, *qupd, *qseen, *qevent, *qev, *qcleared;
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
	sqlite3_bind_text(c->qevent, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->qevent, 2, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->qevent, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->qevent, 4, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->qevent, 5, note, -1, SQLITE_STATIC);
	return clr_store__step(c->st, c->qevent, "alert event");
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

/* Keeps what the evidence did with the alert (NULL when nothing). */
static int store_evidence(rescreen_ctx *c, const char *id, const clr_alert *a, json_t *ev)
{
	char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(4)) : NULL;
	if (ev && !text)
		return CLR_ENOMEM;
	if (ev)
		sqlite3_bind_double(c->qev, 1, a->name_score);
	else
		sqlite3_bind_null(c->qev, 1);
	sqlite3_bind_text(c->qev, 2, text, -1, free);
	sqlite3_bind_text(c->qev, 3, id, -1, SQLITE_STATIC);
	return clr_store__step(c->st, c->qev, "alert evidence");
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
	sqlite3_bind_text(c->qcleared, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(c->qcleared, 2, why, -1, SQLITE_TRANSIENT);
	return clr_store__step(c->st, c->qcleared, "cleared alert");
}

/* Records one alert of a customer; decides whether it is emitted. */
static int record_alert(rescreen_ctx *c, const char *cid, const char *cname, const char *chash,
                        int64_t cseq, const char *attrs, const clr_alert *a)
{
	const clr_entry *e = a->entry;
	char id[17], ehash[65] = "";
	alert_id(cid, e->id, id);
	sqlite3_bind_int64(c->qentry, 1, c->snap);
	sqlite3_bind_text(c->qentry, 2, e->id, -1, SQLITE_STATIC);
	if (sqlite3_step(c->qentry) == SQLITE_ROW)
		snprintf(ehash, sizeof(ehash), "%s", (const char *)sqlite3_column_text(c->qentry, 0));
	sqlite3_reset(c->qentry);
	/* was this entry version already in the previous rescreen's snapshot? */
	int entry_new = 1;
	if (c->prev_snap) {
		sqlite3_bind_int64(c->qold, 1, c->prev_snap);
		sqlite3_bind_text(c->qold, 2, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->qold, 3, ehash, -1, SQLITE_STATIC);
		entry_new = sqlite3_step(c->qold) != SQLITE_ROW;
		sqlite3_reset(c->qold);
	}
	int customer_new = cseq > c->prev_seq;
	const char *reason = NULL;
	int emit = 0, rc = 0;
	c->stats->alerts++;
	sqlite3_bind_text(c->qalert, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(c->qalert) != SQLITE_ROW) {
		sqlite3_reset(c->qalert);
		reason = !c->prev_snap  ? "first rescreen"
		         : customer_new ? "new or changed customer"
		         : entry_new    ? "new or changed list entry"
		                        : "new match";
		sqlite3_bind_text(c->qins, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->qins, 2, cid, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->qins, 3, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->qins, 4, chash, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->qins, 5, ehash, -1, SQLITE_STATIC);
		sqlite3_bind_double(c->qins, 6, a->score);
		sqlite3_bind_text(c->qins, 7, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(c->qins, 8, c->run);
		if ((rc = clr_store__step(c->st, c->qins, "alert")) || (rc = event(c, id, "raised", NULL, reason)))
			return rc;
		emit = 1;
	} else {
		char ostatus[16];
		snprintf(ostatus, sizeof(ostatus), "%s", (const char *)sqlite3_column_text(c->qalert, 0));
		const char *odec = (const char *)sqlite3_column_text(c->qalert, 1);
		int cust_changed = strcmp((const char *)sqlite3_column_text(c->qalert, 2), chash) != 0;
		int entry_changed = strcmp((const char *)sqlite3_column_text(c->qalert, 3), ehash) != 0;
		int fp = odec && !strcmp(odec, "false_positive") && !strcmp(ostatus, "reviewed");
		int closed = !strcmp(ostatus, "closed");
		sqlite3_reset(c->qalert);
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
			sqlite3_bind_text(c->qupd, 1, chash, -1, SQLITE_STATIC);
			sqlite3_bind_text(c->qupd, 2, ehash, -1, SQLITE_STATIC);
			sqlite3_bind_double(c->qupd, 3, a->score);
			if (closed)
				reason = "matches again after it was closed";
			fp |= closed; /* either way it is open again, without a decision */
			sqlite3_bind_text(c->qupd, 4, fp ? "open" : ostatus, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(c->qupd, 5, fp);
			sqlite3_bind_text(c->qupd, 6, reason, -1, SQLITE_STATIC);
			sqlite3_bind_int64(c->qupd, 7, c->run);
			sqlite3_bind_text(c->qupd, 8, id, -1, SQLITE_STATIC);
			if ((rc = clr_store__step(c->st, c->qupd, "alert")) ||
			    (rc = event(c, id, fp ? "reopened" : "changed", NULL, reason)))
				return rc;
			emit = 1;
		} else {
			sqlite3_bind_int64(c->qseen, 1, c->run);
			sqlite3_bind_text(c->qseen, 2, id, -1, SQLITE_STATIC);
			if ((rc = clr_store__step(c->st, c->qseen, "alert")))
				return rc;
			if (fp)
				c->stats->suppressed++;
			emit = !fp && !c->delta;
			reason = "unchanged";
		}
	}
	json_t *ev = evidence_json(a);
	if ((rc = store_evidence(c, id, a, ev)) || !emit) {
		json_decref(ev);
		return rc;
	}
	c->stats->emitted++;
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

/* Why an alert that was not produced again closes. */
static const char *close_reason(sqlite3_stmt *q)
{
	if (sqlite3_column_type(q, 7) != SQLITE_NULL) /* the evidence cleared it */
		return (const char *)sqlite3_column_text(q, 7);
	const char *chash = (const char *)sqlite3_column_text(q, 3);
	const char *ehash = (const char *)sqlite3_column_text(q, 4);
	const char *now_c = (const char *)sqlite3_column_text(q, 5);
	const char *now_e = (const char *)sqlite3_column_text(q, 6);
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
 * or entry is gone (the others were not looked at). */
static int close_alerts(rescreen_ctx *c)
{
	sqlite3_stmt *q = NULL, *qu = NULL;
	int rc;
	static const char sql[] =
		"SELECT a.id, a.customer_id, a.entry_id, a.customer_hash, a.entry_hash, c.hash,"
		" (SELECT v.hash FROM entry_versions v WHERE v.entry_id=a.entry_id AND EXISTS"
		"  (SELECT 1 FROM snapshot_entries se WHERE se.snapshot_id=?2 AND se.vid=v.vid)) AS eh,"
		" (SELECT why FROM temp.rescreen_cleared r WHERE r.id=a.id)"
		" FROM alerts a LEFT JOIN customers c ON c.id=a.customer_id"
		" WHERE a.status != 'closed' AND a.last_run < ?1 AND (NOT ?3 OR c.id IS NULL OR"
		"  c.rowid IN (SELECT crow FROM temp.delta_rows) OR eh IS NULL)";
	if (sqlite3_prepare_v2(c->st->db, sql, -1, &q, NULL) ||
	    sqlite3_prepare_v2(c->st->db, "UPDATE alerts SET status='closed', reason=?, last_run=?"
	                                  " WHERE id=?", -1, &qu, NULL)) {
		rc = clr_store__sqlfail(c->st, "close alerts");
		goto out;
	}
	sqlite3_bind_int64(q, 1, c->run);
	sqlite3_bind_int64(q, 2, c->snap);
	sqlite3_bind_int(q, 3, c->delta && c->prev_snap);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *why = close_reason(q);
		sqlite3_bind_text(qu, 1, why, -1, SQLITE_STATIC);
		sqlite3_bind_int64(qu, 2, c->run);
		sqlite3_bind_text(qu, 3, id, -1, SQLITE_TRANSIENT);
		if ((rc = clr_store__step(c->st, qu, "close alert")) ||
		    (rc = event(c, id, "closed", NULL, why)))
			goto out;
		c->stats->closed++;
	}
	rc = rc == SQLITE_DONE ? 0 : clr_store__sqlfail(c->st, "close alerts");
out:
	sqlite3_finalize(q);
	sqlite3_finalize(qu);
	return rc;
}

static int prepare_alert_stmts(rescreen_ctx *c)
{
	sqlite3 *db = c->st->db;
	if (/* by entry id first: the versions of one entry are few, a snapshot's entries many */
	    sqlite3_prepare_v2(db, "SELECT v.hash FROM entry_versions v WHERE v.entry_id=?2 AND"
	                           " EXISTS (SELECT 1 FROM snapshot_entries se WHERE"
	                           " se.snapshot_id=?1 AND se.vid=v.vid)", -1, &c->qentry, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT 1 FROM entry_versions v WHERE v.entry_id=?2 AND"
	                           " v.hash=?3 AND EXISTS (SELECT 1 FROM snapshot_entries se"
	                           " WHERE se.snapshot_id=?1 AND se.vid=v.vid)", -1, &c->qold, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT status, decision, customer_hash, entry_hash FROM alerts"
	                           " WHERE id=?", -1, &c->qalert, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO alerts(id, customer_id, entry_id, customer_hash,"
	                           " entry_hash, score, status, decision, reason, first_run, last_run)"
	                           " VALUES(?,?,?,?,?,?,'open',NULL,?,?8,?8)", -1, &c->qins, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE alerts SET name_score=?, evidence=? WHERE id=?", -1,
	                       &c->qev, NULL) ||
	    clr_store__exec(c->st, "CREATE TEMP TABLE IF NOT EXISTS rescreen_cleared(id TEXT"
	                           " PRIMARY KEY, why TEXT) WITHOUT ROWID;"
	                           " DELETE FROM temp.rescreen_cleared") ||
	    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO temp.rescreen_cleared VALUES(?,?)", -1,
	                       &c->qcleared, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE alerts SET customer_hash=?, entry_hash=?, score=?,"
	                           " status=?, decision=CASE WHEN ? THEN NULL ELSE decision END,"
	                           " reason=?, last_run=? WHERE id=?", -1, &c->qupd, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE alerts SET last_run=? WHERE id=?", -1, &c->qseen, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO alert_events(alert_id, at, kind, who, note)"
	                           " VALUES(?,?,?,?,?)", -1, &c->qevent, NULL))
		return clr_store__sqlfail(c->st, "rescreen");
	return 0;
}

static void finalize_alert_stmts(rescreen_ctx *c)
{
	sqlite3_finalize(c->qentry);
	sqlite3_finalize(c->qold);
	sqlite3_finalize(c->qalert);
	sqlite3_finalize(c->qins);
	sqlite3_finalize(c->qupd);
	sqlite3_finalize(c->qseen);
	sqlite3_finalize(c->qevent);
	sqlite3_finalize(c->qev);
	sqlite3_finalize(c->qcleared);
}

/* The previous rescreen, the change counts, and with delta which customers
 * to screen (temp.delta_rows; every customer otherwise). */
static int plan(rescreen_ctx *c, clr_db *db)
{
	clr_store *st = c->st;
	clr_rescreen_stats *stats = c->stats;
	sqlite3_stmt *q;
	char sql[400];
	int rc;
	if (sqlite3_prepare_v2(st->db, "SELECT snapshot_id, customer_seq FROM rescreens"
	                               " ORDER BY id DESC LIMIT 1", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW) {
			c->prev_snap = sqlite3_column_int64(q, 0);
			c->prev_seq = sqlite3_column_int64(q, 1);
		}
		sqlite3_finalize(q);
	}
	stats->customers = (size_t)clr_store__scalar(st, "SELECT count(*) FROM customers", 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM customers WHERE seq > %lld",
	         (long long)c->prev_seq);
	stats->changed_customers = (size_t)clr_store__scalar(st, sql, 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM snapshot_entries WHERE snapshot_id=%lld"
	         " AND vid NOT IN (SELECT vid FROM snapshot_entries WHERE snapshot_id=%lld)",
	         (long long)c->snap, (long long)c->prev_snap);
	stats->changed_entries = (size_t)clr_store__scalar(st, sql, 0);
	snprintf(sql, sizeof(sql), "SELECT count(DISTINCT v.entry_id) FROM snapshot_entries se JOIN"
	         " entry_versions v ON v.vid=se.vid WHERE se.snapshot_id=%lld AND v.entry_id NOT IN"
	         " (SELECT w.entry_id FROM snapshot_entries s2 JOIN entry_versions w ON w.vid=s2.vid"
	         " WHERE s2.snapshot_id=%lld)", (long long)c->prev_snap, (long long)c->snap);
	stats->removed_entries = c->prev_snap ? (size_t)clr_store__scalar(st, sql, 0) : 0;
	if ((rc = clr_store__exec(st, "CREATE TEMP TABLE IF NOT EXISTS delta_rows(crow INTEGER"
	                              " PRIMARY KEY); DELETE FROM temp.delta_rows")))
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
	CLR_STORE_SQLITE_ONLY(st, "rescreen");
	rescreen_ctx c = {.st = st, .delta = delta, .stats = stats};
	clr_db *db = NULL;
	clr_screener *sc = NULL;
	sqlite3_stmt *qcust = NULL, *q;
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
	if ((rc = clr_store__begin(st)) || (rc = plan(&c, db)) || (rc = prepare_alert_stmts(&c)))
		goto out;
	int64_t seq = clr_store__scalar(st, "SELECT max(seq) FROM customers", 0);
	int all = !delta || !c.prev_snap;
	/* a delta reads its rows by rowid: walking every customer by id and
	 * testing each costs a row fetch per customer */
	if (sqlite3_prepare_v2(st->db, all ? "SELECT id, name, type, country, hash, seq, attributes"
	                                     " FROM customers ORDER BY id"
	                                   : "SELECT c.id, c.name, c.type, c.country, c.hash, c.seq,"
	                                     " c.attributes FROM temp.delta_rows d JOIN customers c"
	                                     " ON c.rowid=d.crow ORDER BY c.id", -1, &qcust, NULL)) {
		rc = clr_store__sqlfail(st, "rescreen");
		goto out;
	}
	char at[32];
	clr_store__now(at);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO rescreens(at, snapshot_id, customer_seq, delta,"
	                               " screened, alerts, emitted) VALUES(?,?,?,?,0,0,0)", -1, &q,
	                       NULL)) {
		rc = clr_store__sqlfail(st, "rescreen");
		goto out;
	}
	sqlite3_bind_text(q, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, c.snap);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_int(q, 4, delta);
	rc = clr_store__step(st, q, "rescreen");
	sqlite3_finalize(q);
	if (rc)
		goto out;
	c.run = sqlite3_last_insert_rowid(st->db);
	clr_sha256_ctx input;
	clr__sha256_init(&input);
	while ((rc = sqlite3_step(qcust)) == SQLITE_ROW) {
		const char *cid = (const char *)sqlite3_column_text(qcust, 0);
		const char *name = (const char *)sqlite3_column_text(qcust, 1);
		const char *type = (const char *)sqlite3_column_text(qcust, 2);
		const char *country = (const char *)sqlite3_column_text(qcust, 3);
		const char *chash = (const char *)sqlite3_column_text(qcust, 4);
		int64_t cseq = sqlite3_column_int64(qcust, 5);
		const char *attrs = (const char *)sqlite3_column_text(qcust, 6);
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
	if (rc != SQLITE_DONE) {
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
	sqlite3_finalize(qcust);
	finalize_alert_stmts(&c);
	clr__buf_free(&c.out);
	clr_screener_free(sc);
	clr_db_free(db);
	return rc;
}

int clr_store_review(clr_store *st, const char *alert_id, const char *decision, const char *by,
                     const char *note)
{
	CLR_STORE_SQLITE_ONLY(st, "review");
	sqlite3_stmt *q = NULL;
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
	if (sqlite3_prepare_v2(st->db, "UPDATE alerts SET status='reviewed', decision=? WHERE id=?",
	                       -1, &q, NULL)) {
		rc = clr_store__sqlfail(st, "review");
		goto out;
	}
	sqlite3_bind_text(q, 1, decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, alert_id, -1, SQLITE_STATIC);
	if ((rc = clr_store__step(st, q, "review")))
		goto out;
	if (!sqlite3_changes(st->db)) {
		rc = clr_store__fail(st, CLR_EINPUT, "review: no alert with id '%s'", alert_id);
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	char at[32], kind[64], input[65], result[600];
	clr_store__now(at);
	snprintf(kind, sizeof(kind), "review:%s", decision);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO alert_events(alert_id, at, kind, who, note)"
	                               " VALUES(?,?,?,?,?)", -1, &q, NULL)) {
		rc = clr_store__sqlfail(st, "review");
		goto out;
	}
	sqlite3_bind_text(q, 1, alert_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, note, -1, SQLITE_STATIC);
	if ((rc = clr_store__step(st, q, "review")))
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
	sqlite3_finalize(q);
	return rc;
}
