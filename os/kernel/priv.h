/*
 * Privilege structures.  Each system process has its own; user processes
 * share priv[0].  The IPC send mask (s_ipc_to) is a bitmap over priv ids
 * and is kept symmetric: A may send to B exactly when B may send to A.
 * No process may send to itself: a priv never has its own bit.
 */
#ifndef MX_PRIV_H
#define MX_PRIV_H

#include "kernel.h"

#define PRIV_WORDS (MX_NR_PRIVS / 32)

struct priv {
	int32_t  s_id;                /* index in priv[] */
	int32_t  s_proc_nr;           /* owner's slot, -1 for the shared user priv */
	uint32_t s_flags;             /* MX_PF_* ; 0 means the entry is free */
	uint32_t s_trap_mask;         /* allowed IPC primitives (bit per call) */
	uint32_t s_kcall_mask;        /* allowed kernel calls (bit per call) */
	uint32_t s_ipc_to[PRIV_WORDS];        /* may send to these privs */
	uint32_t s_notify_pending[PRIV_WORDS];/* notifications from these privs */
	uint32_t s_asyn_pending[PRIV_WORDS];  /* asynchronous messages from these privs */
	uint32_t s_asyntab, s_asynsize;       /* its SENDA table */
	uint32_t s_grant_table, s_grant_entries;
	mx_endpoint_t s_sig_mgr;      /* who handles its signals; MX_NONE: the kernel */
	uint32_t s_int_pending;       /* IRQ hook bits for the next HARDWARE notification */
	uint32_t s_irq_mask;          /* IRQ lines it may hook */
	uint16_t s_io_base[2], s_io_len[2];
	char     s_name[8];
};

extern struct priv priv[MX_NR_PRIVS];

#define priv_bit_get(map, id)   (((map)[(id) >> 5] >> ((id) & 31)) & 1)
#define priv_bit_set(map, id)   ((map)[(id) >> 5] |= 1u << ((id) & 31))
#define priv_bit_clear(map, id) ((map)[(id) >> 5] &= ~(1u << ((id) & 31)))

/* priv.c */
struct priv *priv_alloc(void);
void priv_release(struct priv *sp);
int priv_allow(struct priv *a, struct priv *b);
void priv_disallow(struct priv *a, struct priv *b);
int may_send_to(const struct proc *src, const struct proc *dst);
void priv_remember(const char *from, const char *to);
void priv_apply_pending(struct priv *sp);

#endif
