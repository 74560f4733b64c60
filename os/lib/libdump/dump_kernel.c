/*
 * libdump: the kernel's dumps (F1-F6): process table, memory map,
 * privileges and send masks, IRQ hooks, IPC statistics, trace ring.
 * Formats are documented in docs/dumps.md.
 */
#include <stdio.h>
#include <string.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include "dumpint.h"

static int by_slot(const struct dump_input *in, int a, int b)
{
	int x = in->procs[a].slot, y = in->procs[b].slot;
	return x != y ? (x < y ? -1 : 1) : (a < b ? -1 : a > b);
}

static int is_blocked_on_peer(const char *state)
{
	return !strcmp(state, "SEND") || !strcmp(state, "RECV") || !strcmp(state, "REPLY-WAIT");
}

/* ---- F1: kernel process table ------------------------------------------- */

int dump_proctab(const struct dump_input *in, struct dump_out *o)
{
	char ep[24], peer[24], rts[DUMP_FLAGS_MAX], misc[DUMP_FLAGS_MAX];
	dump_title(o, MX_DUMP_PROCTAB);
	if (in->nprocs < 0)
		return dump_unavailable(o, "proc");
	/* The flag columns are as wide as there are flags (mx/procflags.h). */
	int rw = (int)strlen(dump_rts_letters(0, rts)), mw = (int)strlen(dump_misc_letters(0, misc));
	dump_printf(o, "%-8s %-15s %3s %3s %-*s %-*s %-10s %-15s %7s %7s\n", "endpoint", "name", "pri", "qnt", rw,
		    "rts", mw, "misc", "state", "peer", "user", "sys");
	for (int i = dump_next(in, in->nprocs, -1, by_slot); i >= 0; i = dump_next(in, in->nprocs, i, by_slot)) {
		const struct dump_proc *p = &in->procs[i];
		const char *state = dump_proc_state(p->rts_flags, p->misc_flags);
		const char *pn = is_blocked_on_peer(state) ? dump_ep_name(in, p->peer, peer, sizeof(peer)) : "-";
		dump_printf(o, "%-8s %-15s %3d %3d %-10s %-9s %-10s %-15s %7llu %7llu\n",
			    dump_ep_str(p->endpoint, ep, sizeof(ep)), p->name, (int)p->priority, (int)p->quantum,
			    dump_rts_letters(p->rts_flags, rts), dump_misc_letters(p->misc_flags, misc), state, pn,
			    (unsigned long long)p->user_ticks, (unsigned long long)p->sys_ticks);
	}
	return DUMP_OK;
}

/* ---- F2: process memory map ---------------------------------------------- */

static void hex_or_dash(uint32_t v, int have, char *buf, size_t len)
{
	if (have)
		snprintf(buf, len, "%08x", (unsigned)v);
	else
		snprintf(buf, len, "-");
}

int dump_memmap(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t kinds[4] = { MX_VRK_TEXT, MX_VRK_DATA, MX_VRK_HEAP, MX_VRK_STACK };
	char ep[24], addr[4][12], pd[12];
	dump_title(o, MX_DUMP_MEMMAP);
	if (in->nprocs < 0)
		return dump_unavailable(o, "proc");
	if (in->nregions < 0)
		return dump_unavailable(o, "vm.regions");
	dump_printf(o, "%-8s %-15s %-8s %-8s %-8s %-8s %-8s %7s %7s %7s\n", "endpoint", "name", "pagedir", "text",
		    "data", "heap", "stack", "virt-KB", "res-KB", "regions");
	for (int i = dump_next(in, in->nprocs, -1, by_slot); i >= 0; i = dump_next(in, in->nprocs, i, by_slot)) {
		const struct dump_proc *p = &in->procs[i];
		uint32_t start[4] = { 0, 0, 0, 0 }, virt = 0, res = 0;
		int have[4] = { 0, 0, 0, 0 }, nr = 0;
		for (int r = 0; r < in->nregions; r++) {
			const mx_vm_region_ent *v = &in->regions[r];
			if (v->ep != p->endpoint || v->ep == MX_NONE)
				continue;
			nr++;
			virt += v->len / 1024;
			res += v->pages * 4;
			for (int k = 0; k < 4; k++)
				if (v->kind == kinds[k] && (!have[k] || v->start < start[k]))
					start[k] = v->start, have[k] = 1;
		}
		for (int k = 0; k < 4; k++)
			hex_or_dash(start[k], have[k], addr[k], sizeof(addr[k]));
		hex_or_dash(p->cr3, p->cr3 != 0, pd, sizeof(pd));
		dump_printf(o, "%-8s %-15s %-8s %-8s %-8s %-8s %-8s %7u %7u %7d\n", dump_ep_str(p->endpoint, ep, sizeof(ep)),
			    p->name, pd, addr[0], addr[1], addr[2], addr[3], (unsigned)virt, (unsigned)res, nr);
	}
	return DUMP_OK;
}

/* ---- F3: privileges and send masks ---------------------------------------- */

/* IPC primitives a priv may use, one letter each in call-number order. */
static const char *trap_letters(uint32_t mask, char *out)
{
	static const uint32_t bits[] = { 1u << MX_SEND, 1u << MX_RECEIVE, 1u << MX_SENDREC,
					 1u << MX_NOTIFY, 1u << MX_SENDNB, 1u << MX_SENDA };
	return dump_letters(mask, bits, "SRBNnA", 6, out);
}

static const struct dump_priv *priv_by_id(const struct dump_input *in, int id)
{
	for (int i = 0; i < in->nprivs; i++)
		if (in->privs[i].id == id)
			return &in->privs[i];
	return 0;
}

/* The name a send mask shows for priv id. */
static const char *priv_name(const struct dump_input *in, int id, char *buf, size_t len)
{
	const struct dump_priv *p = priv_by_id(in, id);
	const struct dump_proc *proc = p && p->owner != MX_NONE ? dump_proc_by_ep(in, p->owner) : 0;
	if (p && p->owner == MX_NONE)
		snprintf(buf, len, "(user)");
	else if (proc)
		snprintf(buf, len, "%s", proc->name);
	else
		snprintf(buf, len, "priv%d", id);
	return buf;
}

static int by_priv_id(const struct dump_input *in, int a, int b)
{
	int x = in->privs[a].id, y = in->privs[b].id;
	return x != y ? (x < y ? -1 : 1) : (a < b ? -1 : a > b);
}

int dump_privs(const struct dump_input *in, struct dump_out *o)
{
	char ep[24], name[24], fl[DUMP_FLAGS_MAX], tr[DUMP_FLAGS_MAX], io[40], sm[24];
	dump_title(o, MX_DUMP_PRIVS);
	if (in->nprivs < 0)
		return dump_unavailable(o, "priv");
	dump_printf(o, "%4s %-8s %-15s %-5s %-6s %-8s %-8s %-17s %s\n", "priv", "owner", "name", "flags", "traps",
		    "kcalls", "irqs", "io-ports", "sig-mgr");
	for (int i = dump_next(in, in->nprivs, -1, by_priv_id); i >= 0; i = dump_next(in, in->nprivs, i, by_priv_id)) {
		const struct dump_priv *p = &in->privs[i];
		const struct dump_proc *owner = p->owner != MX_NONE ? dump_proc_by_ep(in, p->owner) : 0;
		size_t n = 0;
		io[0] = 0;
		for (int k = 0; k < 2; k++)
			if (p->io_len[k])
				n += (size_t)snprintf(io + n, sizeof(io) - n, "%s%x:%u", n ? "," : "",
						      (unsigned)p->io_base[k], (unsigned)p->io_len[k]);
		dump_printf(o, "%4d %-8s %-15s %-5s %-6s %08x %08x %-17s %s\n", (int)p->id,
			    p->owner == MX_NONE ? "-" : dump_ep_str(p->owner, ep, sizeof(ep)),
			    p->owner == MX_NONE ? "(user)" : owner ? owner->name : "?",
			    dump_priv_letters(p->flags, fl), trap_letters(p->trap_mask, tr), (unsigned)p->kcall_mask,
			    (unsigned)p->irq_mask, n ? io : "-",
			    p->sig_mgr == MX_NONE ? "kernel" : dump_ep_name(in, p->sig_mgr, sm, sizeof(sm)));
		struct dump_words w;
		dump_words_begin(&w, o, "     send to:");
		for (int id = 0; id < MX_NR_PRIVS; id++)
			if ((p->ipc_to[id / 32] >> (id % 32)) & 1) {
				priv_name(in, id, name, sizeof(name));
				dump_word(&w, name);
			}
		dump_words_end(&w, " (nobody)");
	}
	return DUMP_OK;
}

/* ---- F4: IRQ hooks ----------------------------------------------------------- */

static int by_hook(const struct dump_input *in, int a, int b)
{
	int x = in->irqs[a].hook, y = in->irqs[b].hook;
	return x != y ? (x < y ? -1 : 1) : (a < b ? -1 : a > b);
}

int dump_irqs(const struct dump_input *in, struct dump_out *o)
{
	static const uint32_t bits[] = { MX_IRQ_REENABLE, MX_IRQ_EXCLUSIVE };
	char ep[24], name[24], pol[DUMP_FLAGS_MAX];
	dump_title(o, MX_DUMP_IRQS);
	if (in->nirqs < 0)
		return dump_unavailable(o, "irq hooks");
	dump_printf(o, "%4s %3s %-8s %-15s %-6s %6s %s\n", "hook", "irq", "endpoint", "name", "policy", "notify",
		    "active");
	for (int i = dump_next(in, in->nirqs, -1, by_hook); i >= 0; i = dump_next(in, in->nirqs, i, by_hook)) {
		const struct dump_irq *h = &in->irqs[i];
		const struct dump_proc *p = dump_proc_by_ep(in, h->endpoint);
		dump_printf(o, "%4d %3d %-8s %-15s %-6s %6d %s\n", (int)h->hook, (int)h->irq,
			    dump_ep_str(h->endpoint, ep, sizeof(ep)), p ? dump_cstr(p->name, sizeof(p->name), name) : "?",
			    dump_letters(h->policy, bits, "RE", 2, pol), (int)h->notify_id, h->active ? "yes" : "no");
	}
	if (!in->nirqs)
		dump_printf(o, "(no IRQ hooks)\n");
	return DUMP_OK;
}

/* ---- F5: IPC statistics and the pair matrix -------------------------------- */

/* A matrix cell: "." for zero, else at most 5 characters. */
static const char *cell(uint32_t n, char *buf, size_t len)
{
	if (!n)
		snprintf(buf, len, ".");
	else if (n < 100000)
		snprintf(buf, len, "%u", (unsigned)n);
	else if (n < 100000000)
		snprintf(buf, len, "%uk", (unsigned)(n / 1000));
	else
		snprintf(buf, len, "%uM", (unsigned)(n / 1000000));
	return buf;
}

static const char *slot_name(const struct dump_input *in, int slot, char *buf, size_t len)
{
	const struct dump_proc *p = dump_proc_by_slot(in, slot);
	if (p)
		snprintf(buf, len, "%s", p->name);
	else
		snprintf(buf, len, "slot%d", slot);
	return buf;
}

/* Busiest first; ties by source slot, then destination slot. */
static int by_count(const struct dump_input *in, int a, int b)
{
	const struct dump_pair *x = &in->pairs[a], *y = &in->pairs[b];
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->src_slot != y->src_slot)
		return x->src_slot < y->src_slot ? -1 : 1;
	if (x->dst_slot != y->dst_slot)
		return x->dst_slot < y->dst_slot ? -1 : 1;
	return a < b ? -1 : a > b;
}

#define MATRIX_COLS 10
#define MATRIX_SLOTS 30               /* the busiest slots: a fork storm uses all 256 */
#define BUSIEST     20

static void pair_matrix(const struct dump_input *in, struct dump_out *o)
{
	uint64_t traffic[MX_NR_SLOTS];
	int cols[MX_NR_SLOTS], ncols = 0, nused = 0;
	char b[16], name[24];
	memset(traffic, 0, sizeof(traffic));
	for (int i = 0; i < in->npairs; i++) {
		const struct dump_pair *p = &in->pairs[i];
		if (p->src_slot >= 0 && p->src_slot < MX_NR_SLOTS && p->dst_slot >= 0 && p->dst_slot < MX_NR_SLOTS && p->count) {
			traffic[p->src_slot] += p->count;
			traffic[p->dst_slot] += p->count;
		}
	}
	for (int s = 0; s < MX_NR_SLOTS; s++)
		nused += traffic[s] > 0;
	/* The MATRIX_SLOTS slots with the most messages sent and received (ties: the lower slot), in slot order. */
	for (int s = 0; s < MX_NR_SLOTS; s++) {
		if (!traffic[s])
			continue;
		int above = 0;
		for (int t = 0; t < MX_NR_SLOTS && above < MATRIX_SLOTS; t++)
			above += traffic[t] > traffic[s] || (traffic[t] == traffic[s] && t < s);
		if (above < MATRIX_SLOTS)
			cols[ncols++] = s;
	}
	dump_printf(o, "\nPair matrix: messages from row to column (k = thousands, M = millions)\n");
	if (!ncols) {
		dump_printf(o, "(no messages)\n");
		return;
	}
	if (nused > ncols)
		dump_printf(o, "(the %d busiest of the %d slots that sent or received)\n", ncols, nused);
	for (int first = 0; first < ncols; first += MATRIX_COLS) {
		int last = first + MATRIX_COLS < ncols ? first + MATRIX_COLS : ncols;
		dump_printf(o, "%-12s", first ? "" : "from\\to");
		for (int c = first; c < last; c++)
			dump_printf(o, " %5d", cols[c]);
		dump_printf(o, "\n");
		for (int r = 0; r < ncols; r++) {
			uint32_t row[MATRIX_COLS];
			memset(row, 0, sizeof(row));
			for (int i = 0; i < in->npairs; i++) {
				const struct dump_pair *p = &in->pairs[i];
				if (p->src_slot != cols[r])
					continue;
				for (int c = first; c < last; c++)
					if (p->dst_slot == cols[c])
						row[c - first] += p->count;
			}
			slot_name(in, cols[r], name, sizeof(name));
			dump_printf(o, "%3d %-8.8s", cols[r], name);
			for (int c = first; c < last; c++)
				dump_printf(o, " %5s", cell(row[c - first], b, sizeof(b)));
			dump_printf(o, "\n");
		}
	}
	dump_printf(o, "\nBusiest pairs\n%-15s %-15s %10s\n", "from", "to", "messages");
	int shown = 0;
	for (int i = dump_next(in, in->npairs, -1, by_count); i >= 0 && shown < BUSIEST;
	     i = dump_next(in, in->npairs, i, by_count)) {
		const struct dump_pair *p = &in->pairs[i];
		char to[24];
		if (!p->count)
			break;
		dump_printf(o, "%-15s %-15s %10u\n", slot_name(in, p->src_slot, name, sizeof(name)),
			    slot_name(in, p->dst_slot, to, sizeof(to)), (unsigned)p->count);
		shown++;
	}
}

int dump_ipcstats(const struct dump_input *in, struct dump_out *o)
{
	char ep[24], ms[24];
	dump_title(o, MX_DUMP_IPCSTATS);
	if (in->nprocs < 0)
		return dump_unavailable(o, "proc");
	dump_printf(o, "%-8s %-15s %10s %10s %10s %10s %10s %10s\n", "endpoint", "name", "sent", "received", "notifies",
		    "kcalls", "Mcycles", "blocked-ms");
	for (int i = dump_next(in, in->nprocs, -1, by_slot); i >= 0; i = dump_next(in, in->nprocs, i, by_slot)) {
		const struct dump_proc *p = &in->procs[i];
		dump_printf(o, "%-8s %-15s %10u %10u %10u %10u %10llu %10s\n", dump_ep_str(p->endpoint, ep, sizeof(ep)),
			    p->name, (unsigned)p->sent, (unsigned)p->received, (unsigned)p->notifies, (unsigned)p->kcalls,
			    (unsigned long long)(p->cycles / 1000000), dump_ms(in, p->blocked_tsc, ms, sizeof(ms)));
	}
	if (in->npairs < 0) {
		dump_printf(o, "\n");
		return dump_unavailable(o, "ipc pairs");
	}
	pair_matrix(in, o);
	return DUMP_OK;
}

/* ---- F6: trace ring status ------------------------------------------------------ */

static const char *kind_name(int k)
{
	switch (k) {
#define K(name, num, sname, text) case num: return sname;
	MX_TRACE_KINDS(K)
#undef K
	}
	return 0;
}

int dump_trace(const struct dump_input *in, struct dump_out *o)
{
	const struct dump_trace *t = in->trace;
	char name[24];
	dump_title(o, MX_DUMP_TRACE);
	if (!t)
		return dump_unavailable(o, "trace ring");
	dump_printf(o, "%-12s %s\n", "tracing", (t->ctl & MX_TCTL_ON) ? "on" : "off");
	dump_printf(o, "%-12s %u\n", "records", (unsigned)t->nrecs);
	dump_printf(o, "%-12s %llu\n", "head", (unsigned long long)t->head);
	dump_printf(o, "%-12s %llu\n", "filtered", (unsigned long long)t->filtered);
	dump_printf(o, "%-12s %llu\n", "overwritten", (unsigned long long)t->overwritten);
	dump_printf(o, "%-12s %llu\n", "off-skipped", (unsigned long long)t->off_skipped);
	int nk = 0, on = 0;
	for (int k = 1; k < MX_TK_MAX; k++, nk++)
		on += (t->kinds >> k) & 1;
	struct dump_words w;
	dump_words_begin(&w, o, "kinds       ");
	if (on == nk)
		dump_word(&w, "all");
	else
		for (int k = 1; k < MX_TK_MAX; k++)
			if ((t->kinds >> k) & 1)
				dump_word(&w, kind_name(k));
	dump_words_end(&w, " none");
	dump_words_begin(&w, o, "endpoints   ");
	if (!(t->ctl & MX_TCTL_EPFILT))
		dump_word(&w, "all");
	else
		for (int s = 0; s < MX_NR_SLOTS; s++)
			if ((t->ep_filter[s / 32] >> (s % 32)) & 1)
				dump_word(&w, slot_name(in, s, name, sizeof(name)));
	dump_words_end(&w, " none");
	return DUMP_OK;
}
