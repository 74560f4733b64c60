/*
 * Named-port IPC in the Vertex-Amoeba style (the seeds' IPC manual), built
 * on MX's own primitives: the port server portd names ports; transactions
 * go straight from client to server with SENDREC, and data crosses address
 * spaces through grants (IPC_COPY) or shared segments from VM (IPC_SHARED).
 *
 * A port id has a public part (a small number, stable for a name) and a
 * private part drawn at random each time the port is registered: a client
 * that looked the port up before a re-registration gets ESTALEPORT.  A
 * lookup needs the same key capability the server registered with.
 * Shared by the guest and the host tools.
 */
#ifndef MX_PORT_H
#define MX_PORT_H

#include <stdint.h>
#include "ipc.h"

#define MX_PORT_NAME_MAX 24
#define MX_PORT_MAX_IOV  8

typedef struct { uint32_t pub, priv; } mx_portid;
typedef struct { uint32_t w[4]; } mx_capability;     /* 128 random bits */

/* portd requests (PORT_REGISTER, PORT_UNREGISTER, PORT_LOOKUP). */
struct port_name_req {
	char name[MX_PORT_NAME_MAX];
	mx_capability cap;
	mx_portid id;             /* REGISTER reply, UNREGISTER in, LOOKUP reply */
	mx_endpoint_t server;     /* LOOKUP reply: the registering process */
};
MX_BODY_CHECK(struct port_name_req);

/* One I/O vector entry as the client describes it to the server (through a grant). */
struct port_iov_desc {
	uint32_t flags;           /* MX_IPC_COPY or MX_IPC_SHARED; MX_IOV_REPLY for reply entries */
	uint32_t len;             /* bytes offered; after the reply: bytes delivered */
	uint32_t grant;           /* COPY: the client's grant for the buffer */
	uint32_t seg, offset;     /* SHARED: segment id and offset in it */
};
#define MX_IPC_COPY   0x1
#define MX_IPC_SHARED 0x2
#define MX_IOV_REPLY  0x100

/*
 * PORT_TRANS and PORT_SEND (client to server, SENDREC): the request.  The
 * server answers with PORT_REPLY: status (the server's), command, and the
 * descriptor array updated with the reply lengths; m_type carries the IPC
 * result (0, ETRUNC when a reply did not fit, ...).
 */
struct port_trans {
	mx_portid id;
	int32_t command;
	int32_t status;
	uint32_t nreq, nrep;      /* request and reply entries in the descriptor array */
	uint32_t desc_grant;      /* grant for the struct port_iov_desc array (read-write) */
	uint32_t one_way;         /* PORT_SEND: the server answers as soon as it has the data */
};
MX_BODY_CHECK(struct port_trans);

#endif
