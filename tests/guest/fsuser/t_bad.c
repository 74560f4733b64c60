/* Garbage to VFS from an unprivileged process, and the drivers it may not reach. */
#include "fsuser.h"

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8 ^ seed << 13;
}

/* A pointer that is never valid: zero, low, kernel or just past user space. */
static uint32_t bad_ptr(void)
{
	static const uint32_t p[] = { 0, 0x10, 0xc0000000u, 0xfffff000u, 0xbffffffcu };
	return p[rnd() % 5];
}

int t_bad_vfs_requests(void)
{
	mx_message m;
	struct mx_stat st;
	char b[8];
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_VFS, MX_VFS_BASE + 0x3f, &m), -MX_ENOSYS, "unknown request");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_VFS, -7, &m), -MX_ENOSYS, "negative request");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_VFS, MX_NOTIFY_MESSAGE, &m), -MX_EBADREQUEST, "a message typed as a notification (the kernel refuses to carry it)");
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct vfs_pipe)->flags = 0xffffffffu;
	T_EQ(v_call(MX_VFS, MX_VFS_PIPE, &m), -MX_EINVAL, "pipe with unknown flags");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_VFS, MX_VFS_PM_EXIT, &m), -MX_EPERM, "PM's request from a user");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_VFS, MX_VFS_PM_FORK, &m), -MX_EPERM, "PM's fork from a user");
	memset(&m, 0, sizeof(m));
	struct vfs_open *o = MX_BODY(&m, struct vfs_open);
	o->path = 0x10;
	o->path_len = 5;
	T_EQ(v_call(MX_VFS, MX_VFS_OPEN, &m), -MX_EFAULT, "open with a bad path pointer");
	memset(&m, 0, sizeof(m));
	o->path = 0xc0001000u;
	o->path_len = 5;
	T_EQ(v_call(MX_VFS, MX_VFS_OPEN, &m), -MX_EFAULT, "open with a kernel path pointer");
	memset(&m, 0, sizeof(m));
	o->path = (uint32_t)"/tmp";
	o->path_len = 100000;
	T_EQ(v_call(MX_VFS, MX_VFS_OPEN, &m), -MX_ENAMETOOLONG, "open with a huge path length");
	T_EQ(v_stat("/", (struct mx_stat *)0xc0000000u), -MX_EFAULT, "stat into kernel memory");
	int fd = v_open("/bin/fsuser", MX_O_RDONLY, 0);
	T_OK(fd, "open");
	T_EQ(v_read(fd, (void *)0x10, 8), -MX_EFAULT, "read into a bad buffer");
	T_EQ(v_read(fd, (void *)0xfffff000u, 8), -MX_EFAULT, "read into kernel memory");
	v_close(fd);
	fd = v_open("/dev/null", MX_O_WRONLY, 0);
	T_EQ(v_write(fd, (void *)0xc0000000u, 8), -MX_EFAULT, "write from kernel memory");
	T_EQ(v_ioctl(fd, MX_IOC(MX_IOC_IN, 'T', 2, 8000), b), -MX_EINVAL, "ioctl with a huge argument");
	v_close(fd);
	T_EQ(v_getcwd((char *)0x10, 100), -MX_EFAULT, "getcwd into a bad buffer");
	T_EQ(v_fcntl(31, MX_F_DUPFD, 1), -MX_EBADF, "fcntl on a closed descriptor");
	T_EQ(v_rename("", "/tmp/x"), -MX_ENOENT, "rename an empty path");

	/* A child throws random requests at VFS; every one must be answered. */
	int pid = p_fork(), status;
	T_OK(pid, "fork");
	if (pid == 0) {
		for (int i = 0; i < MX_OPEN_MAX; i++)
			v_close(i);
		for (int i = 0; i < 400; i++) {
			memset(&m, 0, sizeof(m));
			int type = MX_VFS_BASE + (int)(rnd() % 0x30);
			for (int w = 0; w < 14; w++)
				m.m_u.w[w] = rnd() % 4 == 0 ? bad_ptr() : rnd() % 3 == 0 ? rnd() % 64 : rnd();
			if (type == MX_VFS_SELECT)
				MX_BODY(&m, struct vfs_select)->timeout_ms = 0;
			int r = v_call(MX_VFS, type, &m);
			if (r == -MX_ECALLDENIED || r == -MX_EDEADSRCDST)
				p_exit(2);                     /* VFS went away */
			if (r >= 0 && (type == MX_VFS_PIPE || type == MX_VFS_OPEN || type == MX_VFS_DUP ||
				       type == MX_VFS_DUP2 || type == MX_VFS_FCNTL))
				for (int fd = 0; fd < MX_OPEN_MAX; fd++)
					v_close(fd);           /* nothing to block on later (an empty pipe) */
		}
		p_exit(0);
	}
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "the garbage sender got an answer every time");
	T_EQ(v_stat("/bin", &st), 0, "VFS still serves");
	T_CHECK(MX_S_ISDIR(st.mode), "/bin is not a directory any more");
	return 0;
}

int t_drivers_denied(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_FS, MX_FS_LOOKUP, &m), -MX_ECALLDENIED, "a user sends to the file system");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_TTY, MX_DEV_WRITE, &m), -MX_ECALLDENIED, "a user sends to the tty");
	memset(&m, 0, sizeof(m));
	T_EQ(v_call(MX_MEM, MX_DEV_READ, &m), -MX_ECALLDENIED, "a user sends to the memory driver");
	return 0;
}
