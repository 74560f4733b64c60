/*
 * IRQCTL: interrupt policy for drivers.
 *   SETPOLICY: in .irq, .policy (MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE), .hook_id
 *              (the bit the driver will see in HARD_INT); out .hook_id (handle)
 *   RMPOLICY, ENABLE, DISABLE: in .hook_id (the handle)
 */
#include "../system.h"

int do_sys_IRQCTL(struct proc *caller, mx_message *m)
{
	struct kc_irqctl *a = MX_BODY(m, struct kc_irqctl);
	int r;
	switch (a->op) {
	case MX_IRQ_SETPOLICY:
		r = irq_setpolicy(caller, (int)a->irq, (int)a->policy, a->hook_id);
		if (r >= 0) {
			a->hook_id = r;
			return MX_OK;
		}
		return r;
	case MX_IRQ_RMPOLICY: return irq_rmpolicy(caller, a->hook_id);
	case MX_IRQ_ENABLE:   return irq_enable(caller, a->hook_id, 1);
	case MX_IRQ_DISABLE:  return irq_enable(caller, a->hook_id, 0);
	}
	return -MX_EINVAL;
}
