/*
 * ccl.c - reads the License Requirements of a CCL entry: each row pairs a
 * control ("NS applies to entire entry", "RS applies to 3A090.a", "NS
 * applies to entire entry except 3A001.a.1.a and .b.8") with what it
 * requires ("NS Column 1", "To or within any destination worldwide, see §
 * 742.6(a)(6)(iii)(A)", "To or within ... Country Groups D:1, D:4, and D:5
 * ... excluding any destination also specified in Country Groups A:5 or
 * A:6", "China, Russia, or Venezuela (see § 742.6(a)(7))", "See § 746.1(b)
 * for UN controls").  What is not understood is kept as text: SCOPE_TEXT or
 * RULE_UNKNOWN, which decide nothing (the item is undecided, and the
 * decision asks).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ear_int.h"

static int ci_starts(const char *s, const char *p)
{
	for (; *p; s++, p++)
		if (tolower((unsigned char)*s) != tolower((unsigned char)*p))
			return 0;
	return 1;
}

/* Case-insensitive strstr. */
static const char *ci_find(const char *s, const char *p)
{
	for (; *s; s++)
		if (ci_starts(s, p))
			return s;
	return NULL;
}

static int eccn_at(const char *s)
{
	return isdigit((unsigned char)s[0]) && s[1] >= 'A' && s[1] <= 'E' &&
	       isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	       isdigit((unsigned char)s[4]);
}

static void add_para(control *c, const char *p, size_t n)
{
	if (c->npara >= (int)CLR_MAX_EAR_REFS || !n || n >= sizeof(c->paras[0]))
		return;
	for (size_t i = 0; i < n; i++)
		c->paras[c->npara][i] = (char)tolower((unsigned char)p[i]);
	c->paras[c->npara][n] = '\0';
	c->npara++;
}

/* A paragraph reference: letters, digits and dots ("a.1.b"), ending before
 * anything else; trailing dots dropped. */
static size_t para_len(const char *s)
{
	size_t n = 0;
	while (isalnum((unsigned char)s[n]) || (s[n] == '.' && isalnum((unsigned char)s[n + 1])))
		n++;
	return n;
}

/* The paragraphs of this entry that a text names: "3A090.a" (the entry's),
 * ".b.8", "b.3" (after a first reference), "and .z".  Returns how many were
 * read; references to other ECCNs end the list. */
static int read_paras(const char *eccn, const char *s, control *c, const char **end)
{
	int any = 0;
	const char *p = s;
	while (*p) {
		if (eccn_at(p)) {
			if (strncmp(p, eccn, 5))
				break; /* "for items controlled by 3A001": another entry */
			p += 5;
			if (*p == '.' && isalnum((unsigned char)p[1])) {
				size_t n = para_len(p + 1);
				add_para(c, p + 1, n);
				any = 1;
				p += 1 + n;
			} else {
				break; /* the entry itself, not a paragraph */
			}
			continue;
		}
		if (*p == '.' && isalpha((unsigned char)p[1]) && (p == s || !isalnum((unsigned char)p[-1]))) {
			size_t n = para_len(p + 1);
			add_para(c, p + 1, n);
			any = 1;
			p += 1 + n;
			continue;
		}
		/* ".16" after "1C351.d.15": the previous reference's sibling */
		if (*p == '.' && isdigit((unsigned char)p[1]) && any && c->npara > 0 &&
		    (p == s || !isalnum((unsigned char)p[-1]))) {
			size_t n = para_len(p + 1);
			const char *prev = c->paras[c->npara - 1];
			const char *dot = strrchr(prev, '.');
			if (dot) {
				char sib[48];
				int pl = (int)(dot - prev);
				snprintf(sib, sizeof(sib), "%.*s.%.*s", pl, prev, (int)n, p + 1);
				add_para(c, sib, strlen(sib));
			}
			p += 1 + n;
			continue;
		}
		if (any && isalpha((unsigned char)p[0]) && p[1] == '.' &&
		    isalnum((unsigned char)p[2]) && !isalnum((unsigned char)p[-1])) {
			size_t n = para_len(p);
			add_para(c, p, n);
			p += n;
			continue;
		}
		if (*p == ',' || *p == ' ' || ci_starts(p, "and ") || ci_starts(p, "or ")) {
			p += ci_starts(p, "and ") ? 4 : ci_starts(p, "or ") ? 3 : 1;
			continue;
		}
		break;
	}
	if (end)
		*end = p;
	return any;
}

static void read_scope_(const char *eccn, const char *ctl, control *c);

/* A text scope ("NS applies to ... amplifiers in 3A001.b.2 and ... in
 * 3A001.b.3, except ... for civil telecommunications"): the paragraphs it
 * names, so that an item of another paragraph is out; for one of them the
 * text's conditions still decide (SCOPE_TEXT). */
static void text_refs(const char *eccn, const char *ctl, control *c)
{
	for (const char *p = ctl; (p = strstr(p, eccn)); p += 5)
		if (p[5] == '.' && (p == ctl || !isalnum((unsigned char)p[-1])))
			read_paras(eccn, p, c, NULL);
}

static void read_scope(const char *eccn, const char *ctl, control *c)
{
	read_scope_(eccn, ctl, c);
	if (c->scope == SCOPE_TEXT) {
		c->npara = 0;
		text_refs(eccn, ctl, c);
	}
}

static void read_scope_(const char *eccn, const char *ctl, control *c)
{
	/* "NS applies to entire entry", "RS applies to the entire entry." */
	const char *ap = ci_find(ctl, "applies to ");
	if (!ap) {
		ap = ci_find(ctl, "apply to "); /* "Russian industry sector sanctions apply to" */
		if (!ap) {
			c->scope = SCOPE_TEXT;
			return;
		}
		ap += strlen("apply to ");
	} else {
		ap += strlen("applies to ");
	}
	if (ci_starts(ap, "the "))
		ap += 4;
	if (ci_starts(ap, "entire entry")) {
		const char *rest = ap + strlen("entire entry");
		while (*rest == ',' || *rest == '.' || *rest == ' ')
			rest++;
		if (!*rest) {
			c->scope = SCOPE_ALL;
			return;
		}
		if (ci_starts(rest, "except ")) {
			c->scope = SCOPE_EXCEPT;
			if (!read_paras(eccn, rest + 7, c, NULL))
				c->scope = SCOPE_TEXT;
			return;
		}
		c->scope = SCOPE_TEXT;
		return;
	}
	if (ci_starts(ap, "items controlled by "))
		ap += strlen("items controlled by ");
	if (ci_starts(ap, "paragraphs "))
		ap += strlen("paragraphs ");
	else if (ci_starts(ap, "paragraph "))
		ap += strlen("paragraph ");
	if ((eccn_at(ap) && !strncmp(ap, eccn, 5) && ap[5] == '.') ||
	    (ap[0] == '.' && isalpha((unsigned char)ap[1]))) {
		size_t before = (size_t)c->npara;
		const char *rest;
		int got = read_paras(eccn, ap, c, &rest);
		/* the references, then the end ("... of this entry" too): nothing that
		 * conditions them */
		if (ci_starts(rest, "of this entry"))
			rest += strlen("of this entry");
		while (*rest == '.' || *rest == ' ')
			rest++;
		c->scope = got && !*rest ? SCOPE_PARAS : SCOPE_TEXT;
		if (c->scope == SCOPE_TEXT)
			c->npara = (int)before;
		return;
	}
	c->scope = SCOPE_TEXT;
}

static void add_place(control *c, const char *iso)
{
	for (int i = 0; i < c->nplaces; i++)
		if (!strcmp(c->places[i], iso))
			return;
	if (c->nplaces < (int)CLR_MAX_EAR_REFS) {
		memcpy(c->places[c->nplaces], iso, 3);
		c->nplaces++;
	}
}

/* Countries the CCL's rule texts name, as they write them. */
static const struct {
	const char *name, *iso2;
} named[] = {
	{"china", "CN"}, {"russia", "RU"}, {"venezuela", "VE"}, {"united arab emirates", "AE"},
	{"macau", "MO"}, {"north korea", "KP"}, {"iran", "IR"}, {"syria", "SY"}, {"cuba", "CU"},
	{"iraq", "IQ"}, {"belarus", "BY"}, {"burma", "MM"}, {"cambodia", "KH"},
	{"nicaragua", "NI"}, {"canada", "CA"},
};

static void read_rule(const char *chart, control *c)
{
	c->rule = RULE_UNKNOWN;
	if (ci_starts(chart, "N/A") || ci_starts(chart, "none")) {
		c->rule = RULE_NONE;
		return;
	}
	/* "NS Column 1", "NP Column 1 AT Column 1", "Column 1." (the control's reason) */
	static const char *const reasons[] = {"CB", "NP", "NS", "MT", "RS", "FC", "CC", "AT"};
	static const int first_col[] = {EAR_CB1, EAR_NP1, EAR_NS1, EAR_MT1, EAR_RS1, EAR_FC1,
	                                EAR_CC1, EAR_AT1};
	static const int ncols[] = {3, 2, 2, 1, 2, 1, 3, 2};
	uint16_t cols = 0;
	for (const char *p = chart; (p = ci_find(p, "column ")); p += 7) {
		int num = p[7] - '0';
		const char *r = c->reason;
		if (p >= chart + 3 && p[-1] == ' ' && isupper((unsigned char)p[-3]) &&
		    isupper((unsigned char)p[-2]) && (p == chart + 3 || !isalpha((unsigned char)p[-4])))
			r = NULL; /* the text names the reason itself */
		char rr[3] = {0};
		if (!r) {
			rr[0] = p[-3];
			rr[1] = p[-2];
			r = rr;
		}
		for (int k = 0; k < 8; k++)
			if (!strcmp(r, reasons[k]) && num >= 1 && num <= ncols[k])
				cols |= (uint16_t)(1u << (first_col[k] + num - 1));
	}
	if (cols) {
		/* a column and anything more ("RS Column 1, See § 742.6(a)(3) for license
		 * requirements") is not read as the column alone */
		if (ci_find(chart, " see ") && !ci_find(chart, "see § 742.6(a)(3)"))
			return;
		c->rule = RULE_COLUMNS;
		c->cols = cols;
		return;
	}
	if (ci_find(chart, "746.1") && ci_find(chart, "UN controls")) {
		c->rule = RULE_UN;
		return;
	}
	if (ci_find(chart, "see § 746.8")) {
		c->rule = RULE_PLACES;
		add_place(c, "RU");
		add_place(c, "BY");
		return;
	}
	/* EI: "Refer to § 742.15": all destinations except Canada (742.15(a)) */
	if (ci_find(chart, "742.15") && !strcmp(c->reason, "EI")) {
		c->rule = RULE_WORLDWIDE;
		add_place(c, "CA");
		return;
	}
	if (ci_find(chart, "worldwide") || ci_find(chart, "all destinations")) {
		const char *ex = ci_find(chart, "except ");
		if (ex && ci_find(ex, "canada") && !ci_find(chart, "country group"))
			add_place(c, "CA");
		else if (ex)
			return; /* an exception we cannot read */
		c->rule = RULE_WORLDWIDE;
		return;
	}
	/* places and country groups: "To or within Macau or a destination specified in
	 * Country Group D:5 ...", "China, Russia, or Venezuela (see § 742.6(a)(7))",
	 * "... excluding any destination also specified in Country Groups A:5 or A:6" */
	const char *excl = ci_find(chart, "excluding");
	const char *stop = excl ? excl : chart + strlen(chart);
	const char *end = chart + strlen(chart);
	int any = 0;
	for (const char *p = chart; p < end; p++) {
		if (p[0] >= 'A' && p[0] <= 'E' && p[1] == ':' && isdigit((unsigned char)p[2]) &&
		    (p == chart || !isalnum((unsigned char)p[-1]))) {
			int g = clr__ear_group(p, 3);
			if (g >= 0) {
				if (p < stop)
					c->in_groups |= (uint16_t)(1u << g);
				else
					c->out_groups |= (uint16_t)(1u << g);
				any = 1;
			}
		}
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++) {
		const char *at = ci_find(chart, named[i].name);
		if (at && at < stop) {
			add_place(c, named[i].iso2);
			any = 1;
		}
	}
	/* only texts that are a list of destinations: a license "for items ... to
	 * North Korea" names a destination; a cross-reference alone does not */
	if (any && (ci_starts(chart, "to ") || ci_find(chart, "destination") ||
	            ci_find(chart, "742.6(a)(7)") || ci_find(chart, "a license is required"))) {
		if (ci_find(chart, "other than") || ci_find(chart, "except")) {
			c->nplaces = 0;
			c->in_groups = c->out_groups = 0;
			return; /* exclusions we do not read: unknown */
		}
		c->rule = RULE_PLACES;
	}
}

void clr__ear_read_control(const char *eccn, const char *ctl, const char *chart, control *c)
{
	memset(c, 0, sizeof(*c));
	c->control_text = ctl;
	c->chart_text = chart;
	/* the reason: the control's first word ("NS", "RS"), or the sector sanctions */
	if (ci_starts(ctl, "Russian industry sector sanctions")) {
		memcpy(c->reason, "SS", 3);
	} else {
		size_t n = 0;
		while (n < sizeof(c->reason) - 1 && isalpha((unsigned char)ctl[n]))
			n++;
		memcpy(c->reason, ctl, n);
		c->reason[n] = '\0';
		for (size_t i = 0; i < n; i++)
			c->reason[i] = (char)toupper((unsigned char)c->reason[i]);
	}
	read_scope(eccn, ctl, c);
	read_rule(chart, c);
}
