/*
 * keys.c - API keys kept in the store: table keys(id, name, role, sha256,
 * created, revoked).  Only a key's SHA-256 is stored; the key itself leaves
 * clr_store_key_create once and is never written anywhere.  Creating and
 * revoking append audit records; looking up a key is a read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* SQLite's; PostgreSQL's store.c creates with its schema */
static const char keys_schema[] =
	"CREATE TABLE IF NOT EXISTS keys(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" role TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT)";

static int valid_role(const char *role)
{
	return role && (!strcmp(role, "screen") || !strcmp(role, "analyst") || !strcmp(role, "admin"));
}

/* The keys table appears with the first key in SQLite: older stores lack
 * it.  PostgreSQL's store has it from the start. */
static int have_keys_table(clr_store *st)
{
	if (!st->db)
		return 1;
	return clr_store__scalar(st, "SELECT 1 FROM sqlite_master WHERE type='table' AND"
	                             " name='keys'", 0) == 1;
}

int clr_store_key_create(clr_store *st, const char *role, const char *name, char out_key[80],
                         int64_t *out_id)
{
	clr_sql_stmt *q = NULL;
	char hash[65], at[32], label[64], result[160];
	int rc;
	out_key[0] = 0;
	*out_id = 0;
	if (!valid_role(role))
		return clr_store__fail(st, CLR_EUSAGE, "--role: expected screen, analyst or admin, "
		                       "got '%.40s'", role ? role : "");
	if (name && (!*name || strlen(name) >= sizeof(label)))
		return clr_store__fail(st, CLR_EUSAGE, "--name: expected 1 to %zu bytes",
		                       sizeof(label) - 1);
	if (clr_key_new(out_key, hash) < 0)
		return clr_store__fail(st, CLR_EIO, "keys: no random bytes from the system");
	if ((rc = clr_store__begin(st)) || (st->db && (rc = clr_store__exec(st, keys_schema))) ||
	    (rc = clr_store__prepare(st, "INSERT INTO keys(name, role, sha256, created)"
	                                 " VALUES(?,?,?,?) RETURNING id", &q, "keys")))
		goto out;
	clr_store__now(at);
	/* unnamed keys are called after their role and id, known after the insert */
	clr_sql_bind_text(q, 1, name ? name : "");
	clr_sql_bind_text(q, 2, role);
	clr_sql_bind_text(q, 3, hash);
	clr_sql_bind_text(q, 4, at);
	if (clr_sql_step(q) != CLR_SQL_ROW) {
		rc = clr_store__sqlfail(st, "keys");
		goto out;
	}
	*out_id = clr_sql_column_int64(q, 0);
	if (clr_sql_step(q) != CLR_SQL_DONE) {
		rc = clr_store__sqlfail(st, "keys");
		goto out;
	}
	snprintf(label, sizeof(label), "%s", name ? name : "");
	if (!name) {
		char sql[128];
		snprintf(label, sizeof(label), "%s-%lld", role, (long long)*out_id);
		snprintf(sql, sizeof(sql), "UPDATE keys SET name='%s' WHERE id=%lld", label,
		         (long long)*out_id);
		if ((rc = clr_store__exec(st, sql)))
			goto out;
	}
	snprintf(result, sizeof(result), "key %lld '%s': role %s", (long long)*out_id, label, role);
	if ((rc = clr_store__audit(st, "key-create", hash, clr_store__latest(st), result)))
		goto out;
	rc = clr_store__commit(st);
out:
	clr_sql_finalize(q);
	if (rc) {
		clr_store__rollback(st);
		out_key[0] = 0;
		*out_id = 0;
	}
	return rc;
}

int clr_store_keys_list(clr_store *st, FILE *out)
{
	static const char *const names[] = {"name", "role", "sha256_prefix", "created", "revoked"};
	clr_sql_stmt *q;
	int rc;
	if (!have_keys_table(st))
		return 0;
	if ((rc = clr_store__prepare(st, "SELECT id, name, role, substr(sha256, 1, 12), created,"
	                                 " revoked FROM keys ORDER BY id", &q, "keys")))
		return rc;
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		fprintf(out, "{\"id\":%lld", (long long)clr_sql_column_int64(q, 0));
		for (int i = 0; i < 5; i++) {
			fprintf(out, ",\"%s\":", names[i]);
			/* the bytes SQLite's json_object wrote before, on both backends */
			clr_store__json_text(out, clr_sql_column_text(q, i + 1), 1);
		}
		fputs("}\n", out);
	}
	rc = rc == CLR_SQL_DONE ? 0 : clr_store__sqlfail(st, "keys");
	clr_sql_finalize(q);
	return rc;
}

int clr_store_key_revoke(clr_store *st, const char *which)
{
	clr_sql_stmt *q = NULL;
	char at[32], result[160];
	int64_t id = 0;
	int rc, n = 0;
	if (!which || !*which)
		return clr_store__fail(st, CLR_EUSAGE, "a key id or name is required");
	if (!have_keys_table(st))
		return clr_store__fail(st, CLR_EINPUT, "no key '%.64s'", which);
	/* the audit lock first: a revoke racing this one on PostgreSQL then
	 * finds the key revoked */
	if ((rc = clr_store__begin(st)))
		return rc;
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_AUDIT)) {
		rc = clr_store__sqlfail(st, "keys");
		goto out;
	}
	if ((rc = clr_store__prepare(st, "SELECT id FROM keys WHERE revoked IS NULL AND"
	                                 " (name=?1 OR CAST(id AS TEXT)=?1)", &q, "keys")))
		goto out;
	clr_sql_bind_text(q, 1, which);
	while (clr_sql_step(q) == CLR_SQL_ROW && ++n == 1)
		id = clr_sql_column_int64(q, 0);
	if (n != 1) {
		rc = clr_store__fail(st, CLR_EINPUT, n ? "'%.64s' names several keys; "
		                     "give the id" : "no active key '%.64s'", which);
		goto out;
	}
	char sql[160];
	clr_store__now(at);
	snprintf(sql, sizeof(sql), "UPDATE keys SET revoked='%s' WHERE id=%lld", at, (long long)id);
	snprintf(result, sizeof(result), "key %lld '%.64s' revoked", (long long)id, which);
	if ((rc = clr_store__exec(st, sql)) ||
	    (rc = clr_store__audit(st, "key-revoke", NULL, clr_store__latest(st), result)))
		goto out;
	rc = clr_store__commit(st);
out:
	clr_sql_finalize(q);
	if (rc)
		clr_store__rollback(st);
	return rc;
}

int clr_store_key_find(clr_store *st, const char *key, size_t len, clr_store_key *out,
                       int *out_any)
{
	clr_sql_stmt *q;
	char hash[65];
	int rc, found = 0;
	memset(out, 0, sizeof(*out));
	*out_any = 0;
	if (!have_keys_table(st))
		return 0;
	if (key)
		clr_sha256_hex(key, len, hash);
	if ((rc = clr_store__prepare(st, "SELECT (SELECT count(*) FROM keys WHERE revoked IS NULL),"
	                                 " id, name, role FROM keys WHERE sha256=?1 AND revoked IS"
	                                 " NULL UNION ALL SELECT (SELECT count(*) FROM keys WHERE"
	                                 " revoked IS NULL), NULL, NULL, NULL LIMIT 1", &q, "keys")))
		return rc;
	clr_sql_bind_text(q, 1, key ? hash : "");
	if ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		*out_any = clr_sql_column_int64(q, 0) > 0;
		if (!clr_sql_column_null(q, 1)) {
			found = 1;
			out->id = clr_sql_column_int64(q, 1);
			snprintf(out->name, sizeof(out->name), "%s", clr_sql_column_text(q, 2));
			snprintf(out->role, sizeof(out->role), "%s", clr_sql_column_text(q, 3));
		}
	}
	rc = rc == CLR_SQL_ROW ? found : clr_store__sqlfail(st, "keys");
	clr_sql_finalize(q);
	return rc;
}
