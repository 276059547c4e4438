/*
 * demo.c - `clearance demo`: the report `make run` prints: screens a small
 * customer file against the loaded lists and explains each alert in words.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_demo(int argc, char **argv)
{
	cli_common c = {0};
	char dbuf[4096];
	const char *in_path = cli_data_path("sample/customers.csv", dbuf, sizeof(dbuf));
	int npos;
	const cli_opt opts[] = {{"--input", &in_path, NULL}, {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	FILE *in = fopen(in_path, "rb");
	if (!in) {
		clr_db_free(db);
		return cli_err("%s: cannot open", in_path);
	}
	printf("clearance %s - demo screening\n\nLists loaded:\n", CLR_VERSION);
	for (size_t i = 0; i < clr_db_report_count(db); i++) {
		const clr_file_report *r = clr_db_report(db, i);
		if (!strcmp(r->format, "aliases"))
			printf("  %-60s %6zu aliases\n", r->path, r->names);
		else
			printf("  %-60s %6zu entries (%s)\n", r->path, r->entries, r->format);
	}
	printf("  total %zu entries\n\nCustomers: %s (threshold %.2f)\n\n", clr_db_entry_count(db),
	       in_path, c.opts.threshold);
	clr_reader *rd;
	clr_screener *s;
	if (clr_reader_open(&rd, in, in_path) < 0 || clr_screener_new(&s, db) < 0) {
		fclose(in);
		clr_db_free(db);
		return cli_err("out of memory");
	}
	size_t n = 0, hit = 0;
	int status = EXIT_CLEAR;
	clr_record rec;
	int r;
	while ((r = clr_reader_next(rd, &rec)) == 1) {
		clr_screen_opts o = c.opts;
		o.type = clr_type_parse(rec.type);
		o.country = rec.country;
		clr_result *res;
		if (clr_screen(s, &o, rec.name, &res) < 0) {
			status = cli_err("%s: %s", rec.name, clr_screener_errmsg(s));
			break;
		}
		n++;
		if (!res->nalerts) {
			printf("  clear   %-8s %s\n", rec.id, rec.name);
		} else {
			hit++;
			const clr_alert *a = &res->alerts[0];
			const clr_entry *e = a->entry;
			printf("  ALERT   %-8s %s\n", rec.id, rec.name);
			printf("          -> %s %s \"%s\" score %.3f\n", e->source, e->id, e->names[0].name,
			       a->score);
			if (a->name_index)
				printf("             via %s \"%s\"\n",
				       clr_name_kind_name(e->names[a->name_index].kind),
				       e->names[a->name_index].name);
			printf("             tokens:");
			for (size_t k = 0; k < a->nmatches; k++) {
				const clr_token_match *m = &a->matches[k];
				if (m->query_token && m->listed_token)
					printf(" %s~%s(%s)", m->query_token, m->listed_token, m->how);
				else
					printf(" %s(unmatched)", m->query_token ? m->query_token : m->listed_token);
			}
			printf("\n");
			if (e->ncitations)
				printf("             Federal Register: %s\n", e->citations[0]);
			if (e->license_requirement)
				printf("             license requirement: %.100s\n", e->license_requirement);
			if (res->nalerts > 1)
				printf("             (+%zu more alerts)\n", res->nalerts - 1);
		}
		clr_result_free(res);
	}
	if (r < 0)
		status = cli_err("%s", clr_reader_errmsg(rd));
	printf("\n%zu customers screened, %zu with alerts.\n", n, hit);
	clr_screener_free(s);
	clr_reader_free(rd);
	fclose(in);
	clr_db_free(db);
	return status;
}
