/*
 * Watching services: the periodic look (heartbeats sent and overdue,
 * restarts due) and the kernel's signals for the processes RS manages.
 */
#include "rs.h"

#define SIGKILL 9
#define SIGTERM 15
#define FATAL ((1u << SIGKILL) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 11))

uint64_t now;

void clock_update(void)
{
	struct kc_proc t;
	if (sys_times(MX_SELF, &t) == 0)
		now = t.uptime_ticks;
}

void watch_tick(void)
{
	static int cached;
	clock_update();
	if (!cached && now >= 2 * HZ) {          /* the root file system is mounted by now */
		cached = 1;
		cache_images();
	}
	for (int i = 0; i < NR_SERVICES; i++) {
		struct rproc *rp = &rproc[i];
		if (!(rp->pub.flags & MX_RSF_INUSE))
			continue;
		if ((rp->pub.flags & MX_RSF_RESTART) && rp->restart_at && now >= rp->restart_at) {
			rp->pub.restarts++;
			start_service(rp, SEF_INIT_RESTART);
			continue;
		}
		if (!(rp->pub.flags & MX_RSF_UP) || !rp->conf.period || rp->pub.ep == MX_NONE)
			continue;
		if (rp->ping_sent && now - rp->ping_sent > 5 * rp->conf.period) {
			sys_printf("rs: %s has not answered a heartbeat for %u ticks; restarting it\n",
				   rp->pub.label, (unsigned)(now - rp->ping_sent));
			rp->ping_sent = 0;
			sys_kill(rp->pub.ep, SIGKILL);    /* comes back to us as a kernel signal */
		} else if (!rp->ping_sent && now - rp->last_alive >= rp->conf.period) {
			rp->ping_sent = now;
			rp->pub.flags |= MX_RSF_PINGING;
			rp->pub.last_ping_lo = (uint32_t)now;
			rp->pub.last_ping_hi = (uint32_t)(now >> 32);
			mx_notify(rp->pub.ep);
		}
	}
}

/* Kernel signals for services: a fatal one restarts the service, others become SEF_SIGNAL messages. */
void ksig_handle(void)
{
	static mx_asynmsg fwd[8];
	for (;;) {
		mx_endpoint_t ep;
		uint32_t sigs;
		if (sys_getksig(&ep, &sigs) < 0 || ep == MX_NONE)
			return;
		struct rproc *rp = rp_by_ep(ep);
		if (!rp) {
			sys_endksig(ep);
			continue;
		}
		if (sigs & FATAL) {
			int sig = __builtin_ctz(sigs & FATAL);
			service_died(rp, sig);
			continue;
		}
		sys_endksig(ep);
		for (int sig = 1; sig < 32; sig++) {
			if (!(sigs & (1u << sig)))
				continue;
			/* Asynchronously: RS never waits for a service. */
			for (int k = 0; k < 8; k++) {
				if ((fwd[k].flags & MX_AMF_VALID) && !(fwd[k].flags & MX_AMF_DONE))
					continue;
				memset(&fwd[k], 0, sizeof(fwd[k]));
				fwd[k].dst = ep;
				fwd[k].msg.m_type = MX_SEF_SIGNAL;
				fwd[k].msg.m_u.w[0] = (uint32_t)sig;
				fwd[k].flags = MX_AMF_VALID;
				break;
			}
		}
		mx_senda(fwd, 8);
	}
}
