/* test_ca.c - Canada's SEMA list XML: entities and persons, English and
 * French forms, the splitting of Aliases (legal forms kept, the French
 * " et ", surname and given-name variants completed), dates of birth, ids;
 * bad records named by file, line and field; the shared list counted. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "evidence_fixture.h"
#include "list_fixture.h"

#define FIX(p) CLR_FIXTURES "/ca/" p
#define REAL CLR_SHARED_DATA "/lists/ca/sema-lmes-2020-04.xml"

Test(ca, fixture_records)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_ca_xml, &ld, FIX("sema.xml"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 7);
	cr_assert_eq(ld.report.entries, 7);

	const clr_entry *e = entry_of(&ld, "ca:burma:1:1");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->source, "CA");
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_eq(e->line, 3);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Air Bagan|a:Air Bagan Holdings Pte. Ltd.|a:Air Bagan Limited|"
	                 "a:Bagan Trading Co., Ltd.|a:Bagan Air");
	cr_assert_eq(e->nprograms, 1);
	cr_expect_str_eq(e->programs[0], "Burma");
	cr_expect_str_eq(e->remarks, "Schedule 1, item 1.");

	e = entry_of(&ld, "ca:iran:1:136");
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Islamic Revolutionary Guard Corps|"
	                 "a:Corps des Gardiens de la Révolution islamique|a:IRGC|"
	                 "a:Sepah-e Pasdaran-e Enghelab-e Eslami|a:GRI|"
	                 "a:Gardiens de la Révolution iranienne|a:Pasdaran");

	e = entry_of(&ld, "ca:russia:1-part-2:12");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Aleksey Mikhailovich SALYAEV|a:Aleksei SALYAEV|a:Oleksii SALYAYEV|"
	                 "a:Aleksey Mikhailovich SALIAIEV");
	cr_assert_eq(ev_count(e, CLR_EV_DOB), 2);
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 1)->value, "1972-08-11");

	e = entry_of(&ld, "ca:syria:1:3");
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)), "p:Bushra Al Assad|a:Bushra Shawkat",
	                 "an alias of a record without capitals is a whole name");
	cr_expect_str_eq(e->remarks, "Schedule 1, item 3. Title: Major General/major-général.");
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 0)->precision, 1);

	e = entry_of(&ld, "ca:venezuela::78");
	cr_assert_not_null(e, "no schedule: an empty one in the id");
	cr_expect_str_eq(e->names[0].name, "José RIVAS");
	cr_expect_str_eq(e->remarks, "item 78.");

	e = entry_of(&ld, "ca:jvcfor:n-a:7");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->programs[0],
	                 "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)");
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 0)->precision, 2);

	e = entry_of(&ld, "ca:burma:2:1");
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Nordic Shipping A/S|a:Nordic c/o Burma Shipping",
	                 "a slash between one-letter words separates no forms");
	clr__loader_dispose(&ld);
}

Test(ca, bad_records)
{
	clr_loader ld;
	int rc = parse_path(clr__parse_ca_xml, &ld, FIX("bad-records.xml"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "bad-records.xml:9:", "field 'Entity'");
	clr__loader_dispose(&ld);

	rc = parse_path(clr__parse_ca_xml, &ld, FIX("bad-records.xml"), CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 5);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_eq(ld.report.skipped, 3);
	cr_assert_eq(ld.messages.n, 3);
	cr_expect(strstr(ld.messages.v[1], "bad-records.xml:15: field 'Item'") != NULL, "%s",
	          ld.messages.v[1]);
	cr_expect(strstr(ld.messages.v[2], "bad-records.xml:20: field 'Country'") != NULL, "%s",
	          ld.messages.v[2]);
	cr_expect_not_null(entry_of(&ld, "ca:iran:1:1"));
	cr_expect_not_null(entry_of(&ld, "ca:iran:1:5"));
	clr__loader_dispose(&ld);

	rc = parse_path(clr__parse_ca_xml, &ld, FIX("truncated.xml"), CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "truncated.xml:6:", "field 'Entity'");
	clr__loader_dispose(&ld);

	static const char bad_utf8[] = "<data-set>\n<record>\n<Country>Iran</Country>\n"
	                               "<Entity>Bad \xff</Entity>\n<Item>1</Item>\n</record>\n</data-set>\n";
	rc = parse_image(clr__parse_ca_xml, &ld, "mem/ca.xml", bad_utf8, sizeof(bad_utf8) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/ca.xml:4:", "field 'Entity'");
	clr__loader_dispose(&ld);
}

Test(ca, oversized_aliases_are_refused)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "<data-set>\n<record>\n<Country>Iran</Country>\n"
	                               "<Entity>X</Entity>\n<Item>1</Item>\n<Aliases>"), 0);
	for (size_t i = 0; i < CLR_MAX_ITEMS_PER_ENTRY + 10; i++)
		cr_assert_eq(clr__buf_printf(&b, "Name%zu, ", i), 0);
	cr_assert_eq(clr__buf_puts(&b, "</Aliases>\n</record>\n</data-set>\n"), 0);
	clr_loader ld;
	int rc = parse_image(clr__parse_ca_xml, &ld, "mem/ca.xml", b.p, b.len, 0);
	expect_failure(&ld, rc, CLR_ELIMIT, "mem/ca.xml:2:", "field 'Aliases'");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(ca, shared_list)
{
	if (access(REAL, R_OK) != 0)
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	int rc = parse_path(clr__parse_ca_xml, &ld, REAL, 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 1369);
	cr_expect_eq(ld.report.entries, 1369);
	size_t persons = 0, same_id = 0;
	for (size_t i = 0; i < ld.entries.n; i++) {
		persons += ld.entries.v[i]->type == CLR_TYPE_PERSON;
		for (size_t k = 0; k < i; k++)
			same_id += !strcmp(ld.entries.v[i]->id, ld.entries.v[k]->id);
	}
	cr_expect_eq(persons, 985, "985 records give a LastName");
	cr_expect_eq(same_id, 0, "regime, schedule and item are a key");
	/* 212 DateOfBirth, one of them "1972-08-10 or 1972-08-11" */
	cr_expect_eq(ld.report.evidence[CLR_EV_DOB], 213);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_DOB], 212);
	cr_expect_eq(ld.report.dob_unread, 0);
	cr_expect_eq(ld.report.names, 1571);
	clr__loader_dispose(&ld);
}
