/*
 * exec for PM (VFS_PM_EXEC, pm.h): read the ELF program headers through
 * the file system, check them, copy the path and the initial stack frame
 * while the old image still exists, ask VM for the new address space
 * (VM_EXEC_NEW: the one synchronous call VFS makes, to a server that never
 * calls VFS), copy the segments in with VIRCOPY, then the frame with its
 * pointers relocated to where it lands, and answer pc/sp/name.
 * The program may also be an ELF image in a process's memory (MX_EXEC_IMAGE,
 * pm.h): RS restarting the driver of the disk the program would be read from.
 * One exec at a time (the frame buffer is shared).
 */
#include "proto.h"

#define EXEC_FRAME_MAX (64 * 1024)
#define MAX_PHDRS 16

typedef struct { uint8_t ident[16]; uint16_t type, machine; uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } elf32_ehdr;
typedef struct { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; } elf32_phdr;
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

static uint32_t frame[EXEC_FRAME_MAX / 4];

/* Where the program comes from: a file, or an image in a process's memory (MX_EXEC_IMAGE). */
struct image {
	struct vnode *vp;                       /* the file, or NULL */
	mx_endpoint_t ep;                       /* the image's owner */
	uint32_t addr, size;
};

/* Read len bytes at off of the program into w->buf; bytes read in *bytes. */
static int img_read(struct worker *w, struct image *im, uint32_t off, uint32_t len, uint32_t *bytes)
{
	if (im->vp)
		return req_readwrite(w, im->vp, off, len, 0, bytes);
	if (off > im->size)
		return -MX_ENOEXEC;
	if (len > im->size - off)
		len = im->size - off;
	*bytes = len;
	return copy_from_user(w, im->ep, im->addr + off, w->buf, len);
}
static mthread_mutex_t exec_lock;
static int exec_lock_ready;

/* Check the header and collect the loadable segments. */
static int check_elf(struct worker *w, struct image *im, elf32_ehdr *eh, elf32_phdr *ph, int *nph)
{
	uint32_t bytes, size = im->vp ? im->vp->size : im->size;
	int r = img_read(w, im, 0, sizeof(*eh), &bytes);
	if (r < 0)
		return r;
	memcpy(eh, w->buf, sizeof(*eh));
	if (bytes < sizeof(*eh) || memcmp(eh->ident, "\177ELF\1\1", 6) != 0 || eh->type != 2 ||
	    eh->machine != 3 || eh->phentsize != sizeof(elf32_phdr) || eh->phnum == 0 || eh->phnum > MAX_PHDRS)
		return -MX_ENOEXEC;
	uint32_t len = eh->phnum * (uint32_t)sizeof(elf32_phdr);
	if (eh->phoff > size || len > size - eh->phoff)
		return -MX_ENOEXEC;
	if ((r = img_read(w, im, eh->phoff, len, &bytes)) < 0)
		return r;
	if (bytes != len)
		return -MX_ENOEXEC;
	*nph = 0;
	for (int i = 0; i < eh->phnum; i++) {
		elf32_phdr p;
		memcpy(&p, w->buf + i * sizeof(p), sizeof(p));
		if (p.type != PT_LOAD || p.memsz == 0)
			continue;
		if (*nph == 3 || p.filesz > p.memsz || p.offset > size || p.filesz > size - p.offset ||
		    p.vaddr < 0x1000 || p.vaddr + p.memsz < p.vaddr || p.vaddr + p.memsz > 0xbf000000u)
			return -MX_ENOEXEC;
		ph[(*nph)++] = p;
	}
	return *nph ? 0 : -MX_ENOEXEC;
}

/* argc, argv[] and envp[] hold offsets into the frame: make them addresses at sp. */
static int relocate(uint32_t len, uint32_t sp, int apply)
{
	uint32_t words = len / 4, i = 1;
	if (words < 3 || frame[0] > words)
		return -MX_EINVAL;
	for (int list = 0; list < 2; list++) {
		for (;; i++) {
			if (i >= words)
				return -MX_EINVAL;
			if (list == 0 && i == frame[0] + 1) {
				if (frame[i] != 0)
					return -MX_EINVAL;
				i++;
				break;
			}
			if (frame[i] == 0) {
				if (list == 0)
					return -MX_EINVAL;     /* argv shorter than argc */
				i++;
				break;
			}
			if (frame[i] >= len)
				return -MX_EINVAL;
			if (apply)
				frame[i] += sp;
		}
	}
	return 0;
}

static void put_image(struct worker *w, struct vmnt *vmp, struct image *im)
{
	if (im->vp)
		put_path(w, vmp, im->vp);
}

static int load(struct worker *w, struct vfs_pm_exec *a, struct fproc *fp)
{
	struct vmnt *vmp = NULL;
	struct image im = { NULL, MX_NONE, 0, 0 };
	elf32_ehdr eh;
	elf32_phdr ph[3];
	int nph, r;
	int from_image = (a->path_len & MX_EXEC_IMAGE) != 0;
	if (from_image) {
		im.ep = a->image_ep;
		im.addr = a->path;
		im.size = a->path_len & ~MX_EXEC_IMAGE;
	} else if ((r = fetch_path(w, a->ep, a->path, a->path_len, w->path)) < 0) {
		return r;
	}
	if (a->frame_len < 12 || a->frame_len > EXEC_FRAME_MAX)
		return -MX_EINVAL;
	if ((r = copy_from_user(w, a->ep, a->frame, frame, a->frame_len)) < 0)
		return r;
	if ((r = relocate(a->frame_len, 0, 0)) < 0)
		return r;
	if (from_image) {
		/* Its name is argv[0]. */
		uint32_t off = frame[1];
		size_t n = 0;
		while (off + n < a->frame_len && n + 1 < MX_PATH_MAX && ((char *)frame)[off + n])
			n++;
		memcpy(w->path, (char *)frame + off, n);
		w->path[n] = 0;
		r = check_elf(w, &im, &eh, ph, &nph);
	} else {
		if ((r = eat_path(w, fp, w->path, VMNT_READ, VNODE_READ, &vmp, &im.vp)) < 0)
			return r;
		if (!MX_S_ISREG(im.vp->mode))
			r = MX_S_ISDIR(im.vp->mode) ? -MX_EACCES : -MX_ENOEXEC;
		else if (!(im.vp->mode & 0111))
			r = -MX_EACCES;
		else
			r = check_elf(w, &im, &eh, ph, &nph);
	}
	if (r < 0) {
		put_image(w, vmp, &im);
		return r;
	}

	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_VM_EXEC_NEW;
	struct vm_exec_new *v = MX_BODY(&m, struct vm_exec_new);
	v->ep = a->ep;
	v->nsegs = (uint32_t)nph;
	for (int i = 0; i < nph; i++) {
		v->segs[i].vaddr = ph[i].vaddr;
		v->segs[i].memsz = ph[i].memsz;
		v->segs[i].prot = ((ph[i].flags & PF_R) ? MX_PROT_READ : 0) | ((ph[i].flags & PF_W) ? MX_PROT_WRITE : 0) |
				  ((ph[i].flags & PF_X) ? MX_PROT_EXEC : 0);
	}
	thread_state(w, MX_TS_IPC_WAIT, -1, TLL_NONE, MX_VM);
	r = mx_sendrec(MX_VM, &m);
	thread_state(w, MX_TS_RUNNING, -1, TLL_NONE, MX_NONE);
	if (r == 0)
		r = m.m_type;
	if (r < 0) {
		put_image(w, vmp, &im);
		return r;
	}
	a->lost = 1;                             /* from here on there is no old image to go back to */
	uint32_t top = v->stack_top, bytes;
	for (int i = 0; i < nph && r == 0; i++) {
		for (uint32_t off = 0; off < ph[i].filesz && r == 0; off += IO_CHUNK) {
			uint32_t n = ph[i].filesz - off < IO_CHUNK ? ph[i].filesz - off : IO_CHUNK;
			if ((r = img_read(w, &im, ph[i].offset + off, n, &bytes)) == 0 && bytes != n)
				r = -MX_ENOEXEC;
			if (r == 0)
				r = copy_to_user(w, a->ep, ph[i].vaddr + off, w->buf, n);
		}
	}
	put_image(w, vmp, &im);
	if (r < 0)
		return r;
	uint32_t sp = (top - a->frame_len) & ~15u;
	relocate(a->frame_len, sp, 1);
	if ((r = copy_to_user(w, a->ep, sp, frame, a->frame_len)) < 0)
		return r;
	a->pc = eh.entry;
	a->sp = sp;
	a->ps = sp;
	const char *base = strrchr(w->path, '/');
	memset(a->name, 0, sizeof(a->name));
	strncpy(a->name, base ? base + 1 : w->path, sizeof(a->name) - 1);
	return 0;
}

int do_pm_exec(struct worker *w)
{
	struct vfs_pm_exec *a = BODY(w, struct vfs_pm_exec);
	struct fproc *fp = fproc_get(a->ep, 1);
	a->lost = 0;
	if (!fp)
		return -MX_EINVAL;
	if (!exec_lock_ready) {
		mthread_mutex_init(&exec_lock);
		exec_lock_ready = 1;
	}
	mthread_mutex_lock(&exec_lock);
	int r = load(w, a, fp);
	mthread_mutex_unlock(&exec_lock);
	if (r == 0) {
		for (int i = 0; i < MX_OPEN_MAX; i++)
			if ((fp->cloexec >> i) & 1)
				close_fd(w, fp, i);
	}
	return r;
}
