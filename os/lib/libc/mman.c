/* Memory calls to VM: brk/sbrk and mmap/munmap/mprotect (mmap of a file goes to VFS). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <mxlib.h>
#include <mx/vfs.h>

static uint32_t cur_brk;          /* 0 until VM told us */

/* Ask VM to move the break to addr (0: only ask where it is). */
static int vm_brk(uint32_t addr)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct vm_brk)->addr = addr;
	int r = _syscall(MX_VM, MX_VM_BRK, &m);
	if (MX_BODY(&m, struct vm_brk)->brk)
		cur_brk = MX_BODY(&m, struct vm_brk)->brk;
	return r < 0 ? -1 : 0;
}

int brk(void *addr)
{
	if (!addr) {
		errno = EINVAL;
		return -1;
	}
	return vm_brk((uint32_t)addr);
}

void *sbrk(intptr_t incr)
{
	if (!cur_brk && vm_brk(0) < 0)
		return (void *)-1;
	uint32_t old = cur_brk;
	if (incr == 0)
		return (void *)old;
	uint32_t want = old + (uint32_t)incr;
	if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (vm_brk(want) < 0)
		return (void *)-1;
	return (void *)old;
}

int getpagesize(void)
{
	return 4096;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	mx_message m;
	if (!(flags & MAP_ANON)) {
		/* A file: VFS reads it into a region VM makes. */
		memset(&m, 0, sizeof(m));
		struct vfs_mmap_file *f = MX_BODY(&m, struct vfs_mmap_file);
		f->addr = (uint32_t)addr;
		f->len = (uint32_t)len;
		f->prot = (uint32_t)prot;
		f->flags = (uint32_t)flags;
		f->fd = fd;
		f->offset = (uint32_t)off;
		if (_syscall(MX_VFS, MX_VFS_MMAP_FILE, &m) < 0)
			return MAP_FAILED;
		return (void *)f->result;
	}
	memset(&m, 0, sizeof(m));
	struct vm_mmap *a = MX_BODY(&m, struct vm_mmap);
	a->addr = (uint32_t)addr;
	a->len = (uint32_t)len;
	a->prot = (uint32_t)prot;
	a->flags = (uint32_t)flags;
	a->who = MX_SELF;
	if (_syscall(MX_VM, MX_VM_MMAP, &m) < 0)
		return MAP_FAILED;
	return (void *)a->result;
}

int munmap(void *addr, size_t len)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct vm_munmap)->addr = (uint32_t)addr;
	MX_BODY(&m, struct vm_munmap)->len = (uint32_t)len;
	return _syscall(MX_VM, MX_VM_MUNMAP, &m) < 0 ? -1 : 0;
}

int mprotect(void *addr, size_t len, int prot)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct vm_mprotect *a = MX_BODY(&m, struct vm_mprotect);
	a->addr = (uint32_t)addr;
	a->len = (uint32_t)len;
	a->prot = (uint32_t)prot;
	return _syscall(MX_VM, MX_VM_MPROTECT, &m) < 0 ? -1 : 0;
}
