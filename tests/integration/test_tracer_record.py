#!/usr/bin/env python3
"""mxtrace record: attach to a QEMU that is already running MX and record
over the gdbstub (stopping the guest briefly for each drain), over shared
RAM (live), and over the debug channel alone (the guest streams TRACE
frames).  Successive recordings of one boot continue each other; every
record number is stored or counted lost; the guest runs on afterwards."""
import os
import signal
import subprocess
import time

from mxqemu import MX
from tracer_fixture import BUILD, KERNEL, MXTRACE, QMP, check, mxtrace, q, q1, scratch


def accounted(db, boot=None):
    where = "" if boot is None else " WHERE boot_id = %d" % boot
    n = q1(db, "SELECT count(*) FROM events" + ("" if boot is None else " WHERE id >> 40 = %d" % boot))
    lost = q1(db, "SELECT coalesce(sum(count), 0) FROM losses" + where)
    return n, lost


def status(mx):
    """QEMU serves one QMP client at a time: connect, ask, hang up."""
    qm = QMP(mx.qmp_path)
    st = qm.cmd("query-status")["status"]
    qm.close()
    return st


def main():
    tmp = scratch()
    db = os.path.join(tmp, "rec.db")
    with MX(build=BUILD, modules=["echod", "ping 60000 20000"], shm=True, gdb=True, qmp=True, chan=True) as mx:
        mx.wait_for(r"ping: talking to echod", timeout=30)
        # 1. Over the gdbstub, while ping runs.
        mxtrace("record", "-o", db, "--gdb", "127.0.0.1:%d" % mx.gdb_port, "-k", KERNEL, "-t", "3",
                "--gdb-ms", "20", "--no-progress", timeout=60)
        check(q(db, "SELECT source, end_reason FROM boots") == [("gdb", "detached")], "a boot recorded over the gdbstub")
        head1 = q1(db, "SELECT trace_head FROM snapshots WHERE kind = 'full'")
        n, lost = accounted(db)
        check(head1 and n + lost == head1, "records 0..%d: %d stored, %d counted lost" % (head1, n, lost))
        check(q1(db, "SELECT count(*) FROM snapshots WHERE kind = 'sample' AND stopped_us IS NOT NULL") >= 1,
              "samples over the gdbstub record how long the guest was stopped")
        check(status(mx) == "running", "the guest runs after detaching")

        # 2. Over shared RAM into the same database: the same boot, going on after what is stored.
        #    Halfway, SIGUSR1 asks the recorder for a full snapshot, stopping the guest around it.
        rec = subprocess.Popen([MXTRACE, "record", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "-k", KERNEL,
                                "-t", "4", "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        rec.send_signal(signal.SIGUSR1)
        out, err = rec.communicate(timeout=60)
        check(rec.returncode == 0, "record exits 0 after the requested snapshot:\n%s" % err)
        check("on request 1 (SIGUSR1): full snapshot taken" in err, "the recorder reports the snapshot: %s" % err.strip())
        check(q1(db, "SELECT count(*) FROM boots") == 1, "the second recording continues the same boot")
        req = q(db, "SELECT snap_id, kind FROM snapshots WHERE note = 'on request 1 (SIGUSR1)'")
        check(len(req) == 1 and req[0][1] == "full", "one full snapshot noted as requested: %s" % req)
        names = [r[0] for r in q(db, "SELECT name FROM processes WHERE snap_id = ?", req[0][0])]
        check("system" in names and "echod" in names, "the requested snapshot has the process table: %s" % names)
        head2 = q1(db, "SELECT max(trace_head) FROM snapshots WHERE kind = 'full'")
        n, lost = accounted(db)
        check(head2 > head1 and n + lost == head2, "records 0..%d: each stored or counted lost once" % head2)
        check(q1(db, "SELECT count(*) FROM snapshots WHERE kind = 'full'") == 3,
              "a full snapshot at the end of each recording, and the one requested")
        check(status(mx) == "running", "the guest runs after the shared-RAM recording")
        mx.wait_for(r"ping: 60000 round trips", timeout=60)

        # 3. The debug channel alone, once the guest is idle (the kernel drains the channel when idle).
        cdb = os.path.join(tmp, "chan.db")
        out, err = mxtrace("record", "-o", cdb, "--chan", mx.chan_path, "-t", "3", "--no-progress", timeout=60)
        check(q1(cdb, "SELECT count(*) FROM boots WHERE source = 'channel'") == 1, "the guest's HELLO opens a boot")
        n, lost = accounted(cdb)
        check(n > 50, "TRACE frames streamed over the channel: %d records (%d lost)" % (n, lost))
        check(q1(cdb, "SELECT count(*) FROM events WHERE kind = 21") >= 1, "the STREAM command itself is traced (traceop)")
        check(q1(cdb, "SELECT bad_cobs + bad_crc + bad_len + too_long FROM chan_stats") == 0 and
              q1(cdb, "SELECT truncated FROM chan_stats") <= 1,
              "no corrupt frame (the one being sent when recording stopped may be cut)")

        # 4. Switching tracing from the host: a command on the channel, a word in shared RAM.
        out, _ = mxtrace("ctl", "--chan", mx.chan_path, "off")
        check(out.strip() == "guest: ok", "the guest acknowledges 'trace off' on the channel")
        out, _ = mxtrace("ctl", "--shm", mx.shm_path, "status")
        check("(off)" in out, "the ring's control word says off")
        mxtrace("ctl", "--shm", mx.shm_path, "kinds", "send,recv")
        mxtrace("ctl", "--shm", mx.shm_path, "on")
        time.sleep(0.3)
        out, _ = mxtrace("ctl", "--gdb", "127.0.0.1:%d" % mx.gdb_port, "status")
        check("(on)" in out and "kinds    0x0000000a: send recv" in out, "written through shared RAM, read back over the gdbstub")
        _, err = mxtrace("ctl", "--chan", mx.chan_path, "dump", "proc", expect=1)
        check("the guest refused" in err, "a refused command is reported: %s" % err.strip())
    print("PASS")


if __name__ == "__main__":
    main()
