#!/usr/bin/env python3
"""mxtrace snapshot, import and mem against a booted MX: the database must
agree with what the guest itself says (the endpoints ping prints, the round
trips it counts, its trace counters) whichever backend read it: shared RAM,
the gdbstub, a dump-guest-memory core; and a process's memory read through
its page tables must hold its ELF's text."""
import os
import re

from mxqemu import MX
from tracer_fixture import BUILD, KERNEL, QMP, check, elf_bytes, elf_entry, mxtrace, q, q1, scratch

ROUNDS = 20000
ECHOD = os.path.join(BUILD, "os", "bin", "echod")


def procs(db, snap):
    return sorted(q(db, "SELECT slot, endpoint, name FROM processes WHERE snap_id = ?", snap))


def main():
    tmp = scratch()
    db = os.path.join(tmp, "snap.db")
    with MX(build=BUILD, modules=["echod", "ping %d 10000" % ROUNDS], shm=True, gdb=True, qmp=True) as mx:
        m = mx.wait_for(r"ping: talking to echod \(endpoint (\d+)\)", timeout=30)
        echod_ep = int(m.group(1))
        mx.wait_for(r"ping: %d round trips" % ROUNDS, timeout=60)

        # 1. Shared RAM, stopped through QMP, mx_info by symbol.
        out, _ = mxtrace("snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "-k", KERNEL)
        stopped = float(re.search(r"guest stopped ([0-9.]+) ms", out).group(1))
        check(stopped < 50, "guest stopped %.2f ms for a shared-RAM snapshot" % stopped)
        s1 = q1(db, "SELECT max(snap_id) FROM snapshots")
        check(q1(db, "SELECT kind FROM snapshots WHERE snap_id = ?", s1) == "full", "a full snapshot")
        check(q1(db, "SELECT endpoint FROM processes WHERE snap_id = ? AND name = 'echod'", s1) == echod_ep,
              "echod's endpoint is the one ping printed (%d)" % echod_ep)
        # ping has exited by now: its endpoint is in the boot image's record, its slot in the pair matrix.
        ping_ep = q1(db, "SELECT endpoint FROM boot_modules WHERE name = 'ping'")
        check(q1(db, "SELECT count(*) FROM processes WHERE snap_id = ? AND name = 'ping'", s1) == 0 and
              q1(db, "SELECT count(*) FROM events WHERE kind = 14 AND src = ?", ping_ep) == 1, "ping's exit is traced")
        check(q1(db, "SELECT count FROM ipc_pairs WHERE snap_id = ? AND src_slot = ? AND dst = ?", s1, ping_ep & 1023, echod_ep) == ROUNDS,
              "the kernel's pair matrix counts the %d requests ping made" % ROUNDS)
        check(q(db, "SELECT sent, received FROM processes WHERE snap_id = ? AND name = 'echod'", s1) == [(ROUNDS, ROUNDS)],
              "echod received and answered %d" % ROUNDS)
        # The ring holds the whole run: every record from 0 to head is in events.
        head = q1(db, "SELECT head FROM trace_status WHERE snap_id = ?", s1)
        check(q1(db, "SELECT count(*) FROM events") == head and q1(db, "SELECT count(*) FROM losses") == 0,
              "events hold all %d records the guest's ring counter says it wrote" % head)
        check(q1(db, "SELECT sum(count) FROM ipc_agg WHERE src = ? AND dst = ? AND type = 3841", ping_ep, echod_ep) == ROUNDS,
              "the aggregates count %d ECHO_PING requests" % ROUNDS)
        check(q1(db, "SELECT count(*) FROM events WHERE kind = 1 AND src = ? AND dst = ? AND flags & 8", ping_ep, echod_ep) == ROUNDS,
              "one SENDREC send record per round trip")
        check(q1(db, "SELECT ipc_calls FROM kinfo WHERE snap_id = ?", s1) >= 2 * ROUNDS, "kernel counters read")
        check(q1(db, "SELECT count(*) FROM privileges WHERE snap_id = ? AND endpoint = ?", s1, echod_ep) == 1, "echod's privileges")
        check(q1(db, "SELECT count(*) FROM log WHERE source = 'klog' AND text LIKE 'boot: 2 modules%'") == 1, "the kernel log")
        check(q1(db, "SELECT count(*) FROM boot_modules WHERE name = 'echod' AND endpoint = ?", echod_ep) == 1, "boot modules")

        # 2. Shared RAM without the kernel ELF: mx_info found by scanning; same boot, nothing new.
        mxtrace("snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path)
        s2 = q1(db, "SELECT max(snap_id) FROM snapshots")
        check(q1(db, "SELECT count(*) FROM boots") == 1, "the second snapshot is of the same boot")
        check(procs(db, s2) == procs(db, s1), "the same processes by scanning for mx_info")

        # 3. The gdbstub.
        mxtrace("snapshot", "-o", db, "--gdb", "127.0.0.1:%d" % mx.gdb_port, "-k", KERNEL)
        s3 = q1(db, "SELECT max(snap_id) FROM snapshots")
        check(q1(db, "SELECT source FROM snapshots WHERE snap_id = ?", s3) == "gdb", "a snapshot over the gdbstub")
        check(procs(db, s3) == procs(db, s1), "the gdbstub reads the same process table")
        check(q1(db, "SELECT count FROM ipc_pairs WHERE snap_id = ? AND src_slot = ? AND dst = ?", s3, ping_ep & 1023, echod_ep) == ROUNDS,
              "and the same pair counts")

        # 4. A process's memory through its page tables: echod's entry point holds its ELF text.
        entry = elf_entry(ECHOD)
        raw = os.path.join(tmp, "echod.bin")
        mxtrace("mem", "--shm", mx.shm_path, "--name", "echod", "0x%x" % entry, "64", "-o", raw)
        check(open(raw, "rb").read() == elf_bytes(ECHOD, entry, 64),
              "64 bytes at echod's entry 0x%x read through its page tables equal the ELF's" % entry)
        mxtrace("mem", "--gdb", "127.0.0.1:%d" % mx.gdb_port, "--ep", str(echod_ep), "0x%x" % entry, "64", "-o", raw)
        check(open(raw, "rb").read() == elf_bytes(ECHOD, entry, 64), "the same through the gdbstub")

        # 5. A dump-guest-memory core of the same stopped guest, written during a snapshot.
        core = os.path.join(tmp, "core.elf")
        out, _ = mxtrace("snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "--core-out", core)
        check(os.path.getsize(core) > 64 << 20 and "core file" in out, "a core written while stopped for the snapshot")
        qmp = QMP(mx.qmp_path)
        check(qmp.cmd("query-status")["status"] == "running", "and the guest resumed")
        qmp.close()
    cdb = os.path.join(tmp, "core.db")
    out, _ = mxtrace("import", "-o", cdb, core)
    check("mx_info found by scan" in out, "the core's mx_info found by scanning")
    sc = q1(cdb, "SELECT max(snap_id) FROM snapshots")
    check(procs(cdb, sc) == procs(db, s1), "the core holds the same processes")
    check(q1(cdb, "SELECT count FROM ipc_pairs WHERE src_slot = ? AND dst = ?", ping_ep & 1023, echod_ep) == ROUNDS, "and the same pair counts")
    chead = q1(cdb, "SELECT head FROM trace_status WHERE snap_id = ?", sc)
    nev = q1(cdb, "SELECT count(*) FROM events")
    check(chead >= head and nev + (q1(cdb, "SELECT sum(count) FROM losses") or 0) == chead,
          "every record up to the core's head (%d) is in events or counted lost" % chead)
    check(q(cdb, "SELECT tsc, kind, src, dst, type, arg FROM events WHERE id & 1099511627775 BETWEEN 40000 AND 40010") ==
          q(db, "SELECT tsc, kind, src, dst, type, arg FROM events WHERE id & 1099511627775 BETWEEN 40000 AND 40010"),
          "the core's records are the ones shared RAM gave")
    mxtrace("import", "-o", cdb, "-k", KERNEL, core)
    check(q1(cdb, "SELECT count(*) FROM boots") == 1 and q1(cdb, "SELECT count(*) FROM events") == nev,
          "importing the core again adds a snapshot, no boot and no duplicate events")
    print("PASS")


if __name__ == "__main__":
    main()
