/*
 * The trace ring (see os/include/mx/trace.h for the reader's protocol).
 *
 * trace_event() (inline, kernel.h) is on every IPC path: it takes a slot,
 * marks it invalid, fills it and publishes the sequence number, with
 * interrupts off (the kernel is never preempted).  The host may change ctl, kinds and the
 * endpoint filter at any time by writing guest memory; trace_fast_mask
 * caches "kinds traced while on" and is refreshed from the header at every
 * clock tick and after every TRACECTL, so a host write takes effect within
 * a tick.
 */
#include "kernel.h"
#include "proc.h"

#ifndef MX_TRACE_LOG2_CFG
#define MX_TRACE_LOG2_CFG MX_TRACE_LOG2
#endif
#define NRECS (1u << MX_TRACE_LOG2_CFG)

static struct {
	mx_trace_ring hdr;
	mx_trace_rec recs[NRECS];
} ring __attribute__((aligned(4096)));

mx_trace_ring *trace_ring = &ring.hdr;
mx_trace_rec *trace_recs = ring.recs;
uint32_t trace_fast_mask;

uint16_t trace_cur_prio(void)
{
	return proc_ptr ? (uint16_t)proc_ptr->p_priority : 0;
}

/* All kinds except the chatty context switches are traced by default. */
#define DEFAULT_KINDS (~((1u << MX_TK_SWITCH) | 1u))

void trace_init(void)
{
	ring.hdr.magic = MX_TRACE_MAGIC;
	ring.hdr.version = MX_TRACE_VERSION;
	ring.hdr.rec_size = sizeof(mx_trace_rec);
	ring.hdr.nrecs = NRECS;
	ring.hdr.kinds = DEFAULT_KINDS;
	ring.hdr.tsc_boot = rdtsc();
	const char *t = boot_env("trace");
	ring.hdr.ctl = (t && t[0] == '0') ? 0 : MX_TCTL_ON;
	const char *k = boot_env("tracekinds");
	if (k) {
		uint32_t v = 0;
		for (; *k && *k != ' '; k++) {
			int d = (*k >= '0' && *k <= '9') ? *k - '0' :
				(*k >= 'a' && *k <= 'f') ? *k - 'a' + 10 : -1;
			if (d < 0) break;
			v = v * 16 + (uint32_t)d;
		}
		ring.hdr.kinds = v;
	}
	trace_sync_ctl();
}

/*
 * Refresh the cached mask from the header (the host may have written it)
 * and bring the overwritten count up to date: every record past the first
 * nrecs replaced an older one.
 */
void trace_sync_ctl(void)
{
	trace_fast_mask = (ring.hdr.ctl & MX_TCTL_ON) ? ring.hdr.kinds : 0;
	ring.hdr.overwritten = ring.hdr.head > NRECS ? ring.hdr.head - NRECS : 0;
}

int trace_ep_passes(mx_endpoint_t src, mx_endpoint_t dst)
{
	const uint32_t *f = ring.hdr.ep_filter;
	if (EP_OK(src) && ((f[MX_EP_SLOT(src) >> 5] >> (MX_EP_SLOT(src) & 31)) & 1))
		return 1;
	if (EP_OK(dst) && ((f[MX_EP_SLOT(dst) >> 5] >> (MX_EP_SLOT(dst) & 31)) & 1))
		return 1;
	return 0;
}
