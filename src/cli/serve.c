/*
 * serve.c - `clearance serve`: the HTTP API and the analysts' page
 * (src/server/).  Owns options, signals and the process life cycle: SIGHUP
 * reloads the lists (from the files, or the store's latest snapshot) and
 * the alias files, SIGINT/SIGTERM stop after in-flight requests; with
 * --follow it looks at the store's latest snapshot every so often and
 * reloads when another process has imported one (replicas of one store).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* Whether the store holds an active API key (keys create --store). */
static int store_has_keys(const char *path)
{
	clr_store *st;
	clr_store_key k;
	int any = 0;
	if (path && clr_store_open(&st, path) == 0 && clr_store_key_find(st, NULL, 0, &k, &any) < 0)
		any = 0;
	if (path)
		clr_store_free(st);
	return any;
}

/* A positive number of at most hi (seconds or a count); -1 when not. */
static double positive(const char *opt, const char *z, double hi)
{
	char *end;
	double v = strtod(z, &end);
	if (end == z || *end || !(v > 0) || v > hi) {
		cli_err("%s: expected a number in (0, %g], got '%s'", opt, hi, z);
		return -1;
	}
	return v;
}

/* --rate ROLE=N[/BURST] or ROLE=off: requests a second (and burst) per
 * key of that role, or per address for requests without a valid key. */
static int parse_rate(clr_server_config *cfg, const char *z)
{
	static const char *const who[] = {"address", "screen", "analyst", "admin"};
	const char *eq = strchr(z, '=');
	for (int i = 0; eq && i < 4; i++) {
		if (strlen(who[i]) != (size_t)(eq - z) || strncmp(z, who[i], (size_t)(eq - z)))
			continue;
		if (!strcmp(eq + 1, "off")) {
			cfg->rate[i].per_s = -1;
			return 0;
		}
		char *end, *end2;
		double r = strtod(eq + 1, &end), b = 0;
		if (*end == '/')
			b = strtod(end + 1, &end2), end = b >= 1 ? end2 : end;
		if (end != eq + 1 && !*end && r > 0 && r <= 1e6) {
			cfg->rate[i].per_s = r;
			cfg->rate[i].burst = b;
			return 0;
		}
		break;
	}
	cli_err("--rate: expected address|screen|analyst|admin=N[/BURST] or =off, got '%s'", z);
	return -1;
}

/* The store's latest snapshot id, 0 when it cannot be read (said once in a
 * row on stderr: a store that stays unreadable is not a message a poll). */
static int64_t latest_snapshot(clr_store *st, int *said)
{
	int64_t id;
	char as_of[16];
	if (clr_store_latest(st, &id, as_of) == 0) {
		*said = 0;
		return id;
	}
	if (!*said)
		fprintf(stderr, "clearance: --follow: %s\n", clr_store_errmsg(st));
	*said = 1;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	cli_common c = {0};
	clr_server_config cfg = {.listen = "127.0.0.1:8080", .access_log = 1};
	const char *rules = NULL;
	char rbuf[4200];
	double follow = 0; /* seconds between looks at the store's latest snapshot, 0: none */
	clr_screen_opts_init(&c.opts);
	for (int i = 1; i < argc; i++) {
		int r = cli_common_opt(&c, argc, argv, &i);
		if (r < 0)
			return EXIT_ERROR;
		if (r)
			continue;
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--listen") && v)
			cfg.listen = argv[++i];
		else if (!strcmp(argv[i], "--ownership") && v)
			cfg.ownership = argv[++i];
		else if (!strcmp(argv[i], "--keys") && v)
			cfg.keys = argv[++i];
		else if (!strcmp(argv[i], "--store") && v)
			cfg.store = argv[++i];
		else if (!strcmp(argv[i], "--rules") && v)
			rules = argv[++i];
		else if (!strcmp(argv[i], "--threads") && v) {
			char *end;
			unsigned long n = strtoul(argv[++i], &end, 10);
			if (*end || !n || n > 256)
				return cli_err("--threads: expected 1..256, got '%s'", argv[i]);
			cfg.threads = (unsigned)n;
		} else if (!strcmp(argv[i], "--no-access-log"))
			cfg.access_log = 0;
		else if (!strcmp(argv[i], "--no-screening-log"))
			cfg.no_screening_log = 1;
		else if (!strcmp(argv[i], "--tls-cert") && v)
			cfg.tls_cert = argv[++i];
		else if (!strcmp(argv[i], "--tls-key") && v)
			cfg.tls_key = argv[++i];
		else if (!strcmp(argv[i], "--follow") && v) {
			if ((follow = positive(argv[i], argv[i + 1], 3600)) < 0)
				return EXIT_ERROR;
			i++;
		} else if (!strcmp(argv[i], "--rate") && v) {
			if (parse_rate(&cfg, argv[++i]) < 0)
				return EXIT_ERROR;
		} else if (v && (!strcmp(argv[i], "--max-connections") ||
		                 !strcmp(argv[i], "--max-per-address"))) {
			double n = positive(argv[i], argv[i + 1], 1e6);
			if (n < 1 || n != (unsigned)n)
				return n < 0 ? EXIT_ERROR : cli_err("%s: expected a whole number", argv[i]);
			*(argv[i][6] == 'c' ? &cfg.max_connections : &cfg.max_per_address) = (unsigned)n;
			i++;
		} else if (v && (!strcmp(argv[i], "--header-timeout") ||
		                 !strcmp(argv[i], "--idle-timeout") ||
		                 !strcmp(argv[i], "--body-timeout") ||
		                 !strcmp(argv[i], "--queue-seconds"))) {
			double t = positive(argv[i], argv[i + 1], 3600);
			if (t < 0)
				return EXIT_ERROR;
			*(argv[i][2] == 'h' ? &cfg.header_seconds : argv[i][2] == 'i' ? &cfg.idle_seconds :
			  argv[i][2] == 'b' ? &cfg.body_seconds : &cfg.queue_seconds) = t;
			i++;
		}
		else
			return cli_err("serve: unknown argument '%s'", argv[i]);
	}
	if (c.index && c.nlists)
		return cli_err("--index and --list exclude each other: an index holds its lists");
	if (follow && (!cfg.store || c.nlists || c.index))
		return cli_err("--follow: the lists must come from the store: give --store and "
		               "neither --list nor --index");
	if (c.index && c.naliases)
		return cli_err("--index and --aliases exclude each other: build the index with them "
		               "(index build --list P --aliases F -o FILE.clx)");
	cfg.index = c.index;
	cfg.evidence_policy = c.evidence_policy;
	if (!c.nlists && !c.index && !cfg.store) {
		const char *env = getenv("CLEARANCE_LISTS");
		if (!env || !*env)
			return cli_err("no lists given: use --list PATH or --store PATH (or set "
			               "CLEARANCE_LISTS)");
		c.lists[c.nlists++] = env;
	}
	for (int i = 0; i < c.nlists; i++)
		cfg.lists[cfg.nlists++] = c.lists[i];
	for (int i = 0; i < c.naliases; i++)
		cfg.aliases[cfg.naliases++] = c.aliases[i];
	cfg.load_flags = c.load_flags;
	cfg.threshold = c.opts.threshold;
	cfg.rules = cli_rules_dir(rules, rbuf, sizeof(rbuf));

	/* signals go to this thread only: the daemon's threads inherit the mask */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* the snapshot seen before the server loads one: if an import lands
	 * in between, the first look reloads once more, never once less */
	clr_store *fst = NULL;
	int64_t seen = 0;
	int said = 0;
	if (follow) {
		if (clr_store_open(&fst, cfg.store) < 0) {
			cli_err("--follow: %s", clr_store_errmsg(fst));
			clr_store_free(fst);
			return EXIT_ERROR;
		}
		seen = latest_snapshot(fst, &said);
	}
	clr_server *s;
	if (clr_server_start(&s, &cfg) < 0) {
		clr_store_free(fst);
		return EXIT_ERROR;
	}
	const char *host = cfg.listen;
	const char *colon = strrchr(host, ':');
	int hlen = (int)(colon - host);
	if (!cfg.keys && !store_has_keys(cfg.store))
		fprintf(stderr, "clearance: no --keys and no key in the store: every route is open "
		                "to anyone who can reach %.*s\n", hlen, host);
	if (strncmp(host, "127.", 4) && strncmp(host, "localhost:", 10))
		fprintf(stderr, "clearance: warning: listening beyond loopback on %.*s\n", hlen, host);
	if (!hlen || !strncmp(host, "0.0.0.0:", 8) || !strncmp(host, "localhost:", 10))
		host = "127.0.0.1", hlen = 9;
	printf("clearance: serving on %s://%.*s:%u/\n", cfg.tls_cert ? "https" : "http", hlen, host,
	       clr_server_port(s));
	fflush(stdout);
	for (;;) {
		int sig;
		if (follow) {
			struct timespec ts = {(time_t)follow, (long)((follow - (time_t)follow) * 1e9)};
			sig = sigtimedwait(&set, NULL, &ts);
			if (sig < 0 && errno == EAGAIN) {
				int64_t id = latest_snapshot(fst, &said);
				if (id && id != seen) {
					fprintf(stderr, "clearance: snapshot %lld in the store: reloading lists\n",
					        (long long)id);
					if (clr_server_reload(s) == 0)
						seen = id; /* else tried again at the next look */
				}
				continue;
			}
			if (sig < 0)
				continue;
		} else if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			fprintf(stderr, "clearance: SIGHUP: reloading lists\n");
			(void)clr_server_reload(s);
			continue;
		}
		fprintf(stderr, "clearance: signal %d: stopping\n", sig);
		break;
	}
	clr_server_stop(s);
	clr_store_free(fst);
	return EXIT_CLEAR;
}
