/*
 * fuzz_aliases.c - libFuzzer target for the user's alias files: any input
 * must apply or fail cleanly against a small list, in strict (even first
 * byte) and lenient (odd) mode, without leaking.  A failed file leaves
 * every entry as it was; an applied one adds only user aliases, each with
 * its line, after the listed names, and each screens or fails cleanly.  The
 * tiny list is embedded so the target runs from any directory.  Its seed
 * corpus is fuzz/corpus/aliases/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/db.h"

/* Screening every alias of a big file would starve the fuzzer. */
#define MAX_SCREENED 16

static const char list_csv[] =
	"_id,source,type,name,alt_names,addresses\n"
	"al-el-nettrix,Entity List (EL) - Bureau of Industry and Security,,"
	    "\"Nettrix Information Industry (Beijing) Co., Ltd.\",Netrix,\"Beijing, CN\"\n"
	"al-el-baai,Entity List (EL) - Bureau of Industry and Security,,"
	    "Beijing Academy of Artificial Intelligence,BAAI; Zhiyuan Research Institute,"
	    "\"Beijing, CN\"\n"
	"al-el-inspur,Entity List (EL) - Bureau of Industry and Security,,"
	    "\"Inspur Electronic Information Industry Co., Ltd.\",Inspur Information,"
	    "\"Jinan, CN\"\n"
	"al-sdn-vtb,Specially Designated Nationals (SDN) - Treasury Department,Entity,"
	    "VTB BANK PJSC,VTB BANK; BANK VTB PAO,\"Moscow, RU\"\n";

#define NLISTED 4

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_aliases: %s: %s\n", what, msg ? msg : "");
	abort();
}

/* A db holding the embedded list, loaded from memory. */
static clr_db *list_db(void)
{
	clr_db *db;
	clr_loader ld;
	if (clr_db_new(&db) != 0)
		die("clr_db_new", NULL);
	if (clr__loader_init(&ld, "fuzz-list.csv", 0) != 0 ||
	    clr__parse_csl_csv(&ld, list_csv, sizeof(list_csv) - 1) != 0 ||
	    clr__db_adopt(db, &ld, CLR_FMT_CSL_CSV) != 0 || clr_db_entry_count(db) != NLISTED)
		die("the embedded list", ld.err.p);
	clr__loader_dispose(&ld);
	return db;
}

/* Checks entry e against the listed entry it replaced; returns its user aliases. */
static size_t check_entry(const clr_entry *e, const clr_entry *listed, size_t maxline)
{
	if (e == listed)
		return 0;
	if (strcmp(e->id, listed->id) || e->nnames <= listed->nnames || !e->name_origins)
		die("entry", "replaced without a user alias");
	if (memcmp(e->names, listed->names, listed->nnames * sizeof(clr_name)))
		die("entry", "listed names changed");
	for (size_t k = 0; k < e->nnames; k++) {
		const clr_name_origin *o = &e->name_origins[k];
		int user = k >= listed->nnames;
		if ((e->names[k].kind == CLR_NAME_USER_ALIAS) != user || (o->file != NULL) != user)
			die("entry", "a name's kind and origin disagree");
		if (user && (!o->line || o->line > maxline || !*e->names[k].name))
			die("entry", "a user alias without its line or name");
	}
	return e->nnames - listed->nnames;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size && (data[0] & 1) ? CLR_LOAD_LENIENT : 0;
	const clr_entry *listed[NLISTED];
	clr_db *db = list_db();
	for (size_t i = 0; i < NLISTED; i++)
		listed[i] = clr_db_entry(db, i);

	int rc = clr__db_aliases(db, "fuzz-input", (const char *)data, size, flags);
	if (rc < 0 && rc != CLR_EINPUT && rc != CLR_ELIMIT)
		die("clr__db_aliases", clr_db_errmsg(db));
	if (rc < 0 && !*clr_db_errmsg(db))
		die("clr__db_aliases", "an error without a message");
	size_t lines = 1, user = 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';
	for (size_t i = 0; i < NLISTED; i++)
		user += check_entry(clr_db_entry(db, i), listed[i], lines);
	if (clr_db_report_count(db) != (rc < 0 ? 1u : 2u))
		die("report", "one per applied file");
	if (rc < 0 ? user != 0 : clr_db_report(db, 1)->names != user)
		die("report", "names applied and names counted differ");

	clr_screener *s;
	if (rc == 0 && user && clr_screener_new(&s, db) == 0) {
		clr_screen_opts o;
		size_t n = 0;
		clr_screen_opts_init(&o);
		for (size_t i = 0; i < NLISTED && n < MAX_SCREENED; i++) {
			const clr_entry *e = clr_db_entry(db, i);
			for (size_t k = listed[i]->nnames; k < e->nnames && n < MAX_SCREENED; k++, n++) {
				clr_result *r = NULL;
				int src = clr_screen(s, &o, e->names[k].name, &r);
				if (src < 0 && src != CLR_EINPUT && src != CLR_ELIMIT)
					die("clr_screen", clr_screener_errmsg(s));
				clr_result_free(r);
			}
		}
		clr_screener_free(s);
	}
	clr_db_free(db);
	return 0;
}
