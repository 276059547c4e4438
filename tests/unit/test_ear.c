/* test_ear.c - license requirements by item and destination (src/ear) over
 * the tables shipped in data/rules/ear: property tests over the whole
 * Country Chart (every ECCN whose requirements are whole chart columns,
 * against every country: license required exactly where the chart has an
 * X), no transaction to an embargoed destination ever without a license,
 * the reading of the CCL's requirement texts, the tables' versions by date,
 * and bad table rows named by file, line and field. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ear/ear_int.h"
#include "owner/owner.h"
#include "rules/rules.h"

#define EAR_DIR CLR_FIXTURES "/../../data/rules/ear"

static clr_ear *ear;

static void setup(void)
{
	clr_buf err = {0};
	cr_assert_eq(clr__ear_load(&ear, EAR_DIR, &err), 0, "%s", err.p);
	clr__buf_free(&err);
}

static void teardown(void)
{
	clr__ear_free(ear);
}

TestSuite(ear, .init = setup, .fini = teardown);

#define DATE 20261001

/* One decision: its severity; out's arrays freed. */
static int decide(const char *dest, const char *eccn, const char *hts, int food, int end_use,
                  int *nquestions)
{
	clr_ear_item it = {0, eccn, NULL, hts, food};
	clr_ear_out out = {json_array(), json_array(), json_array(), json_array(), 0, 0};
	cr_assert_eq(clr__ear_decide(ear, DATE, dest, &it, 1, end_use, EAR_USER_COMMERCIAL, &out),
	             0);
	if (nquestions)
		*nquestions = (int)json_array_size(out.questions);
	json_decref(out.reasons);
	json_decref(out.questions);
	json_decref(out.exceptions);
	json_decref(out.notes);
	return out.sev;
}

/* Whole columns: every control of the entry applies to the entire entry and
 * names Country Chart columns. */
static int whole_columns(const ccl_v *v, const eccn_entry *en, uint16_t *cols)
{
	*cols = 0;
	if (!en->nc)
		return 0;
	for (uint32_t k = 0; k < en->nc; k++) {
		const control *c = &v->c.v[en->c0 + k];
		if (c->scope != SCOPE_ALL || c->rule != RULE_COLUMNS)
			return 0;
		*cols |= c->cols;
	}
	return 1;
}

Test(ear, chart_property_every_whole_column_eccn_every_country)
{
	const ccl_v *v = EAR_VERSION(ear->ccl, DATE);
	const chart_v *cv = EAR_VERSION(ear->chart, DATE);
	const p746_v *pv = EAR_VERSION(ear->p746, DATE);
	size_t eccns = 0, checked = 0, licensed = 0;
	for (size_t i = 0; i < v->e.n; i++) {
		const eccn_entry *en = &v->e.v[i];
		uint16_t cols;
		if (!whole_columns(v, en, &cols))
			continue;
		eccns++;
		for (size_t r = 0; r < cv->rows.n; r++) {
			const chart_row *row = &cv->rows.v[r];
			/* Part 746 decides the embargoed rows and Russia and Belarus (any
			 * CCL item); 744.21 adds to the chart for its destinations */
			if (row->part746 || !strcmp(row->iso2, "RU") || !strcmp(row->iso2, "BY"))
				continue;
			int meu = 0;
			for (size_t m = 0; m < pv->meu_eccn.n; m++)
				meu |= !strncmp(pv->meu_eccn.v[m].code, en->eccn, 5);
			int nq;
			int sev = decide(row->iso2, en->eccn, NULL, -1, EAR_USE_CIVIL, &nq);
			int want = (row->x & cols) ? EAR_SEV_LICENSE : EAR_SEV_NONE;
			cr_expect_eq(sev, want, "%s to %s (%s): %d, the chart says %d", en->eccn,
			             row->iso2, row->name, sev, want);
			cr_expect_eq(nq, 0, "%s to %s: no question to ask", en->eccn, row->iso2);
			(void)meu;
			checked++;
			licensed += want == EAR_SEV_LICENSE;
		}
	}
	cr_log_info("chart property: %zu ECCNs of whole columns x %zu countries: %zu pairs, %zu "
	            "needing a license", eccns, cv->rows.n, checked, licensed);
	cr_expect_gt(eccns, 250, "ECCNs of whole columns: %zu", eccns);
	cr_expect_gt(checked, 40000, "pairs checked: %zu", checked);
	cr_expect(licensed > 0 && licensed < checked, "some pairs need a license, some not: %zu/%zu",
	          licensed, checked);
}

Test(ear, embargoed_destinations_never_clear)
{
	const ccl_v *v = EAR_VERSION(ear->ccl, DATE);
	static const char *const dests[] = {"CU", "IR", "KP", "SY", "Crimea", "DNR", "LNR",
	                                    "Cuba", "Iran", "North Korea", "Syria", "UA-43"};
	size_t n = 0;
	for (size_t d = 0; d < sizeof(dests) / sizeof(*dests); d++) {
		for (size_t i = 0; i < v->e.n; i++) {
			int sev = decide(dests[d], v->e.v[i].eccn, NULL, -1, EAR_USE_UNKNOWN, NULL);
			cr_expect_neq(sev, EAR_SEV_NONE, "%s to %s: clear", v->e.v[i].eccn, dests[d]);
			n++;
		}
		/* EAR99 goods: food or not, with an HTS code or not */
		static const char *const hts[] = {NULL, "841720", "100630", "300490", "940360"};
		for (size_t h = 0; h < 5; h++)
			for (int food = -1; food <= 0; food++) {
				int sev = decide(dests[d], "EAR99", hts[h], food, EAR_USE_UNKNOWN, NULL);
				int fm = hts[h] && (hts[h][0] == '1' || hts[h][0] == '3');
				if (fm && food < 0 && strcmp(dests[d], "CU") && strcmp(dests[d], "Cuba") &&
				    strcmp(dests[d], "IR") && strcmp(dests[d], "Iran"))
					continue; /* food and medicine are excepted there (746.4, 746.6, 746.9) */
				cr_expect_neq(sev, EAR_SEV_NONE, "EAR99 (hts %s, food %d) to %s: clear",
				              hts[h] ? hts[h] : "-", food, dests[d]);
				n++;
			}
	}
	cr_log_info("embargoes: %zu transactions to embargoed destinations, none clear", n);
	cr_expect_gt(n, 7000);
}

Test(ear, food_and_medicine_excepted_where_the_sections_say)
{
	cr_expect_eq(decide("KP", "EAR99", "100630", -1, EAR_USE_CIVIL, NULL), EAR_SEV_NONE,
	             "rice to North Korea (746.4(a))");
	cr_expect_eq(decide("SY", "EAR99", NULL, 1, EAR_USE_CIVIL, NULL), EAR_SEV_NONE);
	cr_expect_eq(decide("CU", "EAR99", "100630", -1, EAR_USE_CIVIL, NULL), EAR_SEV_LICENSE,
	             "Cuba excepts nothing (746.2(a))");
	int nq;
	cr_expect_eq(decide("KP", "EAR99", NULL, -1, EAR_USE_CIVIL, &nq), EAR_SEV_REVIEW);
	cr_expect_eq(nq, 1, "asks whether it is food or medicine");
}

Test(ear, places)
{
	clr_ear_place p;
	cr_assert_eq(clr__ear_place(ear, "Hong Kong", DATE, &p), 0);
	cr_expect_str_eq(p.code, "HK");
	cr_expect_str_eq(p.row, "CN");
	cr_expect_not_null(p.via);
	cr_assert_eq(clr__ear_place(ear, "LI", DATE, &p), 0);
	cr_expect_str_eq(p.row, "LI", "the chart has a row of its own (footnote 5)");
	cr_assert_eq(clr__ear_place(ear, "Cayman Islands", DATE, &p), 0);
	cr_expect_str_eq(p.row, "GB", "738.3(b)'s worked example");
	cr_assert_eq(clr__ear_place(ear, "Luhansk People's Republic (LNR) region of Ukraine", DATE,
	                            &p), 0);
	cr_expect_str_eq(p.code, EAR_LNR);
	cr_assert_eq(clr__ear_place(ear, "UA-43", DATE, &p), 0);
	cr_expect_str_eq(p.code, EAR_CRIMEA);
	cr_assert_eq(clr__ear_place(ear, "Ukraine", DATE, &p), 0);
	cr_expect_str_eq(p.code, "UA");
	cr_expect_eq(clr__ear_place(ear, "Atlantis", DATE, &p), -1);
}

static void reads(const char *eccn, const char *ctl, const char *chart, int scope, int rule,
                  const char *paras, const char *places)
{
	control c;
	clr__ear_read_control(eccn, ctl, chart, &c);
	cr_expect_eq(c.scope, scope, "'%s': scope %d, expected %d", ctl, c.scope, scope);
	cr_expect_eq(c.rule, rule, "'%s': rule %d, expected %d", chart, c.rule, rule);
	char got[256] = "";
	for (int i = 0; i < c.npara; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "", c.paras[i]);
	if (paras)
		cr_expect_str_eq(got, paras, "'%s': paragraphs", ctl);
	got[0] = '\0';
	for (int i = 0; i < c.nplaces; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "",
		         c.places[i]);
	if (places)
		cr_expect_str_eq(got, places, "'%s': places", chart);
}

Test(ear, reads_requirement_texts)
{
	reads("3A001", "NS applies to entire entry", "NS Column 2.", SCOPE_ALL, RULE_COLUMNS, "",
	      NULL);
	reads("3A090", "RS applies to 3A090.a", "To or within any destination worldwide, see § "
	      "742.6(a)(6)(iii)(A) of the EAR.", SCOPE_PARAS, RULE_WORLDWIDE, "a", "");
	reads("3A001", "RS applies to 3A001.z.1.a, z.2.a, z.3.a, z.4.a", "RS Column 1",
	      SCOPE_PARAS, RULE_COLUMNS, "z.1.a,z.2.a,z.3.a,z.4.a", NULL);
	reads("1C351", "CB applies to items controlled by 1C351.d.15 and .16", "CB Column 1.",
	      SCOPE_PARAS, RULE_COLUMNS, "d.15,d.16", NULL);
	reads("0A504", "RS applies to paragraph .i", "RS Column 1.", SCOPE_PARAS, RULE_COLUMNS,
	      "i", NULL);
	reads("3A001", "NS applies to entire entry except 3A001.a.1.a and .b.8", "NS Column 1",
	      SCOPE_EXCEPT, RULE_COLUMNS, "a.1.a,b.8", NULL);
	reads("3A001", "MT applies to 3A001.a.1.a when usable in “missiles”", "MT Column 1.",
	      SCOPE_TEXT, RULE_COLUMNS, "a.1.a", NULL);
	reads("3A090", "RS applies to 3A090.b", "To or within the United Arab Emirates or "
	      "destinations specified in Country Groups D:1, D:4, and D:5 of supplement no. 1 to "
	      "part 740 of the EAR, excluding any destination also specified in Country Groups A:5 "
	      "or A:6.", SCOPE_PARAS, RULE_PLACES, "b", "AE");
	reads("9A610", "RS applies to 9A610.y", "China, Russia, or Venezuela (see § 742.6(a)(7)).",
	      SCOPE_PARAS, RULE_PLACES, "y", "CN,RU,VE");
	reads("0A501", "UN applies to entire entry", "See § 746.1(b) for UN controls.", SCOPE_ALL,
	      RULE_UN, "", NULL);
	reads("5A002", "EI applies to entire entry", "Refer to § 742.15 of the EAR.", SCOPE_ALL,
	      RULE_WORLDWIDE, "", "CA");
	reads("0A502", "CC applies to shotguns with a barrel length less than 24 in.",
	      "CC Column 1.", SCOPE_TEXT, RULE_COLUMNS, "", NULL);
	reads("1A001", "NS applies to entire entry", "See § 742.6(a)(11) of the EAR.", SCOPE_ALL,
	      RULE_UNKNOWN, NULL, NULL);
}

/* The groups rule: 3A090.b to Saudi Arabia (D:4) needs a license, to Israel
 * (D:4 but A:6) not; to Hong Kong as China (D:5). */
Test(ear, country_group_rules)
{
	clr_ear_item it = {0, "3A090", "3A090.b", NULL, -1};
	static const struct {
		const char *dest;
		int sev;
	} cases[] = {{"SA", EAR_SEV_LICENSE}, {"IL", EAR_SEV_NONE}, {"Hong Kong", EAR_SEV_LICENSE},
	             {"DE", EAR_SEV_NONE}, {"CN", EAR_SEV_LICENSE}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		clr_ear_out out = {json_array(), json_array(), json_array(), json_array(), 0, 0};
		cr_assert_eq(clr__ear_decide(ear, DATE, cases[i].dest, &it, 1, EAR_USE_CIVIL,
		                             EAR_USER_COMMERCIAL, &out), 0);
		cr_expect_eq(out.sev, cases[i].sev, "3A090.b to %s: %d", cases[i].dest, out.sev);
		json_decref(out.reasons);
		json_decref(out.questions);
		json_decref(out.exceptions);
		json_decref(out.notes);
	}
}

static const char chart_head[] =
	"# in force from: 2025-09-30\n"
	"iso2\tcountry\tCB1\tCB2\tCB3\tNP1\tNP2\tNS1\tNS2\tMT1\tRS1\tRS2\tFC1\tCC1\tCC2\tCC3\tAT1\t"
	"AT2\tfootnotes\tpart746\n";

static int load_chart(const char *name, const char *text, clr_buf *err)
{
	clr_ear *e = NULL;
	size_t len = strlen(text);
	int rc = clr__ear_load_mem(&e, &name, &text, &len, 1, err);
	clr__ear_free(e);
	return rc;
}

Test(ear, bad_rows_name_file_line_field)
{
	clr_buf err = {0};
	char t[1024];
	snprintf(t, sizeof(t), "%sDE\tGermany\tX\t-\t-\t-\t-\tX\t-\tX\tX\t-\t-\t-\t-\t-\t-\t-\t3\t-\n"
	         "FR\tFrance\tX\tY\t-\t-\t-\tX\t-\tX\tX\t-\t-\t-\t-\t-\t-\t-\t-\t-\n", chart_head);
	cr_expect_eq(load_chart("country-chart-2026-09-01.tsv", t, &err), CLR_EINPUT);
	cr_expect(strstr(err.p, "country-chart-2026-09-01.tsv:4: field 'CB2'") != NULL, "%s",
	          err.p);
	snprintf(t, sizeof(t), "%sDEU\tGermany\tX\t-\t-\t-\t-\tX\t-\tX\tX\t-\t-\t-\t-\t-\t-\t-\t3\t-\n",
	         chart_head);
	cr_expect_eq(load_chart("country-chart-2026-09-01.tsv", t, &err), CLR_EINPUT);
	cr_expect(strstr(err.p, ":3: field 'iso2'") != NULL, "%s", err.p);
	snprintf(t, sizeof(t), "%sDE\tGermany\tX\n", chart_head);
	cr_expect_eq(load_chart("country-chart-2026-09-01.tsv", t, &err), CLR_EINPUT);
	cr_expect(strstr(err.p, ":3: 3 fields, the header has 20") != NULL, "%s", err.p);
	/* no in-force date: refused */
	cr_expect_eq(load_chart("country-chart-2026-09-01.tsv", chart_head + 28, &err), CLR_EINPUT);
	cr_expect(strstr(err.p, "in force from") != NULL, "%s", err.p);
	/* a valid chart alone: the other tables are missing */
	snprintf(t, sizeof(t), "%sDE\tGermany\tX\t-\t-\t-\t-\tX\t-\tX\tX\t-\t-\t-\t-\t-\t-\t-\t3\t-\n",
	         chart_head);
	cr_expect_eq(load_chart("country-chart-2026-09-01.tsv", t, &err), CLR_EINPUT);
	cr_expect(strstr(err.p, "no territories table") != NULL, "%s", err.p);
	clr__buf_free(&err);
}

/* Versions by date: a second chart in force from 2027-01-01 decides only
 * transactions from then on. */
Test(ear, versions_by_date)
{
	cr_expect_eq(clr__ear_pick(&ear->chart.v[0].m, sizeof(chart_v), ear->chart.n, DATE), 0);
	chart_v two[2];
	memset(two, 0, sizeof(two));
	two[0].m.from = 20250930;
	two[1].m.from = 20270101;
	cr_expect_eq(clr__ear_pick(&two[0].m, sizeof(chart_v), 2, 20261231), 0);
	cr_expect_eq(clr__ear_pick(&two[0].m, sizeof(chart_v), 2, 20270101), 1);
	cr_expect_eq(clr__ear_pick(&two[0].m, sizeof(chart_v), 2, 20200101), 0,
	             "before every version: the earliest");
	json_t *v = clr__ear_versions(ear, DATE);
	cr_expect_str_eq(json_string_value(json_object_get(v, "country_chart")),
	                 "country-chart-2026-09-01.tsv");
	json_decref(v);
}

/* The C reader of the eCFR's XML and the script that derived the shipped
 * chart agree on the real part 738 of 2026-09-01: the same rows, marks,
 * footnotes and Part 746 pointers, in force from the same amendment. */
Test(ear, ecfr_xml_reads_as_the_shipped_chart)
{
	const char *xmlp = CLR_SHARED_DATA "/ear/country-chart/part-738-2026-09-01.xml";
	FILE *f = fopen(xmlp, "rb");
	if (!f)
		cr_skip_test("%s absent", xmlp);
	fclose(f);
	char *xml;
	size_t len;
	clr_buf err = {0}, out = {0};
	cr_assert_eq(clr__read_file(xmlp, &xml, &len, &err), 0, "%s", err.p);
	cr_assert_eq(clr__ear_chart_from_ecfr(xml, len, "part-738.xml", ear, "test", "2026-09-01", &out,
	                                      &err), 0, "%s", err.p);
	cr_expect(strstr(out.p, "# in force from: 2025-09-30\n") != NULL, "%.400s", out.p);
	cr_expect_eq(clr__ear_chart_differs(ear, "country-chart-2026-09-01.tsv", out.p, out.len,
	                                    &err), 0, "the C reading differs from the shipped chart");
	/* and a change shows */
	char *de = strstr(out.p, "\nDE\tGermany\t");
	cr_assert_not_null(de);
	char *cell = de + strlen("\nDE\tGermany\t") + 2 * 6; /* NS2, the seventh column */
	cr_assert(*cell == '-' || *cell == 'X');
	*cell = *cell == '-' ? 'X' : '-';
	cr_expect_eq(clr__ear_chart_differs(ear, "country-chart-2026-09-01.tsv", out.p, out.len,
	                                    &err), 1);
	free(xml);
	clr__buf_free(&out);
	clr__buf_free(&err);
}

Test(ear, ecfr_refuses_what_is_no_chart)
{
	clr_buf err = {0}, out = {0};
	const char *bad[] = {
		"<?xml version=\"1.0\"?><DIV5/>",
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"x\">]><DIV5>&e;</DIV5>",
		"<DIV9 N=\"Supplement No. 1 to Part 738\"><TABLE><TBODY><TR><TD>Atlantis</TD>"
		"<TD>Y</TD></TR></TBODY></TABLE></DIV9>",
		"<DIV9 N=\"Supplement No. 1 to Part 738\"><TABLE><TBODY><TR><TD>Germany</TD>"
		"<TD>X</TD></TR></TBODY></TABLE></DIV9>",
		"not xml at all <"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		clr__buf_clear(&out);
		cr_expect_eq(clr__ear_chart_from_ecfr(bad[i], strlen(bad[i]), "x.xml", ear, "t",
		                                      "2027-01-01", &out, &err), CLR_EINPUT, "case %zu", i);
		cr_expect(err.p && strstr(err.p, "x.xml") == err.p, "case %zu: %s", i, err.p);
	}
	clr__buf_free(&out);
	clr__buf_free(&err);
}
