/*
 * Fuzz target: the GDB remote protocol parser.  Arbitrary bytes in
 * arbitrary pieces must give events without reading past the input or the
 * parser's limit; and any payload framed by mxt_rsp_frame must parse back
 * to exactly itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/rsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mxt_rsp_parser p;
	mxt_rsp_parser_init(&p, 512);
	size_t step = size ? (size_t)data[0] % 17 + 1 : 1;
	for (size_t off = 0; off < size;) {
		size_t n = off + step > size ? size - off : step;
		int ev;
		size_t used = mxt_rsp_parse(&p, data + off, n, &ev);
		if (used == 0 || used > n)
			abort();
		if ((ev == MXT_RSP_PACKET || ev == MXT_RSP_NOTIFY) && (p.len > p.limit || p.data[p.len] != 0))
			abort();
		off += used;
	}
	mxt_rsp_parser_free(&p);

	/* Framing round trip of the input as a payload. */
	if (size <= 4096) {
		uint8_t *wire = malloc(2 * size + 4);
		size_t n = mxt_rsp_frame(data, size, wire);
		mxt_rsp_parser_init(&p, 0);
		int ev;
		if (mxt_rsp_parse(&p, wire, n, &ev) != n || ev != MXT_RSP_PACKET || p.len != size ||
		    (size && memcmp(p.data, data, size) != 0))
			abort();
		mxt_rsp_parser_free(&p);
		free(wire);
	}
	return 0;
}
