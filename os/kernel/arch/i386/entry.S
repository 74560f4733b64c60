/*
 * Trap entry and exit.
 *
 * From user mode the CPU switches to the stack in the TSS, which points just
 * past the running process's saved-register frame (proc.p_reg), so the
 * pushes below build that frame in place; we then move to the kernel stack.
 * From kernel mode (only the idle loop runs with interrupts on) the frame is
 * built on the kernel stack and we always return to it.
 * trap() returns the frame to resume: the same one, or the p_reg of the
 * process chosen to run next.
 */
#include "arch.h"

.macro STUB_NOERR vec
	.globl trap_\vec
trap_\vec:
	pushl	$0
	pushl	$\vec
	jmp	trap_common
.endm

.macro STUB_ERR vec
	.globl trap_\vec
trap_\vec:
	pushl	$\vec
	jmp	trap_common
.endm

	.text
	STUB_NOERR 0
	STUB_NOERR 1
	STUB_NOERR 2
	STUB_NOERR 3
	STUB_NOERR 4
	STUB_NOERR 5
	STUB_NOERR 6
	STUB_NOERR 7
	STUB_ERR   8
	STUB_NOERR 9
	STUB_ERR   10
	STUB_ERR   11
	STUB_ERR   12
	STUB_ERR   13
	STUB_ERR   14
	STUB_NOERR 15
	STUB_NOERR 16
	STUB_ERR   17
	STUB_NOERR 18
	STUB_NOERR 19
	STUB_NOERR 20
	STUB_NOERR 21
	STUB_NOERR 22
	STUB_NOERR 23
	STUB_NOERR 24
	STUB_NOERR 25
	STUB_NOERR 26
	STUB_NOERR 27
	STUB_NOERR 28
	STUB_NOERR 29
	STUB_NOERR 30
	STUB_NOERR 31
	STUB_NOERR 32
	STUB_NOERR 33
	STUB_NOERR 34
	STUB_NOERR 35
	STUB_NOERR 36
	STUB_NOERR 37
	STUB_NOERR 38
	STUB_NOERR 39
	STUB_NOERR 40
	STUB_NOERR 41
	STUB_NOERR 42
	STUB_NOERR 43
	STUB_NOERR 44
	STUB_NOERR 45
	STUB_NOERR 46
	STUB_NOERR 47
	STUB_NOERR 48                  /* 0x30: IPC */
	STUB_NOERR 49                  /* 0x31: kernel call */

trap_common:
	pushal
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	movl	$KDATA_SEL, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	cld
	movl	%esp, %eax
	testl	$3, FRAME_CS(%esp)
	jz	1f
	movl	$kstack_top, %esp           /* from user: leave the frame in p_reg */
1:	pushl	%eax
	call	trap
	movl	%eax, %esp
	jmp	trap_exit

/* void trap_return_to(struct stackframe *f): resume the given frame. */
	.globl trap_return_to
trap_return_to:
	movl	4(%esp), %esp
trap_exit:
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	popal
	addl	$8, %esp                    /* vector and error code */
	iret

/* Stub addresses for the IDT, indexed by vector. */
	.section .rodata
	.globl trap_stubs
	.align 4
trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49
	.long trap_\v
	.endr

	.section .note.GNU-stack, "", @progbits
