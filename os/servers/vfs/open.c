/*
 * Opening, closing and changing the name space: open, close, mkdir,
 * unlink, rmdir, rename.  Locks, in the seeds' order: the vmnt (VMNT_WRITE
 * while a directory changes, VMNT_EXCL for rename), then the directory's
 * vnode VNODE_WRITE, then the file's vnode (VNODE_OPCL, upgraded to write
 * for O_TRUNC).
 */
#include "proto.h"

/* Look name up in the locked directory dp, or create it; vp comes back locked. */
static int open_or_create(struct worker *w, struct fproc *fp, struct vmnt *vmp, struct vnode *dp,
			  const char *name, uint32_t flags, uint32_t mode, struct vnode **vpp, int *created)
{
	struct fs_node n;
	int r = req_lookup(w, vmp, dp->ino, fp->root->ino, name, &n);
	*created = 0;
	if (r == 0 && (flags & MX_O_EXCL)) {
		req_putnode(w, vmp, n.ino, 1);
		return -MX_EEXIST;
	}
	if (r == -MX_ENOENT) {
		r = req_create(w, vmp, MX_FS_CREATE, dp->ino, name,
			       MX_S_IFREG | (mode & ~fp->umask & 07777), 0, &n);
		*created = r == 0;
	}
	if (r < 0)
		return r;
	struct vnode *vp = get_vnode(vmp, &n);
	if (!vp) {
		req_putnode(w, vmp, n.ino, 1);
		return -MX_ENFILE;
	}
	lock_vnode(vp, *created ? VNODE_WRITE : VNODE_OPCL);
	*vpp = vp;
	return 0;
}

int do_open(struct worker *w)
{
	struct vfs_open *a = BODY(w, struct vfs_open);
	struct fproc *fp = w->fp;
	uint32_t flags = a->flags, acc = flags & MX_O_ACCMODE;
	struct vmnt *vmp = NULL;
	struct vnode *vp = NULL, *dp = NULL;
	int created = 0, r, fd;
	if (acc == MX_O_ACCMODE)
		return -MX_EINVAL;
	if ((r = fetch_path(w, fp->ep, a->path, a->path_len, w->path)) < 0)
		return r;
	if ((fd = get_fd(fp, 0)) < 0)
		return fd;
	if (flags & MX_O_CREAT) {
		char *name;
		if ((r = last_dir(w, fp, w->path, VMNT_WRITE, &vmp, &dp, &name)) < 0)
			return r == -MX_EBUSY ? -MX_EISDIR : r;
		r = open_or_create(w, fp, vmp, dp, name, flags, a->mode, &vp, &created);
		unlock_vnode(dp);
		put_vnode(w, dp);
		if (r < 0) {
			unlock_vmnt(vmp);
			return r;
		}
	} else if ((r = eat_path(w, fp, w->path, VMNT_READ, VNODE_OPCL, &vmp, &vp)) < 0) {
		return r;
	}

	uint32_t type = vp->mode & MX_S_IFMT;
	if (type == MX_S_IFDIR && (acc != MX_O_RDONLY || (flags & MX_O_TRUNC)))
		r = -MX_EISDIR;
	else if ((flags & MX_O_DIRECTORY) && type != MX_S_IFDIR)
		r = -MX_ENOTDIR;
	else if (type == MX_S_IFREG && (flags & MX_O_TRUNC) && acc != MX_O_RDONLY && !created) {
		/* The seeds: upgrade the vnode lock when truncating. */
		if ((r = tll_upgrade(&vp->lock)) == 0)
			r = req_trunc(w, vp, 0);
	} else if (type == MX_S_IFCHR || type == MX_S_IFBLK)
		r = dev_open(w, fp, vp->rdev, flags);
	else if (type == MX_S_IFIFO)
		r = -MX_ENXIO;                     /* named pipes: not supported */
	struct filp *f = NULL;
	if (r == 0 && !(f = new_filp(vp, flags & (MX_O_ACCMODE | MX_O_APPEND | MX_O_NONBLOCK)))) {
		if (type == MX_S_IFCHR || type == MX_S_IFBLK)
			dev_close(w, vp->rdev);
		r = -MX_ENFILE;
	}
	unlock_vnode(vp);
	unlock_vmnt(vmp);
	if (r < 0) {
		put_vnode(w, vp);
		return r;
	}
	fp->fd[fd] = f;                          /* the filp takes our vnode reference */
	if (flags & MX_O_CLOEXEC)
		fp->cloexec |= 1u << fd;
	fproc_update(fp);
	return fd;
}

int do_close(struct worker *w)
{
	return close_fd(w, w->fp, BODY(w, struct vfs_close)->fd);
}

int do_mkdir(struct worker *w)
{
	struct vfs_path *a = BODY(w, struct vfs_path);
	struct fproc *fp = w->fp;
	struct vmnt *vmp;
	struct vnode *dp;
	char *name;
	int r = fetch_path(w, fp->ep, a->path, a->path_len, w->path);
	if (r < 0)
		return r;
	if ((r = last_dir(w, fp, w->path, VMNT_WRITE, &vmp, &dp, &name)) < 0)
		return r == -MX_EBUSY ? -MX_EEXIST : r;
	r = req_create(w, vmp, MX_FS_MKDIR, dp->ino, name, a->mode & ~fp->umask & 07777, 0, NULL);
	put_path(w, vmp, dp);
	return r;
}

/* VFS_UNLINK and VFS_RMDIR. */
int do_unlink(struct worker *w)
{
	struct vfs_path *a = BODY(w, struct vfs_path);
	struct fproc *fp = w->fp;
	int rmdir = w->msg.m_type == MX_VFS_RMDIR;
	struct vmnt *vmp;
	struct vnode *dp;
	char *name;
	int r = fetch_path(w, fp->ep, a->path, a->path_len, w->path);
	if (r < 0)
		return r;
	if ((r = last_dir(w, fp, w->path, VMNT_WRITE, &vmp, &dp, &name)) < 0)
		return r == -MX_EBUSY && !rmdir ? -MX_EISDIR : r;
	r = req_unlink(w, vmp, rmdir ? MX_FS_RMDIR : MX_FS_UNLINK, dp->ino, name);
	put_path(w, vmp, dp);
	return r;
}

/* rename: the vmnt exclusively (two directories change), then both directories. */
int do_rename(struct worker *w)
{
	struct vfs_rename *a = BODY(w, struct vfs_rename);
	struct fproc *fp = w->fp;
	char odir[MX_PATH_MAX], ndir[MX_PATH_MAX], *oname, *nname;
	struct vmnt *vmp = &vmnts[0];
	struct vnode *odp = NULL, *ndp = NULL;
	int r;
	if ((r = fetch_path(w, fp->ep, a->old_path, a->old_len, w->path)) < 0 ||
	    (r = fetch_path(w, fp->ep, a->new_path, a->new_len, w->path2)) < 0)
		return r;
	if ((r = split_path(w->path, odir, &oname)) < 0 || (r = split_path(w->path2, ndir, &nname)) < 0)
		return r;
	if (!vmp->root)
		return -MX_ENXIO;
	lock_vmnt(vmp, VMNT_EXCL);
	if ((r = resolve_dir(w, fp, vmp, odir, &odp)) < 0)
		goto out;
	if ((r = resolve_dir(w, fp, vmp, ndir, &ndp)) < 0)
		goto out;
	lock_vnode(odp, VNODE_WRITE);
	if (ndp != odp)
		lock_vnode(ndp, VNODE_WRITE);
	r = req_rename(w, vmp, odp->ino, oname, ndp->ino, nname);
	if (ndp != odp)
		unlock_vnode(ndp);
	unlock_vnode(odp);
out:
	if (ndp)
		put_vnode(w, ndp);
	if (odp)
		put_vnode(w, odp);
	unlock_vmnt(vmp);
	return r;
}
