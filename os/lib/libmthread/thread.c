/*
 * Threads and the run queue.  One thread runs at a time; it gives the CPU
 * away only by blocking, yielding or exiting (see mthread.h).
 */
#include <string.h>
#include <mx/errno.h>
#include "mxsys.h"
#include "mthread.h"

#define CANARY 0x5441434bu        /* "KCAT" at the bottom of each stack */

void mthread_switch(uint32_t *save_esp, uint32_t new_esp);

void (*mthread_switch_hook)(mthread_t *from, mthread_t *to);

static mthread_t main_thread = { .tid = 0, .state = MT_RUNNABLE, .name = "main" };
static mthread_t *current = &main_thread;
static mthread_queue_t runq;
static int next_tid = 1;

void mthread_queue_init(mthread_queue_t *q)
{
	q->head = q->tail = NULL;
}

void mthread_queue_add(mthread_queue_t *q, mthread_t *t)
{
	t->wnext = NULL;
	if (q->tail)
		q->tail->wnext = t;
	else
		q->head = t;
	q->tail = t;
}

mthread_t *mthread_queue_take(mthread_queue_t *q)
{
	mthread_t *t = q->head;
	if (t) {
		q->head = t->wnext;
		if (!q->head)
			q->tail = NULL;
		t->wnext = NULL;
	}
	return t;
}

int mthread_queue_remove(mthread_queue_t *q, mthread_t *t)
{
	mthread_t *prev = NULL;
	for (mthread_t *x = q->head; x; prev = x, x = x->wnext) {
		if (x != t)
			continue;
		if (prev)
			prev->wnext = x->wnext;
		else
			q->head = x->wnext;
		if (q->tail == x)
			q->tail = prev;
		x->wnext = NULL;
		return 1;
	}
	return 0;
}

int mthread_queue_empty(const mthread_queue_t *q)
{
	return q->head == NULL;
}

static void runq_add(mthread_t *t)
{
	t->next = NULL;
	if (runq.tail)
		runq.tail->next = t;
	else
		runq.head = t;
	runq.tail = t;
}

static mthread_t *runq_take(void)
{
	mthread_t *t = runq.head;
	if (t) {
		runq.head = t->next;
		if (!runq.head)
			runq.tail = NULL;
		t->next = NULL;
	}
	return t;
}

int mthread_stack_ok(const mthread_t *t)
{
	return !t->stack_lo || *t->stack_lo == CANARY;
}

/* Give the CPU to the next runnable thread; the caller has already set its own state. */
static void reschedule(void)
{
	mthread_t *from = current, *to = runq_take();
	if (!to) {
		if (from->state == MT_RUNNABLE)
			return;                  /* nobody else: keep running */
		sys_panic("mthread: every thread is blocked (last: %s)", from->name);
	}
	if (!mthread_stack_ok(from) || !mthread_stack_ok(to))
		sys_panic("mthread: stack overflow in %s", !mthread_stack_ok(from) ? from->name : to->name);
	if (to == from)
		return;
	if (mthread_switch_hook)
		mthread_switch_hook(from, to);
	current = to;
	mthread_switch(&from->esp, to->esp);
}

static void trampoline(void) __attribute__((noreturn, used));
static void trampoline(void)
{
	current->fn(current->arg);
	mthread_exit();
}

int mthread_create(mthread_t *t, const char *name, void (*fn)(void *), void *arg,
		   void *stack, size_t stack_size)
{
	if (!t || !fn || !stack || stack_size < 1024)
		return -MX_EINVAL;
	memset(t, 0, sizeof(*t));
	t->tid = next_tid++;
	t->fn = fn;
	t->arg = arg;
	t->stack_lo = stack;
	t->stack_size = stack_size;
	*t->stack_lo = CANARY;
	strncpy(t->name, name ? name : "thread", sizeof(t->name) - 1);
	/* The stack as mthread_switch leaves it: edi esi ebx ebp, then the return address. */
	uint32_t *sp = (uint32_t *)(((uint32_t)stack + stack_size) & ~15u);
	*--sp = 0;                       /* trampoline's (unused) return address */
	*--sp = (uint32_t)trampoline;
	*--sp = 0;                       /* ebp: ends back traces */
	*--sp = 0;                       /* ebx */
	*--sp = 0;                       /* esi */
	*--sp = 0;                       /* edi */
	t->esp = (uint32_t)sp;
	t->state = MT_RUNNABLE;
	runq_add(t);
	return t->tid;
}

mthread_t *mthread_self(void)
{
	return current;
}

void mthread_yield(void)
{
	if (!runq.head)
		return;
	runq_add(current);
	reschedule();
}

int mthread_runnable(void)
{
	return runq.head != NULL;
}

void mthread_block(void *wchan)
{
	current->state = MT_BLOCKED;
	current->wchan = wchan;
	reschedule();
}

void mthread_wakeup(mthread_t *t)
{
	if (t->state != MT_BLOCKED)
		return;
	t->state = MT_RUNNABLE;
	t->wchan = NULL;
	runq_add(t);
}

void mthread_exit(void)
{
	if (current == &main_thread)
		sys_panic("mthread: the main thread cannot exit");
	current->state = MT_DEAD;
	reschedule();
	for (;;)
		;                            /* not reached: a dead thread is never scheduled */
}
