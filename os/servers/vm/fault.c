/*
 * Page faults, from the kernel's queue: hardware faults of a process, and
 * faults the kernel met on a process's behalf (an IPC buffer or a copy into
 * memory not yet mapped).  A fault in a region gets its page (fresh and
 * zeroed, or its own copy of a copy-on-write page); anything else fails:
 * SIGSEGV for a hardware fault, EFAULT for a kernel-found one.
 */
#include "vm.h"

uint64_t faults_handled;

static int resolve(mx_endpoint_t target, uint32_t addr, uint32_t err)
{
	mx_vm_region_ent *r = region_find(target, addr);
	struct vmproc *vp = vmp_get(target);
	if (!r || !vp)
		return -MX_EFAULT;
	int write = (err & 2) != 0;
	int writable = (r->prot & MX_VR_WRITE) || vp->execing;
	if (write && !writable)
		return -MX_EFAULT;
	uint32_t page = PAGE_DOWN(addr), pte = 0;
	int res = vm_map(MX_VMMAP_QUERY, target, page, PAGE, 0, MX_NONE, 0, &pte);
	if (res < 0)
		return res;
	if (pte & MX_PTE_P) {
		if (!write || (pte & MX_PTE_W))
			return MX_OK;                   /* already fine: a race with another fault */
		if (pte & MX_PTE_COW)
			return vm_map(MX_VMMAP_UNSHARE, target, page, PAGE, 0, MX_NONE, 0, NULL);
		return vm_map(MX_VMMAP_PROTECT, target, page, PAGE, MX_PTE_W, MX_NONE, 0, NULL);
	}
	res = vm_map(MX_VMMAP_ALLOC, target, page, PAGE, writable ? MX_PTE_W : 0, MX_NONE, 0, NULL);
	if (res == MX_OK)
		r->pages++;
	return res;
}

void handle_faults(void)
{
	for (;;) {
		struct kc_vmctl c;
		memset(&c, 0, sizeof(c));
		c.op = MX_VMCTL_GET_PF;
		if (sys_vmctl(&c) < 0 || c.ep == MX_NONE)
			return;
		int r = resolve(c.target, c.addr, c.err);
		faults_handled++;
		if (r < 0 && c.kind == MX_PF_HW)
			sys_printf("vm: endpoint %d: %s fault at %x (eip %x) outside its regions\n",
				   c.target, (c.err & 2) ? "write" : "read", c.addr, c.eip);
		mx_endpoint_t waiter = c.ep;
		memset(&c, 0, sizeof(c));
		c.op = MX_VMCTL_PF_DONE;
		c.ep = waiter;
		c.err = (uint32_t)r;
		sys_vmctl(&c);
	}
}
