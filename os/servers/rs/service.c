/*
 * Services: the table, starting an instance (PM forks RS, RS gives the
 * child its privileges and IPC rights, the child execs the binary), what
 * happens when one dies, and taking over the services the kernel started.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "rs.h"

struct rproc rproc[NR_SERVICES];

static const mx_field rs_fields[] = {
	MX_TABLE_FIELD(mx_rs_ent, ep, MX_FK_EP),
	MX_TABLE_FIELD(mx_rs_ent, flags, MX_FK_U32),
	MX_TABLE_FIELD(mx_rs_ent, restarts, MX_FK_U32),
	MX_TABLE_FIELD(mx_rs_ent, backoff, MX_FK_U32),
	MX_TABLE_FIELD(mx_rs_ent, last_ping_lo, MX_FK_U32),
	MX_TABLE_FIELD(mx_rs_ent, last_ping_hi, MX_FK_U32),
	MX_TABLE_FIELD(mx_rs_ent, label, MX_FK_STR),
	MX_TABLE_FIELD(mx_rs_ent, binary, MX_FK_STR),
};

void register_table(void)
{
	for (int i = 0; i < NR_SERVICES; i++)
		rproc[i].pub.ep = MX_NONE;
	PUBLISH_TABLE("rs.services", rproc, NR_SERVICES, sizeof(struct rproc), rs_fields);
}

struct rproc *rp_by_label(const char *label)
{
	for (int i = 0; i < NR_SERVICES; i++)
		if ((rproc[i].pub.flags & MX_RSF_INUSE) && strcmp(rproc[i].pub.label, label) == 0)
			return &rproc[i];
	return NULL;
}

struct rproc *rp_by_ep(mx_endpoint_t ep)
{
	if (ep == MX_NONE)
		return NULL;
	for (int i = 0; i < NR_SERVICES; i++)
		if ((rproc[i].pub.flags & MX_RSF_INUSE) && rproc[i].pub.ep == ep)
			return &rproc[i];
	return NULL;
}

struct rproc *rp_new(const char *label)
{
	for (int i = 0; i < NR_SERVICES; i++) {
		struct rproc *rp = &rproc[i];
		if (rp->pub.flags & MX_RSF_INUSE)
			continue;
		memset(rp, 0, sizeof(*rp));
		rp->pub.ep = MX_NONE;
		strncpy(rp->pub.label, label, sizeof(rp->pub.label) - 1);
		strncpy(rp->conf.label, label, sizeof(rp->conf.label) - 1);
		rp->pub.flags = MX_RSF_INUSE;
		return rp;
	}
	return NULL;
}

static int names(const struct rproc *rp, const char *label)
{
	for (uint32_t i = 0; i < rp->conf.nipc; i++)
		if (strcmp(rp->conf.ipc[i], label) == 0)
			return 1;
	return 0;
}

/*
 * Give rp's process its IPC rights: the servers every service needs, the
 * labels its configuration names (those that exist now; the others when
 * they start: see the second loop), and user processes if configured.
 */
void apply_ipc(struct rproc *rp)
{
	mx_endpoint_t ep = rp->pub.ep;
	static const mx_endpoint_t base[] = { MX_PM, MX_VM, MX_RS, MX_DS, MX_VFS };
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if (base[i] != ep)
			sys_allow(ep, base[i], 1);
	if (rp->conf.flags & RS_FLAG_USER_IPC)
		sys_allow(ep, MX_NONE, 1);
	for (int i = 0; i < NR_SERVICES; i++) {
		struct rproc *o = &rproc[i];
		if (o == rp || !(o->pub.flags & MX_RSF_INUSE) || o->pub.ep == MX_NONE)
			continue;
		if ((rp->conf.flags & RS_FLAG_ALL_IPC) || (o->conf.flags & RS_FLAG_ALL_IPC) ||
		    names(rp, o->pub.label) || names(o, rp->pub.label))
			sys_allow(ep, o->pub.ep, 1);
	}
}

/* Build exec's initial stack frame (offsets from its start) for "binary args...". */
static uint32_t build_frame(uint8_t *buf, uint32_t room, const char *argv0, const char *args)
{
	const char *argv[16];
	char copy[sizeof(((struct rs_config *)0)->args)];
	int argc = 0;
	argv[argc++] = argv0;
	strncpy(copy, args, sizeof(copy) - 1);
	copy[sizeof(copy) - 1] = 0;
	for (char *s = copy; *s && argc < 15; ) {
		while (*s == ' ')
			*s++ = 0;
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ')
			s++;
	}
	uint32_t *words = (uint32_t *)buf;
	uint32_t nwords = 1 + (uint32_t)argc + 1 + 1;     /* argc, argv..., NULL, (no env) NULL */
	uint32_t off = nwords * 4;
	words[0] = (uint32_t)argc;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (off + n > room)
			return 0;
		words[1 + i] = off;
		memcpy(buf + off, argv[i], n);
		off += (uint32_t)n;
	}
	words[1 + argc] = 0;
	words[2 + argc] = 0;
	return (off + 3) & ~3u;
}

/*
 * Read the binaries of the services that must restart without the file
 * system (the driver of its disk), once the file system is up.
 */
void cache_images(void)
{
	for (int i = 0; i < NR_SERVICES; i++) {
		struct rproc *rp = &rproc[i];
		if (!(rp->pub.flags & MX_RSF_INUSE) || !rp->keep_image || rp->image)
			continue;
		int fd = open(rp->conf.binary, O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0 || !(rp->image = malloc((size_t)st.st_size))) {
			sys_printf("rs: cannot keep a copy of %s: %s\n", rp->conf.binary, strerror(errno));
			if (fd >= 0)
				close(fd);
			continue;
		}
		ssize_t n = read(fd, rp->image, (size_t)st.st_size);
		close(fd);
		if (n != st.st_size) {
			free(rp->image);
			rp->image = NULL;
			continue;
		}
		rp->image_len = (uint32_t)n;
	}
}

/* Runs in the new process, still a copy of RS: become the service. */
static void exec_service(struct rproc *rp)
{
	static uint8_t frame[256];
	const char *base = strrchr(rp->conf.binary, '/');
	uint32_t len = build_frame(frame, sizeof(frame), base ? base + 1 : rp->conf.binary, rp->conf.args);
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_exec *e = MX_BODY(&m, struct pm_exec);
	e->path = (uint32_t)rp->conf.binary;
	e->path_len = (uint32_t)strlen(rp->conf.binary) + 1;
	if (rp->image) {                         /* the parent's (RS's) copy: same address in us */
		e->path = (uint32_t)rp->image;
		e->path_len = MX_EXEC_IMAGE | rp->image_len;
	}
	e->frame = (uint32_t)frame;
	e->frame_len = len;
	m.m_type = MX_PM_EXEC;
	int r = mx_sendrec(MX_PM, &m);
	sys_printf("rs: cannot run %s for %s: %s\n", rp->conf.binary, rp->pub.label,
		   mx_strerror(r < 0 ? r : m.m_type));
	sys_exit(127);
}

/* Start a new instance of rp.  Returns 0 or an error; the new process reports with RS_INIT. */
int start_service(struct rproc *rp, int init_type)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	strncpy(MX_BODY(&m, struct pm_srv_fork)->label, rp->pub.label, 15);
	m.m_type = MX_PM_SRV_FORK;
	int r = mx_sendrec(MX_PM, &m);
	if (r == MX_OK)
		r = m.m_type;
	if (r == 0)
		exec_service(rp);                  /* we are the child */
	if (r < 0) {
		sys_printf("rs: cannot start %s: %s\n", rp->pub.label, mx_strerror(r));
		return r;
	}
	mx_endpoint_t ep = r;
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SET_SYS;
	pc.flags = MX_PF_SYS_PROC | MX_PF_PREEMPTIBLE;
	pc.trap_mask = 0x7e;
	pc.kcall_mask[0] = rp->conf.kcall_mask;
	pc.sig_mgr = (uint32_t)MX_RS;
	pc.irq_mask = rp->conf.irq_mask;
	for (int i = 0; i < 2; i++) {
		pc.io_base[i] = rp->conf.io_base[i];
		pc.io_len[i] = rp->conf.io_len[i];
	}
	strncpy(pc.name, rp->pub.label, sizeof(pc.name) - 1);
	rp->pub.ep = ep;
	rp->init_next = init_type;
	rp->pub.flags &= ~(MX_RSF_UP | MX_RSF_RESTART | MX_RSF_DOWN | MX_RSF_PINGING);
	rp->restart_at = 0;
	rp->ping_sent = 0;
	/* Its own privileges first (IPC rights given before would land on the shared
	 * user privileges), then its rights, then its priority: until then it runs at
	 * RS's (inherited through the fork), so it cannot overtake RS half set up. */
	if ((r = sys_privctl(ep, &pc)) < 0) {
		sys_printf("rs: cannot give %s its privileges: %s\n", rp->pub.label, mx_strerror(r));
		return r;
	}
	apply_ipc(rp);
	/* Never RS's own priority: a service that spins must not starve the servers it needs. */
	sys_schedctl(ep, rp->conf.priority >= 0 ? rp->conf.priority : SERVICE_PRIORITY, -1);
	strncpy(rp->pub.binary, rp->conf.binary, sizeof(rp->pub.binary) - 1);
	return 0;
}

/* rp's process is gone (crash, exit, kill): clean up, and restart it after its back-off. */
void service_died(struct rproc *rp, int sig)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_srv_kill)->ep = rp->pub.ep;
	MX_BODY(&m, struct pm_srv_kill)->sig = sig;
	m.m_type = MX_PM_SRV_KILL;
	int r = mx_sendrec(MX_PM, &m);
	if (r == MX_OK)
		r = m.m_type;
	if (r == -MX_EPERM) {
		sys_printf("rs: %s failed (signal %d) and cannot be restarted\n", rp->pub.label, sig);
		rp->pub.flags &= ~MX_RSF_UP;
		return;
	}
	rp->pub.ep = MX_NONE;
	rp->pub.flags &= ~(MX_RSF_UP | MX_RSF_PINGING);
	if (rp->stopping || !(rp->conf.flags & RS_FLAG_RESTART)) {
		sys_printf("rs: %s is down\n", rp->pub.label);
		if (rp->stopping)
			rp->pub.flags = 0;
		else
			rp->pub.flags |= MX_RSF_DOWN;
		return;
	}
	clock_update();
	if (now - rp->up_since > 10 * HZ)
		rp->pub.backoff = 0;                   /* it had been up long enough */
	rp->pub.backoff = rp->pub.backoff ? rp->pub.backoff * 2 : TICK_EVERY;
	if (rp->pub.backoff > MAX_BACKOFF)
		rp->pub.backoff = MAX_BACKOFF;
	rp->restart_at = now + rp->pub.backoff;
	rp->pub.flags |= MX_RSF_RESTART;
	sys_printf("rs: %s failed (signal %d); restarting in %u ticks\n", rp->pub.label, sig, rp->pub.backoff);
}

/* Services that answer heartbeats through SEF and may be restarted. */
/* keep: restart from a copy in memory (the root disk's driver cannot be read from that disk). */
static const struct { const char *label; uint32_t period; int restart, keep; } boot_policy[] = {
	{ "ds", 100, 1, 0 }, { "is", 100, 1, 0 }, { "memory", 100, 1, 1 }, { "tty", 100, 1, 0 },
	{ "pm", 0, 0, 0 }, { "vm", 0, 0, 0 }, { "vfs", 0, 0, 0 }, { "fs", 0, 0, 0 }, { "rs", 0, 0, 0 },
};

/* Take over the system processes the kernel started: their privileges become their configuration. */
void adopt_boot_services(void)
{
	static struct mx_privinfo pv[MX_NR_PRIVS];
	if (sys_getinfo(MX_GI_PRIVINFO, pv, sizeof(pv), 0) < 0)
		return;
	for (int i = 1; i < MX_NR_PRIVS; i++) {
		struct mx_privinfo *p = &pv[i];
		if (p->owner == MX_NONE || !p->flags || MX_EP_SLOT(p->owner) < MX_NR_TASKS)
			continue;
		char label[9];
		memcpy(label, p->name, 8);
		label[8] = 0;
		struct rproc *rp = rp_new(label);
		if (!rp)
			break;
		rp->pub.ep = p->owner;
		rp->pub.flags |= MX_RSF_UP | MX_RSF_BOOT;
		snprintf(rp->conf.binary, sizeof(rp->conf.binary), "/bin/%s", label);
		strncpy(rp->pub.binary, rp->conf.binary, sizeof(rp->pub.binary) - 1);
		rp->conf.kcall_mask = p->kcall_mask;
		rp->conf.irq_mask = p->irq_mask;
		for (int k = 0; k < 2; k++) {
			rp->conf.io_base[k] = p->io_base[k];
			rp->conf.io_len[k] = p->io_len[k];
		}
		struct mx_procinfo pi;
		rp->conf.priority = sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)p->owner) >= 0 ? (int32_t)pi.priority : -1;
		if ((p->ipc_to[0] & 1))
			rp->conf.flags |= RS_FLAG_USER_IPC;
		for (int j = 1; j < MX_NR_PRIVS && rp->conf.nipc < RS_MAX_IPC; j++)
			if ((p->ipc_to[j / 32] >> (j % 32)) & 1 && pv[j].owner != MX_NONE && MX_EP_SLOT(pv[j].owner) >= MX_NR_TASKS) {
				memcpy(rp->conf.ipc[rp->conf.nipc], pv[j].name, 8);
				rp->conf.nipc++;
			}
		for (size_t k = 0; k < sizeof(boot_policy) / sizeof(boot_policy[0]); k++)
			if (strcmp(boot_policy[k].label, label) == 0) {
				rp->conf.period = boot_policy[k].period;
				rp->conf.flags |= boot_policy[k].restart ? RS_FLAG_RESTART : 0;
				rp->keep_image = boot_policy[k].keep;
			}
	}
}
