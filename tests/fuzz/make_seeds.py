#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

The channel seeds are frames as the guest sends them (os/include/mx/chan.h):
COBS(header | payload | crc32) and a zero byte; the RSP seeds are packets
as QEMU's gdbstub sends them.  Run it again after a format change.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = b"MX_INFO\x01\x7f\x4d\x58\x21\xc3\x9e\x5a\x10"
HELLO, LOG, DUMP, TRACE, LOSS, CMD, ERROR, ACK = 1, 2, 3, 4, 5, 6, 7, 8


def cobs(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += bytes([255]) + block
                block = bytearray()
    out += bytes([len(block) + 1]) + block
    return bytes(out)


def frame(ftype, seq, payload, flags=0):
    raw = struct.pack("<BBHI", ftype, flags, len(payload), seq) + payload
    return cobs(raw + struct.pack("<I", zlib.crc32(raw))) + b"\0"


def mxinfo(pa=0x12dac0):
    kb = 0xC0000000
    head = MAGIC + struct.pack("<IIII", 1, 3368, kb + pa, kb) + bytes(range(20)) + struct.pack("<I", 20)
    head += b"MX seed".ljust(32, b"\0") + struct.pack("<QIIIIIIIIIIIIII", 2600000000, 100, 128 << 20, 4096,
                                                      4, 256, 64, kb + 0x186000, 128 + 65536 * 32, 0, 0, 0, 0, 0, 0)
    return head.ljust(3368, b"\0")


def rec(n):
    return struct.pack("<QIBBHiiiI", 1000 + 10 * n, n & 0xffffffff, 1 + n % 8, 0, 8, 14, 15, 0xf01, n % 977)


def trace(seq, first, n):
    return frame(TRACE, seq, struct.pack("<Q", first) + b"".join(rec(first + i) for i in range(n)))


def pkt(data):
    return b"$" + data + b"#%02x" % (sum(data) & 0xff)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    boot = frame(HELLO, 0, mxinfo()) + frame(LOG, 1, b"MX 0.1 booting\n")
    write("chan_decoder", "boot", boot)
    write("chan_decoder", "trace", boot + trace(2, 0, 20) + trace(3, 20, 20) + trace(4, 60, 5))
    write("chan_decoder", "loss", boot + frame(LOSS, 2, struct.pack("<QQII", 0, 70000, 1, 0)) + trace(3, 70000, 3))
    write("chan_decoder", "dump", boot + frame(DUMP, 2, struct.pack("<II", 1, 0xffffffff) + b"-slot- name\n", 1)
          + frame(DUMP, 3, struct.pack("<II", 1, 0xffffffff) + b"14 echod\n"))
    corrupt = bytearray(boot + trace(2, 0, 10) + trace(3, 10, 10))
    corrupt[len(boot) + 30] ^= 0x10
    write("chan_decoder", "corrupt", bytes(corrupt))
    write("chan_decoder", "acks", frame(ACK, 0, struct.pack("<Ii", 5, 0) + b"ok".ljust(56, b"\0"))
          + frame(ERROR, 1, struct.pack("<Ii", 6, -22) + b"bad endpoint".ljust(56, b"\0")))

    write("rsp_parser", "ok", b"+" + pkt(b"OK"))
    write("rsp_parser", "stop", pkt(b"T05thread:01;"))
    write("rsp_parser", "memory", pkt(b"00ff" * 64) + pkt(b"E14"))
    write("rsp_parser", "rle", pkt(b"0* f*\"a"))
    write("rsp_parser", "escaped", pkt(b"a}]b}\x03c}\x04"))
    write("rsp_parser", "garbage", b"xx-+" + pkt(b"OK")[:-1] + b"$" + pkt(b"S05") + b"%" + b"Stop:T05#00")
    write("rsp_parser", "console", pkt(b"O" + b"CR3=00113000\n".hex().encode()) + pkt(b"OK"))


if __name__ == "__main__":
    main()
