/*
 * db.c - loading list files into the database: format detection, directory
 * walks, OFAC sibling files, all-or-nothing adoption of each file's entries.
 * Owns the entries' memory; never keeps part of a file that failed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "db.h"
#include "xlsx.h"
#include "../match/index.h"
#include "../clx/clx.h"

const char *clr_version(void)
{
	return CLR_VERSION;
}

const char *clr_strerror(int err)
{
	switch (err) {
	case CLR_OK: return "ok";
	case CLR_EUSAGE: return "usage error";
	case CLR_EINPUT: return "input error";
	case CLR_ELIMIT: return "limit exceeded";
	case CLR_EIO: return "I/O error";
	case CLR_ENOMEM: return "out of memory";
	default: return "internal error";
	}
}

const char *clr__format_name(clr_format f)
{
	switch (f) {
	case CLR_FMT_CSL_CSV: return "csl-csv";
	case CLR_FMT_CSL_JSON: return "csl-json";
	case CLR_FMT_OFAC: return "ofac-csv";
	case CLR_FMT_OFAC_SIBLING: return "ofac-sibling";
	case CLR_FMT_DPL: return "dpl";
	case CLR_FMT_UN_XML: return "un-xml";
	case CLR_FMT_EU_XML: return "eu-xml";
	case CLR_FMT_EU_CSV: return "eu-csv";
	case CLR_FMT_CA_XML: return "ca-xml";
	case CLR_FMT_UK_XLSX: return "uk-xlsx";
	case CLR_FMT_UK_CSV: return "uk-csv";
	case CLR_FMT_UK_XML: return "uk-xml";
	case CLR_FMT_AU_XLSX: return "au-xlsx";
	case CLR_FMT_JP_XLSX: return "jp-xlsx";
	case CLR_FMT_XLSX: return "xlsx";
	case CLR_FMT_ALIASES: return "aliases";
	default: return "unknown";
	}
}

int clr_db_new(clr_db **out)
{
	*out = calloc(1, sizeof(clr_db));
	return *out ? 0 : CLR_ENOMEM;
}

void clr_db_free(clr_db *db)
{
	if (!db)
		return;
	clr__index_free(db->index);
	clr__clx_close(db->clx);
	for (size_t i = 0; i < db->arenas.n; i++)
		clr__arena_free(db->arenas.v[i]);
	clr__vec_free(db->arenas);
	clr__vec_free(db->entries);
	clr__vec_free(db->reports);
	clr__buf_free(&db->err);
	free(db->idmap);
	free(db->evpol);
	free(db);
}

const char *clr_db_errmsg(const clr_db *db)
{
	return db->err.p ? db->err.p : "";
}

void clr__db_sum(clr_db *db, const void *p, size_t n)
{
	uint64_t v[2] = {db->sum, XXH3_64bits(p, n)};
	db->sum = XXH3_64bits(v, sizeof(v));
}

void clr_db_checksum(const clr_db *db, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)db->sum);
}

int clr__db_error(clr_db *db, int code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clr__buf_clear(&db->err);
	(void)clr__buf_puts(&db->err, msg);
	return code;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static int name_is(const char *path, const char *name)
{
	return clr__eq_ci(base_name(path), strlen(base_name(path)), name);
}

/* The header of a workbook's first sheet (its first three rows) says which
 * list it is. */
typedef struct sniff {
	clr_format fmt;
	int seen;
} sniff;

static int has_cell(const clr_xlsx_row *r, const char *z, int english_line)
{
	for (size_t i = 0; i < r->nf; i++) {
		const char *s = r->v[i];
		size_t n = r->n[i];
		const char *nl = english_line ? memrchr(s, '\n', n) : NULL;
		if (nl) {
			n -= (size_t)(nl + 1 - s);
			s = nl + 1;
		}
		clr__trim(&s, &n);
		if (clr__eq_ci(s, n, z))
			return 1;
	}
	return 0;
}

static int sniff_row(void *payload, const clr_xlsx_row *r)
{
	sniff *sn = payload;
	if (has_cell(r, "Group ID", 0) && has_cell(r, "Name 6", 0))
		sn->fmt = CLR_FMT_UK_XLSX;
	else if (has_cell(r, "Reference", 0) && has_cell(r, "Name of Individual or Entity", 0))
		sn->fmt = CLR_FMT_AU_XLSX;
	else if (has_cell(r, "Company or Organization", 1) && has_cell(r, "Also Known As", 1))
		sn->fmt = CLR_FMT_JP_XLSX;
	return sn->fmt != CLR_FMT_UNKNOWN || ++sn->seen == 3 ? CLR_XLSX_STOP : 0;
}

/* A workbook: its list, CLR_FMT_UNKNOWN when it is readable and no list,
 * CLR_FMT_XLSX when it cannot be read (the error is told when it loads). */
static clr_format detect_xlsx(const char *buf, size_t len)
{
	clr_loader ld;
	sniff sn = {CLR_FMT_UNKNOWN, 0};
	if (clr__loader_init(&ld, "", 0) < 0) {
		clr__loader_dispose(&ld);
		return CLR_FMT_XLSX;
	}
	int rc = clr__xlsx_read(&ld, buf, len, NULL, sniff_row, &sn);
	clr__loader_dispose(&ld);
	return rc < 0 ? CLR_FMT_XLSX : sn.fmt;
}

typedef struct sniff_at {
	sniff sn;
	clr_loader *ld;
	char place[136];
} sniff_at;

static int sniff_place(void *payload, const clr_xlsx_row *r)
{
	sniff_at *sa = payload;
	snprintf(sa->place, sizeof(sa->place), "%s", sa->ld->place ? sa->ld->place : "");
	return sniff_row(&sa->sn, r);
}

int clr__parse_xlsx_unknown(clr_loader *ld, const char *buf, size_t len)
{
	sniff_at sa = {{CLR_FMT_UNKNOWN, 0}, ld, ""};
	int rc = clr__xlsx_read(ld, buf, len, NULL, sniff_place, &sa);
	if (rc == 0) {
		ld->place = sa.place[0] ? sa.place : NULL;
		rc = clr__loader_fatal(ld, 1, NULL, CLR_EINPUT,
		                       "unrecognised list format: the first sheet has no header of "
		                       "the UK, Australian or Japanese list in its first rows");
		ld->place = NULL;
	}
	return rc;
}

clr_format clr__detect_format(const char *path, const char *buf, size_t len)
{
	size_t i = 0;
	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (path) {
		static const char *const sib[] = {"alt.csv", "add.csv", "sdn_comments.csv",
		                                  "cons_alt.csv", "cons_add.csv", "cons_comments.csv"};
		for (size_t k = 0; k < sizeof(sib) / sizeof(*sib); k++)
			if (name_is(path, sib[k]))
				return CLR_FMT_OFAC_SIBLING;
		if (name_is(path, "sdn.csv") || name_is(path, "cons_prim.csv"))
			return CLR_FMT_OFAC;
	}
	if (i >= len)
		return CLR_FMT_UNKNOWN;
	if (len >= 4 && !memcmp(buf, "PK\x03\x04", 4))
		return detect_xlsx(buf, len);
	if (buf[i] == '<') { /* the root element and its first children */
		const char *h = buf + i;
		size_t hn = len - i < 4096 ? len - i : 4096;
		if (memmem(h, hn, "CONSOLIDATED_LIST", 17))
			return CLR_FMT_UN_XML;
		if (memmem(h, hn, "<export", 7) && memmem(h, hn, "http://eu.europa.ec/fpi/fsd/export", 34))
			return CLR_FMT_EU_XML;
		if (memmem(h, hn, "<data-set", 9) && memmem(h, hn, "<record>", 8) &&
		    memmem(h, hn, "<Country>", 9) &&
		    (memmem(h, hn, "<Entity>", 8) || memmem(h, hn, "<LastName>", 10)))
			return CLR_FMT_CA_XML;
		if (memmem(h, hn, "<Designations", 13) && memmem(h, hn, "<Designation>", 13) &&
		    memmem(h, hn, "<UniqueID>", 10))
			return CLR_FMT_UK_XML;
		return CLR_FMT_UNKNOWN;
	}
	if (buf[i] == '{' || buf[i] == '[')
		return CLR_FMT_CSL_JSON;
	const char *nl = memchr(buf + i, '\n', len - i);
	size_t ln = nl ? (size_t)(nl - (buf + i)) : len - i;
	const char *line = buf + i;
	if (memchr(line, '\t', ln) && memmem(line, ln, "Name", 4) && memmem(line, ln, "Effective_Date", 14))
		return CLR_FMT_DPL;
	/* the EU Financial Sanctions File's CSV: a header of ';'-separated names
	 * (a required one missing is the parser's error, naming it) */
	if (memchr(line, ';', ln) && memmem(line, ln, "Entity_", 7) && memmem(line, ln, "NameAlias_", 10))
		return CLR_FMT_EU_CSV;
	if (memmem(line, ln, "_id", 3) && memmem(line, ln, "source", 6) && memmem(line, ln, "name", 4))
		return CLR_FMT_CSL_CSV;
	/* OFSI's CSV: "Last Updated,14/04/2025", then a header naming "Group ID" */
	if (ln >= 12 && !memcmp(line, "Last Updated", 12)) {
		const char *next = nl ? nl + 1 : buf + len;
		size_t rest = (size_t)(buf + len - next);
		const char *nl2 = memchr(next, '\n', rest);
		if (memmem(next, nl2 ? (size_t)(nl2 - next) : rest, "Group ID", 8))
			return CLR_FMT_UK_CSV;
	}
	/* headerless OFAC primary: ent_num,"NAME",type,... */
	size_t k = 0;
	while (k < ln && line[k] >= '0' && line[k] <= '9')
		k++;
	if (k > 0 && k + 1 < ln && line[k] == ',' && line[k + 1] == '"')
		return CLR_FMT_OFAC;
	return CLR_FMT_UNKNOWN;
}

typedef struct sibling {
	char *buf;
	size_t len;
	char path[4096];
} sibling;

static int read_sibling(clr_db *db, const char *path, const char *name, sibling *s)
{
	const char *b = base_name(path);
	int dirlen = (int)(b - path);
	snprintf(s->path, sizeof(s->path), "%.*s%s", dirlen, path, name);
	struct stat st;
	if (stat(s->path, &st) != 0)
		return 0; /* absent siblings are fine */
	return clr__read_file(s->path, &s->buf, &s->len, &db->err);
}

int clr__db_adopt(clr_db *db, clr_loader *ld, clr_format fmt)
{
	size_t total;
	if (!clr__add_ok(db->entries.n, ld->entries.n, &total) || total > CLR_MAX_ENTRIES)
		return clr__db_error(db, CLR_ELIMIT, "%s: more than %u entries loaded", ld->path,
		                CLR_MAX_ENTRIES);
	if (clr__vec_reserve(db->entries, ld->entries.n + 1) || clr__vec_reserve(db->arenas, 1) ||
	    clr__vec_reserve(db->reports, 1))
		return CLR_ENOMEM;
	ld->report.format = clr__format_name(fmt);
	ld->report.nmessages = ld->messages.n;
	if (ld->messages.n) {
		const char **m = clr__arena_alloc(ld->arena, ld->messages.n * sizeof(char *));
		if (!m)
			return CLR_ENOMEM;
		memcpy(m, ld->messages.v, ld->messages.n * sizeof(char *));
		ld->report.messages = m;
	}
	for (size_t i = 0; i < ld->entries.n; i++)
		db->entries.v[db->entries.n++] = ld->entries.v[i];
	db->arenas.v[db->arenas.n++] = ld->arena;
	db->reports.v[db->reports.n++] = ld->report;
	ld->arena = NULL;
	clr__index_free(db->index);
	db->index = NULL;
	return 0;
}

static int load_file(clr_db *db, const char *path, unsigned flags, int from_dir)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = clr__read_file(path, &buf, &len, &db->err);
	if (rc)
		return rc;
	clr_format fmt = clr__detect_format(path, buf, len);
	if (fmt == CLR_FMT_UNKNOWN && !from_dir && len >= 4 && !memcmp(buf, "PK\x03\x04", 4))
		fmt = CLR_FMT_XLSX; /* a workbook given alone: say which sheet is no list */
	if (fmt == CLR_FMT_UNKNOWN || fmt == CLR_FMT_OFAC_SIBLING) {
		free(buf);
		if (from_dir)
			return 0; /* siblings load with their primary; other files are not lists */
		if (fmt == CLR_FMT_OFAC_SIBLING)
			return clr__db_error(db, CLR_EUSAGE,
			                "%s: an OFAC sibling file; load sdn.csv or cons_prim.csv (or the folder)",
			                path);
		return clr__db_error(db, CLR_EINPUT, "%s: unrecognised list format", path);
	}
	clr_loader ld;
	if ((rc = clr__loader_init(&ld, path, flags)) < 0) {
		free(buf);
		return rc;
	}
	sibling alt = {0}, add = {0}, com = {0};
	switch (fmt) {
	case CLR_FMT_CSL_CSV: rc = clr__parse_csl_csv(&ld, buf, len); break;
	case CLR_FMT_CSL_JSON: rc = clr__parse_csl_json(&ld, buf, len); break;
	case CLR_FMT_DPL: rc = clr__parse_dpl(&ld, buf, len); break;
	case CLR_FMT_UN_XML: rc = clr__parse_un_xml(&ld, buf, len); break;
	case CLR_FMT_EU_XML: rc = clr__parse_eu_xml(&ld, buf, len); break;
	case CLR_FMT_EU_CSV: rc = clr__parse_eu_csv(&ld, buf, len); break;
	case CLR_FMT_CA_XML: rc = clr__parse_ca_xml(&ld, buf, len); break;
	case CLR_FMT_UK_XLSX: rc = clr__parse_uk_xlsx(&ld, buf, len); break;
	case CLR_FMT_UK_CSV: rc = clr__parse_uk_csv(&ld, buf, len); break;
	case CLR_FMT_UK_XML: rc = clr__parse_uk_xml(&ld, buf, len); break;
	case CLR_FMT_AU_XLSX: rc = clr__parse_au_xlsx(&ld, buf, len); break;
	case CLR_FMT_JP_XLSX: rc = clr__parse_jp_xlsx(&ld, buf, len); break;
	case CLR_FMT_XLSX: rc = clr__parse_xlsx_unknown(&ld, buf, len); break;
	case CLR_FMT_OFAC: {
		int cons = name_is(path, "cons_prim.csv");
		clr_ofac_files sib = {.consolidated = cons};
		if ((rc = read_sibling(db, path, cons ? "cons_alt.csv" : "alt.csv", &alt)) ||
		    (rc = read_sibling(db, path, cons ? "cons_add.csv" : "add.csv", &add)) ||
		    (rc = read_sibling(db, path, cons ? "cons_comments.csv" : "sdn_comments.csv", &com)))
			break;
		sib.alt = alt.buf, sib.alt_len = alt.len, sib.alt_path = alt.buf ? alt.path : NULL;
		sib.add = add.buf, sib.add_len = add.len, sib.add_path = add.buf ? add.path : NULL;
		sib.comments = com.buf, sib.comments_len = com.len;
		sib.comments_path = com.buf ? com.path : NULL;
		rc = clr__parse_ofac(&ld, buf, len, &sib);
		break;
	}
	default: rc = CLR_EINTERNAL; break;
	}
	if (rc == 0) {
		clr__db_sum(db, buf, len);
		const sibling *sib[] = {&alt, &add, &com};
		for (size_t i = 0; i < 3; i++)
			if (sib[i]->buf)
				clr__db_sum(db, sib[i]->buf, sib[i]->len);
	}
	free(alt.buf);
	free(add.buf);
	free(com.buf);
	free(buf);
	if (rc == 0)
		rc = clr__db_adopt(db, &ld, fmt);
	else if (ld.err.p)
		clr__db_error(db, rc, "%s", ld.err.p);
	else if (!db->err.len)
		clr__db_error(db, rc, "%s: %s", path, clr_strerror(rc));
	clr__loader_dispose(&ld);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_path(clr_db *db, const char *path, unsigned flags, int from_dir, int depth)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return clr__db_error(db, CLR_EIO, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return load_file(db, path, flags, from_dir);
	if (depth > 8)
		return clr__db_error(db, CLR_ELIMIT, "%s: directories nested too deep", path);
	DIR *d = opendir(path);
	if (!d)
		return clr__db_error(db, CLR_EIO, "%s: %s", path, strerror(errno));
	CLR_VEC(char *) names = {0};
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = malloc(strlen(path) + strlen(de->d_name) + 2);
		if (!p || clr__vec_push(names, p)) {
			free(p);
			rc = CLR_ENOMEM;
			break;
		}
		sprintf(p, "%s/%s", path, de->d_name);
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.n && rc == 0; i++)
		rc = load_path(db, names.v[i], flags, 1, depth + 1);
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	clr__vec_free(names);
	return rc;
}

int clr_db_load(clr_db *db, const char *path, unsigned flags)
{
	if (!db || !path)
		return CLR_EUSAGE;
	clr__buf_clear(&db->err);
	if (db->clx)
		return clr__db_error(db, CLR_EUSAGE, "%s: lists cannot be added to a compiled index", path);
	return load_path(db, path, flags, 0, 0);
}

size_t clr_db_entry_count(const clr_db *db)
{
	return db->entries.n;
}

const clr_entry *clr_db_entry(const clr_db *db, size_t i)
{
	if (i >= db->entries.n)
		return NULL;
	/* a mapped db decodes on first use: logically const */
	return db->clx ? clr__clx_entry((clr_db *)db, i) : db->entries.v[i];
}

size_t clr_db_report_count(const clr_db *db)
{
	return db->reports.n;
}

const clr_file_report *clr_db_report(const clr_db *db, size_t i)
{
	return i < db->reports.n ? &db->reports.v[i] : NULL;
}

int clr__db_build_idmap(clr_db *db)
{
	size_t cap = 16;
	while (cap < db->entries.n * 2)
		cap *= 2;
	size_t *m = malloc(cap * sizeof(size_t));
	if (!m)
		return CLR_ENOMEM;
	for (size_t i = 0; i < cap; i++)
		m[i] = (size_t)-1;
	for (size_t i = 0; i < db->entries.n; i++) {
		const char *id = db->entries.v[i]->id;
		size_t h = clr__hash(id, strlen(id)) & (cap - 1);
		while (m[h] != (size_t)-1) {
			if (!strcmp(db->entries.v[m[h]]->id, id))
				break; /* first entry with an id wins */
			h = (h + 1) & (cap - 1);
		}
		if (m[h] == (size_t)-1)
			m[h] = i;
	}
	free(db->idmap);
	db->idmap = m;
	db->idcap = cap;
	return 0;
}

size_t clr__db_find_index(const clr_db *db, const char *id)
{
	if (!db->idmap || !id)
		return (size_t)-1;
	size_t h = clr__hash(id, strlen(id)) & (db->idcap - 1);
	while (db->idmap[h] != (size_t)-1) {
		if (!strcmp(db->entries.v[db->idmap[h]]->id, id))
			return db->idmap[h];
		h = (h + 1) & (db->idcap - 1);
	}
	return (size_t)-1;
}

const clr_entry *clr_db_find(const clr_db *db, const char *id)
{
	if (db->clx && id)
		return clr__clx_find((clr_db *)db, id);
	size_t i = clr__db_find_index(db, id);
	return i != (size_t)-1 ? db->entries.v[i] : NULL;
}

size_t clr_db_listings(clr_db *db, const char *entry_id, clr_listing *out, size_t cap)
{
	if (!db || !entry_id || clr_db_prepare(db) < 0)
		return 0;
	const clr_index *ix = db->index;
	int64_t e = -1;
	if (db->clx) {
		e = clr__clx_find_index(db, entry_id);
	} else {
		size_t i = clr__db_find_index(db, entry_id);
		if (i != (size_t)-1)
			e = (int64_t)i;
	}
	if (e < 0 || !ix->link_next)
		return 0;
	size_t n = 0;
	for (uint32_t m = ix->link_next[e]; m != (uint32_t)e; m = ix->link_next[m], n++)
		if (n < cap)
			out[n] = (clr_listing){clr_db_entry(db, m), clr__link_name(ix->link_why[m])};
	return n;
}

int clr_db_prepare(clr_db *db)
{
	if (db->index)
		return 0;
	int rc = clr__db_build_idmap(db);
	if (rc)
		return rc;
	return clr__index_build(&db->index, db, &db->err);
}
