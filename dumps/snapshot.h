/*
 * mxdump's adapter: one snapshot of the run database decoded into the
 * plain structures libdump renders (os/lib/libdump/dump.h), the same
 * structures the guest IS fills from live tables.
 */
#ifndef MXD_SNAPSHOT_H
#define MXD_SNAPSHOT_H

#include <stddef.h>
#include <sqlite3.h>
#include "../os/lib/libdump/dump.h"

/* Tables that may be missing from a snapshot, with the reason. */
enum {
	MXD_T_PROCS, MXD_T_PRIVS, MXD_T_IRQS, MXD_T_PAIRS, MXD_T_TRACE,
	MXD_T_REGIONS, MXD_T_PM, MXD_T_FPROC, MXD_T_THREADS, MXD_T_LOCKS,
	MXD_T_DMAP, MXD_T_RS, MXD_T_DS, MXD_T_MAX
};

struct mxd_snapshot {
	long long snap;
	long long boot;
	char kind[8];           /* "full" or "sample" */
	char taken_at[40];
	struct dump_input in;   /* points into the arrays below */
	char why_missing[MXD_T_MAX][160];  /* "" if the table was read */
	/* owned storage */
	struct dump_proc *procs;
	struct dump_priv *privs;
	struct dump_irq *irqs;
	struct dump_pair *pairs;
	struct dump_trace trace;
	mx_vm_region_ent *regions;
	mx_pm_proc_ent *pm;
	mx_fproc_ent *fproc;
	mx_thread_ent *threads;
	mx_lock_ent *locks;
	mx_dmap_ent *dmap;
	mx_rs_ent *rs;
	mx_ds_ent *ds;
};

/* Load snapshot snap (-1: the latest full one).  0, or -1 with a one-line
 * message in err: no such snapshot, an empty one (no processes), a
 * database without the snapshot tables. */
int mxd_load(sqlite3 *db, long long snap, struct mxd_snapshot *s, char *err, size_t errlen);
void mxd_free(struct mxd_snapshot *s);

/* Why the tables a dump needs are missing ("" if none is): e.g. "snapshot 3
 * has no 'rs.services' table (RS did not register it)". */
const char *mxd_missing(const struct mxd_snapshot *s, int key, char *buf, size_t len);

/* Decoders shared with the tests. */
/* A hex bitmap as the schema stores it (ipc_to, ep_filter): two hex digits
 * per byte, bytes in memory order (byte k holds ids 8k..8k+7, bit 0 first);
 * with a 0x prefix, one number whose bit i is id i.  -1 if malformed. */
int mxd_parse_bitmap(const char *hex, uint32_t *words, int nwords);
/* 'base:len,...' (numbers in C syntax, bases in hex if they have hex
 * letters); returns the number of ranges stored, -1 if malformed. */
int mxd_parse_io(const char *s, uint16_t *base, uint16_t *len, int max);

#endif
