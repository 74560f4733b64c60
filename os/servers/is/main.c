/*
 * IS: the MINIX information server's dumps, rendered by libdump from live
 * tables.  Asked three ways: a function key on the console (TTY sends
 * DEV_FKEY; the dump goes to the console), the `dump` command (IS_DUMP:
 * the text goes into the caller's buffer), and the host over the debug
 * channel (a DUMP command; the answer is DUMP frames, an ERROR frame for
 * an unknown key).
 */
#include "is.h"

static char text[64 * 1024];
static struct dump_input in;

/* Render key into text; returns the length, or a negative error. */
static int render(int key, size_t *total)
{
	struct dump_out out;
	dump_out_init(&out, text, sizeof(text));
	collect(&in);
	int r = dump_render(key, &in, &out);
	if (r == DUMP_UNKNOWN)
		return -MX_EINVAL;
	*total = out.len;
	return (int)(out.len < sizeof(text) ? out.len : sizeof(text) - 1);
}

static void to_console(int key)
{
	size_t total;
	int n = render(key, &total);
	if (n < 0) {
		sys_printf("is: no dump for key %d\n", key);
		return;
	}
	for (int off = 0; off < n; off += 500)
		sys_diagctl(text + off, (uint32_t)(n - off < 500 ? n - off : 500));
}

static int do_dump(mx_message *m)
{
	struct is_dump_req *q = MX_BODY(m, struct is_dump_req);
	size_t total;
	int n = render((int)q->key, &total);
	if (n < 0)
		return n;
	uint32_t len = (uint32_t)n < q->len ? (uint32_t)n : q->len;
	if (len && sys_vircopy(MX_SELF, (uint32_t)text, m->m_source, q->buf, len) < 0)
		return -MX_EFAULT;
	q->total = (uint32_t)total;
	return (int)len;
}

/* Host requests from the debug channel. */
static void channel_requests(void)
{
	static uint8_t frame[MX_FRAME_MAXPAYLOAD];
	struct mx_cmd c;
	uint32_t seq;
	while (sys_dbgchan_recv(&c, sizeof(c), &seq) == (int)sizeof(c)) {
		size_t total;
		int n = c.op == MX_CMD_DUMP ? render((int)c.arg0, &total) : -MX_EBADREQUEST;
		if (n < 0) {
			struct mx_cmd_error e;
			memset(&e, 0, sizeof(e));
			e.seq = seq;
			e.code = n;
			strncpy(e.text, c.op == MX_CMD_DUMP ? "unknown dump key" : "not a dump command", sizeof(e.text) - 1);
			sys_dbgchan_send(MX_FR_ERROR, 0, &e, sizeof(e));
			continue;
		}
		struct mx_dump_chunk h = { c.arg0, seq };
		uint32_t room = sizeof(frame) - sizeof(h);
		int off = 0;
		do {
			uint32_t part = (uint32_t)(n - off) < room ? (uint32_t)(n - off) : room;
			memcpy(frame, &h, sizeof(h));
			memcpy(frame + sizeof(h), text + off, part);
			off += (int)part;
			sys_dbgchan_send(MX_FR_DUMP, off < n ? MX_FRF_MORE : 0, frame, sizeof(h) + part);
		} while (off < n);
	}
}

int main(void)
{
	sef_startup();
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK)
			continue;
		if (is_notify(&m)) {
			if (m.m_source == MX_SYSTEM)
				channel_requests();
			continue;
		}
		int r;
		if (m.m_type == MX_DEV_FKEY) {
			to_console((int)m.m_u.w[0]);
			continue;                          /* TTY does not wait for an answer */
		} else if (m.m_type == MX_IS_DUMP) {
			r = do_dump(&m);
		} else {
			r = -MX_EBADREQUEST;
		}
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}
