/*
 * server.h - internals of `clearance serve`: request validation (fuzzed on
 * its own, no socket), API keys, the HTTP daemon.  Uses only the
 * public API include/clearance.h, src/limits.h, jansson and libmicrohttpd; never reaches
 * into the library's modules.
 */
#ifndef CLR_SERVER_H
#define CLR_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "clearance.h"

/* ---- request validation (request.c) ---------------------------------- */

/* What went wrong with a request body: the field path ("records[3].name",
 * "body") and a message naming it. */
typedef struct srv_err {
	char field[96];
	char msg[320];
} srv_err;

typedef struct srv_query {
	const char *id;      /* borrowed from the request's JSON tree */
	const char *name;
	clr_type type;
	const char *country; /* NULL when absent */
	/* evidence beyond the name (docs/evidence.md), NULL / 0 when absent */
	const char *dob, *nationality, *address, *city, *imo;
	clr_query_id *ids;   /* into srv_screen_req.idv */
	size_t nids;
	char imobuf[24];     /* an IMO number given as a JSON number */
} srv_query;

typedef struct srv_screen_req {
	void *root;          /* json_t *, owns every string */
	double threshold;    /* 0: the server's default */
	const char *jurisdiction; /* "US,UK": the lists that apply; NULL: every list */
	int batch;           /* {"records": [...]} rather than one name */
	size_t nqueries;
	srv_query *queries;
	char (*ids)[24];     /* generated ids ("1", "2", ...) of records without one */
	clr_query_id *idv;   /* every record's identifiers */
} srv_screen_req;

typedef struct srv_compare_req {
	void *root;
	const char *a, *b;
	clr_type type;
	double threshold;
} srv_compare_req;

typedef struct srv_check_req {
	int batch;           /* {"transactions": [...]} */
	size_t n;
	char **tx;           /* each transaction re-serialised, for clr_check_json */
} srv_check_req;

typedef struct srv_review_req {
	void *root;
	const char *decision; /* false_positive, true_match, escalated */
	const char *note;     /* NULL when absent */
} srv_review_req;

/* Each returns 0, or an HTTP status (400, 413) with *err filled in. */
int srv_parse_screen(srv_screen_req *out, const char *body, size_t len, srv_err *err);
void srv_screen_req_free(srv_screen_req *r);
int srv_parse_compare(srv_compare_req *out, const char *body, size_t len, srv_err *err);
void srv_compare_req_free(srv_compare_req *r);
int srv_parse_check(srv_check_req *out, const char *body, size_t len, srv_err *err);
void srv_check_req_free(srv_check_req *r);
int srv_parse_review(srv_review_req *out, const char *body, size_t len, srv_err *err);
void srv_review_req_free(srv_review_req *r);
/* A query parameter: a decimal integer in [lo, hi]; dflt when z is NULL. */
int srv_parse_size(const char *z, const char *field, size_t lo, size_t hi, size_t dflt,
                   size_t *out, srv_err *err);
/* A query parameter that must be one of the NULL-terminated choices; dflt
 * when z is NULL. */
int srv_parse_choice(const char *z, const char *field, const char *const *choices,
                     const char *dflt, const char **out, srv_err *err);

/* ---- the trade.gov CSL API v1 (compat_csl.c) ------------------------- */

/* The query parameters of GET /consolidated_screening_list/v1/search, as
 * given (NULL when absent); "type" is accepted for "types". */
typedef struct srv_csl_params {
	const char *name, *fuzzy_name, *sources, *types, *type, *countries, *address, *city,
		*state, *postal_code, *full_address, *size, *offset;
} srv_csl_params;

/* The answer {total, sources, results} as a JSON string (*out, malloc'd):
 * 0, or an HTTP status (400, 500) with err filled in.  With fuzzy_name the
 * screener matches at threshold; without, every word of the name must be
 * a word of one of the entry's names, as the original does. */
int srv_csl_search(clr_screener *sc, const clr_db *db, double threshold,
                   const srv_csl_params *p, char **out, srv_err *err);
/* The answer of GET /consolidated_screening_list/v1/sources: one result per
 * list code loaded; NULL when out of memory. */
char *srv_csl_sources(const clr_db *db, const char *loaded_at);

/* ---- the OpenSanctions matching API (compat_yente.c) ----------------- */

/* dataset: "default", "us", "un" or a list code (404 when nothing loaded
 * is in it).  Each returns 0 with *out (malloc'd JSON), or an HTTP status
 * (400, 404, 413, 500) with err filled in. */
int srv_yente_match(clr_screener *sc, const clr_db *db, const char *dataset, const char *body,
                    size_t len, const char *limit, const char *threshold, char **out,
                    srv_err *err);
int srv_yente_search(clr_screener *sc, const clr_db *db, const char *dataset, const char *q,
                     const char *limit, char **out, srv_err *err);
int srv_yente_entity(const clr_db *db, const char *id, char **out, srv_err *err);
/* {"datasets": [...]}: default and one per list code; NULL when out of memory. */
char *srv_yente_catalog(const clr_db *db);

/* ---- API keys (auth.c) ------------------------------------------------- */

typedef enum srv_role {
	SRV_ROLE_NONE = 0, /* routes anyone may call */
	SRV_ROLE_SCREEN,   /* screen, compare, check, lists */
	SRV_ROLE_ANALYST,  /* + metrics */
	SRV_ROLE_ADMIN,    /* + reload */
} srv_role;

const char *srv_role_name(srv_role r);
srv_role srv_role_parse(const char *z); /* SRV_ROLE_NONE when unknown */


typedef struct srv_key {
	srv_role role;
	uint8_t hash[32];
} srv_key;

typedef struct srv_keys {
	size_t n;
	srv_key *v;
} srv_keys;

/* Reads a keys file (lines "role sha256hex", '#' comments).  Returns 0 or a
 * negative clr_err with a message naming file and line in err. */
int srv_keys_load(srv_keys *out, const char *path, char *err, size_t errcap);
void srv_keys_free(srv_keys *k);
/* Role of a presented key, SRV_ROLE_NONE when no key matches; compares
 * against every stored hash in constant time. */
srv_role srv_keys_role(const srv_keys *k, const char *key, size_t len);
/* New keys are appended to a keys file by clr_keyfile_add (clearance.h). */

/* ---- connections, rate limits, the work queue (guard.c) ---------------- */

#include <pthread.h>
#include <stdatomic.h>

/* Monotonic seconds. */
double srv_now(void);

/* Where a connection stands: waiting for a request line and headers (a new
 * connection, or an idle keep-alive one), receiving a body, or being
 * answered (no deadline: the work queue bounds that). */
typedef enum srv_conn_phase { SRV_CONN_WAIT, SRV_CONN_BODY, SRV_CONN_BUSY } srv_conn_phase;

typedef struct srv_conn srv_conn;
typedef struct srv_conns {
	pthread_mutex_t mu;
	srv_conn *head;
	size_t n, limit;
	double header_s, idle_s, body_s;
	atomic_ulong n_deadline;  /* shut down past a deadline */
	atomic_ulong n_reaped;    /* idle keep-alive ones shut down to make room */
	atomic_int stop;
	pthread_t thread;         /* the reaper */
} srv_conns;

/* Starts the reaper, which shuts down every connection past its deadline:
 * header_s after it opened without a complete request head, idle_s after
 * its last answer without the next, body_s after its head without the
 * whole body. */
int srv_conns_start(srv_conns *c, size_t limit, double header_s, double idle_s, double body_s);
void srv_conns_stop(srv_conns *c);
/* A new connection (NULL when out of memory); near the limit the oldest
 * idle keep-alive connection is shut down to make room. */
srv_conn *srv_conns_add(srv_conns *c, int fd);
void srv_conns_remove(srv_conns *c, srv_conn *k);
void srv_conn_set_phase(srv_conns *c, srv_conn *k, srv_conn_phase phase);
size_t srv_conns_count(srv_conns *c);

/* Requests per second and burst of one bucket; per_s <= 0: unlimited. */
typedef struct srv_rate {
	double per_s, burst;
} srv_rate;

typedef struct srv_buckets {
	pthread_mutex_t mu;
	struct srv_bucket *v;
	size_t n;
} srv_buckets;

int srv_buckets_init(srv_buckets *b, size_t n);
void srv_buckets_fini(srv_buckets *b);
/* Takes a token from key's bucket: 0, or the seconds until one refills
 * (nothing taken). */
double srv_buckets_take(srv_buckets *b, const char *key, srv_rate rate, double now);

/* A job of the work queue, embedded in what it works on; units: its
 * estimated cost (a record screened is one). */
typedef struct srv_job {
	struct srv_job *next;
	size_t units;
	double started; /* when a worker took it (srv_now) */
} srv_job;

typedef struct srv_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	srv_job *head, *tail;
	size_t units;           /* admitted and not yet done */
	double per_unit;        /* seconds per unit, measured; 0 before the first job */
	double bound_s;         /* longest drain admitted */
	int stopping;
	unsigned nthreads;
	pthread_t *threads;
	void (*run)(srv_job *, void *payload);
	void *payload;
	atomic_ulong n_shed;
} srv_queue;

int srv_queue_start(srv_queue *q, unsigned nthreads, double bound_s,
                    void (*run)(srv_job *, void *), void *payload);
/* Reserves room for a job: 1 admitted (push it), 0 the queue is stopping
 * (run it in place), -1 refused: draining what is admitted would take
 * longer than the bound; *retry_after then says in how many seconds to try. */
int srv_queue_admit(srv_queue *q, size_t units, unsigned *retry_after);
void srv_queue_push(srv_queue *q, srv_job *j);
/* The job's work is done: its units leave the queue and its time joins the
 * measured rate.  run calls it before it lets the answer go, so a client
 * that sends its next request the moment it has the answer never finds its
 * own finished job still counted against the bound. */
void srv_queue_done(srv_queue *q, srv_job *j);
/* Seconds the admitted work would take the workers at the measured rate. */
double srv_queue_drain_seconds(srv_queue *q);
/* Runs every admitted job, then joins the workers; jobs admitted later are
 * the caller's to run (srv_queue_admit returns 0).  srv_queue_fini then
 * frees the queue once nothing admits any more. */
void srv_queue_stop(srv_queue *q);
void srv_queue_fini(srv_queue *q);

/* ---- the screening log's writer (screenlog.c) ---------------------------- */

/* One request's records, embedded in the request: written to the journal
 * whole, imported in one transaction with the others written meanwhile. */
typedef struct srv_logjob {
	clr_screening *v;  /* party, query and alerts owned; the rest borrowed from the request */
	size_t n, cap;
} srv_logjob;

/* Adds a record r with its party, query and alerts (malloc'd; taken, freed
 * on failure too).  0, or -1 out of memory or over CLR_MAX_SCREENLOG_BATCH. */
int srv_logjob_add(srv_logjob *j, const clr_screening *r, char *party, char *query,
                   char *alerts);
void srv_logjob_free(srv_logjob *j);

typedef struct srv_screenlog {
	pthread_mutex_t mu;          /* the journal, the records kept, the syncs */
	pthread_cond_t work, room, synced;
	int stopping, running, broken;
	int hold;                    /* $CLEARANCE_SCREENLOG_HOLD: no import by age (tests) */
	unsigned long sync_req, sync_done;
	pthread_t importer_t;
	char store[4096];
	uint64_t run;                /* this start's journals: STORE-screenlog.RUN.K */
	uint64_t jno;                /* the journal written: K */
	int fd;
	char *map;                   /* the journal mapped: the records written, for the importer */
	size_t mapcap;               /* bytes mapped (allocated in the file) */
	size_t npend, lpend;         /* records and bytes written to it */
	int spare_fd;                /* a journal emptied by its import, for the next */
	uint64_t spare_k;            /* its K */
	char *spare_map;             /* its mapping, zeroed, and its size */
	size_t spare_cap;
	clr_screening *recs;         /* the importer's view of a journal's records */
	size_t nrecs_cap;
	double since;                /* when the oldest of them was written */
	size_t unindexed;            /* imported since the party index caught up */
	clr_store *st;               /* the importer's connection */
	atomic_ulong n_records, n_imported, n_batches, n_failed;
} srv_screenlog;

/* Opens the store, logs what journals a crash left and starts the
 * importer.  0 or a negative clr_err (printed). */
int srv_screenlog_start(srv_screenlog *l, const char *store);
/* The journals' path prefix for store (journal.c): a SQLite store's path;
 * for a PostgreSQL URI, a local folder's file named after the URI. */
void srv_screenlog_base(const char *store, char *out, size_t cap);
/* Appends a request's records to the journal (one copy): once it returns
 * 0 the request may be answered; a negative clr_err: it may not (500).
 * Waits while CLR_MAX_SCREENLOG_PENDING records wait for the importer. */
int srv_screenlog_write(srv_screenlog *l, srv_logjob *j);
/* Returns once every record answered before the call is in the store. */
void srv_screenlog_sync(srv_screenlog *l);
/* Imports what is written, then stops the importer (the workers, the only
 * writers, have stopped). */
void srv_screenlog_stop(srv_screenlog *l);

/* ---- the daemon (server.c) ------------------------------------------- */

/* The service's public face is clr_server_* (clearance.h); inside, the
 * server names them so. */
#define SRV_MAX_LISTS CLR_SERVER_MAX_LISTS
typedef clr_server_config srv_config;
typedef clr_server srv_server;

#endif
