/*
 * Requests to file-system servers (mx/fs.h), and copies to and from user
 * memory.  A worker grants the server access to the buffer of the request
 * it has in flight (one grant at a time, from libsys's grant table); the
 * file system copies with that grant, naming VFS as the granter.
 */
#include "proto.h"

/*
 * Let "to" copy into (MX_GF_WRITE) or out of (MX_GF_READ) addr..addr+len,
 * until grant_clear; the grant's id (from libsys's grant table), or an id
 * no grant has if the table is full (the copy then fails).
 */
uint32_t grant_set(struct worker *w, mx_endpoint_t to, void *addr, uint32_t len, int access)
{
	grant_clear(w);
	w->grant = grant_alloc(to, addr, len, (uint32_t)access);
	if (w->grant < 0)
		sys_printf("vfs: no grant for thread %d: %s\n", w->tid, mx_strerror(w->grant));
	return (uint32_t)w->grant;
}

void grant_clear(struct worker *w)
{
	if (w->grant >= 0)
		grant_free(w->grant);
	w->grant = -1;
}

int copy_to_user(struct worker *w, mx_endpoint_t ep, uint32_t addr, const void *src, uint32_t len)
{
	if (len == 0)
		return 0;
	return sys_vircopy(MX_SELF, (uint32_t)src, ep, addr, len);
}

int copy_from_user(struct worker *w, mx_endpoint_t ep, uint32_t addr, void *dst, uint32_t len)
{
	if (len == 0)
		return 0;
	return sys_vircopy(ep, addr, MX_SELF, (uint32_t)dst, len);
}

/* Send request m of type to fs and wait; the answer's m_type is the result. */
int fs_call(struct worker *w, mx_endpoint_t fs, int type, mx_message *m)
{
	m->m_type = type;
	int r = wait_reply(w, fs, m);
	grant_clear(w);
	if (r < 0)
		return r == -MX_EDEADSRCDST ? -MX_EIO : r;
	return m->m_type > 0 ? -MX_EIO : m->m_type;
}

int req_lookup(struct worker *w, struct vmnt *vmp, uint32_t dir, uint32_t root, const char *path,
	       struct fs_node *res)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_lookup *a = MX_BODY(&m, struct fs_lookup);
	a->dir = dir;
	a->root = root;
	a->len = (uint32_t)strlen(path);
	a->grant = grant_set(w, vmp->fs_ep, (void *)path, a->len, MX_GF_READ);
	int r = fs_call(w, vmp->fs_ep, MX_FS_LOOKUP, &m);
	if (r == 0)
		*res = *MX_BODY(&m, struct fs_node);
	return r;
}

/* FS_CREATE or FS_MKDIR of name in dir; CREATE fills res (with a reference). */
int req_create(struct worker *w, struct vmnt *vmp, int call, uint32_t dir, const char *name,
	       uint32_t mode, uint32_t rdev, struct fs_node *res)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_create *a = MX_BODY(&m, struct fs_create);
	a->dir = dir;
	a->len = (uint32_t)strlen(name);
	a->mode = mode;
	a->rdev = rdev;
	a->grant = grant_set(w, vmp->fs_ep, (void *)name, a->len, MX_GF_READ);
	int r = fs_call(w, vmp->fs_ep, call, &m);
	if (r == 0 && res)
		*res = *MX_BODY(&m, struct fs_node);
	return r;
}

int req_unlink(struct worker *w, struct vmnt *vmp, int call, uint32_t dir, const char *name)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_unlink *a = MX_BODY(&m, struct fs_unlink);
	a->dir = dir;
	a->len = (uint32_t)strlen(name);
	a->grant = grant_set(w, vmp->fs_ep, (void *)name, a->len, MX_GF_READ);
	return fs_call(w, vmp->fs_ep, call, &m);
}

int req_rename(struct worker *w, struct vmnt *vmp, uint32_t odir, const char *oname,
	       uint32_t ndir, const char *nname)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_rename *a = MX_BODY(&m, struct fs_rename);
	uint32_t ol = (uint32_t)strlen(oname), nl = (uint32_t)strlen(nname);
	if (ol + nl > sizeof(w->buf))
		return -MX_ENAMETOOLONG;
	memcpy(w->buf, oname, ol);
	memcpy(w->buf + ol, nname, nl);
	a->old_dir = odir;
	a->new_dir = ndir;
	a->old_len = ol;
	a->new_len = nl;
	a->grant = grant_set(w, vmp->fs_ep, w->buf, ol + nl, MX_GF_READ);
	return fs_call(w, vmp->fs_ep, MX_FS_RENAME, &m);
}

int req_stat(struct worker *w, struct vnode *vp, struct mx_stat *st)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_stat *a = MX_BODY(&m, struct fs_stat);
	a->ino = vp->ino;
	a->grant = grant_set(w, vp->vmp->fs_ep, st, sizeof(*st), MX_GF_WRITE);
	return fs_call(w, vp->vmp->fs_ep, MX_FS_STAT, &m);
}

/* Read or write len (<= IO_CHUNK) bytes at pos through w->buf. */
int req_readwrite(struct worker *w, struct vnode *vp, uint32_t pos, uint32_t len, int write,
		  uint32_t *bytes)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_readwrite *a = MX_BODY(&m, struct fs_readwrite);
	a->ino = vp->ino;
	a->pos = pos;
	a->len = len;
	a->write = (uint32_t)write;
	a->grant = grant_set(w, vp->vmp->fs_ep, w->buf, len, write ? MX_GF_READ : MX_GF_WRITE);
	int r = fs_call(w, vp->vmp->fs_ep, MX_FS_READWRITE, &m);
	if (r == 0) {
		*bytes = a->bytes;
		vp->size = a->size;
	}
	return r;
}

int req_getdents(struct worker *w, struct vnode *vp, uint32_t pos, uint32_t len, uint32_t *bytes,
		 uint32_t *next)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_getdents *a = MX_BODY(&m, struct fs_getdents);
	a->ino = vp->ino;
	a->pos = pos;
	a->len = len;
	a->grant = grant_set(w, vp->vmp->fs_ep, w->buf, len, MX_GF_WRITE);
	int r = fs_call(w, vp->vmp->fs_ep, MX_FS_GETDENTS, &m);
	if (r == 0) {
		*bytes = a->bytes;
		*next = a->next_pos;
	}
	return r;
}

int req_trunc(struct worker *w, struct vnode *vp, uint32_t len)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_trunc *a = MX_BODY(&m, struct fs_trunc);
	a->ino = vp->ino;
	a->length = len;
	int r = fs_call(w, vp->vmp->fs_ep, MX_FS_TRUNC, &m);
	if (r == 0)
		vp->size = len;
	return r;
}

int req_putnode(struct worker *w, struct vmnt *vmp, uint32_t ino, int count)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct fs_putnode *a = MX_BODY(&m, struct fs_putnode);
	a->ino = ino;
	a->count = (uint32_t)count;
	int r = fs_call(w, vmp->fs_ep, MX_FS_PUTNODE, &m);
	if (r < 0)
		sys_printf("vfs: FS refused to put inode %u x%d: %s\n", ino, count, mx_strerror(r));
	return r;
}

int req_mountroot(struct worker *w, struct vmnt *vmp, struct fs_mountroot *res)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct fs_mountroot)->dev = vmp->dev;
	int r = fs_call(w, vmp->fs_ep, MX_FS_MOUNTROOT, &m);
	if (r < 0)
		return r;
	*res = *MX_BODY(&m, struct fs_mountroot);
	struct fs_node root;
	memset(&root, 0, sizeof(root));
	root.ino = res->root_ino;
	root.mode = MX_S_IFDIR | 0755;
	root.nlink = 2;
	struct vnode *vp = get_vnode(vmp, &root);
	if (!vp)
		return -MX_ENFILE;
	vmp->root = vp;
	/* Processes that made calls before the mount get the root now. */
	for (int i = 0; i < NR_PROCS; i++) {
		struct fproc *fp = &fproc[i];
		if (fp->ep == MX_NONE || fp->root)
			continue;
		fp->root = fp->cwd = vp;
		vp->ref += 2;
		fproc_update(fp);
	}
	return 0;
}

int req_sync(struct worker *w, struct vmnt *vmp)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	return fs_call(w, vmp->fs_ep, MX_FS_SYNC, &m);
}
