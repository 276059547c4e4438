/*
 * help.c - the one source of the command's documentation: each subcommand's
 * synopsis, description and options, from which `--help` prints and
 * `clearance help --man-dir DIR` writes the man pages (clearance(1) and
 * clearance-CMD(1)), so that the two cannot drift apart.  It also holds the
 * dispatch table, so that no command can exist without its page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define EV_OPTS                                                                            \
	{"--dob DATE", "date of birth (1962-01-31, 1962-01, 1962, circa 1962): one years off\n"  \
	               "clears a name match, one that agrees raises it"},                      \
	{"--nationality CC", "nationality, ISO code or name"},                                 \
	{"--id [TYPE:]NUMBER[:CC]", "an identifier (passport, national id, registration,\n"    \
	                            "tax ...); a listed one alerts whatever the name says\n"   \
	                            "(repeatable)"},                                           \
	{"--imo N", "a vessel's IMO number"},                                                  \
	{"--address TEXT", "the party's address (kept with the query)"},                       \
	{"--city TEXT", "the party's city, compared with listed places"}

#define STORE_OPT                                                                          \
	{"--store P", "the clearance store: a SQLite file or a postgresql:// URI\n"           \
	              "(default: $CLEARANCE_STORE, else clearance.db)"}
#define RULES_OPT                                                                          \
	{"--rules DIR", "the rule data (default: $CLEARANCE_RULES, else the installed\n"         \
	                "data, share/clearance/rules, or data/rules of the source tree)"}

static const cli_help_opt common_opts[] = {
	{"--list PATH", "list file or directory (repeatable; format detected from the content)"},
	{"--aliases FILE", "the user's names for listed entries: CSV with entry_id and name\n"
	                   "columns, applied after the lists (repeatable)"},
	{"--index FILE", "a compiled index (clearance index build) instead of --list"},
	{"--lenient", "load the good rows of a bad file and report the rest"},
	{"--threshold T", "alert at or above T in (0,1] (default 0.80)"},
	{"--type T", "person, entity, vessel or aircraft"},
	{"--country CC", "country of the party (ISO code or name)"},
	{"--jurisdiction J", "only the lists of these jurisdictions: US, UN, EU, UK, CA, AU,\n"
	                     "JP, comma-separated (default: every list loaded)"},
	{"--exhaustive", "score every listed name (no index)"},
	{"--evidence-policy FILE", "what evidence does to scores, in place of the built-in\n"
	                           "(rules/evidence-policy.conf, docs/evidence.md)"},
	{"--json", "JSON output"},
	{"--quiet, -q", "no load report"},
	{"--verbose, -v", "every skipped row of the load report"},
	{NULL, NULL},
};

const cli_command cli_commands[] = {
	{"screen", cmd_screen, "screen names against the lists",
	 "screen [--list P]... [options] NAME...\n"
	 "screen --store P --as-of DATE NAME...\n"
	 "screen --store P [--as-of DATE] --log NAME...",
	 "Screens each NAME against the lists and prints the alerts, each with its\n"
	 "explanation.  Evidence beyond the name changes the scores (docs/evidence.md):\n"
	 "a date of birth years off clears a name match, a listed identifier alerts.\n"
	 "\n"
	 "With --store and --as-of it screens against the snapshot of the store in\n"
	 "force on that date.  With --log each screening is recorded in the store's\n"
	 "screening log (clearance screenings; docs/screening-log.md) before the\n"
	 "answer is printed: the user, the query, the snapshot, the alerts.  Exit\n"
	 "status 1 when anything alerts.",
	 (const cli_help_opt[]){EV_OPTS, STORE_OPT, {"--as-of DATE", "screen against the store's snapshot in force on DATE"},
	                        {"--log", "record each screening in the store's screening log (--as-of: today)"},
	                        {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"batch", cmd_batch, "screen a file of records on every core",
	 "batch [--list P]... [--input F] [--output F] [--threads N] [--stats]",
	 "Screens JSON lines or CSV with a header (name; optional id, type, country and\n"
	 "the evidence columns dob, nationality, ids or id_type/id_number/id_country,\n"
	 "imo, address, city) and writes one JSON line per record, in input order.",
	 (const cli_help_opt[]){{"--input F", "the records (default: standard input)"},
	                        {"--output F", "the JSON lines (default: standard output)"},
	                        {"--threads N", "screening threads (default: one per core)"},
	                        {"--stats", "rate and counts on standard error"},
	                        {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"compare", cmd_compare, "score two names against each other",
	 "compare [--list P]... [--type T] NAME1 NAME2",
	 "Scores NAME1 against NAME2 and prints the score, whether it matches and the\n"
	 "explanation as JSON.  Token weights come from the lists when --list is\n"
	 "given, from built-in name frequencies otherwise.",
	 NULL, CLI_HELP_COMMON},
	{"lists", cmd_lists, "what was loaded, file by file and list by list",
	 "lists [--list P]... [--json]",
	 "Prints the counts of rows, entries, names and evidence per file and source,\n"
	 "and the rows a lenient load skipped.",
	 NULL, CLI_HELP_COMMON},
	{"links", cmd_links, "parties the lists name more than once",
	 "links [--list P]... [--groups] [--json]",
	 "Counts the parties listed more than once (on several lists, or on one list\n"
	 "under the same name with other addresses), why each listing is linked (the\n"
	 "same identifier, UN reference number, name and date of birth, name on the\n"
	 "same list, name and country) and the UN entries other lists carry; screening\n"
	 "shows such a party once, its other listings under the alert (docs/lists.md).",
	 (const cli_help_opt[]){{"--groups", "print every party and its listings"}, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"show", cmd_show, "listed entries as JSON",
	 "show [--list P]... ID...\n"
	 "show [--list P]... --all",
	 "Prints each entry named by its id (or every entry, one per line) as a JSON\n"
	 "object, with the other listings of its party (clearance links) under\n"
	 "\"listings\".",
	 (const cli_help_opt[]){{"--all", "every entry loaded, in load order"}, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"normalize", cmd_normalize, "the matcher's view of a name",
	 "normalize [--list P]... NAME...",
	 "Prints each NAME as the matcher reads it: normalised tokens and the rule\n"
	 "that made each.",
	 NULL, CLI_HELP_COMMON},
	{"eval", cmd_eval, "accuracy on a query set or on labelled name pairs",
	 "eval [--list P]... --queries F [--markdown F] [--names-only]\n"
	 "eval [--list P]... --pairs F.csv [--markdown F] [-v]",
	 "Measures recall and false alerts on a query set (JSON lines with the\n"
	 "expected entries), or decides labelled name pairs through compare.",
	 (const cli_help_opt[]){{"--queries F", "a query set (JSON lines)"},
	                        {"--pairs F.csv", "labelled name pairs"},
	                        {"--markdown F", "write the tables as Markdown to F"},
	                        {"--names-only", "ignore the queries' evidence fields"},
	                        {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"demo", cmd_demo, "screen the demo customers and print a report",
	 "demo [--list P]... [--input F]",
	 "Screens a customer file (default: the installed sample,\n"
	 "sample/customers.csv) and prints a readable report.",
	 (const cli_help_opt[]){{"--input F", "the customers (CSV or JSON lines)"}, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"owners", cmd_owners, "parties covered by the 50% rules, and the gap report",
	 "owners [--list P]... --ownership F [--date D] [--json]",
	 "Prints every party OFAC's 50% rule or BIS's Affiliates Rule covers on a date,\n"
	 "with its listed owners and ownership paths, then the parties covered only\n"
	 "through ownership.",
	 (const cli_help_opt[]){{"--ownership F", "the ownership graph (CSV)"},
	                        {"--date D", "the date (default: today)"},
	                        {"--strong S", "the score that links a party to an entry (default 0.90)"},
	                        RULES_OPT, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"check", cmd_check, "a license decision per transaction",
	 "check [--list P]... [--ownership F] [--input F] [--output F]",
	 "Decides each transaction (JSON lines in and out, docs/rules.md): the parties\n"
	 "against the lists and ownership, each item against the destination.  What\n"
	 "an input would decide and the transaction lacks comes back as a question.",
	 (const cli_help_opt[]){{"--ownership F", "the ownership graph (CSV)"},
	                        {"--input F", "the transactions (default: standard input)"},
	                        {"--output F", "the decisions (default: standard output)"},
	                        {"--strong S", "the score that links a party to an entry (default 0.90)"},
	                        RULES_OPT, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"import", cmd_import, "list files as a new snapshot of the store",
	 "import [--store P] [--as-of D] FILE...",
	 "Imports list files or folders into the store as one snapshot; every file must\n"
	 "load, otherwise nothing changes.",
	 (const cli_help_opt[]){STORE_OPT, {"--as-of D", "the snapshot's date (default: today)"},
	                        {NULL, NULL}},
	 0},
	{"update", cmd_update, "download the official lists as a new snapshot",
	 "update [--store P] [--source NAME]... [--config F] [--timeout S] [--as-of D]",
	 "Downloads the sources of the sources file and imports them as one snapshot.\n"
	 "Exit status 3 when a source fails to download or parse: the store is then\n"
	 "unchanged.",
	 (const cli_help_opt[]){STORE_OPT,
	                        {"--source NAME", "only this source (repeatable)"},
	                        {"--config F", "the sources file (default: the installed\n"
	                                       "sources.conf, or data/sources.conf of the source tree)"},
	                        {"--timeout S", "seconds per file (default 300)"},
	                        {"--as-of D", "the snapshot's date (default: today)"},
	                        RULES_OPT, {NULL, NULL}},
	 0},
	{"diff", cmd_diff, "entries added, removed and changed between snapshots",
	 "diff [--store P] [--summary] [FROM] [TO]",
	 "Writes the changes between two snapshots as JSON lines (default: the latest\n"
	 "and the one before).",
	 (const cli_help_opt[]){STORE_OPT, {"--summary", "one line per source instead"}, {NULL, NULL}},
	 0},
	{"screen-asof", cmd_screen_asof, "screen against the snapshot in force on a date",
	 "screen-asof --store P --as-of DATE NAME...",
	 "What screen --store P --as-of DATE does.",
	 (const cli_help_opt[]){STORE_OPT, {"--as-of DATE", "the date"}, {NULL, NULL}},
	 CLI_HELP_COMMON | CLI_HELP_HIDDEN},
	{"customers", cmd_customers, "import the customers into the store",
	 "customers import [--store P] [--replace] FILE",
	 "Imports customers from CSV or JSON lines: id, name, type, country, the\n"
	 "evidence (dob, nationality, ids ...); other columns are kept as attributes.",
	 (const cli_help_opt[]){STORE_OPT, {"--replace", "the file is the whole customer base"},
	                        {NULL, NULL}},
	 0},
	{"rescreen", cmd_rescreen, "screen the store's customers and record alerts",
	 "rescreen [--store P] [--delta]",
	 "Screens the customers against the latest snapshot and writes the alerts as\n"
	 "JSON lines; alerts no longer produced are closed.",
	 (const cli_help_opt[]){STORE_OPT,
	                        {"--delta", "only what changed since the last rescreen"},
	                        {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"review", cmd_review, "record an analyst's decision on an alert",
	 "review [--store P] ALERT_ID --decision D --by NAME [--note TEXT]",
	 "Records a decision on an alert in the store and its audit trail.",
	 (const cli_help_opt[]){STORE_OPT,
	                        {"--decision D", "false_positive, true_match or escalated"},
	                        {"--by NAME", "the analyst"},
	                        {"--note TEXT", "a note kept with the decision"},
	                        {NULL, NULL}},
	 0},
	{"alerts", cmd_alerts, "the store's alerts with their history",
	 "alerts [--store P] [--status open|reviewed|closed|all]",
	 "Writes the alerts of a status as JSON lines.",
	 (const cli_help_opt[]){STORE_OPT, {"--status S", "open (default), reviewed, closed or all"},
	                        {NULL, NULL}},
	 0},
	{"audit", cmd_audit, "check or export the store's audit trail",
	 "audit verify [--store P]\n"
	 "audit export [--store P] [--since D]\n"
	 "audit check [--store P]",
	 "verify checks the audit hash chain, export writes the records as JSON lines,\n"
	 "check checks the whole store (SQLite integrity, snapshots, blobs, chain).",
	 (const cli_help_opt[]){STORE_OPT, {"--since D", "export: records at or after D"},
	                        {NULL, NULL}},
	 0},
	{"screenings", cmd_screenings, "the screening log: who screened which party, when, with what result",
	 "screenings [--store P] [--since D] [--until D] [--party TEXT] [--key NAME]\n"
	 "           [--limit N] [--json | --format csv|jsonl]\n"
	 "screenings prune [--store P] --before D\n"
	 "screenings generate [--store P] N",
	 "Lists the screening log, newest first: every screening through the HTTP API\n"
	 "(native and compatible routes) and through screen --log, with its time (UTC),\n"
	 "the API key or user, the route, the request id, the query and its evidence,\n"
	 "the list snapshot and checksum, and every alert returned with its score.\n"
	 "--format csv or jsonl exports a record per row or line for an auditor (alerts\n"
	 "as a JSON array); text and --json show the newest 100 unless --limit says.\n"
	 "The log is a hash chain that audit verify checks (docs/screening-log.md).\n"
	 "\n"
	 "prune removes the records before D (retention) and anchors the chain's new\n"
	 "start in the audit trail.  generate appends N synthetic records, for the\n"
	 "benchmark (bench/bench_screenlog.sh).",
	 (const cli_help_opt[]){STORE_OPT,
	                        {"--since D", "records at or after D (a date or an ISO time, UTC)"},
	                        {"--until D", "records at or before D (a date: that whole day)"},
	                        {"--party TEXT", "records whose party's name has every word of TEXT"},
	                        {"--key NAME", "records of this API key or user"},
	                        {"--limit N", "the newest N records (0: all)"},
	                        {"--format F", "csv, jsonl, json or text (default)"},
	                        {"--before D", "prune: remove the records before D"},
	                        {NULL, NULL}},
	 0},
	{"serve", cmd_serve, "the HTTP API and the analysts' page",
	 "serve [--list P | --index F]... [--store P] [--listen IP:PORT] [--ownership F]\n"
	 "      [--keys F] [--threads N] [--tls-cert F --tls-key F] [--rate WHO=N[/BURST]|off]...\n"
	 "      [--max-connections N] [--max-per-address N] [--header-timeout S]\n"
	 "      [--idle-timeout S] [--body-timeout S] [--queue-seconds S] [--no-screening-log]\n"
	 "      [--follow S]",
	 "Serves the HTTP API under /v1, the analysts' page (docs/api.md) and the APIs\n"
	 "clients already call (docs/compat.md).  SIGHUP reloads the lists, SIGINT and\n"
	 "SIGTERM stop after the requests in flight.  Without --list it serves the\n"
	 "store's latest snapshot, and with --follow S it moves to a newer one that\n"
	 "another process imports, looking every S seconds (replicas of one store).\n"
	 "With --store every screening (POST /v1/screen, the\n"
	 "CSL search, /match and /search) is recorded in the store's screening log\n"
	 "before it is answered (docs/screening-log.md).  The limits against hostile\n"
	 "clients and their defaults: docs/deployment.md.",
	 (const cli_help_opt[]){{"--listen IP:PORT", "the address (default 127.0.0.1:8080)"},
	                        STORE_OPT,
	                        {"--ownership F", "the ownership graph (CSV)"},
	                        {"--keys F", "API keys file (clearance keys create --keys F)"},
	                        {"--threads N", "request threads (default: one per core)"},
	                        {"--no-access-log", "no line per request on standard error"},
	                        {"--no-screening-log", "do not record screenings in the store's screening log"},
	                        {"--follow S", "every S seconds, reload when the store holds a newer snapshot"},
	                        {"--tls-cert F, --tls-key F", "serve HTTPS with this PEM certificate and key"},
	                        {"--rate WHO=N[/BURST]", "requests a second (and burst) per address, screen, analyst or admin key; WHO=off: none"},
	                        {"--max-connections N", "open connections in all"},
	                        {"--max-per-address N", "open connections from one address"},
	                        {"--header-timeout S", "a new connection's time to send its headers"},
	                        {"--idle-timeout S", "an idle keep-alive connection's time"},
	                        {"--body-timeout S", "a request body's time"},
	                        {"--queue-seconds S", "queued work beyond which requests get 503"},
	                        RULES_OPT, {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"keys", cmd_keys, "API keys of the HTTP API",
	 "keys create --role screen|analyst|admin [--name L] --store P | --keys F\n"
	 "keys list --store P\n"
	 "keys revoke --store P ID|NAME",
	 "create prints a new key once and stores only its hash; list and revoke work\n"
	 "on the store's keys.",
	 (const cli_help_opt[]){{"--role R", "screen, analyst or admin"},
	                        {"--name L", "a label for the key"},
	                        {"--store P", "keep the key in the store"},
	                        {"--keys F", "append the key to a keys file instead"},
	                        {NULL, NULL}},
	 0},
	{"index", cmd_index, "compile the lists into an index file, or verify one",
	 "index build [--list P]... [--aliases F]... -o FILE.clx\n"
	 "index verify FILE.clx",
	 "build writes the lists and their screening index to one file that every\n"
	 "--list command takes as --index (mapped, checksummed, shared between\n"
	 "processes); verify checks every record of such a file.",
	 (const cli_help_opt[]){{"-o FILE, --output FILE", "the index file to write"},
	                        {NULL, NULL}},
	 CLI_HELP_COMMON},
	{"help", cli_help_main, "this documentation",
	 "help [COMMAND]\n"
	 "help --man-dir DIR",
	 "Prints the help of a command, or writes the man pages (clearance(1) and\n"
	 "one clearance-COMMAND(1) per command) into DIR.",
	 NULL, 0},
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

const cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

/* ---- --help ------------------------------------------------------------ */

static void print_lines(FILE *f, const char *first, const char *rest, const char *z)
{
	const char *lead = first;
	while (*z) {
		size_t n = strcspn(z, "\n");
		fprintf(f, "%s%.*s\n", n ? lead : "", (int)n, z);
		z += n + (z[n] == '\n');
		lead = rest;
	}
}

static void print_opts(FILE *f, const cli_help_opt *o)
{
	for (; o && o->flag; o++) {
		size_t n = strlen(o->flag);
		if (n > 20) {
			fprintf(f, "  %s\n", o->flag);
			print_lines(f, "                        ", "                        ", o->text);
		} else {
			fprintf(f, "  %-20s  ", o->flag);
			print_lines(f, "", "                        ", o->text);
		}
	}
}

static void print_synopsis(FILE *f, const cli_command *c)
{
	print_lines(f, "usage: clearance ", "       clearance ", c->synopsis);
}

void cli_usage(FILE *f)
{
	fputs("usage: clearance <command> [options]\n"
	      "       clearance <command> --help\n"
	      "\n"
	      "commands:\n", f);
	for (size_t i = 0; i < cli_ncommands; i++)
		if (!(cli_commands[i].flags & CLI_HELP_HIDDEN))
			fprintf(f, "  %-12s%s\n", cli_commands[i].name, cli_commands[i].summary);
	fputs("\ncommon options of the commands that read lists:\n", f);
	print_opts(f, common_opts);
	fputs("\nexit status: 0 no alert, 1 alert (screen), 2 usage or input error,\n"
	      "3 update: a source failed\n", f);
}

void cli_help(FILE *f, const cli_command *c)
{
	print_synopsis(f, c);
	fputc('\n', f);
	print_lines(f, "", "", c->description);
	if (c->opts && c->opts->flag) {
		fputs("\noptions:\n", f);
		print_opts(f, c->opts);
	}
	if (c->flags & CLI_HELP_COMMON) {
		fputs("\ncommon options:\n", f);
		print_opts(f, common_opts);
	}
}

/* ---- man pages ---------------------------------------------------------- */

/* Writes z as roff text: backslashes and hyphens escaped, a line that would
 * read as a request protected; a blank line starts a paragraph. */
static void roff_text(FILE *f, const char *z)
{
	int bol = 1;
	for (; *z; z++) {
		if (bol && *z == '\n') {
			fputs(".PP\n", f);
			continue;
		}
		if (bol && (*z == '.' || *z == '\''))
			fputs("\\&", f);
		bol = *z == '\n';
		if (*z == '\\')
			fputs("\\e", f);
		else if (*z == '-')
			fputs("\\-", f);
		else
			fputc(*z, f);
	}
	if (!bol)
		fputc('\n', f);
}

static void roff_opts(FILE *f, const cli_help_opt *o)
{
	for (; o && o->flag; o++) {
		fputs(".TP\n.B ", f);
		roff_text(f, o->flag);
		roff_text(f, o->text);
	}
}

static void roff_head(FILE *f, const char *page, const char *summary)
{
	fprintf(f, ".\\\" generated by clearance help --man-dir from src/cli/help.c - do not edit\n");
	fprintf(f, ".TH %s 1 \"\" \"clearance %s\" \"clearance manual\"\n", page, CLR_VERSION);
	fputs(".SH NAME\n", f);
	roff_text(f, page);
	fputs("\\- ", f);
	roff_text(f, summary);
}

static void roff_synopsis(FILE *f, const char *synopsis)
{
	fputs(".SH SYNOPSIS\n", f);
	while (*synopsis) {
		size_t n = strcspn(synopsis, "\n");
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)n, synopsis);
		fputs(".B clearance\n", f);
		roff_text(f, line);
		fputs(".br\n", f);
		synopsis += n + (synopsis[n] == '\n');
	}
}

static const char files_text[] =
	"The rule data (rules/), the list sources (sources.conf) and the sample\n"
	"customers (sample/) are read from $CLEARANCE_DATA when set, else from\n"
	"share/clearance beside the installed binary (/usr/share/clearance), else\n"
	"from data/ of the source tree when the binary is the build tree's.\n";

static int write_page(const char *dir, const cli_command *c)
{
	char path[4096], page[64];
	if (c)
		snprintf(page, sizeof(page), "clearance-%s", c->name);
	else
		snprintf(page, sizeof(page), "clearance");
	snprintf(path, sizeof(path), "%s/%s.1", dir, page);
	FILE *f = fopen(path, "w");
	if (!f)
		return cli_err("%s: %s", path, strerror(errno));
	if (c) {
		roff_head(f, page, c->summary);
		roff_synopsis(f, c->synopsis);
		fputs(".SH DESCRIPTION\n", f);
		roff_text(f, c->description);
		if (c->opts && c->opts->flag) {
			fputs(".SH OPTIONS\n", f);
			roff_opts(f, c->opts);
		}
		if (c->flags & CLI_HELP_COMMON) {
			fputs(".SH COMMON OPTIONS\n", f);
			roff_opts(f, common_opts);
		}
		fputs(".SH SEE ALSO\n.BR clearance (1)\n", f);
	} else {
		roff_head(f, page, "export-control screening");
		roff_synopsis(f, "<command> [options]\n<command> --help\n--version");
		fputs(".SH DESCRIPTION\n", f);
		roff_text(f, "Loads the US and UN restricted-party lists, screens names against them\n"
		             "robustly and explains every alert.  Each command has its own page.\n");
		fputs(".SH COMMANDS\n", f);
		for (size_t i = 0; i < cli_ncommands; i++) {
			if (cli_commands[i].flags & CLI_HELP_HIDDEN)
				continue;
			fprintf(f, ".TP\n.BR clearance\\-%s (1)\n", cli_commands[i].name);
			roff_text(f, cli_commands[i].summary);
		}
		fputs(".SH COMMON OPTIONS\n", f);
		roff_opts(f, common_opts);
		fputs(".SH ENVIRONMENT\n.TP\n.B CLEARANCE_LISTS\nstands in for \\-\\-list\n"
		      ".TP\n.B CLEARANCE_DATA\nthe data folder (see FILES)\n"
		      ".TP\n.B CLEARANCE_RULES\nthe rule data folder\n", f);
		fputs(".SH FILES\n", f);
		roff_text(f, files_text);
		fputs(".SH EXIT STATUS\n", f);
		roff_text(f, "0 no alert, 1 an alert (screen, rescreen), 2 a usage or input error,\n"
		             "3 update: a source failed to download or parse.\n");
	}
	if (fclose(f))
		return cli_err("%s: %s", path, strerror(errno));
	return 0;
}

int cli_help_main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--man-dir")) {
		int rc = write_page(argv[2], NULL);
		for (size_t i = 0; i < cli_ncommands && !rc; i++)
			if (!(cli_commands[i].flags & CLI_HELP_HIDDEN))
				rc = write_page(argv[2], &cli_commands[i]);
		return rc ? EXIT_ERROR : EXIT_CLEAR;
	}
	if (argc == 2 && !strcmp(argv[1], "--commands")) {
		for (size_t i = 0; i < cli_ncommands; i++)
			if (!(cli_commands[i].flags & CLI_HELP_HIDDEN))
				printf("%s\n", cli_commands[i].name);
		return EXIT_CLEAR;
	}
	if (argc == 1) {
		cli_usage(stdout);
		return EXIT_CLEAR;
	}
	const cli_command *c = argc == 2 ? cli_command_find(argv[1]) : NULL;
	if (!c) {
		cli_err("help: expected a command name, --commands or --man-dir DIR");
		return EXIT_ERROR;
	}
	cli_help(stdout, c);
	return EXIT_CLEAR;
}
