/*
 * mmap() of files (VFS_MMAP_FILE).  VM makes the region (a file region:
 * MX_MAP_FILE, every page present), VFS copies the file's contents into it
 * through its worker buffer; bytes past the end of the file stay zero.
 * The mapping is a snapshot: writes to it do not reach the file.
 */
#include "proto.h"

int do_mmap_file(struct worker *w)
{
	struct vfs_mmap_file *a = BODY(w, struct vfs_mmap_file);
	struct filp *f = get_filp(w->fp, a->fd);
	if (!f)
		return -MX_EBADF;
	struct vnode *vp = f->vp;
	int r = 0;
	if (!MX_S_ISREG(vp->mode) || !vp->vmp)
		r = -MX_ENODEV;
	else if ((f->flags & MX_O_ACCMODE) == MX_O_WRONLY)
		r = -MX_EACCES;
	else if ((a->flags & MX_MAP_SHARED) && (a->prot & MX_PROT_WRITE))
		r = -MX_ENOTSUP;
	else if ((a->offset & 0xfff) || a->len == 0 || a->len > 0x40000000u || (a->flags & MX_MAP_ANON))
		r = -MX_EINVAL;
	if (r < 0) {
		put_filp(w, f);
		return r;
	}
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_VM_MMAP;
	struct vm_mmap *v = MX_BODY(&m, struct vm_mmap);
	v->addr = a->addr;
	v->len = a->len;
	v->prot = a->prot;
	v->flags = (a->flags & (MX_MAP_SHARED | MX_MAP_PRIVATE | MX_MAP_FIXED)) | MX_MAP_FILE | MX_MAP_POPULATE;
	v->who = w->fp->ep;
	v->shared_id = vp->ino;
	v->offset = a->offset;
	thread_state(w, MX_TS_IPC_WAIT, -1, TLL_NONE, MX_VM);
	r = mx_sendrec(MX_VM, &m);           /* VM never calls VFS: a short synchronous call */
	thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
	if (r == 0)
		r = m.m_type;
	uint32_t addr = v->result;
	if (r == 0) {
		lock_vnode(vp, VNODE_READ);
		uint32_t len = a->len, bytes;
		for (uint32_t off = 0; off < len && r == 0; off += IO_CHUNK) {
			uint32_t n = len - off < IO_CHUNK ? len - off : IO_CHUNK;
			if ((r = req_readwrite(w, vp, a->offset + off, n, 0, &bytes)) < 0 || bytes == 0)
				break;                       /* the rest is past the end of the file: zeroes */
			r = copy_to_user(w, w->fp->ep, addr + off, w->buf, bytes);
		}
		unlock_vnode(vp);
	}
	put_filp(w, f);
	if (r < 0)
		return r;
	a->result = addr;
	return 0;
}
