/*
 * Vnodes (inodes in use, by file system and number, and pipes) and vmnts.
 * A vnode's ref counts filps, working and root directories and workers
 * holding it; when the last goes, the references FS gave us go back with
 * one FS_PUTNODE.
 */
#include "proto.h"

struct vnode vnodes[NR_VNODES];
struct vmnt vmnts[NR_VMNTS];
static struct pipebuf pipes[NR_PIPES];
static uint32_t pipe_ino = 0x80000000u;

#define VNODE_LOCK_BASE NR_VMNTS

void vnode_init(void)
{
	for (int i = 0; i < NR_VMNTS; i++) {
		char name[20];
		snprintf(name, sizeof(name), i ? "vmnt %d (scratch)" : "vmnt %d (root)", i);
		tll_setup(&vmnts[i].lock, i, MX_LK_VMNT, (uint32_t)i, name);
	}
	vmnts[0].in_use = 1;
	vmnts[0].dev = MX_MAKEDEV(MX_MAJOR_MEM, MX_MINOR_RAM);
	vmnts[0].fs_ep = MX_FS;
	strncpy(vmnts[0].name, "/", sizeof(vmnts[0].name) - 1);
}

struct vnode *find_vnode(struct vmnt *vmp, uint32_t ino)
{
	for (int i = 0; i < NR_VNODES; i++)
		if (vnodes[i].ref > 0 && vnodes[i].vmp == vmp && vnodes[i].ino == ino)
			return &vnodes[i];
	return NULL;
}

static struct vnode *alloc_vnode(void)
{
	for (int i = 0; i < NR_VNODES; i++) {
		struct vnode *vp = &vnodes[i];
		if (vp->ref)
			continue;
		memset(vp, 0, sizeof(*vp));
		vp->ref = 1;
		return vp;
	}
	return NULL;
}

static void name_lock(struct vnode *vp, const char *what)
{
	char name[20];
	int i = (int)(vp - vnodes);
	snprintf(name, sizeof(name), "%s %u", what, vp->ino & 0x7fffffffu);
	tll_setup(&vp->lock, VNODE_LOCK_BASE + i, MX_LK_VNODE, vp->ino, name);
}

/*
 * The vnode for a node FS just gave us one reference to, with one
 * reference for the caller; NULL (and the FS reference handed back by the
 * caller) if the table is full.
 */
struct vnode *get_vnode(struct vmnt *vmp, const struct fs_node *n)
{
	struct vnode *vp = find_vnode(vmp, n->ino);
	if (vp) {
		vp->ref++;
	} else {
		if (!(vp = alloc_vnode()))
			return NULL;
		vp->vmp = vmp;
		vp->ino = n->ino;
		name_lock(vp, "vnode");
	}
	vp->fs_count++;
	vp->mode = n->mode;
	vp->size = n->size;
	vp->nlink = n->nlink;
	vp->uid = n->uid;
	vp->gid = n->gid;
	vp->rdev = n->rdev;
	return vp;
}

/* A vnode for a new pipe, with its buffer; NULL if none is free. */
struct vnode *new_pipe_vnode(void)
{
	struct pipebuf *pb = NULL;
	for (int i = 0; i < NR_PIPES && !pb; i++)
		if (!pipes[i].in_use)
			pb = &pipes[i];
	if (!pb)
		return NULL;
	struct vnode *vp = alloc_vnode();
	if (!vp)
		return NULL;
	pb->in_use = 1;
	pb->head = pb->count = 0;
	vp->pipe = pb;
	vp->ino = ++pipe_ino;
	vp->mode = MX_S_IFIFO | 0600;
	vp->nlink = 1;
	name_lock(vp, "pipe");
	return vp;
}

void dup_vnode(struct vnode *vp)
{
	vp->ref++;
}

void put_vnode(struct worker *w, struct vnode *vp)
{
	if (!vp || vp->ref <= 0)
		return;
	if (vp->ref > 1) {
		vp->ref--;
		return;
	}
	/*
	 * The last reference: give FS its references back before the slot is
	 * reused.  Another worker may find the vnode while we wait; then it lives on.
	 */
	int count = vp->fs_count;
	vp->fs_count = 0;
	if (vp->vmp && count > 0)
		req_putnode(w, vp->vmp, vp->ino, count);
	if (--vp->ref > 0)
		return;
	if (vp->pipe)
		vp->pipe->in_use = 0;
	tll_retire(&vp->lock);
}
