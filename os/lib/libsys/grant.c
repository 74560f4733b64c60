/*
 * The process's grant table: one per process, declared to the kernel on
 * first use.  Every library that hands out memory (port IPC, drivers'
 * clients) allocates its grants here, so there is never a second table
 * replacing the first.
 */
#include <string.h>
#include "mxsys.h"

#define NR_GRANTS 128
static mx_grant grants[NR_GRANTS];
static int declared;

/* A grant of [addr, addr+size) to grantee with access MX_GF_READ/WRITE; its id, or an error. */
int grant_alloc(mx_endpoint_t grantee, const void *addr, uint32_t size, uint32_t access)
{
	if (!declared) {
		int r = sys_setgrant(grants, NR_GRANTS);
		if (r < 0)
			return r;
		declared = 1;
	}
	for (int i = 0; i < NR_GRANTS; i++)
		if (!(grants[i].flags & MX_GF_USED)) {
			grants[i].grantee = grantee;
			grants[i].addr = (uint32_t)addr;
			grants[i].size = size;
			grants[i].flags = MX_GF_USED | (access & (MX_GF_READ | MX_GF_WRITE));
			return i;
		}
	return -MX_ENOSPC;
}

void grant_free(int id)
{
	if (id >= 0 && id < NR_GRANTS)
		grants[id].flags = 0;
}
