/*
 * Processes as VFS knows them: descriptors, working directory, pid, and
 * the worker serving the process.  Indexed by slot; the entry belongs to
 * the endpoint in ep.  PM tells VFS about forks, exits and pids; a
 * process VFS has not heard of (a boot module without PM) gets an entry
 * at its first call.  "vfs.fproc" mirrors every entry.
 */
#include "proto.h"

struct fproc fproc[NR_PROCS];
static mx_fproc_ent fproc_tab[NR_PROCS];

static const mx_field fproc_fields[] = {
	MX_TABLE_FIELD(mx_fproc_ent, ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_fproc_ent, pid, MX_FK_I32),
	MX_TABLE_FIELD(mx_fproc_ent, nfds, MX_FK_U32),
	MX_TABLE_FIELD(mx_fproc_ent, blocked_on, MX_FK_I32),
	MX_TABLE_FIELD(mx_fproc_ent, blocked_ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_fproc_ent, worker, MX_FK_I32),
	MX_TABLE_FIELD(mx_fproc_ent, cwd_ino, MX_FK_U32),
};

void fproc_init(void)
{
	for (int i = 0; i < NR_PROCS; i++) {
		fproc[i].ep = MX_NONE;
		fproc[i].pub = &fproc_tab[i];
		fproc_tab[i].ep = MX_NONE;
		fproc_tab[i].worker = -1;
		fproc_tab[i].blocked_ep = MX_NONE;
	}
	PUBLISH_TABLE("vfs.fproc", fproc_tab, NR_PROCS, sizeof(mx_fproc_ent), fproc_fields);
}

/* Mirror fp in its table entry. */
void fproc_update(struct fproc *fp)
{
	mx_fproc_ent *e = fp->pub;
	e->ep = fp->ep;
	e->pid = fp->pid;
	uint32_t n = 0;
	for (int i = 0; i < MX_OPEN_MAX; i++)
		if (fp->fd[i])
			n++;
	e->nfds = n;
	e->worker = fp->worker ? fp->worker->tid : -1;
	e->cwd_ino = fp->cwd ? fp->cwd->ino : 0;
}

static void fproc_setup(struct fproc *fp, mx_endpoint_t ep)
{
	memset(fp->fd, 0, sizeof(fp->fd));
	fp->ep = ep;
	fp->pid = 0;
	fp->cloexec = 0;
	fp->worker = NULL;
	fp->pm_waiter = NULL;
	fp->umask = 022;
	fp->root = vmnts[0].root;
	fp->cwd = vmnts[0].root;
	if (fp->root) {
		dup_vnode(fp->root);
		dup_vnode(fp->cwd);
	}
	strcpy(fp->cwd_path, "/");
	fp->pub->blocked_on = 0;
	fp->pub->blocked_ep = MX_NONE;
	fproc_update(fp);
}

/* Close everything fp has and free its entry (a worker's job). */
void fproc_release(struct worker *w, struct fproc *fp)
{
	end_suspended(w, fp, 0);
	for (int i = 0; i < MX_OPEN_MAX; i++)
		if (fp->fd[i])
			close_fd(w, fp, i);
	struct vnode *cwd = fp->cwd, *root = fp->root;
	fp->cwd = fp->root = NULL;
	if (cwd)
		put_vnode(w, cwd);
	if (root)
		put_vnode(w, root);
	fp->ep = MX_NONE;
	fp->pid = 0;
	fproc_update(fp);
	fp->pub->ep = MX_NONE;
}

/*
 * The entry of ep.  A slot still held by an older endpoint (its exit never
 * reached us) is cleaned up first.  create = 0: NULL if ep is unknown.
 */
struct fproc *fproc_get(mx_endpoint_t ep, int create)
{
	if (ep < 0 || MX_EP_SPECIAL(ep) || MX_EP_SLOT(ep) >= NR_PROCS)
		return NULL;
	struct fproc *fp = &fproc[MX_EP_SLOT(ep)];
	if (fp->ep == ep)
		return fp;
	if (!create)
		return NULL;
	if (fp->ep != MX_NONE) {
		struct worker *w = self();
		if (fp->worker || !w)
			return NULL;                 /* still busy with the old one */
		fproc_release(w, fp);
	}
	fproc_setup(fp, ep);
	return fp;
}

/*
 * End fp's suspended call (a pipe or select that waits for another
 * process): answered EINTR, or with the bytes a write moved already, if
 * reply is set (a signal); silently if the process is exiting.
 */
void end_suspended(struct worker *w, struct fproc *fp, int reply)
{
	if (fp->susp == SUSP_NONE)
		return;
	int r = fp->susp == SUSP_PIPE && fp->susp_done > 0 ? (int)fp->susp_done : -MX_EINTR;
	mx_message m = fp->susp_msg;
	struct filp *f = fp->susp_filp;
	fp->susp = SUSP_NONE;
	fp->susp_filp = NULL;
	fp->susp_vp = NULL;
	fp->pub->blocked_on = 0;
	if (reply)
		reply_to(fp->ep, r, &m);
	if (f)
		put_filp(w, f);
}

/*
 * End the call a worker is running for fp's process (signal or exit).
 * Returns 1 if the call will now end soon (it waits for a driver), 0 if
 * it goes on by itself (a file-system request, a lock); either way it
 * will not suspend itself again.
 */
static int cancel_call(struct fproc *fp)
{
	struct worker *w = fp->worker;
	if (!w)
		return 0;
	int ends = 0;
	switch (w->wait) {
	case W_REPLY:
		if (w->minor_waiting != 0xffffffffu) {
			if (!w->cancelled)
				dev_cancel(w);             /* the driver answers early */
			ends = 1;
		}
		break;
	default:
		break;
	}
	w->cancelled = 1;
	return ends;
}

/* Sleep until the call of fp's process has been answered. */
static void wait_call_end(struct worker *w, struct fproc *fp)
{
	while (fp->worker && fp->worker != w) {
		fp->pm_waiter = w;
		worker_sleep(w, W_JOB);
	}
	fp->pm_waiter = NULL;
}

int do_pm_setpid(struct worker *w)
{
	struct vfs_pm_setpid *a = BODY(w, struct vfs_pm_setpid);
	struct fproc *fp = fproc_get(a->ep, 1);
	if (!fp)
		return -MX_EINVAL;
	fp->pid = a->pid;
	fproc_update(fp);
	return 0;
}

int do_pm_fork(struct worker *w)
{
	struct vfs_pm_fork *a = BODY(w, struct vfs_pm_fork);
	struct fproc *pp = fproc_get(a->parent, 1), *cp;
	if (!pp)
		return -MX_EINVAL;
	if (a->child == a->parent || !(cp = fproc_get(a->child, 1)))
		return -MX_EINVAL;
	for (int i = 0; i < MX_OPEN_MAX; i++) {
		if (cp->fd[i])
			close_fd(w, cp, i);
		cp->fd[i] = pp->fd[i];
		if (cp->fd[i])
			cp->fd[i]->count++;
	}
	cp->cloexec = pp->cloexec;
	cp->umask = pp->umask;
	struct vnode *oc = cp->cwd, *or = cp->root;
	cp->cwd = pp->cwd;
	cp->root = pp->root;
	if (cp->cwd)
		dup_vnode(cp->cwd);
	if (cp->root)
		dup_vnode(cp->root);
	if (oc)
		put_vnode(w, oc);
	if (or)
		put_vnode(w, or);
	strcpy(cp->cwd_path, pp->cwd_path);
	cp->pid = a->child_pid;
	fproc_update(cp);
	return 0;
}

int do_pm_exit(struct worker *w)
{
	struct vfs_pm_exit *a = BODY(w, struct vfs_pm_exit);
	struct fproc *fp = fproc_get(a->ep, 0);
	if (!fp)
		return 0;                          /* never made a call: nothing to do */
	/* A call still running ends early (EINTR) and lets go of fp first. */
	end_suspended(w, fp, 0);
	cancel_call(fp);
	wait_call_end(w, fp);
	fproc_release(w, fp);
	return 0;
}

int do_pm_unpause(struct worker *w)
{
	struct vfs_pm_unpause *a = BODY(w, struct vfs_pm_unpause);
	struct fproc *fp = fproc_get(a->ep, 0);
	/*
	 * As in MINIX, the call ends (EINTR) before PM hears back, so PM can
	 * run the handler at once.  A call that is not waiting for something
	 * a signal can end (a file-system request, a lock) is not waited for.
	 */
	if (!fp)
		return 0;
	end_suspended(w, fp, 1);
	if (cancel_call(fp))
		wait_call_end(w, fp);
	return 0;
}
