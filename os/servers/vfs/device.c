/*
 * Character and block devices: the device map ("vfs.dmap", major to
 * driver) and the DEV_* requests (mx/dev.h).  A worker sends each request
 * asynchronously and sleeps until the driver's DEV_REPLY with its tag;
 * data moves through the worker's grant of its own buffer.  A call whose
 * process gets a signal is ended early with DEV_CANCEL.
 */
#include "proto.h"
#include <mx/ds.h>

mx_dmap_ent dmap[MX_NR_MAJORS];

static const mx_field dmap_fields[] = {
	MX_TABLE_FIELD(mx_dmap_ent, major, MX_FK_I32),
	MX_TABLE_FIELD(mx_dmap_ent, driver, MX_FK_EP),
	MX_TABLE_FIELD(mx_dmap_ent, flags, MX_FK_FLAGS),
	MX_TABLE_FIELD(mx_dmap_ent, label, MX_FK_STR),
};

static void dmap_set(int major, mx_endpoint_t ep, uint32_t flags, const char *label)
{
	dmap[major].major = major;
	dmap[major].driver = ep;
	dmap[major].flags = flags;
	strncpy(dmap[major].label, label, sizeof(dmap[major].label) - 1);
}

void dmap_init(void)
{
	for (int i = 0; i < MX_NR_MAJORS; i++) {
		dmap[i].major = -1;
		dmap[i].driver = MX_NONE;
	}
	dmap_set(MX_MAJOR_MEM, MX_MEM, MX_DMAP_CHAR | MX_DMAP_BLOCK, "memory");
	dmap_set(MX_MAJOR_TTY, MX_TTY, MX_DMAP_CHAR, "tty");
	dmap_set(MX_MAJOR_CTTY, MX_TTY, MX_DMAP_CHAR, "tty (ctty)");
	dmap_set(MX_MAJOR_STALL, MX_NONE, MX_DMAP_CHAR, "stall");     /* found in DS when it starts */
	PUBLISH_TABLE("vfs.dmap", dmap, MX_NR_MAJORS, sizeof(mx_dmap_ent), dmap_fields);
}

/* /dev/tty is the console: MX has one terminal. */
uint32_t dev_map(uint32_t dev)
{
	if (MX_MAJOR(dev) == MX_MAJOR_CTTY)
		return MX_MAKEDEV(MX_MAJOR_TTY, MX_MINOR_CONSOLE);
	return dev;
}

static mx_endpoint_t driver_of(uint32_t dev)
{
	uint32_t major = MX_MAJOR(dev_map(dev));
	if (major >= MX_NR_MAJORS || dmap[major].major < 0)
		return MX_NONE;
	return dmap[major].driver;
}

/* Send m (type) for dev and wait for the driver's answer; its status. */
static int dev_call(struct worker *w, uint32_t dev, int type, mx_message *m)
{
	mx_endpoint_t drv = driver_of(dev);
	if (drv == MX_NONE)
		return -MX_ENXIO;
	m->m_type = type;
	m->m_u.w[1] = MX_MINOR(dev_map(dev));          /* every DEV_* body: tag, minor */
	w->minor_waiting = m->m_u.w[1];
	if (w->fp && w->fp->pub) {
		w->fp->pub->blocked_on = MX_FPB_DEV;
		w->fp->pub->blocked_ep = drv;
	}
	int r = wait_reply(w, drv, m);
	w->minor_waiting = 0xffffffffu;
	if (w->fp && w->fp->pub) {
		w->fp->pub->blocked_on = 0;
		w->fp->pub->blocked_ep = MX_NONE;
	}
	grant_clear(w);
	if (r < 0)
		return r == -MX_EDEADSRCDST ? -MX_ENXIO : r;
	if (m->m_type != MX_DEV_REPLY)
		return -MX_EIO;
	return MX_BODY(m, struct dev_reply)->status;
}

int dev_open(struct worker *w, struct fproc *fp, uint32_t dev, uint32_t flags)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct dev_open *a = MX_BODY(&m, struct dev_open);
	a->flags = flags;
	a->user = fp ? fp->ep : MX_NONE;
	a->pid = fp ? fp->pid : 0;
	int r = dev_call(w, dev, MX_DEV_OPEN, &m);
	return r > 0 ? 0 : r;
}

int dev_close(struct worker *w, uint32_t dev)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	int r = dev_call(w, dev, MX_DEV_CLOSE, &m);
	return r > 0 ? 0 : r;
}

/* Move len (<= IO_CHUNK) bytes between w->buf and the device at pos. */
int dev_io(struct worker *w, uint32_t dev, int write, uint32_t pos, uint32_t len, uint32_t flags,
	   uint32_t *bytes)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct dev_io *a = MX_BODY(&m, struct dev_io);
	mx_endpoint_t drv = driver_of(dev);
	a->pos = pos;
	a->len = len;
	a->flags = (flags & MX_O_NONBLOCK) ? MX_DEV_NONBLOCK : 0;
	a->user = w->fp ? w->fp->ep : MX_NONE;
	a->grant = grant_set(w, drv, w->buf, len, write ? MX_GF_READ : MX_GF_WRITE);
	int r = dev_call(w, dev, write ? MX_DEV_WRITE : MX_DEV_READ, &m);
	if (r < 0)
		return r;
	*bytes = (uint32_t)r > len ? len : (uint32_t)r;
	return 0;
}

/* An ioctl whose argument (len bytes) is in w->buf, in and out. */
int dev_ioctl(struct worker *w, uint32_t dev, uint32_t req, uint32_t len)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct dev_ioctl *a = MX_BODY(&m, struct dev_ioctl);
	a->req = req;
	a->user = w->fp ? w->fp->ep : MX_NONE;
	a->grant = grant_set(w, driver_of(dev), w->buf, len, MX_GF_READ | MX_GF_WRITE);
	return dev_call(w, dev, MX_DEV_IOCTL, &m);
}

/* Which of ops are ready (MX_SEL_*); with MX_SEL_NOTIFY the driver tells us later. */
int dev_select(struct worker *w, uint32_t dev, uint32_t ops)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct dev_select)->ops = ops;
	return dev_call(w, dev, MX_DEV_SELECT, &m);
}

/* Ask the driver to end w's request now (w keeps waiting for its answer). */
int dev_cancel(struct worker *w)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_DEV_CANCEL;
	struct dev_cancel *a = MX_BODY(&m, struct dev_cancel);
	a->tag = w->tag;
	a->minor = w->minor_waiting;
	return asynsend(w->wait_from, &m);
}

/* A driver says a watched device became ready (main thread). */
void dev_sel_event(mx_message *m)
{
	select_wakeup();
}

/* Does a dmap label ("tty (ctty)") name the driver label ("tty")? */
static int label_is(const char *dlabel, const char *label)
{
	size_t n = strlen(label);
	return strncmp(dlabel, label, n) == 0 && (dlabel[n] == 0 || dlabel[n] == ' ');
}

/*
 * DS told us endpoints changed (a driver restarted by RS publishes its new
 * "ep.<label>"): point the device map at the new driver, and end requests
 * still waiting at the old one with EIO (main thread).  The next request
 * goes to the new driver.
 */
void dmap_follow(void)
{
	char key[MX_DS_KEY_MAX];
	uint32_t v;
	int deleted;
	while (ds_check(key, sizeof(key), &v, &deleted) == MX_OK) {
		if (strncmp(key, "ep.", 3) != 0)
			continue;
		mx_endpoint_t nep = deleted ? MX_NONE : (mx_endpoint_t)v;
		for (int i = 0; i < MX_NR_MAJORS; i++) {
			if (dmap[i].major < 0 || !label_is(dmap[i].label, key + 3) || dmap[i].driver == nep)
				continue;
			mx_endpoint_t old = dmap[i].driver;
			dmap[i].driver = nep;
			sys_printf("vfs: driver %s is now endpoint %d\n", dmap[i].label, nep);
			abort_waits(old);
		}
	}
}
