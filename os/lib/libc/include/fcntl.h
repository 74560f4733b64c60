#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <mx/vfs.h>

#define O_RDONLY    MX_O_RDONLY
#define O_WRONLY    MX_O_WRONLY
#define O_RDWR      MX_O_RDWR
#define O_ACCMODE   MX_O_ACCMODE
#define O_CREAT     MX_O_CREAT
#define O_EXCL      MX_O_EXCL
#define O_NOCTTY    MX_O_NOCTTY
#define O_TRUNC     MX_O_TRUNC
#define O_APPEND    MX_O_APPEND
#define O_NONBLOCK  MX_O_NONBLOCK
#define O_DIRECTORY MX_O_DIRECTORY
#define O_CLOEXEC   MX_O_CLOEXEC

#define F_DUPFD   MX_F_DUPFD
#define F_GETFD   MX_F_GETFD
#define F_SETFD   MX_F_SETFD
#define F_GETFL   MX_F_GETFL
#define F_SETFL   MX_F_SETFL
#define FD_CLOEXEC MX_FD_CLOEXEC

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);
#endif
