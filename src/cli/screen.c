/*
 * screen.c - the interactive commands: screen, compare, show, normalize.
 * Human-readable by default, one JSON document per line with --json.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The other listings of alert k's party, one line each. */
static void print_listings(const clr_result *r, size_t k)
{
	const clr_listing *l;
	size_t n = clr_result_listings(r, k, &l);
	if (n)
		printf("        also listed (%zu):\n", n);
	for (size_t i = 0; i < n; i++) {
		const clr_entry *e = l[i].entry;
		printf("          %-4s %s  %s", e->source, e->id, e->names[0].name);
		if (e->naddresses && e->addresses[0].address)
			printf("; %s", e->addresses[0].address);
		if (e->start_date)
			printf("; listed since %s", e->start_date);
		printf(" [%s]\n", l[i].linked_by);
	}
}

static void print_alert_text(const char *label, const clr_alert *a)
{
	const clr_entry *e = a->entry;
	const clr_name *nm = &e->names[a->name_index];
	printf("  %s %.4f  %-4s %s  %s\n", label, a->score, e->source, e->id, e->names[0].name);
	if (a->name_index && e->name_origins && e->name_origins[a->name_index].file)
		printf("        matched %s: %s (%s:%zu)\n", clr_name_kind_name(nm->kind), nm->name,
		       e->name_origins[a->name_index].file, e->name_origins[a->name_index].line);
	else if (a->name_index)
		printf("        matched %s: %s\n", clr_name_kind_name(nm->kind), nm->name);
	printf("        tokens:");
	for (size_t i = 0; i < a->nmatches; i++) {
		const clr_token_match *m = &a->matches[i];
		if (m->query_token && m->listed_token)
			printf(" %s=%s(%s %.2f)", m->query_token, m->listed_token, m->how, m->similarity);
		else if (m->query_token)
			printf(" %s=?", m->query_token);
		else
			printf(" ?=%s", m->listed_token);
	}
	printf("\n        score %.4f = %.3f matched / %.3f total weight", a->score,
	       a->matched_weight, a->total_weight);
	if (a->type_factor != 1.0)
		printf(" x %.2f type", a->type_factor);
	if (a->country_factor != 1.0)
		printf(" x %.2f country", a->country_factor);
	printf("\n");
	for (size_t i = 0; i < e->ncitations && i < 3; i++)
		printf("        FR: %s\n", e->citations[i]);
	if (e->start_date)
		printf("        listed since %s\n", e->start_date);
	if (a->nevidence)
		printf("        name alone %.4f; evidence:\n", a->name_score);
	for (size_t i = 0; i < a->nevidence; i++) {
		const clr_evidence_match *m = &a->evidence[i];
		printf("          %-11s %s / listed %s: %s", clr_evidence_kind_name(m->kind),
		       m->query ? m->query : "-", m->listed ? m->listed : "-", m->effect);
		if (m->delta != 0)
			printf(" (%+.4f)", m->delta);
		printf("\n");
	}
}

/* The evidence options of screen (--dob, --nationality, --id TYPE:NUMBER[:CC]
 * repeatable, --imo, --address, --city): taken out of argv into opts, the
 * rest left for cli_parse.  0, or -1 after the error is printed. */
#define MAX_IDS 32
typedef struct ev_args {
	clr_query_id ids[MAX_IDS];
	char buf[MAX_IDS][256];
	size_t nids;
	const char *dob, *nationality, *imo, *address, *city;
} ev_args;

static int take_evidence(int *argc, char **argv, ev_args *ev)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		const char **to = !strcmp(a, "--dob")           ? &ev->dob
		                  : !strcmp(a, "--nationality") ? &ev->nationality
		                  : !strcmp(a, "--imo")         ? &ev->imo
		                  : !strcmp(a, "--address")     ? &ev->address
		                  : !strcmp(a, "--city")        ? &ev->city
		                                                : NULL;
		int is_id = !strcmp(a, "--id");
		if (!strcmp(a, "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!to && !is_id) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= *argc || !*argv[i + 1]) {
			cli_err("screen: %s needs a value", a);
			return -1;
		}
		const char *v = argv[++i];
		if (to) {
			*to = v;
			continue;
		}
		if (ev->nids == MAX_IDS) {
			cli_err("screen: at most %d --id options", MAX_IDS);
			return -1;
		}
		/* NUMBER, TYPE:NUMBER or TYPE:NUMBER:COUNTRY */
		char *b = ev->buf[ev->nids];
		if (strlen(v) >= sizeof(ev->buf[0])) {
			cli_err("screen: --id '%.40s...' is too long", v);
			return -1;
		}
		strcpy(b, v);
		clr_query_id *q = &ev->ids[ev->nids++];
		char *c1 = strchr(b, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		*q = (clr_query_id){NULL, b, NULL};
		if (c1) {
			*c1 = '\0';
			q->type = *b ? b : NULL; /* ":NUMBER:CC": any kind */
			q->number = c1 + 1;
		}
		if (c2) {
			*c2 = '\0';
			q->country = c2 + 1;
		}
		if (!*q->number) {
			cli_err("screen: --id '%s': expected NUMBER, TYPE:NUMBER or TYPE:NUMBER:COUNTRY", v);
			return -1;
		}
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

/* Loads the lists (or the index) when given, or always with required, and
 * makes a screener over them; 0, or the exit status after the error. */
static int open_screener(cli_common *c, int required, clr_db **db, clr_screener **s)
{
	*db = NULL;
	if (required || c->nlists || c->naliases || c->index || getenv("CLEARANCE_LISTS")) {
		int rc = cli_load(c, db);
		if (rc)
			return rc;
	}
	if (clr_screener_new(s, *db)) {
		clr_db_free(*db);
		return cli_err("out of memory");
	}
	return 0;
}

int cmd_screen(int argc, char **argv)
{
	cli_common c = {0};
	const char *names[256];
	int nnames;
	ev_args ev = {0};
	if (take_evidence(&argc, argv, &ev) < 0)
		return EXIT_ERROR;
	clr_screen_opts evo;
	clr_screen_opts_init(&evo);
	evo.dob = ev.dob;
	evo.nationality = ev.nationality;
	evo.imo = ev.imo;
	evo.address = ev.address;
	evo.city = ev.city;
	evo.ids = ev.ids;
	evo.nids = ev.nids;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--store") || !strcmp(argv[i], "--as-of"))
			return cmd_screen_store(argc, argv, &evo); /* store_cmds.c */
	if (cli_parse(&c, argc, argv, names, 256, &nnames) < 0)
		return EXIT_ERROR;
	if (!nnames)
		return cli_err("screen: no name given");
	c.opts.dob = evo.dob;
	c.opts.nationality = evo.nationality;
	c.opts.imo = evo.imo;
	c.opts.address = evo.address;
	c.opts.city = evo.city;
	c.opts.ids = evo.ids;
	c.opts.nids = evo.nids;
	clr_db *db;
	clr_screener *s;
	int rc = open_screener(&c, 1, &db, &s);
	if (rc)
		return rc;
	int status = EXIT_CLEAR;
	for (int k = 0; k < nnames && status != EXIT_ERROR; k++) {
		clr_result *r;
		if (clr_screen(s, &c.opts, names[k], &r) < 0) {
			status = cli_err("'%s': %s", names[k], clr_screener_errmsg(s));
			break;
		}
		if (r->nalerts)
			status = EXIT_ALERT;
		if (c.json) {
			clr_record rec = {.id = names[k], .name = names[k]};
			char *line;
			if (clr_batch_line_json(&rec, r, &line) == 0) {
				puts(line);
				free(line);
			}
		} else {
			printf("%s: %zu alert%s\n", names[k], r->nalerts, r->nalerts == 1 ? "" : "s");
			for (size_t i = 0; i < r->nalerts; i++) {
				print_alert_text("ALERT", &r->alerts[i]);
				print_listings(r, i);
			}
			if (r->ncleared)
				printf("  cleared by evidence (%zu): the name alone would alert\n",
				       r->ncleared);
			for (size_t i = 0; i < r->ncleared; i++)
				print_alert_text("CLEARED", &r->cleared[i]);
		}
		clr_result_free(r);
	}
	clr_screener_free(s);
	clr_db_free(db);
	return status;
}

int cmd_compare(int argc, char **argv)
{
	cli_common c = {0};
	const char *names[2];
	int nnames;
	if (cli_parse(&c, argc, argv, names, 2, &nnames) < 0)
		return EXIT_ERROR;
	if (nnames != 2)
		return cli_err("compare: exactly two names");
	clr_db *db;
	clr_screener *s;
	clr_result *r;
	int rc = open_screener(&c, 0, &db, &s);
	if (rc)
		return rc;
	if (clr_compare(s, c.opts.type, names[0], names[1], &r) < 0) {
		int e = cli_err("compare: %s", clr_screener_errmsg(s));
		clr_screener_free(s);
		clr_db_free(db);
		return e;
	}
	const clr_alert *a = &r->alerts[0];
	double threshold = c.opts.threshold > 0 ? c.opts.threshold : CLR_DEFAULT_THRESHOLD;
	char *ex = NULL;
	if (clr_alert_explain_json(a, &ex) == 0) {
		printf("{\"score\":%.4f,\"match\":%s,\"explain\":%s}\n", a->score,
		       a->score + 1e-6 >= threshold ? "true" : "false", ex);
		free(ex);
	}
	clr_result_free(r);
	clr_screener_free(s);
	clr_db_free(db);
	return EXIT_CLEAR;
}

int cmd_show(int argc, char **argv)
{
	cli_common c = {0};
	const char *ids[256];
	int nids, all = 0;
	const cli_opt opts[] = {{"--all", NULL, &all}, {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, ids, 256, &nids) < 0)
		return EXIT_ERROR;
	if (all && nids)
		return cli_err("show: --all or IDs, not both");
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	int status = EXIT_CLEAR;
	size_t n = all ? clr_db_entry_count(db) : (size_t)nids;
	for (size_t k = 0; k < n; k++) {
		const clr_entry *e = all ? clr_db_entry(db, k) : clr_db_find(db, ids[k]);
		char *js;
		if (!e && all) {
			status = cli_err("%s", clr_db_errmsg(db));
			break;
		}
		if (!e) {
			status = cli_err("show: no entry with id '%s'", ids[k]);
			continue;
		}
		if (clr_entry_json(e, &js) < 0) {
			status = cli_err("out of memory");
			break;
		}
		/* the party's other listings, as an alert shows them */
		clr_listing l[64];
		size_t nl = clr_db_listings(db, e->id, l, 64);
		size_t len = strlen(js);
		if (nl && len && js[len - 1] == '}') {
			js[len - 1] = '\0';
			printf("%s,\"listings\":[", js);
			for (size_t i = 0; i < nl && i < 64; i++) {
				char *lj;
				if (clr_entry_json(l[i].entry, &lj) < 0 || !*lj) {
					free(lj);
					continue;
				}
				lj[strlen(lj) - 1] = '\0';
				printf("%s%s,\"linked_by\":\"%s\"}", i ? "," : "", lj, l[i].linked_by);
				free(lj);
			}
			printf("]}\n");
		} else {
			puts(js);
		}
		free(js);
	}
	clr_db_free(db);
	return status;
}

int cmd_normalize(int argc, char **argv)
{
	cli_common c = {0};
	const char *names[256];
	int nnames;
	if (cli_parse(&c, argc, argv, names, 256, &nnames) < 0)
		return EXIT_ERROR;
	clr_db *db;
	clr_screener *s;
	int rc = open_screener(&c, 0, &db, &s);
	if (rc)
		return rc;
	int status = EXIT_CLEAR;
	for (int i = 0; i < nnames; i++) {
		char *out;
		if (clr_normalize(s, names[i], &out) < 0) {
			status = cli_err("'%s': %s", names[i], clr_screener_errmsg(s));
			continue;
		}
		printf("%s\n", out);
		for (char *tok = db ? strtok(out, " ") : NULL; tok; tok = strtok(NULL, " ")) {
			size_t df;
			double w;
			int common;
			if (clr_db_token_stats(db, tok, &df, &w, &common) == 0)
				printf("  %-20s in %6zu listed names, weight %6.3f%s\n", tok, df, w,
				       common ? ", common" : "");
			else
				printf("  %-20s not in the lists\n", tok);
		}
		free(out);
	}
	clr_screener_free(s);
	clr_db_free(db);
	return status;
}
