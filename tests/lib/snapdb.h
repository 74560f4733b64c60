/*
 * Synthetic run databases for the host tools' tests and benchmarks: a
 * fresh database with the real schema (mxt_db_open) and helpers that insert
 * snapshot rows the way mxtrace stores them.  Every helper aborts the
 * program with a message on an SQL error: a test fixture must not fail
 * silently.
 */
#ifndef MX_TEST_SNAPDB_H
#define MX_TEST_SNAPDB_H

#include <stdint.h>
#include <sqlite3.h>
#include <mx/endpoint.h>

#define SNAPDB_TSC_HZ 1000000000LL   /* boot 1's TSC frequency: 1 GHz */

/* A new database at path (an existing file is removed), with boot 1. */
sqlite3 *snapdb_create(const char *path);
/* A snapshot of boot 1 taken at guest TSC tsc; returns its id. */
long long snapdb_snapshot(sqlite3 *db, const char *kind, long long tsc);
/* Run SQL built with printf; aborts on error. */
void snapdb_exec(sqlite3 *db, const char *fmt, ...);   /* sqlite3_mprintf formats: %Q, %q */

/* A process row.  state is one of the processes.state words; the flags
 * follow from it.  peer is MX_NONE when it has none (RECV from ANY). */
struct snapdb_proc {
	int slot, gen;
	const char *name;
	const char *state;
	mx_endpoint_t peer;
	long long blocked_tsc;      /* -1: NULL */
	int pending_type;           /* -1: NULL */
	int priority, quantum;
	long long user_ticks, sys_ticks, cycles;
	long long sent, received, notifies, kcalls;
	int priv_id;                /* -1: NULL */
	unsigned cr3;
	uint32_t extra_misc;        /* added to the misc flags the state implies */
	mx_endpoint_t tracer;       /* traced_by; 0: not traced */
};
void snapdb_proc_full(sqlite3 *db, long long snap, const struct snapdb_proc *p);
/* The short form: a process in a state, waiting on peer since blocked_tsc. */
void snapdb_proc(sqlite3 *db, long long snap, int slot, int gen, const char *name, const char *state,
		 mx_endpoint_t peer, long long blocked_tsc, int pending_type);

/* A registered table (reg_tables row) and its rows (JSON objects). */
void snapdb_regtable(sqlite3 *db, long long snap, const char *name, mx_endpoint_t owner, const char *error);
void snapdb_regrow(sqlite3 *db, long long snap, const char *name, int idx, const char *json_fmt, ...);

/* A server thread in "<table>" (e.g. "vfs.threads"), idx = tid. */
void snapdb_thread(sqlite3 *db, long long snap, const char *table, int tid, const char *name, int state,
		   mx_endpoint_t client, int req, int lock_wait, int lock_mode, mx_endpoint_t ipc_wait, long long since);
/* A lock in "<table>" (e.g. "vfs.locks"), idx = id; holders is a tid bitmap. */
void snapdb_lock(sqlite3 *db, long long snap, const char *table, int id, const char *name, int kind, int obj,
		 int mode, int owner, uint32_t holders, long long since);

#endif

/* ---- Scenarios shared by the tests of mxdump, mxviz and the wait graph ---- */
/* (tests/lib/scenarios.c; every snapshot is taken at TSC 10 s.) */

#define SCEN_TSC (10 * SNAPDB_TSC_HZ)

/* The boot processes, slots 0-13 (idle ... init), mostly receiving from ANY. */
void scen_boot(sqlite3 *db, long long snap);
/* The example: sh waits for VFS worker1, which waits for vnode 12
 * held by worker2, which waits on fs, which waits on memory, which never
 * received the request (it receives from ANY).  Also: ls served by
 * worker2, init waiting for pm, cat running.  Returns the snapshot id. */
long long scen_stuck(sqlite3 *db);
/* Two deadlocks: fs -> vfs:worker1 -(lock vnode 7)-> vfs:worker2 -> fs,
 * and ping <-> pong by SEND; sh waits into the first.  Returns the id. */
long long scen_deadlock(sqlite3 *db);
/* Every kernel and server table filled, for the dumps (see tests/unit/dumps). */
long long scen_full(sqlite3 *db);
