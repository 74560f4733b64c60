/*
 * Privilege structures and the IPC send mask.
 *
 * All changes to s_ipc_to go through priv_allow/priv_disallow, which keep
 * the matrix symmetric and never set a priv's own bit (no send-to-self), and
 * refuse bits for unused privs.  Permissions naming a process that does not
 * exist yet are remembered by name (priv_remember) and applied when a priv
 * is given to a process of that name (priv_apply_pending), as RS does for
 * labels in the seeds.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

struct priv priv[MX_NR_PRIVS];

#define MAX_PENDING 32
static struct { char from[16], to[16]; } pending[MAX_PENDING];

struct priv *priv_alloc(void)
{
	for (int i = 1; i < MX_NR_PRIVS; i++) {
		if (!priv[i].s_flags) {
			struct priv *sp = &priv[i];
			memset(sp, 0, sizeof(*sp));
			sp->s_id = i;
			sp->s_proc_nr = -1;
			sp->s_flags = MX_PF_SYS_PROC;
			sp->s_sig_mgr = MX_NONE;
			return sp;
		}
	}
	return NULL;
}

/* Free sp, removing it from every other priv's send mask. */
void priv_release(struct priv *sp)
{
	if (sp->s_id == 0)
		return;
	for (int i = 0; i < MX_NR_PRIVS; i++) {
		priv_bit_clear(priv[i].s_ipc_to, sp->s_id);
		priv_bit_clear(priv[i].s_notify_pending, sp->s_id);
		priv_bit_clear(priv[i].s_asyn_pending, sp->s_id);
	}
	sp->s_flags = 0;
	sp->s_proc_nr = -1;
}

int priv_allow(struct priv *a, struct priv *b)
{
	if (a == b || (!a->s_flags && a->s_id != 0) || (!b->s_flags && b->s_id != 0))
		return -MX_EINVAL;
	priv_bit_set(a->s_ipc_to, b->s_id);
	priv_bit_set(b->s_ipc_to, a->s_id);
	return MX_OK;
}

void priv_disallow(struct priv *a, struct priv *b)
{
	priv_bit_clear(a->s_ipc_to, b->s_id);
	priv_bit_clear(b->s_ipc_to, a->s_id);
}

int may_send_to(const struct proc *src, const struct proc *dst)
{
	return priv_bit_get(src->p_priv->s_ipc_to, dst->p_priv->s_id);
}

/* Remember that `from` may talk to `to` once both exist. */
void priv_remember(const char *from, const char *to)
{
	for (int i = 0; i < MAX_PENDING; i++) {
		if (strcmp(pending[i].from, from) == 0 && strcmp(pending[i].to, to) == 0)
			return;
		if (!pending[i].from[0]) {
			strlcpy_k(pending[i].from, from, sizeof(pending[i].from));
			strlcpy_k(pending[i].to, to, sizeof(pending[i].to));
			return;
		}
	}
	kprintf("kernel: pending IPC table full, dropped %s -> %s\n", from, to);
}

static struct priv *priv_by_name(const char *name)
{
	for (int i = 1; i < MX_NR_PRIVS; i++)
		if (priv[i].s_flags && priv[i].s_proc_nr >= 0 && strcmp(priv[i].s_name, name) == 0)
			return &priv[i];
	return NULL;
}

/*
 * sp's owner now exists: apply every remembered permission naming it by
 * its label (the priv's name: the boot table name, or the label RS gives).
 */
void priv_apply_pending(struct priv *sp)
{
	const char *name = sp->s_name;
	for (int i = 0; i < MAX_PENDING; i++) {
		if (!pending[i].from[0])
			continue;
		const char *other = NULL;
		if (strcmp(pending[i].from, name) == 0)
			other = pending[i].to;
		else if (strcmp(pending[i].to, name) == 0)
			other = pending[i].from;
		if (!other)
			continue;
		struct priv *op = strcmp(other, "USER") == 0 ? &priv[0] : priv_by_name(other);
		if (op)
			priv_allow(sp, op);      /* kept: applies again after a restart */
	}
}
