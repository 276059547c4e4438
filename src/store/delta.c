/*
 * delta.c - which customers a delta rescreen after a list change must
 * screen.  A listed name scores only when an anchored pair covers one of
 * its anchor tokens (docs/index.md), so a customer can newly alert on a new
 * or changed entry only when one of its query keys (a token, or a joined
 * span of 2-3 adjacent tokens) relates by an indexed relation to a token
 * under which one of that entry's names is posted.  This file finds those
 * customers through the customer token index (tokens.c) without screening
 * anyone; rescreen.c then screens them against the whole list as usual.
 *
 * The relations, as clr_screen() computes neighbourhoods:
 *   - a query token relates to a listed token or joined span exactly, or by
 *     a typo within clr__max_edits() (not when the listed one is joined-only
 *     or the query token is a legal form, function word or has a digit);
 *   - a query span relates to a listed token or span exactly;
 *   - a query token relates to a listed token by knowledge (another
 *     romanisation, an equivalent the lists give: clr__index_alternates),
 *     found through the full index's alternates, whose mined equivalents
 *     come from every entry.
 * Besides the name, an identifier or IMO number the customer gives that a
 * changed entry lists brings the entry in whatever the name scores
 * (find_ids in screen.c): those keys are matched directly (hit_evidence).
 * Exact keys are looked up directly.  Typo relations are found by probing a
 * small index built from the changed entries alone with every distinct
 * customer word: its deletion table holds every word the full index holds
 * for those names, with the same flags, except that a word can be
 * joined-only in the small index and a word in the full one; those few are
 * compared with every customer word directly.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "../lists/db.h"
#include "../match/index.h"
#include "../util/util.h"

typedef CLR_VEC(char *) str_vec;

typedef struct delta_ctx {
	clr_store *st;
	const clr_index *full, *small;
	uint8_t *mark;                 /* small token id -> posts a changed name in full */
	uint8_t *posted;               /* full token id -> posts a changed name */
	int known;                     /* the customer word looked up is a known listed word */
	CLR_VEC(uint32_t) fixup;       /* small ids joined-only there, words in full */
	CLR_VEC(int64_t) hits;         /* keys for delta_hits, written at once */
	int found;
} delta_ctx;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int clr_store__temp(clr_store *st, const char *lite, const char *pg)
{
	return clr_store__exec(st, clr_sql_backend(st->sql) == CLR_SQL_PG ? pg : lite);
}

/* Ids of the entries of snap whose version prev_snap lacks, sorted; the
 * same ids into delta_entries. */
static int changed_entries(clr_store *st, int64_t snap, int64_t prev_snap, str_vec *ids)
{
	clr_sql_stmt *q = NULL;
	int rc;
	if ((rc = clr_store__temp(st, "CREATE TEMP TABLE IF NOT EXISTS delta_entries(entry_id TEXT"
	                              " PRIMARY KEY) WITHOUT ROWID; DELETE FROM delta_entries",
	                          "CREATE TEMP TABLE IF NOT EXISTS delta_entries(entry_id" PG_TEXT
	                          " PRIMARY KEY); DELETE FROM delta_entries")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO delta_entries SELECT v.entry_id FROM"
	                                 " snapshot_entries se JOIN entry_versions v ON v.vid=se.vid"
	                                 " WHERE se.snapshot_id=?1 AND se.vid NOT IN (SELECT vid"
	                                 " FROM snapshot_entries WHERE snapshot_id=?2)"
	                                 " ON CONFLICT DO NOTHING", &q, "delta entries")))
		return rc;
	clr_sql_bind_int64(q, 1, snap);
	clr_sql_bind_int64(q, 2, prev_snap);
	rc = clr_store__run(st, q, "delta entries");
	clr_sql_finalize(q);
	if (rc || (rc = clr_store__prepare(st, "SELECT entry_id FROM delta_entries", &q,
	                                   "delta entries")))
		return rc;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		char *id = clr__strdup(clr_sql_column_text(q, 0));
		if (!id || clr__vec_push(*ids, id)) {
			free(id);
			rc = CLR_ENOMEM;
			break;
		}
	}
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE)
		return rc == CLR_ENOMEM ? rc : clr_store__sqlfail(st, "delta entries");
	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(char *), cmp_str);
	return 0;
}

/* Marks the small index's tokens under which full posts a changed name. */
static int mark_posted(delta_ctx *c, const uint8_t *changed)
{
	const clr_index *full = c->full, *small = c->small;
	uint8_t *posted = c->posted = calloc(full->ntok ? full->ntok : 1, 1);
	c->mark = calloc(small->ntok ? small->ntok : 1, 1);
	if (!posted || !c->mark)
		return CLR_ENOMEM;
	for (uint32_t t = 0; t < full->ntok; t++) {
		const clr_tokinfo *ti = &full->tok[t];
		for (uint32_t k = 0; k < ti->npost && !posted[t]; k++)
			posted[t] = changed[clr__rec_entry(full->name_toks + full->postings[ti->post + k].rec)];
	}
	int rc = 0;
	for (uint32_t s = 0; s < small->ntok && !rc; s++) {
		const clr_tokinfo *si = &small->tok[s];
		uint32_t f = clr__index_lookup(full, clr__index_tok(small, s), si->len);
		if (f == CLR_NO_TOKEN || !posted[f])
			continue;
		c->mark[s] = 1;
		if (si->joined_only && !full->tok[f].joined_only && clr__vec_push(c->fixup, s))
			rc = CLR_ENOMEM;
	}
	return rc;
}

/* An alternate of a customer word in the full index (another spelling, a
 * mined equivalent: relations that anchor) under which a changed name is
 * posted. */
static void on_alternate(void *payload, uint32_t id, float sim, int how)
{
	delta_ctx *c = payload;
	(void)sim;
	if ((how == HOW_EQUIV || (!c->known && (how == HOW_TRANSLIT || how == HOW_TERM))) &&
	    c->posted[id])
		c->found = 1;
}

static void on_neighbour(void *payload, uint32_t id, float sim, int how)
{
	delta_ctx *c = payload;
	(void)sim;
	(void)how;
	if (c->mark[id])
		c->found = 1;
}

/* Whether customer word w relates by a typo to a marked token of the small
 * index (exact relations are hit directly). */
static int word_hits(delta_ctx *c, const char *w, size_t n)
{
	/* a known listed word anchors only exactly, or through an equivalent
	 * the lists teach: its typo'd neighbours, other spellings and
	 * translations bring no name in (neighbours() in src/match/screen.c) */
	uint32_t f = clr__index_lookup(c->full, w, n);
	int known = f != CLR_NO_TOKEN && !c->full->tok[f].joined_only &&
	            c->full->tok[f].df >= CLR_KNOWN_DF;
	/* the knowledge relations of the full index: its mined equivalents
	 * come from every entry, not only the changed ones */
	c->found = 0;
	c->known = known;
	clr__index_alternates(c->full, w, n, 0, on_alternate, c);
	if (c->found)
		return 1;
	if (known)
		return 0;
	c->found = 0;
	clr__index_neighbours(c->small, w, n, 0, on_neighbour, c);
	unsigned fl = clr__norm_token_flags(w, n);
	if (c->found || !c->fixup.n || !clr__max_edits(n) ||
	    (fl & (CLR_TOK_LEGAL | CLR_TOK_STOP | CLR_TOK_DIGIT)))
		return c->found;
	for (size_t k = 0; k < c->fixup.n; k++) {
		uint32_t s = c->fixup.v[k];
		int how;
		clr__tok_sim(w, n, clr__index_tok(c->small, s), c->small->tok[s].len, &how);
		if (how == HOW_TYPO)
			return 1;
	}
	return 0;
}

/* Writes the keys collected in c->hits into delta_hits: on PostgreSQL as
 * one array (a round trip a key would cost more than finding them). */
static int write_hits(delta_ctx *c, const char *what)
{
	clr_store *st = c->st;
	clr_sql_stmt *q = NULL;
	clr_buf arr = {0};
	int pg = clr_sql_backend(st->sql) == CLR_SQL_PG, rc;
	if (!c->hits.n)
		return 0;
	if ((rc = clr_store__prepare(st, pg ? "INSERT INTO delta_hits SELECT unnest(?::bigint[])"
	                                      " ON CONFLICT DO NOTHING"
	                                    : "INSERT INTO delta_hits VALUES(?) ON CONFLICT DO"
	                                      " NOTHING", &q, what)))
		return rc;
	for (size_t i = 0; i < c->hits.n && !rc; i++) {
		if (pg) {
			char num[24];
			snprintf(num, sizeof(num), "%s%lld", i ? "," : "{", (long long)c->hits.v[i]);
			clr__buf_puts(&arr, num);
			continue;
		}
		clr_sql_bind_int64(q, 1, c->hits.v[i]);
		rc = clr_store__run(st, q, what);
	}
	if (pg) {
		clr__buf_puts(&arr, "}");
		if (arr.failed || clr__buf_putc(&arr, '\0'))
			rc = CLR_ENOMEM;
		if (!rc) {
			clr_sql_bind_text(q, 1, arr.p);
			rc = clr_store__run(st, q, what);
		}
	}
	c->hits.n = 0;
	clr__buf_free(&arr);
	clr_sql_finalize(q);
	return rc;
}

/* Fills delta_hits with the customer keys related to marked tokens. */
static int hit_tokens(delta_ctx *c, size_t *out)
{
	clr_store *st = c->st;
	clr_sql_stmt *q = NULL;
	int rc;
	if ((rc = clr_store__temp(st, "CREATE TEMP TABLE IF NOT EXISTS delta_hits(h INTEGER"
	                              " PRIMARY KEY); DELETE FROM delta_hits",
	                          "CREATE TEMP TABLE IF NOT EXISTS delta_hits(h BIGINT"
	                          " PRIMARY KEY); DELETE FROM delta_hits")) ||
	    (rc = clr_store__prepare(st, "SELECT token FROM customer_words", &q, "delta tokens")))
		return rc;
	/* exact relations, spans included: the marked tokens themselves */
	for (uint32_t s = 0; s < c->small->ntok; s++)
		if (c->mark[s] && clr__vec_push(c->hits, clr_store__key_hash(clr__index_tok(c->small, s),
		                                                             c->small->tok[s].len))) {
			rc = CLR_ENOMEM;
			goto out;
		}
	/* typo relations: every distinct customer word */
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *w = clr_sql_column_text(q, 0);
		size_t n = w ? strlen(w) : 0;
		if (!n || n > CLR_MAX_TOKEN_BYTES || !word_hits(c, w, n))
			continue;
		if (clr__vec_push(c->hits, clr_store__key_hash(w, n))) {
			rc = CLR_ENOMEM;
			goto out;
		}
	}
	if (rc != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "customer words");
		goto out;
	}
	if ((rc = write_hits(c, "delta tokens")))
		goto out;
	*out = (size_t)clr_store__scalar(st, "SELECT count(*) FROM delta_hits", 0);
out:
	clr_sql_finalize(q);
	return rc;
}

/* Adds to delta_hits the keys of the changed entries' identifiers and IMO
 * numbers: a customer giving one alerts whatever its name (tokens.c keys
 * the customers' own the same way). */
static int hit_evidence(delta_ctx *c)
{
	for (uint32_t i = 0; i < c->small->nevkeys; i++)
		if (clr__vec_push(c->hits, (int64_t)c->small->evkeys[i].key))
			return CLR_ENOMEM;
	return write_hits(c, "delta identifiers");
}

int clr_store__delta_select(clr_store *st, clr_db *db, int64_t snap, int64_t prev_snap,
                            int64_t prev_seq, clr_delta_info *out)
{
	str_vec ids = {0};
	struct clr_db small = {0};
	clr_index *six = NULL;
	uint8_t *changed = NULL;
	delta_ctx c = {.st = st, .full = db->index};
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = clr_store__tokens_ensure(st)) ||
	    (rc = clr_store__temp(st, DELTA_ROWS_LITE, DELTA_ROWS_PG)) ||
	    (rc = changed_entries(st, snap, prev_snap, &ids)))
		goto out;
	out->entries = ids.n;
	if (ids.n) {
		if (!c.full) {
			rc = clr_store__fail(st, CLR_EINTERNAL, "delta: the list is not prepared");
			goto out;
		}
		if (!(changed = calloc(db->entries.n ? db->entries.n : 1, 1))) {
			rc = CLR_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < db->entries.n; i++) {
			const char *id = db->entries.v[i]->id;
			if (!bsearch(&id, ids.v, ids.n, sizeof(char *), cmp_str))
				continue;
			changed[i] = 1;
			if (clr__vec_push(small.entries, db->entries.v[i])) {
				rc = CLR_ENOMEM;
				goto out;
			}
		}
		if ((rc = clr__index_build(&six, &small, NULL)) < 0)
			goto out;
		c.small = six;
		if ((rc = mark_posted(&c, changed)) || (rc = hit_tokens(&c, &out->hit_tokens)) ||
		    (rc = hit_evidence(&c)))
			goto out;
		/* (SQLite reads ON CONFLICT after a SELECT's join only past a WHERE) */
		if ((rc = clr_store__exec(st, "INSERT INTO delta_rows SELECT t.crow FROM delta_hits h"
		                              " JOIN customer_tokens t ON t.h=h.h WHERE true"
		                              " ON CONFLICT DO NOTHING")) ||
		    /* alerts on changed entries: they may have to close */
		    (rc = clr_store__exec(st, "INSERT INTO delta_rows SELECT c.rowid FROM alerts a"
		                              " JOIN customers c ON c.id=a.customer_id"
		                              " WHERE a.status != 'closed' AND a.entry_id IN"
		                              " (SELECT entry_id FROM delta_entries)"
		                              " ON CONFLICT DO NOTHING")))
			goto out;
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "INSERT INTO delta_rows SELECT rowid FROM customers"
	         " WHERE seq > %lld ON CONFLICT DO NOTHING", (long long)prev_seq);
	if ((rc = clr_store__exec(st, sql)))
		goto out;
	out->customers = (size_t)clr_store__scalar(st, "SELECT count(*) FROM delta_rows", 0);
out:
	for (size_t i = 0; i < ids.n; i++)
		free(ids.v[i]);
	clr__vec_free(ids);
	clr__vec_free(small.entries);
	clr__vec_free(c.fixup);
	clr__vec_free(c.hits);
	free(c.mark);
	free(c.posted);
	free(changed);
	clr__index_free(six);
	return rc;
}
