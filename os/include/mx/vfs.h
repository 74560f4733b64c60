/*
 * The VFS protocol: message bodies of the VFS_* requests (callnr.h) that
 * libc sends with SENDREC to MX_VFS, and the structures, flags and ioctl
 * numbers they carry.  Addresses (path, buf, ...) are in the caller's
 * address space; VFS copies through them itself.  A path is passed with
 * its length without the terminating NUL (at most MX_PATH_MAX - 1 bytes).
 * The reply's m_type is the result: >= 0 on success (a descriptor, a byte
 * count, or 0), or a negative error (errno.h); values noted "reply:" come
 * back in the same body.  The PM-to-VFS requests (VFS_PM_*) are in pm.h.
 * Shared by the guest and the host tools.
 */
#ifndef MX_VFS_H
#define MX_VFS_H

#include <stdint.h>
#include "ipc.h"

#define MX_PATH_MAX   256      /* bytes of a path, NUL included */
#define MX_NAME_MAX    60      /* bytes of one path component, NUL excluded */
#define MX_OPEN_MAX    32      /* descriptors per process (fd sets are one 32-bit word) */
#define MX_PIPE_BUF   512      /* writes up to this size to a pipe are atomic */
#define MX_PIPE_SIZE 4096      /* bytes a pipe holds */

/* ---- Request bodies -------------------------------------------------------- */

/* VFS_OPEN: reply m_type = the new descriptor (the lowest free one). */
struct vfs_open     { uint32_t path; uint32_t path_len; uint32_t flags; /* MX_O_* */ uint32_t mode; /* MX_S_I* permissions, with MX_O_CREAT */ };
/* VFS_CLOSE */
struct vfs_close    { int32_t fd; };
/* VFS_READ, VFS_WRITE, VFS_GETDENTS: reply m_type = bytes transferred
 * (GETDENTS: bytes of whole struct mx_dirent records; 0 at the end). */
struct vfs_io       { int32_t fd; uint32_t buf; uint32_t len; };
/* VFS_LSEEK: reply m_type 0 and pos = the new position. */
struct vfs_lseek    { int32_t fd; int32_t offset; int32_t whence; /* MX_SEEK_* */ /* reply: */ int32_t pos; };
#define MX_SEEK_SET 0
#define MX_SEEK_CUR 1
#define MX_SEEK_END 2
/* VFS_STAT: buf receives a struct mx_stat. */
struct vfs_stat     { uint32_t path; uint32_t path_len; uint32_t buf; };
/* VFS_FSTAT */
struct vfs_fstat    { int32_t fd; uint32_t buf; };
/* VFS_DUP (fd) and VFS_DUP2 (fd onto fd2): reply m_type = the new descriptor. */
struct vfs_dup      { int32_t fd; int32_t fd2; };
/* VFS_PIPE: reply m_type 0 and the two descriptors. flags: MX_O_NONBLOCK, MX_O_CLOEXEC. */
struct vfs_pipe     { uint32_t flags; /* reply: */ int32_t fd_read; int32_t fd_write; };
/*
 * VFS_MKDIR (mode = permissions), VFS_UNLINK, VFS_RMDIR, VFS_CHDIR,
 * VFS_ACCESS (mode = MX_R_OK | MX_W_OK | MX_X_OK, or MX_F_OK).
 */
struct vfs_path     { uint32_t path; uint32_t path_len; uint32_t mode; };
#define MX_F_OK 0
#define MX_X_OK 1
#define MX_W_OK 2
#define MX_R_OK 4
/* VFS_RENAME */
struct vfs_rename   { uint32_t old_path; uint32_t old_len; uint32_t new_path; uint32_t new_len; };
/* VFS_FCNTL: reply m_type = the result (a descriptor, the flags, or 0). */
struct vfs_fcntl    { int32_t fd; int32_t cmd; /* MX_F_* */ int32_t arg; };
#define MX_F_DUPFD   0        /* lowest free descriptor >= arg */
#define MX_F_GETFD   1        /* descriptor flags (MX_FD_CLOEXEC) */
#define MX_F_SETFD   2
#define MX_F_GETFL   3        /* status flags and access mode (MX_O_*) */
#define MX_F_SETFL   4        /* only MX_O_APPEND and MX_O_NONBLOCK change */
#define MX_FD_CLOEXEC 1
/*
 * VFS_IOCTL: req is an MX_IOC number; arg is the address of the argument,
 * whose size and direction the number encodes (VFS copies it in and out).
 */
struct vfs_ioctl    { int32_t fd; uint32_t req; uint32_t arg; };
/*
 * VFS_SELECT: the descriptor sets are bitmaps (bit n: descriptor n) passed
 * by value; on return they hold the descriptors that are ready and m_type
 * is how many bits are set in all three.  timeout_ms < 0 waits forever,
 * 0 polls.  Regular files are always ready; pipes and the tty really wait.
 */
struct vfs_select   { uint32_t nfds; uint32_t readfds, writefds, exceptfds; int32_t timeout_ms;
                      /* reply: */ uint32_t ready_read, ready_write, ready_except; };
/* VFS_GETCWD: buf receives the absolute path, NUL-terminated; reply m_type = its length. */
struct vfs_getcwd   { uint32_t buf; uint32_t len; };
/* VFS_FTRUNCATE */
struct vfs_ftruncate { int32_t fd; uint32_t length; };
/*
 * VFS_MMAP_FILE: mmap() of a regular file (MX_PROT_*, MX_MAP_* of vm.h).
 * VFS asks VM for the region and fills it with the file's contents from
 * offset (a page multiple); reply m_type 0 and result = the address.
 * Writes to the mapping never reach the file, so MX_MAP_SHARED is only
 * allowed without MX_PROT_WRITE (ENOTSUP otherwise).
 */
struct vfs_mmap_file { uint32_t addr; uint32_t len; uint32_t prot; uint32_t flags; int32_t fd; uint32_t offset;
                       /* reply: */ uint32_t result; };
/* VFS_SYNC: no arguments. */
/*
 * VFS_DEBUG_DEADLOCK: start two worker threads that take the seeds' thread A /
 * thread B vmnt/vnode locks and deadlock for good.  Honoured only when VFS
 * was started with the argument "debug-deadlock" (or built with
 * -DVFS_DEBUG_DEADLOCK=1); EPERM otherwise.  The reply comes once both
 * threads are stuck, and names them and the two locks.
 *   where = MX_DL_SCRATCH: on a private vmnt and vnode (the rest of VFS keeps working)
 *   where = MX_DL_ROOT:    on the root file system's vmnt and the vnode of path
 *                          (calls that need that vmnt hang, as in the seeds)
 */
struct vfs_debug_deadlock { uint32_t where; uint32_t path; uint32_t path_len;
                            /* reply: */ int32_t tid_a, tid_b; int32_t lock_vmnt, lock_vnode; };
#define MX_DL_SCRATCH 0
#define MX_DL_ROOT    1

/* ---- Open flags (the Linux i386 values) ---------------------------------- */
#define MX_O_RDONLY    00
#define MX_O_WRONLY    01
#define MX_O_RDWR      02
#define MX_O_ACCMODE   03
#define MX_O_CREAT     0100
#define MX_O_EXCL      0200
#define MX_O_NOCTTY    0400
#define MX_O_TRUNC     01000
#define MX_O_APPEND    02000
#define MX_O_NONBLOCK  04000
#define MX_O_DIRECTORY 0200000
#define MX_O_CLOEXEC   02000000

/* ---- File modes ------------------------------------------------------------- */
#define MX_S_IFMT   0170000
#define MX_S_IFSOCK 0140000
#define MX_S_IFREG  0100000
#define MX_S_IFBLK  0060000
#define MX_S_IFDIR  0040000
#define MX_S_IFCHR  0020000
#define MX_S_IFIFO  0010000
#define MX_S_ISUID  04000
#define MX_S_ISGID  02000
#define MX_S_ISVTX  01000
#define MX_S_IRWXU  00700
#define MX_S_IRUSR  00400
#define MX_S_IWUSR  00200
#define MX_S_IXUSR  00100
#define MX_S_IRWXG  00070
#define MX_S_IRWXO  00007
#define MX_S_ISDIR(m) (((m) & MX_S_IFMT) == MX_S_IFDIR)
#define MX_S_ISREG(m) (((m) & MX_S_IFMT) == MX_S_IFREG)
#define MX_S_ISCHR(m) (((m) & MX_S_IFMT) == MX_S_IFCHR)
#define MX_S_ISBLK(m) (((m) & MX_S_IFMT) == MX_S_IFBLK)
#define MX_S_ISFIFO(m) (((m) & MX_S_IFMT) == MX_S_IFIFO)

/* Device numbers: major in bits 8..15, minor in bits 0..7. */
#define MX_MAKEDEV(major, minor) ((((major) & 0xff) << 8) | ((minor) & 0xff))
#define MX_MAJOR(dev) (((dev) >> 8) & 0xff)
#define MX_MINOR(dev) ((dev) & 0xff)

/*
 * What stat() and fstat() return.  Times are seconds since 1970 (UTC).  The
 * fields have no st_ prefix because host C libraries define st_atime and
 * friends as macros; libc's struct stat has the same layout.
 */
struct mx_stat {
	uint32_t dev;           /* device of the file system (MX_MAKEDEV) */
	uint32_t ino;
	uint32_t mode;          /* MX_S_* */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev;          /* character or block special: its device */
	uint32_t size;
	uint32_t atime, mtime, ctime;
	uint32_t blksize;
	uint32_t blocks;        /* 512-byte units allocated */
};
_Static_assert(sizeof(struct mx_stat) == 52, "mx_stat layout");

/*
 * One directory entry as getdents() returns it: fixed-size records, so
 * d_reclen is always sizeof(struct mx_dirent); d_name is NUL-terminated.
 */
struct mx_dirent {
	uint32_t d_ino;
	uint16_t d_reclen;
	uint8_t  d_type;        /* MX_DT_* */
	uint8_t  d_namlen;
	char     d_name[MX_NAME_MAX + 4];
};
_Static_assert(sizeof(struct mx_dirent) == 72, "mx_dirent layout");
#define MX_DT_UNKNOWN 0
#define MX_DT_FIFO    1
#define MX_DT_CHR     2
#define MX_DT_DIR     4
#define MX_DT_BLK     6
#define MX_DT_REG     8

/* ---- ioctl numbers ----------------------------------------------------------
 * dir | size << 16 | group << 8 | number; VFS copies size bytes from arg to
 * the driver before the call (MX_IOC_IN) and back after it (MX_IOC_OUT).
 */
#define MX_IOC_IN    0x40000000u
#define MX_IOC_OUT   0x80000000u
#define MX_IOC_INOUT (MX_IOC_IN | MX_IOC_OUT)
#define MX_IOC_SIZE_MAX 0x1fff
#define MX_IOC(dir, group, num, size) \
	((uint32_t)(dir) | ((uint32_t)((size) & MX_IOC_SIZE_MAX) << 16) | ((uint32_t)(group) << 8) | (uint32_t)(num))
#define MX_IOC_SIZE(req)  (((req) >> 16) & MX_IOC_SIZE_MAX)
#define MX_IOC_GROUP(req) (((req) >> 8) & 0xff)

/* Terminal settings (POSIX termios; the Linux flag values). */
#define MX_NCCS 16
struct mx_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t  c_cc[MX_NCCS];
	uint32_t c_ispeed, c_ospeed;
};
/* c_iflag */
#define MX_IGNBRK  0000001
#define MX_BRKINT  0000002
#define MX_INLCR   0000100
#define MX_IGNCR   0000200
#define MX_ICRNL   0000400
#define MX_IXON    0002000
/* c_oflag */
#define MX_OPOST   0000001
#define MX_ONLCR   0000004
/* c_cflag */
#define MX_CS8     0000060
#define MX_CREAD   0000200
#define MX_CLOCAL  0004000
/* c_lflag */
#define MX_ISIG    0000001    /* INTR, QUIT and SUSP characters send signals */
#define MX_ICANON  0000002    /* line editing: ERASE, KILL, EOF, lines */
#define MX_ECHO    0000010
#define MX_ECHOE   0000020    /* ERASE erases on screen */
#define MX_ECHOK   0000040
#define MX_ECHONL  0000100
#define MX_NOFLSH  0000200
#define MX_TOSTOP  0000400
#define MX_IEXTEN  0100000
/* c_cc indices */
#define MX_VINTR   0          /* ^C  SIGINT to the foreground process group */
#define MX_VQUIT   1          /* ^\  SIGQUIT */
#define MX_VERASE  2          /* ^H or DEL: erase a character */
#define MX_VKILL   3          /* ^U  erase the line */
#define MX_VEOF    4          /* ^D  end of file */
#define MX_VTIME   5
#define MX_VMIN    6
#define MX_VSTART  8
#define MX_VSTOP   9
#define MX_VSUSP   10         /* ^Z  SIGTSTP */
#define MX_VWERASE 14         /* ^W  erase a word */

struct mx_winsize { uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel; };

#define MX_TCGETS     MX_IOC(MX_IOC_OUT, 'T', 1, sizeof(struct mx_termios))
#define MX_TCSETS     MX_IOC(MX_IOC_IN,  'T', 2, sizeof(struct mx_termios))  /* now */
#define MX_TCSETSW    MX_IOC(MX_IOC_IN,  'T', 3, sizeof(struct mx_termios))  /* after output drains */
#define MX_TCSETSF    MX_IOC(MX_IOC_IN,  'T', 4, sizeof(struct mx_termios))  /* and discard pending input */
#define MX_TIOCGPGRP  MX_IOC(MX_IOC_OUT, 'T', 5, 4)  /* int32: the foreground process group */
#define MX_TIOCSPGRP  MX_IOC(MX_IOC_IN,  'T', 6, 4)
#define MX_TIOCGWINSZ MX_IOC(MX_IOC_OUT, 'T', 7, sizeof(struct mx_winsize))
#define MX_TIOCSWINSZ MX_IOC(MX_IOC_IN,  'T', 8, sizeof(struct mx_winsize))
#define MX_TCFLSH     MX_IOC(MX_IOC_IN,  'T', 9, 4)  /* int32: 0 input, 1 output, 2 both */
#define MX_FIONREAD   MX_IOC(MX_IOC_OUT, 'f', 1, 4)  /* int32: bytes ready to read */

MX_BODY_CHECK(struct vfs_open);
MX_BODY_CHECK(struct vfs_select);
MX_BODY_CHECK(struct vfs_debug_deadlock);

#endif
