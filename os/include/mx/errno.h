/*
 * Error numbers, defined once.  The kernel and the servers return them
 * negated (OK is 0); libc stores them positive in errno.  The host tools and
 * the gdb-scripts get the names from this same list (MX_ERRORS).
 */
#ifndef MX_ERRNO_H
#define MX_ERRNO_H

#define MX_ERRORS(X) \
	X(EPERM,         1, "operation not permitted") \
	X(ENOENT,        2, "no such file or directory") \
	X(ESRCH,         3, "no such process") \
	X(EINTR,         4, "interrupted call") \
	X(EIO,           5, "input/output error") \
	X(ENXIO,         6, "no such device or address") \
	X(E2BIG,         7, "argument list too long") \
	X(ENOEXEC,       8, "exec format error") \
	X(EBADF,         9, "bad file descriptor") \
	X(ECHILD,       10, "no child processes") \
	X(EAGAIN,       11, "resource temporarily unavailable") \
	X(ENOMEM,       12, "out of memory") \
	X(EACCES,       13, "permission denied") \
	X(EFAULT,       14, "bad address") \
	X(ENOTBLK,      15, "block device required") \
	X(EBUSY,        16, "resource busy") \
	X(EEXIST,       17, "file exists") \
	X(EXDEV,        18, "cross-device link") \
	X(ENODEV,       19, "no such device") \
	X(ENOTDIR,      20, "not a directory") \
	X(EISDIR,       21, "is a directory") \
	X(EINVAL,       22, "invalid argument") \
	X(ENFILE,       23, "too many open files in system") \
	X(EMFILE,       24, "too many open files") \
	X(ENOTTY,       25, "inappropriate ioctl for device") \
	X(ETXTBSY,      26, "text file busy") \
	X(EFBIG,        27, "file too large") \
	X(ENOSPC,       28, "no space left on device") \
	X(ESPIPE,       29, "invalid seek") \
	X(EROFS,        30, "read-only file system") \
	X(EMLINK,       31, "too many links") \
	X(EPIPE,        32, "broken pipe") \
	X(EDOM,         33, "domain error") \
	X(ERANGE,       34, "result too large") \
	X(EDEADLK,      35, "resource deadlock avoided") \
	X(ENAMETOOLONG, 36, "file name too long") \
	X(ENOLCK,       37, "no locks available") \
	X(ENOSYS,       38, "function not implemented") \
	X(ENOTEMPTY,    39, "directory not empty") \
	X(ELOOP,        40, "too many symbolic links") \
	X(ENOTSUP,      41, "operation not supported") \
	X(ETIMEDOUT,    42, "timed out") \
	X(EOVERFLOW,    43, "value too large") \
	/* IPC and kernel errors (MINIX numbering is not kept, the names are) */ \
	X(ELOCKED,     101, "IPC would deadlock: send cycle") \
	X(EBADCALL,    102, "bad IPC or kernel call number") \
	X(ECALLDENIED, 103, "call denied by privilege mask") \
	X(EDEADSRCDST, 104, "source or destination is dead or bogus") \
	X(ENOTREADY,   105, "destination not ready") \
	X(EBADREQUEST, 106, "bad request") \
	X(EDONTREPLY,  107, "do not reply (internal)") \
	X(ESTALEPORT,  108, "stale port id") \
	X(EBADCAP,     109, "capability does not match") \
	X(ETRUNC,      110, "data truncated") \
	X(ERESTART,    111, "restart the call (internal)") \
	X(ESUSPEND,    112, "caller suspended (internal)")

/* Prefixed, so the host tools can include this beside their own <errno.h>;
 * the guest's <errno.h> adds the plain names from the same list. */
enum mx_errno {
#define MX_ERRNO_ENUM(name, num, text) MX_##name = num,
	MX_ERRORS(MX_ERRNO_ENUM)
#undef MX_ERRNO_ENUM
};

#define MX_OK 0
#define MX_ERRNO_MAX 112

#endif
