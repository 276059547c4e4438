/*
 * store_cmds.c - the commands over a clearance store (--store PATH, default
 * clearance.db): import, diff, screen --as-of, customers import, rescreen,
 * review, alerts, audit verify|export|check, screenings (the screening log:
 * list, export, prune).  JSON lines on stdout, summaries and errors on
 * stderr; exit codes per cli.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define STORE_MAX_ARGS 256

typedef struct store_args {
	cli_common c;
	const char *store;
	const char *as_of;
	const char *status;
	const char *decision;
	const char *by;
	const char *note;
	const char *since;
	const char *config;
	const char *timeout;
	const char *rules;
	const char *until;
	const char *party;
	const char *key;
	const char *limit;
	const char *format;
	const char *before;
	const char *sources[STORE_MAX_ARGS];
	int nsources;
	int delta;
	int summary;
	int replace;
	int log;             /* screen --log: into the screening log */
	int json;            /* screenings --json */
	const char *pos[STORE_MAX_ARGS];
	int npos;
	/* what the command's check made of the text above */
	int64_t from, to;    /* diff's snapshot ids */
	double timeout_secs; /* update's --timeout */
	double nlimit;       /* screenings' --limit, generate's count */
	int fmt;             /* screenings' CLR_SCREENINGS_* */
} store_args;

/* Parses --store and the given command-specific options, then common ones. */
static int store_parse(store_args *a, int argc, char **argv, const char *allowed)
{
	static const char *valued[] = {"--store", "--as-of", "--status", "--decision", "--by",
	                               "--note", "--since", "--config", "--timeout", "--source",
	                               "--rules", "--until", "--party", "--key", "--limit",
	                               "--format", "--before"};
	int dashdash = 0;
	memset(a, 0, sizeof(*a));
	const char *env = getenv("CLEARANCE_STORE");
	a->store = env && *env ? env : "clearance.db";
	clr_screen_opts_init(&a->c.opts);
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		if (!dashdash && o[0] == '-' && o[1] && strcmp(o, "--")) {
			size_t k;
			for (k = 0; k < sizeof(valued) / sizeof(valued[0]) && strcmp(o, valued[k]); k++)
				;
			if (k < sizeof(valued) / sizeof(valued[0])) {
				if (k && !strstr(allowed, o))
					return cli_err("%s: unknown option '%s'", argv[0], o), -1;
				if (i + 1 >= argc)
					return cli_err("%s needs a value", o), -1;
				const char *src = NULL;
				const char **slot[] = {&a->store, &a->as_of,  &a->status,  &a->decision,
				                       &a->by,    &a->note,   &a->since,   &a->config,
				                       &a->timeout, &src,     &a->rules,   &a->until,
				                       &a->party, &a->key,    &a->limit,   &a->format,
				                       &a->before};
				*slot[k] = argv[++i];
				if (src) {
					if (a->nsources >= STORE_MAX_ARGS)
						return cli_err("--source: at most %d", STORE_MAX_ARGS), -1;
					a->sources[a->nsources++] = src;
				}
				continue;
			}
			const struct { const char *name; int *flag; } flags[] = {
				{"--delta", &a->delta}, {"--summary", &a->summary}, {"--replace", &a->replace},
				{"--log", &a->log},     {"--json", &a->json},
			};
			size_t f;
			for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
				if (!strcmp(o, flags[f].name) && strstr(allowed, o))
					break;
			if (f < sizeof(flags) / sizeof(flags[0])) {
				*flags[f].flag = 1;
				continue;
			}
			int r = strstr(allowed, "common") ? cli_common_opt(&a->c, argc, argv, &i) : 0;
			if (r < 0)
				return -1;
			if (r)
				continue;
			return cli_err("%s: unknown option '%s' (use -- before an argument that starts "
			               "with -)", argv[0], o), -1;
		}
		if (!dashdash && !strcmp(o, "--")) {
			dashdash = 1;
			continue;
		}
		if (a->npos >= STORE_MAX_ARGS)
			return cli_err("%s: at most %d arguments", argv[0], STORE_MAX_ARGS), -1;
		a->pos[a->npos++] = o;
	}
	return 0;
}

/*
 * One store command: what it accepts and what it does with the open store.
 * store_main holds the shape they all share: parse the options, count the
 * arguments, check them, open the store, run, print the store's error, close.
 */
typedef struct store_cmd {
	const char *name;    /* as messages name it: "import", "customers import" */
	const char *allowed; /* options besides --store; "common" adds cli_common's */
	int minpos, maxpos;  /* how many arguments it takes */
	const char *usage;   /* the error when that count is off; NULL: "unexpected argument" */
	/* optional, before the store opens: 0, or nonzero after printing the error */
	int (*check)(store_args *a);
	/* an exit code, or -1 when a store call failed (store_main prints its message) */
	int (*run)(clr_store *st, const store_args *a);
} store_cmd;

static int store_main(const store_cmd *cmd, int argc, char **argv)
{
	store_args a;
	clr_store *st;
	if (store_parse(&a, argc, argv, cmd->allowed) < 0)
		return EXIT_ERROR;
	if (cmd->usage && (a.npos < cmd->minpos || a.npos > cmd->maxpos))
		return cli_err("%s: %s", cmd->name, cmd->usage);
	if (a.npos > cmd->maxpos)
		return cli_err("%s: unexpected argument '%s'", cmd->name, a.pos[cmd->maxpos]);
	if (cmd->check && cmd->check(&a))
		return EXIT_ERROR;
	int rc = clr_store_open(&st, a.store) < 0 ? -1 : cmd->run(st, &a);
	if (rc < 0)
		rc = cli_err("%s", clr_store_errmsg(st));
	clr_store_free(st);
	return rc;
}

static int import_run(clr_store *st, const store_args *a)
{
	int64_t snap;
	size_t nnew;
	if (clr_store_import(st, a->pos, (size_t)a->npos, a->as_of, &snap, &nnew) < 0)
		return -1;
	fprintf(stderr, "import: snapshot %lld, %zu new entry versions\n", (long long)snap, nnew);
	printf("%lld\n", (long long)snap);
	return EXIT_CLEAR;
}

static int update_check(store_args *a)
{
	return cli_number("--timeout", a->timeout, 1, 86400, &a->timeout_secs);
}

static int update_run(clr_store *st, const store_args *a)
{
	char rbuf[4096], cbuf[4096];
	const char *config = a->config ? a->config : cli_data_path("sources.conf", cbuf, sizeof(cbuf));
	clr_update_opts o = {.config = config, .only = a->sources, .nonly = (size_t)a->nsources,
	                     .timeout = (long)a->timeout_secs, .as_of = a->as_of,
	                     .rules = cli_rules_dir(a->rules, rbuf, sizeof(rbuf))};
	int64_t snap;
	size_t nnew;
	int rc = clr_store_update(st, &o, a->c.quiet ? NULL : stderr, &snap, &nnew);
	if (rc < 0) {
		cli_err("%s", clr_store_errmsg(st));
		/* a download or a source that does not parse: nothing changed */
		return rc == CLR_EIO || rc == CLR_EINPUT || rc == CLR_ELIMIT ? EXIT_UPDATE : EXIT_ERROR;
	}
	if (snap)
		fprintf(stderr, "update: snapshot %lld, %zu new entry versions\n", (long long)snap, nnew);
	else
		fprintf(stderr, "update: no list source: no snapshot\n");
	printf("%lld\n", (long long)snap);
	return EXIT_CLEAR;
}

static int parse_id(const char *z, int64_t *out)
{
	char *end;
	long long v = strtoll(z, &end, 10);
	if (*end || v <= 0)
		return cli_err("expected a snapshot id, got '%s'", z), -1;
	*out = v;
	return 0;
}

/* One id: from the empty store to it; two: from the first to the second. */
static int diff_check(store_args *a)
{
	if (a->npos == 1)
		return parse_id(a->pos[0], &a->to);
	if (a->npos == 2)
		return parse_id(a->pos[0], &a->from) || parse_id(a->pos[1], &a->to);
	return 0;
}

static int diff_run(clr_store *st, const store_args *a)
{
	FILE *summary = a->summary ? stdout : stderr;
	return clr_store_diff(st, a->from, a->to, stdout, summary) < 0 ? -1 : EXIT_CLEAR;
}

/* The evidence options of screen (screen.c takes them out of argv). */
static const clr_screen_opts *screen_evidence;

/* Today's date, UTC, for screen --log without --as-of. */
static const char *today(void)
{
	static char day[16];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	return day;
}

static int screen_check(store_args *a)
{
	if (!a->as_of && a->log)
		a->as_of = today();
	if (!a->as_of)
		return cli_err("screen --store: --as-of DATE (or --log: today) is required");
	if (!a->npos)
		return cli_err("screen: no name given");
	if (a->c.nlists)
		return cli_err("screen: --list and --store exclude each other");
	if (a->c.naliases)
		return cli_err("screen: --aliases and --store exclude each other: a snapshot is "
		               "screened as it was imported");
	return 0;
}

static int screen_run(clr_store *st, const store_args *a)
{
	clr_db *db = NULL;
	clr_screener *s = NULL;
	int64_t snap;
	int fallback;
	if (clr_store_snapshot_at(st, a->as_of, &snap, &fallback) < 0)
		return -1;
	if (fallback && !a->c.quiet)
		fprintf(stderr, "clearance: no snapshot as of %s or earlier; using the earliest "
		        "(%lld), without entries listed after %s\n", a->as_of, (long long)snap, a->as_of);
	if (clr_db_new(&db) || clr_store_load(st, snap, db, a->c.load_flags) < 0) {
		clr_db_free(db);
		return -1;
	}
	if (clr_db_prepare(db) < 0 || clr_screener_new(&s, db)) {
		cli_err("%s", clr_db_errmsg(db));
		clr_db_free(db);
		return EXIT_ERROR;
	}
	clr_screen_opts opts = a->c.opts;
	if (screen_evidence) {
		const clr_screen_opts *e = screen_evidence;
		opts.dob = e->dob, opts.nationality = e->nationality, opts.imo = e->imo;
		opts.address = e->address, opts.city = e->city, opts.ids = e->ids, opts.nids = e->nids;
	}
	opts.listed_by = a->as_of; /* only the entries listed by then (a date, checked above) */
	int status = EXIT_CLEAR;
	size_t total = 0;
	char *joined = NULL, *shown = NULL;
	size_t jlen = 0, slen = 0;
	FILE *jf = open_memstream(&joined, &jlen);
	/* with --log the answer is printed once it is logged */
	FILE *o = a->log ? open_memstream(&shown, &slen) : stdout;
	clr_screening *logv = a->log ? calloc((size_t)a->npos, sizeof(*logv)) : NULL;
	char sum[17], rid[64];
	clr_db_checksum(db, sum);
	snprintf(rid, sizeof(rid), "cli-%lld-%ld", (long long)time(NULL), (long)getpid());
	if (!o || (a->log && !logv))
		status = cli_err("out of memory"); /* nothing is screened */
	for (int k = 0; k < a->npos && status != EXIT_ERROR; k++) {
		clr_result *r;
		if (jf)
			fprintf(jf, "%s%c", a->pos[k], 0x1f);
		if (clr_screen(s, &opts, a->pos[k], &r) < 0) {
			status = cli_err("'%s': %s", a->pos[k], clr_screener_errmsg(s));
			break;
		}
		const clr_alert *keep = r->alerts; /* entries listed by the date (opts.listed_by) */
		total += r->nalerts;
		if (r->nalerts)
			status = EXIT_ALERT;
		if (logv) {
			clr_screening *v = &logv[k];
			*v = (clr_screening){.route = "cli screen", .request_id = rid, .party = a->pos[k],
			                     .snapshot = snap, .checksum = sum, .nalerts = r->nalerts};
			if (clr_screen_query_json(a->pos[k], &opts, (char **)&v->query) < 0 ||
			    clr_result_log_json(r, (char **)&v->alerts) < 0)
				status = cli_err("out of memory");
		}
		if (a->c.json) {
			clr_record rec = {.id = a->pos[k], .name = a->pos[k]};
			char *line;
			if (clr_batch_line_json(&rec, r, &line) == 0) {
				fprintf(o, "%s\n", line);
				free(line);
			}
		} else {
			fprintf(o, "%s: %zu alert%s as of %s (snapshot %lld)\n", a->pos[k], r->nalerts,
			        r->nalerts == 1 ? "" : "s", a->as_of, (long long)snap);
			for (size_t i = 0; i < r->nalerts; i++) {
				const clr_entry *e = keep[i].entry;
				fprintf(o, "  ALERT %.4f  %-4s %s  %s\n", keep[i].score, e->source, e->id,
				        e->names[0].name);
				for (size_t c = 0; c < e->ncitations && c < 3; c++)
					fprintf(o, "        FR: %s\n", e->citations[c]);
				if (e->start_date)
					fprintf(o, "        listed since %s\n", e->start_date);
			}
		}
		clr_result_free(r);
	}
	if (jf)
		fclose(jf);
	if (status != EXIT_ERROR && logv &&
	    clr_store_screenings_log(st, logv, (size_t)a->npos) < 0)
		status = cli_err("screening log: %s", clr_store_errmsg(st));
	if (o && o != stdout) {
		if (fclose(o) == 0 && status != EXIT_ERROR)
			fwrite(shown, 1, slen, stdout);
		free(shown);
	}
	for (int k = 0; logv && k < a->npos; k++) {
		free((char *)logv[k].query);
		free((char *)logv[k].alerts);
	}
	free(logv);
	if (status != EXIT_ERROR) {
		char result[160];
		snprintf(result, sizeof(result), "as of %s: %d names, %zu alerts", a->as_of, a->npos,
		         total);
		/* the input hash is of the names screened, not the names themselves */
		char hex[17] = "";
		uint64_t h = 1469598103934665603ull;
		for (size_t i = 0; joined && i < jlen; i++)
			h = (h ^ (unsigned char)joined[i]) * 1099511628211ull;
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
		if (clr_store_audit(st, "screen", hex, snap, result) < 0)
			status = cli_err("%s", clr_store_errmsg(st));
	}
	free(joined);
	clr_screener_free(s);
	clr_db_free(db);
	return status;
}

static int customers_run(clr_store *st, const store_args *a)
{
	clr_customers_stats cs;
	if (clr_store_customers_import(st, a->pos[0], a->replace ? CLR_CUSTOMERS_REPLACE : 0, &cs) < 0)
		return -1;
	fprintf(stderr, "customers: %zu read, %zu new or changed", cs.total, cs.changed);
	if (cs.attributes)
		fprintf(stderr, ", %zu with changed attributes only", cs.attributes);
	if (a->replace)
		fprintf(stderr, ", %zu deleted", cs.deleted);
	fputc('\n', stderr);
	return EXIT_CLEAR;
}

static int rescreen_check(store_args *a)
{
	if (a->c.naliases)
		return cli_err("rescreen: --aliases is not applied to the store's snapshots");
	return 0;
}

static int rescreen_run(clr_store *st, const store_args *a)
{
	clr_rescreen_stats s;
	if ((a->c.evidence_policy && clr_store_set_evidence_policy(st, a->c.evidence_policy) < 0) ||
	    clr_store_rescreen(st, a->delta, &a->c.opts, stdout, &s) < 0)
		return -1;
	fprintf(stderr,
	        "rescreen: %s against snapshot %lld: screened %zu of %zu customers (%zu new or "
	        "changed customers, %zu new entry versions, %zu entries removed%s); %zu alerts, "
	        "%zu emitted, %zu suppressed by review, %zu reopened, %zu closed\n",
	        a->delta ? "delta" : "full", (long long)s.snapshot, s.screened, s.customers,
	        s.changed_customers, s.changed_entries, s.removed_entries,
	        s.token_delta ? "; customers sharing a token or an identifier with them" : "", s.alerts, s.emitted,
	        s.suppressed, s.reopened, s.closed);
	if (s.cleared)
		fprintf(stderr, "rescreen: %zu name%s cleared by the customers' evidence (docs/evidence.md)\n",
		        s.cleared, s.cleared == 1 ? "" : "s");
	return s.emitted ? EXIT_ALERT : EXIT_CLEAR;
}

static int review_check(store_args *a)
{
	return !a->decision || !a->by ? cli_err("review: --decision and --by are required") : 0;
}

static int review_run(clr_store *st, const store_args *a)
{
	return clr_store_review(st, a->pos[0], a->decision, a->by, a->note) < 0 ? -1 : EXIT_CLEAR;
}

static int alerts_run(clr_store *st, const store_args *a)
{
	return clr_store_alerts(st, a->status, stdout) < 0 ? -1 : EXIT_CLEAR;
}

static int audit_verify(clr_store *st, const store_args *a)
{
	size_t n = 0;
	if (clr_store_audit_verify(st, &n) < 0)
		return -1;
	fprintf(stderr, "audit: %zu records, chain intact\n", n);
	return EXIT_CLEAR;
}

static int audit_export(clr_store *st, const store_args *a)
{
	return clr_store_audit_export(st, a->since, stdout) < 0 ? -1 : EXIT_CLEAR;
}

static int audit_check(clr_store *st, const store_args *a)
{
	if (clr_store_check(st) < 0)
		return -1;
	fprintf(stderr, "audit: store consistent\n");
	return EXIT_CLEAR;
}

static int screenings_check(store_args *a)
{
	static const char *const fmts[] = {"text", "json", "jsonl", "csv"};
	a->fmt = a->json ? CLR_SCREENINGS_JSON : CLR_SCREENINGS_TEXT;
	if (a->format) {
		size_t k = 0;
		while (k < 4 && strcmp(a->format, fmts[k]))
			k++;
		if (k == 4)
			return cli_err("screenings: --format: expected csv, jsonl, json or text, got '%s'",
			               a->format);
		a->fmt = (int)k;
	}
	/* what a person reads is a page; an export is everything */
	a->nlimit = a->fmt == CLR_SCREENINGS_TEXT || a->fmt == CLR_SCREENINGS_JSON ? 100 : 0;
	return cli_number("--limit", a->limit, 0, 1e12, &a->nlimit);
}

static int screenings_run(clr_store *st, const store_args *a)
{
	clr_screenings_filter f = {.since = a->since, .until = a->until, .party = a->party,
	                           .who = a->key, .limit = (size_t)a->nlimit};
	size_t n;
	if (clr_store_screenings_write(st, &f, a->fmt, stdout, &n) < 0)
		return -1;
	if (a->fmt == CLR_SCREENINGS_TEXT)
		fprintf(stderr, "screenings: %zu record%s%s\n", n, n == 1 ? "" : "s",
		        f.limit && n == f.limit ? " (the newest; --limit N for more)" : "");
	return EXIT_CLEAR;
}

static int prune_run(clr_store *st, const store_args *a)
{
	size_t n;
	if (!a->before) {
		cli_err("screenings prune: --before DATE is required");
		return EXIT_ERROR;
	}
	if (clr_store_screenings_prune(st, a->before, &n) < 0)
		return -1;
	fprintf(stderr, "screenings prune: %zu records before %s removed\n", n, a->before);
	return EXIT_CLEAR;
}

static int generate_check(store_args *a)
{
	return cli_number("count", a->pos[0], 1, 1e9, &a->nlimit);
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Synthetic records for the benchmark (bench/bench_screenlog.sh): parties
 * of syllable words, two a minute from 2025-01-01, one in twenty alerting;
 * real chain links, written in batches as the server's writer does. */
static int generate_run(clr_store *st, const store_args *a)
{
	static const char *const syl[] = {"ka", "ro", "mi", "tesh", "van", "lo", "bar", "ning",
	                                  "sul", "dor", "pe", "zhi", "al", "mur", "ten", "go",
	                                  "ri", "sta", "hon", "bek", "ul", "ma", "nor", "chi",
	                                  "ves", "ta", "kor", "din", "el", "fa", "gu", "ran"};
	static const char *const forms[] = {"", " Ltd", " GmbH", " LLC", " Trading Co", " OOO"};
	static const char *const who[] = {"alice", "bob", "erp-connector", "cli-batch", "carol"};
	enum { BATCH = 10000 };
	size_t total = (size_t)a->nlimit;
	clr_screening *v = calloc(BATCH, sizeof(*v));
	/* a party is at most 3 words of 3 syllables and a form: under 64 bytes */
	struct gen_rec {
		char party[64], query[128], at[32], alerts[96];
	} *buf = calloc(BATCH, sizeof(*buf));
	uint64_t x = 0x9e3779b97f4a7c15ull;
	int rc = v && buf ? 0 : cli_err("out of memory");
	for (size_t done = 0; !rc && done < total;) {
		size_t n = total - done < BATCH ? total - done : BATCH;
		for (size_t i = 0; i < n; i++) {
			char *party = buf[i].party, *at = buf[i].at;
			size_t len = 0;
			int words = 2 + (int)(xorshift(&x) % 2);
			for (int w = 0; w < words; w++) {
				if (w)
					party[len++] = ' ';
				for (int k = 0, ns = 2 + (int)(xorshift(&x) % 2); k < ns; k++)
					len += (size_t)snprintf(party + len, sizeof(buf[i].party) - len, "%s",
					                        syl[xorshift(&x) % 32]);
			}
			party[0] = (char)(party[0] - 'a' + 'A'); /* a capital, as names are written */
			snprintf(party + len, sizeof(buf[i].party) - len, "%s", forms[xorshift(&x) % 6]);
			snprintf(buf[i].query, sizeof(buf[i].query), "{\"name\":\"%s\",\"threshold\":0.8}",
			         buf[i].party);
			time_t t = 1735689600 + (time_t)(done + i) * 30;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(at, sizeof(buf[i].at), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
			int hit = (done + i) % 20 == 0;
			if (hit)
				snprintf(buf[i].alerts, sizeof(buf[i].alerts), "[{\"entry_id\":\"gen-%zu\","
				         "\"score\":0.91,\"source\":\"SDN\"}]", (done + i) % 997);
			else
				strcpy(buf[i].alerts, "[]");
			v[i] = (clr_screening){.at = at, .who = who[xorshift(&x) % 5],
			                       .route = "POST /v1/screen", .party = party,
			                       .query = buf[i].query, .snapshot = 1,
			                       .checksum = "00000000generated", .alerts = buf[i].alerts,
			                       .nalerts = (size_t)hit};
		}
		if (clr_store_screenings_log(st, v, n) < 0)
			rc = -1;
		done += n;
	}
	free(v);
	free(buf);
	if (!rc && clr_store_screenings_index(st, NULL) < 0)
		rc = -1;
	if (!rc)
		fprintf(stderr, "screenings generate: %zu records\n", total);
	return rc ? rc : EXIT_CLEAR;
}

/* screen's check counts the names itself: a missing --as-of is named first.
 * The audit commands all accept --since; only export reads it. */
static const store_cmd cmds[] = {
	{"import", "--as-of", 1, STORE_MAX_ARGS, "no list file given", NULL, import_run},
	{"update", "--as-of --config --timeout --source --rules", 0, 0, NULL, update_check,
	 update_run},
	{"diff", "--summary", 0, 2, "at most two snapshot ids", diff_check, diff_run},
	{"screen", "--as-of --log common", 0, STORE_MAX_ARGS, NULL, screen_check, screen_run},
	{"customers import", "--replace", 1, 1, "exactly one file", NULL, customers_run},
	{"rescreen", "--delta common", 0, 0, NULL, rescreen_check, rescreen_run},
	{"review", "--decision --by --note", 1, 1, "exactly one ALERT_ID", review_check, review_run},
	{"alerts", "--status", 0, 0, NULL, NULL, alerts_run},
	{"audit verify", "--since", 0, 0, NULL, NULL, audit_verify},
	{"audit export", "--since", 0, 0, NULL, NULL, audit_export},
	{"audit check", "--since", 0, 0, NULL, NULL, audit_check},
	{"screenings", "--since --until --party --key --limit --format --json", 0, 0, NULL,
	 screenings_check, screenings_run},
	{"screenings prune", "--before", 0, 0, NULL, NULL, prune_run},
	{"screenings generate", "", 1, 1, "exactly one count", generate_check, generate_run},
};

/* Runs the command of cmds called name; -1 when there is none. */
static int store_run(const char *name, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(name, cmds[i].name))
			return store_main(&cmds[i], argc, argv);
	return -1;
}

int cmd_import(int argc, char **argv) { return store_run("import", argc, argv); }
int cmd_update(int argc, char **argv) { return store_run("update", argc, argv); }
int cmd_diff(int argc, char **argv) { return store_run("diff", argc, argv); }
int cmd_screen_asof(int argc, char **argv) { return store_run("screen", argc, argv); }
int cmd_screen_store(int argc, char **argv, const clr_screen_opts *evidence)
{
	screen_evidence = evidence;
	return store_run("screen", argc, argv);
}
int cmd_rescreen(int argc, char **argv) { return store_run("rescreen", argc, argv); }
int cmd_review(int argc, char **argv) { return store_run("review", argc, argv); }
int cmd_alerts(int argc, char **argv) { return store_run("alerts", argc, argv); }

int cmd_customers(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import"))
		return cli_err("customers: expected 'customers import [--store P] [--replace] FILE'");
	return store_run("customers import", argc - 1, argv + 1);
}

int cmd_audit(int argc, char **argv)
{
	char name[32]; /* a longer word is cut short and names no command */
	snprintf(name, sizeof(name), "audit %s", argc > 1 ? argv[1] : "");
	int rc = store_run(name, argc - 1, argv + 1);
	return rc >= 0 ? rc : cli_err("audit: expected 'audit verify', 'audit export [--since DATE]' "
	                              "or 'audit check'");
}

int cmd_screenings(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "prune") || !strcmp(argv[1], "generate"))) {
		char name[32];
		snprintf(name, sizeof(name), "screenings %s", argv[1]);
		return store_run(name, argc - 1, argv + 1);
	}
	return store_run("screenings", argc, argv);
}
