/* The tracee's memory and registers through ptrace (PM_PTRACE requests). */
#include <string.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include "trace.h"

enum {
#define PT_ENUM(name, num, text) PT_##name = num,
	MX_PTRACE_REQS(PT_ENUM)
#undef PT_ENUM
};

int pt(int req, int pid, uint32_t addr, uint32_t data, uint32_t *value)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_ptrace *a = MX_BODY(&m, struct pm_ptrace);
	a->req = req;
	a->pid = pid;
	a->addr = addr;
	a->data = data;
	m.m_type = MX_PM_PTRACE;
	int r = mx_sendrec(MX_PM, &m);
	if (r == 0)
		r = m.m_type;
	if (value)
		*value = a->value;
	return r;
}

int pt_read(int pid, uint32_t addr, void *buf, size_t len)
{
	uint8_t *b = buf;
	for (size_t off = 0; off < len; off += 4) {
		uint32_t w;
		int r = pt(PT_T_GETDATA, pid, addr + (uint32_t)off, 0, &w);
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
		uint32_t w;
		if (pt(PT_T_GETDATA, pid, addr + (uint32_t)n, 0, &w) < 0)
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
	pt(PT_T_GETUSER, pid, (uint32_t)word * 4, 0, &v);
	return v;
}
