/*
 * fuzz_uk_xml.c - libFuzzer target for the FCDO UK Sanctions List XML parser:
 * any input must parse or fail cleanly, in strict (even first byte) and
 * lenient (odd) mode, without leaking and without expanding an entity.  Its
 * seed corpus is fuzz/corpus/uk_xml/.
 */
#include <stdint.h>

#include "lists/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_loader ld;
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;
	if (clr__loader_init(&ld, "fuzz-input", flags) == 0)
		(void)clr__parse_uk_xml(&ld, (const char *)data, size);
	clr__loader_dispose(&ld);
	return 0;
}
