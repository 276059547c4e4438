/* store_fixture.h - a fresh store in a temporary file per test, for the
 * store's unit tests (test_store.c, test_store_api.c): setup() opens it as
 * `st`, teardown() closes it and removes the file with its WAL. */
#ifndef CLR_TEST_STORE_FIXTURE_H
#define CLR_TEST_STORE_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "clearance.h"

#define FX CLR_FIXTURES "/store/"

static char dbpath[64];
static clr_store *st;

static void setup(void)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/clr-test-store-XXXXXX");
	int fd = mkstemp(dbpath);
	cr_assert(fd >= 0);
	close(fd);
	unlink(dbpath);
	cr_assert_eq(clr_store_open(&st, dbpath), 0, "%s", clr_store_errmsg(st));
	clr_store_set_user(st, "unit");
}

static void teardown(void)
{
	char p[80];
	clr_store_free(st);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

#endif
