/*
 * The query layer: a run database into frames (see query.h).
 * Statements are prepared once and reset after each use.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mx/trace.h>
#include <mx/tables.h>
#include "mxt/db.h"
#include "mxt/names.h"
#include "mxt/waitgraph.h"
#include "mxt/writer.h"
#include "query.h"

enum {
	QS_META, QS_MAXBOOT, QS_BOOT, QS_TIMELINE, QS_SNAP, QS_PROCS, QS_PREV_PROCS, QS_LOSSES,
	QS_TSTATUS, QS_IPC, QS_HIST, QS_HIST_W, QS_KCALL, QS_PROCAGG, QS_LOCKS, QS_THREADS, QS_KINFO, QS_EVENTS,
	QS_EVENTS_MAX, QS_MAX
};

/* Per-frame statements first (up to QS_FRAME_END): those are the ones the
 * query-plan test checks for scans. */
#define QS_FRAME_END QS_EVENTS
static const char *const stmt_sql[QS_MAX] = {
	[QS_META] = "SELECT value FROM meta WHERE key = ?",
	[QS_MAXBOOT] = "SELECT max(boot_id) FROM boots",
	[QS_BOOT] = "SELECT boot_id, tsc_hz, hz, ended_at IS NOT NULL, source, release, started_at, end_reason "
		    "FROM boots WHERE boot_id = ?",
	/* "+boot_id": walk the primary key from the last snapshot seen, not the boot's index. */
	[QS_TIMELINE] = "SELECT snap_id, tsc, host_ns, kind = 'full' FROM snapshots "
			"WHERE snap_id > ? AND +boot_id = ? ORDER BY snap_id",
	[QS_SNAP] = "SELECT snap_id, kind = 'full', tsc, host_ns, uptime_ticks, trace_head, taken_at "
		    "FROM snapshots WHERE snap_id = ?",
	[QS_PROCS] = "SELECT slot, endpoint, name, state, peer, rts_flags, misc_flags, blocked_tsc, pending_type, "
		     "priority, user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls, parent, pid, "
		     "traced_by FROM processes WHERE snap_id = ? ORDER BY slot",
	[QS_PREV_PROCS] = "SELECT slot, endpoint, user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls "
			  "FROM processes WHERE snap_id = ? ORDER BY slot",
	[QS_LOSSES] = "SELECT loss_id, first_seq, count FROM losses WHERE loss_id > ? AND boot_id = ? ORDER BY loss_id",
	[QS_TSTATUS] = "SELECT overwritten, filtered FROM trace_status WHERE snap_id = ?",
	/* The aggregates are summed over the window's buckets in C, by the SQL
	 * functions of "summing the window" below. */
	[QS_IPC] = "SELECT mxtop_sum_ipc(src, dst, type, count, lat_n, lat_sum, lat_max) FROM ipc_agg "
		   "WHERE boot_id = ? AND bucket BETWEEN ? AND ?",
	[QS_HIST] = "SELECT bin, count FROM ipc_lat_hist WHERE boot_id = ? AND src = ? AND dst = ? AND type = ?",
	[QS_HIST_W] = "SELECT bin, count FROM ipc_lat_hist_period WHERE boot_id = ? AND src = ? AND dst = ? "
		      "AND type = ? AND period BETWEEN ? AND ?",
	[QS_KCALL] = "SELECT mxtop_sum_kcall(caller, call, count, errors, dur_sum, dur_max) FROM kcall_agg "
		     "WHERE boot_id = ? AND bucket BETWEEN ? AND ?",
	[QS_PROCAGG] = "SELECT ep, run_ticks, sent, received, kcalls FROM proc_agg "
		       "WHERE boot_id = ? AND bucket BETWEEN ? AND ?",
	[QS_LOCKS] = "SELECT server, lock_id, name, kind, mode, owner_tid, holders, since_tsc FROM locks WHERE snap_id = ?",
	[QS_THREADS] = "SELECT server, tid, name, state, client, req, lock_wait, lock_mode, ipc_wait, since_tsc "
		       "FROM threads WHERE snap_id = ?",
	[QS_EVENTS] = "SELECT id, tsc, kind, flags, src, dst, type, arg FROM events "
		      "WHERE id BETWEEN ? AND ? AND kind BETWEEN 1 AND 7 AND (src = ? OR dst = ?) "
		      "ORDER BY id DESC LIMIT ?",
	[QS_EVENTS_MAX] = "SELECT max(id) FROM events WHERE id BETWEEN ? AND ?",
	/* Optional: kernel counters, in databases written since the table was added. */
	[QS_KINFO] = "SELECT mem_total_frames, mem_free_frames FROM kinfo WHERE snap_id = ?",
};

#define MX_FRAME_BYTES 4096           /* i386 page frames */

typedef struct loss_ent {
	long long first_seq, count;
} loss_ent;

/* Counters of the previous snapshot, by slot. */
typedef struct prev_ent {
	mx_endpoint_t ep;
	int valid;
	long long user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls;
} prev_ent;

struct query {
	sqlite3 *db;
	sqlite3_stmt *st[QS_MAX];
	long long bucket_ticks;       /* 0 until known */
	int has_kinfo;                /* the optional kinfo table exists */
	int has_hist_w;               /* ipc_lat_hist_period exists (files of older builds lack it) */
	boot_info boot;
	long long newest_boot;
	snap_ent *tl;
	int ntl, cap_tl;
	loss_ent *loss;
	int nloss, cap_loss;
	long long last_loss_id;
	double stuck_s, window_s;
	prev_ent prev[FRAME_SLOTS];
	frame scratch;
	/* Row index by key while summing aggregates (open addressing, index + 1). */
	int *hash;
	size_t hash_cap;
	/* The frame the summing functions add to (NULL outside read_ipc and read_kcalls). */
	frame *summing;
	double sum_total;             /* messages, or kernel-call time, of the window */
	/* Wait-for graphs by snapshot: those of the frame shown (see graphs_keep). */
	struct mxt_wg *wg[2];
	long long wg_snap[2];
};

/* ---- small helpers ----------------------------------------------------- */

static int add_sum_functions(query *q);

/*
 * Column readers for the statements that read a few thousand rows a frame:
 * one sqlite3_column_*() call per value (each such call costs about as
 * much as decoding the value) and no printf.
 */
static long long col_ll(sqlite3_stmt *st, int i, long long null)
{
	sqlite3_value *v = sqlite3_column_value(st, i);
	return sqlite3_value_type(v) == SQLITE_NULL ? null : sqlite3_value_int64(v);
}

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	size_t n = t ? strnlen(t, len - 1) : 0;
	memcpy(dst, t ? t : "", n);
	dst[n] = 0;
}

static void db_error(query *q, const char *what, char *err, size_t errlen)
{
	int rc = sqlite3_errcode(q->db);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		snprintf(err, errlen, "database is locked by another process (%s)", what);
	else
		snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(q->db));
}

/* The prepared statement i, reset and ready to bind; NULL with err set. */
static sqlite3_stmt *stmt(query *q, int i, char *err, size_t errlen)
{
	if (!q->st[i] && sqlite3_prepare_v3(q->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &q->st[i], NULL) != SQLITE_OK) {
		db_error(q, "reading the database", err, errlen);
		return NULL;
	}
	sqlite3_reset(q->st[i]);
	sqlite3_clear_bindings(q->st[i]);
	return q->st[i];
}

/* Step to the next row: 1 row, 0 done, -1 error (err set). */
static int step(query *q, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_error(q, "reading the database", err, errlen);
	sqlite3_reset(st);
	return -1;
}

static void *grow(void *p, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return p;
	int n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *np = realloc(p, (size_t)n * size);
	if (!np) {
		fprintf(stderr, "mxtop: out of memory\n");
		exit(1);
	}
	*cap = n;
	return np;
}

long long hist_percentile(const long long *bins, int nbins, double pct)
{
	long long total = 0, cum = 0;
	for (int b = 0; b < nbins; b++)
		total += bins[b] > 0 ? bins[b] : 0;
	if (total == 0)
		return -1;
	for (int b = 0; b < nbins; b++) {
		cum += bins[b] > 0 ? bins[b] : 0;
		if (cum * 100.0 >= total * pct)
			return b >= 62 ? LLONG_MAX : 1LL << (b + 1);
	}
	return -1;
}

int query_frame_sql(int i, const char **sql)
{
	if (i < 0 || i >= QS_FRAME_END)
		return 0;
	*sql = stmt_sql[i];
	return 1;
}

/* ---- opening ------------------------------------------------------------ */

/*
 * A writer holding an exclusive lock (a rollback-journal database in the
 * middle of a commit) makes every read fail with SQLITE_BUSY; say so
 * instead of letting that look like a damaged file.
 */
static int check_locked(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int locked = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 1500);
		int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
		locked = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
	}
	sqlite3_close(db);
	if (locked)
		snprintf(err, errlen, "%s: database is locked by another process (a writer holds an exclusive lock); "
			 "try again when it has finished", path);
	return locked ? -1 : 0;
}

query *query_open(const char *path, char *err, size_t errlen)
{
	if (access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database", path);
		return NULL;
	}
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	if (check_locked(path, err, errlen))
		return NULL;
	sqlite3 *db = mxt_db_open(path, MXT_DB_READONLY, err, errlen);
	if (!db)
		return NULL;
	/* A writer holding the file (rollback journal) makes a frame wait this long, then skip. */
	sqlite3_busy_timeout(db, 300);
	query *q = calloc(1, sizeof(*q));
	if (!q) {
		mxt_db_close(db);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	q->db = db;
	q->stuck_s = 5.0;
	q->boot.id = -1;
	q->wg_snap[0] = q->wg_snap[1] = -1;
	frame_init(&q->scratch);
	/* Every table a frame reads must exist: a clear message now, not a failing screen. */
	static const char *const needed[] = { "snapshots", "processes", "losses", "ipc_agg", "ipc_lat_hist",
					      "kcall_agg", "proc_agg", "trace_status", "locks", "threads", "events" };
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!mxt_db_has(db, needed[i])) {
			snprintf(err, errlen, "%s: not a complete MX run database (no '%s' table)", path, needed[i]);
			query_close(q);
			return NULL;
		}
	q->has_kinfo = mxt_db_has(db, "kinfo");
	q->has_hist_w = mxt_db_has(db, "ipc_lat_hist_period");
	if (add_sum_functions(q) < 0) {
		db_error(q, "opening the database", err, errlen);
		query_close(q);
		return NULL;
	}
	return q;
}

void query_close(query *q)
{
	if (!q)
		return;
	for (int i = 0; i < QS_MAX; i++)
		sqlite3_finalize(q->st[i]);
	frame_free(&q->scratch);
	for (int i = 0; i < 2; i++)
		mxt_wg_free(q->wg[i]);
	free(q->hash);
	free(q->tl);
	free(q->loss);
	mxt_db_close(q->db);
	free(q);
}

sqlite3 *query_db(query *q) { return q->db; }
void query_set_stuck(query *q, double s) { q->stuck_s = s; }
void query_set_window(query *q, double s) { q->window_s = s; }
long long query_newest_boot(query *q) { return q->newest_boot; }
const boot_info *query_boot(const query *q) { return &q->boot; }
long long query_bucket_ticks(const query *q) { return q->bucket_ticks; }
int query_nsnaps(const query *q) { return q->ntl; }

const snap_ent *query_snap(const query *q, int i)
{
	return i >= 0 && i < q->ntl ? &q->tl[i] : NULL;
}

int query_find_snap(const query *q, long long id)
{
	int lo = 0, hi = q->ntl - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (q->tl[mid].id == id)
			return mid;
		if (q->tl[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int query_snap_at(const query *q, long long tsc)
{
	/* Snapshots of one boot are taken in TSC order: binary search. */
	int lo = 0, hi = q->ntl - 1, best = 0;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (q->tl[mid].tsc <= tsc) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	return best;
}

/* ---- the boot, its time line and its losses ------------------------------ */

static int read_meta_bucket(query *q, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_META, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, "bucket_ticks", -1, SQLITE_STATIC);
	int r = step(q, st, err, errlen);
	if (r < 0)
		return -1;
	if (r > 0) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		long long bt = v ? strtoll((const char *)v, NULL, 10) : 0;
		if (bt > 0)
			q->bucket_ticks = bt;
	}
	sqlite3_reset(st);
	return 0;
}

static int read_newest_boot(query *q, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_MAXBOOT, err, errlen);
	if (!st)
		return -1;
	int r = step(q, st, err, errlen);
	if (r < 0)
		return -1;
	q->newest_boot = r ? col_ll(st, 0, -1) : -1;
	sqlite3_reset(st);
	return 0;
}

static int read_boot(query *q, long long id, boot_info *b, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_BOOT, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int r = step(q, st, err, errlen);
	if (r <= 0) {
		if (r == 0)
			snprintf(err, errlen, "no boot %lld in this database", id);
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->id = sqlite3_column_int64(st, 0);
	b->tsc_hz = (double)col_ll(st, 1, 0);
	b->hz = (int)col_ll(st, 2, 0);
	b->ended = sqlite3_column_int(st, 3);
	col_text(st, 4, b->source, sizeof(b->source));
	col_text(st, 5, b->release, sizeof(b->release));
	col_text(st, 6, b->started_at, sizeof(b->started_at));
	col_text(st, 7, b->end_reason, sizeof(b->end_reason));
	sqlite3_reset(st);
	return 0;
}

/* Append the boot's snapshots after the last one known. */
static int read_timeline(query *q, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_TIMELINE, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, q->ntl ? q->tl[q->ntl - 1].id : -1);
	sqlite3_bind_int64(st, 2, q->boot.id);
	int r, added = 0;
	while ((r = step(q, st, err, errlen)) > 0) {
		q->tl = grow(q->tl, &q->cap_tl, q->ntl + 1, sizeof(*q->tl));
		snap_ent *e = &q->tl[q->ntl++];
		e->id = sqlite3_column_int64(st, 0);
		e->tsc = col_ll(st, 1, -1);
		e->host_ns = col_ll(st, 2, -1);
		e->full = sqlite3_column_int(st, 3);
		added++;
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : added;
}

static int read_losses(query *q, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_LOSSES, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, q->last_loss_id);
	sqlite3_bind_int64(st, 2, q->boot.id);
	int r;
	while ((r = step(q, st, err, errlen)) > 0) {
		q->loss = grow(q->loss, &q->cap_loss, q->nloss + 1, sizeof(*q->loss));
		q->last_loss_id = sqlite3_column_int64(st, 0);
		q->loss[q->nloss].first_seq = sqlite3_column_int64(st, 1);
		q->loss[q->nloss].count = sqlite3_column_int64(st, 2);
		q->nloss++;
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

/* Run fn inside one read transaction. */
static int in_read_txn(query *q, int (*fn)(query *, void *, char *, size_t), void *arg, char *err, size_t errlen)
{
	if (sqlite3_exec(q->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(q, "starting a read", err, errlen);
		return -1;
	}
	int r = fn(q, arg, err, errlen);
	sqlite3_exec(q->db, r < 0 ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	return r;
}

static int update_fn(query *q, void *arg, char *err, size_t errlen)
{
	(void)arg;
	if (read_newest_boot(q, err, errlen) < 0)
		return -1;
	if (!q->bucket_ticks && read_meta_bucket(q, err, errlen) < 0)
		return -1;
	boot_info b;
	if (read_boot(q, q->boot.id, &b, err, errlen) < 0)
		return -1;
	q->boot = b;
	int added = read_timeline(q, err, errlen);
	if (added < 0 || read_losses(q, err, errlen) < 0)
		return -1;
	return added;
}

int query_update(query *q, char *err, size_t errlen)
{
	if (q->boot.id < 0) {
		snprintf(err, errlen, "no boot selected");
		return -1;
	}
	return in_read_txn(q, update_fn, NULL, err, errlen);
}

static int select_fn(query *q, void *arg, char *err, size_t errlen)
{
	long long want = *(long long *)arg;
	if (read_newest_boot(q, err, errlen) < 0)
		return -1;
	if (want <= 0) {
		if (q->newest_boot < 0) {
			snprintf(err, errlen, "no boot recorded in this database yet");
			return -1;
		}
		want = q->newest_boot;
	}
	boot_info b;
	if (read_boot(q, want, &b, err, errlen) < 0)
		return -1;
	q->boot = b;
	q->ntl = 0;
	q->nloss = 0;
	q->last_loss_id = -1;
	if (read_meta_bucket(q, err, errlen) < 0 || read_timeline(q, err, errlen) < 0 || read_losses(q, err, errlen) < 0)
		return -1;
	return 0;
}

int query_select_boot(query *q, long long boot, char *err, size_t errlen)
{
	return in_read_txn(q, select_fn, &boot, err, errlen);
}

/* ---- one frame ------------------------------------------------------------ */

static int read_snap(query *q, long long id, snap_info *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_SNAP, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int r = step(q, st, err, errlen);
	if (r <= 0) {
		if (r == 0)
			snprintf(err, errlen, "snapshot %lld vanished from the database", id);
		return -1;
	}
	s->id = sqlite3_column_int64(st, 0);
	s->full = sqlite3_column_int(st, 1);
	s->tsc = col_ll(st, 2, -1);
	s->host_ns = col_ll(st, 3, -1);
	s->uptime_ticks = col_ll(st, 4, -1);
	s->trace_head = col_ll(st, 5, -1);
	col_text(st, 6, s->taken_at, sizeof(s->taken_at));
	sqlite3_reset(st);
	return 0;
}

static int is_waiting_state(const char *s)
{
	return !strcmp(s, "SEND") || !strcmp(s, "RECV") || !strcmp(s, "REPLY-WAIT");
}

static int read_procs(query *q, frame *f, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, QS_PROCS, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->cur.id);
	int r;
	f->nprocs = 0;
	while ((r = step(q, st, err, errlen)) > 0) {
		f->procs = grow(f->procs, &f->cap_procs, f->nprocs + 1, sizeof(*f->procs));
		proc_row *p = &f->procs[f->nprocs];
		memset(p, 0, sizeof(*p));
		p->slot = sqlite3_column_int(st, 0);
		p->ep = sqlite3_column_int(st, 1);
		col_text(st, 2, p->name, sizeof(p->name));
		col_text(st, 3, p->state, sizeof(p->state));
		p->peer = (mx_endpoint_t)col_ll(st, 4, MX_NONE);
		p->rts = (uint32_t)sqlite3_column_int64(st, 5);
		p->misc = (uint32_t)sqlite3_column_int64(st, 6);
		if (!p->state[0])
			snprintf(p->state, sizeof(p->state), "%s", mxt_proc_state(p->rts, p->misc));
		p->blocked_tsc = col_ll(st, 7, -1);
		p->pending_type = (int)col_ll(st, 8, 0);
		p->priority = (int)col_ll(st, 9, -1);
		p->user_ticks = col_ll(st, 10, -1);
		p->sys_ticks = col_ll(st, 11, -1);
		p->cycles = col_ll(st, 12, -1);
		p->sent = col_ll(st, 13, -1);
		p->received = col_ll(st, 14, -1);
		p->notifies = col_ll(st, 15, -1);
		p->kcalls = col_ll(st, 16, -1);
		p->parent = (mx_endpoint_t)col_ll(st, 17, MX_NONE);
		p->pid = (int)col_ll(st, 18, 0);
		p->tracer = (mx_endpoint_t)col_ll(st, 19, MX_NONE);
		p->cpu = p->sent_ps = p->recv_ps = p->notify_ps = p->kcall_ps = Q_UNKNOWN;
		p->user_s = p->sys_s = p->blocked_s = Q_UNKNOWN;
		if (p->slot >= 0 && p->slot < FRAME_SLOTS)
			f->by_slot[p->slot] = (short)f->nprocs;
		f->nprocs++;
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

static double delta_rate(long long now, long long before, int have_before, double dt)
{
	if (now < 0 || dt <= 0)
		return Q_UNKNOWN;
	long long d = have_before ? (before < 0 ? -1 : now - before) : now;
	return d < 0 ? Q_UNKNOWN : (double)d / dt;
}

/* Rates from the counters of the previous snapshot. */
static int rates_from_prev(query *q, frame *f, char *err, size_t errlen)
{
	for (int i = 0; i < FRAME_SLOTS; i++)
		q->prev[i].valid = 0;
	sqlite3_stmt *st = stmt(q, QS_PREV_PROCS, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->prev.id);
	int r;
	while ((r = step(q, st, err, errlen)) > 0) {
		int slot = sqlite3_column_int(st, 0);
		if (slot < 0 || slot >= FRAME_SLOTS)
			continue;
		prev_ent *e = &q->prev[slot];
		e->valid = 1;
		e->ep = sqlite3_column_int(st, 1);
		e->user_ticks = col_ll(st, 2, -1);
		e->sys_ticks = col_ll(st, 3, -1);
		e->cycles = col_ll(st, 4, -1);
		e->sent = col_ll(st, 5, -1);
		e->received = col_ll(st, 6, -1);
		e->notifies = col_ll(st, 7, -1);
		e->kcalls = col_ll(st, 8, -1);
	}
	sqlite3_reset(st);
	if (r < 0)
		return -1;

	long long dtsc = (f->cur.tsc >= 0 && f->prev.tsc >= 0) ? f->cur.tsc - f->prev.tsc : -1;
	long long dup = (f->cur.uptime_ticks >= 0 && f->prev.uptime_ticks >= 0) ? f->cur.uptime_ticks - f->prev.uptime_ticks : -1;
	double user = 0, sys = 0;
	int any_cpu = 0;
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		prev_ent *e = p->slot >= 0 && p->slot < FRAME_SLOTS ? &q->prev[p->slot] : NULL;
		int have = e && e->valid && e->ep == p->ep;
		if (!have)
			p->flags |= ROW_NEW;
		p->sent_ps = delta_rate(p->sent, have ? e->sent : 0, 1, f->dt);
		p->recv_ps = delta_rate(p->received, have ? e->received : 0, 1, f->dt);
		p->notify_ps = delta_rate(p->notifies, have ? e->notifies : 0, 1, f->dt);
		p->kcall_ps = delta_rate(p->kcalls, have ? e->kcalls : 0, 1, f->dt);
		long long du = p->user_ticks >= 0 ? p->user_ticks - (have ? e->user_ticks : 0) : -1;
		long long ds = p->sys_ticks >= 0 ? p->sys_ticks - (have ? e->sys_ticks : 0) : -1;
		if (have && (e->user_ticks < 0 || e->sys_ticks < 0))
			du = ds = -1;
		if (p->cycles >= 0 && dtsc > 0 && (!have || e->cycles >= 0))
			p->cpu = (double)(p->cycles - (have ? e->cycles : 0)) * 100.0 / (double)dtsc;
		else if (du >= 0 && ds >= 0 && dup > 0)
			p->cpu = (double)(du + ds) * 100.0 / (double)dup;
		if (p->cpu < 0)
			p->cpu = Q_UNKNOWN;
		if (p->cpu >= 0 && p->slot != MX_IDLE) {
			any_cpu = 1;
			double ushare;
			if (du >= 0 && ds >= 0 && du + ds > 0)
				ushare = (double)du / (double)(du + ds);
			else
				ushare = p->slot < MX_NR_TASKS ? 0 : 1;
			user += p->cpu * ushare;
			sys += p->cpu * (1 - ushare);
		}
	}
	if (any_cpu) {
		f->cpu_user = user;
		f->cpu_sys = sys;
	}
	f->rates = RATES_SNAPSHOTS;
	return 0;
}

/* Rates from proc_agg over the aggregate window (a single snapshot). */
static int rates_from_agg(query *q, frame *f, char *err, size_t errlen)
{
	if (f->bucket_hi < f->bucket_lo || f->window_s <= 0)
		return 0;
	sqlite3_stmt *st = stmt(q, QS_PROCAGG, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->boot.id);
	sqlite3_bind_int64(st, 2, f->bucket_lo);
	sqlite3_bind_int64(st, 3, f->bucket_hi);
	double wticks = f->window_s * f->tsc_hz, busy = 0;
	int r;
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		p->cpu = p->sent_ps = p->recv_ps = p->kcall_ps = 0;
	}
	double *run = calloc((size_t)f->nprocs + 1, sizeof(double));
	if (!run) {
		fprintf(stderr, "mxtop: out of memory\n");
		exit(1);
	}
	while ((r = step(q, st, err, errlen)) > 0) {
		const proc_row *cp = frame_proc(f, sqlite3_column_int(st, 0));
		if (!cp)
			continue;
		proc_row *p = &f->procs[cp - f->procs];
		run[cp - f->procs] += sqlite3_column_double(st, 1);
		p->sent_ps += sqlite3_column_double(st, 2) / f->window_s;
		p->recv_ps += sqlite3_column_double(st, 3) / f->window_s;
		p->kcall_ps += sqlite3_column_double(st, 4) / f->window_s;
	}
	sqlite3_reset(st);
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		p->cpu = wticks > 0 ? run[i] * 100.0 / wticks : Q_UNKNOWN;
		if (p->cpu > 0 && p->slot != MX_IDLE)
			busy += p->cpu;
	}
	free(run);
	if (r < 0)
		return -1;
	f->cpu_user = busy;
	f->cpu_sys = 0;
	f->rates = RATES_AGGREGATES;
	return 0;
}

static void derive_procs(query *q, frame *f)
{
	f->ipc_rate = f->kcall_rate = 0;
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		if (f->boot.hz > 0) {
			if (p->user_ticks >= 0)
				p->user_s = (double)p->user_ticks / f->boot.hz;
			if (p->sys_ticks >= 0)
				p->sys_s = (double)p->sys_ticks / f->boot.hz;
		}
		int waiting = is_waiting_state(p->state);
		if (p->blocked_tsc >= 0 && f->cur.tsc >= p->blocked_tsc && f->tsc_hz > 0)
			p->blocked_s = (double)(f->cur.tsc - p->blocked_tsc) / f->tsc_hz;
		if (!strcmp(p->state, "RUN") || !strcmp(p->state, "READY"))
			f->nrunning++;
		/* Waiting for one particular process (not idle in RECV from ANY). */
		if ((waiting && p->peer != MX_ANY && p->peer != MX_NONE) || !strcmp(p->state, "PAGEFAULT")) {
			p->flags |= ROW_BLOCKED;
			f->nblocked++;
		} else if (waiting)
			f->nidle++;
		if ((p->flags & ROW_BLOCKED) && p->blocked_s > q->stuck_s) {
			p->flags |= ROW_STUCK;
			f->nstuck++;
		}
		if (p->sent_ps > 0)
			f->ipc_rate += p->sent_ps;
		if (p->kcall_ps > 0)
			f->kcall_rate += p->kcall_ps;
	}
}

/* ---- aggregates summed by key ------------------------------------------- */

static uint64_t key_hash(uint32_t a, uint32_t b, uint32_t c)
{
	uint64_t h = ((uint64_t)a * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)b * 0xc2b2ae3d27d4eb4fULL) ^
		     ((uint64_t)c * 0x165667b19e3779f9ULL);
	return h ^ (h >> 29);
}

/* An empty hash for about n rows. */
static void hash_reset(query *q, size_t n)
{
	size_t cap = 1024;
	while (cap < n * 2)
		cap *= 2;
	if (cap > q->hash_cap) {
		free(q->hash);
		q->hash = malloc(cap * sizeof(int));
		if (!q->hash) {
			fprintf(stderr, "mxtop: out of memory\n");
			exit(1);
		}
		q->hash_cap = cap;
	}
	memset(q->hash, 0, q->hash_cap * sizeof(int));
}

/* The pair row for (src, dst, type), added if new. */
static pair_row *pair_get(query *q, frame *f, int src, int dst, int type)
{
	if ((size_t)(f->npairs + 1) * 2 > q->hash_cap) {
		hash_reset(q, (size_t)f->npairs * 2 + 1);
		for (int i = 0; i < f->npairs; i++) {
			size_t h = key_hash((uint32_t)f->pairs[i].src, (uint32_t)f->pairs[i].dst, (uint32_t)f->pairs[i].type) &
				   (q->hash_cap - 1);
			while (q->hash[h])
				h = (h + 1) & (q->hash_cap - 1);
			q->hash[h] = i + 1;
		}
	}
	size_t h = key_hash((uint32_t)src, (uint32_t)dst, (uint32_t)type) & (q->hash_cap - 1);
	for (; q->hash[h]; h = (h + 1) & (q->hash_cap - 1)) {
		pair_row *p = &f->pairs[q->hash[h] - 1];
		if (p->src == src && p->dst == dst && p->type == type)
			return p;
	}
	f->pairs = grow(f->pairs, &f->cap_pairs, f->npairs + 1, sizeof(*f->pairs));
	pair_row *p = &f->pairs[f->npairs];
	memset(p, 0, sizeof(*p));
	p->src = src;
	p->dst = dst;
	p->type = type;
	p->lat_max = -1;
	q->hash[h] = ++f->npairs;
	return p;
}

static kcall_row *kcall_get(query *q, frame *f, int caller, int call)
{
	if ((size_t)(f->nkcalls + 1) * 2 > q->hash_cap) {
		hash_reset(q, (size_t)f->nkcalls * 2 + 1);
		for (int i = 0; i < f->nkcalls; i++) {
			size_t h = key_hash((uint32_t)f->kcalls[i].caller, (uint32_t)f->kcalls[i].call, 0) & (q->hash_cap - 1);
			while (q->hash[h])
				h = (h + 1) & (q->hash_cap - 1);
			q->hash[h] = i + 1;
		}
	}
	size_t h = key_hash((uint32_t)caller, (uint32_t)call, 0) & (q->hash_cap - 1);
	for (; q->hash[h]; h = (h + 1) & (q->hash_cap - 1)) {
		kcall_row *k = &f->kcalls[q->hash[h] - 1];
		if (k->caller == caller && k->call == call)
			return k;
	}
	f->kcalls = grow(f->kcalls, &f->cap_kcalls, f->nkcalls + 1, sizeof(*f->kcalls));
	kcall_row *k = &f->kcalls[f->nkcalls];
	memset(k, 0, sizeof(*k));
	k->caller = caller;
	k->call = call;
	q->hash[h] = ++f->nkcalls;
	return k;
}

/*
 * Summing the window: the statements QS_IPC and QS_KCALL call an aggregate
 * SQL function on each row of the window, whose step adds the row to the
 * frame's row for its key (a hash, pair_get and kcall_get); the statement
 * itself returns one row, ignored.  The rows' values come to the step as
 * arguments: reading the 27,000 rows of seven columns of the benchmark's
 * window through sqlite3_column_*() instead cost more than the sums (an
 * API call and the connection's checks per value: 1.5 ms of a 12 ms
 * frame).  SQLite's GROUP BY would sort the rows in a temporary b-tree
 * first, which costs more again.  q->summing is the frame to add to, set
 * only while the statement runs.
 */
static void sum_ipc_step(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	query *q = sqlite3_user_data(ctx);
	frame *f = q->summing;
	if (!f)
		return;
	pair_row *p = pair_get(q, f, sqlite3_value_int(v[0]), sqlite3_value_int(v[1]), sqlite3_value_int(v[2]));
	long long n = sqlite3_value_int64(v[3]), lat_n = sqlite3_value_int64(v[4]);
	p->count += n;
	q->sum_total += (double)n;
	if (lat_n > 0) {
		p->lat_n += lat_n;
		p->lat_mean += (double)sqlite3_value_int64(v[5]);        /* the sum until the end */
		long long mx = sqlite3_value_int64(v[6]);
		if (mx > p->lat_max)
			p->lat_max = mx;
	}
}

static void sum_kcall_step(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	query *q = sqlite3_user_data(ctx);
	frame *f = q->summing;
	if (!f)
		return;
	kcall_row *k = kcall_get(q, f, sqlite3_value_int(v[0]), sqlite3_value_int(v[1]));
	k->count += sqlite3_value_int64(v[2]);
	k->errors += sqlite3_value_int64(v[3]);
	double dur = sqlite3_value_double(v[4]);
	k->share += dur;                      /* the duration sum until the end */
	q->sum_total += dur;
	long long mx = sqlite3_value_int64(v[5]);
	if (mx > k->dur_max)
		k->dur_max = mx;
}

static void sum_final(sqlite3_context *ctx)
{
	sqlite3_result_null(ctx);
}

static int add_sum_functions(query *q)
{
	/* Direct only: a function with side effects is not for views or triggers of the file. */
	int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
	if (sqlite3_create_function(q->db, "mxtop_sum_ipc", 7, flags, q, NULL, sum_ipc_step, sum_final) != SQLITE_OK ||
	    sqlite3_create_function(q->db, "mxtop_sum_kcall", 6, flags, q, NULL, sum_kcall_step, sum_final) != SQLITE_OK)
		return -1;
	return 0;
}

/* Run summing statement which (QS_IPC, QS_KCALL) over f's window into f; its total in q->sum_total.  -1 with err. */
static int sum_window(query *q, int which, frame *f, char *err, size_t errlen)
{
	sqlite3_stmt *st = stmt(q, which, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->boot.id);
	sqlite3_bind_int64(st, 2, f->bucket_lo);
	sqlite3_bind_int64(st, 3, f->bucket_hi);
	hash_reset(q, 1024);
	q->summing = f;
	q->sum_total = 0;
	int r = step(q, st, err, errlen);
	q->summing = NULL;
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

static int read_ipc(query *q, frame *f, char *err, size_t errlen)
{
	f->npairs = 0;
	if (f->bucket_hi < f->bucket_lo)
		return 0;
	if (sum_window(q, QS_IPC, f, err, errlen) < 0)
		return -1;
	double total = q->sum_total;
	for (int i = 0; i < f->npairs; i++) {
		pair_row *p = &f->pairs[i];
		p->lat_mean = p->lat_n > 0 ? p->lat_mean / (double)p->lat_n : Q_UNKNOWN;
		p->rate = f->window_s > 0 ? (double)p->count / f->window_s : Q_UNKNOWN;
		p->share = total > 0 ? (double)p->count * 100.0 / total : 0;
		p->p99 = p->lat_n > 0 ? P99_PENDING : -1;
	}
	return 0;
}

/* Add a histogram statement's rows (bin, count) to bins; 1 if it had any, -1 with err. */
static int sum_bins(query *q, sqlite3_stmt *st, long long *bins, int nbins, char *err, size_t errlen)
{
	int r, any = 0;
	while ((r = step(q, st, err, errlen)) > 0) {
		int b = sqlite3_column_int(st, 0);
		if (b >= 0 && b < nbins)
			bins[b] += sqlite3_column_int64(st, 1);
		any = 1;
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : any;
}

int query_pair_p99(query *q, const frame *f, pair_row *p, char *err, size_t errlen)
{
	if (p->p99 != P99_PENDING)
		return 0;
	long long bins[64] = { 0 };
	int got = 0;
	for (int whole = !q->has_hist_w; whole < 2 && !got; whole++) {
		/* The window's periods (rounded out); the whole run only for a file without them (an older build's). */
		sqlite3_stmt *st = stmt(q, whole ? QS_HIST : QS_HIST_W, err, errlen);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, f->boot.id);
		sqlite3_bind_int(st, 2, p->src);
		sqlite3_bind_int(st, 3, p->dst);
		sqlite3_bind_int(st, 4, p->type);
		if (!whole) {
			sqlite3_bind_int64(st, 5, f->bucket_lo / MXT_HIST_PERIOD_BUCKETS);
			sqlite3_bind_int64(st, 6, f->bucket_hi / MXT_HIST_PERIOD_BUCKETS);
		}
		if ((got = sum_bins(q, st, bins, 64, err, errlen)) < 0)
			return -1;
	}
	p->p99 = hist_percentile(bins, 64, 99.0);
	return 0;
}

static int read_kcalls(query *q, frame *f, char *err, size_t errlen)
{
	f->nkcalls = 0;
	if (f->bucket_hi < f->bucket_lo)
		return 0;
	if (sum_window(q, QS_KCALL, f, err, errlen) < 0)
		return -1;
	double total = q->sum_total;
	for (int i = 0; i < f->nkcalls; i++) {
		kcall_row *k = &f->kcalls[i];
		k->dur_mean = k->count > 0 ? k->share / (double)k->count : Q_UNKNOWN;
		k->rate = f->window_s > 0 ? (double)k->count / f->window_s : Q_UNKNOWN;
		k->share = total > 0 ? k->share * 100.0 / total : 0;
	}
	return 0;
}

static double since(const frame *f, long long tsc)
{
	if (tsc < 0 || f->full.tsc < tsc || f->tsc_hz <= 0)
		return Q_UNKNOWN;
	return (double)(f->full.tsc - tsc) / f->tsc_hz;
}

static int read_locks(query *q, frame *f, char *err, size_t errlen)
{
	f->nlocks = f->nthreads = 0;
	if (f->full.id < 0)
		return 0;
	sqlite3_stmt *st = stmt(q, QS_THREADS, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->full.id);
	int r;
	while ((r = step(q, st, err, errlen)) > 0) {
		f->threads = grow(f->threads, &f->cap_threads, f->nthreads + 1, sizeof(*f->threads));
		thread_row *t = &f->threads[f->nthreads++];
		memset(t, 0, sizeof(*t));
		t->server = sqlite3_column_int(st, 0);
		t->tid = sqlite3_column_int(st, 1);
		col_text(st, 2, t->name, sizeof(t->name));
		t->state = sqlite3_column_int(st, 3);
		t->client = (mx_endpoint_t)col_ll(st, 4, MX_NONE);
		t->req = (int)col_ll(st, 5, 0);
		t->lock_wait = (int)col_ll(st, 6, -1);
		t->lock_mode = (int)col_ll(st, 7, 0);
		t->ipc_wait = (mx_endpoint_t)col_ll(st, 8, MX_NONE);
		t->since_s = since(f, col_ll(st, 9, -1));
		if (t->state == MX_TS_LOCK_WAIT || t->state == MX_TS_IPC_WAIT) {
			t->flags |= ROW_BLOCKED;
			if (t->since_s > q->stuck_s)
				t->flags |= ROW_STUCK;
		}
	}
	sqlite3_reset(st);
	if (r < 0)
		return -1;
	st = stmt(q, QS_LOCKS, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->full.id);
	while ((r = step(q, st, err, errlen)) > 0) {
		f->locks = grow(f->locks, &f->cap_locks, f->nlocks + 1, sizeof(*f->locks));
		lock_row *l = &f->locks[f->nlocks++];
		memset(l, 0, sizeof(*l));
		l->server = sqlite3_column_int(st, 0);
		l->id = sqlite3_column_int(st, 1);
		col_text(st, 2, l->name, sizeof(l->name));
		l->kind = sqlite3_column_int(st, 3);
		l->mode = sqlite3_column_int(st, 4);
		l->owner = (int)col_ll(st, 5, -1);
		l->holders = (uint32_t)col_ll(st, 6, 0);
		l->held_s = l->mode != MX_LM_NONE ? since(f, col_ll(st, 7, -1)) : Q_UNKNOWN;
		l->wait_s = Q_UNKNOWN;
		for (int i = 0; i < f->nthreads; i++) {
			const thread_row *t = &f->threads[i];
			if (t->server != l->server || t->state != MX_TS_LOCK_WAIT || t->lock_wait != l->id)
				continue;
			if (t->tid >= 0 && t->tid < 32)
				l->waiters |= 1u << t->tid;
			l->nwaiters++;
			if (t->since_s > l->wait_s)
				l->wait_s = t->since_s;
		}
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

static int read_kinfo(query *q, frame *f, char *err, size_t errlen)
{
	f->mem_total = f->mem_free = -1;
	if (!q->has_kinfo)
		return 0;
	sqlite3_stmt *st = stmt(q, QS_KINFO, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->cur.id);
	int r = step(q, st, err, errlen);
	if (r > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		f->mem_total = sqlite3_column_int64(st, 0) * MX_FRAME_BYTES;
		f->mem_free = sqlite3_column_int64(st, 1) * MX_FRAME_BYTES;
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

static int read_trace_status(query *q, frame *f, char *err, size_t errlen)
{
	f->overwritten = f->filtered = -1;
	sqlite3_stmt *st = stmt(q, QS_TSTATUS, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->cur.id);
	int r = step(q, st, err, errlen);
	if (r > 0) {
		f->overwritten = col_ll(st, 0, -1);
		f->filtered = col_ll(st, 1, -1);
	}
	sqlite3_reset(st);
	return r < 0 ? -1 : 0;
}

/* The complete aggregate buckets of the window that ends at the cursor. */
static void set_window(query *q, frame *f)
{
	f->bucket_lo = 0;
	f->bucket_hi = -1;
	f->window_s = 0;
	long long bt = q->bucket_ticks;
	if (bt <= 0 && f->tsc_hz > 0)
		bt = q->bucket_ticks = (long long)(f->tsc_hz / 10);   /* the schema's default */
	if (bt <= 0 || f->tsc_hz <= 0 || f->cur.tsc < 0)
		return;
	double want = q->window_s > 0 ? q->window_s : f->dt > 0 ? f->dt : 1.0;
	long long nb = llround(want * f->tsc_hz / (double)bt);
	if (nb < 1)
		nb = 1;
	f->bucket_hi = f->cur.tsc / bt - 1;
	f->bucket_lo = f->bucket_hi - nb + 1;
	if (f->bucket_lo < 0)
		f->bucket_lo = 0;
	if (f->bucket_hi >= f->bucket_lo)
		f->window_s = (double)(f->bucket_hi - f->bucket_lo + 1) * (double)bt / f->tsc_hz;
}

/* ---- wait-for graphs ------------------------------------------------------ */

typedef struct load_arg {
	int idx;
	unsigned what;
	frame *f;
	struct mxt_wg *g[2];          /* graphs of cur and full (g[1] may be g[0]) */
	int fresh[2];                 /* loaded by this frame, not from the cache */
} load_arg;

/* The graph of snapshot id from the cache or the database; NULL with err. */
static struct mxt_wg *graph_get(query *q, long long id, int *fresh, char *err, size_t errlen)
{
	for (int i = 0; i < 2; i++)
		if (q->wg[i] && q->wg_snap[i] == id) {
			*fresh = 0;
			return q->wg[i];
		}
	*fresh = 1;
	return mxt_wg_load(q->db, id, err, errlen);
}

/*
 * After a frame was read: keep its graphs and free the others, except that
 * a frame with a single graph (it shows a full snapshot) leaves the other
 * place to the graph shown before it.  Stepping back and forth between a
 * full snapshot and the sample before it then reads one graph per frame,
 * as following a live run does, not three per two frames.
 */
static void graphs_keep(query *q, load_arg *a, const frame *f)
{
	struct mxt_wg *keep[2] = { a->g[0], a->g[1] != a->g[0] ? a->g[1] : NULL };
	long long snap[2] = { keep[0] ? f->cur.id : -1, keep[1] ? f->full.id : -1 };
	for (int i = 0; i < 2; i++) {
		struct mxt_wg *g = q->wg[i];
		if (!g || g == keep[0] || g == keep[1])
			continue;
		int place = !keep[0] ? 0 : !keep[1] ? 1 : -1;
		if (place < 0) {
			mxt_wg_free(g);
			continue;
		}
		keep[place] = g;
		snap[place] = q->wg_snap[i];
	}
	for (int i = 0; i < 2; i++) {
		q->wg[i] = keep[i];
		q->wg_snap[i] = snap[i];
	}
}

/* After a failed read: free what this frame loaded. */
static void graphs_drop(load_arg *a)
{
	if (a->fresh[0])
		mxt_wg_free(a->g[0]);
	if (a->fresh[1] && a->g[1] != a->g[0])
		mxt_wg_free(a->g[1]);
	a->g[0] = a->g[1] = NULL;
}

static int node_in_cycle(const struct mxt_wg *g, const char *key)
{
	int n = g ? mxt_wg_node(g, key) : -1;
	return n >= 0 && g->nodes[n].deadlock >= 0;
}

/*
 * What test says of process p's node in the frame's graph, or in that of
 * the latest full snapshot if p has stayed blocked in the same wait since
 * before that snapshot was taken (a sample has no server tables, so its
 * graph lacks lock waits and suspended calls).
 */
static int graphs_say(const frame *f, const proc_row *p, int (*test)(const struct mxt_wg *, const char *))
{
	char key[40];
	snprintf(key, sizeof(key), "p:%d", p->ep);
	if (test(f->wg, key))
		return 1;
	return f->wg_full && f->wg_full != f->wg && p->blocked_tsc >= 0 && f->full.tsc >= 0 &&
	       p->blocked_tsc <= f->full.tsc && test(f->wg_full, key);
}

/* Does the node's wait chain end in a call put aside until an event (the why verdict)? */
static int node_suspended(const struct mxt_wg *g, const char *key)
{
	int n = g ? mxt_wg_node(g, key) : -1;
	struct mxt_why w;
	if (n < 0 || mxt_wg_why(g, n, &w) < 0)
		return 0;
	int suspended = w.verdict == MXT_VERDICT_SUSPENDED;
	mxt_wg_why_free(&w);
	return suspended;
}

/*
 * A call a server has put aside until an event (a pipe read, wait(),
 * pause(), a terminal read) is not stuck however long it waits: a shell
 * waiting for its child or for a line to be typed is not a hang.  Known
 * from full snapshots only (they read the servers' tables): see graphs_say.
 */
static void unmark_suspended(frame *f)
{
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		if ((p->flags & ROW_STUCK) && graphs_say(f, p, node_suspended)) {
			p->flags &= ~ROW_STUCK;
			f->nstuck--;
		}
	}
}

/*
 * Mark the members of wait-for cycles.  A process is in a cycle of the
 * snapshot shown, or of the latest full snapshot if it has stayed blocked
 * in the same wait since before that snapshot was taken.
 */
static void mark_deadlocks(frame *f)
{
	char key[40];
	f->ncycles = f->wg ? f->wg->ndeadlocks : 0;
	if (f->wg_full && f->wg_full != f->wg && f->wg_full->ndeadlocks > f->ncycles)
		f->ncycles = f->wg_full->ndeadlocks;
	for (int i = 0; i < f->nprocs; i++) {
		proc_row *p = &f->procs[i];
		if (graphs_say(f, p, node_in_cycle)) {
			p->flags |= ROW_DEADLOCK;
			f->ndeadlocked++;
		}
	}
	const struct mxt_wg *g = f->wg_full;
	if (!g)
		return;
	for (int i = 0; i < f->nthreads; i++) {
		thread_row *t = &f->threads[i];
		snprintf(key, sizeof(key), "t:%d:%d", t->server, t->tid);
		if (node_in_cycle(g, key))
			t->flags |= ROW_DEADLOCK;
	}
	for (int e = 0; e < g->nedges; e++) {
		const struct mxt_wedge *ed = &g->edges[e];
		if (!ed->in_cycle || ed->reason != MXT_WR_LOCK)
			continue;
		for (int i = 0; i < f->nlocks; i++)
			if (f->locks[i].server == g->nodes[ed->from].ep && f->locks[i].id == ed->detail)
				f->locks[i].flags |= ROW_DEADLOCK;
	}
}

static int load_graphs(query *q, load_arg *a, frame *f)
{
	char err[160] = "";
	f->wg = f->wg_full = NULL;
	f->wg_error[0] = 0;
	a->g[0] = graph_get(q, f->cur.id, &a->fresh[0], err, sizeof(err));
	if (!a->g[0])
		snprintf(f->wg_error, sizeof(f->wg_error), "%s", err);
	if (f->full.id == f->cur.id) {
		a->g[1] = a->g[0];
		a->fresh[1] = 0;
	} else if (f->full.id >= 0) {
		a->g[1] = graph_get(q, f->full.id, &a->fresh[1], err, sizeof(err));
		if (!a->g[1] && !f->wg_error[0])
			snprintf(f->wg_error, sizeof(f->wg_error), "%s", err);
	}
	f->wg = a->g[0];
	f->wg_full = a->g[1];
	/* A busy database is an error of the frame; anything else only loses the graph. */
	int rc = sqlite3_errcode(q->db);
	return (f->wg_error[0] && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)) ? -1 : 0;
}

static int load_fn(query *q, void *arg, char *err, size_t errlen)
{
	load_arg *a = arg;
	frame *f = a->f;
	int idx = a->idx;
	f->boot = q->boot;
	f->index = idx;
	f->nsnaps = q->ntl;
	f->prev.id = f->full.id = -1;
	f->cpu_user = f->cpu_sys = f->trace_rate = Q_UNKNOWN;
	f->nrunning = f->nidle = f->nblocked = f->nstuck = f->ndeadlocked = f->ncycles = 0;
	f->npairs = f->nkcalls = f->nlocks = f->nthreads = 0;
	f->rates = RATES_NONE;
	f->loaded = 0;
	for (int i = 0; i < FRAME_SLOTS; i++)
		f->by_slot[i] = -1;
	if (read_snap(q, q->tl[idx].id, &f->cur, err, errlen) < 0)
		return -1;
	if (idx > 0 && read_snap(q, q->tl[idx - 1].id, &f->prev, err, errlen) < 0)
		return -1;
	for (int j = idx; j >= 0; j--)
		if (q->tl[j].full) {
			if (read_snap(q, q->tl[j].id, &f->full, err, errlen) < 0)
				return -1;
			break;
		}
	/* The guest's clock rate: the boot's, else estimated against host time. */
	f->tsc_hz = f->boot.tsc_hz;
	f->tsc_hz_estimated = 0;
	if (f->tsc_hz <= 0 && f->prev.id >= 0 && f->cur.tsc > f->prev.tsc && f->prev.tsc >= 0 &&
	    f->cur.host_ns > f->prev.host_ns && f->prev.host_ns >= 0) {
		f->tsc_hz = (double)(f->cur.tsc - f->prev.tsc) * 1e9 / (double)(f->cur.host_ns - f->prev.host_ns);
		f->tsc_hz_estimated = 1;
	}
	f->dt = 0;
	if (f->prev.id >= 0) {
		if (f->tsc_hz > 0 && f->cur.tsc >= 0 && f->prev.tsc >= 0)
			f->dt = (double)(f->cur.tsc - f->prev.tsc) / f->tsc_hz;
		else if (f->cur.host_ns >= 0 && f->prev.host_ns >= 0)
			f->dt = (double)(f->cur.host_ns - f->prev.host_ns) / 1e9;
	}
	if (f->cur.uptime_ticks >= 0 && f->boot.hz > 0)
		f->uptime_s = (double)f->cur.uptime_ticks / f->boot.hz;
	else if (f->cur.tsc >= 0 && f->tsc_hz > 0)
		f->uptime_s = (double)f->cur.tsc / f->tsc_hz;
	else
		f->uptime_s = Q_UNKNOWN;
	set_window(q, f);

	if (read_procs(q, f, err, errlen) < 0)
		return -1;
	if (f->prev.id >= 0 && f->dt > 0) {
		if (rates_from_prev(q, f, err, errlen) < 0)
			return -1;
	} else if (rates_from_agg(q, f, err, errlen) < 0)
		return -1;
	derive_procs(q, f);

	if (f->prev.id >= 0 && f->dt > 0 && f->cur.trace_head >= 0 && f->prev.trace_head >= 0 &&
	    f->cur.trace_head >= f->prev.trace_head)
		f->trace_rate = (double)(f->cur.trace_head - f->prev.trace_head) / f->dt;
	f->lost = 0;
	for (int i = 0; i < q->nloss; i++)
		if (f->cur.trace_head < 0 || q->loss[i].first_seq < f->cur.trace_head)
			f->lost += q->loss[i].count;
	if (read_trace_status(q, f, err, errlen) < 0 || read_kinfo(q, f, err, errlen) < 0)
		return -1;

	if ((a->what & LOAD_IPC) && read_ipc(q, f, err, errlen) < 0)
		return -1;
	if ((a->what & LOAD_KCALLS) && read_kcalls(q, f, err, errlen) < 0)
		return -1;
	if ((a->what & LOAD_LOCKS) && read_locks(q, f, err, errlen) < 0)
		return -1;
	if (load_graphs(q, a, f) < 0) {
		snprintf(err, errlen, "database is locked by another process (%s)", f->wg_error);
		return -1;
	}
	mark_deadlocks(f);
	unmark_suspended(f);
	f->loaded = a->what & LOAD_ALL;
	return 0;
}

int frame_load(query *q, int idx, unsigned what, frame *f, char *err, size_t errlen)
{
	if (idx < 0 || idx >= q->ntl) {
		if (q->ntl)
			snprintf(err, errlen, "no snapshot at position %d", idx);
		else
			snprintf(err, errlen, "no snapshot in boot %lld yet", q->boot.id);
		return -1;
	}
	load_arg a = { .idx = idx, .what = what, .f = &q->scratch };
	if (in_read_txn(q, load_fn, &a, err, errlen) < 0) {
		graphs_drop(&a);
		return -1;
	}
	graphs_keep(q, &a, &q->scratch);
	frame t = *f;
	*f = q->scratch;
	q->scratch = t;
	return 0;
}

void frame_init(frame *f)
{
	memset(f, 0, sizeof(*f));
	f->cur.id = f->prev.id = f->full.id = -1;
	for (int i = 0; i < FRAME_SLOTS; i++)
		f->by_slot[i] = -1;
}

void frame_free(frame *f)
{
	free(f->procs);
	free(f->pairs);
	free(f->kcalls);
	free(f->locks);
	free(f->threads);
	frame_init(f);
}

const proc_row *frame_proc(const frame *f, mx_endpoint_t ep)
{
	if (MX_EP_SPECIAL(ep) || ep < 0)
		return NULL;
	int i = f->by_slot[MX_EP_SLOT(ep)];
	return i >= 0 && i < f->nprocs && f->procs[i].ep == ep ? &f->procs[i] : NULL;
}

const char *frame_ep_name(const frame *f, mx_endpoint_t ep, char *buf, size_t len)
{
	const proc_row *p = frame_proc(f, ep);
	if (p && p->name[0]) {
		snprintf(buf, len, "%s", p->name);
		return buf;
	}
	const char *s = mxt_ep_str(ep, buf, len);
	if (s != buf)
		snprintf(buf, len, "%s", s);
	return buf;
}

/* ---- recent IPC of one process -------------------------------------------- */

int query_recent_ipc(query *q, const frame *f, mx_endpoint_t ep, ipc_event *out, int max,
		     long long scan_limit, char *err, size_t errlen)
{
	long long base = f->boot.id << 40;
	long long hi;
	if (f->cur.trace_head > 0)
		hi = base | ((f->cur.trace_head - 1) & 0xffffffffffLL);
	else {
		/* No ring head recorded: the boot's newest event. */
		sqlite3_stmt *st = stmt(q, QS_EVENTS_MAX, err, errlen);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, base);
		sqlite3_bind_int64(st, 2, base | 0xffffffffffLL);
		int r = step(q, st, err, errlen);
		if (r < 0)
			return -1;
		hi = r ? col_ll(st, 0, -1) : -1;
		sqlite3_reset(st);
		if (hi < 0)
			return 0;
	}
	int n = 0;
	long long span = 65536, scanned = 0;
	/* Walk back in growing windows until max events or scan_limit records. */
	while (n < max && hi >= base && scanned < scan_limit) {
		if (span > scan_limit - scanned)
			span = scan_limit - scanned;
		long long lo = hi - span + 1 < base ? base : hi - span + 1;
		sqlite3_stmt *st = stmt(q, QS_EVENTS, err, errlen);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, lo);
		sqlite3_bind_int64(st, 2, hi);
		sqlite3_bind_int(st, 3, ep);
		sqlite3_bind_int(st, 4, ep);
		sqlite3_bind_int(st, 5, max - n);
		int r;
		while ((r = step(q, st, err, errlen)) > 0) {
			ipc_event *e = &out[n++];
			e->seq = sqlite3_column_int64(st, 0) & 0xffffffffffLL;
			e->tsc = sqlite3_column_int64(st, 1);
			e->kind = sqlite3_column_int(st, 2);
			e->flags = sqlite3_column_int(st, 3);
			e->src = sqlite3_column_int(st, 4);
			e->dst = sqlite3_column_int(st, 5);
			e->type = sqlite3_column_int(st, 6);
			e->arg = sqlite3_column_int64(st, 7);
		}
		sqlite3_reset(st);
		if (r < 0)
			return -1;
		scanned += hi - lo + 1;
		hi = lo - 1;
		span *= 4;
	}
	return n;
}
