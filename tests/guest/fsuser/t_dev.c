/* The memory driver's devices and the tty, through VFS. */
#include "fsuser.h"
#include <mx/mxinfo.h>
#include <mx/fs.h>

int t_dev_null_zero_kmem(void)
{
	static uint8_t b[5000];
	int fd = v_open("/dev/null", MX_O_RDWR, 0);
	T_OK(fd, "open /dev/null");
	T_EQ(v_write(fd, b, 100), 100, "write /dev/null");
	T_EQ(v_read(fd, b, 100), 0, "read /dev/null");
	v_close(fd);
	fd = v_open("/dev/zero", MX_O_RDONLY, 0);
	T_OK(fd, "open /dev/zero");
	memset(b, 0xff, sizeof(b));
	int n = v_read(fd, b, sizeof(b));
	T_CHECK(n > 0 && n <= (int)sizeof(b), "read /dev/zero: %d", n);
	for (int i = 0; i < n; i++)
		T_CHECK(b[i] == 0, "byte %d of /dev/zero is %d", i, b[i]);
	v_close(fd);
	fd = v_open("/dev/kmem", MX_O_RDONLY, 0);
	T_OK(fd, "open /dev/kmem");
	T_EQ(v_read(fd, b, MX_INFO_MAGIC_LEN), MX_INFO_MAGIC_LEN, "read /dev/kmem");
	T_CHECK(memcmp(b, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN) == 0, "/dev/kmem does not start with mx_info");
	v_close(fd);
	T_EQ(v_open("/dev/kmem", MX_O_WRONLY, 0), -MX_EACCES, "open /dev/kmem for writing");
	fd = v_open("/dev/ram", MX_O_RDONLY, 0);
	T_OK(fd, "open /dev/ram");
	T_EQ(v_lseek(fd, 1024, MX_SEEK_SET), 1024, "lseek to the superblock");
	uint32_t magic = 0;
	T_EQ(v_read(fd, &magic, 4), 4, "read /dev/ram");
	T_EQ(magic, MXFS_MAGIC, "the superblock's magic");
	v_close(fd);
	return 0;
}

int t_tty(void)
{
	struct mx_termios t;
	int32_t pgrp = -1;
	const char hello[] = "fsuser: a line written through VFS and the tty driver\n";
	int fd = v_open("/dev/console", MX_O_RDWR, 0);
	T_OK(fd, "open /dev/console");
	T_EQ(v_write(fd, hello, sizeof(hello) - 1), sizeof(hello) - 1, "write to the console");
	T_EQ(v_ioctl(fd, MX_TCGETS, &t), 0, "TCGETS");
	T_CHECK((t.c_lflag & (MX_ICANON | MX_ECHO | MX_ISIG)) == (MX_ICANON | MX_ECHO | MX_ISIG), "lflag %#x", t.c_lflag);
	T_EQ(t.c_cc[MX_VINTR], 3, "VINTR is ^C");
	T_EQ(t.c_cc[MX_VEOF], 4, "VEOF is ^D");
	T_EQ(v_ioctl(fd, MX_TCSETS, &t), 0, "TCSETS");
	T_EQ(v_ioctl(fd, MX_TIOCGPGRP, &pgrp), 0, "TIOCGPGRP");
	int32_t me = p_getpid();
	T_EQ(v_ioctl(fd, MX_TIOCSPGRP, &me), 0, "TIOCSPGRP");
	T_EQ(v_ioctl(fd, MX_TIOCGPGRP, &pgrp), 0, "TIOCGPGRP");
	T_EQ(pgrp, me, "foreground group");
	int32_t zero = 0;
	T_EQ(v_ioctl(fd, MX_TIOCSPGRP, &zero), 0, "TIOCSPGRP 0");
	struct mx_winsize ws;
	T_EQ(v_ioctl(fd, MX_TIOCGWINSZ, &ws), 0, "TIOCGWINSZ");
	T_CHECK(ws.ws_row > 0 && ws.ws_col > 0, "window %ux%u", ws.ws_row, ws.ws_col);
	T_EQ(v_ioctl(fd, MX_IOC(MX_IOC_OUT, 'T', 99, 4), &zero), -MX_ENOTTY, "unknown tty ioctl");
	uint32_t wr = 1u << fd, rd = 1u << fd;
	T_EQ(v_select(32, NULL, &wr, 0), 1, "the tty can be written");
	T_EQ(v_select(32, &rd, NULL, 50), 0, "no input: select times out");
	T_EQ(v_fcntl(fd, MX_F_SETFL, MX_O_NONBLOCK), 0, "O_NONBLOCK");
	char c;
	T_EQ(v_read(fd, &c, 1), -MX_EAGAIN, "non-blocking read without input");
	T_EQ(v_lseek(fd, 0, MX_SEEK_SET), -MX_ESPIPE, "lseek on a tty");
	v_close(fd);
	fd = v_open("/dev/tty", MX_O_WRONLY, 0);
	T_OK(fd, "open /dev/tty");
	T_EQ(v_write(fd, "", 0), 0, "write nothing");
	v_close(fd);
	return 0;
}
