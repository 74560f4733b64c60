/*
 * GDB remote serial protocol framing: packets are $data#cc where cc is the
 * modulo-256 sum of the bytes between '$' and '#' in hex.  Inside data,
 * '}' escapes the next byte (XOR 0x20) and '*' followed by a byte n
 * repeats the previous decoded byte n-29 more times (run-length encoding).
 * Outside packets a stub sends '+' (ack) and '-' (resend); anything else
 * is skipped and counted.
 */
#include <stdlib.h>
#include <string.h>
#include "mxt/rsp.h"

enum { S_IDLE, S_DATA, S_RLE, S_CS1, S_CS2 };

void mxt_rsp_parser_init(struct mxt_rsp_parser *p, size_t limit)
{
	memset(p, 0, sizeof(*p));
	p->limit = limit ? limit : MXT_RSP_MAXPACKET;
}

void mxt_rsp_parser_free(struct mxt_rsp_parser *p)
{
	free(p->data);
	p->data = NULL;
	p->cap = p->len = 0;
}

/* Append n copies of c; on overflow mark the packet and drop the bytes. */
static void put(struct mxt_rsp_parser *p, uint8_t c, size_t n)
{
	if (p->bad == 2)
		return;
	if (p->len + n > p->limit) {
		p->bad = 2;
		return;
	}
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		while (cap < p->len + n + 1)
			cap *= 2;
		uint8_t *d = realloc(p->data, cap);
		if (!d) {
			p->bad = 2;
			return;
		}
		p->data = d;
		p->cap = cap;
	}
	memset(p->data + p->len, c, n);
	p->len += n;
}

static void start(struct mxt_rsp_parser *p, int notify)
{
	p->state = S_DATA;
	p->notify = notify;
	p->esc = 0;
	p->bad = 0;
	p->sum = 0;
	p->len = 0;
}

static int finish(struct mxt_rsp_parser *p, int sum_ok)
{
	p->state = S_IDLE;
	if (!p->data)
		put(p, 0, 0);                   /* an empty first packet still gets a buffer */
	if (p->data)
		p->data[p->len] = 0;
	if (p->bad == 2 || !p->data)
		return MXT_RSP_OVERFLOW;
	if (!sum_ok)
		return MXT_RSP_BADSUM;
	if (p->bad || p->esc)
		return MXT_RSP_MALFORMED;
	return p->notify ? MXT_RSP_NOTIFY : MXT_RSP_PACKET;
}

size_t mxt_rsp_parse(struct mxt_rsp_parser *p, const uint8_t *in, size_t n, int *ev)
{
	*ev = MXT_RSP_NONE;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = in[i];
		switch (p->state) {
		case S_IDLE:
			if (c == '+') { *ev = MXT_RSP_ACK; return i + 1; }
			if (c == '-') { *ev = MXT_RSP_NAK; return i + 1; }
			if (c == 0x03) { *ev = MXT_RSP_INTR; return i + 1; }
			if (c == '$' || c == '%')
				start(p, c == '%');
			else
				p->garbage++;
			break;
		case S_DATA:
			if (c == '#') {
				p->state = S_CS1;
				break;
			}
			if (c == '$' && !p->esc) {
				/* A new packet before this one ended: this one was cut short. */
				p->truncated++;
				p->garbage += p->len + 1;
				start(p, 0);
				break;
			}
			p->sum += c;
			if (p->esc) {
				put(p, c ^ 0x20, 1);
				p->esc = 0;
			} else if (c == '}') {
				p->esc = 1;
			} else if (c == '*') {
				if (p->len == 0)
					p->bad = p->bad ? p->bad : 1;
				p->state = S_RLE;
			} else {
				put(p, c, 1);
			}
			break;
		case S_RLE:
			if (c == '#') {            /* '*' with no count */
				p->bad = p->bad ? p->bad : 1;
				p->state = S_CS1;
				break;
			}
			p->sum += c;
			p->state = S_DATA;
			/* Counts are printable; '#' and '$' (6 and 7) are never used. */
			if (c < 29 + 3 || c > 126 || c == '$') {
				p->bad = p->bad ? p->bad : 1;
				break;
			}
			if (p->len > 0 && p->bad != 2)
				put(p, p->data[p->len - 1], (size_t)(c - 29));
			break;
		case S_CS1: {
			int v = mxt_hexval(c);
			p->sum_bad = v < 0;
			p->want = (uint8_t)((v < 0 ? 0 : v) << 4);
			p->state = S_CS2;
			break;
		}
		case S_CS2: {
			int v = mxt_hexval(c);
			int ok = !p->sum_bad && v >= 0 && (uint8_t)(p->want | v) == p->sum;
			p->want |= (uint8_t)(v < 0 ? 0 : v);
			*ev = finish(p, ok);
			return i + 1;
		}
		}
	}
	return n;
}

size_t mxt_rsp_frame(const void *data, size_t len, uint8_t *out)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *d = data;
	size_t o = 0;
	uint8_t sum = 0;
	out[o++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = d[i];
		if (c == '$' || c == '#' || c == '}' || c == '*') {
			out[o++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[o++] = c;
		sum += c;
	}
	out[o++] = '#';
	out[o++] = (uint8_t)hex[sum >> 4];
	out[o++] = (uint8_t)hex[sum & 15];
	return o;
}
