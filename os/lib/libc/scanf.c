/*
 * sscanf: the conversions d i u o x X c s [ n %, with field widths, the
 * assignment-suppressing '*' and the length modifiers hh h l ll z j t.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void store_int(va_list *ap, int len, unsigned long long v)
{
	switch (len) {
	case -2: *va_arg(*ap, signed char *) = (signed char)v; break;
	case -1: *va_arg(*ap, short *) = (short)v; break;
	case 0:  *va_arg(*ap, int *) = (int)v; break;
	case 1:  *va_arg(*ap, long *) = (long)v; break;
	default: *va_arg(*ap, long long *) = (long long)v; break;
	}
}

/* Does c belong to the scanset starting at *set (after '[')?  *end gets the closing ']'. */
static int in_set(const char *set, int c, const char **end)
{
	int neg = 0, found = 0;
	const char *p = set;
	if (*p == '^')
		neg = 1, p++;
	if (*p == ']') {
		found |= c == ']';
		p++;
	}
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			found |= c >= (unsigned char)p[0] && c <= (unsigned char)p[2];
			p += 2;
		} else {
			found |= c == (unsigned char)*p;
		}
	}
	*end = p;
	return neg ? !found : found;
}

int vsscanf(const char *str, const char *fmt, va_list ap0)
{
	va_list ap;
	va_copy(ap, ap0);
	const char *s = str;
	int assigned = 0;
	for (; *fmt; fmt++) {
		if (isspace((unsigned char)*fmt)) {
			while (isspace((unsigned char)*s))
				s++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%')
				fmt++;
			if (*s != *fmt)
				break;
			s++;
			continue;
		}
		fmt++;
		int skip = 0, width = 0, len = 0;
		if (*fmt == '*')
			skip = 1, fmt++;
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l') len++;
			else if (*fmt == 'h') len--;
			else if (*fmt == 'z' || *fmt == 't') len = 1;
			else if (*fmt == 'j') len = 2;
			else break;
		}
		char c = *fmt;
		if (!c)
			break;
		if (c == 'n') {
			if (!skip)
				store_int(&ap, len, (unsigned long long)(s - str));
			continue;
		}
		if (c != 'c' && c != '[')
			while (isspace((unsigned char)*s))
				s++;
		if (!*s)
			break;
		if (c == 'c') {
			int n = width ? width : 1;
			char *d = skip ? NULL : va_arg(ap, char *);
			for (int i = 0; i < n; i++) {
				if (!s[i])
					goto out;
				if (d)
					d[i] = s[i];
			}
			s += n;
			assigned += !skip;
			continue;
		}
		if (c == 's' || c == '[') {
			const char *set = fmt + 1, *end = fmt;
			if (c == '[')
				in_set(set, 0, &end);
			char *d = skip ? NULL : va_arg(ap, char *);
			int n = 0;
			while (s[n] && (!width || n < width) &&
			       (c == 's' ? !isspace((unsigned char)s[n]) : in_set(set, (unsigned char)s[n], &end))) {
				if (d)
					d[n] = s[n];
				n++;
			}
			if (c == '[')
				fmt = *end ? end : end - 1;
			if (!n)
				break;
			if (d)
				d[n] = 0;
			s += n;
			assigned += !skip;
			continue;
		}
		int base;
		switch (c) {
		case 'd': case 'u': base = 10; break;
		case 'i': base = 0; break;
		case 'o': base = 8; break;
		case 'x': case 'X': case 'p': base = 16; break;
		default: goto out;
		}
		char num[40];
		int n = 0, maxw = width && width < (int)sizeof(num) - 1 ? width : (int)sizeof(num) - 1;
		while (s[n] && n < maxw && !isspace((unsigned char)s[n]))
			num[n] = s[n], n++;
		num[n] = 0;
		char *e;
		unsigned long long v = (c == 'd' || c == 'i') ? (unsigned long long)strtoll(num, &e, base) :
				       strtoull(num, &e, base);
		if (e == num)
			break;
		s += e - num;
		if (!skip) {
			if (c == 'p')
				*va_arg(ap, void **) = (void *)(uintptr_t)v;
			else
				store_int(&ap, len, v);
			assigned++;
		}
	}
out:
	va_end(ap);
	return assigned == 0 && !*s && s == str ? EOF : assigned;
}

int sscanf(const char *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsscanf(s, fmt, ap);
	va_end(ap);
	return r;
}
