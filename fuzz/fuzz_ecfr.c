/*
 * fuzz_ecfr.c - libFuzzer target for the reader of the eCFR's part 738 XML
 * (src/ear/ecfr.c, what `clearance update` turns into a Country Chart
 * version): any input must become a table or fail with a message naming
 * the file, never crash, hang or leak; a table it writes must read back as a
 * country-chart version.  Its seed corpus is fuzz/corpus/ecfr/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ear/ear.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	clr_buf out = {0}, err = {0};
	int rc = clr__ear_chart_from_ecfr((const char *)data, size, "fuzz.xml", NULL, "fuzz",
	                                  "2027-01-01", &out, &err);
	if (rc < 0 && rc != CLR_ENOMEM && (!err.p || strncmp(err.p, "fuzz.xml", 8))) {
		fprintf(stderr, "fuzz_ecfr: failure without the file named: %s\n", err.p ? err.p : "");
		abort();
	}
	if (rc == 0) {
		/* what it wrote is a table the loader reads (the rest missing) */
		const char *name = "country-chart-2027-01-01.tsv";
		const char *text = out.p;
		size_t len = out.len;
		clr_ear *e = NULL;
		int lr = clr__ear_load_mem(&e, &name, &text, &len, 1, &err);
		if (lr != CLR_EINPUT || !err.p || !strstr(err.p, "no territories table")) {
			fprintf(stderr, "fuzz_ecfr: the table written does not read: %s\n",
			        err.p ? err.p : "");
			abort();
		}
		clr__ear_free(e);
	}
	clr__buf_free(&out);
	clr__buf_free(&err);
	return 0;
}
