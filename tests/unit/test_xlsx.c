/* test_xlsx.c - the XLSX reader and the workbook lists: Excel serial days
 * (the 1900 system's phantom 29 February, the 1904 system), column names,
 * enumerations of one cell; the UK, Australian and Japanese fixtures (rows
 * grouped wherever they are, names with their kinds, dates with their
 * precision); a row without its Group ID named by sheet, row and field;
 * workbooks that are no archive or lack their sheet. */
#include <criterion/criterion.h>

#include "list_fixture.h"
#include "lists/rows.h"
#include "lists/xlsx.h"

#define FIX(p) CLR_FIXTURES "/xlsx/" p

static const char *date_of(const char *s, int date1904)
{
	static char out[11];
	return clr__xlsx_date(s, strlen(s), date1904, out) == 0 ? out : "-";
}

Test(xlsx, serial_days)
{
	cr_expect_str_eq(date_of("1", 0), "1900-01-01");
	cr_expect_str_eq(date_of("59", 0), "1900-02-28");
	cr_expect_str_eq(date_of("60", 0), "-"); /* 29 Feb 1900 never was */
	cr_expect_str_eq(date_of("61", 0), "1900-03-01");
	cr_expect_str_eq(date_of("25569", 0), "1970-01-01");
	cr_expect_str_eq(date_of("41988", 0), "2014-12-15");
	cr_expect_str_eq(date_of("45498.75", 0), "2024-07-25"); /* the time dropped */
	cr_expect_str_eq(date_of("2958465", 0), "9999-12-31");
	cr_expect_str_eq(date_of("2958466", 0), "-");
	cr_expect_str_eq(date_of("0", 0), "-");
	cr_expect_str_eq(date_of("0", 1), "1904-01-01");
	cr_expect_str_eq(date_of("24107", 1), "1970-01-01");
	cr_expect_str_eq(date_of("12a", 0), "-");
	cr_expect_str_eq(date_of("-5", 0), "-");
	cr_expect_str_eq(date_of("", 0), "-");
}

Test(xlsx, column_names)
{
	char c[4];
	size_t cols[] = {0, 25, 26, 51, 52, 701, 702, 16383};
	const char *want[] = {"A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(*cols); i++) {
		clr__xlsx_col_name(cols[i], c);
		cr_expect_str_eq(c, want[i]);
	}
}

static int collect(clr_loader *ld, void *payload, const char *s, size_t n)
{
	clr_buf *b = payload;
	return clr__buf_printf(b, "[%.*s]", (int)n, s) ? CLR_ENOMEM : 0;
}

static const char *items(const char *s)
{
	static clr_buf b;
	clr_loader ld;
	clr__buf_clear(&b);
	cr_assert_eq(clr__loader_init(&ld, "t", 0), 0);
	cr_assert_eq(clr__split_enum(&ld, s, strlen(s), &b, collect), 0);
	clr__loader_dispose(&ld);
	return b.p ? b.p : "";
}

Test(xlsx, enumerations)
{
	cr_expect_str_eq(items("a) 1955 b) 1960;  c) circa 1962"), "[1955][1960][circa 1962]");
	cr_expect_str_eq(items("(1) 223611 (2) C00146605"), "[223611][C00146605]");
	cr_expect_str_eq(items("Kabul, Afghanistan"), "[Kabul, Afghanistan]");
	/* a letter and ')' inside an item is no marker unless it is the next one */
	cr_expect_str_eq(items("a) Road c) 5 b) Town"), "[Road c) 5][Town]");
	cr_expect_str_eq(items("a) only"), "[only]");
	cr_expect_str_eq(items(""), "[]");
}

Test(xlsx, uk_fixture)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_uk_xlsx, &ld, FIX("uk.xlsx"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 4);
	cr_assert_eq(ld.report.entries, 2);
	const clr_entry *e = entry_of(&ld, "uk:90001");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->source, "UK");
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Ivan Ivanovich PETROV|a:Иван Иванович ПЕТРОВ|w:Ivan PETROFF");
	cr_expect_str_eq(e->start_date, "2022-03-15");
	cr_assert_eq(e->naddresses, 1);
	cr_expect_str_eq(e->addresses[0].address, "1 Red Square, Moscow");
	e = entry_of(&ld, "uk:90002"); /* its rows apart, a serial date */
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)), "p:ACME TRADING LLC|a:ACME TRADE");
	cr_expect_str_eq(e->start_date, "2023-02-01");
	clr__loader_dispose(&ld);
}

Test(xlsx, uk_csv_without_group)
{
	static const char csv[] = "Last Updated,14/04/2025\r\n"
	                          "Name 6,Name 1,Group Type,Alias Type,Group ID\r\n"
	                          "SMITH,John,Individual,Primary name,1\r\n"
	                          "JONES,Jo,Individual,Primary name,\r\n";
	clr_loader ld;
	int rc = parse_image(clr__parse_uk_csv, &ld, "mem/uk.csv", csv, sizeof(csv) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/uk.csv:4:", "Group ID");
	clr__loader_dispose(&ld);
	rc = parse_image(clr__parse_uk_csv, &ld, "mem/uk.csv", csv, sizeof(csv) - 1, CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.skipped, 1);
	cr_expect_eq(ld.report.entries, 1);
	clr__loader_dispose(&ld);
}

Test(xlsx, au_fixture)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_au_xlsx, &ld, FIX("au.xlsx"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 6);
	cr_assert_eq(ld.report.entries, 3);
	const clr_entry *e = entry_of(&ld, "au:7"); /* alias 7b after the others */
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Mohammad AKHUND|a:محمد أخوند|a:Mullah Akhund");
	cr_expect_str_eq(e->start_date, "2014-12-15");
	cr_assert_eq(e->nevidence, 4);
	cr_expect_str_eq(e->evidence[0].value, "Approximately 1955-1958");
	cr_expect(e->evidence[0].circa);
	cr_expect_str_eq(e->evidence[1].value, "1945");
	cr_expect_str_eq(e->evidence[2].value, "1946");
	e = entry_of(&ld, "au:8"); /* its alias has a cell without a reference */
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)), "p:Acme Shipping Co|a:Acme Shipping Company");
	cr_expect_eq(e->naddresses, 2);
	clr__loader_dispose(&ld);
}

Test(xlsx, jp_fixture)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_jp_xlsx, &ld, FIX("jp.xlsx"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_assert_eq(ld.report.entries, 3);
	const clr_entry *e = entry_of(&ld, "jp-eul:1");
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Aerospace Industries Organization|a:AIO|a:Sazemane Sanaye Hava Faza");
	cr_assert_eq(e->ncountries, 1);
	cr_expect_str_eq(e->countries[0], "IR");
	e = entry_of(&ld, "jp-eul:2");
	cr_assert_not_null(e);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Korea Ryonbong General Corporation|a:朝鮮連峰総会社");
	cr_assert_eq(e->nprograms, 1);
	cr_expect_str_eq(e->programs[0], "WMD: M,N");
	e = entry_of(&ld, "jp-eul:3");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->names[0].name, "BEIJING TECH");
	clr__loader_dispose(&ld);
}

Test(xlsx, not_a_workbook)
{
	static const char junk[] = "PK\x03\x04 and nothing of a zip";
	clr_loader ld;
	int rc = parse_image(clr__parse_jp_xlsx, &ld, "mem/j.xlsx", junk, sizeof(junk) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/j.xlsx: not a readable XLSX archive", NULL);
	clr__loader_dispose(&ld);
	rc = parse_image(clr__parse_uk_xlsx, &ld, "mem/e.xlsx", "", 0, CLR_LOAD_LENIENT);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/e.xlsx:", NULL);
	clr__loader_dispose(&ld);
}
