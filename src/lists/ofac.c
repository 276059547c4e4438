/* ofac.c - STUB, being written. */
#include "loader.h"

int clr__parse_ofac(clr_loader *ld, const char *buf, size_t len, const clr_ofac_files *sib)
{
	(void)buf; (void)len; (void)sib;
	return clr__loader_fatal(ld, 0, NULL, CLR_EINTERNAL, "parser not implemented");
}
