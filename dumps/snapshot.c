/*
 * Snapshot rows -> libdump structures.  Kernel tables come from their own
 * tables (processes, privileges, irq_hooks, ipc_pairs, trace_status);
 * server tables from reg_rows, whose JSON objects are decoded by field name
 * with the same layout descriptors the servers register (MX_TABLE_FIELD).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <jansson.h>
#include <mx/mxinfo.h>
#include <mx/procflags.h>
#include "mxt/db.h"
#include "snapshot.h"

/* ---- decoders ------------------------------------------------------------ */

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

int mxd_parse_bitmap(const char *hex, uint32_t *words, int nwords)
{
	memset(words, 0, sizeof(uint32_t) * (size_t)nwords);
	if (!hex)
		return 0;
	size_t n = strlen(hex);
	if (n >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
		/* One number, least significant digit last. */
		for (size_t i = n, bit = 0; i > 2; i--, bit += 4) {
			int v = hexval((unsigned char)hex[i - 1]);
			if (v < 0)
				return -1;
			for (int b = 0; b < 4; b++)
				if ((v >> b) & 1 && (int)((bit + (size_t)b) / 32) < nwords)
					words[(bit + (size_t)b) / 32] |= 1u << ((bit + (size_t)b) % 32);
		}
		return 0;
	}
	if (n % 2)
		return -1;
	for (size_t k = 0; k < n / 2; k++) {
		int hi = hexval((unsigned char)hex[2 * k]), lo = hexval((unsigned char)hex[2 * k + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		if ((int)(k / 4) < nwords)
			words[k / 4] |= (uint32_t)(hi << 4 | lo) << (8 * (k % 4));
	}
	return 0;
}

static int parse_num(const char *s, char **end)
{
	/* A base with hex letters and no prefix ("3f8") is hex. */
	const char *p = s;
	int hex = 0;
	while (isxdigit((unsigned char)*p)) {
		if (!isdigit((unsigned char)*p))
			hex = 1;
		p++;
	}
	return (int)strtoul(s, end, hex ? 16 : 0);
}

int mxd_parse_io(const char *s, uint16_t *base, uint16_t *len, int max)
{
	int n = 0;
	char *end;
	memset(base, 0, sizeof(uint16_t) * (size_t)max);
	memset(len, 0, sizeof(uint16_t) * (size_t)max);
	if (!s)
		return 0;
	while (*s) {
		int b = parse_num(s, &end);
		if (end == s || *end != ':')
			return -1;
		s = end + 1;
		int l = parse_num(s, &end);
		if (end == s || (*end && *end != ','))
			return -1;
		if (n < max) {
			base[n] = (uint16_t)b;
			len[n] = (uint16_t)l;
			n++;
		}
		s = *end ? end + 1 : end;
	}
	return n;
}

/* ---- registered tables ----------------------------------------------------- */

struct regtab {
	const char *name;       /* registry name */
	int id;                 /* MXD_T_* */
	size_t size;            /* sizeof the entry */
	const mx_field *fields;
	int nfields;
	size_t off_table;       /* offsetof(struct mxd_snapshot, <array>) */
	size_t off_count;       /* offsetof(struct dump_input, <count>) */
	size_t off_ptr;         /* offsetof(struct dump_input, <pointer>) */
};

#define F MX_TABLE_FIELD
static const mx_field f_region[] = {
	F(mx_vm_region_ent, ep, MX_FK_EP), F(mx_vm_region_ent, start, MX_FK_ADDR), F(mx_vm_region_ent, len, MX_FK_U32),
	F(mx_vm_region_ent, prot, MX_FK_U32), F(mx_vm_region_ent, kind, MX_FK_U32), F(mx_vm_region_ent, pages, MX_FK_U32),
	F(mx_vm_region_ent, shared_id, MX_FK_U32), F(mx_vm_region_ent, offset, MX_FK_U32),
};
static const mx_field f_pm[] = {
	F(mx_pm_proc_ent, pid, MX_FK_I32), F(mx_pm_proc_ent, ep, MX_FK_EP), F(mx_pm_proc_ent, ppid, MX_FK_I32),
	F(mx_pm_proc_ent, pgrp, MX_FK_I32), F(mx_pm_proc_ent, flags, MX_FK_FLAGS),
	F(mx_pm_proc_ent, sig_pending, MX_FK_U32), F(mx_pm_proc_ent, sig_mask, MX_FK_U32),
	F(mx_pm_proc_ent, exit_status, MX_FK_I32), F(mx_pm_proc_ent, tracer, MX_FK_I32), F(mx_pm_proc_ent, name, MX_FK_STR),
	F(mx_pm_proc_ent, uid, MX_FK_I32),
};
static const mx_field f_fproc[] = {
	F(mx_fproc_ent, ep, MX_FK_EP), F(mx_fproc_ent, pid, MX_FK_I32), F(mx_fproc_ent, nfds, MX_FK_U32),
	F(mx_fproc_ent, blocked_on, MX_FK_I32), F(mx_fproc_ent, blocked_ep, MX_FK_EP), F(mx_fproc_ent, worker, MX_FK_I32),
	F(mx_fproc_ent, cwd_ino, MX_FK_U32),
};
static const mx_field f_thread[] = {
	F(mx_thread_ent, tid, MX_FK_I32), F(mx_thread_ent, state, MX_FK_U32), F(mx_thread_ent, client, MX_FK_EP),
	F(mx_thread_ent, req, MX_FK_I32), F(mx_thread_ent, lock_wait, MX_FK_I32), F(mx_thread_ent, lock_mode, MX_FK_U32),
	F(mx_thread_ent, ipc_wait, MX_FK_EP), F(mx_thread_ent, since_lo, MX_FK_U32), F(mx_thread_ent, since_hi, MX_FK_U32),
	F(mx_thread_ent, name, MX_FK_STR),
};
static const mx_field f_lock[] = {
	F(mx_lock_ent, id, MX_FK_I32), F(mx_lock_ent, kind, MX_FK_U32), F(mx_lock_ent, obj, MX_FK_U32),
	F(mx_lock_ent, mode, MX_FK_U32), F(mx_lock_ent, owner, MX_FK_I32), F(mx_lock_ent, readers, MX_FK_U32),
	F(mx_lock_ent, holders, MX_FK_BITS), F(mx_lock_ent, waiters, MX_FK_U32), F(mx_lock_ent, since_lo, MX_FK_U32),
	F(mx_lock_ent, since_hi, MX_FK_U32), F(mx_lock_ent, name, MX_FK_STR),
};
static const mx_field f_dmap[] = {
	F(mx_dmap_ent, major, MX_FK_I32), F(mx_dmap_ent, driver, MX_FK_EP), F(mx_dmap_ent, flags, MX_FK_FLAGS),
	F(mx_dmap_ent, label, MX_FK_STR),
};
static const mx_field f_rs[] = {
	F(mx_rs_ent, ep, MX_FK_EP), F(mx_rs_ent, flags, MX_FK_FLAGS), F(mx_rs_ent, restarts, MX_FK_U32),
	F(mx_rs_ent, backoff, MX_FK_U32), F(mx_rs_ent, last_ping_lo, MX_FK_U32), F(mx_rs_ent, last_ping_hi, MX_FK_U32),
	F(mx_rs_ent, label, MX_FK_STR), F(mx_rs_ent, binary, MX_FK_STR),
};
static const mx_field f_ds[] = {
	F(mx_ds_ent, flags, MX_FK_FLAGS), F(mx_ds_ent, owner, MX_FK_EP), F(mx_ds_ent, u32, MX_FK_U32),
	F(mx_ds_ent, subscribers, MX_FK_U32), F(mx_ds_ent, key, MX_FK_STR), F(mx_ds_ent, str, MX_FK_STR),
};
#undef F

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define REGTAB(nm, id, type, flds, arr, cnt, ptr) \
	{ nm, id, sizeof(type), flds, N(flds), offsetof(struct mxd_snapshot, arr), \
	  offsetof(struct dump_input, cnt), offsetof(struct dump_input, ptr) }
static const struct regtab regtabs[] = {
	REGTAB("vm.regions", MXD_T_REGIONS, mx_vm_region_ent, f_region, regions, nregions, regions),
	REGTAB("pm.procs", MXD_T_PM, mx_pm_proc_ent, f_pm, pm, npm, pm),
	REGTAB("vfs.fproc", MXD_T_FPROC, mx_fproc_ent, f_fproc, fproc, nfproc, fproc),
	REGTAB("vfs.threads", MXD_T_THREADS, mx_thread_ent, f_thread, threads, nthreads, threads),
	REGTAB("vfs.locks", MXD_T_LOCKS, mx_lock_ent, f_lock, locks, nlocks, locks),
	REGTAB("vfs.dmap", MXD_T_DMAP, mx_dmap_ent, f_dmap, dmap, ndmap, dmap),
	REGTAB("rs.services", MXD_T_RS, mx_rs_ent, f_rs, rs, nrs, rs),
	REGTAB("ds.entries", MXD_T_DS, mx_ds_ent, f_ds, ds, nds, ds),
};

/* Fields whose "none" value is -1 rather than 0. */
static int minus_one_default(const char *field)
{
	static const char *const names[] = { "tid", "lock_wait", "worker", "owner", "major", "id" };
	for (int i = 0; i < N(names); i++)
		if (!strcmp(field, names[i]))
			return 1;
	return 0;
}

static void put_int(void *dst, size_t size, long long v)
{
	uint8_t b1 = (uint8_t)v;
	uint16_t b2 = (uint16_t)v;
	uint32_t b4 = (uint32_t)v;
	uint64_t b8 = (uint64_t)v;
	switch (size) {
	case 1: memcpy(dst, &b1, 1); break;
	case 2: memcpy(dst, &b2, 2); break;
	case 4: memcpy(dst, &b4, 4); break;
	case 8: memcpy(dst, &b8, 8); break;
	}
}

/* A number stored as text: BITS fields are hex bytes in memory order
 * (tracer/schema.md), anything else a C number. */
static long long string_value(const char *s, int kind)
{
	uint32_t w[2];
	size_t n = strlen(s);
	int hex = n && n % 2 == 0 && n <= 16;
	for (size_t i = 0; hex && i < n; i++)
		hex = isxdigit((unsigned char)s[i]);
	if (kind == MX_FK_BITS && hex && mxd_parse_bitmap(s, w, 2) == 0)
		return (long long)((uint64_t)w[1] << 32 | w[0]);
	return strtoll(s, NULL, 0);
}

/* One JSON object into one entry: known fields by name, defaults for the rest. */
static void decode_entry(const struct regtab *t, json_t *obj, uint8_t *ent)
{
	memset(ent, 0, t->size);
	for (int i = 0; i < t->nfields; i++) {
		const mx_field *f = &t->fields[i];
		json_t *v = json_is_object(obj) ? json_object_get(obj, f->name) : NULL;
		if (f->kind == MX_FK_STR) {
			const char *s = json_is_string(v) ? json_string_value(v) : "";
			strncpy((char *)ent + f->offset, s, f->size);
			continue;
		}
		long long x;
		if (json_is_integer(v))
			x = json_integer_value(v);
		else if (json_is_real(v))
			x = (long long)json_real_value(v);
		else if (json_is_string(v))
			x = string_value(json_string_value(v), f->kind);
		else
			x = f->kind == MX_FK_EP ? MX_NONE : minus_one_default(f->name) ? -1 : 0;
		put_int(ent + f->offset, f->size, x);
	}
}

static int load_regtab(sqlite3 *db, struct mxd_snapshot *s, const struct regtab *t, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char *why = s->why_missing[t->id];
	int *count = (int *)((char *)&s->in + t->off_count);
	const void **ptr = (const void **)((char *)&s->in + t->off_ptr);
	void **arr = (void **)((char *)s + t->off_table);
	*count = -1;
	if (sqlite3_prepare_v2(db, "SELECT error FROM reg_tables WHERE snap_id = ? AND name = ?", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read reg_tables: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, s->snap);
	sqlite3_bind_text(st, 2, t->name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		snprintf(why, sizeof(s->why_missing[0]), "snapshot %lld has no '%s' table (not registered, or a sample snapshot)",
			 s->snap, t->name);
	else if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(why, sizeof(s->why_missing[0]), "the '%s' table of snapshot %lld could not be read: %s", t->name,
			 s->snap, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (why[0])
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT data FROM reg_rows WHERE snap_id = ? AND name = ? ORDER BY idx", -1, &st,
			       NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read reg_rows: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, s->snap);
	sqlite3_bind_text(st, 2, t->name, -1, SQLITE_STATIC);
	int n = 0, cap = 0;
	uint8_t *a = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			uint8_t *na = realloc(a, t->size * (size_t)cap);
			if (!na)
				break;
			a = na;
		}
		json_error_t jerr;
		json_t *obj = json_loads((const char *)sqlite3_column_text(st, 0), 0, &jerr);
		decode_entry(t, obj, a + t->size * (size_t)n);
		json_decref(obj);
		n++;
	}
	sqlite3_finalize(st);
	*arr = a;
	*ptr = a;
	*count = n;
	return 0;
}

/* ---- kernel tables ------------------------------------------------------------ */

static long long col64(sqlite3_stmt *st, int i, long long dflt)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt : sqlite3_column_int64(st, i);
}

static int prep(sqlite3 *db, sqlite3_stmt **st, const char *sql, long long snap, char *err, size_t errlen)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read the snapshot: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(*st, 1, snap);
	return 0;
}

/* Grow *arr to hold n + 1 elements of size sz. */
static void *grow(void *arr, int n, int *cap, size_t sz)
{
	if (n < *cap)
		return arr;
	int nc = *cap ? *cap * 2 : 64;
	void *a = realloc(arr, sz * (size_t)nc);
	if (a)
		*cap = nc;
	return a;
}

static int load_procs(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT slot, endpoint, name, rts_flags, misc_flags, peer, blocked_tsc, priority, quantum, "
		 "user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls, priv_id, cr3 "
		 "FROM processes WHERE snap_id = ? ORDER BY slot", s->snap, err, errlen) < 0)
		return -1;
	int n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dump_proc *a = grow(s->procs, n, &cap, sizeof(*a));
		if (!a)
			break;
		s->procs = a;
		struct dump_proc *p = &a[n++];
		memset(p, 0, sizeof(*p));
		p->slot = sqlite3_column_int(st, 0);
		p->endpoint = sqlite3_column_int(st, 1);
		snprintf(p->name, sizeof(p->name), "%s", (const char *)sqlite3_column_text(st, 2));
		p->rts_flags = (uint32_t)sqlite3_column_int64(st, 3);
		p->misc_flags = (uint32_t)sqlite3_column_int64(st, 4);
		p->peer = (mx_endpoint_t)col64(st, 5, (p->rts_flags & MX_RTS_RECEIVING) ? MX_ANY : MX_NONE);
		p->blocked_tsc = (uint64_t)col64(st, 6, 0);
		p->priority = (int32_t)col64(st, 7, 0);
		p->quantum = (int32_t)col64(st, 8, 0);
		p->user_ticks = (uint64_t)col64(st, 9, 0);
		p->sys_ticks = (uint64_t)col64(st, 10, 0);
		p->cycles = (uint64_t)col64(st, 11, 0);
		p->sent = (uint32_t)col64(st, 12, 0);
		p->received = (uint32_t)col64(st, 13, 0);
		p->notifies = (uint32_t)col64(st, 14, 0);
		p->kcalls = (uint32_t)col64(st, 15, 0);
		p->priv_id = (int32_t)col64(st, 16, -1);
		p->cr3 = (uint32_t)col64(st, 17, 0);
	}
	sqlite3_finalize(st);
	s->in.procs = s->procs;
	s->in.nprocs = n;
	return 0;
}

static int load_privs(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT priv_id, endpoint, flags, trap_mask, kcall_mask, ipc_to, sig_mgr, irq_mask, io_ranges "
		 "FROM privileges WHERE snap_id = ? ORDER BY priv_id", s->snap, err, errlen) < 0)
		return -1;
	int n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dump_priv *a = grow(s->privs, n, &cap, sizeof(*a));
		if (!a)
			break;
		s->privs = a;
		struct dump_priv *p = &a[n++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int(st, 0);
		p->owner = (mx_endpoint_t)col64(st, 1, MX_NONE);
		p->flags = (uint32_t)sqlite3_column_int64(st, 2);
		p->trap_mask = (uint32_t)sqlite3_column_int64(st, 3);
		p->kcall_mask = (uint32_t)sqlite3_column_int64(st, 4);
		if (mxd_parse_bitmap((const char *)sqlite3_column_text(st, 5), p->ipc_to, MX_NR_PRIVS / 32) < 0) {
			snprintf(err, errlen, "snapshot %lld: privilege %d has a malformed ipc_to bitmap", s->snap, (int)p->id);
			sqlite3_finalize(st);
			return -1;
		}
		p->sig_mgr = (mx_endpoint_t)col64(st, 6, MX_NONE);
		p->irq_mask = (uint32_t)col64(st, 7, 0);
		if (mxd_parse_io((const char *)sqlite3_column_text(st, 8), p->io_base, p->io_len, 2) < 0) {
			snprintf(err, errlen, "snapshot %lld: privilege %d has malformed io_ranges", s->snap, (int)p->id);
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	s->in.privs = s->privs;
	s->in.nprivs = n;
	return 0;
}

static int load_irqs(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT hook, irq, endpoint, policy, notify_id, active FROM irq_hooks WHERE snap_id = ? "
		 "ORDER BY hook", s->snap, err, errlen) < 0)
		return -1;
	int n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dump_irq *a = grow(s->irqs, n, &cap, sizeof(*a));
		if (!a)
			break;
		s->irqs = a;
		struct dump_irq *h = &a[n++];
		h->hook = sqlite3_column_int(st, 0);
		h->irq = sqlite3_column_int(st, 1);
		h->endpoint = sqlite3_column_int(st, 2);
		h->policy = (uint32_t)sqlite3_column_int64(st, 3);
		h->notify_id = sqlite3_column_int(st, 4);
		h->active = sqlite3_column_int(st, 5);
	}
	sqlite3_finalize(st);
	s->in.irqs = s->irqs;
	s->in.nirqs = n;
	return 0;
}

static int load_pairs(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT src_slot, dst_slot, count FROM ipc_pairs WHERE snap_id = ? ORDER BY src_slot, dst_slot",
		 s->snap, err, errlen) < 0)
		return -1;
	int n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct dump_pair *a = grow(s->pairs, n, &cap, sizeof(*a));
		if (!a)
			break;
		s->pairs = a;
		a[n].src_slot = sqlite3_column_int(st, 0);
		a[n].dst_slot = sqlite3_column_int(st, 1);
		a[n].count = (uint32_t)sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_finalize(st);
	s->in.pairs = s->pairs;
	s->in.npairs = n;
	return 0;
}

static int load_trace(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT ctl, kinds, nrecs, head, filtered, overwritten, off_skipped, ep_filter "
		 "FROM trace_status WHERE snap_id = ?", s->snap, err, errlen) < 0)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct dump_trace *t = &s->trace;
		t->ctl = (uint32_t)sqlite3_column_int64(st, 0);
		t->kinds = (uint32_t)sqlite3_column_int64(st, 1);
		t->nrecs = (uint32_t)sqlite3_column_int64(st, 2);
		t->head = (uint64_t)sqlite3_column_int64(st, 3);
		t->filtered = (uint64_t)sqlite3_column_int64(st, 4);
		t->overwritten = (uint64_t)sqlite3_column_int64(st, 5);
		t->off_skipped = (uint64_t)sqlite3_column_int64(st, 6);
		if (mxd_parse_bitmap((const char *)sqlite3_column_text(st, 7), t->ep_filter, MX_NR_SLOTS / 32) < 0) {
			snprintf(err, errlen, "snapshot %lld: malformed trace ep_filter bitmap", s->snap);
			sqlite3_finalize(st);
			return -1;
		}
		s->in.trace = t;
	} else {
		snprintf(s->why_missing[MXD_T_TRACE], sizeof(s->why_missing[0]),
			 "snapshot %lld has no trace ring status", s->snap);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- the snapshot ---------------------------------------------------------------- */

static int load_header(sqlite3 *db, struct mxd_snapshot *s, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prep(db, &st, "SELECT s.boot_id, s.kind, s.taken_at, s.tsc, s.uptime_ticks, b.tsc_hz, b.hz "
		 "FROM snapshots s LEFT JOIN boots b ON b.boot_id = s.boot_id WHERE s.snap_id = ?", s->snap, err, errlen) < 0)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "no snapshot %lld in the database", s->snap);
		sqlite3_finalize(st);
		return -1;
	}
	s->boot = sqlite3_column_int64(st, 0);
	snprintf(s->kind, sizeof(s->kind), "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(s->taken_at, sizeof(s->taken_at), "%s", (const char *)sqlite3_column_text(st, 2));
	s->in.now_tsc = (uint64_t)col64(st, 3, 0);
	s->in.uptime_ticks = (uint64_t)col64(st, 4, 0);
	s->in.tsc_hz = (uint64_t)col64(st, 5, 0);
	s->in.hz = (uint32_t)col64(st, 6, 0);
	sqlite3_finalize(st);
	return 0;
}

int mxd_load(sqlite3 *db, long long snap, struct mxd_snapshot *s, char *err, size_t errlen)
{
	static const char *const needed[] = { "snapshots", "boots", "processes", "privileges", "irq_hooks", "ipc_pairs",
					      "trace_status", "reg_tables", "reg_rows" };
	memset(s, 0, sizeof(*s));
	s->in.nprivs = s->in.nirqs = s->in.npairs = -1;
	for (size_t i = 0; i < sizeof(regtabs) / sizeof(regtabs[0]); i++)
		*(int *)((char *)&s->in + regtabs[i].off_count) = -1;
	for (int i = 0; i < N(needed); i++)
		if (!mxt_db_has(db, needed[i])) {
			snprintf(err, errlen, "the database has no '%s' table (not an MX run database of schema %d)", needed[i],
				 MXT_SCHEMA_VERSION);
			return -1;
		}
	if (snap < 0) {
		snap = mxt_db_latest_snapshot(db, "full");
		if (snap < 0) {
			snprintf(err, errlen, mxt_db_latest_snapshot(db, NULL) < 0 ? "the database has no snapshot"
				 : "the database has no full snapshot (only samples: choose one with --snap)");
			return -1;
		}
	}
	s->snap = snap;
	if (load_header(db, s, err, errlen) < 0 || load_procs(db, s, err, errlen) < 0)
		goto fail;
	if (s->in.nprocs == 0) {
		snprintf(err, errlen, "snapshot %lld is empty (no processes)", snap);
		goto fail;
	}
	if (load_privs(db, s, err, errlen) < 0 || load_irqs(db, s, err, errlen) < 0 ||
	    load_pairs(db, s, err, errlen) < 0 || load_trace(db, s, err, errlen) < 0)
		goto fail;
	/* A sample snapshot reads processes and counters only. */
	if (!strcmp(s->kind, "sample")) {
		if (!s->in.nprivs) {
			s->in.nprivs = -1;
			snprintf(s->why_missing[MXD_T_PRIVS], sizeof(s->why_missing[0]),
				 "snapshot %lld is a sample: it has no privileges", snap);
		}
		if (!s->in.nirqs) {
			s->in.nirqs = -1;
			snprintf(s->why_missing[MXD_T_IRQS], sizeof(s->why_missing[0]),
				 "snapshot %lld is a sample: it has no IRQ hooks", snap);
		}
	}
	for (size_t i = 0; i < sizeof(regtabs) / sizeof(regtabs[0]); i++)
		if (load_regtab(db, s, &regtabs[i], err, errlen) < 0)
			goto fail;
	return 0;
fail:
	mxd_free(s);
	return -1;
}

void mxd_free(struct mxd_snapshot *s)
{
	free(s->procs);
	free(s->privs);
	free(s->irqs);
	free(s->pairs);
	free(s->regions);
	free(s->pm);
	free(s->fproc);
	free(s->threads);
	free(s->locks);
	free(s->dmap);
	free(s->rs);
	free(s->ds);
	memset(s, 0, sizeof(*s));
}

const char *mxd_missing(const struct mxd_snapshot *s, int key, char *buf, size_t len)
{
	static const int uses[MX_DUMP_MAX][4] = {
		[MX_DUMP_PROCTAB] = { MXD_T_PROCS, -1 },
		[MX_DUMP_MEMMAP] = { MXD_T_REGIONS, -1 },
		[MX_DUMP_PRIVS] = { MXD_T_PRIVS, -1 },
		[MX_DUMP_IRQS] = { MXD_T_IRQS, -1 },
		[MX_DUMP_IPCSTATS] = { MXD_T_PAIRS, -1 },
		[MX_DUMP_TRACE] = { MXD_T_TRACE, -1 },
		[MX_DUMP_PM] = { MXD_T_PM, -1 },
		[MX_DUMP_VFS] = { MXD_T_FPROC, MXD_T_THREADS, MXD_T_LOCKS, -1 },
		[MX_DUMP_DMAP] = { MXD_T_DMAP, -1 },
		[MX_DUMP_RS] = { MXD_T_RS, -1 },
		[MX_DUMP_DS] = { MXD_T_DS, -1 },
		[MX_DUMP_VM] = { MXD_T_REGIONS, -1 },
	};
	buf[0] = 0;
	if (key <= 0 || key >= MX_DUMP_MAX)
		return buf;
	for (int i = 0; i < 4 && uses[key][i] >= 0; i++)
		if (s->why_missing[uses[key][i]][0]) {
			snprintf(buf, len, "%s", s->why_missing[uses[key][i]]);
			break;
		}
	return buf;
}
