/*
 * guard.c - what keeps one client from taking `clearance serve` down: the
 * table of open connections with their deadlines (a reaper thread shuts
 * down those past theirs, idle keep-alive ones first when the pool fills),
 * token buckets per API key and per address, and the work queue that
 * sheds load it could not drain within its bound.  Knows sockets and
 * threads, never HTTP: the daemon (server.c) decides what to answer.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "limits.h"
#include "server.h"

double srv_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- connections and their deadlines ----------------------------------- */

struct srv_conn {
	int fd;
	srv_conn_phase phase;
	double since;      /* when the phase began */
	unsigned long served;
	int shut;          /* shut down by us: never twice */
	srv_conn *prev, *next;
};

/* Shuts a connection down (MHD then sees the end of its stream and closes
 * it in its own thread); the descriptor stays open until MHD closes it,
 * after telling srv_conns_remove, so it cannot be another connection's. */
static void conn_shut(srv_conn *k)
{
	if (!k->shut)
		shutdown(k->fd, SHUT_RDWR);
	k->shut = 1;
}

static double conn_deadline(const srv_conns *c, const srv_conn *k)
{
	switch (k->phase) {
	case SRV_CONN_WAIT:
		return k->since + (k->served ? c->idle_s : c->header_s);
	case SRV_CONN_BODY:
		return k->since + c->body_s;
	case SRV_CONN_BUSY:
		break;
	}
	return INFINITY;
}

static void *reaper(void *arg)
{
	srv_conns *c = arg;
	struct timespec tick = {0, 200 * 1000 * 1000};
	while (!atomic_load(&c->stop)) {
		nanosleep(&tick, NULL);
		double now = srv_now();
		pthread_mutex_lock(&c->mu);
		for (srv_conn *k = c->head; k; k = k->next)
			if (!k->shut && now > conn_deadline(c, k)) {
				conn_shut(k);
				atomic_fetch_add(&c->n_deadline, 1);
			}
		pthread_mutex_unlock(&c->mu);
	}
	return NULL;
}

int srv_conns_start(srv_conns *c, size_t limit, double header_s, double idle_s, double body_s)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	c->limit = limit;
	c->header_s = header_s;
	c->idle_s = idle_s;
	c->body_s = body_s;
	if (pthread_create(&c->thread, NULL, reaper, c) != 0) {
		pthread_mutex_destroy(&c->mu);
		return CLR_ENOMEM;
	}
	return 0;
}

void srv_conns_stop(srv_conns *c)
{
	atomic_store(&c->stop, 1);
	pthread_join(c->thread, NULL);
	for (srv_conn *k = c->head, *nx; k; k = nx) {
		nx = k->next;
		free(k);
	}
	pthread_mutex_destroy(&c->mu);
}

srv_conn *srv_conns_add(srv_conns *c, int fd)
{
	srv_conn *k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->fd = fd;
	k->phase = SRV_CONN_WAIT;
	k->since = srv_now();
	pthread_mutex_lock(&c->mu);
	/* near the limit, the oldest idle keep-alive connection makes room: its
	 * client reconnects at no cost, while a refused one sees an error */
	if (c->n + CLR_CONNECTION_RESERVE >= c->limit) {
		srv_conn *old = NULL;
		for (srv_conn *o = c->head; o; o = o->next)
			if (!o->shut && o->phase == SRV_CONN_WAIT && o->served &&
			    (!old || o->since < old->since))
				old = o;
		if (old) {
			conn_shut(old);
			atomic_fetch_add(&c->n_reaped, 1);
		}
	}
	k->next = c->head;
	if (c->head)
		c->head->prev = k;
	c->head = k;
	c->n++;
	pthread_mutex_unlock(&c->mu);
	return k;
}

void srv_conns_remove(srv_conns *c, srv_conn *k)
{
	if (!k)
		return;
	pthread_mutex_lock(&c->mu);
	if (k->prev)
		k->prev->next = k->next;
	else
		c->head = k->next;
	if (k->next)
		k->next->prev = k->prev;
	c->n--;
	pthread_mutex_unlock(&c->mu);
	free(k);
}

void srv_conn_set_phase(srv_conns *c, srv_conn *k, srv_conn_phase phase)
{
	if (!k)
		return;
	pthread_mutex_lock(&c->mu);
	if (phase == SRV_CONN_WAIT && k->phase != SRV_CONN_WAIT)
		k->served++;
	k->phase = phase;
	k->since = srv_now();
	pthread_mutex_unlock(&c->mu);
}

size_t srv_conns_count(srv_conns *c)
{
	pthread_mutex_lock(&c->mu);
	size_t n = c->n;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* ---- token buckets ------------------------------------------------------ */

struct srv_bucket {
	char key[80];
	double tokens, last;
};

/* FNV-1a: the table's slots, not a defence (a client picks only its own
 * key's or address's slot, and a full probe window evicts the stalest). */
static size_t key_hash(const char *z)
{
	uint64_t h = 1469598103934665603u;
	for (; *z; z++)
		h = (h ^ (uint8_t)*z) * 1099511628211u;
	return (size_t)h;
}

int srv_buckets_init(srv_buckets *b, size_t n)
{
	pthread_mutex_init(&b->mu, NULL);
	b->n = n;
	b->v = calloc(n, sizeof(*b->v));
	return b->v ? 0 : CLR_ENOMEM;
}

void srv_buckets_fini(srv_buckets *b)
{
	free(b->v);
	pthread_mutex_destroy(&b->mu);
}

double srv_buckets_take(srv_buckets *b, const char *key, srv_rate rate, double now)
{
	if (rate.per_s <= 0)
		return 0;
	size_t h = key_hash(key), at = b->n;
	pthread_mutex_lock(&b->mu);
	for (size_t i = 0; i < CLR_RATE_PROBES && at == b->n; i++) {
		size_t j = (h + i) % b->n;
		if (!strncmp(b->v[j].key, key, sizeof(b->v[j].key) - 1))
			at = j;
	}
	if (at == b->n) { /* a new client: an empty slot or the stalest of the window */
		at = h % b->n;
		for (size_t i = 1; i < CLR_RATE_PROBES; i++) {
			size_t j = (h + i) % b->n;
			if (b->v[j].last < b->v[at].last)
				at = j;
		}
		snprintf(b->v[at].key, sizeof(b->v[at].key), "%s", key);
		b->v[at].tokens = rate.burst;
		b->v[at].last = now;
	}
	struct srv_bucket *k = &b->v[at];
	k->tokens = fmin(rate.burst, k->tokens + (now - k->last) * rate.per_s);
	k->last = now;
	double wait = 0;
	if (k->tokens >= 1)
		k->tokens -= 1;
	else
		wait = (1 - k->tokens) / rate.per_s;
	pthread_mutex_unlock(&b->mu);
	return wait;
}

/* ---- the work queue ----------------------------------------------------- */

static void *worker(void *arg)
{
	srv_queue *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->head && !(q->stopping && !q->units))
			pthread_cond_wait(&q->cv, &q->mu);
		if (!q->head)
			break;
		srv_job *j = q->head;
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		pthread_mutex_unlock(&q->mu);
		j->started = srv_now();
		q->run(j, q->payload); /* calls srv_queue_done; j may be gone after */
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

int srv_queue_start(srv_queue *q, unsigned nthreads, double bound_s,
                    void (*run)(srv_job *, void *), void *payload)
{
	memset(q, 0, sizeof(*q));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->bound_s = bound_s;
	q->run = run;
	q->payload = payload;
	if (!(q->threads = calloc(nthreads, sizeof(*q->threads)))) {
		srv_queue_fini(q);
		return CLR_ENOMEM;
	}
	for (; q->nthreads < nthreads; q->nthreads++) {
		if (pthread_create(&q->threads[q->nthreads], NULL, worker, q) != 0)
			break;
		pthread_setname_np(q->threads[q->nthreads], "clr-worker");
	}
	if (q->nthreads)
		return 0;
	srv_queue_fini(q);
	return CLR_ENOMEM;
}

double srv_queue_drain_seconds(srv_queue *q)
{
	pthread_mutex_lock(&q->mu);
	double d = (double)q->units * q->per_unit / (double)(q->nthreads ? q->nthreads : 1);
	pthread_mutex_unlock(&q->mu);
	return d;
}

int srv_queue_admit(srv_queue *q, size_t units, unsigned *retry_after)
{
	int rc = 1;
	pthread_mutex_lock(&q->mu);
	double per_thread = q->per_unit / (double)(q->nthreads ? q->nthreads : 1);
	double drain = (double)q->units * per_thread;
	if (q->stopping) {
		rc = 0;
	} else if (q->units && drain + (double)units * per_thread > q->bound_s * CLR_QUEUE_FILL) {
		double s = ceil(drain);
		*retry_after = s < 1 ? 1 : s > 60 ? 60 : (unsigned)s;
		atomic_fetch_add(&q->n_shed, 1);
		rc = -1;
	} else {
		q->units += units;
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

void srv_queue_done(srv_queue *q, srv_job *j)
{
	double per = (srv_now() - j->started) / (double)j->units;
	pthread_mutex_lock(&q->mu);
	q->units -= j->units;
	/* seconds per unit, smoothed: one odd job moves it a tenth */
	q->per_unit = q->per_unit > 0 ? 0.9 * q->per_unit + 0.1 * per : per;
	if (q->stopping && !q->units)
		pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void srv_queue_push(srv_queue *q, srv_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void srv_queue_stop(srv_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stopping = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	for (unsigned i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	q->nthreads = 0;
}

void srv_queue_fini(srv_queue *q)
{
	free(q->threads);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
}
