/*
 * link.c - one party, several listings.  The same party is often listed
 * more than once: on the UN list and on each list that carries it out
 * (the EU's, the UK's), on several US lists, or on one list several times
 * under its own name with other addresses (the 2022 CSL lists Huawei
 * Technologies Co., Ltd. 26 times).  Screening then shows it once, with
 * every listing under it.
 *
 * Entries are linked only on evidence that names one party, never on
 * names that merely look alike, strongest first:
 *   - the same identifier (a passport, national id, registration or tax
 *     number of the same kind and issuing country; an IMO or MMSI number),
 *     of five characters or more;
 *   - the same UN reference number: a UN entry's own, or the one another
 *     list's entry gives in its remarks ("UN reference number QDi.001",
 *     "(UN Ref):QDi.001");
 *   - a person: the same full name (every word as the matcher reads it, in
 *     any order) and the same date of birth to the day;
 *   - not a person: the same full name and type on the same list;
 *   - not a person: the same full name and type, and a country in common.
 * Links are transitive (a party is the set of entries they connect).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "index.h"
#include "../lists/db.h"

static const char *const link_names[CLR_LINK_NKINDS] = {
	"", "identifier", "un_reference", "name_and_date_of_birth", "name_on_same_list",
	"name_and_country"};

const char *clr__link_name(unsigned why)
{
	return why < CLR_LINK_NKINDS ? link_names[why] : "";
}

typedef struct lkey {
	uint64_t key;
	uint32_t entry;
} lkey;

#define LINK_DOBS 4 /* exact dates of birth of an entry compared */

typedef struct linker {
	uint32_t *parent;
	uint8_t *why;
	uint64_t *unref;              /* per root: its UN reference number's key, 0 none */
	int32_t (*dob)[LINK_DOBS];    /* per entry: its dates of birth to the day */
	uint8_t *ndob;
	CLR_VEC(lkey) keys[CLR_LINK_NKINDS];
	int oom;
} linker;

static void add_key(linker *l, unsigned why, uint64_t key, uint32_t entry)
{
	lkey k = {key | 1, entry};
	if (clr__vec_push(l->keys[why], k))
		l->oom = 1;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* 1 when entries a and b both give dates of birth to the day and none
 * agrees: two people, whatever else they share. */
static int dobs_differ(const linker *l, uint32_t a, uint32_t b)
{
	if (!l->ndob[a] || !l->ndob[b])
		return 0;
	for (size_t i = 0; i < l->ndob[a]; i++)
		for (size_t j = 0; j < l->ndob[b]; j++)
			if (l->dob[a][i] == l->dob[b][j])
				return 0;
	return 1;
}

static void join(linker *l, uint32_t a, uint32_t b, unsigned why)
{
	uint32_t ra = find(l->parent, a), rb = find(l->parent, b);
	/* two UN reference numbers are two parties, and so are two people
	 * born on other days (the UN lists one passport for two people) */
	if ((l->unref[ra] && l->unref[rb] && l->unref[ra] != l->unref[rb]) || dobs_differ(l, a, b))
		return;
	if (ra != rb) {
		if (rb < ra) {
			uint32_t t = ra;
			ra = rb;
			rb = t;
		}
		l->parent[rb] = ra;
		if (!l->unref[ra])
			l->unref[ra] = l->unref[rb];
	}
	/* each entry keeps the strongest reason it was linked by */
	if (!l->why[a] || why < l->why[a])
		l->why[a] = (uint8_t)why;
	if (!l->why[b] || why < l->why[b])
		l->why[b] = (uint8_t)why;
}

static int cmp_lkey(const void *a, const void *b)
{
	const lkey *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->entry > y->entry) - (x->entry < y->entry);
}

/* The UN reference number a remark gives ("UN reference number QDi.001.",
 * "(UN Ref):QDi.001", "UN Ref QDi.001"), written into ref; 0 when none. */
static size_t remark_un_ref(const char *z, char *ref, size_t cap)
{
	for (const char *p = z; p && (p = strstr(p, "UN ")); p += 3) {
		const char *q = p + 3;
		if (!strncmp(q, "reference number", 16))
			q += 16;
		else if (!strncmp(q, "Ref", 3))
			q += 3;
		else
			continue;
		while (*q == ')' || *q == ':' || *q == ' ')
			q++;
		/* two or three letters, a lower-case one, a dot, digits: QDi.001 */
		size_t n = 0;
		while (isalpha((unsigned char)q[n]) && n < 4)
			n++;
		if (n < 3 || q[n] != '.' || !isdigit((unsigned char)q[n + 1]))
			continue;
		n++;
		while (isdigit((unsigned char)q[n]))
			n++;
		if (n + 1 > cap)
			continue;
		memcpy(ref, q, n);
		ref[n] = '\0';
		return n;
	}
	return 0;
}

/* The keys of one entry: its identifiers, UN reference, and the name keys
 * of its primary name's tokens (rec NULL: none). */
static void entry_keys(linker *l, const clr_index *ix, const clr_entry *en, uint32_t e,
                       const uint32_t *rec)
{
	int32_t dob = 0;
	for (size_t k = 0; k < en->nevidence; k++) {
		const clr_evidence *x = &en->evidence[k];
		if ((x->kind == CLR_EV_ID || x->kind == CLR_EV_IMO || x->kind == CLR_EV_MMSI) &&
		    x->norm && strlen(x->norm) >= 5) {
			uint64_t h = clr__hash(&x->kind, sizeof(x->kind));
			if (x->kind == CLR_EV_ID) {
				int klass = clr__ev_class(x->id_type);
				h = clr__hash_more(h, &klass, sizeof(klass));
				h = clr__hash_str(h, x->country);
			}
			add_key(l, CLR_LINK_IDENTIFIER, clr__hash_str(h, x->norm), e);
		}
		if (x->kind == CLR_EV_DOB && x->precision == 3 && x->from == x->to && x->from) {
			dob = x->from;
			if (l->ndob[e] < LINK_DOBS)
				l->dob[e][l->ndob[e]++] = x->from;
		}
	}
	char ref[32];
	uint64_t unref = 0;
	if (!strncmp(en->id, "un:", 3) && strlen(en->id) < sizeof(ref) + 3)
		unref = clr__hash_str(7, en->id + 3) | 1;
	else if (remark_un_ref(en->remarks, ref, sizeof(ref)))
		unref = clr__hash_str(7, ref) | 1;
	if (unref) {
		add_key(l, CLR_LINK_UN_REF, unref, e);
		l->unref[e] = unref;
	}
	if (!rec)
		return;
	/* the name's words as a set (sorted token ids): lists order a person's
	 * names differently ("NAZAROV, Timur" / "Timur NAZAROV") */
	uint32_t ids[CLR_MAX_TOKENS];
	size_t nt = clr__rec_ntok(rec);
	if (nt > CLR_MAX_TOKENS)
		nt = CLR_MAX_TOKENS;
	memcpy(ids, rec, nt * sizeof(uint32_t));
	for (size_t i = 1; i < nt; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			uint32_t t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	uint64_t name = clr__hash(ids, nt * sizeof(uint32_t));
	if (en->type == CLR_TYPE_PERSON) {
		if (dob)
			add_key(l, CLR_LINK_NAME_DOB, clr__hash_more(name, &dob, sizeof(dob)), e);
		return;
	}
	uint64_t typed = clr__hash_more(name, &en->type, sizeof(en->type));
	add_key(l, CLR_LINK_SAME_LIST, clr__hash_str(typed, en->source), e);
	for (uint32_t c = ix->ecc_off[e]; c < ix->ecc_off[e + 1]; c++)
		if (ix->ecc[c] != CLR_CC_OTHER)
			add_key(l, CLR_LINK_NAME_COUNTRY, clr__hash_more(typed, &ix->ecc[c], sizeof(uint16_t)), e);
}

int clr__link_build(clr_index *ix, struct clr_db *db)
{
	size_t ne = db->entries.n;
	linker l = {0};
	uint32_t *rec0 = malloc((ne ? ne : 1) * sizeof(uint32_t)); /* primary name's record */
	l.parent = malloc((ne ? ne : 1) * sizeof(uint32_t));
	l.why = calloc(ne ? ne : 1, 1);
	l.unref = calloc(ne ? ne : 1, sizeof(uint64_t));
	l.dob = malloc((ne ? ne : 1) * sizeof(*l.dob));
	l.ndob = calloc(ne ? ne : 1, 1);
	uint32_t *order = NULL;
	int rc = CLR_ENOMEM;
	if (!rec0 || !l.parent || !l.why || !l.unref || !l.dob || !l.ndob)
		goto done;
	for (size_t e = 0; e < ne; e++) {
		rec0[e] = UINT32_MAX;
		l.parent[e] = (uint32_t)e;
	}
	for (uint32_t n = 0; n < ix->nnames; n++) /* the name as listed comes before its variants */
		if (ix->names[n].name == 0 && rec0[ix->names[n].entry] == UINT32_MAX)
			rec0[ix->names[n].entry] = ix->names[n].toks;
	for (size_t e = 0; e < ne && !l.oom; e++)
		entry_keys(&l, ix, db->entries.v[e], (uint32_t)e,
		           rec0[e] == UINT32_MAX ? NULL : ix->name_toks + rec0[e]);
	if (l.oom)
		goto done;
	for (unsigned why = 1; why < CLR_LINK_NKINDS; why++) {
		lkey *v = l.keys[why].v;
		size_t n = l.keys[why].n;
		if (n > 1)
			qsort(v, n, sizeof(lkey), cmp_lkey);
		for (size_t i = 1; i < n; i++)
			if (v[i].key == v[i - 1].key && v[i].entry != v[i - 1].entry)
				join(&l, v[i - 1].entry, v[i].entry, why);
	}
	/* each party a cycle through its entries in index order */
	ix->link_next = malloc((ne ? ne : 1) * sizeof(uint32_t));
	order = malloc((ne ? ne : 1) * sizeof(uint32_t)); /* last member seen, per root */
	if (!ix->link_next || !order)
		goto done;
	for (size_t e = 0; e < ne; e++)
		order[e] = UINT32_MAX;
	for (size_t e = 0; e < ne; e++) {
		uint32_t r = find(l.parent, (uint32_t)e);
		ix->link_next[e] = r; /* the last member closes the cycle at the root */
		if (order[r] != UINT32_MAX)
			ix->link_next[order[r]] = (uint32_t)e;
		order[r] = (uint32_t)e;
	}
	ix->link_why = l.why;
	l.why = NULL;
	rc = 0;
done:
	for (unsigned why = 0; why < CLR_LINK_NKINDS; why++)
		clr__vec_free(l.keys[why]);
	free(rec0);
	free(l.parent);
	free(l.why);
	free(l.unref);
	free(l.dob);
	free(l.ndob);
	free(order);
	return rc;
}
