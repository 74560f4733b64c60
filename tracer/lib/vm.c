/* Page-table walks over target memory (see mxt/vm.h). */
#include <string.h>
#include "mxt/target.h"
#include "mxt/vm.h"

int mxt_v2p(struct mxt_target *t, uint32_t cr3, uint32_t va, uint64_t *pa, uint32_t *flags, char *err)
{
	uint32_t pde, pte;
	uint64_t pde_pa = (cr3 & ~0xfffu) + 4ull * (va >> 22);
	if (mxt_read_phys(t, pde_pa, &pde, 4) < 0)
		return mxt_errf(err, "page directory entry for 0x%08x at physical 0x%llx: %s", va,
				(unsigned long long)pde_pa, t->err);
	if (!(pde & MXT_PTE_P))
		return mxt_errf(err, "0x%08x is not mapped (page directory entry %u not present, cr3 0x%x)", va, va >> 22, cr3);
	if (pde & MXT_PTE_PS) {
		*pa = (pde & 0xffc00000u) | (va & 0x3fffffu);
		if (flags)
			*flags = pde & (MXT_PTE_P | MXT_PTE_W | MXT_PTE_U | MXT_PTE_PS);
		return 0;
	}
	uint64_t pte_pa = (pde & ~0xfffu) + 4ull * ((va >> 12) & 0x3ff);
	if (mxt_read_phys(t, pte_pa, &pte, 4) < 0)
		return mxt_errf(err, "page table entry for 0x%08x at physical 0x%llx: %s", va,
				(unsigned long long)pte_pa, t->err);
	if (!(pte & MXT_PTE_P))
		return mxt_errf(err, "0x%08x is not mapped (page table entry not present, cr3 0x%x)", va, cr3);
	*pa = (pte & ~0xfffu) | (va & 0xfffu);
	if (flags)
		*flags = pde & pte & (MXT_PTE_P | MXT_PTE_W | MXT_PTE_U);
	return 0;
}

int mxt_read_virt(struct mxt_target *t, uint32_t cr3, uint32_t va, void *buf, size_t len, char *err)
{
	uint8_t *out = buf;
	while (len) {
		uint64_t pa;
		if (mxt_v2p(t, cr3, va, &pa, NULL, err) < 0)
			return -1;
		size_t n = 4096 - (va & 0xfff);
		if (n > len)
			n = len;
		if (mxt_read_phys(t, pa, out, n) < 0)
			return mxt_errf(err, "reading 0x%08x (physical 0x%llx): %s", va, (unsigned long long)pa, t->err);
		out += n;
		va += (uint32_t)n;
		len -= n;
		if (va == 0 && len)
			return mxt_errf(err, "read runs past the end of the address space");
	}
	return 0;
}
