/*
 * Reading the live tables for a dump: the kernel's through GETINFO, the
 * servers' through the table registry and VIRCOPY from their memory (so a
 * dump works even when the server owning the table is stuck).
 */
#include "is.h"

#define MAX_PAIRS 4096

static struct mx_procinfo pinfo[MX_NR_SLOTS];
static struct dump_proc procs[MX_NR_SLOTS];
static struct mx_privinfo pv[MX_NR_PRIVS];
static struct dump_priv privs[MX_NR_PRIVS];
static struct mx_irq_hook hooks[32];
static struct dump_irq irqs[32];
static uint32_t matrix[MX_NR_SLOTS][MX_NR_SLOTS];
static struct dump_pair pairs[MAX_PAIRS];
static mx_trace_ring hdr;
static struct dump_trace trace;
static mx_registry reg;
static mx_info info;

static mx_vm_region_ent regions[1024];
static mx_pm_proc_ent pm[MX_NR_SLOTS];
static mx_fproc_ent fproc[MX_NR_SLOTS];
static mx_thread_ent threads[64];
static mx_lock_ent locks[256];
static mx_dmap_ent dmap[64];
static mx_rs_ent rs[32];
static mx_ds_ent ds[128];
static uint8_t row[1024];

/* Copy registered table `name` (entries of `size` bytes each) into out; count or -1. */
static int read_table(const char *name, void *out, uint32_t size, int max)
{
	for (int i = 0; i < MX_REGISTRY_MAX; i++) {
		mx_registry_ent *e = &reg.ent[i];
		if (e->owner == MX_NONE || strcmp(e->desc.name, name) != 0)
			continue;
		struct mx_procinfo pi;
		if (sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)e->owner) < 0)
			return -1;                         /* its owner is gone */
		int n = (int)e->desc.count < max ? (int)e->desc.count : max;
		uint32_t esz = e->desc.size;
		if (esz < size || esz > sizeof(row))
			return -1;
		for (int k = 0; k < n; k++) {
			if (sys_vircopy(e->owner, e->desc.addr + (uint32_t)k * esz, MX_SELF, (uint32_t)row, size) < 0)
				return -1;
			memcpy((uint8_t *)out + (size_t)k * size, row, size);
		}
		return n;
	}
	return -1;
}

int collect(struct dump_input *in)
{
	memset(in, 0, sizeof(*in));
	in->now_tsc = read_tsc();
	if (sys_getinfo(MX_GI_MXINFO, &info, sizeof(info), 0) >= 0)
		in->tsc_hz = info.tsc_hz;
	mx_kinfo k;
	if (sys_getinfo(MX_GI_KINFO, &k, sizeof(k), 0) >= 0)
		in->uptime_ticks = k.uptime_ticks;
	in->hz = 100;

	int n = sys_getinfo(MX_GI_PROCS, pinfo, sizeof(pinfo), 0);
	n = n < 0 ? 0 : n / (int)sizeof(pinfo[0]);
	for (int i = 0; i < n; i++) {
		struct mx_procinfo *p = &pinfo[i];
		struct dump_proc *d = &procs[i];
		memset(d, 0, sizeof(*d));
		d->slot = p->slot;
		d->endpoint = p->ep;
		memcpy(d->name, p->name, sizeof(d->name));
		d->rts_flags = p->rts;
		d->misc_flags = p->misc;
		d->peer = (p->rts & MX_RTS_SENDING) ? p->sendto : (p->rts & MX_RTS_RECEIVING) ? p->getfrom : MX_NONE;
		d->blocked_tsc = (p->rts & (MX_RTS_SENDING | MX_RTS_RECEIVING)) ?
			((uint64_t)p->block_tsc_hi << 32) | p->block_tsc_lo : 0;
		d->priority = (int32_t)p->priority;
		d->quantum = (int32_t)p->quantum;
		d->user_ticks = p->user_ticks;
		d->sys_ticks = p->sys_ticks;
		d->cycles = ((uint64_t)p->cycles_hi << 32) | p->cycles_lo;
		d->sent = p->sent;
		d->received = p->recvd;
		d->notifies = p->notifies;
		d->kcalls = p->kcalls;
		d->priv_id = p->priv_id;
		d->cr3 = p->cr3;
	}
	in->procs = procs;
	in->nprocs = n;

	int np = 0;
	if (sys_getinfo(MX_GI_PRIVINFO, pv, sizeof(pv), 0) >= 0)
		for (int i = 0; i < MX_NR_PRIVS; i++) {
			if (i != 0 && (!pv[i].flags || pv[i].owner == MX_NONE))
				continue;
			struct dump_priv *d = &privs[np++];
			d->id = pv[i].id;
			d->owner = i == 0 ? MX_NONE : pv[i].owner;
			d->flags = pv[i].flags;
			d->trap_mask = pv[i].trap_mask;
			d->kcall_mask = pv[i].kcall_mask;
			memcpy(d->ipc_to, pv[i].ipc_to, sizeof(d->ipc_to));
			d->sig_mgr = pv[i].sig_mgr;
			d->irq_mask = pv[i].irq_mask;
			for (int j = 0; j < 2; j++) {
				d->io_base[j] = pv[i].io_base[j];
				d->io_len[j] = pv[i].io_len[j];
			}
		}
	in->privs = privs;
	in->nprivs = np;

	int nh = 0;
	if (sys_getinfo(MX_GI_IRQHOOKS, hooks, sizeof(hooks), 0) >= 0)
		for (int i = 0; i < 32; i++)
			if (hooks[i].irq >= 0)
				irqs[nh++] = (struct dump_irq){ i, hooks[i].irq, hooks[i].ep, hooks[i].policy,
								 (int32_t)hooks[i].notify_id, (int32_t)hooks[i].active };
	in->irqs = irqs;
	in->nirqs = nh;

	int npairs = 0;
	if (sys_getinfo(MX_GI_PAIRS, matrix, sizeof(matrix), 0) >= 0)
		for (int s = 0; s < MX_NR_SLOTS; s++)
			for (int d = 0; d < MX_NR_SLOTS && npairs < MAX_PAIRS; d++)
				if (matrix[s][d])
					pairs[npairs++] = (struct dump_pair){ s, d, matrix[s][d] };
	in->pairs = pairs;
	in->npairs = npairs;

	if (sys_getinfo(MX_GI_TRACEHDR, &hdr, sizeof(hdr), 0) >= 0) {
		trace.ctl = hdr.ctl;
		trace.kinds = hdr.kinds;
		trace.nrecs = hdr.nrecs;
		trace.head = hdr.head;
		trace.filtered = hdr.filtered;
		trace.overwritten = hdr.overwritten;
		trace.off_skipped = hdr.off_skipped;
		memcpy(trace.ep_filter, hdr.ep_filter, sizeof(trace.ep_filter));
		in->trace = &trace;
	}

	if (sys_getinfo(MX_GI_REGISTRY, &reg, sizeof(reg), 0) < 0)
		memset(&reg, 0, sizeof(reg));
	in->regions = regions;
	in->nregions = read_table("vm.regions", regions, sizeof(regions[0]), 1024);
	in->pm = pm;
	in->npm = read_table("pm.procs", pm, sizeof(pm[0]), MX_NR_SLOTS);
	in->fproc = fproc;
	in->nfproc = read_table("vfs.fproc", fproc, sizeof(fproc[0]), MX_NR_SLOTS);
	in->threads = threads;
	in->nthreads = read_table("vfs.threads", threads, sizeof(threads[0]), 64);
	in->locks = locks;
	in->nlocks = read_table("vfs.locks", locks, sizeof(locks[0]), 256);
	in->dmap = dmap;
	in->ndmap = read_table("vfs.dmap", dmap, sizeof(dmap[0]), 64);
	in->rs = rs;
	in->nrs = read_table("rs.services", rs, sizeof(rs[0]), 32);
	in->ds = ds;
	in->nds = read_table("ds.entries", ds, sizeof(ds[0]), 128);
	return 0;
}
