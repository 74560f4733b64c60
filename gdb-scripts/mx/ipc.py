"""IPC statistics: the kernel's counters and the per-pair message matrix.

The kernel counts every delivery, always (tracing on or off): per process
(sent, received, notifies, kernel calls) and per pair of slots in
ipc_pairs[src][dst].  Command: mx-ipc-stats.
"""
from mx.info import mxinfo, kinfo
from mx.utils import MxError, MxCommand, cached, read, table, parse_int, split_opts

__all__ = ["pairs"]


def pairs():
    """[(src slot, dst slot, count)] for every non-zero cell."""
    def load():
        mi = mxinfo()
        n = mi.nr_slots
        cells = memoryview(read(mi.pairs_addr, n * n * 4)).cast("I")
        return [(i // n, i % n, c) for i, c in enumerate(cells) if c]
    return cached("pairs", load)


def slot_label(slot):
    from mx.proc import proc_by_slot
    p = proc_by_slot(slot)
    if p is None or p.free:
        return "(slot %d)" % slot
    return p.name


class MxIpcStats(MxCommand):
    """Show IPC statistics: totals, the hottest pairs, per-process counters.

Usage: mx-ipc-stats [N] [--matrix]

Totals from the kernel's counters, then the N busiest sender->receiver
pairs (default 10) from the pair matrix, which counts every delivered
message since boot (tracing need not be on), then each process's sent,
received, notify and kernel-call counts.  --matrix prints the whole matrix
between processes that exchanged messages."""
    name = "mx-ipc-stats"

    def run(self, argv):
        pos, opts = split_opts(argv, flags=("--matrix",))
        n = 10
        if pos:
            n = parse_int(pos[0])
            if n is None or n < 0 or len(pos) > 1:
                raise MxError("usage: mx-ipc-stats [N] [--matrix]")
        from mx.proc import for_each_proc
        k = kinfo()
        ps = pairs()
        total = sum(c for _s, _d, c in ps)
        lines = ["IPC calls %d (%d failed), kernel calls %d (%d failed), context switches %d, "
                 "uptime %d ticks" % (k["ipc_calls"], k["ipc_errors"], k["kcalls"], k["kcall_errors"],
                                      k["switches"], k["uptime_ticks"]),
                 "%d messages delivered between %d pairs" % (total, len(ps)), ""]
        hot = sorted(ps, key=lambda x: (-x[2], x[0], x[1]))[:n]
        lines.append(table(["SRC", "DST", "MESSAGES", "SHARE"],
                           [[slot_label(s), slot_label(d), c, "%.1f%%" % (100.0 * c / total if total else 0)]
                            for s, d, c in hot], right={2, 3}))
        lines.append("")
        procs = sorted(for_each_proc(), key=lambda p: -(p.f.get("p_sent", 0) + p.f.get("p_recvd", 0)))
        lines.append(table(["NAME", "EP", "SENT", "RECEIVED", "NOTIFIES", "KCALLS"],
                           [[p.name, p.ep, p.f.get("p_sent"), p.f.get("p_recvd"), p.f.get("p_notifies"),
                             p.f.get("p_kcalls")] for p in procs], right={1, 2, 3, 4, 5}))
        if opts.get("--matrix"):
            slots = sorted({s for s, _d, _c in ps} | {d for _s, d, _c in ps})
            cell = {(s, d): c for s, d, c in ps}
            lines.append("")
            lines.append("matrix: row sends to column")
            lines.append(table(["FROM\\TO"] + [slot_label(s) for s in slots],
                               [[slot_label(s)] + [cell.get((s, d), "") for d in slots] for s in slots],
                               right=set(range(1, len(slots) + 1))))
        return "\n".join(lines)


MxIpcStats()
