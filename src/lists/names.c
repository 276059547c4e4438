/* names.c - STUB, being written. */
#include "loader.h"

int clr__draft_listed_names(clr_loader *ld, const char *s, size_t n, clr_name_kind kind,
                            const char *field)
{
	return clr__draft_name(ld, s, n, kind, field);
}
