/*
 * Three-level locks (the seeds' TLL_READ, TLL_READSER, TLL_WRITE) with
 * upgrade and downgrade, and the "vfs.locks" table that mirrors them.
 *
 *   READ     shared; granted unless a thread holds WRITE or waits to upgrade
 *   READSER  shared with READ holders, but only one READSER or WRITE holder
 *   WRITE    exclusive
 * Only the READSER holder may upgrade to WRITE; it waits until the readers
 * are gone.  New requests queue behind earlier ones (FIFO), and a release
 * hands the lock to the waiters at the head that it can satisfy.  Every
 * wait, acquisition and release updates the table entry in place and is
 * emitted into the kernel's trace ring (LOCK_WAIT/ACQ/REL: src = dst = VFS,
 * type = lock id, arg = tid << 16 | mode).  Callers: workers only.
 */
#include "proto.h"

mx_lock_ent lock_tab[NR_LOCKS];
struct tll *lock_by_id[NR_LOCKS];
int lock_order_violations;

static const mx_field lock_fields[] = {
	MX_TABLE_FIELD(mx_lock_ent, id, MX_FK_I32),
	MX_TABLE_FIELD(mx_lock_ent, kind, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, obj, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, mode, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, owner, MX_FK_I32),
	MX_TABLE_FIELD(mx_lock_ent, readers, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, holders, MX_FK_BITS),
	MX_TABLE_FIELD(mx_lock_ent, waiters, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, since_lo, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, since_hi, MX_FK_U32),
	MX_TABLE_FIELD(mx_lock_ent, name, MX_FK_STR),
};

void lock_init(void)
{
	for (int i = 0; i < NR_LOCKS; i++) {
		lock_tab[i].id = -1;
		lock_tab[i].owner = -1;
	}
	PUBLISH_TABLE("vfs.locks", lock_tab, NR_LOCKS, sizeof(mx_lock_ent), lock_fields);
}

static void set_since(mx_lock_ent *e)
{
	uint64_t now = read_tsc();
	e->since_lo = (uint32_t)now;
	e->since_hi = (uint32_t)(now >> 32);
}

/* Mirror l's state in its table entry. */
static void pub_update(struct tll *l)
{
	mx_lock_ent *e = &lock_tab[l->id];
	uint32_t mode = l->owner >= 0 ? (uint32_t)l->owner_mode : l->readers ? TLL_READ : TLL_NONE;
	if (mode != e->mode)
		set_since(e);
	e->mode = mode;
	e->owner = l->owner;
	e->readers = (uint32_t)l->readers;
	e->holders = l->holders;
	e->waiters = (uint32_t)l->nwait;
}

/* A lock object comes into use (id: its slot in the table). */
void tll_setup(struct tll *l, int id, uint32_t kind, uint32_t obj, const char *name)
{
	memset(l, 0, sizeof(*l));
	l->id = id;
	l->owner = -1;
	mthread_queue_init(&l->waitq);
	lock_by_id[id] = l;
	mx_lock_ent *e = &lock_tab[id];
	memset(e, 0, sizeof(*e));
	e->id = id;
	e->kind = kind;
	e->obj = obj;
	e->owner = -1;
	strncpy(e->name, name, sizeof(e->name) - 1);
	set_since(e);
}

/* The object is gone: its entry reads as free. */
void tll_retire(struct tll *l)
{
	if (l->holders || l->nwait)
		sys_printf("vfs: lock %d retired while held (holders %#x, waiters %d)\n",
			   l->id, l->holders, l->nwait);
	lock_tab[l->id].id = -1;
	lock_tab[l->id].mode = TLL_NONE;
	lock_tab[l->id].holders = 0;
}

static void emit(int kind, struct tll *l, int tid, int mode)
{
	if (lock_trace)
		sys_trace_emit(kind, vfs_self, vfs_self, l->id, ((uint32_t)tid << 16) | (uint32_t)mode, 0);
}

static int rank(const struct tll *l)
{
	return (int)lock_tab[l->id].kind;    /* MX_LK_VMNT < VNODE < FILP */
}

/* vmnt before vnode before filp: complain (and count) when that is broken. */
static void order_check(struct worker *w, struct tll *l)
{
	for (int i = 0; i < w->nheld; i++)
		if (rank(w->held[i]) > rank(l)) {
			lock_order_violations++;
			sys_printf("vfs: lock order: thread %d takes %s while holding %s\n",
				   w->tid, lock_tab[l->id].name, lock_tab[w->held[i]->id].name);
			return;
		}
}

static void held_add(struct worker *w, struct tll *l, int mode)
{
	if (w->nheld < (int)(sizeof(w->held) / sizeof(w->held[0]))) {
		w->held[w->nheld] = l;
		w->held_mode[w->nheld++] = mode;
	} else {
		sys_printf("vfs: thread %d holds too many locks\n", w->tid);
	}
}

static int held_index(struct worker *w, struct tll *l)
{
	for (int i = 0; i < w->nheld; i++)
		if (w->held[i] == l)
			return i;
	return -1;
}

static void held_remove(struct worker *w, struct tll *l)
{
	int i = held_index(w, l);
	if (i < 0)
		return;
	w->nheld--;
	w->held[i] = w->held[w->nheld];
	w->held_mode[i] = w->held_mode[w->nheld];
}

int tll_held(struct tll *l)
{
	return held_index(self(), l) >= 0;
}

static int grantable(struct tll *l, int mode)
{
	switch (mode) {
	case TLL_READ:    return !(l->owner >= 0 && l->owner_mode == TLL_WRITE) && !l->upgrading;
	case TLL_READSER: return l->owner < 0;
	case TLL_WRITE:   return l->owner < 0 && l->readers == 0;
	}
	return 0;
}

static void grant(struct tll *l, struct worker *w, int mode)
{
	if (mode == TLL_READ) {
		l->readers++;
	} else {
		l->owner = w->tid;
		l->owner_mode = mode;
	}
	l->holders |= 1u << w->tid;
	held_add(w, l, mode);
	emit(MX_TK_LOCK_ACQ, l, w->tid, mode);
}

/* Hand the lock to whoever can have it now: a pending upgrade first, then the queue in order. */
static void process_queue(struct tll *l)
{
	if (l->upgrading && l->readers == 0 && l->owner >= 0) {
		struct worker *o = &workers[l->owner];
		l->upgrading = 0;
		l->owner_mode = TLL_WRITE;
		l->nwait--;
		int i = held_index(o, l);
		if (i >= 0)
			o->held_mode[i] = TLL_WRITE;
		o->want = NULL;
		emit(MX_TK_LOCK_ACQ, l, o->tid, TLL_WRITE);
		thread_state(o, MX_TS_READY, -1, TLL_NONE, MX_NONE);   /* holds it: no longer a waiter */
		mthread_wakeup(&o->thr);
	}
	mthread_t *t;
	while ((t = l->waitq.head)) {
		struct worker *x = t->user;
		if (!grantable(l, x->want_mode))
			break;
		mthread_queue_take(&l->waitq);
		l->nwait--;
		grant(l, x, x->want_mode);
		x->want = NULL;
		thread_state(x, MX_TS_READY, -1, TLL_NONE, MX_NONE);
		mthread_wakeup(t);
	}
	pub_update(l);
}

static void wait_granted(struct worker *w, struct tll *l, int mode)
{
	w->want = l;
	w->want_mode = mode;
	thread_state(w, MX_TS_LOCK_WAIT, l->id, mode, MX_NONE);
	if (w->fp && w->fp->pub)
		w->fp->pub->blocked_on = MX_FPB_LOCK;
	emit(MX_TK_LOCK_WAIT, l, w->tid, mode);
	pub_update(l);
	while (w->want)
		worker_sleep(w, W_LOCK);
	if (w->fp && w->fp->pub)
		w->fp->pub->blocked_on = 0;
	thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
}

int tll_lock(struct tll *l, int mode)
{
	struct worker *w = self();
	if (!w || mode < TLL_READ || mode > TLL_WRITE)
		return -MX_EINVAL;
	if (held_index(w, l) >= 0) {
		sys_printf("vfs: thread %d takes %s twice\n", w->tid, lock_tab[l->id].name);
		return -MX_EDEADLK;
	}
	order_check(w, l);
	if (mthread_queue_empty(&l->waitq) && grantable(l, mode)) {
		grant(l, w, mode);
		pub_update(l);
		return 0;
	}
	mthread_queue_add(&l->waitq, &w->thr);
	l->nwait++;
	wait_granted(w, l, mode);
	return 0;
}

int tll_trylock(struct tll *l, int mode)
{
	struct worker *w = self();
	if (held_index(w, l) >= 0 || !mthread_queue_empty(&l->waitq) || !grantable(l, mode))
		return -MX_EBUSY;
	grant(l, w, mode);
	pub_update(l);
	return 0;
}

void tll_unlock(struct tll *l)
{
	struct worker *w = self();
	int i = held_index(w, l);
	if (i < 0) {
		sys_printf("vfs: thread %d releases %s it does not hold\n", w ? w->tid : -1, lock_tab[l->id].name);
		return;
	}
	int mode = w->held_mode[i];
	if (l->owner == w->tid)
		l->owner = -1;
	else if (l->readers > 0)
		l->readers--;
	l->holders &= ~(1u << w->tid);
	held_remove(w, l);
	emit(MX_TK_LOCK_REL, l, w->tid, mode);
	process_queue(l);
}

/* READSER to WRITE: wait until the readers are gone (the seeds' upgrade). */
int tll_upgrade(struct tll *l)
{
	struct worker *w = self();
	int i = held_index(w, l);
	if (i < 0 || l->owner != w->tid || l->owner_mode != TLL_READSER)
		return -MX_EINVAL;
	if (l->readers == 0) {
		l->owner_mode = TLL_WRITE;
		w->held_mode[i] = TLL_WRITE;
		emit(MX_TK_LOCK_ACQ, l, w->tid, TLL_WRITE);
		pub_update(l);
		return 0;
	}
	l->upgrading = 1;
	l->nwait++;
	wait_granted(w, l, TLL_WRITE);
	return 0;
}

/* WRITE to READSER or READ, or READSER to READ. */
void tll_downgrade(struct tll *l, int mode)
{
	struct worker *w = self();
	int i = held_index(w, l);
	if (i < 0 || l->owner != w->tid || mode >= l->owner_mode)
		return;
	if (mode == TLL_READ) {
		l->owner = -1;
		l->readers++;
	} else {
		l->owner_mode = mode;
	}
	w->held_mode[i] = mode;
	emit(MX_TK_LOCK_ACQ, l, w->tid, mode);
	process_queue(l);
}

/* Release everything w still holds (a handler's error path forgot some). */
void unlock_all(struct worker *w)
{
	while (w->nheld > 0) {
		sys_printf("vfs: thread %d ended its job holding %s\n", w->tid, lock_tab[w->held[0]->id].name);
		tll_unlock(w->held[0]);
	}
}
