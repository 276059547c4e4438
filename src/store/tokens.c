/*
 * tokens.c - the customer token index: every normalised token of a
 * customer's name, and every joined span of 2-3 adjacent tokens, of each
 * part the screener screens (the whole name, then the pieces between
 * "a.k.a.", "(" ...), mapped to the customers holding it.  It is what lets a
 * delta rescreen after a list change look at the customers that could match
 * a new entry instead of all of them (delta.c).  The keys are exactly those
 * clr_screen() computes neighbourhoods for, by the same normaliser.  Beside
 * them, the keys of the customer's identifiers and IMO numbers, as the index
 * keys the lists' own (clr__ev_key): a new listing that gives a customer's
 * passport finds the customer whatever its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "../batch/reader.h"
#include "../limits.h"
#include "../match/evidence.h"
#include "../match/query.h"
#include "../text/norm.h"
#include "../util/util.h"

#define MAX_JOIN 3 /* as CLR_MAX_JOIN in src/match/index.h */

typedef struct key {
	const char *s; /* into keys.pool */
	unsigned single; /* a token on its own, not only a joined span */
} key;

typedef struct keyset {
	CLR_VEC(key) v;
	clr_buf pool;
} keyset;

/* Keys waiting to be written: inserting in key order touches each B-tree
 * page once instead of once per customer. */
typedef struct pending {
	int64_t h, crow;
} pending;

#define PENDING_MAX (4u << 20) /* keys buffered before a flush (~64 MB) */

struct clr_store_tokens {
	clr_store *st;
	clr_norm *nm;
	clr_tokens *t;
	keyset old, cur;
	int64_t old_ev[CLR_MAX_QUERY_IDS + 1], cur_ev[CLR_MAX_QUERY_IDS + 1];
	size_t nold_ev, ncur_ev;
	CLR_VEC(pending) pend;
	CLR_VEC(uint32_t) words; /* offsets into word_pool of new single tokens */
	clr_buf word_pool;
	clr_sql_stmt *qdel, *qins, *qword;
};

static int add_key(keyset *ks, const char *s, size_t n, unsigned single)
{
	size_t off = ks->pool.len;
	if (clr__buf_put(&ks->pool, s, n) || clr__buf_putc(&ks->pool, '\0'))
		return CLR_ENOMEM;
	/* pool offsets until the set is complete: the pool may move */
	key k = {(const char *)(uintptr_t)off, single};
	return clr__vec_push(ks->v, k) ? CLR_ENOMEM : 0;
}

static int cmp_key(const void *a, const void *b)
{
	const key *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	return c ? c : (int)y->single - (int)x->single;
}

/* The distinct keys of a name, sorted; a name the screener would refuse
 * (invalid UTF-8, too long) has none. */
static int name_keys(clr_store_tokens *tk, const char *name, keyset *ks)
{
	size_t off[CLR_MAX_QUERY_PARTS], len[CLR_MAX_QUERY_PARTS];
	ks->v.n = 0;
	clr__buf_clear(&ks->pool);
	if (!name || strlen(name) > CLR_MAX_NAME_BYTES)
		return 0;
	size_t np = clr__query_parts(name, off, len, CLR_MAX_QUERY_PARTS);
	clr_tokens *t = tk->t;
	for (size_t p = 0; p < np; p++) {
		int rc = clr__norm_tokens(tk->nm, name + off[p], len[p], t);
		if (rc == CLR_ENOMEM)
			return rc;
		if (rc < 0)
			return 0;
		for (size_t i = 0; i < t->n; i++) {
			if ((rc = add_key(ks, t->tok[i], t->len[i], 1)))
				return rc;
			/* joined spans as the screener forms them (prepare_query) */
			for (size_t w = 2; w <= MAX_JOIN && i + w <= t->n; w++) {
				char cat[MAX_JOIN * CLR_MAX_TOKEN_BYTES + 1];
				size_t cl = 0;
				unsigned fl = 0;
				for (size_t k = i; k < i + w; k++) {
					memcpy(cat + cl, t->tok[k], t->len[k]);
					cl += t->len[k];
					fl |= t->flags[k];
				}
				if (cl <= CLR_MAX_TOKEN_BYTES && !(fl & CLR_TOK_DIGIT) &&
				    (rc = add_key(ks, cat, cl, 0)))
					return rc;
			}
		}
	}
	for (size_t i = 0; i < ks->v.n; i++)
		ks->v.v[i].s = ks->pool.p + (uintptr_t)ks->v.v[i].s;
	if (ks->v.n > 1)
		qsort(ks->v.v, ks->v.n, sizeof(key), cmp_key);
	size_t n = 0;
	for (size_t i = 0; i < ks->v.n; i++)
		if (!n || strcmp(ks->v.v[n - 1].s, ks->v.v[i].s))
			ks->v.v[n++] = ks->v.v[i];
	ks->v.n = n;
	return 0;
}

/* The identifier and IMO keys of a customer's attributes (JSON; NULL:
 * none), as screening reads them (find_ids in src/match/screen.c).  The
 * import has checked the attributes: what does not read gives no key. */
static size_t evidence_keys(const char *attrs, int64_t *out)
{
	json_t *o = attrs ? json_loads(attrs, 0, NULL) : NULL;
	if (!o)
		return 0;
	clr_record rec = {0};
	clr_query_id ids[CLR_MAX_QUERY_IDS];
	char imobuf[32], field[48], msg[160];
	const char *emsg;
	clr_screen_opts opts = {0};
	clr_qev q;
	size_t n = 0;
	if (clr__record_evidence_json(o, &rec, ids, imobuf, sizeof(imobuf), field, sizeof(field),
	                              &emsg) == 0) {
		clr_record_screen_opts(&rec, &opts);
		if (clr__qev_read(&opts, &q, msg, sizeof(msg)) == 0) {
			for (size_t i = 0; i < q.nids && n <= CLR_MAX_QUERY_IDS; i++) {
				int group = q.ids[i].kind == CLR_EV_IMO || q.ids[i].kind == CLR_EV_MMSI
				                    ? q.ids[i].kind
				                    : CLR_EV_ID;
				out[n++] = (int64_t)clr__ev_key(group, 0, q.ids[i].norm);
			}
		}
	}
	json_decref(o);
	return n;
}

static int has_key(const int64_t *v, size_t n, int64_t k)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == k)
			return 1;
	return 0;
}

static int in_set(const keyset *ks, const key *k)
{
	size_t lo = 0, hi = ks->v.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ks->v.v[mid].s, k->s);
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int64_t clr_store__key_hash(const char *k, size_t n)
{
	return (int64_t)clr__hash(k, n);
}

/* The index's version as stored in meta: CLR_STORE_TOKENS_VERSION, the
 * hash of a probe (a change of clr__hash also means a reindex) and the
 * normaliser's fingerprint (a customer's tokens are what it reads). */
static void tokens_version(char out[64])
{
	static const char probe[] = "clearance customer token index";
	snprintf(out, 64, "%s-%016llx-%016llx", CLR_STORE_TOKENS_VERSION,
	         (unsigned long long)clr_store__key_hash(probe, sizeof(probe) - 1),
	         (unsigned long long)clr__norm_fingerprint());
}

static int cmp_pending(const void *a, const void *b)
{
	const pending *x = a, *y = b;
	return x->h != y->h ? (x->h > y->h) - (x->h < y->h) : (x->crow > y->crow) - (x->crow < y->crow);
}

static const char *word_pool_base;

static int cmp_word(const void *a, const void *b)
{
	return strcmp(word_pool_base + *(const uint32_t *)a, word_pool_base + *(const uint32_t *)b);
}

/* Writes the buffered keys in key order, then the new words. */
int clr_store__tokens_flush(clr_store_tokens *tk)
{
	int rc = 0;
	if (!tk)
		return 0;
	if (tk->word_pool.failed)
		return CLR_ENOMEM;
	if (tk->pend.n > 1)
		qsort(tk->pend.v, tk->pend.n, sizeof(pending), cmp_pending);
	for (size_t i = 0; i < tk->pend.n && !rc; i++) {
		clr_sql_bind_int64(tk->qins, 1, tk->pend.v[i].h);
		clr_sql_bind_int64(tk->qins, 2, tk->pend.v[i].crow);
		rc = clr_store__run(tk->st, tk->qins, "customer tokens");
	}
	word_pool_base = tk->word_pool.p; /* qsort has no context argument */
	if (tk->words.n > 1)
		qsort(tk->words.v, tk->words.n, sizeof(uint32_t), cmp_word);
	/* words stay when their customers go: a superset is harmless */
	for (size_t i = 0; i < tk->words.n && !rc; i++) {
		const char *w = tk->word_pool.p + tk->words.v[i];
		if (i && !strcmp(w, tk->word_pool.p + tk->words.v[i - 1]))
			continue;
		clr_sql_bind_text(tk->qword, 1, w);
		rc = clr_store__run(tk->st, tk->qword, "customer words");
	}
	tk->pend.n = tk->words.n = 0;
	clr__buf_clear(&tk->word_pool);
	return rc;
}

void clr_store__tokens_close(clr_store_tokens *tk)
{
	if (!tk)
		return;
	clr__vec_free(tk->pend);
	clr__vec_free(tk->words);
	clr__buf_free(&tk->word_pool);
	clr_sql_finalize(tk->qdel);
	clr_sql_finalize(tk->qins);
	clr_sql_finalize(tk->qword);
	clr__vec_free(tk->old.v);
	clr__vec_free(tk->cur.v);
	clr__buf_free(&tk->old.pool);
	clr__buf_free(&tk->cur.pool);
	clr__norm_free(tk->nm);
	free(tk->t);
	free(tk);
}

int clr_store__tokens_open(clr_store *st, clr_store_tokens **out)
{
	clr_store_tokens *tk = calloc(1, sizeof(*tk));
	*out = NULL;
	if (!tk || !(tk->t = malloc(sizeof(clr_tokens))) || clr__norm_new(&tk->nm)) {
		clr_store__tokens_close(tk);
		return CLR_ENOMEM;
	}
	tk->st = st;
	int rc;
	if ((rc = clr_store__prepare(st, "DELETE FROM customer_tokens WHERE h=? AND crow=?",
	                             &tk->qdel, "customer tokens")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO customer_tokens VALUES(?,?) ON CONFLICT DO"
	                                 " NOTHING", &tk->qins, "customer tokens")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO customer_words VALUES(?) ON CONFLICT DO"
	                                 " NOTHING", &tk->qword, "customer tokens"))) {
		clr_store__tokens_close(tk);
		return rc;
	}
	*out = tk;
	return 0;
}

int clr_store__tokens_set(clr_store_tokens *tk, int64_t crow, const char *old_name,
                          const char *old_attrs, const char *new_name, const char *new_attrs)
{
	int rc;
	if ((rc = name_keys(tk, old_name, &tk->old)) || (rc = name_keys(tk, new_name, &tk->cur)))
		return rc;
	tk->nold_ev = evidence_keys(old_attrs, tk->old_ev);
	tk->ncur_ev = evidence_keys(new_attrs, tk->cur_ev);
	for (size_t i = 0; i < tk->nold_ev; i++) {
		if (has_key(tk->cur_ev, tk->ncur_ev, tk->old_ev[i]))
			continue;
		clr_sql_bind_int64(tk->qdel, 1, tk->old_ev[i]);
		clr_sql_bind_int64(tk->qdel, 2, crow);
		if ((rc = clr_store__run(tk->st, tk->qdel, "customer tokens")))
			return rc;
	}
	for (size_t i = 0; i < tk->ncur_ev; i++) {
		pending p = {tk->cur_ev[i], crow};
		if (!has_key(tk->old_ev, tk->nold_ev, p.h) && clr__vec_push(tk->pend, p))
			return CLR_ENOMEM;
	}
	for (size_t i = 0; i < tk->old.v.n; i++) {
		if (in_set(&tk->cur, &tk->old.v.v[i]))
			continue;
		const char *k = tk->old.v.v[i].s;
		clr_sql_bind_int64(tk->qdel, 1, clr_store__key_hash(k, strlen(k)));
		clr_sql_bind_int64(tk->qdel, 2, crow);
		if ((rc = clr_store__run(tk->st, tk->qdel, "customer tokens")))
			return rc;
	}
	/* Buffered: a key of a customer changed twice in one import whose
	 * deletion runs before its insertion is flushed stays, which only makes
	 * a later delta screen that customer once more. */
	for (size_t i = 0; i < tk->cur.v.n; i++) {
		const key *k = &tk->cur.v.v[i];
		if (in_set(&tk->old, k))
			continue;
		pending p = {clr_store__key_hash(k->s, strlen(k->s)), crow};
		if (clr__vec_push(tk->pend, p))
			return CLR_ENOMEM;
		if (!k->single)
			continue;
		uint32_t off = (uint32_t)tk->word_pool.len;
		if (clr__buf_puts(&tk->word_pool, k->s) || clr__buf_putc(&tk->word_pool, '\0') ||
		    clr__vec_push(tk->words, off))
			return CLR_ENOMEM;
	}
	return tk->pend.n >= PENDING_MAX ? clr_store__tokens_flush(tk) : 0;
}

int clr_store__tokens_ensure(clr_store *st)
{
	char have[64], want[64];
	int rc = clr_store__meta_get(st, "customer_tokens", have, sizeof(have));
	if (rc < 0)
		return rc;
	tokens_version(want);
	if (rc == 1 && !strcmp(have, want))
		return 0;
	/* first use, or the normaliser changed: index every customer again */
	clr_store_tokens *tk = NULL;
	clr_sql_stmt *q = NULL;
	if ((rc = clr_store__exec(st, "DELETE FROM customer_tokens; DELETE FROM customer_words")) ||
	    (rc = clr_store__tokens_open(st, &tk)) ||
	    (rc = clr_store__prepare(st, "SELECT rowid, name, attributes FROM customers", &q,
	                             "customer tokens")))
		goto out;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		if ((rc = clr_store__tokens_set(tk, clr_sql_column_int64(q, 0), NULL, NULL,
		                                clr_sql_column_text(q, 1), clr_sql_column_text(q, 2))))
			goto out;
		clr_store__fault_point();
	}
	if (rc != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "customer tokens");
		goto out;
	}
	if (!(rc = clr_store__tokens_flush(tk)))
		rc = clr_store__meta_set(st, "customer_tokens", want);
out:
	clr_sql_finalize(q);
	clr_store__tokens_close(tk);
	return rc;
}
