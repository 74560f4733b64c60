/*
 * Reading and writing: read, write, lseek, getdents, ftruncate, sync.
 * Regular files: the vnode (VNODE_READ to read, VNODE_WRITE to write),
 * then the filp, held while the data moves through the worker's buffer
 * IO_CHUNK bytes at a time.  Character devices hold no lock while the
 * driver works (a tty read may wait for a long time); pipes are in pipe.c.
 */
#include "proto.h"

static int can_read(const struct filp *f)  { return (f->flags & MX_O_ACCMODE) != MX_O_WRONLY; }
static int can_write(const struct filp *f) { return (f->flags & MX_O_ACCMODE) != MX_O_RDONLY; }

static int file_rw(struct worker *w, struct filp *f, int write, uint32_t buf, uint32_t len)
{
	struct vnode *vp = f->vp;
	uint32_t done = 0, bytes;
	int r = 0;
	lock_vnode(vp, write ? VNODE_WRITE : VNODE_READ);
	lock_filp(f, TLL_WRITE);
	uint32_t pos = (write && (f->flags & MX_O_APPEND)) ? vp->size : f->pos;
	while (done < len) {
		uint32_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		if (write && (r = copy_from_user(w, w->fp->ep, buf + done, w->buf, n)) < 0)
			break;
		if ((r = req_readwrite(w, vp, pos + done, n, write, &bytes)) < 0)
			break;
		if (!write && (r = copy_to_user(w, w->fp->ep, buf + done, w->buf, bytes)) < 0)
			break;
		done += bytes;
		if (bytes < n)
			break;                         /* end of file, or the disk is full */
	}
	f->pos = pos + done;
	unlock_filp(f);
	unlock_vnode(vp);
	return done > 0 ? (int)done : r;
}

static int dev_rw(struct worker *w, struct filp *f, int write, uint32_t buf, uint32_t len)
{
	struct vnode *vp = f->vp;
	int block = MX_S_ISBLK(vp->mode);
	uint32_t done = 0, bytes;
	int r = 0;
	lock_filp(f, TLL_WRITE);
	uint32_t pos = f->pos, flags = f->flags;
	unlock_filp(f);
	while (done < len && !w->cancelled) {
		uint32_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		if (write && (r = copy_from_user(w, w->fp->ep, buf + done, w->buf, n)) < 0)
			break;
		if ((r = dev_io(w, vp->rdev, write, pos + done, n, flags, &bytes)) < 0)
			break;
		if (!write && (r = copy_to_user(w, w->fp->ep, buf + done, w->buf, bytes)) < 0)
			break;
		done += bytes;
		if (bytes < n || (!write && !block))
			break;                         /* a character device gives what it has */
	}
	lock_filp(f, TLL_WRITE);
	f->pos = pos + done;
	unlock_filp(f);
	if (done > 0)
		return (int)done;
	return r < 0 ? r : (w->cancelled ? -MX_EINTR : 0);
}

static int rw(struct worker *w, int write)
{
	struct vfs_io *a = BODY(w, struct vfs_io);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	int r;
	struct vnode *vp = f->vp;
	if (write ? !can_write(f) : !can_read(f))
		r = -MX_EBADF;
	else if (a->len > 0x7fffffffu)
		r = -MX_EINVAL;
	else if (vp->pipe)
		r = pipe_rw(w, f, write, a->buf, a->len);
	else if (MX_S_ISDIR(vp->mode))
		r = -MX_EISDIR;
	else if (a->len == 0)
		r = 0;
	else if (MX_S_ISCHR(vp->mode) || MX_S_ISBLK(vp->mode))
		r = dev_rw(w, f, write, a->buf, a->len);
	else
		r = file_rw(w, f, write, a->buf, a->len);
	put_filp(w, f);
	return r;
}

int do_read(struct worker *w)  { return rw(w, 0); }
int do_write(struct worker *w) { return rw(w, 1); }

int do_lseek(struct worker *w)
{
	struct vfs_lseek *a = BODY(w, struct vfs_lseek);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	struct vnode *vp = f->vp;
	int r = 0;
	if (vp->pipe || (MX_S_ISCHR(vp->mode) && MX_MAJOR(dev_map(vp->rdev)) == MX_MAJOR_TTY)) {
		put_filp(w, f);
		return -MX_ESPIPE;
	}
	lock_vnode(vp, VNODE_READ);
	lock_filp(f, TLL_WRITE);
	int64_t base = a->whence == MX_SEEK_SET ? 0 : a->whence == MX_SEEK_CUR ? (int64_t)f->pos :
		       a->whence == MX_SEEK_END ? (int64_t)vp->size : -1;
	int64_t pos = base + a->offset;
	if (base < 0 || (a->whence != MX_SEEK_SET && a->whence != MX_SEEK_CUR && a->whence != MX_SEEK_END))
		r = -MX_EINVAL;
	else if (pos < 0 || pos > 0x7fffffff)
		r = pos < 0 ? -MX_EINVAL : -MX_EOVERFLOW;
	else
		f->pos = (uint32_t)pos;
	a->pos = (int32_t)f->pos;
	unlock_filp(f);
	unlock_vnode(vp);
	put_filp(w, f);
	return r;
}

int do_getdents(struct worker *w)
{
	struct vfs_io *a = BODY(w, struct vfs_io);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	struct vnode *vp = f->vp;
	uint32_t len = a->len < IO_CHUNK ? a->len : IO_CHUNK, bytes = 0, next;
	len -= len % sizeof(struct mx_dirent);
	int r;
	if (!MX_S_ISDIR(vp->mode) || !vp->vmp)
		r = -MX_ENOTDIR;
	else if (len == 0)
		r = -MX_EINVAL;
	else {
		lock_vnode(vp, VNODE_READ);
		lock_filp(f, TLL_WRITE);
		r = req_getdents(w, vp, f->pos, len, &bytes, &next);
		if (r == 0 && (r = copy_to_user(w, w->fp->ep, a->buf, w->buf, bytes)) == 0) {
			f->pos = next;
			r = (int)bytes;
		}
		unlock_filp(f);
		unlock_vnode(vp);
	}
	put_filp(w, f);
	return r;
}

int do_ftruncate(struct worker *w)
{
	struct vfs_ftruncate *a = BODY(w, struct vfs_ftruncate);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	struct vnode *vp = f->vp;
	int r;
	if (!can_write(f))
		r = -MX_EBADF;
	else if (!MX_S_ISREG(vp->mode) || !vp->vmp)
		r = -MX_EINVAL;
	else if (a->length > 0x7fffffffu)
		r = -MX_EINVAL;
	else {
		/* The seeds: FTRUNC takes the vmnt VMNT_READ, then the vnode for writing. */
		lock_vmnt(vp->vmp, VMNT_READ);
		lock_vnode(vp, VNODE_WRITE);
		lock_filp(f, TLL_READ);
		r = req_trunc(w, vp, a->length);
		unlock_filp(f);
		unlock_vnode(vp);
		unlock_vmnt(vp->vmp);
	}
	put_filp(w, f);
	return r;
}

int do_sync(struct worker *w)
{
	struct vmnt *vmp = &vmnts[0];
	if (!vmp->root)
		return 0;
	lock_vmnt(vmp, VMNT_READ);
	int r = req_sync(w, vmp);
	unlock_vmnt(vmp);
	return r;
}
