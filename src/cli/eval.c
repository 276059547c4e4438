/*
 * eval.c - `clearance eval`: accuracy of the matcher on a query set with
 * known answers (JSON lines, screened against the lists) or on labelled name
 * pairs (CSV, scored with clr_compare), per category and over a threshold
 * sweep, so that the default threshold is chosen from measured figures.
 * It only measures: it never tunes or changes what it measures.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "cli.h"

#define EVAL_FLOOR 0.50
#define NSWEEP 11
static const double sweep[NSWEEP] = {0.70, 0.72, 0.74, 0.76, 0.78, 0.80,
                                     0.82, 0.84, 0.86, 0.88, 0.90};

typedef struct cat {
	char name[64];
	size_t n, pos;
	size_t hit[NSWEEP];   /* positives with a right alert at >= t */
	size_t alert[NSWEEP]; /* negatives with any alert at >= t */
	size_t wrong[NSWEEP]; /* positives whose best alert at >= t is a wrong entry */
} cat;

static int entry_expected(const clr_entry *e, json_t *ids, json_t *names)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), e->id))
			return 1;
	json_array_foreach(names, i, v) {
		if (!json_is_string(v))
			continue;
		for (size_t k = 0; k < e->nnames; k++)
			if (!strcmp(json_string_value(v), e->names[k].name))
				return 1;
	}
	return 0;
}

/* Alert k of r is on an expected entry, or on its party: an alert shows a
 * party listed several times once, the other listings under it. */
static int expected_hit(const clr_result *r, size_t k, json_t *ids, json_t *names)
{
	if (entry_expected(r->alerts[k].entry, ids, names))
		return 1;
	const clr_listing *l;
	size_t n = clr_result_listings(r, k, &l);
	for (size_t i = 0; i < n; i++)
		if (entry_expected(l[i].entry, ids, names))
			return 1;
	return 0;
}

static int eval_pairs(cli_common *c, const char *path, const char *md);


/* A query's evidence fields (dob, nationality, address, city, imo as a
 * string or number, ids [{"type", "number", "country"}]) into o; -1 when
 * ids is not such an array of at most cap. */
static int query_evidence(json_t *q, clr_screen_opts *o, clr_query_id *ids, size_t cap,
                          char *imobuf, size_t imocap)
{
	o->dob = json_string_value(json_object_get(q, "dob"));
	o->nationality = json_string_value(json_object_get(q, "nationality"));
	o->address = json_string_value(json_object_get(q, "address"));
	o->city = json_string_value(json_object_get(q, "city"));
	json_t *imo = json_object_get(q, "imo");
	o->imo = json_string_value(imo);
	if (json_is_integer(imo)) {
		snprintf(imobuf, imocap, "%lld", (long long)json_integer_value(imo));
		o->imo = imobuf;
	}
	json_t *v = json_object_get(q, "ids"), *x;
	size_t i;
	o->nids = 0;
	o->ids = ids;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > cap)
		return -1;
	json_array_foreach(v, i, x)
	{
		const char *num = json_string_value(json_object_get(x, "number"));
		if (!num)
			return -1;
		ids[o->nids++] = (clr_query_id){json_string_value(json_object_get(x, "type")), num,
		                                json_string_value(json_object_get(x, "country"))};
	}
	return 0;
}

int cmd_eval(int argc, char **argv)
{
	cli_common c = {0};
	const char *queries = NULL, *pairs = NULL, *md = NULL;
	int verbose = 0, npos, names_only = 0;
	const cli_opt opts[] = {{"--queries", &queries, NULL}, {"--pairs", &pairs, NULL},
	                        {"--markdown", &md, NULL}, {"--names-only", NULL, &names_only},
	                        {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	if (queries && pairs)
		return cli_err("eval: --queries and --pairs exclude each other");
	if (pairs)
		return eval_pairs(&c, pairs, md);
	if (!queries)
		return cli_err("eval: --queries FILE or --pairs FILE is required");
	verbose = c.verbose;
	c.quiet = 1;
	double threshold = c.opts.threshold;
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	FILE *f = fopen(queries, "rb");
	if (!f) {
		clr_db_free(db);
		return cli_err("%s: cannot open", queries);
	}
	clr_screener *s;
	if (clr_screener_new(&s, db)) {
		fclose(f);
		clr_db_free(db);
		return cli_err("out of memory");
	}
	cat cats[64];
	size_t ncats = 0, line = 0;
	cat all = {.name = "all"};
	char *buf = NULL;
	size_t cap = 0;
	int status = EXIT_CLEAR;
	ssize_t len;
	c.opts.threshold = EVAL_FLOOR;
	while ((len = getline(&buf, &cap, f)) > 0) {
		line++;
		json_error_t je;
		json_t *q = json_loadb(buf, (size_t)len, 0, &je);
		if (!q || !json_is_object(q)) {
			status = cli_err("%s:%zu: %s", queries, line, q ? "expected an object" : je.text);
			json_decref(q);
			break;
		}
		const char *name = json_string_value(json_object_get(q, "name"));
		if (!name)
			name = json_string_value(json_object_get(q, "query"));
		const char *category = json_string_value(json_object_get(q, "category"));
		if (!category)
			category = json_string_value(json_object_get(q, "variant_type"));
		json_t *ids = json_array(), *names = json_array();
		int positive;
		json_t *exp = json_object_get(q, "expect");
		if (json_object_get(q, "expect")) {
			positive = json_is_object(exp);
			if (positive) {
				json_array_extend(ids, json_object_get(exp, "ids"));
				json_array_extend(names, json_object_get(exp, "names"));
			}
		} else {
			json_t *en = json_object_get(q, "expected_entry_name");
			positive = json_is_string(en);
			if (positive)
				json_array_append(names, en);
			category = positive ? "positive" : "near-miss";
		}
		if (!name) {
			status = cli_err("%s:%zu: field 'name': missing", queries, line);
			json_decref(ids);
			json_decref(names);
			json_decref(q);
			break;
		}
		clr_screen_opts o = c.opts;
		o.type = clr_type_parse(json_string_value(json_object_get(q, "type")));
		/* evidence beyond the name, as a batch record gives it */
		clr_query_id qids[32];
		char imobuf[32];
		if (!names_only && query_evidence(q, &o, qids, 32, imobuf, sizeof(imobuf)) < 0) {
			status = cli_err("%s:%zu: field 'ids': expected at most 32 objects with a number",
			                 queries, line);
			json_decref(ids);
			json_decref(names);
			json_decref(q);
			break;
		}
		clr_result *r;
		if (clr_screen(s, &o, name, &r) < 0) {
			status = cli_err("%s:%zu: %s", queries, line, clr_screener_errmsg(s));
			json_decref(ids);
			json_decref(names);
			json_decref(q);
			break;
		}
		double best_right = 0, best_any = 0, best_wrong = 0;
		const clr_alert *top = r->nalerts ? &r->alerts[0] : NULL;
		for (size_t k = 0; k < r->nalerts; k++) {
			const clr_alert *a = &r->alerts[k];
			if (a->score > best_any)
				best_any = a->score;
			if (positive && expected_hit(r, k, ids, names)) {
				if (a->score > best_right)
					best_right = a->score;
			} else if (a->score > best_wrong) {
				best_wrong = a->score;
			}
		}
		size_t k = 0;
		while (k < ncats && strcmp(cats[k].name, category ? category : "-"))
			k++;
		if (k == ncats && ncats < 64) {
			memset(&cats[ncats], 0, sizeof(cat));
			snprintf(cats[ncats].name, sizeof(cats[ncats].name), "%s", category ? category : "-");
			ncats++;
		}
		cat *cs[2] = {k < ncats ? &cats[k] : NULL, &all};
		for (int ci = 0; ci < 2; ci++) {
			if (!cs[ci])
				continue;
			cs[ci]->n++;
			cs[ci]->pos += positive;
			for (int t = 0; t < NSWEEP; t++) {
				if (positive) {
					cs[ci]->hit[t] += best_right + 1e-6 >= sweep[t];
					cs[ci]->wrong[t] += best_wrong + 1e-6 >= sweep[t] && best_wrong > best_right;
				} else {
					cs[ci]->alert[t] += best_any + 1e-6 >= sweep[t];
				}
			}
		}
		if (verbose) {
			int miss = positive ? best_right + 1e-6 < threshold : best_any + 1e-6 >= threshold;
			if (miss)
				fprintf(stderr, "%s %s [%s] %s -> %s %.3f (%s)\n",
				        positive ? "MISS" : "FALSE", json_string_value(json_object_get(q, "id")),
				        category, name, top ? top->entry->names[top->name_index].name : "-",
				        top ? top->score : 0.0, positive ? "best right" : "alert");
			if (miss && positive)
				fprintf(stderr, "     right best %.3f\n", best_right);
		}
		clr_result_free(r);
		json_decref(ids);
		json_decref(names);
		json_decref(q);
	}
	free(buf);
	fclose(f);
	clr_screener_free(s);
	clr_db_free(db);
	if (status != EXIT_CLEAR)
		return status;

	int ti = 0;
	for (int t = 0; t < NSWEEP; t++)
		if (sweep[t] <= threshold + 1e-9)
			ti = t;
	FILE *o = md ? fopen(md, "w") : NULL;
	FILE *outs[2] = {stdout, o};
	for (int oi = 0; oi < 2; oi++) {
		FILE *w = outs[oi];
		if (!w)
			continue;
		if (oi == 1)
			fprintf(w, "## %s\n\nThreshold %.2f. Lists: ", queries, sweep[ti]);
		if (oi == 1)
			for (int l = 0; l < c.nlists; l++)
				fprintf(w, "%s`%s`", l ? ", " : "", c.lists[l]);
		if (oi == 1 && c.index)
			fprintf(w, "index `%s`", c.index);
		fprintf(w, "%s\n| category | queries | positives | recall | false-alert rate | wrong entry on top |\n"
		           "|---|---:|---:|---:|---:|---:|\n", oi == 1 ? "\n" : "");
		for (size_t k = 0; k <= ncats; k++) {
			cat *x = k < ncats ? &cats[k] : &all;
			size_t neg = x->n - x->pos;
			fprintf(w, "| %s | %zu | %zu | ", x->name, x->n, x->pos);
			if (x->pos)
				fprintf(w, "%.4f | ", (double)x->hit[ti] / x->pos);
			else
				fprintf(w, "- | ");
			if (neg)
				fprintf(w, "%.4f (%zu/%zu) | ", (double)x->alert[ti] / neg, x->alert[ti], neg);
			else
				fprintf(w, "- | ");
			fprintf(w, "%zu |\n", x->wrong[ti]);
		}
		fprintf(w, "\nThreshold sweep (all categories):\n\n| threshold | recall | false-alert rate |\n|---:|---:|---:|\n");
		size_t neg = all.n - all.pos;
		for (int t = 0; t < NSWEEP; t++)
			fprintf(w, "| %.2f | %.4f | %.4f |\n", sweep[t],
			        all.pos ? (double)all.hit[t] / all.pos : 0.0,
			        neg ? (double)all.alert[t] / neg : 0.0);
		fprintf(w, "\n");
	}
	if (o)
		fclose(o);
	return EXIT_CLEAR;
}

/* ---- labelled name pairs (--pairs) ----------------------------------------
 *
 * A CSV file with a header naming at least the columns category, a, b and
 * expected (match or nonmatch); id and type (person, entity, unknown or
 * empty) are optional, other columns (source) are ignored.  Each pair is
 * scored with clr_compare(): with the lists' token weights when --list or
 * --index is given, with compare's built-in weights otherwise.  A pair is
 * decided a match when its score reaches the threshold.
 */

#define PAIR_MAX_CATS 128
#define PAIR_MAX_FIELDS 64
#define PAIR_MAX_FIELD_BYTES 65536 /* a name this long is no name: bad input */

enum { PC_ID, PC_CATEGORY, PC_TYPE, PC_A, PC_B, PC_EXPECTED, PC_N };
static const char *const pair_col[PC_N] = {"id", "category", "type", "a", "b", "expected"};

typedef struct pair_score {
	double score;
	unsigned cat;
	unsigned char match; /* expected */
} pair_score;

typedef struct pair_run {
	const char *path;
	clr_screener *s;
	double threshold;
	int verbose;
	size_t line;     /* physical line being read */
	size_t rec_line; /* line where the current record starts */
	char *f[PAIR_MAX_FIELDS];
	size_t nf, nf_seen;
	int have_header;
	int col[PC_N];
	size_t ncols;
	int status; /* EXIT_CLEAR, or EXIT_ERROR after the message */
	char cats[PAIR_MAX_CATS][64];
	size_t ncats;
	pair_score *v;
	size_t n, cap;
} pair_run;

static void pr_fields_free(pair_run *p)
{
	for (size_t i = 0; i < p->nf; i++)
		free(p->f[i]);
	p->nf = p->nf_seen = 0;
}

static void pr_error(pair_run *p, size_t line, const char *field, const char *fmt, const char *arg)
{
	if (p->status != EXIT_CLEAR)
		return;
	if (field)
		p->status = cli_err("%s:%zu: field '%s': %s%s%s", p->path, line, field, fmt,
		                    arg ? " " : "", arg ? arg : "");
	else
		p->status = cli_err("%s:%zu: %s%s%s", p->path, line, fmt, arg ? " " : "", arg ? arg : "");
}

static void pr_field(void *z, size_t len, void *payload)
{
	pair_run *p = payload;
	if (p->status != EXIT_CLEAR)
		return;
	if (!p->nf_seen)
		p->rec_line = p->line;
	p->nf_seen++;
	if (p->nf_seen > PAIR_MAX_FIELDS) {
		pr_error(p, p->rec_line, NULL, "more than 64 fields", NULL);
		return;
	}
	if (len > PAIR_MAX_FIELD_BYTES) {
		pr_error(p, p->rec_line, NULL, "a field exceeds 65536 bytes", NULL);
		return;
	}
	if (z && strlen(z) != len) {
		pr_error(p, p->rec_line, NULL, "NUL byte in a field", NULL);
		return;
	}
	char *copy = strdup(z ? z : "");
	if (!copy) {
		p->status = cli_err("out of memory");
		return;
	}
	p->f[p->nf++] = copy;
}

static const char *pr_get(const pair_run *p, int col)
{
	int i = p->col[col];
	return i >= 0 && (size_t)i < p->nf ? p->f[i] : NULL;
}

static void pr_header(pair_run *p)
{
	for (int k = 0; k < PC_N; k++)
		p->col[k] = -1;
	for (size_t i = 0; i < p->nf; i++)
		for (int k = 0; k < PC_N; k++)
			if (!strcmp(p->f[i], pair_col[k]) && p->col[k] < 0)
				p->col[k] = (int)i;
	p->ncols = p->nf;
	p->have_header = 1;
	static const int required[] = {PC_CATEGORY, PC_A, PC_B, PC_EXPECTED};
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (p->col[required[k]] < 0) {
			pr_error(p, p->rec_line, NULL, "the header has no column", pair_col[required[k]]);
			return;
		}
}

static void pr_pair(pair_run *p)
{
	size_t line = p->rec_line;
	if (p->nf != p->ncols) {
		char msg[96];
		snprintf(msg, sizeof(msg), "expected %zu fields, found %zu", p->ncols, p->nf);
		pr_error(p, line, NULL, msg, NULL);
		return;
	}
	const char *id = pr_get(p, PC_ID), *category = pr_get(p, PC_CATEGORY),
	           *type = pr_get(p, PC_TYPE), *a = pr_get(p, PC_A), *b = pr_get(p, PC_B),
	           *exp = pr_get(p, PC_EXPECTED);
	static const int nonempty[] = {PC_CATEGORY, PC_A, PC_B, PC_EXPECTED};
	for (size_t k = 0; k < sizeof(nonempty) / sizeof(nonempty[0]); k++) {
		const char *v = pr_get(p, nonempty[k]);
		if (!v || !*v) {
			pr_error(p, line, pair_col[nonempty[k]], "empty", NULL);
			return;
		}
	}
	int match;
	if (!strcmp(exp, "match"))
		match = 1;
	else if (!strcmp(exp, "nonmatch"))
		match = 0;
	else {
		pr_error(p, line, "expected", "expected match or nonmatch, got", exp);
		return;
	}
	clr_type t = CLR_TYPE_UNKNOWN;
	if (type && !strcmp(type, "person"))
		t = CLR_TYPE_PERSON;
	else if (type && !strcmp(type, "entity"))
		t = CLR_TYPE_ENTITY;
	else if (type && *type && strcmp(type, "unknown")) {
		pr_error(p, line, "type", "expected person, entity or unknown, got", type);
		return;
	}
	if (strlen(category) >= sizeof(p->cats[0])) {
		pr_error(p, line, "category", "longer than 63 bytes", NULL);
		return;
	}
	size_t k = 0;
	while (k < p->ncats && strcmp(p->cats[k], category))
		k++;
	if (k == p->ncats) {
		if (p->ncats == PAIR_MAX_CATS) {
			pr_error(p, line, "category", "more than 128 categories", NULL);
			return;
		}
		memcpy(p->cats[p->ncats++], category, strlen(category) + 1);
	}
	clr_result *r;
	if (clr_compare(p->s, t, a, b, &r) < 0) {
		pr_error(p, line, NULL, clr_screener_errmsg(p->s), NULL);
		return;
	}
	double score = r->nalerts ? r->alerts[0].score : 0.0;
	clr_result_free(r);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024, bytes;
		pair_score *nv;
		if (__builtin_mul_overflow(cap, sizeof(*nv), &bytes) ||
		    !(nv = realloc(p->v, bytes))) {
			p->status = cli_err("out of memory");
			return;
		}
		p->v = nv;
		p->cap = cap;
	}
	p->v[p->n++] = (pair_score){score, (unsigned)k, (unsigned char)match};
	int decided = score + 1e-6 >= p->threshold;
	if (p->verbose && decided != match)
		fprintf(stderr, "%s %s [%s] %.4f  %s  <>  %s\n", match ? "FN" : "FP",
		        id && *id ? id : "-", category, score, a, b);
}

static void pr_row(int c, void *payload)
{
	pair_run *p = payload;
	(void)c;
	if (p->status == EXIT_CLEAR) {
		if (!p->have_header)
			pr_header(p);
		else
			pr_pair(p);
	}
	pr_fields_free(p);
}

typedef struct pair_tally {
	size_t n, pos, tp, fp;
} pair_tally;

static void pr_print_ratio(FILE *w, size_t num, size_t den)
{
	if (den)
		fprintf(w, " %.4f |", (double)num / den);
	else
		fprintf(w, " - |");
}

/* precision, recall and F1 ("-" when undefined) */
static void pr_print_prf(FILE *w, const pair_tally *t)
{
	size_t fn = t->pos - t->tp;
	pr_print_ratio(w, t->tp, t->tp + t->fp);
	pr_print_ratio(w, t->tp, t->pos);
	if (t->tp + t->fp && t->pos)
		pr_print_ratio(w, 2 * t->tp, 2 * t->tp + t->fp + fn);
	else
		fprintf(w, " - |");
}

static pair_tally pr_tally(const pair_run *p, long which, double threshold)
{
	pair_tally t = {0, 0, 0, 0};
	for (size_t i = 0; i < p->n; i++) {
		const pair_score *x = &p->v[i];
		if (which >= 0 && x->cat != (unsigned)which)
			continue;
		int decided = x->score + 1e-6 >= threshold;
		t.n++;
		t.pos += x->match;
		t.tp += x->match && decided;
		t.fp += !x->match && decided;
	}
	return t;
}

static void pr_report(const pair_run *p, const cli_common *c, FILE *w, int markdown)
{
	if (markdown) {
		fprintf(w, "Pairs `%s`, threshold %.2f, ", p->path, p->threshold);
		if (c->nlists || c->index) {
			fprintf(w, "token weights of ");
			for (int l = 0; l < c->nlists; l++)
				fprintf(w, "%s`%s`", l ? ", " : "", c->lists[l]);
			if (c->index)
				fprintf(w, "index `%s`", c->index);
		} else {
			fprintf(w, "built-in token weights (no lists)");
		}
		fprintf(w, ".\n\n");
	}
	fprintf(w, "| category | pairs | matches | non-matches | TP | FP | FN | precision | recall | F1 "
	           "| false-match rate |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t k = 0; k <= p->ncats; k++) {
		pair_tally t = pr_tally(p, k < p->ncats ? (long)k : -1, p->threshold);
		fprintf(w, "| %s | %zu | %zu | %zu | %zu | %zu | %zu |", k < p->ncats ? p->cats[k] : "all",
		        t.n, t.pos, t.n - t.pos, t.tp, t.fp, t.pos - t.tp);
		pr_print_prf(w, &t);
		pr_print_ratio(w, t.fp, t.n - t.pos);
		fprintf(w, "\n");
	}
	fprintf(w, "\nThreshold sweep (all pairs):\n\n| threshold | precision | recall | F1 |\n"
	           "|---:|---:|---:|---:|\n");
	for (int i = 0; i < NSWEEP; i++) {
		pair_tally t = pr_tally(p, -1, sweep[i]);
		fprintf(w, "| %.2f |", sweep[i]);
		pr_print_prf(w, &t);
		fprintf(w, "\n");
	}
	fprintf(w, "\n");
}

static int eval_pairs(cli_common *c, const char *path, const char *md)
{
	pair_run p;
	memset(&p, 0, sizeof(p));
	p.path = path;
	p.status = EXIT_CLEAR;
	p.verbose = c->verbose;
	p.threshold = c->opts.threshold > 0 ? c->opts.threshold : CLR_DEFAULT_THRESHOLD;
	c->quiet = 1;
	clr_db *db = NULL;
	if (c->nlists || c->index) {
		int rc = cli_load(c, &db);
		if (rc)
			return rc;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		clr_db_free(db);
		return cli_err("%s: cannot open", path);
	}
	if (clr_screener_new(&p.s, db)) {
		fclose(f);
		clr_db_free(db);
		return cli_err("out of memory");
	}
	struct csv_parser cp;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		clr_screener_free(p.s);
		fclose(f);
		clr_db_free(db);
		return cli_err("out of memory");
	}
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	/* fed a line at a time, so that a record knows the line it starts on */
	while (p.status == EXIT_CLEAR && (len = getline(&buf, &cap, f)) > 0) {
		p.line++;
		if (p.line == 1 && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			memmove(buf, buf + 3, (size_t)len - 2);
			len -= 3;
		}
		if (csv_parse(&cp, buf, (size_t)len, pr_field, pr_row, &p) != (size_t)len)
			pr_error(&p, p.line, NULL, csv_strerror(csv_error(&cp)), NULL);
	}
	if (p.status == EXIT_CLEAR && ferror(f))
		p.status = cli_err("%s: read error", path);
	if (p.status == EXIT_CLEAR && csv_fini(&cp, pr_field, pr_row, &p) != 0)
		pr_error(&p, p.nf_seen ? p.rec_line : p.line, NULL,
		         "unterminated quoted field (its quote opens on this line)", NULL);
	if (p.status == EXIT_CLEAR && !p.have_header)
		p.status = cli_err("%s: no header line", path);
	pr_fields_free(&p);
	csv_free(&cp);
	free(buf);
	fclose(f);
	clr_screener_free(p.s);
	clr_db_free(db);
	if (p.status == EXIT_CLEAR) {
		pr_report(&p, c, stdout, 0);
		if (md) {
			FILE *o = fopen(md, "w");
			if (!o)
				p.status = cli_err("%s: cannot write", md);
			else {
				pr_report(&p, c, o, 1);
				if (fclose(o))
					p.status = cli_err("%s: write error", md);
			}
		}
	}
	free(p.v);
	return p.status;
}
