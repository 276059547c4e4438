/*
 * classes.c - the generic classes of legal forms and the token each class
 * becomes in a normalised name.  Shared by the run-time tables and the
 * build tool (gen.c); data only.
 */
#include <string.h>

#include "names.h"

/* Name as in data/names/legal-forms.tsv, and the token: a word no name
 * holds for anything else, itself a form of its class wherever it stands
 * (so that a normalised name reads back to itself). */
static const struct {
	const char *name, *token;
} classes[CLR_KN_NCLASS] = {
	[CLR_KN_NOCLASS] = {"", ""},
	[CLR_KN_LLC] = {"LLC", "llc"},
	[CLR_KN_JSC] = {"JSC", "jsc"},
	[CLR_KN_LP] = {"LP", "lpship"},
	[CLR_KN_GP] = {"GP", "gpship"},
	[CLR_KN_LLP] = {"LLP", "llp"},
	[CLR_KN_COOP] = {"COOP", "cooperative"},
	[CLR_KN_SOE] = {"SOE", "stateowned"},
	[CLR_KN_NGO] = {"NGO", "nonprofit"},
	[CLR_KN_FIN] = {"FIN", "fund"},
	[CLR_KN_SP] = {"SP", "soleprop"},
	[CLR_KN_JV] = {"JV", "jointventure"},
	[CLR_KN_REL] = {"REL", "religorg"},
	[CLR_KN_MIL] = {"MIL", "milunit"},
	[CLR_KN_BRANCH] = {"BRANCH", "branch"},
	[CLR_KN_OTHER] = {"OTHER", "corp"},
};

const char *clr__kn_class_token(clr_kn_class c)
{
	return c > CLR_KN_NOCLASS && c < CLR_KN_NCLASS ? classes[c].token : "";
}

const char *clr__kn_class_name(clr_kn_class c)
{
	return c > CLR_KN_NOCLASS && c < CLR_KN_NCLASS ? classes[c].name : "";
}

clr_kn_class clr__kn_token_class(const char *t, size_t n)
{
	for (int c = 1; c < CLR_KN_NCLASS; c++)
		if (strlen(classes[c].token) == n && !memcmp(classes[c].token, t, n))
			return (clr_kn_class)c;
	return CLR_KN_NOCLASS;
}
