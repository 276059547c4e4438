/*
 * clx.h - the compiled index file (FILE.clx): the screening index and the
 * entries of a list database written as flat sections of one file that
 * clr_db_open_index() maps read-only and uses in place.  Opening checks
 * the header, the section table and a checksum of the whole file; it does
 * no work per entry: entries decode on first use.  docs/index.md has the
 * layout.  Internal.
 */
#ifndef CLR_CLX_H
#define CLR_CLX_H

#include "../lists/db.h"

struct clr_clx;

/* The entry at i of a mapped db, decoded on first use (thread-safe);
 * NULL on out of memory or a malformed record (db's error message says). */
const clr_entry *clr__clx_entry(clr_db *db, size_t i);
/* The first entry with this id, or NULL. */
const clr_entry *clr__clx_find(clr_db *db, const char *id);
/* The index of the first entry with this id, or -1. */
int64_t clr__clx_find_index(clr_db *db, const char *id);
void clr__clx_close(struct clr_clx *m);

/* Checks every offset and count of a mapped db (O(size); what opening
 * skips): 0, or CLR_EINPUT with the first problem in the db's message. */
int clr__clx_validate(clr_db *db);

/* Opens an index from memory instead of a file (the fuzz target); with
 * skip_checksum the checksum is recomputed, not compared. */
int clr__clx_open_mem(clr_db *db, const void *p, size_t n, int skip_checksum);

#endif
