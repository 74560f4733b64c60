/* mxtop's query layer against the fixture database (fixture.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <mx/tables.h>
#include "mxt/db.h"
#include "mxt/waitgraph.h"
#include "fixture.h"
#include "mxtop_test.h"

static query *open_fx(const char **pathp, int ended)
{
	char err[256] = "";
	const char *path = fx_create(ended);
	query *q = query_open(path, err, sizeof(err));
	cr_assert(q, "open: %s", err);
	cr_assert_eq(query_select_boot(q, 0, err, sizeof(err)), 0, "%s", err);
	if (pathp)
		*pathp = path;
	return q;
}

static const proc_row *by_ep(const frame *f, mx_endpoint_t ep)
{
	const proc_row *p = frame_proc(f, ep);
	cr_assert(p, "no process %d in the frame", ep);
	return p;
}

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

Test(query, time_line)
{
	query *q = open_fx(NULL, 1);
	cr_expect_eq(query_nsnaps(q), 3);
	cr_expect_eq(query_snap(q, 0)->id, 1);
	cr_expect(query_snap(q, 0)->full);
	cr_expect_not(query_snap(q, 2)->full);
	cr_expect_eq(query_find_snap(q, 2), 1);
	cr_expect_eq(query_find_snap(q, 9), -1);
	cr_expect_eq(query_snap_at(q, 2500000000LL), 1);
	cr_expect_eq(query_snap_at(q, 0), 0);
	cr_expect_eq(query_snap_at(q, 9000000000LL), 2);
	cr_expect_eq(query_bucket_ticks(q), 100000000LL);
	cr_expect(query_boot(q)->ended);
	cr_expect_eq(query_boot(q)->hz, 100);
	query_close(q);
}

Test(query, process_rates_from_snapshots)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	query_set_stuck(q, 2.0);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.cur.id, 3);
	cr_expect_eq(f.prev.id, 2);
	cr_expect_eq(f.full.id, 1);
	cr_expect_eq(f.rates, RATES_SNAPSHOTS);
	cr_expect(NEAR(f.dt, 1.0), "dt %f", f.dt);
	cr_expect_eq(f.nprocs, FX_NPROCS);
	const proc_row *busy = by_ep(&f, FX_BUSY);
	cr_expect(NEAR(busy->sent_ps, 5000), "busy sends %f/s", busy->sent_ps);
	cr_expect(NEAR(busy->kcall_ps, 50), "%f", busy->kcall_ps);
	cr_expect(NEAR(busy->cpu, 25), "busy cpu %f", busy->cpu);
	cr_expect(NEAR(busy->user_s, 0.6) && NEAR(busy->sys_s, 0.15), "%f %f", busy->user_s, busy->sys_s);
	cr_expect(NEAR(by_ep(&f, FX_PM)->recv_ps, 5000));
	cr_expect(NEAR(by_ep(&f, FX_IDLE)->cpu, 50));
	/* Header: the CPU without idle, split by user and kernel ticks. */
	cr_expect(NEAR(f.cpu_user, 22) && NEAR(f.cpu_sys, 13), "user %f sys %f", f.cpu_user, f.cpu_sys);
	cr_expect(NEAR(f.ipc_rate, 5000), "%f", f.ipc_rate);
	cr_expect(NEAR(f.trace_rate, 4000), "%f", f.trace_rate);
	cr_expect(NEAR(f.uptime_s, 3.0));
	cr_expect_eq(f.lost, 10);
	cr_expect_eq(f.overwritten, 10);
	frame_free(&f);
	query_close(q);
}

Test(query, running_idle_blocked_counts)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	/* READY idle and RUN busy; pm and vfs wait for ANY; sh, a, b wait for one process. */
	cr_expect_eq(f.nrunning, 2);
	cr_expect_eq(f.nidle, 2);
	cr_expect_eq(f.nblocked, 3);
	frame_free(&f);
	query_close(q);
}

Test(query, blocked_stuck_and_deadlocked)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	query_set_stuck(q, 2.0);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	const proc_row *sh = by_ep(&f, FX_SH), *a = by_ep(&f, FX_A), *b = by_ep(&f, FX_B);
	cr_expect(NEAR(sh->blocked_s, 3.0), "%f", sh->blocked_s);
	cr_expect(sh->flags & ROW_STUCK);
	cr_expect_not(sh->flags & ROW_DEADLOCK);
	cr_expect(NEAR(a->blocked_s, 0.5) && NEAR(b->blocked_s, 0.4));
	cr_expect(a->flags & ROW_DEADLOCK);
	cr_expect(b->flags & ROW_DEADLOCK);
	cr_expect_not(a->flags & ROW_STUCK);   /* 0.5 s < 2 s */
	cr_expect_not(by_ep(&f, FX_PM)->flags & (ROW_STUCK | ROW_BLOCKED));   /* idle in RECV from ANY */
	cr_expect_eq(f.nstuck, 1);
	cr_expect_eq(f.ndeadlocked, 2);
	cr_expect(f.ncycles >= 1);
	cr_assert(f.wg, "wait-for graph: %s", f.wg_error);
	cr_expect_eq(f.wg->snap, 3);
	cr_expect(f.wg_full && f.wg_full->snap == 1);
	/* A higher threshold: nothing is stuck. */
	query_set_stuck(q, 10.0);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.nstuck, 0);
	frame_free(&f);
	query_close(q);
}

Test(query, ipc_pairs_from_aggregates)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, LOAD_IPC, &f, err, sizeof(err)), 0, "%s", err);
	/* Window: the snapshot interval, complete buckets 20..29. */
	cr_expect_eq(f.bucket_lo, 20);
	cr_expect_eq(f.bucket_hi, 29);
	cr_expect(NEAR(f.window_s, 1.0));
	cr_assert_eq(f.npairs, 1, "a->b happened in bucket 5 only");
	const pair_row *p = &f.pairs[0];
	cr_expect_eq(p->src, FX_BUSY);
	cr_expect_eq(p->dst, FX_PM);
	cr_expect_eq(p->type, 257);
	cr_expect_eq(p->count, 100);
	cr_expect(NEAR(p->rate, 100));
	cr_expect(NEAR(p->lat_mean, 1000));
	cr_expect_eq(p->lat_max, 9000);
	cr_expect_eq(p->p99, P99_PENDING, "p99 is read for the rows shown only");
	cr_assert_eq(query_pair_p99(q, &f, &f.pairs[0], err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(p->p99, 1024, "the window's p99 (the whole run's is 8192)");
	cr_expect(NEAR(p->share, 100));
	/* A wider window reaches a->b, and the slow latencies of the first second. */
	query_set_window(q, 3.0);
	cr_assert_eq(frame_load(q, 2, LOAD_IPC, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.bucket_lo, 0);
	cr_expect_eq(f.npairs, 2);
	for (int i = 0; i < f.npairs; i++)
		if (f.pairs[i].src == FX_BUSY) {
			cr_assert_eq(query_pair_p99(q, &f, &f.pairs[i], err, sizeof(err)), 0, "%s", err);
			cr_expect_eq(f.pairs[i].p99, 8192);
		}
	frame_free(&f);
	query_close(q);
}

Test(query, kernel_calls_from_aggregates)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, LOAD_KCALLS, &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(f.nkcalls, 1);
	cr_expect_eq(f.kcalls[0].caller, FX_BUSY);
	cr_expect_eq(f.kcalls[0].call, 25);
	cr_expect(NEAR(f.kcalls[0].rate, 50));
	cr_expect_eq(f.kcalls[0].errors, 10);
	cr_expect(NEAR(f.kcalls[0].dur_mean, 2000));
	cr_expect_eq(f.kcalls[0].dur_max, 3000);
	frame_free(&f);
	query_close(q);
}

/*
 * The window's sums (summed in C, row by row as SQLite reads them) equal
 * SQL's GROUP BY over the same rows, for thousands of paths and callers
 * spread over the window's buckets and beyond.
 */
Test(query, window_sums_match_sql)
{
	char err[256];
	const char *path;
	frame f;
	frame_init(&f);
	query *q = open_fx(&path, 1);
	sqlite3 *w = fx_writer(path);
	fx_exec(w, "BEGIN");
	/* 2000 paths (src 1000.., dst 2000.., type 0..7) in some of buckets 15..34, some without latency. */
	fx_exec(w, "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 39999) "
		"INSERT INTO ipc_agg SELECT 1, 15 + i %% 20, 1000 + (i / 20) / 40, 2000 + (i / 20) %% 40 / 8, (i / 20) %% 8, "
		"1 + i * 37 %% 101, CASE WHEN i %% 3 = 0 THEN 0 ELSE 1 + i %% 5 END, "
		"CASE WHEN i %% 3 = 0 THEN 0 ELSE (1 + i %% 5) * (100 + i %% 997) END, "
		"CASE WHEN i %% 3 = 0 THEN 0 ELSE 100 + i * 13 %% 5000 END FROM n WHERE i * 2654435761 %% 7 <> 0");
	fx_exec(w, "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29999) "
		"INSERT INTO kcall_agg SELECT 1, 15 + i %% 20, 1000 + (i / 20) / 50, (i / 20) %% 50, "
		"1 + i * 31 %% 89, i %% 4, (1 + i * 31 %% 89) * (50 + i %% 333), 50 + i * 11 %% 4000 "
		"FROM n WHERE i * 2654435761 %% 5 <> 0");
	fx_exec(w, "COMMIT");
	mxt_db_close(w);
	cr_assert_eq(frame_load(q, 2, LOAD_IPC | LOAD_KCALLS, &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(f.bucket_lo, 20);
	cr_assert_eq(f.bucket_hi, 29);

	sqlite3 *db = query_db(q);
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT src, dst, type, sum(count), sum(lat_n), "
				       "sum(CASE WHEN lat_n > 0 THEN lat_sum ELSE 0 END), "
				       "max(CASE WHEN lat_n > 0 THEN lat_max ELSE -1 END), "
				       "(SELECT sum(count) FROM ipc_agg WHERE boot_id = 1 AND bucket BETWEEN 20 AND 29) "
				       "FROM ipc_agg WHERE boot_id = 1 AND bucket BETWEEN 20 AND 29 GROUP BY src, dst, type",
				       -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int src = sqlite3_column_int(st, 0), dst = sqlite3_column_int(st, 1), type = sqlite3_column_int(st, 2);
		const pair_row *p = NULL;
		for (int i = 0; i < f.npairs && !p; i++)
			if (f.pairs[i].src == src && f.pairs[i].dst == dst && f.pairs[i].type == type)
				p = &f.pairs[i];
		cr_assert(p, "no pair %d -> %d type %d", src, dst, type);
		long long count = sqlite3_column_int64(st, 3), lat_n = sqlite3_column_int64(st, 4);
		cr_expect_eq(p->count, count);
		cr_expect(NEAR(p->rate, (double)count / f.window_s));
		cr_expect(NEAR(p->share, (double)count * 100.0 / sqlite3_column_double(st, 7)));
		cr_expect_eq(p->lat_n, lat_n);
		cr_expect_eq(p->lat_max, sqlite3_column_int64(st, 6));
		if (lat_n > 0) {
			cr_expect(NEAR(p->lat_mean, sqlite3_column_double(st, 5) / (double)lat_n));
			cr_expect_eq(p->p99, P99_PENDING);
		} else {
			cr_expect_eq(p->lat_mean, Q_UNKNOWN);
			cr_expect_eq(p->p99, -1);
		}
		n++;
	}
	sqlite3_finalize(st);
	cr_expect_eq(f.npairs, n);
	cr_expect_gt(n, 1500);

	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT caller, call, sum(count), sum(errors), sum(dur_sum), max(dur_max), "
				       "(SELECT sum(dur_sum) FROM kcall_agg WHERE boot_id = 1 AND bucket BETWEEN 20 AND 29) "
				       "FROM kcall_agg WHERE boot_id = 1 AND bucket BETWEEN 20 AND 29 GROUP BY caller, call",
				       -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int caller = sqlite3_column_int(st, 0), call = sqlite3_column_int(st, 1);
		const kcall_row *k = NULL;
		for (int i = 0; i < f.nkcalls && !k; i++)
			if (f.kcalls[i].caller == caller && f.kcalls[i].call == call)
				k = &f.kcalls[i];
		cr_assert(k, "no kernel call %d by %d", call, caller);
		long long count = sqlite3_column_int64(st, 2);
		cr_expect_eq(k->count, count);
		cr_expect_eq(k->errors, sqlite3_column_int64(st, 3));
		cr_expect(NEAR(k->dur_mean, sqlite3_column_double(st, 4) / (double)count));
		cr_expect_eq(k->dur_max, sqlite3_column_int64(st, 5));
		cr_expect(NEAR(k->rate, (double)count / f.window_s));
		cr_expect(NEAR(k->share, sqlite3_column_double(st, 4) * 100.0 / sqlite3_column_double(st, 6)));
		n++;
	}
	sqlite3_finalize(st);
	cr_expect_eq(f.nkcalls, n);
	cr_expect_gt(n, 1000);
	frame_free(&f);
	query_close(q);
}

/*
 * Stepping back and forth between snapshots (some graphs then come from the
 * query's cache): each frame has the wait-for graphs of its own snapshot
 * and of its latest full one, and the same marks as a first reading.
 */
Test(query, graphs_follow_the_cursor_back_and_forth)
{
	char err[256];
	const char *path;
	frame f, first;
	frame_init(&f);
	frame_init(&first);
	query *q = open_fx(&path, 1);
	static const int steps[] = { 2, 0, 2, 0, 1, 2, 1, 0, 0, 2 };
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		int idx = steps[s];
		cr_assert_eq(frame_load(q, idx, LOAD_ALL, &f, err, sizeof(err)), 0, "%s", err);
		cr_assert(f.wg && f.wg_full, "step %zu: %s", s, f.wg_error);
		cr_expect_eq(f.wg->snap, f.cur.id, "step %zu", s);
		cr_expect_eq(f.wg_full->snap, f.full.id, "step %zu", s);
		cr_expect_eq(f.full.id == f.cur.id, f.wg_full == f.wg);
		/* The same frame read by a query that has just opened the file. */
		query *fresh = query_open(path, err, sizeof(err));
		cr_assert(fresh, "%s", err);
		cr_assert_eq(query_select_boot(fresh, 0, err, sizeof(err)), 0, "%s", err);
		cr_assert_eq(frame_load(fresh, idx, LOAD_ALL, &first, err, sizeof(err)), 0, "%s", err);
		query_close(fresh);
		cr_expect_eq(f.ncycles, first.ncycles, "step %zu", s);
		cr_expect_eq(f.ndeadlocked, first.ndeadlocked, "step %zu", s);
		for (int i = 0; i < f.nprocs; i++)
			cr_expect_eq(f.procs[i].flags, first.procs[i].flags, "step %zu, %s", s, f.procs[i].name);
		for (int i = 0; i < f.nlocks; i++)
			cr_expect_eq(f.locks[i].flags, first.locks[i].flags, "step %zu", s);
	}
	frame_free(&f);
	frame_free(&first);
	query_close(q);
}

/*
 * A call VFS has put aside (sh reading a pipe, per vfs.fproc of the full
 * snapshot) is not stuck however long it waits; it still counts as blocked.
 */
Test(query, suspended_calls_are_not_stuck)
{
	char err[256];
	const char *path;
	frame f;
	frame_init(&f);
	query *q = open_fx(&path, 1);
	sqlite3 *w = fx_writer(path);
	fx_exec(w, "INSERT INTO reg_tables (snap_id, name, owner, addr, count, size, fields, error) "
		"VALUES (1, 'vfs.fproc', %d, 0, 1, 0, '[]', NULL)", FX_VFS);
	fx_exec(w, "INSERT INTO reg_rows VALUES (1, 'vfs.fproc', 0, '{\"ep\":%d,\"pid\":114,\"blocked_on\":%d}')",
		(int)FX_SH, MX_FPB_PIPE);
	/* A suspended call has no worker: the one the fixture has serving sh goes. */
	fx_exec(w, "UPDATE reg_rows SET data = json_set(data, '$.client', 1073741826) WHERE name = 'vfs.threads' "
		"AND json_extract(data, '$.client') = %d", (int)FX_SH);
	mxt_db_close(w);
	query_set_stuck(q, 2.0);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	const proc_row *sh = by_ep(&f, FX_SH);
	cr_expect(NEAR(sh->blocked_s, 3.0), "%f", sh->blocked_s);
	cr_expect(sh->flags & ROW_BLOCKED);
	cr_expect_not(sh->flags & ROW_STUCK, "sh waits on a pipe: an event, not a hang");
	cr_expect_eq(f.nstuck, 0);
	cr_expect_eq(f.ndeadlocked, 2, "a and b are still deadlocked");
	frame_free(&f);
	query_close(q);
}

/* A file of an older build has no histogram per period: the whole run's stands in. */
Test(query, p99_of_an_older_file_is_the_whole_runs)
{
	char err[256];
	const char *path;
	frame f;
	frame_init(&f);
	query *q = open_fx(&path, 1);
	sqlite3 *w = fx_writer(path);
	fx_exec(w, "DELETE FROM ipc_lat_hist_period");
	mxt_db_close(w);
	cr_assert_eq(frame_load(q, 2, LOAD_IPC, &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(f.npairs, 1);
	cr_assert_eq(query_pair_p99(q, &f, &f.pairs[0], err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.pairs[0].p99, 8192);
	frame_free(&f);
	query_close(q);
}

Test(query, locks_and_threads_of_the_full_snapshot)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, LOAD_LOCKS, &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(f.nthreads, 3);
	cr_assert_eq(f.nlocks, 2);
	const lock_row *vmnt = f.locks[0].id == 1 ? &f.locks[0] : &f.locks[1];
	cr_expect_str_eq(vmnt->name, "vmnt 0");
	cr_expect_eq(vmnt->holders, 2u);
	cr_expect_eq(vmnt->waiters, 4u);        /* worker2 */
	cr_expect_eq(vmnt->nwaiters, 1);
	cr_expect(NEAR(vmnt->held_s, 0.9), "%f", vmnt->held_s);
	cr_expect(NEAR(vmnt->wait_s, 0.6), "%f", vmnt->wait_s);
	cr_expect(vmnt->flags & ROW_DEADLOCK);
	int deadlocked = 0;
	for (int i = 0; i < f.nthreads; i++) {
		if (f.threads[i].tid == 1) {
			cr_expect_eq(f.threads[i].client, FX_SH);
			cr_expect(NEAR(f.threads[i].since_s, 0.8));
		}
		deadlocked += !!(f.threads[i].flags & ROW_DEADLOCK);
	}
	cr_expect_eq(deadlocked, 2);
	/* Not asked for: not read. */
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.nlocks, 0);
	cr_expect_eq(f.loaded, 0u);
	frame_free(&f);
	query_close(q);
}

Test(query, one_snapshot_rates_from_aggregates)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 0, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.prev.id, -1);
	cr_expect_eq(f.rates, RATES_AGGREGATES);
	cr_expect(NEAR(f.window_s, 1.0), "%f", f.window_s);
	const proc_row *busy = by_ep(&f, FX_BUSY);
	cr_expect(NEAR(busy->sent_ps, 1000), "%f", busy->sent_ps);
	cr_expect(NEAR(busy->cpu, 25), "%f", busy->cpu);
	cr_expect(NEAR(by_ep(&f, FX_PM)->recv_ps, 1000));
	cr_expect_eq(f.lost, 7);              /* the loss at seq 500, before the head of #1 */
	cr_expect(f.trace_rate < 0);
	frame_free(&f);
	query_close(q);
}

Test(query, memory_from_kinfo_when_recorded)
{
	char err[256];
	const char *path;
	frame f;
	frame_init(&f);
	query *q = open_fx(&path, 1);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.mem_total, -1, "no kinfo row: not recorded");
	query_close(q);
	sqlite3 *w = fx_writer(path);
	if (!mxt_db_has(w, "kinfo")) {
		mxt_db_close(w);
		frame_free(&f);
		cr_skip_test("this schema has no kinfo table");
	}
	fx_exec(w, "INSERT INTO kinfo (snap_id, mem_total_frames, mem_free_frames) VALUES (3, 16384, 12288)");
	mxt_db_close(w);
	q = query_open(path, err, sizeof(err));
	cr_assert(q, "%s", err);
	cr_assert_eq(query_select_boot(q, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.mem_total, 64LL << 20);
	cr_expect_eq(f.mem_free, 48LL << 20);
	frame_free(&f);
	query_close(q);
}

Test(query, names_and_endpoints)
{
	char err[256], b[32];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(frame_ep_name(&f, FX_SH, b, sizeof(b)), "sh");
	cr_expect_str_eq(frame_ep_name(&f, MX_EP(1, 14), b, sizeof(b)), "14/1");
	cr_expect_str_eq(frame_ep_name(&f, MX_ANY, b, sizeof(b)), "ANY");
	cr_expect_null(frame_proc(&f, MX_EP(1, 14)));
	cr_expect_null(frame_proc(&f, MX_NONE));
	frame_free(&f);
	query_close(q);
}

Test(query, follows_a_live_database_without_blocking_the_writer)
{
	char err[256];
	const char *path;
	frame f;
	frame_init(&f);
	query *q = open_fx(&path, 0);
	cr_expect_not(query_boot(q)->ended);
	cr_assert_eq(frame_load(q, 2, LOAD_ALL, &f, err, sizeof(err)), 0, "%s", err);
	/* The writer adds a snapshot and a loss while the reader is open. */
	sqlite3 *w = fx_writer(path);
	sqlite3_busy_timeout(w, 0);
	fx_exec(w, "BEGIN IMMEDIATE");
	fx_add_snapshot(w, 4, 4);
	fx_exec(w, "INSERT INTO losses VALUES (3, 1, 9000, 4, 'torn', 'x')");
	fx_exec(w, "COMMIT");
	cr_expect_eq(query_update(q, err, sizeof(err)), 1, "%s", err);
	cr_expect_eq(query_nsnaps(q), 4);
	cr_assert_eq(frame_load(q, 3, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(f.cur.id, 4);
	cr_expect_eq(f.lost, 14);
	cr_expect(NEAR(by_ep(&f, FX_BUSY)->sent_ps, 7000));
	/* Nothing new: nothing read. */
	cr_expect_eq(query_update(q, err, sizeof(err)), 0);
	/* The boot ends. */
	fx_exec(w, "UPDATE boots SET ended_at = 'now' WHERE boot_id = 1");
	cr_expect_eq(query_update(q, err, sizeof(err)), 0);
	cr_expect(query_boot(q)->ended);
	/* A second boot appears. */
	fx_exec(w, "INSERT INTO boots (boot_id, started_at, source) VALUES (2, 'later', 'synthetic')");
	query_update(q, err, sizeof(err));
	cr_expect_eq(query_newest_boot(q), 2);
	mxt_db_close(w);
	frame_free(&f);
	query_close(q);
}

Test(query, failed_frame_keeps_the_old_one)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_expect_neq(frame_load(q, 7, 0, &f, err, sizeof(err)), 0);
	cr_expect(strstr(err, "no snapshot"), "%s", err);
	cr_expect_eq(f.cur.id, 3);
	cr_expect_eq(f.nprocs, FX_NPROCS);
	frame_free(&f);
	query_close(q);
}

Test(query, recent_ipc_walks_back_by_primary_key)
{
	char err[256];
	frame f;
	frame_init(&f);
	query *q = open_fx(NULL, 1);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	ipc_event ev[8];
	int n = query_recent_ipc(q, &f, FX_SH, ev, 8, 1000000, err, sizeof(err));
	/* seq 7500 is after #3's ring head (7000): not shown. */
	cr_assert_eq(n, 1, "%s", err);
	cr_expect_eq(ev[0].seq, 100);
	cr_expect_eq(ev[0].kind, 2);
	n = query_recent_ipc(q, &f, FX_BUSY, ev, 8, 1000000, err, sizeof(err));
	cr_assert_eq(n, 8);
	cr_expect_eq(ev[0].seq, 6999);
	for (int i = 1; i < n; i++)
		cr_expect_lt(ev[i].seq, ev[i - 1].seq);
	for (int i = 0; i < n; i++)
		cr_expect_neq(ev[i].kind, 9, "a context switch is not IPC");
	/* A small scan limit does not reach seq 100. */
	n = query_recent_ipc(q, &f, FX_SH, ev, 8, 1000, err, sizeof(err));
	cr_expect_eq(n, 0);
	frame_free(&f);
	query_close(q);
}

/*
 * Every per-frame statement goes through a key or an index: no table scan.
 * (On the query's own connection: it has mxtop's summing functions.)
 */
Test(query, frame_queries_use_keys_only)
{
	query *q = open_fx(NULL, 1);
	sqlite3 *db = query_db(q);
	const char *sql;
	int checked = 0;
	for (int i = 0; query_frame_sql(i, &sql); i++) {
		char *plan_sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
		sqlite3_stmt *st;
		if (strstr(sql, "FROM kinfo") && !mxt_db_has(db, "kinfo")) {
			sqlite3_free(plan_sql);
			continue;                 /* optional table, not in this schema */
		}
		cr_assert_eq(sqlite3_prepare_v2(db, plan_sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
		/* Following a live database: rows after the last one seen, by rowid. */
		int incremental = strstr(sql, "snap_id > ?") || strstr(sql, "loss_id > ?");
		int rowid_range = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);
			cr_expect_neq(strncmp(d, "SCAN ", 5), 0, "a scan in a per-frame query:\n  %s\n  plan: %s", sql, d);
			rowid_range |= strstr(d, "(rowid>?)") != NULL;
		}
		if (incremental)
			cr_expect(rowid_range, "not a rowid range: %s", sql);
		sqlite3_finalize(st);
		sqlite3_free(plan_sql);
		checked++;
	}
	cr_expect_gt(checked, 10);
	query_close(q);
}
