/* test_evidence.c - evidence beyond the name (docs/evidence.md): how dates
 * and identifiers read, the policy file, and what a query's date of birth,
 * nationality, place and identifiers do to its alerts on a small fixture
 * list (tests/fixtures/evidence/lists.csv): an identifier match alerts
 * whatever the name says, a date of birth years off clears, one that agrees
 * raises, absent evidence changes nothing, and the index finds exactly what
 * scoring every name finds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "clearance.h"
#include "lists/loader.h"
#include "match/evidence.h"

#define LISTS CLR_FIXTURES "/evidence/lists.csv"
#define POLICY CLR_FIXTURES "/../../data/rules/evidence-policy.conf"

/* ---- reading ---- */

static int date(const char *z, int32_t *from, int32_t *to, uint8_t *prec, uint8_t *circa)
{
	return clr__ev_date(z, strlen(z), from, to, prec, circa);
}

Test(evidence, dates_keep_their_precision)
{
	int32_t f, t;
	uint8_t p, c;
	cr_assert_eq(date("1962-03-12", &f, &t, &p, &c), 0);
	cr_expect(f == 19620312 && t == 19620312 && p == 3 && !c);
	cr_assert_eq(date("12 Mar 1962", &f, &t, &p, &c), 0);
	cr_expect(f == 19620312 && t == 19620312 && p == 3);
	cr_assert_eq(date("March 12, 1962", &f, &t, &p, &c), 0);
	cr_expect(f == 19620312 && p == 3);
	cr_assert_eq(date("1962", &f, &t, &p, &c), 0);
	cr_expect(f == 19620101 && t == 19621231 && p == 1 && !c);
	cr_assert_eq(date("Feb 1964", &f, &t, &p, &c), 0);
	cr_expect(f == 19640201 && t == 19640229 && p == 2, "%d %d %d", f, t, p);
	cr_assert_eq(date("circa 1950", &f, &t, &p, &c), 0);
	cr_expect(f == 19500101 && t == 19501231 && c);
	cr_assert_eq(date("1955 to 1960", &f, &t, &p, &c), 0);
	cr_expect(f == 19550101 && t == 19601231);
	cr_expect_lt(date("31 Feb 1962", &f, &t, &p, &c), 0);
	cr_expect_lt(date("1962-13-01", &f, &t, &p, &c), 0);
	cr_expect_lt(date("next spring", &f, &t, &p, &c), 0);
	cr_expect_lt(date("", &f, &t, &p, &c), 0);
}

Test(evidence, identifiers_normalise)
{
	char out[64];
	cr_expect_eq(clr__ev_id_norm("k-475 336", 9, out, sizeof(out)), 7);
	cr_expect_str_eq(out, "K475336");
	clr__ev_id_norm("00 12345", 8, out, sizeof(out)); /* all digits: leading zeros go */
	cr_expect_str_eq(out, "12345");
	clr__ev_id_norm("A0012345", 8, out, sizeof(out)); /* not all digits: they stay */
	cr_expect_str_eq(out, "A0012345");
	cr_expect_eq(clr__ev_class("Passport"), clr__ev_class("passport no."));
	cr_expect_neq(clr__ev_class("Passport"), clr__ev_class("Tax ID No."));
	cr_expect_eq(clr__ev_class("National ID No."), clr__ev_class("national id"));
	cr_expect_neq(clr__ev_class("Routing number"), clr__ev_class("TIN")); /* whole words */
}

/* ---- the policy ---- */

Test(evidence, shipped_policy_is_the_builtin)
{
	FILE *f = fopen(POLICY, "rb");
	cr_assert(f, "%s", POLICY);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	clr_ev_policy p, d;
	clr_buf err = {0};
	cr_assert_eq(clr__ev_policy_parse(&p, buf, n, POLICY, &err), 0, "%s", err.p);
	clr__ev_policy_default(&d);
	cr_expect_str_eq(p.version, d.version);
	cr_expect(p.dob_tolerance_years == d.dob_tolerance_years &&
	          p.dob_circa_years == d.dob_circa_years && p.dob_clears == d.dob_clears &&
	          p.dob_lower_factor == d.dob_lower_factor &&
	          p.dob_agree_bonus == d.dob_agree_bonus && p.dob_exact_bonus == d.dob_exact_bonus &&
	          p.nationality_agree_bonus == d.nationality_agree_bonus &&
	          p.nationality_factor == d.nationality_factor &&
	          p.place_agree_bonus == d.place_agree_bonus &&
	          p.id_match_score == d.id_match_score && p.imo_match_score == d.imo_match_score,
	          "data/rules/evidence-policy.conf and the built-in policy differ");
	clr__buf_free(&err);
}

static void bad_policy(const char *text, const char *want)
{
	clr_ev_policy p;
	clr_buf err = {0};
	cr_expect_lt(clr__ev_policy_parse(&p, text, strlen(text), "p.conf", &err), 0, "%s", text);
	cr_expect(err.p && strstr(err.p, want), "'%s' for '%s'", err.p ? err.p : "", want);
	clr__buf_free(&err);
}

Test(evidence, bad_policies_name_line_and_key)
{
	bad_policy("version = 2\ndob_tolerance_years = abc\n", "p.conf:2: field 'dob_tolerance_years'");
	bad_policy("version = 2\nid_match_score = 1.5\n", "field 'id_match_score'");
	bad_policy("version = 2\n\n# c\nno_such = 1\n", "p.conf:4: field 'no_such': no such key");
	bad_policy("version = 2\ndob_contradiction = maybe\n", "expected clear or lower");
	bad_policy("dob_tolerance_years = 3\n", "field 'version'");
	bad_policy("version 2\n", "p.conf:1");
}

/* ---- screening ---- */

static clr_db *db;
static clr_screener *sc;

static void setup(void)
{
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, LISTS, 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_prepare(db), 0);
	cr_assert_eq(clr_screener_new(&sc, db), 0);
}

static void teardown(void)
{
	clr_screener_free(sc);
	clr_db_free(db);
}

static const clr_alert *find(const clr_alert *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].entry->id, id))
			return &v[i];
	return NULL;
}

static const clr_evidence_match *item(const clr_alert *a, clr_evidence_kind k)
{
	for (size_t i = 0; a && i < a->nevidence; i++)
		if (a->evidence[i].kind == k)
			return &a->evidence[i];
	return NULL;
}

static clr_result *screen(const char *name, clr_screen_opts *o)
{
	clr_result *r = NULL;
	cr_assert_eq(clr_screen(sc, o, name, &r), 0, "%s: %s", name, clr_screener_errmsg(sc));
	return r;
}

TestSuite(evscreen, .init = setup, .fini = teardown);

Test(evscreen, dob_agrees_raises_and_contradiction_clears)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	clr_result *r = screen("Rustam Karimov", &o);
	const clr_alert *a1 = find(r->alerts, r->nalerts, "ev1"), *a2 = find(r->alerts, r->nalerts, "ev2");
	cr_assert(a1 && a2, "both Karimovs alert on the name");
	double s1 = a1->score;
	cr_expect_eq(a1->nevidence, 0);
	clr_result_free(r);

	o.dob = "12 March 1962";
	r = screen("Rustam Karimov", &o);
	a1 = find(r->alerts, r->nalerts, "ev1");
	cr_assert(a1, "the agreeing date keeps the alert");
	cr_expect_gt(a1->score, s1, "the same day raises the score");
	cr_expect_float_eq(a1->name_score, s1, 1e-9);
	const clr_evidence_match *m = item(a1, CLR_EV_DOB);
	cr_assert(m);
	cr_expect_str_eq(m->effect, "agrees");
	cr_expect_str_eq(m->listed, "1962-03-12");
	cr_expect_str_eq(m->query, "12 March 1962");
	cr_expect_null(find(r->alerts, r->nalerts, "ev2"), "born 1985: not this party");
	const clr_alert *c2 = find(r->cleared, r->ncleared, "ev2");
	cr_assert(c2, "the cleared name is reported with its explanation");
	cr_expect_str_eq(item(c2, CLR_EV_DOB)->effect, "cleared");
	clr_result_free(r);
}

Test(evscreen, dob_within_tolerance_and_ranges_do_not_clear)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.dob = "1963-06-01"; /* 15 months from 1962-03-12: within 2 years */
	clr_result *r = screen("Rustam Alievich Karimov", &o);
	const clr_alert *a = find(r->alerts, r->nalerts, "ev1");
	cr_assert(a);
	cr_expect_str_eq(item(a, CLR_EV_DOB)->effect, "near");
	cr_expect_float_eq(a->score, a->name_score, 1e-9);
	clr_result_free(r);

	o.dob = "1958"; /* inside "1955 to 1960" */
	r = screen("Hossein Moradi", &o);
	a = find(r->alerts, r->nalerts, "ev4");
	cr_assert(a);
	cr_expect_str_eq(item(a, CLR_EV_DOB)->effect, "agrees");
	clr_result_free(r);

	o.dob = "1953-05-05"; /* circa 1950: 3 more years of tolerance */
	r = screen("Hossein Ali Tehrani", &o);
	cr_expect(find(r->alerts, r->nalerts, "ev3"));
	clr_result_free(r);
	o.dob = "1959-05-05";
	r = screen("Hossein Ali Tehrani", &o);
	cr_expect_null(find(r->alerts, r->nalerts, "ev3"));
	cr_expect(find(r->cleared, r->ncleared, "ev3"));
	clr_result_free(r);
}

Test(evscreen, absent_evidence_changes_nothing)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	clr_result *r = screen("Ivan Petrov", &o);
	const clr_alert *a = find(r->alerts, r->nalerts, "ev8");
	cr_assert(a);
	double s = a->score;
	clr_result_free(r);
	o.dob = "1970-01-01";
	o.nationality = "Russia";
	r = screen("Ivan Petrov", &o);
	a = find(r->alerts, r->nalerts, "ev8");
	cr_assert(a, "an entry without a date or nationality is not cleared by one");
	cr_expect_float_eq(a->score, s, 1e-9);
	cr_expect_eq(a->nevidence, 0);
	clr_result_free(r);
}

Test(evscreen, policy_can_lower_instead_of_clearing)
{
	char path[] = "/tmp/clr-evpolicy-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("version = test-lower\ndob_contradiction = lower\ndob_lower_factor = 0.5\n", f);
	fclose(f);
	cr_assert_eq(clr_db_load_evidence_policy(db, path), 0, "%s", clr_db_errmsg(db));
	remove(path);
	cr_expect_str_eq(clr_db_evidence_policy(db), "test-lower");
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.dob = "2001";
	o.threshold = 0.3;
	clr_result *r = screen("Rustam Karimov", &o);
	const clr_alert *a = find(r->alerts, r->nalerts, "ev1");
	cr_assert(a);
	cr_expect_str_eq(item(a, CLR_EV_DOB)->effect, "lowered");
	cr_expect_float_eq(a->score, a->name_score * 0.5, 1e-3);
	clr_result_free(r);
}

Test(evscreen, identifier_alerts_whatever_the_name)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	clr_result *r = screen("Rustam", &o);
	cr_expect_null(find(r->alerts, r->nalerts, "ev1"), "one given name alone does not alert");
	clr_result_free(r);

	clr_query_id id = {"passport", "aa-123 4567", "Uzbekistan"};
	o.ids = &id;
	o.nids = 1;
	o.dob = "1990"; /* an identifier match is never cleared */
	r = screen("Rustam", &o);
	const clr_alert *a = find(r->alerts, r->nalerts, "ev1");
	cr_assert(a, "the passport number finds the party");
	cr_expect_geq(a->score, 0.95);
	cr_expect_lt(a->name_score, 0.8);
	cr_expect_str_eq(item(a, CLR_EV_ID)->effect, "match");
	cr_expect_str_eq(item(a, CLR_EV_ID)->listed, "AA1234567");
	cr_expect_str_eq(item(a, CLR_EV_DOB)->effect, "contradicts");
	clr_result_free(r);

	id = (clr_query_id){"passport", "AA1234567", "KZ"}; /* another country's passport */
	o.dob = NULL;
	r = screen("Rustam", &o);
	cr_expect_null(find(r->alerts, r->nalerts, "ev1"));
	clr_result_free(r);
	id = (clr_query_id){"tax", "AA1234567", NULL}; /* another kind of number */
	r = screen("Rustam", &o);
	cr_expect_null(find(r->alerts, r->nalerts, "ev1"));
	clr_result_free(r);
	id = (clr_query_id){"registration", "12345", NULL}; /* leading zeros */
	r = screen("Nova", &o);
	cr_expect(find(r->alerts, r->nalerts, "ev6"));
	clr_result_free(r);
	id = (clr_query_id){NULL, "100-234-567-890-003", NULL}; /* any kind */
	r = screen("Acme", &o);
	cr_expect(find(r->alerts, r->nalerts, "ev6"));
	clr_result_free(r);
}

Test(evscreen, imo_finds_the_vessel_whatever_its_name)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.imo = "IMO 9123456";
	clr_result *r = screen("Sea Breeze", &o);
	const clr_alert *a = find(r->alerts, r->nalerts, "ev5");
	cr_assert(a);
	cr_expect_geq(a->score, 0.97);
	cr_expect_str_eq(item(a, CLR_EV_IMO)->effect, "match");
	clr_result_free(r);
	o.imo = "9123457";
	r = screen("Sea Breeze", &o);
	cr_expect_eq(r->nalerts, 0);
	clr_result_free(r);
	clr_query_id id = {"mmsi", "422 123 456", NULL};
	o.imo = NULL;
	o.ids = &id;
	o.nids = 1;
	r = screen("Sea Breeze", &o);
	cr_expect(find(r->alerts, r->nalerts, "ev5"));
	clr_result_free(r);
}

Test(evscreen, nationality_and_place_are_weak)
{
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	clr_result *r = screen("Rustam Karimov", &o);
	double s1 = find(r->alerts, r->nalerts, "ev1")->score;
	double s2 = find(r->alerts, r->nalerts, "ev2")->score;
	clr_result_free(r);
	o.nationality = "UZ";
	o.city = "Tashkent";
	r = screen("Rustam Karimov", &o);
	const clr_alert *a1 = find(r->alerts, r->nalerts, "ev1");
	cr_assert(a1);
	cr_expect_gt(a1->score, s1);
	cr_expect_str_eq(item(a1, CLR_EV_NATIONALITY)->effect, "agrees");
	cr_expect_str_eq(item(a1, CLR_EV_ADDRESS)->effect, "agrees");
	const clr_alert *a2 = find(r->alerts, r->nalerts, "ev2");
	const clr_alert *c2 = find(r->cleared, r->ncleared, "ev2");
	cr_assert(a2 || c2);
	const clr_alert *x = a2 ? a2 : c2;
	cr_expect_lt(x->score, s2, "a nationality the entry lacks lowers");
	cr_expect_str_eq(item(x, CLR_EV_NATIONALITY)->effect, "lowered");
	cr_expect_null(item(x, CLR_EV_ADDRESS));
	clr_result_free(r);

	/* a nationality alone never makes an alert */
	clr_screen_opts_init(&o);
	o.nationality = "UZ";
	r = screen("Rustam", &o);
	cr_expect_null(find(r->alerts, r->nalerts, "ev1"));
	clr_result_free(r);
}

Test(evscreen, bad_evidence_is_a_usage_error_naming_the_field)
{
	clr_screen_opts o;
	clr_result *r = NULL;
	clr_screen_opts_init(&o);
	o.dob = "31 Feb 1962";
	cr_expect_eq(clr_screen(sc, &o, "Rustam Karimov", &r), CLR_EUSAGE);
	cr_expect(strstr(clr_screener_errmsg(sc), "dob:"), "%s", clr_screener_errmsg(sc));
	clr_screen_opts_init(&o);
	o.nationality = "Atlantis";
	cr_expect_eq(clr_screen(sc, &o, "Rustam Karimov", &r), CLR_EUSAGE);
	cr_expect(strstr(clr_screener_errmsg(sc), "nationality:"));
	clr_screen_opts_init(&o);
	o.imo = "12345";
	cr_expect_eq(clr_screen(sc, &o, "x", &r), CLR_EUSAGE);
	cr_expect(strstr(clr_screener_errmsg(sc), "imo:"));
	clr_query_id id = {"passport", "A-1", NULL};
	clr_screen_opts_init(&o);
	o.ids = &id;
	o.nids = 1;
	cr_expect_eq(clr_screen(sc, &o, "x", &r), CLR_EUSAGE);
	cr_expect(strstr(clr_screener_errmsg(sc), "ids[0].number:"));
	cr_expect_null(r);
}

/* The index and scoring every name agree, evidence or not. */
Test(evscreen, index_is_exhaustive_with_evidence)
{
	static const char *const names[] = {"Rustam Karimov", "Rustam", "Hossein", "Ivan Petrov",
	                                    "Nova Trading", "Ocean Glory", "Karimov"};
	static const char *const dobs[] = {NULL, "1962", "1985-06-01", "1940", "circa 1957"};
	clr_query_id id = {NULL, "AA1234567", NULL};
	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++)
		for (size_t d = 0; d < sizeof(dobs) / sizeof(*dobs); d++)
			for (int withid = 0; withid < 2; withid++) {
				clr_screen_opts o;
				clr_screen_opts_init(&o);
				o.threshold = 0.7;
				o.dob = dobs[d];
				o.nationality = d % 2 ? "UZ" : NULL;
				o.ids = withid ? &id : NULL;
				o.nids = (size_t)withid;
				clr_result *a = screen(names[n], &o);
				o.exhaustive = 1;
				clr_result *b = screen(names[n], &o);
				cr_expect_eq(a->nalerts, b->nalerts, "%s %s", names[n], dobs[d]);
				cr_expect_eq(a->ncleared, b->ncleared, "%s %s", names[n], dobs[d]);
				for (size_t k = 0; k < a->nalerts && k < b->nalerts; k++) {
					cr_expect_str_eq(a->alerts[k].entry->id, b->alerts[k].entry->id);
					cr_expect_float_eq(a->alerts[k].score, b->alerts[k].score, 1e-9);
				}
				clr_result_free(a);
				clr_result_free(b);
			}
}
