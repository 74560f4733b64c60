/*
 * libdump: the output buffer, the dump table and the helpers every
 * renderer shares (flag letters, names, times, ordering).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <mx/procflags.h>
#include <mx/callnr.h>
#include <mx/ipc.h>
#include "dumpint.h"

/* ---- output -------------------------------------------------------------- */

void dump_out_init(struct dump_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size)
		buf[0] = 0;
}

void dump_printf(struct dump_out *o, const char *fmt, ...)
{
	va_list ap;
	char scratch[2];
	int n;
	va_start(ap, fmt);
	if (o->size && o->len + 1 < o->size)
		n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	else
		n = vsnprintf(scratch, sizeof(scratch), fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* ---- the table ------------------------------------------------------------- */

/* Each key of MX_DUMPS: its renderer and the tables it reads. */
#define DUMP_FN_PROCTAB  dump_proctab
#define DUMP_FN_MEMMAP   dump_memmap
#define DUMP_FN_PRIVS    dump_privs
#define DUMP_FN_IRQS     dump_irqs
#define DUMP_FN_IPCSTATS dump_ipcstats
#define DUMP_FN_TRACE    dump_trace
#define DUMP_FN_PM       dump_pm
#define DUMP_FN_VFS      dump_vfs
#define DUMP_FN_DMAP     dump_dmap
#define DUMP_FN_RS       dump_rs
#define DUMP_FN_DS       dump_ds
#define DUMP_FN_VM       dump_vm
#define DUMP_NEEDS_PROCTAB  "proc"
#define DUMP_NEEDS_MEMMAP   "proc, vm.regions"
#define DUMP_NEEDS_PRIVS    "proc, priv"
#define DUMP_NEEDS_IRQS     "proc, irq hooks"
#define DUMP_NEEDS_IPCSTATS "proc, ipc pairs"
#define DUMP_NEEDS_TRACE    "proc, trace ring"
#define DUMP_NEEDS_PM       "pm.procs"
#define DUMP_NEEDS_VFS      "vfs.fproc, vfs.threads, vfs.locks"
#define DUMP_NEEDS_DMAP     "vfs.dmap"
#define DUMP_NEEDS_RS       "rs.services"
#define DUMP_NEEDS_DS       "ds.entries"
#define DUMP_NEEDS_VM       "vm.regions"

const struct dump_def dump_defs[] = {
#define DUMP_DEF(n, num, fk, sname, ttl) \
	{ .key = num, .fkey = fk, .name = sname, .title = ttl, .needs = DUMP_NEEDS_##n, .render = DUMP_FN_##n },
	MX_DUMPS(DUMP_DEF)
#undef DUMP_DEF
	{ .key = 0 }
};

const struct dump_def *dump_find(int key)
{
	for (const struct dump_def *d = dump_defs; d->key; d++)
		if (d->key == key)
			return d;
	return 0;
}

int dump_render(int key, const struct dump_input *in, struct dump_out *out)
{
	const struct dump_def *d = dump_find(key);
	return d ? d->render(in, out) : DUMP_UNKNOWN;
}

void dump_title(struct dump_out *o, int key)
{
	const struct dump_def *d = dump_find(key);
	dump_printf(o, "%s\n", d ? d->title : "?");
}

int dump_unavailable(struct dump_out *o, const char *table)
{
	dump_printf(o, "not available: the %s table could not be read\n", table);
	return DUMP_UNAVAILABLE;
}

/* ---- flags and names --------------------------------------------------------- */

const char *dump_letters(uint32_t flags, const uint32_t *bits, const char *letters, int n, char *out)
{
	int i;
	for (i = 0; i < n && i < DUMP_FLAGS_MAX - 1; i++)
		out[i] = (flags & bits[i]) ? letters[i] : '-';
	out[i] = 0;
	return out;
}

#define BIT_OF(name, bit, letter, text) bit,
#define LETTER_OF(name, bit, letter, text) letter,

const char *dump_rts_letters(uint32_t flags, char out[DUMP_FLAGS_MAX])
{
	static const uint32_t bits[] = { MX_RTS_FLAGS(BIT_OF) };
	static const char ls[] = { MX_RTS_FLAGS(LETTER_OF) };
	return dump_letters(flags, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])), out);
}

const char *dump_misc_letters(uint32_t flags, char out[DUMP_FLAGS_MAX])
{
	static const uint32_t bits[] = { MX_MF_FLAGS(BIT_OF) };
	static const char ls[] = { MX_MF_FLAGS(LETTER_OF) };
	return dump_letters(flags, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])), out);
}

const char *dump_priv_letters(uint32_t flags, char out[DUMP_FLAGS_MAX])
{
	static const uint32_t bits[] = { MX_PF_FLAGS(BIT_OF) };
	static const char ls[] = { MX_PF_FLAGS(LETTER_OF) };
	return dump_letters(flags, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])), out);
}

const char *dump_proc_state(uint32_t rts, uint32_t misc)
{
	if (rts & MX_RTS_SLOT_FREE) return "FREE";
	if (rts & MX_RTS_EXITING) return "EXITING";
	if (rts & MX_RTS_BOOTING) return "BOOTING";
	if (rts & MX_RTS_PROC_STOP) return "STOPPED";
	if (rts & MX_RTS_SIG_PENDING) return "SIGNAL";
	if (rts & MX_RTS_PAGEFAULT) return "PAGEFAULT";
	if (rts & MX_RTS_NO_PRIV) return "NOPRIV";
	if (rts & MX_RTS_SENDING) return "SEND";
	if (rts & MX_RTS_RECEIVING) return (misc & MX_MF_REPLY_PEND) ? "REPLY-WAIT" : "RECV";
	return "RUN";
}

const char *dump_ep_str(mx_endpoint_t ep, char *buf, size_t len)
{
	if (ep == MX_ANY) return "ANY";
	if (ep == MX_NONE) return "NONE";
	if (ep == MX_SELF) return "SELF";
	snprintf(buf, len, "%d/%d", MX_EP_SLOT(ep), MX_EP_GEN(ep));
	return buf;
}

const char *dump_msgtype_name(int type)
{
	if (type == MX_NOTIFY_MESSAGE)
		return "NOTIFY";
	switch (type) {
#define C(name, num, text) case num: return #name;
	MX_ALL_CALLS(C)
#undef C
	}
	return 0;
}

const struct dump_proc *dump_proc_by_ep(const struct dump_input *in, mx_endpoint_t ep)
{
	for (int i = 0; i < in->nprocs; i++)
		if (in->procs[i].endpoint == ep)
			return &in->procs[i];
	return 0;
}

const struct dump_proc *dump_proc_by_slot(const struct dump_input *in, int slot)
{
	for (int i = 0; i < in->nprocs; i++)
		if (in->procs[i].slot == slot)
			return &in->procs[i];
	return 0;
}

const char *dump_ep_name(const struct dump_input *in, mx_endpoint_t ep, char *buf, size_t len)
{
	if (ep == MX_NONE)
		return "-";
	const struct dump_proc *p = dump_proc_by_ep(in, ep);
	if (p) {
		snprintf(buf, len, "%s", p->name);
		return buf;
	}
	return dump_ep_str(ep, buf, len);
}

const char *dump_ms(const struct dump_input *in, uint64_t since, char *buf, size_t len)
{
	if (!since || !in->tsc_hz || in->now_tsc < since) {
		snprintf(buf, len, "-");
		return buf;
	}
	uint64_t d = in->now_tsc - since;
	uint64_t ms = d / in->tsc_hz * 1000 + d % in->tsc_hz * 1000 / in->tsc_hz;
	snprintf(buf, len, "%llu", (unsigned long long)ms);
	return buf;
}

const char *dump_cstr(const char *field, size_t n, char *buf)
{
	size_t i;
	for (i = 0; i < n && field[i]; i++)
		buf[i] = field[i];
	buf[i] = 0;
	return buf;
}

int dump_next(const struct dump_input *in, int n, int prev, dump_cmp_fn cmp)
{
	int best = -1;
	for (int i = 0; i < n; i++) {
		if (prev >= 0 && cmp(in, i, prev) <= 0)
			continue;
		if (best < 0 || cmp(in, i, best) < 0)
			best = i;
	}
	return best;
}

/* ---- wrapped word lists --------------------------------------------------- */

void dump_words_begin(struct dump_words *w, struct dump_out *o, const char *lead)
{
	w->out = o;
	w->indent = (int)strlen(lead);
	w->col = w->indent;
	w->count = 0;
	dump_printf(o, "%s", lead);
}

void dump_word(struct dump_words *w, const char *word)
{
	int n = (int)strlen(word);
	if (w->col > w->indent && w->col + 1 + n > DUMP_WRAP) {
		dump_printf(w->out, "\n%*s", w->indent, "");
		w->col = w->indent;
	}
	dump_printf(w->out, " %s", word);
	w->col += n + 1;
	w->count++;
}

void dump_words_end(struct dump_words *w, const char *if_empty)
{
	if (!w->count)
		dump_printf(w->out, "%s", if_empty);
	dump_printf(w->out, "\n");
}
