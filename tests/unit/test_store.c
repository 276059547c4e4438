/* test_store.c - the store: SHA-256 vectors, schema, snapshots and content
 * hashes, diff, the snapshot in force on a date, customers, delta rescreen
 * with false-positive suppression and reopening, reviews, the audit chain. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clearance.h"
#include "store/store.h"

#include "store_fixture.h"

static int64_t import1(const char *file, const char *as_of, size_t *nnew)
{
	const char *paths[] = {file};
	int64_t snap;
	size_t n;
	int rc = clr_store_import(st, paths, 1, as_of, &snap, nnew ? nnew : &n);
	cr_assert_eq(rc, 0, "import %s: %s", file, clr_store_errmsg(st));
	return snap;
}

/* Runs f into a memory buffer and returns it (caller frees). */
static char *rescreen(int delta, clr_rescreen_stats *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	clr_screen_opts o;
	clr_screen_opts_init(&o);
	cr_assert_eq(clr_store_rescreen(st, delta, &o, f, s), 0, "%s", clr_store_errmsg(st));
	fclose(f);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

Test(store, sha256_vectors)
{
	char h[65];
	clr__sha256_str("", 0, h);
	cr_expect_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	clr__sha256_str("abc", 3, h);
	cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	clr__sha256_str(two, strlen(two), h);
	cr_expect_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	clr_sha256_ctx s;
	clr__sha256_init(&s);
	char a[1001];
	memset(a, 'a', sizeof(a));
	for (int i = 0; i < 1000; i++) /* one million 'a', odd chunk boundaries */
		clr__sha256_update(&s, a, i & 1 ? 999 : 1001);
	clr__sha256_hex(&s, h);
	cr_expect_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(store, import_versions_and_diff, .init = setup, .fini = teardown)
{
	size_t nnew;
	int64_t a = import1(FX "list-v1.csv", "2024-06-01", &nnew);
	cr_expect_eq(nnew, 3);
	int64_t a2 = import1(FX "list-v1.csv", "2024-07-01", &nnew);
	cr_expect_eq(nnew, 0, "identical content creates no entry version");
	cr_expect_eq(a2, a + 1);
	int64_t b = import1(FX "list-v2.csv", "2025-05-01", &nnew);
	cr_expect_eq(nnew, 2, "the changed and the added entry");

	char *out = NULL, *sum = NULL;
	size_t lo, ls;
	FILE *fo = open_memstream(&out, &lo), *fs = open_memstream(&sum, &ls);
	cr_assert_eq(clr_store_diff(st, 0, 0, fo, fs), 0, "%s", clr_store_errmsg(st));
	fclose(fo);
	fclose(fs);
	cr_expect(strstr(sum, "EL: +1 -1 ~1"), "summary: %s", sum);
	cr_expect(strstr(out, "{\"change\":\"added\",\"entry_id\":\"t-el-4\""), "%s", out);
	cr_expect(strstr(out, "\"federal_register\":[\"90 FR 4000, 4/5/25\"]"), "%s", out);
	cr_expect(strstr(out, "{\"change\":\"removed\",\"entry_id\":\"t-el-3\""), "%s", out);
	cr_expect(strstr(out, "{\"change\":\"changed\",\"entry_id\":\"t-el-2\""), "%s", out);
	cr_expect_eq(count(out, "\n"), 3);
	free(out);
	free(sum);
	/* identical snapshots: no difference */
	fo = open_memstream(&out, &lo);
	cr_assert_eq(clr_store_diff(st, a, a2, fo, NULL), 0);
	fclose(fo);
	cr_expect_eq(lo, 0, "%s", out);
	free(out);

	int64_t got;
	int fb;
	cr_assert_eq(clr_store_snapshot_at(st, "2025-04-30", &got, &fb), 0);
	cr_expect_eq(got, a2);
	cr_expect_eq(fb, 0);
	cr_assert_eq(clr_store_snapshot_at(st, "2025-05-01", &got, &fb), 0);
	cr_expect_eq(got, b);
	cr_assert_eq(clr_store_snapshot_at(st, "2020-01-01", &got, &fb), 0);
	cr_expect_eq(got, a);
	cr_expect_eq(fb, 1);
	cr_expect_eq(clr_store_snapshot_at(st, "2025-5-1", &got, &fb), CLR_EUSAGE);

	clr_db *db;
	cr_assert_eq(clr_db_new(&db), 0);
	cr_assert_eq(clr_store_load(st, b, db, 0), 0, "%s", clr_store_errmsg(st));
	cr_expect_eq(clr_db_entry_count(db), 3);
	clr_db_free(db);
	cr_expect_eq(clr_store_check(st), 0, "%s", clr_store_errmsg(st));
	size_t n;
	cr_expect_eq(clr_store_audit_verify(st, &n), 0);
	cr_expect_eq(n, 3);
}

Test(store, import_errors_change_nothing, .init = setup, .fini = teardown)
{
	const char *bad[] = {FX "list-v1.csv", FX "README.md"};
	const char *none[] = {FX "absent.csv"};
	int64_t snap;
	size_t n;
	cr_expect_eq(clr_store_import(st, bad, 2, NULL, &snap, &n), CLR_EINPUT);
	cr_expect(strstr(clr_store_errmsg(st), "README.md"), "%s", clr_store_errmsg(st));
	cr_expect_eq(clr_store_import(st, none, 1, NULL, &snap, &n), CLR_EIO);
	cr_expect_eq(clr_store_import(st, bad, 1, "yesterday", &snap, &n), CLR_EUSAGE);
	cr_expect_eq(clr_store_diff(st, 0, 0, stdout, NULL), CLR_EINPUT, "no snapshot");
	cr_expect_eq(clr_store_audit_verify(st, &n), 0);
	cr_expect_eq(n, 0, "failed imports leave no audit record");
}

Test(store, delta_rescreen_and_decisions, .init = setup, .fini = teardown)
{
	clr_rescreen_stats s;
	clr_customers_stats cs;
	import1(FX "list-v1.csv", "2024-06-01", NULL);
	cr_assert_eq(clr_store_customers_import(st, FX "customers-v1.csv", 0, &cs), 0, "%s",
	             clr_store_errmsg(st));
	cr_expect_eq(cs.total, 4);
	cr_expect_eq(cs.changed, 4);
	char *out = rescreen(0, &s);
	cr_expect_eq(s.screened, 4);
	cr_expect(strstr(out, "\"customer_id\":\"k1\",\"customer_name\":\"Quarkhollow"), "%s", out);
	cr_expect(strstr(out, "\"customer_id\":\"k2\""), "%s", out);
	cr_expect(!strstr(out, "\"customer_id\":\"k3\""), "Glimmerfjord is not listed in v1: %s", out);
	cr_expect(!strstr(out, "\"customer_id\":\"k4\""), "%s", out);
	/* the k2 alert becomes a false positive */
	char *p = strstr(out, "{\"alert_id\":\"");
	const char *k2 = strstr(out, "\"customer_id\":\"k2\"");
	cr_assert(p && k2);
	char id[17] = "";
	for (char *q = out; (q = strstr(q, "{\"alert_id\":\"")) && q < k2; q++)
		memcpy(id, q + 13, 16);
	cr_assert_eq(strlen(id), 16);
	free(out);
	cr_expect_eq(clr_store_review(st, id, "false_positive", "ana", "other firm"), 0);
	cr_expect_eq(clr_store_review(st, id, "maybe", "ana", NULL), CLR_EUSAGE);
	cr_expect_eq(clr_store_review(st, "ffffffffffffffff", "true_match", "ana", NULL), CLR_EINPUT);

	/* nothing changed: delta screens nobody */
	out = rescreen(1, &s);
	cr_expect_eq(s.screened, 0);
	cr_expect_eq(strlen(out), 0, "%s", out);
	free(out);

	/* a new customer: only it is screened */
	cr_assert_eq(clr_store_customers_import(st, FX "customers-v2.jsonl", 0, &cs), 0);
	cr_expect_eq(cs.changed, 1);
	out = rescreen(1, &s);
	cr_expect_eq(s.screened, 1);
	cr_expect(strstr(out, "\"customer_id\":\"k5\""), "%s", out);
	cr_expect(strstr(out, "\"reason\":\"new or changed customer\""), "%s", out);
	free(out);

	/* v2: t-el-2 gains an alias (the false positive alerts again, saying
	 * why), t-el-4 is new (k3 alerts), k1's entry is unchanged (quiet) */
	import1(FX "list-v2.csv", "2025-05-01", NULL);
	out = rescreen(1, &s);
	/* only customers whose tokens relate to t-el-2 or t-el-4: k2, k3 */
	cr_expect_eq(s.screened, 2, "screened %zu", s.screened);
	cr_expect_eq(s.token_delta, 1);
	cr_expect_eq(s.removed_entries, 1, "t-el-3 left the list");
	cr_expect_eq(s.reopened, 1);
	cr_expect(strstr(out, "\"customer_id\":\"k3\""), "%s", out);
	cr_expect(strstr(out, "\"reason\":\"list entry changed since the false-positive review\""),
	          "%s", out);
	cr_expect(!strstr(out, "\"customer_id\":\"k1\""), "%s", out);
	cr_expect(!strstr(out, "\"customer_id\":\"k5\""), "%s", out);
	free(out);

	/* after the reopening the alert is open again, with its history */
	char *al = NULL;
	size_t len;
	FILE *f = open_memstream(&al, &len);
	cr_assert_eq(clr_store_alerts(st, "open", f), 0);
	fclose(f);
	cr_expect(strstr(al, "\"event\":\"review:false_positive\",\"by\":\"ana\",\"note\":\"other firm\""),
	          "%s", al);
	cr_expect(strstr(al, "\"event\":\"reopened\""), "%s", al);
	free(al);
	f = open_memstream(&al, &len);
	cr_expect_eq(clr_store_alerts(st, "frozen", f), CLR_EUSAGE);
	fclose(f);
	free(al);
	size_t n;
	cr_expect_eq(clr_store_audit_verify(st, &n), 0, "%s", clr_store_errmsg(st));
	cr_expect_eq(n, 9);
}

static char *alerts(const char *status)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(clr_store_alerts(st, status, f), 0, "%s", clr_store_errmsg(st));
	fclose(f);
	return buf;
}

Test(store, closing_alerts_and_attributes, .init = setup, .fini = teardown)
{
	clr_rescreen_stats s;
	clr_customers_stats cs;
	import1(FX "list-v2.csv", "2025-05-01", NULL);
	cr_assert_eq(clr_store_customers_import(st, FX "customers-v1.csv", 0, &cs), 0);
	free(rescreen(0, &s));
	cr_expect_eq(s.alerts, 3, "k1, k2, k3 alert");

	/* the whole base again */
	replace_with_v3();
	char *out = rescreen(1, &s);
	cr_expect_eq(s.screened, 1, "attributes alone are not screened again");
	cr_expect_eq(s.closed, 2);
	free(out);
	char *al = alerts("closed");
	cr_expect(strstr(al, "\"customer_id\":\"k2\"") &&
	          strstr(al, "\"reason\":\"customer record changed; no longer matches\""), "%s", al);
	cr_expect(strstr(al, "\"reason\":\"customer deleted\""), "%s", al);
	free(al);

	/* t-el-1 leaves the list: k1's alert closes without screening anyone */
	import1(FX "list-v3.csv", "2025-06-01", NULL);
	out = rescreen(1, &s);
	cr_expect_eq(s.closed, 1);
	cr_expect_eq(s.removed_entries, 2, "t-el-1 and t-el-4");
	free(out);
	al = alerts("closed");
	cr_expect(strstr(al, "\"reason\":\"list entry removed\""), "%s", al);
	cr_expect(strstr(al, "\"attributes\":{\"segment\":\"wholesale\","
	                     "\"relationship_manager\":\"Ng, Ada\"}"), "%s", al);
	cr_expect(strstr(al, "\"event\":\"closed\""), "%s", al);
	free(al);
	al = alerts("open");
	cr_expect_eq(strlen(al), 0, "%s", al);
	free(al);

	/* t-el-1 is back: k1 alerts again, saying why, with its attributes */
	import1(FX "list-v2.csv", "2025-07-01", NULL);
	out = rescreen(1, &s);
	cr_expect(strstr(out, "\"customer_id\":\"k1\"") &&
	          strstr(out, "\"reason\":\"matches again after it was closed\"") &&
	          strstr(out, "\"attributes\":{\"segment\":\"wholesale\""), "%s", out);
	free(out);
	/* a full rescreen finds nothing more to close */
	free(rescreen(0, &s));
	cr_expect_eq(s.closed, 0);
	size_t n;
	cr_expect_eq(clr_store_audit_verify(st, &n), 0, "%s", clr_store_errmsg(st));
}
