/* VFS's functions, grouped by the file they live in. */
#ifndef VFS_PROTO_H
#define VFS_PROTO_H

#include "vfs.h"

/* main.c */
extern mx_endpoint_t vfs_self;
extern int debug_deadlock_enabled;
extern int lock_trace;
extern uint32_t clock_hz;
int is_driver_or_fs(mx_endpoint_t ep);

/* worker.c */
extern struct worker workers[NR_WORKERS + 1];
extern mx_thread_ent thread_tab[NR_WORKERS + 1];
void worker_init(void);
struct worker *self(void);
void dispatch(mx_message *m);
void queue_request(mx_message *m);
void kick_pending(void);
int start_job(job_fn fn, struct fproc *fp, int reserved);
void deliver_reply(mx_message *m, uint32_t tag);
int wait_reply(struct worker *w, mx_endpoint_t from, mx_message *m);
void thread_state(struct worker *w, uint32_t state, int lock, int mode, mx_endpoint_t ipc);
void worker_sleep(struct worker *w, enum wait_kind why);
void worker_wake(struct worker *w);
void revive(struct fproc *fp);
void reply_to(mx_endpoint_t ep, int result, mx_message *m);

/* susp.c */
void suspend(struct worker *w, enum susp_kind why, struct filp *f, struct vnode *vp, uint32_t done);
void arm_alarm(void);
void clock_expired(void);

/* lock.c */
extern struct tll *lock_by_id[NR_LOCKS];
extern mx_lock_ent lock_tab[NR_LOCKS];
extern int lock_order_violations;
void lock_init(void);
void tll_setup(struct tll *l, int id, uint32_t kind, uint32_t obj, const char *name);
void tll_retire(struct tll *l);
int tll_lock(struct tll *l, int mode);
int tll_trylock(struct tll *l, int mode);
void tll_unlock(struct tll *l);
int tll_upgrade(struct tll *l);
void tll_downgrade(struct tll *l, int mode);
int tll_held(struct tll *l);
void unlock_all(struct worker *w);
#define lock_vmnt(vmp, mode)   tll_lock(&(vmp)->lock, mode)
#define unlock_vmnt(vmp)       tll_unlock(&(vmp)->lock)
#define lock_vnode(vp, mode)   tll_lock(&(vp)->lock, mode)
#define unlock_vnode(vp)       tll_unlock(&(vp)->lock)
#define lock_filp(f, mode)     tll_lock(&(f)->lock, mode)
#define unlock_filp(f)         tll_unlock(&(f)->lock)

/* fproc.c */
extern struct fproc fproc[NR_PROCS];
void fproc_init(void);
struct fproc *fproc_get(mx_endpoint_t ep, int create);
void fproc_update(struct fproc *fp);
int do_pm_fork(struct worker *w);
int do_pm_exit(struct worker *w);
int do_pm_setpid(struct worker *w);
int do_pm_unpause(struct worker *w);
void end_suspended(struct worker *w, struct fproc *fp, int reply);
void fproc_release(struct worker *w, struct fproc *fp);

/* filp.c */
extern struct filp filps[NR_FILPS];
struct filp *get_filp(struct fproc *fp, int fd);
void put_filp(struct worker *w, struct filp *f);
struct filp *new_filp(struct vnode *vp, uint32_t flags);
int get_fd(struct fproc *fp, int from);
void close_filp(struct worker *w, struct filp *f);
int close_fd(struct worker *w, struct fproc *fp, int fd);

/* vnode.c */
extern struct vnode vnodes[NR_VNODES];
extern struct vmnt vmnts[NR_VMNTS];
void vnode_init(void);
struct vnode *find_vnode(struct vmnt *vmp, uint32_t ino);
struct vnode *get_vnode(struct vmnt *vmp, const struct fs_node *n);
struct vnode *new_pipe_vnode(void);
void dup_vnode(struct vnode *vp);
void put_vnode(struct worker *w, struct vnode *vp);

/* path.c */
int fetch_path(struct worker *w, mx_endpoint_t who, uint32_t addr, uint32_t len, char *dst);
int eat_path(struct worker *w, struct fproc *fp, const char *path, int vmnt_mode, int vnode_mode,
	     struct vmnt **vmpp, struct vnode **vpp);
int last_dir(struct worker *w, struct fproc *fp, char *path, int vmnt_mode,
	     struct vmnt **vmpp, struct vnode **dirp, char **name);
void put_path(struct worker *w, struct vmnt *vmp, struct vnode *vp);
int split_path(char *path, char *dir, char **name);
int resolve_dir(struct worker *w, struct fproc *fp, struct vmnt *vmp, const char *dir, struct vnode **vpp);
int canon_path(const char *cwd, const char *path, char *out);

/* request.c */
int req_lookup(struct worker *w, struct vmnt *vmp, uint32_t dir, uint32_t root, const char *path,
	       struct fs_node *res);
int req_create(struct worker *w, struct vmnt *vmp, int call, uint32_t dir, const char *name,
	       uint32_t mode, uint32_t rdev, struct fs_node *res);
int req_unlink(struct worker *w, struct vmnt *vmp, int call, uint32_t dir, const char *name);
int req_rename(struct worker *w, struct vmnt *vmp, uint32_t odir, const char *oname,
	       uint32_t ndir, const char *nname);
int req_stat(struct worker *w, struct vnode *vp, struct mx_stat *st);
int req_readwrite(struct worker *w, struct vnode *vp, uint32_t pos, uint32_t len, int write,
		  uint32_t *bytes);
int req_getdents(struct worker *w, struct vnode *vp, uint32_t pos, uint32_t len, uint32_t *bytes,
		 uint32_t *next);
int req_trunc(struct worker *w, struct vnode *vp, uint32_t len);
int req_putnode(struct worker *w, struct vmnt *vmp, uint32_t ino, int count);
int req_mountroot(struct worker *w, struct vmnt *vmp, struct fs_mountroot *res);
int req_sync(struct worker *w, struct vmnt *vmp);
uint32_t grant_set(struct worker *w, mx_endpoint_t to, void *addr, uint32_t len, int access);
void grant_clear(struct worker *w);
int fs_call(struct worker *w, mx_endpoint_t fs, int type, mx_message *m);
int copy_to_user(struct worker *w, mx_endpoint_t ep, uint32_t addr, const void *src, uint32_t len);
int copy_from_user(struct worker *w, mx_endpoint_t ep, uint32_t addr, void *dst, uint32_t len);

/* device.c */
extern mx_dmap_ent dmap[MX_NR_MAJORS];
void dmap_init(void);
void dmap_follow(void);
void abort_waits(mx_endpoint_t ep);
int dev_open(struct worker *w, struct fproc *fp, uint32_t dev, uint32_t flags);
int dev_close(struct worker *w, uint32_t dev);
int dev_io(struct worker *w, uint32_t dev, int write, uint32_t pos, uint32_t len, uint32_t flags,
	   uint32_t *bytes);
int dev_ioctl(struct worker *w, uint32_t dev, uint32_t req, uint32_t len);
int dev_select(struct worker *w, uint32_t dev, uint32_t ops);
void dev_sel_event(mx_message *m);
int dev_cancel(struct worker *w);
uint32_t dev_map(uint32_t dev);

/* open.c */
int do_open(struct worker *w);
int do_close(struct worker *w);
int do_mkdir(struct worker *w);
int do_unlink(struct worker *w);
int do_rename(struct worker *w);

/* read.c */
int do_read(struct worker *w);
int do_write(struct worker *w);
int do_lseek(struct worker *w);
int do_getdents(struct worker *w);
int do_ftruncate(struct worker *w);
int do_sync(struct worker *w);

/* pipe.c */
int do_pipe(struct worker *w);
int pipe_rw(struct worker *w, struct filp *f, int write, uint32_t buf, uint32_t len);
int pipe_ready(struct vnode *vp, uint32_t ops);
void pipe_close_end(struct vnode *vp, uint32_t flags);
void pipe_wakeup(struct vnode *vp);

/* stat.c */
int do_stat(struct worker *w);
int do_fstat(struct worker *w);
int do_access(struct worker *w);
int do_chdir(struct worker *w);
int do_getcwd(struct worker *w);

/* misc.c */
int do_dup(struct worker *w);
int do_fcntl(struct worker *w);
int do_ioctl(struct worker *w);
int do_mmap_file(struct worker *w);

/* select.c */
int do_select(struct worker *w);
void select_wakeup(void);

/* exec.c */
int do_pm_exec(struct worker *w);

/* debug.c */
int do_debug_deadlock(struct worker *w);

#endif
