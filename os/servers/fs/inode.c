/*
 * Inodes in core.  count is every reference: VFS's (one per lookup or
 * create it has not put yet) and the transient ones of a request.  When
 * the last goes, an inode without links is truncated and freed; a changed
 * one is written back to its block.
 */
#include "fs.h"

static struct inode inodes[NR_INODES];

static uint32_t inode_block(uint32_t ino)
{
	return 2 + sb.imap_blocks + sb.zmap_blocks + ino / MXFS_INODES_PER_BLOCK;
}

void rw_inode(struct inode *ip, int write)
{
	struct buf *bp = get_block(inode_block(ip->ino), BLK_READ);
	struct mxfs_inode *d = &bp->b.ino[ip->ino % MXFS_INODES_PER_BLOCK];
	if (write) {
		*d = ip->d;
		ip->dirty = 0;
	} else {
		ip->d = *d;
	}
	put_block(bp, write);
}

/* The inode ino, with a reference; NULL if ino is out of range or free. */
struct inode *get_inode(uint32_t ino)
{
	struct inode *slot = NULL;
	if (ino == 0 || ino >= sb.ninodes)
		return NULL;
	for (int i = 0; i < NR_INODES; i++) {
		struct inode *ip = &inodes[i];
		if (ip->count > 0 && ip->ino == ino) {
			ip->count++;
			return ip;
		}
		if (ip->count == 0 && !slot)
			slot = ip;
	}
	if (!slot) {
		sys_printf("fs: inode table full\n");
		return NULL;
	}
	slot->ino = ino;
	slot->count = 1;
	slot->dirty = 0;
	rw_inode(slot, 0);
	if (slot->d.mode == 0) {
		slot->count = 0;
		slot->ino = 0;
		return NULL;
	}
	return slot;
}

void dup_inode(struct inode *ip)
{
	ip->count++;
}

void put_inode(struct inode *ip)
{
	if (!ip || ip->count <= 0)
		return;
	if (--ip->count > 0)
		return;
	if (ip->d.nlinks == 0) {
		truncate_inode(ip, 0);
		ip->d.mode = 0;
		ip->dirty = 1;
		free_bit(0, ip->ino);
	}
	if (ip->dirty)
		rw_inode(ip, 1);
	ip->ino = 0;
}

/* A new inode with one reference and no links yet; NULL when none is free. */
struct inode *alloc_inode(uint16_t mode, uint16_t uid, uint16_t gid)
{
	uint32_t ino = alloc_bit(0);
	if (!ino)
		return NULL;
	struct inode *slot = NULL;
	for (int i = 0; i < NR_INODES && !slot; i++)
		if (inodes[i].count == 0)
			slot = &inodes[i];
	if (!slot) {
		free_bit(0, ino);
		return NULL;
	}
	memset(slot, 0, sizeof(*slot));
	slot->ino = ino;
	slot->count = 1;
	slot->d.mode = mode;
	slot->d.uid = uid;
	slot->d.gid = gid;
	uint32_t now = fs_now();
	slot->d.atime = slot->d.mtime = slot->d.ctime = now;
	slot->dirty = 1;
	rw_inode(slot, 1);
	return slot;
}

void inode_touch(struct inode *ip, int atime, int mtime, int ctime)
{
	uint32_t now = fs_now();
	if (atime)
		ip->d.atime = now;
	if (mtime)
		ip->d.mtime = now;
	if (ctime)
		ip->d.ctime = now;
	ip->dirty = 1;
}

/* Write every changed inode in core to its block (sync). */
void sync_inodes(void)
{
	for (int i = 0; i < NR_INODES; i++)
		if (inodes[i].count > 0 && inodes[i].dirty)
			rw_inode(&inodes[i], 1);
}
