/* Process life: fork, exec, exit and wait; ids and groups; the boot processes. */
#include "pm.h"

mx_pid_t next_pid = 2;
static int next_slot = MX_NR_BOOT_FIXED;

static int pid_in_use(mx_pid_t pid)
{
	for (int i = 0; i < MX_NR_SLOTS; i++)
		if (MP_INUSE(&mproc[i]) && (mproc[i].pub.pid == pid || mproc[i].pub.pgrp == pid))
			return 1;
	return 0;
}

static mx_pid_t new_pid(void)
{
	do {
		if (++next_pid > 30000)
			next_pid = 2;
	} while (pid_in_use(next_pid));
	return next_pid;
}

static void sendrec_server(mx_endpoint_t srv, int type, mx_message *m)
{
	m->m_type = type;
	int r = mx_sendrec(srv, m);
	if (r != MX_OK)
		m->m_type = r;
}

/*
 * Create a copy of mp in a slot free both in PM's table (zombies keep
 * theirs) and in the kernel's, with its memory (VM) and files (VFS).  The
 * child waits for its reply.  Returns the child's entry, or NULL with *err.
 */
static struct mproc *fork_proc(struct mproc *mp, int *err)
{
	mx_endpoint_t child = MX_NONE;
	int slot = -1, r = -MX_EAGAIN;
	for (int n = 0; n < MX_NR_SLOTS - MX_NR_BOOT_FIXED && slot < 0; n++) {
		int i = next_slot + n;
		if (i >= MX_NR_SLOTS)
			i -= MX_NR_SLOTS - MX_NR_BOOT_FIXED;
		if (MP_INUSE(&mproc[i]))
			continue;
		mx_message k;
		memset(&k, 0, sizeof(k));
		struct kc_fork *f = MX_BODY(&k, struct kc_fork);
		f->parent = mp->pub.ep;
		f->flags = MX_FORK_SLOT;
		f->child_slot = (uint32_t)i;
		k.m_type = MX_SYS_FORK;
		r = mx_kcall(&k);
		if (r == -MX_EBUSY)
			continue;                      /* used by a process PM did not create */
		if (r < 0) {
			*err = r;
			return NULL;
		}
		child = f->child;
		slot = i;
	}
	if (slot < 0) {
		*err = -MX_EAGAIN;
		return NULL;
	}
	next_slot = slot + 1 >= MX_NR_SLOTS ? MX_NR_BOOT_FIXED : slot + 1;

	mx_message s;
	memset(&s, 0, sizeof(s));
	MX_BODY(&s, struct vm_fork)->parent = mp->pub.ep;
	MX_BODY(&s, struct vm_fork)->child = child;
	sendrec_server(MX_VM, MX_VM_FORK, &s);
	if (s.m_type < 0) {
		sys_clear(child);
		*err = s.m_type == -MX_ENOMEM ? -MX_ENOMEM : -MX_EAGAIN;
		return NULL;
	}
	struct mproc *cp = &mproc[slot];
	*cp = *mp;
	cp->pub.pid = new_pid();
	cp->pub.ep = child;
	cp->pub.ppid = mp->pub.pid;
	cp->pub.flags = MX_PMF_INUSE;
	cp->pub.sig_pending = 0;
	cp->pub.exit_status = 0;
	cp->pub.tracer = 0;
	cp->trace_opts = 0;
	cp->exit_told_tracer = 0;
	cp->named_by_label = 0;
	cp->parent = MP_SLOT(mp);
	cp->waiting = PW_NONE;
	cp->deliver_later = 0;
	cp->alarm_at = cp->sleep_until = 0;
	cp->child_user = cp->child_sys = 0;
	cp->stop_reported = 0;

	memset(&s, 0, sizeof(s));
	struct vfs_pm_fork *vf = MX_BODY(&s, struct vfs_pm_fork);
	vf->parent = mp->pub.ep;
	vf->child = child;
	vf->child_pid = cp->pub.pid;
	sendrec_server(MX_VFS, MX_VFS_PM_FORK, &s);
	return cp;
}

int do_fork(struct mproc *mp, mx_message *m)
{
	int err;
	if (mp->pub.flags & MX_PMF_SYSTEM)
		return -MX_EPERM;                  /* services are started through RS */
	struct mproc *cp = fork_proc(mp, &err);
	if (!cp)
		return err;
	struct mproc *tracer = mp->pub.tracer ? mp_by_pid(mp->pub.tracer) : NULL;
	reply_to(cp->pub.ep, 0, NULL);         /* the child returns 0 from fork() */
	if (tracer && (mp->trace_opts & MX_TO_TRACEFORK)) {
		/* The tracer follows the child from its first instruction (PM runs before it). */
		cp->pub.tracer = tracer->pub.pid;
		cp->trace_opts = mp->trace_opts;
		cp->pub.flags |= MX_PMF_TRACED;
		sys_trace(MX_TR_TRACER, cp->pub.ep, 0, &(uint32_t){ (uint32_t)tracer->pub.ep });
		trace_stop(cp, SIGSTOP);
	}
	return cp->pub.pid;
}

int do_srv_fork(struct mproc *mp, mx_message *m)
{
	struct pm_srv_fork *a = MX_BODY(m, struct pm_srv_fork);
	int err;
	if (mp->pub.ep != MX_RS)
		return -MX_EPERM;
	struct mproc *cp = fork_proc(mp, &err);
	if (!cp)
		return err;
	cp->pub.flags |= MX_PMF_SYSTEM;
	a->label[sizeof(a->label) - 1] = 0;
	memset(cp->pub.name, 0, sizeof(cp->pub.name));
	strncpy(cp->pub.name, a->label, sizeof(cp->pub.name) - 1);
	cp->named_by_label = a->label[0] != 0;
	reply_to(cp->pub.ep, 0, NULL);         /* it runs once RS gives it privileges */
	return cp->pub.ep;
}

int do_srv_kill(struct mproc *mp, mx_message *m)
{
	struct pm_srv_kill *a = MX_BODY(m, struct pm_srv_kill);
	if (mp->pub.ep != MX_RS)
		return -MX_EPERM;
	struct mproc *t = mp_by_ep(a->ep);
	if (!t)
		return -MX_ESRCH;
	if (!(t->pub.flags & MX_PMF_SYSTEM) || t == mp || MP_SLOT(t) < MX_VM + 1)
		return -MX_EPERM;                  /* PM, VFS, RS and VM are not restartable */
	exit_proc(t, MX_W_SIGNALED(a->sig > 0 && a->sig < MX_NSIG ? a->sig : SIGKILL));
	return 0;
}

int do_setuid(struct mproc *mp, mx_message *m)
{
	struct pm_setuid *a = MX_BODY(m, struct pm_setuid);
	if (mp->pub.uid != 0 && a->uid != mp->pub.uid)
		return -MX_EPERM;
	if (a->uid < 0)
		return -MX_EINVAL;
	mp->pub.uid = a->uid;
	return 0;
}

/* Collect a zombie: its status goes to the parent, its entry is freed. */
static void reap(struct mproc *parent, struct mproc *z, mx_message *m)
{
	parent->child_user += z->child_user;
	parent->child_sys += z->child_sys;
	MX_BODY(m, struct pm_waitpid)->status = z->pub.exit_status;
	mx_pid_t pid = z->pub.pid;
	memset(z, 0, sizeof(*z));
	reply(parent, pid, m);
}

static int child_matches(struct mproc *parent, struct mproc *c, mx_pid_t pid)
{
	if (!MP_INUSE(c) || (c->parent != MP_SLOT(parent) && c->pub.tracer != parent->pub.pid))
		return 0;
	if (pid > 0)
		return c->pub.pid == pid;
	if (pid == 0)
		return c->pub.pgrp == parent->pub.pgrp;
	if (pid < -1)
		return c->pub.pgrp == -pid;
	return 1;
}

/* Has a traced zombie's tracer (if it is not the parent, and lives) seen the end yet? */
static int tracer_pending(struct mproc *z)
{
	if (!z->pub.tracer || z->exit_told_tracer || z->pub.tracer == z->pub.ppid)
		return 0;
	struct mproc *t = mp_by_pid(z->pub.tracer);
	return t && !(t->pub.flags & MX_PMF_ZOMBIE);
}

/* Try to finish a wait (of a parent or a tracer); returns 1 if it was answered. */
static int wait_check(struct mproc *parent)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *c = &mproc[i];
		if (!child_matches(parent, c, parent->wait_pid))
			continue;
		int is_child = c->parent == MP_SLOT(parent), is_tracer = c->pub.tracer == parent->pub.pid;
		if (c->pub.flags & MX_PMF_ZOMBIE) {
			if (is_tracer && !is_child) {
				if (c->exit_told_tracer)
					continue;
				/* The tracer hears first; the zombie stays for the parent. */
				c->exit_told_tracer = 1;
				MX_BODY(&m, struct pm_waitpid)->status = c->pub.exit_status;
				reply(parent, c->pub.pid, &m);
				struct mproc *p = c->parent >= 0 ? &mproc[c->parent] : NULL;
				if (!p || !MP_INUSE(p) || (p->pub.flags & (MX_PMF_ZOMBIE | MX_PMF_SYSTEM)))
					memset(c, 0, sizeof(*c));   /* no parent will wait for it */
				else if (p->waiting == PW_WAIT && wait_check(p))
					p->pub.flags &= ~MX_PMF_WAITING;
				return 1;
			}
			if (tracer_pending(c))
				continue;
			reap(parent, c, &m);
			return 1;
		}
		if ((c->pub.flags & MX_PMF_STOPPED) && !c->stop_reported &&
		    (is_tracer || (parent->wait_options & MX_WUNTRACED))) {
			c->stop_reported = 1;
			MX_BODY(&m, struct pm_waitpid)->status = MX_W_STOPPED(c->stop_sig);
			reply(parent, c->pub.pid, &m);
			return 1;
		}
	}
	return 0;
}

int do_waitpid(struct mproc *mp, mx_message *m)
{
	struct pm_waitpid *a = MX_BODY(m, struct pm_waitpid);
	int any = 0;
	for (int i = 0; i < MX_NR_SLOTS; i++)
		any |= child_matches(mp, &mproc[i], a->pid);
	if (!any)
		return -MX_ECHILD;
	mp->wait_pid = a->pid;
	mp->wait_options = a->options;
	mp->waiting = PW_WAIT;
	mp->pub.flags |= MX_PMF_WAITING;
	if (wait_check(mp)) {
		mp->pub.flags &= ~MX_PMF_WAITING;
		return -MX_EDONTREPLY;
	}
	if (a->options & MX_WNOHANG) {
		mp->waiting = PW_NONE;
		mp->pub.flags &= ~MX_PMF_WAITING;
		return 0;
	}
	return -MX_EDONTREPLY;
}

/*
 * End mp with a wait status: its files, memory and kernel slot go; it stays a
 * zombie until its parent waits.  Its children go to init.
 */
void exit_proc(struct mproc *mp, int status)
{
	if (!MP_INUSE(mp) || (mp->pub.flags & (MX_PMF_ZOMBIE | MX_PMF_EXITING)))
		return;
	mp->pub.flags |= MX_PMF_EXITING;
	mx_endpoint_t ep = mp->pub.ep;
	sys_runctl(ep, MX_RC_STOP, 0);
	mx_message s;
	memset(&s, 0, sizeof(s));
	MX_BODY(&s, struct vfs_pm_exit)->ep = ep;
	sendrec_server(MX_VFS, MX_VFS_PM_EXIT, &s);
	struct kc_proc t;
	if (sys_times(ep, &t) == 0) {
		mp->child_user += (uint32_t)t.user_ticks;
		mp->child_sys += (uint32_t)t.sys_ticks;
	}
	memset(&s, 0, sizeof(s));
	MX_BODY(&s, struct vm_exit)->ep = ep;
	sendrec_server(MX_VM, MX_VM_EXIT, &s);
	sys_clear(ep);

	mp->pub.exit_status = status;
	mp->pub.flags = (mp->pub.flags & ~(MX_PMF_EXITING | MX_PMF_WAITING | MX_PMF_STOPPED | MX_PMF_PAUSED |
					   MX_PMF_SLEEPING)) | MX_PMF_ZOMBIE;
	mp->waiting = PW_NONE;
	mp->alarm_at = mp->sleep_until = 0;
	timers_update();
	trace_tracer_gone(mp);
	struct mproc *tracer = mp->pub.tracer ? mp_by_pid(mp->pub.tracer) : NULL;
	if (tracer && tracer->pub.pid != mp->pub.ppid && !(tracer->pub.flags & MX_PMF_ZOMBIE)) {
		/* The debugger is told before the parent. */
		if (!(tracer->waiting == PW_WAIT && wait_check(tracer)))
			sig_post(tracer, SIGCHLD);
	}

	/* Orphans go to init, which reaps them. */
	struct mproc *init = mp_by_pid(1);
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *c = &mproc[i];
		if (!MP_INUSE(c) || c->parent != MP_SLOT(mp))
			continue;
		c->parent = init ? MP_SLOT(init) : -1;
		c->pub.ppid = init ? 1 : 0;
		if (init && (c->pub.flags & MX_PMF_ZOMBIE) && init->waiting == PW_WAIT)
			wait_check(init);
	}
	struct mproc *parent = mp->parent >= 0 ? &mproc[mp->parent] : NULL;
	if ((!parent || !MP_INUSE(parent) || (parent->pub.flags & (MX_PMF_ZOMBIE | MX_PMF_SYSTEM)) ||
	    (mp->pub.flags & MX_PMF_SYSTEM)) && !tracer_pending(mp)) {
		memset(mp, 0, sizeof(*mp));        /* nobody will wait for it */
		return;
	}
	if (parent->waiting == PW_WAIT && wait_check(parent)) {
		parent->pub.flags &= ~MX_PMF_WAITING;
		return;
	}
	sig_post(parent, SIGCHLD);
}

int do_exit(struct mproc *mp, mx_message *m)
{
	exit_proc(mp, MX_W_EXITED((int32_t)m->m_u.w[0]));
	return -MX_EDONTREPLY;
}

int do_exec(struct mproc *mp, mx_message *m)
{
	struct pm_exec *a = MX_BODY(m, struct pm_exec);
	mx_endpoint_t image_ep = MX_NONE;
	if (a->path_len & MX_EXEC_IMAGE) {
		/* Only a service whose parent is a system process (RS) execs from its parent's memory. */
		struct mproc *parent = mp->parent >= 0 ? &mproc[mp->parent] : NULL;
		if (!(mp->pub.flags & MX_PMF_SYSTEM) || !parent || !(parent->pub.flags & MX_PMF_SYSTEM))
			return -MX_EPERM;
		image_ep = parent->pub.ep;
		if ((a->path_len & ~MX_EXEC_IMAGE) == 0 || (a->path_len & ~MX_EXEC_IMAGE) > 4u * 1024 * 1024)
			return -MX_EINVAL;
	} else if (a->path_len == 0 || a->path_len > 256) {
		return -MX_EINVAL;
	}
	if (a->frame_len > 64 * 1024 || a->frame_len < 12)
		return -MX_EINVAL;
	mx_message s;
	memset(&s, 0, sizeof(s));
	struct vfs_pm_exec *v = MX_BODY(&s, struct vfs_pm_exec);
	v->ep = mp->pub.ep;
	v->path = a->path;
	v->path_len = a->path_len;
	v->frame = a->frame;
	v->frame_len = a->frame_len;
	v->image_ep = image_ep;
	sendrec_server(MX_VFS, MX_VFS_PM_EXEC, &s);
	if (s.m_type < 0) {
		if (v->lost) {                     /* no image left to return to */
			exit_proc(mp, MX_W_SIGNALED(SIGKILL));
			return -MX_EDONTREPLY;
		}
		return s.m_type;
	}
	mx_message d;
	memset(&d, 0, sizeof(d));
	MX_BODY(&d, struct vm_exec_done)->ep = mp->pub.ep;
	sendrec_server(MX_VM, MX_VM_EXEC_DONE, &d);
	v->name[sizeof(v->name) - 1] = 0;
	if (mp->named_by_label) {               /* "cyc-a", not the binary's "hangd": what tools and ps show */
		memset(v->name, 0, sizeof(v->name));
		strncpy(v->name, mp->pub.name, sizeof(v->name) - 1);
	}
	int r = sys_exec(mp->pub.ep, v->pc, v->sp, v->ps, v->name);
	if (r < 0) {
		exit_proc(mp, MX_W_SIGNALED(SIGKILL));
		return -MX_EDONTREPLY;
	}
	memcpy(mp->pub.name, v->name, sizeof(mp->pub.name));
	/* Caught signals revert to their default action; ignored ones stay ignored. */
	for (int s2 = 1; s2 < MX_NSIG; s2++)
		if (mp->sig_catch & SIGBIT(s2)) {
			mp->act[s2].handler = MX_SIG_DFL;
			mp->act[s2].flags = 0;
		}
	mp->sig_catch = 0;
	if (mp->pub.tracer)                    /* a traced process stops after exec */
		trace_stop(mp, (mp->trace_opts & MX_TO_ALTEXEC) ? SIGSTOP : SIGTRAP);
	return -MX_EDONTREPLY;                 /* it starts afresh: nothing to answer */
}

int do_getid(struct mproc *mp, mx_message *m)
{
	switch (m->m_type) {
	case MX_PM_GETPID:  return mp->pub.pid;
	case MX_PM_GETPPID: return mp->pub.ppid;
	case MX_PM_GETPGRP: return mp->pub.pgrp;
	default:            return mp->pub.uid;
	}
}

int do_setpgid(struct mproc *mp, mx_message *m)
{
	struct pm_setpgid *a = MX_BODY(m, struct pm_setpgid);
	struct mproc *t = a->pid == 0 ? mp : mp_by_pid(a->pid);
	if (!t || (t->pub.flags & MX_PMF_ZOMBIE))
		return -MX_ESRCH;
	if (t != mp && t->parent != MP_SLOT(mp))
		return -MX_EPERM;
	if (a->pgid < 0)
		return -MX_EINVAL;
	t->pub.pgrp = a->pgid ? a->pgid : t->pub.pid;
	return 0;
}

int do_setsid(struct mproc *mp, mx_message *m)
{
	mp->pub.pgrp = mp->pub.pid;
	return mp->pub.pid;
}

/* The kernel started the boot processes: give each a PM entry and VFS its pid. */
void adopt_boot_processes(void)
{
	static mx_bootinfo bi;
	if (sys_getinfo(MX_GI_BOOTMODS, &bi, sizeof(bi), 0) < 0)
		sys_panic("cannot read the boot image");
	for (uint32_t i = 0; i < bi.nmods; i++) {
		mx_bootmod *b = &bi.mods[i];
		if (b->ep == MX_NONE || MX_EP_SLOT(b->ep) >= MX_NR_SLOTS)
			continue;
		struct mproc *mp = &mproc[MX_EP_SLOT(b->ep)];
		struct mx_procinfo pi;
		memset(mp, 0, sizeof(*mp));
		mp->pub.ep = b->ep;
		mp->pub.flags = MX_PMF_INUSE;
		if (strcmp(b->name, "init") == 0)
			mp->pub.pid = 1;
		else
			mp->pub.pid = new_pid();
		if (sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)b->ep) >= 0 && pi.priv_id != 0)
			mp->pub.flags |= MX_PMF_SYSTEM;
		mp->pub.pgrp = mp->pub.pid;
		mp->parent = -1;
		strncpy(mp->pub.name, b->name, sizeof(mp->pub.name) - 1);
	}
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *mp = &mproc[i];
		if (!MP_INUSE(mp))
			continue;
		mx_message s;
		memset(&s, 0, sizeof(s));
		MX_BODY(&s, struct vfs_pm_setpid)->ep = mp->pub.ep;
		MX_BODY(&s, struct vfs_pm_setpid)->pid = mp->pub.pid;
		sendrec_server(MX_VFS, MX_VFS_PM_SETPID, &s);
		if (s.m_type == -MX_EDEADSRCDST || s.m_type == -MX_ECALLDENIED)
			break;                         /* no VFS in this boot image */
	}
}
