/*
 * batch.c - screens a stream of records on all cores and writes one JSON
 * line per record in input order.  Works chunk by chunk so memory stays
 * flat whatever the input size (two chunks: one screened while the main
 * thread writes the one before it and reads the one after); a progress line
 * goes to stderr only when it is a terminal.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define CHUNK 4096

typedef struct item {
	clr_record *rec; /* a copy (clr_record_copy) */
	char *out;  /* JSON line */
	int err;
	size_t nalerts;
	size_t ncandidates, naligned;
	double us; /* screening and formatting time */
} item;

typedef struct job {
	clr_db *db;
	clr_screener **screeners; /* one per thread, kept across chunks (warm caches) */
	atomic_int nextworker;
	const clr_screen_opts *opts;
	item *items;
	size_t n;
	atomic_size_t next;
	atomic_int failed;
	char errmsg[512];
	pthread_mutex_t mu;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	clr_screener **sp = &j->screeners[atomic_fetch_add(&j->nextworker, 1)];
	if (!*sp && clr_screener_new(sp, j->db)) {
		atomic_store(&j->failed, 1);
		return NULL;
	}
	clr_screener *s = *sp;
	for (;;) {
		size_t k = atomic_fetch_add(&j->next, 1);
		if (k >= j->n)
			break;
		item *it = &j->items[k];
		clr_screen_opts o = *j->opts;
		clr_record_screen_opts(it->rec, &o);
		clr_result *r = NULL;
		double t0 = cli_now();
		if (clr_screen(s, &o, it->rec->name, &r) < 0) {
			pthread_mutex_lock(&j->mu);
			if (!atomic_load(&j->failed))
				snprintf(j->errmsg, sizeof(j->errmsg), "record %s (line %zu): %s",
				         it->rec->id, it->rec->line, clr_screener_errmsg(s));
			atomic_store(&j->failed, 1);
			pthread_mutex_unlock(&j->mu);
			it->err = 1;
			continue;
		}
		it->nalerts = r->nalerts;
		it->ncandidates = r->ncandidates;
		it->naligned = r->naligned;
		if (clr_batch_line_json(it->rec, r, &it->out) < 0)
			it->err = 1;
		clr_result_free(r);
		it->us = (cli_now() - t0) * 1e6;
	}
	return NULL;
}

/* Per-record latency in a fixed histogram (memory stays flat): 1 us
 * buckets up to 10 ms, then 1 ms buckets up to 10 s, the last bucket
 * holding the rest. */
#define LAT_FINE 10000
#define LAT_BUCKETS (2 * LAT_FINE)

static size_t lat_bucket(double us)
{
	size_t b = us < LAT_FINE ? (size_t)us : LAT_FINE + (size_t)((us - LAT_FINE) / 1000);
	return b < LAT_BUCKETS ? b : LAT_BUCKETS - 1;
}

/* The upper edge of the bucket holding the p-th fraction of records. */
static double lat_percentile(const uint64_t *h, uint64_t total, double p)
{
	uint64_t want = (uint64_t)(p * (double)total + 0.5), seen = 0;
	for (size_t b = 0; b < LAT_BUCKETS; b++)
		if ((seen += h[b]) >= want && want)
			return b < LAT_FINE ? (double)b + 1 : LAT_FINE + 1000.0 * (double)(b - LAT_FINE + 1);
	return 0;
}

/* Reads up to CHUNK records into items (*n of them; *done at the end of
 * the input); EXIT_CLEAR, or EXIT_ERROR with the reader's message printed. */
static int read_chunk(clr_reader *rd, item *items, size_t *n, int *done)
{
	*n = 0;
	while (*n < CHUNK) {
		clr_record rec;
		int r = clr_reader_next(rd, &rec);
		if (r < 0)
			return cli_err("%s", clr_reader_errmsg(rd));
		if (r == 0) {
			*done = 1;
			break;
		}
		item *it = &items[*n];
		memset(it, 0, sizeof(*it));
		if (clr_record_copy(&rec, &it->rec) < 0)
			return cli_err("out of memory");
		(*n)++;
	}
	return EXIT_CLEAR;
}

typedef struct totals {
	size_t total, alerted, candidates, aligned;
	uint64_t *lat; /* latency histogram, LAT_BUCKETS */
} totals;

/* Writes a screened chunk's lines in input order (when write) and frees it. */
static void write_chunk(FILE *out, item *items, size_t n, int write, totals *t)
{
	for (size_t k = 0; k < n; k++) {
		if (write && items[k].out) {
			fputs(items[k].out, out);
			fputc('\n', out);
			t->alerted += items[k].nalerts > 0;
			t->candidates += items[k].ncandidates;
			t->aligned += items[k].naligned;
			t->lat[lat_bucket(items[k].us)]++;
		}
		free(items[k].out);
		free(items[k].rec);
	}
	if (write)
		t->total += n;
}

int cmd_batch(int argc, char **argv)
{
	cli_common c = {0};
	const char *in_path = NULL, *out_path = NULL;
	const char *threads_arg = NULL;
	int stats = 0, npos;
	const cli_opt opts[] = {{"--input", &in_path, NULL}, {"--output", &out_path, NULL},
	                        {"--threads", &threads_arg, NULL}, {"--stats", NULL, &stats},
	                        {NULL, NULL, NULL}};
	double nthreads = (double)sysconf(_SC_NPROCESSORS_ONLN);
	if (cli_parse_opts(&c, argc, argv, opts, NULL, 0, &npos) < 0 ||
	    cli_number("--threads", threads_arg, 1, 256, &nthreads) < 0)
		return EXIT_ERROR;
	long threads = (long)nthreads;
	if ((double)threads != nthreads)
		return cli_err("--threads: expected a whole number, got '%s'", threads_arg);
	if (threads < 1)
		threads = 1;
	clr_db *db;
	int rc = cli_load(&c, &db);
	if (rc)
		return rc;
	FILE *in = in_path ? fopen(in_path, "rb") : stdin;
	if (!in) {
		clr_db_free(db);
		return cli_err("%s: cannot open", in_path);
	}
	FILE *out = out_path ? fopen(out_path, "wb") : stdout;
	if (!out) {
		if (in != stdin)
			fclose(in);
		clr_db_free(db);
		return cli_err("%s: cannot create", out_path);
	}
	/* a batch writes hundreds of bytes a record: write them in large blocks,
	 * not one system call per 4 KB, while the screening threads wait on none */
	static char outbuf[1 << 20];
	if (!isatty(fileno(out)))
		setvbuf(out, outbuf, _IOFBF, sizeof(outbuf));
	clr_reader *rd;
	if (clr_reader_open(&rd, in, in_path ? in_path : "<stdin>") < 0) {
		clr_db_free(db);
		return cli_err("out of memory");
	}
	item *items[2] = {calloc(CHUNK, sizeof(item)), calloc(CHUNK, sizeof(item))};
	size_t nitems[2] = {0, 0};
	pthread_t *tids = calloc((size_t)threads, sizeof(pthread_t));
	clr_screener **screeners = calloc((size_t)threads, sizeof(clr_screener *));
	totals tot = {.lat = calloc(LAT_BUCKETS, sizeof(uint64_t))};
	int status = items[0] && items[1] && tids && screeners && tot.lat ? EXIT_CLEAR
	                                                                  : cli_err("out of memory");
	int progress = isatty(2) && !c.quiet;
	double screen_s = 0;
	double t0 = cli_now();
	int done = 0, cur = 0;
	if (status == EXIT_CLEAR)
		status = read_chunk(rd, items[cur], &nitems[cur], &done);
	/* While chunk k is screened the main thread writes chunk k - 1 and reads
	 * chunk k + 1 into the same buffer; output stays in input order. */
	int pending = -1; /* the buffer holding a screened chunk not written yet */
	while (status == EXIT_CLEAR && nitems[cur]) {
		size_t n = nitems[cur];
		job j = {.db = db, .screeners = screeners, .opts = &c.opts, .items = items[cur], .n = n};
		atomic_init(&j.nextworker, 0);
		atomic_init(&j.next, 0);
		atomic_init(&j.failed, 0);
		pthread_mutex_init(&j.mu, NULL);
		long nt = (long)n < threads ? (long)n : threads;
		double ts = cli_now();
		for (long t = 0; t < nt; t++)
			pthread_create(&tids[t], NULL, worker, &j);
		if (pending >= 0) {
			write_chunk(out, items[pending], nitems[pending], 1, &tot);
			nitems[pending] = 0;
			pending = -1;
		}
		int rs = done ? EXIT_CLEAR : read_chunk(rd, items[!cur], &nitems[!cur], &done);
		for (long t = 0; t < nt; t++)
			pthread_join(tids[t], NULL);
		screen_s += cli_now() - ts;
		pthread_mutex_destroy(&j.mu);
		if (atomic_load(&j.failed)) {
			status = cli_err("%s", j.errmsg[0] ? j.errmsg : "screening failed");
		} else if (rs != EXIT_CLEAR) { /* what came before the bad record is written */
			write_chunk(out, items[cur], n, 1, &tot);
			nitems[cur] = 0;
			status = rs;
		} else {
			pending = cur;
		}
		if (progress) {
			double dt = cli_now() - t0;
			size_t seen = tot.total + (pending >= 0 ? n : 0);
			fprintf(stderr, "\rscreened %zu records, %zu with alerts, %.0f/s   ", seen,
			        tot.alerted, dt > 0 ? seen / dt : 0.0);
		}
		cur = !cur;
	}
	if (pending >= 0) {
		write_chunk(out, items[pending], nitems[pending], 1, &tot);
		nitems[pending] = 0;
	}
	for (int b = 0; b < 2; b++) /* a chunk read but not screened (an error stopped the run) */
		if (items[b])
			write_chunk(out, items[b], nitems[b], 0, &tot);
	if (progress)
		fputc('\n', stderr);
	if (stats && status == EXIT_CLEAR)
		fprintf(stderr,
		        "batch: %zu records, %zu with alerts, %.3f s screening (%.0f records/s, "
		        "%.1f us each), %.1f candidate names and %.1f aligned each, %ld thread%s, "
		        "%.3f s in all; latency p50 %.0f us, p99 %.0f us\n",
		        tot.total, tot.alerted, screen_s, screen_s > 0 ? tot.total / screen_s : 0.0,
		        tot.total ? screen_s * 1e6 / tot.total : 0.0,
		        tot.total ? (double)tot.candidates / tot.total : 0.0,
		        tot.total ? (double)tot.aligned / tot.total : 0.0, threads, threads == 1 ? "" : "s",
		        cli_now() - t0, lat_percentile(tot.lat, tot.total, 0.5),
		        lat_percentile(tot.lat, tot.total, 0.99));
	if (fflush(out) != 0 && status == EXIT_CLEAR)
		status = cli_err("write error");
	for (long t = 0; t < threads; t++)
		clr_screener_free(screeners[t]);
	free(screeners);
	free(tot.lat);
	free(items[0]);
	free(items[1]);
	free(tids);
	clr_reader_free(rd);
	if (in != stdin)
		fclose(in);
	if (out != stdout)
		fclose(out);
	clr_db_free(db);
	return status;
}
