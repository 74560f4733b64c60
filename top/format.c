/* Formatting for mxtop: values in fixed widths, names, text fitting. */
#include <ctype.h>
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "mxt/names.h"
#include "format.h"

static const fmt_glyphs glyphs_utf8 = {
	.to = "\xe2\x86\x92", .from = "\xe2\x86\x90",
	.tree_mid = "\xe2\x94\x9c\xe2\x94\x80 ", .tree_last = "\xe2\x94\x94\xe2\x94\x80 ",
	.tree_pipe = "\xe2\x94\x82  ", .micro = "\xc2\xb5", .ellipsis = "\xe2\x80\xa6",
	.play = "\xe2\x96\xb6",
};
static const fmt_glyphs glyphs_ascii = {
	.to = "->", .from = "<-", .tree_mid = "|- ", .tree_last = "`- ", .tree_pipe = "|  ",
	.micro = "u", .ellipsis = "~", .play = ">",
};
const fmt_glyphs *fmt_g = &glyphs_ascii;

void fmt_set_utf8(int on)
{
	fmt_g = on ? &glyphs_utf8 : &glyphs_ascii;
}

int fmt_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* Length in bytes of the UTF-8 sequence starting at s (1 for a stray byte). */
static int seq_len(const unsigned char *s)
{
	int n = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 : (*s & 0xf8) == 0xf0 ? 4 : 1;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

int fmt_width(const char *s)
{
	int w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		p += seq_len(p);
		w++;
	}
	return w;
}

const char *fmt_skip(const char *s, int cols)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p && cols-- > 0)
		p += seq_len(p);
	return (const char *)p;
}

size_t fmt_bytes(const char *s, int cols)
{
	return (size_t)(fmt_skip(s, cols) - s);
}

char *fmt_fit(char *dst, size_t len, const char *src, int width, int right)
{
	const unsigned char *p = (const unsigned char *)(src ? src : "");
	int w = fmt_width((const char *)p);
	size_t o = 0;
	if (len == 0)
		return dst;
	if (width < 0)
		width = 0;
	if (w <= width) {
		int pad = width - w;
		if (right)
			for (; pad > 0 && o + 1 < len; pad--)
				dst[o++] = ' ';
		size_t n = strlen((const char *)p);
		if (o + n >= len)
			n = len - o - 1;
		memcpy(dst + o, p, n);
		o += n;
		for (; pad > 0 && o + 1 < len; pad--)
			dst[o++] = ' ';
		dst[o] = 0;
		return dst;
	}
	/* Too wide: keep width-1 columns and an ellipsis (numbers keep their tail). */
	int keep = width > 0 ? width - 1 : 0;
	if (right && width > 0) {
		int skip = w - keep;
		o = strlen(fmt_g->ellipsis);
		if (o >= len)
			o = 0;
		else
			memcpy(dst, fmt_g->ellipsis, o);
		while (skip-- > 0)
			p += seq_len(p);
		size_t n = strlen((const char *)p);
		if (o + n >= len)
			n = len - o - 1;
		memcpy(dst + o, p, n);
		dst[o + n] = 0;
		return dst;
	}
	for (int i = 0; i < keep; i++) {
		int n = seq_len(p);
		if (o + (size_t)n >= len)
			break;
		memcpy(dst + o, p, (size_t)n);
		o += (size_t)n;
		p += n;
	}
	if (width > 0) {
		size_t el = strlen(fmt_g->ellipsis);
		if (o + el < len) {
			memcpy(dst + o, fmt_g->ellipsis, el);
			o += el;
		}
	}
	dst[o] = 0;
	return dst;
}

char *fmt_count(char *buf, size_t len, double v)
{
	static const char units[] = "kMGTP";
	if (v < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (v < 1e4) {
		snprintf(buf, len, "%.0f", v);
		return buf;
	}
	int u = -1;
	while (v >= 1e3 && u < 4) {
		v /= 1e3;
		u++;
	}
	/* Round first so that 999.96k prints as 1.00M, not 1000k. */
	if (v >= 999.5 && u < 4) {
		v /= 1e3;
		u++;
	}
	if (v < 9.995)
		snprintf(buf, len, "%.2f%c", v, units[u]);
	else if (v < 99.95)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
	return buf;
}

char *fmt_size(char *buf, size_t len, double v)
{
	static const char units[] = "KMGT";
	if (v < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (v < 1024) {
		snprintf(buf, len, "%.0fB", v);
		return buf;
	}
	int u = -1;
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v < 99.95 ? "%.1f%c" : "%.0f%c", v, units[u]);
	return buf;
}

char *fmt_rate(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else if (v == 0)
		snprintf(buf, len, "0");
	else if (v < 9.995)
		snprintf(buf, len, "%.2f", v);
	else if (v < 99.95)
		snprintf(buf, len, "%.1f", v);
	else
		fmt_count(buf, len, v);
	return buf;
}

char *fmt_pct(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", v);
	return buf;
}

char *fmt_duration(char *buf, size_t len, double s)
{
	if (s < 0 || isnan(s)) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (s == 0)
		snprintf(buf, len, "0");
	else if (s < 1e-6)
		snprintf(buf, len, "%.0fns", s * 1e9);
	else if (s < 9.995e-6)
		snprintf(buf, len, "%.2f%ss", s * 1e6, fmt_g->micro);
	else if (s < 99.95e-6)
		snprintf(buf, len, "%.1f%ss", s * 1e6, fmt_g->micro);
	else if (s < 999.5e-6)
		snprintf(buf, len, "%.0f%ss", s * 1e6, fmt_g->micro);
	else if (s < 9.995e-3)
		snprintf(buf, len, "%.2fms", s * 1e3);
	else if (s < 99.95e-3)
		snprintf(buf, len, "%.1fms", s * 1e3);
	else if (s < 999.5e-3)
		snprintf(buf, len, "%.0fms", s * 1e3);
	else if (s < 9.995)
		snprintf(buf, len, "%.2fs", s);
	else if (s < 59.95)
		snprintf(buf, len, "%.1fs", s);
	else if (s < 3600) {
		long t = lround(s);
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	} else if (s < 86400) {
		long t = (long)(s / 60);
		snprintf(buf, len, "%ldh%02ldm", t / 60, t % 60);
	} else {
		long t = (long)(s / 3600);
		snprintf(buf, len, "%ldd%02ldh", t / 24, t % 24);
	}
	return buf;
}

char *fmt_ticks(char *buf, size_t len, double ticks, double hz)
{
	if (ticks < 0)
		snprintf(buf, len, "-");
	else if (hz <= 0)
		fmt_count(buf, len, ticks);
	else
		fmt_duration(buf, len, ticks / hz);
	return buf;
}

char *fmt_cputime(char *buf, size_t len, double s)
{
	if (s < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	long long cs = llround(s * 100);
	long long secs = cs / 100;
	if (secs < 3600)
		snprintf(buf, len, "%lld:%02lld.%02lld", secs / 60, secs % 60, cs % 100);
	else if (secs < 100 * 3600)
		snprintf(buf, len, "%lldh%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%lldd%02lldh", secs / 86400, secs / 3600 % 24);
	return buf;
}

char *fmt_uptime(char *buf, size_t len, double s)
{
	if (s < 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	long long t = (long long)s;
	long long days = t / 86400;
	if (days > 0)
		snprintf(buf, len, "%lld day%s, %02lld:%02lld:%02lld", days, days == 1 ? "" : "s",
			 t / 3600 % 24, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
	return buf;
}

char *fmt_msgtype(char *buf, size_t len, int type)
{
	const char *n = mxt_msgtype_name(type);
	if (n)
		snprintf(buf, len, "%s", n);
	else if (type == 0)
		snprintf(buf, len, "reply");
	else if (type < 0 && mxt_errno_name(type))
		snprintf(buf, len, "reply:%s", mxt_errno_name(type));
	else
		snprintf(buf, len, "0x%x", (unsigned)type);
	return buf;
}

char *fmt_kcall(char *buf, size_t len, int call)
{
	const char *n = mxt_kcall_name(call);
	if (n)
		snprintf(buf, len, "%s", n);
	else
		snprintf(buf, len, "call %d", call);
	return buf;
}

int fmt_contains(const char *hay, const char *needle)
{
	if (!needle || !*needle)
		return 1;
	if (!hay)
		return 0;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}
