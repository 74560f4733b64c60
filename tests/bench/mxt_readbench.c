/*
 * mxt_readbench: time reading a range of guest physical memory through a
 * libmxt backend, and write the bytes to a file (to compare backends).
 *
 *   mxt_readbench (--shm FILE | --gdb ADDR | --core FILE) --addr PA --len N
 *                 [--repeat R] [--out FILE]
 *
 * Prints one line: backend, bytes, best seconds of R reads, MB/s.
 * With --gdb the guest is stopped while connected (QEMU does that) and
 * resumed by detaching at the end.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/rsp.h"
#include "mxt/target.h"

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "shm", required_argument, 0, 's' }, { "gdb", required_argument, 0, 'g' },
		{ "core", required_argument, 0, 'c' }, { "addr", required_argument, 0, 'a' },
		{ "len", required_argument, 0, 'l' }, { "repeat", required_argument, 0, 'r' },
		{ "out", required_argument, 0, 'o' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *shm = NULL, *gdb = NULL, *core = NULL, *out = NULL;
	unsigned long long addr = 0x100000;
	long long len = 4 << 20;
	int repeat = 3, c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's': shm = optarg; break;
		case 'g': gdb = optarg; break;
		case 'c': core = optarg; break;
		case 'a': addr = strtoull(optarg, NULL, 0); break;
		case 'l': len = mxt_parse_size(optarg); break;
		case 'r': repeat = atoi(optarg); break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: mxt_readbench (--shm FILE | --gdb ADDR | --core FILE) [--addr PA] [--len N] [--repeat R] [--out FILE]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	char err[MXT_ERRLEN];
	struct mxt_target *t = shm ? mxt_shm_open(shm, 0, err) : gdb ? mxt_gdb_open(gdb, err) : core ? mxt_core_open(core, err) : NULL;
	if (!t) {
		fprintf(stderr, "mxt_readbench: %s\n", shm || gdb || core ? err : "give --shm, --gdb or --core");
		return 1;
	}
	if (len <= 0 || repeat < 1) {
		fprintf(stderr, "mxt_readbench: bad --len or --repeat\n");
		return 2;
	}
	uint8_t *buf = malloc((size_t)len);
	double best = 1e9;
	for (int i = 0; i < repeat; i++) {
		uint64_t t0 = mxt_now_ns();
		if (mxt_read_phys(t, addr, buf, (size_t)len) < 0) {
			fprintf(stderr, "mxt_readbench: %s\n", t->err);
			return 1;
		}
		double s = (double)(mxt_now_ns() - t0) / 1e9;
		if (s < best)
			best = s;
	}
	if (out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(buf, 1, (size_t)len, f) != (size_t)len) {
			fprintf(stderr, "mxt_readbench: cannot write %s\n", out);
			return 1;
		}
		fclose(f);
	}
	struct mxt_rsp *rsp = mxt_gdb_rsp(t);
	if (rsp)
		mxt_rsp_detach(rsp);
	printf("%s %lld bytes %.6f s %.1f MB/s\n", t->ops->name, len, best, (double)len / best / 1e6);
	mxt_target_close(t);
	free(buf);
	return 0;
}
