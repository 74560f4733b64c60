/*
 * select() on pipes, character devices (the tty) and files.  A worker
 * looks at every descriptor; if none is ready the call is suspended in the
 * caller's fproc (no worker waits) and revived when something may have
 * changed: a pipe was used or closed, a driver reported a watched device
 * ready (drivers are asked with MX_SEL_NOTIFY), the timeout passed, or a
 * signal ends it (fproc.c).
 */
#include "proto.h"

/* Something changed: every suspended select looks again, and one being looked at now does too. */
void select_wakeup(void)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fproc[i];
		if (fp->susp == SUSP_SELECT)
			revive(fp);
		if (fp->in_select)
			fp->sel_changed = 1;
	}
}

static uint32_t fd_ready(struct worker *w, struct filp *f, uint32_t ops, int notify)
{
	struct vnode *vp = f->vp;
	if (vp->pipe)
		return (uint32_t)pipe_ready(vp, ops);
	if (MX_S_ISCHR(vp->mode)) {
		int r = dev_select(w, vp->rdev, ops | (notify ? MX_SEL_NOTIFY : 0));
		return r < 0 ? ops : (uint32_t)r & ops;   /* an error: let the read or write report it */
	}
	return ops & (MX_SEL_RD | MX_SEL_WR);
}

int do_select(struct worker *w)
{
	struct vfs_select *a = BODY(w, struct vfs_select);
	struct fproc *fp = w->fp;
	struct filp *fs[MX_OPEN_MAX];
	if (a->nfds > MX_OPEN_MAX)
		return -MX_EINVAL;
	uint32_t mask = a->nfds == 32 ? 0xffffffffu : (1u << a->nfds) - 1;
	uint32_t rd = a->readfds & mask, wr = a->writefds & mask, ex = a->exceptfds & mask, all = rd | wr | ex;
	for (int i = 0; i < MX_OPEN_MAX; i++)
		if ((all >> i) & 1 && !fp->fd[i])
			return -MX_EBADF;
	/* The timeout counts from the first time round, not from a revival. */
	uint64_t deadline = w->resume_deadline;
	if (!deadline && a->timeout_ms > 0) {
		uint64_t ticks = ((uint64_t)a->timeout_ms * clock_hz + 999) / 1000;
		deadline = sys_uptime() + (ticks ? ticks : 1);
	}
	for (int i = 0; i < MX_OPEN_MAX; i++)
		fs[i] = (all >> i) & 1 ? get_filp(fp, i) : NULL;
	uint32_t rr, rw, re;
	int n, r = 0;
	for (;;) {
		fp->in_select = 1;
		fp->sel_changed = 0;
		rr = rw = re = 0;
		n = 0;
		for (int i = 0; i < MX_OPEN_MAX; i++) {
			if (!fs[i])
				continue;
			uint32_t bit = 1u << i, ops = ((rd & bit) ? MX_SEL_RD : 0) | ((wr & bit) ? MX_SEL_WR : 0) |
						     ((ex & bit) ? MX_SEL_ERR : 0);
			uint32_t got = fd_ready(w, fs[i], ops, a->timeout_ms != 0);
			if (got & MX_SEL_RD)
				rr |= bit, n++;
			if (got & MX_SEL_WR)
				rw |= bit, n++;
			if (got & MX_SEL_ERR)
				re |= bit, n++;
		}
		fp->in_select = 0;
		if (n > 0 || a->timeout_ms == 0)
			break;
		if (w->cancelled) {
			r = -MX_EINTR;
			break;
		}
		if (deadline && sys_uptime() >= deadline)
			break;
		if (fp->sel_changed)
			continue;                        /* something changed while we looked */
		fp->susp_deadline = deadline;
		suspend(w, SUSP_SELECT, NULL, NULL, 0);
		r = -MX_EDONTREPLY;
		break;
	}
	for (int i = 0; i < MX_OPEN_MAX; i++)
		if (fs[i])
			put_filp(w, fs[i]);
	if (r < 0)
		return r;
	a->ready_read = rr;
	a->ready_write = rw;
	a->ready_except = re;
	return n;
}
