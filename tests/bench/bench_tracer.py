#!/usr/bin/env python3
"""Tracer benchmarks.  Each result is one line for run_bench.py:

    BENCH figure | value | unit | target | command

  ingest     decode and insert a synthetic channel stream of 5 M records
             (mxtrace import), against the sqlite3 command-line tool
             importing the same rows from CSV, in the same run
  memory     4 MiB of guest memory through each backend (shared RAM, the
             gdbstub client, a core file) against stock GDB's
             'dump binary memory' of the same range, same guest, same run
  snapshot   guest-stopped time of a full snapshot (shared RAM + QMP) of a
             booted MX running the IPC ping-pong, median of 15
  live       records per second kept, and lost, while 'mxtrace run' drains
             the ring of a guest running the IPC ping-pong
  channel    the same trace carried by the debug channel (COM2) instead

    bench_tracer.py [BUILD-DIR | --build DIR] [--records N] [--only ingest,memory,snapshot,live,channel]

Needs the build (make) and, for memory, gdb.  Runs one QEMU at a time.
"""
import argparse
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
from mxqemu import MX  # noqa: E402

MIB4 = 4 << 20


def line(value, unit, target, command):
    """One row for run_bench.py: the figure is the text in [...] after the command."""
    m = re.match(r"(.*?)\s*\[(.*)\]\s*$", command)
    cmd, figure = (m.group(1), m.group(2)) if m else (command, command)
    print("BENCH %s | %s | %s | %s | %s" % (figure, value, unit, target, cmd or "computed from the rows above"),
          flush=True)


def timed(cmd, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    dt = time.perf_counter() - t0
    if r.returncode:
        sys.exit("bench: %s failed:\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return dt, r.stdout + r.stderr


def bench_ingest(b, tmp, n):
    synth, mxt = os.path.join(b, "bench", "mxt_synth"), os.path.join(b, "bin", "mxtrace")
    stream, csv = os.path.join(tmp, "synth.chan"), os.path.join(tmp, "synth.csv")
    subprocess.run([synth, "-n", str(n), "-o", stream, "--csv", csv], check=True)
    db, ref = os.path.join(tmp, "ingest.db"), os.path.join(tmp, "cli.db")
    dt, _ = timed([mxt, "import", "-q", "-o", db, stream])
    con = sqlite3.connect(db)
    got = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    if got != n:
        sys.exit("bench: mxtrace import stored %d of %d records" % (got, n))
    with open(os.path.join(ROOT, "tracer", "schema.sql")) as f:
        schema = f.read()
    con = sqlite3.connect(ref)
    con.executescript("PRAGMA journal_mode = WAL;" + schema)
    con.close()
    dt_cli, _ = timed(["sqlite3", ref, ".import --csv %s events" % csv])
    rate, rate_cli = n / dt, n / dt_cli
    line("%.0f" % rate, "records/s", ">= 1000000",
         "mxtrace import -q -o DB synth.chan  [ingest: decode and insert %d synthetic records with aggregates, %.2f s]" % (n, dt))
    line("%.0f" % rate_cli, "records/s", "reference",
         "sqlite3 DB '.import --csv synth.csv events'  [the same rows through the sqlite3 CLI, %.2f s]" % dt_cli)
    line("%.2f" % (rate / rate_cli), "ratio", ">= 2", "[ingest rate / sqlite3 CLI rate, same run]")


def gdb_dump(port, out):
    """Stock GDB reading 4 MiB (kernel virtual = physical + 0xC0000000), timed inside GDB."""
    script = ("python import time; gdb.t0 = time.perf_counter()\n"
              "dump binary memory %s 0xc0100000 0xc0500000\n"
              "python print('GDB-SECONDS %%.6f' %% (time.perf_counter() - gdb.t0))\n" % out)
    path = out + ".gdb"
    with open(path, "w") as f:
        f.write(script)
    _, text = timed(["gdb", "-nx", "-batch", "-ex", "set architecture i386", "-ex",
                     "target remote 127.0.0.1:%d" % port, "-x", path, "-ex", "detach"], timeout=300)
    return float(re.search(r"GDB-SECONDS ([0-9.]+)", text).group(1))


def qmp(path, *cmds):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    f = s.makefile("rwb")
    f.readline()
    for c in ("qmp_capabilities",) + cmds:
        f.write(c.encode() + b"\n" if c.startswith("{") else b'{"execute": "%s"}\n' % c.encode())
        f.flush()
        while b'"return"' not in (r := f.readline()):
            if b'"error"' in r:
                sys.exit("bench: QMP: %r" % r)
    s.close()


def bench_memory(b, tmp):
    rb = os.path.join(b, "bench", "mxt_readbench")
    with MX(build=b, modules=["echod", "ping"], shm=True, gdb=True, qmp=True) as mx:
        mx.wait_for(r"ping: 20000 round trips", timeout=60)
        gdb_s = min(gdb_dump(mx.gdb_port, os.path.join(tmp, "gdb.bin")) for _ in range(3))
        core = os.path.join(tmp, "core.elf")
        qmp(mx.qmp_path, "stop", '{"execute": "dump-guest-memory", "arguments": {"paging": false, "protocol": "file:%s"}}' % core)
        rates = {}
        for name, args in (("shm", ["--shm", mx.shm_path]), ("gdb", ["--gdb", "127.0.0.1:%d" % mx.gdb_port]),
                           ("core", ["--core", core])):
            _, out = timed([rb] + args + ["--addr", "0x100000", "--len", str(MIB4), "--repeat", "3",
                                          "--out", os.path.join(tmp, name + ".bin")], timeout=300)
            rates[name] = MIB4 / float(re.search(r"bytes ([0-9.]+) s", out).group(1))
        qmp(mx.qmp_path, "cont")
    text = {k: open(os.path.join(tmp, k + ".bin"), "rb").read(0xd000) for k in ("shm", "gdb", "core")}
    gtext = open(os.path.join(tmp, "gdb.bin"), "rb").read(0xd000)
    if any(v != gtext for v in text.values()):
        sys.exit("bench: the backends read different kernel text")
    gdb_rate = MIB4 / gdb_s
    line("%.1f" % (gdb_rate / 1e6), "MB/s", "reference",
         "gdb -batch -ex 'target remote :PORT' -ex 'dump binary memory F 0xc0100000 0xc0500000'  [stock GDB, 4 MiB]")
    for name, target in (("gdb", ">= %.1f (2x GDB)" % (2 * gdb_rate / 1e6)), ("shm", ">= %.0f (100x GDB)" % (100 * gdb_rate / 1e6)),
                         ("core", "-")):
        line("%.1f" % (rates[name] / 1e6), "MB/s", target,
             "mxt_readbench --%s ... --addr 0x100000 --len 4M  [libmxt %s backend, 4 MiB: %.1fx GDB]"
             % (name, name, rates[name] / gdb_rate))


def bench_snapshot(b, tmp, tries=15):
    mxt, kernel = os.path.join(b, "bin", "mxtrace"), os.path.join(b, "os", "kernel.elf")
    db = os.path.join(tmp, "snap.db")
    stops = []
    with MX(build=b, modules=["echod", "ping"], shm=True, qmp=True) as mx:
        mx.wait_for(r"ping: 20000 round trips", timeout=60)
        for _ in range(tries):
            _, out = timed([mxt, "snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "-k", kernel])
            stops.append(float(re.search(r"guest stopped ([0-9.]+) ms", out).group(1)))
    line("%.2f" % statistics.median(stops), "ms", "< 10",
         "mxtrace snapshot -o DB --shm RAM --qmp SOCK -k kernel.elf  [guest stopped for a full snapshot: median of %d, "
         "min %.2f, max %.2f]" % (tries, min(stops), max(stops)))


def peak_rate(con):
    """The highest records/s between two successive sample snapshots (host time)."""
    rows = con.execute("SELECT host_ns, trace_head FROM snapshots WHERE kind = 'sample' ORDER BY snap_id").fetchall()
    return max([(h2 - h1) / ((t2 - t1) / 1e9) for (t1, h1), (t2, h2) in zip(rows, rows[1:]) if t2 > t1] or [0])


def bench_live(b, tmp):
    mxt = os.path.join(b, "bin", "mxtrace")
    runs = (("IPC benchmark (ipcbench 300000)", "ipcbench 300000", "", 30),
            ("ping-pong, default kinds", "echod,ping", "", 10),
            ("ping-pong, every kind incl. context switches", "echod,ping", "tracekinds=fffffffe", 10))
    for i, (label, mods, append, seconds) in enumerate(runs):
        db = os.path.join(tmp, "live%d.db" % i)
        cmd = [mxt, "run", "-o", db, "-k", os.path.join(b, "os", "kernel.elf"), "-m", mods, "--console", os.devnull,
               "--no-progress", "-q", "-t", str(seconds), "--sample-ms", "500"] + (["-a", append] if append else [])
        timed(cmd, timeout=seconds + 120)
        con = sqlite3.connect(db)
        ev = con.execute("SELECT count(*) FROM events").fetchone()[0]
        lost = con.execute("SELECT coalesce(sum(count), 0) FROM losses").fetchone()[0]
        peak = peak_rate(con)
        con.close()
        line("%.0f" % peak, "records/s", "kept with 0 lost (lost: %d)" % lost,
             "mxtrace run -m '%s'%s -t %d  [live drain, %s: peak rate between samples; %d records kept, "
             "%.0f/s on average]" % (mods, " -a " + append if append else "", seconds, label, ev, ev / seconds))


def channel_run(b, tmp, ping_args, seconds):
    """Record the trace over the debug channel alone while ping runs: (records, lost, bytes)."""
    mxt = os.path.join(b, "bin", "mxtrace")
    db = os.path.join(tmp, "chan-%s.db" % ping_args.replace(" ", "-"))
    with MX(build=b, modules=["echod", "ping " + ping_args], chan=True) as mx:
        mx.wait_for(r"ping: talking", timeout=30)
        timed([mxt, "record", "-o", db, "--chan", mx.chan_path, "-t", str(seconds), "--no-progress", "-q"],
              timeout=seconds + 60)
    con = sqlite3.connect(db)
    ev = con.execute("SELECT count(*) FROM events").fetchone()[0]
    lost = con.execute("SELECT coalesce(sum(count), 0) FROM losses").fetchone()[0]
    nbytes = con.execute("SELECT bytes FROM chan_stats").fetchone()[0]
    con.close()
    return ev, lost, nbytes


def bench_channel(b, tmp, seconds=6):
    """The debug channel (COM2) carrying the trace: what a serial line can do.
    First with ping paced to 50 round trips a clock tick (the most the
    channel carried without loss in trials: about 14,000 records/s), then
    unpaced, where whatever the line cannot carry is counted lost (with this
    QEMU, little or nothing: the guest's UART writes slow ping down to the
    line's rate)."""
    ev, lost, nbytes = channel_run(b, tmp, "0 100000 50", seconds)
    line("%.0f" % (ev / seconds), "records/s", "0 lost",
         "mxtrace record --chan SOCK -t %d  [the trace over the debug channel COM2, ping paced to 50 round trips "
         "a tick: %.0f KB/s, %d records lost]" % (seconds, nbytes / seconds / 1e3, lost))
    ev, lost, nbytes = channel_run(b, tmp, "0 100000", seconds)
    line("%.0f" % (ev / seconds), "records/s", "measured (shared RAM is the bulk path)",
         "mxtrace record --chan SOCK -t %d  [the same, ping unpaced: %.0f KB/s; %d records counted lost]"
         % (seconds, nbytes / seconds / 1e3, lost))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build_dir", nargs="?", help="the build directory (as run_bench.py passes it)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--records", type=int, default=5000000)
    ap.add_argument("--only", default="ingest,memory,snapshot,live,channel")
    a = ap.parse_args()
    b = os.path.abspath(a.build_dir or a.build)
    tmp = tempfile.mkdtemp(prefix="mxt-bench.")
    os.chdir(ROOT)
    try:
        only = a.only.split(",")
        if "ingest" in only:
            bench_ingest(b, tmp, a.records)
        if "memory" in only:
            bench_memory(b, tmp)
        if "snapshot" in only:
            bench_snapshot(b, tmp)
        if "live" in only:
            bench_live(b, tmp)
        if "channel" in only:
            bench_channel(b, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
