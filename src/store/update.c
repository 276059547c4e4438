/*
 * update.c - `clearance update`: downloads the official list files named in
 * a sources file (data/sources.conf) with libcurl into a folder next to the
 * store, checks every transfer (HTTP status, Content-Length, size limit,
 * timeouts), parses every source with the list loaders, and only then
 * imports them all as one snapshot with an "update" audit record.  Any
 * failure leaves the store as it was and names the source and the reason.
 * A source named ear-country-chart is the eCFR's part 738 (its URL may hold
 * {date}, the update's date): its Country Chart becomes a new table version
 * in the rule data's ear/ folder when it differs from the latest one there,
 * written only once everything else has succeeded.
 */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "../ear/ear.h"
#include "../owner/owner.h"
#include "../limits.h"
#include "../util/util.h"

#define MAX_SOURCES 32
#define MAX_URLS 8
#define MAX_CONF_LINE 4096

#define EAR_CHART_SOURCE "ear-country-chart"

typedef struct upd_source {
	char name[64];
	int ear;        /* an EAR table source: converted, not imported */
	clr_buf table;  /* ear: the table version's text */
	char table_name[64];
	int changed;    /* ear: differs from the latest version held */
	char *url[MAX_URLS];
	size_t nurl;
	char dir[4300]; /* root + "/" + name */
	char hash[65];
} upd_source;

typedef struct upd_ctx {
	clr_store *st;
	const clr_update_opts *opts;
	upd_source src[MAX_SOURCES];
	size_t nsrc;
	char root[4200];
	char date[11];   /* the update's date: --as-of, else today */
	char ear[4200];  /* the EAR tables folder: <rules>/ear */
} upd_ctx;

static int valid_name(const char *z)
{
	if (!*z || strlen(z) >= 64)
		return 0;
	for (; *z; z++)
		if (!((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') || (*z >= '0' && *z <= '9') ||
		      *z == '-' || *z == '_'))
			return 0;
	return 1;
}

static int wanted(const clr_update_opts *o, const char *name)
{
	if (!o->nonly)
		return 1;
	for (size_t i = 0; i < o->nonly; i++)
		if (!strcmp(o->only[i], name))
			return 1;
	return 0;
}

/* One "name url..." line; # starts a comment. */
static int parse_line(upd_ctx *c, const char *path, size_t lineno, char *line)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = 0;
	char *save = NULL, *name = strtok_r(line, " \t\r\n", &save);
	if (!name)
		return 0;
	if (!valid_name(name))
		return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: field 'name': '%s' is not a source "
		                       "name (letters, digits, - and _)", path, lineno, name);
	upd_source *s = NULL;
	for (size_t i = 0; i < c->nsrc; i++)
		if (!strcmp(c->src[i].name, name))
			return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: source '%s' given twice", path,
			                       lineno, name);
	if (c->nsrc == MAX_SOURCES)
		return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: more than %d sources", path, lineno,
		                       MAX_SOURCES);
	if (!strncmp(name, "ear-", 4) && strcmp(name, EAR_CHART_SOURCE))
		return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: field 'name': '%s': the EAR table "
		                       "sources are %s", path, lineno, name, EAR_CHART_SOURCE);
	s = &c->src[c->nsrc++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->ear = !strncmp(name, "ear-", 4);
	for (char *u; (u = strtok_r(NULL, " \t\r\n", &save));) {
		if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))
			return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: field 'url': '%s' is not an "
			                       "http(s) URL", path, lineno, u);
		if (s->nurl == MAX_URLS)
			return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: more than %d URLs", path,
			                       lineno, MAX_URLS);
		if (!(s->url[s->nurl++] = clr__strdup(u)))
			return CLR_ENOMEM;
	}
	if (!s->nurl)
		return clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: field 'url': source '%s' has no URL",
		                       path, lineno, name);
	return 0;
}

static int read_config(upd_ctx *c, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return clr_store__fail(c->st, CLR_EUSAGE, "%s: %s (give the sources file with --config)",
		                       path, strerror(errno));
	char line[MAX_CONF_LINE];
	size_t lineno = 0, all = 0;
	int rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			rc = clr_store__fail(c->st, CLR_EUSAGE, "%s:%zu: line longer than %d bytes", path,
			                     lineno, MAX_CONF_LINE - 1);
		else if (!(rc = parse_line(c, path, lineno, line)) && c->nsrc > all) {
			all = c->nsrc;
			if (!wanted(c->opts, c->src[c->nsrc - 1].name)) { /* --source: keep the others out */
				upd_source *s = &c->src[--c->nsrc];
				for (size_t k = 0; k < s->nurl; k++)
					free(s->url[k]);
				memset(s, 0, sizeof(*s));
				all = c->nsrc;
			}
		}
	}
	fclose(f);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->opts->nonly; i++) {
		size_t k = 0;
		while (k < c->nsrc && strcmp(c->src[k].name, c->opts->only[i]))
			k++;
		if (k == c->nsrc)
			return clr_store__fail(c->st, CLR_EUSAGE, "--source %s: not in %s", c->opts->only[i],
			                       path);
	}
	if (!c->nsrc)
		return clr_store__fail(c->st, CLR_EUSAGE, "%s: no source", path);
	return 0;
}

typedef struct sink {
	FILE *f;
	size_t n;
	int too_big;
	clr_sha256_ctx h;
} sink;

static size_t on_data(char *p, size_t size, size_t nmemb, void *payload)
{
	sink *k = payload;
	size_t n = size * nmemb;
	if (k->n + n > CLR_MAX_FILE_BYTES) {
		k->too_big = 1;
		return 0; /* aborts the transfer */
	}
	k->n += n;
	clr__sha256_update(&k->h, p, n);
	return fwrite(p, 1, n, k->f);
}

/* The file name a URL is saved under: its last path segment, lower case
 * (the OFAC loader finds add.csv, alt.csv ... next to sdn.csv by name). */
static void url_file(const char *url, char *out, size_t cap)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t end = strcspn(p, "?#");
	const char *slash = NULL;
	for (size_t i = 0; i < end; i++)
		if (p[i] == '/')
			slash = p + i;
	const char *b = slash ? slash + 1 : "";
	size_t n = slash ? (size_t)(p + end - b) : 0, o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		char ch = b[i];
		out[o++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a')
		           : ch == '/' || ch == '\\' || ch == '%' ? '_'
		                                                  : ch;
	}
	out[o] = 0;
	if (!o || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, cap, "index");
}

/* Downloads url into file; its SHA-256 (hex) into hash. */
static int fetch(upd_ctx *c, const upd_source *s, const char *url, const char *file,
                 char hash[65])
{
	clr_store *st = c->st;
	sink k = {.f = fopen(file, "wb")};
	clr__sha256_init(&k.h);
	char err[CURL_ERROR_SIZE] = "";
	if (!k.f)
		return clr_store__fail(st, CLR_EIO, "%s: %s", file, strerror(errno));
	CURL *h = curl_easy_init();
	if (!h) {
		fclose(k.f);
		return CLR_ENOMEM;
	}
	long timeout = c->opts->timeout > 0 ? c->opts->timeout : 300;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)CLR_MAX_FILE_BYTES);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "clearance/" CLR_VERSION);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* gzip if offered; decoded */
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	CURLcode cr = curl_easy_perform(h);
	long status = 0;
	curl_off_t clen = -1;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
	curl_easy_cleanup(h);
	int wrc = fclose(k.f);
	if (k.too_big)
		return clr_store__fail(st, CLR_ELIMIT, "update: source %s: %s: larger than %zu bytes",
		                       s->name, url, (size_t)CLR_MAX_FILE_BYTES);
	if (cr != CURLE_OK)
		return clr_store__fail(st, CLR_EIO, "update: source %s: %s: %s", s->name, url,
		                       *err ? err : curl_easy_strerror(cr));
	if (status != 200)
		return clr_store__fail(st, CLR_EIO, "update: source %s: %s: HTTP status %ld", s->name,
		                       url, status);
	if (clen >= 0 && (size_t)clen != k.n) /* curl checks this too; a decoded body may differ */
		return clr_store__fail(st, CLR_EIO, "update: source %s: %s: got %zu of %lld bytes "
		                       "(truncated)", s->name, url, k.n, (long long)clen);
	if (!k.n)
		return clr_store__fail(st, CLR_EIO, "update: source %s: %s: empty body", s->name, url);
	if (wrc)
		return clr_store__fail(st, CLR_EIO, "%s: %s", file, strerror(errno));
	clr__sha256_hex(&k.h, hash);
	return 0;
}

/* Parses one downloaded source with the list loaders. */
static int verify(upd_ctx *c, const upd_source *s)
{
	clr_db *db = NULL;
	int rc = clr_db_new(&db);
	if (rc)
		return rc;
	if (clr_db_load(db, s->dir, 0) < 0)
		rc = clr_store__fail(c->st, CLR_EINPUT, "update: source %s does not parse: %s", s->name,
		                     clr_db_errmsg(db));
	else if (!clr_db_entry_count(db))
		rc = clr_store__fail(c->st, CLR_EINPUT, "update: source %s does not parse: no list "
		                     "file recognised, or no entries, in %zu file(s)", s->name, s->nurl);
	clr_db_free(db);
	return rc;
}

/* url with every {date} replaced by date. */
static void with_date(const char *url, const char *date, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = url; *p && o + 1 < cap;) {
		if (!strncmp(p, "{date}", 6)) {
			size_t n = strlen(date);
			if (o + n >= cap)
				break;
			memcpy(out + o, date, n);
			o += n;
			p += 6;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
}

/* An EAR source's file: its Country Chart as a table version, kept to be
 * written once the update succeeds, and whether it differs from the
 * latest version the folder holds. */
static int ear_table(upd_ctx *c, upd_source *s, const char *url, const char *file)
{
	char *xml = NULL;
	size_t len = 0;
	clr_buf err = {0};
	int rc = clr__read_file(file, &xml, &len, &err);
	clr_ear *prev = NULL;
	if (!rc)
		rc = clr__ear_load(&prev, c->ear, &err);
	if (!rc) {
		clr__buf_clear(&s->table);
		rc = clr__ear_chart_from_ecfr(xml, len, url, prev, url, c->date, &s->table, &err);
	}
	if (!rc) {
		snprintf(s->table_name, sizeof(s->table_name), "country-chart-%s.tsv", c->date);
		rc = clr__ear_chart_differs(prev, s->table_name, s->table.p, s->table.len, &err);
		if (rc >= 0) {
			s->changed = rc;
			rc = 0;
		}
	}
	if (rc)
		rc = clr_store__fail(c->st, rc == CLR_ENOMEM ? CLR_ENOMEM : CLR_EINPUT,
		                     "update: source %s does not read: %s", s->name,
		                     err.p ? err.p : "out of memory");
	clr__ear_free(prev);
	clr__buf_free(&err);
	free(xml);
	return rc;
}

/* Writes the EAR table versions that changed: a temporary file renamed into
 * place, so that a reader sees the old folder or the new one. */
static int ear_write(upd_ctx *c, FILE *log)
{
	for (size_t i = 0; i < c->nsrc; i++) {
		upd_source *s = &c->src[i];
		if (!s->ear)
			continue;
		if (!s->changed) {
			if (log)
				fprintf(log, "update: %s: the Country Chart is the version %s already holds\n",
				        s->name, c->ear);
			continue;
		}
		char path[4400], tmp[4400];
		snprintf(path, sizeof(path), "%s/%s", c->ear, s->table_name);
		snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", c->ear, s->table_name);
		FILE *f = fopen(tmp, "wb");
		if (!f || fwrite(s->table.p, 1, s->table.len, f) != s->table.len || fclose(f)) {
			if (f)
				fclose(f);
			unlink(tmp);
			return clr_store__fail(c->st, CLR_EIO, "%s: %s", tmp, strerror(errno));
		}
		if (rename(tmp, path)) {
			unlink(tmp);
			return clr_store__fail(c->st, CLR_EIO, "%s: %s", path, strerror(errno));
		}
		if (log)
			fprintf(log, "update: %s: wrote %s\n", s->name, path);
	}
	return 0;
}

static int download(upd_ctx *c, FILE *log)
{
	for (size_t i = 0; i < c->nsrc; i++) {
		upd_source *s = &c->src[i];
		clr_sha256_ctx h;
		clr__sha256_init(&h);
		char dir[sizeof(s->dir)];
		snprintf(dir, sizeof(dir), "%s/%s", c->root, s->name);
		memcpy(s->dir, dir, sizeof(dir));
		if (mkdir(s->dir, 0700))
			return clr_store__fail(c->st, CLR_EIO, "%s: %s", s->dir, strerror(errno));
		for (size_t k = 0; k < s->nurl; k++) {
			char base[256], file[sizeof(s->dir) + sizeof(base) + 1], url[MAX_CONF_LINE + 16];
			with_date(s->url[k], c->date, url, sizeof(url));
			url_file(url, base, sizeof(base));
			snprintf(file, sizeof(file), "%s/%s", s->dir, base);
			if (log)
				fprintf(log, "update: %s: %s\n", s->name, url);
			char fh[65];
			int rc = fetch(c, s, url, file, fh);
			if (rc)
				return rc;
			clr__sha256_update(&h, fh, 64);
			if (s->ear && (rc = ear_table(c, s, url, file)))
				return rc;
		}
		clr__sha256_hex(&h, s->hash);
		int rc = s->ear ? 0 : verify(c, s);
		if (rc)
			return rc;
	}
	return 0;
}

static void remove_tree(const char *root)
{
	DIR *d = opendir(root);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			char p[4500];
			struct stat sb;
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(p, sizeof(p), "%s/%s", root, de->d_name);
			if (!lstat(p, &sb) && S_ISDIR(sb.st_mode))
				remove_tree(p);
			else
				unlink(p);
		}
		closedir(d);
	}
	rmdir(root);
}

int clr_store_update(clr_store *st, const clr_update_opts *opts, FILE *log,
                     int64_t *out_snapshot, size_t *out_new)
{
	upd_ctx *c = calloc(1, sizeof(*c));
	int rc;
	*out_snapshot = 0;
	*out_new = 0;
	if (!c)
		return CLR_ENOMEM;
	c->st = st;
	c->opts = opts;
	if ((rc = read_config(c, opts->config ? opts->config : "data/sources.conf")))
		goto out;
	if (opts->as_of) {
		int32_t d;
		if (strlen(opts->as_of) != 10 || clr__owner_date(opts->as_of, 10, &d) < 0) {
			rc = clr_store__fail(st, CLR_EUSAGE, "--as-of: '%s' is not an ISO date", opts->as_of);
			goto out;
		}
		snprintf(c->date, sizeof(c->date), "%s", opts->as_of);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(c->date, sizeof(c->date), "%Y-%m-%d", &tm);
	}
	snprintf(c->ear, sizeof(c->ear), "%s/ear", opts->rules ? opts->rules : "data/rules");
	/* next to a SQLite store: same file system, and no other user's /tmp;
	 * a PostgreSQL store's in TMPDIR */
	const char *slash = strrchr(st->path, '/'), *tmp = getenv("TMPDIR");
	if (st->db)
		snprintf(c->root, sizeof(c->root), "%.*s%s.update-XXXXXX",
		         slash ? (int)(slash - st->path + 1) : 0, st->path, slash ? slash + 1 : st->path);
	else
		snprintf(c->root, sizeof(c->root), "%s/clearance.update-XXXXXX",
		         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(c->root)) {
		rc = clr_store__fail(st, CLR_EIO, "mkdtemp %s: %s", c->root, strerror(errno));
		c->root[0] = 0;
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		rc = clr_store__fail(st, CLR_EINTERNAL, "update: libcurl does not initialise");
		goto out;
	}
	rc = download(c, log);
	if (!rc) {
		const char *paths[MAX_SOURCES], *labels[MAX_SOURCES];
		char lab[MAX_SOURCES][80];
		char note[MAX_SOURCES * 140] = "sources", *p = note + strlen(note);
		size_t nl = 0;
		for (size_t i = 0; i < c->nsrc; i++) {
			if (c->src[i].ear)
				continue;
			paths[nl] = c->src[i].dir;
			snprintf(lab[nl], sizeof(lab[nl]), "update:%s", c->src[i].name);
			labels[nl] = lab[nl];
			nl++;
			p += snprintf(p, sizeof(note) - (size_t)(p - note), " %s=%s", c->src[i].name,
			              c->src[i].hash);
		}
		clr_store_import_how how = {.action = "update", .labels = labels, .note = note};
		if (nl)
			rc = clr_store__import(st, paths, nl, opts->as_of, &how, out_snapshot, out_new);
		if (!rc)
			rc = ear_write(c, log);
	}
	curl_global_cleanup();
out:
	if (c->root[0])
		remove_tree(c->root);
	for (size_t i = 0; i < c->nsrc; i++) {
		for (size_t k = 0; k < c->src[i].nurl; k++)
			free(c->src[i].url[k]);
		clr__buf_free(&c->src[i].table);
	}
	free(c);
	return rc;
}
