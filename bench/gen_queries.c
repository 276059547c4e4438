/*
 * gen_queries.c - writes a reproducible benchmark query set: realistic
 * variants of the names of an evaluation file (typos, dropped and swapped
 * words, legal-form changes, case noise) mixed with synthetic company and
 * person names that are on no list.  Every query is generated afresh, so a
 * screener's caches only see the repetition real customer files have.
 *
 *   clr-benchgen EVAL.jsonl N SEED > queries.jsonl
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rng.h"

static const char *const legal[] = {"Co., Ltd.", "Ltd", "Limited", "LLC", "Inc.", "GmbH",
                                    "S.A.", "JSC", "Corp.", "Company Limited", "OOO", "PLC"};
static const char *const industry[] = {"Trading", "Technology", "Electronics", "Logistics",
                                       "Shipping", "Engineering", "Industrial", "Bakery",
                                       "Textiles", "Consulting", "Machinery", "Foods",
                                       "Software", "Energy", "Precision Tools", "Apparel"};
static const char *const places[] = {"Shenzhen", "Hamburg", "Dubai", "Ohio", "Lagos", "Osaka",
                                     "Lyon", "Calgary", "Leeds", "Pune", "Dalian", "Busan"};
static const char *const syl[] = {"ka", "ri", "to", "mex", "vo", "lan", "zu", "pe", "dor",
                                  "fi", "qua", "nel", "sor", "bix", "tam", "ol", "ur", "ge"};
static const char *const given[] = {"Anna", "Pedro", "Wei", "Olga", "Ahmed", "John", "Maria",
                                    "Kenji", "Fatima", "Ivan", "Grace", "Luca"};

static void word(char *out, size_t cap)
{
	size_t n = 2 + pick(2);
	out[0] = 0;
	for (size_t i = 0; i < n; i++)
		strncat(out, syl[pick(sizeof(syl) / sizeof(*syl))], cap - strlen(out) - 1);
	out[0] = (char)toupper((unsigned char)out[0]);
}

static void synthetic(char *out, size_t cap)
{
	char w[32], w2[32];
	word(w, sizeof(w));
	switch (pick(3)) {
	case 0:
		snprintf(out, cap, "%s %s %s", w, industry[pick(16)], legal[pick(12)]);
		break;
	case 1:
		snprintf(out, cap, "%s %s %s %s", places[pick(12)], w, industry[pick(16)],
		         legal[pick(12)]);
		break;
	default:
		word(w2, sizeof(w2));
		snprintf(out, cap, "%s %s %s", given[pick(12)], w, w2);
		break;
	}
}

/* One random edit of a random word of at least four letters. */
static void typo(char *s)
{
	size_t n = strlen(s), tries = 0;
	while (tries++ < 8) {
		size_t at = pick(n ? n : 1);
		if (!isalpha((unsigned char)s[at]))
			continue;
		switch (pick(4)) {
		case 0: s[at] = (char)('a' + pick(26)); return;
		case 1: memmove(s + at, s + at + 1, n - at); return;
		case 2:
			if (at + 1 < n && isalpha((unsigned char)s[at + 1])) {
				char t = s[at];
				s[at] = s[at + 1];
				s[at + 1] = t;
			}
			return;
		default:
			memmove(s + at + 1, s + at, n - at + 1);
			s[at] = (char)('a' + pick(26));
			return;
		}
	}
}

/* Drops or swaps words, or changes case. */
static void words(char *s, size_t cap)
{
	char *tok[64];
	char buf[1024];
	size_t n = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *t = strtok(buf, " "); t && n < 64; t = strtok(NULL, " "))
		tok[n++] = t;
	if (n < 2)
		return;
	int op = (int)pick(3);
	if (op == 0 && n >= 3) {
		size_t d = pick(n);
		memmove(tok + d, tok + d + 1, (n - d - 1) * sizeof(*tok));
		n--;
	} else if (op == 1) {
		size_t a = pick(n), b = pick(n);
		char *t = tok[a];
		tok[a] = tok[b];
		tok[b] = t;
	}
	s[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(s, " ", cap - strlen(s) - 1);
		strncat(s, tok[i], cap - strlen(s) - 1);
	}
	if (op == 2)
		for (char *p = s; *p; p++)
			*p = (char)(pick(2) ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: clr-benchgen EVAL.jsonl N SEED\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	size_t want = strtoul(argv[2], NULL, 10), nnames = 0, cap = 0;
	seed(strtoull(argv[3], NULL, 10));
	char **names = NULL, *line = NULL;
	size_t lcap = 0;
	while (getline(&line, &lcap, f) > 0) {
		json_t *j = json_loads(line, 0, NULL);
		const char *nm = json_string_value(json_object_get(j, "name"));
		if (!nm)
			nm = json_string_value(json_object_get(j, "query"));
		if (nm && strlen(nm) < 400) {
			if (nnames == cap) {
				cap = cap ? 2 * cap : 1024;
				names = realloc(names, cap * sizeof(*names));
			}
			names[nnames++] = strdup(nm);
		}
		json_decref(j);
	}
	fclose(f);
	free(line);
	if (!nnames) {
		fprintf(stderr, "%s: no names\n", argv[1]);
		return 2;
	}
	for (size_t i = 0; i < want; i++) {
		char q[1024];
		if (pick(10) < 4) {
			synthetic(q, sizeof(q));
		} else {
			snprintf(q, sizeof(q), "%s", names[pick(nnames)]);
			size_t edits = pick(3);
			for (size_t e = 0; e < edits; e++) {
				if (pick(2))
					typo(q);
				else
					words(q, sizeof(q));
			}
		}
		json_t *o = json_pack("{s:s,s:s}", "id", "", "name", q);
		char id[32];
		snprintf(id, sizeof(id), "b%zu", i);
		json_object_set_new(o, "id", json_string(id));
		char *js = json_dumps(o, JSON_COMPACT);
		if (js)
			puts(js);
		free(js);
		json_decref(o);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return 0;
}
