/*
 * The message and the IPC primitives.
 *
 * Every message is 64 bytes: the sender's endpoint (filled in by the
 * kernel, never trusted from the sender), a type, and a 56-byte body whose
 * layout depends on the type.  Each protocol declares its bodies in its own
 * header (kcall.h, pm.h, vfs.h, ...) and reaches them with MX_BODY().
 * Shared by the guest and the host tools.
 */
#ifndef MX_IPC_H
#define MX_IPC_H

#include <stdint.h>
#include "endpoint.h"

#define MX_MSG_SIZE   64
#define MX_BODY_SIZE  56

typedef struct mx_message {
	mx_endpoint_t m_source;     /* who sent it; set by the kernel */
	int32_t       m_type;       /* request or reply code, or a result */
	union {
		uint8_t  raw[MX_BODY_SIZE];
		uint32_t w[MX_BODY_SIZE / 4];
		struct {                /* body of a notification */
			uint32_t tsc_lo, tsc_hi; /* when it was sent */
			uint32_t bits;      /* HARDWARE: irq hook bits; SYSTEM: pending kernel signals */
			uint32_t arg;
		} notify;
	} m_u;
} mx_message;

_Static_assert(sizeof(mx_message) == MX_MSG_SIZE, "message is 64 bytes");

/* The body of message M seen as the protocol structure TYPE. */
#define MX_BODY(m, type) ((type *)(void *)(m)->m_u.raw)
#define MX_BODY_CHECK(type) \
	_Static_assert(sizeof(type) <= MX_BODY_SIZE, #type " fits a message body")

/* IPC primitives: the number in %eax at the IPC trap. */
#define MX_IPC_CALLS(X) \
	X(SEND,    1, "send and block until received") \
	X(RECEIVE, 2, "block until a message arrives") \
	X(SENDREC, 3, "send, then receive the reply from the same endpoint") \
	X(NOTIFY,  4, "non-blocking, coalescing notification") \
	X(SENDNB,  5, "send only if the receiver is waiting") \
	X(SENDA,   6, "asynchronous send from a table")

enum mx_ipc_call {
#define MX_IPC_ENUM(name, num, text) MX_##name = num,
	MX_IPC_CALLS(MX_IPC_ENUM)
#undef MX_IPC_ENUM
};
#define MX_IPC_NR_CALLS 7

/* Trap vectors. */
#define MX_IPC_VECTOR   0x30   /* eax=call ebx=endpoint ecx=message (SENDA: ebx=count ecx=table) */
#define MX_KCALL_VECTOR 0x31   /* ecx=message; m_type is the kernel call number */

/*
 * The type of a notification (m_source is the notifier).  Negative and
 * outside the error range, so no request number and no reply result (a
 * byte count, a pid, an error) can equal it; the kernel refuses to carry a
 * message of this type unless the NOTIFY primitive made it.
 */
#define MX_NOTIFY_MESSAGE ((int32_t)0x80001000)

/* One entry of a SENDA table, in the sender's memory. */
typedef struct mx_asynmsg {
	uint32_t      flags;    /* MX_AMF_* */
	mx_endpoint_t dst;
	int32_t       result;   /* set by the kernel when MX_AMF_DONE */
	uint32_t      pad;
	mx_message    msg;
} mx_asynmsg;
_Static_assert(sizeof(mx_asynmsg) == 80, "asynmsg layout");

#define MX_AMF_VALID   0x01   /* entry holds a message to send */
#define MX_AMF_DONE    0x02   /* set by the kernel once delivered or failed */
#define MX_AMF_NOTIFY  0x04   /* notify the sender when this entry is done */
#define MX_AMF_NOREPLY 0x08   /* may not satisfy the receive half of a SENDREC */
#define MX_SENDA_MAX   64     /* entries in one table */

#endif
