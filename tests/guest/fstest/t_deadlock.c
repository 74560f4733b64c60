/*
 * The lock events in the trace ring, and the deliberate deadlock
 * (VFS_DEBUG_DEADLOCK) as the registered tables show it.
 */
#include "fstest.h"
#include <mx/tables.h>
#include <mx/trace.h>

#define NREC 512
static mx_trace_rec recs[NREC];
static mx_thread_ent threads[64];
static mx_lock_ent locks[512];

/* Count VFS's records of kind in the last NREC*8 of the ring. */
static int count_kind(int kind, int32_t type)
{
	mx_trace_ring hdr;
	if (sys_getinfo(MX_GI_TRACEHDR, &hdr, sizeof(hdr), 0) < 0)
		return -1;
	uint64_t from = hdr.head > NREC * 8 ? hdr.head - NREC * 8 : 0;
	int n = 0;
	while (from < hdr.head) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		struct kc_getinfo *g = MX_BODY(&m, struct kc_getinfo);
		g->what = MX_GI_TRACERECS;
		g->addr = (uint32_t)recs;
		g->len = sizeof(recs);
		g->arg = (uint32_t)from;
		m.m_type = MX_SYS_GETINFO;
		if (mx_kcall(&m) < 0 || g->len == 0)
			break;
		for (uint32_t i = 0; i < g->len / sizeof(recs[0]); i++)
			if (recs[i].kind == kind && recs[i].src == MX_VFS && (type < 0 || recs[i].type == type))
				n++;
		from = g->arg + g->len / sizeof(recs[0]);
	}
	return n;
}

int t_lock_trace(void)
{
	struct mx_stat st;
	T_OK(v_stat("/bin", &st), "stat");
	int acq = count_kind(MX_TK_LOCK_ACQ, -1), rel = count_kind(MX_TK_LOCK_REL, -1);
	T_CHECK(acq > 0 && rel > 0, "no lock events from VFS in the trace (acquired %d, released %d)", acq, rel);
	return 0;
}

static struct vfs_debug_deadlock dl;

int t_deadlock_tables(void)
{
	uint32_t nt, nl;
	mx_endpoint_t owner;
	int r = v_deadlock(MX_DL_SCRATCH, NULL, &dl);
	T_EQ(r, 0, "VFS_DEBUG_DEADLOCK (VFS needs the debug-deadlock argument)");
	T_EQ(v_deadlock(MX_DL_SCRATCH, NULL, NULL), -MX_EBUSY, "a second deadlock");
	T_OK(read_table("vfs.threads", threads, sizeof(threads), &nt, &owner), "read vfs.threads");
	T_OK(read_table("vfs.locks", locks, sizeof(locks), &nl, &owner), "read vfs.locks");
	T_CHECK(dl.tid_a > 0 && (uint32_t)dl.tid_a < nt && dl.tid_b > 0 && (uint32_t)dl.tid_b < nt, "thread ids %d %d",
		dl.tid_a, dl.tid_b);
	T_CHECK(dl.lock_vmnt >= 0 && (uint32_t)dl.lock_vmnt < nl && dl.lock_vnode >= 0 && (uint32_t)dl.lock_vnode < nl,
		"lock ids %d %d", dl.lock_vmnt, dl.lock_vnode);
	const mx_thread_ent *a = &threads[dl.tid_a], *b = &threads[dl.tid_b];
	const mx_lock_ent *vm = &locks[dl.lock_vmnt], *vn = &locks[dl.lock_vnode];
	/* Thread A: holds the vnode READSER and the vmnt READSER, waits to upgrade the vmnt. */
	T_EQ(a->state, MX_TS_LOCK_WAIT, "thread A's state");
	T_EQ(a->lock_wait, dl.lock_vmnt, "thread A waits for the vmnt");
	T_EQ(a->lock_mode, MX_LM_WRITE, "thread A wants it for writing (the upgrade)");
	/* Thread B: holds the vmnt READ, waits for the vnode READSER. */
	T_EQ(b->state, MX_TS_LOCK_WAIT, "thread B's state");
	T_EQ(b->lock_wait, dl.lock_vnode, "thread B waits for the vnode");
	T_EQ(b->lock_mode, MX_LM_READSER, "thread B wants it READSER");
	T_EQ(vm->kind, MX_LK_VMNT, "the vmnt lock's kind");
	T_EQ(vm->mode, MX_LM_READSER, "the vmnt is held READSER (and READ)");
	T_EQ(vm->owner, dl.tid_a, "the vmnt's READSER holder is A");
	T_EQ(vm->readers, 1, "the vmnt has one reader (B)");
	T_EQ(vm->holders, (1u << dl.tid_a) | (1u << dl.tid_b), "the vmnt's holders are A and B");
	T_EQ(vm->waiters, 1, "one waiter for the vmnt");
	T_EQ(vn->kind, MX_LK_VNODE, "the vnode lock's kind");
	T_EQ(vn->owner, dl.tid_a, "the vnode's holder is A");
	T_EQ(vn->holders, 1u << dl.tid_a, "only A holds the vnode");
	T_EQ(vn->waiters, 1, "one waiter for the vnode");
	/* The wait-for graph of the tables has the cycle A -> B -> A. */
	int a_waits_b = (locks[a->lock_wait].holders >> dl.tid_b) & 1;
	int b_waits_a = (locks[b->lock_wait].holders >> dl.tid_a) & 1;
	T_CHECK(a_waits_b && b_waits_a, "no cycle in the wait-for graph");
	T_CHECK(count_kind(MX_TK_LOCK_WAIT, dl.lock_vmnt) > 0, "no LOCK_WAIT record for the vmnt");
	T_CHECK(count_kind(MX_TK_LOCK_WAIT, dl.lock_vnode) > 0, "no LOCK_WAIT record for the vnode");
	return 0;
}

int t_vfs_alive_after_deadlock(void)
{
	char b[8];
	int p[2];
	struct mx_stat st;
	T_OK(v_stat("/bin/vfs", &st), "stat");
	T_EQ(v_write_file("/tmp/after", "alive", 5), 5, "write a file");
	int fd = v_open("/tmp/after", MX_O_RDONLY, 0);
	T_EQ(v_read(fd, b, sizeof(b)), 5, "read it back");
	v_close(fd);
	T_EQ(v_pipe(p, 0), 0, "pipe");
	T_EQ(v_write(p[1], "p", 1), 1, "write the pipe");
	T_EQ(v_read(p[0], b, 1), 1, "read the pipe");
	v_close(p[0]);
	v_close(p[1]);
	return v_unlink("/tmp/after");
}

static mx_endpoint_t stuck_child;

static int stat_root(void *arg)
{
	struct mx_stat st;
	int r;
	while ((r = v_stat("/bin", &st)) == -MX_ECALLDENIED)
		tickdelay(1);                        /* until our parent lets us talk to VFS */
	return r;                                /* never: waits for the root vmnt for good */
}

/*
 * Last: the scenario on the root file system's vmnt and the vnode of /tmp.
 * Calls that resolve a path now hang behind the cycle; calls on open
 * descriptors still work.  A process that makes a path call shows up in
 * the tables waiting for a worker that waits for the vmnt lock.
 */
int t_deadlock_root_blocks_callers(void)
{
	static mx_thread_ent th[64];
	static mx_fproc_ent fp[MX_NR_SLOTS];
	struct vfs_debug_deadlock d;
	char b[4];
	uint32_t n;
	mx_endpoint_t owner;
	int fd = v_open("/bin/vfs", MX_O_RDONLY, 0);
	T_OK(fd, "open before the deadlock");
	T_EQ(v_deadlock(MX_DL_ROOT, "/tmp", &d), 0, "VFS_DEBUG_DEADLOCK on the root");
	T_EQ(v_read(fd, b, 4), 4, "a descriptor call still works");
	T_CHECK(memcmp(b, "\177ELF", 4) == 0, "read the wrong bytes");
	T_OK(spawn(stat_root, NULL, KC_CHILD_DEFAULT, "fsstuck", 0, &stuck_child), "spawn");
	T_OK(sys_allow(stuck_child, MX_VFS, 1), "let it talk to VFS");
	tickdelay(20);
	T_OK(read_table("vfs.threads", th, sizeof(th), &n, &owner), "read vfs.threads");
	int t = -1;
	for (uint32_t i = 0; i < n; i++)
		if (th[i].client == stuck_child)
			t = (int)i;
	T_CHECK(t > 0, "no worker serves the stuck process");
	T_EQ(th[t].state, MX_TS_LOCK_WAIT, "its worker waits for a lock");
	T_EQ(th[t].lock_wait, d.lock_vmnt, "for the root vmnt");
	T_EQ(th[t].req, MX_VFS_STAT, "serving its stat");
	T_OK(read_table("vfs.fproc", fp, sizeof(fp), &n, &owner), "read vfs.fproc");
	T_EQ(fp[MX_EP_SLOT(stuck_child)].worker, t, "the process's entry names the worker");
	T_EQ(fp[MX_EP_SLOT(stuck_child)].blocked_on, MX_FPB_LOCK, "the process is blocked on a lock");
	sys_printf("fstest: deadlock on the root: threads %d and %d; process %d waits through thread %d\n",
		   d.tid_a, d.tid_b, stuck_child, t);
	return 0;
}
