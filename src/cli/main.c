#include <stdio.h>
#include "clearance.h"
int main(int argc, char **argv)
{
	clr_db *db;
	if (clr_db_new(&db))
		return 2;
	for (int i = 1; i < argc; i++)
		if (clr_db_load(db, argv[i], 0)) {
			fprintf(stderr, "%s\n", clr_db_errmsg(db));
			clr_db_free(db);
			return 2;
		}
	for (size_t i = 0; i < clr_db_report_count(db); i++) {
		const clr_file_report *r = clr_db_report(db, i);
		printf("%s %s rows=%zu entries=%zu names=%zu\n", r->path, r->format, r->rows, r->entries, r->names);
	}
	clr_db_free(db);
	return 0;
}
