/*
 * A QEMU dump-guest-memory core: an ELF file (ELF64 even for this 32-bit
 * guest, machine 80386) whose PT_LOAD segments hold guest RAM, p_paddr
 * being the guest physical address, and whose PT_NOTE holds a "QEMU" note
 * per CPU with its registers (QEMUCPUState).  Read through libelf.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mxt/target.h"

struct seg {
	uint64_t pa, len;        /* bytes present in the file */
	uint64_t off;
};

struct core_priv {
	int fd;
	uint8_t *file;
	size_t file_len;
	struct seg *segs;
	int nsegs;
	int have_cpu;
	uint8_t cpu[512];        /* the first CPU's QEMUCPUState */
	uint32_t cpu_len;
};

/* QEMUCPUState (QEMU target/i386/arch_dump.c), byte offsets. */
#define QS_RAX 8
#define QS_RBX 16
#define QS_RCX 24
#define QS_RDX 32
#define QS_RSI 40
#define QS_RDI 48
#define QS_RSP 56
#define QS_RBP 64
#define QS_RIP 136
#define QS_RFLAGS 144
#define QS_SEG(i) (152 + 24 * (i))      /* cs ds es fs gs ss: selector first */
#define QS_CR3 (392 + 3 * 8)

static int core_read(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	struct core_priv *c = t->priv;
	uint8_t *out = buf;
	while (len) {
		int i;
		for (i = 0; i < c->nsegs; i++)
			if (pa >= c->segs[i].pa && pa - c->segs[i].pa < c->segs[i].len)
				break;
		if (i == c->nsegs)
			return mxt_errf(t->err, "core: physical address 0x%llx is not in the core file", (unsigned long long)pa);
		uint64_t in = pa - c->segs[i].pa, n = c->segs[i].len - in;
		if (n > len)
			n = len;
		memcpy(out, c->file + c->segs[i].off + in, n);
		out += n;
		pa += n;
		len -= n;
	}
	return 0;
}

static uint32_t q32(const uint8_t *p, int off)
{
	uint32_t v;
	memcpy(&v, p + off, 4);
	return v;
}

static int core_regs(struct mxt_target *t, struct mxt_regs *r)
{
	struct core_priv *c = t->priv;
	if (!c->have_cpu)
		return mxt_errf(t->err, "core: no QEMU CPU note in the core file");
	const uint8_t *s = c->cpu;
	r->eax = q32(s, QS_RAX); r->ebx = q32(s, QS_RBX); r->ecx = q32(s, QS_RCX); r->edx = q32(s, QS_RDX);
	r->esi = q32(s, QS_RSI); r->edi = q32(s, QS_RDI); r->esp = q32(s, QS_RSP); r->ebp = q32(s, QS_RBP);
	r->eip = q32(s, QS_RIP); r->eflags = q32(s, QS_RFLAGS);
	r->cs = q32(s, QS_SEG(0)); r->ds = q32(s, QS_SEG(1)); r->es = q32(s, QS_SEG(2));
	r->fs = q32(s, QS_SEG(3)); r->gs = q32(s, QS_SEG(4)); r->ss = q32(s, QS_SEG(5));
	if (c->cpu_len >= QS_CR3 + 8) {
		r->cr3 = q32(s, QS_CR3);
		r->have_cr3 = 1;
	}
	return 0;
}

static void core_close(struct mxt_target *t)
{
	struct core_priv *c = t->priv;
	if (!c)
		return;
	if (c->file)
		munmap(c->file, c->file_len);
	free(c->segs);
	free(c);
}

static const struct mxt_target_ops core_ops = {
	.name = "core", .read_phys = core_read, .regs = core_regs, .close = core_close,
};

static void read_notes(struct core_priv *c, Elf *e, const GElf_Phdr *ph)
{
	if (ph->p_offset > c->file_len || ph->p_filesz > c->file_len - ph->p_offset)
		return;
	Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	if (!d)
		return;
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off, next;
	while ((next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (!c->have_cpu && nh.n_namesz == 5 && memcmp((char *)d->d_buf + name_off, "QEMU", 5) == 0 &&
		    nh.n_descsz >= 8) {
			uint32_t n = nh.n_descsz < sizeof(c->cpu) ? nh.n_descsz : sizeof(c->cpu);
			memcpy(c->cpu, (char *)d->d_buf + desc_off, n);
			c->cpu_len = n;
			c->have_cpu = n >= QS_SEG(6);
		}
		off = next;
	}
}

struct mxt_target *mxt_core_open(const char *path, char *err)
{
	struct core_priv *c = calloc(1, sizeof(*c));
	struct mxt_target *t = mxt_target_new(&core_ops, "core", err);
	Elf *e = NULL;
	if (!c || !t) {
		mxt_errf(err, "out of memory");
		goto fail;
	}
	t->priv = c;
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		mxt_errf(err, "%s: cannot open core file: %s", path, strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		mxt_errf(err, "%s: empty or unreadable core file", path);
		close(fd);
		goto fail;
	}
	c->file_len = (size_t)st.st_size;
	c->file = mmap(NULL, c->file_len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (c->file == MAP_FAILED) {
		c->file = NULL;
		mxt_errf(err, "%s: cannot map: %s", path, strerror(errno));
		close(fd);
		goto fail;
	}
	e = elf_memory((char *)c->file, c->file_len);
	close(fd);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		mxt_errf(err, "%s: not an ELF file", path);
		goto fail;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh)) {
		mxt_errf(err, "%s: bad ELF header: %s", path, elf_errmsg(-1));
		goto fail;
	}
	if (eh.e_type != ET_CORE) {
		mxt_errf(err, "%s: an ELF file but not a core file (type %u)", path, eh.e_type);
		goto fail;
	}
	if (eh.e_machine != EM_386) {
		mxt_errf(err, "%s: core of machine %u, not an i386 guest (80386)", path, eh.e_machine);
		goto fail;
	}
	size_t nph;
	if (elf_getphdrnum(e, &nph) != 0) {
		mxt_errf(err, "%s: cannot read program headers: %s", path, elf_errmsg(-1));
		goto fail;
	}
	c->segs = calloc(nph ? nph : 1, sizeof(*c->segs));
	if (!c->segs) {
		mxt_errf(err, "out of memory");
		goto fail;
	}
	uint64_t top = 0;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph))
			continue;
		if (ph.p_type == PT_NOTE) {
			read_notes(c, e, &ph);
		} else if (ph.p_type == PT_LOAD && ph.p_filesz) {
			if (ph.p_offset > c->file_len || ph.p_filesz > c->file_len - ph.p_offset) {
				mxt_errf(err, "%s: truncated core file: segment at 0x%llx needs %llu bytes at offset %llu, file has %zu",
					 path, (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_filesz,
					 (unsigned long long)ph.p_offset, c->file_len);
				goto fail;
			}
			c->segs[c->nsegs++] = (struct seg){ ph.p_paddr, ph.p_filesz, ph.p_offset };
			if (ph.p_paddr + ph.p_filesz > top)
				top = ph.p_paddr + ph.p_filesz;
		}
	}
	elf_end(e);
	e = NULL;
	if (c->nsegs == 0) {
		mxt_errf(err, "%s: core file holds no memory (no PT_LOAD segment)", path);
		goto fail;
	}
	t->phys_size = top;
	return t;
fail:
	if (e)
		elf_end(e);
	mxt_target_close(t);
	if (!t) free(c);
	return NULL;
}
