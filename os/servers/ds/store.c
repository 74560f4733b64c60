/*
 * The store: a flat table of entries, registered as "ds.entries" for the
 * tools, and the subscriptions.  A change marks the entry for every
 * matching subscriber and notifies it; the subscriber collects the changes
 * with CHECK.
 */
#include "ds.h"

mx_ds_ent entries[NR_ENTRIES];
struct sub subs[NR_SUBS];

static const mx_field entry_fields[] = {
	MX_TABLE_FIELD(mx_ds_ent, flags, MX_FK_U32),
	MX_TABLE_FIELD(mx_ds_ent, owner, MX_FK_EP),
	MX_TABLE_FIELD(mx_ds_ent, u32, MX_FK_U32),
	MX_TABLE_FIELD(mx_ds_ent, subscribers, MX_FK_U32),
	MX_TABLE_FIELD(mx_ds_ent, key, MX_FK_STR),
	MX_TABLE_FIELD(mx_ds_ent, str, MX_FK_STR),
};

void store_init(void)
{
	for (int i = 0; i < NR_SUBS; i++)
		subs[i].ep = MX_NONE;
	PUBLISH_TABLE("ds.entries", entries, NR_ENTRIES, sizeof(mx_ds_ent), entry_fields);
}

/* '*' matches any run of characters, '?' any one character. */
int glob_match(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*')
		return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
	return *s && (*pat == '?' || *pat == *s) && glob_match(pat + 1, s + 1);
}

static int key_ok(const char *key)
{
	size_t n = strnlen(key, MX_DS_KEY_MAX);
	return n > 0 && n < MX_DS_KEY_MAX;
}

static mx_ds_ent *find(const char *key)
{
	for (int i = 0; i < NR_ENTRIES; i++)
		if ((entries[i].flags & MX_DSF_INUSE) && strcmp(entries[i].key, key) == 0)
			return &entries[i];
	return NULL;
}

/* Does the process still exist?  (A dead owner's keys may be taken over.) */
static int alive(mx_endpoint_t ep)
{
	struct mx_procinfo pi;
	return sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)ep) >= 0;
}

static void changed(mx_ds_ent *e, int deleted)
{
	int idx = (int)(e - entries);
	uint32_t n = 0;
	for (int i = 0; i < NR_SUBS; i++) {
		struct sub *s = &subs[i];
		if (s->ep == MX_NONE || !glob_match(s->pattern, e->key))
			continue;
		if (!alive(s->ep)) {
			s->ep = MX_NONE;
			continue;
		}
		s->changed[idx] = 1;
		s->deleted[idx] = (uint8_t)deleted;
		n++;
		mx_notify(s->ep);
	}
	e->subscribers = n;
}

int do_publish(mx_message *m)
{
	struct ds_req *q = MX_BODY(m, struct ds_req);
	uint32_t type = q->flags & (MX_DSF_U32 | MX_DSF_STR | MX_DSF_LABEL);
	q->key[MX_DS_KEY_MAX - 1] = 0;
	q->str[MX_DS_STR_MAX - 1] = 0;
	if (!key_ok(q->key) || (type != MX_DSF_U32 && type != MX_DSF_STR && type != MX_DSF_LABEL))
		return -MX_EINVAL;
	mx_ds_ent *e = find(q->key);
	if (e && e->owner != m->m_source && alive(e->owner))
		return -MX_EPERM;
	if (!e) {
		for (int i = 0; i < NR_ENTRIES && !e; i++)
			if (!(entries[i].flags & MX_DSF_INUSE))
				e = &entries[i];
		if (!e)
			return -MX_ENOSPC;
		memset(e, 0, sizeof(*e));
		strncpy(e->key, q->key, sizeof(e->key) - 1);
	}
	e->owner = m->m_source;
	e->u32 = type == MX_DSF_LABEL ? (uint32_t)m->m_source : q->u32;
	memset(e->str, 0, sizeof(e->str));
	if (type == MX_DSF_STR)
		strncpy(e->str, q->str, sizeof(e->str) - 1);
	e->flags = MX_DSF_INUSE | type;
	changed(e, 0);
	return MX_OK;
}

static void fill(struct ds_req *q, const mx_ds_ent *e)
{
	q->flags = e->flags & (MX_DSF_U32 | MX_DSF_STR | MX_DSF_LABEL);
	q->u32 = e->u32;
	memset(q->str, 0, sizeof(q->str));
	strncpy(q->str, e->str, sizeof(q->str) - 1);
}

int do_retrieve(mx_message *m)
{
	struct ds_req *q = MX_BODY(m, struct ds_req);
	q->key[MX_DS_KEY_MAX - 1] = 0;
	mx_ds_ent *e = find(q->key);
	if (!e)
		return -MX_ESRCH;
	fill(q, e);
	return MX_OK;
}

int do_subscribe(mx_message *m)
{
	struct ds_req *q = MX_BODY(m, struct ds_req);
	q->key[MX_DS_KEY_MAX - 1] = 0;
	if (!key_ok(q->key))
		return -MX_EINVAL;
	struct sub *s = NULL;
	for (int i = 0; i < NR_SUBS; i++) {
		if (subs[i].ep == m->m_source && strcmp(subs[i].pattern, q->key) == 0)
			return MX_OK;                  /* already subscribed */
		if (!s && subs[i].ep == MX_NONE)
			s = &subs[i];
	}
	if (!s)
		return -MX_ENOSPC;
	memset(s, 0, sizeof(*s));
	s->ep = m->m_source;
	strncpy(s->pattern, q->key, sizeof(s->pattern) - 1);
	int any = 0;
	for (int i = 0; i < NR_ENTRIES; i++)
		if ((entries[i].flags & MX_DSF_INUSE) && glob_match(s->pattern, entries[i].key)) {
			entries[i].subscribers++;
			if (q->flags & DS_F_INITIAL)
				s->changed[i] = 1, any = 1;
		}
	if (any)
		mx_notify(s->ep);
	return MX_OK;
}

int do_check(mx_message *m)
{
	struct ds_req *q = MX_BODY(m, struct ds_req);
	for (int i = 0; i < NR_SUBS; i++) {
		struct sub *s = &subs[i];
		if (s->ep != m->m_source)
			continue;
		for (int k = 0; k < NR_ENTRIES; k++) {
			if (!s->changed[k])
				continue;
			s->changed[k] = 0;
			memset(q, 0, sizeof(*q));
			strncpy(q->key, entries[k].key, sizeof(q->key) - 1);
			if (s->deleted[k]) {
				q->flags = DS_F_DELETED;
				s->deleted[k] = 0;
			} else {
				fill(q, &entries[k]);
			}
			return MX_OK;
		}
	}
	return -MX_ESRCH;
}

int do_delete(mx_message *m)
{
	struct ds_req *q = MX_BODY(m, struct ds_req);
	q->key[MX_DS_KEY_MAX - 1] = 0;
	mx_ds_ent *e = find(q->key);
	if (!e)
		return -MX_ESRCH;
	if (e->owner != m->m_source && alive(e->owner))
		return -MX_EPERM;
	changed(e, 1);
	e->flags = 0;
	return MX_OK;
}
