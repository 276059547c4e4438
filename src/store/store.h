/*
 * store.h - internals shared by the files of src/store/: the SQLite handle,
 * SHA-256, the audit chain and the fault-injection hook.  The store owns the
 * clearance.db schema; it never screens on its own (it calls the public
 * screening API) and never prints except to the FILE it is given.
 */
#ifndef CLR_STORE_H
#define CLR_STORE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>

#include "clearance.h"
#include "sql.h"
#include "../util/sha256.h"


#define CLR_STORE_SCHEMA_VERSION 5
/* The PostgreSQL schema's own version: the tables of the modules on the
 * statement layer (sql.h) so far. */
#define CLR_STORE_PG_SCHEMA_VERSION 3
/* Version of the customer token index's keys: bump it whenever the
 * normaliser (src/text) or the query split changes what a name's tokens are;
 * the next customers import or rescreen then indexes every customer again. */
#define CLR_STORE_TOKENS_VERSION "4"

struct clr_store {
	clr_sql *sql;   /* the connection, on either backend */
	sqlite3 *db;    /* its SQLite handle, for the modules not on sql.h yet; NULL on PG */
	char path[4096]; /* as opened: update downloads next to it */
	char who[128];
	char errmsg[512];
	char evpolicy[4096]; /* clr_store_set_evidence_policy: "" for the built-in */
	/* the screening log's statements, kept from one commit to the next
	 * (the server commits every few requests): screenings.c */
	sqlite3_stmt *scr_stmt[5];
};

/* Sets the handle's message and returns err. */
int clr_store__fail(clr_store *st, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Fails with the database's message. */
int clr_store__sqlfail(clr_store *st, const char *what);
int clr_store__exec(clr_store *st, const char *sql);
/* Steps q once and resets it; fails with the SQLite message. */
int clr_store__step(clr_store *st, sqlite3_stmt *q, const char *what);
/* Prepares sql on the statement layer; fails with the database's message. */
int clr_store__prepare(clr_store *st, const char *sql, clr_sql_stmt **out, const char *what);
/* clr_store__step on the statement layer. */
int clr_store__run(clr_store *st, clr_sql_stmt *q, const char *what);
int clr_store__begin(clr_store *st);
int clr_store__commit(clr_store *st);
void clr_store__rollback(clr_store *st);
/* Current UTC time, ISO 8601 with seconds. */
void clr_store__now(char out[32]);
/* n hex digits (lowercase) as n / 2 bytes; -1 at anything else. */
int clr_store__unhex(const char *z, size_t n, unsigned char *out);
/* The first link's prev_hash of a chain: 64 zeros. */
extern const char clr_store__genesis[65];
/* SHA-256 (hex) of a chain link: nums, then each part (NULL as "") after a
 * 0x1f separator; its 32 bytes in digest too unless NULL. */
void clr_store__chain_hash(const char *nums, const char *const *parts, size_t n, char out[65],
                           uint8_t *digest);
/* A chain's link: the hash of the row q is on, linking to prev; 0, or -1
 * when a field every link has is missing. */
typedef int (*clr_store__link_fn)(clr_sql_stmt *q, const char *prev, char out[65]);
/* Walks a hash chain: the rows of sql (seq in column 0, prev_hash and hash
 * in columns iprev and ihash, hex or 32 bytes, in seq order) from record *want linking to
 * prev, and names the first bad one ("WHAT: record N: expected record M
 * here", "does not link", "content was edited") as CLR_EINPUT.  Then *want
 * is the record after the last and prev its hash; *out_n counts the rows. */
int clr_store__chain_walk(clr_store *st, const char *what, const char *sql, int iprev,
                          int ihash, clr_store__link_fn link, int64_t *want, char prev[65],
                          size_t *out_n);
/* Checks the screening log's chain (screenings.c) from its retention anchor
 * to meta's screenings_head; CLR_EINPUT naming the first bad record. */
int clr_store__screenings_verify(clr_store *st, size_t *out_records);
/* Appends an audit record inside the caller's transaction. */
int clr_store__audit(clr_store *st, const char *action, const char *input_hash,
                     int64_t snapshot, const char *result);
/* Fault injection for the crash-safety test: when CLEARANCE_FAULT_AT=N is
 * set, the Nth call raises SIGKILL (the process dies mid-transaction). */
void clr_store__fault_point(void);
/* Latest snapshot id (0 when none). */
int64_t clr_store__latest(clr_store *st);
/* meta table: get returns 1 found, 0 absent, < 0 error. */
int clr_store__meta_get(clr_store *st, const char *key, char *buf, size_t cap);
int clr_store__meta_set(clr_store *st, const char *key, const char *value);
/* Writes z as a JSON string (null for NULL). */
void clr_store__json_str(FILE *f, const char *z);
/* The same, with like_sqlite \b \t \n \f \r escaped as SQLite's json_object
 * does rather than as \u00XX. */
void clr_store__json_text(FILE *f, const char *z, int like_sqlite);
/* First value of a one-row query, or dflt. */
int64_t clr_store__scalar(clr_store *st, const char *sql, int64_t dflt);

/* How a snapshot came: the audit action ("import", "update"), what to
 * record as each argument's path (NULL: the paths), a note for the audit
 * record (NULL: none). */
typedef struct clr_store_import_how {
	const char *action;
	const char *const *labels;
	const char *note;
} clr_store_import_how;
int clr_store__import(clr_store *st, const char *const *paths, size_t npaths, const char *as_of,
                      const clr_store_import_how *how, int64_t *out_snapshot, size_t *out_new);

/* Customer token index (tokens.c), inside the caller's transaction. */
typedef struct clr_store_tokens clr_store_tokens;
int clr_store__tokens_open(clr_store *st, clr_store_tokens **out);
void clr_store__tokens_close(clr_store_tokens *tk);
/* Replaces the keys of customer row crow: those of old_name and the
 * identifiers of old_attrs (NULL: none) by those of new_name and new_attrs
 * (NULL name: none, the customer is deleted).  Deletions are immediate,
 * insertions buffered until clr_store__tokens_flush. */
/* A customer's own jurisdictions (its "jurisdiction" column or key, kept
 * among its attributes: "US,UK" or ["US", "UK"]) into buf, "" when none;
 * -1 when the value is neither a string nor an array of strings or does
 * not fit. */
int clr_store__jurisdiction(const char *attributes, char *buf, size_t cap);

int clr_store__tokens_set(clr_store_tokens *tk, int64_t crow, const char *old_name,
                          const char *old_attrs, const char *new_name, const char *new_attrs);
/* The stored form of a key: its 64-bit clr__hash. */
int64_t clr_store__key_hash(const char *k, size_t n);
/* Writes the keys tokens_set buffered; call before the commit. */
int clr_store__tokens_flush(clr_store_tokens *tk);
/* Indexes every customer when the index is absent or of another version. */
int clr_store__tokens_ensure(clr_store *st);

/* A PostgreSQL text column: compared and sorted bytewise, as in SQLite. */
#define PG_TEXT " TEXT COLLATE \"C\""
/* Runs a script that differs by backend (a temporary table's DDL: SQLite's
 * rowid and WITHOUT ROWID tables, PostgreSQL's types): lite or pg. */
int clr_store__temp(clr_store *st, const char *lite, const char *pg);
/* The customers a rescreen screens, by rowid: emptied, created if absent. */
#define DELTA_ROWS_LITE \
	"CREATE TEMP TABLE IF NOT EXISTS delta_rows(crow INTEGER PRIMARY KEY); DELETE FROM delta_rows"
#define DELTA_ROWS_PG \
	"CREATE TEMP TABLE IF NOT EXISTS delta_rows(crow BIGINT PRIMARY KEY); DELETE FROM delta_rows"

/* Delta selection after a list change (delta.c): fills delta_rows with
 * the rowids of the customers that can match a new or changed entry of
 * snapshot snap absent from prev_snap, that hold an alert on one, or that
 * changed after customer import prev_seq.  db is snap, prepared. */
typedef struct clr_delta_info {
	size_t entries;     /* new or changed entries */
	size_t hit_tokens;  /* distinct customer tokens or spans related to them */
	size_t customers;   /* rows selected */
} clr_delta_info;
int clr_store__delta_select(clr_store *st, clr_db *db, int64_t snap, int64_t prev_snap,
                            int64_t prev_seq, clr_delta_info *out);

#endif
