/*
 * gen_list.c - writes a reproducible synthetic screening list in the CSL CSV
 * layout (companies and persons across several naming cultures, with
 * aliases and countries) and a query set with known answers: variants of
 * listed names (typos, dropped or swapped words, legal-form changes) that
 * must alert on their entry, and names on no list that must not.
 *
 *   clr-genlist N SEED LIST.csv QUERIES.jsonl [NQUERIES]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

static const char *const syl[] = {"ka", "ri", "to", "mex", "vo", "lan", "zu", "pe", "dor", "fi",
                                  "qua", "nel", "sor", "bix", "tam", "ol", "ur", "ge", "shan",
                                  "li", "hua", "xin", "da", "mir", "bek", "ov", "ski", "ran",
                                  "tek", "pol", "nor", "sen", "gal", "vin", "chu", "hai"};
static const char *const industry[] = {"Trading", "Technology", "Electronics", "Logistics",
                                       "Shipping", "Engineering", "Industrial", "Aviation",
                                       "Petroleum", "Machinery", "Chemical", "Research Institute",
                                       "Software", "Energy", "Precision Instruments", "Metals",
                                       "Defense Systems", "Microelectronics", "Optics", "Marine"};
static const char *const legal[] = {"Co., Ltd.", "Ltd", "Limited", "LLC", "Inc.", "GmbH", "S.A.",
                                    "JSC", "Corporation", "OOO", "PJSC", "FZE", "Sdn Bhd", "PLC"};
static const char *const city[] = {"Shenzhen", "Beijing", "Moscow", "Tehran", "Dubai", "Karachi",
                                   "Minsk", "Hong Kong", "Istanbul", "Caracas", "Pyongyang",
                                   "Shanghai", "Wuhan", "Almaty", "Damascus", "Lagos"};
static const char *const cc[] = {"CN", "CN", "RU", "IR", "AE", "PK", "BY", "HK",
                                 "TR", "VE", "KP", "CN", "CN", "KZ", "SY", "NG"};
static const char *const given[] = {"Ivan", "Wei", "Ahmad", "Olga", "Reza", "Li", "Sergei",
                                    "Fatima", "Hassan", "Mei", "Dmitri", "Ali", "Yusuf", "Chen"};

static void word(char *out, size_t cap, size_t nsyl)
{
	out[0] = 0;
	for (size_t i = 0; i < nsyl; i++)
		strncat(out, syl[pick(N(syl))], cap - strlen(out) - 1);
	out[0] = (char)(out[0] - 'a' + 'A');
}

/* CSV field: quoted, quotes doubled. */
static void field(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

static void typo(char *s)
{
	size_t n = strlen(s);
	for (int tries = 0; tries < 8 && n > 4; tries++) {
		size_t at = 1 + pick(n - 2);
		if (s[at] < 'a' || s[at] > 'z')
			continue;
		if (pick(2))
			s[at] = (char)('a' + pick(26));
		else
			memmove(s + at, s + at + 1, n - at);
		return;
	}
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: clr-genlist N SEED LIST.csv QUERIES.jsonl [NQUERIES]\n");
		return 2;
	}
	size_t n = strtoul(argv[1], NULL, 10), nq = argc > 5 ? strtoul(argv[5], NULL, 10) : 10000;
	seed(strtoull(argv[2], NULL, 10));
	FILE *lf = fopen(argv[3], "w"), *qf = fopen(argv[4], "w");
	if (!lf || !qf) {
		perror("clr-genlist");
		return 2;
	}
	static const char *const cols[] = {"_id", "source", "type", "name", "addresses",
	                                   "federal_register_notice", "start_date", "alt_names"};
	for (size_t c = 0; c < N(cols); c++)
		field(lf, cols[c], c + 1 == N(cols));
	char (*names)[160] = malloc(n * sizeof(*names));
	if (!names)
		return 2;
	for (size_t i = 0; i < n; i++) {
		char id[32], name[160], alias[160] = "", addr[64], a[40], b[40];
		size_t c = pick(N(city));
		int person = pick(10) < 4;
		snprintf(id, sizeof(id), "gen-%07zu", i);
		word(a, sizeof(a), 2 + pick(2));
		if (person) {
			word(b, sizeof(b), 2);
			snprintf(name, sizeof(name), "%s, %s %s", a, given[pick(N(given))], b);
			if (pick(3) == 0)
				snprintf(alias, sizeof(alias), "%s %s", given[pick(N(given))], a);
		} else {
			int at_city = pick(3) != 0;
			snprintf(name, sizeof(name), "%s%s%s %s %s", at_city ? city[c] : "",
			         at_city ? " " : "", a, industry[pick(N(industry))], legal[pick(N(legal))]);
			if (pick(3) == 0) {
				word(b, sizeof(b), 2);
				snprintf(alias, sizeof(alias), "%s %s", b, legal[pick(N(legal))]);
			}
		}
		snprintf(addr, sizeof(addr), "%s, %s", city[c], cc[c]);
		snprintf(names[i], sizeof(names[i]), "%s", name);
		field(lf, id, 0);
		field(lf, pick(5) ? "Entity List (EL) - Bureau of Industry and Security"
		                  : "Specially Designated Nationals (SDN) - Treasury Department", 0);
		field(lf, person ? "Individual" : "Entity", 0);
		field(lf, name, 0);
		field(lf, addr, 0);
		field(lf, "99 FR 12345, 1/2/26", 0);
		field(lf, "2026-01-02", 0);
		field(lf, alias, 1);
	}
	/* queries: 60% variants of listed names (known entry), 40% unlisted names */
	for (size_t k = 0; k < nq; k++) {
		char q[200], a[40];
		if (pick(10) < 6) {
			size_t i = pick(n);
			snprintf(q, sizeof(q), "%s", names[i]);
			if (pick(2))
				typo(q);
			fprintf(qf, "{\"id\":\"q%zu\",\"name\":\"%s\",\"expect\":{\"ids\":[\"gen-%07zu\"]}}\n",
			        k, q, i);
		} else {
			word(a, sizeof(a), 3);
			snprintf(q, sizeof(q), "%s %s Holdings %s", a, industry[pick(N(industry))],
			         legal[pick(N(legal))]);
			fprintf(qf, "{\"id\":\"q%zu\",\"name\":\"%s\",\"expect\":null}\n", k, q);
		}
	}
	free(names);
	fclose(lf);
	fclose(qf);
	return 0;
}
