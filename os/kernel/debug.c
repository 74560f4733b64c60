/* Panics and register dumps. */
#include <stdarg.h>
#include "kernel.h"
#include "proc.h"

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check", "machine check",
	"SIMD error",
};

const char *exception_name(unsigned vec);
const char *exception_name(unsigned vec)
{
	return vec < 32 && exc_names[vec] ? exc_names[vec] : "reserved";
}

void dump_frame(const struct stackframe *f, uint32_t cr2)
{
	kprintf("  vector %u (%s) error %x\n", f->vector, exception_name(f->vector), f->err);
	kprintf("  eip %08x  cs %04x  eflags %08x  cr2 %08x\n", f->eip, f->cs & 0xffff, f->eflags, cr2);
	kprintf("  eax %08x  ebx %08x  ecx %08x  edx %08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("  esi %08x  edi %08x  ebp %08x  esp %08x\n", f->esi, f->edi, f->ebp,
		(f->cs & 3) ? f->esp : (uint32_t)&f->esp);
	kprintf("  ds %04x es %04x fs %04x gs %04x\n", f->ds & 0xffff, f->es & 0xffff, f->fs & 0xffff, f->gs & 0xffff);
	if (!(f->cs & 3)) {
		/* Walk the kernel's frame pointers: return addresses for kernel.sym. */
		uint32_t *bp = (uint32_t *)f->ebp;
		kprintf("  backtrace:");
		for (int i = 0; i < 12 && bp && (uint32_t)bp >= KERNBASE && (uint32_t)bp < (uint32_t)kstack_top; i++) {
			kprintf(" %08x", bp[1]);
			bp = (uint32_t *)bp[0];
		}
		kprintf("\n");
	}
}

void panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	cli();
	va_start(ap, fmt);
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kprintf("\nMX kernel panic: %s\n", buf);
	if (proc_ptr)
		kprintf("  running: %s (endpoint %d)\n", proc_ptr->p_name, proc_ptr->p_endpoint);
	shutdown(MX_ABORT_EXIT, 3);
}

void kassert_fail(const char *expr, const char *file, int line)
{
	panic("assertion \"%s\" failed at %s:%d", expr, file, line);
}
