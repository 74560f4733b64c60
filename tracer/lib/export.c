/* Chrome trace-event JSON from a run database (see mxt/export.h). */
#include <stdlib.h>
#include <string.h>
#include <mx/endpoint.h>
#include <mx/ipc.h>
#include <mx/trace.h>
#include "mxt/export.h"
#include "mxt/names.h"

#define NEP (1 << 16)            /* endpoint state slots (hashed by endpoint) */

enum { W_NONE, W_SEND, W_RECV, W_REPLY };

struct ep_state {
	int32_t ep;
	int wait;                /* W_* */
	uint64_t since;
	int32_t peer;
	int32_t type;
	int sendrec;             /* a blocked send that is part of a SENDREC */
	int running;
	uint64_t run_since;
};

struct ex {
	FILE *out;
	int64_t boot;
	uint64_t tsc0;
	double ticks_per_us;
	uint64_t written;
	uint64_t flow_id;
	int first;
	struct ep_state *eps;
	int32_t *tids;           /* endpoints that got a thread_name */
	size_t ntids, captids;
	struct { int32_t ep; char name[48]; } *names;  /* from the boot's snapshots */
	size_t nnames;
	sqlite3 *db;
};

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 32 || c >= 127)
			fprintf(f, "\\u%04x", c < 127 ? c : '?');
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static double us(const struct ex *x, uint64_t tsc)
{
	return tsc >= x->tsc0 ? (double)(tsc - x->tsc0) / x->ticks_per_us : 0.0;
}

static void sep(struct ex *x)
{
	fputs(x->first ? "\n" : ",\n", x->out);
	x->first = 0;
	x->written++;
}

static const char *ep_name(struct ex *x, int32_t ep, char *buf, size_t len)
{
	if (ep == MX_ANY) return "ANY";
	if (ep == MX_NONE) return "NONE";
	if (ep == MX_SELF) return "SELF";
	buf[0] = 0;
	for (size_t i = 0; i < x->nnames; i++)
		if (x->names[i].ep == ep) {
			snprintf(buf, len, "%s", x->names[i].name);
			break;
		}
	if (!buf[0]) {
		static const char *const tasks[] = { "idle", "clock", "system", "hardware" };
		if (ep >= 0 && ep < MX_NR_TASKS)
			snprintf(buf, len, "%s", tasks[ep]);
		else
			snprintf(buf, len, "ep %d/%d", MX_EP_SLOT(ep), MX_EP_GEN(ep));
	}
	return buf;
}

/* Make sure the track of ep is named. */
static void track(struct ex *x, int32_t ep)
{
	for (size_t i = 0; i < x->ntids; i++)
		if (x->tids[i] == ep)
			return;
	if (x->ntids == x->captids) {
		size_t cap = x->captids ? x->captids * 2 : 64;
		int32_t *t = realloc(x->tids, cap * sizeof(*t));
		if (!t)
			return;
		x->tids = t;
		x->captids = cap;
	}
	x->tids[x->ntids++] = ep;
	char name[64], label[96], eps[24];
	snprintf(label, sizeof(label), "%s (%s)", ep_name(x, ep, name, sizeof(name)), mxt_ep_str(ep, eps, sizeof(eps)));
	sep(x);
	fprintf(x->out, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%lld,\"tid\":%d,\"args\":{\"name\":",
		(long long)x->boot, ep);
	json_str(x->out, label);
	fputs("}}", x->out);
	sep(x);
	fprintf(x->out, "{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%lld,\"tid\":%d,\"args\":{\"sort_index\":%d}}",
		(long long)x->boot, ep, MX_EP_SLOT(ep));
}

static struct ep_state *eps(struct ex *x, int32_t ep)
{
	struct ep_state *s = &x->eps[(uint32_t)ep % NEP];
	if (s->ep != ep) {
		memset(s, 0, sizeof(*s));
		s->ep = ep;
	}
	return s;
}

static const char *type_name(int32_t type, char *buf, size_t len)
{
	const char *n = mxt_msgtype_name(type);
	if (n)
		return n;
	snprintf(buf, len, "type %d", type);
	return buf;
}

static void slice(struct ex *x, int32_t ep, const char *cat, const char *name, uint64_t t0, uint64_t t1, const char *args)
{
	if (MX_EP_SPECIAL(ep))
		return;
	track(x, ep);
	sep(x);
	fprintf(x->out, "{\"ph\":\"X\",\"cat\":\"%s\",\"pid\":%lld,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,\"name\":", cat,
		(long long)x->boot, ep, us(x, t0), t1 > t0 ? (double)(t1 - t0) / x->ticks_per_us : 0.0);
	json_str(x->out, name);
	if (args)
		fprintf(x->out, ",\"args\":%s", args);
	fputc('}', x->out);
}

static void instant(struct ex *x, int32_t ep, const char *cat, const char *name, uint64_t t, const char *args)
{
	if (MX_EP_SPECIAL(ep))
		ep = MX_SYSTEM;
	track(x, ep);
	sep(x);
	fprintf(x->out, "{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"%s\",\"pid\":%lld,\"tid\":%d,\"ts\":%.3f,\"name\":", cat,
		(long long)x->boot, ep, us(x, t));
	json_str(x->out, name);
	if (args)
		fprintf(x->out, ",\"args\":%s", args);
	fputc('}', x->out);
}

/* End the wait of ep, if it has one of kind w (any if w == W_NONE). */
static void end_wait(struct ex *x, int32_t ep, int w, uint64_t t)
{
	if (MX_EP_SPECIAL(ep))
		return;
	struct ep_state *s = eps(x, ep);
	if (s->wait == W_NONE || (w != W_NONE && s->wait != w))
		return;
	char name[192], buf[64], tn[32];
	const char *pn = ep_name(x, s->peer, buf, sizeof(buf));
	switch (s->wait) {
	case W_SEND: snprintf(name, sizeof(name), "blocked: SEND %s -> %s", type_name(s->type, tn, sizeof(tn)), pn); break;
	case W_RECV: snprintf(name, sizeof(name), "blocked: RECEIVE <- %s", pn); break;
	default: snprintf(name, sizeof(name), "reply-wait <- %s", pn); break;
	}
	slice(x, ep, "wait", name, s->since, t, NULL);
	s->wait = W_NONE;
}

static void begin_wait(struct ex *x, int32_t ep, int w, int32_t peer, int32_t type, uint64_t t)
{
	if (MX_EP_SPECIAL(ep))
		return;
	end_wait(x, ep, W_NONE, t);
	struct ep_state *s = eps(x, ep);
	s->wait = w;
	s->since = t;
	s->peer = peer;
	s->type = type;
}

/* A message from src (sent at ts) delivered to dst at td: a flow arrow. */
static void message(struct ex *x, const mx_trace_rec *r, uint64_t ts, int flows)
{
	char name[96], tn[32], a[128];
	const char *t = type_name(r->type, tn, sizeof(tn));
	snprintf(a, sizeof(a), "{\"src\":%d,\"dst\":%d,\"type\":%d,\"arg\":%u,\"flags\":%u}", r->src, r->dst, r->type, r->arg, r->flags);
	snprintf(name, sizeof(name), "send %s", t);
	slice(x, r->src, "ipc", name, ts, ts + 1, a);
	snprintf(name, sizeof(name), "recv %s", t);
	slice(x, r->dst, "ipc", name, r->tsc, r->tsc + 1, a);
	if (!flows || MX_EP_SPECIAL(r->src) || MX_EP_SPECIAL(r->dst))
		return;
	x->flow_id++;
	sep(x);
	fprintf(x->out, "{\"ph\":\"s\",\"cat\":\"ipc\",\"name\":\"message\",\"id\":%llu,\"pid\":%lld,\"tid\":%d,\"ts\":%.3f}",
		(unsigned long long)x->flow_id, (long long)x->boot, r->src, us(x, ts));
	sep(x);
	fprintf(x->out, "{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"ipc\",\"name\":\"message\",\"id\":%llu,\"pid\":%lld,\"tid\":%d,\"ts\":%.3f}",
		(unsigned long long)x->flow_id, (long long)x->boot, r->dst, us(x, r->tsc));
}

static void event(struct ex *x, const mx_trace_rec *r, int flows)
{
	char name[192], a[160], tn[32], en[64];
	const char *kind = mxt_kind_name(r->kind);
	snprintf(a, sizeof(a), "{\"src\":%d,\"dst\":%d,\"type\":%d,\"arg\":%u,\"flags\":%u}", r->src, r->dst, r->type, r->arg, r->flags);
	switch (r->kind) {
	case MX_TK_SEND:
		if (r->flags & MX_TF_REPLY)
			end_wait(x, r->dst, W_REPLY, r->tsc);
		end_wait(x, r->dst, W_RECV, r->tsc);
		message(x, r, r->tsc, flows);
		if (r->flags & MX_TF_SENDREC)
			begin_wait(x, r->src, W_REPLY, r->dst, r->type, r->tsc);
		break;
	case MX_TK_SEND_BLOCK: {
		begin_wait(x, r->src, W_SEND, r->dst, r->type, r->tsc);
		eps(x, r->src)->sendrec = (r->flags & MX_TF_SENDREC) != 0;
		break;
	}
	case MX_TK_RECV: {
		uint64_t sent = r->tsc;
		struct ep_state *s = MX_EP_SPECIAL(r->src) ? NULL : eps(x, r->src);
		if (s && s->wait == W_SEND && s->peer == r->dst)
			sent = s->since;
		int sendrec = s && s->wait == W_SEND && s->sendrec;
		end_wait(x, r->src, W_SEND, r->tsc);
		end_wait(x, r->dst, W_RECV, r->tsc);
		message(x, r, sent, flows);
		if (sendrec)
			begin_wait(x, r->src, W_REPLY, r->dst, r->type, r->tsc);
		break;
	}
	case MX_TK_RECV_BLOCK:
		begin_wait(x, r->src, W_RECV, r->dst, 0, r->tsc);
		break;
	case MX_TK_NOTIFY:
		if (r->arg == 1) {
			end_wait(x, r->dst, W_RECV, r->tsc);
			message(x, r, r->tsc, flows);
		} else {
			snprintf(name, sizeof(name), "notify -> %s (pending)", ep_name(x, r->dst, en, sizeof(en)));
			instant(x, r->src, "ipc", name, r->tsc, a);
		}
		break;
	case MX_TK_SENDA:
		if (r->arg == 1) {
			end_wait(x, r->dst, W_RECV, r->tsc);
			message(x, r, r->tsc, flows);
		} else {
			snprintf(name, sizeof(name), "senda %s -> %s", type_name(r->type, tn, sizeof(tn)), ep_name(x, r->dst, en, sizeof(en)));
			instant(x, r->src, "ipc", name, r->tsc, a);
		}
		break;
	case MX_TK_KCALL: {
		const char *k = mxt_kcall_name(r->type);
		snprintf(name, sizeof(name), "%s%s", k ? k : "kcall", (r->flags & MX_TF_ERR) ? " (failed)" : "");
		slice(x, r->src, "kcall", name, r->tsc >= r->arg ? r->tsc - r->arg : r->tsc, r->tsc, a);
		break;
	}
	case MX_TK_SWITCH: {
		if (!MX_EP_SPECIAL(r->src)) {
			struct ep_state *s = eps(x, r->src);
			if (s->running) {
				slice(x, r->src, "sched", "running", s->run_since, r->tsc, NULL);
				s->running = 0;
			}
		}
		if (!MX_EP_SPECIAL(r->dst)) {
			struct ep_state *s = eps(x, r->dst);
			s->running = 1;
			s->run_since = r->tsc;
		}
		break;
	}
	case MX_TK_IPC_ERR: {
		const char *call = mxt_ipc_name(r->type), *e = mxt_errno_name(-(int32_t)r->arg);
		snprintf(name, sizeof(name), "%s -> %s failed: %s", call ? call : "ipc", ep_name(x, r->dst, en, sizeof(en)),
			 e ? e : "?");
		instant(x, r->src, "ipc", name, r->tsc, a);
		break;
	}
	default:
		snprintf(name, sizeof(name), "%s", kind ? kind : "event");
		instant(x, r->src, kind ? kind : "event", name, r->tsc, a);
		break;
	}
}

static int export_boot(struct ex *x, const struct mxt_export_opts *o, uint64_t *records, char *err)
{
	sqlite3_stmt *st;
	const char *title = "MX";
	char label[128];
	uint64_t tsc_hz = 0;
	if (sqlite3_prepare_v2(x->db, "SELECT coalesce(release, 'MX'), coalesce(tsc_hz, 0) FROM boots WHERE boot_id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(x->db));
	sqlite3_bind_int64(st, 1, x->boot);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(label, sizeof(label), "%s, boot %lld", (const char *)sqlite3_column_text(st, 0), (long long)x->boot);
		title = label;
		tsc_hz = (uint64_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	x->ticks_per_us = tsc_hz >= 1000000 ? (double)tsc_hz / 1e6 : 1000.0;
	x->nnames = 0;
	if (sqlite3_prepare_v2(x->db, "SELECT endpoint, name FROM proc_names WHERE boot_id = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, x->boot);
		while (sqlite3_step(st) == SQLITE_ROW) {
			void *n = realloc(x->names, (x->nnames + 1) * sizeof(*x->names));
			if (!n)
				break;
			x->names = n;
			x->names[x->nnames].ep = sqlite3_column_int(st, 0);
			snprintf(x->names[x->nnames].name, sizeof(x->names[0].name), "%s", (const char *)sqlite3_column_text(st, 1));
			x->nnames++;
		}
		sqlite3_finalize(st);
	}
	int64_t lo = x->boot << 40, hi = lo | ((1ll << 40) - 1);
	if (sqlite3_prepare_v2(x->db, "SELECT min(tsc) FROM events WHERE id BETWEEN ? AND ?", -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(x->db));
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	x->tsc0 = sqlite3_step(st) == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	sep(x);
	fprintf(x->out, "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%lld,\"args\":{\"name\":", (long long)x->boot);
	json_str(x->out, title);
	fputs("}}", x->out);
	uint64_t from = x->tsc0 + (uint64_t)(o->from_s * x->ticks_per_us * 1e6);
	uint64_t to = o->to_s > 0 ? x->tsc0 + (uint64_t)(o->to_s * x->ticks_per_us * 1e6) : UINT64_MAX;
	if (sqlite3_prepare_v2(x->db, "SELECT tsc, kind, flags, src, dst, type, arg FROM events WHERE id BETWEEN ? AND ? ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "%s", sqlite3_errmsg(x->db));
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mx_trace_rec r;
		memset(&r, 0, sizeof(r));
		r.tsc = (uint64_t)sqlite3_column_int64(st, 0);
		if (r.tsc < from || r.tsc > to)
			continue;
		r.kind = (uint8_t)sqlite3_column_int(st, 1);
		r.flags = (uint8_t)sqlite3_column_int(st, 2);
		r.src = sqlite3_column_int(st, 3);
		r.dst = sqlite3_column_int(st, 4);
		r.type = sqlite3_column_int(st, 5);
		r.arg = (uint32_t)sqlite3_column_int64(st, 6);
		event(x, &r, !o->no_flows);
		(*records)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return mxt_errf(err, "reading events: %s", sqlite3_errmsg(x->db));
	return ferror(x->out) ? mxt_errf(err, "writing the JSON failed") : 0;
}

int mxt_export_chrome(sqlite3 *db, FILE *out, const struct mxt_export_opts *o, struct mxt_export_stats *stats, char *err)
{
	struct ex x = { .out = out, .db = db, .first = 1 };
	struct mxt_export_stats st = { 0, 0 };
	x.eps = calloc(NEP, sizeof(*x.eps));
	if (!x.eps)
		return mxt_errf(err, "out of memory");
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", out);
	sqlite3_stmt *boots;
	int rc = 0;
	if (sqlite3_prepare_v2(db, "SELECT boot_id FROM boots WHERE ?1 < 0 OR boot_id = ?1 ORDER BY boot_id", -1, &boots, NULL) != SQLITE_OK) {
		free(x.eps);
		return mxt_errf(err, "%s", sqlite3_errmsg(db));
	}
	sqlite3_bind_int64(boots, 1, o->boot_id);
	int nboots = 0;
	while (rc == 0 && sqlite3_step(boots) == SQLITE_ROW) {
		x.boot = sqlite3_column_int64(boots, 0);
		x.ntids = 0;
		memset(x.eps, 0, NEP * sizeof(*x.eps));
		rc = export_boot(&x, o, &st.records, err);
		nboots++;
	}
	sqlite3_finalize(boots);
	if (rc == 0 && nboots == 0)
		rc = o->boot_id >= 0 ? mxt_errf(err, "no boot %lld in the database", (long long)o->boot_id)
				     : mxt_errf(err, "the database holds no boot");
	fputs("\n]}\n", out);
	free(x.eps);
	free(x.tids);
	free(x.names);
	st.written = x.written;
	if (stats)
		*stats = st;
	return rc;
}
