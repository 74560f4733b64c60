/*
 * SEF, the system event framework every service links (as in the seeds):
 * the start-up handshake with RS (fresh start, restart or boot), answers
 * to RS's heartbeats, and signals delivered as events.  A service calls
 * sef_startup() once and then sef_receive() in place of mx_receive().
 */
#include <string.h>
#include <mx/callnr.h>
#include <mx/rs.h>
#include <mx/ds.h>
#include "mxsys.h"

static int (*cb_init)(int type, uint32_t restarts);
static void (*cb_signal)(int sig);
static int init_type;
static char my_label[16];

void sef_setcb_init(int (*fn)(int type, uint32_t restarts)) { cb_init = fn; }
void sef_setcb_signal(void (*fn)(int sig)) { cb_signal = fn; }
int sef_init_type(void) { return init_type; }
const char *sef_label(void) { return my_label; }

/* Ask RS how we were started, publish our label's endpoint, run the init callback. */
int sef_startup(void)
{
	struct mx_whoami me;
	mx_message m;
	uint32_t restarts = 0;
	sys_getinfo(MX_GI_WHOAMI, &me, sizeof(me), 0);
	strncpy(my_label, me.label[0] ? me.label : me.name, sizeof(my_label) - 1);
	init_type = SEF_INIT_BOOT;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_RS_INIT;
	if (me.ep != MX_RS && mx_sendrec(MX_RS, &m) == MX_OK && m.m_type == MX_OK) {
		struct rs_init_reply *r = MX_BODY(&m, struct rs_init_reply);
		init_type = (int)r->type;
		restarts = r->restarts;
		if (r->label[0])
			strncpy(my_label, r->label, sizeof(my_label) - 1);
	}
	ds_publish_label(my_label);
	return cb_init ? cb_init(init_type, restarts) : MX_OK;
}

/*
 * Receive the next message meant for the service itself: pings from RS are
 * answered and SEF signals handled here.
 */
int sef_receive(mx_message *m)
{
	for (;;) {
		int r = mx_receive(MX_ANY, m);
		if (r != MX_OK)
			return r;
		if (m->m_source == MX_RS && is_notify(m)) {
			mx_notify(MX_RS);              /* heartbeat */
			continue;
		}
		if (m->m_source == MX_RS && m->m_type == MX_SEF_SIGNAL) {
			int sig = MX_BODY(m, struct sef_signal)->sig;
			if (cb_signal)
				cb_signal(sig);
			else if (sig == 15)            /* SIGTERM by default ends the service */
				sys_exit(0);
			continue;
		}
		return MX_OK;
	}
}

/* ---- DS client ------------------------------------------------------------- */
static int ds_call(int type, const char *key, uint32_t flags, uint32_t u32, const char *str, struct ds_req *out)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct ds_req *q = MX_BODY(&m, struct ds_req);
	strncpy(q->key, key, sizeof(q->key) - 1);
	q->flags = flags;
	q->u32 = u32;
	if (str)
		strncpy(q->str, str, sizeof(q->str) - 1);
	m.m_type = type;
	int r = mx_sendrec(MX_DS, &m);
	if (r == MX_OK)
		r = m.m_type;
	if (out)
		*out = *q;
	return r;
}

/* The key under which a service's endpoint is published: "ep.<label>". */
static void label_key(char *key, const char *label)
{
	strcpy(key, "ep.");
	strncat(key, label, MX_DS_KEY_MAX - 4);
}

int ds_publish_u32(const char *key, uint32_t v) { return ds_call(MX_DS_PUBLISH, key, MX_DSF_U32, v, NULL, NULL); }
int ds_publish_str(const char *key, const char *s) { return ds_call(MX_DS_PUBLISH, key, MX_DSF_STR, 0, s, NULL); }
int ds_delete(const char *key) { return ds_call(MX_DS_DELETE, key, 0, 0, NULL, NULL); }
int ds_subscribe(const char *pattern, int initial) { return ds_call(MX_DS_SUBSCRIBE, pattern, initial ? DS_F_INITIAL : 0, 0, NULL, NULL); }

int ds_publish_label(const char *label)
{
	char key[MX_DS_KEY_MAX];
	label_key(key, label);
	return ds_call(MX_DS_PUBLISH, key, MX_DSF_LABEL, 0, NULL, NULL);
}

int ds_retrieve_u32(const char *key, uint32_t *v)
{
	struct ds_req q;
	int r = ds_call(MX_DS_RETRIEVE, key, 0, 0, NULL, &q);
	if (r == MX_OK)
		*v = q.u32;
	return r;
}

int ds_retrieve_str(const char *key, char *buf, size_t len)
{
	struct ds_req q;
	int r = ds_call(MX_DS_RETRIEVE, key, 0, 0, NULL, &q);
	if (r == MX_OK && len) {
		strncpy(buf, q.str, len - 1);
		buf[len - 1] = 0;
	}
	return r;
}

int ds_retrieve_label(const char *label, mx_endpoint_t *ep)
{
	char key[MX_DS_KEY_MAX];
	label_key(key, label);
	uint32_t v;
	int r = ds_retrieve_u32(key, &v);
	if (r == MX_OK)
		*ep = (mx_endpoint_t)v;
	return r;
}

/* The next changed key among our subscriptions: 0 with key/value, -ESRCH when done. */
int ds_check(char *key, size_t keylen, uint32_t *u32, int *deleted)
{
	struct ds_req q;
	int r = ds_call(MX_DS_CHECK, "", 0, 0, NULL, &q);
	if (r == MX_OK) {
		strncpy(key, q.key, keylen - 1);
		key[keylen - 1] = 0;
		if (u32)
			*u32 = q.u32;
		if (deleted)
			*deleted = (q.flags & DS_F_DELETED) != 0;
	}
	return r;
}
