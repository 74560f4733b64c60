/* stat, fstat, access, chdir, getcwd. */
#include "proto.h"

/* A pipe's status is VFS's own. */
static void pipe_stat(struct vnode *vp, struct mx_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = vp->ino;
	st->mode = vp->mode;
	st->nlink = 1;
	st->size = vp->pipe->count;
	st->blksize = MX_PIPE_SIZE;
}

int do_stat(struct worker *w)
{
	struct vfs_stat *a = BODY(w, struct vfs_stat);
	struct vmnt *vmp;
	struct vnode *vp;
	struct mx_stat *st = (struct mx_stat *)w->buf;
	int r = fetch_path(w, w->fp->ep, a->path, a->path_len, w->path);
	if (r < 0)
		return r;
	if ((r = eat_path(w, w->fp, w->path, VMNT_READ, VNODE_READ, &vmp, &vp)) < 0)
		return r;
	r = req_stat(w, vp, st);
	put_path(w, vmp, vp);
	return r < 0 ? r : copy_to_user(w, w->fp->ep, a->buf, st, sizeof(*st));
}

int do_fstat(struct worker *w)
{
	struct vfs_fstat *a = BODY(w, struct vfs_fstat);
	struct filp *f = get_filp(w->fp, a->fd);
	struct mx_stat *st = (struct mx_stat *)w->buf;
	int r;
	if (!f)
		return -MX_EBADF;
	struct vnode *vp = f->vp;
	lock_vnode(vp, VNODE_READ);
	if (vp->pipe)
		pipe_stat(vp, st), r = 0;
	else
		r = req_stat(w, vp, st);
	unlock_vnode(vp);
	put_filp(w, f);
	return r < 0 ? r : copy_to_user(w, w->fp->ep, a->buf, st, sizeof(*st));
}

/* Every process is the super-user: only execute permission is checked. */
int do_access(struct worker *w)
{
	struct vfs_path *a = BODY(w, struct vfs_path);
	struct vmnt *vmp;
	struct vnode *vp;
	if (a->mode & ~(uint32_t)(MX_R_OK | MX_W_OK | MX_X_OK))
		return -MX_EINVAL;
	int r = fetch_path(w, w->fp->ep, a->path, a->path_len, w->path);
	if (r < 0)
		return r;
	if ((r = eat_path(w, w->fp, w->path, VMNT_READ, VNODE_READ, &vmp, &vp)) < 0)
		return r;
	if ((a->mode & MX_X_OK) && !MX_S_ISDIR(vp->mode) && !(vp->mode & 0111))
		r = -MX_EACCES;
	put_path(w, vmp, vp);
	return r;
}

int do_chdir(struct worker *w)
{
	struct vfs_path *a = BODY(w, struct vfs_path);
	struct fproc *fp = w->fp;
	struct vmnt *vmp;
	struct vnode *vp;
	char canon[MX_PATH_MAX];
	int r = fetch_path(w, fp->ep, a->path, a->path_len, w->path);
	if (r < 0)
		return r;
	if ((r = canon_path(fp->cwd_path, w->path, canon)) < 0)
		return r;
	if ((r = eat_path(w, fp, w->path, VMNT_READ, VNODE_READ, &vmp, &vp)) < 0)
		return r;
	if (!MX_S_ISDIR(vp->mode)) {
		put_path(w, vmp, vp);
		return -MX_ENOTDIR;
	}
	unlock_vnode(vp);
	unlock_vmnt(vmp);
	struct vnode *old = fp->cwd;
	fp->cwd = vp;                            /* our reference moves to the process */
	strcpy(fp->cwd_path, canon);
	fproc_update(fp);
	if (old)
		put_vnode(w, old);
	return 0;
}

int do_getcwd(struct worker *w)
{
	struct vfs_getcwd *a = BODY(w, struct vfs_getcwd);
	uint32_t n = (uint32_t)strlen(w->fp->cwd_path);
	if (a->len == 0)
		return -MX_EINVAL;
	if (n + 1 > a->len)
		return -MX_ERANGE;
	int r = copy_to_user(w, w->fp->ep, a->buf, w->fp->cwd_path, n + 1);
	return r < 0 ? r : (int)n;
}
