/*
 * The IPC view (hot paths: source, destination, message type) and the
 * kernel-call view, both from the writer's aggregates over the window
 * that ends at the cursor.
 */
#include <stdio.h>
#include "format.h"
#include "view.h"

/* FNV-1a over a few integers: a row identity that survives re-sorting. */
static uint64_t mix(uint64_t h, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 1099511628211ULL;
	}
	return h;
}

/* ---- IPC pairs ---------------------------------------------------------- */

#define POFF(field) ((unsigned short)offsetof(pair_row, field))

enum { IC_SRC, IC_DST, IC_TYPE, IC_RATE, IC_COUNT, IC_SHARE, IC_MEAN, IC_P99, IC_MAX, IC_N };

static const column ipc_columns[IC_N] = {
	[IC_SRC] = { "src", "SRC", "sending process", 12, .find = 1, .text = 1, .kind = CK_EPNAME, .off = POFF(src) },
	[IC_DST] = { "dst", "DST", "receiving process", 12, .find = 1, .text = 1, .kind = CK_EPNAME, .off = POFF(dst) },
	[IC_TYPE] = { "type", "TYPE", "message type", 16, .text = 1, .kind = CK_MSGTYPE, .off = POFF(type) },
	[IC_RATE] = { "rate", "MSG/s", "messages per second over the window", 7, .right = 1, .desc = 1,
		      .kind = CK_RATE, .off = POFF(rate) },
	[IC_COUNT] = { "count", "COUNT", "messages in the window", 7, .right = 1, .desc = 1, .kind = CK_COUNT,
		       .off = POFF(count) },
	[IC_SHARE] = { "share", "%MSG", "share of all messages in the window", 5, .right = 1, .desc = 1,
		       .kind = CK_PCT, .off = POFF(share) },
	[IC_MEAN] = { "mean", "MEAN", "mean latency (sender's wait or SENDREC round trip)", 7, .right = 1,
		      .desc = 1, .kind = CK_TICKS_D, .off = POFF(lat_mean) },
	[IC_P99] = { "p99", "P99", "99th percentile latency over the window (histogram bin bound)", 7,
		     .right = 1, .desc = 1, .lazy = 1, .kind = CK_TICKS_LL, .off = POFF(p99) },
	[IC_MAX] = { "max", "MAX", "largest latency in the window", 7, .right = 1, .desc = 1,
		     .kind = CK_TICKS_LL, .off = POFF(lat_max) },
};

static const signed char ipc_defaults[] = {
	IC_SRC, IC_DST, IC_TYPE, IC_RATE, IC_COUNT, IC_SHARE, IC_MEAN, IC_P99, IC_MAX, -1
};

static const void *ipc_rows(const frame *f, int *n, size_t *stride)
{
	*n = f->npairs;
	*stride = sizeof(pair_row);
	return f->pairs;
}

static uint64_t ipc_id(const void *row)
{
	const pair_row *p = row;
	return mix(mix(mix(1469598103934665603ULL, (uint32_t)p->src), (uint32_t)p->dst), (uint32_t)p->type);
}

static unsigned no_flags(const void *row)
{
	(void)row;
	return 0;
}

static mx_endpoint_t ipc_ep(const void *row)
{
	return ((const pair_row *)row)->src;
}

static int ipc_prepare(query *q, frame *f, int i, char *err, size_t errlen)
{
	return i >= 0 && i < f->npairs ? query_pair_p99(q, f, &f->pairs[i], err, errlen) : 0;
}

const view_class view_ipc = {
	.name = "ipc",
	.title = "IPC",
	.about = "IPC paths (source, destination, message type) from ipc_agg and ipc_lat_hist",
	.columns = ipc_columns,
	.ncolumns = IC_N,
	.defaults = ipc_defaults,
	.sort = IC_RATE,
	.load = LOAD_IPC,
	.empty = "no IPC recorded in this window (is tracing on?)",
	.rows = ipc_rows,
	.id = ipc_id,
	.flags = no_flags,
	.ep = ipc_ep,
	.prepare = ipc_prepare,
};

/* ---- kernel calls ------------------------------------------------------- */

#define KOFF(field) ((unsigned short)offsetof(kcall_row, field))

enum { KC_CALLER, KC_CALL, KC_RATE, KC_COUNT, KC_ERRORS, KC_MEAN, KC_MAX, KC_SHARE, KC_N };

static int style_errors(const frame *f, const void *row)
{
	(void)f;
	return ((const kcall_row *)row)->errors > 0 ? STY_BAD : STY_DIM;
}

static const column kcall_columns[KC_N] = {
	[KC_CALLER] = { "caller", "CALLER", "process making the call", 12, .find = 1, .text = 1, .kind = CK_EPNAME,
			.off = KOFF(caller) },
	[KC_CALL] = { "call", "CALL", "kernel call", 14, .find = 1, .text = 1, .kind = CK_KCALL, .off = KOFF(call) },
	[KC_RATE] = { "rate", "CALLS/s", "calls per second over the window", 7, .right = 1, .desc = 1,
		      .kind = CK_RATE, .off = KOFF(rate) },
	[KC_COUNT] = { "count", "COUNT", "calls in the window", 7, .right = 1, .desc = 1, .kind = CK_COUNT,
		       .off = KOFF(count) },
	[KC_ERRORS] = { "errors", "ERRORS", "calls that failed", 6, .right = 1, .desc = 1, .kind = CK_COUNT,
			.off = KOFF(errors), .style = style_errors },
	[KC_MEAN] = { "mean", "MEAN", "mean duration", 7, .right = 1, .desc = 1, .kind = CK_TICKS_D,
		      .off = KOFF(dur_mean) },
	[KC_MAX] = { "max", "MAX", "longest call in the window", 7, .right = 1, .desc = 1, .kind = CK_TICKS_LL,
		     .off = KOFF(dur_max) },
	[KC_SHARE] = { "share", "%TIME", "share of the window's kernel-call time", 5, .right = 1, .desc = 1,
		       .kind = CK_PCT, .off = KOFF(share) },
};

static const signed char kcall_defaults[] = {
	KC_CALLER, KC_CALL, KC_RATE, KC_COUNT, KC_ERRORS, KC_MEAN, KC_MAX, KC_SHARE, -1
};

static const void *kcall_rows(const frame *f, int *n, size_t *stride)
{
	*n = f->nkcalls;
	*stride = sizeof(kcall_row);
	return f->kcalls;
}

static uint64_t kcall_id(const void *row)
{
	const kcall_row *k = row;
	return mix(mix(1469598103934665603ULL, (uint32_t)k->caller), (uint32_t)k->call);
}

static mx_endpoint_t kcall_ep(const void *row)
{
	return ((const kcall_row *)row)->caller;
}

const view_class view_kcalls = {
	.name = "kcalls",
	.title = "Kernel calls",
	.about = "kernel calls by caller from kcall_agg",
	.columns = kcall_columns,
	.ncolumns = KC_N,
	.defaults = kcall_defaults,
	.sort = KC_RATE,
	.load = LOAD_KCALLS,
	.empty = "no kernel calls recorded in this window (is tracing on?)",
	.rows = kcall_rows,
	.id = kcall_id,
	.flags = no_flags,
	.ep = kcall_ep,
};
