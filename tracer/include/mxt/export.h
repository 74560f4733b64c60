/*
 * Export a run as Chrome trace-event JSON, which Perfetto's UI and
 * chrome://tracing open: one process per boot, one track (thread) per
 * guest process, kernel calls and waits (blocked sending, receiving,
 * waiting for a reply) and run time (from SWITCH records) as complete
 * events with durations, messages as flow arrows from sender to receiver,
 * everything else as instant events.
 */
#ifndef MXT_EXPORT_H
#define MXT_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include "mxt/util.h"

struct mxt_export_opts {
	int64_t boot_id;         /* -1: every boot */
	double from_s, to_s;     /* window in guest seconds from the boot's first record; to_s <= 0: to the end */
	int no_flows;            /* leave out the flow arrows */
};

struct mxt_export_stats {
	uint64_t records;        /* events read */
	uint64_t written;        /* trace events written */
};

int mxt_export_chrome(sqlite3 *db, FILE *out, const struct mxt_export_opts *o, struct mxt_export_stats *st, char *err);

#endif
