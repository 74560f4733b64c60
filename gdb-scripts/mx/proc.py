"""Processes and privileges: proc[] and priv[] as the kernel sees them.

for_each_proc() and for_each_priv() mirror the kernel's loops; find_proc()
turns what a user types (a name, an endpoint, slot/gen) into a process,
with a one-line reason when it cannot.  Commands: mx-ps, mx-proc;
functions: $mx_proc, $mx_ep.
"""
import gdb

from mx import constants as C
from mx import names
from mx.info import mxinfo, kernel_table, tsc_now
from mx.utils import MxError, MxCommand, MxFunction, cached, table, parse_int, split_opts, CachedType

__all__ = ["Proc", "Priv", "for_each_proc", "procs", "proc_by_slot", "ep_proc", "find_proc",
           "ep_label", "current_proc", "for_each_priv", "privs", "priv_of", "fmt_ticks",
           "fmt_tsc_span", "send_mask_names"]

# mx_info's field names for what the tools use (os/kernel/mxinfo.c).
_WANT = ("p_endpoint", "p_nr", "p_name", "p_parent", "p_rts_flags", "p_misc_flags", "p_priority",
         "p_quantum", "p_ticks_left", "p_sendto", "p_getfrom", "p_block_tsc", "p_sendrec_tsc",
         "p_user_ticks", "p_sys_ticks", "p_cycles", "p_sent", "p_recvd", "p_notifies", "p_kcalls",
         "p_cr3", "p_ksig_pending", "p_pf_addr", "p_tracer", "p_last_kcall", "p_sendmsg_type",
         "eip", "esp", "eax", "p_priv")


class Proc:
    """One proc[] slot, decoded.  Fields keep the kernel's names in .f."""

    def __init__(self, slot, f, addr):
        self.slot = slot
        self.f = f
        self.addr = addr            # kernel address of the entry

    ep = property(lambda self: self.f.get("p_endpoint", 0))
    name = property(lambda self: self.f.get("p_name", "?"))
    rts = property(lambda self: self.f.get("p_rts_flags", 0))
    misc = property(lambda self: self.f.get("p_misc_flags", 0))
    free = property(lambda self: bool(self.rts & C.RTS_SLOT_FREE))
    state = property(lambda self: names.proc_state(self.rts, self.misc))

    @property
    def alive(self):
        """Would the kernel accept its endpoint (ep_to_proc)?"""
        return not (self.rts & (C.RTS_SLOT_FREE | C.RTS_EXITING))

    @property
    def peer(self):
        """The endpoint its state refers to: SEND's destination, RECV's and
        REPLY-WAIT's source; None for ANY, NONE and every other state (the
        database's processes.peer)."""
        st = self.state
        if st == "SEND":
            v = self.f.get("p_sendto")
        elif st in ("RECV", "REPLY-WAIT"):
            v = self.f.get("p_getfrom")
        else:
            return None
        return None if v in (None, C.ANY, C.NONE) else v

    @property
    def blocked_in_ipc(self):
        return bool(self.rts & (C.RTS_SENDING | C.RTS_RECEIVING))

    @property
    def priv_id(self):
        addr = self.f.get("p_priv", 0)
        paddr, count, size, _l, _b = kernel_table("priv")
        if addr and paddr <= addr < paddr + count * size and (addr - paddr) % size == 0:
            return (addr - paddr) // size
        return None

    def label(self):
        return "%s [%d]" % (self.name, self.ep)


def procs():
    """Every proc[] slot, free ones included, decoded (cached per stop)."""
    def load():
        addr, count, size, layout, buf = kernel_table("proc")
        fields = [layout.by_name[n] for n in _WANT if n in layout.by_name]
        from mx.info import decode_field
        out = []
        for i in range(count):
            base = i * size
            out.append(Proc(i, {f.name: decode_field(f, buf, base) for f in fields}, addr + base))
        return out
    return cached("procs", load)


def for_each_proc(include_free=False):
    for p in procs():
        if include_free or not p.free:
            yield p


def proc_by_slot(slot):
    ps = procs()
    return ps[slot] if 0 <= slot < len(ps) else None


def ep_proc(ep):
    """The live process with endpoint ep, or None (the kernel's ep_to_proc)."""
    if ep is None or ep < 0 or names.ep_special(ep):
        return None
    p = proc_by_slot(names.ep_slot(ep))
    if p is None or p.ep != ep or not p.alive:
        return None
    return p


def ep_label(ep):
    """A name for ep: ANY/NONE/SELF, the live process's name, or why it is dead."""
    if ep is None:
        return "-"
    if ep in (C.ANY, C.NONE, C.SELF):
        return names.ep_str(ep)
    p = ep_proc(ep)
    if p:
        return p.name
    return "dead:%s" % names.ep_str(ep)


def current_proc():
    """The process whose frame the CPU runs (proc_ptr), or None."""
    def load():
        from mx.info import u32_at
        from mx.utils import symbol_address
        try:
            ptr = u32_at(mxinfo().cur_proc_addr)
        except MxError:
            at = symbol_address("proc_ptr")
            if at is None:
                raise
            ptr = u32_at(at)
        addr, count, size, _l, _b = kernel_table("proc")
        if addr <= ptr < addr + count * size:
            return proc_by_slot((ptr - addr) // size)
        return None
    return cached("current", load)


def stale_reason(ep):
    slot, gen = names.ep_slot(ep), names.ep_gen(ep)
    p = proc_by_slot(slot)
    if p is None:
        return "endpoint %d is out of range (slot %d of %d)" % (ep, slot, len(procs()))
    if p.free:
        return "endpoint %d is stale: slot %d is free (it was generation %d)" % (ep, slot, gen)
    if p.ep != ep:
        return "endpoint %d is stale: slot %d now holds %s, endpoint %d (generation %d)" % (
            ep, slot, p.name, p.ep, names.ep_gen(p.ep))
    return "endpoint %d (%s) has exited and waits to be cleared" % (ep, p.name)


def pid_ep(pid):
    """The endpoint PM's table (pm.procs, read through PM's page tables) gives pid."""
    from mx.tables import find_table
    t = find_table("pm.procs")
    if t is None:
        raise MxError("PM has not registered its process table: no pid to go by")
    rows, error = t.rows()
    if error:
        raise MxError("PM's process table: %s" % error)
    for _i, r in rows:
        if pid > 0 and r.get("pid") == pid and r.get("flags", 0) & dict(C.PMF_FLAGS)["INUSE"]:
            return r.get("ep")
    raise MxError("no process with pid %d in PM's table" % pid)


def find_proc(spec, allow_dead=False):
    """The process named by spec: a name, an endpoint (1042, 0x412),
    slot/gen (18/1), or pid:PID (PM's pid).  Raises MxError with the reason
    when there is none."""
    spec = str(spec).strip()
    if not spec:
        raise MxError("no process given")
    ep = None
    if spec.startswith("pid:"):
        pid = parse_int(spec[4:])
        if pid is None or pid < 0:
            raise MxError("bad pid %r" % spec)
        ep = pid_ep(pid)
    elif "/" in spec:
        s, _, g = spec.partition("/")
        si, gi = parse_int(s), parse_int(g)
        if si is None or gi is None:
            raise MxError("bad slot/generation %r" % spec)
        ep = names.ep_make(gi, si)
    elif parse_int(spec) is not None:
        ep = parse_int(spec)
    if ep is not None:
        if ep in (C.ANY, C.NONE, C.SELF):
            raise MxError("%s is not a process" % names.ep_str(ep))
        p = ep_proc(ep)
        if p:
            return p
        if allow_dead:
            q = proc_by_slot(names.ep_slot(ep))
            if q is not None and q.ep == ep and not q.free:
                return q
        raise MxError(stale_reason(ep))
    matches = [p for p in for_each_proc() if p.name == spec]
    if not matches:
        raise MxError("no process named %r (mx-ps lists them)" % spec)
    if len(matches) > 1:
        raise MxError("%r names %d processes (%s); give an endpoint" % (
            spec, len(matches), ", ".join(str(p.ep) for p in matches)))
    return matches[0]


# ---- privileges ----------------------------------------------------------------------

class Priv:
    """One priv[] entry, decoded."""

    def __init__(self, pid, f):
        self.id = pid
        self.f = f

    flags = property(lambda self: self.f.get("s_flags", 0))
    in_use = property(lambda self: self.flags != 0)
    proc_nr = property(lambda self: self.f.get("s_proc_nr", -1))
    name = property(lambda self: self.f.get("s_name", ""))

    def bits(self, field):
        v = self.f.get(field, 0)
        if isinstance(v, list):
            return sum(w << (32 * i) for i, w in enumerate(v))
        return v

    @property
    def owner(self):
        """The owning process, None for the shared user privileges."""
        if self.proc_nr is None or self.proc_nr < 0:
            return None
        p = proc_by_slot(self.proc_nr)
        return p if p and not p.free else None


def privs():
    def load():
        _a, count, size, layout, buf = kernel_table("priv")
        return [Priv(i, layout.decode(buf, i * size)) for i in range(count)]
    return cached("privs", load)


def for_each_priv():
    for p in privs():
        if p.in_use:
            yield p


def priv_of(proc):
    pid = proc.priv_id
    return privs()[pid] if pid is not None else None


def send_mask_names(pv):
    """Who the holder of pv may send to: names of the owners of the privs
    whose bit is set (USER for the shared user privileges)."""
    mask, out = pv.bits("s_ipc_to"), []
    for q in privs():
        if not (mask >> q.id) & 1:
            continue
        if q.id == 0:
            out.append("USER")
        elif q.owner:
            out.append(q.owner.name)
        else:
            out.append("priv%d" % q.id)
    return out


# ---- time ---------------------------------------------------------------------------------

def _rate(what):
    try:
        return getattr(mxinfo(), what)
    except MxError:
        return None


def fmt_ticks(ticks):
    """Clock ticks as seconds (ticks when the clock rate is unknown)."""
    hz = _rate("hz")
    return "%.2fs" % (ticks / hz) if hz else "%dt" % ticks


def fmt_tsc_span(ticks):
    """A TSC interval for people (the TSC counts instructions under -icount)."""
    hz = _rate("tsc_hz")
    if not hz:
        return "%d ticks" % ticks
    s = ticks / hz
    if s >= 1:
        return "%.2fs" % s
    if s >= 1e-3:
        return "%.1fms" % (s * 1e3)
    return "%.1fus" % (s * 1e6)


def since_blocked(p):
    try:
        now = tsc_now()
    except MxError:
        return ""
    t = p.f.get("p_block_tsc", 0)
    if not p.blocked_in_ipc or not now or not t or t > now:
        return ""
    return fmt_tsc_span(now - t)


def ipc_column(p, cur):
    st = p.state
    if cur is not None and p.slot == cur.slot and st == "RUN":
        return "running"
    if st == "RUN":
        return "ready"
    if st == "SEND":
        return "SEND->" + ep_label(p.f.get("p_sendto"))
    if st == "RECV":
        return "RECV<-" + ep_label(p.f.get("p_getfrom"))
    if st == "REPLY-WAIT":
        return "reply-wait<-" + ep_label(p.f.get("p_getfrom"))
    return st.lower()


# ---- commands -----------------------------------------------------------------------------

class MxPs(MxCommand):
    """List MX's processes with their IPC state and times.

Usage: mx-ps [--blocked]

One line per process-table slot in use: slot, endpoint, name, state (RUN,
SEND, RECV, REPLY-WAIT, STOPPED, ...), what it waits for (SEND->X, RECV<-Y,
reply-wait<-Z; 'running' marks the process on the CPU), runtime and misc
flags as letters, priority, user and system time, how long it has been
blocked, and its IPC counters.  --blocked shows only blocked processes."""
    name = "mx-ps"

    def run(self, argv):
        _pos, opts = split_opts(argv, flags=("--blocked",))
        if _pos:
            raise MxError("mx-ps takes no arguments besides --blocked")
        cur = current_proc()
        rows = []
        for p in for_each_proc():
            if opts.get("--blocked") and p.state == "RUN":
                continue
            f = p.f
            rows.append([p.slot, p.ep, p.name, p.state, ipc_column(p, cur),
                         names.rts_letters(p.rts), names.misc_letters(p.misc), f.get("p_priority"),
                         fmt_ticks(f.get("p_user_ticks", 0)), fmt_ticks(f.get("p_sys_ticks", 0)),
                         since_blocked(p), f.get("p_sent"), f.get("p_recvd"), f.get("p_kcalls")])
        hdr = ["SLOT", "EP", "NAME", "STATE", "IPC", "RTS", "MISC", "PRI", "USER", "SYS",
               "BLOCKED", "SENT", "RECV", "KCALLS"]
        return table(hdr, rows, right={0, 1, 7, 8, 9, 10, 11, 12, 13})


MxPs()


def describe_proc(p):
    f, lines = p.f, []
    cur = current_proc()
    lines.append("%s  endpoint %d (slot %d, generation %d)%s" % (
        p.name, p.ep, p.slot, names.ep_gen(p.ep), "  [on the CPU]" if cur and cur.slot == p.slot else ""))
    st = p.state
    what = st
    if st == "SEND":
        what = "SEND to %s" % proc_ref(f.get("p_sendto"))
        if p.misc & C.MF_REPLY_PEND:
            what += " (a SENDREC: then waits for the reply)"
        what += ", message %s" % names.type_str(f.get("p_sendmsg_type", 0))
    elif st in ("RECV", "REPLY-WAIT"):
        src = f.get("p_getfrom")
        what = "%s from %s" % ("waiting for the reply" if st == "REPLY-WAIT" else "RECEIVE",
                               "ANY" if src == C.ANY else proc_ref(src))
    since = since_blocked(p)
    lines.append("state      %s%s" % (what, ("  (blocked %s)" % since) if since else ""))
    lines.append("rts flags  %s  %s" % (names.rts_letters(p.rts), names.flag_names(p.rts, C.RTS_FLAGS)))
    lines.append("misc flags %s  %s" % (names.misc_letters(p.misc), names.flag_names(p.misc, C.MF_FLAGS)))
    senders = [q for q in for_each_proc() if q.state == "SEND" and q.f.get("p_sendto") == p.ep]
    if senders:
        lines.append("senders    %s (blocked sending to it)" % ", ".join(q.label() for q in senders))
    waiters = [q for q in for_each_proc() if q.state in ("RECV", "REPLY-WAIT") and q.f.get("p_getfrom") == p.ep]
    if waiters:
        lines.append("receivers  %s (waiting for a message from it)" % ", ".join(q.label() for q in waiters))
    lines.append("parent     %s" % proc_ref(f.get("p_parent")))
    lines.append("schedule   priority %s, quantum %s, %s ticks left" % (
        f.get("p_priority"), f.get("p_quantum"), f.get("p_ticks_left")))
    lines.append("times      user %s, system %s, %d TSC ticks on the CPU" % (
        fmt_ticks(f.get("p_user_ticks", 0)), fmt_ticks(f.get("p_sys_ticks", 0)), f.get("p_cycles", 0)))
    kc = f.get("p_last_kcall", 0)
    lines.append("ipc        sent %s, received %s, notifies %s, kernel calls %s%s" % (
        f.get("p_sent"), f.get("p_recvd"), f.get("p_notifies"), f.get("p_kcalls"),
        (", last %s" % (names.kcall_name(kc) or kc)) if kc else ""))
    lines.append("registers  eip %#010x  esp %#010x  eax %#010x" % (f.get("eip", 0), f.get("esp", 0),
                                                                  f.get("eax", 0) & 0xffffffff))
    lines.append("memory     cr3 %#010x%s" % (f.get("p_cr3", 0), (", page fault at %#x" % f["p_pf_addr"])
                                               if p.rts & C.RTS_PAGEFAULT else ""))
    if f.get("p_ksig_pending"):
        lines.append("signals    kernel signals pending %#x" % f["p_ksig_pending"])
    if f.get("p_tracer", C.NONE) != C.NONE:
        lines.append("tracer     %s" % proc_ref(f["p_tracer"]))
    msg = pending_message(p)
    if msg:
        lines.append("message    %s" % msg)
    pv = priv_of(p)
    if pv is None:
        lines.append("privileges none")
        return "\n".join(l.rstrip() for l in lines)
    g = pv.f
    lines.append("privileges priv %d '%s'%s, flags %s  %s" % (
        pv.id, pv.name, " (shared by user processes)" if pv.id == 0 else "",
        names.priv_letters(pv.flags), names.flag_names(pv.flags, C.PF_FLAGS)))
    lines.append("  may send to    %s" % (", ".join(send_mask_names(pv)) or "nobody"))
    traps = [n for num, (n, _t) in sorted(C.IPC_CALLS.items()) if (g.get("s_trap_mask", 0) >> num) & 1]
    lines.append("  IPC calls      %s" % (" ".join(traps) or "none"))
    kcs = [n for num, (n, _g, _t) in sorted(C.KCALLS.items()) if (g.get("s_kcall_mask", 0) >> num) & 1]
    lines.append("  kernel calls   %s" % (" ".join(kcs) or "none"))
    lines.append("  signal manager %s" % proc_ref(g.get("s_sig_mgr", C.NONE)))
    irq = g.get("s_irq_mask", 0)
    lines.append("  IRQ lines      %s" % (" ".join(str(i) for i in range(32) if (irq >> i) & 1) or "none"))
    io = io_ranges(pv)
    lines.append("  I/O ports      %s" % (io or "none"))
    pend = pv.bits("s_notify_pending")
    if pend:
        who = [(privs()[i].owner.name if privs()[i].owner else "priv%d" % i)
               for i in range(len(privs())) if (pend >> i) & 1]
        lines.append("  notifications  pending from %s" % ", ".join(who))
    return "\n".join(l.rstrip() for l in lines)


def io_ranges(pv):
    base, ln = pv.f.get("s_io_base", []), pv.f.get("s_io_len", [])
    if not isinstance(base, list):
        base, ln = [base], [ln]
    return ",".join("%#x:%d" % (b, n) for b, n in zip(base, ln) if n)


def proc_ref(ep):
    if ep is None or ep in (C.ANY, C.NONE, C.SELF):
        return names.ep_str(ep) if ep is not None else "-"
    p = ep_proc(ep)
    return p.label() if p else "dead endpoint %d (%s)" % (ep, names.ep_str(ep))


_proc_type = CachedType("struct proc")


def proc_value(p):
    """proc[slot] as a gdb.Value of struct proc (needs debug info), or None."""
    t = _proc_type.get()
    if t is None:
        return None
    return gdb.Value(p.addr).cast(t.pointer()).dereference()


def pending_message(p):
    """The message a blocked sender tries to send, decoded (debug info)."""
    if p.state != "SEND":
        return None
    v = proc_value(p)
    if v is None:
        return None
    from mx.printers import format_message
    return format_message(v["p_sendmsg"])


class MxProc(MxCommand):
    """Show one MX process in full, with its send mask by name.

Usage: mx-proc NAME|ENDPOINT|SLOT/GEN

State and what it waits for, flags, who is blocked on it, scheduling, times,
IPC counters, registers, and its privileges: the processes it may send to,
its IPC primitives and kernel calls by name, IRQ lines, I/O ports and the
notifications pending for it."""
    name = "mx-proc"

    def run(self, argv):
        if len(argv) != 1:
            raise MxError("usage: mx-proc NAME|ENDPOINT|SLOT/GEN")
        return describe_proc(find_proc(argv[0]))


MxProc()


def _arg_str(v):
    """A convenience-function argument: a string or a number, as text."""
    t = v.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_ARRAY or t.code == gdb.TYPE_CODE_PTR:
        try:
            return v.string()
        except gdb.error:
            pass
    return str(int(v))


class MxProcFunc(MxFunction):
    """$mx_proc(NAME|ENDPOINT): the process's struct proc.

Usage: p $mx_proc("vfs")  or  p $mx_proc(1042).p_rts_flags
Without debug info it returns the entry's address."""
    name = "mx_proc"

    def call(self, spec):
        p = find_proc(_arg_str(spec))
        v = proc_value(p)
        return v if v is not None else gdb.Value(p.addr)


MxProcFunc()


class MxEpFunc(MxFunction):
    """$mx_ep(NAME|SLOT): the endpoint of a process.

Usage: p $mx_ep("vm")  or  p $mx_ep(7)  (the process in slot 7)"""
    name = "mx_ep"

    def call(self, spec):
        s = _arg_str(spec)
        n = parse_int(s)
        if n is not None:
            p = proc_by_slot(n)
            if p is None or p.free:
                raise MxError("slot %d is not in use" % n)
        else:
            p = find_proc(s)
        t = CachedType("mx_endpoint_t").get()
        v = gdb.Value(p.ep)
        return v.cast(t) if t is not None else v


MxEpFunc()
