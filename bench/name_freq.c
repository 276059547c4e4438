/*
 * name_freq.c - clr-namefreq, a developer tool: the document frequency of
 * every normalised name word in the given lists, written as the table
 * data/names/name-freq.tsv that weighs `clearance compare`'s words when no
 * list is loaded.  Words in fewer than --min-df names are left out (a word
 * the table lacks weighs as the rarest).
 *
 *   clr-namefreq [--min-df N] LIST... > data/names/name-freq.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clearance.h"
#include "lists/db.h"
#include "match/index.h"

int main(int argc, char **argv)
{
	clr_db *db;
	unsigned long min_df = 2;
	int first = 1;
	if (argc > 2 && !strcmp(argv[1], "--min-df")) {
		min_df = strtoul(argv[2], NULL, 10);
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: clr-namefreq [--min-df N] LIST...\n");
		return 2;
	}
	if (clr_db_new(&db))
		return 1;
	for (int i = first; i < argc; i++)
		if (clr_db_load(db, argv[i], CLR_LOAD_LENIENT) < 0) {
			fprintf(stderr, "clr-namefreq: %s\n", clr_db_errmsg(db));
			return 1;
		}
	if (clr_db_prepare(db) < 0) {
		fprintf(stderr, "clr-namefreq: %s\n", clr_db_errmsg(db));
		return 1;
	}
	const clr_index *ix = db->index;
	printf("# name-freq.tsv: in how many listed names each normalised name word stands\n"
	       "# (token<TAB>names; the row *names* holds the number of names counted), words\n"
	       "# in %lu names or more, without digits.  Weighs `clearance compare`'s words\n"
	       "# when no list is loaded.\n# Source: US government lists (public domain):", min_df);
	for (int i = first; i < argc; i++) {
		const char *b = strrchr(argv[i], '/');
		printf(" %s", b && b[1] ? b + 1 : argv[i]);
	}
	printf("\n# Regenerate: build/clr-namefreq --min-df %lu LIST... (docs/name-tables.md)\n",
	       min_df);
	printf("*names*\t%u\n", ix->nnames);
	for (uint32_t t = 0; t < ix->ntok; t++) {
		const clr_tokinfo *ti = &ix->tok[t];
		if (ti->joined_only || ti->df < min_df || (ti->flags & CLR_TOK_DIGIT))
			continue;
		printf("%s\t%u\n", ix->pool + ti->off, ti->df);
	}
	clr_db_free(db);
	return 0;
}
