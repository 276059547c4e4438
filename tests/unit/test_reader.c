/* test_reader.c - the batch input reader: JSON lines and CSV records, ids,
 * lines, and an error naming file, line and field for every bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "clearance.h"

typedef struct src {
	FILE *f;
	clr_reader *r;
} src;

static src open_str(const char *path, const char *text, size_t n)
{
	src s;
	s.f = fmemopen((void *)text, n, "r");
	cr_assert_not_null(s.f);
	cr_assert_eq(clr_reader_open(&s.r, s.f, path), 0);
	return s;
}
#define OPEN(path, lit) open_str(path, lit, sizeof(lit) - 1)

static void close_src(src *s)
{
	clr_reader_free(s->r);
	fclose(s->f);
}

/* Asserts the next record; type and country NULL mean absent. */
static void expect_rec(src *s, const char *id, const char *name, const char *type,
                       const char *country, size_t line)
{
	clr_record rec;
	int rc = clr_reader_next(s->r, &rec);
	cr_assert_eq(rc, 1, "expected record '%s', got %d: %s", name, rc, clr_reader_errmsg(s->r));
	cr_expect_str_eq(rec.id, id);
	cr_expect_str_eq(rec.name, name);
	if (type)
		cr_expect(rec.type && !strcmp(rec.type, type), "type of '%s'", name);
	else
		cr_expect_null(rec.type, "type of '%s'", name);
	if (country)
		cr_expect(rec.country && !strcmp(rec.country, country), "country of '%s'", name);
	else
		cr_expect_null(rec.country, "country of '%s'", name);
	cr_expect_eq(rec.line, line, "line of '%s': %zu, expected %zu", name, rec.line, line);
}

static void expect_end(src *s)
{
	clr_record rec;
	int rc = clr_reader_next(s->r, &rec);
	cr_expect_eq(rc, 0, "expected the end, got %d: %s", rc, clr_reader_errmsg(s->r));
}

/* Asserts the next call fails with code and a message starting with want. */
static void expect_err(src *s, int code, const char *want)
{
	clr_record rec;
	int rc = clr_reader_next(s->r, &rec);
	const char *msg = clr_reader_errmsg(s->r);
	cr_assert_eq(rc, code, "expected error %d, got %d: %s", code, rc, msg);
	cr_expect(!strncmp(msg, want, strlen(want)), "message '%s', expected '%s...'", msg, want);
}

/* ---- JSON lines ---------------------------------------------------------- */

Test(reader, jsonl_ids_default_to_line_numbers)
{
	src s = OPEN("q.jsonl", "{\"id\":\"a\",\"name\":\"Alpha\"}\n"
	                        "{\"name\":\"Beta\"}\n"
	                        "\n"
	                        "{\"id\":7,\"name\":\"Gamma\",\"type\":\"person\","
	                        "\"country\":\"CN\"}\n"
	                        "{\"id\":-12,\"name\":\"Delta\",\"type\":null}\n");
	expect_rec(&s, "a", "Alpha", NULL, NULL, 1);
	expect_rec(&s, "2", "Beta", NULL, NULL, 2);
	expect_rec(&s, "7", "Gamma", "person", "CN", 4);
	expect_rec(&s, "-12", "Delta", NULL, NULL, 5);
	expect_end(&s);
	expect_end(&s);
	close_src(&s);
}

Test(reader, jsonl_leading_blank_lines_crlf_and_unicode)
{
	src s = OPEN("q.jsonl", "\r\n  \r\n{\"name\":\"\\u0412\\u0422\\u0411 Bank\"}\r\n"
	                        "\t\r\n{\"name\":\"Caf\xc3\xa9 \\\"Z\\\" \\\\ Ltd\"}\r\n");
	expect_rec(&s, "3", "\xd0\x92\xd0\xa2\xd0\x91 Bank", NULL, NULL, 3);
	expect_rec(&s, "5", "Caf\xc3\xa9 \"Z\" \\ Ltd", NULL, NULL, 5);
	expect_end(&s);
	close_src(&s);
}

Test(reader, jsonl_without_final_newline)
{
	src s = OPEN("q.jsonl", "{\"name\":\"A\"}\n{\"name\":\"B\"}");
	expect_rec(&s, "1", "A", NULL, NULL, 1);
	expect_rec(&s, "2", "B", NULL, NULL, 2);
	expect_end(&s);
	close_src(&s);
}

Test(reader, jsonl_bad_json)
{
	src s = OPEN("q.jsonl", "{\"name\":\"ok\"}\n{\"name\": \"no brace\"\n");
	expect_rec(&s, "1", "ok", NULL, NULL, 1);
	expect_err(&s, CLR_EINPUT, "q.jsonl:2: ");
	close_src(&s);
}

Test(reader, jsonl_not_an_object)
{
	src s = OPEN("q.jsonl", "{\"name\":\"ok\"}\n[\"name\"]\n");
	expect_rec(&s, "1", "ok", NULL, NULL, 1);
	expect_err(&s, CLR_EINPUT, "q.jsonl:2: expected a JSON object");
	close_src(&s);
}

Test(reader, jsonl_missing_name)
{
	src s = OPEN("q.jsonl", "{\"name\":\"ok\"}\n\n{\"id\":\"x\",\"type\":\"entity\"}\n");
	expect_rec(&s, "1", "ok", NULL, NULL, 1);
	expect_err(&s, CLR_EINPUT, "q.jsonl:3: field 'name': missing");
	close_src(&s);
}

Test(reader, jsonl_non_string_fields)
{
	src s = OPEN("q.jsonl", "{\"name\":42}\n");
	expect_err(&s, CLR_EINPUT, "q.jsonl:1: field 'name': expected a string");
	close_src(&s);

	s = OPEN("q.jsonl", "{\"name\":[\"a\"]}\n");
	expect_err(&s, CLR_EINPUT, "q.jsonl:1: field 'name': expected a string");
	close_src(&s);

	s = OPEN("q.jsonl", "{\"name\":\"a\"}\n{\"name\":\"b\",\"country\":1}\n");
	expect_rec(&s, "1", "a", NULL, NULL, 1);
	expect_err(&s, CLR_EINPUT, "q.jsonl:2: field 'country': expected a string");
	close_src(&s);

	s = OPEN("q.jsonl", "{\"id\":1.5,\"name\":\"a\"}\n");
	expect_err(&s, CLR_EINPUT, "q.jsonl:1: field 'id': expected a string");
	close_src(&s);
}

Test(reader, jsonl_invalid_utf8)
{
	/* jansson refuses it while parsing: no field, but file and line */
	src s = OPEN("q.jsonl", "{\"name\":\"a\"}\n{\"name\":\"bad \xff\"}\n");
	expect_rec(&s, "1", "a", NULL, NULL, 1);
	expect_err(&s, CLR_EINPUT, "q.jsonl:2: ");
	close_src(&s);
}

/* ---- CSV --------------------------------------------------------------- */

Test(reader, csv_header_any_order_and_case)
{
	src s = OPEN("q.csv", "Country,NAME,Id,tYpE\n"
	                      "CN,Inspur Group,x1,entity\n"
	                      "RU,VTB Bank,x2,entity\n");
	expect_rec(&s, "x1", "Inspur Group", "entity", "CN", 2);
	expect_rec(&s, "x2", "VTB Bank", "entity", "RU", 3);
	expect_end(&s);
	close_src(&s);
}

Test(reader, csv_name_only_ids_are_lines)
{
	src s = OPEN("q.csv", "name\nAlpha\n\nBeta\n");
	expect_rec(&s, "2", "Alpha", NULL, NULL, 2);
	expect_rec(&s, "4", "Beta", NULL, NULL, 4);
	expect_end(&s);
	close_src(&s);
}

Test(reader, csv_empty_id_defaults_to_line)
{
	src s = OPEN("q.csv", "id,name\n,Alpha\n\"\",Beta\n");
	expect_rec(&s, "2", "Alpha", NULL, NULL, 2);
	expect_rec(&s, "3", "Beta", NULL, NULL, 3);
	expect_end(&s);
	close_src(&s);
}

Test(reader, csv_quoted_comma_quote_and_newline)
{
	src s = OPEN("q.csv", "id,name,country\n"
	                      "q1,\"Maple Leaf\nDairy, Cooperative\",CA\n"
	                      "q2,\"Say \"\"hi\"\" Ltd\",US\n"
	                      "q3,\"Suma Technology Co., Ltd.\",CN\n");
	expect_rec(&s, "q1", "Maple Leaf\nDairy, Cooperative", NULL, "CA", 2);
	expect_rec(&s, "q2", "Say \"hi\" Ltd", NULL, "US", 4);
	expect_rec(&s, "q3", "Suma Technology Co., Ltd.", NULL, "CN", 5);
	expect_end(&s);
	close_src(&s);
}

Test(reader, csv_crlf_and_empty_lines)
{
	src s = OPEN("q.csv", "id,name,type\r\n"
	                      "r1,CRLF One,entity\r\n"
	                      "\r\n"
	                      "r2,\"CRLF\r\nTwo\",person\r\n"
	                      "r3,Three,entity");
	expect_rec(&s, "r1", "CRLF One", "entity", NULL, 2);
	expect_rec(&s, "r2", "CRLF\r\nTwo", "person", NULL, 4);
	expect_rec(&s, "r3", "Three", "entity", NULL, 6);
	expect_end(&s);
	close_src(&s);
}

#define VTB_BANK "\xd0\x92\xd0\xa2\xd0\x91 \xd0\x91\xd0\xb0\xd0\xbd\xd0\xba"

Test(reader, csv_utf8_names)
{
	src s = OPEN("q.csv", "name\n" VTB_BANK "\n"
	                      "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\n");
	expect_rec(&s, "2", VTB_BANK, NULL, NULL, 2);
	expect_rec(&s, "3", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", NULL, NULL, 3);
	expect_end(&s);
	close_src(&s);
}

Test(reader, empty_and_header_only_inputs)
{
	src s = OPEN("q.csv", "");
	expect_end(&s);
	close_src(&s);

	s = OPEN("q.csv", "\n \n");
	expect_end(&s);
	close_src(&s);

	s = OPEN("q.csv", "id,name,type,country\n");
	expect_end(&s);
	close_src(&s);
}

Test(reader, csv_without_name_column)
{
	src s = OPEN("q.csv", "id,title,country\n1,x,CN\n");
	expect_err(&s, CLR_EINPUT, "q.csv:1: field 'name': the CSV header has no name column");
	close_src(&s);
}

Test(reader, csv_wrong_field_count)
{
	src s = OPEN("q.csv", "id,name,type\nw1,A,entity\nw2,B\n");
	expect_rec(&s, "w1", "A", "entity", NULL, 2);
	expect_err(&s, CLR_EINPUT, "q.csv:3: expected 3 fields, found 2");
	close_src(&s);

	s = OPEN("q.csv", "id,name\nw1,Too,Many\n");
	expect_err(&s, CLR_EINPUT, "q.csv:2: expected 2 fields, found 3");
	close_src(&s);
}

Test(reader, csv_empty_name)
{
	src s = OPEN("q.csv", "id,name\n1,Alpha\n2,\n");
	expect_rec(&s, "1", "Alpha", NULL, NULL, 2);
	expect_err(&s, CLR_EINPUT, "q.csv:3: field 'name': empty");
	close_src(&s);
}

Test(reader, csv_unterminated_quote_at_eof)
{
	src s = OPEN("q.csv", "id,name\n1,Alpha\n2,\"never closed");
	expect_rec(&s, "1", "Alpha", NULL, NULL, 2);
	expect_err(&s, CLR_EINPUT, "q.csv:3: unterminated quoted field");
	close_src(&s);
}

Test(reader, csv_bad_quote)
{
	src s = OPEN("q.csv", "id,name\n1,\"ok\"x\n");
	expect_err(&s, CLR_EINPUT, "q.csv:2: ");
	close_src(&s);
}

Test(reader, csv_invalid_utf8)
{
	src s = OPEN("q.csv", "id,name\n1,Alpha\n2,Bad \xc3\x28 Name\n");
	expect_rec(&s, "1", "Alpha", NULL, NULL, 2);
	expect_err(&s, CLR_EINPUT, "q.csv:3: field 'name': invalid UTF-8");
	close_src(&s);
}

Test(reader, overlong_line)
{
	static char big[70 * 1024];
	size_t n = 0;
	n += (size_t)sprintf(big, "id,name\n1,");
	memset(big + n, 'A', 66 * 1024);
	n += 66 * 1024;
	big[n++] = '\n';
	src s = open_str("q.csv", big, n);
	expect_err(&s, CLR_ELIMIT, "q.csv:2: line exceeds the length limit");
	close_src(&s);
}

Test(reader, stdin_name_in_messages)
{
	static const char text[] = "{\"id\":\"x\"}\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	clr_reader *r;
	clr_record rec;
	cr_assert_eq(clr_reader_open(&r, f, NULL), 0);
	cr_expect_str_eq(clr_reader_errmsg(r), "");
	cr_expect_eq(clr_reader_next(r, &rec), CLR_EINPUT);
	cr_expect_str_eq(clr_reader_errmsg(r), "<stdin>:1: field 'name': missing");
	clr_reader_free(r);
	fclose(f);
}

Test(reader, fuzz_findings)
{
	/* OPEN takes the literal's size, so the NUL byte is part of the input */
	src a = OPEN("n.csv", "id,name\n1,Bad\0Guy\n");
	expect_err(&a, CLR_EINPUT, "n.csv:2: NUL byte in a field");
	close_src(&a);
	src b = OPEN("u.csv", "id,name\n\xff,Huawei\n");
	expect_err(&b, CLR_EINPUT, "u.csv:2: field 'id': invalid UTF-8");
	close_src(&b);
	src c = OPEN("e.jsonl", "{\"name\":\"\"}\n");
	expect_err(&c, CLR_EINPUT, "e.jsonl:1: field 'name': empty");
	close_src(&c);
	src d = OPEN("h.csv", "\n\nid,title\n1,x\n");
	expect_err(&d, CLR_EINPUT, "h.csv:3: field 'name': the CSV header has no name column");
	close_src(&d);
	src e = OPEN("q.csv", "id,name\n1,\"open\nmore\nmore\n");
	expect_err(&e, CLR_EINPUT, "q.csv:2: unterminated quoted field");
	close_src(&e);
}
