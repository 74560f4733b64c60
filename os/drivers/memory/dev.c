/*
 * The DEV_* handlers.  Data is copied straight between the mapped device
 * and the requester's grant, in one SAFECOPY per request; the granter is
 * always m_source.
 */
#include "memory.h"

static mx_info kinfo_view;           /* /dev/kmem: the kernel's mx_info object */

static struct memdev *minor_dev(uint32_t minor)
{
	if (minor >= (uint32_t)nr_memdevs || !memdevs[minor].name)
		return NULL;
	return &memdevs[minor];
}

int do_open(mx_message *m)
{
	struct dev_open *a = MX_BODY(m, struct dev_open);
	struct memdev *d = minor_dev(a->minor);
	if (!d)
		return -MX_ENXIO;
	if ((a->flags & MX_O_ACCMODE) != MX_O_RDONLY && !d->writable)
		return -MX_EACCES;
	return 0;
}

int do_close(mx_message *m)
{
	return minor_dev(MX_BODY(m, struct dev_open)->minor) ? 0 : -MX_ENXIO;
}

/* Zeroes to a grant, a page at a time. */
static int copy_zeroes(mx_endpoint_t who, uint32_t grant, uint32_t len)
{
	static const uint8_t zero[1024];
	for (uint32_t off = 0; off < len; ) {
		uint32_t n = len - off < sizeof(zero) ? len - off : sizeof(zero);
		int r = sys_safecopyto(who, grant, off, zero, n);
		if (r < 0)
			return r;
		off += n;
	}
	return (int)len;
}

int do_rdwt(mx_message *m)
{
	struct dev_io *a = MX_BODY(m, struct dev_io);
	int write = m->m_type == MX_DEV_WRITE;
	struct memdev *d = minor_dev(a->minor);
	if (!d)
		return -MX_ENXIO;
	if (a->len > 0x40000000u)
		return -MX_EINVAL;
	switch (a->minor) {
	case MX_MINOR_NULL:
		return write ? (int)a->len : 0;
	case MX_MINOR_ZERO:
		return write ? (int)a->len : copy_zeroes(m->m_source, a->grant, a->len);
	case MX_MINOR_KMEM:
		if (write)
			return -MX_EACCES;
		if (sys_getinfo(MX_GI_MXINFO, &kinfo_view, sizeof(kinfo_view), 0) < 0)
			return -MX_EIO;
		d->base = (uint8_t *)&kinfo_view;
		d->size = sizeof(kinfo_view);
		break;
	case MX_MINOR_RAM:
		/* The disk belongs to the file system (and VFS): nobody else writes it. */
		if (write && m->m_source != MX_FS && m->m_source != MX_VFS)
			return -MX_EPERM;
		break;
	}
	if (!d->base)
		return -MX_ENXIO;
	if (a->pos >= d->size)
		return 0;
	uint32_t n = d->size - a->pos < a->len ? d->size - a->pos : a->len;
	int r = write ? sys_safecopyfrom(m->m_source, a->grant, 0, d->base + a->pos, n)
		      : sys_safecopyto(m->m_source, a->grant, 0, d->base + a->pos, n);
	return r < 0 ? r : (int)n;
}

int do_ioctl(mx_message *m)
{
	return minor_dev(MX_BODY(m, struct dev_ioctl)->minor) ? -MX_ENOTTY : -MX_ENXIO;
}

int do_select(mx_message *m)
{
	struct dev_select *a = MX_BODY(m, struct dev_select);
	if (!minor_dev(a->minor))
		return -MX_ENXIO;
	return (int)(a->ops & (MX_SEL_RD | MX_SEL_WR));
}

/* Nothing here ever waits, so the request being cancelled has been answered already. */
int do_cancel(mx_message *m)
{
	return -MX_EDONTREPLY;
}
