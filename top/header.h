/*
 * The header: what the frame says as a whole (tasks, deadlocks, uptime,
 * trace rate and losses, where the cursor is).  Each function writes one
 * phrase; the screen puts them beside its meters, --once prints them.
 */
#ifndef MXTOP_HEADER_H
#define MXTOP_HEADER_H

#include <stddef.h>
#include "app.h"

/* "Tasks: 45 total, 3 running, 30 idle, 5 blocked, 2 stuck, 1 deadlocked" */
void hdr_tasks(const frame *f, char *buf, size_t len);
/*
 * "Deadlock: none", or the cycles of the snapshot shown and those of the
 * latest full snapshot: "Deadlock: 1 cycle: a→b→a; at full snapshot #4:
 * 1 cycle: vfs:worker1→vfs:worker2→vfs:worker1"
 */
void hdr_deadlock(const frame *f, char *buf, size_t len);
/* "Uptime: 00:12:34" */
void hdr_uptime(const frame *f, char *buf, size_t len);
/* "Trace: 45.6k rec/s, lost 12 (overwritten 12)" */
void hdr_trace(const frame *f, char *buf, size_t len);
/* "CPU: 34.5% (user 20.1%, kernel 14.4%)  IPC: 12.3k msg/s  Kcalls: 1.20k/s" */
void hdr_load(const frame *f, char *buf, size_t len);
/* "Mem: 12.3M of 64.0M used (19.2%)" (kinfo), or "Mem: not recorded" */
void hdr_mem(const frame *f, char *buf, size_t len);
/* "LIVE", "REPLAY", "REPLAY ▶ x2", "PAUSED" */
void hdr_mode(const app *a, char *buf, size_t len);
/* "snapshot #42 sample 42/42 t=12.35s" */
void hdr_cursor(const app *a, char *buf, size_t len);
/* "rates over 0.50 s (#41..#42); IPC window 1.00 s" */
void hdr_rates(const frame *f, char *buf, size_t len);

#endif
