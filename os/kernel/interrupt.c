/*
 * IRQ hooks.  A driver sets a policy on a line (SYS_IRQCTL); when the line
 * fires, the kernel masks it, sets the hook's bit in the driver's pending
 * interrupt bits and notifies it from HARDWARE.  With MX_IRQ_REENABLE the
 * line is unmasked again at once; otherwise the driver re-enables it.  An
 * exclusive hook hides the line from every other hook until it is removed
 * (the keyboard-driver case of the seeds).  The clock and the debug
 * channel's line are the kernel's own.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

#define NR_IRQS 16

struct irq_hook irq_hooks[NR_IRQ_HOOKS];

void irq_init(void)
{
	for (int i = 0; i < NR_IRQ_HOOKS; i++)
		irq_hooks[i].irq = -1;
}

static int exclusive_hook(int irq)
{
	for (int i = 0; i < NR_IRQ_HOOKS; i++)
		if (irq_hooks[i].irq == irq && (irq_hooks[i].policy & MX_IRQ_EXCLUSIVE))
			return i;
	return -1;
}

static void line_update(int irq)
{
	int any = 0, held = 0;
	for (int i = 0; i < NR_IRQ_HOOKS; i++)
		if (irq_hooks[i].irq == irq) {
			any = 1;
			held |= irq_hooks[i].active;
		}
	if (any && !held)
		pic_unmask(irq);
	else if (irq != 0 && irq != 3)
		pic_mask(irq);
}

void irq_handle(int irq)
{
	kinfo.irqs++;
	if (irq == 0) {
		extern struct stackframe *irq_frame;
		pic_eoi(0);
		clock_tick(irq_frame);
		TRACE(MX_TK_IRQ, 0, MX_HARDWARE, MX_CLOCK, 0, 0);
		return;
	}
	if (irq == 3) {
		pic_eoi(3);
		dbgchan_rx_irq();
		dbgchan_tx_irq();
		TRACE(MX_TK_IRQ, 0, MX_HARDWARE, MX_NONE, 3, 0);
		return;
	}
	pic_mask(irq);
	pic_eoi(irq);
	int excl = exclusive_hook(irq);
	mx_endpoint_t first = MX_NONE;
	for (int i = 0; i < NR_IRQ_HOOKS; i++) {
		struct irq_hook *h = &irq_hooks[i];
		if (h->irq != irq || (excl >= 0 && i != excl))
			continue;
		struct proc *p = ep_proc(h->ep);
		if (!p)
			continue;
		if (first == MX_NONE)
			first = h->ep;
		p->p_priv->s_int_pending |= 1u << h->notify_id;
		if (!(h->policy & MX_IRQ_REENABLE))
			h->active = 1;
		mini_notify(&proc[MX_HARDWARE], h->ep);
	}
	TRACE(MX_TK_IRQ, 0, MX_HARDWARE, first, irq, 0);
	line_update(irq);
}

int irq_setpolicy(struct proc *p, int irq, int policy, int notify_id)
{
	if (irq < 1 || irq >= NR_IRQS || irq == 2 || irq == 3 || notify_id < 0 || notify_id > 31)
		return -MX_EINVAL;
	if (!(p->p_priv->s_irq_mask & (1u << irq)))
		return -MX_EPERM;
	if ((policy & MX_IRQ_EXCLUSIVE) && exclusive_hook(irq) >= 0)
		return -MX_EBUSY;
	for (int i = 0; i < NR_IRQ_HOOKS; i++) {
		if (irq_hooks[i].irq != -1)
			continue;
		irq_hooks[i] = (struct irq_hook){ irq, p->p_endpoint, (uint32_t)policy, (uint32_t)notify_id, 0 };
		line_update(irq);
		return i;
	}
	return -MX_ENOSPC;
}

static struct irq_hook *own_hook(struct proc *p, int hook)
{
	if (hook < 0 || hook >= NR_IRQ_HOOKS || irq_hooks[hook].irq < 0 || irq_hooks[hook].ep != p->p_endpoint)
		return NULL;
	return &irq_hooks[hook];
}

int irq_rmpolicy(struct proc *p, int hook)
{
	struct irq_hook *h = own_hook(p, hook);
	if (!h)
		return -MX_EINVAL;
	int irq = h->irq;
	h->irq = -1;
	line_update(irq);
	return MX_OK;
}

int irq_enable(struct proc *p, int hook, int on)
{
	struct irq_hook *h = own_hook(p, hook);
	if (!h)
		return -MX_EINVAL;
	h->active = on ? 0 : 1;
	line_update(h->irq);
	return MX_OK;
}

/* p is going away: drop its hooks (the seeds' sys_irqrmpolicy on exit). */
void irq_release_all(struct proc *p)
{
	for (int i = 0; i < NR_IRQ_HOOKS; i++)
		if (irq_hooks[i].irq >= 0 && irq_hooks[i].ep == p->p_endpoint) {
			int irq = irq_hooks[i].irq;
			irq_hooks[i].irq = -1;
			line_update(irq);
		}
}
