/*
 * store.h - internals shared by the files of src/store/: the SQLite handle,
 * SHA-256, the audit chain and the fault-injection hook.  The store owns the
 * clearance.db schema; it never screens on its own (it calls the public
 * screening API) and never prints except to the FILE it is given.
 */
#ifndef CLR_STORE_H
#define CLR_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "clearance.h"
#include "../util/sha256.h"


#define CLR_STORE_SCHEMA_VERSION 1

struct clr_store {
	sqlite3 *db;
	char who[128];
	char errmsg[512];
};

/* Sets the handle's message and returns err. */
int clr_store__fail(clr_store *st, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Fails with the SQLite message. */
int clr_store__sqlfail(clr_store *st, const char *what);
int clr_store__exec(clr_store *st, const char *sql);
int clr_store__begin(clr_store *st);
int clr_store__commit(clr_store *st);
void clr_store__rollback(clr_store *st);
/* Current UTC time, ISO 8601 with seconds. */
void clr_store__now(char out[32]);
/* Appends an audit record inside the caller's transaction. */
int clr_store__audit(clr_store *st, const char *action, const char *input_hash,
                     int64_t snapshot, const char *result);
/* Fault injection for the crash-safety test: when CLEARANCE_FAULT_AT=N is
 * set, the Nth call raises SIGKILL (the process dies mid-transaction). */
void clr_store__fault_point(void);
/* Latest snapshot id (0 when none). */
int64_t clr_store__latest(clr_store *st);

#endif
