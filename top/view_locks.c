/*
 * The lock view and the thread view: servers' registered tables
 * (vfs.locks, vfs.threads, ...) from the latest full snapshot.
 */
#include <stdio.h>
#include <string.h>
#include <mx/tables.h>
#include "format.h"
#include "view.h"

static uint64_t pack(mx_endpoint_t server, int n)
{
	return (uint64_t)(uint32_t)server << 32 | (uint32_t)n;
}

static const char *lock_kind_name(int kind)
{
	switch (kind) {
#define K(name, num, text) case num: return text;
	MX_LOCK_KINDS(K)
#undef K
	}
	return "?";
}

static const char *lock_mode_name(int mode)
{
	switch (mode) {
#define M(name, num, text) case num: return text;
	MX_LOCK_MODES(M)
#undef M
	}
	return "?";
}

static const char *thread_state_name(int state)
{
	switch (state) {
#define S(name, num, text) case num: return text;
	MX_THREAD_STATES(S)
#undef S
	}
	return "?";
}

/* A thread's name ("worker3"), or "t3" if the thread table lacks it. */
static const char *thread_name(const frame *f, mx_endpoint_t server, int tid, char *buf, size_t len)
{
	for (int i = 0; i < f->nthreads; i++)
		if (f->threads[i].server == server && f->threads[i].tid == tid && f->threads[i].name[0]) {
			snprintf(buf, len, "%s", f->threads[i].name);
			return buf;
		}
	snprintf(buf, len, "t%d", tid);
	return buf;
}

/* The threads of a bit set, by name, comma separated. */
static void thread_set(const frame *f, mx_endpoint_t server, uint32_t set, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (int t = 0; t < 32 && o + 1 < len; t++) {
		if (!(set & (1u << t)))
			continue;
		char n[24];
		int w = snprintf(buf + o, len - o, "%s%s", o ? "," : "", thread_name(f, server, t, n, sizeof(n)));
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	if (!o)
		snprintf(buf, len, "-");
}

/* ---- locks -------------------------------------------------------------- */

#define LOFF(field) ((unsigned short)offsetof(lock_row, field))

static void show_kind(const frame *f, const void *row, char *buf, size_t len)
{
	(void)f;
	snprintf(buf, len, "%s", lock_kind_name(((const lock_row *)row)->kind));
}

static void show_mode(const frame *f, const void *row, char *buf, size_t len)
{
	(void)f;
	snprintf(buf, len, "%s", lock_mode_name(((const lock_row *)row)->mode));
}

static void show_holders(const frame *f, const void *row, char *buf, size_t len)
{
	const lock_row *l = row;
	uint32_t set = l->holders;
	if (l->owner >= 0 && l->owner < 32)
		set |= 1u << l->owner;
	thread_set(f, l->server, set, buf, len);
}

static void show_waiters(const frame *f, const void *row, char *buf, size_t len)
{
	const lock_row *l = row;
	thread_set(f, l->server, l->waiters, buf, len);
}

static int style_waiters(const frame *f, const void *row)
{
	(void)f;
	return ((const lock_row *)row)->nwaiters ? STY_WARN : STY_DIM;
}

enum { LC_SERVER, LC_ID, LC_LOCK, LC_KIND, LC_MODE, LC_HOLDERS, LC_NWAIT, LC_WAITERS, LC_HELD, LC_WAIT, LC_N };

static const column lock_columns[LC_N] = {
	[LC_SERVER] = { "server", "SERVER", "server owning the lock", 8, .text = 1, .kind = CK_EPNAME,
			.off = LOFF(server) },
	[LC_ID] = { "id", "ID", "lock id", 4, .right = 1, .kind = CK_INT, .off = LOFF(id) },
	[LC_LOCK] = { "lock", "LOCK", "what it protects", 16, .find = 1, .text = 1, .kind = CK_STR, .off = LOFF(name) },
	[LC_KIND] = { "kind", "KIND", "vmnt, vnode or filp", 5, .text = 1, .kind = CK_CUSTOM, .show = show_kind },
	[LC_MODE] = { "mode", "MODE", "mode held: R, RS, W, - (free)", 4, .kind = CK_CUSTOM, .show = show_mode },
	[LC_HOLDERS] = { "holders", "HOLDERS", "threads holding it", 16, .text = 1, .kind = CK_CUSTOM,
			 .show = show_holders },
	[LC_NWAIT] = { "nwait", "#W", "threads waiting for it", 3, .right = 1, .desc = 1, .kind = CK_INT,
		       .off = LOFF(nwaiters), .style = style_waiters },
	[LC_WAITERS] = { "waiters", "WAITERS", "threads waiting for it", 16, .flex = 1, .text = 1, .kind = CK_CUSTOM,
			 .show = show_waiters, .style = style_waiters },
	[LC_HELD] = { "held", "HELD", "time since the current mode was taken", 7, .right = 1, .desc = 1,
		      .kind = CK_SECS, .off = LOFF(held_s) },
	[LC_WAIT] = { "wait", "WAIT", "longest wait of a waiter", 7, .right = 1, .desc = 1, .kind = CK_SECS,
		      .off = LOFF(wait_s) },
};

static const signed char lock_defaults[] = {
	LC_SERVER, LC_ID, LC_KIND, LC_MODE, LC_HELD, LC_NWAIT, LC_WAIT, LC_LOCK, LC_HOLDERS, LC_WAITERS, -1
};

static const void *lock_rows(const frame *f, int *n, size_t *stride)
{
	*n = f->nlocks;
	*stride = sizeof(lock_row);
	return f->locks;
}

static uint64_t lock_id(const void *row)
{
	const lock_row *l = row;
	return pack(l->server, l->id);
}

static unsigned lock_flags(const void *row)
{
	return ((const lock_row *)row)->flags;
}

static mx_endpoint_t lock_ep(const void *row)
{
	return ((const lock_row *)row)->server;
}

const view_class view_locks = {
	.name = "locks",
	.title = "Locks",
	.about = "servers' locks from the latest full snapshot (holders, waiters, wait time)",
	.columns = lock_columns,
	.ncolumns = LC_N,
	.defaults = lock_defaults,
	.sort = LC_WAIT,
	.load = LOAD_LOCKS,
	.empty = "no locks: no full snapshot yet, or no server registered a lock table",
	.rows = lock_rows,
	.id = lock_id,
	.flags = lock_flags,
	.ep = lock_ep,
};

/* ---- threads ------------------------------------------------------------ */

#define TOFF(field) ((unsigned short)offsetof(thread_row, field))

static void show_tstate(const frame *f, const void *row, char *buf, size_t len)
{
	(void)f;
	snprintf(buf, len, "%s", thread_state_name(((const thread_row *)row)->state));
}

static int style_tstate(const frame *f, const void *row)
{
	const thread_row *t = row;
	(void)f;
	return t->state == MX_TS_RUNNING ? STY_GOOD : (t->flags & ROW_BLOCKED) ? STY_WARN
	       : t->state == MX_TS_IDLE ? STY_DIM : STY_NORMAL;
}

static void show_waitfor(const frame *f, const void *row, char *buf, size_t len)
{
	const thread_row *t = row;
	char n[32];
	if (t->state == MX_TS_LOCK_WAIT && t->lock_wait >= 0) {
		const char *lname = NULL;
		for (int i = 0; i < f->nlocks; i++)
			if (f->locks[i].server == t->server && f->locks[i].id == t->lock_wait)
				lname = f->locks[i].name;
		if (lname && *lname)
			snprintf(buf, len, "lock %s (%s)", lname, lock_mode_name(t->lock_mode));
		else
			snprintf(buf, len, "lock %d (%s)", t->lock_wait, lock_mode_name(t->lock_mode));
	} else if (t->state == MX_TS_IPC_WAIT && t->ipc_wait != MX_NONE)
		snprintf(buf, len, "reply%s%s", fmt_g->from, frame_ep_name(f, t->ipc_wait, n, sizeof(n)));
	else
		snprintf(buf, len, "-");
}

static void show_client(const frame *f, const void *row, char *buf, size_t len)
{
	const thread_row *t = row;
	if (t->client == MX_NONE)
		snprintf(buf, len, "-");
	else
		frame_ep_name(f, t->client, buf, len);
}

static void show_req(const frame *f, const void *row, char *buf, size_t len)
{
	const thread_row *t = row;
	(void)f;
	if (t->client == MX_NONE)
		snprintf(buf, len, "-");
	else
		fmt_msgtype(buf, len, t->req);
}

enum { TC_SERVER, TC_TID, TC_NAME, TC_STATE, TC_CLIENT, TC_REQ, TC_TIME, TC_WAITFOR, TC_N };

static const column thread_columns[TC_N] = {
	[TC_SERVER] = { "server", "SERVER", "server the thread belongs to", 8, .text = 1, .kind = CK_EPNAME,
			.off = TOFF(server) },
	[TC_TID] = { "tid", "TID", "thread id", 3, .right = 1, .kind = CK_INT, .off = TOFF(tid) },
	[TC_NAME] = { "name", "NAME", "thread name", 10, .find = 1, .text = 1, .kind = CK_STR, .off = TOFF(name) },
	[TC_STATE] = { "state", "STATE", "idle, running, lock-wait, ipc-wait, ready", 9, .text = 1,
		       .kind = CK_CUSTOM, .show = show_tstate, .style = style_tstate },
	[TC_CLIENT] = { "client", "CLIENT", "process whose request it serves", 10, .text = 1, .kind = CK_CUSTOM,
			.show = show_client },
	[TC_REQ] = { "req", "REQUEST", "request it serves", 14, .text = 1, .kind = CK_CUSTOM, .show = show_req },
	[TC_TIME] = { "time", "TIME", "time in this state", 7, .right = 1, .desc = 1, .kind = CK_SECS,
		      .off = TOFF(since_s) },
	[TC_WAITFOR] = { "waitfor", "WAITS FOR", "the lock or the reply it waits for", 16, .flex = 1, .text = 1,
			 .kind = CK_CUSTOM, .show = show_waitfor },
};

static const signed char thread_defaults[] = {
	TC_SERVER, TC_TID, TC_NAME, TC_STATE, TC_TIME, TC_CLIENT, TC_REQ, TC_WAITFOR, -1
};

static const void *thread_rows(const frame *f, int *n, size_t *stride)
{
	*n = f->nthreads;
	*stride = sizeof(thread_row);
	return f->threads;
}

static uint64_t thread_id(const void *row)
{
	const thread_row *t = row;
	return pack(t->server, t->tid);
}

static unsigned thread_flags(const void *row)
{
	return ((const thread_row *)row)->flags;
}

static mx_endpoint_t thread_ep(const void *row)
{
	const thread_row *t = row;
	return t->client != MX_NONE ? t->client : t->server;
}

const view_class view_threads = {
	.name = "threads",
	.title = "Threads",
	.about = "server worker threads from the latest full snapshot",
	.columns = thread_columns,
	.ncolumns = TC_N,
	.defaults = thread_defaults,
	.sort = TC_TIME,
	.load = LOAD_LOCKS,
	.empty = "no threads: no full snapshot yet, or no server registered a thread table",
	.rows = thread_rows,
	.id = thread_id,
	.flags = thread_flags,
	.ep = thread_ep,
};
