/*
 * check.c - `clearance check`: one license decision per transaction, JSON
 * lines in and out, in input order; and the plumbing `owners` shares with it
 * (finding the rule data, loading the ownership graph).  Stops at the first
 * bad record with its line and field: a decision is never silently skipped.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_LINE (64u * 1024u) /* one transaction, as CLR_MAX_LINE_BYTES for batch input */
#define MAX_PATH 4096

/* Whether the folder of the running executable is dir. */
static int exe_in(const char *exe_dir, const char *dir)
{
	char a[MAX_PATH], b[MAX_PATH];
	return realpath(exe_dir, a) && realpath(dir, b) && !strcmp(a, b);
}

/* The first of: $CLEARANCE_DATA; share/clearance beside the installed
 * executable (PREFIX/bin/../share/clearance); the source tree's data/ when
 * the executable is the build tree's; ./data - in which rel exists, else
 * ./data/rel.  The path is written into buf. */
const char *cli_data_path(const char *rel, char *buf, size_t cap)
{
	struct stat st;
	const char *env = getenv("CLEARANCE_DATA");
	if (env && *env) {
		snprintf(buf, cap, "%s/%s", env, rel);
		return buf;
	}
	char exe[MAX_PATH];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
	if (slash) {
		*slash = '\0';
		snprintf(buf, cap, "%s/../share/clearance/%s", exe, rel);
		if (stat(buf, &st) == 0)
			return buf;
#if defined(CLR_BUILD_DIR) && defined(CLR_SOURCE_DATA)
		snprintf(buf, cap, "%s/%s", CLR_SOURCE_DATA, rel);
		if (exe_in(exe, CLR_BUILD_DIR) && stat(buf, &st) == 0)
			return buf;
#endif
	}
	snprintf(buf, cap, "data/%s", rel);
	return buf;
}

/* --rules DIR, else $CLEARANCE_RULES, else the data folder's rules/. */
const char *cli_rules_dir(const char *given, char *buf, size_t cap)
{
	if (given)
		return given;
	const char *env = getenv("CLEARANCE_RULES");
	if (env && *env)
		return env;
	return cli_data_path("rules", buf, cap);
}

int cli_checker(cli_common *c, const char *rules, const char *ownership, double strong,
                clr_db **out_db, clr_owner_graph **out_g, clr_check **out_chk)
{
	char rbuf[MAX_PATH + 32];
	clr_db *db = NULL;
	clr_owner_graph *g = NULL;
	clr_check *chk = NULL;
	clr_check_opts o;
	int rc;
	*out_db = NULL;
	*out_g = NULL;
	*out_chk = NULL;
	if ((rc = cli_load(c, &db)))
		return rc;
	clr_check_opts_init(&o);
	o.threshold = c->opts.threshold;
	if (strong > 0)
		o.strong = strong;
	if (clr_check_new(&chk, db, &o) < 0) {
		clr_db_free(db);
		return cli_err("out of memory");
	}
	const char *dir = cli_rules_dir(rules, rbuf, sizeof(rbuf));
	if (clr_check_load_rules(chk, dir) < 0) {
		rc = cli_err("rule data: %s (use --rules DIR or CLEARANCE_RULES)",
		             clr_check_errmsg(chk));
		goto fail;
	}
	if (ownership) {
		if (clr_owner_new(&g) < 0) {
			rc = cli_err("out of memory");
			goto fail;
		}
		if (clr_owner_load(g, ownership) < 0) {
			rc = cli_err("%s", clr_owner_errmsg(g));
			goto fail;
		}
		if (!c->quiet)
			for (size_t i = 0; i < clr_owner_warning_count(g); i++)
				if (clr_owner_warning(g, i))
					fprintf(stderr, "clearance: warning: %s\n", clr_owner_warning(g, i));
		if (clr_check_set_ownership(chk, g) < 0) {
			rc = cli_err("%s", clr_check_errmsg(chk));
			goto fail;
		}
	}
	*out_db = db;
	*out_g = g;
	*out_chk = chk;
	return 0;
fail:
	clr_check_free(chk);
	clr_owner_free(g);
	clr_db_free(db);
	return rc ? rc : EXIT_ERROR;
}

int cmd_check(int argc, char **argv)
{
	cli_common c = {0};
	const char *in_path = NULL, *out_path = NULL, *ownership = NULL, *rules = NULL;
	const char *strong_arg = NULL;
	double strong = 0;
	int npos;
	const cli_opt opts[] = {{"--input", &in_path, NULL},     {"--output", &out_path, NULL},
	                        {"--ownership", &ownership, NULL}, {"--rules", &rules, NULL},
	                        {"--strong", &strong_arg, NULL},   {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0 ||
	    cli_number("--strong", strong_arg, 0.01, 1, &strong) < 0)
		return EXIT_ERROR;
	clr_db *db;
	clr_owner_graph *g;
	clr_check *chk;
	int rc = cli_checker(&c, rules, ownership, strong, &db, &g, &chk);
	if (rc)
		return rc;
	FILE *in = in_path ? fopen(in_path, "rb") : stdin;
	FILE *out = out_path ? fopen(out_path, "wb") : stdout;
	const char *name = in_path ? in_path : "<stdin>";
	int status = EXIT_CLEAR;
	if (!in || !out) {
		status = cli_err("%s: cannot %s", !in ? in_path : out_path, !in ? "open" : "create");
		goto done;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		size_t k = 0;
		while (k < (size_t)n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k == (size_t)n)
			continue;
		if ((size_t)n > MAX_LINE) {
			status = cli_err("%s:%zu: line longer than %u bytes", name, lineno,
			                 MAX_LINE);
			break;
		}
		char *res;
		if (clr_check_json(chk, line, (size_t)n, &res) < 0) {
			status = cli_err("%s:%zu: %s", name, lineno, clr_check_errmsg(chk));
			break;
		}
		fputs(res, out);
		fputc('\n', out);
		if (!strstr(res, "\"decision\":\"no_license_required\""))
			status = EXIT_ALERT;
		free(res);
	}
	free(line);
	if (fflush(out) != 0 && status != EXIT_ERROR)
		status = cli_err("write error");
done:
	if (in && in != stdin)
		fclose(in);
	if (out && out != stdout)
		fclose(out);
	clr_check_free(chk);
	clr_owner_free(g);
	clr_db_free(db);
	return status;
}
