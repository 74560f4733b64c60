/*
 * The debug channel on COM2 (see os/include/mx/chan.h for the format).
 *
 * Guest to host: HELLO (mx_info) at boot and on request, the kernel log as
 * LOG lines, IS dumps as DUMP frames, and, when the host asks (STREAM),
 * trace records as TRACE batches with LOSS notices for what the channel
 * could not carry.  Host to guest: CMD frames, answered with ACK or ERROR.
 * Output goes through a ring drained by polling (at each tick, in the idle
 * loop and after each frame); QEMU's UART takes bytes as fast as they come.
 */
#include "kernel.h"
#include "proc.h"
#include <mx/chan.h>

#define TXBUF   (64 * 1024)
#define RXFRAME 256
#define CMDQ    8
#define DRAIN_MAX 8192

static uint8_t txbuf[TXBUF];
static uint32_t tx_head, tx_tail;          /* bytes ever queued / sent */
static uint32_t tx_seq;
static uint32_t crc_table[256];
static uint8_t rxbuf[RXFRAME + 8];
static uint32_t rx_len, rx_overflow;
static int streaming;
static uint64_t stream_next;
static int ready;

struct dbgchan_stats { uint32_t frames_sent, frames_dropped, rx_frames, rx_corrupt; } dbgchan_stats;

static struct { struct mx_cmd cmd; uint32_t seq; } cmdq[CMDQ];
static uint32_t cmdq_head, cmdq_tail;

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void dbgchan_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	serial_enable_rx_irq(COM2);
	ready = 1;
}

static uint32_t tx_room(void)
{
	return TXBUF - (tx_head - tx_tail);
}

static void tx_put(uint8_t b)
{
	txbuf[tx_head++ % TXBUF] = b;
}

/*
 * Queue one frame: COBS(header | payload | crc) and a zero.  Returns 0, or
 * -ENOSPC if the frame does not fit (it is dropped whole, never cut).
 */
int dbgchan_send(int type, int flags, const void *payload, size_t len)
{
	if (!ready || len > MX_FRAME_MAXPAYLOAD)
		return -MX_EINVAL;
	mx_frame_hdr h = { (uint8_t)type, (uint8_t)flags, (uint16_t)len, tx_seq };
	uint32_t crc = crc32_update(0, (const uint8_t *)&h, sizeof(h));
	crc = crc32_update(crc, payload, len);
	size_t raw = sizeof(h) + len + 4;
	if (tx_room() < raw + raw / 254 + 2) {
		dbgchan_stats.frames_dropped++;
		return -MX_ENOSPC;
	}
	tx_seq++;
	/* COBS: each block starts with a code byte = 1 + bytes before the next zero (max 254). */
	uint32_t code_at = tx_head;
	uint8_t code = 1;
	tx_put(0);
	for (size_t i = 0; i < raw; i++) {
		uint8_t b = i < sizeof(h) ? ((const uint8_t *)&h)[i] :
			i < sizeof(h) + len ? ((const uint8_t *)payload)[i - sizeof(h)] :
			(uint8_t)(crc >> (8 * (i - sizeof(h) - len)));
		if (b == 0) {
			txbuf[code_at % TXBUF] = code;
			code_at = tx_head;
			tx_put(0);
			code = 1;
		} else {
			tx_put(b);
			if (++code == 0xff) {
				txbuf[code_at % TXBUF] = code;
				code_at = tx_head;
				tx_put(0);
				code = 1;
			}
		}
	}
	txbuf[code_at % TXBUF] = code;
	tx_put(0);
	dbgchan_stats.frames_sent++;
	return MX_OK;
}

static void stream_records(void)
{
	mx_trace_ring *r = trace_ring;
	uint64_t head = r->head;
	if (head - stream_next > r->nrecs) {
		struct mx_loss l = { stream_next, head - r->nrecs - stream_next, MX_LOSS_OVERWRITTEN, 0 };
		if (dbgchan_send(MX_FR_LOSS, 0, &l, sizeof(l)) != MX_OK)
			return;
		stream_next = head - r->nrecs;
	}
	while (stream_next < head) {
		uint8_t buf[8 + 100 * sizeof(mx_trace_rec)];
		uint32_t n = (uint32_t)(head - stream_next);
		if (n > 100)
			n = 100;
		memcpy(buf, &stream_next, 8);
		for (uint32_t i = 0; i < n; i++)
			memcpy(buf + 8 + i * sizeof(mx_trace_rec), MX_TRACE_REC(r, stream_next + i), sizeof(mx_trace_rec));
		if (dbgchan_send(MX_FR_TRACE, 0, buf, 8 + n * sizeof(mx_trace_rec)) != MX_OK)
			return;
		stream_next += n;
	}
}

/* Move queued bytes to the UART; called at ticks, in idle and after frames. */
void dbgchan_poll(void)
{
	if (!ready)
		return;
	if (streaming)
		stream_records();
	for (int n = 0; tx_tail != tx_head && n < DRAIN_MAX; n++) {
		if (!serial_tx_ready(COM2))
			break;
		outb(COM2, txbuf[tx_tail++ % TXBUF]);
	}
}

void dbgchan_tx_irq(void)
{
	dbgchan_poll();
}

void dbgchan_hello(void)
{
	dbgchan_send(MX_FR_HELLO, 0, &mx_info_obj, sizeof(mx_info_obj));
	dbgchan_poll();
}

void dbgchan_log(const char *s, size_t n)
{
	static int in_log;
	if (!ready || in_log)
		return;
	in_log = 1;
	dbgchan_send(MX_FR_LOG, 0, s, n);
	in_log = 0;
}

void dbgchan_reply(uint32_t seq, int code, const char *text)
{
	struct mx_cmd_error e = { seq, code, {0} };
	strlcpy_k(e.text, text, sizeof(e.text));
	dbgchan_send(code == 0 ? MX_FR_ACK : MX_FR_ERROR, 0, &e, sizeof(e));
}

static void handle_cmd(uint32_t seq, const struct mx_cmd *c)
{
	mx_trace_ring *r = trace_ring;
	switch (c->op) {
	case MX_CMD_HELLO:
		dbgchan_hello();
		return;
	case MX_CMD_TRACE_ON:  r->ctl |= MX_TCTL_ON; break;
	case MX_CMD_TRACE_OFF: r->ctl &= ~MX_TCTL_ON; break;
	case MX_CMD_TRACE_KINDS: r->kinds = c->arg0; break;
	case MX_CMD_TRACE_EP: {
		int slot = MX_EP_SLOT((mx_endpoint_t)c->arg0);
		if (!EP_OK((mx_endpoint_t)c->arg0)) {
			dbgchan_reply(seq, -MX_EINVAL, "bad endpoint");
			return;
		}
		if (c->arg1)
			r->ep_filter[slot >> 5] &= ~(1u << (slot & 31));
		else
			r->ep_filter[slot >> 5] |= 1u << (slot & 31);
		r->ctl |= MX_TCTL_EPFILT;
		break;
	}
	case MX_CMD_TRACE_EPOFF: r->ctl &= ~MX_TCTL_EPFILT; break;
	case MX_CMD_STREAM:
		streaming = c->arg0 != 0;
		stream_next = r->head;
		break;
	case MX_CMD_DUMP:
		if (!ep_proc(MX_IS)) {
			dbgchan_reply(seq, -MX_ENOTREADY, "IS is not running");
			return;
		}
		if (cmdq_head - cmdq_tail >= CMDQ) {
			dbgchan_reply(seq, -MX_EAGAIN, "dump queue full");
			return;
		}
		cmdq[cmdq_head % CMDQ].cmd = *c;
		cmdq[cmdq_head % CMDQ].seq = seq;
		cmdq_head++;
		mini_notify(&proc[MX_SYSTEM], MX_IS);
		return;                 /* IS answers with DUMP frames */
	default:
		dbgchan_reply(seq, -MX_EBADREQUEST, "unknown command");
		return;
	}
	trace_sync_ctl();
	TRACE(MX_TK_TRACEOP, 0, MX_SYSTEM, MX_NONE, (int32_t)c->op, r->ctl);
	dbgchan_reply(seq, 0, "ok");
}

/* A complete COBS frame (without its zero) is in rxbuf[0..rx_len). */
static void rx_frame(void)
{
	uint8_t out[sizeof(rxbuf)];
	uint32_t o = 0;
	for (uint32_t i = 0; i < rx_len; ) {
		uint8_t code = rxbuf[i++];
		if (code == 0 || i + code - 1 > rx_len)
			goto corrupt;
		for (uint32_t k = 1; k < code; k++)
			out[o++] = rxbuf[i++];
		if (code < 0xff && i < rx_len)
			out[o++] = 0;
	}
	if (o < sizeof(mx_frame_hdr) + 4)
		goto corrupt;
	mx_frame_hdr h;
	memcpy(&h, out, sizeof(h));
	uint32_t crc;
	memcpy(&crc, out + o - 4, 4);
	if (h.len != o - sizeof(h) - 4 || crc32_update(0, out, o - 4) != crc)
		goto corrupt;
	dbgchan_stats.rx_frames++;
	if (h.type != MX_FR_CMD || h.len < sizeof(struct mx_cmd)) {
		dbgchan_reply(h.seq, -MX_EBADREQUEST, "not a command frame");
		return;
	}
	struct mx_cmd c;
	memcpy(&c, out + sizeof(h), sizeof(c));
	handle_cmd(h.seq, &c);
	return;
corrupt:
	dbgchan_stats.rx_corrupt++;
}

void dbgchan_rx_irq(void)
{
	int c;
	while ((c = serial_getc(COM2)) >= 0) {
		if (c == 0) {
			if (!rx_overflow && rx_len > 0)
				rx_frame();
			rx_len = 0;
			rx_overflow = 0;
		} else if (rx_len < sizeof(rxbuf)) {
			rxbuf[rx_len++] = (uint8_t)c;
		} else {
			rx_overflow = 1;
			dbgchan_stats.rx_corrupt += rx_len == sizeof(rxbuf);
			rx_len++;
		}
	}
	dbgchan_poll();
}

/* IS takes the next dump command: returns its size, 0 if none. */
int dbgchan_take_cmd(void *buf, size_t room, uint32_t *seq)
{
	if (cmdq_head == cmdq_tail)
		return 0;
	size_t n = sizeof(struct mx_cmd) < room ? sizeof(struct mx_cmd) : room;
	memcpy(buf, &cmdq[cmdq_tail % CMDQ].cmd, n);
	*seq = cmdq[cmdq_tail % CMDQ].seq;
	cmdq_tail++;
	return (int)n;
}
