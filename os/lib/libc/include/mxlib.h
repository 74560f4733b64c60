/*
 * MX-specific parts of libc: the one function every system-call wrapper
 * goes through, and calls with no POSIX name (the process list, reboot).
 */
#ifndef _MXLIB_H
#define _MXLIB_H
#include <sys/types.h>
#include <mx/ipc.h>
#include <mx/callnr.h>
#include <mx/pm.h>

/*
 * Send request type in m to server who and wait for the reply.  Returns the
 * reply's m_type if it is >= 0; otherwise sets errno and returns -1.  The
 * reply's body is left in m.
 */
int _syscall(mx_endpoint_t who, int type, mx_message *m);

/* Up to n entries of PM's process list; the count, or -1. */
int getprocs(struct mx_psinfo *buf, int n);
/* Stop the machine: how is MX_ABORT_* (mx/kcall.h); code is QEMU's exit code for MX_ABORT_EXIT. */
int reboot(int how, int code);
/* The pid of the process at endpoint ep, or -1. */
pid_t ep_to_pid(mx_endpoint_t ep);
/* The name of a call number ("read", "fork", ...), or NULL: for trace and diagnostics. */
const char *mx_call_name(int type);

/* The allocator's view of itself, for tests: malloc_check() walks the whole
 * heap and returns 0 if it is consistent (else -1, with a line on fd 2). */
struct malloc_stats {
	size_t heap_bytes;           /* obtained with brk */
	size_t mmap_bytes;           /* in blocks mapped on their own */
	size_t free_bytes;           /* in free chunks */
	size_t free_chunks;
};
int malloc_check(void);
void malloc_stats(struct malloc_stats *st);
#endif
