/*
 * jurisdiction.c - whose law a list is: the United States' (every list of
 * the US government, the CSL's and OFAC's), the United Nations', the
 * European Union's, the United Kingdom's, Canada's, Australia's or Japan's.
 * What a screening's jurisdiction filter (clr_screen_opts.jurisdictions)
 * and `check`'s US-only license decisions go by.
 */
#include <stdio.h>
#include <string.h>

#include "loader.h"

/* In CLR_JURISDICTION bit order. */
static const char *const codes[CLR__NJURISDICTIONS] = {"US", "UN", "EU", "UK", "CA", "AU", "JP"};

unsigned clr__jurisdiction_bit(const char *source)
{
	if (source)
		for (size_t k = 1; k < CLR__NJURISDICTIONS; k++) {
			size_t n = strlen(codes[k]);
			/* the code, or the code and a list ("JP-EUL") */
			if (!strncmp(source, codes[k], n) && (source[n] == '\0' || source[n] == '-'))
				return 1u << k;
		}
	return 1u; /* every other list is a US one */
}

const char *clr_source_jurisdiction(const char *source)
{
	unsigned bit = clr__jurisdiction_bit(source);
	return codes[__builtin_ctz(bit)];
}

int clr__jurisdictions_parse(const char *s, unsigned *mask, char *msg, size_t cap)
{
	*mask = 0;
	while (s && *s) {
		size_t n = strcspn(s, ", ");
		size_t k = 0;
		while (k < CLR__NJURISDICTIONS &&
		       !(n == strlen(codes[k]) && clr__eq_ci(s, n, codes[k])))
			k++;
		if (k == CLR__NJURISDICTIONS && n == 2 && clr__eq_ci(s, n, "GB"))
			k = 3; /* the UK by its ISO code */
		if (n && k == CLR__NJURISDICTIONS) {
			snprintf(msg, cap, "jurisdiction: '%.*s' is none of US, UN, EU, UK, CA, AU, JP",
			         (int)(n < 32 ? n : 32), s);
			return CLR_EUSAGE;
		}
		if (n)
			*mask |= 1u << k;
		s += n;
		s += strspn(s, ", ");
	}
	return 0;
}
