/* One wrapper per kernel call (os/include/mx/kcall.h). */
#include <string.h>
#include "mxsys.h"

#define CALL(m, num) ((m)->m_type = (num), mx_kcall(m))

int sys_fork(mx_endpoint_t parent, uint32_t flags, mx_endpoint_t *child)
{
	mx_message m = {0};
	struct kc_fork *a = MX_BODY(&m, struct kc_fork);
	a->parent = parent;
	a->flags = flags;
	int r = CALL(&m, MX_SYS_FORK);
	if (r > 0 && child)
		*child = a->child;
	return r;
}

int sys_exec(mx_endpoint_t ep, uint32_t pc, uint32_t sp, uint32_t ps, const char *name)
{
	mx_message m = {0};
	struct kc_exec *a = MX_BODY(&m, struct kc_exec);
	a->ep = ep;
	a->pc = pc;
	a->sp = sp;
	a->ps_strings = ps;
	strncpy(a->name, name, sizeof(a->name) - 1);
	return CALL(&m, MX_SYS_EXEC);
}

void sys_exit(int status)
{
	for (;;) {
		mx_message m = {0};
		MX_BODY(&m, struct kc_exit)->status = status;
		CALL(&m, MX_SYS_EXIT);
	}
}

static int proc_call(int num, mx_endpoint_t ep)
{
	mx_message m = {0};
	MX_BODY(&m, struct kc_proc)->ep = ep;
	return CALL(&m, num);
}

int sys_clear(mx_endpoint_t ep) { return proc_call(MX_SYS_CLEAR, ep); }
int sys_iopenable(mx_endpoint_t ep) { return proc_call(MX_SYS_IOPENABLE, ep); }

int sys_times(mx_endpoint_t ep, struct kc_proc *out)
{
	mx_message m = {0};
	MX_BODY(&m, struct kc_proc)->ep = ep;
	int r = CALL(&m, MX_SYS_TIMES);
	if (r == 0 && out)
		*out = *MX_BODY(&m, struct kc_proc);
	return r;
}

int sys_runctl(mx_endpoint_t ep, int action, int flags)
{
	mx_message m = {0};
	struct kc_runctl *a = MX_BODY(&m, struct kc_runctl);
	a->ep = ep;
	a->action = (uint32_t)action;
	a->flags = (uint32_t)flags;
	return CALL(&m, MX_SYS_RUNCTL);
}

int sys_privctl(mx_endpoint_t ep, struct kc_privctl *pc)
{
	mx_message m = {0};
	pc->ep = ep;
	memcpy(m.m_u.raw, pc, sizeof(*pc));
	int r = CALL(&m, MX_SYS_PRIVCTL);
	memcpy(pc, m.m_u.raw, sizeof(*pc));
	return r;
}

int sys_allow(mx_endpoint_t a, mx_endpoint_t b, int allow)
{
	struct kc_privctl pc = {0};
	pc.op = allow ? MX_PRIV_ALLOW : MX_PRIV_DISALLOW;
	pc.other = b;
	return sys_privctl(a, &pc);
}

int sys_schedctl(mx_endpoint_t ep, int prio, int quantum)
{
	mx_message m = {0};
	struct kc_schedctl *a = MX_BODY(&m, struct kc_schedctl);
	a->ep = ep;
	a->priority = prio;
	a->quantum = quantum;
	return CALL(&m, MX_SYS_SCHEDCTL);
}

static int struct_call(int num, void *req, size_t size)
{
	mx_message m = {0};
	memcpy(m.m_u.raw, req, size);
	int r = CALL(&m, num);
	memcpy(req, m.m_u.raw, size);
	return r;
}

int sys_vmmap(struct kc_vmmap *req) { return struct_call(MX_SYS_VMMAP, req, sizeof(*req)); }
int sys_vmctl(struct kc_vmctl *req) { return struct_call(MX_SYS_VMCTL, req, sizeof(*req)); }
int sys_sigsend(struct kc_sig *req) { return struct_call(MX_SYS_SIGSEND, req, sizeof(*req)); }
int sys_tracectl(struct kc_tracectl *req) { return struct_call(MX_SYS_TRACECTL, req, sizeof(*req)); }

int sys_vircopy(mx_endpoint_t src, uint32_t saddr, mx_endpoint_t dst, uint32_t daddr, uint32_t bytes)
{
	struct kc_copy c = { src, saddr, dst, daddr, bytes, 0 };
	return struct_call(MX_SYS_VIRCOPY, &c, sizeof(c));
}

int sys_safecopyfrom(mx_endpoint_t granter, uint32_t grant, uint32_t offset, void *buf, uint32_t bytes)
{
	struct kc_copy c = { granter, grant, MX_NONE, offset, bytes, (uint32_t)buf };
	return struct_call(MX_SYS_SAFECOPYFROM, &c, sizeof(c));
}

int sys_safecopyto(mx_endpoint_t granter, uint32_t grant, uint32_t offset, const void *buf, uint32_t bytes)
{
	struct kc_copy c = { granter, grant, MX_NONE, offset, bytes, (uint32_t)buf };
	return struct_call(MX_SYS_SAFECOPYTO, &c, sizeof(c));
}

int sys_setgrant(mx_grant *table, uint32_t entries)
{
	struct kc_setgrant g = { (uint32_t)table, entries };
	return struct_call(MX_SYS_SETGRANT, &g, sizeof(g));
}

int sys_getksig(mx_endpoint_t *ep, uint32_t *sigs)
{
	struct kc_sig s = {0};
	int r = struct_call(MX_SYS_GETKSIG, &s, sizeof(s));
	*ep = s.ep;
	*sigs = s.sigs;
	return r;
}

int sys_endksig(mx_endpoint_t ep)
{
	struct kc_sig s = { .ep = ep };
	return struct_call(MX_SYS_ENDKSIG, &s, sizeof(s));
}

int sys_kill(mx_endpoint_t ep, int sig)
{
	struct kc_sig s = { .ep = ep, .signo = sig };
	return struct_call(MX_SYS_KILL, &s, sizeof(s));
}

int sys_sigreturn(mx_endpoint_t ep, uint32_t ctx, uint32_t *mask)
{
	struct kc_sig s = { .ep = ep, .ctx = ctx };
	int r = struct_call(MX_SYS_SIGRETURN, &s, sizeof(s));
	if (mask)
		*mask = s.mask;
	return r;
}

int sys_trace(int req, mx_endpoint_t ep, uint32_t addr, uint32_t *data)
{
	struct kc_trace t = { (uint32_t)req, ep, addr, data ? *data : 0 };
	int r = struct_call(MX_SYS_TRACE, &t, sizeof(t));
	if (data)
		*data = t.data;
	return r;
}

int sys_devio(int req, uint32_t port, uint32_t *value)
{
	struct kc_devio d = { port, value ? *value : 0, (uint32_t)req };
	int r = struct_call(MX_SYS_DEVIO, &d, sizeof(d));
	if (value)
		*value = d.value;
	return r;
}

static int irqctl(int op, int irq, int policy, int *hook)
{
	struct kc_irqctl c = { (uint32_t)op, (uint32_t)irq, (uint32_t)policy, *hook };
	int r = struct_call(MX_SYS_IRQCTL, &c, sizeof(c));
	*hook = c.hook_id;
	return r;
}

int sys_irqsetpolicy(int irq, int policy, int *hook) { return irqctl(MX_IRQ_SETPOLICY, irq, policy, hook); }
int sys_irqrmpolicy(int hook) { return irqctl(MX_IRQ_RMPOLICY, 0, 0, &hook); }
int sys_irqenable(int hook) { return irqctl(MX_IRQ_ENABLE, 0, 0, &hook); }
int sys_irqdisable(int hook) { return irqctl(MX_IRQ_DISABLE, 0, 0, &hook); }

int sys_setalarm(uint32_t ticks, int absolute, uint64_t *now)
{
	struct kc_setalarm a = { ticks, (uint32_t)absolute, 0, 0, 0 };
	int r = struct_call(MX_SYS_SETALARM, &a, sizeof(a));
	if (now)
		*now = ((uint64_t)a.now_hi << 32) | a.now_lo;
	return r;
}

int sys_getinfo(int what, void *buf, uint32_t len, uint32_t arg)
{
	struct kc_getinfo g = { (uint32_t)what, (uint32_t)buf, len, arg };
	int r = struct_call(MX_SYS_GETINFO, &g, sizeof(g));
	return r < 0 ? r : (int)g.len;
}

int sys_trace_emit(int kind, mx_endpoint_t a, mx_endpoint_t b, int32_t type, uint32_t arg, int flags)
{
	struct kc_tracectl t = {0};
	t.op = MX_TC_EMIT;
	t.kind = (uint32_t)kind;
	t.a = a;
	t.b = b;
	t.type = type;
	t.arg = arg;
	t.flags = (uint32_t)flags;
	return sys_tracectl(&t);
}

int sys_diagctl(const char *s, uint32_t len)
{
	struct kc_diagctl d = { (uint32_t)s, len };
	return struct_call(MX_SYS_DIAGCTL, &d, sizeof(d));
}

int sys_regtable(const mx_table_desc *d)
{
	struct kc_regtable r = { MX_RT_ADD, (uint32_t)d, 0 };
	int res = struct_call(MX_SYS_REGTABLE, &r, sizeof(r));
	return res < 0 ? res : r.id;
}

int sys_dbgchan_send(int type, int flags, const void *p, uint32_t len)
{
	struct kc_dbgchan d = { MX_DC_SEND, (uint32_t)type, (uint32_t)p, len, (uint32_t)flags };
	return struct_call(MX_SYS_DBGCHAN, &d, sizeof(d));
}

int sys_dbgchan_recv(void *buf, uint32_t room, uint32_t *seq)
{
	struct kc_dbgchan d = { MX_DC_RECV, 0, (uint32_t)buf, room, 0 };
	int r = struct_call(MX_SYS_DBGCHAN, &d, sizeof(d));
	if (seq)
		*seq = d.type;
	return r < 0 ? r : (int)d.len;
}

int sys_abort(int how, int code)
{
	struct kc_abort a = { (uint32_t)how, code };
	return struct_call(MX_SYS_ABORT, &a, sizeof(a));
}
