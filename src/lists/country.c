/* country.c - STUB, being written. */
#include "loader.h"

const char *clr__country_code(const char *s, size_t n)
{
	(void)s; (void)n;
	return NULL;
}

int clr__parse_date(const char *s, size_t n, char out[11])
{
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		memcpy(out, s, 10);
		out[10] = 0;
		return 0;
	}
	return -1;
}
