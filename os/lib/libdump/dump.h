/*
 * libdump: the IS dumps rendered as text, once, for the guest and the host.
 *
 * The guest IS fills these structures from live tables (kernel calls and
 * server requests); mxdump fills them from a snapshot in the run database.
 * Both call dump_render(), so a dump taken from a hung system reads exactly
 * like the one taken live.  The text of every dump is documented field by
 * field in docs/dumps.md.
 *
 * Portable C: uses only snprintf, vsnprintf, memcpy, memset, strlen, strcmp
 * and strncpy, no allocation, no floating point; compiles with the guest's
 * freestanding flags and the host's.
 */
#ifndef MX_LIBDUMP_H
#define MX_LIBDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <mx/endpoint.h>
#include <mx/tables.h>
#include <mx/dump.h>

/* ---- Output: text appended to a caller-supplied buffer ------------------ */

struct dump_out {
	char  *buf;
	size_t size;            /* bytes in buf */
	size_t len;             /* bytes the text needs (may exceed size - 1) */
};
void dump_out_init(struct dump_out *o, char *buf, size_t size);
void dump_printf(struct dump_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text did not fit: buf holds its first size - 1 bytes. */
#define dump_out_truncated(o) ((o)->len + 1 > (o)->size)

/* ---- Input: plain decoded tables ---------------------------------------- */

/* A proc[] slot in use (kernel task or process). */
struct dump_proc {
	int32_t  slot;
	mx_endpoint_t endpoint;
	char     name[16];
	uint32_t rts_flags;     /* MX_RTS_* */
	uint32_t misc_flags;    /* MX_MF_* */
	mx_endpoint_t peer;     /* SENDING: p_sendto; RECEIVING: p_getfrom (MX_ANY); else MX_NONE */
	uint64_t blocked_tsc;   /* TSC when it blocked, 0 if not blocked */
	int32_t  priority;
	int32_t  quantum;
	uint64_t user_ticks, sys_ticks;
	uint64_t cycles;        /* TSC ticks it ran */
	uint32_t sent, received, notifies, kcalls;
	int32_t  priv_id;       /* -1 if none */
	uint32_t cr3;           /* page directory, 0 if none */
};

/* A priv[] entry in use. */
struct dump_priv {
	int32_t  id;
	mx_endpoint_t owner;    /* MX_NONE for the shared user privileges (priv 0) */
	uint32_t flags;         /* MX_PF_* */
	uint32_t trap_mask;     /* bit (1 << call) per allowed IPC primitive */
	uint32_t kcall_mask;    /* bit per allowed kernel call */
	uint32_t ipc_to[MX_NR_PRIVS / 32];  /* bit id%32 of word id/32: may send to priv id */
	mx_endpoint_t sig_mgr;  /* MX_NONE: the kernel */
	uint32_t irq_mask;      /* IRQ lines it may hook */
	uint16_t io_base[2], io_len[2];     /* I/O port ranges, len 0 if unused */
};

struct dump_irq {
	int32_t  hook;
	int32_t  irq;
	mx_endpoint_t endpoint;
	uint32_t policy;        /* MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE */
	int32_t  notify_id;
	int32_t  active;        /* line masked until the driver re-enables it */
};

/* A non-zero cell of the IPC pair matrix. */
struct dump_pair {
	int32_t  src_slot, dst_slot;
	uint32_t count;
};

struct dump_trace {
	uint32_t ctl;           /* MX_TCTL_* */
	uint32_t kinds;         /* bit (1 << kind) */
	uint32_t nrecs;
	uint64_t head, filtered, overwritten, off_skipped;
	uint32_t ep_filter[MX_NR_SLOTS / 32];  /* slot bitmap, used with MX_TCTL_EPFILT */
};

/*
 * Everything a dump may show.  A table count of -1 means the table could
 * not be read (the server did not answer, the snapshot lacks it); the dumps
 * that need it then say so.  Registered server tables are passed as read,
 * free entries included, in table order; kernel tables in any order.
 */
struct dump_input {
	uint64_t now_tsc;       /* TSC of the reading (live: now; snapshot: its TSC) */
	uint64_t tsc_hz;        /* 0 if unknown: times are shown as '-' */
	uint64_t uptime_ticks;
	uint32_t hz;

	const struct dump_proc *procs;   int nprocs;
	const struct dump_priv *privs;   int nprivs;
	const struct dump_irq *irqs;     int nirqs;
	const struct dump_pair *pairs;   int npairs;
	const struct dump_trace *trace;  /* NULL if not available */

	const mx_vm_region_ent *regions; int nregions;   /* "vm.regions" */
	const mx_pm_proc_ent *pm;        int npm;        /* "pm.procs" */
	const mx_fproc_ent *fproc;       int nfproc;     /* "vfs.fproc" */
	const mx_thread_ent *threads;    int nthreads;   /* "vfs.threads" */
	const mx_lock_ent *locks;        int nlocks;     /* "vfs.locks" */
	const mx_dmap_ent *dmap;         int ndmap;      /* "vfs.dmap" */
	const mx_rs_ent *rs;             int nrs;        /* "rs.services" */
	const mx_ds_ent *ds;             int nds;        /* "ds.entries" */
};

/* ---- Rendering ------------------------------------------------------------- */

enum { DUMP_OK = 0, DUMP_UNAVAILABLE = 1, DUMP_UNKNOWN = -1 };

/* One dump: its key (mx/dump.h), names and renderer. */
struct dump_def {
	int key;                /* MX_DUMP_* */
	const char *fkey;       /* "F1", "S-F1" */
	const char *name;       /* "proc" */
	const char *title;      /* "Kernel process table" */
	const char *needs;      /* tables it needs, for messages: "vm.regions" */
	int (*render)(const struct dump_input *in, struct dump_out *out);
};
extern const struct dump_def dump_defs[];   /* in key order, ended by key 0 */
const struct dump_def *dump_find(int key);

/* Render dump key into out.  DUMP_OK; DUMP_UNAVAILABLE if a table it needs
 * was not available (the text says which); DUMP_UNKNOWN for a bad key. */
int dump_render(int key, const struct dump_input *in, struct dump_out *out);

/* ---- Helpers shared with other renderers (same text everywhere) ---------- */

#define DUMP_FLAGS_MAX 16
/* Fixed-width letter strings, '-' for a clear flag (mx/procflags.h). */
const char *dump_rts_letters(uint32_t flags, char out[DUMP_FLAGS_MAX]);
const char *dump_misc_letters(uint32_t flags, char out[DUMP_FLAGS_MAX]);
const char *dump_priv_letters(uint32_t flags, char out[DUMP_FLAGS_MAX]);
/* "RUN", "SEND", "RECV", "REPLY-WAIT", ... from the flags. */
const char *dump_proc_state(uint32_t rts, uint32_t misc);
/* "14/3", "ANY", "NONE", "SELF"; buf >= 24 bytes. */
const char *dump_ep_str(mx_endpoint_t ep, char *buf, size_t len);
/* "VFS_READ", "NOTIFY", or NULL. */
const char *dump_msgtype_name(int type);

#endif
