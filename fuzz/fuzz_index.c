/*
 * fuzz_index.c - libFuzzer target for the compiled index reader: any bytes
 * opened as a FILE.clx are refused cleanly or, when accepted, screen and
 * decode entries without fault.  Each input is opened twice: as written
 * (the checksum refuses nearly every mutation) and with the checksum
 * recomputed instead of compared, so that the structural checks of
 * clr_db_verify_index() meet the mutations; an input that verifies is
 * screened and its entries decoded.  The first call also builds a fresh
 * index from a tiny embedded list and requires it to open and verify, so
 * that the replay exercises the current format even when the seed corpus
 * (fuzz/corpus/index/) was written by an older one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clearance.h"
#include "clx/clx.h"

static const char list_csv[] =
	"_id,source,type,name,addresses,federal_register_notice,start_date,alt_names\n"
	"fz-1,Entity List (EL) - Bureau of Industry and Security,Entity,"
	"\"Huawei Technologies Co., Ltd.\",\"Shenzhen, CN\",\"84 FR 22963, 5/21/19\",2019-05-16,"
	"Huawei; Futurewei\n"
	"fz-2,Specially Designated Nationals (SDN) - Treasury Department,Individual,"
	"\"BIN LADIN, Usama\",,,,\"BIN LADEN, Osama\"\n"
	"fz-3,Entity List (EL) - Bureau of Industry and Security,Entity,"
	"Beijing Academy of Artificial Intelligence,\"Beijing, CN\",\"90 FR 14048, 3/28/25\","
	"2025-03-25,BAAI\n";

static const char *const queries[] = {"Huawei Technologies", "Usama bin Ladin", "BAAI",
                                      "Beijing Academy of Artifical Inteligence"};

/* Opens data as an index; when it verifies, screens and decodes. 1 when
 * it was accepted. */
static int exercise(const uint8_t *data, size_t size, int skip_checksum)
{
	clr_db *db;
	int ok = 0;
	if (clr_db_new(&db))
		return 0;
	if (clr__clx_open_mem(db, data, size, skip_checksum) == 0 && clr_db_verify_index(db) == 0) {
		ok = 1;
		clr_screener *s;
		if (clr_screener_new(&s, db) == 0) {
			for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++) {
				clr_result *r;
				if (clr_screen(s, NULL, queries[q], &r) == 0)
					clr_result_free(r);
			}
			clr_screener_free(s);
		}
		for (size_t i = 0; i < clr_db_entry_count(db) && i < 64; i++) {
			const clr_entry *e = clr_db_entry(db, i);
			if (e && clr_db_find(db, e->id) == NULL)
				abort(); /* every decoded entry is found by its id */
		}
	}
	clr_db_free(db);
	return ok;
}

static void fresh_index(void)
{
	char dir[] = "/tmp/clr-fuzz-index-XXXXXX", csv[64], clx[64];
	if (!mkdtemp(dir))
		abort();
	snprintf(csv, sizeof(csv), "%s/l.csv", dir);
	snprintf(clx, sizeof(clx), "%s/l.clx", dir);
	FILE *f = fopen(csv, "w");
	if (!f || fputs(list_csv, f) < 0 || fclose(f))
		abort();
	clr_db *db;
	if (clr_db_new(&db) || clr_db_load(db, csv, 0) || clr_db_write_index(db, clx))
		abort();
	clr_db_free(db);
	f = fopen(clx, "rb");
	static uint8_t buf[1 << 20];
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	unlink(csv);
	unlink(clx);
	rmdir(dir);
	if (!n || !exercise(buf, n, 0))
		abort(); /* a fresh index must open, verify and screen */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	if (!once) {
		once = 1;
		fresh_index();
	}
	exercise(data, size, 0);
	exercise(data, size, 1);
	return 0;
}
