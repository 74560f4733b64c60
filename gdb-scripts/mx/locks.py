"""Server worker threads and locks (VFS's three-level locks and the like).

Read from the registered tables named <server>.threads and <server>.locks
(os/include/mx/tables.h), through each owner's page tables, and decoded
by their registered field names.  Commands: mx-threads, mx-locks.
"""
from mx import constants as C
from mx import names
from mx.tables import tables_like
from mx.utils import MxError, MxCommand, table

__all__ = ["threads", "locks", "mode_name", "thread_state_name"]


def mode_name(m):
    return C.LOCK_MODES.get(m, (None, str(m)))[1]


def thread_state_name(s):
    return C.THREAD_STATES.get(s, (None, str(s)))[1]


def _rows(suffix, key):
    out, errors = [], []
    for t in tables_like(suffix):
        rows, err = t.rows()
        if err:
            errors.append("%s (owner %s): %s" % (t.name, t.owner_label(), err))
            continue
        out += [(t, r) for _i, r in rows if r.get(key, -1) >= 0]
    return out, errors


def threads():
    """[(table, row)] of every thread in use, and the tables' read errors."""
    return _rows(".threads", "tid")


def locks():
    return _rows(".locks", "id")


def _bits(v):
    return [b for b in range(32) if (v >> b) & 1] if isinstance(v, int) else []


def _since(r):
    from mx.info import tsc_now
    from mx.proc import fmt_tsc_span
    t = (r.get("since_lo", 0) or 0) + ((r.get("since_hi", 0) or 0) << 32)
    now = tsc_now()
    return fmt_tsc_span(now - t) if t and now and now >= t else ""


def _ep(ep):
    from mx.proc import ep_label
    return "" if ep is None or ep == C.NONE else ep_label(ep)


class MxThreads(MxCommand):
    """List server worker threads (the registered *.threads tables).

Usage: mx-threads

Per thread: server, id, name, state (idle, running, lock-wait, ipc-wait,
ready), the client whose request it serves and the request, the lock it
waits for (and in which mode), the process it waits for a reply from,
and how long it has been in that state."""
    name = "mx-threads"

    def run(self, argv):
        if argv:
            raise MxError("mx-threads takes no arguments")
        rows, errors = threads()
        lk = {(t.owner, r["id"]): r for t, r in locks()[0]}
        out = []
        if rows:
            out.append(table(["SERVER", "TID", "NAME", "STATE", "CLIENT", "REQUEST", "LOCK WAIT", "IPC WAIT", "FOR"],
                             [[_ep(t.owner), r["tid"], r.get("name", ""), thread_state_name(r.get("state")),
                               _ep(r.get("client")),
                               names.type_str(r["req"]) if r.get("req") and r.get("client", C.NONE) != C.NONE else "",
                               ("%s %s" % ((lk.get((t.owner, r["lock_wait"])) or {}).get("name") or
                                           "lock %d" % r["lock_wait"], mode_name(r.get("lock_mode"))))
                               if r.get("lock_wait", -1) >= 0 else "",
                               _ep(r.get("ipc_wait")), _since(r)] for t, r in rows], right={1}))
        else:
            out.append("no server threads are registered (no *.threads table%s)" %
                       (" could be read" if errors else ""))
        out += ["cannot read " + e for e in errors]
        return "\n".join(out)


MxThreads()


class MxLocks(MxCommand):
    """List server locks (the registered *.locks tables) and who waits.

Usage: mx-locks

Per lock: server, id, name, kind (vmnt, vnode, filp), object, mode held
(R, RS, W or - when free), the owning thread, the threads holding it, the
threads waiting for it (from the *.threads tables) and since when."""
    name = "mx-locks"

    def run(self, argv):
        if argv:
            raise MxError("mx-locks takes no arguments")
        rows, errors = locks()
        ths, terr = threads()
        waiting = {}
        for t, r in ths:
            if r.get("state") == C.TS_LOCK_WAIT and r.get("lock_wait", -1) >= 0:
                waiting.setdefault((t.owner, r["lock_wait"]), []).append(
                    "%d(%s)" % (r["tid"], mode_name(r.get("lock_mode"))))
        out = []
        if rows:
            out.append(table(["SERVER", "ID", "NAME", "KIND", "OBJ", "MODE", "OWNER", "HOLDERS", "WAITERS", "FOR"],
                             [[_ep(t.owner), r["id"], r.get("name", ""),
                               C.LOCK_KINDS.get(r.get("kind"), (None, str(r.get("kind"))))[1], r.get("obj"),
                               mode_name(r.get("mode")), r["owner"] if r.get("owner", -1) >= 0 else "",
                               ",".join(str(b) for b in _bits(r.get("holders", 0))),
                               " ".join(waiting.get((t.owner, r["id"]), [])), _since(r)]
                              for t, r in rows], right={1, 4}))
        else:
            out.append("no server locks are registered (no *.locks table%s)" %
                       (" could be read" if errors else ""))
        out += ["cannot read " + e for e in errors + terr]
        return "\n".join(out)


MxLocks()
