/* Details of one process: wait chain and recent IPC, as text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <mx/trace.h>
#include "mxt/names.h"
#include "mxt/waitgraph.h"
#include "format.h"
#include "details.h"

/* A growing text buffer. */
typedef struct text {
	char *s;
	size_t len, cap;
	int failed;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
	va_list ap;
	if (t->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
		if (t->s && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap ? t->cap * 2 : 1024;
		while (cap < t->len + (size_t)n + 1)
			cap *= 2;
		char *s = realloc(t->s, cap);
		if (!s) {
			t->failed = 1;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
}

static char *done(text *t)
{
	if (t->failed) {
		free(t->s);
		return NULL;
	}
	if (!t->s)
		add(t, "%s", "");
	return t->s;
}

const proc_row *details_find(const frame *f, const char *spec, char *err, size_t errlen)
{
	char *end;
	const proc_row *found = NULL;
	int nfound = 0;
	if (!spec || !*spec) {
		snprintf(err, errlen, "no process given");
		return NULL;
	}
	for (int i = 0; i < f->nprocs; i++)
		if (!strcmp(f->procs[i].name, spec)) {
			found = &f->procs[i];
			nfound++;
		}
	if (nfound == 1)
		return found;
	if (nfound > 1) {
		snprintf(err, errlen, "%d processes are called '%s': give its endpoint (slot/gen)", nfound, spec);
		return NULL;
	}
	if (spec[0] == '#') {
		long slot = strtol(spec + 1, &end, 10);
		if (end != spec + 1 && !*end && slot >= 0 && slot < FRAME_SLOTS && f->by_slot[slot] >= 0)
			return &f->procs[f->by_slot[slot]];
	} else if (strchr(spec, '/')) {
		long slot = strtol(spec, &end, 10);
		if (end != spec && *end == '/') {
			char *e2;
			long gen = strtol(end + 1, &e2, 10);
			if (e2 != end + 1 && !*e2) {
				const proc_row *p = frame_proc(f, MX_EP((int)gen, (int)slot));
				if (p)
					return p;
			}
		}
	} else {
		long ep = strtol(spec, &end, 10);
		if (end != spec && !*end) {
			const proc_row *p = frame_proc(f, (mx_endpoint_t)ep);
			if (p)
				return p;
		}
	}
	for (int i = 0; i < f->nprocs; i++)
		if (!strncasecmp(f->procs[i].name, spec, strlen(spec))) {
			found = &f->procs[i];
			nfound++;
		}
	if (nfound == 1)
		return found;
	if (nfound > 1)
		snprintf(err, errlen, "'%s' names %d processes: be more precise", spec, nfound);
	else
		snprintf(err, errlen, "no process '%s' in snapshot #%lld", spec, f->cur.id);
	return NULL;
}

/* The why-text of ep in graph g, after a heading. */
static void why_in(text *t, const struct mxt_wg *g, mx_endpoint_t ep, const char *name)
{
	char key[32];
	snprintf(key, sizeof(key), "p:%d", ep);
	int n = mxt_wg_node(g, key);
	if (n < 0) {
		add(t, "%s is not in this snapshot.\n", name);
		return;
	}
	struct mxt_why w;
	if (mxt_wg_why(g, n, &w) < 0) {
		t->failed = 1;
		return;
	}
	char *s = mxt_wg_why_text(g, &w);
	if (s)
		add(t, "%s", s);
	else
		t->failed = 1;
	free(s);
	mxt_wg_why_free(&w);
}

char *details_why(const frame *f, mx_endpoint_t ep)
{
	text t = { 0 };
	char name[32], eps[24], d[16];
	const proc_row *p = frame_proc(f, ep);
	snprintf(name, sizeof(name), "%s", p ? p->name : "?");
	const char *es = mxt_ep_str(ep, eps, sizeof(eps));
	if (!f->wg && !f->wg_full) {
		add(&t, "The wait-for graph of snapshot #%lld could not be read: %s\n", f->cur.id,
		    f->wg_error[0] ? f->wg_error : "unknown error");
		return done(&t);
	}
	if (f->wg) {
		add(&t, "Wait chain of %s (%s) at snapshot #%lld (%s)\n\n", name, es, f->cur.id,
		    f->cur.full ? "full: processes, server threads and locks" : "sample: process waits only");
		why_in(&t, f->wg, ep, name);
	}
	if (f->wg_full && f->wg_full != f->wg) {
		double ago = f->tsc_hz > 0 && f->cur.tsc >= 0 && f->full.tsc >= 0 ? (double)(f->cur.tsc - f->full.tsc) / f->tsc_hz : -1;
		add(&t, "\nAt the latest full snapshot #%lld (%s earlier; server threads and locks included)\n\n",
		    f->full.id, fmt_duration(d, sizeof(d), ago));
		why_in(&t, f->wg_full, ep, name);
	} else if (!f->wg_full && !f->cur.full)
		add(&t, "\nNo full snapshot yet: server threads and locks are not in the chain.\n");
	return done(&t);
}

/* What an event's argument and flags say. */
static void event_detail(const frame *f, const ipc_event *e, char *buf, size_t len)
{
	char d[16];
	long long arg = e->arg;
	switch (e->kind) {
	case MX_TK_SEND:
		snprintf(buf, len, "%s%s", (e->flags & MX_TF_SENDREC) ? "sendrec" : "", (e->flags & MX_TF_NB) ? " non-blocking" : "");
		break;
	case MX_TK_SEND_BLOCK:
		snprintf(buf, len, "sender blocks%s", (e->flags & MX_TF_SENDREC) ? " (sendrec)" : "");
		break;
	case MX_TK_RECV:
		if (arg > 0)
			snprintf(buf, len, "%s %s", (e->flags & MX_TF_RTT) ? "round trip" : "sender waited",
				 fmt_ticks(d, sizeof(d), (double)arg, f->tsc_hz));
		else
			snprintf(buf, len, "%s", (e->flags & MX_TF_REPLY) ? "reply" : "");
		break;
	case MX_TK_RECV_BLOCK:
		snprintf(buf, len, "receiver blocks");
		break;
	case MX_TK_NOTIFY:
		snprintf(buf, len, "%s", arg ? "delivered" : "left pending");
		break;
	case MX_TK_SENDA:
		snprintf(buf, len, "%s", arg ? "delivered" : "queued");
		break;
	case MX_TK_IPC_ERR:
		if (arg > 0x7fffffffLL)
			arg -= 0x100000000LL;
		snprintf(buf, len, "failed: %s", mxt_errno_name((int)arg) ? mxt_errno_name((int)arg) : "?");
		break;
	default:
		buf[0] = 0;
	}
}

char *details_events(query *q, const frame *f, mx_endpoint_t ep, int max, char *err, size_t errlen)
{
	ipc_event *ev = calloc((size_t)(max > 0 ? max : 1), sizeof(*ev));
	if (!ev) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int n = query_recent_ipc(q, f, ep, ev, max, DETAILS_SCAN_LIMIT, err, errlen);
	if (n < 0) {
		free(ev);
		return NULL;
	}
	text t = { 0 };
	char name[32], eps[24];
	frame_ep_name(f, ep, name, sizeof(name));
	add(&t, "Recent IPC of %s (%s) up to snapshot #%lld, newest first\n\n", name, mxt_ep_str(ep, eps, sizeof(eps)),
	    f->cur.id);
	if (n == 0)
		add(&t, "No IPC of %s in the last %lld trace records (is tracing on for it?)\n", name, DETAILS_SCAN_LIMIT);
	else
		add(&t, "%9s %10s %-9s %-12s %*s %-12s %-16s %s\n", "WHEN", "SEQ", "KIND", "FROM", fmt_width(fmt_g->to), "",
		    "TO", "TYPE", "DETAIL");
	for (int i = 0; i < n; i++) {
		const ipc_event *e = &ev[i];
		char when[24], dur[16], src[32], dst[32], type[32], detail[64], fs[64], fd[64], ft[64];
		if (f->tsc_hz > 0 && f->cur.tsc >= 0) {
			double s = (double)(e->tsc - f->cur.tsc) / f->tsc_hz;
			fmt_duration(dur, sizeof(dur), s < 0 ? -s : s);
			snprintf(when, sizeof(when), "%s%s", s < 0 ? "-" : "+", dur);
		} else
			snprintf(when, sizeof(when), "%lld", e->tsc);
		frame_ep_name(f, e->src, src, sizeof(src));
		frame_ep_name(f, e->dst, dst, sizeof(dst));
		if (e->kind == MX_TK_IPC_ERR)
			snprintf(type, sizeof(type), "%s", mxt_ipc_name(e->type) ? mxt_ipc_name(e->type) : "?");
		else if (e->kind == MX_TK_RECV_BLOCK)
			snprintf(type, sizeof(type), "-");
		else
			fmt_msgtype(type, sizeof(type), e->type);
		event_detail(f, e, detail, sizeof(detail));
		const char *arrow = e->kind == MX_TK_RECV_BLOCK ? fmt_g->from : fmt_g->to;
		char fw[64], line[512];
		snprintf(line, sizeof(line), "%s %10lld %-9s %s %s %s %s %s", fmt_fit(fw, sizeof(fw), when, 9, 1), e->seq,
			 mxt_kind_name(e->kind) ? mxt_kind_name(e->kind) : "?", fmt_fit(fs, sizeof(fs), src, 12, 0), arrow,
			 fmt_fit(fd, sizeof(fd), dst, 12, 0), fmt_fit(ft, sizeof(ft), type, 16, 0), detail);
		size_t ln = strlen(line);
		while (ln > 0 && line[ln - 1] == ' ')
			line[--ln] = 0;
		add(&t, "%s\n", line);
	}
	free(ev);
	char *s = done(&t);
	if (!s)
		snprintf(err, errlen, "out of memory");
	return s;
}
