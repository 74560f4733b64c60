/*
 * Decoding system calls.  MX's system calls are messages: the request's
 * m_type names the call and its body holds the arguments (os/include/mx:
 * pm.h, vfs.h, vm.h); the reply's m_type is the result.  Paths and other
 * pointers are read from the tracee at the entry stop.
 */
#include <string.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include <mx/vm.h>
#include <mx/vfs.h>
#include <mx/errno.h>
#include "trace.h"

const char *call_name(int type)
{
	switch (type) {
#define C(name, num, text) case num: return text;
	MX_ALL_CALLS(C)
#undef C
	}
	return NULL;
}

static const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
#define E(name, num, text) case num: return #name;
	MX_ERRORS(E)
#undef E
	}
	return "E?";
}

const char *server_name(mx_endpoint_t ep, char *buf, size_t len)
{
	static const char *const fixed[] = { "idle", "clock", "system", "hardware", "pm", "vfs", "rs",
					     "vm", "ds", "tty", "memory", "fs", "is", "init" };
	if (ep >= 0 && MX_EP_GEN(ep) == 0 && MX_EP_SLOT(ep) < (int)(sizeof(fixed) / sizeof(fixed[0])))
		return fixed[MX_EP_SLOT(ep)];
	snprintf(buf, len, "ep %d", ep);
	return buf;
}

static void path_arg(struct call *c, char *out, size_t len, uint32_t addr)
{
	char p[MX_PATH_MAX];
	if (pt_string(c->pid, addr, p, sizeof(p)) < 0)
		snprintf(out, len, "%#x", addr);
	else
		snprintf(out, len, "\"%s\"", p);
}

static const char *open_flags(uint32_t f, char *buf, size_t len)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	snprintf(buf, len, "%s%s%s%s%s%s", acc[f & MX_O_ACCMODE], (f & MX_O_CREAT) ? "|O_CREAT" : "",
		 (f & MX_O_TRUNC) ? "|O_TRUNC" : "", (f & MX_O_APPEND) ? "|O_APPEND" : "",
		 (f & MX_O_EXCL) ? "|O_EXCL" : "", (f & MX_O_DIRECTORY) ? "|O_DIRECTORY" : "");
	return buf;
}

/* Up to 24 bytes of data, escaped, from the tracee. */
static void data_arg(struct call *c, char *out, size_t len, uint32_t addr, uint32_t n)
{
	uint8_t b[24];
	uint32_t k = n < sizeof(b) ? n : sizeof(b);
	if (pt_read(c->pid, addr, b, k) < 0) {
		snprintf(out, len, "%#x", addr);
		return;
	}
	size_t o = 0;
	out[o++] = '"';
	for (uint32_t i = 0; i < k && o + 5 < len; i++) {
		if (b[i] == '\n')
			o += (size_t)snprintf(out + o, len - o, "\\n");
		else if (b[i] >= 32 && b[i] < 127)
			out[o++] = (char)b[i];
		else
			o += (size_t)snprintf(out + o, len - o, "\\%o", b[i]);
	}
	snprintf(out + o, len - o, "\"%s", n > k ? "..." : "");
}

void decode_entry(struct call *c)
{
	mx_message *m = &c->req;
	char a[MX_PATH_MAX + 8], b[MX_PATH_MAX + 8], f[64];
	char *o = c->args;
	size_t n = sizeof(c->args);
	o[0] = 0;
	switch (m->m_type) {
	case MX_VFS_OPEN: {
		struct vfs_open *q = MX_BODY(m, struct vfs_open);
		path_arg(c, a, sizeof(a), q->path);
		snprintf(o, n, "%s, %s%s", a, open_flags(q->flags, f, sizeof(f)), (q->flags & MX_O_CREAT) ? ", 0644" : "");
		break;
	}
	case MX_VFS_CLOSE:
		snprintf(o, n, "%d", MX_BODY(m, struct vfs_close)->fd);
		break;
	case MX_VFS_WRITE: {
		struct vfs_io *q = MX_BODY(m, struct vfs_io);
		data_arg(c, a, sizeof(a), q->buf, q->len);
		snprintf(o, n, "%d, %s, %u", q->fd, a, q->len);
		break;
	}
	case MX_VFS_READ: {
		struct vfs_io *q = MX_BODY(m, struct vfs_io);
		snprintf(o, n, "%d, %#x, %u", q->fd, q->buf, q->len);
		break;
	}
	case MX_VFS_LSEEK: {
		struct vfs_lseek *q = MX_BODY(m, struct vfs_lseek);
		snprintf(o, n, "%d, %d, %s", q->fd, q->offset,
			 q->whence == MX_SEEK_SET ? "SEEK_SET" : q->whence == MX_SEEK_CUR ? "SEEK_CUR" : "SEEK_END");
		break;
	}
	case MX_VFS_STAT:
		path_arg(c, a, sizeof(a), MX_BODY(m, struct vfs_stat)->path);
		snprintf(o, n, "%s", a);
		break;
	case MX_VFS_FSTAT:
		snprintf(o, n, "%d", MX_BODY(m, struct vfs_fstat)->fd);
		break;
	case MX_VFS_DUP:
		snprintf(o, n, "%d", MX_BODY(m, struct vfs_dup)->fd);
		break;
	case MX_VFS_DUP2:
		snprintf(o, n, "%d, %d", MX_BODY(m, struct vfs_dup)->fd, MX_BODY(m, struct vfs_dup)->fd2);
		break;
	case MX_VFS_GETDENTS: {
		struct vfs_io *q = MX_BODY(m, struct vfs_io);
		snprintf(o, n, "%d, %#x, %u", q->fd, q->buf, q->len);
		break;
	}
	case MX_VFS_MKDIR: case MX_VFS_UNLINK: case MX_VFS_RMDIR: case MX_VFS_CHDIR: case MX_VFS_ACCESS:
		path_arg(c, a, sizeof(a), MX_BODY(m, struct vfs_path)->path);
		if (m->m_type == MX_VFS_MKDIR || m->m_type == MX_VFS_ACCESS)
			snprintf(o, n, "%s, %#o", a, MX_BODY(m, struct vfs_path)->mode);
		else
			snprintf(o, n, "%s", a);
		break;
	case MX_VFS_RENAME: {
		struct vfs_rename *q = MX_BODY(m, struct vfs_rename);
		path_arg(c, a, sizeof(a), q->old_path);
		path_arg(c, b, sizeof(b), q->new_path);
		snprintf(o, n, "%s, %s", a, b);
		break;
	}
	case MX_VFS_FCNTL: {
		struct vfs_fcntl *q = MX_BODY(m, struct vfs_fcntl);
		snprintf(o, n, "%d, %d, %d", q->fd, q->cmd, q->arg);
		break;
	}
	case MX_VFS_IOCTL: {
		struct vfs_ioctl *q = MX_BODY(m, struct vfs_ioctl);
		snprintf(o, n, "%d, %#x, %#x", q->fd, q->req, q->arg);
		break;
	}
	case MX_PM_EXEC:
		path_arg(c, a, sizeof(a), MX_BODY(m, struct pm_exec)->path);
		snprintf(o, n, "%s", a);
		break;
	case MX_PM_EXIT:
		snprintf(o, n, "%d", (int32_t)m->m_u.w[0]);
		break;
	case MX_PM_WAITPID:
		snprintf(o, n, "%d, %#x", MX_BODY(m, struct pm_waitpid)->pid, MX_BODY(m, struct pm_waitpid)->options);
		break;
	case MX_PM_KILL:
		snprintf(o, n, "%d, %d", MX_BODY(m, struct pm_kill)->pid, MX_BODY(m, struct pm_kill)->sig);
		break;
	case MX_PM_SIGACTION:
		snprintf(o, n, "%d", MX_BODY(m, struct pm_sigaction)->sig);
		break;
	case MX_PM_SIGPROCMASK:
		snprintf(o, n, "%d, %#x", MX_BODY(m, struct pm_sigprocmask)->how, MX_BODY(m, struct pm_sigprocmask)->set);
		break;
	case MX_PM_ALARM:
		snprintf(o, n, "%u", MX_BODY(m, struct pm_alarm)->seconds);
		break;
	case MX_PM_SLEEP:
		snprintf(o, n, "%u ms", MX_BODY(m, struct pm_sleep)->ms);
		break;
	case MX_PM_SETPGID:
		snprintf(o, n, "%d, %d", MX_BODY(m, struct pm_setpgid)->pid, MX_BODY(m, struct pm_setpgid)->pgid);
		break;
	case MX_VM_BRK:
		snprintf(o, n, "%#x", MX_BODY(m, struct vm_brk)->addr);
		break;
	case MX_VM_MMAP: {
		struct vm_mmap *q = MX_BODY(m, struct vm_mmap);
		snprintf(o, n, "%#x, %u, %#x, %#x", q->addr, q->len, q->prot, q->flags);
		break;
	}
	case MX_VM_MUNMAP:
		snprintf(o, n, "%#x, %u", MX_BODY(m, struct vm_munmap)->addr, MX_BODY(m, struct vm_munmap)->len);
		break;
	default:
		break;
	}
}

void decode_exit(struct call *c, int ipc_result, const mx_message *rep, FILE *out)
{
	char sb[24];
	const char *name = call_name(c->req.m_type);
	const char *srv = server_name(c->server, sb, sizeof(sb));
	if (c->ipc != MX_SENDREC) {
		fprintf(out, "%s(%d, type %#x) = %d <%s>\n", mx_ipc_name(c->ipc), c->server, c->req.m_type, ipc_result, srv);
		return;
	}
	if (name)
		fprintf(out, "%s(%s)", name, c->args);
	else
		fprintf(out, "message %#x", c->req.m_type);
	if (c->req.m_type == MX_PM_EXEC && ipc_result == 0) {
		fprintf(out, " = 0 <%s>\n", srv);      /* a new image: no reply message to read */
		return;
	}
	if (ipc_result < 0) {
		fprintf(out, " = IPC error %s (%s) <%s>\n", errno_name(ipc_result), mx_strerror(ipc_result), srv);
		return;
	}
	int r = rep->m_type;
	if (r < 0) {
		fprintf(out, " = -1 %s (%s) <%s>\n", errno_name(r), mx_strerror(r), srv);
		return;
	}
	switch (c->req.m_type) {
	case MX_VFS_PIPE:
		fprintf(out, " = %d [%d, %d] <%s>\n", r, MX_BODY(rep, struct vfs_pipe)->fd_read,
			MX_BODY(rep, struct vfs_pipe)->fd_write, srv);
		return;
	case MX_PM_WAITPID:
		fprintf(out, " = %d [status %#x] <%s>\n", r, MX_BODY(rep, struct pm_waitpid)->status, srv);
		return;
	case MX_VM_BRK:
		fprintf(out, " = %#x <%s>\n", MX_BODY(rep, struct vm_brk)->brk, srv);
		return;
	case MX_VM_MMAP:
		fprintf(out, " = %#x <%s>\n", MX_BODY(rep, struct vm_mmap)->result, srv);
		return;
	}
	fprintf(out, " = %d <%s>\n", r, srv);
}
