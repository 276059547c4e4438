/*
 * store.c - the clearance.db store: schema (SQLite's, and PostgreSQL's for
 * the modules on the statement layer), transactions and the hash-chained
 * audit trail.  Every public change runs in one transaction; nothing here
 * screens names.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "queue.h"
#include "store.h"
#include "../util/util.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);"
	"CREATE TABLE IF NOT EXISTS snapshots(id INTEGER PRIMARY KEY, imported_at TEXT NOT NULL,"
	" as_of TEXT NOT NULL, who TEXT, nsources INTEGER NOT NULL, nentries INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS snapshot_sources(snapshot_id INTEGER NOT NULL, grp INTEGER NOT NULL,"
	" is_dir INTEGER NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL, blob_hash TEXT NOT NULL,"
	" PRIMARY KEY(snapshot_id, grp, name));"
	"CREATE TABLE IF NOT EXISTS entry_versions(vid INTEGER PRIMARY KEY, entry_id TEXT NOT NULL,"
	" hash TEXT NOT NULL, source TEXT, name TEXT, start_date TEXT, citations TEXT, json TEXT,"
	" UNIQUE(entry_id, hash));"
	"CREATE TABLE IF NOT EXISTS snapshot_entries(snapshot_id INTEGER NOT NULL, vid INTEGER NOT NULL,"
	" PRIMARY KEY(snapshot_id, vid)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS customers(id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT,"
	" country TEXT, hash TEXT NOT NULL, seq INTEGER NOT NULL, attributes TEXT);"
	"CREATE INDEX IF NOT EXISTS customers_seq ON customers(seq);"
	"CREATE TABLE IF NOT EXISTS rescreens(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" snapshot_id INTEGER NOT NULL, customer_seq INTEGER NOT NULL, delta INTEGER NOT NULL,"
	" screened INTEGER NOT NULL, alerts INTEGER NOT NULL, emitted INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS alerts(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL,"
	" entry_id TEXT NOT NULL, customer_hash TEXT NOT NULL, entry_hash TEXT NOT NULL,"
	" score REAL NOT NULL, status TEXT NOT NULL, decision TEXT, reason TEXT,"
	" first_run INTEGER NOT NULL, last_run INTEGER NOT NULL, name_score REAL, evidence TEXT);"
	"CREATE INDEX IF NOT EXISTS alerts_order ON alerts(customer_id, entry_id);"
	"CREATE TABLE IF NOT EXISTS alert_events(id INTEGER PRIMARY KEY, alert_id TEXT NOT NULL,"
	" at TEXT NOT NULL, kind TEXT NOT NULL, who TEXT, note TEXT);"
	"CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events(alert_id);"
	"CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,"
	" action TEXT NOT NULL, input_hash TEXT, snapshot_id INTEGER, result TEXT,"
	" prev_hash TEXT NOT NULL, hash TEXT NOT NULL);";

/* Version 2: customer attributes; the customer token index (tokens.c),
 * keyed by customers' rowids, which customers import keeps stable. */
static const char schema2[] =
	"CREATE TABLE IF NOT EXISTS customer_tokens(h INTEGER NOT NULL, crow INTEGER NOT NULL,"
	" PRIMARY KEY(h, crow)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS customer_words(token TEXT PRIMARY KEY) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS alerts_entry ON alerts(entry_id);"
	"CREATE INDEX IF NOT EXISTS alerts_customer ON alerts(customer_id);";

/* Version 4: the screening log (screenings.c), a hash chain of its own
 * whose head is meta's screenings_head; the party's words in an FTS5 index
 * over the table (external content: the names are stored once).  No index
 * on the time: records are in time order by seq, which a date bisects.
 * Version 5: its prev_hash and hash as the digests' 32 bytes rather than 64
 * hex digits, a sixth of a record that every import writes twice (the WAL,
 * then the checkpoint), the chain's hashes computed as before; the party
 * index without its table of column sizes (columnsize=0: a row a record,
 * half of the index's cost, for a ranking no query uses). */
#define SCREENINGS_TABLE(name)                                                                 \
	"CREATE TABLE IF NOT EXISTS " name "(seq INTEGER PRIMARY KEY, at TEXT NOT NULL,"        \
	" who TEXT NOT NULL, route TEXT NOT NULL, request_id TEXT, party TEXT NOT NULL,"        \
	" query TEXT NOT NULL, snapshot_id INTEGER NOT NULL, checksum TEXT, alerts TEXT NOT NULL," \
	" nalerts INTEGER NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
#define SCREENINGS_PARTY                                                                       \
	"CREATE VIRTUAL TABLE IF NOT EXISTS screenings_party USING fts5(party,"                  \
	" content='screenings', content_rowid='seq', tokenize='unicode61 remove_diacritics 2',"  \
	" columnsize=0);"
static const char schema5[] = SCREENINGS_TABLE("screenings") SCREENINGS_PARTY;

/* Version 4 to 5: the log's rows copied with their hashes as bytes (the
 * party index keys on seq, which the copy keeps), the party index built
 * anew.  A hash that is not 64 lowercase hex digits - an edited row - is
 * copied as it is, so that verification still fails on it. */
static const char migrate5[] =
	SCREENINGS_TABLE("screenings_v5")
	"INSERT INTO screenings_v5 SELECT seq, at, who, route, request_id, party, query,"
	" snapshot_id, checksum, alerts, nalerts, clr_unhex(prev_hash), clr_unhex(hash)"
	" FROM screenings ORDER BY seq;"
	"DROP TABLE screenings_party;"
	"DROP TABLE screenings;"
	"ALTER TABLE screenings_v5 RENAME TO screenings;"
	SCREENINGS_PARTY
	"INSERT INTO screenings_party(screenings_party) VALUES('rebuild');"
	"INSERT OR REPLACE INTO meta VALUES('screenings_indexed',"
	" (SELECT coalesce(max(seq), 0) FROM screenings));"
	"UPDATE schema_version SET version=5";

/* PostgreSQL: the tables of the modules on the statement layer (sql.h), in
 * SQLite's shapes; keys' too, which SQLite creates with the first key.  Text
 * compares bytewise (COLLATE "C") as in SQLite, whatever the database's
 * locale; ids that SQLite assigns are identities. */
#define PG_TEXT " TEXT COLLATE \"C\""
static const char pg_schema[] =
	"CREATE TABLE IF NOT EXISTS schema_version(version BIGINT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS meta(key" PG_TEXT " PRIMARY KEY, value" PG_TEXT ");"
	"CREATE TABLE IF NOT EXISTS snapshots(id BIGINT PRIMARY KEY, imported_at" PG_TEXT " NOT NULL,"
	" as_of" PG_TEXT " NOT NULL, who" PG_TEXT ", nsources BIGINT NOT NULL,"
	" nentries BIGINT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS blobs(hash" PG_TEXT " PRIMARY KEY, size BIGINT NOT NULL,"
	" data BYTEA NOT NULL);"
	"CREATE TABLE IF NOT EXISTS snapshot_sources(snapshot_id BIGINT NOT NULL, grp BIGINT NOT NULL,"
	" is_dir BIGINT NOT NULL, path" PG_TEXT " NOT NULL, name" PG_TEXT " NOT NULL,"
	" blob_hash" PG_TEXT " NOT NULL, PRIMARY KEY(snapshot_id, grp, name));"
	"CREATE TABLE IF NOT EXISTS entry_versions(vid BIGINT GENERATED BY DEFAULT AS IDENTITY"
	" PRIMARY KEY, entry_id" PG_TEXT " NOT NULL, hash" PG_TEXT " NOT NULL, source" PG_TEXT ","
	" name" PG_TEXT ", start_date" PG_TEXT ", citations" PG_TEXT ", json" PG_TEXT ","
	" UNIQUE(entry_id, hash));"
	"CREATE TABLE IF NOT EXISTS snapshot_entries(snapshot_id BIGINT NOT NULL, vid BIGINT NOT NULL,"
	" PRIMARY KEY(snapshot_id, vid));"
	"CREATE TABLE IF NOT EXISTS audit(seq BIGINT PRIMARY KEY, at" PG_TEXT " NOT NULL,"
	" who" PG_TEXT " NOT NULL, action" PG_TEXT " NOT NULL, input_hash" PG_TEXT ","
	" snapshot_id BIGINT, result" PG_TEXT ", prev_hash" PG_TEXT " NOT NULL,"
	" hash" PG_TEXT " NOT NULL);"
	"CREATE TABLE IF NOT EXISTS keys(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" name" PG_TEXT " NOT NULL, role" PG_TEXT " NOT NULL, sha256" PG_TEXT " NOT NULL UNIQUE,"
	" created" PG_TEXT " NOT NULL, revoked" PG_TEXT ");"
	/* customers keep a rowid as in SQLite, which the token index refers to */
	"CREATE TABLE IF NOT EXISTS customers(id" PG_TEXT " PRIMARY KEY, name" PG_TEXT " NOT NULL,"
	" type" PG_TEXT ", country" PG_TEXT ", hash" PG_TEXT " NOT NULL, seq BIGINT NOT NULL,"
	" attributes" PG_TEXT ", rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE);"
	"CREATE INDEX IF NOT EXISTS customers_seq ON customers(seq);"
	"CREATE TABLE IF NOT EXISTS customer_tokens(h BIGINT NOT NULL, crow BIGINT NOT NULL,"
	" PRIMARY KEY(h, crow));"
	"CREATE TABLE IF NOT EXISTS customer_words(token" PG_TEXT " PRIMARY KEY);"
	"CREATE TABLE IF NOT EXISTS screenings(seq BIGINT PRIMARY KEY, at" PG_TEXT " NOT NULL,"
	" who" PG_TEXT " NOT NULL, route" PG_TEXT " NOT NULL, request_id" PG_TEXT ","
	" party" PG_TEXT " NOT NULL, query" PG_TEXT " NOT NULL, snapshot_id BIGINT NOT NULL,"
	" checksum" PG_TEXT ", alerts" PG_TEXT " NOT NULL, nalerts BIGINT NOT NULL,"
	" prev_hash" PG_TEXT " NOT NULL, hash" PG_TEXT " NOT NULL);"
	/* version 2: re-screening's runs, alerts and their events */
	"CREATE TABLE IF NOT EXISTS rescreens(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" at" PG_TEXT " NOT NULL, snapshot_id BIGINT NOT NULL, customer_seq BIGINT NOT NULL,"
	" delta BIGINT NOT NULL, screened BIGINT NOT NULL, alerts BIGINT NOT NULL,"
	" emitted BIGINT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS alerts(id" PG_TEXT " PRIMARY KEY, customer_id" PG_TEXT " NOT NULL,"
	" entry_id" PG_TEXT " NOT NULL, customer_hash" PG_TEXT " NOT NULL,"
	" entry_hash" PG_TEXT " NOT NULL, score DOUBLE PRECISION NOT NULL,"
	" status" PG_TEXT " NOT NULL, decision" PG_TEXT ", reason" PG_TEXT ","
	" first_run BIGINT NOT NULL, last_run BIGINT NOT NULL, name_score DOUBLE PRECISION,"
	" evidence" PG_TEXT ");"
	"CREATE INDEX IF NOT EXISTS alerts_order ON alerts(customer_id, entry_id);"
	"CREATE INDEX IF NOT EXISTS alerts_entry ON alerts(entry_id);"
	"CREATE TABLE IF NOT EXISTS alert_events(id BIGINT GENERATED BY DEFAULT AS IDENTITY"
	" PRIMARY KEY, alert_id" PG_TEXT " NOT NULL, at" PG_TEXT " NOT NULL, kind" PG_TEXT " NOT NULL,"
	" who" PG_TEXT ", note" PG_TEXT ");"
	"CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events(alert_id);"
	/* the screening log's party index (no FTS5): the words of SQLite's
	 * tokenizer, written with each record (screenings.c) */
	"CREATE TABLE IF NOT EXISTS screening_words(word" PG_TEXT " NOT NULL, seq BIGINT NOT NULL,"
	" PRIMARY KEY(word, seq));"
	/* version 3: the re-screening queue (queue.h) */
	CLR_STORE_QUEUE_PG_SCHEMA;

const char clr_store__genesis[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";
#define genesis clr_store__genesis

int clr_store__unhex(const char *z, size_t n, unsigned char *out)
{
	if (n % 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)z[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		if (i % 2)
			out[i / 2] |= (unsigned char)v;
		else
			out[i / 2] = (unsigned char)(v << 4);
	}
	return 0;
}

/* clr_unhex(X): a hash of 64 lowercase hex digits as its 32 bytes; any
 * other value as it is (migrate5). */
static void sql_unhex(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	unsigned char d[32];
	const char *z = sqlite3_value_type(argv[0]) == SQLITE_TEXT
	                        ? (const char *)sqlite3_value_text(argv[0])
	                        : NULL;
	if (z && sqlite3_value_bytes(argv[0]) == 64 && !clr_store__unhex(z, 64, d))
		sqlite3_result_blob(c, d, 32, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(c, argv[0]);
}

int clr_store__fail(clr_store *st, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

int clr_store__sqlfail(clr_store *st, const char *what)
{
	return clr_store__fail(st, clr_sql_nomem(st->sql) ? CLR_ENOMEM : CLR_EIO, "store: %s: %s",
	                       what, clr_sql_errmsg(st->sql));
}

int clr_store__exec(clr_store *st, const char *sql)
{
	return clr_sql_exec(st->sql, sql) ? clr_store__sqlfail(st, "exec") : 0;
}

int clr_store__prepare(clr_store *st, const char *sql, clr_sql_stmt **out, const char *what)
{
	return clr_sql_prepare(st->sql, sql, out) ? clr_store__sqlfail(st, what) : 0;
}

int clr_store__run(clr_store *st, clr_sql_stmt *q, const char *what)
{
	int rc = clr_sql_step(q);
	rc = rc < 0 ? clr_store__sqlfail(st, what) : 0;
	clr_sql_reset(q);
	return rc;
}

int clr_store__step(clr_store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : clr_store__sqlfail(st, what);
}

int clr_store__begin(clr_store *st)
{
	return clr_sql_begin(st->sql) ? clr_store__sqlfail(st, "exec") : 0;
}
int clr_store__commit(clr_store *st) { return clr_store__exec(st, "COMMIT"); }
void clr_store__rollback(clr_store *st) { clr_sql_rollback(st->sql); }

void clr_store__now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clr_store__fault_point(void)
{
	static long countdown = -2;
	if (countdown == -2) {
		const char *z = getenv("CLEARANCE_FAULT_AT");
		countdown = z && *z ? strtol(z, NULL, 10) : -1;
	}
	if (countdown > 0 && --countdown == 0)
		raise(SIGKILL);
}

int64_t clr_store__scalar(clr_store *st, const char *sql, int64_t dflt)
{
	clr_sql_stmt *q;
	int64_t v = dflt;
	if (clr_sql_prepare(st->sql, sql, &q))
		return dflt;
	if (clr_sql_step(q) == CLR_SQL_ROW && !clr_sql_column_null(q, 0))
		v = clr_sql_column_int64(q, 0);
	clr_sql_finalize(q);
	return v;
}

int64_t clr_store__latest(clr_store *st)
{
	return clr_store__scalar(st, "SELECT max(id) FROM snapshots", 0);
}

const char *clr_store_errmsg(const clr_store *st) { return st ? st->errmsg : "out of memory"; }

void clr_store_set_user(clr_store *st, const char *who)
{
	snprintf(st->who, sizeof(st->who), "%s", who && *who ? who : "unknown");
}

/* A connection URI as messages show it: its password, if any, hidden. */
static void redact(const char *path, char *buf, size_t cap)
{
	const char *auth = strstr(path, "://"), *at = auth ? strchr(auth + 3, '@') : NULL;
	const char *colon = auth ? strchr(auth + 3, ':') : NULL;
	if (!clr_sql_is_uri(path) || !at || !colon || colon > at)
		snprintf(buf, cap, "%s", path);
	else
		snprintf(buf, cap, "%.*s:***%s", (int)(colon - path), path, at);
}

/* The PostgreSQL schema, created by the first to open an empty database
 * (concurrent openers wait on the schema lock), then its version checked. */
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)
#define PG_VERSION PG_STR(CLR_STORE_PG_SCHEMA_VERSION)
static int open_pg(clr_store *st, const char *shown)
{
	clr_sql_stmt *q = NULL;
	int rc;
	if ((rc = clr_store__begin(st)))
		return rc;
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_SCHEMA)) {
		rc = clr_store__sqlfail(st, "schema");
		goto out;
	}
	if ((rc = clr_store__exec(st, pg_schema)) ||
	    (rc = clr_store__prepare(st, "SELECT max(version) FROM schema_version", &q, "schema")))
		goto out;
	if ((rc = clr_sql_step(q)) < 0) {
		rc = clr_store__sqlfail(st, "schema");
		goto out;
	}
	int64_t have = rc == CLR_SQL_ROW ? clr_sql_column_int64(q, 0) : 0;
	rc = 0;
	if (have > CLR_STORE_PG_SCHEMA_VERSION)
		rc = clr_store__fail(st, CLR_EINPUT, "store: %s: PostgreSQL schema version %lld is "
		                     "newer than %d", shown, (long long)have,
		                     CLR_STORE_PG_SCHEMA_VERSION);
	else if (!have)
		rc = clr_store__exec(st, "INSERT INTO schema_version VALUES(" PG_VERSION ")");
	else if (have < CLR_STORE_PG_SCHEMA_VERSION) /* the tables above created what was new */
		rc = clr_store__exec(st, "UPDATE schema_version SET version=" PG_VERSION);
	if (!rc)
		rc = clr_store__commit(st);
out:
	clr_sql_finalize(q);
	if (rc)
		clr_store__rollback(st);
	return rc;
}

int clr_store_open(clr_store **out, const char *path)
{
	clr_store *st = calloc(1, sizeof(*st));
	char shown[sizeof(st->path)];
	*out = NULL;
	if (!st)
		return CLR_ENOMEM;
	const char *who = getenv("CLEARANCE_USER");
	clr_store_set_user(st, who && *who ? who : getenv("USER"));
	snprintf(st->path, sizeof(st->path), "%s", path);
	redact(path, shown, sizeof(shown));
	*out = st;
	if (clr_sql_open(&st->sql, path)) {
		if (!st->sql)
			return clr_store__fail(st, CLR_ENOMEM, "store: %s: out of memory", shown);
		return clr_store__fail(st, CLR_EIO, "store: %s: %s", shown, clr_sql_errmsg(st->sql));
	}
	if (!(st->db = clr_sql_sqlite(st->sql)))
		return open_pg(st, shown);
	sqlite3_busy_timeout(st->db, 10000);
	/* 16 KB pages, for a new store only (an existing one keeps its own: a
	 * WAL database's page size cannot change).  The screening log's import
	 * writes each page to the WAL and again at the checkpoint, a pwrite(2)
	 * a page: a quarter of the system calls (docs/screening-log.md); the
	 * customers import and rescreens are no slower (bench_rescreen.sh). */
	int rc = clr_store__exec(st, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL;"
	                             " PRAGMA synchronous=NORMAL;"
	                             " PRAGMA foreign_keys=ON;"
	                             /* the customer token index is written in key order only
	                              * within a customer: let its pages stay in memory */
	                             " PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY");
	if (rc)
		return rc;
	if ((rc = clr_store__begin(st)) || (rc = clr_store__exec(st, schema)))
		goto fail;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT max(version) FROM schema_version", -1, &q, NULL)) {
		rc = clr_store__sqlfail(st, "schema");
		goto fail;
	}
	int have = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL
	                   ? sqlite3_column_int(q, 0)
	                   : 0;
	sqlite3_finalize(q);
	if (have > CLR_STORE_SCHEMA_VERSION) {
		rc = clr_store__fail(st, CLR_EINPUT, "store: %s: schema version %d is newer than %d",
		                     path, have, CLR_STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (have == 1 && ((rc = clr_store__exec(st, "ALTER TABLE customers ADD COLUMN attributes TEXT;"
	                                            "UPDATE schema_version SET version=2"))))
		goto fail;
	if ((rc = clr_store__exec(st, schema2)))
		goto fail;
	/* version 3: what the evidence beyond the name did to each alert */
	if (have && have < 3 &&
	    (rc = clr_store__exec(st, "ALTER TABLE alerts ADD COLUMN name_score REAL;"
	                              "ALTER TABLE alerts ADD COLUMN evidence TEXT;"
	                              "UPDATE schema_version SET version=3")))
		goto fail;
	if (have == 4) {
		if (sqlite3_create_function_v2(st->db, "clr_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
		                               NULL, sql_unhex, NULL, NULL, NULL)) {
			rc = clr_store__sqlfail(st, "schema");
			goto fail;
		}
		if ((rc = clr_store__exec(st, migrate5)))
			goto fail;
	}
	if ((rc = clr_store__exec(st, schema5)))
		goto fail;
	if (have && have < 4 && (rc = clr_store__exec(st, "UPDATE schema_version SET version=5")))
		goto fail;
	if (!have && (rc = clr_store__exec(st, "INSERT INTO schema_version VALUES(5)")))
		goto fail;
	return clr_store__commit(st);
fail:
	clr_store__rollback(st);
	return rc;
}

void clr_store_free(clr_store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < sizeof(st->scr_stmt) / sizeof(st->scr_stmt[0]); i++)
		sqlite3_finalize(st->scr_stmt[i]);
	clr_sql_close(st->sql);
	free(st);
}

/* ---- audit chain ------------------------------------------------------- */

void clr_store__chain_hash(const char *nums, const char *const *parts, size_t n, char out[65],
                           uint8_t *digest)
{
	uint8_t d[32];
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	clr__sha256_update(&s, nums, strlen(nums));
	for (size_t i = 0; i < n; i++) {
		clr__sha256_update(&s, "\x1f", 1);
		clr__sha256_update(&s, parts[i] ? parts[i] : "", strlen(parts[i] ? parts[i] : ""));
	}
	clr__sha256_final(&s, d);
	clr__sha256_hex_of(d, out);
	if (digest)
		memcpy(digest, d, sizeof(d));
}

static void audit_hash(int64_t seq, const char *at, const char *who, const char *action,
                       const char *input, int64_t snap, const char *result, const char *prev,
                       char out[65])
{
	char num[64];
	const char *parts[] = {prev, at, who, action, input, result};
	snprintf(num, sizeof(num), "%lld\x1f%lld", (long long)seq, (long long)snap);
	clr_store__chain_hash(num, parts, sizeof(parts) / sizeof(parts[0]), out, NULL);
}

int clr_store__meta_get(clr_store *st, const char *key, char *buf, size_t cap)
{
	clr_sql_stmt *q;
	buf[0] = 0;
	int found = clr_store__prepare(st, "SELECT value FROM meta WHERE key=?", &q, "meta");
	if (found)
		return found;
	clr_sql_bind_text(q, 1, key);
	found = clr_sql_step(q);
	if (found == CLR_SQL_ROW) {
		const char *z = clr_sql_column_text(q, 0);
		snprintf(buf, cap, "%s", z ? z : "");
	} else if (found < 0) {
		found = clr_store__sqlfail(st, "meta");
	}
	clr_sql_finalize(q);
	return found;
}

int clr_store__meta_set(clr_store *st, const char *key, const char *value)
{
	clr_sql_stmt *q;
	int rc = clr_store__prepare(st, "INSERT INTO meta VALUES(?,?) ON CONFLICT(key) DO UPDATE"
	                                " SET value=excluded.value", &q, "meta");
	if (rc)
		return rc;
	clr_sql_bind_text(q, 1, key);
	clr_sql_bind_text(q, 2, value);
	rc = clr_sql_step(q) == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, "meta");
	clr_sql_finalize(q);
	return rc;
}

int clr_store__audit(clr_store *st, const char *action, const char *input_hash,
                     int64_t snapshot, const char *result)
{
	char head[128], prev[65], at[32], hash[65];
	int64_t seq = 1;
	/* one chain whoever writes: on PostgreSQL the next appender waits here
	 * for this transaction, then reads the head it committed */
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_AUDIT))
		return clr_store__sqlfail(st, "audit");
	int rc = clr_store__meta_get(st, "audit_head", head, sizeof(head));
	if (rc < 0)
		return rc;
	snprintf(prev, sizeof(prev), "%s", genesis);
	if (rc == 1) {
		long long n;
		char h[65];
		if (sscanf(head, "%lld %64s", &n, h) != 2)
			return clr_store__fail(st, CLR_EINPUT, "store: audit head '%s' is damaged", head);
		seq = n + 1;
		memcpy(prev, h, 65);
	}
	clr_store__now(at);
	audit_hash(seq, at, st->who, action, input_hash, snapshot, result, prev, hash);
	clr_sql_stmt *q;
	if ((rc = clr_store__prepare(st, "INSERT INTO audit VALUES(?,?,?,?,?,?,?,?,?)", &q,
	                             "audit")))
		return rc;
	clr_sql_bind_int64(q, 1, seq);
	clr_sql_bind_text(q, 2, at);
	clr_sql_bind_text(q, 3, st->who);
	clr_sql_bind_text(q, 4, action);
	clr_sql_bind_text(q, 5, input_hash);
	clr_sql_bind_int64(q, 6, snapshot);
	clr_sql_bind_text(q, 7, result);
	clr_sql_bind_text(q, 8, prev);
	clr_sql_bind_text(q, 9, hash);
	rc = clr_sql_step(q) == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, "audit");
	clr_sql_finalize(q);
	if (rc)
		return rc;
	snprintf(head, sizeof(head), "%lld %s", (long long)seq, hash);
	return clr_store__meta_set(st, "audit_head", head);
}

int clr_store_audit(clr_store *st, const char *action, const char *input_hash,
                    int64_t snapshot, const char *result)
{
	int rc = clr_store__begin(st);
	if (rc)
		return rc;
	if ((rc = clr_store__audit(st, action, input_hash, snapshot, result)) ||
	    (rc = clr_store__commit(st)))
		clr_store__rollback(st);
	return rc;
}

/* A chain's hash column as hex: the audit trail's text, the screening log's
 * 32 bytes (schema 5), hexed here rather than by SQL for every row. */
static const char *hash_column(clr_sql_stmt *q, int i, char buf[65])
{
	size_t n;
	const void *b;
	if (clr_sql_column_is_blob(q, i) && (b = clr_sql_column_blob(q, i, &n)) && n == 32) {
		clr__sha256_hex_of(b, buf);
		return buf;
	}
	return clr_sql_column_text(q, i);
}

int clr_store__chain_walk(clr_store *st, const char *what, const char *sql, int iprev,
                          int ihash, clr_store__link_fn link, int64_t *want, char prev[65],
                          size_t *out_n)
{
	clr_sql_stmt *q;
	char hash[65], bprev[65], bhash[65];
	int rc;
	if ((rc = clr_store__prepare(st, sql, &q, what)))
		return rc;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		long long seq = clr_sql_column_int64(q, 0);
		const char *rprev = hash_column(q, iprev, bprev);
		const char *rhash = hash_column(q, ihash, bhash);
		if (seq != *want) {
			rc = clr_store__fail(st, CLR_EINPUT, "%s: record %lld: expected record %lld here "
			                     "(deleted or reordered records)", what, seq, (long long)*want);
			break;
		}
		if (!rprev || !rhash || strcmp(rprev, prev) || link(q, prev, hash) < 0) {
			rc = clr_store__fail(st, CLR_EINPUT, "%s: record %lld: does not link to record "
			                     "%lld (deleted, reordered or edited records)", what, seq,
			                     seq - 1);
			break;
		}
		if (strcmp(hash, rhash)) {
			rc = clr_store__fail(st, CLR_EINPUT, "%s: record %lld: content was edited (hash "
			                     "mismatch)", what, seq);
			break;
		}
		memcpy(prev, hash, 65);
		(*want)++;
		(*out_n)++;
	}
	/* a bad record broke the loop with its CLR_EINPUT; the layer fails with -1 */
	if (rc != CLR_EINPUT)
		rc = rc == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, what);
	clr_sql_finalize(q);
	return rc;
}

/* An audit row's link (clr_store__chain_walk). */
static int audit_link(clr_sql_stmt *q, const char *prev, char out[65])
{
#define TXT(i) clr_sql_column_text(q, i)
	if (!TXT(1) || !TXT(2) || !TXT(3))
		return -1;
	audit_hash(clr_sql_column_int64(q, 0), TXT(1), TXT(2), TXT(3), TXT(4),
	           clr_sql_column_int64(q, 5), TXT(6), prev, out);
	return 0;
#undef TXT
}

int clr_store_audit_verify(clr_store *st, size_t *out_records)
{
	char prev[65];
	int64_t want = 1;
	*out_records = 0;
	memcpy(prev, genesis, 65);
	int rc = clr_store__chain_walk(st, "audit",
	                               "SELECT seq, at, who, action, input_hash, snapshot_id, result,"
	                               " prev_hash, hash FROM audit ORDER BY seq",
	                               7, 8, audit_link, &want, prev, out_records);
	if (rc)
		return rc;
	char head[128];
	int found = clr_store__meta_get(st, "audit_head", head, sizeof(head));
	if (found < 0) {
		rc = found;
	} else {
		char expect[128];
		snprintf(expect, sizeof(expect), "%lld %s", (long long)want - 1, prev);
		if (found ? strcmp(head, expect) : want != 1)
			rc = clr_store__fail(st, CLR_EINPUT, "audit: record %lld: missing (the chain "
			                     "head says '%s'; deleted records at the end)",
			                     (long long)want, found ? head : "");
	}
	/* the screening log is checked with the audit trail, which holds its
	 * retention anchors */
	if (!rc) {
		size_t nscr;
		rc = clr_store__screenings_verify(st, &nscr);
	}
	return rc;
}

void clr_store__json_text(FILE *f, const char *z, int like_sqlite)
{
	static const char special[32] = {['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f',
	                                 ['\r'] = 'r'};
	if (!z) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 && like_sqlite && special[*p])
			fprintf(f, "\\%c", special[*p]);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void clr_store__json_str(FILE *f, const char *z) { clr_store__json_text(f, z, 0); }

int clr_store_audit_export(clr_store *st, const char *since, FILE *out)
{
	clr_sql_stmt *q;
	int rc = clr_store__prepare(st, "SELECT seq, at, who, action, input_hash, snapshot_id,"
	                                " result, prev_hash, hash FROM audit WHERE at >= ? ORDER BY"
	                                " seq", &q, "audit");
	if (rc)
		return rc;
	clr_sql_bind_text(q, 1, since ? since : "");
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		static const char *keys[] = {"seq", "at", "who", "action", "input_hash", "snapshot",
		                             "result", "prev_hash", "hash"};
		fputc('{', out);
		for (int i = 0; i < 9; i++) {
			fprintf(out, "%s\"%s\":", i ? "," : "", keys[i]);
			if (i == 0 || i == 5)
				fprintf(out, "%lld", (long long)clr_sql_column_int64(q, i));
			else
				clr_store__json_str(out, clr_sql_column_text(q, i));
		}
		fputs("}\n", out);
	}
	rc = rc == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, "audit export");
	clr_sql_finalize(q);
	return rc;
}
