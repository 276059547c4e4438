/*
 * sql.c - the statement layer of sql.h on its two backends: SQLite (calls
 * passed through) and PostgreSQL through libpq (placeholders translated to
 * $n, values sent as text or binary bytea, a statement's rows fetched when
 * it is first stepped).  It never interprets the store's tables.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* Statements prepared on a PostgreSQL connection, by SQL text: the store's
 * SQL is a fixed set, each run many times; past the cap, unnamed. */
#define PG_PREPARED_MAX 128

struct clr_sql {
	clr_sql_kind kind;
	sqlite3 *lite;
	PGconn *pg;
	int nomem;
	char errmsg[512];
	char *prepared[PG_PREPARED_MAX]; /* statement "clr_I" is prepared[I] */
	int nprepared;
};

/* A PostgreSQL parameter: what PQexecParams sends. */
typedef struct pg_param {
	const char *value; /* NULL: SQL NULL */
	int len, binary;
	char num[32];      /* an int64 or double as text */
} pg_param;

struct clr_sql_stmt {
	clr_sql *db;
	sqlite3_stmt *lite;
	/* PostgreSQL: the translated SQL, its parameters, the fetched rows */
	char *zsql;
	int nparam;
	pg_param *param;
	PGresult *res;
	int row, nrow;
	struct pg_blob { unsigned char *p; size_t n; } *blobs; /* the row's decoded bytea */
	int nblobs;
};

#define BYTEA_OID 17

int clr_sql_is_uri(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

static void pg_error(clr_sql *db, const char *msg)
{
	size_t n;
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg && *msg ? msg : "PostgreSQL error");
	/* libpq's messages run over lines (and end with a newline); ours are one */
	for (char *p = db->errmsg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	while ((n = strlen(db->errmsg)) && db->errmsg[n - 1] == ' ')
		db->errmsg[n - 1] = 0;
}

static void pg_quiet(void *payload, const char *message) { (void)payload, (void)message; }

int clr_sql_open(clr_sql **out, const char *path)
{
	clr_sql *db = calloc(1, sizeof(*db));
	*out = db;
	if (!db)
		return -1;
	if (clr_sql_is_uri(path)) {
		db->kind = CLR_SQL_PG;
		db->pg = PQconnectdb(path);
		if (!db->pg) {
			db->nomem = 1;
			snprintf(db->errmsg, sizeof(db->errmsg), "out of memory");
			return -1;
		}
		if (PQstatus(db->pg) != CONNECTION_OK) {
			pg_error(db, PQerrorMessage(db->pg));
			return -1;
		}
		/* "relation already exists, skipping" and the like are not ours to print */
		PQsetNoticeProcessor(db->pg, pg_quiet, NULL);
		return clr_sql_exec(db, "SET client_min_messages=warning; SET TIME ZONE 'UTC'");
	}
	db->kind = CLR_SQL_SQLITE;
	if (sqlite3_open_v2(path, &db->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(db->errmsg, sizeof(db->errmsg), "%s",
		         db->lite ? sqlite3_errmsg(db->lite) : "cannot open");
		return -1;
	}
	return 0;
}

void clr_sql_close(clr_sql *db)
{
	if (!db)
		return;
	if (db->pg)
		PQfinish(db->pg);
	sqlite3_close(db->lite);
	for (int i = 0; i < db->nprepared; i++)
		free(db->prepared[i]);
	free(db);
}

clr_sql_kind clr_sql_backend(const clr_sql *db) { return db->kind; }
sqlite3 *clr_sql_sqlite(clr_sql *db) { return db->lite; }

const char *clr_sql_errmsg(clr_sql *db)
{
	return db->lite ? sqlite3_errmsg(db->lite) : db->errmsg;
}

int clr_sql_nomem(clr_sql *db)
{
	return db->lite ? sqlite3_errcode(db->lite) == SQLITE_NOMEM : db->nomem;
}

/* Whether a finished libpq command succeeded; else its message on db. */
static int pg_ok(clr_sql *db, PGresult *r)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return 1;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	db->nomem = !r || (state && !strcmp(state, "53200"));
	if (!primary) {
		pg_error(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
		return 0;
	}
	/* "duplicate key ... (Key (seq)=(2) already exists.)": without libpq's
	 * "ERROR:" and layout */
	char msg[sizeof(db->errmsg)];
	snprintf(msg, sizeof(msg), detail ? "%s (%s)" : "%s", primary, detail);
	pg_error(db, msg);
	return 0;
}

int clr_sql_exec(clr_sql *db, const char *sql)
{
	if (db->lite)
		return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	PGresult *r = PQexec(db->pg, sql);
	int ok = pg_ok(db, r);
	PQclear(r);
	return ok ? 0 : -1;
}

int clr_sql_begin(clr_sql *db)
{
	return clr_sql_exec(db, db->lite ? "BEGIN IMMEDIATE" : "BEGIN");
}

int clr_sql_begin_read(clr_sql *db)
{
	return clr_sql_exec(db, db->lite ? "BEGIN DEFERRED"
	                                 : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

int clr_sql_commit(clr_sql *db) { return clr_sql_exec(db, "COMMIT"); }

int clr_sql_in_tx(clr_sql *db)
{
	if (db->lite)
		return !sqlite3_get_autocommit(db->lite);
	PGTransactionStatusType s = PQtransactionStatus(db->pg);
	return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

void clr_sql_rollback(clr_sql *db)
{
	if (!clr_sql_in_tx(db))
		return;
	if (db->lite) {
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	/* keep the message of the failure that led here */
	PQclear(PQexec(db->pg, "ROLLBACK"));
}

int clr_sql_lock(clr_sql *db, int lock)
{
	char sql[80];
	if (db->lite)
		return 0;
	/* the first key spells "clrs": the store's locks apart from others' */
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(1668051571, %d)", lock);
	return clr_sql_exec(db, sql);
}

/* SQLite's placeholders as PostgreSQL's: ?N is $N, a bare ? the next
 * number after the largest so far; quoted text and comments are copied.
 * The largest number goes to *out_n.  NULL when memory runs out. */
static char *pg_translate(const char *sql, int *out_n)
{
	size_t len = strlen(sql), cap;
	int maxn = 0;
	if (__builtin_mul_overflow(len, 4, &cap) || __builtin_add_overflow(cap, 1, &cap))
		return NULL;
	char *z = malloc(cap), *o = z;
	if (!z)
		return NULL;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char quote = *p;
			*o++ = *p++;
			while (*p && *p != quote)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			char *end;
			long n = strtol(p + 1, &end, 10);
			if (end > p + 1 && n > 0 && n < 1000) {
				p = end;
			} else {
				n = ++maxn;
				p++;
			}
			if (n > maxn)
				maxn = (int)n;
			o += sprintf(o, "$%ld", n);
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	*out_n = maxn;
	return z;
}

int clr_sql_prepare(clr_sql *db, const char *sql, clr_sql_stmt **out)
{
	clr_sql_stmt *q = calloc(1, sizeof(*q));
	*out = NULL;
	if (!q) {
		db->nomem = 1;
		snprintf(db->errmsg, sizeof(db->errmsg), "out of memory");
		return -1;
	}
	q->db = db;
	if (db->lite) {
		if (sqlite3_prepare_v2(db->lite, sql, -1, &q->lite, NULL) != SQLITE_OK) {
			free(q);
			return -1;
		}
		*out = q;
		return 0;
	}
	q->zsql = pg_translate(sql, &q->nparam);
	if (q->zsql && q->nparam)
		q->param = calloc((size_t)q->nparam, sizeof(*q->param));
	if (!q->zsql || (q->nparam && !q->param)) {
		free(q->zsql);
		free(q);
		db->nomem = 1;
		snprintf(db->errmsg, sizeof(db->errmsg), "out of memory");
		return -1;
	}
	q->row = -1;
	*out = q;
	return 0;
}

static void pg_free_blobs(clr_sql_stmt *q)
{
	for (int i = 0; i < q->nblobs; i++) {
		PQfreemem(q->blobs[i].p);
		q->blobs[i].p = NULL;
	}
}

void clr_sql_reset(clr_sql_stmt *q)
{
	if (q->lite) {
		sqlite3_reset(q->lite);
		return;
	}
	pg_free_blobs(q);
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
}

void clr_sql_finalize(clr_sql_stmt *q)
{
	if (!q)
		return;
	clr_sql_reset(q);
	sqlite3_finalize(q->lite);
	free(q->blobs);
	free(q->param);
	free(q->zsql);
	free(q);
}

/* The PostgreSQL parameter i (from 1), or NULL when out of range: SQLite
 * ignores such a binding too (SQLITE_RANGE, which this layer drops). */
static pg_param *pg_slot(clr_sql_stmt *q, int i)
{
	if (i < 1 || i > q->nparam)
		return NULL;
	pg_param *p = &q->param[i - 1];
	p->value = NULL;
	p->len = 0;
	p->binary = 0;
	return p;
}

void clr_sql_bind_text(clr_sql_stmt *q, int i, const char *z)
{
	pg_param *p;
	if (q->lite)
		sqlite3_bind_text(q->lite, i, z, -1, SQLITE_STATIC);
	else if ((p = pg_slot(q, i)))
		p->value = z;
}

void clr_sql_bind_int64(clr_sql_stmt *q, int i, int64_t v)
{
	pg_param *p;
	if (q->lite)
		sqlite3_bind_int64(q->lite, i, v);
	else if ((p = pg_slot(q, i)))
		snprintf(p->num, sizeof(p->num), "%lld", (long long)v), p->value = p->num;
}

void clr_sql_bind_double(clr_sql_stmt *q, int i, double v)
{
	pg_param *p;
	if (q->lite)
		sqlite3_bind_double(q->lite, i, v);
	else if ((p = pg_slot(q, i)))
		snprintf(p->num, sizeof(p->num), "%.17g", v), p->value = p->num;
}

void clr_sql_bind_blob(clr_sql_stmt *q, int i, const void *data, size_t n)
{
	pg_param *p;
	if (q->lite) {
		sqlite3_bind_blob64(q->lite, i, data, n, SQLITE_STATIC);
	} else if ((p = pg_slot(q, i))) {
		p->value = data ? data : "";
		p->len = (int)n;
		p->binary = 1;
	}
}

void clr_sql_bind_null(clr_sql_stmt *q, int i)
{
	if (q->lite)
		sqlite3_bind_null(q->lite, i);
	else
		pg_slot(q, i);
}

/* The name under which sql is prepared on the connection, preparing it
 * when new: "" when the cache is full (run it unnamed), NULL on failure. */
static const char *pg_prepared(clr_sql *db, const char *sql, int n, const Oid *types,
                               char name[16])
{
	int i = 0;
	while (i < db->nprepared && strcmp(db->prepared[i], sql))
		i++;
	snprintf(name, 16, "clr_%d", i);
	if (i < db->nprepared)
		return name;
	if (i == PG_PREPARED_MAX)
		return "";
	char *copy = strdup(sql);
	if (!copy) {
		db->nomem = 1;
		snprintf(db->errmsg, sizeof(db->errmsg), "out of memory");
		return NULL;
	}
	PGresult *r = PQprepare(db->pg, name, sql, n, types);
	int ok = pg_ok(db, r);
	PQclear(r);
	if (!ok) {
		free(copy);
		return NULL;
	}
	db->prepared[db->nprepared++] = copy;
	return name;
}

/* Runs a PostgreSQL statement with its parameters, fetching every row. */
static int pg_run(clr_sql_stmt *q)
{
	int n = q->nparam;
	const char *values[n ? n : 1];
	int lens[n ? n : 1], formats[n ? n : 1];
	Oid types[n ? n : 1];
	for (int i = 0; i < n; i++) {
		values[i] = q->param[i].value;
		lens[i] = q->param[i].len;
		formats[i] = q->param[i].binary;
		types[i] = q->param[i].binary ? BYTEA_OID : 0;
	}
	char name[16];
	const char *prepared = pg_prepared(q->db, q->zsql, n, types, name);
	if (!prepared)
		return -1;
	q->res = *prepared ? PQexecPrepared(q->db->pg, prepared, n, values, lens, formats, 0)
	                   : PQexecParams(q->db->pg, q->zsql, n, types, values, lens, formats, 0);
	if (!pg_ok(q->db, q->res)) {
		PQclear(q->res);
		q->res = NULL;
		return -1;
	}
	q->nrow = PQntuples(q->res);
	int ncol = PQnfields(q->res);
	if (ncol > q->nblobs) {
		struct pg_blob *b = realloc(q->blobs, (size_t)ncol * sizeof(*b));
		if (!b) {
			q->db->nomem = 1;
			snprintf(q->db->errmsg, sizeof(q->db->errmsg), "out of memory");
			return -1;
		}
		memset(b + q->nblobs, 0, (size_t)(ncol - q->nblobs) * sizeof(*b));
		q->blobs = b;
		q->nblobs = ncol;
	}
	return 0;
}

int clr_sql_step(clr_sql_stmt *q)
{
	if (q->lite) {
		int rc = sqlite3_step(q->lite);
		return rc == SQLITE_ROW ? CLR_SQL_ROW : rc == SQLITE_DONE ? CLR_SQL_DONE : -1;
	}
	if (!q->res && pg_run(q) < 0)
		return -1;
	pg_free_blobs(q);
	if (q->row + 1 >= q->nrow) {
		q->row = q->nrow;
		return CLR_SQL_DONE;
	}
	q->row++;
	return CLR_SQL_ROW;
}

/* Whether column i of the current PostgreSQL row exists. */
static int pg_has(clr_sql_stmt *q, int i)
{
	return q->res && q->row >= 0 && q->row < q->nrow && i >= 0 && i < PQnfields(q->res);
}

int clr_sql_column_null(clr_sql_stmt *q, int i)
{
	if (q->lite)
		return sqlite3_column_type(q->lite, i) == SQLITE_NULL;
	return !pg_has(q, i) || PQgetisnull(q->res, q->row, i);
}

int64_t clr_sql_column_int64(clr_sql_stmt *q, int i)
{
	if (q->lite)
		return sqlite3_column_int64(q->lite, i);
	return clr_sql_column_null(q, i) ? 0 : strtoll(PQgetvalue(q->res, q->row, i), NULL, 10);
}

double clr_sql_column_double(clr_sql_stmt *q, int i)
{
	if (q->lite)
		return sqlite3_column_double(q->lite, i);
	return clr_sql_column_null(q, i) ? 0 : strtod(PQgetvalue(q->res, q->row, i), NULL);
}

const char *clr_sql_column_text(clr_sql_stmt *q, int i)
{
	if (q->lite)
		return (const char *)sqlite3_column_text(q->lite, i);
	return clr_sql_column_null(q, i) ? NULL : PQgetvalue(q->res, q->row, i);
}

int clr_sql_column_is_blob(clr_sql_stmt *q, int i)
{
	if (q->lite)
		return sqlite3_column_type(q->lite, i) == SQLITE_BLOB;
	return PQftype(q->res, i) == 17; /* BYTEAOID */
}

const void *clr_sql_column_blob(clr_sql_stmt *q, int i, size_t *out_n)
{
	*out_n = 0;
	if (q->lite) {
		const void *p = sqlite3_column_blob(q->lite, i);
		*out_n = (size_t)sqlite3_column_bytes(q->lite, i);
		return p;
	}
	if (clr_sql_column_null(q, i))
		return NULL;
	/* bytea comes as text (\x and hex digits), decoded once per row */
	if (!q->blobs[i].p)
		q->blobs[i].p = PQunescapeBytea(
			(const unsigned char *)PQgetvalue(q->res, q->row, i), &q->blobs[i].n);
	*out_n = q->blobs[i].p ? q->blobs[i].n : 0;
	return q->blobs[i].p;
}
