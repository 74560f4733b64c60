/*
 * The region table, registered with the kernel as "vm.regions" so tools
 * outside the machine can read every process's memory map even while VM is
 * stuck.  One flat array; a free entry has ep == MX_NONE.  Also the
 * per-process records and the commit accounting that makes brk, mmap and
 * fork fail with ENOMEM instead of a page fault finding no memory later.
 */
#include "vm.h"

mx_vm_region_ent regions[NR_REGIONS];
struct vmproc vmproc[MX_NR_SLOTS];
uint32_t commit_limit, commit_used;

static const mx_field region_fields[] = {
	MX_TABLE_FIELD(mx_vm_region_ent, ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_vm_region_ent, start, MX_FK_ADDR),
	MX_TABLE_FIELD(mx_vm_region_ent, len, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, prot, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, kind, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, pages, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, shared_id, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, offset, MX_FK_U32),
};

void region_init(void)
{
	for (int i = 0; i < NR_REGIONS; i++)
		regions[i].ep = MX_NONE;
	for (int i = 0; i < MX_NR_SLOTS; i++)
		vmproc[i].ep = MX_NONE;
	PUBLISH_TABLE("vm.regions", regions, NR_REGIONS, sizeof(mx_vm_region_ent), region_fields);
	struct kc_vmctl c;
	memset(&c, 0, sizeof(c));
	c.op = MX_VMCTL_MEMINFO;
	sys_vmctl(&c);
	/* Keep a reserve for page tables and the kernel's own needs. */
	commit_limit = c.mem_free > 512 ? c.mem_free - 256 : c.mem_free / 2;
}

struct vmproc *vmp_get(mx_endpoint_t ep)
{
	if (ep < 0 || MX_EP_SPECIAL(ep) || MX_EP_SLOT(ep) >= MX_NR_SLOTS)
		return NULL;
	struct vmproc *vp = &vmproc[MX_EP_SLOT(ep)];
	return vp->ep == ep ? vp : NULL;
}

struct vmproc *vmp_new(mx_endpoint_t ep)
{
	if (ep < 0 || MX_EP_SPECIAL(ep) || MX_EP_SLOT(ep) >= MX_NR_SLOTS)
		return NULL;
	struct vmproc *vp = &vmproc[MX_EP_SLOT(ep)];
	memset(vp, 0, sizeof(*vp));
	vp->ep = ep;
	return vp;
}

int commit(struct vmproc *vp, uint32_t pages)
{
	if (commit_used + pages > commit_limit)
		return -MX_ENOMEM;
	commit_used += pages;
	if (vp)
		vp->committed += pages;
	return MX_OK;
}

void uncommit(struct vmproc *vp, uint32_t pages)
{
	if (vp) {
		if (pages > vp->committed)
			pages = vp->committed;
		vp->committed -= pages;
	}
	commit_used = pages > commit_used ? 0 : commit_used - pages;
}

mx_vm_region_ent *region_new(mx_endpoint_t ep, uint32_t start, uint32_t len, uint32_t prot, uint32_t kind)
{
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep != MX_NONE)
			continue;
		memset(r, 0, sizeof(*r));
		r->start = start;
		r->len = len;
		r->prot = prot;
		r->kind = kind;
		r->ep = ep;                 /* last: a reader sees a whole entry */
		return r;
	}
	return NULL;
}

void region_free(mx_vm_region_ent *r)
{
	r->ep = MX_NONE;
}

mx_vm_region_ent *region_find(mx_endpoint_t ep, uint32_t addr)
{
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep == ep && addr >= r->start && addr - r->start < r->len)
			return r;
	}
	return NULL;
}

int region_overlaps(mx_endpoint_t ep, uint32_t start, uint32_t len)
{
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep == ep && r->len && start < r->start + r->len && r->start < start + len)
			return 1;
	}
	return 0;
}

int region_count(mx_endpoint_t ep)
{
	int n = 0;
	for (int i = 0; i < NR_REGIONS; i++)
		n += regions[i].ep == ep;
	return n;
}

/*
 * The highest free range of len bytes below top that overlaps no region of
 * ep (and keeps a page of distance from the heap), or 0.
 */
uint32_t region_gap(mx_endpoint_t ep, uint32_t len, uint32_t top)
{
	uint32_t end = top;
	struct vmproc *vp = vmp_get(ep);
	uint32_t floor = vp ? PAGE_UP(vp->brk) + 64 * PAGE : 0x10000000u;
	while (end >= len && end - len >= floor) {
		uint32_t start = end - len, lowest = start;
		int clash = 0;
		for (int i = 0; i < NR_REGIONS; i++) {
			mx_vm_region_ent *r = &regions[i];
			if (r->ep == ep && r->len && start < r->start + r->len && r->start < end) {
				clash = 1;
				if (r->start < lowest)
					lowest = r->start;
			}
		}
		if (!clash)
			return start;
		end = PAGE_DOWN(lowest);
	}
	return 0;
}
