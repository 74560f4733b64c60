/*
 * The superblock and the two bitmaps: inodes (bit i = inode i) and zones
 * (bit b = block first_data_zone + b - 1).  Bit 0 of each is never free.
 */
#include "fs.h"

#define BITS_PER_BLOCK (BLOCK * 8)

/* Read and check the superblock (block 1). */
int read_super(void)
{
	static uint8_t raw[BLOCK];
	int r = dev_rw(1, raw, 0);
	if (r < 0)
		return r;
	memcpy(&sb, raw, sizeof(sb));
	if (sb.magic != MXFS_MAGIC || sb.version != MXFS_VERSION || sb.block_size != BLOCK ||
	    sb.ninodes < 2 || sb.nzones < 8 || sb.imap_blocks == 0 || sb.zmap_blocks == 0 ||
	    2 + sb.imap_blocks + sb.zmap_blocks + sb.inode_blocks != sb.first_data_zone ||
	    sb.first_data_zone >= sb.nzones ||
	    sb.inode_blocks * MXFS_INODES_PER_BLOCK < sb.ninodes ||
	    sb.imap_blocks * BITS_PER_BLOCK < sb.ninodes ||
	    sb.zmap_blocks * BITS_PER_BLOCK < sb.nzones - sb.first_data_zone + 1)
		return -MX_EINVAL;
	return 0;
}

static uint32_t map_start(int zmap) { return 2 + (zmap ? sb.imap_blocks : 0); }
static uint32_t map_bits(int zmap)  { return zmap ? sb.nzones - sb.first_data_zone + 1 : sb.ninodes; }

/* Allocate a free bit of a bitmap; 0 if the map is full. */
uint32_t alloc_bit(int zmap)
{
	uint32_t nbits = map_bits(zmap), blocks = zmap ? sb.zmap_blocks : sb.imap_blocks;
	for (uint32_t b = 0; b < blocks; b++) {
		struct buf *bp = get_block(map_start(zmap) + b, BLK_READ);
		for (uint32_t w = 0; w < BLOCK / 4; w++) {
			uint32_t word = bp->b.ind[w];
			if (word == 0xffffffffu)
				continue;
			for (int i = 0; i < 32; i++) {
				uint32_t bit = b * BITS_PER_BLOCK + w * 32 + (uint32_t)i;
				if (bit >= nbits)
					break;
				if (!(word & (1u << i))) {
					bp->b.ind[w] |= 1u << i;
					put_block(bp, 1);
					return bit;
				}
			}
		}
		put_block(bp, 0);
	}
	return 0;
}

void free_bit(int zmap, uint32_t bit)
{
	if (bit == 0 || bit >= map_bits(zmap))
		return;
	struct buf *bp = get_block(map_start(zmap) + bit / BITS_PER_BLOCK, BLK_READ);
	uint32_t w = (bit % BITS_PER_BLOCK) / 32;
	bp->b.ind[w] &= ~(1u << (bit % 32));
	put_block(bp, 1);
}

uint32_t count_free(int zmap)
{
	uint32_t n = 0, nbits = map_bits(zmap);
	for (uint32_t b = 0; b * BITS_PER_BLOCK < nbits; b++) {
		struct buf *bp = get_block(map_start(zmap) + b, BLK_READ);
		for (uint32_t i = 0; i < BITS_PER_BLOCK && b * BITS_PER_BLOCK + i < nbits; i++)
			if (!(bp->b.ind[i / 32] & (1u << (i % 32))))
				n++;
		put_block(bp, 0);
	}
	return n;
}

/* A zeroed zone, or NO_ZONE when the disk is full. */
uint32_t alloc_zone(void)
{
	uint32_t bit = alloc_bit(1);
	if (!bit)
		return NO_ZONE;
	uint32_t z = sb.first_data_zone + bit - 1;
	/* A new zone reads as zeroes, even if its old contents are still cached
	 * (a file's data block now becoming an indirect block, say). */
	struct buf *bp = get_block(z, BLK_NOREAD);
	memset(bp->b.data, 0, BLOCK);
	put_block(bp, 1);
	return z;
}

void free_zone(uint32_t z)
{
	if (z < sb.first_data_zone || z >= sb.nzones)
		return;
	free_bit(1, z - sb.first_data_zone + 1);
}
