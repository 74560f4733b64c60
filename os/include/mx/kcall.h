/*
 * Kernel calls: requests to the SYSTEM task, made through the kernel-call
 * trap with m_type set to the call number.  Every call is checked against
 * the caller's kernel-call mask (ECALLDENIED) before its handler runs.
 * Each handler lives in os/kernel/system/do_<name>.c; its header names the
 * fields below that it reads and writes.
 */
#ifndef MX_KCALL_H
#define MX_KCALL_H

#include <stdint.h>
#include "ipc.h"

/* X(name, number, group, description) */
#define MX_KCALLS(X) \
	X(FORK,       1, "proc",   "create a process slot as a copy of a parent") \
	X(EXEC,       2, "proc",   "set a process's entry point, stack and name after exec") \
	X(EXIT,       3, "proc",   "a system process exits by itself") \
	X(CLEAR,      4, "proc",   "free an exited process's slot") \
	X(RUNCTL,     5, "proc",   "stop or resume a process") \
	X(PRIVCTL,    6, "proc",   "give a process its own privileges, or change them") \
	X(SCHEDCTL,   7, "proc",   "set a process's priority and quantum") \
	X(TIMES,      8, "proc",   "a process's accounting and the uptime") \
	X(VMMAP,      9, "memory", "map, unmap, protect or copy pages of an address space") \
	X(VMCTL,     10, "memory", "page-fault and memory requests between kernel and VM") \
	X(VIRCOPY,   11, "copy",   "copy between two address spaces (privileged)") \
	X(SAFECOPYFROM, 12, "copy", "copy from a grant made to the caller") \
	X(SAFECOPYTO,   13, "copy", "copy to a grant made to the caller") \
	X(SETGRANT,  14, "copy",   "declare the caller's grant table") \
	X(GETKSIG,   15, "signal", "signal manager: fetch a process with pending kernel signals") \
	X(ENDKSIG,   16, "signal", "signal manager: finish with a process's kernel signals") \
	X(KILL,      17, "signal", "post a signal to a process through its signal manager") \
	X(SIGSEND,   18, "signal", "push a signal frame onto a process's stack") \
	X(SIGRETURN, 19, "signal", "restore a process's context after a handler") \
	X(TRACE,     20, "debug",  "ptrace support: read and write memory and registers, step") \
	X(DEVIO,     21, "device", "read or write an I/O port") \
	X(IOPENABLE, 22, "device", "let a driver run I/O instructions itself (IOPL 3)") \
	X(IRQCTL,    23, "device", "set or remove an IRQ policy, enable or disable a line") \
	X(SETALARM,  24, "clock",  "notify the caller from CLOCK after some ticks") \
	X(GETINFO,   25, "info",   "copy a kernel table or value to the caller") \
	X(TRACECTL,  26, "info",   "switch and filter the trace ring; emit user events") \
	X(DIAGCTL,   27, "info",   "print a diagnostic line through the kernel") \
	X(REGTABLE,  28, "info",   "register a server table in the kernel's table registry") \
	X(DBGCHAN,   29, "info",   "send a frame on, or take a command from, the debug channel") \
	X(ABORT,     30, "system", "shut the machine down, reboot it, or exit QEMU with a code")

enum mx_kcall {
#define MX_KCALL_ENUM(name, num, group, text) MX_SYS_##name = num,
	MX_KCALLS(MX_KCALL_ENUM)
#undef MX_KCALL_ENUM
};
#define MX_NR_KCALLS 31        /* one more than the highest number */

/* ---- Bodies --------------------------------------------------------- */

struct kc_fork {          /* FORK */
	mx_endpoint_t parent;       /* in */
	uint32_t flags;             /* in: MX_FORK_* */
	mx_endpoint_t child;        /* out */
	uint32_t child_slot;        /* out */
};
#define MX_FORK_COPYMEM 0x1        /* also copy the parent's pages (no VM yet) */
#define MX_FORK_SLOT    0x2        /* use child_slot (PM keeps slots of zombies busy) */

struct kc_exec {          /* EXEC */
	mx_endpoint_t ep;
	uint32_t pc, sp;
	uint32_t ps_strings;        /* argc/argv/envp area, passed in %ebx */
	char name[16];
};

struct kc_exit {          /* EXIT */
	int32_t status;
};

struct kc_proc {          /* CLEAR, IOPENABLE, TIMES */
	mx_endpoint_t ep;
	uint32_t pad;
	/* TIMES out: */
	uint64_t user_ticks, sys_ticks, cycles, uptime_ticks;
};

struct kc_runctl {        /* RUNCTL */
	mx_endpoint_t ep;
	uint32_t action;            /* MX_RC_STOP, MX_RC_RESUME */
	uint32_t flags;             /* MX_RC_DELAY */
};
#define MX_RC_STOP   1
#define MX_RC_RESUME 2
#define MX_RC_DELAY  1             /* refuse (EBUSY) if the process is in a call to a server */

struct kc_privctl {       /* PRIVCTL */
	mx_endpoint_t ep;
	uint32_t op;                /* MX_PRIV_* */
	uint32_t flags;             /* MX_PF_* */
	uint32_t trap_mask;         /* allowed IPC primitives, bit per call */
	uint32_t kcall_mask[1];     /* allowed kernel calls, bit per call */
	uint32_t sig_mgr;           /* endpoint that handles its signals */
	mx_endpoint_t other;        /* ALLOW, DISALLOW: the other process (MX_NONE: user processes) */
	uint32_t pad;
	uint32_t irq_mask;          /* IRQ lines it may hook */
	uint16_t io_base[2], io_len[2]; /* I/O port ranges it may use */
	char name[8];               /* for the table registry and dumps */
	int32_t priv_id;            /* out */
};
#define MX_PRIV_SET_SYS   1        /* give EP a private privilege structure */
#define MX_PRIV_SET_USER  2        /* put EP back on the shared user privileges */
#define MX_PRIV_ALLOW     3        /* let EP talk to OTHER, and OTHER to EP */
#define MX_PRIV_DISALLOW  4        /* and take that away again */
#define MX_PRIV_SIGMGR    5        /* only change its signal manager (sig_mgr) */

struct kc_schedctl {      /* SCHEDCTL */
	mx_endpoint_t ep;
	int32_t priority;           /* 0 (highest) .. MX_NR_QUEUES-1, or -1 to keep */
	int32_t quantum;            /* ticks, or -1 to keep */
};

struct kc_vmmap {         /* VMMAP */
	uint32_t op;                /* MX_VMMAP_* */
	mx_endpoint_t ep;
	uint32_t vaddr;
	uint32_t len;               /* bytes, page multiple */
	uint32_t flags;             /* MX_PTE_W, MX_PTE_U, ... */
	uint32_t phys;              /* MAP_PHYS: physical address */
	mx_endpoint_t src_ep;       /* SHARE, COPYAS: the other address space */
	uint32_t src_vaddr;
	uint32_t result;            /* out: first physical address, or pages done */
};
#define MX_VMMAP_ALLOC    1     /* fresh zeroed frames at [vaddr, vaddr+len) */
#define MX_VMMAP_PHYS     2     /* map physical memory (device or /dev/mem) */
#define MX_VMMAP_UNMAP    3     /* drop pages, freeing frames no one else maps */
#define MX_VMMAP_PROTECT  4     /* change the flags of present pages */
#define MX_VMMAP_SHARE    5     /* map src's pages at vaddr too (shared memory) */
#define MX_VMMAP_COPYAS   6     /* duplicate src's address space into ep; flags&MX_VM_COW shares copy-on-write */
#define MX_VMMAP_UNSHARE  7     /* give ep its own writable copy of a COW page */
#define MX_VMMAP_FREEAS   8     /* drop every user page of ep */
#define MX_VMMAP_QUERY    9     /* result = physical address and flags of vaddr */
#define MX_VM_COW         0x100    /* COPYAS: share writable pages copy-on-write */
#define MX_VM_NOCOW       0x200    /* PROTECT: make pages writable even if copy-on-write (true sharing) */

/* Page-table entry flags as VM sees them (i386 bits). */
#define MX_PTE_P 0x001
#define MX_PTE_W 0x002
#define MX_PTE_U 0x004
#define MX_PTE_COW 0x200           /* software bit: write fault means copy */

struct kc_vmctl {         /* VMCTL */
	uint32_t op;                /* MX_VMCTL_* */
	mx_endpoint_t ep;           /* in/out: the process that waits */
	mx_endpoint_t target;       /* out: whose address space faulted (ep, or another for copies) */
	uint32_t addr;              /* out: faulting address */
	uint32_t err;               /* out: fault error code; in: result for PF_DONE */
	uint32_t eip;               /* out: where it faulted */
	uint32_t kind;              /* out: MX_PF_HW fault or MX_PF_KERNEL check */
	uint32_t mem_total, mem_free; /* out: MEMINFO, in frames */
};
#define MX_VMCTL_GET_PF   1     /* take the next unresolved fault */
#define MX_VMCTL_PF_DONE  2     /* fault of ep resolved (err=0) or failed (err<0) */
#define MX_VMCTL_MEMINFO  3
#define MX_VMCTL_BECOME_VM 4    /* caller handles page faults from now on */
#define MX_PF_HW      1            /* a real page fault */
#define MX_PF_KERNEL  2            /* the kernel found an IPC buffer unmapped */

struct kc_copy {          /* VIRCOPY, SAFECOPYFROM, SAFECOPYTO */
	mx_endpoint_t src_ep;       /* VIRCOPY: source; SAFECOPY: the granter */
	uint32_t src_addr;          /* VIRCOPY: source address; SAFECOPY: grant id */
	mx_endpoint_t dst_ep;       /* VIRCOPY only */
	uint32_t dst_addr;          /* VIRCOPY: destination; SAFECOPY: offset in the grant */
	uint32_t bytes;
	uint32_t my_addr;           /* SAFECOPY: the caller's buffer */
};

/* One entry of a process's grant table, in its own memory. */
typedef struct mx_grant {
	uint32_t flags;             /* MX_GF_* */
	mx_endpoint_t grantee;      /* who may use it (MX_ANY allowed) */
	uint32_t addr;              /* in the granter's address space */
	uint32_t size;
} mx_grant;
#define MX_GF_USED  0x1
#define MX_GF_READ  0x2            /* grantee may copy from it */
#define MX_GF_WRITE 0x4            /* grantee may copy to it */

struct kc_setgrant {      /* SETGRANT */
	uint32_t addr;              /* grant table in the caller's memory */
	uint32_t entries;
};

struct kc_sig {           /* GETKSIG, ENDKSIG, KILL, SIGSEND, SIGRETURN */
	mx_endpoint_t ep;           /* in (KILL, ENDKSIG, SIGSEND, SIGRETURN); out (GETKSIG) */
	uint32_t sigs;              /* GETKSIG out: pending kernel signals */
	int32_t signo;              /* KILL, SIGSEND */
	uint32_t handler;           /* SIGSEND: handler address */
	uint32_t trampoline;        /* SIGSEND: where the handler returns to */
	uint32_t mask;              /* SIGSEND: mask to restore after the handler */
	uint32_t ctx;               /* SIGRETURN: address of the saved context */
};

struct kc_trace {         /* TRACE */
	uint32_t req;               /* MX_TR_* */
	mx_endpoint_t ep;
	uint32_t addr;
	uint32_t data;              /* in/out */
};
#define MX_TR_PEEK  1              /* read a word of memory */
#define MX_TR_POKE  2              /* write a word of memory */
#define MX_TR_GETREG 3             /* read the saved-register word at byte offset addr */
#define MX_TR_SETREG 4             /* write it (flags and segments are protected) */
#define MX_TR_STEP  5              /* set (data=1) or clear the trap flag */
#define MX_TR_SYSCALL 6            /* set (data=1) or clear stop-at-IPC for system-call tracing */
#define MX_TR_GETPRIV 7            /* read a word of the process's privilege structure */
#define MX_TR_TRACER 8             /* record the tracer (data = its endpoint, MX_NONE to detach) */

struct kc_devio {         /* DEVIO */
	uint32_t port;
	uint32_t value;             /* in for out, out for in */
	uint32_t req;               /* MX_DIO_* */
};
#define MX_DIO_INB  1
#define MX_DIO_INW  2
#define MX_DIO_INL  3
#define MX_DIO_OUTB 4
#define MX_DIO_OUTW 5
#define MX_DIO_OUTL 6

struct kc_irqctl {        /* IRQCTL */
	uint32_t op;                /* MX_IRQ_* */
	uint32_t irq;
	uint32_t policy;            /* MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE */
	int32_t hook_id;            /* in: the caller's bit in the HARD_INT bitmap; out: kernel hook handle */
};
#define MX_IRQ_SETPOLICY 1
#define MX_IRQ_RMPOLICY  2
#define MX_IRQ_ENABLE    3
#define MX_IRQ_DISABLE   4
#define MX_IRQ_REENABLE  0x1       /* re-enable the line after notifying */
#define MX_IRQ_EXCLUSIVE 0x2       /* only this hook sees the IRQ while it exists */

struct kc_setalarm {      /* SETALARM */
	uint32_t ticks;             /* 0 cancels */
	uint32_t absolute;          /* ticks is an absolute time */
	uint32_t prev_left;         /* out: ticks left on the previous alarm */
	uint32_t now_lo, now_hi;    /* out: the current tick count */
};

struct kc_getinfo {       /* GETINFO */
	uint32_t what;              /* MX_GI_* */
	uint32_t addr;              /* caller's buffer */
	uint32_t len;               /* its size; out: bytes copied */
	uint32_t arg;               /* what-specific */
};
#define MX_GI_KINFO     1          /* struct mx_kinfo */
#define MX_GI_PROCTAB   2          /* proc[] (layout described by mx_info) */
#define MX_GI_PRIVTAB   3          /* priv[] */
#define MX_GI_IRQHOOKS  4          /* the IRQ hook table */
#define MX_GI_PAIRS     5          /* the per-pair IPC count matrix */
#define MX_GI_TRACEHDR  6          /* the trace ring's header */
#define MX_GI_BOOTENV   7          /* the kernel command line */
#define MX_GI_MXINFO    8          /* the mx_info object itself */
#define MX_GI_REGISTRY  9          /* the table registry */
#define MX_GI_TRACERECS 10         /* records from sequence number arg onwards */
#define MX_GI_BOOTMODS  11         /* what the boot image loaded where */
#define MX_GI_WHOAMI    12         /* struct mx_whoami about the caller */
#define MX_GI_PROC      13         /* struct mx_procinfo about the process with endpoint arg */
#define MX_GI_PRIVINFO  14         /* struct mx_privinfo[MX_NR_PRIVS] */

struct mx_privinfo {
	int32_t id;
	mx_endpoint_t owner;        /* MX_NONE: free (or the shared user priv, id 0) */
	uint32_t flags, trap_mask, kcall_mask, irq_mask;
	uint16_t io_base[2], io_len[2];
	mx_endpoint_t sig_mgr;
	uint32_t ipc_to[MX_NR_PRIVS / 32];
	char name[8];
};

#define MX_GI_PROCS     15         /* struct mx_procinfo for every slot in use */

struct mx_procinfo {
	mx_endpoint_t ep;
	int32_t slot;
	uint32_t rts, misc;        /* MX_RTS_*, MX_MF_* */
	mx_endpoint_t sendto, getfrom;
	uint32_t priority, quantum;
	uint32_t user_ticks, sys_ticks;
	uint32_t block_tsc_lo, block_tsc_hi;
	uint32_t cycles_lo, cycles_hi;
	uint32_t sent, recvd, notifies, kcalls;
	uint32_t cr3;
	int32_t priv_id;
	char name[16];
};

/* An IRQ hook, as GETINFO IRQHOOKS returns them (and the kernel keeps them). */
struct mx_irq_hook {
	int32_t  irq;              /* -1: free */
	mx_endpoint_t ep;
	uint32_t policy;           /* MX_IRQ_* */
	uint32_t notify_id;        /* bit in the driver's HARD_INT bitmap */
	uint32_t active;           /* 1 while the line waits for the driver to re-enable it */
};

struct mx_whoami {
	mx_endpoint_t ep;
	int32_t slot;
	int32_t priv_id;
	char name[16];              /* process name */
	char label[8];              /* privilege (service) name */
};

struct kc_tracectl {      /* TRACECTL */
	uint32_t op;                /* MX_TC_* */
	uint32_t kinds;             /* SET_KINDS: bitmask of kinds traced */
	mx_endpoint_t ep;           /* FILTER_EP: add (or with clear=1, remove) an endpoint */
	uint32_t clear;
	/* EMIT: a user event */
	uint32_t kind;              /* MX_TK_LOCK_* or MX_TK_MARK or MX_TK_PORT */
	int32_t a, b;               /* src/dst fields of the record */
	int32_t type;
	uint32_t arg;
	uint32_t flags;
};
#define MX_TC_ON         1
#define MX_TC_OFF        2
#define MX_TC_SET_KINDS  3
#define MX_TC_FILTER_EP  4
#define MX_TC_FILTER_OFF 5
#define MX_TC_EMIT       6
#define MX_TC_RESET      7         /* zero the counters (not the head) */

struct kc_diagctl {       /* DIAGCTL */
	uint32_t addr;              /* text in the caller's memory */
	uint32_t len;
};

struct kc_regtable {      /* REGTABLE */
	uint32_t op;                /* MX_RT_ADD, MX_RT_DEL */
	uint32_t desc;              /* address of a struct mx_table_desc in the caller */
	int32_t id;                 /* out (ADD), in (DEL) */
};
#define MX_RT_ADD 1
#define MX_RT_DEL 2

struct kc_dbgchan {       /* DBGCHAN */
	uint32_t op;                /* MX_DC_SEND, MX_DC_RECV */
	uint32_t type;              /* frame type (SEND); out: the command's seq (RECV) */
	uint32_t addr;              /* payload in the caller's memory */
	uint32_t len;               /* in: bytes (SEND) or room (RECV); out: bytes */
	uint32_t flags;             /* SEND: frame flags (MX_FRF_MORE) */
};
#define MX_DC_SEND 1
#define MX_DC_RECV 2

struct kc_abort {         /* ABORT */
	uint32_t how;               /* MX_ABORT_* */
	int32_t code;               /* exit code for MX_ABORT_EXIT */
};
#define MX_ABORT_HALT     1
#define MX_ABORT_REBOOT   2
#define MX_ABORT_POWEROFF 3
#define MX_ABORT_EXIT     4        /* leave QEMU through isa-debug-exit with code */

MX_BODY_CHECK(struct kc_fork);
MX_BODY_CHECK(struct kc_exec);
MX_BODY_CHECK(struct kc_proc);
MX_BODY_CHECK(struct kc_privctl);
MX_BODY_CHECK(struct kc_vmmap);
MX_BODY_CHECK(struct kc_vmctl);
MX_BODY_CHECK(struct kc_copy);
MX_BODY_CHECK(struct kc_sig);
MX_BODY_CHECK(struct kc_tracectl);

#endif
