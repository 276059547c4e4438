/*
 * aliases.c - the user's alias files (clr_db_load_aliases): CSV rows that
 * give a loaded entry a name no list has, of kind CLR_NAME_USER_ALIAS.
 * Owns the new name arrays of those entries, built in the file's arena and
 * adopted by the db; must never write into an entry already loaded, nor
 * apply any of a file that failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "db.h"

#define NO_COL ((size_t)-1)

/* A good row, kept until the whole file has been read. */
typedef struct staged {
	size_t entry;     /* position in db->entries */
	const char *name; /* trimmed, in the loader's arena */
	size_t line;
	int drop;         /* a name its entry has already, or over its entry's limit */
} staged;

typedef struct alias_parse {
	clr_loader *ld;
	const clr_db *db;
	clr_csv_opts opts;
	int have_header;
	size_t col_id, col_name;
	size_t blanks;          /* blank lines, not rows */
	char *header[CLR_MAX_FIELDS];
	CLR_VEC(staged) rows;
} alias_parse;

/* An entry given aliases: its copy, put at its position once all is built. */
typedef struct replacement {
	size_t at;
	const clr_entry *e;
} replacement;

/* The names of one entry, to find a repeat in one probe. */
typedef struct name_set {
	const char **v;
	size_t cap, alloc;
} name_set;

static int on_header(alias_parse *ap, const clr_csv_rec *rec)
{
	for (size_t i = 0; i < rec->nf; i++) {
		const char *s = rec->v[i];
		size_t n = rec->n[i];
		clr__trim(&s, &n);
		if (!(ap->header[i] = clr__strndup(s, n)))
			return clr__loader_fatal(ap->ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
		if (ap->col_id == NO_COL && clr__eq_ci(s, n, "entry_id"))
			ap->col_id = i;
		else if (ap->col_name == NO_COL && clr__eq_ci(s, n, "name"))
			ap->col_name = i;
	}
	ap->opts.names = (const char *const *)ap->header;
	ap->opts.nnames = rec->nf;
	ap->have_header = 1;
	if (ap->col_id == NO_COL || ap->col_name == NO_COL) {
		const char *col = ap->col_id == NO_COL ? "entry_id" : "name";
		return clr__loader_fatal(ap->ld, rec->line, col, CLR_EINPUT,
		                         "required column '%s' missing from the header", col);
	}
	return 0;
}

/* Bytes of z shown in a message: a hundred at most, whole characters. */
static int cut(const char *z)
{
	return (int)clr__utf8_cut(z, strlen(z), 100);
}

static void field(const clr_csv_rec *rec, size_t col, const char **s, size_t *n)
{
	*s = rec->v[col];
	*n = rec->n[col];
	clr__trim(s, n);
}

static int blank(const clr_csv_rec *rec)
{
	const char *s;
	size_t n;
	if (rec->nf != 1)
		return 0;
	field(rec, 0, &s, &n);
	return n == 0;
}

static int on_row(void *payload, const clr_csv_rec *rec)
{
	alias_parse *ap = payload;
	clr_loader *ld = ap->ld;
	const char *fid = NULL, *fname = NULL, *id, *name;
	size_t nid, nname, want;
	int rc;

	if (blank(rec)) {
		ap->blanks++;
		return 0;
	}
	if (!ap->have_header)
		return on_header(ap, rec);
	want = ap->opts.nnames;
	if (rec->nf != want)
		return clr__csv_fail(ld, &ap->opts, rec->line, rec->nf < want ? rec->nf : want,
		                     CLR_EINPUT, "record has %zu fields, expected %zu", rec->nf, want);
	field(rec, ap->col_id, &id, &nid);
	field(rec, ap->col_name, &name, &nname);
	if (clr__eq_ci(id, nid, "entry_id") && clr__eq_ci(name, nname, "name")) {
		ld->report.header_repeats++;
		return 0;
	}
	if (ap->rows.n >= CLR_MAX_ALIAS_ROWS)
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ELIMIT,
		                         "more than %u aliases in one file", CLR_MAX_ALIAS_ROWS);
	if ((rc = clr__draft_begin(ld, rec->line)) < 0 ||
	    (rc = clr__draft_str(ld, &fid, id, nid, ap->header[ap->col_id])) < 0 ||
	    (rc = clr__draft_str(ld, &fname, name, nname, ap->header[ap->col_name])) < 0 ||
	    ld->failed_row)
		return rc;
	if (!fid)
		return clr__loader_fail(ld, rec->line, ap->header[ap->col_id], CLR_EINPUT,
		                        "entry id is empty");
	if (!fname)
		return clr__loader_fail(ld, rec->line, ap->header[ap->col_name], CLR_EINPUT,
		                        "name is empty");
	if ((nname = strlen(fname)) > CLR_MAX_ALIAS_BYTES)
		return clr__loader_fail(ld, rec->line, ap->header[ap->col_name], CLR_ELIMIT,
		                        "name of %zu bytes exceeds the limit of %u", nname,
		                        CLR_MAX_ALIAS_BYTES);
	staged st = {.entry = clr__db_find_index(ap->db, fid), .name = fname, .line = rec->line};
	if (st.entry == NO_COL)
		return clr__loader_fail(ld, rec->line, ap->header[ap->col_id], CLR_EINPUT,
		                        "no loaded entry has the id '%.*s'", cut(fid), fid);
	if (clr__vec_push(ap->rows, st))
		return clr__loader_fatal(ld, rec->line, NULL, CLR_ENOMEM, "out of memory");
	clr__draft_discard(ld);
	return 0;
}

static int cmp_staged(const void *a, const void *b)
{
	const staged *x = a, *y = b;
	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Empties the set, with room for n names. */
static int set_reset(name_set *s, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	if (cap > s->alloc) {
		const char **v = clr__realloc_array(s->v, cap, sizeof(*v));
		if (!v)
			return CLR_ENOMEM;
		s->v = v;
		s->alloc = cap;
	}
	memset(s->v, 0, cap * sizeof(*s->v));
	s->cap = cap;
	return 0;
}

/* Adds z; 0 when the set holds it already. */
static int set_add(name_set *s, const char *z)
{
	size_t h = clr__hash(z, strlen(z)) & (s->cap - 1);
	while (s->v[h]) {
		if (!strcmp(s->v[h], z))
			return 0;
		h = (h + 1) & (s->cap - 1);
	}
	s->v[h] = z;
	return 1;
}

/* Marks each row that repeats a name of its entry (a warning: added once)
 * or goes over the entry's limits (a bad row), one entry at a time. */
static int screen_rows(alias_parse *ap)
{
	clr_loader *ld = ap->ld;
	name_set set = {0};
	int rc = 0;
	if (ap->rows.n)
		qsort(ap->rows.v, ap->rows.n, sizeof(staged), cmp_staged);
	for (size_t a = 0, b; a < ap->rows.n && rc == 0; a = b) {
		const clr_entry *e = ap->db->entries.v[ap->rows.v[a].entry];
		size_t nuser = 0, nnames = e->nnames;
		for (b = a; b < ap->rows.n && ap->rows.v[b].entry == ap->rows.v[a].entry; b++)
			;
		if ((rc = set_reset(&set, e->nnames + (b - a))) < 0) {
			rc = clr__loader_fatal(ld, ap->rows.v[a].line, NULL, rc, "out of memory");
			break;
		}
		for (size_t k = 0; k < e->nnames; k++) {
			(void)set_add(&set, e->names[k].name);
			nuser += e->names[k].kind == CLR_NAME_USER_ALIAS;
		}
		for (size_t k = a; k < b && rc == 0; k++) {
			staged *st = &ap->rows.v[k];
			st->drop = 1;
			if (!set_add(&set, st->name)) {
				clr__loader_warn(ld, st->line, "'%.*s' is already a name of entry '%s': "
				                 "added once", cut(st->name), st->name, e->id);
			} else if (nuser >= CLR_MAX_ALIASES_PER_ENTRY) {
				rc = clr__loader_fail(ld, st->line, ap->header[ap->col_name], CLR_ELIMIT,
				                      "more than %u user aliases for entry '%s'",
				                      CLR_MAX_ALIASES_PER_ENTRY, e->id);
			} else if (nnames >= CLR_MAX_NAMES_PER_ENTRY) {
				rc = clr__loader_fail(ld, st->line, ap->header[ap->col_name], CLR_ELIMIT,
				                      "more than %u names in entry '%s'",
				                      CLR_MAX_NAMES_PER_ENTRY, e->id);
			} else {
				st->drop = 0;
				nuser++;
				nnames++;
			}
		}
	}
	free(set.v);
	return rc;
}

/* Entry e with the kept rows [a, b) as its last names, in the arena. */
static clr_entry *with_aliases(clr_loader *ld, const clr_entry *e, const staged *a,
                               const staged *b)
{
	size_t n = e->nnames;
	for (const staged *st = a; st < b; st++)
		n += !st->drop;
	clr_entry *ne = clr__arena_alloc(ld->arena, sizeof(*ne));
	clr_name *names = clr__arena_alloc(ld->arena, n * sizeof(*names));
	clr_name_origin *orig = clr__arena_alloc(ld->arena, n * sizeof(*orig));
	if (!ne || !names || !orig)
		return NULL;
	*ne = *e;
	memcpy(names, e->names, e->nnames * sizeof(*names));
	if (e->name_origins)
		memcpy(orig, e->name_origins, e->nnames * sizeof(*orig));
	else
		memset(orig, 0, e->nnames * sizeof(*orig));
	size_t k = e->nnames;
	for (const staged *st = a; st < b; st++) {
		if (st->drop)
			continue;
		names[k] = (clr_name){st->name, CLR_NAME_USER_ALIAS};
		orig[k] = (clr_name_origin){ld->report.path, st->line};
		k++;
	}
	ne->nnames = n;
	ne->names = names;
	ne->name_origins = orig;
	return ne;
}

/* Builds the changed entries, hands the file's arena and report to the db,
 * then puts the entries in place: nothing can fail after the hand-over. */
static int apply(clr_db *db, alias_parse *ap)
{
	clr_loader *ld = ap->ld;
	CLR_VEC(replacement) repl = {0};
	int rc = 0;
	for (size_t a = 0, b; a < ap->rows.n; a = b) {
		size_t kept = 0;
		for (b = a; b < ap->rows.n && ap->rows.v[b].entry == ap->rows.v[a].entry; b++)
			kept += !ap->rows.v[b].drop;
		if (!kept)
			continue;
		replacement r = {ap->rows.v[a].entry, NULL};
		r.e = with_aliases(ld, db->entries.v[r.at], ap->rows.v + a, ap->rows.v + b);
		if (!r.e || clr__vec_push(repl, r)) {
			rc = clr__loader_fatal(ld, ap->rows.v[a].line, NULL, CLR_ENOMEM, "out of memory");
			break;
		}
		ld->report.names += kept;
	}
	if (rc == 0)
		rc = clr__db_adopt(db, ld, CLR_FMT_ALIASES);
	for (size_t i = 0; rc == 0 && i < repl.n; i++)
		db->entries.v[repl.v[i].at] = repl.v[i].e;
	clr__vec_free(repl);
	return rc;
}

static int parse(clr_db *db, alias_parse *ap, const char *buf, size_t len)
{
	clr_loader *ld = ap->ld;
	int rc = clr__csv_each(ld, buf, len, &ap->opts);
	/* every record but the header, its repeats and blank lines is a row */
	size_t other = (size_t)ap->have_header + ld->report.header_repeats + ap->blanks;
	if (ap->opts.records > other)
		ld->report.rows = ap->opts.records - other;
	if (rc == 0 && !ap->have_header)
		rc = clr__loader_fatal(ld, 1, "entry_id", CLR_EINPUT, "no header row");
	clr__draft_discard(ld);
	if (rc == 0)
		rc = screen_rows(ap);
	if (rc == 0)
		rc = apply(db, ap);
	return rc;
}

int clr__db_aliases(clr_db *db, const char *path, const char *buf, size_t len, unsigned flags)
{
	clr_loader ld;
	alias_parse ap = {.ld = &ld, .db = db, .col_id = NO_COL, .col_name = NO_COL};
	int rc;
	ap.opts = (clr_csv_opts){.delim = ',', .row = on_row, .payload = &ap};
	/* the id map is built with the index: it is stale, or absent, without one */
	if (!db->index && (rc = clr__db_build_idmap(db)) < 0)
		return clr__db_error(db, rc, "%s: out of memory", path);
	if ((rc = clr__loader_init(&ld, path, flags)) < 0) {
		clr__loader_dispose(&ld);
		return clr__db_error(db, rc, "%s: out of memory", path);
	}
	rc = parse(db, &ap, buf, len);
	if (rc < 0 && ld.err.p)
		clr__db_error(db, rc, "%s", ld.err.p);
	else if (rc < 0 && !db->err.len)
		clr__db_error(db, rc, "%s: %s", path, clr_strerror(rc));
	for (size_t i = 0; i < CLR_MAX_FIELDS; i++)
		free(ap.header[i]);
	clr__vec_free(ap.rows);
	clr__loader_dispose(&ld);
	return rc;
}

int clr_db_load_aliases(clr_db *db, const char *path, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	if (!db || !path)
		return CLR_EUSAGE;
	clr__buf_clear(&db->err);
	if (db->clx)
		return clr__db_error(db, CLR_EUSAGE, "%s: aliases cannot be added to a compiled "
		                     "index; load them with the lists before the index is written",
		                     path);
	int rc = clr__read_file(path, &buf, &len, &db->err);
	if (rc == 0)
		rc = clr__db_aliases(db, path, buf, len, flags);
	if (rc == 0)
		clr__db_sum(db, buf, len);
	free(buf);
	return rc;
}
