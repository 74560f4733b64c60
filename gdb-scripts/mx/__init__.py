"""MX for GDB: commands, convenience functions and pretty printers for
debugging MX inside GDB attached to QEMU.  One module per area:

  utils      target access, caches, one-line errors, the command base
  constants  numbers, names and layouts generated from os/include/mx/
  names      names and letters for those numbers (as tracer/lib/names.c)
  info       mx_info, the kernel's self-description, and struct decoding
  proc       proc[] and priv[]: mx-ps, mx-proc, $mx_proc, $mx_ep
  vm         page-table walks, reading servers' memory: mx-vm
  tables     the table registry of server tables: mx-tables
  trace      the trace ring: mx-trace, mx-trace-on/off/filter
  ipc        counters and the pair matrix: mx-ipc-stats
  waitgraph  the wait-for graph: mx-why, mx-deadlock
  locks      server threads and locks: mx-threads, mx-locks
  dump       the IS dumps: mx-dump
  snapshot   the run database: mx-snapshot
  printers   pretty printers
  help       `mx`, `help mx`: the list of all of the above

The generated mx.constants lives in the build tree (build/gdb-scripts/mx/);
this package's path is extended to find it.  Importing mx itself needs no
GDB, so mx.names and mx.constants also work under plain Python.
"""
import os

_here = os.path.dirname(os.path.abspath(__file__))


def _build_dirs():
    dirs = []
    b = os.environ.get("MX_BUILD")
    if b:
        dirs.append(os.path.join(b, "gdb-scripts", "mx"))
    dirs.append(os.path.join(_here, "..", "..", "build", "gdb-scripts", "mx"))
    return [os.path.normpath(d) for d in dirs]


for _d in _build_dirs():
    if os.path.isfile(os.path.join(_d, "constants.py")) and _d not in __path__:
        __path__.append(_d)
        break

MODULES = ["utils", "names", "info", "proc", "vm", "tables", "trace", "ipc", "waitgraph", "locks",
           "dump", "events", "snapshot", "printers", "help"]
