/*
 * tables.c - the rule data files: the calendar of when each ownership rule
 * is in force or suspended, and the ECCNs of Supplement No. 2 to part 744.
 * A new suspension or extension is a row of data/rules/calendar.csv, never
 * a constant here.  Bad rows are errors naming file, line and field.
 */
#include <ctype.h>
#include <stdlib.h>

#include "rules.h"
#include "../lists/csv.h"
#include "../owner/owner.h"

const char *clr__rule_status_name(clr_rule_status s)
{
	switch (s) {
	case CLR_RULE_IN_FORCE: return "in_force";
	case CLR_RULE_SUSPENDED: return "suspended";
	default: return "not_in_force";
	}
}

/* ---- calendar ---------------------------------------------------------- */

typedef struct cal_run {
	clr_calendar *cal;
	const char *file;
	clr_buf *err;
	int header;
} cal_run;

static int cal_fail(cal_run *r, size_t line, const char *field, const char *msg)
{
	clr__buf_clear(r->err);
	clr__buf_printf(r->err, "%s:%zu: field '%s': %s", r->file, line, field, msg);
	return CLR_EINPUT;
}

static int cal_row(void *payload, const clr_csv_rec *row)
{
	static const char *const cols[] = {"rule", "from", "to", "status", "citation"};
	cal_run *r = payload;
	const char *v[5];
	size_t n[5];
	if (row->nf != 5) {
		clr__buf_clear(r->err);
		clr__buf_printf(r->err, "%s:%zu: record has %zu fields, expected 5 (%s)", r->file,
		                row->line, row->nf, "rule,from,to,status,citation");
		return CLR_EINPUT;
	}
	for (int i = 0; i < 5; i++) {
		v[i] = row->v[i];
		n[i] = row->n[i];
		clr__trim(&v[i], &n[i]);
	}
	if (!r->header) {
		for (int i = 0; i < 5; i++)
			if (!clr__eq_ci(v[i], n[i], cols[i]))
				return cal_fail(r, row->line, cols[i], "header must be rule,from,to,status,"
				                "citation");
		r->header = 1;
		return 0;
	}
	clr_period p = {.line = row->line, .from = CLR_DATE_MIN, .to = CLR_DATE_MAX};
	if (!n[0])
		return cal_fail(r, row->line, "rule", "empty");
	if (n[1] && clr__owner_date(v[1], n[1], &p.from) < 0)
		return cal_fail(r, row->line, "from", "not an ISO date (YYYY-MM-DD)");
	if (n[2] && clr__owner_date(v[2], n[2], &p.to) < 0)
		return cal_fail(r, row->line, "to", "not an ISO date (YYYY-MM-DD)");
	if (p.to < p.from)
		return cal_fail(r, row->line, "to", "before 'from'");
	if (clr__eq_ci(v[3], n[3], "in_force"))
		p.status = CLR_RULE_IN_FORCE;
	else if (clr__eq_ci(v[3], n[3], "suspended"))
		p.status = CLR_RULE_SUSPENDED;
	else
		return cal_fail(r, row->line, "status", "expected in_force or suspended");
	if (!n[4])
		return cal_fail(r, row->line, "citation", "every period cites its source");
	for (size_t i = 0; i < r->cal->periods.n; i++) {
		const clr_period *q = &r->cal->periods.v[i];
		if (strlen(q->rule) == n[0] && !memcmp(q->rule, v[0], n[0]) && q->from <= p.to &&
		    p.from <= q->to) {
			char msg[128];
			snprintf(msg, sizeof(msg), "period overlaps the one on line %zu", q->line);
			return cal_fail(r, row->line, "from", msg);
		}
	}
	p.rule = clr__arena_strndup(r->cal->arena, v[0], n[0]);
	p.citation = clr__arena_strndup(r->cal->arena, v[4], n[4]);
	if (!p.rule || !p.citation || clr__vec_push(r->cal->periods, p))
		return CLR_ENOMEM;
	return 0;
}

int clr__calendar_parse(clr_calendar *cal, const char *buf, size_t len, const char *file,
                        clr_buf *err)
{
	cal_run r = {.cal = cal, .file = file, .err = err};
	if (!cal->arena && !(cal->arena = clr__arena_new()))
		return CLR_ENOMEM;
	cal->periods.n = 0;
	int rc = clr__table_each(buf, len, file, 1, cal_row, &r, err);
	if (rc == 0 && !r.header) {
		clr__buf_clear(err);
		clr__buf_printf(err, "%s: no header (rule,from,to,status,citation)", file);
		rc = CLR_EINPUT;
	}
	return rc;
}

void clr__calendar_free(clr_calendar *cal)
{
	clr__vec_free(cal->periods);
	clr__arena_free(cal->arena);
	cal->arena = NULL;
}

clr_rule_status clr__calendar_status(const clr_calendar *cal, const char *rule, int32_t date,
                                     const char **citation)
{
	if (citation)
		*citation = NULL;
	for (size_t i = 0; i < cal->periods.n; i++) {
		const clr_period *p = &cal->periods.v[i];
		if (!strcmp(p->rule, rule) && p->from <= date && date <= p->to) {
			if (citation)
				*citation = p->citation;
			return p->status;
		}
	}
	return CLR_RULE_NOT_IN_FORCE;
}

/* ---- ECCNs and Supplement No. 2 ---------------------------------------- */

int clr__eccn_norm(const char *s, char out[32])
{
	size_t k = 0;
	out[0] = '\0';
	if (!s)
		return 0;
	for (; *s && k < 31; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '-')
			continue;
		if (!isalnum(c) && c != '.')
			return 0;
		out[k++] = (char)toupper(c);
	}
	if (*s)
		return 0;
	out[k] = '\0';
	if (!strcmp(out, "EAR99"))
		return 2;
	/* digit, letter A-E, three digits, then optional .sub.paragraphs */
	if (k < 5 || !isdigit((unsigned char)out[0]) || out[1] < 'A' || out[1] > 'E' ||
	    !isdigit((unsigned char)out[2]) || !isdigit((unsigned char)out[3]) ||
	    !isdigit((unsigned char)out[4]))
		return 0;
	if (k > 5 && out[5] != '.')
		return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct supp_run {
	clr_supp2 *s;
	const char *file;
	clr_buf *err;
	int header;
} supp_run;

static int supp_row(void *payload, const clr_csv_rec *row)
{
	supp_run *r = payload;
	const char *v = row->v[0];
	size_t n = row->n[0];
	char norm[32], tmp[64];
	clr__trim(&v, &n);
	if (!r->header) {
		if (!clr__eq_ci(v, n, "eccn")) {
			clr__buf_clear(r->err);
			clr__buf_printf(r->err, "%s:%zu: field 'eccn': the header's first column must be "
			                "eccn", r->file, row->line);
			return CLR_EINPUT;
		}
		r->header = 1;
		return 0;
	}
	if (n >= sizeof(tmp) || (memcpy(tmp, v, n), tmp[n] = '\0', clr__eccn_norm(tmp, norm) != 1)) {
		clr__buf_clear(r->err);
		clr__buf_printf(r->err, "%s:%zu: field 'eccn': '%.*s' is not an ECCN", r->file,
		                row->line, (int)(n > 40 ? 40 : n), v);
		return CLR_EINPUT;
	}
	char *z = clr__arena_strndup(r->s->arena, norm, strlen(norm));
	if (!z || clr__vec_push(r->s->eccns, (const char *)z))
		return CLR_ENOMEM;
	return 0;
}

/* The source is the first comment row: "# source: ...". */
static const char *first_comment(clr_arena *a, const char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && buf[e] != '\n' && buf[e] != '\r')
			e++;
		if (buf[i] == '#') {
			const char *s = buf + i + 1;
			size_t n = e - i - 1;
			clr__trim(&s, &n);
			return clr__arena_strndup(a, s, n);
		}
		i = e + 1;
	}
	return NULL;
}

int clr__supp2_parse(clr_supp2 *s, const char *buf, size_t len, const char *file, clr_buf *err)
{
	supp_run r = {.s = s, .file = file, .err = err};
	if (!s->arena && !(s->arena = clr__arena_new()))
		return CLR_ENOMEM;
	s->eccns.n = 0;
	int rc = clr__table_each(buf, len, file, 1, supp_row, &r, err);
	if (rc == 0 && !r.header) {
		clr__buf_clear(err);
		clr__buf_printf(err, "%s: no header (eccn,...)", file);
		rc = CLR_EINPUT;
	}
	if (rc < 0)
		return rc;
	s->source = first_comment(s->arena, buf, len);
	qsort(s->eccns.v, s->eccns.n, sizeof(*s->eccns.v), cmp_str);
	return 0;
}

void clr__supp2_free(clr_supp2 *s)
{
	clr__vec_free(s->eccns);
	clr__arena_free(s->arena);
	s->arena = NULL;
}

int clr__supp2_has(const clr_supp2 *s, const char *eccn)
{
	int partial = 0;
	size_t en = strlen(eccn);
	for (size_t i = 0; i < s->eccns.n; i++) {
		const char *z = s->eccns.v[i];
		size_t zn = strlen(z);
		if (zn <= en && !memcmp(z, eccn, zn) && (eccn[zn] == '\0' || eccn[zn] == '.'))
			return 1; /* the listed ECCN or a sub-paragraph of it */
		if (zn > en && !memcmp(z, eccn, en) && z[en] == '.')
			partial = 1; /* only a sub-paragraph of the item's ECCN is listed */
	}
	return partial ? -1 : 0;
}
