/*
 * Open file descriptions (filps) and descriptors.  A filp's count is its
 * descriptors (across processes, after fork and dup) plus the workers
 * using it right now; the last one to let go closes it.
 */
#include "proto.h"

struct filp filps[NR_FILPS];

#define FILP_LOCK_BASE (NR_VMNTS + NR_VNODES + 1)

/* fd's filp with an extra reference (put_filp), or NULL. */
struct filp *get_filp(struct fproc *fp, int fd)
{
	if (!fp || fd < 0 || fd >= MX_OPEN_MAX || !fp->fd[fd])
		return NULL;
	fp->fd[fd]->count++;
	return fp->fd[fd];
}

void put_filp(struct worker *w, struct filp *f)
{
	if (f)
		close_filp(w, f);
}

/* A new filp on vp (the caller's reference to vp passes to it), count 1. */
struct filp *new_filp(struct vnode *vp, uint32_t flags)
{
	for (int i = 0; i < NR_FILPS; i++) {
		struct filp *f = &filps[i];
		if (f->count)
			continue;
		char name[20];
		snprintf(name, sizeof(name), "filp %d", i);
		tll_setup(&f->lock, FILP_LOCK_BASE + i, MX_LK_FILP, (uint32_t)i, name);
		f->count = 1;
		f->flags = flags;
		f->pos = 0;
		f->vp = vp;
		return f;
	}
	return NULL;
}

/* The lowest free descriptor of fp at or above from, or -EMFILE. */
int get_fd(struct fproc *fp, int from)
{
	for (int i = from < 0 ? 0 : from; i < MX_OPEN_MAX; i++)
		if (!fp->fd[i])
			return i;
	return -MX_EMFILE;
}

/* Drop one reference; the last closes the device or pipe end and puts the vnode. */
void close_filp(struct worker *w, struct filp *f)
{
	if (f->count <= 0) {
		sys_printf("vfs: filp %d closed too often\n", (int)(f - filps));
		return;
	}
	if (--f->count > 0)
		return;
	struct vnode *vp = f->vp;
	if (vp->pipe)
		pipe_close_end(vp, f->flags);
	else if (MX_S_ISCHR(vp->mode) || MX_S_ISBLK(vp->mode))
		dev_close(w, vp->rdev);
	tll_retire(&f->lock);
	f->vp = NULL;
	put_vnode(w, vp);
}

int close_fd(struct worker *w, struct fproc *fp, int fd)
{
	if (fd < 0 || fd >= MX_OPEN_MAX || !fp->fd[fd])
		return -MX_EBADF;
	struct filp *f = fp->fd[fd];
	fp->fd[fd] = NULL;
	fp->cloexec &= ~(1u << fd);
	close_filp(w, f);
	fproc_update(fp);
	return 0;
}
