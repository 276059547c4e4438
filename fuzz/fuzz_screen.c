/*
 * fuzz_screen.c - libFuzzer target for screening: any input used as a query
 * screens or fails cleanly, and the candidate index loses no alert - the
 * indexed screen returns exactly the alerts (entries, scores, order) of an
 * exhaustive one, at the default threshold and at 0.5, and with evidence
 * beyond the name (a date of birth, a nationality, the input as an
 * identifier number: alerts and cleared names agree too).  Also compares the
 * input with a listed name.  The tiny list is embedded so the target runs
 * from any directory.  Its seed corpus is fuzz/corpus/screen/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clearance.h"

/* Inputs over the name limit are refused by clr_screen: cut them so that
 * the fuzzer spends its time on names that are screened. */
#define MAX_INPUT 1024

static const char list_csv[] =
	"_id,source,entity_number,type,programs,name,title,addresses,"
	    "federal_register_notice,start_date,end_date,standard_order,license_requirement,"
	    "license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,"
	    "vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,"
	    "dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
	"fz-el-1,Entity List (EL) - Bureau of Industry and Security,,,,"
	    "Beijing Academy of Artificial Intelligence,,\"Beijing, CN\",,,,,,,,,,,,,,,"
	    "BAAI; Zhiyuan Research Institute,,,,,,\n"
	"fz-el-2,Entity List (EL) - Bureau of Industry and Security,,,,"
	    "\"Huawei Technologies Co., Ltd. (Huawei)\",,\"Shenzhen, CN\",,,,,,,,,,,,,,,,,,,,"
	    ",\n"
	"fz-el-3,Entity List (EL) - Bureau of Industry and Security,,,,"
	    "\"Inspur Electronic Information Industry Co., Ltd.\",,\"Jinan, CN\",,,,,,,,,,,,,"
	    ",,Inspur Information; IEIT Systems Co. Ltd.,,,,,,\n"
	"fz-el-4,Entity List (EL) - Bureau of Industry and Security,,,,"
	    "Semiconductor Manufacturing International Corporation (SMIC),,\"Shanghai, CN\",,"
	    ",,,,,,,,,,,,,,,,,,,\n"
	"fz-sdn-1,Specially Designated Nationals (SDN) - Treasury Department,,Entity,"
	    "CUBA,BANCO NACIONAL DE CUBA,,\"Havana, CU\",,,,,,,,,,,,,,,"
	    "NATIONAL BANK OF CUBA; BNC,,,,,,\n"
	"fz-sdn-2,Specially Designated Nationals (SDN) - Treasury Department,,Individual,"
	    "SDGT,\"BIN LADIN, Usama bin Muhammad bin Awad\",,,,,,,,,,,,,,,,,\"BIN LADEN,"
	    " Osama; BIN LADIN, Usama\",,,,,,\n"
	"fz-sdn-3,Specially Designated Nationals (SDN) - Treasury Department,,Entity,"
	    "UKRAINE-EO13662,VTB BANK PJSC,,\"Moscow, RU\",,,,,,,,,,,,,,,"
	    "VTB BANK; BANK VTB PAO; ВТБ Банк,,,,,,\n"
	"fz-sdn-4,Specially Designated Nationals (SDN) - Treasury Department,,Individual,"
	    "RUSSIA-EO14024,\"ROMANOV, Sergei Ivanovich\",,\"Moscow, RU\",,,,,,,,,,,,,,,"
	    "Романов Сергей,,,,,,\n"
	"fz-sdn-5,Specially Designated Nationals (SDN) - Treasury Department,,Vessel,"
	    "IRAN,SAHAND,,,,,,,,,,,,,,,,,IRAN SAHAND,,,,,,\n"
	"fz-x-1,Entity List (EL) - Bureau of Industry and Security,,,,Some Listed Name,,,"
	    ",,,,,,,,,,,,,,Another Listed Name; S.L.N. Trading Co.,,,,,,\n"
	"fz-ev-1,SDN,,Individual,SDGT,\"KARIMOV, Rustam\",,\"Tashkent, UZ\",,,,,,,,,,,,,,,,,"
	    "1962-03-12,UZ,\"Samarkand, Uzbekistan\",,\"UZ, AA1234567, Passport\"\n"
	"fz-ev-2,SDN,,Individual,SDGT,\"KARIMOV, Rustam Ali\",,,,,,,,,,,,,,,,,,,circa 1985,KZ,,,"
	    "\"KZ, 0012345, National ID No.\"\n";

static clr_db *db;
static clr_screener *scr;

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_screen: %s: %s\n", what, msg ? msg : "");
	abort();
}

static void setup(void)
{
	char path[] = "/tmp/clr-fuzz-screen-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		die("mkstemp", path);
	size_t n = sizeof(list_csv) - 1;
	if (write(fd, list_csv, n) != (ssize_t)n)
		die("write", path);
	close(fd);
	if (clr_db_new(&db) != 0)
		die("clr_db_new", NULL);
	int rc = clr_db_load(db, path, 0);
	unlink(path);
	if (rc != 0)
		die("clr_db_load", clr_db_errmsg(db));
	if (clr_db_entry_count(db) == 0)
		die("clr_db_load", "no entries");
	if (clr_db_prepare(db) != 0)
		die("clr_db_prepare", clr_db_errmsg(db));
	if (clr_screener_new(&scr, db) != 0)
		die("clr_screener_new", NULL);
}

static void check_result(const clr_result *r)
{
	for (size_t k = 0; k < r->nalerts; k++) {
		const clr_alert *a = &r->alerts[k];
		if (!a->entry || a->name_index >= a->entry->nnames || !(a->score >= 0) ||
		    a->score > 1.0 + 1e-6 || (k && a->score > r->alerts[k - 1].score))
			die("alert", "entry, name index or score out of range or order");
		if (a->nmatches && !a->matches)
			die("alert", "matches missing");
	}
}

/* Screens q with the index and exhaustively; both must give one answer.
 * evidence: with a date of birth, a nationality and q as an identifier. */
static void screen_both(const char *q, double threshold, int evidence)
{
	clr_screen_opts o;
	clr_result *ri = NULL, *re = NULL;
	clr_screen_opts_init(&o);
	if (threshold > 0)
		o.threshold = threshold;
	char num[64];
	clr_query_id id = {NULL, num, NULL};
	if (evidence) {
		snprintf(num, sizeof(num), "%s", q);
		o.dob = "1962";
		o.nationality = "UZ";
		o.ids = &id;
		o.nids = 1;
	}
	int rci = clr_screen(scr, &o, q, &ri);
	o.exhaustive = 1;
	int rce = clr_screen(scr, &o, q, &re);
	if (rci != rce)
		die("index and exhaustive return codes differ", clr_screener_errmsg(scr));
	if (rci < 0) {
		if (rci != CLR_EINPUT && rci != CLR_ELIMIT && !(evidence && rci == CLR_EUSAGE))
			die("clr_screen", clr_screener_errmsg(scr));
		if (ri || re)
			die("clr_screen", "a result on error");
		return;
	}
	check_result(ri);
	check_result(re);
	if (ri->nalerts != re->nalerts || ri->ncleared != re->ncleared)
		die("index and exhaustive alert counts differ", q);
	for (size_t k = 0; k < ri->nalerts; k++)
		if (ri->alerts[k].entry != re->alerts[k].entry ||
		    ri->alerts[k].score != re->alerts[k].score)
			die("index and exhaustive alerts differ", q);
	clr_result_free(ri);
	clr_result_free(re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char q[MAX_INPUT + 1];
	if (!db)
		setup();
	if (size > MAX_INPUT)
		size = MAX_INPUT;
	memcpy(q, data, size);
	q[size] = '\0';

	screen_both(q, 0, 0);
	screen_both(q, 0.5, 0);
	screen_both(q, 0.5, 1);

	clr_result *r = NULL;
	int rc = clr_compare(scr, CLR_TYPE_UNKNOWN, q, "Some Listed Name", &r);
	if (rc < 0 && rc != CLR_EINPUT && rc != CLR_ELIMIT)
		die("clr_compare", clr_screener_errmsg(scr));
	if (rc == 0 && (r->nalerts != 1 || !(r->alerts[0].score >= 0) ||
	                r->alerts[0].score > 1.0 + 1e-6))
		die("clr_compare", "not one alert with a score in [0, 1]");
	clr_result_free(r);
	return 0;
}
