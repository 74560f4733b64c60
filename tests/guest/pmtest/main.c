/*
 * pmtest: PM and VM exercised with raw messages by a user process, before
 * the C library's wrappers and the console exist.  It prints through the
 * testlog service (found in PM's process list) and ends the machine with
 * testlog's TESTLOG_EXIT.  Report lines: TEST pm.<name> PASS|FAIL <why>,
 * SUITE pm DONE pass=N fail=M.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include <mx/vm.h>

#define TESTLOG_PRINT (MX_TEST_BASE + 0x30)
#define TESTLOG_EXIT  (MX_TEST_BASE + 0x31)

static mx_endpoint_t logger = MX_NONE;
static char why[120];

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (int off = 0; off < n; off += MX_BODY_SIZE - 1) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = TESTLOG_PRINT;
		memcpy(m.m_u.raw, buf + off, (size_t)(n - off < MX_BODY_SIZE - 1 ? n - off : MX_BODY_SIZE - 1));
		mx_sendrec(logger, &m);
	}
}

static int call(mx_endpoint_t srv, int type, mx_message *m)
{
	m->m_type = type;
	int r = mx_sendrec(srv, m);
	return r < 0 ? r : m->m_type;
}

static int pm0(int type)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	return call(MX_PM, type, &m);
}

static void pm_exit(int code)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_u.w[0] = (uint32_t)code;
	call(MX_PM, MX_PM_EXIT, &m);
	for (;;)
		;
}

static int waitpid_raw(int pid, int *status, int options)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_waitpid)->pid = pid;
	MX_BODY(&m, struct pm_waitpid)->options = (uint32_t)options;
	int r = call(MX_PM, MX_PM_WAITPID, &m);
	*status = MX_BODY(&m, struct pm_waitpid)->status;
	return r;
}

static int kill_raw(int pid, int sig)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_kill)->pid = pid;
	MX_BODY(&m, struct pm_kill)->sig = sig;
	return call(MX_PM, MX_PM_KILL, &m);
}

static uint32_t brk_raw(uint32_t addr)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct vm_brk)->addr = addr;
	int r = call(MX_VM, MX_VM_BRK, &m);
	return r < 0 ? 0 : MX_BODY(&m, struct vm_brk)->brk;
}

static uint32_t mmap_raw(uint32_t len, int *err)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct vm_mmap *a = MX_BODY(&m, struct vm_mmap);
	a->len = len;
	a->prot = MX_PROT_READ | MX_PROT_WRITE;
	a->flags = MX_MAP_PRIVATE | MX_MAP_ANON;
	a->who = MX_SELF;
	*err = call(MX_VM, MX_VM_MMAP, &m);
	return a->result;
}

/* ---- signals: a handler and the trampoline the kernel returns it into ---- */
extern void sig_trampoline(void);
__asm__(".globl sig_trampoline\n"
	"sig_trampoline:\n"
	"	movl 4(%esp), %eax\n"          /* ctx, one word above signo */
	"	pushl %eax\n"
	"	call sigreturn_raw\n"
	"1:	jmp 1b\n");
void sigreturn_raw(uint32_t ctx);
void sigreturn_raw(uint32_t ctx)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sigreturn)->ctx = ctx;
	call(MX_PM, MX_PM_SIGRETURN, &m);
}

static volatile int caught[32];
static void handler(int sig)
{
	caught[sig]++;
}

static int sigaction_raw(int sig, uint32_t h, uint32_t mask)
{
	struct mx_sigaction act = { h, mask, 0 };
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_sigaction *a = MX_BODY(&m, struct pm_sigaction);
	a->sig = sig;
	a->act = (uint32_t)&act;
	a->trampoline = (uint32_t)sig_trampoline;
	return call(MX_PM, MX_PM_SIGACTION, &m);
}

static int sigmask_raw(int how, uint32_t set)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sigprocmask)->how = how;
	MX_BODY(&m, struct pm_sigprocmask)->set = set;
	return call(MX_PM, MX_PM_SIGPROCMASK, &m);
}

#define CHECK(c, ...) do { if (!(c)) { snprintf(why, sizeof(why), __VA_ARGS__); return -1; } } while (0)

/* ---- the tests ------------------------------------------------------------ */
static int t_ids(void)
{
	int pid = pm0(MX_PM_GETPID), ppid = pm0(MX_PM_GETPPID);
	CHECK(pid > 1, "pid %d", pid);
	CHECK(ppid == 0, "ppid %d of a boot process", ppid);
	CHECK(pm0(MX_PM_GETPGRP) == pid, "pgrp");
	CHECK(pm0(MX_PM_GETUID) == 0, "uid");
	return 0;
}

static int t_fork_wait(void)
{
	int me = pm0(MX_PM_GETPID);
	int pid = pm0(MX_PM_FORK);
	if (pid == 0) {
		pm_exit(pm0(MX_PM_GETPPID) == me ? 7 : 99);
	}
	CHECK(pid > 0, "fork: %s", mx_strerror(pid));
	int status, r = waitpid_raw(pid, &status, 0);
	CHECK(r == pid, "waitpid returned %d", r);
	CHECK(status == MX_W_EXITED(7), "status %x, want exit 7 (child saw the wrong parent if 99)", status);
	CHECK(waitpid_raw(-1, &status, 0) == -MX_ECHILD, "a second wait found a child");
	return 0;
}

static volatile uint32_t cow_word = 1;

static int t_copy_on_write(void)
{
	int pid = pm0(MX_PM_FORK);
	if (pid == 0) {
		cow_word = 2;
		pm_exit((int)cow_word);
	}
	int status;
	CHECK(waitpid_raw(pid, &status, 0) == pid, "wait");
	CHECK(status == MX_W_EXITED(2), "child's own copy: status %x", status);
	CHECK(cow_word == 1, "parent's copy changed to %u", cow_word);
	return 0;
}

static int t_brk(void)
{
	uint32_t b0 = brk_raw(0);
	CHECK(b0 != 0, "brk query failed");
	uint32_t b1 = brk_raw(b0 + 64 * 1024);
	CHECK(b1 == b0 + 64 * 1024, "grow to %x got %x", b0 + 64 * 1024, b1);
	volatile uint32_t *p = (uint32_t *)b0;
	for (int i = 0; i < 16384; i += 1024)
		p[i] = (uint32_t)i;
	for (int i = 0; i < 16384; i += 1024)
		CHECK(p[i] == (uint32_t)i, "heap word %d", i);
	CHECK(brk_raw(b0) == b0, "shrink");
	CHECK(brk_raw(0xbff00000) == 0, "brk into the stack area must fail");
	return 0;
}

static int t_mmap(void)
{
	int err;
	uint32_t a = mmap_raw(1024 * 1024, &err);
	CHECK(err == 0 && a != MX_MAP_FAILED, "mmap 1 MiB: %s", mx_strerror(err));
	volatile uint8_t *p = (uint8_t *)a;
	for (uint32_t i = 0; i < 1024 * 1024; i += 4096)
		p[i] = (uint8_t)(i >> 12);
	for (uint32_t i = 0; i < 1024 * 1024; i += 4096)
		CHECK(p[i] == (uint8_t)(i >> 12), "mmap page %u", i >> 12);
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct vm_munmap)->addr = a;
	MX_BODY(&m, struct vm_munmap)->len = 1024 * 1024;
	CHECK(call(MX_VM, MX_VM_MUNMAP, &m) == 0, "munmap");
	/* Touching it now is a fault: do it in a child and look at how it died. */
	int pid = pm0(MX_PM_FORK);
	if (pid == 0) {
		p[0] = 1;
		pm_exit(0);
	}
	int status;
	CHECK(waitpid_raw(pid, &status, 0) == pid, "wait");
	CHECK((status & 0x7f) == 11, "child touching unmapped memory: status %x", status);
	a = mmap_raw(0x7ff00000, &err);
	CHECK(err == -MX_ENOMEM, "a 2 GiB mmap: %s", mx_strerror(err));
	return 0;
}

static int t_segv(void)
{
	int pid = pm0(MX_PM_FORK);
	if (pid == 0) {
		*(volatile int *)0 = 1;
		pm_exit(0);
	}
	int status;
	CHECK(waitpid_raw(pid, &status, 0) == pid, "wait");
	CHECK(status == (MX_W_SIGNALED(11) | MX_W_CORE), "status %x, want SIGSEGV with core", status);
	return 0;
}

static int t_signals(void)
{
	int me = pm0(MX_PM_GETPID);
	CHECK(sigaction_raw(10, (uint32_t)handler, 0) == 0, "sigaction");
	CHECK(kill_raw(me, 10) == 0, "kill self");
	CHECK(caught[10] == 1, "handler ran %d times", caught[10]);
	CHECK(sigmask_raw(MX_SIG_BLOCK, 1u << 10) == 0, "block");
	kill_raw(me, 10);
	CHECK(caught[10] == 1, "blocked signal delivered");
	mx_message m;
	memset(&m, 0, sizeof(m));
	call(MX_PM, MX_PM_SIGPENDING, &m);
	CHECK(m.m_u.w[0] & (1u << 10), "not pending: %x", m.m_u.w[0]);
	CHECK(sigmask_raw(MX_SIG_UNBLOCK, 1u << 10) == 0, "unblock");
	CHECK(caught[10] == 2, "pending signal not delivered on unblock (%d)", caught[10]);
	/* Signals between processes: the child pauses until the parent's SIGTERM. */
	int pid = pm0(MX_PM_FORK);
	if (pid == 0) {
		pm0(MX_PM_PAUSE);
		pm_exit(1);
	}
	mx_message s;
	memset(&s, 0, sizeof(s));
	MX_BODY(&s, struct pm_sleep)->ms = 50;
	call(MX_PM, MX_PM_SLEEP, &s);
	CHECK(kill_raw(pid, 15) == 0, "kill child");
	int status;
	CHECK(waitpid_raw(pid, &status, 0) == pid, "wait");
	CHECK(status == MX_W_SIGNALED(15), "status %x", status);
	CHECK(kill_raw(pid, 15) == -MX_ESRCH, "kill of a reaped process");
	return 0;
}

static int t_alarm(void)
{
	CHECK(sigaction_raw(14, (uint32_t)handler, 0) == 0, "sigaction");
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_alarm)->seconds = 1;
	call(MX_PM, MX_PM_ALARM, &m);
	int r = pm0(MX_PM_PAUSE);
	CHECK(r == -MX_EINTR, "pause returned %d", r);
	CHECK(caught[14] == 1, "SIGALRM handler ran %d times", caught[14]);
	return 0;
}

static int t_times(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	CHECK(call(MX_PM, MX_PM_TIMES, &m) == 0, "times");
	CHECK(MX_BODY(&m, struct pm_times)->hz == 100, "hz");
	CHECK(MX_BODY(&m, struct pm_times)->uptime_lo > 0, "uptime");
	memset(&m, 0, sizeof(m));
	CHECK(call(MX_PM, MX_PM_TIME, &m) == 0, "time");
	CHECK(MX_BODY(&m, struct pm_time)->sec > 1600000000u, "time of day %u", MX_BODY(&m, struct pm_time)->sec);
	return 0;
}

static int t_garbage(void)
{
	mx_message m;
	memset(&m, 0xa5, sizeof(m));
	CHECK(call(MX_PM, 12345, &m) == -MX_ENOSYS, "PM and a bad request");
	memset(&m, 0xa5, sizeof(m));
	CHECK(call(MX_VM, 0x3ff, &m) == -MX_EBADREQUEST, "VM and a bad request");
	memset(&m, 0xa5, sizeof(m));
	CHECK(call(MX_VM, MX_VM_FORK, &m) == -MX_EPERM, "VM_FORK from a user");
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sigaction)->sig = 10;
	MX_BODY(&m, struct pm_sigaction)->act = 0xc0000000;
	CHECK(call(MX_PM, MX_PM_SIGACTION, &m) == -MX_EFAULT, "sigaction from a kernel address");
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_kill)->sig = 99;
	CHECK(call(MX_PM, MX_PM_KILL, &m) == -MX_EINVAL, "signal 99");
	CHECK(pm0(MX_PM_GETPID) > 1, "PM still serves");
	return 0;
}

struct test { const char *name; int (*fn)(void); };
static const struct test tests[] = {
	{ "ids", t_ids }, { "fork_wait", t_fork_wait }, { "copy_on_write", t_copy_on_write },
	{ "brk", t_brk }, { "mmap", t_mmap }, { "segv", t_segv }, { "signals", t_signals },
	{ "alarm", t_alarm }, { "times", t_times }, { "garbage", t_garbage },
};

int main(void)
{
	static struct mx_psinfo ps[64];
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_getprocs)->buf = (uint32_t)ps;
	MX_BODY(&m, struct pm_getprocs)->len = sizeof(ps);
	int n = call(MX_PM, MX_PM_GETPROCS, &m);
	for (int i = 0; i < n; i++)
		if (strcmp(ps[i].name, "testlog") == 0)
			logger = ps[i].ep;
	if (logger == MX_NONE)
		pm_exit(2);
	int pass = 0, fail = 0;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		why[0] = 0;
		if (tests[i].fn() == 0) {
			say("TEST pm.%s PASS\n", tests[i].name);
			pass++;
		} else {
			say("TEST pm.%s FAIL %s\n", tests[i].name, why);
			fail++;
		}
	}
	say("SUITE pm DONE pass=%d fail=%d\n", pass, fail);
	memset(&m, 0, sizeof(m));
	m.m_u.w[0] = fail ? 1 : 0;
	call(logger, TESTLOG_EXIT, &m);
	return 0;
}
