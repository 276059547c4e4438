/*
 * scope.c - reads the license requirement and license review policy texts of
 * list entries: what items the requirement covers (all items subject to the
 * EAR, Supplement No. 2 items, end-use-bound projects, EXCEPT clauses), which
 * foreign-direct-product footnotes it carries, and the most restrictive
 * review policy it states.  Text in, small structs out; a text not
 * understood is reported as such, never guessed into "not required".
 */
#include <ctype.h>
#include <stdlib.h>

#include "rules.h"

/* Lower-cases ASCII, folds white space runs to one space and the
 * typographic dashes and quotes the lists use to ASCII. */
static char *fold(const char *text)
{
	size_t n = text ? strlen(text) : 0, k = 0;
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == 0xE2 && i + 2 < n && (unsigned char)text[i + 1] == 0x80) {
			unsigned char d = (unsigned char)text[i + 2];
			if (d >= 0x90 && d <= 0x95)
				c = '-';
			else if (d >= 0x98 && d <= 0x9F)
				c = '"';
			if (c != 0xE2) {
				i += 2;
				out[k++] = (char)c;
				continue;
			}
		}
		if (isspace(c)) {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
			continue;
		}
		out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
	return out;
}

const char *clr__footnote_rule(int digit)
{
	switch (digit) {
	case 1: return "15 CFR 734.9(e)(1) Entity List foreign direct product rule (footnote 1)";
	case 3: return "15 CFR 734.9(g) Russia/Belarus military end user foreign direct product "
		       "rule (footnote 3)";
	case 4: return "15 CFR 734.9(e)(2) advanced computing foreign direct product rule "
		       "(footnote 4)";
	case 5: return "15 CFR 734.9(e)(3) foreign direct product rule of the December 2024 rule "
		       "(footnote 5)";
	default: return NULL;
	}
}

/* Footnote digits stand alone after a closing parenthesis, a comma or the
 * word "EAR": "§ 734.9(g),3 746.8", "of the EAR) 4", "734.9(e) 1 and",
 * "of the EAR 2"; digits in "(e)(2)", in numbers and in dates are not. */
static unsigned footnotes(const char *z)
{
	unsigned bits = 0;
	for (size_t i = 0; z[i]; i++) {
		char c = z[i];
		if (c < '1' || c > '9')
			continue;
		if (i && (isalnum((unsigned char)z[i - 1]) || z[i - 1] == '.' || z[i - 1] == '('))
			continue;
		if (isalnum((unsigned char)z[i + 1]) || z[i + 1] == '.' || z[i + 1] == '(')
			continue;
		size_t j = i;
		while (j && z[j - 1] == ' ')
			j--;
		int after_paren = j && (z[j - 1] == ')' || z[j - 1] == ',');
		int after_ear = j >= 3 && !memcmp(z + j - 3, "ear", 3);
		if (after_paren || after_ear)
			bits |= 1u << (c - '0');
	}
	return bits;
}

static void except_eccns(const char *ex, clr_scope *out)
{
	for (const char *p = ex; *p && out->nex_eccns < 4; p++) {
		char buf[32], norm[32];
		size_t k = 0;
		if (!isdigit((unsigned char)p[0]) || !(p[1] >= 'a' && p[1] <= 'e') ||
		    (p > ex && isalnum((unsigned char)p[-1])))
			continue;
		while (p[k] && k < 15 && (isalnum((unsigned char)p[k]) || p[k] == '.'))
			k++;
		while (k && p[k - 1] == '.')
			k--;
		memcpy(buf, p, k);
		buf[k] = '\0';
		if (clr__eccn_norm(buf, norm) == 1 && strlen(norm) < sizeof(out->ex_eccns[0])) {
			memcpy(out->ex_eccns[out->nex_eccns++], norm, strlen(norm) + 1);
			out->except |= CLR_EX_ECCNS;
		}
		p += k ? k - 1 : 0;
	}
}

void clr__scope_parse(const char *text, clr_scope *out)
{
	memset(out, 0, sizeof(*out));
	char *z = fold(text);
	if (!z || !*z) {
		out->kind = text ? CLR_SCOPE_UNKNOWN : CLR_SCOPE_NONE;
		free(z);
		return;
	}
	if (strstr(z, "supplement no. 2 to part 744") || strstr(z, "supp. no. 2 to part 744"))
		out->kind = CLR_SCOPE_SUPP2;
	else if (strstr(z, "supplement no. 7 to part 746"))
		out->kind = CLR_SCOPE_CCL_SUPP7;
	else if (strstr(z, "all items subject") || strstr(z, "all items subjects"))
		out->kind = strstr(z, "when used in") ? CLR_SCOPE_END_USE : CLR_SCOPE_ALL;
	else
		out->kind = CLR_SCOPE_UNKNOWN;
	const char *ex = strstr(z, "except");
	const char *apart = strstr(z, "apart from");
	if (!ex || (apart && apart < ex))
		ex = apart;
	if (ex) {
		if (strstr(ex, "food or medicine") || strstr(ex, "food and medicine"))
			out->except |= CLR_EX_FOOD_MEDICINE;
		if (strstr(ex, "standards organization"))
			out->except |= CLR_EX_EAR99_STANDARDS;
		if (strstr(ex, "general license") || strstr(ex, "foreign assets control"))
			out->except |= CLR_EX_OFAC_GL;
		except_eccns(ex, out);
		if (!out->except || strstr(ex, "unmanned aerial") || strstr(ex, "crude oil") ||
		    strstr(ex, "joint venture"))
			out->except |= CLR_EX_OTHER;
	}
	out->gov = strstr(z, "license exception gov") != NULL;
	out->footnotes = footnotes(z);
	free(z);
}

int clr__scope_item(const clr_scope *sc, const clr_supp2 *supp2, const char *eccn,
                    const char **why)
{
	char norm[32];
	int kind = eccn ? clr__eccn_norm(eccn, norm) : 0;
	switch (sc->kind) {
	case CLR_SCOPE_NONE:
		*why = "no license requirement of its own";
		return CLR_ITEM_OUT;
	case CLR_SCOPE_UNKNOWN:
		*why = "the license requirement text is not understood";
		return CLR_ITEM_UNDECIDED;
	case CLR_SCOPE_END_USE:
		*why = "required only for the projects or end uses the entry names";
		return CLR_ITEM_UNDECIDED;
	case CLR_SCOPE_CCL_SUPP7:
		*why = "required only for items listed in supplement no. 7 to part 746 (by HTS code)";
		return CLR_ITEM_UNDECIDED;
	case CLR_SCOPE_SUPP2:
		if (kind == 2) {
			*why = "EAR99 is not on supplement no. 2 to part 744";
			return CLR_ITEM_OUT;
		}
		if (kind != 1) {
			*why = "no ECCN given: supplement no. 2 to part 744 cannot be checked";
			return CLR_ITEM_UNDECIDED;
		}
		if (!supp2 || !supp2->eccns.n) {
			*why = "supplement no. 2 to part 744 is not loaded";
			return CLR_ITEM_UNDECIDED;
		}
		switch (clr__supp2_has(supp2, norm)) {
		case 1:
			*why = "listed in supplement no. 2 to part 744";
			return CLR_ITEM_IN;
		case -1:
			*why = "only sub-paragraphs of this ECCN are in supplement no. 2 to part 744";
			return CLR_ITEM_UNDECIDED;
		default:
			*why = "not in supplement no. 2 to part 744";
			return CLR_ITEM_OUT;
		}
	default:
		break;
	}
	/* all items subject to the EAR, EAR99 included, minus the exceptions */
	if (kind == 1 && (sc->except & CLR_EX_ECCNS)) {
		for (int i = 0; i < sc->nex_eccns; i++) {
			size_t n = strlen(sc->ex_eccns[i]);
			if (!strncmp(norm, sc->ex_eccns[i], 5) &&
			    (strlen(norm) <= 5 || !strncmp(norm, sc->ex_eccns[i], n))) {
				*why = "the ECCN is named in an exception of the requirement, under "
				       "conditions the transaction does not state";
				return CLR_ITEM_UNDECIDED;
			}
		}
	}
	if (kind == 2 && (sc->except & CLR_EX_FOOD_MEDICINE)) {
		*why = "EAR99 food or medicine is excepted: the item description decides";
		return CLR_ITEM_UNDECIDED;
	}
	if (kind == 2 && (sc->except & CLR_EX_OTHER)) {
		*why = "an exception of the requirement may cover this EAR99 item";
		return CLR_ITEM_UNDECIDED;
	}
	if (kind == 0 && (sc->except & (CLR_EX_FOOD_MEDICINE | CLR_EX_ECCNS | CLR_EX_OTHER))) {
		*why = "no ECCN given and the requirement has exceptions by item";
		return CLR_ITEM_UNDECIDED;
	}
	*why = kind == 2 ? "all items subject to the EAR, EAR99 included"
	                 : "all items subject to the EAR";
	return CLR_ITEM_IN;
}

/* ---- review policy ----------------------------------------------------- */

const char *clr__policy_name(int p)
{
	static const char *const names[CLR_NPOL] = {
		"none", "unspecified", "presumption_of_approval", "case_by_case",
		"presumption_of_denial", "policy_of_denial",
	};
	return p >= 0 && p < CLR_NPOL ? names[p] : "unspecified";
}

void clr__policy_parse(const char *text, clr_policy *out)
{
	memset(out, 0, sizeof(*out));
	char *z = fold(text);
	if (!z)
		return;
	for (char *p = z; *p; p++)
		if (*p == '-')
			*p = ' ';
	if (strstr(z, "policy of denial"))
		out->parts |= 1u << CLR_POL_POLICY_DENIAL;
	if (strstr(z, "presumption of denial"))
		out->parts |= 1u << CLR_POL_PRESUMPTION_DENIAL;
	if (strstr(z, "case by case") || strstr(z, "casa by case"))
		out->parts |= 1u << CLR_POL_CASE_BY_CASE;
	if (strstr(z, "presumption of approval") || strstr(z, "policy of approval"))
		out->parts |= 1u << CLR_POL_APPROVAL;
	if (!out->parts && *z) {
		/* cross-references whose policy the regulation states */
		if (strstr(z, "744.21")) {
			out->parts |= 1u << CLR_POL_PRESUMPTION_DENIAL;
			out->via = "15 CFR 744.21(e)";
		} else if (strstr(z, "746.5")) {
			out->parts |= 1u << CLR_POL_PRESUMPTION_DENIAL;
			out->via = "15 CFR 746.5(b)";
		}
	}
	if (!out->parts)
		out->parts = 1u << CLR_POL_UNSPECIFIED;
	for (int p = CLR_NPOL - 1; p >= 0; p--)
		if (out->parts & (1u << p)) {
			out->most = p;
			break;
		}
	int count = 0;
	for (int p = 0; p < CLR_NPOL; p++)
		count += (out->parts >> p) & 1;
	out->mixed = count > 1;
	free(z);
}
