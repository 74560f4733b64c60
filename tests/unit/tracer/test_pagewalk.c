/* Virtual-to-physical translation on a synthetic memory image. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/target.h"
#include "mxt/vm.h"

#define MEM (16u << 20)
#define PD 0x100000u
#define PT 0x101000u

static uint8_t *mem;
static struct mxt_target *t;

static void put32(uint32_t pa, uint32_t v)
{
	memcpy(mem + pa, &v, 4);
}

static void setup(void)
{
	char err[MXT_ERRLEN];
	mem = calloc(1, MEM);
	/* 0x08048000 -> 0x200000 and 0x08049000 -> 0x5000 (4 KiB pages, not adjacent). */
	put32(PD + 4 * (0x08048000u >> 22), PT | 0x7);
	put32(PT + 4 * ((0x08048000u >> 12) & 0x3ff), 0x200000 | 0x5);
	put32(PT + 4 * ((0x08049000u >> 12) & 0x3ff), 0x005000 | 0x7);
	/* 0xC0000000.. -> 0 (a 4 MiB page, as the kernel's direct map). */
	put32(PD + 4 * (0xC0000000u >> 22), 0x000000 | 0x83);
	/* A not-present PTE in a present table. */
	put32(PT + 4 * ((0x0804a000u >> 12) & 0x3ff), 0x006000);
	memcpy(mem + 0x200ff0, "end of page one.", 16);
	memcpy(mem + 0x005000, "start of page two", 17);
	t = mxt_mem_open(mem, MEM, 0, 0, err);
	cr_assert_not_null(t, "%s", err);
}

static void teardown(void)
{
	mxt_target_close(t);
	free(mem);
}

TestSuite(pagewalk, .init = setup, .fini = teardown);

Test(pagewalk, small_pages)
{
	uint64_t pa;
	uint32_t fl;
	char err[MXT_ERRLEN];
	cr_assert_eq(mxt_v2p(t, PD, 0x08048123, &pa, &fl, err), 0, "%s", err);
	cr_assert_eq(pa, 0x200123);
	cr_assert_eq(fl, MXT_PTE_P | MXT_PTE_U, "effective flags: read-only user page");
	cr_assert_eq(mxt_v2p(t, PD, 0x08049fff, &pa, &fl, err), 0, "%s", err);
	cr_assert_eq(pa, 0x5fff);
	cr_assert_eq(fl, MXT_PTE_P | MXT_PTE_W | MXT_PTE_U);
}

Test(pagewalk, large_page)
{
	uint64_t pa;
	char err[MXT_ERRLEN];
	cr_assert_eq(mxt_v2p(t, PD | 0x18 /* PCD/PWT bits are ignored */, 0xC0312345, &pa, NULL, err), 0, "%s", err);
	cr_assert_eq(pa, 0x312345);
}

Test(pagewalk, missing_levels_are_named)
{
	uint64_t pa;
	char err[MXT_ERRLEN];
	cr_assert_eq(mxt_v2p(t, PD, 0x40000000, &pa, NULL, err), -1);
	cr_assert(strstr(err, "page directory entry"), "%s", err);
	cr_assert_eq(mxt_v2p(t, PD, 0x0804a010, &pa, NULL, err), -1);
	cr_assert(strstr(err, "page table entry not present"), "%s", err);
	cr_assert_eq(mxt_v2p(t, MEM + 0x1000, 0x1000, &pa, NULL, err), -1, "a page directory outside memory");
	cr_assert(strstr(err, "outside guest memory"), "%s", err);
}

Test(pagewalk, reads_across_a_page_boundary)
{
	char buf[34], err[MXT_ERRLEN];
	cr_assert_eq(mxt_read_virt(t, PD, 0x08048ff0, buf, 33, err), 0, "%s", err);
	buf[33] = 0;
	cr_assert_str_eq(buf, "end of page one.start of page two");
	cr_assert_eq(mxt_read_virt(t, PD, 0x08049ff0, buf, 32, err), -1, "the next page is not present");
}
