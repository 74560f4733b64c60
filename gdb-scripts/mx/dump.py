"""mx-dump: the IS dumps (process table, privileges, IRQ hooks, IPC
statistics, trace status, and the PM, VFS, RS, DS and VM tables).

The text is libdump's (os/lib/libdump), the renderer the guest's IS uses,
so a dump taken in GDB from a hung guest reads exactly like the IS's own
(format: docs/dumps.md).  The stopped guest is written to a temporary run
database with mx-snapshot's writer and rendered by mxdump, libdump's host
front end.
"""
import os
import shutil
import subprocess
import tempfile

from mx import constants as C
from mx import names
from mx.utils import MxError, MxCommand

__all__ = ["find_mxdump", "render"]


def find_mxdump():
    """Path of the mxdump program, or None."""
    cands = []
    b = os.environ.get("MX_BUILD")
    if b:
        cands.append(os.path.join(b, "bin", "mxdump"))
    here = os.path.dirname(os.path.abspath(__file__))
    cands.append(os.path.normpath(os.path.join(here, "..", "..", "build", "bin", "mxdump")))
    for c in cands:
        if os.access(c, os.X_OK):
            return c
    return shutil.which("mxdump")


def keys_help():
    return ", ".join("%s (%s)" % (s, f) for _n, _c, f, s, _t in C.DUMPS)


def render(keys):
    """The text of dumps keys (numbers) of the stopped guest."""
    from mx.snapshot import take_snapshot
    tool = find_mxdump()
    if tool is None:
        raise MxError("mx-dump renders with mxdump, which is not built (run `make`)")
    d = tempfile.mkdtemp(prefix="mx-dump.")
    try:
        db = os.path.join(d, "snap.db")
        take_snapshot(db, "mx-dump")
        try:
            r = subprocess.run([tool, "--db", db] + [str(k) for k in keys], capture_output=True, text=True,
                               timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise MxError("running %s failed: %s" % (tool, e))
        if r.returncode != 0 and not r.stdout:
            msg = (r.stderr.strip().splitlines() or ["exit status %d" % r.returncode])[-1]
            raise MxError(msg)
        return r.stdout.rstrip("\n")
    finally:
        shutil.rmtree(d, ignore_errors=True)


class MxDump(MxCommand):
    """Render an IS dump of the stopped guest, as the guest's IS prints it.

Usage: mx-dump KEY [KEY...]     KEY: a name, number or console key; all

Keys: proc (F1, kernel process table), memmap (F2), privs (F3, privileges
and send masks), irqs (F4), ipc (F5, IPC statistics and pair matrix),
trace (F6, trace ring status), pm (S-F1), vfs (S-F2, processes, threads and
locks), dmap (S-F3), rs (S-F4), ds (S-F5), vm (S-F6, VM regions).  Server
dumps need the server's registered tables; a dump whose table is missing
says so.  The text is libdump's (docs/dumps.md), rendered by mxdump."""
    name = "mx-dump"

    def run(self, argv):
        if not argv:
            raise MxError("usage: mx-dump KEY... (keys: %s, or all)" % keys_help())
        keys = []
        for a in argv:
            if a.lower() == "all":
                keys += [d[0] for d in C.DUMPS]
                continue
            k = names.dump_by_name(a)
            if k < 0:
                raise MxError("unknown dump %r (keys: %s, or all)" % (a, keys_help()))
            keys.append(k)
        return render(keys)


MxDump()
