/*
 * screen_one.c - a program outside the project, built against an installed
 * libclearance through pkg-config (tests/install/run.sh): loads one list,
 * screens one name, prints the library's version and the best alert's entry.
 * usage: screen_one LIST NAME
 */
#include <stdio.h>

#include <clearance.h>

int main(int argc, char **argv)
{
	clr_db *db = NULL;
	clr_screener *s = NULL;
	clr_result *r = NULL;
	clr_screen_opts opts;
	int rc = 1;
	if (argc != 3) {
		fprintf(stderr, "usage: screen_one LIST NAME\n");
		return 2;
	}
	printf("version %s\n", clr_version());
	if (clr_db_new(&db) < 0 || clr_db_load(db, argv[1], 0) < 0 || clr_db_prepare(db) < 0) {
		fprintf(stderr, "screen_one: %s\n", db ? clr_db_errmsg(db) : "out of memory");
		goto done;
	}
	if (clr_screener_new(&s, db) < 0)
		goto done;
	clr_screen_opts_init(&opts);
	if (clr_screen(s, &opts, argv[2], &r) < 0) {
		fprintf(stderr, "screen_one: %s\n", clr_screener_errmsg(s));
		goto done;
	}
	for (size_t i = 0; i < r->nalerts; i++)
		printf("alert %s %.4f\n", r->alerts[i].entry->id, r->alerts[i].score);
	rc = 0;
done:
	clr_result_free(r);
	clr_screener_free(s);
	clr_db_free(db);
	return rc;
}
