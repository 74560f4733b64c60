/*
 * mx_info: the kernel's description of itself for tools outside the machine.
 *
 * Like Linux's VMCOREINFO: one object in kernel memory, found by its symbol
 * (mx_info) or by scanning physical memory for MX_INFO_MAGIC, that says
 * where the kernel's tables are and how to decode them without debug info:
 * for each exported structure, the offset, size and kind of each field.
 *
 * Addresses are kernel virtual addresses; physical memory is mapped at
 * kernel_base, so a tool reads virtual address V at physical V - kernel_base.
 *
 * The table registry extends this to user-space servers: a server
 * registers a table (name, address in its own address space, entry size and
 * field layout) with the REGTABLE kernel call, and a tool reads it by
 * walking the owner's page tables (proc field p_cr3), even when the server
 * itself is stuck.  Shared by the guest and the host tools.
 */
#ifndef MX_MXINFO_H
#define MX_MXINFO_H

#include <stdint.h>
#include "endpoint.h"

#define MX_INFO_MAGIC   "MX_INFO\x01\x7f\x4d\x58\x21\xc3\x9e\x5a\x10"
#define MX_INFO_MAGIC_LEN 16
#define MX_INFO_VERSION 1

/* Field kinds: how a tool decodes a field. */
#define MX_FIELD_KINDS(X) \
	X(U8,   1, "unsigned 8-bit") \
	X(U16,  2, "unsigned 16-bit") \
	X(U32,  3, "unsigned 32-bit") \
	X(U64,  4, "unsigned 64-bit") \
	X(I32,  5, "signed 32-bit") \
	X(EP,   6, "endpoint") \
	X(STR,  7, "NUL-padded string of size bytes") \
	X(ADDR, 8, "virtual address in the owner's space") \
	X(BITS, 9, "bitmap of size bytes") \
	X(FLAGS,10, "flag word rendered as letters (see procflags.h)")

enum mx_field_kind {
#define MX_FK_ENUM(name, num, text) MX_FK_##name = num,
	MX_FIELD_KINDS(MX_FK_ENUM)
#undef MX_FK_ENUM
};

typedef struct mx_field {
	char     name[20];
	uint16_t offset;
	uint16_t size;
	uint16_t kind;        /* MX_FK_* */
	uint16_t count;       /* array length, 1 for a scalar */
	uint32_t pad;
} mx_field;
_Static_assert(sizeof(mx_field) == 32, "mx_field layout");

/* Structures described in mx_info.structs[] (index = id). */
#define MX_STRUCTS(X) \
	X(PROC,    0, "proc",    "process table entry (proc[])") \
	X(PRIV,    1, "priv",    "privilege structure (priv[])") \
	X(IRQHOOK, 2, "irqhook", "IRQ hook") \
	X(KINFO,   3, "kinfo",   "kernel counters (struct mx_kinfo)")

enum mx_struct_id {
#define MX_SD_ENUM(name, num, sname, text) MX_SD_##name = num,
	MX_STRUCTS(MX_SD_ENUM)
#undef MX_SD_ENUM
	MX_NR_STRUCTS
};

typedef struct mx_struct_desc {
	char     name[16];
	uint32_t addr;        /* kernel virtual address of element 0 */
	uint32_t count;       /* elements */
	uint32_t size;        /* bytes per element */
	uint16_t first_field; /* index into mx_info.fields */
	uint16_t nfields;
} mx_struct_desc;
_Static_assert(sizeof(mx_struct_desc) == 32, "mx_struct_desc layout");

#define MX_INFO_MAXFIELDS 96

typedef struct mx_info {
	uint8_t  magic[MX_INFO_MAGIC_LEN];
	uint32_t version;
	uint32_t size;            /* sizeof(mx_info) */
	uint32_t self;            /* kernel virtual address of this object */
	uint32_t kernel_base;     /* physical memory is mapped here */
	uint8_t  build_id[20];    /* the kernel ELF's GNU build id */
	uint32_t build_id_len;
	char     release[32];
	uint64_t tsc_hz;          /* measured at boot; under -icount the TSC counts instructions */
	uint32_t hz;              /* clock ticks per second */
	uint32_t phys_bytes;      /* physical memory */
	uint32_t page_size;
	uint32_t nr_tasks, nr_slots, nr_privs;
	uint32_t ring_addr;       /* struct mx_trace_ring */
	uint32_t ring_bytes;      /* header and records */
	uint32_t pairs_addr;      /* uint32_t pairs[nr_slots][nr_slots]: messages src slot -> dst slot */
	uint32_t registry_addr;   /* struct mx_registry */
	uint32_t log_addr;        /* struct mx_klog: the kernel's message buffer */
	uint32_t uptime_addr;     /* uint64_t ticks since boot */
	uint32_t cur_proc_addr;   /* uint32_t: address of the running proc[] entry */
	uint32_t boot_addr;       /* struct mx_bootinfo */
	uint32_t pad0;
	mx_struct_desc structs[MX_NR_STRUCTS];
	uint32_t nfields;
	uint32_t pad1;
	mx_field fields[MX_INFO_MAXFIELDS];
	uint32_t pad2;
} mx_info;
_Static_assert(sizeof(mx_info) == 3368, "mx_info: same layout on i386 and x86_64");

/* Kernel counters, exported as struct KINFO. */
typedef struct mx_kinfo {
	uint64_t uptime_ticks;
	uint64_t ipc_calls, kcalls, switches, irqs, pgfaults;
	uint64_t ipc_errors, kcall_errors;
	uint32_t nr_procs_live;
	uint32_t mem_total_frames, mem_free_frames;
	uint32_t boot_time;       /* seconds since 1970 (CMOS clock at boot, UTC) */
} mx_kinfo;
_Static_assert(sizeof(mx_kinfo) == 80, "mx_kinfo layout");

/* ---- Table registry ---------------------------------------------------- */

#define MX_TABLE_MAXFIELDS 16
#define MX_REGISTRY_MAX    32

/* What a server passes to REGTABLE (in its own memory). */
typedef struct mx_table_desc {
	char     name[16];        /* e.g. "vm.regions", "vfs.locks" */
	uint32_t addr;            /* first entry, in the owner's address space */
	uint32_t count;           /* entries */
	uint32_t size;            /* bytes per entry */
	uint32_t nfields;
	mx_field fields[MX_TABLE_MAXFIELDS];
} mx_table_desc;

typedef struct mx_registry_ent {
	mx_endpoint_t owner;      /* MX_NONE when the entry is free */
	uint32_t generation;      /* bumped at every change of this entry */
	mx_table_desc desc;
} mx_registry_ent;

typedef struct mx_registry {
	uint32_t count;           /* entries in use */
	uint32_t changes;         /* bumped at every registration or removal */
	mx_registry_ent ent[MX_REGISTRY_MAX];
} mx_registry;

/* ---- Kernel log ------------------------------------------------------------ */

#define MX_KLOG_SIZE 16384
typedef struct mx_klog {
	volatile uint32_t next;   /* bytes ever written; the text is buf[i % MX_KLOG_SIZE] */
	uint32_t size;
	char buf[MX_KLOG_SIZE];
} mx_klog;

/* ---- Boot image as loaded ---------------------------------------------------- */

#define MX_BOOT_MAXMODS 24
typedef struct mx_bootmod {
	char     name[16];
	char     cmdline[64];
	uint32_t start, end;      /* physical */
	mx_endpoint_t ep;         /* process it became, or MX_NONE */
	uint32_t entry;
	/* The address space the kernel built, for VM to adopt: */
	uint32_t text_lo, text_hi;   /* read-only segment(s) */
	uint32_t data_lo, data_hi;   /* writable segment(s), .bss included */
	uint32_t stack_lo, stack_hi;
} mx_bootmod;

typedef struct mx_bootinfo {
	char     cmdline[256];    /* the kernel's command line */
	uint32_t nmods;
	uint32_t mem_lower_kb, mem_upper_kb;
	uint32_t pad;
	mx_bootmod mods[MX_BOOT_MAXMODS];
} mx_bootinfo;

#endif
