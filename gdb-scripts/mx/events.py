"""The trace ring's records into a run database, as mxtrace stores them.

mx-snapshot (snapshot.py) copies the records a stopped guest's ring still
holds into `events`, counts what it no longer holds in `losses`, and keeps
the incremental aggregates (`ipc_agg`, `ipc_lat_hist`,
`ipc_lat_hist_period`, `kcall_agg`, `proc_agg`) that mxtop reads instead of scanning the events.  The rules
mirror tracer/lib/drain.c (which records are kept or lost), writer.c (row
ids) and agg.c (the aggregates); tests/integration/test_gdb_scripts.py
checks the rows against `mxtrace snapshot` of the same stopped guest.
"""
from mx import constants as C
from mx.info import abi_size, abi_struct
from mx.utils import read

__all__ = ["next_seq", "write_events"]

EV_BITS = 40                    # an event's id: boot << 40 | record number
MAX_SPLIT = 10000               # agg.c: run time is split over at most this many buckets
HIST_PERIOD = 10                # writer.h: MXT_HIST_PERIOD_BUCKETS, buckets per ipc_lat_hist_period row
KIND = {v[0]: k for k, v in C.TRACE_KINDS.items()}      # "SEND" -> 1


def next_seq(db, boot):
    """The first record number not yet stored for the boot (snapshot.c's rule)."""
    lo = boot << EV_BITS
    ev = db.execute("SELECT max(id) FROM events WHERE id BETWEEN ? AND ?", (lo, lo | ((1 << EV_BITS) - 1))).fetchone()[0]
    ls = db.execute("SELECT max(first_seq + count) FROM losses WHERE boot_id = ?", (boot,)).fetchone()[0]
    nxt = ev - lo + 1 if ev is not None else 0
    return max(nxt, ls or 0)


class _Losses:
    """Runs of lost records, coalesced by cause as drain.c reports them."""

    def __init__(self):
        self.runs = []
        self.cur = None                     # [first, count, cause]

    def lose(self, n, count, cause):
        c = self.cur
        if c and (c[2] != cause or c[0] + c[1] != n):
            self.flush()
            c = None
        if c is None:
            self.cur = [n, 0, cause]
        self.cur[1] += count

    def flush(self):
        if self.cur:
            self.runs.append(tuple(self.cur))
        self.cur = None


class _Agg:
    """agg.c's aggregates of one batch, by key; written with the same upserts."""

    def __init__(self, boot, bucket_ticks):
        self.boot, self.bt = boot, max(bucket_ticks, 1)
        self.ipc, self.hist, self.histb, self.kcall, self.proc = {}, {}, {}, {}, {}
        self.cur = self.since = None

    def _proc(self, bucket, ep):
        return self.proc.setdefault((bucket, ep), [0, 0, 0, 0])

    def _message(self, r, has_lat):
        bucket = r["tsc"] // self.bt
        v = self.ipc.setdefault((bucket, r["src"], r["dst"], r["type"]), [0, 0, 0, 0])
        v[0] += 1
        if has_lat:
            v[1] += 1
            v[2] += r["arg"]
            v[3] = max(v[3], r["arg"])
            b = 0 if r["arg"] <= 1 else r["arg"].bit_length() - 1
            k = (r["src"], r["dst"], r["type"], b)
            self.hist[k] = self.hist.get(k, 0) + 1
            k = (r["src"], r["dst"], r["type"], bucket // HIST_PERIOD, b)
            self.histb[k] = self.histb.get(k, 0) + 1
        self._proc(bucket, r["src"])[1] += 1
        self._proc(bucket, r["dst"])[2] += 1

    def _run_time(self, ep, t0, t1):
        i = 0
        while t0 < t1:
            bucket = t0 // self.bt
            end = (bucket + 1) * self.bt
            if end > t1 or i == MAX_SPLIT:
                end = t1
            self._proc(bucket, ep)[0] += end - t0
            t0 = end
            i += 1

    def add(self, r):
        k = r["kind"]
        if k == KIND["SEND"]:
            self._message(r, r["flags"] & C.TF_RTT)
        elif k == KIND["RECV"]:
            self._message(r, r["type"] != C.NOTIFY_MESSAGE)
        elif k in (KIND["NOTIFY"], KIND["SENDA"]):
            if r["arg"] == 1:
                self._message(r, False)
        elif k == KIND["KCALL"]:
            bucket = r["tsc"] // self.bt
            v = self.kcall.setdefault((bucket, r["src"], r["type"]), [0, 0, 0, 0])
            v[0] += 1
            v[1] += 1 if r["flags"] & C.TF_ERR else 0
            v[2] += r["arg"]
            v[3] = max(v[3], r["arg"])
            self._proc(bucket, r["src"])[3] += 1
        elif k == KIND["SWITCH"]:
            if self.cur is not None and r["tsc"] > self.since:
                self._run_time(self.cur, self.since, r["tsc"])
            self.cur, self.since = r["dst"], r["tsc"]

    def flush(self, db):
        b = self.boot
        db.executemany(
            "INSERT INTO ipc_agg (boot_id, bucket, src, dst, type, count, lat_n, lat_sum, lat_max) "
            "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, src, dst, type) DO UPDATE SET "
            "count = count + excluded.count, lat_n = lat_n + excluded.lat_n, "
            "lat_sum = lat_sum + excluded.lat_sum, lat_max = max(lat_max, excluded.lat_max)",
            [(b,) + k + tuple(v) for k, v in self.ipc.items()])
        db.executemany(
            "INSERT INTO ipc_lat_hist (boot_id, src, dst, type, bin, count) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT (boot_id, src, dst, type, bin) DO UPDATE SET count = count + excluded.count",
            [(b,) + k + (v,) for k, v in self.hist.items()])
        db.executemany(
            "INSERT INTO ipc_lat_hist_period (boot_id, src, dst, type, period, bin, count) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT (boot_id, src, dst, type, period, bin) DO UPDATE SET count = count + excluded.count",
            [(b,) + k + (v,) for k, v in self.histb.items()])
        db.executemany(
            "INSERT INTO kcall_agg (boot_id, bucket, caller, call, count, errors, dur_sum, dur_max) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, caller, call) DO UPDATE SET "
            "count = count + excluded.count, errors = errors + excluded.errors, "
            "dur_sum = dur_sum + excluded.dur_sum, dur_max = max(dur_max, excluded.dur_max)",
            [(b,) + k + tuple(v) for k, v in self.kcall.items()])
        db.executemany(
            "INSERT INTO proc_agg (boot_id, bucket, ep, run_ticks, sent, received, kcalls) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, ep) DO UPDATE SET "
            "run_ticks = run_ticks + excluded.run_ticks, sent = sent + excluded.sent, "
            "received = received + excluded.received, kcalls = kcalls + excluded.kcalls",
            [(b,) + k + tuple(v) for k, v in self.proc.items()])


def write_events(db, boot, mi, ring, bucket_ticks, noticed_at):
    """Store the records of the (stopped) guest's ring not yet stored for the
    boot; returns (kept, lost)."""
    head, nrecs = ring["head"], ring["nrecs"]
    nxt = next_seq(db, boot)
    if not nrecs or nrecs & (nrecs - 1) or head <= nxt:
        return 0, 0
    losses = _Losses()
    if head - nxt > nrecs:
        losses.lose(nxt, head - nrecs - nxt, "overwritten")
        nxt = head - nrecs
    st, fields = abi_struct("mx_trace_rec")
    raw = read(mi.ring_addr + abi_size("mx_trace_ring"), nrecs * st.size)
    mask, agg, rows = nrecs - 1, _Agg(boot, bucket_ticks), []
    for num in range(nxt, head):
        r = dict(zip(fields, st.unpack_from(raw, (num & mask) * st.size)))
        if r["seq"] != num & 0xffffffff:
            losses.lose(num, 1, "overwritten")
            continue
        losses.flush()
        rows.append((boot << EV_BITS | (num & ((1 << EV_BITS) - 1)), r["tsc"], r["kind"], r["flags"], r["src"],
                     r["dst"], r["type"], r["arg"]))
        agg.add(r)
    losses.flush()
    db.executemany("INSERT INTO events (id, tsc, kind, flags, src, dst, type, arg) VALUES (?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO losses (boot_id, first_seq, count, cause, noticed_at) VALUES (?,?,?,?,?)",
                   [(boot, f, c, cause, noticed_at) for f, c, cause in losses.runs])
    agg.flush(db)
    return len(rows), sum(c for _f, c, _cause in losses.runs)
