/*
 * The debug channel: framed binary traffic on the second serial line.
 *
 * A frame on the wire is COBS(header | payload | crc32) followed by one 0x00
 * byte.  COBS leaves no zero inside a frame, so a reader that loses its
 * place (a corrupt or truncated frame) skips to the next zero and goes on:
 * the stream resynchronises by itself.  The CRC is the IEEE CRC-32 (zlib's
 * crc32) of header and payload, stored little-endian.
 * Shared by the guest and the host tools; see docs/channel.md.
 */
#ifndef MX_CHAN_H
#define MX_CHAN_H

#include <stdint.h>

typedef struct mx_frame_hdr {
	uint8_t  type;        /* MX_FR_* */
	uint8_t  flags;       /* MX_FRF_* */
	uint16_t len;         /* payload bytes */
	uint32_t seq;         /* frames sent by this side, counting from 0 */
} mx_frame_hdr;
_Static_assert(sizeof(mx_frame_hdr) == 8, "frame header is 8 bytes");

#define MX_FRAME_MAXPAYLOAD 4096
/* Largest encoded frame: COBS adds one byte per 254, plus the delimiter. */
#define MX_FRAME_MAXWIRE (sizeof(mx_frame_hdr) + MX_FRAME_MAXPAYLOAD + 4 + \
	(sizeof(mx_frame_hdr) + MX_FRAME_MAXPAYLOAD + 4) / 254 + 2)

/* X(name, number, direction, payload) */
#define MX_FRAME_TYPES(X) \
	X(HELLO, 1, "guest", "struct mx_info, sent at boot and on request") \
	X(LOG,   2, "guest", "a line of the kernel log (text, no NUL)") \
	X(DUMP,  3, "guest", "struct mx_dump_chunk: a piece of an IS dump; MX_FRF_MORE until the last") \
	X(TRACE, 4, "guest", "uint64 first record number, then whole mx_trace_rec records") \
	X(LOSS,  5, "guest", "struct mx_loss: records the channel could not carry") \
	X(CMD,   6, "host",  "struct mx_cmd: a command to the guest") \
	X(ERROR, 7, "guest", "struct mx_cmd_error: a command was refused") \
	X(ACK,   8, "guest", "struct mx_cmd_error with code 0: a command was done")

enum mx_frame_type {
#define MX_FR_ENUM(name, num, dir, text) MX_FR_##name = num,
	MX_FRAME_TYPES(MX_FR_ENUM)
#undef MX_FR_ENUM
	MX_FR_MAX
};

#define MX_FRF_MORE 0x01    /* DUMP: more chunks of the same dump follow */

struct mx_dump_chunk {
	uint32_t key;           /* dump key (see mx/dump.h) */
	uint32_t request;       /* the CMD seq it answers, or 0xffffffff if spontaneous */
	/* text follows */
};

struct mx_loss {
	uint64_t first;         /* first record number lost */
	uint64_t count;
	uint32_t cause;         /* MX_LOSS_* */
	uint32_t pad;
};
#define MX_LOSS_OVERWRITTEN 1   /* the ring lapped the channel's cursor */
#define MX_LOSS_CHANNEL     2   /* the channel's transmit buffer was full */

/* Commands, host to guest. X(name, number, args) */
#define MX_CMD_OPS(X) \
	X(HELLO,       1, "none: send HELLO again") \
	X(TRACE_ON,    2, "none") \
	X(TRACE_OFF,   3, "none") \
	X(TRACE_KINDS, 4, "arg0 = kind bitmask") \
	X(TRACE_EP,    5, "arg0 = endpoint to add to the filter, arg1 = 1 to remove") \
	X(TRACE_EPOFF, 6, "none: drop the endpoint filter") \
	X(STREAM,      7, "arg0 = 1 to stream trace records on the channel, 0 to stop") \
	X(DUMP,        8, "arg0 = dump key: IS renders it and answers with DUMP frames")

enum mx_cmd_op {
#define MX_CMD_ENUM(name, num, text) MX_CMD_##name = num,
	MX_CMD_OPS(MX_CMD_ENUM)
#undef MX_CMD_ENUM
	MX_CMD_MAX
};

struct mx_cmd {
	uint32_t op;            /* MX_CMD_* */
	uint32_t arg0, arg1;
};

struct mx_cmd_error {
	uint32_t seq;           /* seq of the CMD frame it answers */
	int32_t  code;          /* 0, or a negative error */
	char     text[56];
};

#endif
