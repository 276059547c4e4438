/*
 * ofac.c - OFAC legacy CSV (sdn.csv / cons_prim.csv with their alt, add and
 * comments siblings) into entries.  Owns the join of sibling rows to their entry;
 * must never drop a sibling row silently: each is joined, rejected or
 * reported as an orphan.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"

/* ---- OFAC -------------------------------------------------------------- */

static const char *const primary_fields[] = {
	"ent_num", "name", "type", "program", "title", "call_sign", "vessel_type", "tonnage",
	"GRT", "vessel_flag", "vessel_owner", "remarks"};
enum { P_ENT, P_NAME, P_TYPE, P_PROGRAM, P_TITLE, P_CALL_SIGN, P_VESSEL_TYPE, P_TONNAGE,
       P_GRT, P_FLAG, P_OWNER, P_REMARKS, P_NFIELDS };

static const char *const alt_fields[] = {"ent_num", "alt_num", "alt_type", "alt_name",
                                         "alt_remarks"};
static const char *const add_fields[] = {"ent_num", "add_num", "address",
                                         "city/state/postal", "country", "add_remarks"};
static const char *const com_fields[] = {"ent_num", "remarks"};

typedef enum { SIB_ALT, SIB_ADD, SIB_COM, SIB_N } sib_kind;

/* One sibling row, validated; strings live in the parse's scratch arena. */
typedef struct sib_row {
	uint64_t ent;
	size_t line;
	const char *f[3]; /* alt: type, name, remarks; add: address, city, country; com: text */
	size_t n[3];
	int used;
} sib_row;

typedef struct sib_set {
	sib_kind kind;
	const char *path;
	CLR_VEC(sib_row) rows;  /* file order */
	sib_row **sorted;       /* by ent_num, then line */
} sib_set;

typedef struct ofac_parse {
	clr_loader *ld;
	const clr_ofac_files *sib;
	clr_arena *scratch;
	sib_set sets[SIB_N];
	sib_set *cur;           /* set being read */
	clr_csv_opts opts;
	struct {                /* ent_nums seen in the primary file */
		uint64_t *v;
		size_t cap, n;
	} seen;
	clr_buf text;           /* scratch for joined values */
} ofac_parse;

/* "-0-" is the legacy files' empty value.  Remarks and their continuation
 * in the comments file keep their spaces: a remark is cut anywhere. */
static void unzero(const char **s, size_t *n, int keep_spaces)
{
	const char *t = *s;
	size_t m = *n;
	clr__trim(&t, &m);
	if (m == 3 && !memcmp(t, "-0-", 3))
		m = 0;
	if (!keep_spaces || !m) {
		*s = t;
		*n = m;
	}
}

static int parse_ent(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	clr__trim(&s, &n);
	if (!n || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int contains_ci(const char *s, size_t n, const char *z)
{
	size_t m = strlen(z);
	for (size_t i = 0; i + m <= n; i++)
		if (clr__eq_ci(s + i, m, z))
			return 1;
	return 0;
}

/* Sibling values are checked here, where the sibling file and line are
 * known, not later in the draft where only the entry's line is. */
static int sib_value(ofac_parse *op, const clr_csv_rec *rec, size_t i, const char **out,
                     size_t *outn)
{
	const char *s = rec->v[i];
	size_t n = rec->n[i], bad;
	unzero(&s, &n, op->cur->kind == SIB_COM);
	*out = NULL;
	*outn = 0;
	if (!n)
		return 0;
	if ((bad = clr__utf8_invalid_at(s, n)) != (size_t)-1)
		return clr__csv_fail(op->ld, &op->opts, rec->line, i, CLR_EINPUT,
		                     "invalid UTF-8 at byte %zu of the value", bad);
	if (memchr(s, '\0', n))
		return clr__csv_fail(op->ld, &op->opts, rec->line, i, CLR_EINPUT,
		                     "NUL byte in the value");
	if (!(*out = clr__arena_strndup(op->scratch, s, n)))
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	*outn = n;
	return 0;
}

static int on_sibling(void *payload, const clr_csv_rec *rec)
{
	ofac_parse *op = payload;
	sib_set *set = op->cur;
	sib_row row = {.line = rec->line};
	static const size_t cols[SIB_N][3] = {{2, 3, 4}, {2, 3, 4}, {1, 0, 0}};
	size_t ncols = set->kind == SIB_COM ? 1 : 3;
	int rc;

	if (parse_ent(rec->v[0], rec->n[0], &row.ent))
		return clr__csv_fail(op->ld, &op->opts, rec->line, 0, CLR_EINPUT,
		                     "ent_num is not a number");
	for (size_t k = 0; k < ncols; k++) {
		if ((rc = sib_value(op, rec, cols[set->kind][k], &row.f[k], &row.n[k])) < 0)
			return rc;
		if (op->ld->failed_row)
			return 0;
	}
	if (set->kind == SIB_ALT && !row.n[1])
		return clr__csv_fail(op->ld, &op->opts, rec->line, 3, CLR_EINPUT, "alt_name is empty");
	if (clr__vec_push(set->rows, row))
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

static int cmp_sib(const void *a, const void *b)
{
	const sib_row *x = *(sib_row *const *)a, *y = *(sib_row *const *)b;
	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int read_sibling(ofac_parse *op, sib_kind kind, const char *buf, size_t len,
                        const char *path)
{
	static const char *const *const names[SIB_N] = {alt_fields, add_fields, com_fields};
	static const size_t counts[SIB_N] = {5, 6, 2};
	sib_set *set = &op->sets[kind];
	int rc;
	set->kind = kind;
	set->path = path ? path : "(sibling)";
	if (!buf)
		return 0;
	op->cur = set;
	op->opts = (clr_csv_opts){.file = set->path, .delim = ',', .names = names[kind],
	                          .nnames = counts[kind], .expect = counts[kind],
	                          .row = on_sibling, .payload = op};
	if ((rc = clr__csv_each(op->ld, buf, len, &op->opts)) < 0)
		return rc;
	if (!set->rows.n)
		return 0;
	set->sorted = clr__realloc_array(NULL, set->rows.n, sizeof(*set->sorted));
	if (!set->sorted)
		return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->rows.n; i++)
		set->sorted[i] = &set->rows.v[i];
	qsort(set->sorted, set->rows.n, sizeof(*set->sorted), cmp_sib);
	return 0;
}

/* First sorted row of ent in set, or NULL; the rows of ent follow it. */
static sib_row **sib_find(const sib_set *set, uint64_t ent, size_t *count)
{
	size_t lo = 0, hi = set->rows.n;
	*count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->sorted[mid]->ent < ent)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < set->rows.n && set->sorted[end]->ent == ent)
		end++;
	*count = end - lo;
	return *count ? set->sorted + lo : NULL;
}

/* Records ent as seen; returns 1 when it was already. */
static int seen_add(ofac_parse *op, uint64_t ent, int *dup)
{
	*dup = 0;
	if ((op->seen.n + 1) * 2 > op->seen.cap) {
		size_t cap = op->seen.cap ? op->seen.cap * 2 : 1024;
		uint64_t *v = clr__calloc(cap, sizeof(*v));
		if (!v)
			return -1;
		for (size_t i = 0; i < op->seen.cap; i++) {
			if (!op->seen.v[i])
				continue;
			size_t h = (size_t)((op->seen.v[i] * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
			while (v[h])
				h = (h + 1) & (cap - 1);
			v[h] = op->seen.v[i];
		}
		free(op->seen.v);
		op->seen.v = v;
		op->seen.cap = cap;
	}
	uint64_t key = ent + 1; /* 0 marks a free slot */
	size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (op->seen.cap - 1);
	while (op->seen.v[h]) {
		if (op->seen.v[h] == key) {
			*dup = 1;
			return 0;
		}
		h = (h + 1) & (op->seen.cap - 1);
	}
	op->seen.v[h] = key;
	op->seen.n++;
	return 0;
}

static int add_program(clr_loader *ld, const char *s, size_t n, const char *field)
{
	while (n && (*s == '[' || *s == ' '))
		s++, n--;
	while (n && (s[n - 1] == '[' || s[n - 1] == ' '))
		n--;
	return n ? clr__draft_program(ld, s, n, field) : 0;
}

/* cons_prim.csv holds several OFAC lists; the program tells which. */
static const char *cons_source(const clr_loader *ld)
{
	static const struct {
		const char *prefix;
		int exact;
		const char *source;
	} rules[] = {
		{"NS-PLC", 1, "PLC"},     {"CMIC-EO13959", 1, "CMIC"}, {"NS-CMIC", 1, "CMIC"},
		{"UKRAINE-EO13662", 1, "SSI"}, {"FSE-", 0, "FSE"},   {"CAATSA", 0, "CAP"},
		{"CAPTA", 0, "CAP"},      {"NS-MBS", 1, "MBS"},
	};
	for (size_t r = 0; r < sizeof(rules) / sizeof(*rules); r++)
		for (size_t i = 0; i < ld->d.progs.n; i++) {
			const char *p = ld->d.progs.v[i];
			size_t m = strlen(rules[r].prefix);
			if (rules[r].exact ? !strcmp(p, rules[r].prefix) : !strncmp(p, rules[r].prefix, m))
				return rules[r].source;
		}
	return "NONSDN";
}

static clr_type ofac_type(const char *s, size_t n, int *known)
{
	*known = 1;
	if (!n)
		return CLR_TYPE_ENTITY;
	if (clr__eq_ci(s, n, "individual"))
		return CLR_TYPE_PERSON;
	if (clr__eq_ci(s, n, "vessel"))
		return CLR_TYPE_VESSEL;
	if (clr__eq_ci(s, n, "aircraft"))
		return CLR_TYPE_AIRCRAFT;
	*known = 0;
	return CLR_TYPE_UNKNOWN;
}

/* "nationality Iran;" in remarks: recorded when it names a known country. */
static int add_nationalities(clr_loader *ld, const char *s, size_t n)
{
	static const char key[] = "nationality ";
	size_t m = sizeof(key) - 1;
	for (size_t i = 0; i + m <= n; i++) {
		if (!clr__eq_ci(s + i, m, key) ||
		    (i && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')))
			continue;
		size_t a = i + m, b = a;
		while (b < n && s[b] != ';')
			b++;
		const char *code = clr__country_code(s + a, b - a);
		if (code) {
			int rc = clr__draft_country(ld, code, 2, "remarks");
			if (rc < 0 || ld->failed_row)
				return rc;
		}
		i = b;
	}
	return 0;
}

static int join_address(ofac_parse *op, const sib_row *r)
{
	clr_buf *t = &op->text;
	clr__buf_clear(t);
	for (size_t k = 0; k < 2; k++) {
		if (!r->n[k])
			continue;
		if ((t->len && clr__buf_put(t, ", ", 2)) || clr__buf_put(t, r->f[k], r->n[k]))
			return clr__loader_fatal(op->ld, 0, NULL, CLR_ENOMEM, "out of memory");
	}
	return clr__draft_address(op->ld, t->p, t->len, r->f[2], r->n[2], "address");
}

/* Adds the entry's sibling rows to the draft and marks them joined. */
static int add_siblings(ofac_parse *op, uint64_t ent, const char *remarks, size_t rn)
{
	clr_loader *ld = op->ld;
	size_t cnt;
	sib_row **rows;
	int rc;

	if ((rows = sib_find(&op->sets[SIB_ALT], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			const sib_row *r = rows[i];
			int weak = contains_ci(r->f[0], r->n[0], "weak") ||
			           contains_ci(r->f[2], r->n[2], "weak");
			rows[i]->used = 1;
			rc = clr__draft_name(ld, r->f[1], r->n[1],
			                     weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS, "alt_name");
			if (rc < 0 || ld->failed_row)
				return rc;
		}
	if ((rows = sib_find(&op->sets[SIB_ADD], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			rows[i]->used = 1;
			if ((rc = join_address(op, rows[i])) < 0 || ld->failed_row)
				return rc;
		}
	/* sdn_comments.csv continues remarks cut at 1,000 characters */
	clr__buf_clear(&op->text);
	if (rn && clr__buf_put(&op->text, remarks, rn))
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	if ((rows = sib_find(&op->sets[SIB_COM], ent, &cnt)))
		for (size_t i = 0; i < cnt; i++) {
			rows[i]->used = 1;
			if (rows[i]->n[0] && clr__buf_put(&op->text, rows[i]->f[0], rows[i]->n[0]))
				return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
		}
	if (!op->text.len)
		return 0;
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, op->text.p, op->text.len, "remarks")) < 0 ||
	    ld->failed_row)
		return rc;
	return add_nationalities(ld, op->text.p, op->text.len);
}

static int on_primary(void *payload, const clr_csv_rec *rec)
{
	ofac_parse *op = payload;
	clr_loader *ld = op->ld;
	const char *v[P_NFIELDS];
	size_t n[P_NFIELDS];
	uint64_t ent;
	int rc, dup, known;
	char id[32];

	for (size_t i = 0; i < P_NFIELDS; i++) {
		v[i] = rec->v[i];
		n[i] = rec->n[i];
		unzero(&v[i], &n[i], i == P_REMARKS);
	}
	if ((rc = clr__draft_begin(ld, rec->line)) < 0)
		return rc;
	if (parse_ent(v[P_ENT], n[P_ENT], &ent))
		return clr__loader_fail(ld, rec->line, "ent_num", CLR_EINPUT, "ent_num is not a number");
	if (seen_add(op, ent, &dup))
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	if (dup)
		return clr__loader_fail(ld, rec->line, "ent_num", CLR_EINPUT,
		                        "ent_num %llu appears twice", (unsigned long long)ent);
	snprintf(id, sizeof(id), "ofac:%llu", (unsigned long long)ent);
	ld->d.e.type = ofac_type(v[P_TYPE], n[P_TYPE], &known);
	if (!known)
		clr__loader_warn(ld, rec->line, "field 'type': unknown type '%.*s'",
		                 (int)(n[P_TYPE] < 40 ? n[P_TYPE] : 40), v[P_TYPE]);
	if ((rc = clr__draft_str(ld, &ld->d.e.id, id, strlen(id), "ent_num")) < 0 ||
	    (rc = clr__draft_name(ld, v[P_NAME], n[P_NAME], CLR_NAME_PRIMARY, "name")) < 0 ||
	    (rc = clr__draft_split(ld, v[P_PROGRAM], n[P_PROGRAM], ']', add_program, "program")) < 0)
		return rc;
	if (ld->failed_row)
		return 0;
	if (op->sib->consolidated) {
		ld->d.e.source = cons_source(ld);
		ld->d.e.source_name = "OFAC Consolidated (non-SDN) List";
	} else {
		ld->d.e.source = "SDN";
		ld->d.e.source_name = "Specially Designated Nationals (SDN) - Treasury Department";
	}
	const char *flag = clr__country_code(v[P_FLAG], n[P_FLAG]);
	if (flag && (rc = clr__draft_country(ld, flag, strlen(flag), "vessel_flag")) < 0)
		return rc;
	if (ld->failed_row)
		return 0;
	if ((rc = add_siblings(op, ent, v[P_REMARKS], n[P_REMARKS])) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

static void report_orphans(ofac_parse *op)
{
	static const char *const label[SIB_N] = {"alt", "add", "comments"};
	clr_loader *ld = op->ld;
	for (size_t k = 0; k < SIB_N; k++) {
		const sib_set *set = &op->sets[k];
		for (size_t i = 0; i < set->rows.n; i++) {
			if (set->rows.v[i].used)
				continue;
			ld->report.orphans++;
			clr__loader_warn(ld, 0, "%s:%zu: orphan %s row: ent_num %llu is not in this file",
			                 set->path, set->rows.v[i].line, label[k],
			                 (unsigned long long)set->rows.v[i].ent);
		}
	}
}

int clr__parse_ofac(clr_loader *ld, const char *buf, size_t len, const clr_ofac_files *sib)
{
	static const clr_ofac_files none = {0};
	ofac_parse op = {.ld = ld, .sib = sib ? sib : &none};
	int rc;

	sib = op.sib;
	if (!(op.scratch = clr__arena_new()))
		return clr__loader_fatal(ld, 0, NULL, CLR_ENOMEM, "out of memory");
	if ((rc = read_sibling(&op, SIB_ALT, sib->alt, sib->alt_len, sib->alt_path)) < 0 ||
	    (rc = read_sibling(&op, SIB_ADD, sib->add, sib->add_len, sib->add_path)) < 0 ||
	    (rc = read_sibling(&op, SIB_COM, sib->comments, sib->comments_len, sib->comments_path)) < 0)
		goto out;
	op.opts = (clr_csv_opts){.delim = ',', .names = primary_fields, .nnames = P_NFIELDS,
	                         .expect = P_NFIELDS, .row = on_primary, .payload = &op};
	rc = clr__csv_each(ld, buf, len, &op.opts);
	ld->report.rows = op.opts.records;
	if (rc < 0)
		goto out;
	report_orphans(&op);
out:
	for (size_t k = 0; k < SIB_N; k++) {
		clr__vec_free(op.sets[k].rows);
		free(op.sets[k].sorted);
	}
	free(op.seen.v);
	clr__buf_free(&op.text);
	clr__arena_free(op.scratch);
	clr__draft_discard(ld);
	return rc;
}
