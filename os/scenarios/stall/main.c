/*
 * stall: a character driver that loses requests, for the "driver never
 * replies" and "driver crash" scenarios (`hang noreply`, `hang crash`).
 * RS starts it (`service up /bin/stall`); it publishes its endpoint in DS
 * and VFS points /dev/stall (major MX_MAJOR_STALL) at it.  It answers RS's
 * heartbeats like any healthy driver, so RS sees nothing wrong, but:
 *
 *   open, close, select   answered at once
 *   read                  kept, never answered: the reader, and the VFS
 *                         worker serving it, wait for good
 *   cancel                ignored (the bug: Ctrl-C does not free a reader)
 *   write "crash..."      the driver writes through a null pointer and
 *                         dies; RS starts a new one and VFS ends the reads
 *                         the old one kept with EIO
 *   write anything else   answers every kept read with end of file, and
 *                         the write with its length
 *
 * A bad request is answered with an error, as from any driver.
 */
#include <string.h>
#include <mxsys.h>
#include <driver.h>
#include <mx/callnr.h>
#include <mx/dev.h>

#define MAX_KEPT 32

static struct { mx_endpoint_t from; uint32_t tag, minor; } kept[MAX_KEPT];
static int nkept;

static void answer(mx_endpoint_t to, uint32_t tag, uint32_t minor, int status)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_DEV_REPLY;
	struct dev_reply *rep = MX_BODY(&m, struct dev_reply);
	rep->tag = tag;
	rep->minor = minor;
	rep->status = status;
	asynsend(to, &m);
}

static int do_write(mx_message *m)
{
	struct dev_io *a = MX_BODY(m, struct dev_io);
	char head[8] = "";
	uint32_t n = a->len < sizeof(head) - 1 ? a->len : sizeof(head) - 1;
	int r = sys_safecopyfrom(m->m_source, a->grant, 0, head, n);
	if (r < 0)
		return r;
	if (strncmp(head, "crash", 5) == 0) {
		sys_printf("stall: asked to crash: writing through a null pointer\n");
		*(volatile int *)0 = 1;
	}
	sys_printf("stall: releasing %d kept read%s\n", nkept, nkept == 1 ? "" : "s");
	for (int i = 0; i < nkept; i++)
		answer(kept[i].from, kept[i].tag, kept[i].minor, 0);
	nkept = 0;
	return (int)a->len;
}

static int do_read(mx_message *m)
{
	struct dev_io *a = MX_BODY(m, struct dev_io);
	if (a->flags & MX_DEV_NONBLOCK)
		return -MX_EAGAIN;
	if (nkept == MAX_KEPT)
		return -MX_EBUSY;
	kept[nkept].from = m->m_source;
	kept[nkept].tag = a->tag;
	kept[nkept].minor = a->minor;
	nkept++;
	sys_printf("stall: keeping a read from %d (user %d), never to answer it\n", m->m_source, a->user);
	return -MX_EDONTREPLY;
}

int main(void)
{
	sef_startup();
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK || is_notify(&m))
			continue;
		int r;
		switch (m.m_type) {
		case MX_DEV_OPEN: case MX_DEV_CLOSE:
			r = MX_BODY(&m, struct dev_open)->minor == 0 ? 0 : -MX_ENXIO;
			break;
		case MX_DEV_SELECT:
			r = (int)(MX_BODY(&m, struct dev_select)->ops & (MX_SEL_RD | MX_SEL_WR));
			break;
		case MX_DEV_READ:  r = do_read(&m); break;
		case MX_DEV_WRITE: r = do_write(&m); break;
		case MX_DEV_IOCTL: r = -MX_ENOTTY; break;
		case MX_DEV_CANCEL: r = -MX_EDONTREPLY; break;    /* the bug this driver is for */
		default:           r = -MX_EBADREQUEST; break;
		}
		if (r != -MX_EDONTREPLY) {
			struct dev_io *a = MX_BODY(&m, struct dev_io);
			answer(m.m_source, a->tag, a->minor, r);
		}
	}
}
