/*
 * libdump: the servers' dumps (shifted keys): PM, VFS (processes, threads,
 * locks), the device map, RS, DS and VM.  They read the tables the servers
 * register (mx/tables.h), free entries included, in table order.
 * Formats are documented in docs/dumps.md.
 */
#include <stdio.h>
#include <string.h>
#include "dumpint.h"

/* ---- S-F1: PM ------------------------------------------------------------------ */

int dump_pm(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t bits[] = { MX_PMF_INUSE, MX_PMF_ZOMBIE, MX_PMF_WAITING, MX_PMF_STOPPED,
					 MX_PMF_TRACED, MX_PMF_SYSTEM, MX_PMF_PAUSED, MX_PMF_EXITING, MX_PMF_SLEEPING };
	char ep[24], name[24], fl[DUMP_FLAGS_MAX];
	dump_title(o, MX_DUMP_PM);
	if (in->npm < 0)
		return dump_unavailable(o, "pm.procs");
	dump_printf(o, "%5s %-8s %-15s %5s %5s %5s %-9s %-8s %-8s %6s %6s\n", "pid", "endpoint", "name", "ppid", "pgrp",
		    "uid", "flags", "sig-pend", "sig-mask", "exit", "tracer");
	for (int i = 0; i < in->npm; i++) {
		const mx_pm_proc_ent *p = &in->pm[i];
		if (!p->pid)
			continue;
		dump_printf(o, "%5d %-8s %-15s %5d %5d %5d %-9s %08x %08x %6d %6d\n", (int)p->pid,
			    dump_ep_str(p->ep, ep, sizeof(ep)), DUMP_CSTR(p->name, name), (int)p->ppid, (int)p->pgrp,
			    (int)p->uid, dump_letters(p->flags, bits, "UZWTtYPXS", 9, fl), (unsigned)p->sig_pending,
			    (unsigned)p->sig_mask, (int)p->exit_status, (int)p->tracer);
	}
	return DUMP_OK;
}

/* ---- S-F2: VFS processes, threads and locks ------------------------------------ */

static const char *thread_state(uint32_t s)
{
	switch (s) {
#define T(name, num, text) case num: return text;
	MX_THREAD_STATES(T)
#undef T
	}
	return "?";
}

static const char *lock_mode(uint32_t m)
{
	switch (m) {
#define M(name, num, text) case num: return text;
	MX_LOCK_MODES(M)
#undef M
	}
	return "?";
}

static const char *lock_kind(uint32_t k)
{
	switch (k) {
#define K(name, num, text) case num: return text;
	MX_LOCK_KINDS(K)
#undef K
	}
	return "?";
}

static const char *blocked_on(int32_t b)
{
	switch (b) {
	case 0: return "-";
	case MX_FPB_PIPE: return "pipe";
	case MX_FPB_DEV: return "dev";
	case MX_FPB_SELECT: return "select";
	case MX_FPB_LOCK: return "lock";
	}
	return "?";
}

static const char *lock_name(const struct dump_input *in, int32_t id, char *buf, size_t len)
{
	char nb[24];
	for (int i = 0; in->nlocks > 0 && i < in->nlocks; i++)
		if (in->locks[i].id == id && id >= 0) {
			snprintf(buf, len, "%s", DUMP_CSTR(in->locks[i].name, nb));
			if (buf[0])
				return buf;
		}
	snprintf(buf, len, "lock %d", (int)id);
	return buf;
}

static const char *request_name(int32_t req, char *buf, size_t len)
{
	const char *n = dump_msgtype_name(req);
	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "%d", (int)req);
	return buf;
}

static uint64_t since_tsc(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

static void vfs_procs(const struct dump_input *in, struct dump_out *o)
{
	char ep[24], name[24], on[24], wk[16];
	dump_printf(o, "Processes\n%-8s %-15s %5s %4s %-7s %-15s %6s %8s\n", "endpoint", "name", "pid", "fds",
		    "blocked", "on", "worker", "cwd-ino");
	if (in->nfproc < 0) {
		dump_unavailable(o, "vfs.fproc");
		return;
	}
	for (int i = 0; i < in->nfproc; i++) {
		const mx_fproc_ent *f = &in->fproc[i];
		if (f->ep == MX_NONE)
			continue;
		if (f->worker >= 0)
			snprintf(wk, sizeof(wk), "%d", (int)f->worker);
		else
			snprintf(wk, sizeof(wk), "-");
		dump_printf(o, "%-8s %-15s %5d %4u %-7s %-15s %6s %8u\n", dump_ep_str(f->ep, ep, sizeof(ep)),
			    dump_ep_name(in, f->ep, name, sizeof(name)), (int)f->pid, (unsigned)f->nfds,
			    blocked_on(f->blocked_on), f->blocked_on ? dump_ep_name(in, f->blocked_ep, on, sizeof(on)) : "-",
			    wk, (unsigned)f->cwd_ino);
	}
}

static void vfs_threads(const struct dump_input *in, struct dump_out *o)
{
	char name[16], client[24], req[24], lk[32], ipc[24], ms[24];
	dump_printf(o, "\nThreads\n%3s %-11s %-9s %-15s %-16s %-20s %-4s %-15s %8s\n", "tid", "name", "state", "client",
		    "request", "lock-wait", "mode", "ipc-wait", "since-ms");
	if (in->nthreads < 0) {
		dump_unavailable(o, "vfs.threads");
		return;
	}
	for (int i = 0; i < in->nthreads; i++) {
		const mx_thread_ent *t = &in->threads[i];
		if (t->tid < 0)
			continue;
		int has_client = t->client != MX_NONE;
		int waits_lock = t->lock_wait >= 0;
		dump_printf(o, "%3d %-11s %-9s %-15s %-16s %-20s %-4s %-15s %8s\n", (int)t->tid, DUMP_CSTR(t->name, name),
			    thread_state(t->state), has_client ? dump_ep_name(in, t->client, client, sizeof(client)) : "-",
			    has_client ? request_name(t->req, req, sizeof(req)) : "-",
			    waits_lock ? lock_name(in, t->lock_wait, lk, sizeof(lk)) : "-",
			    waits_lock ? lock_mode(t->lock_mode) : "-",
			    t->ipc_wait != MX_NONE ? dump_ep_name(in, t->ipc_wait, ipc, sizeof(ipc)) : "-",
			    dump_ms(in, since_tsc(t->since_lo, t->since_hi), ms, sizeof(ms)));
	}
}

static void vfs_locks(const struct dump_input *in, struct dump_out *o)
{
	char name[24], owner[16], holders[48], ms[24];
	dump_printf(o, "\nLocks\n%4s %-20s %-5s %8s %-4s %5s %7s %-16s %7s %8s\n", "id", "name", "kind", "obj", "mode",
		    "owner", "readers", "holders", "waiters", "since-ms");
	if (in->nlocks < 0) {
		dump_unavailable(o, "vfs.locks");
		return;
	}
	for (int i = 0; i < in->nlocks; i++) {
		const mx_lock_ent *l = &in->locks[i];
		if (l->id < 0)
			continue;
		size_t n = 0;
		holders[0] = 0;
		for (int t = 0; t < 32 && n < sizeof(holders); t++)
			if ((l->holders >> t) & 1)
				n += (size_t)snprintf(holders + n, sizeof(holders) - n, "%s%d", n ? "," : "", t);
		if (l->owner >= 0)
			snprintf(owner, sizeof(owner), "%d", (int)l->owner);
		else
			snprintf(owner, sizeof(owner), "-");
		dump_printf(o, "%4d %-20s %-5s %8u %-4s %5s %7u %-16s %7u %8s\n", (int)l->id, DUMP_CSTR(l->name, name),
			    lock_kind(l->kind), (unsigned)l->obj, lock_mode(l->mode), owner, (unsigned)l->readers,
			    n ? holders : "-", (unsigned)l->waiters,
			    l->mode != MX_LM_NONE ? dump_ms(in, since_tsc(l->since_lo, l->since_hi), ms, sizeof(ms)) : "-");
	}
}

int dump_vfs(const struct dump_input *in, struct dump_out *o)
{
	dump_title(o, MX_DUMP_VFS);
	vfs_procs(in, o);
	vfs_threads(in, o);
	vfs_locks(in, o);
	return in->nfproc < 0 || in->nthreads < 0 || in->nlocks < 0 ? DUMP_UNAVAILABLE : DUMP_OK;
}

/* ---- S-F3: device map ----------------------------------------------------------- */

int dump_dmap(const struct dump_input *in, struct dump_out *o)
{
	char ep[24], label[24], fl[32];
	dump_title(o, MX_DUMP_DMAP);
	if (in->ndmap < 0)
		return dump_unavailable(o, "vfs.dmap");
	dump_printf(o, "%5s %-8s %-15s %s\n", "major", "driver", "label", "flags");
	for (int i = 0; i < in->ndmap; i++) {
		const mx_dmap_ent *d = &in->dmap[i];
		if (d->major < 0)
			continue;
		size_t n = 0;
		fl[0] = 0;
		if (d->flags & MX_DMAP_CHAR)
			n += (size_t)snprintf(fl + n, sizeof(fl) - n, "%schar", n ? "," : "");
		if (d->flags & MX_DMAP_BLOCK)
			n += (size_t)snprintf(fl + n, sizeof(fl) - n, "%sblock", n ? "," : "");
		if (d->flags & MX_DMAP_BUSY)
			n += (size_t)snprintf(fl + n, sizeof(fl) - n, "%sbusy", n ? "," : "");
		dump_printf(o, "%5d %-8s %-15s %s\n", (int)d->major, d->driver == MX_NONE ? "down" : dump_ep_str(d->driver, ep, sizeof(ep)),
			    DUMP_CSTR(d->label, label), n ? fl : "-");
	}
	return DUMP_OK;
}

/* ---- S-F4: RS services ------------------------------------------------------------ */

int dump_rs(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t bits[] = { MX_RSF_INUSE, MX_RSF_UP, MX_RSF_PINGING, MX_RSF_RESTART, MX_RSF_BOOT,
					 MX_RSF_DOWN };
	char ep[24], label[24], bin[32], fl[DUMP_FLAGS_MAX];
	dump_title(o, MX_DUMP_RS);
	if (in->nrs < 0)
		return dump_unavailable(o, "rs.services");
	dump_printf(o, "%-15s %-8s %-6s %8s %7s %9s %s\n", "label", "endpoint", "flags", "restarts", "backoff",
		    "last-ping", "binary");
	for (int i = 0; i < in->nrs; i++) {
		const mx_rs_ent *r = &in->rs[i];
		if (!(r->flags & MX_RSF_INUSE))
			continue;
		dump_printf(o, "%-15s %-8s %-6s %8u %7u %9llu %s\n", DUMP_CSTR(r->label, label),
			    r->ep == MX_NONE ? "-" : dump_ep_str(r->ep, ep, sizeof(ep)),
			    dump_letters(r->flags, bits, "IUPRBD", 6, fl), (unsigned)r->restarts, (unsigned)r->backoff,
			    (unsigned long long)since_tsc(r->last_ping_lo, r->last_ping_hi), DUMP_CSTR(r->binary, bin));
	}
	return DUMP_OK;
}

/* ---- S-F5: DS entries -------------------------------------------------------------- */

int dump_ds(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t bits[] = { MX_DSF_INUSE, MX_DSF_U32, MX_DSF_STR, MX_DSF_LABEL };
	char ep[24], key[32], str[40], fl[DUMP_FLAGS_MAX], val[96];
	dump_title(o, MX_DUMP_DS);
	if (in->nds < 0)
		return dump_unavailable(o, "ds.entries");
	dump_printf(o, "%-23s %-5s %-8s %4s %s\n", "key", "flags", "owner", "subs", "value");
	for (int i = 0; i < in->nds; i++) {
		const mx_ds_ent *d = &in->ds[i];
		if (!(d->flags & MX_DSF_INUSE))
			continue;
		size_t n = 0;
		val[0] = 0;
		if (d->flags & MX_DSF_LABEL)
			n += (size_t)snprintf(val + n, sizeof(val) - n, "%s", dump_ep_str((mx_endpoint_t)d->u32, ep, sizeof(ep)));
		else if (d->flags & MX_DSF_U32)
			n += (size_t)snprintf(val + n, sizeof(val) - n, "%u", (unsigned)d->u32);
		if ((d->flags & MX_DSF_STR) && n < sizeof(val))
			n += (size_t)snprintf(val + n, sizeof(val) - n, "%s\"%s\"", n ? " " : "", DUMP_CSTR(d->str, str));
		dump_printf(o, "%-23s %-5s %-8s %4u %s\n", DUMP_CSTR(d->key, key), dump_letters(d->flags, bits, "IUSL", 4, fl),
			    dump_ep_str(d->owner, ep, sizeof(ep)), (unsigned)d->subscribers, n ? val : "-");
	}
	return DUMP_OK;
}

/* ---- S-F6: VM regions ---------------------------------------------------------------- */

static const char *region_kind(uint32_t k)
{
	switch (k) {
#define K(name, num, text) case num: return text;
	MX_VR_KINDS(K)
#undef K
	}
	return "?";
}

/* By owner's slot, then owner, then start address. */
static int by_owner_start(const struct dump_input *in, int a, int b)
{
	const mx_vm_region_ent *x = &in->regions[a], *y = &in->regions[b];
	if (MX_EP_SLOT(x->ep) != MX_EP_SLOT(y->ep))
		return MX_EP_SLOT(x->ep) < MX_EP_SLOT(y->ep) ? -1 : 1;
	if (x->ep != y->ep)
		return x->ep < y->ep ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return a < b ? -1 : a > b;
}

int dump_vm(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t bits[] = { MX_VR_READ, MX_VR_WRITE, MX_VR_EXEC, MX_VR_COW };
	char ep[24], name[24], prot[DUMP_FLAGS_MAX], shared[16];
	uint32_t nr = 0, virt = 0, res = 0;
	dump_title(o, MX_DUMP_VM);
	if (in->nregions < 0)
		return dump_unavailable(o, "vm.regions");
	dump_printf(o, "%-8s %-15s %-8s %-8s %7s %-4s %-6s %5s %6s %8s\n", "endpoint", "name", "start", "end", "size-KB",
		    "prot", "kind", "pages", "shared", "offset");
	for (int i = dump_next(in, in->nregions, -1, by_owner_start); i >= 0;
	     i = dump_next(in, in->nregions, i, by_owner_start)) {
		const mx_vm_region_ent *r = &in->regions[i];
		if (r->ep == MX_NONE)
			continue;
		if (r->shared_id)
			snprintf(shared, sizeof(shared), "%u", (unsigned)r->shared_id);
		else
			snprintf(shared, sizeof(shared), "-");
		dump_printf(o, "%-8s %-15s %08x %08x %7u %-4s %-6s %5u %6s %8x\n", dump_ep_str(r->ep, ep, sizeof(ep)),
			    dump_ep_name(in, r->ep, name, sizeof(name)), (unsigned)r->start, (unsigned)(r->start + r->len),
			    (unsigned)(r->len / 1024), dump_letters(r->prot, bits, "rwxc", 4, prot), region_kind(r->kind),
			    (unsigned)r->pages, shared, (unsigned)r->offset);
		nr++;
		virt += r->len / 1024;
		res += r->pages * 4;
	}
	dump_printf(o, "%u regions, %u KB virtual, %u KB resident\n", (unsigned)nr, (unsigned)virt, (unsigned)res);
	return DUMP_OK;
}
