/*
 * fixture_http.c - a tiny HTTP server for the update tests: serves the files
 * of one folder on 127.0.0.1 at an ephemeral port, which it prints on the
 * first line of stdout, until killed.  The first path segment picks a fault:
 *   /ok/FILE        the file, 200
 *   /404/FILE       404 Not Found
 *   /truncate/FILE  announces the full Content-Length, sends half, closes
 *   /garbage/FILE   200 with bytes that no list loader accepts
 *   /slow/FILE      one byte a second
 * Test-only (built with the tests); no network but loopback.
 * usage: fixture_http DIR
 */
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

static const char *root;

typedef struct body {
	char *data;
	size_t n, limit;
	int slow;
} body;

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	body *b = cls;
	if (pos >= b->limit)
		return pos >= b->n ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = b->limit - (size_t)pos;
	if (b->slow) {
		sleep(1);
		n = 1;
	}
	if (n > max)
		n = max;
	memcpy(buf, b->data + pos, n);
	return (ssize_t)n;
}

static void body_free(void *cls)
{
	body *b = cls;
	free(b->data);
	free(b);
}

static int load(const char *name, body *b)
{
	char path[4096];
	if (strstr(name, "..") || strchr(name, '/'))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", root, name);
	clr_buf err = {0};
	int rc = clr__read_file(path, &b->data, &b->n, &err);
	clr__buf_free(&err);
	return rc < 0 ? -1 : 0;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *con, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
	(void)cls, (void)method, (void)version, (void)upload, (void)upload_size, (void)state;
	char mode[32] = "";
	const char *slash = strchr(url + 1, '/');
	if (slash && (size_t)(slash - url - 1) < sizeof(mode))
		memcpy(mode, url + 1, (size_t)(slash - url - 1));
	body *b = calloc(1, sizeof(*b));
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;
	if (!b)
		return MHD_NO;
	if (!slash || !strcmp(mode, "404") || load(slash + 1, b)) {
		free(b->data);
		free(b);
		static char nf[] = "not found\n";
		r = MHD_create_response_from_buffer(strlen(nf), nf, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_FOUND;
	} else {
		b->limit = b->n;
		if (!strcmp(mode, "truncate"))
			b->limit = b->n / 2;
		else if (!strcmp(mode, "slow"))
			b->slow = 1;
		else if (!strcmp(mode, "garbage"))
			for (size_t i = 0; i < b->n; i++)
				b->data[i] = (char)(i * 7919 % 251 + 1);
		r = MHD_create_response_from_callback(b->n, 64 * 1024, reader, b, body_free);
	}
	enum MHD_Result ok = MHD_queue_response(con, status, r);
	MHD_destroy_response(r);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fixture_http DIR\n");
		return 2;
	}
	root = argv[1];
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, answer,
		NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "fixture_http: cannot listen on 127.0.0.1\n");
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", info ? info->port : 0);
	fflush(stdout);
	for (;;)
		pause();
}
