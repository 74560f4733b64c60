/*
 * TRACECTL: switch and filter the trace ring, and emit user events.
 *   ON, OFF, SET_KINDS (.kinds), FILTER_EP (.ep, .clear), FILTER_OFF,
 *   RESET (zero the counters, not the head)
 *   EMIT: .kind (LOCK_WAIT, LOCK_ACQ, LOCK_REL, MARK, PORT only), .a, .b,
 *         .type, .arg, .flags: a record with src = .a (the caller if 0)
 */
#include "../system.h"

int do_sys_TRACECTL(struct proc *caller, mx_message *m)
{
	struct kc_tracectl *a = MX_BODY(m, struct kc_tracectl);
	mx_trace_ring *r = trace_ring;
	switch (a->op) {
	case MX_TC_ON:        r->ctl |= MX_TCTL_ON; break;
	case MX_TC_OFF:       r->ctl &= ~MX_TCTL_ON; break;
	case MX_TC_SET_KINDS: r->kinds = a->kinds; break;
	case MX_TC_FILTER_EP: {
		struct proc *p;
		int e = kc_proc(caller, a->ep, &p);
		if (e != MX_OK)
			return e;
		if (a->clear)
			r->ep_filter[p->p_nr >> 5] &= ~(1u << (p->p_nr & 31));
		else
			r->ep_filter[p->p_nr >> 5] |= 1u << (p->p_nr & 31);
		r->ctl |= MX_TCTL_EPFILT;
		break;
	}
	case MX_TC_FILTER_OFF:
		r->ctl &= ~MX_TCTL_EPFILT;
		memset(r->ep_filter, 0, sizeof(r->ep_filter));
		break;
	case MX_TC_RESET:
		r->filtered = r->overwritten = r->off_skipped = 0;
		break;
	case MX_TC_EMIT:
		if (a->kind != MX_TK_LOCK_WAIT && a->kind != MX_TK_LOCK_ACQ && a->kind != MX_TK_LOCK_REL &&
		    a->kind != MX_TK_MARK && a->kind != MX_TK_PORT)
			return -MX_EINVAL;
		TRACE((int)a->kind, (int)(a->flags & ~MX_TF_KERNEL), a->a ? a->a : caller->p_endpoint,
		      a->b, a->type, a->arg);
		return MX_OK;
	default:
		return -MX_EINVAL;
	}
	trace_sync_ctl();
	TRACE(MX_TK_TRACEOP, 0, caller->p_endpoint, MX_NONE, (int32_t)a->op, r->ctl);
	return MX_OK;
}
