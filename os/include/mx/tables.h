/*
 * Server tables published through the kernel's table registry.
 *
 * Each server keeps these arrays in its own memory and registers them by
 * name (REGTABLE) with a field layout generated from the structures below
 * (MX_TABLE_FIELD).  Host tools find them through mx_info's registry, read
 * them through the owner's page tables, and decode them by field name, so
 * the names here are the contract; see tracer/schema.md for where each
 * lands in the database.  Shared by the guest and the host tools.
 */
#ifndef MX_TABLES_H
#define MX_TABLES_H

#include <stdint.h>
#include <stddef.h>
#include "endpoint.h"
#include "mxinfo.h"

/* Build one mx_field from a member of a structure. */
#define MX_TABLE_FIELD(type, member, kind) \
	{ #member, (uint16_t)offsetof(type, member), (uint16_t)sizeof(((type *)0)->member), \
	  (uint16_t)(kind), 1, 0 }

/* ---- "vm.regions": VM's region table ---------------------------------- */
typedef struct mx_vm_region_ent {
	mx_endpoint_t ep;        /* owner, MX_NONE if the entry is free */
	uint32_t start;          /* virtual address */
	uint32_t len;            /* bytes */
	uint32_t prot;           /* MX_VR_READ | WRITE | EXEC */
	uint32_t kind;           /* MX_VRK_* */
	uint32_t pages;          /* resident pages */
	uint32_t shared_id;      /* shared segment or file id, 0 if none */
	uint32_t offset;         /* file offset for file mappings */
} mx_vm_region_ent;
#define MX_VR_READ  1
#define MX_VR_WRITE 2
#define MX_VR_EXEC  4
#define MX_VR_COW   8

#define MX_VR_KINDS(X) \
	X(TEXT, 1, "text") X(DATA, 2, "data") X(HEAP, 3, "heap") X(STACK, 4, "stack") \
	X(ANON, 5, "mmap") X(SHARED, 6, "shared") X(FILE, 7, "file") X(PHYS, 8, "phys")
enum mx_vr_kind {
#define MX_VRK_ENUM(name, num, text) MX_VRK_##name = num,
	MX_VR_KINDS(MX_VRK_ENUM)
#undef MX_VRK_ENUM
};

/* ---- "vfs.threads": VFS worker threads -------------------------------- */
typedef struct mx_thread_ent {
	int32_t  tid;            /* -1 if the entry is free */
	uint32_t state;          /* MX_TS_* */
	mx_endpoint_t client;    /* process whose request it serves, or MX_NONE */
	int32_t  req;            /* request type it serves */
	int32_t  lock_wait;      /* lock id it waits for, or -1 */
	uint32_t lock_mode;      /* mode it waits for (MX_LM_*) */
	mx_endpoint_t ipc_wait;  /* endpoint it waits for a reply from, or MX_NONE */
	uint32_t since_lo, since_hi; /* TSC when it entered this state */
	char     name[12];
} mx_thread_ent;

#define MX_THREAD_STATES(X) \
	X(FREE, 0, "free") X(IDLE, 1, "idle") X(RUNNING, 2, "running") \
	X(LOCK_WAIT, 3, "lock-wait") X(IPC_WAIT, 4, "ipc-wait") X(READY, 5, "ready")
enum mx_thread_state {
#define MX_TS_ENUM(name, num, text) MX_TS_##name = num,
	MX_THREAD_STATES(MX_TS_ENUM)
#undef MX_TS_ENUM
};

/* ---- "vfs.locks": VFS's three-level locks ----------------------------- */
typedef struct mx_lock_ent {
	int32_t  id;             /* -1 if the entry is free */
	uint32_t kind;           /* MX_LK_* */
	uint32_t obj;            /* vmnt index, vnode number, filp index */
	uint32_t mode;           /* MX_LM_* held, MX_LM_NONE if free */
	int32_t  owner;          /* thread holding it for write or serialised read, or -1 */
	uint32_t readers;        /* threads holding it for read */
	uint32_t holders;        /* bit t set: thread t holds it (any mode) */
	uint32_t waiters;
	uint32_t since_lo, since_hi; /* TSC when the current mode was taken */
	char     name[20];       /* e.g. "vnode 12" */
} mx_lock_ent;

#define MX_LOCK_KINDS(X) X(VMNT, 1, "vmnt") X(VNODE, 2, "vnode") X(FILP, 3, "filp")
enum mx_lock_kind {
#define MX_LK_ENUM(name, num, text) MX_LK_##name = num,
	MX_LOCK_KINDS(MX_LK_ENUM)
#undef MX_LK_ENUM
};

/* Lock modes, as in the seeds' three-level locks.  Letters for dumps. */
#define MX_LOCK_MODES(X) \
	X(NONE, 0, "-") X(READ, 1, "R") X(READSER, 2, "RS") X(WRITE, 3, "W")
enum mx_lock_mode {
#define MX_LM_ENUM(name, num, text) MX_LM_##name = num,
	MX_LOCK_MODES(MX_LM_ENUM)
#undef MX_LM_ENUM
};

/* ---- "pm.procs": PM's process table ----------------------------------- */
typedef struct mx_pm_proc_ent {
	int32_t  pid;            /* 0 if the entry is free */
	mx_endpoint_t ep;
	int32_t  ppid;
	int32_t  pgrp;
	uint32_t flags;          /* MX_PMF_* */
	uint32_t sig_pending;
	uint32_t sig_mask;
	int32_t  exit_status;
	int32_t  tracer;         /* pid of the tracer, 0 if none */
	char     name[16];
	int32_t  uid;            /* 0 is the superuser */
} mx_pm_proc_ent;
#define MX_PMF_INUSE   0x01
#define MX_PMF_ZOMBIE  0x02
#define MX_PMF_WAITING 0x04
#define MX_PMF_STOPPED 0x08
#define MX_PMF_TRACED  0x10
#define MX_PMF_SYSTEM  0x20
#define MX_PMF_PAUSED  0x40
#define MX_PMF_EXITING 0x80
#define MX_PMF_SLEEPING 0x100   /* in sleep()/nanosleep(), until its time passes */

/* ---- "vfs.fproc": VFS's per-process table ----------------------------- */
typedef struct mx_fproc_ent {
	mx_endpoint_t ep;        /* MX_NONE if free */
	int32_t  pid;
	uint32_t nfds;           /* open descriptors */
	int32_t  blocked_on;     /* MX_FPB_* why suspended, 0 if not */
	mx_endpoint_t blocked_ep;/* driver or pipe peer it waits for */
	int32_t  worker;         /* worker thread serving it, or -1 */
	uint32_t cwd_ino;
} mx_fproc_ent;
#define MX_FPB_PIPE   1
#define MX_FPB_DEV    2
#define MX_FPB_SELECT 3
#define MX_FPB_LOCK   4

/* VFS's request tags (the first body word of its FS and DEV requests):
 * the worker thread's id in the top byte, a sequence number below. */
#define MX_VFS_TAG_SHIFT     24
#define MX_VFS_TAG(tid, seq) (((uint32_t)(tid) << MX_VFS_TAG_SHIFT) | ((uint32_t)(seq) & 0xffffff))
#define MX_VFS_TAG_TID(tag)  ((int)((uint32_t)(tag) >> MX_VFS_TAG_SHIFT))

/* ---- "<driver>.pending": requests a driver keeps until an event --------
 * A driver that holds a request on purpose (a read waiting for input)
 * says so here, so the host tools can tell it from a lost request: a
 * request kept and not listed is one the driver has forgotten. */
typedef struct mx_pending_ent {
	mx_endpoint_t who;       /* the requester (VFS), MX_NONE if the entry is free */
	uint32_t tag;            /* the request's tag (from VFS: MX_VFS_TAG) */
	uint32_t minor;
	int32_t  why;            /* MX_PEND_* */
} mx_pending_ent;
#define MX_PEND_INPUT 1          /* a read waiting for input to arrive */

/* ---- "vfs.dmap": device to driver map --------------------------------- */
typedef struct mx_dmap_ent {
	int32_t  major;          /* -1 if free */
	mx_endpoint_t driver;    /* MX_NONE while the driver is down */
	uint32_t flags;          /* MX_DMAP_* */
	char     label[16];
} mx_dmap_ent;
#define MX_DMAP_CHAR  1
#define MX_DMAP_BLOCK 2
#define MX_DMAP_BUSY  4

/* ---- "rs.services": RS's services ------------------------------------- */
typedef struct mx_rs_ent {
	mx_endpoint_t ep;        /* MX_NONE while down */
	uint32_t flags;          /* MX_RSF_* */
	uint32_t restarts;
	uint32_t backoff;        /* ticks before the next restart */
	uint32_t last_ping_lo, last_ping_hi; /* tick count of the last heartbeat reply */
	char     label[16];
	char     binary[24];
} mx_rs_ent;
#define MX_RSF_INUSE   0x01
#define MX_RSF_UP      0x02
#define MX_RSF_PINGING 0x04
#define MX_RSF_RESTART 0x08
#define MX_RSF_BOOT    0x10
#define MX_RSF_DOWN    0x20

/* ---- "ds.entries": DS's store ------------------------------------------ */
typedef struct mx_ds_ent {
	uint32_t flags;          /* MX_DSF_*; 0 if free */
	mx_endpoint_t owner;
	uint32_t u32;
	uint32_t subscribers;
	char     key[24];
	char     str[32];
} mx_ds_ent;
#define MX_DSF_INUSE 0x1
#define MX_DSF_U32   0x2
#define MX_DSF_STR   0x4
#define MX_DSF_LABEL 0x8

/* ---- "port.ports": named ports ----------------------------------------- */
typedef struct mx_port_ent {
	uint32_t id;             /* public port id, 0 if free */
	mx_endpoint_t server;
	uint32_t transactions;
	uint32_t pad;
	char     name[24];
} mx_port_ent;

#endif
