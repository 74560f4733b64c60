/*
 * libmthread: cooperative user-level threads inside one process.
 *
 * Threads switch only at blocking points: mthread_yield, a contended
 * mutex, a condition wait, mthread_block and thread exit.  There is no
 * preemption and no locking inside the library: a process's threads all
 * run on one CPU context, one at a time.  The first caller is the main
 * thread (tid 0) on the process's own stack; others run on stacks the
 * caller provides.  A kernel call or IPC made by any thread blocks the
 * whole process, so a server's main thread is the only one that should
 * RECEIVE, and only when mthread_runnable() says nothing else can run.
 */
#ifndef MTHREAD_H
#define MTHREAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct mthread mthread_t;

enum mthread_state { MT_FREE, MT_RUNNABLE, MT_BLOCKED, MT_DEAD };

struct mthread {
	int tid;                       /* 0 for the main thread */
	enum mthread_state state;
	uint32_t esp;                  /* saved stack pointer while switched out */
	void (*fn)(void *);
	void *arg;
	uint32_t *stack_lo;            /* lowest word holds the canary */
	size_t stack_size;
	mthread_t *next;               /* run queue link */
	mthread_t *wnext;              /* wait queue link (mutex or condition) */
	void *wchan;                   /* what it blocks on (for dumps), or NULL */
	void *user;                    /* the owner's per-thread data */
	char name[12];
};

/* A FIFO of blocked threads. */
typedef struct mthread_queue { mthread_t *head, *tail; } mthread_queue_t;

typedef struct mthread_mutex {
	mthread_t *owner;              /* NULL when free */
	mthread_queue_t waiting;
} mthread_mutex_t;

typedef struct mthread_cond {
	mthread_queue_t waiting;
} mthread_cond_t;

/* Threads */
int mthread_create(mthread_t *t, const char *name, void (*fn)(void *), void *arg,
		   void *stack, size_t stack_size);
mthread_t *mthread_self(void);
void mthread_yield(void);
void mthread_exit(void) __attribute__((noreturn));
int mthread_runnable(void);        /* threads other than the caller ready to run */
void mthread_block(void *wchan);   /* sleep until mthread_wakeup (the caller queued itself somewhere) */
void mthread_wakeup(mthread_t *t); /* make a blocked thread runnable (FIFO order) */
int mthread_stack_ok(const mthread_t *t);  /* the stack canary is intact */

/* Hook called at every switch (from, to); NULL by default. */
extern void (*mthread_switch_hook)(mthread_t *from, mthread_t *to);

/* Mutexes: not recursive; unlock by a thread that does not own it fails. */
void mthread_mutex_init(mthread_mutex_t *m);
int mthread_mutex_lock(mthread_mutex_t *m);
int mthread_mutex_trylock(mthread_mutex_t *m);  /* 0, or -EBUSY */
int mthread_mutex_unlock(mthread_mutex_t *m);   /* 0, or -EPERM */

/* Condition variables: waiters wake in FIFO order. */
void mthread_cond_init(mthread_cond_t *c);
int mthread_cond_wait(mthread_cond_t *c, mthread_mutex_t *m);  /* m may be NULL */
void mthread_cond_signal(mthread_cond_t *c);
void mthread_cond_broadcast(mthread_cond_t *c);

/* Queues, for owners that build their own waits (locks, replies). */
void mthread_queue_init(mthread_queue_t *q);
void mthread_queue_add(mthread_queue_t *q, mthread_t *t);
mthread_t *mthread_queue_take(mthread_queue_t *q);
int mthread_queue_remove(mthread_queue_t *q, mthread_t *t);  /* 1 if it was there */
int mthread_queue_empty(const mthread_queue_t *q);

#endif
