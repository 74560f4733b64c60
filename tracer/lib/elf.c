/* ELF symbols, build id and loadable bytes through libelf. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxt/elf.h"

struct sym {
	uint64_t addr, size;
	char *name;
};

struct load {
	uint64_t va, pa, filesz, memsz, off;
};

struct mxt_elf {
	char *path;
	int fd;
	Elf *elf;
	uint64_t entry;
	struct sym *syms;        /* sorted by address */
	size_t nsyms;
	struct load *loads;
	size_t nloads;
	uint8_t build_id[64];
	size_t build_id_len;
};

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void read_symtab(struct mxt_elf *e, Elf_Scn *scn, GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || sh->sh_entsize == 0)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	struct sym *s = realloc(e->syms, (e->nsyms + n) * sizeof(*s));
	if (!s)
		return;
	e->syms = s;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym))
			continue;
		int type = GELF_ST_TYPE(sym.st_info);
		if (sym.st_name == 0 || sym.st_shndx == SHN_UNDEF ||
		    (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE))
			continue;
		const char *name = elf_strptr(e->elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		char *copy = strdup(name);
		if (!copy)
			continue;
		e->syms[e->nsyms++] = (struct sym){ sym.st_value, sym.st_size, copy };
	}
}

static void read_notes(struct mxt_elf *e, Elf_Data *d)
{
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off, next;
	while ((next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    memcmp((char *)d->d_buf + name_off, "GNU", 4) == 0 && nh.n_descsz <= sizeof(e->build_id)) {
			memcpy(e->build_id, (char *)d->d_buf + desc_off, nh.n_descsz);
			e->build_id_len = nh.n_descsz;
			return;
		}
		off = next;
	}
}

struct mxt_elf *mxt_elf_open(const char *path, char *err)
{
	struct mxt_elf *e = calloc(1, sizeof(*e));
	if (!e) {
		mxt_errf(err, "out of memory");
		return NULL;
	}
	e->fd = -1;
	elf_version(EV_CURRENT);
	e->path = strdup(path);
	e->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (e->fd < 0) {
		mxt_errf(err, "%s: cannot open: %s", path, strerror(errno));
		goto fail;
	}
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF) {
		mxt_errf(err, "%s: not an ELF file", path);
		goto fail;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(e->elf, &eh)) {
		mxt_errf(err, "%s: bad ELF header: %s", path, elf_errmsg(-1));
		goto fail;
	}
	e->entry = eh.e_entry;
	size_t nph = 0;
	if (elf_getphdrnum(e->elf, &nph) == 0 && nph) {
		e->loads = calloc(nph, sizeof(*e->loads));
		for (size_t i = 0; e->loads && i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(e->elf, (int)i, &ph) && ph.p_type == PT_LOAD)
				e->loads[e->nloads++] = (struct load){ ph.p_vaddr, ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_offset };
			if (gelf_getphdr(e->elf, (int)i, &ph) && ph.p_type == PT_NOTE && !e->build_id_len) {
				Elf_Data *d = elf_getdata_rawchunk(e->elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_NHDR);
				if (d)
					read_notes(e, d);
			}
		}
	}
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB)
			read_symtab(e, scn, &sh);
		else if (sh.sh_type == SHT_NOTE && !e->build_id_len) {
			Elf_Data *d = elf_getdata(scn, NULL);
			if (d)
				read_notes(e, d);
		}
	}
	qsort(e->syms, e->nsyms, sizeof(*e->syms), sym_cmp);
	return e;
fail:
	mxt_elf_close(e);
	return NULL;
}

void mxt_elf_close(struct mxt_elf *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nsyms; i++)
		free(e->syms[i].name);
	free(e->syms);
	free(e->loads);
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	free(e->path);
	free(e);
}

const char *mxt_elf_path(const struct mxt_elf *e)
{
	return e->path;
}

int mxt_elf_sym(const struct mxt_elf *e, const char *name, uint64_t *addr, uint64_t *size)
{
	for (size_t i = 0; i < e->nsyms; i++)
		if (strcmp(e->syms[i].name, name) == 0) {
			if (addr) *addr = e->syms[i].addr;
			if (size) *size = e->syms[i].size;
			return 0;
		}
	return -1;
}

const char *mxt_elf_sym_at(const struct mxt_elf *e, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = e->nsyms;
	while (lo < hi) {                       /* first symbol above addr */
		size_t mid = (lo + hi) / 2;
		if (e->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct sym *s = &e->syms[lo - 1];
	if (s->size && addr >= s->addr + s->size)
		return NULL;
	if (off)
		*off = addr - s->addr;
	return s->name;
}

size_t mxt_elf_build_id(const struct mxt_elf *e, uint8_t *id, size_t room)
{
	size_t n = e->build_id_len < room ? e->build_id_len : room;
	memcpy(id, e->build_id, n);
	return e->build_id_len;
}

uint64_t mxt_elf_entry(const struct mxt_elf *e)
{
	return e->entry;
}

int mxt_elf_va2pa(const struct mxt_elf *e, uint64_t va, uint64_t *pa)
{
	for (size_t i = 0; i < e->nloads; i++)
		if (va >= e->loads[i].va && va - e->loads[i].va < e->loads[i].memsz) {
			*pa = e->loads[i].pa + (va - e->loads[i].va);
			return 0;
		}
	return -1;
}

int mxt_elf_read_va(const struct mxt_elf *e, uint64_t va, void *buf, size_t len)
{
	for (size_t i = 0; i < e->nloads; i++) {
		const struct load *l = &e->loads[i];
		if (va >= l->va && va - l->va < l->filesz && len <= l->filesz - (va - l->va)) {
			size_t got;
			char *raw = elf_rawfile(e->elf, &got);
			if (!raw || l->off + (va - l->va) + len > got)
				return -1;
			memcpy(buf, raw + l->off + (va - l->va), len);
			return 0;
		}
	}
	return -1;
}
