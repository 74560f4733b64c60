/*
 * kprintf: formatted output to the console (COM1), the kernel log ring
 * that tools read (mx_info.log_addr) and, as LOG frames, the debug channel.
 */
#include <stdarg.h>
#include "kernel.h"

mx_klog klog = { .size = MX_KLOG_SIZE };

struct out { char *buf; size_t n, len; };

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->n)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct out *o, unsigned long long v, int base, int width, int zero, int neg)
{
	char tmp[24];
	int i = 0;
	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[i++] = '-';
	for (int w = i; w < width; w++)
		out_c(o, zero ? '0' : ' ');
	while (i)
		out_c(o, tmp[--i]);
}

static void vformat(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_c(o, *fmt);
			continue;
		}
		int zero = 0, width = 0, ll = 0, left = 0;
		fmt++;
		if (*fmt == '-') { left = 1; fmt++; }
		if (*fmt == '0') { zero = 1; fmt++; }
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') { ll++; fmt++; }
		switch (*fmt) {
		case 'd': case 'i': {
			long long v = ll >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
			out_num(o, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, width, zero, v < 0);
			break;
		}
		case 'u':
			out_num(o, ll >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 10, width, zero, 0);
			break;
		case 'x': case 'p':
			out_num(o, ll >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 16, width, zero, 0);
			break;
		case 'c':
			out_c(o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s) s = "(null)";
			int len = (int)strlen(s);
			if (!left) for (int w = len; w < width; w++) out_c(o, ' ');
			while (*s) out_c(o, *s++);
			if (left) for (int w = len; w < width; w++) out_c(o, ' ');
			break;
		}
		case '%':
			out_c(o, '%');
			break;
		default:
			out_c(o, '%');
			out_c(o, *fmt);
		}
	}
}

int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct out o = { buf, n, 0 };
	vformat(&o, fmt, ap);
	if (n)
		buf[o.len < n ? o.len : n - 1] = 0;
	return (int)o.len;
}

int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = kvsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

/* Text to the console and the log ring; whole lines also to the channel. */
void kputs_raw(const char *s, size_t n)
{
	static char line[160];
	static size_t line_len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n')
			serial_putc(COM1, '\r');
		serial_putc(COM1, c);
		klog.buf[klog.next % MX_KLOG_SIZE] = c;
		klog.next++;
		if (c == '\n' || line_len == sizeof(line)) {
			dbgchan_log(line, line_len);
			line_len = 0;
		}
		if (c != '\n')
			line[line_len++] = c;
	}
}

void kprintf(const char *fmt, ...)
{
	char buf[256];
	struct out o = { buf, sizeof(buf), 0 };
	va_list ap;
	va_start(ap, fmt);
	vformat(&o, fmt, ap);
	va_end(ap);
	size_t len = o.len < sizeof(buf) ? o.len : sizeof(buf) - 1;
	kputs_raw(buf, len);
}
