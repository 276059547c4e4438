/*
 * fuzz_ca_xml.c - libFuzzer target for the Canadian SEMA list XML parser:
 * any input must parse or fail cleanly, in strict (even first byte) and
 * lenient (odd) mode, without leaking and without expanding an entity.  Its
 * seed corpus is fuzz/corpus/ca_xml/.
 */
#include <stdint.h>

#include "lists/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_loader ld;
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;
	if (clr__loader_init(&ld, "fuzz-input", flags) == 0)
		(void)clr__parse_ca_xml(&ld, (const char *)data, size);
	clr__loader_dispose(&ld);
	return 0;
}
