/*
 * dpl.c - the BIS Denied Persons List text file (tab-separated, quoted,
 * with a header row) into entries.  Owns the DPL's stable ids, a hash of
 * name and effective date; must never give two rows the same id.
 */
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"

enum { F_NAME, F_STREET, F_CITY, F_STATE, F_COUNTRY, F_POSTAL, F_EFFECTIVE, F_EXPIRATION,
       F_ORDER, F_UPDATE, F_ACTION, F_CITATION, F_N };

static const char *const known[F_N] = {
	"Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
	"Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation"};

typedef struct dpl_parse {
	clr_loader *ld;
	clr_csv_opts opts;
	int have_header;
	size_t col[F_N];        /* column of each known field, (size_t)-1 when absent */
	char *header[CLR_MAX_FIELDS];
	struct {                /* base id hash -> rows seen with it */
		uint64_t *key;
		uint32_t *count;
		size_t cap, n;
	} ids;
	clr_buf text;
} dpl_parse;

static int on_header(dpl_parse *dp, const clr_csv_rec *rec)
{
	for (size_t i = 0; i < rec->nf; i++) {
		const char *s = rec->v[i];
		size_t n = rec->n[i];
		clr__trim(&s, &n);
		if (!(dp->header[i] = clr__strndup(s, n)))
			return clr__loader_fatal(dp->ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
		for (size_t k = 0; k < F_N; k++)
			if (dp->col[k] == (size_t)-1 && clr__eq_ci(s, n, known[k]))
				dp->col[k] = i;
	}
	dp->opts.names = (const char *const *)dp->header;
	dp->opts.nnames = rec->nf;
	dp->opts.expect = rec->nf;
	dp->have_header = 1;
	if (dp->col[F_NAME] == (size_t)-1 || dp->col[F_EFFECTIVE] == (size_t)-1)
		return clr__loader_fatal(dp->ld, rec->line,
		                         dp->col[F_NAME] == (size_t)-1 ? "Name" : "Effective_Date",
		                         CLR_EINPUT, "header has no such column");
	return 0;
}

static void field(const dpl_parse *dp, const clr_csv_rec *rec, int k, const char **s, size_t *n)
{
	*s = NULL;
	*n = 0;
	if (dp->col[k] == (size_t)-1)
		return;
	*s = rec->v[dp->col[k]];
	*n = rec->n[dp->col[k]];
	clr__trim(s, n);
}

/* Counts rows per base id: returns 1 for the first, 2 for the second ... */
static int id_seen(dpl_parse *dp, uint64_t h, uint32_t *out)
{
	if ((dp->ids.n + 1) * 2 > dp->ids.cap) {
		size_t cap = dp->ids.cap ? dp->ids.cap * 2 : 1024;
		uint64_t *key = clr__calloc(cap, sizeof(*key));
		uint32_t *count = clr__calloc(cap, sizeof(*count));
		if (!key || !count) {
			free(key);
			free(count);
			return -1;
		}
		for (size_t i = 0; i < dp->ids.cap; i++) {
			if (!dp->ids.count[i])
				continue;
			size_t j = (size_t)dp->ids.key[i] & (cap - 1);
			while (count[j])
				j = (j + 1) & (cap - 1);
			key[j] = dp->ids.key[i];
			count[j] = dp->ids.count[i];
		}
		free(dp->ids.key);
		free(dp->ids.count);
		dp->ids.key = key;
		dp->ids.count = count;
		dp->ids.cap = cap;
	}
	size_t j = (size_t)h & (dp->ids.cap - 1);
	while (dp->ids.count[j] && dp->ids.key[j] != h)
		j = (j + 1) & (dp->ids.cap - 1);
	if (!dp->ids.count[j]) {
		dp->ids.key[j] = h;
		dp->ids.n++;
	}
	*out = ++dp->ids.count[j];
	return 0;
}

static int add_date(dpl_parse *dp, const clr_csv_rec *rec, int k, const char **dst)
{
	const char *s;
	size_t n;
	char iso[11];
	field(dp, rec, k, &s, &n);
	if (!n)
		return 0;
	if (clr__parse_date(s, n, iso))
		return clr__loader_fail(dp->ld, rec->line, known[k], CLR_EINPUT,
		                        "'%.*s' is not a date (MM/DD/YYYY)", (int)(n < 40 ? n : 40), s);
	return clr__draft_str(dp->ld, dst, iso, 10, known[k]);
}

/* "67 F.R. 56530 9/4/02 67 F.R. 10890 3/11/02": one citation per "<vol> F.R.". */
static int add_citations(clr_loader *ld, const char *s, size_t n)
{
	size_t start = 0;
	if (!n)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		int at_cite = 0;
		if (i < n && i > start && s[i] >= '0' && s[i] <= '9' && s[i - 1] == ' ') {
			size_t j = i;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			at_cite = (j + 5 <= n && !memcmp(s + j, " F.R.", 5)) ||
			          (j + 4 <= n && !memcmp(s + j, " FR ", 4));
		}
		if (i < n && !at_cite)
			continue;
		const char *p = s + start;
		size_t m = i - start;
		while (m && (p[m - 1] == ',' || p[m - 1] == ';' || p[m - 1] == ' '))
			m--;
		int rc = clr__draft_citation(ld, p, m, "FR_Citation");
		if (rc < 0 || ld->failed_row)
			return rc;
		start = i;
	}
	return 0;
}

static int build_address(dpl_parse *dp, const clr_csv_rec *rec)
{
	static const int parts[] = {F_STREET, F_CITY, F_STATE, F_POSTAL};
	const char *s, *country;
	size_t n, cn;
	clr__buf_clear(&dp->text);
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		field(dp, rec, parts[i], &s, &n);
		if (!n)
			continue;
		if ((dp->text.len && clr__buf_put(&dp->text, ", ", 2)) || clr__buf_put(&dp->text, s, n))
			return clr__loader_fatal(dp->ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	}
	field(dp, rec, F_COUNTRY, &country, &cn);
	return clr__draft_address(dp->ld, dp->text.p, dp->text.len, country, cn, "Street_Address");
}

static int on_row(void *payload, const clr_csv_rec *rec)
{
	dpl_parse *dp = payload;
	clr_loader *ld = dp->ld;
	const char *name, *s;
	size_t nn, n;
	uint32_t nth;
	char id[48];
	int rc;

	if (!dp->have_header)
		return on_header(dp, rec);
	field(dp, rec, F_NAME, &name, &nn);
	field(dp, rec, F_EFFECTIVE, &s, &n);
	if (clr__eq_ci(name, nn, "Name") && clr__eq_ci(s, n, "Effective_Date")) {
		ld->report.header_repeats++;
		return 0;
	}
	if ((rc = clr__draft_begin(ld, rec->line)) < 0)
		return rc;
	ld->d.e.source = "DPL";
	ld->d.e.source_name = "Denied Persons List (DPL) - Bureau of Industry and Security";
	ld->d.e.type = CLR_TYPE_UNKNOWN;
	if (!nn)
		return clr__loader_fail(ld, rec->line, "Name", CLR_EINPUT, "name is empty");
	if ((rc = clr__draft_listed_names(ld, name, nn, CLR_NAME_PRIMARY, "Name")) < 0 ||
	    (rc = add_date(dp, rec, F_EFFECTIVE, &ld->d.e.start_date)) < 0 ||
	    (rc = add_date(dp, rec, F_EXPIRATION, &ld->d.e.end_date)) < 0 || ld->failed_row)
		return rc;
	if (!ld->d.e.start_date)
		return clr__loader_fail(ld, rec->line, "Effective_Date", CLR_EINPUT,
		                        "effective date is empty");
	/* the id survives re-imports: it hashes what identifies the order */
	clr__buf_clear(&dp->text);
	if (clr__buf_put(&dp->text, name, nn) || clr__buf_putc(&dp->text, '|') ||
	    clr__buf_puts(&dp->text, ld->d.e.start_date))
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	uint64_t h = clr__hash(dp->text.p, dp->text.len);
	if (id_seen(dp, h, &nth))
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	if (nth == 1)
		snprintf(id, sizeof(id), "dpl:%016llx", (unsigned long long)h);
	else
		snprintf(id, sizeof(id), "dpl:%016llx-%u", (unsigned long long)h, (unsigned)nth);
	if ((rc = clr__draft_str(ld, &ld->d.e.id, id, strlen(id), "Name")) < 0 ||
	    (rc = build_address(dp, rec)) < 0 || ld->failed_row)
		return rc;
	field(dp, rec, F_ACTION, &s, &n);
	if ((rc = clr__draft_str(ld, &ld->d.e.remarks, s, n, "Action")) < 0 || ld->failed_row)
		return rc;
	field(dp, rec, F_CITATION, &s, &n);
	if ((rc = add_citations(ld, s, n)) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

int clr__parse_dpl(clr_loader *ld, const char *buf, size_t len)
{
	dpl_parse dp = {.ld = ld};
	int rc;
	for (size_t k = 0; k < F_N; k++)
		dp.col[k] = (size_t)-1;
	dp.opts = (clr_csv_opts){.delim = '\t', .row = on_row, .payload = &dp};
	rc = clr__csv_each(ld, buf, len, &dp.opts);
	/* every record but the header and its repeats is a row, good or bad */
	if (dp.opts.records > dp.have_header + ld->report.header_repeats)
		ld->report.rows = dp.opts.records - (size_t)dp.have_header - ld->report.header_repeats;
	if (rc == 0 && !dp.have_header)
		rc = clr__loader_fatal(ld, 1, "Name", CLR_EINPUT, "no header row");
	for (size_t i = 0; i < CLR_MAX_FIELDS; i++)
		free(dp.header[i]);
	free(dp.ids.key);
	free(dp.ids.count);
	clr__buf_free(&dp.text);
	clr__draft_discard(ld);
	return rc;
}
