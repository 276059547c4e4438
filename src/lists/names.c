/*
 * names.c - splits one listed name as published in the CSL into the names
 * screened: "X (a.k.a. Y)", "X, f.k.a. Y", "X (ABC)", "X. Affiliated Entity:
 * Y", "X; Y", minus "and any successor ..." boilerplate.  Works on
 * length-carrying views and never reads past s+n; adds through
 * clr__draft_name only, so every part is validated like any other string.
 */
#include <stdlib.h>

#include "loader.h"

/* Nesting of a.k.a. clauses and ';' lists followed; deeper text is added as is. */
#define MAX_SPLIT_DEPTH 8
/* A trailing parenthetical longer than this is part of the name, not a short name. */
#define SHORT_NAME_BYTES 64u
#define SHORT_NAME_WORDS 6u

typedef struct split_ctx {
	clr_loader *ld;
	const char *field;
	clr_buf tmp; /* whitespace-collapsed copy of the part being added */
} split_ctx;

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_open(int c)
{
	return c == '(' || c == '[';
}

static int is_close(int c)
{
	return c == ')' || c == ']';
}

/* Does z (ASCII, lower case) start at s[i], case-insensitively, within n? */
static int at(const char *s, size_t n, size_t i, const char *z)
{
	size_t k = 0;
	for (; z[k]; k++)
		if (i + k >= n || lower((unsigned char)s[i + k]) != (unsigned char)z[k])
			return 0;
	return 1;
}

static int in_set(int c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/* Trims white space and the given punctuation from both ends. */
static void trim_set(const char **s, size_t *n, const char *set)
{
	while (*n && (is_space((unsigned char)**s) || in_set((unsigned char)**s, set))) {
		(*s)++;
		(*n)--;
	}
	while (*n && (is_space((unsigned char)(*s)[*n - 1]) || in_set((unsigned char)(*s)[*n - 1], set)))
		(*n)--;
}

/* Length of the a.k.a.-style marker at s[i] when it stands as a word, else 0. */
static size_t aka_at(const char *s, size_t n, size_t i)
{
	static const char *const markers[] = {
		"formerly known as", "also known as", "now known as",
		"a.k.a.", "f.k.a.", "n.k.a.", "a.k.a", "f.k.a", "n.k.a",
		"a/k/a", "f/k/a", "n/k/a", "aka", "fka", "nka",
	};
	if (i > 0 && !is_space((unsigned char)s[i - 1]) && !in_set((unsigned char)s[i - 1], ",;([\""))
		return 0;
	for (size_t k = 0; k < sizeof(markers) / sizeof(*markers); k++) {
		size_t len = strlen(markers[k]);
		if (!at(s, n, i, markers[k]))
			continue;
		/* undotted "aka" only as "aka" or "AKA": "Aka" is a word of some names */
		if (len == 3 && !((s[i] >= 'a' && s[i] <= 'z' && s[i + 2] >= 'a' && s[i + 2] <= 'z') ||
		                  (s[i] >= 'A' && s[i] <= 'Z' && s[i + 2] >= 'A' && s[i + 2] <= 'Z')))
			continue;
		if (i + len == n || is_space((unsigned char)s[i + len]) ||
		    in_set((unsigned char)s[i + len], ",.:;)]\""))
			return len;
	}
	return 0;
}

/* Offset of the bracket closing the one opened at s[open], or n when unclosed. */
static size_t closing(const char *s, size_t n, size_t open)
{
	size_t depth = 0;
	for (size_t i = open; i < n; i++) {
		if (is_open((unsigned char)s[i]))
			depth++;
		else if (is_close((unsigned char)s[i]) && --depth == 0)
			return i;
	}
	return n;
}

/* Adds one name: trims separators and a leading "and " (the last item of a
 * listed series), drops enclosing double quotes (ASCII or
 * U+201C/U+201D) and a full stop after a closing bracket, collapses runs of
 * white space (names embed line breaks) to one space. */
static int add(split_ctx *c, const char *s, size_t n, clr_name_kind kind)
{
	trim_set(&s, &n, ",;:");
	if (n > 4 && !memcmp(s, "and ", 4)) { /* "...; and CETC Research Institute 13" */
		s += 4;
		n -= 4;
		trim_set(&s, &n, ",;:");
	}
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	} else if (n >= 6 && at(s, n, 0, "\xe2\x80\x9c") && at(s, n, n - 3, "\xe2\x80\x9d")) {
		s += 3;
		n -= 6;
	}
	trim_set(&s, &n, ",;:");
	if (n >= 2 && s[n - 1] == '.' && (is_close((unsigned char)s[n - 2]) || s[n - 2] == '"'))
		n--;
	if (!n || (n == 3 && !memcmp(s, "and", 3)))
		return 0;
	clr__buf_clear(&c->tmp);
	for (size_t i = 0; i < n; i++) {
		int sp = is_space((unsigned char)s[i]);
		if (sp && i > 0 && is_space((unsigned char)s[i - 1]))
			continue;
		if (clr__buf_putc(&c->tmp, sp ? ' ' : s[i]))
			return clr__loader_fatal(c->ld, c->ld->d.e.line, c->field, CLR_ENOMEM,
			                         "out of memory");
	}
	return clr__draft_name(c->ld, c->tmp.p, c->tmp.len, kind, c->field);
}

/* Words that make a parenthetical a legal form, a place or a qualifier
 * rather than a short name: "(LLC)", "(Hong Kong)", "(OFFSHORE)". */
static int generic_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "co", "company",
		"corp", "corporation", "jsc", "cjsc", "ojsc", "pjsc", "zao", "ooo", "oao", "pao",
		"ao", "gmbh", "ag", "sa", "srl", "bv", "nv", "plc", "pte", "pvt", "pty", "fze",
		"fzc", "fzco", "fz", "holding", "holdings", "group", "offshore", "off-shore", "off",
		"shore", "branch", "united", "partnership", "closed", "joint", "stock", "public",
		"private", "aktsionernoe", "obshchestvo", "zakrytoe", "otkrytoe", "publichnoe",
		"of", "and", "the", "hong", "kong", "hk", "macau", "macao", "prc", "china",
		"beijing", "shanghai", "shenzhen", "guangzhou", "tianjin", "taiwan", "uk", "usa",
		"us", "uae", "dubai", "russia", "moscow", "kiev", "kyiv", "ukraine", "iran",
		"tehran", "pakistan", "india", "singapore", "malaysia", "turkey", "syria",
		"lebanon", "germany",
	};
	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
		if (clr__eq_ci(w, n, words[k]))
			return 1;
	return clr__country_code(w, n) != NULL;
}

typedef enum paren_kind { PAREN_KEEP, PAREN_NOTE, PAREN_SHORT } paren_kind;

/* Classifies the text of a trailing parenthetical: a short name or acronym
 * ("LETRI", "Huawei"), an editorial note ("See alternate address ...",
 * "DPRK individual") or part of the name ("Hong Kong", "CJSC"). */
static paren_kind classify(const char *s, size_t n)
{
	static const char *const notes[] = {"see ", "address", "all of ", "excluding ",
	                                    "including ", "located ", "formerly ",
	                                    "parent organization"};
	static const char *const note_words[] = {"individual", "location", "subsidiary of",
	                                         "branch of", "subordinate"};
	size_t words = 0, generic = 0;
	clr__trim(&s, &n);
	if (!n)
		return PAREN_KEEP;
	if (s[0] == 'a' && (at(s, n, 0, "a ") || at(s, n, 0, "an ")))
		return PAREN_NOTE; /* "a subsidiary of ...": lower case, unlike "A Company" */
	for (size_t k = 0; k < sizeof(notes) / sizeof(*notes); k++)
		if (at(s, n, 0, notes[k]))
			return PAREN_NOTE;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(note_words) / sizeof(*note_words); k++)
			if (at(s, n, i, note_words[k]))
				return PAREN_NOTE;
	if (n > SHORT_NAME_BYTES || (s[0] >= 'a' && s[0] <= 'z') || clr__country_code(s, n))
		return PAREN_KEEP;
	for (size_t i = 0; i < n;) {
		while (i < n && (is_space((unsigned char)s[i]) || s[i] == ',' || s[i] == '.'))
			i++;
		size_t b = i;
		while (i < n && !is_space((unsigned char)s[i]) && s[i] != ',' && s[i] != '.')
			i++;
		if (i > b) {
			words++;
			generic += generic_word(s + b, i - b);
		}
	}
	if (!words || words > SHORT_NAME_WORDS || generic == words)
		return PAREN_KEEP;
	return PAREN_SHORT;
}

static int split_list(split_ctx *c, const char *s, size_t n, clr_name_kind kind,
                      clr_name_kind derived, int depth);

#define TRY(expr) do { int rc_ = (expr); if (rc_ < 0 || c->ld->failed_row) return rc_; } while (0)

/* One name without top-level ';': a.k.a. clauses, then a trailing parenthetical. */
static int split_one(split_ctx *c, const char *s, size_t n, clr_name_kind kind,
                     clr_name_kind derived, int depth)
{
	size_t level = 0;
	trim_set(&s, &n, ",;:");
	if (!n)
		return 0;
	if (depth > MAX_SPLIT_DEPTH)
		return add(c, s, n, kind);
	/* "...; also known as Y": a leading marker (a bare "AKA" only inside a clause) */
	size_t lead = aka_at(s, n, 0);
	if (lead && (lead > 3 || depth > 0)) {
		s += lead;
		n -= lead;
		kind = derived;
		trim_set(&s, &n, ",.;:");
		if (!n)
			return 0;
	}
	/* "X (a.k.a. Y) Z": Y is an alias of "X Z". */
	for (size_t i = 0; i < n; i++) {
		if (is_close((unsigned char)s[i]) && level)
			level--;
		if (!is_open((unsigned char)s[i]) || level++)
			continue;
		size_t j = i + 1, m;
		while (j < n && is_space((unsigned char)s[j]))
			j++;
		if (!(m = aka_at(s, n, j)))
			continue;
		size_t end = closing(s, n, i);
		const char *rest = s + (end < n ? end + 1 : n);
		size_t nrest = n - (size_t)(rest - s);
		char *joined = malloc(i + 1 + nrest + 1);
		if (!joined)
			return clr__loader_fatal(c->ld, c->ld->d.e.line, c->field, CLR_ENOMEM,
			                         "out of memory");
		memcpy(joined, s, i);
		joined[i] = ' ';
		memcpy(joined + i + 1, rest, nrest);
		int rc = split_list(c, joined, i + 1 + nrest, kind, derived, depth + 1);
		free(joined);
		if (rc < 0 || c->ld->failed_row)
			return rc;
		return split_list(c, s + j + m, end - (j + m), derived, derived, depth + 1);
	}
	/* "X, a.k.a., Y": the first marker after some text at bracket level 0. */
	level = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_open((unsigned char)s[i]))
			level++;
		else if (is_close((unsigned char)s[i]) && level)
			level--;
		size_t m;
		if (level || !(m = aka_at(s, n, i)))
			continue;
		const char *head = s, *tail = s + i + m;
		size_t nhead = i, ntail = n - i - m;
		trim_set(&head, &nhead, ",;:");
		trim_set(&tail, &ntail, ",.;:");
		if (!nhead || (!ntail && m == 3))
			continue; /* "Hotel Aka" is a name, not an empty alias clause */
		TRY(split_list(c, head, nhead, kind, derived, depth + 1));
		return split_list(c, s + i + m, n - i - m, derived, derived, depth + 1);
	}
	/* "X (ABC)": trailing short name or note. */
	size_t m = n;
	while (m && (is_space((unsigned char)s[m - 1]) || s[m - 1] == '.'))
		m--;
	if (m && is_close((unsigned char)s[m - 1])) {
		size_t o = m - 1, d = 0;
		for (;;) {
			if (is_close((unsigned char)s[o]))
				d++;
			else if (is_open((unsigned char)s[o]) && --d == 0)
				break;
			if (o == 0)
				break;
			o--;
		}
		const char *head = s;
		size_t nhead = o;
		trim_set(&head, &nhead, ",;:");
		if (d == 0 && o > 0 && nhead) {
			switch (classify(s + o + 1, m - o - 2)) {
			case PAREN_NOTE:
				return split_one(c, head, nhead, kind, derived, depth + 1);
			case PAREN_SHORT:
				TRY(add(c, s, m, kind));
				TRY(add(c, head, nhead, kind));
				return add(c, s + o + 1, m - o - 2, derived);
			case PAREN_KEEP:
				break;
			}
		}
	}
	return add(c, s, n, kind);
}

/* Splits on ';' outside brackets; the first part keeps kind, the rest are derived. */
static int split_list(split_ctx *c, const char *s, size_t n, clr_name_kind kind,
                      clr_name_kind derived, int depth)
{
	size_t level = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && is_open((unsigned char)s[i]))
			level++;
		else if (i < n && is_close((unsigned char)s[i]) && level)
			level--;
		if (i < n && (s[i] != ';' || level))
			continue;
		TRY(split_one(c, s + start, i - start, start ? derived : kind, derived, depth));
		start = i + 1;
	}
	return 0;
}

/* Offset of the first "and any successor ..." style boilerplate, or n. */
static size_t boilerplate_at(const char *s, size_t n)
{
	static const char *const tails[] = {
		"and any successor", "and any sub-unit", "and any subunit", "and any subsidiar",
		"and its sub-unit", "and its subunit", "and its successor", "and its subsidiaries",
	};
	for (size_t i = 1; i < n; i++) {
		if (!is_space((unsigned char)s[i - 1]) && s[i - 1] != ',' && s[i - 1] != ';')
			continue;
		for (size_t k = 0; k < sizeof(tails) / sizeof(*tails); k++)
			if (at(s, n, i, tails[k]))
				return i;
	}
	return n;
}

/* Offset of "Affiliated Entity:" (or "Entities:"), *len its length; n when absent. */
static size_t affiliate_at(const char *s, size_t n, size_t *len)
{
	for (size_t i = 0; i < n; i++) {
		if (i && !is_space((unsigned char)s[i - 1]) && s[i - 1] != '.' && s[i - 1] != ';')
			continue;
		if (at(s, n, i, "affiliated entity:"))
			return *len = 18, i;
		if (at(s, n, i, "affiliated entities:"))
			return *len = 20, i;
	}
	return n;
}

int clr__draft_listed_names(clr_loader *ld, const char *s, size_t n, clr_name_kind kind,
                            const char *field)
{
	split_ctx c = {ld, field, {0}};
	clr_name_kind derived = kind == CLR_NAME_PRIMARY ? CLR_NAME_ALIAS : kind;
	size_t alen = 0, aff;
	int rc;
	if (ld->failed_row || !s)
		return 0;
	n = boilerplate_at(s, n);
	aff = affiliate_at(s, n, &alen);
	rc = split_list(&c, s, aff, kind, derived, 0);
	if (rc >= 0 && !ld->failed_row && aff < n)
		rc = split_list(&c, s + aff + alen, n - aff - alen, CLR_NAME_AFFILIATE,
		                CLR_NAME_AFFILIATE, 0);
	clr__buf_free(&c.tmp);
	return rc;
}
