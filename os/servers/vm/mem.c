/* Requests that change the caller's own memory: brk, mmap, munmap, mprotect, shared segments. */
#include "vm.h"

struct shm_seg shm[NR_SHM];
static uint32_t shm_next_id = 1, shm_next_addr = SHM_BASE;

static uint32_t pte_flags(uint32_t prot)
{
	return (prot & MX_VR_WRITE) ? MX_PTE_W : 0;
}

static uint32_t vr_prot(uint32_t prot)
{
	return ((prot & MX_PROT_READ) ? MX_VR_READ : 0) | ((prot & MX_PROT_WRITE) ? MX_VR_WRITE : 0) |
	       ((prot & MX_PROT_EXEC) ? MX_VR_EXEC : 0);
}

/* The caller's heap region (created empty at exec or adoption). */
static mx_vm_region_ent *heap_of(mx_endpoint_t ep)
{
	for (int i = 0; i < NR_REGIONS; i++)
		if (regions[i].ep == ep && regions[i].kind == MX_VRK_HEAP)
			return &regions[i];
	return NULL;
}

int do_brk(mx_message *m)
{
	struct vm_brk *a = MX_BODY(m, struct vm_brk);
	mx_endpoint_t ep = m->m_source;
	struct vmproc *vp = vmp_get(ep);
	mx_vm_region_ent *h = heap_of(ep);
	if (!vp || !h)
		return -MX_EINVAL;
	a->brk = vp->brk;
	if (a->addr == 0)
		return MX_OK;                       /* a query */
	if (a->addr < vp->brk_lo)
		return -MX_EINVAL;
	uint32_t old_end = PAGE_UP(vp->brk), new_end = PAGE_UP(a->addr);
	if (new_end > old_end) {
		if (new_end > MMAP_TOP || region_overlaps(ep, old_end, new_end - old_end))
			return -MX_ENOMEM;
		if (commit(vp, (new_end - old_end) / PAGE) < 0)
			return -MX_ENOMEM;
	} else if (new_end < old_end) {
		uint32_t freed = 0;
		vm_map(MX_VMMAP_UNMAP, ep, new_end, old_end - new_end, 0, MX_NONE, 0, &freed);
		h->pages = freed > h->pages ? 0 : h->pages - freed;
		uncommit(vp, (old_end - new_end) / PAGE);
	}
	h->len = new_end - vp->brk_lo;
	vp->brk = a->addr;
	a->brk = vp->brk;
	return MX_OK;
}

/* Give a new region its pages now (shared memory must exist before fork shares it). */
static int populate(mx_endpoint_t ep, mx_vm_region_ent *r)
{
	int res = vm_map(MX_VMMAP_ALLOC, ep, r->start, r->len, pte_flags(r->prot), MX_NONE, 0, NULL);
	if (res == MX_OK)
		r->pages = r->len / PAGE;
	return res;
}

int do_mmap(mx_message *m)
{
	struct vm_mmap *a = MX_BODY(m, struct vm_mmap);
	mx_endpoint_t ep = m->m_source;
	int file = (a->flags & MX_MAP_FILE) != 0;
	a->result = MX_MAP_FAILED;
	if (file || (a->who != MX_SELF && a->who != 0 && a->who != ep)) {
		if (m->m_source != MX_VFS)
			return -MX_EPERM;                /* only VFS maps files or maps for others */
		ep = a->who;
	}
	struct vmproc *vp = vmp_get(ep);
	if (!vp)
		return -MX_ESRCH;
	if (a->len == 0 || a->len > MMAP_TOP || (!file && !(a->flags & MX_MAP_ANON)))
		return -MX_EINVAL;
	if (!(a->flags & (MX_MAP_SHARED | MX_MAP_PRIVATE)) || (a->prot & ~7u))
		return -MX_EINVAL;
	uint32_t len = PAGE_UP(a->len), addr;
	if (a->flags & MX_MAP_FIXED) {
		addr = a->addr;
		if ((addr & (PAGE - 1)) || addr < PAGE || addr + len > STACK_TOP || addr + len < addr)
			return -MX_EINVAL;
		if (region_overlaps(ep, addr, len))
			unmap_range(ep, addr, len);
	} else if (!(addr = region_gap(ep, len, MMAP_TOP))) {
		return -MX_ENOMEM;
	}
	if (commit(vp, len / PAGE) < 0)
		return -MX_ENOMEM;
	uint32_t kind = file ? MX_VRK_FILE : (a->flags & MX_MAP_SHARED) ? MX_VRK_SHARED : MX_VRK_ANON;
	mx_vm_region_ent *r = region_new(ep, addr, len, vr_prot(a->prot), kind);
	if (!r) {
		uncommit(vp, len / PAGE);
		return -MX_ENOMEM;
	}
	r->shared_id = file ? a->shared_id : 0;
	r->offset = file ? a->offset : 0;
	if (kind == MX_VRK_SHARED || (a->flags & MX_MAP_POPULATE) || file) {
		/* File mappings are filled by VFS: writable until then. */
		if (file)
			r->prot |= MX_VR_WRITE;
		int res = populate(ep, r);
		if (file && !(a->prot & MX_PROT_WRITE)) {
			r->prot &= ~MX_VR_WRITE;
			r->prot |= MX_VR_COW;      /* marks "filled by VFS, read-only afterwards" */
		}
		if (res < 0) {
			unmap_range(ep, addr, len);
			return res;
		}
	}
	a->result = addr;
	return MX_OK;
}

/* Remove [start, start+len) from ep's regions, splitting where needed. */
int unmap_range(mx_endpoint_t ep, uint32_t start, uint32_t len)
{
	uint32_t end = start + len;
	struct vmproc *vp = vmp_get(ep);
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep != ep || !r->len || r->kind == MX_VRK_HEAP || start >= r->start + r->len || r->start >= end)
			continue;
		uint32_t rs = r->start, re = r->start + r->len;
		uint32_t cs = start > rs ? start : rs, ce = end < re ? end : re, freed = 0;
		vm_map(MX_VMMAP_UNMAP, ep, cs, ce - cs, 0, MX_NONE, 0, &freed);
		r->pages = freed > r->pages ? 0 : r->pages - freed;
		uncommit(vp, (ce - cs) / PAGE);
		if (cs == rs && ce == re) {
			region_free(r);
		} else if (cs == rs) {
			r->start = ce;
			r->len = re - ce;
		} else if (ce == re) {
			r->len = cs - rs;
		} else {
			mx_vm_region_ent *tail = region_new(ep, ce, re - ce, r->prot, r->kind);
			if (!tail)
				return -MX_ENOMEM;
			tail->shared_id = r->shared_id;
			tail->offset = r->offset + (ce - rs);
			r->len = cs - rs;
		}
	}
	return MX_OK;
}

int do_munmap(mx_message *m)
{
	struct vm_munmap *a = MX_BODY(m, struct vm_munmap);
	if ((a->addr & (PAGE - 1)) || a->len == 0 || a->addr + PAGE_UP(a->len) > USER_TOP ||
	    a->addr + PAGE_UP(a->len) < a->addr)
		return -MX_EINVAL;
	return unmap_range(m->m_source, a->addr, PAGE_UP(a->len));
}

int do_mprotect(mx_message *m)
{
	struct vm_mprotect *a = MX_BODY(m, struct vm_mprotect);
	mx_endpoint_t ep = m->m_source;
	uint32_t len = PAGE_UP(a->len);
	if ((a->addr & (PAGE - 1)) || len == 0 || (a->prot & ~7u))
		return -MX_EINVAL;
	/* Every page must lie in a region; regions are changed whole or not at all. */
	for (uint32_t va = a->addr; va < a->addr + len; va += PAGE)
		if (!region_find(ep, va))
			return -MX_ENOMEM;
	for (int i = 0; i < NR_REGIONS; i++) {
		mx_vm_region_ent *r = &regions[i];
		if (r->ep != ep || a->addr >= r->start + r->len || r->start >= a->addr + len)
			continue;
		if (r->start < a->addr || r->start + r->len > a->addr + len)
			return -MX_EINVAL;              /* partial regions are not split for mprotect */
		r->prot = (r->prot & MX_VR_COW) | vr_prot(a->prot);
		int res = vm_map(MX_VMMAP_PROTECT, ep, r->start, r->len, pte_flags(r->prot), MX_NONE, 0, NULL);
		if (res < 0)
			return res;
	}
	return MX_OK;
}

static uint32_t shm_random(void)
{
	static uint64_t x;
	x ^= read_tsc() + 0x9e3779b97f4a7c15ull;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (uint32_t)(x >> 16) | 1;
}

int do_shm_map(mx_message *m);

/* A shared segment lives in VM's own address space; its creator gets it mapped too. */
int do_shm_create(mx_message *m)
{
	struct vm_shm *a = MX_BODY(m, struct vm_shm);
	uint32_t len = PAGE_UP(a->len);
	if (len == 0 || len > 16u * 1024 * 1024)
		return -MX_EINVAL;
	for (int i = 0; i < NR_SHM; i++) {
		if (shm[i].id)
			continue;
		if (commit(NULL, len / PAGE) < 0)
			return -MX_ENOMEM;
		int res = vm_map(MX_VMMAP_ALLOC, vm_self, shm_next_addr, len, MX_PTE_W, MX_NONE, 0, NULL);
		if (res < 0) {
			uncommit(NULL, len / PAGE);
			return res;
		}
		shm[i].id = shm_next_id++;
		shm[i].len = len;
		shm[i].vm_addr = shm_next_addr;
		shm[i].key = shm_random();
		shm_next_addr += len + PAGE;
		a->id = shm[i].id;
		a->key = shm[i].key;
		return do_shm_map(m);
	}
	return -MX_ENOSPC;
}

int do_shm_map(mx_message *m)
{
	struct vm_shm *a = MX_BODY(m, struct vm_shm);
	mx_endpoint_t ep = m->m_source;
	struct shm_seg *s = NULL;
	for (int i = 0; i < NR_SHM; i++)
		if (shm[i].id && shm[i].id == a->id)
			s = &shm[i];
	if (!s)
		return -MX_EINVAL;
	if (s->key != a->key)
		return -MX_EPERM;
	uint32_t addr = region_gap(ep, s->len, MMAP_TOP);
	if (!addr)
		return -MX_ENOMEM;
	mx_vm_region_ent *r = region_new(ep, addr, s->len, MX_VR_READ | MX_VR_WRITE, MX_VRK_SHARED);
	if (!r)
		return -MX_ENOMEM;
	r->shared_id = s->id;
	int res = vm_map(MX_VMMAP_SHARE, ep, addr, s->len, MX_PTE_W, vm_self, s->vm_addr, NULL);
	if (res < 0) {
		region_free(r);
		return res;
	}
	r->pages = s->len / PAGE;
	a->result = addr;
	return MX_OK;
}

/* Physical memory (a disk image, a frame buffer) for system processes only. */
int do_map_phys(mx_message *m)
{
	struct vm_map_phys *a = MX_BODY(m, struct vm_map_phys);
	mx_endpoint_t ep = m->m_source;
	struct mx_procinfo pi;
	if (sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)ep) < 0 || pi.priv_id == 0)
		return -MX_EPERM;
	if ((a->phys & (PAGE - 1)) || a->len == 0 || a->len > 256u * 1024 * 1024)
		return -MX_EINVAL;
	uint32_t len = PAGE_UP(a->len), addr = region_gap(ep, len, MMAP_TOP);
	if (!addr)
		return -MX_ENOMEM;
	mx_vm_region_ent *r = region_new(ep, addr, len, MX_VR_READ | MX_VR_WRITE, MX_VRK_PHYS);
	if (!r)
		return -MX_ENOMEM;
	r->offset = a->phys;
	int res = vm_map(MX_VMMAP_PHYS, ep, addr, len, MX_PTE_W, MX_NONE, a->phys, NULL);
	if (res < 0) {
		region_free(r);
		return res;
	}
	r->pages = len / PAGE;
	a->addr = addr;
	return MX_OK;
}
