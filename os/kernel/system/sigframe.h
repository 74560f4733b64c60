/* The signal frame SIGSEND pushes and SIGRETURN pops. */
#ifndef MX_SIGFRAME_H
#define MX_SIGFRAME_H
#define SIGFRAME_MAGIC 0x5349474d           /* "SIGM" */
struct sigcontext_k {
	struct stackframe regs;
	uint32_t mask;
	uint32_t magic;
};
struct sigframe {
	uint32_t ret;                         /* the trampoline: the handler returns here */
	uint32_t signo;                       /* the handler's argument */
	uint32_t ctx_addr;                    /* the trampoline passes it to sigreturn */
	struct sigcontext_k ctx;
};
#endif
