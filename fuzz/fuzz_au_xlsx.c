/*
 * fuzz_au_xlsx.c - libFuzzer target for the Australian DFAT consolidated list
 * workbook parser: any input must parse or fail cleanly, in strict (even first
 * byte) and lenient (odd) mode, without leaking, whatever the zip or its parts
 * hold.  Its seed corpus is fuzz/corpus/au_xlsx/ (tests/fixtures/xlsx/make.py
 * writes the workbooks and the broken copies).
 */
#include <stdint.h>

#include "lists/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_loader ld;
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;
	if (clr__loader_init(&ld, "fuzz-input", flags) == 0)
		(void)clr__parse_au_xlsx(&ld, (const char *)data, size);
	clr__loader_dispose(&ld);
	return 0;
}
