/* test_store_api.c - what the HTTP API reads from and writes to the store:
 * keys (create, find, revoke, never the key itself), the JSON views
 * (alerts page, one alert, customer, snapshots, diff with hits, audit) and
 * their errors (unknown ids, bad arguments). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clearance.h"

#include "store_fixture.h"

/* Two snapshots (v1, v2), the fixture customers, one rescreen. */
static void populate(void)
{
	const char *v1[] = {FX "list-v1.csv"}, *v2[] = {FX "list-v2.csv"};
	int64_t snap;
	size_t n;
	clr_customers_stats cs;
	clr_rescreen_stats s;
	clr_screen_opts o;
	cr_assert_eq(clr_store_import(st, v1, 1, "2025-01-01", &snap, &n), 0);
	cr_assert_eq(clr_store_import(st, v2, 1, "2025-06-01", &snap, &n), 0);
	cr_assert_eq(clr_store_customers_import(st, FX "customers-v1.csv", 0, &cs), 0);
	clr_screen_opts_init(&o);
	FILE *devnull = fopen("/dev/null", "w");
	cr_assert_eq(clr_store_rescreen(st, 0, &o, devnull, &s), 0, "%s", clr_store_errmsg(st));
	fclose(devnull);
}

static json_t *parse(char *z)
{
	json_error_t e;
	json_t *j = json_loads(z, 0, &e);
	cr_assert(j, "not JSON (%s): %s", e.text, z);
	free(z);
	return j;
}

TestSuite(store_api, .init = setup, .fini = teardown);

Test(store_api, keys_create_find_revoke)
{
	clr_store_key k;
	char key[80], other[80];
	int64_t id;
	int any = 1;
	cr_expect_eq(clr_store_key_find(st, "clr_x", 5, &k, &any), 0, "no keys table yet");
	cr_expect_eq(any, 0);
	cr_expect_eq(clr_store_key_create(st, "root", NULL, key, &id), CLR_EUSAGE);
	cr_expect_eq(clr_store_key_create(st, "analyst", "", key, &id), CLR_EUSAGE);
	cr_assert_eq(clr_store_key_create(st, "analyst", "alice", key, &id), 0, "%s",
	             clr_store_errmsg(st));
	cr_expect_eq(strlen(key), 52);
	cr_expect_eq(strncmp(key, "clr_", 4), 0);
	cr_assert_eq(clr_store_key_create(st, "admin", NULL, other, &id), 0);
	cr_expect_neq(strcmp(key, other), 0);
	cr_expect_eq(clr_store_key_find(st, key, strlen(key), &k, &any), 1);
	cr_expect_eq(any, 1);
	cr_expect_str_eq(k.name, "alice");
	cr_expect_str_eq(k.role, "analyst");
	cr_expect_eq(clr_store_key_find(st, other, strlen(other), &k, &any), 1);
	cr_expect_str_eq(k.name, "admin-2");
	cr_expect_eq(clr_store_key_find(st, key, strlen(key) - 1, &k, &any), 0, "a prefix");
	cr_expect_eq(clr_store_key_revoke(st, "bob"), CLR_EINPUT);
	cr_assert_eq(clr_store_key_revoke(st, "alice"), 0, "%s", clr_store_errmsg(st));
	cr_expect_eq(clr_store_key_find(st, key, strlen(key), &k, &any), 0, "revoked");
	cr_expect_eq(any, 1, "the admin key is still active");
	cr_expect_eq(clr_store_key_revoke(st, "alice"), CLR_EINPUT, "already revoked");
	cr_assert_eq(clr_store_key_revoke(st, "2"), 0, "by id");
	cr_expect_eq(clr_store_key_find(st, NULL, 0, &k, &any), 0);
	cr_expect_eq(any, 0, "no active key left: the server is open");
	size_t n;
	cr_expect_eq(clr_store_audit_verify(st, &n), 0);
	cr_expect_eq(n, 4, "two creations and two revocations audited");
}

Test(store_api, alerts_views)
{
	char *z;
	populate();
	cr_assert_eq(clr_store_alerts_json(st, NULL, 100, 0, &z), 0, "%s", clr_store_errmsg(st));
	json_t *all = parse(z);
	size_t total = (size_t)json_integer_value(json_object_get(all, "total"));
	cr_assert_geq(total, 2);
	json_t *a0 = json_array_get(json_object_get(all, "alerts"), 0);
	const char *fields[] = {"id", "customer_id", "customer_name", "entry_id", "source",
	                        "listed_name", "score", "status", "decision", "history"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		cr_expect(json_object_get(a0, fields[i]), "ALERT lacks %s", fields[i]);
	cr_expect(json_is_null(json_object_get(a0, "decision")));
	char id[32];
	snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(a0, "id")));

	cr_assert_eq(clr_store_alerts_json(st, "all", 1, 1, &z), 0);
	json_t *page = parse(z);
	cr_expect_eq(json_array_size(json_object_get(page, "alerts")), 1);
	cr_expect_eq((size_t)json_integer_value(json_object_get(page, "total")), total);
	cr_expect_str_neq(json_string_value(json_object_get(
		json_array_get(json_object_get(page, "alerts"), 0), "id")), id);
	cr_expect_eq(clr_store_alerts_json(st, "frozen", 1, 0, &z), CLR_EUSAGE);
	cr_expect_eq(clr_store_alert_json(st, "0000000000000000", &z), CLR_EINPUT);
	cr_expect_eq(clr_store_customer_json(st, "nobody", &z), CLR_EINPUT);

	cr_assert_eq(clr_store_review(st, id, "true_match", "alice", "same party"), 0);
	cr_assert_eq(clr_store_alert_json(st, id, &z), 0);
	json_t *one = parse(z);
	cr_expect_str_eq(json_string_value(json_object_get(one, "decision")), "true_match");
	json_t *h = json_array_get(json_object_get(one, "history"), 1);
	cr_expect_str_eq(json_string_value(json_object_get(h, "by")), "alice");
	cr_assert_eq(clr_store_alerts_json(st, "reviewed", 10, 0, &z), 0);
	json_t *rev = parse(z);
	cr_expect_eq(json_integer_value(json_object_get(rev, "total")), 1);

	const char *cust = json_string_value(json_object_get(one, "customer_id"));
	cr_assert_eq(clr_store_customer_json(st, cust, &z), 0);
	json_t *c = parse(z);
	cr_expect_str_eq(json_string_value(json_object_get(c, "id")), cust);
	cr_expect_geq(json_array_size(json_object_get(c, "alerts")), 1);
	json_decref(all);
	json_decref(page);
	json_decref(one);
	json_decref(rev);
	json_decref(c);
}

Test(store_api, diff_snapshots_audit)
{
	char *z;
	populate();
	cr_assert_eq(clr_store_diff_json(st, 0, 0, 100, 0, &z), 0, "%s", clr_store_errmsg(st));
	json_t *d = parse(z);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(d, "from"), "id")), 1);
	cr_expect_eq(json_integer_value(json_object_get(d, "total_changes")), 3);
	json_t *s0 = json_array_get(json_object_get(d, "summary"), 0);
	cr_expect_eq(json_integer_value(json_object_get(s0, "added")), 1);
	cr_expect_eq(json_integer_value(json_object_get(s0, "removed")), 1);
	cr_expect_eq(json_integer_value(json_object_get(s0, "changed")), 1);
	size_t i;
	json_t *hit;
	int k3 = 0;
	json_array_foreach(json_object_get(d, "hits"), i, hit) {
		cr_expect_str_neq(json_string_value(json_object_get(hit, "entry_id")), "t-el-3",
		                  "a removed entry is no hit");
		k3 |= !strcmp(json_string_value(json_object_get(hit, "customer_id")), "k3");
	}
	cr_expect(k3, "the added entry t-el-4 hit customer k3");
	cr_assert_eq(clr_store_diff_json(st, 1, 2, 1, 2, &z), 0);
	json_t *p = parse(z);
	cr_expect_eq(json_array_size(json_object_get(p, "changes")), 1);
	cr_assert_eq(clr_store_diff_json(st, 0, 1, 10, 0, &z), 0);
	json_t *first = parse(z);
	cr_expect(json_is_null(json_object_get(first, "from")));
	cr_expect_eq(clr_store_diff_json(st, 7, 2, 10, 0, &z), CLR_EINPUT);

	cr_assert_eq(clr_store_snapshots_json(st, &z), 0);
	json_t *sn = parse(z);
	cr_expect_eq(json_array_size(json_object_get(sn, "snapshots")), 2);
	int64_t id;
	char as_of[16];
	cr_assert_eq(clr_store_latest(st, &id, as_of), 0);
	cr_expect_eq(id, 2);
	cr_expect_str_eq(as_of, "2025-06-01");

	cr_assert_eq(clr_store_audit_json(st, NULL, 2, &z), 0);
	json_t *au = parse(z);
	cr_expect(json_is_true(json_object_get(au, "verified")));
	cr_expect_eq(json_integer_value(json_object_get(au, "total")), 4);
	cr_expect_eq(json_array_size(json_object_get(au, "records")), 2);
	cr_expect_str_eq(json_string_value(json_object_get(
		json_array_get(json_object_get(au, "records"), 1), "action")), "rescreen");
	json_decref(d);
	json_decref(p);
	json_decref(first);
	json_decref(sn);
	json_decref(au);
}

Test(store_api, empty_store)
{
	char *z;
	int64_t id;
	char as_of[16];
	cr_expect_eq(clr_store_latest(st, &id, as_of), CLR_EINPUT);
	cr_expect_eq(clr_store_diff_json(st, 0, 0, 10, 0, &z), CLR_EINPUT);
	cr_assert_eq(clr_store_alerts_json(st, "all", 10, 0, &z), 0);
	cr_expect_str_eq(z, "{\"total\":0,\"status\":\"all\",\"limit\":10,\"offset\":0,\"alerts\":[]}");
	free(z);
	cr_assert_eq(clr_store_snapshots_json(st, &z), 0);
	cr_expect_str_eq(z, "{\"snapshots\":[]}");
	free(z);
}
