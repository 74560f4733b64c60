/*
 * mthread_switch(uint32_t *save_esp, uint32_t new_esp): save the callee-saved
 * registers on the current stack, store the stack pointer in *save_esp,
 * load new_esp and restore the registers saved there.  A new thread's stack
 * is prepared to look like one that was switched out (thread.c).
 */
	.text
	.globl mthread_switch
mthread_switch:
	movl	4(%esp), %eax
	movl	8(%esp), %edx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%edx, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.section .note.GNU-stack, "", @progbits
