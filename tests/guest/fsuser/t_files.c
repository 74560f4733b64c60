/* Files and directories through VFS and the file-system server. */
#include "fsuser.h"
#include <mx/vm.h>

static uint8_t big[64 * 1024];

static uint8_t pattern(uint32_t i) { return (uint8_t)(i * 7 + (i >> 9)); }

int t_files_rw(void)
{
	struct mx_stat st;
	char buf[64];
	int fd = v_open("/tmp/rw", MX_O_CREAT | MX_O_RDWR | MX_O_EXCL, 0644);
	T_OK(fd, "open O_CREAT|O_EXCL");
	T_EQ(v_write(fd, "hello, file system\n", 19), 19, "write");
	T_EQ(v_lseek(fd, 0, MX_SEEK_CUR), 19, "position after write");
	T_EQ(v_lseek(fd, 7, MX_SEEK_SET), 7, "lseek SET");
	T_EQ(v_read(fd, buf, sizeof(buf)), 12, "read to the end");
	T_CHECK(memcmp(buf, "file system\n", 12) == 0, "read back the wrong bytes");
	T_EQ(v_read(fd, buf, sizeof(buf)), 0, "read at end of file");
	T_EQ(v_lseek(fd, -5, MX_SEEK_END), 14, "lseek END");
	T_OK(v_fstat(fd, &st), "fstat");
	T_CHECK(MX_S_ISREG(st.mode) && (st.mode & 0777) == 0644, "fstat mode %o", st.mode);
	T_EQ(st.size, 19, "fstat size");
	T_EQ(st.nlink, 1, "fstat links");
	T_EQ(v_close(fd), 0, "close");
	T_EQ(v_open("/tmp/rw", MX_O_CREAT | MX_O_EXCL | MX_O_RDWR, 0644), -MX_EEXIST, "O_EXCL on an existing file");
	T_OK(v_stat("/tmp/rw", &st), "stat");
	T_EQ(st.size, 19, "stat size");
	T_EQ(v_close(fd), -MX_EBADF, "close twice");
	return 0;
}

/* Past the direct zones and the single indirect block into the double indirect one. */
int t_files_big(void)
{
	const uint32_t size = 640 * 1024;
	int fd = v_open("/tmp/big", MX_O_CREAT | MX_O_RDWR | MX_O_TRUNC, 0600);
	T_OK(fd, "open");
	for (uint32_t off = 0; off < size; off += sizeof(big)) {
		for (uint32_t i = 0; i < sizeof(big); i++)
			big[i] = pattern(off + i);
		T_EQ(v_write(fd, big, sizeof(big)), sizeof(big), "write 64 KiB");
	}
	struct mx_stat st;
	T_OK(v_fstat(fd, &st), "fstat");
	T_EQ(st.size, size, "size");
	/* Read back from odd places. */
	static const uint32_t at[] = { 0, 1000, 7 * 1024 - 3, 270 * 1024 + 5, 500 * 1024, size - 100 };
	for (unsigned k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		uint8_t buf[300];
		T_EQ(v_lseek(fd, (int32_t)at[k], MX_SEEK_SET), at[k], "lseek");
		int n = v_read(fd, buf, sizeof(buf));
		uint32_t want = size - at[k] < sizeof(buf) ? size - at[k] : sizeof(buf);
		T_EQ(n, want, "read");
		for (uint32_t i = 0; i < want; i++)
			T_CHECK(buf[i] == pattern(at[k] + i), "byte %u differs", at[k] + i);
	}
	T_EQ(v_close(fd), 0, "close");
	T_EQ(v_unlink("/tmp/big"), 0, "unlink");
	return 0;
}

int t_files_truncate(void)
{
	uint8_t buf[2048];
	int fd = v_open("/tmp/trunc", MX_O_CREAT | MX_O_RDWR | MX_O_TRUNC, 0600);
	T_OK(fd, "open");
	memset(buf, 'x', sizeof(buf));
	T_EQ(v_write(fd, buf, sizeof(buf)), sizeof(buf), "write");
	T_EQ(v_ftruncate(fd, 1500), 0, "ftruncate shrink");
	T_EQ(v_ftruncate(fd, 3000), 0, "ftruncate grow");
	T_EQ(v_lseek(fd, 1400, MX_SEEK_SET), 1400, "lseek");
	T_EQ(v_read(fd, buf, sizeof(buf)), 1600, "read to the new end");
	for (int i = 0; i < 100; i++)
		T_CHECK(buf[i] == 'x', "kept byte %d lost", 1400 + i);
	for (int i = 100; i < 1600; i++)
		T_CHECK(buf[i] == 0, "byte %d past the old end is not zero", 1400 + i);
	/* A hole: write far past the end. */
	T_EQ(v_lseek(fd, 20000, MX_SEEK_SET), 20000, "lseek past the end");
	T_EQ(v_write(fd, "end", 3), 3, "write after a hole");
	T_EQ(v_lseek(fd, 10000, MX_SEEK_SET), 10000, "lseek into the hole");
	T_EQ(v_read(fd, buf, 100), 100, "read the hole");
	for (int i = 0; i < 100; i++)
		T_CHECK(buf[i] == 0, "hole byte %d is not zero", i);
	T_EQ(v_close(fd), 0, "close");
	fd = v_open("/tmp/trunc", MX_O_RDWR | MX_O_TRUNC, 0);
	T_OK(fd, "open O_TRUNC");
	struct mx_stat st;
	T_OK(v_fstat(fd, &st), "fstat");
	T_EQ(st.size, 0, "size after O_TRUNC");
	v_close(fd);
	fd = v_open("/tmp/trunc", MX_O_RDONLY, 0);
	T_EQ(v_ftruncate(fd, 0), -MX_EBADF, "ftruncate read-only descriptor");
	v_close(fd);
	return v_unlink("/tmp/trunc");
}

int t_files_append(void)
{
	char buf[32];
	T_EQ(v_write_file("/tmp/app", "abc", 3), 3, "write file");
	int fd = v_open("/tmp/app", MX_O_WRONLY | MX_O_APPEND, 0);
	T_OK(fd, "open O_APPEND");
	T_EQ(v_lseek(fd, 0, MX_SEEK_SET), 0, "lseek to 0");
	T_EQ(v_write(fd, "def", 3), 3, "append");
	v_close(fd);
	fd = v_open("/tmp/app", MX_O_RDONLY, 0);
	T_EQ(v_read(fd, buf, sizeof(buf)), 6, "read");
	T_CHECK(memcmp(buf, "abcdef", 6) == 0, "append wrote in the wrong place");
	T_EQ(v_write(fd, "x", 1), -MX_EBADF, "write on a read-only descriptor");
	v_close(fd);
	fd = v_open("/tmp/app", MX_O_WRONLY, 0);
	T_EQ(v_read(fd, buf, 1), -MX_EBADF, "read on a write-only descriptor");
	v_close(fd);
	return v_unlink("/tmp/app");
}

int t_files_unlinked_open(void)
{
	char buf[16];
	T_EQ(v_write_file("/tmp/gone", "still here", 10), 10, "write file");
	int fd = v_open("/tmp/gone", MX_O_RDONLY, 0);
	T_OK(fd, "open");
	T_EQ(v_unlink("/tmp/gone"), 0, "unlink while open");
	struct mx_stat st;
	T_EQ(v_stat("/tmp/gone", &st), -MX_ENOENT, "stat after unlink");
	T_EQ(v_read(fd, buf, sizeof(buf)), 10, "read the unlinked file");
	T_CHECK(memcmp(buf, "still here", 10) == 0, "contents changed");
	T_OK(v_fstat(fd, &st), "fstat");
	T_EQ(st.nlink, 0, "links of an unlinked file");
	T_EQ(v_close(fd), 0, "close (frees it)");
	return 0;
}

int t_dirs(void)
{
	struct mx_stat st;
	T_EQ(v_mkdir("/tmp/d1", 0755), 0, "mkdir");
	T_EQ(v_mkdir("/tmp/d1", 0755), -MX_EEXIST, "mkdir existing");
	T_EQ(v_mkdir("/tmp/d1/d2", 0755), 0, "mkdir nested");
	T_EQ(v_mkdir("/tmp/d1/d2/d3/", 0755), 0, "mkdir with a trailing slash");
	T_OK(v_stat("/tmp/d1", &st), "stat dir");
	T_CHECK(MX_S_ISDIR(st.mode), "not a directory: mode %o", st.mode);
	T_EQ(st.nlink, 3, "links of a directory with one subdirectory");
	T_EQ(v_write_file("/tmp/d1/d2/f", "x", 1), 1, "file in a subdirectory");
	T_EQ(v_rmdir("/tmp/d1/d2"), -MX_ENOTEMPTY, "rmdir non-empty");
	T_EQ(v_unlink("/tmp/d1/d2"), -MX_EISDIR, "unlink a directory");
	T_EQ(v_rmdir("/tmp/d1/d2/f"), -MX_ENOTDIR, "rmdir a file");
	T_EQ(v_rmdir("/tmp/d1/d2/d3/."), -MX_EINVAL, "rmdir dot");
	T_EQ(v_unlink("/tmp/d1/d2/f"), 0, "unlink file");
	T_EQ(v_rmdir("/tmp/d1/d2/d3"), 0, "rmdir d3");
	T_EQ(v_rmdir("/tmp/d1/d2"), 0, "rmdir d2");
	T_EQ(v_stat("/tmp/d1/d2", &st), -MX_ENOENT, "stat removed dir");
	T_OK(v_stat("/tmp/d1", &st), "stat dir");
	T_EQ(st.nlink, 2, "links after rmdir");
	T_EQ(v_rmdir("/tmp/d1"), 0, "rmdir d1");
	T_EQ(v_rmdir("/"), -MX_EBUSY, "rmdir /");
	T_EQ(v_mkdir("/", 0755), -MX_EEXIST, "mkdir /");
	T_EQ(v_stat("/tmp/./../tmp/.", &st), 0, "stat with dots");
	T_EQ(v_stat("/..", &st), 0, "stat /.. stays at the root");
	T_EQ(st.ino, 1, "/.. is the root");
	return 0;
}

int t_dirs_getdents(void)
{
	static struct mx_dirent ents[8];
	char name[32];
	T_EQ(v_mkdir("/tmp/many", 0755), 0, "mkdir");
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/tmp/many/file%02d", i);
		T_EQ(v_write_file(name, "", 0), 0, "create");
	}
	int fd = v_open("/tmp/many", MX_O_RDONLY, 0), n, seen = 0, dots = 0;
	T_OK(fd, "open directory");
	uint64_t bits = 0;
	while ((n = v_getdents(fd, ents, sizeof(ents))) > 0) {
		T_EQ(n % (int)sizeof(struct mx_dirent), 0, "whole records");
		for (int i = 0; i < n / (int)sizeof(ents[0]); i++) {
			struct mx_dirent *d = &ents[i];
			T_EQ(d->d_reclen, sizeof(*d), "d_reclen");
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
				dots++;
				T_EQ(d->d_type, MX_DT_DIR, "type of a dot entry");
				continue;
			}
			int k = (d->d_name[4] - '0') * 10 + (d->d_name[5] - '0');
			T_CHECK(strncmp(d->d_name, "file", 4) == 0 && k >= 0 && k < 40, "unexpected entry %s", d->d_name);
			T_EQ(d->d_type, MX_DT_REG, "type of a file entry");
			bits |= 1ull << k;
			seen++;
		}
	}
	T_EQ(n, 0, "getdents at the end");
	T_EQ(seen, 40, "entries seen");
	T_EQ(dots, 2, "dot entries");
	T_CHECK(bits == (1ull << 40) - 1, "some files missing");
	T_EQ(v_getdents(fd, ents, 10), -MX_EINVAL, "getdents buffer too small");
	v_close(fd);
	fd = v_open("/tmp/many/file00", MX_O_RDONLY, 0);
	T_EQ(v_getdents(fd, ents, sizeof(ents)), -MX_ENOTDIR, "getdents on a file");
	v_close(fd);
	T_EQ(v_open("/tmp/many", MX_O_WRONLY, 0), -MX_EISDIR, "open a directory for writing");
	T_EQ(v_open("/tmp/many/file00", MX_O_RDONLY | MX_O_DIRECTORY, 0), -MX_ENOTDIR, "O_DIRECTORY on a file");
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/tmp/many/file%02d", i);
		T_EQ(v_unlink(name), 0, "unlink");
	}
	return v_rmdir("/tmp/many");
}

int t_rename(void)
{
	char buf[8];
	struct mx_stat st;
	T_EQ(v_mkdir("/tmp/ra", 0755), 0, "mkdir ra");
	T_EQ(v_mkdir("/tmp/rb", 0755), 0, "mkdir rb");
	T_EQ(v_write_file("/tmp/ra/f", "one", 3), 3, "write f");
	T_EQ(v_write_file("/tmp/rb/g", "two", 3), 3, "write g");
	T_EQ(v_rename("/tmp/ra/f", "/tmp/rb/f"), 0, "rename across directories");
	T_EQ(v_stat("/tmp/ra/f", &st), -MX_ENOENT, "old name gone");
	T_EQ(v_rename("/tmp/rb/f", "/tmp/rb/g"), 0, "rename over an existing file");
	int fd = v_open("/tmp/rb/g", MX_O_RDONLY, 0);
	T_EQ(v_read(fd, buf, sizeof(buf)), 3, "read");
	T_CHECK(memcmp(buf, "one", 3) == 0, "rename did not replace the target");
	v_close(fd);
	T_EQ(v_rename("/tmp/rb", "/tmp/ra/rb"), 0, "move a directory");
	T_OK(v_stat("/tmp/ra/rb/g", &st), "file moved with its directory");
	T_OK(v_stat("/tmp/ra/rb/..", &st), "stat .. of the moved directory");
	struct mx_stat ra;
	T_OK(v_stat("/tmp/ra", &ra), "stat ra");
	T_EQ(st.ino, ra.ino, ".. points at the new parent");
	T_EQ(ra.nlink, 3, "links of the new parent");
	T_EQ(v_rename("/tmp/ra", "/tmp/ra/rb/inside"), -MX_EINVAL, "move a directory into itself");
	T_EQ(v_rename("/tmp/ra/nothing", "/tmp/x"), -MX_ENOENT, "rename a missing file");
	T_EQ(v_write_file("/tmp/ra/file", "", 0), 0, "create file");
	T_EQ(v_rename("/tmp/ra/file", "/tmp/ra/rb"), -MX_EISDIR, "file over a directory");
	T_EQ(v_rename("/tmp/ra/rb", "/tmp/ra/file"), -MX_ENOTDIR, "directory over a file");
	T_EQ(v_rename("/tmp/ra/file", "/tmp/ra/file"), 0, "rename to itself");
	T_EQ(v_unlink("/tmp/ra/file"), 0, "unlink");
	T_EQ(v_unlink("/tmp/ra/rb/g"), 0, "unlink g");
	T_EQ(v_rmdir("/tmp/ra/rb"), 0, "rmdir rb");
	return v_rmdir("/tmp/ra");
}

int t_chdir_getcwd(void)
{
	char buf[MX_PATH_MAX];
	struct mx_stat st;
	T_EQ(v_mkdir("/tmp/cw", 0755), 0, "mkdir");
	T_EQ(v_chdir("/tmp/cw"), 0, "chdir");
	T_EQ(v_getcwd(buf, sizeof(buf)), 7, "getcwd length");
	T_CHECK(strcmp(buf, "/tmp/cw") == 0, "getcwd says %s", buf);
	T_EQ(v_write_file("rel", "r", 1), 1, "create by a relative path");
	T_OK(v_stat("/tmp/cw/rel", &st), "it is in the working directory");
	T_EQ(v_mkdir("sub", 0755), 0, "mkdir relative");
	T_EQ(v_chdir("sub/../sub/."), 0, "chdir with dots");
	T_EQ(v_getcwd(buf, sizeof(buf)), 11, "getcwd");
	T_CHECK(strcmp(buf, "/tmp/cw/sub") == 0, "getcwd says %s", buf);
	T_OK(v_stat("../rel", &st), "stat ../rel");
	T_EQ(v_getcwd(buf, 5), -MX_ERANGE, "getcwd into a small buffer");
	T_EQ(v_chdir("../rel"), -MX_ENOTDIR, "chdir to a file");
	T_EQ(v_chdir("/nonexistent"), -MX_ENOENT, "chdir to nothing");
	T_EQ(v_chdir("/"), 0, "chdir /");
	T_EQ(v_getcwd(buf, sizeof(buf)), 1, "getcwd at the root");
	T_EQ(v_rmdir("/tmp/cw/sub"), 0, "rmdir");
	T_EQ(v_unlink("/tmp/cw/rel"), 0, "unlink");
	return v_rmdir("/tmp/cw");
}

int t_dup_fcntl(void)
{
	char buf[8];
	T_EQ(v_write_file("/tmp/dup", "0123456789", 10), 10, "write");
	int fd = v_open("/tmp/dup", MX_O_RDONLY, 0);
	T_OK(fd, "open");
	int d = v_dup(fd);
	T_CHECK(d > fd, "dup gave %d", d);
	T_EQ(v_read(fd, buf, 3), 3, "read through the first");
	T_EQ(v_read(d, buf, 3), 3, "read through the duplicate");
	T_CHECK(memcmp(buf, "345", 3) == 0, "duplicates do not share the offset");
	T_EQ(v_dup2(fd, 20), 20, "dup2");
	T_EQ(v_lseek(20, 0, MX_SEEK_CUR), 6, "dup2 shares the offset");
	T_EQ(v_dup2(fd, fd), fd, "dup2 onto itself");
	T_EQ(v_dup2(fd, 99), -MX_EBADF, "dup2 out of range");
	T_EQ(v_fcntl(fd, MX_F_DUPFD, 25), 25, "F_DUPFD");
	T_EQ(v_fcntl(fd, MX_F_GETFD, 0), 0, "F_GETFD");
	T_EQ(v_fcntl(fd, MX_F_SETFD, MX_FD_CLOEXEC), 0, "F_SETFD");
	T_EQ(v_fcntl(fd, MX_F_GETFD, 0), MX_FD_CLOEXEC, "F_GETFD after F_SETFD");
	T_EQ(v_fcntl(25, MX_F_GETFD, 0), 0, "close-on-exec is per descriptor");
	T_EQ(v_fcntl(fd, MX_F_GETFL, 0) & MX_O_ACCMODE, MX_O_RDONLY, "F_GETFL");
	T_EQ(v_fcntl(fd, MX_F_SETFL, MX_O_NONBLOCK | MX_O_RDWR), 0, "F_SETFL");
	T_EQ(v_fcntl(d, MX_F_GETFL, 0), MX_O_NONBLOCK | MX_O_RDONLY, "status flags are shared, access mode unchanged");
	T_EQ(v_fcntl(fd, 77, 0), -MX_EINVAL, "unknown fcntl");
	T_EQ(v_fcntl(31, MX_F_GETFD, 0), -MX_EBADF, "fcntl on a closed descriptor");
	v_close(fd);
	v_close(d);
	v_close(20);
	v_close(25);
	/* Filling the table. */
	int fds[MX_OPEN_MAX], n = 0, r;
	while ((r = v_open("/tmp/dup", MX_O_RDONLY, 0)) >= 0)
		fds[n++] = r;
	T_EQ(r, -MX_EMFILE, "open with every descriptor used");
	T_CHECK(n > 20, "only %d descriptors", n);
	for (int i = 0; i < n; i++)
		v_close(fds[i]);
	return v_unlink("/tmp/dup");
}

int t_errors(void)
{
	char name[80];
	struct mx_stat st;
	memset(name, 'n', sizeof(name));
	memcpy(name, "/tmp/", 5);
	name[sizeof(name) - 1] = 0;
	T_EQ(v_open("/no/such/file", MX_O_RDONLY, 0), -MX_ENOENT, "open a missing file");
	T_EQ(v_open("", MX_O_RDONLY, 0), -MX_ENOENT, "open an empty path");
	T_EQ(v_open(name, MX_O_CREAT | MX_O_RDWR, 0644), -MX_ENAMETOOLONG, "create a 74-byte name");
	T_EQ(v_mkdir(name, 0755), -MX_ENAMETOOLONG, "mkdir a 74-byte name");
	T_EQ(v_write_file("/tmp/plain", "p", 1), 1, "write");
	T_EQ(v_open("/tmp/plain/x", MX_O_RDONLY, 0), -MX_ENOTDIR, "a file as a directory");
	T_EQ(v_mkdir("/tmp/plain/x", 0755), -MX_ENOTDIR, "mkdir under a file");
	T_EQ(v_stat("/tmp/plain/x", &st), -MX_ENOTDIR, "stat under a file");
	T_EQ(v_open("/tmp/plain", MX_O_RDWR | MX_O_ACCMODE, 0), -MX_EINVAL, "bad access mode");
	T_EQ(v_read(-1, name, 1), -MX_EBADF, "read fd -1");
	T_EQ(v_read(17, name, 1), -MX_EBADF, "read a closed fd");
	T_EQ(v_lseek(0x7fff, 0, 0), -MX_EBADF, "lseek a huge fd");
	int fd = v_open("/tmp/plain", MX_O_RDONLY, 0);
	T_EQ(v_lseek(fd, -5, MX_SEEK_SET), -MX_EINVAL, "lseek before the start");
	T_EQ(v_lseek(fd, 0, 9), -MX_EINVAL, "lseek bad whence");
	T_EQ(v_ioctl(fd, MX_TCGETS, name), -MX_ENOTTY, "tty ioctl on a file");
	v_close(fd);
	T_EQ(v_unlink("/tmp"), -MX_EISDIR, "unlink a directory");
	T_EQ(v_unlink("/"), -MX_EISDIR, "unlink /");
	return v_unlink("/tmp/plain");
}

int t_access_sync(void)
{
	T_EQ(v_access("/bin/fsuser", MX_X_OK), 0, "access X_OK on a program");
	T_EQ(v_write_file("/tmp/noexec", "", 0), 0, "create");
	T_EQ(v_access("/tmp/noexec", MX_X_OK), -MX_EACCES, "access X_OK on a 0644 file");
	T_EQ(v_access("/tmp/noexec", MX_R_OK | MX_W_OK), 0, "access R_OK|W_OK");
	T_EQ(v_access("/tmp/none", MX_F_OK), -MX_ENOENT, "access a missing file");
	T_EQ(v_access("/tmp", 0x100), -MX_EINVAL, "access bad mode");
	T_EQ(v_sync(), 0, "sync");
	return v_unlink("/tmp/noexec");
}

static int v_mmap(uint32_t len, uint32_t prot, uint32_t flags, int fd, uint32_t off, uint32_t *addr)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct vfs_mmap_file *a = MX_BODY(&m, struct vfs_mmap_file);
	a->len = len;
	a->prot = prot;
	a->flags = flags;
	a->fd = fd;
	a->offset = off;
	int r = v_call(MX_VFS, MX_VFS_MMAP_FILE, &m);
	*addr = a->result;
	return r;
}

int t_mmap_file(void)
{
	uint32_t addr;
	for (uint32_t i = 0; i < 6000; i++)
		big[i] = pattern(i);
	T_EQ(v_write_file("/tmp/mapped", big, 6000), 6000, "write file");
	int fd = v_open("/tmp/mapped", MX_O_RDONLY, 0);
	T_OK(fd, "open");
	T_EQ(v_mmap(8192, MX_PROT_READ, MX_MAP_PRIVATE, fd, 0, &addr), 0, "mmap the file");
	const uint8_t *p = (const uint8_t *)addr;
	for (uint32_t i = 0; i < 6000; i++)
		T_CHECK(p[i] == pattern(i), "byte %u of the mapping", i);
	for (uint32_t i = 6000; i < 8192; i++)
		T_CHECK(p[i] == 0, "byte %u past the end of the file is not zero", i);
	T_EQ(v_mmap(4096, MX_PROT_READ, MX_MAP_PRIVATE, fd, 4096, &addr), 0, "mmap at an offset");
	T_CHECK(((const uint8_t *)addr)[0] == pattern(4096), "the offset mapping starts at the wrong byte");
	T_EQ(v_mmap(4096, MX_PROT_READ | MX_PROT_WRITE, MX_MAP_SHARED, fd, 0, &addr), -MX_ENOTSUP,
	     "a writable shared mapping");
	T_EQ(v_mmap(4096, MX_PROT_READ, MX_MAP_PRIVATE, fd, 100, &addr), -MX_EINVAL, "an offset that is not a page");
	T_EQ(v_mmap(4096, MX_PROT_READ, MX_MAP_PRIVATE, 29, 0, &addr), -MX_EBADF, "a closed descriptor");
	v_close(fd);
	int p2[2];
	T_EQ(v_pipe(p2, 0), 0, "pipe");
	T_EQ(v_mmap(4096, MX_PROT_READ, MX_MAP_PRIVATE, p2[0], 0, &addr), -MX_ENODEV, "mmap a pipe");
	v_close(p2[0]);
	v_close(p2[1]);
	return v_unlink("/tmp/mapped");
}

/* Fill the disk, free it, fill it again: the same room both times (no zone leaks). */
static int fill(uint32_t *total)
{
	int fd = v_open("/tmp/fill", MX_O_CREAT | MX_O_WRONLY | MX_O_TRUNC, 0600), r;
	if (fd < 0)
		return fd;
	*total = 0;
	memset(big, 'f', sizeof(big));
	while ((r = v_write(fd, big, sizeof(big))) == (int)sizeof(big))
		*total += (uint32_t)r;
	if (r > 0) {
		*total += (uint32_t)r;
		r = v_write(fd, big, sizeof(big));
	}
	v_close(fd);
	return r;
}

int t_files_fill_disk(void)
{
	uint32_t first, second;
	T_EQ(fill(&first), -MX_ENOSPC, "writing until the disk is full");
	T_CHECK(first > 1024 * 1024, "only %u bytes fit", first);
	struct mx_stat st;
	T_OK(v_stat("/tmp/fill", &st), "stat");
	T_EQ(st.size, first, "size of the full file");
	T_EQ(v_mkdir("/tmp/nospace", 0755), -MX_ENOSPC, "mkdir on a full disk");
	T_EQ(v_unlink("/tmp/fill"), 0, "unlink");
	T_EQ(fill(&second), -MX_ENOSPC, "filling it again");
	T_EQ(second, first, "room the second time");
	return v_unlink("/tmp/fill");
}
