/*
 * The block cache: NR_BUFS blocks, write-back, least recently used block
 * evicted first.  Blocks move to and from the memory driver's /dev/ram
 * with one SENDREC each, through a grant of the buffer to the driver.
 */
#include "fs.h"

static struct buf bufs[NR_BUFS];
static uint32_t lru_clock;

void cache_init(void)
{
	for (int i = 0; i < NR_BUFS; i++)
		bufs[i].bno = NO_BLOCK;
}

static mx_endpoint_t mem_ep = MX_MEM;

/*
 * The memory driver is gone (RS restarts it with a new endpoint): wait for
 * the new one to publish its label in DS.  0 when there is a new endpoint.
 */
static int find_driver(void)
{
	for (int i = 0; i < 300; i++) {
		mx_endpoint_t ep;
		if (ds_retrieve_label("memory", &ep) == MX_OK && ep != mem_ep) {
			sys_printf("fs: the memory driver is back as endpoint %d\n", ep);
			mem_ep = ep;
			return 0;
		}
		tickdelay(1);
	}
	return -MX_EIO;
}

static int dev_rw_once(uint32_t bno, void *data, int write);

/* Read or write one block of the device, following the driver across a restart. */
int dev_rw(uint32_t bno, void *data, int write)
{
	int r = dev_rw_once(bno, data, write);
	if (r == -MX_EDEADSRCDST && find_driver() == 0)
		r = dev_rw_once(bno, data, write);
	return r;
}

static int dev_rw_once(uint32_t bno, void *data, int write)
{
	int g = grant_alloc(mem_ep, data, BLOCK, write ? MX_GF_READ : MX_GF_WRITE);
	if (g < 0)
		return g;
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = write ? MX_DEV_WRITE : MX_DEV_READ;
	struct dev_io *a = MX_BODY(&m, struct dev_io);
	a->tag = bno;
	a->minor = MX_MINOR_RAM;
	a->pos = bno * BLOCK;
	a->grant = (uint32_t)g;
	a->len = BLOCK;
	a->user = MX_NONE;
	int r = mx_sendrec(mem_ep, &m);
	grant_free(g);
	if (r < 0)
		return r;
	if (m.m_type != MX_DEV_REPLY)
		return -MX_EIO;
	r = MX_BODY(&m, struct dev_reply)->status;
	if (r < 0)
		return r;
	return r == BLOCK ? 0 : -MX_EIO;
}

static int write_back(struct buf *bp)
{
	if (!bp->dirty)
		return 0;
	int r = dev_rw(bp->bno, bp->b.data, 1);
	if (r < 0) {
		sys_printf("fs: cannot write block %u: %s\n", bp->bno, mx_strerror(r));
		return r;
	}
	bp->dirty = 0;
	return 0;
}

/*
 * The block bno, held until put_block.  A block past the device's end, or
 * one that cannot be read, comes back zeroed (and the error is logged):
 * the caller sees garbage-free data instead of a crash.
 */
struct buf *get_block(uint32_t bno, int how)
{
	struct buf *victim = NULL;
	for (int i = 0; i < NR_BUFS; i++) {
		struct buf *bp = &bufs[i];
		if (bp->bno == bno) {
			bp->count++;
			bp->lru = ++lru_clock;
			return bp;
		}
		if (bp->count == 0 && (!victim || bp->bno == NO_BLOCK ||
				       (victim->bno != NO_BLOCK && bp->lru < victim->lru)))
			victim = bp;
	}
	if (!victim)
		sys_panic("block cache: every buffer is in use");
	write_back(victim);
	victim->bno = bno;
	victim->count = 1;
	victim->dirty = 0;
	victim->lru = ++lru_clock;
	if (how == BLK_NOREAD || bno >= sb.nzones) {
		memset(victim->b.data, 0, BLOCK);
		if (how != BLK_NOREAD)
			sys_printf("fs: block %u is past the end of the device\n", bno);
	} else if (dev_rw(bno, victim->b.data, 0) < 0) {
		sys_printf("fs: cannot read block %u\n", bno);
		memset(victim->b.data, 0, BLOCK);
	}
	return victim;
}

void put_block(struct buf *bp, int dirty)
{
	if (!bp)
		return;
	if (dirty)
		bp->dirty = 1;
	if (bp->count > 0)
		bp->count--;
}

int flush_all(void)
{
	int r = 0;
	for (int i = 0; i < NR_BUFS; i++)
		if (bufs[i].bno != NO_BLOCK && bufs[i].dirty && write_back(&bufs[i]) < 0)
			r = -MX_EIO;
	return r;
}
