/*
 * The console hardware: COM1 (a 16550: receive interrupts on IRQ 4,
 * polled transmit, as the kernel's own console output) and the PS/2
 * keyboard controller (IRQ 1).  Port I/O runs in our own code: the
 * kernel raised our I/O privilege level (IOPENABLE).
 */
#include "tty.h"

static int hook_com1 = -1, hook_kbd = -1;

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

void console_init(void)
{
	int r = sys_iopenable(MX_SELF);
	if (r < 0)
		sys_panic("no I/O privileges: %s", mx_strerror(r));
	outb(COM1_PORT + 1, 0x01);                 /* receive interrupts */
	while (inb(COM1_PORT + 5) & 0x01)
		(void)inb(COM1_PORT);
	while (inb(0x64) & 0x01)
		(void)inb(0x60);                   /* stale keyboard bytes */
	hook_com1 = HOOK_COM1;
	if ((r = sys_irqsetpolicy(IRQ_COM1, MX_IRQ_REENABLE, &hook_com1)) < 0)
		sys_printf("tty: no IRQ %d: %s\n", IRQ_COM1, mx_strerror(r));
	hook_kbd = HOOK_KBD;
	if ((r = sys_irqsetpolicy(IRQ_KBD, MX_IRQ_REENABLE, &hook_kbd)) < 0)
		sys_printf("tty: no IRQ %d: %s\n", IRQ_KBD, mx_strerror(r));
}

void console_putc(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1_PORT + 5) & 0x20); i++)
		;
	outb(COM1_PORT, (uint8_t)c);
}

void console_irq(uint32_t bits)
{
	/* Look at both devices whatever the bits say: a byte may have come meanwhile. */
	for (int n = 0; n < 256 && (inb(COM1_PORT + 5) & 0x01); n++)
		tty_input(&ttys[0], inb(COM1_PORT));
	for (int n = 0; n < 64; n++) {
		uint8_t st = inb(0x64);
		if (!(st & 0x01))
			break;
		uint8_t sc = inb(0x60);
		if (st & 0x20)
			continue;                          /* the mouse */
		int c = kbd_scancode(sc);
		if (c >= 0)
			tty_input(&ttys[0], c);
	}
	tty_serve_reads(&ttys[0]);
}
