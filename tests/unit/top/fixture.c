/*
 * The unit tests' run database.  One boot, 1 GHz TSC, 100 Hz clock,
 * buckets of 0.1 s.  Snapshots #1 (full), #2 and #3 (samples) at 1, 2 and
 * 3 guest seconds; ring heads 1000, 3000, 7000 (4000 records/s at #3).
 *
 *   idle  0    READY, half the CPU
 *   pm    4    RECV from ANY, 10 % CPU (2 user, 8 kernel ticks a second)
 *   vfs   5    RECV from ANY
 *   sh    14/2 REPLY-WAIT on vfs since time 0 (3 s at #3)
 *   a, b  20, 21  SEND to each other since 2.5 s and 2.6 s (from #3 on)
 *   busy  30   RUN, 25 % CPU, child of sh; sent = 1000 t^2, kcalls = 50 t
 *
 * ipc_agg: busy->pm PM_FORK 10 a bucket (mean latency 1000, max 5000, 9000
 * in bucket 25); a->b DS_RETRIEVE once in bucket 5.  Histogram busy->pm:
 * per bucket 10 latencies in bin 9, except one in bin 12 in each of buckets
 * 0-9 and one in bin 13 (the 9000) in bucket 25, kept per period of 10
 * buckets: the whole run's p99 is 8192, that of buckets 20-29 is 1024.  kcall_agg: busy GETINFO 5 a
 * bucket, 1 error, mean 2000.  proc_agg: busy 100 sent a bucket, a quarter
 * of the CPU.  Losses: 7 records at seq 500, 3 at seq 5000.  In #1, VFS
 * workers 1 and 2 each hold the lock the other waits for.  Events: 8000
 * records, seq s at TSC s * 375000.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mx/endpoint.h>
#include "mxt/db.h"
#include "fixture.h"

/* The files a test made, removed when its process exits. */
static char made[16][256];
static int nmade;

static void remove_files(const char *path)
{
	char side[300];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

static void remove_made(void)
{
	for (int i = 0; i < nmade; i++)
		remove_files(made[i]);
}

const char *fx_tmp(const char *suffix)
{
	static char path[256];
	static int n;
	snprintf(path, sizeof(path), "/tmp/mxtop-test-%d-%d%s", (int)getpid(), n++, suffix);
	remove_files(path);
	if (nmade == 0)
		atexit(remove_made);
	if (nmade < 16)
		snprintf(made[nmade++], sizeof(made[0]), "%s", path);
	return path;
}

void fx_exec(sqlite3 *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	cr_assert_eq(rc, SQLITE_OK, "SQL failed: %s\n%s", msg ? msg : "?", sql);
	sqlite3_free(sql);
}

sqlite3 *fx_writer(const char *path)
{
	char err[256];
	sqlite3 *db = mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err));
	cr_assert(db, "cannot create %s: %s", path, err);
	return db;
}

static void proc(sqlite3 *db, int snap, int slot, int ep, const char *name, const char *state, long long peer,
		 long long blocked, long long cycles, long long user, long long sys, long long sent, long long recv,
		 long long kcalls, int parent)
{
	int rts = !strcmp(state, "SEND") ? 0x2 : (!strcmp(state, "RECV") || !strcmp(state, "REPLY-WAIT")) ? 0x4 : 0;
	int misc = !strcmp(state, "REPLY-WAIT") ? 0x1 : 0;
	char peer_s[24], blocked_s[24];
	if (peer < 0)
		snprintf(peer_s, sizeof(peer_s), "NULL");
	else
		snprintf(peer_s, sizeof(peer_s), "%lld", peer);
	if (blocked < 0)
		snprintf(blocked_s, sizeof(blocked_s), "NULL");
	else
		snprintf(blocked_s, sizeof(blocked_s), "%lld", blocked);
	fx_exec(db,
		"INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, misc, "
		"blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent, received, notifies, "
		"kcalls, priv_id, parent, pid) VALUES (%d, %d, %d, '%q', '%q', %s, %d, '', %d, '', %s, NULL, 7, 10, "
		"%lld, %lld, %lld, %lld, %lld, 0, %lld, 0, %d, %d)",
		snap, slot, ep, name, state, peer_s, rts, misc, blocked_s, user, sys, cycles, sent, recv, kcalls, parent,
		slot >= 14 ? slot + 100 : 0);
}

void fx_add_snapshot(sqlite3 *db, int id, int t)
{
	long long tsc = t * 1000000000LL, head = 1000LL * (t * t - t + 1);
	fx_exec(db, "INSERT INTO snapshots VALUES (%d, 1, '%s', 'host', %lld, %lld, %d, %lld, NULL, 'test', NULL)", id,
		id == 1 ? "full" : "sample", tsc + 500000000LL, tsc, t * 100, head);
	fx_exec(db, "INSERT INTO trace_status VALUES (%d, 1, 4194303, 65536, %lld, 0, %d, 0, NULL)", id, head,
		t >= 3 ? 10 : t >= 2 ? 7 : 0);
	long long busy_sent = 1000LL * t * t;
	proc(db, id, 0, FX_IDLE, "idle", "READY", -1, -1, tsc / 2, 0, 50 * t, 0, 0, 0, 0);
	proc(db, id, 4, FX_PM, "pm", "RECV", -1, -1, tsc / 10, 2 * t, 8 * t, 0, busy_sent, 0, 4);
	proc(db, id, 5, FX_VFS, "vfs", "RECV", -1, -1, 0, 0, 0, 0, 0, 0, 4);
	proc(db, id, 14, FX_SH, "sh", "REPLY-WAIT", FX_VFS, 0, 0, 0, 0, 1, 0, 0, 4);
	if (t >= 3) {
		proc(db, id, 20, FX_A, "a", "SEND", FX_B, 2500000000LL, 0, 0, 0, 0, 0, 0, FX_SH);
		proc(db, id, 21, FX_B, "b", "SEND", FX_A, 2600000000LL, 0, 0, 0, 0, 0, 0, FX_SH);
	} else {
		proc(db, id, 20, FX_A, "a", "RUN", -1, -1, 0, 0, 0, 0, 0, 0, FX_SH);
		proc(db, id, 21, FX_B, "b", "RUN", -1, -1, 0, 0, 0, 0, 0, 0, FX_SH);
	}
	proc(db, id, 30, FX_BUSY, "busy", "RUN", -1, -1, tsc / 4, 20 * t, 5 * t, busy_sent, 0, 50LL * t, FX_SH);
}

static void vfs_tables(sqlite3 *db, int snap)
{
	fx_exec(db, "INSERT INTO reg_tables VALUES (%d, 'vfs.threads', 5, 4096, 3, 48, '[]', NULL)", snap);
	fx_exec(db, "INSERT INTO reg_tables VALUES (%d, 'vfs.locks', 5, 8192, 2, 56, '[]', NULL)", snap);
	static const char *const threads[] = {
		"{\"tid\":0,\"name\":\"worker0\",\"state\":1,\"client\":1073741826,\"req\":0,\"lock_wait\":-1,"
		"\"lock_mode\":0,\"ipc_wait\":1073741826,\"since_lo\":0,\"since_hi\":0}",
		"{\"tid\":1,\"name\":\"worker1\",\"state\":3,\"client\":2062,\"req\":514,\"lock_wait\":2,"
		"\"lock_mode\":3,\"ipc_wait\":1073741826,\"since_lo\":200000000,\"since_hi\":0}",
		"{\"tid\":2,\"name\":\"worker2\",\"state\":3,\"client\":1073741826,\"req\":0,\"lock_wait\":1,"
		"\"lock_mode\":1,\"ipc_wait\":1073741826,\"since_lo\":400000000,\"since_hi\":0}",
	};
	static const char *const locks[] = {
		"{\"id\":1,\"name\":\"vmnt 0\",\"kind\":1,\"obj\":0,\"mode\":3,\"owner\":1,\"readers\":0,\"holders\":2,"
		"\"waiters\":1,\"since_lo\":100000000,\"since_hi\":0}",
		"{\"id\":2,\"name\":\"vnode 12\",\"kind\":2,\"obj\":12,\"mode\":3,\"owner\":2,\"readers\":0,\"holders\":4,"
		"\"waiters\":1,\"since_lo\":300000000,\"since_hi\":0}",
	};
	for (int i = 0; i < 3; i++)
		fx_exec(db, "INSERT INTO reg_rows VALUES (%d, 'vfs.threads', %d, '%q')", snap, i, threads[i]);
	for (int i = 0; i < 2; i++)
		fx_exec(db, "INSERT INTO reg_rows VALUES (%d, 'vfs.locks', %d, '%q')", snap, i, locks[i]);
}

const char *fx_create(int ended)
{
	const char *path = fx_tmp(".db");
	sqlite3 *db = fx_writer(path);
	fx_exec(db, "BEGIN");
	fx_exec(db, "INSERT OR REPLACE INTO meta VALUES ('bucket_ticks', '100000000')");
	fx_exec(db, "INSERT INTO boots (boot_id, started_at, source, tsc_hz, hz, nr_slots, ended_at, end_reason) "
		"VALUES (1, 'start', 'synthetic', 1000000000, 100, 256, %s, %s)", ended ? "'end'" : "NULL",
		ended ? "'shutdown'" : "NULL");
	for (int t = 1; t <= 3; t++)
		fx_add_snapshot(db, t, t);
	vfs_tables(db, 1);
	for (int b = 0; b < 30; b++) {
		fx_exec(db, "INSERT INTO ipc_agg VALUES (1, %d, %d, %d, 257, 10, 10, 10000, %d)", b, FX_BUSY, FX_PM,
			b == 25 ? 9000 : 5000);
		fx_exec(db, "INSERT INTO kcall_agg VALUES (1, %d, %d, 25, 5, 1, 10000, 3000)", b, FX_BUSY);
		fx_exec(db, "INSERT INTO proc_agg VALUES (1, %d, %d, 25000000, 100, 0, 5)", b, FX_BUSY);
		fx_exec(db, "INSERT INTO proc_agg VALUES (1, %d, %d, 10000000, 0, 100, 0)", b, FX_PM);
	}
	fx_exec(db, "INSERT INTO ipc_agg VALUES (1, 5, %d, %d, 1025, 1, 0, 0, 0)", FX_A, FX_B);
	static const int period_bins[][3] = { { 0, 9, 90 }, { 0, 12, 10 }, { 1, 9, 100 }, { 2, 9, 99 }, { 2, 13, 1 } };
	for (int i = 0; i < 5; i++)
		fx_exec(db, "INSERT INTO ipc_lat_hist_period VALUES (1, %d, %d, 257, %d, %d, %d)", FX_BUSY, FX_PM,
			period_bins[i][0], period_bins[i][1], period_bins[i][2]);
	fx_exec(db, "INSERT INTO ipc_lat_hist VALUES (1, %d, %d, 257, 9, 289)", FX_BUSY, FX_PM);
	fx_exec(db, "INSERT INTO ipc_lat_hist VALUES (1, %d, %d, 257, 12, 10)", FX_BUSY, FX_PM);
	fx_exec(db, "INSERT INTO ipc_lat_hist VALUES (1, %d, %d, 257, 13, 1)", FX_BUSY, FX_PM);
	fx_exec(db, "INSERT INTO losses VALUES (1, 1, 500, 7, 'overwritten', 'x')");
	fx_exec(db, "INSERT INTO losses VALUES (2, 1, 5000, 3, 'overwritten', 'x')");
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL),
		     SQLITE_OK);
	for (long long s = 0; s < 8000; s++) {
		int kind = s % 2 ? 3 : 1, src = FX_BUSY, dst = FX_PM, type = 257;
		long long arg = s % 2 ? 1000 : 0;
		if (s % 100 == 50) {
			kind = 9;             /* a context switch: not IPC */
			arg = 0;
		}
		if (s == 100) {
			kind = 2;
			src = FX_SH;
			dst = FX_VFS;
			type = 514;
		}
		if (s == 7500) {              /* after #3's ring head: never shown at #3 */
			src = FX_SH;
			dst = FX_VFS;
		}
		sqlite3_bind_int64(st, 1, (1LL << 40) | s);
		sqlite3_bind_int64(st, 2, s * 375000);
		sqlite3_bind_int(st, 3, kind);
		sqlite3_bind_int(st, 4, kind == 3 ? 1 : 0);
		sqlite3_bind_int(st, 5, src);
		sqlite3_bind_int(st, 6, dst);
		sqlite3_bind_int(st, 7, type);
		sqlite3_bind_int64(st, 8, arg);
		cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	fx_exec(db, "COMMIT");
	mxt_db_close(db);
	return path;
}
