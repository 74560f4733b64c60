/*
 * scene SCENARIO: leave processes blocked in known ways, for the tools to
 * find (tests/integration/test_gdb_scripts.py and the demos).
 *
 *   scene ipc     a wait chain and a deadlock across IPC:
 *                   sc-a  SENDREC to sc-b   (blocked in the send half)
 *                   sc-b  SEND to sc-c
 *                   sc-c  RECEIVE from sc-d
 *                   sc-d  runs (busy loop, lowest priority)
 *                   sc-e  SENDREC to sc-f, which took the request and now
 *                   sc-f  RECEIVEs from sc-d (so sc-e waits for a reply)
 *                   sc-x  RECEIVE from sc-y  } a deadlock the kernel
 *                   sc-y  RECEIVE from sc-x  } cannot refuse
 *                 and sc-gone, which exited (its endpoint is stale).
 *   scene locks   a server sc-srv whose registered tables (scene.threads,
 *                 scene.locks, and vm.regions if no VM runs) describe
 *                 worker threads in a lock cycle, one waiting for a reply
 *                 from sc-drv (which receives from the running sc-spin)
 *                 and one waiting for the dead sc-gone; clients sc-cl1..3
 *                 wait for sc-srv's replies.
 *
 * Each process is a copy of this one, renamed by EXEC, that first waits
 * for a "go" message from the parent carrying every endpoint; the parent
 * then checks in the process table that each reached its expected state,
 * prints "SCENE READY <name> <role>=<endpoint> ..." and waits forever.
 */
#include <stdio.h>
#include <string.h>
#include <mxsys.h>
#include <mx/tables.h>
#include <mx/callnr.h>

#define SCENE_GO   (MX_TEST_BASE + 0x5c)   /* parent to child: endpoints follow */
#define SCENE_REQ  (MX_TEST_BASE + 0x5d)   /* a client's request */
#define MAX_ROLES  13

enum op {
	OP_SPIN,         /* run forever */
	OP_RECV,         /* RECEIVE from peer */
	OP_SEND,         /* SEND to peer */
	OP_SENDREC,      /* SENDREC to peer */
	OP_TAKE_RECV,    /* RECEIVE from ANY once, then RECEIVE from peer */
	OP_EXIT,         /* exit at once: leaves a stale endpoint */
	OP_SERVER,       /* register the tables, then RECEIVE from ANY forever */
};

/* Expected states, checked in the process table. */
enum expect { X_RUN, X_SEND, X_RECV, X_REPLY_WAIT, X_RECV_ANY, X_GONE };

struct role {
	const char *name;
	enum op op;
	int peer;               /* index of the peer role, -1 for none */
	enum expect expect;
	int expect_peer;        /* role index the state refers to, -1 for ANY */
};

/* scene ipc.  Order matters: each role is started in this order. */
static const struct role ipc_roles[] = {
	{ "sc-d",    OP_SPIN,     -1, X_RUN,        -1 },
	{ "sc-c",    OP_RECV,      0, X_RECV,        0 },
	{ "sc-b",    OP_SEND,      1, X_SEND,        1 },
	{ "sc-a",    OP_SENDREC,   2, X_SEND,        2 },
	{ "sc-f",    OP_TAKE_RECV, 0, X_RECV,        0 },
	{ "sc-e",    OP_SENDREC,   4, X_REPLY_WAIT,  4 },
	{ "sc-x",    OP_RECV,      7, X_RECV,        7 },
	{ "sc-y",    OP_RECV,      6, X_RECV,        6 },
	{ "sc-gone", OP_EXIT,     -1, X_GONE,       -1 },
	{ NULL, 0, 0, 0, 0 },
};

/* scene locks */
static const struct role lock_roles[] = {
	{ "sc-spin", OP_SPIN,     -1, X_RUN,        -1 },
	{ "sc-drv",  OP_RECV,      0, X_RECV,        0 },
	{ "sc-gone", OP_EXIT,     -1, X_GONE,       -1 },
	{ "sc-srv",  OP_SERVER,   -1, X_RECV_ANY,   -1 },
	{ "sc-cl1",  OP_SENDREC,   3, X_REPLY_WAIT,  3 },
	{ "sc-cl2",  OP_SENDREC,   3, X_REPLY_WAIT,  3 },
	{ "sc-cl3",  OP_SENDREC,   3, X_REPLY_WAIT,  3 },
	{ "sc-cl4",  OP_SENDREC,   3, X_REPLY_WAIT,  3 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct { const char *name; const struct role *roles; } scenarios[] = {
	{ "ipc", ipc_roles },
	{ "locks", lock_roles },
};

/* Set by the parent before each fork; the child's copy says who it is. */
static const struct role *roles;
static int my_role = -1;
static mx_endpoint_t parent_ep;
static mx_endpoint_t eps[MAX_ROLES];
static uint8_t child_stack[8192] __attribute__((aligned(16)));

/* ---- the server's registered tables (scene locks) ---------------------- */

static mx_thread_ent threads[5];
static mx_lock_ent locks[4];
static mx_vm_region_ent regions[8];

static const mx_field thread_fields[] = {
	MX_TABLE_FIELD(mx_thread_ent, tid, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, state, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, client, MX_FK_EP),
	MX_TABLE_FIELD(mx_thread_ent, req, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, lock_wait, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, lock_mode, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, ipc_wait, MX_FK_EP),
	MX_TABLE_FIELD(mx_thread_ent, since_lo, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, since_hi, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, name, MX_FK_STR),
};

static const mx_field lock_fields[] = {
	MX_TABLE_FIELD(mx_lock_ent, id, MX_FK_I32),
	MX_TABLE_FIELD(mx_lock_ent, kind, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, obj, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, mode, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, owner, MX_FK_I32),
	MX_TABLE_FIELD(mx_lock_ent, readers, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, holders, MX_FK_U32),   /* a number, as the database's views use it */
	MX_TABLE_FIELD(mx_lock_ent, waiters, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, since_lo, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, since_hi, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, name, MX_FK_STR),
};

static const mx_field region_fields[] = {
	MX_TABLE_FIELD(mx_vm_region_ent, ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_vm_region_ent, start, MX_FK_ADDR),
	MX_TABLE_FIELD(mx_vm_region_ent, len, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, prot, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, kind, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, pages, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, shared_id, MX_FK_U32),
	MX_TABLE_FIELD(mx_vm_region_ent, offset, MX_FK_U32),
};

static int role_by_name(const char *name)
{
	for (int i = 0; roles[i].name; i++)
		if (strcmp(roles[i].name, name) == 0)
			return i;
	return -1;
}

static int reg(const char *name, void *addr, uint32_t count, uint32_t size, const mx_field *f, uint32_t nf)
{
	static mx_table_desc d;
	memset(&d, 0, sizeof(d));
	strncpy(d.name, name, sizeof(d.name) - 1);
	d.addr = (uint32_t)addr;
	d.count = count;
	d.size = size;
	d.nfields = nf;
	memcpy(d.fields, f, nf * sizeof(*f));
	return sys_regtable(&d);
}

static void thread_set(int t, uint32_t state, const char *client, int32_t req, int32_t lock_wait,
		       mx_endpoint_t ipc_wait, uint64_t now)
{
	mx_thread_ent *e = &threads[t];
	int c = client ? role_by_name(client) : -1;
	e->tid = t;
	e->state = state;
	e->client = c >= 0 ? eps[c] : MX_NONE;
	e->req = req;
	e->lock_wait = lock_wait;
	e->lock_mode = lock_wait >= 0 ? MX_LM_WRITE : MX_LM_NONE;
	e->ipc_wait = ipc_wait;
	e->since_lo = (uint32_t)now;
	e->since_hi = (uint32_t)(now >> 32);
	strncpy(e->name, "worker", sizeof(e->name) - 1);
	e->name[6] = (char)('0' + t);
}

static void lock_set(int i, int32_t id, uint32_t kind, uint32_t obj, uint32_t mode, int32_t owner,
		     uint32_t holders, uint32_t waiters, const char *name, uint64_t now)
{
	mx_lock_ent *l = &locks[i];
	l->id = id;
	l->kind = kind;
	l->obj = obj;
	l->mode = mode;
	l->owner = owner;
	l->readers = mode == MX_LM_READ ? (uint32_t)__builtin_popcount(holders) : 0;
	l->holders = holders;
	l->waiters = waiters;
	l->since_lo = (uint32_t)now;
	l->since_hi = (uint32_t)(now >> 32);
	strncpy(l->name, name, sizeof(l->name) - 1);
}

/*
 * The server's tables: worker0 serves sc-cl1 and waits for vnode 7, held
 * by worker1, which serves sc-cl2 and waits for vnode 12, held by worker0
 * (a lock cycle); worker2 serves sc-cl3 and waits for a reply from sc-drv;
 * worker3 serves sc-cl4 and waits for a reply from the dead sc-gone;
 * worker4 is idle.
 */
static void server_tables(void)
{
	uint64_t now = read_tsc();
	int gone = role_by_name("sc-gone"), drv = role_by_name("sc-drv");
	thread_set(0, MX_TS_LOCK_WAIT, "sc-cl1", MX_VFS_READ, 2, MX_NONE, now);
	thread_set(1, MX_TS_LOCK_WAIT, "sc-cl2", MX_VFS_WRITE, 1, MX_NONE, now);
	thread_set(2, MX_TS_IPC_WAIT, "sc-cl3", MX_VFS_READ, -1, eps[drv], now);
	thread_set(3, MX_TS_IPC_WAIT, "sc-cl4", MX_VFS_OPEN, -1, eps[gone], now);
	thread_set(4, MX_TS_IDLE, NULL, 0, -1, MX_NONE, now);
	lock_set(0, 1, MX_LK_VNODE, 12, MX_LM_WRITE, 0, 1u << 0, 1u << 1, "vnode 12", now);
	lock_set(1, 2, MX_LK_VNODE, 7, MX_LM_WRITE, 1, 1u << 1, 1u << 0, "vnode 7", now);
	lock_set(2, 3, MX_LK_FILP, 3, MX_LM_READ, -1, (1u << 2) | (1u << 3), 0, "filp 3", now);
	lock_set(3, -1, 0, 0, MX_LM_NONE, -1, 0, 0, "", now);
	int r1 = reg("scene.threads", threads, 5, sizeof(threads[0]), thread_fields,
		     sizeof(thread_fields) / sizeof(thread_fields[0]));
	int r2 = reg("scene.locks", locks, 4, sizeof(locks[0]), lock_fields,
		     sizeof(lock_fields) / sizeof(lock_fields[0]));
	if (r1 < 0 || r2 < 0)
		sys_printf("scene: registering tables failed: %s\n", mx_strerror(r1 < 0 ? r1 : r2));

	/* Without a VM, describe this process's own regions as VM would. */
	static mx_bootinfo bi;
	if (sys_getinfo(MX_GI_BOOTMODS, &bi, sizeof(bi), 0) < 0)
		return;
	for (uint32_t i = 0; i < 8; i++)
		regions[i].ep = MX_NONE;
	for (uint32_t m = 0; m < bi.nmods; m++) {
		const mx_bootmod *b = &bi.mods[m];
		if (strcmp(b->name, "scene") != 0)
			continue;
		mx_endpoint_t me = eps[role_by_name("sc-srv")];
		uint32_t lo[3] = { b->text_lo, b->data_lo, b->stack_lo }, hi[3] = { b->text_hi, b->data_hi, b->stack_hi };
		uint32_t prot[3] = { MX_VR_READ | MX_VR_EXEC, MX_VR_READ | MX_VR_WRITE, MX_VR_READ | MX_VR_WRITE };
		uint32_t kind[3] = { MX_VRK_TEXT, MX_VRK_DATA, MX_VRK_STACK };
		for (int k = 0; k < 3; k++) {
			regions[k].ep = me;
			regions[k].start = lo[k];
			regions[k].len = hi[k] - lo[k];
			regions[k].prot = prot[k];
			regions[k].kind = kind[k];
			regions[k].pages = (hi[k] - lo[k]) / 4096;
		}
		break;
	}
	if (boot_ep_by_name("vm") == MX_NONE)
		reg("vm.regions", regions, 8, sizeof(regions[0]), region_fields,
		    sizeof(region_fields) / sizeof(region_fields[0]));
}

/* ---- children --------------------------------------------------------------- */

static void child_main(void) __attribute__((noreturn));
static void child_main(void)
{
	const struct role *r = &roles[my_role];
	mx_message m;
	mx_progname = r->name;
	/* Wait for the parent's go: it carries every endpoint. */
	do {
		memset(&m, 0, sizeof(m));
	} while (mx_receive(parent_ep, &m) != MX_OK || m.m_type != SCENE_GO);
	memcpy(eps, m.m_u.w, sizeof(eps));
	mx_endpoint_t peer = r->peer >= 0 ? eps[r->peer] : MX_NONE;
	int res = 0;
	memset(&m, 0, sizeof(m));
	switch (r->op) {
	case OP_SPIN:
		for (volatile uint32_t n = 0; ; n++)
			;
	case OP_RECV:
		res = mx_receive(peer, &m);
		break;
	case OP_SEND:
		m.m_type = SCENE_REQ;
		res = mx_send(peer, &m);
		break;
	case OP_SENDREC:
		m.m_type = SCENE_REQ;
		res = mx_sendrec(peer, &m);
		break;
	case OP_TAKE_RECV:
		if ((res = mx_receive(MX_ANY, &m)) == MX_OK)
			res = mx_receive(peer, &m);
		break;
	case OP_EXIT:
		sys_exit(0);
	case OP_SERVER:
		server_tables();
		for (;;)
			mx_receive(MX_ANY, &m);         /* takes requests, never answers */
	}
	/* Only reached if the scene was disturbed. */
	sys_printf("%s: woke up: %s (type %d)\n", r->name, mx_strerror(res), m.m_type);
	sys_exit(1);
}

/* Start role i as a child that waits for the go message. */
static int start(int i)
{
	const struct role *r = &roles[i];
	mx_endpoint_t ep;
	my_role = i;
	int res = sys_fork(MX_SELF, MX_FORK_COPYMEM, &ep);
	if (res == 0)
		sys_panic("fork returned in the child");   /* the child starts at child_main */
	if (res < 0)
		return res;
	my_role = -1;
	/* Rename it and start it afresh at child_main on its own copy of child_stack. */
	uint32_t sp = ((uint32_t)child_stack + sizeof(child_stack) - 16) & ~15u;
	if ((res = sys_exec(ep, (uint32_t)child_main, sp, 0, r->name)) < 0)
		return res;
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SET_SYS;
	pc.flags = MX_PF_SYS_PROC | MX_PF_PREEMPTIBLE;
	pc.trap_mask = 0x7e;
	pc.kcall_mask[0] = KC_CHILD_DEFAULT | KC_BIT(REGTABLE);
	pc.sig_mgr = (uint32_t)MX_NONE;
	strncpy(pc.name, r->name, sizeof(pc.name) - 1);
	if ((res = sys_privctl(ep, &pc)) < 0 || (res = sys_allow(ep, MX_SELF, 1)) < 0)
		return res;
	/* A peer started later allows this one when it starts. */
	if (r->peer >= 0 && eps[r->peer] != MX_NONE && (res = sys_allow(ep, eps[r->peer], 1)) < 0)
		return res;
	if (r->op == OP_SPIN && (res = sys_schedctl(ep, MX_NR_QUEUES - 2, -1)) < 0)
		return res;
	eps[i] = ep;
	return 0;
}

/* ---- checking the process table ------------------------------------------------ */

static mx_info info;
static uint8_t ptab[160 * 1024];
static int off_ep, off_rts, off_misc, off_sendto, off_getfrom;

static int field_offset(const mx_struct_desc *sd, const char *name)
{
	for (int i = 0; i < sd->nfields; i++)
		if (strcmp(info.fields[sd->first_field + i].name, name) == 0)
			return info.fields[sd->first_field + i].offset;
	return -1;
}

static int ptab_init(void)
{
	if (sys_getinfo(MX_GI_MXINFO, &info, sizeof(info), 0) < 0)
		return -1;
	const mx_struct_desc *sd = &info.structs[MX_SD_PROC];
	if (sd->count * sd->size > sizeof(ptab))
		return -1;
	off_ep = field_offset(sd, "p_endpoint");
	off_rts = field_offset(sd, "p_rts_flags");
	off_misc = field_offset(sd, "p_misc_flags");
	off_sendto = field_offset(sd, "p_sendto");
	off_getfrom = field_offset(sd, "p_getfrom");
	return off_ep < 0 || off_rts < 0 || off_misc < 0 || off_sendto < 0 || off_getfrom < 0 ? -1 : 0;
}

static uint32_t word(int slot, int off)
{
	uint32_t v;
	memcpy(&v, ptab + (uint32_t)slot * info.structs[MX_SD_PROC].size + (uint32_t)off, 4);
	return v;
}

/* Has role i reached its expected state?  ptab holds a fresh copy. */
static int reached(int i)
{
	const struct role *r = &roles[i];
	int slot = MX_EP_SLOT(eps[i]);
	uint32_t rts = word(slot, off_rts), misc = word(slot, off_misc);
	mx_endpoint_t peer = r->expect_peer >= 0 ? eps[r->expect_peer] : MX_ANY;
	int live = (mx_endpoint_t)word(slot, off_ep) == eps[i] && !(rts & MX_RTS_SLOT_FREE);
	switch (r->expect) {
	case X_RUN:
		return live && rts == 0;
	case X_SEND:
		return live && (rts & MX_RTS_SENDING) && (mx_endpoint_t)word(slot, off_sendto) == peer;
	case X_RECV:
	case X_RECV_ANY:
		return live && rts == MX_RTS_RECEIVING && !(misc & MX_MF_REPLY_PEND) &&
			(mx_endpoint_t)word(slot, off_getfrom) == peer;
	case X_REPLY_WAIT:
		return live && rts == MX_RTS_RECEIVING && (misc & MX_MF_REPLY_PEND) &&
			(mx_endpoint_t)word(slot, off_getfrom) == peer;
	case X_GONE:
		return !live;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";
	for (unsigned s = 0; s < sizeof(scenarios) / sizeof(scenarios[0]); s++)
		if (strcmp(scenarios[s].name, name) == 0)
			roles = scenarios[s].roles;
	if (!roles) {
		sys_printf("scene: unknown scenario '%s' (ipc, locks)\n", name);
		sys_exit(2);
	}
	parent_ep = boot_ep_by_name("scene");
	if (parent_ep == MX_NONE || ptab_init() < 0) {
		sys_printf("scene: cannot read the kernel's self-description\n");
		sys_exit(1);
	}
	int n = 0, r;
	for (n = 0; roles[n].name; n++)
		eps[n] = MX_NONE;
	for (int i = 0; i < n; i++)
		if ((r = start(i)) < 0) {
			sys_printf("scene: starting %s failed: %s\n", roles[i].name, mx_strerror(r));
			sys_exit(1);
		}
	for (int i = 0; i < n; i++) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = SCENE_GO;
		memcpy(m.m_u.w, eps, sizeof(eps));
		if ((r = mx_send(eps[i], &m)) < 0) {
			sys_printf("scene: go to %s failed: %s\n", roles[i].name, mx_strerror(r));
			sys_exit(1);
		}
	}
	/* Wait until every role is where it should be. */
	int done = 0;
	for (int tries = 0; tries < 500 && !done; tries++) {
		tickdelay(1);
		if (sys_getinfo(MX_GI_PROCTAB, ptab, sizeof(ptab), 0) < 0)
			continue;
		done = 1;
		for (int i = 0; i < n; i++)
			done &= reached(i);
	}
	if (!done) {
		for (int i = 0; i < n; i++)
			if (!reached(i))
				sys_printf("scene: %s did not reach its state\n", roles[i].name);
		sys_exit(1);
	}
	char line[400];
	int len = snprintf(line, sizeof(line), "SCENE READY %s scene=%d", name, parent_ep);
	for (int i = 0; i < n && len < (int)sizeof(line) - 24; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %s=%d", roles[i].name, eps[i]);
	sys_trace_emit(MX_TK_MARK, 0, MX_NONE, SCENE_GO, (uint32_t)n, 0);
	sys_printf("%s\n", line);
	for (;;) {
		mx_message m;
		mx_receive(MX_ANY, &m);
	}
}
