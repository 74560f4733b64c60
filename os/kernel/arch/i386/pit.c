/* The 8253 timer at HZ, and the TSC rate measured against it. */
#include "arch.h"

#define PIT_HZ 1193182

void pit_init(unsigned hz)
{
	unsigned div = PIT_HZ / hz;
	outb(0x43, 0x34);                 /* channel 0, lo/hi, rate generator */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
}

/*
 * Count TSC ticks over 10 ms of PIT channel 2 (gated, one-shot, polled).
 * Under -icount shift=0 the result is the guest's instruction rate.
 */
uint64_t tsc_calibrate(void)
{
	unsigned ticks = PIT_HZ / 100;
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);   /* gate on, speaker off */
	outb(0x43, 0xb0);                          /* channel 2, lo/hi, mode 0 */
	outb(0x42, ticks & 0xff);
	outb(0x42, ticks >> 8);
	uint64_t t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		;
	return (rdtsc() - t0) * 100;
}
