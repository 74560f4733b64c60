/*
 * Target access over QEMU's gdbstub.  Connecting stops the guest (QEMU
 * pauses the VM when a debugger attaches); reads use physical addresses
 * through Qqemu.PhyMemMode:1.  A stub without that mode is read through
 * MX's direct map of physical memory at KERNBASE instead, which reaches
 * the first 1 GiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/rsp.h"
#include "mxt/target.h"

#define MX_DIRECT_MAP 0xC0000000ull
#define MX_DIRECT_MAX 0x40000000ull

struct gdb_priv {
	struct mxt_rsp *rsp;
	int virt;                /* no physical mode: read through the direct map */
};

static int fail(struct mxt_target *t, struct gdb_priv *g)
{
	snprintf(t->err, sizeof(t->err), "%s", mxt_rsp_error(g->rsp));
	return -1;
}

static int gdb_addr(struct mxt_target *t, struct gdb_priv *g, uint64_t pa, size_t len, uint64_t *a)
{
	*a = pa;
	if (!g->virt)
		return 0;
	if (pa + len > MX_DIRECT_MAX)
		return mxt_errf(t->err, "gdb: physical 0x%llx is beyond the kernel's direct map (the stub has no physical mode)",
				(unsigned long long)pa);
	*a = pa + MX_DIRECT_MAP;
	return 0;
}

static int gdb_read(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	struct gdb_priv *g = t->priv;
	uint64_t a;
	if (gdb_addr(t, g, pa, len, &a) < 0)
		return -1;
	return mxt_rsp_read_mem(g->rsp, a, buf, len) < 0 ? fail(t, g) : 0;
}

static int gdb_write(struct mxt_target *t, uint64_t pa, const void *buf, size_t len)
{
	struct gdb_priv *g = t->priv;
	uint64_t a;
	if (gdb_addr(t, g, pa, len, &a) < 0)
		return -1;
	return mxt_rsp_write_mem(g->rsp, a, buf, len) < 0 ? fail(t, g) : 0;
}

static int gdb_stop(struct mxt_target *t)
{
	struct gdb_priv *g = t->priv;
	return mxt_rsp_interrupt(g->rsp) < 0 ? fail(t, g) : 0;
}

static int gdb_cont(struct mxt_target *t)
{
	struct gdb_priv *g = t->priv;
	return mxt_rsp_cont(g->rsp) < 0 ? fail(t, g) : 0;
}

static int gdb_regs(struct mxt_target *t, struct mxt_regs *r)
{
	struct gdb_priv *g = t->priv;
	uint32_t v[16];
	if (mxt_rsp_regs(g->rsp, v) < 0)
		return fail(t, g);
	r->eax = v[0]; r->ecx = v[1]; r->edx = v[2]; r->ebx = v[3];
	r->esp = v[4]; r->ebp = v[5]; r->esi = v[6]; r->edi = v[7];
	r->eip = v[8]; r->eflags = v[9]; r->cs = v[10]; r->ss = v[11];
	r->ds = v[12]; r->es = v[13]; r->fs = v[14]; r->gs = v[15];
	/* CR3 is not in the i386 register set: ask QEMU's monitor. */
	char text[4096];
	if (mxt_rsp_monitor(g->rsp, "info registers", text, sizeof(text)) == 0) {
		const char *p = strstr(text, "CR3=");
		if (p) {
			r->cr3 = (uint32_t)strtoul(p + 4, NULL, 16);
			r->have_cr3 = 1;
		}
	}
	return 0;
}

static void gdb_close(struct mxt_target *t)
{
	struct gdb_priv *g = t->priv;
	if (g) {
		mxt_rsp_close(g->rsp);
		free(g);
	}
}

static const struct mxt_target_ops gdb_ops = {
	.name = "gdb", .read_phys = gdb_read, .write_phys = gdb_write, .stop = gdb_stop,
	.cont = gdb_cont, .regs = gdb_regs, .close = gdb_close,
};

struct mxt_target *mxt_gdb_target(struct mxt_rsp *rsp, char *err)
{
	struct mxt_target *t = mxt_target_new(&gdb_ops, "gdb", err);
	struct gdb_priv *g = t ? calloc(1, sizeof(*g)) : NULL;
	if (!g) {
		free(t);
		mxt_rsp_close(rsp);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	g->rsp = rsp;
	t->priv = g;
	int r = mxt_rsp_phys_mode(rsp, 1);
	if (r == -2) {
		g->virt = 1;
	} else if (r < 0) {
		mxt_errf(err, "%s", mxt_rsp_error(rsp));
		mxt_target_close(t);
		return NULL;
	}
	return t;
}

struct mxt_target *mxt_gdb_open(const char *addr, char *err)
{
	struct mxt_rsp *rsp = mxt_rsp_connect(addr, 5000, err);
	if (!rsp)
		return NULL;
	if (mxt_rsp_handshake(rsp) < 0) {
		mxt_errf(err, "%s", mxt_rsp_error(rsp));
		mxt_rsp_close(rsp);
		return NULL;
	}
	return mxt_gdb_target(rsp, err);
}

struct mxt_rsp *mxt_gdb_rsp(struct mxt_target *t)
{
	return t->ops == &gdb_ops ? ((struct gdb_priv *)t->priv)->rsp : NULL;
}
