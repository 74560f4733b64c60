/* The ring drain and the database writer, on a synthetic ring in memory. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/drain.h"
#include "mxt/info.h"
#include "mxt/target.h"
#include "mxt/writer.h"
#include "helpers.h"

#define NRECS 1024u
#define RING_PA 0x10000u

static uint8_t mem[RING_PA + sizeof(mx_trace_ring) + NRECS * sizeof(mx_trace_rec)];
static mx_trace_ring *ring = (mx_trace_ring *)(mem + RING_PA);
static struct mxt_info info;

/* The kernel's writer: seq invalid, fields, seq, head. */
static void emit(uint64_t n)
{
	mx_trace_rec *r = (mx_trace_rec *)(mem + RING_PA + sizeof(mx_trace_ring)) + (n & (NRECS - 1));
	fake_rec(r, n);
	ring->head = n + 1;
}

static void setup(void)
{
	memset(mem, 0, sizeof(mem));
	ring->magic = MX_TRACE_MAGIC;
	ring->version = MX_TRACE_VERSION;
	ring->rec_size = sizeof(mx_trace_rec);
	ring->nrecs = NRECS;
	ring->tsc_boot = 12345;
	memset(&info, 0, sizeof(info));
	info.mi.kernel_base = 0xC0000000u;
	info.mi.ring_addr = 0xC0000000u + RING_PA;
	info.mi.ring_bytes = sizeof(mx_trace_ring) + NRECS * sizeof(mx_trace_rec);
}

TestSuite(drain, .init = setup);

struct sink {
	uint64_t n, next;
	int out_of_order;
	uint64_t lost[2];        /* overwritten, torn */
	uint64_t loss_first[8], loss_count[8];
	int nloss;
};

static void on_ev(void *ctx, const struct mxt_ev *ev, size_t n)
{
	struct sink *s = ctx;
	for (size_t i = 0; i < n; i++) {
		mx_trace_rec want;
		fake_rec(&want, ev[i].num);
		if (memcmp(&want, &ev[i].rec, sizeof(want)) != 0 || ev[i].num < s->next)
			s->out_of_order++;
		s->next = ev[i].num + 1;
	}
	s->n += n;
}

static void on_loss(void *ctx, uint64_t first, uint64_t count, const char *cause)
{
	struct sink *s = ctx;
	s->lost[strcmp(cause, "overwritten") == 0 ? 0 : 1] += count;
	if (s->nloss < 8) {
		s->loss_first[s->nloss] = first;
		s->loss_count[s->nloss] = count;
	}
	s->nloss++;
}

Test(drain, follows_the_head_across_wraps)
{
	char err[MXT_ERRLEN];
	struct mxt_target *t = mxt_mem_open(mem, sizeof(mem), 0, 0, err);
	struct mxt_drain d;
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), 0, "%s", err);
	struct sink s = { 0 };
	uint64_t n = 0;
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 700; i++)
			emit(n++);
		cr_assert_geq(mxt_drain_poll(&d, on_ev, on_loss, &s, err), 0, "%s", err);
	}
	cr_assert_eq(s.n, n);
	cr_assert_eq(s.out_of_order, 0);
	cr_assert_eq(s.nloss, 0);
	mxt_drain_free(&d);
	mxt_target_close(t);
}

Test(drain, lapped_reader_counts_exactly_what_was_overwritten)
{
	char err[MXT_ERRLEN];
	struct mxt_target *t = mxt_mem_open(mem, sizeof(mem), 0, 0, err);
	struct mxt_drain d;
	for (uint64_t n = 0; n < 5000; n++)
		emit(n);
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), 0, "%s", err);
	struct sink s = { 0 };
	cr_assert_eq(mxt_drain_poll(&d, on_ev, on_loss, &s, err), (long)NRECS);
	cr_assert_eq(s.lost[0], 5000 - NRECS);
	cr_assert_eq(s.loss_first[0], 0);
	cr_assert_eq(s.n + s.lost[0] + s.lost[1], 5000);
	mxt_drain_free(&d);
	mxt_target_close(t);
}

Test(drain, record_being_rewritten_is_lost_not_stored)
{
	char err[MXT_ERRLEN];
	struct mxt_target *t = mxt_mem_open(mem, sizeof(mem), 0, 0, err);
	struct mxt_drain d;
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), 0, "%s", err);
	for (uint64_t n = 0; n < 100; n++)
		emit(n);
	/* Records 40 and 41: the kernel is rewriting one (seq invalid), the other holds a newer record. */
	mx_trace_rec *recs = (mx_trace_rec *)(mem + RING_PA + sizeof(mx_trace_ring));
	recs[40].seq = 0xffffffffu;
	recs[41].seq = 41 + NRECS;
	struct sink s = { 0 };
	cr_assert_eq(mxt_drain_poll(&d, on_ev, on_loss, &s, err), 98);
	cr_assert_eq(s.lost[0], 2);
	cr_assert_eq(s.nloss, 1, "adjacent losses of one cause are one row");
	cr_assert_eq(s.loss_first[0], 40);
	cr_assert_eq(s.loss_count[0], 2);
	cr_assert_eq(s.out_of_order, 0);
	mxt_drain_free(&d);
	mxt_target_close(t);
}

Test(drain, mapped_target_and_reboot_detection)
{
	char err[MXT_ERRLEN];
	/* A memory target is mapped: this is the shared-RAM path (seq read before and after). */
	struct mxt_target *t = mxt_mem_open(mem, sizeof(mem), 0, 0, err);
	cr_assert_not_null(mxt_map(t, RING_PA, 128));
	struct mxt_drain d;
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), 0, "%s", err);
	for (uint64_t n = 0; n < 10; n++)
		emit(n);
	struct sink s = { 0 };
	cr_assert_eq(mxt_drain_poll(&d, on_ev, on_loss, &s, err), 10);
	ring->tsc_boot = 99999;                 /* the guest booted again */
	ring->head = 3;
	cr_assert_eq(mxt_drain_poll(&d, on_ev, on_loss, &s, err), -2);
	mxt_drain_free(&d);
	mxt_target_close(t);
}

Test(drain, bad_ring_header_is_refused)
{
	char err[MXT_ERRLEN];
	struct mxt_target *t = mxt_mem_open(mem, sizeof(mem), 0, 0, err);
	struct mxt_drain d;
	ring->nrecs = 1000;                     /* not a power of two */
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), -1);
	cr_assert(strstr(err, "not a ring this build reads"), "%s", err);
	ring->magic = 0;
	cr_assert_eq(mxt_drain_init(&d, t, &info, 0, err), -1);
	cr_assert(strstr(err, "wrong magic"), "%s", err);
	mxt_target_close(t);
}

/* ---- the writer --------------------------------------------------------------- */

static void write_events(struct mxt_writer *w, int64_t boot, uint64_t first, size_t n)
{
	struct mxt_ev *ev = malloc(n * sizeof(*ev));
	for (size_t i = 0; i < n; i++) {
		ev[i].num = first + i;
		fake_rec(&ev[i].rec, first + i);
	}
	cr_assert_eq(mxt_writer_events(w, boot, ev, n), 0);
	free(ev);
}

Test(writer, threaded_batches_and_aggregates_match_the_events)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts o = { 1000, 50, 1 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	cr_assert_not_null(w, "%s", err);
	mxt_writer_boot(w, 1, 5000);
	for (int i = 0; i < 10; i++)
		write_events(w, 1, (uint64_t)i * 777, 777);
	mxt_writer_loss(w, 1, 7770, 30, "overwritten");
	cr_assert_eq(mxt_writer_sync(w), 0, "%s", mxt_writer_error(w));
	struct mxt_writer_stats st;
	mxt_writer_stats(w, &st);
	cr_assert_gt(st.commits, 5, "batches of 1000 rows: %llu commits", (unsigned long long)st.commits);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events"), 7770);
	cr_assert_eq(q1(db, "SELECT min(id) FROM events"), 1ll << 40);
	cr_assert_eq(q1(db, "SELECT sum(count) FROM losses WHERE cause = 'overwritten'"), 30);
	/* Aggregates equal a scan of the events. */
	cr_assert_eq(q1(db, "SELECT sum(count) FROM ipc_agg"), q1(db, "SELECT count(*) FROM events WHERE kind IN (1, 3)"));
	cr_assert_eq(q1(db, "SELECT sum(lat_n) FROM ipc_agg"), q1(db, "SELECT count(*) FROM events WHERE kind = 3 OR (kind = 1 AND flags & 1)"));
	cr_assert_eq(q1(db, "SELECT sum(lat_sum) FROM ipc_agg"), q1(db, "SELECT sum(arg) FROM events WHERE kind = 3 OR (kind = 1 AND flags & 1)"));
	cr_assert_eq(q1(db, "SELECT sum(count) FROM ipc_lat_hist"), q1(db, "SELECT sum(lat_n) FROM ipc_agg"));
	/* The histogram per period of 10 buckets: each path's period holds as many latencies as ipc_agg
	 * says, and summed over the periods each bin is the whole run's. */
	cr_assert_gt(q1(db, "SELECT count(*) FROM ipc_lat_hist_period"), 0);
	cr_assert_eq(q1(db, "SELECT count(*) FROM (SELECT src, dst, type, period, sum(count) c FROM ipc_lat_hist_period "
			    "GROUP BY 1, 2, 3, 4) h FULL JOIN (SELECT src, dst, type, bucket / 10 AS period, sum(lat_n) c FROM ipc_agg "
			    "WHERE lat_n > 0 GROUP BY 1, 2, 3, 4) a USING (src, dst, type, period) WHERE h.c IS NOT a.c"), 0,
		     "per-period latency counts agree");
	cr_assert_eq(q1(db, "SELECT count(*) FROM (SELECT src, dst, type, bin, sum(count) c FROM ipc_lat_hist_period "
			    "GROUP BY 1, 2, 3, 4) h FULL JOIN ipc_lat_hist w USING (src, dst, type, bin) WHERE h.c IS NOT w.count"),
		     0, "the buckets add up to the whole run's histogram");
	cr_assert_eq(q1(db, "SELECT sum(dur_sum) FROM kcall_agg"), q1(db, "SELECT sum(arg) FROM events WHERE kind = 8"));
	cr_assert_eq(q1(db, "SELECT count(*) FROM (SELECT bucket, src, sum(count) c FROM ipc_agg GROUP BY bucket, src) a "
			    "JOIN (SELECT tsc / 5000 AS bucket, src, count(*) c FROM events WHERE kind IN (1, 3) GROUP BY 1, 2) b "
			    "USING (bucket, src) WHERE a.c <> b.c"), 0, "per-bucket counts agree");
	cr_assert_eq(q1(db, "SELECT sum(sent) FROM proc_agg"), q1(db, "SELECT sum(count) FROM ipc_agg"));
	sqlite3_close(db);
}

/* The periodic histogram's key packs the message type with the bin: a negative type survives. */
Test(writer, latency_bins_per_period_keep_negative_types)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts o = { 1000, 50, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	cr_assert_not_null(w, "%s", err);
	mxt_writer_boot(w, 1, 1000);
	struct mxt_ev ev[3];
	static const uint32_t lat[3] = { 0, 5, 70000 };
	for (int i = 0; i < 3; i++) {
		fake_rec(&ev[i].rec, (uint64_t)i);
		ev[i].num = (uint64_t)i;
		ev[i].rec.kind = MX_TK_RECV;
		ev[i].rec.type = -5 - i % 2;
		ev[i].rec.arg = lat[i];
		ev[i].rec.tsc = 500 + (uint64_t)i * 10000;      /* buckets 0, 10, 20: periods 0, 1, 2 */
	}
	cr_assert_eq(mxt_writer_events(w, 1, ev, 3), 0);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT count(*) FROM ipc_lat_hist_period"), 3);
	cr_assert_eq(q1(db, "SELECT count(*) FROM ipc_lat_hist_period WHERE type = -5 AND period = 0 AND bin = 0"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM ipc_lat_hist_period WHERE type = -6 AND period = 1 AND bin = 2"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM ipc_lat_hist_period WHERE type = -5 AND period = 2 AND bin = 16"), 1);
	sqlite3_close(db);
}

Test(writer, run_ticks_from_switch_records)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts o = { 0, 0, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	mxt_writer_boot(w, 1, 100);
	/* 14 runs 50..230, 15 runs 230..260, 14 runs 260..300 (the last interval is still open). */
	struct mxt_ev ev[4];
	memset(ev, 0, sizeof(ev));
	uint64_t at[4] = { 50, 230, 260, 300 };
	int32_t to[4] = { 14, 15, 14, 15 };
	for (int i = 0; i < 4; i++) {
		ev[i].num = (uint64_t)i;
		ev[i].rec.seq = (uint32_t)i;
		ev[i].rec.kind = MX_TK_SWITCH;
		ev[i].rec.tsc = at[i];
		ev[i].rec.src = i ? to[i - 1] : 0;
		ev[i].rec.dst = to[i];
	}
	mxt_writer_events(w, 1, ev, 4);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT sum(run_ticks) FROM proc_agg WHERE ep = 14"), 180 + 40);
	cr_assert_eq(q1(db, "SELECT run_ticks FROM proc_agg WHERE ep = 14 AND bucket = 1"), 100, "split at bucket edges");
	cr_assert_eq(q1(db, "SELECT sum(run_ticks) FROM proc_agg WHERE ep = 15"), 30);
	sqlite3_close(db);
}

Test(writer, a_database_that_cannot_be_written_is_one_clear_error)
{
	char path[256], err[MXT_ERRLEN];
	sqlite3 *db = scratch_db(path, sizeof(path));
	sqlite3_close(db);
	sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	struct mxt_writer_opts o = { 0, 0, 1 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	cr_assert_not_null(w, "%s", err);
	write_events(w, 1, 0, 10);
	cr_assert_eq(mxt_writer_sync(w), -1);
	cr_assert(strstr(mxt_writer_error(w), "readonly"), "%s", mxt_writer_error(w));
	cr_assert_eq(mxt_writer_events(w, 1, NULL, 0), -1, "later calls fail at once");
	cr_assert_eq(mxt_writer_close(w, err), -1);
	cr_assert(strstr(err, "database:"), "%s", err);
	sqlite3_close(db);
}

Test(writer, ids_are_exact_across_boots_gaps_and_batches)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts o = { 150, 0, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	write_events(w, 2, 0, 300);         /* appended without ids after the first run */
	write_events(w, 1, 500, 100);       /* an older boot: below the largest id */
	write_events(w, 2, 300, 77);
	write_events(w, 2, 400, 200);       /* a gap of 23 */
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events"), 677);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events WHERE id >> 40 = 1 AND (id & 1099511627775) BETWEEN 500 AND 599"), 100);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events WHERE id >> 40 = 2 AND (id & 1099511627775) BETWEEN 377 AND 399"), 0);
	cr_assert_eq(q1(db, "SELECT max(id & 1099511627775) FROM events WHERE id >> 40 = 2"), 599);
	/* Each row holds its own record: tsc is 1000 + 10 * seq. */
	cr_assert_eq(q1(db, "SELECT count(*) FROM events WHERE tsc <> 1000 + 10 * (id & 1099511627775)"), 0);
	sqlite3_close(db);
}
