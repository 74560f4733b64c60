/*
 * The RS protocol and the system event framework (SEF) handshake.
 *
 * A service calls sef_startup() first: it sends RS_INIT and RS answers
 * with how it was started (fresh, restarted after a failure, or at boot).
 * RS checks services with heartbeats: a notification from RS is a ping,
 * and the service answers with a notification to RS (sef_receive does
 * both, so no service writes that loop).  Signals RS does not handle by
 * restarting arrive as SEF_SIGNAL messages.  The `service` command talks
 * to RS with rs_req.  Shared by the guest and the host tools.
 */
#ifndef MX_RS_H
#define MX_RS_H

#include <stdint.h>
#include "ipc.h"

#define SEF_INIT_FRESH   1
#define SEF_INIT_RESTART 2
#define SEF_INIT_BOOT    3

struct rs_init_reply { uint32_t type; uint32_t restarts; char label[16]; };
struct sef_signal    { int32_t sig; };

/*
 * RS_UP: arg points to a struct rs_config in the caller's memory (len its
 * size).  RS_DOWN, RS_RESTART, RS_REFRESH, RS_LOOKUP: label.  RS_LIST: arg
 * is a buffer for mx_rs_ent entries (tables.h), len its size; the reply's
 * m_type is the count.  Only the superuser (uid 0) may change services.
 */
struct rs_req {
	char label[16];
	uint32_t arg;
	uint32_t len;
	mx_endpoint_t ep;         /* RS_LOOKUP reply */
};
MX_BODY_CHECK(struct rs_req);

#define RS_MAX_IPC  12
#define RS_FLAG_RESTART  0x1      /* restart it when it fails */
#define RS_FLAG_USER_IPC 0x2      /* it may talk to user processes */
#define RS_FLAG_ALL_IPC  0x4      /* it may talk to every service */

/* A service's configuration, as the `service` command parses it from /etc/system.conf. */
struct rs_config {
	char label[16];
	char binary[32];
	char args[64];            /* extra arguments, space-separated */
	uint32_t kcall_mask;      /* kernel calls, bit per MX_SYS_* */
	uint32_t irq_mask;
	uint16_t io_base[2], io_len[2];
	uint32_t period;          /* heartbeat period in clock ticks, 0: none */
	uint32_t flags;           /* RS_FLAG_* */
	int32_t priority;         /* -1: default */
	uint32_t nipc;
	char ipc[RS_MAX_IPC][16]; /* labels it may talk to (that may not exist yet) */
};

#endif
