"""The wait-for graph: who waits for whom, across IPC and server locks.

The Python twin of tracer/lib/waitgraph.c, built from the stopped guest
instead of a database, with the same nodes, edges, deadlocks and verdicts.
Nodes are processes ('p', endpoint) and server threads ('t', server, tid);
an edge A -> B means A cannot go on until B acts.  Edges are those of the
database's wait_for view (tracer/schema.sql):
  send   a process blocked sending to its peer
  recv   a process blocked receiving from one peer (not ANY)
  reply  a process in SENDREC waiting for its peer's reply
  serve  a process whose request a server thread is serving
  lock   a thread waiting for a lock, to every other thread holding it
  ipc    a thread waiting for a reply from a process
Threads and locks come from the registered *.threads and *.locks tables
(os/include/mx/tables.h).  A deadlock is a strongly connected component
with two nodes or more, or a self-loop.  A chain ends with a verdict: not
waiting, deadlock, waiting on a dead process, on a restarting service, on a
running process, on an idle process (receiving from ANY: the request or
reply was lost) or on a process blocked outside IPC.
Commands: mx-why, mx-deadlock.
"""
from mx import constants as C
from mx import names
from mx.utils import MxError, MxCommand, cached

__all__ = ["Graph", "graph", "why", "VERDICTS"]

REASONS = ["send", "recv", "reply", "serve", "lock", "ipc", "trace"]
_RANK = {"serve": 6, "lock": 5, "ipc": 4, "reply": 3, "send": 2, "recv": 1, "trace": 1}

# (name, text) in the order of waitgraph.h's MXT_VERDICTS.
VERDICTS = ["not waiting", "deadlock", "waiting on a dead process", "waiting on a restarting service",
            "waiting on a running process", "waiting on an idle process", "waiting on a blocked process",
            "stopped under ptrace", "suspended"]
NOT_WAITING, DEADLOCK, DEAD, RESTARTING, RUNNING, IDLE, BLOCKED, TRACED, SUSPENDED = range(9)
FPB = {v: k for k, v in C.FPB_REASONS.items()}      # "PIPE" -> 1
# Calls a server puts aside until an event (waitgraph.h's MXT_SUSPENSIONS): what the caller waits for.
SUSPENSIONS = {"pipe": "waits on a pipe until another process writes to it or closes it",
               "select": "waits in select until a descriptor is ready or the timeout passes",
               "wait": "waits in wait() for a child to exit or stop",
               "pause": "waits in pause() or sigsuspend() for a signal",
               "input": "waits for input to arrive (at a terminal: for a line to be typed)",
               "sleep": "waits in sleep() for its time to pass"}


class Node:
    def __init__(self, key, name, state):
        self.key = key                  # ('p', ep) or ('t', server, tid)
        self.name = name
        self.state = state
        self.alive = True
        self.restarting = False
        self.runnable = False
        self.recv_any = False
        self.suspended = None           # a server put its call aside until an event: a SUSPENSIONS key
        self.susp_server = None         # that server's endpoint
        self.out = []                   # edge indices
        self.nin = 0
        self.scc = -1
        self.deadlock = -1
        self.depth = 0
        self.reach = False

    @property
    def ep(self):
        return self.key[1]


class Edge:
    def __init__(self, frm, to, reason, detail, label, since, waited):
        self.frm, self.to, self.reason, self.detail = frm, to, reason, detail
        self.label, self.since, self.waited_tsc = label, since, waited
        self.waited_s = -1.0
        self.in_cycle = False


class Graph:
    """Nodes, edges grouped by waiter, deadlocks; see waitgraph.c."""

    def __init__(self, tsc, tsc_hz):
        self.tsc, self.tsc_hz = tsc, tsc_hz
        self.nodes, self.index, self.edges = [], {}, []
        self.deadlocks = []             # [(members, cycle nodes, cycle edges)]

    def add_node(self, key, name=None, state=""):
        n = self.index.get(key)
        if n is not None:
            return n
        if name is None:
            name = names.ep_str(key[1]) if key[0] == "p" else "%s:t%d" % (names.ep_str(key[1]), key[2])
        self.index[key] = len(self.nodes)
        self.nodes.append(Node(key, name, state))
        return len(self.nodes) - 1

    def add_edge(self, frm, to, reason, detail, label, since):
        waited = -1
        if since is not None and since >= 0 and self.tsc >= 0 and self.tsc >= since:
            waited = self.tsc - since
        e = Edge(frm, to, reason, detail, label, since if since is not None else -1, waited)
        if waited >= 0 and self.tsc_hz > 0:
            e.waited_s = waited / self.tsc_hz
        self.edges.append(e)

    # ---- analysis (as mxt_wg_analyse) ----
    def analyse(self):
        n = len(self.nodes)
        for i, e in enumerate(self.edges):
            self.nodes[e.frm].out.append(i)
            self.nodes[e.to].nin += 1
        order = self._tarjan()
        size = {}
        for v in self.nodes:
            size[v.scc] = size.get(v.scc, 0) + 1
        cyclic = {c for c, s in size.items() if s > 1}
        cyclic |= {self.nodes[e.frm].scc for e in self.edges if e.frm == e.to}
        number = {}
        for v in self.nodes:               # deadlocks numbered by their smallest member
            if v.scc in cyclic and v.scc not in number:
                number[v.scc] = len(number)
        self.deadlocks = [None] * len(number)
        for i, v in enumerate(self.nodes):
            d = number.get(v.scc, -1)
            v.deadlock = d
            if d < 0:
                continue
            if self.deadlocks[d] is None:
                cyc_edges = self._cycle_through(i)
                self.deadlocks[d] = ([], [self.edges[x].frm for x in cyc_edges], cyc_edges)
            self.deadlocks[d][0].append(i)
        for e in self.edges:
            e.in_cycle = self.nodes[e.frm].deadlock >= 0 and self.nodes[e.frm].scc == self.nodes[e.to].scc
        for v in order:                    # sinks first
            nv = self.nodes[v]
            nv.depth, nv.reach = 0, nv.deadlock >= 0
            if nv.deadlock >= 0:
                continue
            for x in nv.out:
                w = self.nodes[self.edges[x].to]
                d = 1 if w.deadlock >= 0 else 1 + w.depth
                nv.depth = max(nv.depth, d)
                nv.reach = nv.reach or w.reach
        return self

    def _tarjan(self):
        """Strongly connected components, numbered in completion order;
        returns the nodes in that order (iterative)."""
        n = len(self.nodes)
        index, low, on = [-1] * n, [0] * n, [False] * n
        stack, order, counter, nscc = [], [], 0, 0
        for s in range(n):
            if index[s] >= 0:
                continue
            index[s] = low[s] = counter
            counter += 1
            stack.append(s)
            on[s] = True
            call = [(s, iter(self.nodes[s].out))]
            while call:
                v, it = call[-1]
                advanced = False
                for x in it:
                    w = self.edges[x].to
                    if index[w] < 0:
                        index[w] = low[w] = counter
                        counter += 1
                        stack.append(w)
                        on[w] = True
                        call.append((w, iter(self.nodes[w].out)))
                        advanced = True
                        break
                    if on[w] and index[w] < low[v]:
                        low[v] = index[w]
                if advanced:
                    continue
                call.pop()
                if low[v] == index[v]:
                    while True:
                        w = stack.pop()
                        on[w] = False
                        self.nodes[w].scc = nscc
                        order.append(w)
                        if w == v:
                            break
                    nscc += 1
                if call:
                    u = call[-1][0]
                    low[u] = min(low[u], low[v])
        return order

    def _cycle_through(self, s):
        """Edge indices of the shortest closed walk through s in its
        component (breadth first)."""
        scc = self.nodes[s].scc
        parent, queue, last, qi = {}, [s], -1, 0
        seen = {s}
        while qi < len(queue) and last < 0:
            v = queue[qi]
            qi += 1
            for x in self.nodes[v].out:
                w = self.edges[x].to
                if self.nodes[w].scc != scc:
                    continue
                if w == s:
                    last = x
                    break
                if w not in seen:
                    seen.add(w)
                    parent[w] = x
                    queue.append(w)
        if last < 0:
            return []
        path, x = [], last
        while True:
            path.append(x)
            v = self.edges[x].frm
            if v == s:
                break
            x = parent[v]
        return path[::-1]

    # ---- queries (as mxt_wg_why) ----
    def best_edge(self, v):
        best, bkey = -1, -1
        for x in self.nodes[v].out:
            e = self.edges[x]
            t = self.nodes[e.to]
            depth = 0 if t.deadlock >= 0 else t.depth
            key = (int(t.reach) << 40) | (_RANK.get(e.reason, 0) << 32) | depth
            if key > bkey:
                best, bkey = x, key
        return best

    def classify_end(self, v):
        nv = self.nodes[v]
        if not nv.alive:
            return DEAD
        if nv.restarting:
            return RESTARTING
        if nv.runnable:
            return RUNNING
        if nv.recv_any:
            return IDLE
        return BLOCKED

    def why(self, n):
        """(chain of edge indices, verdict, culprit node, deadlock index)."""
        nv = self.nodes[n]
        if nv.deadlock < 0 and not nv.out:
            return [], NOT_WAITING, n, -1
        chain, v, tracer = [], n, None      # the first stop under ptrace on the way: its tracer decides
        while True:
            if self.nodes[v].deadlock >= 0:
                chain += self._cycle_through(v)
                return chain, DEADLOCK, v, self.nodes[v].deadlock
            x = self.best_edge(v)
            if x < 0:
                if tracer is not None:
                    return chain, TRACED, tracer, -1
                return chain, self.classify_end(v), v, -1
            chain.append(x)
            nv = self.nodes[v]
            if (nv.suspended and self.edges[x].reason in ("reply", "ipc") and tracer is None and
                    self.nodes[self.edges[x].to].key == ("p", nv.susp_server)):
                # The server put the call aside until the event comes: its own state is not the cause.
                return chain, SUSPENDED, v, -1
            v = self.edges[x].to
            if tracer is None and self.edges[x].reason == "trace":
                tracer = v

    # ---- text (as waitgraph.c's) ----
    def node_text(self, n):
        v = self.nodes[n]
        if v.key[0] == "p" and v.alive:
            return "%s (%s)" % (v.name, names.ep_str(v.ep))
        return v.name

    def cycle_text(self, d):
        cyc = self.deadlocks[d][1]
        return " -> ".join(self.nodes[cyc[i % len(cyc)]].name for i in range(len(cyc) + 1))

    def edge_label(self, x):
        e = self.edges[x]
        s = e.reason + (" " + e.label if e.label else "")
        if e.waited_s >= 0:
            s += ", " + duration(e.waited_s)
        elif e.waited_tsc >= 0:
            s += ", %d ticks" % e.waited_tsc
        return s

    def verdict_text(self, verdict, culprit, d):
        a, c = self.node_text(culprit), self.nodes[culprit]
        if verdict == NOT_WAITING:
            return "not waiting: %s is %s%s" % (a, c.state or "not blocked",
                                                " (receiving from ANY)" if c.recv_any else "")
        if verdict == DEADLOCK:
            return "deadlock (%d members): %s" % (len(self.deadlocks[d][0]), self.cycle_text(d))
        if verdict == DEAD:
            return "waiting on a dead process: %s is not alive" % a
        if verdict == RESTARTING:
            return "waiting on a restarting service: RS is restarting %s" % a
        if verdict == RUNNING:
            return "waiting on a running process: %s is %s" % (a, c.state or "runnable")
        if verdict == IDLE:
            return ("waiting on an idle process: %s is receiving from ANY, so it never took the request or "
                    "took it and has not answered (a lost request, or one waiting for an event such as input)" % a)
        if verdict == TRACED:
            return "stopped under ptrace: its tracer %s has not resumed it (the tracer is %s)" % (a, c.state or "running")
        if verdict == SUSPENDED:
            sn = self.index.get(("p", c.susp_server))
            return "suspended in %s: %s %s (an event, not a lost request)" % (
                self.nodes[sn].name if sn is not None else "a server", a,
                SUSPENSIONS.get(c.suspended, "waits for an event"))
        return "waiting on a blocked process: %s is %s" % (a, c.state or "blocked")


def duration(s):
    if s < 0:
        return "?"
    if s >= 100:
        return "%.0f s" % s
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.0f ms" % (s * 1e3)
    return "%.0f us" % (s * 1e6)


# ---- building from the guest -----------------------------------------------------

def _since(r):
    return (r.get("since_lo", 0) or 0) + ((r.get("since_hi", 0) or 0) << 32)


def _server_rows(suffix, key):
    """[(owner, row)] of every readable table named *suffix, in the
    database's order (table name, then entry)."""
    from mx.tables import tables_like
    out = []
    for t in sorted(tables_like(suffix), key=lambda t: t.name):
        rows, err = t.rows()
        if not err:
            out += [(t.owner, r) for _i, r in rows if r.get(key, -1) >= 0]
    return out


def _lock_mode(m):
    return C.LOCK_MODES.get(m, (None, "?"))[1]


def build():
    from mx.info import mxinfo, tsc_now
    from mx.proc import for_each_proc
    now = tsc_now()
    g = Graph(now if now else -1, float(mxinfo().tsc_hz))
    procs = list(for_each_proc())
    for p in procs:
        n = g.add_node(("p", p.ep), p.name, p.state)
        v = g.nodes[n]
        v.runnable = p.state in ("RUN", "READY")
        v.recv_any = p.state == "RECV" and p.peer is None
    threads = sorted(_server_rows(".threads", "tid"), key=lambda sr: (sr[0], sr[1]["tid"]))
    locks = _server_rows(".locks", "id")
    modes = {}
    for server, r in threads:
        s = g.index.get(("p", server))
        sname = g.nodes[s].name if s is not None else names.ep_str(server)
        tn = r.get("name") or ""
        st = C.THREAD_STATES.get(r.get("state"), (None, "?"))[1]
        n = g.add_node(("t", server, r["tid"]), "%s:%s" % (sname, tn) if tn else "%s:t%d" % (sname, r["tid"]), st)
        v = g.nodes[n]
        v.alive = s is not None
        v.runnable = v.alive and r.get("state") in (C.TS_RUNNING, C.TS_READY)
        modes[n] = r.get("lock_mode")

    # The edges, in the order of the wait_for view's five parts.
    rows = []
    for p in procs:
        if p.state in ("SEND", "RECV", "REPLY-WAIT") and p.peer is not None:
            reason = {"SEND": "send", "RECV": "recv"}.get(p.state, "reply")
            detail = p.f.get("p_sendmsg_type") if p.state == "SEND" else None
            since = p.f.get("p_block_tsc") if p.blocked_in_ipc else None
            rows.append((("p", p.ep), ("p", p.peer), reason, detail, since))
    thread_rows = _server_rows(".threads", "tid")
    for server, r in thread_rows:
        if r.get("client") is not None and r.get("client") != C.NONE and r.get("state") != C.TS_IDLE:
            rows.append((("p", r["client"]), ("t", server, r["tid"]), "serve", r.get("req"), _since(r)))
    for server, r in thread_rows:
        if r.get("state") == C.TS_LOCK_WAIT and r.get("lock_wait", -1) >= 0:
            for lserver, lk in locks:
                if lserver != server or lk.get("id") != r["lock_wait"]:
                    continue
                holders = lk.get("holders", 0) or 0
                for b in range(32):
                    if (holders >> b) & 1 and b != r["tid"]:
                        rows.append((("t", server, r["tid"]), ("t", server, b), "lock", r["lock_wait"], _since(r)))
    for server, r in thread_rows:
        if r.get("state") == C.TS_IPC_WAIT and r.get("ipc_wait") != C.NONE:
            rows.append((("t", server, r["tid"]), ("p", r.get("ipc_wait")), "ipc", r.get("req"), _since(r)))
    for p in procs:
        tracer = p.f.get("p_tracer", C.NONE)
        if p.state == "STOPPED" and tracer not in (None, C.NONE):
            rows.append((("p", p.ep), ("p", tracer), "trace", None, None))

    for a, b, reason, detail, since in rows:
        frm = g.add_node(a)
        to = g.index.get(b)
        if to is None:
            to = g.add_node(b, None, "DEAD")
            g.nodes[to].alive = False
        label = ""
        if reason == "lock" and detail is not None and detail >= 0:
            name = next((lk.get("name") for s, lk in locks if s == a[1] and lk.get("id") == detail), None)
            name = name or "lock %d" % detail
            m = modes.get(frm)
            label = "%s (%s)" % (name, _lock_mode(m)) if m is not None else name
        elif reason != "recv" and detail is not None and detail >= 0:
            # An ipc edge's detail is the request the thread serves, not the message it waits for.
            t = names.msgtype_name(detail)
            if t:
                label = ("for " if reason == "ipc" else "") + t
            elif reason in ("send", "serve"):
                label = "type %#x" % detail
        tv = g.nodes[to]
        if tv.key[0] == "t" and not tv.state:
            s = g.index.get(("p", tv.key[1]))
            tv.alive = s is not None and g.nodes[s].alive
        g.add_edge(frm, to, reason, detail, label, since)
    _mark_restarting(g)
    _mark_suspensions(g)
    return g.analyse()


def _mark_suspensions(g):
    """Calls a server has put aside until an event: VFS's (vfs.fproc: pipe,
    select), PM's (pm.procs: wait, pause), and requests a driver keeps on
    purpose (<label>.pending: input; from VFS the tag names the worker).
    The server is the table's owner."""
    from mx.tables import find_table, tables_like
    pmf = dict(C.PMF_FLAGS)

    def mark(key, why, server):
        n = g.index.get(key)
        if n is not None:
            g.nodes[n].suspended = why
            g.nodes[n].susp_server = server

    for name in ("vfs.fproc", "pm.procs"):
        t = find_table(name)
        if t is None:
            continue
        rows, err = t.rows()
        for _i, r in (rows if not err else []):
            if name == "vfs.fproc":
                why = {FPB["PIPE"]: "pipe", FPB["SELECT"]: "select"}.get(r.get("blocked_on", 0))
            else:
                f = r.get("flags", 0) or 0
                why = None if not f & pmf["INUSE"] else "wait" if f & pmf["WAITING"] else \
                    "pause" if f & pmf["PAUSED"] else "sleep" if f & pmf["SLEEPING"] else None
            if why:
                mark(("p", r.get("ep")), why, t.owner)
    for t in tables_like(".pending"):
        if t.owner_proc() is None:
            continue
        rows, err = t.rows()
        for _i, r in (rows if not err else []):
            who = r.get("who")
            if r.get("why") != C.PEND_INPUT or who in (None, C.NONE):
                continue
            key = ("t", who, (r.get("tag", 0) or 0) >> C.VFS_TAG_SHIFT)      # MX_VFS_TAG_TID
            mark(key if key in g.index else ("p", who), "input", t.owner)


def _mark_restarting(g):
    """Services RS is restarting (rs.services), by endpoint or label."""
    from mx.tables import find_table
    t = find_table("rs.services")
    if t is None:
        return
    rows, err = t.rows()
    for _i, r in (rows if not err else []):
        flags = r.get("flags", 0) or 0
        if not flags & dict(C.RSF_FLAGS)["INUSE"]:
            continue
        label = r.get("label") or ""
        for v in g.nodes:
            if v.key[0] != "p":
                continue
            if v.ep == r.get("ep") or (label and v.alive and v.name == label):
                if flags & dict(C.RSF_FLAGS)["RESTART"]:
                    v.restarting = True
                if not v.alive and label:
                    v.name = "%s (dead)" % label


def graph():
    return cached("waitgraph", build)


def find_node(g, spec):
    """The node of the process named by spec (as mx-proc takes it)."""
    from mx.proc import find_proc
    p = find_proc(spec)
    n = g.index.get(("p", p.ep))
    if n is None:
        raise MxError("%s is not in the wait-for graph" % p.label())
    return n


def why_text(g, n):
    chain, verdict, culprit, d = g.why(n)
    lines = []
    if chain:
        lines.append("%s has waited %s:" % (g.node_text(n), duration(g.edges[chain[0]].waited_s)))
    for i, x in enumerate(chain, 1):
        e = g.edges[x]
        lines.append("  %2d. %-22s waits for %-22s %s%s" % (i, g.node_text(e.frm), g.node_text(e.to),
                                                            g.edge_label(x), "  [cycle]" if e.in_cycle else ""))
    lines.append("verdict: " + g.verdict_text(verdict, culprit, d))
    return "\n".join(lines), verdict


def why(spec):
    g = graph()
    return g.why(find_node(g, spec))


class MxWhy(MxCommand):
    """Explain why a process is blocked: the chain of waits to the root cause.

Usage: mx-why NAME|ENDPOINT|SLOT/GEN|pid:PID

Follows the wait-for graph from the process (blocked sends and receives,
SENDREC replies, and on through server threads, their locks and their
replies, from the *.threads and *.locks tables), preferring the edge that
leads into a deadlock, then the most specific one, then the longest chain.
The verdict: not waiting, deadlock, waiting on a dead process, on a
restarting service, on a running process, on an idle process (receiving
from ANY: the request or the reply was lost), on a process blocked
outside IPC (stopped, page fault, signal, ...), stopped under ptrace
(its tracer has to resume it), or suspended: VFS or PM put the call
aside until an event (a pipe, select, wait, pause).  As mxdump's `why`."""
    name = "mx-why"

    def run(self, argv):
        if len(argv) != 1:
            raise MxError("usage: mx-why NAME|ENDPOINT|SLOT/GEN|pid:PID")
        g = graph()
        return why_text(g, find_node(g, argv[0]))[0]


MxWhy()


class MxDeadlock(MxCommand):
    """Find every deadlock: each cycle of waits in the wait-for graph.

Usage: mx-deadlock

The graph joins IPC waits (send, receive from one process, SENDREC reply)
with server threads waiting for locks and for replies (the *.threads and
*.locks tables).  Each strongly connected set of waiters is one deadlock,
printed with its members and one cycle through them, edge by edge."""
    name = "mx-deadlock"

    def run(self, argv):
        if argv:
            raise MxError("mx-deadlock takes no arguments")
        g = graph()
        if not g.deadlocks:
            return "no deadlock"
        lines = []
        for d, (members, _cyc, cyc_edges) in enumerate(g.deadlocks):
            lines.append("deadlock %d (%d members): %s" % (d + 1, len(members), g.cycle_text(d)))
            for x in cyc_edges:
                e = g.edges[x]
                lines.append("  %-22s waits for %-22s %s" % (g.node_text(e.frm), g.node_text(e.to), g.edge_label(x)))
        return "\n".join(lines)


MxDeadlock()
