/*
 * screenlog_cost.c - what the screening log costs a request, without the
 * network and the screening around it (docs/screening-log.md): N records
 * of the seven parties bench_server.sh screens, each made as the server's
 * worker makes it (the query's JSON, the alerts, srv_screenlog_write) into
 * a store's journal, imported by the log's own importer thread.  Prints the
 * CPU time a request costs the worker (its thread) and the importer (the
 * process's, less the worker's).  Writes only the store it is given.
 * usage: clr-screenlog-cost STORE [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"

static double cpu(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: clr-screenlog-cost STORE [N]\n");
		return 2;
	}
	size_t n = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 200000;
	srv_screenlog *l = calloc(1, sizeof(*l));
	if (!l || srv_screenlog_start(l, argv[1]) < 0)
		return 1;
	double p0 = cpu(CLOCK_PROCESS_CPUTIME_ID), w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
	for (size_t i = 0; i < n; i++) {
		size_t k = i % (sizeof(party) / sizeof(party[0]));
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
	}
	double w = cpu(CLOCK_THREAD_CPUTIME_ID) - w0;
	srv_screenlog_stop(l); /* imports the rest */
	double p = cpu(CLOCK_PROCESS_CPUTIME_ID) - p0;
	printf("%zu requests: the log's CPU a request: worker %.2f us, importer %.2f us\n", n,
	       w / (double)n * 1e6, (p - w) / (double)n * 1e6);
	free(l);
	return 0;
}
