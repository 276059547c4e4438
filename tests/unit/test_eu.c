/* test_eu.c - EU Financial Sanctions File XML: entities, the choice of the
 * primary name, weak aliases, regulations, addresses and the evidence of
 * birthdate, citizenship and identification; bad entities named by file,
 * line and field, skipped in lenient mode; the shared sample counted. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "evidence_fixture.h"
#include "list_fixture.h"

#define FIX(p) CLR_FIXTURES "/eu/" p
#define REAL CLR_SHARED_DATA "/lists/eu/eu-fsf-sample-2026-08-05.xml"

Test(eu, fixture_entities)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_eu_xml, &ld, FIX("fsf.xml"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 2);
	cr_assert_eq(ld.report.entries, 2);

	const clr_entry *e = entry_of(&ld, "eu:6177");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->source, "EU");
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_expect_eq(e->line, 3);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Ibrahim Hassan Al Asiri|a:إبراهيم حسن طالع عسيري|w:Abu Saleh|"
	                 "a:Ibrahim al-'Asiri|w:Abosslah|a:Ibrahim Hasan Asiri",
	                 "the Latin English name in parts is primary; 'low quality' and "
	                 "strong=false are weak; parts joined when there is no wholeName");
	cr_expect_str_eq(e->start_date, "2010-03-01", "the earliest of designation and regulations");
	cr_assert_eq(e->nprograms, 1);
	cr_expect_str_eq(e->programs[0], "TAQA");
	cr_assert_eq(e->ncitations, 2);
	cr_expect_str_eq(e->citations[0], "2023/329 (OJ L43I)");
	cr_expect_str_eq(e->remarks,
	                 "EU reference number EU.3092.36. UN reference number QDi.308. "
	                 "Reportedly deceased.");
	cr_assert_eq(e->naddresses, 1);
	cr_expect_str_eq(e->addresses[0].address, "Nobonyad Square, P.O. Box 16765/358, Sanaa");
	cr_expect_str_eq(e->addresses[0].country, "YE");

	cr_assert_eq(ev_count(e, CLR_EV_DOB), 3, "the Islamic year alone is not read");
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 0)->value, "1982-04-19");
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 1)->value, "circa 1953 to 1958");
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 1)->circa, 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 2)->value, "1970-03");
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 2)->precision, 2);
	cr_assert_eq(ev_count(e, CLR_EV_POB), 1, "'-' and unknown countries are no place");
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 0)->value, "Riyadh, SAUDI ARABIA");
	cr_assert_eq(ev_count(e, CLR_EV_CITIZENSHIP), 1, "00 is unknown");
	cr_expect_str_eq(ev_nth(e, CLR_EV_CITIZENSHIP, 0)->norm, "SA");
	cr_assert_eq(ev_count(e, CLR_EV_GENDER), 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_GENDER, 0)->norm, "male");
	cr_assert_eq(ev_count(e, CLR_EV_ID), 2, "a document without a number adds nothing");
	const clr_evidence *id = ev_nth(e, CLR_EV_ID, 0);
	cr_expect_str_eq(id->value, "1028745097");
	cr_expect_str_eq(id->id_type, "National identification card");
	cr_expect_str_eq(id->country, "SA");
	id = ev_nth(e, CLR_EV_ID, 1);
	cr_expect_str_eq(id->value, "F654645");
	cr_expect_null(id->country, "00 is no country");
	cr_expect(e->ncountries == 2 && !strcmp(e->countries[0], "SA") &&
	          !strcmp(e->countries[1], "YE"));

	e = entry_of(&ld, "eu:3822");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Parchin Chemical Industries|a:Tionscail Ceimiceán Parchin",
	                 "an Irish translation listed first is not the primary name");
	cr_expect_str_eq(e->start_date, "2024-07-29");
	cr_expect_str_eq(e->remarks,
	                 "EU reference number EU.1.1. Produces ammunition. Part of CIDMG.",
	                 "every remark is kept");
	cr_expect_str_eq(ev_nth(e, CLR_EV_ID, 0)->id_type, "Registration Number");
	clr__loader_dispose(&ld);
}

Test(eu, bad_entities)
{
	clr_loader ld;
	int rc = parse_path(clr__parse_eu_xml, &ld, FIX("no-name.xml"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "no-name.xml:7:", "field 'nameAlias'");
	clr__loader_dispose(&ld);

	rc = parse_path(clr__parse_eu_xml, &ld, FIX("no-name.xml"), CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 5);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_eq(ld.report.skipped, 3);
	cr_assert_eq(ld.messages.n, 3);
	cr_expect(strstr(ld.messages.v[1], "no-name.xml:11: field 'publicationDate'") != NULL, "%s",
	          ld.messages.v[1]);
	cr_expect(strstr(ld.messages.v[2], "no-name.xml:15: field 'logicalId'") != NULL, "%s",
	          ld.messages.v[2]);
	cr_expect_not_null(entry_of(&ld, "eu:1"));
	cr_expect_not_null(entry_of(&ld, "eu:5"));
	clr__loader_dispose(&ld);

	rc = parse_path(clr__parse_eu_xml, &ld, FIX("unclosed.xml"), CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "unclosed.xml:5:", "field 'nameAlias'");
	clr__loader_dispose(&ld);

	static const char cut[] = "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">\n"
	                          "<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\"X";
	rc = parse_image(clr__parse_eu_xml, &ld, "mem/eu.xml", cut, sizeof(cut) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/eu.xml:3:", "field 'sanctionEntity'");
	clr__loader_dispose(&ld);

	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE export [<!ENTITY x SYSTEM "
	                          "\"file:///etc/passwd\">]>\n<export/>";
	rc = parse_image(clr__parse_eu_xml, &ld, "mem/eu.xml", xxe, sizeof(xxe) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/eu.xml:2:", "field 'DOCTYPE'");
	clr__loader_dispose(&ld);
}

Test(eu, oversized_name_is_refused)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">\n"
	                               "<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\""), 0);
	for (size_t i = 0; i < CLR_MAX_FIELD_BYTES / 8 + 1; i++)
		cr_assert_eq(clr__buf_puts(&b, "Abcdefg "), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"/>\n</sanctionEntity>\n</export>\n"), 0);
	clr_loader ld;
	int rc = parse_image(clr__parse_eu_xml, &ld, "mem/eu.xml", b.p, b.len, 0);
	expect_failure(&ld, rc, CLR_ELIMIT, "mem/eu.xml:2:", "field 'wholeName'");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(eu, shared_sample)
{
	if (access(REAL, R_OK) != 0)
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	int rc = parse_path(clr__parse_eu_xml, &ld, REAL, 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.entries, 5);
	/* 45 nameAlias, all strong and distinct; 8 birthdate (6 distinct
	 * dates, 5 distinct places), 2 citizenship, 5 identification */
	cr_expect_eq(ld.report.names, 45);
	cr_expect_eq(ld.report.evidence[CLR_EV_DOB], 6);
	cr_expect_eq(ld.report.evidence[CLR_EV_POB], 5);
	cr_expect_eq(ld.report.evidence[CLR_EV_CITIZENSHIP], 2);
	cr_expect_eq(ld.report.evidence[CLR_EV_ID], 5);
	cr_expect_eq(ld.report.addresses, 8);
	const clr_entry *e = entry_of(&ld, "eu:191");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->names[0].name, "Khalid Sheikh MOHAMMED");
	cr_expect_str_eq(e->start_date, "2025-01-31");
	e = entry_of(&ld, "eu:3822");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->names[0].name, "Parchin Chemical Industries (PCI)");
	clr__loader_dispose(&ld);
}
