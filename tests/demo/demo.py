#!/usr/bin/env python3
"""make demo: MX run under mxtrace through the scenarios, and what the
toolkit makes of them, left in one folder.

Boots the whole system (VFS with its debug-deadlock argument) in QEMU with
shared guest RAM, two QMP sockets, the gdbstub, the debug channel and COM1
on a socket; as soon as the shell prompt is up, `mxtrace record` attaches
and records from the boot's first trace record on.  Then the scenarios are
typed at the shell as a user would type them, with a full snapshot taken at
the right moment of each:

  storm   fsstorm and forkstorm running together (a healthy, busy system)
  hangs   hang recv, hang cycle, hang noreply, hang traced
  crash   hang crash: the stall driver dies and RS restarts it
  vfs     hang vfs: VFS's lock-order deadlock, with a stat waiting behind it

(memhog runs between storm and hangs.)  Recording stops with a last full
snapshot; then for each moment the folder gets the deadlock, IPC and lock
diagrams (SVG), the IS dumps, the deadlocks, the why-chains of the stuck
processes and one mxtop frame, plus the run database, the console and a
Perfetto trace.  Prints where everything is and how to open it.

    demo.py [--build DIR] [--out DIR]
"""
import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
from mxqemu import FULL_SYSTEM, MX, MXError  # noqa: E402



class Demo:
    def __init__(self, build, out):
        self.build, self.out = build, out
        self.bin = lambda n: os.path.join(build, "bin", n)
        self.kernel = os.path.join(build, "os", "kernel.elf")
        self.db = os.path.join(out, "run.db")
        self.snaps = []                 # (moment, snap_id, what it shows)
        self.whys = {}                  # moment -> [process]

    def say(self, text):
        print("demo: " + text, flush=True)

    def shell(self, mx, line, expect, timeout=120):
        try:
            return mx.shell(line, expect, timeout)
        except MXError as e:
            sys.exit("demo: %s" % e)

    def snapshot(self, mx, moment, what):
        """A full snapshot taken by the recorder (SIGUSR1): it owns the database."""
        n = len(self.snaps) + 1
        self.rec.send_signal(signal.SIGUSR1)
        deadline = time.time() + 30
        while "on request %d (SIGUSR1): full snapshot taken" % n not in self.rec_log():
            if time.time() > deadline or self.rec.poll() is not None:
                sys.exit("demo: mxtrace record took no snapshot:\n" + self.rec_log()[-2000:])
            time.sleep(0.05)
        self.snaps.append([moment, None, what])
        self.say("snapshot %d: %s" % (n, what))

    def rec_log(self):
        with open(self.rec_log_path) as f:
            return f.read()

    def run_guest(self):
        mx = MX(build=self.build, modules=FULL_SYSTEM, typing=True, shm=True, qmp=True, gdb=True, chan=True)
        # A second QMP socket: mxtrace record keeps the first for its final snapshot.
        self.qmp2 = os.path.join(mx.dir, "qmp2.sock")
        mx.extra = ["-qmp", "unix:%s,server=on,wait=off" % self.qmp2]
        with mx:
            mx.wait_for(r"^\$ $", timeout=60)
            self.rec_log_path = os.path.join(self.out, "mxtrace-record.log")
            log = open(self.rec_log_path, "w")
            self.rec = subprocess.Popen([self.bin("mxtrace"), "record", "-o", self.db, "--shm", mx.shm_path, "--qmp",
                                         mx.qmp_path, "--chan", mx.chan_path, "-k", self.kernel, "--sample-ms", "500",
                                         "--no-progress"], stdout=log, stderr=subprocess.STDOUT)
            self.say("mxtrace record is recording the boot into %s" % self.db)
            time.sleep(1.5)
            try:
                self.scenarios(mx)
            finally:
                time.sleep(1)
                self.rec.send_signal(signal.SIGINT)
                self.rec.wait(timeout=120)
                log.close()
                shutil.copy(mx.console_path, os.path.join(self.out, "console.log"))
            if self.rec.returncode != 0:
                sys.exit("demo: mxtrace record failed:\n" + self.rec_log()[-2000:])
        # Which snapshot each request became, and its moment as the note.
        con = sqlite3.connect(self.db)
        for i, sn in enumerate(self.snaps, 1):
            row = con.execute("SELECT snap_id FROM snapshots WHERE note = ?", ("on request %d (SIGUSR1)" % i,)).fetchone()
            if not row:
                sys.exit("demo: snapshot %d is not in the database" % i)
            sn[1] = row[0]
            con.execute("UPDATE snapshots SET note = ? WHERE snap_id = ?", ("demo: %s: %s" % (sn[0], sn[2]), row[0]))
        con.commit()
        con.close()

    def scenarios(self, mx):
        self.say("storm: fsstorm and forkstorm")
        start = len(mx.console())
        mx.type("fsstorm -p 4 -s 5 & forkstorm -p 3 -s 5 &\n")
        time.sleep(2.5)
        self.snapshot(mx, "storm", "fsstorm and forkstorm running: a busy, healthy system")
        self.whys["storm"] = ["fsstorm", "forkstorm"]
        deadline = time.time() + 60
        while not ("fsstorm: " in mx.console()[start:] and "forkstorm: " in mx.console()[start:]):
            if time.time() > deadline:
                sys.exit("demo: the storms did not finish")
            time.sleep(0.1)
        self.say("memhog: brk and mmap until ENOMEM")
        self.shell(mx, "memhog", r"^memhog: freed")
        self.say("hangs: hang recv, cycle, noreply, traced")
        self.hangs_start_ns = time.monotonic_ns()       # the clock of snapshots.host_ns
        self.shell(mx, "hang recv", r"^hang: rcv-a")
        self.shell(mx, "hang cycle", r"^hang: cyc-a")
        self.shell(mx, "hang noreply", r"^hang: cat")
        self.shell(mx, "hang traced", r"^hang: sleep")
        time.sleep(1)
        self.snapshot(mx, "hangs", "two deadlocks (rcv-a/rcv-b, cyc-a/b/c), a lost driver request, a stopped tracee")
        self.whys["hangs"] = ["rcv-a", "cyc-a", "cat", "sleep", "sh"]
        self.say("crash: hang crash")
        self.shell(mx, "hang crash", r"^hang: the stall driver crashed")
        time.sleep(1)
        self.snapshot(mx, "crash", "the stall driver crashed and RS restarted it; cat got EIO")
        self.whys["crash"] = ["stall", "cyc-a"]
        self.say("vfs: hang vfs")
        m = self.shell(mx, "hang vfs", r"^hang: VFS threads .* hang \(pid (\d+)\) waits in stat")
        time.sleep(1)
        self.snapshot(mx, "vfs", "VFS's threads dl-A and dl-B in a lock-order deadlock; a stat waits behind it")
        self.vfs_victim_pid = int(m.group(1))

    def tool(self, path, argv, stdout=True):
        r = subprocess.run(argv, capture_output=True, text=True, timeout=600)
        if stdout:
            with open(path, "w") as f:
                f.write(r.stdout + (r.stderr if r.returncode else ""))
        if r.returncode != 0:
            print("demo: warning: %s: %s" % (" ".join(os.path.basename(a) for a in argv[:3]),
                                             (r.stderr or r.stdout).strip()[-300:]))
        return r

    def one_process(self, snap, name):
        """A name several processes share (the storms' workers) becomes the endpoint of the first by pid."""
        con = sqlite3.connect(self.db)
        rows = con.execute("SELECT endpoint, pid FROM processes WHERE snap_id = ? AND name = ? "
                           "ORDER BY pid IS NULL, pid",
                           (snap, name)).fetchall()
        con.close()
        if len(rows) < 2:
            return name, ""
        ep, pid = rows[0]
        return ("pid:%d" % pid if pid is not None else str(ep)), "      # the first of %d %s processes" % (len(rows), name)

    def artifacts(self):
        self.whys["vfs"] = ["pid:%d" % self.vfs_victim_pid]      # as hang's hint says
        for moment, snap, _what in self.snaps:
            d = os.path.join(self.out, moment)
            os.makedirs(d, exist_ok=True)
            s = ["--db", self.db, "--snap", str(snap)]
            for kind in ("deadlock", "ipc", "locks"):
                self.tool(None, [self.bin("mxviz"), "-q", *s, kind, "-o", os.path.join(d, kind + ".svg")],
                          stdout=False)
            self.tool(os.path.join(d, "dumps.txt"), [self.bin("mxdump"), *s, "all"])
            self.tool(os.path.join(d, "deadlocks.txt"), [self.bin("mxdump"), *s, "deadlocks"])
            with open(os.path.join(d, "why.txt"), "w") as f:
                for who in self.whys.get(moment, []):
                    who, note = self.one_process(snap, who)
                    r = subprocess.run([self.bin("mxdump"), *s, "why", who], capture_output=True, text=True)
                    f.write("$ mxdump why %s%s\n%s%s\n" % (who, note, r.stdout, r.stderr))
            self.tool(os.path.join(d, "mxtop.txt"), [self.bin("mxtop"), "--db", self.db, "--once", "--ascii",
                                                     "--at=#%d" % snap])
            if moment == "storm":               # the memory map of fsstorm's first process (its workers are copies)
                con = sqlite3.connect(self.db)
                row = con.execute("SELECT endpoint FROM processes WHERE snap_id = ? AND name = 'fsstorm' "
                                  "ORDER BY pid LIMIT 1", (snap,)).fetchone()
                con.close()
                if row:
                    self.tool(None, [self.bin("mxviz"), "-q", *s, "vm", str(row[0]), "-o",
                                     os.path.join(d, "vm-fsstorm.svg")], stdout=False)
        # Perfetto traces of two windows (the whole run would be hundreds of MB):
        # half a second of the storm, and everything from the first hang on.
        con = sqlite3.connect(self.db)
        hz, t0 = con.execute("SELECT b.tsc_hz, min(e.tsc) FROM boots b, events e").fetchone()
        at = {m: con.execute("SELECT tsc FROM snapshots WHERE snap_id = ?", (sn,)).fetchone()[0]
              for m, sn, _w in self.snaps}
        # The hangs' window opens at the last sample before the first hang was typed.
        # (A sample has no TSC of its own: the time of the last record it saw.)
        boot, head = con.execute("SELECT boot_id, trace_head FROM snapshots WHERE host_ns <= ? "
                                 "ORDER BY host_ns DESC LIMIT 1", (self.hangs_start_ns,)).fetchone()
        at["hangs-start"] = con.execute("SELECT tsc FROM events WHERE id < ? ORDER BY id DESC LIMIT 1",
                                        ((boot << 40) + head,)).fetchone()[0]
        con.close()
        secs = {m: (tsc - t0) / hz for m, tsc in at.items()}
        self.windows = {"trace-storm.json": (secs["storm"] - 0.25, secs["storm"] + 0.25),
                        "trace-hangs.json": (secs["hangs-start"], None)}
        for name, (lo, hi) in self.windows.items():
            argv = [self.bin("mxtrace"), "export", "-o", os.path.join(self.out, name), "--from", "%.3f" % lo]
            self.tool(None, argv + (["--to", "%.3f" % hi] if hi else []) + [self.db], stdout=False)

    def report(self):
        con = sqlite3.connect(self.db)
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        lost = con.execute("SELECT coalesce(sum(count), 0) FROM losses").fetchone()[0]
        con.close()
        rel = os.path.relpath(self.out)
        lines = ["", "MX demo: everything is in %s/" % rel,
                 "  run.db            the run database: %d trace records, %d lost" % (events, lost),
                 "                    mxtop --db %s/run.db            (replay; --at=#N for snapshot N)" % rel,
                 "                    mxdump --db %s/run.db --snap N why NAME" % rel,
                 "  trace-storm.json  Perfetto traces (https://ui.perfetto.dev, 'Open trace file'): half a",
                 "  trace-hangs.json  second of the storm; the hangs, the crash and the VFS deadlock",
                 "  console.log       what MX printed; mxtrace-record.log what the recorder said", ""]
        for moment, snap, what in self.snaps:
            lines.append("  %-17s snapshot %d: %s" % (moment + "/", snap, what))
        lines += ["", "  each moment's folder: deadlock.svg ipc.svg locks.svg (open in a browser), dumps.txt",
                  "  (the IS dumps), deadlocks.txt, why.txt (why-chains of its stuck processes), mxtop.txt", ""]
        text = "\n".join(lines)
        with open(os.path.join(self.out, "README.txt"), "w") as f:
            f.write(text.lstrip() + "\n")
        print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    out = os.path.abspath(a.out or os.path.join(build, "demo"))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    d = Demo(build, out)
    t0 = time.time()
    d.run_guest()
    d.say("drawing the diagrams and dumps")
    d.artifacts()
    d.say("done in %.0f s" % (time.time() - t0))
    d.report()


if __name__ == "__main__":
    main()
