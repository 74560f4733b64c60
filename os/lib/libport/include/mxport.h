/*
 * Port IPC for system processes, after the Vertex-Amoeba IPC manual:
 *
 *   server: ipc_register(&id, name, &key);  loop { ipc_getreq(&msg, iov, n); ...; ipc_putrep(&msg, iov, n); }
 *   client: ipc_lookup(&id, name, &key);   msg.portid = id; ipc_trans(&msg, req, nreq, &msg, rep, nrep);
 *
 * Every function returns 0 or a negative error (the IPC result); a
 * server's own status travels in msg.status.  Buffers: IPC_COPY entries are
 * copied (through grants, lengths truncated to the receiver's buffer and
 * reported in the entry), IPC_SHARED entries point into a shared segment
 * both sides mapped (ipc_create_shared / ipc_map_shared) and are translated
 * to the other side's addresses.  Transactions appear in the trace as
 * MX_TK_PORT records (client -> server, type = the port's public id).
 */
#ifndef MXPORT_H
#define MXPORT_H

#include <stdint.h>
#include <mx/port.h>

typedef struct {
	mx_portid portid;
	int32_t command;
	int32_t status;
} ipc_msg_t;

typedef struct {
	void *buf;
	uint32_t len;
	uint32_t flags;           /* IPC_COPY or IPC_SHARED */
} ipc_iovec_t;

#define IPC_COPY   MX_IPC_COPY
#define IPC_SHARED MX_IPC_SHARED
#define IPC_SETIOV(iov, b, l, f) ((iov).buf = (b), (iov).len = (l), (iov).flags = (f))
#define IPC_IOVBUF(iov)   ((iov).buf)
#define IPC_IOVLEN(iov)   ((iov).len)
#define IPC_IOVFLAGS(iov) ((iov).flags)

void ipc_random_cap(mx_capability *cap);
int ipc_register(mx_portid *id, const char *name, const mx_capability *key);
int ipc_unregister(const mx_portid *id);
int ipc_lookup(mx_portid *id, const char *name, const mx_capability *key);
int ipc_trans(ipc_msg_t *req, ipc_iovec_t *reqiov, int reqlen, ipc_msg_t *rep, ipc_iovec_t *repiov, int replen);
int ipc_send(ipc_msg_t *msg, ipc_iovec_t *iov, int len);
int ipc_getreq(ipc_msg_t *msg, ipc_iovec_t *iov, int len);
int ipc_recv(ipc_msg_t *msg, ipc_iovec_t *iov, int len);
int ipc_putrep(ipc_msg_t *msg, ipc_iovec_t *iov, int len);
int ipc_create_shared(mx_capability *segcap, uint32_t size, void **vaddr);
int ipc_map_shared(const mx_capability *segcap, void **vaddr);

#endif
