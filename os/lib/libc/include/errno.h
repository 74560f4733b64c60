#ifndef _ERRNO_H
#define _ERRNO_H
#include <mx/errno.h>
/* The plain POSIX names, from the one list in mx/errno.h. */
enum {
#define LIBC_ERRNO(name, num, text) name = num,
	MX_ERRORS(LIBC_ERRNO)
#undef LIBC_ERRNO
};
#define EWOULDBLOCK EAGAIN
#ifndef OK
#define OK 0
#endif
extern int errno;
#endif
