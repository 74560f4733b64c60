"""mx-snapshot: the stopped guest's tables into a run database.

Writes the schema mxtrace writes (tracer/schema.sql, embedded at build time
as mx.schema) through Python's sqlite3, row for row as mxtrace's snapshot
(tracer/lib/snapshot.c) does: the same boot lookup (build id and the trace
ring's tsc_boot), the same columns, NULLs, letters, hex bitmaps and JSON, so
mxdump, mxtop and mxviz read a gdb-scripts snapshot like any other.  Kernel
structures are decoded through mx_info's field lists by name; registered
server tables are read through their owners' page tables.
"""
import json
import os
import sqlite3
import time

import gdb

from mx import constants as C
from mx import names
from mx.info import mxinfo, kernel_table, abi_decode, abi_size, Field
from mx.events import write_events
from mx.utils import MxError, MxCommand, read, split_opts

__all__ = ["take_snapshot", "open_db"]

SOURCE = "gdb-scripts"
MAX_ARRAY = 64 << 20


def _schema():
    try:
        from mx import schema
    except ImportError:
        raise MxError("the embedded schema (build/gdb-scripts/mx/schema.py) is missing; run `make`")
    return schema.SCHEMA_SQL, schema.SCHEMA_VERSION


def iso_now():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % (int(t * 1000) % 1000)


# ---- the database ------------------------------------------------------------------

def _has(db, name):
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _migrate(db, sql):
    """Add the tables, views and columns this build's schema has and the file
    lacks (as mxt_db_migrate)."""
    ref = sqlite3.connect(":memory:")
    ref.executescript(sql)
    for (t,) in ref.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if not _has(db, t):
            continue
        have = {r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))}
        for r in ref.execute("SELECT * FROM pragma_table_info(?)", (t,)):
            if r[1] not in have:
                db.execute('ALTER TABLE "%s" ADD COLUMN "%s" %s' % (t.replace('"', '""'), r[1].replace('"', '""'),
                                                                     r[2] or ""))
    ref.close()
    db.executescript(sql)


def open_db(path):
    """Open (creating it if needed) a run database; errors are one line."""
    sql, version = _schema()
    exists = os.path.exists(path)
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=2.0)
    except sqlite3.Error as e:
        raise MxError("%s: cannot open: %s" % (path, e))
    try:
        v = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        db.close()
        raise MxError("%s: not an SQLite database (%s)" % (path, e))
    try:
        if not _has(db, "boots"):
            if exists and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                db.close()
                raise MxError("%s: not an MX run database (no 'boots' table)" % path)
            db.execute("PRAGMA journal_mode = WAL")
            db.executescript(sql)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', 'mx-run'), ('schema', ?)", (str(version),))
            return db
        if v != version:
            db.close()
            raise MxError("%s: schema version %d, these scripts write version %d" % (path, v, version))
        db.execute("PRAGMA journal_mode = WAL")
        _migrate(db, sql)
        return db
    except sqlite3.Error as e:
        db.close()
        raise MxError("%s: %s" % (path, e))


# ---- decoding as tracer/lib/info.c does ----------------------------------------------

def field_valid(f, elem_size):
    count = f.count or 1
    if f.kind < C.FK_U8 or f.kind > C.FK_FLAGS or f.size == 0:
        return False
    return f.offset + f.size * count <= elem_size


def field_u(f, buf, base, idx=0):
    o = base + f.offset + f.size * idx
    return int.from_bytes(buf[o:o + min(f.size, 8)], "little")


def field_s(f, buf, base, idx=0):
    v = field_u(f, buf, base, idx)
    n = min(f.size, 8)
    if v >> (8 * n - 1) & 1:
        v -= 1 << (8 * n)
    return v


def field_raw_str(f, buf, base, room):
    raw = buf[base + f.offset:base + f.offset + f.size]
    return raw.split(b"\0", 1)[0][:room - 1]


def field_json(f, buf, base):
    if f.kind == C.FK_STR:
        raw = field_raw_str(f, buf, base, 4096)
        return "".join("?" if b >= 0x80 or b < 0x20 else chr(b) for b in raw)
    if f.kind == C.FK_BITS:
        n = f.size * (f.count or 1)
        return bytes(buf[base + f.offset:base + f.offset + n]).hex()

    def scalar(i):
        return field_s(f, buf, base, i) if f.kind in (C.FK_I32, C.FK_EP) else _i64(field_u(f, buf, base, i))
    if f.count > 1:
        return [scalar(i) for i in range(f.count)]
    return scalar(0)


def _i64(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def entry_json(fields, buf, base, elem_size):
    o = {}
    for f in fields:
        if not f.name or not field_valid(f, elem_size):
            continue
        o[f.name] = field_json(f, buf, base)
    return json.dumps(o, separators=(",", ":"))


def fields_json(fields):
    return json.dumps([{"name": f.name, "offset": f.offset, "size": f.size,
                        "kind": C.FIELD_KINDS.get(f.kind, ("?",))[0], "count": f.count or 1} for f in fields],
                      separators=(",", ":"))


def _field(layout, name):
    f = layout.by_name.get(name)
    return f if f is not None and field_valid(f, layout.size) else None


def _sanitize_name(raw):
    return "".join("?" if b < 32 or b >= 127 else chr(b) for b in raw)


# ---- reading the guest (as mxt_image_read) ---------------------------------------------

class Image:
    """Everything a full snapshot needs, copied from the stopped guest."""

    def __init__(self):
        mi = self.mi = mxinfo()
        self.host_ns = time.monotonic_ns()
        self.note = []
        self.proc_addr, self.proc_count, self.proc_size, self.proc_l, self.proc = kernel_table("proc")
        self.kinfo_l = self.kinfo = None
        if "kinfo" in mi.structs:
            _a, _c, _s, self.kinfo_l, self.kinfo = kernel_table("kinfo")
        self.ring = abi_decode("mx_trace_ring", read(mi.ring_addr, abi_size("mx_trace_ring")))
        self.ring_ok = self.ring["magic"] == C.TRACE_MAGIC
        self.uptime = int.from_bytes(read(mi.uptime_addr, 8), "little")
        self.cur_proc = int.from_bytes(read(mi.cur_proc_addr, 4), "little")
        self.priv_l = self.priv = self.irq_l = self.irq = None
        if "priv" in mi.structs:
            self.priv_addr, self.priv_count, self.priv_size, self.priv_l, self.priv = kernel_table("priv")
        if "irqhook" in mi.structs:
            _a, self.irq_count, self.irq_size, self.irq_l, self.irq = kernel_table("irqhook")
        self.pairs = None
        if mi.pairs_addr:
            n = mi.nr_slots
            raw = read(mi.pairs_addr, n * n * 4)
            self.pairs = memoryview(raw).cast("I")
        self.last_tsc = None
        if self.ring_ok and mi.ring_bytes >= abi_size("mx_trace_ring") and self.ring["head"] > 0 and self.ring["nrecs"]:
            rs = abi_size("mx_trace_rec")
            idx = (self.ring["head"] - 1) & (self.ring["nrecs"] - 1)
            rec = abi_decode("mx_trace_rec", read(mi.ring_addr + abi_size("mx_trace_ring") + idx * rs, rs))
            self.last_tsc = rec["tsc"]
        elif not self.ring_ok:
            self.note.append("no trace ring (bad magic)")
        self.klog = abi_decode("mx_klog", read(mi.log_addr, abi_size("mx_klog"))) if mi.log_addr else None
        self.boot = abi_decode("mx_bootinfo", read(mi.boot_addr, abi_size("mx_bootinfo"))) if mi.boot_addr else None
        self.boot_raw_cmdline = (read(mi.boot_addr, 256).split(b"\0", 1)[0] if mi.boot_addr else None)
        self.reg = self._registry() if mi.registry_addr else []

    def _registry(self):
        mi = self.mi
        raw = read(mi.registry_addr, abi_size("mx_registry"))
        ent_off, ent_size, ent_count, _s, _k = C.LAYOUTS["mx_registry"]["fields"]["ent"]
        out = []
        for i in range(ent_count):
            e = abi_decode("mx_registry_ent", raw, ent_off + i * ent_size)
            if e["owner"] == C.NONE:
                continue
            d = e["desc"]
            nf = min(d["nfields"], C.TABLE_MAXFIELDS)
            name_off = ent_off + i * ent_size + C.LAYOUTS["mx_registry_ent"]["fields"]["desc"][0]
            name = _raw_cstr(raw[name_off:name_off + 15])
            fields = []
            foff = name_off + C.LAYOUTS["mx_table_desc"]["fields"]["fields"][0]
            fsize = abi_size("mx_field")
            for k in range(nf):
                fd = abi_decode("mx_field", raw, foff + k * fsize)
                fname = _raw_cstr(raw[foff + k * fsize:foff + k * fsize + 20])
                fields.append(Field(fname, fd["offset"], fd["size"], fd["kind"], fd["count"]))
            data, err = self._read_table(e["owner"], d["addr"], d["count"], d["size"])
            out.append(dict(owner=e["owner"], name=name, addr=d["addr"], count=d["count"], size=d["size"],
                            fields=fields, data=data, err=err))
        return out

    def _read_table(self, owner, addr, count, size):
        from mx.vm import read_virt
        l = self.proc_l
        f_ep, f_cr3, f_rts = l.by_name.get("p_endpoint"), l.by_name.get("p_cr3"), l.by_name.get("p_rts_flags")
        slot = names.ep_slot(owner)
        if f_ep is None or f_cr3 is None:
            return None, "mx_info exports no p_endpoint/p_cr3: cannot find the owner's address space"
        if slot >= self.proc_count:
            return None, "owner endpoint %d is not a process slot" % owner
        base = slot * self.proc_size
        ep = field_s(f_ep, self.proc, base)
        free = f_rts is not None and field_u(f_rts, self.proc, base) & C.RTS_SLOT_FREE
        if free or ep != owner:
            return None, "owner endpoint %d is gone (slot %d %s)" % (owner, slot, "is free" if free else "was reused")
        n = count * size
        if size == 0 or n > MAX_ARRAY:
            return None, "implausible table size %d x %d" % (count, size)
        try:
            return read_virt(field_u(f_cr3, self.proc, base), addr, n), None
        except MxError as e:
            return None, str(e)[4:] if str(e).startswith("mx: ") else str(e)

    def slot_ep(self, slot):
        l = self.proc_l
        f_ep, f_rts = _field(l, "p_endpoint"), _field(l, "p_rts_flags")
        if slot < 0 or slot >= self.proc_count or f_ep is None:
            return C.NONE
        base = slot * self.proc_size
        if f_rts is not None and field_u(f_rts, self.proc, base) & C.RTS_SLOT_FREE:
            return C.NONE
        return field_s(f_ep, self.proc, base)


def _raw_cstr(b):
    return b.split(b"\0", 1)[0].decode("latin-1")


# ---- writing (as mxt_snapshot_write) -----------------------------------------------------

def _ep_or_null(v, any_null):
    return None if v == C.NONE or (any_null and v == C.ANY) else v


def write_procs(db, snap, img):
    l = img.proc_l
    f = {n: _field(l, n) for n in ("p_endpoint", "p_name", "p_rts_flags", "p_misc_flags", "p_sendto", "p_getfrom",
                                   "p_block_tsc", "p_sendmsg_type", "p_priority", "p_quantum", "p_user_ticks",
                                   "p_sys_ticks", "p_cycles", "p_sent", "p_recvd", "p_notifies", "p_kcalls",
                                   "p_priv", "p_parent", "p_tracer", "eip", "esp", "p_cr3")}
    if f["p_endpoint"] is None or f["p_rts_flags"] is None:
        raise MxError("mx_info: proc exports no p_endpoint or p_rts_flags")
    buf = img.proc

    def u(name, base):
        return field_u(f[name], buf, base) if f[name] is not None else None

    def s(name, base):
        return field_s(f[name], buf, base) if f[name] is not None else None

    def ep(name, base, any_null):
        v = field_s(f[name], buf, base) if f[name] is not None else C.NONE
        return _ep_or_null(v, any_null)
    cur_slot = ((img.cur_proc - img.proc_addr) // img.proc_size
                if img.cur_proc >= img.proc_addr and img.proc_size else None)
    rows = []
    for slot in range(img.proc_count):
        b = slot * img.proc_size
        r = field_u(f["p_rts_flags"], buf, b)
        m = u("p_misc_flags", b) or 0
        if r & C.RTS_SLOT_FREE:
            continue
        nm = _sanitize_name(field_raw_str(f["p_name"], buf, b, 64)) if f["p_name"] is not None else ""
        state = names.proc_state(r, m)
        blocked = state in ("SEND", "RECV", "REPLY-WAIT")
        if state == "SEND":
            peer = ep("p_sendto", b, False)
        elif state in ("RECV", "REPLY-WAIT"):
            peer = ep("p_getfrom", b, True)
        else:
            peer = None
        pp = u("p_priv", b) or 0
        priv_id = None
        if img.priv_l is not None and pp and img.priv_size and img.priv_addr <= pp < img.priv_addr + img.priv_count * img.priv_size:
            priv_id = (pp - img.priv_addr) // img.priv_size
        rows.append((snap, slot, s("p_endpoint", b), nm, state, peer, r, names.rts_letters(r), m,
                     names.misc_letters(m), u("p_block_tsc", b) if blocked else None,
                     s("p_sendmsg_type", b) if state == "SEND" else None,
                     u("p_priority", b), u("p_quantum", b), u("p_user_ticks", b), u("p_sys_ticks", b),
                     u("p_cycles", b), u("p_sent", b), u("p_recvd", b), u("p_notifies", b), u("p_kcalls", b),
                     priv_id, ep("p_parent", b, True), ep("p_tracer", b, True), u("eip", b), u("esp", b),
                     u("p_cr3", b), 1 if slot == cur_slot else 0))
    db.executemany("INSERT INTO processes (snap_id, slot, endpoint, name, state, peer, rts_flags, rts, misc_flags, "
                   "misc, blocked_tsc, pending_type, priority, quantum, user_ticks, sys_ticks, cycles, sent, "
                   "received, notifies, kcalls, priv_id, parent, pid, traced_by, eip, esp, cr3, running) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?)", rows)


def _bits_hex(f, buf, base):
    n = f.size * (f.count or 1) if f is not None else 0
    off = base + (f.offset if f is not None else 0)
    return bytes(buf[off:off + n]).hex()


def write_privs(db, snap, img):
    if img.priv is None:
        return
    l, buf = img.priv_l, img.priv
    f = {n: _field(l, n) for n in ("s_id", "s_proc_nr", "s_flags", "s_trap_mask", "s_kcall_mask", "s_ipc_to",
                                   "s_sig_mgr", "s_irq_mask", "s_io_base", "s_io_len", "s_notify_pending")}
    if f["s_flags"] is None:
        raise MxError("mx_info: priv exports no s_flags")
    rows = []
    for i in range(img.priv_count):
        b = i * img.priv_size
        fl = field_u(f["s_flags"], buf, b)
        if fl == 0 and i != 0:
            continue
        io = []
        iob, iol = f["s_io_base"], f["s_io_len"]
        if iob is not None and iol is not None:
            for k in range(min(iob.count, iol.count)):
                ln = field_u(iol, buf, b, k)
                if ln:
                    io.append("0x%x:%d" % (field_u(iob, buf, b, k), ln))
        pn = field_s(f["s_proc_nr"], buf, b) if f["s_proc_nr"] is not None else -1
        owner = img.slot_ep(pn)
        sig = field_s(f["s_sig_mgr"], buf, b) if f["s_sig_mgr"] is not None else C.NONE
        rows.append((snap, field_s(f["s_id"], buf, b) if f["s_id"] is not None else i,
                     owner if pn >= 0 and owner != C.NONE else None, fl, names.priv_letters(fl),
                     field_u(f["s_trap_mask"], buf, b) if f["s_trap_mask"] is not None else 0,
                     field_u(f["s_kcall_mask"], buf, b) if f["s_kcall_mask"] is not None else 0,
                     _bits_hex(f["s_ipc_to"], buf, b), _ep_or_null(sig, False),
                     field_u(f["s_irq_mask"], buf, b) if f["s_irq_mask"] is not None else None,
                     ",".join(io) if io else None,
                     _bits_hex(f["s_notify_pending"], buf, b) if f["s_notify_pending"] is not None else None))
    db.executemany("INSERT INTO privileges (snap_id, priv_id, endpoint, flags, flag_letters, trap_mask, kcall_mask, "
                   "ipc_to, sig_mgr, irq_mask, io_ranges, notify_pending) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def write_irqs(db, snap, img):
    if img.irq is None:
        return
    l, buf = img.irq_l, img.irq
    f = {n: _field(l, n) for n in ("irq", "ep", "policy", "notify_id", "active")}
    if f["irq"] is None or f["ep"] is None:
        raise MxError("mx_info: irqhook exports no irq or ep")
    rows = []
    for i in range(img.irq_count):
        b = i * img.irq_size
        if field_s(f["irq"], buf, b) < 0:
            continue
        rows.append((snap, i, field_s(f["irq"], buf, b), field_s(f["ep"], buf, b),
                     *[field_u(f[n], buf, b) if f[n] is not None else 0 for n in ("policy", "notify_id", "active")]))
    db.executemany("INSERT INTO irq_hooks (snap_id, hook, irq, endpoint, policy, notify_id, active) VALUES "
                   "(?,?,?,?,?,?,?)", rows)


def write_pairs(db, snap, img):
    if img.pairs is None:
        return
    n = img.mi.nr_slots
    rows = []
    for i, c in enumerate(img.pairs):
        if c:
            a, b = divmod(i, n)
            sa, sb = img.slot_ep(a), img.slot_ep(b)
            rows.append((snap, a, b, sa if sa != C.NONE else None, sb if sb != C.NONE else None, c))
    db.executemany("INSERT INTO ipc_pairs (snap_id, src_slot, dst_slot, src, dst, count) VALUES (?,?,?,?,?,?)", rows)


def write_trace_status(db, snap, img):
    r = img.ring
    if not img.ring_ok:
        return
    epf = None
    if r["ctl"] & C.TCTL_EPFILT:
        epf = b"".join(w.to_bytes(4, "little") for w in r["ep_filter"]).hex()
    db.execute("INSERT INTO trace_status (snap_id, ctl, kinds, nrecs, head, filtered, overwritten, off_skipped, "
               "ep_filter) VALUES (?,?,?,?,?,?,?,?,?)",
               (snap, r["ctl"], r["kinds"], r["nrecs"], r["head"], r["filtered"], r["overwritten"],
                r["off_skipped"], epf))


KINFO_COLS = ("uptime_ticks", "ipc_calls", "kcalls", "switches", "irqs", "pgfaults", "ipc_errors", "kcall_errors",
              "nr_procs_live", "mem_total_frames", "mem_free_frames")


def write_kinfo(db, snap, img):
    if img.kinfo is None:
        return
    vals = []
    for c in KINFO_COLS:
        f = _field(img.kinfo_l, c)
        vals.append(_i64(field_u(f, img.kinfo, 0)) if f is not None else None)
    db.execute("INSERT INTO kinfo (snap_id, %s) VALUES (?%s)" % (", ".join(KINFO_COLS), ",?" * len(KINFO_COLS)),
               [snap] + vals)


def write_tables(db, snap, img):
    for t in img.reg:
        db.execute("INSERT OR REPLACE INTO reg_tables (snap_id, name, owner, addr, count, size, fields, error) "
                   "VALUES (?,?,?,?,?,?,?,?)", (snap, t["name"], t["owner"], t["addr"], t["count"], t["size"],
                                                fields_json(t["fields"]), t["err"] if t["data"] is None else None))
        if t["data"] is not None:
            db.executemany("INSERT OR REPLACE INTO reg_rows (snap_id, name, idx, data) VALUES (?,?,?,?)",
                           [(snap, t["name"], k, entry_json(t["fields"], t["data"], k * t["size"], t["size"]))
                            for k in range(t["count"])])
    db.execute("UPDATE processes SET pid = (SELECT json_extract(r.data, '$.pid') FROM reg_rows r "
               "WHERE r.snap_id = ?1 AND r.name = 'pm.procs' AND json_extract(r.data, '$.ep') = processes.endpoint "
               "AND json_extract(r.data, '$.pid') > 0) WHERE snap_id = ?1", (snap,))


def write_klog(db, boot, img):
    k = img.klog
    if k is None or k["size"] != C.KLOG_SIZE:
        return
    now = iso_now()
    buf, end = k["buf"], k["next"]
    size = C.KLOG_SIZE
    start = end - size if end > size else 0
    if start > 0:
        while start < end and buf[start % size] != 0x0a:
            start += 1
        start += 1
    line, pos, rows = [], start, []
    for i in range(start, end):
        c = buf[i % size]
        if c == 0x0a:
            if line:
                rows.append((boot, pos, now, "".join(line)))
            line, pos = [], i + 1
        elif c != 0x0d and len(line) + 1 < 1024:
            line.append("?" if (c < 32 and c != 9) or c >= 127 else chr(c))
    db.executemany("INSERT OR IGNORE INTO log (boot_id, source, pos, received_at, text) VALUES (?, 'klog', ?, ?, ?)",
                   rows)


def boot_open(db, img, kernel_path):
    """The boot's id: found by build id and tsc_boot, or added with its modules."""
    mi = img.mi
    bid = mi.build_id
    row = db.execute("SELECT boot_id FROM boots WHERE build_id = ? AND tsc_boot = ?",
                     (bid, img.ring["tsc_boot"])).fetchone()
    if row:
        return row[0], True
    cmd = img.boot_raw_cmdline.decode("utf-8", "replace") if img.boot_raw_cmdline is not None else None
    cur = db.execute("INSERT INTO boots (started_at, source, kernel, build_id, release, tsc_hz, hz, nr_slots, cmdline, "
                     "tsc_boot, ring_nrecs) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     (iso_now(), SOURCE, kernel_path, bid, mi.release, _i64(mi.tsc_hz), mi.hz, mi.nr_slots, cmd,
                      _i64(img.ring["tsc_boot"]), img.ring["nrecs"]))
    boot = cur.lastrowid
    if img.boot is not None:
        rows = []
        for i, m in enumerate(img.boot["mods"][:min(img.boot["nmods"], C.BOOT_MAXMODS)]):
            rows.append((boot, i, m["name"], m["cmdline"], m["start"], m["end"],
                         m["ep"] if m["ep"] != C.NONE else None, m["entry"], m["text_lo"], m["text_hi"],
                         m["data_lo"], m["data_hi"], m["stack_lo"], m["stack_hi"]))
        db.executemany("INSERT OR REPLACE INTO boot_modules (boot_id, idx, name, cmdline, start_pa, end_pa, endpoint, "
                       "entry, text_lo, text_hi, data_lo, data_hi, stack_lo, stack_hi) VALUES "
                       "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return boot, False


def kernel_path():
    try:
        f = gdb.current_progspace().filename
        return os.path.abspath(f) if f else None
    except (gdb.error, AttributeError):
        return None


def bucket_ticks(db, mi):
    """meta 'bucket_ticks', set from tsc_hz the first time (as mxtrace's
    writer does): the aggregation bucket readers expect to find."""
    row = db.execute("SELECT value FROM meta WHERE key = 'bucket_ticks'").fetchone()
    if row is not None:
        return int(row[0])
    v = mi.tsc_hz // 10 if mi.tsc_hz >= 10 else 100000000
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('bucket_ticks', ?)", (str(v),))
    return v


def take_snapshot(path, note=None, events=True):
    """Read the stopped guest and write one full snapshot (and, with events,
    the ring's records not yet stored); returns (snap_id, boot_id, new boot?,
    counts)."""
    img = Image()
    db = open_db(path)
    try:
        db.execute("BEGIN")
        boot, existing = boot_open(db, img, kernel_path())
        ticks = bucket_ticks(db, img.mi)
        kept = lost = 0
        if events and img.ring_ok:
            kept, lost = write_events(db, boot, img.mi, img.ring, ticks, iso_now())
        notes = "; ".join(([note] if note else []) + img.note)
        cur = db.execute("INSERT INTO snapshots (boot_id, kind, taken_at, host_ns, tsc, uptime_ticks, trace_head, "
                         "stopped_us, source, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         (boot, "full", iso_now(), img.host_ns, _i64(img.last_tsc) if img.last_tsc is not None else None,
                          _i64(img.uptime), img.ring["head"] if img.ring_ok else None, None, SOURCE, notes or None))
        snap = cur.lastrowid
        write_procs(db, snap, img)
        write_kinfo(db, snap, img)
        write_trace_status(db, snap, img)
        write_privs(db, snap, img)
        write_irqs(db, snap, img)
        write_pairs(db, snap, img)
        write_tables(db, snap, img)
        write_klog(db, boot, img)
        db.execute("COMMIT")
        counts = {t: db.execute("SELECT count(*) FROM %s WHERE snap_id = ?" % t, (snap,)).fetchone()[0]
                  for t in ("processes", "privileges", "irq_hooks", "ipc_pairs", "reg_tables", "reg_rows")}
        counts["events"], counts["lost"] = kept, lost
        return snap, boot, not existing, counts
    except sqlite3.Error as e:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise MxError("%s: %s" % (path, e))
    except BaseException:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise
    finally:
        db.close()


class MxSnapshot(MxCommand):
    """Write a snapshot of the stopped guest into a run database (SQLite).

Usage: mx-snapshot FILE.db [--note TEXT] [--no-events]

Reads proc[], priv[], the IRQ hooks, the IPC pair matrix, the trace ring's
status, the kernel counters and log, and every registered server table
(through its owner's page tables), and writes them in the schema mxtrace
writes (tracer/schema.sql): a new file is created, an existing run
database gets one more snapshot (of the same boot if it is one).  The
ring's records not yet in the database go into its events, those the ring
no longer holds into its losses, with the aggregates mxtop reads, as
`mxtrace snapshot` stores them (--no-events: not).  Read it with sqlite3,
mxdump --db FILE.db, mxtop --db FILE.db or mxviz."""
    name = "mx-snapshot"

    def run(self, argv):
        pos, opts = split_opts(argv, valued=("--note",), flags=("--no-events",))
        if len(pos) != 1:
            raise MxError("usage: mx-snapshot FILE.db [--note TEXT] [--no-events]")
        path = os.path.expanduser(pos[0])
        t0 = time.monotonic()
        snap, boot, new, counts = take_snapshot(path, opts.get("--note"), "--no-events" not in opts)
        return ("snapshot %d of boot %d%s written to %s in %.2fs: %d processes, %d privileges, %d IRQ hooks, "
                "%d IPC pairs, %d server tables (%d rows), %d trace records (%d lost)" % (
                    snap, boot, " (new)" if new else "", path, time.monotonic() - t0, counts["processes"],
                    counts["privileges"], counts["irq_hooks"], counts["ipc_pairs"], counts["reg_tables"],
                    counts["reg_rows"], counts["events"], counts["lost"]))


MxSnapshot()
