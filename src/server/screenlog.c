/*
 * screenlog.c - the screening log's writer thread (docs/screening-log.md):
 * requests queue their records and are answered only once a transaction
 * holding them has committed; the writer commits whatever has queued
 * meanwhile as one transaction (group commit), so the cost of a commit is
 * shared by every request of its batch.  Never screens, never answers a
 * request itself: the done callback does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The party index, after the answers went out (a query indexes what is
 * left, so a failure here costs only time). */
static void catch_up(srv_screenlog *l)
{
	if (clr_store_screenings_index(l->st, NULL) < 0)
		fprintf(stderr, "clearance: screening log: party index: %s\n", clr_store_errmsg(l->st));
	l->unindexed = 0;
}

static void *writer(void *arg)
{
	srv_screenlog *l = arg;
	clr_screening *v = NULL;
	size_t cap = 0;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		while (!l->head && !l->stopping)
			pthread_cond_wait(&l->work, &l->mu);
		if (!l->head)
			break;
		size_t n;
		srv_logjob *batch = take_batch(l, &n);
		pthread_cond_broadcast(&l->room);
		pthread_mutex_unlock(&l->mu);
		int rc = 0;
		if (n > cap) {
			clr_screening *nv = realloc(v, n * sizeof(*v));
			if (nv) {
				v = nv;
				cap = n;
			} else {
				rc = CLR_ENOMEM;
			}
		}
		size_t k = 0;
		for (srv_logjob *j = batch; !rc && j; j = j->next) {
			memcpy(v + k, j->v, j->n * sizeof(*v));
			k += j->n;
		}
		if (!rc && (rc = clr_store_screenings_log(l->st, v, n)) < 0)
			fprintf(stderr, "clearance: screening log: %s\n", clr_store_errmsg(l->st));
		if (rc) {
			atomic_fetch_add(&l->n_failed, n);
		} else {
			atomic_fetch_add(&l->n_records, n);
			atomic_fetch_add(&l->n_batches, 1);
			l->unindexed += n;
		}
		for (srv_logjob *j = batch, *nx; j; j = nx) {
			nx = j->next; /* j is the request's: gone once done */
			j->rc = rc;
			l->done(j, l->payload);
		}
		if (l->unindexed >= CLR_MAX_SCREENLOG_UNINDEXED)
			catch_up(l);
		pthread_mutex_lock(&l->mu);
	}
	pthread_mutex_unlock(&l->mu);
	if (l->unindexed)
		catch_up(l);
	free(v);
	return NULL;
}

int srv_screenlog_start(srv_screenlog *l, const char *store, void (*done)(srv_logjob *, void *),
                        void *payload)
{
	memset(l, 0, sizeof(*l));
	if (clr_store_open(&l->st, store) < 0) {
		fprintf(stderr, "clearance: screening log: %s\n", clr_store_errmsg(l->st));
		clr_store_free(l->st);
		return CLR_EIO;
	}
	l->done = done;
	l->payload = payload;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->work, NULL);
	pthread_cond_init(&l->room, NULL);
	if (pthread_create(&l->thread, NULL, writer, l)) {
		clr_store_free(l->st);
		pthread_mutex_destroy(&l->mu);
		pthread_cond_destroy(&l->work);
		pthread_cond_destroy(&l->room);
		return CLR_ENOMEM;
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

void srv_screenlog_stop(srv_screenlog *l)
{
	if (!l->running)
		return;
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_signal(&l->work);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->thread, NULL);
	clr_store_free(l->st);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->work);
	pthread_cond_destroy(&l->room);
	l->running = 0;
}
