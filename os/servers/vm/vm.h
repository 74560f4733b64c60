/*
 * VM: regions, page faults, brk and mmap, fork/exit/exec address spaces.
 * VM holds the policy; the kernel's VMMAP call changes page tables.
 * Prototypes are grouped by the file that defines them.
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/vm.h>
#include <mx/tables.h>

#define PAGE        4096u
#define PAGE_DOWN(a) ((a) & ~(PAGE - 1))
#define PAGE_UP(a)   (((a) + PAGE - 1) & ~(PAGE - 1))
#define USER_TOP    0xc0000000u
#define STACK_TOP   (USER_TOP - PAGE)          /* a guard page below the kernel */
#define MMAP_TOP    0xa0000000u                /* mmap areas are found below this */
#define SHM_BASE    0x90000000u                /* VM's own window on shared segments */
#define NR_REGIONS  1024
#define NR_SHM      32

/* Per-process state (indexed by slot). */
struct vmproc {
	mx_endpoint_t ep;         /* MX_NONE: not in use */
	uint32_t brk_lo, brk;     /* heap region [brk_lo, PAGE_UP(brk)) */
	uint32_t committed;       /* pages reserved for its regions */
	int execing;              /* between EXEC_NEW and EXEC_DONE: text is writable */
};

struct shm_seg {
	uint32_t id, len, vm_addr;  /* id 0: free; vm_addr in VM's own space */
	uint32_t key;               /* random: mapping needs it */
};

extern struct vmproc vmproc[MX_NR_SLOTS];
extern mx_vm_region_ent regions[NR_REGIONS];
extern struct shm_seg shm[NR_SHM];
extern mx_endpoint_t vm_self;
extern uint32_t commit_limit, commit_used;
extern uint64_t faults_handled;

/* region.c */
void region_init(void);
mx_vm_region_ent *region_new(mx_endpoint_t ep, uint32_t start, uint32_t len, uint32_t prot, uint32_t kind);
void region_free(mx_vm_region_ent *r);
mx_vm_region_ent *region_find(mx_endpoint_t ep, uint32_t addr);
int region_overlaps(mx_endpoint_t ep, uint32_t start, uint32_t len);
uint32_t region_gap(mx_endpoint_t ep, uint32_t len, uint32_t top);
int region_count(mx_endpoint_t ep);
struct vmproc *vmp_get(mx_endpoint_t ep);
struct vmproc *vmp_new(mx_endpoint_t ep);
int commit(struct vmproc *vp, uint32_t pages);
void uncommit(struct vmproc *vp, uint32_t pages);

/* fault.c */
void handle_faults(void);

/* mem.c: requests that change a process's own memory */
int do_brk(mx_message *m);
int do_mmap(mx_message *m);
int do_munmap(mx_message *m);
int do_mprotect(mx_message *m);
int do_shm_create(mx_message *m);
int do_shm_map(mx_message *m);
int do_map_phys(mx_message *m);
int unmap_range(mx_endpoint_t ep, uint32_t start, uint32_t len);

/* proc.c: address spaces for PM and VFS */
int do_fork(mx_message *m);
int do_exit(mx_message *m);
int do_exec_new(mx_message *m);
int do_exec_done(mx_message *m);
int do_info(mx_message *m);
int do_getregions(mx_message *m);
void adopt_boot_processes(void);
int vm_map(int op, mx_endpoint_t ep, uint32_t va, uint32_t len, uint32_t flags, mx_endpoint_t src, uint32_t src_va, uint32_t *result);

#endif
