/*
 * The tty driver: one terminal, the console, fed by COM1 (16550, IRQ 4)
 * and the PS/2 keyboard (IRQ 1), written to COM1.  Line editing (erase,
 * kill, word erase, end of file), echo, and the signal characters, which
 * go to the foreground process group through PM asynchronously (a driver
 * never waits for PM).  Answers DEV_* requests (mx/dev.h).
 */
#ifndef TTY_H
#define TTY_H

#include <string.h>
#include <mx/callnr.h>
#include <mx/dev.h>
#include <mx/pm.h>
#include <mx/vfs.h>
#include "mxsys.h"
#include <driver.h>

#define NR_TTYS      1
#define TTY_IN_SIZE  1024        /* input bytes queued for readers */
#define TTY_LINE_MAX 255         /* the line being edited (canonical mode) */
#define TTY_NR_LINES 32          /* completed lines waiting (canonical mode) */
#define TTY_NR_READS 8           /* read requests waiting for input */

#define COM1_PORT 0x3f8
#define IRQ_COM1  4
#define IRQ_KBD   1
#define HOOK_COM1 0              /* our bit in HARDWARE notifications */
#define HOOK_KBD  1

/* A read request waiting for input. */
struct pending_read {
	int used;
	mx_endpoint_t who;
	uint32_t tag, grant, len;
};

struct tty {
	struct mx_termios tio;
	int32_t pgrp;                   /* foreground process group, 0 if none */
	struct mx_winsize ws;
	/* Input ready for readers: a ring, and in canonical mode the lines in it. */
	uint8_t in[TTY_IN_SIZE];
	uint32_t in_head, in_count;
	uint32_t lines[TTY_NR_LINES];   /* lengths of completed lines (0: end of file) */
	uint32_t line_head, line_count;
	/* The line being edited. */
	char edit[TTY_LINE_MAX];
	uint32_t edit_len;
	/* Waiting readers and select watchers. */
	struct pending_read reads[TTY_NR_READS];
	uint32_t sel_ops;               /* MX_SEL_* watched */
	mx_endpoint_t sel_ep;
	int opens;
};

/* pending.c: the kept reads as the registered table "tty.pending" */
void pending_register(void);
void pending_publish(void);

/* main.c */
extern struct tty ttys[NR_TTYS];
void reply(mx_endpoint_t to, uint32_t tag, uint32_t minor, int status);

/* console.c: the hardware */
void console_init(void);
void console_putc(char c);
void console_irq(uint32_t bits);

/* keyboard.c */
int kbd_scancode(uint8_t sc);      /* a character, or -1 */
void fkey_pressed(int key);        /* hook for IS (issue 5) */

/* line.c: the line discipline */
void tty_init(struct tty *tp);
void tty_input(struct tty *tp, int c);
void tty_output(struct tty *tp, const char *s, uint32_t n);
int tty_readable(struct tty *tp);
void tty_serve_reads(struct tty *tp);
void tty_flush_input(struct tty *tp);
uint32_t tty_take(struct tty *tp, uint8_t *dst, uint32_t len);

/* dev.c: handlers, each returning the status of the answer or EDONTREPLY */
int do_open(mx_message *m);
int do_close(mx_message *m);
int do_read(mx_message *m);
int do_write(mx_message *m);
int do_ioctl(mx_message *m);
int do_select(mx_message *m);
int do_cancel(mx_message *m);

#endif
