/*
 * ca_xml.c - Canada's consolidated autonomous sanctions list (the SEMA and
 * JVCFOR list, XML: data-set/record) into entries.  Owns the reading of its
 * bilingual fields ("Burma / Birmanie", "Iranian Army/Armée iranienne") and
 * of Aliases, one comma-separated string; never splits a legal form off its
 * name ("Pte. Ltd., Air Bagan Limited" is two names, not three).  The XML
 * defences are the reader's (xml.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "xml.h"

enum { F_COUNTRY, F_ENTITY, F_LAST, F_GIVEN, F_ALIASES, F_DOB, F_SCHEDULE, F_ITEM, F_TITLE, NF };
static const char *const fields[NF] = {"Country", "Entity", "LastName", "GivenName", "Aliases",
                                       "DateOfBirth", "Schedule", "Item", "Title"};

typedef struct ca_parse {
	clr_loader *ld;
	int in_record, depth;
	size_t line;
	clr_buf pool;       /* the record's fields */
	clr_span f[NF];
	clr_buf text, name; /* scratch */
} ca_parse;

#define trim clr__trim_nbsp

static const char *at(const ca_parse *cp, int f, size_t *n)
{
	const char *s = clr__span_at(&cp->pool, cp->f[f]);
	*n = cp->f[f].len;
	trim(&s, n);
	return s;
}

/* The English part of a bilingual value: "Burma / Birmanie" -> "Burma". */
static void english(const char **s, size_t *n)
{
	const char *slash = memmem(*s, *n, " / ", 3);
	if (slash)
		*n = (size_t)(slash - *s);
	trim(s, n);
}

/* A key for the entry id: the parenthesised short name when there is one
 * ("... Regulations (JVCFOR)" -> "jvcfor"), else the words; lower case,
 * runs of anything but letters and digits as one '-'. */
static int slug(clr_buf *out, const char *s, size_t n)
{
	const char *open = memchr(s, '(', n), *close = open ? memchr(open, ')', n - (size_t)(open - s)) : NULL;
	if (open && close && close > open + 1) {
		s = open + 1;
		n = (size_t)(close - s);
	}
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c)) {
			if (dash && out->len && out->p[out->len - 1] != ':' && clr__buf_put(out, "-", 1))
				return -1;
			dash = 0;
			char l = (char)tolower(c);
			if (clr__buf_put(out, &l, 1))
				return -1;
		} else
			dash = 1;
	}
	return 0;
}

/* A word a company name ends in: after ", " it belongs to the name before. */
static int legal_form(const char *s, size_t n)
{
	static const char *const forms[] = {
		"ltd", "limited", "inc", "incorporated", "llc", "llp", "plc", "jsc", "pjsc", "ojsc",
		"cjsc", "co", "corp", "gmbh", "ag", "sa", "s.a", "pte", "tov", "ooo", "oao", "zao",
		"pao", "ao", "bv", "nv", "srl", "spa", "sarl", "fze", "fzco", "lp"};
	size_t w = 0;
	while (w < n && s[w] != ' ' && s[w] != ',')
		w++;
	if (w && s[w - 1] == '.')
		w--;
	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++)
		if (clr__eq_ci(s, w, forms[i]))
			return 1;
	return 0;
}

/* A word in capitals ("SALYAYEV", "MÚCURA"): the surname in the Russian and
 * Ukrainian records. */
static int caps_word(const char *s, size_t n)
{
	size_t up = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c) || (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x9F))
			return 0;
		up += isupper(c) != 0;
	}
	return up >= 2;
}

/* 1: every word in capitals, 0: none, -1: some. */
static int caps_words(const char *s, size_t n)
{
	int all = 1, any = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			int c = caps_word(s + i, j - i);
			all &= c;
			any |= c;
		}
		i = j;
	}
	return all && any ? 1 : any ? -1 : 0;
}

/* Adds one alias of a person.  Where the surname is written in capitals,
 * an alias in capitals alone is another spelling of the surname ("PASHENKO":
 * the given names go before it), one without capitals another spelling of
 * the given names ("Andrei": the surname goes after it); a mixed one
 * ("Igor STRELKOV") and any alias of the other records is a whole name. */
static int add_person_alias(ca_parse *cp, const char *s, size_t n)
{
	size_t ln, gn;
	const char *last = at(cp, F_LAST, &ln), *given = at(cp, F_GIVEN, &gn);
	clr_buf *b = &cp->name;
	int rc = 0;
	clr__buf_clear(b);
	int kind = ln && gn && caps_words(last, ln) == 1 ? caps_words(s, n) : -1;
	if (kind == 1)
		rc = clr__buf_put(b, given, gn) | clr__buf_puts(b, " ") | clr__buf_put(b, s, n);
	else if (kind == 0)
		rc = clr__buf_put(b, s, n) | clr__buf_puts(b, " ") | clr__buf_put(b, last, ln);
	else
		rc = clr__buf_put(b, s, n);
	if (rc)
		return clr__loader_fatal(cp->ld, cp->line, "Aliases", CLR_ENOMEM, "out of memory");
	return clr__draft_name(cp->ld, b->p, b->len, CLR_NAME_ALIAS, "Aliases");
}

/* Whether the words on both sides of the '/' at i have two characters or
 * more: "Armée iranienne/Iranian Army" splits, "A/S" and "c/o" do not. */
static int word_sides(const char *s, size_t n, size_t i)
{
	size_t b = 0, a = 0;
	while (b < i && s[i - 1 - b] != ' ' && s[i - 1 - b] != '/')
		b++;
	while (i + 1 + a < n && s[i + 1 + a] != ' ' && s[i + 1 + a] != '/')
		a++;
	return b >= 2 && a >= 2;
}

/* One name as the record writes it: an English and a French form joined by
 * '/' outside parentheses ("Iranian Army/Armée iranienne") are two names,
 * the first of kind, the others aliases; "(Rosselkhozbank)" loses its
 * parentheses. */
static int add_names(ca_parse *cp, const char *s, size_t n, clr_name_kind kind, int person,
                     const char *field)
{
	int depth = 0, rc;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '(')
			depth++;
		else if (i < n && s[i] == ')' && depth)
			depth--;
		if (i < n && (s[i] != '/' || depth || !word_sides(s, n, i)))
			continue;
		const char *p = s + start;
		size_t m = i - start;
		trim(&p, &m);
		if (m >= 2 && p[0] == '(' && p[m - 1] == ')' && !memchr(p + 1, '(', m - 2)) {
			p++;
			m -= 2;
			trim(&p, &m);
		}
		start = i + 1;
		if (!m)
			continue;
		rc = person && kind == CLR_NAME_ALIAS ? add_person_alias(cp, p, m)
		                                      : clr__draft_name(cp->ld, p, m, kind, field);
		if (rc < 0 || cp->ld->failed_row)
			return rc;
		kind = CLR_NAME_ALIAS;
	}
	return 0;
}

/* Aliases: names separated by ", ", save before a legal form ("Pte. Ltd.,
 * Air Bagan Limited"; "Co., Ltd." stays whole) and inside parentheses; the
 * French lists end in " et " ("IRGC, ..., Sepah-e Pasdaran-e Enghelab-e
 * Eslami et Pasdaran"), so the last of several names is split there too. */
static int add_aliases(ca_parse *cp, const char *s, size_t n, int person)
{
	size_t start = 0, parts = 0;
	int depth = 0, rc;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == '(')
			depth++;
		else if (i < n && s[i] == ')' && depth)
			depth--;
		int cut = i == n || (s[i] == ',' && !depth && i + 1 < n && s[i + 1] == ' ' &&
		                     !legal_form(s + i + 2, n - i - 2));
		if (!cut)
			continue;
		const char *p = s + start;
		size_t m = i - start;
		start = i + 1;
		if (i == n && parts) {
			const char *et = NULL;
			for (size_t k = 0; k + 4 <= m; k++)
				if (!memcmp(p + k, " et ", 4))
					et = p + k;
			if (et) {
				if ((rc = add_names(cp, p, (size_t)(et - p), CLR_NAME_ALIAS, person, "Aliases")) < 0 ||
				    cp->ld->failed_row)
					return rc;
				m -= (size_t)(et + 4 - p);
				p = et + 4;
			}
		}
		parts++;
		if ((rc = add_names(cp, p, m, CLR_NAME_ALIAS, person, "Aliases")) < 0 || cp->ld->failed_row)
			return rc;
	}
	return 0;
}

/* "1972-08-10 or 1972-08-11": each a date of birth. */
static int add_dobs(ca_parse *cp, const char *s, size_t n)
{
	int rc;
	while (n) {
		const char *or = memmem(s, n, " or ", 4);
		size_t m = or ? (size_t)(or - s) : n;
		if ((rc = clr__draft_evidence(cp->ld, CLR_EV_DOB, s, m, NULL, 0, NULL, 0, "DateOfBirth")) < 0 ||
		    cp->ld->failed_row)
			return rc;
		if (!or)
			break;
		s = or + 4;
		n -= m + 4;
	}
	return 0;
}

static int commit_record(ca_parse *cp)
{
	clr_loader *ld = cp->ld;
	clr_buf *t = &cp->text;
	size_t cn, sn, in, en, ln, gn, an, dn, tn;
	const char *country = at(cp, F_COUNTRY, &cn), *sched = at(cp, F_SCHEDULE, &sn),
	           *item = at(cp, F_ITEM, &in), *entity = at(cp, F_ENTITY, &en),
	           *last = at(cp, F_LAST, &ln), *given = at(cp, F_GIVEN, &gn),
	           *aliases = at(cp, F_ALIASES, &an), *dob = at(cp, F_DOB, &dn),
	           *title = at(cp, F_TITLE, &tn);
	int rc, person = ln || gn;

	if ((rc = clr__draft_begin(ld, cp->line)) < 0)
		return rc;
	english(&country, &cn);
	if (!cn)
		return clr__loader_fail(ld, cp->line, "Country", CLR_EINPUT, "record has no country");
	if (!in)
		return clr__loader_fail(ld, cp->line, "Item", CLR_EINPUT, "record has no item number");
	ld->d.e.type = person ? CLR_TYPE_PERSON : CLR_TYPE_ENTITY;
	ld->d.e.source = "CA";
	ld->d.e.source_name = "Consolidated Canadian Autonomous Sanctions List";
	/* ca:<regime>:<schedule>:<item>, the schedule empty when not given */
	clr__buf_clear(t);
	if (clr__buf_puts(t, "ca:") || slug(t, country, cn) || clr__buf_puts(t, ":") ||
	    slug(t, sched, sn) || clr__buf_puts(t, ":") || slug(t, item, in))
		return clr__loader_fatal(ld, cp->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.id, t->p, t->len, "Item")) < 0 || ld->failed_row)
		return rc;
	if (person) {
		clr__buf_clear(t);
		if (clr__buf_put(t, given, gn) || (gn && ln && clr__buf_puts(t, " ")) ||
		    clr__buf_put(t, last, ln))
			return clr__loader_fatal(ld, cp->line, NULL, CLR_ENOMEM, "out of memory");
		if ((rc = clr__draft_name(ld, t->p, t->len, CLR_NAME_PRIMARY, ln ? "LastName" : "GivenName")) < 0 ||
		    (rc = add_names(cp, entity, en, CLR_NAME_ALIAS, 0, "Entity")) < 0)
			return rc;
	} else if ((rc = add_names(cp, entity, en, CLR_NAME_PRIMARY, 0, "Entity")) < 0)
		return rc;
	if (ld->failed_row)
		return 0;
	if (!ld->d.names.n)
		return clr__loader_fail(ld, cp->line, "Entity", CLR_EINPUT,
		                        "record has no name (Entity, LastName or GivenName)");
	if ((rc = add_aliases(cp, aliases, an, person)) < 0 || ld->failed_row ||
	    (rc = add_dobs(cp, dob, dn)) < 0 || ld->failed_row ||
	    (rc = clr__draft_program(ld, country, cn, "Country")) < 0 || ld->failed_row)
		return rc;
	/* remarks: the schedule and item the regulations cite, the title */
	clr__buf_clear(t);
	if ((sn && clr__buf_printf(t, "Schedule %.*s, ", (int)sn, sched)) ||
	    clr__buf_printf(t, "item %.*s.", (int)in, item) ||
	    (tn && clr__buf_printf(t, " Title: %.*s.", (int)tn, title)))
		return clr__loader_fatal(ld, cp->line, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, t->p, t->len, "Schedule")) < 0)
		return rc;
	return clr__draft_commit(ld);
}

static int on_start(void *payload, clr_xml *x, int depth, const char *name)
{
	ca_parse *cp = payload;
	if (!cp->in_record) {
		if (strcmp(name, "record"))
			return 0;
		cp->in_record = 1;
		cp->depth = depth;
		cp->line = clr__xml_line(x);
		clr__buf_clear(&cp->pool);
		memset(cp->f, 0, sizeof(cp->f));
		cp->ld->report.rows++;
	}
	clr__xml_want_text(x, depth == cp->depth + 1);
	return 0;
}

static int on_end(void *payload, clr_xml *x, int depth, const char *name, const char *text,
                  size_t n)
{
	ca_parse *cp = payload;
	if (!cp->in_record)
		return 0;
	if (depth == cp->depth) {
		cp->in_record = 0;
		clr__xml_want_text(x, 0);
		return commit_record(cp);
	}
	if (depth != cp->depth + 1)
		return 0;
	for (int f = 0; f < NF; f++)
		if (!strcmp(name, fields[f]))
			return clr__span_put(cp->ld, cp->line, &cp->pool, text, n, &cp->f[f]);
	return 0;
}

int clr__parse_ca_xml(clr_loader *ld, const char *buf, size_t len)
{
	static const clr_xml_handler h = {on_start, on_end};
	ca_parse cp = {.ld = ld};
	int rc = clr__xml_read(ld, buf, len, &h, &cp);
	if (rc == 0 && cp.in_record)
		rc = clr__loader_fatal(ld, cp.line, "record", CLR_EINPUT, "record is not closed");
	clr__buf_free(&cp.pool);
	clr__buf_free(&cp.text);
	clr__buf_free(&cp.name);
	clr__draft_discard(ld);
	return rc;
}
