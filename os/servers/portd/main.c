/*
 * portd: names for ports (the Vertex-Amoeba IPC manual's ipc_register,
 * ipc_unregister and ipc_lookup).  A server registers a name with a key
 * capability and gets a port id whose private part is new at every
 * registration; a client that presents the same key gets the id and the
 * server's endpoint, and then talks to the server directly.  A port whose
 * server has exited disappears (checked at every lookup and every second).
 * The table is registered as "port.ports" so the tools can name ports in
 * traces.
 */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/port.h>
#include <mx/tables.h>

#define NR_PORTS 64

struct port {
	mx_port_ent pub;            /* id (public part), server, transactions, name */
	uint32_t priv;              /* private part of the id */
	mx_capability key;
};
static struct port ports[NR_PORTS];
static uint32_t next_pub = 1;

static const mx_field port_fields[] = {
	MX_TABLE_FIELD(mx_port_ent, id, MX_FK_U32),
	MX_TABLE_FIELD(mx_port_ent, server, MX_FK_EP),
	MX_TABLE_FIELD(mx_port_ent, transactions, MX_FK_U32),
	MX_TABLE_FIELD(mx_port_ent, name, MX_FK_STR),
};

static uint32_t random32(void)
{
	static uint64_t x = 0x2545f4914f6cdd1dull;
	x ^= read_tsc();
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (uint32_t)(x >> 11) | 1;
}

static int alive(mx_endpoint_t ep)
{
	struct mx_procinfo pi;
	return sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)ep) >= 0;
}

/* Forget ports whose servers are gone. */
static void sweep(void)
{
	for (int i = 0; i < NR_PORTS; i++)
		if (ports[i].pub.id && !alive(ports[i].pub.server)) {
			sys_printf("portd: %s unregistered: its server %d is gone\n", ports[i].pub.name, ports[i].pub.server);
			ports[i].pub.id = 0;
		}
}

static struct port *by_name(const char *name)
{
	for (int i = 0; i < NR_PORTS; i++)
		if (ports[i].pub.id && strcmp(ports[i].pub.name, name) == 0)
			return &ports[i];
	return NULL;
}

static int do_register(mx_message *m)
{
	struct port_name_req *q = MX_BODY(m, struct port_name_req);
	q->name[MX_PORT_NAME_MAX - 1] = 0;
	if (!q->name[0])
		return -MX_EINVAL;
	static const mx_capability zero;
	if (memcmp(&q->cap, &zero, sizeof(zero)) == 0)
		return -MX_EBADCAP;               /* the null capability protects nothing */
	struct port *p = by_name(q->name);
	if (p && p->pub.server != m->m_source && alive(p->pub.server))
		return -MX_EEXIST;
	if (!p) {
		for (int i = 0; i < NR_PORTS && !p; i++)
			if (!ports[i].pub.id)
				p = &ports[i];
		if (!p)
			return -MX_ENOSPC;
		memset(p, 0, sizeof(*p));
		strncpy(p->pub.name, q->name, sizeof(p->pub.name) - 1);
		p->pub.id = next_pub++;
	}
	p->pub.server = m->m_source;
	p->key = q->cap;
	p->priv = random32();                 /* new at every registration */
	q->id.pub = p->pub.id;
	q->id.priv = p->priv;
	q->server = m->m_source;
	return MX_OK;
}

static int do_unregister(mx_message *m)
{
	struct port_name_req *q = MX_BODY(m, struct port_name_req);
	for (int i = 0; i < NR_PORTS; i++) {
		struct port *p = &ports[i];
		if (p->pub.id && p->pub.id == q->id.pub) {
			if (p->pub.server != m->m_source || p->priv != q->id.priv)
				return -MX_EPERM;
			p->pub.id = 0;
			return MX_OK;
		}
	}
	return -MX_ENOENT;
}

static int do_lookup(mx_message *m)
{
	struct port_name_req *q = MX_BODY(m, struct port_name_req);
	q->name[MX_PORT_NAME_MAX - 1] = 0;
	struct port *p = by_name(q->name);
	if (p && !alive(p->pub.server)) {
		p->pub.id = 0;
		p = NULL;
	}
	if (!p)
		return -MX_ENOENT;
	if (memcmp(&p->key, &q->cap, sizeof(p->key)) != 0)
		return -MX_EBADCAP;
	q->id.pub = p->pub.id;
	q->id.priv = p->priv;
	q->server = p->pub.server;
	memset(&q->cap, 0, sizeof(q->cap));
	p->pub.transactions++;                /* lookups, a cheap measure of use */
	return MX_OK;
}

int main(void)
{
	sef_startup();
	PUBLISH_TABLE("port.ports", ports, NR_PORTS, sizeof(struct port), port_fields);
	sys_setalarm(100, 0, NULL);
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK)
			continue;
		if (is_notify(&m)) {
			if (m.m_source == MX_CLOCK) {
				sweep();
				sys_setalarm(100, 0, NULL);
			}
			continue;
		}
		int r;
		switch (m.m_type) {
		case MX_PORT_REGISTER:   r = do_register(&m); break;
		case MX_PORT_UNREGISTER: r = do_unregister(&m); break;
		case MX_PORT_LOOKUP:     r = do_lookup(&m); break;
		default:                 r = -MX_EBADREQUEST;
		}
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}
