/*
 * eval.c - `clearance eval`: accuracy of the matcher on a query set with
 * known answers (JSON lines), per category and over a threshold sweep, so
 * that the default threshold is chosen from measured figures.
 */
#include <stdlib.h>
#include <string.h>

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

static int expected_hit(const clr_alert *a, json_t *ids, json_t *names)
{
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), a->entry->id))
			return 1;
	json_array_foreach(names, i, v) {
		if (!json_is_string(v))
			continue;
		for (size_t k = 0; k < a->entry->nnames; k++)
			if (!strcmp(json_string_value(v), a->entry->names[k].name))
				return 1;
	}
	return 0;
}

int cmd_eval(int argc, char **argv)
{
	cli_common c = {0};
	const char *queries = NULL, *md = NULL;
	int verbose = 0, npos;
	const cli_opt opts[] = {{"--queries", &queries, NULL}, {"--markdown", &md, NULL},
	                        {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	if (!queries)
		return cli_err("eval: --queries FILE is required");
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
			if (positive && expected_hit(a, ids, names)) {
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
