/*
 * gen_list.c - writes a reproducible synthetic screening list in the CSL CSV
 * layout (companies and persons across several naming cultures, with
 * aliases and countries) and a query set with known answers: variants of
 * listed names (typos, dropped or swapped words, legal-form changes) that
 * must alert on their entry, and names on no list that must not.
 *
 * Names from Russia, Belarus and Kazakhstan are made in Cyrillic and listed
 * the way OFAC lists them: the primary in BGN romanisation (through ICU, as
 * the screener reads it; a company as "Limited Liability Company X Energo"),
 * half of them with the Cyrillic name as an alias; a third of their variant
 * queries come in Cyrillic, as a customer file kept in the original script
 * would hold them.
 *
 * The distinctive words of names follow a power law, as real names do, so
 * the vocabulary keeps growing with the list (see ZIPF_A below);
 * --closed draws them evenly from a closed set of 48,000 words instead, a
 * stress case where every word has hundreds of names and neighbours at a
 * million names.
 *
 *   clr-genlist [--closed] N SEED LIST.csv QUERIES.jsonl [NQUERIES]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

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
/* the same syllables as a Russian speaker writes them (syl, one for one) */
static const char *const syl_cyr[] = {"ка", "ри", "то", "мекс", "во", "лан", "зу", "пе", "дор", "фи",
                                      "ква", "нел", "сор", "бикс", "там", "ол", "ур", "ге", "шан",
                                      "ли", "хуа", "синь", "да", "мир", "бек", "ов", "ски", "ран",
                                      "тек", "пол", "нор", "сен", "гал", "вин", "чу", "хай"};
/* Russian legal forms and the way OFAC writes them */
static const char *const legal_cyr[] = {"ООО", "ПАО"};
/* industry words as Russian company names borrow or translate them */
static const char *const industry_cyr[] = {"Трейдинг", "Технологии", "Электроника", "Логистика",
                                           "Шиппинг", "Инжиниринг", "Промышленность", "Авиа",
                                           "Нефть", "Машиностроение", "Химпром", "НИИ", "Софт",
                                           "Энерго", "Приборы", "Металлы", "Оборонсистемы",
                                           "Микроэлектроника", "Оптика", "Марин"};
static const char *const legal_cyr_lat[] = {"Limited Liability Company", "Public Joint Stock Company"};
static const char *const legal[] = {"Co., Ltd.", "Ltd", "Limited", "LLC", "Inc.", "GmbH", "S.A.",
                                    "JSC", "Corporation", "OOO", "PJSC", "FZE", "Sdn Bhd", "PLC"};
static const char *const city[] = {"Shenzhen", "Beijing", "Moscow", "Tehran", "Dubai", "Karachi",
                                   "Minsk", "Hong Kong", "Istanbul", "Caracas", "Pyongyang",
                                   "Shanghai", "Wuhan", "Almaty", "Damascus", "Lagos"};
static const char *const cc[] = {"CN", "CN", "RU", "IR", "AE", "PK", "BY", "HK",
                                 "TR", "VE", "KP", "CN", "CN", "KZ", "SY", "NG"};
static const char *const given[] = {"Ivan", "Wei", "Ahmad", "Olga", "Reza", "Li", "Sergei",
                                    "Fatima", "Hassan", "Mei", "Dmitri", "Ali", "Yusuf", "Chen"};
static const char *const given_cyr[] = {"Иван", "Вэй",   "Ахмад", "Ольга", "Реза", "Ли",   "Сергей",
                                        "Фатима", "Хасан", "Мэй", "Дмитрий", "Али", "Юсуф", "Чэнь"};
_Static_assert(N(syl) == N(syl_cyr) && N(given) == N(given_cyr) && N(legal_cyr) == N(legal_cyr_lat) &&
                   N(industry) == N(industry_cyr),
               "one Cyrillic form each");

/* Cities whose names are made in Cyrillic (Moscow, Minsk, Almaty). */
static int cyrillic_city(size_t c)
{
	return c == 2 || c == 6 || c == 13;
}

static UTransliterator *bgn;

/* The BGN romanisation of the Cyrillic cyr into out, as ASCII. */
static void romanise(const char *cyr, char *out, size_t cap)
{
	UChar u[256];
	int32_t n = 0, limit;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(u, 256, &n, cyr, -1, &st);
	limit = n;
	utrans_transUChars(bgn, u, &n, 256, 0, &limit, &st);
	u_strToUTF8(out, (int32_t)cap, NULL, u, n, &st);
	if (U_FAILURE(st)) {
		fprintf(stderr, "clr-genlist: transliteration: %s\n", u_errorName(st));
		exit(2);
	}
}

/* Distinctive words follow a power law, as names do: word r of the open
 * vocabulary (every sequence of 2, 3 or 4 syllables, the shorter ones the
 * more frequent) comes with probability ~ (1 + r/ZIPF_Q)^-(1 + ZIPF_A), so
 * that the vocabulary keeps growing with the list (Heaps' law, exponent
 * about 1 / (1 + ZIPF_A)).  Calibrated with bench/vocab_stats.py on the
 * 2022 Consolidated Screening List (docs/index.md, "The generated lists"):
 * at its size (34,000 names), about the same words per name and, for the
 * word of each name that the fewest names share, the same median and a
 * somewhat heavier tail.  --closed draws each word evenly from the 2- and
 * 3-syllable words instead (the generator before: at a million names each
 * 2-syllable word stands in ~900 names). */
#define ZIPF_A 0.32
#define ZIPF_Q 400.0
static int closed;

/* The syllables of a word into ix (returns how many). */
static size_t word_syl(size_t ix[4], size_t nsyl_closed)
{
	const uint64_t s = N(syl), lv[3] = {s * s, s * s * s, s * s * s * s};
	uint64_t r;
	size_t len;
	if (closed) {
		len = nsyl_closed;
		r = pick((size_t)lv[len - 2]);
	} else {
		do {
			double u = ((double)(next() >> 11) + 1.0) * 0x1p-53;
			double x = ZIPF_Q * (pow(u, -1.0 / ZIPF_A) - 1.0);
			r = x < 1e18 ? (uint64_t)x : UINT64_MAX;
		} while (r >= lv[0] + lv[1] + lv[2]);
		for (len = 2; r >= lv[len - 2]; len++)
			r -= lv[len - 2];
		r = r * 7919 % lv[len - 2]; /* a bijection: neighbouring ranks look unalike */
	}
	for (size_t i = 0; i < len; i++, r /= s)
		ix[i] = (size_t)(r % s);
	return len;
}

/* A word in Cyrillic (capitalised) and in its BGN romanisation. */
static void word_cyr(char *cyr, size_t ccap, char *lat, size_t lcap, size_t nsyl)
{
	size_t ix[4], len = word_syl(ix, nsyl);
	cyr[0] = 0;
	for (size_t i = 0; i < len; i++)
		strncat(cyr, syl_cyr[ix[i]], ccap - strlen(cyr) - 1);
	UChar u[64];
	int32_t n = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(u, 64, &n, cyr, -1, &st);
	u[0] = (UChar)u_toupper(u[0]);
	u_strToUTF8(cyr, (int32_t)ccap, NULL, u, n, &st);
	romanise(cyr, lat, lcap);
}

/* A word (capitalised); nsyl syllables with --closed. */
static void word(char *out, size_t cap, size_t nsyl)
{
	size_t ix[4], len = word_syl(ix, nsyl);
	out[0] = 0;
	for (size_t i = 0; i < len; i++)
		strncat(out, syl[ix[i]], cap - strlen(out) - 1);
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
	if (argc > 1 && strcmp(argv[1], "--closed") == 0) {
		closed = 1;
		argv++;
		argc--;
	}
	if (argc < 5) {
		fprintf(stderr, "usage: clr-genlist [--closed] N SEED LIST.csv QUERIES.jsonl [NQUERIES]\n");
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
	UErrorCode st = U_ZERO_ERROR;
	UChar tid[64]; /* OFAC writes no middle dot between letters */
	u_uastrcpy(tid, "Russian-Latin/BGN; [\\u00B7] Remove; Latin-ASCII");
	bgn = utrans_openU(tid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		fprintf(stderr, "clr-genlist: no Russian-Latin/BGN transliterator: %s\n", u_errorName(st));
		return 2;
	}
	char (*names)[160] = malloc(n * sizeof(*names));
	char (*cyrs)[256] = malloc(n * sizeof(*cyrs)); /* the Cyrillic name, "" for none */
	if (!names || !cyrs)
		return 2;
	for (size_t i = 0; i < n; i++) {
		char id[32], name[160], alias[400] = "", addr[64], a[40], b[40];
		char ca[96], cb[96];
		size_t c = pick(N(city));
		int person = pick(10) < 4, cyr = cyrillic_city(c);
		snprintf(id, sizeof(id), "gen-%07zu", i);
		cyrs[i][0] = 0;
		if (cyr)
			word_cyr(ca, sizeof(ca), a, sizeof(a), 2 + pick(2));
		else
			word(a, sizeof(a), 2 + pick(2));
		if (person && cyr) {
			size_t g = pick(N(given));
			word_cyr(cb, sizeof(cb), b, sizeof(b), 2);
			snprintf(cyrs[i], sizeof(cyrs[i]), "%s %s %s", ca, given_cyr[g], cb);
			char gl[40];
			romanise(given_cyr[g], gl, sizeof(gl));
			snprintf(name, sizeof(name), "%s, %s %s", a, gl, b);
			if (pick(2) == 0)
				snprintf(alias, sizeof(alias), "%s", cyrs[i]);
		} else if (person) {
			word(b, sizeof(b), 2);
			snprintf(name, sizeof(name), "%s, %s %s", a, given[pick(N(given))], b);
			if (pick(3) == 0)
				snprintf(alias, sizeof(alias), "%s %s", given[pick(N(given))], a);
		} else if (cyr) {
			size_t form = pick(N(legal_cyr)), ind = pick(N(industry_cyr));
			char il[40];
			snprintf(cyrs[i], sizeof(cyrs[i]), "%s «%s %s»", legal_cyr[form], ca,
			         industry_cyr[ind]);
			romanise(industry_cyr[ind], il, sizeof(il));
			snprintf(name, sizeof(name), "%s %s %s", legal_cyr_lat[form], a, il);
			if (pick(2) == 0)
				snprintf(alias, sizeof(alias), "%s", cyrs[i]);
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
		char q[300], a[40];
		if (pick(10) < 6) {
			size_t i = pick(n);
			if (cyrs[i][0] && pick(3) == 0)
				snprintf(q, sizeof(q), "%s", cyrs[i]);
			else
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
	free(cyrs);
	utrans_close(bgn);
	fclose(lf);
	fclose(qf);
	return 0;
}
