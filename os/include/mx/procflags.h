/*
 * Process and privilege flags as every tool shows them.
 *
 * A process runs only when its runtime flags (RTS) are all clear.  Each
 * flag has one letter; dumps render the flags as a fixed-width string in
 * the order below, '-' for a clear flag, in the guest IS, mxdump, the
 * gdb-scripts and mxtop alike.  Shared by the guest and the host tools.
 */
#ifndef MX_PROCFLAGS_H
#define MX_PROCFLAGS_H

/* X(name, bit, letter, meaning) */
#define MX_RTS_FLAGS(X) \
	X(SLOT_FREE,  0x0001, 'F', "slot is free") \
	X(SENDING,    0x0002, 'S', "blocked sending to p_sendto") \
	X(RECEIVING,  0x0004, 'R', "blocked receiving from p_getfrom") \
	X(PROC_STOP,  0x0008, 'T', "stopped by its tracer or by RUNCTL") \
	X(NO_PRIV,    0x0010, 'P', "has no privileges yet") \
	X(PAGEFAULT,  0x0020, 'V', "waiting for VM to resolve a page fault") \
	X(SIG_PENDING,0x0040, 'G', "kernel signal pending at its signal manager") \
	X(NO_QUANTUM, 0x0080, 'Q', "out of quantum (scheduler)") \
	X(BOOTING,    0x0100, 'B', "not yet started") \
	X(EXITING,    0x0200, 'X', "exited, waiting to be cleared")

enum mx_rts_flag {
#define MX_RTS_ENUM(name, bit, letter, text) MX_RTS_##name = bit,
	MX_RTS_FLAGS(MX_RTS_ENUM)
#undef MX_RTS_ENUM
};

/* Miscellaneous flags: X(name, bit, letter, meaning) */
#define MX_MF_FLAGS(X) \
	X(REPLY_PEND, 0x0001, 'r', "in SENDREC: the send is done, waiting for the reply") \
	X(TRACED,     0x0002, 't', "traced (ptrace)") \
	X(SC_TRACE,   0x0004, 'c', "stops at system-call entry and exit") \
	X(SC_ACTIVE,  0x0008, 'a', "its traced system call runs: it stops when the call returns") \
	X(STEP,       0x0010, 's', "single-stepping") \
	X(ASYNMSG,    0x0020, 'A', "has asynchronous messages pending") \
	X(SYSTEM,     0x0040, 'Y', "system process (own privileges)") \
	X(KCALL_WAIT, 0x0080, 'K', "kernel call suspended until VM answers") \
	X(IOPL,       0x0100, 'I', "may run I/O instructions") \
	X(SC_ENTRY,   0x0200, 'e', "stopped at system-call entry: the next trap runs the call")

enum mx_mf_flag {
#define MX_MF_ENUM(name, bit, letter, text) MX_MF_##name = bit,
	MX_MF_FLAGS(MX_MF_ENUM)
#undef MX_MF_ENUM
};

/* Privilege flags: X(name, bit, letter, meaning) */
#define MX_PF_FLAGS(X) \
	X(SYS_PROC,    0x01, 'S', "system process") \
	X(PREEMPTIBLE, 0x02, 'P', "may be preempted") \
	X(BILLABLE,    0x04, 'B', "pays for its kernel calls") \
	X(DYN_IPC,     0x08, 'D', "IPC rights may change at run time") \
	X(SIG_MGR,     0x10, 'M', "is a signal manager")

enum mx_pf_flag {
#define MX_PF_ENUM(name, bit, letter, text) MX_PF_##name = bit,
	MX_PF_FLAGS(MX_PF_ENUM)
#undef MX_PF_ENUM
};

#define MX_NR_QUEUES   16      /* scheduling priorities, 0 is highest */
#define MX_USER_Q       8      /* default priority of user processes */
#define MX_IDLE_Q      15      /* only IDLE runs here */

#endif
