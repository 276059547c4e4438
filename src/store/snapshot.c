/*
 * snapshot.c - list snapshots: import of list files as content-addressed
 * blobs plus entry versions keyed by content hash, diff between snapshots,
 * the snapshot in force on a date, and loading a snapshot back into a db.
 * A snapshot is written in one transaction, after every file has parsed.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "../util/util.h"

/* Bound on one source file: the largest official list is ~40 MB. */
#define CLR_STORE_MAX_FILE (512u << 20)

typedef struct source {
	int grp, is_dir;
	char *path, *name;
	unsigned char *data;
	size_t size;
	char hash[65];
} source;

typedef CLR_VEC(source) source_vec;

static void sources_free(source_vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].path);
		free(v->v[i].name);
		free(v->v[i].data);
	}
	clr__vec_free(*v);
}

static int read_file(clr_store *st, const char *path, unsigned char **out, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return clr_store__fail(st, CLR_EIO, "%s: %s", path, strerror(errno));
	clr_buf b = {0};
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + got > CLR_STORE_MAX_FILE) {
			fclose(f);
			clr__buf_free(&b);
			return clr_store__fail(st, CLR_ELIMIT, "%s: larger than %u bytes", path,
			                       CLR_STORE_MAX_FILE);
		}
		clr__buf_put(&b, chunk, got);
	}
	int err = ferror(f);
	fclose(f);
	if (err || b.failed) {
		clr__buf_free(&b);
		return clr_store__fail(st, err ? CLR_EIO : CLR_ENOMEM, "%s: cannot read", path);
	}
	*n = b.len;
	*out = b.p ? (unsigned char *)b.p : calloc(1, 1);
	return *out ? 0 : CLR_ENOMEM;
}

static int add_source(clr_store *st, source_vec *v, int grp, int is_dir, const char *path,
                      const char *name)
{
	source s = {.grp = grp, .is_dir = is_dir};
	int rc = read_file(st, path, &s.data, &s.size);
	if (rc)
		return rc;
	s.path = clr__strdup(path);
	s.name = clr__strdup(name);
	clr__sha256_str(s.data, s.size, s.hash);
	if (!s.path || !s.name || clr__vec_push(*v, s)) {
		free(s.path);
		free(s.name);
		free(s.data);
		return CLR_ENOMEM;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every argument: a file, or the regular files of a folder. */
static int collect(clr_store *st, const char *const *paths, size_t npaths, source_vec *out)
{
	for (size_t i = 0; i < npaths; i++) {
		struct stat sb;
		if (stat(paths[i], &sb))
			return clr_store__fail(st, CLR_EIO, "%s: %s", paths[i], strerror(errno));
		if (!S_ISDIR(sb.st_mode)) {
			const char *base = strrchr(paths[i], '/');
			int rc = add_source(st, out, (int)i, 0, paths[i], base ? base + 1 : paths[i]);
			if (rc)
				return rc;
			continue;
		}
		DIR *d = opendir(paths[i]);
		if (!d)
			return clr_store__fail(st, CLR_EIO, "%s: %s", paths[i], strerror(errno));
		CLR_VEC(char *) names = {0};
		struct dirent *de;
		int rc = 0;
		while (!rc && (de = readdir(d))) {
			char *full;
			if (de->d_name[0] == '.')
				continue;
			if (asprintf(&full, "%s/%s", paths[i], de->d_name) < 0)
				rc = CLR_ENOMEM;
			else if (stat(full, &sb) || !S_ISREG(sb.st_mode))
				free(full);
			else if (clr__vec_push(names, full))
				rc = CLR_ENOMEM, free(full);
		}
		closedir(d);
		if (names.n)
			qsort(names.v, names.n, sizeof(char *), cmp_str);
		for (size_t k = 0; k < names.n; k++) {
			if (!rc)
				rc = add_source(st, out, (int)i, 1, names.v[k], strrchr(names.v[k], '/') + 1);
			free(names.v[k]);
		}
		clr__vec_free(names);
		if (rc)
			return rc;
	}
	return 0;
}

static int write_all(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Writes the sources into a temporary folder (one subfolder per argument,
 * original file names, so OFAC siblings stay together) and loads them. */
static int load_sources(clr_store *st, const source_vec *v, clr_db *db, unsigned flags)
{
	const char *tmp = getenv("TMPDIR");
	char root[4096], dir[4200], file[8400];
	snprintf(root, sizeof(root), "%s/clearance-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		return clr_store__fail(st, CLR_EIO, "mkdtemp %s: %s", root, strerror(errno));
	int rc = 0;
	for (size_t i = 0; i < v->n && !rc; i++) {
		snprintf(dir, sizeof(dir), "%s/%d", root, v->v[i].grp);
		snprintf(file, sizeof(file), "%s/%s", dir, v->v[i].name);
		if ((mkdir(dir, 0700) && errno != EEXIST) || write_all(file, v->v[i].data, v->v[i].size))
			rc = clr_store__fail(st, CLR_EIO, "%s: %s", file, strerror(errno));
	}
	for (size_t i = 0; i < v->n && !rc; i++) {
		if (i && v->v[i].grp == v->v[i - 1].grp)
			continue;
		snprintf(dir, sizeof(dir), "%s/%d", root, v->v[i].grp);
		snprintf(file, sizeof(file), "%s/%s", dir, v->v[i].name);
		if (clr_db_load(db, v->v[i].is_dir ? dir : file, flags) < 0)
			rc = clr_store__fail(st, CLR_EINPUT, "%s (stored as %s)", clr_db_errmsg(db),
			                     v->v[i].path);
	}
	for (size_t i = 0; i < v->n; i++) {
		snprintf(dir, sizeof(dir), "%s/%d", root, v->v[i].grp);
		snprintf(file, sizeof(file), "%s/%s", dir, v->v[i].name);
		unlink(file);
		rmdir(dir);
	}
	rmdir(root);
	return rc;
}

/* Content hash of an entry: its JSON without where it was loaded from. */
static int entry_hash(const clr_entry *e, char out[65], char **json)
{
	clr_entry c = *e;
	c.file = NULL;
	c.line = 0;
	if (clr_entry_json(&c, json))
		return CLR_ENOMEM;
	clr__sha256_str(*json, strlen(*json), out);
	return 0;
}

static char *citations_json(const clr_entry *e)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < e->ncitations; i++)
		json_array_append_new(a, json_string(e->citations[i]));
	char *z = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return z;
}

int clr_store_import(clr_store *st, const char *const *paths, size_t npaths, const char *as_of,
                     int64_t *out_snapshot, size_t *out_new)
{
	clr_store_import_how how = {.action = "import"};
	return clr_store__import(st, paths, npaths, as_of, &how, out_snapshot, out_new);
}

int clr_store__import(clr_store *st, const char *const *paths, size_t npaths, const char *as_of,
                      const clr_store_import_how *how, int64_t *out_snapshot, size_t *out_new)
{
	source_vec src = {0};
	clr_db *db = NULL;
	clr_sql_stmt *qb = NULL, *qs = NULL, *qv = NULL, *qvid = NULL, *qse = NULL, *qsnap = NULL;
	char today[32], input[65], result[2048];
	size_t nnew = 0;
	int rc;
	*out_snapshot = 0;
	*out_new = 0;
	clr_store__now(today);
	today[10] = 0;
	if (as_of && !clr__iso_date(as_of))
		return clr_store__fail(st, CLR_EUSAGE, "--as-of: expected YYYY-MM-DD, got '%s'", as_of);
	if (!npaths)
		return clr_store__fail(st, CLR_EUSAGE, "import: no file given");
	if ((rc = collect(st, paths, npaths, &src)))
		goto out;
	if (!src.n) {
		rc = clr_store__fail(st, CLR_EINPUT, "import: no list file found");
		goto out;
	}
	if ((rc = clr_db_new(&db)) || (rc = load_sources(st, &src, db, 0)) ||
	    (rc = clr_db_prepare(db) < 0 ? clr_store__fail(st, CLR_EINPUT, "%s", clr_db_errmsg(db))
	                                 : 0))
		goto out;
	clr_sha256_ctx all;
	clr__sha256_init(&all);
	for (size_t i = 0; i < src.n; i++)
		clr__sha256_update(&all, src.v[i].hash, 64);
	clr__sha256_hex(&all, input);

	if ((rc = clr_store__begin(st)))
		goto out;
	/* one import at a time on PostgreSQL: the next id is max(id) + 1, as
	 * SQLite assigns an INTEGER PRIMARY KEY */
	if (clr_sql_lock(st->sql, CLR_SQL_LOCK_AUDIT)) {
		rc = clr_store__sqlfail(st, "import");
		goto out;
	}
	if ((rc = clr_store__prepare(st, "INSERT INTO snapshots(id, imported_at, as_of, who,"
	                                 " nsources, nentries) VALUES((SELECT coalesce(max(id), 0)"
	                                 " + 1 FROM snapshots),?,?,?,?,0) RETURNING id", &qsnap,
	                             "import")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO blobs VALUES(?,?,?) ON CONFLICT DO NOTHING",
	                             &qb, "import")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO snapshot_sources VALUES(?,?,?,?,?,?)", &qs,
	                             "import")) ||
	    /* an entry version new to the store returns its vid, a known one none */
	    (rc = clr_store__prepare(st, "INSERT INTO entry_versions(entry_id, hash, source, name,"
	                                 " start_date, citations, json) VALUES(?,?,?,?,?,?,?)"
	                                 " ON CONFLICT DO NOTHING RETURNING vid", &qv, "import")) ||
	    (rc = clr_store__prepare(st, "SELECT vid FROM entry_versions WHERE entry_id=? AND"
	                                 " hash=?", &qvid, "import")) ||
	    (rc = clr_store__prepare(st, "INSERT INTO snapshot_entries VALUES(?,?) ON CONFLICT DO"
	                                 " NOTHING", &qse, "import")))
		goto out;
	char now[32];
	clr_store__now(now);
	clr_sql_bind_text(qsnap, 1, now);
	clr_sql_bind_text(qsnap, 2, as_of ? as_of : today);
	clr_sql_bind_text(qsnap, 3, st->who);
	clr_sql_bind_int64(qsnap, 4, (int64_t)src.n);
	if (clr_sql_step(qsnap) != CLR_SQL_ROW) {
		rc = clr_store__sqlfail(st, "snapshot");
		goto out;
	}
	int64_t snap = clr_sql_column_int64(qsnap, 0);
	clr_sql_reset(qsnap);
	for (size_t i = 0; i < src.n; i++) {
		source *o = &src.v[i];
		clr_sql_bind_text(qb, 1, o->hash);
		clr_sql_bind_int64(qb, 2, (int64_t)o->size);
		clr_sql_bind_blob(qb, 3, o->data, o->size);
		clr_sql_bind_int64(qs, 1, snap);
		clr_sql_bind_int64(qs, 2, o->grp);
		clr_sql_bind_int64(qs, 3, o->is_dir);
		/* an update records where a file came from, not its download folder */
		const char *label = how->labels ? how->labels[o->grp] : o->path;
		char *lpath = NULL;
		if (how->labels && o->is_dir && asprintf(&lpath, "%s/%s", label, o->name) >= 0)
			label = lpath;
		clr_sql_bind_text(qs, 4, label);
		clr_sql_bind_text(qs, 5, o->name);
		clr_sql_bind_text(qs, 6, o->hash);
		if (!(rc = clr_store__run(st, qb, "blob")))
			rc = clr_store__run(st, qs, "source");
		free(lpath);
		if (rc)
			goto out;
		clr_store__fault_point();
	}
	for (size_t i = 0; i < clr_db_entry_count(db); i++) {
		const clr_entry *e = clr_db_entry(db, i);
		char h[65], *js = NULL, *cit = citations_json(e);
		if (!cit || entry_hash(e, h, &js)) {
			free(cit);
			rc = CLR_ENOMEM;
			goto out;
		}
		clr_sql_bind_text(qv, 1, e->id);
		clr_sql_bind_text(qv, 2, h);
		clr_sql_bind_text(qv, 3, e->source);
		clr_sql_bind_text(qv, 4, e->names[0].name);
		clr_sql_bind_text(qv, 5, e->start_date);
		clr_sql_bind_text(qv, 6, cit);
		clr_sql_bind_text(qv, 7, js);
		int64_t vid = 0;
		rc = clr_sql_step(qv);
		if (rc == CLR_SQL_ROW)
			vid = clr_sql_column_int64(qv, 0);
		rc = rc < 0 ? clr_store__sqlfail(st, "entry") : 0;
		clr_sql_reset(qv);
		nnew += vid != 0;
		free(js);
		free(cit);
		if (rc)
			goto out;
		if (!vid) {
			clr_sql_bind_text(qvid, 1, e->id);
			clr_sql_bind_text(qvid, 2, h);
			if (clr_sql_step(qvid) != CLR_SQL_ROW) {
				rc = clr_store__sqlfail(st, "entry version");
				goto out;
			}
			vid = clr_sql_column_int64(qvid, 0);
			clr_sql_reset(qvid);
		}
		clr_sql_bind_int64(qse, 1, snap);
		clr_sql_bind_int64(qse, 2, vid);
		if ((rc = clr_store__run(st, qse, "snapshot entry")))
			goto out;
		clr_store__fault_point();
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "UPDATE snapshots SET nentries=(SELECT count(*) FROM "
	         "snapshot_entries WHERE snapshot_id=%lld) WHERE id=%lld", (long long)snap,
	         (long long)snap);
	if ((rc = clr_store__exec(st, sql)))
		goto out;
	snprintf(result, sizeof(result), "snapshot %lld: %zu files, %zu entries, %zu new versions%s%s",
	         (long long)snap, src.n, clr_db_entry_count(db), nnew, how->note ? "; " : "",
	         how->note ? how->note : "");
	if ((rc = clr_store__audit(st, how->action, input, snap, result)))
		goto out;
	clr_store__fault_point();
	if ((rc = clr_store__commit(st)))
		goto out;
	*out_snapshot = snap;
	*out_new = nnew;
out:
	if (rc)
		clr_store__rollback(st);
	clr_sql_finalize(qb);
	clr_sql_finalize(qs);
	clr_sql_finalize(qv);
	clr_sql_finalize(qvid);
	clr_sql_finalize(qse);
	clr_sql_finalize(qsnap);
	clr_db_free(db);
	sources_free(&src);
	return rc;
}

int clr_store_load(clr_store *st, int64_t snapshot, clr_db *db, unsigned flags)
{
	source_vec src = {0};
	clr_sql_stmt *q;
	int rc;
	if (!snapshot && !(snapshot = clr_store__latest(st)))
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	if ((rc = clr_store__prepare(st, "SELECT s.grp, s.is_dir, s.path, s.name, b.data, b.size,"
	                                 " b.hash FROM snapshot_sources s JOIN blobs b ON"
	                                 " b.hash = s.blob_hash WHERE s.snapshot_id=? ORDER BY"
	                                 " s.grp, s.name", &q, "load")))
		return rc;
	clr_sql_bind_int64(q, 1, snapshot);
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		source o = {.grp = (int)clr_sql_column_int64(q, 0),
		            .is_dir = (int)clr_sql_column_int64(q, 1)};
		size_t n;
		const void *data = clr_sql_column_blob(q, 4, &n);
		o.path = clr__strdup(clr_sql_column_text(q, 2));
		o.name = clr__strdup(clr_sql_column_text(q, 3));
		o.data = malloc(n ? n : 1);
		o.size = n;
		if (o.data && n)
			memcpy(o.data, data, n);
		snprintf(o.hash, sizeof(o.hash), "%s", clr_sql_column_text(q, 6));
		if (!o.path || !o.name || !o.data || clr__vec_push(src, o)) {
			free(o.path), free(o.name), free(o.data);
			rc = CLR_ENOMEM;
			break;
		}
	}
	if (rc != CLR_SQL_DONE && rc != CLR_ENOMEM)
		rc = clr_store__sqlfail(st, "load");
	clr_sql_finalize(q);
	if (rc != CLR_SQL_DONE) {
		sources_free(&src);
		return rc;
	}
	if (!src.n)
		rc = clr_store__fail(st, CLR_EINPUT, "store: snapshot %lld does not exist",
		                     (long long)snapshot);
	else
		rc = load_sources(st, &src, db, flags);
	sources_free(&src);
	return rc;
}

int clr_store_snapshot_at(clr_store *st, const char *date, int64_t *out, int *out_fallback)
{
	clr_sql_stmt *q;
	*out = 0;
	*out_fallback = 0;
	if (!clr__iso_date(date))
		return clr_store__fail(st, CLR_EUSAGE, "--as-of: expected YYYY-MM-DD, got '%s'", date);
	for (int pass = 0; pass < 2 && !*out; pass++) {
		const char *sql = pass ? "SELECT id FROM snapshots ORDER BY as_of, id LIMIT 1"
		                       : "SELECT id FROM snapshots WHERE as_of <= ?"
		                         " ORDER BY as_of DESC, id DESC LIMIT 1";
		int rc = clr_store__prepare(st, sql, &q, "snapshot");
		if (rc)
			return rc;
		if (!pass)
			clr_sql_bind_text(q, 1, date);
		if (clr_sql_step(q) == CLR_SQL_ROW)
			*out = clr_sql_column_int64(q, 0);
		clr_sql_finalize(q);
		*out_fallback = pass;
	}
	if (!*out)
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	return 0;
}

typedef struct src_count {
	char source[32];
	size_t add, del, chg;
} src_count;

int clr_store_diff(clr_store *st, int64_t from, int64_t to, FILE *out, FILE *summary)
{
	clr_sql_stmt *q;
	int rc;
	if (!to && !(to = clr_store__latest(st)))
		return clr_store__fail(st, CLR_EINPUT, "store: no snapshot (use clearance import)");
	if (!from) {
		/* the snapshot before `to`; none: diff against nothing (all added) */
		if ((rc = clr_store__prepare(st, "SELECT max(id) FROM snapshots WHERE id < ?", &q,
		                             "diff")))
			return rc;
		clr_sql_bind_int64(q, 1, to);
		from = clr_sql_step(q) == CLR_SQL_ROW && !clr_sql_column_null(q, 0)
		               ? clr_sql_column_int64(q, 0)
		               : -1;
		clr_sql_finalize(q);
	}
	/* the old hashes of a changed entry joined by commas: SQLite's
	 * group_concat, PostgreSQL's string_agg */
#define DIFF_SQL(OLD_HASHES)                                                                \
	"WITH f AS (SELECT v.* FROM snapshot_entries se JOIN entry_versions v ON v.vid=se.vid"     \
	"           WHERE se.snapshot_id=?1),"                                                      \
	"     t AS (SELECT v.* FROM snapshot_entries se JOIN entry_versions v ON v.vid=se.vid"     \
	"           WHERE se.snapshot_id=?2)"                                                       \
	" SELECT 'added', entry_id, source, name, start_date, citations, NULL, hash FROM t"         \
	"  WHERE entry_id NOT IN (SELECT entry_id FROM f)"                                          \
	" UNION ALL SELECT 'removed', entry_id, source, name, start_date, citations, hash, NULL"    \
	"  FROM f WHERE entry_id NOT IN (SELECT entry_id FROM t)"                                   \
	" UNION ALL SELECT 'changed', entry_id, source, name, start_date, citations,"               \
	"  (SELECT " OLD_HASHES " FROM f WHERE f.entry_id = t.entry_id), hash FROM t"               \
	"  WHERE entry_id IN (SELECT entry_id FROM f) AND vid NOT IN (SELECT vid FROM f)"           \
	" ORDER BY 1, 2"
	if ((rc = clr_store__prepare(st, st->db ? DIFF_SQL("group_concat(hash)")
	                                        : DIFF_SQL("string_agg(hash, ',')"),
	                             &q, "diff")))
		return rc;
#undef DIFF_SQL
	clr_sql_bind_int64(q, 1, from);
	clr_sql_bind_int64(q, 2, to);
	CLR_VEC(src_count) counts = {0};
	while ((rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *kind = clr_sql_column_text(q, 0);
		const char *lsrc = clr_sql_column_text(q, 2);
		const char *cit = clr_sql_column_text(q, 5);
		size_t k;
		lsrc = lsrc ? lsrc : "?";
		for (k = 0; k < counts.n && strcmp(counts.v[k].source, lsrc); k++)
			;
		if (k == counts.n) {
			src_count c = {.add = 0};
			snprintf(c.source, sizeof(c.source), "%s", lsrc);
			if (clr__vec_push(counts, c)) {
				rc = CLR_ENOMEM;
				break;
			}
		}
		src_count *c = &counts.v[k];
		*(kind[0] == 'a' ? &c->add : kind[0] == 'r' ? &c->del : &c->chg) += 1;
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "change", kind,
		                      "entry_id", clr_sql_column_text(q, 1), "source", lsrc, "name",
		                      clr_sql_column_text(q, 3), "start_date", clr_sql_column_text(q, 4),
		                      "old_hash", clr_sql_column_text(q, 6), "new_hash",
		                      clr_sql_column_text(q, 7));
		json_t *fr = cit ? json_loads(cit, 0, NULL) : NULL;
		if (o)
			json_object_set_new(o, "federal_register", fr ? fr : json_array());
		char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (!line) {
			rc = CLR_ENOMEM;
			break;
		}
		fprintf(out, "%s\n", line);
		free(line);
	}
	clr_sql_finalize(q);
	if (rc == CLR_SQL_DONE) {
		rc = 0;
		if (summary) {
			fprintf(summary, "diff: snapshot %lld -> %lld\n", (long long)from, (long long)to);
			for (size_t k = 0; k < counts.n; k++)
				fprintf(summary, "%s: +%zu -%zu ~%zu\n", counts.v[k].source, counts.v[k].add,
				        counts.v[k].del, counts.v[k].chg);
		}
	} else if (rc != CLR_ENOMEM) {
		rc = clr_store__sqlfail(st, "diff");
	}
	clr__vec_free(counts);
	return rc;
}

/* SQLite's own integrity check; PostgreSQL keeps its pages checked itself. */
static int quick_check(clr_store *st)
{
	sqlite3_stmt *q;
	int rc;
	if (!st->db)
		return 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &q, NULL))
		return clr_store__sqlfail(st, "check");
	rc = sqlite3_step(q);
	const char *ok = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
	rc = !ok || strcmp(ok, "ok") ? clr_store__fail(st, CLR_EINPUT, "store: integrity check: %s",
	                                               ok ? ok : "failed")
	                             : 0;
	sqlite3_finalize(q);
	return rc;
}

/* Each blob against its hash, one at a time (a PostgreSQL result is held
 * whole in memory). */
static int check_blobs(clr_store *st)
{
	clr_sql_stmt *q = NULL, *qd = NULL;
	int rc;
	if ((rc = clr_store__prepare(st, "SELECT hash FROM blobs ORDER BY hash", &q, "check")) ||
	    (rc = clr_store__prepare(st, "SELECT data FROM blobs WHERE hash=?", &qd, "check")))
		goto out;
	while (!rc && (rc = clr_sql_step(q)) == CLR_SQL_ROW) {
		const char *hash = clr_sql_column_text(q, 0);
		char h[65] = "";
		size_t n;
		clr_sql_bind_text(qd, 1, hash);
		if ((rc = clr_sql_step(qd)) == CLR_SQL_ROW) {
			const void *data = clr_sql_column_blob(qd, 0, &n);
			clr__sha256_str(data ? data : "", n, h);
		}
		clr_sql_reset(qd);
		if (rc < 0)
			break;
		rc = strcmp(h, hash) ? clr_store__fail(st, CLR_EINPUT, "store: blob %s does not "
		                                       "match its content", hash)
		                     : 0;
	}
	if (rc != CLR_SQL_DONE && rc != CLR_EINPUT)
		rc = clr_store__sqlfail(st, "check");
out:
	clr_sql_finalize(q);
	clr_sql_finalize(qd);
	return rc;
}

int clr_store_check(clr_store *st)
{
	clr_sql_stmt *q;
	int rc;
	static const char sql[] =
		"SELECT id, nsources, (SELECT count(*) FROM snapshot_sources s JOIN blobs b"
		"  ON b.hash=s.blob_hash WHERE s.snapshot_id=snapshots.id),"
		" nentries, (SELECT count(*) FROM snapshot_entries WHERE snapshot_id=snapshots.id)"
		" FROM snapshots ORDER BY id";
	if ((rc = quick_check(st)) || (rc = clr_store__prepare(st, sql, &q, "check")))
		return rc;
#define N(i) ((long long)clr_sql_column_int64(q, i))
	while (!rc && clr_sql_step(q) == CLR_SQL_ROW) {
		if (N(1) != N(2) || N(3) != N(4) || !N(4))
			rc = clr_store__fail(st, CLR_EINPUT,
			                     "store: snapshot %lld is incomplete (%lld/%lld sources, "
			                     "%lld/%lld entries)", N(0), N(2), N(1), N(4), N(3));
	}
#undef N
	clr_sql_finalize(q);
	size_t n;
	if (!rc)
		rc = check_blobs(st);
	return rc ? rc : clr_store_audit_verify(st, &n);
}
