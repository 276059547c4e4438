/* test_un.c - UN consolidated list XML: entries, aliases, addresses, the
 * evidence of individuals (dates and places of birth, nationalities,
 * documents); hostile XML (DOCTYPE, external entities, entity bombs, deep
 * nesting) refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence_fixture.h"
#include "list_fixture.h"

#define FIX(p) CLR_FIXTURES "/un/" p
#define REAL CLR_SHARED_DATA "/lists/un/consolidated.xml"

static int parse_file(clr_loader *ld, const char *path, unsigned flags)
{
	return parse_path(clr__parse_un_xml, ld, path, flags);
}

static int parse_mem(clr_loader *ld, const char *buf, size_t len)
{
	return parse_image(clr__parse_un_xml, ld, "mem/un.xml", buf, len, 0);
}

Test(un, fixture_entries)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("consolidated.xml"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 3);
	cr_assert_eq(ld.report.entries, 3);

	const clr_entry *e = entry_of(&ld, "un:TAi.035");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->source, "UN");
	cr_expect_str_eq(e->source_name, "UN Security Council Consolidated List");
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_expect_eq(e->line, 5);
	cr_assert_eq(e->nnames, 4, "the empty alias adds nothing");
	cr_expect_str_eq(e->names[0].name, "ABDUL BAQI BASIR", "empty THIRD_NAME skipped");
	cr_expect_eq(e->names[0].kind, CLR_NAME_PRIMARY);
	cr_expect_str_eq(e->names[1].name, "عبدالباقی بصیر");
	cr_expect_eq(e->names[1].kind, CLR_NAME_ALIAS);
	cr_expect_str_eq(e->names[2].name, "Abdul Baqi Basir Awal Shah");
	cr_expect_eq(e->names[2].kind, CLR_NAME_ALIAS);
	cr_expect_str_eq(e->names[3].name, "Haji Abdul Baqi");
	cr_expect_eq(e->names[3].kind, CLR_NAME_WEAK_ALIAS);
	cr_expect_str_eq(e->start_date, "2001-02-23");
	cr_expect_str_eq(e->remarks, "Believed to be in Afghanistan & Pakistan border area.");
	cr_assert_eq(e->nprograms, 1);
	cr_expect_str_eq(e->programs[0], "Taliban");
	cr_assert_eq(e->naddresses, 1);
	cr_expect_str_eq(e->addresses[0].address, "Street 5, Jalalabad, Nangarhar Province");
	cr_expect_str_eq(e->addresses[0].country, "Afghanistan");
	cr_assert_eq(e->ncountries, 1, "'na' is not Namibia; place of birth is not a country here");
	cr_expect_str_eq(e->countries[0], "AF");

	e = entry_of(&ld, "un:6908556");
	cr_assert_not_null(e, "DATAID stands in for a missing REFERENCE_NUMBER");
	cr_expect_str_eq(e->start_date, "2015-04-07", "xs:date with a time zone");
	cr_assert_eq(e->ncountries, 1);
	cr_expect_str_eq(e->countries[0], "IR");

	e = entry_of(&ld, "un:KPe.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_assert_eq(e->nnames, 2);
	cr_expect_str_eq(e->names[1].name, "CHANGGWANG SINYONG CORPORATION");
	cr_expect_str_eq(e->countries[0], "KP");
	clr__loader_dispose(&ld);
}

static void expect_dob(const clr_evidence *v, const char *value, int32_t from, int32_t to,
                       uint8_t precision, uint8_t circa)
{
	cr_assert_not_null(v, "no date of birth '%s'", value);
	cr_expect_str_eq(v->value, value);
	cr_expect_eq(v->from, from, "%s: from %d", value, v->from);
	cr_expect_eq(v->to, to, "%s: to %d", value, v->to);
	cr_expect_eq(v->precision, precision, "%s", value);
	cr_expect_eq(v->circa, circa, "%s", value);
}

static void expect_doc(const clr_evidence *v, const char *value, const char *norm,
                       const char *type, const char *country)
{
	cr_assert_not_null(v, "no identifier '%s'", value);
	cr_expect_eq(v->kind, CLR_EV_ID);
	cr_expect_str_eq(v->value, value);
	cr_expect_str_eq(v->norm, norm, "%s", value);
	cr_expect_str_eq(v->id_type, type, "%s", value);
	if (country)
		cr_expect_str_eq(v->country, country, "%s", value);
	else
		cr_expect_null(v->country, "%s", value);
}

/* The shapes of the real list: each TYPE_OF_DATE, places of birth with and
 * without parts, documents whose NUMBER says more than the number. */
static const char evidence_xml[] =
	"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n"
	"<FIRST_NAME>ALI</FIRST_NAME><SECOND_NAME>HASSAN</SECOND_NAME>\n"
	"<REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>\n"
	"<NATIONALITY><VALUE>Iraq</VALUE><VALUE>na</VALUE><VALUE>Atlantis</VALUE></NATIONALITY>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1966-01-01</DATE>"
	"</INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR>"
	"</INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR>"
	"<TO_YEAR>1965</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR>"
	"<TO_YEAR>1958</TO_YEAR><NOTE>Approximately </NOTE></INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>"
	"</INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
	"<NOTE>24/06/1402 (Hijri Calendar)</NOTE></INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE /></INDIVIDUAL_DATE_OF_BIRTH>\n"
	"<INDIVIDUAL_PLACE_OF_BIRTH><CITY>Musanze District</CITY>"
	"<STATE_PROVINCE>Northern Province</STATE_PROVINCE><COUNTRY>Rwanda</COUNTRY>"
	"</INDIVIDUAL_PLACE_OF_BIRTH>\n"
	"<INDIVIDUAL_PLACE_OF_BIRTH><COUNTRY /></INDIVIDUAL_PLACE_OF_BIRTH>\n"
	"<INDIVIDUAL_PLACE_OF_BIRTH><STREET>Manono Territory</STREET>"
	"<NOTE>(now Tanganyika Province)</NOTE></INDIVIDUAL_PLACE_OF_BIRTH>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
	"<NUMBER>OB 0243318</NUMBER><ISSUING_COUNTRY>Democratic Republic of the Congo"
	"</ISSUING_COUNTRY><NOTE>Expiration date: 2026-12-11.</NOTE></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification\n"
	"      Number</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>FARDC ID</TYPE_OF_DOCUMENT2>"
	"<NUMBER>Central African Republic armed forces (FACA) Military identification\n"
	"number 911-10-77</NUMBER><COUNTRY_OF_ISSUE>Iran (Islamic Republic of)"
	"</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
	"<NUMBER>Russian foreign travel passport number 514448632</NUMBER></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
	"<NUMBER>381110042 (Expired 25 Jan. 2016)</NUMBER></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
	"<NUMBER>Libya B/002210</NUMBER><ISSUING_COUNTRY>Libya</ISSUING_COUNTRY>"
	"<COUNTRY_OF_ISSUE>Egypt</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
	"<ISSUING_COUNTRY>Egypt</ISSUING_COUNTRY><NOTE>issued in 1993</NOTE></INDIVIDUAL_DOCUMENT>\n"
	"<INDIVIDUAL_DOCUMENT />\n"
	"</INDIVIDUAL></INDIVIDUALS><ENTITIES><ENTITY>\n"
	"<FIRST_NAME>SOME FRONT</FIRST_NAME><REFERENCE_NUMBER>QDe.900</REFERENCE_NUMBER>\n"
	"</ENTITY></ENTITIES></CONSOLIDATED_LIST>\n";

Test(un, evidence)
{
	clr_loader ld;
	int rc = parse_mem(&ld, evidence_xml, sizeof(evidence_xml) - 1);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_assert_eq(ld.report.entries, 2);
	const clr_entry *e = entry_of(&ld, "un:QDi.900");
	cr_assert_not_null(e);

	cr_assert_eq(ev_count(e, CLR_EV_DOB), 6, "the empty one adds nothing");
	expect_dob(ev_nth(e, CLR_EV_DOB, 0), "1966-01-01", 19660101, 19660101, 3, 0);
	expect_dob(ev_nth(e, CLR_EV_DOB, 1), "circa 1966", 19660101, 19661231, 1, 1);
	expect_dob(ev_nth(e, CLR_EV_DOB, 2), "1960 to 1965", 19600101, 19651231, 1, 0);
	expect_dob(ev_nth(e, CLR_EV_DOB, 3), "circa 1955 to 1958", 19550101, 19581231, 1, 1);
	expect_dob(ev_nth(e, CLR_EV_DOB, 4), "Nov. 1973", 19731101, 19731130, 2, 0);
	expect_dob(ev_nth(e, CLR_EV_DOB, 5), "24/06/1402 (Hijri Calendar)", 0, 0, 0, 0);
	cr_expect_eq(ld.report.dob_unread, 1);

	cr_assert_eq(ev_count(e, CLR_EV_POB), 2, "the empty one adds nothing");
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 0)->value, "Musanze District, Northern Province, Rwanda");
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 1)->value, "Manono Territory");
	cr_expect(e->ncountries == 2 && !strcmp(e->countries[0], "IQ") &&
	              !strcmp(e->countries[1], "Atlantis"),
	          "the nationalities as before; a place of birth is not a country of the entry");

	cr_assert_eq(ev_count(e, CLR_EV_NATIONALITY), 1, "'na' is not Namibia, Atlantis nothing");
	cr_expect_str_eq(ev_nth(e, CLR_EV_NATIONALITY, 0)->value, "Iraq");
	cr_expect_str_eq(ev_nth(e, CLR_EV_NATIONALITY, 0)->norm, "IQ");

	cr_assert_eq(ev_count(e, CLR_EV_ID), 5, "a document without a number adds nothing");
	expect_doc(ev_nth(e, CLR_EV_ID, 0), "OB 0243318", "OB0243318", "Passport", "CD");
	expect_doc(ev_nth(e, CLR_EV_ID, 1), "911-10-77", "9111077", "National Identification Number",
	           "IR");
	expect_doc(ev_nth(e, CLR_EV_ID, 2), "514448632", "514448632", "Passport", NULL);
	expect_doc(ev_nth(e, CLR_EV_ID, 3), "381110042", "381110042", "Passport", NULL);
	expect_doc(ev_nth(e, CLR_EV_ID, 4), "B/002210", "B002210", "Passport", "LY");
	cr_expect_eq(e->nevidence, 6 + 2 + 1 + 5);

	e = entry_of(&ld, "un:QDe.900");
	cr_assert_not_null(e);
	cr_expect_eq(e->nevidence, 0);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_DOB], 1);
	cr_expect_eq(ld.report.evidence[CLR_EV_ID], 5);
	cr_expect_eq(ld.report.remarks_left, 0);
	clr__loader_dispose(&ld);
}

Test(un, hostile_documents_are_refused)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("xxe.xml"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "xxe.xml:2:", "DOCTYPE");
	cr_expect_eq(ld.entries.n, 0, "nothing read, nothing expanded");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("billion-laughs.xml"), CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "billion-laughs.xml:3:", "DOCTYPE");
	clr__loader_dispose(&ld);

	/* an undeclared entity is a well-formedness error, never a file read */
	static const char undeclared[] =
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>"
		"<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
	rc = parse_mem(&ld, undeclared, sizeof(undeclared) - 1);
	expect_failure(&ld, rc, CLR_EINPUT, "un.xml:1:", "field '");
	clr__loader_dispose(&ld);
}

Test(un, malformed_documents)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("unclosed.xml"), CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "unclosed.xml:11:", "field '");
	cr_expect(strstr(ld.err.p, "FIRST_NAME") != NULL, "%s", ld.err.p);
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("bad-utf8.xml"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "bad-utf8.xml:5:", "field 'FIRST_NAME'");
	clr__loader_dispose(&ld);

	static const char truncated[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
	                                "<INDIVIDUAL>\n<FIRST_NAME>CUT</FIR";
	rc = parse_mem(&ld, truncated, sizeof(truncated) - 1);
	expect_failure(&ld, rc, CLR_EINPUT, "un.xml:5:", "field '");
	clr__loader_dispose(&ld);

	rc = parse_mem(&ld, "", 0);
	cr_expect_eq(rc, CLR_EINPUT, "an empty document is not a list");
	clr__loader_dispose(&ld);
}

Test(un, deep_nesting_is_capped)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "<CONSOLIDATED_LIST>\n"), 0);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(clr__buf_puts(&b, "<X>"), 0);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(clr__buf_puts(&b, "</X>"), 0);
	cr_assert_eq(clr__buf_puts(&b, "</CONSOLIDATED_LIST>\n"), 0);
	clr_loader ld;
	int rc = parse_mem(&ld, b.p, b.len);
	expect_failure(&ld, rc, CLR_ELIMIT, "un.xml:2:", "field 'X'");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(un, lenient_skips_bad_entries)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("no-name.xml"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "no-name.xml:9:", "field 'FIRST_NAME'");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("no-name.xml"), CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 4);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_eq(ld.report.skipped, 2);
	cr_assert_eq(ld.messages.n, 2);
	cr_expect(strstr(ld.messages.v[1], "no-name.xml:13:") != NULL, "%s", ld.messages.v[1]);
	cr_expect(strstr(ld.messages.v[1], "field 'LISTED_ON'") != NULL, "%s", ld.messages.v[1]);
	cr_expect_not_null(entry_of(&ld, "un:QDi.001"));
	cr_expect_not_null(entry_of(&ld, "un:42"));
	clr__loader_dispose(&ld);
}

Test(un, real_file)
{
	if (access(REAL, R_OK) != 0)
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	int rc = parse_file(&ld, REAL, 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 1003);
	cr_expect_eq(ld.report.entries, 1003);
	size_t persons = 0, entities = 0, weak = 0;
	for (size_t i = 0; i < ld.entries.n; i++) {
		const clr_entry *e = ld.entries.v[i];
		persons += e->type == CLR_TYPE_PERSON;
		entities += e->type == CLR_TYPE_ENTITY;
		for (size_t k = 0; k < e->nnames; k++)
			weak += e->names[k].kind == CLR_NAME_WEAK_ALIAS;
	}
	cr_expect_eq(persons, 730);
	cr_expect_eq(entities, 273);
	/* 1,003 primary names, 378 original-script names and 2,752 aliases,
	 * less those repeating a name of their entry */
	cr_expect_eq(ld.report.names, 4121);
	cr_expect_eq(weak, 615);
	cr_expect_eq(ld.report.addresses, 743);
	/* 919 INDIVIDUAL_DATE_OF_BIRTH (49 empty), 829 INDIVIDUAL_PLACE_OF_BIRTH,
	 * 921 INDIVIDUAL_DOCUMENT (454 with a number), counted with python3 */
	cr_expect_eq(ld.report.evidence[CLR_EV_DOB], 870);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_DOB], 679);
	cr_expect_eq(ld.report.dob_unread, 3);
	cr_expect_eq(ld.report.evidence[CLR_EV_POB], 633);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_POB], 534);
	cr_expect_eq(ld.report.evidence[CLR_EV_NATIONALITY], 650);
	cr_expect_eq(ld.report.evidence[CLR_EV_ID], 454);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_ID], 272);

	const clr_entry *e = entry_of(&ld, "un:KPe.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_str_eq(e->names[0].name, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
	cr_expect_str_eq(e->names[1].name, "CHANGGWANG SINYONG CORPORATION");
	cr_expect_str_eq(e->start_date, "2009-04-24");
	cr_expect_str_eq(e->countries[0], "KP");
	e = entry_of(&ld, "un:CDi.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->line, 4);
	clr__loader_dispose(&ld);
}
