/*
 * mx_info: the kernel's self-description (see os/include/mx/mxinfo.h).
 * Built once at boot; the field lists below are the exported parts of each
 * structure.  Tools read the tables through these offsets, never through a
 * copy of the kernel's struct definitions.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

mx_info mx_info_obj __attribute__((aligned(64)));
mx_registry registry;


#define FLD(type, member, kind) \
	{ #member, (uint16_t)offsetof(type, member), (uint16_t)sizeof(((type *)0)->member), kind, 1, 0 }
#define ARR(type, member, kind, elem) \
	{ #member, (uint16_t)offsetof(type, member), (uint16_t)sizeof(((type *)0)->member[0]), kind, \
	  (uint16_t)(sizeof(((type *)0)->member) / sizeof(((type *)0)->member[0])), 0 }

static const mx_field proc_fields[] = {
	FLD(struct proc, p_endpoint, MX_FK_EP),
	FLD(struct proc, p_nr, MX_FK_I32),
	FLD(struct proc, p_name, MX_FK_STR),
	FLD(struct proc, p_parent, MX_FK_EP),
	FLD(struct proc, p_rts_flags, MX_FK_FLAGS),
	FLD(struct proc, p_misc_flags, MX_FK_FLAGS),
	FLD(struct proc, p_priority, MX_FK_U32),
	FLD(struct proc, p_quantum, MX_FK_U32),
	FLD(struct proc, p_ticks_left, MX_FK_U32),
	FLD(struct proc, p_sendto, MX_FK_EP),
	FLD(struct proc, p_getfrom, MX_FK_EP),
	FLD(struct proc, p_block_tsc, MX_FK_U64),
	FLD(struct proc, p_sendrec_tsc, MX_FK_U64),
	FLD(struct proc, p_user_ticks, MX_FK_U64),
	FLD(struct proc, p_sys_ticks, MX_FK_U64),
	FLD(struct proc, p_cycles, MX_FK_U64),
	FLD(struct proc, p_sent, MX_FK_U32),
	FLD(struct proc, p_recvd, MX_FK_U32),
	FLD(struct proc, p_notifies, MX_FK_U32),
	FLD(struct proc, p_kcalls, MX_FK_U32),
	FLD(struct proc, p_cr3, MX_FK_U32),
	FLD(struct proc, p_ksig_pending, MX_FK_U32),
	FLD(struct proc, p_pf_addr, MX_FK_ADDR),
	FLD(struct proc, p_tracer, MX_FK_EP),
	FLD(struct proc, p_last_kcall, MX_FK_U32),
	{ "p_sendmsg_type", (uint16_t)(offsetof(struct proc, p_sendmsg) + offsetof(mx_message, m_type)), 4, MX_FK_I32, 1, 0 },
	{ "eip", (uint16_t)(offsetof(struct proc, p_reg) + offsetof(struct stackframe, eip)), 4, MX_FK_ADDR, 1, 0 },
	{ "esp", (uint16_t)(offsetof(struct proc, p_reg) + offsetof(struct stackframe, esp)), 4, MX_FK_ADDR, 1, 0 },
	{ "eax", (uint16_t)(offsetof(struct proc, p_reg) + offsetof(struct stackframe, eax)), 4, MX_FK_U32, 1, 0 },
	{ "p_priv", (uint16_t)offsetof(struct proc, p_priv), 4, MX_FK_ADDR, 1, 0 },
};

static const mx_field priv_fields[] = {
	FLD(struct priv, s_id, MX_FK_I32),
	FLD(struct priv, s_proc_nr, MX_FK_I32),
	FLD(struct priv, s_flags, MX_FK_FLAGS),
	FLD(struct priv, s_trap_mask, MX_FK_U32),
	FLD(struct priv, s_kcall_mask, MX_FK_U32),
	FLD(struct priv, s_ipc_to, MX_FK_BITS),
	FLD(struct priv, s_notify_pending, MX_FK_BITS),
	FLD(struct priv, s_asyn_pending, MX_FK_BITS),
	FLD(struct priv, s_sig_mgr, MX_FK_EP),
	FLD(struct priv, s_int_pending, MX_FK_U32),
	FLD(struct priv, s_irq_mask, MX_FK_U32),
	ARR(struct priv, s_io_base, MX_FK_U16, 0),
	ARR(struct priv, s_io_len, MX_FK_U16, 0),
	FLD(struct priv, s_name, MX_FK_STR),
	FLD(struct priv, s_grant_table, MX_FK_ADDR),
	FLD(struct priv, s_grant_entries, MX_FK_U32),
};

static const mx_field irqhook_fields[] = {
	FLD(struct irq_hook, irq, MX_FK_I32),
	FLD(struct irq_hook, ep, MX_FK_EP),
	FLD(struct irq_hook, policy, MX_FK_U32),
	FLD(struct irq_hook, notify_id, MX_FK_U32),
	FLD(struct irq_hook, active, MX_FK_U32),
};

static const mx_field kinfo_fields[] = {
	FLD(mx_kinfo, uptime_ticks, MX_FK_U64),
	FLD(mx_kinfo, ipc_calls, MX_FK_U64),
	FLD(mx_kinfo, kcalls, MX_FK_U64),
	FLD(mx_kinfo, switches, MX_FK_U64),
	FLD(mx_kinfo, irqs, MX_FK_U64),
	FLD(mx_kinfo, pgfaults, MX_FK_U64),
	FLD(mx_kinfo, ipc_errors, MX_FK_U64),
	FLD(mx_kinfo, kcall_errors, MX_FK_U64),
	FLD(mx_kinfo, nr_procs_live, MX_FK_U32),
	FLD(mx_kinfo, mem_total_frames, MX_FK_U32),
	FLD(mx_kinfo, mem_free_frames, MX_FK_U32),
};

static void add_struct(int id, const char *name, uint32_t addr, uint32_t count, uint32_t size,
		       const mx_field *f, int nf)
{
	mx_info *mi = &mx_info_obj;
	mx_struct_desc *sd = &mi->structs[id];
	strlcpy_k(sd->name, name, sizeof(sd->name));
	sd->addr = addr;
	sd->count = count;
	sd->size = size;
	sd->first_field = (uint16_t)mi->nfields;
	sd->nfields = (uint16_t)nf;
	kassert(mi->nfields + (uint32_t)nf <= MX_INFO_MAXFIELDS);
	memcpy(&mi->fields[mi->nfields], f, (size_t)nf * sizeof(*f));
	mi->nfields += (uint32_t)nf;
}

void mxinfo_init(uint64_t hz, uint32_t phys_bytes)
{
	extern const uint8_t _build_id_start[], _build_id_end[];
	mx_info *mi = &mx_info_obj;
	mi->version = MX_INFO_VERSION;
	mi->size = sizeof(*mi);
	mi->self = (uint32_t)mi;
	mi->kernel_base = KERNBASE;
	/* The GNU build-id note: namesz, descsz, type, "GNU\0", then the id. */
	if (_build_id_end - _build_id_start >= 16 + 20) {
		const uint32_t *note = (const uint32_t *)_build_id_start;
		uint32_t len = note[1] > 20 ? 20 : note[1];
		memcpy(mi->build_id, _build_id_start + 16, len);
		mi->build_id_len = len;
	}
	strlcpy_k(mi->release, MX_RELEASE, sizeof(mi->release));
	mi->tsc_hz = hz;
	mi->hz = HZ;
	mi->phys_bytes = phys_bytes;
	mi->page_size = PAGE_SIZE;
	mi->nr_tasks = MX_NR_TASKS;
	mi->nr_slots = MX_NR_SLOTS;
	mi->nr_privs = MX_NR_PRIVS;
	mi->ring_addr = (uint32_t)trace_ring;
	mi->ring_bytes = sizeof(mx_trace_ring) + trace_ring->nrecs * sizeof(mx_trace_rec);
	mi->pairs_addr = (uint32_t)ipc_pairs;
	mi->registry_addr = (uint32_t)&registry;
	mi->log_addr = (uint32_t)&klog;
	mi->uptime_addr = (uint32_t)&uptime;
	mi->cur_proc_addr = (uint32_t)&proc_ptr;
	mi->boot_addr = (uint32_t)&bootinfo;

	add_struct(MX_SD_PROC, "proc", (uint32_t)proc, MX_NR_SLOTS, sizeof(struct proc),
		   proc_fields, (int)ARRAY_SIZE(proc_fields));
	add_struct(MX_SD_PRIV, "priv", (uint32_t)priv, MX_NR_PRIVS, sizeof(struct priv),
		   priv_fields, (int)ARRAY_SIZE(priv_fields));
	add_struct(MX_SD_IRQHOOK, "irqhook", (uint32_t)irq_hooks, NR_IRQ_HOOKS, sizeof(struct irq_hook),
		   irqhook_fields, (int)ARRAY_SIZE(irqhook_fields));
	add_struct(MX_SD_KINFO, "kinfo", (uint32_t)&kinfo, 1, sizeof(mx_kinfo),
		   kinfo_fields, (int)ARRAY_SIZE(kinfo_fields));
	for (int i = 0; i < MX_REGISTRY_MAX; i++)
		registry.ent[i].owner = MX_NONE;
	/* The magic last: a tool scanning memory never finds a half-built object. */
	__asm__ volatile("" ::: "memory");
	memcpy(mi->magic, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN);
}
