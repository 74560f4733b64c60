/*
 * Suspended calls: a pipe read or write, or a select, that must wait for
 * another process gives its worker back and waits in its fproc (vfs.h);
 * worker.c revives it when something changes.  Select timeouts come from
 * CLOCK, one alarm for the earliest of them.
 */
#include "proto.h"

/*
 * End w's job without an answer: the caller's call waits in its fproc for
 * why (a pipe vp, or select), with f held and done bytes moved so far.
 */
void suspend(struct worker *w, enum susp_kind why, struct filp *f, struct vnode *vp, uint32_t done)
{
	struct fproc *fp = w->fp;
	fp->susp = why;
	fp->susp_msg = w->msg;
	fp->susp_done = done;
	fp->susp_vp = vp;
	fp->susp_filp = f;
	if (why != SUSP_SELECT)
		fp->susp_deadline = 0;
	if (f)
		f->count++;
	fp->pub->blocked_on = why == SUSP_PIPE ? MX_FPB_PIPE : MX_FPB_SELECT;
	fp->pub->blocked_ep = MX_NONE;
	if (why == SUSP_SELECT)
		arm_alarm();
}

/* Ask CLOCK for the earliest select timeout. */
void arm_alarm(void)
{
	uint64_t first = 0;
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fproc[i];
		if (fp->susp == SUSP_SELECT && fp->susp_deadline && (!first || fp->susp_deadline < first))
			first = fp->susp_deadline;
	}
	if (first)
		sys_setalarm((uint32_t)first, 1, NULL);
}

/* CLOCK says an alarm went off: revive the selects whose timeout passed (main thread). */
void clock_expired(void)
{
	uint64_t now = sys_uptime();
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fproc[i];
		if (fp->susp == SUSP_SELECT && fp->susp_deadline && fp->susp_deadline <= now)
			revive(fp);
	}
	arm_alarm();
}
