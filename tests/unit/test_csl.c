/* test_csl.c - CSL CSV and JSON parsers and the listed-name splitter: fixtures of
 * both layouts, every negative case with its code, line and field, lenient
 * mode, and the real lists of ../shared/data when present. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "lists/loader.h"

#define HDR                                                                                   \
	"_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice," \
	"start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"     \
	"vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks," \
	"source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"  \
	"source_information_url,ids\n"
#define EL "Entity List (EL) - Bureau of Industry and Security"
#define CSL_DATA CLR_SHARED_DATA "/lists/csl"

/* ---- helpers ----------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Parses buf as path; ld must be disposed by the caller. */
static int parse(clr_loader *ld, const char *path, const char *buf, size_t len, unsigned flags,
                 int json)
{
	cr_assert_eq(clr__loader_init(ld, path, flags), 0);
	return json ? clr__parse_csl_json(ld, buf, len) : clr__parse_csl_csv(ld, buf, len);
}

static int parse_file(clr_loader *ld, const char *path, unsigned flags, int json)
{
	size_t len;
	char *buf = slurp(path, &len);
	int rc = parse(ld, path, buf, len, flags, json);
	free(buf);
	return rc;
}

static int parse_str(clr_loader *ld, const char *s, unsigned flags, int json)
{
	return parse(ld, json ? "t.json" : "t.csv", s, strlen(s), flags, json);
}

static const clr_entry *find(const clr_loader *ld, const char *id)
{
	for (size_t i = 0; i < ld->entries.n; i++)
		if (!strcmp(ld->entries.v[i]->id, id))
			return ld->entries.v[i];
	return NULL;
}

static const clr_entry *must_find(const clr_loader *ld, const char *id)
{
	const clr_entry *e = find(ld, id);
	cr_assert_not_null(e, "entry %s missing", id);
	return e;
}

static int has_name(const clr_entry *e, const char *name, clr_name_kind kind)
{
	for (size_t i = 0; i < e->nnames; i++)
		if (!strcmp(e->names[i].name, name) && e->names[i].kind == kind)
			return 1;
	return 0;
}

static int has(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/* Asserts that the error (strict) names file:line and field. */
static void assert_msg(const clr_loader *ld, const char *line, const char *field, const char *text)
{
	const char *m = ld->err.p ? ld->err.p : "";
	cr_assert(strstr(m, line), "message '%s' lacks '%s'", m, line);
	if (field) {
		char f[128];
		snprintf(f, sizeof(f), "field '%s'", field);
		cr_assert(strstr(m, f), "message '%s' lacks '%s'", m, f);
	}
	if (text)
		cr_assert(strstr(m, text), "message '%s' lacks '%s'", m, text);
}

/* One CSV row of 29 fields: _id, source EL, name as raw CSV text, start_date. */
static void row(clr_buf *b, const char *id, const char *raw_name, const char *start)
{
	cr_assert_eq(clr__buf_printf(b, "%s," EL ",,,,%s,,,,%s", id, raw_name, start), 0);
	for (int i = 0; i < 19; i++)
		cr_assert_eq(clr__buf_putc(b, ','), 0);
	cr_assert_eq(clr__buf_putc(b, '\n'), 0);
}

static int data_present(void)
{
	struct stat st;
	return stat(CSL_DATA, &st) == 0;
}

/* ---- listed-name splitter ---------------------------------------------- */

typedef struct want {
	const char *name;
	clr_name_kind kind;
} want;

/* Splits s (copied without a terminator, so reads past n are caught by
 * ASan) and checks the exact names and kinds, in order. */
static void split_is(const char *s, clr_name_kind kind, const want *w, size_t nw)
{
	clr_loader ld;
	size_t n = strlen(s);
	char *copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	cr_assert_eq(clr__loader_init(&ld, "names", 0), 0);
	clr__draft_begin(&ld, 1);
	cr_assert_eq(clr__draft_listed_names(&ld, copy, n, kind, "name"), 0);
	free(copy);
	for (size_t i = 0; i < ld.d.names.n; i++)
		cr_log_info("  %s [%d]", ld.d.names.v[i].name, (int)ld.d.names.v[i].kind);
	cr_assert_eq(ld.d.names.n, nw, "'%s': %zu names, want %zu", s, ld.d.names.n, nw);
	for (size_t i = 0; i < nw; i++) {
		cr_assert_str_eq(ld.d.names.v[i].name, w[i].name, "'%s' name %zu", s, i);
		cr_assert_eq(ld.d.names.v[i].kind, w[i].kind, "'%s' kind of %s", s, w[i].name);
	}
	clr__loader_dispose(&ld);
}

#define SPLIT_IS(s, kind, ...)                                                   \
	do {                                                                     \
		const want w_[] = {__VA_ARGS__};                                 \
		split_is(s, kind, w_, sizeof(w_) / sizeof(*w_));                 \
	} while (0)
#define P CLR_NAME_PRIMARY
#define A CLR_NAME_ALIAS
#define F CLR_NAME_AFFILIATE

Test(csl_names, affiliated_entity)
{
	SPLIT_IS("Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Beijing Huawei "
	         "Longshine Information Technology Co., Ltd.", P,
	         {"Huawei Technologies Co., Ltd. (Huawei)", P},
	         {"Huawei Technologies Co., Ltd.", P}, {"Huawei", A},
	         {"Beijing Huawei Longshine Information Technology Co., Ltd.", F});
	/* not a marker without the colon */
	SPLIT_IS("Affiliated Supply and Consultancy Services", P,
	         {"Affiliated Supply and Consultancy Services", P});
}

Test(csl_names, aka_forms)
{
	SPLIT_IS("Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. "
	         "(Chitron-Shenzhen)", P,
	         {"Chitron Electronics Company Ltd.", P},
	         {"Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)", A},
	         {"Chi-Chung Electronics Company Ltd.", A}, {"Chitron-Shenzhen", A});
	SPLIT_IS("Far East Trading Company, Inc. (a.k.a. FETCO, Inc.)", P,
	         {"Far East Trading Company, Inc.", P}, {"FETCO, Inc.", A});
	SPLIT_IS("Thermal Processing Technology Research Institute, a.k.a., Hot Working "
	         "Technology Research Institute", P,
	         {"Thermal Processing Technology Research Institute", P},
	         {"Hot Working Technology Research Institute", A});
	SPLIT_IS("Gaz-Oil, OOO (f.k.a., Zakrytoe Aktsionernoe Obshchestvo Gaz Oil)", P,
	         {"Gaz-Oil, OOO", P}, {"Zakrytoe Aktsionernoe Obshchestvo Gaz Oil", A});
	SPLIT_IS("Acme Ltd n.k.a. Beta Ltd", P, {"Acme Ltd", P}, {"Beta Ltd", A});
	SPLIT_IS("Acme Ltd, formerly known as Beta Ltd; also known as Gamma", P, {"Acme Ltd", P},
	         {"Beta Ltd", A}, {"Gamma", A});
	SPLIT_IS("Astronautics Research Institute [aka Astronautics Systems Research Center]", P,
	         {"Astronautics Research Institute", P},
	         {"Astronautics Systems Research Center", A});
	/* the alias in the middle of a person's name */
	SPLIT_IS("PEARL (A.K.A. NEI-CHIEN CHU) LI", P, {"PEARL LI", P}, {"NEI-CHIEN CHU", A});
	/* several aliases in one clause; an unclosed clause; quoted alias */
	SPLIT_IS("Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and "
	         "Supply)", P, {"Mexpar International, Inc.", P}, {"Pasadena Aerospace", A},
	         {"Aviation Logistics and Supply", A});
	SPLIT_IS("Gazprom Neft (a.k.a. Gazprom Neft OAO", P, {"Gazprom Neft", P},
	         {"Gazprom Neft OAO", A});
	SPLIT_IS("Sabanican Company (a.k.a.", P, {"Sabanican Company", P});
	SPLIT_IS("Mesbah Energy Company (a.k.a. \xe2\x80\x9cMEC\xe2\x80\x9d)", P,
	         {"Mesbah Energy Company", P}, {"MEC", A});
	/* a note after the alias is dropped */
	SPLIT_IS("Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)", P, {"Ri Sung Chol", P},
	         {"Ri Su'ng-ch'o'l", A});
	/* "aka" inside words or as a capitalised word is no marker */
	SPLIT_IS("YK-AKA", P, {"YK-AKA", P});
	SPLIT_IS("Hotel Aka", P, {"Hotel Aka", P});
	SPLIT_IS("CHAYKA, Artem", P, {"CHAYKA, Artem", P});
}

Test(csl_names, trailing_parenthetical)
{
	SPLIT_IS("AVIC Leihua Electronic Technology Research Institute (LETRI)", P,
	         {"AVIC Leihua Electronic Technology Research Institute (LETRI)", P},
	         {"AVIC Leihua Electronic Technology Research Institute", P}, {"LETRI", A});
	/* in the middle: part of the name */
	SPLIT_IS("Inspur (Beijing) Electronic Information Industry Co., Ltd.", P,
	         {"Inspur (Beijing) Electronic Information Industry Co., Ltd.", P});
	/* places and legal forms are no short names */
	SPLIT_IS("Broad Engineering (Pakistan)", P, {"Broad Engineering (Pakistan)", P});
	SPLIT_IS("Hudson Engineering (Hong Kong)", P, {"Hudson Engineering (Hong Kong)", P});
	SPLIT_IS("ASIA ENERGY GENERAL TRADING (LLC)", P, {"ASIA ENERGY GENERAL TRADING (LLC)", P});
	SPLIT_IS("ABAR PETROLEUM SERVICE SAL (OFFSHORE)", A,
	         {"ABAR PETROLEUM SERVICE SAL (OFFSHORE)", A});
	/* editorial notes are dropped */
	SPLIT_IS("Brian Douglas Woodford (See alternate address under Singapore)", P,
	         {"Brian Douglas Woodford", P});
	SPLIT_IS("Baotou Guanghua Chemical Industrial Corporation (Parent Organization: China "
	         "National Nuclear Group Corporation (CNNC))", P,
	         {"Baotou Guanghua Chemical Industrial Corporation", P});
	/* an alias keeps its kind for every part */
	SPLIT_IS("Beijing Institute of Structure and Environmental Engineering (BISE)", A,
	         {"Beijing Institute of Structure and Environmental Engineering (BISE)", A},
	         {"Beijing Institute of Structure and Environmental Engineering", A}, {"BISE", A});
}

Test(csl_names, boilerplate_lists_and_damage)
{
	SPLIT_IS("Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary "
	         "thereof", P, {"Sinobright Import and Export Company", P});
	SPLIT_IS("Charter Green Light Moscow (CGLM) and any successor, sub-unit, or subsidiary "
	         "thereof", P, {"Charter Green Light Moscow (CGLM)", P},
	         {"Charter Green Light Moscow", P}, {"CGLM", A});
	SPLIT_IS("Poly Technologies Incorporated (PTI), and its sub-units and successors", P,
	         {"Poly Technologies Incorporated (PTI)", P},
	         {"Poly Technologies Incorporated", P}, {"PTI", A});
	SPLIT_IS("Alpha Co.; Beta Co.; and Gamma Co.", P, {"Alpha Co.", P}, {"Beta Co.", A},
	         {"Gamma Co.", A});
	SPLIT_IS("Xi?an Huawei Technologies Co., Ltd.", P, {"Xi?an Huawei Technologies Co., Ltd.", P});
	/* line breaks and runs of spaces inside a listed name */
	SPLIT_IS("Gaobeidian Kaituo Precise Instrument\nCo.   Ltd ", P,
	         {"Gaobeidian Kaituo Precise Instrument Co. Ltd", P});
	/* degenerate input adds nothing and does not fail */
	SPLIT_IS("Real Name", P, {"Real Name", P});
	clr_loader ld;
	cr_assert_eq(clr__loader_init(&ld, "names", 0), 0);
	clr__draft_begin(&ld, 1);
	const char *odd[] = {"", "()", "(a.k.a.)", ";;;", "a.k.a.", ")))(((", "((((a.k.a. x"};
	for (size_t i = 0; i < sizeof(odd) / sizeof(*odd); i++)
		cr_assert_eq(clr__draft_listed_names(&ld, odd[i], strlen(odd[i]), P, "name"), 0);
	clr__loader_dispose(&ld);
}

Test(csl_names, bad_bytes_are_reported)
{
	clr_loader ld;
	cr_assert_eq(clr__loader_init(&ld, "t.csv", 0), 0);
	clr__draft_begin(&ld, 7);
	cr_assert_eq(clr__draft_listed_names(&ld, "Bad \xff (a.k.a. X)", 16, P, "name"), CLR_EINPUT);
	assert_msg(&ld, "t.csv:7:", "name", "UTF-8");
	clr__loader_dispose(&ld);
}

/* ---- CSV: fixtures ----------------------------------------------------- */

Test(csl_csv, layout_2022)
{
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CLR_FIXTURES "/csl/layout-2022.csv", 0, 0), 0);
	cr_assert_eq(ld.report.rows, 6);
	cr_assert_eq(ld.report.header_repeats, 1);
	cr_assert_eq(ld.entries.n, 6);

	const clr_entry *e = must_find(&ld, "dpl-1");
	cr_assert_str_eq(e->source, "DPL");
	cr_assert_str_eq(e->source_name, "Denied Persons List (DPL) - Bureau of Industry and Security");
	cr_assert_str_eq(e->names[0].name, "I. ASH");
	cr_assert_str_eq(e->start_date, "2003-06-19");
	cr_assert_str_eq(e->end_date, "2056-06-29");
	cr_assert_eq(e->line, 2);
	cr_assert_eq(e->type, CLR_TYPE_UNKNOWN);
	cr_assert_eq(e->naddresses, 1);
	cr_assert_eq(e->ncitations, 1);

	e = must_find(&ld, "21944");
	cr_assert_eq(e->type, CLR_TYPE_PERSON);
	cr_assert_str_eq(e->source, "SDN");
	cr_assert_eq(e->nprograms, 2);
	cr_assert(has(e->programs, e->nprograms, "SYRIA") && has(e->programs, e->nprograms, "SDGT"));
	cr_assert(has_name(e, "'ABBAS, Rim", P));
	cr_assert(has_name(e, "'ABBAS, Rim Yasir", A));
	cr_assert(has_name(e, "ABBAS, R.", A));
	cr_assert_eq(e->nnames, 3);
	cr_assert_null(e->start_date);
	cr_assert_geq(e->ncountries, 2); /* SY and LB, as codes once mapped */
	cr_assert_eq(e->line, 3);

	e = must_find(&ld, "el-huawei-aff");
	cr_assert_str_eq(e->source, "EL");
	cr_assert_str_eq(e->names[0].name, "Huawei Technologies Co., Ltd. (Huawei)");
	cr_assert(has_name(e, "Huawei Technologies Co., Ltd.", P));
	cr_assert(has_name(e, "Huawei", A));
	cr_assert(has_name(e, "Beijing Huawei Longshine Information Technology Co., Ltd.", F));
	cr_assert(has_name(e, "Beijing Huawei Longshine", A));
	cr_assert_eq(e->ncitations, 2);
	cr_assert_str_eq(e->citations[0], "84 FR 22961, 85 FR 29852");
	cr_assert_str_eq(e->citations[1], "85 FR 36720");
	cr_assert_str_eq(e->license_requirement, "For all items subject to the EAR");
	cr_assert_str_eq(e->license_policy, "Presumption of denial");

	/* after a blank line and a repeated header; its citations span two lines */
	e = must_find(&ld, "el-chitron");
	cr_assert_eq(e->line, 7);
	cr_assert_eq(e->ncitations, 2);
	cr_assert_str_eq(e->citations[0], "75 FR 1701, 1/13/10");
	cr_assert_str_eq(e->citations[1], "77 FR 24590, 4/25/12");
	cr_assert_eq(e->naddresses, 2);
	cr_assert_str_eq(e->addresses[1].address, "169 Fucheng Rd, Mianyang, 621000, CN");
	cr_assert(has_name(e, "Chi-Chung Electronics Company Ltd.", A));

	e = must_find(&ld, "9999");
	cr_assert_eq(e->type, CLR_TYPE_VESSEL);
	cr_assert_eq(e->line, 9);
	e = must_find(&ld, "mbs-1");
	cr_assert_str_eq(e->source, "MBS");
	cr_assert_eq(e->type, CLR_TYPE_ENTITY);
	cr_assert(has_name(e, "FETCO, INC.", A));
	clr__loader_dispose(&ld);
}

Test(csl_csv, layout_2025_by_header_name)
{
	clr_loader ld;
	/* BOM, CRLF, everything quoted, columns reordered, an unknown column */
	cr_assert_eq(parse_file(&ld, CLR_FIXTURES "/csl/layout-2025.csv", 0, 0), 0);
	cr_assert_eq(ld.report.rows, 8);
	cr_assert_eq(ld.entries.n, 8);

	const clr_entry *e = must_find(&ld, "el-ecfr-2026-07-00234");
	cr_assert_str_eq(e->names[0].name, "Beijing Academy of Artificial Intelligence");
	cr_assert(has_name(e, "BAAI", A));
	cr_assert_str_eq(e->citations[0], "90 FR 14048, 3/28/25");
	cr_assert_str_eq(e->start_date, "2025-03-28");
	cr_assert_str_eq(e->remarks, "country: China");
	cr_assert_eq(e->naddresses, 2);
	cr_assert_str_eq(e->addresses[1].address,
	                 "Building 8 No. 1, Zhongguancun East Road, Haidian District, Beijing, China.");
	cr_assert_geq(e->ncountries, 1); /* "China" from remarks (as CN once mapped) */
	cr_assert_eq(e->line, 2);

	e = must_find(&ld, "66f6ab3f26234b75a9093fce79ef0ce0");
	cr_assert_str_eq(e->source, "MEU");
	cr_assert(has_name(e, "AASPT", A));
	e = must_find(&ld, "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b");
	cr_assert_str_eq(e->source, "ISN");
	cr_assert_eq(e->nnames, 1);
	cr_assert_str_eq(e->names[0].name, "Sinobright Import and Export Company");
	e = must_find(&ld, "30882");
	cr_assert_str_eq(e->source, "CMIC");
	e = must_find(&ld, "el-inspur-bj");
	cr_assert_eq(e->nnames, 1);
	e = must_find(&ld, "el-thermal");
	cr_assert(has_name(e, "Hot Working Technology Research Institute", A));
	e = must_find(&ld, "el-xian");
	cr_assert_str_eq(e->names[0].name, "Xi?an Huawei Technologies Co., Ltd.");
	cr_assert_eq(e->line, 9);
	clr__loader_dispose(&ld);
}

Test(csl_csv, blank_lines_and_repeated_headers)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR "\n   \n");
	row(&b, "a", "Alpha", "");
	clr__buf_puts(&b, HDR HDR "\r\n");
	row(&b, "b", "Beta", "");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), 0);
	cr_assert_eq(ld.report.rows, 2);
	cr_assert_eq(ld.report.header_repeats, 2);
	cr_assert_eq(must_find(&ld, "a")->line, 4);
	cr_assert_eq(must_find(&ld, "b")->line, 8);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, header_only_and_empty)
{
	clr_loader ld;
	cr_assert_eq(parse_str(&ld, HDR, 0, 0), 0);
	cr_assert_eq(ld.report.rows, 0);
	cr_assert_eq(ld.entries.n, 0);
	clr__loader_dispose(&ld);
	cr_assert_eq(parse_str(&ld, "", 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv", NULL, "no header");
	clr__loader_dispose(&ld);
	cr_assert_eq(parse_str(&ld, "\xef\xbb\xbf\n\n", CLR_LOAD_LENIENT, 0), CLR_EINPUT);
	clr__loader_dispose(&ld);
}

/* ---- CSV: negative cases (strict) -------------------------------------- */

Test(csl_csv, truncated_row)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "");
	clr__buf_puts(&b, "b," EL ",,,,Beta\n");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:3:", "title", "expected 29 fields, found 6");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, too_many_fields)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "");
	b.len--; /* drop the newline, add a 30th field */
	clr__buf_puts(&b, ",extra\n");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:2:", NULL, "expected 29 fields, found 30");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, bad_quote)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "");
	row(&b, "b", "\"Beta\" Ltd", ""); /* text after the closing quote */
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:3:", "name", "quot");
	clr__loader_dispose(&ld);
	clr__buf_clear(&b);
	clr__buf_puts(&b, HDR);
	row(&b, "b", "Beta \"Ltd\"", ""); /* a quote inside an unquoted field */
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:2:", "name", "quot");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, unterminated_quote_at_eof)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "");
	row(&b, "b", "\"Beta", "");
	row(&b, "c", "Gamma", "");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:3:", "name", "unterminated");
	clr__loader_dispose(&ld);
	/* lenient: the row is reported and the lines it swallowed are read again */
	cr_assert_eq(parse_str(&ld, b.p, CLR_LOAD_LENIENT, 0), 0);
	cr_assert_eq(ld.entries.n, 2);
	cr_assert_eq(ld.report.skipped, 1);
	cr_assert_eq(must_find(&ld, "c")->line, 4);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, invalid_utf8_and_nul)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Bad \xc3\x28 name", "");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:2:", "name", "UTF-8");
	clr__loader_dispose(&ld);

	clr__buf_clear(&b);
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "");
	size_t at = b.len;
	row(&b, "b", "Beta", "");
	memcpy(b.p + at + strlen("b," EL ",,,,Be"), "\0", 1); /* NUL inside the name */
	cr_assert_eq(parse(&ld, "t.csv", b.p, b.len, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:3:", "name", "NUL");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, one_megabyte_field)
{
	clr_loader ld;
	clr_buf b = {0};
	size_t big = 1024 * 1024;
	char *name = malloc(big + 1);
	memset(name, 'A', big);
	name[big] = '\0';
	clr__buf_puts(&b, HDR);
	row(&b, "a", name, "");
	row(&b, "b", "Beta", "");
	free(name);
	cr_assert_eq(parse(&ld, "t.csv", b.p, b.len, 0, 0), CLR_ELIMIT);
	assert_msg(&ld, "t.csv:2:", "name", "exceeds");
	clr__loader_dispose(&ld);
	cr_assert_eq(parse(&ld, "t.csv", b.p, b.len, CLR_LOAD_LENIENT, 0), 0);
	cr_assert_eq(ld.entries.n, 1);
	cr_assert_eq(ld.report.skipped, 1);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

Test(csl_csv, missing_required_column)
{
	static const char *const cols[] = {"_id", "source", "name"};
	for (size_t i = 0; i < 3; i++) {
		clr_loader ld;
		char hdr[128];
		snprintf(hdr, sizeof(hdr), "%s,%s,title\nx,y,z\n", i == 0 ? "source" : "_id",
		         i == 2 ? "source" : "name");
		cr_assert_eq(parse_str(&ld, hdr, CLR_LOAD_LENIENT, 0), CLR_EINPUT);
		assert_msg(&ld, "t.csv:1:", cols[i], "missing");
		clr__loader_dispose(&ld);
	}
}

Test(csl_csv, bad_date_and_empty_name)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "a", "Alpha", "not a date");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:2:", "start_date", "date");
	clr__loader_dispose(&ld);
	clr__buf_clear(&b);
	clr__buf_puts(&b, HDR);
	row(&b, "a", "\"  \"", "");
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT);
	assert_msg(&ld, "t.csv:2:", "name", NULL);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

/* ---- CSV: lenient mode ------------------------------------------------- */

Test(csl_csv, lenient_keeps_good_rows)
{
	clr_loader ld;
	clr_buf b = {0};
	clr__buf_puts(&b, HDR);
	row(&b, "g1", "Good One", "2020-01-02");   /* line 2 */
	row(&b, "x3", "Bad \"quote", "");         /* line 3 */
	row(&b, "g2", "Good Two", "");             /* line 4 */
	clr__buf_puts(&b, "x5," EL ",,,,Short\n"); /* line 5 */
	row(&b, "g3", "\"Multi\nLine\"", "");      /* lines 6-7 */
	row(&b, "x8", "Bad Date", "2020-99");      /* line 8 */
	row(&b, "g4", "Good Four", "");            /* line 9 */
	cr_assert_eq(parse_str(&ld, b.p, 0, 0), CLR_EINPUT); /* strict stops at line 3 */
	assert_msg(&ld, "t.csv:3:", "name", NULL);
	clr__loader_dispose(&ld);

	cr_assert_eq(parse_str(&ld, b.p, CLR_LOAD_LENIENT, 0), 0);
	cr_assert_eq(ld.report.rows, 7);
	cr_assert_eq(ld.entries.n, 4);
	cr_assert_eq(ld.report.skipped, 3);
	cr_assert_eq(ld.messages.n, 3);
	cr_assert(strstr(ld.messages.v[0], "t.csv:3:") && strstr(ld.messages.v[0], "field 'name'"));
	cr_assert(strstr(ld.messages.v[1], "t.csv:5:") && strstr(ld.messages.v[1], "found 6"));
	cr_assert(strstr(ld.messages.v[2], "t.csv:8:") && strstr(ld.messages.v[2], "start_date"));
	cr_assert_str_eq(must_find(&ld, "g3")->names[0].name, "Multi Line");
	cr_assert_eq(must_find(&ld, "g3")->line, 6);
	cr_assert_eq(must_find(&ld, "g4")->line, 9);
	cr_assert_str_eq(must_find(&ld, "g1")->start_date, "2020-01-02");
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

/* ---- JSON -------------------------------------------------------------- */

Test(csl_json, results_object)
{
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CLR_FIXTURES "/csl/results.json", 0, 1), 0);
	cr_assert_eq(ld.report.rows, 3);
	cr_assert_eq(ld.entries.n, 3);
	const clr_entry *e = must_find(&ld, "el-ecfr-2026-07-00234");
	cr_assert_eq(e->line, 1);
	cr_assert_str_eq(e->source, "EL");
	cr_assert(has_name(e, "BAAI", A));
	cr_assert(has_name(e, "Zhiyuan Research Institute", A));
	cr_assert_eq(e->naddresses, 1);
	cr_assert_str_eq(e->addresses[0].address, "No. 150 Chengfu Road, Beijing, Haidian District, CN");
	cr_assert_str_eq(e->addresses[0].country, "CN");
	cr_assert_str_eq(e->start_date, "2025-03-28");
	cr_assert(has(e->countries, e->ncountries, "CN"));

	e = must_find(&ld, "21944");
	cr_assert_eq(e->type, CLR_TYPE_PERSON);
	cr_assert_eq(e->nprograms, 2);
	cr_assert_geq(e->ncountries, 2);
	cr_assert_eq(e->naddresses, 1);

	e = must_find(&ld, "el-huawei-aff");
	cr_assert_eq(e->line, 3);
	cr_assert(has_name(e, "Beijing Huawei Longshine Information Technology Co., Ltd.", F));
	cr_assert_eq(e->ncitations, 2);
	clr__loader_dispose(&ld);
}

Test(csl_json, bare_array)
{
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CLR_FIXTURES "/csl/bare-array.json", 0, 1), 0);
	cr_assert_eq(ld.entries.n, 2);
	const clr_entry *e = must_find(&ld, "dpl-1");
	cr_assert_str_eq(e->source, "DPL");
	cr_assert_str_eq(e->end_date, "2056-06-29");
	cr_assert_str_eq(e->addresses[0].address, "SEAGOVILLE, TX, 75159, US");
	e = must_find(&ld, "9999");
	cr_assert_eq(e->type, CLR_TYPE_VESSEL);
	cr_assert_str_eq(e->programs[0], "IRAN");
	clr__loader_dispose(&ld);
}

#define J_OK "{\"_id\":\"a\",\"source\":\"Entity List (EL)\",\"name\":\"Alpha\"}"

Test(csl_json, wrong_types)
{
	static const struct {
		const char *doc, *field, *line;
	} cases[] = {
		{"{\"results\":[" J_OK ",{\"_id\":\"b\",\"source\":\"EL\",\"name\":42}]}", "name", ":2:"},
		{"[" J_OK "," J_OK ",{\"_id\":\"c\",\"source\":\"EL\",\"name\":\"C\",\"alt_names\":[\"x\",1]}]",
		 "alt_names", ":3:"},
		{"[{\"_id\":\"c\",\"source\":\"EL\",\"name\":\"C\",\"addresses\":[{\"city\":[]}]}]", "city",
		 ":1:"},
		{"[{\"_id\":\"c\",\"source\":\"EL\",\"name\":\"C\",\"addresses\":{}}]", "addresses", ":1:"},
		{"[{\"_id\":\"c\",\"source\":\"EL\",\"name\":\"C\",\"start_date\":true}]", "start_date", ":1:"},
		{"[{\"_id\":\"c\",\"source\":\"EL\",\"name\":\"C\",\"start_date\":\"soon\"}]", "start_date", ":1:"},
		{"[" J_OK ",\"just a string\"]", NULL, ":2:"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		clr_loader ld;
		cr_assert_eq(parse_str(&ld, cases[i].doc, 0, 1), CLR_EINPUT, "case %zu", i);
		assert_msg(&ld, cases[i].line, cases[i].field, "result ");
		clr__loader_dispose(&ld);
		cr_assert_eq(parse_str(&ld, cases[i].doc, CLR_LOAD_LENIENT, 1), 0, "case %zu", i);
		cr_assert_eq(ld.report.skipped, 1);
		cr_assert_eq(ld.entries.n, ld.report.rows - 1);
		clr__loader_dispose(&ld);
	}
}

Test(csl_json, structure_errors)
{
	clr_loader ld;
	cr_assert_eq(parse_str(&ld, "{\"results\": [", CLR_LOAD_LENIENT, 1), CLR_EINPUT);
	assert_msg(&ld, "t.json:1:", NULL, "invalid JSON");
	clr__loader_dispose(&ld);
	cr_assert_eq(parse_str(&ld, "{\"results\": {}}", 0, 1), CLR_EINPUT);
	assert_msg(&ld, "t.json", "results", NULL);
	clr__loader_dispose(&ld);
	cr_assert_eq(parse_str(&ld, "[\"\\u0000\"]", 0, 1), CLR_EINPUT);
	clr__loader_dispose(&ld);

	clr_buf b = {0};
	clr__buf_puts(&b, "[{\"_id\":\"a\",\"source\":\"EL\",\"name\":\"A\",\"ids\":");
	for (int i = 0; i < 40; i++)
		clr__buf_putc(&b, '[');
	for (int i = 0; i < 40; i++)
		clr__buf_putc(&b, ']');
	clr__buf_puts(&b, "}]");
	cr_assert_eq(parse_str(&ld, b.p, CLR_LOAD_LENIENT, 1), CLR_ELIMIT);
	assert_msg(&ld, "t.json", NULL, "deeper");
	clr__loader_dispose(&ld);
	clr__buf_clear(&b);
	for (int i = 0; i < 5000; i++) /* beyond jansson's own parse depth */
		clr__buf_putc(&b, '[');
	cr_assert_neq(parse_str(&ld, b.p, 0, 1), 0);
	clr__loader_dispose(&ld);
	clr__buf_free(&b);
}

/* ---- real lists (../shared/data) --------------------------------------- */

static size_t count_source(const clr_loader *ld, const char *src)
{
	size_t n = 0;
	for (size_t i = 0; i < ld->entries.n; i++)
		n += !strcmp(ld->entries.v[i]->source, src);
	return n;
}

Test(csl_real, consolidated_2022)
{
	if (!data_present())
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CSL_DATA "/consolidated-2022-04.csv", 0, 0), 0, "%s", ld.err.p);
	/* counted with python3's csv module: data rows without header repeats */
	cr_assert_eq(ld.report.rows, 14160);
	cr_assert_eq(ld.entries.n, 14160);
	cr_assert_eq(ld.report.header_repeats, 0);
	static const struct {
		const char *src;
		size_t n;
	} per[] = {{"SDN", 10026}, {"EL", 2001}, {"DTC", 727}, {"DPL", 462}, {"SSI", 290},
	           {"UVL", 201},   {"ISN", 163}, {"PLC", 78},  {"MEU", 71},  {"CMIC", 68},
	           {"CAP", 53},    {"MBS", 17},  {"FSE", 3}};
	size_t total = 0;
	for (size_t i = 0; i < sizeof(per) / sizeof(*per); i++) {
		cr_assert_eq(count_source(&ld, per[i].src), per[i].n, "%s", per[i].src);
		total += per[i].n;
	}
	cr_assert_eq(total, 14160);

	const clr_entry *e = must_find(&ld, "9172ac8adb6967b96216fae65b633dbcbe6a4ea9");
	cr_assert_eq(e->line, 5825);
	cr_assert_str_eq(e->source, "EL");
	cr_assert_str_eq(e->names[0].name, "Huawei Technologies Co., Ltd. (Huawei)");
	cr_assert(has_name(e, "Huawei Technologies Co., Ltd.", P));
	cr_assert(has_name(e, "Huawei", A));
	cr_assert(has_name(e, "Beijing Huawei Longshine Information Technology Co., Ltd.", F));
	cr_assert_str_eq(e->start_date, "2019-05-21");
	cr_assert_str_eq(e->license_policy, "Presumption of denial");
	size_t affiliates = 0;
	for (size_t i = 0; i < ld.entries.n; i++)
		for (size_t k = 0; k < ld.entries.v[i]->nnames; k++)
			affiliates += ld.entries.v[i]->names[k].kind == CLR_NAME_AFFILIATE;
	cr_assert_eq(affiliates, 23); /* rows with "Affiliated Entity:" in the name */
	clr__loader_dispose(&ld);
}

Test(csl_real, entity_list_2026)
{
	if (!data_present())
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CSL_DATA "/entity-list-2026-07.csv", 0, 0), 0, "%s", ld.err.p);
	cr_assert_eq(ld.report.rows, 3409);
	cr_assert_eq(ld.entries.n, 3409);
	cr_assert_eq(count_source(&ld, "EL"), 3409);
	const clr_entry *e = must_find(&ld, "el-ecfr-2026-07-00234");
	cr_assert_str_eq(e->names[0].name, "Beijing Academy of Artificial Intelligence");
	cr_assert(has_name(e, "BAAI", A));
	cr_assert_eq(e->ncitations, 1);
	cr_assert_str_eq(e->citations[0], "90 FR 14048, 3/28/25");
	cr_assert_str_eq(e->start_date, "2025-03-28");
	cr_assert_eq(e->line, 256);
	cr_assert_geq(e->ncountries, 1);
	clr__loader_dispose(&ld);
}

Test(csl_real, subset_2023_truncated_at_eof)
{
	if (!data_present())
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	/* the file ends inside a quoted field of its last row (line 4233) */
	cr_assert_eq(parse_file(&ld, CSL_DATA "/consolidated-2023-11-subset.csv", 0, 0), CLR_EINPUT);
	assert_msg(&ld, "consolidated-2023-11-subset.csv:4233:", "addresses", "unterminated");
	clr__loader_dispose(&ld);
	cr_assert_eq(parse_file(&ld, CSL_DATA "/consolidated-2023-11-subset.csv", CLR_LOAD_LENIENT, 0),
	             0);
	cr_assert_eq(ld.report.header_repeats, 1);
	cr_assert_eq(ld.report.rows, 4227);
	cr_assert_eq(ld.entries.n, 4226);
	cr_assert_eq(ld.report.skipped, 1);
	cr_assert(strstr(ld.messages.v[0], ":4233:"));
	clr__loader_dispose(&ld);
}

Test(csl_real, format_2025_sample)
{
	if (!data_present())
		cr_skip_test("../shared/data absent");
	clr_loader ld;
	cr_assert_eq(parse_file(&ld, CSL_DATA "/consolidated-2025-format-sample.csv", 0, 0), 0);
	cr_assert_eq(ld.report.rows, 13);
	cr_assert_eq(ld.entries.n, 13);
	clr__loader_dispose(&ld);
}
