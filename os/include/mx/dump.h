/*
 * IS dumps: the keys, as the guest IS, the debug channel, mxdump and the
 * gdb-scripts name them.  The text format of each dump is documented in
 * docs/dumps.md; the guest and the host render the same fields the same way.
 * Shared by the guest and the host tools.
 */
#ifndef MX_DUMP_H
#define MX_DUMP_H

/* X(name, key number, console key, short name, title) */
#define MX_DUMPS(X) \
	X(PROCTAB,  1, "F1",  "proc",   "Kernel process table") \
	X(MEMMAP,   2, "F2",  "memmap", "Process memory map") \
	X(PRIVS,    3, "F3",  "privs",  "Privileges and send masks") \
	X(IRQS,     4, "F4",  "irqs",   "IRQ hooks") \
	X(IPCSTATS, 5, "F5",  "ipc",    "IPC statistics and pair matrix") \
	X(TRACE,    6, "F6",  "trace",  "Trace ring status") \
	X(PM,       7, "S-F1","pm",     "PM process table") \
	X(VFS,      8, "S-F2","vfs",    "VFS processes, threads and locks") \
	X(DMAP,     9, "S-F3","dmap",   "VFS device map") \
	X(RS,      10, "S-F4","rs",     "RS services") \
	X(DS,      11, "S-F5","ds",     "DS entries") \
	X(VM,      12, "S-F6","vm",     "VM regions")

enum mx_dump_key {
#define MX_DUMP_ENUM(name, num, fkey, sname, title) MX_DUMP_##name = num,
	MX_DUMPS(MX_DUMP_ENUM)
#undef MX_DUMP_ENUM
	MX_DUMP_MAX
};

/*
 * IS_DUMP (callnr.h): render dump `key` into the caller's buffer.  The
 * reply's m_type is the number of bytes written (the text, no NUL), and
 * total how long the whole text is (more than len: it was cut).
 * DEV_FKEY (TTY to IS): w[0] is the dump key of the function key pressed.
 */
#include <stdint.h>
struct is_dump_req { uint32_t key; uint32_t buf; uint32_t len; uint32_t total; };

#endif
