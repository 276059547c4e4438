/*
 * decide.c - the license requirements of a transaction by item and
 * destination (15 CFR 738.4's procedure): for each item, each reason for
 * control of its ECCN against the Country Chart column or the rule the CCL
 * states; the embargoes and special controls of Part 746 for the
 * destination; the military end-use rule (744.21) and the WMD end uses
 * (744.2-744.4) the transaction states.  Anything an input would decide
 * and the transaction does not give (the ECCN, its paragraph, an HTS code,
 * whether an item is food or medicine, the end use) is a question, and
 * the decision is review, never "no license required".  License
 * exceptions are candidates with what to verify, never applied.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ear_int.h"
#include "../lists/loader.h"
#include "../rules/rules.h"

int clr__ear_end_use(const char *s)
{
	static const char *const v[] = {"", "civil", "military", "nuclear", "missile",
	                                "chemical_biological"};
	if (!s)
		return EAR_USE_UNKNOWN;
	for (int i = 1; i < 6; i++)
		if (!strcmp(s, v[i]))
			return i;
	return -1;
}

int clr__ear_end_user(const char *s)
{
	static const char *const v[] = {"", "commercial", "government", "military", "individual"};
	if (!s)
		return EAR_USER_UNKNOWN;
	for (int i = 1; i < 5; i++)
		if (!strcmp(s, v[i]))
			return i;
	return -1;
}

/* ---- the context of one decision ---- */

typedef struct ctx {
	const clr_ear *e;
	int32_t date;
	const chart_v *chart;
	const ccl_v *ccl;
	const groups_v *groups;
	const p746_v *p746;
	const emb_v *emb;
	const lex_v *lex;
	clr_ear_place place;
	const chart_row *row;
	uint16_t dgroups;     /* the destination row's country groups */
	int end_use, end_user;
	clr_ear_out *out;
} ctx;

static void sev(ctx *x, int s)
{
	if (s > x->out->sev)
		x->out->sev = s;
}

static void question(ctx *x, const char *field, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void question(ctx *x, const char *field, const char *why, const char *fmt, ...)
{
	char q[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	/* one question per field and text */
	for (size_t i = 0; i < json_array_size(x->out->questions); i++) {
		json_t *o = json_array_get(x->out->questions, i);
		if (!strcmp(json_string_value(json_object_get(o, "field")), field) &&
		    !strcmp(json_string_value(json_object_get(o, "question")), q))
			return;
	}
	json_array_append_new(x->out->questions,
	                      json_pack("{s:s,s:s,s:s}", "field", field, "question", q, "why", why));
	sev(x, EAR_SEV_REVIEW);
}

static json_t *reason(ctx *x, const char *rule, int effect, const clr_ear_item *it,
                      const char *citation, const char *why)
{
	json_t *r = json_pack("{s:s,s:s,s:s}", "rule", rule, "effect",
	                      effect == EAR_SEV_LICENSE ? "license_required" : "review", "citation",
	                      citation);
	if (!r)
		return NULL;
	if (it) {
		char f[32];
		snprintf(f, sizeof(f), "items[%zu]", it->index);
		json_object_set_new(r, "item", json_string(f));
		if (it->eccn)
			json_object_set_new(r, "eccn", json_string(it->eccn));
		if (it->paragraph)
			json_object_set_new(r, "paragraph", json_string(it->paragraph));
	}
	if (why)
		json_object_set_new(r, "why", json_string(why));
	json_array_append_new(x->out->reasons, r);
	sev(x, effect);
	return r;
}

static void policy(ctx *x, json_t *r, int pol, const char *text)
{
	json_object_set_new(r, "review_policy", json_string(clr__policy_name(pol)));
	if (text)
		json_object_set_new(r, "review_policy_text", json_string(text));
	if (pol > x->out->policy)
		x->out->policy = pol;
}

static const lex_row *lex_find(const ctx *x, const char *sym)
{
	for (size_t i = 0; x->lex && i < x->lex->rows.n; i++)
		if (!strcmp(x->lex->rows.v[i].symbol, sym))
			return &x->lex->rows.v[i];
	return NULL;
}

static void candidate(ctx *x, const char *sym, const char *forwhat, const char *verify)
{
	for (size_t i = 0; i < json_array_size(x->out->exceptions); i++) {
		json_t *o = json_array_get(x->out->exceptions, i);
		if (!strcmp(json_string_value(json_object_get(o, "symbol")), sym) &&
		    !strcmp(json_string_value(json_object_get(o, "for")), forwhat))
			return;
	}
	const lex_row *l = lex_find(x, sym);
	json_array_append_new(x->out->exceptions,
	                      json_pack("{s:s,s:s?,s:s?,s:s,s:s}", "symbol", sym, "section",
	                                l ? l->section : NULL, "title", l ? l->title : NULL, "for",
	                                forwhat, "verify", verify));
}

static int in_codes(const code_vec *v, const char *code)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i].code, code))
			return 1;
	return 0;
}

/* ---- items ---- */

typedef struct item_view {
	const clr_ear_item *it;
	int kind;            /* 0 unknown, 1 ECCN, 2 EAR99 */
	char eccn5[8];
	char para[32];       /* the paragraph, lower case, relative ("a.1"); "" when not known */
	const eccn_entry *en;
	int required;        /* a license requirement found for it */
} item_view;

/* 1 when the item's paragraph is within ref, 0 when apart, 2 when the
 * paragraph is not known (or less precise than ref). */
static int para_in(const char *para, const char *ref)
{
	if (!*para)
		return 2;
	size_t pl = strlen(para), rl = strlen(ref);
	if (pl >= rl && !strncmp(para, ref, rl) && (pl == rl || para[rl] == '.'))
		return 1;
	if (rl > pl && !strncmp(ref, para, pl) && ref[pl] == '.')
		return 2; /* "3A001.b" given, the requirement names 3A001.b.2 */
	return 0;
}

static int scope_has(const control *c, const char *para)
{
	switch (c->scope) {
	case SCOPE_ALL:
		return 1;
	case SCOPE_PARAS:
	case SCOPE_EXCEPT: {
		int got = 0;
		for (int i = 0; i < c->npara; i++) {
			int m = para_in(para, c->paras[i]);
			if (m == 1) {
				got = 1;
				break;
			}
			if (m == 2)
				got = 2;
		}
		if (c->scope == SCOPE_PARAS)
			return got;
		return got == 1 ? 0 : got == 2 ? 2 : 1;
	}
	default: { /* text: out when it names paragraphs and none is the item's */
		if (!c->npara || !*para)
			return 2;
		for (int i = 0; i < c->npara; i++)
			if (para_in(para, c->paras[i]))
				return 2;
		return 0;
	}
	}
}

static int place_is(const ctx *x, const char *iso)
{
	return !strcmp(x->place.code, iso) || !strcmp(x->place.row, iso);
}

static int rule_hits(const ctx *x, const control *c)
{
	switch (c->rule) {
	case RULE_NONE:
		return 0;
	case RULE_COLUMNS:
		return x->row && (x->row->x & c->cols) ? 1 : 0;
	case RULE_WORLDWIDE:
		for (int i = 0; i < c->nplaces; i++)
			if (place_is(x, c->places[i]))
				return 0;
		return 1;
	case RULE_PLACES: {
		for (int i = 0; i < c->nplaces; i++)
			if (place_is(x, c->places[i]))
				return 1;
		if ((x->dgroups & c->in_groups) && !(x->dgroups & c->out_groups))
			return 1;
		return 0;
	}
	case RULE_UN:
		return x->p746 && (in_codes(&x->p746->un_arms, x->place.code) ||
		                   in_codes(&x->p746->un_arms, x->place.row));
	default:
		return 2;
	}
}

static void chart_citation(const control *c, const item_view *v, char *buf, size_t cap)
{
	char cols[160] = "";
	for (int k = 0; k < EAR_NCOLS; k++)
		if (c->cols & (1u << k)) {
			size_t l = strlen(cols);
			snprintf(cols + l, sizeof(cols) - l, "%s%s", l ? ", " : "", clr__ear_col_labels[k]);
		}
	snprintf(buf, cap, "15 CFR 738 Supp. 1: %s; %s%s%s", cols, v->eccn5, *v->para ? "." : "",
	         v->para);
}

/* The license exceptions an ECCN's entry names for a requirement from the
 * chart (740.3 LVS, 740.4 GBS, 740.20 STA, 740.17 ENC): candidates. */
static void ccl_candidates(ctx *x, const item_view *v, const control *c, const char *forwhat)
{
	const eccn_entry *en = v->en;
	if (en->lvs && strncmp(en->lvs, "N/A", 3)) {
		char verify[512];
		snprintf(verify, sizeof(verify), "the shipment's net value is within LVS for %s: %s "
		         "(15 CFR 740.3)", v->eccn5, en->lvs);
		candidate(x, "LVS", forwhat, verify);
	}
	if (en->gbs && !strncmp(en->gbs, "Yes", 3) && (x->dgroups & (1u << EAR_GB))) {
		char verify[512];
		snprintf(verify, sizeof(verify), "GBS for %s: %s; the destination is in Country Group "
		         "B (15 CFR 740.4)", v->eccn5, en->gbs);
		candidate(x, "GBS", forwhat, verify);
	}
	if (en->sta && strncmp(en->sta, "N/A", 3) &&
	    (x->dgroups & ((1u << EAR_GA5) | (1u << EAR_GA6)))) {
		candidate(x, "STA", forwhat, "the destination is in Country Group A:5 or A:6; STA's "
		          "conditions for this ECCN hold (15 CFR 740.20; the entry's special "
		          "conditions)");
	}
	if (!strcmp(c->reason, "EI") || (v->eccn5[1] == 'A' && v->eccn5[0] == '5' &&
	                                 !strcmp(v->eccn5 + 2, "002")))
		candidate(x, "ENC", forwhat, "the item is classified under 15 CFR 740.17 and the "
		          "end user and destination meet its paragraph");
}

/* The number after a phrase in a control's text ("less than 24 in."): its
 * digits, or "" when the phrase is not there. */
static void number_after(const char *text, const char *phrase, char out[16])
{
	out[0] = '\0';
	const char *p = strstr(text, phrase);
	if (!p)
		return;
	p += strlen(phrase);
	size_t k = 0;
	while (k < 15 && (isdigit((unsigned char)*p) || *p == '.'))
		out[k++] = *p++;
	out[k] = '\0';
}

/* Two controls of one reason whose texts split the entry by one measure
 * ("shotguns with a barrel length less than 24 in." and "... greater than
 * or equal to 24 in."): whichever the item is, one of them covers it.  The
 * index of c's complement in the entry, or -1. */
static long complement(const ctx *x, const eccn_entry *en, uint32_t k)
{
	const control *c = &x->ccl->c.v[en->c0 + k];
	char a[16], b[16];
	if (c->scope != SCOPE_TEXT)
		return -1;
	number_after(c->control_text, "less than ", a);
	if (!*a)
		return -1;
	for (uint32_t j = 0; j < en->nc; j++) {
		const control *d = &x->ccl->c.v[en->c0 + j];
		if (j == k || d->scope != SCOPE_TEXT || strcmp(d->reason, c->reason))
			continue;
		number_after(d->control_text, "greater than or equal to ", b);
		if (*b && !strcmp(a, b))
			return (long)j;
	}
	return -1;
}

/* The chart's footnotes of the destination that name the item's ECCN
 * ("A license is required to these destinations for items in the following
 * ECCNs: 0A501 (except for 0A501.y), ..."; "... 6A003.b.4.b and 9A515.e for RS
 * column 2 reasons when destined to India"): conditions the grid does not
 * show, for the analyst to apply. */
static void footnotes(ctx *x, item_view *v)
{
	const notes_v *nv = EAR_VERSION(x->e->notes, x->date);
	if (!nv || !x->row || !x->row->notes)
		return;
	for (size_t i = 0; i < nv->rows.n; i++) {
		const note_row *r = &nv->rows.v[i];
		if (r->number < 1 || r->number > 31 || !(x->row->notes >> r->number & 1))
			continue;
		const char *at = strstr(r->text, v->eccn5);
		if (!at || (at > r->text && isalnum((unsigned char)at[-1])) || isdigit((unsigned char)at[5]))
			continue;
		char cite[96];
		snprintf(cite, sizeof(cite), "15 CFR 738 Supp. 1, footnote %d (%s)", r->number,
		         x->row->name);
		reason(x, "chart_footnote", EAR_SEV_REVIEW, v->it, cite, r->text);
	}
}

static void ccl_item(ctx *x, item_view *v)
{
	const eccn_entry *en = v->en;
	footnotes(x, v);
	char f[48];
	snprintf(f, sizeof(f), "items[%zu].paragraph", v->it->index);
	if (!en->nc) {
		if (en->heading && strstr(en->heading, "ITAR")) {
			reason(x, "itar", EAR_SEV_REVIEW, v->it, "22 CFR 120-130 (ITAR); 15 CFR 774 "
			       "Supp. 1", "the entry says its items are subject to the ITAR: a State "
			       "Department question, outside the EAR");
		} else {
			reason(x, "no_requirement_read", EAR_SEV_REVIEW, v->it, "15 CFR 774 Supp. 1",
			       "the entry states no license requirement in this version of the CCL");
		}
		return;
	}
	for (uint32_t k = 0; k < en->nc; k++) {
		const control *c = &x->ccl->c.v[en->c0 + k];
		int in = scope_has(c, v->para);
		if (!in)
			continue;
		int hit = rule_hits(x, c);
		long o = in == 2 ? complement(x, en, k) : -1;
		if (o >= 0) {
			/* one of the pair covers the item: both hitting settle it; neither
			 * hitting settles it the other way */
			int ho = rule_hits(x, &x->ccl->c.v[en->c0 + (uint32_t)o]);
			if (hit == 1 && ho == 1)
				in = 1;
			else if (!hit && !ho)
				continue;
		}
		if (!hit)
			continue;
		char cite[512];
		if (c->rule == RULE_COLUMNS && o >= 0 && in == 1) {
			/* the pair: cite both, the item is under one of them */
			control both = *c;
			both.cols |= x->ccl->c.v[en->c0 + (uint32_t)o].cols;
			chart_citation(&both, v, cite, sizeof(cite));
		} else if (c->rule == RULE_COLUMNS)
			chart_citation(c, v, cite, sizeof(cite));
		else
			snprintf(cite, sizeof(cite), "15 CFR 774 Supp. 1, %s, License Requirements: %s: "
			         "%s", v->eccn5, c->control_text, c->chart_text);
		if (in == 1 && hit == 1) {
			char forwhat[64], why[768];
			snprintf(forwhat, sizeof(forwhat), "items[%zu] %s", v->it->index, c->reason);
			if (c->rule == RULE_COLUMNS)
				snprintf(why, sizeof(why), "%s; the Country Chart has an X for %s", c->control_text,
				         x->row ? x->row->name : x->place.row);
			else
				snprintf(why, sizeof(why), "%s; %s", c->control_text, c->chart_text);
			json_t *r = reason(x, c->rule == RULE_COLUMNS ? "country_chart" : "ccl_rule",
			                   EAR_SEV_LICENSE, v->it, cite, why);
			if (r) {
				json_object_set_new(r, "reason_for_control", json_string(c->reason));
				policy(x, r, CLR_POL_UNSPECIFIED, NULL);
			}
			v->required = 1;
			ccl_candidates(x, v, c, forwhat);
		} else if (in == 2 && hit == 1 && (c->scope != SCOPE_TEXT || (!*v->para && c->npara))) {
			question(x, f, cite, "Which paragraph of %s is the item? The %s requirement "
			         "covers only part of the entry (\"%s\") and applies to this destination",
			         v->eccn5, c->reason, c->control_text);
		} else if (in == 2 && hit == 1) {
			char fi[32];
			snprintf(fi, sizeof(fi), "items[%zu]", v->it->index);
			question(x, fi, cite, "Does the item (%s%s%s) meet the conditions of the %s "
			         "requirement, which applies to this destination: \"%s\"?", v->eccn5,
			         *v->para ? "." : "", v->para, c->reason, c->control_text);
		} else if (hit == 2) {
			char fi[32];
			snprintf(fi, sizeof(fi), "items[%zu]", v->it->index);
			question(x, fi, cite, "Does this requirement of %s apply to the transaction: "
			         "\"%s\" - \"%s\"? (the rule is not one this version reads)", v->eccn5,
			         c->control_text, c->chart_text);
		}
	}
}

/* ---- Part 746 ---- */

static int hts_listed(const ctx *x, const char *supp, const char *hts)
{
	char six[8];
	size_t k = 0;
	for (const char *p = hts; *p && k < 6; p++)
		if (isdigit((unsigned char)*p))
			six[k++] = *p;
	six[k] = '\0';
	if (k < 6)
		return -1;
	for (size_t i = 0; x->p746 && i < x->p746->hts.n; i++) {
		const hts_row *h = &x->p746->hts.v[i];
		if (!strcmp(h->supp, supp) && !strncmp(h->code, six, strlen(h->code)))
			return 1;
	}
	return 0;
}

/* Food or medicine by the HTS chapter, when the transaction does not say:
 * chapters 2-23 (meat, fish, dairy, produce, cereals, preparations,
 * beverages, animal feed) are food, 30 (pharmaceutical products) medicine,
 * others neither; 1 (live animals), 24 (tobacco) and a missing or short
 * code leave it open (-1). */
static int hts_food(const char *hts)
{
	int d[2], k = 0;
	for (const char *p = hts; p && *p && k < 2; p++)
		if (isdigit((unsigned char)*p))
			d[k++] = *p - '0';
	if (k < 2)
		return -1;
	int ch = d[0] * 10 + d[1];
	if (ch >= 2 && ch <= 23)
		return 1;
	if (ch == 30)
		return 1;
	if (ch == 1 || ch == 24)
		return -1;
	return 0;
}

static void emb_candidates(ctx *x, const embargo *r, const char *forwhat)
{
	if (!r->exceptions || !strcmp(r->exceptions, "none"))
		return;
	char sym[16];
	for (const char *p = r->exceptions; *p;) {
		size_t n = strcspn(p, ",");
		const char *s = p;
		size_t sl = n;
		clr__trim(&s, &sl);
		if (sl && sl < sizeof(sym)) {
			memcpy(sym, s, sl);
			sym[sl] = '\0';
			char verify[512];
			snprintf(verify, sizeof(verify), "the transaction meets every term of %s as %s "
			         "makes it available to this destination (narrow for embargoed "
			         "destinations)", sym, r->citation);
			candidate(x, sym, forwhat, verify);
		}
		p += n + (p[n] == ',');
	}
}

static void embargoes(ctx *x, item_view *items, size_t n)
{
	int any = 0;
	for (size_t i = 0; x->emb && i < x->emb->rows.n; i++) {
		const embargo *r = &x->emb->rows.v[i];
		if (strcmp(r->dest, x->place.code) || r->from > x->date || r->to < x->date)
			continue;
		any = 1;
		for (size_t k = 0; k < n; k++) {
			item_view *v = &items[k];
			const clr_ear_item *it = v->it;
			char fld[48];
			int hit = 0;
			switch (r->applies) {
			case APPLY_ALL:
				hit = 1; /* every item subject to the EAR */
				if (v->kind == 2 && (r->except & EXC_FOOD_MEDICINE)) {
					int fm = it->food_medicine >= 0 ? it->food_medicine : hts_food(it->hts);
					if (fm == 1)
						hit = 0;
					else if (fm < 0) {
						snprintf(fld, sizeof(fld), "items[%zu].food_medicine", it->index);
						question(x, fld, r->citation, "Is the EAR99 item food or medicine "
						         "(as 15 CFR 772 defines them)? %s excepts them", r->citation);
						hit = 0;
					}
				}
				break;
			case APPLY_CCL:
				hit = v->kind == 1;
				break;
			case APPLY_EAR99:
				hit = v->kind == 2;
				break;
			case APPLY_HTS:
				if (v->kind != 2)
					break;
				if (!it->hts) {
					snprintf(fld, sizeof(fld), "items[%zu].hts", it->index);
					question(x, fld, r->citation, "What is the item's HTS code (six digits)? "
					         "EAR99 items whose HTS code %s lists need a license to %s", r->citation,
					         x->place.code);
				} else {
					int l = hts_listed(x, r->supp, it->hts);
					if (l < 0) {
						snprintf(fld, sizeof(fld), "items[%zu].hts", it->index);
						question(x, fld, r->citation, "'%s' is not an HTS code of six digits "
						         "or more", it->hts);
					}
					hit = l == 1;
				}
				break;
			}
			if (!hit)
				continue;
			json_t *re = reason(x, "embargo", EAR_SEV_LICENSE, it, r->citation, r->why);
			if (re) {
				json_object_set_new(re, "destination", json_string(x->place.code));
				policy(x, re, r->policy, r->policy_text);
			}
			v->required = 1;
			char forwhat[64];
			snprintf(forwhat, sizeof(forwhat), "items[%zu] %s", it->index, r->citation);
			emb_candidates(x, r, forwhat);
		}
	}
	/* what the rows cannot settle for EAR99 goods to Russia or Belarus */
	if (place_is(x, "RU") || place_is(x, "BY"))
		for (size_t k = 0; k < n; k++) {
			const clr_ear_item *it = items[k].it;
			if (items[k].kind != 2 || items[k].required || !it->hts)
				continue; /* without an HTS code the rows above ask for it */
			char fld[48];
			snprintf(fld, sizeof(fld), "items[%zu]", it->index);
			int ch = -1;
			if (isdigit((unsigned char)it->hts[0]) && isdigit((unsigned char)it->hts[1]))
				ch = (it->hts[0] - '0') * 10 + (it->hts[1] - '0');
			if (hts_listed(x, "supp2", it->hts) == 1)
				question(x, "end_use", "15 CFR 746.8(a)(4); supplement no. 2 to part 746",
				         "Is the item for exploration or production of oil or gas from "
				         "deepwater, Arctic offshore or shale projects in Russia or Belarus, "
				         "or can that not be determined? Then 746.8(a)(4) requires a license");
			if (ch == 28 || ch == 29 || ch == 38)
				question(x, fld, "15 CFR 746.8(a)(6); supplement no. 6 to part 746",
				         "Is the chemical identified in supplement no. 6 to part 746 (by CAS "
				         "number)? Then 746.8(a)(6) requires a license; the tables do not hold "
				         "that supplement");
			if (ch == 85 && !strncmp(it->hts, "8523", 4))
				question(x, fld, "15 CFR 746.8(a)(8)", "Is the software of a type 746.8(a)(8) "
				         "lists (ERP, CRM, BI, SCM, CAD, CAM, PLM, BIM, CNC ...)? Then a license "
				         "is required");
		}
	if (!any && x->row && x->row->part746) {
		char why[512];
		snprintf(why, sizeof(why), "the Country Chart says: %s; no Part 746 rule of the tables "
		         "is in force for this destination on the transaction date", x->row->part746);
		reason(x, "embargo_not_read", EAR_SEV_REVIEW, NULL, "15 CFR 738 Supp. 1; part 746", why);
	}
}

/* ---- Part 744 end uses ---- */

static int meu_item(const ctx *x, const item_view *v)
{
	if (!x->p746)
		return 0;
	if (place_is(x, "RU") || place_is(x, "BY"))
		return 1; /* 744.21(a): any item subject to the EAR */
	if (!in_codes(&x->p746->meu_dest, x->place.code) &&
	    !in_codes(&x->p746->meu_dest, x->place.row))
		return 0;
	if (v->kind == 0)
		return 2;
	if (v->kind != 1)
		return 0;
	for (size_t i = 0; i < x->p746->meu_eccn.n; i++) {
		const char *m = x->p746->meu_eccn.v[i].code;
		size_t ml = strlen(m);
		char full[40];
		snprintf(full, sizeof(full), "%s%s%s", v->eccn5, *v->para ? "." : "", v->para);
		for (char *p = full; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		char mu[16];
		snprintf(mu, sizeof(mu), "%s", m);
		for (char *p = mu; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (!strncmp(full, mu, ml) && (full[ml] == '\0' || full[ml] == '.'))
			return 1;
		if (ml > 5 && !strncmp(mu, v->eccn5, 5) && !*v->para)
			return 2; /* a paragraph of the entry is on the list */
	}
	return 0;
}

static void end_uses(ctx *x, item_view *items, size_t n)
{
	static const char meu_cite[] = "15 CFR 744.21(a); supplement no. 2 to part 744";
	int military = x->end_use == EAR_USE_MILITARY || x->end_user == EAR_USER_MILITARY;
	int stated = x->end_use != EAR_USE_UNKNOWN || x->end_user != EAR_USER_UNKNOWN;
	for (size_t k = 0; k < n; k++) {
		item_view *v = &items[k];
		int m = meu_item(x, v);
		if (m == 1 && military) {
			json_t *r = reason(x, "military_end_use", EAR_SEV_LICENSE, v->it, meu_cite,
			                   "a military end use or end user in a destination of 744.21 "
			                   "for an item it covers");
			if (r)
				policy(x, r, CLR_POL_PRESUMPTION_DENIAL, "presumption of denial (15 CFR "
				       "744.21(e))");
			v->required = 1;
		} else if (m && !stated && !v->required) {
			question(x, "end_use", meu_cite, "Is the item for a military end use or a military "
			         "end user in %s? 15 CFR 744.21 then requires a license", x->place.code);
		} else if (m == 2 && military && !v->required) {
			char fld[48];
			snprintf(fld, sizeof(fld), "items[%zu].paragraph", v->it->index);
			question(x, fld, meu_cite, "Which paragraph of %s is the item? Part of the entry "
			         "is on supplement no. 2 to part 744", v->eccn5);
		}
		static const struct {
			int use;
			const char *rule, *cite, *why;
		} wmd[] = {
			{EAR_USE_NUCLEAR, "nuclear_end_use", "15 CFR 744.2(a)",
			 "the item is known to be for a nuclear end use of 744.2"},
			{EAR_USE_MISSILE, "missile_end_use", "15 CFR 744.3(a)",
			 "the item is known to be for rocket systems or unmanned aerial vehicles of 744.3"},
			{EAR_USE_CHEM_BIO, "chemical_biological_end_use", "15 CFR 744.4(a)",
			 "the item is known to be for chemical or biological weapons of 744.4"},
		};
		for (size_t w = 0; w < 3; w++)
			if (x->end_use == wmd[w].use) {
				json_t *r = reason(x, wmd[w].rule, EAR_SEV_LICENSE, v->it, wmd[w].cite,
				                   wmd[w].why);
				if (r)
					policy(x, r, CLR_POL_UNSPECIFIED, NULL);
				v->required = 1;
			}
	}
}

/* ---- the decision ---- */

int clr__ear_decide(const clr_ear *e, int32_t date, const char *destination,
                    const clr_ear_item *items, size_t nitems, int end_use, int end_user,
                    clr_ear_out *out)
{
	ctx x = {.e = e, .date = date, .end_use = end_use, .end_user = end_user, .out = out};
	x.chart = EAR_VERSION(e->chart, date);
	x.ccl = EAR_VERSION(e->ccl, date);
	x.groups = EAR_VERSION(e->groups, date);
	x.p746 = EAR_VERSION(e->p746, date);
	x.emb = EAR_VERSION(e->emb, date);
	x.lex = EAR_VERSION(e->lex, date);
	out->sev = EAR_SEV_NONE;
	out->policy = CLR_POL_NONE;
	const ear_vmeta *ms[] = {&x.chart->m, &x.ccl->m, &x.groups->m, &x.p746->m, &x.emb->m};
	char later[512] = "";
	for (size_t i = 0; i < sizeof(ms) / sizeof(*ms); i++)
		if (ms[i]->from > date) {
			size_t l = strlen(later);
			snprintf(later + l, sizeof(later) - l, "%s%s", l ? ", " : "", ms[i]->file);
		}
	if (*later)
		json_array_append_new(out->notes, json_sprintf("decided with %s: the earliest versions "
		                      "held, in force only after the transaction date (the versions in "
		                      "force then are not loaded)", later));
	if (!destination) {
		question(&x, "destination", "15 CFR 738.4", "Where do the items go? The destination "
		         "decides the Country Chart and Part 746 requirements");
		return 0;
	}
	const char *us = clr__country_code(destination, strlen(destination));
	if (us && !strcmp(us, "US")) {
		json_array_append_new(out->notes, json_string("the destination is the United States: "
		                      "no export or reexport, so no license by item and destination"));
		return 0;
	}
	if (clr__ear_place(e, destination, date, &x.place) < 0) {
		question(&x, "destination", "15 CFR 738.3", "'%s' is neither a Country Chart row nor "
		         "a territory the EAR assigns to one (give an ISO 3166 code or the chart's "
		         "name)", destination);
		return 0;
	}
	x.row = clr__ear_chart_row(x.chart, x.place.row);
	x.dgroups = clr__ear_groups_of(x.groups, x.place.row);
	if (x.place.via)
		json_array_append_new(out->notes, json_sprintf("%s is decided by the Country Chart row "
		                      "of %s: %s", x.place.code, x.place.row, x.place.via));
	item_view iv[1024];
	if (nitems > sizeof(iv) / sizeof(*iv))
		nitems = sizeof(iv) / sizeof(*iv);
	for (size_t i = 0; i < nitems; i++) {
		item_view *v = &iv[i];
		memset(v, 0, sizeof(*v));
		v->it = &items[i];
		char norm[32], fld[48];
		if (!items[i].eccn) {
			snprintf(fld, sizeof(fld), "items[%zu].eccn", items[i].index);
			question(&x, fld, "15 CFR 738.4(a)(1)", "What is the item's ECCN, or is it EAR99? "
			         "Without it no Country Chart requirement can be read");
			continue;
		}
		int k = clr__eccn_norm(items[i].eccn, norm);
		v->kind = k == 1 ? 1 : k == 2 ? 2 : 0;
		if (v->kind == 1) {
			memcpy(v->eccn5, norm, 5);
			v->eccn5[5] = '\0';
			const char *p = norm[5] == '.' ? norm + 6 : "";
			if (!*p && items[i].paragraph) {
				char pn[32];
				if (clr__eccn_norm(items[i].paragraph, pn) == 1 && !strncmp(pn, norm, 5))
					p = pn[5] == '.' ? pn + 6 : "";
				else
					p = items[i].paragraph;
				snprintf(v->para, sizeof(v->para), "%s", *p == '.' ? p + 1 : p);
			} else {
				snprintf(v->para, sizeof(v->para), "%s", p);
			}
			for (char *q = v->para; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			v->en = clr__ear_eccn(x.ccl, v->eccn5);
			if (!v->en) {
				snprintf(fld, sizeof(fld), "items[%zu].eccn", items[i].index);
				question(&x, fld, "15 CFR 774 Supp. 1", "%s is not an entry of the CCL "
				         "version in force (%s): check the classification", v->eccn5,
				         x.ccl->m.file);
				v->kind = 0;
				continue;
			}
			ccl_item(&x, v);
		}
	}
	embargoes(&x, iv, nitems);
	end_uses(&x, iv, nitems);
	/* a question about an item that needs a license anyway cannot change the
	 * decision: it becomes a note (the answer may add requirements) */
	for (size_t i = 0; i < json_array_size(out->questions);) {
		json_t *q = json_array_get(out->questions, i);
		const char *f = json_string_value(json_object_get(q, "field"));
		size_t k;
		if (f && sscanf(f, "items[%zu]", &k) == 1) {
			for (size_t j = 0; j < nitems; j++)
				if (iv[j].it->index == k && iv[j].required) {
					json_array_append_new(out->notes,
					                      json_sprintf("%s (not asked: a license is required "
					                                   "for the item already; the answer may add "
					                                   "requirements): %s", f,
					                                   json_string_value(json_object_get(q,
					                                                     "question"))));
					json_array_remove(out->questions, i);
					q = NULL;
					break;
				}
			if (!q)
				continue;
		}
		i++;
	}
	return 0;
}

int clr__ear_red_flag(const clr_ear *e, int32_t date, int n, const char **text)
{
	const p746_v *pv = EAR_VERSION(e->p746, date);
	char key[16];
	snprintf(key, sizeof(key), "%d", n);
	for (size_t i = 0; pv && i < pv->red_flags.n; i++)
		if (!strcmp(pv->red_flags.v[i].code, key)) {
			*text = pv->red_flags.v[i].value;
			return 0;
		}
	return -1;
}

