/* libc's internal interfaces, shared between its files. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H
#include <stdarg.h>
#include <stddef.h>

/* Set by stdio when it is linked in: flushes every output stream (exit, fork, reboot). */
extern void (*__libc_flush_hook)(void);

/*
 * The formatting engine behind every printf: out(ctx, s, n) receives the
 * output in pieces; returns the number of characters produced.
 */
int __vformat(void (*out)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, va_list ap);

/* The signal trampoline handed to PM with every sigaction (signal.c). */
void __sigreturn(unsigned long ctx);
#endif
