/*
 * The VM protocol: message bodies of the VM_* requests (callnr.h).
 * Users call VM directly for brk/mmap/munmap/mprotect; PM for fork, exit
 * and exec; VFS for exec's new address space and file mappings.  Replies
 * carry the result in m_type and values in the body.
 * Shared by the guest and the host tools.
 */
#ifndef MX_VM_H
#define MX_VM_H

#include <stdint.h>
#include "ipc.h"

struct vm_brk     { uint32_t addr; /* reply: */ uint32_t brk; };
struct vm_mmap    { uint32_t addr, len, prot, flags;
                    mx_endpoint_t who;      /* VFS: map into this process; others: MX_SELF */
                    uint32_t shared_id;     /* VFS: file id for a file mapping */
                    uint32_t offset;        /* VFS: file offset */
                    /* reply: */ uint32_t result; };
#define MX_PROT_READ  1
#define MX_PROT_WRITE 2
#define MX_PROT_EXEC  4
#define MX_MAP_SHARED    0x01
#define MX_MAP_PRIVATE   0x02
#define MX_MAP_FIXED     0x10
#define MX_MAP_ANON      0x20
#define MX_MAP_POPULATE  0x40   /* allocate every page now (VFS fills file mappings) */
#define MX_MAP_FILE      0x80   /* VFS only: a file mapping, shared_id = file */
#define MX_MAP_FAILED    0xffffffffu
struct vm_munmap   { uint32_t addr, len; };
struct vm_mprotect { uint32_t addr, len, prot; };
struct vm_fork     { mx_endpoint_t parent; mx_endpoint_t child; };
struct vm_exit     { mx_endpoint_t ep; };
/* VM_EXEC_NEW: replace ep's address space with these segments and a stack. */
struct vm_exec_seg { uint32_t vaddr, memsz, prot; };
struct vm_exec_new { mx_endpoint_t ep; uint32_t nsegs; struct vm_exec_seg segs[3]; uint32_t stack_size;
                     /* reply: */ uint32_t stack_top; };
struct vm_exec_done { mx_endpoint_t ep; };
struct vm_info     { /* reply: */ uint32_t total_pages, free_pages, regions, processes, faults_lo, faults_hi; };
/* VM_SHM_CREATE: len -> id, key (and the segment is mapped in the creator at result).
 * VM_SHM_MAP: id, key -> result = address.  A wrong key is refused (EPERM). */
struct vm_shm      { uint32_t id; uint32_t len; uint32_t addr; uint32_t key; /* reply: */ uint32_t result; };
struct vm_map_phys { uint32_t phys, len; /* reply: */ uint32_t addr; };
struct vm_getregions { mx_endpoint_t ep; uint32_t buf; uint32_t len; };  /* mx_vm_region_ent[] */

MX_BODY_CHECK(struct vm_mmap);
MX_BODY_CHECK(struct vm_exec_new);

#endif
