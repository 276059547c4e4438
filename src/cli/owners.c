/*
 * owners.c - `clearance owners`: the ownership report on one date - every
 * party the OFAC 50% rule or the BIS Affiliates Rule covers, its listed
 * owners and ownership paths, and the gap report of parties covered only
 * through ownership.  Text by default, one JSON document with --json.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cmd_owners(int argc, char **argv)
{
	cli_common c = {0};
	const char *ownership = NULL, *rules = NULL, *date = NULL;
	const char *strong_arg = NULL;
	double strong = 0;
	char today[16];
	int npos;
	const cli_opt opts[] = {{"--ownership", &ownership, NULL}, {"--date", &date, NULL},
	                        {"--rules", &rules, NULL},         {"--strong", &strong_arg, NULL},
	                        {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0 ||
	    cli_number("--strong", strong_arg, 0.01, 1, &strong) < 0)
		return EXIT_ERROR;
	if (!ownership)
		return cli_err("owners: --ownership FILE is required");
	if (!date) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		date = today;
	}
	clr_db *db;
	clr_owner_graph *g;
	clr_check *chk;
	int rc = cli_checker(&c, rules, ownership, strong, &db, &g, &chk);
	if (rc)
		return rc;
	int status = EXIT_CLEAR;
	if (clr_check_owners_report(chk, date, c.json, stdout) < 0)
		status = cli_err("owners: %s", clr_check_errmsg(chk));
	if (fflush(stdout) != 0 && status == EXIT_CLEAR)
		status = cli_err("write error");
	clr_check_free(chk);
	clr_owner_free(g);
	clr_db_free(db);
	return status;
}
