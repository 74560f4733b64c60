/* The header's phrases. */
#include <stdio.h>
#include <string.h>
#include "mxt/waitgraph.h"
#include "format.h"
#include "header.h"

void hdr_tasks(const frame *f, char *buf, size_t len)
{
	snprintf(buf, len, "Tasks: %d total, %d running, %d idle, %d blocked, %d stuck, %d deadlocked", f->nprocs,
		 f->nrunning, f->nidle, f->nblocked, f->nstuck, f->ndeadlocked);
}

/* "a → b → c → a" for deadlock d of g. */
static void cycle_names(const struct mxt_wg *g, int d, char *buf, size_t len)
{
	const struct mxt_deadlock *dl = &g->deadlocks[d];
	size_t o = 0;
	buf[0] = 0;
	for (int i = 0; i <= dl->ncycle && o + 1 < len; i++) {
		const struct mxt_wnode *n = &g->nodes[dl->cycle[i % dl->ncycle]];
		int w = snprintf(buf + o, len - o, "%s%s", i ? fmt_g->to : "", n->name[0] ? n->name : n->key);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

/* "2 cycles: a→b→a; ..." for the deadlocks of g. */
static int cycles_text(const struct mxt_wg *g, char *buf, size_t len)
{
	char c[512];
	cycle_names(g, 0, c, sizeof(c));
	return snprintf(buf, len, "%d cycle%s: %s%s", g->ndeadlocks, g->ndeadlocks == 1 ? "" : "s", c,
			g->ndeadlocks > 1 ? "; ..." : "");
}

void hdr_deadlock(const frame *f, char *buf, size_t len)
{
	if (!f->wg && !f->wg_full) {
		snprintf(buf, len, "Deadlock: unknown (%s)", f->wg_error[0] ? f->wg_error : "no wait-for graph");
		return;
	}
	int now = f->wg && f->wg->ndeadlocks;
	int before = f->wg_full && f->wg_full != f->wg && f->wg_full->ndeadlocks;
	if (!now && !before) {
		snprintf(buf, len, "Deadlock: none");
		return;
	}
	int o = snprintf(buf, len, "Deadlock: ");
	if (now && o >= 0 && (size_t)o < len)
		o += cycles_text(f->wg, buf + o, len - (size_t)o);
	if (before && o >= 0 && (size_t)o < len) {
		o += snprintf(buf + o, len - (size_t)o, "%sat full snapshot #%lld: ", now ? "; " : "", f->full.id);
		if (o >= 0 && (size_t)o < len)
			cycles_text(f->wg_full, buf + o, len - (size_t)o);
	}
}

void hdr_uptime(const frame *f, char *buf, size_t len)
{
	char u[48];
	snprintf(buf, len, "Uptime: %s", fmt_uptime(u, sizeof(u), f->uptime_s));
}

void hdr_trace(const frame *f, char *buf, size_t len)
{
	char r[16], l[16];
	int o = snprintf(buf, len, "Trace: %s rec/s, lost %s", fmt_rate(r, sizeof(r), f->trace_rate),
			 fmt_count(l, sizeof(l), (double)f->lost));
	if (o > 0 && (size_t)o < len && f->overwritten > 0)
		snprintf(buf + o, len - (size_t)o, " (ring overwrote %s)", fmt_count(l, sizeof(l), (double)f->overwritten));
}

void hdr_load(const frame *f, char *buf, size_t len)
{
	char c[16], u[16], s[16], i[16], k[16];
	if (f->cpu_user < 0)
		snprintf(buf, len, "CPU: -  IPC: %s msg/s  Kcalls: %s/s", fmt_rate(i, sizeof(i), f->rates ? f->ipc_rate : -1),
			 fmt_rate(k, sizeof(k), f->rates ? f->kcall_rate : -1));
	else
		snprintf(buf, len, "CPU: %s%% (user %s%%, kernel %s%%)  IPC: %s msg/s  Kcalls: %s/s",
			 fmt_pct(c, sizeof(c), f->cpu_user + f->cpu_sys), fmt_pct(u, sizeof(u), f->cpu_user),
			 fmt_pct(s, sizeof(s), f->cpu_sys), fmt_rate(i, sizeof(i), f->ipc_rate),
			 fmt_rate(k, sizeof(k), f->kcall_rate));
}

void hdr_mem(const frame *f, char *buf, size_t len)
{
	char used[16], total[16];
	if (f->mem_total <= 0) {
		snprintf(buf, len, "Mem: not recorded");
		return;
	}
	snprintf(buf, len, "Mem: %s of %s used (%.1f%%)", fmt_size(used, sizeof(used), (double)(f->mem_total - f->mem_free)),
		 fmt_size(total, sizeof(total), (double)f->mem_total), (f->mem_total - f->mem_free) * 100.0 / (double)f->mem_total);
}

void hdr_mode(const app *a, char *buf, size_t len)
{
	if (a->paused)
		snprintf(buf, len, "PAUSED");
	else if (a->live)
		snprintf(buf, len, "LIVE");
	else if (a->playing)
		snprintf(buf, len, "REPLAY %s x%g", fmt_g->play, a->speed);
	else
		snprintf(buf, len, "REPLAY");
}

void hdr_cursor(const app *a, char *buf, size_t len)
{
	const frame *f = &a->f;
	char t[32] = "";
	double s = app_snap_time(a, f->index);
	if (s >= 0)
		snprintf(t, sizeof(t), " t=%.2fs", s);
	snprintf(buf, len, "Snapshot #%lld %s %d/%d%s%s", f->cur.id, f->cur.full ? "full" : "sample", f->index + 1,
		 query_nsnaps(a->q), t, query_boot(a->q)->ended ? " (run ended)" : "");
}

void hdr_rates(const frame *f, char *buf, size_t len)
{
	char d[16], w[16];
	int o;
	if (f->rates == RATES_SNAPSHOTS)
		o = snprintf(buf, len, "rates over %s (#%lld..#%lld)", fmt_duration(d, sizeof(d), f->dt), f->prev.id, f->cur.id);
	else if (f->rates == RATES_AGGREGATES)
		o = snprintf(buf, len, "rates from the trace over %s (one snapshot)", fmt_duration(d, sizeof(d), f->window_s));
	else
		o = snprintf(buf, len, "no rates yet (one snapshot)");
	if (o > 0 && (size_t)o < len && f->window_s > 0 && (f->loaded & (LOAD_IPC | LOAD_KCALLS)))
		snprintf(buf + o, len - (size_t)o, "; aggregate window %s", fmt_duration(w, sizeof(w), f->window_s));
	if (o > 0 && (size_t)o < len && f->tsc_hz_estimated) {
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, "; guest clock estimated");
	}
}
