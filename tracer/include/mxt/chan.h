/*
 * The debug channel, host side (the format is os/include/mx/chan.h):
 * COBS framing, CRC-32 (zlib), and a stream decoder that resynchronises
 * at the next zero byte after a corrupt or truncated frame and counts
 * every frame it had to skip.
 */
#ifndef MXT_CHAN_H
#define MXT_CHAN_H

#include <stddef.h>
#include <stdint.h>
#include <mx/chan.h>
#include "mxt/util.h"

/* COBS-encode n bytes (no delimiter added); out needs n + n/254 + 1 bytes. */
size_t mxt_cobs_encode(const uint8_t *in, size_t n, uint8_t *out);
/* Decode one COBS block (without its delimiter); -1 if malformed or too long. */
long mxt_cobs_decode(const uint8_t *in, size_t n, uint8_t *out, size_t room);

/* A whole frame on the wire, delimiter included; out needs MX_FRAME_MAXWIRE.
 * Returns its length, 0 if the payload is too long. */
size_t mxt_frame_encode(int type, int flags, uint32_t seq, const void *payload, size_t len, uint8_t *out);

struct mxt_chan_stats {
	uint64_t bytes;          /* bytes fed */
	uint64_t frames;         /* good frames */
	uint64_t corrupt;        /* frames skipped: the sum of the causes below */
	uint64_t bad_cobs, bad_crc, bad_len, too_long, truncated;
	uint64_t seq_gaps;       /* times the frame sequence number jumped */
	uint64_t frames_missed;  /* frames the jumps skipped */
};

/* A good frame (h, payload), or h == NULL: a corrupt frame was skipped (why says why). */
typedef void (*mxt_frame_fn)(void *ctx, const mx_frame_hdr *h, const uint8_t *payload, const char *why);

struct mxt_chan_dec {
	uint8_t raw[MX_FRAME_MAXWIRE];
	size_t len;
	int overflow;            /* the frame being collected is too long: skip to the next zero */
	int have_seq;
	uint32_t next_seq;
	struct mxt_chan_stats st;
	mxt_frame_fn fn;
	void *ctx;
};

void mxt_chan_init(struct mxt_chan_dec *d, mxt_frame_fn fn, void *ctx);
void mxt_chan_feed(struct mxt_chan_dec *d, const uint8_t *data, size_t n);
/* End of the stream: a partial frame left over is counted as truncated. */
void mxt_chan_finish(struct mxt_chan_dec *d);

#endif
