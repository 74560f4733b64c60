/* The debug channel: COBS, CRC-32, frame decoding, resynchronisation, exact loss counts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "mxt/chan.h"
#include "mxt/ingest.h"
#include "mxt/writer.h"
#include "helpers.h"

Test(cobs, round_trips_and_never_emits_zero)
{
	static uint8_t in[3000], enc[3100], dec[3000];
	size_t sizes[] = { 0, 1, 253, 254, 255, 256, 508, 1000, 3000 };
	for (int pattern = 0; pattern < 3; pattern++)
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			size_t n = sizes[k];
			for (size_t i = 0; i < n; i++)
				in[i] = pattern == 0 ? 0 : pattern == 1 ? (uint8_t)(i % 255 + 1) : (uint8_t)(i * 37 % 7 == 0 ? 0 : i);
			size_t e = mxt_cobs_encode(in, n, enc);
			cr_assert_leq(e, n + n / 254 + 1);
			cr_assert_null(memchr(enc, 0, e), "no zero inside a COBS block (n %zu pattern %d)", n, pattern);
			long d = mxt_cobs_decode(enc, e, dec, sizeof(dec));
			cr_assert_eq(d, (long)n, "n %zu pattern %d: decoded %ld", n, pattern, d);
			cr_assert_arr_eq(dec, in, n);
		}
}

Test(cobs, malformed_blocks_are_refused)
{
	uint8_t out[16];
	uint8_t a[] = { 5, 1, 2 };              /* code promises 4 bytes, 2 follow */
	uint8_t b[] = { 3, 1, 0, 2 };           /* a zero inside */
	cr_assert_eq(mxt_cobs_decode(a, sizeof(a), out, sizeof(out)), -1);
	cr_assert_eq(mxt_cobs_decode(b, sizeof(b), out, sizeof(out)), -1);
}

struct got {
	int frames, corrupt;
	mx_frame_hdr h[16];
	char payload[16][64];
	char why[16][64];
};

static void on_frame(void *ctx, const mx_frame_hdr *h, const uint8_t *p, const char *why)
{
	struct got *g = ctx;
	if (!h) {
		snprintf(g->why[g->corrupt++ % 16], 64, "%s", why);
		return;
	}
	g->h[g->frames % 16] = *h;
	snprintf(g->payload[g->frames % 16], 64, "%.*s", (int)h->len, (const char *)p);
	g->frames++;
}

static size_t frame(uint8_t *out, int type, uint32_t seq, const char *text)
{
	return mxt_frame_encode(type, 0, seq, text, strlen(text), out);
}

Test(frames, decode_and_crc_is_zlib_crc32)
{
	uint8_t wire[MX_FRAME_MAXWIRE];
	struct mxt_chan_dec d;
	struct got g = { 0 };
	size_t n = frame(wire, MX_FR_LOG, 7, "hello\0world");
	mxt_chan_init(&d, on_frame, &g);
	mxt_chan_feed(&d, wire, n);
	cr_assert_eq(g.frames, 1);
	cr_assert_eq(g.h[0].type, MX_FR_LOG);
	cr_assert_eq(g.h[0].seq, 7);
	cr_assert_str_eq(g.payload[0], "hello");
	/* The stored CRC is the guest's: the bitwise IEEE CRC-32 (as os/kernel/dbgchan.c
	 * computes it) of header and payload, little-endian after them. */
	uint8_t raw[64];
	long r = mxt_cobs_decode(wire, n - 1, raw, sizeof(raw));
	cr_assert_eq(r, 8 + 5 + 4);
	uint32_t c = ~0u;
	for (long i = 0; i < r - 4; i++) {
		c ^= raw[i];
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	c = ~c;
	uint32_t stored = (uint32_t)raw[r - 4] | (uint32_t)raw[r - 3] << 8 | (uint32_t)raw[r - 2] << 16 | (uint32_t)raw[r - 1] << 24;
	cr_assert_eq(stored, c);
	cr_assert_eq(crc32(0L, (const Bytef *)"123456789", 9), 0xcbf43926u);
}

Test(frames, corrupt_frame_is_skipped_and_the_stream_resynchronises)
{
	uint8_t wire[4 * MX_FRAME_MAXWIRE];
	size_t n = 0, second;
	n += frame(wire + n, MX_FR_LOG, 0, "first");
	second = n;
	n += frame(wire + n, MX_FR_LOG, 1, "second");
	n += frame(wire + n, MX_FR_LOG, 2, "third");
	wire[second + 5] = wire[second + 5] == 0x55 ? 0x56 : 0x55;   /* a byte changes on the line */
	struct mxt_chan_dec d;
	struct got g = { 0 };
	mxt_chan_init(&d, on_frame, &g);
	mxt_chan_feed(&d, wire, n);
	cr_assert_eq(g.frames, 2);
	cr_assert_str_eq(g.payload[0], "first");
	cr_assert_str_eq(g.payload[1], "third");
	cr_assert_eq(d.st.corrupt, 1);
	cr_assert_eq(d.st.bad_crc + d.st.bad_cobs + d.st.bad_len, 1);
	cr_assert_eq(d.st.seq_gaps, 1);
	cr_assert_eq(d.st.frames_missed, 1);
}

Test(frames, truncated_frame_merges_with_the_next_and_only_those_are_lost)
{
	uint8_t wire[4 * MX_FRAME_MAXWIRE], cut[4 * MX_FRAME_MAXWIRE];
	size_t n = 0, a, b;
	n += frame(wire + n, MX_FR_LOG, 0, "one");
	a = n;
	n += frame(wire + n, MX_FR_LOG, 1, "two: cut short");
	b = n;
	n += frame(wire + n, MX_FR_LOG, 2, "three");
	n += frame(wire + n, MX_FR_LOG, 3, "four");
	/* Drop the end of frame two, delimiter included: it runs into frame three. */
	size_t m = 0;
	memcpy(cut, wire, a + 6);
	m = a + 6;
	memcpy(cut + m, wire + b, n - b);
	m += n - b;
	struct mxt_chan_dec d;
	struct got g = { 0 };
	mxt_chan_init(&d, on_frame, &g);
	for (size_t i = 0; i < m; i++)          /* byte at a time, as from a serial line */
		mxt_chan_feed(&d, cut + i, 1);
	cr_assert_eq(g.frames, 2);
	cr_assert_str_eq(g.payload[0], "one");
	cr_assert_str_eq(g.payload[1], "four");
	cr_assert_eq(d.st.corrupt, 1);
	cr_assert_eq(d.st.frames_missed, 2);
}

Test(frames, stream_ending_inside_a_frame)
{
	uint8_t wire[MX_FRAME_MAXWIRE];
	size_t n = frame(wire, MX_FR_LOG, 0, "whole");
	n += frame(wire + n, MX_FR_LOG, 1, "partial");
	struct mxt_chan_dec d;
	struct got g = { 0 };
	mxt_chan_init(&d, on_frame, &g);
	mxt_chan_feed(&d, wire, n - 4);
	mxt_chan_finish(&d);
	cr_assert_eq(g.frames, 1);
	cr_assert_eq(d.st.truncated, 1);
	cr_assert_str_eq(g.why[0], "stream ended inside a frame");
}

Test(frames, oversized_run_without_delimiter)
{
	static uint8_t junk[3 * MX_FRAME_MAXWIRE];
	uint8_t wire[MX_FRAME_MAXWIRE];
	memset(junk, 0x55, sizeof(junk));
	struct mxt_chan_dec d;
	struct got g = { 0 };
	mxt_chan_init(&d, on_frame, &g);
	mxt_chan_feed(&d, junk, sizeof(junk));
	mxt_chan_feed(&d, (const uint8_t *)"", 1);
	size_t n = frame(wire, MX_FR_LOG, 0, "after");
	mxt_chan_feed(&d, wire, n);
	cr_assert_eq(d.st.too_long, 1);
	cr_assert_eq(g.frames, 1);
	cr_assert_str_eq(g.payload[0], "after");
}

/* ---- frames into the database: exact loss accounting ------------------------------ */

static size_t trace_frame(uint8_t *out, uint32_t seq, uint64_t first, int n)
{
	uint8_t p[8 + 100 * sizeof(mx_trace_rec)];
	memcpy(p, &first, 8);
	for (int i = 0; i < n; i++)
		fake_rec((mx_trace_rec *)(p + 8) + i, first + (uint64_t)i);
	return mxt_frame_encode(MX_FR_TRACE, 0, seq, p, 8 + (size_t)n * sizeof(mx_trace_rec), out);
}

Test(ingest, records_losses_and_logs_counted_exactly)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts wo = { 0, 0, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &wo, err);
	cr_assert_not_null(w, "%s", err);
	static struct mxt_ingest in;
	mxt_ingest_init(&in, w, -1, "channel");

	static uint8_t wire[64 * MX_FRAME_MAXWIRE];
	size_t n = 0, corrupt_at = 0;
	uint32_t seq = 0;
	mx_info mi;
	fake_mxinfo(&mi, 0x12dac0);
	n += mxt_frame_encode(MX_FR_HELLO, 0, seq++, &mi, sizeof(mi), wire + n);
	n += mxt_frame_encode(MX_FR_LOG, 0, seq++, "boot: 2 modules\n", 16, wire + n);
	for (int f = 0; f < 10; f++) {               /* records 0..999 */
		if (f == 3)
			corrupt_at = n + 40;
		n += trace_frame(wire + n, seq++, (uint64_t)f * 100, 100);
	}
	/* Frame 3 (records 300..399) arrives with one byte changed (never to a zero: that would split it). */
	wire[corrupt_at] = wire[corrupt_at] == 0x55 ? 0x56 : 0x55;
	struct mx_loss l = { 1000, 500, MX_LOSS_OVERWRITTEN, 0 };
	n += mxt_frame_encode(MX_FR_LOSS, 0, seq++, &l, sizeof(l), wire + n);
	n += trace_frame(wire + n, seq++, 1500, 100); /* 1500..1599 */
	n += trace_frame(wire + n, seq++, 1650, 50);  /* 1600..1649 never sent: a gap */
	n += trace_frame(wire + n, seq++, 1680, 40);  /* overlaps the last batch by 20 */
	mxt_ingest_bytes(&in, wire, n);
	mxt_ingest_finish(&in);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);

	cr_assert_eq(q1(db, "SELECT count(*) FROM boots"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events"), 900 + 100 + 50 + 20);
	cr_assert_eq(q1(db, "SELECT count(*) FROM losses WHERE cause = 'corrupt-frame' AND first_seq = 300 AND count = 100"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM losses WHERE cause = 'channel-overwritten' AND first_seq = 1000 AND count = 500"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM losses WHERE cause = 'gap' AND first_seq = 1600 AND count = 50"), 1);
	/* Every record number 0..1719 is either stored or counted lost, exactly once. */
	cr_assert_eq(q1(db, "SELECT (SELECT count(*) FROM events) + (SELECT sum(count) FROM losses)"), 1720);
	cr_assert_eq(q1(db, "SELECT max(id & 1099511627775) FROM events"), 1719);
	cr_assert_eq(q1(db, "SELECT count(*) FROM log WHERE source = 'channel' AND text = 'boot: 2 modules'"), 1);
	cr_assert_eq(q1(db, "SELECT corrupt FROM chan_stats"), 1);
	cr_assert_eq(q1(db, "SELECT frames_missed FROM chan_stats"), 1);
	/* The aggregates saw the same records: a third are sends (count them). */
	cr_assert_eq(q1(db, "SELECT sum(count) FROM ipc_agg"), q1(db, "SELECT count(*) FROM events WHERE kind IN (1, 3)"));
	cr_assert_eq(q1(db, "SELECT sum(count) FROM kcall_agg"), q1(db, "SELECT count(*) FROM events WHERE kind = 8"));
	sqlite3_close(db);
}

Test(ingest, dump_chunks_are_joined)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts wo = { 0, 0, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &wo, err);
	static struct mxt_ingest in;
	mxt_ingest_init(&in, w, -1, "channel");
	static uint8_t wire[8 * MX_FRAME_MAXWIRE];
	size_t n = 0;
	mx_info mi;
	fake_mxinfo(&mi, 0x12dac0);
	n += mxt_frame_encode(MX_FR_HELLO, 0, 0, &mi, sizeof(mi), wire + n);
	uint8_t p[64];
	struct mx_dump_chunk c = { 1, 0xffffffffu };
	memcpy(p, &c, sizeof(c));
	memcpy(p + sizeof(c), "-slot- name\n", 12);
	n += mxt_frame_encode(MX_FR_DUMP, MX_FRF_MORE, 1, p, sizeof(c) + 12, wire + n);
	memcpy(p + sizeof(c), "14 echod\n", 9);
	n += mxt_frame_encode(MX_FR_DUMP, 0, 2, p, sizeof(c) + 9, wire + n);
	mxt_ingest_bytes(&in, wire, n);
	mxt_ingest_finish(&in);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT count(*) FROM dumps WHERE key = 1 AND source = 'guest' AND text = '-slot- name' || char(10) || '14 echod'"), 1);
	sqlite3_close(db);
}

Test(ingest, log_lines_before_hello_and_a_reboot_in_the_stream)
{
	sqlite3 *db = scratch_db(NULL, 0);
	char err[MXT_ERRLEN];
	struct mxt_writer_opts wo = { 0, 0, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &wo, err);
	static struct mxt_ingest in;
	mxt_ingest_init(&in, w, -1, "channel");
	static uint8_t wire[16 * MX_FRAME_MAXWIRE];
	size_t n = 0;
	mx_info mi;
	fake_mxinfo(&mi, 0x12dac0);
	/* Boot one: the kernel logs before it says hello. */
	n += mxt_frame_encode(MX_FR_LOG, 0, 0, "MX booting", 10, wire + n);
	n += mxt_frame_encode(MX_FR_HELLO, 0, 1, &mi, sizeof(mi), wire + n);
	n += trace_frame(wire + n, 2, 0, 10);
	/* Boot two: frame numbers start over. */
	n += mxt_frame_encode(MX_FR_LOG, 0, 0, "MX booting", 10, wire + n);
	n += mxt_frame_encode(MX_FR_HELLO, 0, 1, &mi, sizeof(mi), wire + n);
	n += trace_frame(wire + n, 2, 0, 20);
	mxt_ingest_bytes(&in, wire, n);
	mxt_ingest_finish(&in);
	mxt_ingest_free(&in);
	cr_assert_eq(mxt_writer_close(w, err), 0, "%s", err);
	cr_assert_eq(q1(db, "SELECT count(*) FROM boots"), 2);
	cr_assert_eq(q1(db, "SELECT count(*) FROM log WHERE text = 'MX booting'"), 2, "each boot keeps its early line");
	cr_assert_eq(q1(db, "SELECT count(*) FROM events WHERE id >> 40 = 1"), 10);
	cr_assert_eq(q1(db, "SELECT count(*) FROM events WHERE id >> 40 = 2"), 20);
	cr_assert_eq(q1(db, "SELECT count(*) FROM losses"), 0);
	sqlite3_close(db);
}
