/*
 * The file-system server's main loop: receive a request from VFS, run its
 * handler, answer asynchronously with the request's tag.  Anyone but VFS
 * is refused with EPERM; unknown requests get ENOSYS.
 */
#include "fs.h"

typedef int (*fs_handler)(mx_message *m);
extern const fs_handler fs_calls[];
extern const int fs_ncalls;

struct mxfs_super sb;
int fs_readonly;
static int mounted;
static uint32_t boot_time, hz = 100;

/* Seconds since 1970, from the kernel's boot time and uptime. */
uint32_t fs_now(void)
{
	mx_kinfo k;
	if (sys_getinfo(MX_GI_KINFO, &k, sizeof(k), 0) < 0)
		return boot_time;
	return k.boot_time + (uint32_t)(k.uptime_ticks / hz);
}

static void init(void)
{
	static mx_info info;
	if (sys_getinfo(MX_GI_MXINFO, &info, sizeof(info), 0) >= 0 && info.hz)
		hz = info.hz;
	cache_init();
}

int main(void)
{
	init();
	for (;;) {
		mx_message m;
		if (mx_receive(MX_ANY, &m) != MX_OK)
			continue;
		if (is_notify(&m) && m.m_source >= 0 && m.m_source < MX_NR_TASKS)
			continue;                      /* nothing to do for the kernel's notifications */
		int idx = m.m_type - MX_FS_BASE, r;
		uint32_t tag = m.m_u.w[0];
		if (m.m_source != MX_VFS)
			r = -MX_EPERM;
		else if (idx < 0 || idx >= fs_ncalls || !fs_calls[idx])
			r = -MX_ENOSYS;
		else if (!mounted && m.m_type != MX_FS_MOUNTROOT)
			r = -MX_ENXIO;
		else
			r = fs_calls[idx](&m);
		if (r == 0 && m.m_type == MX_FS_MOUNTROOT)
			mounted = 1;
		if (r < 0)
			memset(&m.m_u, 0, sizeof(m.m_u));
		m.m_u.w[0] = tag;
		m.m_type = r;
		asynsend(m.m_source, &m);
	}
}
