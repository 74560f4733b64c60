/* Requests: RS_INIT from a starting service, and the `service` command's. */
#include "rs.h"

/* Only the superuser may change services. */
static int privileged(mx_endpoint_t who)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_getepinfo)->ep = who;
	m.m_type = MX_PM_GETEPINFO;
	if (mx_sendrec(MX_PM, &m) != MX_OK || m.m_type < 0)
		return 0;
	return MX_BODY(&m, struct pm_getepinfo)->uid == 0;
}

int do_init(mx_message *m)
{
	struct rproc *rp = rp_by_ep(m->m_source);
	struct rs_init_reply *a = MX_BODY(m, struct rs_init_reply);
	memset(a, 0, sizeof(*a));
	if (!rp) {
		a->type = SEF_INIT_BOOT;
		return MX_OK;
	}
	clock_update();
	a->type = (uint32_t)(rp->init_next ? rp->init_next : SEF_INIT_BOOT);
	a->restarts = rp->pub.restarts;
	strncpy(a->label, rp->pub.label, sizeof(a->label) - 1);
	rp->pub.flags |= MX_RSF_UP;
	rp->up_since = rp->last_alive = now;
	if (rp->init_next == SEF_INIT_RESTART)
		sys_printf("rs: %s is back (restart %u, endpoint %d)\n", rp->pub.label, rp->pub.restarts, rp->pub.ep);
	rp->init_next = 0;
	return MX_OK;
}

int do_up(mx_message *m)
{
	struct rs_req *q = MX_BODY(m, struct rs_req);
	struct rs_config c;
	if (!privileged(m->m_source))
		return -MX_EPERM;
	if (q->len != sizeof(c))
		return -MX_EINVAL;
	if (sys_vircopy(m->m_source, q->arg, MX_SELF, (uint32_t)&c, sizeof(c)) < 0)
		return -MX_EFAULT;
	c.label[sizeof(c.label) - 1] = 0;
	c.binary[sizeof(c.binary) - 1] = 0;
	c.args[sizeof(c.args) - 1] = 0;
	if (!c.label[0] || c.binary[0] != '/' || c.nipc > RS_MAX_IPC || c.priority > 14)
		return -MX_EINVAL;
	for (uint32_t i = 0; i < c.nipc; i++)
		c.ipc[i][sizeof(c.ipc[i]) - 1] = 0;
	/* No service gets the calls that would let it take over the system. */
	c.kcall_mask &= ~((1u << MX_SYS_PRIVCTL) | (1u << MX_SYS_ABORT) | (1u << MX_SYS_VMMAP) |
			  (1u << MX_SYS_VMCTL) | (1u << MX_SYS_FORK) | (1u << MX_SYS_EXEC) | (1u << MX_SYS_CLEAR));
	c.kcall_mask |= 1u << MX_SYS_EXIT;
	struct rproc *rp = rp_by_label(c.label);
	if (rp && rp->pub.ep != MX_NONE)
		return -MX_EEXIST;
	if (!rp && !(rp = rp_new(c.label)))
		return -MX_ENOSPC;
	rp->conf = c;
	rp->stopping = 0;
	return start_service(rp, SEF_INIT_FRESH);
}

int do_down(mx_message *m)
{
	struct rs_req *q = MX_BODY(m, struct rs_req);
	q->label[sizeof(q->label) - 1] = 0;
	if (!privileged(m->m_source))
		return -MX_EPERM;
	struct rproc *rp = rp_by_label(q->label);
	if (!rp)
		return -MX_ESRCH;
	rp->stopping = 1;
	if (rp->pub.ep == MX_NONE) {
		rp->pub.flags = 0;
		return MX_OK;
	}
	service_died(rp, 15);
	return rp->pub.flags & MX_RSF_INUSE ? -MX_EPERM : MX_OK;
}

/* RS_RESTART ends the service and starts it again now; RS_REFRESH does the same as a fresh start. */
int do_restart(mx_message *m)
{
	struct rs_req *q = MX_BODY(m, struct rs_req);
	q->label[sizeof(q->label) - 1] = 0;
	if (!privileged(m->m_source))
		return -MX_EPERM;
	struct rproc *rp = rp_by_label(q->label);
	if (!rp)
		return -MX_ESRCH;
	int refresh = m->m_type == MX_RS_REFRESH;
	if (rp->pub.ep != MX_NONE) {
		mx_message k;
		memset(&k, 0, sizeof(k));
		MX_BODY(&k, struct pm_srv_kill)->ep = rp->pub.ep;
		MX_BODY(&k, struct pm_srv_kill)->sig = 15;
		k.m_type = MX_PM_SRV_KILL;
		int r = mx_sendrec(MX_PM, &k);
		if (r == MX_OK && k.m_type < 0)
			return k.m_type;               /* a core server */
	}
	rp->pub.ep = MX_NONE;
	if (!refresh)
		rp->pub.restarts++;
	return start_service(rp, refresh ? SEF_INIT_FRESH : SEF_INIT_RESTART);
}

int do_list(mx_message *m)
{
	struct rs_req *q = MX_BODY(m, struct rs_req);
	uint32_t n = 0, room = q->len / sizeof(mx_rs_ent);
	for (int i = 0; i < NR_SERVICES && n < room; i++) {
		if (!(rproc[i].pub.flags & MX_RSF_INUSE))
			continue;
		if (sys_vircopy(MX_SELF, (uint32_t)&rproc[i].pub, m->m_source, q->arg + n * sizeof(mx_rs_ent),
				sizeof(mx_rs_ent)) < 0)
			return -MX_EFAULT;
		n++;
	}
	return (int)n;
}

int do_lookup(mx_message *m)
{
	struct rs_req *q = MX_BODY(m, struct rs_req);
	q->label[sizeof(q->label) - 1] = 0;
	struct rproc *rp = rp_by_label(q->label);
	if (!rp || rp->pub.ep == MX_NONE)
		return -MX_ESRCH;
	q->ep = rp->pub.ep;
	return MX_OK;
}
