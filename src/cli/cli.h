/*
 * cli.h - shared plumbing of the clearance command-line tool: option
 * parsing of the common flags, list loading, exit codes.  The CLI uses only
 * the public header include/clearance.h.
 */
#ifndef CLR_CLI_H
#define CLR_CLI_H

#include <stdio.h>

#include "clearance.h"

/* Exit codes scripts can rely on. */
enum {
	EXIT_CLEAR = 0, /* success, no alert */
	EXIT_ALERT = 1, /* screen: at least one alert */
	EXIT_ERROR = 2, /* usage or input error */
	EXIT_UPDATE = 3, /* update: a source failed to download or parse; store unchanged */
};

#define CLI_MAX_LISTS 64
#define CLI_MAX_ALIASES CLR_SERVER_MAX_ALIASES

typedef struct cli_common {
	const char *lists[CLI_MAX_LISTS];
	int nlists;
	const char *aliases[CLI_MAX_ALIASES]; /* --aliases FILE: applied after the lists */
	int naliases;
	const char *index; /* --index FILE.clx: a compiled index instead of lists */
	const char *evidence_policy; /* --evidence-policy FILE: in place of the built-in */
	unsigned load_flags;
	clr_screen_opts opts;
	int json;
	int quiet;
	int verbose;
} cli_common;

/* Consumes a common option at argv[*i] (advancing *i past its value);
 * returns 1 when consumed, 0 when not a common option, -1 on a bad value. */
int cli_common_opt(cli_common *c, int argc, char **argv, int *i);
/* Parses common options and collects up to maxpos other arguments (an
 * unknown option is an error; "--" ends options).  Returns 0 or -1 after
 * printing the error. */
int cli_parse(cli_common *c, int argc, char **argv, const char **pos, int maxpos, int *npos);

/* A command's own option: either takes a value (stored in *value) or is a
 * flag (sets *flag to 1).  Tables end with a NULL name. */
typedef struct cli_opt {
	const char *name;
	const char **value;
	int *flag;
} cli_opt;

/* cli_parse with the command's own options as well. */
int cli_parse_opts(cli_common *c, int argc, char **argv, const cli_opt *opts, const char **pos,
                   int maxpos, int *npos);
/* Parses v (when not NULL) as a number in [lo, hi] into *out; -1 after
 * printing an error naming opt. */
int cli_number(const char *opt, const char *v, double lo, double hi, double *out);
/* Loads the lists and then the alias files (or opens the --index file) into
 * a new db and prepares it; prints errors. */
int cli_load(cli_common *c, clr_db **out);
void cli_print_reports(const clr_db *db, FILE *f, int all);
/* Seconds on the monotonic clock, for timings reported to the user. */
double cli_now(void);
int cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_screen(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_links(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_owners(int argc, char **argv);
int cmd_check(int argc, char **argv);
/* store commands (store_cmds.c) */
int cmd_import(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_screen_asof(int argc, char **argv);
/* screen --store: evidence holds what screen's evidence options gave */
int cmd_screen_store(int argc, char **argv, const clr_screen_opts *evidence);
int cmd_customers(int argc, char **argv);
int cmd_rescreen(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_alerts(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_screenings(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_keys(int argc, char **argv);

/* The documentation of the commands and their dispatch (help.c), one
 * source for --help and the man pages. */
typedef struct cli_help_opt {
	const char *flag;
	const char *text;
} cli_help_opt;
enum {
	CLI_HELP_COMMON = 1 << 0, /* takes the common options */
	CLI_HELP_HIDDEN = 1 << 1, /* reached through another command; no page of its own */
};
typedef struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;     /* one line: the man page's NAME */
	const char *synopsis;    /* lines, each after "clearance " */
	const char *description; /* text; a blank line starts a paragraph */
	const cli_help_opt *opts; /* its own options, ending with a NULL flag */
	unsigned flags;
} cli_command;
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
const cli_command *cli_command_find(const char *name);
void cli_usage(FILE *f);
void cli_help(FILE *f, const cli_command *c);
int cli_help_main(int argc, char **argv);
/* The path of rel in the data folder (rules/, sources.conf, sample/):
 * installed, or the source tree's for the build tree's binary (check.c). */
const char *cli_data_path(const char *rel, char *buf, size_t cap);
/* Shared by owners and check (check.c): the rule data folder, and the db,
 * ownership graph and checker built from the options; prints errors. */
const char *cli_rules_dir(const char *given, char *buf, size_t cap);
int cli_checker(cli_common *c, const char *rules, const char *ownership, double strong,
                clr_db **out_db, clr_owner_graph **out_g, clr_check **out_chk);

#endif
