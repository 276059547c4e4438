/*
 * server.c - the HTTP daemon of `clearance serve` on libmicrohttpd: routes,
 * roles, limits, access log, metrics, the store routes (alerts, reviews,
 * diff, audit over a pool of SQLite connections) and the list snapshot
 * that reloads without dropping a request.  A request pins the snapshot it started on
 * (reference count) and screens with a screener borrowed from that
 * snapshot's pool; a reload builds a new snapshot aside and swaps the
 * pointer.  Never blocks a request on a reload, never screens on a db that
 * is being built.  The daemon's threads only read and write sockets and
 * answer the cheap routes; screening, checks and store views run on the
 * work queue (guard.c), whose depth decides between waiting and a 503, so
 * /v1/health and /v1/metrics answer however busy the workers are.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "server.h"
#include "web_assets.h"

/* ---- snapshot: lists, checker, keys ----------------------------------- */

/* Idle objects the daemon's threads share, one thread at a time each
 * (screeners of a snapshot, store connections): take one or make one, give
 * it back after the request. */
typedef struct pool_item {
	void *obj;
	struct pool_item *next;
} pool_item;

typedef struct srv_pool {
	pthread_mutex_t mu;
	pool_item *idle;
	void (*free_obj)(void *);
} srv_pool;

static void pool_init(srv_pool *p, void (*free_obj)(void *))
{
	pthread_mutex_init(&p->mu, NULL);
	p->idle = NULL;
	p->free_obj = free_obj;
}

/* An idle object, or NULL when there is none. */
static void *pool_take(srv_pool *p)
{
	pthread_mutex_lock(&p->mu);
	pool_item *it = p->idle;
	if (it)
		p->idle = it->next;
	pthread_mutex_unlock(&p->mu);
	void *obj = it ? it->obj : NULL;
	free(it);
	return obj;
}

/* Keeps obj for the next request (frees it when that cannot be had). */
static void pool_give(srv_pool *p, void *obj)
{
	pool_item *it = obj ? malloc(sizeof(*it)) : NULL;
	if (!it) {
		if (obj)
			p->free_obj(obj);
		return;
	}
	it->obj = obj;
	pthread_mutex_lock(&p->mu);
	it->next = p->idle;
	p->idle = it;
	pthread_mutex_unlock(&p->mu);
}

static void pool_fini(srv_pool *p)
{
	for (pool_item *it = p->idle, *nx; it; it = nx) {
		nx = it->next;
		p->free_obj(it->obj);
		free(it);
	}
	pthread_mutex_destroy(&p->mu);
}

static void free_screener(void *s)
{
	clr_screener_free(s);
}

static void free_store(void *st)
{
	clr_store_free(st);
}

typedef struct snapshot {
	atomic_int refs;
	unsigned long id;
	time_t loaded;
	clr_db *db;
	char *lists_json;      /* body of GET /v1/lists */
	size_t nentries;
	srv_pool screeners;
	/* one checker: an ownership graph links to one checker only, and
	 * /v1/check is the low-volume route, so checks are serialised */
	pthread_mutex_t chk_mu;
	clr_check *chk;
	clr_owner_graph *g;
	char chk_err[512];
	srv_keys keys;
	int open;              /* no --keys file (the store may still hold keys) */
	int64_t store_snap;    /* the store's snapshot in service, 0 for --list */
	char as_of[16];
	char checksum[17];     /* clr_db_checksum, for the screening log */
} snapshot;

static void snap_free(snapshot *sn)
{
	if (!sn)
		return;
	pool_fini(&sn->screeners);
	clr_check_free(sn->chk);
	clr_owner_free(sn->g);
	clr_db_free(sn->db);
	free(sn->lists_json);
	srv_keys_free(&sn->keys);
	pthread_mutex_destroy(&sn->chk_mu);
	free(sn);
}

static void snap_release(snapshot *sn)
{
	if (sn && atomic_fetch_sub(&sn->refs, 1) == 1)
		snap_free(sn);
}

static char *lists_json(const snapshot *sn)
{
	json_t *o = json_object(), *files = json_array(), *src = json_object();
	for (size_t i = 0; i < clr_db_report_count(sn->db); i++) {
		const clr_file_report *r = clr_db_report(sn->db, i);
		json_array_append_new(files, json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "path", r->path,
		                                       "format", r->format, "rows", (json_int_t)r->rows,
		                                       "entries", (json_int_t)r->entries, "names",
		                                       (json_int_t)r->names, "skipped",
		                                       (json_int_t)r->skipped));
	}
	for (size_t i = 0; i < sn->nentries; i++) {
		const clr_entry *e = clr_db_entry(sn->db, i);
		const char *s = e->source ? e->source : "?";
		json_t *c = json_object_get(src, s);
		json_object_set_new(src, s, json_integer(c ? json_integer_value(c) + 1 : 1));
	}
	char when[32];
	struct tm tm;
	gmtime_r(&sn->loaded, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(o, "snapshot", json_integer((json_int_t)sn->id));
	if (sn->store_snap) {
		json_object_set_new(o, "store_snapshot", json_integer((json_int_t)sn->store_snap));
		json_object_set_new(o, "as_of", json_string(sn->as_of));
	}
	json_object_set_new(o, "loaded_at", json_string(when));
	json_object_set_new(o, "entries", json_integer((json_int_t)sn->nentries));
	json_object_set_new(o, "sources", src);
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "evidence_policy", json_string(clr_db_evidence_policy(sn->db)));
	char *z = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return z;
}

/* The lists of the store's latest snapshot, as they were imported. */
static int snap_load_store(snapshot *sn, const srv_config *cfg)
{
	clr_store *st;
	int rc = clr_store_open(&st, cfg->store);
	if (!rc)
		rc = clr_store_latest(st, &sn->store_snap, sn->as_of);
	if (!rc)
		rc = clr_store_load(st, sn->store_snap, sn->db, cfg->load_flags);
	if (rc)
		fprintf(stderr, "clearance: %s\n", clr_store_errmsg(st));
	clr_store_free(st);
	return rc;
}

static int snap_build(snapshot **out, const srv_config *cfg, unsigned long id)
{
	snapshot *sn = calloc(1, sizeof(*sn));
	char err[512];
	*out = NULL;
	if (!sn)
		return CLR_ENOMEM;
	atomic_init(&sn->refs, 1);
	pool_init(&sn->screeners, free_screener);
	pthread_mutex_init(&sn->chk_mu, NULL);
	sn->id = id;
	sn->loaded = time(NULL);
	int rc = clr_db_new(&sn->db);
	if (!rc && cfg->index && (rc = clr_db_open_index(sn->db, cfg->index)) < 0)
		fprintf(stderr, "clearance: %s\n", clr_db_errmsg(sn->db));
	for (int i = 0; !rc && i < cfg->nlists; i++)
		if ((rc = clr_db_load(sn->db, cfg->lists[i], cfg->load_flags)) < 0)
			fprintf(stderr, "clearance: %s\n", clr_db_errmsg(sn->db));
	if (!rc && !cfg->nlists && cfg->store)
		rc = snap_load_store(sn, cfg);
	for (int i = 0; !rc && i < cfg->naliases; i++)
		if ((rc = clr_db_load_aliases(sn->db, cfg->aliases[i], cfg->load_flags)) < 0)
			fprintf(stderr, "clearance: %s\n", clr_db_errmsg(sn->db));
	if (!rc && cfg->evidence_policy &&
	    (rc = clr_db_load_evidence_policy(sn->db, cfg->evidence_policy)) < 0)
		fprintf(stderr, "clearance: %s\n", clr_db_errmsg(sn->db));
	if (!rc && (rc = clr_db_prepare(sn->db)) < 0)
		fprintf(stderr, "clearance: %s\n", clr_db_errmsg(sn->db));
	if (rc)
		goto fail;
	sn->nentries = clr_db_entry_count(sn->db);
	clr_db_checksum(sn->db, sn->checksum);
	if (!(sn->lists_json = lists_json(sn))) {
		rc = CLR_ENOMEM;
		goto fail;
	}
	if (cfg->keys) {
		if ((rc = srv_keys_load(&sn->keys, cfg->keys, err, sizeof(err))) < 0) {
			fprintf(stderr, "clearance: keys: %s\n", err);
			goto fail;
		}
	} else {
		sn->open = 1;
	}
	/* the checker: a failure here leaves /v1/check answering 503 */
	clr_check_opts o;
	clr_check_opts_init(&o);
	o.threshold = cfg->threshold;
	if (clr_check_new(&sn->chk, sn->db, &o) < 0) {
		rc = CLR_ENOMEM;
		goto fail;
	}
	if (clr_check_load_rules(sn->chk, cfg->rules) < 0) {
		snprintf(sn->chk_err, sizeof(sn->chk_err), "rule data: %s", clr_check_errmsg(sn->chk));
	} else if (cfg->ownership) {
		if (clr_owner_new(&sn->g) < 0) {
			rc = CLR_ENOMEM;
			goto fail;
		}
		if (clr_owner_load(sn->g, cfg->ownership) < 0) {
			fprintf(stderr, "clearance: %s\n", clr_owner_errmsg(sn->g));
			rc = CLR_EINPUT;
			goto fail;
		}
		if (clr_check_set_ownership(sn->chk, sn->g) < 0) {
			fprintf(stderr, "clearance: %s\n", clr_check_errmsg(sn->chk));
			rc = CLR_EINPUT;
			goto fail;
		}
	}
	if (sn->chk_err[0])
		fprintf(stderr, "clearance: warning: /v1/check disabled: %s\n", sn->chk_err);
	*out = sn;
	return 0;
fail:
	snap_free(sn);
	return rc ? rc : CLR_EINTERNAL;
}

static clr_screener *worker_get(snapshot *sn)
{
	clr_screener *s = pool_take(&sn->screeners);
	if (s || clr_screener_new(&s, sn->db) == 0)
		return s;
	return NULL;
}

static void worker_put(snapshot *sn, clr_screener *s)
{
	pool_give(&sn->screeners, s);
}

/* ---- routes and metrics ----------------------------------------------- */

typedef struct request request;
typedef int (*route_fn)(srv_server *, request *);

static int h_health(srv_server *, request *);
static int h_lists(srv_server *, request *);
static int h_screen(srv_server *, request *);
static int h_compare(srv_server *, request *);
static int h_check(srv_server *, request *);
static int h_openapi(srv_server *, request *);
static int h_metrics(srv_server *, request *);
static int h_reload(srv_server *, request *);
static int h_page(srv_server *, request *);
static int h_alerts(srv_server *, request *);
static int h_alert(srv_server *, request *);
static int h_review(srv_server *, request *);
static int h_diff(srv_server *, request *);
static int h_snapshots(srv_server *, request *);
static int h_audit(srv_server *, request *);
static int h_screenings(srv_server *, request *);
static int h_party(srv_server *, request *);
static int h_customer(srv_server *, request *);
static int h_csl_search(srv_server *, request *);
static int h_csl_sources(srv_server *, request *);
static int h_match(srv_server *, request *);
static int h_search(srv_server *, request *);
static int h_entity(srv_server *, request *);
static int h_catalog(srv_server *, request *);

static const struct route {
	const char *path;
	const char *method;
	srv_role role;
	route_fn fn;
	int queued; /* runs on the work queue: its cost grows with the request */
	int logged; /* screens: its records go to the screening log before its answer */
} routes[] = {
	{"/v1/health", "GET", SRV_ROLE_NONE, h_health, 0, 0},
	{"/v1/lists", "GET", SRV_ROLE_SCREEN, h_lists, 0, 0},
	{"/v1/screen", "POST", SRV_ROLE_SCREEN, h_screen, 1, 1},
	{"/v1/compare", "POST", SRV_ROLE_SCREEN, h_compare, 1, 0},
	{"/v1/check", "POST", SRV_ROLE_SCREEN, h_check, 1, 0},
	{"/v1/openapi.json", "GET", SRV_ROLE_NONE, h_openapi, 0, 0},
	{"/v1/metrics", "GET", SRV_ROLE_ANALYST, h_metrics, 0, 0},
	{"/v1/admin/reload", "POST", SRV_ROLE_ADMIN, h_reload, 0, 0},
	{"/", "GET", SRV_ROLE_NONE, h_page, 0, 0},
	{"/app.js", "GET", SRV_ROLE_NONE, h_page, 0, 0},
	{"/style.css", "GET", SRV_ROLE_NONE, h_page, 0, 0},
	{"/v1/alerts", "GET", SRV_ROLE_ANALYST, h_alerts, 1, 0},
	{"/v1/alerts/{id}", "GET", SRV_ROLE_ANALYST, h_alert, 1, 0},
	{"/v1/alerts/{id}/review", "POST", SRV_ROLE_ANALYST, h_review, 1, 0},
	{"/v1/diff", "GET", SRV_ROLE_ANALYST, h_diff, 1, 0},
	{"/v1/snapshots", "GET", SRV_ROLE_ANALYST, h_snapshots, 1, 0},
	{"/v1/audit", "GET", SRV_ROLE_ADMIN, h_audit, 1, 0},
	{"/v1/screenings", "GET", SRV_ROLE_ADMIN, h_screenings, 1, 0},
	{"/v1/parties/{id}/paths", "GET", SRV_ROLE_SCREEN, h_party, 1, 0},
	{"/v1/customers/{id}", "GET", SRV_ROLE_ANALYST, h_customer, 1, 0},
	/* the trade.gov CSL API v1, for the clients written against it */
	{"/consolidated_screening_list/v1/search", "GET", SRV_ROLE_SCREEN, h_csl_search, 1, 1},
	{"/consolidated_screening_list/v1/sources", "GET", SRV_ROLE_SCREEN, h_csl_sources, 0, 0},
	/* the OpenSanctions matching API (yente), for the scripts written against it */
	{"/match/{id}", "POST", SRV_ROLE_SCREEN, h_match, 1, 1},
	{"/search/{id}", "GET", SRV_ROLE_SCREEN, h_search, 1, 1},
	{"/entities/{id}", "GET", SRV_ROLE_SCREEN, h_entity, 0, 0},
	{"/catalog", "GET", SRV_ROLE_SCREEN, h_catalog, 0, 0},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))
#define ROUTE_OTHER NROUTES /* unknown paths, for metrics */

static const unsigned statuses[] = {200, 400, 401, 403, 404, 405, 409, 413, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
/* latency histogram bounds in seconds (Prometheus "le") */
static const double buckets[] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                 0.5, 1, 2.5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct clr_server {
	srv_config cfg;
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t cur_mu;    /* guards `cur` (swap and pin are one step each) */
	snapshot *cur;
	pthread_mutex_t reload_mu; /* one reload at a time */
	unsigned long next_id;
	time_t started;
	atomic_ulong requests[NROUTES + 1][NSTATUS + 1];
	atomic_ulong latency[NBUCKETS + 1];
	atomic_ulong latency_us_sum;
	atomic_ulong alerts, screened, reloads_ok, reloads_failed;
	atomic_int reloading;      /* reload threads still to resume their connection */
	srv_pool stores;           /* store connections (SQLite WAL: one per thread at a time) */
	srv_conns conns;           /* open connections and their deadlines */
	srv_buckets buckets;       /* rate limits per key and per address */
	srv_rate rate[4];          /* by role; [SRV_ROLE_NONE]: per address */
	srv_queue queue;           /* screening, checks, store views */
	atomic_ulong refused_key, refused_address, refused_conn_limit;
	atomic_ulong log_second, log_lines, log_left_out; /* mhd_log's budget */
	char *tls_cert, *tls_key;  /* PEM, for HTTPS */
	srv_screenlog log;         /* the screening log's writer, when logging */
	int logging;               /* a store, and not --no-screening-log */
	atomic_ulong next_rid;     /* the server's request ids: rid_prefix-counter */
	unsigned rid_prefix;
};

/* ---- store connections: one per thread at a time (SQLite WAL) ---------- */

static clr_store *store_get(srv_server *s)
{
	clr_store *st = pool_take(&s->stores);
	if (st)
		return st;
	if (clr_store_open(&st, s->cfg.store) < 0) {
		fprintf(stderr, "clearance: %s\n", clr_store_errmsg(st));
		clr_store_free(st);
		return NULL;
	}
	return st;
}

static void store_put(srv_server *s, clr_store *st)
{
	pool_give(&s->stores, st);
}

static snapshot *snap_pin(srv_server *s)
{
	pthread_mutex_lock(&s->cur_mu);
	snapshot *sn = s->cur;
	atomic_fetch_add(&sn->refs, 1);
	pthread_mutex_unlock(&s->cur_mu);
	return sn;
}

struct request {
	srv_job job;               /* on the work queue (routes[].queued) */
	struct timespec t0;
	const char *method;
	char path[128];
	size_t route;              /* index into routes, ROUTE_OTHER when none */
	snapshot *sn;              /* pinned for the whole request */
	unsigned status;
	int responded;
	int too_big;
	struct MHD_Connection *conn;
	char *body;
	size_t len, cap;
	char param[CLR_MAX_REQUEST_ID_BYTES + 1]; /* the {id} of the route */
	char who[72];              /* the key's name, "anonymous" on an open server */
	srv_server *srv;
	int reload_started;        /* the connection waits, suspended, for a reload thread */
	atomic_int reload_rc;
	srv_conn *slot;            /* the connection's deadlines (guard.c) */
	char addr[INET6_ADDRSTRLEN];
	unsigned retry_after;      /* seconds, for a 429 or a shed 503 */
	int queued;                /* suspended while a worker answers it */
	struct MHD_Response *resp; /* the worker's answer, queued once resumed */
	int fn_rc;
	atomic_int done;           /* the worker has answered */
	srv_logjob logjob;         /* its screenings, for the log's writer */
	char rid[CLR_MAX_REQUEST_ID_HEADER + 1]; /* X-Request-Id, the client's or ours */
	char at[32];               /* when it screened, UTC, for the log */
	char iface[160];           /* "METHOD /route", for the log */
};

/* Content-Security-Policy of the pages: nothing inline, nothing from
 * elsewhere, never in a frame; the API's answers are not pages at all. */
static const char csp_page[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
	"frame-ancestors 'none'";
static const char csp_api[] = "default-src 'none'; frame-ancestors 'none'";

/* Queues r with the headers every answer carries (or, on a worker, keeps it
 * for the daemon's thread, which alone may queue it); consumes r. */
static int send_response(request *rq, unsigned status, struct MHD_Response *r)
{
	int page = rq->route < NROUTES && routes[rq->route].fn == h_page;
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy", page ? csp_page : csp_api);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (rq->srv->tls_cert)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (rq->rid[0])
		MHD_add_response_header(r, "X-Request-Id", rq->rid);
	if (status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	if (status == 405 && rq->route < NROUTES)
		MHD_add_response_header(r, "Allow", routes[rq->route].method);
	if ((status == 429 || status == 503) && rq->retry_after) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%u", rq->retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	rq->status = status;
	rq->responded = 1;
	if (rq->queued) {
		rq->resp = r;
		return 0;
	}
	int ok = MHD_queue_response(rq->conn, status, r) == MHD_YES;
	MHD_destroy_response(r);
	return ok ? 0 : -1;
}

static int respond(request *rq, unsigned status, const char *type, const char *body, size_t len,
                   int copy)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)body, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (!r)
		return -1;
	MHD_add_response_header(r, "Content-Type", type);
	return send_response(rq, status, r);
}

static const char oom_body[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}";

/* Takes ownership of a malloc'd body. */
static int respond_json(request *rq, unsigned status, char *body)
{
	if (!body)
		return respond(rq, 500, "application/json", oom_body, sizeof(oom_body) - 1, 0);
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return -1;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	return send_response(rq, status, r);
}

static int respond_error(request *rq, unsigned status, const char *field, const char *msg)
{
	json_t *e = json_pack("{s:{s:i,s:s}}", "error", "status", (int)status, "message", msg);
	if (e && field && *field)
		json_object_set_new(json_object_get(e, "error"), "field", json_string(field));
	char *z = e ? json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(e);
	return respond_json(rq, status, z);
}

/* ---- the screening log (screenlog.c, docs/screening-log.md) ------------ */

/* Adds one screening of the request to its records when the server logs:
 * the party as given, the query and the alerts returned as JSON (taken,
 * NULL when out of memory).  0, or -1: answer 500, unlogged. */
static int log_record(srv_server *s, request *rq, const char *party, char *query, char *alerts,
                      size_t nalerts)
{
	if (!s->logging) {
		free(query);
		free(alerts);
		return 0;
	}
	if (!rq->at[0]) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		size_t n = strftime(rq->at, sizeof(rq->at), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(rq->at + n, sizeof(rq->at) - n, ".%03dZ", (int)(ts.tv_nsec / 1000000));
		snprintf(rq->iface, sizeof(rq->iface), "%s %s", routes[rq->route].method,
		         routes[rq->route].path);
	}
	clr_screening r = {.at = rq->at, .who = rq->who, .route = rq->iface,
	                   .request_id = rq->rid, .snapshot = rq->sn->store_snap,
	                   .checksum = rq->sn->checksum, .nalerts = nalerts};
	return srv_logjob_add(&rq->logjob, &r, strdup(party ? party : ""), query, alerts);
}

/* The alerts a compatible route returned ("results": [{"id", "score"}]) as
 * the log keeps them, scores on clearance's 0-1 scale (divided by scale);
 * *nalerts: those with "match" true, or all when results carry no match. */
static char *log_alerts(json_t *results, double scale, size_t *nalerts)
{
	json_t *a = json_array();
	size_t i;
	json_t *r;
	*nalerts = 0;
	json_array_foreach(results, i, r) {
		json_t *sc = json_object_get(r, "score"), *m = json_object_get(r, "match");
		json_t *o = json_pack("{s:O?,s:o}", "entry_id", json_object_get(r, "id"), "score",
		                      json_is_number(sc) ? json_real(json_number_value(sc) / scale)
		                                         : json_null());
		if (m)
			json_object_set(o, "match", m);
		json_array_append_new(a, o);
		*nalerts += !m || json_is_true(m);
	}
	char *z = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) : NULL;
	json_decref(a);
	return z;
}

static char *log_query(json_t *q)
{
	char *z = q ? json_dumps(q, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) : NULL;
	json_decref(q);
	return z;
}

/* GET /consolidated_screening_list/v1/search: one record, the parameters
 * as the query. */
static int log_csl(srv_server *s, request *rq, const srv_csl_params *p, const char *out)
{
	const char *k[] = {"name", "fuzzy_name", "sources", "types", "type", "countries", "address",
	                   "city", "state", "postal_code", "full_address", "size", "offset"};
	const char *v[] = {p->name, p->fuzzy_name, p->sources, p->types, p->type, p->countries,
	                   p->address, p->city, p->state, p->postal_code, p->full_address, p->size,
	                   p->offset};
	if (!s->logging || !p->name)
		return 0;
	json_t *q = json_object(), *o = json_loads(out, 0, NULL);
	for (size_t i = 0; q && i < sizeof(k) / sizeof(k[0]); i++)
		if (v[i])
			json_object_set_new(q, k[i], json_string(v[i]));
	size_t n = 0;
	char *alerts = o ? log_alerts(json_object_get(o, "results"), 100, &n) : NULL;
	json_decref(o);
	return log_record(s, rq, p->name, log_query(q), alerts, n);
}

/* POST /match/{dataset}: a record per query, the FollowTheMoney query as it
 * was given; GET /search/{dataset}: one, q as the party. */
static int log_yente(srv_server *s, request *rq, const char *q, const char *out)
{
	if (!s->logging)
		return 0;
	json_t *o = json_loads(out, 0, NULL);
	int rc = o ? 0 : -1;
	if (!rc && q) {
		size_t n = 0;
		char *alerts = log_alerts(json_object_get(o, "results"), 1, &n);
		json_t *qo = json_pack("{s:s,s:s}", "dataset", rq->param, "q", q);
		rc = log_record(s, rq, q, log_query(qo), alerts, n);
	}
	const char *key;
	json_t *resp;
	json_object_foreach(q ? NULL : json_object_get(o, "responses"), key, resp) {
		json_t *fq = json_object_get(resp, "query"), *props = json_object_get(fq, "properties");
		const char *party = json_string_value(json_array_get(json_object_get(props, "name"), 0));
		for (const char *const *idp = (const char *const[]){"idNumber", "imoNumber", NULL};
		     !party && *idp; idp++)
			party = json_string_value(json_array_get(json_object_get(props, *idp), 0));
		size_t n = 0;
		char *alerts = log_alerts(json_object_get(resp, "results"), 1, &n);
		json_t *qo = json_pack("{s:s,s:s,s:O}", "dataset", rq->param, "key", key, "query", fq);
		if (rc) { /* one failed: the request is answered 500 */
			free(alerts);
			json_decref(qo);
		} else {
			rc = log_record(s, rq, party, log_query(qo), alerts, n);
		}
	}
	json_decref(o);
	return rc;
}

static int h_health(srv_server *s, request *rq)
{
	char *z;
	if (asprintf(&z, "{\"status\":\"ok\",\"version\":\"%s\",\"snapshot\":%lu,\"entries\":%zu}",
	             CLR_VERSION, rq->sn->id, rq->sn->nentries) < 0)
		z = NULL;
	return respond_json(rq, 200, z);
}

static int h_lists(srv_server *s, request *rq)
{
	return respond(rq, 200, "application/json", rq->sn->lists_json,
	               strlen(rq->sn->lists_json), 1);
}

static int h_openapi(srv_server *s, request *rq)
{
	return respond(rq, 200, "application/json", clr_web_openapi, sizeof(clr_web_openapi) - 1, 0);
}

/* the analysts' pages (web/), embedded by web/embed.cmake */
static const struct asset {
	const char *path, *type, *data;
	size_t len;
} assets[] = {
	{"/", "text/html; charset=utf-8", clr_web_index, sizeof(clr_web_index) - 1},
	{"/app.js", "text/javascript; charset=utf-8", clr_web_app_js, sizeof(clr_web_app_js) - 1},
	{"/style.css", "text/css; charset=utf-8", clr_web_style_css, sizeof(clr_web_style_css) - 1},
};

static int h_page(srv_server *s, request *rq)
{
	for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (!strcmp(rq->path, assets[i].path))
			return respond(rq, 200, assets[i].type, assets[i].data, assets[i].len, 0);
	return respond_error(rq, 404, NULL, "no such page");
}

/* Appends to an open_memstream; the stream's failure is checked once. */
static int h_screen(srv_server *s, request *rq)
{
	srv_screen_req q;
	srv_err err;
	int st = srv_parse_screen(&q, rq->body ? rq->body : "", rq->len, &err);
	if (st)
		return respond_error(rq, (unsigned)st, err.field, err.msg);
	clr_screener *sc = worker_get(rq->sn);
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = sc ? open_memstream(&out, &outlen) : NULL;
	int status = f ? 200 : 500;
	const char *emsg = "out of memory";
	char ebuf[sizeof(err.msg) + 64];
	if (f && q.batch)
		fputs("{\"results\":[", f);
	for (size_t i = 0; f && status == 200 && i < q.nqueries; i++) {
		srv_query *qq = &q.queries[i];
		clr_screen_opts o;
		clr_result *r;
		char *line;
		clr_screen_opts_init(&o);
		o.threshold = q.threshold > 0 ? q.threshold : s->cfg.threshold;
		o.type = qq->type;
		o.country = qq->country;
		o.jurisdictions = q.jurisdiction;
		o.dob = qq->dob;
		o.nationality = qq->nationality;
		o.address = qq->address;
		o.city = qq->city;
		o.imo = qq->imo;
		o.ids = qq->ids;
		o.nids = qq->nids;
		if (clr_screen(sc, &o, qq->name, &r) < 0) {
			/* an evidence field's message names it ("dob: ..."); others are the name's */
			const char *m = clr_screener_errmsg(sc);
			size_t fl = strcspn(m, ": ");
			int named = m[fl] == ':' && fl < 24 && strncmp(m, "name", fl);
			if (q.batch)
				snprintf(ebuf, sizeof(ebuf), "records[%zu].%s%s", i, named ? "" : "name: ", m);
			else
				snprintf(ebuf, sizeof(ebuf), "%s%s", named ? "" : "name: ", m);
			emsg = ebuf;
			status = 400;
			break;
		}
		atomic_fetch_add(&s->alerts, r->nalerts);
		atomic_fetch_add(&s->screened, 1);
		clr_record rec = {.id = qq->id, .name = qq->name, .type = NULL, .country = qq->country};
		char *lq = NULL, *la = NULL;
		if (s->logging && (clr_screen_query_json(qq->name, &o, &lq) < 0 ||
		                   clr_result_log_json(r, &la) < 0)) {
			free(lq); /* log_record fails on NULL: answered 500 */
			free(la);
			lq = la = NULL;
		}
		if (log_record(s, rq, qq->name, lq, la, r->nalerts) < 0 ||
		    clr_batch_line_json(&rec, r, &line) < 0) {
			status = 500;
		} else {
			if (i)
				fputc(',', f);
			fputs(line, f);
			free(line);
		}
		clr_result_free(r);
	}
	if (f && q.batch)
		fputs("]}", f);
	if (sc)
		worker_put(rq->sn, sc);
	if (f && fclose(f) != 0 && status == 200)
		status = 500;
	int rc;
	if (status == 200) {
		rc = respond_json(rq, 200, out);
	} else {
		free(out);
		char field[64] = "name";
		if (status == 400 && strchr(emsg, ':'))
			snprintf(field, sizeof(field), "%.*s", (int)(strchr(emsg, ':') - emsg), emsg);
		rc = respond_error(rq, (unsigned)status, status == 400 ? field : NULL, emsg);
	}
	srv_screen_req_free(&q);
	return rc;
}

static int h_compare(srv_server *s, request *rq)
{
	srv_compare_req q;
	srv_err err;
	int st = srv_parse_compare(&q, rq->body ? rq->body : "", rq->len, &err);
	if (st)
		return respond_error(rq, (unsigned)st, err.field, err.msg);
	clr_screener *sc = worker_get(rq->sn);
	clr_result *r;
	int rc;
	if (!sc) {
		rc = respond_error(rq, 500, NULL, "out of memory");
	} else if (clr_compare(sc, q.type, q.a, q.b, &r) < 0) {
		char m[400];
		snprintf(m, sizeof(m), "a, b: %s", clr_screener_errmsg(sc));
		rc = respond_error(rq, 400, "a", m);
	} else {
		const clr_alert *a = &r->alerts[0];
		double t = q.threshold > 0 ? q.threshold : s->cfg.threshold;
		char *ex = NULL, *z = NULL;
		if (clr_alert_explain_json(a, &ex) == 0 &&
		    asprintf(&z, "{\"score\":%.4f,\"match\":%s,\"explain\":%s}", a->score,
		             a->score + 1e-6 >= t ? "true" : "false", ex) < 0)
			z = NULL;
		free(ex);
		clr_result_free(r);
		rc = respond_json(rq, 200, z);
	}
	if (sc)
		worker_put(rq->sn, sc);
	srv_compare_req_free(&q);
	return rc;
}

static int h_check(srv_server *s, request *rq)
{
	snapshot *sn = rq->sn;
	if (sn->chk_err[0])
		return respond_error(rq, 503, NULL, sn->chk_err);
	srv_check_req q;
	srv_err err;
	int st = srv_parse_check(&q, rq->body ? rq->body : "", rq->len, &err);
	if (st)
		return respond_error(rq, (unsigned)st, err.field, err.msg);
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	int status = f ? 200 : 500;
	char emsg[600] = "out of memory";
	if (f && q.batch)
		fputs("{\"results\":[", f);
	pthread_mutex_lock(&sn->chk_mu);
	for (size_t i = 0; f && status == 200 && i < q.n; i++) {
		char *line;
		if (clr_check_json(sn->chk, q.tx[i], strlen(q.tx[i]), &line) < 0) {
			if (q.batch)
				snprintf(emsg, sizeof(emsg), "transactions[%zu]: %s", i,
				         clr_check_errmsg(sn->chk));
			else
				snprintf(emsg, sizeof(emsg), "%s", clr_check_errmsg(sn->chk));
			status = 400;
			break;
		}
		if (i)
			fputc(',', f);
		fputs(line, f);
		free(line);
	}
	pthread_mutex_unlock(&sn->chk_mu);
	if (f && q.batch)
		fputs("]}", f);
	if (f && fclose(f) != 0 && status == 200)
		status = 500;
	srv_check_req_free(&q);
	if (status == 200)
		return respond_json(rq, 200, out);
	free(out);
	/* the checker's messages name the field: "field 'items[0].eccn': ..." */
	char field[128] = "";
	const char *fq = strstr(emsg, "field '");
	if (fq) {
		size_t n = strcspn(fq + 7, "'");
		if (n < sizeof(field) && fq[7 + n] == '\'') {
			memcpy(field, fq + 7, n);
			field[n] = '\0';
		}
	}
	return respond_error(rq, (unsigned)status, *field ? field : NULL, emsg);
}

/* A reload builds the whole index (a second or more): on a thread of its
 * own, so that the pool thread serving this connection keeps serving the
 * others; the connection is suspended meanwhile and resumed when done. */
static void *reload_thread(void *arg)
{
	request *rq = arg;
	srv_server *s = rq->srv;
	atomic_store(&rq->reload_rc, clr_server_reload(s));
	MHD_resume_connection(rq->conn);
	atomic_fetch_sub(&s->reloading, 1);
	return NULL;
}

static int h_reload(srv_server *s, request *rq)
{
	if (!rq->reload_started) {
		pthread_t t;
		pthread_attr_t attr;
		rq->reload_started = 1;
		atomic_fetch_add(&s->reloading, 1);
		MHD_suspend_connection(rq->conn);
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		int started = pthread_create(&t, &attr, reload_thread, rq) == 0;
		pthread_attr_destroy(&attr);
		if (started)
			return 0; /* answered below when the thread resumes the connection */
		MHD_resume_connection(rq->conn);
		atomic_fetch_sub(&s->reloading, 1);
		atomic_store(&rq->reload_rc, clr_server_reload(s));
	}
	int rc = atomic_load(&rq->reload_rc);
	if (rc < 0)
		return respond_error(rq, 500, NULL, "reload failed: the previous lists stay in service "
		                                    "(details on the server's stderr)");
	snapshot *sn = snap_pin(s);
	char *z;
	if (asprintf(&z, "{\"status\":\"reloaded\",\"snapshot\":%lu,\"entries\":%zu}", sn->id,
	             sn->nentries) < 0)
		z = NULL;
	snap_release(sn);
	return respond_json(rq, 200, z);
}

static int h_metrics(srv_server *s, request *rq)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return respond_error(rq, 500, NULL, "out of memory");
	fputs("# HELP clearance_requests_total HTTP requests by route and status.\n"
	      "# TYPE clearance_requests_total counter\n", f);
	for (size_t r = 0; r <= NROUTES; r++)
		for (size_t k = 0; k <= NSTATUS; k++) {
			unsigned long n = atomic_load(&s->requests[r][k]);
			if (!n)
				continue;
			char st[8];
			snprintf(st, sizeof(st), "%u", k < NSTATUS ? statuses[k] : 0);
			fprintf(f, "clearance_requests_total{route=\"%s\",status=\"%s\"} %lu\n",
			        r < NROUTES ? routes[r].path : "other", k < NSTATUS ? st : "other", n);
		}
	fputs("# HELP clearance_request_duration_seconds Time from request line to response.\n"
	      "# TYPE clearance_request_duration_seconds histogram\n", f);
	unsigned long cum = 0;
	for (size_t b = 0; b <= NBUCKETS; b++) {
		cum += atomic_load(&s->latency[b]);
		if (b < NBUCKETS)
			fprintf(f, "clearance_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
			        buckets[b], cum);
		else
			fprintf(f, "clearance_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
	}
	fprintf(f, "clearance_request_duration_seconds_sum %.6f\n",
	        (double)atomic_load(&s->latency_us_sum) / 1e6);
	fprintf(f, "clearance_request_duration_seconds_count %lu\n", cum);
	fprintf(f, "# HELP clearance_alerts_total Alerts returned by /v1/screen.\n"
	           "# TYPE clearance_alerts_total counter\nclearance_alerts_total %lu\n",
	        atomic_load(&s->alerts));
	fprintf(f, "# HELP clearance_names_screened_total Names screened by /v1/screen.\n"
	           "# TYPE clearance_names_screened_total counter\n"
	           "clearance_names_screened_total %lu\n", atomic_load(&s->screened));
	fprintf(f, "# HELP clearance_list_entries Entries in the lists in service.\n"
	           "# TYPE clearance_list_entries gauge\nclearance_list_entries %zu\n",
	        rq->sn->nentries);
	fprintf(f, "# HELP clearance_list_age_seconds Seconds since the lists in service were "
	           "loaded.\n# TYPE clearance_list_age_seconds gauge\n"
	           "clearance_list_age_seconds %ld\n", (long)(time(NULL) - rq->sn->loaded));
	fprintf(f, "# HELP clearance_reloads_total List reloads by result.\n"
	           "# TYPE clearance_reloads_total counter\n"
	           "clearance_reloads_total{result=\"ok\"} %lu\n"
	           "clearance_reloads_total{result=\"error\"} %lu\n",
	        atomic_load(&s->reloads_ok), atomic_load(&s->reloads_failed));
	fprintf(f, "# HELP clearance_refused_total Requests and connections refused to protect "
	           "the service, by reason.\n# TYPE clearance_refused_total counter\n"
	           "clearance_refused_total{reason=\"rate_key\"} %lu\n"
	           "clearance_refused_total{reason=\"rate_address\"} %lu\n"
	           "clearance_refused_total{reason=\"overload\"} %lu\n"
	           "clearance_refused_total{reason=\"connection_limit\"} %lu\n"
	           "clearance_refused_total{reason=\"deadline\"} %lu\n"
	           "clearance_refused_total{reason=\"idle_reaped\"} %lu\n",
	        atomic_load(&s->refused_key), atomic_load(&s->refused_address),
	        atomic_load(&s->queue.n_shed), atomic_load(&s->refused_conn_limit),
	        atomic_load(&s->conns.n_deadline), atomic_load(&s->conns.n_reaped));
	if (s->logging)
		fprintf(f, "# HELP clearance_screenings_logged_total Screenings in the screening "
		           "log's journal before their answer.\n"
		           "# TYPE clearance_screenings_logged_total counter\n"
		           "clearance_screenings_logged_total %lu\n"
		           "# HELP clearance_screenings_imported_total Screenings moved from the "
		           "journal into the store's chain, and the transactions that did it.\n"
		           "# TYPE clearance_screenings_imported_total counter\n"
		           "clearance_screenings_imported_total %lu\n"
		           "clearance_screenings_import_commits_total %lu\n"
		           "# HELP clearance_screenings_log_failed_total Screenings not answered "
		           "because they could not be logged, or not imported (left in the journal).\n"
		           "# TYPE clearance_screenings_log_failed_total counter\n"
		           "clearance_screenings_log_failed_total %lu\n",
		        atomic_load(&s->log.n_records), atomic_load(&s->log.n_imported),
		        atomic_load(&s->log.n_batches), atomic_load(&s->log.n_failed));
	fprintf(f, "# HELP clearance_connections Open connections.\n"
	           "# TYPE clearance_connections gauge\nclearance_connections %zu\n",
	        srv_conns_count(&s->conns));
	fprintf(f, "# HELP clearance_queue_seconds Seconds the admitted work would take.\n"
	           "# TYPE clearance_queue_seconds gauge\nclearance_queue_seconds %.6f\n",
	        srv_queue_drain_seconds(&s->queue));
	if (fclose(f) != 0) {
		free(out);
		return respond_error(rq, 500, NULL, "out of memory");
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(len, out, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(out);
		return -1;
	}
	MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4");
	return send_response(rq, 200, r);
}

/* ---- store routes ------------------------------------------------------- */

static const char *query_arg(request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* A store connection for the request, or a 409/500 already answered. */
static clr_store *need_store(srv_server *s, request *rq)
{
	if (!s->cfg.store) {
		respond_error(rq, 409, NULL, "this server has no store: start it with --store PATH");
		return NULL;
	}
	clr_store *st = store_get(s);
	if (!st)
		respond_error(rq, 500, NULL, "cannot open the store (details on the server's stderr)");
	return st;
}

/* Answers with a store view: 200 with its JSON, 404 for an unknown id, 400
 * for a bad argument, 500 otherwise.  Returns the connection to the pool. */
static int store_reply(srv_server *s, request *rq, clr_store *st, int rc, char *out)
{
	int r;
	if (!rc) {
		r = respond_json(rq, 200, out);
	} else {
		unsigned status = rc == CLR_EINPUT ? 404 : rc == CLR_EUSAGE ? 400 : 500;
		char m[600];
		snprintf(m, sizeof(m), "%s", clr_store_errmsg(st));
		free(out);
		r = respond_error(rq, status, NULL, m);
	}
	store_put(s, st);
	return r;
}

static int bad_arg(request *rq, const srv_err *err)
{
	return respond_error(rq, 400, err->field, err->msg);
}

/* The query parameters of the store views, validated before the store is
 * touched. */
typedef struct view_args {
	const char *status, *since, *until, *party, *who;
	size_t limit, offset, from, to;
} view_args;

typedef int (*view_fn)(clr_store *st, request *rq, const view_args *a, char **out);

/* Answers GET with a view of the store. */
static int store_view(srv_server *s, request *rq, const view_args *a, view_fn fn)
{
	clr_store *st = need_store(s, rq);
	char *out = NULL;
	if (!st)
		return 0;
	int rc = fn(st, rq, a, &out);
	return store_reply(s, rq, st, rc, out);
}

static int page_args(request *rq, view_args *a, srv_err *err)
{
	return srv_parse_size(query_arg(rq, "limit"), "limit", 1, CLR_MAX_PAGE_ITEMS, 100,
	                      &a->limit, err) ||
	       srv_parse_size(query_arg(rq, "offset"), "offset", 0, (size_t)1 << 40, 0, &a->offset,
	                      err);
}

static int v_alerts(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_alerts_json(st, a->status, a->limit, a->offset, out);
}

static int h_alerts(srv_server *s, request *rq)
{
	static const char *const statuses_q[] = {"open", "reviewed", "closed", "all", NULL};
	view_args a = {0};
	srv_err err;
	if (srv_parse_choice(query_arg(rq, "status"), "status", statuses_q, "open", &a.status,
	                     &err) ||
	    page_args(rq, &a, &err))
		return bad_arg(rq, &err);
	return store_view(s, rq, &a, v_alerts);
}

static int v_alert(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_alert_json(st, rq->param, out);
}

static int h_alert(srv_server *s, request *rq)
{
	return store_view(s, rq, NULL, v_alert);
}

static int v_customer(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_customer_json(st, rq->param, out);
}

static int h_customer(srv_server *s, request *rq)
{
	return store_view(s, rq, NULL, v_customer);
}

/* ---- the trade.gov CSL API v1 (compat_csl.c) ---------------------------- */

/* A screening that cannot be logged is not answered. */
static int log_failed(srv_err *err)
{
	snprintf(err->field, sizeof(err->field), "body");
	snprintf(err->msg, sizeof(err->msg), "out of memory: the screening could not be logged");
	return 500;
}

/* Answers st/out/err of a compat handler: 200 with out, or the error. */
static int compat_answer(request *rq, int st, char *out, const srv_err *err)
{
	if (st || !out) {
		free(out);
		return respond_error(rq, st ? (unsigned)st : 500, err->field, err->msg);
	}
	int rc = respond(rq, 200, "application/json", out, strlen(out), 1);
	free(out);
	return rc;
}

static int h_csl_search(srv_server *s, request *rq)
{
	srv_csl_params p = {
		query_arg(rq, "name"),        query_arg(rq, "fuzzy_name"), query_arg(rq, "sources"),
		query_arg(rq, "types"),       query_arg(rq, "type"),       query_arg(rq, "countries"),
		query_arg(rq, "address"),     query_arg(rq, "city"),       query_arg(rq, "state"),
		query_arg(rq, "postal_code"), query_arg(rq, "full_address"), query_arg(rq, "size"),
		query_arg(rq, "offset"),
	};
	srv_err err;
	char *out = NULL;
	clr_screener *sc = p.fuzzy_name ? worker_get(rq->sn) : NULL;
	if (p.fuzzy_name && !sc)
		return respond_error(rq, 500, NULL, "out of memory");
	int st = srv_csl_search(sc, rq->sn->db, s->cfg.threshold, &p, &out, &err);
	if (sc)
		worker_put(rq->sn, sc);
	if (!st && p.name)
		atomic_fetch_add(&s->screened, 1);
	if (!st && log_csl(s, rq, &p, out) < 0)
		st = log_failed(&err);
	return compat_answer(rq, st, out, &err);
}

static int h_csl_sources(srv_server *s, request *rq)
{
	char when[32];
	struct tm tm;
	gmtime_r(&rq->sn->loaded, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *out = srv_csl_sources(rq->sn->db, when);
	if (!out)
		return respond_error(rq, 500, NULL, "out of memory");
	int rc = respond(rq, 200, "application/json", out, strlen(out), 1);
	free(out);
	return rc;
}

/* ---- the OpenSanctions matching API (compat_yente.c) -------------------- */

static int h_match(srv_server *s, request *rq)
{
	srv_err err;
	char *out = NULL;
	clr_screener *sc = worker_get(rq->sn);
	if (!sc)
		return respond_error(rq, 500, NULL, "out of memory");
	int st = srv_yente_match(sc, rq->sn->db, rq->param, rq->body ? rq->body : "", rq->len,
	                         query_arg(rq, "limit"), query_arg(rq, "threshold"), &out, &err);
	worker_put(rq->sn, sc);
	if (!st)
		atomic_fetch_add(&s->screened, 1);
	if (!st && log_yente(s, rq, NULL, out) < 0)
		st = log_failed(&err);
	return compat_answer(rq, st, out, &err);
}

static int h_search(srv_server *s, request *rq)
{
	srv_err err;
	char *out = NULL;
	clr_screener *sc = worker_get(rq->sn);
	if (!sc)
		return respond_error(rq, 500, NULL, "out of memory");
	int st = srv_yente_search(sc, rq->sn->db, rq->param, query_arg(rq, "q"),
	                          query_arg(rq, "limit"), &out, &err);
	worker_put(rq->sn, sc);
	if (!st)
		atomic_fetch_add(&s->screened, 1);
	if (!st && log_yente(s, rq, query_arg(rq, "q"), out) < 0)
		st = log_failed(&err);
	return compat_answer(rq, st, out, &err);
}

static int h_entity(srv_server *s, request *rq)
{
	srv_err err;
	char *out = NULL;
	int st = srv_yente_entity(rq->sn->db, rq->param, &out, &err);
	return compat_answer(rq, st, out, &err);
}

static int h_catalog(srv_server *s, request *rq)
{
	char *out = srv_yente_catalog(rq->sn->db);
	if (!out)
		return respond_error(rq, 500, NULL, "out of memory");
	int rc = respond(rq, 200, "application/json", out, strlen(out), 1);
	free(out);
	return rc;
}

static int v_snapshots(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_snapshots_json(st, out);
}

static int h_snapshots(srv_server *s, request *rq)
{
	return store_view(s, rq, NULL, v_snapshots);
}

static int v_diff(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_diff_json(st, (int64_t)a->from, (int64_t)a->to, a->limit, a->offset, out);
}

static int h_diff(srv_server *s, request *rq)
{
	view_args a = {0};
	srv_err err;
	if (srv_parse_size(query_arg(rq, "from"), "from", 1, (size_t)1 << 40, 0, &a.from, &err) ||
	    srv_parse_size(query_arg(rq, "to"), "to", 1, (size_t)1 << 40, 0, &a.to, &err) ||
	    page_args(rq, &a, &err))
		return bad_arg(rq, &err);
	return store_view(s, rq, &a, v_diff);
}

static int v_audit(clr_store *st, request *rq, const view_args *a, char **out)
{
	return clr_store_audit_json(st, a->since, a->limit, out);
}

static int h_audit(srv_server *s, request *rq)
{
	view_args a = {.since = query_arg(rq, "since")};
	srv_err err;
	if (a.since && (!*a.since || strlen(a.since) > 32 ||
	                strspn(a.since, "0123456789-T:Z") != strlen(a.since))) {
		snprintf(err.field, sizeof(err.field), "since");
		snprintf(err.msg, sizeof(err.msg), "since: expected a date YYYY-MM-DD or a time "
		                                   "YYYY-MM-DDTHH:MM:SSZ");
		return bad_arg(rq, &err);
	}
	if (page_args(rq, &a, &err))
		return bad_arg(rq, &err);
	return store_view(s, rq, &a, v_audit);
}

static int v_screenings(clr_store *st, request *rq, const view_args *a, char **out)
{
	clr_screenings_filter f = {.since = a->since, .until = a->until, .party = a->party,
	                           .who = a->who, .limit = a->limit};
	return clr_store_screenings_json(st, &f, out);
}

/* GET /v1/screenings?since=&until=&party=&key=&limit=: the newest records of
 * the screening log that match, newest first. */
static int h_screenings(srv_server *s, request *rq)
{
	view_args a = {.since = query_arg(rq, "since"), .until = query_arg(rq, "until"),
	               .party = query_arg(rq, "party"), .who = query_arg(rq, "key")};
	srv_err err;
	if (srv_parse_size(query_arg(rq, "limit"), "limit", 1, CLR_MAX_PAGE_ITEMS, 100, &a.limit,
	                   &err))
		return bad_arg(rq, &err);
	if (s->logging) /* what was answered before this request is read back */
		srv_screenlog_sync(&s->log);
	clr_store *st = need_store(s, rq);
	char *out = NULL;
	if (!st)
		return 0;
	int rc = v_screenings(st, rq, &a, &out);
	if (rc == CLR_EUSAGE) { /* a bad date or party: the caller's */
		char m[600];
		snprintf(m, sizeof(m), "%s", clr_store_errmsg(st));
		store_put(s, st);
		snprintf(err.field, sizeof(err.field), "%.*s", (int)strcspn(m, ":"), m);
		return respond_error(rq, 400, err.field, m);
	}
	return store_reply(s, rq, st, rc, out);
}

static int h_review(srv_server *s, request *rq)
{
	srv_review_req q;
	srv_err err;
	int status = srv_parse_review(&q, rq->body ? rq->body : "", rq->len, &err);
	if (status)
		return respond_error(rq, (unsigned)status, err.field, err.msg);
	clr_store *st = need_store(s, rq);
	char *alert = NULL, *out = NULL;
	json_t *who = json_string(rq->who); /* key names are the admin's free text */
	char *zwho = who ? json_dumps(who, JSON_ENCODE_ANY) : NULL;
	int rc = zwho ? 0 : CLR_ENOMEM;
	if (st && !rc && !(rc = clr_store_review(st, rq->param, q.decision, rq->who, q.note)) &&
	    !(rc = clr_store_alert_json(st, rq->param, &alert)) &&
	    asprintf(&out, "{\"alert\":%s,\"reviewer\":%s}", alert, zwho) < 0) {
		out = NULL;
		rc = CLR_ENOMEM;
	}
	free(alert);
	free(zwho);
	json_decref(who);
	srv_review_req_free(&q);
	return st ? store_reply(s, rq, st, rc, out) : 0;
}

static int h_party(srv_server *s, request *rq)
{
	snapshot *sn = rq->sn;
	if (!sn->g)
		return respond_error(rq, 409, NULL, "no ownership graph: start the server with "
		                                    "--ownership FILE");
	if (sn->chk_err[0])
		return respond_error(rq, 503, NULL, sn->chk_err);
	const char *date = query_arg(rq, "date");
	char *out = NULL, m[600];
	pthread_mutex_lock(&sn->chk_mu);
	int rc = clr_check_party_json(sn->chk, rq->param, date, &out);
	if (rc)
		snprintf(m, sizeof(m), "%s", clr_check_errmsg(sn->chk));
	pthread_mutex_unlock(&sn->chk_mu);
	if (!rc)
		return respond_json(rq, 200, out);
	return respond_error(rq, rc == CLR_EINPUT ? 404 : rc == CLR_EUSAGE ? 400 : 500,
	                     rc == CLR_EUSAGE ? "date" : NULL, m);
}

/* ---- the access handler ----------------------------------------------- */

/* The role and name of the presented key, from the keys file and the
 * store; *any: whether keys exist at all (else the server is open). */
static int key_role(srv_server *s, request *rq, const char *key, srv_role *have, int *any)
{
	*have = SRV_ROLE_NONE;
	*any = !rq->sn->open;
	if (key && !rq->sn->open && (*have = srv_keys_role(&rq->sn->keys, key, strlen(key)))) {
		char hex[65];
		clr_sha256_hex(key, strlen(key), hex);
		snprintf(rq->who, sizeof(rq->who), "key-%.8s", hex);
	}
	if (!s->cfg.store)
		return 0;
	clr_store *st = store_get(s);
	clr_store_key k;
	int sany, rc = st ? clr_store_key_find(st, key, key ? strlen(key) : 0, &k, &sany) : -1;
	if (rc < 0)
		fprintf(stderr, "clearance: keys: %s\n", st ? clr_store_errmsg(st) : "no store");
	store_put(s, st);
	if (rc < 0)
		return -1;
	*any |= sany;
	srv_role r = rc == 1 ? srv_role_parse(k.role) : SRV_ROLE_NONE;
	if (r > *have) {
		*have = r;
		snprintf(rq->who, sizeof(rq->who), "%s", k.name);
	}
	return 0;
}

#define CSL_PREFIX "/consolidated_screening_list/"

/* 429 when the client's bucket is empty: its key's, by the key's role,
 * when it presented a valid one, else its address's.  Returns -1 when it
 * answered. */
static int throttle(srv_server *s, request *rq, srv_role have)
{
	char key[96];
	if (have == SRV_ROLE_NONE)
		snprintf(key, sizeof(key), "a:%s", rq->addr);
	else
		snprintf(key, sizeof(key), "k:%s", rq->who);
	double wait = srv_buckets_take(&s->buckets, key, s->rate[have], srv_now());
	if (wait <= 0)
		return 0;
	atomic_fetch_add(have == SRV_ROLE_NONE ? &s->refused_address : &s->refused_key, 1);
	rq->retry_after = (unsigned)ceil(wait);
	char m[160];
	snprintf(m, sizeof(m), "too many requests from this %s (%g a second, bursts of %g): retry "
	         "after %u s", have == SRV_ROLE_NONE ? "address" : "key", s->rate[have].per_s,
	         s->rate[have].burst, rq->retry_after);
	respond_error(rq, 429, NULL, m);
	return -1;
}

/* 401 without or with an unknown key, 403 with a key of a lower role, 429
 * over the key's (or without one, the address's) rate. */
static int authorize(srv_server *s, request *rq, srv_role need)
{
	snprintf(rq->who, sizeof(rq->who), "anonymous");
	if (need == SRV_ROLE_NONE)
		return throttle(s, rq, SRV_ROLE_NONE);
	const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
	                                            MHD_HTTP_HEADER_AUTHORIZATION);
	const char *key = h && !strncmp(h, "Bearer ", 7) && h[7] ? h + 7 : NULL;
	/* the CSL API's clients send their key as "subscription-key", in a
	 * header or the query string */
	if (!key && !strncmp(rq->path, CSL_PREFIX, sizeof(CSL_PREFIX) - 1)) {
		key = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "subscription-key");
		if (!key)
			key = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
			                                  "subscription-key");
		if (key && !*key)
			key = NULL;
	}
	srv_role have = SRV_ROLE_NONE;
	int any = !rq->sn->open;
	if ((key || s->cfg.store) && key_role(s, rq, key, &have, &any) < 0) {
		respond_error(rq, 500, NULL, "cannot read the keys (details on stderr)");
		return -1;
	}
	if (throttle(s, rq, have) < 0)
		return -1;
	if (!any)
		return 0;
	if (!key) {
		respond_error(rq, 401, NULL, "missing API key: send \"Authorization: Bearer KEY\"");
		return -1;
	}
	if (have == SRV_ROLE_NONE) {
		respond_error(rq, 401, NULL, "unknown API key");
		return -1;
	}
	if (have < need) {
		char m[128];
		snprintf(m, sizeof(m), "this route needs the %s role; the key has %s",
		         srv_role_name(need), srv_role_name(have));
		respond_error(rq, 403, NULL, m);
		return -1;
	}
	return 0;
}

/* A route's path, where "{id}" matches one non-empty path segment (kept in
 * param); other parts match exactly. */
static int route_match(const char *pattern, const char *url, char *param, size_t cap)
{
	const char *brace = strstr(pattern, "{id}");
	if (!brace)
		return !strcmp(pattern, url);
	size_t pre = (size_t)(brace - pattern);
	if (strncmp(url, pattern, pre))
		return 0;
	const char *p = url + pre;
	size_t n = strcspn(p, "/");
	if (!n || n >= cap || strcmp(p + n, brace + 4))
		return 0;
	memcpy(param, p, n);
	param[n] = '\0';
	return 1;
}

static request *request_new(srv_server *s, struct MHD_Connection *conn, const char *url,
                            const char *method)
{
	request *rq = calloc(1, sizeof(*rq));
	if (!rq)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &rq->t0);
	rq->conn = conn;
	rq->method = method;
	snprintf(rq->path, sizeof(rq->path), "%s", url);
	rq->route = ROUTE_OTHER;
	for (size_t i = 0; i < NROUTES && rq->route == ROUTE_OTHER; i++)
		if (route_match(routes[i].path, url, rq->param, sizeof(rq->param)))
			rq->route = i;
	rq->sn = snap_pin(s);
	rq->srv = s;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(rq->addr, sizeof(rq->addr), "-");
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, rq->addr,
		          sizeof(rq->addr));
	/* the client's request id when it sends a sane one (it ties the log to
	 * its own records), else ours */
	const char *rid = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
	size_t rl = rid ? strlen(rid) : 0;
	if (rl && rl <= CLR_MAX_REQUEST_ID_HEADER &&
	    strspn(rid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-") == rl)
		memcpy(rq->rid, rid, rl + 1);
	else
		snprintf(rq->rid, sizeof(rq->rid), "%08x-%lu", s->rid_prefix,
		         atomic_fetch_add(&s->next_rid, 1) + 1);
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	rq->slot = ci ? ci->socket_context : NULL;
	srv_conn_set_phase(&s->conns, rq->slot, SRV_CONN_BODY);
	return rq;
}

/* First call: route, method, role and declared size are settled before a
 * byte of the body is read, so refused requests cost no upload. */
static int first_call(srv_server *s, request *rq)
{
	if (rq->route == ROUTE_OTHER) {
		if (throttle(s, rq, SRV_ROLE_NONE) < 0)
			return 0;
		return respond_error(rq, 404, NULL, "no such route (see /v1/openapi.json)");
	}
	const struct route *rt = &routes[rq->route];
	int get_like = !strcmp(rt->method, "GET") && !strcmp(rq->method, "HEAD");
	if (strcmp(rq->method, rt->method) && !get_like) {
		if (throttle(s, rq, SRV_ROLE_NONE) < 0)
			return 0;
		char m[96];
		snprintf(m, sizeof(m), "%s %s: method not allowed (use %s)", rq->method, rt->path,
		         rt->method);
		return respond_error(rq, 405, NULL, m);
	}
	if (authorize(s, rq, rt->role) < 0)
		return 0;
	const char *cl = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
	                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoull(cl, NULL, 10) > CLR_MAX_REQUEST_BYTES) {
		char m[96];
		snprintf(m, sizeof(m), "body: larger than %zu bytes", (size_t)CLR_MAX_REQUEST_BYTES);
		return respond_error(rq, 413, "body", m);
	}
	return 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	srv_server *s = cls;
	request *rq = *con_cls;
	if (!rq) {
		if (!(rq = request_new(s, conn, url, method)))
			return MHD_NO;
		*con_cls = rq;
		return first_call(s, rq) < 0 ? MHD_NO : MHD_YES;
	}
	if (rq->queued) { /* resumed: the worker's answer */
		struct MHD_Response *r = atomic_load(&rq->done) ? rq->resp : NULL;
		rq->resp = NULL;
		rq->queued = 0;
		if (!r)
			return MHD_NO;
		int ok = MHD_queue_response(conn, rq->status, r) == MHD_YES;
		MHD_destroy_response(r);
		return ok && rq->fn_rc == 0 ? MHD_YES : MHD_NO;
	}
	if (rq->responded) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (rq->too_big || n > CLR_MAX_REQUEST_BYTES - rq->len) {
			rq->too_big = 1; /* chunked upload over the limit: drain, then 413 */
			return MHD_YES;
		}
		if (rq->len + n + 1 > rq->cap) {
			size_t nc = rq->cap ? rq->cap : 4096;
			while (nc < rq->len + n + 1)
				nc *= 2;
			char *b = realloc(rq->body, nc);
			if (!b)
				return MHD_NO;
			rq->body = b;
			rq->cap = nc;
		}
		memcpy(rq->body + rq->len, upload, n);
		rq->len += n;
		rq->body[rq->len] = '\0';
		return MHD_YES;
	}
	if (rq->too_big) {
		char m[96];
		snprintf(m, sizeof(m), "body: larger than %zu bytes", (size_t)CLR_MAX_REQUEST_BYTES);
		return respond_error(rq, 413, "body", m) < 0 ? MHD_NO : MHD_YES;
	}
	srv_conn_set_phase(&s->conns, rq->slot, SRV_CONN_BUSY);
	if (routes[rq->route].queued) {
		size_t units = 1 + rq->len / CLR_WORK_UNIT_BYTES;
		int a = srv_queue_admit(&s->queue, units, &rq->retry_after);
		if (a < 0) {
			char m[160];
			snprintf(m, sizeof(m), "overloaded: more work is queued than can be done within "
			         "%g s; retry after %u s", s->queue.bound_s, rq->retry_after);
			return respond_error(rq, 503, NULL, m) < 0 ? MHD_NO : MHD_YES;
		}
		if (a > 0) {
			rq->queued = 1;
			rq->job.units = units;
			MHD_suspend_connection(conn);
			srv_queue_push(&s->queue, &rq->job);
			return MHD_YES;
		}
		if (routes[rq->route].logged && s->logging) {
			/* stopping: the log's writer may be gone, and an answer must be logged */
			rq->retry_after = 1;
			return respond_error(rq, 503, NULL, "shutting down") < 0 ? MHD_NO : MHD_YES;
		}
	}
	return routes[rq->route].fn(s, rq) < 0 ? MHD_NO : MHD_YES;
}

/* A worker of the queue: answers the request and hands the connection
 * back to the daemon's thread, which queues the answer. */
static void run_job(srv_job *j, void *payload)
{
	request *rq = (request *)(void *)((char *)j - offsetof(request, job));
	srv_server *s = payload;
	rq->fn_rc = routes[rq->route].fn(payload, rq);
	/* answered once logged: a screening that cannot be is not answered */
	if (rq->logjob.n && rq->status == 200 && rq->resp &&
	    srv_screenlog_write(&s->log, &rq->logjob) < 0) {
		MHD_destroy_response(rq->resp);
		rq->resp = NULL;
		respond_error(rq, 500, NULL, "the screening could not be logged, so it is not "
		                             "answered (details on the server's stderr)");
	}
	srv_queue_done(&s->queue, j);
	atomic_store(&rq->done, 1);
	MHD_resume_connection(rq->conn); /* rq may be freed from here on */
}

/* Tracks every connection for its deadlines (guard.c). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	srv_server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? srv_conns_add(&s->conns, ci->connect_fd) : NULL;
	} else {
		srv_conns_remove(&s->conns, *socket_context);
		*socket_context = NULL;
	}
}

/* libmicrohttpd's messages (malformed requests, refused connections), at
 * most CLR_MAX_LOG_LINES a second with a count of those left out, so a
 * flood of bad requests cannot flood the log; refused connections (the
 * limits, in all or per address) are counted for /v1/metrics. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	srv_server *s = cls;
	if (strstr(fmt, "limit"))
		atomic_fetch_add(&s->refused_conn_limit, 1);
	unsigned long now = (unsigned long)srv_now();
	if (atomic_exchange(&s->log_second, now) != now) {
		unsigned long left = atomic_exchange(&s->log_left_out, 0);
		atomic_store(&s->log_lines, 0);
		if (left)
			fprintf(stderr, "clearance: %lu more libmicrohttpd messages left out\n", left);
	}
	if (atomic_fetch_add(&s->log_lines, 1) >= CLR_MAX_LOG_LINES) {
		atomic_fetch_add(&s->log_left_out, 1);
		return;
	}
	fputs("clearance: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	srv_server *s = cls;
	request *rq = *con_cls;
	if (!rq)
		return;
	srv_conn_set_phase(&s->conns, rq->slot, SRV_CONN_WAIT);
	if (rq->resp)
		MHD_destroy_response(rq->resp);
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double sec = (double)(t1.tv_sec - rq->t0.tv_sec) + (double)(t1.tv_nsec - rq->t0.tv_nsec) / 1e9;
	unsigned status = rq->responded ? rq->status : 0;
	size_t k = NSTATUS;
	for (size_t i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			k = i;
	atomic_fetch_add(&s->requests[rq->route][k], 1);
	size_t b = 0;
	while (b < NBUCKETS && sec > buckets[b])
		b++;
	atomic_fetch_add(&s->latency[b], 1);
	atomic_fetch_add(&s->latency_us_sum, (unsigned long)(sec * 1e6));
	if (s->cfg.access_log) {
		struct timespec now;
		struct tm tm;
		char when[32];
		clock_gettime(CLOCK_REALTIME, &now);
		gmtime_r(&now.tv_sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(stderr, "%s %s %s %s %u %zu %.3fms%s\n", when, rq->addr, rq->method, rq->path,
		        status, rq->len, sec * 1e3,
		        toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	snap_release(rq->sn);
	srv_logjob_free(&rq->logjob);
	free(rq->body);
	free(rq);
	*con_cls = NULL;
}

/* ---- life cycle ------------------------------------------------------- */

static int parse_listen(const char *z, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(z, ':');
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - z) >= sizeof(host))
		return -1;
	memcpy(host, z, (size_t)(colon - z));
	host[colon - z] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost") || !*host)
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* A PEM file for HTTPS, whole (certificates and keys are a few KB). */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *z = NULL;
	size_t n = 0, cap = 1 << 20;
	if (f && (z = malloc(cap + 1)) && (n = fread(z, 1, cap, f)) > 0 && n < cap && !ferror(f)) {
		z[n] = '\0';
	} else {
		fprintf(stderr, "clearance: cannot read %s (a PEM file under 1 MB)\n", path);
		free(z);
		z = NULL;
	}
	if (f)
		fclose(f);
	return z;
}

/* The limits of cfg, src/limits.h's where it leaves them 0. */
static void guard_defaults(srv_config *c, srv_rate *rate)
{
	static const srv_rate dflt[4] = {{CLR_RATE_ADDRESS, CLR_RATE_ADDRESS_BURST},
	                                 {CLR_RATE_SCREEN, CLR_RATE_SCREEN_BURST},
	                                 {CLR_RATE_ANALYST, CLR_RATE_ANALYST_BURST},
	                                 {CLR_RATE_ADMIN, CLR_RATE_ADMIN_BURST}};
	if (!c->max_connections)
		c->max_connections = CLR_MAX_CONNECTIONS;
	if (!c->max_per_address)
		c->max_per_address = CLR_MAX_CONNECTIONS_PER_ADDRESS;
	if (c->header_seconds <= 0)
		c->header_seconds = CLR_MAX_HEADER_SECONDS;
	if (c->idle_seconds <= 0)
		c->idle_seconds = CLR_MAX_IDLE_SECONDS;
	if (c->body_seconds <= 0)
		c->body_seconds = CLR_MAX_BODY_SECONDS;
	if (c->queue_seconds <= 0)
		c->queue_seconds = CLR_MAX_QUEUE_SECONDS;
	for (int i = 0; i < 4; i++) {
		rate[i] = c->rate[i].per_s ? (srv_rate){c->rate[i].per_s, c->rate[i].burst} : dflt[i];
		if (rate[i].per_s > 0 && rate[i].burst < 1)
			rate[i].burst = rate[i].per_s < 1 ? 1 : rate[i].per_s;
	}
}

static void server_free(srv_server *s)
{
	free(s->tls_cert);
	free(s->tls_key);
	free(s);
}

int clr_server_start(srv_server **out, const srv_config *cfg)
{
	struct sockaddr_in sa;
	*out = NULL;
	if (parse_listen(cfg->listen, &sa) < 0) {
		fprintf(stderr, "clearance: --listen: expected IPV4:PORT, got '%s'\n", cfg->listen);
		return CLR_EUSAGE;
	}
	srv_server *s = calloc(1, sizeof(*s));
	if (!s)
		return CLR_ENOMEM;
	s->cfg = *cfg;
	if (s->cfg.threshold <= 0)
		s->cfg.threshold = CLR_DEFAULT_THRESHOLD;
	guard_defaults(&s->cfg, s->rate);
	if (!cfg->tls_cert != !cfg->tls_key) {
		fprintf(stderr, "clearance: --tls-cert and --tls-key go together\n");
		free(s);
		return CLR_EUSAGE;
	}
	if (cfg->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fprintf(stderr, "clearance: this libmicrohttpd is built without TLS\n");
		free(s);
		return CLR_EUSAGE;
	}
	if (cfg->tls_cert &&
	    (!(s->tls_cert = read_pem(cfg->tls_cert)) || !(s->tls_key = read_pem(cfg->tls_key)))) {
		server_free(s);
		return CLR_EIO;
	}
	pthread_mutex_init(&s->cur_mu, NULL);
	pthread_mutex_init(&s->reload_mu, NULL);
	pool_init(&s->stores, free_store);
	s->started = time(NULL);
	int rc = snap_build(&s->cur, &s->cfg, ++s->next_id);
	if (rc < 0) {
		server_free(s);
		return rc;
	}
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}
	const srv_config *c = &s->cfg;
	if ((rc = srv_buckets_init(&s->buckets, CLR_RATE_BUCKETS)) < 0 ||
	    (rc = srv_conns_start(&s->conns, c->max_connections, c->header_seconds,
	                          c->idle_seconds, c->body_seconds)) < 0) {
		srv_buckets_fini(&s->buckets);
		snap_release(s->cur);
		server_free(s);
		return rc;
	}
	s->rid_prefix = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	s->logging = c->store && !c->no_screening_log;
	if ((rc = srv_queue_start(&s->queue, threads, c->queue_seconds, run_job, s)) < 0) {
		srv_conns_stop(&s->conns);
		srv_buckets_fini(&s->buckets);
		snap_release(s->cur);
		server_free(s);
		return rc;
	}
	if (s->logging && (rc = srv_screenlog_start(&s->log, c->store)) < 0)
		goto fail;
	/* the inactivity timeout covers bodies and answers; the reaper
	 * (guard.c) the shorter deadlines of request heads and idle keep-alives */
	struct MHD_OptionItem opts[] = {
		{MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, s}, /* first: it logs the others */
		{MHD_OPTION_SOCK_ADDR, 0, &sa},
		{MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
		{MHD_OPTION_CONNECTION_LIMIT, c->max_connections, NULL},
		{MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_address, NULL},
		{MHD_OPTION_CONNECTION_TIMEOUT, CLR_MAX_REQUEST_SECONDS, NULL},
		{MHD_OPTION_CONNECTION_MEMORY_LIMIT, CLR_MAX_HEADER_BYTES, NULL},
		{MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, s},
		{MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, s},
		{s->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->tls_cert},
		{s->tls_cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, s->tls_key},
		{MHD_OPTION_END, 0, NULL},
	};
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                            MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
	                            (s->tls_cert ? MHD_USE_TLS : 0),
	                        0, NULL, NULL, handle, s, MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!s->d) {
		fprintf(stderr, "clearance: cannot listen on %s%s\n", cfg->listen,
		        s->tls_cert ? " (or the TLS certificate and key do not load)" : "");
		rc = CLR_EIO;
		goto fail;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : ntohs(sa.sin_port);
	*out = s;
	return 0;
fail:
	srv_queue_stop(&s->queue);
	srv_screenlog_stop(&s->log); /* a no-op when it did not start */
	srv_queue_fini(&s->queue);
	srv_conns_stop(&s->conns);
	srv_buckets_fini(&s->buckets);
	snap_release(s->cur);
	server_free(s);
	return rc;
}

unsigned clr_server_port(const srv_server *s)
{
	return s->port;
}

int clr_server_reload(srv_server *s)
{
	snapshot *sn;
	pthread_mutex_lock(&s->reload_mu);
	int rc = snap_build(&sn, &s->cfg, s->next_id + 1);
	if (rc == 0) {
		s->next_id++;
		pthread_mutex_lock(&s->cur_mu);
		snapshot *old = s->cur;
		s->cur = sn;
		pthread_mutex_unlock(&s->cur_mu);
		snap_release(old); /* freed when its last request completes */
		atomic_fetch_add(&s->reloads_ok, 1);
		fprintf(stderr, "clearance: reloaded lists: snapshot %lu, %zu entries\n", sn->id,
		        sn->nentries);
	} else {
		atomic_fetch_add(&s->reloads_failed, 1);
		fprintf(stderr, "clearance: reload failed; the previous lists stay in service\n");
	}
	pthread_mutex_unlock(&s->reload_mu);
	return rc;
}

void clr_server_stop(srv_server *s)
{
	if (!s)
		return;
	/* a suspended connection must be resumed before the daemon stops: the
	 * workers answer every admitted request first */
	srv_queue_stop(&s->queue);
	srv_screenlog_stop(&s->log); /* imports what the workers wrote */
	while (atomic_load(&s->reloading) > 0)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	MHD_stop_daemon(s->d);
	srv_queue_fini(&s->queue);
	srv_conns_stop(&s->conns);
	srv_buckets_fini(&s->buckets);
	snap_release(s->cur);
	pool_fini(&s->stores);
	pthread_mutex_destroy(&s->cur_mu);
	pthread_mutex_destroy(&s->reload_mu);
	server_free(s);
}
