/*
 * customers.c - customers import: the screening fields (name, type,
 * country, and the evidence beyond the name: dob, nationality, ids ...)
 * with their content hash, the columns other than name, type and country
 * as attributes (the evidence among them: rescreen reads it there), the
 * customer token index kept in step.  Only a change of the screening
 * fields marks a customer for the next delta rescreen and counts against a
 * false-positive review; the other attributes are kept and shown, never
 * screened.  One transaction per import.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "../util/util.h"

/* store.h */
int clr_store__jurisdiction(const char *attributes, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (!attributes || !strstr(attributes, "\"jurisdiction\""))
		return 0; /* most customers: no parse */
	json_t *a = json_loads(attributes, 0, NULL), *v = a ? json_object_get(a, "jurisdiction") : NULL;
	int rc = 0;
	size_t len = 0, i;
	json_t *x;
	if (json_is_string(v)) {
		rc = json_string_length(v) < cap ? 0 : -1;
		if (!rc)
			memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (!json_is_string(x) || len + json_string_length(x) + 2 > cap) {
				rc = -1;
				break;
			}
			len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? "," : "", json_string_value(x));
		}
	} else if (v && !json_is_null(v)) {
		rc = -1;
	}
	json_decref(a);
	if (rc)
		buf[0] = '\0';
	return rc;
}

/* The screening fields' hash: what an alert remembers of its customer.
 * The evidence beyond the name screens too (a changed date of birth is a
 * changed customer); each field counts only when given, so that customers
 * without any keep the hash they had before evidence was screened. */
static void customer_hash_fields(const clr_record *r, clr_sha256_ctx *sp)
{
	clr_sha256_ctx s = *sp;
	const char *parts[] = {r->name, r->type ? r->type : "", r->country ? r->country : ""};
	for (int i = 0; i < 3; i++)
		clr__sha256_update(&s, parts[i], strlen(parts[i]) + 1);
	const char *ev[] = {"dob", r->dob, "nationality", r->nationality, "address", r->address,
	                    "city", r->city, "imo", r->imo};
	for (size_t i = 0; i < sizeof(ev) / sizeof(*ev); i += 2)
		if (ev[i + 1] && *ev[i + 1]) {
			clr__sha256_update(&s, ev[i], strlen(ev[i]) + 1);
			clr__sha256_update(&s, ev[i + 1], strlen(ev[i + 1]) + 1);
		}
	for (size_t k = 0; k < r->nids; k++) {
		const char *id[] = {"id", r->ids[k].type ? r->ids[k].type : "", r->ids[k].number,
		                    r->ids[k].country ? r->ids[k].country : ""};
		for (int i = 0; i < 4; i++)
			clr__sha256_update(&s, id[i], strlen(id[i]) + 1);
	}
	*sp = s;
}

/* The screening fields' hash with the customer's own jurisdictions, when
 * it has some: another jurisdiction is a changed customer. */
static void customer_hash(const clr_record *r, const char *juris, char out[65])
{
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	customer_hash_fields(r, &s);
	if (juris && *juris) {
		clr__sha256_update(&s, "jurisdiction", 13);
		clr__sha256_update(&s, juris, strlen(juris) + 1);
	}
	clr__sha256_hex(&s, out);
}


typedef struct import_ctx {
	clr_store *st;
	clr_store_tokens *tk;
	clr_sql_stmt *qget, *qattr, *qupd, *qins, *qseen;
	int64_t seq;
	clr_customers_stats *stats;
} import_ctx;

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void bind_fields(clr_sql_stmt *q, const clr_record *rec, const char *h, int64_t seq)
{
	clr_sql_bind_text(q, 1, rec->name);
	clr_sql_bind_text(q, 2, rec->type);
	clr_sql_bind_text(q, 3, rec->country);
	clr_sql_bind_text(q, 4, h);
	clr_sql_bind_int64(q, 5, seq);
	clr_sql_bind_text(q, 6, rec->attributes);
	clr_sql_bind_text(q, 7, rec->id);
}

/* Stores one record: new, changed, attributes only, or unchanged. */
static int put_customer(import_ctx *c, const clr_record *rec, const char *h)
{
	clr_store *st = c->st;
	int rc;
	if (c->qseen) {
		clr_sql_bind_text(c->qseen, 1, rec->id);
		if ((rc = clr_store__run(st, c->qseen, "customers")))
			return rc;
	}
	clr_sql_bind_text(c->qget, 1, rec->id);
	if ((rc = clr_sql_step(c->qget)) != CLR_SQL_ROW) {
		clr_sql_reset(c->qget);
		if (rc < 0)
			return clr_store__sqlfail(st, "customer");
		bind_fields(c->qins, rec, h, c->seq);
		/* the new row's rowid, which the token index refers to */
		if ((rc = clr_sql_step(c->qins)) != CLR_SQL_ROW) {
			clr_sql_reset(c->qins);
			return clr_store__sqlfail(st, "customer");
		}
		int64_t crow = clr_sql_column_int64(c->qins, 0);
		clr_sql_reset(c->qins);
		c->stats->changed++;
		return clr_store__tokens_set(c->tk, crow, NULL, NULL, rec->name, rec->attributes);
	}
	int64_t crow = clr_sql_column_int64(c->qget, 0);
	int same = !strcmp(clr_sql_column_text(c->qget, 1), h);
	int same_attrs = same_text(clr_sql_column_text(c->qget, 3), rec->attributes);
	char *old = same ? NULL : clr__strdup(clr_sql_column_text(c->qget, 2));
	const char *oa = clr_sql_column_text(c->qget, 3);
	char *old_attrs = same || !oa ? NULL : clr__strdup(oa);
	clr_sql_reset(c->qget);
	if (same) {
		if (same_attrs)
			return 0;
		clr_sql_bind_text(c->qattr, 1, rec->attributes);
		clr_sql_bind_int64(c->qattr, 2, crow);
		c->stats->attributes++;
		return clr_store__run(st, c->qattr, "customer attributes");
	}
	if (!old || (oa && !old_attrs)) {
		free(old);
		return CLR_ENOMEM;
	}
	bind_fields(c->qupd, rec, h, c->seq);
	rc = clr_store__run(st, c->qupd, "customer");
	if (!rc)
		rc = clr_store__tokens_set(c->tk, crow, old, old_attrs, rec->name, rec->attributes);
	free(old);
	free(old_attrs);
	c->stats->changed++;
	return rc;
}

/* With a replace import: deletes the customers the file did not name. */
static int delete_absent(import_ctx *c)
{
	clr_store *st = c->st;
	clr_sql_stmt *q = NULL, *qd = NULL;
	int rc;
	/* import_seen: the temporary table of prepare(), first in both's lookup */
	if ((rc = clr_store__prepare(st, "SELECT rowid, name, attributes FROM customers WHERE id"
	                                 " NOT IN (SELECT id FROM import_seen)", &q, "customers")) ||
	    (rc = clr_store__prepare(st, "DELETE FROM customers WHERE rowid=?", &qd, "customers")))
		goto out;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		int64_t crow = clr_sql_column_int64(q, 0);
		if ((rc = clr_store__tokens_set(c->tk, crow, clr_sql_column_text(q, 1),
		                                clr_sql_column_text(q, 2), NULL, NULL)))
			goto out;
		clr_sql_bind_int64(qd, 1, crow);
		if ((rc = clr_store__run(st, qd, "customers")))
			goto out;
		c->stats->deleted++;
	}
	rc = rc == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, "customers");
out:
	clr_sql_finalize(q);
	clr_sql_finalize(qd);
	return rc;
}

static int prepare(import_ctx *c, unsigned flags)
{
	clr_store *st = c->st;
	int rc;
	/* the temporary table compares as customers.id does on PostgreSQL */
	if ((flags & CLR_CUSTOMERS_REPLACE) &&
	    ((rc = clr_store__exec(st, st->db ? "CREATE TEMP TABLE IF NOT EXISTS import_seen(id TEXT"
	                                        " PRIMARY KEY) WITHOUT ROWID; DELETE FROM"
	                                        " temp.import_seen"
	                                      : "CREATE TEMP TABLE IF NOT EXISTS import_seen(id TEXT"
	                                        " COLLATE \"C\" PRIMARY KEY); DELETE FROM"
	                                        " import_seen")) ||
	     (rc = clr_store__prepare(st, "INSERT INTO import_seen VALUES(?) ON CONFLICT DO"
	                                  " NOTHING", &c->qseen, "customers"))))
		return rc;
	/* an update keeps the rowid, which the token index refers to */
	if ((rc = clr_store__prepare(st, "SELECT rowid, hash, name, attributes FROM customers"
	                                 " WHERE id=?", &c->qget, "customers")) ||
	    (rc = clr_store__prepare(st, "UPDATE customers SET attributes=? WHERE rowid=?",
	                             &c->qattr, "customers")) ||
	    (rc = clr_store__prepare(st, "UPDATE customers SET name=?1, type=?2, country=?3,"
	                                 " hash=?4, seq=?5, attributes=?6 WHERE id=?7", &c->qupd,
	                             "customers")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO customers(name, type, country, hash, seq,"
	                                 " attributes, id) VALUES(?1,?2,?3,?4,?5,?6,?7) RETURNING"
	                                 " rowid", &c->qins, "customers")))
		return rc;
	return 0;
}

int clr_store_customers_import(clr_store *st, const char *path, unsigned flags,
                               clr_customers_stats *out)
{
	FILE *f = fopen(path, "rb");
	clr_reader *r = NULL;
	clr_customers_stats stats = {0};
	import_ctx c = {.st = st, .stats = &stats};
	clr_sha256_ctx file;
	int rc;
	memset(out, 0, sizeof(*out));
	if (!f)
		return clr_store__fail(st, CLR_EIO, "%s: cannot open", path);
	if ((rc = clr_reader_open(&r, f, path))) {
		fclose(f);
		return clr_store__fail(st, rc, "%s: cannot read", path);
	}
	clr__sha256_init(&file);
	if ((rc = clr_store__begin(st)))
		goto out;
	/* one import at a time on PostgreSQL: the next seq is max(seq) + 1 */
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_AUDIT)) {
		rc = clr_store__sqlfail(st, "customers");
		goto out;
	}
	c.seq = clr_store__scalar(st, "SELECT max(seq) FROM customers", 0) + 1;
	if ((rc = clr_store__tokens_ensure(st)) || (rc = prepare(&c, flags)) ||
	    (rc = clr_store__tokens_open(st, &c.tk)))
		goto out;
	clr_record rec;
	while ((rc = clr_reader_next(r, &rec)) == 1) {
		char h[65], msg[256], juris[64];
		clr_screen_opts o;
		clr_screen_opts_init(&o);
		clr_record_screen_opts(&rec, &o);
		if (clr_store__jurisdiction(rec.attributes, juris, sizeof(juris)) < 0) {
			rc = clr_store__fail(st, CLR_EINPUT, "%s:%zu: field 'jurisdiction': expected codes "
			                     "such as \"US,UK\" or [\"US\", \"UK\"]", path, rec.line);
			goto out;
		}
		o.jurisdictions = juris[0] ? juris : NULL;
		if (clr_screen_opts_check(&o, msg, sizeof(msg)) < 0) {
			/* "dob: '...' is not a date": the field, then what is wrong */
			size_t fl = strcspn(msg, ":");
			rc = clr_store__fail(st, CLR_EINPUT, "%s:%zu: field '%.*s':%s", path, rec.line,
			                     (int)fl, msg, msg[fl] ? msg + fl + 1 : "");
			goto out;
		}
		customer_hash(&rec, juris, h);
		clr__sha256_update(&file, rec.id, strlen(rec.id) + 1);
		clr__sha256_update(&file, h, 64);
		if (rec.attributes)
			clr__sha256_update(&file, rec.attributes, strlen(rec.attributes) + 1);
		stats.total++;
		size_t before = stats.changed + stats.attributes;
		if ((rc = put_customer(&c, &rec, h)))
			goto out;
		if (stats.changed + stats.attributes != before)
			clr_store__fault_point();
	}
	if (rc < 0) {
		rc = clr_store__fail(st, rc, "%s", clr_reader_errmsg(r));
		goto out;
	}
	if ((flags & CLR_CUSTOMERS_REPLACE) && (rc = delete_absent(&c)))
		goto out;
	if ((rc = clr_store__tokens_flush(c.tk)))
		goto out;
	char input[65], result[200];
	clr__sha256_hex(&file, input);
	snprintf(result, sizeof(result), "%zu customers, %zu new or changed, %zu attributes only,"
	         " %zu deleted", stats.total, stats.changed, stats.attributes, stats.deleted);
	if ((rc = clr_store__audit(st, "customers-import", input, clr_store__latest(st), result)) ||
	    (rc = clr_store__commit(st)))
		goto out;
	*out = stats;
out:
	if (rc)
		clr_store__rollback(st);
	clr_sql_finalize(c.qget);
	clr_sql_finalize(c.qattr);
	clr_sql_finalize(c.qupd);
	clr_sql_finalize(c.qins);
	clr_sql_finalize(c.qseen);
	clr_store__tokens_close(c.tk);
	clr_reader_free(r);
	fclose(f);
	return rc;
}
