/*
 * The memory driver: /dev/ram (the root file-system image loaded by the
 * boot loader as the module root.img), /dev/null, /dev/zero and the
 * read-only /dev/kmem.  Answers DEV_* requests (mx/dev.h) from system
 * processes; data moves through the requester's grants.
 */
#ifndef MEMORY_H
#define MEMORY_H

#include <string.h>
#include <mx/callnr.h>
#include <mx/dev.h>
#include <mx/vfs.h>
#include <mx/vm.h>
#include "mxsys.h"
#include <driver.h>

#define RAM_MODULE "root.img"

/* One minor device. */
struct memdev {
	const char *name;
	uint8_t *base;          /* mapped contents, or NULL */
	uint32_t size;          /* bytes; 0 with base NULL: endless (null, zero) */
	int writable;
};

/* main.c */
extern struct memdev memdevs[];
extern const int nr_memdevs;

/* ram.c */
int ram_init(void);

/* dev.c (handlers; each returns the status of the DEV_REPLY, or EDONTREPLY) */
int do_open(mx_message *m);
int do_close(mx_message *m);
int do_rdwt(mx_message *m);
int do_ioctl(mx_message *m);
int do_select(mx_message *m);
int do_cancel(mx_message *m);

#endif
