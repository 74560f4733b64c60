#!/usr/bin/env python3
"""mxtrace run: it starts QEMU itself, drains the trace ring live from
shared RAM, stores the debug channel and samples, and stops cleanly at the
end of --duration and on Ctrl-C.  The database must hold every record the
guest's ring counter says it wrote (or count it lost), and agree with the
round trips ping reports; the saved channel stream and the Perfetto export
must be usable."""
import json
import os
import re
import signal
import subprocess
import time

from tracer_fixture import KERNEL, MXTRACE, check, fail, mxtrace, q, q1, scratch

ROUNDS = 30000


def accounted(db):
    """Records stored + lost, and the ring head of the last snapshot."""
    head = q1(db, "SELECT head FROM trace_status WHERE snap_id = (SELECT max(snap_id) FROM snapshots)")
    n = q1(db, "SELECT count(*) FROM events") + (q1(db, "SELECT sum(count) FROM losses") or 0)
    return n, head


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def main():
    tmp = scratch()
    db, con, chan = (os.path.join(tmp, n) for n in ("run.db", "console.log", "chan.bin"))

    # 1. A run with a finite workload and a duration.
    _, err = mxtrace("run", "-o", db, "-k", KERNEL, "-m", "echod,ping %d 10000" % ROUNDS, "--console", con,
                     "--save-channel", chan, "-t", "6", "--sample-ms", "200", timeout=90)
    check(re.search(r"mxtrace run: [0-9.]+ s +\d+ events", err) is not None, "a progress line on stderr")
    check("ping: %d round trips" % ROUNDS in open(con).read(), "the console went to the file")
    check(q(db, "SELECT source, end_reason FROM boots") == [("shm", "detached")], "one boot, ended by --duration")
    n, head = accounted(db)
    check(n == head, "every one of the %d records the guest wrote is stored or counted lost" % head)
    lost = q1(db, "SELECT coalesce(sum(count), 0) FROM losses")
    check(lost == 0, "nothing lost draining live (%d records)" % head)
    ping_ep = q1(db, "SELECT endpoint FROM boot_modules WHERE name = 'ping'")
    echod_ep = q1(db, "SELECT endpoint FROM boot_modules WHERE name = 'echod'")
    check(q1(db, "SELECT count FROM hot_ipc WHERE src = ? AND dst = ?", ping_ep, echod_ep) == ROUNDS,
          "hot_ipc counts the %d round trips ping printed" % ROUNDS)
    check(q1(db, "SELECT count(*) FROM ipc_latency_pct WHERE src = ? AND p99 >= p50", echod_ep) == 1, "latency percentiles")
    check(q1(db, "SELECT count(*) FROM snapshots WHERE kind = 'sample'") >= 10, "sample snapshots every 200 ms")
    check(q1(db, "SELECT count(*) FROM snapshots WHERE kind = 'full' AND stopped_us IS NOT NULL") == 1,
          "a final full snapshot with the guest stopped")
    check(q1(db, "SELECT count(*) FROM log WHERE source = 'channel' AND text LIKE 'ping: %d round trips%%'" % ROUNDS) == 1,
          "the debug channel's log lines are stored")
    check(q1(db, "SELECT corrupt FROM chan_stats") == 0, "no corrupt channel frame")

    # The saved channel stream imports into a database of its own.
    cdb = os.path.join(tmp, "chan.db")
    out, _ = mxtrace("import", "-o", cdb, chan)
    check(q1(cdb, "SELECT count(*) FROM boots WHERE source = 'channel'") == 1, "the channel stream's HELLO makes a boot")
    check(q1(cdb, "SELECT count(*) FROM log") == q1(db, "SELECT count(*) FROM log WHERE source = 'channel'"),
          "the same log lines from the saved stream")

    # Perfetto's JSON.
    js = os.path.join(tmp, "run.json")
    mxtrace("export", "-o", js, db)
    ev = json.load(open(js))["traceEvents"]
    names = {e["args"]["name"] for e in ev if e.get("name") == "thread_name"}
    check(any(n.startswith("echod") for n in names) and any(n.startswith("ping") for n in names),
          "the export has a track per process: %s" % sorted(names))
    check(sum(1 for e in ev if e["ph"] == "s") == sum(1 for e in ev if e["ph"] == "f") >= 2 * ROUNDS,
          "a flow arrow per message")
    check(sum(1 for e in ev if e.get("cat") == "wait" and e["ph"] == "X" and e["dur"] >= 0) >= ROUNDS,
          "waits as slices with durations")

    # 2. Ctrl-C on an endless workload: a clean stop, QEMU gone, the last batch committed.
    db2 = os.path.join(tmp, "int.db")
    p = subprocess.Popen([MXTRACE, "run", "-o", db2, "-k", KERNEL, "-m", "echod,ping", "--console", os.devnull],
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"QEMU (\d+) started", line)
    if not m:
        p.kill()
        fail("no start line: %r" % line)
    qemu = int(m.group(1))
    time.sleep(4)
    p.send_signal(signal.SIGINT)
    try:
        rest = p.communicate(timeout=30)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        fail("mxtrace did not stop within 30 s of SIGINT")
    check(p.returncode == 0, "exit status 0 after Ctrl-C (%s)" % rest.strip().splitlines()[-1])
    time.sleep(0.5)
    check(not alive(qemu), "QEMU %d is gone" % qemu)
    check(q(db2, "SELECT end_reason FROM boots") == [("interrupted",)], "the boot ended 'interrupted'")
    n, head = accounted(db2)
    check(n == head and head > 100000, "all %d records stored or counted lost after Ctrl-C" % head)
    print("lost at Ctrl-C run: %d of %d" % (q1(db2, "SELECT coalesce(sum(count), 0) FROM losses"), head))
    check(not [f for f in os.listdir("/dev/shm") if f.startswith("mxtrace.%d." % p.pid)], "the shared RAM file is removed")

    # 3. A guest that ends by itself (the kernel test suite exits QEMU): recorded to its last record.
    db3 = os.path.join(tmp, "ktest.db")
    _, err = mxtrace("run", "-o", db3, "-k", KERNEL, "-m", "ktest", "--console", con, "--no-progress", timeout=180)
    check("SUITE kernel DONE" in open(con).read(), "the guest ran its suite")
    check("the guest exited with code 0" in err, "the guest's exit is reported")
    check(q(db3, "SELECT end_reason FROM boots") == [("shutdown",)], "the boot ended 'shutdown'")
    n, head = accounted(db3)
    check(n == head, "every record up to the last one (%d) is stored or counted lost" % head)
    check(q1(db3, "SELECT note FROM snapshots WHERE kind = 'full'") == "after the guest stopped",
          "a full snapshot of the memory the guest left")
    print("PASS")


if __name__ == "__main__":
    main()
