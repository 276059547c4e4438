/*
 * queue.c - the re-screening queue on PostgreSQL (queue.h): runs, their
 * chunks, claims under a lease, completion fenced by the claim's number.
 * Chunks are ranges of customer ids cut when the run is enqueued; a worker
 * that dies leaves its chunk leased until the lease runs out, then the next
 * claim takes it.  Nothing here screens or writes alerts.
 */
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "../util/util.h"

static int need_pg(clr_store *st)
{
	return st->db ? clr_store__fail(st, CLR_EUSAGE, "the re-screening queue needs a PostgreSQL "
	                                "store (docs/deploy.md)")
	              : 0;
}

/* clr_store__prepare, on PostgreSQL only. */
static int pg_prepare(clr_store *st, const char *sql, clr_sql_stmt **out, const char *what)
{
	int rc = need_pg(st);
	return rc ? rc : clr_store__prepare(st, sql, out, what);
}

int clr_store__queue_enqueue(clr_store *st, int64_t snap, int delta, size_t per,
                             int64_t *out_run)
{
	clr_sql_stmt *q = NULL;
	char at[32];
	int rc;
	*out_run = 0;
	if ((rc = need_pg(st)))
		return rc;
	if (!per || per > INT64_MAX)
		return clr_store__fail(st, CLR_EUSAGE, "queue: chunk size must be 1 or more");
	if ((rc = clr_store__begin(st)) ||
	    (rc = clr_store__prepare(st, "INSERT INTO runs(created, snapshot_id, delta, status,"
	                                 " nchunks) VALUES(?,?,?,'queued',0) RETURNING id", &q,
	                             "queue")))
		goto out;
	clr_store__now(at);
	clr_sql_bind_text(q, 1, at);
	clr_sql_bind_int64(q, 2, snap);
	clr_sql_bind_int64(q, 3, delta != 0);
	if (clr_sql_step(q) != CLR_SQL_ROW) {
		rc = clr_store__sqlfail(st, "queue");
		goto out;
	}
	*out_run = clr_sql_column_int64(q, 0);
	clr_sql_finalize(q);
	q = NULL;
	/* every per-th customer by id starts a chunk, which ends where the
	 * next starts: one statement however many chunks */
	if ((rc = clr_store__prepare(st, "INSERT INTO run_chunks(run_id, chunk, first_id, end_id,"
	                                 " status) SELECT ?1, (n - 1) / ?2, id, lead(id) OVER"
	                                 " (ORDER BY id), 'pending' FROM (SELECT id, row_number()"
	                                 " OVER (ORDER BY id) AS n FROM customers) x"
	                                 " WHERE (n - 1) % ?2 = 0", &q, "queue")))
		goto out;
	clr_sql_bind_int64(q, 1, *out_run);
	clr_sql_bind_int64(q, 2, (int64_t)per);
	if ((rc = clr_store__run(st, q, "queue")))
		goto out;
	clr_sql_finalize(q);
	q = NULL;
	if ((rc = clr_store__prepare(st, "UPDATE runs SET nchunks=(SELECT count(*) FROM run_chunks"
	                                 " WHERE run_id=?1) WHERE id=?1", &q, "queue")))
		goto out;
	clr_sql_bind_int64(q, 1, *out_run);
	if (!(rc = clr_store__run(st, q, "queue")))
		rc = clr_store__commit(st);
out:
	clr_sql_finalize(q);
	if (rc) {
		clr_store__rollback(st);
		*out_run = 0;
	}
	return rc;
}

void clr_store__chunk_clear(clr_store_chunk *c)
{
	free(c->first_id);
	free(c->end_id);
	memset(c, 0, sizeof(*c));
}

int clr_store__queue_claim(clr_store *st, int64_t run, const char *owner, double lease_s,
                           clr_store_chunk *out)
{
	clr_sql_stmt *q;
	int rc;
	memset(out, 0, sizeof(*out));
	/* clock_timestamp(), not now(): a claim late in a long transaction
	 * compares leases with the time it runs */
	if ((rc = pg_prepare(st, "UPDATE run_chunks SET status='leased',"
	                         " lease_owner=?2, lease_until=clock_timestamp() +"
	                         " make_interval(secs => ?3), attempts=attempts + 1"
	                         " WHERE run_id=?1 AND chunk=(SELECT chunk FROM"
	                         " run_chunks WHERE run_id=?1 AND (status='pending' OR"
	                         " (status='leased' AND lease_until <"
	                         " clock_timestamp())) ORDER BY chunk LIMIT 1"
	                         " FOR UPDATE SKIP LOCKED)"
	                         " RETURNING chunk, attempts, first_id, end_id", &q,
	                     "queue claim")))
		return rc;
	clr_sql_bind_int64(q, 1, run);
	clr_sql_bind_text(q, 2, owner);
	clr_sql_bind_double(q, 3, lease_s);
	if ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *end = clr_sql_column_text(q, 3);
		out->run = run;
		out->chunk = clr_sql_column_int64(q, 0);
		out->attempts = clr_sql_column_int64(q, 1);
		out->first_id = clr__strdup(clr_sql_column_text(q, 2));
		out->end_id = end ? clr__strdup(end) : NULL;
		if (!out->first_id || (end && !out->end_id)) {
			clr_sql_finalize(q);
			clr_store__chunk_clear(out);
			return clr_store__fail(st, CLR_ENOMEM, "queue claim: out of memory");
		}
		rc = clr_sql_step(q);
		rc = rc == CLR_SQL_DONE ? 1 : rc;
	}
	clr_sql_finalize(q);
	if (rc < 0) {
		clr_store__chunk_clear(out);
		return clr_store__sqlfail(st, "queue claim");
	}
	return rc;
}

/* Runs q, an UPDATE of chunk c under its claim (?1 run, ?2 chunk, ?3
 * attempts; the caller binds the rest) returning a row when the claim
 * still held, and finalizes it. */
static int under_claim(clr_store *st, clr_sql_stmt *q, const clr_store_chunk *c,
                       const char *what)
{
	clr_sql_bind_int64(q, 1, c->run);
	clr_sql_bind_int64(q, 2, c->chunk);
	clr_sql_bind_int64(q, 3, c->attempts);
	int rc, held = (rc = clr_sql_step(q)) == CLR_SQL_ROW;
	if (held)
		rc = clr_sql_step(q);
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE)
		return clr_store__sqlfail(st, what);
	return held ? 0 : clr_store__fail(st, CLR_EINPUT, "%s: run %lld chunk %lld: the lease was "
	                                  "lost to another claim", what, (long long)c->run,
	                                  (long long)c->chunk);
}

int clr_store__queue_renew(clr_store *st, const clr_store_chunk *c, double lease_s)
{
	clr_sql_stmt *q;
	int rc;
	if ((rc = pg_prepare(st, "UPDATE run_chunks SET lease_until=clock_timestamp()"
	                         " + make_interval(secs => ?4) WHERE run_id=?1 AND"
	                         " chunk=?2 AND attempts=?3 AND status='leased'"
	                         " RETURNING chunk", &q, "queue renew")))
		return rc;
	clr_sql_bind_double(q, 4, lease_s);
	return under_claim(st, q, c, "queue renew");
}

int clr_store__queue_done(clr_store *st, const clr_store_chunk *c, size_t screened,
                          size_t alerts)
{
	clr_sql_stmt *q;
	int rc;
	/* the row lock this takes waits for a claim in flight; then the
	 * attempts tell whether that claim took the chunk */
	if ((rc = pg_prepare(st, "UPDATE run_chunks SET status='done',"
	                         " lease_owner=NULL, lease_until=NULL, screened=?4,"
	                         " alerts=?5 WHERE run_id=?1 AND chunk=?2 AND"
	                         " attempts=?3 AND status='leased' RETURNING chunk",
	                     &q, "queue done")))
		return rc;
	clr_sql_bind_int64(q, 4, (int64_t)screened);
	clr_sql_bind_int64(q, 5, (int64_t)alerts);
	return under_claim(st, q, c, "queue done");
}

int clr_store__queue_progress(clr_store *st, int64_t run, clr_store_run_progress *out)
{
	clr_sql_stmt *q;
	int rc, found = 0;
	memset(out, 0, sizeof(*out));
	if ((rc = pg_prepare(st, "SELECT r.nchunks, c.status, count(c.chunk) FROM runs r LEFT JOIN"
	                         " run_chunks c ON c.run_id=r.id WHERE r.id=? GROUP BY r.nchunks,"
	                         " c.status", &q, "queue")))
		return rc;
	clr_sql_bind_int64(q, 1, run);
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *status = clr_sql_column_text(q, 1);
		size_t n = (size_t)clr_sql_column_int64(q, 2);
		found = 1;
		out->total = (size_t)clr_sql_column_int64(q, 0);
		if (status)
			*(!strcmp(status, "pending")  ? &out->pending
			  : !strcmp(status, "leased") ? &out->leased
			                              : &out->done) = n;
	}
	clr_sql_finalize(q);
	if (rc < 0)
		return clr_store__sqlfail(st, "queue");
	return found ? 0 : clr_store__fail(st, CLR_EINPUT, "queue: no run %lld", (long long)run);
}
