/*
 * /dev/ram: the boot module root.img, found in the kernel's boot image
 * record (GETINFO BOOTMODS) and mapped into our address space by VM
 * (VM_MAP_PHYS), read-write.
 */
#include "memory.h"

static mx_bootinfo bi;

int ram_init(void)
{
	if (sys_getinfo(MX_GI_BOOTMODS, &bi, sizeof(bi), 0) < 0)
		return -MX_EIO;
	for (uint32_t i = 0; i < bi.nmods; i++) {
		mx_bootmod *b = &bi.mods[i];
		if (strcmp(b->name, RAM_MODULE) != 0)
			continue;
		uint32_t start = b->start & ~0xfffu, skip = b->start - start;
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = MX_VM_MAP_PHYS;
		struct vm_map_phys *a = MX_BODY(&m, struct vm_map_phys);
		a->phys = start;
		a->len = b->end - start;
		int r = mx_sendrec(MX_VM, &m);
		if (r == 0)
			r = m.m_type;
		if (r < 0) {
			sys_printf("memory: VM cannot map %s (%s)\n", RAM_MODULE, mx_strerror(r));
			return r;
		}
		memdevs[MX_MINOR_RAM].base = (uint8_t *)(a->addr + skip);
		memdevs[MX_MINOR_RAM].size = b->end - b->start;
		return 0;
	}
	return -MX_ENOENT;
}
