/*
 * fuzz_request.c - libFuzzer target for the HTTP API's request validation
 * (src/server/request.c): screen, compare, check and review bodies and
 * query parameters.  Any body is either a typed request or a 400/413
 * naming a field - never a crash, leak or unbounded recursion.  No socket.
 * Seed corpus: fuzz/corpus/request/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	srv_err err;
	srv_screen_req s;
	srv_compare_req c;
	srv_check_req k;
	int rc = srv_parse_screen(&s, body, size, &err);
	if (rc == 0) {
		for (size_t i = 0; i < s.nqueries; i++)
			if (!s.queries[i].name || !s.queries[i].id)
				abort();
		srv_screen_req_free(&s);
	} else if ((rc != 400 && rc != 413) || !err.field[0] || !strstr(err.msg, err.field)) {
		abort();
	}
	if (srv_parse_compare(&c, body, size, &err) == 0) {
		if (!c.a || !c.b)
			abort();
		srv_compare_req_free(&c);
	}
	if (srv_parse_check(&k, body, size, &err) == 0)
		srv_check_req_free(&k);
	srv_review_req r;
	if (srv_parse_review(&r, body, size, &err) == 0) {
		if (!r.decision)
			abort();
		srv_review_req_free(&r);
	}
	/* the body as a query parameter value, when it is a C string */
	if (memchr(body, '\0', size)) {
		static const char *const choices[] = {"open", "all", NULL};
		size_t v;
		const char *z;
		if (srv_parse_size(body, "limit", 1, 1000, 100, &v, &err) == 0 && (v < 1 || v > 1000))
			abort();
		if (srv_parse_choice(body, "status", choices, "open", &z, &err) == 0 && strcmp(z, body))
			abort();
	}
	return 0;
}
