/*
 * ptest_segv: bad accesses kill the process with the right signal and the
 * system goes on: null reads and writes, writes to program text, kernel
 * addresses, a jump to nowhere, runaway recursion, division by zero, an
 * illegal instruction; a SIGSEGV handler that jumps out; fork still works.
 */
#include <setjmp.h>
#include <stdint.h>
#include "../include/ptest.h"

static volatile uintptr_t target;

static void read_at(void) { (void)*(volatile int *)target; }
static void write_at(void) { *(volatile int *)target = 1; }
static void jump_to(void) { ((void (*)(void))target)(); }

static volatile int depth_limit = 1 << 30;   /* never reached: the stack runs out first */

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}
static void overflow(void) { recurse(0); }

static volatile int zero;
static void divide(void) { target = 10 / zero; }
static void illegal(void) { __asm__ volatile("ud2"); }

static int dies_with(void (*fn)(void), uintptr_t at, int sig, const char *what)
{
	target = at;
	int st = ptest_in_child(fn);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "%s: %s, want %s", what, ptest_status(st), signame(sig));
	return 0;
}

static int t_null(void)
{
	if (dies_with(read_at, 0, SIGSEGV, "read of address 0")) return -1;
	if (dies_with(write_at, 0, SIGSEGV, "write to address 0")) return -1;
	if (dies_with(read_at, 4095, SIGSEGV, "read in the first page")) return -1;
	return 0;
}

static int t_text(void)
{
	return dies_with(write_at, (uintptr_t)t_text, SIGSEGV, "write to program text");
}

static int t_kernel(void)
{
	if (dies_with(read_at, 0xc0001000u, SIGSEGV, "read of kernel memory")) return -1;
	if (dies_with(write_at, 0xc0100000u, SIGSEGV, "write to kernel memory")) return -1;
	return dies_with(read_at, 0xfffffff0u, SIGSEGV, "read at the top of memory");
}

static int t_unmapped(void)
{
	if (dies_with(read_at, 0x60000000u, SIGSEGV, "read of an unmapped address")) return -1;
	return dies_with(jump_to, 0x50000000u, SIGSEGV, "jump to an unmapped address");
}

static int t_stack_overflow(void)
{
	return dies_with(overflow, 0, SIGSEGV, "runaway recursion");
}

static int t_fpe(void)
{
	return dies_with(divide, 0, SIGFPE, "division by zero");
}

static int t_ill(void)
{
	return dies_with(illegal, 0, SIGILL, "ud2");
}

static sigjmp_buf back;

static void on_segv(int sig)
{
	siglongjmp(back, sig);
}

static int t_handler_recovers(void)
{
	struct sigaction sa = { on_segv, 0, 0 };
	CHECK_SYS(sigaction(SIGSEGV, &sa, NULL));
	volatile int rounds = 0;
	if (sigsetjmp(back, 1) == 0) {
		rounds++;
		target = 8;
		write_at();
		CHECK(0, "the bad write did not fault");
	}
	CHECK(rounds == 1, "rounds %d", rounds);
	if (sigsetjmp(back, 1) == 0) {
		rounds++;
		target = 16;
		write_at();                            /* the handler works a second time */
		CHECK(0, "the second bad write did not fault");
	}
	signal(SIGSEGV, SIG_DFL);
	CHECK(rounds == 2, "rounds %d", rounds);
	return 0;
}

/* Blocked or ignored, a fault still kills: returning would fault again. */
static void blocked_fault(void)
{
	sigset_t s = 1u << SIGSEGV;
	sigprocmask(SIG_BLOCK, &s, NULL);
	signal(SIGSEGV, SIG_IGN);
	target = 0;
	write_at();
}

static int t_blocked(void)
{
	int st = ptest_in_child(blocked_fault);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "fault with SIGSEGV blocked and ignored: %s", ptest_status(st));
	return 0;
}

static int t_system_goes_on(void)
{
	for (int i = 0; i < 10; i++) {
		target = 0;
		int st = ptest_in_child(write_at);
		CHECK(WIFSIGNALED(st), "crash %d: %s", i, ptest_status(st));
	}
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork and exec after the crashes: %s", ptest_status(st));
	return 0;
}

static const struct ptest tests[] = {
	{ "null", t_null },
	{ "text", t_text },
	{ "kernel", t_kernel },
	{ "unmapped", t_unmapped },
	{ "stack_overflow", t_stack_overflow },
	{ "fpe", t_fpe },
	{ "ill", t_ill },
	{ "handler_recovers", t_handler_recovers },
	{ "blocked", t_blocked },
	{ "system_goes_on", t_system_goes_on },
};

int main(void)
{
	return ptest_main("segv", tests, PTEST_COUNT(tests));
}
