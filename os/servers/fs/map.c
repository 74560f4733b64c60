/*
 * From file positions to zones: 7 direct zones, one single indirect and
 * one double indirect block (mx/fs.h).  Zone 0 is a hole that reads as
 * zeroes.
 */
#include "fs.h"

#define NIND MXFS_ZONES_PER_IND

/* The zone holding byte pos of ip, or NO_ZONE. */
uint32_t read_map(struct inode *ip, uint32_t pos)
{
	uint32_t n = pos / BLOCK, z;
	if (n < MXFS_NR_DZONES)
		return ip->d.zone[n];
	n -= MXFS_NR_DZONES;
	if (n < NIND) {
		if (!(z = ip->d.zone[MXFS_IND]))
			return NO_ZONE;
		struct buf *bp = get_block(z, BLK_READ);
		z = bp->b.ind[n];
		put_block(bp, 0);
		return z;
	}
	n -= NIND;
	if (n >= NIND * NIND || !(z = ip->d.zone[MXFS_DIND]))
		return NO_ZONE;
	struct buf *bp = get_block(z, BLK_READ);
	z = bp->b.ind[n / NIND];
	put_block(bp, 0);
	if (!z)
		return NO_ZONE;
	bp = get_block(z, BLK_READ);
	z = bp->b.ind[n % NIND];
	put_block(bp, 0);
	return z;
}

/* *slot, allocating a zone for it if it is empty. */
static int fill(uint32_t *slot, int *changed)
{
	if (*slot)
		return 0;
	if (!(*slot = alloc_zone()))
		return -MX_ENOSPC;
	*changed = 1;
	return 0;
}

/* The zone for byte pos of ip, allocated (with indirect blocks) if missing. */
int write_map(struct inode *ip, uint32_t pos, uint32_t *zone)
{
	uint32_t n = pos / BLOCK;
	int changed = 0, r;
	if (n < MXFS_NR_DZONES) {
		r = fill(&ip->d.zone[n], &changed);
		*zone = ip->d.zone[n];
		if (changed)
			ip->dirty = 1;
		return r;
	}
	n -= MXFS_NR_DZONES;
	uint32_t *top = n < NIND ? &ip->d.zone[MXFS_IND] : &ip->d.zone[MXFS_DIND];
	if (n >= NIND && n - NIND >= NIND * NIND)
		return -MX_EFBIG;
	if ((r = fill(top, &changed)) < 0)
		return r;
	if (changed)
		ip->dirty = 1;
	struct buf *bp = get_block(*top, BLK_READ);
	if (n < NIND) {
		changed = 0;
		r = fill(&bp->b.ind[n], &changed);
		*zone = bp->b.ind[n];
		put_block(bp, changed);
		return r;
	}
	n -= NIND;
	changed = 0;
	r = fill(&bp->b.ind[n / NIND], &changed);
	uint32_t mid = bp->b.ind[n / NIND];
	put_block(bp, changed);
	if (r < 0)
		return r;
	bp = get_block(mid, BLK_READ);
	changed = 0;
	r = fill(&bp->b.ind[n % NIND], &changed);
	*zone = bp->b.ind[n % NIND];
	put_block(bp, changed);
	return r;
}

/* Free the zones of an indirect block from entry first on; the block goes too if first is 0. */
static void free_ind(uint32_t z, uint32_t first, int depth)
{
	if (!z)
		return;
	struct buf *bp = get_block(z, BLK_READ);
	for (uint32_t i = first; i < NIND; i++) {
		if (!bp->b.ind[i])
			continue;
		if (depth > 1)
			free_ind(bp->b.ind[i], 0, depth - 1);
		else
			free_zone(bp->b.ind[i]);
		bp->b.ind[i] = 0;
	}
	put_block(bp, 1);
	if (first == 0)
		free_zone(z);
}

/* Zero bytes [from, end of its block) so a later growth reads zeroes there. */
static void zero_tail(struct inode *ip, uint32_t from)
{
	if (from % BLOCK == 0)
		return;
	uint32_t z = read_map(ip, from);
	if (!z)
		return;
	struct buf *bp = get_block(z, BLK_READ);
	memset(bp->b.data + from % BLOCK, 0, BLOCK - from % BLOCK);
	put_block(bp, 1);
}

/* Set ip's size to length, freeing every zone wholly past it. */
int truncate_inode(struct inode *ip, uint32_t length)
{
	uint32_t mode = ip->d.mode & MX_S_IFMT;
	if (mode == MX_S_IFCHR || mode == MX_S_IFBLK) {
		ip->d.size = 0;
		return 0;
	}
	if (length > sb.max_size)
		return -MX_EFBIG;
	if (length < ip->d.size) {
		uint32_t keep = (length + BLOCK - 1) / BLOCK;     /* blocks still in use */
		for (uint32_t i = keep; i < MXFS_NR_DZONES; i++)
			if (ip->d.zone[i]) {
				free_zone(ip->d.zone[i]);
				ip->d.zone[i] = 0;
			}
		uint32_t ind_keep = keep > MXFS_NR_DZONES ? keep - MXFS_NR_DZONES : 0;
		if (ind_keep < NIND) {
			free_ind(ip->d.zone[MXFS_IND], ind_keep, 1);
			if (ind_keep == 0)
				ip->d.zone[MXFS_IND] = 0;
		}
		uint32_t dind_keep = ind_keep > NIND ? ind_keep - NIND : 0;
		if (ip->d.zone[MXFS_DIND]) {
			if (dind_keep == 0) {
				free_ind(ip->d.zone[MXFS_DIND], 0, 2);
				ip->d.zone[MXFS_DIND] = 0;
			} else {
				/* Keep the first dind_keep zones of the double indirect tree. */
				struct buf *bp = get_block(ip->d.zone[MXFS_DIND], BLK_READ);
				uint32_t full = dind_keep / NIND, part = dind_keep % NIND;
				for (uint32_t i = full; i < NIND; i++) {
					if (!bp->b.ind[i])
						continue;
					if (i == full && part) {
						free_ind(bp->b.ind[i], part, 1);
					} else {
						free_ind(bp->b.ind[i], 0, 1);
						bp->b.ind[i] = 0;
					}
				}
				put_block(bp, 1);
			}
		}
		zero_tail(ip, length);
	}
	ip->d.size = length;
	inode_touch(ip, 0, 1, 1);
	return 0;
}
