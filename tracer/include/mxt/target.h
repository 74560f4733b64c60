/*
 * Target access: one interface to a guest's physical memory, registers
 * and run state, with a backend per way of reaching it.
 *
 *   shm      QEMU's RAM in a shared file (memory-backend-file, share=on),
 *            mapped: reads at memory speed while the guest runs
 *   gdb      QEMU's gdbstub over the GDB remote serial protocol (rsp.h)
 *   core     a QEMU dump-guest-memory ELF core file
 *   channel  the debug channel: only what the guest pushed (its mx_info)
 *   mem      a memory image in a buffer (synthetic images, tests)
 *
 * Every call returns 0 or -1 with a one-line message in t->err.
 * Addresses are guest physical.  A target is used by one thread at a time.
 */
#ifndef MXT_TARGET_H
#define MXT_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include "mxt/util.h"

/* i386 registers of the CPU (core: from QEMU's CPU note; gdb: 'g'). */
struct mxt_regs {
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t eip, eflags, cs, ss, ds, es, fs, gs;
	uint32_t cr3;
	int have_cr3;
};

struct mxt_target;

struct mxt_target_ops {
	const char *name;
	int (*read_phys)(struct mxt_target *t, uint64_t pa, void *buf, size_t len);
	int (*write_phys)(struct mxt_target *t, uint64_t pa, const void *buf, size_t len); /* NULL: read-only */
	int (*stop)(struct mxt_target *t);       /* NULL: cannot stop the guest itself */
	int (*cont)(struct mxt_target *t);
	int (*regs)(struct mxt_target *t, struct mxt_regs *r); /* NULL: no registers */
	void (*close)(struct mxt_target *t);
};

struct mxt_target {
	const struct mxt_target_ops *ops;
	const char *source;      /* the name the schema uses: 'shm', 'gdb', 'core', 'channel', 'synthetic' */
	uint64_t base;           /* first physical address held (mem images of a part of memory) */
	uint64_t phys_size;      /* bytes of physical memory from base, 0 if unknown */
	volatile uint8_t *map;   /* physical memory mapped at map[pa - base], or NULL */
	int live;                /* the guest may run while it is read */
	char err[MXT_ERRLEN];
	void *priv;
};

int mxt_read_phys(struct mxt_target *t, uint64_t pa, void *buf, size_t len);
int mxt_write_phys(struct mxt_target *t, uint64_t pa, const void *buf, size_t len);
int mxt_stop(struct mxt_target *t);
int mxt_cont(struct mxt_target *t);
int mxt_regs(struct mxt_target *t, struct mxt_regs *r);
void mxt_target_close(struct mxt_target *t);

/* A pointer to len bytes at pa when the memory is mapped, else NULL. */
volatile void *mxt_map(struct mxt_target *t, uint64_t pa, size_t len);

/* Backends.  NULL with a message in err on failure. */
struct mxt_target *mxt_shm_open(const char *path, int writable, char *err);
/* A memory image: physical [base, base + len) is buf (copied if copy). */
struct mxt_target *mxt_mem_open(void *buf, size_t len, uint64_t base, int copy, char *err);
struct mxt_target *mxt_core_open(const char *path, char *err);
struct mxt_rsp;
/* Over an open gdbstub connection (the target owns it and closes it). */
struct mxt_target *mxt_gdb_target(struct mxt_rsp *rsp, char *err);
struct mxt_target *mxt_gdb_open(const char *addr, char *err);
/* The gdbstub connection under a gdb target, or NULL for another backend. */
struct mxt_rsp *mxt_gdb_rsp(struct mxt_target *t);
/* The debug channel's view: the mx_info a HELLO frame carried, at its physical address. */
struct mxt_target *mxt_chan_target(const void *mxinfo, size_t len, char *err);

/* Internal: a target with zeroed state and the given ops. */
struct mxt_target *mxt_target_new(const struct mxt_target_ops *ops, const char *source, char *err);

#endif
