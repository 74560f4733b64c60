/*
 * RS's main loop.  Notifications: SYSTEM (kernel signals for the services
 * RS manages), CLOCK (its periodic look at the services), and any service
 * (a heartbeat answer).  Requests: RS_INIT from starting services and the
 * `service` command's requests, dispatched through the table below.
 */
#include "rs.h"

typedef int (*rs_handler)(mx_message *m);
#define IDX(call) ((call) - MX_RS_BASE)
static const rs_handler rs_calls[] = {
	[IDX(MX_RS_UP)]      = do_up,        /* service up */
	[IDX(MX_RS_DOWN)]    = do_down,      /* service down */
	[IDX(MX_RS_RESTART)] = do_restart,   /* service restart */
	[IDX(MX_RS_REFRESH)] = do_restart,   /* service refresh */
	[IDX(MX_RS_LIST)]    = do_list,      /* service list */
	[IDX(MX_RS_INIT)]    = do_init,      /* SEF: a service started */
	[IDX(MX_RS_LOOKUP)]  = do_lookup,    /* label to endpoint */
};

int main(void)
{
	register_table();
	adopt_boot_services();
	ds_publish_label("rs");
	clock_update();
	sys_setalarm(TICK_EVERY, 0, NULL);
	for (;;) {
		mx_message m;
		if (mx_receive(MX_ANY, &m) != MX_OK)
			continue;
		if (is_notify(&m)) {
			if (m.m_source == MX_SYSTEM) {
				ksig_handle();
			} else if (m.m_source == MX_CLOCK) {
				watch_tick();
				sys_setalarm(TICK_EVERY, 0, NULL);
			} else {
				struct rproc *rp = rp_by_ep(m.m_source);
				if (rp) {
					clock_update();
					rp->last_alive = now;
					rp->ping_sent = 0;
					rp->pub.flags &= ~MX_RSF_PINGING;
				}
			}
			continue;
		}
		int idx = m.m_type - MX_RS_BASE, r;
		mx_endpoint_t who = m.m_source;
		if (idx < 0 || idx >= (int)(sizeof(rs_calls) / sizeof(rs_calls[0])) || !rs_calls[idx])
			r = -MX_EBADREQUEST;
		else
			r = rs_calls[idx](&m);
		if (r == -MX_EDONTREPLY)
			continue;
		m.m_type = r;
		mx_sendnb(who, &m);
	}
}
