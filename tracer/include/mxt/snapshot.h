/*
 * Snapshots: a reading of the kernel's tables (and the servers' registered
 * tables) at one moment, stored in the schema's snapshot tables.
 *
 * Taking one has two phases so the guest is stopped as briefly as
 * possible: mxt_image_read() copies the raw bytes (while the guest is
 * stopped, or live for a sample), mxt_snapshot_write() decodes them by
 * field name and writes the rows afterwards.
 */
#ifndef MXT_SNAPSHOT_H
#define MXT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <mx/mxinfo.h>
#include <mx/trace.h>
#include "mxt/info.h"

struct mxt_target;

enum {
	MXT_IMG_SAMPLE = 0,      /* processes, kernel counters, ring header */
	MXT_IMG_FULL = 1,        /* everything: also privileges, IRQ hooks, pairs, registry tables, log, ring */
};

struct mxt_reg_image {
	int used;
	mx_registry_ent ent;     /* the registry entry as read */
	uint8_t *data;           /* count * size bytes read through the owner's page tables */
	size_t len;
	char err[MXT_ERRLEN];    /* why data could not be read */
};

struct mxt_image {
	struct mxt_info info;
	int what;
	uint64_t host_ns;        /* when the copy started (CLOCK_MONOTONIC) */
	struct mxt_struct proc_s, priv_s, irq_s, kinfo_s;
	uint8_t *proc, *priv, *irq, *kinfo;
	uint32_t *pairs;         /* nr_slots * nr_slots */
	mx_trace_ring ring_hdr;
	uint8_t *ring;           /* header and records (MXT_IMG_FULL) */
	size_t ring_len;
	uint64_t uptime;
	uint32_t cur_proc;       /* kernel address of the running proc[] entry */
	mx_klog *klog;
	mx_bootinfo *boot;
	struct mxt_reg_image reg[MX_REGISTRY_MAX];
	char note[MXT_ERRLEN];   /* parts that could not be read, if any */
};

/* Copy what a snapshot needs out of the target (stopped, or live for a sample). */
int mxt_image_read(struct mxt_target *t, const struct mxt_info *in, int what, struct mxt_image *img, char *err);
void mxt_image_free(struct mxt_image *img);
/* The trace ring of a full image as a memory target (for the drain). */
struct mxt_target *mxt_image_ring_target(struct mxt_image *img, char *err);

struct mxt_snap_meta {
	const char *kind;        /* "full" or "sample" */
	const char *source;      /* "shm", "gdb", "core", ... */
	int64_t stopped_us;      /* -1: the guest was not stopped */
	const char *note;
};

/* Write the snapshot rows (in the caller's transaction). */
int mxt_snapshot_write(sqlite3 *db, int64_t boot_id, const struct mxt_image *img, const struct mxt_snap_meta *m,
		       int64_t *snap_id, char *err);

/* ---- boots ------------------------------------------------------------------ */

struct mxt_boot {
	int64_t boot_id;
	int existing;            /* the boot was already in the database */
	uint64_t next_seq;       /* first record number neither stored nor counted lost */
};

/* Find the boot (build id + the ring's tsc_boot) or add it, with its boot
 * modules; without a ring header (channel only) a new boot is always added. */
int mxt_boot_open(sqlite3 *db, const struct mxt_info *in, const mx_trace_ring *ring, const mx_bootinfo *bi,
		  const char *source, const char *kernel_path, struct mxt_boot *b, char *err);
/* Record how and when a boot's recording ended. */
int mxt_boot_end(sqlite3 *db, int64_t boot_id, const char *reason, char *err);
/* meta 'bucket_ticks' (set from tsc_hz / 10 the first time); the aggregation bucket. */
uint64_t mxt_bucket_ticks(sqlite3 *db, const struct mxt_info *in);
uint64_t mxt_bucket_ticks_hz(sqlite3 *db, uint64_t tsc_hz);
/* Set a meta key. */
int mxt_meta_set(sqlite3 *db, const char *key, const char *value);

#endif
