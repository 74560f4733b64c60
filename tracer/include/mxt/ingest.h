/*
 * Debug-channel frames into the database: HELLO (mx_info: a boot), LOG
 * lines, DUMP chunks (joined into one dump), TRACE batches (records, with
 * every gap in the record numbers counted in losses: 'corrupt-frame' when
 * a corrupt frame was skipped since the previous batch, 'gap' otherwise),
 * LOSS notices ('channel-overwritten', 'channel'), ACK and ERROR answers.
 */
#ifndef MXT_INGEST_H
#define MXT_INGEST_H

#include <stdint.h>
#include <stdio.h>
#include "mxt/chan.h"
#include "mxt/info.h"
#include "mxt/writer.h"

struct mxt_ingest {
	struct mxt_writer *w;
	struct mxt_chan_dec dec;
	int64_t boot_id;         /* -1 until known */
	int own_boots;           /* open a boot at each HELLO of a new boot (no other source of boots) */
	const char *source;      /* boots.source for boots opened here */
	struct mxt_info info;    /* from the latest HELLO */
	int have_info;
	uint64_t next;           /* next record number expected in a TRACE frame */
	int have_next;
	int corrupt_since;       /* a corrupt frame was skipped since the last TRACE frame */
	uint64_t records, lost, logs, dumps;
	/* the DUMP being collected */
	int dump_key;
	char *dump_text;
	size_t dump_len;
	/* the latest command answer */
	uint32_t reply_seq;
	int32_t reply_code;
	char reply_text[64];
	int have_reply;
	FILE *echo_log;          /* LOG lines are also written here, if set */
	/* LOG lines that came before their boot was known (HELLO, or mxt_ingest_set_boot) */
	struct { int64_t seq; char *text; size_t len; } pending[64];
	int npending;
	uint32_t last_seq;
	int have_seq;
	char err[MXT_ERRLEN];    /* the latest frame-level problem, for the progress line */
};

void mxt_ingest_init(struct mxt_ingest *in, struct mxt_writer *w, int64_t boot_id, const char *source);
void mxt_ingest_bytes(struct mxt_ingest *in, const uint8_t *data, size_t n);
/* End of the stream: a partial frame is counted; a dump in progress is stored as it is. */
void mxt_ingest_finish(struct mxt_ingest *in);
/* Queue the decoder's counters into chan_stats. */
void mxt_ingest_stats(struct mxt_ingest *in);
void mxt_ingest_free(struct mxt_ingest *in);
/* Set the boot that frames belong to (run/record, where the ring drain opened
 * it); log lines received before are stored under it. */
void mxt_ingest_set_boot(struct mxt_ingest *in, int64_t boot_id);

#endif
