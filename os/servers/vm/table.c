/* VM's requests: number (callnr.h) -> handler. */
#include "vm.h"

typedef int (*vm_handler)(mx_message *m);

#define IDX(call) ((call) - MX_VM_BASE)
const vm_handler vm_calls[] = {
	[IDX(MX_VM_BRK)]       = do_brk,          /* brk(2), sbrk(3) */
	[IDX(MX_VM_MMAP)]      = do_mmap,         /* mmap(2); VFS for file mappings */
	[IDX(MX_VM_MUNMAP)]    = do_munmap,       /* munmap(2) */
	[IDX(MX_VM_MPROTECT)]  = do_mprotect,     /* mprotect(2) */
	[IDX(MX_VM_FORK)]      = do_fork,         /* PM: copy-on-write copy of the parent */
	[IDX(MX_VM_EXIT)]      = do_exit,         /* PM: free everything */
	[IDX(MX_VM_EXEC_NEW)]  = do_exec_new,     /* VFS: the new image's regions */
	[IDX(MX_VM_EXEC_DONE)] = do_exec_done,    /* PM: write-protect the text */
	[IDX(MX_VM_INFO)]      = do_info,         /* memory statistics */
	[IDX(MX_VM_SHM_CREATE)] = do_shm_create,  /* shared segment */
	[IDX(MX_VM_SHM_MAP)]   = do_shm_map,
	[IDX(MX_VM_GETREGIONS)] = do_getregions,  /* a process's regions */
	[IDX(MX_VM_MAP_PHYS)]  = do_map_phys,     /* drivers: physical memory */
};
const int vm_ncalls = (int)(sizeof(vm_calls) / sizeof(vm_calls[0]));

#define BIT(call) (1u << (IDX(call) % 32))
const uint32_t vm_only_pm_vfs[1] = {
	BIT(MX_VM_FORK) | BIT(MX_VM_EXIT) | BIT(MX_VM_EXEC_NEW) | BIT(MX_VM_EXEC_DONE)
};
