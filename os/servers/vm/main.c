/*
 * VM's main loop: page faults arrive as notifications from SYSTEM; every
 * other request is dispatched through table.c and answered unless the
 * handler says otherwise.  Replies use SENDNB: a client that did not wait
 * for its answer (no SENDREC) cannot block VM.
 */
#include "vm.h"

typedef int (*vm_handler)(mx_message *m);
extern const vm_handler vm_calls[];
extern const int vm_ncalls;
extern const uint32_t vm_only_pm_vfs[];

mx_endpoint_t vm_self;

/* Requests that change another process's address space come from PM or VFS only. */
static int caller_ok(int idx, mx_endpoint_t who)
{
	if (!((vm_only_pm_vfs[idx / 32] >> (idx % 32)) & 1))
		return 1;
	return who == MX_PM || who == MX_VFS;
}

int main(void)
{
	struct mx_whoami me;
	if (sys_getinfo(MX_GI_WHOAMI, &me, sizeof(me), 0) < 0)
		sys_panic("cannot learn my endpoint");
	vm_self = me.ep;
	struct kc_vmctl c;
	memset(&c, 0, sizeof(c));
	c.op = MX_VMCTL_BECOME_VM;
	if (sys_vmctl(&c) < 0)
		sys_panic("the kernel refused to let me handle page faults");
	region_init();
	adopt_boot_processes();
	handle_faults();                        /* anything that faulted while we started */

	for (;;) {
		mx_message m;
		int r = mx_receive(MX_ANY, &m);
		if (r != MX_OK)
			continue;
		if (is_notify(&m) && MX_EP_SLOT(m.m_source) < MX_NR_TASKS) {
			if (m.m_source == MX_SYSTEM)
				handle_faults();
			continue;
		}
		int idx = m.m_type - MX_VM_BASE;
		mx_endpoint_t who = m.m_source;
		if (idx < 0 || idx >= vm_ncalls || !vm_calls[idx])
			r = -MX_EBADREQUEST;
		else if (!caller_ok(idx, who))
			r = -MX_EPERM;
		else
			r = vm_calls[idx](&m);
		if (r == -MX_EDONTREPLY)
			continue;
		m.m_type = r;
		mx_sendnb(who, &m);
	}
}
