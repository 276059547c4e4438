/*
 * un_xml.c - the UN Security Council consolidated list (XML) into entries,
 * read as a stream with libxml2's xmlTextReader, with the evidence of each
 * individual (dates and places of birth, nationalities, documents).  The
 * defence against hostile XML is the reader's (xml.c); this file only says
 * what each element of the UN schema means.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xml.h"

/* Elements the parser reads; everything else is skipped. */
typedef enum un_tag {
	T_OTHER, T_INDIVIDUAL, T_ENTITY, T_FIRST_NAME, T_SECOND_NAME, T_THIRD_NAME,
	T_FOURTH_NAME, T_NAME_ORIGINAL_SCRIPT, T_REFERENCE_NUMBER, T_DATAID, T_UN_LIST_TYPE,
	T_LISTED_ON, T_COMMENTS1, T_ALIAS, T_QUALITY, T_ALIAS_NAME, T_ADDRESS, T_STREET, T_CITY,
	T_STATE_PROVINCE, T_ZIP_CODE, T_COUNTRY, T_NATIONALITY, T_VALUE, T_DOB, T_TYPE_OF_DATE,
	T_DATE, T_YEAR, T_FROM_YEAR, T_TO_YEAR, T_NOTE, T_POB, T_DOCUMENT, T_TYPE_OF_DOCUMENT,
	T_NUMBER, T_ISSUING_COUNTRY, T_COUNTRY_OF_ISSUE,
} un_tag;

static const struct {
	const char *name;
	un_tag tag;
} tags[] = {
	{"INDIVIDUAL", T_INDIVIDUAL},
	{"ENTITY", T_ENTITY},
	{"FIRST_NAME", T_FIRST_NAME},
	{"SECOND_NAME", T_SECOND_NAME},
	{"THIRD_NAME", T_THIRD_NAME},
	{"FOURTH_NAME", T_FOURTH_NAME},
	{"NAME_ORIGINAL_SCRIPT", T_NAME_ORIGINAL_SCRIPT},
	{"REFERENCE_NUMBER", T_REFERENCE_NUMBER},
	{"DATAID", T_DATAID},
	{"UN_LIST_TYPE", T_UN_LIST_TYPE},
	{"LISTED_ON", T_LISTED_ON},
	{"COMMENTS1", T_COMMENTS1},
	{"INDIVIDUAL_ALIAS", T_ALIAS},
	{"ENTITY_ALIAS", T_ALIAS},
	{"QUALITY", T_QUALITY},
	{"ALIAS_NAME", T_ALIAS_NAME},
	{"INDIVIDUAL_ADDRESS", T_ADDRESS},
	{"ENTITY_ADDRESS", T_ADDRESS},
	{"STREET", T_STREET},
	{"CITY", T_CITY},
	{"STATE_PROVINCE", T_STATE_PROVINCE},
	{"ZIP_CODE", T_ZIP_CODE},
	{"COUNTRY", T_COUNTRY},
	{"NATIONALITY", T_NATIONALITY},
	{"VALUE", T_VALUE},
	{"INDIVIDUAL_DATE_OF_BIRTH", T_DOB},
	{"TYPE_OF_DATE", T_TYPE_OF_DATE},
	{"DATE", T_DATE},
	{"YEAR", T_YEAR},
	{"FROM_YEAR", T_FROM_YEAR},
	{"TO_YEAR", T_TO_YEAR},
	{"NOTE", T_NOTE},
	{"INDIVIDUAL_PLACE_OF_BIRTH", T_POB},
	{"INDIVIDUAL_DOCUMENT", T_DOCUMENT},
	{"TYPE_OF_DOCUMENT", T_TYPE_OF_DOCUMENT},
	{"NUMBER", T_NUMBER},
	{"ISSUING_COUNTRY", T_ISSUING_COUNTRY},
	{"COUNTRY_OF_ISSUE", T_COUNTRY_OF_ISSUE},
};

typedef clr_span span;

typedef struct un_alias {
	span name;
	int weak;
} un_alias;

typedef struct un_addr {
	span part[4]; /* street, city, state/province, zip code */
	span country;
} un_addr;

/* INDIVIDUAL_DATE_OF_BIRTH: EXACT, APPROXIMATELY or BETWEEN; a DATE, a YEAR
 * or FROM_YEAR and TO_YEAR; a NOTE ("Approximately", "Nov. 1973"). */
typedef struct un_dob {
	span type, date, year, from, to, note;
} un_dob;

/* INDIVIDUAL_DOCUMENT */
typedef struct un_doc {
	span type, number, issuing, country_of_issue;
} un_doc;

/* Everything of one INDIVIDUAL or ENTITY, gathered before it is drafted:
 * the document order of its children (aliases before names) is not ours. */
typedef struct un_entry {
	clr_type type;
	size_t line;
	int depth;
	clr_buf pool;
	span name[4], script, ref, dataid, list_type, listed, comments;
	CLR_VEC(un_alias) aliases;
	CLR_VEC(un_addr) addrs;
	CLR_VEC(span) nats;
	CLR_VEC(un_dob) dobs;
	CLR_VEC(un_addr) pobs; /* street, city, state/province; country */
	CLR_VEC(un_doc) docs;
	un_alias alias; /* the alias, address ... being read */
	un_addr addr, pob;
	un_dob dob;
	un_doc doc;
} un_entry;

typedef struct un_parse {
	clr_loader *ld;
	un_tag stack[CLR_MAX_XML_DEPTH];
	int in_entry;
	un_entry e;
	const char *tp;    /* text of the element ending */
	size_t tn;
	clr_buf text;      /* scratch: joined names, dates */
} un_parse;

static un_tag tag_of(const char *name)
{
	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++)
		if (!strcmp(name, tags[i].name))
			return tags[i].tag;
	return T_OTHER;
}

static int keep_text(un_parse *up, span *out)
{
	return clr__span_put(up->ld, up->e.line, &up->e.pool, up->tp, up->tn, out);
}

static const char *at(const un_parse *up, span s)
{
	return clr__span_at(&up->e.pool, s);
}

static void entry_reset(un_entry *e)
{
	clr__buf_clear(&e->pool);
	e->aliases.n = e->addrs.n = e->nats.n = e->dobs.n = e->pobs.n = e->docs.n = 0;
	memset(e->name, 0, sizeof(e->name));
	e->script = e->ref = e->dataid = e->list_type = e->listed = e->comments = (span){0, 0};
}

static int push_addr(un_parse *up, const un_addr *a, int pob)
{
	int any = a->country.len > 0;
	for (size_t i = 0; i < 4; i++)
		any |= a->part[i].len > 0;
	if (any && (pob ? clr__vec_push(up->e.pobs, *a) : clr__vec_push(up->e.addrs, *a)))
		return clr__loader_fatal(up->ld, up->e.line, NULL, CLR_ENOMEM, "out of memory");
	return 0;
}

/* Joins spans with sep into the scratch text buffer. */
static int join(un_parse *up, const span *parts, size_t n, const char *sep)
{
	return clr__span_join(up->ld, up->e.line, &up->text, &up->e.pool, parts, n, sep);
}

/* Each run of white space in the pool's text of sp as one space
 * ("National Identification\n      Number"). */
static void squeeze(un_parse *up, span *sp)
{
	char *p = up->e.pool.p + sp->off;
	size_t k = 0;
	for (size_t i = 0; i < sp->len; i++) {
		int ws = p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n';
		if (ws && (!k || p[k - 1] == ' '))
			continue;
		p[k++] = ws ? ' ' : p[i];
	}
	while (k && p[k - 1] == ' ')
		k--;
	sp->len = k;
}

/* A date of birth as text clr__draft_evidence reads: "1966-01-01", "1966",
 * "1960 to 1965", "circa 1966"; the NOTE when it is all there is ("Nov.
 * 1973"). */
static int dob_text(un_parse *up, const un_dob *d)
{
	clr_buf *t = &up->text;
	int rc = 0;
	clr__buf_clear(t);
	if (clr__eq_ci(at(up, d->type), d->type.len, "approximately") ||
	    clr__eq_ci(at(up, d->note), d->note.len, "approximately"))
		rc |= clr__buf_puts(t, "circa ");
	size_t start = t->len;
	if (d->date.len) /* xs:date: "1966-01-01", maybe with a time zone */
		rc |= clr__buf_put(t, at(up, d->date),
		                   d->date.len > 10 && at(up, d->date)[4] == '-' ? 10 : d->date.len);
	else if (d->year.len)
		rc |= clr__buf_put(t, at(up, d->year), d->year.len);
	else if (d->from.len && d->to.len)
		rc |= clr__buf_put(t, at(up, d->from), d->from.len) | clr__buf_puts(t, " to ") |
		      clr__buf_put(t, at(up, d->to), d->to.len);
	else if (d->from.len || d->to.len)
		rc |= clr__buf_put(t, at(up, d->from.len ? d->from : d->to),
		                   d->from.len ? d->from.len : d->to.len);
	else if (d->note.len && !clr__eq_ci(at(up, d->note), d->note.len, "approximately"))
		rc |= clr__buf_put(t, at(up, d->note), d->note.len);
	if (rc)
		return clr__loader_fatal(up->ld, up->e.line, NULL, CLR_ENOMEM, "out of memory");
	if (t->len == start)
		t->len = 0; /* no date at all */
	return 0;
}

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* The number out of a NUMBER that tells more: "CAR diplomatic passport no.
 * D00000898", "Russian foreign travel passport number 514448632", "Libya
 * 428720", "381110042 (Expired 25 Jan. 2016)", "R00012098, South Sudan".
 * Leading words in capitals stay: "OB 0243318" is the number.  One pass
 * each: a NUMBER may be megabytes of hostile text. */
static void doc_number(const char **sp, size_t *np)
{
	const char *s = *sp;
	size_t n = *np, first = (size_t)-1, last = 0;
	clr__trim(&s, &n);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9') {
			if (first == (size_t)-1)
				first = i;
			last = i + 1;
		}
	if (first == (size_t)-1) {
		*np = 0; /* no digit: no number */
		return;
	}
	for (size_t i = first; i + 1 < n; i++) /* what follows the number */
		if ((s[i] == ' ' && s[i + 1] == '(') || (s[i] == ',' && s[i + 1] == ' ')) {
			n = i;
			break;
		}
	if (last > n)
		for (last = n; !(s[last - 1] >= '0' && s[last - 1] <= '9');)
			last--;
	static const char *const keys[] = {" number ", " number:", " no.", " no:", ":"};
	size_t cut = 0;
	for (size_t i = 0; i < last; i++) /* after the last "number", "no." or ":" before a digit */
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			size_t m = strlen(keys[k]);
			if (i + m < last && clr__eq_ci(s + i, m, keys[k]))
				cut = i + m;
		}
	s += cut;
	n -= cut;
	while (n && (*s == ' ' || *s == ':' || *s == '.'))
		s++, n--;
	for (;;) { /* leading words in lower case: "Libya 428720" */
		size_t w = 0;
		int lower = 0;
		while (w < n && s[w] != ' ') {
			lower |= s[w] >= 'a' && s[w] <= 'z';
			w++;
		}
		if (w == n || !lower || has_digit(s, w))
			break;
		s += w;
		n -= w;
		clr__trim(&s, &n);
	}
	*sp = s;
	*np = n;
}

/* The evidence of an individual: dates and places of birth, nationalities,
 * documents. */
static int commit_evidence(un_parse *up)
{
	clr_loader *ld = up->ld;
	un_entry *e = &up->e;
	int rc;
	for (size_t i = 0; i < e->dobs.n; i++)
		if ((rc = dob_text(up, &e->dobs.v[i])) < 0 ||
		    (rc = clr__draft_evidence(ld, CLR_EV_DOB, up->text.p, up->text.len, NULL, 0, NULL, 0,
		                              "INDIVIDUAL_DATE_OF_BIRTH")) < 0 || ld->failed_row)
			return rc;
	for (size_t i = 0; i < e->pobs.n; i++) {
		span parts[4] = {e->pobs.v[i].part[0], e->pobs.v[i].part[1], e->pobs.v[i].part[2],
		                 e->pobs.v[i].country};
		if ((rc = join(up, parts, 4, ", ")) < 0 ||
		    (rc = clr__draft_evidence(ld, CLR_EV_POB, up->text.p, up->text.len, NULL, 0, NULL, 0,
		                              "INDIVIDUAL_PLACE_OF_BIRTH")) < 0 || ld->failed_row)
			return rc;
	}
	for (size_t i = 0; i < e->nats.n; i++)
		if ((rc = clr__draft_evidence(ld, CLR_EV_NATIONALITY, at(up, e->nats.v[i]),
		                              e->nats.v[i].len, NULL, 0, NULL, 0, "NATIONALITY")) < 0 ||
		    ld->failed_row)
			return rc;
	for (size_t i = 0; i < e->docs.n; i++) {
		un_doc *d = &e->docs.v[i];
		squeeze(up, &d->type);
		squeeze(up, &d->number);
		const char *num = at(up, d->number), *type = at(up, d->type);
		size_t nn = d->number.len;
		span cc = d->issuing.len ? d->issuing : d->country_of_issue;
		doc_number(&num, &nn);
		int kind = clr__ev_id_kind(type, d->type.len);
		if (!nn || kind == CLR_EV_NONE)
			continue;
		int id = kind == CLR_EV_ID && d->type.len;
		if ((rc = clr__draft_evidence(ld, (clr_evidence_kind)kind, num, nn, id ? type : NULL,
		                              id ? d->type.len : 0, cc.len ? at(up, cc) : NULL, cc.len,
		                              "INDIVIDUAL_DOCUMENT")) < 0 || ld->failed_row)
			return rc;
	}
	return 0;
}

/* Drafts the gathered entry; a bad entry is reported by the draft API. */
static int commit_entry(un_parse *up)
{
	clr_loader *ld = up->ld;
	un_entry *e = &up->e;
	char date[11];
	int rc;

	if ((rc = clr__draft_begin(ld, e->line)) < 0)
		return rc;
	ld->d.e.type = e->type;
	ld->d.e.source = "UN";
	ld->d.e.source_name = "UN Security Council Consolidated List";
	span id = e->ref.len ? e->ref : e->dataid;
	if (id.len) {
		clr__buf_clear(&up->text);
		if (clr__buf_puts(&up->text, "un:") || clr__buf_put(&up->text, at(up, id), id.len))
			return clr__loader_fatal(ld, e->line, NULL, CLR_ENOMEM, "out of memory");
		if ((rc = clr__draft_str(ld, &ld->d.e.id, up->text.p, up->text.len,
		                         "REFERENCE_NUMBER")) < 0 || ld->failed_row)
			return rc;
	}
	if ((rc = join(up, e->name, 4, " ")) < 0 ||
	    (rc = clr__draft_name(ld, up->text.p, up->text.len, CLR_NAME_PRIMARY, "FIRST_NAME")) < 0 ||
	    (rc = clr__draft_name(ld, at(up, e->script), e->script.len, CLR_NAME_ALIAS,
	                          "NAME_ORIGINAL_SCRIPT")) < 0 || ld->failed_row)
		return rc;
	if (ld->d.names.n && ld->d.names.v[0].kind != CLR_NAME_PRIMARY)
		return clr__loader_fail(ld, e->line, "FIRST_NAME", CLR_EINPUT, "entry has no name");
	for (size_t i = 0; i < e->aliases.n; i++) {
		const un_alias *a = &e->aliases.v[i];
		rc = clr__draft_name(ld, at(up, a->name), a->name.len,
		                     a->weak ? CLR_NAME_WEAK_ALIAS : CLR_NAME_ALIAS, "ALIAS_NAME");
		if (rc < 0 || ld->failed_row)
			return rc;
	}
	if ((rc = clr__draft_program(ld, at(up, e->list_type), e->list_type.len, "UN_LIST_TYPE")) < 0 ||
	    (rc = clr__draft_str(ld, &ld->d.e.remarks, at(up, e->comments), e->comments.len,
	                         "COMMENTS1")) < 0 || ld->failed_row)
		return rc;
	if (e->listed.len) {
		if (clr__parse_date(at(up, e->listed), e->listed.len, date))
			return clr__loader_fail(ld, e->line, "LISTED_ON", CLR_EINPUT, "'%.*s' is not a date",
			                        (int)(e->listed.len < 40 ? e->listed.len : 40),
			                        at(up, e->listed));
		if ((rc = clr__draft_str(ld, &ld->d.e.start_date, date, 10, "LISTED_ON")) < 0)
			return rc;
	}
	for (size_t i = 0; i < e->addrs.n && !ld->failed_row; i++) {
		const un_addr *a = &e->addrs.v[i];
		if ((rc = join(up, a->part, 4, ", ")) < 0 ||
		    (rc = clr__draft_address(ld, up->text.p, up->text.len, at(up, a->country),
		                             a->country.len, "COUNTRY")) < 0)
			return rc;
	}
	size_t nn = 0;
	for (size_t i = 0; i < e->nats.n && !ld->failed_row; i++) {
		const char *s = at(up, e->nats.v[i]);
		size_t n = e->nats.v[i].len;
		if (!n || clr__eq_ci(s, n, "na") || clr__eq_ci(s, n, "n/a") || clr__eq_ci(s, n, "unknown"))
			continue; /* "na" is "not available", not Namibia */
		if ((rc = clr__draft_country(ld, s, n, "NATIONALITY")) < 0)
			return rc;
		e->nats.v[nn++] = e->nats.v[i]; /* kept for the evidence */
	}
	e->nats.n = nn;
	if (ld->failed_row || (rc = commit_evidence(up)) < 0 || ld->failed_row)
		return rc;
	return clr__draft_commit(ld);
}

static int on_start(void *payload, clr_xml *x, int depth, const char *name)
{
	un_parse *up = payload;
	un_tag tag = tag_of(name);
	up->stack[depth] = tag;
	if (!up->in_entry) {
		if (tag != T_INDIVIDUAL && tag != T_ENTITY)
			return 0;
		up->in_entry = 1;
		entry_reset(&up->e);
		up->e.type = tag == T_INDIVIDUAL ? CLR_TYPE_PERSON : CLR_TYPE_ENTITY;
		up->e.depth = depth;
		up->e.line = clr__xml_line(x);
		up->ld->report.rows++;
		clr__xml_want_text(x, 1);
		return 0;
	}
	if (depth != up->e.depth + 1)
		return 0;
	if (tag == T_ALIAS)
		up->e.alias = (un_alias){{0, 0}, 0};
	else if (tag == T_ADDRESS)
		memset(&up->e.addr, 0, sizeof(up->e.addr));
	else if (tag == T_POB)
		memset(&up->e.pob, 0, sizeof(up->e.pob));
	else if (tag == T_DOB)
		memset(&up->e.dob, 0, sizeof(up->e.dob));
	else if (tag == T_DOCUMENT)
		memset(&up->e.doc, 0, sizeof(up->e.doc));
	return 0;
}

static int on_end(void *payload, clr_xml *x, int depth, const char *name, const char *text,
                  size_t n)
{
	un_parse *up = payload;
	un_tag tag = up->stack[depth];
	un_entry *e = &up->e;
	span *dst = NULL;
	int rc = 0;
	if (!up->in_entry)
		return 0;
	int rel = depth - e->depth;
	up->tp = text;
	up->tn = n;
	if (rel == 0) {
		up->in_entry = 0;
		clr__xml_want_text(x, 0);
		return commit_entry(up);
	}
	if (rel == 1) {
		switch (tag) {
		case T_FIRST_NAME: dst = &e->name[0]; break;
		case T_SECOND_NAME: dst = &e->name[1]; break;
		case T_THIRD_NAME: dst = &e->name[2]; break;
		case T_FOURTH_NAME: dst = &e->name[3]; break;
		case T_NAME_ORIGINAL_SCRIPT: dst = &e->script; break;
		case T_REFERENCE_NUMBER: dst = &e->ref; break;
		case T_DATAID: dst = &e->dataid; break;
		case T_UN_LIST_TYPE: dst = &e->list_type; break;
		case T_LISTED_ON: dst = &e->listed; break;
		case T_COMMENTS1: dst = &e->comments; break;
		case T_ALIAS:
			if (e->alias.name.len && clr__vec_push(e->aliases, e->alias))
				return clr__loader_fatal(up->ld, e->line, NULL, CLR_ENOMEM, "out of memory");
			return 0;
		case T_ADDRESS:
			return push_addr(up, &e->addr, 0);
		case T_POB:
			return push_addr(up, &e->pob, 1);
		case T_DOB:
			if (clr__vec_push(e->dobs, e->dob))
				return clr__loader_fatal(up->ld, e->line, NULL, CLR_ENOMEM, "out of memory");
			return 0;
		case T_DOCUMENT:
			if (e->doc.number.len && clr__vec_push(e->docs, e->doc))
				return clr__loader_fatal(up->ld, e->line, NULL, CLR_ENOMEM, "out of memory");
			return 0;
		default: return 0;
		}
		return keep_text(up, dst);
	}
	if (rel != 2)
		return 0;
	un_tag parent = up->stack[depth - 1];
	if (parent == T_ALIAS && tag == T_ALIAS_NAME)
		return keep_text(up, &e->alias.name);
	if (parent == T_ALIAS && tag == T_QUALITY) {
		span q;
		if ((rc = keep_text(up, &q)) < 0)
			return rc;
		e->alias.weak = clr__eq_ci(at(up, q), q.len, "low");
		return 0;
	}
	if (parent == T_ADDRESS) {
		switch (tag) {
		case T_STREET: dst = &e->addr.part[0]; break;
		case T_CITY: dst = &e->addr.part[1]; break;
		case T_STATE_PROVINCE: dst = &e->addr.part[2]; break;
		case T_ZIP_CODE: dst = &e->addr.part[3]; break;
		case T_COUNTRY: dst = &e->addr.country; break;
		default: return 0;
		}
		return keep_text(up, dst);
	}
	if (parent == T_POB) {
		switch (tag) {
		case T_STREET: dst = &e->pob.part[0]; break;
		case T_CITY: dst = &e->pob.part[1]; break;
		case T_STATE_PROVINCE: dst = &e->pob.part[2]; break;
		case T_COUNTRY: dst = &e->pob.country; break;
		default: return 0;
		}
		return keep_text(up, dst);
	}
	if (parent == T_DOB) {
		switch (tag) {
		case T_TYPE_OF_DATE: dst = &e->dob.type; break;
		case T_DATE: dst = &e->dob.date; break;
		case T_YEAR: dst = &e->dob.year; break;
		case T_FROM_YEAR: dst = &e->dob.from; break;
		case T_TO_YEAR: dst = &e->dob.to; break;
		case T_NOTE: dst = &e->dob.note; break;
		default: return 0;
		}
		return keep_text(up, dst);
	}
	if (parent == T_DOCUMENT) {
		switch (tag) {
		case T_TYPE_OF_DOCUMENT: dst = &e->doc.type; break;
		case T_NUMBER: dst = &e->doc.number; break;
		case T_ISSUING_COUNTRY: dst = &e->doc.issuing; break;
		case T_COUNTRY_OF_ISSUE: dst = &e->doc.country_of_issue; break;
		default: return 0;
		}
		return keep_text(up, dst);
	}
	if (parent == T_NATIONALITY && tag == T_VALUE) {
		span v;
		if ((rc = keep_text(up, &v)) < 0)
			return rc;
		if (v.len && clr__vec_push(e->nats, v))
			return clr__loader_fatal(up->ld, e->line, NULL, CLR_ENOMEM, "out of memory");
	}
	return 0;
}

int clr__parse_un_xml(clr_loader *ld, const char *buf, size_t len)
{
	static const clr_xml_handler h = {on_start, on_end};
	un_parse up = {.ld = ld};
	int rc = clr__xml_read(ld, buf, len, &h, &up);
	if (rc == 0 && up.in_entry)
		rc = clr__loader_fatal(ld, up.e.line, NULL, CLR_EINPUT, "entry is not closed");
	clr__buf_free(&up.text);
	clr__buf_free(&up.e.pool);
	clr__vec_free(up.e.aliases);
	clr__vec_free(up.e.addrs);
	clr__vec_free(up.e.nats);
	clr__vec_free(up.e.dobs);
	clr__vec_free(up.e.pobs);
	clr__vec_free(up.e.docs);
	clr__draft_discard(ld);
	return rc;
}
