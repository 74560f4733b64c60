/*
 * setjmp/longjmp: jmp_buf holds ebx esi edi ebp esp eip (<setjmp.h>).
 * sigsetjmp also keeps the signal mask (words 6 and 7: saved flag, mask);
 * siglongjmp (signal.c) restores it before jumping.
 */
	.text
	.globl setjmp, _setjmp, longjmp, _longjmp, sigsetjmp

setjmp:
_setjmp:
	movl	4(%esp), %eax
	movl	%ebx, 0(%eax)
	movl	%esi, 4(%eax)
	movl	%edi, 8(%eax)
	movl	%ebp, 12(%eax)
	leal	4(%esp), %ecx           /* the caller's %esp after we return */
	movl	%ecx, 16(%eax)
	movl	(%esp), %ecx            /* return address */
	movl	%ecx, 20(%eax)
	xorl	%eax, %eax
	ret

longjmp:
_longjmp:
	movl	4(%esp), %edx
	movl	8(%esp), %eax
	testl	%eax, %eax
	jnz	1f
	incl	%eax                    /* longjmp(env, 0) returns 1 */
1:	movl	0(%edx), %ebx
	movl	4(%edx), %esi
	movl	8(%edx), %edi
	movl	12(%edx), %ebp
	movl	16(%edx), %esp
	jmp	*20(%edx)

/* int sigsetjmp(sigjmp_buf env, int savemask) */
sigsetjmp:
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	movl	%ecx, 24(%eax)
	testl	%ecx, %ecx
	jz	setjmp
	/* sigprocmask(0, NULL, &env[7]): with no set it only reads the mask */
	leal	28(%eax), %ecx
	pushl	%ecx
	pushl	$0
	pushl	$0
	call	sigprocmask
	addl	$12, %esp
	jmp	setjmp

	.section .note.GNU-stack, "", @progbits
