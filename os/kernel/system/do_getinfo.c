/*
 * GETINFO: copy a kernel table or value into the caller's buffer.
 *   in: kc_getinfo.what (MX_GI_*), .addr, .len, .arg   out: .len (bytes copied)
 * TRACERECS copies whole records from number .arg on (at most what the
 * buffer holds and the ring still has).
 */
#include "../system.h"

/* The public view of a process (struct mx_procinfo). */
static void procinfo(const struct proc *p, struct mx_procinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->ep = p->p_endpoint;
	pi->slot = p->p_nr;
	pi->rts = p->p_rts_flags;
	pi->misc = p->p_misc_flags;
	pi->sendto = p->p_sendto;
	pi->getfrom = p->p_getfrom;
	pi->priority = p->p_priority;
	pi->quantum = p->p_quantum;
	pi->user_ticks = (uint32_t)p->p_user_ticks;
	pi->sys_ticks = (uint32_t)p->p_sys_ticks;
	pi->block_tsc_lo = (uint32_t)p->p_block_tsc;
	pi->block_tsc_hi = (uint32_t)(p->p_block_tsc >> 32);
	pi->cycles_lo = (uint32_t)p->p_cycles;
	pi->cycles_hi = (uint32_t)(p->p_cycles >> 32);
	pi->sent = p->p_sent;
	pi->recvd = p->p_recvd;
	pi->notifies = p->p_notifies;
	pi->kcalls = p->p_kcalls;
	pi->cr3 = p->p_cr3;
	pi->priv_id = p->p_priv ? p->p_priv->s_id : -1;
	strlcpy_k(pi->name, p->p_name, sizeof(pi->name));
}

int do_sys_GETINFO(struct proc *caller, mx_message *m)
{
	struct kc_getinfo *a = MX_BODY(m, struct kc_getinfo);
	const void *src = NULL;
	uint32_t len = 0;
	struct mx_whoami who;
	static struct mx_procinfo pi;
	struct proc *p;
	kinfo.mem_free_frames = frames_free();
	switch (a->what) {
	case MX_GI_KINFO:    src = &kinfo; len = sizeof(kinfo); break;
	case MX_GI_PROCTAB:  src = proc; len = sizeof(proc); break;
	case MX_GI_PRIVTAB:  src = priv; len = sizeof(priv); break;
	case MX_GI_IRQHOOKS: src = irq_hooks; len = sizeof(irq_hooks); break;
	case MX_GI_PAIRS:    src = ipc_pairs; len = sizeof(ipc_pairs); break;
	case MX_GI_TRACEHDR: src = trace_ring; len = sizeof(*trace_ring); break;
	case MX_GI_BOOTENV:  src = bootinfo.cmdline; len = (uint32_t)strlen(bootinfo.cmdline) + 1; break;
	case MX_GI_MXINFO:   src = &mx_info_obj; len = sizeof(mx_info_obj); break;
	case MX_GI_REGISTRY: src = &registry; len = sizeof(registry); break;
	case MX_GI_BOOTMODS: src = &bootinfo; len = sizeof(bootinfo); break;
	case MX_GI_PROC:
		if (ep_to_proc((mx_endpoint_t)a->arg, &p) != MX_OK)
			return -MX_EDEADSRCDST;
		procinfo(p, &pi);
		src = &pi;
		len = sizeof(pi);
		break;
	case MX_GI_PROCS: {
		static struct mx_procinfo all[MX_NR_SLOTS];
		uint32_t n = 0;
		for (int i = 0; i < MX_NR_SLOTS; i++)
			if (!isemptyp(&proc[i]))
				procinfo(&proc[i], &all[n++]);
		src = all;
		len = n * (uint32_t)sizeof(all[0]);
		break;
	}
	case MX_GI_PRIVINFO: {
		static struct mx_privinfo pv[MX_NR_PRIVS];
		memset(pv, 0, sizeof(pv));
		for (int i = 0; i < MX_NR_PRIVS; i++) {
			struct priv *sp = &priv[i];
			pv[i].id = i;
			pv[i].owner = sp->s_proc_nr >= 0 && (sp->s_flags || i == 0) ? proc[sp->s_proc_nr].p_endpoint : MX_NONE;
			pv[i].flags = sp->s_flags;
			pv[i].trap_mask = sp->s_trap_mask;
			pv[i].kcall_mask = sp->s_kcall_mask;
			pv[i].irq_mask = sp->s_irq_mask;
			for (int k = 0; k < 2; k++) {
				pv[i].io_base[k] = sp->s_io_base[k];
				pv[i].io_len[k] = sp->s_io_len[k];
			}
			pv[i].sig_mgr = sp->s_sig_mgr;
			memcpy(pv[i].ipc_to, sp->s_ipc_to, sizeof(pv[i].ipc_to));
			memcpy(pv[i].name, sp->s_name, sizeof(pv[i].name));
		}
		src = pv;
		len = sizeof(pv);
		break;
	}
	case MX_GI_WHOAMI:
		memset(&who, 0, sizeof(who));
		who.ep = caller->p_endpoint;
		who.slot = caller->p_nr;
		who.priv_id = caller->p_priv->s_id;
		strlcpy_k(who.name, caller->p_name, sizeof(who.name));
		strlcpy_k(who.label, caller->p_priv->s_name, sizeof(who.label));
		src = &who;
		len = sizeof(who);
		break;
	case MX_GI_TRACERECS: {
		uint64_t head = trace_ring->head, first = a->arg;
		if (head > trace_ring->nrecs && first < head - trace_ring->nrecs)
			first = head - trace_ring->nrecs;
		uint32_t n = first < head ? (uint32_t)(head - first) : 0;
		if (n > a->len / sizeof(mx_trace_rec))
			n = a->len / sizeof(mx_trace_rec);
		for (uint32_t i = 0; i < n; i++) {
			int r = kc_copy_fault(caller, caller, a->addr + i * sizeof(mx_trace_rec), sizeof(mx_trace_rec), 1);
			if (r != MX_OK)
				return r;
			copy_to_user(caller, a->addr + i * sizeof(mx_trace_rec), MX_TRACE_REC(trace_ring, first + i),
				     sizeof(mx_trace_rec));
		}
		a->len = n * (uint32_t)sizeof(mx_trace_rec);
		a->arg = (uint32_t)first;
		return MX_OK;
	}
	default:
		return -MX_EINVAL;
	}
	if (len > a->len)
		len = a->len;
	int r = kc_copy_fault(caller, caller, a->addr, len, 1);
	if (r != MX_OK)
		return r;
	a->len = len;
	return copy_to_user(caller, a->addr, src, len);
}
