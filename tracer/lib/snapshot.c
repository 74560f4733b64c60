/*
 * Snapshots (see mxt/snapshot.h).  Kernel structures are decoded only
 * through mx_info's field lists, looked up by name; a field the kernel
 * stops exporting becomes NULL in the database, never a wrong number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <mx/endpoint.h>
#include <mx/procflags.h>
#include "mxt/names.h"
#include "mxt/snapshot.h"
#include "mxt/target.h"
#include "mxt/vm.h"

#define MAX_ARRAY (64u << 20)

/* ---- reading ---------------------------------------------------------------- */

static int read_array(struct mxt_target *t, const struct mxt_info *in, const struct mxt_struct *s, uint8_t **out,
		      char *err)
{
	uint64_t len = (uint64_t)s->count * s->size;
	if (len == 0 || len > MAX_ARRAY)
		return mxt_errf(err, "mx_info: structure %s has an implausible size (%u x %u)", s->name, s->count, s->size);
	*out = malloc(len);
	if (!*out)
		return mxt_errf(err, "out of memory");
	if (mxt_read_phys(t, mxt_kva2pa(in, s->addr), *out, len) < 0)
		return mxt_errf(err, "reading %s[] at 0x%x: %s", s->name, s->addr, t->err);
	return 0;
}

static int read_obj(struct mxt_target *t, const struct mxt_info *in, uint32_t va, void *buf, size_t len,
		    const char *what, char *err)
{
	if (mxt_read_phys(t, mxt_kva2pa(in, va), buf, len) < 0)
		return mxt_errf(err, "reading %s at 0x%x: %s", what, va, t->err);
	return 0;
}

static void note(struct mxt_image *img, const char *what)
{
	size_t n = strlen(img->note);
	snprintf(img->note + n, sizeof(img->note) - n, "%s%s", n ? "; " : "", what);
}

/* Read one registered table through its owner's page tables. */
static void read_table(struct mxt_target *t, struct mxt_image *img, struct mxt_reg_image *r)
{
	const mx_table_desc *d = &r->ent.desc;
	const struct mxt_struct *ps = &img->proc_s;
	const mx_field *f_ep = mxt_field_find(ps->fields, ps->nfields, "p_endpoint");
	const mx_field *f_cr3 = mxt_field_find(ps->fields, ps->nfields, "p_cr3");
	const mx_field *f_rts = mxt_field_find(ps->fields, ps->nfields, "p_rts_flags");
	int slot = MX_EP_SLOT(r->ent.owner);
	if (!f_ep || !f_cr3) {
		mxt_errf(r->err, "mx_info exports no p_endpoint/p_cr3: cannot find the owner's address space");
		return;
	}
	if (slot >= (int)ps->count) {
		mxt_errf(r->err, "owner endpoint %d is not a process slot", r->ent.owner);
		return;
	}
	const uint8_t *p = img->proc + (size_t)slot * ps->size;
	int32_t ep = (int32_t)mxt_field_s(f_ep, p, 0);
	if ((f_rts && (mxt_field_u(f_rts, p, 0) & MX_RTS_SLOT_FREE)) || ep != r->ent.owner) {
		mxt_errf(r->err, "owner endpoint %d is gone (slot %d %s)", r->ent.owner, slot,
			 f_rts && (mxt_field_u(f_rts, p, 0) & MX_RTS_SLOT_FREE) ? "is free" : "was reused");
		return;
	}
	uint64_t len = (uint64_t)d->count * d->size;
	if (d->size == 0 || len > MAX_ARRAY) {
		mxt_errf(r->err, "implausible table size %u x %u", d->count, d->size);
		return;
	}
	r->data = malloc(len ? len : 1);
	if (!r->data) {
		mxt_errf(r->err, "out of memory");
		return;
	}
	uint32_t cr3 = (uint32_t)mxt_field_u(f_cr3, p, 0);
	if (mxt_read_virt(t, cr3, d->addr, r->data, len, r->err) < 0) {
		free(r->data);
		r->data = NULL;
		return;
	}
	r->len = len;
}

int mxt_image_read(struct mxt_target *t, const struct mxt_info *in, int what, struct mxt_image *img, char *err)
{
	memset(img, 0, sizeof(*img));
	img->info = *in;
	img->what = what;
	img->host_ns = mxt_now_ns();
	const mx_info *mi = &in->mi;
	if (mxt_info_struct(in, MX_SD_PROC, &img->proc_s, err) < 0 ||
	    read_array(t, in, &img->proc_s, &img->proc, err) < 0)
		return -1;
	if (mxt_info_struct(in, MX_SD_KINFO, &img->kinfo_s, err) == 0 &&
	    read_array(t, in, &img->kinfo_s, &img->kinfo, err) < 0)
		return -1;
	if (read_obj(t, in, mi->ring_addr, &img->ring_hdr, sizeof(img->ring_hdr), "the trace ring header", err) < 0 ||
	    read_obj(t, in, mi->uptime_addr, &img->uptime, sizeof(img->uptime), "the uptime", err) < 0 ||
	    read_obj(t, in, mi->cur_proc_addr, &img->cur_proc, sizeof(img->cur_proc), "the current process", err) < 0)
		return -1;
	if (what != MXT_IMG_FULL)
		return 0;

	if (mxt_info_struct(in, MX_SD_PRIV, &img->priv_s, err) == 0 &&
	    read_array(t, in, &img->priv_s, &img->priv, err) < 0)
		return -1;
	if (mxt_info_struct(in, MX_SD_IRQHOOK, &img->irq_s, err) == 0 &&
	    read_array(t, in, &img->irq_s, &img->irq, err) < 0)
		return -1;
	size_t pairs = (size_t)mi->nr_slots * mi->nr_slots * sizeof(uint32_t);
	if (mi->pairs_addr) {
		img->pairs = malloc(pairs);
		if (!img->pairs)
			return mxt_errf(err, "out of memory");
		if (read_obj(t, in, mi->pairs_addr, img->pairs, pairs, "the IPC pair matrix", err) < 0)
			return -1;
	}
	if (img->ring_hdr.magic == MX_TRACE_MAGIC && mi->ring_bytes >= sizeof(mx_trace_ring) && mi->ring_bytes <= MAX_ARRAY) {
		img->ring_len = mi->ring_bytes;
		img->ring = malloc(img->ring_len);
		if (!img->ring)
			return mxt_errf(err, "out of memory");
		if (read_obj(t, in, mi->ring_addr, img->ring, img->ring_len, "the trace ring", err) < 0)
			return -1;
		memcpy(&img->ring_hdr, img->ring, sizeof(img->ring_hdr));
	} else {
		note(img, "no trace ring (bad magic)");
	}
	if (mi->log_addr && (img->klog = malloc(sizeof(mx_klog))) &&
	    read_obj(t, in, mi->log_addr, img->klog, sizeof(mx_klog), "the kernel log", err) < 0)
		return -1;
	if (mi->boot_addr && (img->boot = malloc(sizeof(mx_bootinfo))) &&
	    read_obj(t, in, mi->boot_addr, img->boot, sizeof(mx_bootinfo), "the boot information", err) < 0)
		return -1;
	if (mi->registry_addr) {
		mx_registry reg;
		if (read_obj(t, in, mi->registry_addr, &reg, sizeof(reg), "the table registry", err) < 0)
			return -1;
		for (int i = 0; i < MX_REGISTRY_MAX; i++) {
			if (reg.ent[i].owner == MX_NONE)
				continue;
			struct mxt_reg_image *r = &img->reg[i];
			r->used = 1;
			r->ent = reg.ent[i];
			r->ent.desc.name[sizeof(r->ent.desc.name) - 1] = 0;
			if (r->ent.desc.nfields > MX_TABLE_MAXFIELDS)
				r->ent.desc.nfields = MX_TABLE_MAXFIELDS;
			read_table(t, img, r);
		}
	}
	return 0;
}

void mxt_image_free(struct mxt_image *img)
{
	free(img->proc);
	free(img->priv);
	free(img->irq);
	free(img->kinfo);
	free(img->pairs);
	free(img->ring);
	free(img->klog);
	free(img->boot);
	for (int i = 0; i < MX_REGISTRY_MAX; i++)
		free(img->reg[i].data);
	memset(img, 0, sizeof(*img));
}

struct mxt_target *mxt_image_ring_target(struct mxt_image *img, char *err)
{
	if (!img->ring) {
		mxt_errf(err, "the snapshot holds no trace ring");
		return NULL;
	}
	struct mxt_target *t = mxt_mem_open(img->ring, img->ring_len, mxt_kva2pa(&img->info, img->info.mi.ring_addr), 0, err);
	if (t)
		t->source = "snapshot";
	return t;
}

/* ---- writing ---------------------------------------------------------------- */

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	return 0;
}

static int step(sqlite3 *db, sqlite3_stmt *st, char *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	return 0;
}

/* Bind field f of elem (NULL if the kernel does not export it). */
static void bind_u(sqlite3_stmt *st, int i, const mx_field *f, const void *elem)
{
	if (f)
		sqlite3_bind_int64(st, i, (int64_t)mxt_field_u(f, elem, 0));
	else
		sqlite3_bind_null(st, i);
}

static void bind_s(sqlite3_stmt *st, int i, const mx_field *f, const void *elem)
{
	if (f)
		sqlite3_bind_int64(st, i, mxt_field_s(f, elem, 0));
	else
		sqlite3_bind_null(st, i);
}

/* An endpoint field, NULL when it holds MX_NONE (or ANY if any_null). */
static void bind_ep(sqlite3_stmt *st, int i, const mx_field *f, const void *elem, int any_null)
{
	int32_t ep = f ? (int32_t)mxt_field_s(f, elem, 0) : MX_NONE;
	if (ep == MX_NONE || (any_null && ep == MX_ANY))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int(st, i, ep);
}

#define F(s, name) mxt_field_find((s)->fields, (s)->nfields, name)

/* The field if it fits the element, else NULL. */
static const mx_field *field(const struct mxt_struct *s, const char *name)
{
	const mx_field *f = F(s, name);
	return f && mxt_field_valid(f, s->size) ? f : NULL;
}

static int write_procs(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	const struct mxt_struct *s = &img->proc_s, *ps = &img->priv_s;
	const mx_field *ep = field(s, "p_endpoint"), *name = field(s, "p_name"), *rts = field(s, "p_rts_flags"),
		*misc = field(s, "p_misc_flags"), *sendto = field(s, "p_sendto"), *getfrom = field(s, "p_getfrom"),
		*block = field(s, "p_block_tsc"), *mtype = field(s, "p_sendmsg_type"), *prio = field(s, "p_priority"),
		*quantum = field(s, "p_quantum"), *ut = field(s, "p_user_ticks"), *st_ = field(s, "p_sys_ticks"),
		*cycles = field(s, "p_cycles"), *sent = field(s, "p_sent"), *recvd = field(s, "p_recvd"),
		*notifies = field(s, "p_notifies"), *kcalls = field(s, "p_kcalls"), *privp = field(s, "p_priv"),
		*parent = field(s, "p_parent"), *tracer = field(s, "p_tracer"), *eip = field(s, "eip"),
		*esp = field(s, "esp"), *cr3 = field(s, "p_cr3");
	if (!ep || !rts)
		return mxt_errf(err, "mx_info: proc exports no p_endpoint or p_rts_flags");
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, misc, "
		 "blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent, received, notifies, "
		 "kcalls, priv_id, parent, pid, traced_by, eip, esp, cr3, running) VALUES "
		 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?)", &st, err) < 0)
		return -1;
	uint32_t cur_slot = img->cur_proc >= img->proc_s.addr && img->proc_s.size
		? (img->cur_proc - img->proc_s.addr) / img->proc_s.size : UINT32_MAX;
	for (uint32_t slot = 0; slot < s->count; slot++) {
		const uint8_t *p = img->proc + (size_t)slot * s->size;
		uint32_t r = (uint32_t)mxt_field_u(rts, p, 0), m = misc ? (uint32_t)mxt_field_u(misc, p, 0) : 0;
		if (r & MX_RTS_SLOT_FREE)
			continue;
		char nm[64] = "", rl[MXT_FLAGS_MAX], ml[MXT_FLAGS_MAX];
		if (name)
			mxt_field_str(name, p, nm, sizeof(nm));
		for (char *c = nm; *c; c++)
			if ((unsigned char)*c < 32 || (unsigned char)*c >= 127)
				*c = '?';
		mxt_rts_letters(r, rl);
		mxt_misc_letters(m, ml);
		const char *state = mxt_proc_state(r, m);
		int blocked = !strcmp(state, "SEND") || !strcmp(state, "RECV") || !strcmp(state, "REPLY-WAIT");
		int i = 1;
		sqlite3_bind_int64(st, i++, snap);
		sqlite3_bind_int(st, i++, (int)slot);
		bind_s(st, i++, ep, p);
		sqlite3_bind_text(st, i++, nm, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, i++, state, -1, SQLITE_STATIC);
		if (!strcmp(state, "SEND"))
			bind_ep(st, i++, sendto, p, 0);
		else if (!strcmp(state, "RECV") || !strcmp(state, "REPLY-WAIT"))
			bind_ep(st, i++, getfrom, p, 1);
		else
			sqlite3_bind_null(st, i++);
		sqlite3_bind_int64(st, i++, r);
		sqlite3_bind_text(st, i++, rl, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, i++, m);
		sqlite3_bind_text(st, i++, ml, -1, SQLITE_TRANSIENT);
		if (blocked)
			bind_u(st, i++, block, p);
		else
			sqlite3_bind_null(st, i++);
		if (!strcmp(state, "SEND"))
			bind_s(st, i++, mtype, p);
		else
			sqlite3_bind_null(st, i++);
		bind_u(st, i++, prio, p);
		bind_u(st, i++, quantum, p);
		bind_u(st, i++, ut, p);
		bind_u(st, i++, st_, p);
		bind_u(st, i++, cycles, p);
		bind_u(st, i++, sent, p);
		bind_u(st, i++, recvd, p);
		bind_u(st, i++, notifies, p);
		bind_u(st, i++, kcalls, p);
		uint32_t pp = privp ? (uint32_t)mxt_field_u(privp, p, 0) : 0;
		if (pp && ps->size && pp >= ps->addr && pp < ps->addr + ps->count * ps->size)
			sqlite3_bind_int(st, i++, (int)((pp - ps->addr) / ps->size));
		else
			sqlite3_bind_null(st, i++);
		bind_ep(st, i++, parent, p, 1);
		bind_ep(st, i++, tracer, p, 1);
		bind_u(st, i++, eip, p);
		bind_u(st, i++, esp, p);
		bind_u(st, i++, cr3, p);
		sqlite3_bind_int(st, i++, slot == cur_slot);
		if (step(db, st, err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The endpoint in proc slot, or MX_NONE if the slot is free or out of range. */
static int32_t slot_ep(const struct mxt_image *img, int64_t slot)
{
	const struct mxt_struct *s = &img->proc_s;
	const mx_field *ep = field(s, "p_endpoint"), *rts = field(s, "p_rts_flags");
	if (slot < 0 || slot >= s->count || !ep)
		return MX_NONE;
	const uint8_t *p = img->proc + (size_t)slot * s->size;
	if (rts && (mxt_field_u(rts, p, 0) & MX_RTS_SLOT_FREE))
		return MX_NONE;
	return (int32_t)mxt_field_s(ep, p, 0);
}

static void bits_hex(const mx_field *f, const void *elem, char *out, size_t room)
{
	size_t n = f ? (size_t)f->size * (f->count ? f->count : 1) : 0;
	if (2 * n + 1 > room)
		n = (room - 1) / 2;
	mxt_hex((const uint8_t *)elem + (f ? f->offset : 0), n, out);
}

static int write_privs(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	const struct mxt_struct *s = &img->priv_s;
	if (!img->priv)
		return 0;
	const mx_field *id = field(s, "s_id"), *procnr = field(s, "s_proc_nr"), *flags = field(s, "s_flags"),
		*trap = field(s, "s_trap_mask"), *kc = field(s, "s_kcall_mask"), *ipc_to = field(s, "s_ipc_to"),
		*sig = field(s, "s_sig_mgr"), *irq = field(s, "s_irq_mask"), *iob = field(s, "s_io_base"),
		*iol = field(s, "s_io_len"), *notify = field(s, "s_notify_pending");
	if (!flags)
		return mxt_errf(err, "mx_info: priv exports no s_flags");
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO privileges (snap_id, priv_id, endpoint, flags, flag_letters, trap_mask, kcall_mask, "
		 "ipc_to, sig_mgr, irq_mask, io_ranges, notify_pending) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	for (uint32_t i = 0; i < s->count; i++) {
		const uint8_t *p = img->priv + (size_t)i * s->size;
		uint32_t fl = (uint32_t)mxt_field_u(flags, p, 0);
		if (fl == 0 && i != 0)
			continue;                       /* free (priv 0, shared by users, is always in use) */
		char letters[MXT_FLAGS_MAX], hex[512], nhex[512], io[128] = "";
		mxt_priv_letters(fl, letters);
		bits_hex(ipc_to, p, hex, sizeof(hex));
		bits_hex(notify, p, nhex, sizeof(nhex));
		if (iob && iol)
			for (int k = 0; k < iob->count && k < iol->count; k++) {
				uint64_t len = mxt_field_u(iol, p, k);
				if (len)
					snprintf(io + strlen(io), sizeof(io) - strlen(io), "%s0x%llx:%llu", io[0] ? "," : "",
						 (unsigned long long)mxt_field_u(iob, p, k), (unsigned long long)len);
			}
		int64_t pn = procnr ? mxt_field_s(procnr, p, 0) : -1;
		int32_t owner = slot_ep(img, pn);
		sqlite3_bind_int64(st, 1, snap);
		sqlite3_bind_int64(st, 2, id ? mxt_field_s(id, p, 0) : (int64_t)i);
		if (pn >= 0 && owner != MX_NONE)
			sqlite3_bind_int(st, 3, owner);
		sqlite3_bind_int64(st, 4, fl);
		sqlite3_bind_text(st, 5, letters, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, trap ? (int64_t)mxt_field_u(trap, p, 0) : 0);
		sqlite3_bind_int64(st, 7, kc ? (int64_t)mxt_field_u(kc, p, 0) : 0);
		sqlite3_bind_text(st, 8, hex, -1, SQLITE_TRANSIENT);
		bind_ep(st, 9, sig, p, 0);
		bind_u(st, 10, irq, p);
		if (io[0])
			sqlite3_bind_text(st, 11, io, -1, SQLITE_TRANSIENT);
		if (notify)
			sqlite3_bind_text(st, 12, nhex, -1, SQLITE_TRANSIENT);
		if (step(db, st, err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int write_irqs(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	const struct mxt_struct *s = &img->irq_s;
	if (!img->irq)
		return 0;
	const mx_field *irq = field(s, "irq"), *ep = field(s, "ep"), *pol = field(s, "policy"),
		*nid = field(s, "notify_id"), *act = field(s, "active");
	if (!irq || !ep)
		return mxt_errf(err, "mx_info: irqhook exports no irq or ep");
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO irq_hooks (snap_id, hook, irq, endpoint, policy, notify_id, active) VALUES (?,?,?,?,?,?,?)",
		 &st, err) < 0)
		return -1;
	for (uint32_t i = 0; i < s->count; i++) {
		const uint8_t *p = img->irq + (size_t)i * s->size;
		if (mxt_field_s(irq, p, 0) < 0)
			continue;
		sqlite3_bind_int64(st, 1, snap);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_int64(st, 3, mxt_field_s(irq, p, 0));
		sqlite3_bind_int64(st, 4, mxt_field_s(ep, p, 0));
		sqlite3_bind_int64(st, 5, pol ? (int64_t)mxt_field_u(pol, p, 0) : 0);
		sqlite3_bind_int64(st, 6, nid ? (int64_t)mxt_field_u(nid, p, 0) : 0);
		sqlite3_bind_int64(st, 7, act ? (int64_t)mxt_field_u(act, p, 0) : 0);
		if (step(db, st, err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int write_pairs(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	if (!img->pairs)
		return 0;
	uint32_t n = img->info.mi.nr_slots;
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO ipc_pairs (snap_id, src_slot, dst_slot, src, dst, count) VALUES (?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	for (uint32_t a = 0; a < n; a++)
		for (uint32_t b = 0; b < n; b++) {
			uint32_t c = img->pairs[(size_t)a * n + b];
			if (!c)
				continue;
			int32_t sa = slot_ep(img, a), sb = slot_ep(img, b);
			sqlite3_bind_int64(st, 1, snap);
			sqlite3_bind_int(st, 2, (int)a);
			sqlite3_bind_int(st, 3, (int)b);
			if (sa != MX_NONE)
				sqlite3_bind_int(st, 4, sa);
			if (sb != MX_NONE)
				sqlite3_bind_int(st, 5, sb);
			sqlite3_bind_int64(st, 6, c);
			if (step(db, st, err) < 0) {
				sqlite3_finalize(st);
				return -1;
			}
		}
	sqlite3_finalize(st);
	return 0;
}

static int write_trace_status(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	const mx_trace_ring *r = &img->ring_hdr;
	if (r->magic != MX_TRACE_MAGIC)
		return 0;
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO trace_status (snap_id, ctl, kinds, nrecs, head, filtered, overwritten, off_skipped, "
		 "ep_filter) VALUES (?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, snap);
	sqlite3_bind_int64(st, 2, r->ctl);
	sqlite3_bind_int64(st, 3, r->kinds);
	sqlite3_bind_int64(st, 4, r->nrecs);
	sqlite3_bind_int64(st, 5, (int64_t)r->head);
	sqlite3_bind_int64(st, 6, (int64_t)r->filtered);
	sqlite3_bind_int64(st, 7, (int64_t)r->overwritten);
	sqlite3_bind_int64(st, 8, (int64_t)r->off_skipped);
	if (r->ctl & MX_TCTL_EPFILT) {
		char hex[2 * sizeof(r->ep_filter) + 1];
		mxt_hex(r->ep_filter, sizeof(r->ep_filter), hex);
		sqlite3_bind_text(st, 9, hex, -1, SQLITE_TRANSIENT);
	}
	int rc = step(db, st, err);
	sqlite3_finalize(st);
	return rc;
}

static int write_kinfo(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	static const char *const cols[] = { "uptime_ticks", "ipc_calls", "kcalls", "switches", "irqs", "pgfaults",
		"ipc_errors", "kcall_errors", "nr_procs_live", "mem_total_frames", "mem_free_frames" };
	if (!img->kinfo)
		return 0;
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO kinfo (snap_id, uptime_ticks, ipc_calls, kcalls, switches, irqs, pgfaults, ipc_errors, "
		 "kcall_errors, nr_procs_live, mem_total_frames, mem_free_frames) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, snap);
	for (int i = 0; i < 11; i++)
		bind_u(st, 2 + i, field(&img->kinfo_s, cols[i]), img->kinfo);
	int rc = step(db, st, err);
	sqlite3_finalize(st);
	return rc;
}

static int write_tables(sqlite3 *db, int64_t snap, const struct mxt_image *img, char *err)
{
	sqlite3_stmt *tt, *rr;
	if (prep(db, "INSERT OR REPLACE INTO reg_tables (snap_id, name, owner, addr, count, size, fields, error) "
		 "VALUES (?,?,?,?,?,?,?,?)", &tt, err) < 0)
		return -1;
	if (prep(db, "INSERT OR REPLACE INTO reg_rows (snap_id, name, idx, data) VALUES (?,?,?,?)", &rr, err) < 0) {
		sqlite3_finalize(tt);
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < MX_REGISTRY_MAX && rc == 0; i++) {
		const struct mxt_reg_image *r = &img->reg[i];
		if (!r->used)
			continue;
		const mx_table_desc *d = &r->ent.desc;
		json_t *fj = mxt_fields_json(d->fields, (int)d->nfields);
		char *fields = json_dumps(fj, JSON_COMPACT);
		json_decref(fj);
		sqlite3_bind_int64(tt, 1, snap);
		sqlite3_bind_text(tt, 2, d->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(tt, 3, r->ent.owner);
		sqlite3_bind_int64(tt, 4, d->addr);
		sqlite3_bind_int64(tt, 5, d->count);
		sqlite3_bind_int64(tt, 6, d->size);
		sqlite3_bind_text(tt, 7, fields ? fields : "[]", -1, SQLITE_TRANSIENT);
		if (!r->data)
			sqlite3_bind_text(tt, 8, r->err, -1, SQLITE_TRANSIENT);
		free(fields);
		rc = step(db, tt, err);
		for (uint32_t k = 0; rc == 0 && r->data && k < d->count; k++) {
			json_t *o = mxt_entry_json(d->fields, (int)d->nfields, r->data + (size_t)k * d->size, d->size);
			char *text = json_dumps(o, JSON_COMPACT);
			json_decref(o);
			sqlite3_bind_int64(rr, 1, snap);
			sqlite3_bind_text(rr, 2, d->name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(rr, 3, (int)k);
			sqlite3_bind_text(rr, 4, text ? text : "{}", -1, SQLITE_TRANSIENT);
			free(text);
			rc = step(db, rr, err);
		}
	}
	sqlite3_finalize(tt);
	sqlite3_finalize(rr);
	if (rc == 0) {
		/* PIDs from PM's table, when PM registered it. */
		char *q = sqlite3_mprintf(
			"UPDATE processes SET pid = (SELECT json_extract(r.data, '$.pid') FROM reg_rows r "
			"WHERE r.snap_id = %lld AND r.name = 'pm.procs' AND json_extract(r.data, '$.ep') = processes.endpoint "
			"AND json_extract(r.data, '$.pid') > 0) WHERE snap_id = %lld", (long long)snap, (long long)snap);
		if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK)
			rc = mxt_errf(err, "%s", sqlite3_errmsg(db));
		sqlite3_free(q);
	}
	return rc;
}

static int write_klog(sqlite3 *db, int64_t boot, const struct mxt_image *img, char *err)
{
	const mx_klog *k = img->klog;
	if (!k || k->size != MX_KLOG_SIZE)
		return 0;
	char now[32];
	mxt_iso_now(now);
	sqlite3_stmt *st;
	if (prep(db, "INSERT OR IGNORE INTO log (boot_id, source, pos, received_at, text) VALUES (?, 'klog', ?, ?, ?)", &st, err) < 0)
		return -1;
	uint64_t end = k->next, start = end > MX_KLOG_SIZE ? end - MX_KLOG_SIZE : 0;
	/* A line cut by the wrap is skipped: start at the first whole line. */
	if (start > 0) {
		while (start < end && k->buf[start % MX_KLOG_SIZE] != '\n')
			start++;
		start++;
	}
	char line[1024];
	size_t n = 0;
	uint64_t line_pos = start;
	int rc = 0;
	for (uint64_t i = start; i < end && rc == 0; i++) {
		char c = k->buf[i % MX_KLOG_SIZE];
		if (c == '\n') {
			line[n] = 0;
			if (n) {
				sqlite3_bind_int64(st, 1, boot);
				sqlite3_bind_int64(st, 2, (int64_t)line_pos);
				sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 4, line, -1, SQLITE_TRANSIENT);
				rc = step(db, st, err);
			}
			n = 0;
			line_pos = i + 1;
		} else if (c != '\r' && n + 1 < sizeof(line)) {
			line[n++] = ((unsigned char)c < 32 && c != '\t') || (unsigned char)c >= 127 ? '?' : c;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int mxt_snapshot_write(sqlite3 *db, int64_t boot_id, const struct mxt_image *img, const struct mxt_snap_meta *m,
		       int64_t *snap_id, char *err)
{
	char now[32];
	mxt_iso_now(now);
	sqlite3_stmt *st;
	if (prep(db, "INSERT INTO snapshots (boot_id, kind, taken_at, host_ns, tsc, uptime_ticks, trace_head, stopped_us, "
		 "source, note) VALUES (?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	const mx_trace_ring *r = &img->ring_hdr;
	sqlite3_bind_int64(st, 1, boot_id);
	sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)img->host_ns);
	if (img->ring && r->head > 0 && r->nrecs) {
		const mx_trace_rec *last = (const mx_trace_rec *)(img->ring + sizeof(mx_trace_ring)) + ((r->head - 1) & (r->nrecs - 1));
		sqlite3_bind_int64(st, 5, (int64_t)last->tsc);
	}
	sqlite3_bind_int64(st, 6, (int64_t)img->uptime);
	if (r->magic == MX_TRACE_MAGIC)
		sqlite3_bind_int64(st, 7, (int64_t)r->head);
	if (m->stopped_us >= 0)
		sqlite3_bind_int64(st, 8, m->stopped_us);
	sqlite3_bind_text(st, 9, m->source, -1, SQLITE_STATIC);
	char notes[2 * MXT_ERRLEN];
	snprintf(notes, sizeof(notes), "%s%s%s", m->note ? m->note : "", m->note && img->note[0] ? "; " : "", img->note);
	if (notes[0])
		sqlite3_bind_text(st, 10, notes, -1, SQLITE_TRANSIENT);
	int rc = step(db, st, err);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	int64_t snap = sqlite3_last_insert_rowid(db);
	if (snap_id)
		*snap_id = snap;
	if (write_procs(db, snap, img, err) < 0 || write_kinfo(db, snap, img, err) < 0 ||
	    write_trace_status(db, snap, img, err) < 0)
		return -1;
	if (img->what != MXT_IMG_FULL)
		return 0;
	if (write_privs(db, snap, img, err) < 0 || write_irqs(db, snap, img, err) < 0 ||
	    write_pairs(db, snap, img, err) < 0 || write_tables(db, snap, img, err) < 0 ||
	    write_klog(db, boot_id, img, err) < 0)
		return -1;
	return 0;
}

/* ---- boots ---------------------------------------------------------------------- */

int mxt_meta_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

uint64_t mxt_bucket_ticks(sqlite3 *db, const struct mxt_info *in)
{
	return mxt_bucket_ticks_hz(db, in ? in->mi.tsc_hz : 0);
}

uint64_t mxt_bucket_ticks_hz(sqlite3 *db, uint64_t tsc_hz)
{
	sqlite3_stmt *st;
	uint64_t v = 0;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'bucket_ticks'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (v)
		return v;
	v = tsc_hz >= 10 ? tsc_hz / 10 : 100000000;
	char buf[32];
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	mxt_meta_set(db, "bucket_ticks", buf);
	return v;
}

/* The first column of the first row of sql with ?1 = a, ?2 = b (if used), or dflt. */
static int64_t query_i64(sqlite3 *db, const char *sql, int64_t a, int64_t b, int64_t dflt)
{
	sqlite3_stmt *st;
	int64_t v = dflt;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return dflt;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int mxt_boot_open(sqlite3 *db, const struct mxt_info *in, const mx_trace_ring *ring, const mx_bootinfo *bi,
		  const char *source, const char *kernel_path, struct mxt_boot *b, char *err)
{
	char bid[41];
	mxt_hex(in->mi.build_id, in->mi.build_id_len, bid);
	sqlite3_stmt *st;
	memset(b, 0, sizeof(*b));
	if (ring) {
		if (prep(db, "SELECT boot_id FROM boots WHERE build_id = ? AND tsc_boot = ?", &st, err) < 0)
			return -1;
		sqlite3_bind_text(st, 1, bid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (int64_t)ring->tsc_boot);
		if (sqlite3_step(st) == SQLITE_ROW) {
			b->boot_id = sqlite3_column_int64(st, 0);
			b->existing = 1;
		}
		sqlite3_finalize(st);
	}
	if (b->existing) {
		int64_t lo = b->boot_id << 40, hi = lo | ((1ll << 40) - 1);
		int64_t ev = query_i64(db, "SELECT max(id) FROM events WHERE id BETWEEN ? AND ?", lo, hi, -1);
		int64_t ls = query_i64(db, "SELECT max(first_seq + count) FROM losses WHERE boot_id = ?", b->boot_id, 0, -1);
		uint64_t next = ev >= 0 ? (uint64_t)(ev - lo) + 1 : 0;
		if (ls > 0 && (uint64_t)ls > next)
			next = (uint64_t)ls;
		b->next_seq = next;
		return 0;
	}
	char now[32];
	mxt_iso_now(now);
	if (prep(db, "INSERT INTO boots (started_at, source, kernel, build_id, release, tsc_hz, hz, nr_slots, cmdline, "
		 "tsc_boot, ring_nrecs) VALUES (?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	if (kernel_path)
		sqlite3_bind_text(st, 3, kernel_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, bid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->mi.release, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (int64_t)in->mi.tsc_hz);
	sqlite3_bind_int64(st, 7, in->mi.hz);
	sqlite3_bind_int64(st, 8, in->mi.nr_slots);
	char cmdline[sizeof(bi->cmdline) + 1] = "";
	if (bi) {
		memcpy(cmdline, bi->cmdline, sizeof(bi->cmdline));
		cmdline[sizeof(bi->cmdline)] = 0;
		sqlite3_bind_text(st, 9, cmdline, -1, SQLITE_STATIC);
	}
	if (ring) {
		sqlite3_bind_int64(st, 10, (int64_t)ring->tsc_boot);
		sqlite3_bind_int64(st, 11, ring->nrecs);
	}
	int rc = step(db, st, err);
	sqlite3_finalize(st);
	if (rc < 0)
		return -1;
	b->boot_id = sqlite3_last_insert_rowid(db);
	if (!bi)
		return 0;
	if (prep(db, "INSERT OR REPLACE INTO boot_modules (boot_id, idx, name, cmdline, start_pa, end_pa, endpoint, entry, "
		 "text_lo, text_hi, data_lo, data_hi, stack_lo, stack_hi) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err) < 0)
		return -1;
	for (uint32_t i = 0; i < bi->nmods && i < MX_BOOT_MAXMODS && rc == 0; i++) {
		const mx_bootmod *m = &bi->mods[i];
		char name[sizeof(m->name) + 1], cmd[sizeof(m->cmdline) + 1];
		memcpy(name, m->name, sizeof(m->name));
		name[sizeof(m->name)] = 0;
		memcpy(cmd, m->cmdline, sizeof(m->cmdline));
		cmd[sizeof(m->cmdline)] = 0;
		sqlite3_bind_int64(st, 1, b->boot_id);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, cmd, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, m->start);
		sqlite3_bind_int64(st, 6, m->end);
		if (m->ep != MX_NONE)
			sqlite3_bind_int(st, 7, m->ep);
		sqlite3_bind_int64(st, 8, m->entry);
		sqlite3_bind_int64(st, 9, m->text_lo);
		sqlite3_bind_int64(st, 10, m->text_hi);
		sqlite3_bind_int64(st, 11, m->data_lo);
		sqlite3_bind_int64(st, 12, m->data_hi);
		sqlite3_bind_int64(st, 13, m->stack_lo);
		sqlite3_bind_int64(st, 14, m->stack_hi);
		rc = step(db, st, err);
	}
	sqlite3_finalize(st);
	return rc;
}

int mxt_boot_end(sqlite3 *db, int64_t boot_id, const char *reason, char *err)
{
	char now[32];
	mxt_iso_now(now);
	sqlite3_stmt *st;
	if (prep(db, "UPDATE boots SET ended_at = ?, end_reason = ? WHERE boot_id = ?", &st, err) < 0)
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, boot_id);
	int rc = step(db, st, err);
	sqlite3_finalize(st);
	return rc;
}
