/*
 * mxtop's query layer: reads a run database (tracer/schema.sql) into a
 * frame, the data one screen shows at one point of the run.
 *
 * Every per-frame query goes through a primary key or an index: the
 * snapshot tables by snap_id, the aggregates (ipc_agg, kcall_agg,
 * proc_agg, ipc_lat_hist) by boot and bucket, never the event table.  The
 * snapshots and losses of the boot being shown are followed incrementally
 * (rows after the last one seen), so a live database costs the same to
 * follow after an hour as after a second.  A frame is read in one short
 * read transaction: consistent, and never held while the screen waits.
 */
#ifndef MXTOP_QUERY_H
#define MXTOP_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <mx/endpoint.h>

struct mxt_wg;

#define Q_UNKNOWN (-1.0)          /* a rate or time that cannot be computed */

/* One snapshot of the boot being shown (the run's time line). */
typedef struct snap_ent {
	long long id;
	long long tsc;                /* -1 if not recorded */
	long long host_ns;            /* -1 if not recorded */
	int full;                     /* kind 'full' (else 'sample') */
} snap_ent;

typedef struct boot_info {
	long long id;
	double tsc_hz;                /* 0 if unknown */
	int hz;                       /* clock ticks per second, 0 if unknown */
	int ended;                    /* ended_at is set: the boot is over */
	char source[16];
	char release[32];
	char started_at[32];
	char end_reason[16];
} boot_info;

typedef struct snap_info {
	long long id;
	int full;
	long long tsc, host_ns, uptime_ticks, trace_head;   /* -1 if NULL */
	char taken_at[32];
} snap_info;

/* Row flags, shared by processes and threads. */
enum {
	ROW_STUCK    = 0x1,           /* blocked on someone longer than the threshold */
	ROW_DEADLOCK = 0x2,           /* member of a wait-for cycle */
	ROW_NEW      = 0x4,           /* not in the previous snapshot */
	ROW_BLOCKED  = 0x8,           /* waits for another process or thread */
};

typedef struct proc_row {
	int slot;
	mx_endpoint_t ep;
	char name[24];
	char state[12];               /* "RUN", "SEND", "RECV", "REPLY-WAIT", ... */
	mx_endpoint_t peer;           /* MX_NONE if none (RECV from ANY has MX_ANY) */
	uint32_t rts, misc;
	long long blocked_tsc;        /* -1 if not blocked */
	int pending_type;
	int priority;                 /* -1 if unknown */
	long long user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls;   /* -1: NULL */
	mx_endpoint_t parent;         /* MX_NONE if unknown */
	int pid;                      /* 0 if unknown */
	mx_endpoint_t tracer;         /* its ptrace tracer, MX_NONE if not traced */
	/* derived from the previous snapshot (or the aggregates) */
	double cpu, sent_ps, recv_ps, notify_ps, kcall_ps;    /* Q_UNKNOWN if no rate */
	double user_s, sys_s;         /* CPU time, Q_UNKNOWN if no clock rate */
	double blocked_s;             /* Q_UNKNOWN if not blocked */
	unsigned flags;               /* ROW_* */
} proc_row;

typedef struct pair_row {
	mx_endpoint_t src, dst;
	int type;
	long long count;              /* in the window */
	double rate;                  /* per second */
	double share;                 /* percent of the window's messages */
	long long lat_n;
	double lat_mean;              /* ticks, Q_UNKNOWN if no latency was recorded */
	long long lat_max;            /* ticks, -1 if none */
	long long p99;                /* ticks (upper bound of the bin), -1 if no histogram,
	                                 P99_PENDING until query_pair_p99 reads it */
} pair_row;

#define P99_PENDING (-2LL)

typedef struct kcall_row {
	mx_endpoint_t caller;
	int call;
	long long count, errors;      /* in the window */
	double rate;
	double dur_mean;              /* ticks */
	long long dur_max;
	double share;                 /* percent of the window's kernel-call time */
} kcall_row;

typedef struct lock_row {
	mx_endpoint_t server;
	int id;
	char name[24];
	int kind;                     /* MX_LK_* */
	int mode;                     /* MX_LM_* */
	int owner;                    /* thread, -1 if none */
	uint32_t holders;             /* bit t: thread t holds it */
	uint32_t waiters;             /* bit t: thread t waits for it (from the threads) */
	int nwaiters;
	double held_s;                /* since the current mode was taken, Q_UNKNOWN */
	double wait_s;                /* the longest waiter's wait, Q_UNKNOWN if none */
	unsigned flags;               /* ROW_DEADLOCK if a waiter or holder is in a cycle */
} lock_row;

typedef struct thread_row {
	mx_endpoint_t server;
	int tid;
	char name[16];
	int state;                    /* MX_TS_* */
	mx_endpoint_t client;         /* MX_NONE if none */
	int req;
	int lock_wait;                /* lock id, -1 if none */
	int lock_mode;
	mx_endpoint_t ipc_wait;       /* MX_NONE if none */
	double since_s;               /* in this state for, Q_UNKNOWN */
	unsigned flags;               /* ROW_* */
} thread_row;

/* What a frame loads besides the header and processes. */
enum {
	LOAD_IPC     = 0x1,
	LOAD_KCALLS  = 0x2,
	LOAD_LOCKS   = 0x4,           /* locks and threads (from the latest full snapshot) */
	LOAD_ALL     = 0x7,
};

/* Where the rates of the process view came from. */
enum { RATES_NONE, RATES_SNAPSHOTS, RATES_AGGREGATES };

#define FRAME_SLOTS (MX_SLOT_MASK + 1)

typedef struct frame {
	boot_info boot;
	snap_info cur;                /* the snapshot shown */
	snap_info prev;               /* the one before it, for rates (id -1 if none) */
	snap_info full;               /* latest full snapshot <= cur (id -1 if none) */
	int index, nsnaps;            /* cur's place in the time line */
	double tsc_hz;                /* effective: the boot's, or estimated from host time */
	int tsc_hz_estimated;
	double dt;                    /* guest seconds between prev and cur, 0 if none */
	int rates;                    /* RATES_* */
	double uptime_s;
	/* header */
	double trace_rate;            /* records per second, Q_UNKNOWN */
	long long lost;               /* records lost up to cur (losses table) */
	long long overwritten, filtered;   /* trace_status of cur, -1 if none */
	double cpu_user, cpu_sys;     /* percent of the CPU, Q_UNKNOWN */
	long long mem_total, mem_free;     /* bytes, from kinfo when the database has it; -1 if not */
	double ipc_rate;              /* messages sent per second, all processes */
	double kcall_rate;
	int nrunning;                 /* RUN or READY */
	int nidle;                    /* receiving from ANY: waiting for work */
	int nblocked;                 /* waiting for one process (ROW_BLOCKED) */
	int nstuck, ndeadlocked, ncycles;
	/*
	 * Wait-for graphs (tracer/include/mxt/waitgraph.h) of cur and of full,
	 * owned by the query and valid until the next frame_load; NULL if the
	 * graph could not be read (wg_error says why).
	 */
	const struct mxt_wg *wg, *wg_full;
	char wg_error[160];
	/* aggregate window (IPC and kernel calls) */
	long long bucket_lo, bucket_hi;    /* complete buckets [lo, hi], hi < lo if none */
	double window_s;
	unsigned loaded;              /* LOAD_* actually read */

	proc_row *procs;     int nprocs,   cap_procs;
	pair_row *pairs;     int npairs,   cap_pairs;
	kcall_row *kcalls;   int nkcalls,  cap_kcalls;
	lock_row *locks;     int nlocks,   cap_locks;
	thread_row *threads; int nthreads, cap_threads;
	short by_slot[FRAME_SLOTS];   /* slot -> index in procs, -1 */
} frame;

/* A recent IPC event of one process (from the event table). */
typedef struct ipc_event {
	long long seq;
	long long tsc;
	int kind, flags;
	mx_endpoint_t src, dst;
	int type;
	long long arg;
} ipc_event;

typedef struct query query;

/*
 * Open a run database read-only.  NULL with a one-line message in err for a
 * missing, locked, foreign or older-schema file.
 */
query *query_open(const char *path, char *err, size_t errlen);
void query_close(query *q);
sqlite3 *query_db(query *q);

/* Options that shape every frame. */
void query_set_stuck(query *q, double seconds);     /* default 5 s */
void query_set_window(query *q, double seconds);    /* 0: the snapshot interval (default) */

/*
 * Show boot id (0: the latest).  Reads its snapshots and losses.  Returns 0,
 * or -1 with err set (no such boot, no boot at all, database error).
 */
int query_select_boot(query *q, long long boot, char *err, size_t errlen);
/*
 * Follow a live database: new snapshots and losses of the boot, whether it
 * has ended, whether a newer boot exists.  Returns the number of new
 * snapshots, or -1 with err set (database busy: try again later).
 */
int query_update(query *q, char *err, size_t errlen);
long long query_newest_boot(query *q);          /* as of the last update */
const boot_info *query_boot(const query *q);
long long query_bucket_ticks(const query *q);

/* The time line of the boot being shown. */
int query_nsnaps(const query *q);
const snap_ent *query_snap(const query *q, int index);
/* Index of a snapshot id, or -1. */
int query_find_snap(const query *q, long long snap_id);
/* Index of the last snapshot at or before guest time tsc (0 if none is). */
int query_snap_at(const query *q, long long tsc);

/*
 * Read the frame at time-line index idx with the sets in what.  Returns 0,
 * or -1 with err set (f is then left as it was: the screen keeps showing
 * the last good frame).
 */
int frame_load(query *q, int idx, unsigned what, frame *f, char *err, size_t errlen);
void frame_init(frame *f);
void frame_free(frame *f);
/* The process with endpoint ep in this frame, or NULL. */
const proc_row *frame_proc(const frame *f, mx_endpoint_t ep);
/* A process's name: its own, "ANY"/"NONE" for special endpoints, or "slot/gen". */
const char *frame_ep_name(const frame *f, mx_endpoint_t ep, char *buf, size_t len);

/*
 * The last max IPC events (send, receive, notify, asynchronous send, IPC
 * error) of ep at or before the frame's snapshot, newest first, found by
 * walking the event table backwards by primary key over at most scan_limit
 * records.  Returns the number found, or -1 with err set.
 */
int query_recent_ipc(query *q, const frame *f, mx_endpoint_t ep, ipc_event *out, int max,
		     long long scan_limit, char *err, size_t errlen);

/*
 * Read the p99 latency of a path over the frame's window from its
 * histogram per period of MXT_HIST_PERIOD_BUCKETS buckets
 * (ipc_lat_hist_period, one primary-key range; the window is rounded out
 * to whole periods).
 * Costly at thousands of paths, so it is read only for the rows shown (or
 * all of them when sorting by it).  A file of an older build has only the
 * whole run's histogram (ipc_lat_hist): that is used then.  -1 with err.
 */
int query_pair_p99(query *q, const frame *f, pair_row *p, char *err, size_t errlen);

/* Upper bound of the histogram bin holding percentile pct (bin b: [2^b, 2^(b+1))); -1 if empty. */
long long hist_percentile(const long long *bins, int nbins, double pct);

/* Each per-frame statement's text, for query-plan checks in tests and benchmarks. */
int query_frame_sql(int i, const char **sql);

#endif
