/*
 * screenings.c - the screening log: who screened which party, when, against
 * which lists, with what result (docs/screening-log.md).  Its records are
 * links of a hash chain of their own, checked with the audit trail; prune
 * anchors the chain's new start in an audit record.  Never screens, never
 * rewrites a record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "../limits.h"
#include "../util/util.h"

#define PRUNE_ACTION "screenings prune"

static void now_ms(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
}

/* The decimal digits of v at p; the end.  (printf's cost showed in the
 * importer's profile, once a record.) */
static char *put_int(char *p, long long v)
{
	char d[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	if (v < 0)
		*p++ = '-';
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10));
	while (n)
		*p++ = d[--n];
	return p;
}

static void link_hash(int64_t seq, int64_t snap, size_t nalerts, const char *prev,
                      const char *at, const char *who, const char *route, const char *rid,
                      const char *party, const char *query, const char *checksum,
                      const char *alerts, char out[65], uint8_t *digest)
{
	char num[96], *p = num;
	const char *parts[] = {prev, at, who, route, rid, party, query, checksum, alerts};
	p = put_int(p, seq);
	*p++ = '\x1f';
	p = put_int(p, snap);
	*p++ = '\x1f';
	*put_int(p, (long long)nalerts) = 0;
	clr_store__chain_hash(num, parts, sizeof(parts) / sizeof(parts[0]), out, digest);
}

/* meta's screenings_head: "SEQ HASH AT" of the newest record (AT: its time,
 * which the next may not precede). */
static int parse_head(clr_store *st, const char *head, int64_t *seq, char hash[65], char at[32])
{
	long long n;
	char when[32] = "";
	if (sscanf(head, "%lld %64s %31s", &n, hash, when) < 2 || strlen(hash) != 64)
		return clr_store__fail(st, CLR_EINPUT, "screenings: chain head '%.100s' is damaged",
		                       head);
	*seq = n;
	if (at)
		snprintf(at, 32, "%s", when);
	return 1;
}

/* 0 absent, 1 read, < 0 error. */
static int read_head(clr_store *st, int64_t *seq, char hash[65], char at[32])
{
	char head[160];
	int rc = clr_store__meta_get(st, "screenings_head", head, sizeof(head));
	return rc <= 0 ? rc : parse_head(st, head, seq, hash, at);
}

enum { S_BEGIN, S_HEAD, S_INSERT, S_SETHEAD, S_COMMIT };

/* The statements of a commit, prepared once per connection. */
static int stmts(clr_store *st)
{
	static const char *const sql[] = {
		[S_BEGIN] = "BEGIN IMMEDIATE",
		[S_HEAD] = "SELECT value FROM meta WHERE key='screenings_head'",
		[S_INSERT] = "INSERT INTO screenings VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
		[S_SETHEAD] = "INSERT OR REPLACE INTO meta VALUES('screenings_head',?)",
		[S_COMMIT] = "COMMIT",
	};
	int rc;
	/* A connection that appends to the log needs few pages in its cache: the
	 * right edge of the table's B-tree and the party index's newest segments.
	 * The store's 256 MB (store.c) grew a page at a time as the log did, a
	 * page fault and often an mprotect(2) of the heap each: 9% of the
	 * server's importer.  8 MB holds a commit of 4,096 records. */
	if (!st->scr_stmt[0] && (rc = clr_store__exec(st, "PRAGMA cache_size=-8192")))
		return rc;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (!st->scr_stmt[i] && sqlite3_prepare_v3(st->db, sql[i], -1,
		                                           SQLITE_PREPARE_PERSISTENT,
		                                           &st->scr_stmt[i], NULL))
			return clr_store__sqlfail(st, "screenings");
	return 0;
}

static int check_record(clr_store *st, const clr_screening *v, size_t i)
{
	const char *miss = !v->route ? "route" : !v->party ? "party" : !v->query ? "query"
	                 : !v->alerts ? "alerts" : NULL;
	if (miss)
		return clr_store__fail(st, CLR_EUSAGE, "screenings: record %zu: no %s", i, miss);
	if (v->query[0] != '{' || v->alerts[0] != '[')
		return clr_store__fail(st, CLR_EUSAGE, "screenings: record %zu: %s is not a JSON %s",
		                       i, v->query[0] != '{' ? "query" : "alerts",
		                       v->query[0] != '{' ? "object" : "array");
	return 0;
}

/* ---- PostgreSQL's append path -------------------------------------------
 * The same table and chain; the party index a table of words written with
 * each record (screening_words; PostgreSQL has no FTS5).  Its words are
 * those of SQLite's own FTS5 tokenizer, the SQLite index's (unicode61
 * remove_diacritics 2), run on an in-memory SQLite connection, so that a
 * party finds the same records on both backends (docs/deploy.md). */

typedef struct party_words {
	sqlite3 *mem;
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
	clr_buf *out;  /* the words as JSON, each after pre */
	const char *pre, *post;
	size_t n;
} party_words;

static int words_open(clr_store *st, party_words *w)
{
	fts5_api *fts = NULL;
	sqlite3_stmt *q = NULL;
	void *ud = NULL;
	const char *args[] = {"remove_diacritics", "2"};
	memset(w, 0, sizeof(*w));
	if (sqlite3_open(":memory:", &w->mem) == SQLITE_OK &&
	    sqlite3_prepare_v2(w->mem, "SELECT fts5(?1)", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(q, 1, (void *)&fts, "fts5_api_ptr", NULL);
		sqlite3_step(q);
	}
	sqlite3_finalize(q);
	if (fts && fts->xFindTokenizer(fts, "unicode61", &ud, &w->api) == SQLITE_OK &&
	    w->api.xCreate(ud, args, 2, &w->tok) == SQLITE_OK)
		return 0;
	sqlite3_close(w->mem);
	w->mem = NULL;
	return clr_store__fail(st, CLR_EINTERNAL, "screenings: SQLite's FTS5 tokenizer "
	                       "(unicode61) is not available");
}

static void words_close(party_words *w)
{
	if (w->tok)
		w->api.xDelete(w->tok);
	sqlite3_close(w->mem);
}

/* A JSON string of the n bytes at z. */
static void buf_json(clr_buf *b, const char *z, size_t n)
{
	clr__buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		if (c == '"' || c == '\\')
			clr__buf_putc(b, '\\');
		if (c < 0x20)
			clr__buf_printf(b, "\\u%04x", c);
		else
			clr__buf_putc(b, (char)c);
	}
	clr__buf_putc(b, '"');
}

static int word_out(void *ctx, int flags, const char *tok, int n, int start, int end)
{
	party_words *w = ctx;
	(void)flags, (void)start, (void)end;
	if (n > 0) {
		clr__buf_puts(w->out, w->n++ ? "," : "");
		clr__buf_puts(w->out, w->pre);
		buf_json(w->out, tok, (size_t)n);
		clr__buf_puts(w->out, w->post);
	}
	return SQLITE_OK;
}

/* The words of party into w->out, each between pre and post. */
static int words_of(clr_store *st, party_words *w, const char *party, int query,
                    const char *pre, const char *post)
{
	w->pre = pre;
	w->post = post;
	if (w->api.xTokenize(w->tok, w, query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT,
	                     party, (int)strnlen(party, 1 << 20), word_out) ||
	    w->out->failed)
		return clr_store__fail(st, CLR_ENOMEM, "screenings: party words: out of memory");
	return 0;
}

/* A record's time: its own or now, never before the one before it (time
 * order is seq order: the date filters bisect seq). */
static void record_time(const clr_screening *r, const char *last, char at[32])
{
	if (r->at)
		snprintf(at, 32, "%.31s", r->at);
	else
		now_ms(at);
	if (strcmp(at, last) < 0)
		snprintf(at, 32, "%s", last);
}

/* 1 when batch is the batch logged last (a replay after a crash), else 0
 * with batch recorded as the last; < 0 error. */
static int batch_again(clr_store *st, const char *batch)
{
	char seen[128];
	int rc = clr_store__meta_get(st, "screenings_batch", seen, sizeof(seen));
	if (rc < 0 || (rc == 1 && !strcmp(seen, batch)))
		return rc;
	return clr_store__meta_set(st, "screenings_batch", batch);
}

/* The fields of a record as JSON object members, after a comma unless first. */
static void json_members(clr_buf *b, const char *const *keys, const char *const *vals,
                         size_t n)
{
	for (size_t i = 0; i < n; i++) {
		clr__buf_printf(b, ",\"%s\":", keys[i]);
		if (vals[i])
			buf_json(b, vals[i], strlen(vals[i]));
		else
			clr__buf_puts(b, "null");
	}
}

/* Runs sql with the JSON array of b as ?1, when b holds any item. */
static int run_json(clr_store *st, const char *sql, clr_buf *b)
{
	clr_sql_stmt *q;
	if (b->failed)
		return CLR_ENOMEM;
	if (b->len < 3) /* "[]" */
		return 0;
	int rc = clr_store__prepare(st, sql, &q, "screenings");
	if (!rc) {
		clr_sql_bind_text(q, 1, b->p);
		rc = clr_store__run(st, q, "screenings");
		clr_sql_finalize(q);
	}
	return rc;
}

/* A batch in two statements whatever its size, the records and their
 * words each as one JSON array: a round trip a statement, not a record. */
static int log_pg(clr_store *st, const clr_screening *v, size_t n, const char *batch,
                  int *out_dup)
{
	static const char *const keys[] = {"at", "who", "route", "request_id", "party", "query",
	                                   "checksum", "alerts", "prev_hash", "hash"};
	char prev[65], hash[65], at[32], last[32] = "", head[160], pre[24];
	int64_t seq = 0;
	clr_buf rows = {0}, words = {0};
	party_words pw;
	int rc = 0, dup = 0;
	if (out_dup)
		*out_dup = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = check_record(st, &v[i], i);
	if (rc || !n || (rc = words_open(st, &pw)))
		return rc;
	pw.out = &words;
	/* one appender at a time on the chain: the next waits here until this
	 * transaction commits, then reads the head it wrote */
	if ((rc = clr_store__begin(st)))
		goto done;
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_SCREENINGS)) {
		rc = clr_store__sqlfail(st, "screenings");
		goto out;
	}
	memcpy(prev, clr_store__genesis, 65);
	if ((rc = read_head(st, &seq, prev, last)) < 0 ||
	    (batch && (rc = batch_again(st, batch)) < 0))
		goto out;
	if ((dup = rc == 1 && batch)) {
		if (out_dup)
			*out_dup = 1;
		rc = 0;
		goto out; /* rolled back: nothing new */
	}
	rc = 0;
	clr__buf_putc(&rows, '[');
	clr__buf_putc(&words, '[');
	for (size_t i = 0; i < n && !rc; i++) {
		const clr_screening *r = &v[i];
		const char *who = r->who ? r->who : st->who;
		record_time(r, last, at);
		seq++;
		link_hash(seq, r->snapshot, r->nalerts, prev, at, who, r->route, r->request_id,
		          r->party, r->query, r->checksum, r->alerts, hash, NULL);
		const char *vals[] = {at, who, r->route, r->request_id, r->party, r->query,
		                      r->checksum, r->alerts, prev, hash};
		clr__buf_printf(&rows, "%s{\"seq\":%lld,\"snapshot_id\":%lld,\"nalerts\":%zu",
		                i ? "," : "", (long long)seq, (long long)r->snapshot, r->nalerts);
		json_members(&rows, keys, vals, sizeof(keys) / sizeof(keys[0]));
		clr__buf_putc(&rows, '}');
		snprintf(pre, sizeof(pre), "[%lld,", (long long)seq);
		rc = words_of(st, &pw, r->party, 0, pre, "]");
		memcpy(prev, hash, 65);
		memcpy(last, at, sizeof(last));
	}
	clr__buf_putc(&rows, ']');
	clr__buf_putc(&words, ']');
	if (rc || (rc = run_json(st, "INSERT INTO screenings SELECT * FROM"
	                             " json_populate_recordset(NULL::screenings, ?1::json)", &rows)) ||
	    (rc = run_json(st, "INSERT INTO screening_words SELECT DISTINCT x->>1, (x->>0)::bigint"
	                       " FROM json_array_elements(?1::json) x ON CONFLICT DO NOTHING",
	                   &words)))
		goto out;
	snprintf(head, sizeof(head), "%lld %s %s", (long long)seq, prev, last);
	if (!(rc = clr_store__meta_set(st, "screenings_head", head)))
		rc = clr_store__commit(st);
out:
	if (rc || dup)
		clr_store__rollback(st);
done:
	clr__buf_free(&rows);
	clr__buf_free(&words);
	words_close(&pw);
	return rc;
}

int clr_store_screenings_log(clr_store *st, const clr_screening *v, size_t n)
{
	return clr_store_screenings_log_batch(st, v, n, NULL, NULL);
}

int clr_store_screenings_log_batch(clr_store *st, const clr_screening *v, size_t n,
                                   const char *batch, int *out_dup)
{
	if (!st->db)
		return log_pg(st, v, n, batch, out_dup);
	char prev[65], hash[65], at[32], last[32] = "", head[160];
	int64_t seq = 0;
	int rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = check_record(st, &v[i], i)))
			return rc;
	if (!n)
		return 0;
	if ((rc = stmts(st)))
		return rc;
	sqlite3_stmt **q = st->scr_stmt, *ins = q[S_INSERT];
	if ((rc = clr_store__step(st, q[S_BEGIN], "screenings")))
		return rc;
	memcpy(prev, clr_store__genesis, 65);
	if (sqlite3_step(q[S_HEAD]) == SQLITE_ROW) {
		snprintf(head, sizeof(head), "%s", (const char *)sqlite3_column_text(q[S_HEAD], 0));
		rc = parse_head(st, head, &seq, prev, last) < 0 ? CLR_EINPUT : 0;
	}
	sqlite3_reset(q[S_HEAD]);
	if (rc)
		goto out;
	if (out_dup)
		*out_dup = 0;
	if (batch) { /* the batch logged last: this one again, after a crash */
		char last_batch[128];
		if ((rc = clr_store__meta_get(st, "screenings_batch", last_batch, sizeof(last_batch))) < 0)
			goto out;
		rc = 0;
		if (!strcmp(last_batch, batch)) {
			if (out_dup)
				*out_dup = 1;
			clr_store__rollback(st);
			return 0;
		}
		if ((rc = clr_store__meta_set(st, "screenings_batch", batch)))
			goto out;
	}
	/* the digests stored as bytes (schema 5); the chain hashes their hex */
	unsigned char dprev[32], dhash[32];
	if (clr_store__unhex(prev, 64, dprev)) {
		rc = clr_store__fail(st, CLR_EINPUT, "screenings: chain head '%.64s' is damaged", prev);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const clr_screening *r = &v[i];
		const char *who = r->who ? r->who : st->who;
		if (r->at) {
			size_t len = strnlen(r->at, sizeof(at) - 1);
			memcpy(at, r->at, len);
			at[len] = 0;
		} else {
			now_ms(at);
		}
		/* time order is seq order (the date filters bisect seq): a record
		 * never precedes the one before it */
		if (strcmp(at, last) < 0)
			memcpy(at, last, sizeof(at));
		seq++;
		link_hash(seq, r->snapshot, r->nalerts, prev, at, who, r->route, r->request_id,
		          r->party, r->query, r->checksum, r->alerts, hash, dhash);
		sqlite3_bind_int64(ins, 1, seq);
		sqlite3_bind_text(ins, 2, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, r->route, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, r->request_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, r->party, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, r->query, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 8, r->snapshot);
		sqlite3_bind_text(ins, 9, r->checksum, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, r->alerts, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 11, (sqlite3_int64)r->nalerts);
		sqlite3_bind_blob(ins, 12, dprev, 32, SQLITE_STATIC);
		sqlite3_bind_blob(ins, 13, dhash, 32, SQLITE_STATIC);
		if ((rc = clr_store__step(st, ins, "screenings")))
			goto out;
		memcpy(prev, hash, 65);
		memcpy(dprev, dhash, sizeof(dprev));
		memcpy(last, at, sizeof(last));
	}
	snprintf(head, sizeof(head), "%lld %s %s", (long long)seq, prev, last);
	sqlite3_bind_text(q[S_SETHEAD], 1, head, -1, SQLITE_STATIC);
	if (!(rc = clr_store__step(st, q[S_SETHEAD], "screenings")))
		rc = clr_store__step(st, q[S_COMMIT], "screenings");
out:
	sqlite3_clear_bindings(ins);
	if (rc)
		clr_store__rollback(st);
	return rc;
}

/* The records after meta's screenings_indexed into the party index, inside
 * the caller's transaction. */
static int index_tail(clr_store *st, size_t *out_n)
{
	char mark[32], sql[160];
	long long w = 0;
	int rc = clr_store__meta_get(st, "screenings_indexed", mark, sizeof(mark));
	if (rc < 0)
		return rc;
	if (rc == 1)
		w = atoll(mark);
	long long top = clr_store__scalar(st, "SELECT max(seq) FROM screenings", 0);
	*out_n = 0;
	if (top <= w)
		return 0;
	snprintf(sql, sizeof(sql), "INSERT INTO screenings_party(rowid, party) SELECT seq, party"
	         " FROM screenings WHERE seq > %lld ORDER BY seq", w);
	if ((rc = clr_store__exec(st, sql)))
		return rc;
	*out_n = (size_t)sqlite3_changes(st->db);
	snprintf(mark, sizeof(mark), "%lld", top);
	return clr_store__meta_set(st, "screenings_indexed", mark);
}

int clr_store_screenings_index(clr_store *st, size_t *out_indexed)
{
	size_t n = 0;
	if (!st->db) { /* PostgreSQL's words are written with the records */
		if (out_indexed)
			*out_indexed = 0;
		return 0;
	}
	int rc = clr_store__begin(st);
	if (!rc && !(rc = index_tail(st, &n)))
		rc = clr_store__commit(st);
	if (rc)
		clr_store__rollback(st);
	if (out_indexed)
		*out_indexed = rc ? 0 : n;
	return rc;
}

/* Where the chain starts: the record and the hash it links to that the
 * latest prune recorded in the (verified) audit trail; record 1 after the
 * genesis hash when none. */
static int chain_start(clr_store *st, int64_t *seq, char prev[65])
{
	clr_sql_stmt *q;
	*seq = 1;
	memcpy(prev, clr_store__genesis, 65);
	int rc = clr_store__prepare(st, "SELECT seq, result FROM audit WHERE action='" PRUNE_ACTION
	                                "' ORDER BY seq DESC LIMIT 1", &q, "screenings");
	if (rc)
		return rc;
	if (clr_sql_step(q) == CLR_SQL_ROW) {
		const char *z = clr_sql_column_text(q, 1);
		long long n;
		if (!z || sscanf(z, "chain starts at record %lld after %64s", &n, prev) != 2 ||
		    strlen(prev) != 64)
			rc = clr_store__fail(st, CLR_EINPUT, "audit: record %lld: a screenings prune "
			                     "record that does not name the chain's start",
			                     (long long)clr_sql_column_int64(q, 0));
		else
			*seq = n;
	}
	clr_sql_finalize(q);
	return rc;
}

/* A screening row's link (clr_store__chain_walk). */
static int screening_link(clr_sql_stmt *q, const char *prev, char out[65])
{
#define TXT(i) clr_sql_column_text(q, i)
	if (!TXT(1) || !TXT(2) || !TXT(3) || !TXT(5) || !TXT(6) || !TXT(9))
		return -1;
	link_hash(clr_sql_column_int64(q, 0), clr_sql_column_int64(q, 7),
	          (size_t)clr_sql_column_int64(q, 10), prev, TXT(1), TXT(2), TXT(3), TXT(4), TXT(5),
	          TXT(6), TXT(8), TXT(9), out, NULL);
	return 0;
#undef TXT
}

int clr_store__screenings_verify(clr_store *st, size_t *out_records)
{
	char prev[65], hprev[65];
	int64_t want, hseq = 0;
	*out_records = 0;
	int rc = chain_start(st, &want, prev);
	if (rc || (rc = clr_store__chain_walk(st, "screenings",
	                                      "SELECT seq, at, who, route, request_id, party, query,"
	                                      " snapshot_id, checksum, alerts, nalerts,"
	                                      " prev_hash, hash FROM screenings ORDER BY seq",
	                                      11, 12, screening_link, &want, prev, out_records)))
		return rc;
	/* the head names the newest record: one deleted at the end shows here */
	int found = read_head(st, &hseq, hprev, NULL);
	if (found < 0)
		rc = found;
	else if (found ? hseq != want - 1 || strcmp(hprev, prev) : *out_records != 0)
		rc = clr_store__fail(st, CLR_EINPUT, "screenings: record %lld: missing (the chain "
		                     "head names record %lld%s; deleted records at the end)",
		                     (long long)want, (long long)hseq, found ? "" : ", or is gone");
	return rc;
}

/* An ISO date or time as the filters take it. */
static int check_when(clr_store *st, const char *what, const char *z)
{
	size_t n = z ? strlen(z) : 0;
	if (z && (n < 4 || n > 32 || strspn(z, "0123456789-T:.Z") != n))
		return clr_store__fail(st, CLR_EUSAGE, "%s: expected a date YYYY-MM-DD or a time "
		                       "YYYY-MM-DDTHH:MM:SSZ, got '%.40s'", what, z);
	return 0;
}

/* The records are in time order by seq (clr_store_screenings_log keeps
 * them so): *out is the first seq from which every record's time is at or
 * after bound (after, with after set), found by bisection on the primary
 * key, so that no index on the time is written with every commit. */
static int seq_from(clr_store *st, const char *bound, int after, int64_t *out)
{
	clr_sql_stmt *q;
	int64_t lo = clr_store__scalar(st, "SELECT min(seq) FROM screenings", 1);
	int64_t hi = clr_store__scalar(st, "SELECT max(seq) FROM screenings", 0) + 1;
	int rc = clr_store__prepare(st, "SELECT at FROM screenings WHERE seq >= ? ORDER BY seq"
	                                " LIMIT 1", &q, "screenings");
	if (rc)
		return rc;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		clr_sql_bind_int64(q, 1, mid);
		int c = clr_sql_step(q) == CLR_SQL_ROW && clr_sql_column_text(q, 0)
		                ? strcmp(clr_sql_column_text(q, 0), bound)
		                : 1;
		clr_sql_reset(q);
		if (after ? c > 0 : c >= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	clr_sql_finalize(q);
	*out = lo;
	return 0;
}

int clr_store_screenings_prune(clr_store *st, const char *before, size_t *out_removed)
{
	char prev[65], result[256];
	int64_t keep = 0, hseq = 0;
	size_t removed = 0;
	int rc;
	if (out_removed)
		*out_removed = 0;
	if (!before)
		return clr_store__fail(st, CLR_EUSAGE, "prune: --before DATE is required");
	if ((rc = check_when(st, "before", before)) || (rc = clr_store__begin(st)))
		return rc;
	/* no append between the chain's new start and its anchor (PostgreSQL) */
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_SCREENINGS)) {
		rc = clr_store__sqlfail(st, "prune");
		goto out;
	}
	memcpy(prev, clr_store__genesis, 65);
	if ((rc = read_head(st, &hseq, prev, NULL)) < 0)
		goto out;
	/* a broken chain is not pruned: that would hide what broke it */
	size_t nver;
	if ((rc = clr_store_audit_verify(st, &nver)))
		goto out;
	/* indexed first, so that every record removed is removed from the index */
	size_t nix;
	if (st->db && (rc = index_tail(st, &nix)))
		goto out;
	/* everything before the first record at or after the date goes */
	clr_sql_stmt *q;
	int64_t from;
	if ((rc = seq_from(st, before, 0, &from)) ||
	    (rc = clr_store__prepare(st, st->db ? "SELECT seq, lower(hex(prev_hash)) FROM"
	                                          " screenings WHERE seq >= ? ORDER BY seq LIMIT 1"
	                                        : "SELECT seq, prev_hash FROM screenings"
	                                          " WHERE seq >= ? ORDER BY seq LIMIT 1",
	                             &q, "prune")))
		goto out;
	clr_sql_bind_int64(q, 1, from);
	if (clr_sql_step(q) == CLR_SQL_ROW) {
		const char *z = clr_sql_column_text(q, 1);
		keep = clr_sql_column_int64(q, 0);
		snprintf(prev, sizeof(prev), "%s", z ? z : "");
	} else {
		keep = hseq + 1; /* nothing kept: the chain goes on after its head */
	}
	clr_sql_finalize(q);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM screenings WHERE seq < %lld",
	         (long long)keep);
	removed = (size_t)clr_store__scalar(st, sql, 0);
	if (!removed) {
		rc = clr_store__commit(st);
		goto out;
	}
	if (st->db)
		snprintf(sql, sizeof(sql), "INSERT INTO screenings_party(screenings_party, rowid,"
		         " party) SELECT 'delete', seq, party FROM screenings WHERE seq < %lld",
		         (long long)keep);
	else
		snprintf(sql, sizeof(sql), "DELETE FROM screening_words WHERE seq < %lld",
		         (long long)keep);
	if ((rc = clr_store__exec(st, sql)))
		goto out;
	snprintf(sql, sizeof(sql), "DELETE FROM screenings WHERE seq < %lld", (long long)keep);
	if ((rc = clr_store__exec(st, sql)))
		goto out;
	snprintf(result, sizeof(result), "chain starts at record %lld after %s; %zu records before "
	         "%.32s removed", (long long)keep, prev, removed, before);
	if (!(rc = clr_store__audit(st, PRUNE_ACTION, NULL, 0, result)))
		rc = clr_store__commit(st);
	if (!rc && out_removed)
		*out_removed = removed;
out:
	if (rc)
		clr_store__rollback(st);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* The party's words as an FTS5 query: each a quoted string (the index's
 * tokenizer folds case and accents), all required. */
static int party_match(clr_store *st, const char *party, clr_buf *b)
{
	const unsigned char *p = (const unsigned char *)party;
	size_t words = 0;
	while (*p) {
		while (*p && *p < 0x80 && !(*p >= '0' && *p <= '9') && !((*p | 0x20) >= 'a' &&
		                                                         (*p | 0x20) <= 'z'))
			p++;
		const unsigned char *w = p;
		while (*p && (*p >= 0x80 || (*p >= '0' && *p <= '9') ||
		              ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
		if (p == w)
			continue;
		clr__buf_puts(b, words++ ? " \"" : "\"");
		clr__buf_put(b, (const char *)w, (size_t)(p - w));
		clr__buf_putc(b, '"');
	}
	if (b->failed)
		return CLR_ENOMEM;
	if (!words || strlen(party) > CLR_MAX_NAME_BYTES)
		return clr_store__fail(st, CLR_EUSAGE, "party: expected a name with at most %u bytes "
		                       "and at least one letter or digit", CLR_MAX_NAME_BYTES);
	return 0;
}

/* A JSON text stored by the log, as it is; a damaged one as a string. */
static void json_raw(FILE *f, const char *z, char open)
{
	if (z && z[0] == open)
		fputs(z, f);
	else
		clr_store__json_str(f, z);
}

static void csv_field(FILE *f, const char *z, int last)
{
	z = z ? z : "";
	if (strpbrk(z, ",\"\r\n")) {
		fputc('"', f);
		for (; *z; z++) {
			if (*z == '"')
				fputc('"', f);
			fputc(*z, f);
		}
		fputc('"', f);
	} else {
		fputs(z, f);
	}
	fputc(last ? '\n' : ',', f);
}

enum { C_SEQ, C_AT, C_WHO, C_ROUTE, C_RID, C_PARTY, C_QUERY, C_SNAP, C_SUM, C_NALERTS, C_ALERTS,
       C_HASH };

static void write_record(FILE *f, clr_sql_stmt *q, int format, size_t i)
{
#define TXT(c) clr_sql_column_text(q, c)
	long long seq = clr_sql_column_int64(q, C_SEQ), snap = clr_sql_column_int64(q, C_SNAP);
	long long nal = clr_sql_column_int64(q, C_NALERTS);
	if (format == CLR_SCREENINGS_CSV) {
		char n[3][24];
		snprintf(n[0], sizeof(n[0]), "%lld", seq);
		snprintf(n[1], sizeof(n[1]), "%lld", snap);
		snprintf(n[2], sizeof(n[2]), "%lld", nal);
		const char *cols[] = {n[0], TXT(C_AT), TXT(C_WHO), TXT(C_ROUTE), TXT(C_RID),
		                      TXT(C_PARTY), TXT(C_QUERY), n[1], TXT(C_SUM), n[2],
		                      TXT(C_ALERTS), TXT(C_HASH)};
		for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
			csv_field(f, cols[k], k + 1 == sizeof(cols) / sizeof(cols[0]));
		return;
	}
	if (format == CLR_SCREENINGS_TEXT) {
		fprintf(f, "%lld  %s  %s  %s  %s: %lld alert%s", seq, TXT(C_AT), TXT(C_WHO),
		        TXT(C_ROUTE), TXT(C_PARTY), nal, nal == 1 ? "" : "s");
		fprintf(f, "  (snapshot %lld, lists %s, request %s)\n", snap,
		        TXT(C_SUM) ? TXT(C_SUM) : "-", TXT(C_RID) ? TXT(C_RID) : "-");
		if (nal)
			fprintf(f, "    alerts: %s\n", TXT(C_ALERTS));
		fprintf(f, "    query: %s\n", TXT(C_QUERY));
		return;
	}
	if (format == CLR_SCREENINGS_JSON && i)
		fputc(',', f);
	fprintf(f, "{\"seq\":%lld,\"at\":", seq);
	clr_store__json_str(f, TXT(C_AT));
	fputs(",\"who\":", f);
	clr_store__json_str(f, TXT(C_WHO));
	fputs(",\"route\":", f);
	clr_store__json_str(f, TXT(C_ROUTE));
	fputs(",\"request_id\":", f);
	clr_store__json_str(f, TXT(C_RID));
	fputs(",\"party\":", f);
	clr_store__json_str(f, TXT(C_PARTY));
	fputs(",\"query\":", f);
	json_raw(f, TXT(C_QUERY), '{');
	fprintf(f, ",\"snapshot\":%lld,\"checksum\":", snap);
	clr_store__json_str(f, TXT(C_SUM));
	fprintf(f, ",\"nalerts\":%lld,\"alerts\":", nal);
	json_raw(f, TXT(C_ALERTS), '[');
	fputs(",\"hash\":", f);
	clr_store__json_str(f, TXT(C_HASH));
	fputs(format == CLR_SCREENINGS_JSONL ? "}\n" : "}", f);
#undef TXT
}

/* PostgreSQL's query: the records holding every word of the party (the
 * words of its index, as JSON in ?1), in a range of seq (?2, ?3), of a user
 * (?4, or NULL); every parameter named, as PostgreSQL types each. */
static int pg_select(clr_store *st, const clr_screenings_filter *f, clr_buf *sql, clr_buf *match)
{
	/* with a party, the records of its rarest word (counted up to a bound:
	 * a legal form's are many) drive, newest first, so that a limit stops
	 * early; each is kept when it holds every other word */
	clr__buf_puts(sql, "SELECT s.seq, s.at, s.who, s.route, s.request_id, s.party, s.query,"
	                   " s.snapshot_id, s.checksum, s.nalerts, s.alerts, s.hash FROM screenings s");
	if (f->party)
		clr__buf_puts(sql, " JOIN screening_words d ON d.seq = s.seq AND d.word ="
		                   " (SELECT x FROM json_array_elements_text(CAST(?1 AS json)) x ORDER BY"
		                   " (SELECT count(*) FROM (SELECT 1 FROM screening_words c WHERE"
		                   " c.word = x COLLATE \"C\" LIMIT 1000) n), x LIMIT 1) COLLATE \"C\"");
	clr__buf_puts(sql, " WHERE s.seq >= ?2 AND s.seq < ?3 AND (CAST(?4 AS TEXT) IS NULL OR"
	                   " s.who = ?4) AND ");
	if (!f->party) {
		clr__buf_puts(sql, "CAST(?1 AS TEXT) IS NULL");
		return 0;
	}
	clr__buf_puts(sql, "NOT EXISTS (SELECT 1 FROM json_array_elements_text(CAST(?1 AS json)) y"
	                   " WHERE NOT EXISTS (SELECT 1 FROM screening_words e"
	                   " WHERE e.word = y COLLATE \"C\" AND e.seq = s.seq))");
	party_words pw;
	int rc = words_open(st, &pw);
	if (rc)
		return rc;
	clr__buf_clear(match);
	pw.out = match;
	clr__buf_putc(match, '[');
	if (!(rc = words_of(st, &pw, f->party, 1, "", "")))
		clr__buf_putc(match, ']');
	words_close(&pw);
	return rc;
}

int clr_store_screenings_write(clr_store *st, const clr_screenings_filter *f, int format,
                               FILE *out, size_t *out_n)
{
	static const clr_screenings_filter none = {0};
	clr_buf sql = {0}, match = {0};
	char until[40] = "";
	clr_sql_stmt *q = NULL;
	size_t n = 0;
	int rc;
	f = f ? f : &none;
	if (out_n)
		*out_n = 0;
	if (format < CLR_SCREENINGS_TEXT || format > CLR_SCREENINGS_CSV)
		return clr_store__fail(st, CLR_EUSAGE, "screenings: unknown format %d", format);
	if ((rc = check_when(st, "since", f->since)) || (rc = check_when(st, "until", f->until)) ||
	    (f->party && (rc = party_match(st, f->party, &match))))
		goto out;
	/* the records the writer has not indexed yet (a few thousand at most) */
	if (f->party && (rc = clr_store_screenings_index(st, NULL)))
		goto out;
	/* a date alone is that whole day: every time of it sorts before "T99" */
	int64_t lo = 0, hi = 0;
	if (f->until)
		snprintf(until, sizeof(until), "%s%s", f->until, strlen(f->until) == 10 ? "T99" : "");
	if ((f->since && (rc = seq_from(st, f->since, 0, &lo))) ||
	    (f->until && (rc = seq_from(st, until, 1, &hi))))
		goto out;
	if (!st->db) {
		if (!f->since)
			lo = 0;
		if (!f->until)
			hi = INT64_MAX;
		if ((rc = pg_select(st, f, &sql, &match)))
			goto out;
		goto order;
	}
	/* the party index, when asked, drives: newest match first, so a limit
	 * stops early; else the table in order (or the date index) */
	clr__buf_puts(&sql, "SELECT s.seq, s.at, s.who, s.route, s.request_id, s.party, s.query,"
	                    " s.snapshot_id, s.checksum, s.nalerts, s.alerts, lower(hex(s.hash)) FROM ");
	clr__buf_puts(&sql, f->party ? "screenings_party p JOIN screenings s ON s.seq = p.rowid"
	                               " WHERE screenings_party MATCH ?1"
	                             : "screenings s WHERE ?1 IS NULL");
	/* the times as a range of seq, which the party index filters too */
	if (f->since)
		clr__buf_puts(&sql, f->party ? " AND p.rowid >= ?2" : " AND s.seq >= ?2");
	if (f->until)
		clr__buf_puts(&sql, f->party ? " AND p.rowid < ?3" : " AND s.seq < ?3");
	if (f->who)
		clr__buf_puts(&sql, " AND s.who = ?4");
order:
	clr__buf_puts(&sql, f->party && st->db ? " ORDER BY p.rowid DESC" : " ORDER BY s.seq DESC");
	if (f->limit)
		clr__buf_printf(&sql, " LIMIT %zu", f->limit);
	if (sql.failed || match.failed) {
		rc = CLR_ENOMEM;
		goto out;
	}
	if ((rc = clr_store__prepare(st, sql.p, &q, "screenings")))
		goto out;
	if (f->party)
		clr_sql_bind_text(q, 1, match.p);
	if (f->since || !st->db)
		clr_sql_bind_int64(q, 2, lo);
	if (f->until || !st->db)
		clr_sql_bind_int64(q, 3, hi);
	if (f->who)
		clr_sql_bind_text(q, 4, f->who);
	if (format == CLR_SCREENINGS_JSON)
		fputs("{\"screenings\":[", out);
	else if (format == CLR_SCREENINGS_CSV)
		fputs("seq,at,who,route,request_id,party,query,snapshot,checksum,nalerts,alerts,hash\n",
		      out);
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW)
		write_record(out, q, format, n++);
	if (rc != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "screenings");
		goto out;
	}
	rc = 0;
	if (format == CLR_SCREENINGS_JSON)
		fprintf(out, "],\"count\":%zu}\n", n);
	if (out_n)
		*out_n = n;
out:
	clr_sql_finalize(q);
	clr__buf_free(&sql);
	clr__buf_free(&match);
	return rc;
}

int clr_store_screenings_json(clr_store *st, const clr_screenings_filter *f, char **out)
{
	size_t len = 0;
	*out = NULL;
	FILE *m = open_memstream(out, &len);
	if (!m)
		return CLR_ENOMEM;
	int rc = clr_store_screenings_write(st, f, CLR_SCREENINGS_JSON, m, NULL);
	if (fclose(m) && !rc)
		rc = CLR_ENOMEM;
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}
