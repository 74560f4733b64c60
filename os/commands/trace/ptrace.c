/* The tracee's memory and registers through ptrace (PM_PTRACE requests). */
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include "trace.h"

/* One request; the word read (GET requests) in *value; 0 or a negative error. */
int pt(int req, int pid, uint32_t addr, uint32_t data, uint32_t *value)
{
	errno = 0;
	long v = ptrace(req, pid, (long)addr, (long)data);
	if (v == -1 && errno)
		return -errno;
	if (value)
		*value = (uint32_t)v;
	return 0;
}

int pt_read(int pid, uint32_t addr, void *buf, size_t len)
{
	uint8_t *b = buf;
	for (size_t off = 0; off < len; off += 4) {
		uint32_t w = 0;
		int r = pt(T_GETDATA, pid, addr + (uint32_t)off, 0, &w);
		if (r < 0)
			return r;
		memcpy(b + off, &w, len - off < 4 ? len - off : 4);
	}
	return 0;
}

/* A NUL-terminated string from the tracee, cut to len - 1 bytes; "" if unreadable. */
int pt_string(int pid, uint32_t addr, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	while (n + 1 < len) {
		uint32_t w = 0;
		if (pt(T_GETDATA, pid, addr + (uint32_t)n, 0, &w) < 0)
			return -1;
		for (int i = 0; i < 4 && n + 1 < len; i++, n++) {
			buf[n] = (char)(w >> (8 * i));
			if (!buf[n])
				return 0;
		}
	}
	buf[n] = 0;
	return 0;
}

/* Word `word` of the saved register frame (ebx 8, ecx 10, eax 11, eip 14). */
uint32_t pt_reg(int pid, int word)
{
	uint32_t v = 0;
	pt(T_GETUSER, pid, (uint32_t)word * 4, 0, &v);
	return v;
}
