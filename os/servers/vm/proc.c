/* Address spaces for PM and VFS: fork, exit, exec; adoption of the boot processes; statistics. */
#include "vm.h"

/* One VMMAP kernel call.  For MX_VMMAP_PHYS, src_va is the physical address. */
int vm_map(int op, mx_endpoint_t ep, uint32_t va, uint32_t len, uint32_t flags, mx_endpoint_t src,
	   uint32_t src_va, uint32_t *result)
{
	struct kc_vmmap k;
	memset(&k, 0, sizeof(k));
	k.op = (uint32_t)op;
	k.ep = ep;
	k.vaddr = va;
	k.len = len;
	k.flags = flags;
	k.src_ep = src;
	k.src_vaddr = src_va;
	k.phys = src_va;
	int r = sys_vmmap(&k);
	if (result)
		*result = k.result;
	return r;
}

static void free_regions(mx_endpoint_t ep)
{
	for (int i = 0; i < NR_REGIONS; i++)
		if (regions[i].ep == ep)
			region_free(&regions[i]);
}

int do_fork(mx_message *m)
{
	struct vm_fork *a = MX_BODY(m, struct vm_fork);
	struct vmproc *pp = vmp_get(a->parent), *cp;
	if (!pp)
		return -MX_ESRCH;
	if (commit(NULL, pp->committed) < 0)
		return -MX_ENOMEM;                  /* every private page may need its own copy */
	if (!(cp = vmp_new(a->child))) {
		uncommit(NULL, pp->committed);
		return -MX_EINVAL;
	}
	cp->brk_lo = pp->brk_lo;
	cp->brk = pp->brk;
	cp->committed = pp->committed;
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep != a->parent)
			continue;
		mx_vm_region_ent *c = region_new(a->child, r->start, r->len, r->prot, r->kind);
		if (!c) {
			free_regions(a->child);
			uncommit(cp, cp->committed);
			cp->ep = MX_NONE;
			return -MX_ENOMEM;
		}
		c->pages = r->pages;
		c->shared_id = r->shared_id;
		c->offset = r->offset;
	}
	int res = vm_map(MX_VMMAP_COPYAS, a->child, 0, 0, MX_VM_COW, a->parent, 0, NULL);
	if (res < 0) {
		free_regions(a->child);
		vm_map(MX_VMMAP_FREEAS, a->child, 0, 0, 0, MX_NONE, 0, NULL);
		uncommit(cp, cp->committed);
		cp->ep = MX_NONE;
		return res;
	}
	/* Shared memory stays shared: map the parent's frames, writable, into the child. */
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep != a->parent || (r->kind != MX_VRK_SHARED && r->kind != MX_VRK_PHYS))
			continue;
		uint32_t w = (r->prot & MX_VR_WRITE) ? MX_PTE_W | MX_VM_NOCOW : 0;
		vm_map(MX_VMMAP_PROTECT, a->parent, r->start, r->len, w, MX_NONE, 0, NULL);
		vm_map(MX_VMMAP_SHARE, a->child, r->start, r->len, w & MX_PTE_W, a->parent, r->start, NULL);
	}
	return MX_OK;
}

int do_exit(mx_message *m)
{
	struct vm_exit *a = MX_BODY(m, struct vm_exit);
	struct vmproc *vp = vmp_get(a->ep);
	if (!vp)
		return -MX_ESRCH;
	free_regions(a->ep);
	uncommit(vp, vp->committed);
	vm_map(MX_VMMAP_FREEAS, a->ep, 0, 0, 0, MX_NONE, 0, NULL);
	vp->ep = MX_NONE;
	return MX_OK;
}

static uint32_t seg_prot(uint32_t p)
{
	return ((p & MX_PROT_READ) ? MX_VR_READ : 0) | ((p & MX_PROT_WRITE) ? MX_VR_WRITE : 0) |
	       ((p & MX_PROT_EXEC) ? MX_VR_EXEC : 0);
}

/*
 * Replace ep's address space with the new image's segments, an empty heap
 * after the highest one and a stack.  Pages arrive as VFS copies into them
 * (text stays writable until EXEC_DONE).  ENOMEM leaves the old image.
 */
int do_exec_new(mx_message *m)
{
	struct vm_exec_new *a = MX_BODY(m, struct vm_exec_new);
	struct vmproc *vp = vmp_get(a->ep);
	if (!vp)
		return -MX_ESRCH;
	uint32_t stack = PAGE_UP(a->stack_size ? a->stack_size : 256 * 1024), need = stack / PAGE, top = 0;
	if (a->nsegs == 0 || a->nsegs > 3 || stack > 16u * 1024 * 1024)
		return -MX_EINVAL;
	for (uint32_t i = 0; i < a->nsegs; i++) {
		struct vm_exec_seg *s = &a->segs[i];
		uint32_t lo = PAGE_DOWN(s->vaddr), hi = PAGE_UP(s->vaddr + s->memsz);
		if (s->memsz == 0 || lo < PAGE || hi > MMAP_TOP || hi < lo)
			return -MX_EINVAL;
		for (uint32_t j = 0; j < i; j++)
			if (lo < PAGE_UP(a->segs[j].vaddr + a->segs[j].memsz) && PAGE_DOWN(a->segs[j].vaddr) < hi)
				return -MX_EINVAL;
		need += (hi - lo) / PAGE;
		if (hi > top)
			top = hi;
	}
	/* What the old image had reserved comes back first. */
	if (commit_used - vp->committed + need > commit_limit)
		return -MX_ENOMEM;
	free_regions(a->ep);
	uncommit(vp, vp->committed);
	vm_map(MX_VMMAP_FREEAS, a->ep, 0, 0, 0, MX_NONE, 0, NULL);
	commit(vp, need);
	for (uint32_t i = 0; i < a->nsegs; i++) {
		struct vm_exec_seg *s = &a->segs[i];
		uint32_t lo = PAGE_DOWN(s->vaddr), hi = PAGE_UP(s->vaddr + s->memsz);
		region_new(a->ep, lo, hi - lo, seg_prot(s->prot),
			   (s->prot & MX_PROT_WRITE) ? MX_VRK_DATA : MX_VRK_TEXT);
	}
	region_new(a->ep, top, 0, MX_VR_READ | MX_VR_WRITE, MX_VRK_HEAP);
	region_new(a->ep, STACK_TOP - stack, stack, MX_VR_READ | MX_VR_WRITE, MX_VRK_STACK);
	vp->brk_lo = vp->brk = top;
	vp->execing = 1;
	a->stack_top = STACK_TOP;
	return MX_OK;
}

int do_exec_done(mx_message *m)
{
	struct vm_exec_done *a = MX_BODY(m, struct vm_exec_done);
	struct vmproc *vp = vmp_get(a->ep);
	if (!vp)
		return -MX_ESRCH;
	vp->execing = 0;
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep == a->ep && !(r->prot & MX_VR_WRITE))
			vm_map(MX_VMMAP_PROTECT, a->ep, r->start, r->len, 0, MX_NONE, 0, NULL);
	}
	return MX_OK;
}

int do_info(mx_message *m)
{
	struct vm_info *a = MX_BODY(m, struct vm_info);
	struct kc_vmctl c;
	memset(&c, 0, sizeof(c));
	c.op = MX_VMCTL_MEMINFO;
	sys_vmctl(&c);
	a->total_pages = c.mem_total;
	a->free_pages = c.mem_free;
	a->regions = 0;
	a->processes = 0;
	for (int i = 0; i < NR_REGIONS; i++)
		a->regions += regions[i].ep != MX_NONE;
	for (int i = 0; i < MX_NR_SLOTS; i++)
		a->processes += vmproc[i].ep != MX_NONE;
	a->faults_lo = (uint32_t)faults_handled;
	a->faults_hi = (uint32_t)(faults_handled >> 32);
	return MX_OK;
}

/* Copy ep's regions (mx_vm_region_ent) to the caller's buffer; returns how many. */
int do_getregions(mx_message *m)
{
	struct vm_getregions *a = MX_BODY(m, struct vm_getregions);
	mx_endpoint_t ep = a->ep == MX_SELF ? m->m_source : a->ep;
	uint32_t n = 0, room = a->len / sizeof(mx_vm_region_ent);
	for (int i = 0; i < NR_REGIONS && n < room; i++) {
		if (regions[i].ep != ep)
			continue;
		int r = sys_vircopy(MX_SELF, (uint32_t)&regions[i], m->m_source,
				    a->buf + n * sizeof(mx_vm_region_ent), sizeof(mx_vm_region_ent));
		if (r < 0)
			return r;
		n++;
	}
	return (int)n;
}

/* The kernel built the boot processes' address spaces: take them over. */
void adopt_boot_processes(void)
{
	static mx_bootinfo bi;
	if (sys_getinfo(MX_GI_BOOTMODS, &bi, sizeof(bi), 0) < 0)
		sys_panic("cannot read the boot image");
	for (uint32_t i = 0; i < bi.nmods; i++) {
		mx_bootmod *b = &bi.mods[i];
		if (b->ep == MX_NONE)
			continue;
		struct vmproc *vp = vmp_new(b->ep);
		if (!vp)
			continue;
		uint32_t pages = 0;
		if (b->text_hi > b->text_lo) {
			region_new(b->ep, b->text_lo, b->text_hi - b->text_lo, MX_VR_READ | MX_VR_EXEC, MX_VRK_TEXT)->pages =
				(b->text_hi - b->text_lo) / PAGE;
			pages += (b->text_hi - b->text_lo) / PAGE;
		}
		uint32_t top = b->text_hi;
		if (b->data_hi > b->data_lo) {
			region_new(b->ep, b->data_lo, b->data_hi - b->data_lo, MX_VR_READ | MX_VR_WRITE, MX_VRK_DATA)->pages =
				(b->data_hi - b->data_lo) / PAGE;
			pages += (b->data_hi - b->data_lo) / PAGE;
			top = b->data_hi;
		}
		region_new(b->ep, top, 0, MX_VR_READ | MX_VR_WRITE, MX_VRK_HEAP);
		vp->brk_lo = vp->brk = top;
		region_new(b->ep, b->stack_lo, b->stack_hi - b->stack_lo, MX_VR_READ | MX_VR_WRITE, MX_VRK_STACK)->pages =
			(b->stack_hi - b->stack_lo) / PAGE;
		pages += (b->stack_hi - b->stack_lo) / PAGE;
		commit(vp, pages);
	}
}
