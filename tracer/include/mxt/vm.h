/*
 * Virtual to physical translation by walking an i386 address space's page
 * tables in guest memory (two levels, 4 KiB pages and 4 MiB PSE pages),
 * so a tool can read a user-space server's memory from outside, even
 * when that server is stuck.  cr3 is the physical page-directory address
 * (proc field p_cr3).
 */
#ifndef MXT_VM_H
#define MXT_VM_H

#include <stddef.h>
#include <stdint.h>
#include "mxt/util.h"

struct mxt_target;

#define MXT_PTE_P   0x001
#define MXT_PTE_W   0x002
#define MXT_PTE_U   0x004
#define MXT_PTE_PS  0x080

/* Translate va; *flags (optional) gets the effective P/W/U bits.  -1 with a
 * message naming the missing level on failure. */
int mxt_v2p(struct mxt_target *t, uint32_t cr3, uint32_t va, uint64_t *pa, uint32_t *flags, char *err);
/* Read len bytes at va in the address space cr3, page by page. */
int mxt_read_virt(struct mxt_target *t, uint32_t cr3, uint32_t va, void *buf, size_t len, char *err);

#endif
