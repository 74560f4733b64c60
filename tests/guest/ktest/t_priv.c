/* Privileges: kernel-call masks, user processes, bad pointers, grants, IRQs, ports. */
#include "ktest.h"

static int raw_kcall(int call)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = call;
	return mx_kcall(&m);
}

/* As a user process: every kernel call must be refused. */
static int user_kcaller(void *arg)
{
	int bad = 0, first_bad = 0;
	for (int call = 1; call < MX_NR_KCALLS; call++) {
		if (raw_kcall(call) != -MX_ECALLDENIED) {
			bad++;
			if (!first_bad)
				first_bad = call;
		}
	}
	report(self_ep, T_DONE, bad ? first_bad : 0);
	mx_message m;
	for (;;)
		mx_receive(MX_CLOCK, &m);           /* a user process cannot exit without PM: wait to be killed */
	return 0;
}

/* Make a spawned child a user process that may talk to us. */
static int make_user(int (*fn)(void *), mx_endpoint_t *c)
{
	int r = child(fn, NULL, c);
	if (r < 0)
		return r;
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SET_USER;
	if ((r = sys_privctl(*c, &pc)) < 0)
		return r;
	return sys_allow(MX_SELF, MX_NONE, 1);
}

int t_user_kcalls_denied(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(make_user(user_kcaller, &c), 0, "make a user child");
	T_EQ(recv_timeout(c, &m, 200), MX_OK, "report");
	T_EQ(m.m_u.w[0], 0, "first kernel call a user process was allowed");
	kill_child(c);
	sys_allow(MX_SELF, MX_NONE, 0);
	return 0;
}

static int user_trapper(void *arg)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	int fails = 0;
	fails += mx_notify(self_ep) != -MX_ECALLDENIED;
	fails += mx_sendnb(self_ep, &m) != -MX_ECALLDENIED;
	fails += mx_senda((mx_asynmsg *)&m, 0) != -MX_ECALLDENIED;
	m.m_type = T_DONE;
	m.m_u.w[0] = (uint32_t)fails;
	mx_sendrec(self_ep, &m);             /* SENDREC is a user's primitive */
	for (;;)
		mx_receive(MX_CLOCK, &m);
	return 0;
}

int t_user_traps_denied(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(make_user(user_trapper, &c), 0, "make a user child");
	T_EQ(recv_timeout(c, &m, 200), MX_OK, "report by SENDREC");
	T_EQ(m.m_u.w[0], 0, "primitives a user process was allowed beyond SEND/RECEIVE/SENDREC");
	T_EQ(mx_send(c, &m), MX_OK, "reply");
	kill_child(c);
	sys_allow(MX_SELF, MX_NONE, 0);
	return 0;
}

static int limited_caller(void *arg)
{
	int fails = 0;
	static const int denied[] = { MX_SYS_VIRCOPY, MX_SYS_FORK, MX_SYS_PRIVCTL, MX_SYS_DEVIO,
				      MX_SYS_ABORT, MX_SYS_GETINFO, MX_SYS_VMMAP, MX_SYS_KILL };
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
		fails += raw_kcall(denied[i]) != -MX_ECALLDENIED;
	fails += sys_diagctl("", 0) != 0;   /* allowed */
	return report(self_ep, T_DONE, fails);
}

int t_kcall_mask_denied(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(spawn(limited_caller, NULL, KC_BIT(DIAGCTL) | KC_BIT(EXIT), "klim", 0, &c), 0, "spawn");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "report");
	T_EQ(m.m_u.w[0], 0, "calls outside the mask that were not denied");
	return 0;
}

static int echo_once(void *arg)
{
	int n = (int)(intptr_t)arg;
	mx_message m;
	for (int i = 0; i < n; i++) {
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		mx_send(m.m_source, &m);
	}
	return 0;
}

int t_bad_pointers_ipc(void)
{
	mx_endpoint_t c;
	T_EQ(child(echo_once, (void *)1, &c), 0, "spawn");
	tickdelay(1);
	static const uint32_t bad[] = { 0, 0x1000, 0xc0000000, 0xc0100000, 0xfffffff0, 0xbfffffe0, 0xbffff800 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mx_message *p = (mx_message *)bad[i];
		T_EQ(mx_send(c, p), -MX_EFAULT, "send from a bad address");
		T_EQ(mx_sendnb(c, p), -MX_EFAULT, "sendnb from a bad address");
		T_EQ(mx_sendrec(c, p), -MX_EFAULT, "sendrec with a bad address");
		T_EQ(mx_receive(c, p), -MX_EFAULT, "receive into a bad address");
	}
	/* Our text is mapped but read-only: no message may be received into it. */
	mx_message *text = (mx_message *)(uintptr_t)t_bad_pointers_ipc;
	T_EQ(mx_receive(MX_ANY, text), -MX_EFAULT, "receive into read-only text");
	T_EQ(mx_sendrec(c, text), -MX_EFAULT, "sendrec into read-only text");
	/* The child is still waiting, untouched by all of that. */
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE;
	T_EQ(mx_sendrec(c, &m), MX_OK, "a good sendrec afterwards");
	return 0;
}

int t_bad_pointers_kcall(void)
{
	T_EQ(mx_kcall((mx_message *)0), -MX_EFAULT, "kernel call with a NULL message");
	T_EQ(mx_kcall((mx_message *)0xc0000100), -MX_EFAULT, "kernel call with a kernel address");
	T_EQ(sys_getinfo(MX_GI_KINFO, (void *)0x10, 64, 0), -MX_EFAULT, "GETINFO into a bad buffer");
	T_EQ(sys_getinfo(MX_GI_KINFO, (void *)0xc0200000, 64, 0), -MX_EFAULT, "GETINFO into the kernel");
	T_EQ(sys_getinfo(9999, &(int){0}, 4, 0), -MX_EINVAL, "GETINFO of nothing");
	T_EQ(sys_diagctl((const char *)0x20, 10), -MX_EFAULT, "DIAGCTL from a bad address");
	T_EQ(sys_setgrant((mx_grant *)0xc0000000, 4), -MX_EINVAL, "grant table in the kernel");
	mx_table_desc *d = (mx_table_desc *)0x30;
	T_EQ(sys_regtable(d), -MX_EFAULT, "REGTABLE from a bad address");
	return 0;
}

/* A message that straddles two pages takes the kernel's slow path and still works. */
static uint8_t two_pages[8192] __attribute__((aligned(4096)));

int t_message_across_pages(void)
{
	mx_endpoint_t c;
	T_EQ(child(echo_once, (void *)1, &c), 0, "spawn");
	mx_message *m = (mx_message *)(two_pages + 4096 - 24);
	memset(m, 0, sizeof(*m));
	m->m_type = T_TYPE;
	m->m_u.w[10] = 0xabcd;
	T_EQ(mx_sendrec(c, m), MX_OK, "sendrec with a straddling message");
	T_EQ(m->m_source, c, "source");
	T_EQ(m->m_u.w[10], 0xabcd, "body across the boundary");
	return 0;
}

/* ---- grants ------------------------------------------------------------ */
static mx_grant grants[4];
static char granted_ro[64] = "read me";
static char granted_rw[64];

static int grantee(void *arg)
{
	char buf[64];
	int fails = 0, r;
	if ((r = sys_safecopyfrom(self_ep, 0, 0, buf, 8)) != 0 || memcmp(buf, "read me", 8) != 0)
		fails |= 1;
	if (sys_safecopyto(self_ep, 0, 0, "x", 1) != -MX_EPERM)
		fails |= 2;                 /* read-only grant */
	if (sys_safecopyto(self_ep, 1, 4, "hello", 6) != 0)
		fails |= 4;
	if (sys_safecopyfrom(self_ep, 2, 0, buf, 4) != -MX_EPERM)
		fails |= 8;                 /* granted to someone else */
	if (sys_safecopyfrom(self_ep, 0, 60, buf, 8) != -MX_EINVAL)
		fails |= 16;                /* past the end of the grant */
	if (sys_safecopyfrom(self_ep, 9, 0, buf, 4) != -MX_EINVAL)
		fails |= 32;                /* no such grant */
	if (sys_safecopyfrom(self_ep, 0, 0, (void *)0xc0000000, 4) != -MX_EFAULT)
		fails |= 64;                /* into the kernel */
	if (sys_safecopyfrom(self_ep, 3, 0, buf, 4) != -MX_EINVAL)
		fails |= 128;               /* unused entry */
	return report(self_ep, T_DONE, fails);
}

int t_grants(void)
{
	mx_endpoint_t c;
	mx_message m;
	memset(grants, 0, sizeof(grants));
	T_EQ(child(grantee, NULL, &c), 0, "spawn");
	grants[0] = (mx_grant){ MX_GF_USED | MX_GF_READ, c, (uint32_t)granted_ro, sizeof(granted_ro) };
	grants[1] = (mx_grant){ MX_GF_USED | MX_GF_READ | MX_GF_WRITE, c, (uint32_t)granted_rw, sizeof(granted_rw) };
	grants[2] = (mx_grant){ MX_GF_USED | MX_GF_READ, MX_SYSTEM, (uint32_t)granted_ro, sizeof(granted_ro) };
	T_EQ(sys_setgrant(grants, 4), 0, "declare the grant table");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "report");
	T_EQ(m.m_u.w[0], 0, "grant checks that failed (bit mask)");
	T_CHECK(strcmp(granted_rw + 4, "hello") == 0, "write through the grant did not land: '%s'", granted_rw + 4);
	T_EQ(sys_setgrant(NULL, 0), 0, "remove the table");
	return 0;
}

int t_vircopy_faults(void)
{
	static char src[32] = "vircopy source", dst[32];
	mx_endpoint_t c;
	T_EQ(child(echo_once, (void *)1, &c), 0, "spawn");
	T_EQ(sys_vircopy(MX_SELF, (uint32_t)src, MX_SELF, (uint32_t)dst, 15), 0, "copy within ourselves");
	T_CHECK(strcmp(dst, "vircopy source") == 0, "copied text wrong");
	T_EQ(sys_vircopy(MX_SELF, 0x1000, MX_SELF, (uint32_t)dst, 4), -MX_EFAULT, "from an unmapped page");
	T_EQ(sys_vircopy(MX_SELF, (uint32_t)src, MX_SELF, 0xc0000000, 4), -MX_EFAULT, "into the kernel");
	T_EQ(sys_vircopy(MX_SELF, (uint32_t)src, MX_SELF, (uint32_t)t_vircopy_faults, 4), -MX_EFAULT, "into read-only text");
	/* The child is a copy of us: its copy of src reads the same. */
	memset(dst, 0, sizeof(dst));
	T_EQ(sys_vircopy(c, (uint32_t)src, MX_SELF, (uint32_t)dst, 15), 0, "copy from the child");
	T_CHECK(strcmp(dst, "vircopy source") == 0, "child's text wrong");
	T_EQ(sys_vircopy(MX_SYSTEM, 0x1000, MX_SELF, (uint32_t)dst, 4), -MX_EPERM, "from a kernel task");
	T_EQ(sys_vircopy(MX_EP(9, 300), 0x1000, MX_SELF, (uint32_t)dst, 4), -MX_EDEADSRCDST, "from a bogus endpoint");
	kill_child(c);
	return 0;
}

/* ---- IRQ policies ---------------------------------------------------------- */
#define COM1_IER 0x3f9
#define COM1_IIR 0x3fa

/* Hook IRQ 4 (COM1) exclusively; say GO with the hook, count notifications until T_DONE. */
static int exclusive_hooker(void *arg)
{
	int hook = 7, r;
	mx_message m;
	if ((r = sys_irqsetpolicy(4, MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE, &hook)) != 0)
		return report(self_ep, T_DONE, r);
	report(self_ep, T_GO, hook);
	int got = 0;
	uint32_t bits = 0;
	while (mx_receive(MX_ANY, &m) == MX_OK) {
		if (m.m_source == MX_HARDWARE) {
			got++;
			bits |= m.m_u.notify.bits;
		} else if (m.m_type == T_DONE) {
			break;
		}
	}
	r = sys_irqrmpolicy(hook);
	return report(self_ep, T_DONE, r == 0 && got > 0 && bits == (1u << 7) ? 1 : -(int)bits - 1);
}

static void com1_kick(void)
{
	uint32_t v = 0;
	sys_devio(MX_DIO_OUTB, COM1_IER, &v);        /* THRE interrupt off ... */
	v = 0x02;
	sys_devio(MX_DIO_OUTB, COM1_IER, &v);        /* ... and on: the UART raises IRQ 4 */
	tickdelay(2);
	v = 0;
	sys_devio(MX_DIO_OUTB, COM1_IER, &v);
	sys_devio(MX_DIO_INB, COM1_IIR, &v);
}

/* Notifications from HARDWARE within ticks (other messages are dropped). */
static int count_hw(uint32_t ticks)
{
	mx_message m;
	int n = 0;
	while (recv_timeout(MX_HARDWARE, &m, ticks) == MX_OK)
		n++;
	return n;
}

int t_irq_policy(void)
{
	int h1 = 1, h2 = 2, h3 = 3;
	/* Argument checks. */
	T_EQ(sys_irqsetpolicy(0, 0, &h1), -MX_EINVAL, "the clock's line");
	T_EQ(sys_irqsetpolicy(3, 0, &h1), -MX_EINVAL, "the debug channel's line");
	T_EQ(sys_irqsetpolicy(16, 0, &h1), -MX_EINVAL, "line 16");
	h1 = 40;
	T_EQ(sys_irqsetpolicy(5, 0, &h1), -MX_EINVAL, "notify bit 40");
	T_EQ(sys_irqenable(31), -MX_EINVAL, "enable an unknown hook");
	T_EQ(sys_irqrmpolicy(-1), -MX_EINVAL, "remove hook -1");
	/* One exclusive hook per line; shared hooks may coexist with it. */
	h1 = 1;
	T_EQ(sys_irqsetpolicy(1, MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE, &h1), 0, "exclusive hook on IRQ 1");
	T_EQ(sys_irqsetpolicy(1, MX_IRQ_EXCLUSIVE, &h2), -MX_EBUSY, "a second exclusive hook");
	T_EQ(sys_irqsetpolicy(1, MX_IRQ_REENABLE, &h3), 0, "a shared hook beside it");
	T_EQ(sys_irqrmpolicy(h1), 0, "remove the exclusive hook");
	T_EQ(sys_irqrmpolicy(h1), -MX_EINVAL, "remove it twice");
	T_EQ(sys_irqrmpolicy(h3), 0, "remove the shared hook");

	/* A process whose privileges name no IRQ lines may hook none. */
	mx_endpoint_t c;
	mx_message m;
	T_EQ(spawn(exclusive_hooker, NULL, KC_CHILD_DEFAULT | KC_BIT(IRQCTL), "kirq", 0, &c), 0, "spawn");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "report");
	T_EQ((int32_t)m.m_u.w[0], -MX_EPERM, "hooking a line the privileges do not name");

	/* Exclusive delivery, seen for real on IRQ 4 (COM1's transmitter interrupt):
	 * while the child's exclusive hook exists only it is notified. */
	int mine = 4;
	T_EQ(sys_irqsetpolicy(4, MX_IRQ_REENABLE, &mine), 0, "our shared hook on IRQ 4");
	com1_kick();
	T_CHECK(count_hw(3) > 0, "no interrupt notification for our own hook");
	T_EQ(spawn(exclusive_hooker, NULL, KC_CHILD_DEFAULT | KC_BIT(IRQCTL), "kirq", 0, &c), 0, "spawn");
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SET_SYS;
	pc.flags = MX_PF_SYS_PROC | MX_PF_PREEMPTIBLE;
	pc.trap_mask = 0x7e;
	pc.kcall_mask[0] = KC_CHILD_DEFAULT | KC_BIT(IRQCTL);
	pc.sig_mgr = (uint32_t)MX_NONE;
	pc.irq_mask = 1u << 4;
	strncpy(pc.name, "kirq", sizeof(pc.name) - 1);
	T_EQ(sys_privctl(c, &pc), 0, "give the child IRQ 4");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "child hooked the line");
	T_EQ(m.m_type, T_GO, "child's exclusive hook");
	com1_kick();
	T_EQ(count_hw(3), 0, "notifications to our shared hook under an exclusive one");
	memset(&m, 0, sizeof(m));
	m.m_type = T_DONE;
	T_EQ(mx_send(c, &m), MX_OK, "stop the child");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "child's report");
	T_EQ((int32_t)m.m_u.w[0], 1, "the exclusive hook was notified with its own bit");
	com1_kick();
	T_CHECK(count_hw(3) > 0, "our hook sees the line again after the exclusive one is removed");
	T_EQ(sys_irqrmpolicy(mine), 0, "remove our hook");
	return 0;
}

int t_devio_ports(void)
{
	uint32_t v = 0;
	T_EQ(sys_devio(MX_DIO_INB, 0x3fd, &v), 0, "read COM1's line status (granted)");
	T_CHECK(v & 0x20, "line status %x has no transmitter-empty bit", v);
	T_EQ(sys_devio(MX_DIO_INB, 0x60, &v), -MX_EPERM, "keyboard port (not granted)");
	T_EQ(sys_devio(MX_DIO_INW, 0x3ff, &v), -MX_EPERM, "word read crossing the end of the range");
	T_EQ(sys_devio(99, 0x3fd, &v), -MX_EINVAL, "bad request");
	T_EQ(sys_devio(MX_DIO_INB, 0x10000, &v), -MX_EPERM, "port beyond 16 bits");
	return 0;
}
