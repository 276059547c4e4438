/*
 * fuzz_ear.c - libFuzzer target for the EAR tables (data/rules/ear): the
 * first byte picks which table the rest is read as (country-chart,
 * territories, ccl with a tiny ccl-entries, country-groups, part-746,
 * embargoes, license-exceptions); the other tables are tiny valid ones
 * embedded here, so that an accepted input loads a complete set, and then
 * decides a few transactions.  Any input must load or fail cleanly with a
 * message naming the file, never crash, hang or leak.  Its seed corpus is
 * fuzz/corpus/ear/ (a first byte, then the head of a real table).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ear/ear.h"

static const char *const names[] = {
	"country-chart-2026-09-01.tsv", "territories-2026-07-23.tsv", "ccl-2026-07-23.tsv",
	"ccl-entries-2026-07-23.tsv", "country-groups-2026-07-23.tsv", "part-746-2026-09-24.tsv",
	"embargoes-2025-01-01.tsv", "license-exceptions-2026-07-23.tsv"};

static const char *const tiny[] = {
	"# in force from: 2025-09-30\n"
	"iso2\tcountry\tCB1\tCB2\tCB3\tNP1\tNP2\tNS1\tNS2\tMT1\tRS1\tRS2\tFC1\tCC1\tCC2\tCC3\tAT1\t"
	"AT2\tfootnotes\tpart746\n"
	"CN\tChina\tX\tX\tX\tX\t-\tX\tX\tX\tX\tX\t-\tX\t-\tX\t-\t-\t-\t-\n"
	"DE\tGermany\tX\t-\t-\t-\t-\tX\t-\tX\tX\t-\t-\t-\t-\t-\t-\t-\t3\t-\n"
	"CU\tCuba\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tSee part 746\n",
	"# in force from: 2026-07-23\nname\tiso2\trow_iso2\tbasis\nhong kong\tHK\tCN\t85 FR 83788\n",
	"# in force from: 2026-07-23\neccn\tn\tcontrol\tchart\n"
	"3A090\t1\tRS applies to 3A090.a\tTo or within any destination worldwide.\n"
	"3A001\t1\tNS applies to entire entry\tNS Column 2.\n",
	"# in force from: 2026-07-23\neccn\treasons\tlvs\tgbs\tsta\tsta_conditions\tparagraphs\t"
	"heading\n3A001\tNS\t$1500\tN/A\t-\t-\ta,b\tElectronic items\n3A090\tRS\tN/A\tN/A\t-\t-\t-\tICs\n",
	"# in force from: 2026-07-23\niso2\tgroups\nCN\tD:1,D:5\nDE\tA:1,B\nCU\tE:1\n",
	"# in force from: 2026-09-24\nkind\tkey\tvalue\tcitation\nhts\tsupp4\t841720\t-\n"
	"meu_eccn\t3A991\t-\t-\nmeu_dest\tCN\t-\t-\nun_arms\tIR\t-\t-\n",
	"# in force from: 1996-03-25\ndestination\tfrom\tto\tapplies\texcept\tpolicy\texceptions\t"
	"citation\twhy\nCU\t1996-03-25\t\tall\t-\tGeneral policy of denial\tTMP\t15 CFR 746.2(a)\t-\n",
	"# in force from: 2026-07-23\nsymbol\tsection\ttitle\nTMP\t740.9\tTemporary\n"};

#define NT 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t which = data[0] % NT;
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	const char *texts[NT];
	size_t lens[NT];
	for (size_t i = 0; i < NT; i++) {
		texts[i] = i == which ? text : tiny[i];
		lens[i] = i == which ? size - 1 : strlen(tiny[i]);
	}
	clr_buf err = {0};
	clr_ear *e = NULL;
	int rc = clr__ear_load_mem(&e, names, texts, lens, NT, &err);
	if (rc < 0 && (!err.p || !*err.p)) {
		fprintf(stderr, "fuzz_ear: failure without a message\n");
		abort();
	}
	if (rc == 0) {
		static const char *const dests[] = {"CN", "DE", "CU", "Hong Kong", "Crimea", "XX"};
		static const char *const eccns[] = {"3A090", "3A001", "EAR99", "9Z999"};
		for (size_t d = 0; d < 6; d++)
			for (size_t k = 0; k < 4; k++) {
				clr_ear_item it = {0, eccns[k], k == 0 ? "3A090.a" : NULL,
				                   k == 2 ? "841720" : NULL, -1};
				clr_ear_out out = {json_array(), json_array(), json_array(), json_array(),
				                   0, 0};
				(void)clr__ear_decide(e, 20261001, dests[d], &it, 1, EAR_USE_UNKNOWN,
				                      EAR_USER_UNKNOWN, &out);
				json_decref(out.reasons);
				json_decref(out.questions);
				json_decref(out.exceptions);
				json_decref(out.notes);
			}
	}
	clr__ear_free(e);
	clr__buf_free(&err);
	free(text);
	return 0;
}
