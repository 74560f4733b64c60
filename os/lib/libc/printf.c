/*
 * The printf engine: __vformat and the formatting core used by every
 * printf-family function.  Supports flags -+ 0#, width, precision, the
 * length modifiers hh h l ll z j t, and d i u x X o c s p %.  Output goes
 * to a callback in pieces of up to 128 characters.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include "libc.h"

struct sink {
	void (*out)(void *ctx, const char *s, size_t n);
	void *ctx;
	size_t len;                  /* characters produced so far */
	size_t fill;
	char buf[128];
};

static void flush(struct sink *s)
{
	if (s->fill)
		s->out(s->ctx, s->buf, s->fill);
	s->fill = 0;
}

static void put(struct sink *s, char c)
{
	if (s->fill == sizeof(s->buf))
		flush(s);
	s->buf[s->fill++] = c;
	s->len++;
}

static void put_pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

int __vformat(void (*out)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, va_list ap)
{
	struct sink s;
	s.out = out;
	s.ctx = ctx;
	s.len = s.fill = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&s, *fmt);
			continue;
		}
		int left = 0, plus = 0, space = 0, zero = 0, alt = 0, width = 0, prec = -1, len = 0;
		for (;; fmt++) {
			if (fmt[1] == '-') left = 1;
			else if (fmt[1] == '+') plus = 1;
			else if (fmt[1] == ' ') space = 1;
			else if (fmt[1] == '0') zero = 1;
			else if (fmt[1] == '#') alt = 1;
			else break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) { left = 1; width = -width; }
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l') len++;
			else if (*fmt == 'h') len--;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') len = *fmt == 'j' ? 2 : 1;
			else break;
		}
		char c = *fmt;
		if (c == 's') {
			const char *str = va_arg(ap, const char *);
			if (!str) str = "(null)";
			int sl = (int)(prec >= 0 ? strnlen(str, (size_t)prec) : strlen(str));
			if (!left) put_pad(&s, ' ', width - sl);
			for (int i = 0; i < sl; i++) put(&s, str[i]);
			if (left) put_pad(&s, ' ', width - sl);
			continue;
		}
		if (c == 'c') {
			if (!left) put_pad(&s, ' ', width - 1);
			put(&s, (char)va_arg(ap, int));
			if (left) put_pad(&s, ' ', width - 1);
			continue;
		}
		if (c == '%') {
			put(&s, '%');
			continue;
		}
		uint64_t v;
		int neg = 0, base = 10, upper = 0;
		if (c == 'd' || c == 'i') {
			int64_t sv = len >= 2 ? va_arg(ap, long long) : len == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (len == -1) sv = (short)sv;
			if (len <= -2) sv = (signed char)sv;
			neg = sv < 0;
			v = neg ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
		} else if (c == 'u' || c == 'x' || c == 'X' || c == 'o' || c == 'p') {
			if (c == 'p') { v = (uintptr_t)va_arg(ap, void *); alt = 1; }
			else v = len >= 2 ? va_arg(ap, unsigned long long) : len == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			if (len == -1 && c != 'p') v = (unsigned short)v;
			if (len <= -2 && c != 'p') v = (unsigned char)v;
			base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
			upper = c == 'X';
		} else {
			put(&s, '%');
			put(&s, c);
			if (!c) break;
			continue;
		}
		char tmp[24];
		int nd = 0;
		const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
		while (v) {
			tmp[nd++] = digits[v % (unsigned)base];
			v /= (unsigned)base;
		}
		if (nd == 0 && prec != 0)
			tmp[nd++] = '0';
		int zeros = prec > nd ? prec - nd : 0;
		const char *prefix = neg ? "-" : plus ? "+" : space ? " " : "";
		if (alt && base == 16 && nd) prefix = upper ? "0X" : "0x";
		if (alt && base == 8) prefix = "0";
		int total = (int)strlen(prefix) + zeros + nd;
		if (zero && !left && prec < 0)
			zeros += width > total ? width - total : 0, total = width > total ? width : total;
		if (!left) put_pad(&s, ' ', width - total);
		for (const char *p = prefix; *p; p++) put(&s, *p);
		put_pad(&s, '0', zeros);
		while (nd) put(&s, tmp[--nd]);
		if (left) put_pad(&s, ' ', width - total);
	}
	flush(&s);
	return (int)s.len;
}

struct strbuf { char *buf; size_t room, len; };

static void str_out(void *ctx, const char *p, size_t n)
{
	struct strbuf *b = ctx;
	for (size_t i = 0; i < n; i++, b->len++)
		if (b->len + 1 < b->room)
			b->buf[b->len] = p[i];
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, n, 0 };
	int r = __vformat(str_out, &b, fmt, ap);
	if (n)
		buf[b.len < n ? b.len : n - 1] = 0;
	return r;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
	va_end(ap);
	return r;
}
