/* dup, dup2, fcntl, ioctl. */
#include "proto.h"

/* VFS_DUP and VFS_DUP2. */
int do_dup(struct worker *w)
{
	struct vfs_dup *a = BODY(w, struct vfs_dup);
	struct fproc *fp = w->fp;
	if (a->fd < 0 || a->fd >= MX_OPEN_MAX || !fp->fd[a->fd])
		return -MX_EBADF;
	int nfd;
	if (w->msg.m_type == MX_VFS_DUP2) {
		nfd = a->fd2;
		if (nfd < 0 || nfd >= MX_OPEN_MAX)
			return -MX_EBADF;
		if (nfd == a->fd)
			return nfd;
		if (fp->fd[nfd])
			close_fd(w, fp, nfd);
	} else if ((nfd = get_fd(fp, 0)) < 0) {
		return nfd;
	}
	fp->fd[nfd] = fp->fd[a->fd];
	fp->fd[nfd]->count++;
	fp->cloexec &= ~(1u << nfd);
	fproc_update(fp);
	return nfd;
}

int do_fcntl(struct worker *w)
{
	struct vfs_fcntl *a = BODY(w, struct vfs_fcntl);
	struct fproc *fp = w->fp;
	if (a->fd < 0 || a->fd >= MX_OPEN_MAX || !fp->fd[a->fd])
		return -MX_EBADF;
	struct filp *f = fp->fd[a->fd];
	int nfd;
	switch (a->cmd) {
	case MX_F_DUPFD:
		if (a->arg < 0 || a->arg >= MX_OPEN_MAX)
			return -MX_EINVAL;
		if ((nfd = get_fd(fp, a->arg)) < 0)
			return nfd;
		fp->fd[nfd] = f;
		f->count++;
		fp->cloexec &= ~(1u << nfd);
		fproc_update(fp);
		return nfd;
	case MX_F_GETFD:
		return (fp->cloexec >> a->fd) & 1 ? MX_FD_CLOEXEC : 0;
	case MX_F_SETFD:
		if (a->arg & MX_FD_CLOEXEC)
			fp->cloexec |= 1u << a->fd;
		else
			fp->cloexec &= ~(1u << a->fd);
		return 0;
	case MX_F_GETFL:
		return (int)f->flags;
	case MX_F_SETFL: {
		const uint32_t can = MX_O_APPEND | MX_O_NONBLOCK;
		f->count++;
		lock_filp(f, TLL_WRITE);
		f->flags = (f->flags & ~can) | ((uint32_t)a->arg & can);
		unlock_filp(f);
		put_filp(w, f);
		return 0;
	}
	}
	return -MX_EINVAL;
}

int do_ioctl(struct worker *w)
{
	struct vfs_ioctl *a = BODY(w, struct vfs_ioctl);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	uint32_t size = MX_IOC_SIZE(a->req);
	int r = 0;
	if (!MX_S_ISCHR(f->vp->mode))
		r = -MX_ENOTTY;
	else if (size > IO_CHUNK || (size && !(a->req & MX_IOC_INOUT)))
		r = -MX_EINVAL;
	else if (a->req & MX_IOC_IN)
		r = copy_from_user(w, w->fp->ep, a->arg, w->buf, size);
	else
		memset(w->buf, 0, size);
	if (r == 0)
		r = dev_ioctl(w, f->vp->rdev, a->req, size);
	if (r >= 0 && (a->req & MX_IOC_OUT) && size) {
		int c = copy_to_user(w, w->fp->ep, a->arg, w->buf, size);
		if (c < 0)
			r = c;
	}
	put_filp(w, f);
	return r;
}
