/* test_rules.c - the rule data and text readers: the calendar shipped in
 * data/rules (the Affiliates Rule in force, suspended, in force again), its
 * negative cases, Supplement No. 2, ECCNs, the scope of real license
 * requirement texts (EAR99, EXCEPT clauses, footnotes) and the normalised
 * review policies, most restrictive first. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "owner/owner.h"
#include "rules/rules.h"

#define RULES_DIR CLR_FIXTURES "/../../data/rules"

static char *slurp(const char *path, size_t *len)
{
	char *buf;
	clr_buf err = {0};
	cr_assert_eq(clr__read_file(path, &buf, len, &err), 0, "%s", err.p);
	clr__buf_free(&err);
	return buf;
}

static clr_rule_status status(const clr_calendar *cal, const char *rule, const char *date)
{
	int32_t d;
	cr_assert_eq(clr__owner_date(date, strlen(date), &d), 0);
	return clr__calendar_status(cal, rule, d, NULL);
}

Test(rules, calendar_of_the_repository)
{
	size_t len;
	char *buf = slurp(RULES_DIR "/calendar.csv", &len);
	clr_calendar cal = {0};
	clr_buf err = {0};
	cr_assert_eq(clr__calendar_parse(&cal, buf, len, "calendar.csv", &err), 0, "%s", err.p);
	const char *a = "bis-affiliates";
	cr_expect_eq(status(&cal, a, "2025-09-28"), CLR_RULE_NOT_IN_FORCE);
	cr_expect_eq(status(&cal, a, "2025-09-29"), CLR_RULE_IN_FORCE);
	cr_expect_eq(status(&cal, a, "2025-11-09"), CLR_RULE_IN_FORCE);
	cr_expect_eq(status(&cal, a, "2025-11-10"), CLR_RULE_SUSPENDED);
	cr_expect_eq(status(&cal, a, "2026-11-09"), CLR_RULE_SUSPENDED);
	cr_expect_eq(status(&cal, a, "2026-11-10"), CLR_RULE_IN_FORCE);
	cr_expect_eq(status(&cal, a, "2030-01-01"), CLR_RULE_IN_FORCE);
	cr_expect_eq(status(&cal, "ofac-50", "2001-01-01"), CLR_RULE_IN_FORCE);
	const char *cite;
	int32_t d = 20251001;
	clr__calendar_status(&cal, a, d, &cite);
	cr_expect(strstr(cite, "2025-19001"), "%s", cite);
	clr__calendar_free(&cal);
	clr__buf_free(&err);
	free(buf);
}

Test(rules, calendar_errors)
{
	const char *hdr = "rule,from,to,status,citation\n";
	struct {
		const char *rows, *want;
	} cases[] = {
		{"x,2025-01-01,2025-12-31,in_force,c\nx,2025-06-01,,suspended,c\n",
		 "cal.csv:4: field 'from': period overlaps the one on line 3"},
		{"x,2025-01-01,,paused,c\n", "cal.csv:3: field 'status'"},
		{"x,2025-02-30,,in_force,c\n", "cal.csv:3: field 'from'"},
		{"x,2025-02-01,2025-01-01,in_force,c\n", "field 'to': before 'from'"},
		{"x,,,in_force,\n", "field 'citation'"},
		{"x,,,in_force\n", "record has 4 fields"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s# a comment, \"quoted\"\n%s", hdr, cases[i].rows);
		clr_calendar cal = {0};
		clr_buf err = {0};
		cr_expect_eq(clr__calendar_parse(&cal, buf, strlen(buf), "cal.csv", &err), CLR_EINPUT);
		cr_expect(err.p && strstr(err.p, cases[i].want), "want '%s' got '%s'", cases[i].want,
		          err.p);
		clr__calendar_free(&cal);
		clr__buf_free(&err);
	}
}

Test(rules, eccns_and_supplement_2)
{
	char n[32];
	cr_expect_eq(clr__eccn_norm("5a002.a.1", n), 1);
	cr_expect_str_eq(n, "5A002.A.1");
	cr_expect_eq(clr__eccn_norm("ear 99", n), 2);
	cr_expect_eq(clr__eccn_norm("5X002", n), 0);
	cr_expect_eq(clr__eccn_norm("5A02", n), 0);
	cr_expect_eq(clr__eccn_norm("5A002a", n), 0);
	size_t len;
	char *buf = slurp(RULES_DIR "/supp2-744.csv", &len);
	clr_supp2 s = {0};
	clr_buf err = {0};
	cr_assert_eq(clr__supp2_parse(&s, buf, len, "supp2.csv", &err), 0, "%s", err.p);
	cr_expect(s.source && strstr(s.source, "Supplement No. 2"), "%s", s.source);
	cr_expect_eq(clr__supp2_has(&s, "9A991"), 1);
	cr_expect_eq(clr__supp2_has(&s, "9A991.D"), 1);
	cr_expect_eq(clr__supp2_has(&s, "3A001"), 0);
	clr__supp2_free(&s);
	const char *partial = "eccn\n3A991.A\n";
	cr_assert_eq(clr__supp2_parse(&s, partial, strlen(partial), "p.csv", &err), 0);
	cr_expect_eq(clr__supp2_has(&s, "3A991"), -1, "only a sub-paragraph is listed");
	cr_expect_eq(clr__supp2_has(&s, "3A991.A.2"), 1);
	clr__supp2_free(&s);
	const char *bad = "eccn\nnot-an-eccn\n";
	cr_expect_eq(clr__supp2_parse(&s, bad, strlen(bad), "b.csv", &err), CLR_EINPUT);
	cr_expect(strstr(err.p, "b.csv:2: field 'eccn'"));
	clr__supp2_free(&s);
	clr__buf_free(&err);
	free(buf);
}

static int item(const char *req, const char *eccn)
{
	clr_scope sc;
	const char *why;
	clr__scope_parse(req, &sc);
	return clr__scope_item(&sc, NULL, eccn, &why);
}

Test(rules, scope_of_real_requirements)
{
	const char *all = "For all items subject to the EAR. (See § 744.11 of the EAR)";
	cr_expect_eq(item(all, "EAR99"), CLR_ITEM_IN, "EAR99 is subject to the EAR");
	cr_expect_eq(item(all, "3A001"), CLR_ITEM_IN);
	cr_expect_eq(item(all, NULL), CLR_ITEM_IN);
	cr_expect_eq(item("All Items Subject to the EAR", "EAR99"), CLR_ITEM_IN);
	const char *huawei = "For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 "
	                     "of the EAR, EXCEPT for technology subject to the EAR that is "
	                     "designated as EAR99, or controlled on the Commerce Control List for "
	                     "anti-terrorism reasons only, when released to members of a "
	                     "“standards organization” (see §772.1) for the purpose of contributing "
	                     "to the revision or development of a “standard” (see §772.1).";
	clr_scope sc;
	clr__scope_parse(huawei, &sc);
	cr_expect_eq(sc.kind, CLR_SCOPE_ALL);
	cr_expect(sc.except & CLR_EX_EAR99_STANDARDS);
	cr_expect_eq(item(huawei, "EAR99"), CLR_ITEM_IN, "the exception needs a release to a "
	                                                 "standards body");
	const char *food = "All items subject to the EAR except for food or medicine designated as "
	                   "EAR99, or ECCN 5A992.c and 5D992.c unless for Russian “government end "
	                   "users” and Russian state-owned enterprises (SoEs) to Russia.  (See §§ "
	                   "734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)";
	clr__scope_parse(food, &sc);
	cr_expect(sc.except & CLR_EX_FOOD_MEDICINE);
	cr_expect_eq(sc.nex_eccns, 2);
	cr_expect_str_eq(sc.ex_eccns[0], "5A992.C");
	cr_expect_eq(sc.footnotes, 1u << 3);
	cr_expect_eq(item(food, "EAR99"), CLR_ITEM_UNDECIDED);
	cr_expect_eq(item(food, "5A992.c"), CLR_ITEM_UNDECIDED);
	cr_expect_eq(item(food, "5A992"), CLR_ITEM_UNDECIDED);
	cr_expect_eq(item(food, "5A002"), CLR_ITEM_IN);
	cr_expect_eq(item("For all items subject to the EAR when used in projects specified in "
	                  "§746.5 of the EAR.", "EAR99"), CLR_ITEM_UNDECIDED);
	cr_expect_eq(item("For items on the CCL and listed in supplement no. 7 to part 746 of the "
	                  "EAR", "3A001"), CLR_ITEM_UNDECIDED);
	cr_expect_eq(item("Something new", "3A001"), CLR_ITEM_UNDECIDED, "never guessed");
	const char *meu = "For any item subject to the EAR listed in supplement no. 2 to part 744.";
	cr_expect_eq(item(meu, "EAR99"), CLR_ITEM_OUT);
	cr_expect_eq(item(meu, NULL), CLR_ITEM_UNDECIDED);
	clr__scope_parse("For all items subject to the EAR. (See § 744.11 of the EAR). This license "
	                 "requirement may be overcome by License Exception GOV under § 740.11(b)(2) "
	                 "and (e)", &sc);
	cr_expect(sc.gov);
	cr_expect_eq(sc.footnotes, 0);
}

Test(rules, footnotes)
{
	struct {
		const char *text;
		unsigned bits;
	} cases[] = {
		{"For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR) 4", 1u << 4},
		{"For all items subject to the EAR. (See §§ 734.9(e)(2) and 744.11 of the EAR)4", 1u << 4},
		{"For all items subject to the EAR, see §§ 734.9(e) 1 and 744.11 of the EAR 2",
		 1u << 1 | 1u << 2},
		{"For all items subject to the EAR (See §§ 734.9(g)3, 746.8(a)(3), and 744.2l(b) of the "
		 "EAR)", 1u << 3},
		{"For all items subject to the EAR (See §§ 734.4(a)(9), 734.9(e)(3), and 744.11 of the "
		 "EAR) 5", 1u << 5},
		{"All items subject to the EAR, apart from items authorized pursuant to General License "
		 "No. 1B of March 2, 2021.", 0},
		{"For all items subject to the EAR (See §744.11 of the EAR)", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		clr_scope sc;
		clr__scope_parse(cases[i].text, &sc);
		cr_expect_eq(sc.footnotes, cases[i].bits, "%s: %#x", cases[i].text, sc.footnotes);
	}
	cr_expect(strstr(clr__footnote_rule(1), "734.9(e)(1)"));
	cr_expect(strstr(clr__footnote_rule(3), "734.9(g)"));
	cr_expect(strstr(clr__footnote_rule(4), "734.9(e)(2)"));
	cr_expect_not_null(clr__footnote_rule(5));
	cr_expect_null(clr__footnote_rule(2));
}

Test(rules, review_policies)
{
	struct {
		const char *text;
		int most, mixed;
	} cases[] = {
		{"Presumption of denial.", CLR_POL_PRESUMPTION_DENIAL, 0},
		{"Presumption of Denial", CLR_POL_PRESUMPTION_DENIAL, 0},
		{"Policy of denial. See §§ 746.8(b) and 744.21(e).", CLR_POL_POLICY_DENIAL, 0},
		{"Case-by-case basis.", CLR_POL_CASE_BY_CASE, 0},
		{"Presumption of  approval for EAR99; case-by-case review for all items on the CCL",
		 CLR_POL_CASE_BY_CASE, 1},
		{"Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items",
		 CLR_POL_CASE_BY_CASE, 1},
		{"Policy of denial for all items subject to the EAR apart from food and medicine "
		 "designated as EAR99, which will be reviewed on a case-by-case basis. See §§ 746.8(b) "
		 "and 744.21(e)", CLR_POL_POLICY_DENIAL, 1},
		{"Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995; casa-by-case review for items "
		 "necessary to detect, identify and treat infectious disease; and presumption of denial "
		 "for all other items subject to the EAR.", CLR_POL_PRESUMPTION_DENIAL, 1},
		{"The license application procedure and license review policy for entities specified "
		 "in supplement no. 2 to part 744 is specified in §744.21(d) and (e).",
		 CLR_POL_PRESUMPTION_DENIAL, 0},
		{"See §746.5(b) of the EAR.", CLR_POL_PRESUMPTION_DENIAL, 0},
		{"See §744.2(d) of the EAR.", CLR_POL_UNSPECIFIED, 0},
		{"", CLR_POL_UNSPECIFIED, 0},
		{NULL, CLR_POL_UNSPECIFIED, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		clr_policy p;
		clr__policy_parse(cases[i].text, &p);
		cr_expect_eq(p.most, cases[i].most, "%s: %s", cases[i].text,
		             clr__policy_name(p.most));
		cr_expect_eq(p.mixed, cases[i].mixed, "%s", cases[i].text);
	}
	cr_expect(CLR_POL_POLICY_DENIAL > CLR_POL_PRESUMPTION_DENIAL &&
	          CLR_POL_PRESUMPTION_DENIAL > CLR_POL_CASE_BY_CASE &&
	          CLR_POL_CASE_BY_CASE > CLR_POL_APPROVAL);
}
