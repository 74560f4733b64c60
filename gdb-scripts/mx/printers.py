"""Pretty printers for MX's structures in the kernel's debug info.

  mx_message       source, type by name, body decoded by type where known
                   (kernel-call bodies by their struct kc_*, notifications,
                   replies as error names), raw words otherwise
  mx_endpoint_t    the number with its slot, generation and process name
  struct proc      one-line summary (name, endpoint, state, what it waits
                   for, flags) above the fields
  struct priv      owner, flags and send mask by name above the fields
  mx_trace_rec     the record decoded as mx-trace shows it

`info pretty-printer` lists them; `disable pretty-printer global mx` turns
them off.
"""
import gdb
import gdb.printing

from mx import constants as C
from mx import names
from mx.utils import MxError, CachedType, attached

__all__ = ["format_message", "build_printer"]


def _safe(fn, default):
    """Printers must never fail: without a target or on a read error they
    fall back to what the value itself says."""
    try:
        return fn()
    except (MxError, gdb.error, gdb.MemoryError, ValueError, KeyError, IndexError):
        return default


def ep_text(ep):
    if ep in (C.ANY, C.NONE, C.SELF):
        return names.ep_str(ep)
    if ep < 0:
        return str(ep)
    if not attached():
        return names.ep_str(ep)

    def live():
        from mx.proc import ep_proc
        p = ep_proc(ep)
        return "%s %s" % (names.ep_str(ep), p.name) if p else "%s dead" % names.ep_str(ep)
    return _safe(live, names.ep_str(ep))


def _words(v):
    w = [int(v["m_u"]["w"][i]) & 0xffffffff for i in range(C.BODY_SIZE // 4)]
    while w and w[-1] == 0:
        w.pop()
    return w


def format_message(v):
    """One line for a gdb.Value of mx_message."""
    src = int(v["m_source"])
    t = int(v["m_type"])
    head = "from %d <%s>" % (src, ep_text(src))
    if t == C.NOTIFY_MESSAGE:
        n = v["m_u"]["notify"]
        tsc = int(n["tsc_lo"]) | (int(n["tsc_hi"]) << 32)
        return "%s NOTIFY bits=%#x arg=%#x tsc=%d" % (head, int(n["bits"]), int(n["arg"]), tsc)
    name = names.msgtype_name(t)
    body = None
    if name is None and 0 < t < C.NR_KCALLS:
        kname = names.kcall_name(t)
        name = "kernel call %s" % kname
        sname = C.KCALL_BODIES.get(kname)
        kt = CachedType("struct " + sname).get() if sname else None
        if kt is not None and v.address is not None:
            body = _safe(lambda: str(v["m_u"]["raw"].address.cast(kt.pointer()).dereference()), None)
    elif name is None and t <= 0:
        name = "reply %s" % (names.errno_name(t) or t)
    if name is None:
        name = names.type_str(t)
    if body is None:
        w = _words(v)
        body = "w=[%s]" % ", ".join("%#x" % x for x in w) if w else "empty body"
    return "%s type %s (%#x) %s" % (head, name, t & 0xffffffff, body)


class MessagePrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return _safe(lambda: "{%s}" % format_message(self.v), None)


class EndpointPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        ep = int(self.v)
        return "%d <%s>" % (ep, ep_text(ep))


def _fields(v):
    for f in v.type.strip_typedefs().fields():
        if f.name:
            yield f.name, v[f.name]


class ProcPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        def summary():
            v = self.v
            rts, misc = int(v["p_rts_flags"]), int(v["p_misc_flags"])
            st = names.proc_state(rts, misc)
            s = "%s [%d] %s" % (v["p_name"].string(), int(v["p_endpoint"]), st)
            if st == "SEND":
                s += "->" + ep_text(int(v["p_sendto"]))
            elif st in ("RECV", "REPLY-WAIT"):
                s += "<-" + ep_text(int(v["p_getfrom"]))
            return "%s rts=%s misc=%s" % (s, names.rts_letters(rts), names.misc_letters(misc))
        return _safe(summary, "struct proc")

    def children(self):
        return _fields(self.v)


class PrivPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        def summary():
            v = self.v
            flags = int(v["s_flags"])
            if not flags:
                return "priv %d (free)" % int(v["s_id"])
            s = "priv %d '%s' flags=%s" % (int(v["s_id"]), v["s_name"].string(), names.priv_letters(flags))
            if attached():
                from mx.proc import privs, send_mask_names
                mask = _safe(lambda: ", ".join(send_mask_names(privs()[int(v["s_id"])])), None)
                if mask is not None:
                    s += " may send to: %s" % (mask or "nobody")
            return s
        return _safe(summary, "struct priv")

    def children(self):
        return _fields(self.v)


class TraceRecPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        def summary():
            from mx.trace import Rec, format_rec
            v = self.v
            r = Rec(int(v["seq"]), int(v["tsc"]), int(v["kind"]), int(v["flags"]), int(v["cpu_prio"]),
                    int(v["src"]), int(v["dst"]), int(v["type"]), int(v["arg"]))
            return format_rec(r)
        return _safe(summary, None)


class MxPrettyPrinter(gdb.printing.PrettyPrinter):
    """MX's printers, chosen by type name (typedef names too)."""

    def __init__(self):
        subs = [("mx_message", MessagePrinter), ("mx_endpoint_t", EndpointPrinter),
                ("proc", ProcPrinter), ("priv", PrivPrinter), ("mx_trace_rec", TraceRecPrinter)]
        super().__init__("mx", [gdb.printing.SubPrettyPrinter(n) for n, _c in subs])
        self.by_name = dict(subs)
        self.struct_names = {"mx_message": "mx_message", "mx_trace_rec": "mx_trace_rec",
                             "proc": "proc", "priv": "priv"}

    def __call__(self, val):
        t = val.type
        # A typedef's own name first (mx_endpoint_t is an int underneath).
        while t.code == gdb.TYPE_CODE_TYPEDEF:
            cls = self._enabled(t.name)
            if cls:
                return cls(val)
            t = t.target()
        t = t.unqualified()
        if t.code == gdb.TYPE_CODE_STRUCT and t.tag in self.struct_names:
            cls = self._enabled(self.struct_names[t.tag])
            if cls:
                return cls(val)
        return None

    def _enabled(self, name):
        if not self.enabled:
            return None
        for s in self.subprinters:
            if s.name == name and s.enabled:
                return self.by_name[name]
        return None


def build_printer():
    return MxPrettyPrinter()


def register(objfile=None):
    gdb.printing.register_pretty_printer(objfile, build_printer(), replace=True)
