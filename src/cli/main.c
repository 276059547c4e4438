/*
 * main.c - the clearance command: dispatch to subcommands and the common
 * options every list-using command shares.  Prints to stdout what scripts
 * read and to stderr what people read; exit codes per cli.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cli_err(const char *fmt, ...)
{
	va_list ap;
	fputs("clearance: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cli_common_opt(cli_common *c, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	int takes = !strcmp(a, "--list") || !strcmp(a, "--threshold") || !strcmp(a, "--type") ||
	            !strcmp(a, "--country") || !strcmp(a, "--index") || !strcmp(a, "--aliases") ||
	            !strcmp(a, "--evidence-policy") || !strcmp(a, "--jurisdiction");
	if (takes && !v) {
		cli_err("%s needs a value", a);
		return -1;
	}
	if (!strcmp(a, "--list")) {
		if (c->nlists >= CLI_MAX_LISTS) {
			cli_err("too many --list options (limit %d)", CLI_MAX_LISTS);
			return -1;
		}
		c->lists[c->nlists++] = v;
	} else if (!strcmp(a, "--aliases")) {
		if (c->naliases >= CLI_MAX_ALIASES) {
			cli_err("too many --aliases options (limit %d)", CLI_MAX_ALIASES);
			return -1;
		}
		c->aliases[c->naliases++] = v;
	} else if (!strcmp(a, "--index")) {
		c->index = v;
	} else if (!strcmp(a, "--evidence-policy")) {
		c->evidence_policy = v;
	} else if (!strcmp(a, "--threshold")) {
		char *end;
		double t = strtod(v, &end);
		if (*end || t <= 0 || t > 1) {
			cli_err("--threshold: expected a number in (0, 1], got '%s'", v);
			return -1;
		}
		c->opts.threshold = t;
	} else if (!strcmp(a, "--type")) {
		c->opts.type = clr_type_parse(v);
		if (c->opts.type == CLR_TYPE_UNKNOWN) {
			cli_err("--type: expected person, entity, vessel or aircraft, got '%s'", v);
			return -1;
		}
	} else if (!strcmp(a, "--country")) {
		c->opts.country = v;
	} else if (!strcmp(a, "--jurisdiction")) {
		clr_screen_opts o;
		char msg[160];
		clr_screen_opts_init(&o);
		o.jurisdictions = v;
		if (clr_screen_opts_check(&o, msg, sizeof(msg)) < 0) {
			cli_err("--%s", msg);
			return -1;
		}
		c->opts.jurisdictions = v;
	} else if (!strcmp(a, "--lenient")) {
		c->load_flags |= CLR_LOAD_LENIENT;
		return 1;
	} else if (!strcmp(a, "--exhaustive")) {
		c->opts.exhaustive = 1;
		return 1;
	} else if (!strcmp(a, "--json")) {
		c->json = 1;
		return 1;
	} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
		c->quiet = 1;
		return 1;
	} else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
		c->verbose = 1;
		return 1;
	} else {
		return 0;
	}
	(*i)++;
	return 1;
}

int cli_parse_opts(cli_common *c, int argc, char **argv, const cli_opt *opts, const char **pos,
                   int maxpos, int *npos)
{
	int dashdash = 0;
	*npos = 0;
	clr_screen_opts_init(&c->opts);
	for (int i = 1; i < argc; i++) {
		int r = dashdash ? 0 : cli_common_opt(c, argc, argv, &i);
		if (r < 0)
			return -1;
		if (r)
			continue;
		if (!dashdash && !strcmp(argv[i], "--")) {
			dashdash = 1;
			continue;
		}
		const cli_opt *o = opts;
		while (!dashdash && o && o->name && strcmp(o->name, argv[i]))
			o++;
		if (o && o->name) {
			if (o->flag) {
				*o->flag = 1;
			} else if (i + 1 < argc) {
				*o->value = argv[++i];
			} else {
				cli_err("%s: %s needs a value", argv[0], o->name);
				return -1;
			}
			continue;
		}
		if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
			cli_err("%s: unknown option '%s' (use -- before an argument that starts with -)",
			        argv[0], argv[i]);
			return -1;
		}
		if (*npos >= maxpos) {
			if (maxpos)
				cli_err("%s: at most %d arguments", argv[0], maxpos);
			else
				cli_err("%s: unexpected argument '%s'", argv[0], argv[i]);
			return -1;
		}
		pos[(*npos)++] = argv[i];
	}
	return 0;
}

int cli_parse(cli_common *c, int argc, char **argv, const char **pos, int maxpos, int *npos)
{
	return cli_parse_opts(c, argc, argv, NULL, pos, maxpos, npos);
}

int cli_number(const char *opt, const char *v, double lo, double hi, double *out)
{
	char *end;
	if (!v)
		return 0;
	double x = strtod(v, &end);
	if (*end || end == v || !(x >= lo && x <= hi)) {
		cli_err("%s: expected a number in [%g, %g], got '%s'", opt, lo, hi, v);
		return -1;
	}
	*out = x;
	return 0;
}

void cli_print_reports(const clr_db *db, FILE *f, int all)
{
	for (size_t i = 0; i < clr_db_report_count(db); i++) {
		const clr_file_report *r = clr_db_report(db, i);
		if (!r->skipped && !r->orphans && !r->nmessages)
			continue;
		fprintf(f, "clearance: %s: %zu rows skipped, %zu sibling rows without an entry\n",
		        r->path, r->skipped, r->orphans);
		size_t show = all ? r->nmessages : (r->nmessages < 3 ? r->nmessages : 3);
		for (size_t m = 0; m < show; m++)
			fprintf(f, "clearance:   %s\n", r->messages[m]);
		if (show < r->nmessages)
			fprintf(f, "clearance:   ... %zu more (clearance lists --verbose shows all)\n",
			        r->nmessages - show);
	}
}

int cli_load(cli_common *c, clr_db **out)
{
	clr_db *db;
	*out = NULL;
	if (c->index) {
		if (c->nlists)
			return cli_err("--index and --list exclude each other: an index holds its lists");
		if (c->naliases)
			return cli_err("--index and --aliases exclude each other: build the index with "
			               "them (index build --list P --aliases F -o FILE.clx)");
		if (clr_db_new(&db))
			return cli_err("out of memory");
		if (clr_db_open_index(db, c->index) < 0 ||
		    (c->evidence_policy && clr_db_load_evidence_policy(db, c->evidence_policy) < 0)) {
			cli_err("%s", clr_db_errmsg(db));
			clr_db_free(db);
			return EXIT_ERROR;
		}
		*out = db;
		return 0;
	}
	if (!c->nlists) {
		const char *env = getenv("CLEARANCE_LISTS");
		if (!env || !*env)
			return cli_err("no lists given: use --list PATH (or set CLEARANCE_LISTS)");
		c->lists[c->nlists++] = env;
	}
	if (clr_db_new(&db))
		return cli_err("out of memory");
	if (c->evidence_policy && clr_db_load_evidence_policy(db, c->evidence_policy) < 0) {
		cli_err("%s", clr_db_errmsg(db));
		clr_db_free(db);
		return EXIT_ERROR;
	}
	for (int i = 0; i < c->nlists; i++) {
		if (clr_db_load(db, c->lists[i], c->load_flags) < 0) {
			cli_err("%s", clr_db_errmsg(db));
			clr_db_free(db);
			return EXIT_ERROR;
		}
	}
	for (int i = 0; i < c->naliases; i++) {
		if (clr_db_load_aliases(db, c->aliases[i], c->load_flags) < 0) {
			cli_err("%s", clr_db_errmsg(db));
			clr_db_free(db);
			return EXIT_ERROR;
		}
	}
	if (!c->quiet)
		cli_print_reports(db, stderr, c->verbose);
	if (clr_db_prepare(db) < 0) {
		cli_err("%s", clr_db_errmsg(db));
		clr_db_free(db);
		return EXIT_ERROR;
	}
	*out = db;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cli_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_ERROR : EXIT_CLEAR;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("clearance %s\n", CLR_VERSION);
		return 0;
	}
	const cli_command *cmd = cli_command_find(argv[1]);
	if (!cmd) {
		cli_err("unknown command '%s'", argv[1]);
		cli_usage(stderr);
		return EXIT_ERROR;
	}
	if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		cli_help(stdout, cmd);
		return EXIT_CLEAR;
	}
	return cmd->fn(argc - 1, argv + 1);
}
