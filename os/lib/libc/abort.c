/* abort(): the process ends with SIGABRT, as if killed by it. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* End with SIGABRT (even if it was caught or blocked); exit status 134 if that fails. */
void abort(void)
{
	sigset_t set = 1u << SIGABRT;
	signal(SIGABRT, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);
	_exit(128 + SIGABRT);
}
