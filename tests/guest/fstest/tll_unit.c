/*
 * The three-level lock module of VFS (os/servers/vfs/lock.c) compiled
 * into this test on its own, with threads of our own standing in for
 * VFS's workers, so its semantics can be checked step by step:
 * scripted threads take and release locks, and the tests look at who got
 * what, in which order, and at the table entries mirroring each lock.
 */
#include "../../../os/servers/vfs/lock.c"
#include "fstest.h"

/* What lock.c needs from the rest of VFS. */
struct worker workers[NR_WORKERS + 1];
static mx_thread_ent pubs[NR_WORKERS + 1];
mx_endpoint_t vfs_self;
int lock_trace = 0;

struct worker *self(void)
{
	return mthread_self()->user;
}

void thread_state(struct worker *w, uint32_t state, int lock, int mode, mx_endpoint_t ipc)
{
	w->pub->state = state;
	w->pub->lock_wait = lock;
	w->pub->lock_mode = (uint32_t)mode;
}

void worker_sleep(struct worker *w, enum wait_kind why)
{
	w->wait = why;
	mthread_block(w);
	w->wait = W_NONE;
}

/* ---- scripted threads ---------------------------------------------------------- */

enum { END, LOCK, UNLOCK, UPGRADE, DOWN, GATE };
struct op { int kind, lock, mode; };
#define NT 8

static struct tll L[4];
static const struct op *prog[NT];
static int seq, done_at[NT][8], gates_open[NT], gates_passed[NT], finished[NT];
static mthread_cond_t gate_cv[NT];

static void body(void *arg)
{
	struct worker *w = arg;
	int t = w->tid;
	for (int k = 0; prog[t][k].kind != END; k++) {
		const struct op *o = &prog[t][k];
		switch (o->kind) {
		case LOCK:    tll_lock(&L[o->lock], o->mode); break;
		case UNLOCK:  tll_unlock(&L[o->lock]); break;
		case UPGRADE: tll_upgrade(&L[o->lock]); break;
		case DOWN:    tll_downgrade(&L[o->lock], o->mode); break;
		case GATE:
			while (gates_open[t] <= gates_passed[t])
				mthread_cond_wait(&gate_cv[t], NULL);
			gates_passed[t]++;
			break;
		}
		done_at[t][k] = ++seq;
	}
	finished[t] = 1;
}

/* Let every thread run until all of them wait. */
static void settle_threads(void)
{
	while (mthread_runnable())
		mthread_yield();
}

static void start(int t, const struct op *ops)
{
	struct worker *w = &workers[t];
	prog[t] = ops;
	memset(done_at[t], 0, sizeof(done_at[t]));
	gates_open[t] = gates_passed[t] = finished[t] = 0;
	mthread_cond_init(&gate_cv[t]);
	w->tid = t;
	w->pub = &pubs[t];
	w->nheld = 0;
	w->want = NULL;
	mthread_create(&w->thr, "tll", body, w, w->stack, sizeof(w->stack));
	w->thr.user = w;
	settle_threads();
}

static void open_gate(int t)
{
	gates_open[t]++;
	mthread_cond_signal(&gate_cv[t]);
	settle_threads();
}

static void fresh(int n)
{
	static const uint32_t kinds[4] = { MX_LK_VNODE, MX_LK_VNODE, MX_LK_FILP, MX_LK_VMNT };
	for (int i = 0; i < n; i++)
		tll_setup(&L[i], 100 + i, kinds[i], (uint32_t)i, "test lock");
	mthread_self()->user = NULL;
}

static const mx_lock_ent *pub(int i) { return &lock_tab[L[i].id]; }

#define DONE(t, k) (done_at[t][k] != 0)

int t_tll_read_shared(void)
{
	static const struct op r[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, r);
	start(2, r);
	T_CHECK(DONE(1, 0) && DONE(2, 0), "two readers did not both get the lock");
	T_EQ(pub(0)->mode, MX_LM_READ, "table: mode");
	T_EQ(pub(0)->readers, 2, "table: readers");
	T_EQ(pub(0)->holders, (1u << 1) | (1u << 2), "table: holders");
	T_EQ(pub(0)->owner, -1, "table: owner");
	open_gate(1);
	open_gate(2);
	T_CHECK(finished[1] && finished[2], "readers did not finish");
	T_EQ(pub(0)->mode, MX_LM_NONE, "table: mode after release");
	T_EQ(pub(0)->holders, 0, "table: holders after release");
	return 0;
}

int t_tll_readser_serialised(void)
{
	static const struct op rs_hold[] = { { LOCK, 0, TLL_READSER }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rs[] = { { LOCK, 0, TLL_READSER }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rd[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, rs_hold);
	start(3, rd);
	T_CHECK(DONE(3, 0), "a reader waits for a READSER holder");
	start(2, rs);
	T_CHECK(!DONE(2, 0), "two READSER holders at once");
	T_EQ(pub(0)->mode, MX_LM_READSER, "table: mode");
	T_EQ(pub(0)->owner, 1, "table: owner");
	T_EQ(pub(0)->readers, 1, "table: readers");
	T_EQ(pub(0)->waiters, 1, "table: waiters");
	T_EQ(pubs[2].state, MX_TS_LOCK_WAIT, "thread table: the waiter's state");
	T_EQ(pubs[2].lock_wait, L[0].id, "thread table: the lock it waits for");
	T_EQ(pubs[2].lock_mode, MX_LM_READSER, "thread table: the mode it waits for");
	open_gate(1);
	T_CHECK(DONE(2, 0), "the second READSER did not get it after the first left");
	T_EQ(pub(0)->owner, 2, "table: new owner");
	open_gate(2);
	open_gate(3);
	T_EQ(pub(0)->holders, 0, "all released");
	return 0;
}

int t_tll_write_exclusive(void)
{
	static const struct op rd[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op wr[] = { { LOCK, 0, TLL_WRITE }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, rd);
	start(2, wr);
	T_CHECK(!DONE(2, 0), "a writer got the lock while a reader held it");
	start(3, rd);
	T_CHECK(!DONE(3, 0), "a reader overtook a waiting writer");
	T_EQ(pub(0)->waiters, 2, "table: waiters");
	open_gate(1);
	T_CHECK(DONE(2, 0) && !DONE(3, 0), "the writer did not get the lock alone");
	T_EQ(pub(0)->mode, MX_LM_WRITE, "table: mode");
	T_EQ(pub(0)->holders, 1u << 2, "table: holders");
	open_gate(2);
	T_CHECK(DONE(3, 0), "the reader did not get the lock after the writer");
	open_gate(3);
	return 0;
}

int t_tll_fifo(void)
{
	static const struct op wr[] = { { LOCK, 0, TLL_WRITE }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rs[] = { { LOCK, 0, TLL_READSER }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rd[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, wr);
	start(2, rs);
	start(3, rd);
	start(4, wr);
	start(5, rd);
	open_gate(1);
	/* The release hands it to the head of the queue and every compatible one after it, in order. */
	T_CHECK(DONE(2, 0) && DONE(3, 0), "READSER and READ at the head were not both granted");
	T_CHECK(done_at[2][0] < done_at[3][0], "granted out of order");
	T_CHECK(!DONE(4, 0) && !DONE(5, 0), "a writer or a reader behind it was granted too early");
	open_gate(2);
	open_gate(3);
	T_CHECK(DONE(4, 0) && !DONE(5, 0), "the second writer did not get it alone");
	open_gate(4);
	T_CHECK(DONE(5, 0), "the last reader starved");
	open_gate(5);
	return 0;
}

int t_tll_upgrade(void)
{
	static const struct op up[] = { { LOCK, 0, TLL_READSER }, { GATE, 0, 0 }, { UPGRADE, 0, 0 }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rd[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, up);
	start(2, rd);
	open_gate(1);
	T_CHECK(!DONE(1, 2), "upgraded while a reader holds the lock");
	T_EQ(pubs[1].state, MX_TS_LOCK_WAIT, "thread table: the upgrader waits");
	T_EQ(pubs[1].lock_mode, MX_LM_WRITE, "thread table: for write");
	start(3, rd);
	T_CHECK(!DONE(3, 0), "a new reader overtook a pending upgrade");
	open_gate(2);
	T_CHECK(DONE(1, 2), "the upgrade did not complete when the reader left");
	T_EQ(pub(0)->mode, MX_LM_WRITE, "table: mode after the upgrade");
	T_CHECK(!DONE(3, 0), "a reader got in while the lock is held for writing");
	open_gate(1);
	T_CHECK(DONE(3, 0), "the reader did not get it after the writer");
	open_gate(3);
	/* Only the READSER holder may upgrade. */
	struct worker *me = &workers[0];
	me->tid = 0;
	me->pub = &pubs[0];
	mthread_self()->user = me;
	tll_lock(&L[0], TLL_READ);
	int r = tll_upgrade(&L[0]);
	tll_unlock(&L[0]);
	mthread_self()->user = NULL;
	T_EQ(r, -MX_EINVAL, "upgrading a read lock");
	return 0;
}

int t_tll_downgrade(void)
{
	static const struct op wr[] = { { LOCK, 0, TLL_WRITE }, { GATE, 0, 0 }, { DOWN, 0, TLL_READSER }, { GATE, 0, 0 },
					{ DOWN, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rd[] = { { LOCK, 0, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	static const struct op rs[] = { { LOCK, 0, TLL_READSER }, { GATE, 0, 0 }, { UNLOCK, 0, 0 }, { END, 0, 0 } };
	fresh(1);
	start(1, wr);
	start(2, rd);
	start(3, rs);
	T_CHECK(!DONE(2, 0) && !DONE(3, 0), "waiters got a write-locked lock");
	open_gate(1);
	T_CHECK(DONE(2, 0), "WRITE to READSER did not let the reader in");
	T_CHECK(!DONE(3, 0), "WRITE to READSER let another READSER in");
	T_EQ(pub(0)->mode, MX_LM_READSER, "table: mode");
	open_gate(1);
	T_CHECK(DONE(3, 0), "READSER to READ did not let the READSER waiter in");
	T_EQ(pub(0)->readers, 2, "table: readers");
	T_EQ(pub(0)->owner, 3, "table: owner");
	open_gate(1);
	open_gate(2);
	open_gate(3);
	T_EQ(pub(0)->holders, 0, "all released");
	return 0;
}

int t_tll_table_mirror(void)
{
	static const struct op rd[] = { { LOCK, 1, TLL_READ }, { GATE, 0, 0 }, { UNLOCK, 1, 0 }, { END, 0, 0 } };
	fresh(2);
	T_EQ(pub(1)->id, L[1].id, "table: id of a lock in use");
	T_EQ(pub(1)->kind, MX_LK_VNODE, "table: kind");
	uint32_t since = pub(1)->since_lo;
	start(1, rd);
	T_CHECK(pub(1)->since_lo != since || pub(1)->since_hi != 0, "table: since did not move");
	T_EQ(pub(1)->mode, MX_LM_READ, "table: mode");
	open_gate(1);
	tll_retire(&L[1]);
	T_EQ(lock_tab[L[1].id].id, -1, "table: a retired lock reads as free");
	return 0;
}

int t_tll_order_check(void)
{
	static const struct op good[] = { { LOCK, 3, TLL_READ }, { LOCK, 0, TLL_READ }, { LOCK, 2, TLL_WRITE },
					  { UNLOCK, 2, 0 }, { UNLOCK, 0, 0 }, { UNLOCK, 3, 0 }, { END, 0, 0 } };
	static const struct op bad[] = { { LOCK, 2, TLL_WRITE }, { LOCK, 3, TLL_READ }, { UNLOCK, 3, 0 }, { UNLOCK, 2, 0 }, { END, 0, 0 } };
	fresh(4);                                 /* 0, 1 vnodes, 2 filp, 3 vmnt */
	int before = lock_order_violations;
	start(1, good);
	T_CHECK(finished[1], "the good order did not finish");
	T_EQ(lock_order_violations, before, "vmnt, vnode, filp counted as a violation");
	start(2, bad);
	T_CHECK(finished[2], "the bad order did not finish");
	T_EQ(lock_order_violations, before + 1, "a vmnt lock after a filp lock was not noticed");
	return 0;
}

/* The seeds' thread A / thread B deadlock, on the lock module alone. */
int t_tll_seed_deadlock(void)
{
	static const struct op a[] = { { LOCK, 3, TLL_READSER }, { LOCK, 0, TLL_READSER }, { GATE, 0, 0 },
				       { UPGRADE, 3, 0 }, { END, 0, 0 } };
	static const struct op b[] = { { LOCK, 3, TLL_READ }, { LOCK, 0, TLL_READSER }, { END, 0, 0 } };
	fresh(4);
	start(6, a);
	start(7, b);
	T_CHECK(DONE(7, 0) && !DONE(7, 1), "thread B should hold the vmnt for reading and wait for the vnode");
	open_gate(6);
	T_CHECK(!DONE(6, 3), "thread A upgraded although B reads the vmnt");
	T_EQ(pubs[6].state, MX_TS_LOCK_WAIT, "A waits");
	T_EQ(pubs[6].lock_wait, L[3].id, "A waits for the vmnt");
	T_EQ(pubs[7].lock_wait, L[0].id, "B waits for the vnode");
	T_EQ(pub(3)->holders, (1u << 6) | (1u << 7), "vmnt holders: A and B");
	T_EQ(pub(0)->holders, 1u << 6, "vnode holder: A");
	T_CHECK(!mthread_runnable(), "someone can still run");
	return 0;                                 /* A and B stay blocked: that is the point */
}
