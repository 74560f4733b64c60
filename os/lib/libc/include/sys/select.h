#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
#include <sys/types.h>
#include <sys/time.h>
#include <mx/vfs.h>

/* One 32-bit word: MX_OPEN_MAX descriptors. */
#define FD_SETSIZE MX_OPEN_MAX
typedef struct { uint32_t bits; } fd_set;
#define FD_ZERO(s)     ((s)->bits = 0)
#define FD_SET(fd, s)  ((s)->bits |= 1u << (fd))
#define FD_CLR(fd, s)  ((s)->bits &= ~(1u << (fd)))
#define FD_ISSET(fd, s) (((s)->bits >> (fd)) & 1)

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout);
#endif
