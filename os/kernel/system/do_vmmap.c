/*
 * VMMAP: VM's hands on page tables.
 *   in:  kc_vmmap.op, .ep, .vaddr, .len, .flags, .phys, .src_ep, .src_vaddr
 *   out: kc_vmmap.result (ALLOC: first frame; QUERY: PTE; others: pages done)
 * ALLOC maps fresh zeroed frames (ENOMEM when memory runs out: VM turns
 * that into an error for the process, never a crash); PHYS maps given
 * physical memory; SHARE maps src's frames at vaddr too; COPYAS duplicates
 * src's whole user address space (flags MX_VM_COW: share copy-on-write);
 * UNSHARE breaks copy-on-write for one page; UNMAP, PROTECT, FREEAS and
 * QUERY do what they say.
 */
#include "../system.h"

#define PTE_FLAGS(f) ((f) & (MX_PTE_W | MX_PTE_COW))

static int range_ok(uint32_t va, uint32_t len)
{
	return (va & (PAGE_SIZE - 1)) == 0 && (len & (PAGE_SIZE - 1)) == 0 && user_range_ok(va, len);
}

/* Duplicate every present user page of src into dst. */
static int copy_as(struct proc *dst, struct proc *src, int cow, uint32_t *done)
{
	uint32_t *spd = P2V(src->p_cr3);
	for (uint32_t pdi = 0; pdi < USER_TOP >> 22; pdi++) {
		if (!(spd[pdi] & MX_PTE_P))
			continue;
		uint32_t *spt = P2V(spd[pdi] & ~0xfffu);
		for (uint32_t pti = 0; pti < 1024; pti++) {
			uint32_t e = spt[pti];
			if (!(e & MX_PTE_P))
				continue;
			uint32_t va = (pdi << 22) | (pti << 12);
			uint32_t pa = e & ~0xfffu;
			uint32_t fl = e & 0xfff & ~(uint32_t)MX_PTE_P;
			if (cow && (e & (MX_PTE_W | MX_PTE_COW))) {
				fl = (fl & ~(uint32_t)MX_PTE_W) | MX_PTE_COW;
				spt[pti] = pa | fl | MX_PTE_P;
				flush_if_current(src->p_cr3, va);
				frame_ref(pa);
			} else if (!cow) {
				uint32_t nf = frame_alloc();
				if (!nf)
					return -MX_ENOMEM;
				memcpy(P2V(nf), P2V(pa), PAGE_SIZE);
				pa = nf;
			} else {
				frame_ref(pa);                  /* read-only page: plain sharing */
			}
			uint32_t *dpte = pte_find(dst->p_cr3, va, 1);
			if (!dpte) {
				frame_free(pa);
				return -MX_ENOMEM;
			}
			if (*dpte & MX_PTE_P)
				frame_free(*dpte & ~0xfffu);
			*dpte = pa | fl | MX_PTE_P;
			(*done)++;
		}
	}
	return MX_OK;
}

int do_sys_VMMAP(struct proc *caller, mx_message *m)
{
	struct kc_vmmap *a = MX_BODY(m, struct kc_vmmap);
	struct proc *p, *src;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || !p->p_cr3)
		return -MX_EINVAL;
	uint32_t pd = p->p_cr3, done = 0, flags = MX_PTE_U | PTE_FLAGS(a->flags);
	a->result = 0;

	switch (a->op) {
	case MX_VMMAP_ALLOC:
		if (!range_ok(a->vaddr, a->len))
			return -MX_EINVAL;
		for (uint32_t off = 0; off < a->len; off += PAGE_SIZE) {
			uint32_t f = frame_alloc();
			if (!f)
				return -MX_ENOMEM;
			if ((r = map_page(pd, a->vaddr + off, f, flags)) != MX_OK) {
				frame_free(f);
				return r;
			}
			if (!a->result)
				a->result = f;
		}
		return MX_OK;
	case MX_VMMAP_PHYS:
		if (!range_ok(a->vaddr, a->len) || (a->phys & (PAGE_SIZE - 1)))
			return -MX_EINVAL;
		for (uint32_t off = 0; off < a->len; off += PAGE_SIZE) {
			frame_ref(a->phys + off);
			if ((r = map_page(pd, a->vaddr + off, a->phys + off, flags)) != MX_OK)
				return r;
		}
		a->result = a->len / PAGE_SIZE;
		return MX_OK;
	case MX_VMMAP_UNMAP:
	case MX_VMMAP_PROTECT:
		if (!range_ok(a->vaddr, a->len))
			return -MX_EINVAL;
		for (uint32_t va = a->vaddr; va < a->vaddr + a->len; va += PAGE_SIZE) {
			uint32_t *pte = pte_find(pd, va, 0);
			if (!pte || !(*pte & MX_PTE_P))
				continue;
			if (a->op == MX_VMMAP_UNMAP) {
				frame_free(*pte & ~0xfffu);
				*pte = 0;
			} else {
				uint32_t keep = *pte & ~(uint32_t)(MX_PTE_W | MX_PTE_COW);
				/* A copy-on-write page stays protected until it is unshared,
				 * unless VM says the page is truly shared (NOCOW). */
				if ((*pte & MX_PTE_COW) && (a->flags & MX_PTE_W) && !(a->flags & MX_VM_NOCOW))
					keep |= MX_PTE_COW;
				else
					keep |= PTE_FLAGS(a->flags);
				*pte = keep;
			}
			flush_if_current(pd, va);
			done++;
		}
		a->result = done;
		return MX_OK;
	case MX_VMMAP_SHARE:
		if ((r = kc_proc(caller, a->src_ep, &src)) != MX_OK)
			return r;
		if (!range_ok(a->vaddr, a->len) || !range_ok(a->src_vaddr, a->len) || !src->p_cr3)
			return -MX_EINVAL;
		for (uint32_t off = 0; off < a->len; off += PAGE_SIZE) {
			uint32_t *spte = pte_find(src->p_cr3, a->src_vaddr + off, 0);
			if (!spte || !(*spte & MX_PTE_P))
				return -MX_EFAULT;
			frame_ref(*spte & ~0xfffu);
			if ((r = map_page(pd, a->vaddr + off, *spte & ~0xfffu, flags)) != MX_OK)
				return r;
		}
		a->result = a->len / PAGE_SIZE;
		return MX_OK;
	case MX_VMMAP_COPYAS:
		if ((r = kc_proc(caller, a->src_ep, &src)) != MX_OK)
			return r;
		if (src == p || iskernelp(src) || !src->p_cr3)
			return -MX_EINVAL;
		r = copy_as(p, src, (a->flags & MX_VM_COW) != 0, &done);
		a->result = done;
		return r;
	case MX_VMMAP_UNSHARE:
		if (a->vaddr >= USER_TOP)
			return -MX_EINVAL;
		return cow_break(pd, a->vaddr & ~(PAGE_SIZE - 1));
	case MX_VMMAP_FREEAS: {
		uint32_t npd = pgdir_new();
		if (!npd)
			return -MX_ENOMEM;
		if (rcr3() == pd)
			lcr3(npd);
		pgdir_free(pd);
		p->p_cr3 = npd;
		return MX_OK;
	}
	case MX_VMMAP_QUERY: {
		uint32_t *pte = pte_find(pd, a->vaddr, 0);
		a->result = pte ? *pte : 0;
		return MX_OK;
	}
	}
	return -MX_EINVAL;
}
