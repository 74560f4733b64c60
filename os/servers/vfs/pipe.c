/*
 * Pipes: a vnode with a buffer of MX_PIPE_SIZE bytes in VFS's memory and
 * no file system behind it.  As the seeds say, pipes are always locked
 * exclusively (VNODE_WRITE), since a read changes the buffer too.  A
 * reader of an empty pipe (or a writer of a full one) is suspended: its
 * call waits in its fproc, without a worker, and runs again when the other
 * side does something or closes; a signal ends it (fproc.c).  Writes of up
 * to MX_PIPE_BUF bytes are atomic.
 */
#include "proto.h"

/* Something changed in pipe vp: the calls waiting for it, and every select, look again. */
void pipe_wakeup(struct vnode *vp)
{
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fproc[i];
		if (fp->susp == SUSP_PIPE && fp->susp_vp == vp)
			revive(fp);
	}
	select_wakeup();
}

/* Copy n bytes between the ring and user memory at buf. */
static int ring_copy(struct worker *w, struct pipebuf *pb, int write, uint32_t buf, uint32_t n)
{
	uint32_t done = 0;
	while (done < n) {
		uint32_t at = write ? (pb->head + pb->count) % MX_PIPE_SIZE : pb->head;
		uint32_t run = MX_PIPE_SIZE - at;
		if (run > n - done)
			run = n - done;
		int r = write ? copy_from_user(w, w->fp->ep, buf + done, pb->data + at, run)
			      : copy_to_user(w, w->fp->ep, buf + done, pb->data + at, run);
		if (r < 0)
			return done ? (int)done : r;
		if (write) {
			pb->count += run;
		} else {
			pb->head = (pb->head + run) % MX_PIPE_SIZE;
			pb->count -= run;
		}
		done += run;
	}
	return (int)done;
}

static void sigpipe(struct fproc *fp)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_PM_KILL;
	MX_BODY(&m, struct pm_kill)->pid = fp->pid;
	MX_BODY(&m, struct pm_kill)->sig = 13;   /* SIGPIPE */
	if (fp->pid > 0)
		asynsend(MX_PM, &m);
}

int pipe_rw(struct worker *w, struct filp *f, int write, uint32_t buf, uint32_t len)
{
	struct vnode *vp = f->vp;
	struct pipebuf *pb = vp->pipe;
	uint32_t done = w->resume_done;           /* a revived write goes on from here */
	int r = 0;
	if (len == 0)
		return 0;
	if (done > len)
		done = len;
	lock_vnode(vp, VNODE_WRITE);
	for (;;) {
		if (done == len)
			break;
		if (!write) {
			if (pb->count > 0) {
				uint32_t n = pb->count < len ? pb->count : len;
				r = ring_copy(w, pb, 0, buf, n);
				if (r > 0)
					done = (uint32_t)r;
				break;                     /* a read takes what is there */
			}
			if (vp->writers == 0)
				break;                     /* end of file */
		} else {
			if (vp->readers == 0) {
				sigpipe(w->fp);
				r = -MX_EPIPE;
				break;
			}
			uint32_t space = MX_PIPE_SIZE - pb->count, want = len - done;
			/* Up to MX_PIPE_BUF bytes go in one piece, or wait. */
			if (space > 0 && (len > MX_PIPE_BUF || space >= want)) {
				uint32_t n = space < want ? space : want;
				r = ring_copy(w, pb, 1, buf + done, n);
				if (r < 0)
					break;
				done += (uint32_t)r;
				pipe_wakeup(vp);
				continue;
			}
		}
		if (f->flags & MX_O_NONBLOCK) {
			r = -MX_EAGAIN;
			break;
		}
		if (w->cancelled) {
			r = -MX_EINTR;                     /* a signal came while we worked */
			break;
		}
		suspend(w, SUSP_PIPE, f, vp, done);
		unlock_vnode(vp);
		return -MX_EDONTREPLY;
	}
	if (done > 0)
		pipe_wakeup(vp);
	unlock_vnode(vp);
	return done > 0 ? (int)done : r;
}

/* Ready for MX_SEL_RD / MX_SEL_WR without waiting? */
int pipe_ready(struct vnode *vp, uint32_t ops)
{
	uint32_t ready = 0;
	if ((ops & MX_SEL_RD) && (vp->pipe->count > 0 || vp->writers == 0))
		ready |= MX_SEL_RD;
	if ((ops & MX_SEL_WR) && (vp->pipe->count < MX_PIPE_SIZE || vp->readers == 0))
		ready |= MX_SEL_WR;
	return (int)ready;
}

/* A filp on the pipe closes: one end fewer. */
void pipe_close_end(struct vnode *vp, uint32_t flags)
{
	if ((flags & MX_O_ACCMODE) == MX_O_RDONLY)
		vp->readers--;
	else
		vp->writers--;
	pipe_wakeup(vp);
}

int do_pipe(struct worker *w)
{
	struct vfs_pipe *a = BODY(w, struct vfs_pipe);
	struct fproc *fp = w->fp;
	if (a->flags & ~(uint32_t)(MX_O_NONBLOCK | MX_O_CLOEXEC))
		return -MX_EINVAL;
	int fd0 = get_fd(fp, 0), fd1;
	if (fd0 < 0)
		return fd0;
	fp->fd[fd0] = (struct filp *)1;        /* reserve it while looking for the second */
	fd1 = get_fd(fp, 0);
	fp->fd[fd0] = NULL;
	if (fd1 < 0)
		return fd1;
	struct vnode *vp = new_pipe_vnode();
	if (!vp)
		return -MX_ENFILE;
	lock_vnode(vp, VNODE_WRITE);
	uint32_t nb = a->flags & MX_O_NONBLOCK;
	struct filp *rf = new_filp(vp, MX_O_RDONLY | nb), *wf = rf ? new_filp(vp, MX_O_WRONLY | nb) : NULL;
	if (!wf) {
		if (rf) {
			rf->count = 0;
			tll_retire(&rf->lock);
		}
		unlock_vnode(vp);
		put_vnode(w, vp);
		return -MX_ENFILE;
	}
	vp->ref = 2;                             /* one per filp */
	vp->readers = vp->writers = 1;
	unlock_vnode(vp);
	fp->fd[fd0] = rf;
	fp->fd[fd1] = wf;
	if (a->flags & MX_O_CLOEXEC)
		fp->cloexec |= (1u << fd0) | (1u << fd1);
	a->fd_read = fd0;
	a->fd_write = fd1;
	fproc_update(fp);
	return 0;
}
