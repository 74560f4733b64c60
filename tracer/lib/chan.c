/*
 * Debug-channel frames: COBS(header | payload | crc32) then a zero byte.
 * The decoder keeps bytes until a zero, then checks the COBS coding, the
 * length in the header and the CRC; anything wrong skips that one frame.
 */
#include <string.h>
#include <zlib.h>
#include "mxt/chan.h"

size_t mxt_cobs_encode(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 1, code_at = 0;
	uint8_t code = 1;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == 0) {
			out[code_at] = code;
			code_at = o++;
			code = 1;
			continue;
		}
		out[o++] = in[i];
		if (++code == 0xff) {
			out[code_at] = code;
			code_at = o++;
			code = 1;
		}
	}
	out[code_at] = code;
	return o;
}

long mxt_cobs_decode(const uint8_t *in, size_t n, uint8_t *out, size_t room)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint8_t code = in[i++];
		if (code == 0 || i + code - 1 > n)
			return -1;
		for (uint8_t k = 1; k < code; k++) {
			if (in[i] == 0 || o >= room)
				return -1;
			out[o++] = in[i++];
		}
		if (code < 0xff && i < n) {
			if (o >= room)
				return -1;
			out[o++] = 0;
		}
	}
	return (long)o;
}

size_t mxt_frame_encode(int type, int flags, uint32_t seq, const void *payload, size_t len, uint8_t *out)
{
	uint8_t raw[sizeof(mx_frame_hdr) + MX_FRAME_MAXPAYLOAD + 4];
	if (len > MX_FRAME_MAXPAYLOAD)
		return 0;
	mx_frame_hdr h = { (uint8_t)type, (uint8_t)flags, (uint16_t)len, seq };
	memcpy(raw, &h, sizeof(h));
	if (len)
		memcpy(raw + sizeof(h), payload, len);
	uint32_t crc = (uint32_t)crc32(0L, raw, (uInt)(sizeof(h) + len));
	for (int i = 0; i < 4; i++)
		raw[sizeof(h) + len + (size_t)i] = (uint8_t)(crc >> (8 * i));
	size_t n = mxt_cobs_encode(raw, sizeof(h) + len + 4, out);
	out[n++] = 0;
	return n;
}

void mxt_chan_init(struct mxt_chan_dec *d, mxt_frame_fn fn, void *ctx)
{
	memset(d, 0, sizeof(*d));
	d->fn = fn;
	d->ctx = ctx;
}

static void corrupt(struct mxt_chan_dec *d, uint64_t *cause, const char *why)
{
	(*cause)++;
	d->st.corrupt++;
	if (d->fn)
		d->fn(d->ctx, NULL, NULL, why);
}

static void frame(struct mxt_chan_dec *d)
{
	uint8_t out[sizeof(mx_frame_hdr) + MX_FRAME_MAXPAYLOAD + 4];
	long n = mxt_cobs_decode(d->raw, d->len, out, sizeof(out));
	if (n < 0) {
		corrupt(d, &d->st.bad_cobs, "bad COBS coding");
		return;
	}
	if ((size_t)n < sizeof(mx_frame_hdr) + 4) {
		corrupt(d, &d->st.bad_len, "shorter than a frame header");
		return;
	}
	mx_frame_hdr h;
	memcpy(&h, out, sizeof(h));
	if (h.len != (size_t)n - sizeof(h) - 4) {
		corrupt(d, &d->st.bad_len, "length field does not match the frame");
		return;
	}
	uint32_t crc = (uint32_t)out[n - 4] | (uint32_t)out[n - 3] << 8 | (uint32_t)out[n - 2] << 16 | (uint32_t)out[n - 1] << 24;
	if ((uint32_t)crc32(0L, out, (uInt)(n - 4)) != crc) {
		corrupt(d, &d->st.bad_crc, "CRC mismatch");
		return;
	}
	/* The guest numbers its frames from 0 at boot; a HELLO with 0 is a new boot. */
	if (d->have_seq && h.seq != d->next_seq && !(h.type == MX_FR_HELLO && h.seq == 0)) {
		d->st.seq_gaps++;
		d->st.frames_missed += (uint32_t)(h.seq - d->next_seq);
	}
	d->have_seq = 1;
	d->next_seq = h.seq + 1;
	d->st.frames++;
	if (d->fn)
		d->fn(d->ctx, &h, out + sizeof(h), NULL);
}

void mxt_chan_feed(struct mxt_chan_dec *d, const uint8_t *data, size_t n)
{
	d->st.bytes += n;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = data[i];
		if (c == 0) {
			if (d->overflow)
				corrupt(d, &d->st.too_long, "longer than the largest frame");
			else if (d->len > 0)
				frame(d);
			d->len = 0;
			d->overflow = 0;
			continue;
		}
		if (d->overflow)
			continue;
		if (d->len == sizeof(d->raw)) {
			d->overflow = 1;
			continue;
		}
		d->raw[d->len++] = c;
	}
}

void mxt_chan_finish(struct mxt_chan_dec *d)
{
	if (d->len > 0 || d->overflow)
		corrupt(d, &d->st.truncated, "stream ended inside a frame");
	d->len = 0;
	d->overflow = 0;
}
