/* test_eu_csv.c - the EU Financial Sanctions File's semicolon CSV layout:
 * rows grouped into entities (crossed records, a record a row, rows apart),
 * each record read once, columns by name (a trimmed export, any order), and
 * the same entries as the same entities in the XML; bad headers and rows
 * named by file, line and column, skipped in lenient mode. */
#include <criterion/criterion.h>

#include "evidence_fixture.h"
#include "list_fixture.h"

#define FIX(p) CLR_FIXTURES "/eu/" p

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_strs(const char *const *a, const char *const *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!same_str(a[i], b[i]))
			return 0;
	return 1;
}

/* Whether two entries say the same, where they were read from aside. */
static void expect_same_entry(const clr_entry *a, const clr_entry *b)
{
	cr_assert_str_eq(a->id, b->id);
	cr_expect(same_str(a->source, b->source) && same_str(a->source_name, b->source_name),
	          "%s: source", a->id);
	cr_expect_eq(a->type, b->type, "%s: type", a->id);
	cr_assert_eq(a->nnames, b->nnames, "%s: names", a->id);
	for (size_t i = 0; i < a->nnames; i++)
		cr_expect(same_str(a->names[i].name, b->names[i].name) &&
		          a->names[i].kind == b->names[i].kind,
		          "%s: name %zu '%s' / '%s'", a->id, i, a->names[i].name, b->names[i].name);
	cr_assert_eq(a->naddresses, b->naddresses, "%s: addresses", a->id);
	for (size_t i = 0; i < a->naddresses; i++)
		cr_expect(same_str(a->addresses[i].address, b->addresses[i].address) &&
		          same_str(a->addresses[i].country, b->addresses[i].country),
		          "%s: address %zu", a->id, i);
	cr_expect(a->nprograms == b->nprograms && same_strs(a->programs, b->programs, a->nprograms),
	          "%s: programmes", a->id);
	cr_expect(a->ncitations == b->ncitations &&
	          same_strs(a->citations, b->citations, a->ncitations), "%s: citations", a->id);
	cr_expect(a->ncountries == b->ncountries &&
	          same_strs(a->countries, b->countries, a->ncountries), "%s: countries", a->id);
	cr_expect(same_str(a->start_date, b->start_date), "%s: start_date %s / %s", a->id,
	          a->start_date, b->start_date);
	cr_expect(same_str(a->remarks, b->remarks), "%s: remarks '%s' / '%s'", a->id, a->remarks,
	          b->remarks);
	cr_assert_eq(a->nevidence, b->nevidence, "%s: evidence", a->id);
	for (size_t i = 0; i < a->nevidence; i++) {
		const clr_evidence *x = &a->evidence[i], *y = &b->evidence[i];
		cr_expect(x->kind == y->kind && same_str(x->value, y->value) &&
		          same_str(x->norm, y->norm) && same_str(x->id_type, y->id_type) &&
		          same_str(x->country, y->country) && x->from == y->from && x->to == y->to &&
		          x->precision == y->precision && x->circa == y->circa,
		          "%s: evidence %zu '%s' / '%s'", a->id, i, x->value, y->value);
	}
}

Test(eu_csv, fixture_entities)
{
	clr_loader ld;
	char names[1024];
	int rc = parse_path(clr__parse_eu_csv, &ld, FIX("fsf.csv"), 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 26);
	cr_assert_eq(ld.report.entries, 4);
	static const char *const order[] = {"eu:101", "eu:202", "eu:303", "eu:404"};
	for (size_t i = 0; i < 4; i++)
		cr_expect_str_eq(ld.entries.v[i]->id, order[i], "entries in the order of their first rows");

	const clr_entry *e = entry_of(&ld, "eu:101"); /* 16 rows: 2 regulations x 4 names x 2 dates */
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Ivan Petrovich SIDOROV|a:Иван Петрович Сидоров|a:Ivan Sidorov|w:Vanya",
	                 "each name once; the remark 'low quality alias' makes a weak alias");
	cr_expect_str_eq(e->start_date, "2014-03-17");
	cr_assert_eq(e->ncitations, 2);
	cr_expect_str_eq(e->citations[1], "2022/1530 (OJ L239)");
	cr_expect_str_eq(e->remarks, "EU reference number EU.2805.41. Former commander; \"hero\" of "
	                             "the campaign.");
	cr_assert_eq(e->naddresses, 1, "the address of 16 rows is one");
	cr_expect_str_eq(e->addresses[0].address, "Tverskaya 1; office 5, Moscow, 125009");
	cr_assert_eq(ev_count(e, CLR_EV_DOB), 2);
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 0)->value, "1962-05-14");
	cr_expect_str_eq(ev_nth(e, CLR_EV_DOB, 1)->value, "1963");
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 0)->value, "Tula, RUSSIAN FEDERATION");
	cr_assert_eq(ev_count(e, CLR_EV_ID), 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_ID, 0)->id_type, "National passport");
	cr_expect_str_eq(ev_nth(e, CLR_EV_ID, 0)->country, "RU");

	e = entry_of(&ld, "eu:202"); /* a record a row; 'E' and 'enterprise' */
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_str_eq(names_of(e, names, sizeof(names)),
	                 "p:Volzhsky Sudostroitelny Zavod|a:Joint Stock Company \"Volga Shipyard\"|"
	                 "a:АО «Волжский судостроительный завод»");
	cr_expect_str_eq(e->remarks, "EU reference number EU.9001.12. Shipyard; builds\npatrol boats.");
	cr_assert_eq(e->naddresses, 2);
	cr_expect_str_eq(e->addresses[1].address, "P.O. Box 123, Minsk");
	cr_expect(e->ncountries == 2 && !strcmp(e->countries[1], "BY"));
	cr_expect_str_eq(ev_nth(e, CLR_EV_ID, 0)->id_type, "Registration Number");

	e = entry_of(&ld, "eu:303"); /* its last row after 404's */
	cr_assert_not_null(e);
	cr_expect_eq(e->line, 30, "the physical line: the remarks above hold line breaks");
	cr_expect_str_eq(names_of(e, names, sizeof(names)), "p:Ali Rezaei|a:Ali Rezai",
	                 "parts joined when there is no whole name");
	cr_expect_str_eq(e->remarks, "EU reference number EU.3.21. UN reference number IRi.045.");
	cr_assert_eq(ev_count(e, CLR_EV_DOB), 1, "the Islamic year alone is not read");
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 0)->circa, 1);
	cr_assert_eq(ev_count(e, CLR_EV_CITIZENSHIP), 1, "00 is unknown");
	cr_assert_eq(ev_count(e, CLR_EV_ID), 1, "the id of the row apart; no number adds nothing");
	cr_expect_str_eq(ev_nth(e, CLR_EV_ID, 0)->value, "0012345678");

	e = entry_of(&ld, "eu:404"); /* every field quoted; 'E' alone */
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_str_eq(e->names[0].name, "Al-Noor Trading; General Contracting LLC");
	cr_expect_str_eq(e->start_date, "2020-02-19", "20/02/2020 read day first, then the earlier");
	clr__loader_dispose(&ld);
}

/* The CSV, its trimmed copy and the XML of the same entities: the same
 * entries, in the same order. */
Test(eu_csv, same_entries_as_the_xml)
{
	static const char *const csv[] = {FIX("fsf.csv"), FIX("fsf-trimmed.csv")};
	clr_loader xml;
	int rc = parse_path(clr__parse_eu_xml, &xml, FIX("fsf-twin.xml"), 0);
	cr_assert_eq(rc, 0, "%s", xml.err.p);
	for (size_t k = 0; k < 2; k++) {
		clr_loader ld;
		rc = parse_path(clr__parse_eu_csv, &ld, csv[k], 0);
		cr_assert_eq(rc, 0, "%s", ld.err.p);
		cr_assert_eq(ld.entries.n, xml.entries.n, "%s", csv[k]);
		for (size_t i = 0; i < ld.entries.n; i++)
			expect_same_entry(ld.entries.v[i], xml.entries.v[i]);
		cr_expect_eq(ld.report.names, xml.report.names);
		cr_expect_eq(ld.report.dob_unread, xml.report.dob_unread);
		clr__loader_dispose(&ld);
	}
	clr__loader_dispose(&xml);
}

Test(eu_csv, detected_by_its_header)
{
	static const char *const f[] = {FIX("fsf.csv"), FIX("fsf-trimmed.csv")};
	for (size_t i = 0; i < 2; i++) {
		char *buf = NULL;
		size_t len = 0;
		clr_buf err = {0};
		cr_assert_eq(clr__read_file(f[i], &buf, &len, &err), 0);
		cr_expect_eq(clr__detect_format(f[i], buf, len), CLR_FMT_EU_CSV, "%s", f[i]);
		free(buf);
		clr__buf_free(&err);
	}
	static const char short_header[] = "\xEF\xBB\xBF" "Entity_LogicalId;NameAlias_WholeName\n1;X\n";
	cr_expect_eq(clr__detect_format("x.csv", short_header, sizeof(short_header) - 1),
	             CLR_FMT_EU_CSV);
	static const char no_id[] = "Entity_Remark;NameAlias_WholeName\n1;X\n";
	cr_expect_eq(clr__detect_format("x.csv", no_id, sizeof(no_id) - 1), CLR_FMT_EU_CSV,
	             "a required column missing is the parser's error, naming it");
	static const char commas[] = "Entity_LogicalId,NameAlias_WholeName\n1,X\n";
	cr_expect_eq(clr__detect_format("x.csv", commas, sizeof(commas) - 1), CLR_FMT_UNKNOWN,
	             "the layout is ';'-separated");
}

/* Columns by name: any order, the name in parts only, unknown columns and
 * short rows; a repeated header is passed over. */
Test(eu_csv, columns_by_name)
{
	static const char csv[] = "Remark of ours;NameAlias_LastName;NameAlias_FirstName;Entity_LogicalId\r\n"
	                          "x;SMITH;John;7;extra\r\n"
	                          "NameAlias_LastName;NameAlias_LastName;NameAlias_FirstName;Entity_LogicalId\r\n"
	                          ";JONES;;7\r\n"
	                          ";;;8\r\n"
	                          "\r\n";
	clr_loader ld;
	char names[256];
	int rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", csv, sizeof(csv) - 1,
	                     CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 3);
	cr_expect_eq(ld.report.header_repeats, 1);
	cr_assert_eq(ld.report.entries, 1);
	cr_expect_str_eq(names_of(ld.entries.v[0], names, sizeof(names)), "p:John SMITH|a:JONES");
	cr_expect_eq(ld.entries.v[0]->type, CLR_TYPE_UNKNOWN);
	cr_assert_eq(ld.messages.n, 1);
	cr_expect(strstr(ld.messages.v[0], "mem/eu.csv:5: field 'NameAlias_WholeName': entity has no name"),
	          "%s", ld.messages.v[0]);
	clr__loader_dispose(&ld);
}

Test(eu_csv, bad_header)
{
	static const struct {
		const char *csv, *where, *field;
	} bad[] = {
		{"fileGenerationDate;NameAlias_WholeName\n05/08/2026;X\n", "mem/eu.csv:1:",
		 "field 'Entity_LogicalId': the header has no column"},
		{"\n\nEntity_LogicalId;Entity_Remark\n1;X\n", "mem/eu.csv:3:",
		 "field 'NameAlias_WholeName': the header has no column"},
		{"", "mem/eu.csv:", "no header row naming 'Entity_LogicalId'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		for (unsigned lenient = 0; lenient < 2; lenient++) {
			clr_loader ld;
			int rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", bad[i].csv,
			                     strlen(bad[i].csv), lenient ? CLR_LOAD_LENIENT : 0);
			expect_failure(&ld, rc, CLR_EINPUT, bad[i].where, bad[i].field);
			clr__loader_dispose(&ld);
		}
	}
}

/* A bad row: strict, the error names its line and column; lenient, its
 * entity (every row of it) is skipped and counted, the others load. */
Test(eu_csv, bad_rows)
{
	static const char csv[] =
		"Entity_LogicalId;NameAlias_WholeName;Entity_Regulation_PublicationDate;Address_City\n"
		"1;Good One;2020-01-01;\n"
		"2;Bad Date;2020-01-01;\n"
		"2;;sometime in 2001;Paris\n"
		";No Id;;\n"
		"3;Good Three;;\n"
		"4;;;Rome\n"
		"3;Bad \xff UTF-8;;\n"
		"5;Good Two;24/03/2011;\n";
	static const struct {
		const char *where, *field;
	} want[] = {
		{"mem/eu.csv:4:", "field 'Entity_Regulation_PublicationDate': 'sometime in 2001' is not a date"},
		{"mem/eu.csv:5:", "field 'Entity_LogicalId': row has no Entity_LogicalId"},
		{"mem/eu.csv:8:", "field 'NameAlias_WholeName': invalid UTF-8"},
		{"mem/eu.csv:7:", "field 'NameAlias_WholeName': entity has no name"},
	};
	clr_loader ld;
	int rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", csv, sizeof(csv) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, want[1].where, want[1].field);
	clr__loader_dispose(&ld);

	rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", csv, sizeof(csv) - 1, CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 8);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_eq(ld.report.skipped, 4);
	cr_assert_eq(ld.messages.n, 4);
	/* the row without an id is told as it is read, the entities after the
	 * file, each at the row of its fault */
	static const size_t at[] = {1, 0, 2, 3};
	for (size_t i = 0; i < 4; i++)
		cr_expect(strstr(ld.messages.v[at[i]], want[i].where) &&
		          strstr(ld.messages.v[at[i]], want[i].field),
		          "'%s' does not name '%s %s'", ld.messages.v[at[i]], want[i].where, want[i].field);
	cr_expect_not_null(entry_of(&ld, "eu:1"));
	const clr_entry *e = entry_of(&ld, "eu:5");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->start_date, "2011-03-24", "a date with slashes is day first");
	clr__loader_dispose(&ld);

	/* each alone, strict: the first entity at fault stops the file */
	static const char date[] = "Entity_LogicalId;NameAlias_WholeName;Entity_DesignationDate\n"
	                           "9;X;31/02/2020\n";
	rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", date, sizeof(date) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/eu.csv:2:",
	               "field 'Entity_DesignationDate': '31/02/2020' is not a date");
	clr__loader_dispose(&ld);
}

/* The CSV reader's own faults name the column by the header. */
Test(eu_csv, malformed_cells)
{
	static const char quote[] = "Entity_LogicalId;NameAlias_WholeName\n"
	                            "1;\"Open \"quote\n";
	clr_loader ld;
	int rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", quote, sizeof(quote) - 1, 0);
	expect_failure(&ld, rc, CLR_EINPUT, "mem/eu.csv:2:", "field 'NameAlias_WholeName': malformed");
	clr__loader_dispose(&ld);

	static const char open[] = "Entity_LogicalId;NameAlias_WholeName\n"
	                           "1;\"Never closed\n";
	rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", open, sizeof(open) - 1,
	                 CLR_LOAD_LENIENT);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.skipped, 1);
	cr_expect_eq(ld.report.entries, 0);
	clr__loader_dispose(&ld);

	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "Entity_LogicalId;NameAlias_WholeName\n1;"), 0);
	for (size_t i = 0; i < CLR_MAX_FIELD_BYTES / 8 + 1; i++)
		cr_assert_eq(clr__buf_puts(&b, "Abcdefg "), 0);
	cr_assert_eq(clr__buf_puts(&b, "\n"), 0);
	rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", b.p, b.len, 0);
	expect_failure(&ld, rc, CLR_ELIMIT, "mem/eu.csv:2:", "field 'NameAlias_WholeName'");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

/* One entity of 100,000 rows, each a record of its own that adds nothing
 * (the same citizenship under another LogicalId): its records are found by
 * sorting, in well under a second (compared with every record before them,
 * they took 13 s of CPU in the release build). */
Test(eu_csv, many_rows_of_one_entity, .timeout = 20)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "Entity_LogicalId;NameAlias_WholeName;"
	                               "Citizenship_CountryIso2Code;Citizenship_LogicalId\n"
	                               "1;Many Rows;RU;0\n"), 0);
	for (int i = 1; i < 100000; i++)
		cr_assert_eq(clr__buf_printf(&b, "1;;RU;%d\n", i), 0);
	clr_loader ld;
	int rc = parse_image(clr__parse_eu_csv, &ld, "mem/eu.csv", b.p, b.len, 0);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 100000);
	cr_assert_eq(ld.report.entries, 1);
	cr_expect_eq(ev_count(ld.entries.v[0], CLR_EV_CITIZENSHIP), 1);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}
