/* test_aliases.c - the user's alias files: applied names screen like listed
 * aliases and alerts say user_alias with their file and line; bad rows
 * refused with file, line and field (nothing applied) or skipped and
 * reported; repeats added once; the limits; a compiled index holds them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lists/db.h"

#define FIX(p) CLR_FIXTURES "/aliases/" p

#define NETTRIX_HAN "\xe5\xae\x81\xe7\x95\x85\xe4\xbf\xa1\xe6\x81\xaf\xe4\xba\xa7\xe4\xb8\x9a" \
	"(\xe5\x8c\x97\xe4\xba\xac)\xe6\x9c\x89\xe9\x99\x90\xe5\x85\xac\xe5\x8f\xb8"
#define NINGCHANG "\xe5\xae\x81\xe7\x95\x85"                     /* 宁畅 */
#define ZHIYUAN "\xe5\x8c\x97\xe4\xba\xac\xe6\x99\xba\xe6\xba\x90" /* 北京智源 */

static clr_db *db;

/* A db with the fixture list only. */
static void setup(void)
{
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_db_load(db, FIX("list.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_entry_count(db), 4);
}

static void teardown(void)
{
	clr_db_free(db);
}

/* How many names of entry id have kind CLR_NAME_USER_ALIAS. */
static size_t user_aliases(const char *id)
{
	const clr_entry *e = clr_db_find(db, id);
	size_t n = 0;
	cr_assert(e, "no entry %s", id);
	for (size_t i = 0; i < e->nnames; i++)
		n += e->names[i].kind == CLR_NAME_USER_ALIAS;
	return n;
}

static size_t all_user_aliases(void)
{
	static const char *const ids[] = {"al-el-nettrix", "al-el-baai", "al-el-inspur",
	                                  "al-sdn-vtb"};
	size_t n = 0;
	for (size_t i = 0; i < 4; i++)
		n += user_aliases(ids[i]);
	return n;
}

/* Index of the name z of entry e, or -1. */
static int name_at(const clr_entry *e, const char *z)
{
	for (size_t i = 0; i < e->nnames; i++)
		if (!strcmp(e->names[i].name, z))
			return (int)i;
	return -1;
}

/* The best alert of screening name (asserted to exist); *r freed by the caller. */
static const clr_alert *top(clr_db *d, const char *name, clr_result **r)
{
	clr_screener *s;
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	cr_assert_eq(clr_screener_new(&s, d), 0);
	cr_assert_eq(clr_screen(s, &o, name, r), 0, "%s", clr_screener_errmsg(s));
	clr_screener_free(s);
	cr_assert_geq((*r)->nalerts, 1, "no alert for '%s'", name);
	return &(*r)->alerts[0];
}

static int load_mem(const char *path, const char *text, unsigned flags)
{
	return clr__db_aliases(db, path, text, strlen(text), flags);
}

TestSuite(aliases, .init = setup, .fini = teardown);

Test(aliases, applied_names_screen_as_user_aliases)
{
	cr_assert_eq(clr_db_load_aliases(db, FIX("good.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_report_count(db), 2);
	const clr_file_report *r = clr_db_report(db, 1);
	cr_expect_str_eq(r->path, FIX("good.csv"));
	cr_expect_str_eq(r->format, "aliases");
	cr_expect_eq(r->rows, 5);
	cr_expect_eq(r->entries, 0);
	cr_expect_eq(r->names, 5);
	cr_expect_eq(r->skipped, 0);
	cr_expect_eq(r->nmessages, 0);

	/* found before any prepare: the id map is built for the aliases */
	const clr_entry *e = clr_db_find(db, "al-el-nettrix");
	cr_assert(e);
	cr_assert_eq(e->nnames, 4, "primary, alt name, two user aliases");
	cr_expect_eq(e->names[0].kind, CLR_NAME_PRIMARY);
	cr_expect_str_eq(e->names[2].name, NETTRIX_HAN);
	cr_expect_eq(e->names[2].kind, CLR_NAME_USER_ALIAS);
	cr_expect_str_eq(e->names[3].name, NINGCHANG);
	cr_assert(e->name_origins);
	cr_expect_null(e->name_origins[0].file);
	cr_expect_null(e->name_origins[1].file);
	cr_expect_str_eq(e->name_origins[2].file, FIX("good.csv"));
	cr_expect_eq(e->name_origins[2].line, 2);
	cr_expect_eq(e->name_origins[3].line, 3);
	cr_expect_str_eq(e->file, FIX("list.csv"), "the entry is still the list's");
	cr_expect_eq(e->line, 2);
	cr_expect_str_eq(clr_name_kind_name(CLR_NAME_USER_ALIAS), "user_alias");

	clr_result *res;
	const clr_alert *a = top(db, NETTRIX_HAN, &res);
	cr_expect_str_eq(a->entry->id, "al-el-nettrix");
	cr_expect_eq(a->entry->names[a->name_index].kind, CLR_NAME_USER_ALIAS);
	cr_expect_str_eq(a->entry->names[a->name_index].name, NETTRIX_HAN);
	cr_expect_eq(a->entry->name_origins[a->name_index].line, 2);
	cr_expect_float_eq(a->score, 1.0, 1e-9);
	char *js;
	cr_assert_eq(clr_result_alerts_json(res, &js), 0);
	cr_expect(strstr(js, "\"matched_name_kind\":\"user_alias\"") != NULL, "%s", js);
	free(js);
	clr_result_free(res);

	/* a listed name still matches as listed */
	a = top(db, "Beijing Academy of Artificial Intelligence", &res);
	cr_expect_str_eq(a->entry->id, "al-el-baai");
	cr_expect_eq(a->entry->names[a->name_index].kind, CLR_NAME_PRIMARY);
	clr_result_free(res);
	a = top(db, ZHIYUAN "\xe4\xba\xba\xe5\xb7\xa5\xe6\x99\xba\xe8\x83\xbd\xe7\xa0\x94\xe7\xa9\xb6"
	            "\xe9\x99\xa2", &res);
	cr_expect_str_eq(a->entry->id, "al-el-baai");
	cr_expect_eq(a->entry->names[a->name_index].kind, CLR_NAME_USER_ALIAS);
	clr_result_free(res);
}

Test(aliases, entries_are_replaced_not_written)
{
	cr_assert_eq(clr_db_prepare(db), 0);
	const clr_entry *before = clr_db_find(db, "al-el-nettrix");
	const clr_name *names = before->names;
	cr_assert_eq(before->nnames, 2);
	clr_result *res;
	const clr_alert *a = top(db, "Nettrix Information Industry", &res);
	cr_expect_eq(a->entry, before);
	clr_result_free(res);

	/* after the first screen: the index is rebuilt on the next one */
	cr_assert_eq(clr_db_load_aliases(db, FIX("good.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_expect_eq(before->nnames, 2, "the old entry keeps its names");
	cr_expect_eq(before->names, names);
	cr_expect_null(before->name_origins);
	const clr_entry *after = clr_db_find(db, "al-el-nettrix");
	cr_expect_neq(after, before);
	cr_expect_eq(after->nnames, 4);
	cr_expect_eq(memcmp(after->names, names, 2 * sizeof(clr_name)), 0);
	a = top(db, NINGCHANG, &res);
	cr_expect_eq(a->entry, after);
	clr_result_free(res);
}

Test(aliases, bom_crlf_any_column_order)
{
	cr_assert_eq(clr_db_load_aliases(db, FIX("bom-crlf.csv"), 0), 0, "%s", clr_db_errmsg(db));
	const clr_entry *e = clr_db_find(db, "al-el-nettrix");
	cr_assert_eq(e->nnames, 4);
	cr_expect_str_eq(e->names[2].name, "Nettrix Information Industry, Beijing");
	cr_expect_eq(e->name_origins[2].line, 2);
	cr_expect_str_eq(e->names[3].name, "\xe5\xae\x81\xe7\x95\x85\xe7\xa7\x91\xe6\x8a\x80",
	                 "trimmed");
	cr_expect_eq(e->name_origins[3].line, 4, "after the blank line");
	cr_expect_null(clr_db_find(db, "al-el-baai")->name_origins, "given none");
	cr_expect_eq(clr_db_report(db, 1)->rows, 2);
}

/* Each bad fixture: the error, its line, its field; the good rows around it. */
static const struct bad_case {
	const char *file;
	int rc;
	const char *where, *field;
	size_t good; /* rows applied in lenient mode */
} bad[] = {
	{"bad-unknown-id.csv", CLR_EINPUT, "bad-unknown-id.csv:3: ", "field 'entry_id'", 2},
	{"bad-empty-name.csv", CLR_EINPUT, "bad-empty-name.csv:2: ", "field 'name'", 1},
	{"bad-empty-id.csv", CLR_EINPUT, "bad-empty-id.csv:2: ", "field 'entry_id'", 1},
	{"bad-utf8.csv", CLR_EINPUT, "bad-utf8.csv:4: ", "field 'name'", 2},
	{"bad-long-name.csv", CLR_ELIMIT, "bad-long-name.csv:3: ", "field 'name'", 2},
	{"bad-quote.csv", CLR_EINPUT, "bad-quote.csv:3: ", "field 'name'", 2},
	{"bad-columns.csv", CLR_EINPUT, "bad-columns.csv:3: ", "expected 3", 2},
};

Test(aliases, strict_errors_name_file_line_field)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/aliases/%s", CLR_FIXTURES, bad[i].file);
		const clr_entry *before = clr_db_entry(db, 0);
		int rc = clr_db_load_aliases(db, path, 0);
		const char *msg = clr_db_errmsg(db);
		cr_expect_eq(rc, bad[i].rc, "%s: rc %d (%s)", bad[i].file, rc, msg);
		cr_expect(strstr(msg, bad[i].where) != NULL, "'%s' does not name '%s'", msg,
		          bad[i].where);
		cr_expect(strstr(msg, bad[i].field) != NULL, "'%s' does not name '%s'", msg,
		          bad[i].field);
		/* nothing of the file: no name, no report, the same entries */
		cr_expect_eq(all_user_aliases(), 0, "%s", bad[i].file);
		cr_expect_eq(clr_db_report_count(db), 1, "%s", bad[i].file);
		cr_expect_eq(clr_db_entry(db, 0), before);
	}
}

Test(aliases, lenient_applies_good_rows_reports_bad)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char path[1024], want[1100];
		clr_db_free(db);
		setup();
		snprintf(path, sizeof(path), "%s/aliases/%s", CLR_FIXTURES, bad[i].file);
		int rc = clr_db_load_aliases(db, path, CLR_LOAD_LENIENT);
		cr_assert_eq(rc, 0, "%s: %s", bad[i].file, clr_db_errmsg(db));
		cr_assert_eq(clr_db_report_count(db), 2);
		const clr_file_report *r = clr_db_report(db, 1);
		cr_expect_str_eq(r->format, "aliases");
		cr_expect_eq(r->skipped, 1, "%s", bad[i].file);
		cr_expect_eq(r->names, bad[i].good, "%s", bad[i].file);
		cr_expect_eq(r->rows, bad[i].good + 1, "%s", bad[i].file);
		cr_expect_eq(all_user_aliases(), bad[i].good, "%s", bad[i].file);
		cr_assert_eq(r->nmessages, 1, "%s", bad[i].file);
		snprintf(want, sizeof(want), "skipped: %s", path);
		cr_expect(strstr(r->messages[0], want) != NULL, "%s", r->messages[0]);
		cr_expect(strstr(r->messages[0], bad[i].where) != NULL, "%s", r->messages[0]);
	}
}

Test(aliases, missing_column_fails_in_both_modes)
{
	for (unsigned flags = 0; flags <= CLR_LOAD_LENIENT; flags += CLR_LOAD_LENIENT) {
		int rc = clr_db_load_aliases(db, FIX("bad-missing-column.csv"), flags);
		cr_expect_eq(rc, CLR_EINPUT);
		cr_expect(strstr(clr_db_errmsg(db), "bad-missing-column.csv:1: field 'name'") != NULL,
		          "%s", clr_db_errmsg(db));
		cr_expect_eq(clr_db_report_count(db), 1);
	}
	cr_expect_eq(load_mem("mem/empty.csv", "", CLR_LOAD_LENIENT), CLR_EINPUT);
	cr_expect(strstr(clr_db_errmsg(db), "mem/empty.csv:1: field 'entry_id': no header row"),
	          "%s", clr_db_errmsg(db));
	cr_expect_eq(load_mem("mem/header.csv", "name,entry_id\n", 0), 0, "a header alone is fine");
	cr_expect_eq(clr_db_report(db, 1)->rows, 0);
}

Test(aliases, repeats_are_added_once)
{
	cr_assert_eq(clr_db_load_aliases(db, FIX("duplicates.csv"), 0), 0, "%s", clr_db_errmsg(db));
	const clr_file_report *r = clr_db_report(db, 1);
	cr_expect_eq(r->rows, 5);
	cr_expect_eq(r->header_repeats, 1);
	cr_expect_eq(r->names, 2);
	cr_expect_eq(r->skipped, 0, "a repeat is no bad row");
	cr_assert_eq(r->nmessages, 3, "each repeat is reported");
	cr_expect(strstr(r->messages[0], "duplicates.csv:3: ") && strstr(r->messages[0], "added once"),
	          "%s", r->messages[0]);
	cr_expect(strstr(r->messages[1], "duplicates.csv:4: 'BAAI' is already a name"), "%s",
	          r->messages[1]);
	cr_expect(strstr(r->messages[2], "duplicates.csv:7: "), "%s", r->messages[2]);
	cr_expect_eq(user_aliases("al-el-nettrix"), 1);
	cr_expect_eq(user_aliases("al-el-baai"), 1);
	const clr_entry *e = clr_db_find(db, "al-el-baai");
	int k = name_at(e, ZHIYUAN);
	cr_assert_geq(k, 0);
	cr_expect_eq(e->name_origins[k].line, 5, "the first row is the one applied");
	cr_expect_eq(e->names[name_at(e, "BAAI")].kind, CLR_NAME_ALIAS, "the listed one stays");

	/* and across files: good.csv repeats 宁畅 */
	cr_assert_eq(clr_db_load_aliases(db, FIX("good.csv"), 0), 0, "%s", clr_db_errmsg(db));
	r = clr_db_report(db, 2);
	cr_expect_eq(r->names, 4);
	cr_expect_eq(r->nmessages, 1);
	cr_expect_eq(user_aliases("al-el-nettrix"), 2);
	e = clr_db_find(db, "al-el-nettrix");
	k = name_at(e, NINGCHANG);
	cr_expect_str_eq(e->name_origins[k].file, FIX("duplicates.csv"));

	/* the same file again adds nothing */
	cr_assert_eq(clr_db_load_aliases(db, FIX("good.csv"), 0), 0);
	cr_expect_eq(clr_db_report(db, 3)->names, 0);
	cr_expect_eq(clr_db_report(db, 3)->nmessages, 5);
	cr_expect_eq(all_user_aliases(), 6);
}

Test(aliases, unknown_entry)
{
	int rc = load_mem("mem/a.csv", "entry_id,name\nAL-EL-NETTRIX,x\n", 0);
	cr_expect_eq(rc, CLR_EINPUT, "ids are exact");
	cr_expect(strstr(clr_db_errmsg(db), "mem/a.csv:2: field 'entry_id': no loaded entry has "
	                                    "the id 'AL-EL-NETTRIX'"), "%s", clr_db_errmsg(db));

	/* aliases before the lists: every row names an unknown entry */
	clr_db *empty;
	cr_assert_eq(clr_db_new(&empty), 0);
	cr_expect_eq(clr_db_load_aliases(empty, FIX("good.csv"), 0), CLR_EINPUT);
	cr_expect(strstr(clr_db_errmsg(empty), "good.csv:2: field 'entry_id'"), "%s",
	          clr_db_errmsg(empty));
	cr_expect_eq(clr_db_load_aliases(empty, FIX("good.csv"), CLR_LOAD_LENIENT), 0);
	cr_expect_eq(clr_db_report(empty, 0)->skipped, 5);
	cr_expect_eq(clr_db_report(empty, 0)->names, 0);
	clr_db_free(empty);

	cr_expect_eq(clr_db_load_aliases(NULL, FIX("good.csv"), 0), CLR_EUSAGE);
	cr_expect_eq(clr_db_load_aliases(db, NULL, 0), CLR_EUSAGE);
	cr_expect_eq(clr_db_load_aliases(db, FIX("absent.csv"), 0), CLR_EIO);
	cr_expect(strstr(clr_db_errmsg(db), "absent.csv"), "%s", clr_db_errmsg(db));
}

/* n rows "entry,<prefix> k" after a header. */
static char *many(const char *entry, const char *prefix, size_t n)
{
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "entry_id,name\n"), 0);
	for (size_t k = 0; k < n; k++)
		cr_assert_eq(clr__buf_printf(&b, "%s,%s %zu\n", entry, prefix, k), 0);
	return clr__buf_detach(&b);
}

Test(aliases, limits)
{
	char *z = many("al-el-inspur", "Inspur trading name", CLR_MAX_ALIASES_PER_ENTRY + 1);
	cr_expect_eq(load_mem("mem/many.csv", z, 0), CLR_ELIMIT);
	char want[64];
	snprintf(want, sizeof(want), "mem/many.csv:%u: field 'name'", CLR_MAX_ALIASES_PER_ENTRY + 2);
	cr_expect(strstr(clr_db_errmsg(db), want), "%s", clr_db_errmsg(db));
	cr_expect_eq(all_user_aliases(), 0);
	cr_assert_eq(load_mem("mem/many.csv", z, CLR_LOAD_LENIENT), 0);
	cr_expect_eq(user_aliases("al-el-inspur"), CLR_MAX_ALIASES_PER_ENTRY);
	cr_expect_eq(clr_db_report(db, 1)->skipped, 1);
	free(z);

	/* the limit counts the aliases of earlier files */
	z = many("al-el-baai", "BAAI name", 200);
	cr_assert_eq(load_mem("mem/200.csv", z, 0), 0, "%s", clr_db_errmsg(db));
	free(z);
	z = many("al-el-baai", "BAAI other name", 100);
	cr_expect_eq(load_mem("mem/100.csv", z, 0), CLR_ELIMIT);
	cr_expect(strstr(clr_db_errmsg(db), "mem/100.csv:58: "), "%s", clr_db_errmsg(db));
	free(z);
	cr_expect_eq(user_aliases("al-el-baai"), 200);

	/* one alias over the length limit, one at it */
	clr_buf b = {0};
	cr_assert_eq(clr__buf_puts(&b, "entry_id,name\nal-sdn-vtb,"), 0);
	for (size_t k = 0; k < CLR_MAX_ALIAS_BYTES; k++)
		cr_assert_eq(clr__buf_putc(&b, 'V'), 0);
	cr_assert_eq(load_mem("mem/long.csv", b.p, 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr__buf_puts(&b, "V\n"), 0);
	cr_expect_eq(load_mem("mem/long.csv", b.p, 0), CLR_ELIMIT);
	clr__buf_free(&b);
}

Test(aliases, compiled_index_holds_them)
{
	char path[] = "/tmp/clr-test-aliases-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(clr_db_load_aliases(db, FIX("good.csv"), 0), 0, "%s", clr_db_errmsg(db));
	cr_assert_eq(clr_db_write_index(db, path), 0, "%s", clr_db_errmsg(db));

	clr_db *ix;
	cr_assert_eq(clr_db_new(&ix), 0);
	cr_assert_eq(clr_db_open_index(ix, path), 0, "%s", clr_db_errmsg(ix));
	unlink(path);
	cr_expect_eq(clr_db_verify_index(ix), 0, "%s", clr_db_errmsg(ix));
	cr_expect_eq(clr_db_report_count(ix), 2);
	cr_expect_str_eq(clr_db_report(ix, 1)->format, "aliases");
	const clr_entry *e = clr_db_find(ix, "al-el-nettrix");
	cr_assert(e);
	cr_expect_eq(e->nnames, 4);
	cr_expect_geq(name_at(e, NETTRIX_HAN), 0);

	clr_result *res;
	const clr_alert *a = top(ix, NETTRIX_HAN, &res);
	cr_expect_str_eq(a->entry->id, "al-el-nettrix");
	cr_expect_str_eq(a->entry->names[a->name_index].name, NETTRIX_HAN);
	cr_expect_float_eq(a->score, 1.0, 1e-9);
	clr_result_free(res);

	/* an opened index takes no more aliases */
	cr_expect_eq(clr_db_load_aliases(ix, FIX("good.csv"), 0), CLR_EUSAGE);
	cr_expect(strstr(clr_db_errmsg(ix), "compiled index"), "%s", clr_db_errmsg(ix));
	clr_db_free(ix);
}
