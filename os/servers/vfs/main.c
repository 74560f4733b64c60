/*
 * VFS's main thread: the only one that RECEIVEs.  It lets every runnable
 * worker run until all of them sleep, then waits for a message: a request
 * goes to a worker (worker.c), an answer from a file system or driver to
 * the worker that waits for it, a select event to the select waiters, and
 * a CLOCK notification to the select timeouts.
 *
 * Arguments (boot module command line):
 *   debug-deadlock   honour VFS_DEBUG_DEADLOCK (also: build with -DVFS_DEBUG_DEADLOCK=1)
 *   locktrace=0      do not emit lock events into the trace ring
 */
#include "proto.h"

#ifndef VFS_DEBUG_DEADLOCK
#define VFS_DEBUG_DEADLOCK 0
#endif

mx_endpoint_t vfs_self = MX_VFS;
int debug_deadlock_enabled = VFS_DEBUG_DEADLOCK;
int lock_trace = 1;
uint32_t clock_hz = 100;
static int mounted;

int is_driver_or_fs(mx_endpoint_t ep)
{
	if (ep == MX_FS)
		return 1;
	for (int i = 0; i < NR_VMNTS; i++)
		if (vmnts[i].in_use && vmnts[i].fs_ep == ep)
			return 1;
	for (int i = 0; i < MX_NR_MAJORS; i++)
		if (dmap[i].major >= 0 && dmap[i].driver == ep)
			return 1;
	return 0;
}

/* Mount the root file system (a job of the reserved worker). */
static void mount_root(struct worker *w)
{
	struct vmnt *vmp = &vmnts[0];
	struct fs_mountroot res;
	int r = req_mountroot(w, vmp, &res);
	if (r < 0)
		sys_printf("vfs: cannot mount the root file system: %s\n", mx_strerror(r));
	mounted = 1;
}

static void args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "debug-deadlock") == 0)
			debug_deadlock_enabled = 1;
		else if (strcmp(argv[i], "locktrace=0") == 0)
			lock_trace = 0;
		else
			sys_printf("vfs: unknown argument '%s'\n", argv[i]);
	}
}

static void handle_answer(mx_message *m)
{
	if (m->m_type == MX_DEV_SEL_REPLY) {
		dev_sel_event(m);
		return;
	}
	if (m->m_type != MX_DEV_REPLY && m->m_type > 0) {
		sys_printf("vfs: unexpected message type %#x from %d dropped\n", m->m_type, m->m_source);
		return;
	}
	deliver_reply(m, m->m_u.w[0]);
}

int main(int argc, char **argv)
{
	static mx_info info;
	struct mx_whoami me;
	args(argc, argv);
	if (sys_getinfo(MX_GI_WHOAMI, &me, sizeof(me), 0) >= 0)
		vfs_self = me.ep;
	if (sys_getinfo(MX_GI_MXINFO, &info, sizeof(info), 0) >= 0 && info.hz)
		clock_hz = info.hz;
	lock_init();
	worker_init();
	fproc_init();
	vnode_init();
	dmap_init();
	ds_subscribe("ep.*", 0);                   /* drivers restarted by RS (no DS: no restarts) */
	if (start_job(mount_root, NULL, 1) < 0)
		sys_panic("no worker for the root file system");
	if (debug_deadlock_enabled)
		sys_printf("vfs: VFS_DEBUG_DEADLOCK is enabled\n");

	for (;;) {
		while (mthread_runnable())
			mthread_yield();
		if (mounted)
			kick_pending();
		if (mthread_runnable())
			continue;
		mx_message m;
		thread_state(&workers[0], MX_TS_IDLE, -1, TLL_NONE, MX_NONE);
		int r = mx_receive(MX_ANY, &m);
		thread_state(&workers[0], MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
		if (r != MX_OK)
			continue;
		if (is_notify(&m) && m.m_source == MX_DS) {
			dmap_follow();
			continue;
		}
		/* Notifications come from kernel tasks (and DS, above); the kernel lets no one forge one. */
		if (is_notify(&m) && m.m_source >= 0 && m.m_source < MX_NR_TASKS) {
			if (m.m_source == MX_CLOCK)
				clock_expired();
			continue;
		}
		if (m.m_source == MX_PM && m.m_type <= 0)
			continue;                      /* PM's answer to a SIGPIPE we asked for */
		if (is_driver_or_fs(m.m_source))
			handle_answer(&m);
		else if (!mounted)
			queue_request(&m);
		else
			dispatch(&m);
	}
}
