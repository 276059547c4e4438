/*
 * screenlog.c - the screening log's journal (docs/screening-log.md).  A
 * request is answered only once its records are durable: the worker that
 * screened it copies them into a journal file next to the store, mapped
 * into memory, and answers; an importer thread moves the journal's records
 * into the store's hash chain thousands per transaction (the group commit),
 * off the answers' path, and empties the journal file.  A journal left by
 * a crash is imported at the next start, once (its batch name).  Never
 * screens, never answers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "server.h"

int srv_logjob_add(srv_logjob *j, const clr_screening *r, char *party, char *query,
                   char *alerts)
{
	if (!party || !query || !alerts || j->n >= CLR_MAX_SCREENLOG_BATCH)
		goto fail;
	if (j->n == j->cap) {
		size_t nc = j->cap ? j->cap * 2 : 4;
		clr_screening *v = realloc(j->v, nc * sizeof(*v));
		if (!v)
			goto fail;
		j->v = v;
		j->cap = nc;
	}
	clr_screening *x = &j->v[j->n++];
	*x = *r;
	x->party = party;
	x->query = query;
	x->alerts = alerts;
	return 0;
fail:
	free(party);
	free(query);
	free(alerts);
	return -1;
}

void srv_logjob_free(srv_logjob *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free((char *)j->v[i].party);
		free((char *)j->v[i].query);
		free((char *)j->v[i].alerts);
	}
	free(j->v);
	j->v = NULL;
	j->n = j->cap = 0;
}

/* ---- the journal's records --------------------------------------------
 * A record: "SLR1", the snapshot and nalerts as 8 bytes each, then the
 * eight strings of clr_screening (at, who, route, request_id, party, query,
 * checksum, alerts), each as a 4-byte length and its bytes and a NUL
 * (length 0xffffffff: NULL).  Host byte order: the journal is read back by
 * the same machine. */

#define NSTR 8

static const char **str_slot(clr_screening *r, int i)
{
	const char **s[NSTR] = {&r->at, &r->who, &r->route, &r->request_id,
	                        &r->party, &r->query, &r->checksum, &r->alerts};
	return s[i];
}

static size_t record_size(clr_screening *r)
{
	size_t n = 4 + 16;
	for (int i = 0; i < NSTR; i++) {
		const char *z = *str_slot(r, i);
		n += 4 + (z ? strlen(z) + 1 : 0);
	}
	return n;
}

static char *put_record(char *p, clr_screening *r)
{
	uint64_t nums[2] = {(uint64_t)r->snapshot, (uint64_t)r->nalerts};
	memcpy(p, "SLR1", 4);
	memcpy(p + 4, nums, 16);
	p += 20;
	for (int i = 0; i < NSTR; i++) {
		const char *z = *str_slot(r, i);
		uint32_t len = z ? (uint32_t)strlen(z) : UINT32_MAX;
		memcpy(p, &len, 4);
		p += 4;
		if (z) {
			memcpy(p, z, (size_t)len + 1);
			p += len + 1;
		}
	}
	return p;
}

/* Reads the record at *p (before end) into r, its strings pointing into
 * the buffer; 0, or -1 at a truncated or damaged record. */
static int get_record(const char **p, const char *end, clr_screening *r)
{
	const char *q = *p;
	uint64_t nums[2];
	if (end - q < 20 || memcmp(q, "SLR1", 4))
		return -1;
	memcpy(nums, q + 4, 16);
	memset(r, 0, sizeof(*r));
	r->snapshot = (int64_t)nums[0];
	r->nalerts = (size_t)nums[1];
	q += 20;
	for (int i = 0; i < NSTR; i++) {
		uint32_t len;
		if (end - q < 4)
			return -1;
		memcpy(&len, q, 4);
		q += 4;
		if (len == UINT32_MAX)
			continue;
		if ((size_t)(end - q) < (size_t)len + 1 || q[len])
			return -1;
		*str_slot(r, i) = q;
		q += len + 1;
	}
	*p = q;
	return 0;
}

/* The records of a journal's bytes, up to the first truncated or damaged
 * one, into *v (of *cap; grown, the caller's to free, kept from one
 * journal to the next by the importer), pointing into buf.  0, or
 * CLR_ENOMEM. */
static int read_records(const char *buf, size_t size, clr_screening **v, size_t *cap,
                        size_t *out_n)
{
	size_t n = 0;
	const char *p = buf, *end = buf + size;
	*out_n = 0;
	while (p < end) {
		if (n == *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			clr_screening *nv = realloc(*v, nc * sizeof(**v));
			if (!nv)
				return CLR_ENOMEM;
			*v = nv;
			*cap = nc;
		}
		if (get_record(&p, end, &(*v)[n]) < 0)
			break;
		n++;
	}
	*out_n = n;
	return 0;
}

static void journal_name(const srv_screenlog *l, uint64_t k, char *out, size_t cap)
{
	snprintf(out, cap, "%s-screenlog.%016llx.%08llu", l->store, (unsigned long long)l->run,
	         (unsigned long long)k);
}

/* The spare journal, gone (the importer's thread). */
static void spare_drop(srv_screenlog *l)
{
	char path[4200];
	if (l->spare_fd < 0)
		return;
	journal_name(l, l->spare_k, path, sizeof(path));
	unlink(path);
	if (l->spare_map)
		munmap(l->spare_map, l->spare_cap);
	close(l->spare_fd);
	l->spare_fd = -1;
	l->spare_map = NULL;
	l->spare_cap = 0;
}

static int journal_open(srv_screenlog *l)
{
	char path[4200], spare[4200];
	journal_name(l, ++l->jno, path, sizeof(path));
	/* the journal last imported, emptied and renamed: a new file ten times
	 * a second made ext4 look for a free inode each time, which showed in
	 * the importer's profile (and the workers wait meanwhile) */
	if (l->spare_fd >= 0) {
		journal_name(l, l->spare_k, spare, sizeof(spare));
		if (!rename(spare, path)) {
			l->fd = l->spare_fd; /* still locked */
			l->map = l->spare_map; /* and still mapped, zeroed */
			l->mapcap = l->spare_cap;
			l->spare_fd = -1;
			l->spare_map = NULL;
			l->spare_cap = 0;
			return 0;
		}
		spare_drop(l);
	}
	/* locked until its records are imported: another server starting on
	 * the same store replays only the journals of servers that are gone */
	l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (l->fd >= 0 && flock(l->fd, LOCK_EX | LOCK_NB) < 0) {
		close(l->fd);
		l->fd = -1;
	}
	if (l->fd < 0)
		fprintf(stderr, "clearance: screening log: %s: %s\n", path, strerror(errno));
	return l->fd < 0 ? CLR_EIO : 0;
}

/* Room for size more bytes in the journal's mapping, l->mu held.  The
 * file's blocks are allocated before they are mapped, so that a full disk
 * is an error here (the request answered 500) rather than a SIGBUS at the
 * page's first write; the records are copied in, and the page cache has
 * them as it would have a write's: they survive the process.  0, or -1
 * with errno set. */
static int journal_room(srv_screenlog *l, size_t size)
{
	if (l->mapcap - l->lpend >= size)
		return 0;
	size_t nc = l->mapcap ? l->mapcap : CLR_SCREENLOG_JOURNAL_CHUNK;
	while (nc - l->lpend < size)
		nc *= 2;
	int e = posix_fallocate(l->fd, 0, (off_t)nc);
	if (e) {
		errno = e;
		return -1;
	}
	void *m = l->map ? mremap(l->map, l->mapcap, nc, MREMAP_MAYMOVE)
	                 : mmap(NULL, nc, PROT_READ | PROT_WRITE, MAP_SHARED, l->fd, 0);
	if (m == MAP_FAILED)
		return -1;
	l->map = m;
	l->mapcap = nc;
	return 0;
}

/* Logs one journal file's records (the batch named after the file) into
 * the store and removes it: at start, for what a crash left. */
static int replay(srv_screenlog *l, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd); /* a live server's: it imports it */
		return 0;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	char *buf = NULL;
	long size = -1;
	if (f && !fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) != (size_t)size)
		size = -1;
	if (size < 0 || !buf) {
		fprintf(stderr, "clearance: screening log: cannot read %s\n", path);
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		free(buf);
		return CLR_EIO;
	}
	/* up to a write the crash cut short, which was never answered */
	size_t n = 0, cap = 0;
	clr_screening *v = NULL;
	int rc = read_records(buf, (size_t)size, &v, &cap, &n);
	int dup = 0;
	const char *name = strrchr(path, '/');
	if (!rc && (rc = clr_store_screenings_log_batch(l->st, v, n, name ? name + 1 : path, &dup)))
		fprintf(stderr, "clearance: screening log: %s: %s\n", path, clr_store_errmsg(l->st));
	if (!rc && n)
		fprintf(stderr, "clearance: screening log: %zu records of %s %s\n", n, path,
		        dup ? "were already logged" : "logged");
	if (!rc)
		unlink(path); /* still locked: nobody else reads it meanwhile */
	fclose(f);
	free(v);
	free(buf);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every journal a crash left next to the store, oldest first. */
static int replay_all(srv_screenlog *l)
{
	char dir[4200], base[4200];
	const char *slash = strrchr(l->store, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - l->store) : 1,
	         slash ? l->store : ".");
	snprintf(base, sizeof(base), "%s-screenlog.", slash ? slash + 1 : l->store);
	DIR *d = opendir(dir[0] ? dir : "/");
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) && !rc) {
		if (strncmp(de->d_name, base, strlen(base)))
			continue;
		char **nv = n == cap ? realloc(names, (cap = cap ? cap * 2 : 8) * sizeof(*nv)) : names;
		char *path = nv ? malloc(strlen(dir) + strlen(de->d_name) + 2) : NULL;
		if (nv)
			names = nv;
		if (!path) {
			rc = CLR_ENOMEM;
			break;
		}
		sprintf(path, "%s/%s", dir[0] ? dir : "", de->d_name);
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = replay(l, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- the importer -------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether the importer has work: enough records, old enough ones, a reader
 * waiting, or the end; l->mu held. */
static int import_due(const srv_screenlog *l)
{
	return l->stopping || l->sync_req != l->sync_done ||
	       (l->npend && (l->npend >= CLR_SCREENLOG_IMPORT_RECORDS ||
	                     (!l->hold && now_s() - l->since >= CLR_SCREENLOG_IMPORT_SECONDS)));
}

/* Empties a journal whose records are imported, so that it can be the
 * next one (0), or -1.  Zeroed rather than truncated: its blocks and its
 * pages stay allocated and mapped, so the workers' copies into it fault no
 * page in (a third of a worker's cost for the log when each new page did,
 * and the faults took the process's mmap lock, which the truncation and
 * unmapping held meanwhile).  The first record goes first: a crash while
 * the rest is zeroed leaves a journal that reads as empty; one before
 * leaves its records, which its batch name keeps from being logged twice.
 * One grown past a chunk by a burst is truncated and unmapped as before
 * (*map NULL, *cap 0), so that a burst's disk space is given back. */
static int spare_keep(int fd, char **map, size_t size, size_t *cap)
{
	if (*cap > CLR_SCREENLOG_JOURNAL_CHUNK) {
		if (ftruncate(fd, 0))
			return -1;
		munmap(*map, *cap);
		*map = NULL;
		*cap = 0;
		return 0;
	}
	memset(*map, 0, size < 4 ? size : 4);
	atomic_signal_fence(memory_order_seq_cst);
	if (size > 4)
		memset(*map + 4, 0, size - 4);
	return 0;
}

static void *importer(void *arg)
{
	srv_screenlog *l = arg;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		while (!import_due(l)) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 20 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&l->work, &l->mu, &ts);
		}
		unsigned long sync = l->sync_req;
		int last = l->stopping;
		/* the records kept so far and the journal holding them are the
		 * importer's; the workers go on in the next journal */
		char *map = l->map;
		size_t n = l->npend, size = l->lpend, cap = l->mapcap;
		uint64_t k = l->jno;
		int fd = -1;
		if (n) {
			fd = l->fd; /* closed, and its lock dropped, once imported */
			l->fd = -1;
			l->map = NULL;
			l->npend = l->lpend = l->mapcap = 0;
			if (!last && journal_open(l) < 0)
				l->broken = 1;
			pthread_cond_broadcast(&l->room);
		}
		pthread_mutex_unlock(&l->mu);
		if (n) {
			char path[4200];
			journal_name(l, k, path, sizeof(path));
			const char *name = strrchr(path, '/');
			/* the records as the workers wrote them: no copy kept besides */
			size_t got = 0;
			int rc = read_records(map, size, &l->recs, &l->nrecs_cap, &got);
			if (!rc && got != n)
				rc = CLR_EINTERNAL;
			if (!rc && clr_store_screenings_log_batch(l->st, l->recs, n,
			                                          name ? name + 1 : path, NULL) < 0)
				rc = CLR_EIO;
			if (rc) {
				/* the journal stays: the next start logs it */
				atomic_fetch_add(&l->n_failed, n);
				fprintf(stderr, "clearance: screening log: %s\n",
				        rc == CLR_EIO ? clr_store_errmsg(l->st) : "out of memory");
			} else if (l->spare_fd < 0 && !spare_keep(fd, &map, size, &cap)) {
				l->spare_fd = fd;
				l->spare_k = k;
				l->spare_map = map;
				l->spare_cap = cap;
				fd = -1;
				map = NULL;
			} else {
				unlink(path);
			}
			if (!rc) {
				atomic_fetch_add(&l->n_imported, n);
				atomic_fetch_add(&l->n_batches, 1);
				l->unindexed += n;
			}
			if (map)
				munmap(map, cap); /* the file keeps them */
			if (fd >= 0)
				close(fd);
			if (l->unindexed >= CLR_MAX_SCREENLOG_UNINDEXED) {
				if (clr_store_screenings_index(l->st, NULL) < 0)
					fprintf(stderr, "clearance: screening log: party index: %s\n",
					        clr_store_errmsg(l->st));
				l->unindexed = 0;
			}
		}
		pthread_mutex_lock(&l->mu);
		l->sync_done = sync;
		pthread_cond_broadcast(&l->synced);
		if (last && !l->npend)
			break;
	}
	pthread_mutex_unlock(&l->mu);
	if (l->unindexed && clr_store_screenings_index(l->st, NULL) < 0)
		fprintf(stderr, "clearance: screening log: party index: %s\n", clr_store_errmsg(l->st));
	free(l->recs);
	l->recs = NULL;
	l->nrecs_cap = 0;
	return NULL;
}

/* ---- the workers' side -------------------------------------------------- */

int srv_screenlog_write(srv_screenlog *l, srv_logjob *j)
{
	size_t size = 0;
	for (size_t i = 0; i < j->n; i++)
		size += record_size(&j->v[i]);
	int rc = 0;
	pthread_mutex_lock(&l->mu);
	/* past the bound the importer is behind: wait for it to take its share */
	while (l->npend >= CLR_MAX_SCREENLOG_PENDING && !l->broken)
		pthread_cond_wait(&l->room, &l->mu);
	/* copied into the mapped journal, no write(2) a request; the importer
	 * reads them from there */
	if (l->broken || journal_room(l, size) < 0) {
		fprintf(stderr, "clearance: screening log: journal: %s\n",
		        l->broken ? "cannot open" : strerror(errno));
		rc = CLR_EIO;
		atomic_fetch_add(&l->n_failed, j->n);
	} else {
		char *p = l->map + l->lpend;
		for (size_t i = 0; i < j->n; i++)
			p = put_record(p, &j->v[i]);
		if (!l->npend)
			l->since = now_s();
		l->lpend += size;
		l->npend += j->n;
		atomic_fetch_add(&l->n_records, j->n);
		if (l->npend >= CLR_SCREENLOG_IMPORT_RECORDS)
			pthread_cond_signal(&l->work);
	}
	pthread_mutex_unlock(&l->mu);
	return rc;
}

/* The store and the synchronisation objects, once the importer is gone. */
static void release(srv_screenlog *l)
{
	clr_store_free(l->st);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->work);
	pthread_cond_destroy(&l->room);
	pthread_cond_destroy(&l->synced);
}

int srv_screenlog_start(srv_screenlog *l, const char *store)
{
	memset(l, 0, sizeof(*l));
	l->fd = l->spare_fd = -1;
	srv_screenlog_base(store, l->store, sizeof(l->store));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	l->run = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	/* for the crash test: records stay in the journal until a reader, the
	 * record count or the stop imports them */
	const char *hold = getenv("CLEARANCE_SCREENLOG_HOLD");
	l->hold = hold && *hold && strcmp(hold, "0");
	int rc = clr_store_open(&l->st, store);
	/* a store that cannot keep the log yet (PostgreSQL) refuses an empty
	 * batch, saying so, before any journal file is named after it */
	if (rc >= 0)
		rc = clr_store_screenings_log(l->st, NULL, 0);
	if (rc < 0)
		fprintf(stderr, "clearance: screening log: %s\n", clr_store_errmsg(l->st));
	if (rc < 0 || (rc = replay_all(l)) < 0 || (rc = journal_open(l)) < 0) {
		clr_store_free(l->st);
		return rc;
	}
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->work, NULL);
	pthread_cond_init(&l->room, NULL);
	pthread_cond_init(&l->synced, NULL);
	if (pthread_create(&l->importer_t, NULL, importer, l)) {
		close(l->fd);
		release(l);
		return CLR_ENOMEM;
	}
	/* named for the CPU it costs (/proc/PID/task/TID/comm; bench_server.sh) */
	pthread_setname_np(l->importer_t, "clr-screenlog");
	l->running = 1;
	return 0;
}

void srv_screenlog_sync(srv_screenlog *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->mu);
	unsigned long mine = ++l->sync_req;
	pthread_cond_signal(&l->work);
	while (l->sync_done < mine)
		pthread_cond_wait(&l->synced, &l->mu);
	pthread_mutex_unlock(&l->mu);
}

void srv_screenlog_stop(srv_screenlog *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_signal(&l->work);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->importer_t, NULL);
	/* the last journal: empty, or left for the next start when its import
	 * failed (the importer left it then) */
	if (l->fd >= 0) {
		char path[4200];
		journal_name(l, l->jno, path, sizeof(path));
		if (l->map)
			munmap(l->map, l->mapcap);
		close(l->fd);
		unlink(path);
	}
	spare_drop(l);
	release(l);
	l->running = 0;
}
