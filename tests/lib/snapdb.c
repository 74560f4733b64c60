/* Synthetic run databases for tests and benchmarks (see snapdb.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mx/procflags.h>
#include "mxt/db.h"
#include "snapdb.h"

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "snapdb: %s: %s\n", what, msg);
	exit(99);
}

void snapdb_exec(sqlite3 *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err ? err : "?");
	sqlite3_free(sql);
}

sqlite3 *snapdb_create(const char *path)
{
	char err[256];
	unlink(path);
	sqlite3 *db = mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err));
	if (!db)
		die(path, err);
	snapdb_exec(db, "INSERT INTO boots (boot_id, started_at, source, tsc_hz, hz, nr_slots) "
		    "VALUES (1, '2024-01-01T00:00:00', 'synthetic', %lld, 100, 256)", SNAPDB_TSC_HZ);
	return db;
}

long long snapdb_snapshot(sqlite3 *db, const char *kind, long long tsc)
{
	snapdb_exec(db, "INSERT INTO snapshots (boot_id, kind, taken_at, tsc, uptime_ticks, source) "
		    "VALUES (1, %Q, '2024-01-01T00:01:00', %lld, %lld, 'synthetic')", kind, tsc, tsc / 10000000);
	return sqlite3_last_insert_rowid(db);
}

static void state_flags(const char *state, uint32_t *rts, uint32_t *misc)
{
	*rts = 0;
	*misc = 0;
	if (!strcmp(state, "SEND")) *rts = MX_RTS_SENDING;
	else if (!strcmp(state, "RECV")) *rts = MX_RTS_RECEIVING;
	else if (!strcmp(state, "REPLY-WAIT")) *rts = MX_RTS_RECEIVING, *misc = MX_MF_REPLY_PEND;
	else if (!strcmp(state, "STOPPED")) *rts = MX_RTS_PROC_STOP;
	else if (!strcmp(state, "PAGEFAULT")) *rts = MX_RTS_PAGEFAULT;
	else if (!strcmp(state, "SIGNAL")) *rts = MX_RTS_SIG_PENDING;
	else if (!strcmp(state, "EXITING")) *rts = MX_RTS_EXITING;
	else if (!strcmp(state, "BOOTING")) *rts = MX_RTS_BOOTING;
}

static void letters(uint32_t f, const uint32_t *bits, const char *ls, int n, char *out)
{
	for (int i = 0; i < n; i++)
		out[i] = (f & bits[i]) ? ls[i] : '-';
	out[n] = 0;
}

void snapdb_proc_full(sqlite3 *db, long long snap, const struct snapdb_proc *p)
{
#define B(name, bit, letter, text) bit,
#define L(name, bit, letter, text) letter,
	static const uint32_t rb[] = { MX_RTS_FLAGS(B) }, mb[] = { MX_MF_FLAGS(B) };
	static const char rl[] = { MX_RTS_FLAGS(L) }, ml[] = { MX_MF_FLAGS(L) };
#undef B
#undef L
	uint32_t rts, misc;
	char rs[16], ms[16], peer[24], bt[24], pt[24], pv[24], tb[24];
	state_flags(p->state, &rts, &misc);
	misc |= p->extra_misc;
	letters(rts, rb, rl, (int)sizeof(rb) / 4, rs);
	letters(misc, mb, ml, (int)sizeof(mb) / 4, ms);
	snprintf(peer, sizeof(peer), p->peer == MX_NONE ? "NULL" : "%d", (int)p->peer);
	snprintf(bt, sizeof(bt), p->blocked_tsc < 0 ? "NULL" : "%lld", p->blocked_tsc);
	snprintf(pt, sizeof(pt), p->pending_type < 0 ? "NULL" : "%d", p->pending_type);
	snprintf(pv, sizeof(pv), p->priv_id < 0 ? "NULL" : "%d", p->priv_id);
	snprintf(tb, sizeof(tb), p->tracer ? "%d" : "NULL", (int)p->tracer);
	snapdb_exec(db, "INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, "
		    "misc, blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent, received, "
		    "notifies, kcalls, priv_id, cr3, traced_by) VALUES (%lld, %d, %d, %Q, %Q, %s, %u, %Q, %u, %Q, %s, %s, "
		    "%d, %d, %lld, %lld, %lld, %lld, %lld, %lld, %lld, %s, %u, %s)",
		    snap, p->slot, (int)MX_EP(p->gen, p->slot), p->name, p->state, peer, rts, rs, misc, ms, bt, pt,
		    p->priority, p->quantum, p->user_ticks, p->sys_ticks, p->cycles, p->sent, p->received, p->notifies,
		    p->kcalls, pv, p->cr3, tb);
}

void snapdb_proc(sqlite3 *db, long long snap, int slot, int gen, const char *name, const char *state,
		 mx_endpoint_t peer, long long blocked_tsc, int pending_type)
{
	struct snapdb_proc p = {
		.slot = slot, .gen = gen, .name = name, .state = state, .peer = peer, .blocked_tsc = blocked_tsc,
		.pending_type = pending_type, .priority = slot < 4 ? 0 : slot < 14 ? 4 : 8, .quantum = 8,
		.priv_id = slot < 14 ? slot : 0,
	};
	snapdb_proc_full(db, snap, &p);
}

void snapdb_regtable(sqlite3 *db, long long snap, const char *name, mx_endpoint_t owner, const char *error)
{
	snapdb_exec(db, "INSERT OR IGNORE INTO reg_tables (snap_id, name, owner, addr, count, size, fields, error) "
		    "VALUES (%lld, %Q, %d, 0, 0, 0, '[]', %Q)", snap, name, (int)owner, error);
}

void snapdb_regrow(sqlite3 *db, long long snap, const char *name, int idx, const char *json_fmt, ...)
{
	va_list ap;
	va_start(ap, json_fmt);
	char *json = sqlite3_vmprintf(json_fmt, ap);
	va_end(ap);
	snapdb_exec(db, "INSERT INTO reg_rows (snap_id, name, idx, data) VALUES (%lld, %Q, %d, %Q)", snap, name, idx, json);
	sqlite3_free(json);
}

void snapdb_thread(sqlite3 *db, long long snap, const char *table, int tid, const char *name, int state,
		   mx_endpoint_t client, int req, int lock_wait, int lock_mode, mx_endpoint_t ipc_wait, long long since)
{
	snapdb_regrow(db, snap, table, tid,
		      "{\"tid\":%d,\"state\":%d,\"client\":%d,\"req\":%d,\"lock_wait\":%d,\"lock_mode\":%d,"
		      "\"ipc_wait\":%d,\"since_lo\":%lld,\"since_hi\":%lld,\"name\":\"%s\"}",
		      tid, state, (int)client, req, lock_wait, lock_mode, (int)ipc_wait, since & 0xffffffffLL, since >> 32, name);
}

void snapdb_lock(sqlite3 *db, long long snap, const char *table, int id, const char *name, int kind, int obj,
		 int mode, int owner, uint32_t holders, long long since)
{
	int readers = 0;
	for (uint32_t h = holders; h; h &= h - 1)
		readers++;
	snapdb_regrow(db, snap, table, id,
		      "{\"id\":%d,\"kind\":%d,\"obj\":%d,\"mode\":%d,\"owner\":%d,\"readers\":%d,\"holders\":%u,"
		      "\"waiters\":0,\"since_lo\":%lld,\"since_hi\":%lld,\"name\":\"%s\"}",
		      id, kind, obj, mode, owner, mode == 1 ? readers : 0, holders, since & 0xffffffffLL, since >> 32, name);
}
