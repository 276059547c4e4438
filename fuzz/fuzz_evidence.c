/*
 * fuzz_evidence.c - libFuzzer target for evidence beyond the name: the
 * evidence policy file parser, the date reader, and the query's evidence
 * through clr_screen.  The first byte picks the part:
 *   0 mod 3: the rest is a policy file; it reads or fails naming a line
 *   1 mod 3: the rest is a date; when it reads, from <= to and the precision
 *            is year, month or day
 *   2 mod 3: the rest, split at newlines, is dob, nationality, an identifier's
 *            type, number and country, and an IMO number of a query: it reads
 *            or fails with CLR_EUSAGE naming the field.
 * fuzz_screen checks evidence in screening (index against exhaustive).
 * Its seed corpus is fuzz/corpus/evidence/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lists/loader.h"
#include "match/evidence.h"

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_evidence: %s: %s\n", what, msg ? msg : "");
	abort();
}

static void policy(const uint8_t *data, size_t size)
{
	clr_ev_policy p;
	clr_buf err = {0};
	int rc = clr__ev_policy_parse(&p, (const char *)data, size, "fuzz.conf", &err);
	if (rc < 0 && (!err.p || strncmp(err.p, "fuzz.conf:", 10)))
		die("policy: an error names the file and line", err.p);
	if (rc == 0 && (!p.version[0] || p.dob_lower_factor < 0 || p.dob_lower_factor > 1 ||
	                p.id_match_score > 1))
		die("policy: a read policy is in range", p.version);
	clr__buf_free(&err);
}

static void date(const uint8_t *data, size_t size)
{
	int32_t from, to;
	uint8_t prec, circa;
	if (clr__ev_date((const char *)data, size, &from, &to, &prec, &circa) == 0 &&
	    (from > to || prec < 1 || prec > 3 || from < 18000101 || to > 21001231))
		die("date: a read date is a range of days", NULL);
}

/* The next line of the input as a string (NULL when absent or empty). */
static const char *line(const char **at, const char *end, char *buf, size_t cap)
{
	if (*at >= end)
		return NULL;
	const char *nl = memchr(*at, '\n', (size_t)(end - *at));
	size_t n = nl ? (size_t)(nl - *at) : (size_t)(end - *at);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, *at, n);
	buf[n] = '\0';
	*at = nl ? nl + 1 : end;
	return memchr(buf, '\0', n) || !n ? NULL : buf;
}

static void query(const uint8_t *data, size_t size)
{
	const char *at = (const char *)data, *end = at + size;
	char dob[128], nat[64], idt[64], idn[64], idc[64], imo[64], msg[256] = "";
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	o.dob = line(&at, end, dob, sizeof(dob));
	o.nationality = line(&at, end, nat, sizeof(nat));
	clr_query_id id = {line(&at, end, idt, sizeof(idt)), line(&at, end, idn, sizeof(idn)),
	                   line(&at, end, idc, sizeof(idc))};
	if (id.number) {
		o.ids = &id;
		o.nids = 1;
	}
	o.imo = line(&at, end, imo, sizeof(imo));
	int rc = clr_screen_opts_check(&o, msg, sizeof(msg));
	if (rc != 0 && rc != CLR_EUSAGE)
		die("check: 0 or CLR_EUSAGE", msg);
	if (rc && !strstr(msg, ": "))
		die("check: the message names the field", msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0: policy(data + 1, size - 1); break;
	case 1: date(data + 1, size - 1); break;
	default: query(data + 1, size - 1); break;
	}
	return 0;
}
