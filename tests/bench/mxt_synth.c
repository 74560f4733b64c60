/*
 * mxt_synth: a synthetic trace for the ingest benchmark.
 *
 *   mxt_synth -n RECORDS -o STREAM [--csv FILE]
 *
 * STREAM is a debug-channel byte stream as the guest sends it: a HELLO
 * frame, then TRACE frames of 127 records (the largest that fit a frame),
 * each COBS-encoded with its CRC.  --csv writes the same rows as the
 * events table holds them (id,tsc,kind,flags,src,dst,type,arg; boot 1),
 * for the sqlite3 command-line tool to import.  The records look like an
 * IPC workload: SENDREC round trips between a few clients and servers,
 * kernel calls, clock interrupts, with varying latencies.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mx/chan.h>
#include <mx/mxinfo.h>
#include <mx/trace.h>
#include "mxt/chan.h"

#define PER_FRAME ((MX_FRAME_MAXPAYLOAD - 8) / sizeof(mx_trace_rec))

static void make(mx_trace_rec *r, uint64_t n, uint64_t *rng)
{
	*rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
	uint32_t x = (uint32_t)(*rng >> 33);
	int client = 20 + (int)(x % 8), server = 4 + (int)((x >> 3) % 4);
	memset(r, 0, sizeof(*r));
	r->tsc = 1000000 + n * 137 + (x & 63);
	r->seq = (uint32_t)n;
	r->cpu_prio = 8;
	switch (n % 6) {
	case 0: r->kind = MX_TK_SEND; r->flags = MX_TF_SENDREC; r->src = client; r->dst = server; r->type = 0x100 + (int)(x % 16); break;
	case 1: r->kind = MX_TK_RECV_BLOCK; r->src = server; r->dst = MX_ANY; break;
	case 2: r->kind = MX_TK_SEND; r->flags = MX_TF_REPLY | MX_TF_RTT; r->src = server; r->dst = client;
		r->type = 0x100 + (int)(x % 16); r->arg = 20000 + (x % 50000); break;
	case 3: r->kind = MX_TK_KCALL; r->src = server; r->dst = MX_SYSTEM; r->type = 1 + (int)(x % 30); r->arg = 500 + (x % 3000); break;
	case 4: r->kind = MX_TK_RECV; r->src = client; r->dst = server; r->type = 0x200; r->arg = x % 10000; break;
	default: r->kind = MX_TK_IRQ; r->src = MX_HARDWARE; r->dst = MX_CLOCK; break;
	}
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "records", required_argument, 0, 'n' }, { "output", required_argument, 0, 'o' },
		{ "csv", required_argument, 0, 'c' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	long long total = 5000000;
	const char *out = NULL, *csv = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "n:o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'n': total = atoll(optarg); break;
		case 'o': out = optarg; break;
		case 'c': csv = optarg; break;
		default:
			fprintf(stderr, "usage: mxt_synth -n RECORDS -o STREAM [--csv FILE]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (!out || total <= 0) {
		fprintf(stderr, "usage: mxt_synth -n RECORDS -o STREAM [--csv FILE]\n");
		return 2;
	}
	FILE *f = fopen(out, "wb"), *cf = csv ? fopen(csv, "w") : NULL;
	if (!f || (csv && !cf)) {
		perror("mxt_synth");
		return 1;
	}
	static uint8_t wire[MX_FRAME_MAXWIRE];
	static uint8_t payload[MX_FRAME_MAXPAYLOAD];
	mx_info mi;
	memset(&mi, 0, sizeof(mi));
	memcpy(mi.magic, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN);
	mi.version = MX_INFO_VERSION;
	mi.size = sizeof(mi);
	mi.kernel_base = 0xC0000000u;
	mi.self = mi.kernel_base + 0x12dac0;
	mi.build_id_len = 20;
	memset(mi.build_id, 0x5a, 20);
	strcpy(mi.release, "MX synthetic");
	mi.tsc_hz = 1000000000ull;
	mi.hz = 100;
	mi.page_size = 4096;
	mi.nr_slots = 256;
	uint32_t seq = 0;
	size_t n = mxt_frame_encode(MX_FR_HELLO, 0, seq++, &mi, sizeof(mi), wire);
	fwrite(wire, 1, n, f);
	uint64_t rng = 42;
	for (long long first = 0; first < total; first += (long long)PER_FRAME) {
		size_t k = total - first < (long long)PER_FRAME ? (size_t)(total - first) : PER_FRAME;
		uint64_t f64 = (uint64_t)first;
		memcpy(payload, &f64, 8);
		for (size_t i = 0; i < k; i++) {
			mx_trace_rec r;
			make(&r, f64 + i, &rng);
			memcpy(payload + 8 + i * sizeof(r), &r, sizeof(r));
			if (cf)
				fprintf(cf, "%llu,%llu,%u,%u,%d,%d,%d,%u\n", (unsigned long long)(1ull << 40 | (f64 + i)),
					(unsigned long long)r.tsc, r.kind, r.flags, r.src, r.dst, r.type, r.arg);
		}
		n = mxt_frame_encode(MX_FR_TRACE, 0, seq++, payload, 8 + k * sizeof(mx_trace_rec), wire);
		fwrite(wire, 1, n, f);
	}
	if (fclose(f) != 0 || (cf && fclose(cf) != 0)) {
		perror("mxt_synth");
		return 1;
	}
	return 0;
}
