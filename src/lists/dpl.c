/* dpl.c - STUB, being written. */
#include "loader.h"

int clr__parse_dpl(clr_loader *ld, const char *buf, size_t len)
{
	(void)buf; (void)len;
	return clr__loader_fatal(ld, 0, NULL, CLR_EINTERNAL, "parser not implemented");
}
