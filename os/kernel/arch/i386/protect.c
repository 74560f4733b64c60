/*
 * Segments, interrupt gates and the task state segment.  MX uses flat
 * segments; protection comes from paging.  The TSS holds only the kernel
 * stack pointer for traps from user mode (the running process's frame).
 */
#include <stdint.h>
#include <mx/ipc.h>
#include "arch.h"

struct segdesc { uint16_t limit_lo, base_lo; uint8_t base_mid, access, gran, base_hi; } __attribute__((packed));
struct gatedesc { uint16_t off_lo, sel; uint8_t zero, flags; uint16_t off_hi; } __attribute__((packed));
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi, es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap;
} __attribute__((packed));
struct dtr { uint16_t limit; uint32_t base; } __attribute__((packed));

static struct segdesc gdt[6];
static struct gatedesc idt[256];
static struct tss tss;
extern const uint32_t trap_stubs[];

static void set_seg(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t gran)
{
	gdt[i].limit_lo = limit & 0xffff;
	gdt[i].base_lo = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].gran = (uint8_t)(gran | ((limit >> 16) & 0x0f));
	gdt[i].base_hi = (base >> 24) & 0xff;
}

static void set_gate(int vec, uint32_t handler, int dpl)
{
	idt[vec].off_lo = handler & 0xffff;
	idt[vec].sel = KCODE_SEL;
	idt[vec].zero = 0;
	idt[vec].flags = (uint8_t)(0x8e | (dpl << 5));   /* present, 32-bit interrupt gate */
	idt[vec].off_hi = handler >> 16;
}

void protect_init(void)
{
	set_seg(1, 0, 0xfffff, 0x9a, 0xc0);   /* kernel code */
	set_seg(2, 0, 0xfffff, 0x92, 0xc0);   /* kernel data */
	set_seg(3, 0, 0xfffff, 0xfa, 0xc0);   /* user code */
	set_seg(4, 0, 0xfffff, 0xf2, 0xc0);   /* user data */
	set_seg(5, (uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x00);
	tss.ss0 = KDATA_SEL;
	tss.esp0 = (uint32_t)kstack_top;
	tss.iomap = sizeof(tss);              /* no I/O bitmap: IOPL decides */

	struct dtr g = { sizeof(gdt) - 1, (uint32_t)gdt };
	__asm__ volatile("lgdt %0" :: "m"(g));
	__asm__ volatile(
		"ljmp %0, $1f\n1:\n"
		"movw %w1, %%ds\n movw %w1, %%es\n movw %w1, %%fs\n movw %w1, %%gs\n movw %w1, %%ss\n"
		:: "i"(KCODE_SEL), "r"(KDATA_SEL));
	__asm__ volatile("ltr %w0" :: "r"(TSS_SEL));

	for (int v = 0; v < 50; v++)
		set_gate(v, trap_stubs[v], 0);
	set_gate(3, trap_stubs[3], 3);                    /* int3 from user */
	set_gate(MX_IPC_VECTOR, trap_stubs[MX_IPC_VECTOR], 3);
	set_gate(MX_KCALL_VECTOR, trap_stubs[MX_KCALL_VECTOR], 3);
	struct dtr i = { sizeof(idt) - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" :: "m"(i));
}

void tss_set_esp0(uint32_t esp0)
{
	tss.esp0 = esp0;
}
