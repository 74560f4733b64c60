/*
 * fstest: the file-system suite's system-side tests (a system process with
 * every kernel call): the three-level lock module on its own, garbage to
 * the file system and the drivers from a process that is not VFS, the
 * registered tables, lock events in the trace ring, and the deliberate
 * deadlock.  It also prints fsuser's results (relay.c) and the SUITE line.
 */
#ifndef FSTEST_H
#define FSTEST_H

#include "ftest.h"

int relay_fsuser(uint32_t ticks, int *pass, int *fail);
int read_table(const char *name, void *buf, uint32_t size, uint32_t *count, mx_endpoint_t *owner);

#define FSTEST_EARLY(X) \
	X(tll_read_shared) X(tll_readser_serialised) X(tll_write_exclusive) X(tll_fifo) \
	X(tll_upgrade) X(tll_downgrade) X(tll_table_mirror) X(tll_order_check) X(tll_seed_deadlock) \
	X(fs_garbage) X(fs_only_vfs) X(mem_garbage) X(tty_garbage) X(tables_registered)
#define FSTEST_LATE(X) X(lock_trace) X(deadlock_tables) X(vfs_alive_after_deadlock) X(deadlock_root_blocks_callers)
#define FSTEST_DECL(n) int t_##n(void);
FSTEST_EARLY(FSTEST_DECL)
FSTEST_LATE(FSTEST_DECL)

#endif
