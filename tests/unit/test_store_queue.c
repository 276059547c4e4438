/* test_store_queue.c - the re-screening queue (src/store/queue.h) on the
 * PostgreSQL of ctest's unit_store_pg: a run's chunks cover every customer
 * once, claims from two connections at once take different chunks without
 * waiting (SKIP LOCKED), an expired lease is claimed again and the first
 * claim can then neither renew nor complete it, progress counts; on SQLite
 * the queue refuses. */
#include <criterion/criterion.h>
#include <string.h>

#include "store_fixture.h"
#include "store/queue.h"

TestSuite(store_queue, .init = setup, .fini = teardown);

Test(store_queue, refuses_sqlite)
{
	int64_t run;
	if (test_pg())
		cr_skip_test("PostgreSQL has the queue");
	cr_expect_eq(clr_store__queue_enqueue(st, 1, 0, 10, &run), CLR_EUSAGE);
	cr_expect(strstr(clr_store_errmsg(st), "needs a PostgreSQL store"), "%s",
	          clr_store_errmsg(st));
}

/* customers-v1.csv (k1..k4) and sample customers c001..c020 */
static void customers(void)
{
	clr_customers_stats cs;
	cr_assert_eq(clr_store_customers_import(st, FX "customers-v1.csv", 0, &cs), 0, "%s",
	             clr_store_errmsg(st));
	cr_assert_eq(clr_store_customers_import(st, CLR_FIXTURES "/../../data/sample/customers.csv",
	                                        0, &cs), 0, "%s", clr_store_errmsg(st));
}

Test(store_queue, chunks_cover_every_customer_once)
{
	if (!test_pg())
		cr_skip_test("the queue is PostgreSQL's");
	customers();
	int64_t run;
	cr_assert_eq(clr_store__queue_enqueue(st, 1, 0, 5, &run), 0, "%s", clr_store_errmsg(st));
	cr_expect_gt(run, 0);
	clr_store_run_progress p;
	cr_assert_eq(clr_store__queue_progress(st, run, &p), 0, "%s", clr_store_errmsg(st));
	cr_expect_eq(p.total, 5, "24 customers in chunks of 5");
	cr_expect_eq(p.pending, 5);
	/* claimed in order, each starting where the last ended */
	char prev_end[64] = "";
	for (int i = 0; i < 5; i++) {
		clr_store_chunk c;
		cr_assert_eq(clr_store__queue_claim(st, run, "w1", 30, &c), 1, "%s",
		             clr_store_errmsg(st));
		cr_expect_eq(c.chunk, i);
		cr_expect_eq(c.attempts, 1);
		if (i)
			cr_expect_str_eq(c.first_id, prev_end);
		else
			cr_expect_str_eq(c.first_id, "c001");
		cr_expect_eq(c.end_id == NULL, i == 4, "only the last chunk is open-ended");
		snprintf(prev_end, sizeof(prev_end), "%s", c.end_id ? c.end_id : "");
		cr_expect_eq(clr_store__queue_done(st, &c, 5, 1), 0, "%s", clr_store_errmsg(st));
		clr_store__chunk_clear(&c);
	}
	clr_store_chunk none;
	cr_expect_eq(clr_store__queue_claim(st, run, "w1", 30, &none), 0, "nothing left");
	cr_assert_eq(clr_store__queue_progress(st, run, &p), 0);
	cr_expect_eq(p.done, 5);
	cr_expect_eq(p.pending + p.leased, 0);
	cr_expect_eq(clr_store__queue_progress(st, run + 1, &p), CLR_EINPUT);
	cr_expect_eq(clr_store__queue_enqueue(st, 1, 0, 0, &run), CLR_EUSAGE);
}

Test(store_queue, concurrent_claims_skip_locked_chunks)
{
	if (!test_pg())
		cr_skip_test("the queue is PostgreSQL's");
	customers();
	int64_t run;
	cr_assert_eq(clr_store__queue_enqueue(st, 1, 0, 10, &run), 0, "%s", clr_store_errmsg(st));
	clr_store *other;
	cr_assert_eq(clr_store_open(&other, test_pg()), 0, "%s", clr_store_errmsg(other));
	/* a claim inside a transaction still open holds its row: the other
	 * connection takes the next chunk instead of waiting */
	clr_store_chunk a, b, c;
	cr_assert_eq(clr_sql_begin(st->sql), 0);
	cr_assert_eq(clr_store__queue_claim(st, run, "wa", 30, &a), 1, "%s", clr_store_errmsg(st));
	cr_assert_eq(clr_store__queue_claim(other, run, "wb", 30, &b), 1, "%s",
	             clr_store_errmsg(other));
	cr_expect_eq(a.chunk, 0);
	cr_expect_eq(b.chunk, 1);
	/* a's chunk done in the transaction that would write its alerts */
	cr_expect_eq(clr_store__queue_done(st, &a, 10, 0), 0, "%s", clr_store_errmsg(st));
	cr_assert_eq(clr_sql_commit(st->sql), 0);
	cr_assert_eq(clr_store__queue_claim(other, run, "wb", 30, &c), 1);
	cr_expect_eq(c.chunk, 2);
	clr_store__chunk_clear(&a);
	cr_expect_eq(clr_store__queue_claim(st, run, "wa", 30, &a), 0, "every chunk is claimed");
	clr_store__chunk_clear(&b);
	clr_store__chunk_clear(&c);
	clr_store_free(other);
}

Test(store_queue, expired_lease_is_claimed_again_and_fences_the_first)
{
	if (!test_pg())
		cr_skip_test("the queue is PostgreSQL's");
	customers();
	int64_t run;
	cr_assert_eq(clr_store__queue_enqueue(st, 1, 0, 100, &run), 0, "%s", clr_store_errmsg(st));
	clr_store_chunk a, b;
	/* a worker that dies: its lease runs out */
	cr_assert_eq(clr_store__queue_claim(st, run, "dead", 0.05, &a), 1, "%s",
	             clr_store_errmsg(st));
	clr_store_chunk none;
	cr_expect_eq(clr_store__queue_claim(st, run, "w2", 30, &none), 0, "leased, not expired");
	usleep(100000);
	cr_assert_eq(clr_store__queue_claim(st, run, "w2", 30, &b), 1, "%s", clr_store_errmsg(st));
	cr_expect_eq(b.chunk, a.chunk);
	cr_expect_eq(b.attempts, 2);
	/* the first claim is fenced off */
	cr_expect_eq(clr_store__queue_renew(st, &a, 30), CLR_EINPUT);
	cr_expect_eq(clr_store__queue_done(st, &a, 24, 3), CLR_EINPUT);
	cr_expect(strstr(clr_store_errmsg(st), "the lease was lost"), "%s", clr_store_errmsg(st));
	cr_expect_eq(clr_store__queue_renew(st, &b, 30), 0, "%s", clr_store_errmsg(st));
	cr_expect_eq(clr_store__queue_done(st, &b, 24, 3), 0, "%s", clr_store_errmsg(st));
	clr_store_run_progress p;
	cr_assert_eq(clr_store__queue_progress(st, run, &p), 0);
	cr_expect_eq(p.done, 1);
	cr_expect_eq(p.total, 1);
	clr_store__chunk_clear(&a);
	clr_store__chunk_clear(&b);
}
