/* The file system and the drivers, sent garbage by a system process that is not VFS; the tables. */
#include "fstest.h"
#include <mx/dev.h>
#include <mx/fs.h>
#include <mx/tables.h>

static uint8_t gbuf[2048];

static int dev_req(mx_endpoint_t to, int type, uint32_t minor, uint32_t pos, uint32_t grant, uint32_t len,
		   uint32_t flags, int *status)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct dev_io *a = MX_BODY(&m, struct dev_io);
	a->tag = 0x1234;
	a->minor = minor;
	a->pos = pos;
	a->grant = grant;
	a->len = len;
	a->flags = flags;
	int r = v_call(to, type, &m);
	if (r < 0)
		return r;
	if (m.m_type != MX_DEV_REPLY || MX_BODY(&m, struct dev_reply)->tag != 0x1234)
		return -MX_EIO;
	*status = MX_BODY(&m, struct dev_reply)->status;
	return 0;
}

int t_fs_garbage(void)
{
	for (int type = MX_FS_BASE - 2; type < MX_FS_BASE + 0x20; type++) {
		mx_message m;
		memset(&m, 0xa5, sizeof(m));
		T_EQ(v_call(MX_FS, type, &m), -MX_EPERM, "a request to FS from a process that is not VFS");
	}
	return 0;
}

int t_fs_only_vfs(void)
{
	/* Even a well-formed request is refused; the answer repeats our tag. */
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct fs_lookup)->tag = 0xfeed;
	MX_BODY(&m, struct fs_lookup)->dir = MXFS_ROOT_INO;
	T_EQ(v_call(MX_FS, MX_FS_LOOKUP, &m), -MX_EPERM, "lookup from a system process");
	T_EQ(m.m_u.w[0], 0xfeed, "tag of the answer");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_FS, MX_FS_SYNC, &m), -MX_EPERM, "sync from a system process");
	return 0;
}

int t_mem_garbage(void)
{
	int st = 0;
	int g = grant_alloc(MX_MEM, gbuf, 1024, MX_GF_READ | MX_GF_WRITE), unused = grant_alloc(MX_MEM, gbuf, 1, 0);
	T_OK(g, "grant");
	grant_free(unused);
	T_OK(dev_req(MX_MEM, MX_DEV_READ, 9, 0, 0, 16, 0, &st), "read minor 9");
	T_EQ(st, -MX_ENXIO, "read a minor that does not exist");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_RAM, 1024, (uint32_t)g, 1024, 0, &st), "read the superblock");
	T_EQ(st, 1024, "bytes read from /dev/ram");
	T_EQ(*(uint32_t *)gbuf, MXFS_MAGIC, "the superblock through our grant");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_RAM, 0, (uint32_t)g, 2048, 0, &st), "read past the grant");
	T_CHECK(st < 0, "a read larger than the grant succeeded");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_RAM, 0, (uint32_t)unused, 16, 0, &st), "read through an unused grant");
	T_CHECK(st < 0, "an unused grant worked");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_RAM, 0, 77, 16, 0, &st), "read through grant 77");
	T_CHECK(st < 0, "grant 77 worked");
	T_OK(dev_req(MX_MEM, MX_DEV_WRITE, MX_MINOR_RAM, 0, (uint32_t)g, 16, 0, &st), "write /dev/ram");
	T_EQ(st, -MX_EPERM, "only the file system writes the disk");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_RAM, 0xfffffff0u, (uint32_t)g, 16, 0, &st), "read past the end");
	T_EQ(st, 0, "read past the end of the disk");
	T_OK(dev_req(MX_MEM, MX_DEV_WRITE, MX_MINOR_KMEM, 0, (uint32_t)g, 16, 0, &st), "write /dev/kmem");
	T_EQ(st, -MX_EACCES, "write /dev/kmem");
	T_OK(dev_req(MX_MEM, MX_DEV_IOCTL, MX_MINOR_NULL, 0, 0, 0, 0, &st), "ioctl");
	T_EQ(st, -MX_ENOTTY, "ioctl on /dev/null");
	T_OK(dev_req(MX_MEM, MX_DEV_BASE + 0x3f, 0, 0, 0, 0, 0, &st), "unknown request");
	T_EQ(st, -MX_EBADREQUEST, "unknown request");
	T_OK(dev_req(MX_MEM, MX_DEV_READ, MX_MINOR_ZERO, 0, (uint32_t)g, 100, 0, &st), "read /dev/zero");
	T_EQ(st, 100, "bytes of /dev/zero");
	grant_free(g);
	return 0;
}

int t_tty_garbage(void)
{
	int st = 0;
	static const char line[] = "fstest: the tty answers a system process too\n";
	memcpy(gbuf, line, sizeof(line));
	int g = grant_alloc(MX_TTY, gbuf, 1024, MX_GF_READ | MX_GF_WRITE), unused = grant_alloc(MX_TTY, gbuf, 1, 0);
	T_OK(g, "grant");
	grant_free(unused);
	T_OK(dev_req(MX_TTY, MX_DEV_OPEN, 5, 0, 0, 0, 0, &st), "open minor 5");
	T_EQ(st, -MX_ENXIO, "open a tty that does not exist");
	T_OK(dev_req(MX_TTY, MX_DEV_WRITE, 0, 0, (uint32_t)g, sizeof(line) - 1, 0, &st), "write");
	T_EQ(st, sizeof(line) - 1, "bytes written to the console");
	T_OK(dev_req(MX_TTY, MX_DEV_WRITE, 0, 0, (uint32_t)unused, 10, 0, &st), "write through an unused grant");
	T_CHECK(st < 0, "an unused grant worked");
	T_OK(dev_req(MX_TTY, MX_DEV_READ, 0, 0, (uint32_t)g, 10, MX_DEV_NONBLOCK, &st), "non-blocking read");
	T_EQ(st, -MX_EAGAIN, "non-blocking read without input");
	T_OK(dev_req(MX_TTY, MX_DEV_BASE + 0x3f, 0, 0, 0, 0, 0, &st), "unknown request");
	T_EQ(st, -MX_EBADREQUEST, "unknown request");
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct dev_ioctl *io = MX_BODY(&m, struct dev_ioctl);
	io->tag = 7;
	io->req = 0xdeadbeef;
	T_EQ(v_call(MX_TTY, MX_DEV_IOCTL, &m), MX_DEV_REPLY, "ioctl");
	T_EQ(MX_BODY(&m, struct dev_reply)->status, -MX_ENOTTY, "unknown ioctl");
	grant_free(g);
	return 0;
}

/* Copy the registered table name (owner's memory) into buf. */
int read_table(const char *name, void *buf, uint32_t size, uint32_t *count, mx_endpoint_t *owner)
{
	static mx_registry reg;
	int r = sys_getinfo(MX_GI_REGISTRY, &reg, sizeof(reg), 0);
	if (r < 0)
		return r;
	for (int i = 0; i < MX_REGISTRY_MAX; i++) {
		mx_registry_ent *e = &reg.ent[i];
		if (e->owner == MX_NONE || strcmp(e->desc.name, name) != 0)
			continue;
		uint32_t bytes = e->desc.count * e->desc.size;
		if (bytes > size)
			bytes = size - size % e->desc.size;
		*count = bytes / e->desc.size;
		*owner = e->owner;
		return sys_vircopy(e->owner, e->desc.addr, MX_SELF, (uint32_t)buf, bytes);
	}
	return -MX_ENOENT;
}

static int has_field(const mx_table_desc *d, const char *f)
{
	for (uint32_t i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, f) == 0)
			return 1;
	return 0;
}

int t_tables_registered(void)
{
	static mx_registry reg;
	static const struct { const char *name; uint32_t size; const char *field; } want[] = {
		{ "vfs.threads", sizeof(mx_thread_ent), "lock_wait" },
		{ "vfs.locks", sizeof(mx_lock_ent), "holders" },
		{ "vfs.fproc", sizeof(mx_fproc_ent), "blocked_on" },
		{ "vfs.dmap", sizeof(mx_dmap_ent), "driver" },
	};
	T_OK(sys_getinfo(MX_GI_REGISTRY, &reg, sizeof(reg), 0), "registry");
	for (unsigned k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		const mx_registry_ent *e = NULL;
		for (int i = 0; i < MX_REGISTRY_MAX; i++)
			if (reg.ent[i].owner != MX_NONE && strcmp(reg.ent[i].desc.name, want[k].name) == 0)
				e = &reg.ent[i];
		T_CHECK(e, "%s is not registered", want[k].name);
		T_EQ(e->owner, MX_VFS, "owner");
		T_EQ(e->desc.size, want[k].size, "entry size");
		T_CHECK(has_field(&e->desc, want[k].field), "%s has no field %s", want[k].name, want[k].field);
	}
	static mx_dmap_ent dm[MX_NR_MAJORS];
	uint32_t n;
	mx_endpoint_t owner;
	T_OK(read_table("vfs.dmap", dm, sizeof(dm), &n, &owner), "read vfs.dmap");
	T_EQ(dm[MX_MAJOR_MEM].driver, MX_MEM, "major 1 is the memory driver");
	T_EQ(dm[MX_MAJOR_TTY].driver, MX_TTY, "major 4 is the tty");
	T_EQ(dm[0].major, -1, "major 0 is free");
	static mx_fproc_ent fp[MX_NR_SLOTS];
	struct mx_whoami me;
	T_OK(sys_getinfo(MX_GI_WHOAMI, &me, sizeof(me), 0), "whoami");
	T_OK(read_table("vfs.fproc", fp, sizeof(fp), &n, &owner), "read vfs.fproc");
	T_EQ(fp[MX_EP_SLOT(me.ep)].ep, me.ep, "our own entry");
	T_EQ(fp[MX_EP_SLOT(me.ep)].worker, -1, "no worker serves us between calls");
	return 0;
}
