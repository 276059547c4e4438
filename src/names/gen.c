/*
 * gen.c - clr-gen-names, a build tool: reads the knowledge tables of
 * data/names (TSV) and writes them as C (names_data.c, tables.h's arrays),
 * every name cut into raw words by the normaliser's first stage (fold.c,
 * with this same Chinese glossary), so that the binary normalises nothing
 * at run time and a table row meets a name exactly as the name is read.
 * A malformed row stops the build with file, line and field.
 *
 *     clr-gen-names DATA_DIR OUT.c
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "names.h"
#include "tables.h"
#include "../text/fold.h"

static const char *data_dir;
static FILE *out;
static clr_fold *fold;

#define MAX_FIELDS 8
#define LINE_CAP 4096

static void die(const char *file, size_t line, const char *field, const char *msg)
{
	fprintf(stderr, "clr-gen-names: %s/%s:%zu: %s: %s\n", data_dir, file, line, field, msg);
	exit(1);
}

/* Splits a TSV line in place; returns the number of fields. */
static size_t split_tabs(char *s, char **f)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; *p; p++)
		if (*p == '\t' && n < MAX_FIELDS) {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

typedef void (*row_fn)(const char *file, size_t line, char **f, size_t nf);

/* Reads DATA_DIR/file row by row; a missing optional file is an empty table. */
static void each_row(const char *file, size_t min_fields, row_fn fn)
{
	char path[4096], line[LINE_CAP];
	snprintf(path, sizeof(path), "%s/%s", data_dir, file);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "clr-gen-names: %s: %s (table left empty)\n", path, strerror(errno));
		return;
	}
	size_t ln = 0;
	while (fgets(line, sizeof(line), f)) {
		ln++;
		size_t n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n')
			die(file, ln, "line", "longer than 4095 bytes");
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (ln == 1 && n >= 3 && !memcmp(line, "\xef\xbb\xbf", 3))
			memmove(line, line + 3, n - 2); /* BOM */
		if (!line[0] || line[0] == '#')
			continue;
		char *fields[MAX_FIELDS];
		size_t nf = split_tabs(line, fields);
		if (nf < min_fields) {
			char msg[64];
			snprintf(msg, sizeof(msg), "%zu fields, expected %zu", nf, min_fields);
			die(file, ln, "row", msg);
		}
		for (size_t k = 0; k < nf; k++)
			if (utf8proc_decompose((const utf8proc_uint8_t *)fields[k], -1, NULL, 0,
			                       UTF8PROC_NULLTERM) < 0)
				die(file, ln, "field", "invalid UTF-8");
		fn(file, ln, fields, nf);
	}
	fclose(f);
}

/* A C string literal of s: octal escapes for what is not plain ASCII. */
static void put_str(const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\%03o", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* s cut into raw words as the normaliser reads names, space-separated into
 * buf; returns the number of words (0: nothing readable). */
static size_t words_of(const char *s, char *buf, size_t cap)
{
	clr_words w;
	if (clr__fold_words(fold, s, strlen(s), &w) < 0)
		return 0;
	size_t o = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < w.n; k++) {
		if (o + w.len[k] + 2 > cap)
			return 0;
		if (k)
			buf[o++] = ' ';
		memcpy(buf + o, w.w[k], w.len[k]);
		o += w.len[k];
	}
	buf[o] = '\0';
	return w.n;
}

/* Rows kept in memory to be sorted and written without duplicates. */
typedef struct row {
	char *a, *b;
	long v;
} row;

typedef struct table {
	row *v;
	size_t n, cap;
} table;

static void push(table *t, const char *a, const char *b, long v)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->v = realloc(t->v, t->cap * sizeof(row));
		if (!t->v) {
			fprintf(stderr, "clr-gen-names: out of memory\n");
			exit(1);
		}
	}
	t->v[t->n].a = strdup(a);
	t->v[t->n].b = b ? strdup(b) : NULL;
	t->v[t->n].v = v;
	if (!t->v[t->n].a || (b && !t->v[t->n].b)) {
		fprintf(stderr, "clr-gen-names: out of memory\n");
		exit(1);
	}
	t->n++;
}

static int cmp_row(const void *x, const void *y)
{
	const row *a = x, *b = y;
	int c = strcmp(a->a, b->a);
	if (c)
		return c;
	c = strcmp(a->b ? a->b : "", b->b ? b->b : "");
	return c ? c : (a->v > b->v) - (a->v < b->v);
}

/* Sorts t and drops rows equal to their predecessor in a (and b when
 * by_b). */
static void sort_unique(table *t, int by_b)
{
	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(row), cmp_row);
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (k && !strcmp(t->v[k - 1].a, t->v[i].a) &&
		    (!by_b || !strcmp(t->v[k - 1].b ? t->v[k - 1].b : "", t->v[i].b ? t->v[i].b : ""))) {
			free(t->v[i].a);
			free(t->v[i].b);
			continue;
		}
		t->v[k++] = t->v[i];
	}
	t->n = k;
}

static void free_table(table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].a);
		free(t->v[i].b);
	}
	free(t->v);
}

static table legal, terms, numbers, places, given, han, syllables, freq;
static table groups; /* given-name group names, index = id */
static uint32_t freq_names;

/* ---- Chinese glossary: read first, it is the fold hook ---- */

/* NFKC + case fold, as fold.c sees text before its Chinese hook. */
static char *nfkc(const char *s)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, 0, &r,
	                                  UTF8PROC_NULLTERM | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	                                          UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
	return k < 0 ? NULL : (char *)r;
}

static void han_row(const char *file, size_t ln, char **f, size_t nf)
{
	(void)nf;
	char *k = nfkc(f[0]);
	if (!k || !k[0])
		die(file, ln, "han", "empty after normalisation");
	for (const char *p = f[1]; *p; p++)
		if (!isalpha((unsigned char)*p) && *p != ' ')
			die(file, ln, "english", "not lower-case ASCII words");
	push(&han, k, f[1], 0);
	free(k);
}

static size_t gen_han_term(const char *s, size_t n, const char **en)
{
	/* longest row that s starts with (rows sorted: scan is fine at build time) */
	size_t best = 0;
	*en = NULL;
	for (size_t i = 0; i < han.n; i++) {
		size_t l = strlen(han.v[i].a);
		if (l > best && l <= n && !memcmp(s, han.v[i].a, l)) {
			best = l;
			*en = han.v[i].b;
		}
	}
	return best;
}

/* ---- the other tables ---- */

static clr_kn_class class_of(const char *file, size_t ln, const char *z)
{
	for (int c = 1; c < CLR_KN_NCLASS; c++)
		if (!strcmp(z, clr__kn_class_name((clr_kn_class)c)))
			return (clr_kn_class)c;
	die(file, ln, "class", "unknown generic class");
	return CLR_KN_NOCLASS;
}

static void legal_row(const char *file, size_t ln, char **f, size_t nf)
{
	char w[1024];
	(void)nf;
	clr_kn_class c = class_of(file, ln, f[1]);
	long flags = 0;
	if (!strcmp(f[2], "abbr"))
		flags |= CLR_KN_ROW_ABBR;
	else if (strcmp(f[2], "name"))
		die(file, ln, "kind", "expected abbr or name");
	if (strstr(f[3], "edge"))
		flags |= CLR_KN_ROW_EDGE;
	size_t nw = words_of(f[0], w, sizeof(w));
	if (!nw || nw > 8)
		return; /* nothing readable, or longer than a legal form is written */
	push(&legal, w, clr__kn_class_name(c), flags);
}

/* One raw word of s into w, or 0 when s reads as several or none. */
static int one_word(const char *s, char *w, size_t cap)
{
	return words_of(s, w, cap) == 1;
}

static void term_row(const char *file, size_t ln, char **f, size_t nf)
{
	char w[256], to[256];
	(void)nf;
	if (!one_word(f[0], w, sizeof(w)))
		return;
	if (!one_word(f[1], to, sizeof(to)))
		die(file, ln, "canonical", "not one word");
	if (strcmp(w, to))
		push(&terms, w, to, 0);
}

static void number_row(const char *file, size_t ln, char **f, size_t nf)
{
	char w[256], *end;
	(void)nf;
	long v = strtol(f[1], &end, 10);
	if (*end || v < 0 || v > 1000000)
		die(file, ln, "value", "not a number from 0 to 1000000");
	if (one_word(f[0], w, sizeof(w)))
		push(&numbers, w, NULL, v);
}

static void place_row(const char *file, size_t ln, char **f, size_t nf)
{
	char w[512];
	(void)nf;
	if (!f[1][0])
		die(file, ln, "place_id", "empty");
	size_t nw = words_of(f[0], w, sizeof(w));
	if (!nw || nw > 3)
		return;
	/* a place of several words is known by its words; its words written
	 * joined ("newyork") are a place of one */
	char j[512];
	size_t o = 0;
	for (const char *p = w; *p; p++)
		if (*p != ' ')
			j[o++] = *p;
	j[o] = '\0';
	push(&places, j, f[1], 1);
}

static uint32_t group_id(const char *name)
{
	for (size_t i = groups.n; i-- > 0;) /* rows of a group come together */
		if (!strcmp(groups.v[i].a, name))
			return (uint32_t)i;
	push(&groups, name, NULL, 0);
	return (uint32_t)groups.n - 1;
}

static void given_row(const char *file, size_t ln, char **f, size_t nf)
{
	char w[256], g[256];
	(void)nf;
	(void)file;
	(void)ln;
	if (!one_word(f[0], g, sizeof(g)) || !one_word(f[1], w, sizeof(w)))
		return;
	uint32_t id = group_id(g);
	push(&given, w, NULL, id);
	push(&given, g, NULL, id);
}

static void wade_giles_row(const char *file, size_t ln, char **f, size_t nf)
{
	(void)file;
	(void)ln;
	(void)nf;
	if (strcmp(f[0], f[1])) {
		push(&syllables, f[0], f[1], 0);
		push(&syllables, f[1], f[0], 0);
	}
}

static void korean_row(const char *file, size_t ln, char **f, size_t nf)
{
	(void)file;
	(void)ln;
	const char *s[3] = {f[0], f[1], nf > 2 ? f[2] : "-"};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			if (i != j && strcmp(s[i], "-") && strcmp(s[j], "-") && strcmp(s[i], s[j]))
				push(&syllables, s[i], s[j], 0);
}

static void freq_row(const char *file, size_t ln, char **f, size_t nf)
{
	char *end;
	(void)nf;
	unsigned long v = strtoul(f[1], &end, 10);
	if (*end || v > UINT32_MAX)
		die(file, ln, "df", "not a count");
	if (!strcmp(f[0], "*names*"))
		freq_names = (uint32_t)v;
	else
		push(&freq, f[0], NULL, (long)v);
}

/* ---- output ---- */

static void write_pairs(const char *name, const table *t)
{
	fprintf(out, "const clr_kn_pair_row %s[] = {\n", name);
	for (size_t i = 0; i < t->n; i++) {
		fputs("\t{", out);
		put_str(t->v[i].a);
		fputs(", ", out);
		put_str(t->v[i].b);
		fputs("},\n", out);
	}
	fputs("\t{NULL, NULL}};\n", out);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: clr-gen-names DATA_DIR OUT.c\n");
		return 2;
	}
	data_dir = argv[1];
	each_row("zh-glossary.tsv", 2, han_row);
	sort_unique(&han, 0);
	if (clr__fold_new(&fold, gen_han_term) < 0)
		return 1;
	each_row("legal-forms.tsv", 5, legal_row);
	each_row("org-terms.tsv", 2, term_row);
	each_row("numbers.tsv", 2, number_row);
	each_row("places.tsv", 2, place_row);
	each_row("given-names.tsv", 2, given_row);
	each_row("wade-giles.tsv", 2, wade_giles_row);
	each_row("korean-syllables.tsv", 2, korean_row);
	each_row("name-freq.tsv", 2, freq_row);
	sort_unique(&legal, 0);
	sort_unique(&terms, 0);
	sort_unique(&numbers, 0);
	sort_unique(&places, 0);
	sort_unique(&syllables, 1);
	sort_unique(&freq, 0);
	if (given.n)
		qsort(given.v, given.n, sizeof(row), cmp_row);

	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	if (!(out = fopen(tmp, "w"))) {
		fprintf(stderr, "clr-gen-names: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	fprintf(out, "/* generated by clr-gen-names from %s: do not edit */\n", data_dir);
	fputs("#include <stddef.h>\n#include \"names/names.h\"\n#include \"names/tables.h\"\n\n", out);

	fputs("const clr_kn_legal_row clr__kn_legal_rows[] = {\n", out);
	for (size_t i = 0; i < legal.n; i++) {
		fputs("\t{", out);
		put_str(legal.v[i].a);
		fprintf(out, ", CLR_KN_%s, %ld},\n", legal.v[i].b, legal.v[i].v);
	}
	fprintf(out, "\t{NULL, 0, 0}};\nconst size_t clr__kn_nlegal_rows = %zu;\n\n", legal.n);

	write_pairs("clr__kn_term_rows", &terms);
	fprintf(out, "const size_t clr__kn_nterm_rows = %zu;\n\n", terms.n);
	write_pairs("clr__kn_place_rows", &places);
	fprintf(out, "const size_t clr__kn_nplace_rows = %zu;\n\n", places.n);
	write_pairs("clr__kn_han_rows", &han);
	fprintf(out, "const size_t clr__kn_nhan_rows = %zu;\n\n", han.n);
	write_pairs("clr__kn_syllable_rows", &syllables);
	fprintf(out, "const size_t clr__kn_nsyllable_rows = %zu;\n\n", syllables.n);

	fputs("const clr_kn_num_row clr__kn_number_rows[] = {\n", out);
	for (size_t i = 0; i < numbers.n; i++) {
		fputs("\t{", out);
		put_str(numbers.v[i].a);
		fprintf(out, ", %ld},\n", numbers.v[i].v);
	}
	fprintf(out, "\t{NULL, 0}};\nconst size_t clr__kn_nnumber_rows = %zu;\n\n", numbers.n);

	fputs("const clr_kn_given_row clr__kn_given_rows[] = {\n", out);
	for (size_t i = 0; i < given.n; i++) {
		if (i && !strcmp(given.v[i].a, given.v[i - 1].a) && given.v[i].v == given.v[i - 1].v)
			continue;
		fputs("\t{", out);
		put_str(given.v[i].a);
		fprintf(out, ", %ldu},\n", given.v[i].v);
	}
	fprintf(out, "\t{NULL, 0}};\nconst size_t clr__kn_ngiven_rows = sizeof(clr__kn_given_rows) / "
	             "sizeof(clr__kn_given_rows[0]) - 1;\n\n");

	fputs("const clr_kn_freq_row clr__kn_freq_rows[] = {\n", out);
	for (size_t i = 0; i < freq.n; i++) {
		fputs("\t{", out);
		put_str(freq.v[i].a);
		fprintf(out, ", %ldu},\n", freq.v[i].v);
	}
	fprintf(out, "\t{NULL, 0}};\nconst size_t clr__kn_nfreq_rows = %zu;\n", freq.n);
	fprintf(out, "const uint32_t clr__kn_freq_names = %uu;\n\n", freq_names);

	fprintf(out, "const char *const clr__kn_versions = \"legal forms %zu, organisation terms "
	             "%zu, numbers %zu, places %zu, given names %zu in %zu groups, Chinese terms "
	             "%zu, syllable spellings %zu, name parts %zu\";\n",
	        legal.n, terms.n, numbers.n, places.n, given.n, groups.n, han.n, syllables.n, freq.n);
	if (fclose(out) || rename(tmp, argv[2])) {
		fprintf(stderr, "clr-gen-names: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	clr__fold_free(fold);
	table *all[] = {&legal, &terms, &numbers, &places, &given, &han, &syllables, &freq, &groups};
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		free_table(all[i]);
	return 0;
}
