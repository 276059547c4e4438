/* test_ofac.c - OFAC legacy CSV: siblings joined, orphans counted, every
 * malformed row refused with file, line and field; the remarks read into
 * evidence, every field neither read nor recognised counted; real SDN counts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence_fixture.h"
#include "lists/loader.h"

#define FIX(p) CLR_FIXTURES "/ofac/" p
#define REAL(p) CLR_SHARED_DATA "/lists/ofac/" p

typedef struct files {
	char *prim, *alt, *add, *com;
	size_t prim_len;
	clr_ofac_files sib;
} files;

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	clr_buf err = {0};
	size_t n = 0;
	cr_assert_eq(clr__read_file(path, &buf, len ? len : &n, &err), 0, "reading %s", path);
	clr__buf_free(&err);
	return buf;
}

/* Parses prim with the given siblings (NULL: absent) into ld. */
static int parse(clr_loader *ld, unsigned flags, int cons, const char *prim, const char *alt,
                 const char *add, const char *com)
{
	files f = {0};
	f.sib.consolidated = cons;
	f.prim = slurp(prim, &f.prim_len);
	if (alt) {
		f.sib.alt = f.alt = slurp(alt, &f.sib.alt_len);
		f.sib.alt_path = alt;
	}
	if (add) {
		f.sib.add = f.add = slurp(add, &f.sib.add_len);
		f.sib.add_path = add;
	}
	if (com) {
		f.sib.comments = f.com = slurp(com, &f.sib.comments_len);
		f.sib.comments_path = com;
	}
	cr_assert_eq(clr__loader_init(ld, prim, flags), 0);
	int rc = clr__parse_ofac(ld, f.prim, f.prim_len, &f.sib);
	free(f.prim);
	free(f.alt);
	free(f.add);
	free(f.com);
	return rc;
}

static int parse_mem(clr_loader *ld, unsigned flags, const char *buf, size_t len)
{
	clr_ofac_files sib = {0};
	cr_assert_eq(clr__loader_init(ld, "mem/sdn.csv", flags), 0);
	return clr__parse_ofac(ld, buf, len, &sib);
}

static const clr_entry *find(const clr_loader *ld, const char *id)
{
	for (size_t i = 0; i < ld->entries.n; i++)
		if (!strcmp(ld->entries.v[i]->id, id))
			return ld->entries.v[i];
	return NULL;
}

static size_t count_kind(const clr_entry *e, clr_name_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nnames; i++)
		n += e->names[i].kind == k;
	return n;
}

static int has_country(const clr_entry *e, const char *c)
{
	for (size_t i = 0; i < e->ncountries; i++)
		if (!strcmp(e->countries[i], c))
			return 1;
	return 0;
}

static int has_message(const clr_loader *ld, const char *a, const char *b)
{
	for (size_t i = 0; i < ld->messages.n; i++)
		if (strstr(ld->messages.v[i], a) && (!b || strstr(ld->messages.v[i], b)))
			return 1;
	return 0;
}

/* Asserts the strict error names the file, the line and the field. */
static void expect_error(const clr_loader *ld, int rc, int code, const char *where,
                         const char *field, const char *what)
{
	cr_assert_eq(rc, code, "rc %d, want %d (%s)", rc, code, ld->err.p ? ld->err.p : "");
	cr_assert_not_null(ld->err.p);
	cr_expect(strstr(ld->err.p, where) != NULL, "'%s' does not name '%s'", ld->err.p, where);
	cr_expect(strstr(ld->err.p, field) != NULL, "'%s' does not name '%s'", ld->err.p, field);
	if (what)
		cr_expect(strstr(ld->err.p, what) != NULL, "'%s' does not say '%s'", ld->err.p, what);
}

Test(ofac, fixture_joins_siblings)
{
	clr_loader ld;
	int rc = parse(&ld, 0, 0, FIX("sdn.csv"), FIX("alt.csv"), FIX("add.csv"),
	               FIX("sdn_comments.csv"));
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 6);
	cr_expect_eq(ld.report.entries, 6);
	cr_expect_eq(ld.report.skipped, 0);

	const clr_entry *e = find(&ld, "ofac:306");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->source, "SDN");
	cr_expect_str_eq(e->source_name, "Specially Designated Nationals (SDN) - Treasury Department");
	cr_expect_eq(e->type, CLR_TYPE_ENTITY);
	cr_expect_eq(e->line, 2);
	cr_assert_eq(e->nnames, 2);
	cr_expect_str_eq(e->names[0].name, "BANCO NACIONAL DE CUBA");
	cr_expect_eq(e->names[0].kind, CLR_NAME_PRIMARY);
	cr_expect_str_eq(e->names[1].name, "NATIONAL BANK OF CUBA");
	cr_expect_eq(e->names[1].kind, CLR_NAME_ALIAS);
	cr_assert_eq(e->naddresses, 1, "the all -0- address row adds nothing");
	cr_expect_str_eq(e->addresses[0].address, "Zweierstrasse 35, Zurich CH-8022");
	cr_expect_str_eq(e->addresses[0].country, "Switzerland");
	cr_expect(has_country(e, "CH"));
	cr_expect_str_eq(e->remarks, "a.k.a. 'BNC'.");
	cr_assert_eq(e->nprograms, 1);
	cr_expect_str_eq(e->programs[0], "CUBA");

	e = find(&ld, "ofac:7001");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_PERSON);
	cr_assert_eq(e->nprograms, 2);
	cr_expect_str_eq(e->programs[0], "UKRAINE-EO13662");
	cr_expect_str_eq(e->programs[1], "RUSSIA-EO14024");
	cr_expect_eq(e->nnames, 4, "the fka equal to the primary name adds nothing");
	cr_expect_eq(count_kind(e, CLR_NAME_ALIAS), 1);
	cr_expect_eq(count_kind(e, CLR_NAME_WEAK_ALIAS), 2, "weak by type and by remarks");
	cr_expect(has_country(e, "RU"));
	cr_expect_eq(e->ncountries, 1, "address and nationality name the same country");

	e = find(&ld, "ofac:7002");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_VESSEL);
	cr_expect(has_country(e, "PA"), "vessel flag");
	cr_expect_str_eq(e->remarks, "IMO 1234567; described as \"tanker\" in reports.");

	e = find(&ld, "ofac:7003");
	cr_assert_not_null(e);
	cr_expect_eq(e->line, 5);
	cr_expect_str_eq(e->remarks, "first line\r\nsecond line of remarks");

	e = find(&ld, "ofac:7004");
	cr_assert_not_null(e);
	cr_expect_eq(e->type, CLR_TYPE_AIRCRAFT);
	cr_expect_eq(e->line, 7, "line after a record of two lines");
	cr_expect_str_eq(e->remarks,
	                 "Aircraft Model Boeing 747; remark cut here and continued in the comments file.");

	cr_expect_eq(ld.report.orphans, 4);
	cr_expect(has_message(&ld, "alt.csv:5:", "9999"));
	cr_expect(has_message(&ld, "add.csv:4:", "9998"));
	cr_expect(has_message(&ld, "add.csv:5:", "9999"));
	cr_expect(has_message(&ld, "sdn_comments.csv:2:", "8888"));
	clr__loader_dispose(&ld);
}

Test(ofac, consolidated_sources)
{
	clr_db *db;
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, FIX("cons/cons_prim.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_prepare(db), 0, "%s", clr_db_errmsg(db));
	static const struct {
		const char *id, *source;
	} want[] = {
		{"ofac:9639", "PLC"},   {"ofac:9640", "PLC"},   {"ofac:32000", "CMIC"},
		{"ofac:32001", "CMIC"}, {"ofac:17014", "SSI"},  {"ofac:20001", "FSE"},
		{"ofac:20002", "CAP"},  {"ofac:20003", "MBS"},  {"ofac:20004", "NONSDN"},
	};
	cr_assert_eq(clr_db_entry_count(db), 9);
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const clr_entry *e = clr_db_find(db, want[i].id);
		cr_assert_not_null(e, "%s", want[i].id);
		cr_expect_str_eq(e->source, want[i].source, "%s", want[i].id);
		cr_expect_str_eq(e->source_name, "OFAC Consolidated (non-SDN) List");
	}
	const clr_entry *e = clr_db_find(db, "ofac:9639");
	cr_assert_eq(e->nnames, 2);
	cr_expect_str_eq(e->names[1].name, "HANIYA, Ismail");
	cr_assert_eq(e->naddresses, 1);
	cr_expect_str_eq(e->addresses[0].address, "Gaza");
	cr_expect(has_country(e, "PS"));
	e = clr_db_find(db, "ofac:17014");
	cr_expect_str_eq(e->remarks, "Registration Number 1027700342890 (Russia).",
	                 "remarks continue without a separator");
	const clr_file_report *r = clr_db_report(db, 0);
	cr_expect_str_eq(r->format, "ofac-csv");
	cr_expect_eq(r->rows, 9);
	cr_expect_eq(r->orphans, 0);
	clr_db_free(db);
}

Test(ofac, db_load_finds_siblings)
{
	clr_db *db;
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, FIX("sdn.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_expect_eq(clr_db_entry_count(db), 6);
	const clr_file_report *r = clr_db_report(db, 0);
	cr_expect_eq(r->orphans, 4);
	cr_expect_eq(r->nmessages, 4);
	clr_db_free(db);
}

Test(ofac, strict_errors_name_file_line_field)
{
	clr_loader ld;
	int rc = parse(&ld, 0, 0, FIX("bad/bad-quote.csv"), NULL, NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "bad-quote.csv:2:", "field 'name'", "quot");
	clr__loader_dispose(&ld);

	rc = parse(&ld, 0, 0, FIX("bad/wrong-columns.csv"), NULL, NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "wrong-columns.csv:2:", "field 'remarks'", "11 fields");
	clr__loader_dispose(&ld);

	rc = parse(&ld, 0, 0, FIX("bad/truncated.csv"), NULL, NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "truncated.csv:3:", "field 'remarks'", "unterminated");
	clr__loader_dispose(&ld);

	rc = parse(&ld, 0, 0, FIX("bad/bad-utf8.csv"), NULL, NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "bad-utf8.csv:2:", "field 'name'", "UTF-8");
	clr__loader_dispose(&ld);

	rc = parse(&ld, 0, 0, FIX("bad/bad-ent-num.csv"), NULL, NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "bad-ent-num.csv:2:", "field 'ent_num'", NULL);
	cr_expect_eq(ld.entries.n, 1, "rows before the error were staged, the db drops them");
	clr__loader_dispose(&ld);
}

Test(ofac, sibling_errors_name_the_sibling)
{
	clr_loader ld;
	int rc = parse(&ld, 0, 0, FIX("bad/primary.csv"), FIX("bad/alt-bad-quote.csv"), NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "alt-bad-quote.csv:2:", "field 'alt_name'", "quot");
	clr__loader_dispose(&ld);

	rc = parse(&ld, 0, 0, FIX("bad/primary.csv"), FIX("bad/alt-wrong-columns.csv"), NULL, NULL);
	expect_error(&ld, rc, CLR_EINPUT, "alt-wrong-columns.csv:2:", "field 'alt_name'", "3 fields");
	clr__loader_dispose(&ld);

	rc = parse(&ld, CLR_LOAD_LENIENT, 0, FIX("bad/primary.csv"), FIX("bad/alt-bad-quote.csv"),
	           NULL, NULL);
	cr_assert_eq(rc, 0);
	cr_expect_eq(ld.report.skipped, 1);
	cr_expect_eq(ld.report.entries, 2);
	const clr_entry *e = find(&ld, "ofac:36");
	cr_assert_not_null(e);
	cr_expect_eq(e->nnames, 2, "the good alt row still joins");
	cr_expect(has_message(&ld, "skipped:", "alt-bad-quote.csv:2:"));
	clr__loader_dispose(&ld);
}

Test(ofac, lenient_keeps_good_rows)
{
	static const char *const bad[] = {"bad/bad-quote.csv", "bad/wrong-columns.csv",
	                                  "bad/bad-utf8.csv", "bad/bad-ent-num.csv",
	                                  "bad/truncated.csv"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		clr_loader ld;
		char path[1024];
		snprintf(path, sizeof(path), "%s/ofac/%s", CLR_FIXTURES, bad[i]);
		int rc = parse(&ld, CLR_LOAD_LENIENT, 0, path, NULL, NULL, NULL);
		cr_assert_eq(rc, 0, "%s: %s", bad[i], ld.err.p);
		cr_expect_eq(ld.report.entries, 2, "%s", bad[i]);
		cr_expect_eq(ld.report.skipped, 1, "%s", bad[i]);
		cr_expect_eq(ld.report.rows, 3, "%s", bad[i]);
		cr_expect_not_null(find(&ld, "ofac:36"), "%s", bad[i]);
		cr_expect_not_null(find(&ld, "ofac:7001"), "%s", bad[i]);
		cr_expect(has_message(&ld, "skipped:", "field '"), "%s", bad[i]);
		clr__loader_dispose(&ld);
	}
}

static const char good_row[] =
	"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";

Test(ofac, huge_field_is_refused)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, good_row), 0);
	cr_assert_eq(clr__buf_puts(&b, "7,\"BIG\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\""), 0);
	for (size_t i = 0; i < 1024 * 1024; i++)
		cr_assert_eq(clr__buf_putc(&b, 'a'), 0);
	cr_assert_eq(clr__buf_puts(&b, "\"\r\n"), 0);
	cr_assert_eq(clr__buf_puts(&b, "37,\"NEXT\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "), 0);

	clr_loader ld;
	int rc = parse_mem(&ld, 0, b.p, b.len);
	expect_error(&ld, rc, CLR_ELIMIT, "sdn.csv:2:", "field 'remarks'", "limit");
	clr__loader_dispose(&ld);

	/* lenient: skipped, and the parser picks up again at the next line */
	rc = parse_mem(&ld, CLR_LOAD_LENIENT, b.p, b.len);
	cr_assert_eq(rc, 0);
	cr_expect_eq(ld.report.skipped, 1);
	cr_expect_eq(ld.report.entries, 2);
	cr_expect_not_null(find(&ld, "ofac:37"));
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(ofac, nul_bytes_and_too_many_fields)
{
	static const char nul[] = "36,\"AERO\0CARIBBEAN\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,"
	                          "-0- ,-0- ,-0- \r\n";
	clr_loader ld;
	int rc = parse_mem(&ld, 0, nul, sizeof(nul) - 1);
	expect_error(&ld, rc, CLR_EINPUT, "sdn.csv:1:", "field 'name'", "NUL");
	clr__loader_dispose(&ld);

	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "36"), 0);
	for (unsigned i = 0; i < CLR_MAX_FIELDS + 16; i++)
		cr_assert_eq(clr__buf_puts(&b, ",x"), 0);
	rc = parse_mem(&ld, 0, b.p, b.len);
	char col[32];
	snprintf(col, sizeof(col), "field 'column %u'", CLR_MAX_FIELDS + 1);
	expect_error(&ld, rc, CLR_ELIMIT, "sdn.csv:1:", col, "fields");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(ofac, empty_and_duplicate)
{
	clr_loader ld;
	cr_assert_eq(parse_mem(&ld, 0, "\x1a", 1), 0);
	cr_expect_eq(ld.report.rows, 0);
	cr_expect_eq(ld.report.entries, 0);
	clr__loader_dispose(&ld);

	char two[sizeof(good_row) * 2];
	snprintf(two, sizeof(two), "%s%s", good_row, good_row);
	int rc = parse_mem(&ld, 0, two, strlen(two));
	expect_error(&ld, rc, CLR_EINPUT, "sdn.csv:2:", "field 'ent_num'", "twice");
	clr__loader_dispose(&ld);
}

Test(ofac, line_numbers_with_any_line_end)
{
	static const char cr[] =
		"36,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r"
		"37,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"r1\rr2\"\r"
		"\r\n"
		"38,\"C\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
		"39,\"D\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ";
	clr_loader ld;
	cr_assert_eq(parse_mem(&ld, 0, cr, sizeof(cr) - 1), 0, "%s", ld.err.p);
	cr_assert_eq(ld.entries.n, 4);
	cr_expect_eq(ld.entries.v[0]->line, 1);
	cr_expect_eq(ld.entries.v[1]->line, 2);
	cr_expect_eq(ld.entries.v[2]->line, 5, "a lone CR ends a line, a blank line counts");
	cr_expect_eq(ld.entries.v[3]->line, 6, "the last record needs no line end");
	clr__loader_dispose(&ld);
}

/* ---- evidence: the remarks, Call_Sign and Vessel_flag ---- */

/* Asserts an identifier: its value and compared form, type and country. */
static void expect_id(const clr_evidence *v, clr_evidence_kind kind, const char *value,
                      const char *norm, const char *type, const char *country)
{
	cr_assert_not_null(v, "no %s '%s'", clr_evidence_kind_name(kind), value);
	cr_expect_eq(v->kind, kind, "%s", value);
	cr_expect_str_eq(v->value, value);
	cr_expect_str_eq(v->norm, norm, "%s", value);
	if (type)
		cr_expect_str_eq(v->id_type, type, "%s", value);
	else
		cr_expect_null(v->id_type, "%s", value);
	if (country)
		cr_expect_str_eq(v->country, country, "%s", value);
	else
		cr_expect_null(v->country, "%s", value);
}

/* 9001 carries each remark form once; 9002 is a vessel with its call sign,
 * flag and numbers; 9003's remarks are all free text. */
static const char evidence_rows[] =
	"9001,\"HASSAN, Ali\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	"\"DOB 12 Mar 1962; alt. DOB 1963; alt. DOB circa 1951; DOB 1960 to 1965; "
	"alt. DOB circa 1960-1965; DOB Mar 1958; POB Baghdad, Iraq; alt. POB Mosul; "
	"nationality Iraq; alt. nationality Atlantis; citizen Iran; Gender Male; "
	"Passport A1234567 (Iran) issued 01 Jan 2010 expires 01 Jan 2020; "
	"alt. Passport RL 1622378 (Lebanon); National ID No. 00216040 (Yemen); "
	"Registration Number HRA 738077 (Stuttgart) (Germany); "
	"Matricula Mercantil No 01200175 (Bogota); Tax ID No. 7744001497 (Russia); "
	"NIT # 800018928-0 (Colombia); C.U.R.P. # HESU430525HBCRMR13 (Mexico); "
	"Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; "
	"D-U-N-S Number 542957624; a.k.a. 'ABU ALI'; Website www.example.org; "
	"Email Address x@example.org; Linked To: SOME FRONT; "
	"Additional Sanctions Information - Subject to Secondary Sanctions; "
	"Secondary sanctions risk: section 1(b) of Executive Order 13224; "
	"Executive Order 13662 Directive Determination - Subject to Directive 1; "
	"For more information on directives, please visit the following link: x; "
	"Brigadier General; arrested 23 Apr 2002.\"\r\n"
	"9002,\"SEA STAR\",\"vessel\",\"IRAN\",-0- ,\"9HA1234\",\"Crude Oil Tanker\",-0- ,-0- ,"
	"\"Panama\",-0- ,\"Vessel Registration Identification IMO 9187629; MMSI 572469210; "
	"Other Vessel Call Sign 5IM713; Former Vessel Flag Tuvalu; Vessel Year of Build 1999; "
	"Identification Number IMO 5342883; Vessel Registration Identification RS 150443 "
	"(Russia).\"\r\n"
	"9003,\"AIR ONE\",\"aircraft\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,\"None Identified\",-0- ,"
	"\"Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Model IL76-TD; "
	"Aircraft Construction Number (also called L/N or S/N or F/N) 8401; all offices "
	"worldwide; member ETA; ICTY indictee\"\r\n";

Test(ofac, remarks_into_evidence)
{
	clr_loader ld;
	int rc = parse_mem(&ld, 0, evidence_rows, sizeof(evidence_rows) - 1);
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_assert_eq(ld.report.entries, 3);

	const clr_entry *e = find(&ld, "ofac:9001");
	cr_assert_not_null(e);
	cr_assert_not_null(e->remarks);
	cr_expect(!strncmp(e->remarks, "DOB 12 Mar 1962; alt. DOB 1963;", 31) &&
	          strstr(e->remarks, "; Brigadier General; arrested 23 Apr 2002.") != NULL,
	          "the remarks stay as written: %s", e->remarks);
	cr_assert_eq(ev_count(e, CLR_EV_DOB), 6);
	const clr_evidence *v = ev_nth(e, CLR_EV_DOB, 0);
	cr_expect_str_eq(v->value, "12 Mar 1962");
	cr_expect_eq(v->from, 19620312);
	cr_expect_eq(v->to, 19620312);
	cr_expect_eq(v->precision, 3);
	cr_expect_eq(v->circa, 0);
	v = ev_nth(e, CLR_EV_DOB, 1);
	cr_expect_str_eq(v->value, "1963", "alt. DOB");
	cr_expect_eq(v->from, 19630101);
	cr_expect_eq(v->to, 19631231);
	cr_expect_eq(v->precision, 1);
	v = ev_nth(e, CLR_EV_DOB, 2);
	cr_expect_str_eq(v->value, "circa 1951");
	cr_expect_eq(v->circa, 1);
	cr_expect_eq(v->from, 19510101);
	v = ev_nth(e, CLR_EV_DOB, 3);
	cr_expect_str_eq(v->value, "1960 to 1965");
	cr_expect_eq(v->from, 19600101);
	cr_expect_eq(v->to, 19651231);
	cr_expect_eq(v->precision, 1);
	v = ev_nth(e, CLR_EV_DOB, 4);
	cr_expect_str_eq(v->value, "circa 1960-1965");
	cr_expect_eq(v->from, 19600101);
	cr_expect_eq(v->to, 19651231);
	cr_expect_eq(v->circa, 1);
	v = ev_nth(e, CLR_EV_DOB, 5);
	cr_expect_str_eq(v->value, "Mar 1958");
	cr_expect_eq(v->from, 19580301);
	cr_expect_eq(v->to, 19580331);
	cr_expect_eq(v->precision, 2);

	cr_assert_eq(ev_count(e, CLR_EV_POB), 2);
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 0)->value, "Baghdad, Iraq");
	cr_expect_str_eq(ev_nth(e, CLR_EV_POB, 1)->value, "Mosul");
	cr_assert_eq(ev_count(e, CLR_EV_NATIONALITY), 1, "Atlantis is no country");
	cr_expect_str_eq(ev_nth(e, CLR_EV_NATIONALITY, 0)->norm, "IQ");
	cr_expect(has_country(e, "IQ"), "a nationality is a country of the entry");
	cr_expect_eq(e->ncountries, 1, "a citizenship is not");
	cr_assert_eq(ev_count(e, CLR_EV_CITIZENSHIP), 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_CITIZENSHIP, 0)->norm, "IR");
	cr_assert_eq(ev_count(e, CLR_EV_GENDER), 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_GENDER, 0)->norm, "male");

	cr_assert_eq(ev_count(e, CLR_EV_ID), 9, "D-U-N-S Number identifies nothing here");
	expect_id(ev_nth(e, CLR_EV_ID, 0), CLR_EV_ID, "A1234567", "A1234567", "Passport", "IR");
	expect_id(ev_nth(e, CLR_EV_ID, 1), CLR_EV_ID, "RL 1622378", "RL1622378", "Passport", "LB");
	expect_id(ev_nth(e, CLR_EV_ID, 2), CLR_EV_ID, "00216040", "216040", "National ID No.", "YE");
	expect_id(ev_nth(e, CLR_EV_ID, 3), CLR_EV_ID, "HRA 738077", "HRA738077",
	          "Registration Number", "DE");
	expect_id(ev_nth(e, CLR_EV_ID, 4), CLR_EV_ID, "01200175", "1200175",
	          "Matricula Mercantil No", NULL);
	expect_id(ev_nth(e, CLR_EV_ID, 5), CLR_EV_ID, "7744001497", "7744001497", "Tax ID No.",
	          "RU");
	expect_id(ev_nth(e, CLR_EV_ID, 6), CLR_EV_ID, "800018928-0", "8000189280", "NIT #", "CO");
	expect_id(ev_nth(e, CLR_EV_ID, 7), CLR_EV_ID, "HESU430525HBCRMR13", "HESU430525HBCRMR13",
	          "C.U.R.P.", "MX");
	expect_id(ev_nth(e, CLR_EV_ID, 8), CLR_EV_ID, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
	          "12QTD5BFWRSDNSAZY76UVE1XYCGNTOJH9H", "Digital Currency Address - XBT", NULL);
	cr_expect_eq(e->nevidence, 6 + 2 + 1 + 1 + 1 + 9);

	e = find(&ld, "ofac:9002");
	cr_assert_not_null(e);
	cr_expect(has_country(e, "PA"), "the flag is still a country of the entry");
	expect_id(ev_nth(e, CLR_EV_FLAG, 0), CLR_EV_FLAG, "Panama", "PA", NULL, NULL);
	cr_assert_eq(ev_count(e, CLR_EV_CALL_SIGN), 2);
	expect_id(ev_nth(e, CLR_EV_CALL_SIGN, 0), CLR_EV_CALL_SIGN, "9HA1234", "9HA1234", NULL, NULL);
	expect_id(ev_nth(e, CLR_EV_CALL_SIGN, 1), CLR_EV_CALL_SIGN, "5IM713", "5IM713", NULL, NULL);
	cr_assert_eq(ev_count(e, CLR_EV_IMO), 1);
	expect_id(ev_nth(e, CLR_EV_IMO, 0), CLR_EV_IMO, "IMO 9187629", "9187629", NULL, NULL);
	expect_id(ev_nth(e, CLR_EV_MMSI, 0), CLR_EV_MMSI, "572469210", "572469210", NULL, NULL);
	cr_assert_eq(ev_count(e, CLR_EV_ID), 2);
	expect_id(ev_nth(e, CLR_EV_ID, 0), CLR_EV_ID, "IMO 5342883", "IMO5342883",
	          "Identification Number", NULL);
	expect_id(ev_nth(e, CLR_EV_ID, 1), CLR_EV_ID, "RS 150443", "RS150443",
	          "Vessel Registration Identification", "RU");

	e = find(&ld, "ofac:9003");
	cr_assert_not_null(e);
	cr_expect_null(ev_nth(e, CLR_EV_FLAG, 0), "'None Identified' is no flag");
	cr_assert_eq(ev_count(e, CLR_EV_AIRCRAFT_SERIAL), 2);
	expect_id(ev_nth(e, CLR_EV_AIRCRAFT_SERIAL, 0), CLR_EV_AIRCRAFT_SERIAL, "1023409321",
	          "1023409321", NULL, NULL);
	expect_id(ev_nth(e, CLR_EV_AIRCRAFT_SERIAL, 1), CLR_EV_AIRCRAFT_SERIAL, "8401", "8401", NULL,
	          NULL);
	cr_expect_eq(e->nevidence, 2);

	/* left in the remarks: "Brigadier General", "arrested ...", "member ETA",
	 * "ICTY indictee" */
	cr_expect_eq(ld.report.remarks_left, 4);
	cr_expect_eq(ld.report.dob_unread, 0);
	cr_expect_eq(ld.report.evidence[CLR_EV_DOB], 6);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_DOB], 1);
	cr_expect_eq(ld.report.evidence[CLR_EV_ID], 11);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_ID], 2);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_IMO], 1);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_CALL_SIGN], 1);
	clr__loader_dispose(&ld);
}

Test(ofac, remarks_continued_in_comments)
{
	/* the comments file continues the remarks mid-field: evidence is read
	 * from the whole text */
	static const char prim[] =
		"9001,\"A\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
		"\"DOB 12 Mar 1962; Passport A12\"\r\n";
	static const char com[] = "9001,\"34567 (Iran); DOB sometime; Gender Female.\"\r\n";
	clr_ofac_files sib = {.comments = com, .comments_len = sizeof(com) - 1,
	                      .comments_path = "mem/sdn_comments.csv"};
	clr_loader ld;
	cr_assert_eq(clr__loader_init(&ld, "mem/sdn.csv", 0), 0);
	cr_assert_eq(clr__parse_ofac(&ld, prim, sizeof(prim) - 1, &sib), 0, "%s", ld.err.p);
	const clr_entry *e = find(&ld, "ofac:9001");
	cr_assert_not_null(e);
	expect_id(ev_nth(e, CLR_EV_ID, 0), CLR_EV_ID, "A1234567", "A1234567", "Passport", "IR");
	cr_assert_eq(ev_count(e, CLR_EV_DOB), 2);
	const clr_evidence *v = ev_nth(e, CLR_EV_DOB, 1);
	cr_expect_str_eq(v->value, "sometime", "a date no form reads is kept as written");
	cr_expect_eq(v->precision, 0);
	cr_expect_eq(ld.report.dob_unread, 1);
	cr_expect_str_eq(ev_nth(e, CLR_EV_GENDER, 0)->norm, "female");
	cr_expect_eq(ld.report.remarks_left, 0);
	clr__loader_dispose(&ld);
}

Test(ofac, fixture_evidence)
{
	clr_loader ld;
	int rc = parse(&ld, 0, 0, FIX("sdn.csv"), FIX("alt.csv"), FIX("add.csv"),
	               FIX("sdn_comments.csv"));
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	const clr_entry *e = find(&ld, "ofac:7001");
	cr_assert_not_null(e);
	cr_expect_eq(ev_nth(e, CLR_EV_DOB, 0)->from, 19600101);
	cr_expect_str_eq(ev_nth(e, CLR_EV_NATIONALITY, 0)->norm, "RU");
	cr_expect_str_eq(ev_nth(e, CLR_EV_GENDER, 0)->norm, "male");
	e = find(&ld, "ofac:7002");
	cr_assert_not_null(e);
	expect_id(ev_nth(e, CLR_EV_IMO, 0), CLR_EV_IMO, "1234567", "1234567", NULL, NULL);
	expect_id(ev_nth(e, CLR_EV_CALL_SIGN, 0), CLR_EV_CALL_SIGN, "9HA1234", "9HA1234", NULL, NULL);
	expect_id(ev_nth(e, CLR_EV_FLAG, 0), CLR_EV_FLAG, "Panama", "PA", NULL, NULL);
	cr_expect_eq(find(&ld, "ofac:36")->nevidence, 0);
	/* left: 7002's "described as ...", 7003's two lines, 7004's "remark cut
	 * here and continued in the comments file" (its Aircraft Model is known) */
	cr_expect_eq(ld.report.remarks_left, 3);
	clr__loader_dispose(&ld);
}

/* ---- the real files of ../shared/data (counts verified with python3) ---- */

static int have_real(void)
{
	return access(REAL("sdn.csv"), R_OK) == 0;
}

Test(ofac, real_sdn)
{
	if (!have_real())
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	int rc = parse(&ld, 0, 0, REAL("sdn.csv"), REAL("alt.csv"), REAL("add.csv"),
	               REAL("sdn_comments.csv"));
	cr_assert_eq(rc, 0, "%s", ld.err.p);
	cr_expect_eq(ld.report.rows, 14965);
	cr_expect_eq(ld.report.entries, 14965);
	cr_expect_eq(ld.report.skipped, 0);
	/* 17,647 alt rows join; 21 repeat a name the entry already has */
	cr_expect_eq(ld.report.names, 14965 + 17626);
	cr_expect_eq(ld.report.addresses, 16795);
	cr_expect_eq(ld.report.orphans, 2460 + 4893 + 6);
	cr_expect_eq(ld.messages.n, 7359);
	/* the remarks' 61,432 fields: 2,109 are titles and free text */
	cr_expect_eq(ld.report.with_evidence[CLR_EV_DOB], 6736);
	cr_expect_eq(ld.report.evidence[CLR_EV_DOB], 7533);
	cr_expect_eq(ld.report.dob_unread, 0);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_ID], 8491);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_IMO], 854);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_MMSI], 154);
	cr_expect_eq(ld.report.with_evidence[CLR_EV_GENDER], 4264);
	cr_expect_eq(ld.report.remarks_left, 2109);

	const clr_entry *e = find(&ld, "ofac:306");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->names[0].name, "BANCO NACIONAL DE CUBA");
	cr_expect_str_eq(e->names[1].name, "NATIONAL BANK OF CUBA");
	cr_expect_eq(e->naddresses, 4);
	cr_expect_str_eq(e->addresses[0].address, "Zweierstrasse 35, Zurich CH-8022");
	cr_expect(has_country(e, "CH") && has_country(e, "ES") && has_country(e, "JP") &&
	          has_country(e, "PA"));
	cr_expect_eq(e->line, 3);
	clr__loader_dispose(&ld);
}

Test(ofac, real_orphans_per_sibling)
{
	if (!have_real())
		cr_skip_test("../shared/data absent");
	static const struct {
		const char *file;
		size_t orphans;
	} sib[] = {{REAL("alt.csv"), 2460}, {REAL("add.csv"), 4893}, {REAL("sdn_comments.csv"), 6}};
	for (size_t i = 0; i < 3; i++) {
		clr_loader ld;
		int rc = parse(&ld, 0, 0, REAL("sdn.csv"), i == 0 ? sib[i].file : NULL,
		               i == 1 ? sib[i].file : NULL, i == 2 ? sib[i].file : NULL);
		cr_assert_eq(rc, 0, "%s", ld.err.p);
		cr_expect_eq(ld.report.orphans, sib[i].orphans, "%s", sib[i].file);
		cr_expect_eq(ld.messages.n, sib[i].orphans);
		clr__loader_dispose(&ld);
	}
}

Test(ofac, real_consolidated)
{
	if (!have_real())
		cr_skip_test("../shared/data absent");
	clr_db *db;
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, REAL("cons_prim.csv"), 0), 0, "%s", clr_db_errmsg(db));
	const clr_file_report *r = clr_db_report(db, 0);
	cr_expect_eq(r->rows, 442);
	cr_expect_eq(r->entries, 442);
	cr_expect_eq(r->names, 1513);
	cr_expect_eq(r->addresses, 522);
	cr_expect_eq(r->orphans, 0);
	cr_expect_eq(r->with_evidence[CLR_EV_DOB], 74);
	cr_expect_eq(r->with_evidence[CLR_EV_ID], 342);
	cr_expect_eq(r->evidence[CLR_EV_ID], 912);
	cr_expect_eq(r->remarks_left, 51);
	size_t ssi = 0, plc = 0, cmic = 0, other = 0, cap = 0;
	for (size_t i = 0; i < clr_db_entry_count(db); i++) {
		const char *s = clr_db_entry(db, i)->source;
		ssi += !strcmp(s, "SSI");
		plc += !strcmp(s, "PLC");
		cmic += !strcmp(s, "CMIC");
		cap += !strcmp(s, "CAP");
		other += !strcmp(s, "NONSDN");
	}
	cr_expect_eq(ssi, 286);
	cr_expect_eq(plc, 78);
	cr_expect_eq(cmic, 68);
	cr_expect_eq(cap, 1);
	cr_expect_eq(other, 9);
	clr_db_free(db);
}
