/*
 * The ring drain: follow the trace ring's 64-bit head and copy the records
 * written since the last call, by the reader protocol of mx/trace.h.  A
 * record whose sequence number is not its own when the copy starts was
 * overwritten before it could be read ('overwritten'); one whose sequence
 * number changed during the copy was overwritten while being read
 * ('torn').  Neither is ever passed on; both are counted exactly.
 *
 * On a mapped target (shared RAM) this runs while the guest runs; on
 * others the caller stops the guest around mxt_drain_poll().
 */
#ifndef MXT_DRAIN_H
#define MXT_DRAIN_H

#include <stddef.h>
#include <stdint.h>
#include <mx/trace.h>
#include "mxt/util.h"
#include "mxt/writer.h"

struct mxt_target;
struct mxt_info;

typedef void (*mxt_drain_ev_fn)(void *ctx, const struct mxt_ev *ev, size_t n);
typedef void (*mxt_drain_loss_fn)(void *ctx, uint64_t first, uint64_t count, const char *cause);

struct mxt_drain {
	struct mxt_target *t;
	uint64_t ring_pa;
	uint32_t nrecs;
	uint64_t tsc_boot;       /* identifies the boot being followed */
	uint64_t next;           /* next record number to take */
	uint64_t head;           /* head at the last poll */
	uint64_t kept, lost_overwritten, lost_torn;
	struct mxt_ev *buf;
	mx_trace_rec *raw;       /* records read from an unmapped target */
	size_t cap;
	/* a run of lost records not yet reported (coalesced) */
	uint64_t loss_first, loss_count;
	const char *loss_cause;
};

/* Check the ring header and start at record next (0: from the beginning,
 * counting what the ring no longer holds as overwritten). */
int mxt_drain_init(struct mxt_drain *d, struct mxt_target *t, const struct mxt_info *in, uint64_t next, char *err);
void mxt_drain_free(struct mxt_drain *d);
/* Take the records written since the last call.  Returns how many were
 * kept, -1 on a read error, -2 if the guest rebooted (tsc_boot changed or
 * the head went back): start a new boot. */
long mxt_drain_poll(struct mxt_drain *d, mxt_drain_ev_fn ev, mxt_drain_loss_fn loss, void *ctx, char *err);
/* The ring's head now (hi/lo/hi on a live target). */
int mxt_drain_read_head(struct mxt_drain *d, uint64_t *head, uint64_t *tsc_boot, char *err);

#endif
