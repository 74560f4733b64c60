/* The CMOS real-time clock, read once at boot for the time of day. */
#include "../../kernel.h"

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static uint32_t bcd(uint8_t v, int binary)
{
	return binary ? v : (uint32_t)((v >> 4) * 10 + (v & 15));
}

/* Seconds since 1970-01-01 UTC, as the RTC says (QEMU keeps it in UTC). */
uint32_t rtc_time(void)
{
	while (cmos(0x0a) & 0x80)
		;                                  /* update in progress */
	int binary = cmos(0x0b) & 0x04;
	uint32_t s = bcd(cmos(0x00), binary), mi = bcd(cmos(0x02), binary), h = bcd(cmos(0x04) & 0x7f, binary);
	uint32_t d = bcd(cmos(0x07), binary), mo = bcd(cmos(0x08), binary), y = bcd(cmos(0x09), binary) + 2000;
	static const uint16_t before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	uint32_t days = (y - 1970) * 365 + (y - 1969) / 4;       /* leap days up to last year */
	days += before[(mo - 1) % 12] + d - 1;
	if (mo > 2 && y % 4 == 0)
		days++;
	return ((days * 24 + h) * 60 + mi) * 60 + s;
}
