/*
 * The signal trampoline (pm.h): a handler "returns" here with %esp at
 * signo and the saved context one word above; we hand the context to PM
 * with PM_SIGRETURN, which resumes the interrupted code.
 */
	.text
	.globl fsuser_sigtramp
fsuser_sigtramp:
	movl	4(%esp), %edx          /* ctx */
	subl	$64, %esp              /* a message */
	movl	%esp, %ecx
	movl	$0x109, 4(%ecx)        /* m_type = MX_PM_SIGRETURN */
	movl	%edx, 8(%ecx)          /* body: ctx */
	movl	$3, %eax               /* SENDREC */
	movl	$4, %ebx               /* MX_PM */
	int	$0x30
1:	jmp	1b

	.section .note.GNU-stack, "", @progbits
