/* mxtrace mem: read guest memory: physical, kernel virtual, or a process's. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mx/procflags.h>
#include "mxt/rsp.h"
#include "mxt/vm.h"
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_mem = {
	"mem", run, "read guest memory: physical, kernel, or a process's (through its page tables)",
	"usage: mxtrace mem (--shm FILE | --gdb ADDR | --core FILE) [WHERE] ADDR LEN\n"
	"\n"
	"Read LEN bytes at ADDR and print them as a hex dump (or raw with -o).\n"
	"ADDR is physical unless WHERE says otherwise:\n"
	"\n"
	"      --kva            ADDR is a kernel virtual address (direct map)\n"
	"      --ep EP          ADDR is in the address space of the process with\n"
	"                       endpoint EP: its page tables (p_cr3) are walked in\n"
	"                       guest memory, so this works even when it is stuck\n"
	"      --name NAME      the same for the process called NAME\n"
	"      --cr3 PA         ADDR is virtual in the page directory at physical PA\n"
	"  -k, --kernel ELF     find mx_info by symbol (needed for --kva/--ep/--name\n"
	"                       only when scanning for it is not wanted)\n"
	"      --translate      also print the physical address of each page\n"
	"  -o, --output FILE    write the raw bytes to FILE instead of a dump\n"
	"  -h, --help           this text\n"
	"\n"
	"Sizes and addresses take 0x prefixes and K/M suffixes.  With --gdb the\n"
	"guest is stopped while connected and resumed afterwards.\n",
};

/* The cr3 of the process with endpoint ep or name name. */
static int find_cr3(struct attach *a, long ep, const char *name, uint32_t *cr3, char *desc, size_t room)
{
	char err[MXT_ERRLEN];
	struct mxt_image img;
	if (mxt_image_read(a->t, &a->info, MXT_IMG_SAMPLE, &img, err) < 0) {
		error("%s", err);
		return -1;
	}
	const struct mxt_struct *s = &img.proc_s;
	const mx_field *fe = mxt_field_find(s->fields, s->nfields, "p_endpoint"),
		*fn = mxt_field_find(s->fields, s->nfields, "p_name"), *fc = mxt_field_find(s->fields, s->nfields, "p_cr3"),
		*fr = mxt_field_find(s->fields, s->nfields, "p_rts_flags");
	int rc = -1;
	if (!fe || !fc || !fn) {
		error("mx_info exports no p_endpoint, p_name or p_cr3");
		goto out;
	}
	for (uint32_t slot = 0; slot < s->count; slot++) {
		const uint8_t *p = img.proc + (size_t)slot * s->size;
		char nm[64];
		if (fr && (mxt_field_u(fr, p, 0) & MX_RTS_SLOT_FREE))
			continue;
		mxt_field_str(fn, p, nm, sizeof(nm));
		if ((name && !strcmp(nm, name)) || (!name && mxt_field_s(fe, p, 0) == ep)) {
			*cr3 = (uint32_t)mxt_field_u(fc, p, 0);
			snprintf(desc, room, "%s (endpoint %lld, cr3 0x%x)", nm, (long long)mxt_field_s(fe, p, 0), *cr3);
			rc = 0;
			goto out;
		}
	}
	if (name)
		error("no process called '%s'", name);
	else
		error("no process with endpoint %ld", ep);
out:
	mxt_image_free(&img);
	return rc;
}

static void dump(uint64_t addr, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i += 16) {
		printf("%08llx ", (unsigned long long)(addr + i));
		for (size_t k = 0; k < 16; k++)
			if (i + k < n)
				printf("%s%02x", k == 8 ? "  " : " ", b[i + k]);
			else
				printf("%s  ", k == 8 ? "   " : " ");
		printf("  |");
		for (size_t k = 0; k < 16 && i + k < n; k++)
			putchar(isprint(b[i + k]) ? b[i + k] : '.');
		printf("|\n");
	}
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "shm", required_argument, 0, 's' }, { "gdb", required_argument, 0, 'g' },
		{ "core", required_argument, 0, 'c' }, { "kernel", required_argument, 0, 'k' },
		{ "kva", no_argument, 0, 'K' }, { "ep", required_argument, 0, 'e' },
		{ "name", required_argument, 0, 'n' }, { "cr3", required_argument, 0, 'C' },
		{ "translate", no_argument, 0, 'T' }, { "output", required_argument, 0, 'o' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct attach_opts ao = { 0 };
	const char *name = NULL, *out = NULL;
	long ep = 0;
	int kva = 0, have_ep = 0, translate = 0, have_cr3 = 0, c;
	uint32_t cr3 = 0;
	char *end;
	while ((c = getopt_long(argc, argv, "k:o:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': ao.shm = optarg; break;
		case 'g': ao.gdb = optarg; break;
		case 'c': ao.core = optarg; break;
		case 'k': ao.kernel = optarg; break;
		case 'K': kva = 1; break;
		case 'e':
			ep = strtol(optarg, &end, 0);
			if (*end) {
				error("bad endpoint '%s'", optarg);
				return 2;
			}
			have_ep = 1;
			break;
		case 'n': name = optarg; break;
		case 'C':
			cr3 = (uint32_t)strtoul(optarg, &end, 0);
			if (*end) {
				error("bad page directory address '%s'", optarg);
				return 2;
			}
			have_cr3 = 1;
			break;
		case 'T': translate = 1; break;
		case 'o': out = optarg; break;
		case 'h': return usage(&cmd_mem, 0);
		default: return usage(&cmd_mem, 1);
		}
	}
	if (optind + 2 != argc)
		return usage(&cmd_mem, 1);
	if (kva + have_ep + !!name + have_cr3 > 1) {
		error("give at most one of --kva, --ep, --name and --cr3");
		return 2;
	}
	uint64_t addr = strtoull(argv[optind], &end, 0);
	long long len = mxt_parse_size(argv[optind + 1]);
	if (*end || len <= 0 || len > (256ll << 20)) {
		error("bad address '%s' or length '%s' (at most 256M)", argv[optind], argv[optind + 1]);
		return 2;
	}
	struct attach a;
	if (attach_open(&ao, &a, 1) < 0)
		return 1;
	int rc = 1;
	char err[MXT_ERRLEN], desc[160] = "";
	uint8_t *buf = malloc((size_t)len);
	if (!buf) {
		error("out of memory");
		goto out;
	}
	if ((kva || have_ep || name) && attach_find_info(&a, 0, NULL) < 0)
		goto out;
	if ((have_ep || name) && find_cr3(&a, ep, name, &cr3, desc, sizeof(desc)) < 0)
		goto out;
	if (have_ep || name || have_cr3) {
		if (mxt_read_virt(a.t, cr3, (uint32_t)addr, buf, (size_t)len, err) < 0) {
			error("%s%s%s", desc, desc[0] ? ": " : "", err);
			goto out;
		}
	} else {
		uint64_t pa = kva ? mxt_kva2pa(&a.info, (uint32_t)addr) : addr;
		if (mxt_read_phys(a.t, pa, buf, (size_t)len) < 0) {
			error("%s", a.t->err);
			goto out;
		}
	}
	if (translate && (have_ep || name || have_cr3))
		for (uint64_t va = addr & ~0xfffull; va < addr + (uint64_t)len; va += 4096) {
			uint64_t pa;
			uint32_t fl;
			if (mxt_v2p(a.t, cr3, (uint32_t)va, &pa, &fl, err) == 0)
				printf("# page 0x%08llx -> physical 0x%08llx %s%s\n", (unsigned long long)va, (unsigned long long)pa,
				       fl & MXT_PTE_W ? "rw" : "ro", fl & MXT_PTE_U ? " user" : " kernel");
		}
	if (out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(buf, 1, (size_t)len, f) != (size_t)len || fclose(f) != 0) {
			error("%s: cannot write: %s", out, strerror(errno));
			goto out;
		}
	} else {
		if (desc[0])
			printf("# %s\n", desc);
		dump(addr, buf, (size_t)len);
	}
	rc = 0;
out:
	free(buf);
	if (mxt_gdb_rsp(a.t))
		mxt_rsp_detach(mxt_gdb_rsp(a.t));
	attach_close(&a);
	return rc;
}
