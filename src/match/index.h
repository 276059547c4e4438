/*
 * index.h - the screening index: token dictionary with rarity weights,
 * symmetric-deletion neighbourhoods for typo-tolerant token lookup, and
 * posting lists from anchor tokens to listed names.  Internal.
 */
#ifndef CLR_INDEX_H
#define CLR_INDEX_H

#include "clearance.h"
#include "../util/util.h"

struct clr_db;
typedef struct clr_index clr_index;

int clr__index_build(clr_index **out, struct clr_db *db, clr_buf *err);
void clr__index_free(clr_index *ix);

#endif
