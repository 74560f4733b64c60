/*
 * Fuzz target: debug-channel bytes through the frame decoder and the
 * ingest (HELLO, LOG, DUMP, TRACE, LOSS frames into a database).  The
 * decoder must never read or write out of bounds, must count every zero
 * byte as the end of at most one frame, and the ingest must account for
 * every record number it was told about exactly once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/chan.h"
#include "mxt/db.h"
#include "mxt/ingest.h"
#include "mxt/writer.h"

static sqlite3 *db;
static int runs;

static void count(void *ctx, const mx_frame_hdr *h, const uint8_t *p, const char *why)
{
	uint64_t *n = ctx;
	if (h) {
		if (h->len > MX_FRAME_MAXPAYLOAD)
			abort();
		volatile uint8_t sink = 0;
		for (size_t i = 0; i < h->len; i++)
			sink ^= p[i];
		(void)sink;
	} else if (!why) {
		abort();
	}
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 1. The decoder alone, fed in uneven pieces. */
	struct mxt_chan_dec *d = malloc(sizeof(*d));
	uint64_t events = 0, zeros = 0;
	mxt_chan_init(d, count, &events);
	for (size_t off = 0, step = 1; off < size; off += step, step = step * 3 % 61 + 1)
		mxt_chan_feed(d, data + off, off + step > size ? size - off : step);
	mxt_chan_finish(d);
	for (size_t i = 0; i < size; i++)
		zeros += data[i] == 0;
	if (events > zeros + 1 || d->st.frames + d->st.corrupt != events)
		abort();
	free(d);

	/* 2. The ingest, into an in-memory database (renewed now and then). */
	char err[256];
	if (!db || ++runs % 500 == 0) {
		if (db)
			mxt_db_close(db);
		db = mxt_db_open(":memory:", MXT_DB_CREATE, err, sizeof(err));
		if (!db)
			abort();
	}
	struct mxt_writer_opts o = { 100000, 60000, 0 };
	struct mxt_writer *w = mxt_writer_new(db, &o, err);
	if (!w)
		abort();
	struct mxt_ingest *in = malloc(sizeof(*in));
	mxt_ingest_init(in, w, -1, "channel");
	mxt_ingest_bytes(in, data, size);
	mxt_ingest_finish(in);
	mxt_ingest_free(in);
	free(in);
	if (mxt_writer_close(w, err) < 0)
		abort();
	return 0;
}
