/*
 * The boot image: each multiboot module is a static i386 ELF program named
 * in the boot table.  The kernel builds its address space (segments and a
 * stack with argc/argv from the module's command line), gives it the
 * table's privileges and makes it runnable.  What it built is recorded in
 * bootinfo so VM can adopt those address spaces later.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"
#include "table.h"

#define STACK_PAGES 16
#define STACK_TOP   (USER_TOP - PAGE_SIZE)     /* one guard page below the kernel */

typedef struct { uint8_t ident[16]; uint16_t type, machine; uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx; } elf32_ehdr;
typedef struct { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; } elf32_phdr;

/* Map [va, va+len) with fresh frames and copy src (srclen bytes) into it. */
static int load_segment(uint32_t pgdir, uint32_t va, uint32_t len, const uint8_t *src, uint32_t srclen, uint32_t flags)
{
	uint32_t start = va & ~(PAGE_SIZE - 1);
	for (uint32_t pg = start; pg < va + len; pg += PAGE_SIZE) {
		uint32_t *pte = pte_find(pgdir, pg, 1);
		if (!pte)
			return -MX_ENOMEM;
		if (!(*pte & MX_PTE_P)) {
			uint32_t f = frame_alloc();
			if (!f)
				return -MX_ENOMEM;
			*pte = f | MX_PTE_P | MX_PTE_U | flags;
		} else {
			*pte |= flags;
		}
		uint8_t *page = P2V(*pte & ~0xfffu);
		for (uint32_t off = 0; off < PAGE_SIZE; off++) {
			uint32_t a = pg + off;
			if (a >= va && a - va < srclen)
				page[off] = src[a - va];
		}
	}
	return MX_OK;
}

/* Build argc/argv/envp for cmdline ("name arg ...") at the top of the stack. */
static uint32_t build_stack(struct proc *p, const char *cmdline)
{
	char strings[128];
	uint32_t argv[16];
	int argc = 0;
	uint32_t len = (uint32_t)strnlen(cmdline, sizeof(strings) - 1);
	memcpy(strings, cmdline, len);
	strings[len] = 0;
	uint32_t str_va = STACK_TOP - ((len + 1 + 3) & ~3u);
	for (uint32_t i = 0; i < len && argc < 15; ) {
		while (i < len && strings[i] == ' ')
			strings[i++] = 0;
		if (i >= len)
			break;
		argv[argc++] = str_va + i;
		while (i < len && strings[i] != ' ')
			i++;
	}
	/* argv[0] is the base name, as a shell would pass it. */
	if (argc > 0) {
		const char *b = basename_k(strings + (argv[0] - str_va));
		argv[0] = str_va + (uint32_t)(b - strings);
	}
	copy_to_user(p, str_va, strings, len + 1);
	uint32_t sp = str_va - (uint32_t)(argc + 3) * 4;
	uint32_t words[20];
	words[0] = (uint32_t)argc;
	for (int i = 0; i < argc; i++)
		words[1 + i] = argv[i];
	words[1 + argc] = 0;                  /* end of argv */
	words[2 + argc] = 0;                  /* empty environment */
	copy_to_user(p, sp, words, (uint32_t)(argc + 3) * 4);
	return sp;
}

static int load_elf(struct proc *p, mx_bootmod *bm)
{
	const uint8_t *img = P2V(bm->start);
	uint32_t size = bm->end - bm->start;
	const elf32_ehdr *eh = (const elf32_ehdr *)img;
	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF\1\1", 6) != 0 || eh->machine != 3 ||
	    eh->type != 2 || eh->phoff + (uint32_t)eh->phnum * sizeof(elf32_phdr) > size) {
		kprintf("boot: %s is not a static i386 ELF executable\n", bm->name);
		return -MX_ENOEXEC;
	}
	bm->text_lo = bm->data_lo = USER_TOP;
	for (int i = 0; i < eh->phnum; i++) {
		const elf32_phdr *ph = (const elf32_phdr *)(img + eh->phoff) + i;
		if (ph->type != 1 || ph->memsz == 0)
			continue;
		if (ph->offset + ph->filesz > size || !user_range_ok(ph->vaddr, ph->memsz) || ph->filesz > ph->memsz) {
			kprintf("boot: %s: segment %d lies outside the file or user space\n", bm->name, i);
			return -MX_ENOEXEC;
		}
		int w = (ph->flags & 2) != 0;
		int r = load_segment(p->p_cr3, ph->vaddr, ph->memsz, img + ph->offset, ph->filesz, w ? MX_PTE_W : 0);
		if (r != MX_OK)
			return r;
		uint32_t lo = ph->vaddr & ~(PAGE_SIZE - 1), hi = (ph->vaddr + ph->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		uint32_t *blo = w ? &bm->data_lo : &bm->text_lo, *bhi = w ? &bm->data_hi : &bm->text_hi;
		if (lo < *blo) *blo = lo;
		if (hi > *bhi) *bhi = hi;
	}
	bm->entry = eh->entry;
	bm->stack_hi = STACK_TOP;
	bm->stack_lo = STACK_TOP - STACK_PAGES * PAGE_SIZE;
	return load_segment(p->p_cr3, bm->stack_lo, STACK_PAGES * PAGE_SIZE, NULL, 0, MX_PTE_W);
}

/* Give p the privileges of its boot table entry. */
static int boot_privs(struct proc *p, const struct boot_entry *e)
{
	if (!(e->flags & MX_PF_SYS_PROC)) {
		p->p_priv = &priv[0];
		return MX_OK;
	}
	struct priv *sp = priv_alloc();
	if (!sp)
		return -MX_ENOSPC;
	sp->s_proc_nr = p->p_nr;
	sp->s_flags = e->flags;
	sp->s_trap_mask = e->trap_mask;
	sp->s_kcall_mask = e->kcall_mask;
	sp->s_sig_mgr = e->sig_mgr;
	sp->s_irq_mask = e->irq_mask;
	for (int i = 0; i < 2; i++) {
		sp->s_io_base[i] = e->io_base[i];
		sp->s_io_len[i] = e->io_len[i];
	}
	strlcpy_k(sp->s_name, e->name, sizeof(sp->s_name));
	p->p_priv = sp;
	p->p_misc_flags |= MX_MF_SYSTEM;
	return MX_OK;
}

/* Grant the IPC permissions named in each loaded entry's ipc list. */
static void boot_ipc(void)
{
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct proc *p = &proc[i];
		if (isemptyp(p) || iskernelp(p) || !(p->p_priv->s_flags & MX_PF_SYS_PROC))
			continue;
		const struct boot_entry *e = boot_entry_find(p->p_name);
		for (const char *w = e->ipc; *w; ) {
			char name[16];
			size_t n = 0;
			while (*w == ' ')
				w++;
			while (w[n] && w[n] != ' ' && n < sizeof(name) - 1) {
				name[n] = w[n];
				n++;
			}
			name[n] = 0;
			w += n;
			while (*w && *w != ' ')
				w++;
			if (!n)
				continue;
			if (strcmp(name, "*") == 0) {
				for (int j = 0; j < MX_NR_SLOTS; j++) {
					struct proc *o = &proc[j];
					if (o != p && !isemptyp(o) && !iskernelp(o) && (o->p_priv->s_flags & MX_PF_SYS_PROC))
						priv_allow(p->p_priv, o->p_priv);
				}
			} else if (strcmp(name, "USER") == 0) {
				priv_allow(p->p_priv, &priv[0]);
			} else {
				priv_remember(p->p_name, name);
			}
		}
		priv_apply_pending(p->p_priv);
	}
}

static int load_module(int m)
{
	mx_bootmod *bm = &bootinfo.mods[m];
	bm->ep = MX_NONE;
	size_t nl = strlen(bm->name);
	if (nl > 4 && strcmp(bm->name + nl - 4, ".img") == 0)
		return -MX_ENOENT;              /* a data module (a disk image): not a program */
	const struct boot_entry *e = boot_entry_find(bm->name);
	if (!e) {
		kprintf("boot: module %s has no boot table entry; not started\n", bm->name);
		return -MX_ENOENT;
	}
	struct proc *p;
	if (e->slot >= 0) {
		p = &proc[e->slot];
		if (!isemptyp(p)) {
			kprintf("boot: %s loaded twice; the second copy is not started\n", bm->name);
			return -MX_EEXIST;
		}
	} else if (!(p = proc_alloc())) {
		kprintf("boot: no free slot for %s\n", bm->name);
		return -MX_ENOSPC;
	}
	strlcpy_k(p->p_name, bm->name, sizeof(p->p_name));
	p->p_cr3 = pgdir_new();
	int r = p->p_cr3 ? load_elf(p, bm) : -MX_ENOMEM;
	if (r == MX_OK)
		r = boot_privs(p, e);
	if (r != MX_OK) {
		kprintf("boot: %s not started: error %d\n", bm->name, r);
		if (p->p_cr3)
			pgdir_free(p->p_cr3);
		p->p_cr3 = 0;
		return r;
	}
	p->p_reg.cs = UCODE_SEL;
	p->p_reg.ds = p->p_reg.es = p->p_reg.fs = p->p_reg.gs = p->p_reg.ss = UDATA_SEL;
	p->p_reg.eip = bm->entry;
	p->p_reg.eflags = EFLAGS_IF;
	p->p_reg.esp = build_stack(p, bm->cmdline);
	p->p_priority = e->priority;
	p->p_quantum = p->p_ticks_left = e->quantum;
	p->p_parent = MX_NONE;
	p->p_rts_flags = MX_RTS_BOOTING;
	kinfo.nr_procs_live++;
	bm->ep = p->p_endpoint;
	return MX_OK;
}

static void make_task(int slot, const char *name)
{
	struct proc *p = &proc[slot];
	strlcpy_k(p->p_name, name, sizeof(p->p_name));
	p->p_cr3 = kernel_pgdir;
	p->p_priority = slot == MX_IDLE ? MX_IDLE_Q : 0;
	p->p_rts_flags = 0;               /* tasks are never queued; no one may send to them */
	p->p_misc_flags = MX_MF_SYSTEM;
	struct priv *sp = priv_alloc();
	sp->s_proc_nr = slot;
	sp->s_flags = MX_PF_SYS_PROC;
	strlcpy_k(sp->s_name, name, sizeof(sp->s_name));
	p->p_priv = sp;
	kinfo.nr_procs_live++;
}

/* Create the kernel tasks and every boot process; start them. */
void boot_image(void)
{
	make_task(MX_IDLE, "idle");
	make_task(MX_CLOCK, "clock");
	make_task(MX_SYSTEM, "system");
	make_task(MX_HARDWARE, "hardware");
	if (boot_table_check() != 0)
		panic("the boot table is inconsistent (see above)");
	int started = 0;
	for (uint32_t m = 0; m < bootinfo.nmods; m++)
		if (load_module((int)m) == MX_OK)
			started++;
	boot_ipc();
	for (int i = MX_NR_TASKS; i < MX_NR_SLOTS; i++)
		if (proc[i].p_rts_flags == MX_RTS_BOOTING)
			RTS_UNSET(&proc[i], MX_RTS_BOOTING);
	if (started == 0)
		kprintf("boot: no boot processes; the machine will idle\n");
}
