/* Raw VFS calls (see vfscall.h). */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include "vfscall.h"

int v_call(mx_endpoint_t srv, int type, mx_message *m)
{
	m->m_type = type;
	int r = mx_sendrec(srv, m);
	return r < 0 ? r : m->m_type;
}

static mx_message *clear(mx_message *m)
{
	memset(m, 0, sizeof(*m));
	return m;
}

static int path_call(int type, const char *path, uint32_t mode)
{
	mx_message m;
	struct vfs_path *a = MX_BODY(clear(&m), struct vfs_path);
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)strlen(path);
	a->mode = mode;
	return v_call(MX_VFS, type, &m);
}

int v_open(const char *path, uint32_t flags, uint32_t mode)
{
	mx_message m;
	struct vfs_open *a = MX_BODY(clear(&m), struct vfs_open);
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)strlen(path);
	a->flags = flags;
	a->mode = mode;
	return v_call(MX_VFS, MX_VFS_OPEN, &m);
}

int v_close(int fd)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_close)->fd = fd;
	return v_call(MX_VFS, MX_VFS_CLOSE, &m);
}

static int io(int type, int fd, const void *buf, uint32_t len)
{
	mx_message m;
	struct vfs_io *a = MX_BODY(clear(&m), struct vfs_io);
	a->fd = fd;
	a->buf = (uint32_t)buf;
	a->len = len;
	return v_call(MX_VFS, type, &m);
}

int v_read(int fd, void *buf, uint32_t len) { return io(MX_VFS_READ, fd, buf, len); }
int v_write(int fd, const void *buf, uint32_t len) { return io(MX_VFS_WRITE, fd, buf, len); }
int v_getdents(int fd, void *buf, uint32_t len) { return io(MX_VFS_GETDENTS, fd, buf, len); }

int v_lseek(int fd, int32_t off, int whence)
{
	mx_message m;
	struct vfs_lseek *a = MX_BODY(clear(&m), struct vfs_lseek);
	a->fd = fd;
	a->offset = off;
	a->whence = whence;
	int r = v_call(MX_VFS, MX_VFS_LSEEK, &m);
	return r < 0 ? r : a->pos;
}

int v_stat(const char *path, struct mx_stat *st)
{
	mx_message m;
	struct vfs_stat *a = MX_BODY(clear(&m), struct vfs_stat);
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)strlen(path);
	a->buf = (uint32_t)st;
	return v_call(MX_VFS, MX_VFS_STAT, &m);
}

int v_fstat(int fd, struct mx_stat *st)
{
	mx_message m;
	struct vfs_fstat *a = MX_BODY(clear(&m), struct vfs_fstat);
	a->fd = fd;
	a->buf = (uint32_t)st;
	return v_call(MX_VFS, MX_VFS_FSTAT, &m);
}

int v_dup(int fd)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_dup)->fd = fd;
	return v_call(MX_VFS, MX_VFS_DUP, &m);
}

int v_dup2(int fd, int fd2)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_dup)->fd = fd;
	MX_BODY(&m, struct vfs_dup)->fd2 = fd2;
	return v_call(MX_VFS, MX_VFS_DUP2, &m);
}

int v_pipe(int fds[2], uint32_t flags)
{
	mx_message m;
	struct vfs_pipe *a = MX_BODY(clear(&m), struct vfs_pipe);
	a->flags = flags;
	int r = v_call(MX_VFS, MX_VFS_PIPE, &m);
	if (r == 0) {
		fds[0] = a->fd_read;
		fds[1] = a->fd_write;
	}
	return r;
}

int v_mkdir(const char *path, uint32_t mode) { return path_call(MX_VFS_MKDIR, path, mode); }
int v_unlink(const char *path) { return path_call(MX_VFS_UNLINK, path, 0); }
int v_rmdir(const char *path) { return path_call(MX_VFS_RMDIR, path, 0); }
int v_chdir(const char *path) { return path_call(MX_VFS_CHDIR, path, 0); }
int v_access(const char *path, uint32_t mode) { return path_call(MX_VFS_ACCESS, path, mode); }

int v_rename(const char *from, const char *to)
{
	mx_message m;
	struct vfs_rename *a = MX_BODY(clear(&m), struct vfs_rename);
	a->old_path = (uint32_t)from;
	a->old_len = (uint32_t)strlen(from);
	a->new_path = (uint32_t)to;
	a->new_len = (uint32_t)strlen(to);
	return v_call(MX_VFS, MX_VFS_RENAME, &m);
}

int v_getcwd(char *buf, uint32_t len)
{
	mx_message m;
	struct vfs_getcwd *a = MX_BODY(clear(&m), struct vfs_getcwd);
	a->buf = (uint32_t)buf;
	a->len = len;
	return v_call(MX_VFS, MX_VFS_GETCWD, &m);
}

int v_fcntl(int fd, int cmd, int arg)
{
	mx_message m;
	struct vfs_fcntl *a = MX_BODY(clear(&m), struct vfs_fcntl);
	a->fd = fd;
	a->cmd = cmd;
	a->arg = arg;
	return v_call(MX_VFS, MX_VFS_FCNTL, &m);
}

int v_ioctl(int fd, uint32_t req, void *arg)
{
	mx_message m;
	struct vfs_ioctl *a = MX_BODY(clear(&m), struct vfs_ioctl);
	a->fd = fd;
	a->req = req;
	a->arg = (uint32_t)arg;
	return v_call(MX_VFS, MX_VFS_IOCTL, &m);
}

int v_select(uint32_t nfds, uint32_t *rd, uint32_t *wr, int32_t timeout_ms)
{
	mx_message m;
	struct vfs_select *a = MX_BODY(clear(&m), struct vfs_select);
	a->nfds = nfds;
	a->readfds = rd ? *rd : 0;
	a->writefds = wr ? *wr : 0;
	a->timeout_ms = timeout_ms;
	int r = v_call(MX_VFS, MX_VFS_SELECT, &m);
	if (r >= 0) {
		if (rd)
			*rd = a->ready_read;
		if (wr)
			*wr = a->ready_write;
	}
	return r;
}

int v_ftruncate(int fd, uint32_t len)
{
	mx_message m;
	struct vfs_ftruncate *a = MX_BODY(clear(&m), struct vfs_ftruncate);
	a->fd = fd;
	a->length = len;
	return v_call(MX_VFS, MX_VFS_FTRUNCATE, &m);
}

int v_sync(void)
{
	mx_message m;
	return v_call(MX_VFS, MX_VFS_SYNC, clear(&m));
}

int v_deadlock(uint32_t where, const char *path, struct vfs_debug_deadlock *out)
{
	mx_message m;
	struct vfs_debug_deadlock *a = MX_BODY(clear(&m), struct vfs_debug_deadlock);
	a->where = where;
	a->path = (uint32_t)path;
	a->path_len = path ? (uint32_t)strlen(path) : 0;
	int r = v_call(MX_VFS, MX_VFS_DEBUG_DEADLOCK, &m);
	if (out)
		*out = *a;
	return r;
}

int v_dir_has(const char *dir, const char *name)
{
	static struct mx_dirent ents[16];
	int fd = v_open(dir, MX_O_RDONLY | MX_O_DIRECTORY, 0), found = 0, n;
	if (fd < 0)
		return fd;
	while ((n = v_getdents(fd, ents, sizeof(ents))) > 0)
		for (int i = 0; i < n / (int)sizeof(ents[0]); i++)
			if (strcmp(ents[i].d_name, name) == 0)
				found = 1;
	v_close(fd);
	return n < 0 ? n : found;
}

int v_write_file(const char *path, const void *data, uint32_t len)
{
	int fd = v_open(path, MX_O_WRONLY | MX_O_CREAT | MX_O_TRUNC, 0644);
	if (fd < 0)
		return fd;
	int r = v_write(fd, data, len);
	v_close(fd);
	return r;
}
