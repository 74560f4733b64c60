#!/usr/bin/env python3
"""A prepared MX run database for mxtop's screen test.

One boot, five snapshots one guest second apart at 6..10 s (1 GHz TSC,
100 Hz clock), full ones at #1, #3 and #5.  At the last snapshot:
  hog      runs and takes about 60 % of the CPU
  ping     REPLY-WAIT on echod, 2000 messages per second to it
  sh       REPLY-WAIT on vfs for 10 s: stuck; VFS worker1 serves it
  worker1  holds vmnt 0 and waits for vnode 12, which worker2 holds while
  worker2  waits for vmnt 0: a lock deadlock inside VFS
  deada, deadb  SEND to each other: an IPC deadlock
  cat      SEND to tty for 0.1 s (blocked, not stuck)
Aggregates (ipc_agg, ipc_lat_hist, kcall_agg, proc_agg), events and a
loss record agree with the counters.

    mxtop_fixture.py OUT.db [--live]
"""
import json
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SCHEMA = os.path.join(ROOT, "tracer", "schema.sql")

HZ_TSC = 1_000_000_000
HZ = 100
BUCKET = HZ_TSC // 10
NONE = 0x40000002
ANY = 0x40000001
VFS_READ = 0x202
DEV_READ = 0x702
PM_FORK = 0x101
NOTIFY = -0x7fffefff  # MX_NOTIFY_MESSAGE, (int32_t)0x80001000
MX_TS = {"idle": 1, "running": 2, "lock-wait": 3, "ipc-wait": 4}

# name, slot, parent slot, priority, per-second (cpu share, sent, received, kcalls)
PROCS = [
    ("idle", 0, 0, 15, 0.20, 0, 0, 0),
    ("clock", 1, 1, 0, 0.01, 100, 0, 0),
    ("system", 2, 2, 0, 0.02, 0, 0, 0),
    ("hardware", 3, 3, 0, 0.0, 0, 0, 0),
    ("pm", 4, 6, 4, 0.02, 20, 20, 30),
    ("vfs", 5, 6, 4, 0.03, 10, 10, 40),
    ("rs", 6, 6, 4, 0.0, 1, 1, 1),
    ("vm", 7, 6, 4, 0.01, 5, 5, 8),
    ("ds", 8, 6, 4, 0.0, 0, 0, 0),
    ("tty", 9, 6, 3, 0.0, 1, 1, 1),
    ("memory", 10, 6, 3, 0.0, 0, 0, 0),
    ("fs", 11, 6, 4, 0.0, 0, 0, 0),
    ("is", 12, 6, 4, 0.0, 0, 0, 0),
    ("init", 13, 4, 7, 0.0, 0, 0, 0),
    ("sh", 14, 13, 7, 0.0, 0, 0, 0),
    ("cat", 15, 14, 7, 0.01, 1, 0, 0),
    ("ping", 16, 14, 7, 0.05, 2000, 2000, 0),
    ("echod", 17, 13, 7, 0.05, 2000, 2000, 0),
    ("deada", 18, 14, 7, 0.0, 0, 0, 0),
    ("deadb", 19, 14, 7, 0.0, 0, 0, 0),
    ("hog", 20, 14, 7, 0.60, 0, 0, 500),
]
NSNAP = 5
T0 = 5          # snapshot k is taken at T0 + k guest seconds


def state_at(name, t):
    """state, peer slot, blocked-since (guest seconds) of a process at time t."""
    if name == "hog":
        return "RUN", None, None
    if name == "echod":
        return "RUN", None, None
    if name == "ping":
        return "REPLY-WAIT", 17, t - 0.0001
    if name == "sh":
        return "REPLY-WAIT", 5, 0.0
    if name == "deada":
        return ("SEND", 19, 7.5) if t >= 8 else ("RUN", None, None)
    if name == "deadb":
        return ("SEND", 18, 7.6) if t >= 8 else ("RUN", None, None)
    if name == "cat":
        return "SEND", 9, t - 0.1
    if name in ("idle",):
        return "READY", None, None
    return "RECV", None, None


RTS = {"RUN": 0, "READY": 0, "SEND": 0x2, "RECV": 0x4, "REPLY-WAIT": 0x4}
MISC = {"REPLY-WAIT": 0x1}


def make(path, live=False):
    if os.path.exists(path):
        os.unlink(path)
    for ext in ("-wal", "-shm"):
        if os.path.exists(path + ext):
            os.unlink(path + ext)
    db = sqlite3.connect(path)
    db.executescript(open(SCHEMA).read())
    db.execute("PRAGMA journal_mode = WAL")
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                   [("format", "mx-run"), ("schema", "1"), ("bucket_ticks", str(BUCKET))])
    db.execute("INSERT INTO boots (boot_id, started_at, source, tsc_hz, hz, nr_slots, release, ended_at, end_reason)"
               " VALUES (1, '2024-01-01T00:00:00', 'synthetic', ?, ?, 256, 'mx-1.0', ?, ?)",
               (HZ_TSC, HZ, None if live else "2024-01-01T00:00:11", None if live else "shutdown"))
    boot = 1
    events_per_s = 4000
    for k in range(1, NSNAP + 1):
        t = float(T0 + k)
        tsc = int(t * HZ_TSC)
        full = k % 2 == 1
        head = int(events_per_s * t)
        db.execute("INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (k, boot, "full" if full else "sample", "2024-01-01T00:00:%02d" % (T0 + k), k * 1_000_000_000,
                    tsc, int(t * HZ), head, 800 if full else None, "synthetic", None))
        db.execute("INSERT INTO trace_status VALUES (?, 1, 4194303, 65536, ?, 0, 5, 0, NULL)", (k, head))
        for (name, slot, parent, prio, cpu, sent, recv, kc) in PROCS:
            state, peer, since = state_at(name, t)
            rts = RTS.get(state, 0)
            misc = MISC.get(state, 0) | (0x40 if slot < 13 else 0)
            user = int(cpu * t * HZ * (0.2 if slot < 13 else 0.9))
            sys_ = int(cpu * t * HZ) - user
            db.execute("INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags,"
                       " misc, blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent,"
                       " received, notifies, kcalls, priv_id, parent, pid) VALUES"
                       " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (k, slot, slot, name, state, peer, rts, "", misc, "",
                        int(since * HZ_TSC) if since is not None else None,
                        VFS_READ if state == "SEND" else None, prio, 10, user, sys_, int(cpu * tsc),
                        int(sent * t), int(recv * t), int(100 * t) if name == "clock" else 0, int(kc * t),
                        slot if slot < 13 else 0, parent, slot + 100 if slot >= 13 else None))
        if full:
            add_vfs_tables(db, k, tsc)
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'kinfo'").fetchone():
            # 64 MiB of 4 KiB frames, a quarter in use.
            db.execute("INSERT INTO kinfo (snap_id, uptime_ticks, mem_total_frames, mem_free_frames)"
                       " VALUES (?, ?, 16384, 12288)", (k, int(t * HZ)))
    # Aggregates over the whole run: 10 buckets a second.
    nbuckets = (T0 + NSNAP) * 10
    paths = [(16, 17, DEV_READ, 200, 3000), (17, 16, 0, 200, 0), (14, 5, VFS_READ, 1, 50000),
             (1, 4, NOTIFY, 10, 0), (4, 7, PM_FORK, 2, 8000)]
    for b in range(nbuckets):
        for (s, d, ty, n, lat) in paths:
            db.execute("INSERT INTO ipc_agg VALUES (?,?,?,?,?,?,?,?,?)",
                       (boot, b, s, d, ty, n, n if lat else 0, n * lat if lat else 0, lat * 4 if lat else 0))
        db.execute("INSERT INTO kcall_agg VALUES (?,?,?,?,?,?,?,?)", (boot, b, 20, 25, 50, 0, 50 * 2000, 9000))
        db.execute("INSERT INTO kcall_agg VALUES (?,?,?,?,?,?,?,?)", (boot, b, 4, 12, 3, 1, 3 * 5000, 7000))
        for (name, slot, parent, prio, cpu, sent, recv, kc) in PROCS:
            if sent or recv or kc or cpu:
                db.execute("INSERT INTO proc_agg VALUES (?,?,?,?,?,?,?)",
                           (boot, b, slot, int(cpu * BUCKET), sent // 10, recv // 10, kc // 10))
    # Latency histograms: per bucket 1 % of a path's messages (at least one, every tenth bucket) four times
    # slower, kept per period of 10 buckets; the whole run's histogram is their sum.
    for (s, d, ty, n, lat) in paths:
        if lat:
            period, whole = {}, {}
            for b in range(nbuckets):
                slow = n // 100 or (1 if b % 10 == 0 else 0)
                for bn, c in ((lat.bit_length() - 1, n - slow), ((lat * 4).bit_length() - 1, slow)):
                    if c:
                        period[(b // 10, bn)] = period.get((b // 10, bn), 0) + c
                        whole[bn] = whole.get(bn, 0) + c
            for (p, bn), c in period.items():
                db.execute("INSERT INTO ipc_lat_hist_period VALUES (?,?,?,?,?,?,?)", (boot, s, d, ty, p, bn, c))
            for bn, c in whole.items():
                db.execute("INSERT INTO ipc_lat_hist VALUES (?,?,?,?,?,?)", (boot, s, d, ty, bn, c))
    # Events: ping <-> echod round trips, sh's read, and cat's write; id = boot << 40 | seq.
    seq = 0
    rows = []
    last_head = int(events_per_s * (T0 + NSNAP))
    while seq < last_head:
        tsc = seq * HZ_TSC // events_per_s
        i = seq % 4
        if i == 0:
            rows.append((seq, tsc, 1, 0x08, 16, 17, DEV_READ, 0))
        elif i == 1:
            rows.append((seq, tsc, 3, 0x01, 16, 17, DEV_READ, 3000))
        elif i == 2:
            rows.append((seq, tsc, 1, 0x20, 17, 16, 0, 0))
        else:
            rows.append((seq, tsc, 9, 0, 16, 17, 0, 0))
        seq += 1
    db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)",
                   [((boot << 40) | r[0],) + r[1:] for r in rows])
    db.execute("INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?)",
               ((boot << 40) | 10, int(10 * HZ_TSC / events_per_s), 2, 0x08, 14, 5, VFS_READ, 0))
    db.execute("INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?)",
               ((boot << 40) | 14, int(14 * HZ_TSC / events_per_s), 7, 0, 14, 99, 3, 0xfffffffd))
    db.execute("INSERT INTO losses VALUES (1, ?, 100, 5, 'overwritten', '2024-01-01T00:00:01')", (boot,))
    db.commit()
    db.close()


def add_vfs_tables(db, snap, tsc):
    threads = [
        {"tid": 0, "name": "worker0", "state": MX_TS["idle"], "client": NONE, "req": 0, "lock_wait": -1,
         "lock_mode": 0, "ipc_wait": NONE, "since": 0.5},
        {"tid": 1, "name": "worker1", "state": MX_TS["lock-wait"], "client": 14, "req": VFS_READ, "lock_wait": 1,
         "lock_mode": 3, "ipc_wait": NONE, "since": 0.2},
        {"tid": 2, "name": "worker2", "state": MX_TS["lock-wait"], "client": 15, "req": VFS_READ, "lock_wait": 0,
         "lock_mode": 1, "ipc_wait": NONE, "since": 0.3},
    ]
    locks = [
        {"id": 0, "name": "vmnt 0", "kind": 1, "obj": 0, "mode": 3, "owner": 1, "readers": 0, "holders": 1 << 1,
         "waiters": 1, "since": 0.2},
        {"id": 1, "name": "vnode 12", "kind": 2, "obj": 12, "mode": 3, "owner": 2, "readers": 0, "holders": 1 << 2,
         "waiters": 1, "since": 0.3},
    ]
    for name, rows in (("vfs.threads", threads), ("vfs.locks", locks)):
        db.execute("INSERT INTO reg_tables VALUES (?, ?, 5, 4096, ?, 64, '[]', NULL)", (snap, name, len(rows)))
        for i, r in enumerate(rows):
            d = dict(r)
            since = int(d.pop("since") * HZ_TSC)
            d["since_lo"], d["since_hi"] = since & 0xffffffff, since >> 32
            db.execute("INSERT INTO reg_rows VALUES (?, ?, ?, ?)", (snap, name, i, json.dumps(d)))


def append_snapshot(path, snap_id):
    """Add a sample snapshot one second after the last one, as mxtrace would
    while mxtop reads: ping's counters move on by 2000 messages."""
    cols = ("slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, misc, blocked_tsc, pending_type,"
            " priority, quantum, user_ticks, sys_ticks, cycles, sent, received, notifies, kcalls, priv_id, parent, pid")
    db = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        last = db.execute("SELECT max(snap_id) FROM snapshots").fetchone()[0]
        db.execute("INSERT INTO snapshots SELECT ?, boot_id, 'sample', taken_at, host_ns + 1000000000,"
                   " tsc + ?, uptime_ticks + ?, trace_head + 4000, NULL, source, NULL FROM snapshots WHERE snap_id = ?",
                   (snap_id, HZ_TSC, HZ, last))
        db.execute("INSERT INTO processes (snap_id, %s) SELECT ?, %s FROM processes WHERE snap_id = ?" % (cols, cols),
                   (snap_id, last))
        db.execute("UPDATE processes SET sent = sent + 2000, received = received + 2000"
                   " WHERE snap_id = ? AND name = 'ping'", (snap_id,))
        db.execute("COMMIT")
    finally:
        db.close()
    return T0 + snap_id


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    make(sys.argv[1], live="--live" in sys.argv)
