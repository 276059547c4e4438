/* test_owner.c - the ownership graph: percentages and dates, every negative
 * case of the CSV parser with its file, line and field (all or nothing per
 * file), warnings (cycles, self-ownership, conflicting names), and the fixed
 * point of the 50% rules on hand-made graphs: 51/50/49%, aggregation,
 * chains, cycles, effective dates, paths, and a 100,000-edge graph. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "owner/owner.h"

#define HDR "owner_id,owner_name,owned_id,owned_name,percent,start_date,end_date\n"

static clr_owner_graph *graph(const char *csv)
{
	clr_owner_graph *g;
	cr_assert_eq(clr_owner_new(&g), 0);
	int rc = clr_owner_parse(g, csv, strlen(csv), "t.csv");
	cr_assert_eq(rc, 0, "%s", clr_owner_errmsg(g));
	return g;
}

static int parse_err(const char *csv, const char *want)
{
	clr_owner_graph *g;
	cr_assert_eq(clr_owner_new(&g), 0);
	int rc = clr_owner_parse(g, csv, strlen(csv), "t.csv");
	cr_expect(strstr(clr_owner_errmsg(g), want), "want '%s' in '%s'", want,
	          clr_owner_errmsg(g));
	cr_expect_eq(clr_owner_edge_count(g), 0);
	cr_expect_eq(clr_owner_party_count(g), 0);
	clr_owner_free(g);
	return rc;
}

/* Listed flags from a list of ids, the same for both rules. */
static void resolve(clr_owner_graph *g, const char *const *ids, int32_t date,
                    clr_owner_res *res)
{
	uint8_t *l0 = calloc(g->nodes.n + 1, 1), *l1 = calloc(g->nodes.n + 1, 1);
	for (; *ids; ids++) {
		long k = clr__owner_find(g, *ids, strlen(*ids));
		cr_assert_geq(k, 0, "%s", *ids);
		l0[k] = l1[k] = 1;
	}
	uint8_t *listed[CLR_NRULES] = {l0, l1};
	cr_assert_eq(clr__owner_resolve(g, date, listed, res), 0);
	free(l0);
	free(l1);
}

static int covered(clr_owner_graph *g, clr_owner_res *res, const char *id)
{
	long k = clr__owner_find(g, id, strlen(id));
	cr_assert_geq(k, 0, "%s", id);
	return (res->state[CLR_RULE_OFAC50][k] & CLR_OWN_COVERED) != 0;
}

Test(owner, percentages)
{
	uint32_t v;
	cr_expect_eq(clr__owner_pct("51", 2, &v), 0);
	cr_expect_eq(v, 51u * CLR_PCT_ONE);
	cr_expect_eq(clr__owner_pct(" 33.333333 ", 11, &v), 0);
	cr_expect_eq(v, 33333333u);
	cr_expect_eq(clr__owner_pct("50%", 3, &v), 0);
	cr_expect_eq(v, CLR_PCT_50);
	cr_expect_eq(clr__owner_pct("100", 3, &v), 0);
	cr_expect_eq(clr__owner_pct(".5", 2, &v), 0);
	cr_expect_eq(v, CLR_PCT_ONE / 2);
	const char *range[] = {"0", "-5", "-0.1", "100.000001", "101", "99999999999"};
	for (size_t i = 0; i < sizeof(range) / sizeof(*range); i++)
		cr_expect_eq(clr__owner_pct(range[i], strlen(range[i]), &v), -2, "%s", range[i]);
	const char *bad[] = {"", "abc", "1e2", "50,5", "1.1234567", "5 0", ".", "nan", "--5",
	                     "50%%"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_expect_eq(clr__owner_pct(bad[i], strlen(bad[i]), &v), -1, "%s", bad[i]);
}

Test(owner, dates)
{
	int32_t d;
	char out[11];
	cr_expect_eq(clr__owner_date("2024-02-29", 10, &d), 0);
	cr_expect_eq(d, 20240229);
	clr__owner_date_fmt(d, out);
	cr_expect_str_eq(out, "2024-02-29");
	const char *bad[] = {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01",
	                     "2025/01/01", "2025-1-01", "1800-01-01", "2025-01-01x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_expect_eq(clr__owner_date(bad[i], strlen(bad[i]), &d), -1, "%s", bad[i]);
}

Test(owner, parse_errors_name_file_line_field)
{
	cr_expect_eq(parse_err(HDR "a,A,b,B,50,,\na,A,c,C,x,,\n", "t.csv:3: field 'percent'"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,-1,,\n", "t.csv:2: field 'percent': '-1' is outside"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,150,,\n", "outside (0, 100]"), CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,50,2025-02-30,\n", "t.csv:2: field 'start_date'"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,50,,yesterday\n", "t.csv:2: field 'end_date'"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,50,2025-01-02,2025-01-01\n", "before start_date"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR ",A,b,B,50,,\n", "t.csv:2: field 'owner_id': empty party id"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,,B,50,,\n", "field 'owned_id': empty"), CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "list:,A,b,B,50,,\n", "'list:' without an entry id"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,A,b,B,50,,,extra\n", "t.csv:2: record has 8 fields"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,\"A\"x,b,B,50,,\n", "t.csv:2: malformed quoting"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,\"A,b,B,50,,\n", "unterminated quoted field"), CLR_EINPUT);
	cr_expect_eq(parse_err(HDR "a,\xff,b,B,50,,\n", "field 'owner_name': invalid UTF-8"),
	             CLR_EINPUT);
	cr_expect_eq(parse_err("owner_id,owned_id,percent\n", "t.csv:1: field 'owner_name': "
	                       "missing from the header"), CLR_EINPUT);
	cr_expect_eq(parse_err("owner_id,owner_id,owner_name,owned_id,owned_name,percent,"
	                       "start_date,end_date\n", "column named twice"), CLR_EINPUT);
	cr_expect_eq(parse_err("", "empty file"), CLR_EINPUT);
}

Test(owner, all_or_nothing_per_file)
{
	clr_owner_graph *g = graph(HDR "a,A,b,B,50,,\n");
	const char *bad = HDR "c,C,d,D,50,,\nc,C,e,E,oops,,\n";
	cr_expect_eq(clr_owner_parse(g, bad, strlen(bad), "u.csv"), CLR_EINPUT);
	cr_expect(strstr(clr_owner_errmsg(g), "u.csv:3: field 'percent'"));
	cr_expect_eq(clr_owner_edge_count(g), 1);
	cr_expect_eq(clr_owner_party_count(g), 2);
	cr_expect_eq(clr__owner_find(g, "c", 1), -1);
	cr_expect_geq(clr__owner_find(g, "b", 1), 0);
	clr_owner_free(g);
}

Test(owner, header_order_countries_bom_crlf)
{
	clr_owner_graph *g = graph("\xEF\xBB\xBFpercent,owned_id,owned_name,owner_id,owner_name,"
	                           "start_date,end_date,owned_country\r\n"
	                           "50%,b,\"B, Inc.\",a,A,,,CN\r\n\r\n");
	cr_expect_eq(clr_owner_edge_count(g), 1);
	long b = clr__owner_find(g, "b", 1);
	cr_assert_geq(b, 0);
	cr_expect_str_eq(g->nodes.v[b].name, "B, Inc.");
	cr_expect_str_eq(g->nodes.v[b].country, "CN");
	cr_expect_eq(g->edges.v[0].pct, CLR_PCT_50);
	clr_owner_free(g);
}

Test(owner, warnings)
{
	clr_owner_graph *g = graph("owner_id,owner_name,owned_id,owned_name,percent,start_date,"
	                           "end_date,note\n"
	                           "a,A,a,A,100,,,x\n"
	                           "a,A,b,B,60,,,x\n"
	                           "b,Bee,a,A,60,,,x\n");
	cr_expect_eq(clr_owner_edge_count(g), 2, "self-ownership is dropped");
	const char *want[] = {"column 'note' is not an ownership field", "'a' owns itself",
	                      "named 'Bee' here and 'B'", "ownership cycle among 2 parties"};
	for (size_t w = 0; w < 4; w++) {
		int found = 0;
		for (size_t i = 0; i < clr_owner_warning_count(g); i++)
			found |= strstr(clr_owner_warning(g, i), want[w]) != NULL;
		cr_expect(found, "no warning '%s'", want[w]);
	}
	clr_owner_free(g);
}

Test(owner, fifty_percent_boundaries_and_aggregation)
{
	clr_owner_graph *g = graph(HDR "S,S,e51,E,51,,\nS,S,e50,E,50,,\nS,S,e49,E,49,,\n"
	                               "S,S,agg,E,30,,\nT,T,agg,E,20,,\n"
	                               "S,S,fr,E,33.333334,,\nT,T,fr,E,16.666666,,\n"
	                               "S,S,x,E,49.999999,,\n");
	clr_owner_res res = {0};
	const char *listed[] = {"S", "T", NULL};
	resolve(g, listed, 20250101, &res);
	cr_expect(covered(g, &res, "e51"));
	cr_expect(covered(g, &res, "e50"));
	cr_expect(!covered(g, &res, "e49"));
	cr_expect(covered(g, &res, "agg"), "30 + 20 = 50 exactly, no rounding");
	cr_expect(covered(g, &res, "fr"), "33.333334 + 16.666666 = 50");
	cr_expect(!covered(g, &res, "x"));
	clr__owner_res_free(&res);
	clr_owner_free(g);
}

Test(owner, chains_only_through_covered)
{
	/* S 60-> A 50-> B 100-> C; S 40-> M 100-> N (M not covered: N is not) */
	clr_owner_graph *g = graph(HDR "S,S,A,A,60,,\nA,A,B,B,50,,\nB,B,C,C,100,,\n"
	                               "S,S,M,M,40,,\nM,M,N,N,100,,\n");
	clr_owner_res res = {0};
	const char *listed[] = {"S", NULL};
	resolve(g, listed, 20250101, &res);
	cr_expect(covered(g, &res, "A") && covered(g, &res, "B") && covered(g, &res, "C"));
	cr_expect(!covered(g, &res, "M") && !covered(g, &res, "N"));
	long c = clr__owner_find(g, "C", 1), m = clr__owner_find(g, "M", 1);
	cr_expect_eq(res.share[0][m], 40u * CLR_PCT_ONE);
	clr_owner_paths p;
	cr_assert_eq(clr__owner_paths(g, &res, 0, (uint32_t)c, &p), 0);
	cr_assert_eq(p.off.n, 2, "one path");
	cr_expect_eq(p.off.v[1], 3, "S->A->B->C is three edges");
	cr_expect_eq(g->edges.v[p.edges.v[0]].owner, (uint32_t)clr__owner_find(g, "S", 1));
	clr__owner_paths_free(&p);
	uint32_t *roots;
	size_t nroots;
	cr_assert_eq(clr__owner_roots(g, &res, 0, (uint32_t)c, &roots, &nroots), 0);
	cr_expect_eq(nroots, 1);
	free(roots);
	clr__owner_res_free(&res);
	clr_owner_free(g);
}

Test(owner, cycles_terminate)
{
	/* X and Y own 70% of each other; nobody listed: neither covered.  With S
	 * owning 50% of X, both are, and the cycle adds to the shares. */
	clr_owner_graph *g = graph(HDR "X,X,Y,Y,70,,\nY,Y,X,X,70,,\nP,P,Q,Q,60,,\nQ,Q,R,R,60,,\n"
	                               "R,R,P,P,60,,\n");
	clr_owner_res res = {0};
	const char *none[] = {NULL};
	resolve(g, none, 20250101, &res);
	cr_expect(!covered(g, &res, "X") && !covered(g, &res, "Y"));
	const char *pl[] = {"P", NULL};
	resolve(g, pl, 20250101, &res);
	cr_expect(covered(g, &res, "Q") && covered(g, &res, "R"));
	long p = clr__owner_find(g, "P", 1);
	cr_expect(res.state[0][p] & CLR_OWN_COVERED, "P is listed and also 60%% owned by R");
	clr_owner_paths paths;
	cr_assert_eq(clr__owner_paths(g, &res, 0, (uint32_t)p, &paths), 0);
	cr_expect_eq(paths.off.n, 1, "P's only owner chain leads back to P itself: no path");
	clr__owner_paths_free(&paths);
	clr__owner_res_free(&res);
	clr_owner_free(g);
}

Test(owner, effective_dates)
{
	clr_owner_graph *g = graph(HDR "S,S,A,A,60,2024-01-01,2024-12-31\nS,S,B,B,60,2025-03-01,\n");
	clr_owner_res res = {0};
	const char *listed[] = {"S", NULL};
	resolve(g, listed, 20231231, &res);
	cr_expect(!covered(g, &res, "A") && !covered(g, &res, "B"));
	cr_expect_eq(res.edges_in_force, 0);
	resolve(g, listed, 20240101, &res);
	cr_expect(covered(g, &res, "A") && !covered(g, &res, "B"));
	resolve(g, listed, 20241231, &res);
	cr_expect(covered(g, &res, "A"));
	resolve(g, listed, 20250301, &res);
	cr_expect(!covered(g, &res, "A") && covered(g, &res, "B"));
	clr__owner_res_free(&res);
	clr_owner_free(g);
}

Test(owner, many_paths_are_capped)
{
	/* a ladder of 40 levels, two parallel owners per level: 2^40 paths */
	char *csv = malloc(1 << 16);
	size_t n = (size_t)sprintf(csv, HDR);
	for (int i = 0; i < 40; i++)
		for (int k = 0; k < 2; k++)
			for (int j = 0; j < 2; j++)
				n += (size_t)sprintf(csv + n, "L%d_%d,x,L%d_%d,y,50,,\n", i, k, i + 1, j);
	clr_owner_graph *g = graph(csv);
	free(csv);
	clr_owner_res res = {0};
	const char *listed[] = {"L0_0", "L0_1", NULL};
	resolve(g, listed, 20250101, &res);
	cr_expect(covered(g, &res, "L40_0"));
	clr_owner_paths p;
	long v = clr__owner_find(g, "L40_0", 5);
	cr_assert_eq(clr__owner_paths(g, &res, 0, (uint32_t)v, &p), 0);
	cr_expect_eq(p.off.n - 1, CLR_OWNER_MAX_PATHS);
	cr_expect(p.truncated);
	clr__owner_paths_free(&p);
	clr__owner_res_free(&res);
	clr_owner_free(g);
}

Test(owner, large_graph_is_linear)
{
	/* 100,000 edges: a random forest under 100 listed roots; must resolve in
	 * well under a second even under ASan (bench/bench_check.c does 1M). */
	size_t nedges = 100000;
	char *csv = malloc(nedges * 40 + 100);
	size_t n = (size_t)sprintf(csv, HDR);
	srand(7);
	for (size_t i = 1; i <= nedges; i++) {
		size_t owner = i <= 100 ? 0 : (size_t)rand() % i;
		n += (size_t)sprintf(csv + n, "p%zu,,p%zu,,%d,,\n", owner, i, 30 + rand() % 40);
	}
	clr_owner_graph *g = graph(csv);
	free(csv);
	clr_owner_res res = {0};
	const char *listed[] = {"p0", NULL};
	clock_t t0 = clock();
	resolve(g, listed, 20250101, &res);
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	size_t ncov = 0;
	for (size_t i = 0; i < g->nodes.n; i++)
		ncov += (res.state[0][i] & CLR_OWN_COVERED) != 0;
	cr_expect_gt(ncov, 100);
	cr_expect_lt(s, 2.0, "resolve took %.3f s", s);
	clr__owner_res_free(&res);
	clr_owner_free(g);
}
