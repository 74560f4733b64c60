/* The GDB remote protocol: the packet parser, and the client against a scripted fake gdbstub. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "mxt/rsp.h"
#include "fakestub.h"

/* ---- parser ----------------------------------------------------------------- */

static int parse_all(struct mxt_rsp_parser *p, const char *in, int *events, int max)
{
	size_t n = strlen(in), off = 0;
	int k = 0;
	while (off < n && k < max) {
		int ev;
		off += mxt_rsp_parse(p, (const uint8_t *)in + off, n - off, &ev);
		if (ev != MXT_RSP_NONE)
			events[k++] = ev;
	}
	return k;
}

Test(rsp_parse, packet_ack_nak_and_garbage)
{
	struct mxt_rsp_parser p;
	int ev[8];
	mxt_rsp_parser_init(&p, 0);
	int n = parse_all(&p, "xx+-junk$OK#9a", ev, 8);
	cr_assert_eq(n, 3);
	cr_assert_eq(ev[0], MXT_RSP_ACK);
	cr_assert_eq(ev[1], MXT_RSP_NAK);
	cr_assert_eq(ev[2], MXT_RSP_PACKET);
	cr_assert_str_eq((char *)p.data, "OK");
	cr_assert_eq(p.garbage, 6, "skipped bytes: %llu", (unsigned long long)p.garbage);
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, wrong_and_non_hex_checksums)
{
	struct mxt_rsp_parser p;
	int ev[4];
	mxt_rsp_parser_init(&p, 0);
	cr_assert_eq(parse_all(&p, "$OK#00$OK#zz$OK#9A", ev, 4), 3);
	cr_assert_eq(ev[0], MXT_RSP_BADSUM);
	cr_assert_eq(ev[1], MXT_RSP_BADSUM);
	cr_assert_eq(ev[2], MXT_RSP_PACKET, "upper-case hex checksums are valid");
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, escapes_and_run_length)
{
	struct mxt_rsp_parser p;
	int ev;
	mxt_rsp_parser_init(&p, 0);
	/* "}]" is an escaped '}'; "0* " is '0' and 3 more. */
	const char *a = pkt("a}]b0* c");
	mxt_rsp_parse(&p, (const uint8_t *)a, strlen(a), &ev);
	cr_assert_eq(ev, MXT_RSP_PACKET);
	cr_assert_eq(p.len, 8);
	cr_assert_str_eq((char *)p.data, "a}b0000c");
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, bad_run_length_is_malformed)
{
	struct mxt_rsp_parser p;
	int ev[4];
	mxt_rsp_parser_init(&p, 0);
	/* '*' first, a count below 3, and a '*' with no count at all. */
	cr_assert_eq(parse_all(&p, pkt("*x"), ev, 1), 1);
	cr_assert_eq(ev[0], MXT_RSP_MALFORMED);
	cr_assert_eq(parse_all(&p, pkt("0*\x1e"), ev, 1), 1);
	cr_assert_eq(ev[0], MXT_RSP_MALFORMED);
	cr_assert_eq(parse_all(&p, "$0*#5a", ev, 1), 1);
	cr_assert_eq(ev[0], MXT_RSP_MALFORMED);
	cr_assert_eq(parse_all(&p, pkt("ok"), ev, 1), 1, "the parser recovers");
	cr_assert_eq(ev[0], MXT_RSP_PACKET);
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, byte_at_a_time)
{
	struct mxt_rsp_parser p;
	mxt_rsp_parser_init(&p, 0);
	const char *in = pkt("T05thread:01;");
	int got = 0;
	for (size_t i = 0; in[i]; i++) {
		int ev;
		cr_assert_eq(mxt_rsp_parse(&p, (const uint8_t *)in + i, 1, &ev), 1);
		if (ev == MXT_RSP_PACKET)
			got++;
		else
			cr_assert_eq(ev, MXT_RSP_NONE);
	}
	cr_assert_eq(got, 1);
	cr_assert_str_eq((char *)p.data, "T05thread:01;");
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, new_packet_cuts_a_truncated_one)
{
	struct mxt_rsp_parser p;
	int ev[4];
	mxt_rsp_parser_init(&p, 0);
	char in[64];
	snprintf(in, sizeof(in), "$0102%s", pkt("OK"));
	cr_assert_eq(parse_all(&p, in, ev, 4), 1);
	cr_assert_eq(ev[0], MXT_RSP_PACKET);
	cr_assert_str_eq((char *)p.data, "OK");
	cr_assert_eq(p.truncated, 1);
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, overflow_then_recovery)
{
	struct mxt_rsp_parser p;
	int ev[4];
	mxt_rsp_parser_init(&p, 16);
	char in[128];
	snprintf(in, sizeof(in), "%s", pkt("0123456789abcdef0123"));
	strcat(in, pkt("OK"));
	cr_assert_eq(parse_all(&p, in, ev, 4), 2);
	cr_assert_eq(ev[0], MXT_RSP_OVERFLOW);
	cr_assert_eq(ev[1], MXT_RSP_PACKET);
	mxt_rsp_parser_free(&p);
}

Test(rsp_parse, frame_round_trip_every_byte)
{
	uint8_t data[256], wire[2 * 256 + 4];
	for (int i = 0; i < 256; i++)
		data[i] = (uint8_t)i;
	size_t n = mxt_rsp_frame(data, sizeof(data), wire);
	struct mxt_rsp_parser p;
	int ev;
	mxt_rsp_parser_init(&p, 0);
	cr_assert_eq(mxt_rsp_parse(&p, wire, n, &ev), n);
	cr_assert_eq(ev, MXT_RSP_PACKET);
	cr_assert_eq(p.len, 256);
	cr_assert_arr_eq(p.data, data, 256);
	mxt_rsp_parser_free(&p);
}

/* ---- client against the fake stub -------------------------------------------- */

static const struct step handshake_ack[] = {
	{ NULL, "$PacketSize=1000;QStartNoAckMode+#0e", 0, 0, 0 },
	{ "QStartNoAckMode", "$OK#9a", 0, 0, 0 },
	{ "?", "$S05#b8", 0, 0, 0 },
};

static struct mxt_rsp *client(struct fakestub *s, const struct step *script, int n, int timeout_ms)
{
	char err[MXT_ERRLEN];
	s->script = script;
	s->nsteps = n;
	s->ack = 1;
	int fd = fakestub_start(s);
	cr_assert_geq(fd, 0);
	struct mxt_rsp *r = mxt_rsp_from_fd(fd, timeout_ms, err);
	cr_assert_not_null(r, "%s", err);
	return r;
}

Test(rsp_client, handshake_negotiates_packet_size_and_noack)
{
	static struct fakestub s;
	struct step script[3];
	memcpy(script, handshake_ack, sizeof(script));
	script[0].reply = pkt("PacketSize=1000;QStartNoAckMode+");
	script[1].reply = pkt("OK");
	script[2].reply = pkt("S05");
	struct mxt_rsp *r = client(&s, script, 3, 2000);
	cr_assert_eq(mxt_rsp_handshake(r), 0, "%s", mxt_rsp_error(r));
	struct mxt_rsp_stats st;
	mxt_rsp_stats(r, &st);
	cr_assert_eq(st.packet_size, 0x1000);
	cr_assert(st.noack);
	cr_assert_str_eq(mxt_rsp_stop_reply(r), "S05");
	cr_assert_eq(s.mismatches, 0);
	cr_assert_geq(s.acks_seen, 2, "the client acked the replies before no-ack mode");
	mxt_rsp_close(r);
	fakestub_wait(&s);
	cr_assert_eq(strncmp(s.last, "?", 1), 0);
}

/* A client in ack mode (the stub offers no no-ack mode). */
static struct mxt_rsp *ack_client(struct fakestub *s, struct step *script, int n, int timeout_ms)
{
	script[0] = (struct step){ NULL, pkt("PacketSize=100"), 0, 0, 0 };
	script[1] = (struct step){ "?", pkt("S05"), 0, 0, 0 };
	struct mxt_rsp *r = client(s, script, n, timeout_ms);
	cr_assert_eq(mxt_rsp_handshake(r), 0, "%s", mxt_rsp_error(r));
	return r;
}

Test(rsp_client, garbage_and_a_reply_dribbled_byte_by_byte)
{
	char reply[64];
	snprintf(reply, sizeof(reply), "noise%s", pkt("deadbeef0001"));
	static struct fakestub s2;
	struct step sc2[3];
	sc2[2] = (struct step){ "m1000,6", reply, 1, 0, 0 };
	struct mxt_rsp *r = ack_client(&s2, sc2, 3, 2000);
	uint8_t buf[6];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x1000, buf, 6), 0, "%s", mxt_rsp_error(r));
	uint8_t want[6] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01 };
	cr_assert_arr_eq(buf, want, 6);
	struct mxt_rsp_stats st;
	mxt_rsp_stats(r, &st);
	cr_assert_eq(st.garbage, 5, "garbage bytes counted: %llu", (unsigned long long)st.garbage);
	mxt_rsp_close(r);
	fakestub_wait(&s2);
	cr_assert_eq(s2.mismatches, 0);
}

Test(rsp_client, nak_makes_the_client_resend)
{
	static struct fakestub s;
	struct step script[4];
	script[2] = (struct step){ "m2000,2", "-", 0, 1, 0 };          /* NAK instead of ack */
	script[3] = (struct step){ "m2000,2", pkt("abcd"), 0, 0, 0 };
	struct mxt_rsp *r = ack_client(&s, script, 4, 2000);
	uint8_t buf[2];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x2000, buf, 2), 0, "%s", mxt_rsp_error(r));
	cr_assert_eq(buf[0], 0xab);
	cr_assert_eq(buf[1], 0xcd);
	struct mxt_rsp_stats st;
	mxt_rsp_stats(r, &st);
	cr_assert_eq(st.resends, 1);
	mxt_rsp_close(r);
	fakestub_wait(&s);
	cr_assert_eq(s.mismatches, 0);
}

Test(rsp_client, wrong_checksum_is_naked_and_resent_in_ack_mode)
{
	static struct fakestub s;
	struct step script[4];
	script[2] = (struct step){ "m3000,2", "$beef#00", 0, 0, 0 };
	script[3] = (struct step){ NULL, pkt("beef"), 0, 0, 1 };        /* the stub resends */
	struct mxt_rsp *r = ack_client(&s, script, 4, 2000);
	uint8_t buf[2];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x3000, buf, 2), 0, "%s", mxt_rsp_error(r));
	cr_assert_eq(buf[0], 0xbe);
	struct mxt_rsp_stats st;
	mxt_rsp_stats(r, &st);
	cr_assert_eq(st.naks_sent, 1);
	mxt_rsp_close(r);
	fakestub_wait(&s);
	cr_assert_eq(s.naks_seen, 1);
}

/* Handshake into no-ack mode, then one scripted exchange. */
static struct mxt_rsp *noack_client(struct fakestub *s, struct step *script, int n, int timeout_ms)
{
	script[0] = (struct step){ NULL, pkt("PacketSize=100;QStartNoAckMode+"), 0, 0, 0 };
	script[1] = (struct step){ "QStartNoAckMode", pkt("OK"), 0, 0, 0 };
	script[2] = (struct step){ "?", pkt("T05thread:01;"), 0, 0, 0 };
	struct mxt_rsp *r = client(s, script, n, timeout_ms);
	cr_assert_eq(mxt_rsp_handshake(r), 0, "%s", mxt_rsp_error(r));
	return r;
}

static void expect_read_error(const char *reply, int close_after, int timeout_ms, const char *want)
{
	static struct fakestub s;
	struct step script[4];
	memset(&s, 0, sizeof(s));
	script[3] = (struct step){ "m4000,4", reply, 0, 0, 0 };
	s.close_after = close_after;
	struct mxt_rsp *r = noack_client(&s, script, 4, timeout_ms);
	uint8_t buf[4];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x4000, buf, 4), -1);
	cr_assert(strstr(mxt_rsp_error(r), want), "message '%s' lacks '%s'", mxt_rsp_error(r), want);
	cr_assert_null(strchr(mxt_rsp_error(r), '\n'), "one line");
	mxt_rsp_close(r);
	fakestub_wait(&s);
}

Test(rsp_client, wrong_checksum_in_noack_mode_is_an_error)
{
	expect_read_error("$01020304#00", 0, 2000, "checksum");
}

Test(rsp_client, malformed_hex_reply)
{
	expect_read_error(pkt("0102zz04"), 0, 2000, "malformed reply");
}

Test(rsp_client, odd_length_reply)
{
	expect_read_error(pkt("0102030"), 0, 2000, "malformed reply");
}

Test(rsp_client, error_reply)
{
	expect_read_error(pkt("E14"), 0, 2000, "error E14");
}

Test(rsp_client, connection_closed_inside_a_packet)
{
	expect_read_error("$0102", 1, 2000, "in the middle of a packet");
}

Test(rsp_client, no_reply_times_out)
{
	expect_read_error(NULL, 0, 300, "no reply");
}

Test(rsp_client, run_length_encoded_reply)
{
	static struct fakestub s;
	struct step script[4];
	/* "0* " is "0000": two zero bytes; then "ff". */
	script[3] = (struct step){ "m5000,3", pkt("0* ff"), 0, 0, 0 };
	struct mxt_rsp *r = noack_client(&s, script, 4, 2000);
	uint8_t buf[3];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x5000, buf, 3), 0, "%s", mxt_rsp_error(r));
	cr_assert_eq(buf[0], 0);
	cr_assert_eq(buf[1], 0);
	cr_assert_eq(buf[2], 0xff);
	mxt_rsp_close(r);
	fakestub_wait(&s);
}

Test(rsp_client, monitor_output_packets)
{
	static struct fakestub s;
	struct step script[5];
	char hex[64];
	mxt_hex("CR3=00113000\n", 13, hex);
	char o[80];
	snprintf(o, sizeof(o), "O%s", hex);
	char both[256];
	snprintf(both, sizeof(both), "%s", pkt(o));
	strcat(both, pkt("OK"));
	script[3] = (struct step){ NULL, both, 0, 0, 0 };
	script[4] = (struct step){ NULL, NULL, 0, 0, 0 };
	struct mxt_rsp *r = noack_client(&s, script, 4, 2000);
	char out[128];
	cr_assert_eq(mxt_rsp_monitor(r, "info registers", out, sizeof(out)), 0, "%s", mxt_rsp_error(r));
	cr_assert_str_eq(out, "CR3=00113000\n");
	mxt_rsp_close(r);
	fakestub_wait(&s);
	char want[64] = "qRcmd,";
	mxt_hex("info registers", 14, want + 6);
	cr_assert_str_eq(s.last, want);
}

Test(rsp_client, pipelined_reads_in_order_and_recovery_after_an_error)
{
	static struct fakestub s;
	struct step script[3];
	for (size_t i = 0; i < sizeof(s.mem); i++)
		s.mem[i] = (uint8_t)(i * 7 + (i >> 8));
	s.mem_base = 0x10000;
	s.serve_mem = 1;
	struct mxt_rsp *r = noack_client(&s, script, 3, 2000);
	static uint8_t buf[20000];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x10000 + 100, buf, sizeof(buf)), 0, "%s", mxt_rsp_error(r));
	cr_assert_arr_eq(buf, s.mem + 100, sizeof(buf));
	/* A range running past the stub's memory: an error, and the stream stays in step. */
	cr_assert_eq(mxt_rsp_read_mem(r, 0x10000 + sizeof(s.mem) - 1000, buf, 4000), -1);
	cr_assert(strstr(mxt_rsp_error(r), "E14"), "%s", mxt_rsp_error(r));
	cr_assert_eq(mxt_rsp_read_mem(r, 0x10000, buf, 300), 0, "%s", mxt_rsp_error(r));
	cr_assert_arr_eq(buf, s.mem, 300);
	/* Writes fall back to M when the stub has no X. */
	uint8_t w[300];
	for (int i = 0; i < 300; i++)
		w[i] = (uint8_t)(255 - i);
	cr_assert_eq(mxt_rsp_write_mem(r, 0x10000 + 5000, w, sizeof(w)), 0, "%s", mxt_rsp_error(r));
	cr_assert_arr_eq(s.mem + 5000, w, sizeof(w));
	mxt_rsp_close(r);
	fakestub_wait(&s);
}

Test(rsp_client, pipelined_reads_in_ack_mode)
{
	static struct fakestub s;
	struct step script[2];
	for (size_t i = 0; i < sizeof(s.mem); i++)
		s.mem[i] = (uint8_t)(i ^ (i >> 7));
	s.mem_base = 0x20000;
	s.serve_mem = 1;
	struct mxt_rsp *r = ack_client(&s, script, 2, 2000);
	static uint8_t buf[30000];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x20000 + 7, buf, sizeof(buf)), 0, "%s", mxt_rsp_error(r));
	cr_assert_arr_eq(buf, s.mem + 7, sizeof(buf));
	struct mxt_rsp_stats st;
	mxt_rsp_stats(r, &st);
	cr_assert_eq(st.noack, 0);
	mxt_rsp_close(r);
	fakestub_wait(&s);
	cr_assert_geq(s.acks_seen, 30000 / 126, "every reply acked");
}

Test(rsp_client, nak_among_pipelined_requests_is_an_error)
{
	static struct fakestub s;
	struct step script[2];
	s.mem_base = 0x20000;
	s.serve_mem = 1;
	s.nak_nth = 5;                          /* handshake is 2 packets: the 3rd read request */
	struct mxt_rsp *r = ack_client(&s, script, 2, 500);
	static uint8_t buf[3000];
	cr_assert_eq(mxt_rsp_read_mem(r, 0x20000, buf, sizeof(buf)), -1);
	cr_assert(strstr(mxt_rsp_error(r), "NAK"), "%s", mxt_rsp_error(r));
	mxt_rsp_close(r);
	fakestub_wait(&s);
}
