/*
 * fuzz_request.c - libFuzzer target for the HTTP API's request validation
 * (src/server/request.c): screen, compare, check and review bodies and
 * query parameters, the trade.gov CSL API's search parameters
 * (compat_csl.c) and yente match bodies (compat_yente.c) over a small list.  Any body is either a typed request or
 * a 400/413 naming a field - never a crash, leak or unbounded recursion.
 * No socket.
 * Seed corpus: fuzz/corpus/request/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A list of a few entries, with addresses and evidence, for the CSL search. */
static clr_db *db;
static clr_screener *sc;

static void csl_init(void)
{
	static const char rows[] =
		"_id,source,type,name,alt_names,addresses,dates_of_birth,nationalities,ids\n"
		"a1,SDN,Individual,\"KARIMOV, Rustam\",R. Karimov,\"12 Navoi St, Tashkent, UZ\","
		"1962-03-12,UZ,\"UZ, AA1234567, Passport\"\n"
		"a2,EL,,Nova Trading LLC,,\"Deira, Dubai, AE\",,,\n"
		"a3,SDN,Vessel,OCEAN GLORY,,,,,\"IMO 9123456, Vessel Registration Identification\"\n";
	char path[] = "/tmp/fuzz-csl-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, rows, sizeof(rows) - 1) != (ssize_t)(sizeof(rows) - 1) ||
	    clr_db_new(&db) || clr_db_load(db, path, 0) || clr_db_prepare(db) ||
	    clr_screener_new(&sc, db))
		abort();
	close(fd);
	unlink(path);
}

static void csl_one(const srv_csl_params *p)
{
	srv_err err;
	char *out = NULL;
	int rc = srv_csl_search(sc, db, 0.5, p, &out, &err);
	if (rc == 0 ? !out || out[0] != '{' : rc != 400 || !err.field[0] || !strstr(err.msg, err.field))
		abort();
	free(out);
}

/* z as each search parameter in turn, then as all of them */
static void csl_search(const char *z)
{
	if (!db)
		csl_init();
	srv_csl_params all;
	const char **f = (const char **)&all;
	size_t n = sizeof(all) / sizeof(const char *);
	for (size_t i = 0; i < n; i++) {
		srv_csl_params one = {0};
		((const char **)&one)[i] = z;
		csl_one(&one);
		f[i] = z;
	}
	csl_one(&all);
}

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
	/* the body as a yente match request */
	if (!db)
		csl_init();
	char *out = NULL;
	rc = srv_yente_match(sc, db, "default", body, size, NULL, NULL, &out, &err);
	if (rc == 0 ? !out || out[0] != '{'
	            : (rc != 400 && rc != 413) || !err.field[0] || !strstr(err.msg, err.field))
		abort();
	free(out);
	/* the body as a query parameter value, when it is a C string */
	if (memchr(body, '\0', size)) {
		static const char *const choices[] = {"open", "all", NULL};
		size_t v;
		const char *z;
		if (srv_parse_size(body, "limit", 1, 1000, 100, &v, &err) == 0 && (v < 1 || v > 1000))
			abort();
		if (srv_parse_choice(body, "status", choices, "open", &z, &err) == 0 && strcmp(z, body))
			abort();
		csl_search(body);
	}
	return 0;
}
