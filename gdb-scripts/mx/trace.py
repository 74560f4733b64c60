"""The kernel's trace ring: reading records and switching tracing.

Record N lives in slot N & (nrecs-1) and is whole iff its seq equals the
low 32 bits of N (os/include/mx/trace.h); anything else was overwritten
and is skipped.  Tracing is switched and filtered by writing the ring
header's ctl, kinds and ep_filter words, which the kernel re-reads every
clock tick.  Commands: mx-trace, mx-trace-on, mx-trace-off, mx-trace-filter.
"""
import struct
from collections import namedtuple

from mx import constants as C
from mx import names
from mx.info import mxinfo, abi_decode, abi_size, abi_field
from mx.utils import MxError, MxCommand, cached, read, write, table, parse_int

__all__ = ["Rec", "ring_header", "records", "last_records", "format_rec", "rec_columns"]

Rec = namedtuple("Rec", "n tsc kind flags prio src dst type arg")

CHUNK = 2048               # records read per request when scanning back


def ring_header():
    """The ring header decoded, plus its address; MxError if the kernel has
    no ring."""
    def load():
        mi = mxinfo()
        if not mi.ring_addr:
            raise MxError("this kernel was built without a trace ring")
        h = abi_decode("mx_trace_ring", read(mi.ring_addr, abi_size("mx_trace_ring")))
        if h["magic"] != C.TRACE_MAGIC:
            raise MxError("no trace ring at %#x (magic %#x)" % (mi.ring_addr, h["magic"]))
        if h["nrecs"] == 0 or h["nrecs"] & (h["nrecs"] - 1) or h["rec_size"] != abi_size("mx_trace_rec"):
            raise MxError("trace ring at %#x has a bad geometry (%d records of %d bytes)" %
                          (mi.ring_addr, h["nrecs"], h["rec_size"]))
        h["addr"] = mi.ring_addr
        return h
    return cached("ring", load)


def _rec_struct():
    """A struct.Struct for mx_trace_rec built from its generated layout, and
    the field names in its order."""
    fields = sorted(C.LAYOUTS["mx_trace_rec"]["fields"].items(), key=lambda kv: kv[1][0])
    fmt, pos = "<", 0
    for _name, (off, size, count, signed, _kind) in fields:
        if off > pos:
            fmt += "%dx" % (off - pos)
        code = {1: "b", 2: "h", 4: "i", 8: "q"}[size]
        fmt += (code if signed else code.upper()) * count
        pos = off + size * count
    fmt += "%dx" % (abi_size("mx_trace_rec") - pos) if abi_size("mx_trace_rec") > pos else ""
    return struct.Struct(fmt), [f for f, _v in fields]


_REC, _REC_FIELDS = _rec_struct()


def _read_range(h, first, count):
    """Records first..first+count-1 (all within one lap), whole ones only."""
    rs = abi_size("mx_trace_rec")
    base = h["addr"] + abi_size("mx_trace_ring")
    mask = h["nrecs"] - 1
    out, n = [], first
    while count > 0:
        idx = n & mask
        k = min(count, h["nrecs"] - idx)
        buf = read(base + idx * rs, k * rs)
        for i, vals in enumerate(_REC.iter_unpack(buf)):
            r = dict(zip(_REC_FIELDS, vals))
            if r["seq"] == (n + i) & 0xffffffff:
                out.append(Rec(n + i, r["tsc"], r["kind"], r["flags"], r["cpu_prio"], r["src"], r["dst"],
                               r["type"], r["arg"]))
        n += k
        count -= k
    return out


def records(first, last):
    """Whole records with numbers in [first, last), oldest first."""
    h = ring_header()
    head = h["head"]
    lo = max(first, head - h["nrecs"] if head > h["nrecs"] else 0, 0)
    hi = min(last, head)
    return _read_range(h, lo, hi - lo) if hi > lo else []


def last_records(n, match=None):
    """The newest n records (that pass match), oldest first; scans back
    through the ring in chunks."""
    h = ring_header()
    head = h["head"]
    oldest = head - h["nrecs"] if head > h["nrecs"] else 0
    out, hi = [], head
    while hi > oldest and len(out) < n:
        lo = max(oldest, hi - (CHUNK if match else n - len(out)))
        chunk = records(lo, hi)
        if match:
            chunk = [r for r in chunk if match(r)]
        out = chunk[-(n - len(out)):] + out if chunk else out
        hi = lo
    return out[-n:] if n else []


# ---- formatting ------------------------------------------------------------------------

def _lat(ticks):
    from mx.proc import fmt_tsc_span
    return fmt_tsc_span(ticks)


def _detail(r):
    """What type and arg mean for this kind (see MX_TRACE_KINDS)."""
    k = names.kind_name(r.kind) or str(r.kind)
    sarg = r.arg - (1 << 32) if r.arg & 0x80000000 else r.arg
    if k in ("send", "send-blk", "recv", "senda", "notify"):
        t = names.type_str(r.type)
        if k == "recv" and r.arg:
            return t, ("rtt %s" if r.flags & C.TF_RTT else "waited %s") % _lat(r.arg)
        if k == "send" and r.flags & C.TF_RTT:
            return t, "rtt %s" % _lat(r.arg)
        if k in ("notify", "senda"):
            return t, "delivered" if r.arg else "pending"
        return t, ""
    if k == "recv-blk":
        return "", ""
    if k == "ipc-err":
        return names.ipc_name(r.type) or str(r.type), names.errno_name(r.arg) or str(r.arg)
    if k == "kcall":
        return names.kcall_name(r.type) or str(r.type), "took %s" % _lat(r.arg)
    if k == "irq":
        return "irq %d" % r.type, ""
    if k == "pgfault":
        return "err %#x" % r.type, "addr %#x" % r.arg
    if k == "exec":
        return "", "entry %#x" % r.arg
    if k == "exit":
        return "", "status %d" % sarg
    if k in ("lock-wait", "lock-acq", "lock-rel"):
        mode = C.LOCK_MODES.get(r.arg & 0xffff, (None, str(r.arg & 0xffff)))[1]
        return "lock %d" % r.type, "thread %d mode %s" % ((r.arg >> 16) & 0xffff, mode)
    if k == "port":
        return "port %d" % r.type, "took %s" % _lat(r.arg)
    if k == "signal":
        return "sig %d" % r.type, ""
    if k == "traceop":
        return "op %d" % r.type, "ctl %#x" % r.arg
    return "%#x" % (r.type & 0xffffffff), "%#x" % r.arg


def rec_columns(r, tsc_boot, tsc_hz):
    from mx.proc import ep_label
    t, a = _detail(r)
    flags = names.trace_flag_names(r.flags)
    dst = "" if (r.dst == C.NONE and names.kind_name(r.kind) not in ("recv-blk",)) else ep_label(r.dst)
    return [r.n, "%.6f" % ((r.tsc - tsc_boot) / tsc_hz) if r.tsc >= tsc_boot else "?",
            names.kind_name(r.kind) or str(r.kind), ep_label(r.src), dst, t, a, flags.lower()]


def format_rec(r):
    h = ring_header()
    c = rec_columns(r, h["tsc_boot"], mxinfo().tsc_hz)
    return "#%d %ss %s %s->%s %s %s %s" % tuple(c)


# ---- filters ---------------------------------------------------------------------------

def _ep_values(spec):
    """Endpoints a filter term names: a live process's (by name or
    endpoint) or a raw endpoint number."""
    from mx.proc import find_proc
    n = parse_int(spec)
    if n is not None:
        return {n}
    return {find_proc(spec).ep}


def parse_kinds(spec):
    kinds = set()
    for k in spec.split(","):
        if not k:
            continue
        n = names.kind_by_name(k)
        if n < 0:
            n = parse_int(k)
            if n is None or n not in C.TRACE_KINDS:
                raise MxError("unknown trace kind %r (kinds: %s)" % (
                    k, " ".join(v[1] for _n, v in sorted(C.TRACE_KINDS.items()))))
        kinds.add(n)
    return kinds


def parse_filter(terms):
    """A predicate over records from terms like kind=send,recv ep=vfs
    src=1042 dst=pm type=VFS_READ err."""
    tests = []
    for term in terms:
        key, eq, val = term.partition("=")
        key = key.lower()
        if key == "err" and not eq:
            tests.append(lambda r: r.flags & C.TF_ERR or names.kind_name(r.kind) == "ipc-err")
            continue
        if not eq or not val:
            raise MxError("bad filter term %r (use kind=, ep=, src=, dst=, type= or err)" % term)
        if key == "kind":
            ks = parse_kinds(val)
            tests.append(lambda r, ks=ks: r.kind in ks)
        elif key in ("ep", "src", "dst"):
            eps = set()
            for v in val.split(","):
                eps |= _ep_values(v)
            if key == "ep":
                tests.append(lambda r, e=eps: r.src in e or r.dst in e)
            elif key == "src":
                tests.append(lambda r, e=eps: r.src in e)
            else:
                tests.append(lambda r, e=eps: r.dst in e)
        elif key == "type":
            types = set()
            for v in val.split(","):
                n = parse_int(v)
                if n is None:
                    n = next((num for num, (nm, _t) in C.CALLS.items() if nm.lower() == v.lower()), None)
                if n is None:
                    n = next((num for num, (nm, _g, _t) in C.KCALLS.items() if nm.lower() == v.lower()), None)
                if n is None and v.upper() == "NOTIFY":
                    n = C.NOTIFY_MESSAGE
                if n is None:
                    raise MxError("unknown message or call type %r" % v)
                types.add(n)
            tests.append(lambda r, ts=types: r.type in ts)
        else:
            raise MxError("unknown filter key %r (use kind, ep, src, dst, type or err)" % key)
    return (lambda r: all(t(r) for t in tests)) if tests else None


# ---- commands ---------------------------------------------------------------------------

class MxTrace(MxCommand):
    """Show the latest records of the kernel's trace ring, decoded.

Usage: mx-trace [N] [--filter TERM...]

N is how many records to show (default 20).  TERMs select records:
  kind=K[,K...]   by kind: send send-blk recv recv-blk notify senda ipc-err
                  kcall switch irq pgfault fork exec exit lock-wait lock-acq
                  lock-rel mark port signal traceop
  ep=P[,P...]     source or destination is P (a name or an endpoint)
  src=P  dst=P    only the source, only the destination
  type=T[,T...]   message type or kernel call (a name like VFS_READ or a number)
  err             failed operations only
Columns: record number, seconds since the ring was set up, kind, source,
destination, message type (or call, IRQ, lock), the argument decoded
(latency, error, address) and the record's flags."""
    name = "mx-trace"

    def run(self, argv):
        n, terms, i = 20, [], 0
        while i < len(argv):
            a = argv[i]
            if a == "--filter":
                terms += argv[i + 1:]
                if len(argv) == i + 1:
                    raise MxError("--filter needs at least one term")
                break
            v = parse_int(a)
            if v is None or v < 0:
                raise MxError("usage: mx-trace [N] [--filter TERM...]")
            n = v
            i += 1
        h = ring_header()
        recs = last_records(n, parse_filter(terms))
        head = "trace: head %d, %d records in the ring, tracing %s%s" % (
            h["head"], h["nrecs"], "on" if h["ctl"] & C.TCTL_ON else "OFF",
            ", endpoint filter on" if h["ctl"] & C.TCTL_EPFILT else "")
        if not recs:
            return head + "\nno records" + (" match" if terms else "")
        mi = mxinfo()
        rows = [rec_columns(r, h["tsc_boot"], mi.tsc_hz) for r in recs]
        return head + "\n" + table(["SEQ", "TIME", "KIND", "SRC", "DST", "TYPE", "ARG", "FLAGS"], rows,
                                   right={0, 1})


MxTrace()


def _write_word(field, value):
    h = ring_header()
    off = abi_field("mx_trace_ring", field)[0]
    write(h["addr"] + off, (value & 0xffffffff).to_bytes(4, "little"))


def status_line():
    h = ring_header()
    kinds = [v[1] for k, v in sorted(C.TRACE_KINDS.items()) if (h["kinds"] >> k) & 1]
    lines = ["tracing %s; kinds: %s" % ("on" if h["ctl"] & C.TCTL_ON else "off", " ".join(kinds) or "none")]
    if h["ctl"] & C.TCTL_EPFILT:
        from mx.proc import proc_by_slot
        slots = [s for s in range(len(h["ep_filter"]) * 32) if (h["ep_filter"][s >> 5] >> (s & 31)) & 1]
        lines.append("endpoint filter: " + (" ".join(
            "%s(slot %d)" % (proc_by_slot(s).name if proc_by_slot(s) and not proc_by_slot(s).free else "-", s)
            for s in slots) or "empty: nothing passes"))
    else:
        lines.append("endpoint filter: off")
    lines.append("head %d, filtered %d, overwritten %d, skipped while off %d" % (
        h["head"], h["filtered"], h["overwritten"], h["off_skipped"]))
    return "\n".join(lines)


class MxTraceOn(MxCommand):
    """Switch the kernel's tracing on (takes effect at the next clock tick).

Usage: mx-trace-on"""
    name = "mx-trace-on"

    def run(self, argv):
        if argv:
            raise MxError("mx-trace-on takes no arguments")
        _write_word("ctl", ring_header()["ctl"] | C.TCTL_ON)
        return "tracing on (the kernel applies it at its next clock tick)"


MxTraceOn()


class MxTraceOff(MxCommand):
    """Switch the kernel's tracing off (takes effect at the next clock tick).

Usage: mx-trace-off"""
    name = "mx-trace-off"

    def run(self, argv):
        if argv:
            raise MxError("mx-trace-off takes no arguments")
        _write_word("ctl", ring_header()["ctl"] & ~C.TCTL_ON)
        return "tracing off (the kernel applies it at its next clock tick)"


MxTraceOff()


class MxTraceFilter(MxCommand):
    """Show or set which events the kernel traces.

Usage: mx-trace-filter
       mx-trace-filter kinds all|none|K[,K...]|+K[,K...]|-K[,K...]
       mx-trace-filter ep P [P...]      trace only events to or from these
       mx-trace-filter ep off           drop the endpoint filter
Kinds are the short names shown by mx-trace (send, recv, kcall, irq, ...);
+K adds to and -K removes from the current set.  P is a process name or
endpoint.  Changes take effect at the kernel's next clock tick."""
    name = "mx-trace-filter"

    def run(self, argv):
        if not argv:
            return status_line()
        h = ring_header()
        what = argv[0]
        if what == "kinds":
            if len(argv) != 2:
                raise MxError("usage: mx-trace-filter kinds all|none|K,...|+K,...|-K,...")
            spec = argv[1]
            every = sum(1 << k for k in C.TRACE_KINDS)
            if spec == "all":
                kinds = every
            elif spec == "none":
                kinds = 0
            elif spec[0] in "+-":
                bits = sum(1 << k for k in parse_kinds(spec[1:]))
                kinds = (h["kinds"] | bits) if spec[0] == "+" else (h["kinds"] & ~bits)
            else:
                kinds = sum(1 << k for k in parse_kinds(spec))
            _write_word("kinds", kinds)
        elif what == "ep":
            if len(argv) < 2:
                raise MxError("usage: mx-trace-filter ep P [P...] | ep off")
            off = abi_field("mx_trace_ring", "ep_filter")
            words = off[2]
            if argv[1:] == ["off"]:
                write(h["addr"] + off[0], bytes(4 * words))
                _write_word("ctl", ring_header()["ctl"] & ~C.TCTL_EPFILT)
            else:
                from mx.proc import find_proc
                bm = list(h["ep_filter"])
                for spec in argv[1:]:
                    s = find_proc(spec).slot
                    bm[s >> 5] |= 1 << (s & 31)
                write(h["addr"] + off[0], b"".join(w.to_bytes(4, "little") for w in bm))
                _write_word("ctl", ring_header()["ctl"] | C.TCTL_EPFILT)
        else:
            raise MxError("usage: mx-trace-filter [kinds ...|ep ...]")
        return status_line()


MxTraceFilter()
