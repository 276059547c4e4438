/*
 * graph.c - the ownership graph: parses ownership CSV files (all or nothing
 * per file, errors naming file, line and field), keeps parties in a hash by
 * id and edges with their effective dates, warns about cycles, self-
 * ownership and conflicting names, and builds the adjacency arrays the fixed
 * point walks.  Knows nothing about lists or rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "owner.h"
#include "../lists/csv.h"

/* ---- dates and percentages ------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int clr__owner_date(const char *s, size_t n, int32_t *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (n != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2))
		return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*out = y * 10000 + m * 100 + d;
	return 0;
}

void clr__owner_date_fmt(int32_t d, char out[11])
{
	unsigned y = (unsigned)(d / 10000) % 10000u, m = (unsigned)(d / 100) % 100u;
	unsigned dd = (unsigned)d % 100u;
	const unsigned v[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10,
	                       dd / 10, dd % 10};
	static const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
	out[4] = out[7] = '-';
	for (int i = 0; i < 8; i++)
		out[at[i]] = (char)('0' + v[i]);
	out[10] = '\0';
}

int clr__owner_pct(const char *s, size_t n, uint32_t *out)
{
	uint64_t whole = 0, frac = 0;
	size_t i = 0, nint = 0, nfrac = 0;
	int neg = 0;
	clr__trim(&s, &n);
	if (n && s[n - 1] == '%') {
		n--;
		clr__trim(&s, &n);
	}
	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nint++)
		if ((whole = whole * 10 + (uint64_t)(s[i] - '0')) > 1000000)
			return -2;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nfrac++) {
			if (nfrac >= 6)
				return -1; /* more precision than millionths of a percent */
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
	}
	if (i != n || (!nint && !nfrac))
		return -1;
	for (size_t k = nfrac; k < 6; k++)
		frac *= 10;
	uint64_t v = whole * CLR_PCT_ONE + frac;
	if (neg && v)
		return -2;
	if (v == 0 || v > CLR_PCT_100)
		return -2;
	*out = (uint32_t)v;
	return 0;
}

/* ---- graph ------------------------------------------------------------- */

int clr_owner_new(clr_owner_graph **out)
{
	clr_owner_graph *g = calloc(1, sizeof(*g));
	*out = NULL;
	if (!g || !(g->arena = clr__arena_new())) {
		free(g);
		return CLR_ENOMEM;
	}
	*out = g;
	return 0;
}

void clr_owner_free(clr_owner_graph *g)
{
	if (!g)
		return;
	clr__arena_free(g->arena);
	clr__vec_free(g->nodes);
	clr__vec_free(g->edges);
	clr__vec_free(g->files);
	clr__vec_free(g->warnings);
	clr__vec_free(g->links);
	free(g->ht);
	free(g->out_off);
	free(g->out_e);
	free(g->in_off);
	free(g->in_e);
	clr__buf_free(&g->err);
	free(g);
}

const char *clr_owner_errmsg(const clr_owner_graph *g)
{
	return g && g->err.p ? g->err.p : "";
}

size_t clr_owner_party_count(const clr_owner_graph *g)
{
	return g->nodes.n;
}

size_t clr_owner_edge_count(const clr_owner_graph *g)
{
	return g->edges.n;
}

size_t clr_owner_warning_count(const clr_owner_graph *g)
{
	return g->nwarnings;
}

const char *clr_owner_warning(const clr_owner_graph *g, size_t i)
{
	return i < g->warnings.n ? g->warnings.v[i] : NULL;
}

void clr__owner_warn(clr_owner_graph *g, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	g->nwarnings++;
	if (g->warnings.n >= CLR_OWNER_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char *s = clr__arena_strndup(g->arena, msg, strlen(msg));
	if (s)
		(void)clr__vec_push(g->warnings, (const char *)s);
}

static int ht_rebuild(clr_owner_graph *g, size_t want)
{
	size_t cap = 64;
	while (cap < want * 2)
		cap *= 2;
	uint32_t *ht = calloc(cap, sizeof(*ht));
	if (!ht)
		return CLR_ENOMEM;
	for (size_t i = 0; i < g->nodes.n; i++) {
		const char *id = g->nodes.v[i].id;
		size_t h = (size_t)clr__hash(id, strlen(id)) & (cap - 1);
		while (ht[h])
			h = (h + 1) & (cap - 1);
		ht[h] = (uint32_t)i + 1;
	}
	free(g->ht);
	g->ht = ht;
	g->htcap = cap;
	return 0;
}

long clr__owner_find(const clr_owner_graph *g, const char *id, size_t n)
{
	if (!g->htcap)
		return -1;
	size_t h = (size_t)clr__hash(id, n) & (g->htcap - 1);
	while (g->ht[h]) {
		const char *z = g->nodes.v[g->ht[h] - 1].id;
		if (!strncmp(z, id, n) && z[n] == '\0')
			return (long)g->ht[h] - 1;
		h = (h + 1) & (g->htcap - 1);
	}
	return -1;
}

/* ---- parsing ----------------------------------------------------------- */

enum { C_OWNER_ID, C_OWNER_NAME, C_OWNED_ID, C_OWNED_NAME, C_PCT, C_START, C_END,
       C_OWNER_CC, C_OWNED_CC, NCOLS };
static const char *const col_names[NCOLS] = {
	"owner_id", "owner_name", "owned_id", "owned_name", "percent", "start_date", "end_date",
	"owner_country", "owned_country",
};
#define NREQUIRED 7

typedef struct parse_run {
	clr_owner_graph *g;
	const char *file;
	uint32_t file_ix;
	int have_header;
	int col[NCOLS]; /* column of each known field, -1 when absent */
	size_t ncols;
} parse_run;

static int fail(parse_run *r, size_t line, const char *field, int code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(parse_run *r, size_t line, const char *field, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clr__buf_clear(&r->g->err);
	if (field)
		clr__buf_printf(&r->g->err, "%s:%zu: field '%s': %s", r->file, line, field, msg);
	else
		clr__buf_printf(&r->g->err, "%s:%zu: %s", r->file, line, msg);
	return code;
}

static int header(parse_run *r, const clr_csv_rec *row)
{
	for (int c = 0; c < NCOLS; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < row->nf; i++) {
		const char *s = row->v[i];
		size_t n = row->n[i];
		clr__trim(&s, &n);
		int known = 0;
		for (int c = 0; c < NCOLS; c++) {
			if (!clr__eq_ci(s, n, col_names[c]))
				continue;
			if (r->col[c] >= 0)
				return fail(r, row->line, col_names[c], CLR_EINPUT,
				            "column named twice in the header");
			r->col[c] = (int)i;
			known = 1;
		}
		if (!known)
			clr__owner_warn(r->g, "%s:%zu: column '%.*s' is not an ownership field; ignored",
			                r->file, row->line, (int)(n > 64 ? 64 : n), s);
	}
	for (int c = 0; c < NREQUIRED; c++)
		if (r->col[c] < 0)
			return fail(r, row->line, col_names[c], CLR_EINPUT,
			            "missing from the header (expected owner_id,owner_name,owned_id,"
			            "owned_name,percent,start_date,end_date)");
	r->ncols = row->nf;
	r->have_header = 1;
	return 0;
}

static void field(const clr_csv_rec *row, int col, const char **s, size_t *n)
{
	*s = "";
	*n = 0;
	if (col >= 0 && (size_t)col < row->nf) {
		*s = row->v[col];
		*n = row->n[col];
		clr__trim(s, n);
	}
}

static int text_ok(parse_run *r, size_t line, int c, const char *s, size_t n, size_t max)
{
	size_t bad = clr__utf8_invalid_at(s, n);
	if (bad != (size_t)-1)
		return fail(r, line, col_names[c], CLR_EINPUT, "invalid UTF-8 at byte %zu", bad + 1);
	if (memchr(s, '\0', n))
		return fail(r, line, col_names[c], CLR_EINPUT, "NUL byte in the value");
	if (n > max)
		return fail(r, line, col_names[c], CLR_ELIMIT, "longer than the limit of %zu bytes",
		            max);
	return 0;
}

/* Finds or adds the party; name and country may refine a previous mention. */
static int party(parse_run *r, size_t line, int cid, const char *id, size_t idn,
                 const char *name, size_t namen, const char *cc, size_t ccn, uint32_t *out)
{
	clr_owner_graph *g = r->g;
	int rc;
	if (!idn)
		return fail(r, line, col_names[cid], CLR_EINPUT, "empty party id");
	if ((rc = text_ok(r, line, cid, id, idn, CLR_OWNER_MAX_ID_BYTES)) < 0 ||
	    (rc = text_ok(r, line, cid + 1, name, namen, CLR_MAX_NAME_BYTES)) < 0)
		return rc;
	if (idn >= 5 && !memcmp(id, "list:", 5) && idn == 5)
		return fail(r, line, col_names[cid], CLR_EINPUT, "'list:' without an entry id");
	long k = clr__owner_find(g, id, idn);
	if (k < 0) {
		if (g->nodes.n >= CLR_OWNER_MAX_EDGES)
			return fail(r, line, col_names[cid], CLR_ELIMIT, "more parties than the limit");
		if ((g->nodes.n + 1) * 2 > g->htcap && ht_rebuild(g, g->nodes.n + 1) < 0)
			return fail(r, line, NULL, CLR_ENOMEM, "out of memory");
		clr_owner_node nd = {.line = line};
		nd.id = clr__arena_strndup(g->arena, id, idn);
		nd.name = namen ? clr__arena_strndup(g->arena, name, namen) : NULL;
		nd.country = ccn ? clr__arena_strndup(g->arena, cc, ccn) : NULL;
		if (!nd.id || (namen && !nd.name) || (ccn && !nd.country) ||
		    clr__vec_push(g->nodes, nd))
			return fail(r, line, NULL, CLR_ENOMEM, "out of memory");
		k = (long)g->nodes.n - 1;
		size_t h = (size_t)clr__hash(id, idn) & (g->htcap - 1);
		while (g->ht[h])
			h = (h + 1) & (g->htcap - 1);
		g->ht[h] = (uint32_t)k + 1;
	} else {
		clr_owner_node *nd = &g->nodes.v[k];
		if (namen && !nd->name) {
			nd->name = clr__arena_strndup(g->arena, name, namen);
		} else if (namen && (strlen(nd->name) != namen || memcmp(nd->name, name, namen))) {
			clr__owner_warn(g, "%s:%zu: party '%s' is named '%.*s' here and '%s' on line %zu; "
			                "the first name is screened", r->file, line, nd->id,
			                (int)namen, name, nd->name, nd->line);
		}
		if (ccn && !nd->country)
			nd->country = clr__arena_strndup(g->arena, cc, ccn);
	}
	*out = (uint32_t)k;
	return 0;
}

static int row_cb(void *payload, const clr_csv_rec *row)
{
	parse_run *r = payload;
	clr_owner_graph *g = r->g;
	const char *v[NCOLS];
	size_t n[NCOLS];
	uint32_t owner, owned, pct;
	int32_t from = CLR_DATE_MIN, to = CLR_DATE_MAX;
	int rc;

	if (!r->have_header)
		return header(r, row);
	if (row->nf != r->ncols)
		return fail(r, row->line, NULL, CLR_EINPUT, "record has %zu fields, the header %zu",
		            row->nf, r->ncols);
	for (int c = 0; c < NCOLS; c++)
		field(row, r->col[c], &v[c], &n[c]);
	if ((rc = text_ok(r, row->line, C_OWNER_CC, v[C_OWNER_CC], n[C_OWNER_CC], 64)) < 0 ||
	    (rc = text_ok(r, row->line, C_OWNED_CC, v[C_OWNED_CC], n[C_OWNED_CC], 64)) < 0)
		return rc;
	int prc = clr__owner_pct(v[C_PCT], n[C_PCT], &pct);
	if (prc == -1)
		return fail(r, row->line, "percent", CLR_EINPUT,
		            "'%.*s' is not a number (expected e.g. 51 or 33.5, at most 6 decimals)",
		            (int)(n[C_PCT] > 40 ? 40 : n[C_PCT]), v[C_PCT]);
	if (prc == -2)
		return fail(r, row->line, "percent", CLR_EINPUT,
		            "'%.*s' is outside (0, 100]", (int)(n[C_PCT] > 40 ? 40 : n[C_PCT]),
		            v[C_PCT]);
	if (n[C_START] && clr__owner_date(v[C_START], n[C_START], &from) < 0)
		return fail(r, row->line, "start_date", CLR_EINPUT,
		            "'%.*s' is not an ISO date (YYYY-MM-DD)",
		            (int)(n[C_START] > 40 ? 40 : n[C_START]), v[C_START]);
	if (n[C_END] && clr__owner_date(v[C_END], n[C_END], &to) < 0)
		return fail(r, row->line, "end_date", CLR_EINPUT,
		            "'%.*s' is not an ISO date (YYYY-MM-DD)",
		            (int)(n[C_END] > 40 ? 40 : n[C_END]), v[C_END]);
	if (to < from)
		return fail(r, row->line, "end_date", CLR_EINPUT, "%.*s is before start_date %.*s",
		            (int)n[C_END], v[C_END], (int)n[C_START], v[C_START]);
	if ((rc = party(r, row->line, C_OWNER_ID, v[C_OWNER_ID], n[C_OWNER_ID], v[C_OWNER_NAME],
	                n[C_OWNER_NAME], v[C_OWNER_CC], n[C_OWNER_CC], &owner)) < 0 ||
	    (rc = party(r, row->line, C_OWNED_ID, v[C_OWNED_ID], n[C_OWNED_ID], v[C_OWNED_NAME],
	                n[C_OWNED_NAME], v[C_OWNED_CC], n[C_OWNED_CC], &owned)) < 0)
		return rc;
	if (owner == owned) {
		clr__owner_warn(g, "%s:%zu: party '%s' owns itself (%.*s%%); the row is ignored, "
		                "self-ownership cannot make a party listed", r->file, row->line,
		                g->nodes.v[owner].id, (int)n[C_PCT], v[C_PCT]);
		return 0;
	}
	if (g->edges.n >= CLR_OWNER_MAX_EDGES)
		return fail(r, row->line, NULL, CLR_ELIMIT, "more than %u edges", CLR_OWNER_MAX_EDGES);
	clr_owner_edge e = {owner, owned, pct, from, to, (uint32_t)row->line, r->file_ix};
	if (clr__vec_push(g->edges, e))
		return fail(r, row->line, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

/* Tarjan's strongly connected components, iteratively (a million-node chain
 * must not overflow the stack); each cycle becomes one warning. */
static int warn_cycles(clr_owner_graph *g)
{
	size_t n = g->nodes.n;
	uint32_t *index = malloc(n * sizeof(*index)), *low = malloc(n * sizeof(*low));
	uint32_t *stack = malloc(n * sizeof(*stack)), *cs = malloc(n * sizeof(*cs));
	uint32_t *it = malloc(n * sizeof(*it));
	uint8_t *on = calloc(n ? n : 1, 1);
	int rc = 0;
	if (!index || !low || !stack || !cs || !it || !on) {
		rc = CLR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		index[i] = UINT32_MAX;
	uint32_t next = 0;
	size_t sp = 0;
	for (size_t root = 0; root < n; root++) {
		if (index[root] != UINT32_MAX)
			continue;
		size_t csp = 0;
		cs[csp++] = (uint32_t)root;
		index[root] = low[root] = next++;
		it[root] = g->out_off[root];
		stack[sp++] = (uint32_t)root;
		on[root] = 1;
		while (csp) {
			uint32_t v = cs[csp - 1];
			if (it[v] < g->out_off[v + 1]) {
				uint32_t w = g->edges.v[g->out_e[it[v]++]].owned;
				if (index[w] == UINT32_MAX) {
					index[w] = low[w] = next++;
					it[w] = g->out_off[w];
					stack[sp++] = w;
					on[w] = 1;
					cs[csp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			csp--;
			if (csp && low[v] < low[cs[csp - 1]])
				low[cs[csp - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			size_t first = sp;
			do
				on[stack[--first]] = 0;
			while (stack[first] != v);
			size_t size = sp - first;
			if (size > 1) {
				char list[512];
				size_t len = 0;
				list[0] = '\0';
				for (size_t k = first; k < sp && k < first + 5; k++)
					len += (size_t)snprintf(list + len, sizeof(list) - len, "%s'%s'",
					                        k > first ? ", " : "", g->nodes.v[stack[k]].id);
				clr__owner_warn(g, "ownership cycle among %zu parties (%s%s): the 50%% rules "
				                "still resolve, through listed parties only", size, list,
				                size > 5 ? ", ..." : "");
			}
			sp = first;
		}
	}
out:
	free(index);
	free(low);
	free(stack);
	free(cs);
	free(it);
	free(on);
	return rc;
}

int clr__owner_csr(clr_owner_graph *g)
{
	if (g->csr_ok)
		return 0;
	size_t n = g->nodes.n, m = g->edges.n;
	uint32_t *oo = calloc(n + 1, sizeof(*oo)), *io = calloc(n + 1, sizeof(*io));
	uint32_t *oe = malloc((m ? m : 1) * sizeof(*oe)), *ie = malloc((m ? m : 1) * sizeof(*ie));
	if (!oo || !io || !oe || !ie) {
		free(oo);
		free(io);
		free(oe);
		free(ie);
		return CLR_ENOMEM;
	}
	for (size_t i = 0; i < m; i++) {
		oo[g->edges.v[i].owner + 1]++;
		io[g->edges.v[i].owned + 1]++;
	}
	for (size_t i = 0; i < n; i++) {
		oo[i + 1] += oo[i];
		io[i + 1] += io[i];
	}
	for (size_t i = 0; i < m; i++) {
		oe[oo[g->edges.v[i].owner]++] = (uint32_t)i;
		ie[io[g->edges.v[i].owned]++] = (uint32_t)i;
	}
	for (size_t i = n; i > 0; i--) {
		oo[i] = oo[i - 1];
		io[i] = io[i - 1];
	}
	oo[0] = io[0] = 0;
	free(g->out_off);
	free(g->out_e);
	free(g->in_off);
	free(g->in_e);
	g->out_off = oo;
	g->out_e = oe;
	g->in_off = io;
	g->in_e = ie;
	g->csr_ok = 1;
	return 0;
}

int clr_owner_parse(clr_owner_graph *g, const char *buf, size_t len, const char *name)
{
	size_t nodes0 = g->nodes.n, edges0 = g->edges.n, warn0 = g->warnings.n;
	size_t nwarn0 = g->nwarnings;
	parse_run r = {.g = g, .file = name ? name : "<ownership>"};
	int rc;

	if (g->linked) {
		clr__buf_clear(&g->err);
		clr__buf_printf(&g->err, "%s: the graph is in use by a checker; load before linking",
		                r.file);
		return CLR_EUSAGE;
	}
	char *fname = clr__arena_strndup(g->arena, r.file, strlen(r.file));
	if (!fname || clr__vec_push(g->files, (const char *)fname))
		return CLR_ENOMEM;
	r.file = fname;
	r.file_ix = (uint32_t)g->files.n - 1;
	rc = clr__table_each(buf, len, r.file, 0, row_cb, &r, &g->err);
	if (rc == 0 && !r.have_header) {
		clr__buf_clear(&g->err);
		clr__buf_printf(&g->err, "%s:1: empty file: expected a header (owner_id,owner_name,"
		                "owned_id,owned_name,percent,start_date,end_date)", r.file);
		rc = CLR_EINPUT;
	}
	if (rc < 0) {
		/* all or nothing: forget the parties and edges of this file */
		g->nodes.n = nodes0;
		g->edges.n = edges0;
		g->warnings.n = warn0;
		g->nwarnings = nwarn0;
		g->csr_ok = 0;
		if (ht_rebuild(g, nodes0 ? nodes0 : 1) < 0)
			return CLR_ENOMEM;
		return rc;
	}
	g->csr_ok = 0;
	if ((rc = clr__owner_csr(g)) < 0 || (rc = warn_cycles(g)) < 0) {
		clr__buf_clear(&g->err);
		clr__buf_printf(&g->err, "%s: out of memory", r.file);
		return rc;
	}
	return 0;
}

int clr_owner_load(clr_owner_graph *g, const char *path)
{
	char *buf;
	size_t len;
	int rc = clr__read_file(path, &buf, &len, &g->err);
	if (rc < 0)
		return rc;
	rc = clr_owner_parse(g, buf, len, path);
	free(buf);
	return rc;
}
