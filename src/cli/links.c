/*
 * links.c - `clearance links`: the parties the lists name more than once
 * (clr_db_listings: the same identifier, UN reference number, name and
 * date of birth, or name on the same list), how many, why, and the
 * UN-listed parties other lists carry; with --groups every party, for the
 * analyst who checks the links by hand (docs/lists.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define LINK_MAX 4096 /* listings of one party read */

static const char *const reasons[] = {"identifier", "un_reference", "name_and_date_of_birth",
                                      "name_on_same_list", "name_and_country"};
#define NREASONS (sizeof(reasons) / sizeof(reasons[0]))

static void json_str(const char *z)
{
	for (; z && *z; z++) {
		unsigned char ch = (unsigned char)*z;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
}

static size_t reason_of(const char *why)
{
	for (size_t k = 0; k < NREASONS; k++)
		if (!strcmp(why, reasons[k]))
			return k;
	return 0;
}

int cmd_links(int argc, char **argv)
{
	cli_common c = {0};
	int npos, groups = 0;
	const cli_opt opts[] = {{"--groups", NULL, &groups}, {NULL, NULL, NULL}};
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0)
		return EXIT_ERROR;
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	clr_listing *l = malloc(LINK_MAX * sizeof(*l));
	if (!l) {
		clr_db_free(db);
		return cli_err("out of memory");
	}
	size_t ne = clr_db_entry_count(db), parties = 0, linked = 0, across = 0, un = 0,
	       un_across = 0, by[NREASONS] = {0};
	if (c.json && groups)
		printf("{\"groups\":[");
	for (size_t i = 0; i < ne; i++) {
		const clr_entry *e = clr_db_entry(db, i);
		if (!e) {
			free(l);
			clr_db_free(db);
			return cli_err("%s", clr_db_errmsg(db));
		}
		size_t n = clr_db_listings(db, e->id, l, LINK_MAX);
		if (n > LINK_MAX)
			n = LINK_MAX;
		int other_list = 0, first = 1;
		for (size_t k = 0; k < n; k++) {
			other_list |= strcmp(l[k].entry->source, e->source) != 0;
			/* a party is counted at its entry of the least id */
			first &= strcmp(l[k].entry->id, e->id) > 0 ||
			         (!strcmp(l[k].entry->id, e->id) && l[k].entry > e);
		}
		if (!strcmp(e->source, "UN")) {
			un++;
			un_across += other_list;
		}
		if (!n)
			continue;
		linked++;
		if (!first)
			continue;
		parties++;
		across += other_list;
		for (size_t k = 0; k < n; k++)
			by[reason_of(l[k].linked_by)]++;
		if (!groups)
			continue;
		if (c.json) {
			printf("%s{\"entry_id\":\"%s\",\"source\":\"%s\",\"name\":\"", parties > 1 ? "," : "",
			       e->id, e->source);
			json_str(e->names[0].name);
			printf("\",\"listings\":[");
			for (size_t k = 0; k < n; k++) {
				printf("%s{\"entry_id\":\"%s\",\"source\":\"%s\",\"linked_by\":\"%s\",\"name\":\"",
				       k ? "," : "", l[k].entry->id, l[k].entry->source, l[k].linked_by);
				json_str(l[k].entry->names[0].name);
				printf("\"}");
			}
			printf("]}");
		} else {
			printf("%s %s  %s\n", e->source, e->id, e->names[0].name);
			for (size_t k = 0; k < n; k++)
				printf("  %-4s %s  %s  [%s]\n", l[k].entry->source, l[k].entry->id,
				       l[k].entry->names[0].name, l[k].linked_by);
		}
	}
	if (c.json) {
		printf("%s\"parties\":%zu,\"entries\":%zu,\"across_lists\":%zu,\"linked_by\":{",
		       groups ? "]," : "{", parties, linked, across);
		for (size_t k = 0; k < NREASONS; k++)
			printf("%s\"%s\":%zu", k ? "," : "", reasons[k], by[k]);
		printf("},\"un\":{\"entries\":%zu,\"linked_across_lists\":%zu}}\n", un, un_across);
	} else {
		printf("%sparties listed more than once: %zu (%zu entries), %zu of them on more than "
		       "one list\n", groups ? "\n" : "", parties, linked, across);
		printf("entries linked by:");
		for (size_t k = 0; k < NREASONS; k++)
			printf(" %s %zu%s", reasons[k], by[k], k + 1 < NREASONS ? "," : "\n");
		printf("UN entries: %zu, linked to another list: %zu\n", un, un_across);
	}
	free(l);
	clr_db_free(db);
	return EXIT_CLEAR;
}
