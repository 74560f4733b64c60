/* Debug-channel frames into the database (see mxt/ingest.h). */
#include <stdlib.h>
#include <string.h>
#include <mx/dump.h>
#include "mxt/ingest.h"
#include "mxt/snapshot.h"

struct text_row {
	int64_t boot_id;
	int64_t pos;
	int key;
	char *text;
};

static void free_text_row(void *p)
{
	struct text_row *r = p;
	free(r->text);
	free(r);
}

static int put_log(sqlite3 *db, void *arg, char *err)
{
	struct text_row *r = arg;
	char now[32];
	sqlite3_stmt *st;
	mxt_iso_now(now);
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO log (boot_id, source, pos, received_at, text) VALUES (?, 'channel', ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, r->boot_id);
	sqlite3_bind_int64(st, 2, r->pos);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mxt_errf(err, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static int put_dump(sqlite3 *db, void *arg, char *err)
{
	struct text_row *r = arg;
	char now[32];
	sqlite3_stmt *st;
	mxt_iso_now(now);
	if (sqlite3_prepare_v2(db, "INSERT INTO dumps (boot_id, key, source, received_at, text) VALUES (?, ?, 'guest', ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	if (r->boot_id >= 0)
		sqlite3_bind_int64(st, 1, r->boot_id);
	sqlite3_bind_int(st, 2, r->key);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->text, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mxt_errf(err, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

struct boot_req {
	struct mxt_ingest *in;
	struct mxt_info info;
	const char *source;
};

static int open_boot(sqlite3 *db, void *arg, char *err)
{
	struct boot_req *b = arg;
	struct mxt_boot boot;
	if (mxt_boot_open(db, &b->info, NULL, NULL, b->source, NULL, &boot, err) < 0)
		return -1;
	b->in->boot_id = boot.boot_id;
	return 0;
}

struct stats_row {
	int64_t boot_id;
	struct mxt_chan_stats st;
};

static int put_stats(sqlite3 *db, void *arg, char *err)
{
	struct stats_row *r = arg;
	char now[32];
	sqlite3_stmt *st;
	mxt_iso_now(now);
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO chan_stats (boot_id, bytes, frames, corrupt, bad_cobs, bad_crc, "
			       "bad_len, too_long, truncated, seq_gaps, frames_missed, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	const struct mxt_chan_stats *s = &r->st;
	uint64_t v[] = { s->bytes, s->frames, s->corrupt, s->bad_cobs, s->bad_crc, s->bad_len, s->too_long,
			 s->truncated, s->seq_gaps, s->frames_missed };
	sqlite3_bind_int64(st, 1, r->boot_id);
	for (int i = 0; i < 10; i++)
		sqlite3_bind_int64(st, 2 + i, (int64_t)v[i]);
	sqlite3_bind_text(st, 12, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mxt_errf(err, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

static void queue_text(struct mxt_ingest *in, mxt_writer_fn fn, int64_t pos, int key, const char *text, size_t len)
{
	struct text_row *r = calloc(1, sizeof(*r));
	if (!r || !(r->text = malloc(len + 1))) {
		free(r);
		return;
	}
	/* Stored as text: bytes that are not printable ASCII become '?'. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		r->text[i] = (c >= 32 && c < 127) || c == '\n' || c == '\t' ? (char)c : '?';
	}
	while (len && (r->text[len - 1] == '\n'))
		len--;
	r->text[len] = 0;
	r->boot_id = in->boot_id;
	r->pos = pos;
	r->key = key;
	mxt_writer_call(in->w, fn, r, free_text_row);
}

static void flush_dump(struct mxt_ingest *in)
{
	if (!in->dump_text)
		return;
	queue_text(in, put_dump, 0, in->dump_key, in->dump_text, in->dump_len);
	in->dumps++;
	free(in->dump_text);
	in->dump_text = NULL;
	in->dump_len = 0;
}

static void gap(struct mxt_ingest *in, uint64_t first, uint64_t count, const char *cause)
{
	if (in->boot_id >= 0)
		mxt_writer_loss(in->w, in->boot_id, first, count, cause);
	in->lost += count;
}

static void trace_frame(struct mxt_ingest *in, const mx_frame_hdr *h, const uint8_t *p)
{
	if (h->len < 8 || (h->len - 8) % sizeof(mx_trace_rec)) {
		mxt_errf(in->err, "channel: TRACE frame %u of %u bytes is not 8 + whole records", h->seq, h->len);
		in->corrupt_since = 1;
		return;
	}
	uint64_t first;
	memcpy(&first, p, 8);
	size_t n = (h->len - 8) / sizeof(mx_trace_rec);
	if (!in->have_next) {
		in->next = first;
		in->have_next = 1;
	}
	if (first > in->next)
		gap(in, in->next, first - in->next, in->corrupt_since ? "corrupt-frame" : "gap");
	in->corrupt_since = 0;
	struct mxt_ev ev[MX_FRAME_MAXPAYLOAD / sizeof(mx_trace_rec)];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t num = first + i;
		if (num < in->next)
			continue;                       /* already have it */
		memcpy(&ev[k].rec, p + 8 + i * sizeof(mx_trace_rec), sizeof(mx_trace_rec));
		if (ev[k].rec.seq != (uint32_t)num) {
			gap(in, num, 1, "corrupt-frame");
			continue;
		}
		ev[k].num = num;
		k++;
	}
	if (first + n > in->next)
		in->next = first + n;
	if (k && in->boot_id >= 0)
		mxt_writer_events(in->w, in->boot_id, ev, k);
	in->records += k;
}

/* LOG lines that arrived before the boot was known are stored once it is. */
static void flush_pending(struct mxt_ingest *in)
{
	for (int i = 0; i < in->npending; i++) {
		if (in->boot_id >= 0)
			queue_text(in, put_log, in->pending[i].seq, 0, in->pending[i].text, in->pending[i].len);
		free(in->pending[i].text);
	}
	in->npending = 0;
}

static void on_frame(void *ctx, const mx_frame_hdr *h, const uint8_t *p, const char *why)
{
	struct mxt_ingest *in = ctx;
	if (!h) {
		in->corrupt_since = 1;
		mxt_errf(in->err, "channel: corrupt frame skipped (%s)", why);
		return;
	}
	/* Frame numbers start over at a boot: until its HELLO, the boot is unknown. */
	if (in->own_boots && in->have_seq && h->seq < in->last_seq && in->boot_id >= 0) {
		flush_dump(in);
		mxt_ingest_stats(in);
		in->boot_id = -1;
		in->have_next = 0;
	}
	in->last_seq = h->seq;
	in->have_seq = 1;
	switch (h->type) {
	case MX_FR_HELLO: {
		char e[MXT_ERRLEN];
		struct mxt_info info;
		if (mxt_info_parse(p, h->len, UINT64_MAX, &info, e) < 0) {
			mxt_errf(in->err, "channel: HELLO: %s", e);
			return;
		}
		int new_boot = !in->have_info || h->seq == 0 || in->boot_id < 0;
		in->info = info;
		in->info.how = "hello";
		in->have_info = 1;
		if (new_boot && in->own_boots) {
			struct boot_req *b = calloc(1, sizeof(*b));
			if (!b)
				return;
			b->in = in;
			b->info = info;
			b->source = in->source;
			flush_dump(in);
			mxt_writer_call(in->w, open_boot, b, free);
			mxt_writer_sync(in->w);         /* boot_id is needed for what follows */
			if (in->boot_id >= 0)
				mxt_writer_boot_hz(in->w, in->boot_id, info.mi.tsc_hz);
			in->have_next = 0;
			flush_pending(in);
		}
		break;
	}
	case MX_FR_LOG:
		if (in->echo_log)
			fprintf(in->echo_log, "%.*s%s", (int)h->len, (const char *)p,
				h->len && p[h->len - 1] == '\n' ? "" : "\n");
		if (in->boot_id >= 0) {
			queue_text(in, put_log, h->seq, 0, (const char *)p, h->len);
		} else if (in->npending < (int)(sizeof(in->pending) / sizeof(in->pending[0]))) {
			char *t = malloc(h->len ? h->len : 1);
			if (t) {
				memcpy(t, p, h->len);
				in->pending[in->npending].seq = h->seq;
				in->pending[in->npending].text = t;
				in->pending[in->npending].len = h->len;
				in->npending++;
			}
		}
		in->logs++;
		break;
	case MX_FR_DUMP: {
		if (h->len < sizeof(struct mx_dump_chunk))
			break;
		struct mx_dump_chunk c;
		memcpy(&c, p, sizeof(c));
		if (in->dump_text && in->dump_key != (int)c.key)
			flush_dump(in);
		size_t tl = h->len - sizeof(c);
		char *t = realloc(in->dump_text, in->dump_len + tl + 1);
		if (!t)
			break;
		memcpy(t + in->dump_len, p + sizeof(c), tl);
		in->dump_text = t;
		in->dump_len += tl;
		in->dump_key = (int)c.key;
		if (!(h->flags & MX_FRF_MORE))
			flush_dump(in);
		break;
	}
	case MX_FR_TRACE:
		trace_frame(in, h, p);
		break;
	case MX_FR_LOSS: {
		struct mx_loss l;
		if (h->len < sizeof(l))
			break;
		memcpy(&l, p, sizeof(l));
		if (!in->have_next) {
			in->next = l.first;
			in->have_next = 1;
		}
		if (l.first > in->next)
			gap(in, in->next, l.first - in->next, in->corrupt_since ? "corrupt-frame" : "gap");
		gap(in, l.first, l.count, l.cause == MX_LOSS_OVERWRITTEN ? "channel-overwritten" : "channel");
		if (l.first + l.count > in->next)
			in->next = l.first + l.count;
		break;
	}
	case MX_FR_ACK:
	case MX_FR_ERROR: {
		struct mx_cmd_error e;
		memset(&e, 0, sizeof(e));
		memcpy(&e, p, h->len < sizeof(e) ? h->len : sizeof(e));
		in->reply_seq = e.seq;
		in->reply_code = h->type == MX_FR_ACK ? 0 : (e.code ? e.code : -1);
		memcpy(in->reply_text, e.text, sizeof(e.text));
		in->reply_text[sizeof(e.text)] = 0;
		in->have_reply = 1;
		break;
	}
	default:
		mxt_errf(in->err, "channel: frame %u of unknown type %u skipped", h->seq, h->type);
		break;
	}
}

void mxt_ingest_init(struct mxt_ingest *in, struct mxt_writer *w, int64_t boot_id, const char *source)
{
	memset(in, 0, sizeof(*in));
	in->w = w;
	in->boot_id = boot_id;
	in->own_boots = boot_id < 0;
	in->source = source ? source : "channel";
	mxt_chan_init(&in->dec, on_frame, in);
}

void mxt_ingest_set_boot(struct mxt_ingest *in, int64_t boot_id)
{
	in->boot_id = boot_id;
	in->own_boots = 0;
	flush_pending(in);
}

void mxt_ingest_bytes(struct mxt_ingest *in, const uint8_t *data, size_t n)
{
	mxt_chan_feed(&in->dec, data, n);
}

void mxt_ingest_stats(struct mxt_ingest *in)
{
	if (in->boot_id < 0)
		return;
	struct stats_row *r = malloc(sizeof(*r));
	if (!r)
		return;
	r->boot_id = in->boot_id;
	r->st = in->dec.st;
	mxt_writer_call(in->w, put_stats, r, free);
}

void mxt_ingest_finish(struct mxt_ingest *in)
{
	mxt_chan_finish(&in->dec);
	flush_dump(in);
	mxt_ingest_stats(in);
}

void mxt_ingest_free(struct mxt_ingest *in)
{
	in->boot_id = -1;
	flush_pending(in);
	free(in->dump_text);
	in->dump_text = NULL;
}
