/*
 * index_cmd.c - `clearance index build|verify`: compile lists into a
 * FILE.clx that every list-taking command opens with --index.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int index_build(int argc, char **argv)
{
	cli_common c = {0};
	const char *out = NULL;
	const cli_opt opts[] = {{"-o", &out, NULL}, {"--output", &out, NULL}, {NULL, NULL, NULL}};
	int npos;
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	if (!out)
		return cli_err("index build: -o FILE.clx is required");
	if (c.index)
		return cli_err("index build: takes --list, not --index");
	double t0 = cli_now();
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	double t1 = cli_now();
	if (clr_db_write_index(db, out) < 0) {
		cli_err("%s", clr_db_errmsg(db));
		clr_db_free(db);
		return EXIT_ERROR;
	}
	if (!c.quiet)
		fprintf(stderr, "clearance: %s: %zu entries; lists loaded and indexed in %.2f s, "
		                "written in %.2f s\n", out, clr_db_entry_count(db), t1 - t0, cli_now() - t1);
	clr_db_free(db);
	return EXIT_CLEAR;
}

static int index_verify(int argc, char **argv)
{
	cli_common c = {0};
	const char *pos[1];
	int npos;
	if (cli_parse(&c, argc, argv, pos, 1, &npos) < 0)
		return EXIT_ERROR;
	if (npos != 1 || c.index || c.nlists)
		return cli_err("index verify: exactly one FILE.clx");
	clr_db *db;
	if (clr_db_new(&db))
		return cli_err("out of memory");
	double t0 = cli_now();
	int rc = clr_db_open_index(db, pos[0]);
	double t1 = cli_now();
	if (rc >= 0)
		rc = clr_db_verify_index(db);
	if (rc < 0) {
		cli_err("%s", clr_db_errmsg(db));
		clr_db_free(db);
		return EXIT_ERROR;
	}
	printf("%s: ok, %zu entries (opened in %.1f ms, every record checked in %.2f s)\n", pos[0],
	       clr_db_entry_count(db), (t1 - t0) * 1e3, cli_now() - t1);
	clr_db_free(db);
	return EXIT_CLEAR;
}

int cmd_index(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "build"))
		return index_build(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return index_verify(argc - 1, argv + 1);
	return cli_err("index: expected 'build [--list P]... -o FILE.clx' or 'verify FILE.clx'");
}
