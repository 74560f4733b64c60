/*
 * Port IPC (see include/mxport.h).  Names go through portd; transactions go
 * from client to server with SENDREC: the request message carries the port
 * id, the command and the status, and a grant for the client's descriptor
 * array (one struct port_iov_desc per buffer, with a grant of its own for
 * each IPC_COPY buffer).  The server copies with safecopy from and to those
 * grants; the grant owner is always the client that sent the request.
 */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/vm.h>
#include "mxport.h"

#define NR_KNOWN 16
#define NR_SEGS  8

/* Client side: port ids this process looked up, and their servers. */
static struct { mx_portid id; mx_endpoint_t server; } known[NR_KNOWN];
/* Server side: ports this process registered. */
static mx_portid mine[NR_KNOWN];
/* Shared segments this process mapped: id and its own base address. */
static struct { uint32_t id, len; uint8_t *base; } segs[NR_SEGS];
/* The server's transaction in progress (between getreq and putrep). */
static struct {
	mx_endpoint_t client;
	struct port_trans t;
	struct port_iov_desc desc[2 * MX_PORT_MAX_IOV];
	int active;
} cur;

static mx_endpoint_t portd(void)
{
	static mx_endpoint_t ep = MX_NONE;
	if (ep == MX_NONE && ds_retrieve_label("portd", &ep) != MX_OK)
		ep = MX_NONE;
	return ep;
}

void ipc_random_cap(mx_capability *cap)
{
	static uint64_t x = 0x853c49e6748fea9bull;
	for (int i = 0; i < 4; i++) {
		x ^= read_tsc() * 0x9e3779b97f4a7c15ull;
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ull;
		x ^= x >> 32;
		cap->w[i] = (uint32_t)x;
	}
}

static int name_call(int type, const char *name, const mx_capability *key, mx_portid *id, mx_endpoint_t *server)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct port_name_req *q = MX_BODY(&m, struct port_name_req);
	if (name) {
		if (strlen(name) >= sizeof(q->name))
			return -MX_EINVAL;
		strcpy(q->name, name);
	}
	if (key)
		q->cap = *key;
	if (id)
		q->id = *id;
	m.m_type = type;
	mx_endpoint_t pd = portd();
	if (pd == MX_NONE)
		return -MX_ENOENT;
	int r = mx_sendrec(pd, &m);
	if (r == MX_OK)
		r = m.m_type;
	if (r == MX_OK && id)
		*id = q->id;
	if (r == MX_OK && server)
		*server = q->server;
	return r;
}

int ipc_register(mx_portid *id, const char *name, const mx_capability *key)
{
	int r = name_call(MX_PORT_REGISTER, name, key, id, NULL);
	if (r == MX_OK) {
		for (int i = 0; i < NR_KNOWN; i++)
			if (mine[i].pub == id->pub || !mine[i].pub) {
				mine[i] = *id;
				break;
			}
	}
	return r;
}

int ipc_unregister(const mx_portid *id)
{
	mx_portid copy = *id;
	int r = name_call(MX_PORT_UNREGISTER, NULL, NULL, &copy, NULL);
	for (int i = 0; i < NR_KNOWN; i++)
		if (mine[i].pub == id->pub)
			mine[i].pub = 0;
	return r;
}

int ipc_lookup(mx_portid *id, const char *name, const mx_capability *key)
{
	mx_endpoint_t server;
	int r = name_call(MX_PORT_LOOKUP, name, key, id, &server);
	if (r != MX_OK)
		return r;
	int slot = 0;
	for (int i = 0; i < NR_KNOWN; i++)
		if (known[i].id.pub == id->pub || !known[i].id.pub) {
			slot = i;
			break;
		}
	known[slot].id = *id;
	known[slot].server = server;
	return MX_OK;
}

/* ---- shared segments ---------------------------------------------------------- */

static int seg_add(uint32_t id, uint32_t len, void *base)
{
	for (int i = 0; i < NR_SEGS; i++)
		if (!segs[i].id) {
			segs[i].id = id;
			segs[i].len = len;
			segs[i].base = base;
			return MX_OK;
		}
	return -MX_ENOSPC;
}

static int vm_shm(int type, uint32_t id, uint32_t key, uint32_t len, uint32_t *out_id, uint32_t *out_key, void **vaddr)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct vm_shm *a = MX_BODY(&m, struct vm_shm);
	a->id = id;
	a->key = key;
	a->len = len;
	m.m_type = type;
	int r = mx_sendrec(MX_VM, &m);
	if (r == MX_OK)
		r = m.m_type;
	if (r == MX_OK) {
		*vaddr = (void *)a->result;
		if (out_id)
			*out_id = a->id;
		if (out_key)
			*out_key = a->key;
	}
	return r;
}

/* The capability of a segment: its id, its key and its size. */
int ipc_create_shared(mx_capability *segcap, uint32_t size, void **vaddr)
{
	uint32_t id, key;
	int r = vm_shm(MX_VM_SHM_CREATE, 0, 0, size, &id, &key, vaddr);
	if (r != MX_OK)
		return r;
	segcap->w[0] = id;
	segcap->w[1] = key;
	segcap->w[2] = size;
	segcap->w[3] = 0;
	return seg_add(id, size, *vaddr);
}

int ipc_map_shared(const mx_capability *segcap, void **vaddr)
{
	int r = vm_shm(MX_VM_SHM_MAP, segcap->w[0], segcap->w[1], 0, NULL, NULL, vaddr);
	if (r != MX_OK)
		return r;
	return seg_add(segcap->w[0], segcap->w[2], *vaddr);
}

/* Which of our segments holds [p, p+len)?  Sets *id and *off. */
static int seg_of(const void *p, uint32_t len, uint32_t *id, uint32_t *off)
{
	const uint8_t *b = p;
	for (int i = 0; i < NR_SEGS; i++)
		if (segs[i].id && b >= segs[i].base && (uint32_t)(b - segs[i].base) + len <= segs[i].len) {
			*id = segs[i].id;
			*off = (uint32_t)(b - segs[i].base);
			return MX_OK;
		}
	return -MX_EFAULT;
}

static void *seg_addr(uint32_t id, uint32_t off, uint32_t len)
{
	for (int i = 0; i < NR_SEGS; i++)
		if (segs[i].id == id && off <= segs[i].len && len <= segs[i].len - off)
			return segs[i].base + off;
	return NULL;
}

/* ---- client --------------------------------------------------------------------- */

static int describe(struct port_iov_desc *d, ipc_iovec_t *iov, mx_endpoint_t server, uint32_t extra, uint32_t access)
{
	memset(d, 0, sizeof(*d));
	d->flags = iov->flags | extra;
	d->len = iov->len;
	if (iov->flags & IPC_SHARED)        /* a shared reply is placed by the server */
		return (extra & MX_IOV_REPLY) ? MX_OK : seg_of(iov->buf, iov->len, &d->seg, &d->offset);
	if (!(iov->flags & IPC_COPY))
		return -MX_EINVAL;
	int g = grant_alloc(server, iov->buf, iov->len, access);
	if (g < 0)
		return g;
	d->grant = (uint32_t)g;
	return MX_OK;
}

static int transact(int type, ipc_msg_t *req, ipc_iovec_t *reqiov, int reqlen, ipc_msg_t *rep,
		    ipc_iovec_t *repiov, int replen)
{
	struct port_iov_desc desc[2 * MX_PORT_MAX_IOV] = {{0}};
	mx_endpoint_t server = MX_NONE;
	int n = 0, r = MX_OK, dg = -1;
	if (reqlen < 0 || replen < 0 || reqlen > MX_PORT_MAX_IOV || replen > MX_PORT_MAX_IOV)
		return -MX_EINVAL;
	for (int i = 0; i < NR_KNOWN; i++)
		if (known[i].id.pub && known[i].id.pub == req->portid.pub)
			server = known[i].server;
	if (server == MX_NONE)
		return -MX_ENOENT;                    /* never looked up */
	for (int i = 0; i < reqlen && r == MX_OK; i++, n++)
		r = describe(&desc[n], &reqiov[i], server, 0, MX_GF_READ);

	for (int i = 0; i < replen && r == MX_OK; i++, n++)
		r = describe(&desc[n], &repiov[i], server, MX_IOV_REPLY, MX_GF_WRITE);

	if (r == MX_OK && (dg = grant_alloc(server, desc, (uint32_t)n * sizeof(desc[0]), MX_GF_READ | MX_GF_WRITE)) < 0)
		r = dg;
	mx_message m;
	if (r == MX_OK) {
		memset(&m, 0, sizeof(m));
		struct port_trans *t = MX_BODY(&m, struct port_trans);
		t->id = req->portid;
		t->command = req->command;
		t->status = req->status;
		t->nreq = (uint32_t)reqlen;
		t->nrep = (uint32_t)replen;
		t->desc_grant = (uint32_t)dg;
		t->one_way = type == MX_PORT_SEND;
		m.m_type = type;
		uint64_t t0 = read_tsc();
		r = mx_sendrec(server, &m);
		uint64_t dt = read_tsc() - t0;
		if (r == MX_OK)
			r = m.m_type;
		sys_trace_emit(MX_TK_PORT, 0, server, (int32_t)req->portid.pub, (uint32_t)dt, r < 0 ? MX_TF_ERR : 0);
		if (r >= 0 || r == -MX_ETRUNC) {
			if (rep) {
				rep->portid = req->portid;
				rep->command = t->command;
				rep->status = t->status;
			}
			for (int i = 0; i < replen; i++) {
				struct port_iov_desc *d = &desc[reqlen + i];
				if (repiov[i].flags & IPC_SHARED) {
					void *p = seg_addr(d->seg, d->offset, d->len);
					if (p)
						repiov[i].buf = p;
				}
				repiov[i].len = d->len;
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (!(desc[i].flags & IPC_SHARED))
			grant_free((int)desc[i].grant);
	grant_free(dg);
	return r;
}

int ipc_trans(ipc_msg_t *req, ipc_iovec_t *reqiov, int reqlen, ipc_msg_t *rep, ipc_iovec_t *repiov, int replen)
{
	return transact(MX_PORT_TRANS, req, reqiov, reqlen, rep, repiov, replen);
}

int ipc_send(ipc_msg_t *msg, ipc_iovec_t *iov, int len)
{
	return transact(MX_PORT_SEND, msg, iov, len, NULL, NULL, 0);
}

/* ---- server ------------------------------------------------------------------------ */

static void answer(mx_endpoint_t client, int result, const struct port_trans *t)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = result;
	if (t)
		*MX_BODY(&m, struct port_trans) = *t;
	mx_sendnb(client, &m);
}

static int is_mine(const mx_portid *id)
{
	for (int i = 0; i < NR_KNOWN; i++)
		if (mine[i].pub && mine[i].pub == id->pub && mine[i].priv == id->priv)
			return 1;
	return 0;
}

/* Take the next request for one of our ports, its data in iov; bad requests are answered and skipped. */
static int getreq(ipc_msg_t *msg, ipc_iovec_t *iov, int len, int want_send)
{
	if (len < 0 || len > MX_PORT_MAX_IOV)
		return -MX_EINVAL;
	if (cur.active)
		return -MX_EBUSY;                     /* putrep the previous one first */
	for (;;) {
		mx_message m;
		int r = sef_receive(&m);
		if (r != MX_OK)
			return r;
		if (m.m_type != MX_PORT_TRANS && m.m_type != MX_PORT_SEND) {
			if (!is_notify(&m))
				answer(m.m_source, -MX_EBADREQUEST, NULL);
			continue;
		}
		struct port_trans *t = MX_BODY(&m, struct port_trans);
		if (!is_mine(&t->id)) {
			answer(m.m_source, -MX_ESTALEPORT, NULL);
			continue;
		}
		if (t->nreq > MX_PORT_MAX_IOV || t->nrep > MX_PORT_MAX_IOV) {
			answer(m.m_source, -MX_EINVAL, NULL);
			continue;
		}
		uint32_t nd = t->nreq + t->nrep;
		if (nd && (r = sys_safecopyfrom(m.m_source, t->desc_grant, 0, cur.desc, nd * sizeof(cur.desc[0]))) < 0) {
			answer(m.m_source, r, NULL);
			continue;
		}
		/* The request's data, truncated to our buffers. */
		for (uint32_t i = 0; i < t->nreq && r >= 0; i++) {
			struct port_iov_desc *d = &cur.desc[i];
			if ((int)i >= len)
				break;
			if (d->flags & IPC_SHARED) {
				void *p = seg_addr(d->seg, d->offset, d->len);
				if (!p)
					r = -MX_EFAULT;
				iov[i].buf = p;
				iov[i].len = d->len;
				iov[i].flags = IPC_SHARED;
				continue;
			}
			uint32_t n = d->len < iov[i].len ? d->len : iov[i].len;
			if (n && (r = sys_safecopyfrom(m.m_source, d->grant, 0, iov[i].buf, n)) >= 0)
				r = MX_OK;
			iov[i].len = n;
		}
		for (int i = (int)t->nreq; i < len; i++)
			iov[i].len = 0;
		if (r < 0) {
			answer(m.m_source, r, NULL);
			continue;
		}
		msg->portid = t->id;
		msg->command = t->command;
		msg->status = t->status;
		if (t->one_way) {
			answer(m.m_source, MX_OK, t);     /* the data is ours: the sender may go on */
			if (!want_send)
				continue;                       /* getreq serves transactions only */
			return MX_OK;
		}
		if (want_send) {
			answer(m.m_source, -MX_EBADREQUEST, NULL);
			continue;
		}
		cur.client = m.m_source;
		cur.t = *t;
		cur.active = 1;
		return MX_OK;
	}
}

int ipc_getreq(ipc_msg_t *msg, ipc_iovec_t *iov, int len)
{
	return getreq(msg, iov, len, 0);
}

int ipc_recv(ipc_msg_t *msg, ipc_iovec_t *iov, int len)
{
	return getreq(msg, iov, len, 1);
}

int ipc_putrep(ipc_msg_t *msg, ipc_iovec_t *iov, int len)
{
	if (!cur.active)
		return -MX_EINVAL;
	cur.active = 0;
	struct port_trans *t = &cur.t;
	int r = MX_OK, trunc = 0;
	if (len < 0 || len > MX_PORT_MAX_IOV)
		r = -MX_EINVAL;
	for (uint32_t j = 0; j < t->nrep && r >= 0; j++) {
		struct port_iov_desc *d = &cur.desc[t->nreq + j];
		if ((int)j >= len) {
			d->len = 0;
			continue;
		}
		if (iov[j].flags & IPC_SHARED) {
			uint32_t id, off;
			if ((r = seg_of(iov[j].buf, iov[j].len, &id, &off)) < 0)
				break;
			d->seg = id;
			d->offset = off;
			d->len = iov[j].len;
			continue;
		}
		uint32_t n = iov[j].len;
		if (n > d->len) {
			n = d->len;                       /* the client's buffer is smaller */
			trunc = 1;
		}
		if (n && (r = sys_safecopyto(cur.client, d->grant, 0, iov[j].buf, n)) < 0)
			break;
		r = MX_OK;
		d->len = n;
	}
	uint32_t nd = t->nreq + t->nrep;
	if (r >= 0 && nd)
		r = sys_safecopyto(cur.client, t->desc_grant, 0, cur.desc, nd * sizeof(cur.desc[0]));
	if (r >= 0 && trunc)
		r = -MX_ETRUNC;
	t->command = msg->command;
	t->status = msg->status;
	answer(cur.client, r, t);
	return r;
}
