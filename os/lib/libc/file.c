/*
 * File calls to VFS: open, read, write, descriptors, paths, directories.
 * A path travels as an address and a length without the NUL (mx/vfs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/select.h>
#include <dirent.h>
#include <mxlib.h>

_Static_assert(sizeof(struct stat) == sizeof(struct mx_stat), "stat is mx_stat");

static mx_message *clear(mx_message *m)
{
	memset(m, 0, sizeof(*m));
	return m;
}

/* Fill a path's address and length; -1 (ENAMETOOLONG, ENOENT) if VFS would refuse it. */
static int path_arg(const char *path, uint32_t *addr, uint32_t *len)
{
	size_t n = strnlen(path, MX_PATH_MAX);
	if (n >= MX_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (n == 0) {
		errno = ENOENT;
		return -1;
	}
	*addr = (uint32_t)path;
	*len = (uint32_t)n;
	return 0;
}

static int path_call(int type, const char *path, uint32_t mode)
{
	mx_message m;
	struct vfs_path *a = MX_BODY(clear(&m), struct vfs_path);
	if (path_arg(path, &a->path, &a->path_len) < 0)
		return -1;
	a->mode = mode;
	return _syscall(MX_VFS, type, &m) < 0 ? -1 : 0;
}

int open(const char *path, int flags, ...)
{
	mx_message m;
	struct vfs_open *a = MX_BODY(clear(&m), struct vfs_open);
	uint32_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, uint32_t);
		va_end(ap);
	}
	if (path_arg(path, &a->path, &a->path_len) < 0)
		return -1;
	a->flags = (uint32_t)flags;
	a->mode = mode;
	return _syscall(MX_VFS, MX_VFS_OPEN, &m);
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_close)->fd = fd;
	return _syscall(MX_VFS, MX_VFS_CLOSE, &m) < 0 ? -1 : 0;
}

static ssize_t io(int type, int fd, const void *buf, size_t n)
{
	mx_message m;
	struct vfs_io *a = MX_BODY(clear(&m), struct vfs_io);
	a->fd = fd;
	a->buf = (uint32_t)buf;
	a->len = (uint32_t)n;
	return _syscall(MX_VFS, type, &m);
}

ssize_t read(int fd, void *buf, size_t n)
{
	return io(MX_VFS_READ, fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return io(MX_VFS_WRITE, fd, buf, n);
}

int getdents(int fd, struct dirent *buf, size_t len)
{
	return io(MX_VFS_GETDENTS, fd, buf, len);
}

off_t lseek(int fd, off_t off, int whence)
{
	mx_message m;
	struct vfs_lseek *a = MX_BODY(clear(&m), struct vfs_lseek);
	a->fd = fd;
	a->offset = off;
	a->whence = whence;
	if (_syscall(MX_VFS, MX_VFS_LSEEK, &m) < 0)
		return -1;
	return a->pos;
}

int stat(const char *path, struct stat *st)
{
	mx_message m;
	struct vfs_stat *a = MX_BODY(clear(&m), struct vfs_stat);
	if (path_arg(path, &a->path, &a->path_len) < 0)
		return -1;
	a->buf = (uint32_t)st;
	return _syscall(MX_VFS, MX_VFS_STAT, &m) < 0 ? -1 : 0;
}

int lstat(const char *path, struct stat *st)
{
	return stat(path, st);
}

int fstat(int fd, struct stat *st)
{
	mx_message m;
	struct vfs_fstat *a = MX_BODY(clear(&m), struct vfs_fstat);
	a->fd = fd;
	a->buf = (uint32_t)st;
	return _syscall(MX_VFS, MX_VFS_FSTAT, &m) < 0 ? -1 : 0;
}

int dup(int fd)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_dup)->fd = fd;
	return _syscall(MX_VFS, MX_VFS_DUP, &m);
}

int dup2(int fd, int fd2)
{
	mx_message m;
	MX_BODY(clear(&m), struct vfs_dup)->fd = fd;
	MX_BODY(&m, struct vfs_dup)->fd2 = fd2;
	return _syscall(MX_VFS, MX_VFS_DUP2, &m);
}

int pipe2(int fds[2], int flags)
{
	mx_message m;
	struct vfs_pipe *a = MX_BODY(clear(&m), struct vfs_pipe);
	a->flags = (uint32_t)flags;
	if (_syscall(MX_VFS, MX_VFS_PIPE, &m) < 0)
		return -1;
	fds[0] = a->fd_read;
	fds[1] = a->fd_write;
	return 0;
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

int fcntl(int fd, int cmd, ...)
{
	mx_message m;
	struct vfs_fcntl *a = MX_BODY(clear(&m), struct vfs_fcntl);
	va_list ap;
	va_start(ap, cmd);
	a->fd = fd;
	a->cmd = cmd;
	a->arg = cmd == F_DUPFD || cmd == F_SETFD || cmd == F_SETFL ? va_arg(ap, int) : 0;
	va_end(ap);
	return _syscall(MX_VFS, MX_VFS_FCNTL, &m);
}

int ioctl(int fd, unsigned long req, ...)
{
	mx_message m;
	struct vfs_ioctl *a = MX_BODY(clear(&m), struct vfs_ioctl);
	va_list ap;
	va_start(ap, req);
	a->fd = fd;
	a->req = (uint32_t)req;
	a->arg = (uint32_t)va_arg(ap, void *);
	va_end(ap);
	return _syscall(MX_VFS, MX_VFS_IOCTL, &m);
}

int mkdir(const char *path, mode_t mode)
{
	return path_call(MX_VFS_MKDIR, path, mode);
}

int unlink(const char *path)
{
	return path_call(MX_VFS_UNLINK, path, 0);
}

int rmdir(const char *path)
{
	return path_call(MX_VFS_RMDIR, path, 0);
}

int chdir(const char *path)
{
	return path_call(MX_VFS_CHDIR, path, 0);
}

int access(const char *path, int mode)
{
	return path_call(MX_VFS_ACCESS, path, (uint32_t)mode);
}

int rename(const char *from, const char *to)
{
	mx_message m;
	struct vfs_rename *a = MX_BODY(clear(&m), struct vfs_rename);
	if (path_arg(from, &a->old_path, &a->old_len) < 0 || path_arg(to, &a->new_path, &a->new_len) < 0)
		return -1;
	return _syscall(MX_VFS, MX_VFS_RENAME, &m) < 0 ? -1 : 0;
}

/* getcwd(NULL, size) allocates the buffer (size 0: as large as a path can be). */
char *getcwd(char *buf, size_t size)
{
	char *own = NULL;
	if (!buf) {
		size = size ? size : PATH_MAX;
		buf = own = malloc(size);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
	}
	if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	mx_message m;
	struct vfs_getcwd *a = MX_BODY(clear(&m), struct vfs_getcwd);
	a->buf = (uint32_t)buf;
	a->len = (uint32_t)size;
	if (_syscall(MX_VFS, MX_VFS_GETCWD, &m) < 0) {
		int e = errno;
		free(own);
		errno = e;
		return NULL;
	}
	return buf;
}

int ftruncate(int fd, off_t len)
{
	mx_message m;
	struct vfs_ftruncate *a = MX_BODY(clear(&m), struct vfs_ftruncate);
	a->fd = fd;
	a->length = (uint32_t)len;
	return _syscall(MX_VFS, MX_VFS_FTRUNCATE, &m) < 0 ? -1 : 0;
}

int truncate(const char *path, off_t len)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	int r = ftruncate(fd, len);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

void sync(void)
{
	mx_message m;
	_syscall(MX_VFS, MX_VFS_SYNC, clear(&m));
}

int fsync(int fd)
{
	sync();
	return 0;
}

/* MX has one user and no permission bits to mask. */
mode_t umask(mode_t mask)
{
	return 0;
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
	mx_message m;
	struct vfs_select *a = MX_BODY(clear(&m), struct vfs_select);
	a->nfds = (uint32_t)nfds;
	a->readfds = rd ? rd->bits : 0;
	a->writefds = wr ? wr->bits : 0;
	a->exceptfds = ex ? ex->bits : 0;
	a->timeout_ms = timeout ? timeout->tv_sec * 1000 + timeout->tv_usec / 1000 : -1;
	int r = _syscall(MX_VFS, MX_VFS_SELECT, &m);
	if (r < 0)
		return -1;
	if (rd)
		rd->bits = a->ready_read;
	if (wr)
		wr->bits = a->ready_write;
	if (ex)
		ex->bits = a->ready_except;
	return r;
}
