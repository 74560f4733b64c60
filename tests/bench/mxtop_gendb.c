/*
 * Generate a large run database for mxtop's frame benchmark: NPROC
 * processes, NEVENTS trace records over a guest run, the writer's
 * aggregates (ipc_agg, ipc_lat_hist, ipc_lat_hist_period, kcall_agg, proc_agg) computed from
 * those same records, a sample snapshot every guest second and a full one
 * (with VFS threads and locks) every ten.  One transaction, prepared
 * statements.  Deterministic (fixed seed).
 *
 *     mxtop_gendb OUT.db [EVENTS] [PROCESSES]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mx/endpoint.h>
#include <mx/trace.h>
#include "mxt/db.h"
#include "mxt/writer.h"

#define TSC_HZ 1000000000LL
#define HZ 100
#define BUCKET (TSC_HZ / 10)
#define RATE 100000LL                /* records per guest second */
#define MAXPROC 1024
#define NHOT 16
#define FIRST_USER 14

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "mxtop_gendb: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void exec(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "mxtop_gendb: %s: %s\n", sql, msg);
		exit(1);
	}
}

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql);
	return st;
}

static void run(sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(st);
}

/* ---- open-addressing maps from a 64-bit key to a slot of values -------- */

typedef struct agg {
	uint64_t key;                 /* 0: empty */
	long long a, b, c, d;         /* what they count depends on the map */
	int path;                     /* ipc: index in the path table */
} agg;

typedef struct map {
	agg *e;
	size_t cap, n;
} map;

static agg *map_get(map *m, uint64_t key)
{
	if (m->n * 2 >= m->cap) {
		map old = *m;
		m->cap = old.cap ? old.cap * 2 : 4096;
		m->e = calloc(m->cap, sizeof(agg));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.e[i].key)
				*map_get(m, old.e[i].key) = old.e[i];
		free(old.e);
	}
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (m->cap - 1);
	while (m->e[i].key && m->e[i].key != key)
		i = (i + 1) & (m->cap - 1);
	if (!m->e[i].key) {
		m->e[i].key = key;
		m->n++;
	}
	return &m->e[i];
}

static void map_clear(map *m)
{
	memset(m->e, 0, m->cap * sizeof(agg));
	m->n = 0;
}

/* ---- the run ------------------------------------------------------------ */

static int nproc;
static char names[MAXPROC][16];
static long long sent[MAXPROC], received[MAXPROC], kcalls[MAXPROC], cycles[MAXPROC];
static const int servers[] = { 4, 5, 5, 5, 7, 8, 9, 11 };   /* vfs is the busiest */

static uint64_t pkey(int src, int dst, int type)
{
	return ((uint64_t)(uint32_t)src << 42) ^ ((uint64_t)(uint32_t)dst << 21) ^ (uint32_t)type ^ (1ULL << 63);
}

static map ipc, hist_idx, kc, pa, hb;         /* hb: the bucket's histogram, key (path, bin), added to its period */
static long long (*hist)[32];
static int *hist_key[3];
static size_t nhist, cap_hist;

static sqlite3_stmt *st_ipc, *st_kc, *st_pa, *st_hist, *st_histb;

static void flush_bucket(long long b)
{
	for (size_t i = 0; i < ipc.cap; i++) {
		agg *e = &ipc.e[i];
		if (!e->key)
			continue;
		int idx = e->path;            /* count, lat_n, lat_sum, lat_max */
		sqlite3_bind_int64(st_ipc, 1, 1);
		sqlite3_bind_int64(st_ipc, 2, b);
		sqlite3_bind_int(st_ipc, 3, hist_key[0][idx]);
		sqlite3_bind_int(st_ipc, 4, hist_key[1][idx]);
		sqlite3_bind_int(st_ipc, 5, hist_key[2][idx]);
		sqlite3_bind_int64(st_ipc, 6, e->a);
		sqlite3_bind_int64(st_ipc, 7, e->b);
		sqlite3_bind_int64(st_ipc, 8, e->c);
		sqlite3_bind_int64(st_ipc, 9, e->d);
		run(st_ipc);
	}
	map_clear(&ipc);
	for (size_t i = 0; i < hb.cap; i++) {
		agg *e = &hb.e[i];
		if (!e->key)
			continue;
		sqlite3_bind_int(st_histb, 1, hist_key[0][e->path]);
		sqlite3_bind_int(st_histb, 2, hist_key[1][e->path]);
		sqlite3_bind_int(st_histb, 3, hist_key[2][e->path]);
		sqlite3_bind_int64(st_histb, 4, b / MXT_HIST_PERIOD_BUCKETS);
		sqlite3_bind_int(st_histb, 5, (int)(e->key & 0xff));
		sqlite3_bind_int64(st_histb, 6, e->a);
		run(st_histb);
	}
	map_clear(&hb);
	for (size_t i = 0; i < kc.cap; i++) {
		agg *e = &kc.e[i];
		if (!e->key)
			continue;
		sqlite3_bind_int64(st_kc, 1, 1);
		sqlite3_bind_int64(st_kc, 2, b);
		sqlite3_bind_int(st_kc, 3, (int)(e->key >> 8 & 0xffff));
		sqlite3_bind_int(st_kc, 4, (int)(e->key & 0xff));
		sqlite3_bind_int64(st_kc, 5, e->a);
		sqlite3_bind_int64(st_kc, 6, e->b);
		sqlite3_bind_int64(st_kc, 7, e->c);
		sqlite3_bind_int64(st_kc, 8, e->d);
		run(st_kc);
	}
	map_clear(&kc);
	for (size_t i = 0; i < pa.cap; i++) {
		agg *e = &pa.e[i];
		if (!e->key)
			continue;
		sqlite3_bind_int64(st_pa, 1, 1);
		sqlite3_bind_int64(st_pa, 2, b);
		sqlite3_bind_int(st_pa, 3, (int)(e->key & 0xffff));
		sqlite3_bind_int64(st_pa, 4, e->a);
		sqlite3_bind_int64(st_pa, 5, e->b);
		sqlite3_bind_int64(st_pa, 6, e->c);
		sqlite3_bind_int64(st_pa, 7, e->d);
		run(st_pa);
	}
	map_clear(&pa);
}

/* The path table: one entry per (src, dst, type), with its latency histogram. */
static int path(int src, int dst, int type)
{
	agg *e = map_get(&hist_idx, pkey(src, dst, type));
	if (e->a == 0) {
		if (nhist == cap_hist) {
			cap_hist = cap_hist ? cap_hist * 2 : 4096;
			hist = realloc(hist, cap_hist * sizeof(*hist));
			for (int k = 0; k < 3; k++)
				hist_key[k] = realloc(hist_key[k], cap_hist * sizeof(int));
		}
		memset(hist[nhist], 0, sizeof(hist[nhist]));
		hist_key[0][nhist] = src;
		hist_key[1][nhist] = dst;
		hist_key[2][nhist] = type;
		e->a = (long long)++nhist;
	}
	return (int)e->a - 1;
}

static void ipc_event(int src, int dst, int type, long long lat)
{
	int idx = path(src, dst, type);
	agg *e = map_get(&ipc, pkey(src, dst, type));
	e->a++;
	e->path = idx;
	if (lat > 0) {
		e->b++;
		e->c += lat;
		if (lat > e->d)
			e->d = lat;
		int bin = 63 - __builtin_clzll((unsigned long long)lat);
		hist[idx][bin < 32 ? bin : 31]++;
		agg *h = map_get(&hb, (uint64_t)idx << 8 | (uint64_t)(bin < 32 ? bin : 31) | 1ULL << 62);
		h->a++;
		h->path = idx;
	}
	map_get(&pa, (uint64_t)src | 1ULL << 40)->b++;
	map_get(&pa, (uint64_t)dst | 1ULL << 40)->c++;
	sent[src]++;
	received[dst]++;
}

static sqlite3_stmt *st_snap, *st_proc, *st_ts, *st_regt, *st_regr;

static void snapshot(int id, int full, long long tsc, long long head)
{
	char taken[32];
	snprintf(taken, sizeof(taken), "t+%llds", tsc / TSC_HZ);
	sqlite3_bind_int(st_snap, 1, id);
	sqlite3_bind_text(st_snap, 2, full ? "full" : "sample", -1, SQLITE_STATIC);
	sqlite3_bind_text(st_snap, 3, taken, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st_snap, 4, tsc);                /* host ns: the guest runs at real time here */
	sqlite3_bind_int64(st_snap, 5, tsc);
	sqlite3_bind_int64(st_snap, 6, tsc * HZ / TSC_HZ);
	sqlite3_bind_int64(st_snap, 7, head);
	run(st_snap);
	sqlite3_bind_int(st_ts, 1, id);
	sqlite3_bind_int64(st_ts, 2, head);
	run(st_ts);
	long long t_end = tsc;
	for (int i = 0; i < nproc; i++) {
		const char *state = "RECV";
		long long peer = -1, blocked = -1;
		if (i == 0)
			state = "READY";
		else if (i >= FIRST_USER && i < FIRST_USER + NHOT) {
			state = (i + id) % 3 ? "RUN" : "REPLY-WAIT";
			if ((i + id) % 3 == 0)
				peer = servers[i % 8];
		}
		else if (i >= FIRST_USER && i % 7 == 0)
			state = "REPLY-WAIT", peer = servers[i % 8];
		else if (i >= FIRST_USER && i % 11 == 0)
			state = "SEND", peer = servers[(i / 11) % 8];
		if (i == 500 || i == 501)             /* a deadlock from the second half of the run on */
			if (id > 50)
				state = "SEND", peer = i == 500 ? 501 : 500;
		if (peer >= 0)
			blocked = t_end - (long long)(rnd() % 3000) * 1000000LL;
		if (blocked < 0 && peer >= 0)
			blocked = 0;
		int rts = !strcmp(state, "SEND") ? 2 : (!strcmp(state, "RECV") || !strcmp(state, "REPLY-WAIT")) ? 4 : 0;
		int misc = !strcmp(state, "REPLY-WAIT") ? 1 : 0;
		long long ticks = cycles[i] * HZ / TSC_HZ;
		int b = 1;
		sqlite3_bind_int(st_proc, b++, id);
		sqlite3_bind_int(st_proc, b++, i);
		sqlite3_bind_int(st_proc, b++, i);
		sqlite3_bind_text(st_proc, b++, names[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st_proc, b++, state, -1, SQLITE_STATIC);
		if (peer >= 0)
			sqlite3_bind_int64(st_proc, b++, peer);
		else
			sqlite3_bind_null(st_proc, b++);
		sqlite3_bind_int(st_proc, b++, rts);
		sqlite3_bind_int(st_proc, b++, misc);
		if (blocked >= 0)
			sqlite3_bind_int64(st_proc, b++, blocked);
		else
			sqlite3_bind_null(st_proc, b++);
		sqlite3_bind_int(st_proc, b++, i < FIRST_USER ? 2 : 7);
		sqlite3_bind_int64(st_proc, b++, ticks * 3 / 4);
		sqlite3_bind_int64(st_proc, b++, ticks - ticks * 3 / 4);
		sqlite3_bind_int64(st_proc, b++, cycles[i]);
		sqlite3_bind_int64(st_proc, b++, sent[i]);
		sqlite3_bind_int64(st_proc, b++, received[i]);
		sqlite3_bind_int64(st_proc, b++, kcalls[i]);
		/* Parents: tasks their own, servers RS, then a tree under init. */
		int parent = i < 4 ? i : i < FIRST_USER - 1 ? 6 : i < 30 ? FIRST_USER - 1 : FIRST_USER + (i - FIRST_USER) / 8;
		sqlite3_bind_int(st_proc, b++, parent);
		sqlite3_bind_int(st_proc, b++, i >= FIRST_USER ? i + 100 : 0);
		run(st_proc);
	}
	if (!full)
		return;
	/* VFS: 16 worker threads, 64 locks; two workers wait for each other's lock. */
	char json[512];
	sqlite3_bind_int(st_regt, 1, id);
	sqlite3_bind_text(st_regt, 2, "vfs.threads", -1, SQLITE_STATIC);
	sqlite3_bind_int(st_regt, 3, 16);
	run(st_regt);
	sqlite3_bind_int(st_regt, 1, id);
	sqlite3_bind_text(st_regt, 2, "vfs.locks", -1, SQLITE_STATIC);
	sqlite3_bind_int(st_regt, 3, 64);
	run(st_regt);
	for (int t = 0; t < 16; t++) {
		int state = t < 2 ? 3 : t < 8 ? 2 : 1, lw = t == 0 ? 1 : t == 1 ? 0 : -1;
		snprintf(json, sizeof(json),
			 "{\"tid\":%d,\"name\":\"worker%d\",\"state\":%d,\"client\":%d,\"req\":514,\"lock_wait\":%d,"
			 "\"lock_mode\":3,\"ipc_wait\":1073741826,\"since_lo\":%lld,\"since_hi\":0}",
			 t, t, state, state == 1 ? MX_NONE : FIRST_USER + t * 3, lw, (tsc - 1000000) & 0xffffffff);
		sqlite3_bind_int(st_regr, 1, id);
		sqlite3_bind_text(st_regr, 2, "vfs.threads", -1, SQLITE_STATIC);
		sqlite3_bind_int(st_regr, 3, t);
		sqlite3_bind_text(st_regr, 4, json, -1, SQLITE_TRANSIENT);
		run(st_regr);
	}
	for (int l = 0; l < 64; l++) {
		int holder = l < 2 ? l : l < 10 ? l : -1;
		snprintf(json, sizeof(json),
			 "{\"id\":%d,\"name\":\"vnode %d\",\"kind\":2,\"obj\":%d,\"mode\":%d,\"owner\":%d,\"readers\":0,"
			 "\"holders\":%u,\"waiters\":0,\"since_lo\":%lld,\"since_hi\":0}",
			 l, l, l, holder >= 0 ? 3 : 0, holder, holder >= 0 && holder < 32 ? 1u << holder : 0u,
			 (tsc - 2000000) & 0xffffffff);
		sqlite3_bind_int(st_regr, 1, id);
		sqlite3_bind_text(st_regr, 2, "vfs.locks", -1, SQLITE_STATIC);
		sqlite3_bind_int(st_regr, 3, l);
		sqlite3_bind_text(st_regr, 4, json, -1, SQLITE_TRANSIENT);
		run(st_regr);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mxtop_gendb OUT.db [EVENTS] [PROCESSES]\n");
		return 2;
	}
	long long nevents = argc > 2 ? atoll(argv[2]) : 10000000LL;
	nproc = argc > 3 ? atoi(argv[3]) : 1000;
	if (nproc < 40 || nproc > MAXPROC || nevents < RATE) {
		fprintf(stderr, "mxtop_gendb: 40..%d processes and at least %lld events\n", MAXPROC, RATE);
		return 2;
	}
	char err[256];
	unlink(argv[1]);
	db = mxt_db_open(argv[1], MXT_DB_CREATE, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "mxtop_gendb: %s\n", err);
		return 1;
	}
	exec("PRAGMA synchronous = OFF");
	exec("PRAGMA cache_size = -262144");
	exec("BEGIN");
	exec("INSERT OR REPLACE INTO meta VALUES ('bucket_ticks', '100000000')");
	exec("INSERT INTO boots (boot_id, started_at, source, tsc_hz, hz, nr_slots, ended_at, end_reason) "
	     "VALUES (1, 'bench', 'synthetic', 1000000000, 100, 1024, 'bench', 'shutdown')");
	static const char *const fixed[] = { "idle", "clock", "system", "hardware", "pm", "vfs", "rs", "vm",
					     "ds", "tty", "memory", "fs", "is", "init" };
	for (int i = 0; i < nproc; i++)
		snprintf(names[i], sizeof(names[i]), "%s", i < FIRST_USER ? fixed[i] : "");
	for (int i = FIRST_USER; i < nproc; i++)
		snprintf(names[i], sizeof(names[i]), "%s%d", i < FIRST_USER + NHOT ? "hot" : "w", i);

	sqlite3_stmt *ev = prep("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	st_ipc = prep("INSERT INTO ipc_agg VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	st_kc = prep("INSERT INTO kcall_agg VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	st_pa = prep("INSERT INTO proc_agg VALUES (?, ?, ?, ?, ?, ?, ?)");
	st_hist = prep("INSERT INTO ipc_lat_hist VALUES (1, ?, ?, ?, ?, ?)");
	st_histb = prep("INSERT INTO ipc_lat_hist_period VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
			"SET count = count + excluded.count");
	st_snap = prep("INSERT INTO snapshots VALUES (?, 1, ?, ?, ?, ?, ?, ?, NULL, 'bench', NULL)");
	st_ts = prep("INSERT INTO trace_status VALUES (?, 1, 4194303, 65536, ?, 0, 0, 0, NULL)");
	st_proc = prep("INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, "
		       "misc, blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent, received, "
		       "notifies, kcalls, priv_id, parent, pid) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, '', ?, NULL, ?, 10, "
		       "?, ?, ?, ?, ?, 0, ?, 0, ?, ?)");
	st_regt = prep("INSERT INTO reg_tables VALUES (?, ?, 5, 4096, ?, 64, '[]', NULL)");
	st_regr = prep("INSERT INTO reg_rows VALUES (?, ?, ?, ?)");

	clock_t t0 = clock();
	long long step = TSC_HZ / RATE, bucket = 0, last_switch = 0;
	int running = 0, snap = 0;
	for (long long s = 0; s < nevents; s++) {
		long long tsc = s * step;
		if (tsc / BUCKET != bucket) {
			flush_bucket(bucket);
			bucket = tsc / BUCKET;
		}
		if (tsc > 0 && tsc % TSC_HZ == 0) {
			snap++;
			snapshot(snap, snap % 10 == 1, tsc, s);
		}
		uint32_t r = rnd();
		int p = r % 10 < 7 ? FIRST_USER + (int)(rnd() % NHOT) : FIRST_USER + (int)(rnd() % (uint32_t)(nproc - FIRST_USER));
		int srv = servers[rnd() % 8];
		int type = (srv == 5 ? 0x200 : srv == 4 ? 0x100 : srv == 7 ? 0x300 : srv == 8 ? 0x400 : srv == 9 ? 0x700 : 0x800)
			   + (int)(rnd() % 6);
		int kind, flags = 0, src = p, dst = srv;
		long long arg = 0;
		switch (r >> 28) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			kind = MX_TK_SEND;
			flags = 0x08;
			ipc_event(p, srv, type, 0);
			break;
		case 6: case 7: case 8: case 9: case 10: case 11:
			kind = MX_TK_RECV;
			flags = 0x01;
			src = srv;
			dst = p;
			type = 0;
			arg = 2000 + rnd() % 40000 + (rnd() % 100 == 0 ? 500000 : 0);
			ipc_event(srv, p, 0, arg);
			break;
		case 12: case 13: {
			kind = MX_TK_KCALL;
			type = 1 + (int)(rnd() % 30);
			arg = 500 + rnd() % 5000;
			flags = rnd() % 100 == 0 ? 0x02 : 0;
			dst = MX_NONE;
			agg *k = map_get(&kc, (uint64_t)p << 8 | (uint64_t)type | 1ULL << 40);
			k->a++;
			k->b += flags ? 1 : 0;
			k->c += arg;
			if (arg > k->d)
				k->d = arg;
			map_get(&pa, (uint64_t)p | 1ULL << 40)->d++;
			kcalls[p]++;
			break;
		}
		default:
			kind = MX_TK_SWITCH;
			src = running;
			dst = p;
			type = 0;
			cycles[running] += tsc - last_switch;
			map_get(&pa, (uint64_t)running | 1ULL << 40)->a += tsc - last_switch;
			last_switch = tsc;
			running = p;
			break;
		}
		sqlite3_bind_int64(ev, 1, (1LL << 40) | s);
		sqlite3_bind_int64(ev, 2, tsc);
		sqlite3_bind_int(ev, 3, kind);
		sqlite3_bind_int(ev, 4, flags);
		sqlite3_bind_int(ev, 5, src);
		sqlite3_bind_int(ev, 6, dst);
		sqlite3_bind_int(ev, 7, type);
		sqlite3_bind_int64(ev, 8, arg);
		run(ev);
	}
	flush_bucket(bucket);
	snap++;
	snapshot(snap, 1, nevents * step, nevents);
	for (size_t i = 0; i < nhist; i++)
		for (int b = 0; b < 32; b++)
			if (hist[i][b]) {
				sqlite3_bind_int(st_hist, 1, hist_key[0][i]);
				sqlite3_bind_int(st_hist, 2, hist_key[1][i]);
				sqlite3_bind_int(st_hist, 3, hist_key[2][i]);
				sqlite3_bind_int(st_hist, 4, b);
				sqlite3_bind_int64(st_hist, 5, hist[i][b]);
				run(st_hist);
			}
	exec("INSERT INTO losses VALUES (1, 1, 4000000, 1200, 'overwritten', 'bench')");
	sqlite3_finalize(ev);
	sqlite3_finalize(st_ipc);
	sqlite3_finalize(st_kc);
	sqlite3_finalize(st_pa);
	sqlite3_finalize(st_hist);
	sqlite3_finalize(st_snap);
	sqlite3_finalize(st_ts);
	sqlite3_finalize(st_proc);
	sqlite3_finalize(st_regt);
	sqlite3_finalize(st_regr);
	exec("COMMIT");
	exec("PRAGMA wal_checkpoint(TRUNCATE)");
	mxt_db_close(db);
	fprintf(stderr, "mxtop_gendb: %lld events, %d processes, %d snapshots, %zu IPC paths in %.1f s\n", nevents, nproc,
		snap, nhist, (double)(clock() - t0) / CLOCKS_PER_SEC);
	return 0;
}
