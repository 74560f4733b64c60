/*
 * 16550 UARTs: COM1 is the console, COM2 the debug channel.  Output is
 * polled for the console (it must work in a panic) and interrupt-driven for
 * the channel (dbgchan.c keeps the transmit buffer).
 */
#include "../../kernel.h"

static void uart_init(int port)
{
	outb(port + 1, 0x00);      /* no interrupts yet */
	outb(port + 3, 0x80);      /* DLAB */
	outb(port + 0, 0x01);      /* 115200 baud */
	outb(port + 1, 0x00);
	outb(port + 3, 0x03);      /* 8N1 */
	outb(port + 2, 0xc7);      /* FIFO on, cleared, 14-byte threshold */
	outb(port + 4, 0x0b);      /* DTR, RTS, OUT2 (interrupts reach the PIC) */
}

void serial_init(void)
{
	uart_init(COM1);
	uart_init(COM2);
}

int serial_tx_ready(int port)
{
	return inb(port + 5) & 0x20;
}

void serial_putc(int port, char c)
{
	for (int i = 0; i < 100000 && !serial_tx_ready(port); i++)
		;
	outb(port, (uint8_t)c);
}

/* A received byte, or -1 if none is waiting. */
int serial_getc(int port)
{
	if (inb(port + 5) & 0x01)
		return inb(port);
	return -1;
}

static uint8_t ier[2];

static void set_ier(int port, uint8_t bits, int on)
{
	uint8_t *v = &ier[port == COM1 ? 0 : 1];
	*v = on ? (*v | bits) : (*v & ~bits);
	outb(port + 1, *v);
}

void serial_enable_rx_irq(int port) { set_ier(port, 0x01, 1); }
void serial_enable_tx_irq(int port, int on) { set_ier(port, 0x02, on); }
