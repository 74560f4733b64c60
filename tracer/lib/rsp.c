/*
 * The GDB remote protocol client (see mxt/rsp.h).  One request at a time,
 * except memory reads, which keep several 'm' requests in flight in no-ack
 * mode: the stub answers in order, so the round trip is paid once per
 * window instead of once per packet.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include "mxt/rsp.h"

#define INBUF 65536
#define MAX_RETRIES 5
#define READ_WINDOW 16

struct mxt_rsp {
	int fd;
	int timeout_ms;
	struct mxt_rsp_parser p;
	uint8_t in[INBUF];
	size_t in_pos, in_len;
	uint8_t *out;                 /* framing buffer */
	size_t out_cap;
	size_t packet_size;
	size_t mem_chunk;             /* bytes per 'm' request */
	int noack;
	int running;
	int x_ok;                     /* 'X' binary writes: -1 unknown, 0 no, 1 yes */
	int phys;                     /* we switched the stub to physical addresses */
	int expect_stop;              /* the reply awaited is a stop reply */
	uint64_t naks_seen;           /* '-' received outside send_packet (pipelined reads) */
	char cmd[48];                 /* the request being answered, for messages */
	char stop_reply[128];
	char *console;                /* 'O' output collected for qRcmd */
	size_t console_len, console_room;
	char err[MXT_ERRLEN];
	struct mxt_rsp_stats st;
};

const char *mxt_rsp_error(const struct mxt_rsp *r)
{
	return r->err;
}

int mxt_rsp_running(const struct mxt_rsp *r)
{
	return r->running;
}

const char *mxt_rsp_stop_reply(const struct mxt_rsp *r)
{
	return r->stop_reply;
}

void mxt_rsp_stats(const struct mxt_rsp *r, struct mxt_rsp_stats *s)
{
	*s = r->st;
	s->packet_size = r->packet_size;
	s->noack = r->noack;
	s->garbage = r->p.garbage;
}

/* A printable preview of a reply for an error message. */
static const char *preview(const uint8_t *d, size_t n, char *buf, size_t room)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < room; i++) {
		if (i == 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		buf[o++] = (d[i] >= 32 && d[i] < 127 && d[i] != '\'') ? (char)d[i] : '.';
	}
	buf[o] = 0;
	return buf;
}

static void set_cmd(struct mxt_rsp *r, const void *cmd, size_t len)
{
	char tmp[sizeof(r->cmd)];
	preview(cmd, len < 24 ? len : 24, tmp, sizeof(tmp));
	snprintf(r->cmd, sizeof(r->cmd), "%s%s", tmp, len > 24 ? "..." : "");
}

struct mxt_rsp *mxt_rsp_from_fd(int fd, int timeout_ms, char *err)
{
	struct mxt_rsp *r = calloc(1, sizeof(*r));
	if (!r) {
		close(fd);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	r->fd = fd;
	r->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
	r->packet_size = 4096;          /* until qSupported says otherwise */
	r->mem_chunk = 2048;
	r->x_ok = -1;
	mxt_rsp_parser_init(&r->p, MXT_RSP_MAXPACKET);
	return r;
}

struct mxt_rsp *mxt_rsp_connect(const char *addr, int timeout_ms, char *err)
{
	int fd = -1;
	const char *path = NULL;
	if (strncmp(addr, "unix:", 5) == 0)
		path = addr + 5;
	else if (strchr(addr, '/'))
		path = addr;
	if (path) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		if (strlen(path) >= sizeof(sa.sun_path)) {
			mxt_errf(err, "gdbstub socket path too long: %s", path);
			return NULL;
		}
		strcpy(sa.sun_path, path);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			mxt_errf(err, "cannot connect to gdbstub at %s: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return NULL;
		}
	} else {
		char host[256];
		const char *colon = strrchr(addr, ':');
		if (!colon || !colon[1]) {
			mxt_errf(err, "bad gdbstub address '%s' (want HOST:PORT, :PORT or unix:PATH)", addr);
			return NULL;
		}
		size_t hl = (size_t)(colon - addr);
		if (hl >= sizeof(host))
			hl = sizeof(host) - 1;
		memcpy(host, addr, hl);
		host[hl] = 0;
		struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
		int e = getaddrinfo(hl ? host : "127.0.0.1", colon + 1, &hints, &res);
		if (e) {
			mxt_errf(err, "gdbstub address %s: %s", addr, gai_strerror(e));
			return NULL;
		}
		int saved = 0;
		for (ai = res; ai; ai = ai->ai_next) {
			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
			if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
				break;
			saved = errno;
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
		freeaddrinfo(res);
		if (fd < 0) {
			mxt_errf(err, "cannot connect to gdbstub at %s: %s", addr, strerror(saved));
			return NULL;
		}
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	return mxt_rsp_from_fd(fd, timeout_ms, err);
}

void mxt_rsp_close(struct mxt_rsp *r)
{
	if (!r)
		return;
	/* The stub keeps the memory mode for the next debugger: put it back. */
	if (r->phys && !r->running && r->fd >= 0) {
		r->timeout_ms = 500;
		mxt_rsp_phys_mode(r, 0);
	}
	if (r->fd >= 0)
		close(r->fd);
	mxt_rsp_parser_free(&r->p);
	free(r->out);
	free(r);
}

static int send_raw(struct mxt_rsp *r, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len) {
		ssize_t n = send(r->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == ENOTSOCK)
			n = write(r->fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd pf = { r->fd, POLLOUT, 0 };
				poll(&pf, 1, r->timeout_ms);
				continue;
			}
			return mxt_errf(r->err, "gdbstub connection: write failed: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The next parser event; -1 on timeout, EOF or a read error. */
static int next_event(struct mxt_rsp *r, uint64_t deadline_ns, int *ev)
{
	for (;;) {
		if (r->in_pos < r->in_len) {
			r->in_pos += mxt_rsp_parse(&r->p, r->in + r->in_pos, r->in_len - r->in_pos, ev);
			if (*ev != MXT_RSP_NONE)
				return 0;
			continue;
		}
		uint64_t now = mxt_now_ns();
		if (now >= deadline_ns)
			return mxt_errf(r->err, "gdbstub: no reply to '%s' within %d ms", r->cmd, r->timeout_ms);
		struct pollfd pf = { r->fd, POLLIN, 0 };
		int n = poll(&pf, 1, (int)((deadline_ns - now) / 1000000) + 1);
		if (n < 0 && errno != EINTR)
			return mxt_errf(r->err, "gdbstub connection: poll failed: %s", strerror(errno));
		if (n <= 0)
			continue;
		ssize_t got = read(r->fd, r->in, sizeof(r->in));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0)
			return mxt_errf(r->err, "gdbstub connection: read failed: %s", strerror(errno));
		if (got == 0)
			return mxt_errf(r->err, "gdbstub closed the connection%s (waiting for the reply to '%s')",
					r->p.state ? " in the middle of a packet" : "", r->cmd);
		r->in_pos = 0;
		r->in_len = (size_t)got;
	}
}

static uint64_t deadline(const struct mxt_rsp *r)
{
	return mxt_now_ns() + (uint64_t)r->timeout_ms * 1000000ull;
}

/* Frame and send one packet; in ack mode wait for '+' and resend on '-'. */
static int send_packet(struct mxt_rsp *r, const void *data, size_t len)
{
	if (r->out_cap < 2 * len + 4) {
		size_t cap = 2 * len + 4 > 8192 ? 2 * len + 4 : 8192;
		uint8_t *o = realloc(r->out, cap);
		if (!o)
			return mxt_errf(r->err, "out of memory");
		r->out = o;
		r->out_cap = cap;
	}
	size_t n = mxt_rsp_frame(data, len, r->out);
	for (int tries = 0;; tries++) {
		if (send_raw(r, r->out, n) < 0)
			return -1;
		r->st.packets_sent++;
		if (r->noack)
			return 0;
		uint64_t dl = deadline(r);
		int ev;
		do {
			if (next_event(r, dl, &ev) < 0)
				return -1;
		} while (ev != MXT_RSP_ACK && ev != MXT_RSP_NAK);
		if (ev == MXT_RSP_ACK)
			return 0;
		if (tries >= MAX_RETRIES)
			return mxt_errf(r->err, "gdbstub refused '%s' %d times (NAK)", r->cmd, tries + 1);
		r->st.resends++;
	}
}

/* Frame and send one packet without waiting for its '+' (pipelined requests). */
static int send_nowait(struct mxt_rsp *r, const void *data, size_t len)
{
	if (r->out_cap < 2 * len + 4) {
		size_t cap = 2 * len + 4 > 8192 ? 2 * len + 4 : 8192;
		uint8_t *o = realloc(r->out, cap);
		if (!o)
			return mxt_errf(r->err, "out of memory");
		r->out = o;
		r->out_cap = cap;
	}
	size_t n = mxt_rsp_frame(data, len, r->out);
	if (send_raw(r, r->out, n) < 0)
		return -1;
	r->st.packets_sent++;
	return 0;
}

/* Append console ('O' packet) output. */
static void console_add(struct mxt_rsp *r, const uint8_t *hex, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		if (!r->console || r->console_len + 1 >= r->console_room)
			return;
		r->console[r->console_len++] = (char)(mxt_hexval(hex[i]) << 4 | mxt_hexval(hex[i + 1]));
		r->console[r->console_len] = 0;
	}
}

static int is_console(const uint8_t *d, size_t n)
{
	if (n < 3 || d[0] != 'O' || !(n & 1))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (mxt_hexval(d[i]) < 0)
			return 0;
	return 1;
}

static int is_stop_reply(const uint8_t *d, size_t n);
static void save_stop(struct mxt_rsp *r);

/* Wait for the next reply packet; r->p.data holds it afterwards. */
static int recv_packet(struct mxt_rsp *r)
{
	uint64_t dl = deadline(r);
	int retries = 0;
	char pv[64];
	for (;;) {
		int ev;
		if (next_event(r, dl, &ev) < 0)
			return -1;
		switch (ev) {
		case MXT_RSP_PACKET:
			r->st.packets_received++;
			if (!r->noack && send_raw(r, "+", 1) < 0)
				return -1;
			if (is_console(r->p.data, r->p.len)) {
				console_add(r, r->p.data + 1, r->p.len - 1);
				continue;
			}
			/* QEMU reports a stop it did not ask for (e.g. when a debugger
			 * attaches to a running guest): no reply we wait for looks like it. */
			if (!r->expect_stop && is_stop_reply(r->p.data, r->p.len)) {
				save_stop(r);
				continue;
			}
			return 0;
		case MXT_RSP_NAK:
			r->naks_seen++;
			break;
		case MXT_RSP_BADSUM:
		case MXT_RSP_MALFORMED:
			if (r->noack || ++retries > MAX_RETRIES)
				return mxt_errf(r->err, "gdbstub: %s reply to '%s': '%s'",
						ev == MXT_RSP_BADSUM ? "wrong checksum in the" : "malformed (bad escape or run-length code)",
						r->cmd, preview(r->p.data, r->p.len, pv, sizeof(pv)));
			r->st.naks_sent++;
			if (send_raw(r, "-", 1) < 0)
				return -1;
			break;
		case MXT_RSP_OVERFLOW:
			return mxt_errf(r->err, "gdbstub: reply to '%s' longer than %zu bytes", r->cmd, r->p.limit);
		default:
			break;                  /* stray acks, notifications, Ctrl-C */
		}
	}
}

int mxt_rsp_command_bin(struct mxt_rsp *r, const void *cmd, size_t len, char *reply, size_t room, size_t *rlen)
{
	if (r->running)
		return mxt_errf(r->err, "gdbstub: the guest is running; interrupt it before '%.20s'", (const char *)cmd);
	set_cmd(r, cmd, len);
	if (send_packet(r, cmd, len) < 0 || recv_packet(r) < 0)
		return -1;
	if (reply && room) {
		size_t n = r->p.len < room - 1 ? r->p.len : room - 1;
		memcpy(reply, r->p.data, n);
		reply[n] = 0;
	}
	if (rlen)
		*rlen = r->p.len;
	return 0;
}

int mxt_rsp_command(struct mxt_rsp *r, const char *cmd, char *reply, size_t room)
{
	return mxt_rsp_command_bin(r, cmd, strlen(cmd), reply, room, NULL);
}

static int is_error_reply(const char *s)
{
	return s[0] == 'E' && mxt_hexval((unsigned char)s[1]) >= 0 && mxt_hexval((unsigned char)s[2]) >= 0 && !s[3];
}

static int is_stop_reply(const uint8_t *d, size_t n)
{
	return n >= 3 && (d[0] == 'S' || d[0] == 'T') && mxt_hexval(d[1]) >= 0 && mxt_hexval(d[2]) >= 0;
}

static void save_stop(struct mxt_rsp *r)
{
	size_t n = r->p.len < sizeof(r->stop_reply) - 1 ? r->p.len : sizeof(r->stop_reply) - 1;
	memcpy(r->stop_reply, r->p.data, n);
	r->stop_reply[n] = 0;
}

int mxt_rsp_handshake(struct mxt_rsp *r)
{
	char reply[1024], pv[64];
	if (mxt_rsp_command(r, "qSupported:xmlRegisters=i386;multiprocess-", reply, sizeof(reply)) < 0)
		return -1;
	int noack = 0;
	for (char *tok = strtok(reply, ";"); tok; tok = strtok(NULL, ";")) {
		if (strncmp(tok, "PacketSize=", 11) == 0) {
			char *end;
			unsigned long v = strtoul(tok + 11, &end, 16);
			if (*end || v < 64)
				return mxt_errf(r->err, "gdbstub: malformed PacketSize in qSupported reply: '%s'", tok);
			r->packet_size = v;
		} else if (strcmp(tok, "QStartNoAckMode+") == 0) {
			noack = 1;
		}
	}
	/* Reply to m is 2 hex digits a byte inside $...#cc. */
	r->mem_chunk = (r->packet_size - 4) / 2;
	if (r->mem_chunk > 2048)
		r->mem_chunk = 2048;
	if (noack) {
		if (mxt_rsp_command(r, "QStartNoAckMode", reply, sizeof(reply)) < 0)
			return -1;
		if (strcmp(reply, "OK") == 0)
			r->noack = 1;
	}
	r->expect_stop = 1;
	int rc = mxt_rsp_command(r, "?", reply, sizeof(reply));
	r->expect_stop = 0;
	if (rc < 0)
		return -1;
	if (!is_stop_reply(r->p.data, r->p.len) && reply[0] != 'W' && reply[0] != 'X')
		return mxt_errf(r->err, "gdbstub: malformed stop reply to '?': '%s'", preview(r->p.data, r->p.len, pv, sizeof(pv)));
	save_stop(r);
	return 0;
}

/* Drain the replies still in flight after a failed pipelined read. */
static void drain_replies(struct mxt_rsp *r, int n)
{
	char keep[MXT_ERRLEN];
	memcpy(keep, r->err, sizeof(keep));
	while (n-- > 0 && recv_packet(r) == 0)
		;
	memcpy(r->err, keep, sizeof(keep));
}

int mxt_rsp_read_mem(struct mxt_rsp *r, uint64_t addr, void *buf, size_t len)
{
	uint8_t *out = buf;
	char pv[64];
	if (r->running)
		return mxt_errf(r->err, "gdbstub: the guest is running; interrupt it before reading memory");
	/* Requests are pipelined in ack mode too (QEMU 7 has no no-ack mode): the
	 * stub acks and answers them in order.  A '-' among pipelined requests
	 * would leave it unclear which one to resend, so it ends the read with an
	 * error; a read of one request is resent as usual. */
	size_t chunk = r->mem_chunk, window = len <= chunk ? 1 : READ_WINDOW;
	size_t sent = 0, done = 0;
	int inflight = 0;
	uint64_t naks = r->naks_seen;
	while (done < len) {
		while (sent < len && inflight < (int)window) {
			char cmd[48];
			size_t n = len - sent < chunk ? len - sent : chunk;
			int cl = snprintf(cmd, sizeof(cmd), "m%llx,%zx", (unsigned long long)(addr + sent), n);
			set_cmd(r, cmd, (size_t)cl);
			if ((window > 1 ? send_nowait(r, cmd, (size_t)cl) : send_packet(r, cmd, (size_t)cl)) < 0) {
				drain_replies(r, inflight);
				return -1;
			}
			sent += n;
			inflight++;
		}
		size_t want = len - done < chunk ? len - done : chunk;
		snprintf(r->cmd, sizeof(r->cmd), "m%llx,%zx", (unsigned long long)(addr + done), want);
		if (recv_packet(r) < 0)
			return -1;
		inflight--;
		if (r->naks_seen != naks) {
			mxt_errf(r->err, "gdbstub refused a request (NAK) while reading 0x%llx", (unsigned long long)(addr + done));
			drain_replies(r, inflight);
			return -1;
		}
		const uint8_t *d = r->p.data;
		size_t n = r->p.len;
		if (is_error_reply((const char *)d)) {
			mxt_errf(r->err, "gdbstub: error %s reading %zu bytes at 0x%llx", (const char *)d, want,
				 (unsigned long long)(addr + done));
			drain_replies(r, inflight);
			return -1;
		}
		if (n == 0 || (n & 1) || n / 2 > want || mxt_unhex((const char *)d, n / 2, out + done) < 0) {
			mxt_errf(r->err, "gdbstub: malformed reply to '%s' (%zu bytes): '%s'", r->cmd, n,
				 preview(d, n, pv, sizeof(pv)));
			drain_replies(r, inflight);
			return -1;
		}
		done += n / 2;
		if (n / 2 < want) {
			/* A short read: the requests after it asked for the wrong bytes. */
			drain_replies(r, inflight);
			inflight = 0;
			sent = done;
		}
	}
	return 0;
}

int mxt_rsp_write_mem(struct mxt_rsp *r, uint64_t addr, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	char reply[64];
	size_t rlen;
	if (r->x_ok < 0) {
		char probe[48];
		snprintf(probe, sizeof(probe), "X%llx,0:", (unsigned long long)addr);
		if (mxt_rsp_command(r, probe, reply, sizeof(reply)) < 0)
			return -1;
		r->x_ok = strcmp(reply, "OK") == 0;
	}
	size_t chunk = (r->packet_size - 40) / 2;
	uint8_t *pkt = malloc(chunk * 2 + 48);
	if (!pkt)
		return mxt_errf(r->err, "out of memory");
	for (size_t off = 0; off < len;) {
		size_t n = len - off < chunk ? len - off : chunk;
		int h = snprintf((char *)pkt, 48, "%c%llx,%zx:", r->x_ok ? 'X' : 'M', (unsigned long long)(addr + off), n);
		size_t pl = (size_t)h;
		if (r->x_ok) {
			memcpy(pkt + pl, in + off, n);
			pl += n;
		} else {
			mxt_hex(in + off, n, (char *)pkt + pl);
			pl += 2 * n;
		}
		if (mxt_rsp_command_bin(r, pkt, pl, reply, sizeof(reply), &rlen) < 0) {
			free(pkt);
			return -1;
		}
		if (strcmp(reply, "OK") != 0) {
			free(pkt);
			return mxt_errf(r->err, "gdbstub: %s writing %zu bytes at 0x%llx", reply[0] ? reply : "empty reply",
					n, (unsigned long long)(addr + off));
		}
		off += n;
	}
	free(pkt);
	return 0;
}

int mxt_rsp_phys_mode(struct mxt_rsp *r, int on)
{
	char reply[64];
	if (mxt_rsp_command(r, on ? "Qqemu.PhyMemMode:1" : "Qqemu.PhyMemMode:0", reply, sizeof(reply)) < 0)
		return -1;
	if (strcmp(reply, "OK") == 0) {
		r->phys = on;
		return 0;
	}
	if (!reply[0])
		return mxt_errf(r->err, "gdbstub does not support Qqemu.PhyMemMode (physical memory reads)"), -2;
	return mxt_errf(r->err, "gdbstub: %s switching physical memory mode", reply);
}

int mxt_rsp_regs(struct mxt_rsp *r, uint32_t regs[16])
{
	char pv[64];
	if (mxt_rsp_command(r, "g", NULL, 0) < 0)
		return -1;
	if (r->p.len < 16 * 8 || is_error_reply((const char *)r->p.data))
		return mxt_errf(r->err, "gdbstub: malformed reply to 'g': '%s'", preview(r->p.data, r->p.len, pv, sizeof(pv)));
	for (int i = 0; i < 16; i++) {
		uint8_t b[4];
		if (mxt_unhex((const char *)r->p.data + 8 * i, 4, b) < 0) {
			/* 'xx' marks a register the stub cannot read. */
			regs[i] = 0;
			continue;
		}
		regs[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	}
	return 0;
}

int mxt_rsp_monitor(struct mxt_rsp *r, const char *cmd, char *out, size_t room)
{
	size_t n = strlen(cmd);
	char *pkt = malloc(2 * n + 8);
	if (!pkt)
		return mxt_errf(r->err, "out of memory");
	strcpy(pkt, "qRcmd,");
	mxt_hex(cmd, n, pkt + 6);
	r->console = out;
	r->console_len = 0;
	r->console_room = room;
	if (room)
		out[0] = 0;
	char reply[64];
	int rc = mxt_rsp_command(r, pkt, reply, sizeof(reply));
	r->console = NULL;
	free(pkt);
	if (rc < 0)
		return -1;
	if (strcmp(reply, "OK") != 0 && reply[0] != 0)
		return mxt_errf(r->err, "gdbstub: monitor command '%s' failed: %s", cmd, reply);
	return 0;
}

int mxt_rsp_cont(struct mxt_rsp *r)
{
	if (r->running)
		return 0;
	set_cmd(r, "c", 1);
	if (send_packet(r, "c", 1) < 0)
		return -1;
	r->running = 1;
	return 0;
}

/* Wait for a stop reply ('S' or 'T'; 'W'/'X': the target is gone). */
static int wait_stop(struct mxt_rsp *r)
{
	char pv[64];
	for (;;) {
		r->expect_stop = 1;
		int rc = recv_packet(r);
		r->expect_stop = 0;
		if (rc < 0)
			return -1;
		if (is_stop_reply(r->p.data, r->p.len)) {
			save_stop(r);
			r->running = 0;
			return 0;
		}
		if (r->p.len && (r->p.data[0] == 'W' || r->p.data[0] == 'X')) {
			save_stop(r);
			return mxt_errf(r->err, "gdbstub: the guest exited (%s)", r->stop_reply);
		}
		if (r->p.len == 0 || r->p.data[0] == 'O')
			continue;
		return mxt_errf(r->err, "gdbstub: malformed stop reply to '%s': '%s'", r->cmd,
				preview(r->p.data, r->p.len, pv, sizeof(pv)));
	}
}

int mxt_rsp_interrupt(struct mxt_rsp *r)
{
	if (!r->running)
		return 0;
	set_cmd(r, "^C", 2);
	if (send_raw(r, "\x03", 1) < 0)
		return -1;
	return wait_stop(r);
}

int mxt_rsp_step(struct mxt_rsp *r)
{
	if (r->running)
		return mxt_errf(r->err, "gdbstub: the guest is running; interrupt it before stepping");
	set_cmd(r, "s", 1);
	if (send_packet(r, "s", 1) < 0)
		return -1;
	r->running = 1;
	return wait_stop(r);
}

int mxt_rsp_detach(struct mxt_rsp *r)
{
	char reply[64];
	if (r->running && mxt_rsp_interrupt(r) < 0)
		return -1;
	if (r->phys && mxt_rsp_phys_mode(r, 0) < 0)
		return -1;
	if (mxt_rsp_command(r, "D", reply, sizeof(reply)) < 0)
		return -1;
	if (strcmp(reply, "OK") != 0)
		return mxt_errf(r->err, "gdbstub: detach refused: %s", reply);
	r->running = 1;
	return 0;
}
