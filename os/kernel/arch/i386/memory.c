/*
 * Physical frames and page tables: the mechanism under VM's policy.
 *
 * Frames are counted references (copy-on-write sharing); a frame with no
 * reference is free.  Every physical address is reachable at P2V(pa), so
 * page tables and user memory are read and written through that mapping,
 * never through the address space the CPU happens to be in.  Page
 * directories share the kernel's PDEs (4 MiB pages) above KERNBASE.
 */
#include "../../kernel.h"
#include "../../proc.h"

#define PDX(va) ((va) >> 22)
#define PTX(va) (((va) >> 12) & 0x3ff)
#define PTE_ADDR(e) ((e) & ~0xfffu)

uint32_t kernel_pgdir;
static uint16_t *frame_refs;        /* reference count per frame, 0 = free */
static uint32_t nframes, first_frame, nfree, next_hint;

void mem_init(uint32_t first_free, uint32_t phys_end)
{
	extern uint32_t boot_pgdir[];
	kernel_pgdir = V2P(boot_pgdir);
	boot_pgdir[0] = boot_pgdir[1] = 0;      /* drop the identity map */
	lcr3(kernel_pgdir);

	if (phys_end > DIRECT_MAP_PDES * 0x400000u)
		phys_end = DIRECT_MAP_PDES * 0x400000u;
	nframes = phys_end >> PAGE_SHIFT;
	frame_refs = P2V(first_free);
	uint32_t table_bytes = nframes * sizeof(uint16_t);
	first_frame = (first_free + table_bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
	memset(frame_refs, 0, table_bytes);
	for (uint32_t f = 0; f < first_frame; f++)
		frame_refs[f] = 0xffff;                 /* kernel, modules, this table */
	nfree = nframes - first_frame;
	next_hint = first_frame;
}

uint32_t frames_total(void) { return nframes; }
uint32_t frames_free(void) { return nfree; }

/* A zeroed frame, or 0 when memory is exhausted. */
uint32_t frame_alloc(void)
{
	for (uint32_t i = 0; i < nframes; i++) {
		uint32_t f = next_hint + i;
		if (f >= nframes)
			f -= nframes - first_frame;
		if (f < first_frame)
			continue;
		if (frame_refs[f] == 0) {
			frame_refs[f] = 1;
			nfree--;
			next_hint = f + 1 < nframes ? f + 1 : first_frame;
			memset(P2V(f << PAGE_SHIFT), 0, PAGE_SIZE);
			return f << PAGE_SHIFT;
		}
	}
	return 0;
}

void frame_ref(uint32_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	if (f >= first_frame && f < nframes && frame_refs[f] != 0xffff)
		frame_refs[f]++;
}

void frame_free(uint32_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	if (f < first_frame || f >= nframes || frame_refs[f] == 0xffff)
		return;                                 /* device memory or kernel */
	kassert(frame_refs[f] > 0);
	if (--frame_refs[f] == 0)
		nfree++;
}

static uint32_t frame_count(uint32_t pa)
{
	uint32_t f = pa >> PAGE_SHIFT;
	return f < nframes ? frame_refs[f] : 0xffff;
}

uint32_t pgdir_new(void)
{
	uint32_t pd = frame_alloc();
	if (!pd)
		return 0;
	uint32_t *dst = P2V(pd), *src = P2V(kernel_pgdir);
	for (int i = PDX(KERNBASE); i < 1024; i++)
		dst[i] = src[i];
	return pd;
}

/* Drop every user page and page table, then the directory itself. */
void pgdir_free(uint32_t pgdir)
{
	uint32_t *pd = P2V(pgdir);
	for (int i = 0; i < (int)PDX(USER_TOP); i++) {
		if (!(pd[i] & MX_PTE_P))
			continue;
		uint32_t *pt = P2V(PTE_ADDR(pd[i]));
		for (int j = 0; j < 1024; j++)
			if (pt[j] & MX_PTE_P)
				frame_free(PTE_ADDR(pt[j]));
		frame_free(PTE_ADDR(pd[i]));
		pd[i] = 0;
	}
	frame_free(pgdir);
}

/* The PTE for va, allocating its page table if create; NULL if none. */
uint32_t *pte_find(uint32_t pgdir, uint32_t va, int create)
{
	uint32_t *pd = P2V(pgdir);
	uint32_t pde = pd[PDX(va)];
	if (!(pde & MX_PTE_P)) {
		if (!create)
			return NULL;
		uint32_t pt = frame_alloc();
		if (!pt)
			return NULL;
		pd[PDX(va)] = pt | MX_PTE_P | MX_PTE_W | MX_PTE_U;
		pde = pd[PDX(va)];
	}
	return (uint32_t *)P2V(PTE_ADDR(pde)) + PTX(va);
}

void flush_if_current(uint32_t pgdir, uint32_t va)
{
	if (rcr3() == pgdir)
		invlpg(va);
}

int map_page(uint32_t pgdir, uint32_t va, uint32_t pa, uint32_t flags)
{
	uint32_t *pte = pte_find(pgdir, va, 1);
	if (!pte)
		return -MX_ENOMEM;
	if (*pte & MX_PTE_P)
		frame_free(PTE_ADDR(*pte));
	*pte = PTE_ADDR(pa) | (flags & 0xfff) | MX_PTE_P;
	flush_if_current(pgdir, va);
	return MX_OK;
}

/* Give pgdir its own writable copy of the copy-on-write page at va. */
int cow_break(uint32_t pgdir, uint32_t va)
{
	uint32_t *pte = pte_find(pgdir, va, 0);
	if (!pte || !(*pte & MX_PTE_P))
		return -MX_EFAULT;
	if (*pte & MX_PTE_W)
		return MX_OK;
	if (!(*pte & MX_PTE_COW))
		return -MX_EFAULT;
	uint32_t old = PTE_ADDR(*pte);
	if (frame_count(old) != 1) {
		uint32_t nf = frame_alloc();
		if (!nf)
			return -MX_ENOMEM;
		memcpy(P2V(nf), P2V(old), PAGE_SIZE);
		frame_free(old);
		*pte = nf | (*pte & 0xfff);
	}
	*pte = (*pte | MX_PTE_W) & ~MX_PTE_COW;
	flush_if_current(pgdir, va);
	return MX_OK;
}

int user_range_ok(uint32_t va, uint32_t len)
{
	return va < USER_TOP && len <= USER_TOP - va;
}

/*
 * Check that [va, va+len) is mapped for user access in p (and writable,
 * breaking copy-on-write, if write).  On failure *fault_va is the first
 * bad address.
 */
int user_check(struct proc *p, uint32_t va, uint32_t len, int write, uint32_t *fault_va)
{
	if (!user_range_ok(va, len)) {
		*fault_va = va;
		return -MX_EFAULT;
	}
	uint32_t end = va + len;
	for (uint32_t pg = va & ~(PAGE_SIZE - 1); pg < end; pg += PAGE_SIZE) {
		uint32_t *pte = pte_find(p->p_cr3, pg, 0);
		if (!pte || (*pte & (MX_PTE_P | MX_PTE_U)) != (MX_PTE_P | MX_PTE_U)) {
			*fault_va = pg < va ? va : pg;
			return -MX_EFAULT;
		}
		if (write && !(*pte & MX_PTE_W)) {
			int r = cow_break(p->p_cr3, pg);
			if (r != MX_OK) {
				*fault_va = pg < va ? va : pg;
				return r;
			}
		}
		if (pg + PAGE_SIZE < pg)
			break;
	}
	return MX_OK;
}

/* The kernel address of user va in p, valid up to the end of its page. */
static uint8_t *user_kaddr(struct proc *p, uint32_t va, int write)
{
	uint32_t *pte = pte_find(p->p_cr3, va, 0);
	if (!pte || (*pte & (MX_PTE_P | MX_PTE_U)) != (MX_PTE_P | MX_PTE_U))
		return NULL;
	if (write && !(*pte & MX_PTE_W)) {
		if (cow_break(p->p_cr3, va & ~(PAGE_SIZE - 1)) != MX_OK)
			return NULL;
	}
	return (uint8_t *)P2V(PTE_ADDR(*pte)) + (va & (PAGE_SIZE - 1));
}

int copy_from_user(struct proc *p, uint32_t va, void *dst, uint32_t len)
{
	uint8_t *d = dst;
	if (!user_range_ok(va, len))
		return -MX_EFAULT;
	while (len > 0) {
		uint8_t *s = user_kaddr(p, va, 0);
		if (!s)
			return -MX_EFAULT;
		uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		memcpy(d, s, chunk);
		d += chunk; va += chunk; len -= chunk;
	}
	return MX_OK;
}

int copy_to_user(struct proc *p, uint32_t va, const void *src, uint32_t len)
{
	const uint8_t *s = src;
	if (!user_range_ok(va, len))
		return -MX_EFAULT;
	while (len > 0) {
		uint8_t *d = user_kaddr(p, va, 1);
		if (!d)
			return -MX_EFAULT;
		uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		memcpy(d, s, chunk);
		s += chunk; va += chunk; len -= chunk;
	}
	return MX_OK;
}

int copy_user_user(struct proc *sp, uint32_t sva, struct proc *dp, uint32_t dva, uint32_t len)
{
	if (!user_range_ok(sva, len) || !user_range_ok(dva, len))
		return -MX_EFAULT;
	while (len > 0) {
		uint8_t *s = user_kaddr(sp, sva, 0);
		uint8_t *d = user_kaddr(dp, dva, 1);
		if (!s || !d)
			return -MX_EFAULT;
		uint32_t chunk = PAGE_SIZE - (sva & (PAGE_SIZE - 1));
		uint32_t dchunk = PAGE_SIZE - (dva & (PAGE_SIZE - 1));
		if (dchunk < chunk)
			chunk = dchunk;
		if (chunk > len)
			chunk = len;
		memcpy(d, s, chunk);
		sva += chunk; dva += chunk; len -= chunk;
	}
	return MX_OK;
}
