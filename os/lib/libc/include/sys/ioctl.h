#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#include <mx/vfs.h>

/* Request numbers encode their argument's size and direction (mx/vfs.h). */
#define TCGETS     MX_TCGETS
#define TCSETS     MX_TCSETS
#define TCSETSW    MX_TCSETSW
#define TCSETSF    MX_TCSETSF
#define TIOCGPGRP  MX_TIOCGPGRP
#define TIOCSPGRP  MX_TIOCSPGRP
#define TIOCGWINSZ MX_TIOCGWINSZ
#define TIOCSWINSZ MX_TIOCSWINSZ
#define TCFLSH     MX_TCFLSH
#define FIONREAD   MX_FIONREAD
struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; };

int ioctl(int fd, unsigned long req, ...);
#endif
