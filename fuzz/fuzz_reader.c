/*
 * fuzz_reader.c - libFuzzer target for the batch input reader (JSON lines
 * or CSV): any input is read record by record until the end or an error,
 * without crash or leak; every record handed out has an id and a name, all
 * its strings valid UTF-8, and lines that never go back; every error has a
 * known code and a message naming the input.  Its seed corpus is
 * fuzz/corpus/reader/.  CLR_FUZZ_READER_NAME_ONLY=1 in the environment
 * checks only the name's UTF-8, to fuzz on past a known id/type/country bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define PATH "fuzz-input"

static int name_only = -1;

static void check_str(const char *z, int required, const char *what)
{
	if (!z) {
		if (required) {
			fprintf(stderr, "fuzz_reader: record without %s\n", what);
			abort();
		}
		return;
	}
	if ((!name_only || !strcmp(what, "name")) &&
	    clr__utf8_invalid_at(z, strlen(z)) != (size_t)-1) {
		fprintf(stderr, "fuzz_reader: record %s is not valid UTF-8\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* fmemopen wants a writable buffer even to read; one extra byte keeps
	 * size 0 from passing a zero-length allocation */
	if (name_only < 0) {
		const char *e = getenv("CLR_FUZZ_READER_NAME_ONLY");
		name_only = e && *e == '1';
	}
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	FILE *f = fmemopen(buf, size, "r");
	if (!f) {
		free(buf);
		return 0;
	}
	clr_reader *r;
	if (clr_reader_open(&r, f, PATH) != 0)
		abort();
	clr_record rec;
	size_t last_line = 0;
	int rc;
	while ((rc = clr_reader_next(r, &rec)) == 1) {
		check_str(rec.id, 1, "id");
		check_str(rec.name, 1, "name");
		check_str(rec.type, 0, "type");
		check_str(rec.country, 0, "country");
		if (rec.line == 0 || rec.line < last_line) {
			fprintf(stderr, "fuzz_reader: line %zu after line %zu\n", rec.line,
			        last_line);
			abort();
		}
		last_line = rec.line;
	}
	if (rc < 0) {
		const char *msg = clr_reader_errmsg(r);
		if (rc != CLR_EINPUT && rc != CLR_ELIMIT && rc != CLR_ENOMEM) {
			fprintf(stderr, "fuzz_reader: unexpected error %d: %s\n", rc, msg);
			abort();
		}
		if (strncmp(msg, PATH ":", strlen(PATH ":")) != 0) {
			fprintf(stderr, "fuzz_reader: message does not name the input: %s\n", msg);
			abort();
		}
	} else if (rc != 0) {
		abort();
	}
	clr_reader_free(r);
	fclose(f);
	free(buf);
	return 0;
}
