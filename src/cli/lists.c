/*
 * lists.c - `clearance lists`: what was loaded, file by file and list by
 * list, so that every row of every file is accounted for.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct src_count {
	const char *source;
	size_t entries, names;
} src_count;

/* Whether a name is written in a script other than Latin: it holds a
 * letter from U+0370 (Greek) on, save the Latin Extended Additional block
 * (U+1E00-U+1EFF) and punctuation (U+2000-U+206F). */
static int non_latin_name(const char *z)
{
	const unsigned char *u = (const unsigned char *)z;
	for (; *u; u++) {
		if (*u < 0xCD || (*u & 0xC0) == 0x80 || (*u == 0xCD && u[1] < 0xB0))
			continue;
		if ((*u == 0xE1 && u[1] >= 0xB8 && u[1] <= 0xBB) || (*u == 0xE2 && u[1] <= 0x81))
			continue;
		return 1;
	}
	return 0;
}

/* Names of the file's entries in a script other than Latin. */
static size_t non_latin_names(const clr_db *db, const char *path)
{
	size_t k = 0;
	for (size_t i = 0; i < clr_db_entry_count(db); i++) {
		const clr_entry *e = clr_db_entry(db, i);
		if (e->file != path && (!e->file || strcmp(e->file, path)))
			continue;
		for (size_t j = 0; j < e->nnames; j++)
			k += e->names[j].kind != CLR_NAME_USER_ALIAS && non_latin_name(e->names[j].name);
	}
	return k;
}

int cmd_lists(int argc, char **argv)
{
	cli_common c = {0};
	int npos;
	if (cli_parse(&c, argc, argv, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	src_count sc[128];
	size_t nsc = 0;
	for (size_t i = 0; i < clr_db_entry_count(db); i++) {
		const clr_entry *e = clr_db_entry(db, i);
		size_t k = 0;
		while (k < nsc && strcmp(sc[k].source, e->source))
			k++;
		if (k == nsc) {
			if (nsc == 128)
				continue;
			sc[nsc++] = (src_count){e->source, 0, 0};
		}
		sc[k].entries++;
		sc[k].names += e->nnames;
	}
	if (c.json) {
		printf("{\"evidence_policy\":\"%s\",\"files\":[", clr_db_evidence_policy(db));
		for (size_t i = 0; i < clr_db_report_count(db); i++) {
			const clr_file_report *r = clr_db_report(db, i);
			printf("%s{\"path\":\"%s\",\"format\":\"%s\",\"rows\":%zu,\"entries\":%zu,"
			       "\"names\":%zu,\"addresses\":%zu,\"header_repeats\":%zu,\"skipped\":%zu,"
			       "\"orphans\":%zu,\"evidence\":{",
			       i ? "," : "", r->path, r->format, r->rows, r->entries, r->names,
			       r->addresses, r->header_repeats, r->skipped, r->orphans);
			/* by kind: the items kept and the entries with at least one */
			for (int k = CLR_EV_NONE + 1; k < CLR_EV_NKINDS; k++)
				printf("%s\"%s\":{\"items\":%zu,\"entries\":%zu}", k > 1 ? "," : "",
				       clr_evidence_kind_name((clr_evidence_kind)k), r->evidence[k],
				       r->with_evidence[k]);
			/* last, so that the fields before keep their order */
			printf("},\"dob_unread\":%zu,\"remarks_left\":%zu,\"non_latin_names\":%zu}",
			       r->dob_unread, r->remarks_left, non_latin_names(db, r->path));
		}
		printf("],\"sources\":{");
		for (size_t k = 0; k < nsc; k++)
			printf("%s\"%s\":%zu", k ? "," : "", sc[k].source, sc[k].entries);
		printf("},\"entries\":%zu}\n", clr_db_entry_count(db));
	} else {
		printf("%-52s %-8s %7s %7s %7s %6s %4s %5s %6s\n", "file", "format", "rows", "entries",
		       "names", "addrs", "hdr", "skip", "orphan");
		for (size_t i = 0; i < clr_db_report_count(db); i++) {
			const clr_file_report *r = clr_db_report(db, i);
			const char *p = r->path;
			size_t pl = strlen(p);
			if (pl > 52)
				p += pl - 52;
			printf("%-52s %-8s %7zu %7zu %7zu %6zu %4zu %5zu %6zu\n", p, r->format, r->rows,
			       r->entries, r->names, r->addresses, r->header_repeats, r->skipped,
			       r->orphans);
		}
		printf("\n%-8s %8s %8s\n", "source", "entries", "names");
		for (size_t k = 0; k < nsc; k++)
			printf("%-8s %8zu %8zu\n", sc[k].source, sc[k].entries, sc[k].names);
		printf("%-8s %8zu\n", "total", clr_db_entry_count(db));
		printf("\nevidence policy: %s (docs/evidence.md)\n", clr_db_evidence_policy(db));
	}
	clr_db_free(db);
	return EXIT_CLEAR;
}
