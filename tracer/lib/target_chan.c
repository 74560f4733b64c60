/*
 * The debug channel as a target: the guest pushes data rather than being
 * read, so the only memory this backend answers for is the mx_info object
 * a HELLO frame carried, at the physical address it says it lives at.
 * Everything else arrives as frames (see mxt/chan.h, mxt/ingest.h).
 */
#include <stdlib.h>
#include <string.h>
#include <mx/mxinfo.h>
#include "mxt/target.h"

static int chan_read(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	memcpy(buf, (const uint8_t *)t->map + (pa - t->base), len);
	return 0;
}

static void chan_close(struct mxt_target *t)
{
	free((void *)t->map);
}

static const struct mxt_target_ops chan_ops = {
	.name = "channel", .read_phys = chan_read, .close = chan_close,
};

struct mxt_target *mxt_chan_target(const void *mxinfo, size_t len, char *err)
{
	const mx_info *mi = mxinfo;
	if (len < sizeof(mx_info) || memcmp(mi->magic, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN) != 0) {
		mxt_errf(err, "channel: HELLO frame does not carry an mx_info (%zu bytes, wrong magic or size)", len);
		return NULL;
	}
	struct mxt_target *t = mxt_target_new(&chan_ops, "channel", err);
	uint8_t *copy = t ? malloc(sizeof(mx_info)) : NULL;
	if (!copy) {
		free(t);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	memcpy(copy, mxinfo, sizeof(mx_info));
	t->map = copy;
	t->base = (uint32_t)(mi->self - mi->kernel_base);
	t->phys_size = sizeof(mx_info);
	return t;
}
