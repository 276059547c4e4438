/* test_dpl.c - BIS Denied Persons List: header mapping, stable ids, dates,
 * citations, malformed rows refused with file, line and field. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "list_fixture.h"

#define FIX(p) CLR_FIXTURES "/dpl/" p
#define REAL CLR_SHARED_DATA "/lists/bis/dpl.txt"

static int parse_file(clr_loader *ld, const char *path, unsigned flags)
{
	return parse_path(clr__parse_dpl, ld, path, flags);
}

static int parse_mem(clr_loader *ld, const char *buf, size_t len, unsigned flags)
{
	return parse_image(clr__parse_dpl, ld, "mem/dpl.txt", buf, len, flags);
}

Test(dpl, fixture_entries)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("dpl.txt"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 4);
	cr_expect_eq(ld.report.header_repeats, 1);
	cr_assert_eq(ld.entries.n, 4);

	const clr_entry *e = ld.entries.v[0];
	cr_expect_eq(strncmp(e->id, "dpl:", 4), 0);
	cr_expect_eq(strlen(e->id), 4 + 16);
	cr_expect_str_eq(e->source, "DPL");
	cr_expect_str_eq(e->source_name, "Denied Persons List (DPL) - Bureau of Industry and Security");
	cr_expect_eq(e->type, CLR_TYPE_UNKNOWN);
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(e->names[0].name, "AARON ABRAHAM VILLA");
	cr_expect_str_eq(e->start_date, "2022-08-24");
	cr_expect_str_eq(e->end_date, "2026-01-14");
	cr_assert_eq(e->naddresses, 1);
	cr_expect_str_eq(e->addresses[0].address, "3415 RIVERA AVENUE, EL PASO, TX, 79905");
	cr_expect_null(e->addresses[0].country);
	cr_expect_str_eq(e->remarks, "F.R. NOTICE ADDED");
	cr_assert_eq(e->ncitations, 1);
	cr_expect_str_eq(e->citations[0], "87 F.R. 52741 8/29/2022");

	/* same name and effective date: the second gets a suffix */
	const clr_entry *a = ld.entries.v[1], *b = ld.entries.v[2];
	cr_expect_eq(a->line, 3);
	cr_expect_eq(b->line, 5, "after the repeated header row");
	cr_expect_eq(strlen(b->id), strlen(a->id) + 2);
	cr_expect_eq(strncmp(a->id, b->id, strlen(a->id)), 0);
	cr_expect_str_eq(b->id + strlen(a->id), "-2");
	cr_assert_eq(a->ncitations, 3);
	cr_expect_str_eq(a->citations[1], "67 F.R. 10890 3/11/02");
	cr_expect_str_eq(a->countries[0], "US");

	e = ld.entries.v[3];
	cr_expect_null(e->end_date);
	cr_assert_eq(e->ncitations, 1, "'82 F.R. 16788, 16789 4/6/2017' is one citation");
	cr_assert_eq(e->ncountries, 1);
	cr_expect_str_eq(e->countries[0], "CN");

	/* ids are stable: a second import gives the same ones */
	clr_loader again;
	cr_assert_eq(parse_file(&again, FIX("dpl.txt"), 0), 0);
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(again.entries.v[i]->id, ld.entries.v[i]->id);
	clr__loader_dispose(&again);
	clr__loader_dispose(&ld);
}

Test(dpl, strict_errors_name_file_line_field)
{
	clr_loader ld;
	int rc = parse_file(&ld, FIX("bad-date.txt"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "bad-date.txt:3:", "field 'Effective_Date'");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("wrong-columns.txt"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "wrong-columns.txt:3:", "field 'Last_Update'");
	clr__loader_dispose(&ld);

	rc = parse_file(&ld, FIX("bad-quote.txt"), 0);
	expect_failure(&ld, rc, CLR_EINPUT, "bad-quote.txt:3:", "field 'Name'");
	clr__loader_dispose(&ld);

	/* a missing required column is fatal in either mode */
	rc = parse_file(&ld, FIX("no-name-column.txt"), CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "no-name-column.txt:1:", "field 'Name'");
	clr__loader_dispose(&ld);
}

Test(dpl, lenient_keeps_good_rows)
{
	static const char *const bad[] = {"bad-date.txt", "wrong-columns.txt", "bad-quote.txt"};
	for (size_t i = 0; i < 3; i++) {
		char path[1024];
		clr_loader ld;
		snprintf(path, sizeof(path), "%s/dpl/%s", CLR_FIXTURES, bad[i]);
		int rc = parse_file(&ld, path, CLR_LOAD_LENIENT);
		cr_assert_eq(rc, 0, "%s: %s", bad[i], ld.err.p);
		cr_expect_eq(ld.report.rows, 3, "%s", bad[i]);
		cr_expect_eq(ld.report.entries, 2, "%s", bad[i]);
		cr_expect_eq(ld.report.skipped, 1, "%s", bad[i]);
		cr_assert_eq(ld.messages.n, 1);
		cr_expect(strstr(ld.messages.v[0], ":3:") != NULL, "%s", ld.messages.v[0]);
		clr__loader_dispose(&ld);
	}
}

Test(dpl, hostile_rows)
{
	static const char head[] = "\"Name\"\t\"Effective_Date\"\n";
	clr_loader ld;
	clr_buf b = {0};

	/* invalid UTF-8 in a name */
	cr_assert_eq(clr__buf_puts(&b, head), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"BAD \xc3\x28 NAME\"\t\"01/02/2003\"\n"), 0);
	int rc = parse_mem(&ld, b.p, b.len, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "dpl.txt:2:", "field 'Name'");
	clr__loader_dispose(&ld);

	/* a 1 MB field */
	clr__buf_clear(&b);
	cr_assert_eq(clr__buf_puts(&b, head), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"OK\"\t\"01/02/2003\"\n\""), 0);
	for (size_t i = 0; i < 1024 * 1024; i++)
		cr_assert_eq(clr__buf_putc(&b, 'N'), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"\t\"01/02/2003\"\n"), 0);
	rc = parse_mem(&ld, b.p, b.len, 0);
	expect_failure(&ld, rc, CLR_ELIMIT, "dpl.txt:3:", "field 'Name'");
	clr__loader_dispose(&ld);

	/* empty name, missing effective date, impossible date */
	clr__buf_clear(&b);
	cr_assert_eq(clr__buf_puts(&b, head), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"\"\t\"01/02/2003\"\n\"X\"\t\"\"\n\"Y\"\t\"02/30/2003\"\n"), 0);
	rc = parse_mem(&ld, b.p, b.len, CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0);
	cr_expect_eq(ld.report.rows, 3);
	cr_expect_eq(ld.report.skipped, 3);
	cr_expect_eq(ld.report.entries, 0);
	clr__loader_dispose(&ld);

	/* no header at all */
	rc = parse_mem(&ld, "", 0, 0);
	cr_expect_eq(rc, CLR_EINPUT);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(dpl, real_file)
{
	if (access(REAL, R_OK) != 0)
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	int rc = parse_file(&ld, REAL, 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 665);
	cr_expect_eq(ld.report.entries, 665);
	cr_expect_eq(ld.report.addresses, 665);
	/* 118 rows repeat the name and effective date of an earlier one */
	size_t suffixed = 0;
	for (size_t i = 0; i < ld.entries.n; i++) {
		suffixed += strlen(ld.entries.v[i]->id) > 20;
		for (size_t j = i + 1; j < ld.entries.n; j++)
			cr_assert_str_neq(ld.entries.v[i]->id, ld.entries.v[j]->id);
	}
	cr_expect_eq(suffixed, 118);

	const clr_entry *e = NULL;
	for (size_t i = 0; i < ld.entries.n && !e; i++)
		if (!strcmp(ld.entries.v[i]->names[0].name, "AARON ABRAHAM VILLA"))
			e = ld.entries.v[i];
	cr_assert_not_null(e);
	cr_expect_eq(e->line, 3);
	cr_expect_str_eq(e->start_date, "2022-08-24");
	cr_expect_str_eq(e->end_date, "2026-01-14");
	cr_expect_str_eq(e->citations[0], "87 F.R. 52741 8/29/2022");
	clr__loader_dispose(&ld);
}
