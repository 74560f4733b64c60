/* Snapshot scenarios shared by the host tools' tests (see snapdb.h). */
#include <mx/endpoint.h>
#include <mx/callnr.h>
#include <mx/tables.h>
#include <mx/procflags.h>
#include "snapdb.h"

static const char *const boot_names[MX_NR_BOOT_FIXED] = {
	"idle", "clock", "system", "hardware", "pm", "vfs", "rs", "vm", "ds", "tty", "memory", "fs", "is", "init",
};

void scen_boot(sqlite3 *db, long long snap)
{
	for (int s = 0; s < MX_NR_BOOT_FIXED; s++) {
		const char *state = s == 0 ? "RUN" : "RECV";
		snapdb_proc(db, snap, s, 0, boot_names[s], state, MX_NONE, s == 0 ? -1 : SCEN_TSC - 1000000, -1);
	}
}

/* Replace the row of a boot process with a blocked one. */
static void reblock(sqlite3 *db, long long snap, int slot, const char *state, mx_endpoint_t peer, long long since,
		    int type)
{
	snapdb_exec(db, "DELETE FROM processes WHERE snap_id = %lld AND slot = %d", snap, slot);
	snapdb_proc(db, snap, slot, 0, boot_names[slot], state, peer, since, type);
}

long long scen_stuck(sqlite3 *db)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	reblock(db, s, MX_FS, "REPLY-WAIT", MX_MEM, 8100000000LL, MX_DEV_READ);
	reblock(db, s, MX_INIT, "REPLY-WAIT", MX_PM, 1000000000LL, MX_PM_WAITPID);
	snapdb_proc(db, s, 20, 2, "sh", "REPLY-WAIT", MX_VFS, 8000000000LL, MX_VFS_READ);
	snapdb_proc(db, s, 21, 1, "cat", "RUN", MX_NONE, -1, -1);
	snapdb_proc(db, s, 22, 0, "ls", "REPLY-WAIT", MX_VFS, 7900000000LL, MX_VFS_GETDENTS);
	snapdb_regtable(db, s, "vfs.threads", MX_VFS, NULL);
	snapdb_regtable(db, s, "vfs.locks", MX_VFS, NULL);
	snapdb_thread(db, s, "vfs.threads", 0, "worker0", MX_TS_IDLE, MX_NONE, 0, -1, 0, MX_NONE, 0);
	snapdb_thread(db, s, "vfs.threads", 1, "worker1", MX_TS_LOCK_WAIT, MX_EP(2, 20), MX_VFS_READ, 12, MX_LM_WRITE,
		      MX_NONE, 8000000000LL);
	snapdb_thread(db, s, "vfs.threads", 2, "worker2", MX_TS_IPC_WAIT, MX_EP(0, 22), MX_VFS_GETDENTS, -1, 0, MX_FS,
		      8050000000LL);
	snapdb_lock(db, s, "vfs.locks", 3, "vmnt 0", MX_LK_VMNT, 0, MX_LM_READ, -1, (1u << 1) | (1u << 2), 7950000000LL);
	snapdb_lock(db, s, "vfs.locks", 12, "vnode 12", MX_LK_VNODE, 12, MX_LM_WRITE, 2, 1u << 2, 7950000000LL);
	return s;
}

long long scen_deadlock(sqlite3 *db)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	reblock(db, s, MX_FS, "REPLY-WAIT", MX_VFS, 5000000000LL, MX_VFS_STAT);
	snapdb_proc(db, s, 20, 2, "sh", "REPLY-WAIT", MX_VFS, 6000000000LL, MX_VFS_OPEN);
	snapdb_proc(db, s, 30, 0, "ping", "SEND", MX_EP(0, 31), 7000000000LL, MX_TEST_BASE + 1);
	snapdb_proc(db, s, 31, 0, "pong", "SEND", MX_EP(0, 30), 7000000000LL, MX_TEST_BASE + 1);
	snapdb_regtable(db, s, "vfs.threads", MX_VFS, NULL);
	snapdb_regtable(db, s, "vfs.locks", MX_VFS, NULL);
	snapdb_thread(db, s, "vfs.threads", 1, "worker1", MX_TS_LOCK_WAIT, MX_FS, MX_VFS_STAT, 7, MX_LM_WRITE, MX_NONE,
		      5000000000LL);
	snapdb_thread(db, s, "vfs.threads", 2, "worker2", MX_TS_IPC_WAIT, MX_NONE, 0, -1, 0, MX_FS, 4000000000LL);
	snapdb_thread(db, s, "vfs.threads", 3, "worker3", MX_TS_LOCK_WAIT, MX_EP(2, 20), MX_VFS_OPEN, 7, MX_LM_READ,
		      MX_NONE, 6000000000LL);
	snapdb_lock(db, s, "vfs.locks", 7, "vnode 7", MX_LK_VNODE, 7, MX_LM_WRITE, 2, 1u << 2, 3900000000LL);
	return s;
}

long long scen_full(sqlite3 *db)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	const struct snapdb_proc procs[] = {
		{ .slot = 0, .name = "idle", .state = "RUN", .peer = MX_NONE, .blocked_tsc = -1, .pending_type = -1,
		  .priority = 15, .quantum = 8, .user_ticks = 0, .sys_ticks = 812, .cycles = 8120000000LL, .priv_id = 1,
		  .extra_misc = MX_MF_SYSTEM },
		{ .slot = 1, .name = "clock", .state = "RECV", .peer = MX_NONE, .blocked_tsc = 9990000000LL,
		  .pending_type = -1, .priority = 0, .quantum = 8, .sys_ticks = 3, .cycles = 2500000, .sent = 0,
		  .received = 1000, .notifies = 1000, .kcalls = 0, .priv_id = 2, .extra_misc = MX_MF_SYSTEM },
		{ .slot = 4, .name = "pm", .state = "RECV", .peer = MX_NONE, .blocked_tsc = 9500000000LL,
		  .pending_type = -1, .priority = 4, .quantum = 32, .user_ticks = 12, .sys_ticks = 30, .cycles = 123456789,
		  .sent = 410, .received = 409, .notifies = 2, .kcalls = 150, .priv_id = 3, .cr3 = 0x1f3000,
		  .extra_misc = MX_MF_SYSTEM },
		{ .slot = 5, .name = "vfs", .state = "SEND", .peer = MX_EP(0, 11), .blocked_tsc = 9750000000LL,
		  .pending_type = MX_FS_READWRITE, .priority = 4, .quantum = 32, .user_ticks = 40, .sys_ticks = 51,
		  .cycles = 456000000, .sent = 2300, .received = 2290, .notifies = 0, .kcalls = 812, .priv_id = 4,
		  .cr3 = 0x1f7000, .extra_misc = MX_MF_SYSTEM },
		{ .slot = 9, .name = "tty", .state = "RECV", .peer = MX_NONE, .blocked_tsc = 9999000000LL,
		  .pending_type = -1, .priority = 2, .quantum = 16, .user_ticks = 5, .sys_ticks = 9, .cycles = 9000000,
		  .sent = 77, .received = 120, .notifies = 43, .kcalls = 300, .priv_id = 5, .cr3 = 0x203000,
		  .extra_misc = MX_MF_SYSTEM | MX_MF_IOPL },
		{ .slot = 11, .name = "fs", .state = "REPLY-WAIT", .peer = MX_EP(0, 5), .blocked_tsc = 9800000000LL,
		  .pending_type = -1, .priority = 4, .quantum = 32, .user_ticks = 20, .sys_ticks = 22, .cycles = 210000000,
		  .sent = 1500, .received = 1499, .kcalls = 640, .priv_id = 6, .cr3 = 0x20b000, .extra_misc = MX_MF_SYSTEM },
		{ .slot = 13, .gen = 0, .name = "init", .state = "REPLY-WAIT", .peer = MX_EP(0, 4),
		  .blocked_tsc = 1000000000LL, .pending_type = MX_PM_WAITPID, .priority = 8, .quantum = 8, .user_ticks = 1,
		  .sys_ticks = 2, .cycles = 3000000, .sent = 3, .received = 2, .kcalls = 0, .priv_id = 0, .cr3 = 0x211000 },
		{ .slot = 20, .gen = 2, .name = "sh", .state = "STOPPED", .peer = MX_NONE, .blocked_tsc = -1,
		  .pending_type = -1, .priority = 8, .quantum = 8, .user_ticks = 7, .sys_ticks = 4, .cycles = 44000000,
		  .sent = 120, .received = 120, .kcalls = 0, .priv_id = 0, .cr3 = 0x215000, .extra_misc = MX_MF_TRACED,
		  .tracer = MX_EP(0, 13) },
	};
	for (unsigned i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
		snapdb_proc_full(db, s, &procs[i]);

	/* Privileges: 0 users, 1 idle, 2 clock, 3 pm, 4 vfs, 5 tty, 6 fs; ipc_to bytes in memory order. */
	snapdb_exec(db, "INSERT INTO privileges (snap_id, priv_id, endpoint, flags, flag_letters, trap_mask, kcall_mask, "
		    "ipc_to, sig_mgr, irq_mask, io_ranges) VALUES "
		    "(%lld, 0, NULL, 4, '--B--', 30, 0, '1800000000000000', 4, 0, NULL),"
		    "(%lld, 1, 0, 3, 'SP---', 0, 0, '0000000000000000', NULL, 0, NULL),"
		    "(%lld, 2, 1, 1, 'S----', 16, 0, '0000000000000000', NULL, 0, NULL),"
		    "(%lld, 3, 4, 31, 'SPBDM', 126, 4294967295, '7100000000000000', NULL, 0, NULL),"
		    "(%lld, 4, 5, 15, 'SPBD-', 126, 65535, '6900000000000000', 4, 0, ''),"
		    "(%lld, 5, 9, 7, 'SPB--', 62, 8191, '1800000000000000', 4, 2, '0x60:1,3f8:8'),"
		    "(%lld, 6, 11, 7, 'SPB--', 14, 255, '1800000000000000', 4, 0, NULL)",
		    s, s, s, s, s, s, s);
	snapdb_exec(db, "INSERT INTO irq_hooks (snap_id, hook, irq, endpoint, policy, notify_id, active) VALUES "
		    "(%lld, 0, 1, 9, 1, 0, 1), (%lld, 1, 4, 9, 3, 1, 0)", s, s);
	snapdb_exec(db, "INSERT INTO ipc_pairs (snap_id, src_slot, dst_slot, src, dst, count) VALUES "
		    "(%lld, 5, 11, 5, 11, 1500), (%lld, 11, 5, 11, 5, 1499), (%lld, 20, 5, 2068, 5, 120),"
		    "(%lld, 5, 20, 5, 2068, 120), (%lld, 1, 4, 1, 4, 250000), (%lld, 13, 4, 13, 4, 3),"
		    "(%lld, 4, 13, 4, 13, 123456789)", s, s, s, s, s, s, s);
	snapdb_exec(db, "INSERT INTO trace_status (snap_id, ctl, kinds, nrecs, head, filtered, overwritten, off_skipped, "
		    "ep_filter) VALUES (%lld, 3, %u, 65536, 1234567, 42, 1168999, 7, '30080000')", s,
		    (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 15));

	snapdb_regtable(db, s, "vm.regions", 7, NULL);
	const char *regions[] = {
		"{\"ep\":4,\"start\":134512640,\"len\":16384,\"prot\":5,\"kind\":1,\"pages\":4,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":4,\"start\":134529024,\"len\":8192,\"prot\":3,\"kind\":2,\"pages\":2,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":1073741826,\"start\":0,\"len\":0,\"prot\":0,\"kind\":0,\"pages\":0,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":4,\"start\":3221159936,\"len\":65536,\"prot\":3,\"kind\":4,\"pages\":3,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":2068,\"start\":134512640,\"len\":32768,\"prot\":13,\"kind\":1,\"pages\":8,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":2068,\"start\":134545408,\"len\":131072,\"prot\":3,\"kind\":3,\"pages\":12,\"shared_id\":0,\"offset\":0}",
		"{\"ep\":2068,\"start\":1073741824,\"len\":8192,\"prot\":1,\"kind\":7,\"pages\":1,\"shared_id\":17,\"offset\":4096}",
		"{\"ep\":4,\"start\":134537216,\"len\":4096,\"prot\":3,\"kind\":3,\"pages\":1,\"shared_id\":0,\"offset\":0}",
	};
	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		snapdb_regrow(db, s, "vm.regions", (int)i, "%s", regions[i]);

	snapdb_regtable(db, s, "pm.procs", 4, NULL);
	snapdb_regrow(db, s, "pm.procs", 0, "{\"pid\":1,\"ep\":13,\"ppid\":0,\"pgrp\":1,\"flags\":5,\"sig_pending\":0,"
		      "\"sig_mask\":0,\"exit_status\":0,\"tracer\":0,\"name\":\"init\"}");
	snapdb_regrow(db, s, "pm.procs", 1, "{\"pid\":0,\"ep\":1073741826,\"ppid\":0,\"pgrp\":0,\"flags\":0,"
		      "\"sig_pending\":0,\"sig_mask\":0,\"exit_status\":0,\"tracer\":0,\"name\":\"\"}");
	snapdb_regrow(db, s, "pm.procs", 2, "{\"pid\":7,\"ep\":2068,\"ppid\":1,\"pgrp\":7,\"flags\":25,"
		      "\"sig_pending\":256,\"sig_mask\":2,\"exit_status\":0,\"tracer\":1,\"name\":\"sh\",\"uid\":100}");

	snapdb_regtable(db, s, "vfs.fproc", 5, NULL);
	snapdb_regrow(db, s, "vfs.fproc", 0, "{\"ep\":13,\"pid\":1,\"nfds\":3,\"blocked_on\":0,\"blocked_ep\":1073741826,"
		      "\"worker\":-1,\"cwd_ino\":1}");
	snapdb_regrow(db, s, "vfs.fproc", 1, "{\"ep\":2068,\"pid\":7,\"nfds\":4,\"blocked_on\":2,\"blocked_ep\":9,"
		      "\"worker\":1,\"cwd_ino\":12}");
	snapdb_regrow(db, s, "vfs.fproc", 2, "{\"ep\":1073741826,\"pid\":0,\"nfds\":0,\"blocked_on\":0,"
		      "\"blocked_ep\":1073741826,\"worker\":-1,\"cwd_ino\":0}");
	snapdb_regtable(db, s, "vfs.threads", 5, NULL);
	snapdb_thread(db, s, "vfs.threads", 0, "worker0", MX_TS_IDLE, MX_NONE, 0, -1, 0, MX_NONE, 0);
	snapdb_thread(db, s, "vfs.threads", 1, "worker1", MX_TS_IPC_WAIT, MX_EP(2, 20), MX_VFS_READ, -1, 0, MX_TTY,
		      9500000000LL);
	snapdb_thread(db, s, "vfs.threads", 2, "worker2", MX_TS_LOCK_WAIT, MX_INIT, MX_VFS_OPEN, 12, MX_LM_WRITE, MX_NONE,
		      9750000000LL);
	snapdb_regrow(db, s, "vfs.threads", 3, "{\"tid\":-1,\"state\":0,\"client\":1073741826,\"req\":0,\"lock_wait\":-1,"
		      "\"lock_mode\":0,\"ipc_wait\":1073741826,\"since_lo\":0,\"since_hi\":0,\"name\":\"\"}");
	snapdb_regtable(db, s, "vfs.locks", 5, NULL);
	snapdb_lock(db, s, "vfs.locks", 3, "vmnt 0", MX_LK_VMNT, 0, MX_LM_READ, -1, (1u << 1) | (1u << 2), 9400000000LL);
	snapdb_lock(db, s, "vfs.locks", 12, "vnode 12", MX_LK_VNODE, 12, MX_LM_WRITE, 1, 1u << 1, 9500000000LL);
	snapdb_lock(db, s, "vfs.locks", 40, "filp 3", MX_LK_FILP, 3, MX_LM_NONE, -1, 0, 0);

	snapdb_regtable(db, s, "vfs.dmap", 5, NULL);
	snapdb_regrow(db, s, "vfs.dmap", 0, "{\"major\":-1,\"driver\":1073741826,\"flags\":0,\"label\":\"\"}");
	snapdb_regrow(db, s, "vfs.dmap", 1, "{\"major\":1,\"driver\":10,\"flags\":3,\"label\":\"memory\"}");
	snapdb_regrow(db, s, "vfs.dmap", 2, "{\"major\":4,\"driver\":9,\"flags\":5,\"label\":\"tty\"}");
	snapdb_regrow(db, s, "vfs.dmap", 3, "{\"major\":7,\"driver\":1073741826,\"flags\":1,\"label\":\"printer\"}");

	snapdb_regtable(db, s, "rs.services", 6, NULL);
	snapdb_regrow(db, s, "rs.services", 0, "{\"ep\":9,\"flags\":19,\"restarts\":0,\"backoff\":0,\"last_ping_lo\":990,"
		      "\"last_ping_hi\":0,\"label\":\"tty\",\"binary\":\"/sbin/tty\"}");
	snapdb_regrow(db, s, "rs.services", 1, "{\"ep\":1073741826,\"flags\":9,\"restarts\":3,\"backoff\":40,"
		      "\"last_ping_lo\":700,\"last_ping_hi\":0,\"label\":\"memory\",\"binary\":\"/sbin/memory\"}");
	snapdb_regrow(db, s, "rs.services", 2, "{\"ep\":0,\"flags\":0,\"restarts\":0,\"backoff\":0,\"last_ping_lo\":0,"
		      "\"last_ping_hi\":0,\"label\":\"\",\"binary\":\"\"}");

	snapdb_regtable(db, s, "ds.entries", 8, NULL);
	snapdb_regrow(db, s, "ds.entries", 0, "{\"flags\":9,\"owner\":6,\"u32\":9,\"subscribers\":1,\"key\":\"label.tty\","
		      "\"str\":\"\"}");
	snapdb_regrow(db, s, "ds.entries", 1, "{\"flags\":3,\"owner\":5,\"u32\":42,\"subscribers\":0,\"key\":\"vfs.mounts\","
		      "\"str\":\"\"}");
	snapdb_regrow(db, s, "ds.entries", 2, "{\"flags\":7,\"owner\":11,\"u32\":1,\"subscribers\":2,\"key\":\"fs.root\","
		      "\"str\":\"ramdisk\"}");
	snapdb_regrow(db, s, "ds.entries", 3, "{\"flags\":0,\"owner\":0,\"u32\":0,\"subscribers\":0,\"key\":\"\",\"str\":\"\"}");
	return s;
}
