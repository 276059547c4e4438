/*
 * fuzz_eu_csv.c - libFuzzer target for the EU Financial Sanctions File's
 * semicolon CSV parser: any input must parse or fail cleanly, in strict
 * (even first byte) and lenient (odd) mode, without leaking.  Its seed
 * corpus is fuzz/corpus/eu_csv/.
 */
#include <stdint.h>

#include "lists/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_loader ld;
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;
	if (clr__loader_init(&ld, "fuzz-input", flags) == 0)
		(void)clr__parse_eu_csv(&ld, (const char *)data, size);
	clr__loader_dispose(&ld);
	return 0;
}
