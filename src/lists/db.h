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
};

/* Sets db's error message; returns code. */
int clr__db_error(clr_db *db, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
