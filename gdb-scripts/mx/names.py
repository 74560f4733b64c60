"""Names for MX's numbers, as every tool shows them.

The Python twin of tracer/lib/names.c: the same functions over the same
X-macro lists (through the generated mx.constants), so mx-* commands,
mxdump, mxtop and the database agree on every name and letter.  Needs no
GDB: the tests run it under plain Python against names.c.
"""
from mx import constants as C

__all__ = ["kind_name", "kind_by_name", "errno_name", "errno_text", "ipc_name", "kcall_name",
           "msgtype_name", "dump_name", "dump_title", "dump_by_name", "frame_type_name",
           "rts_letters", "misc_letters", "priv_letters", "flag_names", "ep_str", "proc_state",
           "ep_special", "ep_slot", "ep_gen", "ep_make", "trace_flag_names", "type_str"]


def kind_name(kind):
    k = C.TRACE_KINDS.get(kind)
    return k[1] if k else None


def kind_by_name(name):
    n = name.lower()
    for num, (cname, sname, _t) in C.TRACE_KINDS.items():
        if n == sname.lower() or n == cname.lower():
            return num
    return -1


def errno_name(err):
    err = -err if err < 0 else err
    if err == 0:
        return "OK"
    e = C.ERRORS.get(err)
    return e[0] if e else None


def errno_text(err):
    err = -err if err < 0 else err
    if err == 0:
        return "no error"
    e = C.ERRORS.get(err)
    return e[1] if e else "unknown error"


def ipc_name(call):
    c = C.IPC_CALLS.get(call)
    return c[0] if c else None


def kcall_name(call):
    c = C.KCALLS.get(call)
    return c[0] if c else None


def msgtype_name(t):
    if t == C.NOTIFY_MESSAGE:
        return "NOTIFY"
    c = C.CALLS.get(t)
    return c[0] if c else None


def type_str(t):
    """A message type for people: its name, or the number in hex."""
    n = msgtype_name(t)
    if n:
        return n
    if C.TEST_BASE <= t < C.TEST_BASE + 0x100:
        return "TEST+%#x" % (t - C.TEST_BASE)
    return "%#x" % t if t >= 0 else str(t)


def dump_name(key):
    for num, _n, _f, sname, _t in C.DUMPS:
        if num == key:
            return sname
    return None


def dump_title(key):
    for num, _n, _f, _s, title in C.DUMPS:
        if num == key:
            return title
    return None


def dump_by_name(name):
    try:
        v = int(name, 10)
        return v if 1 <= v <= max(d[0] for d in C.DUMPS) else -1
    except ValueError:
        pass
    n = name.lower()
    for num, cname, fkey, sname, _t in C.DUMPS:
        if n in (sname.lower(), fkey.lower(), cname.lower()):
            return num
    return -1


def frame_type_name(t):
    f = C.FRAME_TYPES.get(t)
    return f[0] if f else None


def _letters(flags, table):
    return "".join(letter if flags & bit else "-" for _n, bit, letter, _t in table)


def rts_letters(flags):
    return _letters(flags, C.RTS_FLAGS)


def misc_letters(flags):
    return _letters(flags, C.MF_FLAGS)


def priv_letters(flags):
    return _letters(flags, C.PF_FLAGS)


def flag_names(flags, table):
    """The names of the flags set, e.g. 'SENDING RECEIVING'."""
    return " ".join(n for n, bit, _l, _t in table if flags & bit)


def trace_flag_names(flags):
    return ",".join(n for n, bit in C.TRACE_FLAGS if flags & bit)


def ep_special(ep):
    return (ep & C.EP_SPECIAL_MASK) != 0


def ep_slot(ep):
    return ep & C.SLOT_MASK


def ep_gen(ep):
    return (ep >> C.SLOT_BITS) & C.GEN_MASK


def ep_make(gen, slot):
    return ((gen & C.GEN_MASK) << C.SLOT_BITS) | (slot & C.SLOT_MASK)


def ep_str(ep):
    if ep == C.ANY:
        return "ANY"
    if ep == C.NONE:
        return "NONE"
    if ep == C.SELF:
        return "SELF"
    return "%d/%d" % (ep_slot(ep), ep_gen(ep))


def proc_state(rts, misc):
    if rts & C.RTS_SLOT_FREE:
        return "FREE"
    if rts & C.RTS_EXITING:
        return "EXITING"
    if rts & C.RTS_BOOTING:
        return "BOOTING"
    if rts & C.RTS_PROC_STOP:
        return "STOPPED"
    if rts & C.RTS_SIG_PENDING:
        return "SIGNAL"
    if rts & C.RTS_PAGEFAULT:
        return "PAGEFAULT"
    if rts & C.RTS_NO_PRIV:
        return "NOPRIV"
    if rts & C.RTS_SENDING:
        return "SEND"
    if rts & C.RTS_RECEIVING:
        return "REPLY-WAIT" if misc & C.MF_REPLY_PEND else "RECV"
    return "RUN"
