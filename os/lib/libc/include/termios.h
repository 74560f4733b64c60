#ifndef _TERMIOS_H
#define _TERMIOS_H
#include <sys/types.h>
#include <mx/vfs.h>

typedef uint8_t cc_t;
typedef uint32_t speed_t;
typedef uint32_t tcflag_t;
#define NCCS MX_NCCS

/* Laid out as struct mx_termios. */
struct termios {
	tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
	cc_t c_cc[NCCS];
	speed_t c_ispeed, c_ospeed;
};

#define IGNBRK MX_IGNBRK
#define BRKINT MX_BRKINT
#define INLCR  MX_INLCR
#define IGNCR  MX_IGNCR
#define ICRNL  MX_ICRNL
#define IXON   MX_IXON
#define OPOST  MX_OPOST
#define ONLCR  MX_ONLCR
#define CS8    MX_CS8
#define CREAD  MX_CREAD
#define CLOCAL MX_CLOCAL
#define ISIG   MX_ISIG
#define ICANON MX_ICANON
#define ECHO   MX_ECHO
#define ECHOE  MX_ECHOE
#define ECHOK  MX_ECHOK
#define ECHONL MX_ECHONL
#define NOFLSH MX_NOFLSH
#define TOSTOP MX_TOSTOP
#define IEXTEN MX_IEXTEN
#define VINTR  MX_VINTR
#define VQUIT  MX_VQUIT
#define VERASE MX_VERASE
#define VKILL  MX_VKILL
#define VEOF   MX_VEOF
#define VTIME  MX_VTIME
#define VMIN   MX_VMIN
#define VSTART MX_VSTART
#define VSTOP  MX_VSTOP
#define VSUSP  MX_VSUSP
#define VWERASE MX_VWERASE

#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
int tcflush(int fd, int queue);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
#endif
