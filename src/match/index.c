/* index.c - STUB */
#include <stdlib.h>
#include "index.h"
struct clr_index { int x; };
int clr__index_build(clr_index **out, struct clr_db *db, clr_buf *err)
{
	(void)db; (void)err;
	*out = calloc(1, sizeof(clr_index));
	return *out ? 0 : CLR_ENOMEM;
}
void clr__index_free(clr_index *ix) { free(ix); }
