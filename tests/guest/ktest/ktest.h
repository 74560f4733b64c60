/*
 * ktest: the kernel's guest test suite.  Runs as a boot process with full
 * kernel-call rights and plays PM and RS for the children it spawns.
 * Each test is a function returning 0 (pass) or failing through T_CHECK,
 * which records why; main.c runs them and prints the report lines that
 * tests/harness/run_guest.py reads.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdint.h>
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>

extern mx_endpoint_t self_ep;
extern char t_why[160];

int t_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define T_CHECK(cond, ...) do { if (!(cond)) return t_failf(__VA_ARGS__); } while (0)
#define T_EQ(got, want, what) do { long g_ = (long)(got), w_ = (long)(want); \
	if (g_ != w_) return t_failf("%s: got %ld (%s), want %ld (%s)", what, g_, mx_strerror((int)g_), w_, mx_strerror((int)w_)); } while (0)

#define T_TYPE (MX_TEST_BASE + 0x10)     /* message types used between ktest processes */
#define T_DONE (MX_TEST_BASE + 0x11)
#define T_GO   (MX_TEST_BASE + 0x12)

/* util.c */
int recv_timeout(mx_endpoint_t src, mx_message *m, uint32_t ticks);
int child(int (*fn)(void *), void *arg, mx_endpoint_t *ep);
int child_named(int (*fn)(void *), void *arg, const char *label, int flags, mx_endpoint_t *ep);
int wait_gone(mx_endpoint_t ep);
int report(mx_endpoint_t to, int32_t type, int32_t value);
void kill_child(mx_endpoint_t ep);
void settle(void);

struct ktest {
	const char *name;
	int (*fn)(void);
};
#define KTESTS_IPC(X) \
	X(sendrec_basic) X(send_receive_blocking) X(receive_specific) X(sendnb_notready) \
	X(send_to_self) X(forged_notify) X(send_mask_denied) X(delayed_permission) X(dead_endpoint) X(bogus_endpoints) \
	X(bad_ipc_call) X(stale_endpoint) X(elocked_two) X(elocked_three) X(notify_coalesce) \
	X(notify_receive_specific) X(senda_delivery) X(senda_errors) X(senda_noreply) \
	X(user_kcalls_denied) X(user_traps_denied) X(kcall_mask_denied) X(bad_pointers_ipc) \
	X(bad_pointers_kcall) X(message_across_pages) X(grants) X(vircopy_faults) X(irq_policy) \
	X(devio_ports) X(trace_exchange) X(trace_off_and_filter) X(trace_counters)
#define KTEST_DECL(n) int t_##n(void);
KTESTS_IPC(KTEST_DECL)

#endif
