/* test_un.c - UN consolidated list XML: entries, aliases, addresses; hostile
 * XML (DOCTYPE, external entities, entity bombs, deep nesting) refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lists/loader.h"

#define FIX(p) CLR_FIXTURES "/un/" p
#define REAL CLR_SHARED_DATA "/lists/un/consolidated.xml"

static int parse_file(clr_loader *ld, const char *path, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	clr_buf err = {0};
	cr_assert_eq(clr__read_file(path, &buf, &len, &err), 0, "reading %s", path);
	clr__buf_free(&err);
	cr_assert_eq(clr__loader_init(ld, path, flags), 0);
	int rc = clr__parse_un_xml(ld, buf, len);
	free(buf);
	return rc;
}

static int parse_mem(clr_loader *ld, const char *buf, size_t len)
{
	cr_assert_eq(clr__loader_init(ld, "mem/un.xml", 0), 0);
	return clr__parse_un_xml(ld, buf, len);
}

static const clr_entry *find(const clr_loader *ld, const char *id)
{
	for (size_t i = 0; i < ld->entries.n; i++)
		if (!strcmp(ld->entries.v[i]->id, id))
			return ld->entries.v[i];
	return NULL;
}

static void expect_error(const clr_loader *ld, int rc, int code, const char *where,
                         const char *field)
{
	cr_assert_eq(rc, code, "rc %d, want %d (%s)", rc, code, ld->err.p ? ld->err.p : "");
	cr_assert_not_null(ld->err.p);
	cr_expect(strstr(ld->err.p, where) != NULL, "'%s' does not name '%s'", ld->err.p, where);
	if (field)
		cr_expect(strstr(ld->err.p, field) != NULL, "'%s' does not name '%s'", ld->err.p,
		          field);
}

Test(un, fixture_entries)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("consolidated.xml"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 3);
	cr_assert_eq(ld.report.entries, 3);

	const clr_entry *e = find(&ld, "un:TAi.035");
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

	e = find(&ld, "un:6908556");
	cr_assert_not_null(e, "DATAID stands in for a missing REFERENCE_NUMBER");
	cr_expect_str_eq(e->start_date, "2015-04-07", "xs:date with a time zone");
	cr_assert_eq(e->ncountries, 1);
	cr_expect_str_eq(e->countries[0], "IR");

	e = find(&ld, "un:KPe.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_assert_eq(e->nnames, 2);
	cr_expect_str_eq(e->names[1].name, "CHANGGWANG SINYONG CORPORATION");
	cr_expect_str_eq(e->countries[0], "KP");
	clr__loader_dispose(&ld);
}

Test(un, hostile_documents_are_refused)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("xxe.xml"), 0);
	expect_error(&ld, rc, CLR_EINPUT, "xxe.xml:2:", "DOCTYPE");
	cr_expect_eq(ld.entries.n, 0, "nothing read, nothing expanded");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("billion-laughs.xml"), CLR_LOAD_LENIENT);
	expect_error(&ld, rc, CLR_EINPUT, "billion-laughs.xml:3:", "DOCTYPE");
	clr__loader_dispose(&ld);

	/* an undeclared entity is a well-formedness error, never a file read */
	static const char undeclared[] =
		"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>"
		"<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
	rc = parse_mem(&ld, undeclared, sizeof(undeclared) - 1);
	expect_error(&ld, rc, CLR_EINPUT, "un.xml:1:", "field '");
	clr__loader_dispose(&ld);
}

Test(un, malformed_documents)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("unclosed.xml"), CLR_LOAD_LENIENT);
	expect_error(&ld, rc, CLR_EINPUT, "unclosed.xml:11:", "field '");
	cr_expect(strstr(ld.err.p, "FIRST_NAME") != NULL, "%s", ld.err.p);
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("bad-utf8.xml"), 0);
	expect_error(&ld, rc, CLR_EINPUT, "bad-utf8.xml:5:", "field 'FIRST_NAME'");
	clr__loader_dispose(&ld);

	static const char truncated[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
	                                "<INDIVIDUAL>\n<FIRST_NAME>CUT</FIR";
	rc = parse_mem(&ld, truncated, sizeof(truncated) - 1);
	expect_error(&ld, rc, CLR_EINPUT, "un.xml:5:", "field '");
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
	expect_error(&ld, rc, CLR_ELIMIT, "un.xml:2:", "field 'X'");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(un, lenient_skips_bad_entries)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("no-name.xml"), 0);
	expect_error(&ld, rc, CLR_EINPUT, "no-name.xml:9:", "field 'FIRST_NAME'");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("no-name.xml"), CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 4);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_eq(ld.report.skipped, 2);
	cr_assert_eq(ld.messages.n, 2);
	cr_expect(strstr(ld.messages.v[1], "no-name.xml:13:") != NULL, "%s", ld.messages.v[1]);
	cr_expect(strstr(ld.messages.v[1], "field 'LISTED_ON'") != NULL, "%s", ld.messages.v[1]);
	cr_expect_not_null(find(&ld, "un:QDi.001"));
	cr_expect_not_null(find(&ld, "un:42"));
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

	const clr_entry *e = find(&ld, "un:KPe.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_str_eq(e->names[0].name, "KOREA MINING DEVELOPMENT TRADING CORPORATION");
	cr_expect_str_eq(e->names[1].name, "CHANGGWANG SINYONG CORPORATION");
	cr_expect_str_eq(e->start_date, "2009-04-24");
	cr_expect_str_eq(e->countries[0], "KP");
	e = find(&ld, "un:CDi.001");
	cr_assert_not_null(e);
	cr_expect_eq(e->line, 4);
	clr__loader_dispose(&ld);
}
