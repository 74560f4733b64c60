/* The SYSTEM task: kernel-call handlers (one per file in system/). */
#ifndef MX_SYSTEM_H
#define MX_SYSTEM_H

#include "kernel.h"
#include "proc.h"
#include "priv.h"

/* Handlers return a result (>= 0 or a negative error), or KC_SUSPEND when
 * the caller waits (its trap is restarted later). */
#define KC_SUSPEND (-MX_ESUSPEND)
typedef int (*kcall_handler)(struct proc *caller, mx_message *m);

/* Resolve an endpoint argument; MX_SELF means the caller. */
int kc_proc(struct proc *caller, mx_endpoint_t ep, struct proc **pp);
/* A copy touched an unmapped page: let VM bring it in and restart, or fail. */
int kc_copy_fault(struct proc *caller, struct proc *who, uint32_t va, uint32_t len, int write);

#define KCALL_DECL(name, num, group, text) int do_sys_##name(struct proc *caller, mx_message *m);
MX_KCALLS(KCALL_DECL)
#undef KCALL_DECL

#endif
