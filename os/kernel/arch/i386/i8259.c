/* The two 8259A interrupt controllers, remapped to vectors 32-47. */
#include "arch.h"

#define PIC1 0x20
#define PIC2 0xa0
static uint16_t mask = 0xffff & ~(1 << 2);   /* cascade line always open */

static void pic_write_mask(void)
{
	outb(PIC1 + 1, mask & 0xff);
	outb(PIC2 + 1, mask >> 8);
}

void pic_init(void)
{
	outb(PIC1, 0x11); outb(PIC2, 0x11);       /* ICW1: edge, cascade, ICW4 */
	outb(PIC1 + 1, 32); outb(PIC2 + 1, 40);   /* ICW2: vector bases */
	outb(PIC1 + 1, 4); outb(PIC2 + 1, 2);     /* ICW3: slave on line 2 */
	outb(PIC1 + 1, 1); outb(PIC2 + 1, 1);     /* ICW4: 8086 mode */
	pic_write_mask();
}

void pic_mask(int irq)   { mask |= (uint16_t)(1 << irq); pic_write_mask(); }
void pic_unmask(int irq) { mask &= (uint16_t)~(1 << irq); pic_write_mask(); }

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2, 0x20);
	outb(PIC1, 0x20);
}
