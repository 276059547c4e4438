/*
 * screenlog_cost.c - what the screening log costs a request, without the
 * network and the screening around it (docs/screening-log.md): N records
 * of the seven parties bench_server.sh screens, each made as the server's
 * worker makes it (the query's JSON, the alerts, srv_screenlog_write) into
 * a store's journal, imported by the log's own importer thread.  Prints the
 * CPU time a request costs the worker (its thread) and the importer (the
 * process's, less the worker's), and of that the kernel's (system time:
 * the journal's page faults, the store's writes).  RATE paces the requests
 * as a server's arrive (20000: the server bench's), so that the importer
 * takes a tenth of a second's records at a time as in the server; without
 * it the worker runs ahead and the importer's batches are the bound's.
 * WORK (us, with RATE): each request first keeps its thread busy until that
 * long after it was due, the screening's stand-in, and threads spin on the other cores meanwhile
 * (the server and wrk saturate them): the importer then competes with the
 * worker for a core, and the requests' latency percentiles, from when each
 * was due to its record written, show what its bursts do to the tail (the
 * CPU is not printed then).  Writes only the store it is given.
 * usage: clr-screenlog-cost STORE [N [RATE [WORK]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "server/server.h"

static double cpu(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double sys_s(int who)
{
	struct rusage u;
	getrusage(who, &u);
	return (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

/* Sleeps until request i of a run at rate a second started at t0 is due. */
static void pace(size_t i, double rate, const struct timespec *t0)
{
	double due = (double)i / rate;
	struct timespec ts = {t0->tv_sec + (time_t)due,
	                      t0->tv_nsec + (long)((due - (double)(time_t)due) * 1e9)};
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* The bench's names and what the CSL files answer them (their log JSON). */
static const char *const party[] = {"Beijing Academy of AI", "Huawei Technologies",
                                    "Jane Unlisted Baker", "Inspur Group Co Ltd",
                                    "Acme Widgets GmbH", "Rosoboronexport", "Sergei Romanov"};
static const char *const alerts[] = {
	"[{\"entry_id\":\"el-ecfr-2026-07-00234\",\"score\":1.0,\"source\":\"EL\"}]",
	"[{\"entry_id\":\"1a3ccc08ecbb40155a4cce8d9c9ace917f54cc74\",\"score\":1.0,\"source\":\"EL\"},"
	"{\"entry_id\":\"8af92323b510cb0860f22fd245b2a845d670e26d\",\"score\":1.0,\"source\":\"EL\"},"
	"{\"entry_id\":\"el-ecfr-2026-07-00652\",\"score\":1.0,\"source\":\"EL\"},"
	"{\"entry_id\":\"30947\",\"score\":0.975,\"source\":\"CMIC\"},"
	"{\"entry_id\":\"033b300a1c6d8173280da75ba73b2c6dba3070e1\",\"score\":0.9512,\"source\":\"EL\"}]",
	"[]",
	"[{\"entry_id\":\"30949\",\"score\":1.0,\"source\":\"CMIC\"},"
	"{\"entry_id\":\"el-ecfr-2026-07-00680\",\"score\":1.0,\"source\":\"EL\"}]",
	"[]",
	"[{\"entry_id\":\"18782\",\"score\":1.0,\"source\":\"SDN\"},"
	"{\"entry_id\":\"442dc2a9ddf18d3f49e7ff87b3f8fa987c15eb83\",\"score\":1.0,\"source\":\"ISN\"},"
	"{\"entry_id\":\"2be713eb08a8a1ac56347669ae65d546e35a370a\",\"score\":0.9878,\"source\":\"EL\"}]",
	"[]"};
static const size_t nalerts[] = {1, 5, 0, 2, 0, 3, 0};

static atomic_int spinning = 1;

static void *spin(void *arg)
{
	(void)arg;
	while (atomic_load_explicit(&spinning, memory_order_relaxed))
		;
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: clr-screenlog-cost STORE [N [RATE [WORK]]]\n");
		return 2;
	}
	size_t n = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 200000;
	double rate = argc > 3 ? strtod(argv[3], NULL) : 0;
	double work = rate > 0 && argc > 4 ? strtod(argv[4], NULL) / 1e6 : 0;
	double *lat = work > 0 ? malloc((n ? n : 1) * sizeof(*lat)) : NULL;
	long nspin = work > 0 ? sysconf(_SC_NPROCESSORS_ONLN) - 1 : 0;
	pthread_t spinner[64];
	if (work > 0 && !lat)
		return 1;
	nspin = nspin < 0 ? 0 : nspin > 64 ? 64 : nspin;
	srv_screenlog *l = calloc(1, sizeof(*l));
	if (!l || srv_screenlog_start(l, argv[1]) < 0)
		return 1;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	double p0 = cpu(CLOCK_PROCESS_CPUTIME_ID), w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
	double ps0 = sys_s(RUSAGE_SELF), ws0 = sys_s(RUSAGE_THREAD);
	for (long i = 0; i < nspin; i++)
		if (pthread_create(&spinner[i], NULL, spin, NULL))
			nspin = i;
	for (size_t i = 0; i < n; i++) {
		size_t k = i % (sizeof(party) / sizeof(party[0]));
		if (rate > 0 && i % 64 == 0 && work <= 0)
			pace(i, rate, &t0);
		/* due, then busy until WORK after: one delayed by the scheduler gets
		 * less, so that the run does not fall behind */
		double due = (double)t0.tv_sec + (double)t0.tv_nsec / 1e9 + (double)i / (rate > 0 ? rate : 1);
		for (double t; work > 0 && (t = cpu(CLOCK_MONOTONIC)) < due;) {
			struct timespec d = {0, (long)((due - t) * 1e9)};
			nanosleep(&d, NULL);
		}
		while (work > 0 && cpu(CLOCK_MONOTONIC) < due + work)
			;
		char at[32], rid[32], *query = NULL;
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		size_t len = strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(at + len, sizeof(at) - len, ".%03dZ", (int)(ts.tv_nsec / 1000000));
		snprintf(rid, sizeof(rid), "01b61226-%zu", i);
		clr_screen_opts o = {.threshold = 0.8};
		srv_logjob j = {0};
		clr_screening r = {.at = at, .who = "anonymous", .route = "POST /v1/screen",
		                   .request_id = rid, .checksum = "7c7339c88e4dd308",
		                   .nalerts = nalerts[k]};
		if (clr_screen_query_json(party[k], &o, &query) < 0 ||
		    srv_logjob_add(&j, &r, strdup(party[k]), query, strdup(alerts[k])) < 0 ||
		    srv_screenlog_write(l, &j) < 0) {
			fprintf(stderr, "clr-screenlog-cost: record %zu not logged\n", i);
			return 1;
		}
		srv_logjob_free(&j);
		if (lat)
			lat[i] = cpu(CLOCK_MONOTONIC) - due;
	}
	double w = cpu(CLOCK_THREAD_CPUTIME_ID) - w0, ws = sys_s(RUSAGE_THREAD) - ws0;
	atomic_store(&spinning, 0);
	for (long i = 0; i < nspin; i++)
		pthread_join(spinner[i], NULL);
	srv_screenlog_stop(l); /* imports the rest */
	double p = cpu(CLOCK_PROCESS_CPUTIME_ID) - p0, ps = sys_s(RUSAGE_SELF) - ps0;
	if (lat && n) {
		/* the CPU is the work's and the spinners' as much as the log's */
		qsort(lat, n, sizeof(*lat), cmp_double);
		printf("%zu requests, %.0f us of work each, %ld spinning threads: latency p50 %.0f us,"
		       " p99 %.0f us, p99.9 %.0f us, max %.0f us\n", n, work * 1e6, nspin,
		       lat[n / 2] * 1e6, lat[n * 99 / 100] * 1e6, lat[n * 999 / 1000] * 1e6,
		       lat[n - 1] * 1e6);
	} else {
		printf("%zu requests: the log's CPU a request: worker %.2f us, importer %.2f us"
		       " (system: worker %.2f, importer %.2f)\n", n, w / (double)n * 1e6,
		       (p - w) / (double)n * 1e6, ws / (double)n * 1e6, (ps - ws) / (double)n * 1e6);
	}
	free(lat);
	free(l);
	return 0;
}
