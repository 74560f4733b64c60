/*
 * Multiboot v1 entry.  QEMU's loader jumps here at the physical address
 * with paging off, %eax = multiboot magic and %ebx = the information
 * structure.  We clear .bss, build a page directory that maps physical
 * memory both at 0 (until we leave this file) and at KERNBASE with 4 MiB
 * pages, turn paging on and continue in C at kmain() in the high half.
 */
#include "arch.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000003            /* page-aligned modules, memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	movl	%eax, %esi                  /* multiboot magic */
	movl	%ebx, %edx                  /* multiboot info, physical */

	movl	$(_bss_start - KERNBASE), %edi
	movl	$(_bss_end - KERNBASE), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	cld
	rep stosb

	movl	$(boot_pgdir - KERNBASE), %edi
	movl	$0x00000083, 0(%edi)        /* 0-4 MiB identity: P|W|PS */
	movl	$0x00400083, 4(%edi)        /* 4-8 MiB identity */
	movl	$(KERNBASE >> 22), %ecx
	movl	$0x00000183, %eax           /* P|W|PS|G */
1:	movl	%eax, (%edi,%ecx,4)
	addl	$0x00400000, %eax
	incl	%ecx
	cmpl	$((KERNBASE >> 22) + DIRECT_MAP_PDES), %ecx
	jb	1b

	movl	%cr4, %eax
	orl	$0x00000090, %eax           /* PSE | PGE */
	movl	%eax, %cr4
	movl	%edi, %cr3
	movl	%cr0, %eax
	orl	$0x80010000, %eax           /* PG | WP */
	movl	%eax, %cr0
	movl	$high, %eax
	jmp	*%eax

high:
	movl	$kstack_top, %esp
	xorl	%ebp, %ebp                  /* ends backtraces */
	pushl	%edx                        /* multiboot info, physical */
	pushl	%esi                        /* multiboot magic */
	call	kmain
3:	hlt
	jmp	3b

	.bss
	.align 4096
	.globl boot_pgdir
boot_pgdir:
	.space 4096
	.align 16
	.globl kstack_bottom, kstack_top
kstack_bottom:
	.space 16384
kstack_top:

	.section .note.GNU-stack, "", @progbits
