/*
 * db.h - the list database: entries adopted from loaders, file reports, the
 * id lookup and the (lazily built) screening index.  Internal.
 */
#ifndef CLR_DB_H
#define CLR_DB_H

#include "loader.h"

struct clr_index;

struct clr_db {
	CLR_VEC(clr_arena *) arenas;
	CLR_VEC(const clr_entry *) entries;
	CLR_VEC(clr_file_report) reports;
	clr_buf err;
	struct clr_index *index; /* NULL until prepared; rebuilt after a load */
	/* open-addressing id -> entry index, built with the index */
	size_t *idmap;
	size_t idcap;
	/* a compiled index file (clr_db_open_index): entries.v starts all
	 * NULL and each entry decodes on first use */
	struct clr_clx *clx;
	/* what evidence beyond the name does to scores (src/match/evidence.c);
	 * NULL: the built-in policy */
	struct clr_ev_policy *evpol;
	/* clr_db_checksum: an index file's checksum, or the files loaded
	 * folded in load order (clr__db_sum) */
	uint64_t sum;
};

/* Sets db's error message; returns code. */
int clr__db_error(clr_db *db, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Moves a loader's entries, arena and report into db (all or nothing) and
 * drops the index. */
int clr__db_adopt(clr_db *db, clr_loader *ld, clr_format fmt);
/* Folds n bytes of a file loaded into db's checksum (clr_db_checksum). */
void clr__db_sum(clr_db *db, const void *p, size_t n);
/* Rebuilds the id -> entry map (clr_db_prepare does it with the index). */
int clr__db_build_idmap(clr_db *db);
/* Position of the entry clr_db_find() returns for id, or (size_t)-1. */
size_t clr__db_find_index(const clr_db *db, const char *id);
/* clr_db_load_aliases on a file image (aliases.c); path names it in messages. */
int clr__db_aliases(clr_db *db, const char *path, const char *buf, size_t len, unsigned flags);

#endif
