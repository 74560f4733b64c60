/*
 * The IPC and kernel-call traps (os/include/mx/ipc.h).  Each returns the
 * kernel's result: 0 or a negative error.
 */
#include "mxsys.h"

static inline int ipc_trap(int call, uint32_t ebx, uint32_t ecx)
{
	int r;
	__asm__ volatile("int %[vec]"
			 : "=a"(r)
			 : "a"(call), "b"(ebx), "c"(ecx), [vec] "i"(MX_IPC_VECTOR)
			 : "memory");
	return r;
}

int mx_send(mx_endpoint_t dst, mx_message *m)    { return ipc_trap(MX_SEND, (uint32_t)dst, (uint32_t)m); }
int mx_receive(mx_endpoint_t src, mx_message *m) { return ipc_trap(MX_RECEIVE, (uint32_t)src, (uint32_t)m); }
int mx_sendrec(mx_endpoint_t dst, mx_message *m) { return ipc_trap(MX_SENDREC, (uint32_t)dst, (uint32_t)m); }
int mx_notify(mx_endpoint_t dst)                 { return ipc_trap(MX_NOTIFY, (uint32_t)dst, 0); }
int mx_sendnb(mx_endpoint_t dst, mx_message *m)  { return ipc_trap(MX_SENDNB, (uint32_t)dst, (uint32_t)m); }
int mx_senda(mx_asynmsg *t, uint32_t count)      { return ipc_trap(MX_SENDA, count, (uint32_t)t); }

int mx_kcall(mx_message *m)
{
	int r;
	__asm__ volatile("int %[vec]" : "=a"(r) : "c"(m), [vec] "i"(MX_KCALL_VECTOR) : "memory");
	return r;
}
