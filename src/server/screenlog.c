/*
 * screenlog.c - the screening log's writer (docs/screening-log.md).  A
 * request is answered only once its records are durable: the writer thread
 * appends everything queued meanwhile to a journal file next to the store in
 * one write (group commit), then answers; an importer thread moves the
 * journal's records into the store's hash chain in large transactions, off
 * the answer's path, and removes the journal file it emptied.  A journal
 * left by a crash is imported at the next start, once (its batch name).
 * Never screens; the done callback answers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void journal_name(const srv_screenlog *l, uint64_t k, char *out, size_t cap)
{
	snprintf(out, cap, "%s-screenlog.%016llx.%08llu", l->store, (unsigned long long)l->run,
	         (unsigned long long)k);
}

static int journal_open(srv_screenlog *l)
{
	char path[4200];
	journal_name(l, ++l->jno, path, sizeof(path));
	l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (l->fd < 0)
		fprintf(stderr, "clearance: screening log: %s: %s\n", path, strerror(errno));
	return l->fd < 0 ? CLR_EIO : 0;
}

/* Logs one journal file's records (the batch named after the file) into
 * the store and removes it: at start, for what a crash left. */
static int replay(srv_screenlog *l, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size = -1;
	if (f && !fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) != (size_t)size)
		size = -1;
	if (f)
		fclose(f);
	if (size < 0 || !buf) {
		fprintf(stderr, "clearance: screening log: cannot read %s\n", path);
		free(buf);
		return CLR_EIO;
	}
	size_t n = 0, cap = 0;
	clr_screening *v = NULL;
	const char *p = buf, *end = buf + size;
	int rc = 0;
	while (p < end && !rc) {
		if (n == cap) {
			clr_screening *nv = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));
			if (!nv) {
				rc = CLR_ENOMEM;
				break;
			}
			v = nv;
		}
		if (get_record(&p, end, &v[n]) < 0)
			break; /* a write cut short by the crash: never answered */
		n++;
	}
	int dup = 0;
	const char *name = strrchr(path, '/');
	if (!rc && (rc = clr_store_screenings_log_batch(l->st, v, n, name ? name + 1 : path, &dup)))
		fprintf(stderr, "clearance: screening log: %s: %s\n", path, clr_store_errmsg(l->st));
	if (!rc) {
		fprintf(stderr, "clearance: screening log: %zu records of %s %s\n", n, path,
		        dup ? "were already logged" : "logged");
		unlink(path);
	}
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

/* Records written to the journal, waiting for the importer: their strings
 * copied into one block each (the requests free theirs once answered). */
static int keep(srv_screenlog *l, const clr_screening *r)
{
	if (l->npend == l->cappend) {
		size_t nc = l->cappend ? l->cappend * 2 : 1024;
		clr_screening *nv = realloc(l->pend, nc * sizeof(*nv));
		if (!nv)
			return -1;
		l->pend = nv;
		l->cappend = nc;
	}
	clr_screening c = *r;
	size_t total = 0;
	for (int i = 0; i < NSTR; i++)
		total += *str_slot(&c, i) ? strlen(*str_slot(&c, i)) + 1 : 0;
	char *b = malloc(total ? total : 1), *p = b;
	if (!b)
		return -1;
	for (int i = 0; i < NSTR; i++) {
		const char **z = str_slot(&c, i);
		if (!*z)
			continue;
		size_t len = strlen(*z) + 1;
		memcpy(p, *z, len);
		*z = p;
		p += len;
	}
	c.reserved_[0] = b; /* the block, freed after the import */
	l->pend[l->npend++] = c;
	return 0;
}

static void free_records(clr_screening *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reserved_[0]);
	free(v);
}

static void *importer(void *arg)
{
	srv_screenlog *l = arg;
	pthread_mutex_lock(&l->imu);
	for (;;) {
		while (!l->hand && !l->istop)
			pthread_cond_wait(&l->icv, &l->imu);
		if (!l->hand)
			break;
		clr_screening *v = l->hand;
		size_t n = l->nhand;
		uint64_t k = l->hand_jno;
		pthread_mutex_unlock(&l->imu);
		char path[4200];
		journal_name(l, k, path, sizeof(path));
		const char *name = strrchr(path, '/');
		int rc = clr_store_screenings_log_batch(l->st, v, n, name ? name + 1 : path, NULL);
		if (rc) {
			/* the journal stays: the next start logs it */
			atomic_fetch_add(&l->n_failed, n);
			fprintf(stderr, "clearance: screening log: %s\n", clr_store_errmsg(l->st));
		} else {
			unlink(path);
			atomic_fetch_add(&l->n_imported, n);
			atomic_fetch_add(&l->n_batches, 1);
			l->unindexed += n;
			if (l->unindexed >= CLR_MAX_SCREENLOG_UNINDEXED) {
				if (clr_store_screenings_index(l->st, NULL) < 0)
					fprintf(stderr, "clearance: screening log: party index: %s\n",
					        clr_store_errmsg(l->st));
				l->unindexed = 0;
			}
		}
		free_records(v, n);
		pthread_mutex_lock(&l->imu);
		l->hand = NULL;
		pthread_cond_broadcast(&l->icv);
	}
	pthread_mutex_unlock(&l->imu);
	if (l->unindexed && clr_store_screenings_index(l->st, NULL) < 0)
		fprintf(stderr, "clearance: screening log: party index: %s\n", clr_store_errmsg(l->st));
	return NULL;
}

/* Hands the records kept so far, and the journal holding them, to the
 * importer and starts the next journal; waits while the importer is busy
 * when wait is set, else gives up then.  The writer's thread only. */
static void hand_over(srv_screenlog *l, int wait)
{
	if (!l->npend)
		return;
	pthread_mutex_lock(&l->imu);
	while (l->hand && wait)
		pthread_cond_wait(&l->icv, &l->imu);
	if (l->hand) {
		pthread_mutex_unlock(&l->imu);
		return;
	}
	close(l->fd);
	l->fd = -1;
	l->hand = l->pend;
	l->nhand = l->npend;
	l->hand_jno = l->jno;
	pthread_cond_broadcast(&l->icv);
	pthread_mutex_unlock(&l->imu);
	l->pend = NULL;
	l->npend = l->cappend = 0;
	if (journal_open(l) < 0)
		l->broken = 1;
}

/* ---- the writer ---------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes the queued jobs, up to CLR_MAX_SCREENLOG_BATCH records (one job at
 * least), off the queue; l->mu held. */
static srv_logjob *take_batch(srv_screenlog *l, size_t *out_n)
{
	srv_logjob *first = l->head, *last = first;
	size_t n = first->n;
	while (last->next && n + last->next->n <= CLR_MAX_SCREENLOG_BATCH) {
		last = last->next;
		n += last->n;
	}
	l->head = last->next;
	if (!l->head)
		l->tail = NULL;
	last->next = NULL;
	l->queued -= n;
	*out_n = n;
	return first;
}

/* Writes a batch's records to the journal in one write and keeps them for
 * the importer; 0, or a negative clr_err (nothing kept). */
static int append(srv_screenlog *l, srv_logjob *batch)
{
	size_t size = 0, n0 = l->npend;
	for (srv_logjob *j = batch; j; j = j->next)
		for (size_t i = 0; i < j->n; i++)
			size += record_size(&j->v[i]);
	if (size > l->cap) {
		char *nb = realloc(l->buf, size);
		if (!nb)
			return CLR_ENOMEM;
		l->buf = nb;
		l->cap = size;
	}
	char *p = l->buf;
	for (srv_logjob *j = batch; j; j = j->next)
		for (size_t i = 0; i < j->n; i++)
			p = put_record(p, &j->v[i]);
	for (srv_logjob *j = batch; j; j = j->next)
		for (size_t i = 0; i < j->n; i++)
			if (keep(l, &j->v[i]) < 0)
				goto oom;
	if (l->broken || write_all(l->fd, l->buf, size) < 0) {
		fprintf(stderr, "clearance: screening log: journal: %s\n",
		        l->broken ? "cannot open" : strerror(errno));
		for (size_t i = n0; i < l->npend; i++)
			free(l->pend[i].reserved_[0]);
		l->npend = n0;
		return CLR_EIO;
	}
	return 0;
oom:
	for (size_t i = n0; i < l->npend; i++)
		free(l->pend[i].reserved_[0]);
	l->npend = n0;
	return CLR_ENOMEM;
}

static void *writer(void *arg)
{
	srv_screenlog *l = arg;
	double since = 0; /* when the oldest record kept was written */
	pthread_mutex_lock(&l->mu);
	for (;;) {
		if (l->sync_req != l->sync_done) { /* a reader wants what was answered */
			unsigned long want = l->sync_req;
			pthread_mutex_unlock(&l->mu);
			hand_over(l, 1);
			pthread_mutex_lock(&l->mu);
			l->sync_done = want;
			pthread_cond_broadcast(&l->synced);
			continue;
		}
		while (!l->head && !l->stopping && l->sync_req == l->sync_done) {
			if (!l->npend) {
				pthread_cond_wait(&l->work, &l->mu);
				continue;
			}
			/* quiet: what is kept goes to the importer soon after */
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 20 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			if (pthread_cond_timedwait(&l->work, &l->mu, &ts) == ETIMEDOUT) {
				pthread_mutex_unlock(&l->mu);
				hand_over(l, 0);
				pthread_mutex_lock(&l->mu);
			}
		}
		if (l->sync_req != l->sync_done)
			continue;
		if (!l->head)
			break;
		size_t n;
		srv_logjob *batch = take_batch(l, &n);
		pthread_cond_broadcast(&l->room);
		pthread_mutex_unlock(&l->mu);
		if (!l->npend)
			since = now_s();
		int rc = append(l, batch);
		if (rc)
			atomic_fetch_add(&l->n_failed, n);
		else
			atomic_fetch_add(&l->n_records, n);
		for (srv_logjob *j = batch, *nx; j; j = nx) {
			nx = j->next; /* j is the request's: gone once done */
			j->rc = rc;
			l->done(j, l->payload);
		}
		/* a few thousand records, or a tenth of a second's: imported in one
		 * transaction; past the bound, the writer waits for the importer */
		if (l->npend >= CLR_MAX_SCREENLOG_PENDING)
			hand_over(l, 1);
		else if (l->npend >= CLR_SCREENLOG_IMPORT_RECORDS ||
		         now_s() - since >= CLR_SCREENLOG_IMPORT_SECONDS)
			hand_over(l, 0);
		pthread_mutex_lock(&l->mu);
	}
	pthread_mutex_unlock(&l->mu);
	hand_over(l, 1);
	pthread_mutex_lock(&l->mu);
	l->sync_done = l->sync_req;
	pthread_cond_broadcast(&l->synced);
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

int srv_screenlog_start(srv_screenlog *l, const char *store, void (*done)(srv_logjob *, void *),
                        void *payload)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	snprintf(l->store, sizeof(l->store), "%s", store);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	l->run = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	int rc = clr_store_open(&l->st, store);
	if (rc < 0)
		fprintf(stderr, "clearance: screening log: %s\n", clr_store_errmsg(l->st));
	if (rc < 0 || (rc = replay_all(l)) < 0 || (rc = journal_open(l)) < 0) {
		clr_store_free(l->st);
		return rc;
	}
	l->done = done;
	l->payload = payload;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->work, NULL);
	pthread_cond_init(&l->room, NULL);
	pthread_cond_init(&l->synced, NULL);
	pthread_mutex_init(&l->imu, NULL);
	pthread_cond_init(&l->icv, NULL);
	if (pthread_create(&l->importer_t, NULL, importer, l)) {
		rc = CLR_ENOMEM;
	} else if (pthread_create(&l->writer_t, NULL, writer, l)) {
		pthread_mutex_lock(&l->imu);
		l->istop = 1;
		pthread_cond_broadcast(&l->icv);
		pthread_mutex_unlock(&l->imu);
		pthread_join(l->importer_t, NULL);
		rc = CLR_ENOMEM;
	}
	if (rc) {
		close(l->fd);
		clr_store_free(l->st);
		pthread_mutex_destroy(&l->mu);
		pthread_cond_destroy(&l->work);
		pthread_cond_destroy(&l->room);
		pthread_cond_destroy(&l->synced);
		pthread_mutex_destroy(&l->imu);
		pthread_cond_destroy(&l->icv);
		return rc;
	}
	l->running = 1;
	return 0;
}

void srv_screenlog_push(srv_screenlog *l, srv_logjob *j)
{
	j->next = NULL;
	pthread_mutex_lock(&l->mu);
	/* a full queue holds the worker back (a job alone always fits) */
	while (l->queued && l->queued + j->n > CLR_MAX_SCREENLOG_QUEUE)
		pthread_cond_wait(&l->room, &l->mu);
	if (l->tail)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
	l->queued += j->n;
	pthread_cond_signal(&l->work);
	pthread_mutex_unlock(&l->mu);
}

void srv_screenlog_sync(srv_screenlog *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->mu);
	unsigned long mine = ++l->sync_req;
	pthread_cond_signal(&l->work);
	while (l->sync_done < mine && l->running)
		pthread_cond_wait(&l->synced, &l->mu);
	pthread_mutex_unlock(&l->mu);
	pthread_mutex_lock(&l->imu);
	while (l->hand)
		pthread_cond_wait(&l->icv, &l->imu);
	pthread_mutex_unlock(&l->imu);
}

void srv_screenlog_stop(srv_screenlog *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_signal(&l->work);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->writer_t, NULL);
	pthread_mutex_lock(&l->imu);
	l->istop = 1;
	pthread_cond_broadcast(&l->icv);
	pthread_mutex_unlock(&l->imu);
	pthread_join(l->importer_t, NULL);
	/* the last journal is empty once its records were handed over */
	char path[4200];
	journal_name(l, l->jno, path, sizeof(path));
	close(l->fd);
	if (!l->npend)
		unlink(path);
	free_records(l->pend, l->npend);
	free(l->buf);
	clr_store_free(l->st);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->work);
	pthread_cond_destroy(&l->room);
	pthread_cond_destroy(&l->synced);
	pthread_mutex_destroy(&l->imu);
	pthread_cond_destroy(&l->icv);
	l->running = 0;
}
