/*
 * tables.c - loads the EAR tables of data/rules/ear: every TABLE-YYYY-MM-DD.tsv
 * file is one version of TABLE, in force from the date its header states;
 * a transaction takes each table's version in force on its date.  Tables:
 * country-chart, territories, ccl with ccl-entries (same date), country-groups,
 * part-746, embargoes, license-exceptions.  Other files are ignored.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "ear_int.h"
#include "tsv.h"
#include "../lists/loader.h"
#include "../owner/owner.h"
#include "../rules/rules.h"

const char *const clr__ear_col_names[EAR_NCOLS] = {
	"CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1",
	"RS1", "RS2", "FC1", "CC1", "CC2", "CC3", "AT1", "AT2"};
const char *const clr__ear_col_labels[EAR_NCOLS] = {
	"CB Column 1", "CB Column 2", "CB Column 3", "NP Column 1", "NP Column 2", "NS Column 1",
	"NS Column 2", "MT Column 1", "RS Column 1", "RS Column 2", "FC Column 1", "CC Column 1",
	"CC Column 2", "CC Column 3", "AT Column 1", "AT Column 2"};

static const char *const group_names[EAR_NGROUPS] = {
	"A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B", "C", "D:1", "D:2", "D:3", "D:4", "D:5",
	"E:1", "E:2"};

const char *clr__ear_group_name(int g)
{
	return g >= 0 && g < EAR_NGROUPS ? group_names[g] : "?";
}

int clr__ear_group(const char *s, size_t n)
{
	char z[8];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(z); i++)
		if (s[i] != ':' && s[i] != ' ')
			z[k++] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	z[k] = '\0';
	for (int g = 0; g < EAR_NGROUPS; g++) {
		char y[8];
		size_t m = 0;
		for (const char *p = group_names[g]; *p; p++)
			if (*p != ':')
				y[m++] = *p;
		y[m] = '\0';
		if (!strcmp(y, z))
			return g;
	}
	return -1;
}

size_t clr__ear_pick(const ear_vmeta *first, size_t stride, size_t n, int32_t date)
{
	size_t best = 0;
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		const ear_vmeta *m = (const ear_vmeta *)((const char *)first + i * stride);
		const ear_vmeta *b = (const ear_vmeta *)((const char *)first + best * stride);
		if (m->from <= date && (!found || m->from >= b->from)) {
			best = i;
			found = 1;
		} else if (!found && m->from < b->from) {
			best = i; /* none in force yet: the earliest */
		}
	}
	return best;
}

/* ---- loading one file ---- */

typedef struct load {
	clr_ear *e;
	const char *file;
	clr_buf *err;
	void *v;   /* the version being filled */
} load;

static char *dup(load *l, const char *s, size_t n)
{
	return clr__arena_strndup(l->e->arena, s, n);
}

static const char *dup_or_null(load *l, const char *s, size_t n)
{
	return n == 0 || (n == 1 && s[0] == '-') ? NULL : dup(l, s, n);
}

static int iso2(load *l, size_t line, const char *field, const char *s, size_t n, char out[3])
{
	if (n != 2 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z'))
		return clr__ear_fail(l->err, l->file, line, field, "'%.*s' is not an ISO 3166 code "
		                     "(two capital letters)", (int)(n > 40 ? 40 : n), s);
	out[0] = s[0];
	out[1] = s[1];
	out[2] = '\0';
	return 0;
}

static int copy_code(load *l, size_t line, const char *field, const char *s, size_t n,
                     char *out, size_t cap)
{
	if (!n || n >= cap)
		return clr__ear_fail(l->err, l->file, line, field, "empty or longer than %zu bytes",
		                     cap - 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* country-chart: iso2 country CB1..AT2 footnotes part746 */
static int chart_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	chart_v *cv = l->v;
	chart_row r = {0};
	int rc = iso2(l, line, "iso2", v[0], n[0], r.iso2);
	if (rc)
		return rc;
	if (clr__ear_chart_row(cv, r.iso2))
		return clr__ear_fail(l->err, l->file, line, "iso2", "%s appears twice", r.iso2);
	r.name = dup(l, v[1], n[1]);
	for (int c = 0; c < EAR_NCOLS; c++) {
		if (n[2 + c] == 1 && (v[2 + c][0] == 'X' || v[2 + c][0] == 'x'))
			r.x |= (uint16_t)(1u << c);
		else if (!(n[2 + c] == 1 && v[2 + c][0] == '-') && n[2 + c])
			return clr__ear_fail(l->err, l->file, line, clr__ear_col_names[c],
			                     "expected X or -");
	}
	const char *f = v[2 + EAR_NCOLS];
	size_t fn = n[2 + EAR_NCOLS];
	if (!(fn == 1 && f[0] == '-')) {
		for (size_t i = 0; i < fn;) {
			unsigned d = 0;
			size_t j = i;
			while (j < fn && f[j] >= '0' && f[j] <= '9' && d < 100)
				d = d * 10 + (unsigned)(f[j++] - '0');
			if (j == i || d == 0 || d > 31)
				return clr__ear_fail(l->err, l->file, line, "footnotes",
				                     "expected numbers 1-31 separated by commas");
			r.notes |= 1u << d;
			while (j < fn && (f[j] == ',' || f[j] == ' '))
				j++;
			i = j;
		}
	}
	r.part746 = dup_or_null(l, v[3 + EAR_NCOLS], n[3 + EAR_NCOLS]);
	if (!r.name || clr__vec_push(cv->rows, r))
		return CLR_ENOMEM;
	return 0;
}

static int terr_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	terr_v *tv = l->v;
	territory t = {0};
	int rc;
	if ((rc = iso2(l, line, "iso2", v[1], n[1], t.iso2)) ||
	    (rc = iso2(l, line, "row_iso2", v[2], n[2], t.row)))
		return rc;
	t.name = dup(l, v[0], n[0]);
	t.basis = dup(l, v[3], n[3]);
	if (!t.name || !t.basis || clr__vec_push(tv->t, t))
		return CLR_ENOMEM;
	return 0;
}

static int eccn5(load *l, size_t line, const char *s, size_t n, char out[8])
{
	if (n != 5 || !(s[0] >= '0' && s[0] <= '9') || !(s[1] >= 'A' && s[1] <= 'E') ||
	    !(s[2] >= '0' && s[2] <= '9') || !(s[3] >= '0' && s[3] <= '9') ||
	    !(s[4] >= '0' && s[4] <= '9'))
		return clr__ear_fail(l->err, l->file, line, "eccn", "'%.*s' is not an ECCN "
		                     "(digit, A-E, three digits)", (int)(n > 40 ? 40 : n), s);
	memcpy(out, s, 5);
	out[5] = '\0';
	return 0;
}

static eccn_entry *eccn_get(ccl_v *cv, const char *e)
{
	for (size_t i = cv->e.n; i-- > 0;) /* rows come grouped: the last is the likely one */
		if (!strcmp(cv->e.v[i].eccn, e))
			return &cv->e.v[i];
	return NULL;
}

/* ccl: eccn n control chart */
static int ccl_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	ccl_v *cv = l->v;
	char e[8];
	int rc = eccn5(l, line, v[0], n[0], e);
	if (rc)
		return rc;
	eccn_entry *en = eccn_get(cv, e);
	if (en && en->c0 + en->nc != cv->c.n)
		return clr__ear_fail(l->err, l->file, line, "eccn", "%s: its rows must be together",
		                     e);
	if (!en) {
		eccn_entry x = {0};
		memcpy(x.eccn, e, 6);
		x.c0 = (uint32_t)cv->c.n;
		if (clr__vec_push(cv->e, x))
			return CLR_ENOMEM;
		en = &cv->e.v[cv->e.n - 1];
	}
	int none = n[1] == 1 && v[1][0] == '-';
	if (none)
		return 0; /* an ECCN without requirements (ITAR-only, reserved) */
	control c;
	char *ct = dup(l, v[1], n[1]), *ch = dup(l, v[2], n[2]);
	if (!ct || !ch)
		return CLR_ENOMEM;
	clr__ear_read_control(e, ct, ch, &c);
	if (clr__vec_push(cv->c, c))
		return CLR_ENOMEM;
	en->nc++;
	return 0;
}

/* ccl-entries: eccn reasons lvs gbs sta_conditions paragraphs heading */
static int cclx_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	ccl_v *cv = l->v;
	char e[8];
	int rc = eccn5(l, line, v[0], n[0], e);
	if (rc)
		return rc;
	eccn_entry *en = eccn_get(cv, e);
	if (!en)
		return clr__ear_fail(l->err, l->file, line, "eccn", "%s is not in the ccl table of "
		                     "the same date", e);
	en->reasons = dup_or_null(l, v[1], n[1]);
	en->lvs = dup_or_null(l, v[2], n[2]);
	en->gbs = dup_or_null(l, v[3], n[3]);
	en->sta = dup_or_null(l, v[4], n[4]);
	en->paras = dup_or_null(l, v[5], n[5]);
	en->heading = dup_or_null(l, v[6], n[6]);
	return 0;
}

static int groups_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	groups_v *gv = l->v;
	group_row r = {0};
	int rc = iso2(l, line, "iso2", v[0], n[0], r.iso2);
	if (rc)
		return rc;
	for (size_t i = 0; i < n[1];) {
		size_t j = i;
		while (j < n[1] && v[1][j] != ',')
			j++;
		const char *g = v[1] + i;
		size_t gl = j - i;
		clr__trim(&g, &gl);
		if (gl && !(gl == 1 && g[0] == '-')) {
			int b = clr__ear_group(g, gl);
			if (b < 0)
				return clr__ear_fail(l->err, l->file, line, "groups", "'%.*s' is not a "
				                     "country group (A:1 ... E:2)", (int)(gl > 20 ? 20 : gl), g);
			r.g |= (uint16_t)(1u << b);
		}
		i = j + 1;
	}
	if (clr__vec_push(gv->rows, r))
		return CLR_ENOMEM;
	return 0;
}

/* part-746: kind key value citation */
static int p746_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	p746_v *pv = l->v;
	const char *cite = dup_or_null(l, v[3], n[3]);
	if (clr__eq_ci(v[0], n[0], "hts")) {
		hts_row h = {0};
		int rc = copy_code(l, line, "key", v[1], n[1], h.supp, sizeof(h.supp));
		if (!rc)
			rc = copy_code(l, line, "value", v[2], n[2], h.code, sizeof(h.code));
		if (rc)
			return rc;
		for (size_t i = 0; i < n[2]; i++)
			if (v[2][i] < '0' || v[2][i] > '9')
				return clr__ear_fail(l->err, l->file, line, "value", "an HTS code is digits");
		h.citation = cite;
		return clr__vec_push(pv->hts, h) ? CLR_ENOMEM : 0;
	}
	code_row r = {0};
	int rc = copy_code(l, line, "key", v[1], n[1], r.code, sizeof(r.code));
	if (rc)
		return rc;
	r.value = dup_or_null(l, v[2], n[2]);
	r.citation = cite;
	if (clr__eq_ci(v[0], n[0], "partner"))
		return clr__vec_push(pv->partners, r) ? CLR_ENOMEM : 0;
	if (clr__eq_ci(v[0], n[0], "meu_eccn")) {
		pv->meu_citation = cite ? cite : pv->meu_citation;
		return clr__vec_push(pv->meu_eccn, r) ? CLR_ENOMEM : 0;
	}
	if (clr__eq_ci(v[0], n[0], "meu_dest"))
		return clr__vec_push(pv->meu_dest, r) ? CLR_ENOMEM : 0;
	if (clr__eq_ci(v[0], n[0], "un_arms")) {
		pv->un_citation = cite ? cite : pv->un_citation;
		return clr__vec_push(pv->un_arms, r) ? CLR_ENOMEM : 0;
	}
	if (clr__eq_ci(v[0], n[0], "red_flag"))
		return clr__vec_push(pv->red_flags, r) ? CLR_ENOMEM : 0;
	return clr__ear_fail(l->err, l->file, line, "kind", "expected hts, partner, meu_eccn, "
	                     "meu_dest, un_arms or red_flag");
}

/* embargoes: destination from to applies except policy exceptions citation why */
static int emb_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	emb_v *ev = l->v;
	embargo r = {.from = CLR_DATE_MIN, .to = CLR_DATE_MAX, .line = line};
	int rc = copy_code(l, line, "destination", v[0], n[0], r.dest, sizeof(r.dest));
	if (rc)
		return rc;
	if (n[1] && clr__owner_date(v[1], n[1], &r.from) < 0)
		return clr__ear_fail(l->err, l->file, line, "from", "not an ISO date (YYYY-MM-DD)");
	if (n[2] && !(n[2] == 1 && v[2][0] == '-') && clr__owner_date(v[2], n[2], &r.to) < 0)
		return clr__ear_fail(l->err, l->file, line, "to", "not an ISO date (YYYY-MM-DD)");
	if (clr__eq_ci(v[3], n[3], "all"))
		r.applies = APPLY_ALL;
	else if (clr__eq_ci(v[3], n[3], "ccl"))
		r.applies = APPLY_CCL;
	else if (clr__eq_ci(v[3], n[3], "ear99"))
		r.applies = APPLY_EAR99;
	else if (n[3] > 4 && clr__eq_ci(v[3], 4, "hts:") && n[3] - 4 < sizeof(r.supp)) {
		r.applies = APPLY_HTS;
		memcpy(r.supp, v[3] + 4, n[3] - 4);
	} else {
		return clr__ear_fail(l->err, l->file, line, "applies", "expected all, ccl, ear99 or "
		                     "hts:<supplement>");
	}
	for (size_t i = 0; i < n[4];) {
		size_t j = i;
		while (j < n[4] && v[4][j] != ',')
			j++;
		const char *x = v[4] + i;
		size_t xl = j - i;
		clr__trim(&x, &xl);
		if (clr__eq_ci(x, xl, "food_medicine"))
			r.except |= EXC_FOOD_MEDICINE;
		else if (clr__eq_ci(x, xl, "personal_comms"))
			r.except |= EXC_PERSONAL_COMMS;
		else if (xl && !(xl == 1 && x[0] == '-'))
			return clr__ear_fail(l->err, l->file, line, "except", "expected food_medicine, "
			                     "personal_comms or -");
		i = j + 1;
	}
	r.policy_text = dup(l, v[5], n[5]);
	clr_policy pol;
	clr__policy_parse(r.policy_text, &pol);
	r.policy = pol.most;
	r.exceptions = dup_or_null(l, v[6], n[6]);
	if (!n[7])
		return clr__ear_fail(l->err, l->file, line, "citation", "every row cites its section");
	r.citation = dup(l, v[7], n[7]);
	r.why = dup_or_null(l, v[8], n[8]);
	if (!r.policy_text || !r.citation || clr__vec_push(ev->rows, r))
		return CLR_ENOMEM;
	return 0;
}

static int notes_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	notes_v *nv = l->v;
	note_row r = {0};
	for (size_t i = 0; i < n[0]; i++) {
		if (v[0][i] < '0' || v[0][i] > '9' || r.number > 100)
			return clr__ear_fail(l->err, l->file, line, "number", "expected a footnote number");
		r.number = r.number * 10 + (v[0][i] - '0');
	}
	if (!n[0] || !r.number)
		return clr__ear_fail(l->err, l->file, line, "number", "expected a footnote number");
	if (!(r.text = dup(l, v[1], n[1])) || clr__vec_push(nv->rows, r))
		return CLR_ENOMEM;
	return 0;
}

static int lex_row_fn(void *p, size_t line, const char *const *v, const size_t *n)
{
	load *l = p;
	lex_v *xv = l->v;
	lex_row r = {0};
	int rc = copy_code(l, line, "symbol", v[0], n[0], r.symbol, sizeof(r.symbol));
	if (rc)
		return rc;
	r.section = dup(l, v[1], n[1]);
	r.title = dup(l, v[2], n[2]);
	if (!r.section || !r.title || clr__vec_push(xv->rows, r))
		return CLR_ENOMEM;
	return 0;
}

/* ---- the tables and their files ---- */

enum { T_CHART, T_TERR, T_CCL, T_CCLX, T_GROUPS, T_P746, T_EMB, T_LEX, T_NOTES, T_N };
static const char *const table_names[T_N] = {
	"country-chart", "territories", "ccl", "ccl-entries", "country-groups", "part-746",
	"embargoes", "license-exceptions", "country-chart-footnotes"};

static const char *const chart_cols[] = {
	"iso2", "country", "CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2",
	"FC1", "CC1", "CC2", "CC3", "AT1", "AT2", "footnotes", "part746"};
static const char *const terr_cols[] = {"name", "iso2", "row_iso2", "basis"};
static const char *const ccl_cols[] = {"eccn", "control", "chart"};
static const char *const cclx_cols[] = {"eccn", "reasons", "lvs", "gbs", "sta",
                                        "paragraphs", "heading"};
static const char *const groups_cols[] = {"iso2", "groups"};
static const char *const p746_cols[] = {"kind", "key", "value", "citation"};
static const char *const emb_cols[] = {"destination", "from", "to", "applies", "except",
                                       "policy", "exceptions", "citation", "why"};
static const char *const lex_cols[] = {"symbol", "section", "title"};
static const char *const notes_cols[] = {"number", "text"};

/* The table of a file name TABLE-YYYY-MM-DD.tsv, or -1; *date its date. */
static int table_of(const char *name, int32_t *date)
{
	size_t n = strlen(name);
	if (n < 16 || strcmp(name + n - 4, ".tsv") || name[n - 15] != '-')
		return -1;
	if (clr__owner_date(name + n - 14, 10, date) < 0)
		return -1;
	for (int t = 0; t < T_N; t++)
		if (strlen(table_names[t]) == n - 15 && !memcmp(name, table_names[t], n - 15))
			return t;
	return -1;
}

static int cmp_eccn(const void *a, const void *b)
{
	return strcmp(((const eccn_entry *)a)->eccn, ((const eccn_entry *)b)->eccn);
}

#define PUSH_VERSION(vec, type, meta)                                                \
	do {                                                                         \
		if ((vec).n >= CLR_MAX_EAR_VERSIONS)                                 \
			return clr__ear_fail(err, name, 0, NULL, "more than %u versions", \
			                     CLR_MAX_EAR_VERSIONS);                      \
		type z_;                                                             \
		memset(&z_, 0, sizeof(z_));                                          \
		if (clr__vec_push(vec, z_))                                          \
			return CLR_ENOMEM;                                           \
		l.v = &(vec).v[(vec).n - 1];                                         \
		meta = &(vec).v[(vec).n - 1].m;                                      \
	} while (0)

static int load_one(clr_ear *e, const char *name, const char *text, size_t len,
                    const char *cclx_text, size_t cclx_len, const char *cclx_name, clr_buf *err)
{
	int32_t date;
	int t = table_of(name, &date);
	load l = {e, name, err, NULL};
	ear_vmeta *m = NULL;
	clr_ear_meta meta;
	int rc;
	switch (t) {
	case T_CHART:
		PUSH_VERSION(e->chart, chart_v, m);
		rc = clr__ear_tsv_each(text, len, name, chart_cols, 20, chart_row_fn, &l, &meta, err);
		break;
	case T_TERR:
		PUSH_VERSION(e->terr, terr_v, m);
		rc = clr__ear_tsv_each(text, len, name, terr_cols, 4, terr_row_fn, &l, &meta, err);
		break;
	case T_CCL: {
		PUSH_VERSION(e->ccl, ccl_v, m);
		rc = clr__ear_tsv_each(text, len, name, ccl_cols, 3, ccl_row_fn, &l, &meta, err);
		if (rc)
			break;
		if (!cclx_text)
			return clr__ear_fail(err, name, 0, NULL, "ccl-entries of the same date is "
			                     "missing");
		clr_ear_meta xm;
		load lx = {e, cclx_name, err, l.v};
		rc = clr__ear_tsv_each(cclx_text, cclx_len, cclx_name, cclx_cols, 7, cclx_row_fn, &lx,
		                       &xm, err);
		ccl_v *cv = l.v;
		if (!rc && cv->e.n)
			qsort(cv->e.v, cv->e.n, sizeof(eccn_entry), cmp_eccn);
		break;
	}
	case T_GROUPS:
		PUSH_VERSION(e->groups, groups_v, m);
		rc = clr__ear_tsv_each(text, len, name, groups_cols, 2, groups_row_fn, &l, &meta, err);
		break;
	case T_P746:
		PUSH_VERSION(e->p746, p746_v, m);
		rc = clr__ear_tsv_each(text, len, name, p746_cols, 4, p746_row_fn, &l, &meta, err);
		break;
	case T_EMB:
		PUSH_VERSION(e->emb, emb_v, m);
		rc = clr__ear_tsv_each(text, len, name, emb_cols, 9, emb_row_fn, &l, &meta, err);
		break;
	case T_LEX:
		PUSH_VERSION(e->lex, lex_v, m);
		rc = clr__ear_tsv_each(text, len, name, lex_cols, 3, lex_row_fn, &l, &meta, err);
		break;
	case T_NOTES:
		PUSH_VERSION(e->notes, notes_v, m);
		rc = clr__ear_tsv_each(text, len, name, notes_cols, 2, notes_row_fn, &l, &meta, err);
		break;
	default:
		return 0; /* ccl-entries goes with ccl; anything else is not a table */
	}
	if (rc)
		return rc;
	m->from = meta.from;
	m->file = clr__arena_strndup(e->arena, name, strlen(name));
	m->source = meta.source ? clr__arena_strndup(e->arena, meta.source, meta.source_len) : NULL;
	return m->file ? 0 : CLR_ENOMEM;
}

void clr__ear_free(clr_ear *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->chart.n; i++)
		clr__vec_free(e->chart.v[i].rows);
	for (size_t i = 0; i < e->terr.n; i++)
		clr__vec_free(e->terr.v[i].t);
	for (size_t i = 0; i < e->ccl.n; i++) {
		clr__vec_free(e->ccl.v[i].e);
		clr__vec_free(e->ccl.v[i].c);
	}
	for (size_t i = 0; i < e->groups.n; i++)
		clr__vec_free(e->groups.v[i].rows);
	for (size_t i = 0; i < e->p746.n; i++) {
		p746_v *p = &e->p746.v[i];
		clr__vec_free(p->hts);
		clr__vec_free(p->partners);
		clr__vec_free(p->meu_eccn);
		clr__vec_free(p->meu_dest);
		clr__vec_free(p->un_arms);
		clr__vec_free(p->red_flags);
	}
	for (size_t i = 0; i < e->emb.n; i++)
		clr__vec_free(e->emb.v[i].rows);
	for (size_t i = 0; i < e->lex.n; i++)
		clr__vec_free(e->lex.v[i].rows);
	for (size_t i = 0; i < e->notes.n; i++)
		clr__vec_free(e->notes.v[i].rows);
	clr__vec_free(e->notes);
	clr__vec_free(e->chart);
	clr__vec_free(e->terr);
	clr__vec_free(e->ccl);
	clr__vec_free(e->groups);
	clr__vec_free(e->p746);
	clr__vec_free(e->emb);
	clr__vec_free(e->lex);
	clr__arena_free(e->arena);
	free(e);
}

static int check_complete(const clr_ear *e, const char *where, clr_buf *err)
{
	const size_t have[T_N - 1] = {e->chart.n, e->terr.n, e->ccl.n, e->ccl.n, e->groups.n,
	                              e->p746.n, e->emb.n, e->lex.n}; /* footnotes: optional */
	for (int t = 0; t < T_N - 1; t++)
		if (!have[t])
			return clr__ear_fail(err, where, 0, NULL, "no %s table (%s-YYYY-MM-DD.tsv)",
			                     table_names[t], table_names[t]);
	return 0;
}

int clr__ear_load_mem(clr_ear **out, const char *const *names, const char *const *texts,
                      const size_t *lens, size_t n, clr_buf *err)
{
	clr_ear *e = calloc(1, sizeof(*e));
	*out = NULL;
	if (!e || !(e->arena = clr__arena_new())) {
		free(e);
		return CLR_ENOMEM;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		int32_t d;
		if (table_of(names[i], &d) == T_CCLX)
			continue;
		const char *xt = NULL, *xn = NULL;
		size_t xl = 0;
		if (table_of(names[i], &d) == T_CCL) {
			size_t bl = strlen(names[i]);
			for (size_t j = 0; j < n; j++) {
				int32_t dj;
				size_t jl = strlen(names[j]);
				if (table_of(names[j], &dj) == T_CCLX && dj == d && jl > 14 && bl > 14 &&
				    !strcmp(names[j] + jl - 14, names[i] + bl - 14)) {
					xt = texts[j];
					xl = lens[j];
					xn = names[j];
				}
			}
		}
		rc = load_one(e, names[i], texts[i], lens[i], xt, xl, xn, err);
	}
	if (!rc)
		rc = check_complete(e, "EAR tables", err);
	if (rc) {
		clr__ear_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int clr__ear_load(clr_ear **out, const char *dir, clr_buf *err)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d) {
		clr__buf_clear(err);
		clr__buf_printf(err, "%s: cannot open the EAR tables folder", dir);
		return CLR_EIO;
	}
	CLR_VEC(char *) names = {0};
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d))) {
		int32_t dt;
		if (table_of(de->d_name, &dt) < 0)
			continue;
		char *s = strdup(de->d_name);
		if (!s || clr__vec_push(names, s)) {
			free(s);
			rc = CLR_ENOMEM;
			break;
		}
	}
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_str);
	char **texts = calloc(names.n ? names.n : 1, sizeof(char *));
	size_t *lens = calloc(names.n ? names.n : 1, sizeof(size_t));
	if (!texts || !lens)
		rc = CLR_ENOMEM;
	for (size_t i = 0; !rc && i < names.n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names.v[i]);
		rc = clr__read_file(path, &texts[i], &lens[i], err);
	}
	if (!rc)
		rc = clr__ear_load_mem(out, (const char *const *)names.v, (const char *const *)texts,
		                       lens, names.n, err);
	if (rc == CLR_EINPUT && err->p && !strstr(err->p, dir)) {
		/* name the folder too: "data/rules/ear: no ccl table" */
		char *m = clr__buf_detach(err);
		clr__buf_printf(err, "%s/%s", dir, m ? m : "");
		free(m);
	}
	for (size_t i = 0; i < names.n; i++) {
		free(names.v[i]);
		if (texts)
			free(texts[i]);
	}
	free(texts);
	free(lens);
	clr__vec_free(names);
	return rc;
}

/* ---- look-ups ---- */

const eccn_entry *clr__ear_eccn(const ccl_v *v, const char *eccn5)
{
	size_t lo = 0, hi = v->e.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(v->e.v[mid].eccn, eccn5, 5);
		if (!c)
			return &v->e.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint16_t clr__ear_groups_of(const groups_v *v, const char *iso)
{
	for (size_t i = 0; v && i < v->rows.n; i++)
		if (!strcmp(v->rows.v[i].iso2, iso))
			return v->rows.v[i].g;
	return 0;
}

const chart_row *clr__ear_chart_row(const chart_v *v, const char *iso)
{
	for (size_t i = 0; v && i < v->rows.n; i++)
		if (!strcmp(v->rows.v[i].iso2, iso))
			return &v->rows.v[i];
	return NULL;
}

/* The regions of 746.6, however written: ISO 3166-2 codes (UA-43 Crimea,
 * UA-40 Sevastopol, UA-14 Donetsk, UA-09 Luhansk) or a name holding
 * "Crimea", "Sevastopol", "Donetsk", "Luhansk", "Lugansk", "DNR", "LNR". */
static int region(const char *s, size_t n, const char **code)
{
	static const struct {
		const char *name, *code;
		int word; /* match as a whole word only */
	} r[] = {{"ua-43", EAR_CRIMEA, 1}, {"ua-40", EAR_CRIMEA, 1}, {"ua-crimea", EAR_CRIMEA, 1},
	         {"crimea", EAR_CRIMEA, 0}, {"sevastopol", EAR_CRIMEA, 0},
	         {"ua-14", EAR_DNR, 1}, {"ua-dnr", EAR_DNR, 1}, {"donetsk", EAR_DNR, 0},
	         {"dnr", EAR_DNR, 1}, {"ua-09", EAR_LNR, 1}, {"ua-lnr", EAR_LNR, 1},
	         {"luhansk", EAR_LNR, 0}, {"lugansk", EAR_LNR, 0}, {"lnr", EAR_LNR, 1}};
	char low[256];
	if (n >= sizeof(low))
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	low[n] = '\0';
	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++) {
		size_t rl = strlen(r[i].name);
		for (const char *p = low; (p = strstr(p, r[i].name)); p++) {
			int before = p == low || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '-');
			int after = !((p[rl] >= 'a' && p[rl] <= 'z') || (p[rl] >= '0' && p[rl] <= '9'));
			if (!r[i].word || (before && after)) {
				*code = r[i].code;
				return 1;
			}
		}
	}
	return 0;
}

int clr__ear_place(const clr_ear *e, const char *s, int32_t date, clr_ear_place *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	size_t n = strlen(s);
	const char *v = s;
	clr__trim(&v, &n);
	const char *code;
	if (region(v, n, &code)) {
		snprintf(out->code, sizeof(out->code), "%s", code);
		memcpy(out->row, "UA", 3);
		return 0;
	}
	code = clr__country_code(v, n);
	if (!code)
		return -1;
	snprintf(out->code, sizeof(out->code), "%s", code);
	memcpy(out->row, code, 3);
	const chart_v *cv = EAR_VERSION(e->chart, date);
	if (clr__ear_chart_row(cv, code))
		return 0;
	const terr_v *tv = EAR_VERSION(e->terr, date);
	for (size_t i = 0; tv && i < tv->t.n; i++)
		if (!strcmp(tv->t.v[i].iso2, code) && clr__ear_chart_row(cv, tv->t.v[i].row)) {
			memcpy(out->row, tv->t.v[i].row, 3);
			out->via = tv->t.v[i].basis;
			return 0;
		}
	return -1; /* neither a row nor a territory the EAR names: indeterminate */
}

json_t *clr__ear_versions(const clr_ear *e, int32_t date)
{
	json_t *o = json_object();
	const chart_v *cv = EAR_VERSION(e->chart, date);
	const terr_v *tv = EAR_VERSION(e->terr, date);
	const ccl_v *lv = EAR_VERSION(e->ccl, date);
	const groups_v *gv = EAR_VERSION(e->groups, date);
	const p746_v *pv = EAR_VERSION(e->p746, date);
	const emb_v *ev = EAR_VERSION(e->emb, date);
	const lex_v *xv = EAR_VERSION(e->lex, date);
	const ear_vmeta *m[] = {cv ? &cv->m : NULL, tv ? &tv->m : NULL, lv ? &lv->m : NULL,
	                        gv ? &gv->m : NULL, pv ? &pv->m : NULL, ev ? &ev->m : NULL,
	                        xv ? &xv->m : NULL};
	const char *names[] = {"country_chart", "territories", "ccl", "country_groups",
	                       "part_746", "embargoes", "license_exceptions"};
	for (size_t i = 0; o && i < sizeof(m) / sizeof(*m); i++)
		if (m[i])
			json_object_set_new(o, names[i], json_string(m[i]->file));
	return o;
}

int clr__ear_chart_differs(const clr_ear *e, const char *name, const char *text, size_t len,
                           clr_buf *err)
{
	clr_ear *t = calloc(1, sizeof(*t));
	if (!t || !(t->arena = clr__arena_new())) {
		free(t);
		return CLR_ENOMEM;
	}
	int rc = load_one(t, name, text, len, NULL, 0, NULL, err);
	if (!rc && !t->chart.n)
		rc = clr__ear_fail(err, name, 0, NULL, "not a country-chart table name");
	if (!rc) {
		const chart_v *nv = &t->chart.v[0];
		const chart_v *ov = e->chart.n ? &e->chart.v[clr__ear_pick(&e->chart.v[0].m,
		                                                         sizeof(chart_v), e->chart.n,
		                                                         CLR_DATE_MAX)]
		                               : NULL;
		rc = !ov || ov->rows.n != nv->rows.n;
		for (size_t i = 0; !rc && i < nv->rows.n; i++) {
			const chart_row *a = &nv->rows.v[i], *b = clr__ear_chart_row(ov, a->iso2);
			rc = !b || a->x != b->x || a->notes != b->notes || !a->part746 != !b->part746 ||
			     (a->part746 && strcmp(a->part746, b->part746));
		}
	}
	clr__ear_free(t);
	return rc;
}

