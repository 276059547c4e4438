/*
 * sql.h - the store's statement layer: one small interface over SQLite and
 * PostgreSQL (libpq), so that a store module's SQL runs on either backend.
 * SQL is written with SQLite's placeholders (? and ?N; $n for libpq is this
 * layer's business); values bind as text, int64, double, blob or NULL; a
 * statement steps to a row or to done.  It owns connections and statements,
 * never the schema, and never prints.
 */
#ifndef CLR_STORE_SQL_H
#define CLR_STORE_SQL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct clr_sql clr_sql;
typedef struct clr_sql_stmt clr_sql_stmt;

typedef enum { CLR_SQL_SQLITE, CLR_SQL_PG } clr_sql_kind;

/* clr_sql_step's results besides an error (< 0). */
enum { CLR_SQL_DONE = 0, CLR_SQL_ROW = 1 };

/* Transaction-scoped locks that serialise writers on PostgreSQL (SQLite's
 * BEGIN IMMEDIATE already lets one writer in at a time); the screening
 * log's own, taken before the audit's when both are. */
enum { CLR_SQL_LOCK_SCHEMA = 1, CLR_SQL_LOCK_AUDIT = 2, CLR_SQL_LOCK_SCREENINGS = 3 };

/* Whether path is a libpq connection URI (postgresql:// or postgres://). */
int clr_sql_is_uri(const char *path);
/* Opens a SQLite file (created when absent) or connects to the PostgreSQL
 * that the URI names.  0, or -1 with *out holding the message (errmsg);
 * *out is NULL only when memory ran out.  Close with clr_sql_close. */
int clr_sql_open(clr_sql **out, const char *path);
void clr_sql_close(clr_sql *db);
clr_sql_kind clr_sql_backend(const clr_sql *db);
/* The SQLite handle, for the modules not on this layer yet; NULL on PG. */
sqlite3 *clr_sql_sqlite(clr_sql *db);
/* The last failure's message, and whether it was memory running out. */
const char *clr_sql_errmsg(clr_sql *db);
int clr_sql_nomem(clr_sql *db);

/* One or more statements without results: 0 or -1. */
int clr_sql_exec(clr_sql *db, const char *sql);
/* A write transaction (BEGIN IMMEDIATE on SQLite), its end, and whether
 * one is open. */
int clr_sql_begin(clr_sql *db);
/* A read-only transaction whose statements all see one state of the store
 * (SQLite's BEGIN DEFERRED; REPEATABLE READ on PostgreSQL). */
int clr_sql_begin_read(clr_sql *db);
int clr_sql_commit(clr_sql *db);
void clr_sql_rollback(clr_sql *db);
int clr_sql_in_tx(clr_sql *db);
/* Takes lock (CLR_SQL_LOCK_*) until the transaction ends; 0 or -1. */
int clr_sql_lock(clr_sql *db, int lock);

/* 0 or -1; *out is finalised with clr_sql_finalize. */
int clr_sql_prepare(clr_sql *db, const char *sql, clr_sql_stmt **out);
void clr_sql_finalize(clr_sql_stmt *q);
/* Parameters are numbered from 1; what text and blobs point to must stay
 * valid until the statement is stepped (SQLite's SQLITE_STATIC).  A NULL
 * text binds NULL. */
void clr_sql_bind_text(clr_sql_stmt *q, int i, const char *z);
void clr_sql_bind_int64(clr_sql_stmt *q, int i, int64_t v);
void clr_sql_bind_double(clr_sql_stmt *q, int i, double v);
void clr_sql_bind_blob(clr_sql_stmt *q, int i, const void *p, size_t n);
void clr_sql_bind_null(clr_sql_stmt *q, int i);
/* CLR_SQL_ROW, CLR_SQL_DONE or -1 (the message on the connection). */
int clr_sql_step(clr_sql_stmt *q);
/* Back to before the first step; the bindings stay. */
void clr_sql_reset(clr_sql_stmt *q);
/* The current row's columns, from 0; text is NULL for NULL. */
int clr_sql_column_null(clr_sql_stmt *q, int i);
int64_t clr_sql_column_int64(clr_sql_stmt *q, int i);
double clr_sql_column_double(clr_sql_stmt *q, int i);
const char *clr_sql_column_text(clr_sql_stmt *q, int i);
const void *clr_sql_column_blob(clr_sql_stmt *q, int i, size_t *out_n);
/* Whether the column holds bytes (a SQLite BLOB, a PostgreSQL bytea). */
int clr_sql_column_is_blob(clr_sql_stmt *q, int i);

#endif
