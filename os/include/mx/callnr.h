/*
 * Request numbers of every server protocol, defined once.  A request is a
 * message whose m_type is one of these; the reply's m_type is the result
 * (0 or a negative error).  Each server has its own range, so a message
 * type alone says which protocol it belongs to (the tools rely on that).
 * X(name, number, description)
 * Shared by the guest and the host tools.
 */
#ifndef MX_CALLNR_H
#define MX_CALLNR_H

#define MX_PM_BASE   0x100
#define MX_VFS_BASE  0x200
#define MX_VM_BASE   0x300
#define MX_DS_BASE   0x400
#define MX_RS_BASE   0x500
#define MX_IS_BASE   0x600
#define MX_DEV_BASE  0x700
#define MX_FS_BASE   0x800
#define MX_SEF_BASE  0x900
#define MX_PORT_BASE 0xa00
#define MX_TEST_BASE 0xf00

/* PM: processes and signals (POSIX calls). */
#define MX_PM_CALLS(X) \
	X(PM_EXIT,       0x100, "exit") \
	X(PM_FORK,       0x101, "fork") \
	X(PM_WAITPID,    0x102, "waitpid") \
	X(PM_EXEC,       0x103, "execve") \
	X(PM_GETPID,     0x104, "getpid") \
	X(PM_GETPPID,    0x105, "getppid") \
	X(PM_KILL,       0x106, "kill") \
	X(PM_SIGACTION,  0x107, "sigaction") \
	X(PM_SIGPROCMASK,0x108, "sigprocmask") \
	X(PM_SIGRETURN,  0x109, "sigreturn") \
	X(PM_SIGSUSPEND, 0x10a, "sigsuspend") \
	X(PM_SIGPENDING, 0x10b, "sigpending") \
	X(PM_ALARM,      0x10c, "alarm") \
	X(PM_PAUSE,      0x10d, "pause") \
	X(PM_SETPGID,    0x10e, "setpgid") \
	X(PM_GETPGRP,    0x10f, "getpgrp") \
	X(PM_SETSID,     0x110, "setsid") \
	X(PM_TIMES,      0x111, "times") \
	X(PM_TIME,       0x112, "time") \
	X(PM_REBOOT,     0x113, "reboot") \
	X(PM_PTRACE,     0x114, "ptrace") \
	X(PM_GETUID,     0x115, "getuid") \
	X(PM_GETPROCS,   0x116, "getprocs") \
	X(PM_SLEEP,      0x117, "nanosleep") \
	X(PM_SRV_FORK,   0x118, "srv_fork (RS)") \
	X(PM_SRV_KILL,   0x119, "srv_kill (RS)") \
	X(PM_GETEPINFO,  0x11a, "getepinfo") \
	X(PM_CLOCK,      0x11b, "clock_gettime") \
	X(PM_SETUID,     0x11c, "setuid")

/* VFS: files (POSIX calls). */
#define MX_VFS_CALLS(X) \
	X(VFS_OPEN,      0x200, "open") \
	X(VFS_CLOSE,     0x201, "close") \
	X(VFS_READ,      0x202, "read") \
	X(VFS_WRITE,     0x203, "write") \
	X(VFS_LSEEK,     0x204, "lseek") \
	X(VFS_STAT,      0x205, "stat") \
	X(VFS_FSTAT,     0x206, "fstat") \
	X(VFS_DUP,       0x207, "dup") \
	X(VFS_DUP2,      0x208, "dup2") \
	X(VFS_PIPE,      0x209, "pipe") \
	X(VFS_GETDENTS,  0x20a, "getdents") \
	X(VFS_MKDIR,     0x20b, "mkdir") \
	X(VFS_UNLINK,    0x20c, "unlink") \
	X(VFS_RMDIR,     0x20d, "rmdir") \
	X(VFS_RENAME,    0x20e, "rename") \
	X(VFS_CHDIR,     0x20f, "chdir") \
	X(VFS_FCNTL,     0x210, "fcntl") \
	X(VFS_IOCTL,     0x211, "ioctl") \
	X(VFS_SELECT,    0x212, "select") \
	X(VFS_GETCWD,    0x213, "getcwd") \
	X(VFS_FTRUNCATE, 0x214, "ftruncate") \
	X(VFS_ACCESS,    0x215, "access") \
	X(VFS_MMAP_FILE, 0x216, "mmap (file)") \
	X(VFS_SYNC,      0x217, "sync") \
	X(VFS_PM_FORK,   0x240, "PM: fork") \
	X(VFS_PM_EXIT,   0x241, "PM: exit") \
	X(VFS_PM_EXEC,   0x242, "PM: exec") \
	X(VFS_PM_UNPAUSE,0x243, "PM: unpause") \
	X(VFS_PM_SETPID, 0x244, "PM: new process") \
	X(VFS_DEBUG_DEADLOCK, 0x260, "deadlock scenario (debug)")

/* VM: memory. */
#define MX_VM_CALLS(X) \
	X(VM_BRK,        0x300, "brk") \
	X(VM_MMAP,       0x301, "mmap") \
	X(VM_MUNMAP,     0x302, "munmap") \
	X(VM_MPROTECT,   0x303, "mprotect") \
	X(VM_FORK,       0x310, "PM: fork address space") \
	X(VM_EXIT,       0x311, "PM: free address space") \
	X(VM_EXEC_NEW,   0x312, "PM: new address space for exec") \
	X(VM_EXEC_DONE,  0x313, "PM: exec done") \
	X(VM_INFO,       0x314, "memory statistics") \
	X(VM_SHM_CREATE, 0x315, "create a shared segment") \
	X(VM_SHM_MAP,    0x316, "map a shared segment") \
	X(VM_GETREGIONS, 0x317, "a process's regions") \
	X(VM_MAP_PHYS,   0x318, "map physical memory (drivers)")

/* DS: data store. */
#define MX_DS_CALLS(X) \
	X(DS_PUBLISH,    0x400, "publish") \
	X(DS_RETRIEVE,   0x401, "retrieve") \
	X(DS_SUBSCRIBE,  0x402, "subscribe") \
	X(DS_CHECK,      0x403, "check") \
	X(DS_DELETE,     0x404, "delete")

/* RS: services. */
#define MX_RS_CALLS(X) \
	X(RS_UP,         0x500, "service up") \
	X(RS_DOWN,       0x501, "service down") \
	X(RS_RESTART,    0x502, "service restart") \
	X(RS_REFRESH,    0x503, "service refresh") \
	X(RS_LIST,       0x504, "service list") \
	X(RS_INIT,       0x505, "SEF: init done") \
	X(RS_LOOKUP,     0x506, "label to endpoint")

/* IS: dumps. */
#define MX_IS_CALLS(X) \
	X(IS_DUMP,       0x600, "render a dump")

/* Character and block drivers. */
#define MX_DEV_CALLS(X) \
	X(DEV_OPEN,      0x700, "open") \
	X(DEV_CLOSE,     0x701, "close") \
	X(DEV_READ,      0x702, "read") \
	X(DEV_WRITE,     0x703, "write") \
	X(DEV_IOCTL,     0x704, "ioctl") \
	X(DEV_SELECT,    0x705, "select") \
	X(DEV_CANCEL,    0x706, "cancel") \
	X(DEV_REPLY,     0x710, "reply to VFS") \
	X(DEV_SEL_REPLY, 0x711, "select became ready") \
	X(DEV_FKEY,      0x712, "function key")

/* VFS to file-system server. */
#define MX_FS_CALLS(X) \
	X(FS_LOOKUP,     0x800, "lookup") \
	X(FS_READWRITE,  0x801, "read/write") \
	X(FS_CREATE,     0x802, "create") \
	X(FS_MKDIR,      0x803, "mkdir") \
	X(FS_UNLINK,     0x804, "unlink") \
	X(FS_RMDIR,      0x805, "rmdir") \
	X(FS_RENAME,     0x806, "rename") \
	X(FS_STAT,       0x807, "stat") \
	X(FS_GETDENTS,   0x808, "getdents") \
	X(FS_TRUNC,      0x809, "truncate") \
	X(FS_PUTNODE,    0x80a, "put node") \
	X(FS_MOUNTROOT,  0x80b, "mount root") \
	X(FS_SYNC,       0x80c, "sync") \
	X(FS_NEWNODE,    0x80d, "new pipe node")

/* SEF: system event framework. */
#define MX_SEF_CALLS(X) \
	X(SEF_SIGNAL,    0x902, "signal (RS to a service)")

/* Named ports. */
#define MX_PORT_CALLS(X) \
	X(PORT_REGISTER,   0xa00, "register") \
	X(PORT_UNREGISTER, 0xa01, "unregister") \
	X(PORT_LOOKUP,     0xa02, "lookup") \
	X(PORT_TRANS,      0xa03, "trans") \
	X(PORT_SEND,       0xa04, "send") \
	X(PORT_REPLY,      0xa05, "reply")

#define MX_ALL_CALLS(X) MX_PM_CALLS(X) MX_VFS_CALLS(X) MX_VM_CALLS(X) MX_DS_CALLS(X) \
	MX_RS_CALLS(X) MX_IS_CALLS(X) MX_DEV_CALLS(X) MX_FS_CALLS(X) MX_SEF_CALLS(X) MX_PORT_CALLS(X)

enum mx_callnr {
#define MX_CALL_ENUM(name, num, text) MX_##name = num,
	MX_ALL_CALLS(MX_CALL_ENUM)
#undef MX_CALL_ENUM
};

#endif
