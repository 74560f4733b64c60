/* Looking up a grant for SAFECOPYFROM/TO (grant.c). */
#ifndef MX_GRANT_H
#define MX_GRANT_H
#include "../system.h"
int grant_check(struct proc *caller, struct proc *granter, uint32_t grant, uint32_t offset,
		uint32_t bytes, uint32_t access, uint32_t *addr);
int safecopy(struct proc *caller, mx_message *m, int to_granter);
#endif
