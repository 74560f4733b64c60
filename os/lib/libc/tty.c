/* Terminals: termios, the foreground process group, isatty, through VFS_IOCTL. */
#include <errno.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

_Static_assert(sizeof(struct termios) == sizeof(struct mx_termios), "termios is mx_termios");

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TCGETS, t) < 0 ? -1 : 0;
}

int tcsetattr(int fd, int when, const struct termios *t)
{
	unsigned long req = when == TCSANOW ? TCSETS : when == TCSADRAIN ? TCSETSW :
			    when == TCSAFLUSH ? TCSETSF : 0;
	if (!req) {
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, req, t) < 0 ? -1 : 0;
}

int tcflush(int fd, int queue)
{
	int32_t q = queue;
	return ioctl(fd, TCFLSH, &q) < 0 ? -1 : 0;
}

pid_t tcgetpgrp(int fd)
{
	int32_t pg;
	return ioctl(fd, TIOCGPGRP, &pg) < 0 ? -1 : pg;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int32_t pg = pgrp;
	return ioctl(fd, TIOCSPGRP, &pg) < 0 ? -1 : 0;
}

int isatty(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) == 0)
		return 1;
	if (errno != EBADF)
		errno = ENOTTY;
	return 0;
}

char *ttyname(int fd)
{
	static char name[] = "/dev/console";
	return isatty(fd) ? name : NULL;
}
