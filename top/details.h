/*
 * Details of one process: its wait chain (the shared wait-for graph of
 * tracer/include/mxt/waitgraph.h, the same analysis as mxdump why) and
 * its recent IPC from the event table.  Text, one line per '\n', for the
 * screen's detail pages and for --once.
 */
#ifndef MXTOP_DETAILS_H
#define MXTOP_DETAILS_H

#include <stddef.h>
#include "query.h"

/*
 * The process named by spec in the frame: a name (exact, else a unique
 * prefix), "slot/gen", "#slot" or an endpoint number.  NULL with err.
 */
const proc_row *details_find(const frame *f, const char *spec, char *err, size_t errlen);
/* The wait chain of ep and its verdict; malloc'd (NULL if out of memory). */
char *details_why(const frame *f, mx_endpoint_t ep);
/* The last max IPC events of ep up to the frame's snapshot; malloc'd, NULL with err. */
char *details_events(query *q, const frame *f, mx_endpoint_t ep, int max, char *err, size_t errlen);

/* How far back details_events looks, in records. */
#define DETAILS_SCAN_LIMIT 4000000LL

#endif
