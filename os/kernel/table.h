/* The boot table: what each boot process is and may do (table.c). */
#ifndef MX_TABLE_H
#define MX_TABLE_H

#include "kernel.h"

struct boot_entry {
	const char *name;         /* the module's file name */
	int32_t  slot;            /* fixed slot, or -1 for the next free one */
	uint32_t flags;           /* MX_PF_* */
	uint32_t trap_mask;       /* IPC primitives */
	uint32_t kcall_mask;      /* kernel calls */
	uint32_t priority, quantum;
	const char *ipc;          /* space-separated names it may talk to; "*" all boot
	                           * system processes; "USER" user processes */
	mx_endpoint_t sig_mgr;    /* MX_NONE: the kernel ends it on a fault */
	uint32_t irq_mask;
	uint16_t io_base[2], io_len[2];
};

extern const struct boot_entry boot_table[];
extern const int boot_table_size;

const struct boot_entry *boot_entry_find(const char *name);
int boot_table_check(void);

#endif
