"""Load MX's GDB scripts.

    (gdb) source gdb-scripts/mx-gdb.py

or let GDB auto-load build/os/kernel.elf-gdb.py (written by `make`), or run
`make gdb`.  Sourcing it again reloads every module (after an edit).
Set MX_BUILD to the build directory if it is not ./build beside this file.
"""
import importlib
import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)


def _load():
    old = sys.modules.get("mx.utils")
    if old is not None:
        old.disconnect_events()
    for name in [m for m in sys.modules if m == "mx" or m.startswith("mx.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    import mx
    try:
        importlib.import_module("mx.constants")
    except ImportError:
        raise gdb.GdbError("mx: the generated constants are missing (looked in %s); run `make`"
                           % ", ".join(mx._build_dirs()))
    for m in mx.MODULES:
        importlib.import_module("mx." + m)
    sys.modules["mx.utils"].connect_events()
    sys.modules["mx.printers"].register()


_load()
