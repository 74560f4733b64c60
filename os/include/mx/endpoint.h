/*
 * Endpoints: the names processes use for each other in IPC.
 *
 * An endpoint packs a process-table slot and a generation number.  When a
 * slot is reused its generation advances, so a message addressed to the old
 * endpoint is refused with EDEADSRCDST instead of reaching the newcomer.
 * Shared by the guest and the host tools.
 */
#ifndef MX_ENDPOINT_H
#define MX_ENDPOINT_H

#include <stdint.h>

typedef int32_t mx_endpoint_t;

#define MX_SLOT_BITS     10                   /* up to 1024 process slots */
#define MX_SLOT_MASK     ((1 << MX_SLOT_BITS) - 1)
#define MX_GEN_BITS      16
#define MX_GEN_MASK      ((1 << MX_GEN_BITS) - 1)

#define MX_EP(gen, slot) ((mx_endpoint_t)((((gen) & MX_GEN_MASK) << MX_SLOT_BITS) | ((slot) & MX_SLOT_MASK)))
#define MX_EP_SLOT(ep)   ((int)((ep) & MX_SLOT_MASK))
#define MX_EP_GEN(ep)    ((int)(((ep) >> MX_SLOT_BITS) & MX_GEN_MASK))

/* Special endpoints: bit 30 set, never a valid process endpoint. */
#define MX_ANY   ((mx_endpoint_t)0x40000001)  /* receive from anyone */
#define MX_NONE  ((mx_endpoint_t)0x40000002)  /* no process */
#define MX_SELF  ((mx_endpoint_t)0x40000003)  /* the caller, in kernel calls */
#define MX_EP_SPECIAL(ep) (((ep) & 0x40000000) != 0)

/*
 * Fixed slots.  Kernel tasks come first; then the boot processes in the
 * order of the kernel's boot table (checked at boot).  The first
 * incarnation of each has generation 0, so its endpoint equals its slot.
 */
#define MX_IDLE        0    /* runs when nothing else can */
#define MX_CLOCK       1    /* source of alarm notifications */
#define MX_SYSTEM      2    /* kernel calls; source of kernel signals */
#define MX_HARDWARE    3    /* source of interrupt notifications */
#define MX_NR_TASKS    4

#define MX_PM          4    /* process manager */
#define MX_VFS         5    /* virtual file system */
#define MX_RS          6    /* reincarnation server */
#define MX_VM          7    /* virtual memory manager */
#define MX_DS          8    /* data store */
#define MX_TTY         9    /* console driver */
#define MX_MEM        10    /* memory driver */
#define MX_FS         11    /* root file-system server */
#define MX_IS         12    /* information server */
#define MX_INIT       13    /* first user process */
#define MX_NR_BOOT_FIXED 14

#define MX_NR_SLOTS  256    /* proc[] entries, tasks included */
#define MX_NR_PRIVS   64    /* priv[] entries; priv 0 is shared by user processes */

#endif
