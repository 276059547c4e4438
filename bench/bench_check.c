/*
 * bench_check.c - benchmarks of issue 3: (1) the ownership fixed point on a
 * generated graph of N edges (default 1,000,000), parse and resolve timed
 * apart; (2) license decisions per second on one core: T transactions of 4
 * parties (default 100,000) against the lists given and a generated graph of
 * 100,000 edges whose roots are real list entries.  Generated data only; it
 * writes nothing.
 * usage: bench_check RULES_DIR [LIST_PATH... ] [--edges N] [--tx T]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "owner/owner.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A random forest: the first 1% of parties are roots, every other party is
 * owned by 1-3 earlier parties at 20-70% each. */
static char *gen_graph(size_t nedges, const char *const *roots, size_t nroots, size_t *len)
{
	size_t cap = nedges * 64 + 256, n = 0;
	char *csv = malloc(cap);
	n += (size_t)snprintf(csv, cap, "owner_id,owner_name,owned_id,owned_name,percent,"
	                      "start_date,end_date\n");
	size_t e = 0, party = nroots ? nroots : 100;
	while (e < nedges) {
		int k = 1 + rand() % 3;
		for (int j = 0; j < k && e < nedges; j++, e++) {
			size_t owner = (size_t)rand() % party;
			char oid[64];
			if (owner < nroots && roots)
				snprintf(oid, sizeof(oid), "list:%s", roots[owner]);
			else
				snprintf(oid, sizeof(oid), "p%zu", owner);
			n += (size_t)snprintf(csv + n, cap - n, "%s,,p%zu,Generated Party %zu Trading Co,"
			                      "%d,%s,\n", oid, party, party, 20 + rand() % 51,
			                      rand() % 10 ? "" : "2025-01-01");
		}
		party++;
	}
	*len = n;
	return csv;
}

int main(int argc, char **argv)
{
	size_t nedges = 1000000, ntx = 100000;
	const char *rules = NULL, *lists[16];
	int nlists = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--edges") && i + 1 < argc)
			nedges = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--tx") && i + 1 < argc)
			ntx = strtoul(argv[++i], NULL, 10);
		else if (!rules)
			rules = argv[i];
		else if (nlists < 16)
			lists[nlists++] = argv[i];
	}
	if (!rules) {
		fprintf(stderr, "usage: bench_check RULES_DIR [LIST_PATH...] [--edges N] [--tx T]\n");
		return 2;
	}
	srand(42);
	/* ---- 1: the fixed point ---- */
	size_t len;
	double t0 = now();
	char *csv = gen_graph(nedges, NULL, 0, &len);
	double t1 = now();
	clr_owner_graph *g;
	if (clr_owner_new(&g) || clr_owner_parse(g, csv, len, "generated") < 0) {
		fprintf(stderr, "parse: %s\n", clr_owner_errmsg(g));
		return 1;
	}
	free(csv);
	double t2 = now();
	size_t nn = g->nodes.n;
	uint8_t *l0 = calloc(nn, 1), *l1 = calloc(nn, 1);
	for (size_t i = 0; i < 100 && i < nn; i++) {
		long k = clr__owner_find(g, "p0", 2);
		char id[32];
		snprintf(id, sizeof(id), "p%zu", i);
		k = clr__owner_find(g, id, strlen(id));
		if (k >= 0)
			l0[k] = l1[k] = 1;
	}
	uint8_t *listed[CLR_NRULES] = {l0, l1};
	clr_owner_res res = {0};
	double t3 = now();
	if (clr__owner_resolve(g, 20250601, listed, &res) < 0)
		return 1;
	double t4 = now();
	size_t cov = 0;
	for (size_t i = 0; i < nn; i++)
		cov += (res.state[0][i] & CLR_OWN_COVERED) != 0;
	printf("fixed point: %zu edges, %zu parties: generate %.2f s, parse+cycle check %.2f s, "
	       "resolve both rules %.3f s (%zu covered, %zu edges in force)\n",
	       g->edges.n, nn, t1 - t0, t2 - t1, t4 - t3, cov, res.edges_in_force);
	clr__owner_res_free(&res);
	clr_owner_free(g);
	free(l0);
	free(l1);
	if (!nlists)
		return 0;

	/* ---- 2: decisions per second ---- */
	clr_db *db;
	if (clr_db_new(&db))
		return 1;
	for (int i = 0; i < nlists; i++)
		if (clr_db_load(db, lists[i], CLR_LOAD_LENIENT) < 0) {
			fprintf(stderr, "%s\n", clr_db_errmsg(db));
			return 1;
		}
	if (clr_db_prepare(db) < 0)
		return 1;
	const char *roots[200];
	const char *names[200];
	size_t nroots = 0;
	for (size_t i = 0; i < clr_db_entry_count(db) && nroots < 200; i += 97) {
		const clr_entry *e = clr_db_entry(db, i);
		if (strchr(e->id, ',') || strchr(e->id, '"'))
			continue;
		roots[nroots] = e->id;
		names[nroots++] = e->names[0].name;
	}
	csv = gen_graph(100000, roots, nroots, &len);
	if (clr_owner_new(&g) || clr_owner_parse(g, csv, len, "generated") < 0)
		return 1;
	free(csv);
	clr_check *c;
	if (clr_check_new(&c, db, NULL) || clr_check_load_rules(c, rules) < 0) {
		fprintf(stderr, "%s\n", c ? clr_check_errmsg(c) : "out of memory");
		return 1;
	}
	double t5 = now();
	if (clr_check_set_ownership(c, g) < 0) {
		fprintf(stderr, "%s\n", clr_check_errmsg(c));
		return 1;
	}
	double t6 = now();
	static const char *const dates[] = {"2025-06-01", "2025-10-15", "2026-02-01", "2026-12-01"};
	static const char *const roles[] = {"purchaser", "intermediate_consignee",
	                                    "ultimate_consignee", "end_user"};
	static const char *const clean[] = {"Maple Leaf Dairy Cooperative", "Nordic Timber AB",
	                                    "Rio Verde Agricola Ltda", "Hanse Logistik GmbH"};
	char req[4096];
	size_t counts[4] = {0};
	double t7 = now();
	for (size_t t = 0; t < ntx; t++) {
		/* destinations of every kind: no X, X for 5A992's AT column only, an
		 * embargo, 746.8 (EAR99 with an HTS code), a 744.21 destination */
		static const char *const dests[] = {"DE", "CN", "JP", "BR", "IN", "AE", "RU", "CU"};
		size_t n = (size_t)snprintf(req, sizeof(req),
		                            "{\"id\":\"t%zu\",\"date\":\"%s\",\"destination\":\"%s\","
		                            "\"end_use\":\"civil\",\"items\":[{\"eccn\":\"%s\","
		                            "\"hts\":\"090121\"}],\"parties\":[", t, dates[t % 4],
		                            dests[(t / 2) % 8], t % 2 ? "EAR99" : "5A992");
		for (int p = 0; p < 4; p++) {
			int kind = rand() % 10;
			char name[256];
			if (kind < 3) { /* a graph party */
				size_t v = (size_t)rand() % g->nodes.n;
				n += (size_t)snprintf(req + n, sizeof(req) - n,
				                      "%s{\"role\":\"%s\",\"id\":\"%s\",\"name\":\"%s\"}",
				                      p ? "," : "", roles[p], g->nodes.v[v].id,
				                      g->nodes.v[v].name ? g->nodes.v[v].name : "x");
				continue;
			}
			if (kind < 4) /* a listed name */
				snprintf(name, sizeof(name), "%s", names[(size_t)rand() % nroots]);
			else
				snprintf(name, sizeof(name), "%s", clean[rand() % 4]);
			for (char *q = name; *q; q++)
				if (*q == '"' || *q == '\\')
					*q = ' ';
			n += (size_t)snprintf(req + n, sizeof(req) - n,
			                      "%s{\"role\":\"%s\",\"name\":\"%s\"}", p ? "," : "",
			                      roles[p], name);
		}
		n += (size_t)snprintf(req + n, sizeof(req) - n, "]}");
		char *out;
		if (clr_check_json(c, req, n, &out) < 0) {
			fprintf(stderr, "t%zu: %s\n%s\n", t, clr_check_errmsg(c), req);
			return 1;
		}
		const char *d = strstr(out, "\"decision\":\"");
		counts[d[12] == 'p' ? 0 : d[12] == 'l' ? 1 : d[12] == 'r' ? 2 : 3]++;
		free(out);
	}
	double t8 = now();
	printf("decisions: %zu entries, graph %zu edges / %zu parties linked in %.2f s "
	       "(name screening); %zu transactions x 4 parties in %.2f s = %.0f decisions/s on "
	       "one core (prohibited %zu, license_required %zu, review %zu, clear %zu)\n",
	       clr_db_entry_count(db), g->edges.n, g->nodes.n, t6 - t5, ntx, t8 - t7,
	       ntx / (t8 - t7), counts[0], counts[1], counts[2], counts[3]);
	clr_check_free(c);
	clr_owner_free(g);
	clr_db_free(db);
	return 0;
}
