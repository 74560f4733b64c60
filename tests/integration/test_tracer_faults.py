#!/usr/bin/env python3
"""Bad input and faults: a kernel ELF from another build, an ELF that is no
MX kernel, memory without mx_info, an unwritable or foreign database, a
gdbstub sending malformed replies, a corrupt channel frame, QEMU dying in
the middle of a run.  Each must give one clear line naming the cause and
the right exit status, and lose nothing already received."""
import os
import re
import signal
import socket
import struct
import subprocess
import threading
import time
import zlib

from mxqemu import MX
from tracer_fixture import BUILD, KERNEL, MXTRACE, QMP, check, fail, mxtrace, q, q1, scratch


def one_line_error(err, want):
    lines = [l for l in err.strip().splitlines() if l]
    check(len(lines) == 1 and want in lines[0], "one line naming the cause: %r" % (lines[-1] if lines else ""))


def fake_stub(replies):
    """A TCP gdbstub that answers each packet with the next scripted payload."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def serve():
        c, _ = srv.accept()
        buf = b""
        for reply in replies:
            while b"#" not in buf or len(buf) < buf.index(b"#") + 3:
                d = c.recv(4096)
                if not d:
                    return
                buf += d
            buf = buf[buf.index(b"#") + 3:]
            c.sendall(b"+" + b"$" + reply + b"#%02x" % (sum(reply) & 0xff))
        time.sleep(1)
        c.close()
    threading.Thread(target=serve, daemon=True).start()
    return srv.getsockname()[1]


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
    return bytes(out + bytes([len(block) + 1]) + block)


def frame(ftype, seq, payload):
    raw = struct.pack("<BBHI", ftype, 0, len(payload), seq) + payload
    return cobs(raw + struct.pack("<I", zlib.crc32(raw))) + b"\0"


def main():
    tmp = scratch()
    db = os.path.join(tmp, "f.db")

    # A kernel ELF from another build: the same file with one byte of its build id changed.
    other = os.path.join(tmp, "other-kernel.elf")
    data = bytearray(open(KERNEL, "rb").read())
    at = data.index(b"GNU\0", data.index(b"\x03\x00\x00\x00GNU\0") if b"\x03\x00\x00\x00GNU\0" in data else 0) + 4
    data[at] ^= 0xff
    open(other, "wb").write(data)

    # Memory that holds no MX: a zeroed RAM file.
    zeros = os.path.join("/dev/shm", "mxt-zeros.%d" % os.getpid())
    with open(zeros, "wb") as f:
        f.truncate(16 << 20)
    try:
        _, err = mxtrace("snapshot", "-o", db, "--shm", zeros, "--sample", expect=1)
        one_line_error(err, "magic not found")
        _, err = mxtrace("snapshot", "-o", db, "--shm", zeros, "--sample", "-k", KERNEL, expect=1)
        one_line_error(err, "wrong magic")
    finally:
        os.unlink(zeros)

    with MX(build=BUILD, modules=["echod", "ping 2000 1000"], shm=True, qmp=True) as mx:
        mx.wait_for(r"ping: 2000 round trips", timeout=30)
        _, err = mxtrace("snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "-k", other, expect=1)
        one_line_error(err, "is from another build")
        _, err = mxtrace("snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path,
                         "-k", os.path.join(BUILD, "os", "bin", "echod"), expect=1)
        one_line_error(err, "no symbol mx_info_obj")
        _, err = mxtrace("snapshot", "-o", "/proc/mxt-no.db", "--shm", mx.shm_path, "--qmp", mx.qmp_path, expect=1)
        one_line_error(err, "cannot open")
        junk = os.path.join(tmp, "junk.db")
        open(junk, "w").write("not a database at all, only some text that fills a header\n" * 4)
        _, err = mxtrace("snapshot", "-o", junk, "--shm", mx.shm_path, "--qmp", mx.qmp_path, expect=1)
        one_line_error(err, "not an SQLite database")
        status = QMPStatus(mx.qmp_path)
        check(status == "running", "after each refusal the guest runs on (%s)" % status)

    # A gdbstub with malformed replies.
    port = fake_stub([b"PacketSize=zz;QStartNoAckMode+"])
    _, err = mxtrace("snapshot", "-o", db, "--gdb", "127.0.0.1:%d" % port, expect=1)
    one_line_error(err, "malformed PacketSize")
    port = fake_stub([b"PacketSize=1000", b"S05", b"OK", b"0123zz"])
    _, err = mxtrace("mem", "--gdb", "127.0.0.1:%d" % port, "0x1000", "4", expect=1)
    one_line_error(err, "malformed reply to 'm1000,4'")
    port = fake_stub([b"PacketSize=1000", b"junk"])
    _, err = mxtrace("mem", "--gdb", "127.0.0.1:%d" % port, "0x1000", "4", expect=1)
    one_line_error(err, "malformed stop reply")

    # A channel stream with a corrupt frame: the frame is skipped, its records counted lost, the rest kept.
    stream = bytearray()
    info = bytearray(3368)
    info[0:16] = b"MX_INFO\x01\x7f\x4d\x58\x21\xc3\x9e\x5a\x10"
    struct.pack_into("<IIII", info, 16, 1, 3368, 0xC012dac0, 0xC0000000)
    struct.pack_into("<I", info, 52, 20)
    struct.pack_into("<QIII", info, 88, 1000000000, 100, 128 << 20, 4096)
    struct.pack_into("<III", info, 108, 4, 256, 64)
    stream += frame(1, 0, bytes(info))
    for f in range(5):
        recs = b"".join(struct.pack("<QIBBHiiiI", 100 + n, n, 1, 0, 0, 14, 15, 1, 0) for n in range(f * 50, f * 50 + 50))
        fr = bytearray(frame(4, f + 1, struct.pack("<Q", f * 50) + recs))
        if f == 2:
            fr[20] = 0x55 if fr[20] != 0x55 else 0x56
        stream += fr
    chan = os.path.join(tmp, "corrupt.chan")
    open(chan, "wb").write(stream)
    cdb = os.path.join(tmp, "chan.db")
    out, _ = mxtrace("import", "-o", cdb, chan)
    check("(1 corrupt)" in out, "the import reports the corrupt frame: %s" % out.strip())
    check(q(cdb, "SELECT first_seq, count, cause FROM losses") == [(100, 50, "corrupt-frame")],
          "its 50 records are counted lost, exactly")
    check(q1(cdb, "SELECT count(*) FROM events") == 200, "the other 200 records are stored")

    # QEMU dies in the middle of a run.
    rdb = os.path.join(tmp, "died.db")
    p = subprocess.Popen([MXTRACE, "run", "-o", rdb, "-k", KERNEL, "-m", "echod,ping", "--console", os.devnull,
                          "--no-progress"], stderr=subprocess.PIPE, text=True)
    m = re.search(r"QEMU (\d+) started", p.stderr.readline())
    if not m:
        p.kill()
        fail("mxtrace run did not start QEMU")
    time.sleep(3)
    os.kill(int(m.group(1)), signal.SIGKILL)
    try:
        err = p.communicate(timeout=30)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        fail("mxtrace did not notice QEMU's death")
    check(p.returncode == 1, "exit status 1 when QEMU dies")
    check("killed by signal 9" in err and "QEMU died during the run" in err, "the cause is named: %r" % err.strip())
    check(q(rdb, "SELECT end_reason FROM boots") == [("qemu-died",)], "the boot ended 'qemu-died'")
    head = q1(rdb, "SELECT head FROM trace_status WHERE snap_id = (SELECT max(snap_id) FROM snapshots)")
    n = q1(rdb, "SELECT count(*) FROM events") + (q1(rdb, "SELECT sum(count) FROM losses") or 0)
    check(head and n == head, "everything the guest wrote before it died is kept (%d records)" % head)
    print("PASS")


def QMPStatus(path):
    qm = QMP(path)
    st = qm.cmd("query-status")["status"]
    qm.close()
    return st


if __name__ == "__main__":
    main()
