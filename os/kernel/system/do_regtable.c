/*
 * REGTABLE: register (or remove) a table of the caller's in the kernel's
 * table registry, so tools outside the machine can find and decode it.
 *   ADD: in .desc (address of a struct mx_table_desc in the caller); out .id
 *        (a table of the same name and owner is replaced)
 *   DEL: in .id
 * Tables of a process that exits stay registered until its slot is reused
 * (a dead server's tables are still worth reading); tools check the owner.
 */
#include "../system.h"

int do_sys_REGTABLE(struct proc *caller, mx_message *m)
{
	struct kc_regtable *a = MX_BODY(m, struct kc_regtable);
	if (a->op == MX_RT_DEL) {
		if (a->id < 0 || a->id >= MX_REGISTRY_MAX || registry.ent[a->id].owner != caller->p_endpoint)
			return -MX_EINVAL;
		registry.ent[a->id].owner = MX_NONE;
		registry.ent[a->id].generation++;
		registry.count--;
		registry.changes++;
		return MX_OK;
	}
	if (a->op != MX_RT_ADD)
		return -MX_EINVAL;
	mx_table_desc d;
	int r = kc_copy_fault(caller, caller, a->desc, sizeof(d), 0);
	if (r != MX_OK)
		return r;
	copy_from_user(caller, a->desc, &d, sizeof(d));
	d.name[sizeof(d.name) - 1] = 0;
	if (!d.name[0] || d.nfields > MX_TABLE_MAXFIELDS || d.size == 0 || d.count > 65536 ||
	    !user_range_ok(d.addr, d.count * d.size))
		return -MX_EINVAL;
	for (uint32_t i = 0; i < d.nfields; i++)
		if ((uint32_t)d.fields[i].offset + d.fields[i].size * (d.fields[i].count ? d.fields[i].count : 1) > d.size)
			return -MX_EINVAL;
	int slot = -1;
	for (int i = 0; i < MX_REGISTRY_MAX; i++) {
		mx_registry_ent *e = &registry.ent[i];
		if (e->owner != MX_NONE && strcmp(e->desc.name, d.name) == 0) {
			struct proc *o = ep_proc(e->owner);
			if (o && o != caller && !(caller->p_nr == MX_EP_SLOT(e->owner)))
				return -MX_EEXIST;          /* another live process owns that name */
			slot = i;
			break;
		}
		if (e->owner == MX_NONE && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return -MX_ENOSPC;
	mx_registry_ent *e = &registry.ent[slot];
	if (e->owner == MX_NONE)
		registry.count++;
	e->owner = caller->p_endpoint;
	e->generation++;
	e->desc = d;
	registry.changes++;
	a->id = slot;
	return MX_OK;
}
