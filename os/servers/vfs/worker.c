/*
 * Worker threads and the jobs they run.  The main thread (main.c) gives
 * each request to an idle worker (dispatch), or queues it until one is
 * free; PM's requests may also use the last worker, which users' requests
 * never get, so an exit or unpause is always served.  A worker that sends
 * a request to a file system or driver sleeps in wait_reply until the
 * main thread hands it the answer with the same tag (deliver_reply).
 * A suspended call (susp.c) is revived by handing it to the next free
 * worker before any queued request.  "vfs.threads" mirrors every worker's
 * state in place.
 */
#include "proto.h"

struct worker workers[NR_WORKERS + 1];        /* [0] describes the main thread */
mx_thread_ent thread_tab[NR_WORKERS + 1];

static mx_message pending[NR_PENDING];
static int pend_head, pend_count;
static uint32_t tag_seq;
static int nrevive;                     /* fprocs with revive set */
static int revive_scan;

typedef int (*vfs_handler)(struct worker *w);
extern const vfs_handler vfs_calls[];
extern const int vfs_ncalls;

static const mx_field thread_fields[] = {
	MX_TABLE_FIELD(mx_thread_ent, tid, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, state, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, client, MX_FK_EP),
	MX_TABLE_FIELD(mx_thread_ent, req, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, lock_wait, MX_FK_I32),
	MX_TABLE_FIELD(mx_thread_ent, lock_mode, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, ipc_wait, MX_FK_EP),
	MX_TABLE_FIELD(mx_thread_ent, since_lo, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, since_hi, MX_FK_U32),
	MX_TABLE_FIELD(mx_thread_ent, name, MX_FK_STR),
};

/* The running worker, or NULL on the main thread. */
struct worker *self(void)
{
	mthread_t *t = mthread_self();
	return t->tid == 0 ? NULL : t->user;
}

void thread_state(struct worker *w, uint32_t state, int lock, int mode, mx_endpoint_t ipc)
{
	mx_thread_ent *e = w->pub;
	uint64_t now = read_tsc();
	e->state = state;
	e->lock_wait = lock;
	e->lock_mode = (uint32_t)mode;
	e->ipc_wait = ipc;
	e->since_lo = (uint32_t)now;
	e->since_hi = (uint32_t)(now >> 32);
}

void worker_sleep(struct worker *w, enum wait_kind why)
{
	w->wait = why;
	mthread_block(w);
	w->wait = W_NONE;
}

void worker_wake(struct worker *w)
{
	mthread_wakeup(&w->thr);
}

void reply_to(mx_endpoint_t ep, int result, mx_message *m)
{
	m->m_type = result;
	mx_sendnb(ep, m);
}

/* Run one job: a request (through the call table) or an internal job. */
static void run_job(struct worker *w)
{
	mx_message *m = &w->msg;
	int r;
	w->cancelled = 0;
	if (w->job) {
		thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
		w->job(w);
		unlock_all(w);
		return;
	}
	struct filp *held = NULL;
	w->resume_done = 0;
	w->resume_deadline = 0;
	if (w->revive_fp) {
		/* A suspended call runs again, from where it stopped. */
		struct fproc *fp = w->revive_fp;
		if (fp->susp == SUSP_NONE)
			return;                        /* a signal or exit ended it meanwhile */
		w->resume_done = fp->susp_done;
		w->resume_deadline = fp->susp_deadline;
		held = fp->susp_filp;
		fp->susp = SUSP_NONE;
		fp->susp_filp = NULL;
		fp->susp_vp = NULL;
		m->m_source = fp->ep;
	}
	int idx = m->m_type - MX_VFS_BASE;
	w->client = m->m_source;
	w->pub->client = w->client;
	w->pub->req = m->m_type;
	thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
	int pm_call = m->m_type >= MX_VFS_PM_FORK && m->m_type <= MX_VFS_PM_SETPID;
	if (idx < 0 || idx >= vfs_ncalls || !vfs_calls[idx]) {
		r = -MX_ENOSYS;
	} else if (pm_call && m->m_source != MX_PM) {
		r = -MX_EPERM;
	} else {
		w->fp = pm_call ? NULL : fproc_get(m->m_source, 1);
		if (!pm_call && !w->fp) {
			r = -MX_EINVAL;
		} else {
			if (w->fp) {
				w->fp->worker = w;
				fproc_update(w->fp);
			}
			r = vfs_calls[idx](w);
			unlock_all(w);
			if (held)
				put_filp(w, held);
			if (w->fp && w->fp->worker == w) {
				w->fp->worker = NULL;
				fproc_update(w->fp);
				if (w->fp->pm_waiter)
					worker_wake(w->fp->pm_waiter);
			}
		}
	}
	if (r != -MX_EDONTREPLY)
		reply_to(w->client, r, m);
}

static int take_pending(struct worker *w);

static void worker_main(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		while (!w->busy) {
			thread_state(w, MX_TS_IDLE, -1, TLL_NONE, MX_NONE);
			w->pub->client = MX_NONE;
			w->pub->req = 0;
			worker_sleep(w, W_JOB);
		}
		run_job(w);
		w->job = NULL;
		w->revive_fp = NULL;
		w->fp = NULL;
		w->client = MX_NONE;
		w->busy = 0;
		take_pending(w);
	}
}

void worker_init(void)
{
	for (int i = 0; i <= NR_WORKERS; i++) {
		struct worker *w = &workers[i];
		w->tid = i;
		w->pub = &thread_tab[i];
		w->pub->tid = i;
		w->pub->client = MX_NONE;
		w->pub->ipc_wait = MX_NONE;
		w->pub->lock_wait = -1;
		w->client = MX_NONE;
		w->minor_waiting = 0xffffffffu;
		w->grant = -1;
		if (i == 0) {
			strncpy(w->pub->name, "main", sizeof(w->pub->name) - 1);
			w->pub->state = MX_TS_RUNNING;
			mthread_self()->user = w;
			continue;
		}
		snprintf(w->pub->name, sizeof(w->pub->name), "worker%d", i);
		w->thr.user = w;
		int tid = mthread_create(&w->thr, w->pub->name, worker_main, w, w->stack, sizeof(w->stack));
		w->thr.user = w;
		if (tid != i)
			sys_panic("worker %d got thread id %d", i, tid);
	}
	PUBLISH_TABLE("vfs.threads", thread_tab, NR_WORKERS + 1, sizeof(mx_thread_ent), thread_fields);
}

static int is_pm_request(const mx_message *m)
{
	return m->m_source == MX_PM;
}

/* An idle worker for m (the reserved one only for PM), or NULL. */
static struct worker *idle_worker(int reserved_ok)
{
	int last = reserved_ok ? NR_WORKERS : NR_USER_WORKERS;
	for (int i = 1; i <= last; i++)
		if (!workers[i].busy)
			return &workers[i];
	return NULL;
}

static void give(struct worker *w, const mx_message *m, job_fn job, struct fproc *fp)
{
	w->busy = 1;
	w->job = job;
	w->fp = fp;
	if (m)
		w->msg = *m;
	worker_wake(w);
}

/* Start an internal job on an idle worker; -EAGAIN if none is free. */
int start_job(job_fn fn, struct fproc *fp, int reserved)
{
	struct worker *w = idle_worker(reserved);
	if (!w)
		return -MX_EAGAIN;
	give(w, NULL, fn, fp);
	w->pub->client = fp ? fp->ep : MX_NONE;
	return w->tid;
}

/* A request arrived (main thread). */
void dispatch(mx_message *m)
{
	struct worker *w = NULL;
	if (is_pm_request(m))
		w = idle_worker(1);                /* PM does not wait behind users */
	else if (pend_count == 0)
		w = idle_worker(0);
	if (w) {
		give(w, m, NULL, NULL);
		return;
	}
	queue_request(m);
}

/* Hold m until a worker is free (or the root is mounted). */
void queue_request(mx_message *m)
{
	if (pend_count == NR_PENDING) {
		mx_message r;
		memset(&r, 0, sizeof(r));
		reply_to(m->m_source, -MX_EAGAIN, &r);
		return;
	}
	pending[(pend_head + pend_count++) % NR_PENDING] = *m;
}

/* Give queued requests to idle workers (main thread). */
void kick_pending(void)
{
	struct worker *w;
	while (nrevive > 0 && (w = idle_worker(0)) && take_pending(w))
		worker_wake(w);
	while (pend_count > 0 && (w = idle_worker(is_pm_request(&pending[pend_head])))) {
		take_pending(w);
		worker_wake(w);
	}
}

/* Run fp's suspended call again as soon as a worker is free. */
void revive(struct fproc *fp)
{
	if (fp->susp == SUSP_NONE || fp->revive)
		return;
	fp->revive = 1;
	nrevive++;
}

/* The next process whose call is to be revived (round robin), or NULL. */
static struct fproc *take_revival(void)
{
	if (nrevive == 0)
		return NULL;
	for (int n = 0; n < NR_PROCS; n++) {
		struct fproc *fp = &fproc[(revive_scan + n) % NR_PROCS];
		if (fp->revive) {
			revive_scan = (revive_scan + n + 1) % NR_PROCS;
			fp->revive = 0;
			nrevive--;
			if (fp->susp != SUSP_NONE && fp->ep != MX_NONE)
				return fp;
		}
	}
	nrevive = 0;
	return NULL;
}

/*
 * A worker that just became idle takes work: a revived call first (those
 * are calls already under way), then the oldest queued request it may serve.
 */
static int take_pending(struct worker *w)
{
	struct fproc *fp;
	if (w->tid <= NR_USER_WORKERS && (fp = take_revival())) {
		w->msg = fp->susp_msg;
		w->revive_fp = fp;
		w->busy = 1;
		w->job = NULL;
		return 1;
	}
	if (pend_count == 0)
		return 0;
	if (w->tid > NR_USER_WORKERS && !is_pm_request(&pending[pend_head]))
		return 0;
	w->msg = pending[pend_head];
	pend_head = (pend_head + 1) % NR_PENDING;
	pend_count--;
	w->busy = 1;
	w->job = NULL;
	return 1;
}

/* ---- requests to file systems and drivers ----------------------------------- */

/*
 * Send m to dst asynchronously and sleep until the answer with its tag
 * arrives; m gets the answer.  The tag is the first body word of every FS
 * and DEV request: worker id in the top byte, a sequence below.
 */
int wait_reply(struct worker *w, mx_endpoint_t dst, mx_message *m)
{
	w->tag = MX_VFS_TAG(w->tid, ++tag_seq);
	m->m_u.w[0] = w->tag;
	w->wait_from = dst;
	w->got_reply = 0;
	thread_state(w, MX_TS_IPC_WAIT, -1, TLL_NONE, dst);
	int r = asynsend(dst, m);
	if (r < 0) {
		thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
		w->wait_from = MX_NONE;
		return r;
	}
	while (!w->got_reply)
		worker_sleep(w, W_REPLY);
	*m = w->reply;
	w->wait_from = MX_NONE;
	thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
	return 0;
}

/* The driver at ep is gone: every worker waiting for it gets an EIO answer (main thread). */
void abort_waits(mx_endpoint_t ep)
{
	for (int i = 1; i <= NR_WORKERS; i++) {
		struct worker *w = &workers[i];
		if (w->wait_from != ep || w->got_reply)
			continue;
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_source = ep;
		m.m_type = MX_DEV_REPLY;
		MX_BODY(&m, struct dev_reply)->tag = w->tag;
		MX_BODY(&m, struct dev_reply)->status = -MX_EIO;
		deliver_reply(&m, w->tag);
	}
}

/* An answer from a file system or driver (main thread). */
void deliver_reply(mx_message *m, uint32_t tag)
{
	uint32_t tid = tag >> 24;
	if (tid >= 1 && tid <= NR_WORKERS) {
		struct worker *w = &workers[tid];
		if (w->wait_from == m->m_source && w->tag == tag && !w->got_reply) {
			w->reply = *m;
			w->got_reply = 1;
			thread_state(w, MX_TS_READY, -1, TLL_NONE, MX_NONE);
			worker_wake(w);
			return;
		}
	}
	sys_printf("vfs: stray answer type %#x tag %#x from %d\n", m->m_type, tag, m->m_source);
}
