/*
 * VFS_DEBUG_DEADLOCK: the seeds' thread A / thread B deadlock, on purpose,
 * so the toolkit can be shown finding it.  Two workers take the locks in
 * the order the seeds describe, before the fix that serialises vmnt locks
 * during path resolution (path.c):
 *
 *   thread A: lock_vmnt(vmp, TLL_READSER); lock_vnode(vp, TLL_READSER);
 *             upgrade_vmnt_lock(vmp, TLL_WRITE);     -- waits for B's read lock
 *   thread B: lock_vmnt(vmp, TLL_READ);   lock_vnode(vp, TLL_READSER);
 *                                                    -- waits for A's vnode lock
 *
 * Both stay blocked for good; "vfs.threads" and "vfs.locks" show the cycle.
 * Each scenario (MX_DL_SCRATCH, MX_DL_ROOT) runs at most once per boot.
 * Enabled by the "debug-deadlock" argument or -DVFS_DEBUG_DEADLOCK=1 (main.c).
 */
#include "proto.h"

#define SCRATCH_LOCK_ID (NR_VMNTS + NR_VNODES)

static struct tll scratch_vnode;
static struct tll *dl_vmnt, *dl_vnode;
static struct worker *thread_b_w;
static uint32_t started;                   /* bit per MX_DL_* scenario run */

static void thread_b(struct worker *w)
{
	tll_lock(dl_vmnt, TLL_READ);
	tll_lock(dl_vnode, TLL_READSER);         /* A has it: waits for good */
}

static void thread_a(struct worker *w)
{
	tll_lock(dl_vmnt, TLL_READSER);
	tll_lock(dl_vnode, TLL_READSER);
	/* Let B take the vmnt for reading and queue on the vnode. */
	for (int i = 0; i < 1000 && !(thread_b_w && thread_b_w->want); i++)
		mthread_yield();
	tll_upgrade(dl_vmnt);                    /* B reads the vmnt: waits for good */
}

int do_debug_deadlock(struct worker *w)
{
	struct vfs_debug_deadlock *a = BODY(w, struct vfs_debug_deadlock);
	if (!debug_deadlock_enabled)
		return -MX_EPERM;
	if (a->where > MX_DL_ROOT)
		return -MX_EINVAL;
	if (started & (1u << a->where))
		return -MX_EBUSY;                    /* each scenario once per boot */
	if (a->where == MX_DL_SCRATCH) {
		tll_setup(&scratch_vnode, SCRATCH_LOCK_ID, MX_LK_VNODE, 0, "vnode scratch");
		dl_vmnt = &vmnts[1].lock;
		dl_vnode = &scratch_vnode;
	} else {
		struct vmnt *vmp;
		struct vnode *vp;
		int r = fetch_path(w, w->fp->ep, a->path, a->path_len, w->path);
		if (r == 0)
			r = eat_path(w, w->fp, w->path, VMNT_READ, TLL_NONE, &vmp, &vp);
		if (r < 0)
			return r;
		unlock_vmnt(vmp);                    /* vp stays referenced for good */
		dl_vmnt = &vmp->lock;
		dl_vnode = &vp->lock;
	}
	thread_b_w = NULL;
	int ta = start_job(thread_a, NULL, 0);
	if (ta < 0)
		return ta;
	int tb = start_job(thread_b, NULL, 0);
	if (tb < 0)
		return tb;                           /* A alone just holds two locks */
	started |= 1u << a->where;
	thread_b_w = &workers[tb];
	strncpy(workers[ta].pub->name, "dl-A", sizeof(workers[ta].pub->name));
	strncpy(workers[tb].pub->name, "dl-B", sizeof(workers[tb].pub->name));
	for (int i = 0; i < 1000 && !(workers[ta].want && workers[tb].want); i++)
		mthread_yield();
	if (!(workers[ta].want && workers[tb].want))
		return -MX_EIO;
	a->tid_a = ta;
	a->tid_b = tb;
	a->lock_vmnt = dl_vmnt->id;
	a->lock_vnode = dl_vnode->id;
	sys_printf("vfs: deadlock scenario: thread %d (A) and %d (B) on %s and %s\n", ta, tb,
		   lock_tab[dl_vmnt->id].name, lock_tab[dl_vnode->id].name);
	return 0;
}
