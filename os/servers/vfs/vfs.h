/*
 * VFS: the POSIX file calls, served by worker threads (libmthread) with
 * MINIX-style three-level locks on vmnts, vnodes and filps.
 *
 * Concurrency: VFS is one process.  Only the main thread RECEIVEs (main.c);
 * it hands each request to an idle worker and each answer from a file
 * system or driver to the worker waiting for it.  A call that waits for
 * another process (a pipe, select) is suspended in its fproc without a
 * worker and revived when something changes, so any number of processes
 * can wait at once; a call waiting for a driver (a tty read) keeps its
 * worker.  Workers send their
 * requests asynchronously (SENDA, libdriver's asynsend) and sleep until
 * the main thread wakes them, so VFS never blocks in a send; the only
 * synchronous call is SENDREC to VM during exec (VM never calls VFS).
 * Threads switch only at blocking points, so data that is not guarded by
 * a lock is safe between two of them.
 *
 * Locking order (the seeds'): vmnt before vnode before filp; never a vmnt
 * lock after a filp lock.  lock.c checks the order on every acquisition.
 */
#ifndef VFS_H
#define VFS_H

#include <stdio.h>
#include <string.h>
#include <mx/callnr.h>
#include <mx/dev.h>
#include <mx/fs.h>
#include <mx/pm.h>
#include <mx/tables.h>
#include <mx/vfs.h>
#include <mx/vm.h>
#include "mxsys.h"
#include <mthread.h>
#include <driver.h>

#define NR_WORKERS    24        /* worker threads, tids 1..NR_WORKERS (< 32: lock holders are a bitmap); tid 0 is main */
#define NR_USER_WORKERS (NR_WORKERS - 1)   /* the last one serves only PM and VFS itself */
#define WORKER_STACK  (12 * 1024)
#define IO_CHUNK      4096      /* bytes a worker moves per request to a driver or FS */
#define NR_FILPS      256
#define NR_VNODES     128
#define NR_VMNTS      2         /* the root file system, and the deadlock scenario's scratch vmnt */
#define NR_PIPES      16
#define NR_PROCS      MX_NR_SLOTS
#define NR_PENDING    128       /* requests waiting for a free worker */
#define NR_LOCKS      (NR_VMNTS + NR_VNODES + 1 + NR_FILPS)
#define NO_INO        0

/* Lock modes: the seeds' three levels. */
#define TLL_NONE    MX_LM_NONE
#define TLL_READ    MX_LM_READ      /* shared */
#define TLL_READSER MX_LM_READSER   /* shared with readers, one at a time among READSER/WRITE */
#define TLL_WRITE   MX_LM_WRITE     /* exclusive */
/* What the object locks mean, as in MINIX. */
#define VMNT_READ   TLL_READ
#define VMNT_WRITE  TLL_READSER
#define VMNT_EXCL   TLL_WRITE
#define VNODE_READ  TLL_READ
#define VNODE_OPCL  TLL_READSER
#define VNODE_WRITE TLL_WRITE

/* A three-level lock.  Its public state is mirrored in "vfs.locks". */
struct tll {
	int id;                         /* index in the lock table */
	int readers;                    /* threads holding it TLL_READ */
	int owner;                      /* tid holding it READSER or WRITE, or -1 */
	int owner_mode;                 /* TLL_READSER or TLL_WRITE */
	int upgrading;                  /* the owner waits to upgrade READSER to WRITE */
	uint32_t holders;               /* bit t: thread t holds it */
	mthread_queue_t waitq;          /* threads waiting, FIFO (each says its mode) */
	int nwait;
};

struct worker;
struct vnode;

/* A mounted file system. */
struct vmnt {
	int in_use;
	uint32_t dev;
	mx_endpoint_t fs_ep;
	struct vnode *root;
	struct tll lock;
	char name[12];
};

struct pipebuf {
	int in_use;
	uint32_t head, count;           /* ring of MX_PIPE_SIZE bytes */
	uint8_t data[MX_PIPE_SIZE];
};

/* An inode in use, by number on its file system (or a pipe). */
struct vnode {
	int ref;                        /* filps, cwds, roots and workers using it; 0 = free */
	struct vmnt *vmp;               /* NULL for a pipe */
	uint32_t ino;
	uint32_t mode, size, nlink, uid, gid, rdev;
	int fs_count;                   /* references FS gave us (returned by FS_PUTNODE) */
	struct tll lock;
	struct pipebuf *pipe;           /* a pipe's buffer */
	int readers, writers;           /* open ends of a pipe */
};

/* An open file description. */
struct filp {
	int count;                      /* descriptors and workers using it; 0 = free */
	uint32_t flags;                 /* MX_O_* access mode and status flags */
	uint32_t pos;
	struct vnode *vp;
	struct tll lock;
};

/* Why a process's call is suspended without a worker (it waits for another process). */
enum susp_kind { SUSP_NONE, SUSP_PIPE, SUSP_SELECT };

/* A process as VFS knows it. */
struct fproc {
	mx_endpoint_t ep;               /* MX_NONE if free */
	int pid;
	struct filp *fd[MX_OPEN_MAX];
	uint32_t cloexec;               /* bit n: descriptor n closes at exec */
	struct vnode *cwd, *root;
	char cwd_path[MX_PATH_MAX];
	struct worker *worker;          /* serving its call now, or NULL */
	struct worker *pm_waiter;       /* PM's exit or unpause waiting for that call to end */
	uint32_t umask;
	mx_fproc_ent *pub;
	/*
	 * A suspended call: a read or write of a pipe, or a select, that must
	 * wait for another process holds no worker.  It is kept here and run
	 * again (revived) when something changes, until it can finish.
	 */
	enum susp_kind susp;
	int revive;                     /* run it again as soon as a worker is free */
	mx_message susp_msg;            /* the call */
	uint32_t susp_done;             /* bytes a pipe write has moved already */
	struct filp *susp_filp;         /* held while suspended */
	struct vnode *susp_vp;          /* the pipe it waits for */
	uint64_t susp_deadline;         /* select: clock tick of the timeout, 0 = none */
	int in_select;                  /* a worker is looking at its select now */
	int sel_changed;                /* ... and something changed meanwhile */
};

/* Why a worker sleeps. */
enum wait_kind { W_NONE, W_REPLY, W_LOCK, W_JOB };

/* An internal job run by a worker in place of a request. */
typedef void (*job_fn)(struct worker *w);

struct worker {
	mthread_t thr;
	int tid;
	mx_thread_ent *pub;
	/* The job. */
	int busy;
	mx_message msg;                 /* the request; its body becomes the reply's */
	mx_endpoint_t client;
	struct fproc *fp;               /* the caller's (or the process PM names) */
	job_fn job;                     /* internal job, or NULL */
	/* Waiting. */
	enum wait_kind wait;
	uint32_t tag;                   /* of the request in flight */
	mx_endpoint_t wait_from;
	int got_reply;
	mx_message reply;
	int cancelled;                  /* the caller got a signal (EINTR) or exited */
	uint32_t minor_waiting;         /* device request in flight: its minor (for DEV_CANCEL) */
	int grant;                      /* grant of the request in flight, or -1 */
	struct fproc *revive_fp;        /* the job revives this process's suspended call */
	uint32_t resume_done;           /* ... which had moved this many bytes */
	uint64_t resume_deadline;       /* ... and has this select timeout */
	struct tll *want;               /* lock waited for */
	int want_mode;
	/* Locks held (for order checks and clean-up). */
	struct tll *held[8];
	int held_mode[8];
	int nheld;
	/* Buffers. */
	char path[MX_PATH_MAX];
	char path2[MX_PATH_MAX];
	uint8_t buf[IO_CHUNK];
	uint32_t stack[WORKER_STACK / 4];
};

/* Helpers for handlers */
#define BODY(w, type) MX_BODY(&(w)->msg, type)

#endif
