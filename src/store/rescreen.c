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
#include "../util/util.h"

static int step_done(clr_store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : clr_store__sqlfail(st, what);
}

static void customer_hash(const clr_record *r, char out[65])
{
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	const char *parts[] = {r->name, r->type ? r->type : "", r->country ? r->country : ""};
	for (int i = 0; i < 3; i++) {
		clr__sha256_update(&s, parts[i], strlen(parts[i]) + 1);
	}
	clr__sha256_hex(&s, out);
}

static int64_t scalar(clr_store *st, const char *sql, int64_t dflt)
{
	sqlite3_stmt *q;
	int64_t v = dflt;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL))
		return dflt;
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

int clr_store_customers_import(clr_store *st, const char *path, size_t *out_total,
                               size_t *out_changed)
{
	FILE *f = fopen(path, "rb");
	clr_reader *r = NULL;
	sqlite3_stmt *qget = NULL, *qput = NULL;
	clr_sha256_ctx file;
	size_t total = 0, changed = 0;
	int rc;
	*out_total = *out_changed = 0;
	if (!f)
		return clr_store__fail(st, CLR_EIO, "%s: cannot open", path);
	if ((rc = clr_reader_open(&r, f, path))) {
		fclose(f);
		return clr_store__fail(st, rc, "%s: cannot read", path);
	}
	clr__sha256_init(&file);
	if ((rc = clr_store__begin(st)))
		goto out;
	int64_t seq = scalar(st, "SELECT max(seq) FROM customers", 0) + 1;
	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM customers WHERE id=?", -1, &qget, NULL) ||
	    sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO customers VALUES(?,?,?,?,?,?)", -1,
	                       &qput, NULL)) {
		rc = clr_store__sqlfail(st, "customers");
		goto out;
	}
	clr_record rec;
	while ((rc = clr_reader_next(r, &rec)) == 1) {
		char h[65];
		customer_hash(&rec, h);
		clr__sha256_update(&file, rec.id, strlen(rec.id) + 1);
		clr__sha256_update(&file, h, 64);
		total++;
		sqlite3_bind_text(qget, 1, rec.id, -1, SQLITE_STATIC);
		int same = sqlite3_step(qget) == SQLITE_ROW &&
		           !strcmp((const char *)sqlite3_column_text(qget, 0), h);
		sqlite3_reset(qget);
		if (same)
			continue;
		sqlite3_bind_text(qput, 1, rec.id, -1, SQLITE_STATIC);
		sqlite3_bind_text(qput, 2, rec.name, -1, SQLITE_STATIC);
		sqlite3_bind_text(qput, 3, rec.type, -1, SQLITE_STATIC);
		sqlite3_bind_text(qput, 4, rec.country, -1, SQLITE_STATIC);
		sqlite3_bind_text(qput, 5, h, -1, SQLITE_STATIC);
		sqlite3_bind_int64(qput, 6, seq);
		if ((rc = step_done(st, qput, "customer")))
			goto out;
		changed++;
		clr_store__fault_point();
	}
	if (rc < 0) {
		rc = clr_store__fail(st, rc, "%s", clr_reader_errmsg(r));
		goto out;
	}
	char input[65], result[128];
	clr__sha256_hex(&file, input);
	snprintf(result, sizeof(result), "%zu customers, %zu new or changed", total, changed);
	if ((rc = clr_store__audit(st, "customers-import", input, clr_store__latest(st), result)) ||
	    (rc = clr_store__commit(st)))
		goto out;
	*out_total = total;
	*out_changed = changed;
out:
	if (rc)
		clr_store__rollback(st);
	sqlite3_finalize(qget);
	sqlite3_finalize(qput);
	clr_reader_free(r);
	fclose(f);
	return rc;
}

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
	sqlite3_stmt *qentry, *qold, *qalert, *qins, *qupd, *qseen, *qevent;
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
	return step_done(c->st, c->qevent, "alert event");
}

/* Records one alert of a customer; decides whether it is emitted. */
static int record_alert(rescreen_ctx *c, const char *cid, const char *cname, const char *chash,
                        int64_t cseq, const clr_alert *a)
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
		if ((rc = step_done(c->st, c->qins, "alert")) || (rc = event(c, id, "raised", NULL, reason)))
			return rc;
		emit = 1;
	} else {
		char ostatus[16];
		snprintf(ostatus, sizeof(ostatus), "%s", (const char *)sqlite3_column_text(c->qalert, 0));
		const char *odec = (const char *)sqlite3_column_text(c->qalert, 1);
		int cust_changed = strcmp((const char *)sqlite3_column_text(c->qalert, 2), chash) != 0;
		int entry_changed = strcmp((const char *)sqlite3_column_text(c->qalert, 3), ehash) != 0;
		int fp = odec && !strcmp(odec, "false_positive") && !strcmp(ostatus, "reviewed");
		sqlite3_reset(c->qalert);
		if (cust_changed || entry_changed) {
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
			sqlite3_bind_text(c->qupd, 4, fp ? "open" : ostatus, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(c->qupd, 5, fp);
			sqlite3_bind_text(c->qupd, 6, reason, -1, SQLITE_STATIC);
			sqlite3_bind_int64(c->qupd, 7, c->run);
			sqlite3_bind_text(c->qupd, 8, id, -1, SQLITE_STATIC);
			if ((rc = step_done(c->st, c->qupd, "alert")) ||
			    (rc = event(c, id, fp ? "reopened" : "changed", NULL, reason)))
				return rc;
			emit = 1;
		} else {
			sqlite3_bind_int64(c->qseen, 1, c->run);
			sqlite3_bind_text(c->qseen, 2, id, -1, SQLITE_STATIC);
			if ((rc = step_done(c->st, c->qseen, "alert")))
				return rc;
			if (fp)
				c->stats->suppressed++;
			emit = !fp && !c->delta;
			reason = "unchanged";
		}
	}
	if (!emit)
		return 0;
	c->stats->emitted++;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:s?, s:s}", "alert_id", id,
	                      "customer_id", cid, "customer_name", cname, "entry_id", e->id,
	                      "source", e->source, "entry_name", e->names[0].name, "score",
	                      a->score, "start_date", e->start_date, "reason", reason);
	json_t *fr = json_array();
	for (size_t i = 0; fr && i < e->ncitations; i++)
		json_array_append_new(fr, json_string(e->citations[i]));
	if (o && fr)
		json_object_set_new(o, "federal_register", fr);
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

int clr_store_rescreen(clr_store *st, int delta, const clr_screen_opts *opts, FILE *out,
                       clr_rescreen_stats *stats)
{
	rescreen_ctx c = {.st = st, .delta = delta, .stats = stats};
	clr_db *db = NULL;
	clr_screener *sc = NULL;
	sqlite3_stmt *qcust = NULL;
	int rc;
	memset(stats, 0, sizeof(*stats));
	if (!(c.snap = clr_store__latest(st)))
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	stats->snapshot = c.snap;
	if ((rc = clr_db_new(&db)) || (rc = clr_store_load(st, c.snap, db, 0)))
		goto out;
	if (clr_db_prepare(db) < 0 || clr_screener_new(&sc, db)) {
		rc = clr_store__fail(st, CLR_EINTERNAL, "%s", clr_db_errmsg(db));
		goto out;
	}
	if ((rc = clr_store__begin(st)))
		goto out;
	sqlite3_stmt *q;
	c.prev_snap = 0;
	c.prev_seq = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT snapshot_id, customer_seq FROM rescreens"
	                               " ORDER BY id DESC LIMIT 1", -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW) {
			c.prev_snap = sqlite3_column_int64(q, 0);
			c.prev_seq = sqlite3_column_int64(q, 1);
		}
		sqlite3_finalize(q);
	}
	int64_t seq = scalar(st, "SELECT max(seq) FROM customers", 0);
	stats->customers = (size_t)scalar(st, "SELECT count(*) FROM customers", 0);
	stats->changed_customers = 0;
	{
		char sql[256];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM customers WHERE seq > %lld",
		         (long long)c.prev_seq);
		stats->changed_customers = (size_t)scalar(st, sql, 0);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM snapshot_entries WHERE snapshot_id=%lld"
		         " AND vid NOT IN (SELECT vid FROM snapshot_entries WHERE snapshot_id=%lld)",
		         (long long)c.snap, (long long)c.prev_snap);
		stats->changed_entries = (size_t)scalar(st, sql, 0);
	}
	/* Without changed entries, unchanged customers cannot raise anything new:
	 * screen only the changed customers.  A changed entry can match any
	 * customer, so then every customer is screened (alerts filtered). */
	int only_changed = delta && c.prev_snap && !stats->changed_entries;
	if (sqlite3_prepare_v2(st->db, "SELECT id, name, type, country, hash, seq FROM customers"
	                               " WHERE seq > ? ORDER BY id", -1, &qcust, NULL) ||
	    /* by entry id first: the versions of one entry are few, a snapshot's entries many */
	    sqlite3_prepare_v2(st->db, "SELECT v.hash FROM entry_versions v WHERE v.entry_id=?2 AND"
	                               " EXISTS (SELECT 1 FROM snapshot_entries se WHERE"
	                               " se.snapshot_id=?1 AND se.vid=v.vid)",
	                       -1, &c.qentry, NULL) ||
	    sqlite3_prepare_v2(st->db, "SELECT 1 FROM entry_versions v WHERE v.entry_id=?2 AND"
	                               " v.hash=?3 AND EXISTS (SELECT 1 FROM snapshot_entries se"
	                               " WHERE se.snapshot_id=?1 AND se.vid=v.vid)", -1, &c.qold,
	                       NULL) ||
	    sqlite3_prepare_v2(st->db, "SELECT status, decision, customer_hash, entry_hash FROM alerts"
	                               " WHERE id=?", -1, &c.qalert, NULL) ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO alerts VALUES(?,?,?,?,?,?,'open',NULL,?,?8,?8)",
	                       -1, &c.qins, NULL) ||
	    sqlite3_prepare_v2(st->db, "UPDATE alerts SET customer_hash=?, entry_hash=?, score=?,"
	                               " status=?, decision=CASE WHEN ? THEN NULL ELSE decision END,"
	                               " reason=?, last_run=? WHERE id=?", -1, &c.qupd, NULL) ||
	    sqlite3_prepare_v2(st->db, "UPDATE alerts SET last_run=? WHERE id=?", -1, &c.qseen,
	                       NULL) ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO alert_events(alert_id, at, kind, who, note)"
	                               " VALUES(?,?,?,?,?)", -1, &c.qevent, NULL)) {
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
	rc = step_done(st, q, "rescreen");
	sqlite3_finalize(q);
	if (rc)
		goto out;
	c.run = sqlite3_last_insert_rowid(st->db);
	sqlite3_bind_int64(qcust, 1, only_changed ? c.prev_seq : -1);
	clr_sha256_ctx input;
	clr__sha256_init(&input);
	while ((rc = sqlite3_step(qcust)) == SQLITE_ROW) {
		const char *cid = (const char *)sqlite3_column_text(qcust, 0);
		const char *name = (const char *)sqlite3_column_text(qcust, 1);
		const char *type = (const char *)sqlite3_column_text(qcust, 2);
		const char *country = (const char *)sqlite3_column_text(qcust, 3);
		const char *chash = (const char *)sqlite3_column_text(qcust, 4);
		int64_t cseq = sqlite3_column_int64(qcust, 5);
		clr_screen_opts o = *opts;
		if (type && *type)
			o.type = clr_type_parse(type);
		if (country && *country)
			o.country = country;
		clr__sha256_update(&input, chash, 64);
		clr_result *r;
		if (clr_screen(sc, &o, name, &r) < 0) {
			rc = clr_store__fail(st, CLR_EINPUT, "customer %s: %s", cid,
			                     clr_screener_errmsg(sc));
			goto out;
		}
		stats->screened++;
		int arc = 0;
		for (size_t i = 0; i < r->nalerts && !arc; i++)
			arc = record_alert(&c, cid, name, chash, cseq, &r->alerts[i]);
		clr_result_free(r);
		if ((rc = arc))
			goto out;
		clr_store__fault_point();
	}
	if (rc != SQLITE_DONE) {
		rc = clr_store__sqlfail(st, "customers");
		goto out;
	}
	char sql[200], hin[65], result[256];
	snprintf(sql, sizeof(sql), "UPDATE rescreens SET screened=%zu, alerts=%zu, emitted=%zu"
	         " WHERE id=%lld", stats->screened, stats->alerts, stats->emitted, (long long)c.run);
	clr__sha256_hex(&input, hin);
	snprintf(result, sizeof(result),
	         "%s: screened %zu of %zu customers, %zu alerts, %zu emitted, %zu suppressed, "
	         "%zu reopened", delta ? "delta" : "full", stats->screened, stats->customers,
	         stats->alerts, stats->emitted, stats->suppressed, stats->reopened);
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
	sqlite3_finalize(c.qentry);
	sqlite3_finalize(c.qold);
	sqlite3_finalize(c.qalert);
	sqlite3_finalize(c.qins);
	sqlite3_finalize(c.qupd);
	sqlite3_finalize(c.qseen);
	sqlite3_finalize(c.qevent);
	clr__buf_free(&c.out);
	clr_screener_free(sc);
	clr_db_free(db);
	return rc;
}

int clr_store_review(clr_store *st, const char *alert_id, const char *decision, const char *by,
                     const char *note)
{
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
	if ((rc = step_done(st, q, "review")))
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
	if ((rc = step_done(st, q, "review")))
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
