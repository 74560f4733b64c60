/* Mutexes and condition variables on top of mthread_block/mthread_wakeup. */
#include <mx/errno.h>
#include "mthread.h"

void mthread_mutex_init(mthread_mutex_t *m)
{
	m->owner = NULL;
	mthread_queue_init(&m->waiting);
}

int mthread_mutex_trylock(mthread_mutex_t *m)
{
	if (m->owner)
		return -MX_EBUSY;
	m->owner = mthread_self();
	return 0;
}

/* Ownership passes directly to the first waiter, so nobody can overtake it. */
int mthread_mutex_lock(mthread_mutex_t *m)
{
	mthread_t *self = mthread_self();
	if (m->owner == self)
		return -MX_EDEADLK;
	if (!m->owner) {
		m->owner = self;
		return 0;
	}
	mthread_queue_add(&m->waiting, self);
	mthread_block(m);
	return 0;                        /* unlock handed it to us */
}

int mthread_mutex_unlock(mthread_mutex_t *m)
{
	if (m->owner != mthread_self())
		return -MX_EPERM;
	mthread_t *next = mthread_queue_take(&m->waiting);
	m->owner = next;
	if (next)
		mthread_wakeup(next);
	return 0;
}

void mthread_cond_init(mthread_cond_t *c)
{
	mthread_queue_init(&c->waiting);
}

int mthread_cond_wait(mthread_cond_t *c, mthread_mutex_t *m)
{
	if (m && m->owner != mthread_self())
		return -MX_EPERM;
	mthread_queue_add(&c->waiting, mthread_self());
	if (m)
		mthread_mutex_unlock(m);
	mthread_block(c);
	if (m)
		mthread_mutex_lock(m);
	return 0;
}

void mthread_cond_signal(mthread_cond_t *c)
{
	mthread_t *t = mthread_queue_take(&c->waiting);
	if (t)
		mthread_wakeup(t);
}

void mthread_cond_broadcast(mthread_cond_t *c)
{
	mthread_t *t;
	while ((t = mthread_queue_take(&c->waiting)))
		mthread_wakeup(t);
}
