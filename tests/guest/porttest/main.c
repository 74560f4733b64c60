/*
 * porttest: the port IPC suite (and, with argument "bench", the trans
 * round-trip benchmark).  Servers and clients are children made with
 * spawn(); report lines TEST port.<name> PASS|FAIL, SUITE port DONE.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mxsys.h>
#include <mxport.h>
#include <mx/callnr.h>

#define CMD_CONCAT 100
#define CMD_BIG    101
#define CMD_SEG    102
#define CMD_REREG  103
#define CMD_ECHO   104
#define CMD_QUIT   105

static mx_endpoint_t self_ep, portd_ep;
static mx_capability key, segcap;
static char why[160];
static int seg_ready;
static char *seg;

#define CHECK(c, ...) do { if (!(c)) { snprintf(why, sizeof(why), __VA_ARGS__); return -1; } } while (0)
#define KC_PORT (KC_CHILD_DEFAULT | KC_BIT(VIRCOPY))

/* ---- the server: the manual's concatenating server, and a few more commands ---- */
static int server(void *arg)
{
	const char *name = arg;
	mx_portid id;
	static char in[3][100], out[400];
	if (ipc_register(&id, name, &key) != MX_OK)
		return 1;
	report_ready:
	{
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = MX_TEST_BASE + 0x50;
		mx_send(self_ep, &m);                 /* registered */
	}
	for (;;) {
		ipc_msg_t msg;
		ipc_iovec_t iov[3];
		for (int i = 0; i < 3; i++)
			IPC_SETIOV(iov[i], in[i], sizeof(in[i]), IPC_COPY);
		if (ipc_getreq(&msg, iov, 3) != MX_OK)
			continue;
		ipc_iovec_t rep[1];
		int nrep = 1;
		msg.status = 0;
		switch (msg.command) {
		case CMD_CONCAT:
			out[0] = 0;
			for (int i = 0; i < 3; i++)
				if (iov[i].len)
					strncat(out, in[i], iov[i].len);
			IPC_SETIOV(rep[0], out, (uint32_t)strlen(out) + 1, IPC_COPY);
			break;
		case CMD_BIG:
			memset(out, 'x', 300);
			IPC_SETIOV(rep[0], out, 300, IPC_COPY);
			break;
		case CMD_SEG: {
			/* The request points into the shared segment: upper-case it in place. */
			char *p = iov[0].buf;
			for (uint32_t i = 0; i < iov[0].len && p[i]; i++)
				if (p[i] >= 'a' && p[i] <= 'z')
					p[i] -= 32;
			IPC_SETIOV(rep[0], p, iov[0].len, IPC_SHARED);
			break;
		}
		case CMD_REREG:
			ipc_putrep(&msg, rep, 0);
			ipc_register(&id, name, &key);      /* a new private part */
			goto report_ready;
		case CMD_QUIT:
			ipc_putrep(&msg, rep, 0);
			return 0;
		default:
			msg.status = -1;
			nrep = 0;
		}
		ipc_putrep(&msg, rep, nrep);
	}
}

/* A segment server: creates a shared segment, hands its capability out, then serves. */
static int seg_server(void *arg)
{
	void *base;
	if (ipc_create_shared(&segcap, 8192, &base) != MX_OK)
		return 1;
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_TEST_BASE + 0x51;
	memcpy(m.m_u.raw, &segcap, sizeof(segcap));
	mx_send(self_ep, &m);                     /* the capability, to the test */
	return server(arg);
}

static int start(int (*fn)(void *), void *arg, mx_endpoint_t *ep)
{
	int r = spawn(fn, arg, KC_PORT, "portsrv", 0, ep);
	if (r < 0)
		return r;
	sys_allow(*ep, portd_ep, 1);
	sys_allow(*ep, MX_DS, 1);
	sys_allow(*ep, MX_VM, 1);
	mx_message m;
	return mx_receive(*ep, &m) == MX_OK ? (seg_ready = fn == seg_server ? (memcpy(&segcap, m.m_u.raw, sizeof(segcap)), mx_receive(*ep, &m)) : 0, MX_OK) : -1;
}

static int trans_concat(mx_portid id, const char *a, const char *b, const char *c, char *out, uint32_t outlen)
{
	ipc_msg_t msg = { id, CMD_CONCAT, 0 };
	ipc_iovec_t req[3], rep[1];
	IPC_SETIOV(req[0], (void *)a, (uint32_t)strlen(a), IPC_COPY);
	IPC_SETIOV(req[1], (void *)b, (uint32_t)strlen(b), IPC_COPY);
	IPC_SETIOV(req[2], (void *)c, (uint32_t)strlen(c), IPC_COPY);
	IPC_SETIOV(rep[0], out, outlen, IPC_COPY);
	return ipc_trans(&msg, req, 3, &msg, rep, 1);
}

/* ---- tests ------------------------------------------------------------------- */
static mx_endpoint_t srv;
static mx_portid pid;

static int t_concat(void)
{
	char out[100];
	CHECK(start(server, "concat", &srv) == MX_OK, "server did not start");
	CHECK(ipc_lookup(&pid, "concat", &key) == MX_OK, "lookup");
	int r = trans_concat(pid, "This is ", "part ", "three.", out, sizeof(out));
	CHECK(r == MX_OK, "trans: %s", mx_strerror(r));
	CHECK(strcmp(out, "This is part three.") == 0, "reply '%s'", out);
	return 0;
}

static int t_lookup_errors(void)
{
	mx_portid id;
	mx_capability wrong = key;
	wrong.w[2] ^= 1;
	CHECK(ipc_lookup(&id, "no-such-port", &key) == -MX_ENOENT, "unknown name");
	CHECK(ipc_lookup(&id, "concat", &wrong) == -MX_EBADCAP, "a wrong key");
	static const mx_capability zero;
	CHECK(ipc_register(&id, "zerokey", &zero) == -MX_EBADCAP, "registering with the null key");
	CHECK(ipc_register(&id, "concat", &key) == -MX_EEXIST, "another process's name");
	return 0;
}

static int t_vector_limits(void)
{
	ipc_msg_t msg = { pid, CMD_CONCAT, 0 };
	ipc_iovec_t req[9];
	char b[4] = "ab";
	for (int i = 0; i < 9; i++)
		IPC_SETIOV(req[i], b, 2, IPC_COPY);
	CHECK(ipc_trans(&msg, req, 9, &msg, NULL, 0) == -MX_EINVAL, "nine request buffers");
	/* A request that says nine entries, sent by hand: the server refuses it and goes on. */
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct port_trans *t = MX_BODY(&m, struct port_trans);
	t->id = pid;
	t->nreq = 9;
	m.m_type = MX_PORT_TRANS;
	CHECK(mx_sendrec(srv, &m) == MX_OK && m.m_type == -MX_EINVAL, "server answer to nine entries: %d", m.m_type);
	char out[64];
	CHECK(trans_concat(pid, "still ", "serving", "", out, sizeof(out)) == MX_OK, "after a bad request");
	return 0;
}

static int t_bad_buffer(void)
{
	char out[64];
	ipc_msg_t msg = { pid, CMD_CONCAT, 0 };
	ipc_iovec_t req[1], rep[1];
	IPC_SETIOV(req[0], (void *)0xc0000000, 16, IPC_COPY);
	IPC_SETIOV(rep[0], out, sizeof(out), IPC_COPY);
	int r = ipc_trans(&msg, req, 1, &msg, rep, 1);
	CHECK(r == -MX_EFAULT, "a request buffer in the kernel: %s", mx_strerror(r));
	r = trans_concat(pid, "a", "b", "c", (char *)0x10, 64);
	CHECK(r == -MX_EFAULT, "a reply buffer at an unmapped address: %s", mx_strerror(r));
	CHECK(trans_concat(pid, "ok", "", "", out, sizeof(out)) == MX_OK && strcmp(out, "ok") == 0, "server goes on");
	return 0;
}

static int t_truncation(void)
{
	static char small[100];
	ipc_msg_t msg = { pid, CMD_BIG, 0 };
	ipc_iovec_t rep[1];
	IPC_SETIOV(rep[0], small, sizeof(small), IPC_COPY);
	int r = ipc_trans(&msg, NULL, 0, &msg, rep, 1);
	CHECK(r == -MX_ETRUNC, "a 300-byte reply into 100 bytes: %s", mx_strerror(r));
	CHECK(rep[0].len == 100 && small[99] == 'x', "delivered %u bytes", rep[0].len);
	return 0;
}

static int t_stale_id(void)
{
	mx_portid old = pid;
	ipc_msg_t msg = { pid, CMD_REREG, 0 };
	CHECK(ipc_trans(&msg, NULL, 0, &msg, NULL, 0) == MX_OK, "re-register request");
	mx_message m;
	CHECK(mx_receive(srv, &m) == MX_OK, "re-registered");
	char out[64];
	int r = trans_concat(old, "a", "b", "c", out, sizeof(out));
	CHECK(r == -MX_ESTALEPORT, "the old port id: %s", mx_strerror(r));
	CHECK(ipc_lookup(&pid, "concat", &key) == MX_OK, "lookup again");
	CHECK(pid.pub == old.pub && pid.priv != old.priv, "same public id, new private part");
	CHECK(trans_concat(pid, "a", "b", "c", out, sizeof(out)) == MX_OK, "with the new id");
	return 0;
}

static int t_shared(void)
{
	mx_endpoint_t s2;
	mx_portid id2;
	void *base;
	CHECK(start(seg_server, "upper", &s2) == MX_OK, "segment server");
	CHECK(ipc_map_shared(&segcap, &base) == MX_OK, "map the segment");
	seg = base;
	CHECK(ipc_lookup(&id2, "upper", &key) == MX_OK, "lookup");
	strcpy(seg + 100, "shared words");
	ipc_msg_t msg = { id2, CMD_SEG, 0 };
	ipc_iovec_t req[1], rep[1];
	IPC_SETIOV(req[0], seg + 100, 13, IPC_SHARED);
	IPC_SETIOV(rep[0], NULL, 0, IPC_SHARED);
	int r = ipc_trans(&msg, req, 1, &msg, rep, 1);
	CHECK(r == MX_OK, "trans: %s (segment %u at %p)", mx_strerror(r), segcap.w[0], seg);
	CHECK(strcmp(seg + 100, "SHARED WORDS") == 0, "segment now '%s'", seg + 100);
	CHECK(rep[0].buf == seg + 100 && rep[0].len == 13, "reply translated to %p+%u, want %p", rep[0].buf, rep[0].len, seg + 100);
	mx_capability bad = segcap;
	bad.w[1] ^= 0x10;
	CHECK(ipc_map_shared(&bad, &base) == -MX_EPERM, "mapping with a wrong key");
	kill_quietly:
	sys_kill(s2, 9);
	return 0;
	goto kill_quietly;
}

static int t_send_recv(void)
{
	/* One-way messages: the server sees them with ipc_recv; here it only serves
	 * transactions, so a send is answered with EBADREQUEST and it goes on. */
	ipc_msg_t msg = { pid, CMD_ECHO, 0 };
	ipc_iovec_t iov[1];
	IPC_SETIOV(iov[0], "one way", 8, IPC_COPY);
	int r = ipc_send(&msg, iov, 1);
	CHECK(r == MX_OK, "send: %s", mx_strerror(r));
	char out[64];
	CHECK(trans_concat(pid, "x", "", "", out, sizeof(out)) == MX_OK, "server goes on");
	return 0;
}

static int t_trace_names(void)
{
	/* The last transactions left MX_TK_PORT records with the port's public id. */
	static mx_trace_rec recs[64];
	mx_trace_ring h;
	sys_getinfo(MX_GI_TRACEHDR, &h, sizeof(h), 0);
	char out[64];
	trans_concat(pid, "t", "", "", out, sizeof(out));
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_SYS_GETINFO;
	struct kc_getinfo *g = MX_BODY(&m, struct kc_getinfo);
	g->what = MX_GI_TRACERECS;
	g->addr = (uint32_t)recs;
	g->len = sizeof(recs);
	g->arg = (uint32_t)h.head;
	CHECK(mx_kcall(&m) == 0, "read the ring");
	int n = (int)(g->len / sizeof(recs[0])), found = 0;
	for (int i = 0; i < n; i++)
		if (recs[i].kind == MX_TK_PORT && recs[i].src == self_ep && recs[i].dst == srv &&
		    recs[i].type == (int32_t)pid.pub && recs[i].arg > 0)
			found++;
	CHECK(found == 1, "%d PORT records for one transaction", found);
	return 0;
}

static int t_cleanup_on_exit(void)
{
	ipc_msg_t msg = { pid, CMD_QUIT, 0 };
	CHECK(ipc_trans(&msg, NULL, 0, &msg, NULL, 0) == MX_OK, "quit");
	mx_portid id;
	int r = -1;
	for (int i = 0; i < 50 && (r = ipc_lookup(&id, "concat", &key)) == MX_OK; i++)
		tickdelay(1);
	CHECK(r == -MX_ENOENT, "the port outlived its server: %s", mx_strerror(r));
	return 0;
}

/* ---- benchmark: trans round trips, copy and shared ------------------------------- */
static void bench(long rounds)
{
	char out[64];
	if (start(seg_server, "bench", &srv) != MX_OK || ipc_lookup(&pid, "bench", &key) != MX_OK) {
		sys_printf("PORTBENCH failed to start\n");
		return;
	}
	void *base;
	ipc_map_shared(&segcap, &base);
	seg = base;
	strcpy(seg, "abc");
	uint64_t t0 = read_tsc();
	for (long i = 0; i < rounds; i++)
		trans_concat(pid, "abc", "", "", out, sizeof(out));
	uint64_t t1 = read_tsc();
	for (long i = 0; i < rounds; i++) {
		ipc_msg_t msg = { pid, CMD_SEG, 0 };
		ipc_iovec_t req[1], rep[1];
		IPC_SETIOV(req[0], seg, 4, IPC_SHARED);
		IPC_SETIOV(rep[0], NULL, 0, IPC_SHARED);
		ipc_trans(&msg, req, 1, &msg, rep, 1);
	}
	uint64_t t2 = read_tsc();
	sys_printf("PORTBENCH copy ticks_per_trans=%u\n", (unsigned)((t1 - t0) / (uint64_t)rounds));
	sys_printf("PORTBENCH shared ticks_per_trans=%u\n", (unsigned)((t2 - t1) / (uint64_t)rounds));
	sys_printf("PORTBENCH DONE\n");
}

struct test { const char *name; int (*fn)(void); };
static const struct test tests[] = {
	{ "concat", t_concat }, { "lookup_errors", t_lookup_errors }, { "vector_limits", t_vector_limits },
	{ "bad_buffer", t_bad_buffer }, { "truncation", t_truncation }, { "stale_id", t_stale_id },
	{ "shared_segment", t_shared }, { "send_recv", t_send_recv }, { "trace_names", t_trace_names },
	{ "cleanup_on_exit", t_cleanup_on_exit },
};

int main(int argc, char **argv)
{
	struct mx_whoami me;
	sys_getinfo(MX_GI_WHOAMI, &me, sizeof(me), 0);
	self_ep = me.ep;
	for (int i = 0; i < 200 && ds_retrieve_label("portd", &portd_ep) != MX_OK; i++)
		tickdelay(1);
	ipc_random_cap(&key);
	if (argc > 1 && strcmp(argv[1], "bench") == 0) {
		bench(argc > 2 ? atol(argv[2]) : 20000);
		sys_abort(MX_ABORT_EXIT, 0);
	}
	int pass = 0, fail = 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		why[0] = 0;
		if (tests[i].fn() == 0) {
			sys_printf("TEST port.%s PASS\n", tests[i].name);
			pass++;
		} else {
			sys_printf("TEST port.%s FAIL %s\n", tests[i].name, why);
			fail++;
		}
	}
	sys_printf("SUITE port DONE pass=%d fail=%d\n", pass, fail);
	sys_abort(MX_ABORT_EXIT, fail ? 1 : 0);
	return 0;
}
