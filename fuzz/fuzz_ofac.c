/*
 * fuzz_ofac.c - libFuzzer target for the OFAC legacy CSV parser: the input is
 * the primary file, optionally followed by sibling files, each after its
 * separator line "--ALT--\n", "--ADD--\n" or "--COM--\n".  Strict for an even
 * first byte, lenient for an odd one; bit 1 selects cons_prim.csv.  Any input
 * must parse or fail cleanly without leaking.  Seed corpus: fuzz/corpus/ofac/.
 */
#include <stdint.h>

#include "lists/loader.h"

static const char *const marks[3] = {"--ALT--\n", "--ADD--\n", "--COM--\n"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *at[3];
	size_t end = size, start[3], len[3];
	clr_ofac_files sib = {.consolidated = size && (data[0] & 2)};
	clr_loader ld;
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;

	for (int k = 0; k < 3; k++) {
		at[k] = memmem(buf, size, marks[k], 8);
		start[k] = at[k] ? (size_t)(at[k] - buf) : size;
		if (start[k] < end)
			end = start[k];
	}
	/* each section runs to the next separator that follows it */
	for (int k = 0; k < 3; k++) {
		size_t stop = size;
		for (int j = 0; j < 3; j++)
			if (at[j] && start[j] > start[k] && start[j] < stop)
				stop = start[j];
		len[k] = at[k] ? stop - start[k] - 8 : 0;
	}
	if (at[0]) {
		sib.alt = at[0] + 8;
		sib.alt_len = len[0];
		sib.alt_path = "fuzz-alt";
	}
	if (at[1]) {
		sib.add = at[1] + 8;
		sib.add_len = len[1];
		sib.add_path = "fuzz-add";
	}
	if (at[2]) {
		sib.comments = at[2] + 8;
		sib.comments_len = len[2];
		sib.comments_path = "fuzz-com";
	}
	if (clr__loader_init(&ld, "fuzz-input", flags) == 0)
		(void)clr__parse_ofac(&ld, buf, end, &sib);
	clr__loader_dispose(&ld);
	return 0;
}
