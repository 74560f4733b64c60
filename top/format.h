/*
 * Formatting for mxtop: numbers, rates, durations and CPU times in the
 * widths htop uses, message types and endpoints by name, and fitting text
 * into a column by display width (UTF-8 aware).  Pure functions: no
 * curses, no database; the --once printer and the screen share them.
 */
#ifndef MXTOP_FORMAT_H
#define MXTOP_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Glyphs that have an ASCII fallback for terminals without UTF-8. */
typedef struct fmt_glyphs {
	const char *to;          /* "→" or "->" (SEND→vfs) */
	const char *from;        /* "←" or "<-" (RECV←pm) */
	const char *tree_mid;    /* "├─ " */
	const char *tree_last;   /* "└─ " */
	const char *tree_pipe;   /* "│  " */
	const char *micro;       /* "µ" or "u" */
	const char *ellipsis;    /* "…" or "~" */
	const char *play;        /* "▶" or ">" */
} fmt_glyphs;

extern const fmt_glyphs *fmt_g;       /* the glyphs in force */
/* Choose UTF-8 glyphs or ASCII ones. */
void fmt_set_utf8(int on);
/* From the locale (call after setlocale): 1 if its codeset is UTF-8. */
int fmt_locale_is_utf8(void);

/* Display width of a UTF-8 string (invalid bytes count one column each). */
int fmt_width(const char *s);
/*
 * Copy src into dst padded or truncated to exactly width display columns;
 * right-aligned if right.  Truncation of a left-aligned text ends in the
 * ellipsis glyph.  Returns dst.  dst must hold width * 4 + 1 bytes.
 */
char *fmt_fit(char *dst, size_t len, const char *src, int width, int right);

/* The part of s after its first cols display columns. */
const char *fmt_skip(const char *s, int cols);
/* Bytes of s that make up its first cols display columns. */
size_t fmt_bytes(const char *s, int cols);

/* A count in at most 6 columns: 999, 12.3k, 123k, 1.23M, 12.3G. */
char *fmt_count(char *buf, size_t len, double v);
/* A size in bytes, binary units as htop shows memory: 512B, 16.0K, 64.0M, 1.50G. */
char *fmt_size(char *buf, size_t len, double bytes);
/* A rate per second: 0, 0.25, 12.5, 999, 12.3k...; "-" if v < 0 (unknown). */
char *fmt_rate(char *buf, size_t len, double v);
/* A percentage with one decimal, "-" if unknown (< 0). */
char *fmt_pct(char *buf, size_t len, double v);
/*
 * A duration: 850ns, 12.3µs, 350µs, 12.3ms, 1.25s, 12.3s, 2m03s, 1h02m,
 * 3d04h; "-" if unknown (< 0).
 */
char *fmt_duration(char *buf, size_t len, double seconds);
/* TSC ticks as a duration given the TSC frequency; raw ticks if hz <= 0. */
char *fmt_ticks(char *buf, size_t len, double ticks, double hz);
/* CPU time like htop's TIME+: m:ss.cc below an hour, then hh:mm:ss / Nd hh:mm. */
char *fmt_cputime(char *buf, size_t len, double seconds);
/* Uptime: hh:mm:ss, or "N days, hh:mm:ss". */
char *fmt_uptime(char *buf, size_t len, double seconds);
/* A message type: "VFS_READ", "NOTIFY", "reply", "reply:EINVAL", "0x1234". */
char *fmt_msgtype(char *buf, size_t len, int type);
/* A kernel call: "SAFECOPYFROM" or "call 77". */
char *fmt_kcall(char *buf, size_t len, int call);

/* Case-insensitive substring test (ASCII folding); an empty needle matches. */
int fmt_contains(const char *hay, const char *needle);

#endif
