/*
 * abuse.c - hostile and honest clients of `clearance serve` at once, on
 * loopback only, for a bounded time: what the honest ones saw (status,
 * errors, timeouts, latency percentiles) and what the attackers got.  One
 * thread, one epoll; every request on a connection of its own (Connection:
 * close), each client kind from a source address of its own (127.0.0.X),
 * open-loop at its rate, so a slow server cannot slow the attack down.
 *
 *   clr-abuse --port P --seconds S [CLIENT=RATE]... [options]
 *
 * Clients (RATE in requests a second):
 *   honest=R    127.0.0.1  POST /v1/screen, one name, --key, on kept-alive
 *                          connections (a client's pool, up to 16)
 *   fresh=R     127.0.0.1  the same on a new connection each
 *   health=R    127.0.0.1  GET /v1/health, kept alive
 *   tiny=R      127.0.0.3  POST /v1/screen {"name":"a"}, --flood-key
 *   big=R       127.0.0.4  POST /v1/screen, the body of --big FILE
 *   bad=R       127.0.0.5  malformed: garbage, bad JSON, 40 KB of headers,
 *                          a body over the limit, a wrong method, HTTP/0.9
 *   batch=R     127.0.0.16-31  POST /v1/screen, the body of --batch FILE, --key:
 *                          load from many clients, 16 addresses in turn
 *   reload=R    127.0.0.1  POST /v1/admin/reload, --admin-key
 *   slowloris=N 127.0.0.2  N connections that send half a request line, a
 *                          byte every 2 s after, and reconnect when dropped
 * --calibrate FILE: instead, batches of FILE two at a time for --seconds;
 *   prints "capacity: X batches/s".  --pid PID: VmRSS of the server every
 *   10 s.  --timeout S: a request unanswered after S (default 5) counts as
 *   a timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum kind { HONEST, FRESH, HEALTH, TINY, BIG, BAD, BATCH, RELOAD, SLOW, NKIND };
static const char *const kname[NKIND] = {"honest", "fresh", "health", "tiny", "big", "bad",
                                         "batch", "reload", "slowloris"};
static const int ksrc[NKIND] = {1, 1, 1, 3, 4, 5, 16, 1, 2};
/* kinds whose connections are kept alive and reused */
#define KEEP(k) ((k) == HONEST || (k) == HEALTH)
#define POOL_MAX 16

typedef struct stats {
	double rate;
	unsigned long started, done, errors, timeouts, retry_after_missing;
	unsigned long status[600];
	double *lat[2]; /* [0] 2xx and others, [1] 429/503 */
	size_t nlat[2], caplat[2];
} stats;

typedef struct conn {
	int fd;
	enum kind k;
	const char *out;
	size_t outlen, off;
	double t0, next_trickle;
	char head[2048];
	size_t nhead, nread, need; /* need: head + Content-Length, once known */
	int connected, idle;
	struct conn *prev, *next;
} conn;

static conn *pool[NKIND][POOL_MAX];
static int npool[NKIND];

static stats st[NKIND];
static conn *conns;
static size_t nslow_open;
static int ep, port;
static double timeout_s = 5;
static char *req[NKIND];
static size_t reqlen[NKIND];
static const char *bad_reqs[6];
static size_t bad_len[6];
static unsigned long nbad;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void lat_add(stats *s, int which, double v)
{
	if (s->nlat[which] == s->caplat[which]) {
		s->caplat[which] = s->caplat[which] ? 2 * s->caplat[which] : 4096;
		s->lat[which] = realloc(s->lat[which], s->caplat[which] * sizeof(double));
		if (!s->lat[which])
			exit(1);
	}
	s->lat[which][s->nlat[which]++] = v;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *z = malloc((size_t)n + 1);
	if (!z || fread(z, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*len = (size_t)n;
	return z;
}

static char *post(const char *path, const char *key, const char *body, size_t blen, size_t *len)
{
	char *z;
	int n = asprintf(&z, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	                     "Content-Type: application/json\r\n%s%s%sContent-Length: %zu\r\n\r\n%.*s",
	                 path, key ? "Authorization: Bearer " : "", key ? key : "", key ? "\r\n" : "",
	                 blen, (int)blen, body);
	if (n < 0)
		exit(1);
	*len = (size_t)n;
	return z;
}

static void conn_close(conn *c)
{
	for (int i = 0; i < npool[c->k]; i++)
		if (pool[c->k][i] == c)
			pool[c->k][i] = pool[c->k][--npool[c->k]];
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	if (c->k == SLOW)
		nslow_open--;
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	free(c);
}

/* The end of an exchange: its status (0: none came) and latency. */
static void finish(conn *c, int timed_out)
{
	stats *s = &st[c->k];
	int code = 0;
	if (c->nhead >= 12 && !strncmp(c->head, "HTTP/1.", 7))
		code = atoi(c->head + 9);
	s->done++;
	if (timed_out)
		s->timeouts++;
	else if (code <= 0 || code >= 600)
		s->errors++;
	else
		s->status[code]++;
	if (code == 429 || code == 503) {
		c->head[c->nhead < sizeof(c->head) ? c->nhead : sizeof(c->head) - 1] = '\0';
		if (!strcasestr(c->head, "\r\nRetry-After:"))
			s->retry_after_missing++;
	}
	if (!timed_out && code > 0)
		lat_add(s, code == 429 || code == 503, now() - c->t0);
	if (!timed_out && code > 0 && c->need && KEEP(c->k) && npool[c->k] < POOL_MAX &&
	    !strcasestr(c->head, "\r\nConnection: close")) {
		c->idle = 1;
		pool[c->k][npool[c->k]++] = c;
		struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		return;
	}
	conn_close(c);
}

/* A kept-alive connection takes the next request. */
static int reuse(enum kind k)
{
	if (!npool[k])
		return 0;
	conn *c = pool[k][--npool[k]];
	c->idle = 0;
	c->t0 = now();
	c->off = c->nhead = c->nread = c->need = 0;
	st[k].started++;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
	return 1;
}

static void start(enum kind k)
{
	if (KEEP(k) && reuse(k))
		return;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		st[k].errors++;
		return;
	}
	struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
	src.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)(ksrc[k] + (k == BATCH ? st[k].started % 16 : 0)));
	dst.sin_addr.s_addr = htonl(0x7f000001u);
	dst.sin_port = htons((uint16_t)port);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0 ||
	    (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0 && errno != EINPROGRESS)) {
		close(fd);
		st[k].started++;
		st[k].done++;
		st[k].errors++;
		return;
	}
	conn *c = calloc(1, sizeof(*c));
	c->fd = fd;
	c->k = k;
	c->t0 = now();
	if (k == BAD) {
		c->out = bad_reqs[nbad % 6];
		c->outlen = bad_len[nbad % 6];
		nbad++;
	} else {
		c->out = req[k];
		c->outlen = reqlen[k];
	}
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	if (k == SLOW)
		nslow_open++;
	else
		st[k].started++;
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void on_event(conn *c, uint32_t e)
{
	if (e & EPOLLOUT) {
		c->connected = 1;
		while (c->off < c->outlen) {
			ssize_t n = write(c->fd, c->out + c->off, c->outlen - c->off);
			if (n > 0) {
				c->off += (size_t)n;
				continue;
			}
			if (n < 0 && errno == EAGAIN)
				break;
			/* refused mid-request (413, a limit, a dropped slowloris): read what came */
			c->off = c->outlen;
			break;
		}
		if (c->off == c->outlen) {
			struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
			epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		}
	}
	if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		char buf[65536];
		for (;;) {
			ssize_t n = read(c->fd, buf, sizeof(buf));
			if (n > 0) {
				size_t m = (size_t)n;
				if (m > sizeof(c->head) - 1 - c->nhead)
					m = sizeof(c->head) - 1 - c->nhead;
				memcpy(c->head + c->nhead, buf, m);
				c->nhead += m;
				c->head[c->nhead] = '\0';
				c->nread += (size_t)n;
				char *end = c->need ? NULL : strstr(c->head, "\r\n\r\n");
				char *cl = end ? strcasestr(c->head, "\r\nContent-Length:") : NULL;
				if (cl && cl < end)
					c->need = (size_t)(end + 4 - c->head) + strtoul(cl + 17, NULL, 10);
				if (KEEP(c->k) && c->need && c->nread >= c->need) {
					finish(c, 0);
					return;
				}
				continue;
			}
			if (n < 0 && errno == EAGAIN)
				return;
			break; /* EOF or reset: the exchange is over */
		}
		if (c->idle) { /* the server ended an idle kept-alive connection */
			conn_close(c);
			return;
		}
		if (c->k == SLOW) {
			st[SLOW].done++; /* dropped by the server */
			conn_close(c);
		} else {
			finish(c, 0);
		}
	}
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i] * 1e3;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(enum kind k)
{
	stats *s = &st[k];
	if (k == SLOW) {
		printf("slowloris 127.0.0.2: %.0f wanted open; %lu connections made, %lu dropped by the "
		       "server, %zu open at the end\n", s->rate, s->started, s->done, nslow_open);
		return;
	}
	printf("%-6s 127.0.0.%d: %lu requests:", kname[k], ksrc[k], s->done);
	for (int i = 0; i < 600; i++)
		if (s->status[i])
			printf(" %lu x %d,", s->status[i], i);
	printf(" errors %lu, timeouts %lu", s->errors, s->timeouts);
	if (s->retry_after_missing)
		printf(", %lu 429/503 without Retry-After", s->retry_after_missing);
	for (int w = 0; w < 2; w++) {
		if (!s->nlat[w])
			continue;
		qsort(s->lat[w], s->nlat[w], sizeof(double), cmpd);
		printf("; %s ms p50 %.2f p99 %.2f max %.2f", w ? "429/503" : "answered",
		       pct(s->lat[w], s->nlat[w], 0.5), pct(s->lat[w], s->nlat[w], 0.99),
		       pct(s->lat[w], s->nlat[w], 1.0));
	}
	printf("\n");
}

static long rss_kb(int pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	double seconds = 10;
	const char *key = NULL, *flood_key = NULL, *admin_key = NULL, *big = NULL, *batch = NULL;
	const char *calibrate = NULL;
	int pid = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
		const char *eq = strchr(a, '=');
		if (!strcmp(a, "--port"))
			port = atoi(v), i++;
		else if (!strcmp(a, "--seconds"))
			seconds = atof(v), i++;
		else if (!strcmp(a, "--timeout"))
			timeout_s = atof(v), i++;
		else if (!strcmp(a, "--key"))
			key = v, i++;
		else if (!strcmp(a, "--flood-key"))
			flood_key = v, i++;
		else if (!strcmp(a, "--admin-key"))
			admin_key = v, i++;
		else if (!strcmp(a, "--big"))
			big = v, i++;
		else if (!strcmp(a, "--batch"))
			batch = v, i++;
		else if (!strcmp(a, "--calibrate"))
			calibrate = v, i++;
		else if (!strcmp(a, "--pid"))
			pid = atoi(v), i++;
		else if (eq) {
			int k = 0;
			while (k < NKIND && strncmp(a, kname[k], (size_t)(eq - a)))
				k++;
			if (k == NKIND) {
				fprintf(stderr, "clr-abuse: unknown client '%s'\n", a);
				return 2;
			}
			st[k].rate = atof(eq + 1);
		} else {
			fprintf(stderr, "clr-abuse: unknown argument '%s' (see bench/abuse.c)\n", a);
			return 2;
		}
	}
	if (!port || seconds <= 0)
		return fprintf(stderr, "clr-abuse: --port P --seconds S\n"), 2;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	static const char one[] = "{\"name\":\"Huawei Technologies Co Ltd\"}";
	req[FRESH] = post("/v1/screen", key, one, sizeof(one) - 1, &reqlen[FRESH]);
	req[HONEST] = post("/v1/screen", key, one, sizeof(one) - 1, &reqlen[HONEST]);
	/* kept alive: the same without "Connection: close" */
	memmove(strstr(req[HONEST], "Connection: close\r\n"),
	        strstr(req[HONEST], "Connection: close\r\n") + 19,
	        strlen(strstr(req[HONEST], "Connection: close\r\n") + 19) + 1);
	reqlen[HONEST] -= 19;
	req[TINY] = post("/v1/screen", flood_key, "{\"name\":\"a\"}", 12, &reqlen[TINY]);
	req[RELOAD] = post("/v1/admin/reload", admin_key, "", 0, &reqlen[RELOAD]);
	req[HEALTH] = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	reqlen[HEALTH] = strlen(req[HEALTH]);
	req[SLOW] = "GET /v1/hea";
	reqlen[SLOW] = strlen(req[SLOW]);
	if (big || calibrate || batch) {
		size_t n;
		char *b = slurp(big ? big : calibrate ? calibrate : batch, &n);
		if (big)
			req[BIG] = post("/v1/screen", flood_key, b, n, &reqlen[BIG]);
		if (batch || calibrate) {
			size_t m;
			char *c = batch && big ? slurp(batch, &m) : b;
			m = batch && big ? m : n;
			req[BATCH] = post("/v1/screen", key, c, m, &reqlen[BATCH]);
		}
	}
	/* the malformed ones: each a different way to be wrong */
	static char hugeh[48 * 1024];
	int hn = snprintf(hugeh, sizeof(hugeh), "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(hugeh + hn, 'a', 40 * 1024);
	memcpy(hugeh + hn + 40 * 1024, "\r\n\r\n", 4);
	bad_reqs[0] = "\x16\x03\x01\x02\x00GARBAGE \x01\x02\r\n\r\n";
	bad_reqs[1] = "POST /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 9"
	              "\r\n\r\n{\"name\":[";
	bad_reqs[2] = hugeh;
	bad_reqs[3] = "POST /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
	              "99999999\r\n\r\n{";
	bad_reqs[4] = "DELETE /v1/screen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	bad_reqs[5] = "GET /\r\n\r\n";
	for (int i = 0; i < 6; i++)
		bad_len[i] = i == 2 ? (size_t)hn + 40 * 1024 + 4 : strlen(bad_reqs[i]);

	ep = epoll_create1(0);
	double t0 = now(), end = t0 + seconds, last_scan = t0, next_rss = t0;
	long rss_first = -1, rss_min = -1, rss_max = -1, rss_last = -1;
	int ncal = 0;
	struct epoll_event evs[256];
	if (pid)
		printf("rss (KB) every 10 s:");
	for (;;) {
		double t = now();
		if (t >= end)
			break;
		if (calibrate) {
			while (ncal < 2) {
				start(BATCH);
				ncal++;
			}
		}
		for (int k = 0; k < SLOW; k++) /* open loop: what is due by now is started */
			while (st[k].rate > 0 && (double)st[k].started < (t - t0) * st[k].rate)
				start((enum kind)k);
		/* slowloris: reconnect what was dropped, at most 2,000 a second */
		for (int n = 0; st[SLOW].rate > 0 && (double)nslow_open < st[SLOW].rate &&
		                   (double)st[SLOW].started < 2000 * (t - t0) + st[SLOW].rate;
		     n++) {
			start(SLOW);
			st[SLOW].started++;
		}
		int n = epoll_wait(ep, evs, 256, 2);
		for (int i = 0; i < n; i++) {
			on_event(evs[i].data.ptr, evs[i].events);
		}
		if (calibrate) { /* count the finished, keep two in flight */
			size_t inflight = 0;
			for (conn *c = conns; c; c = c->next)
				inflight += !c->idle;
			ncal = (int)inflight;
		}
		t = now();
		if (t - last_scan > 0.05) {
			last_scan = t;
			for (conn *c = conns, *nx; c; c = nx) {
				nx = c->next;
				if (c->k == SLOW) {
					if (c->connected && c->off == c->outlen && t >= c->next_trickle) {
						if (c->next_trickle > 0 && write(c->fd, "l", 1) < 0) {
							st[SLOW].done++;
							conn_close(c);
							continue;
						}
						c->next_trickle = t + 2;
					}
				} else if (!c->idle && t - c->t0 > timeout_s) {
					finish(c, 1);
				}
			}
		}
		if (pid && t >= next_rss) {
			long kb = rss_kb(pid);
			next_rss = t + 10;
			printf(" %ld", kb);
			fflush(stdout);
			if (rss_first < 0)
				rss_first = kb;
			rss_min = rss_min < 0 || kb < rss_min ? kb : rss_min;
			rss_max = kb > rss_max ? kb : rss_max;
			rss_last = kb;
		}
	}
	if (pid)
		printf("\nrss: first %ld KB, min %ld, max %ld, last %ld\n", rss_first, rss_min, rss_max,
		       rss_last);
	/* what is still in flight at the end is given its timeout to finish */
	double drain_end = now() + timeout_s;
	for (;;) {
		int live = 0;
		for (conn *c = conns; c; c = c->next)
			live += c->k != SLOW && !c->idle;
		if (!live || now() > drain_end)
			break;
		int n = epoll_wait(ep, evs, 256, 10);
		for (int i = 0; i < n; i++)
			on_event(evs[i].data.ptr, evs[i].events);
	}
	for (conn *c = conns, *nx; c; c = nx) {
		nx = c->next;
		if (c->k == SLOW || c->idle)
			conn_close(c);
		else
			finish(c, 1);
	}
	if (calibrate) {
		printf("capacity: %.2f batches/s (%lu batches of %s in %.1f s, 2 at a time)\n",
		       (double)st[BATCH].status[200] / seconds, st[BATCH].status[200], calibrate,
		       seconds);
		return 0;
	}
	for (int k = 0; k < NKIND; k++)
		if (st[k].rate > 0)
			report((enum kind)k);
	return 0;
}
