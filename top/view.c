/* Views: generic cell rendering and comparison by column kind. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "mxt/names.h"
#include "format.h"
#include "view.h"

extern const view_class view_processes, view_ipc, view_kcalls, view_locks, view_threads;

const view_class *const views[VIEW_N] = {
	[VIEW_PROCESSES] = &view_processes,
	[VIEW_IPC] = &view_ipc,
	[VIEW_KCALLS] = &view_kcalls,
	[VIEW_LOCKS] = &view_locks,
	[VIEW_THREADS] = &view_threads,
};

const view_class *view_find(const char *name)
{
	const view_class *found = NULL;
	size_t n = strlen(name);
	if (n == 0)
		return NULL;
	for (int i = 0; i < VIEW_N; i++) {
		if (strcasecmp(views[i]->name, name) == 0)
			return views[i];
		if (strncasecmp(views[i]->name, name, n) == 0) {
			if (found)
				return NULL;          /* ambiguous */
			found = views[i];
		}
	}
	return found;
}

int view_column(const view_class *v, const char *name)
{
	for (int i = 0; i < v->ncolumns; i++)
		if (strcasecmp(v->columns[i].name, name) == 0 || strcasecmp(v->columns[i].title, name) == 0)
			return i;
	return -1;
}

int view_count(const view_class *v, const frame *f)
{
	int n;
	size_t stride;
	v->rows(f, &n, &stride);
	return n;
}

const void *view_row(const view_class *v, const frame *f, int i)
{
	int n;
	size_t stride;
	const char *base = v->rows(f, &n, &stride);
	return i >= 0 && i < n ? base + (size_t)i * stride : NULL;
}

#define FIELD(row, off, type) (*(const type *)((const char *)(row) + (off)))

void view_cell(const view_class *v, const frame *f, const void *row, int col, char *buf, size_t len, int *style)
{
	const column *c = &v->columns[col];
	int sty = STY_NORMAL;
	double d;
	long long ll;
	switch (c->kind) {
	case CK_INT:
		snprintf(buf, len, "%d", FIELD(row, c->off, int));
		break;
	case CK_PRIO:
		if (FIELD(row, c->off, int) < 0) {
			snprintf(buf, len, "-");
			sty = STY_DIM;
		} else
			snprintf(buf, len, "%d", FIELD(row, c->off, int));
		break;
	case CK_COUNT:
		ll = FIELD(row, c->off, long long);
		fmt_count(buf, len, (double)ll);
		if (ll <= 0)
			sty = STY_DIM;
		break;
	case CK_RATE:
		d = FIELD(row, c->off, double);
		fmt_rate(buf, len, d);
		sty = d <= 0 ? STY_DIM : d >= 1e4 ? STY_BOLD : STY_NORMAL;
		break;
	case CK_PCT:
		d = FIELD(row, c->off, double);
		fmt_pct(buf, len, d);
		sty = d <= 0.05 ? STY_DIM : d >= 50 ? STY_BOLD : STY_NORMAL;
		break;
	case CK_SECS:
		d = FIELD(row, c->off, double);
		fmt_duration(buf, len, d);
		if (d < 0)
			sty = STY_DIM;
		break;
	case CK_TICKS_D:
		d = FIELD(row, c->off, double);
		fmt_ticks(buf, len, d, f->tsc_hz);
		if (d < 0)
			sty = STY_DIM;
		break;
	case CK_TICKS_LL:
		ll = FIELD(row, c->off, long long);
		fmt_ticks(buf, len, (double)ll, f->tsc_hz);
		if (ll < 0)
			sty = STY_DIM;
		break;
	case CK_CPUTIME:
		d = FIELD(row, c->off, double);
		fmt_cputime(buf, len, d);
		if (d <= 0)
			sty = STY_DIM;
		break;
	case CK_EP: {
		char tmp[24];
		const char *s = mxt_ep_str(FIELD(row, c->off, mx_endpoint_t), tmp, sizeof(tmp));
		snprintf(buf, len, "%s", s);
		break;
	}
	case CK_EPNAME:
		frame_ep_name(f, FIELD(row, c->off, mx_endpoint_t), buf, len);
		break;
	case CK_MSGTYPE:
		fmt_msgtype(buf, len, FIELD(row, c->off, int));
		sty = STY_INFO;
		break;
	case CK_KCALL:
		fmt_kcall(buf, len, FIELD(row, c->off, int));
		sty = STY_INFO;
		break;
	case CK_STR:
		snprintf(buf, len, "%s", (const char *)row + c->off);
		break;
	case CK_CUSTOM:
		c->show(f, row, buf, len);
		break;
	default:
		snprintf(buf, len, "?");
	}
	if (c->style)
		sty = c->style(f, row);
	if (style)
		*style = sty;
}

static int cmp_d(double a, double b)
{
	/* Unknown values (negative) sort below every known one. */
	if (isnan(a))
		a = -1e300;
	if (isnan(b))
		b = -1e300;
	return a < b ? -1 : a > b;
}

int view_sort_key(const view_class *v, const frame *f, const void *row, int col, double *key)
{
	const column *c = &v->columns[col];
	double k;
	switch (c->kind) {
	case CK_INT:
	case CK_PRIO:
		k = FIELD(row, c->off, int);
		break;
	case CK_COUNT:
	case CK_TICKS_LL:
		k = (double)FIELD(row, c->off, long long);
		break;
	case CK_RATE:
	case CK_PCT:
	case CK_SECS:
	case CK_TICKS_D:
	case CK_CPUTIME:
		k = FIELD(row, c->off, double);
		break;
	case CK_EP: {
		/* By slot, then generation; special endpoints last. */
		mx_endpoint_t e = FIELD(row, c->off, mx_endpoint_t);
		k = MX_EP_SPECIAL(e) ? 1e12 + (double)(uint32_t)e : MX_EP_SLOT(e) * 65536.0 + MX_EP_GEN(e);
		break;
	}
	case CK_CUSTOM:
		if (!c->key)
			return 0;
		k = c->key(f, row);
		break;
	default:
		return 0;
	}
	(void)f;
	*key = isnan(k) ? -1e300 : k;
	return 1;
}

int view_compare(const view_class *v, const frame *f, const void *a, const void *b, int col)
{
	double ka, kb;
	if (view_sort_key(v, f, a, col, &ka) && view_sort_key(v, f, b, col, &kb))
		return cmp_d(ka, kb);
	char ta[128], tb[128];
	view_cell(v, f, a, col, ta, sizeof(ta), NULL);
	view_cell(v, f, b, col, tb, sizeof(tb), NULL);
	return strcasecmp(ta, tb);
}

void view_proc_state(const frame *f, const proc_row *p, char *buf, size_t len)
{
	char peer[32];
	const char *s = p->state;
	if (!strcmp(s, "SEND") && p->peer != MX_NONE)
		snprintf(buf, len, "SEND%s%s", fmt_g->to, frame_ep_name(f, p->peer, peer, sizeof(peer)));
	else if ((!strcmp(s, "RECV") || !strcmp(s, "REPLY-WAIT")) && p->peer != MX_NONE && p->peer != MX_ANY)
		snprintf(buf, len, "%s%s%s", s, fmt_g->from, frame_ep_name(f, p->peer, peer, sizeof(peer)));
	else if (!strcmp(s, "STOPPED") && p->tracer != MX_NONE)   /* waits for its tracer to resume it */
		snprintf(buf, len, "%s%s%s", s, fmt_g->from, frame_ep_name(f, p->tracer, peer, sizeof(peer)));
	else
		snprintf(buf, len, "%s", s);
}
