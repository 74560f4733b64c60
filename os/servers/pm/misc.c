/* The process list for ps, endpoint lookups, reboot, and the registered table. */
#include "pm.h"

static const mx_field proc_fields[] = {
	MX_TABLE_FIELD(mx_pm_proc_ent, pid, MX_FK_I32),
	MX_TABLE_FIELD(mx_pm_proc_ent, ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_pm_proc_ent, ppid, MX_FK_I32),
	MX_TABLE_FIELD(mx_pm_proc_ent, pgrp, MX_FK_I32),
	MX_TABLE_FIELD(mx_pm_proc_ent, flags, MX_FK_U32),
	MX_TABLE_FIELD(mx_pm_proc_ent, sig_pending, MX_FK_U32),
	MX_TABLE_FIELD(mx_pm_proc_ent, sig_mask, MX_FK_U32),
	MX_TABLE_FIELD(mx_pm_proc_ent, exit_status, MX_FK_I32),
	MX_TABLE_FIELD(mx_pm_proc_ent, tracer, MX_FK_I32),
	MX_TABLE_FIELD(mx_pm_proc_ent, name, MX_FK_STR),
	MX_TABLE_FIELD(mx_pm_proc_ent, uid, MX_FK_I32),
};

void register_table(void)
{
	PUBLISH_TABLE("pm.procs", mproc, MX_NR_SLOTS, sizeof(struct mproc), proc_fields);
}

int do_getprocs(struct mproc *mp, mx_message *m)
{
	struct pm_getprocs *a = MX_BODY(m, struct pm_getprocs);
	uint32_t n = 0, room = a->len / sizeof(struct mx_psinfo);
	for (int i = 0; i < MX_NR_SLOTS && n < room; i++) {
		struct mproc *p = &mproc[i];
		if (!MP_INUSE(p))
			continue;
		struct mx_psinfo ps;
		struct mx_procinfo pi;
		memset(&ps, 0, sizeof(ps));
		ps.pid = p->pub.pid;
		ps.ppid = p->pub.ppid;
		ps.pgrp = p->pub.pgrp;
		ps.ep = p->pub.ep;
		ps.pm_flags = p->pub.flags;
		ps.tracer = p->pub.tracer;
		ps.peer = MX_NONE;
		memcpy(ps.name, p->pub.name, sizeof(ps.name));
		if (!(p->pub.flags & MX_PMF_ZOMBIE) &&
		    sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)p->pub.ep) >= 0) {
			ps.rts = pi.rts;
			ps.misc = pi.misc;
			ps.peer = (pi.rts & MX_RTS_SENDING) ? pi.sendto : (pi.rts & MX_RTS_RECEIVING) ? pi.getfrom : MX_NONE;
			ps.user_ticks = pi.user_ticks;
			ps.sys_ticks = pi.sys_ticks;
			ps.priority = pi.priority;
		}
		int r = sys_vircopy(MX_SELF, (uint32_t)&ps, mp->pub.ep, a->buf + n * sizeof(ps), sizeof(ps));
		if (r < 0)
			return r;
		n++;
	}
	return (int)n;
}

int do_getepinfo(struct mproc *mp, mx_message *m)
{
	struct pm_getepinfo *a = MX_BODY(m, struct pm_getepinfo);
	struct mproc *p = mp_by_ep(a->ep);
	if (!p)
		return -MX_ESRCH;
	a->pid = p->pub.pid;
	a->ppid = p->pub.ppid;
	a->flags = p->pub.flags;
	a->uid = p->pub.uid;
	return p->pub.pid;
}

/* Sync the file systems, then stop the machine the way the caller asks. */
int do_reboot(struct mproc *mp, mx_message *m)
{
	struct pm_reboot *a = MX_BODY(m, struct pm_reboot);
	if (a->how < MX_ABORT_HALT || a->how > MX_ABORT_EXIT)
		return -MX_EINVAL;
	mx_message s;
	memset(&s, 0, sizeof(s));
	s.m_type = MX_VFS_SYNC;
	mx_sendrec(MX_VFS, &s);
	return sys_abort(a->how, a->code);
}
