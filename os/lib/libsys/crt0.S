/*
 * Process entry.  The kernel (at boot) or PM (at exec) leaves
 *   (%esp) = argc, argv[0..argc-1], NULL, envp[...], NULL
 * We call main(argc, argv, envp) and exit with its result.
 */
	.text
	.globl _start
_start:
	xorl	%ebp, %ebp
	movl	(%esp), %eax            /* argc */
	leal	4(%esp), %ebx           /* argv */
	leal	8(%esp,%eax,4), %ecx    /* envp = argv + argc + 1 */
	andl	$~15, %esp
	subl	$4, %esp
	pushl	%ecx
	pushl	%ebx
	pushl	%eax
	movl	%ecx, environ
	call	__libc_start
	pushl	%eax
	call	exit
1:	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
