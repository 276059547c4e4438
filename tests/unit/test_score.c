/* test_score.c - token similarity and the scorer through clr_compare and
 * clr_screen on a small fixture list. */
#include <criterion/criterion.h>
#include <string.h>

#include "clearance.h"
#include "match/index.h"
#include "lists/db.h"

static double sim(const char *a, const char *b, int *how)
{
	return clr__tok_sim(a, strlen(a), b, strlen(b), how);
}

Test(tok_sim, exact_typo_initial)
{
	int how;
	cr_expect_eq(sim("huawei", "huawei", &how), 1.0);
	cr_expect_eq(how, HOW_EXACT);
	cr_expect_gt(sim("hatari", "hatai", &how), 0.8);
	cr_expect_eq(how, HOW_TYPO);
	cr_expect_gt(sim("industry", "industsy", &how), 0.8);
	cr_expect_eq(sim("ab", "ba", &how), 0.0); /* two letters: exact only */
	cr_expect_lt(sim("rix", "rixo", &how), 0.8); /* an edit costs more in a short token */
	cr_expect_gt(sim("abbreviation", "abbreviatoin", &how), 0.9);
	cr_expect_eq(sim("1057", "1058", &how), 0.0); /* numbers are exact */
	cr_expect_eq(sim("j", "john", &how), CLR_INITIAL_SIM);
	cr_expect_eq(how, HOW_INITIAL);
	cr_expect_gt(sim("refinery", "efinery", &how), 0.8);
	cr_expect_eq(sim("inspur", "inspiration", &how), 0.0);
	cr_expect_gt(sim("abcdefghij", "abdcefghik", &how), 0); /* transposition + sub */
}

/* Optimal string alignment distance by the full table: the reference the
 * typo relation must agree with, whichever way the index computes it. */
static unsigned ref_osa(const char *a, size_t la, const char *b, size_t lb)
{
	static unsigned d[131][131];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

/* Random words over a small alphabet (so that transpositions and repeats
 * are common), short and up to the token limit: the typo relation holds
 * exactly when the reference distance is within the edits allowed (and the
 * first letter is kept, or only one edit made, or the words are long). */
Test(tok_sim, typo_matches_reference_distance)
{
	unsigned long long x = 88172645463325252ull;
	char a[129], b[129];
	for (int n = 0; n < 200000; n++) {
		size_t la = 0, lb = 0;
		for (int side = 0; side < 2; side++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			size_t len = n % 50 == 0 ? 60 + x % 69 : 2 + x % 11;
			char *w = side ? b : a;
			for (size_t i = 0; i < len; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				w[i] = (char)('a' + x % 3);
			}
			w[len] = 0;
			*(side ? &lb : &la) = len;
		}
		if (n % 2 && la <= lb) { /* b often a small edit of a */
			memcpy(b, a, la + 1);
			lb = la;
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[x % la] = (char)('a' + (x >> 8) % 3);
			if (la > 3 && (x >> 16) % 2) {
				size_t at = (x >> 20) % (la - 1);
				char t = b[at];
				b[at] = b[at + 1];
				b[at + 1] = t;
			}
		}
		int how;
		float got = clr__tok_sim(a, la, b, lb, &how);
		size_t m = la < lb ? la : lb;
		unsigned k = clr__max_edits(m), d = ref_osa(a, la, b, lb);
		/* two edits of which one changes the first letter (not by swapping
		 * the first two) make a weak typo unless the words are long */
		int first_ok = d < 2 || a[0] == b[0] || (a[0] == b[1] && a[1] == b[0]);
		if (la == lb && !memcmp(a, b, la))
			cr_assert_eq(how, HOW_EXACT, "%s %s", a, b);
		else if (k && d <= k) {
			cr_assert_eq(how, first_ok ? HOW_TYPO : HOW_WEAKTYPO, "%s %s: distance %u", a, b, d);
			cr_assert_float_eq(got, first_ok ? 1.0f - CLR_TYPO_COST * (float)d / (float)m
			                                 : CLR_WEAK_TYPO_SIM,
			                   1e-6, "%s %s", a, b);
		} else
			cr_assert(how != HOW_TYPO && how != HOW_WEAKTYPO && how != HOW_EXACT,
			          "%s %s: distance %u", a, b, d);
	}
}


/* A neighbourhood as clr__index_neighbours reports it. */
typedef struct nbrec {
	size_t n;
	uint32_t id[4096];
	float sim[4096];
	int how[4096];
} nbrec;

static void rec_nb(void *p, uint32_t id, float sim, int how)
{
	nbrec *r = p;
	cr_assert_lt(r->n, 4096u);
	r->id[r->n] = id;
	r->sim[r->n] = sim;
	r->how[r->n++] = how;
}

/* Every stored neighbourhood is what looking the word up finds, in order:
 * the same index without the stored lists computes it. */
static void check_stored_neighbourhoods(const clr_index *ix)
{
	static nbrec a, b;
	clr_index live = *ix;
	live.nbw = NULL;
	size_t words = 0, with_typos = 0;
	for (uint32_t id = 0; id < ix->ntok; id++) {
		if (!clr__nbw_has(ix, id))
			continue;
		const clr_tokinfo *t = &ix->tok[id];
		a.n = b.n = 0;
		clr__index_neighbours(ix, ix->pool + t->off, t->len, 0, rec_nb, &a);
		clr__index_neighbours(&live, ix->pool + t->off, t->len, 0, rec_nb, &b);
		cr_assert_eq(a.n, b.n, "'%.*s'", (int)t->len, ix->pool + t->off);
		for (size_t k = 0; k < a.n; k++) {
			cr_assert_eq(a.id[k], b.id[k]);
			cr_assert_eq(a.sim[k], b.sim[k]);
			cr_assert_eq(a.how[k], b.how[k]);
		}
		cr_assert(a.n >= 1 && a.id[0] == id && a.how[0] == HOW_EXACT);
		words++;
		with_typos += a.n > 1;
	}
	cr_assert_eq(words, ix->nnbw_words);
	cr_assert_gt(with_typos, 0, "no stored neighbourhood holds a typo: the check would be empty");
}

static clr_db *db;
static clr_screener *s;

static void setup(void)
{
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, CLR_SAMPLE_LISTS, 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_prepare(db), 0);
	cr_assert_eq(clr_screener_new(&s, db), 0);
}

static void teardown(void)
{
	clr_screener_free(s);
	clr_db_free(db);
}

static const clr_alert *top(const char *name, clr_result **r)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	cr_assert_eq(clr_screen(s, &o, name, r), 0);
	return (*r)->nalerts ? &(*r)->alerts[0] : NULL;
}

TestSuite(screen, .init = setup, .fini = teardown);

Test(screen, variants_hit_the_right_entry)
{
	static const struct {
		const char *q, *id;
	} cases[] = {
		{"Beijing Academy of AI", "sample-el-0001"},
		{"BAAI", "sample-el-0001"},
		{"Nettrix Information Industry (Beijing) Co Ltd", "sample-el-0002"},
		{"Suma Technology Co., Ltd.", "sample-el-0003"},
		{"Henan Ding Xin Information Industry Co., Ltd.", "sample-el-0005"},
		/* listed words written together: only a joined slot anchors it
		 * (CLR_TOK_JOINED) */
		{"Sumatechnology", "sample-el-0003"},
		{"IEIT Systems Co Ltd", "sample-el-0008"},
		{"Osama bin Laden", "sample-sdn-6365"},
		{"Mr. Usama bin Ladin Jr", "sample-sdn-6365"}, /* titles and suffixes weigh little */
		{"LADIN, Usama bin Muhammad bin Awad BIN", "sample-sdn-6365"},
		{"ВТБ Банк", "sample-sdn-15032"},
		{"Semiconductor Manufacturing Intl Corp", "sample-el-0011"},
		{"华为技术有限公司", "sample-el-0010"},     /* Han script -> pinyin -> English words */
		{"北京智源人工智能研究院", "sample-el-0001"}, /* BAAI's Chinese name */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		clr_result *r;
		const clr_alert *a = top(cases[i].q, &r);
		cr_expect(a != NULL, "no alert for '%s'", cases[i].q);
		if (a)
			cr_expect_str_eq(a->entry->id, cases[i].id, "'%s'", cases[i].q);
		clr_result_free(r);
	}
}

Test(screen, generic_words_do_not_carry_a_match)
{
	static const char *const clean[] = {
		"Beijing Academy of Artisan Baking", "Pacific Trading Limited",
		"Acme Precision Tooling GmbH", "Inspiration Software Co., Ltd.",
		"Nettrix Networks LLC", "National Bank of Canada",
		"Usama", /* one word of a person's name is not the person */
		"Dr Awad", /* a title makes the query a person: not the bank, not Usama */
	};
	for (size_t i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		clr_result *r;
		const clr_alert *a = top(clean[i], &r);
		cr_expect(a == NULL, "'%s' alerted on %s (%.3f)", clean[i], a ? a->entry->id : "",
		          a ? a->score : 0);
		clr_result_free(r);
	}
}

Test(screen, explanation_names_the_alias_and_tokens)
{
	clr_result *r;
	const clr_alert *a = top("BAAI", &r);
	cr_assert(a);
	cr_expect_eq(a->entry->names[a->name_index].kind, CLR_NAME_ALIAS);
	cr_expect_str_eq(a->entry->names[a->name_index].name, "BAAI");
	cr_assert_geq(a->nmatches, 1);
	cr_expect_str_eq(a->matches[0].how, "exact");
	char *js;
	cr_assert_eq(clr_result_alerts_json(r, &js), 0);
	cr_expect(strstr(js, "\"matched_name\":\"BAAI\"") != NULL, "%s", js);
	free(js);
	clr_result_free(r);
}

Test(screen, index_equals_exhaustive)
{
	static const char *const qs[] = {"Inspur Software", "Langchao Software Co", "Huawei Tech",
	                                 "Suma-USI", "Zhongke Hongtai Electronic", "Bin Laden",
	                                 "Banco Nacional Cuba", "Nettrix", "Henan Dingxin",
	                                 /* a query word meeting listed words written together
	                                  * (CLR_TOK_JOINED: bound_name reads joined slots) */
	                                 "Sumatechnology", "Usama Binladin"};
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		clr_screen_opts o;
		clr_result *a, *b;
		clr_screen_opts_init(&o);
		o.threshold = 0.3;
		cr_assert_eq(clr_screen(s, &o, qs[i], &a), 0);
		o.exhaustive = 1;
		cr_assert_eq(clr_screen(s, &o, qs[i], &b), 0);
		cr_expect_eq(a->nalerts, b->nalerts, "'%s'", qs[i]);
		for (size_t k = 0; k < a->nalerts && k < b->nalerts; k++) {
			cr_expect_eq(a->alerts[k].entry, b->alerts[k].entry);
			cr_expect_float_eq(a->alerts[k].score, b->alerts[k].score, 1e-9);
		}
		cr_expect_leq(a->ncandidates, b->ncandidates);
		clr_result_free(a);
		clr_result_free(b);
	}
}

Test(screen, stored_neighbourhoods_are_the_look_up)
{
	check_stored_neighbourhoods(db->index);
}

Test(screen, compare_without_lists)
{
	clr_screener *c;
	clr_result *r;
	cr_assert_eq(clr_screener_new(&c, NULL), 0);
	cr_assert_eq(clr_compare(c, CLR_TYPE_PERSON, "SMITH, John", "John Smith", &r), 0);
	cr_expect_float_eq(r->alerts[0].score, 1.0, 1e-6);
	clr_result_free(r);
	cr_assert_eq(clr_compare(c, CLR_TYPE_UNKNOWN, "Acme", "Zenith", &r), 0);
	cr_expect_float_eq(r->alerts[0].score, 0.0, 1e-6);
	clr_result_free(r);
	clr_screener_free(c);
}

Test(screen, bad_query_is_an_error)
{
	clr_result *r;
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	cr_expect_eq(clr_screen(s, &o, "bad \xff utf8", &r), CLR_EINPUT);
	cr_expect(strstr(clr_screener_errmsg(s), "UTF-8") != NULL);
	cr_expect_eq(clr_screen(s, &o, "", &r), CLR_EINPUT);
	cr_expect_eq(clr_screen(s, &o, " ,.?! ", &r), CLR_EINPUT);
	cr_expect(strstr(clr_screener_errmsg(s), "nothing to screen") != NULL);
}

Test(screen, screener_survives_a_reload)
{
	clr_db *d;
	clr_screener *sc;
	clr_result *r;
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	cr_assert_eq(clr_db_new(&d), 0);
	cr_assert_eq(clr_db_load(d, CLR_SAMPLE_LISTS "/sample-sdn.csv", 0), 0, "%s", clr_db_errmsg(d));
	cr_assert_eq(clr_screener_new(&sc, d), 0);
	cr_assert_eq(clr_screen(sc, &o, "BAAI", &r), 0);
	cr_expect_eq(r->nalerts, 0); /* not on the SDN sample */
	clr_result_free(r);
	/* more entries and names: the screener must resize its scratch */
	cr_assert_eq(clr_db_load(d, CLR_SAMPLE_LISTS "/sample-entity-list.csv", 0), 0);
	for (int k = 0; k < 3; k++) {
		cr_assert_eq(clr_screen(sc, &o, "BAAI", &r), 0);
		cr_expect_eq(r->nalerts, 1);
		clr_result_free(r);
	}
	clr_screener_free(sc);
	clr_db_free(d);
}

/* Behaviour that needs the real lists' statistics (which words are common):
 * the two CSL files of ../shared/data in rdb with a screener rs; the suite
 * is skipped when they are absent. */
static clr_db *rdb;
static clr_screener *rs;

static void real_setup(void)
{
	char a[512], b[512];
	snprintf(a, sizeof(a), "%s/lists/csl/consolidated-2022-04.csv", CLR_SHARED_DATA);
	snprintf(b, sizeof(b), "%s/lists/csl/entity-list-2026-07.csv", CLR_SHARED_DATA);
	FILE *f = fopen(a, "r");
	if (!f)
		cr_skip_test("../shared/data absent");
	fclose(f);
	cr_assert_eq(clr_db_new(&rdb), 0);
	cr_assert_eq(clr_db_load(rdb, a, 0), 0, "%s", clr_db_errmsg(rdb));
	cr_assert_eq(clr_db_load(rdb, b, 0), 0, "%s", clr_db_errmsg(rdb));
	cr_assert_eq(clr_screener_new(&rs, rdb), 0);
}

static void real_teardown(void)
{
	clr_screener_free(rs);
	clr_db_free(rdb);
}

TestSuite(real_lists, .init = real_setup, .fini = real_teardown);

Test(real_lists, stored_neighbourhoods_are_the_look_up)
{
	cr_assert_eq(clr_db_prepare(rdb), 0);
	check_stored_neighbourhoods(rdb->index);
}

Test(real_lists, added_common_words_and_titles)
{
	clr_screener *sc = rs;
	clr_result *r;
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	/* a location and "Branch" added to a listed company */
	cr_assert_eq(clr_screen(sc, &o, "Huawei Technologies Co Ltd Shenzhen Branch", &r), 0);
	cr_assert_geq(r->nalerts, 1);
	cr_expect(strstr(r->alerts[0].entry->names[0].name, "Huawei Technologies") != NULL);
	cr_expect_gt(r->alerts[0].score, 0.9);
	clr_result_free(r);
	/* a title before a listed person's name */
	cr_assert_eq(clr_screen(sc, &o, "Mr. Usama bin Ladin", &r), 0);
	cr_assert_geq(r->nalerts, 1);
	cr_expect_str_eq(r->alerts[0].entry->id, "6365");
	clr_result_free(r);
	/* one word of a person's name, behind a title: no alert */
	cr_assert_eq(clr_screen(sc, &o, "DR AMIN", &r), 0);
	for (size_t k = 0; k < r->nalerts; k++)
		cr_expect(r->alerts[k].entry->type != CLR_TYPE_PERSON ||
		                  strcmp(r->alerts[k].entry->names[r->alerts[k].name_index].name,
		                         "AL-HAQ, Amin"),
		          "DR AMIN alerted on AL-HAQ, Amin");
	clr_result_free(r);
}

/* An initial stands for any word of its letter: it weighs CLR_INITIAL_WEIGHT
 * whatever the rarity of the letter as a token, so an initial and a rare
 * surname come close to the listed person (0.73 when "o" weighed as a rare
 * token), and an initial and a common surname alert on nobody. */
Test(real_lists, initials_weigh_little)
{
	clr_screener *sc = rs;
	clr_result *r;
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.threshold = 0.5;
	cr_assert_eq(clr_screen(sc, &o, "O. Deripaska", &r), 0);
	cr_assert_geq(r->nalerts, 1);
	cr_expect_str_eq(r->alerts[0].entry->id, "24283");
	cr_expect_gt(r->alerts[0].score, 0.75);
	clr_result_free(r);
	o.threshold = 0;
	static const char *const clean[] = {"M. Khan", "S. Kim", "A. Ali", "M. Hassan"};
	for (size_t i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		cr_assert_eq(clr_screen(sc, &o, clean[i], &r), 0);
		cr_expect_eq(r->nalerts, 0, "'%s' alerted on %s (%.3f)", clean[i],
		             r->nalerts ? r->alerts[0].entry->id : "", r->nalerts ? r->alerts[0].score : 0);
		clr_result_free(r);
	}
}
