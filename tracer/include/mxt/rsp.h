/*
 * A GDB remote serial protocol client for QEMU's gdbstub, over TCP or a
 * Unix socket.  It negotiates qSupported (PacketSize), switches to no-ack
 * mode (QStartNoAckMode) when the stub allows, frames packets with
 * '}'-escaping and checksums, decodes run-length encoded replies, and
 * pipelines memory reads.  Errors are one line in mxt_rsp_error().
 *
 * The packet parser is separate and pure (bytes in, events out), so the
 * fuzz target and the unit tests drive it without a socket.
 */
#ifndef MXT_RSP_H
#define MXT_RSP_H

#include <stddef.h>
#include <stdint.h>
#include "mxt/util.h"

/* ---- parser ------------------------------------------------------------ */

enum mxt_rsp_event {
	MXT_RSP_NONE,        /* input used up, no event yet */
	MXT_RSP_ACK,         /* '+' */
	MXT_RSP_NAK,         /* '-': resend */
	MXT_RSP_PACKET,      /* a packet with a good checksum: data[0..len) (decoded) */
	MXT_RSP_NOTIFY,      /* a '%' notification packet, good checksum */
	MXT_RSP_BADSUM,      /* a packet whose checksum did not match (or was not hex) */
	MXT_RSP_MALFORMED,   /* a packet with a bad escape or run-length code */
	MXT_RSP_OVERFLOW,    /* a packet longer than the parser's limit (dropped) */
	MXT_RSP_INTR,        /* a 0x03 byte outside a packet (interrupt request) */
};

#define MXT_RSP_MAXPACKET (1 << 20)

struct mxt_rsp_parser {
	int state;
	int notify;             /* current packet started with '%' */
	int esc;                /* previous byte was '}' */
	int bad;                /* 1: bad escape or RLE in the current packet; 2: too long */
	int sum_bad;            /* the checksum's first digit was not hex */
	uint8_t sum, want;      /* checksum computed / received */
	uint8_t *data;          /* decoded payload, NUL-terminated after an event */
	size_t len, cap;
	size_t limit;           /* longest payload accepted (MXT_RSP_MAXPACKET by default) */
	uint64_t garbage;       /* bytes outside any packet that were skipped */
	uint64_t truncated;     /* packets cut short by a new '$' */
};

void mxt_rsp_parser_init(struct mxt_rsp_parser *p, size_t limit);
void mxt_rsp_parser_free(struct mxt_rsp_parser *p);
/* Consume bytes up to and including the first complete event; *ev is the
 * event (MXT_RSP_NONE if the input ran out first).  Returns bytes used. */
size_t mxt_rsp_parse(struct mxt_rsp_parser *p, const uint8_t *in, size_t n, int *ev);

/* Frame data as "$<escaped data>#cc" into out (room for 2*len+4); returns its length. */
size_t mxt_rsp_frame(const void *data, size_t len, uint8_t *out);

/* ---- client ------------------------------------------------------------- */

struct mxt_rsp;

/* addr: "HOST:PORT", ":PORT" (localhost), "unix:PATH" or a path with a '/'. */
struct mxt_rsp *mxt_rsp_connect(const char *addr, int timeout_ms, char *err);
/* Over a connected stream socket (tests); the client owns fd. */
struct mxt_rsp *mxt_rsp_from_fd(int fd, int timeout_ms, char *err);
void mxt_rsp_close(struct mxt_rsp *r);
const char *mxt_rsp_error(const struct mxt_rsp *r);

/* qSupported, PacketSize, QStartNoAckMode, '?': leaves the target stopped. */
int mxt_rsp_handshake(struct mxt_rsp *r);
/* Send cmd and wait for its reply (console 'O' packets are skipped). */
int mxt_rsp_command(struct mxt_rsp *r, const char *cmd, char *reply, size_t room);
/* Same for binary packets (len bytes of cmd); reply is NUL-terminated. */
int mxt_rsp_command_bin(struct mxt_rsp *r, const void *cmd, size_t len, char *reply, size_t room, size_t *rlen);

int mxt_rsp_read_mem(struct mxt_rsp *r, uint64_t addr, void *buf, size_t len);
int mxt_rsp_write_mem(struct mxt_rsp *r, uint64_t addr, const void *buf, size_t len);
/* Qqemu.PhyMemMode: 1 = addresses are physical; -1 if the stub lacks it. */
int mxt_rsp_phys_mode(struct mxt_rsp *r, int on);
/* 'g': the first 16 i386 registers (eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs). */
int mxt_rsp_regs(struct mxt_rsp *r, uint32_t regs[16]);
/* QEMU monitor command through qRcmd; its output text in out. */
int mxt_rsp_monitor(struct mxt_rsp *r, const char *cmd, char *out, size_t room);
int mxt_rsp_cont(struct mxt_rsp *r);           /* 'c': returns once sent */
int mxt_rsp_step(struct mxt_rsp *r);           /* 's': returns at the stop reply */
int mxt_rsp_interrupt(struct mxt_rsp *r);      /* Ctrl-C, wait for the stop reply */
int mxt_rsp_detach(struct mxt_rsp *r);         /* 'D' (QEMU resumes the guest) */
int mxt_rsp_running(const struct mxt_rsp *r);
const char *mxt_rsp_stop_reply(const struct mxt_rsp *r);

struct mxt_rsp_stats {
	size_t packet_size;     /* the stub's PacketSize */
	int noack;              /* no-ack mode is on */
	uint64_t packets_sent, packets_received, resends, naks_sent, garbage;
};
void mxt_rsp_stats(const struct mxt_rsp *r, struct mxt_rsp_stats *s);

#endif
