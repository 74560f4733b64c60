/*
 * libdump internals: helpers the renderers share.  Not for callers.
 */
#ifndef MX_LIBDUMP_INT_H
#define MX_LIBDUMP_INT_H

#include "dump.h"

/* Column layout shared by several dumps. */
#define DUMP_EP_W   8       /* "slot/gen" */
#define DUMP_NAME_W 15      /* process names: 15 characters and a NUL */
#define DUMP_WRAP   96      /* longest line of a wrapped list */

const struct dump_proc *dump_proc_by_ep(const struct dump_input *in, mx_endpoint_t ep);
const struct dump_proc *dump_proc_by_slot(const struct dump_input *in, int slot);
/* The process name for ep, or its endpoint text ("-" for MX_NONE). */
const char *dump_ep_name(const struct dump_input *in, mx_endpoint_t ep, char *buf, size_t len);
/* Milliseconds from since to now_tsc, or "-" if unknown; buf >= 24. */
const char *dump_ms(const struct dump_input *in, uint64_t since, char *buf, size_t len);
/* Copy a NUL-padded field of n bytes into buf (>= n + 1). */
const char *dump_cstr(const char *field, size_t n, char *buf);
#define DUMP_CSTR(field, buf) dump_cstr((field), sizeof(field), (buf))
/* Letters for the set bits of flags, '-' for the clear ones. */
const char *dump_letters(uint32_t flags, const uint32_t *bits, const char *letters, int n, char *out);

/* Visit indices 0..n-1 in the order cmp defines, without sorting: the
 * index that follows prev (-1 for the first); -1 when done.  cmp must be a
 * total order (break ties by index).  O(n) per call. */
typedef int (*dump_cmp_fn)(const struct dump_input *in, int a, int b);
int dump_next(const struct dump_input *in, int n, int prev, dump_cmp_fn cmp);

/* Start a dump: the title line. */
void dump_title(struct dump_out *o, int key);
/* A dump whose table is missing: one line, and DUMP_UNAVAILABLE. */
int dump_unavailable(struct dump_out *o, const char *table);

/* A list of words wrapped at DUMP_WRAP, continuation lines indented. */
struct dump_words {
	struct dump_out *out;
	int col, indent, count;
};
void dump_words_begin(struct dump_words *w, struct dump_out *o, const char *lead);
void dump_word(struct dump_words *w, const char *word);
void dump_words_end(struct dump_words *w, const char *if_empty);

/* Renderers (dump_kernel.c, dump_servers.c). */
int dump_proctab(const struct dump_input *in, struct dump_out *out);
int dump_memmap(const struct dump_input *in, struct dump_out *out);
int dump_privs(const struct dump_input *in, struct dump_out *out);
int dump_irqs(const struct dump_input *in, struct dump_out *out);
int dump_ipcstats(const struct dump_input *in, struct dump_out *out);
int dump_trace(const struct dump_input *in, struct dump_out *out);
int dump_pm(const struct dump_input *in, struct dump_out *out);
int dump_vfs(const struct dump_input *in, struct dump_out *out);
int dump_dmap(const struct dump_input *in, struct dump_out *out);
int dump_rs(const struct dump_input *in, struct dump_out *out);
int dump_ds(const struct dump_input *in, struct dump_out *out);
int dump_vm(const struct dump_input *in, struct dump_out *out);

#endif
